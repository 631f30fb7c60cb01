/* SPDX-License-Identifier: MIT */
/* Internal API of the text module, used by the renderer and the tests. */
#ifndef CS_TEXT_PRIVATE_H
#define CS_TEXT_PRIVATE_H

#include <cairo.h>
#include <pango/pango.h>
#include <citysnap/text.h>
#include <citysnap/layout.h>

/*
 * Pango state for one user at a time (a font map on the fonts' shared
 * FcConfig, a context with pinned font options). Taken from the fonts'
 * pool and given back; NULL on OOM.
 */
typedef struct cs_text_ctx cs_text_ctx_t;
cs_text_ctx_t *cs_text_ctx_acquire(const cs_fonts_t *f);
void cs_text_ctx_release(const cs_fonts_t *f, cs_text_ctx_t *ctx);

/* The pinned font options (hint metrics off, hint style none, grey
 * antialiasing). Borrowed. */
const cairo_font_options_t *cs_fonts_options(const cs_fonts_t *f);

/* cs_text_fit() with a context already held. */
cs_status_t cs_text_fit_ctx(cs_text_ctx_t *ctx, const char *text,
                            const cs_text_style_t *style, cs_room_fn room,
                            void *user, cs_text_fit_t *out, cs_diag_t *diag);

/* Logical extents of @text, cleaned like a label (one line), at @size;
 * @family NULL: the fonts' default family. */
void cs_text_measure_ctx(cs_text_ctx_t *ctx, const char *text,
                         const char *family, int bold, double size,
                         double *width, double *height);

/* A new empty list whose first labels are those of @parent (borrowed: it
 * must outlive the new list). NULL on OOM. */
cs_labels_t *cs_labels_new(const cs_labels_t *parent);

/* Adds the labels that are the same for every city: KPI labels, group and
 * dimension labels, legend entries (from @bands, in legend order), the
 * source line and the title (both skipped when NULL or empty). */
cs_status_t cs_labels_add_static(cs_labels_t *ls, cs_text_ctx_t *ctx,
                                 const cs_layout_t *layout,
                                 const cs_framework_t *fw,
                                 const cs_bands_t *bands,
                                 const cs_label_styles_t *styles,
                                 const char *title, const char *source,
                                 const char *extra_legend, cs_diag_t *diag);
/* Adds the city's colour note ("Colours: ...", where the bands come
 * from) as source label 1, in the upper half of the source box, above the
 * credit line (skipped when NULL or empty, or without a source box). */
cs_status_t cs_labels_add_note(cs_labels_t *ls, cs_text_ctx_t *ctx,
                               const cs_layout_t *layout,
                               const cs_label_styles_t *styles,
                               const char *note, cs_diag_t *diag);
/* Adds @text (a coverage count, "13 / 51") as a second label in the
 * wedge of ring @ring (CS_RING_DIMENSION or CS_RING_GROUP) number
 * @index, on the free side of that wedge's name label, curved, in one
 * line at 5 pt or more. Leaves it out (CS_OK, *@placed 0) when it does not
 * fit there whole, so the labels keep their fit. */
cs_status_t cs_labels_add_count(cs_labels_t *ls, cs_text_ctx_t *ctx,
                                const cs_layout_t *layout,
                                const cs_label_styles_t *styles, int ring,
                                size_t index, const char *text, int *placed,
                                cs_diag_t *diag);
/* Adds the city name in the centre hole (skipped when NULL or empty). */
cs_status_t cs_labels_add_name(cs_labels_t *ls, cs_text_ctx_t *ctx,
                               const cs_layout_t *layout,
                               const cs_label_styles_t *styles,
                               const char *name, cs_diag_t *diag);

/* The wedge a label is drawn on: 0 when none (drawn on the background),
 * else the ring (CS_RING_GROUP or CS_RING_DIMENSION) and *@index. */
int cs_label_on_ring(const cs_label_t *l, size_t *index);

/* Draws @l with the current source. @alone: no other thread uses cairo
 * text meanwhile, so rotated vector text may be drawn straight (see
 * label-paint.c). */
void cs_label_draw(cs_text_ctx_t *ctx, cairo_t *cr, const cs_label_t *l,
                   int alone);

/* How a label is set, for writers of editable text (src/svgtext.c). */
/* Every drawn glyph of @l in drawing order: @m maps the glyph's own
 * space (origin on its baseline, the font's units: pt at the label's
 * size) to design units; @glyph's offsets are already in @m. */
typedef void (*cs_glyph_place_fn)(void *ud, PangoFont *font,
                                  const PangoGlyphInfo *glyph,
                                  const cairo_matrix_t *m);
void cs_label_glyphs(cs_text_ctx_t *ctx, const cs_label_t *l,
                     cs_glyph_place_fn fn, void *ud);

typedef struct cs_label_geom {
    const char *family; /* resolved family */
    int bold;
    /* flat and radial: the block (bx, by, bw, bh) in the frame rotated by
     * rot (radians) around origin */
    cs_point_t origin;
    double rot, bx, by, bw, bh;
    int align; /* 0 left, 1 centre, 2 right */
    /* arc: glyphs centred on line i's radius r_line[i] around centre at
     * angle mid (clockwise from 12 o'clock); reversed: read
     * counter-clockwise (lower half) */
    cs_point_t centre;
    double mid;
    int reversed;
    double r_line[2];
} cs_label_geom_t;
void cs_label_geom(const cs_label_t *l, cs_label_geom_t *g);

/* Calls @fn for each line of @l as Pango sets it: @text in logical order
 * (with "…" where it was ellipsized), its logical box's left @x and width
 * @w in the block, its top @y and height @h, and its @baseline (from the
 * block's top). */
typedef void (*cs_label_line_fn)(void *ud, int line, const char *text,
                                 double x, double y, double w, double h,
                                 double baseline);
void cs_label_lines(cs_text_ctx_t *ctx, const cs_label_t *l,
                    cs_label_line_fn fn, void *ud);

#endif
