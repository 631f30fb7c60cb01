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

/* Draws the overview: every rendered wheel (its wheel box: wedges and
 * labels) scaled into a cell of a grid above one full-size legend and
 * source line, where a single page has them. */
static void
draw_overview(cs_batch_report_t *rep, cairo_t *cr, double w, double h,
              size_t n_ok)
{
    const cs_layout_t *l = cs_renderer_layout(rep->renderer);
    cs_rect_t wb = cs_layout_wheel_box(l), lb = cs_layout_legend_box(l);
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
    /* the grid shape that makes the wheels largest */
    size_t cols = 1;
    double best = 0;
    for (size_t c = 1; c <= n_ok; c++) {
        size_t rows = (n_ok + c - 1) / c;
        double sc =
            fmin(area_w / (double)c / wb.w, area_h / (double)rows / wb.h);
        if (sc > best + 1e-9) {
            best = sc;
            cols = c;
        }
    }
    size_t rows = (n_ok + cols - 1) / cols;
    double s = fmin(1, best);
    /* rows as tall as the wheels, the block centred in the area */
    double cw = area_w / (double)cols, ch = wb.h * s;
    double top = (area_h - ch * (double)rows) / 2;
    size_t k = 0;
    for (size_t i = 0; i < rep->n; i++) {
        city_job *j = &rep->jobs[i];
        if (j->pub.status != CS_OK)
            continue;
        /* the last row centred */
        size_t row = k / cols, col = k % cols;
        size_t in_row = row + 1 == rows ? n_ok - row * cols : cols;
        double x0 = (area_w - (double)in_row * cw) / 2 + (double)col * cw;
        double x = x0 + (cw - wb.w * s) / 2 - wb.x * s;
        double y = top + (double)row * ch - wb.y * s;
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, s, s);
        cs_render_draw_parts(rep->renderer, cr, j->scores, j->pub.entry->name,
                             CS_PART_WHEEL, NULL);
        cairo_restore(cr);
        k++;
    }
    cs_render_draw_parts(rep->renderer, cr, NULL, NULL, CS_PART_LEGEND,
                         NULL);
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
     * start (see cs_render_draw_figure). */
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
        st = cs_render_draw_figure(rep->renderer, cr, j->scores, j->previous,
                                   j->pub.entry->name, rep->diag);
        cairo_show_page(cr);
        g_ptr_array_add(alts, cs_describe_summary_text(
                                  cs_renderer_framework(rep->renderer),
                                  cs_renderer_bands(rep->renderer), j->scores,
                                  j->pub.entry->name, ro->words));
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
