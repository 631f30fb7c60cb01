/* SPDX-License-Identifier: MIT */
/*
 * The describe texts without argument checks, for the library's own
 * painters, which have checked their scores against the framework once.
 * Each returns a new string (free()) or NULL on OOM; @words NULL: English.
 */
#ifndef CS_DESCRIBE_PRIVATE_H
#define CS_DESCRIBE_PRIVATE_H

#include <citysnap/describe.h>
#include <citysnap/compare.h>

#include <glib.h>

char *cs_describe_summary_text(const cs_framework_t *fw,
                               const cs_bands_t *bands,
                               const cs_scores_t *scores, const char *name,
                               const cs_describe_words_t *words);
char *cs_describe_kpi_text(const cs_framework_t *fw, const cs_bands_t *bands,
                           const cs_scores_t *scores, size_t i,
                           const cs_describe_words_t *words);
char *cs_describe_table_text(const cs_framework_t *fw,
                             const cs_bands_t *bands,
                             const cs_scores_t *scores, const char *name,
                             cs_table_format_t format, const char *lang,
                             const cs_describe_words_t *words);
/* cs_describe_agg() followed by the coverage sentence of @a;
 * @min_coverage is what the scores used (cs_scores_min_coverage). */
char *cs_describe_agg_cov(const char *name, int dimension,
                          const cs_agg_score_t *a, const cs_bands_t *bands,
                          const cs_describe_words_t *words,
                          double min_coverage);
/* The coverage sentence of @a: "13 of 51 KPIs scored." and, below
 * @min_coverage, that the ring shows not enough data; NULL when @a is
 * NULL. */
char *cs_describe_coverage(const cs_agg_score_t *a,
                           const cs_describe_words_t *words,
                           double min_coverage);
/* cs_describe_colours() without checks; NULL on OOM. */
char *cs_describe_colours_text(const cs_scores_t *scores,
                               const cs_describe_words_t *words);

/* cs_describe_number() and cs_describe_progress() without checks. */
char *cs_describe_number_text(double v, int decimals, int sign,
                              const cs_describe_words_t *words);
struct cs_comparison;
char *cs_describe_progress_text(const cs_framework_t *fw,
                                const struct cs_comparison *cmp,
                                const cs_scores_t *current,
                                const cs_describe_words_t *words);

/* The words of a kind of change ("up a band"; "" for none). */
const char *cs_describe_change_word(const cs_describe_words_t *w,
                                    cs_change_t c);
/* "Previous verification: 66 – 95 % of target (up a band)." for KPI @i
 * of @cmp; NULL when @cmp has no KPI @i. */
char *cs_describe_kpi_previous_text(const cs_bands_t *bands,
                                    const struct cs_comparison *cmp, size_t i,
                                    const cs_describe_words_t *words);

/* Shared by describe.c and describe-table.c. */

/* The text of @g as a new string (free()); frees @g. */
char *cs_describe_finish(GString *g);
/* @w, or the English words initialised in @buf when @w is NULL. */
const cs_describe_words_t *
cs_describe_words_or_english(const cs_describe_words_t *w,
                             cs_describe_words_t *buf);

#endif
