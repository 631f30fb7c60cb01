/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a translation table (cs_translation_load_buffer, CSV
 * kind,key,text). When it loads, the bundled framework is translated with
 * it (same KPIs, codes and order) and its legend labels make a band table.
 */
#include "fuzz-common.h"

#include <citysnap/i18n.h>
#include <citysnap/style.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cs_framework_t *fw = fuzz_framework();
    cs_diag_t *diag = cs_diag_new();
    cs_translation_t *t = NULL;
    cs_status_t st = cs_translation_load_buffer(FUZZ_NAME, "nb",
                                                (const char *)data, size, &t,
                                                diag);
    fuzz_check_result(st, t, diag);
    if (t) {
        FUZZ_ASSERT(!strcmp(cs_translation_lang(t), "nb"));
        cs_framework_t *tfw = NULL;
        size_t missing = 0;
        cs_diag_clear(diag);
        st = cs_translation_framework(t, fw, &tfw, &missing, diag);
        FUZZ_ASSERT((st == CS_OK) == (tfw != NULL));
        if (tfw) {
            size_t nk = cs_framework_kpi_count(fw);
            FUZZ_ASSERT(cs_framework_kpi_count(tfw) == nk);
            /* counted per KPI: its label, group and dimension names */
            FUZZ_ASSERT(missing <= 3 * nk);
            for (size_t i = 0; i < nk; i++) {
                const cs_kpi_t *a = cs_framework_get_kpi(fw, i);
                const cs_kpi_t *b = cs_framework_get_kpi(tfw, i);
                FUZZ_ASSERT(!strcmp(a->code, b->code));
                FUZZ_ASSERT(a->direction == b->direction);
                FUZZ_ASSERT(b->label && g_utf8_validate(b->label, -1, NULL));
            }
            cs_framework_free(tfw);
        }
        const char *labels[CS_BAND_COUNT];
        cs_translation_band_labels(t, labels);
        cs_bands_t *b = NULL;
        cs_diag_clear(diag);
        st = cs_style_bands(NULL, fuzz_bands(), labels, &b, diag);
        FUZZ_ASSERT((st == CS_OK) == (b != NULL));
        for (int i = 0; b && i < CS_BAND_COUNT; i++)
            FUZZ_ASSERT(cs_bands_label(b, (cs_band_t)i) != NULL);
        cs_bands_free(b);
        cs_translation_free(t);
    }
    cs_diag_free(diag);
    return 0;
}
