/* SPDX-License-Identifier: MIT */
/* What style.c (loading) and style-apply.c (checking, applying) share. */
#ifndef CS_STYLE_PRIVATE_H
#define CS_STYLE_PRIVATE_H

#include <citysnap/style.h>

#include "cs-private.h"

typedef struct cs_style_entry {
    char *group, *key, *value; /* value unescaped by GKeyFile */
    unsigned line;
} cs_style_entry_t;

struct cs_style {
    char *name;
    char *file;
    cs_style_entry_t *e;
    size_t n;
    cs_rgb_t band[CS_BAND_COUNT];
    int band_set[CS_BAND_COUNT];
    double min_coverage; /* [coverage] min, when min_coverage_set */
    int min_coverage_set;
};

/* Where problems go while a style loads. */
typedef struct cs_style_ctx {
    const char *file;
    cs_diag_t *diag;
    int errors;
} cs_style_ctx_t;

/* The entry for @key in [@group], or NULL. */
const cs_style_entry_t *cs_style_find(const cs_style_t *s, const char *group,
                                      const char *key);
/* Applies every key of @s to @o: [fonts] first, so per-kind families win. */
void cs_style_apply_all(cs_style_ctx_t *c, cs_style_t *s,
                        cs_render_options_t *o);
/* Checks that need several keys; reported at the line of the later key. */
void cs_style_cross_checks(cs_style_ctx_t *c, const cs_style_t *s,
                           const cs_render_options_t *o);

#endif
