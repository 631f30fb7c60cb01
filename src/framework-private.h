/* SPDX-License-Identifier: MIT */
/* The framework: what other modules may ask of it beyond the public API. */
#ifndef CS_FRAMEWORK_PRIVATE_H
#define CS_FRAMEWORK_PRIVATE_H

#include <stdint.h>
#include <citysnap/framework.h>

/*
 * A fingerprint of the wheel's shape: the KPI codes in order and where
 * each group and dimension starts and ends (not the labels, so a
 * translation of a framework has the same shape). Scores, renderers and
 * describers compare shapes so that indices of one framework are never
 * read through another. 0 for NULL.
 */
uint64_t cs_framework_shape(const cs_framework_t *fw);

#endif
