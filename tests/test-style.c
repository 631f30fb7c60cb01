/* SPDX-License-Identifier: MIT */
/*
 * Styles (src/style.c): parsing and errors with line numbers, the shipped
 * styles (default = built-in defaults; contrast of wedge text on every band
 * colour; colour-blind palette distinguishable under simulated colour
 * vision deficiencies; greyscale bands apart in lightness with a distinct
 * hatch each), and that a hatched style really draws hatches.
 */
#include "wheel-test.h"

#include <citysnap/style.h>

#include "render-private.h"

static cs_style_t *
load_ok(const char *text)
{
    cs_diag_t *d = cs_diag_new();
    cs_style_t *s = NULL;
    cs_status_t st = cs_style_load_buffer("t.ini", text, strlen(text), &s, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    assert_non_null(s);
    cs_diag_free(d);
    return s;
}

/* Loading @text must fail with an error at @line mentioning @needle. */
static void
load_fails(const char *text, unsigned line, const char *needle)
{
    cs_diag_t *d = cs_diag_new();
    cs_style_t *s = NULL;
    cs_status_t st = cs_style_load_buffer("t.ini", text, strlen(text), &s, d);
    assert_int_not_equal(st, CS_OK);
    assert_null(s);
    if (!cs_test_diag_has(d, line, 0, needle)) {
        fprintf(stderr, "# expected an error at line %u with '%s':\n", line,
                needle);
        cs_test_diag_dump(d);
        fail();
    }
    assert_string_equal(cs_diag_get(d, 0)->file, "t.ini");
    cs_diag_free(d);
}

static cs_style_t *
shipped(const char *name)
{
    char *rel = g_strdup_printf("data/styles/%s.ini", name);
    char *p = cs_test_root(rel);
    cs_diag_t *d = cs_diag_new();
    cs_style_t *s = NULL;
    cs_status_t st = cs_style_load(p, &s, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    g_free(p);
    g_free(rel);
    return s;
}

static const char *const styles[] = {"default", "colourblind", "greyscale"};

static void
test_parse_values(void **state)
{
    (void)state;
    cs_style_t *s = load_ok("# comment\n"
                            "[style]\nname = mine\n"
                            "[kpi]\nsize = 8.25\nmin-size=6\nbold=true\n"
                            "[colours]\nink=#102030\n"
                            "[bands]\nnodata = #abc\n"
                            "[hatch]\nnodata=dots\nspacing=4\n"
                            "[separators]\nkpi=0.25\n"
                            "[rings]\nhole=0.3\n"
                            "[source]\nline=Kilde: x\\ny\n");
    assert_string_equal(cs_style_name(s), "mine");
    cs_render_options_t o;
    cs_render_options_init(&o);
    cs_style_apply(s, &o);
    assert_near(o.labels.kpi.size, 8.25, 1e-12);
    assert_near(o.labels.kpi.min_size, 6, 1e-12);
    assert_int_equal(o.labels.kpi.bold, 1);
    assert_near(o.ink.r, 0x10 / 255.0, 1e-12);
    assert_near(o.ink.b, 0x30 / 255.0, 1e-12);
    assert_int_equal(o.hatch[CS_BAND_NODATA], CS_HATCH_DOTS);
    assert_int_equal(o.hatch[CS_BAND_95PLUS], CS_HATCH_NONE);
    assert_near(o.hatch_spacing, 4, 1e-12);
    assert_near(o.separator_width[2], 0.25, 1e-12);
    assert_near(o.layout.f_hole, 0.3, 1e-12);
    assert_string_equal(o.source_line, "Kilde: x\ny"); /* GKeyFile escapes */
    /* untouched keys keep the defaults */
    assert_near(o.labels.group.size, 7.5, 1e-12);
    cs_rgb_t c;
    assert_true(cs_style_band_color(s, CS_BAND_NODATA, &c));
    assert_near(c.g, 0xbb / 255.0, 1e-12);
    assert_false(cs_style_band_color(s, CS_BAND_95PLUS, &c));
    cs_style_free(s);
}

static void
test_errors_have_lines(void **state)
{
    (void)state;
    load_fails("[kpi]\nsize=7\n\nmin-size=abc\n", 4, "not a number");
    load_fails("[kpi]\nsize=1e9\n", 2, "out of range");
    load_fails("[colours]\n# x\nink=red\n", 3, "not a colour");
    load_fails("[bands]\n95plus=#00ff00\nbogus=#000000\n", 3,
               "unknown key 'bogus'");
    load_fails("[style]\nname=x\n[nonsense]\na=1\n", 4, "unknown group");
    load_fails("[hatch]\n\n\nnodata=zigzag\n", 4, "unknown hatch");
    load_fails("[kpi]\nbold=maybe\n", 2, "true or false");
    load_fails("[kpi]\nsize=6\nmin-size=7\n", 3, "larger than size");
    load_fails("[rings]\nring1=0.5\nring2=0.4\n", 3, "must grow");
    load_fails("[legend]\nposition=left\n", 2, "must be bottom, right or none");
    {
        cs_style_t *ls = load_ok("[legend]\nposition=right\nwidth=150\n");
        cs_render_options_t lo;
        cs_render_options_init(&lo);
        assert_int_equal(lo.layout.legend_position, CS_LEGEND_BOTTOM);
        cs_style_apply(ls, &lo);
        assert_int_equal(lo.layout.legend_position, CS_LEGEND_RIGHT);
        assert_near(lo.layout.legend_width, 150, 0);
        cs_style_free(ls);
        ls = load_ok("[legend]\nposition=none\n");
        cs_style_apply(ls, &lo);
        assert_int_equal(lo.layout.legend_position, CS_LEGEND_NONE);
        cs_style_free(ls);
    }
    load_fails("[legend]\nwidth=5\n", 2, "width");
    load_fails("[kpi]\nlines=1.5\n", 2, "1 or 2");
    /* syntax errors: lines from our own scan (GKeyFile gives none) */
    load_fails("[kpi]\nsize=7\nthis is not a key\n", 3, "key = value");
    load_fails("[kpi\nsize=7\n", 1, "group header");
    load_fails("size=7\n", 1, "before the first");
    load_fails("[kpi]\nsize=7\nsize=8\n", 3, "twice");
    load_fails("[kpi]\n\nsize=7\n[source]\nline=ok\n[kpi]\nsize=9\n", 7,
               "twice");
    /* a number in the C locale only: "7,5" is not 7.5 */
    load_fails("[kpi]\nsize=7,5\n", 2, "not a number");
    /* every problem is reported, not just the first */
    cs_diag_t *d = cs_diag_new();
    cs_style_t *s = NULL;
    const char *two = "[kpi]\nsize=x\n[dimension]\nsize=y\n";
    assert_int_not_equal(cs_style_load_buffer("t.ini", two, strlen(two), &s,
                                              d),
                         CS_OK);
    assert_true(cs_test_diag_has(d, 2, 0, NULL));
    assert_true(cs_test_diag_has(d, 4, 0, NULL));
    cs_diag_free(d);
    /* a missing file */
    d = cs_diag_new();
    assert_int_equal(cs_style_load("/nonexistent/x.ini", &s, d), CS_ERR_IO);
    cs_diag_free(d);
}

/* The default style is exactly the built-in defaults. */
static void
test_default_is_builtin(void **state)
{
    (void)state;
    cs_style_t *s = shipped("default");
    cs_render_options_t a, b;
    cs_render_options_init(&a);
    cs_render_options_init(&b);
    cs_style_apply(s, &b);
    assert_string_equal(b.labels.kpi.family, "Lato");
    assert_string_equal(b.source_line, CS_DEFAULT_SOURCE_LINE);
    /* compare everything but the strings */
    b.labels.kpi.family = b.labels.group.family = b.labels.dimension.family =
        b.labels.name.family = b.labels.title.family =
            b.labels.legend.family = b.labels.source.family = NULL;
    b.source_line = NULL;
    assert_memory_equal(&a, &b, sizeof a);
    cs_bands_t *base = wt_bands();
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        cs_rgb_t c;
        assert_true(cs_style_band_color(s, (cs_band_t)i, &c));
        cs_rgb_t d = cs_bands_color(base, (cs_band_t)i);
        assert_near(c.r, d.r, 1e-9);
        assert_near(c.g, d.g, 1e-9);
        assert_near(c.b, d.b, 1e-9);
    }
    cs_bands_free(base);
    cs_style_free(s);
}

/* WCAG AA: the text colour chosen on every band colour of every shipped
 * style has a contrast of at least 4.5:1, and hatch lines move away from
 * the text colour, so the contrast of text over them is as good. */
static void
test_contrast(void **state)
{
    (void)state;
    cs_bands_t *base = wt_bands();
    for (size_t k = 0; k < G_N_ELEMENTS(styles); k++) {
        cs_style_t *s = shipped(styles[k]);
        cs_bands_t *b = NULL;
        assert_int_equal(cs_style_bands(s, base, NULL, &b, NULL), CS_OK);
        cs_render_options_t o;
        cs_render_options_init(&o);
        cs_style_apply(s, &o);
        for (int i = 0; i < CS_BAND_COUNT; i++) {
            cs_rgb_t bg = cs_bands_color(b, (cs_band_t)i);
            cs_rgb_t fg = cs_render_text_color(bg);
            double cr = cs_render_contrast(fg, bg);
            if (cr < 4.5)
                fprintf(stderr, "# %s %s: contrast %.2f\n", styles[k],
                        cs_band_key((cs_band_t)i), cr);
            assert_true(cr >= 4.5);
            /* the other choice is never better */
            cs_rgb_t other = fg.r > 0.5 ? (cs_rgb_t){0, 0, 0}
                                        : (cs_rgb_t){1, 1, 1};
            assert_true(cr >= cs_render_contrast(other, bg));
            if (o.hatch[i] != CS_HATCH_NONE) {
                cs_rgb_t h = cs_render_hatch_color(bg);
                assert_true(cs_render_contrast(fg, h) >= cr);
            }
        }
        /* the legend text and title sit on the background */
        assert_true(cs_render_contrast(o.ink, o.background) >= 4.5);
        cs_bands_free(b);
        cs_style_free(s);
    }
    cs_bands_free(base);
}

/* Colour vision simulation (Machado, Oliveira & Fernandes 2009, severity
 * 1.0) in linear RGB, and CIELAB for distances. */
static double
lin(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static void
to_lab(const double rgb[3], double lab[3])
{
    double X = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
    double Y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double Z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
    double v[3] = {X / 0.95047, Y, Z / 1.08883};
    for (int i = 0; i < 3; i++)
        v[i] = v[i] > 0.008856 ? cbrt(v[i]) : 7.787 * v[i] + 16.0 / 116;
    lab[0] = 116 * v[1] - 16;
    lab[1] = 500 * (v[0] - v[1]);
    lab[2] = 200 * (v[1] - v[2]);
}

static const double cvd[4][3][3] = {
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
    {{0.152286, 1.052583, -0.204868},
     {0.114503, 0.786281, 0.099216},
     {-0.003882, -0.048116, 1.051998}}, /* protanopia */
    {{0.367322, 0.860646, -0.227968},
     {0.280085, 0.672501, 0.047413},
     {-0.011820, 0.042940, 0.968881}}, /* deuteranopia */
    {{1.255528, -0.076749, -0.178779},
     {-0.078411, 0.930809, 0.147602},
     {0.004733, 0.691367, 0.303900}}, /* tritanopia */
};

static void
simulate(cs_rgb_t c, int kind, double lab[3])
{
    double l[3] = {lin(c.r), lin(c.g), lin(c.b)}, o[3];
    for (int i = 0; i < 3; i++) {
        o[i] = 0;
        for (int j = 0; j < 3; j++)
            o[i] += cvd[kind][i][j] * l[j];
        o[i] = fmin(1, fmax(0, o[i]));
    }
    to_lab(o, lab);
}

static void
test_colourblind_distinct(void **state)
{
    (void)state;
    cs_style_t *s = shipped("colourblind");
    cs_rgb_t c[CS_BAND_COUNT];
    for (int i = 0; i < CS_BAND_COUNT; i++)
        assert_true(cs_style_band_color(s, (cs_band_t)i, &c[i]));
    double worst = 1e9;
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < CS_BAND_COUNT; i++)
            for (int j = i + 1; j < CS_BAND_COUNT; j++) {
                double a[3], b[3];
                simulate(c[i], k, a);
                simulate(c[j], k, b);
                double de = sqrt((a[0] - b[0]) * (a[0] - b[0]) +
                                 (a[1] - b[1]) * (a[1] - b[1]) +
                                 (a[2] - b[2]) * (a[2] - b[2]));
                if (de < 15)
                    fprintf(stderr, "# vision %d: %s and %s dE %.1f\n", k,
                            cs_band_key((cs_band_t)i),
                            cs_band_key((cs_band_t)j), de);
                worst = fmin(worst, de);
            }
    assert_true(worst >= 15);
    /* and the default palette is not (so the check has teeth): its two
     * greens merge for deuteranopes */
    cs_bands_t *base = wt_bands();
    double a[3], b[3];
    simulate(cs_bands_color(base, CS_BAND_95PLUS), 2, a);
    simulate(cs_bands_color(base, CS_BAND_66TO95), 2, b);
    assert_true(fabs(a[0] - b[0]) + fabs(a[1] - b[1]) + fabs(a[2] - b[2]) <
                30);
    cs_bands_free(base);
    cs_style_free(s);
}

static void
test_greyscale_distinct(void **state)
{
    (void)state;
    cs_style_t *s = shipped("greyscale");
    cs_render_options_t o;
    cs_render_options_init(&o);
    cs_style_apply(s, &o);
    double L[CS_BAND_COUNT];
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        cs_rgb_t c;
        assert_true(cs_style_band_color(s, (cs_band_t)i, &c));
        /* grey: equal channels */
        assert_near(c.r, c.g, 1e-9);
        assert_near(c.g, c.b, 1e-9);
        double rgb[3] = {lin(c.r), lin(c.g), lin(c.b)}, lab[3];
        to_lab(rgb, lab);
        L[i] = lab[0];
    }
    for (int i = 0; i < CS_BAND_COUNT; i++)
        for (int j = i + 1; j < CS_BAND_COUNT; j++) {
            assert_true(fabs(L[i] - L[j]) >= 10);
            /* a pattern per band: no two bands share one */
            assert_int_not_equal(o.hatch[i], o.hatch[j]);
        }
    /* best is darkest: the scored bands get lighter as results get worse */
    assert_true(L[CS_BAND_95PLUS] < L[CS_BAND_66TO95]);
    assert_true(L[CS_BAND_66TO95] < L[CS_BAND_33TO66]);
    assert_true(L[CS_BAND_33TO66] < L[CS_BAND_BELOW33]);
    cs_style_free(s);
}

/* Pixels inside legend swatch @pos closer to @a than to @b (*@na) and
 * the other way round (*@nb). */
static void
swatch_pixels(cairo_surface_t *img, const cs_renderer_t *r, double scale,
              size_t pos, cs_rgb_t a, cs_rgb_t b, int *na, int *nb)
{
    cs_rect_t sw;
    cs_layout_get_legend_entry(cs_renderer_layout(r), pos, &sw, NULL);
    *na = *nb = 0;
    for (int y = (int)ceil((sw.y + 1) * scale);
         y < (int)((sw.y + sw.h - 1) * scale); y++)
        for (int x = (int)ceil((sw.x + 1) * scale);
             x < (int)((sw.x + sw.w - 1) * scale); x++) {
            int p[3];
            wt_pixel(img, x, y, p);
            double da = fabs(p[0] - a.r * 255) + fabs(p[1] - a.g * 255) +
                        fabs(p[2] - a.b * 255);
            double db = fabs(p[0] - b.r * 255) + fabs(p[1] - b.g * 255) +
                        fabs(p[2] - b.b * 255);
            if (da < db)
                (*na)++;
            else if (db < da)
                (*nb)++;
        }
}

static void
test_greyscale_draws_hatches(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *base = wt_bands();
    cs_framework_t *fw = wt_framework("data/u4ssc-wheel.csv");
    cs_style_t *s = shipped("greyscale");
    cs_bands_t *b = NULL;
    assert_int_equal(cs_style_bands(s, base, NULL, &b, NULL), CS_OK);
    cs_render_options_t o;
    cs_render_options_init(&o);
    cs_style_apply(s, &o);
    cs_renderer_t *r = wt_renderer(fw, b, f, &o);
    cs_output_t out;
    cs_output_init(&out);
    out.format = CS_FORMAT_PNG;
    out.width_px = 1440;
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(cs_renderer_to_memory(r, NULL, "X", &out, &data, &len,
                                         NULL, NULL),
                     CS_OK);
    cairo_surface_t *img = wt_png_decode(data, len);
    double cw, ch;
    cs_renderer_size(r, &cw, &ch);
    double scale = 1440 / cw;
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(b, order);
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_rgb_t bg = cs_bands_color(b, order[i]);
        cs_rgb_t h = cs_render_hatch_color(bg);
        int nh, nb;
        swatch_pixels(img, r, scale, i, h, bg, &nh, &nb);
        if (o.hatch[order[i]] == CS_HATCH_NONE) {
            assert_int_equal(nh, 0);
            assert_true(nb > 0);
        } else {
            assert_true(nh > 20);
            assert_true(nb > 20);
        }
    }
    cairo_surface_destroy(img);
    free(data);
    cs_renderer_free(r);
    cs_bands_free(b);
    cs_style_free(s);
    cs_framework_free(fw);
    cs_bands_free(base);
    cs_fonts_free(f);
}

/* --style on the command line: the default style renders the same bytes as
 * no style; a bad style fails with FILE:LINE. */
static void
test_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("style-cli");
    char *a = g_build_filename(dir, "a.png", NULL);
    char *b = g_build_filename(dir, "b.png", NULL);
    char *bad = g_build_filename(dir, "bad.ini", NULL);
    char *city = cs_test_root("samples/asker.csv");
    char *def = cs_test_root("data/styles/default.ini");
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "-w", "400",
                                     "-o", a, NULL),
                     0);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "-w", "400",
                                     "--style", def, "-o", b, NULL),
                     0);
    size_t la, lb;
    char *da = cs_test_read(a, &la), *db = cs_test_read(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    cs_test_write(bad, "[kpi]\nsize=7\n[colours]\nink=#12\n", (size_t)-1);
    char *err = NULL;
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", city, "--style",
                                     bad, "-o", a, NULL),
                     1);
    char *want = g_strdup_printf("%s:4:", bad);
    assert_non_null(strstr(err, want));
    g_free(want);
    g_free(err);
    /* --legend: a right legend widens the picture; a bad value is a usage
     * error */
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "-w", "400",
                                     "--legend", "right", "-o", b, NULL),
                     0);
    g_free(db);
    db = cs_test_read(b, &lb);
    cairo_surface_t *wide = wt_png_decode((unsigned char *)db, lb);
    cairo_surface_t *std = wt_png_decode((unsigned char *)da, la);
    assert_int_equal(cairo_image_surface_get_width(wide), 400);
    assert_true(cairo_image_surface_get_height(wide) <
                cairo_image_surface_get_height(std));
    cairo_surface_destroy(wide);
    cairo_surface_destroy(std);
    err = NULL;
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", city, "--legend",
                                     "left", "-o", b, NULL),
                     2);
    assert_non_null(strstr(err, "--legend must be bottom, right or none"));
    g_free(err);
    g_free(da);
    g_free(db);
    g_free(city);
    g_free(def);
    g_free(a);
    g_free(b);
    g_free(bad);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* ---- print pages (--page, --margin, --bleed) ------------------------------ */

static unsigned char *
render_mem(cs_renderer_t *r, const cs_output_t *o, size_t *len)
{
    unsigned char *data = NULL;
    cs_diag_t *d = cs_diag_new();
    cs_status_t st = cs_renderer_to_memory(r, NULL, "Page", o, &data, len,
                                         NULL, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    return data;
}

/* The four numbers after "KEY [" in a PDF; 1 when found. */
static int
pdf_box(const unsigned char *data, size_t len, const char *key, double v[4])
{
    char *k = g_strdup_printf("/%s [", key);
    const unsigned char *p = memmem(data, len, k, strlen(k));
    size_t kl = strlen(k);
    g_free(k);
    if (!p)
        return 0;
    const char *q = (const char *)p + kl;
    for (int i = 0; i < 4; i++) {
        char *end = NULL;
        v[i] = g_ascii_strtod(q, &end);
        if (end == q)
            return 0;
        q = end;
    }
    return 1;
}

/* The value of attribute @attr of the <svg> element, as a number with its
 * unit in *@unit (g_free). */
static double
svg_attr(const char *svg, const char *attr, char **unit)
{
    const char *el = strstr(svg, "<svg");
    assert_non_null(el);
    char *k = g_strdup_printf(" %s=\"", attr);
    const char *p = strstr(el, k);
    assert_non_null(p);
    p += strlen(k);
    g_free(k);
    char *end = NULL;
    double v = g_ascii_strtod(p, &end);
    const char *q = strchr(end, '"');
    if (unit)
        *unit = g_strndup(end, (gsize)(q - end));
    return v;
}

/* Every preset, with and without bleed: the PDF MediaBox is the page plus
 * the bleed in pt (mm * 72 / 25.4), the TrimBox is the page, the BleedBox
 * the MediaBox; the SVG's width and height are the same in mm, with a
 * matching viewBox. */
static void
test_page_sizes(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *b = wt_bands();
    cs_framework_t *fw = cs_test_framework();
    cs_renderer_t *r = wt_renderer(fw, b, f, NULL);
    static const char *const pages[] = {"a4", "a5", "square"};
    static const double want[3][2] = {{210, 297}, {148, 210}, {210, 210}};
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 2; k++) {
            double bleed = k ? 3 : 0;
            cs_output_t o;
            cs_output_init(&o);
            assert_int_equal(cs_output_page_from_name(pages[i], &o.page_w_mm,
                                               &o.page_h_mm, NULL),
                             CS_OK);
            assert_near(o.page_w_mm, want[i][0], 1e-9);
            assert_near(o.page_h_mm, want[i][1], 1e-9);
            o.margin_mm = 12;
            o.bleed_mm = bleed;
            double W = want[i][0] + 2 * bleed, H = want[i][1] + 2 * bleed;
            const double pt = 72.0 / 25.4;
            o.format = CS_FORMAT_PDF;
            size_t len;
            unsigned char *pdf = render_mem(r, &o, &len);
            double mb[4], tb[4], bb[4];
            assert_true(pdf_box(pdf, len, "MediaBox", mb));
            assert_true(pdf_box(pdf, len, "TrimBox", tb));
            assert_true(pdf_box(pdf, len, "BleedBox", bb));
            assert_near(mb[0], 0, 1e-6);
            assert_near(mb[1], 0, 1e-6);
            assert_near(mb[2], W * pt, 1e-3);
            assert_near(mb[3], H * pt, 1e-3);
            assert_near(tb[0], bleed * pt, 1e-3);
            assert_near(tb[1], bleed * pt, 1e-3);
            assert_near(tb[2], (W - bleed) * pt, 1e-3);
            assert_near(tb[3], (H - bleed) * pt, 1e-3);
            for (int j = 0; j < 4; j++)
                assert_near(bb[j], mb[j], 1e-3);
            /* startxref still points at the cross-reference table */
            const unsigned char *hit = pdf, *last = NULL;
            while ((hit = memmem(hit, len - (size_t)(hit - pdf),
                                 "startxref\n", 10)))
                last = hit++;
            assert_non_null(last);
            unsigned long off = strtoul((const char *)last + 10, NULL, 10);
            assert_true(off < len);
            assert_memory_equal(pdf + off, "xref\n", 5);
            free(pdf);

            o.format = CS_FORMAT_SVG;
            unsigned char *svgd = render_mem(r, &o, &len);
            char *svg = g_strndup((const char *)svgd, len);
            free(svgd);
            char *u1 = NULL, *u2 = NULL;
            assert_near(svg_attr(svg, "width", &u1), W, 1e-3);
            assert_near(svg_attr(svg, "height", &u2), H, 1e-3);
            assert_string_equal(u1, "mm");
            assert_string_equal(u2, "mm");
            const char *vb = strstr(svg, "viewBox=\"");
            assert_non_null(vb);
            char *end;
            double v[4];
            vb += 9;
            for (int j = 0; j < 4; j++) {
                v[j] = g_ascii_strtod(vb, &end);
                vb = end;
            }
            assert_near(v[0], 0, 1e-9);
            assert_near(v[1], 0, 1e-9);
            assert_near(v[2], W, 1e-3);
            assert_near(v[3], H, 1e-3);
            g_free(u1);
            g_free(u2);
            g_free(svg);
        }
    }
    cs_renderer_free(r);
    cs_framework_free(fw);
    cs_bands_free(b);
    cs_fonts_free(f);
}

/* The wheel fits inside the margins, centred, touching them on one axis;
 * on a coloured background the margins and the bleed are background only
 * and the wheel inside is drawn; bad pages are refused. */
static void
test_page_margins(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *b = wt_bands();
    cs_framework_t *fw = cs_test_framework();
    cs_render_options_t ro;
    cs_render_options_init(&ro);
    ro.background = (cs_rgb_t){1, 0, 1}; /* magenta: not in the wheel */
    cs_renderer_t *r = wt_renderer(fw, b, f, &ro);
    cs_scores_t *sc = wt_scores(fw, b, "samples/baerum.csv",
                                "samples/targets.csv");
    double cw, ch;
    cs_renderer_size(r, &cw, &ch);
    static const char *const pages[] = {"a4", "a5", "square"};
    for (int i = 0; i < 3; i++) {
        cs_output_t o;
        cs_output_init(&o);
        cs_output_page_from_name(pages[i], &o.page_w_mm, &o.page_h_mm, NULL);
        o.margin_mm = 20;
        o.bleed_mm = 3;
        o.dpi = 72;
        o.format = CS_FORMAT_PNG;
        double w, h, s, x, y;
        assert_int_equal(cs_renderer_output_place(r, CS_FORMAT_PNG, &o, &w, &h, &s,
                                         &x, &y, NULL),
                         CS_OK);
        double u = 72 / 25.4, in = (o.bleed_mm + o.margin_mm) * u;
        double iw = (o.page_w_mm - 2 * o.margin_mm) * u;
        double ih = (o.page_h_mm - 2 * o.margin_mm) * u;
        assert_near(w, round((o.page_w_mm + 6) * u), 1e-9);
        assert_near(h, round((o.page_h_mm + 6) * u), 1e-9);
        assert_true(cw * s <= iw + 1e-6 && ch * s <= ih + 1e-6);
        assert_true(fabs(cw * s - iw) < 1e-6 || fabs(ch * s - ih) < 1e-6);
        assert_near(x - in, in + iw - (x + cw * s), 1e-6); /* centred */
        assert_near(y - in, in + ih - (y + ch * s), 1e-6);

        size_t len;
        unsigned char *png;
        cs_diag_t *d = cs_diag_new();
        assert_int_equal(cs_renderer_to_memory(r, sc, "Bærum", &o, &png, &len,
                                             NULL, d),
                         CS_OK);
        cs_diag_free(d);
        cairo_surface_t *img = wt_png_decode(png, len);
        free(png);
        int W = cairo_image_surface_get_width(img);
        int H = cairo_image_surface_get_height(img);
        assert_int_equal(W, (int)w);
        assert_int_equal(H, (int)h);
        size_t inside = 0, margin_bad = 0;
        for (int py = 0; py < H; py++)
            for (int px = 0; px < W; px++) {
                int c[3];
                wt_pixel(img, px, py, c);
                int bg = c[0] == 255 && c[1] == 0 && c[2] == 255;
                int in_box = px >= floor(in) && px < ceil(W - in) &&
                             py >= floor(in) && py < ceil(H - in);
                if (!in_box && !bg)
                    margin_bad++;
                if (in_box && !bg)
                    inside++;
            }
        assert_int_equal(margin_bad, 0);
        assert_true(inside > (size_t)(iw * ih / 10));
        cairo_surface_destroy(img);
    }
    /* refused: margins too wide, bleed too large, page and width, margin
     * without a page */
    cs_output_t o;
    double w, h, s;
    cs_output_init(&o);
    cs_output_page_from_name("a5", &o.page_w_mm, &o.page_h_mm, NULL);
    o.margin_mm = 80;
    assert_int_equal(cs_renderer_output_place(r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, NULL),
                     CS_ERR_ARG);
    o.margin_mm = 0;
    o.bleed_mm = 40;
    assert_int_equal(cs_renderer_output_place(r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, NULL),
                     CS_ERR_ARG);
    o.bleed_mm = 0;
    o.width_mm = 100;
    assert_int_equal(cs_renderer_output_place(r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, NULL),
                     CS_ERR_ARG);
    cs_output_init(&o);
    o.margin_mm = 5;
    assert_int_equal(cs_renderer_output_place(r, CS_FORMAT_PDF, &o, &w, &h, &s, NULL, NULL, NULL),
                     CS_ERR_ARG);
    assert_int_equal(cs_output_page_from_name("a3", &w, &h, NULL), CS_ERR_INVALID);
    cs_scores_free(sc);
    cs_renderer_free(r);
    cs_framework_free(fw);
    cs_bands_free(b);
    cs_fonts_free(f);
}

/* The CLI: `render --page square --bleed 3` and `batch --page a5`. */
static void
test_page_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("page-cli");
    char *out = g_build_filename(dir, "sq.svg", NULL);
    char *city = cs_test_root("samples/baerum.csv");
    char *manifest = cs_test_root("samples/cities.csv");
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--page",
                                     "square", "--margin", "1cm", "--bleed",
                                     "3", "-o", out, NULL),
                     0);
    char *svg = cs_test_read(out, NULL);
    assert_non_null(svg);
    assert_near(svg_attr(svg, "width", NULL), 216, 1e-3);
    assert_near(svg_attr(svg, "height", NULL), 216, 1e-3);
    g_free(svg);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "batch", manifest, "-o",
                                     dir, "--formats", "pdf", "--page", "a5",
                                     "-q", NULL),
                     0);
    char *pdfp = g_build_filename(dir, "rana.pdf", NULL);
    size_t len;
    char *pdf = cs_test_read(pdfp, &len);
    assert_non_null(pdf);
    double mb[4];
    assert_true(pdf_box((unsigned char *)pdf, len, "MediaBox", mb));
    assert_near(mb[2], 148 * 72 / 25.4, 1e-3);
    assert_near(mb[3], 210 * 72 / 25.4, 1e-3);
    g_free(pdf);
    g_free(pdfp);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--page",
                                     "a3", "-o", out, NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--bleed",
                                     "3", "-o", out, NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--page",
                                     "a4", "--size", "100", "-o", out, NULL),
                     2);
    g_free(manifest);
    g_free(city);
    g_free(out);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_values),
        cmocka_unit_test(test_errors_have_lines),
        cmocka_unit_test(test_default_is_builtin),
        cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_colourblind_distinct),
        cmocka_unit_test(test_greyscale_distinct),
        cmocka_unit_test(test_greyscale_draws_hatches),
        cmocka_unit_test(test_cli),
        cmocka_unit_test(test_page_sizes),
        cmocka_unit_test(test_page_margins),
        cmocka_unit_test(test_page_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
