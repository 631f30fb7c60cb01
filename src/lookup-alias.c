/* SPDX-License-Identifier: MIT */
/*
 * The KPI alias table: alias rows (code, text, language, kind) read from a
 * CSV file, a buffer, or the built-in data/kpi-aliases.csv.
 */
#include "lookup-private.h"
#include "lookup-work-private.h"
#include "cs-private.h"
#include "csv-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

static const char *const alias_kind_names[AK_COUNT] = {
    "name", "point", "subpoint", "category", "dimension"};


void
cs_aliases_free(cs_aliases_t *a)
{
    if (!a)
        return;
    if (a->strings)
        g_string_chunk_free(a->strings);
    free(a->rows);
    free(a);
}

static cs_status_t
aliases_build(const void *ctx, cs_csv_t *csv, void *out, cs_diag_t *diag)
{
    (void)ctx;
    const char *name = cs_csv_name(csv);
    static const char *const cols[] = {"code", "kind", "text", "lang",
                                       "source"};
    long c[5];
    cs_status_t st = CS_OK;
    for (size_t i = 0; i < 5; i++) {
        c[i] = cs_csv_column(csv, cols[i]);
        if (c[i] < 0)
            st = cs_diag_add(diag, CS_ERR_INVALID, name,
                             cs_csv_header(csv)->line, 1,
                             "missing required column '%s' (an alias table "
                             "has code, kind, text, lang and source)",
                             cols[i]);
    }
    if (st != CS_OK)
        return st;
    cs_aliases_t *a = calloc(1, sizeof *a);
    size_t n = cs_csv_row_count(csv);
    if (a)
        a->rows = calloc(n + 1, sizeof *a->rows);
    if (!a || !a->rows) {
        cs_aliases_free(a);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    a->strings = g_string_chunk_new(4096);
    for (size_t r = 0; r < n; r++) {
        const cs_csv_row_t *row = cs_csv_row(csv, r);
        cs_status_t s = cs_csv_check_row_width(csv, row, diag);
        if (s != CS_OK) {
            st = st != CS_OK ? st : s;
            continue;
        }
        const char *v[5];
        int ok = 1;
        for (size_t i = 0; i < 5; i++) {
            const cs_csv_field_t *f = cs_csv_cell(row, c[i]);
            v[i] = f->text;
            if (cs_csv_is_blank(v[i])) {
                st = st != CS_OK ? st
                                 : CS_ERR_INVALID;
                cs_diag_add(diag, CS_ERR_INVALID, name, f->line, f->column,
                            "%s: empty %s (every alias names its %s)",
                            cols[i], cols[i], cols[i]);
                ok = 0;
            }
        }
        int kind = -1;
        for (int k = 0; k < AK_COUNT && ok; k++)
            if (!g_ascii_strcasecmp(v[1], alias_kind_names[k]))
                kind = k;
        if (ok && kind < 0) {
            const cs_csv_field_t *f = cs_csv_cell(row, c[1]);
            st = cs_diag_add(diag, CS_ERR_INVALID, name, f->line, f->column,
                             "kind: '%s' is not name, point, subpoint, "
                             "category or dimension",
                             v[1]);
            ok = 0;
        }
        if (!ok)
            continue;
        alias_row_t *ar = &a->rows[a->n++];
        char *code = g_strstrip(g_strdup(v[0]));
        char *text = g_strstrip(g_strdup(v[2]));
        ar->code = g_string_chunk_insert_const(a->strings, code);
        ar->text = g_string_chunk_insert_const(a->strings, text);
        ar->lang = g_string_chunk_insert_const(a->strings, v[3]);
        ar->kind = (alias_kind_t)kind;
        g_free(code);
        g_free(text);
    }
    if (st != CS_OK) {
        cs_aliases_free(a);
        return st;
    }
    *(cs_aliases_t **)out = a;
    return CS_OK;
}

cs_status_t
cs_aliases_load(const char *path, cs_aliases_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !path)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "no file name or output pointer");
    return cs_csv_load(path, 1, NULL, 0, aliases_build, NULL, out, diag);
}

cs_status_t
cs_aliases_load_buffer(const char *name, const char *data, size_t len,
                       cs_aliases_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || (!data && len))
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "no data or output pointer");
    return cs_csv_load(name, 0, data, len, aliases_build, NULL, out, diag);
}

/* data/kpi-aliases.csv, embedded at build time (kpi-aliases-data.c). */
extern const char cs_kpi_aliases_csv[];
extern const size_t cs_kpi_aliases_csv_len;

const cs_aliases_t *
cs_aliases_builtin(void)
{
    static gsize once;
    static cs_aliases_t *builtin;
    if (g_once_init_enter(&once)) {
        cs_aliases_t *a = NULL;
        cs_aliases_load_buffer("kpi-aliases.csv (built in)",
                               cs_kpi_aliases_csv, cs_kpi_aliases_csv_len,
                               &a, NULL);
        builtin = a;
        g_once_init_leave(&once, 1);
    }
    return builtin;
}
