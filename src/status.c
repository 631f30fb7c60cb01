/* SPDX-License-Identifier: MIT */
/* Status strings and the diagnostic list. */
#include "cs-private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    case CS_STATUS_LAST: break;
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
cs_diag_count(const cs_diag_t *diag)
{
    return diag ? diag->count : 0;
}

size_t
cs_diag_stored(const cs_diag_t *diag)
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
    e->file = file ? strdup(file) : NULL;
    e->line = line;
    e->column = column;
    char *msg = g_strdup_vprintf(fmt, ap);
    e->message = msg ? strdup(msg) : NULL;
    g_free(msg);
    if (!e->message) {
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

cs_status_t
cs_read_file(const char *path, size_t max_bytes, char **data, size_t *len,
             cs_diag_t *diag)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return cs_diag_add(diag, CS_ERR_IO, path, 0, 0, "cannot open: %s",
                           strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return cs_diag_add(diag, CS_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                free(buf);
                fclose(f);
                return cs_diag_add(diag, CS_ERR_LIMIT, path, 0, 0,
                                   "file is larger than the limit of %zu bytes",
                                   max_bytes);
            }
            size_t ncap = cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return cs_diag_add(diag, CS_ERR_NOMEM, path, 0, 0,
                                   "out of memory");
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int err = errno;
                free(buf);
                fclose(f);
                return cs_diag_add(diag, CS_ERR_IO, path, 0, 0,
                                   "read error: %s", strerror(err));
            }
            break;
        }
    }
    fclose(f);
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
    return CS_VERSION;
}
