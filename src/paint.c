/* SPDX-License-Identifier: MIT */
/* Cairo painting of a scene: wedges, hatches, separators, rings, legend
 * swatches and labels, on any cairo context. Every colour and width comes
 * from the scene. */
#include <citysnap/render.h>

#include <math.h>

#include <glib.h>

#include "cs-private.h"
#include "render-private.h"
#include "scene-private.h"

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

/* Hatches the current path (which is consumed) with @p's pattern; the
 * lines lie on a grid fixed to the canvas, so neighbouring wedges of one
 * band join up. */
static void
hatch_path(cairo_t *cr, const cs_scene_paint_t *p)
{
    cs_hatch_t h = p->hatch;
    if (h == CS_HATCH_NONE) {
        cairo_new_path(cr);
        return;
    }
    cairo_save(cr);
    cairo_clip(cr);
    double x0, y0, x1, y1;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    cs_set_rgb(cr, p->hatch_color);
    double s = p->hatch_spacing, lw = p->hatch_width;
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

/* A wheel of progress: the previous bands as a strip along the inner edge
 * of each KPI wedge, parted from the wedges by a line. */
static void
draw_progress(const cs_scene_t *s, const cs_scene_progress_t *p, cairo_t *cr)
{
    cs_point_t c = cs_scene_centre(s);
    size_t n = cs_scene_wedge_count(s);
    for (size_t i = 0; i < n; i++) {
        const cs_scene_wedge_t *w = cs_scene_get_wedge(s, i);
        if (w->geom.ring != CS_RING_KPI)
            continue;
        cs_wedge_t strip = w->geom;
        strip.r1 = strip.r0 + p->strip;
        cs_set_rgb(cr, w->prev_paint.fill);
        wedge_path(cr, c, &strip);
        cairo_fill_preserve(cr);
        hatch_path(cr, &w->prev_paint);
    }
    if (p->ring_count) {
        cs_set_rgb(cr, cs_scene_line_color(s));
        cairo_set_line_width(cr, p->ring.width);
        cairo_new_sub_path(cr);
        cairo_arc(cr, p->ring.centre.x, p->ring.centre.y, p->ring.r, 0,
                  2 * G_PI);
        cairo_stroke(cr);
    }
}

static void
draw_wheel(const cs_scene_t *s, cairo_t *cr)
{
    cs_point_t c = cs_scene_centre(s);
    size_t n = cs_scene_wedge_count(s);
    for (size_t i = 0; i < n; i++) {
        const cs_scene_wedge_t *w = cs_scene_get_wedge(s, i);
        cs_set_rgb(cr, w->paint.fill);
        wedge_path(cr, c, &w->geom);
        cairo_fill_preserve(cr);
        hatch_path(cr, &w->paint);
    }
    const cs_scene_progress_t *p = cs_scene_get_progress(s);
    if (p)
        draw_progress(s, p, cr);
    cs_set_rgb(cr, cs_scene_line_color(s));
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    size_t ns = cs_scene_stroke_count(s);
    for (size_t k = 0; k < ns; k++) {
        const cs_scene_stroke_t *st = cs_scene_get_stroke(s, k);
        cairo_set_line_width(cr, st->width);
        for (size_t i = st->first; i < st->first + st->count; i++) {
            const cs_scene_line_t *l = cs_scene_get_line(s, i);
            cairo_move_to(cr, l->p0.x, l->p0.y);
            cairo_line_to(cr, l->p1.x, l->p1.y);
        }
        cairo_stroke(cr);
    }
    size_t nc = cs_scene_circle_count(s);
    if (nc > 0) {
        cairo_set_line_width(cr, cs_scene_get_circle(s, 0)->width);
        for (size_t k = 0; k < nc; k++) {
            const cs_scene_circle_t *o = cs_scene_get_circle(s, k);
            cairo_new_sub_path(cr);
            cairo_arc(cr, o->centre.x, o->centre.y, o->r, 0, 2 * G_PI);
        }
        cairo_stroke(cr);
    }
}

static void
swatch(cairo_t *cr, const cs_scene_paint_t *p, double x, double y, double w,
       double h)
{
    cs_set_rgb(cr, p->fill);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill_preserve(cr);
    hatch_path(cr, p);
}

static void
draw_legend(const cs_scene_t *s, cairo_t *cr)
{
    size_t n = cs_scene_swatch_count(s);
    for (size_t i = 0; i < n; i++) {
        const cs_scene_swatch_t *sw = cs_scene_get_swatch(s, i);
        swatch(cr, &sw->paint, sw->rect.x, sw->rect.y, sw->rect.w,
               sw->rect.h);
    }
    const cs_scene_progress_t *p = cs_scene_get_progress(s);
    if (p && p->key_count) {
        /* a wedge in small: its band above, the previous one along the
         * bottom (the inner edge) */
        cs_rect_t k = p->key;
        double t = p->key_strip;
        swatch(cr, &p->key_now, k.x, k.y, k.w, k.h - t);
        swatch(cr, &p->key_before, k.x, k.y + k.h - t, k.w, t);
        cs_set_rgb(cr, cs_scene_line_color(s));
        cairo_set_line_width(cr, p->key_line_width);
        cairo_move_to(cr, k.x, k.y + k.h - t);
        cairo_line_to(cr, k.x + k.w, k.y + k.h - t);
        cairo_stroke(cr);
    }
}

void
cs_paint_swatch(const cs_renderer_t *r, cairo_t *cr, cs_band_t band,
                double x, double y, double w, double h)
{
    cs_scene_paint_t p = cs_scene_band_paint(r, band);
    swatch(cr, &p, x, y, w, h);
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
draw_labels(const cs_scene_t *s, cairo_t *cr, cs_text_ctx_t *c, int alone,
            unsigned parts)
{
    size_t n = cs_scene_label_count(s);
    for (size_t i = 0; i < n; i++) {
        const cs_scene_label_t *sl = cs_scene_get_label(s, i);
        if (!(label_part(sl->label) & parts))
            continue;
        cs_set_rgb(cr, sl->color);
        cs_label_draw(c, cr, sl->label, alone);
    }
}

void
cs_scene_paint(const cs_scene_t *s, cairo_t *cr, cs_text_ctx_t *c,
               cs_text_mode_t text, unsigned parts)
{
    double w, h;
    cs_scene_size(s, &w, &h);
    cairo_save(cr);
    cairo_set_font_options(cr, cs_fonts_options(cs_scene_fonts(s)));
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    if (parts & CS_PART_BACKGROUND) {
        cairo_rectangle(cr, 0, 0, w, h);
        cs_set_rgb(cr, cs_scene_background(s));
        cairo_fill(cr);
    }
    if (parts & CS_PART_WHEEL)
        draw_wheel(s, cr);
    if (parts & CS_PART_LEGEND)
        draw_legend(s, cr);
    if (text != TEXT_NONE)
        draw_labels(s, cr, c, text == TEXT_ALONE, parts);
    cairo_restore(cr);
}

/* @parts but not the background as one PDF Figure structure element
 * (its /Alt: cs_render_pdf_accessible) when @figure. Paint the background
 * first then: cairo drops the commands before an opaque fill of the whole
 * page, the tag's start among them. */
cs_status_t
cs_scene_paint_checked(const cs_scene_t *s, cairo_t *cr, cs_text_mode_t text,
                       unsigned parts, int figure, cs_diag_t *diag)
{
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                           "cairo context in error before drawing: %s",
                           cairo_status_to_string(cairo_status(cr)));
    const cs_fonts_t *fonts = cs_scene_fonts(s);
    cs_text_ctx_t *c = cs_text_ctx_acquire(fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (figure) {
        cairo_tag_begin(cr, "Figure", "");
        parts &= ~(unsigned)CS_PART_BACKGROUND;
    }
    cs_scene_paint(s, cr, c, text, parts);
    if (figure)
        cairo_tag_end(cr, "Figure");
    cs_text_ctx_release(fonts, c);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                           "drawing failed: %s",
                           cairo_status_to_string(cairo_status(cr)));
    return CS_OK;
}

cs_status_t
cs_scene_draw(const cs_scene_t *s, cairo_t *cr, cs_diag_t *diag)
{
    if (!s || !cr)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_scene_draw: NULL argument");
    return cs_scene_paint_checked(s, cr, TEXT_SAFE, CS_PART_ALL, 0, diag);
}

cs_status_t
cs_renderer_draw(const cs_renderer_t *r, cairo_t *cr,
                 const cs_scores_t *scores, const char *name,
                 cs_labels_t **labels_out, cs_diag_t *diag)
{
    if (labels_out)
        *labels_out = NULL;
    if (!r || !cr)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_draw: NULL argument");
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                           "cairo context in error before drawing: %s",
                           cairo_status_to_string(cairo_status(cr)));
    cs_scene_t *s = NULL;
    cs_status_t st = cs_scene_new(r, scores, NULL, name, &s, diag);
    if (st == CS_OK)
        st = cs_scene_paint_checked(s, cr, TEXT_SAFE, CS_PART_ALL, 0, diag);
    if (st == CS_OK && labels_out)
        *labels_out = cs_scene_take_labels(s);
    cs_scene_free(s);
    return st;
}
