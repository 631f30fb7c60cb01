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
#include <citysnap/compare.h>
#include <citysnap/render.h>

#include "render-private.h"
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

/* cs_renderer_city_labels() with the text context @c already held. */
cs_status_t cs_renderer_city_labels_ctx(const cs_renderer_t *r,
                                        cs_text_ctx_t *c, const char *name,
                                        cs_labels_t **out, cs_diag_t *diag);

/* ---- painting (paint.c) ---- */

static inline void
cs_set_rgb(cairo_t *cr, cs_rgb_t c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* The colour of label @l: the text colour of the wedge under it, else the
 * ink. */
cs_rgb_t cs_render_label_rgb(const cs_renderer_t *r, const cs_label_t *l,
                             const cs_scores_t *scores);

typedef enum cs_text_mode {
    TEXT_NONE,  /* labels left out (*labels_out gets them all the same) */
    TEXT_SAFE,  /* other threads may render meanwhile */
    TEXT_ALONE  /* no other thread uses cairo text (cs_output_t.exclusive) */
} cs_text_mode_t;

/* cs_render_draw() with a text mode and @parts (CS_PART_*); *@labels_out
 * (may be NULL) gets the city's labels. */
cs_status_t cs_paint(const cs_renderer_t *r, cairo_t *cr,
                     const cs_scores_t *scores,
                     const cs_comparison_t *previous, const char *name,
                     cs_text_mode_t text, unsigned parts,
                     cs_labels_t **labels_out, cs_diag_t *diag);
/* cs_paint() as one PDF Figure structure element, without the background. */
cs_status_t cs_paint_figure(const cs_renderer_t *r, cairo_t *cr,
                            const cs_scores_t *scores,
                            const cs_comparison_t *previous, const char *name,
                            cs_text_mode_t text, unsigned parts,
                            cs_labels_t **labels_out, cs_diag_t *diag);

/* ---- finishing cairo's bytes (svg-fixup.c, pdf-fixup.c) ---- */

/* The labels @ls into cairo's SVG @svg as glyph outlines (svgglyph.c). */
cs_status_t cs_svg_glyph_labels(const cs_renderer_t *r, const cs_labels_t *ls,
                                const cs_scores_t *scores, double scale,
                                double ox, double oy, GByteArray *svg,
                                cs_diag_t *diag);
/* Stable "surface<N>" ids in cairo's SVG @b. */
void cs_svg_renumber_surfaces(GByteArray *b);
/* Title, description and per-KPI tooltips in cairo's SVG @b. */
void cs_svg_accessibility(const cs_renderer_t *r, const cs_scores_t *scores,
                          const cs_comparison_t *previous, const char *title,
                          const char *name, double scale, double ox,
                          double oy, GByteArray *b);
/* TrimBox and BleedBox (@bleed pt) on the page of cairo's PDF @b. */
void cs_pdf_page_boxes(GByteArray *b, double w, double h, double bleed);

#endif
