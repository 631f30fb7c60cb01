/* SPDX-License-Identifier: MIT */
/* Fuzz target: a targets file (cs_targets_load_buffer) against the bundled
 * framework. */
#include "fuzz-common.h"

#include <math.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cs_framework_t *fw = fuzz_framework();
    cs_diag_t *diag = cs_diag_new();
    cs_targets_t *t = NULL;
    cs_status_t st = cs_targets_load_buffer(fw, FUZZ_NAME, (const char *)data,
                                            size, &t, diag);
    fuzz_check_result(st, t, diag);
    if (t) {
        for (size_t i = 0; i < cs_framework_kpi_count(fw); i++) {
            double v = cs_targets_get(t, i);
            FUZZ_ASSERT(isnan(v) || isfinite(v));
        }
    }
    cs_targets_free(t);
    cs_diag_free(diag);
    return 0;
}
