/* SPDX-License-Identifier: MIT */
/*
 * Excel 97-2003 workbooks (.xls): the "Workbook" stream of the compound
 * file (MS-CFB), read as BIFF8 records (MS-XLS).
 *
 * Why not libfreexl: Debian 12's libfreexl 1.0.6 reads out of bounds on
 * crafted files (found by tests/fuzz/fuzz-sheet.c within minutes: a string
 * length taken from the file and handed to iconv over a stack buffer), it
 * hides number formats (a percent-formatted 0.97 would read as 0.97),
 * merged regions and formula results that are booleans or strings, and it
 * only reads files. The records citysnap needs are few, so they are read
 * here, from memory, with every read bounds-checked:
 *   globals: BOF (BIFF8 only), FILEPASS (encrypted: refused), DATEMODE,
 *     FORMAT, XF, BOUNDSHEET (worksheets only; hidden state), SST with its
 *     CONTINUE records (a string may run across them: each continuation of
 *     character data starts with a new flags byte);
 *   the chosen sheet: LABELSST, LABEL, RSTRING, NUMBER, RK, MULRK,
 *     BOOLERR, FORMULA (+ STRING for string results), MERGEDCELLS.
 * The compound-file container is read in sheet-cfb.c.
 */
#include "sheet-read-private.h"
#include "sheet-cfb-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

enum {
    BIFF_BOF = 0x0809,
    BIFF_EOF = 0x000A,
    BIFF_FILEPASS = 0x002F,
    BIFF_DATEMODE = 0x0022,
    BIFF_FORMAT = 0x041E,
    BIFF_XF = 0x00E0,
    BIFF_BOUNDSHEET = 0x0085,
    BIFF_SST = 0x00FC,
    BIFF_CONTINUE = 0x003C,
    BIFF_LABELSST = 0x00FD,
    BIFF_LABEL = 0x0204,
    BIFF_RSTRING = 0x00D6,
    BIFF_NUMBER = 0x0203,
    BIFF_RK = 0x027E,
    BIFF_MULRK = 0x00BD,
    BIFF_BOOLERR = 0x0205,
    BIFF_FORMULA = 0x0006,
    BIFF_STRING = 0x0207,
    BIFF_MERGEDCELLS = 0x00E5,
};

/* Most shared strings kept (each is also bounded by the stream size). */
#define MAX_SST (2u * 1024u * 1024u)

/*
 * A reader over a record and its CONTINUE records. Character data that
 * runs into the next segment starts there with a new flags byte (bit 0:
 * 16-bit characters); other fields continue byte for byte.
 */
typedef struct segs {
    const bytes_t *seg;
    size_t n, i, off;
} segs_t;

static int
seg_byte(segs_t *s, unsigned *out)
{
    while (s->i < s->n && s->off >= s->seg[s->i].len) {
        s->i++;
        s->off = 0;
    }
    if (s->i >= s->n)
        return -1;
    *out = s->seg[s->i].p[s->off++];
    return 0;
}

static int
seg_u16(segs_t *s, unsigned *out)
{
    unsigned a, b;
    if (seg_byte(s, &a) || seg_byte(s, &b))
        return -1;
    *out = a | b << 8;
    return 0;
}

static int
seg_u32(segs_t *s, uint32_t *out)
{
    unsigned a, b;
    if (seg_u16(s, &a) || seg_u16(s, &b))
        return -1;
    *out = (uint32_t)a | (uint32_t)b << 16;
    return 0;
}

static int
seg_skip(segs_t *s, size_t n)
{
    unsigned x;
    for (size_t i = 0; i < n; i++)
        if (seg_byte(s, &x))
            return -1;
    return 0;
}

/* Appends @cch characters as UTF-16 code units to @u. */
static int
seg_chars(segs_t *s, unsigned cch, int high, GArray *u)
{
    for (unsigned k = 0; k < cch; k++) {
        if (s->i < s->n && s->off >= s->seg[s->i].len && s->i + 1 < s->n) {
            /* continued in the next segment, with a new flags byte */
            s->i++;
            s->off = 0;
            unsigned flags;
            if (seg_byte(s, &flags))
                return -1;
            high = flags & 1;
        }
        unsigned ch;
        if (high ? seg_u16(s, &ch) : seg_byte(s, &ch))
            return -1;
        gunichar2 c = (gunichar2)ch;
        g_array_append_val(u, c);
    }
    return 0;
}

/* UTF-16 to UTF-8, cut to CS_CSV_MAX_FIELD_BYTES + 1 bytes (the builder
 * then reports the cell as too long); unpaired surrogates become U+FFFD. */
static char *
utf16_text(GArray *u)
{
    GString *s = g_string_new(NULL);
    const gunichar2 *p = (const gunichar2 *)(void *)u->data;
    for (guint i = 0; i < u->len && s->len <= CS_CSV_MAX_FIELD_BYTES; i++) {
        gunichar c = p[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u->len &&
            p[i + 1] >= 0xDC00 && p[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (p[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        } else if (c == 0) {
            continue; /* NUL: not text */
        }
        g_string_append_unichar(s, c);
    }
    if (s->len > CS_CSV_MAX_FIELD_BYTES + 1)
        g_string_truncate(s, CS_CSV_MAX_FIELD_BYTES + 1);
    while (s->len && !g_utf8_validate(s->str, (gssize)s->len, NULL))
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

/* An XLUnicodeRichExtendedString (16-bit count) from @s, as UTF-8. */
static char *
seg_rich_string(segs_t *s)
{
    unsigned cch, flags, runs = 0;
    uint32_t ext = 0;
    if (seg_u16(s, &cch) || seg_byte(s, &flags))
        return NULL;
    if ((flags & 0x08) && seg_u16(s, &runs))
        return NULL;
    if ((flags & 0x04) && seg_u32(s, &ext))
        return NULL;
    GArray *u = g_array_new(FALSE, FALSE, sizeof(gunichar2));
    char *out = NULL;
    if (seg_chars(s, cch, flags & 1, u) == 0 &&
        seg_skip(s, (size_t)runs * 4) == 0 && seg_skip(s, ext) == 0)
        out = utf16_text(u);
    g_array_free(u, TRUE);
    return out;
}

/* A string at @off of one record: 16-bit count when @wide, else 8-bit. */
static char *
rec_string(bytes_t rec, size_t off, int wide)
{
    if (off > rec.len)
        return NULL;
    bytes_t tail = {rec.p + off, rec.len - off};
    segs_t s = {&tail, 1, 0, 0};
    unsigned cch, flags;
    if (wide ? seg_u16(&s, &cch) : seg_byte(&s, &cch))
        return NULL;
    if (seg_byte(&s, &flags))
        return NULL;
    GArray *u = g_array_new(FALSE, FALSE, sizeof(gunichar2));
    char *out = NULL;
    if (seg_chars(&s, cch, flags & 1, u) == 0)
        out = utf16_text(u);
    g_array_free(u, TRUE);
    return out;
}

/* -- the workbook ------------------------------------------------------- */

typedef struct sheet_ref {
    char *name;
    uint32_t pos;
    int hidden;
} sheet_ref_t;

typedef struct book {
    const char *file;
    bytes_t stream;
    int date1904;
    int encrypted;
    GArray *xf_fmt;      /* unsigned: number format index of each XF */
    GHashTable *formats; /* format index -> code */
    GPtrArray *sst;      /* char * */
    GArray *sheets;      /* sheet_ref_t */
} book_t;

typedef struct record {
    unsigned type;
    bytes_t data;
    size_t next; /* offset of the record after it */
} record_t;

/* The record at @off, 0 when there is one. */
static int
record_at(bytes_t s, size_t off, record_t *r)
{
    unsigned type, size;
    if (cfb_rd16(s, off, &type) || cfb_rd16(s, off + 2, &size))
        return -1;
    if (size > s.len - off - 4)
        return -1;
    r->type = type;
    r->data.p = s.p + off + 4;
    r->data.len = size;
    r->next = off + 4 + size;
    return 0;
}

static void
read_sst(book_t *b, const record_t *first)
{
    /* the SST record and the CONTINUE records after it */
    GArray *segs = g_array_new(FALSE, FALSE, sizeof(bytes_t));
    bytes_t head = first->data;
    if (head.len < 8) {
        g_array_free(segs, TRUE);
        return;
    }
    head.p += 8; /* cstTotal, cstUnique */
    head.len -= 8;
    g_array_append_val(segs, head);
    record_t r;
    size_t off = first->next;
    while (record_at(b->stream, off, &r) == 0 && r.type == BIFF_CONTINUE) {
        g_array_append_val(segs, r.data);
        off = r.next;
    }
    uint32_t unique = 0;
    cfb_rd32(first->data, 4, &unique);
    segs_t s = {(const bytes_t *)(void *)segs->data, segs->len, 0, 0};
    while (b->sst->len < unique && b->sst->len < MAX_SST) {
        char *str = seg_rich_string(&s);
        if (!str)
            break;
        g_ptr_array_add(b->sst, str);
    }
    g_array_free(segs, TRUE);
}

static int
read_globals(book_t *b)
{
    record_t r;
    if (record_at(b->stream, 0, &r) || r.type != BIFF_BOF)
        return -1;
    unsigned vers = 0;
    if (cfb_rd16(r.data, 0, &vers) || vers != 0x0600)
        return -2;
    size_t off = r.next;
    while (record_at(b->stream, off, &r) == 0 && r.type != BIFF_EOF) {
        off = r.next;
        unsigned u = 0;
        switch (r.type) {
        case BIFF_FILEPASS:
            b->encrypted = 1;
            return 0;
        case BIFF_DATEMODE:
            if (!cfb_rd16(r.data, 0, &u))
                b->date1904 = u == 1;
            break;
        case BIFF_FORMAT: {
            char *code = cfb_rd16(r.data, 0, &u) ? NULL : rec_string(r.data, 2, 1);
            if (code && g_hash_table_size(b->formats) < 65536)
                g_hash_table_replace(b->formats, GUINT_TO_POINTER(u), code);
            else
                g_free(code);
            break;
        }
        case BIFF_XF:
            if (!cfb_rd16(r.data, 2, &u) && b->xf_fmt->len < 65536)
                g_array_append_val(b->xf_fmt, u);
            break;
        case BIFF_BOUNDSHEET: {
            uint32_t pos = 0;
            if (cfb_rd32(r.data, 0, &pos) || r.data.len < 8 ||
                b->sheets->len >= CS_SHEET_MAX_SHEETS)
                break;
            if (r.data.p[5] != 0)
                break; /* a chart, macro or dialog sheet */
            char *name = rec_string(r.data, 6, 0);
            if (!name)
                break;
            sheet_ref_t ref = {name, pos, (r.data.p[4] & 3) != 0};
            g_array_append_val(b->sheets, ref);
            break;
        }
        case BIFF_SST:
            if (b->sst->len == 0)
                read_sst(b, &r);
            break;
        default:
            break;
        }
    }
    return 0;
}

static const char *
xf_format(const book_t *b, unsigned ixfe)
{
    if (ixfe >= b->xf_fmt->len)
        return NULL;
    unsigned ifmt = g_array_index(b->xf_fmt, unsigned, ixfe);
    const char *code = g_hash_table_lookup(b->formats, GUINT_TO_POINTER(ifmt));
    return code ? code : cs_numfmt_builtin(ifmt);
}

static double
rk_value(uint32_t rk)
{
    double v;
    if (rk & 2) {
        v = (double)((int32_t)rk >> 2);
    } else {
        uint64_t u = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &u, sizeof(v));
    }
    return (rk & 1) ? v / 100.0 : v;
}

static cs_status_t
put_number(cs_sheet_builder_t *sb, const book_t *b, unsigned row,
           unsigned col, unsigned ixfe, double v, cs_diag_t *diag)
{
    if (!isfinite(v))
        return cs_sheet_builder_diag(sb, diag, CS_ERR_PARSE, row + 1, col + 1,
                                     "the workbook is corrupt: a number that "
                                     "is not finite");
    cs_sheet_cell_t cell;
    memset(&cell, 0, sizeof(cell));
    cell.row = row + 1;
    cell.col = col + 1;
    cell.kind = CS_CELL_NUMBER;
    cell.number = v;
    const char *code = xf_format(b, ixfe);
    int pc = 0, dt = 0;
    cs_numfmt_classify(code, &pc, &dt);
    cell.percent = (unsigned char)pc;
    cell.date = (unsigned char)dt;
    char *text = cs_numfmt_display(dt && b->date1904 ? v + 1462 : v, code);
    cell.text = text;
    cell.len = strlen(text);
    cs_status_t st = cs_sheet_builder_put(sb, &cell, diag);
    g_free(text);
    return st;
}

static cs_status_t
put_text(cs_sheet_builder_t *sb, unsigned row, unsigned col,
         cs_cell_kind_t kind, double number, const char *text,
         cs_diag_t *diag)
{
    if (!text)
        return cs_sheet_builder_diag(sb, diag, CS_ERR_PARSE, row + 1, col + 1,
                                     "the workbook is corrupt: unreadable "
                                     "text");
    cs_sheet_cell_t cell;
    memset(&cell, 0, sizeof(cell));
    cell.row = row + 1;
    cell.col = col + 1;
    cell.kind = kind;
    cell.number = number;
    cell.text = text;
    cell.len = strlen(text);
    return cs_sheet_builder_put(sb, &cell, diag);
}

static const char *
error_text(unsigned code)
{
    switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    default: return "#ERROR";
    }
}

/* One cell record of the sheet substream. @pending: a FORMULA with a
 * string result came last (its text is in the next STRING record). */
static cs_status_t
sheet_record(cs_sheet_builder_t *sb, const book_t *b, const record_t *r,
             int *pending, unsigned *prow, unsigned *pcol, cs_diag_t *diag)
{
    bytes_t d = r->data;
    unsigned row = 0, col = 0, ixfe = 0;
    int was_pending = *pending;
    *pending = 0;
    if (r->type != BIFF_MERGEDCELLS && r->type != BIFF_STRING &&
        (cfb_rd16(d, 0, &row) || cfb_rd16(d, 2, &col) || cfb_rd16(d, 4, &ixfe)))
        return CS_OK;
    switch (r->type) {
    case BIFF_LABELSST: {
        uint32_t i = 0;
        if (cfb_rd32(d, 6, &i))
            return CS_OK;
        if (i >= b->sst->len)
            return cs_sheet_builder_diag(sb, diag, CS_ERR_PARSE, row + 1,
                                         col + 1,
                                         "the workbook is corrupt: shared "
                                         "string %u does not exist",
                                         (unsigned)i);
        return put_text(sb, row, col, CS_CELL_TEXT, 0,
                        g_ptr_array_index(b->sst, i), diag);
    }
    case BIFF_LABEL:
    case BIFF_RSTRING: {
        char *t = rec_string(d, 6, 1);
        cs_status_t st = put_text(sb, row, col, CS_CELL_TEXT, 0, t, diag);
        g_free(t);
        return st;
    }
    case BIFF_NUMBER: {
        double v;
        if (cfb_rd_double(d, 6, &v))
            return CS_OK;
        return put_number(sb, b, row, col, ixfe, v, diag);
    }
    case BIFF_RK: {
        uint32_t rk;
        if (cfb_rd32(d, 6, &rk))
            return CS_OK;
        return put_number(sb, b, row, col, ixfe, rk_value(rk), diag);
    }
    case BIFF_MULRK: {
        cs_status_t st = CS_OK;
        /* row, first column, then {XF, RK} pairs, then the last column */
        for (size_t off = 4; off + 6 + 2 <= d.len && st == CS_OK;
             off += 6, col++) {
            uint32_t rk;
            cfb_rd16(d, off, &ixfe);
            cfb_rd32(d, off + 2, &rk);
            st = put_number(sb, b, row, col, ixfe, rk_value(rk), diag);
        }
        return st;
    }
    case BIFF_BOOLERR:
        if (d.len < 8)
            return CS_OK;
        if (d.p[7])
            return put_text(sb, row, col, CS_CELL_ERROR, 0,
                            error_text(d.p[6]), diag);
        return put_text(sb, row, col, CS_CELL_BOOLEAN, d.p[6] ? 1 : 0,
                        d.p[6] ? "TRUE" : "FALSE", diag);
    case BIFF_FORMULA: {
        if (d.len < 14)
            return CS_OK;
        if (d.p[12] != 0xFF || d.p[13] != 0xFF) {
            double v;
            cfb_rd_double(d, 6, &v);
            return put_number(sb, b, row, col, ixfe, v, diag);
        }
        switch (d.p[6]) {
        case 0:
            *pending = 1;
            *prow = row;
            *pcol = col;
            return CS_OK;
        case 1:
            return put_text(sb, row, col, CS_CELL_BOOLEAN, d.p[8] ? 1 : 0,
                            d.p[8] ? "TRUE" : "FALSE", diag);
        case 2:
            return put_text(sb, row, col, CS_CELL_ERROR, 0,
                            error_text(d.p[8]), diag);
        default:
            return CS_OK;
        }
    }
    case BIFF_STRING: {
        if (!was_pending)
            return CS_OK;
        char *t = rec_string(d, 0, 1);
        cs_status_t st = put_text(sb, *prow, *pcol, CS_CELL_TEXT, 0, t, diag);
        g_free(t);
        return st;
    }
    case BIFF_MERGEDCELLS: {
        unsigned n = 0;
        cs_status_t st = CS_OK;
        cfb_rd16(d, 0, &n);
        for (unsigned i = 0; i < n && st == CS_OK; i++) {
            unsigned v[4];
            int bad = 0;
            for (int k = 0; k < 4; k++)
                bad |= cfb_rd16(d, 2 + 8 * (size_t)i + 2 * (size_t)k, &v[k]);
            if (bad)
                break;
            st = cs_sheet_builder_merge(sb, v[0] + 1, v[2] + 1, v[1] + 1,
                                        v[3] + 1, diag);
        }
        return st;
    }
    default:
        return CS_OK;
    }
}

static cs_status_t
read_sheet(cs_sheet_builder_t *sb, const book_t *b, uint32_t pos,
           cs_diag_t *diag)
{
    record_t r;
    if (record_at(b->stream, pos, &r) || r.type != BIFF_BOF)
        return cs_sheet_builder_diag(sb, diag, CS_ERR_PARSE, 0, 0,
                                     "the workbook is corrupt: the sheet's "
                                     "records are missing");
    size_t off = r.next;
    int pending = 0;
    unsigned prow = 0, pcol = 0;
    cs_status_t st = CS_OK;
    while (st == CS_OK && record_at(b->stream, off, &r) == 0 &&
           r.type != BIFF_EOF) {
        off = r.next;
        st = sheet_record(sb, b, &r, &pending, &prow, &pcol, diag);
    }
    return st;
}

static void
book_clear(book_t *b)
{
    for (guint i = 0; b->sheets && i < b->sheets->len; i++)
        g_free(g_array_index(b->sheets, sheet_ref_t, i).name);
    if (b->sheets)
        g_array_free(b->sheets, TRUE);
    if (b->xf_fmt)
        g_array_free(b->xf_fmt, TRUE);
    if (b->formats)
        g_hash_table_destroy(b->formats);
    if (b->sst)
        g_ptr_array_free(b->sst, TRUE);
}

/* The stream, or a diagnostic saying why there is none. */
static cs_status_t
open_stream(const char *name, const char *data, size_t len,
            unsigned char **stream, size_t *slen, cs_diag_t *diag)
{
    cfb_t c;
    *stream = NULL;
    if (cfb_open(&c, data, len) != 0) {
        g_free(c.fat);
        return cs_diag_add(diag, CS_ERR_PARSE, name, 0, 0,
                           "not a readable Excel 97-2003 workbook: the "
                           "file is truncated or corrupt");
    }
    stream_kind_t kind;
    *stream = cfb_workbook_stream(&c, slen, &kind);
    g_free(c.fat);
    if (kind == STREAM_TRUNCATED)
        return cs_diag_add(diag, CS_ERR_PARSE, name, 0, 0,
                           "not a readable Excel 97-2003 workbook: the "
                           "file is truncated or corrupt");
    if (kind == STREAM_ENCRYPTED_OOXML)
        return cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                           "the workbook is password-protected (save it "
                           "without a password)");
    if (!*stream)
        return cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                           "an OLE2 file without an Excel workbook (a Word "
                           "or other Office document?)");
    return CS_OK;
}

cs_status_t
cs_sheet_read_xls(const char *name, const char *data, size_t len,
                  const char *sheet_name, cs_sheet_t **out, cs_diag_t *diag)
{
    *out = NULL;
    unsigned char *stream = NULL;
    size_t slen = 0;
    cs_status_t st = open_stream(name, data, len, &stream, &slen, diag);
    if (st != CS_OK)
        return st;
    book_t b;
    memset(&b, 0, sizeof(b));
    b.file = name;
    b.stream.p = stream;
    b.stream.len = slen;
    b.xf_fmt = g_array_new(FALSE, FALSE, sizeof(unsigned));
    b.formats = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                      g_free);
    b.sst = g_ptr_array_new_with_free_func(g_free);
    b.sheets = g_array_new(FALSE, FALSE, sizeof(sheet_ref_t));
    int g = read_globals(&b);
    if (g == -2)
        st = cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                         "an Excel 5.0/95 or older workbook, which citysnap "
                         "does not read (save it as .xlsx)");
    else if (g < 0)
        st = cs_diag_add(diag, CS_ERR_PARSE, name, 0, 0,
                         "not a readable Excel 97-2003 workbook: the "
                         "workbook stream is corrupt");
    else if (b.encrypted)
        st = cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                         "the workbook is password-protected (save it "
                         "without a password)");
    int idx = -1;
    for (guint i = 0; st == CS_OK && i < b.sheets->len && idx < 0; i++) {
        const sheet_ref_t *s = &g_array_index(b.sheets, sheet_ref_t, i);
        if (sheet_name ? !strcmp(s->name, sheet_name) : !s->hidden)
            idx = (int)i;
    }
    if (st == CS_OK && idx < 0 && !sheet_name && b.sheets->len)
        idx = 0; /* every sheet hidden: the first one */
    if (st == CS_OK && idx < 0) {
        if (sheet_name) {
            const char **names = g_new0(const char *, b.sheets->len + 1);
            for (guint i = 0; i < b.sheets->len; i++)
                names[i] = g_array_index(b.sheets, sheet_ref_t, i).name;
            st = cs_sheet_missing(diag, name, sheet_name, names,
                                  b.sheets->len);
            g_free(names);
        } else {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                             "the workbook has no sheets");
        }
    }
    cs_sheet_builder_t *sb = NULL;
    if (st == CS_OK) {
        const sheet_ref_t *s = &g_array_index(b.sheets, sheet_ref_t, idx);
        sb = cs_sheet_builder_new(name, CS_SHEET_FORMAT_XLS);
        for (guint i = 0; i < b.sheets->len; i++)
            cs_sheet_builder_add_book_name(
                sb, g_array_index(b.sheets, sheet_ref_t, i).name);
        cs_sheet_builder_set_name(sb, s->name);
        st = read_sheet(sb, &b, s->pos, diag);
    }
    book_clear(&b);
    g_free(stream);
    if (st != CS_OK) {
        cs_sheet_builder_free(sb);
        return st;
    }
    return cs_sheet_builder_finish(sb, out, diag);
}
