/* SPDX-License-Identifier: MIT */
/*
 * The lookup's shared state (internal): the alias table and the entry list
 * that lookup.c builds and lookup-fuzzy.c searches.
 */
#ifndef CS_LOOKUP_WORK_PRIVATE_H
#define CS_LOOKUP_WORK_PRIVATE_H

#include "lookup-private.h"

#include <glib.h>

typedef enum alias_kind {
    AK_NAME,
    AK_POINT,
    AK_SUBPOINT,
    AK_CATEGORY,
    AK_DIMENSION,
    AK_COUNT
} alias_kind_t;

typedef struct alias_row {
    const char *code, *text, *lang;
    alias_kind_t kind;
} alias_row_t;

struct cs_aliases {
    GStringChunk *strings;
    alias_row_t *rows;
    size_t n;
};

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
    char *ckey;      /* lk_code_key(code) */
    size_t first, n; /* wedges (contiguous in the framework?) not assumed: */
    GArray *kpis;    /* size_t */
    GPtrArray *categories; /* normalised keys */
} base_t;

struct cs_lookup {
    const cs_framework_t *fw;
    GArray *entries;  /* entry_t */
    GPtrArray *bases; /* base_t* */
    long *kpi_base;   /* wedge -> base */
    char **kpi_ckey;  /* wedge -> lk_code_key(code) */
    GPtrArray *dims;  /* per dimension of fw: GPtrArray of keys */
    GPtrArray *dim_prefix; /* per dimension: code prefix ("EC") */
};

/* Code form for comparing: no white space, ASCII upper case (g_free). */
char *lk_code_key(const char *s);
void lk_found_clear(cs_found_t *f);
void lk_found_add(cs_found_t *f, size_t k);
const base_t *lk_base_of(const cs_lookup_t *lk, size_t k);
int lk_base_is_split(const base_t *b);
int lk_keys_contain(const GPtrArray *keys, const char *key);

#endif
