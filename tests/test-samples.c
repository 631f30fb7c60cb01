/* SPDX-License-Identifier: MIT */
/* The committed renders in samples/out/ are exactly what the README's first
 * command (.ci/samples, a batch of samples/cities.csv) produces today: a
 * fresh render matches them byte for byte, in every format. */
#include "cs-test.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

static const char *ids[] = {"alesund", "asker", "baerum", "rana",
                            "trondheim"};
static const char *exts[] = {"png", "svg", "pdf"};

static void
test_samples_out_fresh(void **state)
{
    (void)state;
    /* .ci/samples pins the PDF dates with SOURCE_DATE_EPOCH=N */
    char *script = cs_test_root(".ci/samples");
    char *text = cs_test_read(script, NULL);
    assert_non_null(text);
    const char *pin = strstr(text, "SOURCE_DATE_EPOCH=");
    assert_non_null(pin);
    char *epoch = g_strndup(pin + 18, strspn(pin + 18, "0123456789"));
    assert_true(strlen(epoch) >= 9);
    g_setenv("SOURCE_DATE_EPOCH", epoch, TRUE);
    g_free(epoch);
    g_free(text);
    g_free(script);
    char *dir = cs_test_tmpdir("samples");
    char *manifest = cs_test_root("samples/cities.csv");
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "batch", manifest, "-o", dir,
                             "--formats", "png,svg,pdf", "--quiet",
                             (char *)NULL);
    if (rc != 0)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        for (size_t k = 0; k < G_N_ELEMENTS(exts); k++) {
            char *name = g_strdup_printf("%s.%s", ids[i], exts[k]);
            char *fresh = g_build_filename(dir, name, NULL);
            char *rel = g_build_filename("samples", "out", name, NULL);
            char *committed = cs_test_root(rel);
            size_t la = 0, lb = 0;
            char *a = cs_test_read(fresh, &la);
            char *b = cs_test_read(committed, &lb);
            assert_non_null(a);
            if (!b || la != lb || memcmp(a, b, la)) {
                fprintf(stderr, "# samples/out/%s is stale: run .ci/samples "
                                "and commit samples/out/\n", name);
                fail();
            }
            g_free(a);
            g_free(b);
            g_free(committed);
            g_free(rel);
            g_free(fresh);
            g_free(name);
        }
    }
    g_free(err);
    g_free(manifest);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_out_fresh),
    };
    return cmocka_run_group_tests_name("samples", tests, NULL, NULL);
}
