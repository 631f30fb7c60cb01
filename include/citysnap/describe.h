/* SPDX-License-Identifier: MIT */
/*
 * Plain-language descriptions of a city's wheel, for readers who cannot
 * see it: a summary ("Economy: 12 of 51 KPI wedges at 95+ % of target,
 * ...") and a data table (CSV or HTML) of every KPI wedge. The texts use
 * the framework's and the band table's labels, so a translated framework
 * gives translated names (the sentence frame itself is English).
 */
#ifndef CITYSNAP_DESCRIBE_H
#define CITYSNAP_DESCRIBE_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/score.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The summary: a first line naming the city (@name may be NULL) and the
 * number of KPI wedges, then one line per dimension with the number of
 * wedges in each band, in legend order. New string (free()), NULL on OOM.
 */
CS_API char *cs_describe_summary(const cs_framework_t *fw,
                                 const cs_bands_t *bands,
                                 const cs_scores_t *scores, const char *name);

/** One wedge in words: "LABEL (GROUP, DIMENSION): VALUE UNIT, TARGET, band
 * BAND." New string (free()), NULL on OOM. */
CS_API char *cs_describe_kpi(const cs_framework_t *fw,
                             const cs_bands_t *bands,
                             const cs_scores_t *scores, size_t kpi);

typedef enum cs_table_format {
    CS_TABLE_CSV = 0,
    CS_TABLE_HTML = 1
} cs_table_format_t;

/**
 * The data table: one row per KPI wedge in wheel order with the columns
 * code, dimension, group, label, value, unit, target, percent, band
 * (label), band_key. CSV: RFC 4180, numbers with a decimal point. HTML: a
 * complete document (lang @lang, NULL: "en") with a captioned table.
 * New string (free()), NULL on OOM.
 */
CS_API char *cs_describe_table(const cs_framework_t *fw,
                               const cs_bands_t *bands,
                               const cs_scores_t *scores, const char *name,
                               cs_table_format_t format, const char *lang);

#ifdef __cplusplus
}
#endif
#endif
