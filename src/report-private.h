/* SPDX-License-Identifier: MIT */
/* The report's painters (src/report-html.c, src/report-pdf.c). */
#ifndef CS_REPORT_PRIVATE_H
#define CS_REPORT_PRIVATE_H

#include <glib.h>
#include <citysnap/report.h>

/* What both painters need: the renderer (framework, bands, style, words),
 * the city's scores and the table rows made from them. */
typedef struct cs_report_job {
    const cs_renderer_t *r;
    const cs_scores_t *scores;
    const cs_report_options_t *opts;
    const cs_report_table_t *table;
    const cs_describe_words_t *words;
    const char *lang;  /* BCP 47 tag of the texts */
    char *title;       /* the report's title (owned by the caller) */
} cs_report_job_t;

/* Appends the HTML document to @out. */
cs_status_t cs_report_html(const cs_report_job_t *job, GString *out,
                           cs_diag_t *diag);

/* Appends the PDF document to @out. */
cs_status_t cs_report_pdf(const cs_report_job_t *job, GByteArray *out,
                          cs_diag_t *diag);

/* The tables of one city drawn on @cr from a fresh page on (pages @pw x
 * @ph pt, margin @m pt), ending with cairo_show_page(): for the batch's
 * book. The texts and colours are @r's. */
#include <cairo.h>
cs_status_t cs_report_pdf_tables(cairo_t *cr, const cs_renderer_t *r,
                                 const cs_scores_t *scores,
                                 const cs_comparison_t *previous,
                                 const char *name, double pw, double ph,
                                 double m, cs_diag_t *diag);

#endif
