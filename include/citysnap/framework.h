/* SPDX-License-Identifier: MIT */
/* The wheel framework: dimensions, groups and KPI wedges in wheel order. */
#ifndef CITYSNAP_FRAMEWORK_H
#define CITYSNAP_FRAMEWORK_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most KPI wedges in a framework: ten times the U4SSC wheel's 108, and a
 *  wheel of 1,000 wedges still draws in well under a second (more would
 *  be unreadable, and drawing time grows with them). */
#define CS_FRAMEWORK_MAX_KPIS 1000u

/** Which way a KPI improves. */
typedef enum cs_direction {
    CS_HIGHER_IS_BETTER = 0,
    CS_LOWER_IS_BETTER = 1,
    CS_DIRECTION_COUNT
} cs_direction_t;

/** One KPI wedge (ring 3). Strings borrowed from the framework. */
typedef struct cs_kpi {
    const char *code;      /* U4SSC code, with "/suffix" for data points */
    const char *label;     /* wheel label as printed */
    const char *unit;      /* "" when unknown */
    cs_direction_t direction;
    double target;         /* NaN when the framework has none */
    size_t group;          /* index into groups */
    size_t dimension;      /* index into dimensions */
} cs_kpi_t;

/** One ring-2 group: a contiguous run of KPIs of one dimension. */
typedef struct cs_group {
    const char *name;
    size_t dimension;
    size_t first_kpi;
    size_t n_kpis;
} cs_group_t;

/** One ring-1 dimension: a contiguous run of groups (and KPIs). */
typedef struct cs_dimension {
    const char *name;
    size_t first_group;
    size_t n_groups;
    size_t first_kpi;
    size_t n_kpis;
} cs_dimension_t;

/** Immutable after loading: safe to share read-only between threads. */
typedef struct cs_framework cs_framework_t;

/**
 * Reads a framework CSV (columns code,dimension,group,label,unit,direction,
 * target; further columns are ignored). Groups and dimensions are formed
 * from consecutive rows; a group or dimension that reappears after another
 * one is an error. All problems of the file are added to @diag.
 * On success *@out is a new framework to free with cs_framework_free();
 * on failure *@out is NULL.
 */
CS_API cs_status_t cs_framework_load(const char *path, cs_framework_t **out,
                                     cs_diag_t *diag);
/** Same, from memory; @name is used in messages. @data need not be NUL-terminated. */
CS_API cs_status_t cs_framework_load_buffer(const char *name, const char *data,
                                            size_t len, cs_framework_t **out,
                                            cs_diag_t *diag);
/** Frees @fw; NULL allowed. Everything made from @fw (cities, targets,
 * layouts, renderers, translations of it) must be freed first. */
CS_API void cs_framework_free(cs_framework_t *fw);

/** Number of KPI wedges (0 for NULL). */
CS_API size_t cs_framework_kpi_count(const cs_framework_t *fw);
/** KPI @i in wheel order; borrowed, valid while @fw lives. NULL for a
 * NULL @fw or @i out of range. */
CS_API const cs_kpi_t *cs_framework_get_kpi(const cs_framework_t *fw, size_t i);
/** Number of groups (ring 2; 0 for NULL). */
CS_API size_t cs_framework_group_count(const cs_framework_t *fw);
/** Group @i; borrowed, valid while @fw lives. NULL when out of range. */
CS_API const cs_group_t *cs_framework_get_group(const cs_framework_t *fw, size_t i);
/** Number of dimensions (ring 1; 0 for NULL). */
CS_API size_t cs_framework_dimension_count(const cs_framework_t *fw);
/** Dimension @i; borrowed, valid while @fw lives. NULL when out of
 * range. */
CS_API const cs_dimension_t *cs_framework_get_dimension(const cs_framework_t *fw,
                                                    size_t i);
/** Index of the KPI with @code, or -1 when there is none. */
CS_API long cs_framework_find(const cs_framework_t *fw, const char *code);

#ifdef __cplusplus
}
#endif
#endif
