/* SPDX-License-Identifier: MIT */
/* Plain-language summary and data table of a city's wheel. */
#include <citysnap/describe.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

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
    return s ? cs_scores_kpi(s, i)->band : CS_BAND_NODATA;
}

/* "%g"-like number in the C locale, without trailing zeros. */
static void
append_num(GString *g, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.6g", v);
    g_string_append(g, buf);
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

char *
cs_describe_summary(const cs_framework_t *fw, const cs_bands_t *bands,
                    const cs_scores_t *scores, const char *name)
{
    if (!fw || !bands)
        return NULL;
    GString *g = g_string_new(NULL);
    size_t nk = cs_framework_kpi_count(fw);
    g_string_append_printf(g, "%s%s%zu KPI wedges in %zu dimensions and %zu "
                              "groups, each coloured by how close the city "
                              "is to its target.\n",
                           name && *name ? name : "City snapshot",
                           name && *name ? " city snapshot: " : ": ", nk,
                           cs_framework_dimension_count(fw),
                           cs_framework_group_count(fw));
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(bands, order);
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_dimension_t *dim = cs_framework_dimension(fw, d);
        unsigned count[CS_BAND_COUNT] = {0};
        for (size_t i = dim->first_kpi; i < dim->first_kpi + dim->n_kpis; i++)
            count[kpi_band(scores, i)]++;
        g_string_append_printf(g, "%s: ", dim->name);
        int first = 1;
        for (int j = 0; j < CS_BAND_COUNT; j++) {
            cs_band_t b = order[j];
            int scored = isfinite(cs_bands_min_percent(bands, b));
            if (!first)
                g_string_append(g, ", ");
            if (first)
                g_string_append_printf(g, "%u of %zu KPI wedges ", count[b],
                                       dim->n_kpis);
            else
                g_string_append_printf(g, "%u ", count[b]);
            if (scored)
                g_string_append(g, "at ");
            else
                g_string_append(g, "with ");
            append_band(g, bands, b);
            first = 0;
        }
        g_string_append(g, ".\n");
    }
    if (scores) {
        const cs_agg_score_t *o = cs_scores_overall(scores);
        if (o->scored) {
            g_string_append_printf(g, "Overall: %u of %u KPI wedges scored, ",
                                   o->scored, o->total);
            append_num(g, round(o->percent));
            g_string_append(g, " % of the possible points.\n");
        }
    }
    return finish(g);
}

char *
cs_describe_kpi(const cs_framework_t *fw, const cs_bands_t *bands,
                const cs_scores_t *scores, size_t i)
{
    if (!fw || !bands || i >= cs_framework_kpi_count(fw))
        return NULL;
    const cs_kpi_t *k = cs_framework_kpi(fw, i);
    const cs_kpi_score_t *s = scores ? cs_scores_kpi(scores, i) : NULL;
    GString *g = g_string_new(NULL);
    g_string_append_printf(g, "%s (%s, %s): ", k->label,
                           cs_framework_group(fw, k->group)->name,
                           cs_framework_dimension(fw, k->dimension)->name);
    if (s && isfinite(s->value)) {
        g_string_append(g, "value ");
        append_num(g, s->value);
        if (k->unit && *k->unit)
            g_string_append_printf(g, " %s", k->unit);
    } else {
        g_string_append(g, "no value");
    }
    if (s && isfinite(s->target)) {
        g_string_append(g, k->direction == CS_LOWER_IS_BETTER
                               ? ", target at most "
                               : ", target ");
        append_num(g, s->target);
    }
    if (s && isfinite(s->percent)) {
        g_string_append(g, ", ");
        append_num(g, round(s->percent));
        g_string_append(g, " % of target");
    }
    g_string_append(g, "; band: ");
    g_string_append(g, cs_bands_label(bands, s ? s->band : CS_BAND_NODATA));
    g_string_append_c(g, '.');
    return finish(g);
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
cs_describe_table(const cs_framework_t *fw, const cs_bands_t *bands,
                  const cs_scores_t *scores, const char *name,
                  cs_table_format_t format, const char *lang)
{
    if (!fw || !bands)
        return NULL;
    static const char *const cols[] = {"code",    "dimension", "group",
                                       "label",   "value",     "unit",
                                       "target",  "percent",   "band",
                                       "band_key"};
    const size_t nc = G_N_ELEMENTS(cols);
    GString *g = g_string_new(NULL);
    if (format == CS_TABLE_HTML) {
        char *t = g_markup_escape_text(name && *name ? name : "City", -1);
        char *l = g_markup_escape_text(lang ? lang : "en", -1);
        g_string_append_printf(g,
                               "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>"
                               "<meta charset=\"utf-8\"/><title>%s: city "
                               "snapshot data</title></head>\n<body>\n"
                               "<table>\n<caption>%s: city snapshot, one row "
                               "per KPI wedge in wheel order</caption>\n"
                               "<thead><tr>",
                               l, t, t);
        g_free(t);
        g_free(l);
        for (size_t c = 0; c < nc; c++)
            g_string_append_printf(g, "<th scope=\"col\">%s</th>", cols[c]);
        g_string_append(g, "</tr></thead>\n<tbody>\n");
    } else {
        for (size_t c = 0; c < nc; c++)
            csv_cell(g, cols[c], c + 1 == nc);
    }
    for (size_t i = 0; i < cs_framework_kpi_count(fw); i++) {
        const cs_kpi_t *k = cs_framework_kpi(fw, i);
        const cs_kpi_score_t *s = scores ? cs_scores_kpi(scores, i) : NULL;
        cs_band_t b = s ? s->band : CS_BAND_NODATA;
        char *v = numstr(s ? s->value : NAN, 0);
        char *t = numstr(s ? s->target : NAN, 0);
        char *p = numstr(s ? s->percent : NAN, 1);
        const char *cell[] = {k->code,
                              cs_framework_dimension(fw, k->dimension)->name,
                              cs_framework_group(fw, k->group)->name,
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
