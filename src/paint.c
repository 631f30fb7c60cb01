/* SPDX-License-Identifier: MIT */
/* Cairo painting of a wheel: wedges, hatches, separators, rings, legend
 * swatches and labels, on any cairo context. */
#include <citysnap/render.h>

#include <math.h>

#include <glib.h>

#include "cs-private.h"
#include "score-private.h"
#include "renderer-private.h"

cs_band_t
cs_render_wedge_band(const cs_scores_t *s, cs_ring_t ring, size_t i)
{
    if (!s)
        return CS_BAND_NODATA;
    switch (ring) {
    case CS_RING_KPI:
        return cs_scores_get_kpi(s, i)->band;
    case CS_RING_GROUP:
        return cs_scores_get_group(s, i)->band;
    case CS_RING_DIMENSION:
        return cs_scores_get_dimension(s, i)->band;
    }
    return CS_BAND_NODATA;
}

static void
wedge_path(cairo_t *cr, cs_point_t c, const cs_wedge_t *w)
{
    cairo_new_path(cr);
    if (w->a1 - w->a0 >= 2 * G_PI - 1e-9) {
        cairo_arc(cr, c.x, c.y, w->r1, 0, 2 * G_PI);
        cairo_close_path(cr);
        if (w->r0 > 0) {
            cairo_new_sub_path(cr);
            cairo_arc_negative(cr, c.x, c.y, w->r0, 2 * G_PI, 0);
            cairo_close_path(cr);
        }
        return;
    }
    cairo_arc(cr, c.x, c.y, w->r1, w->a0 - G_PI / 2, w->a1 - G_PI / 2);
    if (w->r0 > 0)
        cairo_arc_negative(cr, c.x, c.y, w->r0, w->a1 - G_PI / 2,
                           w->a0 - G_PI / 2);
    else
        cairo_line_to(cr, c.x, c.y);
    cairo_close_path(cr);
}

/* Hatches the current path (which is consumed) with @band's pattern; the
 * lines lie on a grid fixed to the canvas, so neighbouring wedges of one
 * band join up. */
static void
hatch_path(const cs_renderer_t *r, cairo_t *cr, cs_band_t band)
{
    const cs_render_options_t *o = &r->opt;
    cs_hatch_t h = o->hatch[band];
    if (h == CS_HATCH_NONE) {
        cairo_new_path(cr);
        return;
    }
    cairo_save(cr);
    cairo_clip(cr);
    double x0, y0, x1, y1;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    cs_set_rgb(cr, cs_render_hatch_color(cs_bands_color(r->bands, band)));
    double s = o->hatch_spacing, lw = o->hatch_width;
    cairo_set_line_width(cr, lw);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    if (h == CS_HATCH_DOTS) {
        for (double y = floor(y0 / s) * s; y <= y1 + s; y += s)
            for (double x = floor(x0 / s) * s; x <= x1 + s; x += s) {
                double off = fmod(fabs(round(y / s)), 2) ? s / 2 : 0;
                cairo_new_sub_path(cr);
                cairo_arc(cr, x + off, y, lw, 0, 2 * G_PI);
            }
        cairo_fill(cr);
        cairo_restore(cr);
        return;
    }
    if (h == CS_HATCH_HORIZONTAL)
        for (double y = floor(y0 / s) * s; y <= y1; y += s) {
            cairo_move_to(cr, x0, y);
            cairo_line_to(cr, x1, y);
        }
    if (h == CS_HATCH_VERTICAL)
        for (double x = floor(x0 / s) * s; x <= x1; x += s) {
            cairo_move_to(cr, x, y0);
            cairo_line_to(cr, x, y1);
        }
    double d = s * G_SQRT2;
    if (h == CS_HATCH_DIAGONAL || h == CS_HATCH_CROSS)
        for (double c = floor((x0 + y0) / d) * d; c <= x1 + y1; c += d) {
            cairo_move_to(cr, c - y0, y0); /* x + y = c */
            cairo_line_to(cr, c - y1, y1);
        }
    if (h == CS_HATCH_BACKDIAGONAL || h == CS_HATCH_CROSS)
        for (double c = floor((x0 - y1) / d) * d; c <= x1 - y0; c += d) {
            cairo_move_to(cr, c + y0, y0); /* x - y = c */
            cairo_line_to(cr, c + y1, y1);
        }
    cairo_stroke(cr);
    cairo_restore(cr);
}

double
cs_paint_strip_width(const cs_renderer_t *r)
{
    size_t first, n;
    first = cs_layout_ring_first(r->layout, CS_RING_KPI, &n);
    if (!n)
        return 0;
    const cs_wedge_t *w = cs_layout_get_wedge(r->layout, first);
    return fmax(2.5, 0.16 * (w->r1 - w->r0));
}

/* The previous bands: a strip along the inner edge of each KPI wedge,
 * parted from the wedge by a separator line. */
static void
draw_progress(const cs_renderer_t *r, cairo_t *cr,
              const cs_comparison_t *previous)
{
    const cs_layout_t *l = r->layout;
    cs_point_t c = cs_layout_centre(l);
    size_t n, first = cs_layout_ring_first(l, CS_RING_KPI, &n);
    double t = cs_paint_strip_width(r);
    for (size_t i = 0; i < n; i++) {
        cs_wedge_t w = *cs_layout_get_wedge(l, first + i);
        const cs_kpi_change_t *k = cs_comparison_get_kpi(previous, w.index);
        cs_band_t band = k ? k->prev_band : CS_BAND_NODATA;
        w.r1 = w.r0 + t;
        cs_set_rgb(cr, cs_bands_color(r->bands, band));
        wedge_path(cr, c, &w);
        cairo_fill_preserve(cr);
        hatch_path(r, cr, band);
    }
    double lw = r->opt.separator_width[2];
    if (lw > 0 && n) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first);
        cs_set_rgb(cr, r->opt.separator);
        cairo_set_line_width(cr, lw);
        cairo_new_sub_path(cr);
        cairo_arc(cr, c.x, c.y, w->r0 + t, 0, 2 * G_PI);
        cairo_stroke(cr);
    }
}

static void
draw_wheel(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores,
           const cs_comparison_t *previous)
{
    const cs_layout_t *l = r->layout;
    const cs_render_options_t *o = &r->opt;
    cs_point_t c = cs_layout_centre(l);
    size_t n = cs_layout_wedge_count(l);
    for (size_t i = 0; i < n; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, i);
        cs_band_t band = cs_render_wedge_band(scores, w->ring, w->index);
        cs_set_rgb(cr, cs_bands_color(r->bands, band));
        wedge_path(cr, c, w);
        cairo_fill_preserve(cr);
        hatch_path(r, cr, band);
    }
    if (o->progress)
        draw_progress(r, cr, previous);
    cs_set_rgb(cr, o->separator);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    /* KPI separators first, so the wider group and dimension lines are on
     * top. */
    for (int level = 3; level >= 1; level--) {
        double lw = o->separator_width[level - 1];
        if (lw <= 0)
            continue;
        cairo_set_line_width(cr, lw);
        size_t ns = cs_layout_separator_count(l);
        for (size_t i = 0; i < ns; i++) {
            const cs_separator_t *s = cs_layout_get_separator(l, i);
            if (s->level != level)
                continue;
            cs_point_t p0 = cs_layout_polar(c, s->angle, s->r0);
            cs_point_t p1 = cs_layout_polar(c, s->angle, s->r1);
            cairo_move_to(cr, p0.x, p0.y);
            cairo_line_to(cr, p1.x, p1.y);
        }
        cairo_stroke(cr);
    }
    if (o->ring_width > 0) {
        cairo_set_line_width(cr, o->ring_width);
        for (int k = 1; k <= 2; k++) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, c.x, c.y, cs_layout_radius(l, k), 0, 2 * G_PI);
        }
        cairo_stroke(cr);
    }
}

static void
draw_legend(const cs_renderer_t *r, cairo_t *cr)
{
    if (cs_layout_legend_box(r->layout).h <= 0)
        return; /* CS_LEGEND_NONE */
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(r->bands, order);
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_rect_t sw;
        cs_layout_get_legend_entry(r->layout, i, &sw, NULL);
        cs_paint_swatch(r, cr, order[i], sw.x, sw.y, sw.w, sw.h);
    }
    if (r->opt.progress) {
        /* a wedge in small: its band above, the previous one along the
         * bottom (the inner edge) */
        cs_rect_t sw;
        cs_layout_get_legend_entry(r->layout, CS_BAND_COUNT, &sw, NULL);
        double t = sw.h * 0.35;
        cs_paint_swatch(r, cr, order[0], sw.x, sw.y, sw.w, sw.h - t);
        cs_paint_swatch(r, cr, order[2], sw.x, sw.y + sw.h - t, sw.w, t);
        cs_set_rgb(cr, r->opt.separator);
        cairo_set_line_width(cr, fmax(r->opt.separator_width[2], 0.5));
        cairo_move_to(cr, sw.x, sw.y + sw.h - t);
        cairo_line_to(cr, sw.x + sw.w, sw.y + sw.h - t);
        cairo_stroke(cr);
    }
}

void
cs_paint_swatch(const cs_renderer_t *r, cairo_t *cr, cs_band_t band,
                double x, double y, double w, double h)
{
    cs_set_rgb(cr, cs_bands_color(r->bands, band));
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill_preserve(cr);
    hatch_path(r, cr, band);
}

cs_rgb_t
cs_render_label_rgb(const cs_renderer_t *r, const cs_label_t *l,
                    const cs_scores_t *scores)
{
    size_t idx;
    int ring = cs_label_on_ring(l, &idx);
    if (ring)
        return cs_render_text_color(cs_bands_color(
            r->bands, cs_render_wedge_band(scores, ring, idx)));
    return r->opt.ink;
}

/* The part of the picture a label belongs to. */
static unsigned
label_part(const cs_label_t *l)
{
    switch (l->kind) {
    case CS_LABEL_LEGEND:
    case CS_LABEL_SOURCE:
        return CS_PART_LEGEND;
    case CS_LABEL_TITLE:
        return CS_PART_TITLE;
    case CS_LABEL_KPI:
        return CS_PART_KPI_LABELS;
    default:
        return CS_PART_WHEEL;
    }
}

static void
draw_labels(const cs_renderer_t *r, cairo_t *cr, cs_text_ctx_t *c,
            const cs_labels_t *ls, const cs_scores_t *scores, int alone,
            unsigned parts)
{
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        if (!(label_part(l) & parts))
            continue;
        cs_set_rgb(cr, cs_render_label_rgb(r, l, scores));
        cs_label_draw(c, cr, l, alone);
    }
}

cs_status_t
cs_paint(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores,
         const cs_comparison_t *previous, const char *name,
         cs_text_mode_t text, unsigned parts, cs_labels_t **labels_out,
         cs_diag_t *diag)
{
    if (labels_out)
        *labels_out = NULL;
    if (!r || !cr)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_draw: NULL argument");
    if (scores && !cs_scores_match(scores, r->fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, CS_SCORES_MISMATCH);
    size_t nk = cs_framework_kpi_count(r->fw);
    if (previous && (!nk || !cs_comparison_get_kpi(previous, nk - 1) ||
                     cs_comparison_get_kpi(previous, nk)))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "the comparison was made with another framework");
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                           "cairo context in error before drawing: %s",
                           cairo_status_to_string(cairo_status(cr)));
    cs_text_ctx_t *c = cs_text_ctx_acquire(r->fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_labels_t *ls = NULL;
    cs_status_t st = cs_renderer_city_labels_ctx(r, c, name, &ls, diag);
    if (st == CS_OK) {
        double w, h;
        cs_layout_canvas(r->layout, &w, &h);
        cairo_save(cr);
        cairo_set_font_options(cr, cs_fonts_options(r->fonts));
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
        if (parts & CS_PART_BACKGROUND) {
            cairo_rectangle(cr, 0, 0, w, h);
            cs_set_rgb(cr, r->opt.background);
            cairo_fill(cr);
        }
        if (parts & CS_PART_WHEEL)
            draw_wheel(r, cr, scores, previous);
        if (parts & CS_PART_LEGEND)
            draw_legend(r, cr);
        if (text != TEXT_NONE)
            draw_labels(r, cr, c, ls, scores, text == TEXT_ALONE, parts);
        cairo_restore(cr);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            st = cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                             "drawing failed: %s",
                             cairo_status_to_string(cairo_status(cr)));
    }
    cs_text_ctx_release(r->fonts, c);
    if (st == CS_OK && labels_out)
        *labels_out = ls;
    else
        cs_labels_free(ls);
    return st;
}

cs_status_t
cs_renderer_draw(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores,
               const char *name, cs_labels_t **labels_out, cs_diag_t *diag)
{
    return cs_paint(r, cr, scores, NULL, name, TEXT_SAFE, CS_PART_ALL,
                    labels_out, diag);
}

cs_status_t
cs_render_draw_parts(const cs_renderer_t *r, cairo_t *cr,
                     const cs_scores_t *scores, const char *name,
                     unsigned parts, cs_diag_t *diag)
{
    return cs_paint(r, cr, scores, NULL, name, TEXT_SAFE, parts, NULL, diag);
}

/* @parts, but not the background, as one PDF Figure structure element
 * (its /Alt: cs_render_pdf_accessible). Paint the background first:
 * cairo drops the commands before an opaque fill of the whole page, the
 * tag's start among them. */
cs_status_t
cs_paint_figure(const cs_renderer_t *r, cairo_t *cr,
                const cs_scores_t *scores, const cs_comparison_t *previous,
                const char *name,
                cs_text_mode_t text, unsigned parts, cs_labels_t **labels_out,
                cs_diag_t *diag)
{
    cairo_tag_begin(cr, "Figure", "");
    cs_status_t st = cs_paint(r, cr, scores, previous, name, text,
                              parts & ~(unsigned)CS_PART_BACKGROUND,
                              labels_out, diag);
    cairo_tag_end(cr, "Figure");
    return st;
}

cs_status_t
cs_render_draw_figure(const cs_renderer_t *r, cairo_t *cr,
                      const cs_scores_t *scores,
                      const cs_comparison_t *previous, const char *name,
                      cs_diag_t *diag)
{
    return cs_paint_figure(r, cr, scores, previous, name, TEXT_SAFE,
                           CS_PART_ALL, NULL, diag);
}
