/* SPDX-License-Identifier: MIT */
/*
 * PNG writer for Cairo image surfaces, through libpng.
 *
 * Why not cairo_surface_write_to_png_stream(): it leaves libpng at its
 * defaults, zlib level 6 and adaptive filtering (all five filters tried on
 * every row), which on a 2000 px wheel takes about three times as long as
 * drawing it (and the wedges alone, the benchmark's floor, fifteen times). The wheel is large flat areas with anti-aliased edges: for
 * such images no filter at all compresses best (deflate finds the runs of
 * equal pixels at distance 3 and the repeated rows at distance one stride;
 * the SUB/UP/PAETH residues only break them up), so both modes write
 * unfiltered rows:
 *  - CS_PNG_FAST: zlib level 1 (deflate_fast) — about 5x faster than the
 *    stock writer, and its files are some 25 % smaller, not larger;
 *  - CS_PNG_SMALL: zlib level 9, memory level 9 — another 6 % smaller,
 *    about 3x slower than the stock writer.
 * (bench/citysnap-bench --png-sweep measures every combination.)
 */
#include "png-private.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zlib.h>

void
cs_png_mode_params(cs_png_mode_t mode, int *level, int *filters,
                   int *mem_level)
{
    if (mode == CS_PNG_SMALL) {
        *level = 9;
        *filters = PNG_FILTER_NONE;
        *mem_level = 9;
    } else {
        *level = 1;
        *filters = PNG_FILTER_NONE;
        *mem_level = 8;
    }
}

typedef struct png_out {
    cairo_write_func_t write;
    void *closure;
    cairo_status_t status; /* first failure */
} png_out;

static void
on_error(png_structp p, png_const_charp msg)
{
    (void)msg; /* the library never prints: the status says what failed */
    png_out *o = png_get_error_ptr(p);
    if (o && o->status == CAIRO_STATUS_SUCCESS)
        o->status = CAIRO_STATUS_WRITE_ERROR;
    png_longjmp(p, 1);
}

static void
on_warning(png_structp p, png_const_charp msg)
{
    (void)p;
    (void)msg;
}

static void
on_write(png_structp p, png_bytep data, size_t len)
{
    png_out *o = png_get_io_ptr(p);
    while (len > 0) {
        /* cairo_write_func_t takes an unsigned int length */
        unsigned int k = len > 0x40000000u ? 0x40000000u : (unsigned int)len;
        cairo_status_t st = o->write(o->closure, data, k);
        if (st != CAIRO_STATUS_SUCCESS) {
            o->status = st;
            png_error(p, "write failed");
        }
        data += k;
        len -= k;
    }
}

static void
on_flush(png_structp p)
{
    (void)p;
}

/* 1 when every pixel of the ARGB32 surface is opaque. */
static int
all_opaque(const unsigned char *data, int w, int h, int stride)
{
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data +
                                                              (size_t)y *
                                                                  stride);
        uint32_t acc = 0xff000000u;
        for (int x = 0; x < w; x++)
            acc &= px[x];
        if ((acc & 0xff000000u) != 0xff000000u)
            return 0;
    }
    return 1;
}

/* Native-endian 0x??RRGGBB words to R, G, B bytes. @out has room for
 * 3 * @w + 1 bytes. */
static void
row_rgb(const uint32_t *px, int w, unsigned char *out)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                          \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* 0x??RRGGBB << 8 is 0xRRGGBB00; byte-swapped and stored it is the
     * bytes R G B 0, whose 0 the next pixel overwrites: one shift, one
     * bswap and one 4-byte store per pixel instead of three byte stores. */
    for (int x = 0; x < w; x++) {
        uint32_t v = __builtin_bswap32(px[x] << 8);
        memcpy(out + 3 * (size_t)x, &v, 4);
    }
#else
    for (int x = 0; x < w; x++) {
        uint32_t v = px[x];
        out[0] = (unsigned char)(v >> 16);
        out[1] = (unsigned char)(v >> 8);
        out[2] = (unsigned char)v;
        out += 3;
    }
#endif
}

/* Premultiplied 0xAARRGGBB words to un-premultiplied R, G, B, A bytes,
 * rounded as Cairo's writer does (so Cairo's reader, which premultiplies
 * with rounding, gets every valid pixel back exactly). */
static void
row_rgba(const uint32_t *px, int w, unsigned char *out)
{
    for (int x = 0; x < w; x++) {
        uint32_t v = px[x];
        uint32_t a = v >> 24;
        if (a == 0xff) {
            out[0] = (unsigned char)(v >> 16);
            out[1] = (unsigned char)(v >> 8);
            out[2] = (unsigned char)v;
        } else if (a == 0) {
            out[0] = out[1] = out[2] = 0;
        } else {
            out[0] = (unsigned char)((((v >> 16) & 0xff) * 255 + a / 2) / a);
            out[1] = (unsigned char)((((v >> 8) & 0xff) * 255 + a / 2) / a);
            out[2] = (unsigned char)(((v & 0xff) * 255 + a / 2) / a);
        }
        out[3] = (unsigned char)a;
        out += 4;
    }
}

/* The libpng part, apart so that nothing setjmp could clobber lives in
 * a frame that longjmp returns to with changed locals. */
typedef struct png_params {
    int level, filters, mem_level, strategy;
} png_params;

static int
write_rows(png_structp p, png_infop info, const unsigned char *data, int w,
           int h, int stride, int alpha, const png_params *pp,
           unsigned char *row)
{
    if (setjmp(png_jmpbuf(p)))
        return -1;
    png_set_IHDR(p, info, (png_uint_32)w, (png_uint_32)h, 8,
                 alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(p, pp->level);
    png_set_compression_mem_level(p, pp->mem_level);
    png_set_compression_strategy(p, pp->strategy);
    png_set_filter(p, PNG_FILTER_TYPE_BASE, pp->filters);
    /* fewer, larger IDAT chunks and write calls */
    png_set_compression_buffer_size(p, 128 * 1024);
    png_write_info(p, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *px =
            (const uint32_t *)(const void *)(data + (size_t)y * stride);
        if (alpha)
            row_rgba(px, w, row);
        else
            row_rgb(px, w, row);
        png_write_row(p, row);
    }
    png_write_end(p, info);
    return 0;
}

static cairo_status_t
png_write(cairo_surface_t *s, const png_params *pp, cairo_write_func_t write,
          void *closure)
{
    if (!s || !write)
        return CAIRO_STATUS_NULL_POINTER;
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return cairo_surface_status(s);
    if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE)
        return CAIRO_STATUS_SURFACE_TYPE_MISMATCH;
    cairo_surface_flush(s);
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    if (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32)
        return cairo_surface_write_to_png_stream(s, write, closure);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    if (w <= 0 || h <= 0 || !data)
        return CAIRO_STATUS_INVALID_SIZE;
    int alpha = fmt == CAIRO_FORMAT_ARGB32 && !all_opaque(data, w, h, stride);

    png_out o = {write, closure, CAIRO_STATUS_SUCCESS};
    unsigned char *row = malloc((size_t)w * 4 + 1);
    png_structp p = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, &o,
                                                  on_error, on_warning)
                        : NULL;
    png_infop info = p ? png_create_info_struct(p) : NULL;
    if (!info) {
        png_destroy_write_struct(p ? &p : NULL, NULL);
        free(row);
        return CAIRO_STATUS_NO_MEMORY;
    }
    png_set_write_fn(p, &o, on_write, on_flush);
    int rc = write_rows(p, info, data, w, h, stride, alpha, pp, row);
    png_destroy_write_struct(&p, &info);
    free(row);
    if (rc != 0 && o.status == CAIRO_STATUS_SUCCESS)
        o.status = CAIRO_STATUS_WRITE_ERROR;
    return o.status;
}

cairo_status_t
cs_png_write(cairo_surface_t *s, cs_png_mode_t mode,
             cairo_write_func_t write, void *closure)
{
    png_params pp = {0, 0, 0, Z_DEFAULT_STRATEGY};
    cs_png_mode_params(mode, &pp.level, &pp.filters, &pp.mem_level);
    return png_write(s, &pp, write, closure);
}

cairo_status_t
cs_png_write_params(cairo_surface_t *s, int level, int filters,
                    int mem_level, int strategy, cairo_write_func_t write,
                    void *closure)
{
    if (level < 0 || level > 9 || mem_level < 1 || mem_level > 9 ||
        (filters & ~PNG_ALL_FILTERS) || !(filters & PNG_ALL_FILTERS))
        return CAIRO_STATUS_INVALID_FORMAT;
    png_params pp = {level, filters, mem_level, strategy};
    return png_write(s, &pp, write, closure);
}
