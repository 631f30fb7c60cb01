/* SPDX-License-Identifier: MIT */
/* citysnap status codes and diagnostics (file:line:column messages). */
#ifndef CITYSNAP_STATUS_H
#define CITYSNAP_STATUS_H

#include <stddef.h>
#include <citysnap/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * cs_status_t:
 * Result of every fallible citysnap call. Numbers never change; new codes
 * are added before CS_STATUS_COUNT.
 */
typedef enum cs_status {
    CS_OK = 0,              /* 0 - success */
    CS_ERR_NOMEM = 1,       /* 1 - out of memory */
    CS_ERR_IO = 2,          /* 2 - a file could not be read or written */
    CS_ERR_PARSE = 3,       /* 3 - malformed input (CSV syntax, number, encoding) */
    CS_ERR_INVALID = 4,     /* 4 - well-formed input with invalid content */
    CS_ERR_LIMIT = 5,       /* 5 - input exceeds a documented limit */
    CS_ERR_FONT = 6,        /* 6 - fonts could not be loaded */
    CS_ERR_RENDER = 7,      /* 7 - cairo reported a drawing error */
    CS_ERR_ARG = 8,         /* 8 - invalid argument from the caller */
    CS_ERR_FIT = 9,         /* 9 - a label had to be truncated (strict mode) */
    CS_STATUS_COUNT         /* number of codes; never returned */
} cs_status_t;

/** Returns a constant English description of @status. Never NULL. */
CS_API const char *cs_status_to_string(cs_status_t status);

/**
 * cs_diag_entry_t:
 * One diagnostic. @file may be NULL (no file involved); @line and @column
 * are 1-based, 0 when not applicable. Strings are owned by the cs_diag_t.
 */
typedef struct cs_diag_entry {
    cs_status_t status;
    const char *file;
    unsigned line;
    unsigned column;
    const char *message;
} cs_diag_entry_t;

/**
 * cs_diag_t:
 * An ordered list of diagnostics collected by one call (or several calls
 * sharing it). Not thread-safe: use one per thread. Functions taking a
 * `cs_diag_t *diag` accept NULL, meaning "don't collect messages".
 */
typedef struct cs_diag cs_diag_t;

/** Creates an empty list. Free with cs_diag_free(). Returns NULL on OOM. */
CS_API cs_diag_t *cs_diag_new(void);
/** Frees @diag and its entries. NULL is allowed. */
CS_API void cs_diag_free(cs_diag_t *diag);
/** Removes all entries. */
CS_API void cs_diag_clear(cs_diag_t *diag);
/** Number of problems reported, including those beyond the storage limit
 * (see CS_DIAG_MAX_ENTRIES) that cs_diag_get() cannot return. 0 for NULL. */
CS_API size_t cs_diag_reported_count(const cs_diag_t *diag);
/** Number of stored entries, those cs_diag_get() returns (at most
 * CS_DIAG_MAX_ENTRIES). 0 for NULL. */
CS_API size_t cs_diag_entry_count(const cs_diag_t *diag);
/** Entry @i (0-based, < cs_diag_entry_count()); borrowed, valid until the
 * list changes. NULL when out of range. */
CS_API const cs_diag_entry_t *cs_diag_get(const cs_diag_t *diag, size_t i);
/**
 * Formats entry @e as "FILE:LINE:COLUMN: message" (parts omitted when
 * unknown). Returns a newly allocated string to free with free(), or NULL.
 */
CS_API char *cs_diag_entry_format(const cs_diag_entry_t *e);

/**
 * Returns a copy of @text with the characters a terminal must not get raw
 * escaped as messages show them: C0 controls and DEL as \xNN, C1
 * controls, bidirectional controls, zero-width characters, non-ASCII
 * spaces and byte order marks as \uXXXX, bytes that are not UTF-8 as
 * \xNN. Diagnostics are escaped already; this is for other text from
 * files that a program prints. free(); NULL when @text is NULL or on OOM.
 */
CS_API char *cs_diag_escape(const char *text);

/** At most this many entries are stored; further ones are only counted. */
#define CS_DIAG_MAX_ENTRIES 200

#ifdef __cplusplus
}
#endif
#endif
