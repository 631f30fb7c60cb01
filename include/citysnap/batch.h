/* SPDX-License-Identifier: MIT */
/* Batch rendering: a manifest of cities, rendered in parallel. */
#ifndef CITYSNAP_BATCH_H
#define CITYSNAP_BATCH_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/score.h>
#include <citysnap/text.h>
#include <citysnap/render.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One city of a manifest. Strings borrowed from the manifest. */
typedef struct cs_manifest_entry {
    const char *id;      /* safe file-name stem (see cs_manifest_check_id) */
    const char *name;    /* display name */
    const char *file;    /* city CSV, resolved against the manifest's folder */
    const char *targets; /* targets CSV, resolved; NULL when none */
    const char *manifest;/* the manifest's file name (for messages) */
    unsigned line;       /* line of this row in the manifest */
    unsigned file_column;/* column of the file field (for messages) */
    const char *previous;/* an earlier verification's city file, resolved;
                            NULL when none (column "previous") */
    unsigned previous_column; /* its column (for messages) */
    int year;            /* the data's year (column "year", 1900 to 2999),
                            printed with the name; 0 when none */
} cs_manifest_entry_t;

typedef struct cs_manifest cs_manifest_t;

/** Longest city id, in bytes. */
#define CS_ID_MAX_BYTES 128

/**
 * Reads a manifest CSV: columns id, name, file required; targets optional;
 * others ignored. Paths are relative to the manifest's folder (absolute
 * paths are kept). Ids must pass cs_manifest_check_id() and be unique (ignoring
 * case, so two outputs can never collide on a case-insensitive disk); names
 * must not contain control characters. Reports every problem as
 * FILE:LINE:COLUMN. Free with cs_manifest_free(); *@out NULL on failure.
 * Data files are not opened here: a missing one fails only its city.
 */
CS_API cs_status_t cs_manifest_load(const char *path, cs_manifest_t **out,
                                    cs_diag_t *diag);
/** cs_manifest_load() from memory: @name in messages, relative paths
 * resolved against @dir. Same ownership and failure rules. */
CS_API cs_status_t cs_manifest_load_buffer(const char *name, const char *dir,
                                           const char *data, size_t len,
                                           cs_manifest_t **out,
                                           cs_diag_t *diag);
/** Frees @m; NULL allowed. Reports made from @m must be freed first. */
CS_API void cs_manifest_free(cs_manifest_t *m);
/** Number of cities (0 for NULL). */
CS_API size_t cs_manifest_count(const cs_manifest_t *m);
/** City @i; borrowed, valid while @m lives. NULL when out of range. */
CS_API const cs_manifest_entry_t *cs_manifest_get(const cs_manifest_t *m,
                                                  size_t i);

/**
 * Whether @id can name an output file inside a folder, also one copied to
 * Windows, a share or macOS: checked in Unicode NFC, non-empty UTF-8 of at
 * most CS_ID_MAX_BYTES; no '/', '\\', ':', '<', '>', '"', '|', '?', '*',
 * control or invisible characters (zero-width, bidirectional controls,
 * non-breaking spaces), no ".."; not starting with '.' or '-', not ending
 * with '.' or a space; not a Windows device name (CON, PRN, AUX, NUL,
 * COM1-9, LPT1-9, also with an extension). Letters beyond ASCII are
 * allowed. CS_OK when it can; CS_ERR_INVALID with the reason in @diag
 * when not; CS_ERR_ARG for a NULL @id. A manifest stores its ids in NFC
 * and refuses two that are equal ignoring case.
 */
CS_API cs_status_t cs_manifest_check_id(const char *id, cs_diag_t *diag);

/** One written file of a city. Strings owned by the report. */
typedef struct cs_batch_file {
    cs_format_t format;
    const char *path; /* DIR/<id><extension> */
    size_t bytes;
} cs_batch_file_t;

/** The outcome of one city. Borrowed from the report. */
typedef struct cs_batch_city {
    const cs_manifest_entry_t *entry;
    cs_status_t status;        /* CS_OK: every requested file written */
    const cs_diag_t *diag;     /* this city's problems (FILE:LINE:COLUMN) */
    size_t n_files;            /* files written (in format order) */
    cs_batch_file_t files[CS_FORMAT_COUNT];
    const cs_scores_t *scores; /* NULL when the city failed before scoring */
    size_t fit[CS_FIT_COUNT];  /* labels per cs_fit_outcome_t (last render) */
    /* the progress since the entry's previous verification (scored with
     * the same targets); NULL when it has none or when scores are
     * dropped. A renderer made with cs_render_options_t.progress draws
     * it on the wheel. */
    const struct cs_comparison *previous;
} cs_batch_city_t;

/** Progress callback: called once per finished city, from worker threads
 * but never concurrently (the batch serialises the calls). */
typedef void (*cs_batch_progress_fn)(void *user, size_t done, size_t total,
                                     const cs_batch_city_t *city);

typedef struct cs_batch_options {
    const char *outdir;       /* created when missing (with parents) */
    unsigned formats;         /* bit (1u << cs_format_t) per format; 0: PNG */
    unsigned threads;         /* 0: one per core */
    const cs_output_t *output;/* sizes (format ignored); NULL: defaults */
    const char *book;         /* multi-page PDF of every wheel; NULL: none */
    cs_batch_progress_fn progress;
    void *user;
    /* 1: free each city's scores once its files are written
     * (cs_batch_city_t.scores is then NULL in the report, and the JSON
     * manifest has no scores), so that memory stays flat however many
     * cities there are. Ignored with a book, which draws from them. */
    int drop_scores;
    /* 1: the book has each city's KPI tables (as `citysnap report` draws
     * them) on the pages after its wheel */
    int book_tables;
    /* Groups and dimensions with less than this % of their KPIs scored
     * get the band "fewdata" (see cs_scores_compute_cov); 0: never. */
    double min_coverage;
} cs_batch_options_t;

typedef struct cs_batch_report cs_batch_report_t;

/**
 * Renders every city of @m with @r (scored with @fw and @bands; each
 * city's targets file, if any, is loaded once per distinct path) into
 * @opts->outdir as <id>.<ext> per format, in parallel on @opts->threads
 * threads. A city that fails (unreadable or invalid file, render error) is
 * recorded with its diagnostics and the others go on. Files are written
 * atomically, so an interrupted batch leaves only whole files. The book,
 * when asked for, has an overview page of small multiples followed by one
 * page per rendered city in manifest order. Output is byte-identical
 * whatever the number of threads.
 *
 * Returns CS_OK when every city and the book were written; otherwise the
 * status of the first failure, with *@out still set (inspect it). Only
 * when *@out is NULL (bad options, out of memory, output folder not
 * creatable) did nothing run; @diag says why. Free with
 * cs_batch_report_free().
 */
CS_API cs_status_t cs_batch_run(const cs_renderer_t *r,
                                const cs_framework_t *fw,
                                const cs_bands_t *bands,
                                const cs_manifest_t *m,
                                const cs_batch_options_t *opts,
                                cs_batch_report_t **out, cs_diag_t *diag);
/** Frees @rep; NULL allowed. */
CS_API void cs_batch_report_free(cs_batch_report_t *rep);
/** Number of cities in the report (0 for NULL). */
CS_API size_t cs_batch_report_count(const cs_batch_report_t *rep);
/** Outcome of city @i (manifest order); borrowed, valid while @rep
 * lives. NULL when out of range. */
CS_API const cs_batch_city_t *cs_batch_report_get_city(
    const cs_batch_report_t *rep, size_t i);
/** Cities that failed. */
CS_API size_t cs_batch_report_failed(const cs_batch_report_t *rep);
/** Status of writing the book (CS_OK when none was asked for; CS_ERR_ARG
 * for a NULL @rep). */
CS_API cs_status_t cs_batch_report_book_status(const cs_batch_report_t *rep);
/** Diagnostics about the whole batch (targets files, book). */
CS_API const cs_diag_t *cs_batch_report_diag(const cs_batch_report_t *rep);

/**
 * Writes a JSON description of the batch to @path (atomically): per city
 * its id, name, data file, status and messages, the files written with
 * their sizes, the band and % of target of every KPI, group and dimension
 * scores, and fit-report counts; plus totals. Deterministic.
 */
CS_API cs_status_t cs_batch_report_write_json(const cs_batch_report_t *rep,
                                              const cs_framework_t *fw,
                                              const char *path,
                                              cs_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
