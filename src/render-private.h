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

#endif
