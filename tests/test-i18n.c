/* SPDX-License-Identifier: MIT */
/*
 * Translations (src/i18n.c) and the Norwegian wheel: data/labels-nb.csv is
 * complete; the translated framework keeps codes and order; all five
 * samples render in Norwegian with the fit guarantee (cs_labels_check)
 * holding and no label truncated; `citysnap render --lang nb --strict`.
 */
#include "wheel-test.h"

#include <citysnap/i18n.h>
#include <citysnap/style.h>

static cs_translation_t *
nb(void)
{
    char *p = cs_test_root("data/labels-nb.csv");
    cs_diag_t *d = cs_diag_new();
    cs_translation_t *t = NULL;
    cs_status_t st = cs_translation_load(p, "nb", &t, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    g_free(p);
    return t;
}

static void
test_complete(void **state)
{
    (void)state;
    cs_translation_t *t = nb();
    assert_string_equal(cs_translation_lang(t), "nb");
    cs_framework_t *fw = cs_test_framework();
    cs_framework_t *tf = NULL;
    size_t missing = 99;
    assert_int_equal(cs_translation_framework(t, fw, &tf, &missing, NULL),
                     CS_OK);
    assert_int_equal(missing, 0);
    assert_int_equal(cs_framework_kpi_count(tf), cs_framework_kpi_count(fw));
    assert_int_equal(cs_framework_group_count(tf),
                     cs_framework_group_count(fw));
    size_t same = 0;
    for (size_t i = 0; i < cs_framework_kpi_count(fw); i++) {
        const cs_kpi_t *a = cs_framework_get_kpi(fw, i), *b = cs_framework_get_kpi(tf, i);
        assert_string_equal(a->code, b->code);
        assert_int_equal(a->direction, b->direction);
        assert_int_equal(a->group, b->group);
        assert_string_equal(a->unit, b->unit);
        same += !strcmp(a->label, b->label);
    }
    /* a few words are the same in both languages ("Transport") but not many */
    assert_true(same <= 3);
    assert_string_equal(cs_framework_get_dimension(tf, 0)->name, "Økonomi");
    const char *legend[CS_BAND_COUNT];
    cs_translation_band_labels(t, legend);
    for (int i = 0; i < CS_BAND_COUNT; i++)
        assert_non_null(legend[i]);
    assert_non_null(cs_translation_get(t, "source", "line"));
    assert_null(cs_translation_get(t, "kpi", "NO:SUCH"));
    cs_framework_free(tf);
    cs_framework_free(fw);
    cs_translation_free(t);
}

static void
test_errors(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_translation_t *t = NULL;
    const char *a = "kind,key,text\nkpi,X,Y\nbogus,X,Y\n";
    assert_int_not_equal(cs_translation_load_buffer("t.csv", "nb", a,
                                                    strlen(a), &t, d),
                         CS_OK);
    assert_true(cs_test_diag_has(d, 3, 0, "unknown kind"));
    cs_diag_free(d);
    d = cs_diag_new();
    const char *b = "kind,key,text\nkpi,X,Y\nkpi,X,Z\n";
    assert_int_not_equal(cs_translation_load_buffer("t.csv", "nb", b,
                                                    strlen(b), &t, d),
                         CS_OK);
    assert_true(cs_test_diag_has(d, 3, 0, "twice"));
    cs_diag_free(d);
    d = cs_diag_new();
    const char *c = "kind,key,text\nlegend,99plus,Y\n";
    assert_int_not_equal(cs_translation_load_buffer("t.csv", "nb", c,
                                                    strlen(c), &t, d),
                         CS_OK);
    assert_true(cs_test_diag_has(d, 2, 0, "unknown band"));
    assert_null(t);
    cs_diag_free(d);
}

static const char *const cities[] = {"alesund", "asker", "baerum", "rana",
                                     "trondheim"};
static const char *const names[] = {"Ålesund", "Asker", "Bærum", "Rana",
                                    "Trondheim"};

/* Every sample in Norwegian, with each shipped style: no overlap, nothing
 * clipped, nothing truncated, every character covered by the fonts. */
static void
test_norwegian_wheels(void **state)
{
    (void)state;
    cs_translation_t *t = nb();
    cs_fonts_t *f = wt_fonts();
    cs_bands_t *base = wt_bands();
    cs_framework_t *fw = cs_test_framework();
    cs_framework_t *tf = NULL;
    assert_int_equal(cs_translation_framework(t, fw, &tf, NULL, NULL), CS_OK);
    const char *legend[CS_BAND_COUNT];
    cs_translation_band_labels(t, legend);
    const char *styles[] = {"default", "greyscale"};
    for (size_t k = 0; k < G_N_ELEMENTS(styles); k++) {
        char *rel = g_strdup_printf("data/styles/%s.ini", styles[k]);
        char *sp = cs_test_root(rel);
        cs_style_t *s = NULL;
        assert_int_equal(cs_style_load(sp, &s, NULL), CS_OK);
        cs_bands_t *b = NULL;
        assert_int_equal(cs_style_bands(s, base, legend, &b, NULL), CS_OK);
        assert_string_equal(cs_bands_label(b, CS_BAND_95PLUS),
                            legend[CS_BAND_95PLUS]);
        cs_render_options_t o;
        cs_render_options_init(&o);
        cs_style_apply(s, &o);
        o.source_line = cs_translation_get(t, "source", "line");
        cs_renderer_t *r = wt_renderer(tf, b, f, &o);
        double w, h;
        cs_renderer_size(r, &w, &h);
        for (size_t i = 0; i < G_N_ELEMENTS(cities); i++) {
            cs_labels_t *ls = NULL;
            assert_int_equal(cs_renderer_city_labels(r, names[i], &ls, NULL), CS_OK);
            cs_diag_t *d = cs_diag_new();
            cs_status_t ok = cs_labels_check(ls, (cs_rect_t){0, 0, w, h},
                                             0.01, d);
            if (ok != CS_OK) {
                fprintf(stderr, "# %s %s:\n", styles[k], cities[i]);
                cs_test_diag_dump(d);
            }
            cs_diag_free(d);
            assert_int_equal(ok, CS_OK);
            assert_int_equal(cs_labels_count_outcome(ls, CS_FIT_ELLIPSIZED),
                             0);
            int seen_nb = 0;
            for (size_t j = 0; j < cs_labels_count(ls); j++) {
                const cs_label_t *l = cs_labels_get(ls, j);
                assert_true(cs_fonts_covers(f, l->text));
                if (l->kind == CS_LABEL_KPI && l->index == 1)
                    seen_nb = !strcmp(l->text, "Abonnement på fast bredbånd");
            }
            assert_true(seen_nb);
            cs_labels_free(ls);
        }
        cs_renderer_free(r);
        cs_bands_free(b);
        cs_style_free(s);
        g_free(sp);
        g_free(rel);
    }
    cs_framework_free(tf);
    cs_framework_free(fw);
    cs_bands_free(base);
    cs_fonts_free(f);
    cs_translation_free(t);
}

static void
test_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("i18n-cli");
    char *out = g_build_filename(dir, "nb.svg", NULL);
    char *city = cs_test_root("samples/baerum.csv");
    char *rep = NULL;
    assert_int_equal(cs_test_run_cli(&rep, NULL, "render", city, "--lang",
                                     "nb", "--strict", "--fit-report", "-o",
                                     out, NULL),
                     0);
    assert_non_null(strstr(rep, " 0 ellipsized"));
    g_free(rep);
    size_t len;
    char *svg = cs_test_read(out, &len);
    assert_non_null(svg);
    g_free(svg);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--lang",
                                     "xx", "-o", out, NULL),
                     2);
    g_free(city);
    g_free(out);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Largest channel spread (max - min of r, g, b) of any pixel of a PNG. */
static int
max_saturation(const char *png)
{
    size_t len;
    char *data = cs_test_read(png, &len);
    assert_non_null(data);
    cairo_surface_t *s = wt_png_decode((const unsigned char *)data, len);
    g_free(data);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int worst = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int c[3];
            wt_pixel(s, x, y, c);
            int hi = MAX(c[0], MAX(c[1], c[2]));
            int lo = MIN(c[0], MIN(c[1], c[2]));
            worst = MAX(worst, hi - lo);
        }
    cairo_surface_destroy(s);
    return worst;
}

/* `citysnap batch --lang nb --style greyscale.ini`: every city renders,
 * the KPI wedge titles and the summary are Norwegian, the legend uses the
 * Norwegian band labels, and the PNG has no colour left (greyscale). The
 * same batch without the options has colours and English labels. */
static void
test_batch_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("i18n-batch");
    char *nbdir = g_build_filename(dir, "nb", NULL);
    char *endir = g_build_filename(dir, "en", NULL);
    char *manifest = cs_test_root("samples/cities.csv");
    char *style = cs_test_root("data/styles/greyscale.ini");
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "batch", manifest, "-o", nbdir,
                             "--formats", "png,svg", "-w", "500", "--lang",
                             "nb", "--style", style, "-q", NULL);
    if (rc != 0)
        fprintf(stderr, "# %s\n", err);
    assert_int_equal(rc, 0);
    g_free(err);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "batch", manifest, "-o",
                                     endir, "--formats", "png,svg", "-w",
                                     "500", "-q", NULL),
                     0);
    static const char *const ids[] = {"alesund", "asker", "baerum", "rana",
                                      "trondheim"};
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        char *f = g_strdup_printf("%s/%s.svg", nbdir, ids[i]);
        char *svg = cs_test_read(f, NULL);
        assert_non_null(svg);
        /* a KPI wedge's <title>, a dimension in the summary (<desc>) */
        assert_non_null(strstr(svg, "<title>Internettilgang i husholdninger"
                                    "</title>"));
        assert_null(strstr(svg, "<title>Household Internet Access</title>"));
        assert_non_null(strstr(svg, "Økonomi:"));
        assert_non_null(strstr(svg, "av målet"));
        g_free(svg);
        g_free(f);
        f = g_strdup_printf("%s/%s.svg", endir, ids[i]);
        svg = cs_test_read(f, NULL);
        assert_non_null(svg);
        assert_null(strstr(svg, "Internettilgang i husholdninger"));
        assert_null(strstr(svg, "Økonomi:"));
        g_free(svg);
        g_free(f);
        f = g_strdup_printf("%s/%s.png", nbdir, ids[i]);
        assert_true(max_saturation(f) <= 2);
        g_free(f);
        f = g_strdup_printf("%s/%s.png", endir, ids[i]);
        assert_true(max_saturation(f) > 60);
        g_free(f);
    }
    assert_int_equal(cs_test_run_cli(NULL, NULL, "batch", manifest, "-o",
                                     nbdir, "--lang", "xx", NULL),
                     2);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "batch", manifest, "-o",
                                     nbdir, "--lang", "../etc", NULL),
                     2);
    g_free(style);
    g_free(manifest);
    g_free(nbdir);
    g_free(endir);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Every object offset of the PDF's cross-reference table points at that
 * object (the /Lang and page-box insertions shift them). */
static void
assert_xref_consistent(const char *pdf, size_t len)
{
    const char *sx = NULL, *hit = pdf;
    while ((hit = memmem(hit, len - (size_t)(hit - pdf), "startxref\n", 10)))
        sx = hit++;
    assert_non_null(sx);
    size_t at = (size_t)g_ascii_strtoull(sx + 10, NULL, 10);
    assert_true(at + 5 < len);
    assert_memory_equal(pdf + at, "xref\n0 ", 7);
    char *end = NULL;
    guint64 n = g_ascii_strtoull(pdf + at + 7, &end, 10);
    assert_true(n > 1);
    const char *e = end + 1;
    for (guint64 i = 0; i < n; i++, e += 20) {
        if (e[17] != 'n')
            continue;
        size_t off = (size_t)g_ascii_strtoull(e, NULL, 10);
        char want[32];
        g_snprintf(want, sizeof want, "%" G_GUINT64_FORMAT " 0 obj", i);
        assert_true(off + strlen(want) < len);
        assert_memory_equal(pdf + off, want, strlen(want));
    }
}

/* The PDF's catalog names the document language: "en" by default, "nb"
 * with --lang nb (cairo 1.16 cannot; citysnap adds it). */
static void
test_pdf_lang(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("i18n-pdf");
    char *city = cs_test_root("samples/rana.csv");
    const char *langs[] = {NULL, "nb"};
    const char *want[] = {"/Lang (en)", "/Lang (nb)"};
    for (int k = 0; k < 2; k++) {
        char *out = g_strdup_printf("%s/rana-%d.pdf", dir, k);
        int rc = langs[k]
                     ? cs_test_run_cli(NULL, NULL, "render", city, "-o", out,
                                       "--lang", langs[k], "--page", "a4",
                                       "--bleed", "3", (char *)NULL)
                     : cs_test_run_cli(NULL, NULL, "render", city, "-o", out,
                                       (char *)NULL);
        assert_int_equal(rc, 0);
        size_t len = 0;
        char *pdf = cs_test_read(out, &len);
        assert_non_null(pdf);
        const char *cat = memmem(pdf, len, "/Type /Catalog", 14);
        assert_non_null(cat);
        assert_non_null(memmem(cat, 64, want[k], strlen(want[k])));
        assert_xref_consistent(pdf, len);
        g_free(pdf);
        g_free(out);
    }
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_norwegian_wheels),
        cmocka_unit_test(test_cli),
        cmocka_unit_test(test_batch_cli),
        cmocka_unit_test(test_pdf_lang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
