/* SPDX-License-Identifier: MIT */
/* The scene's internals for the library's painters (paint.c, svgtext.c,
 * svg-fixup.c, render.c, book.c). */
#ifndef CS_SCENE_PRIVATE_H
#define CS_SCENE_PRIVATE_H

#include <glib.h>

#include <citysnap/scene.h>

#include "text-private.h"

/* The scene: written by scene.c only; painters read it through the
 * accessors (scene-get.c). */
struct cs_scene {
    const cs_renderer_t *r;
    char *name, *title, *summary;
    cs_scene_paint_t paint[CS_BAND_COUNT];
    cs_scene_wedge_t *wedges;
    size_t n_wedges;
    size_t ring_first[CS_RING_COUNT + 1], ring_n[CS_RING_COUNT + 1];
    cs_scene_line_t *lines;
    size_t n_lines;
    cs_scene_stroke_t strokes[3];
    size_t n_strokes;
    cs_scene_circle_t circles[2];
    size_t n_circles;
    cs_scene_swatch_t swatches[CS_BAND_COUNT];
    size_t n_swatches;
    int progress;
    cs_scene_progress_t prog;
    cs_labels_t *labels;
    cs_scene_label_t *items;
    size_t n_items;
    GPtrArray *strings; /* the descriptions (free()) */
};

/* How band @band is painted by @r: the rule behind
 * cs_scene_get_band_paint(), for painters without a scene. */
cs_scene_paint_t cs_scene_band_paint(const cs_renderer_t *r, cs_band_t band);

/* cs_scene_new() with the text context @c already held. @r non-NULL.
 * @year (cs_output_t.year, checked; 0: none) goes under the name. */
cs_status_t cs_scene_build_ctx(const cs_renderer_t *r, cs_text_ctx_t *c,
                               const cs_scores_t *scores,
                               const cs_comparison_t *previous,
                               const char *name, int year, cs_scene_t **out,
                               cs_diag_t *diag);
/* cs_scene_new() with the year under the name (0: none). */
cs_status_t cs_scene_new_year(const cs_renderer_t *r,
                              const cs_scores_t *scores,
                              const cs_comparison_t *previous,
                              const char *name, int year, cs_scene_t **out,
                              cs_diag_t *diag);

/* Hands the scene's labels to the caller (cs_labels_free()); the scene
 * has none after. */
cs_labels_t *cs_scene_take_labels(cs_scene_t *s);

/* The fonts labels are drawn with (the renderer's). */
const cs_fonts_t *cs_scene_fonts(const cs_scene_t *s);

static inline void
cs_set_rgb(cairo_t *cr, cs_rgb_t c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Which parts of the picture to paint (bits). */
enum {
    CS_PART_BACKGROUND = 1, /* the canvas filled with the background */
    CS_PART_WHEEL = 2,      /* wedges, lines, ring, group, dimension and
                               name labels */
    CS_PART_LEGEND = 4,     /* legend and source line */
    CS_PART_TITLE = 8,
    CS_PART_KPI_LABELS = 16, /* the radiating KPI labels (of the wheel) */
    CS_PART_ALL = 31
};

/* How rotated label text is drawn (see label-paint.c). */
typedef enum cs_text_mode {
    TEXT_NONE,  /* labels left out (the SVG writes them itself) */
    TEXT_SAFE,  /* other threads may render meanwhile */
    TEXT_ALONE  /* no other thread uses cairo text (cs_output_t.exclusive) */
} cs_text_mode_t;

/* Paints @parts of @s on @cr (paint.c), with text context @c. Sticky
 * cairo errors are the caller's to check. */
void cs_scene_paint(const cs_scene_t *s, cairo_t *cr, cs_text_ctx_t *c,
                    cs_text_mode_t text, unsigned parts);

/* cs_scene_paint() with its own text context, checking @cr before and
 * after (CS_ERR_RENDER); with @figure, inside one PDF Figure structure
 * element and without the background. */
cs_status_t cs_scene_paint_checked(const cs_scene_t *s, cairo_t *cr,
                                   cs_text_mode_t text, unsigned parts,
                                   int figure, cs_diag_t *diag);

/* The editable SVG document (--svg-text) of @s (svgtext.c): page @w x @h
 * in mm (@mm) or pt, the canvas drawn scaled by @scale at (@ox, @oy).
 * Appends to @out. */
cs_status_t cs_svgtext_write(const cs_scene_t *s, double w, double h, int mm,
                             double scale, double ox, double oy, GString *out,
                             cs_diag_t *diag);

#endif
