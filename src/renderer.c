/* SPDX-License-Identifier: MIT */
/* The renderer object: options checked once, the layout and the labels
 * that are the same for every city. */
#include <citysnap/render.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "renderer-private.h"

void
cs_render_options_init(cs_render_options_t *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->title = NULL;
    o->source_line = NULL;
    cs_layout_params_init(&o->layout);
    cs_label_styles_init(&o->labels);
    o->background = (cs_rgb_t){1, 1, 1};
    o->ink = (cs_rgb_t){0.2, 0.2, 0.2};
    o->separator = (cs_rgb_t){1, 1, 1};
    o->separator_width[0] = 2.2;
    o->separator_width[1] = 1.2;
    o->separator_width[2] = 0.5;
    o->ring_width = 1.2;
    for (int i = 0; i < CS_BAND_COUNT; i++)
        o->hatch[i] = CS_HATCH_NONE;
    /* "not enough data" must not pass for a score, nor for plain no data */
    o->hatch[CS_BAND_FEWDATA] = CS_HATCH_DIAGONAL;
    o->hatch_width = 0.6;
    o->hatch_spacing = 3.5;
}

static const char *const hatch_names[CS_HATCH_COUNT] = {
    "none", "diagonal", "backdiagonal", "cross", "horizontal", "vertical",
    "dots"};

const char *
cs_hatch_name(cs_hatch_t h)
{
    return (int)h >= 0 && h < CS_HATCH_COUNT ? hatch_names[h] : NULL;
}

cs_status_t
cs_hatch_from_name(const char *name, cs_hatch_t *out, cs_diag_t *diag)
{
    if (!name || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_hatch_from_name: NULL argument");
    for (int i = 0; i < CS_HATCH_COUNT; i++) {
        if (!g_ascii_strcasecmp(name, hatch_names[i])) {
            *out = (cs_hatch_t)i;
            return CS_OK;
        }
    }
    return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                       "unknown hatch '%s' (none, diagonal, backdiagonal, "
                       "cross, horizontal, vertical or dots)", name);
}

static int
color_ok(cs_rgb_t c)
{
    return c.r >= 0 && c.r <= 1 && c.g >= 0 && c.g <= 1 && c.b >= 0 &&
           c.b <= 1;
}

static int
style_ok(const cs_text_style_t *s)
{
    return isfinite(s->size) && isfinite(s->min_size) && s->min_size > 0 &&
           s->min_size <= s->size && s->size <= 500 && s->max_lines >= 1 &&
           s->max_lines <= 2;
}

static int
hatches_ok(const cs_hatch_t *h)
{
    for (int i = 0; i < CS_BAND_COUNT; i++)
        if ((int)h[i] < 0 || h[i] >= CS_HATCH_COUNT)
            return 0;
    return 1;
}

cs_status_t
cs_renderer_new(const cs_framework_t *fw, const cs_bands_t *bands,
                const cs_fonts_t *fonts, const cs_render_options_t *opts,
                cs_renderer_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_new: NULL argument");
    if (!fw || !bands || !fonts)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_new: framework, bands and fonts are "
                           "required");
    if (opts) {
        cs_status_t lst = cs_text_check_length("the title", opts->title, diag);
        if (lst == CS_OK)
            lst = cs_text_check_length("the source line", opts->source_line,
                                       diag);
        if (lst != CS_OK)
            return lst;
    }
    cs_renderer_t *r = g_new0(cs_renderer_t, 1);
    r->fw = fw;
    r->bands = bands;
    r->fonts = fonts;
    if (opts)
        r->opt = *opts;
    else
        cs_render_options_init(&r->opt);
    cs_render_options_t *o = &r->opt;
    r->title = g_strdup(o->title ? o->title : "");
    r->source = g_strdup(o->source_line ? o->source_line
                                        : CS_DEFAULT_SOURCE_LINE);
    o->title = r->title;
    o->source_line = r->source;
    r->lang = g_strdup(o->lang && *o->lang ? o->lang : "en");
    o->lang = r->lang;
    /* the sentence frames, copied string by string (the struct is
     * nothing but strings) */
    G_STATIC_ASSERT(sizeof(cs_describe_words_t) % sizeof(const char *) == 0);
    if (o->words)
        r->words = *o->words;
    else
        cs_describe_words_init(&r->words);
    r->word_strings = g_ptr_array_new_with_free_func(g_free);
    for (const char **f = (const char **)&r->words;
         f < (const char **)(&r->words + 1); f++) {
        *f = g_strdup(*f ? *f : "");
        g_ptr_array_add(r->word_strings, (char *)*f);
    }
    o->words = &r->words;
    cs_text_style_t *styles[7] = {&o->labels.kpi,   &o->labels.group,
                                  &o->labels.dimension, &o->labels.name,
                                  &o->labels.title, &o->labels.legend,
                                  &o->labels.source};
    for (int i = 0; i < 7; i++) {
        if (!style_ok(styles[i])) {
            cs_renderer_free(r);
            return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                               "invalid %s label style",
                               cs_label_kind_name((cs_label_kind_t)i));
        }
        if (styles[i]->family && *styles[i]->family &&
            !cs_fonts_has_family(fonts, styles[i]->family)) {
            char *have = cs_fonts_families(fonts);
            cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                        "unknown font family '%s' for the %s labels (the "
                        "fonts have: %s)",
                        styles[i]->family,
                        cs_label_kind_name((cs_label_kind_t)i),
                        have ? have : "?");
            free(have);
            cs_renderer_free(r);
            return CS_ERR_INVALID;
        }
        r->families[i] = g_strdup(styles[i]->family);
        styles[i]->family = r->families[i];
    }
    if (!color_ok(o->background) || !color_ok(o->ink) ||
        !color_ok(o->separator) || !(o->ring_width >= 0) ||
        !(o->separator_width[0] >= 0) || !(o->separator_width[1] >= 0) ||
        !(o->separator_width[2] >= 0) || !(o->labels.ring_pad >= 0) ||
        !(o->hatch_width > 0 && o->hatch_width <= 20) ||
        !(o->hatch_spacing >= 1 && o->hatch_spacing <= 100) ||
        !hatches_ok(o->hatch)) {
        cs_renderer_free(r);
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "invalid colour or line width in the options");
    }
    if (*r->title && o->layout.title_height <= 0)
        o->layout.title_height = ceil(o->labels.title.size * 1.2 * 1.5);
    if (!*r->title)
        o->layout.title_height = 0;
    if (!*r->source)
        o->layout.source_height = 0;

    o->progress = o->progress ? 1 : 0;
    o->layout.legend_extra = o->progress;
    cs_text_ctx_t *c = cs_text_ctx_acquire(fonts);
    if (!c) {
        cs_renderer_free(r);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    size_t nk = cs_framework_kpi_count(fw);
    double *len = g_new0(double, nk ? nk : 1);
    double thick = 0, h;
    for (size_t i = 0; i < nk; i++) {
        cs_text_measure_ctx(c, cs_framework_get_kpi(fw, i)->label,
                            o->labels.kpi.family, o->labels.kpi.bold,
                            o->labels.kpi.size, &len[i], &h);
        thick = fmax(thick, h);
    }
    cs_status_t st = cs_layout_compute(fw, &o->layout, len, thick, &r->layout,
                                       diag);
    g_free(len);
    if (st == CS_OK) {
        r->labels = cs_labels_new(NULL);
        st = r->labels ? cs_labels_add_static(r->labels, c, r->layout, fw,
                                               bands, &o->labels, r->title,
                                               r->source,
                                               o->progress
                                                   ? r->words.legend_previous
                                                   : NULL,
                                               diag)
                       : cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                                     "out of memory");
    }
    cs_text_ctx_release(fonts, c);
    if (st != CS_OK) {
        cs_renderer_free(r);
        return st;
    }
    *out = r;
    return CS_OK;
}

void
cs_renderer_free(cs_renderer_t *r)
{
    if (!r)
        return;
    cs_labels_free(r->labels);
    cs_layout_free(r->layout);
    for (int i = 0; i < 7; i++)
        g_free(r->families[i]);
    g_free(r->title);
    g_free(r->source);
    g_free(r->lang);
    if (r->word_strings)
        g_ptr_array_free(r->word_strings, TRUE);
    g_free(r);
}

void
cs_renderer_size(const cs_renderer_t *r, double *width, double *height)
{
    cs_layout_canvas(r ? r->layout : NULL, width, height);
}

const cs_layout_t *
cs_renderer_layout(const cs_renderer_t *r)
{
    return r ? r->layout : NULL;
}

const cs_labels_t *
cs_renderer_shared_labels(const cs_renderer_t *r)
{
    return r ? r->labels : NULL;
}

cs_status_t
cs_renderer_city_labels_ctx(const cs_renderer_t *r, cs_text_ctx_t *c,
                            const char *name, int year, const char *note,
                            cs_labels_t **out, cs_diag_t *diag)
{
    cs_status_t lst = cs_text_check_length("the city name", name, diag);
    if (lst != CS_OK) {
        *out = NULL;
        return lst;
    }
    *out = cs_labels_new(r->labels);
    if (!*out)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* the year after the name, in the centre (the name label sets one
     * paragraph) */
    char *shown = year && name && *name ? g_strdup_printf("%s\n%d", name, year)
                  : year                ? g_strdup_printf("%d", year)
                                        : NULL;
    cs_status_t st = cs_labels_add_name(*out, c, r->layout, &r->opt.labels,
                                        shown ? shown : name, diag);
    g_free(shown);
    if (st == CS_OK && *r->source) /* beside a source line only */
        st = cs_labels_add_note(*out, c, r->layout, &r->opt.labels, note,
                                diag);
    if (st != CS_OK) {
        cs_labels_free(*out);
        *out = NULL;
    }
    return st;
}

cs_status_t
cs_renderer_city_labels(const cs_renderer_t *r, const char *name,
                        cs_labels_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_city_labels: NULL argument");
    cs_text_ctx_t *c = cs_text_ctx_acquire(r->fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_status_t st =
        cs_renderer_city_labels_ctx(r, c, name, 0, NULL, out, diag);
    cs_text_ctx_release(r->fonts, c);
    return st;
}

const cs_render_options_t *
cs_renderer_options(const cs_renderer_t *r)
{
    return &r->opt;
}

const cs_framework_t *
cs_renderer_framework(const cs_renderer_t *r)
{
    return r->fw;
}

const cs_bands_t *
cs_renderer_bands(const cs_renderer_t *r)
{
    return r->bands;
}

const cs_fonts_t *
cs_renderer_fonts(const cs_renderer_t *r)
{
    return r->fonts;
}
