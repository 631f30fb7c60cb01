/* SPDX-License-Identifier: MIT */
/*
 * What the sheet readers (sheet-text.c, sheet-xlsx.c, sheet-ods.c,
 * sheet-xls.c) share: a builder that collects cells in any order, checks
 * the limits of sheet-private.h as they come, and assembles the grid.
 * Internal to the readers; callers use sheet-private.h.
 */
#ifndef CS_SHEET_READ_PRIVATE_H
#define CS_SHEET_READ_PRIVATE_H

#include "sheet-private.h"

typedef struct cs_sheet_builder cs_sheet_builder_t;

/** A new builder for a sheet of @file (copied). NULL when out of memory. */
cs_sheet_builder_t *cs_sheet_builder_new(const char *file,
                                         cs_sheet_format_t format);
/** Frees @b (NULL allowed); a sheet it finished is not affected. */
void cs_sheet_builder_free(cs_sheet_builder_t *b);

/** Sets the sheet's name (copied). 0 on success, -1 when out of memory. */
int cs_sheet_builder_set_name(cs_sheet_builder_t *b, const char *name);
/** Appends @name to the workbook's sheet list (at most
 *  CS_SHEET_MAX_SHEETS; the caller checks). 0, or -1 when out of memory. */
int cs_sheet_builder_add_book_name(cs_sheet_builder_t *b, const char *name);
/** Sheet names added so far. */
size_t cs_sheet_builder_book_count(const cs_sheet_builder_t *b);
/** Text files: the encoding and the delimiter. */
void cs_sheet_builder_set_text(cs_sheet_builder_t *b, cs_csv_encoding_t enc,
                               char delimiter);

/**
 * Stores @cell at its row and col (1-based; a later cell at the same place
 * replaces an earlier one). Its text (NUL-terminated, @cell->len bytes,
 * no NUL inside) is copied, once for equal texts.
 * Limits: row, column, text length and cell count; crossing one adds a
 * diagnostic at the cell and returns CS_ERR_LIMIT.
 */
cs_status_t cs_sheet_builder_put(cs_sheet_builder_t *b,
                                 const cs_sheet_cell_t *cell,
                                 cs_diag_t *diag);

/** Notes a merged region (1-based, inclusive; clipped to the grid). */
cs_status_t cs_sheet_builder_merge(cs_sheet_builder_t *b, unsigned row1,
                                   unsigned col1, unsigned row2,
                                   unsigned col2, cs_diag_t *diag);

/**
 * Adds a diagnostic at (@row, @col) of the sheet being built (both 0: the
 * sheet as a whole, "FILE:Sheet1"); returns @status.
 */
cs_status_t cs_sheet_builder_diag(const cs_sheet_builder_t *b,
                                  cs_diag_t *diag, cs_status_t status,
                                  unsigned row, unsigned col,
                                  const char *fmt, ...) CS_PRINTF(6, 7);

/**
 * Assembles the grid into *@out (NULL on failure; the builder is freed
 * either way). Fails with CS_ERR_LIMIT when the rectangle holds more than
 * CS_SHEET_MAX_CELLS cells.
 */
cs_status_t cs_sheet_builder_finish(cs_sheet_builder_t *b, cs_sheet_t **out,
                                    cs_diag_t *diag);

/*
 * Number formats (sheet-numfmt.c). A format code is Excel's ("0.00%",
 * "#,##0", "[$-414]d. mmmm yyyy", "General"); only its first section
 * (before ';') is looked at.
 */
/** The code of built-in format @id (ECMA-376 18.8.30), NULL when @id is
 *  not a built-in one. */
const char *cs_numfmt_builtin(unsigned id);
/** Whether @code shows a percentage (a '%' outside quotes, brackets and
 *  escapes) and whether it shows a date or time (y, m, d, h or s there). */
void cs_numfmt_classify(const char *code, int *percent, int *date);
/**
 * The text a spreadsheet shows for @v in format @code (NULL: General):
 * decimals, '%' (v * 100), ',' grouping and scientific notation as the
 * code says, dates as YYYY-MM-DD (HH:MM:SS) from the 1900 serial day
 * number; other elements are ignored. New string, free with g_free().
 */
char *cs_numfmt_display(double v, const char *code);

/* The readers. Each returns a sheet in *@out or NULL and a diagnostic. */
cs_status_t cs_sheet_read_text(const char *name, const char *data,
                               size_t len, cs_sheet_t **out,
                               cs_diag_t *diag);
cs_status_t cs_sheet_read_zip(const char *name, const char *data,
                              size_t len, const char *sheet_name,
                              cs_sheet_t **out, cs_diag_t *diag);
cs_status_t cs_sheet_read_xls(const char *name, const char *data,
                              size_t len, const char *sheet_name,
                              cs_sheet_t **out, cs_diag_t *diag);

/**
 * The "no sheet named X" error, listing the workbook's @n sheet @names;
 * returns CS_ERR_INVALID.
 */
cs_status_t cs_sheet_missing(cs_diag_t *diag, const char *file,
                             const char *sheet_name,
                             const char *const *names, size_t n);

#endif
