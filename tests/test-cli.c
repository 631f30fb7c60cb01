/* SPDX-License-Identifier: MIT */
/* The citysnap CLI: check (tables, errors, exit codes), --help, --version. */
#include "cs-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

static char *fw_path, *targets_path, *good_path, *excel_path, *tsv_path,
    *broken_path;

static int
setup(void **state)
{
    (void)state;
    fw_path = cs_test_src("data/fw-small.csv");
    targets_path = cs_test_src("data/targets-small.csv");
    good_path = cs_test_src("data/city-good.csv");
    excel_path = cs_test_src("data/city-good-excel.csv");
    tsv_path = cs_test_src("data/city-good.tsv");
    broken_path = cs_test_src("data/city-broken.csv");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    g_free(fw_path);
    g_free(targets_path);
    g_free(good_path);
    g_free(excel_path);
    g_free(tsv_path);
    g_free(broken_path);
    return 0;
}

/* The line of @text whose first cell is @prefix (followed by the two
 * spaces that separate table cells), g_free; or NULL. */
static char *
line_starting(const char *text, const char *prefix)
{
    char **lines = g_strsplit(text, "\n", -1);
    char *found = NULL;
    size_t n = strlen(prefix);
    for (size_t i = 0; lines[i] && !found; i++)
        if (!strncmp(lines[i], prefix, n) && lines[i][n] == ' ' &&
            lines[i][n + 1] == ' ')
            found = g_strdup(lines[i]);
    g_strfreev(lines);
    return found;
}

/* Asserts that the table line for @prefix contains every string in the
 * NULL-terminated list. */
static void
assert_row(const char *out, const char *prefix, ...)
{
    char *line = line_starting(out, prefix);
    if (!line) {
        fprintf(stderr, "# no line '%s' in:\n%s\n", prefix, out);
        fail();
        return;
    }
    va_list ap;
    va_start(ap, prefix);
    const char *want;
    while ((want = va_arg(ap, const char *))) {
        if (!strstr(line, want))
            fprintf(stderr, "# '%s' lacks '%s'\n", line, want);
        assert_non_null(strstr(line, want));
    }
    va_end(ap);
    g_free(line);
}

/* @text without its first line. */
static const char *
after_first_line(const char *text)
{
    const char *nl = strchr(text, '\n');
    assert_non_null(nl);
    return nl + 1;
}

static void
test_check_good(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = cs_test_run_cli(&out, &err, "check", good_path, "--framework",
                             fw_path, "--targets", targets_path, NULL);
    if (rc != 0)
        fprintf(stderr, "# stderr: %s\n", err);
    assert_int_equal(rc, 0);
    /* the one warning: B:1/x (a % KPI) is 190 */
    char *want = g_strdup_printf("citysnap: %s:4: warning: B:1/x 'Third KPI "
                                 "x' is 190 %%, more than 100 %%\n",
                                 good_path);
    assert_string_equal(err, want);
    g_free(want);
    assert_true(g_str_has_prefix(out, "city-good ("));
    /* KPI rows: code, label, value, target, % of target, band */
    assert_row(out, "A:1", "First KPI", "80.5", "100",
               "66 \xe2\x80\x93 95 % of target", NULL);
    assert_row(out, "A:2", "Second KPI", "25.5", "10", "39.2",
               "33 \xe2\x80\x93 66 % of target", NULL);
    assert_row(out, "B:1/x", "190", "200", "95.0", "95+ % of target", NULL);
    assert_row(out, "B:1/y", "No data or no target", NULL);
    assert_row(out, "C:1", "25.0", "Less than 33 % of target", NULL);
    assert_row(out, "C:2", "28.6", "Less than 33 % of target", NULL);
    /* groups, dimensions, overall: points/(4 x scored), scored/total, % */
    assert_row(out, "Economy / Alpha", "5/8", "2/2", "62.50",
               "33 \xe2\x80\x93 66 % of target", NULL);
    assert_row(out, "Economy / Beta", "4/4", "1/2", "100.00",
               "95+ % of target", NULL);
    assert_row(out, "Environment / Gamma", "2/8", "25.00",
               "Less than 33 % of target", NULL);
    assert_row(out, "Economy", "9/12", "3/4", "75.00",
               "66 \xe2\x80\x93 95 % of target", NULL);
    assert_row(out, "Environment", "2/8", "2/2", "25.00", NULL);
    assert_row(out, "Overall", "11/20", "5/6", "55.00",
               "33 \xe2\x80\x93 66 % of target", NULL);
    g_free(out);
    g_free(err);

    /* without targets: no target for B:1/x and C:2 */
    rc = cs_test_run_cli(&out, &err, "check", good_path, "--framework",
                         fw_path, "--name", "\xc3\x85lesund", NULL);
    assert_int_equal(rc, 0);
    assert_true(g_str_has_prefix(out, "\xc3\x85lesund ("));
    assert_row(out, "B:1/x", "Data reported \xe2\x80\x93 no target yet "
                             "available", NULL);
    assert_row(out, "C:2", "Data reported \xe2\x80\x93 no target yet "
                           "available", NULL);
    assert_row(out, "Economy / Beta", "0/0", "0/2", "No data or no target",
               NULL);
    g_free(out);
    g_free(err);
}

static void
test_check_spreadsheet(void **state)
{
    (void)state;
    /* BOM + CRLF + semicolons + decimal commas, and TAB: same table */
    char *ref = NULL, *out = NULL;
    assert_int_equal(cs_test_run_cli(&ref, NULL, "check", good_path,
                                     "--framework", fw_path, "--targets",
                                     targets_path, NULL),
                     0);
    const char *others[] = {excel_path, tsv_path};
    for (size_t i = 0; i < G_N_ELEMENTS(others); i++) {
        char *err = NULL;
        int rc = cs_test_run_cli(&out, &err, "check", others[i],
                                 "--framework", fw_path, "--targets",
                                 targets_path, NULL);
        if (rc != 0)
            fprintf(stderr, "# %s", err);
        assert_int_equal(rc, 0);
        assert_string_equal(after_first_line(out), after_first_line(ref));
        g_free(out);
        g_free(err);
    }
    g_free(ref);
}

/* The bundled Norwegian-spreadsheet export of Asker scores exactly like
 * samples/asker.csv. */
static void
test_check_sample_spreadsheet(void **state)
{
    (void)state;
    char *fw = cs_test_root("data/u4ssc-wheel.csv");
    char *targets = cs_test_root("samples/targets.csv");
    char *asker = cs_test_root("samples/asker.csv");
    char *excel = cs_test_root("samples/spreadsheet/asker-excel.csv");
    if (!g_file_test(fw, G_FILE_TEST_EXISTS) ||
        !g_file_test(targets, G_FILE_TEST_EXISTS)) {
        g_free(fw);
        g_free(targets);
        g_free(asker);
        g_free(excel);
        skip();
    }
    char *a = NULL, *b = NULL, *err = NULL;
    assert_int_equal(cs_test_run_cli(&a, NULL, "check", asker, "--targets",
                                     targets, NULL),
                     0);
    int rc = cs_test_run_cli(&b, &err, "check", excel, "--targets", targets,
                             NULL);
    if (rc != 0)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    assert_string_equal(err, "");
    assert_string_equal(after_first_line(a), after_first_line(b));
    /* a value with a decimal comma in the export */
    assert_row(b, "EC:P:EM:1C", "1.8", NULL);
    assert_non_null(strstr(b, "Overall"));
    g_free(a);
    g_free(b);
    g_free(err);
    g_free(fw);
    g_free(targets);
    g_free(asker);
    g_free(excel);
}

static void
test_check_broken(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = cs_test_run_cli(&out, &err, "check", broken_path, "--framework",
                             fw_path, NULL);
    assert_int_equal(rc, 1);
    assert_string_equal(out, "");
    const char *want[] = {
        ":3:1: code: unknown KPI code 'X:9'",
        ":4:1: code: duplicate code 'A:1' (first on line 2)",
        ":5:5: value: bad number 'abc'",
        ":6:9: band: unknown band key 'greenish'",
        ":7:6: wrong column count",
        ":8:5: value: bad number '1e400'",
    };
    char **lines = g_strsplit(err, "\n", -1);
    assert_int_equal(g_strv_length(lines), G_N_ELEMENTS(want) + 1);
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        /* "citysnap: FILE:LINE:COLUMN: message", in line order */
        char *prefix = g_strconcat("citysnap: ", broken_path, want[i], NULL);
        if (!g_str_has_prefix(lines[i], prefix))
            fprintf(stderr, "# got '%s'\n# want '%s'\n", lines[i], prefix);
        assert_true(g_str_has_prefix(lines[i], prefix));
        g_free(prefix);
    }
    g_strfreev(lines);
    g_free(out);
    g_free(err);
}

static void
test_check_bad_data_files(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("cli");
    char *bands = g_build_filename(dir, "bands.csv", NULL);
    cs_test_write(bands,
                  "key,label,color,min_percent,points\n"
                  "95plus,Top,#459a71,95,4\n"
                  "66to95,Good,#72b28,66,3\n"
                  "33to66,Fair,#d8ae56,33,2\n"
                  "below33,Poor,#d17d52,0,1\n"
                  "nodata,None,#89817b,,0\n"
                  "notarget,No target,#609fba,,0\n",
                  (size_t)-1);
    char *out = NULL, *err = NULL;
    int rc = cs_test_run_cli(&out, &err, "check", good_path, "--framework",
                             fw_path, "--bands", bands, NULL);
    assert_int_equal(rc, 1);
    char *want = g_strdup_printf("citysnap: %s:3:13: color: '#72b28'", bands);
    assert_non_null(strstr(err, want));
    g_free(want);
    g_free(out);
    g_free(err);

    /* a broken targets file */
    char *targets = g_build_filename(dir, "targets.csv", NULL);
    cs_test_write(targets, "code;target\r\nA:1;1,5\r\nNOPE;2\r\n", (size_t)-1);
    rc = cs_test_run_cli(&out, &err, "check", good_path, "--framework",
                         fw_path, "--targets", targets, NULL);
    assert_int_equal(rc, 1);
    want = g_strdup_printf("citysnap: %s:3:1: code: unknown KPI code 'NOPE'",
                           targets);
    assert_non_null(strstr(err, want));
    g_free(want);
    g_free(out);
    g_free(err);

    /* files that cannot be read: exit status 3 */
    char *missing = g_build_filename(dir, "missing.csv", NULL);
    rc = cs_test_run_cli(&out, &err, "check", missing, "--framework", fw_path,
                         NULL);
    assert_int_equal(rc, 3);
    assert_non_null(strstr(err, missing));
    assert_non_null(strstr(err, "cannot open"));
    g_free(out);
    g_free(err);
    rc = cs_test_run_cli(&out, &err, "check", good_path, "--framework",
                         missing, NULL);
    assert_int_equal(rc, 3);
    assert_non_null(strstr(err, missing));
    g_free(out);
    g_free(err);

    cs_test_rmtree(dir);
    g_free(missing);
    g_free(targets);
    g_free(bands);
    g_free(dir);
}

static void
test_usage(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    /* no file, two files, unknown option: exit status 2 */
    assert_int_equal(cs_test_run_cli(&out, &err, "check", NULL), 2);
    assert_non_null(strstr(err, "missing CITY.csv"));
    g_free(out);
    g_free(err);
    assert_int_equal(cs_test_run_cli(&out, &err, "check", good_path,
                                     good_path, "--framework", fw_path, NULL),
                     2);
    g_free(out);
    g_free(err);
    assert_int_equal(cs_test_run_cli(&out, &err, "check", "--bogus",
                                     good_path, NULL),
                     2);
    assert_non_null(strstr(err, "--bogus"));
    g_free(out);
    g_free(err);
    assert_int_equal(cs_test_run_cli(&out, &err, "check", good_path,
                                     "--targets", NULL),
                     2);
    g_free(out);
    g_free(err);
    assert_int_equal(cs_test_run_cli(&out, &err, "frobnicate", NULL), 2);
    assert_non_null(strstr(err, "unknown command"));
    g_free(out);
    g_free(err);
    assert_int_equal(cs_test_run_cli(&out, &err, NULL), 2);
    g_free(out);
    g_free(err);
}

static void
test_help_version(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    assert_int_equal(cs_test_run_cli(&out, &err, "check", "--help", NULL), 0);
    const char *want[] = {"CITY.csv", "--targets", "--framework", "--bands",
                          "--name", "Exit status", "FILE:LINE:COLUMN"};
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        assert_non_null(strstr(out, want[i]));
    assert_string_equal(err, "");
    g_free(out);
    g_free(err);
    assert_int_equal(cs_test_run_cli(&out, NULL, "check", "-h", NULL), 0);
    assert_non_null(strstr(out, "--targets"));
    g_free(out);

    assert_int_equal(cs_test_run_cli(&out, NULL, "--help", NULL), 0);
    assert_non_null(strstr(out, "check CITY.csv"));
    assert_non_null(strstr(out, "Exit status"));
    g_free(out);

    assert_int_equal(cs_test_run_cli(&out, NULL, "--version", NULL), 0);
    char *v = g_strdup_printf("citysnap %s\n", cs_version());
    assert_string_equal(out, v);
    g_free(v);
    g_free(out);
}

/* check --min-coverage: the table's coverage column and the not-enough-data
 * rows follow the option (Asker's Economy has 21 of 51 KPIs scored). */
static void
test_check_min_coverage(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    char *tg = cs_test_root("samples/targets.csv");
    char *out = NULL;
    assert_int_equal(cs_test_run_cli(&out, NULL, "check", city, "--targets",
                                     tg, "--min-coverage", "50", NULL),
                     0);
    assert_non_null(strstr(out, "below 50 % scored"));
    char *row = strstr(out, "\nEconomy  "); /* the dimension row */
    assert_non_null(row);
    assert_true(strstr(row, "21/51") < strchr(row + 1, '\n'));
    char *few = strstr(row, "Not enough data");
    assert_true(few && few < strchr(row + 1, '\n'));
    g_free(out);
    assert_int_equal(cs_test_run_cli(&out, NULL, "check", city, "--targets",
                                     tg, "--min-coverage", "0", NULL),
                     0);
    assert_null(strstr(out, "Not enough data"));
    g_free(out);
    /* the default: 33 % (Transport, 3 of 15, is not enough) */
    assert_int_equal(cs_test_run_cli(&out, NULL, "check", city, "--targets",
                                     tg, NULL),
                     0);
    row = strstr(out, "Economy / Transport");
    assert_non_null(row);
    few = strstr(row, "Not enough data");
    assert_true(few && few < strchr(row, '\n'));
    g_free(out);
    const char *bad[] = {"101", "-1", "x", "50%%", ""};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *err = NULL;
        assert_int_equal(cs_test_run_cli(NULL, &err, "check", city,
                                         "--min-coverage", bad[i], NULL),
                         2);
        assert_non_null(strstr(err, "invalid --min-coverage"));
        g_free(err);
    }
    g_free(city);
    g_free(tg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_good),
        cmocka_unit_test(test_check_spreadsheet),
        cmocka_unit_test(test_check_sample_spreadsheet),
        cmocka_unit_test(test_check_broken),
        cmocka_unit_test(test_check_bad_data_files),
        cmocka_unit_test(test_check_min_coverage),
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_help_version),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
