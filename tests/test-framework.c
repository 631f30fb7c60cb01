/* SPDX-License-Identifier: MIT */
/* The wheel framework (src/framework.c): structure, lookups, validation. */
#include "cs-test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

static const char header[] = "code,dimension,group,label,unit,direction,target\n";

static cs_framework_t *
load(const char *text, cs_status_t want, cs_diag_t *d)
{
    cs_framework_t *fw = NULL;
    cs_status_t st = cs_framework_load_buffer("fw.csv", text, strlen(text),
                                              &fw, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    if (want == CS_OK)
        assert_non_null(fw);
    else
        assert_null(fw);
    return fw;
}

static void
assert_bad(const char *rows, cs_status_t status, unsigned line, unsigned col,
           const char *needle)
{
    char *text = g_strconcat(header, rows, NULL);
    cs_diag_t *d = cs_diag_new();
    load(text, status, d);
    if (!cs_test_diag_has(d, line, col, needle))
        cs_test_diag_dump(d);
    assert_true(cs_test_diag_has(d, line, col, needle));
    assert_int_equal(cs_diag_get(d, 0)->status, status);
    assert_string_equal(cs_diag_get(d, 0)->file, "fw.csv");
    cs_diag_free(d);
    g_free(text);
}

static void
test_small(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_small_framework();
    assert_int_equal(cs_framework_kpi_count(fw), 6);
    assert_int_equal(cs_framework_group_count(fw), 3);
    assert_int_equal(cs_framework_dimension_count(fw), 2);

    const cs_dimension_t *d0 = cs_framework_get_dimension(fw, 0);
    const cs_dimension_t *d1 = cs_framework_get_dimension(fw, 1);
    assert_string_equal(d0->name, "Economy");
    assert_int_equal(d0->first_group, 0);
    assert_int_equal(d0->n_groups, 2);
    assert_int_equal(d0->first_kpi, 0);
    assert_int_equal(d0->n_kpis, 4);
    assert_string_equal(d1->name, "Environment");
    assert_int_equal(d1->first_group, 2);
    assert_int_equal(d1->n_groups, 1);
    assert_int_equal(d1->first_kpi, 4);
    assert_int_equal(d1->n_kpis, 2);

    const char *gnames[] = {"Alpha", "Beta", "Gamma"};
    size_t gfirst[] = {0, 2, 4}, gdim[] = {0, 0, 1};
    for (size_t g = 0; g < 3; g++) {
        const cs_group_t *grp = cs_framework_get_group(fw, g);
        assert_string_equal(grp->name, gnames[g]);
        assert_int_equal(grp->first_kpi, gfirst[g]);
        assert_int_equal(grp->n_kpis, 2);
        assert_int_equal(grp->dimension, gdim[g]);
    }

    const cs_kpi_t *k = cs_framework_get_kpi(fw, 1);
    assert_string_equal(k->code, "A:2");
    assert_string_equal(k->label, "Second KPI");
    assert_string_equal(k->unit, "%");
    assert_int_equal(k->direction, CS_LOWER_IS_BETTER);
    assert_true(k->target == 10);
    assert_int_equal(k->group, 0);
    assert_int_equal(k->dimension, 0);
    k = cs_framework_get_kpi(fw, 2);
    assert_string_equal(k->code, "B:1/x");
    assert_true(isnan(k->target));
    assert_int_equal(k->group, 1);
    k = cs_framework_get_kpi(fw, 4);
    assert_string_equal(k->unit, "");
    assert_int_equal(k->dimension, 1);

    assert_int_equal(cs_framework_find(fw, "A:1"), 0);
    assert_int_equal(cs_framework_find(fw, "B:1/y"), 3);
    assert_int_equal(cs_framework_find(fw, "C:2"), 5);
    assert_int_equal(cs_framework_find(fw, "c:2"), -1); /* case-sensitive */
    assert_int_equal(cs_framework_find(fw, "B:1"), -1);
    assert_int_equal(cs_framework_find(fw, NULL), -1);
    assert_null(cs_framework_get_kpi(fw, 6));
    assert_null(cs_framework_get_group(fw, 3));
    assert_null(cs_framework_get_dimension(fw, 2));
    cs_framework_free(fw);

    assert_int_equal(cs_framework_kpi_count(NULL), 0);
    assert_int_equal(cs_framework_find(NULL, "A:1"), -1);
    cs_framework_free(NULL);
}

static void
test_groups_across_dimensions(void **state)
{
    (void)state;
    /* the same group name in two dimensions is two groups; optional columns
     * may be absent; direction is case-insensitive; unknown columns are
     * ignored */
    cs_framework_t *fw = load(
        "Label,code,Dimension,group,direction,source\n"
        "Water one,W:1,Economy,Water and Sanitation,Higher,x\n"
        "Waste one,W:2,Economy,Waste,LOWER,x\n"
        "Water two,W:3,Environment,Water and Sanitation,higher,x\n"
        "Waste two,W:4,Environment,Waste,lower,x\n",
        CS_OK, NULL);
    assert_int_equal(cs_framework_group_count(fw), 4);
    assert_int_equal(cs_framework_dimension_count(fw), 2);
    assert_string_equal(cs_framework_get_group(fw, 2)->name,
                        "Water and Sanitation");
    assert_int_equal(cs_framework_get_group(fw, 2)->dimension, 1);
    assert_int_equal(cs_framework_get_kpi(fw, 1)->direction, CS_LOWER_IS_BETTER);
    assert_int_equal(cs_framework_get_kpi(fw, 2)->direction, CS_HIGHER_IS_BETTER);
    assert_string_equal(cs_framework_get_kpi(fw, 3)->unit, "");
    assert_true(isnan(cs_framework_get_kpi(fw, 3)->target));
    cs_framework_free(fw);
}

static void
test_spreadsheet_dialect(void **state)
{
    (void)state;
    cs_framework_t *fw = load(
        "\xEF\xBB\xBF"
        "code;dimension;group;label;unit;direction;target\r\n"
        "A:1;Economy;Alpha;\"First; KPI\";%;higher;99,5\r\n"
        "\r\n"
        "A:2;Economy;Alpha;Second;;lower; 1,25 \r\n\r\n",
        CS_OK, NULL);
    assert_int_equal(cs_framework_kpi_count(fw), 2);
    assert_string_equal(cs_framework_get_kpi(fw, 0)->label, "First; KPI");
    assert_true(cs_framework_get_kpi(fw, 0)->target == 99.5);
    assert_true(cs_framework_get_kpi(fw, 1)->target == 1.25);
    cs_framework_free(fw);
}

static void
test_bundled(void **state)
{
    (void)state;
    char *p = cs_test_root("data/u4ssc-wheel.csv");
    if (!g_file_test(p, G_FILE_TEST_EXISTS)) {
        g_free(p);
        skip(); /* written by the "profiles" issue */
    }
    g_free(p);
    cs_framework_t *fw = cs_test_framework();
    size_t n = cs_framework_kpi_count(fw);
    assert_true(n > 0);
    /* groups and dimensions partition the KPIs in order */
    size_t next = 0;
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        assert_int_equal(dim->first_kpi, next);
        size_t in_groups = 0;
        for (size_t g = dim->first_group;
             g < dim->first_group + dim->n_groups; g++) {
            const cs_group_t *grp = cs_framework_get_group(fw, g);
            assert_int_equal(grp->dimension, d);
            assert_int_equal(grp->first_kpi, next + in_groups);
            in_groups += grp->n_kpis;
        }
        assert_int_equal(in_groups, dim->n_kpis);
        next += dim->n_kpis;
    }
    assert_int_equal(next, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cs_framework_find(fw, cs_framework_get_kpi(fw, i)->code),
                         (long)i);
    cs_framework_free(fw);
}

static void
test_errors(void **state)
{
    (void)state;
    /* missing required column, at the header line */
    cs_diag_t *d = cs_diag_new();
    load("code,dimension,label,unit,direction,target\nA,B,C,,higher,\n",
         CS_ERR_INVALID, d);
    assert_true(cs_test_diag_has(d, 1, 1, "missing required column 'group'"));
    assert_int_equal(cs_diag_reported_count(d), 1);
    cs_diag_free(d);
    d = cs_diag_new();
    load("dimension,group,label\n", CS_ERR_INVALID, d);
    assert_true(cs_test_diag_has(d, 1, 1, "'code'"));
    assert_true(cs_test_diag_has(d, 1, 1, "'direction'"));
    assert_int_equal(cs_diag_reported_count(d), 2);
    cs_diag_free(d);

    /* no rows */
    assert_bad("\n", CS_ERR_INVALID, 1, 1, "no KPI rows");
    /* empty fields */
    assert_bad("A:1,Economy,Alpha,First,%,higher,\n"
               " ,Economy,Alpha,Second,%,higher,\n",
               CS_ERR_INVALID, 3, 2, "code: empty code");
    assert_bad("A:1,Economy,,First,%,higher,\n", CS_ERR_INVALID, 2, 13,
               "group: empty group");
    assert_bad("A:1,Economy,Alpha,\"\",%,higher,\n", CS_ERR_INVALID, 2, 19,
               "label: empty label");
    /* duplicate code */
    assert_bad("A:1,Economy,Alpha,First,%,higher,\n"
               "A:2,Economy,Alpha,Second,%,higher,\n"
               "A:1,Economy,Alpha,Third,%,higher,\n",
               CS_ERR_INVALID, 4, 1, "duplicate code 'A:1' (first on line 2)");
    /* bad direction */
    assert_bad("A:1,Economy,Alpha,First,%,up,\n", CS_ERR_INVALID, 2, 27,
               "'up' is neither 'higher' nor 'lower'");
    /* bad target */
    assert_bad("A:1,Economy,Alpha,First,%,higher,1O0\n", CS_ERR_PARSE, 2, 34,
               "target: '1O0'");
    assert_bad("A:1,Economy,Alpha,First,%,higher,\"1,5\"\n", CS_ERR_PARSE, 2,
               34, "decimal comma");
    /* a dimension that reappears */
    assert_bad("A:1,Economy,Alpha,First,%,higher,\n"
               "B:1,Environment,Beta,Second,%,higher,\n"
               "C:1,Economy,Gamma,Third,%,higher,\n",
               CS_ERR_INVALID, 4, 5, "dimension: 'Economy' reappears");
    /* a group that reappears within its dimension */
    assert_bad("A:1,Economy,Alpha,First,%,higher,\n"
               "B:1,Economy,Beta,Second,%,higher,\n"
               "C:1,Economy,Alpha,Third,%,higher,\n",
               CS_ERR_INVALID, 4, 13, "group: 'Alpha' reappears");
    /* labels too long */
    GString *row = g_string_new("A:1,Economy,Alpha,");
    for (int i = 0; i < 301; i++)
        g_string_append(row, "\xc3\xb8");
    g_string_append(row, ",%,higher,\n");
    assert_bad(row->str, CS_ERR_LIMIT, 2, 19, "limit of 300");
    g_string_free(row, TRUE);
    /* wrong column count */
    assert_bad("A:1,Economy,Alpha,First,%,higher,,extra\n", CS_ERR_PARSE, 2,
               35, "wrong column count");
    assert_bad("A:1,Economy,Alpha,First,%,higher\n", CS_ERR_PARSE, 2, 33,
               "wrong column count");
    /* CSV-level problems keep their position */
    assert_bad("A:1,Economy,Alpha,First,%,higher,\nA:2,Econ\xf8my\n",
               CS_ERR_PARSE, 3, 9, "UTF-8");
}

static void
test_all_errors_reported(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    char *text = g_strconcat(header,
                             "A:1,Economy,Alpha,First,%,higher,\n"
                             "A:2,Economy,Alpha,Second,%,sideways,\n"
                             "A:1,Economy,Alpha,Third,%,higher,\n"
                             "A:4,Economy,Alpha,Fourth,%,lower,abc\n"
                             "B:1,Environment,Beta,Fifth,%,lower,\n"
                             "B:2,Economy,Gamma,Sixth,%,lower,\n"
                             "B:3,Environment,Beta,Seventh,%,lower\n",
                             NULL);
    load(text, CS_ERR_INVALID, d);
    assert_true(cs_test_diag_has(d, 3, 28, "sideways"));
    assert_true(cs_test_diag_has(d, 4, 1, "duplicate code 'A:1'"));
    assert_true(cs_test_diag_has(d, 5, 34, "target: 'abc'"));
    assert_true(cs_test_diag_has(d, 7, 5, "'Economy' reappears"));
    assert_true(cs_test_diag_has(d, 8, 37, "wrong column count"));
    assert_true(cs_test_diag_has(d, 8, 5, "'Environment' reappears"));
    assert_int_equal(cs_diag_reported_count(d), 6);
    /* in line order */
    for (size_t i = 1; i < cs_diag_entry_count(d); i++)
        assert_true(cs_diag_get(d, i - 1)->line <= cs_diag_get(d, i)->line);
    cs_diag_free(d);
    g_free(text);
}

static void
test_load_file(void **state)
{
    (void)state;
    char *p = cs_test_src("data/fw-small.csv");
    cs_framework_t *fw = NULL;
    assert_int_equal(cs_framework_load(p, &fw, NULL), CS_OK);
    assert_int_equal(cs_framework_kpi_count(fw), 6);
    assert_int_equal(cs_framework_group_count(fw), 3);
    cs_framework_free(fw);
    g_free(p);

    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_framework_load("/nonexistent/fw.csv", &fw, d),
                     CS_ERR_IO);
    assert_null(fw);
    assert_true(cs_test_diag_has(d, 0, 0, "cannot open"));
    assert_string_equal(cs_diag_get(d, 0)->file, "/nonexistent/fw.csv");
    assert_int_equal(cs_framework_load(NULL, &fw, d), CS_ERR_ARG);
    assert_int_equal(cs_framework_load_buffer("x", "", 0, NULL, d),
                     CS_ERR_ARG);
    cs_diag_free(d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_groups_across_dimensions),
        cmocka_unit_test(test_spreadsheet_dialect),
        cmocka_unit_test(test_bundled),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
