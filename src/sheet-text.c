/* SPDX-License-Identifier: MIT */
/*
 * Text tables as sheets: the CSV reader (csv.c) with the spreadsheet-export
 * flags (encodings, "sep=" line, any first row), its rows turned into grid
 * rows. Every field is stored, empty ones too, so that each cell keeps the
 * line and column where it is in the file; a short row is padded with
 * empty cells placed just after its last field.
 */
#include "sheet-read-private.h"

#include <string.h>

static cs_status_t
put_row(cs_sheet_builder_t *b, const cs_csv_row_t *row, unsigned r,
        unsigned width, cs_diag_t *diag)
{
    for (unsigned c = 0; c < width; c++) {
        cs_sheet_cell_t cell;
        memset(&cell, 0, sizeof(cell));
        cell.row = r;
        cell.col = c + 1;
        if (c < row->n_fields) {
            const cs_csv_field_t *f = &row->fields[c];
            cell.text = f->text;
            cell.len = f->len;
            cell.kind = f->len ? CS_CELL_TEXT : CS_CELL_EMPTY;
            cell.line = f->line;
            cell.column = f->column;
        } else {
            cell.kind = CS_CELL_EMPTY;
            cell.line = row->end_line;
            cell.column = row->end_column;
        }
        cs_status_t st = cs_sheet_builder_put(b, &cell, diag);
        if (st != CS_OK)
            return st;
    }
    return CS_OK;
}

cs_status_t
cs_sheet_read_text(const char *name, const char *data, size_t len,
                   cs_sheet_t **out, cs_diag_t *diag)
{
    *out = NULL;
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer_ex(name, data, len,
                                           CS_CSV_SPREADSHEET_TEXT, &csv,
                                           diag);
    if (st != CS_OK)
        return st;
    size_t n = cs_csv_row_count(csv) + 1;
    unsigned width = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_csv_row_t *row = i ? cs_csv_row(csv, i - 1)
                                    : cs_csv_header(csv);
        if (row->n_fields > width)
            width = (unsigned)row->n_fields;
    }
    cs_sheet_builder_t *b = cs_sheet_builder_new(name, CS_SHEET_FORMAT_TEXT);
    cs_sheet_builder_set_text(b, cs_csv_encoding(csv),
                              cs_csv_delimiter(csv));
    if ((unsigned long long)n * width > CS_SHEET_MAX_CELLS) {
        const cs_csv_row_t *last = cs_csv_row(csv, n - 2);
        st = cs_diag_add(diag, CS_ERR_LIMIT, name, last ? last->line : 1, 1,
                         "table spans %zu rows and %u columns, more than "
                         "the limit of %u cells",
                         n, width, CS_SHEET_MAX_CELLS);
    }
    for (size_t i = 0; i < n && st == CS_OK; i++) {
        const cs_csv_row_t *row = i ? cs_csv_row(csv, i - 1)
                                    : cs_csv_header(csv);
        st = put_row(b, row, (unsigned)(i + 1), width, diag);
    }
    cs_csv_free(csv);
    if (st != CS_OK) {
        cs_sheet_builder_free(b);
        return st;
    }
    return cs_sheet_builder_finish(b, out, diag);
}
