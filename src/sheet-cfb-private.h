/* SPDX-License-Identifier: MIT */
/*
 * The compound-file (MS-CFB) container of an .xls workbook (internal):
 * sectors, the FAT and the "Workbook" stream, read in sheet-cfb.c for the
 * BIFF8 reader in sheet-xls.c.
 */
#ifndef CS_SHEET_CFB_PRIVATE_H
#define CS_SHEET_CFB_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct bytes {
    const unsigned char *p;
    size_t len;
} bytes_t;

typedef struct cfb {
    bytes_t file;
    unsigned shift;   /* sector size = 1 << shift */
    size_t n_sectors; /* whole sectors after the header */
    uint32_t *fat;
    size_t n_fat;
} cfb_t;

typedef enum stream_kind {
    STREAM_NONE,
    STREAM_WORKBOOK,
    STREAM_TRUNCATED,       /* shorter than its directory entry says */
    STREAM_ENCRYPTED_OOXML, /* "EncryptedPackage": a password-protected
                               .xlsx */
} stream_kind_t;

/* The "Workbook" stream (g_free()), or NULL with *@kind saying why. */
/* Little-endian reads at @off; 0 when in bounds, -1 past the end. */
int cfb_rd16(bytes_t b, size_t off, unsigned *out);
int cfb_rd32(bytes_t b, size_t off, uint32_t *out);
int cfb_rd_double(bytes_t b, size_t off, double *out);
/* Reads the header and FAT of the compound file in @data; 0 or -1. */
int cfb_open(cfb_t *c, const char *data, size_t len);
/* The "Workbook" stream (g_free()), or NULL with *@kind saying why. */
unsigned char *cfb_workbook_stream(const cfb_t *c, size_t *len,
                                   stream_kind_t *kind);

#endif
