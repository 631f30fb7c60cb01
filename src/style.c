/* SPDX-License-Identifier: MIT */
/* Styles: loads GLib key files with the look of the wheel (see style.h);
 * style-apply.c checks their values and applies them. */
#include <citysnap/style.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "bands-private.h"
#include "cs-private.h"
#include "cs-gettext.h"
#include "csv-private.h"
#include "layout-private.h"
#include "style-private.h"

#define STYLE_MAX_BYTES (1u << 20)

/* ---- loading -------------------------------------------------------------- */

static void
entry_clear(cs_style_entry_t *e)
{
    g_free(e->group);
    g_free(e->key);
    g_free(e->value);
}

void
cs_style_free(cs_style_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        entry_clear(&s->e[i]);
    g_free(s->e);
    g_free(s->name);
    g_free(s->file);
    g_free(s);
}

/* Scans the key-file syntax line by line: groups, keys and their lines;
 * syntax errors and duplicates are reported with their line. */
static GArray *
scan(cs_style_ctx_t *c, const char *data, size_t len)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(cs_style_entry_t));
    char *group = NULL;
    unsigned line = 0;
    size_t i = 0;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             NULL);
    while (i < len) {
        size_t j = i;
        while (j < len && data[j] != '\n')
            j++;
        line++;
        char *l = g_strndup(data + i, j - i);
        i = j + 1;
        if (!g_utf8_validate(l, -1, NULL)) {
            cs_diag_add(c->diag, CS_ERR_PARSE, c->file, line, 0,
                        "invalid UTF-8");
            c->errors++;
            g_free(l);
            continue;
        }
        /* GKeyFile rejects control characters in group and key names
         * without saying where: report them here, with the line. */
        const char *cc = l;
        while (*cc && ((unsigned char)*cc >= 0x20 || *cc == '\t' ||
                       *cc == '\r') &&
               *cc != 0x7f)
            cc++;
        if (*cc) {
            cs_diag_add(c->diag, CS_ERR_PARSE, c->file, line, 0,
                        "control character 0x%02X", (unsigned char)*cc);
            c->errors++;
            g_free(l);
            continue;
        }
        g_strstrip(l);
        if (!*l || *l == '#') {
            g_free(l);
            continue;
        }
        if (*l == '[') {
            size_t n = strlen(l);
            int cntrl = 0; /* GKeyFile: no control characters in names */
            for (size_t k = 1; k + 1 < n; k++)
                cntrl |= g_ascii_iscntrl(l[k]);
            if (n < 3 || l[n - 1] != ']' || strpbrk(l + 1, "[") ||
                strchr(l + 1, ']') != l + n - 1 || cntrl) {
                cs_diag_add(c->diag, CS_ERR_PARSE, c->file, line, 0,
                            "malformed group header '%s'", l);
                c->errors++;
            } else {
                g_free(group);
                group = g_strndup(l + 1, n - 2);
                g_strstrip(group);
            }
            g_free(l);
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq || eq == l) {
            cs_diag_add(c->diag, CS_ERR_PARSE, c->file, line, 0,
                        "expected 'key = value', '[group]' or a '#' "
                        "comment, got '%s'",
                        l);
            c->errors++;
            g_free(l);
            continue;
        }
        if (!group) {
            cs_diag_add(c->diag, CS_ERR_PARSE, c->file, line, 0,
                        "key before the first [group]");
            c->errors++;
            g_free(l);
            continue;
        }
        *eq = 0;
        g_strstrip(l);
        if (strpbrk(l, "[]")) { /* GKeyFile: locale suffixes only */
            cs_diag_add(c->diag, CS_ERR_PARSE, c->file, line, 0,
                        "invalid key name '%s'", l);
            c->errors++;
            g_free(l);
            continue;
        }
        char *id = g_strdup_printf("%s\n%s", group, l);
        if (g_hash_table_contains(seen, id)) {
            cs_diag_add(c->diag, CS_ERR_PARSE, c->file, line, 0,
                        "[%s] %s is given twice", group, l);
            c->errors++;
            g_free(id);
        } else {
            g_hash_table_add(seen, id);
            cs_style_entry_t e = {g_strdup(group), g_strdup(l), NULL, line};
            g_array_append_val(a, e);
        }
        g_free(l);
    }
    g_hash_table_destroy(seen);
    g_free(group);
    return a;
}

cs_status_t
cs_style_load_buffer(const char *name, const char *data, size_t len,
                     cs_style_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0, "no output pointer");
    *out = NULL;
    if (!data)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0, "no style data");
    if (len > STYLE_MAX_BYTES)
        return cs_diag_add(diag, CS_ERR_LIMIT, name, 0, 0,
                           "style file larger than %u bytes",
                           STYLE_MAX_BYTES);
    cs_style_ctx_t c = {name ? name : "<style>", diag, 0};
    /* a byte order mark (Notepad writes one) is not part of the text */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    const char *nul = memchr(data, 0, len);
    if (nul) {
        unsigned line = 1;
        for (const char *p = data; p < nul; p++)
            if (*p == '\n')
                line++;
        return cs_diag_add(diag, CS_ERR_PARSE, c.file, line, 0,
                           "style file contains a NUL byte (is it UTF-16? "
                           "save it as UTF-8)");
    }
    GArray *a = scan(&c, data, len);
    cs_style_t *s = g_new0(cs_style_t, 1);
    s->file = g_strdup(c.file);
    s->n = a->len;
    s->e = (cs_style_entry_t *)g_array_free(a, FALSE);
    if (c.errors == 0) {
        GKeyFile *kf = g_key_file_new();
        GError *err = NULL;
        if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE,
                                       &err)) {
            cs_diag_add(diag, CS_ERR_PARSE, c.file, 0, 0, "%s",
                        err->message);
            c.errors++;
            g_clear_error(&err);
        }
        for (size_t i = 0; c.errors == 0 && i < s->n; i++) {
            cs_style_entry_t *e = &s->e[i];
            e->value = g_key_file_get_string(kf, e->group, e->key, &err);
            if (!e->value) {
                cs_diag_add(diag, CS_ERR_PARSE, c.file, e->line, 0,
                            "[%s] %s: %s", e->group, e->key,
                            err ? err->message : "invalid value");
                g_clear_error(&err);
                c.errors++;
                e->value = g_strdup("");
            }
        }
        g_key_file_free(kf);
    }
    for (size_t i = 0; i < s->n; i++)
        if (!s->e[i].value)
            s->e[i].value = g_strdup("");
    if (c.errors == 0) {
        cs_render_options_t o;
        cs_render_options_init(&o);
        cs_style_apply_all(&c, s, &o);
        if (c.errors == 0)
            cs_style_cross_checks(&c, s, &o);
    }
    if (c.errors) {
        cs_style_free(s);
        return CS_ERR_PARSE;
    }
    const cs_style_entry_t *n = cs_style_find(s, "style", "name");
    if (n && *n->value) {
        s->name = g_strdup(n->value);
    } else {
        char *base = g_path_get_basename(c.file);
        char *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = 0;
        s->name = base;
    }
    *out = s;
    return CS_OK;
}

cs_status_t
cs_style_load(const char *path, cs_style_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0, "no output pointer");
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    cs_status_t st = cs_read_file(path, STYLE_MAX_BYTES, &data, &len, diag);
    if (st != CS_OK)
        return st;
    st = cs_style_load_buffer(path, data, len, out, diag);
    free(data);
    return st;
}

cs_status_t
cs_style_check_fonts(const cs_style_t *s, const cs_fonts_t *f,
                     cs_diag_t *diag)
{
    if (!s || !f)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_style_check_fonts: NULL argument");
    cs_status_t st = CS_OK;
    for (size_t i = 0; i < s->n; i++) {
        const cs_style_entry_t *e = &s->e[i];
        if (strcmp(e->key, "family") || !*e->value ||
            cs_fonts_has_family(f, e->value))
            continue;
        char *have = cs_fonts_families(f);
        st = cs_diag_add(diag, CS_ERR_INVALID, s->file, e->line, 0,
                         "[%s] family: unknown font family '%s' (the fonts "
                         "have: %s)",
                         e->group, e->value, have ? have : "?");
        free(have);
    }
    return st;
}

const char *
cs_style_name(const cs_style_t *s)
{
    return s ? s->name : NULL;
}

void
cs_style_apply(const cs_style_t *s, cs_render_options_t *o)
{
    if (!s || !o)
        return;
    cs_style_ctx_t c = {s->file, NULL, 0};
    /* validated at load: no errors; band colours are already stored */
    cs_style_apply_all(&c, (cs_style_t *)s, o);
}

int
cs_style_min_coverage(const cs_style_t *s, double *pct)
{
    if (!s || !s->min_coverage_set)
        return 0;
    if (pct)
        *pct = s->min_coverage;
    return 1;
}

int
cs_style_band_color(const cs_style_t *s, cs_band_t band, cs_rgb_t *c)
{
    if (!s || (int)band < 0 || band >= CS_BAND_COUNT || !s->band_set[band])
        return 0;
    if (c)
        *c = s->band[band];
    return 1;
}

/* Appends a CSV field, quoted when needed. */
cs_status_t
cs_style_bands(const cs_style_t *s, const cs_bands_t *base,
               const char *const *labels, cs_bands_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!base || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_style_bands: NULL argument");
    cs_bands_t *b = cs_bands_copy(base);
    if (!b)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    const char *name = s ? s->file : "<bands>";
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        cs_rgb_t c;
        if (cs_style_band_color(s, (cs_band_t)i, &c))
            cs_bands_set_color(b, (cs_band_t)i, c);
        if (labels && labels[i]) {
            cs_status_t st =
                cs_bands_set_label(b, (cs_band_t)i, labels[i], name, diag);
            if (st != CS_OK) {
                cs_bands_free(b);
                return st;
            }
        }
    }
    *out = b;
    return CS_OK;
}
