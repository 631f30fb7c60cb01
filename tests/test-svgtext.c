/* SPDX-License-Identifier: MIT */
/*
 * Text inside the SVG output: cairo's SVG gets a chart <title>/<desc> and
 * an invisible, titled <path> per KPI wedge (src/svg-fixup.c,
 * cs_svg_accessibility). The file must stay well-formed XML (parsed with
 * GMarkupParser) and the titles and descriptions must match the wheel.
 * --svg-text (src/svgtext.c): valid XML, one titled path per wedge, every
 * label's lines as real text, the same page size as cairo's SVG.
 */
#include "wheel-test.h"

#include <citysnap/describe.h>
#include <citysnap/style.h>

typedef struct walk {
    GPtrArray *stack;   /* element names */
    GString *text;      /* text of the current title/desc */
    char *chart_title, *chart_desc;
    GPtrArray *wedge_titles, *wedge_descs;
    char *cur_id;
} walk;

static void
on_start(GMarkupParseContext *c, const char *el, const char **an,
         const char **av, gpointer ud, GError **e)
{
    (void)c;
    (void)e;
    walk *w = ud;
    g_ptr_array_add(w->stack, g_strdup(el));
    if (!strcmp(el, "path"))
        for (int i = 0; an[i]; i++)
            if (!strcmp(an[i], "id") && g_str_has_prefix(av[i], "kpi-")) {
                g_free(w->cur_id);
                w->cur_id = g_strdup(av[i]);
            }
    g_string_truncate(w->text, 0);
}

static void
on_end(GMarkupParseContext *c, const char *el, gpointer ud, GError **e)
{
    (void)c;
    (void)e;
    walk *w = ud;
    const char *parent = w->stack->len >= 2
                             ? g_ptr_array_index(w->stack, w->stack->len - 2)
                             : "";
    if (!strcmp(el, "title") || !strcmp(el, "desc")) {
        int chart = !strcmp(parent, "svg");
        int wedge = !strcmp(parent, "path") && w->cur_id;
        if (chart && !strcmp(el, "title"))
            w->chart_title = g_strdup(w->text->str);
        if (chart && !strcmp(el, "desc"))
            w->chart_desc = g_strdup(w->text->str);
        if (wedge)
            g_ptr_array_add(!strcmp(el, "title") ? w->wedge_titles
                                                 : w->wedge_descs,
                            g_strdup(w->text->str));
    }
    if (!strcmp(el, "path")) {
        g_free(w->cur_id);
        w->cur_id = NULL;
    }
    g_ptr_array_remove_index(w->stack, w->stack->len - 1);
}

static void
on_text(GMarkupParseContext *c, const char *t, gsize n, gpointer ud,
        GError **e)
{
    (void)c;
    (void)e;
    walk *w = ud;
    g_string_append_len(w->text, t, (gssize)n);
}

static void
test_svg_title_desc(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *b = wt_bands();
    cs_framework_t *fw = cs_test_framework();
    cs_scores_t *s = wt_scores(fw, b, "samples/baerum.csv",
                               "samples/targets.csv");
    cs_renderer_t *r = wt_renderer(fw, b, f, NULL);
    cs_output_t out;
    cs_output_init(&out);
    out.format = CS_FORMAT_SVG;
    out.width_mm = 200; /* a scaled document too */
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(cs_renderer_to_memory(r, s, "Bærum & co", &out, &data,
                                         &len, NULL, NULL),
                     CS_OK);
    walk w = {g_ptr_array_new_with_free_func(g_free), g_string_new(NULL),
              NULL, NULL, g_ptr_array_new_with_free_func(g_free),
              g_ptr_array_new_with_free_func(g_free), NULL};
    GMarkupParser p = {on_start, on_end, on_text, NULL, NULL};
    GMarkupParseContext *ctx = g_markup_parse_context_new(&p, 0, &w, NULL);
    GError *err = NULL;
    /* skip the XML declaration, which GMarkup treats as a passthrough */
    gboolean ok = g_markup_parse_context_parse(ctx, (const char *)data,
                                               (gssize)len, &err) &&
                  g_markup_parse_context_end_parse(ctx, &err);
    if (!ok)
        fprintf(stderr, "# %s\n", err->message);
    assert_true(ok);
    g_markup_parse_context_free(ctx);
    assert_non_null(w.chart_title);
    assert_string_equal(w.chart_title, "City snapshot: Bærum & co");
    char *sum = NULL;
    assert_int_equal(cs_describe_summary(fw, b, s, "Bærum & co", NULL, &sum, NULL),
                     CS_OK);
    assert_non_null(w.chart_desc);
    assert_string_equal(w.chart_desc, sum);
    free(sum);
    assert_int_equal(w.wedge_titles->len, cs_framework_kpi_count(fw));
    assert_int_equal(w.wedge_descs->len, cs_framework_kpi_count(fw));
    for (size_t i = 0; i < cs_framework_kpi_count(fw); i++) {
        assert_string_equal(g_ptr_array_index(w.wedge_titles, i),
                            cs_framework_get_kpi(fw, i)->label);
        const char *d = g_ptr_array_index(w.wedge_descs, i);
        assert_non_null(strstr(d, cs_bands_label(b, cs_scores_get_kpi(s, i)->band)));
        char *want = NULL;
        assert_int_equal(cs_describe_kpi(fw, b, s, i, NULL, &want, NULL),
                         CS_OK);
        assert_string_equal(d, want);
        free(want);
    }
    g_ptr_array_free(w.stack, TRUE);
    g_string_free(w.text, TRUE);
    g_ptr_array_free(w.wedge_titles, TRUE);
    g_ptr_array_free(w.wedge_descs, TRUE);
    g_free(w.chart_title);
    g_free(w.chart_desc);
    g_free(w.cur_id);
    free(data);
    cs_renderer_free(r);
    cs_scores_free(s);
    cs_framework_free(fw);
    cs_bands_free(b);
    cs_fonts_free(f);
}

/* ---- --svg-text ----------------------------------------------------------- */

typedef struct tw {
    int in_text;
    GString *text; /* all text content of <text> elements */
    size_t wedges[4];
    char *width, *height;
} tw;

static void
tw_start(GMarkupParseContext *c, const char *el, const char **an,
         const char **av, gpointer ud, GError **e)
{
    (void)c;
    (void)e;
    tw *w = ud;
    if (!strcmp(el, "text"))
        w->in_text++;
    for (int i = 0; an[i]; i++) {
        if (!strcmp(el, "svg") && !strcmp(an[i], "width"))
            w->width = g_strdup(av[i]);
        if (!strcmp(el, "svg") && !strcmp(an[i], "height"))
            w->height = g_strdup(av[i]);
        if (!strcmp(el, "path") && !strcmp(an[i], "id")) {
            if (g_str_has_prefix(av[i], "dimension-"))
                w->wedges[1]++;
            if (g_str_has_prefix(av[i], "group-"))
                w->wedges[2]++;
            if (g_str_has_prefix(av[i], "kpi-"))
                w->wedges[3]++;
        }
    }
}

static void
tw_end(GMarkupParseContext *c, const char *el, gpointer ud, GError **e)
{
    (void)c;
    (void)e;
    tw *w = ud;
    if (!strcmp(el, "text")) {
        w->in_text--;
        g_string_append_c(w->text, '\n');
    }
}

static void
tw_text(GMarkupParseContext *c, const char *t, gsize n, gpointer ud,
        GError **e)
{
    (void)c;
    (void)e;
    tw *w = ud;
    if (w->in_text)
        g_string_append_len(w->text, t, (gssize)n);
}

/* Valid XML; 3 + 24 + 108 wedge paths; every label's lines as text
 * content; the page size of cairo's SVG. */
static void
test_svg_text_mode(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *b = wt_bands();
    cs_framework_t *fw = cs_test_framework();
    cs_scores_t *s = wt_scores(fw, b, "samples/baerum.csv",
                               "samples/targets.csv");
    cs_renderer_t *r = wt_renderer(fw, b, f, NULL);
    for (int page = 0; page < 2; page++) {
        cs_output_t out;
        cs_output_init(&out);
        out.format = CS_FORMAT_SVG;
        if (page) {
            cs_output_page_from_name("a4", &out.page_w_mm, &out.page_h_mm, NULL);
            out.bleed_mm = 3;
        }
        out.svg_text = 1;
        unsigned char *data = NULL, *cdata = NULL;
        size_t len = 0, clen = 0;
        cs_labels_t *ls = NULL;
        assert_int_equal(cs_renderer_to_memory(r, s, "Bærum & co", &out, &data,
                                             &len, &ls, NULL),
                         CS_OK);
        out.svg_text = 0;
        assert_int_equal(cs_renderer_to_memory(r, s, "Bærum & co", &out,
                                             &cdata, &clen, NULL, NULL),
                         CS_OK);
        tw w = {0, g_string_new(NULL), {0}, NULL, NULL};
        GMarkupParser p = {tw_start, tw_end, tw_text, NULL, NULL};
        GMarkupParseContext *ctx = g_markup_parse_context_new(&p, 0, &w, NULL);
        GError *err = NULL;
        gboolean ok = g_markup_parse_context_parse(ctx, (const char *)data,
                                                   (gssize)len, &err) &&
                      g_markup_parse_context_end_parse(ctx, &err);
        if (!ok)
            fprintf(stderr, "# %s\n", err->message);
        assert_true(ok);
        g_markup_parse_context_free(ctx);
        assert_int_equal(w.wedges[1], 3);
        assert_int_equal(w.wedges[2], 24);
        assert_int_equal(w.wedges[3], 108);
        for (size_t i = 0; i < cs_labels_count(ls); i++) {
            const cs_label_t *l = cs_labels_get(ls, i);
            if (l->outcome == CS_FIT_ELLIPSIZED)
                continue;
            char **parts = g_strsplit(l->shown, "\n", -1);
            for (char **q = parts; *q; q++) {
                char *line = g_strdup_printf("%s\n", *q);
                if (!strstr(w.text->str, line))
                    fprintf(stderr, "# missing: %s", line);
                assert_non_null(strstr(w.text->str, line));
                g_free(line);
            }
            g_strfreev(parts);
        }
        /* same page size as cairo's SVG */
        char *csvg = g_strndup((const char *)cdata, clen);
        const char *el = strstr(csvg, "<svg");
        char *cw = NULL, *ch = NULL;
        const char *pw = strstr(el, "width=\""), *ph = strstr(el, "height=\"");
        cw = g_strndup(pw + 7, (gsize)(strchr(pw + 7, '"') - (pw + 7)));
        ch = g_strndup(ph + 8, (gsize)(strchr(ph + 8, '"') - (ph + 8)));
        char *e1, *e2;
        assert_near(g_ascii_strtod(w.width, &e1), g_ascii_strtod(cw, &e2),
                    1e-3);
        assert_string_equal(e1, e2);
        assert_near(g_ascii_strtod(w.height, &e1), g_ascii_strtod(ch, &e2),
                    1e-3);
        assert_string_equal(e1, e2);
        g_free(cw);
        g_free(ch);
        g_free(csvg);
        g_free(w.width);
        g_free(w.height);
        g_string_free(w.text, TRUE);
        cs_labels_free(ls);
        free(data);
        free(cdata);
    }
    cs_renderer_free(r);
    cs_scores_free(s);
    cs_framework_free(fw);
    cs_bands_free(b);
    cs_fonts_free(f);
}

/* Share of the pixels of the KPI ring (no text there; 2 px kept off its
 * edges) that differ by more than 48 in a channel. */
static double
kpi_ring_diff(cairo_surface_t *a, cairo_surface_t *b, const cs_layout_t *l,
              double scale)
{
    cs_point_t c = cs_layout_centre(l);
    double r0 = cs_layout_radius(l, 2) * scale + 2;
    double r1 = cs_layout_radius(l, 3) * scale - 2;
    long n = 0, bad = 0;
    for (int y = (int)(c.y * scale - r1); y <= (int)(c.y * scale + r1); y++)
        for (int x = (int)(c.x * scale - r1); x <= (int)(c.x * scale + r1);
             x++) {
            double d = hypot(x + 0.5 - c.x * scale, y + 0.5 - c.y * scale);
            if (d < r0 || d > r1)
                continue;
            int p[3], q[3];
            wt_pixel(a, x, y, p);
            wt_pixel(b, x, y, q);
            n++;
            for (int k = 0; k < 3; k++)
                if (abs(p[k] - q[k]) > 48) {
                    bad++;
                    break;
                }
        }
    return (double)bad / (double)n;
}

/* Hatches (the greyscale style) in the editable SVG: a <pattern> per
 * hatched band, on the grid cairo uses, so rsvg-convert's picture of the
 * KPI ring matches the PNG; the same SVG without hatches does not. */
static void
test_svg_text_hatches(void **state)
{
    (void)state;
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *base = wt_bands();
    cs_framework_t *fw = cs_test_framework();
    char *sp = cs_test_root("data/styles/greyscale.ini");
    cs_style_t *st = NULL;
    assert_int_equal(cs_style_load(sp, &st, NULL), CS_OK);
    cs_bands_t *b = NULL;
    assert_int_equal(cs_style_bands(st, base, NULL, &b, NULL), CS_OK);
    cs_render_options_t o;
    cs_render_options_init(&o);
    cs_style_apply(st, &o);
    int hatched = 0;
    for (int i = 0; i < CS_BAND_COUNT; i++)
        hatched += o.hatch[i] != CS_HATCH_NONE;
    assert_true(hatched >= 4);
    cs_scores_t *s = wt_scores(fw, b, "samples/asker.csv",
                               "samples/targets.csv");
    cs_renderer_t *r = wt_renderer(fw, b, f, &o);
    for (int i = 0; i < CS_BAND_COUNT; i++)
        o.hatch[i] = CS_HATCH_NONE;
    cs_renderer_t *plain = wt_renderer(fw, b, f, &o);

    cs_output_t out;
    cs_output_init(&out);
    out.format = CS_FORMAT_PNG;
    out.width_px = 1600;
    unsigned char *png = NULL, *svg = NULL, *svg0 = NULL;
    size_t plen, slen, slen0;
    assert_int_equal(
        cs_renderer_to_memory(r, s, "Asker", &out, &png, &plen, NULL, NULL),
        CS_OK);
    out.format = CS_FORMAT_SVG;
    out.width_px = 0;
    out.svg_text = 1;
    assert_int_equal(
        cs_renderer_to_memory(r, s, "Asker", &out, &svg, &slen, NULL, NULL),
        CS_OK);
    assert_int_equal(cs_renderer_to_memory(plain, s, "Asker", &out, &svg0,
                                         &slen0, NULL, NULL),
                     CS_OK);
    char *text = g_strndup((const char *)svg, slen);
    size_t patterns = 0, uses = 0;
    for (const char *p = text; (p = strstr(p, "<pattern id=\"hatch-")); p++)
        patterns++;
    for (const char *p = text; (p = strstr(p, "fill=\"url(#hatch-")); p++)
        uses++;
    assert_int_equal(patterns, (size_t)hatched);
    assert_true(uses > 20);
    g_free(text);

    cairo_surface_t *want = wt_png_decode(png, plen);
    int w = cairo_image_surface_get_width(want);
    int h = cairo_image_surface_get_height(want);
    cairo_surface_t *got = wt_rsvg_png(svg, slen, w, h);
    double cw, ch;
    cs_renderer_size(r, &cw, &ch);
    double scale = w / cw;
    cairo_surface_t *got0 = wt_rsvg_png(svg0, slen0, w, h);
    double d = kpi_ring_diff(want, got, cs_renderer_layout(r), scale);
    double d0 = kpi_ring_diff(want, got0, cs_renderer_layout(r), scale);
    fprintf(stderr, "# KPI ring: %.2f %% of pixels differ; without "
                    "hatches %.2f %%\n", 100 * d, 100 * d0);
    assert_true(d < 0.005);
    assert_true(d0 > 0.01);
    cairo_surface_destroy(got0);
    cairo_surface_destroy(got);
    cairo_surface_destroy(want);
    free(png);
    free(svg);
    free(svg0);
    cs_renderer_free(plain);
    cs_renderer_free(r);
    cs_scores_free(s);
    cs_bands_free(b);
    cs_style_free(st);
    g_free(sp);
    cs_framework_free(fw);
    cs_bands_free(base);
    cs_fonts_free(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_title_desc),
        cmocka_unit_test(test_svg_text_mode),
        cmocka_unit_test(test_svg_text_hatches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
