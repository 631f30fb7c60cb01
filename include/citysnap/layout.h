/* SPDX-License-Identifier: MIT */
/*
 * Wheel geometry: pure math on plain data (no Cairo, no Pango), so it can
 * be tested exactly.
 *
 * Coordinates are "design units" (1 unit = 1 pt at the natural size of the
 * canvas), x to the right, y downwards. Angles are radians measured
 * clockwise from 12 o'clock, so the point at angle a and radius r is
 * (cx + r sin a, cy - r cos a).
 *
 * The canvas, from top to bottom: margin, optional title band, the wheel
 * square (the wheel and its radiating KPI labels), the legend band (two
 * columns of three bands) and the source line, margin.
 */
#ifndef CITYSNAP_LAYOUT_H
#define CITYSNAP_LAYOUT_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The three rings, from the centre outwards. */
typedef enum cs_ring {
    CS_RING_DIMENSION = 1, /* ring 1: the dimensions */
    CS_RING_GROUP = 2,     /* ring 2: the groups */
    CS_RING_KPI = 3,       /* ring 3: one equal-angle wedge per KPI */
    CS_RING_COUNT = 3      /* number of rings (they count from 1) */
} cs_ring_t;

/** One wedge (annular sector). */
typedef struct cs_wedge {
    cs_ring_t ring;
    size_t index; /* dimension, group or KPI index in the framework */
    double a0;    /* start angle; 0 <= a0 < a1 <= 2 pi */
    double a1;    /* end angle */
    double r0;    /* inner radius */
    double r1;    /* outer radius */
} cs_wedge_t;

/** A radial separator line at @angle from radius @r0 to @r1. */
typedef struct cs_separator {
    double angle;
    double r0, r1;
    int level; /* 1: between dimensions, 2: between groups, 3: between KPIs */
} cs_separator_t;

typedef struct cs_point {
    double x, y;
} cs_point_t;

/** An axis-aligned rectangle. */
typedef struct cs_rect {
    double x, y, w, h;
} cs_rect_t;

/** A convex quadrilateral (a rotated rectangle), corners in order. */
typedef struct cs_quad {
    cs_point_t p[4];
} cs_quad_t;

/** Where the legend goes. */
typedef enum cs_legend_position {
    CS_LEGEND_BOTTOM = 0, /* under the wheel, in 3 columns (default) */
    CS_LEGEND_RIGHT = 1,  /* beside the wheel, one column, centred */
    CS_LEGEND_NONE = 2,   /* no legend (e.g. one shared legend elsewhere) */
    CS_LEGEND_POSITION_COUNT
} cs_legend_position_t;

/** "bottom", "right", "none"; NULL when out of range. */
CS_API const char *cs_legend_position_name(cs_legend_position_t pos);
/** Parses a legend position name (case-insensitive) into *@out.
 * CS_ERR_INVALID for an unknown name (*@out unchanged), CS_ERR_ARG when
 * @name or @out is NULL. */
CS_API cs_status_t cs_legend_position_from_name(const char *name,
                                                cs_legend_position_t *out,
                                                cs_diag_t *diag);

/** Geometry parameters. Initialise with cs_layout_params_init(). */
typedef struct cs_layout_params {
    double width;         /* canvas width (default 720) */
    double margin;        /* free border on every side (default 16) */
    double title_height;  /* title band at the top; 0: no title (default 0) */
    double legend_row;    /* height of one legend row (default 16) */
    double legend_swatch; /* legend colour square (default 10) */
    double source_height; /* band for the source line (default 22) */
    double band_gap;      /* gap between wheel square, legend, source (default 8) */
    /* Outer radius of ring 3. 0: automatic (see cs_layout_compute). */
    double r_outer;
    /* Bounds of the automatic radius, as fractions of half the wheel
     * square's side (defaults 0.50 and 0.66). */
    double r_outer_min;
    double r_outer_max;
    /* Ring boundaries as fractions of r_outer (defaults 0.25, 0.42, 0.80):
     * centre hole, ring 1 outer, ring 2 outer; ring 3 ends at 1. */
    double f_hole, f_ring1, f_ring2;
    double label_gap; /* ring 3 to the start of the KPI labels (default 5) */
    double label_pad; /* free width between neighbouring KPI labels (default 1) */
    cs_legend_position_t legend_position; /* default CS_LEGEND_BOTTOM */
    double legend_width; /* CS_LEGEND_RIGHT: the column's width (default
                            190); the canvas is that much (and band_gap)
                            wider than width, the wheel the same */
    int legend_extra;    /* legend entries after the bands' (0 or 1; the
                            renderer sets 1 for progress, see
                            cs_render_options_t.progress) */
} cs_layout_params_t;

/** Immutable once computed: safe to share read-only between threads. */
typedef struct cs_layout cs_layout_t;

/** Fills @p with the defaults listed above. */
CS_API void cs_layout_params_init(cs_layout_params_t *p);

/**
 * Computes the layout of @fw. Ring 3 has one wedge per KPI of angle
 * 2 pi / n in framework order, the first starting at 12 o'clock, so a KPI
 * sits at the same angle for every city; rings 2 and 1 span their KPIs.
 *
 * Automatic radius (@p->r_outer == 0): @kpi_lengths (n values, may be
 * NULL) are the KPI labels' lengths and @kpi_thickness their thickness at
 * the preferred size; the radius is the largest one in
 * [r_outer_min, r_outer_max] at which every label fits on one line in its
 * slot (cs_layout_kpi_room). When even r_outer_min is too large, it is
 * used and the labels must shrink. Without lengths the radius is the
 * midpoint of the bounds.
 *
 * Fails with CS_ERR_ARG for an empty framework or nonsensical parameters.
 * On success *@out is a new layout to free with cs_layout_free().
 */
CS_API cs_status_t cs_layout_compute(const cs_framework_t *fw,
                                     const cs_layout_params_t *p,
                                     const double *kpi_lengths,
                                     double kpi_thickness, cs_layout_t **out,
                                     cs_diag_t *diag);
/** Frees @l; NULL allowed. */
CS_API void cs_layout_free(cs_layout_t *l);

/** The parameters the layout was computed with (r_outer filled in). Borrowed. */
CS_API const cs_layout_params_t *cs_layout_params(const cs_layout_t *l);
/** Canvas size. */
CS_API void cs_layout_canvas(const cs_layout_t *l, double *width,
                             double *height);
/** Wheel centre. */
CS_API cs_point_t cs_layout_centre(const cs_layout_t *l);
/** Radius @k: 0 centre hole, 1 ring 1 outer, 2 ring 2 outer, 3 ring 3 outer. */
CS_API double cs_layout_radius(const cs_layout_t *l, int k);
/** Angle of one KPI wedge (2 pi / number of KPIs). */
CS_API double cs_layout_kpi_step(const cs_layout_t *l);

/** Wedges: ring 1 first, then ring 2, then ring 3, each in framework order. */
CS_API size_t cs_layout_wedge_count(const cs_layout_t *l);
/** Wedge @i; borrowed, valid while @l lives. NULL when out of range. */
CS_API const cs_wedge_t *cs_layout_get_wedge(const cs_layout_t *l, size_t i);
/** Index of the first wedge of @ring and their number (*@n may be NULL). */
CS_API size_t cs_layout_ring_first(const cs_layout_t *l, cs_ring_t ring,
                                   size_t *n);

/** Radial separators (between wedges), then rings are circles at the radii. */
CS_API size_t cs_layout_separator_count(const cs_layout_t *l);
/** Separator @i; borrowed, valid while @l lives. NULL when out of range. */
CS_API const cs_separator_t *cs_layout_get_separator(const cs_layout_t *l,
                                                 size_t i);

/** Regions: the wheel square (where KPI labels may go), title band, legend
 * band, source line band. Empty rectangles (w = h = 0) when absent. */
CS_API cs_rect_t cs_layout_wheel_box(const cs_layout_t *l);
CS_API cs_rect_t cs_layout_title_box(const cs_layout_t *l);
CS_API cs_rect_t cs_layout_legend_box(const cs_layout_t *l);
CS_API cs_rect_t cs_layout_source_box(const cs_layout_t *l);
/** Legend entry @i (the bands in legend order, then legend_extra more;
 * filled column by column): the swatch square and the box for its text. */
CS_API void cs_layout_get_legend_entry(const cs_layout_t *l, size_t i,
                                   cs_rect_t *swatch, cs_rect_t *text);

/** Slot of a radiating KPI label. */
typedef struct cs_kpi_slot {
    double angle;         /* the wedge's centre angle */
    double r_start;       /* radius where the label starts */
    double max_thickness; /* widest label that cannot touch its neighbours */
    int flipped;          /* 1 on the left half: reads from the outside in */
} cs_kpi_slot_t;

/** Slot of KPI @kpi's label; all zero for a NULL @l or @kpi out of
 * range. */
CS_API cs_kpi_slot_t cs_layout_kpi_slot(const cs_layout_t *l, size_t kpi);
/**
 * Longest label of thickness @thickness that fits along the ray at @angle
 * from @r_start without leaving @box (the label is a rectangle centred on
 * the ray). 0 when not even its start fits.
 */
CS_API double cs_layout_ray_room(cs_rect_t box, cs_point_t centre,
                                 double angle, double r_start,
                                 double thickness);
/** Room of KPI @kpi's label for a block of @thickness: -1 when thicker than
 * the slot allows, else cs_layout_ray_room() in the wheel box. */
CS_API double cs_layout_kpi_room(const cs_layout_t *l, size_t kpi,
                                 double thickness);

/** Point at @angle and radius @r around @c. */
CS_API cs_point_t cs_layout_polar(cs_point_t c, double angle, double r);
/**
 * The rectangle [x, x+w] x [y, y+h] of a frame rotated by @rot (radians,
 * cairo convention: positive turns x towards y) around @origin, in canvas
 * coordinates.
 */
CS_API cs_quad_t cs_layout_quad_make(cs_point_t origin, double rot, double x,
                              double y, double w, double h);
/** 1 when the interiors of @a and @b overlap by more than @tol (separating
 * axis test; touching edges do not overlap). */
CS_API int cs_layout_quad_overlap(const cs_quad_t *a, const cs_quad_t *b,
                           double tol);
/** 1 when every corner of @q lies inside @r grown by @tol. */
CS_API int cs_layout_quad_inside(const cs_quad_t *q, cs_rect_t r, double tol);

/**
 * A stable text dump of the layout (canvas, radii, regions, wedges in
 * degrees, separators), numbers printed with "%.3f" in the C locale.
 * Returns a new string to free with free(), or NULL on OOM or a NULL @l.
 */
CS_API char *cs_layout_dump(const cs_layout_t *l);

#ifdef __cplusplus
}
#endif
#endif
