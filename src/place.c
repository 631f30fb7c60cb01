/* SPDX-License-Identifier: MIT */
/* Placing labels on the wheel: rooms for each kind of label (ring arcs,
 * radial text, KPI slots, boxes, the centre circle) and where each goes. */
#include <citysnap/text.h>

#include <math.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "cs-private.h"
#include "labels-private.h"

/* A flat or radial label: the block (w x h) at (bx, by) in the frame
 * rotated by rot around origin. */
static void
set_block(label_impl *L, cs_label_mode_t mode, cs_point_t origin, double rot,
          double bx, double by, double bw, double bh, PangoAlignment align)
{
    L->pub.mode = mode;
    L->origin = origin;
    L->rot = rot;
    L->bx = bx;
    L->by = by;
    L->bw = bw;
    L->bh = bh;
    L->align = align;
    L->boxes = g_new(cs_quad_t, 1);
    L->boxes[0] = cs_layout_quad_make(origin, rot, bx, by, bw, bh);
    L->pub.n_boxes = 1;
}

/* Radial block along the ray at @angle, its inner end at radius @r_in;
 * flipped on the left half so that it reads from the outside in. */
static void
set_radial(label_impl *L, cs_point_t c, double angle, double r_in, double w,
           double h, int flipped, int centre_lines)
{
    if (!flipped)
        set_block(L, CS_LABEL_RADIAL, c, angle - G_PI / 2, r_in, -h / 2, w, h,
                  centre_lines ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    else
        set_block(L, CS_LABEL_RADIAL, c, angle + G_PI / 2, -(r_in + w), -h / 2,
                  w, h, centre_lines ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT);
}

typedef struct box_acc {
    label_impl *L;
    GArray *boxes;
} box_acc;

static void
collect_box(void *ud, PangoFont *font, const PangoGlyphInfo *gi,
            cs_point_t at, double rot, double gw, double lh, double base,
            int line)
{
    box_acc *a = ud;
    (void)font;
    (void)gi;
    (void)base;
    if (gw <= 0)
        return;
    cs_quad_t q = cs_layout_quad_make(at, rot, -gw / 2, -lh / 2, gw, lh);
    g_array_append_val(a->boxes, q);
    double th = atan2(at.x - a->L->centre.x, -(at.y - a->L->centre.y));
    if (th < 0)
        th += 2 * G_PI;
    if (a->L->arc_to[line] < 0) {
        a->L->arc_from[line] = th;
    }
    a->L->arc_to[line] = th;
}

static void
set_arc(cs_text_ctx_t *c, label_impl *L, cs_point_t centre, double mid,
        double r_mid, double h, double lh)
{
    L->pub.mode = CS_LABEL_ARC;
    L->centre = centre;
    L->mid = mid;
    L->reversed = mid > G_PI / 2 && mid < 3 * G_PI / 2;
    L->align = PANGO_ALIGN_CENTER;
    for (int i = 0; i < 2; i++) {
        L->r_line[i] = L->reversed ? r_mid - h / 2 + lh * (i + 0.5)
                                   : r_mid + h / 2 - lh * (i + 0.5);
        L->arc_from[i] = L->arc_to[i] = -1;
    }
    PangoLayout *lay = cs_label_layout(c, L);
    box_acc a = {L, g_array_new(FALSE, FALSE, sizeof(cs_quad_t))};
    cs_label_arc_walk(L, lay, collect_box, &a);
    g_object_unref(lay);
    L->pub.n_boxes = a.boxes->len;
    L->boxes = (cs_quad_t *)g_array_free(a.boxes, FALSE);
}

typedef struct ring_room {
    double a0, a1, r_in, r_out, pad;
} ring_room;

/* Curved text in the ring: the inner edge of the block is its shortest
 * arc. The block is centred in the ring when it fits there, else moved
 * outwards (arc_radius), so the room is that of the outermost position. */
static double
room_arc(void *ud, double h)
{
    const ring_room *r = ud;
    if (h > r->r_out - r->r_in - 2 * r->pad)
        return -1;
    double re = r->r_out - r->pad - h;
    return (r->a1 - r->a0) * re - 2 * r->pad;
}

/* Centre radius of a curved block w x h: the ring's middle, or further
 * out when the block's inner edge is too short there. */
static double
arc_radius(const ring_room *r, double w, double h)
{
    double edge = (r->r_in + r->r_out) / 2 - h / 2;
    double need = (w + 2 * r->pad) / (r->a1 - r->a0);
    if (need > edge)
        edge = fmin(need, r->r_out - r->pad - h);
    return edge + h / 2;
}

/* Radial text inside the ring: the block must be thin enough for the
 * wedge where its inner end sits. */
#define SIDE_PAD 1.0 /* free width beside radial text in a ring */

static double
radial_inner(const ring_room *r, double h)
{
    double half = fmin((r->a1 - r->a0) / 2, G_PI / 4);
    return fmax(r->r_in + r->pad, (h + SIDE_PAD) / (2 * tan(half)));
}

static double
room_ring_radial(void *ud, double h)
{
    const ring_room *r = ud;
    return (r->r_out - r->pad) - radial_inner(r, h);
}

typedef struct kpi_room {
    const cs_layout_t *l;
    size_t i;
} kpi_room;

static double
room_kpi(void *ud, double h)
{
    const kpi_room *k = ud;
    return cs_layout_kpi_room(k->l, k->i, h);
}

typedef struct box_room {
    double w, h;
} box_room;

static double
room_box(void *ud, double h)
{
    const box_room *b = ud;
    return h <= b->h + FIT_EPS ? b->w : -1;
}

static double
room_circle(void *ud, double h)
{
    const double *r = ud;
    if (h > 2 * *r)
        return -1;
    return 2 * sqrt(*r * *r - h * h / 4);
}

static cs_text_style_t
resolve_style(const cs_text_style_t *s, cs_text_ctx_t *c)
{
    cs_text_style_t r = *s;
    if (!r.family)
        r.family = c->family;
    return r;
}

static cs_status_t
place_ring_label(cs_labels_t *ls, cs_text_ctx_t *c, const cs_layout_t *l,
                 cs_label_kind_t kind, size_t index, const char *text,
                 const cs_text_style_t *style, const cs_wedge_t *w,
                 double pad, cs_diag_t *diag)
{
    cs_text_style_t st = resolve_style(style, c);
    ring_room rr = {w->a0, w->a1, w->r0, w->r1, pad};
    cs_text_fit_t fa, fr;
    cs_status_t s = cs_text_fit_ctx(c, text, &st, room_arc, &rr, &fa, diag);
    if (s != CS_OK)
        return s;
    cs_point_t centre = cs_layout_centre(l);
    double mid = (w->a0 + w->a1) / 2;
    int use_radial = 0;
    if (fa.outcome == CS_FIT_ELLIPSIZED) {
        /* The fallback may go below the minimum size, down to 80 % of it:
         * a one-KPI group (3.3 degrees) holds nothing bigger. */
        cs_text_style_t narrow = st;
        narrow.min_size = st.min_size * 0.8;
        s = cs_text_fit_ctx(c, text, &narrow, room_ring_radial, &rr, &fr,
                            diag);
        if (s != CS_OK) {
            cs_text_fit_clear(&fa);
            return s;
        }
        use_radial = fr.outcome < CS_FIT_ELLIPSIZED;
        if (!use_radial)
            cs_text_fit_clear(&fr);
    }
    label_impl *L = cs_label_from_fit(kind, index, text, &st,
                                      use_radial ? &fr : &fa);
    L->ring = w->ring;
    L->wedge = w->index;
    if (use_radial) {
        double r_in = fmax((w->r0 + w->r1) / 2 - fr.width / 2,
                           radial_inner(&rr, fr.height));
        set_radial(L, centre, mid, r_in, fr.width, fr.height, mid > G_PI, 1);
        L->pub.fallback = 1;
        cs_text_fit_clear(&fr);
    } else {
        set_arc(c, L, centre, mid, arc_radius(&rr, fa.width, fa.height),
                fa.height, fa.line_height);
    }
    cs_text_fit_clear(&fa);
    return cs_labels_push(ls, L, diag);
}

static cs_status_t
place_flat_as(cs_labels_t *ls, cs_text_ctx_t *c, cs_label_kind_t kind,
              size_t index, const char *text, const cs_text_style_t *style,
              cs_rect_t box, PangoAlignment align, int shared,
              cs_diag_t *diag);

static cs_status_t
place_flat(cs_labels_t *ls, cs_text_ctx_t *c, cs_label_kind_t kind,
           size_t index, const char *text, const cs_text_style_t *style,
           cs_rect_t box, PangoAlignment align, cs_diag_t *diag)
{
    return place_flat_as(ls, c, kind, index, text, style, box, align, 1,
                         diag);
}

/* The source box: with a colour note, the note in its upper half and the
 * credit line in its lower half (a line each), else the credit alone. */
static cs_rect_t
source_part(const cs_layout_t *l, int note, int upper)
{
    cs_rect_t box = cs_layout_source_box(l);
    if (!note)
        return box;
    box.h /= 2;
    if (!upper)
        box.y += box.h;
    return box;
}

static cs_status_t
place_flat_as(cs_labels_t *ls, cs_text_ctx_t *c, cs_label_kind_t kind,
              size_t index, const char *text, const cs_text_style_t *style,
              cs_rect_t box, PangoAlignment align, int shared,
              cs_diag_t *diag)
{
    cs_text_style_t st = resolve_style(style, c);
    box_room br = {box.w, box.h};
    cs_text_fit_t f;
    cs_status_t s = cs_text_fit_ctx(c, text, &st, room_box, &br, &f, diag);
    if (s != CS_OK)
        return s;
    label_impl *L = cs_label_from_fit(kind, index, text, &st, &f);
    L->shared = shared;
    double x = box.x;
    if (align == PANGO_ALIGN_CENTER)
        x = box.x + (box.w - f.width) / 2;
    else if (align == PANGO_ALIGN_RIGHT)
        x = box.x + box.w - f.width;
    cs_point_t o = {0, 0};
    set_block(L, CS_LABEL_FLAT, o, 0, x, box.y + (box.h - f.height) / 2,
              f.width, f.height, align);
    cs_text_fit_clear(&f);
    return cs_labels_push(ls, L, diag);
}

cs_status_t
cs_labels_add_static(cs_labels_t *ls, cs_text_ctx_t *c,
                     const cs_layout_t *l, const cs_framework_t *fw,
                     const cs_bands_t *bands, const cs_label_styles_t *styles,
                     const char *title, const char *source,
                     const char *extra_legend, cs_diag_t *diag)
{
    cs_status_t s = CS_OK;
    cs_point_t centre = cs_layout_centre(l);
    size_t nk = cs_framework_kpi_count(fw);
    cs_text_style_t kst = resolve_style(&styles->kpi, c);
    for (size_t i = 0; i < nk && s == CS_OK; i++) {
        const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
        kpi_room kr = {l, i};
        cs_text_fit_t f;
        s = cs_text_fit_ctx(c, k->label, &kst, room_kpi, &kr, &f, diag);
        if (s != CS_OK)
            break;
        cs_kpi_slot_t slot = cs_layout_kpi_slot(l, i);
        label_impl *L =
            cs_label_from_fit(CS_LABEL_KPI, i, k->label, &kst, &f);
        set_radial(L, centre, slot.angle, slot.r_start, f.width, f.height,
                   slot.flipped, 0);
        cs_text_fit_clear(&f);
        s = cs_labels_push(ls, L, diag);
    }
    size_t first, n;
    first = cs_layout_ring_first(l, CS_RING_GROUP, &n);
    for (size_t i = 0; i < n && s == CS_OK; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first + i);
        s = place_ring_label(ls, c, l, CS_LABEL_GROUP, w->index,
                             cs_framework_get_group(fw, w->index)->name,
                             &styles->group, w, styles->ring_pad, diag);
    }
    first = cs_layout_ring_first(l, CS_RING_DIMENSION, &n);
    for (size_t i = 0; i < n && s == CS_OK; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first + i);
        s = place_ring_label(ls, c, l, CS_LABEL_DIMENSION, w->index,
                             cs_framework_get_dimension(fw, w->index)->name,
                             &styles->dimension, w, styles->ring_pad, diag);
    }
    if (bands && cs_layout_legend_box(l).h > 0) {
        cs_band_t order[CS_BAND_COUNT];
        cs_bands_legend_order(bands, order);
        for (size_t i = 0; i < CS_BAND_COUNT && s == CS_OK; i++) {
            cs_rect_t text;
            cs_layout_get_legend_entry(l, i, NULL, &text);
            s = place_flat(ls, c, CS_LABEL_LEGEND, i,
                           cs_bands_label(bands, order[i]), &styles->legend,
                           text, PANGO_ALIGN_LEFT, diag);
        }
        if (s == CS_OK && extra_legend && *extra_legend) {
            cs_rect_t text;
            cs_layout_get_legend_entry(l, CS_BAND_COUNT, NULL, &text);
            s = place_flat(ls, c, CS_LABEL_LEGEND, CS_BAND_COUNT,
                           extra_legend, &styles->legend, text,
                           PANGO_ALIGN_LEFT, diag);
        }
    }
    if (s == CS_OK && source && *source) {
        cs_rect_t box = source_part(l, 1, 0);
        if (box.h > 0)
            s = place_flat(ls, c, CS_LABEL_SOURCE, 0, source, &styles->source,
                           box, PANGO_ALIGN_LEFT, diag);
    }
    if (s == CS_OK && title && *title) {
        cs_rect_t box = cs_layout_title_box(l);
        if (box.h > 0)
            s = place_flat(ls, c, CS_LABEL_TITLE, 0, title, &styles->title,
                           box, PANGO_ALIGN_CENTER, diag);
    }
    (void)centre;
    return s;
}

cs_status_t
cs_labels_add_note(cs_labels_t *ls, cs_text_ctx_t *c, const cs_layout_t *l,
                   const cs_label_styles_t *styles, const char *note,
                   cs_diag_t *diag)
{
    if (!note || !*note)
        return CS_OK;
    cs_rect_t box = source_part(l, 1, 1);
    if (box.h <= 0)
        return CS_OK;
    return place_flat_as(ls, c, CS_LABEL_SOURCE, 1, note, &styles->source,
                         box, PANGO_ALIGN_LEFT, 0, diag);
}

cs_status_t
cs_labels_add_name(cs_labels_t *ls, cs_text_ctx_t *c, const cs_layout_t *l,
                   const cs_label_styles_t *styles, const char *name,
                   cs_diag_t *diag)
{
    if (!name)
        return CS_OK;
    char *clean = cs_text_clean(name);
    int empty = !*clean;
    g_free(clean);
    if (empty)
        return CS_OK;
    cs_text_style_t st = resolve_style(&styles->name, c);
    double r = cs_layout_radius(l, 0) - styles->ring_pad;
    if (r <= 0)
        return CS_OK;
    cs_text_fit_t f;
    cs_status_t s = cs_text_fit_ctx(c, name, &st, room_circle, &r, &f, diag);
    if (s != CS_OK)
        return s;
    label_impl *L = cs_label_from_fit(CS_LABEL_NAME, 0, name, &st, &f);
    L->shared = 0;
    cs_point_t ctr = cs_layout_centre(l);
    cs_point_t o = {0, 0};
    set_block(L, CS_LABEL_FLAT, o, 0, ctr.x - f.width / 2,
              ctr.y - f.height / 2, f.width, f.height, PANGO_ALIGN_CENTER);
    cs_text_fit_clear(&f);
    return cs_labels_push(ls, L, diag);
}

/* Distance range from @c covered by @q: its corners and edge middles (a
 * glyph box's inner edge is nearest the centre at its middle). */
static void
quad_radii(const cs_quad_t *q, cs_point_t c, double *lo, double *hi)
{
    for (int i = 0; i < 4; i++) {
        cs_point_t a = q->p[i], b = q->p[(i + 1) % 4];
        cs_point_t m = {(a.x + b.x) / 2, (a.y + b.y) / 2};
        double da = hypot(a.x - c.x, a.y - c.y);
        double dm = hypot(m.x - c.x, m.y - c.y);
        *lo = fmin(*lo, fmin(da, dm));
        *hi = fmax(*hi, fmax(da, dm));
    }
}

cs_status_t
cs_labels_add_count(cs_labels_t *ls, cs_text_ctx_t *c, const cs_layout_t *l,
                    const cs_label_styles_t *styles, int ring, size_t index,
                    const char *text, int *placed, cs_diag_t *diag)
{
    *placed = 0;
    if (!text || !*text)
        return CS_OK;
    size_t first, n;
    first = cs_layout_ring_first(l, ring, &n);
    if (index >= n)
        return CS_OK;
    const cs_wedge_t *w = cs_layout_get_wedge(l, first + index);
    cs_label_kind_t kind =
        ring == CS_RING_DIMENSION ? CS_LABEL_DIMENSION : CS_LABEL_GROUP;
    /* the radii the wedge's own label takes */
    cs_point_t centre = cs_layout_centre(l);
    double lo = INFINITY, hi = -INFINITY;
    size_t total = cs_labels_count(ls);
    for (size_t i = 0; i < total; i++) {
        const cs_label_t *o = cs_labels_get(ls, i);
        size_t wi;
        if (o->kind != kind || cs_label_on_ring(o, &wi) != ring || wi != index)
            continue;
        if (o->mode != CS_LABEL_ARC)
            return CS_OK; /* set radially: the wedge is too narrow */
        for (size_t k = 0; k < o->n_boxes; k++)
            quad_radii(&o->boxes[k], centre, &lo, &hi);
    }
    double pad = styles->ring_pad;
    ring_room rr = {w->a0, w->a1, w->r0, w->r1, pad};
    if (lo <= hi) { /* the larger free side of the label */
        if (lo - w->r0 >= w->r1 - hi)
            rr.r_out = lo;
        else
            rr.r_in = hi;
    }
    const cs_text_style_t *base =
        ring == CS_RING_DIMENSION ? &styles->dimension : &styles->group;
    cs_text_style_t st = resolve_style(base, c);
    st.bold = 0;
    st.size = fmax(5.0, fmin(st.size * 0.75, 8.0));
    st.min_size = fmin(st.size, 5.0);
    st.max_lines = 1;
    cs_text_fit_t f;
    cs_status_t s = cs_text_fit_ctx(c, text, &st, room_arc, &rr, &f, diag);
    if (s != CS_OK)
        return s;
    if (f.outcome > CS_FIT_SHRUNK) {
        cs_text_fit_clear(&f);
        return CS_OK;
    }
    label_impl *L = cs_label_from_fit(kind, index, text, &st, &f);
    L->shared = 0;
    L->ring = w->ring;
    L->wedge = w->index;
    double mid = (w->a0 + w->a1) / 2;
    set_arc(c, L, centre, mid, arc_radius(&rr, f.width, f.height), f.height,
            f.line_height);
    cs_text_fit_clear(&f);
    *placed = 1;
    return cs_labels_push(ls, L, diag);
}
