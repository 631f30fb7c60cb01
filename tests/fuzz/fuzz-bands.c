/* SPDX-License-Identifier: MIT */
/* Fuzz target: a band file (cs_bands_load_buffer), then classifying. */
#include "fuzz-common.h"

#include <math.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diag_t *diag = cs_diag_new();
    cs_bands_t *b = NULL;
    cs_status_t st = cs_bands_load_buffer(FUZZ_NAME, (const char *)data, size,
                                          &b, diag);
    fuzz_check_result(st, b, diag);
    if (b) {
        cs_band_t order[CS_BAND_COUNT];
        cs_bands_legend_order(b, order);
        int seen[CS_BAND_COUNT] = {0};
        for (int i = 0; i < CS_BAND_COUNT; i++) {
            FUZZ_ASSERT(order[i] >= 0 && order[i] < CS_BAND_COUNT);
            FUZZ_ASSERT(!seen[order[i]]);
            seen[order[i]] = 1;
            const char *l = cs_bands_label(b, (cs_band_t)i);
            FUZZ_ASSERT(l && g_utf8_validate(l, -1, NULL));
            cs_rgb_t c = cs_bands_color(b, (cs_band_t)i);
            FUZZ_ASSERT(c.r >= 0 && c.r <= 1 && c.g >= 0 && c.g <= 1 &&
                        c.b >= 0 && c.b <= 1);
        }
        static const double pcts[] = {-1, 0, 32.999, 33, 65.9, 66, 94.99, 95,
                                      100, 1e300};
        for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
            cs_band_t k = cs_bands_classify(b, pcts[i]);
            FUZZ_ASSERT(k >= 0 && k < CS_BAND_NODATA);
        }
        FUZZ_ASSERT(cs_bands_classify(b, NAN) == CS_BAND_NODATA);
    }
    cs_bands_free(b);
    cs_diag_free(diag);
    return 0;
}
