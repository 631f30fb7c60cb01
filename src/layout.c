/* SPDX-License-Identifier: MIT */
/* Wheel geometry: wedges, radii, separators, regions and label slots. */
#include <citysnap/layout.h>
#include <citysnap/bands.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "layout-private.h"

#define LEGEND_COLUMNS 3
/* one per band, in legend order, then the extra ones */
#define LEGEND_ENTRIES(p) (CS_BAND_COUNT + (p)->legend_extra)

struct cs_layout {
    cs_layout_params_t p;
    double width, height;
    cs_point_t centre;
    double radius[4];
    double step;
    size_t n_kpis;
    cs_wedge_t *wedges;
    size_t n_wedges;
    size_t ring_first[4], ring_count[4];
    cs_separator_t *seps;
    size_t n_seps;
    cs_rect_t wheel_box, title_box, legend_box, source_box;
};

static const char *const legend_names[CS_LEGEND_POSITION_COUNT] = {
    "bottom", "right", "none"};

const char *
cs_legend_position_name(cs_legend_position_t pos)
{
    return (unsigned)pos < CS_LEGEND_POSITION_COUNT ? legend_names[pos] : NULL;
}

cs_status_t
cs_legend_position_from_name(const char *name, cs_legend_position_t *out,
                             cs_diag_t *diag)
{
    if (!name || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_legend_position_from_name: NULL argument");
    for (int i = 0; i < CS_LEGEND_POSITION_COUNT; i++) {
        if (!g_ascii_strcasecmp(name, legend_names[i])) {
            *out = (cs_legend_position_t)i;
            return CS_OK;
        }
    }
    return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                       "unknown legend position '%s' (bottom, right or none)",
                       name);
}

void
cs_layout_params_init(cs_layout_params_t *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->width = 720.0;
    p->margin = 16.0;
    p->title_height = 0.0;
    p->legend_row = 16.0;
    p->legend_position = CS_LEGEND_BOTTOM;
    p->legend_width = 190.0;
    p->legend_swatch = 10.0;
    p->source_height = 22.0;
    p->band_gap = 8.0;
    p->r_outer = 0.0;
    p->r_outer_min = 0.50;
    p->r_outer_max = 0.66;
    p->f_hole = 0.25;
    p->f_ring1 = 0.42;
    p->f_ring2 = 0.80;
    p->label_gap = 5.0;
    p->label_pad = 1.0;
}

cs_point_t
cs_layout_polar(cs_point_t c, double angle, double r)
{
    cs_point_t p = {c.x + r * sin(angle), c.y - r * cos(angle)};
    return p;
}

cs_quad_t
cs_layout_quad_make(cs_point_t origin, double rot, double x, double y, double w,
             double h)
{
    const double xs[4] = {x, x + w, x + w, x};
    const double ys[4] = {y, y, y + h, y + h};
    double c = cos(rot), s = sin(rot);
    cs_quad_t q;
    for (int i = 0; i < 4; i++) {
        q.p[i].x = origin.x + xs[i] * c - ys[i] * s;
        q.p[i].y = origin.y + xs[i] * s + ys[i] * c;
    }
    return q;
}

/* Projects @q on the axis (ax, ay). */
static void
project(const cs_quad_t *q, double ax, double ay, double *lo, double *hi)
{
    *lo = *hi = q->p[0].x * ax + q->p[0].y * ay;
    for (int i = 1; i < 4; i++) {
        double v = q->p[i].x * ax + q->p[i].y * ay;
        if (v < *lo)
            *lo = v;
        if (v > *hi)
            *hi = v;
    }
}

static int
separated_on_edges(const cs_quad_t *a, const cs_quad_t *b, double tol)
{
    for (int i = 0; i < 4; i++) {
        const cs_point_t *p0 = &a->p[i], *p1 = &a->p[(i + 1) % 4];
        double ax = -(p1->y - p0->y), ay = p1->x - p0->x;
        double len = hypot(ax, ay);
        if (len < 1e-12)
            continue;
        ax /= len;
        ay /= len;
        double alo, ahi, blo, bhi;
        project(a, ax, ay, &alo, &ahi);
        project(b, ax, ay, &blo, &bhi);
        if (ahi <= blo + tol || bhi <= alo + tol)
            return 1;
    }
    return 0;
}

int
cs_layout_quad_overlap(const cs_quad_t *a, const cs_quad_t *b, double tol)
{
    if (!a || !b)
        return 0;
    return !separated_on_edges(a, b, tol) && !separated_on_edges(b, a, tol);
}

int
cs_layout_quad_inside(const cs_quad_t *q, cs_rect_t r, double tol)
{
    if (!q)
        return 0;
    for (int i = 0; i < 4; i++) {
        if (q->p[i].x < r.x - tol || q->p[i].x > r.x + r.w + tol ||
            q->p[i].y < r.y - tol || q->p[i].y > r.y + r.h + tol)
            return 0;
    }
    return 1;
}

/* Largest s >= 0 such that p + s*u stays in @box; -1 when p is outside. */
static double
ray_in_box(cs_rect_t box, double px, double py, double ux, double uy)
{
    const double eps = 1e-9;
    if (px < box.x - eps || px > box.x + box.w + eps || py < box.y - eps ||
        py > box.y + box.h + eps)
        return -1.0;
    double s = INFINITY;
    if (ux > 1e-12)
        s = fmin(s, (box.x + box.w - px) / ux);
    else if (ux < -1e-12)
        s = fmin(s, (box.x - px) / ux);
    if (uy > 1e-12)
        s = fmin(s, (box.y + box.h - py) / uy);
    else if (uy < -1e-12)
        s = fmin(s, (box.y - py) / uy);
    return s < 0 ? 0 : s;
}

double
cs_layout_ray_room(cs_rect_t box, cs_point_t centre, double angle,
                   double r_start, double thickness)
{
    double ux = sin(angle), uy = -cos(angle);
    double nx = -uy, ny = ux; /* perpendicular */
    double room = INFINITY;
    for (int side = -1; side <= 1; side += 2) {
        double o = side * thickness / 2.0;
        double px = centre.x + r_start * ux + o * nx;
        double py = centre.y + r_start * uy + o * ny;
        double s = ray_in_box(box, px, py, ux, uy);
        if (s < 0)
            return 0.0;
        room = fmin(room, s);
    }
    return isfinite(room) ? room : 0.0;
}

static double
slot_thickness(double step, double r, double pad)
{
    double half = step / 2.0;
    if (half > G_PI / 4)
        half = G_PI / 4;
    double t = 2.0 * r * tan(half) - pad;
    return t > 0 ? t : 0;
}

cs_kpi_slot_t
cs_layout_kpi_slot(const cs_layout_t *l, size_t kpi)
{
    cs_kpi_slot_t s = {0, 0, 0, 0};
    if (!l || kpi >= l->n_kpis)
        return s;
    s.angle = (kpi + 0.5) * l->step;
    s.r_start = l->radius[3] + l->p.label_gap;
    s.max_thickness = slot_thickness(l->step, s.r_start, l->p.label_pad);
    s.flipped = s.angle > G_PI;
    return s;
}

double
cs_layout_kpi_room(const cs_layout_t *l, size_t kpi, double thickness)
{
    if (!l || kpi >= l->n_kpis)
        return -1.0;
    cs_kpi_slot_t s = cs_layout_kpi_slot(l, kpi);
    if (thickness > s.max_thickness)
        return -1.0;
    return cs_layout_ray_room(l->wheel_box, l->centre, s.angle, s.r_start,
                              thickness);
}

/* Room constraint only (decreasing in R). */
static int
rooms_fit(const cs_layout_t *l, double R, const double *len, double thick)
{
    double r_start = R + l->p.label_gap;
    for (size_t i = 0; i < l->n_kpis; i++) {
        double a = (i + 0.5) * l->step;
        if (len[i] > cs_layout_ray_room(l->wheel_box, l->centre, a, r_start,
                                        thick))
            return 0;
    }
    return 1;
}

/*
 * The feasible radii are [R_t, R_r]: the slot thickness grows with R (R >=
 * R_t) while the room along each ray shrinks (R <= R_r). Returns the
 * largest feasible R within [lo, hi], or lo when there is none.
 */
static double
auto_radius(const cs_layout_t *l, const double *len, double thick)
{
    double half = l->wheel_box.w / 2.0;
    double lo = l->p.r_outer_min * half, hi = l->p.r_outer_max * half;
    if (!len)
        return (lo + hi) / 2.0;
    double pad = l->p.label_pad, gap = l->p.label_gap;
    double rt = lo;
    if (thick > slot_thickness(l->step, lo + gap, pad)) {
        if (thick > slot_thickness(l->step, hi + gap, pad))
            return lo;
        double a = lo, b = hi;
        for (int i = 0; i < 60; i++) {
            double m = (a + b) / 2.0;
            if (thick > slot_thickness(l->step, m + gap, pad))
                a = m;
            else
                b = m;
        }
        rt = b;
    }
    if (!rooms_fit(l, rt, len, thick))
        return lo;
    if (rooms_fit(l, hi, len, thick))
        return hi;
    double a = rt, b = hi;
    for (int i = 0; i < 60; i++) {
        double m = (a + b) / 2.0;
        if (rooms_fit(l, m, len, thick))
            a = m;
        else
            b = m;
    }
    return a;
}

const char *
cs_layout_params_problem(const cs_layout_params_t *p)
{
#define BAD(cond, what)                                                        \
    if (!(cond))                                                               \
    return what
    BAD(isfinite(p->width) && p->width >= 50 && p->width <= 1e5, "width");
    BAD(isfinite(p->margin) && p->margin >= 0 && p->margin < p->width / 4,
        "margin");
    BAD(isfinite(p->title_height) && p->title_height >= 0 &&
            p->title_height <= p->width,
        "title_height");
    BAD(isfinite(p->legend_row) && p->legend_row >= 0 &&
            p->legend_row <= p->width / 4,
        "legend_row");
    BAD(isfinite(p->legend_swatch) && p->legend_swatch >= 0 &&
            p->legend_swatch <= p->legend_row,
        "legend_swatch");
    BAD(isfinite(p->source_height) && p->source_height >= 0 &&
            p->source_height <= p->width / 2,
        "source_height");
    BAD(isfinite(p->band_gap) && p->band_gap >= 0 &&
            p->band_gap <= p->width / 4,
        "band_gap");
    BAD(isfinite(p->r_outer) && p->r_outer >= 0 && p->r_outer <= p->width,
        "r_outer");
    BAD(isfinite(p->r_outer_min) && isfinite(p->r_outer_max) &&
            p->r_outer_min > 0 && p->r_outer_min <= p->r_outer_max &&
            p->r_outer_max <= 1.0,
        "r_outer_min/r_outer_max");
    BAD(isfinite(p->f_hole) && isfinite(p->f_ring1) && isfinite(p->f_ring2) &&
            p->f_hole >= 0 && p->f_hole < p->f_ring1 &&
            p->f_ring1 < p->f_ring2 && p->f_ring2 < 1.0,
        "ring fractions");
    BAD(isfinite(p->label_gap) && p->label_gap >= 0 &&
            p->label_gap <= p->width / 4,
        "label_gap");
    BAD(isfinite(p->label_pad) && p->label_pad >= 0 &&
            p->label_pad <= p->width / 4,
        "label_pad");
    BAD(p->legend_extra == 0 || p->legend_extra == 1, "legend_extra");
    BAD((int)p->legend_position >= CS_LEGEND_BOTTOM &&
            p->legend_position <= CS_LEGEND_NONE,
        "legend_position");
    BAD(p->legend_position != CS_LEGEND_RIGHT ||
            (isfinite(p->legend_width) && p->legend_width >= 40 &&
             p->legend_width <= p->width),
        "legend_width (40 to the canvas width)");
#undef BAD
    return NULL;
}

static cs_status_t
check_params(const cs_layout_params_t *p, cs_diag_t *diag)
{
    const char *what = cs_layout_params_problem(p);
    if (what)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "invalid layout parameter: %s", what);
    return CS_OK;
}

cs_status_t
cs_layout_compute(const cs_framework_t *fw, const cs_layout_params_t *p,
                  const double *kpi_lengths, double kpi_thickness,
                  cs_layout_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!fw || !p || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_layout_compute: NULL argument");
    cs_status_t st = check_params(p, diag);
    if (st != CS_OK)
        return st;
    size_t nk = cs_framework_kpi_count(fw);
    size_t ng = cs_framework_group_count(fw);
    size_t nd = cs_framework_dimension_count(fw);
    if (nk == 0 || ng == 0 || nd == 0)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cannot lay out a framework without KPIs");
    if (kpi_lengths && !(isfinite(kpi_thickness) && kpi_thickness >= 0))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "invalid KPI label thickness");

    cs_layout_t *l = calloc(1, sizeof *l);
    if (!l)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    l->p = *p;
    l->n_kpis = nk;
    l->step = 2.0 * G_PI / (double)nk;

    /* Regions, top to bottom (a right legend beside the wheel square). */
    double m = p->margin, W = p->width;
    double side = W - 2.0 * m;
    if (p->legend_position == CS_LEGEND_RIGHT)
        W += p->band_gap + p->legend_width; /* the column widens the canvas */
    double full = W - 2.0 * m;
    double y = m;
    if (p->title_height > 0) {
        l->title_box = (cs_rect_t){m, y, full, p->title_height};
        y += p->title_height + p->band_gap;
    }
    l->wheel_box = (cs_rect_t){m, y, side, side};
    y += side;
    if (p->legend_position == CS_LEGEND_BOTTOM) {
        int rows = (LEGEND_ENTRIES(p) + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
        y += p->band_gap;
        l->legend_box = (cs_rect_t){m, y, full, rows * p->legend_row};
        y += rows * p->legend_row;
    } else if (p->legend_position == CS_LEGEND_RIGHT) {
        double h = LEGEND_ENTRIES(p) * p->legend_row;
        l->legend_box = (cs_rect_t){m + side + p->band_gap,
                                    l->wheel_box.y + (side - h) / 2,
                                    p->legend_width, h};
    } else {
        l->legend_box = (cs_rect_t){m, y, full, 0};
    }
    if (p->source_height > 0) {
        y += p->band_gap / 2;
        l->source_box = (cs_rect_t){m, y, full, p->source_height};
        y += p->source_height;
    }
    y += m;
    l->width = W;
    l->height = ceil(y);
    l->centre = (cs_point_t){m + side / 2.0, l->wheel_box.y + side / 2.0};

    for (size_t i = 0; kpi_lengths && i < nk; i++) {
        if (!isfinite(kpi_lengths[i]) || kpi_lengths[i] < 0) {
            free(l);
            return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                               "invalid length of KPI label %zu", i + 1);
        }
    }
    double R = p->r_outer > 0 ? p->r_outer
                              : auto_radius(l, kpi_lengths, kpi_thickness);
    l->p.r_outer = R;
    l->radius[0] = p->f_hole * R;
    l->radius[1] = p->f_ring1 * R;
    l->radius[2] = p->f_ring2 * R;
    l->radius[3] = R;

    l->n_wedges = nd + ng + nk;
    l->wedges = calloc(l->n_wedges, sizeof *l->wedges);
    l->seps = calloc(nk, sizeof *l->seps);
    if (!l->wedges || !l->seps) {
        cs_layout_free(l);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    size_t w = 0;
    l->ring_first[CS_RING_DIMENSION] = w;
    l->ring_count[CS_RING_DIMENSION] = nd;
    for (size_t i = 0; i < nd; i++) {
        const cs_dimension_t *d = cs_framework_get_dimension(fw, i);
        l->wedges[w++] = (cs_wedge_t){CS_RING_DIMENSION, i,
                                      d->first_kpi * l->step,
                                      (d->first_kpi + d->n_kpis) * l->step,
                                      l->radius[0], l->radius[1]};
    }
    l->ring_first[CS_RING_GROUP] = w;
    l->ring_count[CS_RING_GROUP] = ng;
    for (size_t i = 0; i < ng; i++) {
        const cs_group_t *g = cs_framework_get_group(fw, i);
        l->wedges[w++] = (cs_wedge_t){CS_RING_GROUP, i,
                                      g->first_kpi * l->step,
                                      (g->first_kpi + g->n_kpis) * l->step,
                                      l->radius[1], l->radius[2]};
    }
    l->ring_first[CS_RING_KPI] = w;
    l->ring_count[CS_RING_KPI] = nk;
    for (size_t i = 0; i < nk; i++) {
        l->wedges[w++] = (cs_wedge_t){CS_RING_KPI, i, i * l->step,
                                      (i + 1) * l->step, l->radius[2],
                                      l->radius[3]};
    }
    /* The last wedge ends exactly at 2 pi. */
    for (size_t i = 0; i < l->n_wedges; i++) {
        if (l->wedges[i].a1 > 2.0 * G_PI - 1e-9)
            l->wedges[i].a1 = 2.0 * G_PI;
    }

    /* Separators at KPI boundaries, longest where the boundary is also a
     * group or dimension boundary. No separator when a ring is one wedge.
     * Each boundary's level is marked in one pass over the groups and one
     * over the dimensions, so this stays linear in the size of the wheel. */
    unsigned char *level = malloc(nk);
    if (!level) {
        cs_layout_free(l);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    memset(level, 3, nk);
    for (size_t i = 0; i < ng && ng > 1; i++) {
        size_t k = cs_framework_get_group(fw, i)->first_kpi;
        if (k < nk)
            level[k] = 2;
    }
    for (size_t i = 0; i < nd && nd > 1; i++) {
        size_t k = cs_framework_get_dimension(fw, i)->first_kpi;
        if (k < nk)
            level[k] = 1;
    }
    for (size_t k = 0; k < nk && nk > 1; k++)
        l->seps[l->n_seps++] = (cs_separator_t){
            k * l->step, l->radius[level[k] - 1], R, level[k]};
    free(level);
    *out = l;
    return CS_OK;
}

void
cs_layout_free(cs_layout_t *l)
{
    if (!l)
        return;
    free(l->wedges);
    free(l->seps);
    free(l);
}

const cs_layout_params_t *
cs_layout_params(const cs_layout_t *l)
{
    return l ? &l->p : NULL;
}

void
cs_layout_canvas(const cs_layout_t *l, double *width, double *height)
{
    if (width)
        *width = l ? l->width : 0;
    if (height)
        *height = l ? l->height : 0;
}

cs_point_t
cs_layout_centre(const cs_layout_t *l)
{
    return l ? l->centre : (cs_point_t){0, 0};
}

double
cs_layout_radius(const cs_layout_t *l, int k)
{
    if (!l || k < 0 || k > 3)
        return NAN;
    return l->radius[k];
}

double
cs_layout_kpi_step(const cs_layout_t *l)
{
    return l ? l->step : NAN;
}

size_t
cs_layout_wedge_count(const cs_layout_t *l)
{
    return l ? l->n_wedges : 0;
}

const cs_wedge_t *
cs_layout_get_wedge(const cs_layout_t *l, size_t i)
{
    return l && i < l->n_wedges ? &l->wedges[i] : NULL;
}

size_t
cs_layout_ring_first(const cs_layout_t *l, cs_ring_t ring, size_t *n)
{
    if (!l || ring < CS_RING_DIMENSION || ring > CS_RING_KPI) {
        if (n)
            *n = 0;
        return 0;
    }
    if (n)
        *n = l->ring_count[ring];
    return l->ring_first[ring];
}

size_t
cs_layout_separator_count(const cs_layout_t *l)
{
    return l ? l->n_seps : 0;
}

const cs_separator_t *
cs_layout_get_separator(const cs_layout_t *l, size_t i)
{
    return l && i < l->n_seps ? &l->seps[i] : NULL;
}

cs_rect_t
cs_layout_wheel_box(const cs_layout_t *l)
{
    return l ? l->wheel_box : (cs_rect_t){0, 0, 0, 0};
}

cs_rect_t
cs_layout_title_box(const cs_layout_t *l)
{
    return l ? l->title_box : (cs_rect_t){0, 0, 0, 0};
}

cs_rect_t
cs_layout_legend_box(const cs_layout_t *l)
{
    return l ? l->legend_box : (cs_rect_t){0, 0, 0, 0};
}

cs_rect_t
cs_layout_source_box(const cs_layout_t *l)
{
    return l ? l->source_box : (cs_rect_t){0, 0, 0, 0};
}

void
cs_layout_get_legend_entry(const cs_layout_t *l, size_t i, cs_rect_t *swatch,
                           cs_rect_t *text)
{
    if (!l) {
        cs_rect_t none = {0, 0, 0, 0};
        if (swatch)
            *swatch = none;
        if (text)
            *text = none;
        return;
    }
    if (l->p.legend_position == CS_LEGEND_NONE) {
        cs_rect_t none = {l->legend_box.x, l->legend_box.y, 0, 0};
        if (swatch)
            *swatch = none;
        if (text)
            *text = none;
        return;
    }
    int cols = l->p.legend_position == CS_LEGEND_BOTTOM ? LEGEND_COLUMNS : 1;
    int rows = (LEGEND_ENTRIES(&l->p) + cols - 1) / cols;
    size_t col = i / rows, row = i % rows;
    double colw = l->legend_box.w / cols;
    double x = l->legend_box.x + col * colw;
    double y = l->legend_box.y + row * l->p.legend_row;
    double sw = l->p.legend_swatch;
    double gap = sw * 0.6;
    if (swatch)
        *swatch = (cs_rect_t){x, y + (l->p.legend_row - sw) / 2.0, sw, sw};
    if (text)
        *text = (cs_rect_t){x + sw + gap, y, colw - sw - 2 * gap,
                            l->p.legend_row};
}

/* ---- text dump ---------------------------------------------------------- */

void
cs_dump_num(GString *s, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (fabs(v) < 0.0005)
        v = 0.0; /* no "-0.000" */
    g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.3f", v));
}

void
cs_dump_nums(GString *s, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_string_append_c(s, ' ');
        cs_dump_num(s, v[i]);
    }
}

static void
dump_rect(GString *s, const char *name, cs_rect_t r)
{
    g_string_append(s, name);
    double v[4] = {r.x, r.y, r.w, r.h};
    cs_dump_nums(s, v, 4);
    g_string_append_c(s, '\n');
}

char *
cs_dump_finish(GString *s)
{
    char *r = strdup(s->str);
    g_string_free(s, TRUE);
    return r;
}

char *
cs_layout_dump(const cs_layout_t *l)
{
    static const char *const ring_names[] = {"", "dimension", "group", "kpi"};
    if (!l)
        return NULL;
    GString *s = g_string_new("layout\n");
    double v[4];
    v[0] = l->width;
    v[1] = l->height;
    g_string_append(s, "canvas");
    cs_dump_nums(s, v, 2);
    g_string_append(s, "\ncentre");
    v[0] = l->centre.x;
    v[1] = l->centre.y;
    cs_dump_nums(s, v, 2);
    g_string_append(s, "\nradii");
    cs_dump_nums(s, l->radius, 4);
    g_string_append(s, "\nstep_deg");
    v[0] = l->step * 180.0 / G_PI;
    cs_dump_nums(s, v, 1);
    g_string_append_c(s, '\n');
    dump_rect(s, "wheel_box", l->wheel_box);
    dump_rect(s, "title_box", l->title_box);
    dump_rect(s, "legend_box", l->legend_box);
    dump_rect(s, "source_box", l->source_box);
    for (size_t i = 0; i < (size_t)LEGEND_ENTRIES(&l->p); i++) {
        cs_rect_t a, b;
        cs_layout_get_legend_entry(l, i, &a, &b);
        g_string_append_printf(s, "legend %zu", i);
        double e[8] = {a.x, a.y, a.w, a.h, b.x, b.y, b.w, b.h};
        cs_dump_nums(s, e, 8);
        g_string_append_c(s, '\n');
    }
    for (size_t i = 0; i < l->n_wedges; i++) {
        const cs_wedge_t *w = &l->wedges[i];
        g_string_append_printf(s, "wedge %s %zu", ring_names[w->ring],
                               w->index);
        double e[4] = {w->a0 * 180.0 / G_PI, w->a1 * 180.0 / G_PI, w->r0,
                       w->r1};
        cs_dump_nums(s, e, 4);
        g_string_append_c(s, '\n');
    }
    for (size_t i = 0; i < l->n_seps; i++) {
        const cs_separator_t *p = &l->seps[i];
        g_string_append_printf(s, "separator %d", p->level);
        double e[3] = {p->angle * 180.0 / G_PI, p->r0, p->r1};
        cs_dump_nums(s, e, 3);
        g_string_append_c(s, '\n');
    }
    for (size_t i = 0; i < l->n_kpis; i++) {
        cs_kpi_slot_t k = cs_layout_kpi_slot(l, i);
        g_string_append_printf(s, "kpi_slot %zu %s", i,
                               k.flipped ? "flipped" : "upright");
        double e[3] = {k.angle * 180.0 / G_PI, k.r_start, k.max_thickness};
        cs_dump_nums(s, e, 3);
        g_string_append_c(s, '\n');
    }
    return cs_dump_finish(s);
}
