/* SPDX-License-Identifier: MIT */
/* Scoring: KPI bands and the U4SSC points method for groups and dimensions. */
#ifndef CITYSNAP_SCORE_H
#define CITYSNAP_SCORE_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/city.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Scored KPI. */
typedef struct cs_kpi_score {
    cs_band_t band;
    double value;   /* NaN when none */
    double target;  /* effective target, NaN when none */
    double percent; /* % of target, NaN when not computed */
    int points;     /* 1..4, 0 when not scored */
} cs_kpi_score_t;

/**
 * Scored group, dimension or whole wheel (points method). Its coverage is
 * scored / total: how many of its KPI wedges earned points.
 */
typedef struct cs_agg_score {
    cs_band_t band;  /* nodata when nothing scored; fewdata when some but
                        fewer than the minimum coverage were */
    double percent;  /* points / (4 * scored) * 100, NaN when nothing scored */
    unsigned scored; /* KPIs with points */
    unsigned points; /* sum of points */
    unsigned total;  /* KPIs in the aggregate */
} cs_agg_score_t;

/**
 * The default minimum coverage, in %: a group or dimension with less than
 * a third of its KPI wedges scored is shown as not enough data (the README
 * says why).
 */
#define CS_DEFAULT_MIN_COVERAGE 33.0

typedef struct cs_scores cs_scores_t;

/**
 * Scores @city. Per KPI, precedence: band column > percent column > value
 * with a target (city file > @targets > framework) > value without target
 * (notarget) > nothing (nodata). @targets may be NULL. @city may be NULL
 * (everything "no data"). Free with cs_scores_free(). NULL on OOM.
 */
CS_API cs_scores_t *cs_scores_compute(const cs_framework_t *fw,
                                      const cs_bands_t *bands,
                                      const cs_targets_t *targets,
                                      const cs_city_t *city);
/**
 * Like cs_scores_compute(), and each group, dimension and the whole wheel
 * with at least one KPI scored but less than @min_coverage % of its KPIs
 * scored gets the band CS_BAND_FEWDATA (its percent and points are still
 * filled in). @min_coverage 0 disables this; cs_scores_compute() uses 0.
 * NULL when @min_coverage is not within 0..100, and on OOM.
 */
CS_API cs_scores_t *cs_scores_compute_cov(const cs_framework_t *fw,
                                          const cs_bands_t *bands,
                                          const cs_targets_t *targets,
                                          const cs_city_t *city,
                                          double min_coverage);
/** The minimum coverage @s was computed with (0 when @s is NULL). */
CS_API double cs_scores_min_coverage(const cs_scores_t *s);
/** 100 * scored / total of @a: its coverage in %, 0 when empty or NULL. */
CS_API double cs_agg_coverage(const cs_agg_score_t *a);
CS_API void cs_scores_free(cs_scores_t *s);
CS_API const cs_kpi_score_t *cs_scores_kpi(const cs_scores_t *s, size_t i);
CS_API const cs_agg_score_t *cs_scores_group(const cs_scores_t *s, size_t i);
CS_API const cs_agg_score_t *cs_scores_dimension(const cs_scores_t *s,
                                                 size_t i);
CS_API const cs_agg_score_t *cs_scores_overall(const cs_scores_t *s);

/**
 * Points method on raw numbers: fills @out from @n point values (each 0
 * = unscored, 1..4 = scored). Exposed for tests and other tools.
 */
CS_API void cs_score_points(const cs_bands_t *bands, const int *points,
                            size_t n, cs_agg_score_t *out);

#ifdef __cplusplus
}
#endif
#endif
