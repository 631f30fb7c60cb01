/* SPDX-License-Identifier: MIT */
/*
 * The PNG writer (src/png-write.c): what it writes decodes (with Cairo's
 * own reader) to exactly the pixels of the surface, in both compression
 * modes, for RGB24 and ARGB32 (every valid premultiplied value); the
 * output is deterministic and carries no time or text chunk; the fast
 * mode's file stays within 10 % of Cairo's stock writer's; write errors
 * and unsupported surfaces are reported; the CLI takes
 * --png-compression.
 */
#include "wheel-test.h"

#include <glib/gstdio.h>

#include "png-private.h"

static const cs_png_mode_t modes[2] = {CS_PNG_FAST, CS_PNG_SMALL};

static cairo_status_t
to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static GByteArray *
write_png(cairo_surface_t *s, cs_png_mode_t mode)
{
    GByteArray *b = g_byte_array_new();
    assert_int_equal(cs_png_write(s, mode, to_bytes, b), CAIRO_STATUS_SUCCESS);
    return b;
}

static GByteArray *
write_stock(cairo_surface_t *s)
{
    GByteArray *b = g_byte_array_new();
    assert_int_equal(cairo_surface_write_to_png_stream(s, to_bytes, b),
                     CAIRO_STATUS_SUCCESS);
    return b;
}

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* Checks the chunk structure: signature, IHDR first, then only IDAT, IEND
 * last (no tIME or tEXt: the bytes depend on the pixels only). Returns
 * the IHDR colour type. */
static int
check_chunks(const GByteArray *b)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G',
                                         '\r', '\n', 0x1a, '\n'};
    assert_true(b->len > 8 + 25 + 12);
    assert_memory_equal(b->data, sig, 8);
    size_t pos = 8;
    int n = 0, colour = -1, ended = 0;
    while (pos + 12 <= b->len) {
        uint32_t len = be32(b->data + pos);
        const unsigned char *type = b->data + pos + 4;
        assert_true(pos + 12 + len <= b->len);
        if (n == 0) {
            assert_memory_equal(type, "IHDR", 4);
            assert_int_equal(len, 13);
            colour = b->data[pos + 8 + 9];
        } else if (!memcmp(type, "IEND", 4)) {
            ended = 1;
            assert_int_equal(pos + 12 + len, b->len);
        } else {
            assert_memory_equal(type, "IDAT", 4);
        }
        pos += 12 + len;
        n++;
    }
    assert_true(ended);
    return colour;
}

/*
 * Every pixel of @a (RGB24: the colour bits; ARGB32: all 32 bits) equals
 * the same pixel of @b, which has the same size. The decoded surface of an
 * opaque PNG is RGB24 with the unused byte 0xff, so RGB24 compares
 * colours only.
 */
static void
assert_same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    int w = cairo_image_surface_get_width(a);
    int h = cairo_image_surface_get_height(a);
    assert_int_equal(cairo_image_surface_get_width(b), w);
    assert_int_equal(cairo_image_surface_get_height(b), h);
    uint32_t mask = cairo_image_surface_get_format(a) == CAIRO_FORMAT_RGB24
                        ? 0x00ffffffu
                        : 0xffffffffu;
    const unsigned char *da = cairo_image_surface_get_data(a);
    const unsigned char *db = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a);
    int sb = cairo_image_surface_get_stride(b);
    size_t bad = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *pa = (const uint32_t *)(const void *)(da + y * sa);
        const uint32_t *pb = (const uint32_t *)(const void *)(db + y * sb);
        for (int x = 0; x < w; x++) {
            if ((pa[x] & mask) != (pb[x] & mask)) {
                if (bad < 5)
                    fprintf(stderr, "# pixel (%d, %d): %08x, decoded %08x\n",
                            x, y, pa[x], pb[x]);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* Writes @s in both modes and checks: decodes to the same pixels, same
 * bytes when written again, expected colour type. */
static void
roundtrip(cairo_surface_t *s, int colour_type)
{
    for (int m = 0; m < 2; m++) {
        GByteArray *b = write_png(s, modes[m]);
        assert_int_equal(check_chunks(b), colour_type);
        cairo_surface_t *img = wt_png_decode(b->data, b->len);
        assert_same_pixels(s, img);
        GByteArray *again = write_png(s, modes[m]);
        assert_int_equal(again->len, b->len);
        assert_memory_equal(again->data, b->data, b->len);
        g_byte_array_free(again, TRUE);
        cairo_surface_destroy(img);
        g_byte_array_free(b, TRUE);
    }
}

/* Shapes, gradients and text with partial alpha. */
static void
draw_scene(cairo_t *cr, int w, int h)
{
    cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, w, h);
    cairo_pattern_add_color_stop_rgba(g, 0, 0.9, 0.1, 0.2, 1);
    cairo_pattern_add_color_stop_rgba(g, 0.5, 0.1, 0.8, 0.3, 0.4);
    cairo_pattern_add_color_stop_rgba(g, 1, 0.2, 0.3, 0.9, 0.05);
    cairo_set_source(cr, g);
    cairo_arc(cr, w / 2.0, h / 2.0, h / 2.5, 0, 2 * G_PI);
    cairo_fill(cr);
    cairo_pattern_destroy(g);
    cairo_set_source_rgba(cr, 0.3, 0.6, 0.9, 0.33);
    cairo_rectangle(cr, w / 5.0, h / 7.0, w / 2.0, h / 3.0);
    cairo_fill(cr);
    cairo_set_source_rgba(cr, 0, 0, 0, 0.8);
    cairo_set_line_width(cr, 1.3);
    cairo_move_to(cr, 3, h - 4.5);
    cairo_curve_to(cr, w / 3.0, 0, w / 2.0, h, w - 2.5, 7.25);
    cairo_stroke(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 13);
    cairo_move_to(cr, 10, h / 2.0);
    cairo_show_text(cr, "Alpha 0.8");
}

static void
test_rgb24_roundtrip(void **state)
{
    (void)state;
    /* odd width: rows whose stride has padding */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 301, 97);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_scene(cr, 301, 97);
    cairo_destroy(cr);
    roundtrip(s, 2);
    cairo_surface_destroy(s);
}

static void
test_argb32_roundtrip(void **state)
{
    (void)state;
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 257, 120);
    cairo_t *cr = cairo_create(s);
    draw_scene(cr, 257, 120); /* on a transparent surface */
    cairo_destroy(cr);
    roundtrip(s, 6);
    cairo_surface_destroy(s);
}

/* Every valid premultiplied (alpha, channel) pair: the un-premultiplied
 * value written must come back exactly through Cairo's reader. */
static void
test_argb32_every_value(void **state)
{
    (void)state;
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 256, 256);
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (uint32_t a = 0; a < 256; a++) {
        uint32_t *row = (uint32_t *)(void *)(d + a * stride);
        for (uint32_t c = 0; c < 256; c++) {
            uint32_t v = c <= a ? c : a;
            uint32_t r = v, g = a - v, b = (v + a) / 2;
            row[c] = a << 24 | r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(s);
    roundtrip(s, 6);
    cairo_surface_destroy(s);
}

/* An ARGB32 surface that is opaque everywhere is written as RGB. */
static void
test_argb32_opaque(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 33);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
    cairo_paint(cr);
    draw_scene(cr, 64, 33);
    cairo_destroy(cr);
    roundtrip(s, 2);
    cairo_surface_destroy(s);
}

typedef struct wheel {
    cs_fonts_t *fonts;
    cs_bands_t *bands;
    cs_framework_t *fw;
    cs_scores_t *scores;
    cs_renderer_t *r;
} wheel;

static void
wheel_open(wheel *w)
{
    w->fonts = wt_fonts();
    w->bands = wt_bands();
    w->fw = wt_framework("data/u4ssc-wheel.csv");
    w->scores = wt_scores(w->fw, w->bands, "samples/alesund.csv",
                          "samples/targets.csv");
    w->r = wt_renderer(w->fw, w->bands, w->fonts, NULL);
}

static void
wheel_close(wheel *w)
{
    cs_renderer_free(w->r);
    cs_scores_free(w->scores);
    cs_framework_free(w->fw);
    cs_bands_free(w->bands);
    cs_fonts_free(w->fonts);
}

/* The wheel drawn on an RGB24 surface @px wide. */
static cairo_surface_t *
wheel_surface(const wheel *w, int px)
{
    double cw, ch;
    cs_renderer_size(w->r, &cw, &ch);
    int h = (int)lround(px * ch / cw);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, px / cw, px / cw);
    assert_int_equal(cs_renderer_draw(w->r, cr, w->scores, "\xc3\x85lesund",
                                    NULL, NULL),
                     CS_OK);
    cairo_destroy(cr);
    return s;
}

/* The wheel at 2000 px: exact pixels in both modes; the fast mode's file
 * within 10 % of Cairo's stock writer's; the small mode's smaller than
 * the fast one's. */
static void
test_wheel(void **state)
{
    (void)state;
    wheel w;
    wheel_open(&w);
    cairo_surface_t *s = wheel_surface(&w, 2000);
    roundtrip(s, 2);
    GByteArray *stock = write_stock(s);
    GByteArray *fast = write_png(s, CS_PNG_FAST);
    GByteArray *small = write_png(s, CS_PNG_SMALL);
    fprintf(stderr, "# 2000 px wheel: stock %u bytes, fast %u, small %u\n",
            stock->len, fast->len, small->len);
    assert_true((double)fast->len <= 1.10 * stock->len);
    assert_true(small->len < fast->len);
    g_byte_array_free(stock, TRUE);
    g_byte_array_free(fast, TRUE);
    g_byte_array_free(small, TRUE);
    cairo_surface_destroy(s);
    wheel_close(&w);
}

/* Through the renderer: png_mode changes the bytes, never the pixels; the
 * default is FAST. */
static void
test_render_modes(void **state)
{
    (void)state;
    wheel w;
    wheel_open(&w);
    cs_output_t o;
    cs_output_init(&o);
    assert_int_equal(o.png_mode, CS_PNG_FAST);
    o.format = CS_FORMAT_PNG;
    o.width_px = 700;
    unsigned char *data[3];
    size_t len[3];
    cs_png_mode_t m3[3] = {CS_PNG_FAST, CS_PNG_SMALL, CS_PNG_FAST};
    for (int i = 0; i < 3; i++) {
        o.png_mode = m3[i];
        assert_int_equal(cs_renderer_to_memory(w.r, w.scores, "Asker", &o,
                                             &data[i], &len[i], NULL, NULL),
                         CS_OK);
    }
    /* deterministic */
    assert_int_equal(len[0], len[2]);
    assert_memory_equal(data[0], data[2], len[0]);
    /* different compression, same pixels */
    assert_true(len[1] < len[0]);
    cairo_surface_t *a = wt_png_decode(data[0], len[0]);
    cairo_surface_t *b = wt_png_decode(data[1], len[1]);
    assert_int_equal(cairo_image_surface_get_width(a), 700);
    assert_same_pixels(a, b);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    for (int i = 0; i < 3; i++)
        free(data[i]);
    wheel_close(&w);
}

typedef struct failing {
    size_t budget; /* bytes accepted before failing */
    size_t calls;
} failing;

static cairo_status_t
fail_after(void *closure, const unsigned char *data, unsigned int len)
{
    (void)data;
    failing *f = closure;
    f->calls++;
    if (len > f->budget)
        return CAIRO_STATUS_WRITE_ERROR;
    f->budget -= len;
    return CAIRO_STATUS_SUCCESS;
}

static void
test_errors(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
    cairo_t *cr = cairo_create(s);
    draw_scene(cr, 400, 300);
    cairo_destroy(cr);
    /* a sink that fails at once, or part way through the image data */
    size_t budgets[3] = {0, 40, 5000};
    for (int m = 0; m < 2; m++) {
        for (int i = 0; i < 3; i++) {
            failing f = {budgets[i], 0};
            assert_int_equal(cs_png_write(s, modes[m], fail_after, &f),
                             CAIRO_STATUS_WRITE_ERROR);
            assert_true(f.calls >= 1);
        }
    }
    assert_int_equal(cs_png_write(NULL, CS_PNG_FAST, to_bytes, NULL),
                     CAIRO_STATUS_NULL_POINTER);
    assert_int_equal(cs_png_write(s, CS_PNG_FAST, NULL, NULL),
                     CAIRO_STATUS_NULL_POINTER);
    cairo_surface_destroy(s);
    /* not an image surface */
    cairo_surface_t *rec =
        cairo_recording_surface_create(CAIRO_CONTENT_COLOR, NULL);
    GByteArray *b = g_byte_array_new();
    assert_int_equal(cs_png_write(rec, CS_PNG_FAST, to_bytes, b),
                     CAIRO_STATUS_SURFACE_TYPE_MISMATCH);
    assert_int_equal(b->len, 0);
    g_byte_array_free(b, TRUE);
    cairo_surface_destroy(rec);
    /* other image formats go through Cairo's writer and still decode */
    cairo_surface_t *a8 = cairo_image_surface_create(CAIRO_FORMAT_A8, 50, 20);
    cr = cairo_create(a8);
    cairo_set_source_rgba(cr, 0, 0, 0, 0.5);
    cairo_rectangle(cr, 5, 5, 20, 10);
    cairo_fill(cr);
    cairo_destroy(cr);
    b = write_png(a8, CS_PNG_FAST);
    cairo_surface_t *img = wt_png_decode(b->data, b->len);
    assert_int_equal(cairo_image_surface_get_width(img), 50);
    cairo_surface_destroy(img);
    g_byte_array_free(b, TRUE);
    cairo_surface_destroy(a8);
}

static void
test_mode_params(void **state)
{
    (void)state;
    int lf, ff, mf, ls, fs, ms;
    cs_png_mode_params(CS_PNG_FAST, &lf, &ff, &mf);
    cs_png_mode_params(CS_PNG_SMALL, &ls, &fs, &ms);
    assert_true(lf >= 1 && lf <= 3);
    assert_true(ls > lf && ls <= 9);
    /* an unknown mode falls back to FAST */
    int lu, fu, mu;
    cs_png_mode_params((cs_png_mode_t)42, &lu, &fu, &mu);
    assert_int_equal(lu, lf);
    assert_int_equal(fu, ff);
    assert_int_equal(mu, mf);
}

static void
test_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("png-cli");
    char *city = cs_test_root("samples/rana.csv");
    char *fast = g_build_filename(dir, "fast.png", NULL);
    char *small = g_build_filename(dir, "small.png", NULL);
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "render", city, "-o", fast, "-w",
                             "600", "--png-compression", "fast", NULL);
    if (rc != 0)
        fprintf(stderr, "# %s\n", err);
    assert_int_equal(rc, 0);
    g_free(err);
    rc = cs_test_run_cli(NULL, &err, "render", city, "-o", small, "-w", "600",
                         "--png-compression", "SMALL", NULL);
    if (rc != 0)
        fprintf(stderr, "# %s\n", err);
    assert_int_equal(rc, 0);
    g_free(err);
    size_t lf, ls;
    char *df = cs_test_read(fast, &lf);
    char *ds = cs_test_read(small, &ls);
    assert_non_null(df);
    assert_non_null(ds);
    assert_true(ls < lf);
    cairo_surface_t *a = wt_png_decode((unsigned char *)df, lf);
    cairo_surface_t *b = wt_png_decode((unsigned char *)ds, ls);
    assert_same_pixels(a, b);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    g_free(df);
    g_free(ds);
    /* a bad value is a usage error, for render and batch */
    rc = cs_test_run_cli(NULL, &err, "render", city, "-o", fast,
                         "--png-compression", "medium", NULL);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "png-compression"));
    g_free(err);
    char *manifest = cs_test_root("samples/cities.csv");
    rc = cs_test_run_cli(NULL, &err, "batch", manifest, "-o", dir,
                         "--png-compression", "tiny", NULL);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "png-compression"));
    g_free(err);
    g_free(manifest);
    g_free(fast);
    g_free(small);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rgb24_roundtrip),
        cmocka_unit_test(test_argb32_roundtrip),
        cmocka_unit_test(test_argb32_every_value),
        cmocka_unit_test(test_argb32_opaque),
        cmocka_unit_test(test_wheel),
        cmocka_unit_test(test_render_modes),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_mode_params),
        cmocka_unit_test(test_cli),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
