/* SPDX-License-Identifier: MIT */
/* The batch report as JSON. */
#include <citysnap/version.h>
#include <citysnap/batch.h>

#include <math.h>
#include <stdlib.h>

#include <glib.h>

#include "batch-private.h"
#include "cs-config.h"
#include "cs-private.h"
#include "score-private.h"
#include "describe-private.h"

static void
json_str(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p;
         p++) {
        switch (*p) {
        case '"': g_string_append(s, "\\\""); break;
        case '\\': g_string_append(s, "\\\\"); break;
        case '\n': g_string_append(s, "\\n"); break;
        case '\r': g_string_append(s, "\\r"); break;
        case '\t': g_string_append(s, "\\t"); break;
        default:
            if (*p < 0x20)
                g_string_append_printf(s, "\\u%04x", *p);
            else
                g_string_append_c(s, (char)*p);
        }
    }
    g_string_append_c(s, '"');
}

static void
json_num(GString *s, double v)
{
    if (!isfinite(v)) {
        g_string_append(s, "null");
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.10g", v);
    g_string_append(s, buf);
}

/* A group's, dimension's or the wheel's progress: its previous score and
 * how many of its KPIs changed which way. */
static void
json_agg_change(GString *s, const cs_agg_change_t *c)
{
    g_string_append(s, ",\"previous\":{\"band\":");
    json_str(s, cs_band_key(c->prev_band));
    g_string_append(s, ",\"percent\":");
    json_num(s, c->prev_percent);
    g_string_append(s, ",\"delta\":");
    json_num(s, c->delta);
    for (int k = 0; k < CS_CHANGE_COUNT; k++)
        g_string_append_printf(s, ",\"%s\":%u", cs_change_key((cs_change_t)k),
                               c->count[k]);
    g_string_append(s, "}");
}

static void
json_agg(GString *s, const char *name, const cs_agg_score_t *a,
         const cs_agg_change_t *c)
{
    g_string_append(s, "{\"name\":");
    json_str(s, name);
    g_string_append(s, ",\"band\":");
    json_str(s, cs_band_key(a->band));
    g_string_append(s, ",\"percent\":");
    json_num(s, a->percent);
    g_string_append_printf(s, ",\"points\":%u,\"scored\":%u,\"total\":%u",
                           a->points, a->scored, a->total);
    if (c)
        json_agg_change(s, c);
    g_string_append_c(s, '}');
}

cs_status_t
cs_batch_report_write_json(const cs_batch_report_t *rep,
                           const cs_framework_t *fw, const char *path,
                           cs_diag_t *diag)
{
    if (!rep || !fw || !path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "batch JSON: report, framework and path needed");
    for (size_t i = 0; i < rep->n; i++)
        if (rep->jobs[i].scores && !cs_scores_match(rep->jobs[i].scores, fw))
            return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                               "batch JSON: the report was made with "
                               "another framework");
    GString *s = g_string_new("{\n  \"generator\": ");
    json_str(s, "citysnap " CS_VERSION_STRING);
    g_string_append_printf(s, ",\n  \"cities\": %zu,\n  \"failed\": %zu,\n",
                           rep->n, rep->failed);
    g_string_append(s, "  \"results\": [");
    for (size_t i = 0; i < rep->n; i++) {
        const city_job *j = &rep->jobs[i];
        const cs_manifest_entry_t *e = j->pub.entry;
        g_string_append(s, i ? ",\n    {" : "\n    {");
        g_string_append(s, "\"id\":");
        json_str(s, e->id);
        g_string_append(s, ",\"name\":");
        json_str(s, e->name);
        g_string_append(s, ",\"data\":");
        json_str(s, e->file);
        g_string_append(s, ",\"targets\":");
        if (e->targets)
            json_str(s, e->targets);
        else
            g_string_append(s, "null");
        g_string_append(s, ",\"previous\":");
        if (e->previous)
            json_str(s, e->previous);
        else
            g_string_append(s, "null");
        g_string_append(s, ",\"status\":");
        json_str(s, j->pub.status == CS_OK ? "ok" : "failed");
        g_string_append(s, ",\"messages\":[");
        for (size_t k = 0; k < cs_diag_entry_count(j->diag); k++) {
            char *m = cs_diag_entry_format(cs_diag_get(j->diag, k));
            if (k)
                g_string_append_c(s, ',');
            json_str(s, m);
            free(m);
        }
        g_string_append(s, "],\"files\":[");
        for (size_t k = 0; k < j->pub.n_files; k++) {
            const cs_batch_file_t *f = &j->pub.files[k];
            g_string_append(s, k ? ",{\"format\":" : "{\"format\":");
            json_str(s, cs_format_name(f->format));
            g_string_append(s, ",\"path\":");
            json_str(s, f->path);
            g_string_append_printf(s, ",\"bytes\":%zu}", f->bytes);
        }
        g_string_append(s, "]");
        if (j->pub.n_files) {
            g_string_append_printf(
                s, ",\"fit\":{\"fit\":%zu,\"shrunk\":%zu,\"wrapped\":%zu,"
                   "\"ellipsized\":%zu}",
                j->pub.fit[0], j->pub.fit[1], j->pub.fit[2], j->pub.fit[3]);
        }
        if (j->scores) {
            /* where the colours come from, as the picture says it */
            char *col = cs_describe_colours_text(j->scores, NULL);
            g_string_append(s, ",\n     \"colours\":");
            json_str(s, col ? col : "");
            free(col);
            g_string_append_printf(s, ",\"min_coverage\":");
            json_num(s, cs_scores_min_coverage(j->scores));
            g_string_append(s, ",\n     \"overall\":");
            const cs_comparison_t *cmp = j->previous;
            json_agg(s, "overall", cs_scores_get_overall(j->scores),
                     cs_comparison_get_overall(cmp));
            g_string_append(s, ",\n     \"dimensions\":[");
            for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
                if (d)
                    g_string_append_c(s, ',');
                json_agg(s, cs_framework_get_dimension(fw, d)->name,
                         cs_scores_get_dimension(j->scores, d),
                         cs_comparison_get_dimension(cmp, d));
            }
            g_string_append(s, "],\n     \"groups\":[");
            for (size_t g = 0; g < cs_framework_group_count(fw); g++) {
                if (g)
                    g_string_append_c(s, ',');
                json_agg(s, cs_framework_get_group(fw, g)->name,
                         cs_scores_get_group(j->scores, g),
                         cs_comparison_get_group(cmp, g));
            }
            g_string_append(s, "],\n     \"kpis\":[");
            for (size_t k = 0; k < cs_framework_kpi_count(fw); k++) {
                const cs_kpi_score_t *ks = cs_scores_get_kpi(j->scores, k);
                g_string_append(s, k ? ",\n       {\"code\":"
                                     : "\n       {\"code\":");
                json_str(s, cs_framework_get_kpi(fw, k)->code);
                g_string_append(s, ",\"band\":");
                json_str(s, cs_band_key(ks->band));
                g_string_append(s, ",\"value\":");
                json_num(s, ks->value);
                g_string_append(s, ",\"target\":");
                json_num(s, ks->target);
                g_string_append(s, ",\"percent\":");
                json_num(s, ks->percent);
                g_string_append_printf(s, ",\"points\":%d", ks->points);
                const cs_kpi_change_t *kc = cs_comparison_get_kpi(cmp, k);
                if (kc) {
                    g_string_append(s, ",\"previous\":{\"band\":");
                    json_str(s, cs_band_key(kc->prev_band));
                    g_string_append(s, ",\"value\":");
                    json_num(s, kc->prev_value);
                    g_string_append(s, ",\"percent\":");
                    json_num(s, kc->prev_percent);
                    g_string_append(s, ",\"delta\":");
                    json_num(s, kc->delta);
                    g_string_append(s, ",\"change\":");
                    json_str(s, cs_change_key(kc->change));
                    g_string_append(s, ",\"trend\":");
                    json_str(s, cs_trend_key(kc->trend));
                    g_string_append(s, "}");
                }
                g_string_append_c(s, '}');
            }
            g_string_append(s, "]");
        }
        g_string_append(s, "}");
    }
    g_string_append(s, "\n  ]\n}\n");
    cs_status_t st = cs_write_file_atomic(path, (const unsigned char *)s->str,
                                          s->len, diag);
    g_string_free(s, TRUE);
    return st;
}
