/* SPDX-License-Identifier: MIT */
/* Scores: what other modules may ask of them beyond the public API. */
#ifndef CS_SCORE_PRIVATE_H
#define CS_SCORE_PRIVATE_H

#include <citysnap/score.h>

/*
 * 1 when @s was computed from @fw or from a framework of the same shape
 * (a translation of it), so that every KPI, group and dimension index of
 * @fw has a score. Painters and describers check this before reading.
 */
int cs_scores_match(const cs_scores_t *s, const cs_framework_t *fw);

/* Scores index KPIs, groups and dimensions of the framework they were
 * computed with; another framework's indices would read past them. */
#define CS_SCORES_MISMATCH                                                    \
    "the scores were computed with another framework than the renderer's"

#endif
