/* SPDX-License-Identifier: MIT */
/*
 * Name normalisation for lookups: the key (case-free, singular), the
 * skeleton and the code form that names are compared by.
 */
#include "lookup-private.h"
#include "lookup-work-private.h"
#include "cs-private.h"
#include "csv-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

static void
singular(GString *w)
{
    if (w->len > 4 && g_str_has_suffix(w->str, "ies")) {
        g_string_truncate(w, w->len - 3);
        g_string_append_c(w, 'y');
    } else if (w->len > 3 && w->str[w->len - 1] == 's' &&
               w->str[w->len - 2] != 's') {
        g_string_truncate(w, w->len - 1);
    }
}

char *
cs_name_key(const char *s)
{
    if (!s)
        return g_strdup("");
    char *nf = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
    if (!nf)
        nf = g_strdup(s);
    char *cf = g_utf8_casefold(nf, -1);
    g_free(nf);
    /* words */
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    GString *w = g_string_new(NULL);
    for (const char *p = cf; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isalnum(c) || c == 0xFFFD) {
            g_string_append_unichar(w, c);
            continue;
        }
        if (c == '.' && w->len && g_ascii_isdigit(w->str[w->len - 1]) &&
            g_ascii_isdigit(p[1])) {
            g_string_append_c(w, '.');
            continue;
        }
        if (w->len) {
            g_ptr_array_add(words, g_string_free(w, FALSE));
            w = g_string_new(NULL);
        }
        if (c == '%')
            g_ptr_array_add(words, g_strdup("%"));
        else if (c == '&')
            g_ptr_array_add(words, g_strdup("and"));
    }
    if (w->len)
        g_ptr_array_add(words, g_string_free(w, FALSE));
    else
        g_string_free(w, TRUE);
    g_free(cf);
    GString *out = g_string_new(NULL);
    for (size_t i = 0; i < words->len; i++) {
        const char *word = words->pdata[i];
        if (!strcmp(word, "wi") && i + 1 < words->len &&
            !strcmp(words->pdata[i + 1], "fi")) {
            word = "wifi";
            i++;
        }
        GString *t = g_string_new(word);
        singular(t);
        if (out->len)
            g_string_append_c(out, ' ');
        g_string_append(out, t->str);
        g_string_free(t, TRUE);
    }
    g_ptr_array_free(words, TRUE);
    return g_string_free(out, FALSE);
}

char *
cs_name_skeleton(const char *s)
{
    char *k = cs_name_key(s);
    GString *out = g_string_new(NULL);
    for (const char *p = k; *p;) {
        if (*p == ' ') {
            p++;
        } else if (!strncmp(p, "\xef\xbf\xbd", 3)) {
            p += 3;
        } else if (!strncmp(p, "ffi", 3) || !strncmp(p, "ffl", 3)) {
            p += 3;
        } else if (!strncmp(p, "ff", 2) || !strncmp(p, "fi", 2) ||
                   !strncmp(p, "fl", 2)) {
            p += 2;
        } else {
            g_string_append_c(out, *p);
            p++;
        }
    }
    g_free(k);
    return g_string_free(out, FALSE);
}

/* Code form for comparing: no white space, ASCII upper case. */
char *
lk_code_key(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p++)
        if (!g_ascii_isspace(*p))
            g_string_append_c(o, g_ascii_toupper(*p));
    return g_string_free(o, FALSE);
}
