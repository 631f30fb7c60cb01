/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's "floor": the least work that gives a wheel image — the
 * same 3 + 24 + 108 wedges filled with Cairo and written with Cairo's stock
 * writers (cairo_surface_write_to_png, the SVG and PDF surfaces' own
 * output). No text, no separators, no input files: the geometry is handed
 * over ready-made. Used in-process by citysnap-bench (warm) and as its
 * own cairo-only process by citysnap-floor (cold).
 */
#ifndef CS_BENCH_FLOOR_H
#define CS_BENCH_FLOOR_H

#include <stddef.h>

#include <cairo.h>

typedef struct floor_wedge {
    double a0, a1, r0, r1; /* radians clockwise from 12 o'clock; design units */
    double rgb[3];
} floor_wedge;

typedef struct floor_geom {
    double width, height; /* canvas, design units */
    double cx, cy;        /* wheel centre */
    size_t n;
    floor_wedge *w;
} floor_geom;

typedef enum floor_format { FLOOR_PNG = 0, FLOOR_SVG = 1, FLOOR_PDF = 2 } floor_format;

/*
 * Renders @g into @path: PNG @size px wide (RGB24, cairo_surface_write_to_png),
 * SVG or PDF @size pt wide. Returns 0, or -1 when Cairo reported an error.
 */
int floor_render(const floor_geom *g, floor_format f, double size,
                 const char *path);

/* The PNG floor's drawing alone: a new RGB24 surface @px wide with the
 * wedges filled. */
cairo_surface_t *floor_png_surface(const floor_geom *g, double px);

/* The geometry as one string of numbers (for the citysnap-floor command
 * line), and back. floor_geom_parse fills @g (free g->w with free()). */
char *floor_geom_format(const floor_geom *g);
int floor_geom_parse(const char *s, floor_geom *g);

#endif
