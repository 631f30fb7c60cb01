/* SPDX-License-Identifier: MIT */
/*
 * The city report: the number formatter (English and Norwegian), the
 * comparison of two verifications (every kind of change, lower is
 * better), the progress lines and the table rows of a known city.
 */
#include "wheel-test.h"

#include <citysnap/compare.h>
#include <citysnap/report.h>
#include <citysnap/describe.h>
#include <citysnap/i18n.h>

#include <sys/wait.h>

#include "render-private.h"

#define NBSP "\xc2\xa0"
#define MINUS "\xe2\x88\x92"

static void
nb_words(cs_describe_words_t *w, cs_translation_t **tr)
{
    char *p = cs_test_root("data/labels-nb.csv");
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_translation_load(p, "nb", tr, d), CS_OK);
    cs_diag_free(d);
    g_free(p);
    cs_describe_words_init(w);
    cs_describe_words_translate(w, *tr);
}

static void
check_num(double v, int dec, int sign, const cs_describe_words_t *w,
          const char *want)
{
    char *s = NULL;
    assert_int_equal(cs_describe_number(v, dec, sign, w, &s, NULL), CS_OK);
    assert_non_null(s);
    if (strcmp(s, want))
        fprintf(stderr, "# %.9g (%d, %d): '%s', want '%s'\n", v, dec, sign, s,
                want);
    assert_string_equal(s, want);
    free(s);
}

static void
test_number_format(void **state)
{
    (void)state;
    cs_describe_words_t en, nb;
    cs_translation_t *tr = NULL;
    cs_describe_words_init(&en);
    nb_words(&nb, &tr);
    check_num(95424, -1, 0, &en, "95,424");
    check_num(95424, -1, 0, &nb, "95" NBSP "424");
    check_num(97, 1, 0, &en, "97.0");
    check_num(97, 1, 0, &nb, "97,0");
    check_num(0.57, -1, 0, &nb, "0,57");
    check_num(1234567.891, -1, 0, &en, "1,234,568");
    check_num(1234567.891, 2, 0, &nb, "1" NBSP "234" NBSP "567,89");
    check_num(999.5, 0, 0, &en, "1,000");
    check_num(100, -1, 0, &en, "100");
    check_num(-0.4, 1, 1, &en, MINUS "0.4");
    check_num(2.5, 1, 1, &nb, "+2,5");
    check_num(-0.00001, 1, 1, &en, "0.0"); /* no sign on a rounded zero */
    check_num(0, -1, 1, &en, "0");
    check_num(NAN, 1, 0, &en, "");
    check_num(INFINITY, 1, 0, &en, "\xe2\x88\x9e");
    check_num(-INFINITY, 1, 0, &en, MINUS "\xe2\x88\x9e");
    char *big = NULL;
    assert_int_equal(cs_describe_number(1e300, -1, 0, &en, &big, NULL), CS_OK);
    assert_non_null(big);
    assert_int_equal(strlen(big), 301 + 100); /* 301 digits, 100 commas */
    free(big);
    assert_int_equal(cs_describe_number(1, 0, 0, &en, NULL, NULL), CS_ERR_ARG);
    /* NULL words: English */
    check_num(1500.25, -1, 0, NULL, "1,500.25");
    cs_translation_free(tr);
}

/* Eight KPIs covering every kind of change, both directions. */
static const char cmp_fw[] =
    "code,dimension,group,label,unit,direction,target\n"
    "A:1,Economy,Alpha,Up KPI,%,higher,100\n"
    "A:2,Economy,Alpha,Down lower-is-better,%,lower,10\n"
    "B:1,Economy,Beta,No target KPI,Number,higher,\n"
    "B:2,Economy,Beta,New KPI,%,higher,50\n"
    "C:1,Environment,Gamma,Dropped KPI,,higher,4\n"
    "C:2,Environment,Gamma,Never KPI,,lower,\n"
    "D:1,Environment,Delta,Same band KPI,Number,higher,10\n"
    "D:2,Environment,Delta,Falling rate,%,lower,5\n";
static const char prev_city[] = "code,value\n"
                                "A:1,50\n"  /* 33-66 */
                                "A:2,12\n"  /* 10/12: 83 %, 66-95 */
                                "B:1,5\n"   /* no target */
                                "C:1,4\n"   /* 95+ */
                                "D:1,10\n"  /* 95+ */
                                "D:2,4.5\n";/* 95+ */
static const char cur_city[] = "code,value\n"
                               "A:1,96\n"   /* 95+: up */
                               "A:2,25\n"   /* 40 %: down, worse */
                               "B:1,7\n"    /* still no target: same */
                               "B:2,50\n"   /* 95+: new */
                               "D:1,11\n"   /* 95+: same, better */
                               "D:2,3\n";   /* 95+: same, better (fell) */

typedef struct cmp_fixture {
    cs_framework_t *fw;
    cs_bands_t *bands;
    cs_scores_t *prev, *cur;
} cmp_fixture;

static cs_scores_t *
scores_of(const cs_framework_t *fw, const cs_bands_t *b, const char *csv)
{
    cs_city_t *c = NULL;
    assert_int_equal(cs_city_load_buffer(fw, "city.csv", csv, strlen(csv), &c,
                                         NULL),
                     CS_OK);
    cs_scores_t *s = NULL;
    cs_scores_compute(fw, b, NULL, c, &s, NULL);
    assert_non_null(s);
    cs_city_free(c);
    return s;
}

static void
fixture(cmp_fixture *f)
{
    assert_int_equal(cs_framework_load_buffer("fw.csv", cmp_fw, strlen(cmp_fw),
                                              &f->fw, NULL),
                     CS_OK);
    f->bands = wt_bands();
    f->prev = scores_of(f->fw, f->bands, prev_city);
    f->cur = scores_of(f->fw, f->bands, cur_city);
}

static void
fixture_free(cmp_fixture *f)
{
    cs_scores_free(f->prev);
    cs_scores_free(f->cur);
    cs_bands_free(f->bands);
    cs_framework_free(f->fw);
}

static void
test_comparison_kinds(void **state)
{
    (void)state;
    cmp_fixture f;
    fixture(&f);
    cs_comparison_t *c = NULL;
    assert_int_equal(cs_comparison_new(f.fw, f.prev, f.cur, &c, NULL), CS_OK);
    static const struct {
        cs_change_t change;
        cs_trend_t trend;
        int steps;
    } want[8] = {
        {CS_CHANGE_UP, CS_TREND_BETTER, 2},
        {CS_CHANGE_DOWN, CS_TREND_WORSE, -1},
        {CS_CHANGE_SAME, CS_TREND_BETTER, 0},
        {CS_CHANGE_NEW, CS_TREND_UNKNOWN, 0},
        {CS_CHANGE_DROPPED, CS_TREND_UNKNOWN, 0},
        {CS_CHANGE_NONE, CS_TREND_UNKNOWN, 0},
        {CS_CHANGE_SAME, CS_TREND_BETTER, 0},
        {CS_CHANGE_SAME, CS_TREND_BETTER, 0}, /* 4.5 -> 3, lower is better */
    };
    for (size_t i = 0; i < 8; i++) {
        const cs_kpi_change_t *k = cs_comparison_get_kpi(c, i);
        assert_non_null(k);
        if (k->change != want[i].change || k->trend != want[i].trend)
            fprintf(stderr, "# KPI %zu: %s/%s\n", i, cs_change_key(k->change),
                    cs_trend_key(k->trend));
        assert_int_equal(k->change, want[i].change);
        assert_int_equal(k->trend, want[i].trend);
        assert_int_equal(k->steps, want[i].steps);
    }
    assert_near(cs_comparison_get_kpi(c, 1)->delta, 13, 1e-9);
    assert_near(cs_comparison_get_kpi(c, 7)->delta, -1.5, 1e-9);
    assert_int_equal(cs_comparison_get_kpi(c, 0)->prev_band, CS_BAND_33TO66);
    assert_near(cs_comparison_get_kpi(c, 0)->prev_percent, 50, 1e-9);
    assert_null(cs_comparison_get_kpi(c, 8));
    /* Economy: A:1 up, A:2 down, B:1 same, B:2 new */
    const cs_agg_change_t *e = cs_comparison_get_dimension(c, 0);
    assert_int_equal(e->count[CS_CHANGE_UP], 1);
    assert_int_equal(e->count[CS_CHANGE_DOWN], 1);
    assert_int_equal(e->count[CS_CHANGE_SAME], 1);
    assert_int_equal(e->count[CS_CHANGE_NEW], 1);
    assert_int_equal(e->count[CS_CHANGE_DROPPED], 0);
    /* before: 2 + 3 points of 8 = 62.5 %; now 4 + 2 + 4 of 12 = 83.3 % */
    assert_near(e->prev_percent, 62.5, 1e-9);
    assert_near(e->delta, 100.0 * 10 / 12 - 62.5, 1e-9);
    const cs_agg_change_t *en = cs_comparison_get_dimension(c, 1);
    assert_int_equal(en->count[CS_CHANGE_DROPPED], 1);
    assert_int_equal(en->count[CS_CHANGE_NONE], 1);
    assert_int_equal(en->count[CS_CHANGE_SAME], 2);
    assert_int_equal(cs_comparison_get_overall(c)->count[CS_CHANGE_SAME], 3);

    char *p = NULL;
    assert_int_equal(cs_describe_progress(f.fw, c, f.cur, NULL, &p, NULL),
                     CS_OK);
    assert_non_null(p);
    assert_non_null(strstr(p, "Economy: 1 KPIs improved a band, 1 fell, 1 "
                              "unchanged, 1 newly reported, 0 no longer "
                              "reported.\n"));
    assert_non_null(strstr(p, "Environment: 0 KPIs improved a band, 0 fell, "
                              "2 unchanged, 0 newly reported, 1 no longer "
                              "reported.\n"));
    assert_non_null(strstr(p, "Overall: "));
    free(p);
    cs_describe_words_t nb;
    cs_translation_t *tr = NULL;
    nb_words(&nb, &tr);
    assert_int_equal(cs_describe_progress(f.fw, c, f.cur, &nb, &p, NULL),
                     CS_OK);
    assert_non_null(strstr(p, "Economy: 1 KPI-er gikk opp en kategori, 1 gikk "
                              "ned, 1 uendret, 1 nylig rapportert, 0 ikke "
                              "lenger rapportert."));
    free(p);
    cs_translation_free(tr);
    cs_comparison_free(c);

    /* the other way round: a falling lower-is-better value improves */
    assert_int_equal(cs_comparison_new(f.fw, f.cur, f.prev, &c, NULL), CS_OK);
    assert_int_equal(cs_comparison_get_kpi(c, 1)->change, CS_CHANGE_UP);
    assert_int_equal(cs_comparison_get_kpi(c, 1)->trend, CS_TREND_BETTER);
    assert_int_equal(cs_comparison_get_kpi(c, 0)->change, CS_CHANGE_DOWN);
    assert_int_equal(cs_comparison_get_kpi(c, 3)->change, CS_CHANGE_DROPPED);
    assert_int_equal(cs_comparison_get_kpi(c, 4)->change, CS_CHANGE_NEW);
    assert_int_equal(cs_comparison_get_kpi(c, 7)->trend, CS_TREND_WORSE);
    cs_comparison_free(c);
    fixture_free(&f);
}

static void
test_comparison_bad_input(void **state)
{
    (void)state;
    cmp_fixture f;
    fixture(&f);
    cs_comparison_t *c = (cs_comparison_t *)1;
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_comparison_new(NULL, f.prev, f.cur, &c, d), CS_ERR_ARG);
    assert_null(c);
    assert_int_equal(cs_comparison_new(f.fw, NULL, f.cur, &c, d), CS_ERR_ARG);
    assert_int_equal(cs_comparison_new(f.fw, f.prev, NULL, &c, d), CS_ERR_ARG);
    assert_int_equal(cs_comparison_new(f.fw, f.prev, f.cur, NULL, d),
                     CS_ERR_ARG);
    /* scores of another framework */
    cs_framework_t *big = cs_test_framework();
    cs_scores_t *other = NULL;
    cs_scores_compute(big, f.bands, NULL, NULL, &other, NULL);
    assert_int_equal(cs_comparison_new(f.fw, f.prev, other, &c, d),
                     CS_ERR_ARG);
    assert_int_equal(cs_comparison_new(big, other, f.cur, &c, d), CS_ERR_ARG);
    assert_null(c);
    assert_true(cs_test_diag_has(d, 0, 0, "another framework") ||
                cs_test_diag_has(d, 0, 0, "this framework"));
    assert_null(cs_comparison_get_kpi(NULL, 0));
    assert_null(cs_comparison_get_overall(NULL));
    assert_null(cs_change_key(CS_CHANGE_COUNT));
    assert_null(cs_trend_key((cs_trend_t)-1));
    assert_string_equal(cs_change_key(CS_CHANGE_DROPPED), "dropped");
    cs_comparison_free(NULL);
    char *txt = (char *)1;
    assert_int_equal(cs_describe_progress(NULL, NULL, NULL, NULL, &txt, d),
                     CS_ERR_ARG);
    assert_null(txt);
    assert_int_equal(cs_describe_progress(big, NULL, NULL, NULL, &txt, d),
                     CS_ERR_ARG);
    /* a comparison of another shape is refused by the table too */
    assert_int_equal(cs_comparison_new(f.fw, f.prev, f.cur, &c, d), CS_OK);
    cs_scores_t *none = NULL;
    cs_scores_compute(big, f.bands, NULL, NULL, &none, NULL);
    cs_report_table_t *t = (cs_report_table_t *)1;
    assert_int_equal(cs_report_table_new(big, f.bands, none, c, NULL, &t, d),
                     CS_ERR_ARG);
    assert_null(t);
    assert_int_equal(cs_describe_progress(big, c, none, NULL, &txt, d),
                     CS_ERR_ARG);
    assert_int_equal(cs_describe_progress(f.fw, c, none, NULL, &txt, d),
                     CS_ERR_ARG);
    assert_null(txt);
    assert_int_equal(cs_report_table_new(NULL, f.bands, none, NULL, NULL, &t,
                                          d),
                     CS_ERR_ARG);
    assert_int_equal(cs_report_table_new(f.fw, f.bands, none, NULL, NULL, &t,
                                         d),
                     CS_ERR_ARG);
    assert_int_equal(cs_report_table_row_count(NULL), 0);
    assert_null(cs_report_table_get_row(NULL, 0));
    assert_null(cs_report_table_heading(NULL, CS_REPORT_COL_NAME));
    cs_report_table_free(NULL);
    cs_scores_free(none);
    cs_comparison_free(c);
    cs_scores_free(other);
    cs_framework_free(big);
    cs_diag_free(d);
    fixture_free(&f);
}

/* The row of KPI @code. */
static const cs_report_row_t *
kpi_row(const cs_report_table_t *t, const char *code)
{
    for (size_t i = 0; i < cs_report_table_row_count(t); i++) {
        const cs_report_row_t *r = cs_report_table_get_row(t, i);
        if (r->kind == CS_REPORT_ROW_KPI && !strcmp(r->code, code))
            return r;
    }
    fail_msg("no row %s", code);
    return NULL;
}

static void
test_table_changes(void **state)
{
    (void)state;
    cmp_fixture f;
    fixture(&f);
    cs_comparison_t *c = NULL;
    assert_int_equal(cs_comparison_new(f.fw, f.prev, f.cur, &c, NULL), CS_OK);
    cs_report_table_t *t = NULL;
    assert_int_equal(cs_report_table_new(f.fw, f.bands, f.cur, c, NULL, &t,
                                         NULL),
                     CS_OK);
    assert_true(cs_report_table_has_previous(t));
    assert_int_equal(cs_report_table_column_count(t), CS_REPORT_COL_COUNT);
    assert_string_equal(cs_report_table_heading(t, CS_REPORT_COL_PROGRESS),
                        "Band change");
    static const char *const want[][4] = {
        /* code, previous, change, progress */
        {"A:1", "50.0" NBSP "%", "+46.0 (better)", "up a band"},
        {"A:2", "12.0" NBSP "%", "+13.0 (worse)", "down a band"},
        {"B:1", "5", "+2 (better)", "same band"},
        {"B:2", "", "", "newly reported"},
        {"C:1", "4", "", "no longer reported"},
        {"C:2", "", "", ""},
        {"D:1", "10", "+1 (better)", "same band"},
        {"D:2", "4.5" NBSP "%", MINUS "1.5 (better)", "same band"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        const cs_report_row_t *r = kpi_row(t, want[i][0]);
        for (int k = 1; k < 4; k++) {
            const char *cell = r->cells[CS_REPORT_COL_PREVIOUS + k - 1];
            if (strcmp(cell, want[i][k]))
                fprintf(stderr, "# %s column %d: '%s', want '%s'\n",
                        want[i][0], k, cell, want[i][k]);
            assert_string_equal(cell, want[i][k]);
        }
    }
    assert_int_equal(kpi_row(t, "A:1")->prev_band, CS_BAND_33TO66);
    assert_int_equal(kpi_row(t, "A:2")->change, CS_CHANGE_DOWN);
    assert_string_equal(kpi_row(t, "A:2")->cells[CS_REPORT_COL_TARGET],
                        "at most 10.0" NBSP "%");
    assert_string_equal(kpi_row(t, "B:1")->cells[CS_REPORT_COL_VALUE],
                        "7"); /* a count: no unit word */
    /* dimension row: Economy 62.5 % before, 83.3 % now */
    const cs_report_row_t *dim = cs_report_table_get_row(t, 0);
    assert_int_equal(dim->kind, CS_REPORT_ROW_DIMENSION);
    assert_string_equal(dim->cells[CS_REPORT_COL_NAME], "Economy");
    assert_string_equal(dim->cells[CS_REPORT_COL_VALUE], "3 of 4 KPIs scored");
    assert_string_equal(dim->cells[CS_REPORT_COL_PERCENT], "83.3" NBSP "%");
    assert_string_equal(dim->cells[CS_REPORT_COL_PREVIOUS], "62.5" NBSP "%");
    assert_string_equal(dim->cells[CS_REPORT_COL_CHANGE], "+20.8 points");
    assert_string_equal(dim->cells[CS_REPORT_COL_PROGRESS], "up a band");
    cs_report_table_free(t);

    /* Norwegian */
    cs_describe_words_t nb;
    cs_translation_t *tr = NULL;
    nb_words(&nb, &tr);
    assert_int_equal(cs_report_table_new(f.fw, f.bands, f.cur, c, &nb, &t,
                                         NULL),
                     CS_OK);
    assert_string_equal(kpi_row(t, "D:2")->cells[CS_REPORT_COL_CHANGE],
                        MINUS "1,5 (bedre)");
    assert_string_equal(kpi_row(t, "A:2")->cells[CS_REPORT_COL_TARGET],
                        "h\xc3\xb8yst 10,0" NBSP "%");
    assert_string_equal(kpi_row(t, "C:1")->cells[CS_REPORT_COL_PROGRESS],
                        "ikke lenger rapportert");
    assert_string_equal(cs_report_table_heading(t, CS_REPORT_COL_VALUE),
                        "Verdi");
    cs_report_table_free(t);
    cs_translation_free(tr);
    cs_comparison_free(c);
    fixture_free(&f);
}

/* The expected text of a number, written independently of the library:
 * printf, then the language's marks. */
static char *
want_num(double v, int one_decimal, int nb)
{
    char *s = one_decimal ? g_strdup_printf("%.1f", v)
                          : g_strdup_printf("%.6g", v);
    char *dot = strchr(s, '.');
    size_t il = dot ? (size_t)(dot - s) : strlen(s);
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < il; i++) {
        if (i && (il - i) % 3 == 0)
            g_string_append(g, nb ? NBSP : ",");
        g_string_append_c(g, s[i]);
    }
    if (dot) {
        g_string_append(g, nb ? "," : ".");
        g_string_append(g, dot + 1);
    }
    g_free(s);
    return g_string_free(g, FALSE);
}

static int
is_pct_unit(const char *u)
{
    return !strcmp(u, "%") || !strcmp(u, "Percentage");
}

static char *
want_value(double v, const char *unit, int with_unit, int nb)
{
    if (isnan(v))
        return g_strdup("");
    if (!strcmp(unit, "Yes or No"))
        return g_strdup(v != 0 ? (nb ? "Ja" : "Yes") : (nb ? "Nei" : "No"));
    if (is_pct_unit(unit)) {
        char *n = want_num(v, 1, nb);
        char *r = g_strdup_printf("%s" NBSP "%%", n);
        g_free(n);
        return r;
    }
    char *n = want_num(v, 0, nb);
    char *r = with_unit && *unit && strcmp(unit, "Number")
                  ? g_strdup_printf("%s %s", n, unit)
                  : g_strdup(n);
    g_free(n);
    return r;
}

static void
check_cell(const cs_report_row_t *r, cs_report_col_t c, const char *want)
{
    if (strcmp(r->cells[c], want))
        fprintf(stderr, "# row %s/%s column %d: '%s', want '%s'\n", r->code,
                r->cells[0], c, r->cells[c], want);
    assert_string_equal(r->cells[c], want);
}

/* Every row of Asker's table against its scores, in the reports' order. */
static void
check_known_city(int nb)
{
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *b = wt_bands();
    cs_scores_t *s = wt_scores(fw, b, "samples/asker.csv",
                               "samples/targets.csv");
    cs_describe_words_t w;
    cs_translation_t *tr = NULL;
    cs_framework_t *tfw = NULL;
    if (nb) {
        nb_words(&w, &tr);
        assert_int_equal(cs_translation_framework(tr, fw, &tfw, NULL, NULL),
                         CS_OK);
    } else {
        cs_describe_words_init(&w);
    }
    const cs_framework_t *dfw = tfw ? tfw : fw;
    cs_report_table_t *t = NULL;
    assert_int_equal(cs_report_table_new(dfw, b, s, NULL, &w, &t, NULL), CS_OK);
    assert_false(cs_report_table_has_previous(t));
    assert_int_equal(cs_report_table_column_count(t), CS_REPORT_COL_PREVIOUS);
    assert_int_equal(cs_report_table_row_count(t), 108 + 24 + 3);
    size_t r = 0, kpis = 0;
    for (size_t d = 0; d < cs_framework_dimension_count(dfw); d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(dfw, d);
        const cs_report_row_t *row = cs_report_table_get_row(t, r++);
        assert_int_equal(row->kind, CS_REPORT_ROW_DIMENSION);
        assert_int_equal(row->index, d);
        check_cell(row, CS_REPORT_COL_NAME, dim->name);
        const cs_agg_score_t *a = cs_scores_get_dimension(s, d);
        char *cov = g_strdup_printf(nb ? "%u av %u KPI-er med poeng"
                                       : "%u of %u KPIs scored",
                                    a->scored, a->total);
        check_cell(row, CS_REPORT_COL_VALUE, cov);
        g_free(cov);
        char *pc = want_value(a->percent, "%", 1, nb);
        check_cell(row, CS_REPORT_COL_PERCENT, pc);
        g_free(pc);
        check_cell(row, CS_REPORT_COL_BAND, cs_bands_label(b, a->band));
        for (size_t g = dim->first_group; g < dim->first_group + dim->n_groups;
             g++) {
            row = cs_report_table_get_row(t, r++);
            assert_int_equal(row->kind, CS_REPORT_ROW_GROUP);
            assert_int_equal(row->index, g);
            const cs_agg_score_t *ga = cs_scores_get_group(s, g);
            check_cell(row, CS_REPORT_COL_NAME,
                       cs_framework_get_group(dfw, g)->name);
            pc = want_value(ga->percent, "%", 1, nb);
            check_cell(row, CS_REPORT_COL_PERCENT, pc);
            g_free(pc);
            assert_int_equal(row->band, ga->band);
            const cs_group_t *grp = cs_framework_get_group(dfw, g);
            for (size_t i = grp->first_kpi;
                 i < grp->first_kpi + grp->n_kpis; i++, kpis++) {
                row = cs_report_table_get_row(t, r++);
                const cs_kpi_t *k = cs_framework_get_kpi(dfw, i);
                const cs_kpi_score_t *ks = cs_scores_get_kpi(s, i);
                assert_int_equal(row->kind, CS_REPORT_ROW_KPI);
                assert_string_equal(row->code, k->code);
                check_cell(row, CS_REPORT_COL_NAME, k->label);
                char *v = want_value(ks->value, k->unit, 1, nb);
                check_cell(row, CS_REPORT_COL_VALUE, v);
                g_free(v);
                char *tg = want_value(ks->target, k->unit, 0, nb);
                if (*tg && k->direction == CS_LOWER_IS_BETTER) {
                    char *m = g_strdup_printf(nb ? "h\xc3\xb8yst %s"
                                                 : "at most %s",
                                              tg);
                    g_free(tg);
                    tg = m;
                }
                check_cell(row, CS_REPORT_COL_TARGET, tg);
                g_free(tg);
                pc = want_value(ks->percent, "%", 1, nb);
                check_cell(row, CS_REPORT_COL_PERCENT, pc);
                g_free(pc);
                check_cell(row, CS_REPORT_COL_BAND,
                           cs_bands_label(b, ks->band));
                assert_int_equal(row->band, ks->band);
                check_cell(row, CS_REPORT_COL_PREVIOUS, "");
            }
        }
    }
    assert_int_equal(kpis, 108);
    /* a few cells by hand, as a council officer would read them */
    if (nb) {
        check_cell(kpi_row(t, "EN:EN:PSN:1C"), CS_REPORT_COL_VALUE,
                   "32" NBSP "195 hectares per 100 000 inhabitants");
        check_cell(kpi_row(t, "EC:ICT:ICT:1C"), CS_REPORT_COL_VALUE,
                   "98,0" NBSP "%");
        check_cell(kpi_row(t, "EC:P:EM:1C"), CS_REPORT_COL_TARGET,
                   "h\xc3\xb8yst 3,5" NBSP "%");
        check_cell(kpi_row(t, "SC:SH:SI:2C"), CS_REPORT_COL_VALUE,
                   "0,27 index (0-1)");
    } else {
        check_cell(kpi_row(t, "EN:E:E:2C"), CS_REPORT_COL_VALUE,
                   "13,843 kWh per year per capita");
        check_cell(kpi_row(t, "EN:E:E:2C"), CS_REPORT_COL_TARGET,
                   "at most 10,000");
        check_cell(kpi_row(t, "EN:E:E:2C"), CS_REPORT_COL_PERCENT,
                   "72.2" NBSP "%");
        check_cell(kpi_row(t, "EC:ICT:ICT:1C"), CS_REPORT_COL_PERCENT,
                   "98.0" NBSP "%");
    }
    cs_report_table_free(t);
    cs_framework_free(tfw);
    cs_translation_free(tr);
    cs_scores_free(s);
    cs_bands_free(b);
    cs_framework_free(fw);
}

static void
test_table_known_city_en(void **state)
{
    (void)state;
    check_known_city(0);
}

static void
test_table_known_city_nb(void **state)
{
    (void)state;
    check_known_city(1);
}


/* The <tr> of KPI @code in @html (g_free), or NULL. */
static char *
html_row(const char *html, const char *code)
{
    char *needle = g_strdup_printf("<span class=\"code\">%s</span>", code);
    const char *hit = strstr(html, needle);
    g_free(needle);
    if (!hit)
        return NULL;
    const char *start = hit;
    while (start > html && strncmp(start, "<tr", 3))
        start--;
    const char *end = strstr(hit, "</tr>");
    return end ? g_strndup(start, (gsize)(end - start)) : NULL;
}

/* Runs tests/check-report-html.py on @path with the texts @want (NULL-
 * terminated); skips when python3 or html5lib is missing. */
static void
check_html5(const char *path, const char *const *want)
{
    const char *py = g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                         ? "/usr/bin/python3"
                         : NULL;
    char *found = py ? NULL : g_find_program_in_path("python3");
    if (!py && !found) {
        fprintf(stderr, "# python3 missing\n");
        skip();
    }
    char *script = cs_test_src("check-report-html.py");
    GPtrArray *args = g_ptr_array_new();
    g_ptr_array_add(args, (char *)(py ? py : found));
    g_ptr_array_add(args, script);
    g_ptr_array_add(args, (char *)path);
    for (size_t i = 0; want && want[i]; i++)
        g_ptr_array_add(args, (char *)want[i]);
    g_ptr_array_add(args, NULL);
    int status = -1;
    char *err = NULL;
    gboolean ran = g_spawn_sync(NULL, (char **)args->pdata, NULL,
                                G_SPAWN_DEFAULT, NULL, NULL, NULL, &err,
                                &status, NULL);
    assert_true(ran);
    g_ptr_array_free(args, TRUE);
    g_free(script);
    g_free(found);
    if (g_spawn_check_wait_status(status, NULL) == FALSE &&
        WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        g_free(err);
        fprintf(stderr, "# python3-html5lib missing\n");
        skip();
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "# %s", err ? err : "");
    g_free(err);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_cli_html(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("report-html");
    char *out = g_build_filename(dir, "asker.html", NULL);
    char *city = cs_test_root("samples/asker.csv");
    char *targets = cs_test_root("samples/targets.csv");
    char *prev = cs_test_src("data/report/asker-previous.csv");
    const char *name = "<b>Asker & \"Co\"</b>";
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "report", city, "--targets", targets,
                             "--previous", prev, "--name", name, "-o", out,
                             NULL);
    if (rc != 0)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    g_free(err);
    size_t len = 0;
    char *html = cs_test_read(out, &len);
    assert_non_null(html);
    /* the name only ever as text */
    assert_null(strstr(html, "<b>Asker"));
    assert_non_null(strstr(html, "&lt;b&gt;Asker &amp; &quot;Co&quot;"));
    assert_null(strstr(html, "<script"));
    assert_non_null(strstr(html, "<svg role=\"img\""));
    assert_null(strstr(html, "<?xml"));
    /* headers */
    assert_non_null(strstr(html, "<th scope=\"col\">Previous</th>"));
    assert_non_null(strstr(html, "<th scope=\"col\">% of target</th>"));
    assert_non_null(strstr(html, "<th scope=\"rowgroup\">ICT Infrastructure"));
    /* every kind of change, and lower is better */
    static const char *const rows[][3] = {
        {"EC:ICT:ICT:1C", "+8.0 (better)", "change-up\">up a band"},
        {"EC:ICT:ICT:2C", "80.0" NBSP "%", "change-dropped\">no longer"},
        {"EC:P:EM:1C", MINUS "2.3 (better)", "change-up\">up a band"},
        {"EC:I:ES:1C", "+1 (worse)", "change-down\">down a band"},
        {"EN:EN:PSN:1C", "+2,195 (better)", "change-same\">same band"},
        {"EN:E:E:2C", MINUS "1,157 (better)", "change-same\">same band"},
        {"SC:SH:SI:2C", "0 (unchanged)", "change-same\">same band"},
        {"EC:I:WS:1C", "100.0" NBSP "%", "change-new\">newly reported"},
        {"EC:ICT:ICT:5A", "", "change-none\"></td>"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        char *row = html_row(html, rows[i][0]);
        assert_non_null(row);
        for (int k = 1; k < 3; k++)
            if (!strstr(row, rows[i][k])) {
                fprintf(stderr, "# %s: no '%s' in %s\n", rows[i][0],
                        rows[i][k], row);
                fail();
            }
        g_free(row);
    }
    assert_non_null(strstr(html, "<p>Economy: 2 KPIs improved a band, 1 fell, "));
    /* illustrative targets are said to be so */
    assert_non_null(strstr(html, "Colours: illustrative targets"));
    const char *want[] = {"<b>Asker & \"Co\"</b>: city report",
                          "Progress since the previous verification", NULL};
    check_html5(out, want);
    g_free(html);

    /* a broken previous file: exit 1, the good report stays */
    char *bad = g_build_filename(dir, "bad.csv", NULL);
    cs_test_write(bad, "code,value\nNOPE:1,3\n", (size_t)-1);
    char *before = cs_test_read(out, NULL);
    rc = cs_test_run_cli(NULL, &err, "report", city, "--previous", bad, "-o",
                         out, NULL);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "bad.csv:2:"));
    g_free(err);
    char *after = cs_test_read(out, NULL);
    assert_string_equal(before, after);
    g_free(before);
    g_free(after);
    /* bad command lines */
    rc = cs_test_run_cli(NULL, &err, "report", city, "-o", "x.docx", NULL);
    assert_int_equal(rc, 2);
    g_free(err);
    rc = cs_test_run_cli(NULL, &err, "report", city, "-o", out, "--width",
                         "300", NULL);
    assert_int_equal(rc, 2);
    g_free(err);

    /* Norwegian: numbers and words of the table */
    char *nb = g_build_filename(dir, "asker-nb.html", NULL);
    rc = cs_test_run_cli(NULL, &err, "report", city, "--targets", targets,
                         "--previous", prev, "--lang", "nb", "-o", nb, NULL);
    assert_int_equal(rc, 0);
    g_free(err);
    html = cs_test_read(nb, NULL);
    assert_non_null(strstr(html, "<html lang=\"nb\">"));
    char *row = html_row(html, "EN:EN:PSN:1C");
    assert_non_null(strstr(row, "32" NBSP "195 hectares"));
    assert_non_null(strstr(row, "+2" NBSP "195 (bedre)"));
    g_free(row);
    row = html_row(html, "EC:P:EM:1C");
    assert_non_null(strstr(row, "h\xc3\xb8yst 3,5" NBSP "%"));
    assert_non_null(strstr(row, "opp en kategori"));
    g_free(row);
    const char *want_nb[] = {"Endring siden forrige verifisering", NULL};
    check_html5(nb, want_nb);
    g_free(html);
    g_free(nb);
    g_free(bad);
    g_free(prev);
    g_free(targets);
    g_free(city);
    g_free(out);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Runs @argv (NULL-terminated) and returns its stdout (g_free), or NULL
 * when the program is missing. */
static char *
tool_out(const char *const *argv)
{
    char *exe = g_find_program_in_path(argv[0]);
    if (!exe)
        return NULL;
    g_free(exe);
    char *out = NULL;
    int status = -1;
    gboolean ran = g_spawn_sync(NULL, (char **)argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &out, NULL, &status, NULL);
    assert_true(ran && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return out;
}

typedef struct word_box {
    double v[4];
} word_box;

/* Checks the words of every page of @pdf (pdftotext -bbox): each inside
 * the page's margin @m_pt, none clipped; returns the number of pages and,
 * in *@pages_text (g_free each, array g_strfreev), each page's words
 * joined by spaces. Skips when pdftotext is missing. */
static int
pdf_words(const char *pdf, double m_pt, char ***pages_text)
{
    const char *argv[] = {"pdftotext", "-bbox", pdf, "-", NULL};
    char *x = tool_out(argv);
    if (!x) {
        fprintf(stderr, "# pdftotext missing\n");
        skip();
    }
    GPtrArray *pages = g_ptr_array_new();
    double pw = 0, ph = 0;
    GString *cur = NULL;
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(word_box));
    for (const char *p = x; (p = strchr(p, '<')); p++) {
        if (!strncmp(p, "<page ", 6)) {
            assert_int_equal(sscanf(p, "<page width=\"%lf\" height=\"%lf\"",
                                    &pw, &ph),
                             2);
            if (cur)
                g_ptr_array_add(pages, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
            g_array_set_size(boxes, 0);
        } else if (!strncmp(p, "<word ", 6)) {
            double x0, y0, x1, y1;
            assert_int_equal(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" "
                                       "xMax=\"%lf\" yMax=\"%lf\"",
                                    &x0, &y0, &x1, &y1),
                             4);
            const char *t = strchr(p, '>') + 1;
            const char *e = strchr(t, '<');
            /* the wheel page has its own layout; the tables keep inside
             * the margins (pdftotext's boxes are the fonts' whole
             * ascent and descent: a little slack) */
            double slack = 4;
            if (pages->len > 0 &&
                (x0 < m_pt - slack || y0 < m_pt - slack ||
                 x1 > pw - m_pt + slack || y1 > ph - m_pt + slack)) {
                fprintf(stderr, "# page %u: '%.*s' at %.1f,%.1f-%.1f,%.1f "
                                "outside the margins\n",
                        pages->len + 1, (int)(e - t), t, x0, y0, x1, y1);
                fail();
            }
            /* no word of a table page overlaps another: the boxes are
             * the fonts' whole height, so the lines of one cell touch
             * by about a sixth of a line; more means text drawn over
             * text (or over the next row) */
            word_box bx = {{x0, y0, x1, y1}};
            for (guint k = 0; pages->len > 0 && k < boxes->len; k++) {
                const double *o = g_array_index(boxes, word_box, k).v;
                double ox = fmin(x1, o[2]) - fmax(x0, o[0]);
                double oy = fmin(y1, o[3]) - fmax(y0, o[1]);
                double hmin = fmin(y1 - y0, o[3] - o[1]);
                if (ox > 0.5 && oy > 0.25 * hmin) {
                    fprintf(stderr, "# page %u: '%.*s' overlaps another "
                                    "word at %.1f,%.1f\n",
                            pages->len + 1, (int)(e - t), t, x0, y0);
                    fail();
                }
            }
            g_array_append_val(boxes, bx);
            g_string_append_len(cur, t, e - t);
            g_string_append_c(cur, ' ');
        }
    }
    if (cur)
        g_ptr_array_add(pages, g_string_free(cur, FALSE));
    g_array_free(boxes, TRUE);
    g_free(x);
    int n = (int)pages->len;
    g_ptr_array_add(pages, NULL);
    *pages_text = (char **)g_ptr_array_free(pages, FALSE);
    return n;
}

static void
test_cli_pdf(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("report-pdf");
    char *out = g_build_filename(dir, "asker.pdf", NULL);
    char *city = cs_test_root("samples/asker.csv");
    char *targets = cs_test_root("samples/targets.csv");
    char *prev = cs_test_src("data/report/asker-previous.csv");
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "report", city, "--targets", targets,
                             "--previous", prev, "--name", "Asker", "--lang",
                             "nb", "-o", out, NULL);
    if (rc)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    g_free(err);
    size_t len = 0;
    char *pdf = cs_test_read(out, &len);
    assert_true(len > 1000 && !memcmp(pdf, "%PDF-", 5));
    assert_non_null(memmem(pdf, len, "/MarkInfo", 9));
    assert_non_null(memmem(pdf, len, "/Lang (nb)", 10));
    assert_non_null(memmem(pdf, len, "/Table", 6));
    assert_non_null(memmem(pdf, len, "/TH", 3));
    g_free(pdf);
    char **pages = NULL;
    /* English too: no word outside the margins or over another */
    char *en = g_build_filename(dir, "asker-en.pdf", NULL);
    rc = cs_test_run_cli(NULL, &err, "report", city, "--targets", targets,
                         "--previous", prev, "-o", en, NULL);
    assert_int_equal(rc, 0);
    g_free(err);
    int n = pdf_words(en, 15 * 72 / 25.4, &pages);
    assert_true(n >= 4);
    g_strfreev(pages);
    g_free(en);
    rc = cs_test_run_cli(NULL, &err, "report", city, "--targets", targets,
                         "-o", en = g_build_filename(dir, "asker-en2.pdf",
                                                     NULL),
                         NULL);
    assert_int_equal(rc, 0);
    g_free(err);
    n = pdf_words(en, 15 * 72 / 25.4, &pages);
    g_strfreev(pages);
    g_free(en);
    n = pdf_words(out, 15 * 72 / 25.4, &pages);
    assert_true(n >= 4);
    /* page 1: the wheel; then the tables, every page with the headers */
    assert_non_null(strstr(pages[0], "Asker"));
    assert_non_null(strstr(pages[1], "Endring siden forrige verifisering"));
    for (int i = 1; i < n; i++) {
        int heads = strstr(pages[i], "Verdi ") && strstr(pages[i], "Mål ") &&
                    strstr(pages[i], "Kategori ") &&
                    strstr(pages[i], "Forrige ") &&
                    strstr(pages[i], "KPI-resultater etter gruppe");
        if (!heads)
            fprintf(stderr, "# page %d without headers: %.300s\n", i + 1,
                    pages[i]);
        assert_true(heads);
    }
    GString *all = g_string_new(NULL);
    for (int i = 1; i < n; i++)
        g_string_append(all, pages[i]);
    /* Norwegian numbers in the table */
    assert_non_null(strstr(all->str, "32 195"));
    assert_non_null(strstr(all->str, "98,0 %"));
    assert_non_null(strstr(all->str, "høyst 3,5 %"));
    assert_non_null(strstr(all->str, "opp en kategori"));
    assert_non_null(strstr(all->str, "ikke lenger"));
    /* every KPI code is there (each row drawn, none lost at a break) */
    cs_framework_t *fw = cs_test_framework();
    for (size_t i = 0; i < cs_framework_kpi_count(fw); i++)
        if (!strstr(all->str, cs_framework_get_kpi(fw, i)->code)) {
            fprintf(stderr, "# %s missing\n", cs_framework_get_kpi(fw, i)->code);
            fail();
        }
    cs_framework_free(fw);
    g_string_free(all, TRUE);
    g_strfreev(pages);
    g_free(prev);
    g_free(targets);
    g_free(city);
    g_free(out);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* A framework whose labels are far longer than the name column, and a word
 * longer than a line: the rows wrap, the table breaks across pages with
 * its headers again, and no word leaves the page's text area. */
static void
test_pdf_long_labels(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("report-long");
    GString *fw = g_string_new("code,dimension,group,label,unit,direction,"
                               "target\n");
    GString *city = g_string_new("code,value\n");
    for (int i = 0; i < 60; i++) {
        g_string_append_printf(
            fw,
            "L:%d,Long Dimension %d,A group whose name is long enough to "
            "wrap in its own cell %d,KPI %d with a label that goes on and "
            "on about households and Supercalifragilisticexpialidociously"
            "LongWordWithoutSpaces in the municipality %d,"
            "kilometres per 100 000 inhabitants per year,%s,%d\n",
            i, i / 30, i / 10, i, i, i % 2 ? "lower" : "higher", 100 + i);
        g_string_append_printf(city, "L:%d,%d\n", i, 1000 * i + 7);
    }
    char *fwp = g_build_filename(dir, "fw.csv", NULL);
    char *cp = g_build_filename(dir, "city.csv", NULL);
    char *out = g_build_filename(dir, "long.pdf", NULL);
    cs_test_write(fwp, fw->str, fw->len);
    cs_test_write(cp, city->str, city->len);
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "report", cp, "--framework", fwp,
                             "--name", "Longtown", "--margin", "20", "-o",
                             out, NULL);
    if (rc)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    g_free(err);
    char **pages = NULL;
    int n = pdf_words(out, 20 * 72 / 25.4, &pages);
    assert_true(n >= 4);
    GString *all = g_string_new(NULL);
    for (int i = 1; i < n; i++) {
        assert_non_null(strstr(pages[i], "Value "));
        assert_non_null(strstr(pages[i], "Target "));
        assert_non_null(strstr(pages[i], "Band "));
        assert_non_null(strstr(pages[i], "KPI results by group"));
        g_string_append(all, pages[i]);
    }
    for (int i = 0; i < 60; i++) {
        char code[16];
        g_snprintf(code, sizeof code, "L:%d ", i);
        if (!strstr(all->str, code)) {
            fprintf(stderr, "# row %s missing\n", code);
            fail();
        }
    }
    /* the value column: 59,007 kilometres ... */
    assert_non_null(strstr(all->str, "59,007"));
    g_string_free(all, TRUE);
    g_strfreev(pages);
    g_string_free(fw, TRUE);
    g_string_free(city, TRUE);
    g_free(fwp);
    g_free(cp);
    g_free(out);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Checks one picture of the comparison fixture's wheel: each KPI wedge in
 * its current band's colour, its inner strip in the previous band's. */
static void
check_strips(const cs_renderer_t *r, cairo_surface_t *img, double scale,
             const cmp_fixture *f, const cs_comparison_t *c)
{
    const cs_layout_t *l = cs_renderer_layout(r);
    const cs_bands_t *b = cs_renderer_bands(r);
    cs_point_t ctr = cs_layout_centre(l);
    double t = cs_paint_strip_width(r);
    size_t n, first = cs_layout_ring_first(l, CS_RING_KPI, &n);
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first + i);
        double a = (w->a0 + w->a1) / 2;
        cs_point_t in = cs_layout_polar(ctr, a, w->r0 + t / 2);
        cs_point_t mid = cs_layout_polar(ctr, a, (w->r0 + t + w->r1) / 2);
        cs_band_t was = cs_comparison_get_kpi(c, w->index)->prev_band;
        cs_band_t now = cs_scores_get_kpi(f->cur, w->index)->band;
        if (!wt_pixel_is(img, in.x * scale, in.y * scale,
                         cs_bands_color(b, was), 8) ||
            !wt_pixel_is(img, mid.x * scale, mid.y * scale,
                         cs_bands_color(b, now), 8)) {
            fprintf(stderr, "# KPI %zu: strip or wedge colour wrong\n",
                    w->index);
            fail();
        }
    }
}

/* The wheel of progress: the strips in PNG, PDF's sibling SVG (through
 * rsvg-convert), the legend's extra entry, and its refusals. */
static void
test_wheel_progress(void **state)
{
    (void)state;
    cmp_fixture f;
    fixture(&f);
    cs_comparison_t *c = NULL;
    assert_int_equal(cs_comparison_new(f.fw, f.prev, f.cur, &c, NULL), CS_OK);
    cs_fonts_t *fonts = wt_fonts();
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.progress = 1;
    cs_renderer_t *r = wt_renderer(f.fw, f.bands, fonts, &o);
    /* the legend says what the strip is */
    const cs_labels_t *ls = cs_renderer_shared_labels(r);
    int found = 0;
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *lb = cs_labels_get(ls, i);
        if (lb->kind == CS_LABEL_LEGEND &&
            !strcmp(lb->text, "Inner edge: band at the previous "
                              "verification"))
            found = 1;
    }
    assert_true(found);
    double cw, chh;
    cs_renderer_size(r, &cw, &chh);
    cs_output_t out;
    cs_output_init(&out);
    out.format = CS_FORMAT_PNG;
    out.width_px = 1000;
    out.previous = c;
    unsigned char *png = NULL;
    size_t len = 0;
    assert_int_equal(cs_renderer_to_memory(r, f.cur, "X", &out, &png, &len,
                                           NULL, NULL),
                     CS_OK);
    cairo_surface_t *img = wt_png_decode(png, len);
    check_strips(r, img, 1000 / cw, &f, c);
    cairo_surface_destroy(img);
    free(png);
    /* SVG: the same strips, as rsvg-convert draws them */
    out.format = CS_FORMAT_SVG;
    unsigned char *svg = NULL;
    assert_int_equal(cs_renderer_to_memory(r, f.cur, "X", &out, &svg, &len,
                                           NULL, NULL),
                     CS_OK);
    /* and the wedges' descriptions say what the strip shows */
    assert_non_null(memmem(svg, len, "Previous verification: 33 \xe2\x80\x93 "
                                     "66 % of target (up a band).</desc>",
                           strlen("Previous verification: 33 \xe2\x80\x93 "
                                  "66 % of target (up a band).</desc>")));
    assert_non_null(memmem(svg, len, "(no longer reported).</desc>",
                           strlen("(no longer reported).</desc>")));
    assert_non_null(memmem(svg, len, "(newly reported).</desc>",
                           strlen("(newly reported).</desc>")));
    cairo_surface_t *simg = wt_rsvg_png(svg, len, 1000,
                                        (int)lround(1000 * chh / cw));
    if (simg) {
        check_strips(r, simg, 1000 / cw, &f, c);
        cairo_surface_destroy(simg);
    } else {
        fprintf(stderr, "# rsvg-convert missing: SVG strips not checked\n");
    }
    free(svg);
    /* editable-text SVG does not draw them yet: refused, not wrong */
    out.svg_text = 1;
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_renderer_to_memory(r, f.cur, "X", &out, &svg, &len,
                                           NULL, d),
                     CS_ERR_ARG);
    assert_true(cs_test_diag_has(d, 0, 0, "--svg-text"));
    /* a comparison of another framework */
    out.svg_text = 0;
    cs_framework_t *big = cs_test_framework();
    cs_scores_t *bs = NULL;
    assert_int_equal(cs_scores_compute(big, f.bands, NULL, NULL, &bs, NULL),
                     CS_OK);
    cs_comparison_t *bc = NULL;
    assert_int_equal(cs_comparison_new(big, bs, bs, &bc, NULL), CS_OK);
    out.previous = bc;
    assert_int_equal(cs_renderer_to_memory(r, f.cur, "X", &out, &svg, &len,
                                           NULL, d),
                     CS_ERR_ARG);
    cs_comparison_free(bc);
    cs_scores_free(bs);
    cs_framework_free(big);
    cs_diag_free(d);
    cs_renderer_free(r);
    cs_fonts_free(fonts);
    cs_comparison_free(c);
    fixture_free(&f);
}

/* The JSON object of KPI @code in @json (g_free). */
static char *
json_kpi(const char *json, const char *code)
{
    char *needle = g_strdup_printf("{\"code\":\"%s\"", code);
    const char *p = strstr(json, needle);
    g_free(needle);
    assert_non_null(p);
    const char *e = strstr(p, "}}");
    if (!e || (strchr(p, '\n') && strchr(p, '\n') < e))
        e = strchr(p, '}');
    return g_strndup(p, (gsize)(e - p + 1));
}

/* batch: the manifest's "previous" column, the comparison in the JSON and
 * on the wheels. */
static void
test_batch_previous(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("report-batch");
    char *asker = cs_test_root("samples/asker.csv");
    char *rana = cs_test_root("samples/rana.csv");
    char *targets = cs_test_root("samples/targets.csv");
    char *prev = cs_test_src("data/report/asker-previous.csv");
    char *man = g_build_filename(dir, "cities.csv", NULL);
    char *m = g_strdup_printf("id,name,file,targets,previous\n"
                              "asker,Asker,%s,%s,%s\n"
                              "rana,Rana,%s,%s,\n",
                              asker, targets, prev, rana, targets);
    cs_test_write(man, m, (size_t)-1);
    char *outdir = g_build_filename(dir, "out", NULL);
    char *json = g_build_filename(dir, "m.json", NULL);
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "batch", man, "-o", outdir,
                             "--formats", "svg", "--manifest-out", json,
                             "--quiet", "-j", "1", NULL);
    if (rc)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    g_free(err);
    char *js = cs_test_read(json, NULL);
    assert_non_null(js);
    static const char *const want[][2] = {
        {"EC:ICT:ICT:1C", "\"change\":\"up\",\"trend\":\"better\""},
        {"EC:ICT:ICT:2C", "\"band\":\"66to95\",\"value\":80,"},
        {"EC:ICT:ICT:2C", "\"change\":\"dropped\""},
        {"EC:P:EM:1C", "\"delta\":-2.3,\"change\":\"up\",\"trend\":\"better\""},
        {"EC:I:ES:1C", "\"change\":\"down\",\"trend\":\"worse\""},
        {"EN:EN:PSN:1C", "\"change\":\"same\",\"trend\":\"better\""},
        {"EN:E:E:2C", "\"delta\":-1157,\"change\":\"same\",\"trend\":\"better\""},
        {"SC:SH:SI:2C", "\"change\":\"same\",\"trend\":\"unchanged\""},
        {"EC:I:WS:1C", "\"change\":\"new\""},
        {"EC:ICT:ICT:5A", "\"change\":\"none\""},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        char *k = json_kpi(js, want[i][0]);
        if (!strstr(k, want[i][1]))
            fprintf(stderr, "# %s: no %s in %s\n", want[i][0], want[i][1], k);
        assert_non_null(strstr(k, want[i][1]));
        g_free(k);
    }
    assert_non_null(strstr(js, "\"up\":2,\"down\":1,\"same\":3,\"new\":50,"
                               "\"dropped\":1,\"none\":51}"));
    /* Rana has no previous verification: no comparison */
    const char *rana_at = strstr(js, "\"id\":\"rana\"");
    assert_non_null(rana_at);
    assert_non_null(strstr(rana_at, "\"previous\":null"));
    char *rk = json_kpi(rana_at, "EC:ICT:ICT:1C");
    assert_null(strstr(rk, "\"change\""));
    g_free(rk);
    g_free(js);
    /* both wheels written (the renderer draws the strips, see
     * test_wheel_progress) */
    char *svgp = g_build_filename(outdir, "asker.svg", NULL);
    assert_true(g_file_test(svgp, G_FILE_TEST_IS_REGULAR));
    g_free(svgp);

    /* a previous file that cannot be read fails that city only, with the
     * manifest's position */
    m = (g_free(m), g_strdup_printf("id,name,file,targets,previous\n"
                                    "asker,Asker,%s,%s,nope.csv\n"
                                    "rana,Rana,%s,%s,\n",
                                    asker, targets, rana, targets));
    cs_test_write(man, m, (size_t)-1);
    rc = cs_test_run_cli(NULL, &err, "batch", man, "-o", outdir, "--formats",
                         "png", "--quiet", NULL);
    assert_int_equal(rc, 3); /* a file could not be read, as for "file" */
    assert_non_null(strstr(err, "cities.csv:2:"));
    assert_non_null(strstr(err, "previous verification of city 'asker'"));
    g_free(err);
    g_free(m);
    g_free(json);
    g_free(outdir);
    g_free(man);
    g_free(prev);
    g_free(targets);
    g_free(rana);
    g_free(asker);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* The text of page @page of @pdf (g_free); skips without pdftotext. */
static char *
pdf_page_text(const char *pdf, int page)
{
    char pg[16];
    g_snprintf(pg, sizeof pg, "%d", page);
    const char *argv[] = {"pdftotext", "-f", pg, "-l", pg, pdf, "-", NULL};
    char *t = tool_out(argv);
    if (!t) {
        fprintf(stderr, "# pdftotext missing\n");
        skip();
    }
    return t;
}

static int
pdf_pages(const char *pdf)
{
    const char *argv[] = {"pdfinfo", pdf, NULL};
    char *t = tool_out(argv);
    if (!t) {
        fprintf(stderr, "# pdfinfo missing\n");
        skip();
    }
    const char *p = strstr(t, "Pages:");
    assert_non_null(p);
    int n = atoi(p + 6);
    g_free(t);
    return n;
}

/* The book: each city's tables after its wheel (or not, with
 * --book-no-tables); the overview's small wheels without KPI labels, each
 * titled with the city and its overall score. */
static void
test_book_tables(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("report-book");
    char *man = cs_test_root("samples/cities.csv");
    char *out = g_build_filename(dir, "out", NULL);
    char *book = g_build_filename(dir, "book.pdf", NULL);
    char *bare = g_build_filename(dir, "bare.pdf", NULL);
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "batch", man, "-o", out, "--width",
                             "200", "--book", book, "--quiet", NULL);
    assert_int_equal(rc, 0);
    g_free(err);
    rc = cs_test_run_cli(NULL, &err, "batch", man, "-o", out, "--width",
                         "200", "--book", bare, "--book-no-tables", "--quiet",
                         NULL);
    assert_int_equal(rc, 0);
    g_free(err);
    assert_int_equal(pdf_pages(bare), 6);
    int n = pdf_pages(book);
    assert_true(n > 6 + 5);
    /* page 1: titles with the overall score, no KPI labels */
    char *t = pdf_page_text(book, 1);
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *b = wt_bands();
    cs_scores_t *s = wt_scores(fw, b, "samples/asker.csv",
                               "samples/targets.csv");
    char *want = g_strdup_printf("Asker: %.1f %%",
                                 cs_scores_get_overall(s)->percent);
    if (!strstr(t, want))
        fprintf(stderr, "# no '%s' on the overview\n", want);
    assert_non_null(strstr(t, want));
    g_free(want);
    assert_null(strstr(t, "Household Internet Access"));
    assert_null(strstr(t, "Travel Time Index"));
    g_free(t);
    /* each city: its wheel, then its tables (every KPI of the city) */
    static const char *const names[] = {"\xc3\x85lesund", "Asker",
                                        "B\xc3\xa6rum", "Rana", "Trondheim"};
    int page = 2, city = 0;
    GString *tables = NULL;
    for (; page <= n; page++) {
        t = pdf_page_text(book, page);
        char *head = g_strdup_printf("%s: city report", names[city]);
        if (strstr(t, "Household Internet Access") && !strstr(t, "KPI\n") &&
            !strstr(t, "city report")) {
            /* a wheel page: the previous city's tables are complete */
            if (tables) {
                for (size_t i = 0; i < cs_framework_kpi_count(fw); i++)
                    assert_non_null(strstr(tables->str,
                                           cs_framework_get_kpi(fw, i)->code));
                g_string_free(tables, TRUE);
                city++;
            }
            tables = g_string_new(NULL);
        } else {
            assert_non_null(tables);
            if (!tables->len && !strstr(t, head))
                fprintf(stderr, "# page %d: no '%s'\n", page, head);
            assert_true(tables->len || strstr(t, head));
            g_string_append(tables, t);
        }
        g_free(head);
        g_free(t);
    }
    assert_int_equal(city, 4);
    assert_true(tables && tables->len);
    g_string_free(tables, TRUE);
    cs_scores_free(s);
    cs_bands_free(b);
    cs_framework_free(fw);
    g_free(bare);
    g_free(book);
    g_free(out);
    g_free(man);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_format),
        cmocka_unit_test(test_comparison_kinds),
        cmocka_unit_test(test_comparison_bad_input),
        cmocka_unit_test(test_table_changes),
        cmocka_unit_test(test_table_known_city_en),
        cmocka_unit_test(test_table_known_city_nb),
        cmocka_unit_test(test_cli_html),
        cmocka_unit_test(test_cli_pdf),
        cmocka_unit_test(test_wheel_progress),
        cmocka_unit_test(test_batch_previous),
        cmocka_unit_test(test_book_tables),
        cmocka_unit_test(test_pdf_long_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
