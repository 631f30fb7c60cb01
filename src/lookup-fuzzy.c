/* SPDX-License-Identifier: MIT */
/*
 * Lookups by name: exact keys, then skeletons, then near misses by edit
 * distance, and the did-you-mean suggestions for names not found.
 */
#include "lookup-private.h"
#include "lookup-work-private.h"
#include "cs-private.h"
#include "csv-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

static void
disambiguate(const cs_lookup_t *lk, cs_found_t *f, const char *category,
             const char *dimension)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *ctx = pass == 0 ? dimension : category;
        if (!ctx || !*ctx || f->n < 2)
            continue;
        char *ck = cs_name_key(ctx);
        if (g_str_has_prefix(ck, "dimension "))
            memmove(ck, ck + 10, strlen(ck + 10) + 1);
        cs_found_t keep = *f;
        keep.n = 0;
        for (size_t i = 0; i < f->n; i++) {
            size_t k = f->kpi[i];
            const cs_kpi_t *kp = cs_framework_get_kpi(lk->fw, k);
            int in = pass == 0 ? lk_keys_contain(lk->dims->pdata[kp->dimension],
                                              ck)
                               : lk_keys_contain(lk_base_of(lk, k)->categories, ck);
            if (in)
                lk_found_add(&keep, k);
        }
        g_free(ck);
        if (keep.n)
            *f = keep;
    }
}

/* Candidate entries whose key (@skel 0) or skeleton (@skel 1) equals. */
static void
collect(const cs_lookup_t *lk, const char *key, const char *skel, int by_skel,
        int want_base_names, GArray *hits)
{
    for (size_t i = 0; i < lk->entries->len; i++) {
        const entry_t *e = &g_array_index(lk->entries, entry_t, i);
        if (e->kind != EK_LABEL && e->kind != EK_ALIAS)
            continue;
        (void)want_base_names;
        if (by_skel ? !strcmp(e->skel, skel) : !strcmp(e->key, key))
            g_array_append_val(hits, i);
    }
}

/* Turns entry hits into wedges; a base entry of a split KPI (or several
 * hits that are all its wedges) means "the base only". */
static void
hits_to_found(const cs_lookup_t *lk, GArray *hits, cs_found_t *f)
{
    long base = -2;
    int any_base = 0;
    for (size_t i = 0; i < hits->len; i++) {
        const entry_t *e = &g_array_index(lk->entries, entry_t,
                                          g_array_index(hits, size_t, i));
        if (e->kpi >= 0) {
            lk_found_add(f, (size_t)e->kpi);
        } else {
            any_base = 1;
            const base_t *b = lk->bases->pdata[e->base];
            for (size_t j = 0; j < b->kpis->len; j++)
                lk_found_add(f, g_array_index(b->kpis, size_t, j));
        }
        base = base == -2 ? e->base : (base == e->base ? base : -1);
    }
    if (any_base && base >= 0 &&
        lk_base_is_split(lk->bases->pdata[base]))
        f->base_only = 1;
}

static int
try_exact(const cs_lookup_t *lk, const char *text, cs_found_t *f)
{
    char *key = cs_name_key(text), *skel = cs_name_skeleton(text);
    GArray *hits = g_array_new(FALSE, FALSE, sizeof(size_t));
    collect(lk, key, skel, 0, 1, hits);
    if (!hits->len && strlen(skel) >= 4)
        collect(lk, key, skel, 1, 1, hits);
    int kind = CS_MATCH_NONE;
    if (hits->len) {
        hits_to_found(lk, hits, f);
        kind = CS_MATCH_ALIAS;
        for (size_t i = 0; i < hits->len; i++)
            if (g_array_index(lk->entries, entry_t,
                              g_array_index(hits, size_t, i))
                    .kind == EK_LABEL)
                kind = CS_MATCH_LABEL;
    }
    g_array_free(hits, TRUE);
    g_free(key);
    g_free(skel);
    f->match = (cs_match_t)kind;
    return kind != CS_MATCH_NONE;
}

/* Levenshtein distance of two byte strings, capped at @cap + 1. */
static size_t
distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    size_t *prev = g_new(size_t, lb + 1), *cur = g_new(size_t, lb + 1);
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t rowmin = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            cur[j] = c;
            if (c < rowmin)
                rowmin = c;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
        if (rowmin > cap) {
            g_free(prev);
            g_free(cur);
            return cap + 1;
        }
    }
    size_t d = prev[lb];
    g_free(prev);
    g_free(cur);
    return d;
}

cs_match_t
cs_lookup_name(const cs_lookup_t *lk, const char *text, const char *category,
               const char *dimension, cs_found_t *out)
{
    lk_found_clear(out);
    if (try_exact(lk, text, out))
        goto done;
    /* a unit in parentheses at the end: "Higher Education Degrees (per
     * 100 000 inhabitants)" (the importer checks the unit) */
    const char *open = strrchr(text, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (open && open > text && close && cs_csv_is_blank(close + 1)) {
        char *head = g_strndup(text, (gsize)(open - text));
        int ok = try_exact(lk, head, out);
        g_free(head);
        if (ok)
            goto done;
    }
    /* "Name: point", "Name - point", "Name – point" */
    static const char *const seps[] = {":", " \xe2\x80\x93 ", " - ",
                                       " \xe2\x80\x94 "};
    for (size_t s = 0; s < G_N_ELEMENTS(seps); s++) {
        const char *at = g_strrstr(text, seps[s]);
        if (!at || at == text)
            continue;
        char *head = g_strndup(text, (gsize)(at - text));
        const char *point = at + strlen(seps[s]);
        cs_found_t f;
        lk_found_clear(&f);
        int ok = try_exact(lk, head, &f);
        g_free(head);
        if (!ok)
            continue;
        /* the head may be a one-wedge KPI with yes/no sub-points, or a
         * base whose data points the tail names */
        cs_match_t m = f.match;
        if (f.n >= 1 && cs_lookup_point(lk, point, &f) == 0) {
            *out = f;
            out->match = m;
            goto done;
        }
    }
    /* near misses: one clearly nearest name */
    {
        char *key = cs_name_key(text);
        size_t len = strlen(key);
        size_t cap = len >= 10 ? len / 10 : 0;
        if (cap > 3)
            cap = 3;
        size_t best = cap + 1, second = cap + 1;
        long best_k = -1, best_base = -1;
        for (size_t i = 0; cap > 0 && i < lk->entries->len; i++) {
            const entry_t *e = &g_array_index(lk->entries, entry_t, i);
            if (e->kind != EK_LABEL && e->kind != EK_ALIAS)
                continue;
            size_t d = distance(key, e->key, cap);
            if (d > cap)
                continue;
            int same = (e->kpi >= 0 && e->kpi == best_k) ||
                       (e->kpi < 0 && best_k < 0 && e->base == best_base);
            if (d < best) {
                if (!same)
                    second = best;
                best = d;
                best_k = e->kpi;
                best_base = e->base;
            } else if (d < second && !same) {
                second = d;
            }
        }
        g_free(key);
        if (best <= cap && second > best && best_k >= 0) {
            lk_found_add(out, (size_t)best_k);
            out->match = CS_MATCH_FUZZY;
            const cs_kpi_t *kp = cs_framework_get_kpi(lk->fw, (size_t)best_k);
            g_snprintf(out->note, sizeof out->note,
                       "nearest name: '%s' (%s)", kp->label, kp->code);
            goto done;
        }
    }
    return CS_MATCH_NONE;
done:
    if (out->n > 1 && !out->base_only) {
        disambiguate(lk, out, category, dimension);
        if (out->n > 1 && !out->note[0])
            out->ambiguous = 1;
    }
    return out->match;
}

typedef struct sugg {
    size_t d;
    long kpi;
    long base;
} sugg_t;

static int
sugg_cmp(const void *a, const void *b)
{
    const sugg_t *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    if (x->kpi != y->kpi)
        return x->kpi < y->kpi ? -1 : 1;
    return 0;
}

char *
cs_lookup_suggest(const cs_lookup_t *lk, const char *text, int codes,
                  size_t max)
{
    GArray *s = g_array_new(FALSE, FALSE, sizeof(sugg_t));
    size_t nk = cs_framework_kpi_count(lk->fw);
    if (codes) {
        char *ck = lk_code_key(text);
        for (size_t k = 0; k < nk; k++) {
            sugg_t x = {distance(ck, lk->kpi_ckey[k], 1000), (long)k, -1};
            g_array_append_val(s, x);
        }
        g_free(ck);
    } else {
        char *key = cs_name_key(text);
        for (size_t i = 0; i < lk->entries->len; i++) {
            const entry_t *e = &g_array_index(lk->entries, entry_t, i);
            if (e->kind != EK_LABEL && e->kind != EK_ALIAS)
                continue;
            long k = e->kpi >= 0
                         ? e->kpi
                         : (long)g_array_index(
                               ((base_t *)lk->bases->pdata[e->base])->kpis,
                               size_t, 0);
            /* distance to the whole name, or to its start when the text
             * is a prefix ("Wireless Broadband") */
            size_t d = distance(key, e->key, 1000);
            if (strlen(key) >= 4 && strstr(e->key, key) && d > 2)
                d = 2; /* the text is part of the name */
            sugg_t x = {d, k, e->base};
            g_array_append_val(s, x);
        }
        g_free(key);
    }
    g_array_sort(s, sugg_cmp);
    GString *out = g_string_new(NULL);
    size_t shown = 0;
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    /* only names within reach: a third of the text's length, at least 3 */
    size_t reach = strlen(text) / 3;
    if (reach < 3)
        reach = 3;
    for (size_t i = 0; i < s->len && shown < max; i++) {
        sugg_t *x = &g_array_index(s, sugg_t, i);
        if (x->d > reach)
            break;
        if (g_hash_table_contains(seen, GSIZE_TO_POINTER(x->kpi + 1)))
            continue;
        g_hash_table_add(seen, GSIZE_TO_POINTER(x->kpi + 1));
        const cs_kpi_t *kp = cs_framework_get_kpi(lk->fw, (size_t)x->kpi);
        g_string_append_printf(out, "%s'%s' (%s)", shown ? ", " : "",
                               codes ? kp->code : kp->label,
                               codes ? kp->label : kp->code);
        shown++;
    }
    /* nothing near: the names sharing the most words ("Broadband Speed"
     * -> the broadband KPIs) */
    if (!shown && !codes) {
        char *key = cs_name_key(text);
        char **words = g_strsplit(key, " ", -1);
        g_free(key);
        g_array_set_size(s, 0);
        for (size_t i = 0; i < lk->entries->len; i++) {
            const entry_t *e = &g_array_index(lk->entries, entry_t, i);
            if (e->kind != EK_LABEL)
                continue;
            char **ew = g_strsplit(e->key, " ", -1);
            size_t common = 0;
            for (char **w = words; *w; w++)
                if (strlen(*w) >= 4 && g_strv_contains((const char *const *)ew,
                                                       *w))
                    common++;
            g_strfreev(ew);
            if (common) {
                sugg_t x = {100 - common, e->kpi, e->base};
                g_array_append_val(s, x);
            }
        }
        g_strfreev(words);
        g_array_sort(s, sugg_cmp);
        for (size_t i = 0; i < s->len && shown < max; i++) {
            sugg_t *x = &g_array_index(s, sugg_t, i);
            if (g_hash_table_contains(seen, GSIZE_TO_POINTER(x->kpi + 1)))
                continue;
            g_hash_table_add(seen, GSIZE_TO_POINTER(x->kpi + 1));
            const cs_kpi_t *kp = cs_framework_get_kpi(lk->fw, (size_t)x->kpi);
            g_string_append_printf(out, "%s'%s' (%s)", shown ? ", " : "",
                                   kp->label, kp->code);
            shown++;
        }
    }
    g_hash_table_destroy(seen);
    g_array_free(s, TRUE);
    if (!out->len) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}
