/* SPDX-License-Identifier: MIT */
/*
 * Tables for the importer (import-private.h). Text files go through the
 * CSV reader in its spreadsheet-text dialect (UTF-16 and Windows-1252
 * decoded, Excel's "sep=" line, a title row allowed above the header),
 * keeping each row's field count for the column-count check; workbooks
 * (.xlsx, .ods, .xls: told apart by their first bytes) through the sheet
 * readers, with typed numbers and percent formats and positions such as
 * FILE:Sheet1!C12.
 */
#include "import-private.h"
#include "sheet-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

typedef struct trow {
    cs_tcell_t *cells;
    size_t n;
    const cs_csv_row_t *csv_row;
} trow_t;

struct cs_table {
    char *name;
    char *sheet; /* NULL for text */
    int decimal_comma;
    trow_t *rows;
    size_t n_rows;
    cs_csv_t *csv;
    cs_sheet_t *book; /* the sheet read, for workbooks */
    const cs_sheet_cell_t **src; /* per row: the sheet's cells of that row */
};

void
cs_table_free(cs_table_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_rows; i++)
        g_free(t->rows[i].cells);
    g_free(t->rows);
    g_free(t->name);
    g_free(t->sheet);
    cs_csv_free(t->csv);
    cs_sheet_free(t->book);
    g_free(t);
}

static cs_table_t *
from_csv(cs_csv_t *csv)
{
    cs_table_t *t = g_new0(cs_table_t, 1);
    t->csv = csv;
    t->name = g_strdup(cs_csv_name(csv));
    t->decimal_comma = cs_csv_decimal_comma(csv);
    t->n_rows = cs_csv_row_count(csv) + 1;
    t->rows = g_new0(trow_t, t->n_rows);
    for (size_t r = 0; r < t->n_rows; r++) {
        const cs_csv_row_t *row = r ? cs_csv_row(csv, r - 1)
                                    : cs_csv_header(csv);
        trow_t *tr = &t->rows[r];
        tr->csv_row = row;
        tr->n = row->n_fields;
        tr->cells = g_new0(cs_tcell_t, tr->n + 1);
        for (size_t c = 0; c < tr->n; c++) {
            const cs_csv_field_t *f = &row->fields[c];
            tr->cells[c].text = f->text;
            tr->cells[c].line = f->line;
            tr->cells[c].column = f->column;
            tr->cells[c].row = (unsigned)r + 1;
            tr->cells[c].col = (unsigned)c + 1;
        }
    }
    return t;
}

/* A workbook: rows of the sheet's cells (all of them, blank rows too). */
static cs_table_t *
from_sheet(cs_sheet_t *sh)
{
    cs_table_t *t = g_new0(cs_table_t, 1);
    t->book = sh;
    t->name = g_strdup(cs_sheet_file(sh));
    t->sheet = g_strdup(cs_sheet_name(sh) ? cs_sheet_name(sh) : "");
    t->decimal_comma = cs_sheet_decimal_comma(sh);
    t->n_rows = cs_sheet_rows(sh);
    unsigned cols = cs_sheet_cols(sh);
    t->rows = g_new0(trow_t, t->n_rows + 1);
    for (size_t r = 0; r < t->n_rows; r++) {
        trow_t *tr = &t->rows[r];
        tr->n = cols;
        tr->cells = g_new0(cs_tcell_t, cols + 1);
        for (unsigned c = 0; c < cols; c++) {
            const cs_sheet_cell_t *sc = cs_sheet_cell(sh, (unsigned)r + 1,
                                                      c + 1);
            cs_tcell_t *tc = &tr->cells[c];
            tc->row = (unsigned)r + 1;
            tc->col = c + 1;
            tc->text = sc ? sc->text : "";
            tc->src = sc;
            if (!sc)
                continue;
            if (sc->kind == CS_CELL_NUMBER && !sc->date) {
                tc->kind = CS_TCELL_NUMBER;
                tc->number = sc->number;
                tc->percent = sc->percent;
            } else if (sc->kind == CS_CELL_BOOLEAN) {
                tc->text = sc->number != 0 ? "YES" : "NO";
            }
        }
    }
    return t;
}

static int
is_workbook(const void *data, size_t len)
{
    const unsigned char *d = data;
    return (len >= 4 && !memcmp(d, "PK\x03\x04", 4)) ||
           (len >= 8 && !memcmp(d, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8));
}

cs_status_t
cs_table_read_buffer(const char *name, const void *data, size_t len,
                     const char *sheet, cs_table_t **out, cs_diag_t *diag)
{
    *out = NULL;
    if (!name)
        name = "(buffer)";
    if (data && is_workbook(data, len)) {
        cs_sheet_t *sh = NULL;
        cs_status_t st = cs_sheet_read_buffer(name, data, len, sheet, &sh,
                                              diag);
        if (st != CS_OK)
            return st;
        *out = from_sheet(sh);
        return CS_OK;
    }
    if (sheet)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "--sheet '%s': a text file has no sheets", sheet);
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer_ex(name, data, len,
                                           CS_CSV_SPREADSHEET_TEXT, &csv,
                                           diag);
    if (st != CS_OK)
        return st;
    *out = from_csv(csv);
    return CS_OK;
}

cs_status_t
cs_table_read_file(const char *path, const char *sheet, cs_table_t **out,
                   cs_diag_t *diag)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    cs_status_t st = cs_read_file(path, CS_CSV_MAX_BYTES, &data, &len, diag);
    if (st != CS_OK)
        return st;
    st = cs_table_read_buffer(path, data, len, sheet, out, diag);
    free(data);
    return st;
}

const char *
cs_table_encoding_note(const cs_table_t *t)
{
    if (!t->csv)
        return NULL;
    switch (cs_csv_encoding(t->csv)) {
    case CS_CSV_ENC_CP1252:
        return "not UTF-8: read as Windows-1252";
    case CS_CSV_ENC_UTF16LE:
        return "read as UTF-16 LE";
    case CS_CSV_ENC_UTF16BE:
        return "read as UTF-16 BE";
    default:
        return NULL;
    }
}

const char *
cs_table_name(const cs_table_t *t)
{
    return t->name;
}

int
cs_table_is_sheet(const cs_table_t *t)
{
    return t->book != NULL;
}

int
cs_table_decimal_comma(const cs_table_t *t)
{
    return t->decimal_comma;
}

size_t
cs_table_rows(const cs_table_t *t)
{
    return t->n_rows;
}

size_t
cs_table_width(const cs_table_t *t, size_t r)
{
    return r < t->n_rows ? t->rows[r].n : 0;
}

const cs_tcell_t *
cs_table_cell(const cs_table_t *t, size_t r, size_t col)
{
    if (r >= t->n_rows || col >= t->rows[r].n)
        return NULL;
    return &t->rows[r].cells[col];
}

static void
position(const cs_table_t *t, const cs_tcell_t *cell, unsigned r,
         unsigned *line, unsigned *col)
{
    if (cell) {
        *line = cell->line;
        *col = cell->column;
    } else if (r < t->n_rows && t->rows[r].csv_row) {
        *line = t->rows[r].csv_row->end_line;
        *col = t->rows[r].csv_row->end_column;
    } else {
        *line = 0;
        *col = 0;
    }
}

cs_status_t
cs_table_diag(cs_diag_t *diag, cs_status_t st, const cs_table_t *t,
              const cs_tcell_t *cell, unsigned r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (t->book) {
        char *msg = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        const cs_sheet_cell_t *sc =
            cell ? cell->src : cs_sheet_cell(t->book, r + 1, 1);
        cs_sheet_diag(diag, st, t->book, sc, "%s", msg);
        g_free(msg);
        return st;
    }
    unsigned line, col;
    position(t, cell, r, &line, &col);
    cs_diag_addv(diag, st, t->name, line, col, fmt, ap);
    va_end(ap);
    return st;
}

char *
cs_table_pos(const cs_table_t *t, const cs_tcell_t *cell, unsigned r)
{
    if (t->book) {
        const cs_sheet_cell_t *sc =
            cell ? cell->src : cs_sheet_cell(t->book, r + 1, 1);
        char *p = cs_sheet_pos(t->book, sc);
        char *g = g_strdup(p ? p : t->name);
        free(p);
        return g;
    }
    unsigned line, col;
    position(t, cell, r, &line, &col);
    return g_strdup_printf("%s:%u:%u", t->name, line, col);
}

unsigned
cs_table_cell_line(const cs_table_t *t, const cs_tcell_t *cell, unsigned r)
{
    if (t->book)
        return r + 1;
    unsigned line, col;
    position(t, cell, r, &line, &col);
    return line;
}

char *
cs_table_where(const cs_table_t *t, size_t r)
{
    if (t->book)
        return g_strdup_printf("%s, sheet %s, row %zu", t->name, t->sheet,
                               r + 1);
    unsigned line, col;
    const cs_tcell_t *first = cs_table_cell(t, r, 0);
    position(t, first, (unsigned)r, &line, &col);
    return g_strdup_printf("%s, line %u", t->name, line);
}

cs_status_t
cs_table_check_width(const cs_table_t *t, size_t r, size_t header,
                     cs_diag_t *diag)
{
    if (!t->csv || r >= t->n_rows || header >= t->n_rows)
        return CS_OK;
    const cs_csv_row_t *row = t->rows[r].csv_row;
    size_t want = t->rows[header].n;
    if (row->n_fields == want)
        return CS_OK;
    if (row->n_fields > want)
        return cs_diag_add(diag, CS_ERR_PARSE, t->name,
                           row->fields[want].line, row->fields[want].column,
                           "wrong column count: row has %zu fields, the "
                           "header has %zu (unquoted delimiter in a value?)",
                           row->n_fields, want);
    return cs_diag_add(diag, CS_ERR_PARSE, t->name, row->end_line,
                       row->end_column,
                       "wrong column count: row has %zu fields, the header "
                       "has %zu",
                       row->n_fields, want);
}
