/* SPDX-License-Identifier: MIT */
/*
 * City files (a city's KPI values) and targets files.
 *
 * City file columns: code and value required; target, percent, band and
 * source optional; others ignored. Targets file: code and target required;
 * others (rationale, ...) ignored. Both are read with the CSV reader
 * (csv-private.h), so BOM, CRLF, ';'/TAB delimiters, decimal comma (when
 * the delimiter is not ','), quoted fields and blank lines are accepted.
 *
 * Every problem of a file is reported, each as FILE:LINE:COLUMN with the
 * column's name in the message: missing required column (header line),
 * wrong column count, empty or unknown code, duplicate code, a value,
 * target or percent that is not a number, a percent outside 0..1000, an
 * unknown band key. A row whose value cell is empty is allowed: it means
 * "no data" and its source is kept.
 */
#include "cs-private.h"
#include "csv-private.h"
#include "city-private.h"
#include "lookup-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/city.h>
#include <citysnap/import.h>

struct cs_city {
    size_t n;
    cs_city_entry_t *entries;
    GStringChunk *strings;
    size_t rows;
};

struct cs_targets {
    size_t n;
    double *target;
    char *file;        /* the file's name as given when loading */
    char *source;      /* its "source" (or "note") row, NULL when none */
    int illustrative;  /* its "illustrative" row said yes */
};

/*
 * Parses the number in column @col (named @what) of @row into *@out.
 * Blank or absent cells leave NaN and succeed. Errors are reported.
 */
static cs_status_t
number_cell(const cs_csv_t *csv, const cs_csv_row_t *row, long col,
            const char *what, double *out, cs_diag_t *diag)
{
    *out = NAN;
    const cs_csv_field_t *f = cs_csv_cell(row, col);
    if (!f || cs_csv_is_blank(f->text))
        return CS_OK;
    const char *why = NULL;
    double v;
    if (cs_csv_parse_number(f->text, cs_csv_decimal_comma(csv), &v, &why) !=
        0)
        return cs_diag_add(diag, CS_ERR_PARSE, cs_csv_name(csv), f->line,
                           f->column, "%s: bad number '%s': %s", what,
                           f->text, why);
    *out = v;
    return CS_OK;
}

/*
 * Looks up the code in column @col of @row. Returns the KPI index, or -1
 * after reporting an empty, unknown or duplicate code. @first_line[i] is
 * the line where KPI i was first given (0: not yet).
 */
static long
code_cell(const cs_lookup_t *lk, const cs_csv_t *csv,
          const cs_csv_row_t *row, long col, unsigned *first_line,
          cs_status_t *st, cs_diag_t *diag)
{
    cs_found_t found;
    const cs_csv_field_t *f = cs_csv_cell(row, col);
    const char *name = cs_csv_name(csv);
    unsigned l = f ? f->line : row->end_line;
    unsigned c = f ? f->column : row->end_column;
    char *code = g_strstrip(g_strdup(f ? f->text : ""));
    long k = -1;
    if (!code[0]) {
        *st = cs_csv_first_error(*st, cs_diag_add(diag, CS_ERR_INVALID, name, l,
                                                  c, "code: empty code"));
    } else if (cs_lookup_code(lk, code, &found) == CS_MATCH_NONE ||
               found.base_only || found.n != 1) {
        /* codes as the importer reads them (spaces and case do not
         * count); a target is for one wedge */
        char *s = cs_lookup_suggest(lk, code, 1, 3);
        *st = cs_csv_first_error(
            *st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                             "code: unknown KPI code '%s' (not in the "
                             "framework%s)%s%s%s",
                             code,
                             found.base_only ? "; it has data points: give "
                                               "each its own row"
                                             : "",
                             s ? "; did you mean " : "", s ? s : "",
                             s ? "?" : ""));
        g_free(s);
    } else if (first_line[k = (long)found.kpi[0]]) {
        *st = cs_csv_first_error(*st,
                                 cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                             "code: duplicate code '%s' (first "
                                             "on line %u)",
                                             code, first_line[k]));
        k = -1;
    } else {
        first_line[k] = row->line;
    }
    g_free(code);
    return k;
}

void
cs_city_free(cs_city_t *city)
{
    if (!city)
        return;
    if (city->strings)
        g_string_chunk_free(city->strings);
    free(city->entries);
    free(city);
}

cs_city_t *
cs_city_new(size_t nk)
{
    cs_city_t *city = calloc(1, sizeof(*city));
    if (city)
        city->entries = calloc(nk + 1, sizeof(cs_city_entry_t));
    if (!city || !city->entries) {
        cs_city_free(city);
        return NULL;
    }
    city->n = nk;
    city->strings = g_string_chunk_new(1024);
    for (size_t i = 0; i < nk; i++) {
        cs_city_entry_t *e = &city->entries[i];
        e->value = NAN;
        e->target = NAN;
        e->percent = NAN;
        e->has_band = 0;
        e->band = CS_BAND_NODATA;
        e->source = "";
        e->line = 0;
    }
    return city;
}

cs_city_entry_t *
cs_city_entry_mut(cs_city_t *city, size_t i)
{
    return city && i < city->n ? &city->entries[i] : NULL;
}

const char *
cs_city_intern(cs_city_t *city, const char *s)
{
    return g_string_chunk_insert(city->strings, s ? s : "");
}

void
cs_city_count_rows(cs_city_t *city)
{
    city->rows = 0;
    for (size_t i = 0; i < city->n; i++) {
        const cs_city_entry_t *e = &city->entries[i];
        if (!isnan(e->value) || !isnan(e->percent) || e->has_band)
            city->rows++;
    }
}

/* A city file is read by the importer (import.c): a canonical file is the
 * simplest table it reads. */
static cs_status_t
city_from_import(cs_status_t st, cs_import_t *imp, cs_city_t **out)
{
    if (st == CS_OK)
        *out = cs_import_take_city(imp);
    cs_import_free(imp);
    return st;
}

cs_status_t
cs_city_load_buffer(const cs_framework_t *fw, const char *name,
                    const char *data, size_t len, cs_city_t **out,
                    cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !fw)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "no framework or output pointer");
    *out = NULL;
    cs_import_t *imp = NULL;
    cs_status_t st = cs_import_buffer(fw, name, data, len, NULL, &imp, diag);
    return city_from_import(st, imp, out);
}

cs_status_t
cs_city_load(const cs_framework_t *fw, const char *path, cs_city_t **out,
             cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !fw || !path)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "no framework, file name or output pointer");
    *out = NULL;
    cs_import_t *imp = NULL;
    cs_status_t st = cs_import_file(fw, path, NULL, &imp, diag);
    return city_from_import(st, imp, out);
}

const cs_city_entry_t *
cs_city_get_entry(const cs_city_t *city, size_t i)
{
    if (!city || i >= city->n)
        return NULL;
    return &city->entries[i];
}

size_t
cs_city_data_row_count(const cs_city_t *city)
{
    return city ? city->rows : 0;
}

/* ---- targets ---------------------------------------------------------- */

void
cs_targets_free(cs_targets_t *t)
{
    if (!t)
        return;
    free(t->target);
    g_free(t->file);
    g_free(t->source);
    free(t);
}

/* A metadata row of a targets file: code "source" (or "note") with the
 * text in the target column, or "illustrative" with yes or no. 1 when @row
 * is one (and taken), 0 when it is a KPI row. */
static int
targets_meta(cs_targets_t *t, const cs_csv_t *csv, const cs_csv_row_t *row,
             long ccode, long ctarget, cs_status_t *st, cs_diag_t *diag)
{
    const cs_csv_field_t *fc = cs_csv_cell(row, ccode);
    if (!fc)
        return 0;
    char *code = g_strstrip(g_strdup(fc->text));
    int src = !g_ascii_strcasecmp(code, "source") ||
              !g_ascii_strcasecmp(code, "note");
    int ill = !g_ascii_strcasecmp(code, "illustrative");
    g_free(code);
    if (!src && !ill)
        return 0;
    const char *name = cs_csv_name(csv);
    const cs_csv_field_t *fv = cs_csv_cell(row, ctarget);
    char *v = g_strstrip(g_strdup(fv ? fv->text : ""));
    unsigned l = fv ? fv->line : row->end_line;
    unsigned c = fv ? fv->column : row->end_column;
    if (src && !v[0]) {
        *st = cs_csv_first_error(*st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                           "source: empty (say where the "
                                           "targets come from)"));
    } else if (src && t->source) {
        *st = cs_csv_first_error(*st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                           "source: given twice"));
    } else if (src) {
        if (cs_csv_check_label(csv, fv, "source", diag) != CS_OK)
            *st = cs_csv_first_error(*st, CS_ERR_LIMIT);
        else
            t->source = g_strdup(v);
    } else if (!g_ascii_strcasecmp(v, "yes") ||
               !g_ascii_strcasecmp(v, "true")) {
        t->illustrative = 1;
    } else if (g_ascii_strcasecmp(v, "no") && g_ascii_strcasecmp(v, "false")) {
        *st = cs_csv_first_error(*st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                           "illustrative: '%s' is not yes or "
                                           "no",
                                           v));
    }
    g_free(v);
    return 1;
}

static cs_status_t
targets_build(const cs_framework_t *fw, cs_csv_t *csv, cs_targets_t **out,
              cs_diag_t *diag)
{
    const char *name = cs_csv_name(csv);
    static const char *const required[] = {"code", "target"};
    long req[2];
    cs_status_t st = cs_csv_require(
        csv, required, 2, req, "a targets file needs code and target", diag);
    if (st != CS_OK)
        return st;
    size_t nk = cs_framework_kpi_count(fw);
    cs_targets_t *t = calloc(1, sizeof(*t));
    unsigned *first_line = calloc(nk + 1, sizeof(unsigned));
    if (t)
        t->target = calloc(nk + 1, sizeof(double));
    if (!t || !first_line || !t->target) {
        cs_targets_free(t);
        free(first_line);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    t->n = nk;
    t->file = g_strdup(name);
    for (size_t i = 0; i < nk; i++)
        t->target[i] = NAN;
    cs_lookup_t *lk = cs_lookup_new(fw, NULL);
    for (size_t r = 0; r < cs_csv_row_count(csv); r++) {
        const cs_csv_row_t *row = cs_csv_row(csv, r);
        st = cs_csv_first_error(st, cs_csv_check_row_width(csv, row, diag));
        if (targets_meta(t, csv, row, req[0], req[1], &st, diag))
            continue;
        long k = code_cell(lk, csv, row, req[0], first_line, &st, diag);
        double v;
        st = cs_csv_first_error(
            st, number_cell(csv, row, req[1], "target", &v, diag));
        if (k >= 0)
            t->target[k] = v;
    }
    cs_lookup_free(lk);
    free(first_line);
    if (st != CS_OK) {
        cs_targets_free(t);
        return st;
    }
    *out = t;
    return CS_OK;
}

static cs_status_t
targets_cb(const void *fw, cs_csv_t *csv, void *out, cs_diag_t *diag)
{
    return targets_build(fw, csv, out, diag);
}

cs_status_t
cs_targets_load_buffer(const cs_framework_t *fw, const char *name,
                       const char *data, size_t len, cs_targets_t **out,
                       cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !fw)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "no framework or output pointer");
    return cs_csv_load(name, 0, data, len, targets_cb, fw, out, diag);
}

cs_status_t
cs_targets_load(const cs_framework_t *fw, const char *path,
                cs_targets_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !fw || !path)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "no framework, file name or output pointer");
    return cs_csv_load(path, 1, NULL, 0, targets_cb, fw, out, diag);
}

const char *
cs_targets_source(const cs_targets_t *t)
{
    return t ? t->source : NULL;
}

const char *
cs_targets_file(const cs_targets_t *t)
{
    return t ? t->file : NULL;
}

int
cs_targets_illustrative(const cs_targets_t *t)
{
    return t ? t->illustrative : 0;
}

cs_status_t
cs_targets_set_source(cs_targets_t *t, const char *source, cs_diag_t *diag)
{
    if (!t || !source)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_targets_set_source: NULL argument");
    char *v = g_strstrip(g_strdup(source));
    if (!v[0] || g_utf8_strlen(v, -1) > CS_CSV_MAX_LABEL_CHARS ||
        !g_utf8_validate(v, -1, NULL)) {
        g_free(v);
        return cs_diag_add(diag, CS_ERR_ARG, t->file, 0, 0,
                           "the targets' source must be 1 to %u characters "
                           "of text",
                           CS_CSV_MAX_LABEL_CHARS);
    }
    g_free(t->source);
    t->source = v;
    return CS_OK;
}

double
cs_targets_get(const cs_targets_t *t, size_t i)
{
    if (!t || i >= t->n)
        return NAN;
    return t->target[i];
}

size_t
cs_city_kpi_count(const cs_city_t *city)
{
    return city ? city->n : 0;
}

size_t
cs_targets_kpi_count(const cs_targets_t *t)
{
    return t ? t->n : 0;
}
