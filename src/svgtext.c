/* SPDX-License-Identifier: MIT */
/*
 * The --svg-text SVG: written by citysnap (not cairo) from the renderer's
 * layout and fitted labels, so designers can edit it: wedges are <path>s
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

#include <citysnap/describe.h>

#include "cs-private.h"
#include "describe-private.h"
#include "render-private.h"
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
hatch_patterns(const cs_renderer_t *r, GString *g)
{
    const cs_render_options_t *o = cs_renderer_options(r);
    const cs_bands_t *b = cs_renderer_bands(r);
    double s = o->hatch_spacing, lw = o->hatch_width, d = s * G_SQRT2;
    int any = 0;
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        cs_hatch_t h = o->hatch[i];
        if (h == CS_HATCH_NONE)
            continue;
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
        cs_rgb_t c = cs_render_hatch_color(cs_bands_color(b, (cs_band_t)i));
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

/* The hatch over a wedge or swatch of @band whose outline is @d. */
static void
hatch_over(const cs_renderer_t *r, cs_band_t band, const char *d, GString *g)
{
    if (cs_renderer_options(r)->hatch[band] == CS_HATCH_NONE)
        return;
    g_string_append_printf(g, "<path class=\"hatch\" fill=\"url(#hatch-%s)\" "
                              "pointer-events=\"none\" d=\"%s\"/>\n",
                           cs_band_key(band), d);
}

static void
wedges(const cs_renderer_t *r, const cs_scores_t *s, GString *g)
{
    const cs_layout_t *l = cs_renderer_layout(r);
    const cs_framework_t *fw = cs_renderer_framework(r);
    const cs_bands_t *b = cs_renderer_bands(r);
    const cs_render_options_t *o = cs_renderer_options(r);
    cs_point_t c = cs_layout_centre(l);
    static const char *const ring_id[] = {"", "dimension", "group", "kpi"};
    g_string_append(g, "<g id=\"wedges\" stroke=\"none\" "
                       "fill-rule=\"evenodd\">\n");
    GString *d = g_string_new(NULL);
    size_t n = cs_layout_wedge_count(l);
    for (size_t i = 0; i < n; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, i);
        cs_band_t band = cs_render_wedge_band(s, w->ring, w->index);
        g_string_append_printf(g, "<path id=\"%s-%zu\" class=\"band-%s\" "
                                  "fill=\"",
                               ring_id[w->ring], w->index,
                               cs_band_key(band));
        color(g, cs_bands_color(b, band));
        g_string_append(g, "\" d=\"");
        g_string_truncate(d, 0);
        wedge_d(d, c, w);
        g_string_append_len(g, d->str, (gssize)d->len);
        g_string_append(g, "\">");
        char *desc;
        if (w->ring == CS_RING_KPI) {
            esc(g, "title", cs_framework_get_kpi(fw, w->index)->label);
            desc = cs_describe_kpi_text(fw, b, s, w->index, o->words);
            esc(g, "desc", desc);
            free(desc);
        } else if (w->ring == CS_RING_GROUP) {
            const char *nm = cs_framework_get_group(fw, w->index)->name;
            esc(g, "title", nm);
            desc = cs_describe_agg_cov(
                nm, 0, s ? cs_scores_get_group(s, w->index) : NULL, b, o->words,
                cs_scores_min_coverage(s));
            esc(g, "desc", desc);
            free(desc);
        } else {
            const char *nm = cs_framework_get_dimension(fw, w->index)->name;
            esc(g, "title", nm);
            desc = cs_describe_agg_cov(
                nm, 1, s ? cs_scores_get_dimension(s, w->index) : NULL, b,
                o->words, cs_scores_min_coverage(s));
            esc(g, "desc", desc);
            free(desc);
        }
        g_string_append(g, "</path>\n");
        hatch_over(r, band, d->str, g);
    }
    g_string_append(g, "</g>\n");
    g_string_free(d, TRUE);
}

static void
lines(const cs_renderer_t *r, GString *g)
{
    const cs_render_options_t *o = cs_renderer_options(r);
    const cs_layout_t *l = cs_renderer_layout(r);
    cs_point_t c = cs_layout_centre(l);
    g_string_append(g, "<g id=\"separators\" fill=\"none\" stroke=\"");
    color(g, o->separator);
    g_string_append(g, "\">\n");
    for (int level = 3; level >= 1; level--) {
        double lw = o->separator_width[level - 1];
        if (lw <= 0)
            continue;
        g_string_append(g, "<path stroke-width=\"");
        num(g, lw);
        g_string_append(g, "\" d=\"");
        size_t ns = cs_layout_separator_count(l);
        for (size_t i = 0; i < ns; i++) {
            const cs_separator_t *s = cs_layout_get_separator(l, i);
            if (s->level != level)
                continue;
            g_string_append(g, "M ");
            pt(g, cs_layout_polar(c, s->angle, s->r0));
            g_string_append(g, " L ");
            pt(g, cs_layout_polar(c, s->angle, s->r1));
            g_string_append_c(g, ' ');
        }
        g_string_append(g, "\"/>\n");
    }
    if (o->ring_width > 0)
        for (int k = 1; k <= 2; k++) {
            g_string_append(g, "<circle cx=\"");
            num(g, c.x);
            g_string_append(g, "\" cy=\"");
            num(g, c.y);
            g_string_append(g, "\" r=\"");
            num(g, cs_layout_radius(l, k));
            g_string_append(g, "\" stroke-width=\"");
            num(g, o->ring_width);
            g_string_append(g, "\"/>\n");
        }
    g_string_append(g, "</g>\n");
}

static void
legend(const cs_renderer_t *r, GString *g)
{
    const cs_bands_t *b = cs_renderer_bands(r);
    if (cs_layout_legend_box(cs_renderer_layout(r)).h <= 0)
        return; /* CS_LEGEND_NONE */
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(b, order);
    g_string_append(g, "<g id=\"legend-swatches\" stroke=\"none\">\n");
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_rect_t sw;
        cs_layout_get_legend_entry(cs_renderer_layout(r), i, &sw, NULL);
        g_string_append(g, "<rect x=\"");
        num(g, sw.x);
        g_string_append(g, "\" y=\"");
        num(g, sw.y);
        g_string_append(g, "\" width=\"");
        num(g, sw.w);
        g_string_append(g, "\" height=\"");
        num(g, sw.h);
        g_string_append(g, "\" fill=\"");
        color(g, cs_bands_color(b, order[i]));
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
        hatch_over(r, order[i], d->str, g);
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
label(const cs_renderer_t *r, cs_text_ctx_t *ctx, const cs_scores_t *s,
      const cs_label_t *l, size_t id, GString *g)
{
    const cs_render_options_t *o = cs_renderer_options(r);
    label_out a = {g, l, {0}, id};
    cs_label_geom(l, &a.geo);
    size_t idx;
    int ring = cs_label_on_ring(l, &idx);
    cs_rgb_t fill =
        ring ? cs_render_text_color(cs_bands_color(
                   cs_renderer_bands(r), cs_render_wedge_band(s, ring, idx)))
             : o->ink;
    g_string_append_printf(g, "<g id=\"label-%zu\" class=\"%s\" fill=\"", id,
                           cs_label_kind_name(l->kind));
    color(g, fill);
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
cs_svgtext_write(const cs_renderer_t *r, const cs_scores_t *s,
                 const char *name, const char *title, double w, double h,
                 int mm, double scale, double ox, double oy, GString *g,
                 cs_diag_t *diag)
{
    cs_labels_t *ls = NULL;
    cs_status_t st = cs_renderer_city_labels(r, name, &ls, diag);
    if (st != CS_OK)
        return st;
    const cs_render_options_t *o = cs_renderer_options(r);
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
    esc(g, NULL, o->lang);
    g_string_append(g, "\">\n");
    esc(g, "title", title);
    g_string_append_c(g, '\n');
    char *sum = cs_describe_summary_text(cs_renderer_framework(r),
                                      cs_renderer_bands(r), s, name, o->words);
    esc(g, "desc", sum);
    free(sum);
    g_string_append(g, "\n<rect id=\"background\" x=\"0\" y=\"0\" "
                       "width=\"");
    num(g, w);
    g_string_append(g, "\" height=\"");
    num(g, h);
    g_string_append(g, "\" fill=\"");
    color(g, o->background);
    g_string_append(g, "\"/>\n<g id=\"wheel\" transform=\"translate(");
    num(g, ox);
    g_string_append_c(g, ' ');
    num(g, oy);
    g_string_append(g, ") scale(");
    g_string_append_printf(g, "%.9g", scale);
    g_string_append(g, ")\">\n");
    hatch_patterns(r, g);
    wedges(r, s, g);
    lines(r, g);
    legend(r, g);
    cs_text_ctx_t *ctx = cs_text_ctx_acquire(cs_renderer_fonts(r));
    if (!ctx) {
        cs_labels_free(ls);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    g_string_append(g, "<g id=\"labels\">\n");
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++)
        label(r, ctx, s, cs_labels_get(ls, i), i, g);
    g_string_append(g, "</g>\n</g>\n</svg>\n");
    cs_text_ctx_release(cs_renderer_fonts(r), ctx);
    cs_labels_free(ls);
    return CS_OK;
}
