/* SPDX-License-Identifier: MIT */
/*
 * citysnap check CITY.csv: validates a city file against the framework and
 * prints, as a table, each KPI's value, target, % of target and band, then
 * each group's and dimension's score (U4SSC points method) and the overall.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

static const char *const check_description = N_(
    "Reads CITY.csv (columns code,value; optional target, percent, band,\n"
    "source), or any table 'citysnap import' reads (a report or factsheet\n"
    "table, a spreadsheet, a template), checks it against the framework and\n"
    "prints each KPI's band and each group's and dimension's score; for a\n"
    "table that is not a canonical city file, the mapping report first.\n"
    "Problems are printed to stderr as FILE:LINE:COLUMN: message\n"
    "(FILE:Sheet!C12 in a spreadsheet); warnings too (--strict: exit 1).\n"
    "\n"
    "Exit status: 0 valid; 1 invalid input (all problems are listed);\n"
    "2 bad command line; 3 a file could not be read; 4 internal error.\n");

/* Appends @s to @out padded (or cut, with an ellipsis) to @width
 * characters; right-aligned when @right. */
static void
cell(GString *out, const char *s, long width, gboolean right)
{
    if (!s)
        s = "";
    long n = (long)g_utf8_strlen(s, -1);
    if (n > width) {
        const char *end = g_utf8_offset_to_pointer(s, width - 1);
        g_string_append_len(out, s, end - s);
        g_string_append(out, "\xe2\x80\xa6"); /* … */
        return;
    }
    if (right)
        for (long i = n; i < width; i++)
            g_string_append_c(out, ' ');
    g_string_append(out, s);
    if (!right)
        for (long i = n; i < width; i++)
            g_string_append_c(out, ' ');
}

/* The decimal separator of the table's numbers ("," in Norwegian). */
static char decimal = '.';

static const char *
num(char *buf, size_t size, double v, const char *fmt)
{
    if (isnan(v))
        return "-";
    g_ascii_formatd(buf, (int)size, fmt, v);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = decimal;
    return buf;
}

static void
print_agg(GString *out, const char *name, long name_w,
          const cs_agg_score_t *a, const cs_bands_t *bands)
{
    char b1[32], b2[32], b3[48];
    cell(out, name, name_w, FALSE);
    g_string_append(out, "  ");
    g_snprintf(b1, sizeof(b1), "%u/%u", a->points, 4 * a->scored);
    cell(out, b1, 7, TRUE);
    g_string_append(out, "  ");
    g_snprintf(b2, sizeof(b2), "%u/%u", a->scored, a->total);
    cell(out, b2, 7, TRUE);
    g_string_append(out, "  ");
    cell(out, num(b3, sizeof(b3), a->percent, "%.2f"), 7, TRUE);
    g_string_append(out, "  ");
    g_string_append(out, cs_bands_label(bands, a->band));
    g_string_append_c(out, '\n');
}

static void
print_table(const char *title, const char *path, const cs_framework_t *fw,
            const cs_bands_t *bands, const cs_city_t *city,
            const cs_scores_t *sc, const cs_describe_words_t *words)
{
    GString *out = g_string_new(NULL);
    size_t nk = cs_framework_kpi_count(fw);
    long code_w = 4;
    for (size_t i = 0; i < nk; i++) {
        long n = (long)g_utf8_strlen(cs_framework_get_kpi(fw, i)->code, -1);
        if (n > code_w)
            code_w = n;
    }
    const long label_w = 44, num_w = 10;

    g_string_append_printf(out, _("%s (%s): %zu of %zu KPIs with data\n"),
                           title, path, cs_city_data_row_count(city), nk);
    char *colours = NULL;
    cs_describe_colours(sc, words, &colours, NULL);
    g_string_append_printf(out, "%s\n\n", colours ? colours : "");
    free(colours);
    cell(out, _("CODE"), code_w, FALSE);
    g_string_append(out, "  ");
    cell(out, _("LABEL"), label_w, FALSE);
    g_string_append(out, "  ");
    cell(out, _("VALUE"), num_w, TRUE);
    g_string_append(out, "  ");
    cell(out, _("TARGET"), num_w, TRUE);
    g_string_append(out, "  ");
    cell(out, _("% TARGET"), 8, TRUE);
    g_string_append_printf(out, "  %s\n", _("BAND"));
    for (size_t i = 0; i < nk; i++) {
        const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
        const cs_kpi_score_t *s = cs_scores_get_kpi(sc, i);
        char b1[48], b2[48], b3[48];
        cell(out, k->code, code_w, FALSE);
        g_string_append(out, "  ");
        cell(out, k->label, label_w, FALSE);
        g_string_append(out, "  ");
        cell(out, num(b1, sizeof(b1), s->value, "%.6g"), num_w, TRUE);
        g_string_append(out, "  ");
        cell(out, num(b2, sizeof(b2), s->target, "%.6g"), num_w, TRUE);
        g_string_append(out, "  ");
        cell(out, num(b3, sizeof(b3), s->percent, "%.1f"), 8, TRUE);
        g_string_append(out, "  ");
        g_string_append(out, cs_bands_label(bands, s->band));
        g_string_append_c(out, '\n');
    }

    long name_w = 11;
    for (size_t g = 0; g < cs_framework_group_count(fw); g++) {
        const cs_group_t *grp = cs_framework_get_group(fw, g);
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, grp->dimension);
        long n = (long)(g_utf8_strlen(dim->name, -1) +
                        g_utf8_strlen(grp->name, -1) + 3);
        if (n > name_w)
            name_w = n;
    }
    if (name_w > 60)
        name_w = 60;

    g_string_append_c(out, '\n');
    g_string_append(out, _("Groups and dimensions (U4SSC points method: "
                           "score = points / (4 x scored KPIs))"));
    g_string_append_c(out, '\n');
    char mc[G_ASCII_DTOSTR_BUF_SIZE];
    num(mc, sizeof mc, cs_scores_min_coverage(sc), "%g");
    g_string_append_printf(out,
                           _("SCORED is the coverage: KPIs with points of "
                             "all KPIs; below %s %% scored, a group or "
                             "dimension is not enough data\n\n"),
                           mc);
    cell(out, _("GROUP"), name_w, FALSE);
    g_string_append(out, "  ");
    cell(out, _("POINTS"), 7, TRUE);
    g_string_append(out, "  ");
    cell(out, _("SCORED"), 7, TRUE);
    g_string_append(out, "  ");
    cell(out, _("SCORE %"), 7, TRUE);
    g_string_append_printf(out, "  %s\n", _("BAND"));
    for (size_t g = 0; g < cs_framework_group_count(fw); g++) {
        const cs_group_t *grp = cs_framework_get_group(fw, g);
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, grp->dimension);
        char *name = g_strdup_printf("%s / %s", dim->name, grp->name);
        print_agg(out, name, name_w, cs_scores_get_group(sc, g), bands);
        g_free(name);
    }
    g_string_append_c(out, '\n');
    cell(out, _("DIMENSION"), name_w, FALSE);
    g_string_append(out, "  ");
    cell(out, _("POINTS"), 7, TRUE);
    g_string_append(out, "  ");
    cell(out, _("SCORED"), 7, TRUE);
    g_string_append(out, "  ");
    cell(out, _("SCORE %"), 7, TRUE);
    g_string_append_printf(out, "  %s\n", _("BAND"));
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++)
        print_agg(out, cs_framework_get_dimension(fw, d)->name, name_w,
                  cs_scores_get_dimension(sc, d), bands);
    g_string_append_c(out, '\n');
    print_agg(out, _("Overall"), name_w, cs_scores_get_overall(sc), bands);

    /* names come from files: no terminal control reaches the terminal
     * (each line escaped as messages are) */
    char **lines = g_strsplit(out->str, "\n", -1);
    for (char **l = lines; *l; l++) {
        char *safe = cs_diag_escape(*l);
        fputs(safe ? safe : "", stdout);
        if (l[1])
            fputc('\n', stdout);
        free(safe);
    }
    g_strfreev(lines);
    g_string_free(out, TRUE);
}

int
cs_cmd_check(int argc, char **argv)
{
    cs_cli_data_opts_t opts = {NULL, NULL, NULL, NULL};
    char *name = NULL, *min_cov_arg = NULL, *sheet = NULL;
    char *lang = NULL, *tr_path = NULL;
    cs_cli_look_t look;
    memset(&look, 0, sizeof look);
    gboolean help = FALSE, strict = FALSE;
    GOptionEntry entries[] = {
        {"targets", 't', 0, G_OPTION_ARG_FILENAME, &opts.targets,
         N_("Targets file (code,target) used when the city file gives none"),
         N_("FILE")},
        {"framework", 'f', 0, G_OPTION_ARG_FILENAME, &opts.framework,
         N_("Framework file (default: DATADIR/data/u4ssc-wheel.csv)"),
         N_("FILE")},
        {"bands", 'b', 0, G_OPTION_ARG_FILENAME, &opts.bands,
         N_("Band file (default: DATADIR/data/bands.csv)"), N_("FILE")},
        {"name", 'n', 0, G_OPTION_ARG_STRING, &name,
         N_("City name shown in the output (default: the file name)"),
         N_("NAME")},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &lang,
         N_("Language of the table: en or nb (Norwegian Bokm\xc3\xa5l; "
            "default: the locale's)"),
         N_("LANG")},
        cs_cli_min_coverage_entry(&min_cov_arg),
        cs_cli_targets_note_entry(&opts),
        {"sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
         N_("Sheet of a workbook (default: the first)"), N_("NAME")},
        {"strict", 0, 0, G_OPTION_ARG_NONE, &strict,
         /* xgettext:no-c-format */
         N_("Treat warnings (no targets, % over 100 or all at most 1, a "
            "nearest-name match) as errors: exit 1"),
         NULL},
        {"help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"),
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = cs_cli_option_context(
        "check", "CITY.csv",
        N_("Validate a city file; print each KPI's band and each group's and "
           "dimension's score."),
        check_description, entries);

    int rc = CS_EXIT_OK;
    GError *err = NULL;
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = NULL;
    cs_targets_t *targets = NULL;
    cs_import_t *imp = NULL;
    const cs_city_t *city = NULL;
    cs_diag_t *diag = NULL;
    char *title = NULL;

    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, _("citysnap check: %s\n"
                          "Run 'citysnap check --help' for usage.\n"),
                err->message);
        g_error_free(err);
        rc = CS_EXIT_USAGE;
        goto out;
    }
    if (help) {
        char *h = g_option_context_get_help(ctx, TRUE, NULL);
        fputs(h, stdout);
        g_free(h);
        goto out;
    }
    if (argc != 2) {
        fprintf(stderr, _("citysnap check: %s\n"
                          "Run 'citysnap check --help' for usage.\n"),
                argc < 2 ? _("missing CITY.csv") : _("more than one CITY.csv"));
        rc = CS_EXIT_USAGE;
        goto out;
    }
    const char *path = argv[1];
    double min_cov;
    rc = cs_cli_min_coverage("citysnap check", min_cov_arg, NULL, &min_cov);
    if (rc != CS_EXIT_OK)
        goto out;

    if (!lang && cs_cli_ui_lang())
        lang = g_strdup(cs_cli_ui_lang());
    rc = cs_cli_lang_path("citysnap check", lang, &tr_path);
    if (rc != CS_EXIT_OK)
        goto out;
    rc = cs_cli_load_data(&opts, &fw, &bands, &targets);
    if (rc != CS_EXIT_OK)
        goto out;
    diag = cs_diag_new();
    if (!diag) {
        rc = CS_EXIT_INTERNAL;
        goto out;
    }
    rc = cs_cli_import(fw, path, sheet, &imp);
    if (rc != CS_EXIT_OK)
        goto out;
    /* translated labels and sentence frames */
    cs_status_t st = cs_cli_look_load(NULL, lang, tr_path, fw, bands, &look,
                                      diag);
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        rc = cs_cli_exit_code(st);
        goto out;
    }
    city = cs_import_city(imp);
    cs_scores_t *sc = NULL;
    if (cs_scores_compute_cov(fw, bands, targets, city, min_cov, &sc, NULL) !=
        CS_OK) {
        fputs(_("citysnap check: out of memory\n"), stderr);
        rc = CS_EXIT_INTERNAL;
        goto out;
    }
    if (name) {
        title = g_strdup(name);
    } else {
        char *base = g_path_get_basename(path);
        char *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = '\0';
        title = base;
    }
    if (!cs_import_is_canonical(imp)) {
        char *report = NULL;
        if (cs_import_report(imp, &report, NULL) == CS_OK)
            printf("%s\n", report);
        free(report);
    }
    if (look.words.number_decimal && *look.words.number_decimal)
        decimal = look.words.number_decimal[0];
    print_table(title, path, cs_cli_look_framework(&look, fw), look.bands,
                city, sc, &look.words);
    cs_scores_free(sc);
    cs_cli_print_diag(cs_import_warnings(imp));
    size_t nw = cs_diag_reported_count(cs_import_warnings(imp));
    cs_city_warnings(fw, targets, city, title, path, NULL, diag);
    nw += cs_cli_print_warnings(diag);
    if (strict && nw) {
        fprintf(stderr,
                cs_ngettext("citysnap check: %zu warning and --strict\n",
                            "citysnap check: %zu warnings and --strict\n",
                            nw),
                nw);
        rc = CS_EXIT_FAIL;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs(_("citysnap check: cannot write the output\n"), stderr);
        rc = CS_EXIT_IO;
    }

out:
    cs_cli_look_clear(&look);
    g_free(lang);
    g_free(tr_path);
    g_free(title);
    cs_diag_free(diag);
    cs_import_free(imp);
    cs_targets_free(targets);
    cs_bands_free(bands);
    cs_framework_free(fw);
    g_free(opts.targets);
    g_free(opts.targets_note);
    g_free(opts.framework);
    g_free(opts.bands);
    g_free(name);
    g_free(min_cov_arg);
    g_free(sheet);
    g_option_context_free(ctx);
    return rc;
}
