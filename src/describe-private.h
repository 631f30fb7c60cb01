/* SPDX-License-Identifier: MIT */
/*
 * The describe texts without argument checks, for the library's own
 * painters, which have checked their scores against the framework once.
 * Each returns a new string (free()) or NULL on OOM; @words NULL: English.
 */
#ifndef CS_DESCRIBE_PRIVATE_H
#define CS_DESCRIBE_PRIVATE_H

#include <citysnap/describe.h>

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

#endif
