/* SPDX-License-Identifier: MIT */
/*
 * The committed renders in samples/out/ are what the README's first
 * command (.ci/samples, a batch of samples/cities.csv) produces today.
 * SVG is compared byte for byte (citysnap writes it: only citysnap can
 * change it); PNG and PDF by their pixels with the reference images'
 * tolerance, so that a cairo, pixman or FreeType update does not fail the
 * test while a changed picture does (PDFs through pdftoppm: skipped when
 * it is missing). Byte-for-byte determinism is checked between two fresh
 * runs instead, in every format.
 */
#include "wheel-test.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* As tests/test-refimg.c: a channel off by more than TOLERANCE makes a
 * pixel differ; at most MAX_DIFF_SHARE of the pixels may. */
#define TOLERANCE 8
#define MAX_DIFF_SHARE 0.001
/* The PDFs are compared as pictures at this resolution. */
#define PDF_DPI 72

static const char *ids[] = {"alesund", "asker", "baerum", "rana",
                            "trondheim"};
static const char *exts[] = {"png", "svg", "pdf"};

/* Sets SOURCE_DATE_EPOCH as .ci/samples does (it pins the PDF dates). */
static void
pin_epoch_like_ci_samples(void)
{
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
}

/* A fresh batch of samples/cities.csv in a new folder (cs_test_rmtree). */
static char *
render_samples(const char *tag)
{
    char *dir = cs_test_tmpdir(tag);
    char *manifest = cs_test_root("samples/cities.csv");
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "batch", manifest, "-o", dir,
                             "--formats", "png,svg,pdf", "--quiet",
                             (char *)NULL);
    if (rc != 0)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    g_free(err);
    g_free(manifest);
    return dir;
}

static char *
read_output(const char *dir, const char *id, const char *ext, size_t *len)
{
    char *name = g_strdup_printf("%s.%s", id, ext);
    char *path = g_build_filename(dir, name, NULL);
    char *data = cs_test_read(path, len);
    g_free(path);
    g_free(name);
    return data;
}

/* A PNG or PDF file (@data, @len) as a picture. */
static cairo_surface_t *
picture(const char *ext, const char *data, size_t len)
{
    if (!strcmp(ext, "png"))
        return wt_png_decode((const unsigned char *)data, len);
    return wt_pdf_png((const unsigned char *)data, len, PDF_DPI);
}

static void
test_samples_out_fresh(void **state)
{
    (void)state;
    pin_epoch_like_ci_samples();
    char *dir = render_samples("samples");
    char *committed_dir = cs_test_root("samples/out");
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        for (size_t k = 0; k < G_N_ELEMENTS(exts); k++) {
            size_t la = 0, lb = 0;
            char *a = read_output(dir, ids[i], exts[k], &la);
            char *b = read_output(committed_dir, ids[i], exts[k], &lb);
            assert_non_null(a);
            if (!b) {
                fprintf(stderr, "# samples/out/%s.%s is missing: run "
                                ".ci/samples and commit samples/out/\n",
                        ids[i], exts[k]);
                fail();
            }
            if (!strcmp(exts[k], "svg")) {
                if (la != lb || memcmp(a, b, la)) {
                    fprintf(stderr, "# samples/out/%s.svg is stale: run "
                                    ".ci/samples and commit samples/out/\n",
                            ids[i]);
                    fail();
                }
            } else {
                cairo_surface_t *pa = picture(exts[k], a, la);
                cairo_surface_t *pb = picture(exts[k], b, lb);
                char *name = g_strdup_printf("samples-%s.%s", ids[i],
                                             exts[k]);
                double share =
                    wt_image_diff(name, pa, pb, TOLERANCE, MAX_DIFF_SHARE);
                if (share > MAX_DIFF_SHARE)
                    fprintf(stderr, "# samples/out/%s.%s looks different: "
                                    "run .ci/samples, look at it and commit "
                                    "samples/out/\n",
                            ids[i], exts[k]);
                assert_true(share <= MAX_DIFF_SHARE);
                g_free(name);
                cairo_surface_destroy(pb);
                cairo_surface_destroy(pa);
            }
            g_free(a);
            g_free(b);
        }
    }
    g_free(committed_dir);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Two runs give the same bytes in every format (the pinned PDF date
 * included), whatever the cairo version. */
static void
test_samples_deterministic(void **state)
{
    (void)state;
    pin_epoch_like_ci_samples();
    char *one = render_samples("samples-1");
    char *two = render_samples("samples-2");
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        for (size_t k = 0; k < G_N_ELEMENTS(exts); k++) {
            size_t la = 0, lb = 0;
            char *a = read_output(one, ids[i], exts[k], &la);
            char *b = read_output(two, ids[i], exts[k], &lb);
            assert_non_null(a);
            assert_non_null(b);
            if (la != lb || memcmp(a, b, la))
                fprintf(stderr, "# %s.%s differs between two runs\n", ids[i],
                        exts[k]);
            assert_int_equal(la, lb);
            assert_memory_equal(a, b, la);
            g_free(a);
            g_free(b);
        }
    }
    cs_test_rmtree(one);
    cs_test_rmtree(two);
    g_free(one);
    g_free(two);
}

int
main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_out_fresh),
        cmocka_unit_test(test_samples_deterministic),
    };
    return cmocka_run_group_tests_name("samples", tests, NULL, NULL);
}
