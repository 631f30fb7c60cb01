/* SPDX-License-Identifier: MIT */
/* Tables for the importer (import-private.h): from the CSV reader. */
#include "import-private.h"

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

cs_status_t
cs_table_read_buffer(const char *name, const void *data, size_t len,
                     const char *sheet, cs_table_t **out, cs_diag_t *diag)
{
    *out = NULL;
    if (sheet)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "a text file has no sheets (--sheet)");
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer(name, data, len, &csv, diag);
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
    if (sheet)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "a text file has no sheets (--sheet)");
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_file(path, &csv, diag);
    if (st != CS_OK)
        return st;
    *out = from_csv(csv);
    return CS_OK;
}

const char *
cs_table_name(const cs_table_t *t)
{
    return t->name;
}

int
cs_table_is_sheet(const cs_table_t *t)
{
    return t->sheet != NULL;
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
    unsigned line, col;
    position(t, cell, r, &line, &col);
    cs_diag_addv(diag, st, t->name, line, col, fmt, ap);
    va_end(ap);
    return st;
}

char *
cs_table_pos(const cs_table_t *t, const cs_tcell_t *cell, unsigned r)
{
    unsigned line, col;
    position(t, cell, r, &line, &col);
    return g_strdup_printf("%s:%u:%u", t->name, line, col);
}

unsigned
cs_table_cell_line(const cs_table_t *t, const cs_tcell_t *cell, unsigned r)
{
    unsigned line, col;
    position(t, cell, r, &line, &col);
    return line;
}

char *
cs_table_where(const cs_table_t *t, size_t r)
{
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
