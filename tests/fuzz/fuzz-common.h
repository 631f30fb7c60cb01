/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the libFuzzer targets (tests/fuzz/fuzz-*.c).
 *
 * Every target defines LLVMFuzzerTestOneInput(). With -Dfuzz=true (clang)
 * it is linked with -fsanitize=fuzzer; in every build it is also linked
 * with replay-main.c, which feeds it the files of its seed corpus
 * (tests/fuzz/corpus/<target>/) as an ordinary test.
 *
 * Besides "no crash, no leak, no undefined behaviour" the targets check
 * the library's error contract on every input (fuzz_check_result()):
 * failure means *out is NULL and at least one diagnostic, carrying the
 * file name, whose formatted text is valid UTF-8; success means an object.
 * A broken contract aborts, which the fuzzer reports like a crash.
 */
#ifndef CS_FUZZ_COMMON_H
#define CS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/citysnap.h>

#include "cs-config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message: the fuzzer and the replay test treat it as a
 * crash. */
#define FUZZ_ASSERT(cond)                                                      \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__,    \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Name used for buffers in diagnostics. */
#define FUZZ_NAME "fuzz-input.csv"

/* Path of @rel under the data directory: $CITYSNAP_DATADIR, else the source
 * tree this was built from (g_free). */
static inline char *
fuzz_data_path(const char *rel)
{
    const char *env = g_getenv("CITYSNAP_DATADIR");
    return g_build_filename(env && *env ? env : CS_FUZZ_SRCDIR, rel, NULL);
}

/* The bundled framework, loaded once per process (aborts when missing). */
static inline const cs_framework_t *
fuzz_framework(void)
{
    static cs_framework_t *fw;
    if (!fw) {
        char *p = fuzz_data_path("data/u4ssc-wheel.csv");
        if (cs_framework_load(p, &fw, NULL) != CS_OK) {
            fprintf(stderr, "fuzz: cannot load %s (set CITYSNAP_DATADIR)\n",
                    p);
            abort();
        }
        g_free(p);
    }
    return fw;
}

/* The bundled band table, loaded once per process. */
static inline const cs_bands_t *
fuzz_bands(void)
{
    static cs_bands_t *b;
    if (!b) {
        char *p = fuzz_data_path("data/bands.csv");
        if (cs_bands_load(p, &b, NULL) != CS_OK) {
            fprintf(stderr, "fuzz: cannot load %s\n", p);
            abort();
        }
        g_free(p);
    }
    return b;
}

/*
 * The error contract of every loader: on failure no object and at least
 * one diagnostic, each entry with a failure status; entries about the
 * input name the file; every message formats to valid UTF-8 (messages
 * quote the input). The returned status is one of the entries' statuses.
 * On success an object.
 */
static inline void
fuzz_check_result_ex(cs_status_t st, const void *obj, const cs_diag_t *diag,
                     int need_column)
{
    FUZZ_ASSERT(st >= CS_OK && st < CS_STATUS_COUNT);
    size_t n = cs_diag_entry_count(diag);
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_diag_entry_t *e = cs_diag_get(diag, i);
        FUZZ_ASSERT(e && e->message && e->status != CS_OK);
        if (e->status == st)
            seen = 1;
        if (e->status == CS_ERR_PARSE || e->status == CS_ERR_INVALID ||
            e->status == CS_ERR_LIMIT) {
            FUZZ_ASSERT(e->file && !strcmp(e->file, FUZZ_NAME));
            FUZZ_ASSERT(e->line >= 1 && (e->column >= 1 || !need_column));
        }
        char *s = cs_diag_entry_format(e);
        FUZZ_ASSERT(s && g_utf8_validate(s, -1, NULL));
        free(s);
    }
    if (st == CS_OK) {
        FUZZ_ASSERT(obj != NULL);
    } else {
        FUZZ_ASSERT(obj == NULL);
        FUZZ_ASSERT(cs_diag_reported_count(diag) >= 1);
        FUZZ_ASSERT(seen || cs_diag_reported_count(diag) > n);
    }
}

/* For CSV inputs: positions have a line and a column. */
static inline void
fuzz_check_result(cs_status_t st, const void *obj, const cs_diag_t *diag)
{
    fuzz_check_result_ex(st, obj, diag, 1);
}

#endif
