/* SPDX-License-Identifier: MIT */
/*
 * KPI lookup: codes, wheel labels and aliases (see lookup-private.h for the
 * normalisation). Every name a row may use is one entry of a flat list
 * (a wheel label, an alias of a wedge or of a base KPI, a data-point name,
 * a yes/no sub-point); lookups compare normalised keys, then skeletons,
 * then (for suggestions and near misses) edit distances. This file builds
 * the list and looks up codes and data points; names and suggestions are
 * in lookup-fuzzy.c, the alias table in lookup-alias.c, the keys in
 * lookup-key.c.
 */
#include "lookup-private.h"
#include "lookup-work-private.h"
#include "cs-private.h"
#include "csv-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

static void
base_free(gpointer p)
{
    base_t *b = p;
    g_free(b->code);
    g_free(b->ckey);
    g_array_free(b->kpis, TRUE);
    g_ptr_array_free(b->categories, TRUE);
    g_free(b);
}

void
cs_lookup_free(cs_lookup_t *lk)
{
    if (!lk)
        return;
    for (size_t i = 0; lk->entries && i < lk->entries->len; i++) {
        entry_t *e = &g_array_index(lk->entries, entry_t, i);
        g_free(e->key);
        g_free(e->skel);
    }
    if (lk->entries)
        g_array_free(lk->entries, TRUE);
    if (lk->bases)
        g_ptr_array_free(lk->bases, TRUE);
    size_t nk = cs_framework_kpi_count(lk->fw);
    for (size_t i = 0; lk->kpi_ckey && i < nk; i++)
        g_free(lk->kpi_ckey[i]);
    g_free(lk->kpi_ckey);
    g_free(lk->kpi_base);
    if (lk->dims)
        g_ptr_array_free(lk->dims, TRUE);
    if (lk->dim_prefix)
        g_ptr_array_free(lk->dim_prefix, TRUE);
    g_free(lk);
}

static long
find_base(const cs_lookup_t *lk, const char *ckey)
{
    for (size_t i = 0; i < lk->bases->len; i++)
        if (!strcmp(((base_t *)lk->bases->pdata[i])->ckey, ckey))
            return (long)i;
    return -1;
}

static void
add_entry(cs_lookup_t *lk, const char *text, entry_kind_t kind, long kpi,
          long base, int sub)
{
    entry_t e = {cs_name_key(text), cs_name_skeleton(text), text, kind, kpi,
                 base, sub};
    if (!e.key[0]) {
        g_free(e.key);
        g_free(e.skel);
        return;
    }
    g_array_append_val(lk->entries, e);
}

/* The point name of wedge @k from its code suffix: "private-vehicles" ->
 * "private vehicles" (the key does the rest). */
static const char *
code_suffix(const char *code)
{
    const char *s = strchr(code, '/');
    return s ? s + 1 : NULL;
}

cs_lookup_t *
cs_lookup_new(const cs_framework_t *fw, const cs_aliases_t *aliases)
{
    cs_lookup_t *lk = g_new0(cs_lookup_t, 1);
    lk->fw = fw;
    lk->entries = g_array_new(FALSE, FALSE, sizeof(entry_t));
    lk->bases = g_ptr_array_new_with_free_func(base_free);
    size_t nk = cs_framework_kpi_count(fw);
    lk->kpi_base = g_new0(long, nk + 1);
    lk->kpi_ckey = g_new0(char *, nk + 1);
    for (size_t k = 0; k < nk; k++) {
        const cs_kpi_t *kp = cs_framework_get_kpi(fw, k);
        lk->kpi_ckey[k] = lk_code_key(kp->code);
        const char *slash = strchr(kp->code, '/');
        char *bcode = slash ? g_strndup(kp->code, (gsize)(slash - kp->code))
                            : g_strdup(kp->code);
        char *bkey = lk_code_key(bcode);
        long b = find_base(lk, bkey);
        if (b < 0) {
            base_t *nb = g_new0(base_t, 1);
            nb->code = bcode;
            nb->ckey = bkey;
            nb->kpis = g_array_new(FALSE, FALSE, sizeof(size_t));
            nb->categories = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(lk->bases, nb);
            b = (long)lk->bases->len - 1;
        } else {
            g_free(bcode);
            g_free(bkey);
        }
        base_t *bb = lk->bases->pdata[b];
        g_array_append_val(bb->kpis, k);
        const cs_group_t *g = cs_framework_get_group(fw, kp->group);
        char *gk = cs_name_key(g->name);
        g_ptr_array_add(bb->categories, gk);
        lk->kpi_base[k] = b;
        add_entry(lk, kp->label, EK_LABEL, (long)k, b, -1);
        const char *suf = code_suffix(kp->code);
        if (suf)
            add_entry(lk, suf, EK_POINT, (long)k, b, -1);
    }
    /* Data-point names from labels: the label less the base's other
     * names ("Wireless Broadband Coverage 3G" less "Wireless Broadband
     * Coverage") is done at lookup time (point_matches). */
    lk->dims = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    lk->dim_prefix = g_ptr_array_new_with_free_func(g_free);
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(keys, cs_name_key(dim->name));
        g_ptr_array_add(lk->dims, keys);
        const cs_kpi_t *k0 = cs_framework_get_kpi(fw, dim->first_kpi);
        const char *colon = k0 ? strchr(k0->code, ':') : NULL;
        g_ptr_array_add(lk->dim_prefix,
                        colon ? g_strndup(k0->code, (gsize)(colon - k0->code))
                              : g_strdup(""));
    }
    if (aliases) {
        for (size_t i = 0; i < aliases->n; i++) {
            const alias_row_t *a = &aliases->rows[i];
            if (a->kind == AK_DIMENSION) {
                for (size_t d = 0; d < lk->dim_prefix->len; d++)
                    if (!g_ascii_strcasecmp(lk->dim_prefix->pdata[d],
                                            a->code))
                        g_ptr_array_add(lk->dims->pdata[d],
                                        cs_name_key(a->text));
                continue;
            }
            char *ck = lk_code_key(a->code);
            long k = -1;
            for (size_t j = 0; j < nk && k < 0; j++)
                if (!strcmp(lk->kpi_ckey[j], ck))
                    k = (long)j;
            long b = k >= 0 ? lk->kpi_base[k] : find_base(lk, ck);
            g_free(ck);
            if (b < 0)
                continue; /* an alias of a KPI this framework lacks */
            base_t *bb = lk->bases->pdata[b];
            /* a base code of a one-wedge KPI is that wedge */
            if (k < 0 && bb->kpis->len == 1 &&
                !strchr(cs_framework_get_kpi(fw, g_array_index(bb->kpis,
                                                           size_t, 0))
                            ->code,
                        '/'))
                k = (long)g_array_index(bb->kpis, size_t, 0);
            switch (a->kind) {
            case AK_NAME:
                add_entry(lk, a->text, EK_ALIAS, k, b, -1);
                break;
            case AK_POINT:
                if (k >= 0)
                    add_entry(lk, a->text, EK_POINT, k, b, -1);
                break;
            case AK_SUBPOINT:
                if (k >= 0) {
                    int sub = 0;
                    for (size_t j = 0; j < lk->entries->len; j++) {
                        entry_t *e = &g_array_index(lk->entries, entry_t, j);
                        if (e->kind == EK_SUBPOINT && e->kpi == k)
                            sub++;
                    }
                    add_entry(lk, a->text, EK_SUBPOINT, k, b, sub);
                }
                break;
            case AK_CATEGORY:
                g_ptr_array_add(bb->categories, cs_name_key(a->text));
                break;
            case AK_DIMENSION:
            case AK_COUNT:
                break;
            }
        }
    }
    return lk;
}

void
lk_found_clear(cs_found_t *f)
{
    memset(f, 0, sizeof *f);
    f->subpoint = -1;
}

void
lk_found_add(cs_found_t *f, size_t k)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->kpi[i] == k)
            return;
    if (f->n < CS_FOUND_MAX)
        f->kpi[f->n++] = k;
}

const base_t *
lk_base_of(const cs_lookup_t *lk, size_t k)
{
    return lk->bases->pdata[lk->kpi_base[k]];
}

int
lk_base_is_split(const base_t *b)
{
    return b->kpis->len > 1;
}

static void
found_base(const cs_lookup_t *lk, cs_found_t *f, long b)
{
    const base_t *bb = lk->bases->pdata[b];
    f->base_only = 1;
    for (size_t i = 0; i < bb->kpis->len; i++)
        lk_found_add(f, g_array_index(bb->kpis, size_t, i));
}

cs_match_t
cs_lookup_code(const cs_lookup_t *lk, const char *text, cs_found_t *out)
{
    lk_found_clear(out);
    long k = cs_framework_find(lk->fw, text);
    char *ck = lk_code_key(text);
    size_t nk = cs_framework_kpi_count(lk->fw);
    for (size_t j = 0; j < nk && k < 0; j++)
        if (!strcmp(lk->kpi_ckey[j], ck))
            k = (long)j;
    if (k >= 0) {
        g_free(ck);
        lk_found_add(out, (size_t)k);
        out->match = CS_MATCH_CODE;
        return out->match;
    }
    long b = find_base(lk, ck);
    if (b >= 0) {
        g_free(ck);
        found_base(lk, out, b);
        out->match = CS_MATCH_CODE;
        return out->match;
    }
    /* a base code followed by a point name: "EC:ICT:ICT:4C 3G" */
    long best = -1;
    size_t best_len = 0;
    for (size_t i = 0; i < lk->bases->len; i++) {
        const base_t *bb = lk->bases->pdata[i];
        size_t l = strlen(bb->ckey);
        if (l > best_len && !strncmp(ck, bb->ckey, l) && lk_base_is_split(bb)) {
            best = (long)i;
            best_len = l;
        }
    }
    g_free(ck);
    if (best >= 0) {
        /* find the same prefix in the original text (spaces skipped) */
        const char *p = text;
        size_t seen = 0;
        while (*p && seen < best_len) {
            if (!g_ascii_isspace(*p))
                seen++;
            p++;
        }
        while (*p && (g_ascii_isspace(*p) || *p == '/' || *p == ':' ||
                      *p == '-'))
            p++;
        cs_found_t f;
        lk_found_clear(&f);
        found_base(lk, &f, best);
        if (*p && cs_lookup_point(lk, p, &f) == 0) {
            *out = f;
            out->match = CS_MATCH_CODE;
            return out->match;
        }
    }
    return CS_MATCH_NONE;
}

/* Whether @key names wedge @k as a data point of its base: a point entry,
 * or the label less a base name ("wireless broadband coverage 3g" ->
 * "3g"). */
static int
point_matches(const cs_lookup_t *lk, size_t k, const char *key,
              const char *skel)
{
    for (size_t i = 0; i < lk->entries->len; i++) {
        const entry_t *e = &g_array_index(lk->entries, entry_t, i);
        if (e->kpi != (long)k)
            continue;
        if (e->kind == EK_POINT &&
            (!strcmp(e->key, key) || !strcmp(e->skel, skel)))
            return 1;
        if (e->kind == EK_LABEL || e->kind == EK_ALIAS) {
            /* label = base name + " " + point? */
            for (size_t j = 0; j < lk->entries->len; j++) {
                const entry_t *b = &g_array_index(lk->entries, entry_t, j);
                if (b->kpi != -1 || b->base != lk->kpi_base[k])
                    continue;
                size_t bl = strlen(b->key);
                if (g_str_has_prefix(e->key, b->key) && e->key[bl] == ' ' &&
                    !strcmp(e->key + bl + 1, key))
                    return 1;
            }
            /* the label ends with the point ("Wastewater Treated:
             * Primary" and "primary") */
            size_t el = strlen(e->key), kl = strlen(key);
            if (el > kl + 1 && !strcmp(e->key + el - kl, key) &&
                e->key[el - kl - 1] == ' ')
                return 1;
        }
    }
    return 0;
}

static int
subpoint_of(const cs_lookup_t *lk, size_t k, const char *key,
            const char *skel)
{
    for (size_t i = 0; i < lk->entries->len; i++) {
        const entry_t *e = &g_array_index(lk->entries, entry_t, i);
        if (e->kind == EK_SUBPOINT && e->kpi == (long)k &&
            (!strcmp(e->key, key) || !strcmp(e->skel, skel)))
            return e->sub;
    }
    return -1;
}

/* Splits "3G and 4G" / "3G og 4G" / "3G/4G" / "3G, 4G" / "3G & 4G". */
static char **
split_points(const char *point)
{
    char *k = g_strdup(point);
    static const char *const seps[] = {" and ", " og ", " & ", "/", ",",
                                       " + "};
    for (size_t i = 0; i < G_N_ELEMENTS(seps); i++) {
        char **parts = g_strsplit(k, seps[i], -1);
        char *j = g_strjoinv("\x1f", parts);
        g_strfreev(parts);
        g_free(k);
        k = j;
    }
    char **parts = g_strsplit(k, "\x1f", -1);
    g_free(k);
    return parts;
}

int
cs_lookup_point(const cs_lookup_t *lk, const char *point, cs_found_t *found)
{
    if (!found->n)
        return -1;
    const base_t *b = lk_base_of(lk, found->kpi[0]);
    cs_found_t res = *found;
    res.n = 0;
    res.base_only = 0;
    res.subpoint = -1;
    /* the whole text first (a point name may hold "/": "N/A" is no point,
     * but "Para transport" is) */
    char *key = cs_name_key(point), *skel = cs_name_skeleton(point);
    for (size_t i = 0; i < b->kpis->len; i++) {
        size_t k = g_array_index(b->kpis, size_t, i);
        if (lk_base_is_split(b) && point_matches(lk, k, key, skel))
            lk_found_add(&res, k);
    }
    if (!res.n && !lk_base_is_split(b)) {
        size_t k = g_array_index(b->kpis, size_t, 0);
        int s = subpoint_of(lk, k, key, skel);
        if (s >= 0) {
            lk_found_add(&res, k);
            res.subpoint = s;
        }
    }
    g_free(key);
    g_free(skel);
    if (!res.n && lk_base_is_split(b)) {
        char **parts = split_points(point);
        int all = g_strv_length(parts) > 1;
        for (char **p = parts; *p && all; p++) {
            char *pk = cs_name_key(*p), *ps = cs_name_skeleton(*p);
            int hit = 0;
            for (size_t i = 0; i < b->kpis->len; i++) {
                size_t k = g_array_index(b->kpis, size_t, i);
                if (point_matches(lk, k, pk, ps)) {
                    lk_found_add(&res, k);
                    hit = 1;
                }
            }
            all = hit;
            g_free(pk);
            g_free(ps);
        }
        if (!all)
            res.n = 0;
        else if (res.n > 1)
            g_snprintf(res.note, sizeof res.note,
                       "one figure for %zu data points: each gets it", res.n);
        g_strfreev(parts);
    }
    if (!res.n)
        return -1;
    *found = res;
    return 0;
}

int
lk_keys_contain(const GPtrArray *keys, const char *key)
{
    for (size_t i = 0; i < keys->len; i++)
        if (!strcmp(keys->pdata[i], key))
            return 1;
    return 0;
}

/* Keeps, of the candidate wedges in @f, those in @category / @dimension
 * (when that leaves any). */
int
cs_lookup_is_section(const cs_lookup_t *lk, const char *text,
                     int *is_dimension)
{
    char *key = cs_name_key(text);
    int hit = 0;
    *is_dimension = 0;
    const char *k = key;
    if (g_str_has_prefix(k, "dimension ") || g_str_has_prefix(k, "dimensjon "))
        k += 10;
    for (size_t d = 0; d < lk->dims->len && !hit; d++)
        if (lk_keys_contain(lk->dims->pdata[d], k)) {
            hit = 1;
            *is_dimension = 1;
        }
    if (k != key && !hit) {
        hit = 1; /* "Dimension: something": a title all the same */
        *is_dimension = 1;
    }
    for (size_t b = 0; b < lk->bases->len && !hit; b++)
        if (lk_keys_contain(((base_t *)lk->bases->pdata[b])->categories, key))
            hit = 1;
    g_free(key);
    return hit;
}

char *
cs_lookup_points_text(const cs_lookup_t *lk, size_t k)
{
    const base_t *b = lk_base_of(lk, k);
    GString *o = g_string_new(NULL);
    for (size_t i = 0; i < b->kpis->len; i++) {
        const cs_kpi_t *kp = cs_framework_get_kpi(
            lk->fw, g_array_index(b->kpis, size_t, i));
        const char *suf = code_suffix(kp->code);
        g_string_append_printf(o, "%s%s", i ? ", " : "", suf ? suf : kp->code);
    }
    return g_string_free(o, FALSE);
}

size_t
cs_lookup_subpoint_count(const cs_lookup_t *lk, size_t k)
{
    size_t n = 0;
    for (size_t i = 0; i < lk->entries->len; i++) {
        const entry_t *e = &g_array_index(lk->entries, entry_t, i);
        if (e->kind == EK_SUBPOINT && e->kpi == (long)k)
            n++;
    }
    return n;
}

const char *
cs_lookup_subpoint_name(const cs_lookup_t *lk, size_t k, size_t i)
{
    for (size_t j = 0; j < lk->entries->len; j++) {
        const entry_t *e = &g_array_index(lk->entries, entry_t, j);
        if (e->kind == EK_SUBPOINT && e->kpi == (long)k && e->sub == (int)i)
            return e->text;
    }
    return "";
}
