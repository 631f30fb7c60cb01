/* SPDX-License-Identifier: MIT */
/* The bundled data: the wheel framework's shape against the U4SSC code list,
 * and every sample city of samples/cities.csv validating cleanly. */
#include "cs-test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* The six KPIs drawn as several data points, and how many (issue 5). */
static const struct {
    const char *code;
    size_t points;
} split_kpis[] = {
    {"EC:ICT:ICT:4C", 2}, /* wireless coverage 3G/4G */
    {"EC:ICT:PS:1A", 2},  /* open data sets: number, % */
    {"EC:I:T:4A", 5},     /* transport mode share */
    {"EN:EN:AQ:1C", 5},   /* air pollution */
    {"EN:EN:WS:4C", 3},   /* wastewater treated */
    {"EN:EN:WA:1C", 6},   /* solid waste */
};

/* Reads the code column of tests/reference/u4ssc-kpis.csv (codes contain no
 * commas or quotes, and are the first field). */
static GPtrArray *
reference_codes(void)
{
    char *path = cs_test_src("reference/u4ssc-kpis.csv");
    char *text = cs_test_read(path, NULL);
    assert_non_null(text);
    GPtrArray *codes = g_ptr_array_new_with_free_func(g_free);
    char **lines = g_strsplit(text, "\n", -1);
    for (size_t i = 1; lines[i]; i++) {
        if (!*lines[i])
            continue;
        char *comma = strchr(lines[i], ',');
        assert_non_null(comma);
        g_ptr_array_add(codes, g_strndup(lines[i], (gsize)(comma - lines[i])));
    }
    g_strfreev(lines);
    g_free(text);
    g_free(path);
    return codes;
}

static char *
base_code(const char *code)
{
    const char *slash = strchr(code, '/');
    return slash ? g_strndup(code, (gsize)(slash - code)) : g_strdup(code);
}

static void
test_framework_shape(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    GPtrArray *ref = reference_codes();
    assert_int_equal(ref->len, 91);

    size_t extra = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(split_kpis); i++)
        extra += split_kpis[i].points - 1;
    assert_int_equal(cs_framework_kpi_count(fw), ref->len + extra);
    assert_int_equal(cs_framework_kpi_count(fw), 108);

    /* Three dimensions, in publication order, with 11/6/7 groups. */
    static const char *dims[] = {"Economy", "Environment",
                                 "Society and Culture"};
    static const size_t groups[] = {11, 6, 7};
    static const char *prefix[] = {"EC:", "EN:", "SC:"};
    assert_int_equal(cs_framework_dimension_count(fw), 3);
    assert_int_equal(cs_framework_group_count(fw), 24);
    for (size_t d = 0; d < 3; d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        assert_string_equal(dim->name, dims[d]);
        assert_int_equal(dim->n_groups, groups[d]);
        /* The dimension holds every KPI whose code has its prefix. */
        size_t want = 0;
        for (size_t r = 0; r < ref->len; r++)
            if (g_str_has_prefix(g_ptr_array_index(ref, r), prefix[d]))
                want++;
        for (size_t s = 0; s < G_N_ELEMENTS(split_kpis); s++)
            if (g_str_has_prefix(split_kpis[s].code, prefix[d]))
                want += split_kpis[s].points - 1;
        assert_int_equal(dim->n_kpis, want);
        for (size_t k = dim->first_kpi; k < dim->first_kpi + dim->n_kpis; k++)
            assert_true(g_str_has_prefix(cs_framework_get_kpi(fw, k)->code,
                                         prefix[d]));
    }

    /* "Water and Sanitation" and "Waste" occur in two dimensions. */
    size_t ws = 0, waste = 0;
    for (size_t g = 0; g < cs_framework_group_count(fw); g++) {
        const cs_group_t *grp = cs_framework_get_group(fw, g);
        assert_true(grp->n_kpis >= 1);
        if (!strcmp(grp->name, "Water and Sanitation"))
            ws++;
        if (!strcmp(grp->name, "Waste"))
            waste++;
    }
    assert_int_equal(ws, 2);
    assert_int_equal(waste, 2);

    /* Codes: unique, base code in the reference list, every reference code
     * used, split KPIs only with suffixes and with the right count. */
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             NULL);
    GHashTable *bases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              NULL);
    for (size_t k = 0; k < cs_framework_kpi_count(fw); k++) {
        const cs_kpi_t *kpi = cs_framework_get_kpi(fw, k);
        assert_false(g_hash_table_contains(seen, kpi->code));
        g_hash_table_add(seen, g_strdup(kpi->code));
        assert_true(strlen(kpi->label) > 0);
        char *b = base_code(kpi->code);
        gboolean known = FALSE;
        for (size_t r = 0; r < ref->len && !known; r++)
            known = !strcmp(g_ptr_array_index(ref, r), b);
        if (!known)
            fprintf(stderr, "# unknown code %s\n", kpi->code);
        assert_true(known);
        size_t n = GPOINTER_TO_SIZE(g_hash_table_lookup(bases, b));
        g_hash_table_replace(bases, b, GSIZE_TO_POINTER(n + 1));
        assert_int_equal(cs_framework_find(fw, kpi->code), (long)k);
    }
    for (size_t r = 0; r < ref->len; r++) {
        const char *code = g_ptr_array_index(ref, r);
        size_t n = GPOINTER_TO_SIZE(g_hash_table_lookup(bases, code));
        size_t want = 1;
        for (size_t s = 0; s < G_N_ELEMENTS(split_kpis); s++)
            if (!strcmp(split_kpis[s].code, code))
                want = split_kpis[s].points;
        if (n != want)
            fprintf(stderr, "# %s: %zu wedges, want %zu\n", code, n, want);
        assert_int_equal(n, want);
        if (want > 1)
            assert_int_equal(cs_framework_find(fw, code), -1);
    }
    g_hash_table_destroy(seen);
    g_hash_table_destroy(bases);
    g_ptr_array_free(ref, TRUE);
    cs_framework_free(fw);
}

/* Every city of the manifest loads without a single diagnostic, and the
 * samples together use every scored band (the sample targets are meant to
 * show the full range). */
static void
test_samples_validate(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *bands = cs_bands_new_default();
    assert_non_null(bands);
    char *tpath = cs_test_root("samples/targets.csv");
    cs_diag_t *diag = cs_diag_new();
    cs_targets_t *targets = NULL;
    cs_status_t st = cs_targets_load(fw, tpath, &targets, diag);
    cs_test_diag_dump(diag);
    assert_int_equal(st, CS_OK);
    assert_int_equal(cs_diag_reported_count(diag), 0);
    /* An illustrative target for every wedge. */
    for (size_t k = 0; k < cs_framework_kpi_count(fw); k++)
        assert_true(isfinite(cs_targets_get(targets, k)));

    char *manifest = cs_test_root("samples/cities.csv");
    char *text = cs_test_read(manifest, NULL);
    assert_non_null(text);
    char **lines = g_strsplit(text, "\n", -1);
    assert_string_equal(lines[0], "id,name,file,targets");
    size_t cities = 0;
    unsigned band_seen[CS_BAND_COUNT] = {0};
    for (size_t i = 1; lines[i]; i++) {
        if (!*lines[i])
            continue;
        char **f = g_strsplit(lines[i], ",", -1);
        assert_int_equal(g_strv_length(f), 4);
        char *rel = g_build_filename("samples", f[2], NULL);
        char *path = cs_test_root(rel);
        cs_city_t *city = NULL;
        cs_diag_clear(diag);
        st = cs_city_load(fw, path, &city, diag);
        cs_test_diag_dump(diag);
        assert_int_equal(st, CS_OK);
        assert_int_equal(cs_diag_reported_count(diag), 0);
        assert_true(cs_city_data_row_count(city) >= 30);
        cs_scores_t *s = NULL;
        cs_scores_compute(fw, bands, targets, city, &s, NULL);
        assert_non_null(s);
        for (size_t k = 0; k < cs_framework_kpi_count(fw); k++)
            band_seen[cs_scores_get_kpi(s, k)->band]++;
        cs_scores_free(s);
        cs_city_free(city);
        g_free(path);
        g_free(rel);
        g_strfreev(f);
        cities++;
    }
    assert_int_equal(cities, 5);
    for (int b = 0; b < CS_BAND_COUNT; b++) {
        if (b == CS_BAND_NOTARGET)
            continue; /* every sample KPI has an illustrative target */
        if (b == CS_BAND_FEWDATA)
            continue; /* a band of rings, never of a KPI */
        fprintf(stderr, "# band %s: %u wedges\n", cs_band_key((cs_band_t)b),
                band_seen[b]);
        assert_true(band_seen[b] > 0);
    }
    g_strfreev(lines);
    g_free(text);
    g_free(manifest);
    cs_diag_free(diag);
    cs_targets_free(targets);
    g_free(tpath);
    cs_bands_free(bands);
    cs_framework_free(fw);
}

int
main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framework_shape),
        cmocka_unit_test(test_samples_validate),
    };
    return cmocka_run_group_tests_name("data", tests, NULL, NULL);
}
