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

/** Scored group, dimension or whole wheel (points method). */
typedef struct cs_agg_score {
    cs_band_t band;  /* nodata when nothing scored */
    double percent;  /* points / (4 * scored) * 100, NaN when nothing scored */
    unsigned scored; /* KPIs with points */
    unsigned points; /* sum of points */
    unsigned total;  /* KPIs in the aggregate */
} cs_agg_score_t;

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
