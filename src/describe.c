/* SPDX-License-Identifier: MIT */
/* Plain-language summary, KPI, number and progress texts of a city's wheel,
 * and the public describe calls that check their arguments first. */
#include <citysnap/describe.h>
#include <citysnap/compare.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "describe-private.h"
#include "score-private.h"

char *
cs_describe_finish(GString *g)
{
    char *r = malloc(g->len + 1);
    if (r)
        memcpy(r, g->str, g->len + 1);
    g_string_free(g, TRUE);
    return r;
}

static cs_band_t
kpi_band(const cs_scores_t *s, size_t i)
{
    return s ? cs_scores_get_kpi(s, i)->band : CS_BAND_NODATA;
}

/* The band label with a lower-case first letter when it is ASCII. */
static void
append_band(GString *g, const cs_bands_t *b, cs_band_t band)
{
    const char *l = cs_bands_label(b, band);
    if (g_ascii_isupper(l[0]) && !g_ascii_isupper(l[1])) {
        g_string_append_c(g, g_ascii_tolower(l[0]));
        g_string_append(g, l + 1);
    } else {
        g_string_append(g, l);
    }
}

const cs_describe_words_t *
cs_describe_words_or_english(const cs_describe_words_t *w, cs_describe_words_t *buf)
{
    if (w)
        return w;
    cs_describe_words_init(buf);
    return buf;
}

/* Appends @tmpl with each {key} replaced; unknown {...} are kept. */
static void
fill(GString *g, const char *tmpl, const char *const *keys,
     const char *const *values)
{
    for (const char *p = tmpl ? tmpl : ""; *p;) {
        if (*p == '{') {
            const char *e = strchr(p + 1, '}');
            size_t n = e ? (size_t)(e - p - 1) : 0;
            size_t k = 0;
            for (; e && keys && keys[k]; k++)
                if (strlen(keys[k]) == n && !strncmp(p + 1, keys[k], n))
                    break;
            if (e && keys && keys[k]) {
                g_string_append(g, values && values[k] ? values[k] : "");
                p = e + 1;
                continue;
            }
        }
        g_string_append_c(g, *p++);
    }
}

char *
cs_describe_fill(const char *tmpl, const char *const *keys,
                 const char *const *values)
{
    if (!tmpl)
        return NULL;
    GString *g = g_string_new(NULL);
    fill(g, tmpl, keys, values);
    return cs_describe_finish(g);
}

static char *
num_str(double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.6g", v);
    return g_strdup(buf);
}

/* The band label with a lower-case first letter when it is ASCII. */
static char *
band_lower(const cs_bands_t *b, cs_band_t band)
{
    GString *g = g_string_new(NULL);
    append_band(g, b, band);
    return g_string_free(g, FALSE);
}

char *
cs_describe_summary_text(const cs_framework_t *fw, const cs_bands_t *bands,
             const cs_scores_t *scores, const char *name,
             const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    GString *g = g_string_new(NULL);
    char *nk = g_strdup_printf("%zu", cs_framework_kpi_count(fw));
    char *nd = g_strdup_printf("%zu", cs_framework_dimension_count(fw));
    char *ng = g_strdup_printf("%zu", cs_framework_group_count(fw));
    {
        const char *keys[] = {"name", "kpis", "dimensions", "groups", NULL};
        const char *vals[] = {name, nk, nd, ng};
        fill(g, name && *name ? w->intro_named : w->intro, keys, vals);
        g_string_append_c(g, '\n');
    }
    g_free(nk);
    g_free(nd);
    g_free(ng);
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(bands, order);
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        unsigned count[CS_BAND_COUNT] = {0};
        for (size_t i = dim->first_kpi; i < dim->first_kpi + dim->n_kpis; i++)
            count[kpi_band(scores, i)]++;
        g_string_append_printf(g, "%s: ", dim->name);
        char *total = g_strdup_printf("%zu", dim->n_kpis);
        for (int j = 0, first = 1; j < CS_BAND_COUNT; j++) {
            cs_band_t b = order[j];
            if (b == CS_BAND_FEWDATA)
                continue; /* a band of rings, never of a KPI wedge */
            int scored = isfinite(cs_bands_min_percent(bands, b));
            char *lower = band_lower(bands, b);
            GString *bp = g_string_new(NULL);
            const char *bk[] = {"band", NULL};
            const char *bv[] = {lower};
            fill(bp, scored ? w->band_scored : w->band_unscored, bk, bv);
            char *cnt = g_strdup_printf("%u", count[b]);
            const char *keys[] = {"count", "total", "band", NULL};
            const char *vals[] = {cnt, total, bp->str};
            if (!first)
                g_string_append(g, ", ");
            fill(g, first ? w->dim_first : w->dim_next, keys, vals);
            first = 0;
            g_free(cnt);
            g_string_free(bp, TRUE);
            g_free(lower);
        }
        g_free(total);
        g_string_append(g, ".");
        if (scores) {
            char *cov = cs_describe_coverage(cs_scores_get_dimension(scores, d), w,
                                             cs_scores_min_coverage(scores));
            if (cov) {
                g_string_append_c(g, ' ');
                g_string_append(g, cov);
            }
            free(cov);
        }
        g_string_append_c(g, '\n');
    }
    if (scores) {
        const cs_agg_score_t *o = cs_scores_get_overall(scores);
        if (o->scored) {
            char *sc = g_strdup_printf("%u", o->scored);
            char *tot = g_strdup_printf("%u", o->total);
            char *pc = num_str(round(o->percent));
            const char *keys[] = {"scored", "total", "percent", NULL};
            const char *vals[] = {sc, tot, pc};
            fill(g, w->overall, keys, vals);
            if (o->band == CS_BAND_FEWDATA) {
                char *cov = cs_describe_coverage(
                    o, w, cs_scores_min_coverage(scores));
                g_string_append_c(g, ' ');
                g_string_append(g, cov ? cov : "");
                free(cov);
            }
            g_string_append_c(g, '\n');
            g_free(sc);
            g_free(tot);
            g_free(pc);
        }
        char *col = cs_describe_colours_text(scores, w);
        if (col) {
            g_string_append(g, col);
            g_string_append_c(g, '\n');
        }
        free(col);
    }
    return cs_describe_finish(g);
}

char *
cs_describe_kpi_text(const cs_framework_t *fw, const cs_bands_t *bands,
         const cs_scores_t *scores, size_t i,
         const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
    const cs_kpi_score_t *s = scores ? cs_scores_get_kpi(scores, i) : NULL;
    GString *g = g_string_new(NULL);
    g_string_append_printf(g, "%s (%s, %s): ", k->label,
                           cs_framework_get_group(fw, k->group)->name,
                           cs_framework_get_dimension(fw, k->dimension)->name);
    char *v = s && isfinite(s->value) ? num_str(s->value) : NULL;
    char *t = s && isfinite(s->target) ? num_str(s->target) : NULL;
    char *p = s && isfinite(s->percent) ? num_str(round(s->percent)) : NULL;
    const char *unit = k->unit ? k->unit : "";
    const char *band = cs_bands_label(bands, s ? s->band : CS_BAND_NODATA);
    const char *keys[] = {"value", "unit", "target", "percent", "band", NULL};
    const char *vals[] = {v, unit, t, p, band};
    if (v) {
        GString *vs = g_string_new(NULL);
        fill(vs, w->kpi_value, keys, vals);
        /* no unit: no space before it */
        while (vs->len && vs->str[vs->len - 1] == ' ')
            g_string_truncate(vs, vs->len - 1);
        g_string_append(g, vs->str);
        g_string_free(vs, TRUE);
    } else {
        fill(g, w->kpi_no_value, keys, vals);
    }
    if (t)
        fill(g, k->direction == CS_LOWER_IS_BETTER ? w->kpi_target_max
                                                   : w->kpi_target,
             keys, vals);
    if (p)
        fill(g, w->kpi_percent, keys, vals);
    fill(g, w->kpi_band, keys, vals);
    g_free(v);
    g_free(t);
    g_free(p);
    return cs_describe_finish(g);
}

char *
cs_describe_coverage(const cs_agg_score_t *a, const cs_describe_words_t *words,
                     double min_coverage)
{
    if (!a)
        return NULL;
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    char *sc = g_strdup_printf("%u", a->scored);
    char *tot = g_strdup_printf("%u", a->total);
    char *mn = num_str(min_coverage);
    const char *keys[] = {"scored", "total", "min", NULL};
    const char *vals[] = {sc, tot, mn};
    GString *g = g_string_new(NULL);
    fill(g, w->coverage, keys, vals);
    if (a->band == CS_BAND_FEWDATA) {
        g_string_append(g, ", ");
        fill(g, w->coverage_few, keys, vals);
    }
    g_string_append_c(g, '.');
    g_free(sc);
    g_free(tot);
    g_free(mn);
    return cs_describe_finish(g);
}

char *
cs_describe_agg(const char *name, int dimension, const cs_agg_score_t *a,
                const cs_bands_t *bands, const cs_describe_words_t *words)
{
    if (!bands)
        return NULL;
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    /* a ring with too few KPIs scored shows no score, so says none */
    int scored = a && isfinite(a->percent) && a->band != CS_BAND_FEWDATA;
    char *pc = scored ? num_str(round(a->percent)) : NULL;
    const char *keys[] = {"name", "percent", "band", NULL};
    const char *vals[] = {name ? name : "", pc,
                          cs_bands_label(bands, a ? a->band : CS_BAND_NODATA)};
    const char *tmpl = dimension ? (scored ? w->dimension
                                           : w->dimension_unscored)
                                 : (scored ? w->group : w->group_unscored);
    char *r = cs_describe_fill(tmpl, keys, vals);
    g_free(pc);
    return r;
}

char *
cs_describe_agg_cov(const char *name, int dimension, const cs_agg_score_t *a,
                    const cs_bands_t *bands, const cs_describe_words_t *w,
                    double min_coverage)
{
    char *r = cs_describe_agg(name, dimension, a, bands, w);
    char *cov = r ? cs_describe_coverage(a, w, min_coverage) : NULL;
    if (!cov)
        return r;
    char *both = g_strconcat(r, " ", cov, NULL);
    free(r);
    free(cov);
    char *out = strdup(both);
    g_free(both);
    return out;
}

/* ---- numbers and progress ------------------------------------------------- */

char *
cs_describe_number_text(double v, int decimals, int sign,
                   const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    GString *g = g_string_new(NULL);
    if (isnan(v))
        return cs_describe_finish(g);
    if (isinf(v)) {
        g_string_append(g, v < 0 ? "\xe2\x88\x92\xe2\x88\x9e" /* −∞ */
                                 : sign ? "+\xe2\x88\x9e"
                                        : "\xe2\x88\x9e");
        return cs_describe_finish(g);
    }
    double a = fabs(v);
    int d = decimals;
    if (d < 0) {
        int mag = a > 0 ? (int)floor(log10(a)) + 1 : 1;
        d = 6 - mag;
        d = d < 0 ? 0 : d > 6 ? 6 : d;
    }
    if (d > 9)
        d = 9;
    char fmt[16], buf[G_ASCII_DTOSTR_BUF_SIZE + 400];
    g_snprintf(fmt, sizeof fmt, "%%.%df", d);
    g_ascii_formatd(buf, sizeof buf, fmt, a); /* '.' whatever the locale */
    char *dot = strchr(buf, '.');
    if (dot && decimals < 0) {
        char *e = buf + strlen(buf);
        while (e > dot + 1 && e[-1] == '0')
            *--e = 0;
        if (e == dot + 1) {
            *dot = 0;
            dot = NULL;
        }
    }
    /* a sign only on a number that does not round to zero */
    if (strspn(buf, "0.") != strlen(buf))
        g_string_append(g, v < 0 ? "\xe2\x88\x92" /* U+2212 */
                                 : sign ? "+" : "");
    size_t int_len = dot ? (size_t)(dot - buf) : strlen(buf);
    for (size_t i = 0; i < int_len; i++) {
        if (i && (int_len - i) % 3 == 0)
            g_string_append(g, w->number_group ? w->number_group : "");
        g_string_append_c(g, buf[i]);
    }
    if (dot) {
        g_string_append(g, w->number_decimal ? w->number_decimal : ".");
        g_string_append(g, dot + 1);
    }
    return cs_describe_finish(g);
}

char *
cs_describe_progress_text(const cs_framework_t *fw, const cs_comparison_t *cmp,
                     const cs_scores_t *current,
                     const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    GString *g = g_string_new(NULL);
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_agg_change_t *a = cs_comparison_get_dimension(cmp, d);
        char *n[CS_CHANGE_COUNT];
        for (int k = 0; k < CS_CHANGE_COUNT; k++)
            n[k] = g_strdup_printf("%u", a->count[k]);
        const char *keys[] = {"dimension", "up", "down", "same", "new",
                              "dropped", NULL};
        const char *vals[] = {cs_framework_get_dimension(fw, d)->name,
                              n[CS_CHANGE_UP], n[CS_CHANGE_DOWN],
                              n[CS_CHANGE_SAME], n[CS_CHANGE_NEW],
                              n[CS_CHANGE_DROPPED]};
        fill(g, w->progress_dim, keys, vals);
        g_string_append_c(g, '\n');
        for (int k = 0; k < CS_CHANGE_COUNT; k++)
            g_free(n[k]);
    }
    const cs_agg_change_t *o = cs_comparison_get_overall(cmp);
    const cs_agg_score_t *now = current ? cs_scores_get_overall(current) : NULL;
    if (now && isfinite(o->delta) && isfinite(now->percent)) {
        char *pv = cs_describe_number_text(o->prev_percent, 1, 0, w);
        char *pc = cs_describe_number_text(now->percent, 1, 0, w);
        char *dl = cs_describe_number_text(o->delta, 1, 1, w);
        const char *keys[] = {"previous", "percent", "delta", NULL};
        const char *vals[] = {pv, pc, dl};
        if (pv && pc && dl) {
            fill(g, w->progress_overall, keys, vals);
            g_string_append_c(g, '\n');
        }
        free(pv);
        free(pc);
        free(dl);
    }
    return cs_describe_finish(g);
}

/* ---- public entry points: argument checks, then the text ----------------- */

/* The checks every describe call shares; *@out is NULL afterwards. */
static cs_status_t
check_args(const char *fn, const cs_framework_t *fw, const cs_bands_t *bands,
           const cs_scores_t *scores, char **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!fw || !bands || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "%s: NULL argument", fn);
    if (scores && !cs_scores_match(scores, fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "%s: the scores were computed with another "
                           "framework", fn);
    return CS_OK;
}

static cs_status_t done(char *text, char **out, cs_diag_t *diag);

char *
cs_describe_colours_text(const cs_scores_t *scores,
                         const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    char *file = cs_scores_targets_file(scores)
                     ? g_path_get_basename(cs_scores_targets_file(scores))
                     : g_strdup("");
    const char *src = cs_scores_targets_source(scores);
    const char *keys[] = {"source", "file", NULL};
    const char *vals[] = {src ? src : file, file};
    GString *parts = g_string_new(NULL);
    static const cs_basis_t order[] = {CS_BASIS_BAND, CS_BASIS_PERCENT,
                                       CS_BASIS_CITY, CS_BASIS_TARGETS,
                                       CS_BASIS_FRAMEWORK};
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        if (!cs_scores_basis_count(scores, order[i]))
            continue;
        const char *tmpl =
            order[i] == CS_BASIS_BAND      ? w->colours_band
            : order[i] == CS_BASIS_PERCENT ? w->colours_percent
            : order[i] == CS_BASIS_CITY    ? w->colours_city
            : order[i] == CS_BASIS_FRAMEWORK
                ? w->colours_framework
            : cs_scores_targets_illustrative(scores) ? w->colours_illustrative
            : src                                    ? w->colours_targets
                                                     : w->colours_targets_file;
        if (parts->len)
            g_string_append(parts, "; ");
        fill(parts, tmpl, keys, vals);
    }
    if (!parts->len)
        fill(parts, w->colours_none, keys, vals);
    const char *pk[] = {"parts", NULL};
    const char *pv[] = {parts->str};
    char *r = cs_describe_fill(w->colours, pk, pv);
    g_string_free(parts, TRUE);
    g_free(file);
    return r;
}

cs_status_t
cs_describe_colours(const cs_scores_t *scores,
                    const cs_describe_words_t *words, char **out,
                    cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_describe_colours: NULL argument");
    *out = NULL;
    return done(cs_describe_colours_text(scores, words), out, diag);
}

static cs_status_t
done(char *text, char **out, cs_diag_t *diag)
{
    if (!text)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    *out = text;
    return CS_OK;
}

cs_status_t
cs_describe_summary(const cs_framework_t *fw, const cs_bands_t *bands,
                    const cs_scores_t *scores, const char *name,
                    const cs_describe_words_t *words, char **out,
                    cs_diag_t *diag)
{
    cs_status_t st = check_args("cs_describe_summary", fw, bands, scores,
                                out, diag);
    if (st != CS_OK)
        return st;
    return done(cs_describe_summary_text(fw, bands, scores, name, words), out, diag);
}

cs_status_t
cs_describe_kpi(const cs_framework_t *fw, const cs_bands_t *bands,
                const cs_scores_t *scores, size_t kpi,
                const cs_describe_words_t *words, char **out,
                cs_diag_t *diag)
{
    cs_status_t st = check_args("cs_describe_kpi", fw, bands, scores, out,
                                diag);
    if (st != CS_OK)
        return st;
    if (kpi >= cs_framework_kpi_count(fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_describe_kpi: KPI %zu out of range (%zu KPIs)",
                           kpi, cs_framework_kpi_count(fw));
    return done(cs_describe_kpi_text(fw, bands, scores, kpi, words), out, diag);
}

cs_status_t
cs_describe_table(const cs_framework_t *fw, const cs_bands_t *bands,
                  const cs_scores_t *scores, const char *name,
                  cs_table_format_t format, const char *lang,
                  const cs_describe_words_t *words, char **out,
                  cs_diag_t *diag)
{
    cs_status_t st = check_args("cs_describe_table", fw, bands, scores, out,
                                diag);
    if (st != CS_OK)
        return st;
    if ((unsigned)format >= CS_TABLE_FORMAT_COUNT)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_describe_table: unknown table format %d",
                           (int)format);
    return done(cs_describe_table_text(fw, bands, scores, name, format, lang, words), out,
                diag);
}

cs_status_t
cs_describe_number(double v, int decimals, int sign,
                   const cs_describe_words_t *w, char **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_describe_number: NULL argument");
    *out = cs_describe_number_text(v, decimals, sign, w);
    return *out ? CS_OK
                : cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

cs_status_t
cs_describe_progress(const cs_framework_t *fw, const cs_comparison_t *cmp,
                     const cs_scores_t *current,
                     const cs_describe_words_t *w, char **out,
                     cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!fw || !cmp || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_describe_progress: NULL argument");
    size_t nd = cs_framework_dimension_count(fw);
    if (!nd || !cs_comparison_get_dimension(cmp, nd - 1) ||
        cs_comparison_get_dimension(cmp, nd) ||
        (current && !cs_scores_match(current, fw)))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_describe_progress: comparison or scores made "
                           "with another framework");
    *out = cs_describe_progress_text(fw, cmp, current, w);
    return *out ? CS_OK
                : cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
}
char *
cs_describe_kpi_previous_text(const cs_bands_t *bands,
                              const cs_comparison_t *cmp, size_t i,
                              const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
    const cs_kpi_change_t *k = cs_comparison_get_kpi(cmp, i);
    if (!k || !bands)
        return NULL;
    char *band = band_lower(bands, k->prev_band);
    const char *keys[] = {"band", "change", NULL};
    const char *vals[] = {band, cs_describe_change_word(w, k->change)};
    char *r = cs_describe_fill(k->change == CS_CHANGE_NONE
                                   ? w->kpi_previous_none
                                   : w->kpi_previous,
                               keys, vals);
    g_free(band);
    return r;
}
