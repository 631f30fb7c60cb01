/* SPDX-License-Identifier: MIT */
/*
 * The cell grid (sheet-private.h): the builder every reader fills, the
 * accessors, positions for messages, and the choice of reader by content.
 *
 * Readers hand cells to the builder in any order and only the ones that
 * matter (spreadsheets: non-empty ones; text: every field, so that empty
 * fields keep their line and column). The grid is the rectangle from A1
 * to the last stored cell, allocated once at the end, so a stray value in
 * a far cell costs one check against CS_SHEET_MAX_CELLS, not memory.
 */
#include "sheet-read-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

struct cs_sheet {
    char *file;
    char *name;
    cs_sheet_format_t format;
    cs_csv_encoding_t encoding;
    char delimiter;
    GPtrArray *book; /* sheet names (char *) */
    unsigned rows, cols;
    cs_sheet_cell_t *cells; /* rows * cols, row after row */
    GStringChunk *strings;
};

typedef struct merge {
    unsigned r1, c1, r2, c2;
} merge_t;

struct cs_sheet_builder {
    cs_sheet_t *sheet;
    GArray *cells;  /* cs_sheet_cell_t, in arrival order */
    GArray *merges; /* merge_t */
    unsigned max_row, max_col;
};

static const char empty_text[] = "";

const char *
cs_sheet_format_name(cs_sheet_format_t f)
{
    switch (f) {
    case CS_SHEET_FORMAT_TEXT: return "text";
    case CS_SHEET_FORMAT_XLSX: return "xlsx";
    case CS_SHEET_FORMAT_ODS: return "ods";
    case CS_SHEET_FORMAT_XLS: return "xls";
    case CS_SHEET_FORMAT_COUNT: break;
    }
    return "unknown";
}

char *
cs_sheet_col_name(unsigned col, char *buf)
{
    char tmp[8];
    size_t n = 0;
    while (col > 0 && n < sizeof(tmp)) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

/* Whether a sheet name can stand unquoted before '!' (letters, digits,
 * '_', any non-ASCII character; not starting with a digit). */
static int
plain_sheet_name(const char *s)
{
    if (!*s || g_ascii_isdigit(*s))
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80 && !g_ascii_isalnum(c) && c != '_')
            return 0;
    }
    return 1;
}

/* "FILE:Sheet!C12" or "FILE:Sheet" (row or col 0), or just "FILE" when
 * there is no sheet name. */
static char *
spreadsheet_pos(const char *file, const char *sheet, unsigned row,
                unsigned col)
{
    GString *s = g_string_new(file);
    if (sheet) {
        g_string_append_c(s, ':');
        if (plain_sheet_name(sheet)) {
            g_string_append(s, sheet);
        } else {
            g_string_append_c(s, '\'');
            for (const char *p = sheet; *p; p++) {
                if (*p == '\'')
                    g_string_append_c(s, '\'');
                g_string_append_c(s, *p);
            }
            g_string_append_c(s, '\'');
        }
        if (row && col) {
            char c[8];
            g_string_append_printf(s, "!%s%u", cs_sheet_col_name(col, c),
                                   row);
        }
    }
    char *out = strdup(s->str);
    g_string_free(s, TRUE);
    return out;
}

/* -- builder ------------------------------------------------------------ */

cs_sheet_builder_t *
cs_sheet_builder_new(const char *file, cs_sheet_format_t format)
{
    cs_sheet_builder_t *b = g_new0(cs_sheet_builder_t, 1);
    b->sheet = g_new0(cs_sheet_t, 1);
    b->sheet->file = g_strdup(file ? file : "(buffer)");
    b->sheet->format = format;
    b->sheet->encoding = CS_CSV_ENC_UTF8;
    b->sheet->book = g_ptr_array_new_with_free_func(g_free);
    b->sheet->strings = g_string_chunk_new(4096);
    b->cells = g_array_new(FALSE, FALSE, sizeof(cs_sheet_cell_t));
    b->merges = g_array_new(FALSE, FALSE, sizeof(merge_t));
    return b;
}

void
cs_sheet_builder_free(cs_sheet_builder_t *b)
{
    if (!b)
        return;
    cs_sheet_free(b->sheet);
    g_array_free(b->cells, TRUE);
    g_array_free(b->merges, TRUE);
    g_free(b);
}

int
cs_sheet_builder_set_name(cs_sheet_builder_t *b, const char *name)
{
    g_free(b->sheet->name);
    b->sheet->name = g_strdup(name);
    return 0;
}

int
cs_sheet_builder_add_book_name(cs_sheet_builder_t *b, const char *name)
{
    g_ptr_array_add(b->sheet->book, g_strdup(name ? name : ""));
    return 0;
}

size_t
cs_sheet_builder_book_count(const cs_sheet_builder_t *b)
{
    return b->sheet->book->len;
}

void
cs_sheet_builder_set_text(cs_sheet_builder_t *b, cs_csv_encoding_t enc,
                          char delimiter)
{
    b->sheet->encoding = enc;
    b->sheet->delimiter = delimiter;
}

cs_status_t
cs_sheet_builder_diag(const cs_sheet_builder_t *b, cs_diag_t *diag,
                      cs_status_t status, unsigned row, unsigned col,
                      const char *fmt, ...)
{
    const cs_sheet_t *s = b->sheet;
    char *pos = spreadsheet_pos(s->file, s->name, row, col);
    va_list ap;
    va_start(ap, fmt);
    cs_diag_addv(diag, status, pos ? pos : s->file, 0, 0, fmt, ap);
    va_end(ap);
    free(pos);
    return status;
}

/* A diagnostic at @cell while building (text files have lines). */
static cs_status_t
builder_cell_diag(const cs_sheet_builder_t *b, cs_diag_t *diag,
                  cs_status_t status, const cs_sheet_cell_t *cell,
                  const char *msg)
{
    if (b->sheet->format == CS_SHEET_FORMAT_TEXT)
        return cs_diag_add(diag, status, b->sheet->file, cell->line,
                           cell->column, "%s", msg);
    return cs_sheet_builder_diag(b, diag, status, cell->row, cell->col, "%s",
                                 msg);
}

cs_status_t
cs_sheet_builder_put(cs_sheet_builder_t *b, const cs_sheet_cell_t *cell,
                     cs_diag_t *diag)
{
    char msg[160];
    if (cell->row == 0 || cell->col == 0)
        return cs_sheet_builder_diag(b, diag, CS_ERR_PARSE, 0, 0,
                                     "cell outside the sheet (row %u, "
                                     "column %u)",
                                     cell->row, cell->col);
    if (cell->row > CS_SHEET_MAX_ROWS) {
        snprintf(msg, sizeof(msg),
                 "sheet has more than the limit of %u rows",
                 CS_SHEET_MAX_ROWS);
        return builder_cell_diag(b, diag, CS_ERR_LIMIT, cell, msg);
    }
    if (cell->col > CS_CSV_MAX_COLUMNS) {
        snprintf(msg, sizeof(msg),
                 "sheet has more than the limit of %u columns",
                 CS_CSV_MAX_COLUMNS);
        return builder_cell_diag(b, diag, CS_ERR_LIMIT, cell, msg);
    }
    if (cell->len > CS_CSV_MAX_FIELD_BYTES) {
        snprintf(msg, sizeof(msg),
                 "cell text is longer than the limit of %u bytes",
                 CS_CSV_MAX_FIELD_BYTES);
        return builder_cell_diag(b, diag, CS_ERR_LIMIT, cell, msg);
    }
    if (b->cells->len >= CS_SHEET_MAX_CELLS) {
        snprintf(msg, sizeof(msg),
                 "sheet has more than the limit of %u cells",
                 CS_SHEET_MAX_CELLS);
        return builder_cell_diag(b, diag, CS_ERR_LIMIT, cell, msg);
    }
    cs_sheet_cell_t c = *cell;
    /* insert_const: the cells of a repeated region share one copy */
    if (c.len && c.text)
        c.text = g_string_chunk_insert_const(b->sheet->strings, c.text);
    else {
        c.text = empty_text;
        c.len = 0;
    }
    if ((c.kind == CS_CELL_TEXT || c.kind == CS_CELL_ERROR) && c.len == 0)
        c.kind = CS_CELL_EMPTY;
    g_array_append_val(b->cells, c);
    if (c.row > b->max_row)
        b->max_row = c.row;
    if (c.col > b->max_col)
        b->max_col = c.col;
    return CS_OK;
}

cs_status_t
cs_sheet_builder_merge(cs_sheet_builder_t *b, unsigned row1, unsigned col1,
                       unsigned row2, unsigned col2, cs_diag_t *diag)
{
    if (row1 == 0 || col1 == 0 || row2 < row1 || col2 < col1)
        return CS_OK; /* an empty or malformed region merges nothing */
    if (b->merges->len >= CS_SHEET_MAX_CELLS)
        return cs_sheet_builder_diag(b, diag, CS_ERR_LIMIT, row1, col1,
                                     "sheet has more than the limit of %u "
                                     "merged regions",
                                     CS_SHEET_MAX_CELLS);
    merge_t m = {row1, col1, row2, col2};
    g_array_append_val(b->merges, m);
    return CS_OK;
}

cs_status_t
cs_sheet_builder_finish(cs_sheet_builder_t *b, cs_sheet_t **out,
                        cs_diag_t *diag)
{
    *out = NULL;
    cs_sheet_t *s = b->sheet;
    unsigned rows = b->max_row ? b->max_row : 1;
    unsigned cols = b->max_col ? b->max_col : 1;
    if ((unsigned long long)rows * cols > CS_SHEET_MAX_CELLS) {
        cs_status_t st = cs_sheet_builder_diag(
            b, diag, CS_ERR_LIMIT, rows, cols,
            "sheet spans %u rows and %u columns, more than the limit of %u "
            "cells",
            rows, cols, CS_SHEET_MAX_CELLS);
        cs_sheet_builder_free(b);
        return st;
    }
    cs_sheet_cell_t *cells = calloc((size_t)rows * cols, sizeof(*cells));
    if (!cells) {
        cs_status_t st = cs_diag_add(diag, CS_ERR_NOMEM, s->file, 0, 0,
                                     "out of memory");
        cs_sheet_builder_free(b);
        return st;
    }
    for (unsigned r = 0; r < rows; r++)
        for (unsigned c = 0; c < cols; c++) {
            cs_sheet_cell_t *x = &cells[(size_t)r * cols + c];
            x->text = empty_text;
            x->kind = CS_CELL_EMPTY;
            x->row = r + 1;
            x->col = c + 1;
        }
    for (guint i = 0; i < b->cells->len; i++) {
        const cs_sheet_cell_t *c =
            &g_array_index(b->cells, cs_sheet_cell_t, i);
        cells[(size_t)(c->row - 1) * cols + (c->col - 1)] = *c;
    }
    for (guint i = 0; i < b->merges->len; i++) {
        const merge_t *m = &g_array_index(b->merges, merge_t, i);
        unsigned r2 = MIN(m->r2, rows), c2 = MIN(m->c2, cols);
        for (unsigned r = m->r1; r <= r2; r++)
            for (unsigned c = m->c1; c <= c2; c++) {
                if (r == m->r1 && c == m->c1)
                    continue;
                cs_sheet_cell_t *x = &cells[(size_t)(r - 1) * cols + c - 1];
                x->merge_row = m->r1;
                x->merge_col = m->c1;
            }
    }
    s->rows = rows;
    s->cols = cols;
    s->cells = cells;
    b->sheet = NULL;
    cs_sheet_builder_free(b);
    *out = s;
    return CS_OK;
}

cs_status_t
cs_sheet_missing(cs_diag_t *diag, const char *file, const char *sheet_name,
                 const char *const *names, size_t n)
{
    GString *list = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(list, "%s'%s'", i ? ", " : "", names[i]);
    cs_diag_add(diag, CS_ERR_INVALID, file, 0, 0,
                "no sheet named '%s' (the workbook has %s)", sheet_name,
                n ? list->str : "no sheets");
    g_string_free(list, TRUE);
    return CS_ERR_INVALID;
}

/* -- accessors ---------------------------------------------------------- */

void
cs_sheet_free(cs_sheet_t *sheet)
{
    if (!sheet)
        return;
    g_free(sheet->file);
    g_free(sheet->name);
    g_ptr_array_free(sheet->book, TRUE);
    free(sheet->cells);
    g_string_chunk_free(sheet->strings);
    g_free(sheet);
}

cs_sheet_format_t
cs_sheet_format(const cs_sheet_t *sheet)
{
    return sheet->format;
}

const char *
cs_sheet_file(const cs_sheet_t *sheet)
{
    return sheet->file;
}

const char *
cs_sheet_name(const cs_sheet_t *sheet)
{
    return sheet->name;
}

size_t
cs_sheet_book_count(const cs_sheet_t *sheet)
{
    return sheet->format == CS_SHEET_FORMAT_TEXT ? 1 : sheet->book->len;
}

const char *
cs_sheet_book_name(const cs_sheet_t *sheet, size_t i)
{
    if (i >= sheet->book->len)
        return NULL;
    return g_ptr_array_index(sheet->book, i);
}

cs_csv_encoding_t
cs_sheet_encoding(const cs_sheet_t *sheet)
{
    return sheet->encoding;
}

char
cs_sheet_delimiter(const cs_sheet_t *sheet)
{
    return sheet->delimiter;
}

int
cs_sheet_decimal_comma(const cs_sheet_t *sheet)
{
    if (sheet->format == CS_SHEET_FORMAT_TEXT)
        return sheet->delimiter != ',';
    return 1;
}

unsigned
cs_sheet_rows(const cs_sheet_t *sheet)
{
    return sheet->rows;
}

unsigned
cs_sheet_cols(const cs_sheet_t *sheet)
{
    return sheet->cols;
}

const cs_sheet_cell_t *
cs_sheet_cell(const cs_sheet_t *sheet, unsigned row, unsigned col)
{
    if (row == 0 || col == 0 || row > sheet->rows || col > sheet->cols)
        return NULL;
    return &sheet->cells[(size_t)(row - 1) * sheet->cols + (col - 1)];
}

int
cs_sheet_row_is_blank(const cs_sheet_t *sheet, unsigned row)
{
    for (unsigned c = 1; c <= sheet->cols; c++) {
        const cs_sheet_cell_t *x = cs_sheet_cell(sheet, row, c);
        if (!x)
            return 1;
        if (x->kind != CS_CELL_EMPTY)
            return 0;
    }
    return 1;
}

char *
cs_sheet_pos(const cs_sheet_t *sheet, const cs_sheet_cell_t *cell)
{
    if (sheet->format != CS_SHEET_FORMAT_TEXT)
        return spreadsheet_pos(sheet->file, sheet->name,
                               cell ? cell->row : 0, cell ? cell->col : 0);
    if (!cell || !cell->line)
        return strdup(sheet->file);
    char *g = g_strdup_printf("%s:%u:%u", sheet->file, cell->line,
                              cell->column);
    char *out = strdup(g);
    g_free(g);
    return out;
}

cs_status_t
cs_sheet_diag(cs_diag_t *diag, cs_status_t status, const cs_sheet_t *sheet,
              const cs_sheet_cell_t *cell, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (sheet->format == CS_SHEET_FORMAT_TEXT) {
        cs_diag_addv(diag, status, sheet->file, cell ? cell->line : 0,
                     cell ? cell->column : 0, fmt, ap);
    } else {
        char *pos = cs_sheet_pos(sheet, cell);
        cs_diag_addv(diag, status, pos ? pos : sheet->file, 0, 0, fmt, ap);
        free(pos);
    }
    va_end(ap);
    return status;
}

/* -- reading: the format by content ------------------------------------- */

static int
is_zip(const unsigned char *d, size_t len)
{
    return len >= 4 && d[0] == 'P' && d[1] == 'K' &&
           ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6));
}

static int
is_ole(const unsigned char *d, size_t len)
{
    static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                           0xA1, 0xB1, 0x1A, 0xE1};
    return len >= 8 && memcmp(d, magic, 8) == 0;
}

static cs_status_t
check_args(const char *what, const void *data, size_t len, cs_sheet_t **out,
           cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !what || (!data && len))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_sheet_read: invalid argument");
    return CS_OK;
}

static cs_status_t
read_data(const char *name, const char *data, size_t len,
          const char *sheet_name, cs_sheet_t **out, cs_diag_t *diag)
{
    const unsigned char *u = (const unsigned char *)data;
    if (is_zip(u, len))
        return cs_sheet_read_zip(name, data, len, sheet_name, out, diag);
    if (is_ole(u, len))
        return cs_sheet_read_xls(name, data, len, sheet_name, out, diag);
    if (sheet_name)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "a sheet name ('%s') was given, but this is a "
                           "text file, not a workbook",
                           sheet_name);
    return cs_sheet_read_text(name, data, len, out, diag);
}

cs_status_t
cs_sheet_read_buffer(const char *name, const void *data, size_t len,
                     const char *sheet_name, cs_sheet_t **out,
                     cs_diag_t *diag)
{
    if (!name)
        name = "(buffer)";
    cs_status_t st = check_args(name, data, len, out, diag);
    if (st != CS_OK)
        return st;
    if (len > CS_CSV_MAX_BYTES)
        return cs_diag_add(diag, CS_ERR_LIMIT, name, 0, 0,
                           "file is larger than the limit of %u bytes",
                           CS_CSV_MAX_BYTES);
    return read_data(name, data ? data : "", len, sheet_name, out, diag);
}

cs_status_t
cs_sheet_read_file(const char *path, const char *sheet_name,
                   cs_sheet_t **out, cs_diag_t *diag)
{
    cs_status_t st = check_args(path, "", 0, out, diag);
    if (st != CS_OK)
        return st;
    char *data = NULL;
    size_t len = 0;
    st = cs_read_file(path, CS_CSV_MAX_BYTES, &data, &len, diag);
    if (st != CS_OK)
        return st;
    st = read_data(path, data, len, sheet_name, out, diag);
    free(data);
    return st;
}
