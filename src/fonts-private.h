/* SPDX-License-Identifier: MIT */
/*
 * Internals of the text module's files (fonts.c, fit.c, labels.c,
 * place.c, label-paint.c, label-walk.c): the fonts object, the text
 * context and its caches.
 */
#ifndef CS_FONTS_PRIVATE_H
#define CS_FONTS_PRIVATE_H

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pango.h>

#include "text-private.h"

#define PS ((double)PANGO_SCALE)
#define FIT_EPS 1e-6

struct cs_text_ctx {
    const char *family; /* the fonts' default family */
    PangoFontMap *map;
    PangoContext *pc;
    PangoLayout *layout; /* scratch layout for measuring */
    /* one-line extents measured before: "family|bold|size|text" -> double[2]
     * (the wheel's radius and the label fitting measure the same KPI
     * labels at the same size; a batch measures them once per thread) */
    GHashTable *extents;
    /* PangoLayouts of shared labels, by label serial: a batch shapes each
     * shared label once per thread, not once per city and format */
    GHashTable *layouts;
    /* coverage masks of shared rotated labels on raster targets, by label
     * serial and current matrix (see draw_masked) */
    GHashTable *masks;
    size_t mask_bytes;
};

/* Mask cache limits: one mask, and all of a context's masks (a 2000 px
 * wheel needs ~3 MB). */
#define MASK_AREA_MAX ((size_t)4 << 20)
#define MASK_BYTES_MAX ((size_t)48 << 20)

typedef struct mask_key {
    guint64 serial;
    double m[6];
} mask_key;

typedef struct mask_val {
    cairo_surface_t *s;
    int x, y;
} mask_val;

/* Layouts kept before that cache starts over (a wheel has ~140 shared
 * labels; a process rarely has more than a few renderers). */
#define LAYOUTS_MAX 2048

/* Entries kept before the extents cache starts over (a wheel needs ~300;
 * city names add one per city). */
#define EXTENTS_MAX 4096

struct cs_fonts {
    FcConfig *config;
    char *family;
    size_t n_faces;
    cairo_font_options_t *options;
    GMutex lock; /* guards pool */
    GPtrArray *pool;
};

/* A description of @family (bold or not) at @size pt; free with
 * pango_font_description_free(). */
PangoFontDescription *cs_font_desc(const char *family, int bold, double size);

/* Valid UTF-8, control characters as spaces, runs of spaces collapsed,
 * no leading or trailing space. g_free(). */
char *cs_text_clean(const char *text);

/* Sets @lay up for @text in @family at @size: one unbounded line, or
 * ellipsized at @ellipsize pt on at most @lines lines (@ellipsize > 0). */
void cs_text_setup_layout(PangoLayout *lay, const char *family, int bold,
                          double size, const char *text, double ellipsize,
                          int lines);

#endif
