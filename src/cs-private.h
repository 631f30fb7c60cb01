/* SPDX-License-Identifier: MIT */
/* Internal helpers shared by the library's modules. Not installed. */
#ifndef CS_PRIVATE_H
#define CS_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <citysnap/status.h>

#if defined(__GNUC__)
#define CS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CS_PRINTF(a, b)
#endif

/*
 * The only place diagnostics are born (set a breakpoint here). Adds an
 * entry to @diag (NULL allowed) and returns @status, so callers can write
 * `return cs_diag_add(diag, CS_ERR_PARSE, file, line, col, "...")`.
 * @status must not be CS_OK.
 */
cs_status_t cs_diag_add(cs_diag_t *diag, cs_status_t status, const char *file,
                        unsigned line, unsigned column, const char *fmt, ...)
    CS_PRINTF(6, 7);
cs_status_t cs_diag_addv(cs_diag_t *diag, cs_status_t status,
                         const char *file, unsigned line, unsigned column,
                         const char *fmt, va_list ap) CS_PRINTF(6, 0);

/*
 * Reads a whole file into a new NUL-terminated buffer (free with free()).
 * Fails with CS_ERR_IO (message names the file and errno text) or
 * CS_ERR_LIMIT when the file is larger than @max_bytes.
 */
cs_status_t cs_read_file(const char *path, size_t max_bytes, char **data,
                         size_t *len, cs_diag_t *diag);

#endif
