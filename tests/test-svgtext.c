/* SPDX-License-Identifier: MIT */
/*
 * Text inside the SVG output: cairo's SVG gets a chart <title>/<desc> and
 * an invisible, titled <path> per KPI wedge (src/render.c,
 * svg_accessibility). The file must stay well-formed XML (parsed with
 * GMarkupParser) and the titles and descriptions must match the wheel.
 * (The separate --svg-text mode is not written yet.)
 */
#include "wheel-test.h"

#include <citysnap/describe.h>

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
    assert_int_equal(cs_render_to_memory(r, s, "Bærum & co", &out, &data,
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
    char *sum = cs_describe_summary(fw, b, s, "Bærum & co");
    assert_non_null(w.chart_desc);
    assert_string_equal(w.chart_desc, sum);
    free(sum);
    assert_int_equal(w.wedge_titles->len, cs_framework_kpi_count(fw));
    assert_int_equal(w.wedge_descs->len, cs_framework_kpi_count(fw));
    for (size_t i = 0; i < cs_framework_kpi_count(fw); i++) {
        assert_string_equal(g_ptr_array_index(w.wedge_titles, i),
                            cs_framework_kpi(fw, i)->label);
        const char *d = g_ptr_array_index(w.wedge_descs, i);
        assert_non_null(strstr(d, cs_bands_label(b, cs_scores_kpi(s, i)->band)));
        char *want = cs_describe_kpi(fw, b, s, i);
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_title_desc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
