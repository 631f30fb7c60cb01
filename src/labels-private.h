/* SPDX-License-Identifier: MIT */
/*
 * Internals of the label files (labels.c, place.c, label-paint.c,
 * label-walk.c): a label's full record behind its public part, and the
 * list.
 */
#ifndef CS_LABELS_PRIVATE_H
#define CS_LABELS_PRIVATE_H

#include "fonts-private.h"

typedef struct label_impl {
    cs_label_t pub;
    char *text, *shown, *family;
    int bold;
    double ellipsize;
    PangoAlignment align;
    cs_quad_t *boxes;
    /* flat and radial: the block's logical rectangle (x, y, w, h) in a
     * frame rotated by rot around origin */
    cs_point_t origin;
    double rot, bx, by, bw, bh;
    /* arc */
    cs_point_t centre;
    double mid;
    int reversed;
    double r_line[2];
    double arc_from[2], arc_to[2];
    /* wedge underneath (0: none) */
    int ring;
    size_t wedge;
    /* shared by every city (cs_labels_add_static): its PangoLayout is
     * kept per text context, under serial (unique in the process) */
    int shared;
    guint64 serial;
} label_impl;

struct cs_labels {
    const cs_labels_t *parent;
    label_impl **items;
    size_t n, cap;
};

static inline const label_impl *
cs_label_impl_of(const cs_label_t *l)
{
    return (const label_impl *)l; /* pub is the first member */
}

/* Appends @L to @ls (which takes it, also on failure). */
cs_status_t cs_labels_push(cs_labels_t *ls, label_impl *L, cs_diag_t *diag);

/* The label's layout (g_object_unref() it); a shared label's comes from
 * @c's cache. */
PangoLayout *cs_label_layout(cs_text_ctx_t *c, const label_impl *L);

/* A new label of @kind from a fit of @text in style @st; placed by the
 * caller (place.c). */
label_impl *cs_label_from_fit(cs_label_kind_t kind, size_t index,
                              const char *text, const cs_text_style_t *st,
                              cs_text_fit_t *fit);

/* Called for each glyph of an arc label: centred on @at, turned by @rot,
 * @gw wide, on a line @lh high whose baseline is @base below its top. */
typedef void (*cs_arc_glyph_fn)(void *ud, PangoFont *font,
                                const PangoGlyphInfo *gi, cs_point_t at,
                                double rot, double gw, double lh, double base,
                                int line);

/* Walks the glyphs of arc label @L set in @lay. */
void cs_label_arc_walk(const label_impl *L, PangoLayout *lay,
                       cs_arc_glyph_fn fn, void *ud);

/* The frame of an arc glyph's box: centred on @at, turned by @rot, its
 * top-left corner at (0, 0). */
void cs_arc_box_frame(cairo_matrix_t *m, cs_point_t at, double rot,
                      double gw, double lh);

#endif
