/* SPDX-License-Identifier: MIT */
/*
 * Progress between two verifications of one city: the previous and the
 * current scores, made with the same framework, compared KPI by KPI.
 *
 * A KPI's kind of change is judged by its bands (the points method), so a
 * KPI "improves" when it reaches a better band whatever its direction:
 *   up / down / same  scored both times, better / worse / the same band
 *   new               scored now, not before (no data, or no target yet)
 *   dropped           scored before, not now
 *   none              scored neither time (same: both "no target yet";
 *                     new: no data before, a value without target now;
 *                     dropped: the other way round)
 * Its trend is judged by its value and direction: a falling unemployment
 * rate (lower is better) is an improvement even within one band.
 */
#ifndef CITYSNAP_COMPARE_H
#define CITYSNAP_COMPARE_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/score.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How a KPI's band changed (see the top of this file). */
typedef enum cs_change {
    CS_CHANGE_UP = 0,
    CS_CHANGE_DOWN = 1,
    CS_CHANGE_SAME = 2,
    CS_CHANGE_NEW = 3,
    CS_CHANGE_DROPPED = 4,
    CS_CHANGE_NONE = 5,
    CS_CHANGE_COUNT
} cs_change_t;

/** Constant key of @c ("up", "down", "same", "new", "dropped", "none"),
 * or NULL when out of range. */
CS_API const char *cs_change_key(cs_change_t c);

/** Which way a KPI's value moved, judged by the KPI's direction. */
typedef enum cs_trend {
    CS_TREND_UNKNOWN = 0,   /* a value (or % of target) is missing */
    CS_TREND_BETTER = 1,
    CS_TREND_WORSE = 2,
    CS_TREND_UNCHANGED = 3,
    CS_TREND_COUNT
} cs_trend_t;

/** Constant key of @t ("unknown", "better", "worse", "unchanged"), or
 * NULL when out of range. */
CS_API const char *cs_trend_key(cs_trend_t t);

/** One KPI, previous against current. */
typedef struct cs_kpi_change {
    cs_change_t change;
    cs_trend_t trend;   /* from the values; else the % of target; else
                           the points of two scored bands */
    cs_band_t prev_band;
    double prev_value;   /* NaN when none */
    double prev_target;  /* NaN when none */
    double prev_percent; /* NaN when none */
    double delta;        /* current value - previous value; NaN when a
                            value is missing */
    int steps;           /* current points - previous points when scored
                            both times (positive: better), else 0 */
} cs_kpi_change_t;

/** A group, dimension or the whole wheel, previous against current. */
typedef struct cs_agg_change {
    cs_band_t prev_band;
    double prev_percent;   /* NaN when nothing was scored */
    unsigned prev_scored;  /* KPIs with points before */
    double delta;          /* percentage points, current - previous; NaN
                              when either is unscored */
    unsigned count[CS_CHANGE_COUNT]; /* its KPIs per kind of change */
} cs_agg_change_t;

/** Immutable once made: share freely between threads. */
typedef struct cs_comparison cs_comparison_t;

/**
 * Compares @previous with @current, both scored with @fw (and any band
 * table: points and bands are read from the scores). CS_ERR_ARG (with a
 * message in @diag) when an argument is NULL or a score set does not
 * have @fw's shape (KPI, group and dimension counts). On success *@out is
 * a new comparison to free with cs_comparison_free(); on failure NULL.
 * The comparison copies what it needs: the scores may be freed after.
 */
CS_API cs_status_t cs_comparison_new(const cs_framework_t *fw,
                                     const cs_scores_t *previous,
                                     const cs_scores_t *current,
                                     cs_comparison_t **out, cs_diag_t *diag);
/** NULL is allowed. */
CS_API void cs_comparison_free(cs_comparison_t *c);
/** KPI @i (framework order), or NULL when @c is NULL or @i out of range.
 * Borrowed, valid while @c lives. */
CS_API const cs_kpi_change_t *cs_comparison_get_kpi(const cs_comparison_t *c,
                                                size_t i);
/** Group @i, or NULL (as above). */
CS_API const cs_agg_change_t *cs_comparison_get_group(const cs_comparison_t *c,
                                                  size_t i);
/** Dimension @i, or NULL (as above). */
CS_API const cs_agg_change_t *
cs_comparison_get_dimension(const cs_comparison_t *c, size_t i);
/** The whole wheel, or NULL when @c is NULL. */
CS_API const cs_agg_change_t *cs_comparison_get_overall(const cs_comparison_t *c);

#ifdef __cplusplus
}
#endif
#endif
