/* SPDX-License-Identifier: MIT */
/* The six legend bands: thresholds, labels, colours and points. */
#ifndef CITYSNAP_BANDS_H
#define CITYSNAP_BANDS_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The bands. Keys (for CSV files) in cs_band_key(). "fewdata" is for
 * groups, dimensions and the whole wheel only: one with too few of its
 * KPIs scored (see cs_scores_compute_cov()) is shown as not enough data
 * rather than as a score. A KPI never has it.
 */
typedef enum cs_band {
    CS_BAND_95PLUS = 0,   /* "95plus"   95+ % of target */
    CS_BAND_66TO95 = 1,   /* "66to95"   66 – 95 % */
    CS_BAND_33TO66 = 2,   /* "33to66"   33 – 66 % */
    CS_BAND_BELOW33 = 3,  /* "below33"  less than 33 % */
    CS_BAND_NODATA = 4,   /* "nodata"   no data or no target */
    CS_BAND_NOTARGET = 5, /* "notarget" data reported – no target yet */
    CS_BAND_FEWDATA = 6,  /* "fewdata"  a ring with too few KPIs scored */
    CS_BAND_COUNT
} cs_band_t;

typedef struct cs_rgb {
    double r, g, b; /* 0..1 */
} cs_rgb_t;

/** Band table. Immutable after creation: share freely between threads. */
typedef struct cs_bands cs_bands_t;

/** Built-in defaults (same as data/bands.csv). Free with cs_bands_free(). NULL on OOM. */
CS_API cs_bands_t *cs_bands_new_default(void);
/**
 * Reads a band file: columns key,label,color,min_percent,points; one row
 * per band, the six keys 95plus..notarget exactly once, fewdata at most
 * once (when absent it comes last in the legend, with the built-in label
 * and colour); rows in legend order; colours
 * "#rrggbb"; min_percent strictly decreasing over the four scored bands
 * (empty for nodata/notarget). On failure *@out is NULL and @diag says why.
 */
CS_API cs_status_t cs_bands_load(const char *path, cs_bands_t **out,
                                 cs_diag_t *diag);
/** cs_bands_load() from memory: @name is used in messages, @data need not
 * be NUL-terminated. Same ownership and failure rules. */
CS_API cs_status_t cs_bands_load_buffer(const char *name, const char *data,
                                        size_t len, cs_bands_t **out,
                                        cs_diag_t *diag);
/** Frees @b; NULL allowed. */
CS_API void cs_bands_free(cs_bands_t *b);

/** Constant key of @band ("95plus"...), or NULL when out of range. */
CS_API const char *cs_band_key(cs_band_t band);
/**
 * Parses a key (exact, case-insensitive) into *@out. CS_ERR_INVALID for an
 * unknown key (*@out unchanged; @diag names the key and the known ones),
 * CS_ERR_ARG when @key or @out is NULL.
 */
CS_API cs_status_t cs_band_from_key(const char *key, cs_band_t *out,
                                    cs_diag_t *diag);

/** Legend label of @band; borrowed, valid while @b lives. NULL for a NULL
 * @b or a band out of range. */
CS_API const char *cs_bands_label(const cs_bands_t *b, cs_band_t band);
/** Colour of @band; black for a NULL @b or a band out of range. */
CS_API cs_rgb_t cs_bands_color(const cs_bands_t *b, cs_band_t band);
/** Lower bound (inclusive) in % of target; NaN for nodata/notarget. */
CS_API double cs_bands_min_percent(const cs_bands_t *b, cs_band_t band);
/** U4SSC points: 4,3,2,1 for the scored bands, 0 for the others. */
CS_API int cs_bands_points(const cs_bands_t *b, cs_band_t band);
/** The bands in legend order (the file's row order); fills @order[CS_BAND_COUNT]. */
CS_API void cs_bands_legend_order(const cs_bands_t *b,
                                  cs_band_t order[CS_BAND_COUNT]);

/**
 * % of target achieved, clamped to [0, 100]. Higher is better:
 * 100*value/target. Lower is better (target is an upper bound): 100 when
 * value <= target, else 100*target/value. Non-positive targets or values
 * give 100 when the target is met and 0 when not. NaN when @value or
 * @target is not finite.
 */
CS_API double cs_bands_percent_of_target(double value, double target,
                                         cs_direction_t dir);
/**
 * Band of a % of target: the first scored band whose min_percent <= pct
 * (boundaries belong to the upper band). NaN gives CS_BAND_NODATA; +inf
 * the top band; -inf and negatives the bottom band.
 */
CS_API cs_band_t cs_bands_classify(const cs_bands_t *b, double pct);

#ifdef __cplusplus
}
#endif
#endif
