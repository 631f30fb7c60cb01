/* SPDX-License-Identifier: MIT */
/*
 * The report as one self-contained HTML file: inline CSS, the wheel as
 * inline SVG, no scripts; one captioned <table> per dimension with column
 * and row headers, fit to paste into a council report or a web page.
 * Every text from a user (city name, labels, units) is escaped.
 */
#include "cs-private.h"
#include "report-private.h"
#include "render-private.h"
#include "describe-private.h"
#include "scene-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void
esc(GString *g, const char *s)
{
    char *e = g_markup_escape_text(s ? s : "", -1);
    g_string_append(g, e);
    g_free(e);
}

static void
hex(GString *g, cs_rgb_t c)
{
    g_string_append_printf(g, "#%02x%02x%02x", (int)lround(c.r * 255),
                           (int)lround(c.g * 255), (int)lround(c.b * 255));
}

static void
css_len(GString *g, double px)
{
    char b[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(g, g_ascii_formatd(b, sizeof b, "%.2f", px));
    g_string_append(g, "px");
}

/* A stripe layer at @deg degrees: lines @w wide every @s. */
static void
css_stripes(GString *g, int deg, cs_rgb_t hc, double w, double s)
{
    g_string_append_printf(g, "repeating-linear-gradient(%ddeg,", deg);
    hex(g, hc);
    g_string_append(g, " 0 ");
    css_len(g, w);
    g_string_append(g, ",transparent ");
    css_len(g, w);
    g_string_append(g, " ");
    css_len(g, s);
    g_string_append(g, ")");
}

/* One class per band for the chips: the wedges' colour, text colour and
 * hatch (the style's), as the wheel paints them (the scene's paint). */
static void
band_css(GString *g, const cs_renderer_t *r)
{
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        cs_scene_paint_t p = cs_scene_band_paint(r, (cs_band_t)i);
        /* design units are pt; CSS px are 3/4 pt */
        double w = fmax(p.hatch_width * 4 / 3, 0.75);
        double s = p.hatch_spacing * 4 / 3;
        cs_rgb_t hc = p.hatch_color;
        g_string_append_printf(g, ".b-%s{background-color:",
                               cs_band_key((cs_band_t)i));
        hex(g, p.fill);
        g_string_append(g, ";color:");
        hex(g, p.text);
        cs_hatch_t h = p.hatch;
        if (h != CS_HATCH_NONE)
            g_string_append(g, ";background-image:");
        switch (h) {
        case CS_HATCH_NONE:
            break;
        case CS_HATCH_DIAGONAL: /* "/" */
            css_stripes(g, 135, hc, w, s);
            break;
        case CS_HATCH_BACKDIAGONAL: /* "\" */
            css_stripes(g, 45, hc, w, s);
            break;
        case CS_HATCH_CROSS:
            css_stripes(g, 135, hc, w, s);
            g_string_append_c(g, ',');
            css_stripes(g, 45, hc, w, s);
            break;
        case CS_HATCH_HORIZONTAL:
            css_stripes(g, 0, hc, w, s);
            break;
        case CS_HATCH_VERTICAL:
            css_stripes(g, 90, hc, w, s);
            break;
        case CS_HATCH_DOTS:
        case CS_HATCH_COUNT:
            g_string_append(g, "radial-gradient(circle,");
            hex(g, hc);
            g_string_append(g, " 0 ");
            css_len(g, w);
            g_string_append(g, ",transparent ");
            css_len(g, w + 0.5);
            g_string_append(g, ");background-size:");
            css_len(g, s);
            g_string_append_c(g, ' ');
            css_len(g, s);
            break;
        }
        g_string_append(g, "}\n");
    }
}

static const char css[] =
    "body{font-family:Lato,\"Helvetica Neue\",Arial,sans-serif;color:#222;"
    "max-width:62rem;margin:1.5rem auto;padding:0 1rem;line-height:1.35;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "h1{font-size:1.6rem;margin:0 0 1rem}\n"
    "h2{font-size:1.2rem}\n"
    "figure.wheel{margin:0 0 1.5rem}\n"
    "figure.wheel svg{display:block;width:100%;max-width:44rem;height:auto;"
    "margin:0 auto}\n"
    "figure.wheel figcaption p{margin:.2rem 0;font-size:.9rem}\n"
    "table.report{border-collapse:collapse;width:100%;margin:0 0 1.5rem;"
    "font-size:.9rem}\n"
    "caption{text-align:left;font-weight:bold;font-size:1.1rem;"
    "padding:.4rem 0}\n"
    "th,td{border-bottom:1px solid #ccc;padding:.3rem .4rem;text-align:left;"
    "vertical-align:top}\n"
    "thead th{border-bottom:2px solid #333}\n"
    "td.num{text-align:right}\n"
    "td.nowrap{white-space:nowrap}\n"
    "tr.dimension>*{background:#e8e8e8;font-weight:bold}\n"
    "tr.group>*{background:#f5f5f5;font-weight:bold}\n"
    "tr.kpi th{font-weight:normal;padding-left:1.2rem}\n"
    ".code{display:block;color:#595959;font-size:.8em}\n"
    ".chip{display:inline-block;padding:.1rem .4rem;border-radius:.2rem;"
    "border:1px solid rgba(0,0,0,.25);font-size:.85em}\n"
    ".prev .chip{margin-left:.3rem}\n"
    ".note{font-size:.85rem;color:#444}\n"
    /* a narrow screen scrolls a wide table sideways instead of cutting it */
    ".table-wrap{overflow-x:auto;margin:0 0 1.5rem}\n"
    ".table-wrap table.report{margin:0}\n"
    "@media (max-width:40rem){table.report{font-size:.75rem}"
    "th,td{padding:.25rem .3rem}}\n"
    "@media print{thead{display:table-header-group}tr{break-inside:avoid}"
    "table.report{break-before:auto}.table-wrap{overflow:visible}}\n";

static void
chip(GString *g, const cs_bands_t *b, cs_band_t band)
{
    g_string_append_printf(g, "<span class=\"chip b-%s\">", cs_band_key(band));
    esc(g, cs_bands_label(b, band));
    g_string_append(g, "</span>");
}

static const char *const row_class[] = {"dimension", "group", "kpi"};

static void
row_html(GString *g, const cs_report_job_t *job, const cs_report_row_t *row)
{
    const cs_bands_t *b = cs_renderer_bands(job->r);
    size_t nc = cs_report_table_column_count(job->table);
    g_string_append_printf(g, "<tr class=\"%s\">", row_class[row->kind]);
    g_string_append_printf(g, "<th scope=\"%s\">",
                           row->kind == CS_REPORT_ROW_GROUP ? "rowgroup"
                                                            : "row");
    esc(g, row->cells[CS_REPORT_COL_NAME]);
    if (row->kind == CS_REPORT_ROW_KPI) {
        g_string_append(g, "<span class=\"code\">");
        esc(g, row->code);
        g_string_append(g, "</span>");
    }
    g_string_append(g, "</th>");
    for (size_t c = 1; c < nc; c++) {
        const char *cell = row->cells[c];
        switch (c) {
        case CS_REPORT_COL_BAND:
            g_string_append(g, "<td>");
            chip(g, b, row->band);
            break;
        case CS_REPORT_COL_PREVIOUS:
            g_string_append(g, "<td class=\"num prev\">");
            esc(g, cell);
            if (row->prev_band != CS_BAND_NODATA)
                chip(g, b, row->prev_band);
            break;
        case CS_REPORT_COL_PROGRESS:
            g_string_append_printf(g, "<td class=\"change-%s\">",
                                   cs_change_key(row->change));
            esc(g, cell);
            break;
        case CS_REPORT_COL_VALUE:
            g_string_append(g, row->kind == CS_REPORT_ROW_KPI
                                   ? "<td class=\"num\">"
                                   : "<td>");
            esc(g, cell);
            break;
        default:
            g_string_append(g, "<td class=\"num nowrap\">");
            esc(g, cell);
            break;
        }
        g_string_append(g, "</td>");
    }
    g_string_append(g, "</tr>\n");
}

static void
tables_html(GString *g, const cs_report_job_t *job)
{
    const cs_report_table_t *t = job->table;
    size_t nc = cs_report_table_column_count(t);
    const char *name = job->opts->name && *job->opts->name ? job->opts->name
                                                           : "City";
    size_t n = cs_report_table_row_count(t);
    int open = 0, open_body = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_report_row_t *row = cs_report_table_get_row(t, i);
        if (row->kind == CS_REPORT_ROW_DIMENSION) {
            if (open_body)
                g_string_append(g, "</tbody>\n");
            if (open)
                g_string_append(g, "</table>\n</div>\n");
            const char *keys[] = {"name", "dimension", NULL};
            const char *vals[] = {name, row->cells[CS_REPORT_COL_NAME]};
            char *cap = cs_describe_fill(job->words->report_caption, keys,
                                         vals);
            g_string_append(g, "<div class=\"table-wrap\">\n"
                               "<table class=\"report\">\n<caption>");
            esc(g, cap);
            free(cap);
            g_string_append(g, "</caption>\n<thead><tr>");
            for (size_t c = 0; c < nc; c++) {
                g_string_append(g, "<th scope=\"col\">");
                esc(g, cs_report_table_heading(t, (cs_report_col_t)c));
                g_string_append(g, "</th>");
            }
            g_string_append(g, "</tr></thead>\n<tbody>\n");
            open = open_body = 1;
        } else if (row->kind == CS_REPORT_ROW_GROUP) {
            g_string_append(g, "</tbody>\n<tbody>\n");
        }
        row_html(g, job, row);
    }
    if (open_body)
        g_string_append(g, "</tbody>\n");
    if (open)
        g_string_append(g, "</table>\n</div>\n");
}

/* The wheel as inline SVG: citysnap's own SVG without its XML prolog. */
static cs_status_t
wheel_svg(GString *g, const cs_report_job_t *job, cs_diag_t *diag)
{
    cs_output_t out;
    cs_output_init(&out);
    out.format = CS_FORMAT_SVG;
    out.svg_text = job->opts->svg_text ? 1 : 0;
    out.previous = job->opts->previous;
    unsigned char *svg = NULL;
    size_t len = 0;
    cs_status_t st = cs_renderer_to_memory(job->r, job->scores, job->opts->name,
                                         &out, &svg, &len, NULL, diag);
    if (st != CS_OK)
        return st;
    const char *start = g_strstr_len((const char *)svg, (gssize)len, "<svg");
    if (!start) {
        free(svg);
        return cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                           "the wheel's SVG has no <svg> element");
    }
    g_string_append(g, "<svg role=\"img\"");
    g_string_append_len(g, start + 4, (gssize)(len - (size_t)(start + 4 -
                                                      (const char *)svg)));
    free(svg);
    return CS_OK;
}

/* Lines of @text as paragraphs. */
static void
paragraphs(GString *g, const char *text)
{
    char **lines = g_strsplit(text ? text : "", "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!**l)
            continue;
        g_string_append(g, "<p>");
        esc(g, *l);
        g_string_append(g, "</p>\n");
    }
    g_strfreev(lines);
}

cs_status_t
cs_report_html(const cs_report_job_t *job, GString *g, cs_diag_t *diag)
{
    const cs_framework_t *fw = cs_renderer_framework(job->r);
    g_string_append(g, "<!DOCTYPE html>\n<html lang=\"");
    esc(g, job->lang);
    g_string_append(g, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, "
                       "initial-scale=1\">\n<title>");
    esc(g, job->title);
    g_string_append(g, "</title>\n<style>\n");
    g_string_append(g, css);
    band_css(g, job->r);
    g_string_append(g, "</style>\n</head>\n<body>\n<main>\n<h1>");
    esc(g, job->title);
    g_string_append(g, "</h1>\n");
    if (job->opts->wheel) {
        g_string_append(g, "<figure class=\"wheel\">\n");
        cs_status_t st = wheel_svg(g, job, diag);
        if (st != CS_OK)
            return st;
        char *sum = cs_describe_summary_text(fw, cs_renderer_bands(job->r),
                                          job->scores, job->opts->name,
                                          job->words);
        g_string_append(g, "<figcaption>\n");
        paragraphs(g, sum);
        free(sum);
        g_string_append(g, "</figcaption>\n</figure>\n");
    }
    if (job->opts->previous) {
        char *p = cs_describe_progress_text(fw, job->opts->previous, job->scores,
                                       job->words);
        if (!p)
            return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                               "out of memory");
        g_string_append(g, "<section class=\"progress\">\n<h2>");
        esc(g, job->words->report_progress);
        g_string_append(g, "</h2>\n");
        paragraphs(g, p);
        free(p);
        g_string_append(g, "</section>\n");
    }
    tables_html(g, job);
    g_string_append(g, "<p class=\"note\">");
    esc(g, job->words->report_note);
    /* where the colours come from (illustrative targets say so) */
    char *col = cs_describe_colours_text(job->scores, job->words);
    if (col) {
        g_string_append(g, "</p>\n<p class=\"note\">");
        esc(g, col);
        free(col);
    }
    g_string_append(g, "</p>\n</main>\n</body>\n</html>\n");
    return CS_OK;
}
