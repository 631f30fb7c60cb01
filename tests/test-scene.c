/* SPDX-License-Identifier: MIT */
/*
 * The scene (src/scene.c): every wedge, line, circle, swatch and label of
 * a city's wheel with its resolved paint, as the painters read it. Checks
 * the colour rules against the bands and the WCAG rule, the numbers and
 * coverage against the scores, the painting order, the accessors' NULL
 * and range behaviour, the mismatched-scores refusal, and that painting
 * a scene gives cs_renderer_draw()'s pixels.
 */
#include "wheel-test.h"

#include <citysnap/scene.h>

#include "render-private.h"

typedef struct fixture {
    cs_fonts_t *fonts;
    cs_bands_t *bands;
    cs_framework_t *fw;
    cs_scores_t *scores;
    cs_renderer_t *r;
} fixture;

static void
fixture_init(fixture *f, const cs_render_options_t *o)
{
    f->fonts = wt_fonts();
    f->bands = wt_bands();
    f->fw = cs_test_framework();
    f->scores = wt_scores_cov(f->fw, f->bands, "samples/alesund.csv",
                              "samples/targets.csv", 33);
    f->r = wt_renderer(f->fw, f->bands, f->fonts, o);
}

static void
fixture_clear(fixture *f)
{
    cs_renderer_free(f->r);
    cs_scores_free(f->scores);
    cs_framework_free(f->fw);
    cs_bands_free(f->bands);
    cs_fonts_free(f->fonts);
}

static cs_scene_t *
scene_of(const fixture *f, const cs_scores_t *s, const char *name)
{
    cs_diag_t *d = cs_diag_new();
    cs_scene_t *sc = NULL;
    cs_status_t st = cs_scene_new(f->r, s, NULL, name, &sc, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    assert_non_null(sc);
    cs_diag_free(d);
    return sc;
}

static int
same_rgb(cs_rgb_t a, cs_rgb_t b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static cs_band_t
score_band(const cs_scores_t *s, cs_ring_t ring, size_t i)
{
    switch (ring) {
    case CS_RING_KPI:
        return cs_scores_get_kpi(s, i)->band;
    case CS_RING_GROUP:
        return cs_scores_get_group(s, i)->band;
    default:
        return cs_scores_get_dimension(s, i)->band;
    }
}

/* Every band's paint: the band table's colour, the text colour with the
 * higher contrast, a hatch tint that keeps the text readable, the
 * renderer's hatch kind and sizes. */
static void
test_band_paint(void **state)
{
    (void)state;
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.hatch[CS_BAND_NODATA] = CS_HATCH_DOTS;
    o.hatch_width = 0.8;
    o.hatch_spacing = 4;
    fixture f;
    fixture_init(&f, &o);
    cs_scene_t *sc = scene_of(&f, f.scores, "Ålesund");
    const cs_rgb_t black = {0, 0, 0}, white = {1, 1, 1};
    for (int b = 0; b < CS_BAND_COUNT; b++) {
        const cs_scene_paint_t *p = cs_scene_get_band_paint(sc, (cs_band_t)b);
        assert_non_null(p);
        assert_true(same_rgb(p->fill, cs_bands_color(f.bands, (cs_band_t)b)));
        assert_true(same_rgb(p->text, black) || same_rgb(p->text, white));
        cs_rgb_t other = same_rgb(p->text, black) ? white : black;
        assert_true(cs_render_contrast(p->fill, p->text) >=
                    cs_render_contrast(p->fill, other));
        assert_true(cs_render_contrast(p->hatch_color, p->text) >=
                    cs_render_contrast(p->fill, p->text) - 1e-9);
        assert_int_equal(p->hatch, o.hatch[b]);
        assert_near(p->hatch_width, 0.8, 0);
        assert_near(p->hatch_spacing, 4, 0);
    }
    assert_int_equal(cs_scene_get_band_paint(sc, CS_BAND_NODATA)->hatch,
                     CS_HATCH_DOTS);
    assert_null(cs_scene_get_band_paint(sc, CS_BAND_COUNT));
    assert_null(cs_scene_get_band_paint(sc, (cs_band_t)-1));
    cs_scene_free(sc);
    fixture_clear(&f);
}

/* Wedges: one per layout wedge in its order, coloured by the city's
 * band, with the scores' numbers and coverage, a title and a
 * description; found again by ring and index. */
static void
test_wedges(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, NULL);
    cs_scene_t *sc = scene_of(&f, f.scores, "Ålesund");
    const cs_layout_t *l = cs_renderer_layout(f.r);
    size_t n = cs_scene_wedge_count(sc);
    assert_int_equal(n, cs_layout_wedge_count(l));
    size_t kpis = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_scene_wedge_t *w = cs_scene_get_wedge(sc, i);
        const cs_wedge_t *g = cs_layout_get_wedge(l, i);
        assert_memory_equal(&w->geom, g, sizeof *g);
        assert_int_equal(w->band, score_band(f.scores, g->ring, g->index));
        const cs_scene_paint_t *p = cs_scene_get_band_paint(sc, w->band);
        assert_memory_equal(&w->paint, p, sizeof *p);
        assert_non_null(w->title);
        assert_non_null(w->desc);
        assert_true(strlen(w->desc) > 0);
        assert_ptr_equal(cs_scene_find_wedge(sc, g->ring, g->index), w);
        if (g->ring == CS_RING_KPI) {
            const cs_kpi_score_t *k = cs_scores_get_kpi(f.scores, g->index);
            const cs_kpi_t *kpi = cs_framework_get_kpi(f.fw, g->index);
            assert_string_equal(w->code, kpi->code);
            assert_string_equal(w->title, kpi->label);
            assert_true(isnan(k->value) ? isnan(w->value)
                                        : w->value == k->value);
            assert_true(isnan(k->target) ? isnan(w->target)
                                         : w->target == k->target);
            assert_int_equal(w->points, k->points > 0 ? k->points : 0);
            assert_int_equal(w->scored, k->points > 0);
            assert_int_equal(w->total, 1);
            char *desc = NULL;
            assert_int_equal(cs_describe_kpi(f.fw, f.bands, f.scores,
                                             g->index, NULL, &desc, NULL),
                             CS_OK);
            assert_string_equal(w->desc, desc);
            free(desc);
            kpis++;
        } else {
            const cs_agg_score_t *a =
                g->ring == CS_RING_GROUP
                    ? cs_scores_get_group(f.scores, g->index)
                    : cs_scores_get_dimension(f.scores, g->index);
            assert_null(w->code);
            assert_int_equal(w->scored, a->scored);
            assert_int_equal(w->total, a->total);
            assert_int_equal(w->points, a->points);
            assert_true(isnan(w->value) && isnan(w->target));
            assert_true(w->total > 0);
            /* the coverage sentence is in the description */
            char *cov = g_strdup_printf("%u of %u", a->scored, a->total);
            assert_non_null(strstr(w->desc, cov));
            g_free(cov);
        }
    }
    assert_int_equal(kpis, cs_framework_kpi_count(f.fw));
    assert_null(cs_scene_get_wedge(sc, n));
    assert_null(cs_scene_find_wedge(sc, CS_RING_KPI, kpis));
    assert_null(cs_scene_find_wedge(sc, (cs_ring_t)0, 0));
    cs_scene_free(sc);
    fixture_clear(&f);
}

/* Lines in strokes of one width each, KPI lines first; circles; the
 * legend's swatches in legend order; none of them without a legend. */
static void
test_lines_and_legend(void **state)
{
    (void)state;
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.separator_width[1] = 0; /* no group lines */
    fixture f;
    fixture_init(&f, &o);
    cs_scene_t *sc = scene_of(&f, f.scores, NULL);
    size_t ns = cs_scene_stroke_count(sc), covered = 0;
    assert_int_equal(ns, 2);
    assert_int_equal(cs_scene_get_stroke(sc, 0)->level, 3);
    assert_int_equal(cs_scene_get_stroke(sc, 1)->level, 1);
    for (size_t k = 0; k < ns; k++) {
        const cs_scene_stroke_t *st = cs_scene_get_stroke(sc, k);
        assert_int_equal(st->first, covered);
        assert_true(st->width > 0);
        for (size_t i = st->first; i < st->first + st->count; i++) {
            const cs_scene_line_t *ln = cs_scene_get_line(sc, i);
            assert_int_equal(ln->level, st->level);
            assert_near(ln->width, st->width, 0);
        }
        covered += st->count;
    }
    assert_int_equal(covered, cs_scene_line_count(sc));
    assert_true(covered > 0);
    assert_null(cs_scene_get_stroke(sc, ns));
    assert_int_equal(cs_scene_circle_count(sc), 2);
    assert_near(cs_scene_get_circle(sc, 0)->width, o.ring_width, 0);
    assert_true(same_rgb(cs_scene_line_color(sc), o.separator));

    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(f.bands, order);
    assert_int_equal(cs_scene_swatch_count(sc), CS_BAND_COUNT);
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        const cs_scene_swatch_t *sw = cs_scene_get_swatch(sc, i);
        assert_int_equal(sw->band, order[i]);
        assert_string_equal(sw->label, cs_bands_label(f.bands, order[i]));
        assert_true(same_rgb(sw->paint.fill,
                             cs_bands_color(f.bands, order[i])));
        assert_true(sw->rect.w > 0 && sw->rect.h > 0);
    }
    cs_scene_free(sc);
    fixture_clear(&f);

    cs_render_options_init(&o);
    o.layout.legend_position = CS_LEGEND_NONE;
    o.ring_width = 0;
    fixture_init(&f, &o);
    sc = scene_of(&f, f.scores, NULL);
    assert_int_equal(cs_scene_swatch_count(sc), 0);
    assert_null(cs_scene_get_swatch(sc, 0));
    assert_int_equal(cs_scene_circle_count(sc), 0);
    cs_scene_free(sc);
    fixture_clear(&f);
}

/* A label on a wedge has that wedge's text colour, the others the ink;
 * the city name is the last label. */
static void
test_label_colors(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, NULL);
    cs_scene_t *sc = scene_of(&f, f.scores, "Ålesund");
    size_t n = cs_scene_label_count(sc), on_wedge = 0, counts = 0;
    assert_int_equal(n, cs_labels_count(cs_scene_labels(sc)));
    assert_true(n > cs_framework_kpi_count(f.fw));
    for (size_t i = 0; i < n; i++) {
        const cs_scene_label_t *sl = cs_scene_get_label(sc, i);
        assert_ptr_equal(sl->label, cs_labels_get(cs_scene_labels(sc), i));
        cs_rgb_t want = cs_scene_ink(sc);
        if (sl->label->kind == CS_LABEL_GROUP ||
            sl->label->kind == CS_LABEL_DIMENSION) {
            cs_ring_t ring = sl->label->kind == CS_LABEL_GROUP
                                 ? CS_RING_GROUP
                                 : CS_RING_DIMENSION;
            const cs_scene_wedge_t *w =
                cs_scene_find_wedge(sc, ring, sl->label->index);
            assert_non_null(w);
            want = w->paint.text;
            on_wedge++;
            unsigned a, b;
            if (sscanf(sl->label->text, "%u / %u", &a, &b) == 2) {
                /* a coverage count: the wedge's own numbers */
                assert_int_equal(a, w->scored);
                assert_int_equal(b, w->total);
                counts++;
            }
        }
        assert_true(same_rgb(sl->color, want));
    }
    assert_true(counts >= cs_framework_dimension_count(f.fw));
    assert_int_equal(on_wedge, cs_framework_group_count(f.fw) +
                                   cs_framework_dimension_count(f.fw) +
                                   counts);
    /* the city's labels last: its name, then where its colours come from
     * (above the credit line), then the coverage counts */
    n -= counts;
    const cs_scene_label_t *last = cs_scene_get_label(sc, n - 2);
    assert_int_equal(last->label->kind, CS_LABEL_NAME);
    assert_string_equal(last->label->text, "Ålesund");
    const cs_scene_label_t *note = cs_scene_get_label(sc, n - 1);
    assert_int_equal(note->label->kind, CS_LABEL_SOURCE);
    assert_int_equal(note->label->index, 1);
    assert_true(g_str_has_prefix(note->label->text, "Colours: "));
    assert_null(cs_scene_get_label(sc, n + counts));
    assert_string_equal(cs_scene_name(sc), "Ålesund");
    assert_non_null(strstr(cs_scene_title(sc), "Ålesund"));
    assert_true(strlen(cs_scene_summary(sc)) > 0);
    assert_string_equal(cs_scene_lang(sc), "en");
    cs_scene_free(sc);
    fixture_clear(&f);
}

/* Without scores every wedge is "no data"; scores of another framework
 * are refused (by the scene and by every render through it), NULLs give
 * CS_ERR_ARG and accessors of a NULL scene give nothing. */
static void
test_no_data_mismatch_null(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, NULL);
    cs_scene_t *sc = scene_of(&f, NULL, NULL);
    for (size_t i = 0; i < cs_scene_wedge_count(sc); i++) {
        const cs_scene_wedge_t *w = cs_scene_get_wedge(sc, i);
        assert_int_equal(w->band, CS_BAND_NODATA);
        assert_int_equal(w->scored, 0);
        assert_true(isnan(w->percent));
    }
    assert_string_equal(cs_scene_name(sc), "");
    cs_scene_free(sc);

    cs_framework_t *small = cs_test_small_framework();
    cs_scores_t *other = NULL;
    assert_int_equal(cs_scores_compute(small, f.bands, NULL, NULL, &other,
                                       NULL),
                     CS_OK);
    cs_diag_t *d = cs_diag_new();
    sc = (cs_scene_t *)&f; /* must be reset */
    assert_int_equal(cs_scene_new(f.r, other, NULL, "X", &sc, d), CS_ERR_ARG);
    assert_null(sc);
    assert_true(cs_test_diag_has(d, 0, 0, "another framework"));
    cs_output_t out;
    cs_output_init(&out);
    for (int fmt = 0; fmt < CS_FORMAT_COUNT; fmt++) {
        out.format = (cs_format_t)fmt;
        unsigned char *data = NULL;
        size_t len = 0;
        assert_int_equal(cs_renderer_to_memory(f.r, other, "X", &out, &data,
                                               &len, NULL, NULL),
                         CS_ERR_ARG);
        assert_null(data);
    }
    cs_diag_free(d);
    cs_scores_free(other);
    cs_framework_free(small);

    assert_int_equal(cs_scene_new(NULL, NULL, NULL, NULL, &sc, NULL), CS_ERR_ARG);
    assert_null(sc);
    assert_int_equal(cs_scene_new(f.r, NULL, NULL, NULL, NULL, NULL), CS_ERR_ARG);
    assert_int_equal(cs_scene_draw(NULL, NULL, NULL), CS_ERR_ARG);
    cs_scene_free(NULL);
    assert_int_equal(cs_scene_wedge_count(NULL), 0);
    assert_null(cs_scene_get_wedge(NULL, 0));
    assert_null(cs_scene_find_wedge(NULL, CS_RING_KPI, 0));
    assert_int_equal(cs_scene_line_count(NULL), 0);
    assert_int_equal(cs_scene_stroke_count(NULL), 0);
    assert_int_equal(cs_scene_circle_count(NULL), 0);
    assert_int_equal(cs_scene_swatch_count(NULL), 0);
    assert_int_equal(cs_scene_label_count(NULL), 0);
    assert_null(cs_scene_labels(NULL));
    assert_null(cs_scene_title(NULL));
    assert_null(cs_scene_summary(NULL));
    assert_null(cs_scene_renderer(NULL));
    assert_null(cs_scene_get_band_paint(NULL, CS_BAND_95PLUS));
    double w = 1, h = 1;
    cs_scene_size(NULL, &w, &h);
    assert_true(w == 0 && h == 0);
    fixture_clear(&f);
}

/* cs_scene_draw() paints what cs_renderer_draw() paints. */
static void
test_draw_same_pixels(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, NULL);
    double cw, ch;
    cs_renderer_size(f.r, &cw, &ch);
    int w = (int)ceil(cw / 2), h = (int)ceil(ch / 2);
    cairo_surface_t *a = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_surface_t *b = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *ca = cairo_create(a), *cb = cairo_create(b);
    cairo_scale(ca, 0.5, 0.5);
    cairo_scale(cb, 0.5, 0.5);
    cs_scene_t *sc = scene_of(&f, f.scores, "Ålesund");
    assert_ptr_equal(cs_scene_renderer(sc), f.r);
    double sw, sh;
    cs_scene_size(sc, &sw, &sh);
    assert_near(sw, cw, 0);
    assert_near(sh, ch, 0);
    assert_int_equal(cs_scene_draw(sc, ca, NULL), CS_OK);
    cs_labels_t *ls = NULL;
    assert_int_equal(
        cs_renderer_draw(f.r, cb, f.scores, "Ålesund", &ls, NULL), CS_OK);
    assert_int_equal(cs_labels_count(ls), cs_scene_label_count(sc));
    cs_labels_free(ls);
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    int stride = cairo_image_surface_get_stride(a);
    assert_int_equal(stride, cairo_image_surface_get_stride(b));
    assert_memory_equal(cairo_image_surface_get_data(a),
                        cairo_image_surface_get_data(b),
                        (size_t)stride * (size_t)h);
    cairo_destroy(ca);
    cairo_destroy(cb);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    cs_scene_free(sc);
    fixture_clear(&f);
}

int
main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_band_paint),
        cmocka_unit_test(test_wedges),
        cmocka_unit_test(test_lines_and_legend),
        cmocka_unit_test(test_label_colors),
        cmocka_unit_test(test_no_data_mismatch_null),
        cmocka_unit_test(test_draw_same_pixels),
    };
    return cmocka_run_group_tests_name("scene.c tests", tests, NULL, NULL);
}
