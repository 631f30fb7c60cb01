/* SPDX-License-Identifier: MIT */
/* Status strings and the diagnostic list. */
#include "cs-private.h"
#include "cs-gettext.h"

#include <citysnap/version.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include <citysnap/citysnap.h>
#include "cs-config.h"

struct cs_diag {
    cs_diag_entry_t *entries;
    size_t stored;
    size_t count;
};

const char *
cs_status_to_string(cs_status_t status)
{
    /* No default: -Wswitch-enum flags a code without a string. */
    switch (status) {
    case CS_OK: return "success";
    case CS_ERR_NOMEM: return "out of memory";
    case CS_ERR_IO: return "input/output error";
    case CS_ERR_PARSE: return "malformed input";
    case CS_ERR_INVALID: return "invalid input";
    case CS_ERR_LIMIT: return "input exceeds a limit";
    case CS_ERR_FONT: return "fonts could not be loaded";
    case CS_ERR_RENDER: return "rendering failed";
    case CS_ERR_ARG: return "invalid argument";
    case CS_ERR_FIT: return "a label had to be truncated";
    case CS_STATUS_COUNT: break;
    }
    return "unknown status";
}

cs_diag_t *
cs_diag_new(void)
{
    return calloc(1, sizeof(cs_diag_t));
}

void
cs_diag_clear(cs_diag_t *diag)
{
    if (!diag)
        return;
    for (size_t i = 0; i < diag->stored; i++) {
        free((char *)diag->entries[i].file);
        free((char *)diag->entries[i].message);
    }
    free(diag->entries);
    diag->entries = NULL;
    diag->stored = 0;
    diag->count = 0;
}

void
cs_diag_free(cs_diag_t *diag)
{
    cs_diag_clear(diag);
    free(diag);
}

size_t
cs_diag_reported_count(const cs_diag_t *diag)
{
    return diag ? diag->count : 0;
}

size_t
cs_diag_entry_count(const cs_diag_t *diag)
{
    return diag ? diag->stored : 0;
}

const cs_diag_entry_t *
cs_diag_get(const cs_diag_t *diag, size_t i)
{
    if (!diag || i >= diag->stored)
        return NULL;
    return &diag->entries[i];
}

cs_status_t
cs_diag_addv(cs_diag_t *diag, cs_status_t status, const char *file,
             unsigned line, unsigned column, const char *fmt, va_list ap)
{
    g_assert(status != CS_OK);
    if (!diag)
        return status;
    diag->count++;
    if (diag->stored >= CS_DIAG_MAX_ENTRIES)
        return status;
    if (diag->stored % 16 == 0) {
        cs_diag_entry_t *n = realloc(diag->entries, (diag->stored + 16) *
                                                        sizeof(*n));
        if (!n)
            return status;
        diag->entries = n;
    }
    cs_diag_entry_t *e = &diag->entries[diag->stored];
    e->status = status;
    e->line = line;
    e->column = column;
    /* the one place messages are born: hidden characters are escaped here,
     * so no caller can print a terminal control or an invisible one */
    char *raw = g_strdup_vprintf(cs_gettext(fmt), ap);
    char *safe_file = NULL, *safe_msg = NULL;
    cs_escape_message(file, raw, &safe_file, &safe_msg);
    g_free(raw);
    e->file = safe_file ? strdup(safe_file) : NULL;
    e->message = strdup(safe_msg);
    g_free(safe_file);
    g_free(safe_msg);
    if (!e->message || (file && !e->file)) {
        free((char *)e->message);
        free((char *)e->file);
        return status;
    }
    diag->stored++;
    return status;
}

cs_status_t
cs_diag_add(cs_diag_t *diag, cs_status_t status, const char *file,
            unsigned line, unsigned column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cs_diag_addv(diag, status, file, line, column, fmt, ap);
    va_end(ap);
    return status;
}

char *
cs_diag_entry_format(const cs_diag_entry_t *e)
{
    if (!e)
        return NULL;
    GString *s = g_string_new(NULL);
    if (e->file) {
        g_string_append(s, e->file);
        if (e->line) {
            g_string_append_printf(s, ":%u", e->line);
            if (e->column)
                g_string_append_printf(s, ":%u", e->column);
        }
        g_string_append(s, ": ");
    }
    g_string_append(s, e->message ? e->message : "");
    char *out = strdup(s->str);
    g_string_free(s, TRUE);
    return out;
}

/* What a file of type @mode is called in messages. */
static const char *
file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a named pipe (FIFO)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

int
cs_open_input(const char *path, char *why, size_t why_len)
{
    /* O_NONBLOCK: opening a FIFO without a writer (or a device that
     * waits) must not hang; the type is checked before anything is read. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        close(fd);
        return -1;
    }
    /* /dev/stdin is named on purpose (a pipe, a terminal or a redirected
     * file): it is read as it comes, blocking. Anything else must be a
     * regular file. */
    int is_stdin = !strcmp(path, "/dev/stdin");
    if (!S_ISREG(st.st_mode) &&
        !(is_stdin && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) ||
                       S_ISSOCK(st.st_mode)))) {
        snprintf(why, why_len,
                 "cannot read: %s, not a regular file (inputs are regular "
                 "files or /dev/stdin)",
                 file_kind(st.st_mode));
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

cs_status_t
cs_read_file(const char *path, size_t max_bytes, char **data, size_t *len,
             cs_diag_t *diag)
{
    *data = NULL;
    *len = 0;
    if (!path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, "no file name");
    char why[256];
    int fd = cs_open_input(path, why, sizeof why);
    if (fd < 0)
        return cs_diag_add(diag, CS_ERR_IO, path, 0, 0, "%s", why);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        return cs_diag_add(diag, CS_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                free(buf);
                close(fd);
                return cs_diag_add(diag, CS_ERR_LIMIT, path, 0, 0,
                                   "file is larger than the limit of %zu bytes",
                                   max_bytes);
            }
            size_t ncap = cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                free(buf);
                close(fd);
                return cs_diag_add(diag, CS_ERR_NOMEM, path, 0, 0,
                                   "out of memory");
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int err = errno;
            free(buf);
            close(fd);
            return cs_diag_add(diag, CS_ERR_IO, path, 0, 0, "read error: %s",
                               strerror(err));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (n > max_bytes) {
        free(buf);
        return cs_diag_add(diag, CS_ERR_LIMIT, path, 0, 0,
                           "file is larger than the limit of %zu bytes",
                           max_bytes);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return CS_OK;
}

const char *
cs_version(void)
{
    return CS_VERSION_STRING;
}
