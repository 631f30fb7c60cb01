/* SPDX-License-Identifier: MIT */
/*
 * Descriptions (src/describe.c): the summary's counts agree with the
 * scores, the CSV table has one parseable row per wedge, the HTML table is
 * well-formed markup with escaped text, and `render --describe`.
 */
#include "wheel-test.h"

#include <citysnap/describe.h>

#include "csv-private.h"

static void
test_summary_counts(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    cs_bands_t *b = wt_bands();
    cs_scores_t *s = wt_scores(fw, b, "samples/asker.csv", "samples/targets.csv");
    char *sum = cs_describe_summary(fw, b, s, "Asker");
    assert_non_null(sum);
    assert_non_null(strstr(sum, "Asker city snapshot: 108 KPI wedges"));
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        const cs_dimension_t *dim = cs_framework_dimension(fw, d);
        unsigned top = 0, nodata = 0;
        for (size_t i = dim->first_kpi; i < dim->first_kpi + dim->n_kpis; i++) {
            top += cs_scores_kpi(s, i)->band == CS_BAND_95PLUS;
            nodata += cs_scores_kpi(s, i)->band == CS_BAND_NODATA;
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
    char *k = cs_describe_kpi(fw, b, s, 0);
    assert_non_null(strstr(k, "Household Internet Access (ICT Infrastructure, Economy)"));
    assert_non_null(strstr(k, "band: "));
    free(k);
    cs_scores_free(s);
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
    char *csv = cs_describe_table(fw, b, s, "Rana", CS_TABLE_CSV, NULL);
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
                            cs_framework_kpi(fw, i)->code);
        assert_string_equal(cs_csv_cell(row, cb)->text,
                            cs_band_key(cs_scores_kpi(s, i)->band));
        double v = cs_scores_kpi(s, i)->value;
        const char *vt = cs_csv_cell(row, cv)->text;
        if (isfinite(v))
            assert_near(g_ascii_strtod(vt, NULL), v, fabs(v) * 1e-5);
        else
            assert_string_equal(vt, "");
    }
    cs_csv_free(t);
    free(csv);
    char *html = cs_describe_table(fw, b, s, "R<&>", CS_TABLE_HTML, "nb");
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_counts),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
