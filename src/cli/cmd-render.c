/* SPDX-License-Identifier: MIT */
/*
 * citysnap render CITY.csv -o FILE: draws one city's snapshot wheel as PNG,
 * SVG or PDF.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include <citysnap/style.h>
#include <citysnap/i18n.h>
#include <citysnap/describe.h>

static const char render_description[] =
    "Draws the U4SSC city snapshot wheel of CITY.csv: the dimensions in the\n"
    "inner ring, the groups around them, one wedge per KPI outside, each\n"
    "coloured by its band; KPI labels radiate outwards; a legend and the\n"
    "source line sit below.\n"
    "\n"
    "The format comes from the output file's extension (.png, .svg, .pdf)\n"
    "unless --format is given. Sizes: PNG --width PX (default 2000), or\n"
    "--size with --dpi (default 300); SVG and PDF --size (default: the\n"
    "natural size, 720 pt wide). --size takes mm, or a number with a unit:\n"
    "210mm, 21cm, 8.5in, 595pt. The height follows the wheel's aspect.\n"
    "\n"
    "City name: --name, else the 'name' of the city file's row in a\n"
    "cities.csv manifest in the same folder (whose 'targets' file is also\n"
    "used unless --targets is given), else none.\n"
    "\n"
    "The file is written to a temporary file first and renamed, so a failed\n"
    "render never leaves a partial file or destroys an existing one.\n"
    "\n"
    "Exit status: 0 written; 1 invalid input, or --strict and a label had\n"
    "to be truncated (nothing written); 2 bad command line; 3 the output\n"
    "could not be written; 4 internal error (memory, fonts, rendering).\n";

/* The --describe files of @output: BASE.summary.txt, BASE.data.csv|html. */
static void
describe_paths(const char *output, cs_table_format_t tfmt, char **sum,
               char **tab)
{
    char *base = g_strdup(output);
    char *dot = strrchr(base, '.');
    if (dot && !strchr(dot, '/'))
        *dot = 0;
    *sum = g_strdup_printf("%s.summary.txt", base);
    *tab = g_strdup_printf("%s.data.%s", base,
                           tfmt == CS_TABLE_HTML ? "html" : "csv");
    g_free(base);
}

/* No output may be an input or another output. */
static int
check_files(cs_cli_files_t *files, const char *city_path,
            const cs_cli_draw_args_t *a, const char *tr_path,
            const char *output, const char *sum_path, const char *tab_path)
{
    char *fw = a->data.framework ? g_strdup(a->data.framework)
                                 : cs_cli_data_path("data/u4ssc-wheel.csv");
    char *bands = a->data.bands ? g_strdup(a->data.bands)
                                : cs_cli_data_path("data/bands.csv");
    char *dir = g_path_get_dirname(city_path);
    char *manifest = g_build_filename(dir, "cities.csv", NULL);
    cs_cli_files_input(files, "city file", city_path);
    cs_cli_files_input(files, "framework", fw);
    cs_cli_files_input(files, "band file", bands);
    cs_cli_files_input(files, "targets file", a->data.targets);
    cs_cli_files_input(files, "style", a->style_path);
    cs_cli_files_input(files, "translation", tr_path);
    cs_cli_files_input(files, "manifest", manifest);
    int rc = cs_cli_files_output(files, "citysnap render", "output", output);
    if (rc == CS_EXIT_OK && sum_path)
        rc = cs_cli_files_output(files, "citysnap render", "summary",
                                 sum_path);
    if (rc == CS_EXIT_OK && tab_path)
        rc = cs_cli_files_output(files, "citysnap render", "data table",
                                 tab_path);
    g_free(manifest);
    g_free(dir);
    g_free(bands);
    g_free(fw);
    return rc;
}

static void
print_fit_report(const cs_labels_t *ls)
{
    size_t n = cs_labels_count(ls);
    size_t counts[4] = {0};
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        counts[l->outcome]++;
        if (l->outcome == CS_FIT_OK && !l->fallback)
            continue;
        char a[32], b[32];
        g_ascii_formatd(a, sizeof a, "%.2f", l->size);
        g_ascii_formatd(b, sizeof b, "%.2f", l->pref_size);
        char *text = cs_diag_escape(l->text); /* from files: escaped */
        printf("%-10s %-9s %s%s size %s (preferred %s), %d line%s\n",
               cs_fit_outcome_name(l->outcome), cs_label_kind_name(l->kind),
               text ? text : "", l->fallback ? " [set radially: arc too narrow]" : "",
               a, b, l->lines, l->lines == 1 ? "" : "s");
        free(text);
    }
    printf("fit report: %zu labels: %zu fit, %zu shrunk, %zu wrapped, "
           "%zu ellipsized\n",
           n, counts[CS_FIT_OK], counts[CS_FIT_SHRUNK], counts[CS_FIT_WRAPPED],
           counts[CS_FIT_ELLIPSIZED]);
}

int
cs_cmd_render(int argc, char **argv)
{
    cs_cli_draw_args_t a;
    memset(&a, 0, sizeof a);
    char *output = NULL, *name = NULL, *format = NULL, *sheet = NULL;
    char *describe_format = NULL, *previous = NULL;
    gboolean describe = FALSE;
    gint year = 0;
    gboolean fit_report = FALSE, strict = FALSE, help = FALSE;
    const GOptionEntry own[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "Output file (.png, .svg or .pdf)", "FILE"},
        {"name", 'n', 0, G_OPTION_ARG_STRING, &name,
         "City name in the centre (default: from cities.csv next to the "
         "city file)",
         "NAME"},
        {"year", 0, 0, G_OPTION_ARG_INT, &year,
         N_("The year of the data, printed under the city name"),
         N_("YYYY")},
        {"targets", 't', 0, G_OPTION_ARG_FILENAME, &a.data.targets,
         "Targets file (code,target) used when the city file gives none",
         "FILE"},
        cs_cli_targets_note_entry(&a.data),
        {"format", 'F', 0, G_OPTION_ARG_STRING, &format,
         "Output format: png, svg or pdf (default: from the extension)",
         "FORMAT"},
        {"describe", 0, 0, G_OPTION_ARG_NONE, &describe,
         "Also write a plain-language summary (BASE.summary.txt) and a data "
         "table (BASE.data.csv or .html) beside the output",
         NULL},
        {"describe-format", 0, 0, G_OPTION_ARG_STRING, &describe_format,
         "Data table format for --describe: csv (default) or html", "FMT"},
        {"fit-report", 0, 0, G_OPTION_ARG_NONE, &fit_report,
         "Print which labels were shrunk, wrapped or truncated", NULL},
        {"strict", 0, 0, G_OPTION_ARG_NONE, &strict,
         "Fail (exit 1, write nothing) when a label must be truncated or "
         "the data gives a warning",
         NULL},
        {"sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
         "Sheet of a workbook (default: the first)", "NAME"},
        {"previous", 'p', 0, G_OPTION_ARG_FILENAME, &previous,
         "An earlier verification of the same city: each KPI wedge shows its "
         "band then along its inner edge (and --describe the progress)",
         "OLD.csv"},
    };
    GArray *entries = g_array_new(TRUE, TRUE, sizeof(GOptionEntry));
    g_array_append_vals(entries, own, G_N_ELEMENTS(own));
    cs_cli_draw_entries(&a, entries);
    const GOptionEntry help_row = {"help", 'h', 0, G_OPTION_ARG_NONE, &help,
                                   N_("Show this help"), NULL};
    g_array_append_val(entries, help_row);
    GOptionContext *octx = cs_cli_option_context(
        "render", "CITY.csv -o FILE",
        "Draw a city's snapshot wheel as PNG, SVG or PDF.", render_description,
        (const GOptionEntry *)entries->data);

    int rc = CS_EXIT_OK;
    GError *err = NULL;
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = NULL;
    cs_targets_t *targets = NULL;
    cs_import_t *imp = NULL;
    cs_scores_t *scores = NULL, *prev_scores = NULL;
    cs_comparison_t *cmp = NULL;
    cs_fonts_t *fonts = NULL;
    cs_renderer_t *r = NULL;
    const cs_labels_t *labels = NULL; /* borrowed from the scene */
    cs_scene_t *scene = NULL;
    cs_cli_look_t look;
    memset(&look, 0, sizeof look);
    char *tr_path = NULL;
    cs_diag_t *diag = NULL;
    char *m_name = NULL, *m_targets = NULL;
    cs_output_t out;
    cs_output_init(&out);
    cs_cli_files_t *files = NULL;
    char *sum_path = NULL, *tab_path = NULL;

#define USAGE(...)                                                             \
    do {                                                                       \
        fprintf(stderr, _("citysnap render: "));                                  \
        fprintf(stderr, __VA_ARGS__);                                          \
        fprintf(stderr, _("\nRun 'citysnap render --help' for usage.\n"));        \
        rc = CS_EXIT_USAGE;                                                    \
        goto done;                                                             \
    } while (0)

    if (!g_option_context_parse(octx, &argc, &argv, &err)) {
        fprintf(stderr, _("citysnap render: %s\n"
                        "Run 'citysnap render --help' for usage.\n"),
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
        USAGE("%s", argc < 2 ? "missing CITY.csv" : "more than one CITY.csv");
    if (!output || !*output)
        USAGE(_("missing -o FILE"));
    const char *city_path = argv[1];
    if (format) {
        if (cs_format_from_name(format, &out.format, NULL))
            USAGE(_("unknown format '%s' (png, svg or pdf)"), format);
    } else if (cs_format_from_path(output, &out.format, NULL)) {
        USAGE(_("cannot tell the format of '%s': use .png, .svg or .pdf, or "
              "--format"),
              output);
    }
    const char *why = cs_cli_render_check(&a, &out);
    if (why && a.size && !strncmp(why, "invalid --size", 14))
        USAGE(_("%s: '%s'"), why, a.size);
    if (why)
        USAGE("%s", why);
    out.strict = strict ? 1 : 0;
    out.year = year; /* checked by the library (1900 to 2999) */
    out.exclusive = 1; /* one render, one thread */
    cs_table_format_t tfmt = CS_TABLE_CSV;
    if (describe_format) {
        if (!g_ascii_strcasecmp(describe_format, "html"))
            tfmt = CS_TABLE_HTML;
        else if (g_ascii_strcasecmp(describe_format, "csv"))
            USAGE(_("invalid --describe-format '%s' (csv or html)"),
                  describe_format);
        if (!describe)
            USAGE(_("--describe-format needs --describe"));
    }
    double min_cov;
    rc = cs_cli_min_coverage("citysnap render", a.min_coverage, NULL,
                             &min_cov);
    if (rc != CS_EXIT_OK)
        goto done;
    rc = cs_cli_lang_path("citysnap render", a.lang, &tr_path);
    if (rc != CS_EXIT_OK)
        goto done;
    if (!(name && a.data.targets)) {
        rc = cs_cli_manifest_lookup("citysnap render", city_path, &m_name,
                                    &m_targets);
        if (rc != CS_EXIT_OK)
            goto done;
    }
    if (!a.data.targets && m_targets)
        a.data.targets = g_strdup(m_targets);
    if (describe)
        describe_paths(output, tfmt, &sum_path, &tab_path);
    files = cs_cli_files_new();
    rc = check_files(files, city_path, &a, tr_path, output, sum_path,
                     tab_path);
    if (rc != CS_EXIT_OK)
        goto done;
    rc = cs_cli_load_data(&a.data, &fw, &bands, &targets);
    if (rc != CS_EXIT_OK)
        goto done;
    diag = cs_diag_new();
    if (!diag) {
        rc = CS_EXIT_INTERNAL;
        goto done;
    }
    if (previous && a.svg_text)
        USAGE(_("--previous is not drawn with --svg-text yet"));
    a.progress = previous != NULL;
    rc = cs_cli_import(fw, city_path, sheet, &imp);
    if (rc != CS_EXIT_OK)
        goto done;
    const cs_city_t *city = cs_import_city(imp);
    cs_status_t st = CS_OK;
    size_t n_warnings = cs_cli_print_warnings(cs_import_warnings(imp));
    {
        cs_diag_t *w = cs_diag_new();
        cs_city_warnings(fw, targets, city, name ? name : m_name, city_path,
                         NULL, w);
        n_warnings += cs_cli_print_warnings(w);
        cs_diag_free(w);
    }
    if (st == CS_OK)
        st = cs_cli_draw_renderer(&a, tr_path, fw, bands, &fonts, &look, &r,
                                  diag);
    if (st == CS_OK) {
        if (!a.min_coverage)
            cs_style_min_coverage(look.style, &min_cov);
        st = cs_scores_compute_cov(fw, bands, targets, city, min_cov,
                                   &scores, diag);
    }
    if (st == CS_OK && previous)
        st = cs_cli_score_file(fw, bands, targets, previous, min_cov,
                               &prev_scores, diag);
    if (st == CS_OK && prev_scores)
        st = cs_comparison_new(fw, prev_scores, scores, &cmp, diag);
    out.previous = cmp;
    if (st == CS_OK) {
        const char *city_name = name ? name : m_name;
        if (fit_report || strict) {
            /* report before writing, so --strict shows what failed */
            /* the scene's labels: the city's own ones (name, where its
             * colours come from) too */
            st = cs_scene_new(r, scores, cmp, city_name, &scene, diag);
            labels = st == CS_OK ? cs_scene_labels(scene) : NULL;
            if (st == CS_OK && fit_report)
                print_fit_report(labels);
        }
        /* a wheel that must truncate fails below with its own message */
        int truncates = 0;
        for (size_t i = 0; labels && i < cs_labels_count(labels); i++)
            truncates |= cs_labels_get(labels, i)->outcome ==
                         CS_FIT_ELLIPSIZED;
        if (st == CS_OK && strict && n_warnings && !truncates) {
            fprintf(stderr,
                    cs_ngettext("citysnap render: %zu warning and --strict: "
                                "nothing written\n",
                                "citysnap render: %zu warnings and --strict: "
                                "nothing written\n",
                                n_warnings),
                    n_warnings);
            st = CS_ERR_INVALID;
        }
        /* the image and its --describe files are written as a set: all
         * or none */
        unsigned char *img = NULL;
        size_t img_len = 0;
        char *sum = NULL, *tab = NULL;
        if (st == CS_OK)
            st = cs_renderer_to_memory(r, scores, city_name, &out, &img,
                                       &img_len, NULL, diag);
        if (st == CS_OK && describe) {
            const cs_framework_t *dfw = cs_cli_look_framework(&look, fw);
            st = cs_describe_summary(dfw, look.bands, scores, city_name,
                                     &look.words, &sum, diag);
            char *progress = NULL;
            if (st == CS_OK && cmp)
                st = cs_describe_progress(dfw, cmp, scores, &look.words,
                                          &progress, diag);
            if (progress) {
                char *both = g_strconcat(sum, progress, NULL);
                free(sum);
                sum = strdup(both);
                g_free(both);
                free(progress);
            }
            if (st == CS_OK)
                st = cs_describe_table(dfw, look.bands, scores, city_name,
                                       tfmt, a.lang ? a.lang : "en",
                                       &look.words, &tab, diag);
        }
        if (st == CS_OK) {
            cs_write_item_t items[3] = {
                {output, img, img_len, 1},
                {sum_path, (const unsigned char *)sum, sum ? strlen(sum) : 0,
                 0},
                {tab_path, (const unsigned char *)tab, tab ? strlen(tab) : 0,
                 0},
            };
            st = cs_write_files_atomic(items, describe ? 3 : 1, diag);
        }
        free(img);
        free(sum);
        free(tab);
    }
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        if (st == CS_ERR_NOMEM && cs_diag_reported_count(diag) == 0)
            fprintf(stderr, _("citysnap render: out of memory\n"));
        rc = cs_cli_exit_code(st);
    }
    if (fflush(stdout) != 0 && rc == CS_EXIT_OK)
        rc = CS_EXIT_IO;

done:
    cs_cli_files_free(files);
    g_free(sum_path);
    g_free(tab_path);
    cs_scene_free(scene);
    cs_renderer_free(r);
    cs_cli_look_clear(&look);
    g_free(tr_path);
    cs_fonts_free(fonts);
    cs_comparison_free(cmp);
    cs_scores_free(prev_scores);
    cs_scores_free(scores);
    cs_import_free(imp);
    cs_targets_free(targets);
    cs_bands_free(bands);
    cs_framework_free(fw);
    cs_diag_free(diag);
    g_free(m_name);
    g_free(m_targets);
    cs_cli_draw_args_clear(&a);
    g_free(output);
    g_free(name);
    g_free(format);
    g_free(sheet);
    g_free(describe_format);
    g_free(previous);
    g_option_context_free(octx);
    g_array_free(entries, TRUE);
    return rc;
#undef USAGE
}
