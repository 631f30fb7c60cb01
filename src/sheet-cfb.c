/* SPDX-License-Identifier: MIT */
/*
 * The compound-file container (MS-CFB) of an .xls workbook: the header,
 * the FAT and the "Workbook" stream, read from memory with every read
 * bounds-checked. Chains are cut after as many steps as the file has
 * sectors, so a looping chain ends.
 */
#include "sheet-read-private.h"
#include "sheet-cfb-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define ENDOFCHAIN 0xFFFFFFFEu

int
cfb_rd16(bytes_t b, size_t off, unsigned *out)
{
    if (off > b.len || b.len - off < 2)
        return -1;
    *out = (unsigned)b.p[off] | (unsigned)b.p[off + 1] << 8;
    return 0;
}

int
cfb_rd32(bytes_t b, size_t off, uint32_t *out)
{
    if (off > b.len || b.len - off < 4)
        return -1;
    *out = (uint32_t)b.p[off] | (uint32_t)b.p[off + 1] << 8 |
           (uint32_t)b.p[off + 2] << 16 | (uint32_t)b.p[off + 3] << 24;
    return 0;
}

int
cfb_rd_double(bytes_t b, size_t off, double *out)
{
    uint32_t lo, hi;
    if (cfb_rd32(b, off, &lo) || cfb_rd32(b, off + 4, &hi))
        return -1;
    uint64_t u = (uint64_t)hi << 32 | lo;
    memcpy(out, &u, sizeof(*out));
    return 0;
}

/* -- compound file ------------------------------------------------------ */

static const unsigned char *
sector(const cfb_t *c, uint32_t s)
{
    if (s >= c->n_sectors)
        return NULL;
    return c->file.p + ((size_t)s + 1) * ((size_t)1 << c->shift);
}

/* The bytes of the chain from @start, at most @max (g_free()). */
static unsigned char *
read_chain(const cfb_t *c, uint32_t start, size_t max, size_t *len)
{
    size_t ss = (size_t)1 << c->shift;
    GByteArray *out = g_byte_array_new();
    uint32_t s = start;
    for (size_t steps = 0; s != ENDOFCHAIN && steps <= c->n_sectors &&
                           out->len < max;
         steps++) {
        const unsigned char *p = sector(c, s);
        if (!p || s >= c->n_fat)
            break;
        g_byte_array_append(out, p, (guint)ss);
        s = c->fat[s];
    }
    *len = MIN(out->len, max);
    return g_byte_array_free(out, FALSE);
}

static int
copy_fat_sector(cfb_t *c, uint32_t s, size_t *filled, size_t per)
{
    const unsigned char *p = sector(c, s);
    if (!p)
        return -1;
    bytes_t b = {p, per * 4};
    for (size_t i = 0; i < per; i++)
        cfb_rd32(b, 4 * i, &c->fat[*filled + i]);
    *filled += per;
    return 0;
}

int
cfb_open(cfb_t *c, const char *data, size_t len)
{
    memset(c, 0, sizeof(*c));
    c->file.p = (const unsigned char *)data;
    c->file.len = len;
    unsigned shift = 0;
    if (len < 1024 || cfb_rd16(c->file, 0x1E, &shift) ||
        (shift != 9 && shift != 12) || len < ((size_t)2 << shift))
        return -1;
    c->shift = shift;
    c->n_sectors = len / ((size_t)1 << shift) - 1;
    uint32_t n_fat_sectors = 0, difat = 0, n_difat = 0;
    cfb_rd32(c->file, 0x2C, &n_fat_sectors);
    cfb_rd32(c->file, 0x44, &difat);
    cfb_rd32(c->file, 0x48, &n_difat);
    if (n_fat_sectors == 0 || n_fat_sectors > c->n_sectors)
        return -1;
    size_t per = ((size_t)1 << shift) / 4;
    c->fat = g_new0(uint32_t, (size_t)n_fat_sectors * per);
    size_t filled = 0, done = 0;
    for (unsigned i = 0; i < 109 && done < n_fat_sectors; i++, done++) {
        uint32_t s = 0;
        cfb_rd32(c->file, 0x4C + 4 * (size_t)i, &s);
        if (copy_fat_sector(c, s, &filled, per))
            return -1;
    }
    for (uint32_t k = 0; k < n_difat && k <= c->n_sectors &&
                         done < n_fat_sectors;
         k++) {
        const unsigned char *dp = sector(c, difat);
        if (!dp)
            return -1;
        bytes_t db = {dp, per * 4};
        for (size_t i = 0; i + 1 < per && done < n_fat_sectors; i++, done++) {
            uint32_t s = 0;
            cfb_rd32(db, 4 * i, &s);
            if (copy_fat_sector(c, s, &filled, per))
                return -1;
        }
        cfb_rd32(db, 4 * (per - 1), &difat);
    }
    c->n_fat = filled;
    return 0;
}

unsigned char *
cfb_workbook_stream(const cfb_t *c, size_t *len, stream_kind_t *kind)
{
    *kind = STREAM_NONE;
    uint32_t dir_start = 0, cutoff = 4096, minifat = 0;
    cfb_rd32(c->file, 0x30, &dir_start);
    cfb_rd32(c->file, 0x38, &cutoff);
    cfb_rd32(c->file, 0x3C, &minifat);
    size_t dlen = 0;
    unsigned char *dir = read_chain(c, dir_start, c->file.len, &dlen);
    bytes_t d = {dir, dlen};
    uint32_t root_start = ENDOFCHAIN, root_size = 0;
    uint32_t wb_start = ENDOFCHAIN, wb_size = 0;
    for (size_t off = 0; off + 128 <= dlen; off += 128) {
        unsigned name_len = 0;
        cfb_rd16(d, off + 0x40, &name_len);
        unsigned type = dir[off + 0x42];
        uint32_t start = 0, size = 0;
        cfb_rd32(d, off + 0x74, &start);
        cfb_rd32(d, off + 0x78, &size);
        if (type == 5) {
            root_start = start;
            root_size = size;
            continue;
        }
        if (type != 2 || name_len < 2 || name_len > 64)
            continue;
        char name[33];
        size_t n = 0;
        for (size_t i = 0; i + 2 < (size_t)name_len + 1 && n < 32; i += 2)
            name[n++] = (char)dir[off + i];
        name[n] = '\0';
        if (*kind != STREAM_WORKBOOK && (!g_ascii_strcasecmp(name,
                                                             "Workbook") ||
                                         !g_ascii_strcasecmp(name, "Book"))) {
            wb_start = start;
            wb_size = size;
            *kind = STREAM_WORKBOOK;
        } else if (*kind == STREAM_NONE &&
                   !g_ascii_strcasecmp(name, "EncryptedPackage")) {
            *kind = STREAM_ENCRYPTED_OOXML;
        }
    }
    g_free(dir);
    if (*kind != STREAM_WORKBOOK)
        return NULL;
    if (wb_size > c->file.len) {
        *kind = STREAM_TRUNCATED;
        return NULL;
    }
    if (wb_size >= cutoff) {
        unsigned char *s = read_chain(c, wb_start, wb_size, len);
        if (*len < wb_size) {
            g_free(s);
            *kind = STREAM_TRUNCATED;
            return NULL;
        }
        return s;
    }
    /* a small stream lives in the mini stream, in 64-byte sectors */
    size_t mlen = 0, flen = 0;
    unsigned char *mini = read_chain(c, root_start, root_size, &mlen);
    unsigned char *mfat = read_chain(c, minifat, c->file.len, &flen);
    bytes_t fb = {mfat, flen};
    GByteArray *out = g_byte_array_new();
    uint32_t s = wb_start;
    for (size_t steps = 0; s != ENDOFCHAIN && steps <= mlen / 64 &&
                           out->len < wb_size;
         steps++) {
        if ((size_t)s >= mlen / 64)
            break;
        g_byte_array_append(out, mini + (size_t)s * 64, 64);
        if (cfb_rd32(fb, (size_t)s * 4, &s))
            break;
    }
    g_free(mini);
    g_free(mfat);
    if (out->len < wb_size) {
        g_byte_array_free(out, TRUE);
        *kind = STREAM_TRUNCATED;
        return NULL;
    }
    *len = wb_size;
    return g_byte_array_free(out, FALSE);
}

/* -- strings ------------------------------------------------------------ */
