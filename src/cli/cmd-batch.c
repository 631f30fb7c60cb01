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
    "MANIFEST.csv has the columns id,name,file and optionally targets; file\n"
    "and targets are relative to the manifest's folder. Each city is written\n"
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
        fprintf(stderr, "citysnap: city '%s' (%s) failed:\n", c->entry->id,
                c->entry->file);
        cs_cli_print_diag(c->diag);
    }
    if (p->quiet)
        return;
    if (p->tty) {
        fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, c->entry->id);
        if (done == total)
            fputc('\n', stderr);
    } else {
        fprintf(stderr, "[%zu/%zu] %s %s\n", done, total, c->entry->id,
                c->status == CS_OK ? "ok" : "FAILED");
    }
    fflush(stderr);
}

int
cs_cmd_batch(int argc, char **argv)
{
    cs_cli_data_opts_t opts = {NULL, NULL, NULL};
    char *outdir = NULL, *formats = NULL, *book = NULL, *json = NULL;
    char *fonts_dir = NULL, *size = NULL, *title = NULL, *source = NULL;
    int jobs = 0;
    double width_px = 0, dpi = 0;
    char *png_compression = NULL;
    char *page = NULL, *margin = NULL, *bleed = NULL;
    gboolean svg_text = FALSE;
    char *style_path = NULL, *lang = NULL, *tr_path = NULL;
    gboolean quiet = FALSE, help = FALSE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Output folder (created when missing)", "DIR"},
        {"formats", 0, 0, G_OPTION_ARG_STRING, &formats,
         "Comma-separated formats: png, svg, pdf (default png)", "LIST"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
         "Parallel renders (default: one per core)", "N"},
        {"book", 0, 0, G_OPTION_ARG_FILENAME, &book,
         "Also write one PDF: an overview page, then a page per city",
         "FILE.pdf"},
        {"manifest-out", 0, 0, G_OPTION_ARG_FILENAME, &json,
         "Write what was rendered (paths, sizes, bands, fit counts) as JSON",
         "FILE.json"},
        {"framework", 'f', 0, G_OPTION_ARG_FILENAME, &opts.framework,
         "Framework file (default: DATADIR/data/u4ssc-wheel.csv)", "FILE"},
        {"bands", 'b', 0, G_OPTION_ARG_FILENAME, &opts.bands,
         "Band file (default: DATADIR/data/bands.csv)", "FILE"},
        {"fonts", 0, 0, G_OPTION_ARG_FILENAME, &fonts_dir,
         "Font directory (default: DATADIR/fonts)", "DIR"},
        {"width", 'w', 0, G_OPTION_ARG_DOUBLE, &width_px,
         "PNG width in pixels (default 2000)", "PX"},
        {"size", 's', 0, G_OPTION_ARG_STRING, &size,
         "Width in mm (or 21cm, 8.5in, 595pt); PNG uses --dpi", "MM"},
        {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi,
         "PNG resolution with --size (default 300)", "N"},
        {"page", 0, 0, G_OPTION_ARG_STRING, &page,
         "Print page: a4 (210 x 297 mm), a5 (148 x 210 mm) or square "
         "(210 x 210 mm); the wheel is fitted inside the margins, centred",
         "NAME"},
        {"margin", 0, 0, G_OPTION_ARG_STRING, &margin,
         "Page margin in mm (with --page; default 0)", "MM"},
        {"bleed", 0, 0, G_OPTION_ARG_STRING, &bleed,
         "Bleed in mm added on every side of the page (with --page)", "MM"},
        {"svg-text", 0, 0, G_OPTION_ARG_NONE, &svg_text,
         "SVG with editable <text>/<textPath> labels (font family, size, "
         "xml:lang) instead of cairo's glyph outlines",
         NULL},
        {"png-compression", 0, 0, G_OPTION_ARG_STRING, &png_compression,
         "PNG compression: fast (default) or small (smaller file, slower)",
         "fast|small"},
        {"title", 0, 0, G_OPTION_ARG_STRING, &title,
         "Title above every wheel (default: none)", "TEXT"},
        {"source-line", 0, 0, G_OPTION_ARG_STRING, &source,
         "Source line under the legend (\"\" for none)", "TEXT"},
        {"style", 0, 0, G_OPTION_ARG_FILENAME, &style_path,
         "Style file (fonts, colours, rings...; see data/styles/)", "FILE"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &lang,
         "Language of the labels: en (default) or nb (Norwegian Bokmål, "
         "from DATADIR/data/labels-nb.csv)",
         "LANG"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "No progress output (failures are still reported)", NULL},
        {"help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show this help", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *octx = g_option_context_new("MANIFEST.csv -o DIR");
    g_option_context_set_help_enabled(octx, FALSE);
    g_option_context_set_summary(octx,
                                 "Render every city of a manifest, in parallel.");
    g_option_context_set_description(octx, batch_description);
    g_option_context_add_main_entries(octx, entries, NULL);
    g_set_prgname("citysnap batch");

    int rc = CS_EXIT_OK;
    GError *err = NULL;
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = NULL;
    cs_targets_t *unused_targets = NULL;
    cs_manifest_t *manifest = NULL;
    cs_fonts_t *fonts = NULL;
    cs_renderer_t *r = NULL;
    cs_cli_look_t look = {NULL, NULL, NULL, NULL};
    cs_batch_report_t *rep = NULL;
    cs_diag_t *diag = cs_diag_new();
    cs_output_t out;
    cs_output_init(&out);
    unsigned fmask = 0;

#define USAGE(...)                                                             \
    do {                                                                       \
        fprintf(stderr, "citysnap batch: ");                                   \
        fprintf(stderr, __VA_ARGS__);                                          \
        fprintf(stderr, "\nRun 'citysnap batch --help' for usage.\n");         \
        rc = CS_EXIT_USAGE;                                                    \
        goto done;                                                             \
    } while (0)

    if (!diag) {
        rc = CS_EXIT_INTERNAL;
        goto done;
    }
    if (!g_option_context_parse(octx, &argc, &argv, &err)) {
        fprintf(stderr, "citysnap batch: %s\n"
                        "Run 'citysnap batch --help' for usage.\n",
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
    if (argc != 2)
        USAGE("%s", argc < 2 ? "missing MANIFEST.csv"
                             : "more than one MANIFEST.csv");
    if (!outdir || !*outdir)
        USAGE("missing -o DIR");
    if (jobs < 0 || jobs > 256)
        USAGE("-j must be 1 to 256");
    if (formats) {
        char **parts = g_strsplit(formats, ",", -1);
        for (char **p = parts; *p; p++) {
            cs_format_t f;
            char *t = g_strstrip(*p);
            if (cs_format_from_name(t, &f)) {
                fprintf(stderr, "citysnap batch: unknown format '%s' (png, "
                                "svg or pdf)\n", t);
                g_strfreev(parts);
                rc = CS_EXIT_USAGE;
                goto done;
            }
            fmask |= 1u << f;
        }
        g_strfreev(parts);
        if (!fmask)
            USAGE("--formats is empty");
    } else {
        fmask = 1u << CS_FORMAT_PNG;
    }
    if (width_px != 0) {
        if (!(width_px >= 16 && width_px <= 20000))
            USAGE("--width must be 16 to 20000 pixels");
        out.width_px = width_px;
    }
    if (size) {
        if (cs_cli_parse_size(size, &out.width_mm, &out.width_pt))
            USAGE("invalid --size '%s' (e.g. 210, 210mm, 21cm, 8.5in, 595pt)",
                  size);
        if (width_px != 0)
            USAGE("give --width or --size, not both");
    }
    if (dpi != 0) {
        if (!(dpi >= 10 && dpi <= 10000))
            USAGE("--dpi must be 10 to 10000");
        out.dpi = dpi;
    }
    out.svg_text = svg_text ? 1 : 0;
    rc = cs_cli_page_opts("citysnap batch", page, margin, bleed, &out);
    if (rc != CS_EXIT_OK)
        goto done;
    if (png_compression) {
        if (!g_ascii_strcasecmp(png_compression, "fast"))
            out.png_mode = CS_PNG_FAST;
        else if (!g_ascii_strcasecmp(png_compression, "small"))
            out.png_mode = CS_PNG_SMALL;
        else
            USAGE("--png-compression must be fast or small");
    }

    rc = cs_cli_lang_path("citysnap batch", lang, &tr_path);
    if (rc != CS_EXIT_OK)
        goto done;
    rc = cs_cli_load_data(&opts, &fw, &bands, &unused_targets);
    if (rc != CS_EXIT_OK)
        goto done;
    cs_status_t st = cs_manifest_load(argv[1], &manifest, diag);
    if (st == CS_OK) {
        char *dir = fonts_dir ? g_strdup(fonts_dir) : cs_cli_data_path("fonts");
        st = cs_fonts_new(dir, &fonts, diag);
        g_free(dir);
    }
    if (st == CS_OK)
        st = cs_cli_look_load(style_path, lang, tr_path, fw, bands, &look,
                              diag);
    /* Scores, the book and the JSON use the same (translated) framework
     * and band table as the wheels: same codes, order and thresholds. */
    const cs_framework_t *dfw = cs_cli_look_framework(&look, fw);
    if (st == CS_OK) {
        cs_render_options_t ro;
        cs_cli_look_options(&look, &ro);
        if (title)
            ro.title = title;
        if (source)
            ro.source_line = source;
        st = cs_renderer_new(dfw, look.bands, fonts, &ro, &r, diag);
    }
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        rc = cs_cli_exit_code(st);
        goto done;
    }

    progress_state ps = {isatty(STDERR_FILENO), quiet, g_get_monotonic_time()};
    cs_batch_options_t bo = {
        .outdir = outdir,
        .formats = fmask,
        .threads = (unsigned)jobs,
        .output = &out,
        .book = book,
        .progress = on_progress,
        .user = &ps,
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
        const cs_batch_city_t *c = cs_batch_report_city(rep, i);
        files += c->n_files;
        for (size_t k = 0; k < c->n_files; k++)
            bytes += c->files[k].bytes;
    }
    size_t failed = cs_batch_report_failed(rep);
    if (!quiet || failed) {
        double secs = (double)(g_get_monotonic_time() - ps.start) / 1e6;
        fprintf(stderr, "citysnap batch: %zu of %zu cities rendered, %zu "
                        "files (%zu bytes) in %s in %.1f s",
                n - failed, n, files, bytes, outdir, secs);
        if (book && cs_batch_report_book_status(rep) == CS_OK)
            fprintf(stderr, "; book %s", book);
        fputc('\n', stderr);
        if (failed) {
            fprintf(stderr, "citysnap batch: %zu failed:", failed);
            for (size_t i = 0; i < n; i++) {
                const cs_batch_city_t *c = cs_batch_report_city(rep, i);
                if (c->status != CS_OK)
                    fprintf(stderr, " %s", c->entry->id);
            }
            fputc('\n', stderr);
        }
    }
    if (st != CS_OK)
        rc = cs_cli_exit_code(st);
    else if (jst != CS_OK)
        rc = cs_cli_exit_code(jst);

done:
    cs_batch_report_free(rep);
    cs_renderer_free(r);
    cs_cli_look_clear(&look);
    cs_fonts_free(fonts);
    cs_manifest_free(manifest);
    cs_targets_free(unused_targets);
    cs_bands_free(bands);
    cs_framework_free(fw);
    cs_diag_free(diag);
    g_free(opts.framework);
    g_free(opts.bands);
    g_free(opts.targets);
    g_free(outdir);
    g_free(formats);
    g_free(book);
    g_free(json);
    g_free(fonts_dir);
    g_free(png_compression);
    g_free(page);
    g_free(margin);
    g_free(bleed);
    g_free(size);
    g_free(title);
    g_free(source);
    g_free(style_path);
    g_free(lang);
    g_free(tr_path);
    g_option_context_free(octx);
    return rc;
#undef USAGE
}
