/* SPDX-License-Identifier: MIT */
/*
 * citysnap batch MANIFEST.csv -o DIR: renders every city of a manifest in
 * parallel, with an optional profile book and a JSON description.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

static const char batch_description[] =
    "MANIFEST.csv has the columns id,name,file and optionally targets and\n"
    "previous (an earlier verification of the city: its wheel then shows the\n"
    "previous bands, and --manifest-out the progress); the files are\n"
    "relative to the manifest's folder. Each city is written\n"
    "to DIR/<id>.<ext> for every format; ids may not contain '/', '..' or\n"
    "control characters, so nothing is ever written outside DIR.\n"
    "\n"
    "Cities render in parallel on every core (-j to change). A city that\n"
    "fails is reported with its FILE:LINE:COLUMN messages and the others\n"
    "still render. Files are written atomically (temporary file, then\n"
    "rename), so an interrupted batch leaves only whole files.\n"
    "\n"
    "Exit status: 0 every city written; 1 a city (or the book) failed or the\n"
    "manifest is invalid; 2 bad command line; 3 a file could not be read or\n"
    "written; 4 internal error.\n";

typedef struct progress_state {
    int tty;
    int quiet;
    gint64 start;
} progress_state;

static void
on_progress(void *user, size_t done, size_t total, const cs_batch_city_t *c)
{
    progress_state *p = user;
    if (c->status != CS_OK) {
        if (p->tty)
            fputs("\r\033[K", stderr);
        char *file = cs_diag_escape(c->entry->file);
        fprintf(stderr, _("citysnap: city '%s' (%s) failed:\n"), c->entry->id,
                file ? file : "?");
        free(file);
        cs_cli_print_diag(c->diag);
    }
    if (p->quiet)
        return;
    if (p->tty) {
        fprintf(stderr, _("\r\033[K[%zu/%zu] %s"), done, total, c->entry->id);
        if (done == total)
            fputc('\n', stderr);
    } else {
        fprintf(stderr, _("[%zu/%zu] %s %s\n"), done, total, c->entry->id,
                c->status == CS_OK ? "ok" : "FAILED");
    }
    fflush(stderr);
}

/* No output (a city's file in DIR, the book, the JSON manifest) may be an
 * input (the manifest, a city or targets file, the data, style and
 * translation files) or another output. */
static int
check_files(cs_cli_files_t *files, const char *mpath,
            const cs_manifest_t *m, const cs_cli_draw_args_t *a,
            const char *tr_path, const char *outdir, unsigned fmask,
            const char *book, const char *json)
{
    const char *prog = "citysnap batch";
    char *fw = a->data.framework ? g_strdup(a->data.framework)
                                 : cs_cli_data_path("data/u4ssc-wheel.csv");
    char *bands = a->data.bands ? g_strdup(a->data.bands)
                                : cs_cli_data_path("data/bands.csv");
    cs_cli_files_input(files, "manifest", mpath);
    cs_cli_files_input(files, "framework", fw);
    cs_cli_files_input(files, "band file", bands);
    cs_cli_files_input(files, "style", a->style_path);
    cs_cli_files_input(files, "translation", tr_path);
    size_t n = cs_manifest_count(m);
    for (size_t i = 0; i < n; i++) {
        const cs_manifest_entry_t *e = cs_manifest_get(m, i);
        cs_cli_files_input(files, "city file", e->file);
        cs_cli_files_input(files, "targets file", e->targets);
    }
    int rc = CS_EXIT_OK;
    for (size_t i = 0; i < n && rc == CS_EXIT_OK; i++) {
        const cs_manifest_entry_t *e = cs_manifest_get(m, i);
        for (int f = 0; f < CS_FORMAT_COUNT && rc == CS_EXIT_OK; f++) {
            if (!(fmask & (1u << f)))
                continue;
            char *base = g_strconcat(e->id, cs_format_extension(f), NULL);
            char *p = g_build_filename(outdir, base, NULL);
            rc = cs_cli_files_output(files, prog, "output", p);
            g_free(p);
            g_free(base);
        }
    }
    if (rc == CS_EXIT_OK && book)
        rc = cs_cli_files_output(files, prog, "book", book);
    if (rc == CS_EXIT_OK && json)
        rc = cs_cli_files_output(files, prog, "JSON manifest", json);
    g_free(bands);
    g_free(fw);
    return rc;
}

int
cs_cmd_batch(int argc, char **argv)
{
    cs_cli_draw_args_t a;
    memset(&a, 0, sizeof a);
    char *outdir = NULL, *formats = NULL, *book = NULL, *json = NULL;
    char *tr_path = NULL;
    int jobs = 0;
    gboolean quiet = FALSE, help = FALSE, no_tables = FALSE;
    const GOptionEntry own[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Output folder (created when missing)", "DIR"},
        {"formats", 0, 0, G_OPTION_ARG_STRING, &formats,
         "Comma-separated formats: png, svg, pdf (default png)", "LIST"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
         "Parallel renders (default: one per core)", "N"},
        {"book", 0, 0, G_OPTION_ARG_FILENAME, &book,
         "Also write one PDF: an overview page, then each city's wheel "
         "and its KPI tables",
         "FILE.pdf"},
        {"book-no-tables", 0, 0, G_OPTION_ARG_NONE, &no_tables,
         "Leave the KPI tables out of the book (wheels only)", NULL},
        {"manifest-out", 0, 0, G_OPTION_ARG_FILENAME, &json,
         "Write what was rendered (paths, sizes, bands, fit counts) as JSON",
         "FILE.json"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "No progress output (failures are still reported)", NULL},
    };
    GArray *entries = g_array_new(TRUE, TRUE, sizeof(GOptionEntry));
    g_array_append_vals(entries, own, G_N_ELEMENTS(own));
    cs_cli_draw_entries(&a, entries);
    const GOptionEntry help_row = {"help", 'h', 0, G_OPTION_ARG_NONE, &help,
                                   N_("Show this help"), NULL};
    g_array_append_val(entries, help_row);
    GOptionContext *octx = cs_cli_option_context(
        "batch", "MANIFEST.csv -o DIR",
        "Render every city of a manifest, in parallel.", batch_description,
        (const GOptionEntry *)entries->data);

    int rc = CS_EXIT_OK;
    GError *err = NULL;
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = NULL;
    cs_targets_t *unused_targets = NULL;
    cs_manifest_t *manifest = NULL;
    cs_fonts_t *fonts = NULL;
    cs_renderer_t *r = NULL;
    cs_cli_look_t look;
    memset(&look, 0, sizeof look);
    cs_batch_report_t *rep = NULL;
    cs_diag_t *diag = cs_diag_new();
    cs_output_t out;
    cs_output_init(&out);
    unsigned fmask = 0;
    cs_cli_files_t *run_files = NULL;

#define USAGE(...)                                                             \
    do {                                                                       \
        fprintf(stderr, _("citysnap batch: "));                                   \
        fprintf(stderr, __VA_ARGS__);                                          \
        fprintf(stderr, _("\nRun 'citysnap batch --help' for usage.\n"));         \
        rc = CS_EXIT_USAGE;                                                    \
        goto done;                                                             \
    } while (0)

    if (!diag) {
        rc = CS_EXIT_INTERNAL;
        goto done;
    }
    if (!g_option_context_parse(octx, &argc, &argv, &err)) {
        fprintf(stderr, _("citysnap batch: %s\n"
                        "Run 'citysnap batch --help' for usage.\n"),
                err->message);
        g_error_free(err);
        rc = CS_EXIT_USAGE;
        goto done;
    }
    if (help) {
        char *h = g_option_context_get_help(octx, TRUE, NULL);
        fputs(h, stdout);
        g_free(h);
        goto done;
    }
    cs_cli_catch_signals();
    if (argc != 2)
        USAGE("%s", argc < 2 ? "missing MANIFEST.csv"
                             : "more than one MANIFEST.csv");
    if (!outdir || !*outdir)
        USAGE(_("missing -o DIR"));
    if (jobs < 0 || jobs > 256)
        USAGE(_("-j must be 1 to 256"));
    if (formats) {
        char **parts = g_strsplit(formats, ",", -1);
        for (char **p = parts; *p; p++) {
            cs_format_t f;
            char *t = g_strstrip(*p);
            if (cs_format_from_name(t, &f, NULL)) {
                fprintf(stderr, _("citysnap batch: unknown format '%s' (png, "
                                "svg or pdf)\n"), t);
                g_strfreev(parts);
                rc = CS_EXIT_USAGE;
                goto done;
            }
            fmask |= 1u << f;
        }
        g_strfreev(parts);
        if (!fmask)
            USAGE(_("--formats is empty"));
    } else {
        fmask = 1u << CS_FORMAT_PNG;
    }
    rc = cs_cli_draw_output("citysnap batch", &a, &out);
    if (rc != CS_EXIT_OK)
        goto done;

    double min_cov;
    rc = cs_cli_min_coverage("citysnap batch", a.min_coverage, NULL,
                             &min_cov);
    if (rc != CS_EXIT_OK)
        goto done;
    rc = cs_cli_lang_path("citysnap batch", a.lang, &tr_path);
    if (rc != CS_EXIT_OK)
        goto done;
    rc = cs_cli_load_data(&a.data, &fw, &bands, &unused_targets);
    if (rc != CS_EXIT_OK)
        goto done;
    cs_status_t st = cs_manifest_load(argv[1], &manifest, diag);
    /* a manifest with a "previous" file for any city: wheels of progress */
    for (size_t i = 0; st == CS_OK && i < cs_manifest_count(manifest); i++)
        if (cs_manifest_get(manifest, i)->previous)
            a.progress = TRUE;
    if (st == CS_OK)
        st = cs_cli_draw_renderer(&a, tr_path, fw, bands, &fonts, &look, &r,
                                  diag);
    /* Scores, the book and the JSON use the same (translated) framework
     * and band table as the wheels: same codes, order and thresholds. */
    const cs_framework_t *dfw = cs_cli_look_framework(&look, fw);
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        rc = cs_cli_exit_code(st);
        goto done;
    }

    run_files = cs_cli_files_new();
    rc = check_files(run_files, argv[1], manifest, &a, tr_path, outdir, fmask,
                     book, json);
    if (rc != CS_EXIT_OK)
        goto done;

    if (!a.min_coverage)
        cs_style_min_coverage(look.style, &min_cov);

    progress_state ps = {isatty(STDERR_FILENO), quiet, g_get_monotonic_time()};
    cs_batch_options_t bo = {
        .outdir = outdir,
        .formats = fmask,
        .threads = (unsigned)jobs,
        .output = &out,
        .book = book,
        .progress = on_progress,
        .user = &ps,
        /* only the JSON manifest and the book read the scores back */
        .drop_scores = json == NULL,
        .min_coverage = min_cov,
        .book_tables = !no_tables,
    };
    st = cs_batch_run(r, dfw, look.bands, manifest, &bo, &rep, diag);
    if (!rep) {
        cs_cli_print_diag(diag);
        rc = cs_cli_exit_code(st);
        goto done;
    }
    cs_cli_print_diag(cs_batch_report_diag(rep));
    cs_status_t jst = CS_OK;
    if (json) {
        cs_diag_clear(diag);
        jst = cs_batch_report_write_json(rep, dfw, json, diag);
        if (jst != CS_OK)
            cs_cli_print_diag(diag);
    }

    /* Summary: what was written, what failed. */
    size_t n = cs_batch_report_count(rep), files = 0, bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_batch_city_t *c = cs_batch_report_get_city(rep, i);
        files += c->n_files;
        for (size_t k = 0; k < c->n_files; k++)
            bytes += c->files[k].bytes;
    }
    size_t failed = cs_batch_report_failed(rep);
    if (!quiet || failed) {
        double secs = (double)(g_get_monotonic_time() - ps.start) / 1e6;
        fprintf(stderr, _("citysnap batch: %zu of %zu cities rendered, %zu "
                        "files (%zu bytes) in %s in %.1f s"),
                n - failed, n, files, bytes, outdir, secs);
        if (book && cs_batch_report_book_status(rep) == CS_OK)
            fprintf(stderr, _("; book %s"), book);
        fputc('\n', stderr);
        if (failed) {
            fprintf(stderr, _("citysnap batch: %zu failed:"), failed);
            for (size_t i = 0; i < n; i++) {
                const cs_batch_city_t *c = cs_batch_report_get_city(rep, i);
                if (c->status != CS_OK)
                    fprintf(stderr, _(" %s"), c->entry->id);
            }
            fputc('\n', stderr);
        }
    }
    if (st != CS_OK)
        rc = cs_cli_exit_code(st);
    else if (jst != CS_OK)
        rc = cs_cli_exit_code(jst);

done:
    cs_cli_files_free(run_files);
    cs_batch_report_free(rep);
    cs_renderer_free(r);
    cs_cli_look_clear(&look);
    cs_fonts_free(fonts);
    cs_manifest_free(manifest);
    cs_targets_free(unused_targets);
    cs_bands_free(bands);
    cs_framework_free(fw);
    cs_diag_free(diag);
    cs_cli_draw_args_clear(&a);
    g_free(outdir);
    g_free(formats);
    g_free(book);
    g_free(json);
    g_free(tr_path);
    g_option_context_free(octx);
    g_array_free(entries, TRUE);
    return rc;
#undef USAGE
}
