/* SPDX-License-Identifier: MIT */
/* Colour rules: WCAG contrast, the text colour on a fill, hatch tints. */
#include <math.h>

#include "render-private.h"

static double
lin(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG relative luminance. */
static double
luminance(cs_rgb_t c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double
cs_render_contrast(cs_rgb_t a, cs_rgb_t b)
{
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

cs_rgb_t
cs_render_text_color(cs_rgb_t bg)
{
    cs_rgb_t black = {0, 0, 0}, white = {1, 1, 1};
    return cs_render_contrast(bg, black) >= cs_render_contrast(bg, white)
               ? black
               : white;
}

cs_rgb_t
cs_render_hatch_color(cs_rgb_t bg)
{
    cs_rgb_t t = cs_render_text_color(bg);
    double k = 0.55; /* towards the opposite of the text colour */
    double to = t.r > 0.5 ? 0 : 1;
    return (cs_rgb_t){bg.r + (to - bg.r) * k, bg.g + (to - bg.g) * k,
                      bg.b + (to - bg.b) * k};
}
