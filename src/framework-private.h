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

/*
 * A copy of @fw with other texts: KPI label i from @kpi_labels[i], group
 * and dimension names likewise; a NULL list or a NULL entry keeps the
 * text of @fw. Codes, units, directions, targets and the shape are the
 * same, so scores of @fw stay valid for the copy. A text that is empty,
 * not UTF-8, has a control character or is over the label limit is
 * CS_ERR_INVALID (@name names the source in the message). *@out is a new
 * framework (cs_framework_free()) or NULL on failure.
 */
cs_status_t cs_framework_relabel(const cs_framework_t *fw,
                                 const char *const *kpi_labels,
                                 const char *const *group_names,
                                 const char *const *dim_names,
                                 const char *name, cs_framework_t **out,
                                 cs_diag_t *diag);

#endif
