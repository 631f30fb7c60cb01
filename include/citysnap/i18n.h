/* SPDX-License-Identifier: MIT */
/*
 * Translations of the wheel's texts (data/labels-LANG.csv, e.g.
 * labels-nb.csv for Norwegian Bokmål). Columns kind,key,text[,source]:
 *   kpi,CODE,...            KPI wedge label (code as in the framework)
 *   dimension,ENGLISH,...   dimension name as in the framework
 *   group,ENGLISH,...       group name as in the framework
 *   legend,BANDKEY,...      legend label of a band (95plus...)
 *   source,line,...         the source line
 *   text,KEY,...            other texts (e.g. title-prefix)
 * A translation makes a translated framework (same codes, order, units,
 * directions and targets: city files and scores are unchanged) and legend
 * labels for cs_style_bands(); label fitting then works on the translated
 * words as on any others.
 */
#ifndef CITYSNAP_I18N_H
#define CITYSNAP_I18N_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/bands.h>
#include <citysnap/framework.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Immutable after loading: share freely between threads. */
typedef struct cs_translation cs_translation_t;

/** Reads a translation table for language @lang (a BCP 47 tag, "nb").
 * Unknown kinds, empty texts and duplicates are errors with their line. */
CS_API cs_status_t cs_translation_load(const char *path, const char *lang,
                                       cs_translation_t **out,
                                       cs_diag_t *diag);
/** cs_translation_load() from memory: @name in messages. Same ownership
 * and failure rules. */
CS_API cs_status_t cs_translation_load_buffer(const char *name,
                                              const char *lang,
                                              const char *data, size_t len,
                                              cs_translation_t **out,
                                              cs_diag_t *diag);
/** Frees @t; NULL allowed. Strings borrowed from @t (labels, frames) end
 * with it. */
CS_API void cs_translation_free(cs_translation_t *t);

/** The language tag given when loading. */
CS_API const char *cs_translation_lang(const cs_translation_t *t);
/** The translation of (@kind, @key), or NULL when the table has none. */
CS_API const char *cs_translation_get(const cs_translation_t *t,
                                      const char *kind, const char *key);

/**
 * A translated copy of @fw: KPI labels, group and dimension names replaced
 * where the table has them; the others stay in English and their number
 * (each text once) goes to *@missing when @missing is not NULL. Codes,
 * order, units, directions and targets are those of @fw, so scores
 * computed with @fw draw and describe with the copy. On success *@out is
 * a new framework to free with cs_framework_free(); on failure it is NULL
 * (CS_ERR_ARG for NULL @t, @fw or @out).
 */
CS_API cs_status_t cs_translation_framework(const cs_translation_t *t,
                                            const cs_framework_t *fw,
                                            cs_framework_t **out,
                                            size_t *missing,
                                            cs_diag_t *diag);
/** Fills @labels[CS_BAND_COUNT] with the legend texts (NULL where none),
 * borrowed from @t: pass them to cs_style_bands(). */
CS_API void cs_translation_band_labels(const cs_translation_t *t,
                                       const char *labels[CS_BAND_COUNT]);

#ifdef __cplusplus
}
#endif
#endif
