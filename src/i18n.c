/* SPDX-License-Identifier: MIT */
/* Translations of the wheel's texts (see i18n.h). */
#include <citysnap/i18n.h>
#include <citysnap/describe.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "framework-private.h"
#include "csv-private.h"

struct cs_translation {
    char *lang;
    GHashTable *map; /* "kind\nkey" -> text */
};

/* A sentence frame "describe.FIELD": it must be a frame citysnap has, and
 * its {placeholders} must be ones the English frame has, each closed.
 * Reported at the text's field, with the character of the text where the
 * placeholder starts (a quoted field's column is its quote's). */
static cs_status_t
check_frame(const char *name, const cs_csv_field_t *key,
            const cs_csv_field_t *f, cs_diag_t *diag)
{
    const char *field = key->text + strlen("describe.");
    const char *def = cs_describe_words_default(field);
    if (!def)
        return cs_diag_add(diag, CS_ERR_PARSE, name, key->line, key->column,
                           "unknown sentence frame '%s'", key->text);
    for (const char *p = f->text; *p; p++) {
        if (*p != '{')
            continue;
        long at = g_utf8_strlen(f->text, p - f->text) + 1;
        const char *e = p + 1;
        while (*e && *e != '}' && *e != '{')
            e++;
        if (*e != '}')
            return cs_diag_add(diag, CS_ERR_PARSE, name, f->line, f->column,
                               "'{' without a closing '}' at character %ld "
                               "of the text of '%s'",
                               at, key->text);
        char *ph = g_strndup(p, (gsize)(e - p + 1)); /* "{name}" */
        int known = strstr(def, ph) != NULL;
        if (!known) {
            GString *have = g_string_new(NULL);
            for (const char *q = strchr(def, '{'); q; q = strchr(q + 1, '{')) {
                const char *qe = strchr(q, '}');
                if (!qe)
                    break;
                g_string_append_printf(have, "%s%.*s", have->len ? ", " : "",
                                       (int)(qe - q + 1), q);
            }
            cs_diag_add(diag, CS_ERR_PARSE, name, f->line, f->column,
                        "unknown placeholder %s at character %ld of the "
                        "text of '%s' (it has: %s)",
                        ph, at, key->text, have->len ? have->str : "none");
            g_string_free(have, TRUE);
            g_free(ph);
            return CS_ERR_PARSE;
        }
        g_free(ph);
        p = e;
    }
    return CS_OK;
}

static const char *const known_kinds[] = {"kpi",    "dimension", "group",
                                          "legend", "source",    "text"};

void
cs_translation_free(cs_translation_t *t)
{
    if (!t)
        return;
    if (t->map)
        g_hash_table_destroy(t->map);
    g_free(t->lang);
    g_free(t);
}

cs_status_t
cs_translation_load_buffer(const char *name, const char *lang,
                           const char *data, size_t len,
                           cs_translation_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0, "no output pointer");
    *out = NULL;
    if (!lang || !*lang)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "no language given for the translation");
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer(name, data, len, &csv, diag);
    if (st != CS_OK)
        return st;
    long ck = cs_csv_column(csv, "kind"), cy = cs_csv_column(csv, "key"),
         ct = cs_csv_column(csv, "text");
    if (ck < 0 || cy < 0 || ct < 0) {
        unsigned hline = cs_csv_header(csv)->line; /* before the free */
        cs_csv_free(csv);
        return cs_diag_add(diag, CS_ERR_PARSE, name, hline, 1,
                           "the header must have the columns kind, key and "
                           "text");
    }
    st = cs_csv_check_widths(csv, diag);
    cs_translation_t *t = g_new0(cs_translation_t, 1);
    t->lang = g_strdup(lang);
    t->map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (size_t i = 0; st == CS_OK && i < cs_csv_row_count(csv); i++) {
        const cs_csv_row_t *row = cs_csv_row(csv, i);
        const cs_csv_field_t *k = cs_csv_cell(row, ck);
        const cs_csv_field_t *y = cs_csv_cell(row, cy);
        const cs_csv_field_t *x = cs_csv_cell(row, ct);
        if (!k || !y || !x)
            continue;
        int known = 0;
        for (size_t j = 0; j < G_N_ELEMENTS(known_kinds); j++)
            known |= !strcmp(k->text, known_kinds[j]);
        if (!known) {
            st = cs_diag_add(diag, CS_ERR_PARSE, name, k->line, k->column,
                             "unknown kind '%s' (kpi, dimension, group, "
                             "legend, source, text)",
                             k->text);
            break;
        }
        if (cs_csv_is_blank(y->text) || cs_csv_is_blank(x->text)) {
            st = cs_diag_add(diag, CS_ERR_PARSE, name, row->line, 1,
                             "empty key or text");
            break;
        }
        if (!strcmp(k->text, "legend")) {
            cs_band_t b;
            if (cs_band_from_key(y->text, &b, NULL)) {
                st = cs_diag_add(diag, CS_ERR_PARSE, name, y->line,
                                 y->column, "unknown band '%s'", y->text);
                break;
            }
        }
        st = cs_csv_check_label(csv, x, "text", diag);
        if (st == CS_OK && !strcmp(k->text, "text") &&
            g_str_has_prefix(y->text, "describe."))
            st = check_frame(name, y, x, diag);
        if (st != CS_OK)
            break;
        char *id = g_strdup_printf("%s\n%s", k->text, y->text);
        if (g_hash_table_contains(t->map, id)) {
            st = cs_diag_add(diag, CS_ERR_PARSE, name, y->line, y->column,
                             "%s '%s' is translated twice", k->text,
                             y->text);
            g_free(id);
            break;
        }
        g_hash_table_insert(t->map, id, g_strdup(x->text));
    }
    cs_csv_free(csv);
    if (st != CS_OK) {
        cs_translation_free(t);
        return st;
    }
    *out = t;
    return CS_OK;
}

cs_status_t
cs_translation_load(const char *path, const char *lang,
                    cs_translation_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0, "no output pointer");
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    cs_status_t st = cs_read_file(path, CS_CSV_MAX_BYTES, &data, &len, diag);
    if (st != CS_OK)
        return st;
    st = cs_translation_load_buffer(path, lang, data, len, out, diag);
    free(data);
    return st;
}

const char *
cs_translation_lang(const cs_translation_t *t)
{
    return t ? t->lang : NULL;
}

const char *
cs_translation_get(const cs_translation_t *t, const char *kind,
                   const char *key)
{
    if (!t || !kind || !key)
        return NULL;
    char *id = g_strdup_printf("%s\n%s", kind, key);
    const char *v = g_hash_table_lookup(t->map, id);
    g_free(id);
    return v;
}

static const char *
tr(const cs_translation_t *t, const char *kind, const char *key,
   size_t *missing)
{
    const char *v = cs_translation_get(t, kind, key);
    if (!v)
        (*missing)++;
    return v; /* NULL: the framework's own text stays */
}

cs_status_t
cs_translation_framework(const cs_translation_t *t, const cs_framework_t *fw,
                         cs_framework_t **out, size_t *missing,
                         cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!t || !fw || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_translation_framework: NULL argument");
    size_t nk = cs_framework_kpi_count(fw), ng = cs_framework_group_count(fw),
           nd = cs_framework_dimension_count(fw);
    const char **labels = g_new0(const char *, nk + 1);
    const char **groups = g_new0(const char *, ng + 1);
    const char **dims = g_new0(const char *, nd + 1);
    size_t miss = 0;
    for (size_t i = 0; i < nk; i++)
        labels[i] = tr(t, "kpi", cs_framework_get_kpi(fw, i)->code, &miss);
    for (size_t i = 0; i < ng; i++)
        groups[i] = tr(t, "group", cs_framework_get_group(fw, i)->name, &miss);
    for (size_t i = 0; i < nd; i++)
        dims[i] = tr(t, "dimension", cs_framework_get_dimension(fw, i)->name,
                     &miss);
    char *name = g_strdup_printf("<framework, %s>", t->lang);
    cs_status_t st =
        cs_framework_relabel(fw, labels, groups, dims, name, out, diag);
    g_free(name);
    g_free(labels);
    g_free(groups);
    g_free(dims);
    if (missing)
        *missing = miss;
    return st;
}

void
cs_translation_band_labels(const cs_translation_t *t,
                           const char *labels[CS_BAND_COUNT])
{
    for (int i = 0; labels && i < CS_BAND_COUNT; i++)
        labels[i] = cs_translation_get(t, "legend",
                                       cs_band_key((cs_band_t)i));
}
