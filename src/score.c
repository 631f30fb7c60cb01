/* SPDX-License-Identifier: MIT */
/*
 * Scoring: a band per KPI, and the U4SSC points method for groups,
 * dimensions and the whole wheel.
 *
 * Per KPI, the first of these that applies decides the band:
 *  1. the city file's band column;
 *  2. the city file's percent column (classified with the band table);
 *  3. a value with a target (target from the city file, else the targets
 *     file, else the framework): cs_bands_percent_of_target() then classified;
 *  4. a value without any target: "notarget";
 *  5. nothing: "nodata".
 * The reported percent is the percent column when given, else the computed
 * % of target when a value and a target exist, else NaN (also when a band
 * column decided the band).
 *
 * Aggregates (points method, ../shared/reference/README.md): each KPI in a
 * scored band earns its band's points (4, 3, 2, 1); a group, a dimension
 * and the whole wheel score sum(points) / (4 * scored KPIs), classified with
 * the same bands. KPIs without points (nodata, notarget) are left out; an
 * aggregate with nothing scored is "nodata". Dimensions and the wheel are
 * computed from their KPIs directly (not as an average of group scores).
 *
 * Coverage: an aggregate with some KPIs scored but fewer than the minimum
 * coverage (a % of its KPIs) is "fewdata", not a score: a ring coloured
 * from 6 of its 28 KPIs would read as the city's result in that field.
 * Its percent and points stay, for the tables that print them.
 */
#include "city-private.h"
#include "cs-private.h"
#include "framework-private.h"
#include "score-private.h"

#include <math.h>
#include <stdlib.h>

#include <glib.h>

#include <citysnap/score.h>

struct cs_scores {
    size_t n_kpis, n_groups, n_dims;
    cs_kpi_score_t *kpis;
    cs_agg_score_t *groups;
    cs_agg_score_t *dims;
    cs_agg_score_t overall;
    double min_coverage;
    uint64_t shape; /* cs_framework_shape() of the framework used */
    unsigned basis[CS_BASIS_COUNT];
    char *targets_source, *targets_file;
    int targets_illustrative;
};

unsigned
cs_scores_basis_count(const cs_scores_t *s, cs_basis_t basis)
{
    if (!s || (int)basis < 0 || basis >= CS_BASIS_COUNT)
        return 0;
    return s->basis[basis];
}

const char *
cs_scores_targets_source(const cs_scores_t *s)
{
    return s ? s->targets_source : NULL;
}

const char *
cs_scores_targets_file(const cs_scores_t *s)
{
    return s ? s->targets_file : NULL;
}

int
cs_scores_targets_illustrative(const cs_scores_t *s)
{
    return s ? s->targets_illustrative : 0;
}

double
cs_agg_coverage(const cs_agg_score_t *a)
{
    if (!a || a->total == 0)
        return 0;
    return 100.0 * (double)a->scored / (double)a->total;
}

static void
apply_coverage(cs_agg_score_t *a, double min)
{
    /* compared on counts, so that 1 of 3 meets 33 % and 100 % needs all */
    if (a->scored > 0 && 100.0 * a->scored < min * a->total)
        a->band = CS_BAND_FEWDATA;
}

void
cs_scores_aggregate(const cs_bands_t *bands, const int *points, size_t n,
                cs_agg_score_t *out)
{
    if (!out)
        return;
    unsigned scored = 0, sum = 0;
    for (size_t i = 0; points && i < n; i++) {
        if (points[i] >= 1 && points[i] <= 4) {
            scored++;
            sum += (unsigned)points[i];
        }
    }
    out->scored = scored;
    out->points = sum;
    out->total = (unsigned)n;
    if (scored == 0) {
        out->percent = NAN;
        out->band = CS_BAND_NODATA;
        return;
    }
    out->percent = 100.0 * (double)sum / (4.0 * (double)scored);
    out->band = cs_bands_classify(bands, out->percent);
}

static void
score_kpi(const cs_kpi_t *kpi, const cs_bands_t *bands,
          const cs_targets_t *targets, const cs_city_entry_t *e, size_t i,
          cs_kpi_score_t *out)
{
    out->value = e ? e->value : NAN;
    double target = e ? e->target : NAN;
    cs_basis_t from = CS_BASIS_CITY;
    if (isnan(target)) {
        target = cs_targets_get(targets, i);
        from = CS_BASIS_TARGETS;
    }
    if (isnan(target)) {
        target = kpi->target;
        from = CS_BASIS_FRAMEWORK;
    }
    out->target = target;

    double computed = NAN;
    if (!isnan(out->value) && !isnan(target))
        computed = cs_bands_percent_of_target(out->value, target, kpi->direction);

    if (e && e->has_band) {
        out->band = e->band;
        out->percent = !isnan(e->percent) ? e->percent : NAN;
        out->basis = CS_BASIS_BAND;
    } else if (e && !isnan(e->percent)) {
        out->percent = e->percent;
        out->band = cs_bands_classify(bands, e->percent);
        out->basis = CS_BASIS_PERCENT;
    } else if (!isnan(computed)) {
        out->percent = computed;
        out->band = cs_bands_classify(bands, computed);
        out->basis = from;
    } else if (!isnan(out->value)) {
        out->percent = NAN;
        out->band = CS_BAND_NOTARGET;
        out->basis = CS_BASIS_NOTARGET;
    } else {
        out->percent = NAN;
        out->band = CS_BAND_NODATA;
        out->basis = CS_BASIS_NONE;
    }
    out->points = cs_bands_points(bands, out->band);
}

cs_status_t
cs_scores_compute(const cs_framework_t *fw, const cs_bands_t *bands,
                  const cs_targets_t *targets, const cs_city_t *city,
                  cs_scores_t **out, cs_diag_t *diag)
{
    return cs_scores_compute_cov(fw, bands, targets, city, 0, out, diag);
}

double
cs_scores_min_coverage(const cs_scores_t *s)
{
    return s ? s->min_coverage : 0;
}

cs_status_t
cs_scores_compute_cov(const cs_framework_t *fw, const cs_bands_t *bands,
                      const cs_targets_t *targets, const cs_city_t *city,
                      double min_coverage, cs_scores_t **out,
                      cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!fw || !bands || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_scores_compute: NULL argument");
    size_t nk = cs_framework_kpi_count(fw);
    if ((city && cs_city_kpi_count(city) != nk) ||
        (targets && cs_targets_kpi_count(targets) != nk))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_scores_compute: the %s was loaded for another "
                           "framework (%zu KPIs, the framework has %zu)",
                           city && cs_city_kpi_count(city) != nk ? "city"
                                                                 : "targets",
                           city && cs_city_kpi_count(city) != nk
                               ? cs_city_kpi_count(city)
                               : cs_targets_kpi_count(targets),
                           nk);
    if (!(min_coverage >= 0 && min_coverage <= 100))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "the minimum coverage must be 0 to 100 %%");
    cs_scores_t *s = calloc(1, sizeof(*s));
    if (!s)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    s->min_coverage = min_coverage;
    s->shape = cs_framework_shape(fw);
    s->targets_illustrative = cs_targets_illustrative(targets);
    s->targets_source = g_strdup(cs_targets_source(targets));
    s->targets_file = g_strdup(cs_targets_file(targets));
    s->n_kpis = cs_framework_kpi_count(fw);
    s->n_groups = cs_framework_group_count(fw);
    s->n_dims = cs_framework_dimension_count(fw);
    s->kpis = calloc(s->n_kpis + 1, sizeof(*s->kpis));
    s->groups = calloc(s->n_groups + 1, sizeof(*s->groups));
    s->dims = calloc(s->n_dims + 1, sizeof(*s->dims));
    int *points = calloc(s->n_kpis + 1, sizeof(int));
    if (!s->kpis || !s->groups || !s->dims || !points) {
        free(points);
        cs_scores_free(s);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < s->n_kpis; i++) {
        score_kpi(cs_framework_get_kpi(fw, i), bands, targets,
                  cs_city_get_entry(city, i), i, &s->kpis[i]);
        points[i] = s->kpis[i].points;
        s->basis[s->kpis[i].basis]++;
    }
    for (size_t g = 0; g < s->n_groups; g++) {
        const cs_group_t *grp = cs_framework_get_group(fw, g);
        cs_scores_aggregate(bands, points + grp->first_kpi, grp->n_kpis,
                        &s->groups[g]);
        apply_coverage(&s->groups[g], min_coverage);
    }
    for (size_t d = 0; d < s->n_dims; d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        cs_scores_aggregate(bands, points + dim->first_kpi, dim->n_kpis,
                        &s->dims[d]);
        apply_coverage(&s->dims[d], min_coverage);
    }
    cs_scores_aggregate(bands, points, s->n_kpis, &s->overall);
    apply_coverage(&s->overall, min_coverage);
    free(points);
    *out = s;
    return CS_OK;
}

int
cs_scores_match(const cs_scores_t *s, const cs_framework_t *fw)
{
    return s && fw && s->shape == cs_framework_shape(fw) &&
           s->n_kpis == cs_framework_kpi_count(fw) &&
           s->n_groups == cs_framework_group_count(fw) &&
           s->n_dims == cs_framework_dimension_count(fw);
}

void
cs_scores_free(cs_scores_t *s)
{
    if (!s)
        return;
    g_free(s->targets_source);
    g_free(s->targets_file);
    free(s->kpis);
    free(s->groups);
    free(s->dims);
    free(s);
}

const cs_kpi_score_t *
cs_scores_get_kpi(const cs_scores_t *s, size_t i)
{
    return s && i < s->n_kpis ? &s->kpis[i] : NULL;
}

const cs_agg_score_t *
cs_scores_get_group(const cs_scores_t *s, size_t i)
{
    return s && i < s->n_groups ? &s->groups[i] : NULL;
}

const cs_agg_score_t *
cs_scores_get_dimension(const cs_scores_t *s, size_t i)
{
    return s && i < s->n_dims ? &s->dims[i] : NULL;
}

const cs_agg_score_t *
cs_scores_get_overall(const cs_scores_t *s)
{
    return s ? &s->overall : NULL;
}
