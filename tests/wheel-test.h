/* SPDX-License-Identifier: MIT */
/* Header-only helpers shared by the wheel's tests (test-render, test-golden,
 * test-refimg): fonts, data, a city's scores, PNG decoding. */
#ifndef CS_WHEEL_TEST_H
#define CS_WHEEL_TEST_H

#include "cs-test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, eps)                                                 \
    wt_near_impl((a), (b), (eps), #a, __FILE__, __LINE__)

static inline void
wt_near_impl(double a, double b, double eps, const char *what,
             const char *file, int line)
{
    if (!(fabs(a - b) <= eps) && !(a == b)) {
        fprintf(stderr, "# %s:%d: %s = %.9g, expected %.9g (+- %g)\n", file,
                line, what, a, b, eps);
        _fail(file, line);
    }
}

static inline cs_fonts_t *
wt_fonts(void)
{
    char *dir = cs_test_root("fonts");
    cs_diag_t *d = cs_diag_new();
    cs_fonts_t *f = NULL;
    cs_status_t st = cs_fonts_new(dir, &f, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    g_free(dir);
    return f;
}

static inline cs_bands_t *
wt_bands(void)
{
    char *p = cs_test_root("data/bands.csv");
    cs_diag_t *d = cs_diag_new();
    cs_bands_t *b = NULL;
    cs_status_t st = cs_bands_load(p, &b, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    g_free(p);
    return b;
}

/* A framework from a path relative to the source root. */
static inline cs_framework_t *
wt_framework(const char *rel)
{
    char *p = cs_test_root(rel);
    cs_diag_t *d = cs_diag_new();
    cs_framework_t *fw = NULL;
    cs_status_t st = cs_framework_load(p, &fw, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    g_free(p);
    return fw;
}

/* Scores of a city file (relative to the source root) with an optional
 * targets file. */
static inline cs_scores_t *
wt_scores_cov(const cs_framework_t *fw, const cs_bands_t *b,
              const char *city_rel, const char *targets_rel,
              double min_coverage)
{
    cs_diag_t *d = cs_diag_new();
    cs_targets_t *t = NULL;
    cs_city_t *c = NULL;
    if (targets_rel) {
        char *p = cs_test_root(targets_rel);
        cs_status_t st = cs_targets_load(fw, p, &t, d);
        if (st != CS_OK)
            cs_test_diag_dump(d);
        assert_int_equal(st, CS_OK);
        g_free(p);
    }
    char *p = cs_test_root(city_rel);
    cs_status_t st = cs_city_load(fw, p, &c, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    g_free(p);
    cs_scores_t *s = NULL;
    cs_scores_compute_cov(fw, b, t, c, min_coverage, &s, NULL);
    assert_non_null(s);
    cs_city_free(c);
    cs_targets_free(t);
    cs_diag_free(d);
    return s;
}

/* wt_scores_cov() without a minimum coverage. */
static inline cs_scores_t *
wt_scores(const cs_framework_t *fw, const cs_bands_t *b, const char *city_rel,
          const char *targets_rel)
{
    return wt_scores_cov(fw, b, city_rel, targets_rel, 0);
}

static inline cs_renderer_t *
wt_renderer(const cs_framework_t *fw, const cs_bands_t *b,
            const cs_fonts_t *f, const cs_render_options_t *o)
{
    cs_diag_t *d = cs_diag_new();
    cs_renderer_t *r = NULL;
    cs_status_t st = cs_renderer_new(fw, b, f, o, &r, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    return r;
}

typedef struct wt_png_reader {
    const unsigned char *data;
    size_t len, pos;
} wt_png_reader;

static inline cairo_status_t
wt_png_read(void *closure, unsigned char *out, unsigned int n)
{
    wt_png_reader *r = closure;
    if (r->pos + n > r->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->pos, n);
    r->pos += n;
    return CAIRO_STATUS_SUCCESS;
}

/* Decodes PNG bytes into an image surface (asserts success). */
static inline cairo_surface_t *
wt_png_decode(const unsigned char *data, size_t len)
{
    wt_png_reader r = {data, len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(
        wt_png_read, &r);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    return s;
}

/* Pixel (x, y) of an RGB24/ARGB32 surface as 0..255 channels. */
static inline void
wt_pixel(cairo_surface_t *s, int x, int y, int rgb[3])
{
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t v = *(const uint32_t *)(d + y * stride + 4 * x);
    rgb[0] = (v >> 16) & 0xff;
    rgb[1] = (v >> 8) & 0xff;
    rgb[2] = v & 0xff;
}

/* 1 when pixel (x, y) has colour @c within @tol per channel (0..255). */
static inline int
wt_pixel_is(cairo_surface_t *s, double x, double y, cs_rgb_t c, int tol)
{
    int p[3];
    wt_pixel(s, (int)floor(x), (int)floor(y), p);
    int want[3] = {(int)lround(c.r * 255), (int)lround(c.g * 255),
                   (int)lround(c.b * 255)};
    for (int i = 0; i < 3; i++) {
        if (abs(p[i] - want[i]) > tol) {
            fprintf(stderr, "# pixel (%.0f, %.0f) is %d,%d,%d; want %d,%d,%d\n",
                    x, y, p[0], p[1], p[2], want[0], want[1], want[2]);
            return 0;
        }
    }
    return 1;
}

/*
 * Runs the external @tool on @data, written to a temporary file named
 * @in_name, with @args, in which "{in}" stands for that file, "{out}" for
 * OUT.png and "{stem}" for OUT; then loads OUT.png (asserts success).
 * When @tool is not installed the test is skipped (.ci/setup installs
 * rsvg-convert and pdftoppm), so a picture check never passes unrun.
 */
static inline cairo_surface_t *
wt_tool_png(const char *tool, const char *in_name, const unsigned char *data,
            size_t len, const char *const *args)
{
    cs_test_require_tool(tool);
    char *exe = g_find_program_in_path(tool);
    assert_non_null(exe);
    char *dir = g_dir_make_tmp("cs-tool-XXXXXX", NULL);
    assert_non_null(dir);
    char *in = g_build_filename(dir, in_name, NULL);
    char *stem = g_build_filename(dir, "out", NULL);
    char *out = g_build_filename(dir, "out.png", NULL);
    assert_true(g_file_set_contents(in, (const char *)data, (gssize)len, NULL));
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, exe);
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, !strcmp(*a, "{in}")     ? in
                              : !strcmp(*a, "{out}")  ? out
                              : !strcmp(*a, "{stem}") ? stem
                                                      : (char *)*a);
    g_ptr_array_add(argv, NULL);
    int status = -1;
    assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                             NULL, &status, NULL));
    assert_int_equal(status, 0);
    cairo_surface_t *s = cairo_image_surface_create_from_png(out);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    g_unlink(in);
    g_unlink(out);
    g_rmdir(dir);
    g_ptr_array_free(argv, TRUE);
    g_free(in);
    g_free(stem);
    g_free(out);
    g_free(dir);
    g_free(exe);
    return s;
}

/*
 * Share of the pixels of @got that differ from @want by more than
 * @tolerance in a channel (1 when the sizes differ or @want did not load).
 * Above @max_share, writes @got and a diff image (differing pixels red
 * over a faded @want) to BUILDDIR/tests/output/@name.out.png and
 * .diff.png, and says so on stderr.
 */
static inline double
wt_image_diff(const char *name, cairo_surface_t *got, cairo_surface_t *want,
              int tolerance, double max_share)
{
    int w = cairo_image_surface_get_width(got);
    int h = cairo_image_surface_get_height(got);
    long differ = 0;
    int worst = 0;
    int same_size = cairo_surface_status(want) == CAIRO_STATUS_SUCCESS &&
                    cairo_image_surface_get_width(want) == w &&
                    cairo_image_surface_get_height(want) == h;
    cairo_surface_t *diff = NULL;
    if (same_size) {
        diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_surface_flush(diff);
        unsigned char *dd = cairo_image_surface_get_data(diff);
        int ds = cairo_image_surface_get_stride(diff);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a[3], b[3];
                wt_pixel(got, x, y, a);
                wt_pixel(want, x, y, b);
                int m = 0;
                for (int i = 0; i < 3; i++)
                    m = MAX(m, abs(a[i] - b[i]));
                worst = MAX(worst, m);
                uint32_t *px = (uint32_t *)(dd + y * ds + 4 * x);
                if (m > tolerance) {
                    differ++;
                    *px = 0xffff0000u;
                } else {
                    int g = 192 + (b[0] + b[1] + b[2]) / 12;
                    *px = 0xff000000u | (uint32_t)g << 16 | (uint32_t)g << 8 |
                          (uint32_t)g;
                }
            }
        }
        cairo_surface_mark_dirty(diff);
    }
    double share = same_size ? (double)differ / ((double)w * h) : 1.0;
    if (share > max_share) {
        const char *b = g_getenv("CS_TEST_BUILDDIR");
        char *dir = g_build_filename(b && *b ? b : ".", "output", NULL);
        g_mkdir_with_parents(dir, 0755);
        char *file = g_strconcat(name, ".out.png", NULL);
        char *out = g_build_filename(dir, file, NULL);
        cairo_surface_write_to_png(got, out);
        fprintf(stderr, "# %s: output written to %s\n", name, out);
        if (diff) {
            char *dfile = g_strconcat(name, ".diff.png", NULL);
            char *dp = g_build_filename(dir, dfile, NULL);
            cairo_surface_write_to_png(diff, dp);
            fprintf(stderr, "# %s: diff image written to %s\n", name, dp);
            g_free(dp);
            g_free(dfile);
        }
        if (!same_size)
            fprintf(stderr, "# %s: the reference is missing or not %d x %d\n",
                    name, w, h);
        else
            fprintf(stderr, "# %s: %ld pixels (%.3f %%) differ by more than "
                            "%d (worst %d)\n",
                    name, differ, 100 * share, tolerance, worst);
        g_free(out);
        g_free(file);
        g_free(dir);
    }
    if (diff)
        cairo_surface_destroy(diff);
    return share;
}

/* rsvg-convert's picture of an SVG at exactly @w x @h on white. */
static inline cairo_surface_t *
wt_rsvg_png(const unsigned char *svg, size_t len, int w, int h)
{
    char ws[16], hs[16];
    g_snprintf(ws, sizeof ws, "%d", w);
    g_snprintf(hs, sizeof hs, "%d", h);
    const char *args[] = {"-w", ws, "-h", hs, "-b", "white", "-o", "{out}",
                          "{in}", NULL};
    return wt_tool_png("rsvg-convert", "in.svg", svg, len, args);
}

/* pdftoppm's picture of page 1 of a PDF at @dpi. */
static inline cairo_surface_t *
wt_pdf_png(const unsigned char *pdf, size_t len, int dpi)
{
    char r[16];
    g_snprintf(r, sizeof r, "%d", dpi);
    const char *args[] = {"-png", "-singlefile", "-r", r, "{in}", "{stem}",
                          NULL};
    return wt_tool_png("pdftoppm", "in.pdf", pdf, len, args);
}

#endif
