/* SPDX-License-Identifier: MIT */
/*
 * The --svg-text SVG: written by citysnap (not cairo) from the scene (the
 * same wedges, paint and fitted labels cairo draws), so designers can
 * edit it: wedges are <path>s
 * with a <title>/<desc> each, labels are real <text> (radial ones rotated
 * with a transform) and ring labels <textPath>s on an arc <path>, with
 * font-family, font-size, font-weight and xml:lang. Positions are those
 * of cairo's drawing (same layout, same Pango line boxes and baselines);
 * only the glyph advances are left to the SVG reader's copy of the font.
 * Hatches are <pattern>s on the same canvas-fixed grid as cairo's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "scene-private.h"
#include "svgglyph-private.h"
#include "text-private.h"

static void
num(GString *g, double v)
{
    cs_svg_num(g, v, 3);
}

static void
pt(GString *g, cs_point_t p)
{
    num(g, p.x);
    g_string_append_c(g, ' ');
    num(g, p.y);
}

static void
esc(GString *g, const char *tag, const char *text)
{
    char *e = g_markup_escape_text(text ? text : "", -1);
    if (tag)
        g_string_append_printf(g, "<%s>%s</%s>", tag, e, tag);
    else
        g_string_append(g, e);
    g_free(e);
}

static void
color(GString *g, cs_rgb_t c)
{
    g_string_append_printf(g, "#%02x%02x%02x", (int)lround(c.r * 255),
                           (int)lround(c.g * 255), (int)lround(c.b * 255));
}

/* An arc of radius @r from angle @a0 to @a1 (clockwise when @cw), in
 * pieces of less than half a turn. */
static void
arc_to(GString *g, cs_point_t c, double r, double a0, double a1, int cw)
{
    int n = (int)ceil(fabs(a1 - a0) / (G_PI * 0.9));
    for (int i = 1; i <= n; i++) {
        double a = a0 + (a1 - a0) * i / n;
        g_string_append(g, " A ");
        num(g, r);
        g_string_append_c(g, ' ');
        num(g, r);
        g_string_append_printf(g, " 0 0 %d ", cw);
        pt(g, cs_layout_polar(c, a, r));
    }
}

static void
wedge_d(GString *g, cs_point_t c, const cs_wedge_t *w)
{
    g_string_append(g, "M ");
    pt(g, cs_layout_polar(c, w->a0, w->r1));
    arc_to(g, c, w->r1, w->a0, w->a1, 1);
    if (w->a1 - w->a0 >= 2 * G_PI - 1e-9) {
        g_string_append(g, " Z");
        if (w->r0 > 0) {
            g_string_append(g, " M ");
            pt(g, cs_layout_polar(c, w->a1, w->r0));
            arc_to(g, c, w->r0, w->a1, w->a0, 0);
            g_string_append(g, " Z");
        }
        return;
    }
    if (w->r0 > 0) {
        g_string_append(g, " L ");
        pt(g, cs_layout_polar(c, w->a1, w->r0));
        arc_to(g, c, w->r0, w->a1, w->a0, 0);
    } else {
        g_string_append(g, " L ");
        pt(g, c);
    }
    g_string_append(g, " Z");
}


/* "M a L b " */
static void
seg(GString *g, cs_point_t a, cs_point_t b)
{
    g_string_append(g, "M ");
    pt(g, a);
    g_string_append(g, " L ");
    pt(g, b);
    g_string_append_c(g, ' ');
}

/* One <pattern> per hatched band, in design units on a grid fixed to the
 * canvas (as paint.c's hatch_path, so neighbouring wedges of a band join
 * up): lines spacing apart, or staggered dots of radius hatch_width. */
static void
hatch_patterns(const cs_scene_t *sc, GString *g)
{
    int any = 0;
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        const cs_scene_paint_t *p = cs_scene_get_band_paint(sc, (cs_band_t)i);
        cs_hatch_t h = p->hatch;
        if (h == CS_HATCH_NONE)
            continue;
        double s = p->hatch_spacing, lw = p->hatch_width, d = s * G_SQRT2;
        if (!any)
            g_string_append(g, "<defs>\n");
        any = 1;
        double tw = s, th = s;
        if (h == CS_HATCH_DIAGONAL || h == CS_HATCH_BACKDIAGONAL ||
            h == CS_HATCH_CROSS)
            tw = th = d;
        else if (h == CS_HATCH_DOTS)
            th = 2 * s;
        g_string_append_printf(g, "<pattern id=\"hatch-%s\" "
                                  "patternUnits=\"userSpaceOnUse\" x=\"0\" "
                                  "y=\"0\" width=\"",
                               cs_band_key((cs_band_t)i));
        num(g, tw);
        g_string_append(g, "\" height=\"");
        num(g, th);
        g_string_append(g, "\">");
        cs_rgb_t c = p->hatch_color;
        if (h == CS_HATCH_DOTS) {
            /* rows s apart, every other row shifted by s/2 */
            g_string_append(g, "<g fill=\"");
            color(g, c);
            g_string_append(g, "\">");
            const double at[][2] = {{0, 0},     {s, 0},     {s / 2, s},
                                    {0, 2 * s}, {s, 2 * s}};
            for (size_t k = 0; k < G_N_ELEMENTS(at); k++) {
                g_string_append(g, "<circle cx=\"");
                num(g, at[k][0]);
                g_string_append(g, "\" cy=\"");
                num(g, at[k][1]);
                g_string_append(g, "\" r=\"");
                num(g, lw);
                g_string_append(g, "\"/>");
            }
            g_string_append(g, "</g>");
        } else {
            g_string_append(g, "<path fill=\"none\" stroke=\"");
            color(g, c);
            g_string_append(g, "\" stroke-width=\"");
            num(g, lw);
            g_string_append(g, "\" d=\"");
            /* each line drawn wholly in every tile it crosses: the tile
             * clips it */
            double t = 2 * lw;
            for (int k = 0; k <= 1; k++) {
                if (h == CS_HATCH_HORIZONTAL) /* y = 0, s */
                    seg(g, (cs_point_t){0, k * s}, (cs_point_t){s, k * s});
                if (h == CS_HATCH_VERTICAL) /* x = 0, s */
                    seg(g, (cs_point_t){k * s, 0}, (cs_point_t){k * s, s});
            }
            for (int k = -1; k <= 2; k++) {
                double cc = k * d;
                if ((h == CS_HATCH_DIAGONAL || h == CS_HATCH_CROSS) && k >= 0)
                    /* x + y = 0, d, 2d */
                    seg(g, (cs_point_t){cc + t, -t}, (cs_point_t){-t, cc + t});
                if ((h == CS_HATCH_BACKDIAGONAL || h == CS_HATCH_CROSS) &&
                    k <= 1) /* x - y = -d, 0, d */
                    seg(g, (cs_point_t){cc - t, -t},
                        (cs_point_t){cc + d + t, d + t});
            }
            g_string_append(g, "\"/>");
        }
        g_string_append(g, "</pattern>\n");
    }
    if (any)
        g_string_append(g, "</defs>\n");
}

/* The hatch over a wedge or swatch of @band, painted @p, whose outline is
 * @d. */
static void
hatch_over(const cs_scene_paint_t *p, cs_band_t band, const char *d,
           GString *g)
{
    if (p->hatch == CS_HATCH_NONE)
        return;
    g_string_append_printf(g, "<path class=\"hatch\" fill=\"url(#hatch-%s)\" "
                              "pointer-events=\"none\" d=\"%s\"/>\n",
                           cs_band_key(band), d);
}

static void
wedges(const cs_scene_t *sc, GString *g)
{
    cs_point_t c = cs_scene_centre(sc);
    static const char *const ring_id[] = {"", "dimension", "group", "kpi"};
    g_string_append(g, "<g id=\"wedges\" stroke=\"none\" "
                       "fill-rule=\"evenodd\">\n");
    GString *d = g_string_new(NULL);
    size_t n = cs_scene_wedge_count(sc);
    for (size_t i = 0; i < n; i++) {
        const cs_scene_wedge_t *w = cs_scene_get_wedge(sc, i);
        g_string_append_printf(g, "<path id=\"%s-%zu\" class=\"band-%s\" "
                                  "fill=\"",
                               ring_id[w->geom.ring], w->geom.index,
                               cs_band_key(w->band));
        color(g, w->paint.fill);
        g_string_append(g, "\" d=\"");
        g_string_truncate(d, 0);
        wedge_d(d, c, &w->geom);
        g_string_append_len(g, d->str, (gssize)d->len);
        g_string_append(g, "\">");
        esc(g, "title", w->title);
        esc(g, "desc", w->desc);
        g_string_append(g, "</path>\n");
        hatch_over(&w->paint, w->band, d->str, g);
    }
    g_string_append(g, "</g>\n");
    g_string_free(d, TRUE);
}

static void
lines(const cs_scene_t *sc, GString *g)
{
    g_string_append(g, "<g id=\"separators\" fill=\"none\" stroke=\"");
    color(g, cs_scene_line_color(sc));
    g_string_append(g, "\">\n");
    size_t ns = cs_scene_stroke_count(sc);
    for (size_t k = 0; k < ns; k++) {
        const cs_scene_stroke_t *st = cs_scene_get_stroke(sc, k);
        g_string_append(g, "<path stroke-width=\"");
        num(g, st->width);
        g_string_append(g, "\" d=\"");
        for (size_t i = st->first; i < st->first + st->count; i++) {
            const cs_scene_line_t *l = cs_scene_get_line(sc, i);
            g_string_append(g, "M ");
            pt(g, l->p0);
            g_string_append(g, " L ");
            pt(g, l->p1);
            g_string_append_c(g, ' ');
        }
        g_string_append(g, "\"/>\n");
    }
    size_t nc = cs_scene_circle_count(sc);
    for (size_t k = 0; k < nc; k++) {
        const cs_scene_circle_t *o = cs_scene_get_circle(sc, k);
        g_string_append(g, "<circle cx=\"");
        num(g, o->centre.x);
        g_string_append(g, "\" cy=\"");
        num(g, o->centre.y);
        g_string_append(g, "\" r=\"");
        num(g, o->r);
        g_string_append(g, "\" stroke-width=\"");
        num(g, o->width);
        g_string_append(g, "\"/>\n");
    }
    g_string_append(g, "</g>\n");
}

static void
legend(const cs_scene_t *sc, GString *g)
{
    size_t n = cs_scene_swatch_count(sc);
    if (n == 0)
        return; /* CS_LEGEND_NONE */
    g_string_append(g, "<g id=\"legend-swatches\" stroke=\"none\">\n");
    for (size_t i = 0; i < n; i++) {
        const cs_scene_swatch_t *s = cs_scene_get_swatch(sc, i);
        cs_rect_t sw = s->rect;
        g_string_append(g, "<rect x=\"");
        num(g, sw.x);
        g_string_append(g, "\" y=\"");
        num(g, sw.y);
        g_string_append(g, "\" width=\"");
        num(g, sw.w);
        g_string_append(g, "\" height=\"");
        num(g, sw.h);
        g_string_append(g, "\" fill=\"");
        color(g, s->paint.fill);
        g_string_append(g, "\"/>\n");
        GString *d = g_string_new("M ");
        pt(d, (cs_point_t){sw.x, sw.y});
        g_string_append(d, " H ");
        num(d, sw.x + sw.w);
        g_string_append(d, " V ");
        num(d, sw.y + sw.h);
        g_string_append(d, " H ");
        num(d, sw.x);
        g_string_append(d, " Z");
        hatch_over(&s->paint, s->band, d->str, g);
        g_string_free(d, TRUE);
    }
    g_string_append(g, "</g>\n");
}

typedef struct label_out {
    GString *g;
    const cs_label_t *l;
    cs_label_geom_t geo;
    size_t id;
} label_out;

/* One line of a flat or radial label: the block is drawn in the frame
 * rotated by rot around origin, at (bx, by). */
static void
block_line(void *ud, int line, const char *text, double x, double y,
           double w, double h, double baseline)
{
    label_out *a = ud;
    (void)line;
    (void)y;
    (void)h;
    GString *g = a->g;
    static const char *const anchor[] = {"start", "middle", "end"};
    double ax = a->geo.bx + x + (a->geo.align == 1   ? w / 2
                                 : a->geo.align == 2 ? w
                                                     : 0);
    g_string_append(g, "<tspan x=\"");
    num(g, ax);
    g_string_append(g, "\" y=\"");
    num(g, a->geo.by + baseline);
    g_string_append_printf(g, "\" text-anchor=\"%s\">",
                           anchor[a->geo.align]);
    esc(g, NULL, text);
    g_string_append(g, "</tspan>");
}

/* One line of an arc label: a <textPath> on an arc of the line's radius
 * through the label's middle (clockwise, or counter-clockwise when
 * reversed), centred there; dy puts the baseline where Pango has it. */
static void
arc_line(void *ud, int line, const char *text, double x, double y, double w,
         double h, double baseline)
{
    label_out *a = ud;
    (void)x;
    (void)w;
    GString *g = a->g;
    const cs_label_geom_t *q = &a->geo;
    double r = q->r_line[line < 2 ? line : 1];
    double span = G_PI * 0.98; /* either side of the middle */
    double a0 = q->reversed ? q->mid + span : q->mid - span;
    double a1 = q->reversed ? q->mid - span : q->mid + span;
    g_string_append_printf(g, "<path id=\"arc-%zu-%d\" fill=\"none\" d=\"M ",
                           a->id, line);
    pt(g, cs_layout_polar(q->centre, a0, r));
    arc_to(g, q->centre, r, a0, a1, q->reversed ? 0 : 1);
    g_string_append(g, "\"/>");
    g_string_append_printf(g, "<text><textPath xlink:href=\"#arc-%zu-%d\" "
                              "href=\"#arc-%zu-%d\" startOffset=\"50%%\" "
                              "text-anchor=\"middle\"><tspan dy=\"",
                           a->id, line, a->id, line);
    num(g, (baseline - y) - h / 2);
    g_string_append(g, "\">");
    esc(g, NULL, text);
    g_string_append(g, "</tspan></textPath></text>\n");
}

static void
label(cs_text_ctx_t *ctx, const cs_scene_label_t *sl, size_t id, GString *g)
{
    const cs_label_t *l = sl->label;
    label_out a = {g, l, {0}, id};
    cs_label_geom(l, &a.geo);
    g_string_append_printf(g, "<g id=\"label-%zu\" class=\"%s\" fill=\"", id,
                           cs_label_kind_name(l->kind));
    color(g, sl->color);
    g_string_append(g, "\" font-family=\"");
    esc(g, NULL, a.geo.family);
    g_string_append(g, "\" font-size=\"");
    num(g, l->size);
    g_string_append_printf(g, "\" font-weight=\"%s\"",
                           a.geo.bold ? "bold" : "normal");
    if (l->mode == CS_LABEL_ARC) {
        g_string_append(g, ">\n");
        cs_label_lines(ctx, l, arc_line, &a);
        g_string_append(g, "</g>\n");
        return;
    }
    if (a.geo.origin.x != 0 || a.geo.origin.y != 0 || a.geo.rot != 0) {
        g_string_append(g, " transform=\"translate(");
        pt(g, a.geo.origin);
        g_string_append(g, ") rotate(");
        num(g, a.geo.rot * 180 / G_PI);
        g_string_append(g, ")\"");
    }
    g_string_append(g, "><text>");
    cs_label_lines(ctx, l, block_line, &a);
    g_string_append(g, "</text></g>\n");
}

cs_status_t
cs_svgtext_write(const cs_scene_t *sc, double w, double h, int mm,
                 double scale, double ox, double oy, GString *g,
                 cs_diag_t *diag)
{
    const char *unit = mm ? "mm" : "pt";
    g_string_append(g, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                       "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                       "version=\"1.1\" width=\"");
    num(g, w);
    g_string_append_printf(g, "%s\" height=\"", unit);
    num(g, h);
    g_string_append_printf(g, "%s\" viewBox=\"0 0 ", unit);
    num(g, w);
    g_string_append_c(g, ' ');
    num(g, h);
    g_string_append(g, "\" xml:lang=\"");
    esc(g, NULL, cs_scene_lang(sc));
    g_string_append(g, "\">\n");
    esc(g, "title", cs_scene_title(sc));
    g_string_append_c(g, '\n');
    esc(g, "desc", cs_scene_summary(sc));
    g_string_append(g, "\n<rect id=\"background\" x=\"0\" y=\"0\" "
                       "width=\"");
    num(g, w);
    g_string_append(g, "\" height=\"");
    num(g, h);
    g_string_append(g, "\" fill=\"");
    color(g, cs_scene_background(sc));
    g_string_append(g, "\"/>\n<g id=\"wheel\" transform=\"translate(");
    num(g, ox);
    g_string_append_c(g, ' ');
    num(g, oy);
    g_string_append(g, ") scale(");
    g_string_append_printf(g, "%.9g", scale);
    g_string_append(g, ")\">\n");
    hatch_patterns(sc, g);
    wedges(sc, g);
    lines(sc, g);
    legend(sc, g);
    cs_text_ctx_t *ctx = cs_text_ctx_acquire(cs_scene_fonts(sc));
    if (!ctx)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    g_string_append(g, "<g id=\"labels\">\n");
    size_t n = cs_scene_label_count(sc);
    for (size_t i = 0; i < n; i++)
        label(ctx, cs_scene_get_label(sc, i), i, g);
    g_string_append(g, "</g>\n</g>\n</svg>\n");
    cs_text_ctx_release(cs_scene_fonts(sc), ctx);
    return CS_OK;
}
