/* SPDX-License-Identifier: MIT */
/* The floor: filled wedges, Cairo's stock writers (see floor.h). */
#include "floor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The same path as src/paint.c's wedge_path(). */
static void
wedge_path(cairo_t *cr, double cx, double cy, const floor_wedge *w)
{
    cairo_new_path(cr);
    if (w->a1 - w->a0 >= 2 * M_PI - 1e-9) {
        cairo_arc(cr, cx, cy, w->r1, 0, 2 * M_PI);
        cairo_close_path(cr);
        if (w->r0 > 0) {
            cairo_new_sub_path(cr);
            cairo_arc_negative(cr, cx, cy, w->r0, 2 * M_PI, 0);
            cairo_close_path(cr);
        }
        return;
    }
    cairo_arc(cr, cx, cy, w->r1, w->a0 - M_PI / 2, w->a1 - M_PI / 2);
    if (w->r0 > 0)
        cairo_arc_negative(cr, cx, cy, w->r0, w->a1 - M_PI / 2,
                           w->a0 - M_PI / 2);
    else
        cairo_line_to(cr, cx, cy);
    cairo_close_path(cr);
}

static void
draw(cairo_t *cr, const floor_geom *g, double scale)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    for (size_t i = 0; i < g->n; i++) {
        const floor_wedge *w = &g->w[i];
        cairo_set_source_rgb(cr, w->rgb[0], w->rgb[1], w->rgb[2]);
        wedge_path(cr, g->cx, g->cy, w);
        cairo_fill(cr);
    }
}

cairo_surface_t *
floor_png_surface(const floor_geom *g, double px)
{
    double scale = px / g->width;
    cairo_surface_t *s = cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, (int)lround(px), (int)lround(g->height * scale));
    cairo_t *cr = cairo_create(s);
    draw(cr, g, scale);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

int
floor_render(const floor_geom *g, floor_format f, double size,
             const char *path)
{
    double scale = size / g->width;
    double h = g->height * scale;
    cairo_surface_t *s;
    if (f == FLOOR_PNG) {
        s = floor_png_surface(g, size);
        cairo_status_t st = cairo_surface_write_to_png(s, path);
        cairo_surface_destroy(s);
        return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
    }
    if (f == FLOOR_SVG)
        s = cairo_svg_surface_create(path, size, h);
    else
        s = cairo_pdf_surface_create(path, size, h);
    cairo_t *cr = cairo_create(s);
    draw(cr, g, scale);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

char *
floor_geom_format(const floor_geom *g)
{
    size_t cap = 64 + g->n * 120, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    len += (size_t)snprintf(s + len, cap - len, "%.17g %.17g %.17g %.17g %zu",
                            g->width, g->height, g->cx, g->cy, g->n);
    for (size_t i = 0; i < g->n && len < cap; i++) {
        const floor_wedge *w = &g->w[i];
        len += (size_t)snprintf(s + len, cap - len,
                                " %.17g %.17g %.17g %.17g %.9g %.9g %.9g",
                                w->a0, w->a1, w->r0, w->r1, w->rgb[0],
                                w->rgb[1], w->rgb[2]);
    }
    return s;
}

int
floor_geom_parse(const char *s, floor_geom *g)
{
    char *end;
    memset(g, 0, sizeof *g);
    double head[5];
    for (int i = 0; i < 5; i++) {
        head[i] = strtod(s, &end);
        if (end == s)
            return -1;
        s = end;
    }
    if (!(head[4] >= 1 && head[4] <= 1e6))
        return -1;
    g->width = head[0];
    g->height = head[1];
    g->cx = head[2];
    g->cy = head[3];
    g->n = (size_t)head[4];
    g->w = calloc(g->n, sizeof *g->w);
    if (!g->w)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        double v[7];
        for (int k = 0; k < 7; k++) {
            v[k] = strtod(s, &end);
            if (end == s) {
                free(g->w);
                g->w = NULL;
                return -1;
            }
            s = end;
        }
        g->w[i] = (floor_wedge){v[0], v[1], v[2], v[3], {v[4], v[5], v[6]}};
    }
    return 0;
}
