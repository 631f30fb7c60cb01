/* SPDX-License-Identifier: MIT */
/*
 * The PNG writer: a Cairo image surface written through libpng with
 * compression settings chosen for the snapshot wheel (large flat areas,
 * anti-aliased edges), instead of Cairo's stock writer (zlib level 6 with
 * adaptive filtering on every row, which spends most of a render's time
 * compressing).
 */
#ifndef CS_PNG_PRIVATE_H
#define CS_PNG_PRIVATE_H

#include <cairo.h>
#include <citysnap/render.h>

/* zlib level, PNG row filters (PNG_FILTER_* bits) and zlib memory level
 * used for @mode (unknown modes: those of CS_PNG_FAST). */
void cs_png_mode_params(cs_png_mode_t mode, int *level, int *filters,
                        int *mem_level);

/*
 * Writes @s (an image surface: CAIRO_FORMAT_RGB24 as 8-bit RGB,
 * CAIRO_FORMAT_ARGB32 as 8-bit RGBA, un-premultiplied like Cairo's own
 * writer) as PNG through @write. Other image formats are handed to
 * cairo_surface_write_to_png_stream(). Deterministic: no time or text
 * chunks, the same pixels give the same bytes. Flushes @s first.
 * Returns CAIRO_STATUS_SUCCESS, CAIRO_STATUS_SURFACE_TYPE_MISMATCH (not an
 * image surface), CAIRO_STATUS_WRITE_ERROR (@write failed, or libpng
 * reported an error) or CAIRO_STATUS_NO_MEMORY.
 */
cairo_status_t cs_png_write(cairo_surface_t *s, cs_png_mode_t mode,
                            cairo_write_func_t write, void *closure);

/* cs_png_write() with explicit settings: zlib @level (0-9), @filters
 * (PNG_FILTER_* bits; several: libpng picks per row), zlib @mem_level
 * (1-9) and @strategy (Z_DEFAULT_STRATEGY, Z_FILTERED, Z_RLE...). For the
 * benchmark's sweep (bench/citysnap-bench --png-sweep). */
cairo_status_t cs_png_write_params(cairo_surface_t *s, int level, int filters,
                                   int mem_level, int strategy,
                                   cairo_write_func_t write, void *closure);

#endif
