/* SPDX-License-Identifier: MIT */
/*
 * The importer: a table (rows of cells with positions) -> a city and a
 * mapping report. The table comes from a file or a buffer (table.c); names
 * and codes are looked up in lookup.c, values read in value.c.
 *
 * The header row is the first of the first CS_IMPORT_HEADER_ROWS rows that
 * has a column naming the KPI (code, or a name: KPI, KPI / Data Point,
 * Indicator, Navn, ...) and a value column (value, Result(s), Resultat,
 * Verdi); rows above it are titles ("Dimension: Economy" there sets the
 * dimension). After it, a row with a single cell that names a dimension or
 * a category is a section title; a row repeating the header is skipped; a
 * blank Category cell keeps the category above (merged cells).
 *
 * Rules for rows that are not one wedge:
 *  - one row naming several data points ("Wireless Broadband Coverage: 3G
 *    and 4G") gives its value to each of them;
 *  - a KPI drawn as one wedge but reported as yes/no sub-points (Urban
 *    Development and Spatial Planning: Compact, Connected, Integrated,
 *    Inclusive, Resilient) gets the share of YES among the sub-points
 *    answered (0 to 1; 4 of 5 YES is 0.8); with none answered it has no
 *    data;
 *  - a KPI with data points named alone (its name or base code) with a
 *    value is an error that lists its data points; with no value it is a
 *    "not reported" row.
 */
#include "import-private.h"
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

/** Range accepted in the percent column. */
#define CS_CITY_MAX_PERCENT 1000.0
/** Rows searched for the header. */
#define CS_IMPORT_HEADER_ROWS 50u

typedef enum role {
    R_NONE,
    R_CODE,
    R_NAME,
    R_VALUE,
    R_UNIT,
    R_TARGET,
    R_PERCENT,
    R_BAND,
    R_SOURCE,
    R_CATEGORY,
    R_DIMENSION,
    R_IGNORED,
    R_COUNT
} role_t;

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

static const char *const role_names[R_COUNT] = {
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

typedef struct row_rec {
    char *position;
    unsigned line;
    char *text;
    cs_match_t match;
    size_t n_kpis;
    size_t kpis[CS_FOUND_MAX];
    char *note;
    char *provenance; /* "FILE, line 12" */
    char *source;     /* the table's own source cell ("" when none) */
} row_rec_t;

struct cs_import {
    const cs_framework_t *fw;
    cs_city_t *city;
    GArray *rows; /* row_rec_t */
    cs_import_row_t *pub;
    cs_diag_t *warnings;
    char *input; /* path of the input file, NULL for a buffer */
    int canonical;
    const char *encoding; /* how a text file was decoded, or NULL */
    size_t *wedge_row; /* wedge -> row index + 1 in rows (0: none) */
};

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

typedef struct ctx {
    const cs_table_t *t;
    const cs_framework_t *fw;
    cs_lookup_t *lk;
    cs_import_t *imp;
    cs_diag_t *diag;
    cs_status_t st;
    long col[R_COUNT];
    size_t header;        /* header row index */
    char *dimension;      /* section context */
    char *category;
    unsigned *first_line; /* wedge -> first line (0: not yet) */
    /* yes/no sub-points: per wedge, answers (-1 none, 0 no, 1 yes) */
    signed char **sub;
} ctx_t;

static void
fail(ctx_t *c, const cs_tcell_t *cell, unsigned row, cs_status_t st,
     const char *fmt, ...) CS_PRINTF(5, 6);

static void
fail(ctx_t *c, const cs_tcell_t *cell, unsigned row, cs_status_t st,
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

static void
warn(ctx_t *c, const cs_tcell_t *cell, unsigned row, const char *fmt, ...)
    CS_PRINTF(4, 5);

static void
warn(ctx_t *c, const cs_tcell_t *cell, unsigned row, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(cs_gettext(fmt), ap);
    va_end(ap);
    cs_table_diag(c->imp->warnings, CS_ERR_INVALID, c->t, cell, row,
                  "warning: %s", msg);
    g_free(msg);
}

static const cs_tcell_t *
cell_at(const ctx_t *c, size_t r, role_t role)
{
    long col = c->col[role];
    return col < 0 ? NULL : cs_table_cell(c->t, r, (size_t)col);
}

static const char *
text_at(const ctx_t *c, size_t r, role_t role)
{
    const cs_tcell_t *f = cell_at(c, r, role);
    return f ? f->text : "";
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
static int
row_roles(const cs_table_t *t, size_t r, long cols[R_COUNT], size_t *words)
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
        if (row_roles(t, r, cols, &words)) {
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
                    fail(c, f, (unsigned)r, CS_ERR_INVALID,
                         "duplicate column name '%s' (also column %ld: both "
                         "are %s columns)",
                         f->text, c->col[role] + 1, role_names[role]);
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
    row_roles(t, best, cols, &words);
    const cs_tcell_t *first = cs_table_cell(t, best, 0);
    if (cols[R_CODE] < 0 && cols[R_NAME] < 0)
        fail(c, first, (unsigned)best, CS_ERR_INVALID,
             "missing required column 'code' (a city file needs a column "
             "naming the KPI: code, Kode, KPI, KPI / Data Point, Indicator "
             "or Navn; and a value column: value, Result(s), Resultat or "
             "Verdi)");
    if (cols[R_VALUE] < 0)
        fail(c, first, (unsigned)best, CS_ERR_INVALID,
             "missing required column 'value' (a city file needs a value "
             "column: value, Result(s), Resultat or Verdi; target, percent, "
             "band, unit and source are optional)");
    return 0;
}

static char *
clean_text(const char *s)
{
    char *t = g_strdup(s ? s : "");
    for (char *p = t; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return g_strstrip(t);
}

/* How many cells of row @r hold something; *@only is the last one. */
static size_t
filled(const ctx_t *c, size_t r, const cs_tcell_t **only)
{
    size_t n = 0;
    *only = NULL;
    for (size_t col = 0; col < cs_table_width(c->t, r); col++) {
        const cs_tcell_t *f = cs_table_cell(c->t, r, col);
        if (f && !cs_csv_is_blank(f->text)) {
            n++;
            *only = f;
        }
    }
    return n;
}

static int
is_header_again(const ctx_t *c, size_t r)
{
    long cols[R_COUNT];
    size_t words;
    return r != c->header && row_roles(c->t, r, cols, &words) &&
           !memcmp(cols, c->col, sizeof cols);
}

static const char *
kpi_desc(const ctx_t *c, size_t k, char *buf, size_t size)
{
    const cs_kpi_t *kp = cs_framework_get_kpi(c->fw, k);
    g_snprintf(buf, size, "%s '%s'", kp->code, kp->label);
    return buf;
}

/* Reads a value-like cell (value or target) for wedge @k. Returns 0 and
 * sets *@v (NaN for no data), or -1 after reporting. @unit_hint is a unit
 * given elsewhere on the row (a unit column, or "(...)" in the name). */
static int
read_number(ctx_t *c, size_t r, role_t role, const cs_found_t *f,
            const char *unit_hint, double *v, int *yes_no)
{
    *v = NAN;
    if (yes_no)
        *yes_no = -1;
    const cs_tcell_t *cell = cell_at(c, r, role);
    if (!cell)
        return 0;
    const char *what = role_names[role];
    cs_value_t pv;
    const char *why = NULL;
    if (cell->kind == CS_TCELL_NUMBER) {
        pv.kind = CS_VALUE_NUMBER;
        pv.number = cell->number;
        pv.unit[0] = 0;
        if (cell->percent) {
            pv.number = cell->number * 100;
            g_strlcpy(pv.unit, "%", sizeof pv.unit);
        }
    } else if (cs_value_parse(cell->text, cs_table_decimal_comma(c->t), &pv,
                              &why) != 0) {
        char *t = clean_text(cell->text);
        fail(c, cell, (unsigned)r, CS_ERR_PARSE, "%s: bad number '%s': %s",
             what, t, why);
        g_free(t);
        return -1;
    }
    if (pv.kind == CS_VALUE_BLANK || pv.kind == CS_VALUE_NODATA)
        return 0;
    char buf[400];
    if (pv.kind == CS_VALUE_YES || pv.kind == CS_VALUE_NO) {
        for (size_t i = 0; i < f->n; i++) {
            if (!cs_unit_is_yesno(cs_framework_get_kpi(c->fw, f->kpi[i])->unit) &&
                f->subpoint < 0) {
                char *t = clean_text(cell->text);
                fail(c, cell, (unsigned)r, CS_ERR_INVALID,
                     "%s: '%s' is a yes/no answer, but %s is measured in "
                     "'%s'",
                     what, t, kpi_desc(c, f->kpi[i], buf, sizeof buf),
                     cs_framework_get_kpi(c->fw, f->kpi[i])->unit);
                g_free(t);
                return -1;
            }
        }
        *v = pv.kind == CS_VALUE_YES ? 1 : 0;
        if (yes_no)
            *yes_no = pv.kind == CS_VALUE_YES;
        return 0;
    }
    /* units: in the cell, in a unit column, in the name */
    const char *units[2] = {pv.unit, unit_hint};
    for (size_t u = 0; u < 2; u++) {
        if (!units[u] || !units[u][0])
            continue;
        for (size_t i = 0; i < f->n; i++) {
            const cs_kpi_t *kp = cs_framework_get_kpi(c->fw, f->kpi[i]);
            char *word = NULL;
            int ok = cs_unit_agrees(units[u], kp->unit, &word);
            if (ok < 0 && u == 0) {
                char *t = clean_text(cell->text);
                fail(c, cell, (unsigned)r, CS_ERR_PARSE,
                     "%s: bad number '%s': '%s' is not a unit citysnap knows "
                     "(see the unit table in README.md)",
                     what, t, word);
                g_free(t);
            } else if (ok < 0) {
                fail(c, cell, (unsigned)r, CS_ERR_INVALID,
                     "unit: '%s' is not a unit citysnap knows (see the unit "
                     "table in README.md)",
                     units[u]);
            } else if (!ok) {
                fail(c, cell, (unsigned)r, CS_ERR_INVALID,
                     "%s: the unit '%s' contradicts the unit of %s ('%s')",
                     what, units[u], kpi_desc(c, f->kpi[i], buf, sizeof buf),
                     kp->unit);
            }
            g_free(word);
            if (ok != 1)
                return -1;
        }
    }
    *v = pv.number;
    return 0;
}

static char *
provenance(const ctx_t *c, size_t r)
{
    return cs_table_where(c->t, r);
}

static void
add_row(ctx_t *c, size_t r, const cs_tcell_t *id, const char *text,
        const cs_found_t *f, const char *note)
{
    row_rec_t rec;
    memset(&rec, 0, sizeof rec);
    rec.position = cs_table_pos(c->t, id, (unsigned)r);
    rec.line = id ? cs_table_cell_line(c->t, id, (unsigned)r)
                  : (unsigned)r + 1;
    rec.text = clean_text(text);
    rec.match = f ? f->match : CS_MATCH_NONE;
    if (f && !f->base_only) {
        rec.n_kpis = f->n;
        memcpy(rec.kpis, f->kpi, sizeof rec.kpis);
    }
    rec.note = g_strdup(note ? note : (f ? f->note : ""));
    rec.provenance = provenance(c, r);
    rec.source = clean_text(text_at(c, r, R_SOURCE));
    g_array_append_val(c->imp->rows, rec);
    for (size_t i = 0; i < rec.n_kpis; i++)
        c->imp->wedge_row[rec.kpis[i]] = c->imp->rows->len;
}

/* Finds the wedge(s) of row @r; 0 when found (in *@f), -1 after
 * reporting. *@id is the cell that named it, *@unit_hint a unit in
 * parentheses after the name (g_free). */
static int
find_row(ctx_t *c, size_t r, cs_found_t *f, const cs_tcell_t **id,
         char **unit_hint)
{
    const cs_tcell_t *code = cell_at(c, r, R_CODE);
    const cs_tcell_t *name = cell_at(c, r, R_NAME);
    int has_code = code && !cs_csv_is_blank(code->text);
    int has_name = name && !cs_csv_is_blank(name->text);
    const char *cat = text_at(c, r, R_CATEGORY);
    const char *dim = text_at(c, r, R_DIMENSION);
    if (cs_csv_is_blank(cat))
        cat = c->category;
    if (cs_csv_is_blank(dim))
        dim = c->dimension;
    *unit_hint = NULL;
    *id = has_code ? code : name;
    if (!has_code && !has_name) {
        const cs_tcell_t *at = code ? code : name;
        unsigned row = (unsigned)r;
        if (c->col[R_CODE] >= 0)
            fail(c, at, row, CS_ERR_INVALID, "code: empty code");
        else
            fail(c, at, row, CS_ERR_INVALID, "%s: empty KPI name",
                 role_names[R_NAME]);
        return -1;
    }
    if (has_code) {
        char *t = clean_text(code->text);
        cs_match_t m = cs_lookup_code(c->lk, t, f);
        if (m != CS_MATCH_NONE && f->base_only && has_name) {
            /* a base code and a point name ("EC:ICT:ICT:4C" + "3G", or
             * + "Wireless Broadband Coverage: 3G") */
            char *nt = clean_text(name->text);
            cs_found_t byname;
            if (cs_lookup_point(c->lk, nt, f) != 0 &&
                cs_lookup_name(c->lk, nt, cat, dim, &byname) !=
                    CS_MATCH_NONE &&
                !byname.base_only && byname.n) {
                int inside = 1;
                for (size_t i = 0; i < byname.n; i++) {
                    int hit = 0;
                    for (size_t j = 0; j < f->n; j++)
                        hit |= f->kpi[j] == byname.kpi[i];
                    inside &= hit;
                }
                if (inside) {
                    *f = byname;
                    f->match = CS_MATCH_CODE;
                }
            }
            g_free(nt);
        }
        if (m == CS_MATCH_NONE) {
            char *s = cs_lookup_suggest(c->lk, t, 1, 3);
            fail(c, code, (unsigned)r, CS_ERR_INVALID,
                 "code: unknown KPI code '%s' (not in the framework)%s%s%s",
                 t, s ? "; did you mean " : "", s ? s : "", s ? "?" : "");
            g_free(s);
            g_free(t);
            return -1;
        }
        g_free(t);
        return 0;
    }
    char *t = clean_text(name->text);
    cs_match_t m = cs_lookup_name(c->lk, t, cat, dim, f);
    if (m == CS_MATCH_NONE) {
        char *s = cs_lookup_suggest(c->lk, t, 0, 3);
        fail(c, name, (unsigned)r, CS_ERR_INVALID,
             "KPI: '%s' matches no KPI of the wheel%s%s%s", t,
             s ? "; did you mean " : "", s ? s : "", s ? "?" : "");
        g_free(s);
        g_free(t);
        return -1;
    }
    if (f->ambiguous) {
        GString *list = g_string_new(NULL);
        for (size_t i = 0; i < f->n; i++) {
            const cs_kpi_t *kp = cs_framework_get_kpi(c->fw, f->kpi[i]);
            g_string_append_printf(list, "%s'%s' (%s, %s / %s)",
                                   i ? ", " : "", kp->label, kp->code,
                                   cs_framework_get_dimension(c->fw,
                                                          kp->dimension)
                                       ->name,
                                   cs_framework_get_group(c->fw, kp->group)->name);
        }
        fail(c, name, (unsigned)r, CS_ERR_INVALID,
             "KPI: '%s' matches %zu KPIs: %s; add a Category or Dimension "
             "column (or a code) to decide",
             t, f->n, list->str);
        g_string_free(list, TRUE);
        g_free(t);
        return -1;
    }
    if (m == CS_MATCH_FUZZY) {
        const cs_kpi_t *kp = cs_framework_get_kpi(c->fw, f->kpi[0]);
        warn(c, name, (unsigned)r,
             "'%s' is not a name citysnap knows; read as the nearest, '%s' "
             "(%s): check it",
             t, kp->label, kp->code);
    }
    const char *open = strrchr(t, '(');
    if (open && g_str_has_suffix(t, ")")) {
        *unit_hint = g_strndup(open + 1, strlen(open + 1) - 1);
        /* only a unit when the table knows its words */
        char *word = NULL;
        if (cs_unit_agrees(*unit_hint, "", &word) < 0) {
            g_free(*unit_hint);
            *unit_hint = NULL;
        }
        g_free(word);
    }
    g_free(t);
    return 0;
}

static void
do_row(ctx_t *c, size_t r)
{
    const cs_table_t *t = c->t;
    const cs_tcell_t *only;
    size_t n = filled(c, r, &only);
    if (!n)
        return;
    if (is_header_again(c, r))
        return;
    if (n == 1) {
        int is_dim;
        char *tx = clean_text(only->text);
        int sec = cs_lookup_is_section(c->lk, tx, &is_dim);
        /* a lone cell in the KPI column that names a KPI is a row */
        cs_found_t probe;
        long oc = -1;
        for (size_t col = 0; col < cs_table_width(t, r); col++)
            if (cs_table_cell(t, r, col) == only)
                oc = (long)col;
        if (sec && (oc != c->col[R_NAME] ||
                    cs_lookup_name(c->lk, tx, NULL, NULL, &probe) ==
                        CS_MATCH_NONE)) {
            char **slot = is_dim ? &c->dimension : &c->category;
            g_free(*slot);
            *slot = tx;
            if (is_dim) {
                g_free(c->category);
                c->category = NULL;
            }
            return;
        }
        g_free(tx);
    }
    if (cs_table_check_width(t, r, c->header, c->diag) != CS_OK) {
        if (c->st == CS_OK)
            c->st = CS_ERR_PARSE;
    }
    const char *cat = text_at(c, r, R_CATEGORY);
    if (!cs_csv_is_blank(cat)) {
        g_free(c->category);
        c->category = clean_text(cat);
    }
    cs_found_t f;
    const cs_tcell_t *id = NULL;
    char *unit_hint = NULL;
    int found = find_row(c, r, &f, &id, &unit_hint) == 0;
    /* unit column */
    const char *ucol = text_at(c, r, R_UNIT);
    char *unit = !cs_csv_is_blank(ucol) ? clean_text(ucol) : NULL;
    if (unit && unit_hint) {
        g_free(unit_hint);
        unit_hint = NULL;
    }
    const char *hint = unit ? unit : unit_hint;
    cs_found_t none;
    memset(&none, 0, sizeof none);
    none.subpoint = -1;
    const cs_found_t *ff = found ? &f : &none;
    double value, target, percent = NAN;
    int yes_no = -1;
    int ok_v = read_number(c, r, R_VALUE, ff, hint, &value, &yes_no) == 0;
    int ok_t = read_number(c, r, R_TARGET, ff, hint, &target, NULL) == 0;
    const cs_tcell_t *pc = cell_at(c, r, R_PERCENT);
    if (pc && !cs_csv_is_blank(pc->text)) {
        const char *why = NULL;
        cs_value_t pv;
        if (pc->kind == CS_TCELL_NUMBER) {
            percent = pc->percent ? pc->number * 100 : pc->number;
        } else if (cs_value_parse(pc->text, cs_table_decimal_comma(t), &pv,
                                  &why) != 0 ||
                   (pv.kind == CS_VALUE_NUMBER && pv.unit[0] &&
                    strcmp(pv.unit, "%")) ||
                   pv.kind == CS_VALUE_YES || pv.kind == CS_VALUE_NO) {
            fail(c, pc, (unsigned)r, CS_ERR_PARSE,
                 "percent: bad number '%s': %s", pc->text,
                 why ? why : "not a per cent of target");
            ok_v = 0;
        } else if (pv.kind == CS_VALUE_NUMBER) {
            percent = pv.number;
        }
        if (!isnan(percent) &&
            (percent < 0 || percent > CS_CITY_MAX_PERCENT)) {
            fail(c, pc, (unsigned)r, CS_ERR_INVALID,
                 "percent: %s is outside 0..%g", pc->text,
                 CS_CITY_MAX_PERCENT);
            ok_v = 0;
        }
    }
    int has_band = 0;
    cs_band_t band = CS_BAND_NODATA;
    const cs_tcell_t *bc = cell_at(c, r, R_BAND);
    if (bc && !cs_csv_is_blank(bc->text)) {
        int b = cs_band_parse(bc->text, &band);
        if (b == 0) {
            has_band = 1;
        } else if (b < 0) {
            char *bt = clean_text(bc->text);
            fail(c, bc, (unsigned)r, CS_ERR_INVALID,
                 "band: unknown band key '%s' (expected 95plus, 66to95, "
                 "33to66, below33, nodata or notarget, or the legend's "
                 "words: '95+ %% of target', '66 \xe2\x80\x93 95 %%', "
                 "'Less than 33 %%', ...)",
                 bt);
            g_free(bt);
            ok_v = 0;
        }
    }
    g_free(unit);
    g_free(unit_hint);
    if (!found || !ok_v || !ok_t)
        return;
    char buf[400];
    int has_data = !isnan(value) || !isnan(percent) || has_band;
    if (f.base_only) {
        char *pts = cs_lookup_points_text(c->lk, f.kpi[0]);
        if (has_data || !isnan(target)) {
            char *nm = clean_text(id->text);
            fail(c, id, (unsigned)r, CS_ERR_INVALID,
                 "%s: '%s' is a KPI with %zu data points (%s): give one row "
                 "per data point, e.g. '%s: %s'",
                 id == cell_at(c, r, R_CODE) ? "code" : "KPI", nm, f.n, pts,
                 nm, strchr(cs_framework_get_kpi(c->fw, f.kpi[0])->code, '/') + 1);
            g_free(nm);
        } else {
            char *note = g_strdup_printf("no data; its data points are %s",
                                         pts);
            add_row(c, r, id, id->text, &f, note);
            g_free(note);
        }
        g_free(pts);
        return;
    }
    unsigned line = id ? cs_table_cell_line(t, id, (unsigned)r)
                       : (unsigned)r + 1;
    for (size_t i = 0; i < f.n; i++) {
        size_t k = f.kpi[i];
        if (f.subpoint >= 0) {
            size_t ns = cs_lookup_subpoint_count(c->lk, k);
            if (!c->sub[k]) {
                c->sub[k] = g_new(signed char, ns + 1);
                memset(c->sub[k], -2, ns + 1);
            }
            if (c->sub[k][f.subpoint] != -2 || (c->first_line[k] &&
                                                c->sub[k][ns] != 1)) {
                fail(c, id, (unsigned)r, CS_ERR_INVALID,
                     "KPI: %s '%s' is given twice (first on %s %u)",
                     kpi_desc(c, k, buf, sizeof buf),
                     cs_lookup_subpoint_name(c->lk, k, (size_t)f.subpoint),
                     cs_table_is_sheet(t) ? "row" : "line",
                     c->first_line[k]);
                return;
            }
            c->sub[k][f.subpoint] = (signed char)yes_no;
            c->sub[k][ns] = 1; /* marks "given as sub-points" */
            if (!c->first_line[k])
                c->first_line[k] = line;
            if (!isnan(value) && yes_no < 0) {
                fail(c, cell_at(c, r, R_VALUE), (unsigned)r, CS_ERR_INVALID,
                     "value: %s '%s' takes YES or NO",
                     kpi_desc(c, k, buf, sizeof buf),
                     cs_lookup_subpoint_name(c->lk, k, (size_t)f.subpoint));
                return;
            }
            continue;
        }
        if (c->first_line[k]) {
            if (id == cell_at(c, r, R_CODE)) {
                char *ct = clean_text(id->text);
                fail(c, id, (unsigned)r, CS_ERR_INVALID,
                     "code: duplicate code '%s' (first on %s %u)", ct,
                     cs_table_is_sheet(t) ? "row" : "line",
                     c->first_line[k]);
                g_free(ct);
            } else {
                fail(c, id, (unsigned)r, CS_ERR_INVALID,
                     "KPI: %s is given twice (first on %s %u)",
                     kpi_desc(c, k, buf, sizeof buf),
                     cs_table_is_sheet(t) ? "row" : "line",
                     c->first_line[k]);
            }
            return;
        }
        c->first_line[k] = line;
        cs_city_entry_t *e = cs_city_entry_mut(c->imp->city, k);
        e->value = value;
        e->target = target;
        e->percent = percent;
        e->has_band = has_band;
        e->band = has_band ? band : CS_BAND_NODATA;
        e->line = line;
        const cs_tcell_t *src = cell_at(c, r, R_SOURCE);
        if (src && src->text[0])
            e->source = cs_city_intern(c->imp->city, src->text);
    }
    add_row(c, r, id, id->text, &f, NULL);
}

/* Sub-point answers -> the wedge's value (the share of YES). */
static void
finish_subpoints(ctx_t *c)
{
    size_t nk = cs_framework_kpi_count(c->fw);
    for (size_t k = 0; k < nk; k++) {
        if (!c->sub[k])
            continue;
        size_t ns = cs_lookup_subpoint_count(c->lk, k);
        size_t yes = 0, answered = 0;
        GString *names = g_string_new(NULL);
        for (size_t i = 0; i < ns; i++) {
            if (c->sub[k][i] < 0)
                continue;
            answered++;
            if (c->sub[k][i] == 1) {
                yes++;
                g_string_append_printf(names, "%s%s", names->len ? ", " : "",
                                       cs_lookup_subpoint_name(c->lk, k, i));
            }
        }
        cs_city_entry_t *e = cs_city_entry_mut(c->imp->city, k);
        e->line = c->first_line[k];
        if (answered)
            e->value = (double)yes / (double)answered;
        char *note = g_strdup_printf(
            "%zu of %zu yes/no sub-points answered, %zu YES%s%s%s: value = "
            "share of YES",
            answered, ns, yes, yes ? " (" : "", names->str, yes ? ")" : "");
        g_string_free(names, TRUE);
        /* the rows of the sub-points carry the wedge */
        for (size_t i = 0; i < c->imp->rows->len; i++) {
            row_rec_t *rec = &g_array_index(c->imp->rows, row_rec_t, i);
            if (rec->n_kpis == 1 && rec->kpis[0] == k) {
                g_free(rec->note);
                rec->note = g_strdup(note);
            }
        }
        g_free(note);
    }
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
            do_row(&c, r);
        finish_subpoints(&c);
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
                           "mapping: %zu rows placed: %zu by code, %zu by "
                           "label, %zu by alias, %zu fuzzy; %zu of %zu "
                           "wedges with data\n",
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
            g_string_append(o, "(none)");
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
