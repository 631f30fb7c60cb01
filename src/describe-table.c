/* SPDX-License-Identifier: MIT */
/* The data table of a city's wheel as CSV, Markdown or HTML text. */
#include <citysnap/describe.h>
#include <citysnap/compare.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "describe-private.h"

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
    const cs_describe_words_t *w = cs_describe_words_or_english(words, &en);
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
    return cs_describe_finish(g);
}
