/* SPDX-License-Identifier: MIT */
/* The profile book: one PDF with an overview page of every rendered
 * wheel, then one page per city. */
#include <citysnap/batch.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib.h>

#include <citysnap/describe.h>

#include "batch-private.h"
#include "cs-private.h"
#include "describe-private.h"
#include "render-private.h"
#include "report-private.h"
#include "fonts-private.h"
#include "scene-private.h"

#include <pango/pangocairo.h>

typedef struct book_sink {
    GByteArray *bytes;
} book_sink;

static cairo_status_t
book_write(void *closure, const unsigned char *data, unsigned int len)
{
    book_sink *s = closure;
    g_byte_array_append(s->bytes, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* @parts of a city's scene (NULL @scores and @name: the legend alone);
 * cairo's sticky status is checked for the whole book. */
static void
draw_scene(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores,
           const char *name, unsigned parts)
{
    cs_scene_t *s = NULL;
    if (cs_scene_new(r, scores, NULL, name, &s, NULL) == CS_OK)
        cs_scene_paint_checked(s, cr, TEXT_SAFE, parts, 0, NULL);
    cs_scene_free(s);
}

/* The title over a small wheel: "Asker: 84.4 %", centred at (@cx, @y)
 * in @size pt, at most @w wide. */
static void
cell_title(cs_batch_report_t *rep, cairo_t *cr, PangoLayout *lay,
           const char *family, const city_job *j, double cx, double y,
           double w, double size)
{
    const cs_render_options_t *ro = cs_renderer_options(rep->renderer);
    const cs_agg_score_t *o = cs_scores_get_overall(j->scores);
    char *pc = cs_describe_number_text(o ? o->percent : NAN, 1, 0, ro->words);
    const char *keys[] = {"name", "percent", NULL};
    const char *vals[] = {j->pub.entry->name, pc};
    char *t = o && isfinite(o->percent)
                  ? cs_describe_fill(ro->words->book_cell, keys, vals)
                  : strdup(j->pub.entry->name);
    PangoFontDescription *d = cs_font_desc(family, 1, size);
    pango_layout_set_font_description(lay, d);
    pango_font_description_free(d);
    pango_layout_set_width(lay, (int)(w * PANGO_SCALE));
    pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
    pango_layout_set_text(lay, t ? t : "", -1);
    cairo_set_source_rgb(cr, ro->ink.r, ro->ink.g, ro->ink.b);
    cairo_move_to(cr, cx - w / 2, y);
    pango_cairo_show_layout(cr, lay);
    free(t);
    free(pc);
}

/* Draws the overview: every rendered wheel in small, without its KPI
 * labels (unreadable at that size), each titled with the city's name and
 * overall score, in a grid above one full-size legend and source line. */
static void
draw_overview(cs_batch_report_t *rep, cairo_t *cr, double w, double h,
              size_t n_ok)
{
    const cs_layout_t *l = cs_renderer_layout(rep->renderer);
    cs_rect_t lb = cs_layout_legend_box(l);
    const cs_layout_params_t *lp = cs_layout_params(l);
    double gap = lp->band_gap;
    /* the grid's area: above a bottom legend, left of a right one */
    cs_rect_t sb = cs_layout_source_box(l);
    double area_w = w, area_h = sb.h > 0 ? sb.y - gap / 2 : h;
    if (lb.h > 0 && lp->legend_position == CS_LEGEND_BOTTOM)
        area_h = lb.y - gap;
    else if (lb.h > 0 && lp->legend_position == CS_LEGEND_RIGHT)
        area_w = lb.x - gap;
    if (area_h < h / 4)
        area_h = h;
    /* a cell: the wheel's disc with some room, and a title line above */
    cs_point_t c = cs_layout_centre(l);
    double R = cs_layout_radius(l, 3);
    double bw = 2.2 * R, tt = 0.32 * R, bh = 2.2 * R + tt;
    /* the grid shape that makes the wheels largest */
    size_t cols = 1;
    double best = 0;
    for (size_t k = 1; k <= n_ok; k++) {
        size_t rows = (n_ok + k - 1) / k;
        double sc = fmin(area_w / (double)k / bw, area_h / (double)rows / bh);
        if (sc > best + 1e-9) {
            best = sc;
            cols = k;
        }
    }
    size_t rows = (n_ok + cols - 1) / cols;
    double s = fmin(1, best);
    double cw = area_w / (double)cols, ch = bh * s;
    double top = (area_h - ch * (double)rows) / 2;
    cs_text_ctx_t *tc = cs_text_ctx_acquire(cs_renderer_fonts(rep->renderer));
    PangoLayout *lay = tc ? pango_layout_new(tc->pc) : NULL;
    const cs_render_options_t *ro = cs_renderer_options(rep->renderer);
    const char *family = ro->labels.title.family
                             ? ro->labels.title.family
                             : tc ? tc->family : NULL;
    size_t k = 0;
    for (size_t i = 0; i < rep->n; i++) {
        city_job *j = &rep->jobs[i];
        if (j->pub.status != CS_OK)
            continue;
        /* the last row centred */
        size_t row = k / cols, col = k % cols;
        size_t in_row = row + 1 == rows ? n_ok - row * cols : cols;
        double x0 = (area_w - (double)in_row * cw) / 2 + (double)col * cw;
        double cx = x0 + cw / 2;
        double cy = top + (double)row * ch + (tt + 1.1 * R) * s;
        if (lay)
            cell_title(rep, cr, lay, family, j, cx,
                       top + (double)row * ch + 0.04 * R * s, cw * 0.96,
                       fmax(4, 0.14 * R * s));
        cairo_save(cr);
        cairo_translate(cr, cx - c.x * s, cy - c.y * s);
        cairo_scale(cr, s, s);
        draw_scene(rep->renderer, cr, j->scores, j->pub.entry->name,
                   CS_PART_WHEEL);
        cairo_restore(cr);
        k++;
    }
    if (lay)
        g_object_unref(lay);
    if (tc)
        cs_text_ctx_release(cs_renderer_fonts(rep->renderer), tc);
    draw_scene(rep->renderer, cr, NULL, NULL, CS_PART_LEGEND);
}

cs_status_t
cs_book_write(cs_batch_report_t *rep, const char *path)
{
    size_t n_ok = 0;
    for (size_t i = 0; i < rep->n; i++)
        if (rep->jobs[i].pub.status == CS_OK)
            n_ok++;
    if (n_ok == 0)
        return cs_diag_add(rep->diag, CS_ERR_INVALID, path, 0, 0,
                           "no city was rendered: the book is not written");
    double w = 0, h = 0;
    cs_renderer_size(rep->renderer, &w, &h);
    book_sink sink = {g_byte_array_new()};
    cairo_surface_t *surf =
        cairo_pdf_surface_create_for_stream(book_write, &sink, w, h);
    char date[32];
    cs_render_pdf_date(date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
    cairo_pdf_surface_set_metadata(
        surf, CAIRO_PDF_METADATA_TITLE,
        cs_renderer_options(rep->renderer)->words->book_title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                   "citysnap");
    /* Each page is a Figure with alternative text (added after cairo by
     * cs_render_pdf_accessible): the overview names the cities, a city's
     * page has its summary. Backgrounds are painted before the tags
     * start (see cs_scene_paint_checked). */
    const cs_render_options_t *ro = cs_renderer_options(rep->renderer);
    GPtrArray *alts = g_ptr_array_new_with_free_func(free);
    GString *names = g_string_new(ro->words->book_title);
    g_string_append(names, ":");
    for (size_t i = 0, k = 0; i < rep->n; i++)
        if (rep->jobs[i].pub.status == CS_OK)
            g_string_append_printf(names, "%s %s", k++ ? "," : "",
                                   rep->jobs[i].pub.entry->name);
    g_string_append_c(names, '.');
    g_ptr_array_add(alts, strdup(names->str));
    g_string_free(names, TRUE);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, ro->background.r, ro->background.g,
                         ro->background.b);
    cairo_paint(cr);
    cairo_tag_begin(cr, "Figure", "");
    draw_overview(rep, cr, w, h, n_ok);
    cairo_tag_end(cr, "Figure");
    cairo_show_page(cr);
    cs_status_t st = CS_OK;
    for (size_t i = 0; i < rep->n && st == CS_OK; i++) {
        city_job *j = &rep->jobs[i];
        if (j->pub.status != CS_OK)
            continue;
        cairo_set_source_rgb(cr, ro->background.r, ro->background.g,
                             ro->background.b);
        cairo_paint(cr);
        cs_scene_t *s = NULL;
        st = cs_scene_new_year(rep->renderer, j->scores, j->previous,
                               j->pub.entry->name, j->pub.entry->year, &s,
                               rep->diag);
        if (st == CS_OK)
            st = cs_scene_paint_checked(s, cr, TEXT_SAFE, CS_PART_ALL, 1,
                                        rep->diag);
        cairo_show_page(cr);
        if (st == CS_OK && rep->opts->book_tables)
            st = cs_report_pdf_tables(cr, rep->renderer, j->scores,
                                      j->previous, j->pub.entry->name, w, h,
                                      36, rep->diag);
        if (s)
            g_ptr_array_add(alts, strdup(cs_scene_summary(s)));
        cs_scene_free(s);
    }
    cairo_status_t cst = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (cst == CAIRO_STATUS_SUCCESS)
        cst = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st == CS_OK && cst != CAIRO_STATUS_SUCCESS)
        st = cs_diag_add(rep->diag, CS_ERR_RENDER, path, 0, 0,
                         "cannot draw the book: %s",
                         cairo_status_to_string(cst));
    if (st == CS_OK)
        cs_render_pdf_accessible(sink.bytes, ro->lang,
                                 (const char *const *)alts->pdata, alts->len);
    g_ptr_array_free(alts, TRUE);
    if (st == CS_OK)
        st = cs_write_file_atomic(path, sink.bytes->data, sink.bytes->len,
                                  rep->diag);
    g_byte_array_free(sink.bytes, TRUE);
    return st;
}
