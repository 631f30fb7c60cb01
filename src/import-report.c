/* SPDX-License-Identifier: MIT */
/*
 * The importer's outputs: the mapping report (which row went to which
 * wedge, and how), the imported city as canonical CSV, and the warnings
 * for a city's values.
 */
#include "import-private.h"
#include "import-work-private.h"
#include "city-private.h"
#include "cs-private.h"
#include "cs-gettext.h"
#include "lookup-private.h"
#include "value-private.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include <citysnap/render.h>

cs_status_t
cs_import_report(const cs_import_t *imp, char **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!imp || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no import result or output pointer");
    GString *o = g_string_new(NULL);
    size_t n = imp->rows->len;
    size_t with_data = cs_city_data_row_count(imp->city);
    g_string_append_printf(o,
                           _("mapping: %zu rows placed: %zu by code, %zu by "
                             "label, %zu by alias, %zu fuzzy; %zu of %zu "
                             "wedges with data\n"),
                           n, cs_import_match_count(imp, CS_MATCH_CODE),
                           cs_import_match_count(imp, CS_MATCH_LABEL),
                           cs_import_match_count(imp, CS_MATCH_ALIAS),
                           cs_import_match_count(imp, CS_MATCH_FUZZY), with_data,
                           cs_framework_kpi_count(imp->fw));
    if (imp->encoding)
        g_string_append_printf(o, "  (the file was %s)\n", imp->encoding);
    for (size_t i = 0; i < n; i++) {
        const row_rec_t *r = &g_array_index(imp->rows, row_rec_t, i);
        if (r->match == CS_MATCH_CODE && !r->note[0])
            continue;
        g_string_append_printf(o, "  %s: '%s' -> ", r->position, r->text);
        if (!r->n_kpis)
            g_string_append(o, _("(none)"));
        for (size_t j = 0; j < r->n_kpis; j++)
            g_string_append_printf(
                o, "%s%s", j ? ", " : "",
                cs_framework_get_kpi(imp->fw, r->kpis[j])->code);
        g_string_append_printf(o, " [%s]", cs_match_name(r->match));
        if (r->note[0])
            g_string_append_printf(o, " %s", r->note);
        g_string_append_c(o, '\n');
    }
    *out = g_strdup(o->str);
    g_string_free(o, TRUE);
    return CS_OK;
}

/* Shortest decimal text that reads back as @v. */
static void
format_number(char *buf, size_t size, double v)
{
    /* plain decimals where they round-trip (190, 0.8), else %g */
    for (int prec = 0; prec <= 10 && fabs(v) < 1e15; prec++) {
        char fmt[8];
        g_snprintf(fmt, sizeof fmt, "%%.%df", prec);
        g_ascii_formatd(buf, (int)size, fmt, v);
        if (g_ascii_strtod(buf, NULL) == v)
            return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        char fmt[8];
        g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
        g_ascii_formatd(buf, (int)size, fmt, v);
        if (g_ascii_strtod(buf, NULL) == v)
            return;
    }
}

static void
csv_field(GString *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' &&
        !(s[0] && s[strlen(s) - 1] == ' ')) {
        g_string_append(o, s);
        return;
    }
    g_string_append_c(o, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            g_string_append_c(o, '"');
        g_string_append_c(o, *p);
    }
    g_string_append_c(o, '"');
}

cs_status_t
cs_import_city_csv(const cs_import_t *imp, char **out, size_t *len,
                   cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!imp || !imp->city || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no import result (or its city was taken) or "
                           "output pointer");
    GString *o = g_string_new("code,label,value,target,percent,band,source\n");
    size_t nk = cs_framework_kpi_count(imp->fw);
    for (size_t k = 0; k < nk; k++) {
        size_t ri = imp->wedge_row[k];
        if (!ri)
            continue;
        const row_rec_t *r = &g_array_index(imp->rows, row_rec_t, ri - 1);
        const cs_kpi_t *kp = cs_framework_get_kpi(imp->fw, k);
        const cs_city_entry_t *e = cs_city_get_entry(imp->city, k);
        char b[64];
        csv_field(o, kp->code);
        g_string_append_c(o, ',');
        csv_field(o, kp->label);
        g_string_append_c(o, ',');
        if (!isnan(e->value)) {
            format_number(b, sizeof b, e->value);
            g_string_append(o, b);
        }
        g_string_append_c(o, ',');
        if (!isnan(e->target)) {
            format_number(b, sizeof b, e->target);
            g_string_append(o, b);
        }
        g_string_append_c(o, ',');
        if (!isnan(e->percent)) {
            format_number(b, sizeof b, e->percent);
            g_string_append(o, b);
        }
        g_string_append_c(o, ',');
        if (e->has_band)
            g_string_append(o, cs_band_key(e->band));
        g_string_append_c(o, ',');
        char *src = g_strdup_printf("%s: '%s'%s%s%s%s", r->provenance,
                                    r->text, r->note[0] ? " (" : "", r->note,
                                    r->note[0] ? ")" : "",
                                    r->source[0] ? "; " : "");
        GString *s = g_string_new(src);
        g_string_append(s, r->source);
        csv_field(o, s->str);
        g_string_free(s, TRUE);
        g_free(src);
        g_string_append_c(o, '\n');
    }
    if (len)
        *len = o->len;
    *out = g_strdup(o->str);
    g_string_free(o, TRUE);
    return CS_OK;
}

cs_status_t
cs_import_write(const cs_import_t *imp, const char *path, cs_diag_t *diag)
{
    if (!imp || !path || !imp->city)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "no import result or file name");
    struct stat a, b;
    if (imp->input && stat(imp->input, &a) == 0 && stat(path, &b) == 0 &&
        a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "the output would replace the input file; "
                           "choose another name");
    size_t len = 0;
    char *csv = NULL;
    cs_status_t st = cs_import_city_csv(imp, &csv, &len, diag);
    if (st != CS_OK)
        return st;
    st = cs_write_file_atomic(path, (const unsigned char *)csv,
                                          len, diag);
    free(csv);
    return st;
}

/* ---- warnings -------------------------------------------------------------- */

cs_status_t
cs_city_warnings(const cs_framework_t *fw, const cs_targets_t *targets,
                 const cs_city_t *city, const char *city_name,
                 const char *file, size_t *count, cs_diag_t *warnings)
{
    if (count)
        *count = 0;
    if (!fw || !city || !cs_city_get_entry(city, cs_framework_kpi_count(fw) - 1) ||
        cs_city_get_entry(city, cs_framework_kpi_count(fw)))
        return cs_diag_add(warnings, CS_ERR_ARG, file, 0, 0,
                           "no framework or city, or a city of another "
                           "framework");
    size_t n0 = cs_diag_reported_count(warnings), nk = cs_framework_kpi_count(fw);
    size_t with_data = 0, with_target = 0, pct_n = 0, pct_small = 0,
           pct_pos = 0;
    for (size_t k = 0; k < nk; k++) {
        const cs_kpi_t *kp = cs_framework_get_kpi(fw, k);
        const cs_city_entry_t *e = cs_city_get_entry(city, k);
        if (!isnan(e->value))
            with_data++;
        if ((!isnan(e->value) &&
             (!isnan(kp->target) || !isnan(cs_targets_get(targets, k)) ||
              !isnan(e->target))) ||
            !isnan(e->percent) || e->has_band)
            with_target++;
        if (isnan(e->value) || !cs_unit_is_percent(kp->unit))
            continue;
        pct_n++;
        if (fabs(e->value) <= 1)
            pct_small++;
        if (e->value > 0)
            pct_pos++;
        if (e->value > 100) {
            char b[64];
            format_number(b, sizeof b, e->value);
            cs_diag_add(warnings, CS_ERR_INVALID, file, e->line, 0,
                        "warning: %s '%s' is %s %%, more than 100 %%",
                        kp->code, kp->label, b);
        }
    }
    if (with_data && !with_target)
        cs_diag_add(warnings, CS_ERR_INVALID, file, 0, 0,
                    "warning: %zu KPIs have data but none has a target: "
                    "every wedge would show 'data reported - no target yet' "
                    "(give --targets FILE, or a target or band column)",
                    with_data);
    if (pct_n >= 3 && pct_small == pct_n && pct_pos)
        cs_diag_add(warnings, CS_ERR_INVALID, file, 0, 0,
                    "warning: all %zu values of %% KPIs are at most 1: "
                    "fractions (0.97) where per cent (97) is meant? Multiply "
                    "them by 100, or format the cells as percent",
                    pct_n);
    if (!city_name || !*city_name)
        cs_diag_add(warnings, CS_ERR_INVALID, file, 0, 0,
                    "warning: no city name: the centre of the wheel stays "
                    "blank (give --name NAME, or a cities.csv next to the "
                    "file)");
    if (count)
        *count = cs_diag_reported_count(warnings) - n0;
    return CS_OK;
}
