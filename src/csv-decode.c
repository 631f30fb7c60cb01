/* SPDX-License-Identifier: MIT */
/*
 * Turns CSV input bytes into UTF-8 text (UTF-8 with or without a BOM,
 * UTF-16, Windows-1252) and finds the line and column of a byte in it.
 */
#include "csv-private.h"
#include "cs-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* Position (line, column) of byte @offset, counting from @start (after the
 * BOM). Used on error paths only. */
void
cs_csv_position_of(const char *data, size_t start, size_t offset,
                   unsigned *line, unsigned *col)
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
            cs_csv_position_of(begin, 0, (size_t)(o - begin), &line, &col);
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
            cs_csv_position_of(begin, 0, (size_t)(o - begin), &line, &col);
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
cs_status_t
cs_csv_decode_text(const char *name, const char *data, size_t len,
                   unsigned flags, char **text, size_t *text_len,
                   size_t *start, cs_csv_encoding_t *enc, cs_diag_t *diag)
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
            cs_csv_position_of(data, *start, CS_CSV_MAX_BYTES, &l, &c);
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
            cs_csv_position_of(o, 0, (size_t)(nul - o), &l, &c);
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
    cs_csv_position_of(copy, *start, off, &l, &c);
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
