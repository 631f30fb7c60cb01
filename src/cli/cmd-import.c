/* SPDX-License-Identifier: MIT */
/*
 * citysnap import TABLE -o CITY.csv: reads a report table or spreadsheet,
 * writes the canonical city file and prints the mapping report.
 * citysnap template [-o FILE] [--lang nb]: writes the fill-in sheet.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

static const char *const import_description = N_(
    "Reads TABLE (a U4SSC verification-report or factsheet table, a city's\n"
    "spreadsheet, a citysnap template or city file: CSV/TSV text or a\n"
    "spreadsheet) and writes the canonical city file CITY.csv: one row per\n"
    "wedge placed, in wheel order, each with a source naming the file,\n"
    "sheet and row it came from. Rows are found by code, wheel label or\n"
    "alias (DATADIR/data/kpi-aliases.csv); the mapping report on stdout\n"
    "says how each row was placed. A row that matches nothing, or more\n"
    "than one wedge, is an error at its position with the nearest\n"
    "candidates. Warnings (a nearest-name match, no targets, % values over\n"
    "100 or all at most 1) go to stderr; --strict makes them errors.\n"
    "\n"
    "CITY.csv is written atomically and never replaces TABLE.\n"
    "\n"
    "Exit status: 0 written; 1 invalid input or a warning with --strict\n"
    "(nothing written); 2 bad command line; 3 a file could not be read or\n"
    "written; 4 internal error.\n");

int
cs_cmd_import(int argc, char **argv)
{
    cs_cli_data_opts_t opts = {NULL, NULL, NULL, NULL};
    char *output = NULL, *sheet = NULL;
    gboolean strict = FALSE, help = FALSE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         N_("City file to write (canonical CSV)"), N_("CITY.csv")},
        {"sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
         N_("Sheet of a workbook (default: the first)"), N_("NAME")},
        {"strict", 0, 0, G_OPTION_ARG_NONE, &strict,
         N_("Fail (exit 1, write nothing) on a warning"), NULL},
        {"targets", 't', 0, G_OPTION_ARG_FILENAME, &opts.targets,
         N_("Targets file, for the no-target warning"), N_("FILE")},
        {"framework", 'f', 0, G_OPTION_ARG_FILENAME, &opts.framework,
         N_("Framework file (default: DATADIR/data/u4ssc-wheel.csv)"), N_("FILE")},
        {"help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = cs_cli_option_context(
        "import", N_("TABLE -o CITY.csv"),
        N_("Read a report table or spreadsheet; write the canonical city file."),
        import_description, entries);
    int rc = CS_EXIT_OK;
    GError *err = NULL;
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = NULL;
    cs_targets_t *targets = NULL;
    cs_import_t *imp = NULL;
    cs_diag_t *diag = cs_diag_new();
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, _("citysnap import: %s\n"
                          "Run 'citysnap import --help' for usage.\n"),
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
    if (argc != 2 || !output || !*output) {
        fprintf(stderr, _("citysnap import: %s\n"
                          "Run 'citysnap import --help' for usage.\n"),
                argc < 2   ? _("missing TABLE")
                : argc > 2 ? _("more than one TABLE")
                           : _("missing -o FILE"));
        rc = CS_EXIT_USAGE;
        goto out;
    }
    rc = cs_cli_load_data(&opts, &fw, &bands, &targets);
    if (rc == CS_EXIT_OK)
        rc = cs_cli_import(fw, argv[1], sheet, &imp);
    if (rc != CS_EXIT_OK)
        goto out;
    char *report = NULL;
    if (cs_import_report(imp, &report, NULL) == CS_OK)
        fputs(report, stdout);
    free(report);
    cs_diag_t *w = cs_diag_new();
    const cs_diag_t *iw = cs_import_warnings(imp);
    for (size_t i = 0; i < cs_diag_entry_count(iw); i++) {
        char *s = cs_diag_entry_format(cs_diag_get(iw, i));
        fprintf(stderr, "citysnap: %s\n", s ? s : "");
        free(s);
    }
    size_t nw = cs_diag_reported_count(iw);
    /* the city name is not part of a city file: not warned about here */
    cs_city_warnings(fw, targets, cs_import_city(imp), "-", argv[1], NULL,
                     w);
    nw += cs_cli_print_warnings(w);
    cs_diag_free(w);
    if (strict && nw) {
        fprintf(stderr,
                cs_ngettext("citysnap import: %zu warning and --strict: "
                            "nothing written\n",
                            "citysnap import: %zu warnings and --strict: "
                            "nothing written\n",
                            nw),
                nw);
        rc = CS_EXIT_FAIL;
        goto out;
    }
    cs_status_t st = cs_import_write(imp, output, diag);
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        rc = cs_cli_exit_code(st);
        goto out;
    }
    printf(_("wrote %s\n"), output);
    if (fflush(stdout) != 0)
        rc = CS_EXIT_IO;
out:
    cs_import_free(imp);
    cs_diag_free(diag);
    cs_targets_free(targets);
    cs_bands_free(bands);
    cs_framework_free(fw);
    g_free(opts.targets);
    g_free(opts.framework);
    g_free(opts.bands);
    g_free(output);
    g_free(sheet);
    g_option_context_free(ctx);
    return rc;
}

static const char *const template_description = N_(
    "Writes a fill-in sheet of every wedge in wheel order: code, dimension,\n"
    "group, name, unit, direction, and empty value, target and band\n"
    "columns. `check` and `render` read it back as it is; fill in the\n"
    "values (and targets or bands) and give it to them. The format comes\n"
    "from the extension of -o (.csv or .xlsx); without -o the CSV goes to\n"
    "stdout.\n"
    "--lang nb writes Norwegian names and column headers.\n");

int
cs_cmd_template(int argc, char **argv)
{
    cs_cli_data_opts_t opts = {NULL, NULL, NULL, NULL};
    char *output = NULL, *lang = NULL;
    gboolean help = FALSE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         N_("File to write (.csv or .xlsx; default: CSV on stdout)"), N_("FILE")},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &lang,
         N_("Language of names and headers: en (default) or nb"), N_("LANG")},
        {"framework", 'f', 0, G_OPTION_ARG_FILENAME, &opts.framework,
         N_("Framework file (default: DATADIR/data/u4ssc-wheel.csv)"), N_("FILE")},
        {"help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = cs_cli_option_context(
        "template", N_("[-o FILE]"), N_("Write a fill-in sheet of all wedges."),
        template_description, entries);
    int rc = CS_EXIT_OK;
    GError *err = NULL;
    cs_framework_t *fw = NULL;
    cs_bands_t *bands = NULL;
    cs_targets_t *targets = NULL;
    cs_translation_t *tr = NULL;
    cs_framework_t *tr_fw = NULL;
    char *tr_path = NULL, *data = NULL;
    size_t len = 0;
    cs_diag_t *diag = cs_diag_new();
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, _("citysnap template: %s\n"
                          "Run 'citysnap template --help' for usage.\n"),
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
    cs_template_format_t fmt = CS_TEMPLATE_CSV;
    if (output && g_str_has_suffix(output, ".xlsx"))
        fmt = CS_TEMPLATE_XLSX;
    else if (output && !g_str_has_suffix(output, ".csv")) {
        fprintf(stderr, _("citysnap template: cannot tell the format of "
                          "'%s': use .csv or .xlsx\n"
                          "Run 'citysnap template --help' for usage.\n"),
                output);
        rc = CS_EXIT_USAGE;
        goto out;
    }
    if (argc != 1) {
        fprintf(stderr, _("citysnap template: unexpected argument '%s'\n"
                          "Run 'citysnap template --help' for usage.\n"),
                argv[1]);
        rc = CS_EXIT_USAGE;
        goto out;
    }
    rc = cs_cli_lang_path("citysnap template", lang, &tr_path);
    if (rc != CS_EXIT_OK)
        goto out;
    rc = cs_cli_load_data(&opts, &fw, &bands, &targets);
    if (rc != CS_EXIT_OK)
        goto out;
    cs_status_t st = CS_OK;
    if (tr_path) {
        st = cs_translation_load(tr_path, lang, &tr, diag);
        if (st == CS_OK)
            st = cs_translation_framework(tr, fw, &tr_fw, NULL, diag);
    }
    if (st == CS_OK)
        st = cs_template_build(fw, tr_fw, lang, fmt, &data, &len, diag);
    if (st == CS_OK && output)
        st = cs_write_file_atomic(output, (const unsigned char *)data, len,
                                  diag);
    else if (st == CS_OK && fwrite(data, 1, len, stdout) != len)
        st = CS_ERR_IO;
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        rc = cs_cli_exit_code(st);
    }
    if (fflush(stdout) != 0 && rc == CS_EXIT_OK)
        rc = CS_EXIT_IO;
out:
    free(data);
    cs_framework_free(tr_fw);
    cs_translation_free(tr);
    g_free(tr_path);
    cs_diag_free(diag);
    cs_targets_free(targets);
    cs_bands_free(bands);
    cs_framework_free(fw);
    g_free(opts.targets);
    g_free(opts.framework);
    g_free(opts.bands);
    g_free(output);
    g_free(lang);
    g_option_context_free(ctx);
    return rc;
}
