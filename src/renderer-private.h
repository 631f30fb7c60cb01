/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the renderer's files (renderer.c, backend.c,
 * output.c, paint.c, svg-fixup.c, pdf-fixup.c, render.c): the renderer
 * object, the backend table and the painting entry points.
 */
#ifndef CS_RENDERER_PRIVATE_H
#define CS_RENDERER_PRIVATE_H

#include <cairo.h>
#include <glib.h>

#include <citysnap/describe.h>
#include <citysnap/render.h>

#include "render-private.h"
#include "scene-private.h"
#include "text-private.h"

/* ---- backends (backend.c) ---- */

typedef struct cs_sink {
    GByteArray *bytes;
    cs_png_mode_t png_mode; /* PNG backend: compression */
} cs_sink_t;

/* What a backend needs to know to make its surface. */
typedef struct cs_surface_req {
    double w, h;        /* surface size (px, pt, or mm for SVG in mm) */
    int svg_mm;         /* SVG document unit is mm */
    const char *title;  /* PDF metadata */
    const char *subject;  /* PDF metadata: the plain-language summary */
    const char *keywords; /* PDF metadata */
    const char *date;   /* PDF dates, ISO 8601 */
} cs_surface_req_t;

typedef struct cs_backend {
    const char *name;
    const char *extension;
    int is_vector;
    cairo_surface_t *(*create)(cs_sink_t *out, const cs_surface_req_t *req);
    cairo_status_t (*finish)(cairo_surface_t *s, cs_sink_t *out);
} cs_backend_t;

/* The backend of @f; NULL for CS_FORMAT_AUTO and out-of-range values. */
const cs_backend_t *cs_backend_of(cs_format_t f);

/* ---- the renderer (renderer.c) ---- */

struct cs_renderer {
    const cs_framework_t *fw;
    const cs_bands_t *bands;
    const cs_fonts_t *fonts;
    cs_render_options_t opt;
    char *title, *source, *lang;
    char *families[7]; /* copies of the label styles' families */
    cs_describe_words_t words; /* its strings are in word_strings */
    GPtrArray *word_strings;
    cs_layout_t *layout;
    cs_labels_t *labels;
};

/* cs_renderer_city_labels() with the text context @c already held, the
 * year under the name (0: none) and the city's colour note @note (NULL:
 * none). */
cs_status_t cs_renderer_city_labels_ctx(const cs_renderer_t *r,
                                        cs_text_ctx_t *c, const char *name,
                                        int year, const char *note,
                                        cs_labels_t **out, cs_diag_t *diag);

/* ---- finishing cairo's bytes (svg-fixup.c, pdf-fixup.c) ---- */

/* The labels of @s into cairo's SVG @svg as glyph outlines (svgglyph.c),
 * the canvas drawn scaled by @scale at (@ox, @oy). */
cs_status_t cs_svg_glyph_labels(const cs_scene_t *s, double scale, double ox,
                                double oy, GByteArray *svg, cs_diag_t *diag);
/* Stable "surface<N>" ids in cairo's SVG @b. */
void cs_svg_renumber_surfaces(GByteArray *b);
/* Title, description and per-KPI tooltips of @s in cairo's SVG @b. */
void cs_svg_accessibility(const cs_scene_t *s, double scale, double ox,
                          double oy, GByteArray *b);
/* TrimBox and BleedBox (@bleed pt) on the page of cairo's PDF @b. */
void cs_pdf_page_boxes(GByteArray *b, double w, double h, double bleed);

#endif
