/* SPDX-License-Identifier: MIT */
/*
 * Real data in: turns a table as it is published (a U4SSC verification
 * report's KPI table, a factsheet, a city's own spreadsheet, a citysnap
 * template or a canonical city file) into a city, with a mapping report
 * that says how every row was placed.
 *
 * Rows are found by code, by wheel label or by alias (data/kpi-aliases.csv:
 * ITU names, report spellings, Norwegian names, each with its source), with
 * the name normalisation described in src/lookup-private.h and README.md
 * ("From your report or spreadsheet to a wheel"). A row that matches no
 * wedge, or more than one, is an error at its position with the nearest
 * candidates; nothing is dropped silently.
 */
#ifndef CITYSNAP_IMPORT_H
#define CITYSNAP_IMPORT_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/city.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How a row was matched to its wedge(s). */
typedef enum cs_match {
    CS_MATCH_NONE = 0,  /* not placed (a section title, or an error) */
    CS_MATCH_CODE = 1,  /* by its code (normalised: spaces, case) */
    CS_MATCH_LABEL = 2, /* by the wheel label */
    CS_MATCH_ALIAS = 3, /* by a name from the alias table */
    CS_MATCH_FUZZY = 4, /* by the nearest name (also a warning) */
    CS_MATCH_COUNT
} cs_match_t;

/** Constant English name of @m ("code", "label", ...); never NULL. */
CS_API const char *cs_match_name(cs_match_t m);

/**
 * An alias table (data/kpi-aliases.csv): columns code, kind, text, lang,
 * source, all required and non-empty. kind is one of name (a KPI or data
 * point name; the code may be a base code such as EC:ICT:ICT:4C),
 * point (a data-point name of that wedge: "3G"), subpoint (a yes/no
 * sub-point of a one-wedge KPI: "Compact"), category (a category or group
 * name of that KPI), dimension (a dimension name; code is the 2-letter
 * prefix, EC, EN or SC). Immutable: share freely. Free with
 * cs_aliases_free(). On failure *@out is NULL and @diag says why.
 */
typedef struct cs_aliases cs_aliases_t;
/** Reads an alias table (see above). */
CS_API cs_status_t cs_aliases_load(const char *path, cs_aliases_t **out,
                                   cs_diag_t *diag);
/** cs_aliases_load() from memory: @name in messages. */
CS_API cs_status_t cs_aliases_load_buffer(const char *name, const char *data,
                                          size_t len, cs_aliases_t **out,
                                          cs_diag_t *diag);
/** Frees @a; NULL allowed (never pass cs_aliases_builtin()). */
CS_API void cs_aliases_free(cs_aliases_t *a);
/** The table built into the library (a copy of data/kpi-aliases.csv at
 *  build time); a static object, never freed. NULL only on out of memory. */
CS_API const cs_aliases_t *cs_aliases_builtin(void);

typedef struct cs_import_options {
    const char *sheet;            /* sheet name; NULL: the first sheet */
    const cs_aliases_t *aliases;  /* NULL: cs_aliases_builtin() */
} cs_import_options_t;

/** Fills @o with the defaults; NULL allowed (does nothing). */
CS_API void cs_import_options_init(cs_import_options_t *o);

/** One row of the table that named a KPI (or tried to). Borrowed. */
typedef struct cs_import_row {
    const char *position;  /* "FILE:LINE:COLUMN" or "FILE:Sheet!C12" */
    unsigned line;         /* line (CSV) or row (sheet), 1-based */
    const char *text;      /* the code or name as written */
    cs_match_t match;
    size_t n_kpis;         /* wedges the row gave a value to (0..8) */
    size_t kpis[8];        /* framework KPI indices */
    const char *note;      /* how it was read ("" when plain) */
} cs_import_row_t;

typedef struct cs_import cs_import_t;

/**
 * Reads the table at @path (any format the library reads: CSV/TSV text,
 * and the spreadsheet formats listed in README.md) against @fw and makes
 * a city. @opts may be NULL (defaults). On success *@out is a new result
 * to free with cs_import_free(); it holds the city, the mapping report and
 * the warnings. On failure *@out is NULL and @diag holds every problem of
 * the table, each at its position. Bad arguments give CS_ERR_ARG.
 */
CS_API cs_status_t cs_import_file(const cs_framework_t *fw, const char *path,
                                  const cs_import_options_t *opts,
                                  cs_import_t **out, cs_diag_t *diag);
/** The same for @len bytes at @data (an uploaded file); @name (may be
 *  NULL) is used in positions and to tell the format apart. @data is not
 *  kept. */
CS_API cs_status_t cs_import_buffer(const cs_framework_t *fw,
                                    const char *name, const void *data,
                                    size_t len,
                                    const cs_import_options_t *opts,
                                    cs_import_t **out, cs_diag_t *diag);
/** Frees @imp and what it still owns; NULL allowed. */
CS_API void cs_import_free(cs_import_t *imp);

/** The city (borrowed, lives as long as @imp). */
CS_API const cs_city_t *cs_import_city(const cs_import_t *imp);
/** Moves the city out of @imp: the caller frees it with cs_city_free(). */
CS_API cs_city_t *cs_import_take_city(cs_import_t *imp);
/** Number of rows that named a KPI or tried to (0 for NULL). */
CS_API size_t cs_import_row_count(const cs_import_t *imp);
/** Row @i; borrowed, valid while @imp lives. NULL when out of range. */
CS_API const cs_import_row_t *cs_import_get_row(const cs_import_t *imp,
                                            size_t i);
/** Number of rows matched by @m (0 for a NULL @imp). */
CS_API size_t cs_import_match_count(const cs_import_t *imp, cs_match_t m);
/** Warnings (messages start with "warning: "); borrowed; NULL only for a
 *  NULL @imp. */
CS_API const cs_diag_t *cs_import_warnings(const cs_import_t *imp);
/** Whether the table was a canonical city file (UTF-8 text, a code
 *  column on line 1, every row matched by code). */
CS_API int cs_import_is_canonical(const cs_import_t *imp);
/** The mapping report as text (one summary line, then every row not
 *  found by code), newly allocated into *@out (free()). CS_ERR_ARG for a
 *  NULL @imp or @out. */
CS_API cs_status_t cs_import_report(const cs_import_t *imp, char **out,
                                    cs_diag_t *diag);
/**
 * The canonical city CSV (code,label,value,target,percent,band,source,
 * rows in wheel order, every wedge the table placed; source names file,
 * sheet and row, then the table's own source) into *@out (free()), its
 * length into *@len (may be NULL). CS_ERR_ARG for a NULL @imp or @out.
 */
CS_API cs_status_t cs_import_city_csv(const cs_import_t *imp, char **out,
                                      size_t *len, cs_diag_t *diag);
/** Writes cs_import_city_csv() to @path atomically; refuses (CS_ERR_ARG)
 *  a @path that is the input file itself. */
CS_API cs_status_t cs_import_write(const cs_import_t *imp, const char *path,
                                   cs_diag_t *diag);

/**
 * Warnings that prevent a wrong picture, added to @warnings (messages
 * start with "warning: "): data but no target for any KPI (from the
 * framework, @targets or the city), values of % KPIs above 100, values
 * of % KPIs that are all at most 1 (fractions?), no @city_name. @file
 * names the city in the messages; @targets may be NULL. *@count (may be
 * NULL) is the number of warnings added. CS_ERR_ARG for a NULL @fw or
 * @city, or a city of another framework.
 */
CS_API cs_status_t cs_city_warnings(const cs_framework_t *fw,
                                    const cs_targets_t *targets,
                                    const cs_city_t *city,
                                    const char *city_name, const char *file,
                                    size_t *count, cs_diag_t *warnings);

/** Template formats. */
typedef enum cs_template_format {
    CS_TEMPLATE_CSV = 0,
    CS_TEMPLATE_XLSX = 1,
    CS_TEMPLATE_FORMAT_COUNT
} cs_template_format_t;

/**
 * A fill-in sheet of every wedge of @fw in wheel order: code, dimension,
 * group, name, unit, direction and empty value, target and band columns.
 * @names (may be NULL: @fw) gives the dimension, group and KPI names
 * (a translated framework with the same codes); @lang "nb" writes the
 * column headers in Norwegian. CSV, or a one-sheet .xlsx ("Template",
 * inline strings; the same bytes every time). Writes *@data (free()) and
 * *@len; on failure *@data is NULL.
 */
CS_API cs_status_t cs_template_build(const cs_framework_t *fw,
                                     const cs_framework_t *names,
                                     const char *lang,
                                     cs_template_format_t fmt, char **data,
                                     size_t *len, cs_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
