/* SPDX-License-Identifier: MIT */
/*
 * The importer: a table (rows of cells with positions) -> a city and a
 * mapping report. This file finds the header row and holds the public API;
 * rows are placed in import-rows.c and the report and city CSV are written
 * in import-report.c. The table comes from a file or a buffer (table.c);
 * names and codes are looked up in lookup.c, values read in value.c.
 *
 * The header row is the first of the first CS_IMPORT_HEADER_ROWS rows that
 * has a column naming the KPI (code, or a name: KPI, KPI / Data Point,
 * Indicator, Navn, ...) and a value column (value, Result(s), Resultat,
 * Verdi); rows above it are titles ("Dimension: Economy" there sets the
 * dimension). After it, a row with a single cell that names a dimension or
 * a category is a section title; a row repeating the header is skipped; a
 * blank Category cell keeps the category above (merged cells).
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

/* Column names (normalised with cs_name_key, so singular and case-free). */
static const struct {
    const char *name;
    role_t role;
} header_words[] = {
    {"code", R_CODE}, {"kode", R_CODE}, {"kpi code", R_CODE},
    {"kpi kode", R_CODE}, {"indicator code", R_CODE}, {"u4ssc code", R_CODE},
    {"kpi", R_NAME}, {"kpi data point", R_NAME}, {"kpi datapunkt", R_NAME},
    {"kpi name", R_NAME}, {"kpi navn", R_NAME}, {"indicator", R_NAME},
    {"indikator", R_NAME}, {"name", R_NAME}, {"navn", R_NAME},
    {"label", R_NAME}, {"data point", R_NAME}, {"datapunkt", R_NAME},
    {"indicator name", R_NAME}, {"n\xc3\xb8kkeltall", R_NAME},
    {"value", R_VALUE}, {"result", R_VALUE}, {"resultat", R_VALUE},
    {"resultater", R_VALUE}, {"verdi", R_VALUE}, {"city value", R_VALUE},
    {"unit", R_UNIT}, {"enhet", R_UNIT}, {"m\xc3\xa5leenhet", R_UNIT},
    {"unit of measure", R_UNIT},
    {"target", R_TARGET}, {"m\xc3\xa5l", R_TARGET},
    {"m\xc3\xa5lverdi", R_TARGET}, {"target value", R_TARGET},
    {"percent", R_PERCENT}, {"% of target", R_PERCENT},
    {"percent of target", R_PERCENT}, {"prosent av m\xc3\xa5l", R_PERCENT},
    {"% av m\xc3\xa5l", R_PERCENT},
    {"band", R_BAND}, {"performance to benchmark", R_BAND},
    {"benchmark", R_BAND}, {"b\xc3\xa5nd", R_BAND},
    {"source", R_SOURCE}, {"kilde", R_SOURCE},
    {"category", R_CATEGORY}, {"kategori", R_CATEGORY}, {"group", R_CATEGORY},
    {"gruppe", R_CATEGORY}, {"dimension", R_DIMENSION},
    {"dimensjon", R_DIMENSION},
    {"sdg", R_IGNORED}, {"verified", R_IGNORED}, {"verifisert", R_IGNORED},
    {"direction", R_IGNORED}, {"retning", R_IGNORED}, {"comment", R_IGNORED},
    {"kommentar", R_IGNORED}, {"sub dimension", R_IGNORED},
    {"underdimensjon", R_IGNORED}, {"type", R_IGNORED}, {"note", R_IGNORED},
    {"merknad", R_IGNORED},
};

const char *const imp_role_names[R_COUNT] = {
    "", "code", "KPI", "value", "unit", "target", "percent", "band",
    "source", "category", "dimension", ""};


const char *
cs_match_name(cs_match_t m)
{
    static const char *const names[CS_MATCH_COUNT] = {"not placed", "code",
                                                      "label", "alias",
                                                      "fuzzy"};
    return (unsigned)m < CS_MATCH_COUNT ? names[m] : "unknown";
}

void
cs_import_options_init(cs_import_options_t *o)
{
    if (o)
        memset(o, 0, sizeof *o);
}

void
cs_import_free(cs_import_t *imp)
{
    if (!imp)
        return;
    for (size_t i = 0; imp->rows && i < imp->rows->len; i++) {
        row_rec_t *r = &g_array_index(imp->rows, row_rec_t, i);
        g_free(r->position);
        g_free(r->text);
        g_free(r->note);
        g_free(r->provenance);
        g_free(r->source);
    }
    if (imp->rows)
        g_array_free(imp->rows, TRUE);
    g_free(imp->pub);
    cs_city_free(imp->city);
    cs_diag_free(imp->warnings);
    g_free(imp->input);
    g_free(imp->wedge_row);
    g_free(imp);
}

/* ---- the work -------------------------------------------------------------- */

void
imp_fail(ctx_t *c, const cs_tcell_t *cell, unsigned row, cs_status_t st,
     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(cs_gettext(fmt), ap);
    va_end(ap);
    cs_table_diag(c->diag, st, c->t, cell, row, "%s", msg);
    g_free(msg);
    if (c->st == CS_OK)
        c->st = st;
}

void
imp_warn(ctx_t *c, const cs_tcell_t *cell, unsigned row, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(cs_gettext(fmt), ap);
    va_end(ap);
    cs_table_diag(c->imp->warnings, CS_ERR_INVALID, c->t, cell, row,
                  "warning: %s", msg);
    g_free(msg);
}


static role_t
header_role(const char *text)
{
    char *k = cs_name_key(text);
    /* "Results (2019)", "Value:" */
    role_t role = R_NONE;
    for (size_t i = 0; i < G_N_ELEMENTS(header_words) && !role; i++)
        if (!strcmp(k, header_words[i].name))
            role = header_words[i].role;
    g_free(k);
    return role;
}

/* Roles of row @r into @cols; returns 1 when it is a header (an id column
 * and a value column), 0 otherwise; *@words is how many cells were
 * column names. */
int
imp_row_roles(const cs_table_t *t, size_t r, long cols[R_COUNT], size_t *words)
{
    for (size_t i = 0; i < R_COUNT; i++)
        cols[i] = -1;
    *words = 0;
    for (size_t col = 0; col < cs_table_width(t, r); col++) {
        const cs_tcell_t *f = cs_table_cell(t, r, col);
        if (!f || cs_csv_is_blank(f->text))
            continue;
        role_t role = header_role(f->text);
        if (role == R_NONE)
            continue;
        (*words)++;
        if (cols[role] < 0)
            cols[role] = (long)col;
    }
    return (cols[R_CODE] >= 0 || cols[R_NAME] >= 0) && cols[R_VALUE] >= 0;
}

static int
find_header(ctx_t *c)
{
    const cs_table_t *t = c->t;
    size_t n = cs_table_rows(t);
    size_t limit = n < CS_IMPORT_HEADER_ROWS ? n : CS_IMPORT_HEADER_ROWS;
    long cols[R_COUNT];
    size_t best_words = 0, best = 0;
    for (size_t r = 0; r < limit; r++) {
        size_t words;
        if (imp_row_roles(t, r, cols, &words)) {
            c->header = r;
            memcpy(c->col, cols, sizeof cols);
            /* title rows above: "Dimension: Economy" */
            for (size_t u = 0; u < r; u++) {
                for (size_t col = 0; col < cs_table_width(t, u); col++) {
                    const cs_tcell_t *f = cs_table_cell(t, u, col);
                    int is_dim;
                    if (f && !cs_csv_is_blank(f->text) &&
                        cs_lookup_is_section(c->lk, f->text, &is_dim) &&
                        is_dim) {
                        g_free(c->dimension);
                        c->dimension = g_strdup(f->text);
                    }
                }
            }
            /* the same column name twice */
            for (size_t col = 0; col < cs_table_width(t, r); col++) {
                const cs_tcell_t *f = cs_table_cell(t, r, col);
                if (!f || cs_csv_is_blank(f->text))
                    continue;
                role_t role = header_role(f->text);
                if (role != R_NONE && role != R_IGNORED &&
                    c->col[role] != (long)col)
                    imp_fail(c, f, (unsigned)r, CS_ERR_INVALID,
                         "duplicate column name '%s' (also column %ld: both "
                         "are %s columns)",
                         f->text, c->col[role] + 1, imp_role_names[role]);
            }
            return 1;
        }
        if (words > best_words) {
            best_words = words;
            best = r;
        }
    }
    /* no header: say what is missing on the likeliest row */
    size_t words;
    if (!n)
        return 0;
    imp_row_roles(t, best, cols, &words);
    const cs_tcell_t *first = cs_table_cell(t, best, 0);
    if (cols[R_CODE] < 0 && cols[R_NAME] < 0)
        imp_fail(c, first, (unsigned)best, CS_ERR_INVALID,
             "missing required column 'code' (a city file needs a column "
             "naming the KPI: code, Kode, KPI, KPI / Data Point, Indicator "
             "or Navn; and a value column: value, Result(s), Resultat or "
             "Verdi)");
    if (cols[R_VALUE] < 0)
        imp_fail(c, first, (unsigned)best, CS_ERR_INVALID,
             "missing required column 'value' (a city file needs a value "
             "column: value, Result(s), Resultat or Verdi; target, percent, "
             "band, unit and source are optional)");
    return 0;
}

cs_status_t
cs_import_table(const cs_framework_t *fw, const cs_table_t *t,
                const cs_import_options_t *opts, cs_import_t **out,
                cs_diag_t *diag)
{
    *out = NULL;
    size_t nk = cs_framework_kpi_count(fw);
    cs_import_t *imp = g_new0(cs_import_t, 1);
    imp->fw = fw;
    imp->city = cs_city_new(nk);
    imp->rows = g_array_new(FALSE, FALSE, sizeof(row_rec_t));
    imp->warnings = cs_diag_new();
    imp->wedge_row = g_new0(size_t, nk + 1);
    if (!imp->city || !imp->warnings) {
        cs_import_free(imp);
        return cs_diag_add(diag, CS_ERR_NOMEM, cs_table_name(t), 0, 0,
                           "out of memory");
    }
    const cs_aliases_t *al = opts && opts->aliases ? opts->aliases
                                                   : cs_aliases_builtin();
    ctx_t c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.fw = fw;
    c.imp = imp;
    c.diag = diag;
    c.lk = cs_lookup_new(fw, al);
    c.first_line = g_new0(unsigned, nk + 1);
    c.sub = g_new0(signed char *, nk + 1);
    if (find_header(&c)) {
        for (size_t r = c.header + 1; r < cs_table_rows(t); r++)
            imp_do_row(&c, r);
        imp_finish_subpoints(&c);
        /* canonical: UTF-8 text, the code column on the first line, every
         * row found by its code */
        imp->canonical = c.header == 0 && c.col[R_CODE] >= 0 &&
                         !cs_table_encoding_note(t);
        for (size_t i = 0; i < imp->rows->len && imp->canonical; i++)
            if (g_array_index(imp->rows, row_rec_t, i).match !=
                CS_MATCH_CODE)
                imp->canonical = 0;
    } else if (c.st == CS_OK) {
        c.st = CS_ERR_INVALID;
    }
    for (size_t k = 0; k < nk; k++)
        g_free(c.sub[k]);
    g_free(c.sub);
    g_free(c.first_line);
    g_free(c.dimension);
    g_free(c.category);
    cs_lookup_free(c.lk);
    if (c.st != CS_OK) {
        /* the warnings go with the errors (a near miss may explain one) */
        for (size_t i = 0; i < cs_diag_entry_count(imp->warnings); i++) {
            const cs_diag_entry_t *e = cs_diag_get(imp->warnings, i);
            cs_diag_add(diag, e->status, e->file, e->line, e->column, "%s",
                        e->message);
        }
        cs_import_free(imp);
        return c.st;
    }
    cs_city_count_rows(imp->city);
    imp->encoding = cs_table_encoding_note(t);
    imp->pub = g_new0(cs_import_row_t, imp->rows->len + 1);
    for (size_t i = 0; i < imp->rows->len; i++) {
        const row_rec_t *r = &g_array_index(imp->rows, row_rec_t, i);
        cs_import_row_t *p = &imp->pub[i];
        p->position = r->position;
        p->line = r->line;
        p->text = r->text;
        p->match = r->match;
        p->n_kpis = r->n_kpis;
        memcpy(p->kpis, r->kpis, sizeof p->kpis);
        p->note = r->note;
    }
    *out = imp;
    return CS_OK;
}

cs_status_t
cs_import_file(const cs_framework_t *fw, const char *path,
               const cs_import_options_t *opts, cs_import_t **out,
               cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !fw || !path)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "no framework, file name or output pointer");
    cs_table_t *t = NULL;
    cs_status_t st = cs_table_read_file(path, opts ? opts->sheet : NULL, &t,
                                        diag);
    if (st != CS_OK)
        return st;
    st = cs_import_table(fw, t, opts, out, diag);
    cs_table_free(t);
    if (st == CS_OK)
        (*out)->input = g_strdup(path);
    return st;
}

cs_status_t
cs_import_buffer(const cs_framework_t *fw, const char *name,
                 const void *data, size_t len,
                 const cs_import_options_t *opts, cs_import_t **out,
                 cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !fw || (!data && len))
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "no framework, data or output pointer");
    cs_table_t *t = NULL;
    cs_status_t st = cs_table_read_buffer(name, data, len,
                                          opts ? opts->sheet : NULL, &t, diag);
    if (st != CS_OK)
        return st;
    st = cs_import_table(fw, t, opts, out, diag);
    cs_table_free(t);
    return st;
}

const cs_city_t *
cs_import_city(const cs_import_t *imp)
{
    return imp ? imp->city : NULL;
}

cs_city_t *
cs_import_take_city(cs_import_t *imp)
{
    if (!imp)
        return NULL;
    cs_city_t *c = imp->city;
    imp->city = NULL;
    return c;
}

size_t
cs_import_row_count(const cs_import_t *imp)
{
    return imp ? imp->rows->len : 0;
}

const cs_import_row_t *
cs_import_get_row(const cs_import_t *imp, size_t i)
{
    return imp && i < imp->rows->len ? &imp->pub[i] : NULL;
}

size_t
cs_import_match_count(const cs_import_t *imp, cs_match_t m)
{
    size_t n = 0;
    for (size_t i = 0; imp && i < imp->rows->len; i++)
        n += g_array_index(imp->rows, row_rec_t, i).match == m;
    return n;
}

const cs_diag_t *
cs_import_warnings(const cs_import_t *imp)
{
    return imp ? imp->warnings : NULL;
}

int
cs_import_is_canonical(const cs_import_t *imp)
{
    return imp ? imp->canonical : 0;
}
