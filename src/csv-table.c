/* SPDX-License-Identifier: MIT */
/* Helpers every table loader needs: required columns, cell positions. */
#include "cs-private.h"
#include "csv-private.h"

void
cs_csv_cell_pos(const cs_csv_row_t *row, long col, unsigned *line,
                unsigned *column)
{
    const cs_csv_field_t *f = cs_csv_cell(row, col);
    if (f) {
        *line = f->line;
        *column = f->column;
    } else {
        *line = row->end_line;
        *column = row->end_column;
    }
}

cs_status_t
cs_csv_require(const cs_csv_t *csv, const char *const *names, size_t n,
               long *cols, const char *hint, cs_diag_t *diag)
{
    cs_status_t st = CS_OK;
    const cs_csv_row_t *hdr = cs_csv_header(csv);
    for (size_t i = 0; i < n; i++) {
        cols[i] = cs_csv_column(csv, names[i]);
        if (cols[i] < 0)
            st = cs_csv_first_error(
                st, cs_diag_add(
                        diag, CS_ERR_INVALID, cs_csv_name(csv), hdr->line, 1,
                        "missing required column '%s' (%s)", names[i], hint));
    }
    return st;
}
