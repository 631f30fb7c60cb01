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

static int
is_line_break(unsigned char c)
{
    return c == '\r' || c == '\n';
}

/* Position (line, column) of byte @offset, counting from @start (after the
 * BOM). Used on error paths only. */
static void
position_of(const char *data, size_t start, size_t offset, unsigned *line,
            unsigned *col)
{
    unsigned l = 1, seen = 0;
    for (size_t i = start; i < offset; i++) {
        unsigned char c = (unsigned char)data[i];
        if ((c & 0xC0) != 0x80)
            seen++;
        if (c == '\n' || (c == '\r' && data[i + 1] != '\n')) {
            /* data[i + 1] is readable: i < offset <= length, and the
             * buffer is NUL-terminated or longer than offset. */
            l++;
            seen = 0;
        }
    }
    *line = l;
    *col = seen + 1;
}

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

/* Counts delimiter candidates outside quotes on the first line that has
 * content, and picks the most frequent one. */
static char
sniff_delimiter(const char *data, size_t start, size_t len)
{
    size_t i = start;
    while (i < len) {
        /* find the first line with something else than separators/space */
        size_t j = i;
        int content = 0;
        while (j < len && !is_line_break((unsigned char)data[j])) {
            char c = data[j];
            if (c != ' ' && c != '\t' && c != ',' && c != ';')
                content = 1;
            j++;
        }
        if (!content) {
            i = j + 1;
            continue;
        }
        size_t n_comma = 0, n_semi = 0, n_tab = 0;
        int quoted = 0;
        for (j = i; j < len; j++) {
            char c = data[j];
            if (c == '"')
                quoted = !quoted;
            else if (quoted)
                continue;
            else if (is_line_break((unsigned char)c))
                break;
            else if (c == ',')
                n_comma++;
            else if (c == ';')
                n_semi++;
            else if (c == '\t')
                n_tab++;
        }
        if (n_comma >= n_semi && n_comma >= n_tab && n_comma > 0)
            return ',';
        if (n_semi >= n_tab && n_semi > 0)
            return ';';
        if (n_tab > 0)
            return '\t';
        return ',';
    }
    return ',';
}

/* How many of the first lines to look at when the header need not be the
 * first line. */
#define SNIFF_LINES 100

/*
 * The delimiter of a table whose first lines may be titles: the candidate
 * found (outside quotes) on the most of the first SNIFF_LINES lines, ties
 * going to the one that occurs most often, then ',' before ';' before TAB.
 * A title line holds no delimiter or a stray one; data lines all hold the
 * real one.
 */
static char
sniff_delimiter_lines(const char *data, size_t start, size_t len)
{
    static const char cand[3] = {',', ';', '\t'};
    size_t lines[3] = {0, 0, 0}, total[3] = {0, 0, 0}, here[3] = {0, 0, 0};
    size_t n_lines = 0;
    int quoted = 0;
    for (size_t i = start; i <= len && n_lines < SNIFF_LINES; i++) {
        char c = i < len ? data[i] : '\n';
        if (c == '"') {
            quoted = !quoted;
        } else if (quoted && i < len) {
            continue;
        } else if (is_line_break((unsigned char)c)) {
            int any = 0;
            for (int k = 0; k < 3; k++) {
                if (here[k])
                    lines[k]++, any = 1;
                total[k] += here[k];
                here[k] = 0;
            }
            n_lines += any;
        } else {
            for (int k = 0; k < 3; k++)
                if (c == cand[k])
                    here[k]++;
        }
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (lines[k] > lines[best] ||
            (lines[k] == lines[best] && total[k] > total[best]))
            best = k;
    return cand[best];
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

/* Windows-1252 bytes 0x80..0x9F (the rest is ISO-8859-1). The five
 * undefined bytes map to the C1 controls, as in the WHATWG decoder. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

const char *
cs_csv_encoding_name(cs_csv_encoding_t enc)
{
    switch (enc) {
    case CS_CSV_ENC_UTF8: return "UTF-8";
    case CS_CSV_ENC_UTF8_BOM: return "UTF-8 (with BOM)";
    case CS_CSV_ENC_UTF16LE: return "UTF-16 LE";
    case CS_CSV_ENC_UTF16BE: return "UTF-16 BE";
    case CS_CSV_ENC_CP1252: return "Windows-1252";
    case CS_CSV_ENC_COUNT: break;
    }
    return "unknown";
}

/* Appends code point @u as UTF-8 at @o; returns the new end. */
static char *
put_utf8(char *o, uint32_t u)
{
    return o + g_unichar_to_utf8((gunichar)u, o);
}

/*
 * UTF-16 (@be: big endian) from @data + @start to UTF-8 in @o (room for
 * 3 bytes per code unit plus the NUL). An odd trailing byte or an unpaired
 * surrogate is CS_ERR_PARSE at the character where it occurs.
 */
static cs_status_t
decode_utf16(const char *name, const unsigned char *data, size_t start,
             size_t len, int be, char *o, size_t *out_len, cs_diag_t *diag)
{
    char *begin = o;
    size_t i = start;
    while (i < len) {
        unsigned line, col;
        if (i + 1 >= len) {
            *o = '\0';
            position_of(begin, 0, (size_t)(o - begin), &line, &col);
            return cs_diag_add(diag, CS_ERR_PARSE, name, line, col,
                               "UTF-16 text ends in the middle of a "
                               "character (odd number of bytes)");
        }
        uint32_t u = be ? (uint32_t)(data[i] << 8 | data[i + 1])
                        : (uint32_t)(data[i + 1] << 8 | data[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
            uint32_t lo = be ? (uint32_t)(data[i] << 8 | data[i + 1])
                             : (uint32_t)(data[i + 1] << 8 | data[i]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            *o = '\0';
            position_of(begin, 0, (size_t)(o - begin), &line, &col);
            return cs_diag_add(diag, CS_ERR_PARSE, name, line, col,
                               "invalid UTF-16: unpaired surrogate 0x%04X",
                               (unsigned)u);
        }
        o = put_utf8(o, u);
    }
    *o = '\0';
    *out_len = (size_t)(o - begin);
    return CS_OK;
}

/* Windows-1252 to UTF-8 (room for 3 bytes per byte plus the NUL). */
static size_t
decode_cp1252(const unsigned char *data, size_t len, char *o)
{
    char *begin = o;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = data[i];
        if (c < 0x80)
            *o++ = (char)c;
        else
            o = put_utf8(o, c < 0xA0 ? cp1252_high[c - 0x80] : c);
    }
    *o = '\0';
    return (size_t)(o - begin);
}

/* Whether @data looks like UTF-16 without a BOM: an ASCII character with
 * a zero byte beside it, twice. Returns 1 (LE), 2 (BE) or 0. */
static int
bomless_utf16(const unsigned char *d, size_t len)
{
    if (len < 4)
        return 0;
    if (d[0] && !d[1] && d[2] && !d[3] && d[0] < 0x80 && d[2] < 0x80)
        return 1;
    if (!d[0] && d[1] && !d[2] && d[3] && d[1] < 0x80 && d[3] < 0x80)
        return 2;
    return 0;
}

/*
 * Turns the input into NUL-terminated UTF-8 text in a new buffer *@text
 * (free()) of *@text_len bytes, whose first *@start bytes (a UTF-8 BOM)
 * are to be skipped. Without CS_CSV_DECODE only UTF-8 is accepted; with
 * it, a UTF-16 BOM (or BOM-less UTF-16 ASCII) selects UTF-16 and bytes
 * that are not valid UTF-8 (and hold no NUL) are read as Windows-1252.
 */
static cs_status_t
decode_text(const char *name, const char *data, size_t len, unsigned flags,
            char **text, size_t *text_len, size_t *start,
            cs_csv_encoding_t *enc, cs_diag_t *diag)
{
    const unsigned char *u = (const unsigned char *)data;
    *text = NULL;
    *start = 0;
    *enc = CS_CSV_ENC_UTF8;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *start = 3;
        *enc = CS_CSV_ENC_UTF8_BOM;
    }
    if (len > CS_CSV_MAX_BYTES) {
        unsigned l = 0, c = 0;
        if (!(flags & CS_CSV_DECODE))
            position_of(data, *start, CS_CSV_MAX_BYTES, &l, &c);
        return cs_diag_add(diag, CS_ERR_LIMIT, name, l, c,
                           "file is larger than the limit of %u bytes",
                           CS_CSV_MAX_BYTES);
    }
    int utf16 = 0; /* 1: LE, 2: BE */
    size_t skip = 0;
    if ((flags & CS_CSV_DECODE) && *start == 0) {
        if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
            utf16 = 1, skip = 2;
        else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
            utf16 = 2, skip = 2;
        else
            utf16 = bomless_utf16(u, len);
    }
    if (utf16) {
        /* up to 3 UTF-8 bytes per 2-byte code unit (4 per surrogate
         * pair) */
        char *o = malloc((len / 2) * 3 + 4);
        if (!o)
            return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0,
                               "out of memory");
        cs_status_t st = decode_utf16(name, u, skip, len, utf16 == 2, o,
                                      text_len, diag);
        if (st != CS_OK) {
            free(o);
            return st;
        }
        const char *nul = memchr(o, 0, *text_len);
        if (nul) {
            unsigned l, c;
            position_of(o, 0, (size_t)(nul - o), &l, &c);
            free(o);
            return cs_diag_add(diag, CS_ERR_PARSE, name, l, c,
                               "NUL character in UTF-16 text (is this a "
                               "binary file?)");
        }
        *text = o;
        *enc = utf16 == 2 ? CS_CSV_ENC_UTF16BE : CS_CSV_ENC_UTF16LE;
        return CS_OK;
    }
    /* A NUL-terminated copy: the scanners may peek one byte ahead. */
    char *copy = malloc(len + 1);
    if (!copy)
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';

    const gchar *bad = NULL;
    if (g_utf8_validate_len(copy + *start, len - *start, &bad)) {
        *text = copy;
        *text_len = len;
        return CS_OK;
    }
    size_t off = (size_t)(bad - copy);
    if ((flags & CS_CSV_DECODE) && *start == 0 && !memchr(copy, 0, len)) {
        char *o = malloc(len * 3 + 1);
        if (!o) {
            free(copy);
            return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0,
                               "out of memory");
        }
        *text_len = decode_cp1252(u, len, o);
        free(copy);
        *text = o;
        *enc = CS_CSV_ENC_CP1252;
        return CS_OK;
    }
    unsigned l, c;
    position_of(copy, *start, off, &l, &c);
    cs_status_t st;
    if (copy[off] == '\0')
        st = cs_diag_add(diag, CS_ERR_PARSE, name, l, c,
                         "NUL byte in text (is this a binary or UTF-16 "
                         "file? save it as UTF-8 CSV)");
    else
        st = cs_diag_add(diag, CS_ERR_PARSE, name, l, c,
                         "invalid UTF-8 byte 0x%02X (save the file as "
                         "UTF-8 CSV)",
                         (unsigned char)copy[off]);
    free(copy);
    return st;
}

/*
 * Excel's "sep=X" first line names the delimiter. Returns X (',', ';' or
 * TAB) and blanks the line out in @text (so it reads as a blank line and
 * line numbers stay those of the file), 0 when there is no such line, or
 * -1 after reporting an unsupported delimiter.
 */
static int
sep_line(const char *name, char *text, size_t start, size_t len,
         cs_diag_t *diag)
{
    char *s = text + start;
    size_t n = len - start;
    if (n < 5 || g_ascii_strncasecmp(s, "sep=", 4) != 0)
        return 0;
    char d = s[4];
    size_t end = 5;
    while (end < n && s[end] == ' ')
        end++;
    if (end < n && !is_line_break((unsigned char)s[end]))
        return 0;
    if (d != ',' && d != ';' && d != '\t') {
        cs_diag_add(diag, CS_ERR_PARSE, name, 1, 5,
                    "unsupported delimiter in the 'sep=' line (use ',', "
                    "';' or TAB)");
        return -1;
    }
    memset(s, ' ', end);
    return d;
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
    cs_status_t dst = decode_text(name, data, len, flags, &copy, &len,
                                  &start, &enc, diag);
    if (dst != CS_OK)
        return dst;
    data = copy;
    int forced = 0;
    if (flags & CS_CSV_SEP_LINE) {
        forced = sep_line(name, copy, start, len, diag);
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
        ctx.delim = sniff_delimiter_lines(data, start, len);
    else
        ctx.delim = sniff_delimiter(data, start, len);

    /* Worst case arena size: all text plus one NUL per field; fields are
     * at most one more than the delimiter and line-break bytes. */
    size_t bound = 1;
    for (size_t i = start; i < len; i++)
        if (data[i] == ctx.delim || is_line_break((unsigned char)data[i]))
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
        int sep = (c == (unsigned char)ctx.delim) || is_line_break(c);
        int space = c == ' ' || (c == '\t' && ctx.delim != '\t');
        if (!ctx.have_start && !space && !is_line_break(c)) {
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
                position_of(data, start, off, &l, &col);
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

int
cs_csv_is_blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

const char *
cs_csv_label_problem(const char *text)
{
    if (!text || !g_utf8_validate(text, -1, NULL))
        return "is not valid UTF-8";
    size_t n = 0;
    int blank = 1;
    for (const char *p = text; *p; p = g_utf8_next_char(p), n++) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_iscntrl(c))
            return "contains a control character";
        if (!g_unichar_isspace(c))
            blank = 0;
    }
    if (blank)
        return "is empty";
    if (n > CS_CSV_MAX_LABEL_CHARS)
        return "is longer than the limit for labels";
    return NULL;
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

static int
set_why(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -1;
}

int
cs_csv_parse_number(const char *text, int decimal_comma, double *out,
                    const char **why)
{
    char buf[128];
    size_t n = 0;
    if (!text)
        return set_why(why, "empty");
    const char *s = text;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return set_why(why, "empty");
    if (*s == '+' || *s == '-')
        buf[n++] = *s++;
    size_t digits = 0, seps = 0, int_digits = 0, frac_digits = 0;
    int saw_comma = 0, saw_dot = 0, int_zero = 1;
    while (*s) {
        char c = *s;
        if (c >= '0' && c <= '9') {
            digits++;
            if (seps) {
                frac_digits++;
            } else {
                int_digits++;
                int_zero &= c == '0';
            }
        } else if (c == '.' || c == ',') {
            if (c == ',')
                saw_comma = 1;
            else
                saw_dot = 1;
            if (++seps > 1)
                return set_why(why, decimal_comma
                                        ? "more than one decimal separator "
                                          "(no thousands separators, please)"
                                        : "more than one decimal point (no "
                                          "thousands separators, please)");
            c = '.';
        } else {
            break;
        }
        if (n >= sizeof(buf) - 16)
            return set_why(why, "too many digits");
        buf[n++] = c;
        s++;
    }
    if (saw_comma && !decimal_comma)
        return set_why(why, "decimal comma in a comma-separated file (use a "
                            "decimal point, or semicolons between fields)");
    if (!digits)
        return set_why(why, "not a number");
    /* "1.234" where commas are decimal separators reads as 1234 to some
     * and as 1.234 to others: refuse rather than guess */
    if (decimal_comma && saw_dot && frac_digits == 3 && int_digits >= 1 &&
        int_digits <= 3 && !int_zero && *s != 'e' && *s != 'E')
        return set_why(why, "ambiguous: with decimal commas, a dot "
                            "followed by three digits may be a thousands "
                            "separator (write 1234 or 1,234)");
    if (*s == 'e' || *s == 'E') {
        buf[n++] = 'e';
        s++;
        if (*s == '+' || *s == '-')
            buf[n++] = *s++;
        size_t ed = 0;
        while (*s >= '0' && *s <= '9') {
            if (n >= sizeof(buf) - 1)
                return set_why(why, "too many digits");
            buf[n++] = *s++;
            ed++;
        }
        if (!ed)
            return set_why(why, "not a number (exponent without digits)");
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s)
        return set_why(why, "not a number");
    buf[n] = '\0';
    errno = 0;
    char *end = NULL;
    double v = g_ascii_strtod(buf, &end);
    if (!end || *end)
        return set_why(why, "not a number");
    if (!isfinite(v))
        return set_why(why, "number out of range");
    /* a non-zero number too small for a double (1e-400) is as wrong as
     * one too large; subnormal numbers (1e-320) are kept */
    if (v == 0 && errno == ERANGE)
        return set_why(why, "number out of range (too small: underflows "
                            "to 0)");
    *out = v;
    return 0;
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
