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

/** What decided a KPI's band: where the colour of its wedge comes from. */
typedef enum cs_basis {
    CS_BASIS_NONE = 0,      /* no value: "no data" */
    CS_BASIS_BAND = 1,      /* the city file's band column */
    CS_BASIS_PERCENT = 2,   /* the city file's percent column */
    CS_BASIS_CITY = 3,      /* value against the city file's target */
    CS_BASIS_TARGETS = 4,   /* value against the targets file's target */
    CS_BASIS_FRAMEWORK = 5, /* value against the framework's target */
    CS_BASIS_NOTARGET = 6,  /* a value and no target: "no target yet" */
    CS_BASIS_COUNT
} cs_basis_t;

/** Scored KPI. */
typedef struct cs_kpi_score {
    cs_band_t band;
    double value;   /* NaN when none */
    double target;  /* effective target, NaN when none */
    double percent; /* % of target, NaN when not computed */
    int points;     /* 1..4, 0 when not scored */
    cs_basis_t basis; /* what decided the band */
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
 * (everything "no data"). @city and @targets must have been loaded
 * against @fw: one made for a framework with another number of KPIs is
 * CS_ERR_ARG.
 *
 * On success *@out holds new scores to free with cs_scores_free(); they
 * refer to @fw by shape only (they hold no pointer to it), so a
 * translation of @fw can draw and describe them. On failure *@out is NULL
 * and the status is CS_ERR_ARG (NULL @fw, @bands or @out) or
 * CS_ERR_NOMEM.
 */
CS_API cs_status_t cs_scores_compute(const cs_framework_t *fw,
                                     const cs_bands_t *bands,
                                     const cs_targets_t *targets,
                                     const cs_city_t *city,
                                     cs_scores_t **out, cs_diag_t *diag);
/**
 * Like cs_scores_compute(), and each group, dimension and the whole wheel
 * with at least one KPI scored but less than @min_coverage % of its KPIs
 * scored gets the band CS_BAND_FEWDATA (its percent and points are still
 * filled in). @min_coverage 0 disables this; cs_scores_compute() uses 0.
 * CS_ERR_ARG also when @min_coverage is not within 0..100.
 */
CS_API cs_status_t cs_scores_compute_cov(const cs_framework_t *fw,
                                         const cs_bands_t *bands,
                                         const cs_targets_t *targets,
                                         const cs_city_t *city,
                                         double min_coverage,
                                         cs_scores_t **out, cs_diag_t *diag);
/** KPI wedges of @s whose band @basis decided (0 when @s is NULL). */
CS_API unsigned cs_scores_basis_count(const cs_scores_t *s, cs_basis_t basis);
/** The targets file @s was scored with: its declared source, its file
 * name, whether it is illustrative (cs_targets_source() and friends,
 * copied). NULL (0) when there was none or it did not say. */
CS_API const char *cs_scores_targets_source(const cs_scores_t *s);
CS_API const char *cs_scores_targets_file(const cs_scores_t *s);
CS_API int cs_scores_targets_illustrative(const cs_scores_t *s);
/** The minimum coverage @s was computed with (0 when @s is NULL). */
CS_API double cs_scores_min_coverage(const cs_scores_t *s);
/** 100 * scored / total of @a: its coverage in %, 0 when empty or NULL. */
CS_API double cs_agg_coverage(const cs_agg_score_t *a);
/** Frees @s; NULL allowed. */
CS_API void cs_scores_free(cs_scores_t *s);
/** Score of KPI @i; borrowed, valid while @s lives. NULL when @s is NULL
 * or @i is out of range. */
CS_API const cs_kpi_score_t *cs_scores_get_kpi(const cs_scores_t *s, size_t i);
/** Score of group @i (points method); borrowed, NULL when @s is NULL or
 * @i is out of range. */
CS_API const cs_agg_score_t *cs_scores_get_group(const cs_scores_t *s, size_t i);
/** Score of dimension @i; borrowed, NULL when @s is NULL or @i is out of
 * range. */
CS_API const cs_agg_score_t *cs_scores_get_dimension(const cs_scores_t *s,
                                                 size_t i);
/** Score of the whole wheel; borrowed, NULL when @s is NULL. */
CS_API const cs_agg_score_t *cs_scores_get_overall(const cs_scores_t *s);

/**
 * Points method on raw numbers: fills @out from @n point values (each 0
 * = unscored, 1..4 = scored); @bands classifies the result. Does nothing
 * when @out is NULL; @points may be NULL when @n is 0.
 */
CS_API void cs_scores_aggregate(const cs_bands_t *bands, const int *points,
                                size_t n, cs_agg_score_t *out);

#ifdef __cplusplus
}
#endif
#endif
