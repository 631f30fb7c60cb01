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

/* Device names Windows reserves in every folder, also with an extension
 * ("CON.png", "nul.tar.gz"): files so named cannot be copied there nor to
 * a Windows share. */
static int
windows_reserved(const char *id)
{
    static const char *const names[] = {"CON", "PRN", "AUX", "NUL"};
    size_t n = strcspn(id, ".");
    while (n > 0 && id[n - 1] == ' ')
        n--; /* "CON .png" is CON too */
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (n == 3 && !g_ascii_strncasecmp(id, names[i], 3))
            return 1;
    if (n >= 4 && (!g_ascii_strncasecmp(id, "COM", 3) ||
                   !g_ascii_strncasecmp(id, "LPT", 3))) {
        const char *d = id + 3;
        /* a digit, or a superscript 1, 2, 3 (U+00B9, U+00B2, U+00B3) */
        if (n == 4 && g_ascii_isdigit(*d))
            return 1;
        if (n == 5 && (unsigned char)d[0] == 0xC2 &&
            ((unsigned char)d[1] == 0xB9 || (unsigned char)d[1] == 0xB2 ||
             (unsigned char)d[1] == 0xB3))
            return 1;
    }
    return 0;
}

/* Why @id (NFC) cannot name an output file, in @why, or 0 when it can. */
static int
id_problem(const char *id, char *why, size_t why_len)
{
    const char *w = NULL;
    size_t len = id ? strlen(id) : 0;
    if (!id || !*id)
        w = "is empty";
    else if (len > CS_ID_MAX_BYTES)
        w = "is longer than 128 bytes";
    else if (!g_utf8_validate(id, (gssize)len, NULL))
        w = "is not valid UTF-8";
    else if (strpbrk(id, "/\\:"))
        w = "contains '/', '\\' or ':'";
    else if (strpbrk(id, "<>\"|?*"))
        w = "contains a character that Windows does not allow in file "
            "names (< > \" | ? *)";
    else if (strstr(id, ".."))
        w = "contains '..'";
    else if (id[0] == '.' || id[0] == '-')
        w = "starts with '.' or '-'";
    else if (has_control(id))
        w = "contains a control character";
    else if (g_ascii_isspace(id[0]) || g_ascii_isspace(id[len - 1]))
        w = "starts or ends with a space";
    else if (id[len - 1] == '.')
        w = "ends with '.' (Windows drops it)";
    else if (windows_reserved(id))
        w = "is a device name that Windows reserves (CON, PRN, AUX, NUL, "
            "COM1-9, LPT1-9, also with an extension)";
    if (w) {
        g_strlcpy(why, w, why_len);
        return 1;
    }
    /* invisible characters: two ids that look the same must not name two
     * files (the one list of such characters is cs_hidden_char_kind) */
    for (const char *p = id; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        const char *kind = c == ' ' ? NULL : cs_hidden_char_kind(c);
        if (kind) {
            g_snprintf(why, why_len,
                       "contains an invisible character U+%04X (%s)",
                       (unsigned)c, kind);
            return 1;
        }
    }
    return 0;
}

/* @id in Unicode NFC, the form ids are compared and stored in (a macOS
 * file name in NFD and its NFC spelling are one id). g_free; NULL when
 * @id is not UTF-8. */
static char *
id_nfc(const char *id)
{
    return id ? g_utf8_normalize(id, -1, G_NORMALIZE_NFC) : NULL;
}

cs_status_t
cs_manifest_check_id(const char *id, cs_diag_t *diag)
{
    if (!id)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_manifest_check_id: NULL argument");
    char why[160];
    char *nfc = id_nfc(id);
    int bad = id_problem(nfc ? nfc : id, why, sizeof why);
    g_free(nfc);
    if (bad)
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
    long ycol = cs_csv_column(csv, "year");

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
        char why[160];
        char *nfc = id_nfc(fid->text);
        if (id_problem(nfc ? nfc : fid->text, why, sizeof why)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fid->line,
                             fid->column,
                             "id '%s' %s (ids name output files)",
                             fid->text, why);
            bad = 1;
        } else {
            /* unique ignoring case, after NFC */
            char *folded = g_utf8_casefold(nfc, -1);
            char *fold = id_nfc(folded);
            g_free(folded);
            unsigned prev = GPOINTER_TO_UINT(g_hash_table_lookup(ids, fold));
            if (prev) {
                st = cs_diag_add(diag, CS_ERR_INVALID, name, fid->line,
                                 fid->column,
                                 "duplicate id '%s' (first on line %u; ids "
                                 "are compared ignoring case, in Unicode "
                                 "NFC)",
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
        const cs_csv_field_t *fyear = ycol >= 0 ? cs_csv_cell(row, ycol)
                                                : NULL;
        int year = 0;
        if (fyear && !cs_csv_is_blank(fyear->text) &&
            cs_year_parse(fyear->text, &year)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fyear->line,
                             fyear->column,
                             "year: '%s' is not a year from 1900 to 2999",
                             fyear->text);
            bad = 1;
        }
        if (bad) {
            if (first == CS_OK)
                first = st;
            g_free(nfc);
            continue;
        }
        cs_manifest_entry_t *e = &m->entries[m->n++];
        e->id = g_string_chunk_insert(m->strings, nfc);
        g_free(nfc);
        e->name = g_string_chunk_insert(m->strings, fname->text);
        e->file = resolve(m, dir, ffile->text);
        e->targets = ftarg && !cs_csv_is_blank(ftarg->text)
                         ? resolve(m, dir, ftarg->text)
                         : NULL;
        e->previous = fprev && !cs_csv_is_blank(fprev->text)
                          ? resolve(m, dir, fprev->text)
                          : NULL;
        e->previous_column = fprev ? fprev->column : 0;
        e->year = year;
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
