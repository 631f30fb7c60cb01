/* SPDX-License-Identifier: MIT */
/*
 * Every public function called with NULL where it takes a pointer (each
 * pointer on its own, the others valid, and all at once): a fallible call
 * returns CS_ERR_ARG with *out NULL, an accessor returns its documented
 * empty value (0, NULL, NaN, a zero struct), a _free or void setter does
 * nothing. Links only the shared library, like a user program, so only
 * the exported API is used. tests/check-api-coverage.py checks that every
 * CS_API function of include/citysnap/ is named here.
 */
#include <citysnap/citysnap.h>
#include <citysnap/compare.h>
#include <citysnap/report.h>

#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static const char *
srcdir(void)
{
    const char *d = getenv("CS_TEST_SRCDIR");
    return d ? d : "tests";
}

static const char *
datadir(void)
{
    const char *d = getenv("CITYSNAP_DATADIR");
    return d ? d : ".";
}

static char *
path_in(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

/* Valid objects for the "one NULL at a time" calls. */
typedef struct {
    char *fw_path, *city_path, *targets_path, *font_dir, *style_path,
        *labels_path, *tmp_dir;
    cs_framework_t *fw;
    cs_bands_t *bands;
    cs_city_t *city;
    cs_targets_t *targets;
    cs_scores_t *scores;
    cs_fonts_t *fonts;
    cs_renderer_t *r;
    cs_layout_t *layout;
    cs_labels_t *labels;
    cs_style_t *style;
    cs_translation_t *tr;
    cs_manifest_t *manifest;
    cs_comparison_t *cmp;
    cs_report_table_t *table;
    cs_diag_t *diag;
} fx_t;

static int
setup(void **state)
{
    fx_t *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->fw_path = path_in(srcdir(), "data/fw-small.csv");
    f->city_path = path_in(srcdir(), "data/city-good.csv");
    f->targets_path = path_in(srcdir(), "data/targets-small.csv");
    f->font_dir = path_in(datadir(), "fonts");
    f->style_path = path_in(datadir(), "data/styles/default.ini");
    f->labels_path = path_in(datadir(), "data/labels-nb.csv");
    const char *b = getenv("CS_TEST_BUILDDIR");
    f->tmp_dir = path_in(b ? b : ".", "api-null.tmp");
    f->diag = cs_diag_new();
    assert_non_null(f->diag);
    assert_int_equal(cs_framework_load(f->fw_path, &f->fw, NULL), CS_OK);
    f->bands = cs_bands_new_default();
    assert_non_null(f->bands);
    assert_int_equal(cs_city_load(f->fw, f->city_path, &f->city, NULL), CS_OK);
    assert_int_equal(
        cs_targets_load(f->fw, f->targets_path, &f->targets, NULL), CS_OK);
    assert_int_equal(cs_scores_compute(f->fw, f->bands, f->targets, f->city,
                                       &f->scores, NULL),
                     CS_OK);
    assert_int_equal(cs_fonts_new(f->font_dir, &f->fonts, NULL), CS_OK);
    assert_int_equal(
        cs_renderer_new(f->fw, f->bands, f->fonts, NULL, &f->r, NULL), CS_OK);
    cs_layout_params_t p;
    cs_layout_params_init(&p);
    assert_int_equal(cs_layout_compute(f->fw, &p, NULL, 0, &f->layout, NULL),
                     CS_OK);
    assert_int_equal(cs_renderer_city_labels(f->r, "X", &f->labels, NULL),
                     CS_OK);
    assert_int_equal(cs_style_load(f->style_path, &f->style, NULL), CS_OK);
    assert_int_equal(cs_translation_load(f->labels_path, "nb", &f->tr, NULL),
                     CS_OK);
    static const char manifest[] = "id,name,file\na,A,city-good.csv\n";
    char *mdir = path_in(srcdir(), "data");
    assert_int_equal(cs_manifest_load_buffer("m.csv", mdir, manifest,
                                             sizeof manifest - 1,
                                             &f->manifest, NULL),
                     CS_OK);
    free(mdir);
    assert_int_equal(
        cs_comparison_new(f->fw, f->scores, f->scores, &f->cmp, NULL), CS_OK);
    assert_int_equal(cs_report_table_new(f->fw, f->bands, f->scores, f->cmp,
                                         NULL, &f->table, NULL),
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
    cs_report_table_free(f->table);
    cs_comparison_free(f->cmp);
    cs_manifest_free(f->manifest);
    cs_translation_free(f->tr);
    cs_style_free(f->style);
    cs_labels_free(f->labels);
    cs_layout_free(f->layout);
    cs_renderer_free(f->r);
    cs_fonts_free(f->fonts);
    cs_scores_free(f->scores);
    cs_targets_free(f->targets);
    cs_city_free(f->city);
    cs_bands_free(f->bands);
    cs_framework_free(f->fw);
    cs_diag_free(f->diag);
    free(f->fw_path);
    free(f->city_path);
    free(f->targets_path);
    free(f->font_dir);
    free(f->style_path);
    free(f->labels_path);
    free(f->tmp_dir);
    free(f);
    return 0;
}

/* A sentinel that a failing call must replace with NULL. */
#define POISON ((void *)&poison_target)
static int poison_target;

/* Asserts CS_ERR_ARG, and that the call added a message to f->diag. */
#define ARG(f, call)                                                          \
    do {                                                                      \
        cs_diag_clear((f)->diag);                                             \
        assert_int_equal((call), CS_ERR_ARG);                                 \
        assert_true(cs_diag_entry_count((f)->diag) >= 1);                     \
        assert_int_equal(cs_diag_get((f)->diag, 0)->status, CS_ERR_ARG);      \
    } while (0)

static void
test_status_null(void **state)
{
    (void)state;
    cs_diag_free(NULL);
    cs_diag_clear(NULL);
    assert_int_equal(cs_diag_reported_count(NULL), 0);
    assert_int_equal(cs_diag_entry_count(NULL), 0);
    assert_null(cs_diag_get(NULL, 0));
    assert_null(cs_diag_entry_format(NULL));
    assert_null(cs_diag_escape(NULL));
    assert_non_null(cs_status_to_string(CS_STATUS_COUNT));
    assert_non_null(cs_status_to_string((cs_status_t)-1));
    cs_diag_t *d = cs_diag_new();
    assert_null(cs_diag_get(d, 0));
    cs_diag_free(d);
    assert_non_null(cs_version());
}

static void
test_framework_null(void **state)
{
    fx_t *f = *state;
    cs_framework_t *fw = POISON;
    ARG(f, cs_framework_load(NULL, &fw, f->diag));
    assert_null(fw);
    ARG(f, cs_framework_load(f->fw_path, NULL, f->diag));
    fw = POISON;
    ARG(f, cs_framework_load_buffer("x", NULL, 3, &fw, f->diag));
    assert_null(fw);
    ARG(f, cs_framework_load_buffer("x", "a", 1, NULL, f->diag));
    assert_int_equal(cs_framework_load_buffer(NULL, NULL, 0, NULL, NULL),
                     CS_ERR_ARG);
    cs_framework_free(NULL);
    assert_int_equal(cs_framework_kpi_count(NULL), 0);
    assert_null(cs_framework_get_kpi(NULL, 0));
    assert_null(cs_framework_get_kpi(f->fw, 6));
    assert_int_equal(cs_framework_group_count(NULL), 0);
    assert_null(cs_framework_get_group(NULL, 0));
    assert_int_equal(cs_framework_dimension_count(NULL), 0);
    assert_null(cs_framework_get_dimension(NULL, 0));
    assert_int_equal(cs_framework_find(NULL, "A:1"), -1);
    assert_int_equal(cs_framework_find(f->fw, NULL), -1);
}

static void
test_bands_null(void **state)
{
    fx_t *f = *state;
    cs_bands_t *b = POISON;
    ARG(f, cs_bands_load(NULL, &b, f->diag));
    assert_null(b);
    ARG(f, cs_bands_load("bands.csv", NULL, f->diag));
    b = POISON;
    ARG(f, cs_bands_load_buffer("x", NULL, 1, &b, f->diag));
    assert_null(b);
    ARG(f, cs_bands_load_buffer("x", "k", 1, NULL, f->diag));
    cs_bands_free(NULL);
    assert_null(cs_band_key(CS_BAND_COUNT));
    cs_band_t band = CS_BAND_33TO66;
    ARG(f, cs_band_from_key(NULL, &band, f->diag));
    ARG(f, cs_band_from_key("nodata", NULL, f->diag));
    assert_int_equal(band, CS_BAND_33TO66);
    assert_null(cs_bands_label(NULL, CS_BAND_95PLUS));
    assert_null(cs_bands_label(f->bands, CS_BAND_COUNT));
    cs_rgb_t c = cs_bands_color(NULL, CS_BAND_95PLUS);
    assert_true(c.r == 0 && c.g == 0 && c.b == 0);
    assert_true(isnan(cs_bands_min_percent(NULL, CS_BAND_95PLUS)));
    assert_int_equal(cs_bands_points(NULL, CS_BAND_95PLUS), 0);
    cs_bands_legend_order(NULL, NULL);
    cs_bands_legend_order(f->bands, NULL);
    cs_band_t order[CS_BAND_COUNT] = {CS_BAND_NODATA};
    cs_bands_legend_order(NULL, order); /* no table: the keys' order */
    for (int i = 0; i < CS_BAND_COUNT; i++)
        assert_int_equal(order[i], (cs_band_t)i);
    assert_true(isnan(cs_bands_percent_of_target(NAN, 1, CS_HIGHER_IS_BETTER)));
    assert_int_equal(cs_bands_classify(NULL, 50), CS_BAND_NODATA);
}

static void
test_city_null(void **state)
{
    fx_t *f = *state;
    cs_city_t *c = POISON;
    ARG(f, cs_city_load(NULL, f->city_path, &c, f->diag));
    assert_null(c);
    c = POISON;
    ARG(f, cs_city_load(f->fw, NULL, &c, f->diag));
    assert_null(c);
    ARG(f, cs_city_load(f->fw, f->city_path, NULL, f->diag));
    c = POISON;
    ARG(f, cs_city_load_buffer(f->fw, "x", NULL, 1, &c, f->diag));
    assert_null(c);
    ARG(f, cs_city_load_buffer(NULL, "x", "a", 1, &c, f->diag));
    ARG(f, cs_city_load_buffer(f->fw, "x", "a", 1, NULL, f->diag));
    cs_city_free(NULL);
    assert_null(cs_city_get_entry(NULL, 0));
    assert_null(cs_city_get_entry(f->city, 6));
    assert_int_equal(cs_city_data_row_count(NULL), 0);
    cs_targets_t *t = POISON;
    ARG(f, cs_targets_load(NULL, f->targets_path, &t, f->diag));
    assert_null(t);
    ARG(f, cs_targets_load(f->fw, NULL, &t, f->diag));
    ARG(f, cs_targets_load(f->fw, f->targets_path, NULL, f->diag));
    ARG(f, cs_targets_load_buffer(f->fw, "x", NULL, 1, &t, f->diag));
    ARG(f, cs_targets_load_buffer(NULL, "x", "a", 1, &t, f->diag));
    ARG(f, cs_targets_load_buffer(f->fw, "x", "a", 1, NULL, f->diag));
    cs_targets_free(NULL);
    assert_true(isnan(cs_targets_get(NULL, 0)));
    assert_true(isnan(cs_targets_get(f->targets, 6)));
    assert_null(cs_targets_source(NULL));
    assert_null(cs_targets_file(NULL));
    assert_int_equal(cs_targets_illustrative(NULL), 0);
    ARG(f, cs_targets_set_source(NULL, "x", f->diag));
    ARG(f, cs_targets_set_source(f->targets, NULL, f->diag));
}

static void
test_score_null(void **state)
{
    fx_t *f = *state;
    cs_scores_t *s = POISON;
    ARG(f, cs_scores_compute(NULL, f->bands, NULL, NULL, &s, f->diag));
    assert_null(s);
    s = POISON;
    ARG(f, cs_scores_compute(f->fw, NULL, NULL, NULL, &s, f->diag));
    assert_null(s);
    ARG(f, cs_scores_compute(f->fw, f->bands, NULL, NULL, NULL, f->diag));
    s = POISON;
    ARG(f, cs_scores_compute_cov(NULL, f->bands, NULL, NULL, 0, &s, f->diag));
    assert_null(s);
    ARG(f, cs_scores_compute_cov(f->fw, NULL, NULL, NULL, 0, &s, f->diag));
    ARG(f, cs_scores_compute_cov(f->fw, f->bands, NULL, NULL, 0, NULL,
                                 f->diag));
    assert_true(cs_scores_min_coverage(NULL) == 0);
    assert_true(cs_agg_coverage(NULL) == 0);
    assert_int_equal(cs_scores_basis_count(NULL, CS_BASIS_BAND), 0);
    assert_null(cs_scores_targets_source(NULL));
    assert_null(cs_scores_targets_file(NULL));
    assert_int_equal(cs_scores_targets_illustrative(NULL), 0);
    cs_scores_free(NULL);
    assert_null(cs_scores_get_kpi(NULL, 0));
    assert_null(cs_scores_get_group(NULL, 0));
    assert_null(cs_scores_get_dimension(NULL, 0));
    assert_null(cs_scores_get_overall(NULL));
    cs_scores_aggregate(NULL, NULL, 0, NULL);
    cs_agg_score_t a;
    cs_scores_aggregate(f->bands, NULL, 3, &a); /* no points: nothing scored */
    assert_int_equal(a.scored, 0);
    assert_int_equal(a.band, CS_BAND_NODATA);
}

static void
test_layout_null(void **state)
{
    fx_t *f = *state;
    cs_layout_params_init(NULL);
    assert_null(cs_legend_position_name(CS_LEGEND_POSITION_COUNT));
    cs_legend_position_t pos = CS_LEGEND_RIGHT;
    ARG(f, cs_legend_position_from_name(NULL, &pos, f->diag));
    ARG(f, cs_legend_position_from_name("none", NULL, f->diag));
    assert_int_equal(pos, CS_LEGEND_RIGHT);
    cs_layout_params_t p;
    cs_layout_params_init(&p);
    cs_layout_t *l = POISON;
    ARG(f, cs_layout_compute(NULL, &p, NULL, 0, &l, f->diag));
    assert_null(l);
    l = POISON;
    ARG(f, cs_layout_compute(f->fw, NULL, NULL, 0, &l, f->diag));
    assert_null(l);
    ARG(f, cs_layout_compute(f->fw, &p, NULL, 0, NULL, f->diag));
    cs_layout_free(NULL);
    assert_null(cs_layout_params(NULL));
    double w = 1, h = 1;
    cs_layout_canvas(NULL, &w, &h);
    assert_true(w == 0 && h == 0);
    cs_layout_canvas(f->layout, NULL, NULL);
    cs_point_t c = cs_layout_centre(NULL);
    assert_true(c.x == 0 && c.y == 0);
    assert_true(isnan(cs_layout_radius(NULL, 0)));
    assert_true(isnan(cs_layout_radius(f->layout, 4)));
    assert_true(isnan(cs_layout_kpi_step(NULL)));
    assert_int_equal(cs_layout_wedge_count(NULL), 0);
    assert_null(cs_layout_get_wedge(NULL, 0));
    size_t n = 7;
    assert_int_equal(cs_layout_ring_first(NULL, CS_RING_KPI, &n), 0);
    assert_int_equal(n, 0);
    n = 7;
    assert_int_equal(cs_layout_ring_first(f->layout, (cs_ring_t)0, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(cs_layout_separator_count(NULL), 0);
    assert_null(cs_layout_get_separator(NULL, 0));
    cs_rect_t r = cs_layout_wheel_box(NULL);
    assert_true(r.w == 0 && r.h == 0);
    r = cs_layout_title_box(NULL);
    assert_true(r.w == 0 && r.h == 0);
    r = cs_layout_legend_box(NULL);
    assert_true(r.w == 0 && r.h == 0);
    r = cs_layout_source_box(NULL);
    assert_true(r.w == 0 && r.h == 0);
    cs_rect_t sw = {1, 1, 1, 1}, tx = {1, 1, 1, 1};
    cs_layout_get_legend_entry(NULL, 0, &sw, &tx);
    assert_true(sw.w == 0 && tx.w == 0);
    cs_layout_get_legend_entry(f->layout, 0, NULL, NULL);
    cs_kpi_slot_t slot = cs_layout_kpi_slot(NULL, 0);
    assert_true(slot.max_thickness == 0 && slot.flipped == 0);
    assert_true(cs_layout_kpi_room(NULL, 0, 1) < 0);
    assert_true(cs_layout_ray_room((cs_rect_t){0, 0, 0, 0},
                                   (cs_point_t){0, 0}, 0, 0, 1) == 0);
    cs_point_t q = cs_layout_polar((cs_point_t){1, 2}, 0, 0);
    assert_true(q.x == 1 && q.y == 2);
    cs_quad_t quad = cs_layout_quad_make((cs_point_t){0, 0}, 0, 0, 0, 1, 1);
    assert_int_equal(cs_layout_quad_overlap(NULL, &quad, 0), 0);
    assert_int_equal(cs_layout_quad_overlap(&quad, NULL, 0), 0);
    assert_int_equal(cs_layout_quad_inside(NULL, (cs_rect_t){0, 0, 1, 1}, 0),
                     0);
    assert_null(cs_layout_dump(NULL));
}

static void
test_text_null(void **state)
{
    fx_t *f = *state;
    cs_fonts_t *fonts = POISON;
    ARG(f, cs_fonts_new(NULL, &fonts, f->diag));
    assert_null(fonts);
    ARG(f, cs_fonts_new(f->font_dir, NULL, f->diag));
    cs_fonts_free(NULL);
    assert_int_equal(cs_fonts_face_count(NULL), 0);
    assert_null(cs_fonts_family(NULL));
    assert_int_equal(cs_fonts_covers(NULL, "a"), 0);
    assert_int_equal(cs_fonts_covers(f->fonts, NULL), 0);
    assert_null(cs_fonts_resolve(NULL, NULL, "a"));
    char *fam = cs_fonts_resolve(f->fonts, NULL, "a");
    assert_non_null(fam);
    free(fam);
    assert_null(cs_fonts_resolve(f->fonts, NULL, NULL));
    assert_null(cs_fit_outcome_name(CS_FIT_COUNT));
    cs_label_styles_t ls;
    cs_label_styles_init(&ls);
    cs_label_styles_init(NULL);
    cs_text_fit_t fit;
    ARG(f, cs_text_fit(NULL, "a", &ls.kpi, NULL, NULL, &fit, f->diag));
    ARG(f, cs_text_fit(f->fonts, NULL, &ls.kpi, NULL, NULL, &fit, f->diag));
    ARG(f, cs_text_fit(f->fonts, "a", NULL, NULL, NULL, &fit, f->diag));
    ARG(f, cs_text_fit(f->fonts, "a", &ls.kpi, NULL, NULL, NULL, f->diag));
    cs_text_fit_clear(NULL);
    double w, h;
    ARG(f, cs_text_measure(NULL, "a", NULL, 0, 8, &w, &h, f->diag));
    ARG(f, cs_text_measure(f->fonts, NULL, NULL, 0, 8, &w, &h, f->diag));
    /* the sizes are optional */
    assert_int_equal(cs_text_measure(f->fonts, "a", NULL, 0, 8, NULL, NULL,
                                     NULL),
                     CS_OK);
    assert_null(cs_label_kind_name(CS_LABEL_KIND_COUNT));
    assert_int_equal(cs_labels_count(NULL), 0);
    assert_null(cs_labels_get(NULL, 0));
    assert_int_equal(cs_labels_count_outcome(NULL, CS_FIT_OK), 0);
    assert_int_equal(cs_labels_worst(NULL), CS_FIT_OK);
    cs_labels_free(NULL);
    ARG(f, cs_labels_check(NULL, (cs_rect_t){0, 0, 1, 1}, 0, f->diag));
    assert_null(cs_labels_dump(NULL));
}

static void
test_render_null(void **state)
{
    fx_t *f = *state;
    assert_null(cs_format_name(CS_FORMAT_COUNT));
    assert_null(cs_format_name(CS_FORMAT_AUTO));
    assert_null(cs_format_extension(CS_FORMAT_COUNT));
    assert_int_equal(cs_format_is_vector(CS_FORMAT_COUNT), 0);
    cs_format_t fmt = CS_FORMAT_SVG;
    ARG(f, cs_format_from_name(NULL, &fmt, f->diag));
    ARG(f, cs_format_from_name("png", NULL, f->diag));
    ARG(f, cs_format_from_path(NULL, &fmt, f->diag));
    ARG(f, cs_format_from_path("a.png", NULL, f->diag));
    assert_int_equal(fmt, CS_FORMAT_SVG);
    assert_null(cs_hatch_name(CS_HATCH_COUNT));
    cs_hatch_t hatch = CS_HATCH_DOTS;
    ARG(f, cs_hatch_from_name(NULL, &hatch, f->diag));
    ARG(f, cs_hatch_from_name("dots", NULL, f->diag));
    cs_render_options_init(NULL);
    cs_output_init(NULL);

    cs_renderer_t *r = POISON;
    ARG(f, cs_renderer_new(NULL, f->bands, f->fonts, NULL, &r, f->diag));
    assert_null(r);
    r = POISON;
    ARG(f, cs_renderer_new(f->fw, NULL, f->fonts, NULL, &r, f->diag));
    assert_null(r);
    r = POISON;
    ARG(f, cs_renderer_new(f->fw, f->bands, NULL, NULL, &r, f->diag));
    assert_null(r);
    ARG(f, cs_renderer_new(f->fw, f->bands, f->fonts, NULL, NULL, f->diag));
    cs_renderer_free(NULL);
    double w = 1, h = 1, scale = 1, x = 1, y = 1;
    cs_renderer_size(NULL, &w, &h);
    assert_true(w == 0 && h == 0);
    cs_renderer_size(f->r, NULL, NULL);
    assert_null(cs_renderer_layout(NULL));
    assert_null(cs_renderer_shared_labels(NULL));
    cs_labels_t *ls = POISON;
    ARG(f, cs_renderer_city_labels(NULL, "x", &ls, f->diag));
    assert_null(ls);
    ARG(f, cs_renderer_city_labels(f->r, "x", NULL, f->diag));
    ls = POISON;
    ARG(f, cs_renderer_draw(NULL, NULL, NULL, NULL, &ls, f->diag));
    assert_null(ls);
    ARG(f, cs_renderer_draw(f->r, NULL, f->scores, "x", NULL, f->diag));

    cs_output_t out;
    cs_output_init(&out);
    out.format = CS_FORMAT_PNG;
    out.width_px = 64;
    double pw = 1, ph = 1;
    ARG(f, cs_output_page_from_name(NULL, &pw, &ph, f->diag));
    ARG(f, cs_output_page_from_name("a4", NULL, &ph, f->diag));
    ARG(f, cs_output_page_from_name("a4", &pw, NULL, f->diag));
    assert_true(pw == 1 && ph == 1);
    ARG(f, cs_renderer_output_place(NULL, CS_FORMAT_PNG, &out, &w, &h, &scale,
                                    &x, &y, f->diag));
    ARG(f, cs_renderer_output_place(f->r, CS_FORMAT_PNG, NULL, &w, &h, &scale,
                                    &x, &y, f->diag));
    ARG(f, cs_renderer_output_place(f->r, CS_FORMAT_PNG, &out, NULL, &h,
                                    &scale, &x, &y, f->diag));
    ARG(f, cs_renderer_output_place(f->r, CS_FORMAT_PNG, &out, &w, NULL,
                                    &scale, &x, &y, f->diag));
    ARG(f, cs_renderer_output_place(f->r, CS_FORMAT_PNG, &out, &w, &h, NULL,
                                    &x, &y, f->diag));
    assert_int_equal(cs_renderer_output_place(f->r, CS_FORMAT_PNG, &out, &w,
                                              &h, &scale, NULL, NULL, NULL),
                     CS_OK);

    unsigned char *data = POISON;
    size_t len = 7;
    ls = POISON;
    ARG(f, cs_renderer_to_memory(NULL, f->scores, "x", &out, &data, &len, &ls,
                                 f->diag));
    assert_null(data);
    assert_null(ls);
    ARG(f, cs_renderer_to_memory(f->r, f->scores, "x", NULL, &data, &len,
                                 NULL, f->diag));
    ARG(f, cs_renderer_to_memory(f->r, f->scores, "x", &out, NULL, &len, NULL,
                                 f->diag));
    ARG(f, cs_renderer_to_memory(f->r, f->scores, "x", &out, &data, NULL,
                                 NULL, f->diag));
    ls = POISON;
    ARG(f, cs_renderer_to_file(NULL, f->scores, "x", "x.png", &out, &ls,
                               f->diag));
    assert_null(ls);
    ARG(f, cs_renderer_to_file(f->r, f->scores, "x", NULL, &out, NULL,
                               f->diag));
    ARG(f, cs_renderer_to_file(f->r, f->scores, "x", "x.png", NULL, NULL,
                               f->diag));
    ARG(f, cs_write_file_atomic(NULL, (const unsigned char *)"a", 1, f->diag));
    ARG(f, cs_write_file_atomic("x.bin", NULL, 1, f->diag));
    cs_write_item_t item = {NULL, (const unsigned char *)"a", 1, 0};
    ARG(f, cs_write_files_atomic(&item, 1, f->diag));
    ARG(f, cs_write_files_atomic(NULL, 1, f->diag));
    item.path = "x.bin";
    item.data = NULL;
    ARG(f, cs_write_files_at(AT_FDCWD, NULL, &item, 1, f->diag));
    item.data = (const unsigned char *)"a";
    item.path = "a/b"; /* not a plain name inside the folder */
    ARG(f, cs_write_files_at(open(".", O_RDONLY | O_DIRECTORY), ".", &item,
                             1, f->diag));
    assert_int_equal(cs_write_files_atomic(NULL, 0, f->diag), CS_OK);
}

/* The font family checks with NULLs. */
static void
test_font_family_null(void **state)
{
    fx_t *f = *state;
    assert_int_equal(cs_fonts_has_family(NULL, "Lato"), 0);
    assert_int_equal(cs_fonts_has_family(f->fonts, NULL), 0);
    assert_int_equal(cs_fonts_has_family(f->fonts, "lato"), 1);
    assert_int_equal(cs_fonts_has_family(f->fonts, "Arial"), 0);
    assert_null(cs_fonts_families(NULL));
    char *fam = cs_fonts_families(f->fonts);
    assert_non_null(strstr(fam, "Lato"));
    free(fam);
    ARG(f, cs_style_check_fonts(NULL, f->fonts, f->diag));
    cs_style_t *st = NULL;
    assert_int_equal(cs_style_load_buffer("s.ini", "[fonts]\nfamily = Arial\n",
                                          22, &st, NULL),
                     CS_OK);
    ARG(f, cs_style_check_fonts(st, NULL, f->diag));
    cs_diag_clear(f->diag);
    assert_int_equal(cs_style_check_fonts(st, f->fonts, f->diag),
                     CS_ERR_INVALID);
    assert_int_equal(cs_diag_get(f->diag, 0)->line, 2);
    cs_style_free(st);
}

/* Last: cs_write_abort() (what a signal handler calls) has nothing to
 * remove here, and every write after it fails. */
static void
test_write_abort(void **state)
{
    fx_t *f = *state;
    cs_write_abort();
    cs_diag_clear(f->diag);
    assert_int_equal(cs_write_file_atomic("never-written.bin",
                                          (const unsigned char *)"a", 1,
                                          f->diag),
                     CS_ERR_IO);
    assert_non_null(strstr(cs_diag_get(f->diag, 0)->message, "interrupted"));
    assert_int_equal(access("never-written.bin", F_OK), -1);
}

static void
test_batch_null(void **state)
{
    fx_t *f = *state;
    cs_manifest_t *m = POISON;
    ARG(f, cs_manifest_load(NULL, &m, f->diag));
    assert_null(m);
    ARG(f, cs_manifest_load("m.csv", NULL, f->diag));
    m = POISON;
    ARG(f, cs_manifest_load_buffer("m", ".", NULL, 1, &m, f->diag));
    assert_null(m);
    ARG(f, cs_manifest_load_buffer("m", ".", "id", 2, NULL, f->diag));
    cs_manifest_free(NULL);
    assert_int_equal(cs_manifest_count(NULL), 0);
    assert_null(cs_manifest_get(NULL, 0));
    assert_null(cs_manifest_get(f->manifest, 1));
    ARG(f, cs_manifest_check_id(NULL, f->diag));

    cs_batch_options_t o;
    memset(&o, 0, sizeof o);
    o.outdir = f->tmp_dir;
    o.threads = 1;
    cs_batch_report_t *rep = POISON;
    ARG(f, cs_batch_run(NULL, f->fw, f->bands, f->manifest, &o, &rep,
                        f->diag));
    assert_null(rep);
    rep = POISON;
    ARG(f, cs_batch_run(f->r, NULL, f->bands, f->manifest, &o, &rep,
                        f->diag));
    assert_null(rep);
    ARG(f, cs_batch_run(f->r, f->fw, NULL, f->manifest, &o, &rep, f->diag));
    ARG(f, cs_batch_run(f->r, f->fw, f->bands, NULL, &o, &rep, f->diag));
    ARG(f, cs_batch_run(f->r, f->fw, f->bands, f->manifest, NULL, &rep,
                        f->diag));
    ARG(f, cs_batch_run(f->r, f->fw, f->bands, f->manifest, &o, NULL,
                        f->diag));
    o.outdir = NULL;
    ARG(f, cs_batch_run(f->r, f->fw, f->bands, f->manifest, &o, &rep,
                        f->diag));
    cs_batch_report_free(NULL);
    assert_int_equal(cs_batch_report_count(NULL), 0);
    assert_null(cs_batch_report_get_city(NULL, 0));
    assert_int_equal(cs_batch_report_failed(NULL), 0);
    assert_int_equal(cs_batch_report_book_status(NULL), CS_ERR_ARG);
    assert_null(cs_batch_report_diag(NULL));
    ARG(f, cs_batch_report_write_json(NULL, f->fw, "x.json", f->diag));
}

static void
test_style_null(void **state)
{
    fx_t *f = *state;
    cs_style_t *s = POISON;
    ARG(f, cs_style_load(NULL, &s, f->diag));
    assert_null(s);
    ARG(f, cs_style_load(f->style_path, NULL, f->diag));
    s = POISON;
    ARG(f, cs_style_load_buffer("s", NULL, 1, &s, f->diag));
    assert_null(s);
    ARG(f, cs_style_load_buffer("s", "[style]\n", 8, NULL, f->diag));
    cs_style_free(NULL);
    assert_null(cs_style_name(NULL));
    cs_render_options_t o;
    cs_render_options_init(&o);
    cs_style_apply(NULL, &o);
    cs_style_apply(f->style, NULL);
    double pct = 5;
    assert_int_equal(cs_style_min_coverage(NULL, &pct), 0);
    /* the value is optional: only whether the style sets one */
    assert_int_equal(cs_style_min_coverage(f->style, NULL),
                     cs_style_min_coverage(f->style, &pct));
    cs_rgb_t c;
    assert_int_equal(cs_style_band_color(NULL, CS_BAND_95PLUS, &c), 0);
    assert_int_equal(cs_style_band_color(f->style, CS_BAND_95PLUS, NULL),
                     cs_style_band_color(f->style, CS_BAND_95PLUS, &c));
    cs_bands_t *b = POISON;
    ARG(f, cs_style_bands(f->style, NULL, NULL, &b, f->diag));
    assert_null(b);
    ARG(f, cs_style_bands(f->style, f->bands, NULL, NULL, f->diag));
    /* a NULL style is allowed: the base colours */
    assert_int_equal(cs_style_bands(NULL, f->bands, NULL, &b, NULL), CS_OK);
    cs_bands_free(b);
}

static void
test_i18n_null(void **state)
{
    fx_t *f = *state;
    cs_translation_t *t = POISON;
    ARG(f, cs_translation_load(NULL, "nb", &t, f->diag));
    assert_null(t);
    ARG(f, cs_translation_load(f->labels_path, "nb", NULL, f->diag));
    t = POISON;
    ARG(f, cs_translation_load_buffer("t", "nb", NULL, 1, &t, f->diag));
    assert_null(t);
    ARG(f, cs_translation_load_buffer("t", "nb", "k", 1, NULL, f->diag));
    cs_translation_free(NULL);
    assert_null(cs_translation_lang(NULL));
    assert_null(cs_translation_get(NULL, "kpi", "A:1"));
    assert_null(cs_translation_get(f->tr, NULL, "A:1"));
    assert_null(cs_translation_get(f->tr, "kpi", NULL));
    cs_framework_t *fw = POISON;
    ARG(f, cs_translation_framework(NULL, f->fw, &fw, NULL, f->diag));
    assert_null(fw);
    fw = POISON;
    ARG(f, cs_translation_framework(f->tr, NULL, &fw, NULL, f->diag));
    assert_null(fw);
    ARG(f, cs_translation_framework(f->tr, f->fw, NULL, NULL, f->diag));
    const char *labels[CS_BAND_COUNT];
    cs_translation_band_labels(NULL, labels);
    for (int i = 0; i < CS_BAND_COUNT; i++)
        assert_null(labels[i]);
    cs_translation_band_labels(f->tr, NULL);
}

static void
test_describe_null(void **state)
{
    fx_t *f = *state;
    cs_describe_words_init(NULL);
    cs_describe_words_t w;
    cs_describe_words_init(&w);
    cs_describe_words_translate(NULL, f->tr);
    cs_describe_words_translate(&w, NULL);
    assert_null(cs_describe_words_default(NULL));
    assert_null(cs_describe_words_default("no such frame"));
    assert_non_null(cs_describe_words_default("intro"));
    assert_null(cs_describe_fill(NULL, NULL, NULL));
    char *s = cs_describe_fill("{a}", NULL, NULL); /* no keys: kept as is */
    assert_string_equal(s, "{a}");
    free(s);
    s = NULL;
    assert_int_equal(cs_describe_number(1, 0, 0, NULL, &s, NULL), CS_OK);
    assert_string_equal(s, "1");
    free(s);
    ARG(f, cs_describe_number(1, 0, 0, NULL, NULL, f->diag));
    char *out = POISON;
    ARG(f, cs_describe_progress(NULL, f->cmp, f->scores, NULL, &out,
                                f->diag));
    assert_null(out);
    ARG(f, cs_describe_progress(f->fw, NULL, f->scores, NULL, &out, f->diag));
    ARG(f, cs_describe_progress(f->fw, f->cmp, f->scores, NULL, NULL,
                                f->diag));
    out = POISON;
    ARG(f, cs_describe_colours(f->scores, NULL, NULL, f->diag));
    ARG(f, cs_describe_summary(NULL, f->bands, f->scores, "x", NULL, &out,
                               f->diag));
    assert_null(out);
    out = POISON;
    ARG(f, cs_describe_summary(f->fw, NULL, f->scores, "x", NULL, &out,
                               f->diag));
    assert_null(out);
    ARG(f, cs_describe_summary(f->fw, f->bands, f->scores, "x", NULL, NULL,
                               f->diag));
    ARG(f, cs_describe_kpi(NULL, f->bands, f->scores, 0, NULL, &out,
                           f->diag));
    ARG(f, cs_describe_kpi(f->fw, NULL, f->scores, 0, NULL, &out, f->diag));
    ARG(f, cs_describe_kpi(f->fw, f->bands, f->scores, 0, NULL, NULL,
                           f->diag));
    ARG(f, cs_describe_kpi(f->fw, f->bands, f->scores, 6, NULL, &out,
                           f->diag));
    assert_null(cs_describe_agg("g", 0, NULL, NULL, NULL));
    s = cs_describe_agg(NULL, 0, NULL, f->bands, NULL);
    assert_non_null(s);
    free(s);
    ARG(f, cs_describe_table(NULL, f->bands, f->scores, "x", CS_TABLE_CSV,
                             NULL, NULL, &out, f->diag));
    ARG(f, cs_describe_table(f->fw, NULL, f->scores, "x", CS_TABLE_CSV, NULL,
                             NULL, &out, f->diag));
    ARG(f, cs_describe_table(f->fw, f->bands, f->scores, "x", CS_TABLE_CSV,
                             NULL, NULL, NULL, f->diag));
    ARG(f, cs_describe_table(f->fw, f->bands, f->scores, "x",
                             CS_TABLE_FORMAT_COUNT, NULL, NULL, &out,
                             f->diag));
}

static void
test_import_null(void **state)
{
    fx_t *f = *state;
    assert_non_null(cs_match_name(CS_MATCH_ALIAS));
    cs_aliases_t *a = POISON;
    ARG(f, cs_aliases_load(NULL, &a, f->diag));
    assert_null(a);
    ARG(f, cs_aliases_load("x", NULL, f->diag));
    a = POISON;
    ARG(f, cs_aliases_load_buffer("x", NULL, 1, &a, f->diag));
    assert_null(a);
    ARG(f, cs_aliases_load_buffer("x", "a", 1, NULL, f->diag));
    cs_aliases_free(NULL);
    assert_non_null(cs_aliases_builtin());
    cs_import_options_init(NULL);
    cs_import_t *imp = POISON;
    ARG(f, cs_import_file(NULL, f->city_path, NULL, &imp, f->diag));
    assert_null(imp);
    imp = POISON;
    ARG(f, cs_import_file(f->fw, NULL, NULL, &imp, f->diag));
    assert_null(imp);
    ARG(f, cs_import_file(f->fw, f->city_path, NULL, NULL, f->diag));
    imp = POISON;
    ARG(f, cs_import_buffer(f->fw, "x", NULL, 1, NULL, &imp, f->diag));
    assert_null(imp);
    ARG(f, cs_import_buffer(NULL, "x", "a", 1, NULL, &imp, f->diag));
    ARG(f, cs_import_buffer(f->fw, "x", "a", 1, NULL, NULL, f->diag));
    cs_import_free(NULL);
    assert_null(cs_import_city(NULL));
    assert_null(cs_import_take_city(NULL));
    assert_int_equal(cs_import_row_count(NULL), 0);
    assert_null(cs_import_get_row(NULL, 0));
    assert_int_equal(cs_import_match_count(NULL, CS_MATCH_CODE), 0);
    assert_null(cs_import_warnings(NULL));
    assert_int_equal(cs_import_is_canonical(NULL), 0);
    char *s = POISON;
    ARG(f, cs_import_report(NULL, &s, f->diag));
    assert_null(s);
    s = POISON;
    ARG(f, cs_import_city_csv(NULL, &s, NULL, f->diag));
    assert_null(s);
    ARG(f, cs_import_write(NULL, "x.csv", f->diag));
    size_t n = 7;
    ARG(f, cs_city_warnings(NULL, NULL, f->city, "X", "x", &n, f->diag));
    assert_int_equal(n, 0);
    ARG(f, cs_city_warnings(f->fw, NULL, NULL, "X", "x", &n, f->diag));
    size_t len = 1;
    s = POISON;
    ARG(f, cs_template_build(NULL, NULL, "en", CS_TEMPLATE_CSV, &s, &len,
                             f->diag));
    assert_null(s);
    ARG(f, cs_template_build(f->fw, NULL, "en", CS_TEMPLATE_FORMAT_COUNT, &s,
                             &len, f->diag));
    ARG(f, cs_template_build(f->fw, NULL, "en", CS_TEMPLATE_CSV, NULL, &len,
                             f->diag));
}

static void
test_compare_report_null(void **state)
{
    fx_t *f = *state;
    assert_null(cs_change_key(CS_CHANGE_COUNT));
    assert_null(cs_trend_key((cs_trend_t)-1));
    cs_comparison_t *c = POISON;
    ARG(f, cs_comparison_new(NULL, f->scores, f->scores, &c, f->diag));
    assert_null(c);
    ARG(f, cs_comparison_new(f->fw, f->scores, f->scores, NULL, f->diag));
    cs_comparison_free(NULL);
    assert_null(cs_comparison_get_kpi(NULL, 0));
    assert_null(cs_comparison_get_group(NULL, 0));
    assert_null(cs_comparison_get_dimension(NULL, 0));
    assert_null(cs_comparison_get_overall(NULL));
    cs_report_table_t *t = POISON;
    ARG(f, cs_report_table_new(NULL, f->bands, f->scores, NULL, NULL, &t,
                               f->diag));
    assert_null(t);
    t = POISON;
    ARG(f, cs_report_table_new(f->fw, NULL, f->scores, NULL, NULL, &t,
                               f->diag));
    assert_null(t);
    ARG(f, cs_report_table_new(f->fw, f->bands, f->scores, NULL, NULL, NULL,
                               f->diag));
    cs_report_table_free(NULL);
    assert_int_equal(cs_report_table_row_count(NULL), 0);
    assert_null(cs_report_table_get_row(NULL, 0));
    assert_int_equal(cs_report_table_has_previous(NULL), 0);
    assert_int_equal(cs_report_table_column_count(NULL), 0);
    assert_null(cs_report_table_heading(NULL, 0));
    cs_report_options_init(NULL);
    cs_report_options_t ro;
    cs_report_options_init(&ro);
    cs_report_format_t rf = CS_REPORT_HTML;
    ARG(f, cs_report_format_from_path(NULL, &rf, f->diag));
    ARG(f, cs_report_format_from_path("a.html", NULL, f->diag));
    unsigned char *data = POISON;
    size_t len = 3;
    ARG(f, cs_report_to_memory(NULL, f->scores, &ro, CS_REPORT_HTML, &data,
                               &len, f->diag));
    assert_null(data);
    /* no options: the defaults */
    assert_int_equal(cs_report_to_memory(f->r, f->scores, NULL,
                                         CS_REPORT_HTML, &data, &len, NULL),
                     CS_OK);
    free(data);
    ARG(f, cs_report_to_memory(f->r, f->scores, &ro, CS_REPORT_HTML, NULL,
                               &len, f->diag));
    ARG(f, cs_report_to_memory(f->r, f->scores, &ro, CS_REPORT_HTML, &data,
                               NULL, f->diag));
    ARG(f, cs_report_to_memory(f->r, f->scores, &ro, CS_REPORT_FORMAT_COUNT,
                               &data, &len, f->diag));
    ARG(f, cs_report_to_file(NULL, f->scores, &ro, CS_REPORT_HTML, "r.html",
                             f->diag));
    ARG(f, cs_report_to_file(f->r, f->scores, &ro, CS_REPORT_HTML, NULL,
                             f->diag));
}

static void
test_scene_null(void **state)
{
    fx_t *f = *state;
    cs_scene_t *s = POISON;
    ARG(f, cs_scene_new(NULL, f->scores, NULL, "x", &s, f->diag));
    assert_null(s);
    ARG(f, cs_scene_new(f->r, f->scores, NULL, "x", NULL, f->diag));
    assert_int_equal(cs_scene_new(f->r, NULL, NULL, NULL, &s, NULL), CS_OK);
    cs_scene_free(s);
    assert_int_equal(cs_scene_new(f->r, f->scores, NULL, "x", &s, NULL), CS_OK);
    cs_scene_free(NULL);
    assert_null(cs_scene_renderer(NULL));
    double w = 1, h = 1;
    cs_scene_size(NULL, &w, &h);
    assert_true(w == 0 && h == 0);
    cs_scene_size(s, NULL, NULL);
    assert_true(isnan(cs_scene_centre(NULL).x));
    cs_rgb_t c = cs_scene_background(NULL);
    assert_true(c.r == 0 && c.g == 0 && c.b == 0);
    c = cs_scene_ink(NULL);
    assert_true(c.r == 0 && c.g == 0 && c.b == 0);
    c = cs_scene_line_color(NULL);
    assert_true(c.r == 0 && c.g == 0 && c.b == 0);
    assert_null(cs_scene_name(NULL));
    assert_null(cs_scene_title(NULL));
    assert_null(cs_scene_summary(NULL));
    assert_null(cs_scene_lang(NULL));
    assert_null(cs_scene_get_band_paint(NULL, CS_BAND_NODATA));
    assert_null(cs_scene_get_band_paint(s, CS_BAND_COUNT));
    assert_int_equal(cs_scene_wedge_count(NULL), 0);
    assert_null(cs_scene_get_wedge(NULL, 0));
    assert_null(cs_scene_get_wedge(s, cs_scene_wedge_count(s)));
    assert_null(cs_scene_find_wedge(NULL, CS_RING_KPI, 0));
    assert_null(cs_scene_find_wedge(s, CS_RING_COUNT + 1, 0));
    assert_int_equal(cs_scene_line_count(NULL), 0);
    assert_null(cs_scene_get_line(NULL, 0));
    assert_int_equal(cs_scene_stroke_count(NULL), 0);
    assert_null(cs_scene_get_stroke(NULL, 0));
    assert_int_equal(cs_scene_circle_count(NULL), 0);
    assert_null(cs_scene_get_circle(NULL, 0));
    assert_int_equal(cs_scene_swatch_count(NULL), 0);
    assert_null(cs_scene_get_swatch(NULL, 0));
    assert_int_equal(cs_scene_label_count(NULL), 0);
    assert_null(cs_scene_get_label(NULL, 0));
    assert_null(cs_scene_labels(NULL));
    assert_null(cs_scene_get_progress(NULL));
    assert_null(cs_scene_get_progress(s));
    cairo_surface_t *surf =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = cairo_create(surf);
    ARG(f, cs_scene_draw(NULL, cr, f->diag));
    ARG(f, cs_scene_draw(s, NULL, f->diag));
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    cs_scene_free(s);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_null),
        cmocka_unit_test(test_framework_null),
        cmocka_unit_test(test_bands_null),
        cmocka_unit_test(test_city_null),
        cmocka_unit_test(test_score_null),
        cmocka_unit_test(test_layout_null),
        cmocka_unit_test(test_text_null),
        cmocka_unit_test(test_render_null),
        cmocka_unit_test(test_scene_null),
        cmocka_unit_test(test_batch_null),
        cmocka_unit_test(test_style_null),
        cmocka_unit_test(test_i18n_null),
        cmocka_unit_test(test_describe_null),
        cmocka_unit_test(test_compare_report_null),
        cmocka_unit_test(test_import_null),
        cmocka_unit_test(test_font_family_null),
        cmocka_unit_test(test_write_abort), /* last: writes fail after it */
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("api-null", tests, setup, teardown);
}
