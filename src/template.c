/* SPDX-License-Identifier: MIT */
/*
 * The fill-in template (cs_template_build): every wedge in wheel order with
 * its code, dimension, group, name, unit and direction, and empty value,
 * target and band columns. The importer reads it back unchanged: its
 * column names are ones the importer knows, in English or Norwegian.
 */
#include "cs-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/import.h>

static void
field(GString *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
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

/* The template as rows of cells (row 0: the column names). */
static GPtrArray *
template_rows(const cs_framework_t *fw, const cs_framework_t *names,
              int nb)
{
    static const char *const en[] = {"code", "dimension", "group", "name",
                                     "unit", "direction", "value", "target",
                                     "band"};
    static const char *const no[] = {"kode", "dimensjon", "gruppe", "navn",
                                     "enhet", "retning", "verdi",
                                     "m\xc3\xa5l", "b\xc3\xa5nd"};
    GPtrArray *rows = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_strfreev);
    char **h = g_new0(char *, 10);
    for (size_t i = 0; i < 9; i++)
        h[i] = g_strdup(nb ? no[i] : en[i]);
    g_ptr_array_add(rows, h);
    for (size_t k = 0; k < cs_framework_kpi_count(fw); k++) {
        const cs_kpi_t *kp = cs_framework_get_kpi(fw, k);
        const cs_kpi_t *nk = cs_framework_get_kpi(names, k);
        char **r = g_new0(char *, 10);
        r[0] = g_strdup(kp->code);
        r[1] = g_strdup(cs_framework_get_dimension(names, nk->dimension)->name);
        r[2] = g_strdup(cs_framework_get_group(names, nk->group)->name);
        r[3] = g_strdup(nk->label);
        r[4] = g_strdup(kp->unit);
        r[5] = g_strdup(kp->direction == CS_LOWER_IS_BETTER
                            ? (nb ? "lavere" : "lower")
                            : (nb ? "h\xc3\xb8yere" : "higher"));
        for (size_t i = 6; i < 9; i++)
            r[i] = g_strdup("");
        g_ptr_array_add(rows, r);
    }
    return rows;
}

cs_status_t cs_template_xlsx(GPtrArray *rows, char **data, size_t *len,
                             cs_diag_t *diag);

cs_status_t
cs_template_build(const cs_framework_t *fw, const cs_framework_t *names,
                  const char *lang, cs_template_format_t fmt, char **data,
                  size_t *len, cs_diag_t *diag)
{
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (!fw || !data || !len || (unsigned)fmt >= CS_TEMPLATE_FORMAT_COUNT)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no framework, format or output pointer");
    if (!names)
        names = fw;
    if (cs_framework_kpi_count(names) != cs_framework_kpi_count(fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "the translated framework has other KPIs");
    int nb = lang && !strcmp(lang, "nb");
    GPtrArray *rows = template_rows(fw, names, nb);
    cs_status_t st = CS_OK;
    if (fmt == CS_TEMPLATE_CSV) {
        GString *o = g_string_new(NULL);
        for (size_t r = 0; r < rows->len; r++) {
            char **cells = rows->pdata[r];
            for (size_t i = 0; cells[i]; i++) {
                if (i)
                    g_string_append_c(o, ',');
                field(o, cells[i]);
            }
            g_string_append_c(o, '\n');
        }
        *len = o->len;
        *data = malloc(o->len + 1);
        if (*data)
            memcpy(*data, o->str, o->len + 1);
        else
            st = cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        g_string_free(o, TRUE);
    } else {
        st = cs_template_xlsx(rows, data, len, diag);
    }
    g_ptr_array_free(rows, TRUE);
    return st;
}
