/* SPDX-License-Identifier: MIT */
/* Fonts and label fitting (src/text.c): private fontconfig, coverage,
 * measuring, the fit order (fit, shrink, wrap, ellipsize), threads. */
#include "cs-test.h"
#include "wheel-test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "text-private.h"

static void
test_fonts_private(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    /* Lato Regular and Bold, Noto Sans Arabic and Hebrew (fallbacks) */
    assert_int_equal(cs_fonts_face_count(f), 4);
    assert_string_equal(cs_fonts_family(f), "Lato");
    /* Norwegian letters and the legend's en dash are covered */
    assert_true(cs_fonts_covers(f, "\xc3\x85\xc3\x86\xc3\x98\xc3\xa5\xc3\xa6"
                                   "\xc3\xb8 \xe2\x80\x93 \xe2\x80\xa6"));
    assert_false(cs_fonts_covers(f, "\xe4\xb8\xad")); /* CJK: not in Lato */
    /* asking for a system family still gives the bundled font: system
     * fonts are invisible */
    const char *asks[] = {"DejaVu Sans", "Liberation Serif", "monospace",
                          "sans-serif", "Noto Sans CJK"};
    for (size_t i = 0; i < G_N_ELEMENTS(asks); i++) {
        char *got = cs_fonts_resolve(f, asks[i], "\xc3\x85lesund");
        assert_non_null(got);
        assert_string_equal(got, "Lato");
        free(got);
    }
    /* right-to-left scripts fall back to the bundled Noto faces */
    char *ar = cs_fonts_resolve(f, NULL, "\xd9\x85\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa9");
    assert_non_null(ar);
    assert_string_equal(ar, "Noto Sans Arabic");
    free(ar);
    char *he = cs_fonts_resolve(f, NULL, "\xd7\xa2\xd7\x99\xd7\xa8");
    assert_non_null(he);
    assert_string_equal(he, "Noto Sans Hebrew");
    free(he);
    assert_true(cs_fonts_covers(f, "\xd7\xa2\xd7\x99\xd7\xa8"));
    char *cjk = cs_fonts_resolve(f, NULL, "\xe4\xb8\xad");
    assert_non_null(cjk);
    assert_string_equal(cjk, "Lato"); /* drawn as a missing glyph box */
    free(cjk);
    cs_fonts_free(f);
    cs_fonts_free(NULL);
}

static void
test_fonts_errors(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_fonts_t *f = (cs_fonts_t *)1;
    assert_int_equal(cs_fonts_new("/nonexistent/fonts", &f, d), CS_ERR_FONT);
    assert_null(f);
    const cs_diag_entry_t *e = cs_diag_get(d, 0);
    assert_string_equal(e->file, "/nonexistent/fonts");
    assert_non_null(strstr(e->message, "not found"));
    /* a directory without fonts (a text file named like a font is no font) */
    char *dir = cs_test_tmpdir("nofonts");
    char *fake = g_build_filename(dir, "Fake.ttf", NULL);
    cs_test_write(fake, "not a font", (size_t)-1);
    cs_diag_clear(d);
    assert_int_equal(cs_fonts_new(dir, &f, d), CS_ERR_FONT);
    assert_null(f);
    assert_true(cs_test_diag_has(d, 0, 0, "no usable font"));
    assert_int_equal(cs_fonts_new(NULL, &f, d), CS_ERR_ARG);
    cs_test_rmtree(dir);
    g_free(fake);
    g_free(dir);
    cs_diag_free(d);
}

static void
test_measure(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    double w10, h10, w20, h20, wb, hb;
    const char *t = "Residential Thermal Energy Consumption";
    assert_int_equal(cs_text_measure(f, t, NULL, 0, 10, &w10, &h10, NULL),
                     CS_OK);
    assert_int_equal(cs_text_measure(f, t, NULL, 0, 20, &w20, &h20, NULL),
                     CS_OK);
    assert_int_equal(cs_text_measure(f, t, NULL, 1, 10, &wb, &hb, NULL),
                     CS_OK);
    /* unhinted metrics: linear in the size */
    assert_near(w20, 2 * w10, 0.01);
    assert_near(h20, 2 * h10, 0.01);
    assert_true(wb > w10);                 /* bold is wider */
    assert_true(w10 > 150 && w10 < 210);   /* ~ 0.47 em per character */
    assert_true(h10 >= 9.5 && h10 <= 13);  /* about one em per line */
    double w2, h2;
    cs_text_measure(f, "a\nb", NULL, 0, 10, &w2, &h2, NULL);
    assert_near(h2, 2 * h10, 0.01);
    assert_int_equal(cs_text_measure(f, t, NULL, 0, -1, &w2, &h2, NULL),
                     CS_ERR_ARG);
    cs_fonts_free(f);
}

typedef struct box {
    double w, h;
} box;

static double
room_box(void *ud, double h)
{
    box *b = ud;
    return h <= b->h + 1e-9 ? b->w : -1;
}

static void
fit(cs_fonts_t *f, const char *text, const cs_text_style_t *st, double w,
    double h, cs_text_fit_t *out)
{
    box b = {w, h};
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_text_fit(f, text, st, room_box, &b, out, d), CS_OK);
    cs_diag_free(d);
}

static void
test_fit_order(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_text_style_t st = {NULL, 0, 10, 6, 2};
    const char *t = "Public Transit Network Convenience";
    double w, h;
    cs_text_measure(f, t, NULL, 0, 10, &w, &h, NULL);
    cs_text_fit_t r;

    /* fits: preferred size, one line */
    fit(f, t, &st, w + 1, h, &r);
    assert_int_equal(r.outcome, CS_FIT_OK);
    assert_near(r.size, 10, 0);
    assert_int_equal(r.lines, 1);
    assert_string_equal(r.shown, t);
    cs_text_fit_clear(&r);

    /* 80 % of the width: shrunk to the largest 0.25 step that fits */
    fit(f, t, &st, w * 0.8, h, &r);
    assert_int_equal(r.outcome, CS_FIT_SHRUNK);
    assert_near(r.size, 8.0, 0);
    assert_true(r.width <= w * 0.8 + 1e-6);
    assert_int_equal(r.lines, 1);
    cs_text_fit_clear(&r);
    fit(f, t, &st, w * 0.79, h, &r);
    assert_near(r.size, 7.75, 0);
    cs_text_fit_clear(&r);

    /* too narrow even at the minimum, two lines fit: wrapped, balanced */
    double wa, wb, hh;
    cs_text_measure(f, "Public Transit", NULL, 0, 10, &wa, &hh, NULL);
    cs_text_measure(f, "Network Convenience", NULL, 0, 10, &wb, &hh, NULL);
    double room = fmax(wa, wb) + 0.5;
    cs_text_style_t st8 = {NULL, 0, 10, 8, 2};
    assert_true(room < w * 0.8); /* one line at 8 needs 0.8 w */
    fit(f, t, &st8, room, 2 * h, &r);
    assert_int_equal(r.outcome, CS_FIT_WRAPPED);
    assert_int_equal(r.lines, 2);
    assert_near(r.size, 10, 0);
    assert_string_equal(r.shown, "Public Transit\nNetwork Convenience");
    assert_true(r.width <= room + 1e-6);
    assert_near(r.height, 2 * h, 0.01);
    cs_text_fit_clear(&r);

    /* wrapped and smaller */
    fit(f, t, &st, w * 0.45, 2 * h, &r);
    assert_int_equal(r.outcome, CS_FIT_WRAPPED);
    assert_true(r.size < 10 && r.size >= 6);
    assert_true(r.width <= w * 0.45 + 1e-6);
    cs_text_fit_clear(&r);

    /* only one line high: no wrapping, ellipsized at the minimum size */
    fit(f, t, &st, w * 0.3, h, &r);
    assert_int_equal(r.outcome, CS_FIT_ELLIPSIZED);
    assert_near(r.size, 6, 0);
    assert_int_equal(r.lines, 1);
    assert_true(r.width <= w * 0.3 + 1e-6);
    assert_near(r.ellipsize, w * 0.3, 1e-9);
    cs_text_fit_clear(&r);

    /* one long word: wrapping cannot help */
    fit(f, "Pneumonoultramicroscopicsilicovolcanoconiosis", &st, 60, 3 * h,
        &r);
    assert_int_equal(r.outcome, CS_FIT_ELLIPSIZED);
    assert_true(r.width <= 60 + 1e-6);
    cs_text_fit_clear(&r);

    /* no shrinking allowed (min == size): straight to wrapping */
    cs_text_style_t fixed = {NULL, 0, 10, 10, 2};
    fit(f, t, &fixed, w * 0.9, 2 * h, &r);
    assert_int_equal(r.outcome, CS_FIT_WRAPPED);
    assert_near(r.size, 10, 0);
    cs_text_fit_clear(&r);

    /* one line allowed: ellipsized instead of wrapped */
    cs_text_style_t one = {NULL, 0, 10, 6, 1};
    fit(f, t, &one, w * 0.5, 2 * h, &r);
    assert_int_equal(r.outcome, CS_FIT_ELLIPSIZED);
    assert_int_equal(r.lines, 1);
    cs_text_fit_clear(&r);

    /* invalid style */
    cs_text_style_t bad = {NULL, 0, 5, 6, 1};
    box b = {100, 100};
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_text_fit(f, t, &bad, room_box, &b, &r, d),
                     CS_ERR_ARG);
    cs_diag_free(d);
    cs_fonts_free(f);
}

static void
test_fit_cleans_text(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_text_style_t st = {NULL, 0, 10, 6, 2};
    cs_text_fit_t r;
    fit(f, "  Tab\there\r\nnew\x01line  ", &st, 1000, 100, &r);
    assert_string_equal(r.shown, "Tab here new line");
    cs_text_fit_clear(&r);
    fit(f, "bad \xff utf8", &st, 1000, 100, &r);
    assert_true(g_utf8_validate(r.shown, -1, NULL));
    cs_text_fit_clear(&r);
    fit(f, "", &st, 1000, 100, &r);
    assert_string_equal(r.shown, "");
    assert_int_equal(r.outcome, CS_FIT_OK);
    cs_text_fit_clear(&r);
    cs_fonts_free(f);
}

/* Measuring from several threads at once gives the same numbers as one
 * thread (each thread gets its own Pango font map from the pool). */
typedef struct job {
    cs_fonts_t *f;
    double sum;
} job;

static const char *const words[] = {
    "Household Internet Access", "\xc3\x85lesund", "B\xc3\xa6rum",
    "Wastewater Treated: Secondary", "Drainage / Storm Water System ICT "
    "Monitoring", "66 \xe2\x80\x93 95 % of target"};

static gpointer
worker(gpointer data)
{
    job *j = data;
    cs_text_style_t st = {NULL, 1, 9, 5, 2};
    for (int k = 0; k < 40; k++) {
        for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
            cs_text_fit_t r;
            box b = {60 + k, 30};
            if (cs_text_fit(j->f, words[i], &st, room_box, &b, &r, NULL) !=
                CS_OK)
                return NULL;
            j->sum += r.size * 1000 + r.width + r.lines;
            cs_text_fit_clear(&r);
        }
    }
    return j;
}

static void
test_threads(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    job ref = {f, 0};
    assert_non_null(worker(&ref));
    job jobs[4];
    GThread *th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){f, 0};
        th[i] = g_thread_new("fit", worker, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) {
        assert_non_null(g_thread_join(th[i]));
        assert_near(jobs[i].sum, ref.sum, 0);
    }
    cs_fonts_free(f);
}

static void
test_names(void **state)
{
    (void)state;
    assert_string_equal(cs_fit_outcome_name(CS_FIT_OK), "fit");
    assert_string_equal(cs_fit_outcome_name(CS_FIT_SHRUNK), "shrunk");
    assert_string_equal(cs_fit_outcome_name(CS_FIT_WRAPPED), "wrapped");
    assert_string_equal(cs_fit_outcome_name(CS_FIT_ELLIPSIZED), "ellipsized");
    assert_string_equal(cs_label_kind_name(CS_LABEL_KPI), "kpi");
    assert_string_equal(cs_label_kind_name(CS_LABEL_SOURCE), "source");
    assert_null(cs_label_kind_name(CS_LABEL_KIND_COUNT));
    assert_null(cs_fit_outcome_name(CS_FIT_COUNT));
    cs_label_styles_t s;
    cs_label_styles_init(&s);
    const cs_text_style_t *all[] = {&s.kpi,   &s.group,  &s.dimension,
                                    &s.name,  &s.title,  &s.legend,
                                    &s.source};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        assert_true(all[i]->min_size > 0);
        assert_true(all[i]->min_size <= all[i]->size);
        assert_true(all[i]->max_lines == 1 || all[i]->max_lines == 2);
    }
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fonts_private),
        cmocka_unit_test(test_fonts_errors),
        cmocka_unit_test(test_measure),
        cmocka_unit_test(test_fit_order),
        cmocka_unit_test(test_fit_cleans_text),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_names),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
