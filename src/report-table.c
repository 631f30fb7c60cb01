/* SPDX-License-Identifier: MIT */
/* The report's table rows, every cell written out (include/citysnap/report.h). */
#include "cs-private.h"
#include "score-private.h"
#include "describe-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/report.h>

struct cs_report_table {
    GPtrArray *strings; /* every cell, owned */
    cs_report_row_t *rows;
    size_t n_rows;
    int has_previous;
    const char *headings[CS_REPORT_COL_COUNT];
};

#define NBSP "\xc2\xa0"

/* Units whose values are a percentage: shown as "97.0 %". */
static int
unit_is_percent(const char *u)
{
    return u && (!strcmp(u, "%") || !g_ascii_strcasecmp(u, "percentage"));
}

/* Counts: the number says it all ("2", not "2 Number"). */
static int
unit_is_count(const char *u)
{
    return u && !g_ascii_strcasecmp(u, "number");
}

static int
unit_is_yes_no(const char *u)
{
    return u && !g_ascii_strcasecmp(u, "yes or no");
}

/* Keeps @s (malloc'd, may be NULL on OOM) in @t; returns it or "". */
static const char *
keep(cs_report_table_t *t, char *s, int *oom)
{
    if (!s) {
        *oom = 1;
        return "";
    }
    g_ptr_array_add(t->strings, s);
    return s;
}

static char *
gstr_to_malloc(GString *g)
{
    char *r = malloc(g->len + 1);
    if (r)
        memcpy(r, g->str, g->len + 1);
    g_string_free(g, TRUE);
    return r;
}

/* A KPI's value (or target) with its unit; @with_unit 0 leaves out units
 * other than "%". */
static char *
value_text(double v, const char *unit, int with_unit,
           const cs_describe_words_t *w)
{
    if (isnan(v))
        return strdup("");
    if (unit_is_yes_no(unit))
        return strdup(v != 0 ? w->yes : w->no);
    GString *g = g_string_new(NULL);
    char *n = cs_describe_number_text(v, unit_is_percent(unit) ? 1 : -1, 0, w);
    if (!n) {
        g_string_free(g, TRUE);
        return NULL;
    }
    g_string_append(g, n);
    free(n);
    if (unit_is_percent(unit))
        g_string_append(g, NBSP "%");
    else if (with_unit && unit && *unit && !unit_is_count(unit))
        g_string_append_printf(g, " %s", unit);
    return gstr_to_malloc(g);
}

static char *
percent_text(double p, const cs_describe_words_t *w)
{
    if (isnan(p))
        return strdup("");
    char *n = cs_describe_number_text(p, 1, 0, w);
    if (!n)
        return NULL;
    char *r = g_strdup_printf("%s" NBSP "%%", n);
    free(n);
    char *m = strdup(r);
    g_free(r);
    return m;
}


static const char *
trend_word(const cs_describe_words_t *w, cs_trend_t t)
{
    switch (t) {
    case CS_TREND_BETTER:
        return w->trend_better;
    case CS_TREND_WORSE:
        return w->trend_worse;
    case CS_TREND_UNCHANGED:
        return w->trend_unchanged;
    default:
        return NULL;
    }
}

/* "+2.5 (better)", "(worse)" or "". */
static char *
delta_text(double delta, int decimals, cs_trend_t trend,
           const cs_describe_words_t *w)
{
    GString *g = g_string_new(NULL);
    char *n = cs_describe_number_text(delta, decimals, 1, w);
    if (!n) {
        g_string_free(g, TRUE);
        return NULL;
    }
    g_string_append(g, n);
    free(n);
    const char *tw = trend_word(w, trend);
    if (tw && *tw)
        g_string_append_printf(g, "%s(%s)", g->len ? " " : "", tw);
    return gstr_to_malloc(g);
}

static void
kpi_row(cs_report_table_t *t, const cs_framework_t *fw,
        const cs_bands_t *bands, const cs_scores_t *scores,
        const cs_comparison_t *cmp, const cs_describe_words_t *w, size_t i,
        cs_report_row_t *row, int *oom)
{
    const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
    const cs_kpi_score_t *s = cs_scores_get_kpi(scores, i);
    row->kind = CS_REPORT_ROW_KPI;
    row->index = i;
    row->code = k->code;
    row->band = s->band;
    row->prev_band = CS_BAND_NODATA;
    row->change = CS_CHANGE_NONE;
    const char **c = row->cells;
    c[CS_REPORT_COL_NAME] = k->label;
    c[CS_REPORT_COL_VALUE] = keep(t, value_text(s->value, k->unit, 1, w), oom);
    char *tg = value_text(s->target, k->unit, 0, w);
    if (tg && *tg && k->direction == CS_LOWER_IS_BETTER) {
        const char *keys[] = {"target", NULL};
        const char *vals[] = {tg};
        char *f = cs_describe_fill(w->target_max, keys, vals);
        free(tg);
        tg = f;
    }
    c[CS_REPORT_COL_TARGET] = keep(t, tg, oom);
    c[CS_REPORT_COL_PERCENT] = keep(t, percent_text(s->percent, w), oom);
    c[CS_REPORT_COL_BAND] = cs_bands_label(bands, s->band);
    const cs_kpi_change_t *ch = cs_comparison_get_kpi(cmp, i);
    if (!ch)
        return;
    row->prev_band = ch->prev_band;
    row->change = ch->change;
    row->trend = ch->trend;
    c[CS_REPORT_COL_PREVIOUS] =
        keep(t, value_text(ch->prev_value, k->unit, 0, w), oom);
    /* Yes or No: no "+1", only whether it got better */
    double delta = unit_is_yes_no(k->unit) ? NAN : ch->delta;
    c[CS_REPORT_COL_CHANGE] = keep(
        t, delta_text(delta, unit_is_percent(k->unit) ? 1 : -1, ch->trend, w),
        oom);
    c[CS_REPORT_COL_PROGRESS] = cs_describe_change_word(w, ch->change);
}

/* The kind of change of a group or dimension, by the points of its bands. */
static cs_change_t
agg_change(const cs_bands_t *bands, cs_band_t prev, cs_band_t now)
{
    int p = cs_bands_points(bands, prev), c = cs_bands_points(bands, now);
    if (p && c)
        return c > p ? CS_CHANGE_UP : c < p ? CS_CHANGE_DOWN : CS_CHANGE_SAME;
    return c ? CS_CHANGE_NEW : p ? CS_CHANGE_DROPPED : CS_CHANGE_NONE;
}

static void
agg_row(cs_report_table_t *t, const cs_bands_t *bands,
        cs_report_row_kind_t kind, size_t index, const char *name,
        const cs_agg_score_t *a, const cs_agg_change_t *ch,
        const cs_describe_words_t *w, cs_report_row_t *row, int *oom)
{
    row->kind = kind;
    row->index = index;
    row->code = "";
    row->band = a->band;
    row->prev_band = CS_BAND_NODATA;
    row->change = CS_CHANGE_NONE;
    const char **c = row->cells;
    c[CS_REPORT_COL_NAME] = name;
    char *sc = g_strdup_printf("%u", a->scored);
    char *tot = g_strdup_printf("%u", a->total);
    const char *keys[] = {"scored", "total", NULL};
    const char *vals[] = {sc, tot};
    c[CS_REPORT_COL_VALUE] = keep(t, cs_describe_fill(w->coverage, keys, vals),
                                  oom);
    g_free(sc);
    g_free(tot);
    c[CS_REPORT_COL_PERCENT] = keep(t, percent_text(a->percent, w), oom);
    c[CS_REPORT_COL_BAND] = cs_bands_label(bands, a->band);
    if (!ch)
        return;
    row->prev_band = ch->prev_band;
    row->change = agg_change(bands, ch->prev_band, a->band);
    row->trend = isfinite(ch->delta)
                     ? (ch->delta > 0   ? CS_TREND_BETTER
                        : ch->delta < 0 ? CS_TREND_WORSE
                                        : CS_TREND_UNCHANGED)
                     : CS_TREND_UNKNOWN;
    c[CS_REPORT_COL_PREVIOUS] = keep(t, percent_text(ch->prev_percent, w),
                                     oom);
    char *d = NULL;
    if (isfinite(ch->delta)) {
        char *n = cs_describe_number_text(ch->delta, 1, 1, w);
        const char *dk[] = {"delta", NULL};
        const char *dv[] = {n};
        d = n ? cs_describe_fill(w->delta_points, dk, dv) : NULL;
        free(n);
    } else {
        d = strdup("");
    }
    c[CS_REPORT_COL_CHANGE] = keep(t, d, oom);
    c[CS_REPORT_COL_PROGRESS] = cs_describe_change_word(w, row->change);
}


cs_status_t
cs_report_table_new(const cs_framework_t *fw, const cs_bands_t *bands,
                    const cs_scores_t *scores, const cs_comparison_t *cmp,
                    const cs_describe_words_t *words, cs_report_table_t **out,
                    cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!fw || !bands || !scores || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_report_table_new: NULL argument");
    size_t nk = cs_framework_kpi_count(fw), ng = cs_framework_group_count(fw),
           nd = cs_framework_dimension_count(fw);
    if (!cs_scores_match(scores, fw) ||
        (cmp && (!cs_comparison_get_kpi(cmp, nk - 1) || cs_comparison_get_kpi(cmp, nk) ||
                 !cs_comparison_get_group(cmp, ng - 1) ||
                 cs_comparison_get_group(cmp, ng) ||
                 !cs_comparison_get_dimension(cmp, nd - 1) ||
                 cs_comparison_get_dimension(cmp, nd))))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_report_table_new: scores or comparison made "
                           "with another framework");
    cs_describe_words_t en;
    const cs_describe_words_t *w = words;
    if (!w) {
        cs_describe_words_init(&en);
        w = &en;
    }
    cs_report_table_t *t = calloc(1, sizeof *t);
    if (!t)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    t->strings = g_ptr_array_new_with_free_func(free);
    t->n_rows = nk + ng + nd;
    t->rows = calloc(t->n_rows, sizeof *t->rows);
    if (!t->rows) {
        cs_report_table_free(t);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    t->has_previous = cmp != NULL;
    int oom = 0;
    const char *heads[CS_REPORT_COL_COUNT] = {
        w->col_name,     w->col_value,    w->col_target,
        w->col_percent,  w->col_band,     w->col_previous,
        w->col_change,   w->col_progress};
    for (int c = 0; c < CS_REPORT_COL_COUNT; c++)
        t->headings[c] = keep(t, strdup(heads[c] ? heads[c] : ""), &oom);
    size_t r = 0;
    for (size_t d = 0; d < nd; d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        agg_row(t, bands, CS_REPORT_ROW_DIMENSION, d, dim->name,
                cs_scores_get_dimension(scores, d),
                cs_comparison_get_dimension(cmp, d), w, &t->rows[r++], &oom);
        for (size_t g = dim->first_group; g < dim->first_group + dim->n_groups;
             g++) {
            const cs_group_t *grp = cs_framework_get_group(fw, g);
            agg_row(t, bands, CS_REPORT_ROW_GROUP, g, grp->name,
                    cs_scores_get_group(scores, g), cs_comparison_get_group(cmp, g),
                    w, &t->rows[r++], &oom);
            for (size_t i = grp->first_kpi; i < grp->first_kpi + grp->n_kpis;
                 i++)
                kpi_row(t, fw, bands, scores, cmp, w, i, &t->rows[r++], &oom);
        }
    }
    /* cells not set are empty */
    for (size_t i = 0; i < t->n_rows; i++)
        for (int c = 0; c < CS_REPORT_COL_COUNT; c++)
            if (!t->rows[i].cells[c])
                t->rows[i].cells[c] = "";
    if (oom) {
        cs_report_table_free(t);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = t;
    return CS_OK;
}

void
cs_report_table_free(cs_report_table_t *t)
{
    if (!t)
        return;
    if (t->strings)
        g_ptr_array_free(t->strings, TRUE);
    free(t->rows);
    free(t);
}

size_t
cs_report_table_row_count(const cs_report_table_t *t)
{
    return t ? t->n_rows : 0;
}

const cs_report_row_t *
cs_report_table_get_row(const cs_report_table_t *t, size_t i)
{
    return t && i < t->n_rows ? &t->rows[i] : NULL;
}

int
cs_report_table_has_previous(const cs_report_table_t *t)
{
    return t ? t->has_previous : 0;
}

size_t
cs_report_table_column_count(const cs_report_table_t *t)
{
    if (!t)
        return 0;
    return t->has_previous ? CS_REPORT_COL_COUNT : CS_REPORT_COL_PREVIOUS;
}

const char *
cs_report_table_heading(const cs_report_table_t *t, cs_report_col_t c)
{
    return t && (unsigned)c < CS_REPORT_COL_COUNT ? t->headings[c] : NULL;
}
