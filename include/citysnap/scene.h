/* SPDX-License-Identifier: MIT */
/*
 * The scene: the resolved picture of one city's wheel, built once from a
 * renderer and scores, and read by every painter (cairo's PNG/PDF/SVG, the
 * editable SVG, the SVG accessibility layer, the profile book, report
 * tables, the web preview). Nothing else decides what colour, hatch or
 * text colour a wedge, swatch or label gets: a painter that needs one
 * reads it here.
 *
 * Units and axes are the layout's (include/citysnap/layout.h): design
 * units (pt at the renderer's size), y down, angles in radians clockwise
 * from 12 o'clock. Colours are sRGB, each channel 0 to 1.
 *
 * Accessors given a NULL scene return 0, NULL, NaN or black; indexes out
 * of range give NULL.
 *
 * A scene is immutable once built, so any number of threads may read or
 * paint it at once. It borrows the renderer it was built from (and that
 * renderer's framework, bands and fonts): they must outlive it. The scores
 * are copied where needed (the scene does not keep them).
 *
 * What a scene holds, in the order the wheel is painted:
 *  1. the canvas: size and background (cs_scene_size, cs_scene_background);
 *  2. wedges, dimension ring first, then groups, then KPIs
 *     (cs_scene_get_wedge): each with its band, its paint (fill, text
 *     colour, hatch) and its accessible title and description;
 *  3. separator lines (cs_scene_get_line), drawn as up to three strokes
 *     (cs_scene_get_stroke): KPI lines, then group, then dimension lines,
 *     so the wider ones are on top;
 *  4. ring circles (cs_scene_get_circle);
 *  5. legend swatches (cs_scene_get_swatch), in legend order;
 *  6. labels (cs_scene_get_label), each with its colour and its placement
 *     (the cs_label_t of include/citysnap/text.h).
 * A wheel of progress (cs_render_options_t.progress) also has, after the
 * wedges, each KPI wedge's previous band as a strip along its inner edge
 * and a line parting strips and wedges, and after the swatches a legend
 * key for them (cs_scene_get_progress).
 * Lines and circles have the colour cs_scene_line_color(). The band paint
 * table (cs_scene_get_band_paint) has every band, also those no wedge
 * uses, for legends and tables.
 */
#ifndef CITYSNAP_SCENE_H
#define CITYSNAP_SCENE_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/bands.h>
#include <citysnap/compare.h>
#include <citysnap/layout.h>
#include <citysnap/score.h>
#include <citysnap/text.h>
#include <citysnap/render.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cs_scene cs_scene_t;

/** How something of one band is painted. */
typedef struct cs_scene_paint {
    cs_rgb_t fill;        /* the band's colour (the bands table's) */
    cs_rgb_t text;        /* text on the fill: black or white, whichever
                             has the higher WCAG contrast with it */
    cs_hatch_t hatch;     /* pattern over the fill; CS_HATCH_NONE: plain */
    cs_rgb_t hatch_color; /* hatch lines and dots: the fill moved away from
                             the text colour */
    double hatch_width;   /* line width, or dot radius (design units) */
    double hatch_spacing; /* distance between lines or dot rows (design
                             units); lines lie on a grid fixed to the
                             canvas, so neighbouring areas join up */
} cs_scene_paint_t;

/** A wedge of the wheel as painted, with what it stands for. */
typedef struct cs_scene_wedge {
    cs_wedge_t geom;        /* ring, framework index, angles and radii */
    cs_band_t band;         /* its band for this city */
    cs_scene_paint_t paint; /* the band's paint */
    const char *code;       /* KPI code; NULL for groups and dimensions */
    const char *title;      /* KPI label, group or dimension name */
    const char *desc;       /* plain-language description: value, target
                               and band for a KPI (with a comparison, also
                               its band at the previous verification),
                               score and coverage for a group or
                               dimension, in the renderer's language */
    /* The numbers the description gives. KPI: its value, effective target
     * and percent of target (NaN when there is none), points 0..4, scored
     * 1 when it has points (else 0), total 1. Group or dimension: value
     * and target NaN, percent the points share (NaN when nothing is
     * scored), points their sum, scored and total its KPIs with points
     * and all its KPIs (the coverage). */
    double value, target, percent;
    unsigned points, scored, total;
    /* A KPI wedge of a wheel of progress: the band at the previous
     * verification (no data without a comparison) and its paint, shown as
     * the strip along the wedge's inner edge. Otherwise CS_BAND_NODATA,
     * not drawn. */
    cs_band_t prev_band;
    cs_scene_paint_t prev_paint;
} cs_scene_wedge_t;

/** A separator line from @p0 to @p1. */
typedef struct cs_scene_line {
    cs_point_t p0, p1;
    int level;    /* 1: between dimensions, 2: groups, 3: KPIs */
    double width; /* the level's width (> 0) */
} cs_scene_line_t;

/** Separator lines of one level, painted as one stroke: the lines
 *  first .. first + count - 1 (count may be 0). */
typedef struct cs_scene_stroke {
    int level;
    double width;
    size_t first, count;
} cs_scene_stroke_t;

/** A ring circle (the edges between the three rings). */
typedef struct cs_scene_circle {
    cs_point_t centre;
    double r, width;
} cs_scene_circle_t;

/** A legend swatch and what it stands for. */
typedef struct cs_scene_swatch {
    cs_rect_t rect;
    cs_band_t band;
    cs_scene_paint_t paint;
    const char *label; /* the band's label (the legend text) */
} cs_scene_swatch_t;

/** A label as painted: its placement and text, and its colour (the text
 *  colour of the wedge under it, else the ink). */
typedef struct cs_scene_label {
    const cs_label_t *label;
    cs_rgb_t color;
} cs_scene_label_t;

/** What a wheel of progress adds. */
typedef struct cs_scene_progress {
    double strip;           /* width of each KPI wedge's strip, from its
                               inner radius outwards */
    size_t ring_count;      /* 1 when the parting line is drawn (the KPI
                               separators have a width), else 0 */
    cs_scene_circle_t ring; /* the line between strips and wedges */
    size_t key_count;       /* 1 when there is a legend, else 0 */
    cs_rect_t key;          /* the legend key, a wedge in small: */
    cs_scene_paint_t key_now, key_before; /* its body and its strip */
    double key_strip;       /* height of the strip, at the key's bottom */
    double key_line_width;  /* the line on top of the key's strip */
} cs_scene_progress_t;

/**
 * Builds the scene of one city: @scores (NULL: a wheel without data, every
 * wedge "no data") drawn by @r, with the city @name in the centre (NULL or
 * empty: none). @previous (may be NULL) is the comparison with the
 * previous verification, drawn when @r makes wheels of progress
 * (cs_render_options_t.progress); borrowed, not kept. Fits the city's
 * labels (the renderer's other labels are shared). On success *@out holds
 * the scene: free it with cs_scene_free() before @r. Fails with
 * CS_ERR_ARG for a NULL @r or @out, or scores or a comparison of another
 * framework's shape, CS_ERR_NOMEM, or a fitting error; *@out is then
 * NULL.
 */
CS_API cs_status_t cs_scene_new(const cs_renderer_t *r,
                                const cs_scores_t *scores,
                                const cs_comparison_t *previous,
                                const char *name, cs_scene_t **out,
                                cs_diag_t *diag);
/** Frees @s (NULL: nothing). */
CS_API void cs_scene_free(cs_scene_t *s);

/** The renderer @s was built from (borrowed). */
CS_API const cs_renderer_t *cs_scene_renderer(const cs_scene_t *s);
/** Canvas size in design units (0 x 0 for NULL). */
CS_API void cs_scene_size(const cs_scene_t *s, double *width, double *height);
/** The wheel's centre. */
CS_API cs_point_t cs_scene_centre(const cs_scene_t *s);
/** Background colour of the canvas. */
CS_API cs_rgb_t cs_scene_background(const cs_scene_t *s);
/** Colour of labels not on a wedge (title, legend, source line). */
CS_API cs_rgb_t cs_scene_ink(const cs_scene_t *s);
/** Colour of separator lines and ring circles. */
CS_API cs_rgb_t cs_scene_line_color(const cs_scene_t *s);

/** The city's name as given ("" when none). Borrowed, valid until
 *  cs_scene_free(). */
CS_API const char *cs_scene_name(const cs_scene_t *s);
/** The document title: the renderer's title, else "City snapshot: NAME"
 *  (or its translation), else the plain one. Borrowed. */
CS_API const char *cs_scene_title(const cs_scene_t *s);
/** The plain-language summary of the wheel (the SVG <desc>, the PDF
 *  subject and /Alt). Borrowed. */
CS_API const char *cs_scene_summary(const cs_scene_t *s);
/** The language of the texts (BCP 47, "en" or "nb"). Borrowed. */
CS_API const char *cs_scene_lang(const cs_scene_t *s);

/** How band @band is painted; NULL for NULL @s or a band out of range.
 *  Borrowed. */
CS_API const cs_scene_paint_t *cs_scene_get_band_paint(const cs_scene_t *s,
                                                       cs_band_t band);

/** Number of wedges (0 for NULL). */
CS_API size_t cs_scene_wedge_count(const cs_scene_t *s);
/** Wedge @i in painting order; NULL out of range. Borrowed. */
CS_API const cs_scene_wedge_t *cs_scene_get_wedge(const cs_scene_t *s,
                                                  size_t i);
/** The wedge of framework item @index on @ring (a KPI, group or
 *  dimension index); NULL when there is none. Borrowed. */
CS_API const cs_scene_wedge_t *cs_scene_find_wedge(const cs_scene_t *s,
                                                   cs_ring_t ring,
                                                   size_t index);

/** Separator lines, in painting order (0 / NULL out of range). */
CS_API size_t cs_scene_line_count(const cs_scene_t *s);
CS_API const cs_scene_line_t *cs_scene_get_line(const cs_scene_t *s,
                                                size_t i);
/** The strokes the lines are painted in (at most 3), in order. */
CS_API size_t cs_scene_stroke_count(const cs_scene_t *s);
CS_API const cs_scene_stroke_t *cs_scene_get_stroke(const cs_scene_t *s,
                                                    size_t i);

/** Ring circles (none when the ring width is 0). */
CS_API size_t cs_scene_circle_count(const cs_scene_t *s);
CS_API const cs_scene_circle_t *cs_scene_get_circle(const cs_scene_t *s,
                                                    size_t i);

/** Legend swatches in legend order (none without a legend). */
CS_API size_t cs_scene_swatch_count(const cs_scene_t *s);
CS_API const cs_scene_swatch_t *cs_scene_get_swatch(const cs_scene_t *s,
                                                    size_t i);

/** The progress parts; NULL when @s is not a wheel of progress.
 *  Borrowed. */
CS_API const cs_scene_progress_t *cs_scene_get_progress(const cs_scene_t *s);

/** Labels in painting order: the shared ones, then the city name. */
CS_API size_t cs_scene_label_count(const cs_scene_t *s);
CS_API const cs_scene_label_t *cs_scene_get_label(const cs_scene_t *s,
                                                  size_t i);
/** All labels as a list (for cs_labels_check, cs_labels_dump); borrowed,
 *  valid until cs_scene_free(). */
CS_API const cs_labels_t *cs_scene_labels(const cs_scene_t *s);

/**
 * Paints @s on @cr, in design units (scale and translate @cr first), the
 * background included: what cs_renderer_draw() draws. Returns CS_OK,
 * CS_ERR_ARG for NULL arguments, CS_ERR_RENDER when @cr is or ends up in
 * an error state, CS_ERR_NOMEM.
 */
CS_API cs_status_t cs_scene_draw(const cs_scene_t *s, cairo_t *cr,
                                 cs_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
