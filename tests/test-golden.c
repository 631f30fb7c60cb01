/* SPDX-License-Identifier: MIT */
/*
 * Golden dumps: the wheel geometry (cs_layout_dump) and every placed label
 * (cs_labels_dump) of a few wheels, compared with the stored
 * tests/golden/<case>.geom.expected and <case>.labels.expected.
 *
 * A difference fails the test, prints a unified diff and leaves the actual
 * dump in BUILDDIR/tests/output/. After an intended change, regenerate:
 *
 *     CS_REGENERATE=1 meson test -C BUILDDIR golden
 *
 * and review the diff of tests/golden/ before committing it.
 */
#include "wheel-test.h"

#include <glib/gstdio.h>

typedef struct golden_case {
    const char *name;      /* file stem in tests/golden/ */
    const char *framework; /* relative to the source root */
    const char *city;      /* centre name */
    const char *title;     /* NULL: none */
} golden_case;

static const golden_case cases[] = {
    {"small", "tests/golden/small.csv", "Rana", NULL},
    {"u4ssc", "data/u4ssc-wheel.csv", "\xc3\x85lesund", NULL},
    {"long-labels", "tests/golden/long-labels.csv",
     "Kristiansand kommune med et sv\xc3\xa6rt langt navn",
     "A very long title that goes on and on about the performance of a city "
     "against the key performance indicators for smart sustainable cities"},
};

static int
regenerating(void)
{
    const char *v = g_getenv("CS_REGENERATE");
    return v && *v && strcmp(v, "0") != 0;
}

static void
show_diff(const char *expected, const char *actual)
{
    char *argv[] = {(char *)"diff", (char *)"-u", (char *)expected,
                    (char *)actual, NULL};
    char *out = NULL;
    if (g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     NULL, NULL, NULL) &&
        out) {
        char **lines = g_strsplit(out, "\n", 0);
        for (int i = 0; lines[i] && i < 80; i++)
            fprintf(stderr, "# %s\n", lines[i]);
        g_strfreev(lines);
    }
    g_free(out);
}

/* Compares @got with tests/golden/@file (or rewrites it). */
static void
compare(const char *file, const char *got)
{
    char *rel = g_build_filename("golden", file, NULL);
    char *path = cs_test_src(rel);
    g_free(rel);
    if (regenerating()) {
        cs_test_write(path, got, (size_t)-1);
        fprintf(stderr, "# regenerated %s\n", path);
        g_free(path);
        return;
    }
    char *want = cs_test_read(path, NULL);
    if (want && !strcmp(want, got)) {
        g_free(want);
        g_free(path);
        return;
    }
    const char *b = g_getenv("CS_TEST_BUILDDIR");
    char *outdir = g_build_filename(b && *b ? b : ".", "output", NULL);
    g_mkdir_with_parents(outdir, 0755);
    char *name = g_strconcat(file, ".actual", NULL);
    char *actual = g_build_filename(outdir, name, NULL);
    cs_test_write(actual, got, (size_t)-1);
    if (!want)
        fprintf(stderr, "# missing %s (run with CS_REGENERATE=1)\n", path);
    else
        show_diff(path, actual);
    fprintf(stderr, "# actual dump: %s\n", actual);
    g_free(actual);
    g_free(name);
    g_free(outdir);
    g_free(want);
    g_free(path);
    fail_msg("%s differs from the expected dump", file);
}

static void
run_case(const golden_case *c)
{
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *b = wt_bands();
    cs_framework_t *fw = wt_framework(c->framework);
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.title = c->title;
    cs_renderer_t *r = wt_renderer(fw, b, f, &o);

    char *geom = cs_layout_dump(cs_renderer_layout(r));
    assert_non_null(geom);
    cs_labels_t *ls = NULL;
    assert_int_equal(cs_renderer_city_labels(r, c->city, &ls, NULL), CS_OK);
    char *labels = cs_labels_dump(ls);
    assert_non_null(labels);
    /* the dump is stable: the same twice */
    char *again = cs_labels_dump(ls);
    assert_string_equal(labels, again);
    free(again);

    char *gname = g_strconcat(c->name, ".geom.expected", NULL);
    char *lname = g_strconcat(c->name, ".labels.expected", NULL);
    compare(gname, geom);
    compare(lname, labels);
    g_free(gname);
    g_free(lname);
    free(geom);
    free(labels);
    cs_labels_free(ls);
    cs_renderer_free(r);
    cs_framework_free(fw);
    cs_bands_free(b);
    cs_fonts_free(f);
}

static void
test_small(void **state)
{
    (void)state;
    run_case(&cases[0]);
}

static void
test_u4ssc(void **state)
{
    (void)state;
    run_case(&cases[1]);
}

static void
test_long_labels(void **state)
{
    (void)state;
    run_case(&cases[2]);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_u4ssc),
        cmocka_unit_test(test_long_labels),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("golden", tests, NULL, NULL);
}
