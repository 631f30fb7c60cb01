/* SPDX-License-Identifier: MIT */
/*
 * The city report: the KPI tables that sit beside the wheel in a council
 * report, in the U4SSC verification reports' order (dimension, then each
 * group, then its KPIs and data points), with every cell already written
 * out for the reader's language. The HTML and PDF painters lay these rows
 * out; they never format a number or choose a text themselves.
 *
 * Numbers go through cs_describe_number() and the texts through the
 * sentence frames (cs_describe_words_t), so a translation table changes
 * both ("97,0 %" and "95 424" in Norwegian).
 */
#ifndef CITYSNAP_REPORT_H
#define CITYSNAP_REPORT_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/score.h>
#include <citysnap/compare.h>
#include <citysnap/describe.h>
#include <citysnap/render.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The columns of a report table, in order. The last three exist only
 * with a previous verification (cs_report_table_has_previous). */
typedef enum cs_report_col {
    CS_REPORT_COL_NAME = 0,    /* KPI label, or the group/dimension name */
    CS_REPORT_COL_VALUE = 1,   /* value and unit; a group's or dimension's
                                  coverage ("10 of 12 KPIs scored") */
    CS_REPORT_COL_TARGET = 2,  /* "at most 10" when lower is better */
    CS_REPORT_COL_PERCENT = 3, /* % of target; a group's or dimension's %
                                  of the possible points */
    CS_REPORT_COL_BAND = 4,    /* band label (painted as a chip) */
    CS_REPORT_COL_PREVIOUS = 5,/* the previous value (group: score) */
    CS_REPORT_COL_CHANGE = 6,  /* "+2.5 (better)"; group: "+4.2 points" */
    CS_REPORT_COL_PROGRESS = 7,/* "up a band", "newly reported", ... */
    CS_REPORT_COL_COUNT
} cs_report_col_t;

typedef enum cs_report_row_kind {
    CS_REPORT_ROW_DIMENSION = 0,
    CS_REPORT_ROW_GROUP = 1,
    CS_REPORT_ROW_KPI = 2
} cs_report_row_kind_t;

/** One row. Strings are owned by the table, or borrowed from the
 * framework and band table it was made with (names, band labels): keep
 * those alive as long as the table. "" when a cell is empty. Without a
 * previous verification prev_band is nodata and change none. */
typedef struct cs_report_row {
    cs_report_row_kind_t kind;
    size_t index;       /* framework index of the KPI, group or dimension */
    const char *code;   /* KPI code; "" for groups and dimensions */
    const char *cells[CS_REPORT_COL_COUNT];
    cs_band_t band;     /* the band of the row (chip colour) */
    /* with a previous verification only: */
    cs_band_t prev_band;
    cs_change_t change; /* groups and dimensions: by their bands */
    cs_trend_t trend;
} cs_report_row_t;

typedef struct cs_report_table cs_report_table_t;

/**
 * Builds the rows of @fw's report for @scores (made with @fw), and when
 * @cmp is not NULL (cs_comparison_new() with @fw) the previous and change
 * columns. @bands gives the band labels, @w the texts and number format
 * (NULL: English). Returns CS_ERR_ARG for a NULL @fw, @bands, @scores or
 * @out, or scores or a comparison of another shape. Free with
 * cs_report_table_free().
 */
CS_API cs_status_t cs_report_table_new(const cs_framework_t *fw,
                                       const cs_bands_t *bands,
                                       const cs_scores_t *scores,
                                       const cs_comparison_t *cmp,
                                       const cs_describe_words_t *w,
                                       cs_report_table_t **out,
                                       cs_diag_t *diag);
/** NULL is allowed. */
CS_API void cs_report_table_free(cs_report_table_t *t);
/** Number of rows (0 for NULL). */
CS_API size_t cs_report_table_row_count(const cs_report_table_t *t);
/** Row @i, or NULL when out of range. Borrowed. */
CS_API const cs_report_row_t *cs_report_table_get_row(const cs_report_table_t *t,
                                                  size_t i);
/** 1 when made with a comparison (columns PREVIOUS to PROGRESS). */
CS_API int cs_report_table_has_previous(const cs_report_table_t *t);
/** Number of columns in use: CS_REPORT_COL_COUNT with a previous
 * verification, else CS_REPORT_COL_PREVIOUS. */
CS_API size_t cs_report_table_column_count(const cs_report_table_t *t);
/** The heading of column @c (borrowed), or NULL when out of range. */
CS_API const char *cs_report_table_heading(const cs_report_table_t *t,
                                           cs_report_col_t c);

/** What a report holds besides the tables. Initialise with
 * cs_report_options_init(). Strings are borrowed. */
typedef struct cs_report_options {
    const char *name;      /* city name (NULL: none) */
    const cs_comparison_t *previous; /* NULL: no progress columns */
    int wheel;             /* 1 (default): the wheel before the tables */
    int svg_text;          /* HTML: the wheel with editable <text> labels
                              (cs_output_t.svg_text) instead of outlines */
    /* PDF: the page (mm, default A4 portrait) and its margin (default
     * 15 mm). HTML ignores them. */
    double page_w_mm, page_h_mm, margin_mm;
} cs_report_options_t;

/** Fills @o with the defaults listed above; NULL allowed. */
CS_API void cs_report_options_init(cs_report_options_t *o);

/** Report formats. */
typedef enum cs_report_format {
    CS_REPORT_HTML = 0, /* one self-contained file: inline CSS, the wheel
                           as inline SVG, no scripts */
    CS_REPORT_PDF = 1,  /* a wheel page, then the tables (tagged PDF) */
    CS_REPORT_FORMAT_COUNT
} cs_report_format_t;

/** Format from @path's extension (.html, .htm, .pdf): CS_OK and *@out;
 * CS_ERR_INVALID for another extension, CS_ERR_ARG for NULL arguments. */
CS_API cs_status_t cs_report_format_from_path(const char *path,
                                              cs_report_format_t *out,
                                              cs_diag_t *diag);

/**
 * Writes the report of one city into memory: the wheel drawn by @r (its
 * framework, bands, style and words are the report's too), then the
 * tables. *@data (free()) and *@len on success. CS_ERR_ARG for NULL
 * arguments or an out-of-range @format. Deterministic.
 */
CS_API cs_status_t cs_report_to_memory(const cs_renderer_t *r,
                                       const cs_scores_t *scores,
                                       const cs_report_options_t *opts,
                                       cs_report_format_t format,
                                       unsigned char **data, size_t *len,
                                       cs_diag_t *diag);
/** The same into @path, atomically (see cs_write_file_atomic). */
CS_API cs_status_t cs_report_to_file(const cs_renderer_t *r,
                                     const cs_scores_t *scores,
                                     const cs_report_options_t *opts,
                                     cs_report_format_t format,
                                     const char *path, cs_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
