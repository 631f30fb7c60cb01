/* SPDX-License-Identifier: MIT */
/* Internal helpers shared by the library's modules. Not installed. */
#ifndef CS_PRIVATE_H
#define CS_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

/*
 * Opens the input file @path for reading without ever blocking on the
 * open (a FIFO without a writer, a device). Only regular files are
 * accepted, and /dev/stdin, whatever it is (a pipe, a terminal, a file),
 * because naming it asks for it. Returns a blocking descriptor, or -1
 * with a message ("cannot open: ...", "cannot read: a named pipe
 * (FIFO), not a regular file ...") in @why.
 */
int cs_open_input(const char *path, char *why, size_t why_len);

/*
 * Escapes the characters a message must not print as they are (C0/C1
 * controls and DEL as \x1B / \u0085, bidirectional controls, zero-width
 * characters, non-breaking and other non-ASCII spaces, byte order marks,
 * bytes that are not UTF-8) in @file and @message, and appends to the
 * message what each escaped character is. Sets two new strings (g_free;
 * *@file_out NULL when @file is NULL).
 */
void cs_escape_message(const char *file, const char *message,
                       char **file_out, char **message_out);

/* Free texts (the title, the city name, the source line) are at most
 * CS_RENDER_MAX_TEXT_CHARS characters: CS_OK, or CS_ERR_LIMIT naming
 * @what ("title"). NULL is fine. (src/fit.c) */
cs_status_t cs_text_check_length(const char *what, const char *text,
                                 cs_diag_t *diag);

/* What the hidden character @c is ("zero-width space", "bidirectional
 * control", ...), or NULL when it prints as it is. The one list of such
 * characters: messages escape them, ids refuse them. */
const char *cs_hidden_char_kind(uint32_t c);

/* A year as a manifest or a command line writes it: four digits (blanks
 * around allowed), 1900 to 2999, into *@out. 0, or -1 when it is not one. */
static inline int
cs_year_parse(const char *s, int *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    int v = 0, n = 0;
    for (; *s >= '0' && *s <= '9' && n < 5; s++, n++)
        v = v * 10 + (*s - '0');
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s || n != 4 || v < 1900 || v > 2999)
        return -1;
    *out = v;
    return 0;
}

/* Whether @year is one cs_output_t.year takes (0: none). */
static inline int
cs_year_ok(int year)
{
    return year == 0 || (year >= 1900 && year <= 2999);
}

#endif
