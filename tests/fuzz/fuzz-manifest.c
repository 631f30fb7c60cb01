/* SPDX-License-Identifier: MIT */
/* Fuzz target: a manifest (cs_manifest_load_buffer). Every accepted id
 * must be safe as a file-name stem inside the output folder. */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diag_t *diag = cs_diag_new();
    cs_manifest_t *m = NULL;
    cs_status_t st = cs_manifest_load_buffer(FUZZ_NAME, "fuzz-dir",
                                             (const char *)data, size, &m,
                                             diag);
    fuzz_check_result(st, m, diag);
    for (size_t i = 0; i < cs_manifest_count(m); i++) {
        const cs_manifest_entry_t *e = cs_manifest_get(m, i);
        FUZZ_ASSERT(e && e->id && e->name && e->file);
        FUZZ_ASSERT(cs_manifest_check_id(e->id, NULL) == CS_OK);
        FUZZ_ASSERT(!strchr(e->id, '/') && !strstr(e->id, ".."));
        FUZZ_ASSERT(strcmp(e->id, ".") != 0);
        FUZZ_ASSERT(g_utf8_validate(e->name, -1, NULL));
        FUZZ_ASSERT(e->line >= 2);
        /* a file name joined to the output folder stays inside it */
        char *p = g_build_filename("out", e->id, NULL);
        char *dir = g_path_get_dirname(p);
        FUZZ_ASSERT(!strcmp(dir, "out"));
        g_free(dir);
        g_free(p);
    }
    cs_manifest_free(m);
    cs_diag_free(diag);
    return 0;
}
