/* SPDX-License-Identifier: MIT */
/* Fuzz target: the generic CSV reader under every loader (cs_csv_read_buffer,
 * src/csv-private.h), plus the number parser on every cell and the label
 * and width checks. Positions must stay inside the input. */
#include "fuzz-common.h"

#include <math.h>

#include "csv-private.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diag_t *diag = cs_diag_new();
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer(FUZZ_NAME, (const char *)data, size,
                                        &csv, diag);
    fuzz_check_result(st, csv, diag);
    if (csv) {
        unsigned lines = 1;
        for (size_t i = 0; i < size; i++)
            if (data[i] == '\n' ||
                (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
                lines++;
        char d = cs_csv_delimiter(csv);
        FUZZ_ASSERT(d == ',' || d == ';' || d == '\t');
        const cs_csv_row_t *h = cs_csv_header(csv);
        FUZZ_ASSERT(h && h->n_fields >= 1 &&
                    h->n_fields <= CS_CSV_MAX_COLUMNS);
        FUZZ_ASSERT(cs_csv_row_count(csv) <= CS_CSV_MAX_ROWS);
        unsigned prev_line = 0;
        for (size_t r = 0; r <= cs_csv_row_count(csv); r++) {
            const cs_csv_row_t *row = r ? cs_csv_row(csv, r - 1) : h;
            FUZZ_ASSERT(row && row->n_fields >= 1);
            FUZZ_ASSERT(row->line > prev_line && row->line <= lines);
            prev_line = row->line;
            for (size_t c = 0; c < row->n_fields; c++) {
                const cs_csv_field_t *f = cs_csv_cell(row, (long)c);
                FUZZ_ASSERT(f && f->text && strlen(f->text) == f->len);
                FUZZ_ASSERT(f->len <= CS_CSV_MAX_FIELD_BYTES);
                FUZZ_ASSERT(f->line >= row->line && f->line <= lines);
                FUZZ_ASSERT(f->column >= 1);
                FUZZ_ASSERT(g_utf8_validate(f->text, (gssize)f->len, NULL));
                double v = 0;
                const char *why = NULL;
                if (cs_csv_parse_number(f->text, cs_csv_decimal_comma(csv),
                                        &v, &why) == 0)
                    FUZZ_ASSERT(isfinite(v));
                else
                    FUZZ_ASSERT(why != NULL);
                (void)cs_csv_check_label(csv, f, "label", diag);
            }
            FUZZ_ASSERT(cs_csv_cell(row, (long)row->n_fields) == NULL);
            FUZZ_ASSERT(cs_csv_cell(row, -1) == NULL);
        }
        FUZZ_ASSERT(cs_csv_row(csv, cs_csv_row_count(csv)) == NULL);
        (void)cs_csv_check_widths(csv, diag);
        (void)cs_csv_column(csv, "code");
        cs_csv_free(csv);
    }
    cs_diag_free(diag);
    return 0;
}
