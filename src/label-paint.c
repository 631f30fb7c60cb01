/* SPDX-License-Identifier: MIT */
/* Drawing labels with cairo, without rotated scaled fonts, and the
 * coverage mask cache of shared rotated labels. */
#include <citysnap/text.h>

#include <math.h>
#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "labels-private.h"

/*
 * Rotated text is never drawn with a rotated current matrix: cairo makes a
 * scaled font per (size, matrix), so every KPI label and every glyph of a
 * curved label would get its own scaled font. That bloats SVG (a copy of
 * each glyph per rotation) and, worse, overflows cairo's global glyph
 * cache on every render; cairo 1.16 can deadlock when that cache evicts
 * while several threads draw text (_cairo_scaled_glyph_page_pluck locks
 * another font's mutex under the cache mutex; fixed upstream in 1.17).
 * So, for rotated labels:
 *  - raster targets: the glyph outlines are taken in the unrotated frame
 *    and filled after transforming the path (hinting is off, so outlines
 *    are exact);
 *  - vector targets: the text is drawn unrotated into a group, which is
 *    painted rotated; the text stays text (selectable in PDF).
 * Either way only one scaled font per size and weight is used.
 * A caller that is alone with cairo (no other thread draws or measures
 * text meanwhile, so the deadlock cannot happen) may ask for rotated
 * vector text drawn straight (DRAW_DIRECT): a PDF then gets plain rotated
 * text runs of one embedded font, a quarter of the size and faster to
 * write than one form XObject per label or glyph. (An SVG would not:
 * cairo copies the glyphs per rotation; SVG output writes its labels
 * itself, see src/svgglyph.c.)
 */
typedef enum draw_mode {
    DRAW_PATH = 0,  /* raster */
    DRAW_GROUP = 1, /* vector */
    DRAW_DIRECT = 2 /* vector, single-threaded caller */
} draw_mode;

static draw_mode
mode_for(cairo_t *cr, int alone)
{
    switch (cairo_surface_get_type(cairo_get_target(cr))) {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_RECORDING:
    case CAIRO_SURFACE_TYPE_SCRIPT:
        return alone ? DRAW_DIRECT : DRAW_GROUP;
    default:
        return DRAW_PATH;
    }
}

/* The current matrix without its rotation (scale kept, no translation). */
static void
unrotated(const cairo_matrix_t *frame, cairo_matrix_t *base)
{
    double sx = hypot(frame->xx, frame->yx), sy = hypot(frame->xy, frame->yy);
    cairo_matrix_init(base, sx, 0, 0, sy, 0, 0);
}

/* @draw draws (DRAW_GROUP) or adds the outlines of (DRAW_PATH) unrotated
 * text whose box is at (0, 0) with the current source; the current matrix
 * is the rotated frame with the box at (0, 0). */
typedef void (*unrotated_fn)(cairo_t *cr, void *ud, draw_mode mode);

static void
draw_unrotated(cairo_t *cr, draw_mode mode, double w, double h,
               unrotated_fn draw, void *ud)
{
    if (mode == DRAW_DIRECT) {
        draw(cr, ud, mode);
        return;
    }
    cairo_matrix_t frame, base;
    cairo_get_matrix(cr, &frame);
    unrotated(&frame, &base);
    if (mode == DRAW_PATH) {
        cairo_new_path(cr);
        cairo_set_matrix(cr, &base);
        draw(cr, ud, mode);
        cairo_path_t *path = cairo_copy_path(cr);
        cairo_new_path(cr);
        cairo_set_matrix(cr, &frame);
        cairo_append_path(cr, path);
        cairo_fill(cr);
        cairo_path_destroy(path);
        return;
    }
    cairo_pattern_t *src = cairo_get_source(cr);
    cairo_pattern_reference(src);
    cairo_set_matrix(cr, &base);
    cairo_push_group(cr);
    cairo_set_source(cr, src);
    draw(cr, ud, mode);
    cairo_pattern_t *p = cairo_pop_group(cr);
    cairo_set_matrix(cr, &frame);
    cairo_set_source(cr, p);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    cairo_set_source(cr, src);
    cairo_pattern_destroy(p);
    cairo_pattern_destroy(src);
}

typedef struct glyph_arg {
    PangoFont *font;
    PangoGlyphString *one;
    double base;
} glyph_arg;

static void
one_glyph(cairo_t *cr, void *ud, draw_mode mode)
{
    glyph_arg *g = ud;
    cairo_move_to(cr, 0, g->base);
    if (mode == DRAW_PATH)
        pango_cairo_glyph_string_path(cr, g->font, g->one);
    else
        pango_cairo_show_glyph_string(cr, g->font, g->one);
}

typedef struct layout_arg {
    PangoLayout *lay;
    PangoRectangle log;
} layout_arg;

static void
layout_at_origin(cairo_t *cr, void *ud, draw_mode mode)
{
    layout_arg *a = ud;
    cairo_move_to(cr, -a->log.x / PS, -a->log.y / PS);
    if (mode == DRAW_PATH)
        pango_cairo_layout_path(cr, a->lay);
    else
        pango_cairo_show_layout(cr, a->lay);
}

typedef struct draw_acc {
    cairo_t *cr;
    PangoGlyphString *one;
    draw_mode mode;
} draw_acc;

static void
draw_glyph(void *ud, PangoFont *font, const PangoGlyphInfo *gi,
           cs_point_t at, double rot, double gw, double lh, double base,
           int line)
{
    draw_acc *a = ud;
    (void)line;
    if (gi->glyph == PANGO_GLYPH_EMPTY)
        return;
    a->one->glyphs[0] = *gi;
    a->one->log_clusters[0] = 0;
    cairo_save(a->cr);
    cairo_matrix_t box;
    cs_arc_box_frame(&box, at, rot, gw, lh);
    cairo_transform(a->cr, &box);
    glyph_arg g = {font, a->one, base};
    draw_unrotated(a->cr, a->mode, gw, lh, one_glyph, &g);
    cairo_restore(a->cr);
}

static void
draw_label(cairo_t *cr, const label_impl *L, PangoLayout *lay, draw_mode mode)
{
    if (L->pub.mode == CS_LABEL_ARC) {
        draw_acc a = {cr, pango_glyph_string_new(), mode};
        pango_glyph_string_set_size(a.one, 1);
        cs_label_arc_walk(L, lay, draw_glyph, &a);
        pango_glyph_string_free(a.one);
    } else {
        layout_arg a = {lay, {0, 0, 0, 0}};
        pango_layout_get_extents(lay, NULL, &a.log);
        cairo_save(cr);
        cairo_translate(cr, L->origin.x, L->origin.y);
        cairo_rotate(cr, L->rot);
        cairo_translate(cr, L->bx, L->by);
        if (L->rot != 0) {
            draw_unrotated(cr, mode, L->bw, L->bh, layout_at_origin, &a);
        } else {
            cairo_move_to(cr, -a.log.x / PS, -a.log.y / PS);
            pango_cairo_show_layout(cr, lay);
        }
        cairo_restore(cr);
    }
}

/*
 * A shared rotated label on a raster target: its glyph outlines are
 * filled once into a coverage mask (A8) per text context and current
 * matrix, then each city paints its colour through the mask. The mask is
 * made at the same sub-pixel phase as the target (only the integer part
 * of the device position is moved), and every render paints through it,
 * the first one too, so all cities' pixels are alike. 0: not cached (too
 * big, or cairo failed); draw directly.
 */
static int
draw_masked(cs_text_ctx_t *c, cairo_t *cr, const label_impl *L,
            PangoLayout *lay)
{
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    mask_key k;
    memset(&k, 0, sizeof k);
    k.serial = L->serial;
    k.m[0] = m.xx;
    k.m[1] = m.yx;
    k.m[2] = m.xy;
    k.m[3] = m.yy;
    k.m[4] = m.x0;
    k.m[5] = m.y0;
    mask_val *v = g_hash_table_lookup(c->masks, &k);
    if (!v) {
        /* record the fill in device space, then replay it into a mask at
         * an integer offset (the sub-pixel phase stays the target's) */
        cairo_surface_t *rec =
            cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
        cairo_t *rc = cairo_create(rec);
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_get_font_options(cr, fo);
        cairo_set_font_options(rc, fo);
        cairo_font_options_destroy(fo);
        cairo_set_antialias(rc, cairo_get_antialias(cr));
        cairo_set_matrix(rc, &m);
        cairo_set_source_rgba(rc, 0, 0, 0, 1);
        draw_label(rc, L, lay, DRAW_PATH);
        int ok = cairo_status(rc) == CAIRO_STATUS_SUCCESS;
        cairo_destroy(rc);
        double ex, ey, ew, eh;
        cairo_recording_surface_ink_extents(rec, &ex, &ey, &ew, &eh);
        double fx = floor(ex) - 1, fy = floor(ey) - 1;
        if (!ok || !isfinite(ex + ey + ew + eh) || fabs(fx) > 1e9 ||
            fabs(fy) > 1e9 || ew > 1e6 || eh > 1e6) {
            cairo_surface_destroy(rec);
            return 0;
        }
        int ix = (int)fx, iy = (int)fy;
        int w = (int)ceil(ex + ew) + 1 - ix, h = (int)ceil(ey + eh) + 1 - iy;
        size_t area = (size_t)w * (size_t)h;
        if (w <= 0 || h <= 0 || area > MASK_AREA_MAX) {
            cairo_surface_destroy(rec);
            return 0;
        }
        if (c->mask_bytes + area > MASK_BYTES_MAX) {
            g_hash_table_remove_all(c->masks);
            c->mask_bytes = 0;
        }
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
        cairo_t *mc = cairo_create(s);
        cairo_set_source_surface(mc, rec, -ix, -iy);
        cairo_paint(mc);
        ok = cairo_status(mc) == CAIRO_STATUS_SUCCESS;
        cairo_destroy(mc);
        cairo_surface_destroy(rec);
        cairo_surface_flush(s);
        if (!ok || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(s);
            return 0;
        }
        v = g_new(mask_val, 1);
        v->s = s;
        v->x = ix;
        v->y = iy;
        g_hash_table_insert(c->masks, g_memdup2(&k, sizeof k), v);
        c->mask_bytes += area;
    }
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_mask_surface(cr, v->s, v->x, v->y);
    cairo_restore(cr);
    return 1;
}

void
cs_label_draw(cs_text_ctx_t *c, cairo_t *cr, const cs_label_t *l, int alone)
{
    const label_impl *L = cs_label_impl_of(l);
    PangoLayout *lay = cs_label_layout(c, L);
    draw_mode mode = mode_for(cr, alone);
    int rotated = L->pub.mode == CS_LABEL_ARC || L->rot != 0;
    if (!(mode == DRAW_PATH && L->shared && rotated &&
          draw_masked(c, cr, L, lay)))
        draw_label(cr, L, lay, mode);
    g_object_unref(lay);
}
