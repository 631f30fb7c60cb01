/* SPDX-License-Identifier: MIT */
/* City files and targets files (src/city.c): columns, spreadsheet dialects,
 * and every error with its line and column. */
#include "cs-test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

static cs_framework_t *fw; /* the small test framework (6 KPIs) */

static int
setup(void **state)
{
    (void)state;
    fw = cs_test_small_framework();
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    cs_framework_free(fw);
    return 0;
}

static cs_city_t *
load(const char *text, size_t len, cs_status_t want, cs_diag_t *d)
{
    if (len == (size_t)-1)
        len = strlen(text);
    cs_city_t *c = NULL;
    cs_status_t st = cs_city_load_buffer(fw, "city.csv", text, len, &c, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    if (want == CS_OK)
        assert_non_null(c);
    else
        assert_null(c);
    return c;
}

/* Loads @text, expects @status with a diagnostic at @line:@col with @needle. */
static void
assert_bad(const char *text, cs_status_t status, unsigned line, unsigned col,
           const char *needle)
{
    cs_diag_t *d = cs_diag_new();
    load(text, (size_t)-1, status, d);
    if (!cs_test_diag_has(d, line, col, needle))
        cs_test_diag_dump(d);
    assert_true(cs_test_diag_has(d, line, col, needle));
    assert_int_equal(cs_diag_get(d, 0)->status, status);
    assert_string_equal(cs_diag_get(d, 0)->file, "city.csv");
    cs_diag_free(d);
}

static int
same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void
test_basic(void **state)
{
    (void)state;
    cs_city_t *c = load("code,value,source\n"
                        "A:1,80.5,\"Section 1, page 2\"\n"
                        "C:2,7,\n"
                        "B:1/y,,\"not reported: 'no data'\"\n",
                        (size_t)-1, CS_OK, NULL);
    assert_int_equal(cs_city_data_row_count(c), 2); /* B:1/y carries no data */
    const cs_city_entry_t *e = cs_city_get_entry(c, 0);
    assert_true(e->value == 80.5);
    assert_true(isnan(e->target));
    assert_true(isnan(e->percent));
    assert_false(e->has_band);
    assert_string_equal(e->source, "Section 1, page 2");
    assert_int_equal(e->line, 2);
    e = cs_city_get_entry(c, 5);
    assert_true(e->value == 7);
    assert_string_equal(e->source, "");
    assert_int_equal(e->line, 3);
    /* an empty value is allowed: no data, source kept */
    e = cs_city_get_entry(c, 3);
    assert_true(isnan(e->value));
    assert_string_equal(e->source, "not reported: 'no data'");
    assert_int_equal(e->line, 4);
    /* KPIs without a row */
    e = cs_city_get_entry(c, 1);
    assert_true(isnan(e->value));
    assert_int_equal(e->line, 0);
    assert_string_equal(e->source, "");
    assert_null(cs_city_get_entry(c, 6));
    cs_city_free(c);
    cs_city_free(NULL);
    assert_null(cs_city_get_entry(NULL, 0));
    assert_int_equal(cs_city_data_row_count(NULL), 0);
}

static void
test_optional_columns(void **state)
{
    (void)state;
    /* any column order, header names case-insensitive, unknown columns
     * ignored */
    cs_city_t *c = load(" Band ,Percent,CODE,notes,Target,Value\n"
                        "66to95,,A:1,x,,1\n"
                        ",42.5,A:2,x,,\n"
                        ",,B:1/x,x,300,150\n"
                        "NODATA,,C:1,x,,\n",
                        (size_t)-1, CS_OK, NULL);
    const cs_city_entry_t *e = cs_city_get_entry(c, 0);
    assert_true(e->has_band);
    assert_int_equal(e->band, CS_BAND_66TO95);
    assert_true(e->value == 1);
    e = cs_city_get_entry(c, 1);
    assert_false(e->has_band);
    assert_true(e->percent == 42.5);
    assert_true(isnan(e->value));
    e = cs_city_get_entry(c, 2);
    assert_true(e->target == 300);
    assert_true(e->value == 150);
    e = cs_city_get_entry(c, 4);
    assert_true(e->has_band);
    assert_int_equal(e->band, CS_BAND_NODATA);
    assert_int_equal(cs_city_data_row_count(c), 3 + 1);
    cs_city_free(c);

    /* percent range 0..1000 inclusive */
    c = load("code,value,percent\nA:1,,0\nA:2,,1000\n", (size_t)-1, CS_OK, NULL);
    assert_true(cs_city_get_entry(c, 1)->percent == 1000);
    cs_city_free(c);
    /* header only: valid, no data */
    c = load("code,value\n", (size_t)-1, CS_OK, NULL);
    assert_int_equal(cs_city_data_row_count(c), 0);
    cs_city_free(c);
}

/* The same city in several spreadsheet dialects gives the same entries. */
static void
test_dialects(void **state)
{
    (void)state;
    const char *files[] = {"data/city-good.csv", "data/city-good-excel.csv",
                           "data/city-good.tsv"};
    cs_city_t *ref = NULL;
    for (size_t f = 0; f < G_N_ELEMENTS(files); f++) {
        char *p = cs_test_src(files[f]);
        cs_diag_t *d = cs_diag_new();
        cs_city_t *c = NULL;
        cs_status_t st = cs_city_load(fw, p, &c, d);
        if (st != CS_OK)
            cs_test_diag_dump(d);
        assert_int_equal(st, CS_OK);
        assert_int_equal(cs_city_data_row_count(c), 5);
        assert_true(cs_city_get_entry(c, 0)->value == 80.5);
        assert_true(cs_city_get_entry(c, 1)->value == 25.5);
        assert_true(cs_city_get_entry(c, 4)->value == 1.0);
        assert_string_equal(cs_city_get_entry(c, 3)->source,
                            "not reported:\n\"no data\" (two lines)");
        assert_string_equal(cs_city_get_entry(c, 0)->source,
                            "Test city, section 1; a quoted source");
        if (!ref) {
            ref = c;
        } else {
            for (size_t i = 0; i < cs_framework_kpi_count(fw); i++) {
                const cs_city_entry_t *a = cs_city_get_entry(ref, i),
                                      *b = cs_city_get_entry(c, i);
                assert_true(same(a->value, b->value));
                assert_true(same(a->target, b->target));
                assert_true(same(a->percent, b->percent));
                assert_int_equal(a->has_band, b->has_band);
                assert_string_equal(a->source, b->source);
                assert_int_equal(a->line, b->line);
            }
            cs_city_free(c);
        }
        cs_diag_free(d);
        g_free(p);
    }
    cs_city_free(ref);

    /* decimal comma in semicolon and tab files, in value/target/percent */
    cs_city_t *c = load("\xEF\xBB\xBF" "code;value;target;percent\r\n"
                        "A:1;1,5;2,25;\r\n"
                        "A:2;;;12,5\r\n",
                        (size_t)-1, CS_OK, NULL);
    assert_true(cs_city_get_entry(c, 0)->value == 1.5);
    assert_true(cs_city_get_entry(c, 0)->target == 2.25);
    assert_true(cs_city_get_entry(c, 1)->percent == 12.5);
    cs_city_free(c);
    c = load("code\tvalue\nA:1\t0,75\n", (size_t)-1, CS_OK, NULL);
    assert_true(cs_city_get_entry(c, 0)->value == 0.75);
    cs_city_free(c);
}

static void
test_errors(void **state)
{
    (void)state;
    /* missing required columns: at the header */
    assert_bad("code,val\nA:1,1\n", CS_ERR_INVALID, 1, 1,
               "missing required column 'value'");
    assert_bad("\n\nkoder;value\nA:1;1\n", CS_ERR_INVALID, 3, 1,
               "missing required column 'code'");
    /* unknown code (case and spaces do not count: a:2 is A:2) */
    assert_bad("code,value\nA:1,1\na:3,2\n", CS_ERR_INVALID, 3, 1,
               "code: unknown KPI code 'a:3'");
    assert_bad("code,value\n  Z:9  ,1\n", CS_ERR_INVALID, 2, 3,
               "unknown KPI code 'Z:9'");
    /* empty code */
    assert_bad("value,code\n1,\n", CS_ERR_INVALID, 2, 3, "code: empty code");
    /* duplicate code */
    assert_bad("code,value\nA:1,1\nA:2,2\n\nA:1,3\n", CS_ERR_INVALID, 5, 1,
               "code: duplicate code 'A:1' (first on line 2)");
    /* bad numbers, naming the column */
    assert_bad("code,value\nA:1,1.5x\n", CS_ERR_PARSE, 2, 5,
               "value: bad number '1.5x'");
    assert_bad("code,value,target\nA:1,1,ten\n", CS_ERR_PARSE, 2, 7,
               "target: bad number 'ten'");
    assert_bad("code,value,percent\nA:1,1,nan\n", CS_ERR_PARSE, 2, 7,
               "percent: bad number 'nan'");
    assert_bad("code,value\nA:1,1e400\n", CS_ERR_PARSE, 2, 5, "out of range");
    assert_bad("code,value\nA:1,\"1,5\"\n", CS_ERR_PARSE, 2, 5,
               "decimal comma in a comma-separated file");
    assert_bad("code;value\nA:1;1.234,5\n", CS_ERR_PARSE, 2, 5,
               "more than one decimal separator");
    assert_bad("code,value\nA:1,inf\n", CS_ERR_PARSE, 2, 5, "not a number");
    /* percent out of range */
    assert_bad("code,value,percent\nA:1,,-0.5\n", CS_ERR_INVALID, 2, 6,
               "percent: -0.5 is outside 0..1000");
    assert_bad("code,value,percent\nA:1,,1000.5\n", CS_ERR_INVALID, 2, 6,
               "outside 0..1000");
    /* unknown band key */
    assert_bad("code,value,band\nA:1,1,green\n", CS_ERR_INVALID, 2, 7,
               "band: unknown band key 'green'");
    assert_bad("code,value,band\nA:1,1,95\n", CS_ERR_INVALID, 2, 7,
               "unknown band key '95'");
    /* wrong column count */
    assert_bad("code,value,source\nA:1,1,a,b\n", CS_ERR_PARSE, 2, 9,
               "wrong column count: row has 4 fields, the header has 3");
    assert_bad("code,value,source\nA:1,1\n", CS_ERR_PARSE, 2, 6,
               "wrong column count: row has 2 fields");
    /* CSV-level errors */
    assert_bad("code,value,source\nA:1,1,\"unterminated\nA:2,2,x\n",
               CS_ERR_PARSE, 2, 7, "unterminated quoted field");
    /* not UTF-8: read as Windows-1252, where 0xE9 is 'é' */
    assert_bad("code,value\nA:1,\xe9\n", CS_ERR_PARSE, 2, 5,
               "value: bad number '\xc3\xa9'");
    assert_bad("", CS_ERR_INVALID, 1, 1, "no header");
    cs_diag_t *d = cs_diag_new();
    load("code,value\nA:1,1\0\n", 17, CS_ERR_PARSE, d);
    assert_true(cs_test_diag_has(d, 2, 6, "NUL"));
    cs_diag_free(d);
    assert_bad("code,value,code\n", CS_ERR_INVALID, 1, 12,
               "duplicate column name");
}

static void
test_all_errors_reported(void **state)
{
    (void)state;
    char *p = cs_test_src("data/city-broken.csv");
    cs_diag_t *d = cs_diag_new();
    cs_city_t *c = NULL;
    assert_int_equal(cs_city_load(fw, p, &c, d), CS_ERR_INVALID);
    assert_null(c);
    assert_true(cs_test_diag_has(d, 3, 1, "unknown KPI code 'X:9'"));
    assert_true(cs_test_diag_has(d, 4, 1, "duplicate code 'A:1'"));
    assert_true(cs_test_diag_has(d, 5, 5, "value: bad number 'abc'"));
    assert_true(cs_test_diag_has(d, 6, 9, "unknown band key 'greenish'"));
    assert_true(cs_test_diag_has(d, 7, 6, "wrong column count"));
    assert_true(cs_test_diag_has(d, 8, 5, "out of range"));
    assert_int_equal(cs_diag_reported_count(d), 6);
    for (size_t i = 0; i < cs_diag_entry_count(d); i++)
        assert_string_equal(cs_diag_get(d, i)->file, p);
    cs_diag_free(d);
    g_free(p);

    /* many problems: all counted, one per cell */
    GString *s = g_string_new("code,value\n");
    for (int i = 0; i < 300; i++)
        g_string_append_printf(s, "Q:%d,x\n", i);
    d = cs_diag_new();
    load(s->str, s->len, CS_ERR_INVALID, d);
    assert_int_equal(cs_diag_reported_count(d), 600);
    assert_int_equal(cs_diag_entry_count(d), CS_DIAG_MAX_ENTRIES);
    cs_diag_free(d);
    g_string_free(s, TRUE);
}

static void
test_load_args(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_city_t *c = NULL;
    assert_int_equal(cs_city_load(fw, "/nonexistent/city.csv", &c, d),
                     CS_ERR_IO);
    assert_null(c);
    assert_true(cs_test_diag_has(d, 0, 0, "cannot open"));
    assert_int_equal(cs_city_load(NULL, "x.csv", &c, d), CS_ERR_ARG);
    assert_int_equal(cs_city_load(fw, NULL, &c, d), CS_ERR_ARG);
    assert_int_equal(cs_city_load_buffer(fw, "x", "", 0, NULL, d),
                     CS_ERR_ARG);
    cs_diag_free(d);
}

/* ---- targets ---------------------------------------------------------- */

static cs_targets_t *
load_targets(const char *text, cs_status_t want, cs_diag_t *d)
{
    cs_targets_t *t = NULL;
    cs_status_t st = cs_targets_load_buffer(fw, "targets.csv", text,
                                            strlen(text), &t, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    if (want == CS_OK)
        assert_non_null(t);
    else
        assert_null(t);
    return t;
}

static void
assert_bad_targets(const char *text, cs_status_t status, unsigned line,
                   unsigned col, const char *needle)
{
    cs_diag_t *d = cs_diag_new();
    load_targets(text, status, d);
    if (!cs_test_diag_has(d, line, col, needle))
        cs_test_diag_dump(d);
    assert_true(cs_test_diag_has(d, line, col, needle));
    assert_int_equal(cs_diag_get(d, 0)->status, status);
    cs_diag_free(d);
}

static void
test_targets(void **state)
{
    (void)state;
    cs_targets_t *t = load_targets("code,target,rationale\n"
                                   "A:1,90,\"SDG 6.1, illustrative\"\n"
                                   "C:2,0.5,\n"
                                   "B:1/x,,no target yet\n",
                                   CS_OK, NULL);
    assert_true(cs_targets_get(t, 0) == 90);
    assert_true(cs_targets_get(t, 5) == 0.5);
    assert_true(isnan(cs_targets_get(t, 2)));
    assert_true(isnan(cs_targets_get(t, 1)));
    assert_true(isnan(cs_targets_get(t, 6)));
    assert_true(isnan(cs_targets_get(NULL, 0)));
    cs_targets_free(t);
    cs_targets_free(NULL);

    /* spreadsheet dialect */
    t = load_targets("\xEF\xBB\xBF" "Code;Target\r\nA:2;12,5\r\n\r\n", CS_OK,
                     NULL);
    assert_true(cs_targets_get(t, 1) == 12.5);
    cs_targets_free(t);

    /* from a file */
    char *p = cs_test_src("data/targets-small.csv");
    assert_int_equal(cs_targets_load(fw, p, &t, NULL), CS_OK);
    assert_true(cs_targets_get(t, 2) == 200);
    assert_true(cs_targets_get(t, 5) == 2);
    cs_targets_free(t);
    g_free(p);

    /* errors */
    assert_bad_targets("code,goal\nA:1,1\n", CS_ERR_INVALID, 1, 1,
                       "missing required column 'target'");
    assert_bad_targets("code,target\nA:1,1\nX:1,2\n", CS_ERR_INVALID, 3, 1,
                       "unknown KPI code 'X:1'");
    assert_bad_targets("code,target\nA:1,1\nA:1,2\n", CS_ERR_INVALID, 3, 1,
                       "duplicate code 'A:1' (first on line 2)");
    assert_bad_targets("code,target\nA:1,1.2.3\n", CS_ERR_PARSE, 2, 5,
                       "target: bad number '1.2.3'");
    assert_bad_targets("code,target\nA:1,1,x\n", CS_ERR_PARSE, 2, 7,
                       "wrong column count");
    cs_diag_t *d = cs_diag_new();
    load_targets("code,target\nX:1,a\nA:1\n", CS_ERR_INVALID, d);
    assert_true(cs_test_diag_has(d, 2, 1, "unknown KPI code"));
    assert_true(cs_test_diag_has(d, 2, 5, "bad number 'a'"));
    assert_true(cs_test_diag_has(d, 3, 4, "wrong column count"));
    assert_int_equal(cs_diag_reported_count(d), 3);
    assert_int_equal(cs_targets_load(fw, "/nonexistent/t.csv", &t, d),
                     CS_ERR_IO);
    cs_diag_free(d);
}

/* The bundled sample, and its spreadsheet export, give the same entries. */
static void
test_sample_spreadsheet(void **state)
{
    (void)state;
    char *fwp = cs_test_root("data/u4ssc-wheel.csv");
    char *a = cs_test_root("samples/asker.csv");
    char *b = cs_test_root("samples/spreadsheet/asker-excel.csv");
    if (!g_file_test(fwp, G_FILE_TEST_EXISTS)) {
        g_free(fwp);
        g_free(a);
        g_free(b);
        skip();
    }
    cs_framework_t *full = cs_test_framework();
    cs_diag_t *d = cs_diag_new();
    cs_city_t *ca = NULL, *cb = NULL;
    assert_int_equal(cs_city_load(full, a, &ca, d), CS_OK);
    assert_int_equal(cs_city_load(full, b, &cb, d), CS_OK);
    assert_true(cs_city_data_row_count(ca) > 0);
    assert_int_equal(cs_city_data_row_count(ca), cs_city_data_row_count(cb));
    size_t with_decimals = 0;
    for (size_t i = 0; i < cs_framework_kpi_count(full); i++) {
        const cs_city_entry_t *x = cs_city_get_entry(ca, i),
                              *y = cs_city_get_entry(cb, i);
        assert_true(same(x->value, y->value));
        assert_string_equal(x->source, y->source);
        assert_int_equal(x->line, y->line);
        if (!isnan(x->value) && x->value != floor(x->value))
            with_decimals++;
    }
    assert_true(with_decimals > 0); /* the decimal commas were exercised */
    cs_city_free(ca);
    cs_city_free(cb);
    cs_diag_free(d);
    cs_framework_free(full);
    g_free(fwp);
    g_free(a);
    g_free(b);
}

/* A targets file's metadata rows: where the targets come from and whether
 * they are illustrative; neither is a KPI row. */
static void
test_targets_meta(void **state)
{
    (void)state;
    cs_targets_t *t = load_targets("code,target\nsource,KS targets 2024\n"
                                   "illustrative,no\nA:1,50\n",
                                   CS_OK, NULL);
    assert_string_equal(cs_targets_source(t), "KS targets 2024");
    assert_int_equal(cs_targets_illustrative(t), 0);
    assert_string_equal(cs_targets_file(t), "targets.csv");
    assert_true(cs_targets_get(t, 0) == 50);
    /* --targets-note replaces it */
    assert_int_equal(cs_targets_set_source(t, "  Council plan  ", NULL),
                     CS_OK);
    assert_string_equal(cs_targets_source(t), "Council plan");
    assert_int_equal(cs_targets_set_source(t, " ", NULL), CS_ERR_ARG);
    assert_int_equal(cs_targets_set_source(t, NULL, NULL), CS_ERR_ARG);
    assert_int_equal(cs_targets_set_source(NULL, "x", NULL), CS_ERR_ARG);
    assert_string_equal(cs_targets_source(t), "Council plan");
    cs_targets_free(t);
    t = load_targets("code,target\nNOTE, made up \nIllustrative,YES\n",
                     CS_OK, NULL);
    assert_string_equal(cs_targets_source(t), "made up");
    assert_int_equal(cs_targets_illustrative(t), 1);
    cs_targets_free(t);
    t = load_targets("code,target\nA:1,50\n", CS_OK, NULL);
    assert_null(cs_targets_source(t));
    assert_int_equal(cs_targets_illustrative(t), 0);
    cs_targets_free(t);
    assert_null(cs_targets_source(NULL));
    assert_null(cs_targets_file(NULL));
    assert_int_equal(cs_targets_illustrative(NULL), 0);
    assert_bad_targets("code,target\nsource,\n", CS_ERR_INVALID, 2, 8,
                       "source: empty");
    assert_bad_targets("code,target\nsource,a\nnote,b\n", CS_ERR_INVALID, 3,
                       6, "source: given twice");
    assert_bad_targets("code,target\nillustrative,maybe\n", CS_ERR_INVALID,
                       2, 14, "'maybe' is not yes or no");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_optional_columns),
        cmocka_unit_test(test_dialects),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_load_args),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_targets_meta),
        cmocka_unit_test(test_sample_spreadsheet),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
