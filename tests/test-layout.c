/* SPDX-License-Identifier: MIT */
/* Wheel geometry (src/layout.c): wedges, radii, separators, regions, label
 * slots, ray room, quads, automatic radius, dump. Pure math: exact tests. */
#include "cs-test.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define DEG (G_PI / 180.0)

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, eps) near_impl((a), (b), (eps), #a, __FILE__, __LINE__)

static void
near_impl(double a, double b, double eps, const char *what, const char *file,
          int line)
{
    if (!(fabs(a - b) <= eps) && !(a == b)) {
        fprintf(stderr, "# %s:%d: %s = %.9g, expected %.9g (+- %g)\n", file,
                line, what, a, b, eps);
        _fail(file, line);
    }
}

static cs_layout_t *
make(const cs_framework_t *fw, const cs_layout_params_t *p, const double *len,
     double thick)
{
    cs_layout_params_t def;
    if (!p) {
        cs_layout_params_init(&def);
        p = &def;
    }
    cs_diag_t *d = cs_diag_new();
    cs_layout_t *l = NULL;
    cs_status_t st = cs_layout_compute(fw, p, len, thick, &l, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    assert_non_null(l);
    cs_diag_free(d);
    return l;
}

/* Every ring covers the circle exactly once, wedges contiguous, in order. */
static void
check_ring(const cs_layout_t *l, cs_ring_t ring, size_t want)
{
    size_t n, first = cs_layout_ring_first(l, ring, &n);
    assert_int_equal(n, want);
    double a = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first + i);
        assert_int_equal(w->ring, ring);
        assert_int_equal(w->index, i);
        assert_near(w->a0, a, 1e-12);
        assert_true(w->a1 > w->a0);
        a = w->a1;
        assert_near(w->r0, cs_layout_radius(l, (int)ring - 1), 1e-12);
        assert_near(w->r1, cs_layout_radius(l, (int)ring), 1e-12);
    }
    assert_near(a, 2 * G_PI, 0);
}

static void
test_small_framework(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_small_framework();
    cs_layout_t *l = make(fw, NULL, NULL, 0);
    assert_int_equal(cs_layout_wedge_count(l), 2 + 3 + 6);
    check_ring(l, CS_RING_DIMENSION, 2);
    check_ring(l, CS_RING_GROUP, 3);
    check_ring(l, CS_RING_KPI, 6);
    assert_near(cs_layout_kpi_step(l), 60 * DEG, 1e-12);
    /* ring 3: equal angles from 12 o'clock, in framework order */
    size_t first = cs_layout_ring_first(l, CS_RING_KPI, NULL);
    for (size_t i = 0; i < 6; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first + i);
        assert_near(w->a0, i * 60 * DEG, 1e-12);
        assert_near(w->a1 - w->a0, 60 * DEG, 1e-12);
    }
    /* groups and dimensions span their KPIs: Alpha 2, Beta 2, Gamma 2;
     * Economy 4, Environment 2 */
    const cs_wedge_t *g1 = cs_layout_get_wedge(l, 2 + 1);
    assert_near(g1->a0, 120 * DEG, 1e-12);
    assert_near(g1->a1, 240 * DEG, 1e-12);
    const cs_wedge_t *d1 = cs_layout_get_wedge(l, 1);
    assert_near(d1->a0, 240 * DEG, 1e-12);
    assert_near(d1->a1, 360 * DEG, 1e-12);
    /* radii follow the fractions */
    const cs_layout_params_t *p = cs_layout_params(l);
    double R = cs_layout_radius(l, 3);
    assert_near(p->r_outer, R, 0);
    assert_near(cs_layout_radius(l, 0), p->f_hole * R, 1e-9);
    assert_near(cs_layout_radius(l, 1), p->f_ring1 * R, 1e-9);
    assert_near(cs_layout_radius(l, 2), p->f_ring2 * R, 1e-9);
    assert_true(isnan(cs_layout_radius(l, 4)));
    assert_null(cs_layout_get_wedge(l, 11));
    cs_layout_free(l);
    cs_framework_free(fw);
}

static void
test_u4ssc_framework(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    size_t nk = cs_framework_kpi_count(fw), ng = cs_framework_group_count(fw),
           nd = cs_framework_dimension_count(fw);
    assert_int_equal(nk, 108);
    cs_layout_t *l = make(fw, NULL, NULL, 0);
    check_ring(l, CS_RING_DIMENSION, nd);
    check_ring(l, CS_RING_GROUP, ng);
    check_ring(l, CS_RING_KPI, nk);
    assert_near(cs_layout_kpi_step(l) / DEG, 360.0 / 108, 1e-9);
    /* separators: one per KPI boundary, the longest at dimension bounds */
    size_t count[4] = {0};
    assert_int_equal(cs_layout_separator_count(l), nk);
    for (size_t i = 0; i < nk; i++) {
        const cs_separator_t *s = cs_layout_get_separator(l, i);
        assert_near(s->angle, i * cs_layout_kpi_step(l), 1e-12);
        count[s->level]++;
        assert_near(s->r1, cs_layout_radius(l, 3), 0);
        assert_near(s->r0, cs_layout_radius(l, s->level - 1), 0);
    }
    assert_int_equal(count[1], nd);
    assert_int_equal(count[2], ng - nd);
    assert_int_equal(count[3], nk - ng);
    /* KPI slots: centred, flipped on the left half only */
    for (size_t i = 0; i < nk; i++) {
        cs_kpi_slot_t s = cs_layout_kpi_slot(l, i);
        assert_near(s.angle, (i + 0.5) * cs_layout_kpi_step(l),
                            1e-12);
        assert_int_equal(s.flipped, i >= nk / 2);
        assert_true(s.r_start > cs_layout_radius(l, 3));
        /* two neighbours' blocks of max_thickness just don't meet */
        double half = atan((s.max_thickness + 1.0) / 2 / s.r_start);
        assert_near(half, cs_layout_kpi_step(l) / 2, 1e-9);
    }
    cs_layout_free(l);
    cs_framework_free(fw);
}

static void
test_regions(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_small_framework();
    cs_layout_params_t p;
    cs_layout_params_init(&p);
    p.title_height = 30;
    cs_layout_t *l = make(fw, &p, NULL, 0);
    double w, h;
    cs_layout_canvas(l, &w, &h);
    assert_near(w, 720, 0);
    cs_rect_t canvas = {0, 0, w, h};
    cs_rect_t boxes[4] = {cs_layout_title_box(l), cs_layout_wheel_box(l),
                          cs_layout_legend_box(l), cs_layout_source_box(l)};
    for (int i = 0; i < 4; i++) {
        assert_true(boxes[i].w > 0 && boxes[i].h > 0);
        cs_quad_t q = cs_layout_quad_make((cs_point_t){0, 0}, 0, boxes[i].x,
                                   boxes[i].y, boxes[i].w, boxes[i].h);
        assert_true(cs_layout_quad_inside(&q, canvas, 0));
        /* stacked top to bottom without overlap */
        if (i > 0)
            assert_true(boxes[i].y >= boxes[i - 1].y + boxes[i - 1].h);
    }
    assert_near(boxes[1].w, boxes[1].h, 0); /* wheel square */
    cs_point_t c = cs_layout_centre(l);
    assert_near(c.x, boxes[1].x + boxes[1].w / 2, 1e-9);
    assert_near(c.y, boxes[1].y + boxes[1].h / 2, 1e-9);
    /* legend entries inside the legend box, disjoint */
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_rect_t a, t;
        cs_layout_get_legend_entry(l, i, &a, &t);
        cs_quad_t qa = cs_layout_quad_make((cs_point_t){0, 0}, 0, a.x, a.y, a.w, a.h);
        cs_quad_t qt = cs_layout_quad_make((cs_point_t){0, 0}, 0, t.x, t.y, t.w, t.h);
        assert_true(cs_layout_quad_inside(&qa, boxes[2], 1e-9));
        assert_true(cs_layout_quad_inside(&qt, boxes[2], 1e-9));
        assert_false(cs_layout_quad_overlap(&qa, &qt, 0));
        for (size_t j = 0; j < i; j++) {
            cs_rect_t b, u;
            cs_layout_get_legend_entry(l, j, &b, &u);
            cs_quad_t qu =
                cs_layout_quad_make((cs_point_t){0, 0}, 0, u.x, u.y, u.w, u.h);
            assert_false(cs_layout_quad_overlap(&qt, &qu, 0));
        }
    }
    cs_layout_free(l);
    /* no title: no title band */
    p.title_height = 0;
    l = make(fw, &p, NULL, 0);
    assert_near(cs_layout_title_box(l).h, 0, 0);
    assert_near(cs_layout_wheel_box(l).y, p.margin, 0);
    cs_layout_free(l);
    cs_framework_free(fw);
}

/* Legend beside the wheel (the canvas wider, the wheel as it was) or none
 * (the canvas shorter). */
static void
test_legend_positions(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_small_framework();
    cs_layout_params_t p;
    cs_layout_params_init(&p);
    cs_layout_t *bottom = make(fw, &p, NULL, 0);
    double bw, bh;
    cs_layout_canvas(bottom, &bw, &bh);
    cs_rect_t wheel = cs_layout_wheel_box(bottom);

    p.legend_position = CS_LEGEND_RIGHT;
    cs_layout_t *l = make(fw, &p, NULL, 0);
    double w, h;
    cs_layout_canvas(l, &w, &h);
    assert_near(w, bw + p.band_gap + p.legend_width, 1e-9);
    cs_rect_t wb = cs_layout_wheel_box(l), lb = cs_layout_legend_box(l);
    assert_memory_equal(&wb, &wheel, sizeof wb);
    assert_near(lb.x, wb.x + wb.w + p.band_gap, 1e-9);
    assert_near(lb.w, p.legend_width, 1e-9);
    assert_near(lb.y + lb.h / 2, wb.y + wb.h / 2, 1e-9); /* centred */
    assert_true(lb.x + lb.w <= w - p.margin + 1e-9);
    /* one column: each entry below the last, inside the box */
    cs_rect_t prev = {0, 0, 0, 0};
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_rect_t a, t;
        cs_layout_get_legend_entry(l, i, &a, &t);
        cs_quad_t qt = cs_layout_quad_make((cs_point_t){0, 0}, 0, t.x, t.y, t.w, t.h);
        assert_true(cs_layout_quad_inside(&qt, lb, 1e-9));
        assert_near(a.x, lb.x, 1e-9);
        if (i)
            assert_near(t.y, prev.y + p.legend_row, 1e-9);
        prev = t;
    }
    /* the source line below the wheel, across the whole canvas */
    cs_rect_t sb = cs_layout_source_box(l);
    assert_true(sb.y >= wb.y + wb.h);
    assert_near(sb.w, w - 2 * p.margin, 1e-9);
    cs_layout_free(l);

    p.legend_position = CS_LEGEND_NONE;
    l = make(fw, &p, NULL, 0);
    cs_layout_canvas(l, &w, &h);
    assert_near(w, bw, 0);
    /* the bottom legend has 3 columns */
    assert_near(h, bh - (CS_BAND_COUNT + 2) / 3 * p.legend_row - p.band_gap,
                1.0); /* (ceil) */
    assert_near(cs_layout_legend_box(l).h, 0, 0);
    cs_rect_t a, t;
    cs_layout_get_legend_entry(l, 0, &a, &t);
    assert_near(a.w + a.h + t.w + t.h, 0, 0);
    cs_layout_free(l);

    /* out of range */
    p.legend_position = (cs_legend_position_t)7;
    cs_layout_t *bad = NULL;
    assert_int_equal(cs_layout_compute(fw, &p, NULL, 0, &bad, NULL),
                     CS_ERR_ARG);
    assert_null(bad);
    p.legend_position = CS_LEGEND_RIGHT;
    p.legend_width = 10;
    assert_int_equal(cs_layout_compute(fw, &p, NULL, 0, &bad, NULL),
                     CS_ERR_ARG);
    cs_layout_free(bottom);
    cs_framework_free(fw);
}

static void
test_ray_room(void **state)
{
    (void)state;
    cs_rect_t box = {0, 0, 100, 100};
    cs_point_t c = {50, 50};
    /* to the right (3 o'clock) */
    assert_near(cs_layout_ray_room(box, c, G_PI / 2, 10, 0), 40,
                        1e-9);
    assert_near(cs_layout_ray_room(box, c, G_PI / 2, 10, 20), 40,
                        1e-9);
    /* upwards */
    assert_near(cs_layout_ray_room(box, c, 0, 5, 0), 45, 1e-9);
    /* to the corner: the diagonal; a thick label loses its corners */
    assert_near(cs_layout_ray_room(box, c, G_PI / 4, 10, 0),
                        50 * sqrt(2) - 10, 1e-9);
    double thick = cs_layout_ray_room(box, c, G_PI / 4, 10, 10);
    assert_near(thick, 50 * sqrt(2) - 10 - 5, 1e-9);
    /* start outside the box: no room */
    assert_near(cs_layout_ray_room(box, c, 0, 60, 0), 0, 0);
    /* a label too thick for the box */
    assert_near(cs_layout_ray_room(box, c, 0, 10, 120), 0, 0);
    /* the room is exactly what fits: corners on the edge */
    for (double a = 0.05; a < 2 * G_PI; a += 0.37) {
        double r = cs_layout_ray_room(box, c, a, 12, 6);
        cs_quad_t q = cs_layout_quad_make(c, a - G_PI / 2, 12, -3, r, 6);
        assert_true(cs_layout_quad_inside(&q, box, 1e-9));
        cs_quad_t q2 = cs_layout_quad_make(c, a - G_PI / 2, 12, -3, r + 0.01, 6);
        assert_false(cs_layout_quad_inside(&q2, box, 1e-9));
    }
}

static void
test_quads(void **state)
{
    (void)state;
    cs_point_t o = {0, 0};
    cs_quad_t a = cs_layout_quad_make(o, 0, 0, 0, 10, 10);
    cs_quad_t b = cs_layout_quad_make(o, 0, 5, 5, 10, 10);
    cs_quad_t c = cs_layout_quad_make(o, 0, 10, 0, 10, 10); /* touches a */
    cs_quad_t d = cs_layout_quad_make(o, 0, 30, 30, 1, 1);
    assert_true(cs_layout_quad_overlap(&a, &b, 0));
    assert_true(cs_layout_quad_overlap(&b, &a, 0));
    assert_false(cs_layout_quad_overlap(&a, &c, 0));
    assert_false(cs_layout_quad_overlap(&a, &d, 0));
    /* overlap smaller than the tolerance is ignored */
    cs_quad_t e = cs_layout_quad_make(o, 0, 9.99, 0, 10, 10);
    assert_true(cs_layout_quad_overlap(&a, &e, 0));
    assert_false(cs_layout_quad_overlap(&a, &e, 0.05));
    /* rotated: a diamond next to a square, separated only on the
     * diamond's axis */
    cs_point_t p = {16, 5};
    cs_quad_t diamond = cs_layout_quad_make(p, G_PI / 4, -4, -4, 8, 8);
    assert_false(cs_layout_quad_overlap(&a, &diamond, 0));
    cs_point_t p2 = {14, 5};
    cs_quad_t diamond2 = cs_layout_quad_make(p2, G_PI / 4, -4, -4, 8, 8);
    assert_true(cs_layout_quad_overlap(&a, &diamond2, 0));
    /* rotation keeps the size and turns x towards y */
    cs_quad_t r = cs_layout_quad_make(o, G_PI / 2, 0, 0, 10, 2);
    assert_near(r.p[1].x, 0, 1e-12);
    assert_near(r.p[1].y, 10, 1e-12);
    assert_near(r.p[3].x, -2, 1e-12);
    cs_rect_t box = {0, 0, 10, 10};
    assert_true(cs_layout_quad_inside(&a, box, 0));
    assert_false(cs_layout_quad_inside(&b, box, 0));
    assert_true(cs_layout_quad_inside(&b, (cs_rect_t){-1, -1, 20, 20}, 0));
    cs_point_t pc = cs_layout_polar((cs_point_t){1, 1}, G_PI / 2, 2);
    assert_near(pc.x, 3, 1e-12);
    assert_near(pc.y, 1, 1e-12);
    pc = cs_layout_polar((cs_point_t){1, 1}, 0, 2);
    assert_near(pc.y, -1, 1e-12);
}

static void
test_auto_radius(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    size_t nk = cs_framework_kpi_count(fw);
    double *len = g_new(double, nk);
    cs_layout_params_t p;
    cs_layout_params_init(&p);
    double half = (p.width - 2 * p.margin) / 2;

    /* short labels: the largest allowed wheel */
    for (size_t i = 0; i < nk; i++)
        len[i] = 10;
    cs_layout_t *l = make(fw, &p, len, 8);
    assert_near(cs_layout_radius(l, 3), p.r_outer_max * half, 1e-9);
    cs_layout_free(l);

    /* labels longer than any room: the smallest wheel */
    for (size_t i = 0; i < nk; i++)
        len[i] = 1000;
    l = make(fw, &p, len, 8);
    assert_near(cs_layout_radius(l, 3), p.r_outer_min * half, 1e-9);
    cs_layout_free(l);

    /* in between: every label fits, and a slightly larger wheel would not
     * hold the longest one */
    for (size_t i = 0; i < nk; i++)
        len[i] = 60 + (double)(i % 7) * 15;
    l = make(fw, &p, len, 8);
    double R = cs_layout_radius(l, 3);
    assert_true(R > p.r_outer_min * half && R < p.r_outer_max * half);
    int tight = 0;
    for (size_t i = 0; i < nk; i++) {
        double room = cs_layout_kpi_room(l, i, 8);
        assert_true(room >= len[i] - 1e-6);
        if (room < len[i] + 0.01)
            tight = 1;
    }
    assert_true(tight);
    cs_layout_free(l);

    /* too thick for the slots at the smallest radius: the thickness decides
     * (the wheel grows until the labels fit side by side) */
    for (size_t i = 0; i < nk; i++)
        len[i] = 10;
    l = make(fw, &p, len, 12.0);
    R = cs_layout_radius(l, 3);
    cs_kpi_slot_t s = cs_layout_kpi_slot(l, 0);
    assert_true(s.max_thickness >= 12.0 - 1e-6);
    assert_near(R, p.r_outer_max * half, 1e-9);
    cs_layout_free(l);

    /* an explicit radius wins */
    p.r_outer = 150;
    l = make(fw, &p, len, 8);
    assert_near(cs_layout_radius(l, 3), 150, 0);
    cs_layout_free(l);
    g_free(len);
    cs_framework_free(fw);
}

static void
test_errors(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_small_framework();
    cs_diag_t *d = cs_diag_new();
    cs_layout_t *l = (cs_layout_t *)1;
    cs_layout_params_t p;
    cs_layout_params_init(&p);
    assert_int_equal(cs_layout_compute(NULL, &p, NULL, 0, &l, d), CS_ERR_ARG);
    assert_null(l);
    struct {
        double *field;
        double value;
        const char *name;
    } bad[] = {
        {&p.width, 10, "width"},
        {&p.width, NAN, "width"},
        {&p.margin, -1, "margin"},
        {&p.f_ring1, 0.9, "ring fractions"},
        {&p.f_hole, -0.1, "ring fractions"},
        {&p.r_outer_min, 0.9, "r_outer_min"},
        {&p.r_outer, -5, "r_outer"},
        {&p.label_gap, INFINITY, "label_gap"},
        {&p.legend_swatch, 100, "legend_swatch"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        cs_layout_params_init(&p);
        *bad[i].field = bad[i].value;
        cs_diag_clear(d);
        assert_int_equal(cs_layout_compute(fw, &p, NULL, 0, &l, d),
                         CS_ERR_ARG);
        assert_null(l);
        assert_true(cs_test_diag_has(d, 0, 0, bad[i].name));
    }
    cs_layout_params_init(&p);
    double len[6] = {1, 2, NAN, 4, 5, 6};
    cs_diag_clear(d);
    assert_int_equal(cs_layout_compute(fw, &p, len, 5, &l, d), CS_ERR_ARG);
    assert_true(cs_test_diag_has(d, 0, 0, "KPI label 3"));
    cs_diag_free(d);
    cs_framework_free(fw);
}

static void
test_dump(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_small_framework();
    cs_layout_t *l = make(fw, NULL, NULL, 0);
    char *a = cs_layout_dump(l);
    /* numbers use a decimal point whatever the locale */
    const char *loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    if (!loc)
        loc = setlocale(LC_NUMERIC, "nb_NO.UTF-8");
    char *b = cs_layout_dump(l);
    setlocale(LC_NUMERIC, "C");
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "canvas 720.000 "));
    assert_non_null(strstr(a, "wedge kpi 5 300.000 360.000 "));
    assert_non_null(strstr(a, "wedge group 1 120.000 240.000 "));
    assert_non_null(strstr(a, "kpi_slot 4 flipped 270.000 "));
    assert_non_null(strstr(a, "kpi_slot 0 upright 30.000 "));
    assert_null(strstr(a, "-0.000"));
    assert_null(strstr(a, ","));
    free(a);
    free(b);
    cs_layout_free(l);
    cs_framework_free(fw);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_framework),
        cmocka_unit_test(test_u4ssc_framework),
        cmocka_unit_test(test_regions),
        cmocka_unit_test(test_legend_positions),
        cmocka_unit_test(test_ray_room),
        cmocka_unit_test(test_quads),
        cmocka_unit_test(test_auto_radius),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_dump),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
