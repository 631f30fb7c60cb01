/* SPDX-License-Identifier: MIT */
/*
 * The renderer (src/render.c and its files, src/place.c): backends and sizes,
 * valid vector files, colours from the scores and the legend from the same
 * band table, the label guarantee (no overlap, nothing clipped) for the
 * five samples and a synthetic wheel with very long labels, atomic writes,
 * determinism, threads, and the `citysnap render` command.
 */
#include "wheel-test.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "render-private.h"

typedef struct env {
    cs_fonts_t *fonts;
    cs_bands_t *bands;
    cs_framework_t *fw;    /* data/u4ssc-wheel.csv */
    cs_framework_t *small; /* tests/golden/small.csv */
    cs_framework_t *longfw;/* tests/golden/long-labels.csv */
    cs_renderer_t *r;
    cs_renderer_t *rs;
} env;

static int
setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    e->fonts = wt_fonts();
    e->bands = wt_bands();
    e->fw = wt_framework("data/u4ssc-wheel.csv");
    e->small = wt_framework("tests/golden/small.csv");
    e->longfw = wt_framework("tests/golden/long-labels.csv");
    e->r = wt_renderer(e->fw, e->bands, e->fonts, NULL);
    e->rs = wt_renderer(e->small, e->bands, e->fonts, NULL);
    *state = e;
    return 0;
}

static int
teardown(void **state)
{
    env *e = *state;
    cs_renderer_free(e->r);
    cs_renderer_free(e->rs);
    cs_framework_free(e->fw);
    cs_framework_free(e->small);
    cs_framework_free(e->longfw);
    cs_bands_free(e->bands);
    cs_fonts_free(e->fonts);
    free(e);
    return 0;
}

static unsigned char *
render_mem(const cs_renderer_t *r, const cs_scores_t *s, const char *name,
           cs_format_t fmt, double width, size_t *len)
{
    cs_output_t o;
    cs_output_init(&o);
    o.format = fmt;
    if (fmt == CS_FORMAT_PNG)
        o.width_px = width;
    else
        o.width_mm = width;
    unsigned char *data = NULL;
    cs_diag_t *d = cs_diag_new();
    cs_status_t st = cs_renderer_to_memory(r, s, name, &o, &data, len, NULL, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    assert_non_null(data);
    cs_diag_free(d);
    return data;
}

/* memmem for binary data (g_strstr_len stops at the first NUL). */
static const char *
find(const char *hay, size_t len, const char *needle)
{
    return memmem(hay, len, needle, strlen(needle));
}

static unsigned
be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 |
           p[3];
}

/* ---- formats and sizes --------------------------------------------------- */

static void
test_formats(void **state)
{
    (void)state;
    cs_format_t f;
    assert_string_equal(cs_format_name(CS_FORMAT_PNG), "png");
    assert_string_equal(cs_format_extension(CS_FORMAT_PDF), ".pdf");
    assert_null(cs_format_name(CS_FORMAT_AUTO));
    assert_null(cs_format_name(CS_FORMAT_COUNT));
    assert_false(cs_format_is_vector(CS_FORMAT_PNG));
    assert_true(cs_format_is_vector(CS_FORMAT_SVG));
    assert_true(cs_format_is_vector(CS_FORMAT_PDF));
    assert_int_equal(cs_format_from_name("SVG", &f, NULL), CS_OK);
    assert_int_equal(f, CS_FORMAT_SVG);
    assert_int_equal(cs_format_from_name("jpeg", &f, NULL), CS_ERR_INVALID);
    assert_int_equal(cs_format_from_path("out/wheel.PDF", &f, NULL), CS_OK);
    assert_int_equal(f, CS_FORMAT_PDF);
    assert_int_equal(cs_format_from_path("a.png/wheel", &f, NULL), CS_ERR_INVALID);
    assert_int_equal(cs_format_from_path("wheel", &f, NULL), CS_ERR_INVALID);
    assert_int_equal(cs_format_from_path("wheel.tiff", &f, NULL), CS_ERR_INVALID);
}

static void
test_output_size(void **state)
{
    env *e = *state;
    double cw, ch, w, h, s;
    cs_renderer_size(e->r, &cw, &ch);
    assert_near(cw, 720, 0);
    cs_output_t o;
    cs_output_init(&o);
    assert_int_equal(o.format, CS_FORMAT_AUTO);
    /* PNG: default 2000 px, height from the aspect ratio */
    assert_int_equal(cs_renderer_output_place(e->r, CS_FORMAT_PNG, &o, &w, &h, &s, NULL, NULL, NULL),
                     CS_OK);
    assert_near(w, 2000, 0);
    assert_near(h, round(2000 * ch / cw), 0);
    assert_near(s, 2000 / cw, 1e-12);
    o.width_px = 800;
    cs_renderer_output_place(e->r, CS_FORMAT_PNG, &o, &w, &h, &s, NULL, NULL, NULL);
    assert_near(w, 800, 0);
    /* PNG in mm at a resolution: 254 mm at 100 dpi = 1000 px */
    o.width_px = 0;
    o.width_mm = 254;
    o.dpi = 100;
    cs_renderer_output_place(e->r, CS_FORMAT_PNG, &o, &w, &h, &s, NULL, NULL, NULL);
    assert_near(w, 1000, 0);
    /* PDF in mm: points */
    cs_renderer_output_place(e->r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, NULL);
    assert_near(w, 720, 1e-9);
    assert_near(h, ch, 1e-9);
    /* SVG in mm: the document unit is mm */
    o.width_mm = 200;
    cs_renderer_output_place(e->r, CS_FORMAT_SVG, &o, &w, &h, &s, NULL, NULL, NULL);
    assert_near(w, 200, 0);
    assert_near(s, 200 / cw, 1e-12);
    /* vector in pt; natural size */
    o.width_mm = 0;
    o.width_pt = 500;
    cs_renderer_output_place(e->r, CS_FORMAT_SVG, &o, &w, &h, &s, NULL, NULL, NULL);
    assert_near(w, 500, 0);
    o.width_pt = 0;
    cs_renderer_output_place(e->r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, NULL);
    assert_near(w, cw, 0);
    assert_near(s, 1, 0);
    /* out of range */
    cs_diag_t *d = cs_diag_new();
    o.width_px = 5;
    assert_int_equal(cs_renderer_output_place(e->r, CS_FORMAT_PNG, &o, &w, &h, &s, NULL, NULL, d),
                     CS_ERR_ARG);
    o.width_px = 1e6;
    assert_int_equal(cs_renderer_output_place(e->r, CS_FORMAT_PNG, &o, &w, &h, &s, NULL, NULL, d),
                     CS_ERR_ARG);
    o.width_px = 0;
    o.width_mm = 100;
    o.dpi = 0;
    assert_int_equal(cs_renderer_output_place(e->r, CS_FORMAT_PNG, &o, &w, &h, &s, NULL, NULL, d),
                     CS_ERR_ARG);
    o.width_mm = 1e7;
    assert_int_equal(cs_renderer_output_place(e->r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, d),
                     CS_ERR_ARG);
    o.width_mm = -1;
    assert_int_equal(cs_renderer_output_place(e->r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, d),
                     CS_ERR_ARG);
    assert_int_equal(
        cs_renderer_output_place(e->r, CS_FORMAT_AUTO, &o, &w, &h, &s, NULL, NULL, d), CS_ERR_ARG);
    cs_diag_free(d);
}

/* ---- valid outputs -------------------------------------------------------- */

static void
test_png_valid(void **state)
{
    env *e = *state;
    size_t len;
    unsigned char *png = render_mem(e->r, NULL, "\xc3\x85lesund",
                                    CS_FORMAT_PNG, 640, &len);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
                                         0x1a, '\n'};
    assert_true(len > 1000);
    assert_memory_equal(png, sig, 8);
    assert_memory_equal(png + 12, "IHDR", 4);
    double cw, ch;
    cs_renderer_size(e->r, &cw, &ch);
    assert_int_equal(be32(png + 16), 640);
    assert_int_equal(be32(png + 20), (unsigned)lround(640 * ch / cw));
    cairo_surface_t *img = wt_png_decode(png, len);
    assert_int_equal(cairo_image_surface_get_width(img), 640);
    /* the corners are background */
    cs_rgb_t white = {1, 1, 1};
    assert_true(wt_pixel_is(img, 0, 0, white, 0));
    assert_true(wt_pixel_is(img, 639, be32(png + 20) - 1, white, 0));
    cairo_surface_destroy(img);
    free(png);
}

/* Value of attribute @name in the <svg> start tag; NAN when missing. */
static double
svg_attr(const char *svg, const char *name, char *unit, size_t unit_len)
{
    const char *tag = strstr(svg, "<svg");
    const char *end = tag ? strchr(tag, '>') : NULL;
    if (!tag || !end)
        return NAN;
    char *key = g_strdup_printf(" %s=\"", name);
    const char *a = find(tag, (size_t)(end - tag), key);
    size_t klen = strlen(key);
    g_free(key);
    if (!a)
        return NAN;
    char *stop = NULL;
    double v = g_ascii_strtod(a + klen, &stop);
    size_t n = 0;
    while (stop[n] && stop[n] != '"' && n + 1 < unit_len) {
        unit[n] = stop[n];
        n++;
    }
    unit[n] = '\0';
    return v;
}

static void
test_svg_valid(void **state)
{
    env *e = *state;
    double cw, ch;
    cs_renderer_size(e->r, &cw, &ch);
    size_t len;
    char unit[16];
    /* in mm */
    char *svg = (char *)render_mem(e->r, NULL, "Asker", CS_FORMAT_SVG, 200,
                                   &len);
    svg = realloc(svg, len + 1);
    svg[len] = '\0';
    assert_true(g_str_has_prefix(svg, "<?xml"));
    assert_true(g_str_has_suffix(g_strchomp(svg), "</svg>"));
    assert_true(g_utf8_validate(svg, -1, NULL));
    assert_near(svg_attr(svg, "width", unit, sizeof unit), 200, 1e-3);
    assert_string_equal(unit, "mm");
    assert_near(svg_attr(svg, "height", unit, sizeof unit), 200 * ch / cw,
                1e-3);
    assert_string_equal(unit, "mm");
    /* each glyph outline once, shared by every size and rotation (the
     * labels use ~110 distinct glyphs of two faces), and no per-label
     * groups (cairo's <pattern> + <clipPath> for rotated text) */
    size_t glyphs = 0;
    for (const char *p = svg; (p = strstr(p, "<path id=\"g")); p++)
        glyphs++;
    assert_true(glyphs > 50 && glyphs < 200);
    assert_null(strstr(svg, "<pattern"));
    assert_null(strstr(svg, "<symbol"));
    /* every id referenced is defined */
    GRegex *re = g_regex_new("xlink:href=\"#([a-z0-9-]+)\"", 0, 0, NULL);
    GMatchInfo *mi;
    g_regex_match(re, svg, 0, &mi);
    int refs = 0;
    while (g_match_info_matches(mi)) {
        char *id = g_match_info_fetch(mi, 1);
        char *def = g_strdup_printf("id=\"%s\"", id);
        assert_non_null(strstr(svg, def));
        g_free(def);
        g_free(id);
        refs++;
        g_match_info_next(mi, NULL);
    }
    assert_true(refs > 2000); /* one <use> per drawn glyph */
    g_match_info_free(mi);
    g_regex_unref(re);
    free(svg);
    /* natural size in pt */
    cs_output_t o;
    cs_output_init(&o);
    o.format = CS_FORMAT_SVG;
    unsigned char *data;
    assert_int_equal(cs_renderer_to_memory(e->r, NULL, NULL, &o, &data, &len,
                                         NULL, NULL),
                     CS_OK);
    svg = realloc(data, len + 1);
    svg[len] = '\0';
    assert_near(svg_attr(svg, "width", unit, sizeof unit), cw, 1e-3);
    assert_string_equal(unit, "pt");
    free(svg);
}

/* Pixels where @a and @b differ by more than 40 in a channel, as a
 * fraction. */
static double
differing(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a);
    int h = cairo_image_surface_get_height(a);
    assert_int_equal(cairo_image_surface_get_width(b), w);
    assert_int_equal(cairo_image_surface_get_height(b), h);
    long n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int p[3], q[3];
            wt_pixel(a, x, y, p);
            wt_pixel(b, x, y, q);
            for (int c = 0; c < 3; c++)
                if (abs(p[c] - q[c]) > 40) {
                    n++;
                    break;
                }
        }
    return (double)n / ((double)w * h);
}

/* The SVG's labels (glyph outlines written by src/svgglyph.c) land where
 * cairo draws them: rsvg-convert's picture of the SVG matches cairo's PNG
 * of the same wheel, and a different city's PNG does not. */
static void
test_svg_matches_png(void **state)
{
    env *e = *state;
    cs_test_require_tool("rsvg-convert");
    cs_scores_t *s = wt_scores(e->fw, e->bands, "samples/asker.csv",
                               "samples/targets.csv");
    size_t len, plen, olen;
    /* the name has two characters no shipped font has: pango draws a box
     * with the code in hex, and so must the SVG */
    const char *name = "Asker \xe6\x9d\xb1\xe4\xba\xac";
    unsigned char *png = render_mem(e->r, s, name, CS_FORMAT_PNG, 1200,
                                    &plen);
    cs_output_t o;
    cs_output_init(&o);
    o.format = CS_FORMAT_SVG;
    unsigned char *svg = NULL;
    assert_int_equal(
        cs_renderer_to_memory(e->r, s, name, &o, &svg, &len, NULL, NULL),
        CS_OK);
    size_t boxes = 0;
    for (const char *q = (const char *)svg;
         (q = find(q, len - (size_t)(q - (const char *)svg),
                   "class=\"missing-glyph\""));
         q++)
        boxes++;
    assert_int_equal(boxes, 2);
    cairo_surface_t *want = wt_png_decode(png, plen);
    cairo_surface_t *got =
        wt_rsvg_png(svg, len, cairo_image_surface_get_width(want),
                    cairo_image_surface_get_height(want));
    assert_non_null(got);
    double same = differing(want, got);
    fprintf(stderr, "# SVG vs PNG: %.3f %% of pixels differ\n", 100 * same);
    assert_true(same < 0.01);
    /* the comparison can fail: another city's wheel differs */
    cs_scores_t *s2 = wt_scores(e->fw, e->bands, "samples/rana.csv",
                                "samples/targets.csv");
    unsigned char *other =
        render_mem(e->r, s2, "Rana", CS_FORMAT_PNG, 1200, &olen);
    cairo_surface_t *os = wt_png_decode(other, olen);
    double diff = differing(os, got);
    fprintf(stderr, "# SVG vs another city: %.3f %%\n", 100 * diff);
    assert_true(diff > 0.02);
    cairo_surface_destroy(os);
    cairo_surface_destroy(got);
    cairo_surface_destroy(want);
    free(other);
    free(svg);
    free(png);
    cs_scores_free(s2);
    cs_scores_free(s);
}

static size_t
count_of(const char *d, size_t len, const char *what)
{
    size_t n = 0, k = strlen(what);
    for (const char *p = d; (p = find(p, len - (size_t)(p - d), what));
         p += k)
        n++;
    return n;
}

static unsigned char *
render_pdf(const cs_renderer_t *r, const cs_scores_t *s, const char *name,
           int exclusive, size_t *len)
{
    cs_output_t o;
    cs_output_init(&o);
    o.format = CS_FORMAT_PDF;
    o.width_mm = 150;
    o.exclusive = exclusive;
    unsigned char *d = NULL;
    assert_int_equal(cs_renderer_to_memory(r, s, name, &o, &d, len, NULL, NULL),
                     CS_OK);
    return d;
}

/* The /Alt text of the PDF's Figure structure element, decoded from its
 * UTF-16BE hex string; NULL when there is none. g_free(). */
static char *
pdf_alt(const unsigned char *pdf, size_t len)
{
    const char *fig = find((const char *)pdf, len, "/S /Figure");
    if (!fig)
        return NULL;
    const char *alt = strstr(fig, "/Alt <FEFF");
    if (!alt || alt - fig > 40)
        return NULL;
    alt += 10;
    GArray *u = g_array_new(FALSE, FALSE, sizeof(gunichar2));
    while (g_ascii_isxdigit(alt[0]) && g_ascii_isxdigit(alt[1]) &&
           g_ascii_isxdigit(alt[2]) && g_ascii_isxdigit(alt[3])) {
        gunichar2 c = (gunichar2)((g_ascii_xdigit_value(alt[0]) << 12) |
                                  (g_ascii_xdigit_value(alt[1]) << 8) |
                                  (g_ascii_xdigit_value(alt[2]) << 4) |
                                  g_ascii_xdigit_value(alt[3]));
        g_array_append_val(u, c);
        alt += 4;
    }
    char *r = *alt == '>' ? g_utf16_to_utf8((gunichar2 *)u->data,
                                            (glong)u->len, NULL, NULL, NULL)
                          : NULL;
    g_array_free(u, TRUE);
    return r;
}

/* cs_output_t.exclusive: PDF labels as rotated text runs rather than one
 * form XObject per rotated label or glyph; the same picture. */
static void
test_pdf_exclusive(void **state)
{
    env *e = *state;
    cs_scores_t *s = wt_scores(e->fw, e->bands, "samples/trondheim.csv",
                               "samples/targets.csv");
    size_t safe_len, alone_len, other_len;
    unsigned char *safe = render_pdf(e->r, s, "Trondheim", 0, &safe_len);
    unsigned char *alone = render_pdf(e->r, s, "Trondheim", 1, &alone_len);
    size_t forms_safe = count_of((char *)safe, safe_len, "/Subtype /Form");
    size_t forms_alone = count_of((char *)alone, alone_len, "/Subtype /Form");
    fprintf(stderr, "# PDF: %zu bytes, %zu forms; exclusive: %zu bytes, "
            "%zu forms\n", safe_len, forms_safe, alone_len, forms_alone);
    assert_true(forms_safe > 100);
    assert_int_equal(forms_alone, 0);
    assert_true(alone_len * 2 < safe_len);
    assert_non_null(find((char *)alone, alone_len, "+Lato-Regular"));
    assert_non_null(find((char *)alone, alone_len, "+Lato-Bold"));
    assert_non_null(find((char *)alone, alone_len, "/ToUnicode"));
    /* tagged: the wheel is a Figure whose alternative text is the
     * summary, in both modes */
    char *sum = NULL;
    assert_int_equal(cs_describe_summary(e->fw, e->bands, s, "Trondheim", NULL, &sum, NULL),
                     CS_OK);
    for (int k = 0; k < 2; k++) {
        const unsigned char *d = k ? alone : safe;
        size_t n = k ? alone_len : safe_len;
        assert_non_null(find((const char *)d, n, "/MarkInfo << /Marked true >>"));
        char *alt = pdf_alt(d, n);
        assert_non_null(alt);
        assert_string_equal(alt, sum);
        g_free(alt);
    }
    free(sum);
    cairo_surface_t *a = wt_pdf_png(safe, safe_len, 100);
    cairo_surface_t *b = wt_pdf_png(alone, alone_len, 100);
    double same = differing(a, b);
    fprintf(stderr, "# pixels differing: %.3f %%\n", 100 * same);
    assert_true(same < 0.005);
    cs_scores_t *s2 = wt_scores(e->fw, e->bands, "samples/alesund.csv",
                                "samples/targets.csv");
    unsigned char *other = render_pdf(e->r, s2, "Ålesund", 1, &other_len);
    cairo_surface_t *c = wt_pdf_png(other, other_len, 100);
    assert_true(differing(b, c) > 0.02);
    cairo_surface_destroy(c);
    cairo_surface_destroy(b);
    cairo_surface_destroy(a);
    free(other);
    cs_scores_free(s2);
    free(safe);
    free(alone);
    cs_scores_free(s);
}

static void
test_pdf_valid(void **state)
{
    env *e = *state;
    double cw, ch;
    cs_renderer_size(e->r, &cw, &ch);
    g_setenv("SOURCE_DATE_EPOCH", "1700000000", TRUE);
    size_t len;
    char *pdf = (char *)render_mem(e->r, NULL, "Trondheim", CS_FORMAT_PDF, 210,
                                   &len);
    pdf = realloc(pdf, len + 1);
    pdf[len] = '\0';
    assert_true(g_str_has_prefix(pdf, "%PDF-1.5"));
    assert_non_null(find(pdf, len, "%%EOF"));
    const char *mb = find(pdf, len, "/MediaBox [");
    assert_non_null(mb);
    double x0, y0, x1, y1;
    assert_int_equal(sscanf(mb, "/MediaBox [ %lf %lf %lf %lf", &x0, &y0, &x1,
                            &y1),
                     4);
    assert_near(x1 - x0, 210 / 25.4 * 72, 1e-3);
    assert_near(y1 - y0, 210 / 25.4 * 72 * ch / cw, 1e-3);
    /* fonts embedded as subsets, with a Unicode map (selectable text) */
    assert_non_null(find(pdf, len, "/FontFile2"));
    assert_non_null(find(pdf, len, "/FontDescriptor"));
    assert_non_null(find(pdf, len, "/ToUnicode"));
    assert_non_null(find(pdf, len, "+Lato-Regular"));
    assert_non_null(find(pdf, len, "+Lato-Bold"));
    /* dates pinned to SOURCE_DATE_EPOCH (2023-11-14 22:13:20 UTC) */
    assert_non_null(find(pdf, len, "/CreationDate (20231114221320"));
    assert_non_null(find(pdf, len, "/ModDate (20231114221320"));
    assert_non_null(find(pdf, len, "/Title (City snapshot: Trondheim)"));
    free(pdf);
    /* another epoch, another date; unset: the epoch */
    g_setenv("SOURCE_DATE_EPOCH", "86400", TRUE);
    pdf = (char *)render_mem(e->rs, NULL, NULL, CS_FORMAT_PDF, 100, &len);
    assert_non_null(find(pdf, len, "/CreationDate (19700102000000"));
    free(pdf);
    /* unset (or not a number): the time of writing */
    const char *unset[] = {NULL, "soon"};
    for (size_t u = 0; u < 2; u++) {
        if (unset[u])
            g_setenv("SOURCE_DATE_EPOCH", unset[u], TRUE);
        else
            g_unsetenv("SOURCE_DATE_EPOCH");
        gint64 before = g_get_real_time() / G_USEC_PER_SEC;
        pdf = (char *)render_mem(e->rs, NULL, NULL, CS_FORMAT_PDF, 100, &len);
        gint64 after = g_get_real_time() / G_USEC_PER_SEC;
        const char *cd = find(pdf, len, "/CreationDate (");
        assert_non_null(cd);
        int Y, M, D, h, m, sec;
        assert_int_equal(sscanf(cd, "/CreationDate (%4d%2d%2d%2d%2d%2d", &Y,
                                &M, &D, &h, &m, &sec),
                         6);
        GDateTime *dt = g_date_time_new_utc(Y, M, D, h, m, sec);
        gint64 t = g_date_time_to_unix(dt);
        g_date_time_unref(dt);
        assert_true(t >= before && t <= after);
        free(pdf);
    }
    g_setenv("SOURCE_DATE_EPOCH", "1700000000", TRUE);
}

/* ---- colours -------------------------------------------------------------- */

/* A point well inside wedge @w (away from its text and separators),
 * in pixels for a render at @scale. */
static void
inside(const cs_layout_t *l, const cs_wedge_t *w, double scale, double *x,
       double *y)
{
    double a = w->a0 + 0.12 * (w->a1 - w->a0);
    double r = w->r0 + 0.2 * (w->r1 - w->r0);
    if (w->ring == CS_RING_KPI) {
        a = (w->a0 + w->a1) / 2;
        r = (w->r0 + w->r1) / 2;
    }
    cs_point_t p = cs_layout_polar(cs_layout_centre(l), a, r);
    *x = p.x * scale;
    *y = p.y * scale;
}

static void
check_colours(const cs_renderer_t *r, const cs_bands_t *b,
              const cs_scores_t *s)
{
    size_t len;
    unsigned char *png = render_mem(r, s, "X", CS_FORMAT_PNG, 900, &len);
    cairo_surface_t *img = wt_png_decode(png, len);
    double cw;
    cs_renderer_size(r, &cw, NULL);
    double scale = 900 / cw;
    const cs_layout_t *l = cs_renderer_layout(r);
    for (size_t i = 0; i < cs_layout_wedge_count(l); i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, i);
        cs_band_t band = w->ring == CS_RING_KPI ? cs_scores_get_kpi(s, w->index)->band
                         : w->ring == CS_RING_GROUP
                             ? cs_scores_get_group(s, w->index)->band
                             : cs_scores_get_dimension(s, w->index)->band;
        double x, y;
        inside(l, w, scale, &x, &y);
        assert_true(wt_pixel_is(img, x, y, cs_bands_color(b, band), 1));
    }
    /* the legend: the same table, in legend order */
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(b, order);
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_rect_t sw;
        cs_layout_get_legend_entry(l, i, &sw, NULL);
        assert_true(wt_pixel_is(img, (sw.x + sw.w / 2) * scale,
                                (sw.y + sw.h / 2) * scale,
                                cs_bands_color(b, order[i]), 1));
    }
    cairo_surface_destroy(img);
    free(png);
}

/* @p (0..255) within @tol of colour @c. */
static int
near_rgb(const int p[3], cs_rgb_t c, int tol)
{
    return abs(p[0] - (int)lround(c.r * 255)) <= tol &&
           abs(p[1] - (int)lround(c.g * 255)) <= tol &&
           abs(p[2] - (int)lround(c.b * 255)) <= tol;
}

/* A group below the minimum coverage is drawn with the not-enough-data
 * band, hatched, in the PNG's pixels and in the SVG, and so is its legend
 * entry; a group with enough KPIs scored keeps its score's colour. Asker
 * with the illustrative targets at 33 %: Transport has 3 of 15 KPIs
 * scored, ICT Infrastructure 3 of 6. */
static void
test_fewdata_drawn(void **state)
{
    env *e = *state;
    cs_scores_t *s = wt_scores_cov(e->fw, e->bands, "samples/asker.csv",
                                   "samples/targets.csv", 33);
    size_t transport = SIZE_MAX, ict = SIZE_MAX;
    for (size_t g = 0; g < cs_framework_group_count(e->fw); g++) {
        const char *n = cs_framework_get_group(e->fw, g)->name;
        if (!strcmp(n, "Transport"))
            transport = g;
        if (!strcmp(n, "ICT Infrastructure"))
            ict = g;
    }
    assert_int_equal(cs_scores_get_group(s, transport)->band,
                     CS_BAND_FEWDATA);
    assert_int_not_equal(cs_scores_get_group(s, ict)->band, CS_BAND_FEWDATA);
    cs_scene_t *sc = NULL;
    assert_int_equal(cs_scene_new(e->r, s, NULL, "Asker", &sc, NULL), CS_OK);
    const cs_scene_paint_t *few = cs_scene_get_band_paint(sc, CS_BAND_FEWDATA);
    assert_int_not_equal(few->hatch, CS_HATCH_NONE);

    size_t len;
    unsigned char *png = render_mem(e->r, s, "Asker", CS_FORMAT_PNG, 1600,
                                    &len);
    cairo_surface_t *img = wt_png_decode(png, len);
    double cw;
    cs_renderer_size(e->r, &cw, NULL);
    double scale = 1600 / cw;
    const cs_layout_t *l = cs_renderer_layout(e->r);
    for (int which = 0; which < 2; which++) {
        const cs_scene_wedge_t *w = cs_scene_find_wedge(
            sc, CS_RING_GROUP, which ? ict : transport);
        /* a grid over the wedge's inner part, clear of its label */
        size_t fill = 0, hatch = 0, n = 0;
        for (int i = 1; i < 10; i++)
            for (int k = 1; k < 4; k++) {
                double a = w->geom.a0 + (w->geom.a1 - w->geom.a0) * i / 10;
                double r = w->geom.r0 + (w->geom.r1 - w->geom.r0) * k / 12.0;
                cs_point_t p = cs_layout_polar(cs_layout_centre(l), a, r);
                int px[3];
                wt_pixel(img, (int)(p.x * scale), (int)(p.y * scale), px);
                fill += near_rgb(px, few->fill, 3);
                hatch += near_rgb(px, few->hatch_color, 40) &&
                         !near_rgb(px, few->fill, 3);
                n++;
            }
        if (which == 0) {
            fprintf(stderr, "# Transport: %zu of %zu samples fill, %zu hatch\n",
                    fill, n, hatch);
            assert_true(fill + hatch >= n * 9 / 10);
            assert_true(fill > 0);
        } else {
            assert_int_equal(fill, 0);
        }
    }
    /* its legend entry */
    int found = 0;
    for (size_t i = 0; i < cs_scene_swatch_count(sc); i++) {
        const cs_scene_swatch_t *sw = cs_scene_get_swatch(sc, i);
        if (sw->band != CS_BAND_FEWDATA)
            continue;
        found = 1;
        assert_string_equal(sw->label, "Not enough data: too few KPIs scored");
        int px[3];
        wt_pixel(img, (int)((sw->rect.x + 1.5) * scale),
                 (int)((sw->rect.y + 1.5) * scale), px);
        assert_true(near_rgb(px, few->fill, 3) ||
                    near_rgb(px, few->hatch_color, 40));
    }
    assert_true(found);
    cairo_surface_destroy(img);
    free(png);

    /* the SVG: the wedge carries the band, its colour and the hatch */
    cs_output_t o;
    cs_output_init(&o);
    o.format = CS_FORMAT_SVG;
    o.svg_text = 1;
    unsigned char *svg = NULL;
    assert_int_equal(cs_renderer_to_memory(e->r, s, "Asker", &o, &svg, &len,
                                           NULL, NULL),
                     CS_OK);
    char *text = g_strndup((const char *)svg, len);
    char *want = g_strdup_printf("<path id=\"group-%zu\" class=\"band-fewdata\" "
                                 "fill=\"#cdc8c2\"",
                                 transport);
    if (!strstr(text, want))
        fprintf(stderr, "# missing %s\n", want);
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "<pattern id=\"hatch-fewdata"));
    g_free(want);
    g_free(text);
    free(svg);
    cs_scene_free(sc);
    cs_scores_free(s);
}

static void
test_colours(void **state)
{
    env *e = *state;
    cs_scores_t *s = wt_scores(e->small, e->bands, "tests/ref/small-city.csv",
                               NULL);
    /* the city covers several bands, so the test can tell them apart */
    assert_int_equal(cs_scores_get_kpi(s, 0)->band, CS_BAND_95PLUS);
    assert_int_equal(cs_scores_get_kpi(s, 2)->band, CS_BAND_NOTARGET);
    assert_int_equal(cs_scores_get_kpi(s, 5)->band, CS_BAND_NODATA);
    check_colours(e->rs, e->bands, s);
    cs_scores_free(s);

    /* another band table: other colours, another legend order; wedges and
     * legend follow it together */
    static const char custom[] =
        "key,label,color,min_percent,points\n"
        "nodata,Nothing,#101010,,0\n"
        "95plus,Top,#0000ff,90,4\n"
        "66to95,Good,#00ff00,60,3\n"
        "33to66,Fair,#ff00ff,30,2\n"
        "below33,Poor,#ff0000,0,1\n"
        "notarget,No target,#ffff00,,0\n";
    cs_bands_t *b2 = NULL;
    assert_int_equal(cs_bands_load_buffer("custom.csv", custom,
                                          sizeof custom - 1, &b2, NULL),
                     CS_OK);
    cs_renderer_t *r2 = wt_renderer(e->small, b2, e->fonts, NULL);
    s = wt_scores(e->small, b2, "tests/ref/small-city.csv", NULL);
    check_colours(r2, b2, s);
    /* the legend texts come from that table too */
    const cs_labels_t *ls = cs_renderer_shared_labels(r2);
    int seen = 0;
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        if (l->kind != CS_LABEL_LEGEND)
            continue;
        cs_band_t order[CS_BAND_COUNT];
        cs_bands_legend_order(b2, order);
        assert_string_equal(l->text, cs_bands_label(b2, order[l->index]));
        seen++;
    }
    assert_int_equal(seen, CS_BAND_COUNT);
    cs_scores_free(s);
    cs_renderer_free(r2);
    cs_bands_free(b2);
}

static void
test_text_contrast(void **state)
{
    env *e = *state;
    cs_rgb_t black = {0, 0, 0}, white = {1, 1, 1};
    cs_rgb_t navy = {0, 0, 0.5}, yellow = {1, 1, 0};
    assert_near(cs_render_contrast(black, white), 21, 1e-9);
    assert_near(cs_render_contrast(white, white), 1, 1e-9);
    cs_rgb_t t = cs_render_text_color(navy);
    assert_near(t.r, 1, 0);
    t = cs_render_text_color(yellow);
    assert_near(t.r, 0, 0);
    /* every default band colour gets a text colour of AA contrast for
     * large/bold text (3:1) and the better of the two */
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        cs_rgb_t bg = cs_bands_color(e->bands, (cs_band_t)i);
        cs_rgb_t fg = cs_render_text_color(bg);
        double c = cs_render_contrast(bg, fg);
        assert_true(c >= 4.5);
        assert_true(c >= cs_render_contrast(bg, fg.r > 0.5 ? black : white));
    }
}

/* ---- the label guarantee -------------------------------------------------- */

static double
dist(cs_point_t a, cs_point_t b)
{
    return hypot(a.x - b.x, a.y - b.y);
}

static void
check_guarantee(const cs_renderer_t *r, const char *name)
{
    cs_labels_t *ls = NULL;
    assert_int_equal(cs_renderer_city_labels(r, name, &ls, NULL), CS_OK);
    double w, h;
    cs_renderer_size(r, &w, &h);
    cs_rect_t canvas = {0, 0, w, h};
    cs_diag_t *problem = cs_diag_new();
    cs_status_t ok = cs_labels_check(ls, canvas, 0.01, problem);
    if (ok != CS_OK) {
        fprintf(stderr, "# %s:\n", name);
        cs_test_diag_dump(problem);
    }
    cs_diag_free(problem);
    assert_int_equal(ok, CS_OK);
    /* KPI labels lie wholly outside the wheel; ring labels in their ring */
    const cs_layout_t *l = cs_renderer_layout(r);
    cs_point_t c = cs_layout_centre(l);
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *lab = cs_labels_get(ls, i);
        double lo = 0, hi = INFINITY;
        if (lab->kind == CS_LABEL_KPI) {
            lo = cs_layout_radius(l, 3);
        } else if (lab->kind == CS_LABEL_GROUP) {
            lo = cs_layout_radius(l, 1);
            hi = cs_layout_radius(l, 2);
        } else if (lab->kind == CS_LABEL_DIMENSION) {
            lo = cs_layout_radius(l, 0);
            hi = cs_layout_radius(l, 1);
        } else if (lab->kind == CS_LABEL_NAME) {
            hi = cs_layout_radius(l, 0);
        } else {
            continue;
        }
        for (size_t k = 0; k < lab->n_boxes; k++)
            for (int j = 0; j < 4; j++) {
                double d = dist(lab->boxes[k].p[j], c);
                if (d < lo - 0.01 || d > hi + 0.5) {
                    fprintf(stderr, "# %s label \"%s\" at radius %.2f, "
                                    "outside [%.2f, %.2f]\n",
                            cs_label_kind_name(lab->kind), lab->text, d, lo,
                            hi);
                    fail();
                }
            }
    }
    cs_labels_free(ls);
}

/* --legend right and none: every sample's labels still fit without
 * overlap or truncation; a right legend has the band colours at its
 * entries, no legend has no legend labels. */
static void
test_legend_positions(void **state)
{
    env *e = *state;
    cs_scores_t *s = wt_scores(e->small, e->bands, "tests/ref/small-city.csv",
                               NULL);
    for (int pos = CS_LEGEND_RIGHT; pos <= CS_LEGEND_NONE; pos++) {
        cs_render_options_t o;
        cs_render_options_init(&o);
        o.layout.legend_position = (cs_legend_position_t)pos;
        cs_renderer_t *r = wt_renderer(e->fw, e->bands, e->fonts, &o);
        static const char *const names[] = {"\xc3\x85lesund", "Trondheim",
                                            "Kristiansand kommune"};
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
            check_guarantee(r, names[i]);
            cs_labels_t *ls = NULL;
            assert_int_equal(cs_renderer_city_labels(r, names[i], &ls, NULL), CS_OK);
            assert_int_equal(cs_labels_count_outcome(ls, CS_FIT_ELLIPSIZED),
                             0);
            size_t legend = 0;
            for (size_t j = 0; j < cs_labels_count(ls); j++)
                legend += cs_labels_get(ls, j)->kind == CS_LABEL_LEGEND;
            assert_int_equal(legend, pos == CS_LEGEND_NONE ? 0 : CS_BAND_COUNT);
            cs_labels_free(ls);
        }
        cs_renderer_free(r);
    }
    /* colours at a right legend's entries (small framework) */
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.layout.legend_position = CS_LEGEND_RIGHT;
    cs_renderer_t *r = wt_renderer(e->small, e->bands, e->fonts, &o);
    check_colours(r, e->bands, s);
    cs_renderer_free(r);
    cs_scores_free(s);
}

static void
test_guarantee_samples(void **state)
{
    env *e = *state;
    char *mpath = cs_test_root("samples/cities.csv");
    cs_manifest_t *m = NULL;
    assert_int_equal(cs_manifest_load(mpath, &m, NULL), CS_OK);
    assert_int_equal(cs_manifest_count(m), 5);
    for (size_t i = 0; i < cs_manifest_count(m); i++)
        check_guarantee(e->r, cs_manifest_get(m, i)->name);
    cs_manifest_free(m);
    g_free(mpath);

    /* every KPI has its label; none truncated; KPI labels read outwards on
     * the right half and are flipped on the left half */
    const cs_labels_t *ls = cs_renderer_shared_labels(e->r);
    const cs_layout_t *l = cs_renderer_layout(e->r);
    size_t nk = cs_framework_kpi_count(e->fw), kpis = 0;
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *lab = cs_labels_get(ls, i);
        assert_int_not_equal(lab->outcome, CS_FIT_ELLIPSIZED);
        if (lab->kind != CS_LABEL_KPI)
            continue;
        assert_int_equal(lab->index, kpis);
        assert_string_equal(lab->text,
                            cs_framework_get_kpi(e->fw, lab->index)->label);
        assert_int_equal(lab->mode, CS_LABEL_RADIAL);
        assert_int_equal(lab->outcome, CS_FIT_OK);
        cs_kpi_slot_t s = cs_layout_kpi_slot(l, lab->index);
        /* corner 0 is the start of the first line: next to the wheel when
         * reading outwards, far out when flipped */
        double d0 = dist(lab->boxes[0].p[0], cs_layout_centre(l));
        if (s.flipped)
            assert_true(d0 > s.r_start + 10);
        else
            assert_true(d0 < s.r_start + 10);
        kpis++;
    }
    assert_int_equal(kpis, nk);
    /* every group and dimension is labelled */
    assert_int_equal(cs_labels_count(ls),
                     nk + cs_framework_group_count(e->fw) +
                         cs_framework_dimension_count(e->fw) +
                         CS_BAND_COUNT + 1 /* source line */);
}

/* Batch (library): drop_scores frees each city's scores once its files
 * are written, unless a book needs them. */
static void
test_batch_drop_scores(void **state)
{
    env *e = *state;
    char *mpath = cs_test_root("samples/cities.csv");
    cs_manifest_t *m = NULL;
    assert_int_equal(cs_manifest_load(mpath, &m, NULL), CS_OK);
    char *dir = g_dir_make_tmp("cs-batch-XXXXXX", NULL);
    char *book = g_build_filename(dir, "book.pdf", NULL);
    for (int mode = 0; mode < 3; mode++) {
        cs_batch_options_t o = {0};
        o.outdir = dir;
        o.formats = 1u << CS_FORMAT_SVG;
        o.threads = 2;
        o.drop_scores = mode >= 1;
        o.book = mode == 2 ? book : NULL;
        cs_batch_report_t *rep = NULL;
        assert_int_equal(cs_batch_run(e->r, e->fw, e->bands, m, &o, &rep,
                                      NULL),
                         CS_OK);
        assert_int_equal(cs_batch_report_count(rep), 5);
        for (size_t i = 0; i < 5; i++) {
            const cs_batch_city_t *c = cs_batch_report_get_city(rep, i);
            assert_int_equal(c->status, CS_OK);
            assert_int_equal(c->n_files, 1);
            assert_true(c->files[0].bytes > 100000);
            if (mode == 1)
                assert_null(c->scores);
            else
                assert_non_null(c->scores);
        }
        cs_batch_report_free(rep);
    }
    for (size_t i = 0; i < cs_manifest_count(m); i++) {
        char *f = g_strdup_printf("%s/%s.svg", dir, cs_manifest_get(m, i)->id);
        g_remove(f);
        g_free(f);
    }
    g_remove(book);
    assert_int_equal(g_rmdir(dir), 0);
    g_free(book);
    g_free(dir);
    cs_manifest_free(m);
    g_free(mpath);
}

static void
test_guarantee_long_labels(void **state)
{
    env *e = *state;
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.title = "A very long title that goes on and on about the performance "
              "of a city against the key performance indicators for smart "
              "sustainable cities, and then some more words to wrap";
    o.source_line = "Source: a source line that is much longer than any "
                    "sensible source line would ever be, so that it must wrap "
                    "onto a second line or be shortened at the end somehow.";
    cs_renderer_t *r = wt_renderer(e->longfw, e->bands, e->fonts, &o);
    check_guarantee(r, "Kristiansand kommune med et sv\xc3\xa6rt langt navn "
                       "som ikke f\xc3\xa5r plass");
    check_guarantee(r, "X");
    check_guarantee(r, NULL);
    /* the synthetic wheel really needs every fallback */
    cs_labels_t *ls = NULL;
    assert_int_equal(cs_renderer_city_labels(r, "Kristiansand kommune med et "
                                         "sv\xc3\xa6rt langt navn",
                                      &ls, NULL),
                     CS_OK);
    assert_true(cs_labels_count_outcome(ls, CS_FIT_SHRUNK) > 0);
    assert_true(cs_labels_count_outcome(ls, CS_FIT_WRAPPED) > 0);
    assert_true(cs_labels_count_outcome(ls, CS_FIT_ELLIPSIZED) > 0);
    assert_int_equal(cs_labels_worst(ls), CS_FIT_ELLIPSIZED);
    int fallback = 0;
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        assert_true(l->size >= 0.8 * 5 - 1e-9);
        if (l->fallback) {
            fallback = 1;
            assert_int_equal(l->kind == CS_LABEL_GROUP ||
                                 l->kind == CS_LABEL_DIMENSION,
                             1);
            assert_int_equal(l->mode, CS_LABEL_RADIAL);
        }
    }
    assert_true(fallback);
    cs_labels_free(ls);
    cs_renderer_free(r);

    /* smaller canvas, larger fonts: still no overlap */
    cs_render_options_init(&o);
    o.labels.kpi.size = 11;
    o.labels.group.size = 10;
    o.labels.dimension.size = 16;
    r = wt_renderer(e->fw, e->bands, e->fonts, &o);
    check_guarantee(r, "B\xc3\xa6rum");
    cs_renderer_free(r);
}

/* Narrow groups (one KPI, 3.3 degrees) fall back to radial text; the
 * real framework's "Drainage" is one. */
static void
test_narrow_groups(void **state)
{
    env *e = *state;
    const cs_labels_t *ls = cs_renderer_shared_labels(e->r);
    int drainage = 0;
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        if (l->kind != CS_LABEL_GROUP)
            continue;
        const cs_group_t *g = cs_framework_get_group(e->fw, l->index);
        assert_string_equal(l->text, g->name);
        if (g->n_kpis == 1) {
            assert_int_equal(l->mode, CS_LABEL_RADIAL);
            assert_true(l->fallback);
        }
        if (g->n_kpis >= 6)
            assert_int_equal(l->mode, CS_LABEL_ARC);
        if (!strcmp(l->text, "Drainage")) {
            drainage = 1;
            assert_true(l->outcome <= CS_FIT_SHRUNK);
        }
        if (l->mode == CS_LABEL_ARC)
            assert_true(l->n_boxes >= strlen(l->text) - 4);
    }
    assert_true(drainage);
}

/* ---- determinism, threads ------------------------------------------------- */

static void
test_deterministic(void **state)
{
    env *e = *state;
    cs_scores_t *s = wt_scores(e->fw, e->bands, "samples/baerum.csv",
                               "samples/targets.csv");
    cs_renderer_t *r2 = wt_renderer(e->fw, e->bands, e->fonts, NULL);
    for (int f = 0; f < CS_FORMAT_COUNT; f++) {
        size_t la, lb, lc;
        unsigned char *a = render_mem(e->r, s, "B\xc3\xa6rum", (cs_format_t)f,
                                      f == CS_FORMAT_PNG ? 700 : 180, &la);
        unsigned char *b = render_mem(e->r, s, "B\xc3\xa6rum", (cs_format_t)f,
                                      f == CS_FORMAT_PNG ? 700 : 180, &lb);
        unsigned char *c = render_mem(r2, s, "B\xc3\xa6rum", (cs_format_t)f,
                                      f == CS_FORMAT_PNG ? 700 : 180, &lc);
        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        assert_int_equal(la, lc);
        assert_memory_equal(a, c, la);
        free(a);
        free(b);
        free(c);
    }
    /* text contexts cache shaped labels and, for PNG, coverage masks per
     * size: another size in between changes nothing, and each size is
     * what a fresh renderer draws */
    size_t l1, l2, l3, l4;
    unsigned char *p1 = render_mem(e->r, s, "B", CS_FORMAT_PNG, 640, &l1);
    unsigned char *p2 = render_mem(e->r, s, "B", CS_FORMAT_PNG, 512, &l2);
    unsigned char *p3 = render_mem(e->r, s, "B", CS_FORMAT_PNG, 640, &l3);
    cs_renderer_t *r3 = wt_renderer(e->fw, e->bands, e->fonts, NULL);
    unsigned char *p4 = render_mem(r3, s, "B", CS_FORMAT_PNG, 512, &l4);
    assert_int_equal(l1, l3);
    assert_memory_equal(p1, p3, l1);
    assert_int_equal(l2, l4);
    assert_memory_equal(p2, p4, l2);
    assert_true(l1 != l2 || memcmp(p1, p2, l1) != 0);
    free(p1);
    free(p2);
    free(p3);
    free(p4);
    cs_renderer_free(r3);
    cs_renderer_free(r2);
    cs_scores_free(s);
}

typedef struct tjob {
    const cs_renderer_t *r;
    cs_scores_t **scores;
    const char **names;
    unsigned char **ref;
    size_t *ref_len;
    int n;
    int start;
    int ok;
} tjob;

static gpointer
render_worker(gpointer data)
{
    tjob *j = data;
    j->ok = 1;
    for (int round = 0; round < 2; round++) {
        for (int k = 0; k < j->n; k++) {
            int i = (j->start + k) % j->n;
            for (int f = 0; f < CS_FORMAT_COUNT; f++) {
                cs_output_t o;
                cs_output_init(&o);
                o.format = (cs_format_t)f;
                o.width_px = 300;
                o.width_mm = f == CS_FORMAT_PNG ? 0 : 100;
                unsigned char *d = NULL;
                size_t len = 0;
                if (cs_renderer_to_memory(j->r, j->scores[i], j->names[i], &o,
                                        &d, &len, NULL, NULL) != CS_OK ||
                    len != j->ref_len[i * CS_FORMAT_COUNT + f] ||
                    memcmp(d, j->ref[i * CS_FORMAT_COUNT + f], len) != 0)
                    j->ok = 0;
                free(d);
            }
        }
    }
    return NULL;
}

static void
test_threads(void **state)
{
    env *e = *state;
    static const char *ids[] = {"alesund", "asker", "baerum", "rana",
                                "trondheim"};
    const char *names[] = {"\xc3\x85lesund", "Asker", "B\xc3\xa6rum", "Rana",
                           "Trondheim"};
    enum { N = 5 };
    cs_scores_t *scores[N];
    unsigned char *ref[N * CS_FORMAT_COUNT];
    size_t ref_len[N * CS_FORMAT_COUNT];
    for (int i = 0; i < N; i++) {
        char *p = g_strdup_printf("samples/%s.csv", ids[i]);
        scores[i] = wt_scores(e->fw, e->bands, p, "samples/targets.csv");
        g_free(p);
        for (int f = 0; f < CS_FORMAT_COUNT; f++)
            ref[i * CS_FORMAT_COUNT + f] =
                render_mem(e->r, scores[i], names[i], (cs_format_t)f,
                           f == CS_FORMAT_PNG ? 300 : 100,
                           &ref_len[i * CS_FORMAT_COUNT + f]);
    }
    /* the same renderer from four threads at once, in different orders */
    tjob jobs[4];
    GThread *th[4];
    for (int t = 0; t < 4; t++) {
        jobs[t] = (tjob){e->r, scores, names, ref, ref_len, N, t, 0};
        th[t] = g_thread_new("render", render_worker, &jobs[t]);
    }
    for (int t = 0; t < 4; t++) {
        g_thread_join(th[t]);
        assert_true(jobs[t].ok);
    }
    for (int i = 0; i < N; i++) {
        cs_scores_free(scores[i]);
        for (int f = 0; f < CS_FORMAT_COUNT; f++)
            free(ref[i * CS_FORMAT_COUNT + f]);
    }
}

/* cs_renderer_draw on a caller's surface (a book page): draws where it is
 * told, leaves the context's state alone. */
static void
test_draw_on_surface(void **state)
{
    env *e = *state;
    double cw, ch;
    cs_renderer_size(e->rs, &cw, &ch);
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 600);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 1);
    cairo_paint(cr);
    cairo_translate(cr, 300, 0);
    cairo_scale(cr, 300 / cw, 300 / cw);
    cairo_matrix_t before, after;
    cairo_get_matrix(cr, &before);
    cs_labels_t *ls = NULL;
    assert_int_equal(cs_renderer_draw(e->rs, cr, NULL, "Rana", &ls, NULL),
                     CS_OK);
    cairo_get_matrix(cr, &after);
    assert_memory_equal(&before, &after, sizeof before);
    assert_non_null(ls);
    assert_int_equal(cs_labels_count(ls),
                     cs_labels_count(cs_renderer_shared_labels(e->rs)) + 1);
    const cs_label_t *name = cs_labels_get(ls, cs_labels_count(ls) - 1);
    assert_int_equal(name->kind, CS_LABEL_NAME);
    assert_string_equal(name->text, "Rana");
    cs_labels_free(ls);
    cairo_destroy(cr);
    /* left half untouched (blue), the canvas' corner painted white */
    cs_rgb_t blue = {0, 0, 1}, white = {1, 1, 1};
    assert_true(wt_pixel_is(s, 100, 100, blue, 0));
    assert_true(wt_pixel_is(s, 299, 10, blue, 0));
    assert_true(wt_pixel_is(s, 302, 2, white, 0));
    assert_true(wt_pixel_is(s, 302, 300 * ch / cw + 3, blue, 0));
    cairo_surface_destroy(s);
    /* a context in error is reported */
    cairo_surface_t *bad = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10,
                                                      10);
    cr = cairo_create(bad);
    cairo_restore(cr); /* unbalanced: CAIRO_STATUS_INVALID_RESTORE */
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_renderer_draw(e->rs, cr, NULL, NULL, NULL, d),
                     CS_ERR_RENDER);
    assert_true(cs_test_diag_has(d, 0, 0, "error"));
    cs_diag_free(d);
    cairo_destroy(cr);
    cairo_surface_destroy(bad);
}

/* ---- files ---------------------------------------------------------------- */

static int
count_entries(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (d && g_dir_read_name(d))
        n++;
    if (d)
        g_dir_close(d);
    return n;
}

static void
test_atomic_write(void **state)
{
    env *e = *state;
    char *dir = cs_test_tmpdir("atomic");
    char *path = g_build_filename(dir, "wheel.png", NULL);
    cs_test_write(path, "GOOD OLD FILE", (size_t)-1);
    cs_output_t o;
    cs_output_init(&o);
    o.width_px = 200;
    cs_diag_t *d = cs_diag_new();

    /* a render that fails (strict, a label truncated) keeps the old file */
    cs_renderer_t *rl = wt_renderer(e->longfw, e->bands, e->fonts, NULL);
    o.strict = 1;
    assert_int_equal(cs_renderer_to_file(rl, NULL, "X", path, &o, NULL, d),
                     CS_ERR_FIT);
    assert_true(cs_test_diag_has(d, 0, 0, "truncated"));
    char *got = cs_test_read(path, NULL);
    assert_string_equal(got, "GOOD OLD FILE");
    g_free(got);
    assert_int_equal(count_entries(dir), 1);
    /* so does one with an impossible size */
    o.strict = 0;
    o.width_px = 3;
    assert_int_equal(cs_renderer_to_file(e->rs, NULL, "X", path, &o, NULL, d),
                     CS_ERR_ARG);
    got = cs_test_read(path, NULL);
    assert_string_equal(got, "GOOD OLD FILE");
    g_free(got);
    assert_int_equal(count_entries(dir), 1);

    /* success replaces it whole */
    o.width_px = 200;
    cs_labels_t *ls = NULL;
    assert_int_equal(cs_renderer_to_file(e->rs, NULL, "X", path, &o, &ls, d),
                     CS_OK);
    assert_non_null(ls);
    cs_labels_free(ls);
    size_t len;
    got = cs_test_read(path, &len);
    assert_memory_equal(got, "\x89PNG", 4);
    g_free(got);
    assert_int_equal(count_entries(dir), 1);
    GStatBuf st;
    assert_int_equal(g_stat(path, &st), 0);
    assert_true((st.st_mode & 0444) == 0444 || (st.st_mode & 0400));

    /* a directory in the way: error, directory kept, no temporary left */
    char *sub = g_build_filename(dir, "sub.png", NULL);
    g_mkdir(sub, 0755);
    cs_diag_clear(d);
    assert_int_equal(cs_renderer_to_file(e->rs, NULL, "X", sub, &o, NULL, d),
                     CS_ERR_IO);
    assert_string_equal(cs_diag_get(d, 0)->file, sub);
    assert_true(g_file_test(sub, G_FILE_TEST_IS_DIR));
    assert_int_equal(count_entries(dir), 2);
    /* a missing directory */
    char *missing = g_build_filename(dir, "nope", "wheel.pdf", NULL);
    assert_int_equal(cs_renderer_to_file(e->rs, NULL, "X", missing, &o, NULL, d),
                     CS_ERR_IO);
    assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
    assert_int_equal(count_entries(dir), 2);
    /* the format from the extension; none: error */
    char *noext = g_build_filename(dir, "wheel", NULL);
    o.format = CS_FORMAT_AUTO;
    assert_int_equal(cs_renderer_to_file(e->rs, NULL, "X", noext, &o, NULL, d),
                     CS_ERR_ARG);
    char *pdf = g_build_filename(dir, "wheel.pdf", NULL);
    assert_int_equal(cs_renderer_to_file(e->rs, NULL, "X", pdf, &o, NULL, d),
                     CS_OK);
    got = cs_test_read(pdf, NULL);
    assert_true(g_str_has_prefix(got, "%PDF-"));
    g_free(got);
    assert_int_equal(count_entries(dir), 3);

    /* the writer on its own */
    assert_int_equal(cs_write_file_atomic(pdf, (const unsigned char *)"abc",
                                          3, d),
                     CS_OK);
    got = cs_test_read(pdf, &len);
    assert_int_equal(len, 3);
    g_free(got);

    cs_renderer_free(rl);
    cs_diag_free(d);
    cs_test_rmtree(dir);
    g_free(pdf);
    g_free(noext);
    g_free(missing);
    g_free(sub);
    g_free(path);
    g_free(dir);
}

static void
test_errors(void **state)
{
    env *e = *state;
    cs_diag_t *d = cs_diag_new();
    cs_renderer_t *r = (cs_renderer_t *)1;
    assert_int_equal(cs_renderer_new(NULL, e->bands, e->fonts, NULL, &r, d),
                     CS_ERR_ARG);
    assert_null(r);
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.labels.kpi.min_size = 20;
    assert_int_equal(cs_renderer_new(e->fw, e->bands, e->fonts, &o, &r, d),
                     CS_ERR_ARG);
    assert_true(cs_test_diag_has(d, 0, 0, "kpi label style"));
    cs_render_options_init(&o);
    o.ink.r = 2;
    assert_int_equal(cs_renderer_new(e->fw, e->bands, e->fonts, &o, &r, d),
                     CS_ERR_ARG);
    cs_render_options_init(&o);
    o.layout.width = -1;
    assert_int_equal(cs_renderer_new(e->fw, e->bands, e->fonts, &o, &r, d),
                     CS_ERR_ARG);
    assert_null(r);
    unsigned char *data = (unsigned char *)1;
    size_t len = 1;
    cs_output_t out;
    cs_output_init(&out); /* AUTO: not for memory */
    assert_int_equal(cs_renderer_to_memory(e->rs, NULL, NULL, &out, &data, &len,
                                         NULL, d),
                     CS_ERR_ARG);
    assert_null(data);
    assert_int_equal(len, 0);
    cs_renderer_free(NULL);
    cs_diag_free(d);
}

/* Options: no source line, a title, custom source line. */
static void
test_options(void **state)
{
    env *e = *state;
    cs_render_options_t o;
    cs_render_options_init(&o);
    o.source_line = "";
    o.title = "The performance of \xc3\x85lesund";
    cs_renderer_t *r = wt_renderer(e->small, e->bands, e->fonts, &o);
    const cs_labels_t *ls = cs_renderer_shared_labels(r);
    int title = 0, source = 0;
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        title += l->kind == CS_LABEL_TITLE;
        source += l->kind == CS_LABEL_SOURCE;
        if (l->kind == CS_LABEL_TITLE)
            assert_string_equal(l->text, o.title);
    }
    assert_int_equal(title, 1);
    assert_int_equal(source, 0);
    assert_true(cs_layout_title_box(cs_renderer_layout(r)).h > 0);
    double h1, h0;
    cs_renderer_size(r, NULL, &h1);
    cs_renderer_size(e->rs, NULL, &h0);
    assert_true(h1 != h0);
    cs_renderer_free(r);
    /* default source line */
    ls = cs_renderer_shared_labels(e->rs);
    const cs_label_t *last = cs_labels_get(ls, cs_labels_count(ls) - 1);
    assert_int_equal(last->kind, CS_LABEL_SOURCE);
    assert_string_equal(last->text, CS_DEFAULT_SOURCE_LINE);
}

/* ---- the command ---------------------------------------------------------- */

static void
test_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("cli");
    char *out = NULL, *err = NULL;
    char *alesund = cs_test_root("samples/alesund.csv");
    char *trondheim = cs_test_root("samples/trondheim.csv");
    char *png = g_build_filename(dir, "a.png", NULL);
    char *pdf = g_build_filename(dir, "t.pdf", NULL);
    char *svg = g_build_filename(dir, "t.svg", NULL);

    assert_int_equal(cs_test_run_cli(&out, NULL, "render", "--help", NULL), 0);
    assert_non_null(strstr(out, "--fit-report"));
    assert_non_null(strstr(out, "--strict"));
    assert_non_null(strstr(out, "Exit status"));
    g_free(out);

    assert_int_equal(cs_test_run_cli(NULL, &err, "render", alesund, "-o", png,
                                     "--width", "320", NULL),
                     0);
    g_free(err);
    size_t len;
    char *data = cs_test_read(png, &len);
    assert_non_null(data);
    assert_int_equal(be32((unsigned char *)data + 16), 320);
    g_free(data);

    /* the name and targets come from samples/cities.csv */
    assert_int_equal(cs_test_run_cli(&out, &err, "render", trondheim, "-o",
                                     pdf, "--size", "100mm", "--fit-report",
                                     NULL),
                     0);
    assert_non_null(strstr(out, "fit report: "));
    g_free(out);
    g_free(err);
    data = cs_test_read(pdf, &len);
    assert_non_null(find(data, len, "/Title (City snapshot: Trondheim)"));
    const char *mb = find(data, len, "/MediaBox [");
    double x0, y0, x1, y1;
    assert_int_equal(sscanf(mb, "/MediaBox [ %lf %lf %lf %lf", &x0, &y0, &x1,
                            &y1),
                     4);
    assert_near(x1, 100 / 25.4 * 72, 1e-3);
    g_free(data);
    /* --name wins; --format overrides the extension */
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", trondheim, "-o",
                                     svg, "--format", "pdf", "--name", "Oslo",
                                     NULL),
                     0);
    data = cs_test_read(svg, &len);
    assert_true(g_str_has_prefix(data, "%PDF-"));
    assert_non_null(find(data, len, "/Title (City snapshot: Oslo)"));
    g_free(data);
    /* SVG */
    char *svg2 = g_build_filename(dir, "u.svg", NULL);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", trondheim, "-o",
                                     svg2, "--size", "595pt", "--title",
                                     "Trondheim", NULL),
                     0);
    data = cs_test_read(svg2, &len);
    assert_non_null(strstr(data, "width=\"595pt\""));
    g_free(data);

    /* --strict with a wheel that must truncate: exit 1, nothing written */
    char *fw = cs_test_root("tests/golden/long-labels.csv");
    char *city = cs_test_root("tests/golden/long-city.csv");
    char *strict_png = g_build_filename(dir, "strict.png", NULL);
    assert_int_equal(cs_test_run_cli(&out, &err, "render", city, "--framework",
                                     fw, "-o", strict_png, "--strict",
                                     "--fit-report", NULL),
                     1);
    assert_non_null(strstr(err, "truncated"));
    assert_non_null(strstr(out, "ellipsized"));
    assert_false(g_file_test(strict_png, G_FILE_TEST_EXISTS));
    g_free(out);
    g_free(err);
    /* without --strict the same wheel renders */
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--framework",
                                     fw, "-o", strict_png, NULL),
                     0);
    assert_true(g_file_test(strict_png, G_FILE_TEST_EXISTS));

    /* usage errors: 2 */
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", alesund, NULL), 2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", "-o", png, NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", alesund, "-o",
                                     "x.gif", NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", alesund, "-o", png,
                                     "--format", "gif", NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", alesund, "-o", png,
                                     "--width", "5", NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", alesund, "-o", png,
                                     "--size", "wide", NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", alesund, "-o", pdf,
                                     "--width", "500", NULL),
                     2);
    /* output cannot be written: 3, and no file appears */
    char *nodir = g_build_filename(dir, "missing", "a.png", NULL);
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", alesund, "-o",
                                     nodir, NULL),
                     3);
    assert_non_null(strstr(err, nodir));
    g_free(err);
    /* missing input: the file is named */
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", "/nonexistent.csv",
                                     "-o", png, NULL),
                     3);
    assert_non_null(strstr(err, "/nonexistent.csv"));
    g_free(err);
    /* a missing font directory: internal error 4 */
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", alesund, "-o", png,
                                     "--fonts", "/nonexistent", NULL),
                     4);

    cs_test_rmtree(dir);
    g_free(nodir);
    g_free(strict_png);
    g_free(fw);
    g_free(city);
    g_free(svg2);
    g_free(svg);
    g_free(pdf);
    g_free(png);
    g_free(alesund);
    g_free(trondheim);
    g_free(dir);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_fewdata_drawn),
        cmocka_unit_test(test_output_size),
        cmocka_unit_test(test_png_valid),
        cmocka_unit_test(test_svg_valid),
        cmocka_unit_test(test_svg_matches_png),
        cmocka_unit_test(test_pdf_valid),
        cmocka_unit_test(test_pdf_exclusive),
        cmocka_unit_test(test_colours),
        cmocka_unit_test(test_text_contrast),
        cmocka_unit_test(test_legend_positions),
        cmocka_unit_test(test_guarantee_samples),
        cmocka_unit_test(test_guarantee_long_labels),
        cmocka_unit_test(test_batch_drop_scores),
        cmocka_unit_test(test_narrow_groups),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_draw_on_surface),
        cmocka_unit_test(test_atomic_write),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_cli),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests_name("render", tests, setup, teardown);
}
