/* SPDX-License-Identifier: MIT */
/*
 * The wheel framework (data/u4ssc-wheel.csv): KPI wedges in wheel order,
 * grouped into ring-2 groups and ring-1 dimensions.
 *
 * Columns: code, dimension, group, label and direction are required; unit
 * and target are optional (empty when absent); any other column
 * (target_source, direction_basis, source, ...) is ignored. Problems
 * reported, each at FILE:LINE:COLUMN, all of them for one file:
 *  - a missing required column (at the header line);
 *  - wrong column count;
 *  - an empty code, dimension, group or label; a duplicate code;
 *  - a direction other than "higher" or "lower" (case-insensitive);
 *  - a target that is not a number;
 *  - a label, group or dimension name longer than CS_CSV_MAX_LABEL_CHARS;
 *  - a dimension, or a group of a dimension, that reappears after another
 *    one (groups and dimensions are contiguous runs of rows). Group names
 *    may repeat in different dimensions ("Water and Sanitation", "Waste").
 * A framework without any KPI row is an error too.
 */
#include "cs-private.h"
#include "framework-private.h"
#include "csv-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/framework.h>

struct cs_framework {
    GStringChunk *strings;
    cs_kpi_t *kpis;
    size_t n_kpis;
    cs_group_t *groups;
    size_t n_groups;
    cs_dimension_t *dims;
    size_t n_dims;
    GHashTable *by_code; /* code -> index + 1 */
    uint64_t shape;      /* see cs_framework_shape() */
};

/* FNV-1a over the codes and the group and dimension boundaries. */
static uint64_t
shape_of(const cs_framework_t *fw)
{
    uint64_t h = 14695981039346656037u;
#define MIX(byte) (h = (h ^ (uint8_t)(byte)) * 1099511628211u)
    for (size_t i = 0; i < fw->n_kpis; i++) {
        for (const char *p = fw->kpis[i].code; *p; p++)
            MIX(*p);
        MIX(0);
        MIX(fw->kpis[i].group);
        MIX(fw->kpis[i].group >> 8);
        MIX(fw->kpis[i].dimension);
    }
    MIX(fw->n_groups);
    MIX(fw->n_dims);
#undef MIX
    return h;
}

uint64_t
cs_framework_shape(const cs_framework_t *fw)
{
    return fw ? fw->shape : 0;
}

void
cs_framework_free(cs_framework_t *fw)
{
    if (!fw)
        return;
    if (fw->strings)
        g_string_chunk_free(fw->strings);
    if (fw->by_code)
        g_hash_table_destroy(fw->by_code);
    free(fw->kpis);
    free(fw->groups);
    free(fw->dims);
    free(fw);
}

static const char *
cell_text(const cs_csv_row_t *row, long col)
{
    const cs_csv_field_t *f = cs_csv_cell(row, col);
    return f ? f->text : "";
}

static cs_status_t
build(cs_csv_t *csv, cs_framework_t **out, cs_diag_t *diag)
{
    const char *name = cs_csv_name(csv);
    const cs_csv_row_t *hdr = cs_csv_header(csv);
    static const char *const required[] = {"code", "dimension", "group",
                                           "label", "direction"};
    long col[5];
    cs_status_t st = cs_csv_require(csv, required, G_N_ELEMENTS(required), col,
                                    "the header needs code, dimension, "
                                    "group, label, direction; unit and "
                                    "target are optional",
                                    diag);
    if (st != CS_OK)
        return st;
    long c_code = col[0], c_dim = col[1], c_group = col[2], c_label = col[3],
         c_dir = col[4];
    long c_unit = cs_csv_column(csv, "unit");
    long c_target = cs_csv_column(csv, "target");


    size_t n = cs_csv_row_count(csv);
    if (n == 0)
        return cs_csv_first_error(st, cs_diag_add(diag, CS_ERR_INVALID, name,
                                                  hdr->line, 1,
                                                  "framework has no KPI rows"));
    if (n > CS_FRAMEWORK_MAX_KPIS) {
        const cs_csv_row_t *over = cs_csv_row(csv, CS_FRAMEWORK_MAX_KPIS);
        return cs_csv_first_error(
            st, cs_diag_add(diag, CS_ERR_LIMIT, name, over->line, 1,
                            "framework has %zu KPI rows, more "
                            "than the limit of %u wedges",
                            n, CS_FRAMEWORK_MAX_KPIS));
    }

    cs_framework_t *fw = calloc(1, sizeof(*fw));
    if (!fw)
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    fw->strings = g_string_chunk_new(4096);
    fw->by_code = g_hash_table_new(g_str_hash, g_str_equal);
    fw->kpis = calloc(n, sizeof(cs_kpi_t));
    fw->groups = calloc(n, sizeof(cs_group_t));
    fw->dims = calloc(n, sizeof(cs_dimension_t));
    if (!fw->kpis || !fw->groups || !fw->dims) {
        cs_framework_free(fw);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    /* Names seen so far, to detect runs that reappear:
     * dimension name, and "dimension\x1fgroup". Code -> csv row + 1. */
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             NULL);
    GHashTable *code_rows = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                  g_free, NULL);
    int decimal_comma = cs_csv_decimal_comma(csv);
    char *cur_dim = NULL, *cur_group = NULL;

    for (size_t r = 0; r < n; r++) {
        const cs_csv_row_t *row = cs_csv_row(csv, r);
        st = cs_csv_first_error(st, cs_csv_check_row_width(csv, row, diag));
        unsigned l, c;
        const char *dir = cell_text(row, c_dir);
        int row_ok = 1;

        static const char *const what[] = {"code", "dimension", "group",
                                           "label", "direction"};
        char *vals[5];
        for (size_t i = 0; i < 5; i++) {
            vals[i] = g_strstrip(g_strdup(cell_text(row, col[i])));
            if (!vals[i][0]) {
                cs_csv_cell_pos(row, col[i], &l, &c);
                st = cs_csv_first_error(
                    st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                    "%s: empty %s", what[i], what[i]));
                row_ok = 0;
            }
        }
        char *code_s = vals[0], *dim_s = vals[1], *group_s = vals[2],
             *label_s = vals[3];
        if (cs_csv_check_label(csv, cs_csv_cell(row, c_label), "label",
                               diag) != CS_OK ||
            cs_csv_check_label(csv, cs_csv_cell(row, c_group), "group",
                               diag) != CS_OK ||
            cs_csv_check_label(csv, cs_csv_cell(row, c_dim), "dimension",
                               diag) != CS_OK) {
            st = cs_csv_first_error(st, CS_ERR_LIMIT);
            row_ok = 0;
        }

        cs_direction_t direction = CS_HIGHER_IS_BETTER;
        if (vals[4][0]) {
            if (!g_ascii_strcasecmp(vals[4], "higher"))
                direction = CS_HIGHER_IS_BETTER;
            else if (!g_ascii_strcasecmp(vals[4], "lower"))
                direction = CS_LOWER_IS_BETTER;
            else {
                cs_csv_cell_pos(row, c_dir, &l, &c);
                st = cs_csv_first_error(
                    st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                    "direction: '%s' is neither "
                                    "'higher' nor 'lower'",
                                    dir));
                row_ok = 0;
            }
        }

        double target = NAN;
        const char *ttext = cell_text(row, c_target);
        if (c_target >= 0 && !cs_csv_is_blank(ttext)) {
            const char *why = NULL;
            if (cs_csv_parse_number(ttext, decimal_comma, &target, &why) !=
                0) {
                cs_csv_cell_pos(row, c_target, &l, &c);
                st = cs_csv_first_error(
                    st, cs_diag_add(diag, CS_ERR_PARSE, name, l, c,
                                    "target: '%s': %s", ttext, why));
                row_ok = 0;
            }
        }

        if (code_s[0]) {
            gpointer prev = g_hash_table_lookup(code_rows, code_s);
            if (prev) {
                cs_csv_cell_pos(row, c_code, &l, &c);
                st = cs_csv_first_error(
                    st, cs_diag_add(
                            diag, CS_ERR_INVALID, name, l, c,
                            "code: duplicate code '%s' (first on "
                            "line %u)",
                            code_s,
                            cs_csv_row(csv, (size_t)GPOINTER_TO_SIZE(prev) - 1)
                                ->line));
                row_ok = 0;
            } else {
                g_hash_table_insert(code_rows, g_strdup(code_s),
                                    GSIZE_TO_POINTER(r + 1));
            }
        }

        /* Contiguity of dimensions and groups (checked on every row, also
         * after earlier errors). */
        int new_dim = 0, new_group = 0;
        if (dim_s[0] && group_s[0]) {
            new_dim = !cur_dim || strcmp(cur_dim, dim_s) != 0;
            new_group = new_dim || strcmp(cur_group, group_s) != 0;
            char *gkey = g_strconcat(dim_s, "\x1f", group_s, NULL);
            if (new_dim && g_hash_table_contains(seen, dim_s)) {
                cs_csv_cell_pos(row, c_dim, &l, &c);
                st = cs_csv_first_error(
                    st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                    "dimension: '%s' reappears after "
                                    "another dimension (rows of a "
                                    "dimension must be together)",
                                    dim_s));
                row_ok = 0;
            } else if (new_group && g_hash_table_contains(seen, gkey)) {
                cs_csv_cell_pos(row, c_group, &l, &c);
                st = cs_csv_first_error(
                    st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                    "group: '%s' reappears after another "
                                    "group of dimension '%s' (rows of a "
                                    "group must be together)",
                                    group_s, dim_s));
                row_ok = 0;
            }
            if (new_dim) {
                g_hash_table_add(seen, g_strdup(dim_s));
                g_free(cur_dim);
                cur_dim = g_strdup(dim_s);
            }
            if (new_group) {
                g_hash_table_add(seen, gkey);
                gkey = NULL;
                g_free(cur_group);
                cur_group = g_strdup(group_s);
            }
            g_free(gkey);
        } else {
            row_ok = 0;
        }

        if (row_ok && st == CS_OK) {
            /* Every earlier row was added too: KPI index == row index. */
            if (new_dim) {
                cs_dimension_t *d = &fw->dims[fw->n_dims++];
                d->name = g_string_chunk_insert_const(fw->strings, dim_s);
                d->first_group = fw->n_groups;
                d->first_kpi = fw->n_kpis;
            }
            if (new_group) {
                cs_group_t *g = &fw->groups[fw->n_groups++];
                g->name = g_string_chunk_insert_const(fw->strings, group_s);
                g->dimension = fw->n_dims - 1;
                g->first_kpi = fw->n_kpis;
                fw->dims[fw->n_dims - 1].n_groups++;
            }
            cs_kpi_t *k = &fw->kpis[fw->n_kpis++];
            k->code = g_string_chunk_insert_const(fw->strings, code_s);
            k->label = g_string_chunk_insert_const(fw->strings, label_s);
            char *unit_s = g_strstrip(g_strdup(cell_text(row, c_unit)));
            k->unit = g_string_chunk_insert_const(fw->strings, unit_s);
            g_free(unit_s);
            k->direction = direction;
            k->target = target;
            k->group = fw->n_groups - 1;
            k->dimension = fw->n_dims - 1;
            fw->groups[fw->n_groups - 1].n_kpis++;
            fw->dims[fw->n_dims - 1].n_kpis++;
        }
        for (size_t i = 0; i < 5; i++)
            g_free(vals[i]);
    }
    g_free(cur_dim);
    g_free(cur_group);
    g_hash_table_destroy(seen);
    g_hash_table_destroy(code_rows);
    if (st != CS_OK) {
        cs_framework_free(fw);
        return st;
    }
    for (size_t i = 0; i < fw->n_kpis; i++)
        g_hash_table_insert(fw->by_code, (gpointer)fw->kpis[i].code,
                            GSIZE_TO_POINTER(i + 1));
    fw->shape = shape_of(fw);
    *out = fw;
    return CS_OK;
}

cs_status_t
cs_framework_relabel(const cs_framework_t *fw, const char *const *kpi_labels,
                     const char *const *group_names,
                     const char *const *dim_names, const char *name,
                     cs_framework_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!fw || !out)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "cs_framework_relabel: NULL argument");
    static const char *const what[] = {"KPI label", "group name",
                                       "dimension name"};
    const char *const *lists[] = {kpi_labels, group_names, dim_names};
    size_t counts[] = {fw->n_kpis, fw->n_groups, fw->n_dims};
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; lists[k] && i < counts[k]; i++) {
            const char *why =
                lists[k][i] ? cs_csv_label_problem(lists[k][i]) : NULL;
            if (why)
                return cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                                   "%s %zu %s", what[k], i + 1, why);
        }
    }
    cs_framework_t *c = calloc(1, sizeof(*c));
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    c->strings = g_string_chunk_new(4096);
    c->by_code = g_hash_table_new(g_str_hash, g_str_equal);
    c->kpis = malloc(fw->n_kpis * sizeof(cs_kpi_t));
    c->groups = malloc(fw->n_groups * sizeof(cs_group_t));
    c->dims = malloc(fw->n_dims * sizeof(cs_dimension_t));
    if (!c->kpis || !c->groups || !c->dims) {
        cs_framework_free(c);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    c->n_kpis = fw->n_kpis;
    c->n_groups = fw->n_groups;
    c->n_dims = fw->n_dims;
    c->shape = fw->shape; /* same codes and boundaries */
    GStringChunk *sc = c->strings;
#define PICK(list, i, dflt) ((list) && (list)[i] ? (list)[i] : (dflt))
    for (size_t i = 0; i < c->n_kpis; i++) {
        c->kpis[i] = fw->kpis[i];
        c->kpis[i].code = g_string_chunk_insert_const(sc, fw->kpis[i].code);
        c->kpis[i].label = g_string_chunk_insert_const(
            sc, PICK(kpi_labels, i, fw->kpis[i].label));
        c->kpis[i].unit = g_string_chunk_insert_const(sc, fw->kpis[i].unit);
        g_hash_table_insert(c->by_code, (gpointer)c->kpis[i].code,
                            GSIZE_TO_POINTER(i + 1));
    }
    for (size_t i = 0; i < c->n_groups; i++) {
        c->groups[i] = fw->groups[i];
        c->groups[i].name = g_string_chunk_insert_const(
            sc, PICK(group_names, i, fw->groups[i].name));
    }
    for (size_t i = 0; i < c->n_dims; i++) {
        c->dims[i] = fw->dims[i];
        c->dims[i].name = g_string_chunk_insert_const(
            sc, PICK(dim_names, i, fw->dims[i].name));
    }
#undef PICK
    *out = c;
    return CS_OK;
}

static cs_status_t
build_cb(const void *ctx, cs_csv_t *csv, void *out, cs_diag_t *diag)
{
    (void)ctx;
    return build(csv, out, diag);
}

cs_status_t
cs_framework_load_buffer(const char *name, const char *data, size_t len,
                         cs_framework_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0, "no output pointer");
    *out = NULL;
    return cs_csv_load(name, 0, data, len, build_cb, NULL, out, diag);
}

cs_status_t
cs_framework_load(const char *path, cs_framework_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0, "no output pointer");
    *out = NULL;
    if (!path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, "no file name");
    return cs_csv_load(path, 1, NULL, 0, build_cb, NULL, out, diag);
}

size_t
cs_framework_kpi_count(const cs_framework_t *fw)
{
    return fw ? fw->n_kpis : 0;
}

const cs_kpi_t *
cs_framework_get_kpi(const cs_framework_t *fw, size_t i)
{
    return fw && i < fw->n_kpis ? &fw->kpis[i] : NULL;
}

size_t
cs_framework_group_count(const cs_framework_t *fw)
{
    return fw ? fw->n_groups : 0;
}

const cs_group_t *
cs_framework_get_group(const cs_framework_t *fw, size_t i)
{
    return fw && i < fw->n_groups ? &fw->groups[i] : NULL;
}

size_t
cs_framework_dimension_count(const cs_framework_t *fw)
{
    return fw ? fw->n_dims : 0;
}

const cs_dimension_t *
cs_framework_get_dimension(const cs_framework_t *fw, size_t i)
{
    return fw && i < fw->n_dims ? &fw->dims[i] : NULL;
}

long
cs_framework_find(const cs_framework_t *fw, const char *code)
{
    if (!fw || !code)
        return -1;
    gpointer p = g_hash_table_lookup(fw->by_code, code);
    return p ? (long)GPOINTER_TO_SIZE(p) - 1 : -1;
}
