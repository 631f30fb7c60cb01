/* SPDX-License-Identifier: MIT */
/*
 * KPI lookup: codes, wheel labels and aliases (see lookup-private.h for the
 * normalisation). Every name a row may use is one entry of a flat list
 * (a wheel label, an alias of a wedge or of a base KPI, a data-point name,
 * a yes/no sub-point); lookups compare normalised keys, then skeletons,
 * then (for suggestions and near misses) edit distances.
 */
#include "lookup-private.h"
#include "cs-private.h"
#include "csv-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* ---- alias table --------------------------------------------------------- */

typedef enum alias_kind {
    AK_NAME,
    AK_POINT,
    AK_SUBPOINT,
    AK_CATEGORY,
    AK_DIMENSION,
    AK_COUNT
} alias_kind_t;

static const char *const alias_kind_names[AK_COUNT] = {
    "name", "point", "subpoint", "category", "dimension"};

typedef struct alias_row {
    const char *code, *text, *lang;
    alias_kind_t kind;
} alias_row_t;

struct cs_aliases {
    GStringChunk *strings;
    alias_row_t *rows;
    size_t n;
};

void
cs_aliases_free(cs_aliases_t *a)
{
    if (!a)
        return;
    if (a->strings)
        g_string_chunk_free(a->strings);
    free(a->rows);
    free(a);
}

static cs_status_t
aliases_build(const void *ctx, cs_csv_t *csv, void *out, cs_diag_t *diag)
{
    (void)ctx;
    const char *name = cs_csv_name(csv);
    static const char *const cols[] = {"code", "kind", "text", "lang",
                                       "source"};
    long c[5];
    cs_status_t st = CS_OK;
    for (size_t i = 0; i < 5; i++) {
        c[i] = cs_csv_column(csv, cols[i]);
        if (c[i] < 0)
            st = cs_diag_add(diag, CS_ERR_INVALID, name,
                             cs_csv_header(csv)->line, 1,
                             "missing required column '%s' (an alias table "
                             "has code, kind, text, lang and source)",
                             cols[i]);
    }
    if (st != CS_OK)
        return st;
    cs_aliases_t *a = calloc(1, sizeof *a);
    size_t n = cs_csv_row_count(csv);
    if (a)
        a->rows = calloc(n + 1, sizeof *a->rows);
    if (!a || !a->rows) {
        cs_aliases_free(a);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    a->strings = g_string_chunk_new(4096);
    for (size_t r = 0; r < n; r++) {
        const cs_csv_row_t *row = cs_csv_row(csv, r);
        cs_status_t s = cs_csv_check_row_width(csv, row, diag);
        if (s != CS_OK) {
            st = st != CS_OK ? st : s;
            continue;
        }
        const char *v[5];
        int ok = 1;
        for (size_t i = 0; i < 5; i++) {
            const cs_csv_field_t *f = cs_csv_cell(row, c[i]);
            v[i] = f->text;
            if (cs_csv_is_blank(v[i])) {
                st = st != CS_OK ? st
                                 : CS_ERR_INVALID;
                cs_diag_add(diag, CS_ERR_INVALID, name, f->line, f->column,
                            "%s: empty %s (every alias names its %s)",
                            cols[i], cols[i], cols[i]);
                ok = 0;
            }
        }
        int kind = -1;
        for (int k = 0; k < AK_COUNT && ok; k++)
            if (!g_ascii_strcasecmp(v[1], alias_kind_names[k]))
                kind = k;
        if (ok && kind < 0) {
            const cs_csv_field_t *f = cs_csv_cell(row, c[1]);
            st = cs_diag_add(diag, CS_ERR_INVALID, name, f->line, f->column,
                             "kind: '%s' is not name, point, subpoint, "
                             "category or dimension",
                             v[1]);
            ok = 0;
        }
        if (!ok)
            continue;
        alias_row_t *ar = &a->rows[a->n++];
        char *code = g_strstrip(g_strdup(v[0]));
        char *text = g_strstrip(g_strdup(v[2]));
        ar->code = g_string_chunk_insert_const(a->strings, code);
        ar->text = g_string_chunk_insert_const(a->strings, text);
        ar->lang = g_string_chunk_insert_const(a->strings, v[3]);
        ar->kind = (alias_kind_t)kind;
        g_free(code);
        g_free(text);
    }
    if (st != CS_OK) {
        cs_aliases_free(a);
        return st;
    }
    *(cs_aliases_t **)out = a;
    return CS_OK;
}

cs_status_t
cs_aliases_load(const char *path, cs_aliases_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || !path)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "no file name or output pointer");
    return cs_csv_load(path, 1, NULL, 0, aliases_build, NULL, out, diag);
}

cs_status_t
cs_aliases_load_buffer(const char *name, const char *data, size_t len,
                       cs_aliases_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out || (!data && len))
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "no data or output pointer");
    return cs_csv_load(name, 0, data, len, aliases_build, NULL, out, diag);
}

/* data/kpi-aliases.csv, embedded at build time (kpi-aliases-data.c). */
extern const char cs_kpi_aliases_csv[];
extern const size_t cs_kpi_aliases_csv_len;

const cs_aliases_t *
cs_aliases_builtin(void)
{
    static gsize once;
    static cs_aliases_t *builtin;
    if (g_once_init_enter(&once)) {
        cs_aliases_t *a = NULL;
        cs_aliases_load_buffer("kpi-aliases.csv (built in)",
                               cs_kpi_aliases_csv, cs_kpi_aliases_csv_len,
                               &a, NULL);
        builtin = a;
        g_once_init_leave(&once, 1);
    }
    return builtin;
}

/* ---- normalisation -------------------------------------------------------- */

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
static char *
code_key(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p++)
        if (!g_ascii_isspace(*p))
            g_string_append_c(o, g_ascii_toupper(*p));
    return g_string_free(o, FALSE);
}

/* ---- the lookup ----------------------------------------------------------- */

typedef enum entry_kind {
    EK_LABEL,    /* a wedge's wheel label */
    EK_ALIAS,    /* an alias of a wedge or of a base KPI */
    EK_POINT,    /* a data-point name of a wedge */
    EK_SUBPOINT, /* a yes/no sub-point of a wedge */
} entry_kind_t;

typedef struct entry {
    char *key, *skel;
    const char *text;
    entry_kind_t kind;
    long kpi;   /* wedge, or -1 for a base entry */
    long base;  /* index into bases */
    int sub;    /* sub-point number for EK_SUBPOINT */
} entry_t;

typedef struct base {
    char *code;      /* base code (before '/') */
    char *ckey;      /* code_key(code) */
    size_t first, n; /* wedges (contiguous in the framework?) not assumed: */
    GArray *kpis;    /* size_t */
    GPtrArray *categories; /* normalised keys */
} base_t;

struct cs_lookup {
    const cs_framework_t *fw;
    GArray *entries;  /* entry_t */
    GPtrArray *bases; /* base_t* */
    long *kpi_base;   /* wedge -> base */
    char **kpi_ckey;  /* wedge -> code_key(code) */
    GPtrArray *dims;  /* per dimension of fw: GPtrArray of keys */
    GPtrArray *dim_prefix; /* per dimension: code prefix ("EC") */
};

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
        lk->kpi_ckey[k] = code_key(kp->code);
        const char *slash = strchr(kp->code, '/');
        char *bcode = slash ? g_strndup(kp->code, (gsize)(slash - kp->code))
                            : g_strdup(kp->code);
        char *bkey = code_key(bcode);
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
            char *ck = code_key(a->code);
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

static void
found_clear(cs_found_t *f)
{
    memset(f, 0, sizeof *f);
    f->subpoint = -1;
}

static void
found_add(cs_found_t *f, size_t k)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->kpi[i] == k)
            return;
    if (f->n < CS_FOUND_MAX)
        f->kpi[f->n++] = k;
}

static const base_t *
base_of(const cs_lookup_t *lk, size_t k)
{
    return lk->bases->pdata[lk->kpi_base[k]];
}

static int
base_is_split(const base_t *b)
{
    return b->kpis->len > 1;
}

static void
found_base(const cs_lookup_t *lk, cs_found_t *f, long b)
{
    const base_t *bb = lk->bases->pdata[b];
    f->base_only = 1;
    for (size_t i = 0; i < bb->kpis->len; i++)
        found_add(f, g_array_index(bb->kpis, size_t, i));
}

cs_match_t
cs_lookup_code(const cs_lookup_t *lk, const char *text, cs_found_t *out)
{
    found_clear(out);
    long k = cs_framework_find(lk->fw, text);
    char *ck = code_key(text);
    size_t nk = cs_framework_kpi_count(lk->fw);
    for (size_t j = 0; j < nk && k < 0; j++)
        if (!strcmp(lk->kpi_ckey[j], ck))
            k = (long)j;
    if (k >= 0) {
        g_free(ck);
        found_add(out, (size_t)k);
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
        if (l > best_len && !strncmp(ck, bb->ckey, l) && base_is_split(bb)) {
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
        found_clear(&f);
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
    const base_t *b = base_of(lk, found->kpi[0]);
    cs_found_t res = *found;
    res.n = 0;
    res.base_only = 0;
    res.subpoint = -1;
    /* the whole text first (a point name may hold "/": "N/A" is no point,
     * but "Para transport" is) */
    char *key = cs_name_key(point), *skel = cs_name_skeleton(point);
    for (size_t i = 0; i < b->kpis->len; i++) {
        size_t k = g_array_index(b->kpis, size_t, i);
        if (base_is_split(b) && point_matches(lk, k, key, skel))
            found_add(&res, k);
    }
    if (!res.n && !base_is_split(b)) {
        size_t k = g_array_index(b->kpis, size_t, 0);
        int s = subpoint_of(lk, k, key, skel);
        if (s >= 0) {
            found_add(&res, k);
            res.subpoint = s;
        }
    }
    g_free(key);
    g_free(skel);
    if (!res.n && base_is_split(b)) {
        char **parts = split_points(point);
        int all = g_strv_length(parts) > 1;
        for (char **p = parts; *p && all; p++) {
            char *pk = cs_name_key(*p), *ps = cs_name_skeleton(*p);
            int hit = 0;
            for (size_t i = 0; i < b->kpis->len; i++) {
                size_t k = g_array_index(b->kpis, size_t, i);
                if (point_matches(lk, k, pk, ps)) {
                    found_add(&res, k);
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

static int
keys_contain(const GPtrArray *keys, const char *key)
{
    for (size_t i = 0; i < keys->len; i++)
        if (!strcmp(keys->pdata[i], key))
            return 1;
    return 0;
}

/* Keeps, of the candidate wedges in @f, those in @category / @dimension
 * (when that leaves any). */
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
            int in = pass == 0 ? keys_contain(lk->dims->pdata[kp->dimension],
                                              ck)
                               : keys_contain(base_of(lk, k)->categories, ck);
            if (in)
                found_add(&keep, k);
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
            found_add(f, (size_t)e->kpi);
        } else {
            any_base = 1;
            const base_t *b = lk->bases->pdata[e->base];
            for (size_t j = 0; j < b->kpis->len; j++)
                found_add(f, g_array_index(b->kpis, size_t, j));
        }
        base = base == -2 ? e->base : (base == e->base ? base : -1);
    }
    if (any_base && base >= 0 &&
        base_is_split(lk->bases->pdata[base]))
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
    found_clear(out);
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
        found_clear(&f);
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
            found_add(out, (size_t)best_k);
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
        char *ck = code_key(text);
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
        if (keys_contain(lk->dims->pdata[d], k)) {
            hit = 1;
            *is_dimension = 1;
        }
    if (k != key && !hit) {
        hit = 1; /* "Dimension: something": a title all the same */
        *is_dimension = 1;
    }
    for (size_t b = 0; b < lk->bases->len && !hit; b++)
        if (keys_contain(((base_t *)lk->bases->pdata[b])->categories, key))
            hit = 1;
    g_free(key);
    return hit;
}

char *
cs_lookup_points_text(const cs_lookup_t *lk, size_t k)
{
    const base_t *b = base_of(lk, k);
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
