/* SPDX-License-Identifier: MIT */
/* Progress between two verifications of one city (include/citysnap/compare.h). */
#include "cs-private.h"
#include "score-private.h"

#include <math.h>
#include <stdlib.h>

#include <citysnap/compare.h>

struct cs_comparison {
    size_t n_kpis, n_groups, n_dims;
    cs_kpi_change_t *kpis;
    cs_agg_change_t *groups;
    cs_agg_change_t *dims;
    cs_agg_change_t overall;
};

static const char *const change_keys[CS_CHANGE_COUNT] = {
    "up", "down", "same", "new", "dropped", "none"};
static const char *const trend_keys[CS_TREND_COUNT] = {
    "unknown", "better", "worse", "unchanged"};

const char *
cs_change_key(cs_change_t c)
{
    return (unsigned)c < CS_CHANGE_COUNT ? change_keys[c] : NULL;
}

const char *
cs_trend_key(cs_trend_t t)
{
    return (unsigned)t < CS_TREND_COUNT ? trend_keys[t] : NULL;
}

/* Whether @s was scored with a framework of @fw's shape. */

static cs_change_t
kind_of(const cs_kpi_score_t *p, const cs_kpi_score_t *c)
{
    int ps = p->points > 0, cs = c->points > 0;
    if (ps && cs)
        return c->points > p->points   ? CS_CHANGE_UP
               : c->points < p->points ? CS_CHANGE_DOWN
                                       : CS_CHANGE_SAME;
    if (cs)
        return CS_CHANGE_NEW;
    if (ps)
        return CS_CHANGE_DROPPED;
    /* neither scored: a value without a target counts as reported */
    int pr = p->band == CS_BAND_NOTARGET, cr = c->band == CS_BAND_NOTARGET;
    if (pr && cr)
        return CS_CHANGE_SAME;
    if (cr)
        return CS_CHANGE_NEW;
    if (pr)
        return CS_CHANGE_DROPPED;
    return CS_CHANGE_NONE;
}

static cs_trend_t
sign_trend(double d)
{
    return d > 0 ? CS_TREND_BETTER : d < 0 ? CS_TREND_WORSE
                                           : CS_TREND_UNCHANGED;
}

static void
compare_kpi(const cs_kpi_t *k, const cs_kpi_score_t *p,
            const cs_kpi_score_t *c, cs_kpi_change_t *out)
{
    out->change = kind_of(p, c);
    out->prev_band = p->band;
    out->prev_value = p->value;
    out->prev_target = p->target;
    out->prev_percent = p->percent;
    out->delta = isfinite(p->value) && isfinite(c->value) ? c->value - p->value
                                                          : NAN;
    out->steps = p->points > 0 && c->points > 0 ? c->points - p->points : 0;
    if (isfinite(out->delta))
        out->trend = sign_trend(k->direction == CS_LOWER_IS_BETTER
                                    ? -out->delta
                                    : out->delta);
    else if (isfinite(p->percent) && isfinite(c->percent))
        out->trend = sign_trend(c->percent - p->percent);
    else if (p->points > 0 && c->points > 0)
        out->trend = sign_trend(c->points - p->points);
    else
        out->trend = CS_TREND_UNKNOWN;
}

static void
compare_agg(const cs_agg_score_t *p, const cs_agg_score_t *c,
            const cs_kpi_change_t *kpis, size_t first, size_t n,
            cs_agg_change_t *out)
{
    out->prev_band = p->band;
    out->prev_percent = p->percent;
    out->prev_scored = p->scored;
    out->delta = isfinite(p->percent) && isfinite(c->percent)
                     ? c->percent - p->percent
                     : NAN;
    for (size_t i = first; i < first + n; i++)
        out->count[kpis[i].change]++;
}

cs_status_t
cs_comparison_new(const cs_framework_t *fw, const cs_scores_t *previous,
                  const cs_scores_t *current, cs_comparison_t **out,
                  cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!fw || !previous || !current || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_comparison_new: NULL argument");
    if (!cs_scores_match(previous, fw) || !cs_scores_match(current, fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_comparison_new: the scores were not made with "
                           "this framework");
    cs_comparison_t *c = calloc(1, sizeof *c);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    c->n_kpis = cs_framework_kpi_count(fw);
    c->n_groups = cs_framework_group_count(fw);
    c->n_dims = cs_framework_dimension_count(fw);
    c->kpis = calloc(c->n_kpis, sizeof *c->kpis);
    c->groups = calloc(c->n_groups, sizeof *c->groups);
    c->dims = calloc(c->n_dims, sizeof *c->dims);
    if (!c->kpis || !c->groups || !c->dims) {
        cs_comparison_free(c);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < c->n_kpis; i++)
        compare_kpi(cs_framework_get_kpi(fw, i), cs_scores_get_kpi(previous, i),
                    cs_scores_get_kpi(current, i), &c->kpis[i]);
    for (size_t g = 0; g < c->n_groups; g++) {
        const cs_group_t *grp = cs_framework_get_group(fw, g);
        compare_agg(cs_scores_get_group(previous, g), cs_scores_get_group(current, g),
                    c->kpis, grp->first_kpi, grp->n_kpis, &c->groups[g]);
    }
    for (size_t d = 0; d < c->n_dims; d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        compare_agg(cs_scores_get_dimension(previous, d),
                    cs_scores_get_dimension(current, d), c->kpis, dim->first_kpi,
                    dim->n_kpis, &c->dims[d]);
    }
    compare_agg(cs_scores_get_overall(previous), cs_scores_get_overall(current),
                c->kpis, 0, c->n_kpis, &c->overall);
    *out = c;
    return CS_OK;
}

void
cs_comparison_free(cs_comparison_t *c)
{
    if (!c)
        return;
    free(c->kpis);
    free(c->groups);
    free(c->dims);
    free(c);
}

const cs_kpi_change_t *
cs_comparison_get_kpi(const cs_comparison_t *c, size_t i)
{
    return c && i < c->n_kpis ? &c->kpis[i] : NULL;
}

const cs_agg_change_t *
cs_comparison_get_group(const cs_comparison_t *c, size_t i)
{
    return c && i < c->n_groups ? &c->groups[i] : NULL;
}

const cs_agg_change_t *
cs_comparison_get_dimension(const cs_comparison_t *c, size_t i)
{
    return c && i < c->n_dims ? &c->dims[i] : NULL;
}

const cs_agg_change_t *
cs_comparison_get_overall(const cs_comparison_t *c)
{
    return c ? &c->overall : NULL;
}
