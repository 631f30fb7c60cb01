/* SPDX-License-Identifier: MIT */
/* Internal helpers of the render module, exposed for the tests. */
#ifndef CS_RENDER_PRIVATE_H
#define CS_RENDER_PRIVATE_H

#include <citysnap/render.h>

/* Black or white, whichever has the higher WCAG contrast ratio with @bg. */
cs_rgb_t cs_render_text_color(cs_rgb_t bg);
/* WCAG 2 contrast ratio of two colours (1 to 21). */
double cs_render_contrast(cs_rgb_t a, cs_rgb_t b);
/* Colour of hatch lines on @bg: a tint moved away from the text colour. */
cs_rgb_t cs_render_hatch_color(cs_rgb_t bg);

/* The renderer's parts (borrowed), for src/svgtext.c. */
const cs_render_options_t *cs_renderer_options(const cs_renderer_t *r);
const cs_framework_t *cs_renderer_framework(const cs_renderer_t *r);
const cs_bands_t *cs_renderer_bands(const cs_renderer_t *r);
const cs_fonts_t *cs_renderer_fonts(const cs_renderer_t *r);
/* The width of the previous band's strip at the KPI wedges' inner edge
 * (cs_render_options_t.progress). */
double cs_paint_strip_width(const cs_renderer_t *r);
/* A swatch of @band at (@x, @y), @w x @h on @cr: the band's colour with
 * the style's hatch, as in the legend (the report's band chips). */
void cs_paint_swatch(const cs_renderer_t *r, cairo_t *cr, cs_band_t band,
                     double x, double y, double w, double h);
/* The band a wedge of @ring is coloured with (NULL @s: no data). */
cs_band_t cs_render_wedge_band(const cs_scores_t *s, cs_ring_t ring,
                               size_t i);

/*
 * The --svg-text document (src/svgtext.c): the same layout and labels as
 * cairo's drawing, written by citysnap with editable <text>/<textPath>
 * labels. Page @w x @h in mm (@mm) or pt, the canvas drawn scaled by
 * @scale at (@ox, @oy). Appends to @out.
 */
#include <glib.h>
cs_status_t cs_svgtext_write(const cs_renderer_t *r, const cs_scores_t *s,
                             const char *name, const char *title, double w,
                             double h, int mm, double scale, double ox,
                             double oy, GString *out, cs_diag_t *diag);
/* Parts of the picture, for cs_render_draw_parts(). */
enum {
    CS_PART_BACKGROUND = 1, /* the canvas filled with the background */
    CS_PART_WHEEL = 2,      /* wedges, lines, ring, KPI and name labels */
    CS_PART_LEGEND = 4,     /* legend and source line */
    CS_PART_TITLE = 8,
    CS_PART_KPI_LABELS = 16, /* the radiating KPI labels (of the wheel) */
    CS_PART_ALL = 31
};
/* cs_renderer_draw() of some @parts only (the book's overview page draws
 * small wheels and one legend). */
cs_status_t cs_render_draw_parts(const cs_renderer_t *r, cairo_t *cr,
                                 const cs_scores_t *scores, const char *name,
                                 unsigned parts, cs_diag_t *diag);

/* cs_renderer_draw() as one PDF Figure structure element (for
 * cs_render_pdf_accessible), without the background: paint it before. */
cs_status_t cs_render_draw_figure(const cs_renderer_t *r, cairo_t *cr,
                                  const cs_scores_t *scores,
                                  const struct cs_comparison *previous,
                                  const char *name, cs_diag_t *diag);

/* After cairo: /Lang @lang in the catalog, /Alt @alts[i] on the i-th
 * Figure structure element (cairo_tag_begin(cr, "Figure", "")), and
 * /MarkInfo. Leaves @pdf as it was where its structure is unexpected. */
#include <glib.h>
void cs_render_pdf_accessible(GByteArray *pdf, const char *lang,
                              const char *const *alts, size_t n);

/* The date written into PDFs ("YYYY-MM-DDTHH:MM:SS", UTC): from
 * SOURCE_DATE_EPOCH when set and valid, so that a build can pin it and the
 * same input give the same bytes, else the time of writing. */
void cs_render_pdf_date(char buf[32]);

#endif
