/* SPDX-License-Identifier: MIT */
/*
 * citysnap report CITY -o FILE.html: the city report, the wheel and then
 * the KPI tables in the verification reports' order, and with
 * --previous OLD the progress since that verification.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/report.h>
#include <citysnap/style.h>

static const char *const report_description = N_(
    "Writes the city report of CITY.csv: the snapshot wheel, then one table\n"
    "per dimension in the U4SSC verification reports' order (dimension,\n"
    "group, KPI or data point) with each KPI's value and unit, target, % of\n"
    "target and band, and each group's and dimension's score with how many\n"
    "of its KPIs were scored. Numbers follow --lang (97,0 %, 95 424 in\n"
    "Norwegian).\n"
    "\n"
    "--previous OLD.csv compares with an earlier verification of the same\n"
    "city (scored with the same framework and targets): the tables get the\n"
    "previous value, the change (better or worse as the KPI's direction\n"
    "says: a falling unemployment rate is better) and the change of band,\n"
    "and a line per dimension counts the KPIs that went up a band, fell,\n"
    "stayed, were newly reported or are no longer reported.\n"
    "\n"
    "The format comes from the extension: .html (one self-contained file:\n"
    "inline CSS, the wheel as inline SVG, no scripts) or .pdf (a page with\n"
    "the wheel, then the tables; --page a4 (default), a5 or square,\n"
    "--margin MM, default 15).\n"
    "\n"
    "The file is written to a temporary file first and renamed, so a failed\n"
    "report never leaves a partial file or destroys an existing one.\n"
    "\n"
    "Exit status: 0 written; 1 invalid input; 2 bad command line; 3 the\n"
    "output could not be written; 4 internal error.\n");

int
cs_cmd_report(int argc, char **argv)
{
    cs_cli_draw_args_t a;
    memset(&a, 0, sizeof a);
    char *output = NULL, *name = NULL, *previous = NULL;
    gboolean help = FALSE;
    const GOptionEntry own[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         N_("Output file (.html or .pdf)"), N_("FILE")},
        {"previous", 'p', 0, G_OPTION_ARG_FILENAME, &previous,
         N_("An earlier verification of the same city: show the progress "
            "since"),
         N_("OLD.csv")},
        {"name", 'n', 0, G_OPTION_ARG_STRING, &name,
         N_("City name (default: from cities.csv next to the city file)"),
         N_("NAME")},
        {"targets", 't', 0, G_OPTION_ARG_FILENAME, &a.data.targets,
         N_("Targets file (code,target) used when the city file gives none"),
         N_("FILE")},
    };
    GArray *entries = g_array_new(TRUE, TRUE, sizeof(GOptionEntry));
    g_array_append_vals(entries, own, G_N_ELEMENTS(own));
    cs_cli_draw_entries(&a, entries);
    const GOptionEntry help_row = {"help", 'h', 0, G_OPTION_ARG_NONE, &help,
                                   N_("Show this help"), NULL};
    g_array_append_val(entries, help_row);
    GOptionContext *octx = cs_cli_option_context(
        "report", N_("CITY.csv -o FILE.html|FILE.pdf"),
        N_("Write a city report: the wheel and the KPI tables."),
        report_description, (const GOptionEntry *)entries->data);

    int rc = CS_EXIT_OK;
    GError *err = NULL;
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = NULL;
    cs_targets_t *targets = NULL;
    cs_scores_t *scores = NULL, *prev_scores = NULL;
    cs_comparison_t *cmp = NULL;
    cs_fonts_t *fonts = NULL;
    cs_renderer_t *r = NULL;
    cs_cli_look_t look;
    memset(&look, 0, sizeof look);
    char *tr_path = NULL;
    cs_diag_t *diag = NULL;
    char *m_name = NULL, *m_targets = NULL;
    cs_output_t out;
    cs_output_init(&out);

#define USAGE(...)                                                             \
    do {                                                                       \
        fprintf(stderr, _("citysnap report: "));                               \
        fprintf(stderr, __VA_ARGS__);                                          \
        fprintf(stderr, _("\nRun 'citysnap report --help' for usage.\n"));     \
        rc = CS_EXIT_USAGE;                                                    \
        goto done;                                                             \
    } while (0)

    if (!g_option_context_parse(octx, &argc, &argv, &err)) {
        fprintf(stderr, _("citysnap report: %s\n"
                          "Run 'citysnap report --help' for usage.\n"),
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
        USAGE("%s", argc < 2 ? _("missing CITY.csv") : _("more than one CITY.csv"));
    if (!output || !*output)
        USAGE("%s", _("missing -o FILE"));
    const char *city_path = argv[1];
    cs_report_format_t fmt;
    if (cs_report_format_from_path(output, &fmt, NULL) != CS_OK)
        USAGE(_("cannot tell the format of '%s': use .html or .pdf"), output);
    if (a.width_px != 0 || a.dpi != 0 || a.png_compression || a.size)
        USAGE("%s", _("--width, --size, --dpi and --png-compression are not "
                    "used by report"));
    if (fmt == CS_REPORT_HTML && (a.page || a.margin))
        USAGE("%s", _("--page and --margin are for PDF reports"));
    if (a.bleed)
        USAGE("%s", _("--bleed is not used by report"));
    if (a.margin && !a.page)
        a.page = g_strdup("a4");
    a.progress = previous != NULL;
    rc = cs_cli_draw_output("citysnap report", &a, &out);
    if (rc != CS_EXIT_OK)
        goto done;
    double min_cov;
    rc = cs_cli_min_coverage("citysnap report", a.min_coverage, NULL,
                             &min_cov);
    if (rc != CS_EXIT_OK)
        goto done;
    rc = cs_cli_lang_path("citysnap report", a.lang, &tr_path);
    if (rc != CS_EXIT_OK)
        goto done;
    if (!(name && a.data.targets)) {
        rc = cs_cli_manifest_lookup("citysnap report", city_path, &m_name,
                                    &m_targets);
        if (rc != CS_EXIT_OK)
            goto done;
    }
    if (!a.data.targets && m_targets)
        a.data.targets = g_strdup(m_targets);
    rc = cs_cli_load_data(&a.data, &fw, &bands, &targets);
    if (rc != CS_EXIT_OK)
        goto done;
    diag = cs_diag_new();
    if (!diag) {
        rc = CS_EXIT_INTERNAL;
        goto done;
    }
    cs_status_t st = cs_cli_draw_renderer(&a, tr_path, fw, bands, &fonts,
                                          &look, &r, diag);
    if (st == CS_OK && !a.min_coverage)
        cs_style_min_coverage(look.style, &min_cov);
    if (st == CS_OK)
        st = cs_cli_score_file(fw, bands, targets, city_path, min_cov, &scores,
                        diag);
    if (st == CS_OK && previous)
        st = cs_cli_score_file(fw, bands, targets, previous, min_cov, &prev_scores,
                        diag);
    if (st == CS_OK && prev_scores)
        st = cs_comparison_new(fw, prev_scores, scores, &cmp, diag);
    if (st == CS_OK) {
        cs_report_options_t ro;
        cs_report_options_init(&ro);
        ro.name = name ? name : m_name;
        ro.previous = cmp;
        ro.svg_text = a.svg_text;
        if (a.page) {
            ro.page_w_mm = out.page_w_mm;
            ro.page_h_mm = out.page_h_mm;
            if (a.margin)
                ro.margin_mm = out.margin_mm;
        }
        st = cs_report_to_file(r, scores, &ro, fmt, output, diag);
    }
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        if (st == CS_ERR_NOMEM && cs_diag_reported_count(diag) == 0)
            fprintf(stderr, _("citysnap report: out of memory\n"));
        rc = cs_cli_exit_code(st);
    }

done:
    cs_renderer_free(r);
    cs_cli_look_clear(&look);
    g_free(tr_path);
    cs_fonts_free(fonts);
    cs_comparison_free(cmp);
    cs_scores_free(prev_scores);
    cs_scores_free(scores);
    cs_targets_free(targets);
    cs_bands_free(bands);
    cs_framework_free(fw);
    cs_diag_free(diag);
    g_free(m_name);
    g_free(m_targets);
    cs_cli_draw_args_clear(&a);
    g_free(output);
    g_free(name);
    g_free(previous);
    g_option_context_free(octx);
    g_array_free(entries, TRUE);
    return rc;
#undef USAGE
}
