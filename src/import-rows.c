/* SPDX-License-Identifier: MIT */
/*
 * The importer's row placement: each row after the header becomes a wedge's
 * value (or a section title, a repeated header, a skipped row), with its
 * line in the mapping report.
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
    return r != c->header && imp_row_roles(c->t, r, cols, &words) &&
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
    const char *what = imp_role_names[role];
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
        imp_fail(c, cell, (unsigned)r, CS_ERR_PARSE, "%s: bad number '%s': %s",
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
                imp_fail(c, cell, (unsigned)r, CS_ERR_INVALID,
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
                imp_fail(c, cell, (unsigned)r, CS_ERR_PARSE,
                     "%s: bad number '%s': '%s' is not a unit citysnap knows "
                     "(see the unit table in README.md)",
                     what, t, word);
                g_free(t);
            } else if (ok < 0) {
                imp_fail(c, cell, (unsigned)r, CS_ERR_INVALID,
                     "unit: '%s' is not a unit citysnap knows (see the unit "
                     "table in README.md)",
                     units[u]);
            } else if (!ok) {
                imp_fail(c, cell, (unsigned)r, CS_ERR_INVALID,
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
            imp_fail(c, at, row, CS_ERR_INVALID, "code: empty code");
        else
            imp_fail(c, at, row, CS_ERR_INVALID, "%s: empty KPI name",
                 imp_role_names[R_NAME]);
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
            imp_fail(c, code, (unsigned)r, CS_ERR_INVALID,
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
        imp_fail(c, name, (unsigned)r, CS_ERR_INVALID,
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
        imp_fail(c, name, (unsigned)r, CS_ERR_INVALID,
             "KPI: '%s' matches %zu KPIs: %s; add a Category or Dimension "
             "column (or a code) to decide",
             t, f->n, list->str);
        g_string_free(list, TRUE);
        g_free(t);
        return -1;
    }
    if (m == CS_MATCH_FUZZY) {
        const cs_kpi_t *kp = cs_framework_get_kpi(c->fw, f->kpi[0]);
        imp_warn(c, name, (unsigned)r,
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

void
imp_do_row(ctx_t *c, size_t r)
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
            imp_fail(c, pc, (unsigned)r, CS_ERR_PARSE,
                 "percent: bad number '%s': %s", pc->text,
                 why ? why : "not a per cent of target");
            ok_v = 0;
        } else if (pv.kind == CS_VALUE_NUMBER) {
            percent = pv.number;
        }
        if (!isnan(percent) &&
            (percent < 0 || percent > CS_CITY_MAX_PERCENT)) {
            imp_fail(c, pc, (unsigned)r, CS_ERR_INVALID,
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
            imp_fail(c, bc, (unsigned)r, CS_ERR_INVALID,
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
            imp_fail(c, id, (unsigned)r, CS_ERR_INVALID,
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
                imp_fail(c, id, (unsigned)r, CS_ERR_INVALID,
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
                imp_fail(c, cell_at(c, r, R_VALUE), (unsigned)r, CS_ERR_INVALID,
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
                imp_fail(c, id, (unsigned)r, CS_ERR_INVALID,
                     "code: duplicate code '%s' (first on %s %u)", ct,
                     cs_table_is_sheet(t) ? "row" : "line",
                     c->first_line[k]);
                g_free(ct);
            } else {
                imp_fail(c, id, (unsigned)r, CS_ERR_INVALID,
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
void
imp_finish_subpoints(ctx_t *c)
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
