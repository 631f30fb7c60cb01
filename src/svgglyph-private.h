/* SPDX-License-Identifier: MIT */
/* Labels of the SVG output as glyph outlines written by citysnap
 * (src/svgglyph.c). */
#ifndef CS_SVGGLYPH_PRIVATE_H
#define CS_SVGGLYPH_PRIVATE_H

#include <glib.h>

#include <citysnap/status.h>
#include <citysnap/bands.h>

#include "text-private.h"

/* Appends @v with at most @dec decimals (0 to 7), trailing zeros
 * dropped, without printf: the numbers of every SVG citysnap writes. */
void cs_svg_num(GString *g, double v, int dec);

typedef struct cs_svgglyph cs_svgglyph_t;

cs_svgglyph_t *cs_svgglyph_new(void);
void cs_svgglyph_free(cs_svgglyph_t *w);
/* Adds label @l (in design units) filled with @color. */
void cs_svgglyph_label(cs_svgglyph_t *w, cs_text_ctx_t *c, const cs_label_t *l,
                       cs_rgb_t color);
/* Inserts the glyph definitions and the labels, placed by
 * (scale, ox, oy) from design units, before the end of cairo's @svg. */
cs_status_t cs_svgglyph_insert(cs_svgglyph_t *w, double scale, double ox,
                               double oy, GByteArray *svg, cs_diag_t *diag);

#endif
