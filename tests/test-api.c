/* SPDX-License-Identifier: MIT */
/*
 * The public API as a user program sees it: this links only the shared
 * library (citysnap_dep), so it also proves the exported symbol set is
 * enough for the whole pipeline. Covers the contract across objects:
 * scores of one framework given to a renderer or describer of another
 * are refused with CS_ERR_ARG, a translation of the framework is not.
 */
#include <citysnap/citysnap.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static char *
path_in(const char *env, const char *fallback, const char *rel)
{
    const char *dir = getenv(env);
    if (!dir)
        dir = fallback;
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

typedef struct {
    cs_framework_t *small, *wheel, *wheel_nb;
    cs_translation_t *nb;
    cs_bands_t *bands;
    cs_fonts_t *fonts;
    cs_scores_t *small_scores, *wheel_scores;
    cs_renderer_t *r_wheel, *r_wheel_nb, *r_small;
} fx_t;

static int
setup(void **state)
{
    fx_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    char *p = path_in("CS_TEST_SRCDIR", "tests", "data/fw-small.csv");
    assert_int_equal(cs_framework_load(p, &f->small, NULL), CS_OK);
    free(p);
    p = path_in("CITYSNAP_DATADIR", ".", "data/u4ssc-wheel.csv");
    assert_int_equal(cs_framework_load(p, &f->wheel, NULL), CS_OK);
    free(p);
    p = path_in("CITYSNAP_DATADIR", ".", "data/labels-nb.csv");
    assert_int_equal(cs_translation_load(p, "nb", &f->nb, NULL), CS_OK);
    free(p);
    size_t missing = 99;
    assert_int_equal(cs_translation_framework(f->nb, f->wheel, &f->wheel_nb,
                                              &missing, NULL),
                     CS_OK);
    assert_int_equal(missing, 0);
    f->bands = cs_bands_new_default();
    assert_non_null(f->bands);
    p = path_in("CITYSNAP_DATADIR", ".", "fonts");
    assert_int_equal(cs_fonts_new(p, &f->fonts, NULL), CS_OK);
    free(p);
    assert_int_equal(cs_scores_compute(f->small, f->bands, NULL, NULL,
                                       &f->small_scores, NULL),
                     CS_OK);
    assert_int_equal(cs_scores_compute(f->wheel, f->bands, NULL, NULL,
                                       &f->wheel_scores, NULL),
                     CS_OK);
    assert_int_equal(cs_renderer_new(f->wheel, f->bands, f->fonts, NULL,
                                     &f->r_wheel, NULL),
                     CS_OK);
    assert_int_equal(cs_renderer_new(f->wheel_nb, f->bands, f->fonts, NULL,
                                     &f->r_wheel_nb, NULL),
                     CS_OK);
    assert_int_equal(cs_renderer_new(f->small, f->bands, f->fonts, NULL,
                                     &f->r_small, NULL),
                     CS_OK);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fx_t *f = *state;
    if (!f)
        return 0;
    cs_renderer_free(f->r_small);
    cs_renderer_free(f->r_wheel_nb);
    cs_renderer_free(f->r_wheel);
    cs_scores_free(f->wheel_scores);
    cs_scores_free(f->small_scores);
    cs_fonts_free(f->fonts);
    cs_bands_free(f->bands);
    cs_framework_free(f->wheel_nb);
    cs_translation_free(f->nb);
    cs_framework_free(f->wheel);
    cs_framework_free(f->small);
    free(f);
    return 0;
}

static cs_output_t
png_out(void)
{
    cs_output_t o;
    cs_output_init(&o);
    o.format = CS_FORMAT_PNG;
    o.width_px = 200;
    return o;
}

/* The message names the problem, not only the status. */
static void
assert_mismatch(cs_diag_t *d)
{
    assert_int_equal(cs_diag_entry_count(d), 1);
    const cs_diag_entry_t *e = cs_diag_get(d, 0);
    assert_int_equal(e->status, CS_ERR_ARG);
    assert_non_null(strstr(e->message, "another framework"));
    cs_diag_clear(d);
}

static void
test_mismatched_scores(void **state)
{
    fx_t *f = *state;
    cs_output_t o = png_out();
    cs_diag_t *d = cs_diag_new();
    unsigned char *data = (unsigned char *)"x";
    size_t len = 7;
    cs_labels_t *ls = (cs_labels_t *)f;
    /* 6-KPI scores, 108-KPI renderer: used to read past the scores */
    assert_int_equal(cs_renderer_to_memory(f->r_wheel, f->small_scores, "X",
                                           &o, &data, &len, &ls, d),
                     CS_ERR_ARG);
    assert_null(data);
    assert_int_equal(len, 0);
    assert_null(ls);
    assert_mismatch(d);
    /* and the other way round */
    assert_int_equal(cs_renderer_to_memory(f->r_small, f->wheel_scores, "X",
                                           &o, &data, &len, NULL, d),
                     CS_ERR_ARG);
    assert_mismatch(d);
    char *path = path_in("CS_TEST_BUILDDIR", ".", "api-mismatch.png");
    remove(path);
    assert_int_equal(cs_renderer_to_file(f->r_wheel, f->small_scores, "X",
                                         path, &o, NULL, d),
                     CS_ERR_ARG);
    assert_mismatch(d);
    FILE *fp = fopen(path, "rb");
    assert_null(fp); /* nothing written */
    free(path);
    char *text = (char *)"x";
    assert_int_equal(cs_describe_summary(f->wheel, f->bands, f->small_scores,
                                         "X", NULL, &text, d),
                     CS_ERR_ARG);
    assert_null(text);
    assert_mismatch(d);
    assert_int_equal(cs_describe_kpi(f->wheel, f->bands, f->small_scores, 0,
                                     NULL, &text, d),
                     CS_ERR_ARG);
    assert_mismatch(d);
    assert_int_equal(cs_describe_table(f->wheel, f->bands, f->small_scores,
                                       "X", CS_TABLE_HTML, NULL, NULL, &text,
                                       d),
                     CS_ERR_ARG);
    assert_mismatch(d);
    cs_diag_free(d);
}

/* Same shape, other labels: the translated renderer draws English scores
 * (what `citysnap render --lang nb` does). */
static void
test_translated_framework_accepts_scores(void **state)
{
    fx_t *f = *state;
    cs_output_t o = png_out();
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(cs_renderer_to_memory(f->r_wheel_nb, f->wheel_scores,
                                           "Ålesund", &o, &data, &len, NULL,
                                           NULL),
                     CS_OK);
    assert_true(len > 8);
    assert_memory_equal(data, "\x89PNG", 4);
    free(data);
    char *text = NULL;
    assert_int_equal(cs_describe_summary(f->wheel_nb, f->bands,
                                         f->wheel_scores, "Ålesund", NULL,
                                         &text, NULL),
                     CS_OK);
    assert_non_null(strstr(text, "Ålesund"));
    free(text);
}

/* A framework with the same number of KPIs but other codes is another
 * framework. */
static void
test_same_size_other_codes(void **state)
{
    fx_t *f = *state;
    static const char other[] =
        "code,dimension,group,label,direction\n"
        "Z:1,Economy,Alpha,a,higher\nZ:2,Economy,Alpha,b,higher\n"
        "Z:3,Economy,Beta,c,higher\nZ:4,Economy,Beta,d,higher\n"
        "Z:5,Environment,Gamma,e,higher\nZ:6,Environment,Gamma,f,higher\n";
    cs_framework_t *fw = NULL;
    assert_int_equal(cs_framework_load_buffer("other.csv", other,
                                              sizeof other - 1, &fw, NULL),
                     CS_OK);
    assert_int_equal(cs_framework_kpi_count(fw),
                     cs_framework_kpi_count(f->small));
    cs_renderer_t *r = NULL;
    assert_int_equal(cs_renderer_new(fw, f->bands, f->fonts, NULL, &r, NULL),
                     CS_OK);
    cs_output_t o = png_out();
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(cs_renderer_to_memory(r, f->small_scores, NULL, &o,
                                           &data, &len, NULL, NULL),
                     CS_ERR_ARG);
    cs_renderer_free(r);
    cs_framework_free(fw);
}

/* A city or targets file loaded for one framework cannot be scored with
 * another. */
static void
test_city_of_another_framework(void **state)
{
    fx_t *f = *state;
    char *p = path_in("CS_TEST_SRCDIR", "tests", "data/city-good.csv");
    cs_city_t *city = NULL;
    assert_int_equal(cs_city_load(f->small, p, &city, NULL), CS_OK);
    free(p);
    p = path_in("CS_TEST_SRCDIR", "tests", "data/targets-small.csv");
    cs_targets_t *t = NULL;
    assert_int_equal(cs_targets_load(f->small, p, &t, NULL), CS_OK);
    free(p);
    cs_diag_t *d = cs_diag_new();
    cs_scores_t *s = (cs_scores_t *)f;
    assert_int_equal(cs_scores_compute(f->wheel, f->bands, NULL, city, &s, d),
                     CS_ERR_ARG);
    assert_null(s);
    assert_non_null(strstr(cs_diag_get(d, 0)->message, "another framework"));
    assert_int_equal(cs_scores_compute(f->wheel, f->bands, t, NULL, &s, NULL),
                     CS_ERR_ARG);
    assert_int_equal(cs_scores_compute(f->small, f->bands, t, city, &s, NULL),
                     CS_OK);
    cs_scores_free(s);
    cs_diag_free(d);
    cs_targets_free(t);
    cs_city_free(city);
}

/* The whole pipeline through the exported API: load, score, render to
 * each format, describe, check the labels. */
static void
test_pipeline(void **state)
{
    fx_t *f = *state;
    char *p = path_in("CS_TEST_SRCDIR", "tests", "data/city-good.csv");
    cs_city_t *city = NULL;
    assert_int_equal(cs_city_load(f->small, p, &city, NULL), CS_OK);
    free(p);
    cs_scores_t *s = NULL;
    assert_int_equal(cs_scores_compute(f->small, f->bands, NULL, city, &s,
                                       NULL),
                     CS_OK);
    assert_int_equal(cs_scores_get_kpi(s, 0)->band, CS_BAND_66TO95);
    for (int fmt = 0; fmt < CS_FORMAT_COUNT; fmt++) {
        cs_output_t o = png_out();
        o.format = (cs_format_t)fmt;
        unsigned char *data = NULL;
        size_t len = 0;
        cs_labels_t *ls = NULL;
        assert_int_equal(cs_renderer_to_memory(f->r_small, s, "Test", &o,
                                               &data, &len, &ls, NULL),
                         CS_OK);
        assert_true(len > 100);
        double w, h;
        cs_renderer_size(f->r_small, &w, &h);
        assert_int_equal(cs_labels_check(ls, (cs_rect_t){0, 0, w, h}, 0.01,
                                         NULL),
                         CS_OK);
        cs_labels_free(ls);
        free(data);
    }
    char *sum = NULL;
    assert_int_equal(cs_describe_summary(f->small, f->bands, s, "Test", NULL,
                                         &sum, NULL),
                     CS_OK);
    assert_non_null(strstr(sum, "Test"));
    free(sum);
    cs_scores_free(s);
    cs_city_free(city);
}

static void
test_version(void **state)
{
    (void)state;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", CS_VERSION_MAJOR,
             CS_VERSION_MINOR, CS_VERSION_MICRO);
    assert_string_equal(cs_version(), want);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mismatched_scores),
        cmocka_unit_test(test_translated_framework_accepts_scores),
        cmocka_unit_test(test_same_size_other_codes),
        cmocka_unit_test(test_city_of_another_framework),
        cmocka_unit_test(test_pipeline),
        cmocka_unit_test(test_version),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("api", tests, setup, teardown);
}
