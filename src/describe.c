/* SPDX-License-Identifier: MIT */
/* Plain-language summary and data table of a city's wheel. */
#include <citysnap/describe.h>
#include <citysnap/compare.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "describe-private.h"
#include "score-private.h"

static char *
finish(GString *g)
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

/* ---- sentence frames ------------------------------------------------------ */

void
cs_describe_words_init(cs_describe_words_t *w)
{
    if (!w)
        return;
    *w = (cs_describe_words_t){
        .intro_named = "{name} city snapshot: {kpis} KPI wedges in "
                       "{dimensions} dimensions and {groups} groups, each "
                       "coloured by how close the city is to its target.",
        .intro = "City snapshot: {kpis} KPI wedges in {dimensions} "
                 "dimensions and {groups} groups, each coloured by how close "
                 "the city is to its target.",
        .dim_first = "{count} of {total} KPI wedges {band}",
        .dim_next = "{count} {band}",
        .band_scored = "at {band}",
        .band_unscored = "with {band}",
        .overall = "Overall: {scored} of {total} KPI wedges scored, "
                   "{percent} % of the possible points.",
        .kpi_value = "value {value} {unit}",
        .kpi_no_value = "no value",
        .kpi_target = ", target {target}",
        .kpi_target_max = ", target at most {target}",
        .kpi_percent = ", {percent} % of target",
        .kpi_band = "; band: {band}.",
        .group = "Group {name}: {percent} % of the possible points, band "
                 "{band}.",
        .group_unscored = "Group {name}: band {band}.",
        .dimension = "Dimension {name}: {percent} % of the possible points, "
                     "band {band}.",
        .dimension_unscored = "Dimension {name}: band {band}.",
        .title_named = "City snapshot: {name}",
        .title = "City snapshot",
        .table_title = "{name}: city snapshot data",
        .table_caption = "{name}: city snapshot, one row per KPI wedge in "
                         "wheel order",
        .book_title = "City snapshots",
        .progress_dim = "{dimension}: {up} KPIs improved a band, {down} "
                        "fell, {same} unchanged, {new} newly reported, "
                        "{dropped} no longer reported.",
        .progress_overall = "Overall: {percent} % of the possible points, "
                            "{delta} percentage points since the previous "
                            "verification ({previous} %).",
        .report_title = "{name}: city report",
        .report_caption = "{name}: {dimension}, KPI results by group",
        .report_note = "Groups and dimensions: % of the possible points "
                       "(U4SSC points method) and how many of their KPIs "
                       "were scored.",
        .report_progress = "Progress since the previous verification",
        .book_cell = "{name}: {percent} %",
        .kpi_previous = "Previous verification: {band} ({change}).",
        .kpi_previous_none = "Previous verification: {band}.",
        .col_name = "KPI",
        .col_value = "Value",
        .col_target = "Target",
        .col_percent = "% of target",
        .col_band = "Band",
        .col_previous = "Previous",
        .col_change = "Change",
        .col_progress = "Band change",
        .coverage = "{scored} of {total} KPIs scored",
        .coverage_few = "less than the {min} % needed: shown as not enough "
                        "data",
        .colours = "Colours: {parts}.",
        .colours_band = "bands as reported in the city file",
        .colours_percent = "% of target as reported in the city file",
        .colours_city = "targets given in the city file",
        .colours_targets = "targets from {source}",
        .colours_targets_file = "targets from {file}, which names no source",
        .colours_illustrative = "illustrative targets ({source}), not U4SSC "
                                "benchmarks",
        .colours_framework = "the framework's published targets",
        .colours_none = "no targets, so a wedge shows only whether the KPI "
                        "was reported",
        .coverage_rings = "A ring's \"13 / 51\": 13 of its 51 KPIs scored.",
        .target_max = "at most {target}",
        .delta_points = "{delta} points",
        .yes = "Yes",
        .no = "No",
        .change_up = "up a band",
        .change_down = "down a band",
        .change_same = "same band",
        .change_new = "newly reported",
        .change_dropped = "no longer reported",
        .trend_better = "better",
        .trend_worse = "worse",
        .trend_unchanged = "unchanged",
        .legend_previous = "Inner edge: band at the previous verification",
        .number_decimal = ".",
        .number_group = ",",
    };
}

/* Every field of cs_describe_words_t, once: translated by its key
 * "describe.FIELD", checked against its English default. */
#define CS_DESCRIBE_FRAMES(X) \
    X(intro_named) \
    X(intro) \
    X(dim_first) \
    X(dim_next) \
    X(band_scored) \
    X(band_unscored) \
    X(overall) \
    X(kpi_value) \
    X(kpi_no_value) \
    X(kpi_target) \
    X(kpi_target_max) \
    X(kpi_percent) \
    X(kpi_band) \
    X(group) \
    X(group_unscored) \
    X(dimension) \
    X(dimension_unscored) \
    X(title_named) \
    X(title) \
    X(table_title) \
    X(table_caption) \
    X(book_title) \
    X(progress_dim) \
    X(progress_overall) \
    X(report_title) \
    X(report_caption) \
    X(report_note) \
    X(report_progress) \
    X(book_cell) \
    X(kpi_previous) \
    X(kpi_previous_none) \
    X(col_name) \
    X(col_value) \
    X(col_target) \
    X(col_percent) \
    X(col_band) \
    X(col_previous) \
    X(col_change) \
    X(col_progress) \
    X(coverage) \
    X(target_max) \
    X(delta_points) \
    X(yes) \
    X(no) \
    X(change_up) \
    X(change_down) \
    X(change_same) \
    X(change_new) \
    X(change_dropped) \
    X(trend_better) \
    X(trend_worse) \
    X(trend_unchanged) \
    X(legend_previous) \
    X(number_decimal) \
    X(number_group) \
    X(coverage_few) \
    X(colours) \
    X(colours_band) \
    X(colours_percent) \
    X(colours_city) \
    X(colours_targets) \
    X(colours_targets_file) \
    X(colours_illustrative) \
    X(colours_framework) \
    X(colours_none) \
    X(coverage_rings)

void
cs_describe_words_translate(cs_describe_words_t *w, const cs_translation_t *t)
{
    if (!w || !t)
        return;
#define TR(f)                                                                 \
    do {                                                                      \
        const char *v = cs_translation_get(t, "text", "describe." #f);        \
        if (v)                                                                \
            w->f = v;                                                         \
    } while (0);
    CS_DESCRIBE_FRAMES(TR)
#undef TR
}

const char *
cs_describe_words_default(const char *name)
{
    if (!name)
        return NULL;
    cs_describe_words_t w;
    cs_describe_words_init(&w);
#define DEF(f)                                                                \
    if (!strcmp(name, #f))                                                    \
        return w.f; /* a string literal: it outlives w */
    CS_DESCRIBE_FRAMES(DEF)
#undef DEF
    return NULL;
}

static const cs_describe_words_t *
words_or_english(const cs_describe_words_t *w, cs_describe_words_t *buf)
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
    return finish(g);
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
    const cs_describe_words_t *w = words_or_english(words, &en);
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
    return finish(g);
}

char *
cs_describe_kpi_text(const cs_framework_t *fw, const cs_bands_t *bands,
         const cs_scores_t *scores, size_t i,
         const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = words_or_english(words, &en);
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
    return finish(g);
}

char *
cs_describe_coverage(const cs_agg_score_t *a, const cs_describe_words_t *words,
                     double min_coverage)
{
    if (!a)
        return NULL;
    cs_describe_words_t en;
    const cs_describe_words_t *w = words_or_english(words, &en);
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
    return finish(g);
}

char *
cs_describe_agg(const char *name, int dimension, const cs_agg_score_t *a,
                const cs_bands_t *bands, const cs_describe_words_t *words)
{
    if (!bands)
        return NULL;
    cs_describe_words_t en;
    const cs_describe_words_t *w = words_or_english(words, &en);
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

static void
csv_cell(GString *g, const char *v, int last)
{
    if (strpbrk(v, ",\"\r\n")) {
        g_string_append_c(g, '"');
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                g_string_append_c(g, '"');
            g_string_append_c(g, *p);
        }
        g_string_append_c(g, '"');
    } else {
        g_string_append(g, v);
    }
    g_string_append_c(g, last ? '\n' : ',');
}

static void
html_cell(GString *g, const char *tag, const char *v)
{
    char *e = g_markup_escape_text(v, -1);
    g_string_append_printf(g, "<%s>%s</%s>", tag, e, tag);
    g_free(e);
}

static char *
numstr(double v, int round0)
{
    if (!isfinite(v))
        return g_strdup("");
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, round0 ? "%.1f" : "%.6g", v);
    return g_strdup(buf);
}

char *
cs_describe_table_text(const cs_framework_t *fw, const cs_bands_t *bands,
           const cs_scores_t *scores, const char *name,
           cs_table_format_t format, const char *lang,
           const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = words_or_english(words, &en);
    static const char *const cols[] = {"code",    "dimension", "group",
                                       "label",   "value",     "unit",
                                       "target",  "percent",   "band",
                                       "band_key"};
    const size_t nc = G_N_ELEMENTS(cols);
    GString *g = g_string_new(NULL);
    if (format == CS_TABLE_HTML) {
        const char *keys[] = {"name", NULL};
        const char *vals[] = {name && *name ? name : "City"};
        char *tt = cs_describe_fill(w->table_title, keys, vals);
        char *tc = cs_describe_fill(w->table_caption, keys, vals);
        char *t = g_markup_escape_text(tt ? tt : "", -1);
        char *cap = g_markup_escape_text(tc ? tc : "", -1);
        char *l = g_markup_escape_text(lang ? lang : "en", -1);
        g_string_append_printf(g,
                               "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>"
                               "<meta charset=\"utf-8\"/><title>%s</title>"
                               "</head>\n<body>\n<table>\n<caption>%s"
                               "</caption>\n<thead><tr>",
                               l, t, cap);
        free(tt);
        free(tc);
        g_free(t);
        g_free(cap);
        g_free(l);
        for (size_t c = 0; c < nc; c++)
            g_string_append_printf(g, "<th scope=\"col\">%s</th>", cols[c]);
        g_string_append(g, "</tr></thead>\n<tbody>\n");
    } else {
        for (size_t c = 0; c < nc; c++)
            csv_cell(g, cols[c], c + 1 == nc);
    }
    for (size_t i = 0; i < cs_framework_kpi_count(fw); i++) {
        const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
        const cs_kpi_score_t *s = scores ? cs_scores_get_kpi(scores, i) : NULL;
        cs_band_t b = s ? s->band : CS_BAND_NODATA;
        char *v = numstr(s ? s->value : NAN, 0);
        char *t = numstr(s ? s->target : NAN, 0);
        char *p = numstr(s ? s->percent : NAN, 1);
        const char *cell[] = {k->code,
                              cs_framework_get_dimension(fw, k->dimension)->name,
                              cs_framework_get_group(fw, k->group)->name,
                              k->label,
                              v,
                              k->unit ? k->unit : "",
                              t,
                              p,
                              cs_bands_label(bands, b),
                              cs_band_key(b)};
        if (format == CS_TABLE_HTML) {
            g_string_append(g, "<tr>");
            for (size_t c = 0; c < nc; c++)
                html_cell(g, c == 3 ? "th" : "td", cell[c]);
            g_string_append(g, "</tr>\n");
        } else {
            for (size_t c = 0; c < nc; c++)
                csv_cell(g, cell[c], c + 1 == nc);
        }
        g_free(v);
        g_free(t);
        g_free(p);
    }
    if (format == CS_TABLE_HTML)
        g_string_append(g, "</tbody>\n</table>\n</body>\n</html>\n");
    return finish(g);
}

/* ---- numbers and progress ------------------------------------------------- */

char *
cs_describe_number_text(double v, int decimals, int sign,
                   const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = words_or_english(words, &en);
    GString *g = g_string_new(NULL);
    if (isnan(v))
        return finish(g);
    if (isinf(v)) {
        g_string_append(g, v < 0 ? "\xe2\x88\x92\xe2\x88\x9e" /* −∞ */
                                 : sign ? "+\xe2\x88\x9e"
                                        : "\xe2\x88\x9e");
        return finish(g);
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
    return finish(g);
}

char *
cs_describe_progress_text(const cs_framework_t *fw, const cs_comparison_t *cmp,
                     const cs_scores_t *current,
                     const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = words_or_english(words, &en);
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
    return finish(g);
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
    const cs_describe_words_t *w = words_or_english(words, &en);
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

const char *
cs_describe_change_word(const cs_describe_words_t *w, cs_change_t c)
{
    switch (c) {
    case CS_CHANGE_UP:
        return w->change_up;
    case CS_CHANGE_DOWN:
        return w->change_down;
    case CS_CHANGE_SAME:
        return w->change_same;
    case CS_CHANGE_NEW:
        return w->change_new;
    case CS_CHANGE_DROPPED:
        return w->change_dropped;
    default:
        return "";
    }
}

char *
cs_describe_kpi_previous_text(const cs_bands_t *bands,
                              const cs_comparison_t *cmp, size_t i,
                              const cs_describe_words_t *words)
{
    cs_describe_words_t en;
    const cs_describe_words_t *w = words_or_english(words, &en);
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
