/* SPDX-License-Identifier: MIT */
/* Batch rendering: a manifest of cities, rendered in parallel. */
#ifndef CITYSNAP_BATCH_H
#define CITYSNAP_BATCH_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One city of a manifest. Strings borrowed from the manifest. */
typedef struct cs_manifest_entry {
    const char *id;      /* safe file-name stem (see cs_id_check) */
    const char *name;    /* display name */
    const char *file;    /* city CSV, resolved against the manifest's folder */
    const char *targets; /* targets CSV, resolved; NULL when none */
    unsigned line;       /* line of this row in the manifest */
    unsigned file_column;/* column of the file field (for messages) */
} cs_manifest_entry_t;

typedef struct cs_manifest cs_manifest_t;

/** Longest city id, in bytes. */
#define CS_ID_MAX_BYTES 128

/**
 * Reads a manifest CSV: columns id, name, file required; targets optional;
 * others ignored. Paths are relative to the manifest's folder (absolute
 * paths are kept). Ids must pass cs_id_check() and be unique (ignoring
 * case, so two outputs can never collide on a case-insensitive disk); names
 * must not contain control characters. Reports every problem as
 * FILE:LINE:COLUMN. Free with cs_manifest_free(); *@out NULL on failure.
 * Data files are not opened here: a missing one fails only its city.
 */
CS_API cs_status_t cs_manifest_load(const char *path, cs_manifest_t **out,
                                    cs_diag_t *diag);
CS_API cs_status_t cs_manifest_load_buffer(const char *name, const char *dir,
                                           const char *data, size_t len,
                                           cs_manifest_t **out,
                                           cs_diag_t *diag);
CS_API void cs_manifest_free(cs_manifest_t *m);
CS_API size_t cs_manifest_count(const cs_manifest_t *m);
CS_API const cs_manifest_entry_t *cs_manifest_get(const cs_manifest_t *m,
                                                  size_t i);

/**
 * Whether @id can name an output file inside a folder: non-empty UTF-8 of
 * at most CS_ID_MAX_BYTES, no '/', '\\', ':', control characters, no "..",
 * not starting with '.' or '-'. Letters beyond ASCII are allowed. Returns
 * NULL when fine, else a constant English reason.
 */
CS_API const char *cs_id_check(const char *id);

#ifdef __cplusplus
}
#endif
#endif
