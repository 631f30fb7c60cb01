/* SPDX-License-Identifier: MIT */
/*
 * Descriptions (src/describe.c): the summary's counts agree with the
 * scores, the CSV table has one parseable row per wedge, the HTML table is
 * well-formed markup with escaped text, and `render --describe`.
 */
#include "wheel-test.h"

#include <citysnap/describe.h>
#include <citysnap/i18n.h>
#include <citysnap/style.h>

#include "csv-private.h"
#include "describe-private.h"

static void
test_summary_counts(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *b = wt_bands();
    cs_scores_t *s = wt_scores(fw, b, "samples/asker.csv", "samples/targets.csv");
    char *sum = NULL;
    assert_int_equal(cs_describe_summary(fw, b, s, "Asker", NULL, &sum, NULL),
                     CS_OK);
    assert_non_null(sum);
    assert_non_null(strstr(sum, "Asker city snapshot: 108 KPI wedges"));
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_dimension_t *dim = cs_framework_get_dimension(fw, d);
        unsigned top = 0, nodata = 0;
        for (size_t i = dim->first_kpi; i < dim->first_kpi + dim->n_kpis; i++) {
            top += cs_scores_get_kpi(s, i)->band == CS_BAND_95PLUS;
            nodata += cs_scores_get_kpi(s, i)->band == CS_BAND_NODATA;
        }
        char *want = g_strdup_printf("%s: %u of %zu KPI wedges at 95+ %% of "
                                     "target,",
                                     dim->name, top, dim->n_kpis);
        if (!strstr(sum, want))
            fprintf(stderr, "# missing '%s' in:\n%s", want, sum);
        assert_non_null(strstr(sum, want));
        g_free(want);
        char *line = strstr(sum, dim->name);
        char *eol = strchr(line, '\n');
        char *nd = g_strdup_printf(" %u with no data or no target", nodata);
        char *hit = strstr(line, nd);
        assert_true(hit && hit < eol);
        g_free(nd);
    }
    free(sum);
    char *k = NULL;
    assert_int_equal(cs_describe_kpi(fw, b, s, 0, NULL, &k, NULL),
                     CS_OK);
    assert_non_null(strstr(k, "Household Internet Access (ICT Infrastructure, Economy)"));
    assert_non_null(strstr(k, "band: "));
    free(k);
    cs_scores_free(s);
    cs_bands_free(b);
    cs_framework_free(fw);
}

/* The same coverage (scored / total) in the summary, the group and
 * dimension descriptions and the SVG's wedge descriptions; a ring below the
 * minimum coverage says so instead of giving a score. Asker with the
 * illustrative targets: Transport has 3 of 15 KPIs scored. */
static void
test_coverage(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *b = wt_bands();
    cs_scores_t *s = wt_scores_cov(fw, b, "samples/asker.csv",
                                   "samples/targets.csv", 33);
    char *sum = NULL;
    assert_int_equal(cs_describe_summary(fw, b, s, "Asker", NULL, &sum, NULL),
                     CS_OK);
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_agg_score_t *a = cs_scores_get_dimension(s, d);
        char *want = g_strdup_printf(". %u of %u KPIs scored.\n", a->scored,
                                     a->total);
        char *line = strstr(sum, cs_framework_get_dimension(fw, d)->name);
        char *hit = strstr(line, want);
        assert_true(hit && hit < strchr(line, '\n'));
        g_free(want);
    }
    free(sum);
    size_t transport = SIZE_MAX, ict = SIZE_MAX;
    for (size_t g = 0; g < cs_framework_group_count(fw); g++) {
        if (!strcmp(cs_framework_get_group(fw, g)->name, "Transport"))
            transport = g;
        if (!strcmp(cs_framework_get_group(fw, g)->name, "ICT Infrastructure"))
            ict = g;
    }
    const cs_agg_score_t *tr = cs_scores_get_group(s, transport);
    assert_int_equal(tr->scored, 3);
    assert_int_equal(tr->total, 15);
    assert_int_equal(tr->band, CS_BAND_FEWDATA);
    char *t = cs_describe_agg_cov("Transport", 0, tr, b, NULL, 33);
    assert_string_equal(t, "Group Transport: band Not enough data: too few "
                           "KPIs scored. 3 of 15 KPIs scored, less than the "
                           "33 % needed: shown as not enough data.");
    char *i = cs_describe_agg_cov("ICT", 0, cs_scores_get_group(s, ict), b, NULL,
                                  33);
    assert_string_equal(i, "Group ICT: 100 % of the possible points, band "
                           "95+ % of target. 3 of 6 KPIs scored.");
    assert_null(cs_describe_coverage(NULL, NULL, 33));

    /* the SVG carries the same sentences in its wedge descriptions */
    cs_fonts_t *f = wt_fonts();
    cs_renderer_t *r = wt_renderer(fw, b, f, NULL);
    cs_output_t out;
    cs_output_init(&out);
    out.format = CS_FORMAT_SVG;
    out.svg_text = 1;
    unsigned char *svg = NULL;
    size_t len = 0;
    assert_int_equal(cs_renderer_to_memory(r, s, "Asker", &out, &svg, &len,
                                         NULL, NULL),
                     CS_OK);
    char *text = g_strndup((const char *)svg, len);
    assert_non_null(strstr(text, "<desc>Group Transport: band Not enough "
                                 "data: too few KPIs scored. 3 of 15 KPIs "
                                 "scored, less than the 33 % needed"));
    assert_non_null(strstr(text, "95+ % of target. 3 of 6 KPIs scored."
                                 "</desc>"));
    g_free(text);
    free(svg);
    free(t);
    free(i);
    cs_renderer_free(r);
    cs_fonts_free(f);
    cs_scores_free(s);
    cs_bands_free(b);
    cs_framework_free(fw);
}

/* The picture says where its colours come from, above the layout credit,
 * for every format: a label of the scene (so of the PNG's label list),
 * the SVG's description and editable text, the PDF's text. */
static char *
pdf_text(const unsigned char *pdf, size_t len)
{
    char *dir = cs_test_tmpdir("describe-pdftext");
    char *path = g_build_filename(dir, "w.pdf", NULL);
    g_file_set_contents(path, (const char *)pdf, (gssize)len, NULL);
    char *exe = g_find_program_in_path("pdftotext");
    char *argv[] = {exe, path, (char *)"-", NULL};
    char *text = NULL;
    int status = -1;
    assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                             NULL, NULL, &text, NULL, &status, NULL));
    assert_int_equal(status, 0);
    g_free(exe);
    cs_test_rmtree(dir);
    g_free(path);
    g_free(dir);
    return text;
}

static const char *
note_of(const cs_labels_t *ls, size_t index)
{
    for (size_t i = 0; i < cs_labels_count(ls); i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        if (l->kind == CS_LABEL_SOURCE && l->index == index)
            return l->text;
    }
    return NULL;
}

static void
test_colours_on_picture(void **state)
{
    (void)state;
    cs_test_require_tool("pdftotext");
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *b = wt_bands();
    cs_fonts_t *f = wt_fonts();
    cs_renderer_t *r = wt_renderer(fw, b, f, NULL);
    const char *ill = "Colours: illustrative targets (citysnap "
                      "samples/targets.csv), not U4SSC benchmarks.";
    const char *none = "Colours: no targets, so a wedge shows only whether "
                       "the KPI was reported.";
    const char *credit = "Wheel layout after ITU/United for Smart "
                         "Sustainable Cities (U4SSC) City Snapshots.";
    for (int with = 0; with < 2; with++) {
        cs_scores_t *s = wt_scores_cov(
            fw, b, "samples/asker.csv", with ? "samples/targets.csv" : NULL,
            33);
        const char *want = with ? ill : none;
        cs_output_t out;
        cs_output_init(&out);
        out.format = CS_FORMAT_PNG;
        out.width_px = 600;
        unsigned char *data = NULL;
        size_t len = 0;
        cs_labels_t *ls = NULL;
        assert_int_equal(cs_renderer_to_memory(r, s, "Asker", &out, &data,
                                               &len, &ls, NULL),
                         CS_OK);
        assert_non_null(note_of(ls, 1));
        char *want_note = g_strconcat(want, " A ring's \"13 / 51\": 13 of "
                                            "its 51 KPIs scored.", NULL);
        assert_string_equal(note_of(ls, 1), want_note);
        g_free(want_note);
        assert_string_equal(note_of(ls, 0), credit);
        /* every dimension's coverage as a label in its wedge, from the
         * scores; Asker's is partial */
        size_t partial = 0;
        for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
            const cs_agg_score_t *a = cs_scores_get_dimension(s, d);
            char *count = g_strdup_printf("%u / %u", a->scored, a->total);
            size_t found = 0;
            for (size_t i = 0; i < cs_labels_count(ls); i++) {
                const cs_label_t *l = cs_labels_get(ls, i);
                if (l->kind == CS_LABEL_DIMENSION && l->index == d &&
                    !strcmp(l->text, count)) {
                    assert_int_equal(l->mode, CS_LABEL_ARC);
                    assert_true(l->outcome <= CS_FIT_SHRUNK);
                    found++;
                }
            }
            assert_int_equal(found, 1);
            partial += a->scored < a->total;
            g_free(count);
        }
        assert_true(partial > 0);
        /* no year: the name alone */
        for (size_t i = 0; i < cs_labels_count(ls); i++)
            if (cs_labels_get(ls, i)->kind == CS_LABEL_NAME)
                assert_string_equal(cs_labels_get(ls, i)->text, "Asker");
        /* the note sits above the credit, inside the canvas, and fits */
        assert_int_equal(cs_labels_check(ls, (cs_rect_t){0, 0, 1e4, 1e4}, 0.5,
                                         NULL),
                         CS_OK);
        cs_labels_free(ls);
        free(data);
        /* the year under the name; only real years */
        out.year = 2023;
        assert_int_equal(cs_renderer_to_memory(r, s, "Asker", &out, &data,
                                               &len, &ls, NULL),
                         CS_OK);
        size_t names = 0;
        for (size_t i = 0; i < cs_labels_count(ls); i++)
            if (cs_labels_get(ls, i)->kind == CS_LABEL_NAME) {
                assert_string_equal(cs_labels_get(ls, i)->text,
                                    "Asker 2023");
                names++;
            }
        assert_int_equal(names, 1);
        cs_labels_free(ls);
        free(data);
        out.year = 99;
        assert_int_equal(cs_renderer_to_memory(r, s, "Asker", &out, &data,
                                               &len, NULL, NULL),
                         CS_ERR_ARG);
        out.year = 0;
        out.format = CS_FORMAT_SVG;
        out.width_px = 0;
        for (int editable = 0; editable < 2; editable++) {
            out.svg_text = editable;
            assert_int_equal(cs_renderer_to_memory(r, s, "Asker", &out, &data,
                                                   &len, NULL, NULL),
                             CS_OK);
            char *t = g_strndup((const char *)data, len);
            assert_non_null(strstr(t, want)); /* <desc>, and <text> */
            if (editable) {
                /* the note, then what the rings' counts mean */
                char *tag = g_strdup_printf(">%s A ring", want);
                assert_non_null(strstr(t, tag));
                g_free(tag);
            }
            g_free(t);
            free(data);
        }
        out.format = CS_FORMAT_PDF;
        assert_int_equal(cs_renderer_to_memory(r, s, "Asker", &out, &data,
                                               &len, NULL, NULL),
                         CS_OK);
        char *text = pdf_text(data, len);
        char *flat = g_strdelimit(g_strdup(text), "\n", ' ');
        if (!strstr(flat, want))
            fprintf(stderr, "# PDF text: %s\n", flat);
        assert_non_null(strstr(flat, want));
        assert_non_null(strstr(flat, credit));
        assert_null(strstr(flat, "Source: ITU"));
        g_free(flat);
        g_free(text);
        free(data);
        cs_scores_free(s);
    }
    cs_renderer_free(r);
    cs_fonts_free(f);
    cs_bands_free(b);
    cs_framework_free(fw);
}

static void
test_tables(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *b = wt_bands();
    cs_scores_t *s = wt_scores(fw, b, "samples/rana.csv", "samples/targets.csv");
    char *csv = NULL;
    assert_int_equal(cs_describe_table(fw, b, s, "Rana", CS_TABLE_CSV, NULL, NULL, &csv, NULL),
                     CS_OK);
    cs_csv_t *t = NULL;
    assert_int_equal(cs_csv_read_buffer("t.csv", csv, strlen(csv), &t, NULL),
                     CS_OK);
    assert_int_equal(cs_csv_row_count(t), cs_framework_kpi_count(fw));
    long cc = cs_csv_column(t, "code"), cb = cs_csv_column(t, "band_key"),
         cv = cs_csv_column(t, "value");
    assert_true(cc >= 0 && cb >= 0 && cv >= 0);
    for (size_t i = 0; i < cs_csv_row_count(t); i++) {
        const cs_csv_row_t *row = cs_csv_row(t, i);
        assert_string_equal(cs_csv_cell(row, cc)->text,
                            cs_framework_get_kpi(fw, i)->code);
        assert_string_equal(cs_csv_cell(row, cb)->text,
                            cs_band_key(cs_scores_get_kpi(s, i)->band));
        double v = cs_scores_get_kpi(s, i)->value;
        const char *vt = cs_csv_cell(row, cv)->text;
        if (isfinite(v))
            assert_near(g_ascii_strtod(vt, NULL), v, fabs(v) * 1e-5);
        else
            assert_string_equal(vt, "");
    }
    cs_csv_free(t);
    free(csv);
    char *html = NULL;
    assert_int_equal(cs_describe_table(fw, b, s, "R<&>", CS_TABLE_HTML, "nb", NULL, &html, NULL),
                     CS_OK);
    assert_non_null(strstr(html, "<html lang=\"nb\">"));
    assert_non_null(strstr(html, "R&lt;&amp;&gt;"));
    assert_non_null(strstr(html, "R&amp;D expenditure"));
    /* well-formed: parse it as XML (skipping the doctype line) */
    GMarkupParser p = {0};
    GMarkupParseContext *ctx = g_markup_parse_context_new(&p, 0, NULL, NULL);
    const char *body = strchr(html, '\n') + 1;
    GError *err = NULL;
    gboolean ok = g_markup_parse_context_parse(ctx, body, -1, &err) &&
                  g_markup_parse_context_end_parse(ctx, &err);
    if (!ok)
        fprintf(stderr, "# %s\n", err->message);
    assert_true(ok);
    g_markup_parse_context_free(ctx);
    size_t rows = 0;
    for (const char *q = html; (q = strstr(q, "<tr>")); q++)
        rows++;
    assert_int_equal(rows, cs_framework_kpi_count(fw) + 1);
    free(html);
    cs_scores_free(s);
    cs_bands_free(b);
    cs_framework_free(fw);
}

static void
test_cli(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("describe-cli");
    char *out = g_build_filename(dir, "a.png", NULL);
    char *city = cs_test_root("samples/asker.csv");
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "-w", "200",
                                     "--describe", "--describe-format",
                                     "html", "-o", out, NULL),
                     0);
    char *p1 = g_build_filename(dir, "a.summary.txt", NULL);
    char *p2 = g_build_filename(dir, "a.data.html", NULL);
    char *sum = cs_test_read(p1, NULL), *tab = cs_test_read(p2, NULL);
    assert_non_null(sum);
    assert_non_null(tab);
    assert_non_null(strstr(sum, "Economy: "));
    assert_non_null(strstr(tab, "<table>"));
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city,
                                     "--describe-format", "xml", "--describe",
                                     "-o", out, NULL),
                     2);
    g_free(sum);
    g_free(tab);
    g_free(p1);
    g_free(p2);
    g_free(city);
    g_free(out);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Templates: {key}s replaced wherever they are, unknown ones kept. */
static void
test_fill(void **state)
{
    (void)state;
    const char *keys[] = {"a", "bb", NULL};
    const char *vals[] = {"1", "two"};
    char *r = cs_describe_fill("{a}+{bb}={a}{bb} {c} {a", keys, vals);
    assert_string_equal(r, "1+two=1two {c} {a");
    free(r);
    r = cs_describe_fill("", keys, vals);
    assert_string_equal(r, "");
    free(r);
}

/* data/labels-nb.csv translates every sentence frame: all of them change,
 * and the Norwegian summary, KPI and group texts have no English frame
 * words left. */
static void
test_norwegian(void **state)
{
    (void)state;
    char *tp = cs_test_root("data/labels-nb.csv");
    cs_translation_t *t = NULL;
    assert_int_equal(cs_translation_load(tp, "nb", &t, NULL), CS_OK);
    cs_describe_words_t en, w;
    cs_describe_words_init(&en);
    w = en;
    cs_describe_words_translate(&w, t);
    const char **pe = (const char **)&en, **pw = (const char **)&w;
    size_t nf = sizeof w / sizeof(const char *);
    for (size_t i = 0; i < nf; i++) {
        assert_non_null(pw[i]);
        if (pw[i] == pe[i])
            fprintf(stderr, "# frame %zu not translated\n", i);
        assert_ptr_not_equal(pw[i], pe[i]);
    }
    cs_framework_t *fw = cs_test_framework();
    cs_framework_t *tf = NULL;
    assert_int_equal(cs_translation_framework(t, fw, &tf, NULL, NULL), CS_OK);
    cs_bands_t *base = wt_bands(), *b = NULL;
    const char *legend[CS_BAND_COUNT];
    cs_translation_band_labels(t, legend);
    cs_style_t *none = NULL;
    assert_int_equal(cs_style_bands(none, base, legend, &b, NULL), CS_OK);
    cs_scores_t *s = wt_scores(fw, b, "samples/asker.csv",
                               "samples/targets.csv");
    char *sum = NULL;
    assert_int_equal(cs_describe_summary(tf, b, s, "Asker", &w, &sum, NULL),
                     CS_OK);
    assert_true(g_str_has_prefix(sum, "Asker, byprofil: 108 KPI-felt i 3 "
                                      "dimensjoner og 24 grupper"));
    assert_non_null(strstr(sum, "\n\u00d8konomi: "));
    assert_non_null(strstr(sum, " av 51 KPI-felt p\u00e5 95+ % av m\u00e5let, "));
    assert_non_null(strstr(sum, " med ingen data eller intet m\u00e5l"));
    assert_non_null(strstr(sum, "\nSamlet: "));
    static const char *const english[] = {"KPI wedges", "of target", " with ",
                                          " at ", "Overall", "snapshot"};
    for (size_t i = 0; i < G_N_ELEMENTS(english); i++) {
        if (strstr(sum, english[i]))
            fprintf(stderr, "# '%s' in:\n%s", english[i], sum);
        assert_null(strstr(sum, english[i]));
    }
    free(sum);
    /* KPI 0 of Asker has a value and a target */
    char *k = NULL;
    assert_int_equal(cs_describe_kpi(tf, b, s, 0, &w, &k, NULL),
                     CS_OK);
    assert_true(g_str_has_prefix(k, "Internettilgang i husholdninger "
                                    "(IKT-infrastruktur, \u00d8konomi): "));
    assert_non_null(strstr(k, "; kategori: "));
    assert_null(strstr(k, "band"));
    free(k);
    char *g = cs_describe_agg("Helse", 0, cs_scores_get_group(s, 0), b, &w);
    assert_true(g_str_has_prefix(g, "Gruppe Helse: "));
    free(g);
    g = cs_describe_agg("Milj\u00f8", 1, NULL, b, &w);
    assert_string_equal(g, "Dimensjon Milj\u00f8: kategori Ingen data eller "
                           "intet m\u00e5l.");
    free(g);
    char *html = NULL;
    assert_int_equal(cs_describe_table(tf, b, s, "Asker", CS_TABLE_HTML, "nb", &w, &html, NULL),
                     CS_OK);
    assert_non_null(strstr(html, "<html lang=\"nb\">"));
    assert_non_null(strstr(html, "<caption>Asker: byprofil, "));
    free(html);
    /* the English frames are the defaults */
    assert_int_equal(cs_describe_summary(fw, base, s, "Asker", NULL, &sum, NULL),
                     CS_OK);
    char *sum2 = NULL;
    assert_int_equal(cs_describe_summary(fw, base, s, "Asker", NULL, &sum2, NULL),
                     CS_OK);
    assert_string_equal(sum, sum2);
    free(sum);
    free(sum2);
    cs_scores_free(s);
    cs_bands_free(b);
    cs_bands_free(base);
    cs_framework_free(tf);
    cs_framework_free(fw);
    cs_translation_free(t);
    g_free(tp);
}

/* `render --lang nb`: the files' titles and descriptions are Norwegian. */
static void
test_cli_norwegian(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("describe-nb");
    char *svg = g_build_filename(dir, "a.svg", NULL);
    char *pdf = g_build_filename(dir, "a.pdf", NULL);
    char *city = cs_test_root("samples/asker.csv");
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--lang",
                                     "nb", "--describe", "-o", svg, NULL),
                     0);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "render", city, "--lang",
                                     "nb", "-o", pdf, NULL),
                     0);
    size_t n = 0;
    char *t = cs_test_read(svg, &n);
    assert_non_null(strstr(t, "<title>Byprofil: Asker</title>"));
    assert_non_null(strstr(t, "<desc>Asker, byprofil: 108 KPI-felt"));
    assert_non_null(strstr(t, "; kategori: "));
    assert_null(strstr(t, "KPI wedges"));
    g_free(t);
    char *p = g_build_filename(dir, "a.summary.txt", NULL);
    t = cs_test_read(p, NULL);
    assert_true(g_str_has_prefix(t, "Asker, byprofil: "));
    g_free(t);
    g_free(p);
    t = cs_test_read(pdf, &n);
    const char *hit = NULL;
    for (size_t i = 0; i + 24 < n && !hit; i++)
        if (!memcmp(t + i, "/Title (Byprofil: Asker)", 24))
            hit = t + i;
    assert_non_null(hit);
    g_free(t);
    g_free(city);
    g_free(svg);
    g_free(pdf);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_counts),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_colours_on_picture),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_cli),
        cmocka_unit_test(test_fill),
        cmocka_unit_test(test_norwegian),
        cmocka_unit_test(test_cli_norwegian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
