/* SPDX-License-Identifier: MIT */
/* A city's KPI values (city CSV) and target tables (targets CSV). */
#ifndef CITYSNAP_CITY_H
#define CITYSNAP_CITY_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Per-KPI data of a city; one per framework KPI, in framework order. */
typedef struct cs_city_entry {
    double value;      /* NaN: no value */
    double target;     /* NaN: no override in the city file */
    double percent;    /* NaN: not given in the city file */
    int has_band;      /* 1 when the city file gave a band */
    cs_band_t band;    /* valid when has_band */
    const char *source;/* "" when none; borrowed */
    unsigned line;     /* line in the city file, 0 when absent */
} cs_city_entry_t;

typedef struct cs_city cs_city_t;

/**
 * Reads a city file against @fw: columns code and value required; target,
 * percent, band, source optional; other columns ignored. Accepts UTF-8
 * with or without BOM, CRLF, comma/semicolon/tab delimiters (sniffed from
 * the header), decimal comma when the delimiter is not a comma, quoted
 * fields and blank lines. Reports every problem of the file to @diag as
 * FILE:LINE:COLUMN. On failure *@out is NULL. Free with cs_city_free().
 */
CS_API cs_status_t cs_city_load(const cs_framework_t *fw, const char *path,
                                cs_city_t **out, cs_diag_t *diag);
/** cs_city_load() from memory: @name in messages, @data need not be
 * NUL-terminated. Same ownership and failure rules. */
CS_API cs_status_t cs_city_load_buffer(const cs_framework_t *fw,
                                       const char *name, const char *data,
                                       size_t len, cs_city_t **out,
                                       cs_diag_t *diag);
/** Frees @city; NULL allowed. */
CS_API void cs_city_free(cs_city_t *city);
/** Entry for framework KPI @i; never NULL for i < kpi count. Borrowed. */
CS_API const cs_city_entry_t *cs_city_get_entry(const cs_city_t *city, size_t i);
/** Number of rows that carried data. */
CS_API size_t cs_city_data_row_count(const cs_city_t *city);

/** A target table (targets CSV: columns code,target; others ignored; the
 * metadata rows below). */
typedef struct cs_targets cs_targets_t;
/** Reads a targets file against @fw. On success *@out is a new table to
 * free with cs_targets_free(); on failure it is NULL and @diag has every
 * problem as FILE:LINE:COLUMN (CS_ERR_ARG for NULL @fw, @path or @out). */
CS_API cs_status_t cs_targets_load(const cs_framework_t *fw, const char *path,
                                   cs_targets_t **out, cs_diag_t *diag);
/** cs_targets_load() from memory: @name in messages. Same ownership and
 * failure rules. */
CS_API cs_status_t cs_targets_load_buffer(const cs_framework_t *fw,
                                          const char *name, const char *data,
                                          size_t len, cs_targets_t **out,
                                          cs_diag_t *diag);
/** Frees @t; NULL allowed. */
CS_API void cs_targets_free(cs_targets_t *t);
/*
 * Where the targets come from, for the picture's colour note. A targets
 * file may say so in rows whose code is "source" (or "note"), with the
 * text in the target column, and "illustrative" with yes or no (targets
 * made up to show the wheel, not a benchmark anyone set):
 *     code,target
 *     source,"KS municipal targets 2024"
 *     illustrative,no
 * Borrowed strings; NULL (0) when not given or @t is NULL.
 */
CS_API const char *cs_targets_source(const cs_targets_t *t);
/** 1 when the file says its targets are illustrative (0 for NULL). */
CS_API int cs_targets_illustrative(const cs_targets_t *t);
/** The name the file was loaded under (its path). */
CS_API const char *cs_targets_file(const cs_targets_t *t);
/**
 * Replaces the declared source (--targets-note): 1 to
 * 300 characters of UTF-8 after trimming, else
 * CS_ERR_ARG. Call before sharing @t with other threads.
 */
CS_API cs_status_t cs_targets_set_source(cs_targets_t *t, const char *source,
                                         cs_diag_t *diag);
/** Target for KPI @i or NaN. */
CS_API double cs_targets_get(const cs_targets_t *t, size_t i);

#ifdef __cplusplus
}
#endif
#endif
