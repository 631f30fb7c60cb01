/* SPDX-License-Identifier: MIT */
/*
 * The importer's working state (internal), shared by import.c (header
 * detection and the public API), import-rows.c (row placement) and
 * import-report.c (the mapping report and the city CSV).
 */
#ifndef CS_IMPORT_WORK_PRIVATE_H
#define CS_IMPORT_WORK_PRIVATE_H

#include "import-private.h"
#include "lookup-private.h"

#include <glib.h>

/** Range accepted in the percent column. */
#define CS_CITY_MAX_PERCENT 1000.0
/** Rows searched for the header. */
#define CS_IMPORT_HEADER_ROWS 50u

typedef enum role {
    R_NONE,
    R_CODE,
    R_NAME,
    R_VALUE,
    R_UNIT,
    R_TARGET,
    R_PERCENT,
    R_BAND,
    R_SOURCE,
    R_CATEGORY,
    R_DIMENSION,
    R_IGNORED,
    R_COUNT
} role_t;

/* Role -> the column name used in messages. */
extern const char *const imp_role_names[R_COUNT];

typedef struct row_rec {
    char *position;
    unsigned line;
    char *text;
    cs_match_t match;
    size_t n_kpis;
    size_t kpis[CS_FOUND_MAX];
    char *note;
    char *provenance; /* "FILE, line 12" */
    char *source;     /* the table's own source cell ("" when none) */
} row_rec_t;

struct cs_import {
    const cs_framework_t *fw;
    cs_city_t *city;
    GArray *rows; /* row_rec_t */
    cs_import_row_t *pub;
    cs_diag_t *warnings;
    char *input; /* path of the input file, NULL for a buffer */
    int canonical;
    const char *encoding; /* how a text file was decoded, or NULL */
    size_t *wedge_row; /* wedge -> row index + 1 in rows (0: none) */
};

typedef struct ctx {
    const cs_table_t *t;
    const cs_framework_t *fw;
    cs_lookup_t *lk;
    cs_import_t *imp;
    cs_diag_t *diag;
    cs_status_t st;
    long col[R_COUNT];
    size_t header;        /* header row index */
    char *dimension;      /* section context */
    char *category;
    unsigned *first_line; /* wedge -> first line (0: not yet) */
    /* yes/no sub-points: per wedge, answers (-1 none, 0 no, 1 yes) */
    signed char **sub;
} ctx_t;

void
imp_fail(ctx_t *c, const cs_tcell_t *cell, unsigned row, cs_status_t st,
     const char *fmt, ...) CS_PRINTF(5, 6);


void
imp_warn(ctx_t *c, const cs_tcell_t *cell, unsigned row, const char *fmt, ...)
    CS_PRINTF(4, 5);


/* Roles of row @r into @cols; returns 1 when it is a header (an id column
 * and a value column), 0 otherwise; *@words is how many cells were
 * column names. */
int imp_row_roles(const cs_table_t *t, size_t r, long cols[R_COUNT],
                  size_t *words);
/* Places row @r (after the header) into the city. */
void imp_do_row(ctx_t *c, size_t r);
/* Sub-point answers -> the wedge's value (the share of YES). */
void imp_finish_subpoints(ctx_t *c);

#endif
