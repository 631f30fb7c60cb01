/* SPDX-License-Identifier: MIT */
/*
 * Reference images: a few small PNGs rendered with the bundled fonts,
 * compared with tests/ref/<case>.ref.png pixel by pixel. A pixel differs
 * when a channel is off by more than TOLERANCE; the test fails when more
 * than MAX_DIFF_SHARE of the pixels differ (antialiasing may vary a little
 * between pixman/FreeType versions) or the size differs. On failure the
 * output and a diff image (differing pixels red over a faded reference)
 * are written to BUILDDIR/tests/output/<case>.out.png and .diff.png.
 *
 * Regenerate after an intended change (and look at the images):
 *
 *     CS_REGENERATE=1 meson test -C BUILDDIR refimg
 */
#include "wheel-test.h"

#include <glib/gstdio.h>

#define TOLERANCE 8
#define MAX_DIFF_SHARE 0.001

static int
regenerating(void)
{
    const char *v = g_getenv("CS_REGENERATE");
    return v && *v && strcmp(v, "0") != 0;
}

/* Compares @img with tests/ref/@name.ref.png. */
static void
compare(const char *name, cairo_surface_t *img)
{
    char *rel = g_strdup_printf("ref/%s.ref.png", name);
    char *ref_path = cs_test_src(rel);
    g_free(rel);
    if (regenerating()) {
        assert_int_equal(cairo_surface_write_to_png(img, ref_path),
                         CAIRO_STATUS_SUCCESS);
        fprintf(stderr, "# regenerated %s\n", ref_path);
        g_free(ref_path);
        return;
    }
    cairo_surface_t *ref = cairo_image_surface_create_from_png(ref_path);
    if (cairo_surface_status(ref) != CAIRO_STATUS_SUCCESS)
        fprintf(stderr, "# %s: reference %s missing\n", name, ref_path);
    double share = wt_image_diff(name, img, ref, TOLERANCE, MAX_DIFF_SHARE);
    cairo_surface_destroy(ref);
    g_free(ref_path);
    assert_true(share <= MAX_DIFF_SHARE);
}

typedef struct data {
    cs_fonts_t *fonts;
    cs_bands_t *bands;
} data;

static int
setup(void **state)
{
    data *d = calloc(1, sizeof *d);
    d->fonts = wt_fonts();
    d->bands = wt_bands();
    *state = d;
    return 0;
}

static int
teardown(void **state)
{
    data *d = *state;
    cs_bands_free(d->bands);
    cs_fonts_free(d->fonts);
    free(d);
    return 0;
}

/* Renders through the PNG backend and decodes the bytes. */
static cairo_surface_t *
render_png(const cs_renderer_t *r, const cs_scores_t *s, const char *name,
           double width)
{
    cs_output_t o;
    cs_output_init(&o);
    o.format = CS_FORMAT_PNG;
    o.width_px = width;
    unsigned char *png = NULL;
    size_t len = 0;
    assert_int_equal(cs_renderer_to_memory(r, s, name, &o, &png, &len, NULL,
                                         NULL),
                     CS_OK);
    cairo_surface_t *img = wt_png_decode(png, len);
    free(png);
    return img;
}

static void
test_small(void **state)
{
    data *d = *state;
    cs_framework_t *fw = wt_framework("tests/golden/small.csv");
    cs_renderer_t *r = wt_renderer(fw, d->bands, d->fonts, NULL);
    cs_scores_t *s = wt_scores(fw, d->bands, "tests/ref/small-city.csv", NULL);
    cairo_surface_t *img = render_png(r, s, "Rana", 360);
    compare("small", img);
    cairo_surface_destroy(img);
    cs_scores_free(s);
    cs_renderer_free(r);
    cs_framework_free(fw);
}

static void
test_alesund(void **state)
{
    data *d = *state;
    cs_framework_t *fw = wt_framework("data/u4ssc-wheel.csv");
    cs_renderer_t *r = wt_renderer(fw, d->bands, d->fonts, NULL);
    cs_scores_t *s = wt_scores(fw, d->bands, "samples/alesund.csv",
                               "samples/targets.csv");
    cairo_surface_t *img = render_png(r, s, "\xc3\x85lesund", 600);
    compare("alesund", img);
    cairo_surface_destroy(img);
    cs_scores_free(s);
    cs_renderer_free(r);
    cs_framework_free(fw);
}

static void
test_long_labels(void **state)
{
    data *d = *state;
    cs_framework_t *fw = wt_framework("tests/golden/long-labels.csv");
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.title = "The performance of a city with very long labels";
    cs_renderer_t *r = wt_renderer(fw, d->bands, d->fonts, &o);
    cs_scores_t *s = wt_scores(fw, d->bands, "tests/golden/long-city.csv",
                               NULL);
    cairo_surface_t *img = render_png(r, s, "Kristiansand", 600);
    compare("long-labels", img);
    cairo_surface_destroy(img);
    cs_scores_free(s);
    cs_renderer_free(r);
    cs_framework_free(fw);
}

/* Drawn at an offset and a scale on a caller's surface, to catch centre
 * and translation mistakes (everything must move together). */
static void
test_offset(void **state)
{
    data *d = *state;
    cs_framework_t *fw = wt_framework("tests/golden/small.csv");
    cs_renderer_t *r = wt_renderer(fw, d->bands, d->fonts, NULL);
    cs_scores_t *s = wt_scores(fw, d->bands, "tests/ref/small-city.csv", NULL);
    cairo_surface_t *img =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, 420, 320);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.9);
    cairo_paint(cr);
    cairo_translate(cr, 150, 17);
    cairo_scale(cr, 0.35, 0.35);
    assert_int_equal(cs_renderer_draw(r, cr, s, "Offset", NULL, NULL), CS_OK);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    compare("offset", img);
    cairo_surface_destroy(img);
    cs_scores_free(s);
    cs_renderer_free(r);
    cs_framework_free(fw);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_alesund),
        cmocka_unit_test(test_long_labels),
        cmocka_unit_test(test_offset),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("refimg", tests, setup, teardown);
}
