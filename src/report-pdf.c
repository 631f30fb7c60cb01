/* SPDX-License-Identifier: MIT */
/*
 * The report as PDF: a page with the wheel (as `render --page`), then the
 * tables drawn with cairo and pango in the bundled fonts. Cells wrap
 * (long words break too), so nothing is clipped; a table that reaches
 * the bottom of a page goes on on the next one under its caption and
 * column headers again. Band chips are swatches painted like the legend's
 * (colour and the style's hatch), so a greyscale print still reads. The
 * wheel is a tagged Figure with its summary as alternative text, each
 * table a Table of TR, TH and TD elements.
 */
#include "cs-private.h"
#include "report-private.h"
#include "render-private.h"
#include "describe-private.h"
#include "fonts-private.h"
#include "scene-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define MM_PT (72.0 / 25.4)
#define PAD 2.5    /* cell padding (pt) */
#define CHIP 6.5   /* the previous band's swatch (pt) */

typedef struct pdf_ctx {
    const cs_report_job_t *job;
    const cs_renderer_t *r;
    cairo_t *cr;
    PangoLayout *lay;
    const char *family;
    double pw, ph, m;   /* page and margin (pt) */
    double y;           /* next free line on the page */
    double size;        /* body text size (pt) */
    size_t nc;          /* columns */
    double colx[CS_REPORT_COL_COUNT + 1];
    int used;           /* something is drawn on this page */
    int in_table;       /* a Table element is open */
    const char *caption;/* the caption of the table being drawn */
} pdf_ctx;

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Sets the layout up for @text in @width pt; returns its height (pt). */
static double
layout(pdf_ctx *p, const char *text, double width, int bold, double size,
       PangoAlignment align)
{
    PangoFontDescription *d = cs_font_desc(p->family, bold, size);
    pango_layout_set_font_description(p->lay, d);
    pango_font_description_free(d);
    pango_layout_set_width(p->lay, (int)floor(fmax(width, 1) * PANGO_SCALE));
    pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(p->lay, align);
    pango_layout_set_text(p->lay, text ? text : "", -1);
    int w, h;
    pango_layout_get_size(p->lay, &w, &h);
    return h / (double)PANGO_SCALE;
}

static void
show(pdf_ctx *p, double x, double y, cs_rgb_t c)
{
    cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->lay);
}

static const cs_rgb_t ink = {0.13, 0.13, 0.13};
static const cs_rgb_t grey = {0.35, 0.35, 0.35};

static double
col_w(const pdf_ctx *p, size_t c)
{
    return p->colx[c + 1] - p->colx[c] - 2 * PAD;
}

static PangoAlignment
col_align(size_t c)
{
    return c == CS_REPORT_COL_VALUE || c == CS_REPORT_COL_TARGET ||
                   c == CS_REPORT_COL_PERCENT ||
                   c == CS_REPORT_COL_PREVIOUS || c == CS_REPORT_COL_CHANGE
               ? PANGO_ALIGN_RIGHT
               : PANGO_ALIGN_LEFT;
}

/* KPI names sit a little in from their group's. */
static double
name_indent(const cs_report_row_t *row)
{
    return row->kind == CS_REPORT_ROW_KPI ? 6 : 0;
}

/* Height of the text of cell @c of @row (without padding): the same
 * layouts draw_row() draws. */
static double
cell_h(pdf_ctx *p, const cs_report_row_t *row, size_t c)
{
    int bold = row->kind != CS_REPORT_ROW_KPI;
    double w = col_w(p, c);
    if (c == CS_REPORT_COL_BAND)
        return layout(p, row->cells[c], w - 2 * PAD, bold, p->size,
                      PANGO_ALIGN_LEFT) +
               2 * PAD;
    if (c == CS_REPORT_COL_PREVIOUS && row->prev_band != CS_BAND_NODATA)
        w -= CHIP + PAD;
    if (c == CS_REPORT_COL_NAME)
        w -= name_indent(row);
    double h = layout(p, row->cells[c], w, bold && c == 0, p->size,
                      col_align(c));
    if (c == CS_REPORT_COL_NAME && *row->code)
        h += layout(p, row->code, w, 0, p->size * 0.8, PANGO_ALIGN_LEFT);
    return h;
}

static double
row_h(pdf_ctx *p, const cs_report_row_t *row)
{
    double h = 0;
    for (size_t c = 0; c < p->nc; c++)
        h = fmax(h, cell_h(p, row, c));
    return h + 2 * PAD;
}

static double
header_h(pdf_ctx *p)
{
    double h = 0;
    for (size_t c = 0; c < p->nc; c++)
        h = fmax(h, layout(p, cs_report_table_heading(p->job->table,
                                                      (cs_report_col_t)c),
                           col_w(p, c), 1, p->size, col_align(c)));
    return h + 2 * PAD;
}

static double
caption_h(pdf_ctx *p)
{
    return layout(p, p->caption, p->pw - 2 * p->m, 1, p->size * 1.35,
                  PANGO_ALIGN_LEFT) +
           4;
}

static void
hline(pdf_ctx *p, double y, double width, double grey_level)
{
    cairo_set_source_rgb(p->cr, grey_level, grey_level, grey_level);
    cairo_set_line_width(p->cr, width);
    cairo_move_to(p->cr, p->m, y);
    cairo_line_to(p->cr, p->pw - p->m, y);
    cairo_stroke(p->cr);
}

static void
draw_header(pdf_ctx *p)
{
    double h = caption_h(p);
    cairo_tag_begin(p->cr, "Caption", "");
    show(p, p->m, p->y, ink);
    cairo_tag_end(p->cr, "Caption");
    p->y += h;
    h = header_h(p);
    cairo_tag_begin(p->cr, "TR", "");
    for (size_t c = 0; c < p->nc; c++) {
        layout(p, cs_report_table_heading(p->job->table, (cs_report_col_t)c),
               col_w(p, c), 1, p->size, col_align(c));
        cairo_tag_begin(p->cr, "TH", "");
        show(p, p->colx[c] + PAD, p->y + PAD, ink);
        cairo_tag_end(p->cr, "TH");
    }
    cairo_tag_end(p->cr, "TR");
    p->y += h;
    hline(p, p->y, 1, 0.2);
    p->used = 1;
}

static void
table_begin(pdf_ctx *p)
{
    cairo_tag_begin(p->cr, "Table", "");
    p->in_table = 1;
    draw_header(p);
}

static void
table_end(pdf_ctx *p)
{
    if (p->in_table)
        cairo_tag_end(p->cr, "Table");
    p->in_table = 0;
}

static void
new_page(pdf_ctx *p)
{
    int table = p->in_table;
    table_end(p);
    if (p->used)
        cairo_show_page(p->cr);
    p->used = 0;
    p->y = p->m;
    if (table)
        table_begin(p); /* the caption and headers again */
}

static void
draw_row(pdf_ctx *p, const cs_report_row_t *row)
{
    double h = row_h(p, row);
    double bottom = p->ph - p->m;
    if (p->y + h > bottom)
        new_page(p);
    cairo_t *cr = p->cr;
    double y = p->y;
    if (row->kind != CS_REPORT_ROW_KPI) {
        double g = row->kind == CS_REPORT_ROW_DIMENSION ? 0.9 : 0.955;
        cairo_set_source_rgb(cr, g, g, g);
        cairo_rectangle(cr, p->m, y, p->pw - 2 * p->m, h);
        cairo_fill(cr);
    }
    int bold = row->kind != CS_REPORT_ROW_KPI;
    cairo_tag_begin(cr, "TR", "");
    for (size_t c = 0; c < p->nc; c++) {
        double x = p->colx[c] + PAD, w = col_w(p, c);
        cairo_tag_begin(cr, c == 0 ? "TH" : "TD", "");
        if (c == CS_REPORT_COL_BAND) {
            double th = layout(p, row->cells[c], w - 2 * PAD, bold, p->size,
                               PANGO_ALIGN_LEFT);
            cs_paint_swatch(p->r, cr, row->band, x, y + PAD, w, th + 2 * PAD);
            layout(p, row->cells[c], w - 2 * PAD, bold, p->size,
                   PANGO_ALIGN_LEFT);
            show(p, x + PAD, y + 2 * PAD,
                 cs_scene_band_paint(p->r, row->band).text);
        } else if (c == CS_REPORT_COL_NAME) {
            double indent = name_indent(row);
            double th = layout(p, row->cells[c], w - indent, bold, p->size,
                               PANGO_ALIGN_LEFT);
            show(p, x + indent, y + PAD, ink);
            if (*row->code) {
                layout(p, row->code, w - indent, 0, p->size * 0.8,
                       PANGO_ALIGN_LEFT);
                show(p, x + indent, y + PAD + th, grey);
            }
        } else {
            double tw = w;
            if (c == CS_REPORT_COL_PREVIOUS &&
                row->prev_band != CS_BAND_NODATA) {
                cs_paint_swatch(p->r, cr, row->prev_band, x, y + PAD + 1,
                                CHIP, CHIP);
                cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
                cairo_set_line_width(cr, 0.3);
                cairo_rectangle(cr, x, y + PAD + 1, CHIP, CHIP);
                cairo_stroke(cr);
                tw -= CHIP + PAD;
            }
            layout(p, row->cells[c], tw, bold && c == 0, p->size,
                   col_align(c));
            show(p, x + (w - tw), y + PAD, ink);
        }
        cairo_tag_end(cr, c == 0 ? "TH" : "TD");
    }
    cairo_tag_end(cr, "TR");
    p->y += h;
    hline(p, p->y, 0.4, 0.78);
    p->used = 1;
}

/* A block of text (title, progress lines, note) across the page. */
static void
paragraph(pdf_ctx *p, const char *text, int bold, double size,
          const char *tag)
{
    double h = layout(p, text, p->pw - 2 * p->m, bold, size,
                      PANGO_ALIGN_LEFT);
    if (p->y + h > p->ph - p->m)
        new_page(p);
    layout(p, text, p->pw - 2 * p->m, bold, size, PANGO_ALIGN_LEFT);
    cairo_tag_begin(p->cr, tag, "");
    show(p, p->m, p->y, ink);
    cairo_tag_end(p->cr, tag);
    p->y += h + size * 0.5;
    p->used = 1;
}

/* Column widths (fractions of the text width); names get the most. */
static void
columns(pdf_ctx *p)
{
    static const double five[] = {0.36, 0.22, 0.14, 0.10, 0.18};
    static const double eight[] = {0.22, 0.135, 0.10, 0.075,
                                   0.12, 0.11,  0.13, 0.11};
    const double *f = p->nc == CS_REPORT_COL_COUNT ? eight : five;
    double x = p->m, tw = p->pw - 2 * p->m;
    for (size_t c = 0; c < p->nc; c++) {
        p->colx[c] = x;
        x += f[c] * tw;
    }
    p->colx[p->nc] = p->pw - p->m;
}

static void
draw_tables(pdf_ctx *p)
{
    const cs_report_job_t *job = p->job;
    const cs_framework_t *fw = cs_renderer_framework(p->r);
    paragraph(p, job->title, 1, 16, "H1");
    if (job->opts->previous) {
        paragraph(p, job->words->report_progress, 1, 11, "H2");
        char *pr = cs_describe_progress_text(fw, job->opts->previous,
                                             job->scores, job->words);
        char **lines = g_strsplit(pr ? pr : "", "\n", -1);
        for (char **l = lines; *l; l++)
            if (**l)
                paragraph(p, *l, 0, p->size + 1, "P");
        g_strfreev(lines);
        free(pr);
        p->y += 4;
    }
    const char *name = job->opts->name && *job->opts->name ? job->opts->name
                                                           : "City";
    size_t n = cs_report_table_row_count(job->table);
    char *caption = NULL;
    for (size_t i = 0; i < n; i++) {
        const cs_report_row_t *row = cs_report_table_get_row(job->table, i);
        if (row->kind == CS_REPORT_ROW_DIMENSION) {
            table_end(p);
            free(caption);
            const char *keys[] = {"name", "dimension", NULL};
            const char *vals[] = {name, row->cells[CS_REPORT_COL_NAME]};
            caption = cs_describe_fill(job->words->report_caption, keys, vals);
            p->caption = caption ? caption : "";
            if (p->y > p->m)
                p->y += 10;
            /* caption, headers and two rows on one page, else a new one */
            double need = caption_h(p) + header_h(p) + row_h(p, row) +
                          (i + 1 < n ? row_h(p, cs_report_table_get_row(
                                                    job->table, i + 1))
                                     : 0);
            if (p->y + need > p->ph - p->m)
                new_page(p);
            table_begin(p);
        } else if (row->kind == CS_REPORT_ROW_GROUP && i + 1 < n) {
            /* a group's row stays with its first KPI */
            const cs_report_row_t *next =
                cs_report_table_get_row(job->table, i + 1);
            if (p->y + row_h(p, row) + row_h(p, next) > p->ph - p->m)
                new_page(p);
        }
        draw_row(p, row);
    }
    table_end(p);
    free(caption);
    p->caption = NULL;
    p->y += 6;
    paragraph(p, job->words->report_note, 0, p->size, "P");
    char *col = cs_describe_colours_text(job->scores, job->words);
    if (col)
        paragraph(p, col, 0, p->size, "P");
    free(col);
}

/* The tables of @job on @cr from a fresh page on, pages @pw x @ph pt with
 * margin @m; the last page is shown. */
static cs_status_t
tables_on(const cs_report_job_t *job, cairo_t *cr, double pw, double ph,
          double m, cs_diag_t *diag)
{
    const cs_renderer_t *r = job->r;
    const cs_render_options_t *ro = cs_renderer_options(r);
    pdf_ctx p = {
        .job = job,
        .r = r,
        .cr = cr,
        .pw = pw,
        .ph = ph,
        .m = m,
        .nc = cs_report_table_column_count(job->table),
    };
    p.size = p.nc == CS_REPORT_COL_COUNT ? 7.5 : 8.5;
    columns(&p);
    cs_text_ctx_t *tc = cs_text_ctx_acquire(cs_renderer_fonts(r));
    if (!tc)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    p.lay = pango_layout_new(tc->pc);
    p.family = ro->labels.kpi.family ? ro->labels.kpi.family : tc->family;
    cairo_save(cr);
    cairo_set_font_options(cr, cs_fonts_options(cs_renderer_fonts(r)));
    p.y = p.m;
    draw_tables(&p);
    table_end(&p);
    cairo_restore(cr);
    if (p.used)
        cairo_show_page(cr);
    g_object_unref(p.lay);
    cs_text_ctx_release(cs_renderer_fonts(r), tc);
    return CS_OK;
}

cs_status_t
cs_report_pdf_tables(cairo_t *cr, const cs_renderer_t *r,
                     const cs_scores_t *scores,
                     const cs_comparison_t *previous, const char *name,
                     double pw, double ph, double m, cs_diag_t *diag)
{
    cs_report_options_t opts;
    cs_report_options_init(&opts);
    opts.name = name;
    opts.previous = previous;
    const cs_render_options_t *ro = cs_renderer_options(r);
    cs_report_job_t job = {
        .r = r,
        .scores = scores,
        .opts = &opts,
        .words = ro->words,
        .lang = ro->lang,
    };
    cs_report_table_t *t = NULL;
    cs_status_t st = cs_report_table_new(cs_renderer_framework(r),
                                         cs_renderer_bands(r), scores,
                                         previous, job.words, &t, diag);
    if (st != CS_OK)
        return st;
    job.table = t;
    const char *keys[] = {"name", NULL};
    const char *vals[] = {name && *name ? name : "City"};
    job.title = cs_describe_fill(job.words->report_title, keys, vals);
    st = job.title ? tables_on(&job, cr, pw, ph, m, diag)
                   : cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory");
    free(job.title);
    cs_report_table_free(t);
    return st;
}

cs_status_t
cs_report_pdf(const cs_report_job_t *job, GByteArray *out, cs_diag_t *diag)
{
    const cs_renderer_t *r = job->r;
    const cs_render_options_t *ro = cs_renderer_options(r);
    double pw = job->opts->page_w_mm * MM_PT, ph = job->opts->page_h_mm * MM_PT;
    cairo_surface_t *surf =
        cairo_pdf_surface_create_for_stream(pdf_write, out, pw, ph);
    char date[32];
    cs_render_pdf_date(date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, job->title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                   "citysnap");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS,
                                   "U4SSC, city snapshot, KPI, sustainable "
                                   "cities, city report");
    cairo_t *cr = cairo_create(surf);
    cs_status_t st = CS_OK;
    char *alt = NULL;
    if (job->opts->wheel) {
        cs_output_t o;
        cs_output_init(&o);
        o.format = CS_FORMAT_PDF;
        o.page_w_mm = job->opts->page_w_mm;
        o.page_h_mm = job->opts->page_h_mm;
        o.margin_mm = job->opts->margin_mm;
        double w, h, scale, x, y;
        st = cs_renderer_output_place(r, CS_FORMAT_PDF, &o, &w, &h, &scale, &x,
                                      &y, diag);
        if (st == CS_OK) {
            cairo_set_source_rgb(cr, ro->background.r, ro->background.g,
                                 ro->background.b);
            cairo_paint(cr);
            cairo_save(cr);
            cairo_translate(cr, x, y);
            cairo_scale(cr, scale, scale);
            cs_scene_t *sc = NULL;
            st = cs_scene_new(r, job->scores, job->opts->previous,
                              job->opts->name, &sc, diag);
            if (st == CS_OK)
                st = cs_scene_paint_checked(sc, cr, TEXT_SAFE, CS_PART_ALL,
                                            1, diag);
            cairo_restore(cr);
            cairo_show_page(cr);
            alt = sc ? strdup(cs_scene_summary(sc)) : NULL;
            cs_scene_free(sc);
        }
    }
    if (st == CS_OK)
        st = tables_on(job, cr, pw, ph, job->opts->margin_mm * MM_PT, diag);
    cairo_status_t cst = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (cst == CAIRO_STATUS_SUCCESS)
        cst = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st == CS_OK && cst != CAIRO_STATUS_SUCCESS)
        st = cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                         "cannot draw the report: %s",
                         cairo_status_to_string(cst));
    if (st == CS_OK) {
        const char *alts[] = {alt ? alt : ""};
        cs_render_pdf_accessible(out, job->lang, alts, alt ? 1 : 0);
    }
    free(alt);
    return st;
}
