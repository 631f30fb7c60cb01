/* SPDX-License-Identifier: MIT */
/* How a label is set, glyph by glyph and line by line, for drawing and
 * for the SVG writers (src/svgglyph.c, src/svgtext.c). */
#include <citysnap/text.h>

#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "labels-private.h"

/* Walks the glyphs of an arc label: each glyph is centred on its arc
 * position on its line's radius, turned to the tangent there. */
void
cs_label_arc_walk(const label_impl *L, PangoLayout *lay, cs_arc_glyph_fn fn,
                  void *ud)
{
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int line_no = 0;
    do {
        if (line_no >= 2)
            break;
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        double lh = lr.height / PS;
        double base = (pango_layout_iter_get_baseline(it) - lr.y) / PS;
        double lw = lr.width / PS;
        double r = L->r_line[line_no];
        double x = 0;
        for (GSList *rl = line->runs; rl; rl = rl->next) {
            PangoGlyphItem *run = rl->data;
            PangoGlyphString *gs = run->glyphs;
            for (int g = 0; g < gs->num_glyphs; g++) {
                const PangoGlyphInfo *gi = &gs->glyphs[g];
                double gw = gi->geometry.width / PS;
                double sc = -lw / 2 + x + gw / 2;
                double th = L->reversed ? L->mid - sc / r : L->mid + sc / r;
                double rot = L->reversed ? th + G_PI : th;
                fn(ud, run->item->analysis.font, gi,
                   cs_layout_polar(L->centre, th, r), rot, gw, lh, base,
                   line_no);
                x += gw;
            }
        }
        line_no++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* The frame of an arc glyph's box (cs_label_arc_walk): centred on @at,
 * turned by @rot, its top-left corner at (0, 0). */
void
cs_arc_box_frame(cairo_matrix_t *m, cs_point_t at, double rot, double gw,
                 double lh)
{
    cairo_matrix_init_translate(m, at.x, at.y);
    cairo_matrix_rotate(m, rot);
    cairo_matrix_translate(m, -gw / 2, -lh / 2);
}

typedef struct place_acc {
    cs_glyph_place_fn fn;
    void *ud;
} place_acc;

static void
place_arc_glyph(void *ud, PangoFont *font, const PangoGlyphInfo *gi,
                cs_point_t at, double rot, double gw, double lh, double base,
                int line)
{
    place_acc *a = ud;
    (void)line;
    if (gi->glyph == PANGO_GLYPH_EMPTY)
        return;
    /* as draw_glyph + one_glyph: the glyph on its box's baseline */
    cairo_matrix_t m;
    cs_arc_box_frame(&m, at, rot, gw, lh);
    cairo_matrix_translate(&m, gi->geometry.x_offset / PS,
                           base + gi->geometry.y_offset / PS);
    a->fn(a->ud, font, gi, &m);
}

void
cs_label_glyphs(cs_text_ctx_t *c, const cs_label_t *l, cs_glyph_place_fn fn,
                void *ud)
{
    const label_impl *L = cs_label_impl_of(l);
    PangoLayout *lay = cs_label_layout(c, L);
    place_acc a = {fn, ud};
    if (L->pub.mode == CS_LABEL_ARC) {
        cs_label_arc_walk(L, lay, place_arc_glyph, &a);
        g_object_unref(lay);
        return;
    }
    /* as cs_label_draw + pango_cairo_show_layout */
    PangoRectangle log;
    pango_layout_get_extents(lay, NULL, &log);
    cairo_matrix_t frame;
    cairo_matrix_init_translate(&frame, L->origin.x, L->origin.y);
    cairo_matrix_rotate(&frame, L->rot);
    cairo_matrix_translate(&frame, L->bx - log.x / PS, L->by - log.y / PS);
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run)
            continue;
        PangoRectangle rr;
        pango_layout_iter_get_run_extents(it, NULL, &rr);
        int base = pango_layout_iter_get_baseline(it);
        int x = rr.x;
        PangoGlyphString *gs = run->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            const PangoGlyphInfo *gi = &gs->glyphs[g];
            if (gi->glyph != PANGO_GLYPH_EMPTY) {
                cairo_matrix_t m = frame;
                cairo_matrix_translate(&m, (x + gi->geometry.x_offset) / PS,
                                       (base + gi->geometry.y_offset) / PS);
                fn(ud, run->item->analysis.font, gi, &m);
            }
            x += gi->geometry.width;
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    g_object_unref(lay);
}

void
cs_label_geom(const cs_label_t *l, cs_label_geom_t *g)
{
    const label_impl *L = cs_label_impl_of(l);
    memset(g, 0, sizeof *g);
    g->family = L->family;
    g->bold = L->bold;
    g->origin = L->origin;
    g->rot = L->rot;
    g->bx = L->bx;
    g->by = L->by;
    g->bw = L->bw;
    g->bh = L->bh;
    g->align = L->align == PANGO_ALIGN_CENTER  ? 1
               : L->align == PANGO_ALIGN_RIGHT ? 2
                                               : 0;
    g->centre = L->centre;
    g->mid = L->mid;
    g->reversed = L->reversed;
    g->r_line[0] = L->r_line[0];
    g->r_line[1] = L->r_line[1];
}

static gint
run_by_offset(gconstpointer a, gconstpointer b)
{
    const PangoGlyphItem *x = *(PangoGlyphItem *const *)a;
    const PangoGlyphItem *y = *(PangoGlyphItem *const *)b;
    return (x->item->offset > y->item->offset) -
           (x->item->offset < y->item->offset);
}

void
cs_label_lines(cs_text_ctx_t *c, const cs_label_t *l, cs_label_line_fn fn,
               void *ud)
{
    const label_impl *L = cs_label_impl_of(l);
    PangoLayout *lay = cs_label_layout(c, L);
    const char *text = pango_layout_get_text(lay);
    PangoRectangle log;
    pango_layout_get_extents(lay, NULL, &log);
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int line_no = 0;
    GString *s = g_string_new(NULL);
    GPtrArray *runs = g_ptr_array_new();
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        g_ptr_array_set_size(runs, 0);
        for (GSList *rl = line->runs; rl; rl = rl->next)
            g_ptr_array_add(runs, rl->data);
        g_ptr_array_sort(runs, run_by_offset);
        g_string_truncate(s, 0);
        for (guint i = 0; i < runs->len; i++) {
            const PangoItem *item =
                ((PangoGlyphItem *)g_ptr_array_index(runs, i))->item;
            if (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
                g_string_append(s, "\u2026");
            else
                g_string_append_len(s, text + item->offset, item->length);
        }
        fn(ud, line_no, s->str, (lr.x - log.x) / PS, (lr.y - log.y) / PS,
           lr.width / PS, lr.height / PS,
           (pango_layout_iter_get_baseline(it) - log.y) / PS);
        line_no++;
    } while (pango_layout_iter_next_line(it) && line_no < 2);
    g_ptr_array_free(runs, TRUE);
    g_string_free(s, TRUE);
    pango_layout_iter_free(it);
    g_object_unref(lay);
}
