/* SPDX-License-Identifier: MIT */
/*
 * KPI lookup (internal): the one place that decides which wedge a code or
 * a name in a table means. Used by the importer (import.c); the rules are
 * documented in include/citysnap/import.h and README.md.
 *
 * Name normalisation (cs_name_key): Unicode NFKC (ligatures such as U+FB01
 * become "fi", U+2113 becomes "l"), case folding, '&' read as "and", every
 * character other than a letter, digit or '%' is a space (so hyphens,
 * slashes and punctuation are spaces, except '.' between two digits as in
 * "PM2.5"), runs of spaces collapse, "wi fi" is "wifi", and each word is
 * made singular ("...ies" -> "...y", a final "s" dropped from words longer
 * than three letters that do not end in "ss"). A second, coarser key
 * (cs_name_skeleton) also drops the spaces, U+FFFD and the letter pairs
 * that PDF text loses with ligatures (ffi, ffl, ff, fi, fl), so that
 * "Tra\xef\xbf\xbdc Monitoring" and "Land ll" still match.
 */
#ifndef CS_LOOKUP_PRIVATE_H
#define CS_LOOKUP_PRIVATE_H

#include <stddef.h>
#include <citysnap/framework.h>
#include <citysnap/import.h>

/** Normalised key of a name (g_free). Never NULL for non-NULL @s. */
char *cs_name_key(const char *s);
/** The coarser key (see above) of a text (g_free). */
char *cs_name_skeleton(const char *s);

typedef struct cs_lookup cs_lookup_t;

/** What a lookup found. */
typedef struct cs_found {
    cs_match_t match;  /* CS_MATCH_NONE: nothing (see the suggestions) */
    size_t n;          /* wedges found (0..CS_FOUND_MAX) */
    size_t kpi[8];     /* framework KPI indices */
    int base_only;     /* the text names a KPI with data points, not one */
    int subpoint;      /* >= 0: a yes/no sub-point of kpi[0] (index) */
    int ambiguous;     /* several KPIs matched and nothing decided */
    char note[160];    /* how it was read, for the mapping report */
} cs_found_t;
#define CS_FOUND_MAX 8

/** Builds the lookup of @fw with @aliases (NULL: codes and labels only).
 *  Returns NULL on out of memory. */
cs_lookup_t *cs_lookup_new(const cs_framework_t *fw,
                           const cs_aliases_t *aliases);
void cs_lookup_free(cs_lookup_t *lk);

/** Looks up a code cell ("EC: I: ES: 1C", "ec:ict:ict:4c/3g",
 *  "EC:ICT:ICT:4C 3G"). Returns the match kind (CS_MATCH_NONE when
 *  nothing). */
cs_match_t cs_lookup_code(const cs_lookup_t *lk, const char *text,
                          cs_found_t *out);
/** Resolves @point (a data-point name) among the data points of the KPI
 *  base of @found (which holds base_only). 0 on success. */
int cs_lookup_point(const cs_lookup_t *lk, const char *point,
                    cs_found_t *found);
/** Looks up a name cell; @category and @dimension (may be NULL or "")
 *  decide between several candidates. */
cs_match_t cs_lookup_name(const cs_lookup_t *lk, const char *text,
                          const char *category, const char *dimension,
                          cs_found_t *out);
/** Up to @max nearest names as "'Label' (CODE)" joined with ", " into a
 *  new string (g_free), or NULL when there is none. */
char *cs_lookup_suggest(const cs_lookup_t *lk, const char *text, int codes,
                        size_t max);
/** Whether @text names a dimension or a category (a section title). */
int cs_lookup_is_section(const cs_lookup_t *lk, const char *text,
                         int *is_dimension);
/** The data points of the base KPI of wedge @k as "3G, 4G" (g_free). */
char *cs_lookup_points_text(const cs_lookup_t *lk, size_t k);
/** Number of yes/no sub-points of wedge @k (0 when it has none). */
size_t cs_lookup_subpoint_count(const cs_lookup_t *lk, size_t k);
const char *cs_lookup_subpoint_name(const cs_lookup_t *lk, size_t k,
                                    size_t i);

#endif
