/* SPDX-License-Identifier: MIT */
/* Scoring (src/score.c): per-KPI precedence, target precedence, and the
 * U4SSC points method for groups, dimensions and the whole wheel. */
#include "cs-test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/describe.h>

/*
 * The small test framework (cs_test_small_framework):
 *   0 A:1   Economy/Alpha      higher, target 100
 *   1 A:2   Economy/Alpha      lower,  target 10
 *   2 B:1/x Economy/Beta       higher, no target
 *   3 B:1/y Economy/Beta       higher, target 50
 *   4 C:1   Environment/Gamma  higher, target 4
 *   5 C:2   Environment/Gamma  lower,  no target
 */
static cs_framework_t *fw;
static cs_bands_t *bands;

static int
setup(void **state)
{
    (void)state;
    fw = cs_test_small_framework();
    bands = cs_bands_new_default();
    return bands ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    cs_bands_free(bands);
    cs_framework_free(fw);
    return 0;
}

static cs_city_t *
city(const char *text)
{
    cs_diag_t *d = cs_diag_new();
    cs_city_t *c = NULL;
    cs_status_t st = cs_city_load_buffer(fw, "c.csv", text, strlen(text), &c,
                                         d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    return c;
}

static cs_targets_t *
targets(const char *text)
{
    cs_targets_t *t = NULL;
    assert_int_equal(cs_targets_load_buffer(fw, "t.csv", text, strlen(text),
                                            &t, NULL),
                     CS_OK);
    return t;
}

static void
test_worked_example(void **state)
{
    (void)state;
    /* ../shared/reference/README.md: points 1, 3, 4, 1 -> 9/16 = 56.25 % */
    int pts[] = {1, 3, 4, 1};
    cs_agg_score_t a;
    cs_scores_aggregate(bands, pts, 4, &a);
    assert_int_equal(a.points, 9);
    assert_int_equal(a.scored, 4);
    assert_int_equal(a.total, 4);
    assert_true(a.percent == 56.25);
    assert_int_equal(a.band, CS_BAND_33TO66);
}

static void
test_points_method(void **state)
{
    (void)state;
    cs_agg_score_t a;
    /* unscored KPIs (0) are left out of the sum and the count */
    int pts[] = {4, 0, 4, 0, 3};
    cs_scores_aggregate(bands, pts, 5, &a);
    assert_int_equal(a.points, 11);
    assert_int_equal(a.scored, 3);
    assert_int_equal(a.total, 5);
    assert_true(fabs(a.percent - 100.0 * 11 / 12) < 1e-12);
    assert_int_equal(a.band, CS_BAND_66TO95);
    /* nothing scored: no data */
    int none[] = {0, 0, 0};
    cs_scores_aggregate(bands, none, 3, &a);
    assert_int_equal(a.scored, 0);
    assert_int_equal(a.points, 0);
    assert_int_equal(a.total, 3);
    assert_true(isnan(a.percent));
    assert_int_equal(a.band, CS_BAND_NODATA);
    cs_scores_aggregate(bands, NULL, 0, &a);
    assert_int_equal(a.band, CS_BAND_NODATA);
    assert_int_equal(a.total, 0);
    /* out-of-range points count as unscored */
    int odd[] = {5, -1, 2};
    cs_scores_aggregate(bands, odd, 3, &a);
    assert_int_equal(a.scored, 1);
    assert_true(a.percent == 50);
    assert_int_equal(a.band, CS_BAND_33TO66);
    /* group boundaries: all 4 -> 100 %; 3 of 4 -> 75 %; 33 % exactly is
     * impossible with whole points, but 1,1,2 -> 4/12 = 33.3 % */
    int all4[] = {4, 4};
    cs_scores_aggregate(bands, all4, 2, &a);
    assert_int_equal(a.band, CS_BAND_95PLUS);
    int low[] = {1, 1, 2};
    cs_scores_aggregate(bands, low, 3, &a);
    assert_int_equal(a.band, CS_BAND_33TO66);
    int lowest[] = {1, 1, 1};
    cs_scores_aggregate(bands, lowest, 3, &a);
    assert_true(a.percent == 25);
    assert_int_equal(a.band, CS_BAND_BELOW33);
    cs_scores_aggregate(bands, pts, 5, NULL); /* no crash */
}

static void
test_kpi_precedence(void **state)
{
    (void)state;
    cs_city_t *c = city("code,value,target,percent,band\n"
                        /* band beats percent and value */
                        "A:1,100,,99,below33\n"
                        /* percent beats value with target (would be 100) */
                        "A:2,5,,40,\n"
                        /* value without any target: notarget */
                        "B:1/x,12,,,\n"
                        /* value with the framework's target */
                        "B:1/y,40,,,\n"
                        /* nothing for C:1 and C:2: nodata */
                        "C:1,,,,\n");
    cs_scores_t *s = NULL;
    cs_scores_compute(fw, bands, NULL, c, &s, NULL);
    assert_non_null(s);
    const cs_kpi_score_t *k = cs_scores_get_kpi(s, 0);
    assert_int_equal(k->band, CS_BAND_BELOW33);
    assert_int_equal(k->points, 1);
    assert_true(k->percent == 99); /* given, shown, but not deciding */
    assert_true(k->value == 100);
    assert_true(k->target == 100);
    k = cs_scores_get_kpi(s, 1);
    assert_int_equal(k->band, CS_BAND_33TO66);
    assert_true(k->percent == 40);
    assert_int_equal(k->points, 2);
    k = cs_scores_get_kpi(s, 2);
    assert_int_equal(k->band, CS_BAND_NOTARGET);
    assert_int_equal(k->points, 0);
    assert_true(isnan(k->target));
    assert_true(isnan(k->percent));
    assert_true(k->value == 12);
    k = cs_scores_get_kpi(s, 3);
    assert_int_equal(k->band, CS_BAND_66TO95);
    assert_true(k->percent == 80);
    assert_int_equal(k->points, 3);
    k = cs_scores_get_kpi(s, 4); /* row with empty value */
    assert_int_equal(k->band, CS_BAND_NODATA);
    assert_int_equal(k->points, 0);
    assert_true(isnan(k->value));
    k = cs_scores_get_kpi(s, 5); /* no row, no target */
    assert_int_equal(k->band, CS_BAND_NODATA);
    assert_true(isnan(k->target));
    assert_null(cs_scores_get_kpi(s, 6));
    cs_scores_free(s);
    cs_city_free(c);

    /* band given without percent: the band decides, percent stays NaN */
    c = city("code,value,band\nA:1,50,95plus\nA:2,,notarget\n");
    cs_scores_compute(fw, bands, NULL, c, &s, NULL);
    assert_int_equal(cs_scores_get_kpi(s, 0)->band, CS_BAND_95PLUS);
    assert_int_equal(cs_scores_get_kpi(s, 0)->points, 4);
    assert_true(isnan(cs_scores_get_kpi(s, 0)->percent));
    assert_int_equal(cs_scores_get_kpi(s, 1)->band, CS_BAND_NOTARGET);
    cs_scores_free(s);
    cs_city_free(c);
}

static void
test_target_precedence(void **state)
{
    (void)state;
    /* A:1: framework target 100; targets file 160; city file 80 */
    cs_targets_t *t = targets("code,target\nA:1,160\nC:2,2\n");
    cs_city_t *with = city("code,value,target\nA:1,40,80\nC:2,3,\n");
    cs_city_t *without = city("code,value\nA:1,40\nC:2,3\n");

    cs_scores_t *s = NULL;

    cs_scores_compute(fw, bands, t, with, &s, NULL);
    assert_true(cs_scores_get_kpi(s, 0)->target == 80); /* city wins */
    assert_true(cs_scores_get_kpi(s, 0)->percent == 50);
    assert_int_equal(cs_scores_get_kpi(s, 0)->band, CS_BAND_33TO66);
    /* C:2 (lower is better) gets the targets file's upper bound 2 */
    assert_true(cs_scores_get_kpi(s, 5)->target == 2);
    assert_true(fabs(cs_scores_get_kpi(s, 5)->percent - 100.0 * 2 / 3) < 1e-6);
    assert_int_equal(cs_scores_get_kpi(s, 5)->band, CS_BAND_66TO95);
    cs_scores_free(s);

    cs_scores_compute(fw, bands, t, without, &s, NULL);
    assert_true(cs_scores_get_kpi(s, 0)->target == 160); /* targets file wins */
    assert_true(cs_scores_get_kpi(s, 0)->percent == 25);
    assert_int_equal(cs_scores_get_kpi(s, 0)->band, CS_BAND_BELOW33);
    cs_scores_free(s);

    cs_scores_compute(fw, bands, NULL, without, &s, NULL);
    assert_true(cs_scores_get_kpi(s, 0)->target == 100); /* framework */
    assert_true(cs_scores_get_kpi(s, 0)->percent == 40);
    assert_int_equal(cs_scores_get_kpi(s, 0)->band, CS_BAND_33TO66);
    assert_int_equal(cs_scores_get_kpi(s, 5)->band, CS_BAND_NOTARGET);
    cs_scores_free(s);

    cs_targets_free(t);
    cs_city_free(with);
    cs_city_free(without);
}

/* Coverage: scored / total at every level, and the minimum coverage that
 * turns a thinly scored ring into "not enough data". */
static void
test_min_coverage(void **state)
{
    (void)state;
    /* only A:1 scored (100 of target 100): Alpha 1/2, Beta 0/2, Gamma 0/2;
     * Economy 1/4, Environment 0/2; the wheel 1/6 */
    cs_city_t *c = city("code,value\nA:1,100\n");
    cs_scores_t *s = NULL;
    cs_scores_compute_cov(fw, bands, NULL, c, 33, &s, NULL);
    assert_non_null(s);
    assert_true(cs_scores_min_coverage(s) == 33);
    const unsigned want[][2] = {{1, 2}, {0, 2}, {0, 2}};
    for (size_t g = 0; g < 3; g++) {
        assert_int_equal(cs_scores_get_group(s, g)->scored, want[g][0]);
        assert_int_equal(cs_scores_get_group(s, g)->total, want[g][1]);
    }
    assert_int_equal(cs_scores_get_dimension(s, 0)->scored, 1);
    assert_int_equal(cs_scores_get_dimension(s, 0)->total, 4);
    assert_int_equal(cs_scores_get_dimension(s, 1)->scored, 0);
    assert_int_equal(cs_scores_get_dimension(s, 1)->total, 2);
    assert_int_equal(cs_scores_get_overall(s)->scored, 1);
    assert_int_equal(cs_scores_get_overall(s)->total, 6);
    assert_true(cs_agg_coverage(cs_scores_get_group(s, 0)) == 50);
    assert_true(cs_agg_coverage(cs_scores_get_dimension(s, 0)) == 25);
    assert_true(cs_agg_coverage(NULL) == 0);
    /* Alpha (50 %) keeps its score; Economy (25 %) and the wheel (17 %)
     * are not enough data, with their points kept; nothing scored stays
     * "no data" */
    assert_int_equal(cs_scores_get_group(s, 0)->band, CS_BAND_95PLUS);
    assert_int_equal(cs_scores_get_group(s, 1)->band, CS_BAND_NODATA);
    assert_int_equal(cs_scores_get_dimension(s, 0)->band, CS_BAND_FEWDATA);
    assert_true(cs_scores_get_dimension(s, 0)->percent == 100);
    assert_int_equal(cs_scores_get_dimension(s, 0)->points, 4);
    assert_int_equal(cs_scores_get_dimension(s, 1)->band, CS_BAND_NODATA);
    assert_int_equal(cs_scores_get_overall(s)->band, CS_BAND_FEWDATA);
    /* KPIs never get the band */
    assert_int_equal(cs_scores_get_kpi(s, 0)->band, CS_BAND_95PLUS);
    cs_scores_free(s);

    /* the boundary: exactly P % is enough */
    cs_scores_compute_cov(fw, bands, NULL, c, 50, &s, NULL);
    assert_int_equal(cs_scores_get_group(s, 0)->band, CS_BAND_95PLUS);
    cs_scores_free(s);
    cs_scores_compute_cov(fw, bands, NULL, c, 50.5, &s, NULL);
    assert_int_equal(cs_scores_get_group(s, 0)->band, CS_BAND_FEWDATA);
    cs_scores_free(s);
    /* 0 never applies, and is what cs_scores_compute uses */
    cs_scores_compute_cov(fw, bands, NULL, c, 0, &s, NULL);
    assert_int_equal(cs_scores_get_dimension(s, 0)->band, CS_BAND_95PLUS);
    cs_scores_free(s);
    cs_scores_compute(fw, bands, NULL, c, &s, NULL);
    assert_int_equal(cs_scores_get_dimension(s, 0)->band, CS_BAND_95PLUS);
    assert_true(cs_scores_min_coverage(s) == 0);
    cs_scores_free(s);
    /* out of range */
    cs_scores_t *bad = NULL;
    assert_int_equal(cs_scores_compute_cov(fw, bands, NULL, c, -1, &bad, NULL),
                     CS_ERR_ARG);
    assert_int_equal(
        cs_scores_compute_cov(fw, bands, NULL, c, 100.5, &bad, NULL),
        CS_ERR_ARG);
    assert_int_equal(cs_scores_compute_cov(fw, bands, NULL, c, NAN, &bad, NULL),
                     CS_ERR_ARG);
    assert_null(bad);
    cs_city_free(c);
}

/* What decided each band, and the sentence saying where the colours come
 * from. */
static void
test_colours(void **state)
{
    (void)state;
    char *col = NULL;
    /* nothing scored: no targets */
    cs_city_t *c = city("code,value\nB:1/x,3\n");
    cs_scores_t *s = NULL;
    assert_int_equal(cs_scores_compute(fw, bands, NULL, c, &s, NULL), CS_OK);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_NOTARGET), 1);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_NONE), 5);
    assert_int_equal(cs_describe_colours(s, NULL, &col, NULL), CS_OK);
    assert_string_equal(col, "Colours: no targets, so a wedge shows only "
                             "whether the KPI was reported.");
    free(col);
    cs_scores_free(s);
    cs_city_free(c);

    /* every basis: band column, percent column, city target, targets
     * file, framework target (A:1's 100) */
    c = city("code,value,target,percent,band\nA:1,40,,,\nA:2,5,,,95plus\n"
             "B:1/x,,,50,\nB:1/y,20,40,,\nC:2,3,,,\n");
    cs_targets_t *t = targets("code,target\nC:2,2\n");
    assert_int_equal(cs_scores_compute(fw, bands, t, c, &s, NULL), CS_OK);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_FRAMEWORK), 1);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_BAND), 1);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_PERCENT), 1);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_CITY), 1);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_TARGETS), 1);
    assert_int_equal(cs_scores_get_kpi(s, 3)->basis, CS_BASIS_CITY);
    assert_int_equal(cs_scores_basis_count(s, CS_BASIS_COUNT), 0);
    assert_int_equal(cs_describe_colours(s, NULL, &col, NULL), CS_OK);
    assert_string_equal(col, "Colours: bands as reported in the city file; "
                             "% of target as reported in the city file; "
                             "targets given in the city file; targets from "
                             "t.csv, which names no source; the framework's "
                             "published targets.");
    free(col);
    cs_scores_free(s);
    cs_targets_free(t);

    /* a declared source, and illustrative targets */
    t = targets("code,target\nsource,KS 2024\nC:2,2\n");
    assert_int_equal(cs_scores_compute(fw, bands, t, c, &s, NULL), CS_OK);
    cs_targets_free(t); /* the scores keep their own copy */
    assert_string_equal(cs_scores_targets_source(s), "KS 2024");
    cs_describe_colours(s, NULL, &col, NULL);
    assert_non_null(strstr(col, "; targets from KS 2024;"));
    free(col);
    cs_scores_free(s);
    t = targets("code,target\nillustrative,yes\nC:2,2\n");
    assert_int_equal(cs_scores_compute(fw, bands, t, c, &s, NULL), CS_OK);
    cs_describe_colours(s, NULL, &col, NULL);
    assert_non_null(strstr(col, "; illustrative targets (t.csv), not U4SSC "
                                "benchmarks;"));
    free(col);
    cs_scores_free(s);
    cs_targets_free(t);
    cs_city_free(c);
    assert_int_equal(cs_describe_colours(NULL, NULL, NULL, NULL), CS_ERR_ARG);
}

static void
test_aggregates(void **state)
{
    (void)state;
    /* tests/data/city-good.csv with targets-small.csv:
     * A:1 80.5 % -> 3, A:2 10/25.5 = 39.2 % -> 2, B:1/x 190/200 = 95 % -> 4,
     * B:1/y no value, C:1 25 % -> 1, C:2 2/7 = 28.6 % -> 1 */
    char *cp = cs_test_src("data/city-good.csv");
    char *tp = cs_test_src("data/targets-small.csv");
    cs_city_t *c = NULL;
    cs_targets_t *t = NULL;
    assert_int_equal(cs_city_load(fw, cp, &c, NULL), CS_OK);
    assert_int_equal(cs_targets_load(fw, tp, &t, NULL), CS_OK);
    cs_scores_t *s = NULL;
    cs_scores_compute(fw, bands, t, c, &s, NULL);
    int want_points[] = {3, 2, 4, 0, 1, 1};
    cs_band_t want_band[] = {CS_BAND_66TO95, CS_BAND_33TO66, CS_BAND_95PLUS,
                             CS_BAND_NODATA, CS_BAND_BELOW33, CS_BAND_BELOW33};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(cs_scores_get_kpi(s, i)->points, want_points[i]);
        assert_int_equal(cs_scores_get_kpi(s, i)->band, want_band[i]);
    }
    /* Alpha: 3+2 of 8 = 62.5 %; Beta: 4 of 4 (B:1/y left out); Gamma: 2/8 */
    const cs_agg_score_t *g = cs_scores_get_group(s, 0);
    assert_int_equal(g->points, 5);
    assert_int_equal(g->scored, 2);
    assert_int_equal(g->total, 2);
    assert_true(g->percent == 62.5);
    assert_int_equal(g->band, CS_BAND_33TO66);
    g = cs_scores_get_group(s, 1);
    assert_int_equal(g->scored, 1);
    assert_int_equal(g->total, 2);
    assert_true(g->percent == 100);
    assert_int_equal(g->band, CS_BAND_95PLUS);
    g = cs_scores_get_group(s, 2);
    assert_true(g->percent == 25);
    assert_int_equal(g->band, CS_BAND_BELOW33);
    assert_null(cs_scores_get_group(s, 3));
    /* dimensions from their KPIs: Economy 9/12 = 75 %, Environment 2/8 */
    const cs_agg_score_t *d = cs_scores_get_dimension(s, 0);
    assert_int_equal(d->points, 9);
    assert_int_equal(d->scored, 3);
    assert_int_equal(d->total, 4);
    assert_true(d->percent == 75);
    assert_int_equal(d->band, CS_BAND_66TO95);
    d = cs_scores_get_dimension(s, 1);
    assert_true(d->percent == 25);
    assert_null(cs_scores_get_dimension(s, 2));
    /* overall: 11 of 20 = 55 % */
    const cs_agg_score_t *o = cs_scores_get_overall(s);
    assert_int_equal(o->points, 11);
    assert_int_equal(o->scored, 5);
    assert_int_equal(o->total, 6);
    assert_true(o->percent == 55);
    assert_int_equal(o->band, CS_BAND_33TO66);
    cs_scores_free(s);
    cs_targets_free(t);
    cs_city_free(c);
    g_free(cp);
    g_free(tp);
}

static void
test_nothing_scored(void **state)
{
    (void)state;
    /* no city: everything has no data, every aggregate too */
    cs_scores_t *s = NULL;
    cs_scores_compute(fw, bands, NULL, NULL, &s, NULL);
    assert_non_null(s);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(cs_scores_get_kpi(s, i)->band, CS_BAND_NODATA);
    for (size_t g = 0; g < 3; g++) {
        assert_int_equal(cs_scores_get_group(s, g)->band, CS_BAND_NODATA);
        assert_true(isnan(cs_scores_get_group(s, g)->percent));
    }
    assert_int_equal(cs_scores_get_overall(s)->band, CS_BAND_NODATA);
    assert_int_equal(cs_scores_get_overall(s)->total, 6);
    cs_scores_free(s);

    /* a group whose KPIs only have "notarget" is no data as well */
    cs_city_t *c = city("code,value\nB:1/x,5\nA:1,100\n");
    cs_scores_compute(fw, bands, NULL, c, &s, NULL);
    assert_int_equal(cs_scores_get_kpi(s, 2)->band, CS_BAND_NOTARGET);
    assert_int_equal(cs_scores_get_group(s, 1)->band, CS_BAND_NODATA);
    assert_int_equal(cs_scores_get_group(s, 1)->scored, 0);
    assert_int_equal(cs_scores_get_group(s, 0)->band, CS_BAND_95PLUS);
    assert_int_equal(cs_scores_get_dimension(s, 1)->band, CS_BAND_NODATA);
    cs_scores_free(s);
    cs_city_free(c);

    cs_scores_t *none = (cs_scores_t *)&none;
    assert_int_equal(cs_scores_compute(NULL, bands, NULL, NULL, &none, NULL),
                     CS_ERR_ARG);
    assert_null(none);
    assert_int_equal(cs_scores_compute(fw, NULL, NULL, NULL, &none, NULL),
                     CS_ERR_ARG);
    assert_int_equal(cs_scores_compute(fw, bands, NULL, NULL, NULL, NULL),
                     CS_ERR_ARG);
    assert_null(cs_scores_get_kpi(NULL, 0));
    assert_null(cs_scores_get_overall(NULL));
    cs_scores_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_points_method),
        cmocka_unit_test(test_kpi_precedence),
        cmocka_unit_test(test_target_precedence),
        cmocka_unit_test(test_aggregates),
        cmocka_unit_test(test_min_coverage),
        cmocka_unit_test(test_colours),
        cmocka_unit_test(test_nothing_scored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
