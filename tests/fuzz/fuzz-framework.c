/* SPDX-License-Identifier: MIT */
/* Fuzz target: a framework file (cs_framework_load_buffer); when it loads,
 * its structure is checked, a one-row city is read against it (its first
 * code must be readable back), scored, and the wheel geometry computed. */
#include "fuzz-common.h"

#include <math.h>

static void
check_structure(const cs_framework_t *fw)
{
    size_t nk = cs_framework_kpi_count(fw);
    size_t ng = cs_framework_group_count(fw);
    size_t nd = cs_framework_dimension_count(fw);
    FUZZ_ASSERT(nk >= 1 && ng >= 1 && nd >= 1 && ng <= nk && nd <= ng);
    size_t kpis = 0, groups = 0;
    for (size_t d = 0; d < nd; d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        FUZZ_ASSERT(dim && dim->name);
        FUZZ_ASSERT(dim->first_group == groups && dim->first_kpi == kpis);
        groups += dim->n_groups;
        kpis += dim->n_kpis;
    }
    FUZZ_ASSERT(kpis == nk && groups == ng);
    for (size_t g = 0; g < ng; g++) {
        const cs_group_t *grp = cs_framework_get_group(fw, g);
        FUZZ_ASSERT(grp && grp->name && grp->dimension < nd);
        FUZZ_ASSERT(grp->n_kpis >= 1 && grp->first_kpi + grp->n_kpis <= nk);
    }
    for (size_t i = 0; i < nk; i++) {
        const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
        FUZZ_ASSERT(k && k->code && k->label && k->unit);
        FUZZ_ASSERT(k->group < ng && k->dimension < nd);
        FUZZ_ASSERT(cs_framework_get_group(fw, k->group)->dimension ==
                    k->dimension);
        FUZZ_ASSERT(isnan(k->target) || isfinite(k->target));
        FUZZ_ASSERT(cs_framework_find(fw, k->code) == (long)i);
    }
}

static void
check_city(const cs_framework_t *fw)
{
    GString *s = g_string_new("code,value,target\n\"");
    for (const char *c = cs_framework_get_kpi(fw, 0)->code; *c; c++) {
        if (*c == '"')
            g_string_append_c(s, '"'); /* RFC 4180: double the quote */
        g_string_append_c(s, *c);
    }
    g_string_append(s, "\",1.5,3\n");
    cs_diag_t *diag = cs_diag_new();
    cs_city_t *city = NULL;
    cs_status_t st = cs_city_load_buffer(fw, FUZZ_NAME, s->str, s->len, &city,
                                         diag);
    if (st != CS_OK) {
        fprintf(stderr, "city file:\n%s", s->str);
        for (size_t i = 0; i < cs_diag_entry_count(diag); i++) {
            char *m = cs_diag_entry_format(cs_diag_get(diag, i));
            fprintf(stderr, "%s\n", m);
            free(m);
        }
    }
    FUZZ_ASSERT(st == CS_OK && city);
    cs_scores_t *sc = NULL;
    cs_scores_compute(fw, fuzz_bands(), NULL, city, &sc, NULL);
    FUZZ_ASSERT(sc);
    FUZZ_ASSERT(cs_scores_get_kpi(sc, 0)->band != CS_BAND_NODATA);
    cs_scores_free(sc);
    cs_city_free(city);
    cs_diag_free(diag);
    g_string_free(s, TRUE);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diag_t *diag = cs_diag_new();
    cs_framework_t *fw = NULL;
    cs_status_t st = cs_framework_load_buffer(FUZZ_NAME, (const char *)data,
                                              size, &fw, diag);
    fuzz_check_result(st, fw, diag);
    if (fw) {
        check_structure(fw);
        check_city(fw);
        size_t nk = cs_framework_kpi_count(fw);
        if (nk <= 2000) { /* geometry is linear in the KPIs; keep execs fast */
            cs_layout_params_t lp;
            cs_layout_params_init(&lp);
            cs_layout_t *l = NULL;
            st = cs_layout_compute(fw, &lp, NULL, 0, &l, NULL);
            FUZZ_ASSERT(st == CS_OK && l);
            size_t n3 = 0;
            cs_layout_ring_first(l, CS_RING_KPI, &n3);
            FUZZ_ASSERT(n3 == nk);
            cs_layout_free(l);
        }
        cs_framework_free(fw);
    }
    cs_diag_free(diag);
    return 0;
}
