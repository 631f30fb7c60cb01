/* SPDX-License-Identifier: MIT */
/* Internal helpers of the render module, exposed for the tests. */
#ifndef CS_RENDER_PRIVATE_H
#define CS_RENDER_PRIVATE_H

#include <glib.h>

#include <citysnap/render.h>

/* Black or white, whichever has the higher WCAG contrast ratio with @bg. */
cs_rgb_t cs_render_text_color(cs_rgb_t bg);
/* WCAG 2 contrast ratio of two colours (1 to 21). */
double cs_render_contrast(cs_rgb_t a, cs_rgb_t b);
/* Colour of hatch lines on @bg: a tint moved away from the text colour. */
cs_rgb_t cs_render_hatch_color(cs_rgb_t bg);

/* The renderer's parts (borrowed), for the library's other modules. */
const cs_render_options_t *cs_renderer_options(const cs_renderer_t *r);
const cs_framework_t *cs_renderer_framework(const cs_renderer_t *r);
const cs_bands_t *cs_renderer_bands(const cs_renderer_t *r);
const cs_fonts_t *cs_renderer_fonts(const cs_renderer_t *r);
/* The width of the previous band's strip at the KPI wedges' inner edge
 * (cs_render_options_t.progress; the scene's rule, for tests). */
double cs_paint_strip_width(const cs_renderer_t *r);
/* A swatch of @band at (@x, @y), @w x @h on @cr: the band's paint (its
 * colour with the style's hatch), as in the legend (the report's band
 * chips). */
void cs_paint_swatch(const cs_renderer_t *r, cairo_t *cr, cs_band_t band,
                     double x, double y, double w, double h);

/* After cairo: /Lang @lang in the catalog, /Alt @alts[i] on the i-th
 * Figure structure element (cairo_tag_begin(cr, "Figure", "")), and
 * /MarkInfo. Leaves @pdf as it was where its structure is unexpected. */
void cs_render_pdf_accessible(GByteArray *pdf, const char *lang,
                              const char *const *alts, size_t n);

/* The date written into PDFs ("YYYY-MM-DDTHH:MM:SS", UTC): from
 * SOURCE_DATE_EPOCH when set and valid, else 1970-01-01, so the same input
 * always gives the same bytes. */
void cs_render_pdf_date(char buf[32]);

#endif
