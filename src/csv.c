/* SPDX-License-Identifier: MIT */
/*
 * Generic CSV table reader on top of libcsv (see csv-private.h).
 *
 * libcsv reports fields and rows but no positions. We therefore feed it the
 * input in chunks that end right after each delimiter or line-break byte:
 * libcsv only ever calls back when it consumes such a byte (or in
 * csv_fini()), so every callback is caused by the last byte of the chunk,
 * whose position we know. While scanning we also note where each field
 * starts: the first byte after a field boundary that is not a space or a
 * line break (libcsv drops leading spaces and blank lines). A field that
 * never got such a byte (an empty field) starts where it ends.
 *
 * Decoding lives in csv-decode.c, the delimiter in csv-dialect.c and cell
 * parsing in csv-cell.c.
 */
#include "csv-private.h"
#include "cs-private.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <glib.h>

struct cs_csv {
    char *name;
    char delim;
    cs_csv_encoding_t encoding;
    char *text;              /* arena holding every field's text */
    cs_csv_field_t *fields;  /* all fields, row after row */
    size_t n_fields;
    cs_csv_row_t *rows;      /* rows[0] is the header */
    size_t n_rows;
};

/* Internal row while parsing: fields are indices (the array may move). */
typedef struct raw_row {
    size_t first, n;
    unsigned line, end_line, end_column;
} raw_row_t;

typedef struct parse_ctx {
    const char *name;
    cs_diag_t *diag;
    cs_status_t status;
    char delim;

    /* field storage */
    char *arena;
    size_t arena_len, arena_cap;
    size_t *offsets;       /* text offset of each field in arena */
    cs_csv_field_t *fields;/* text pointers filled at the end */
    size_t n_fields, cap_fields;
    raw_row_t *rows;
    size_t n_rows, cap_rows;
    size_t row_first;      /* first field of the row being read */

    /* positions */
    int have_start;        /* a start was noted for the current field */
    unsigned start_line, start_col;
    unsigned trig_line, trig_col; /* byte that may trigger callbacks */
} parse_ctx_t;

static void
fail(parse_ctx_t *ctx, cs_status_t st, unsigned line, unsigned col,
     const char *fmt, ...) CS_PRINTF(5, 6);

static void
fail(parse_ctx_t *ctx, cs_status_t st, unsigned line, unsigned col,
     const char *fmt, ...)
{
    if (ctx->status != CS_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    cs_diag_addv(ctx->diag, st, ctx->name, line, col, fmt, ap);
    va_end(ap);
    ctx->status = st;
}

static void
on_field(void *s, size_t len, void *data)
{
    parse_ctx_t *ctx = data;
    if (ctx->status != CS_OK)
        return;
    unsigned line = ctx->have_start ? ctx->start_line : ctx->trig_line;
    unsigned col = ctx->have_start ? ctx->start_col : ctx->trig_col;
    ctx->have_start = 0;
    if (len > CS_CSV_MAX_FIELD_BYTES) {
        fail(ctx, CS_ERR_LIMIT, line, col,
             "field is longer than the limit of %u bytes",
             CS_CSV_MAX_FIELD_BYTES);
        return;
    }
    if (ctx->n_fields >= CS_CSV_MAX_CELLS) {
        fail(ctx, CS_ERR_LIMIT, line, col,
             "file has more than the limit of %u fields", CS_CSV_MAX_CELLS);
        return;
    }
    if (ctx->n_fields - ctx->row_first >= CS_CSV_MAX_COLUMNS) {
        fail(ctx, CS_ERR_LIMIT, line, col,
             "row has more than the limit of %u fields", CS_CSV_MAX_COLUMNS);
        return;
    }
    if (ctx->n_fields == ctx->cap_fields) {
        size_t ncap = ctx->cap_fields ? ctx->cap_fields * 2 : 64;
        cs_csv_field_t *nf = realloc(ctx->fields, ncap * sizeof(*nf));
        if (!nf) {
            fail(ctx, CS_ERR_NOMEM, line, col, "out of memory");
            return;
        }
        ctx->fields = nf;
        size_t *no = realloc(ctx->offsets, ncap * sizeof(*no));
        if (!no) {
            fail(ctx, CS_ERR_NOMEM, line, col, "out of memory");
            return;
        }
        ctx->offsets = no;
        ctx->cap_fields = ncap;
    }
    /* The arena was sized for the worst case (see cs_csv_read_buffer). */
    g_assert(ctx->arena_len + len + 1 <= ctx->arena_cap);
    if (len)
        memcpy(ctx->arena + ctx->arena_len, s, len);
    ctx->arena[ctx->arena_len + len] = '\0';
    cs_csv_field_t *f = &ctx->fields[ctx->n_fields];
    f->text = NULL;
    f->len = len;
    f->line = line;
    f->column = col;
    ctx->offsets[ctx->n_fields] = ctx->arena_len;
    ctx->arena_len += len + 1;
    ctx->n_fields++;
}

static void
end_row(parse_ctx_t *ctx, unsigned end_line, unsigned end_col)
{
    if (ctx->status != CS_OK)
        return;
    size_t first = ctx->row_first, n = ctx->n_fields - first;
    int all_empty = 1;
    for (size_t i = first; i < ctx->n_fields && all_empty; i++)
        if (ctx->fields[i].len)
            all_empty = 0;
    if (n == 0 || all_empty) {
        /* A line of empty fields (";;;"): skipped like a blank line. */
        ctx->n_fields = first;
        if (n)
            ctx->arena_len = ctx->offsets[first];
        return;
    }
    if (ctx->n_rows > CS_CSV_MAX_ROWS) { /* header + CS_CSV_MAX_ROWS rows */
        fail(ctx, CS_ERR_LIMIT, ctx->fields[first].line, 1,
             "file has more than the limit of %u data rows",
             CS_CSV_MAX_ROWS);
        return;
    }
    if (ctx->n_rows == ctx->cap_rows) {
        size_t ncap = ctx->cap_rows ? ctx->cap_rows * 2 : 32;
        raw_row_t *nr = realloc(ctx->rows, ncap * sizeof(*nr));
        if (!nr) {
            fail(ctx, CS_ERR_NOMEM, end_line, end_col, "out of memory");
            return;
        }
        ctx->rows = nr;
        ctx->cap_rows = ncap;
    }
    raw_row_t *r = &ctx->rows[ctx->n_rows++];
    r->first = first;
    r->n = n;
    r->line = ctx->fields[first].line;
    r->end_line = end_line;
    r->end_column = end_col;
    ctx->row_first = ctx->n_fields;
}

static void
on_row(int c, void *data)
{
    parse_ctx_t *ctx = data;
    (void)c;
    ctx->have_start = 0;
    end_row(ctx, ctx->trig_line, ctx->trig_col);
}

static int
space_func_comma(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static int
space_func_tab(unsigned char c)
{
    return c == ' ';
}

static void
ctx_clear(parse_ctx_t *ctx)
{
    free(ctx->arena);
    free(ctx->offsets);
    free(ctx->fields);
    free(ctx->rows);
}

void
cs_csv_free(cs_csv_t *csv)
{
    if (!csv)
        return;
    free(csv->name);
    free(csv->text);
    free(csv->fields);
    free(csv->rows);
    free(csv);
}

static int
header_name_eq(const char *a, const char *b)
{
    /* both already trimmed by the caller */
    return g_ascii_strcasecmp(a, b) == 0;
}

/* Trimmed copy of a header name (g_free). */
static char *
trimmed(const char *s)
{
    char *t = g_strdup(s);
    return g_strstrip(t);
}

static cs_status_t
check_header(cs_csv_t *csv, cs_diag_t *diag)
{
    const cs_csv_row_t *h = &csv->rows[0];
    cs_status_t st = CS_OK;
    char **names = g_new0(char *, h->n_fields + 1);
    for (size_t i = 0; i < h->n_fields; i++) {
        names[i] = trimmed(h->fields[i].text);
        if (!names[i][0])
            continue;
        for (size_t j = 0; j < i; j++) {
            if (header_name_eq(names[i], names[j])) {
                cs_diag_add(diag, CS_ERR_INVALID, csv->name,
                            h->fields[i].line, h->fields[i].column,
                            "duplicate column name '%s' (also column %zu)",
                            names[i], j + 1);
                if (st == CS_OK)
                    st = CS_ERR_INVALID;
                break;
            }
        }
    }
    g_strfreev(names);
    return st;
}

cs_status_t
cs_csv_read_buffer(const char *name, const char *data, size_t len,
                   cs_csv_t **out, cs_diag_t *diag)
{
    return cs_csv_read_buffer_ex(name, data, len, 0, out, diag);
}

cs_status_t
cs_csv_read_buffer_ex(const char *name, const char *data, size_t len,
                      unsigned flags, cs_csv_t **out, cs_diag_t *diag)
{
    *out = NULL;
    if (!name)
        name = "(buffer)";
    if (!data && len)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0, "no data");
    if (!data)
        data = "";

    char *copy = NULL;
    size_t start = 0;
    cs_csv_encoding_t enc;
    cs_status_t dst = cs_csv_decode_text(name, data, len, flags, &copy,
                                         &len, &start, &enc, diag);
    if (dst != CS_OK)
        return dst;
    data = copy;
    int forced = 0;
    if (flags & CS_CSV_SEP_LINE) {
        forced = cs_csv_sep_line(name, copy, start, len, diag);
        if (forced < 0) {
            free(copy);
            return CS_ERR_PARSE;
        }
    }

    parse_ctx_t ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.name = name;
    ctx.diag = diag;
    ctx.status = CS_OK;
    if (forced)
        ctx.delim = (char)forced;
    else if (flags & CS_CSV_ANY_HEADER)
        ctx.delim = cs_csv_sniff_delimiter_lines(data, start, len);
    else
        ctx.delim = cs_csv_sniff_delimiter(data, start, len);

    /* Worst case arena size: all text plus one NUL per field; fields are
     * at most one more than the delimiter and line-break bytes. */
    size_t bound = 1;
    for (size_t i = start; i < len; i++)
        if (data[i] == ctx.delim ||
            cs_csv_is_line_break((unsigned char)data[i]))
            bound++;
    ctx.arena_cap = (len - start) + bound + 1;
    ctx.arena = malloc(ctx.arena_cap);
    if (!ctx.arena) {
        free(copy);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        ctx_clear(&ctx);
        free(copy);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    csv_set_delim(&p, (unsigned char)ctx.delim);
    csv_set_space_func(&p, ctx.delim == '\t' ? space_func_tab
                                             : space_func_comma);

    unsigned line = 1, seen = 0;
    size_t chunk = start;
    for (size_t i = start; i < len && ctx.status == CS_OK; i++) {
        unsigned char c = (unsigned char)data[i];
        if ((c & 0xC0) != 0x80)
            seen++;
        int sep = (c == (unsigned char)ctx.delim) || cs_csv_is_line_break(c);
        int space = c == ' ' || (c == '\t' && ctx.delim != '\t');
        if (!ctx.have_start && !space && !cs_csv_is_line_break(c)) {
            ctx.have_start = 1;
            ctx.start_line = line;
            ctx.start_col = seen;
        }
        ctx.trig_line = line;
        ctx.trig_col = seen;
        if (sep || i + 1 == len) {
            size_t n = i + 1 - chunk;
            size_t got = csv_parse(&p, data + chunk, n, on_field, on_row,
                                   &ctx);
            if (ctx.status == CS_OK && got != n) {
                size_t off = chunk + got;
                unsigned l, col;
                cs_csv_position_of(data, start, off, &l, &col);
                int err = csv_error(&p);
                if (err == CSV_EPARSE && p.quoted)
                    fail(&ctx, CS_ERR_PARSE, l, col,
                         "unexpected character after the closing quote of a "
                         "quoted field (a quote inside quotes must be "
                         "doubled: \"\")");
                else if (err == CSV_EPARSE)
                    fail(&ctx, CS_ERR_PARSE, l, col,
                         "quote character inside an unquoted field (quote "
                         "the whole field and double the quote: \"\")");
                else
                    fail(&ctx, CS_ERR_NOMEM, l, col, "CSV parser: %s",
                         csv_strerror(err));
            }
            chunk = i + 1;
        }
        if (c == '\n' || (c == '\r' && data[i + 1] != '\n')) {
            line++;
            seen = 0;
        }
    }
    if (ctx.status == CS_OK) {
        /* position just after the last byte, for a last row without a
         * line break */
        ctx.trig_line = line;
        ctx.trig_col = seen + 1;
        unsigned q_line = ctx.start_line, q_col = ctx.start_col;
        int had_start = ctx.have_start;
        if (csv_fini(&p, on_field, on_row, &ctx) != 0 &&
            ctx.status == CS_OK) {
            if (csv_error(&p) == CSV_EPARSE)
                fail(&ctx, CS_ERR_PARSE, had_start ? q_line : line,
                     had_start ? q_col : seen + 1,
                     "unterminated quoted field (missing closing quote)");
            else
                fail(&ctx, CS_ERR_NOMEM, line, seen + 1, "out of memory");
        }
    }
    csv_free(&p);
    free(copy);
    data = NULL;

    if (ctx.status == CS_OK && ctx.n_rows == 0)
        fail(&ctx, CS_ERR_INVALID, 1, 1,
             "empty file: no header line (expected column names)");
    if (ctx.status != CS_OK) {
        ctx_clear(&ctx);
        return ctx.status;
    }

    cs_csv_t *csv = calloc(1, sizeof(*csv));
    cs_csv_row_t *rows = calloc(ctx.n_rows, sizeof(*rows));
    char *nm = strdup(name);
    if (!csv || !rows || !nm) {
        free(csv);
        free(rows);
        free(nm);
        ctx_clear(&ctx);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < ctx.n_fields; i++)
        ctx.fields[i].text = ctx.arena + ctx.offsets[i];
    for (size_t i = 0; i < ctx.n_rows; i++) {
        rows[i].fields = ctx.fields + ctx.rows[i].first;
        rows[i].n_fields = ctx.rows[i].n;
        rows[i].line = ctx.rows[i].line;
        rows[i].end_line = ctx.rows[i].end_line;
        rows[i].end_column = ctx.rows[i].end_column;
    }
    csv->name = nm;
    csv->delim = ctx.delim;
    csv->encoding = enc;
    csv->text = ctx.arena;
    csv->fields = ctx.fields;
    csv->n_fields = ctx.n_fields;
    csv->rows = rows;
    csv->n_rows = ctx.n_rows;
    free(ctx.offsets);
    free(ctx.rows);

    cs_status_t st = (flags & CS_CSV_ANY_HEADER) ? CS_OK
                                                 : check_header(csv, diag);
    if (st != CS_OK) {
        cs_csv_free(csv);
        return st;
    }
    *out = csv;
    return CS_OK;
}

cs_status_t
cs_csv_read_file(const char *path, cs_csv_t **out, cs_diag_t *diag)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    cs_status_t st = cs_read_file(path, CS_CSV_MAX_BYTES, &data, &len, diag);
    if (st != CS_OK)
        return st;
    st = cs_csv_read_buffer(path, data, len, out, diag);
    free(data);
    return st;
}

const char *
cs_csv_name(const cs_csv_t *csv)
{
    return csv->name;
}

cs_csv_encoding_t
cs_csv_encoding(const cs_csv_t *csv)
{
    return csv->encoding;
}

char
cs_csv_delimiter(const cs_csv_t *csv)
{
    return csv->delim;
}

int
cs_csv_decimal_comma(const cs_csv_t *csv)
{
    return csv->delim != ',';
}

const cs_csv_row_t *
cs_csv_header(const cs_csv_t *csv)
{
    return &csv->rows[0];
}

size_t
cs_csv_row_count(const cs_csv_t *csv)
{
    return csv->n_rows - 1;
}

const cs_csv_row_t *
cs_csv_row(const cs_csv_t *csv, size_t i)
{
    if (i + 1 >= csv->n_rows)
        return NULL;
    return &csv->rows[i + 1];
}

const cs_csv_field_t *
cs_csv_cell(const cs_csv_row_t *row, long col)
{
    if (!row || col < 0 || (size_t)col >= row->n_fields)
        return NULL;
    return &row->fields[col];
}

long
cs_csv_column(const cs_csv_t *csv, const char *name)
{
    const cs_csv_row_t *h = &csv->rows[0];
    char *want = trimmed(name);
    long found = -1;
    for (size_t i = 0; i < h->n_fields && found < 0; i++) {
        char *have = trimmed(h->fields[i].text);
        if (have[0] && header_name_eq(have, want))
            found = (long)i;
        g_free(have);
    }
    g_free(want);
    return found;
}

cs_status_t
cs_csv_check_row_width(const cs_csv_t *csv, const cs_csv_row_t *r,
                       cs_diag_t *diag)
{
    size_t want = csv->rows[0].n_fields;
    if (r->n_fields == want)
        return CS_OK;
    if (r->n_fields > want)
        return cs_diag_add(diag, CS_ERR_PARSE, csv->name,
                           r->fields[want].line, r->fields[want].column,
                           "wrong column count: row has %zu fields, the "
                           "header has %zu (unquoted delimiter in a value?)",
                           r->n_fields, want);
    return cs_diag_add(diag, CS_ERR_PARSE, csv->name, r->end_line,
                       r->end_column,
                       "wrong column count: row has %zu fields, the header "
                       "has %zu",
                       r->n_fields, want);
}

cs_status_t
cs_csv_check_widths(const cs_csv_t *csv, cs_diag_t *diag)
{
    cs_status_t st = CS_OK;
    for (size_t i = 1; i < csv->n_rows; i++) {
        cs_status_t s = cs_csv_check_row_width(csv, &csv->rows[i], diag);
        if (st == CS_OK)
            st = s;
    }
    return st;
}

cs_status_t
cs_csv_check_label(const cs_csv_t *csv, const cs_csv_field_t *f,
                   const char *what, cs_diag_t *diag)
{
    if (!f)
        return CS_OK;
    glong n = g_utf8_strlen(f->text, (gssize)f->len);
    if (n <= (glong)CS_CSV_MAX_LABEL_CHARS)
        return CS_OK;
    return cs_diag_add(diag, CS_ERR_LIMIT, csv->name, f->line, f->column,
                       "%s is %ld characters long, more than the limit of %u",
                       what, (long)n, CS_CSV_MAX_LABEL_CHARS);
}
cs_status_t
cs_csv_load(const char *name, int from_file, const char *data, size_t len,
            cs_csv_build_fn build, const void *ctx, void *out, cs_diag_t *diag)
{
    cs_csv_t *csv = NULL;
    cs_status_t st = from_file ? cs_csv_read_file(name, &csv, diag)
                               : cs_csv_read_buffer(name, data, len, &csv,
                                                    diag);
    if (st != CS_OK)
        return st;
    st = build(ctx, csv, out, diag);
    cs_csv_free(csv);
    return st;
}
