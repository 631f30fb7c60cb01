/* SPDX-License-Identifier: MIT */
/* Manifests of cities (batch rendering input). */
#include <citysnap/batch.h>

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "csv-private.h"

struct cs_manifest {
    GStringChunk *strings;
    cs_manifest_entry_t *entries;
    size_t n;
};

void
cs_manifest_free(cs_manifest_t *m)
{
    if (!m)
        return;
    if (m->strings)
        g_string_chunk_free(m->strings);
    free(m->entries);
    free(m);
}

size_t
cs_manifest_count(const cs_manifest_t *m)
{
    return m ? m->n : 0;
}

const cs_manifest_entry_t *
cs_manifest_get(const cs_manifest_t *m, size_t i)
{
    return m && i < m->n ? &m->entries[i] : NULL;
}

static int
has_control(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_type(c) == G_UNICODE_CONTROL ||
            c == 0x2028 || c == 0x2029)
            return 1;
    }
    return 0;
}

/* Why @id cannot name an output file, or NULL when it can. */
static const char *
id_problem(const char *id)
{
    if (!id || !*id)
        return "is empty";
    size_t len = strlen(id);
    if (len > CS_ID_MAX_BYTES)
        return "is longer than 128 bytes";
    if (!g_utf8_validate(id, (gssize)len, NULL))
        return "is not valid UTF-8";
    if (strpbrk(id, "/\\:"))
        return "contains '/', '\\' or ':'";
    if (strstr(id, ".."))
        return "contains '..'";
    if (id[0] == '.' || id[0] == '-')
        return "starts with '.' or '-'";
    if (has_control(id))
        return "contains a control character";
    if (g_ascii_isspace(id[0]) || g_ascii_isspace(id[len - 1]))
        return "starts or ends with a space";
    return NULL;
}

cs_status_t
cs_manifest_check_id(const char *id, cs_diag_t *diag)
{
    if (!id)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_manifest_check_id: NULL argument");
    const char *why = id_problem(id);
    if (why)
        return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0, "id '%s' %s",
                           id, why);
    return CS_OK;
}

static const char *
resolve(cs_manifest_t *m, const char *dir, const char *rel)
{
    if (g_path_is_absolute(rel) || !dir || !*dir)
        return g_string_chunk_insert(m->strings, rel);
    char *p = g_build_filename(dir, rel, NULL);
    const char *s = g_string_chunk_insert(m->strings, p);
    g_free(p);
    return s;
}

cs_status_t
cs_manifest_load_buffer(const char *name, const char *dir, const char *data,
                        size_t len, cs_manifest_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0, "no output pointer");
    *out = NULL;
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer(name, data, len, &csv, diag);
    if (st != CS_OK)
        return st;
    cs_status_t first = cs_csv_check_widths(csv, diag);
    const cs_csv_row_t *hdr = cs_csv_header(csv);
    static const char *const required[] = {"id", "name", "file"};
    long col[3];
    first = cs_csv_first_error(
        first, cs_csv_require(csv, required, 3, col,
                              "a manifest needs id,name,file and "
                              "optionally targets",
                              diag));
    if (first != CS_OK && (col[0] < 0 || col[1] < 0 || col[2] < 0)) {
        cs_csv_free(csv);
        return first;
    }
    long tcol = cs_csv_column(csv, "targets");
    long pcol = cs_csv_column(csv, "previous");

    cs_manifest_t *m = calloc(1, sizeof(*m));
    size_t rows = cs_csv_row_count(csv);
    if (!m || !(m->entries = calloc(rows ? rows : 1, sizeof(*m->entries)))) {
        free(m);
        cs_csv_free(csv);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    m->strings = g_string_chunk_new(1024);
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            NULL);
    for (size_t r = 0; r < rows; r++) {
        const cs_csv_row_t *row = cs_csv_row(csv, r);
        const cs_csv_field_t *fid = cs_csv_cell(row, col[0]);
        const cs_csv_field_t *fname = cs_csv_cell(row, col[1]);
        const cs_csv_field_t *ffile = cs_csv_cell(row, col[2]);
        const cs_csv_field_t *ftarg = tcol >= 0 ? cs_csv_cell(row, tcol)
                                                : NULL;
        const cs_csv_field_t *fprev = pcol >= 0 ? cs_csv_cell(row, pcol)
                                                : NULL;
        if (!fid || !fname || !ffile)
            continue; /* already reported by the width check */
        int bad = 0;
        const char *why = id_problem(fid->text);
        if (why) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fid->line,
                             fid->column,
                             "id '%s' %s (ids name output files)",
                             fid->text, why);
            bad = 1;
        } else {
            char *fold = g_utf8_casefold(fid->text, -1);
            unsigned prev = GPOINTER_TO_UINT(g_hash_table_lookup(ids, fold));
            if (prev) {
                st = cs_diag_add(diag, CS_ERR_INVALID, name, fid->line,
                                 fid->column,
                                 "duplicate id '%s' (first on line %u)",
                                 fid->text, prev);
                bad = 1;
                g_free(fold);
            } else {
                g_hash_table_insert(ids, fold, GUINT_TO_POINTER(fid->line));
            }
        }
        if (cs_csv_is_blank(fname->text)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fname->line,
                             fname->column, "empty city name");
            bad = 1;
        } else if (has_control(fname->text)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fname->line,
                             fname->column,
                             "city name contains a control character");
            bad = 1;
        } else if (cs_csv_check_label(csv, fname, "city name", diag) !=
                   CS_OK) {
            st = CS_ERR_LIMIT;
            bad = 1;
        }
        if (cs_csv_is_blank(ffile->text)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, ffile->line,
                             ffile->column, "empty data file name");
            bad = 1;
        }
        if (bad) {
            if (first == CS_OK)
                first = st;
            continue;
        }
        cs_manifest_entry_t *e = &m->entries[m->n++];
        e->id = g_string_chunk_insert(m->strings, fid->text);
        e->name = g_string_chunk_insert(m->strings, fname->text);
        e->file = resolve(m, dir, ffile->text);
        e->targets = ftarg && !cs_csv_is_blank(ftarg->text)
                         ? resolve(m, dir, ftarg->text)
                         : NULL;
        e->previous = fprev && !cs_csv_is_blank(fprev->text)
                          ? resolve(m, dir, fprev->text)
                          : NULL;
        e->previous_column = fprev ? fprev->column : 0;
        e->manifest = g_string_chunk_insert(m->strings, name);
        e->line = row->line;
        e->file_column = ffile->column;
    }
    g_hash_table_destroy(ids);
    if (first == CS_OK && m->n == 0)
        first = cs_diag_add(diag, CS_ERR_INVALID, name, hdr->line, 1,
                            "the manifest lists no city");
    cs_csv_free(csv);
    if (first != CS_OK) {
        cs_manifest_free(m);
        return first;
    }
    *out = m;
    return CS_OK;
}

cs_status_t
cs_manifest_load(const char *path, cs_manifest_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0, "no output pointer");
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    cs_status_t st = cs_read_file(path, CS_CSV_MAX_BYTES, &data, &len, diag);
    if (st != CS_OK)
        return st;
    char *dir = g_path_get_dirname(path);
    st = cs_manifest_load_buffer(path, dir, data, len, out, diag);
    g_free(dir);
    free(data);
    return st;
}
