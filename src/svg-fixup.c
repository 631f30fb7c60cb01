/* SPDX-License-Identifier: MIT */
/* cairo's SVG, finished: the labels as glyph outlines, stable surface
 * ids, and the accessibility layer (titles, descriptions, tooltips). */
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "renderer-private.h"
#include "svgglyph-private.h"

cs_status_t
cs_svg_glyph_labels(const cs_scene_t *s, double scale, double ox, double oy,
                    GByteArray *svg, cs_diag_t *diag)
{
    const cs_fonts_t *fonts = cs_scene_fonts(s);
    cs_text_ctx_t *c = cs_text_ctx_acquire(fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_svgglyph_t *w = cs_svgglyph_new();
    size_t n = cs_scene_label_count(s);
    for (size_t i = 0; i < n; i++) {
        const cs_scene_label_t *l = cs_scene_get_label(s, i);
        cs_svgglyph_label(w, c, l->label, l->color);
    }
    cs_text_ctx_release(fonts, c);
    cs_status_t st = cs_svgglyph_insert(w, scale, ox, oy, svg, diag);
    cs_svgglyph_free(w);
    return st;
}

/*
 * cairo names SVG groups "surface<N>" after a process-wide surface counter,
 * so two renders in one process would differ. Renumber them in order of
 * first appearance (ids are written before they are referenced).
 */
void
cs_svg_renumber_surfaces(GByteArray *b)
{
    static const char key[] = "surface";
    const size_t klen = sizeof key - 1;
    GHashTable *map = g_hash_table_new(g_int64_hash, g_int64_equal);
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(gint64));
    GByteArray *out = g_byte_array_sized_new(b->len);
    size_t i = 0, start = 0, n = b->len;
    const guint8 *d = b->data;
    while (i + klen < n) {
        const guint8 *hit = memmem(d + i, n - i, key, klen);
        if (!hit)
            break;
        i = (size_t)(hit - d);
        if (i == 0 || (d[i - 1] != '"' && d[i - 1] != '#') ||
            i + klen >= n || !g_ascii_isdigit(d[i + klen])) {
            i += klen;
            continue;
        }
        size_t j = i + klen;
        gint64 v = 0;
        while (j < n && g_ascii_isdigit(d[j]) &&
               v < (G_GINT64_CONSTANT(1) << 50))
            v = v * 10 + (d[j++] - '0');
        gpointer got = g_hash_table_lookup(map, &v);
        gint64 id;
        if (got) {
            id = (gint64)GPOINTER_TO_SIZE(got);
        } else {
            g_array_append_val(keys, v);
            id = (gint64)keys->len;
            gint64 *k = g_new(gint64, 1);
            *k = v;
            g_hash_table_insert(map, k, GSIZE_TO_POINTER((gsize)id));
        }
        char num[40];
        int len = g_snprintf(num, sizeof num, "surface%" G_GINT64_FORMAT, id);
        g_byte_array_append(out, d + start, (guint)(i - start));
        g_byte_array_append(out, (const guint8 *)num, (guint)len);
        i = start = j;
    }
    g_byte_array_append(out, d + start, (guint)(n - start));
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, map);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_free(k);
    g_hash_table_destroy(map);
    g_array_free(keys, TRUE);
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, out->data, out->len);
    g_byte_array_free(out, TRUE);
}

static void
svg_num(GString *g, double v)
{
    cs_svg_num(g, v, 3);
}

static void
svg_pt(GString *g, cs_point_t p, double scale)
{
    svg_num(g, p.x * scale);
    g_string_append_c(g, ' ');
    svg_num(g, p.y * scale);
}

static void
svg_escaped(GString *g, const char *tag, const char *text)
{
    char *e = g_markup_escape_text(text ? text : "", -1);
    g_string_append_printf(g, "<%s>%s</%s>", tag, e, tag);
    g_free(e);
}

/*
 * Accessibility for cairo's SVG: a <title> and <desc> (the plain-language
 * summary) for the chart right after the <svg> tag, and on top an
 * invisible copy of every KPI wedge (<path>, no fill, no stroke, but
 * pointer events, so it shows as a tooltip) with its own <title> (label)
 * and <desc> (value, target, band).
 */
void
cs_svg_accessibility(const cs_scene_t *s, double scale, double ox, double oy,
                     GByteArray *b)
{
    const char *d = (const char *)b->data;
    const char *svg = g_strstr_len(d, b->len, "<svg");
    const char *gt = svg ? memchr(svg, '>', b->len - (size_t)(svg - d)) : NULL;
    const char *end = g_strrstr_len(d, b->len, "</svg>");
    if (!gt || !end || end < gt)
        return;
    GString *head = g_string_new("\n");
    svg_escaped(head, "title", cs_scene_title(s));
    g_string_append_c(head, '\n');
    svg_escaped(head, "desc", cs_scene_summary(s));
    GString *tail = g_string_new("<g id=\"kpi-wedges\" fill=\"none\" "
                                 "stroke=\"none\" pointer-events=\"all\"");
    if (ox != 0 || oy != 0) {
        g_string_append(tail, " transform=\"translate(");
        svg_num(tail, ox);
        g_string_append_c(tail, ' ');
        svg_num(tail, oy);
        g_string_append(tail, ")\"");
    }
    g_string_append(tail, ">\n");
    cs_point_t c = cs_scene_centre(s);
    size_t n = cs_scene_wedge_count(s);
    for (size_t i = 0; i < n; i++) {
        const cs_scene_wedge_t *sw = cs_scene_get_wedge(s, i);
        const cs_wedge_t *w = &sw->geom;
        if (w->ring != CS_RING_KPI)
            continue;
        g_string_append_printf(tail, "<path id=\"kpi-%zu\" d=\"M ",
                               w->index);
        int large = w->a1 - w->a0 > G_PI;
        svg_pt(tail, cs_layout_polar(c, w->a0, w->r1), scale);
        g_string_append(tail, " A ");
        svg_num(tail, w->r1 * scale);
        g_string_append_c(tail, ' ');
        svg_num(tail, w->r1 * scale);
        g_string_append_printf(tail, " 0 %d 1 ", large);
        svg_pt(tail, cs_layout_polar(c, w->a1, w->r1), scale);
        g_string_append(tail, " L ");
        svg_pt(tail, cs_layout_polar(c, w->a1, w->r0), scale);
        g_string_append(tail, " A ");
        svg_num(tail, w->r0 * scale);
        g_string_append_c(tail, ' ');
        svg_num(tail, w->r0 * scale);
        g_string_append_printf(tail, " 0 %d 0 ", large);
        svg_pt(tail, cs_layout_polar(c, w->a0, w->r0), scale);
        g_string_append(tail, " Z\">");
        svg_escaped(tail, "title", sw->title);
        svg_escaped(tail, "desc", sw->desc);
        g_string_append(tail, "</path>\n");
    }
    g_string_append(tail, "</g>\n");
    size_t at1 = (size_t)(gt + 1 - d), at2 = (size_t)(end - d);
    GByteArray *o = g_byte_array_sized_new(b->len + head->len + tail->len);
    g_byte_array_append(o, b->data, (guint)at1);
    g_byte_array_append(o, (const guint8 *)head->str, (guint)head->len);
    g_byte_array_append(o, b->data + at1, (guint)(at2 - at1));
    g_byte_array_append(o, (const guint8 *)tail->str, (guint)tail->len);
    g_byte_array_append(o, b->data + at2, (guint)(b->len - at2));
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, o->data, o->len);
    g_byte_array_free(o, TRUE);
    g_string_free(head, TRUE);
    g_string_free(tail, TRUE);
}
