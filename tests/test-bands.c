/* SPDX-License-Identifier: MIT */
/* The colour mapper (src/bands.c): keys, defaults = data/bands.csv,
 * % of target, classification at every boundary, band file validation. */
#include "cs-test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* The publication's legend texts in legend order, then the one added here. */
static const char *const legend[CS_BAND_COUNT] = {
    "95+ % of target",
    "66 \xe2\x80\x93 95 % of target",
    "33 \xe2\x80\x93 66 % of target",
    "Less than 33 % of target",
    "No data or no target",
    "Data reported \xe2\x80\x93 no target yet available",
    "Not enough data: too few KPIs scored",
};

static const char good_header[] = "key,label,color,min_percent,points\n";
static const char good_rows[] =
    "95plus,Top,#459a71,95,4\n"
    "66to95,Good,#72b282,66,3\n"
    "33to66,Fair,#d8ae56,33,2\n"
    "below33,Poor,#d17d52,0,1\n"
    "nodata,None,#89817b,,0\n"
    "notarget,No target,#609fba,,0\n";

static cs_bands_t *
load(const char *text, cs_status_t want, cs_diag_t *d)
{
    cs_bands_t *b = NULL;
    cs_status_t st = cs_bands_load_buffer("b.csv", text, strlen(text), &b, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    if (want == CS_OK)
        assert_non_null(b);
    else
        assert_null(b);
    return b;
}

/* Loads header + @rows, expects @status and a diagnostic at @line:@col
 * containing @needle. */
static void
assert_bad(const char *rows, cs_status_t status, unsigned line, unsigned col,
           const char *needle)
{
    char *text = g_strconcat(good_header, rows, NULL);
    cs_diag_t *d = cs_diag_new();
    load(text, status, d);
    if (!cs_test_diag_has(d, line, col, needle))
        cs_test_diag_dump(d);
    assert_true(cs_test_diag_has(d, line, col, needle));
    assert_int_equal(cs_diag_get(d, 0)->status, status);
    cs_diag_free(d);
    g_free(text);
}

static void
test_keys(void **state)
{
    (void)state;
    const char *keys[] = {"95plus", "66to95", "33to66", "below33", "nodata",
                          "notarget", "fewdata"};
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        assert_string_equal(cs_band_key((cs_band_t)i), keys[i]);
        cs_band_t b = CS_BAND_COUNT;
        assert_int_equal(cs_band_from_key(keys[i], &b, NULL), CS_OK);
        assert_int_equal(b, i);
        char *up = g_ascii_strup(keys[i], -1);
        assert_int_equal(cs_band_from_key(up, &b, NULL), CS_OK);
        assert_int_equal(b, i);
        g_free(up);
    }
    assert_null(cs_band_key(CS_BAND_COUNT));
    assert_null(cs_band_key((cs_band_t)-1));
    cs_band_t b = CS_BAND_95PLUS;
    assert_int_equal(cs_band_from_key("95", &b, NULL), CS_ERR_INVALID);
    assert_int_equal(cs_band_from_key("", &b, NULL), CS_ERR_INVALID);
    assert_int_equal(cs_band_from_key("95plus ", &b, NULL), CS_ERR_INVALID); /* exact */
    assert_int_equal(cs_band_from_key(NULL, &b, NULL), CS_ERR_ARG);
    assert_int_equal(b, CS_BAND_95PLUS);
}

static void
test_defaults_match_data_file(void **state)
{
    (void)state;
    cs_bands_t *def = cs_bands_new_default();
    assert_non_null(def);
    char *p = cs_test_root("data/bands.csv");
    cs_diag_t *d = cs_diag_new();
    cs_bands_t *file = NULL;
    cs_status_t st = cs_bands_load(p, &file, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);

    cs_band_t o1[CS_BAND_COUNT], o2[CS_BAND_COUNT];
    cs_bands_legend_order(def, o1);
    cs_bands_legend_order(file, o2);
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        cs_band_t b = (cs_band_t)i;
        assert_int_equal(o1[i], o2[i]);
        assert_int_equal(o1[i], i); /* legend order = key order */
        assert_string_equal(cs_bands_label(def, b), cs_bands_label(file, b));
        assert_string_equal(cs_bands_label(def, b), legend[i]);
        cs_rgb_t c1 = cs_bands_color(def, b), c2 = cs_bands_color(file, b);
        assert_true(c1.r == c2.r && c1.g == c2.g && c1.b == c2.b);
        double m1 = cs_bands_min_percent(def, b),
               m2 = cs_bands_min_percent(file, b);
        assert_true((isnan(m1) && isnan(m2)) || m1 == m2);
        assert_int_equal(cs_bands_points(def, b), cs_bands_points(file, b));
    }
    /* the documented values */
    assert_true(cs_bands_min_percent(def, CS_BAND_95PLUS) == 95);
    assert_true(cs_bands_min_percent(def, CS_BAND_66TO95) == 66);
    assert_true(cs_bands_min_percent(def, CS_BAND_33TO66) == 33);
    assert_true(isnan(cs_bands_min_percent(def, CS_BAND_NODATA)));
    assert_true(isnan(cs_bands_min_percent(def, CS_BAND_NOTARGET)));
    int pts[] = {4, 3, 2, 1, 0, 0, 0};
    for (int i = 0; i < CS_BAND_COUNT; i++)
        assert_int_equal(cs_bands_points(def, (cs_band_t)i), pts[i]);
    cs_rgb_t c = cs_bands_color(def, CS_BAND_95PLUS); /* #459a71 */
    assert_true(fabs(c.r - 0x45 / 255.0) < 1e-12);
    assert_true(fabs(c.g - 0x9a / 255.0) < 1e-12);
    assert_true(fabs(c.b - 0x71 / 255.0) < 1e-12);
    /* out of range */
    assert_null(cs_bands_label(def, CS_BAND_COUNT));
    assert_int_equal(cs_bands_points(def, CS_BAND_COUNT), 0);
    assert_true(isnan(cs_bands_min_percent(def, CS_BAND_COUNT)));

    cs_bands_free(def);
    cs_bands_free(file);
    cs_bands_free(NULL);
    cs_diag_free(d);
    g_free(p);
}

static void
test_classify_boundaries(void **state)
{
    (void)state;
    cs_bands_t *b = cs_bands_new_default();
    struct {
        double at;
        cs_band_t upper, lower;
    } bounds[] = {
        {95, CS_BAND_95PLUS, CS_BAND_66TO95},
        {66, CS_BAND_66TO95, CS_BAND_33TO66},
        {33, CS_BAND_33TO66, CS_BAND_BELOW33},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bounds); i++) {
        double at = bounds[i].at;
        /* boundary values belong to the upper band */
        assert_int_equal(cs_bands_classify(b, at), bounds[i].upper);
        assert_int_equal(cs_bands_classify(b, nextafter(at, INFINITY)),
                         bounds[i].upper);
        assert_int_equal(cs_bands_classify(b, nextafter(at, 0)),
                         bounds[i].lower);
        assert_int_equal(cs_bands_classify(b, at + 0.5), bounds[i].upper);
        assert_int_equal(cs_bands_classify(b, at - 0.5), bounds[i].lower);
    }
    assert_int_equal(cs_bands_classify(b, 100), CS_BAND_95PLUS);
    assert_int_equal(cs_bands_classify(b, 1000), CS_BAND_95PLUS);
    assert_int_equal(cs_bands_classify(b, 0), CS_BAND_BELOW33);
    assert_int_equal(cs_bands_classify(b, nextafter(0, 1)), CS_BAND_BELOW33);
    assert_int_equal(cs_bands_classify(b, -0.0), CS_BAND_BELOW33);
    assert_int_equal(cs_bands_classify(b, -5), CS_BAND_BELOW33);
    assert_int_equal(cs_bands_classify(b, -INFINITY), CS_BAND_BELOW33);
    assert_int_equal(cs_bands_classify(b, INFINITY), CS_BAND_95PLUS);
    assert_int_equal(cs_bands_classify(b, NAN), CS_BAND_NODATA);
    assert_int_equal(cs_bands_classify(NULL, 50), CS_BAND_NODATA);
    cs_bands_free(b);
}

static void
assert_pct(double value, double target, cs_direction_t dir, double want)
{
    double got = cs_bands_percent_of_target(value, target, dir);
    if (!(got == want || (isnan(got) && isnan(want))))
        fprintf(stderr, "# pct(%g, %g, %d) = %.17g, want %.17g\n", value,
                target, (int)dir, got, want);
    assert_true(got == want || (isnan(got) && isnan(want)));
}

static void
test_percent_of_target(void **state)
{
    (void)state;
    const cs_direction_t H = CS_HIGHER_IS_BETTER, L = CS_LOWER_IS_BETTER;
    /* higher is better: 100 * value / target, clamped */
    assert_pct(50, 100, H, 50);
    assert_pct(98, 100, H, 98);
    assert_pct(190, 200, H, 95);
    assert_pct(150, 100, H, 100);
    assert_pct(0, 100, H, 0);
    assert_pct(-5, 100, H, 0);
    assert_pct(1, 3, H, round(100.0 / 3 * 1e9) / 1e9);
    /* target 0 or negative: met (value >= target) -> 100, else 0 */
    assert_pct(0, 0, H, 100);
    assert_pct(5, 0, H, 100);
    assert_pct(-1, 0, H, 0);
    assert_pct(-3, -5, H, 100);
    assert_pct(-10, -5, H, 0);
    /* lower is better: target is an upper bound */
    assert_pct(1, 2, L, 100);
    assert_pct(2, 2, L, 100);
    assert_pct(4, 2, L, 50);
    assert_pct(3, 1.5, L, 50);
    assert_pct(0, 2, L, 100);
    assert_pct(-1, 2, L, 100);
    assert_pct(0, 0, L, 100);
    assert_pct(5, 0, L, 0);
    assert_pct(-6, -5, L, 100);
    assert_pct(-3, -5, L, 0);
    assert_pct(1e308, 1, L, 0.0); /* 1e-306 %, rounded to 9 decimals */
    /* not finite */
    assert_pct(NAN, 100, H, NAN);
    assert_pct(50, NAN, H, NAN);
    assert_pct(INFINITY, 100, H, NAN);
    assert_pct(50, -INFINITY, L, NAN);
    /* huge ratios clamp instead of overflowing */
    assert_pct(1e308, 1e-308, H, 100);
    assert_pct(-1e308, 1e-308, H, 0);

    /* decimal inputs exactly on a boundary land on it */
    cs_bands_t *b = cs_bands_new_default();
    struct {
        double v, t;
        cs_direction_t dir;
        cs_band_t band;
    } on[] = {
        {0.57, 0.6, H, CS_BAND_95PLUS}, {0.95, 1, H, CS_BAND_95PLUS},
        {0.66, 1, H, CS_BAND_66TO95},   {0.33, 1, H, CS_BAND_33TO66},
        {3.3, 10, H, CS_BAND_33TO66},   {6.6, 10, H, CS_BAND_66TO95},
        {100, 95, L, CS_BAND_95PLUS},   {100, 66, L, CS_BAND_66TO95},
        {100, 33, L, CS_BAND_33TO66},   {100, 32.9, L, CS_BAND_BELOW33},
        {0.329, 1, H, CS_BAND_BELOW33}, {0.949, 1, H, CS_BAND_66TO95},
        {1, 1, L, CS_BAND_95PLUS},      {0, 1, H, CS_BAND_BELOW33},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(on); i++) {
        double pct = cs_bands_percent_of_target(on[i].v, on[i].t, on[i].dir);
        if (cs_bands_classify(b, pct) != on[i].band)
            fprintf(stderr, "# case %zu: %.17g\n", i, pct);
        assert_int_equal(cs_bands_classify(b, pct), on[i].band);
    }
    cs_bands_free(b);
}

static void
test_load_custom(void **state)
{
    (void)state;
    /* rows in another order define the legend order; extra columns are
     * ignored; semicolons and decimal commas work */
    const char *text =
        "\xEF\xBB\xBFKey;Label;Color;Min_Percent;Points;source;note\r\n"
        "nodata;Nothing;#000000;;;\"a; source\";x\r\n"
        "below33;Bad;#FF0000;-10;1;;\r\n"
        "33to66;Meh;#00ff00;40,5;2;;\r\n"
        "66to95;Ok;#0000ff;70;3;;\r\n"
        "95plus;Great;#ffffff;90;4;;\r\n"
        "notarget;Untargeted;#123456;; 0 ;;\r\n";
    cs_bands_t *b = load(text, CS_OK, NULL);
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(b, order);
    cs_band_t want[] = {CS_BAND_NODATA, CS_BAND_BELOW33, CS_BAND_33TO66,
                        CS_BAND_66TO95, CS_BAND_95PLUS, CS_BAND_NOTARGET,
                        /* a six-row file gets "fewdata" last */
                        CS_BAND_FEWDATA};
    for (int i = 0; i < CS_BAND_COUNT; i++)
        assert_int_equal(order[i], want[i]);
    assert_string_equal(cs_bands_label(b, CS_BAND_FEWDATA),
                        "Not enough data: too few KPIs scored");
    assert_int_equal(cs_bands_points(b, CS_BAND_FEWDATA), 0);
    assert_string_equal(cs_bands_label(b, CS_BAND_33TO66), "Meh");
    assert_true(cs_bands_min_percent(b, CS_BAND_33TO66) == 40.5);
    assert_true(cs_bands_color(b, CS_BAND_BELOW33).r == 1.0);
    assert_true(cs_bands_color(b, CS_BAND_33TO66).g == 1.0);
    /* custom thresholds drive the classification */
    assert_int_equal(cs_bands_classify(b, 90), CS_BAND_95PLUS);
    assert_int_equal(cs_bands_classify(b, 89.9), CS_BAND_66TO95);
    assert_int_equal(cs_bands_classify(b, 40.5), CS_BAND_33TO66);
    assert_int_equal(cs_bands_classify(b, 40.4), CS_BAND_BELOW33);
    assert_int_equal(cs_bands_classify(b, -20), CS_BAND_BELOW33);
    cs_bands_free(b);

    /* the good fixture itself */
    char *t = g_strconcat(good_header, good_rows, NULL);
    b = load(t, CS_OK, NULL);
    assert_string_equal(cs_bands_label(b, CS_BAND_NOTARGET), "No target");
    cs_bands_free(b);
    g_free(t);
}

static void
test_load_errors(void **state)
{
    (void)state;
    /* unknown key */
    assert_bad("95plus,Top,#459a71,95,4\n"
               "66to95,Good,#72b282,66,3\n"
               "green,Fair,#d8ae56,33,2\n",
               CS_ERR_INVALID, 4, 1, "unknown band key 'green'");
    /* duplicate key */
    assert_bad("95plus,Top,#459a71,95,4\n"
               "66to95,Good,#72b282,66,3\n"
               "33to66,Fair,#d8ae56,33,2\n"
               "below33,Poor,#d17d52,0,1\n"
               "nodata,None,#89817b,,0\n"
               "notarget,No target,#609fba,,0\n"
               "95PLUS,Again,#459a71,96,4\n",
               CS_ERR_INVALID, 8, 1, "duplicate band key '95plus' (first on "
                                     "line 2)");
    /* missing key: reported after the last row */
    assert_bad("95plus,Top,#459a71,95,4\n"
               "66to95,Good,#72b282,66,3\n"
               "33to66,Fair,#d8ae56,33,2\n"
               "below33,Poor,#d17d52,0,1\n"
               "nodata,None,#89817b,,0\n",
               CS_ERR_INVALID, 6, 23, "missing band key 'notarget'");
    /* bad colours */
    const char *bad_colors[] = {"#459a7", "459a71", "red", "#gg9a71",
                                "#459a711", ""};
    for (size_t i = 0; i < G_N_ELEMENTS(bad_colors); i++) {
        char *rows = g_strdup_printf("95plus,Top,%s,95,4\n%s", bad_colors[i],
                                     good_rows + strlen("95plus,Top,#459a71,95,4\n"));
        assert_bad(rows, CS_ERR_INVALID, 2, 12, "not a colour #rrggbb");
        g_free(rows);
    }
    /* thresholds not strictly decreasing */
    assert_bad("95plus,Top,#459a71,95,4\n"
               "66to95,Good,#72b282,95,3\n"
               "33to66,Fair,#d8ae56,33,2\n"
               "below33,Poor,#d17d52,0,1\n"
               "nodata,None,#89817b,,0\n"
               "notarget,No target,#609fba,,0\n",
               CS_ERR_INVALID, 3, 21, "95 for '66to95' is not below 95");
    assert_bad("95plus,Top,#459a71,95,4\n"
               "66to95,Good,#72b282,66,3\n"
               "33to66,Fair,#d8ae56,33,2\n"
               "below33,Poor,#d17d52,50,1\n"
               "nodata,None,#89817b,,0\n"
               "notarget,No target,#609fba,,0\n",
               CS_ERR_INVALID, 5, 22, "50 for 'below33' is not below 33");
    /* a threshold that is missing or not a number */
    assert_bad("95plus,Top,#459a71,,4\n" "66to95,Good,#72b282,66,3\n",
               CS_ERR_PARSE, 2, 20, "min_percent");
    assert_bad("95plus,Top,#459a71,9x5,4\n", CS_ERR_PARSE, 2, 20,
               "min_percent: '9x5'");
    /* a threshold where none belongs */
    assert_bad("nodata,None,#89817b,10,0\n", CS_ERR_INVALID, 2, 21,
               "must be empty for band 'nodata'");
    /* points not 1..4 for the scored bands */
    const char *bad_points[] = {"0", "5", "2.5", "x", "", "-1"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad_points); i++) {
        char *rows = g_strdup_printf("95plus,Top,#459a71,95,%s\n",
                                     bad_points[i]);
        assert_bad(rows, CS_ERR_INVALID, 2, 23, "from 1 to 4");
        g_free(rows);
    }
    /* points for nodata/notarget */
    assert_bad("notarget,No target,#609fba,,2\n", CS_ERR_INVALID, 2, 29,
               "must be empty or 0 for band 'notarget'");
    /* empty label, too long label */
    assert_bad("95plus, ,#459a71,95,4\n", CS_ERR_INVALID, 2, 9, "empty label");
    GString *rows = g_string_new("95plus,");
    for (int i = 0; i < 301; i++)
        g_string_append_c(rows, 'x');
    g_string_append(rows, ",#459a71,95,4\n");
    assert_bad(rows->str, CS_ERR_LIMIT, 2, 8, "limit of 300");
    g_string_free(rows, TRUE);
    /* wrong column count */
    assert_bad("95plus,Top,#459a71,95\n", CS_ERR_PARSE, 2, 22,
               "wrong column count");
    /* missing column */
    cs_diag_t *d = cs_diag_new();
    load("key,label,colour,min_percent,points\n", CS_ERR_INVALID, d);
    assert_true(cs_test_diag_has(d, 1, 1, "missing required column 'color'"));
    cs_diag_free(d);
    /* CSV-level errors come through with their position */
    d = cs_diag_new();
    load("key,label,color,min_percent,points\n95plus,\"Top,#459a71,95,4\n",
         CS_ERR_PARSE, d);
    assert_true(cs_test_diag_has(d, 2, 8, "unterminated"));
    cs_diag_free(d);
    /* all problems of the file are reported */
    d = cs_diag_new();
    load("key,label,color,min_percent,points\n"
         "95plus,Top,#459a7z,95,4\n"
         "66to95,Good,#72b282,66,9\n"
         "33to66,Fair,#d8ae56,33,2\n"
         "below33,Poor,#d17d52,0,1\n"
         "nodata,None,#89817b,,0\n"
         "bogus,No target,#609fba,,0\n",
         CS_ERR_INVALID, d);
    assert_true(cs_test_diag_has(d, 2, 12, "colour"));
    assert_true(cs_test_diag_has(d, 3, 24, "from 1 to 4"));
    assert_true(cs_test_diag_has(d, 7, 1, "unknown band key 'bogus'"));
    assert_true(cs_test_diag_has(d, 7, 27, "missing band key 'notarget'"));
    assert_int_equal(cs_diag_reported_count(d), 4);
    cs_diag_free(d);
}

static void
test_load_file(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_bands_t *b = NULL;
    assert_int_equal(cs_bands_load("/nonexistent/bands.csv", &b, d),
                     CS_ERR_IO);
    assert_null(b);
    assert_true(cs_test_diag_has(d, 0, 0, "cannot open"));
    assert_int_equal(cs_bands_load(NULL, &b, d), CS_ERR_ARG);
    assert_int_equal(cs_bands_load_buffer("x", "", 0, NULL, d), CS_ERR_ARG);
    cs_diag_free(d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_defaults_match_data_file),
        cmocka_unit_test(test_classify_boundaries),
        cmocka_unit_test(test_percent_of_target),
        cmocka_unit_test(test_load_custom),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
