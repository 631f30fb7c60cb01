/* SPDX-License-Identifier: MIT */
/* Fuzz target: a city file (cs_city_load_buffer) against the bundled
 * framework, then scoring it (with the bundled targets and bands). */
#include "fuzz-common.h"

static const cs_targets_t *
fuzz_targets(void)
{
    static cs_targets_t *t;
    if (!t) {
        char *p = fuzz_data_path("samples/targets.csv");
        if (cs_targets_load(fuzz_framework(), p, &t, NULL) != CS_OK) {
            fprintf(stderr, "fuzz: cannot load %s\n", p);
            abort();
        }
        g_free(p);
    }
    return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cs_framework_t *fw = fuzz_framework();
    cs_diag_t *diag = cs_diag_new();
    cs_city_t *city = NULL;
    cs_status_t st = cs_city_load_buffer(fw, FUZZ_NAME, (const char *)data,
                                         size, &city, diag);
    fuzz_check_result(st, city, diag);
    if (city) {
        size_t nk = cs_framework_kpi_count(fw);
        FUZZ_ASSERT(cs_city_data_row_count(city) <= nk);
        for (size_t i = 0; i < nk; i++) {
            const cs_city_entry_t *e = cs_city_get_entry(city, i);
            FUZZ_ASSERT(e && e->source);
            FUZZ_ASSERT(!e->has_band || (e->band >= 0 &&
                                         e->band < CS_BAND_COUNT));
        }
        cs_scores_t *sc = NULL;
        cs_scores_compute(fw, fuzz_bands(), fuzz_targets(),
                                            city, &sc, NULL);
        FUZZ_ASSERT(sc);
        for (size_t i = 0; i < nk; i++) {
            const cs_kpi_score_t *k = cs_scores_get_kpi(sc, i);
            FUZZ_ASSERT(k->band >= 0 && k->band < CS_BAND_COUNT);
            FUZZ_ASSERT(k->points >= 0 && k->points <= 4);
        }
        const cs_agg_score_t *all = cs_scores_get_overall(sc);
        FUZZ_ASSERT(all->scored <= all->total && all->points <= 4 * all->scored);
        cs_scores_free(sc);
    }
    cs_city_free(city);
    cs_diag_free(diag);
    return 0;
}
