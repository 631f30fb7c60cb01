/* SPDX-License-Identifier: MIT */
/*
 * The importer's view of a table (internal): rows of cells with their
 * positions, read from a CSV/TSV text or a spreadsheet (table.c). Row 0 is
 * the first non-blank line of a text file, or row 1 of a sheet.
 */
#ifndef CS_IMPORT_PRIVATE_H
#define CS_IMPORT_PRIVATE_H

#include <stddef.h>
#include <citysnap/import.h>

#include "cs-private.h"
#include "csv-private.h"

typedef enum cs_tcell_kind {
    CS_TCELL_TEXT = 0, /* text as written (all cells of a text file) */
    CS_TCELL_NUMBER,   /* a typed spreadsheet number */
} cs_tcell_kind_t;

typedef struct cs_tcell {
    const char *text;  /* never NULL; "" when empty */
    cs_tcell_kind_t kind;
    double number;     /* CS_TCELL_NUMBER */
    int percent;       /* a percent number format: number is a fraction */
    unsigned line, column; /* text files: where the field starts */
    unsigned row, col;     /* 1-based row and column in the table */
    const void *src;       /* spreadsheets: the cs_sheet_cell_t */
} cs_tcell_t;

typedef struct cs_table cs_table_t;

cs_status_t cs_table_read_file(const char *path, const char *sheet,
                               cs_table_t **out, cs_diag_t *diag);
cs_status_t cs_table_read_buffer(const char *name, const void *data,
                                 size_t len, const char *sheet,
                                 cs_table_t **out, cs_diag_t *diag);
void cs_table_free(cs_table_t *t);

const char *cs_table_name(const cs_table_t *t);
/** How a text file was decoded when it was not plain UTF-8 ("read as
 *  Windows-1252"), else NULL. */
const char *cs_table_encoding_note(const cs_table_t *t);
int cs_table_is_sheet(const cs_table_t *t);
int cs_table_decimal_comma(const cs_table_t *t);
size_t cs_table_rows(const cs_table_t *t);
size_t cs_table_width(const cs_table_t *t, size_t r);
/** Cell @col (0-based) of row @r, or NULL past the row's end. */
const cs_tcell_t *cs_table_cell(const cs_table_t *t, size_t r, size_t col);
/** A diagnostic at @cell (NULL: the end of row @r). */
cs_status_t cs_table_diag(cs_diag_t *diag, cs_status_t st,
                          const cs_table_t *t, const cs_tcell_t *cell,
                          unsigned r, const char *fmt, ...) CS_PRINTF(6, 7);
/** "FILE:LINE:COLUMN" or "FILE:Sheet!C12" of @cell (g_free). */
char *cs_table_pos(const cs_table_t *t, const cs_tcell_t *cell, unsigned r);
/** The line (text) or row (sheet) of @cell in row @r. */
unsigned cs_table_cell_line(const cs_table_t *t, const cs_tcell_t *cell,
                            unsigned r);
/** "FILE, line 12" or "FILE, sheet Sheet1, row 12" (g_free). */
char *cs_table_where(const cs_table_t *t, size_t r);
/** Text files: row @r has as many fields as the header row @header (else
 *  a "wrong column count" error). Sheets: always CS_OK. */
cs_status_t cs_table_check_width(const cs_table_t *t, size_t r,
                                 size_t header, cs_diag_t *diag);

/** Imports a table already read. */
cs_status_t cs_import_table(const cs_framework_t *fw, const cs_table_t *t,
                            const cs_import_options_t *opts,
                            cs_import_t **out, cs_diag_t *diag);

#endif
