/* SPDX-License-Identifier: MIT */
/* Internals shared by batch.c, book.c and report-json.c: a batch's jobs
 * and its report. */
#ifndef CS_BATCH_PRIVATE_H
#define CS_BATCH_PRIVATE_H

#include <glib.h>

#include <citysnap/batch.h>
#include <citysnap/compare.h>

/* What a render holds besides its PNG surface, in pixel equivalents (4
 * bytes each): 8 MB. */
#define CS_BATCH_JOB_PIXELS 2e6

typedef struct city_job {
    cs_batch_city_t pub;
    cs_diag_t *diag;
    cs_scores_t *scores;
    cs_comparison_t *previous; /* NULL: no previous verification */
    char *paths[CS_FORMAT_COUNT];
    const cs_targets_t *targets; /* shared, owned by the report */
    cs_status_t targets_status;  /* != CS_OK: the targets file failed */
} city_job;

struct cs_batch_report {
    const cs_manifest_t *manifest;
    city_job *jobs;
    size_t n;
    size_t failed;
    cs_status_t book_status;
    cs_diag_t *diag;
    GHashTable *targets; /* path -> cs_targets_t* (NULL value: failed) */
    GPtrArray *target_list;
    /* shared read-only state for the workers */
    const cs_renderer_t *renderer;
    const cs_framework_t *fw;
    const cs_bands_t *bands;
    const cs_batch_options_t *opts;
    cs_output_t output;
    int outdir_fd;       /* the output folder: every city file is written
                          * relative to it (openat/renameat) */
    unsigned threads;    /* cities rendered at once (the memory budget) */
    GMutex lock; /* serialises progress calls and the done counter */
    size_t done;
};

/* Writes the profile book of @rep's rendered cities to @path (atomically);
 * problems go to @rep's diagnostics. */
cs_status_t cs_book_write(cs_batch_report_t *rep, const char *path);

#endif
