/* SPDX-License-Identifier: MIT */
/*
 * The scene: what one city's wheel looks like, decided once. Every colour
 * rule lives here (through colour.c): a wedge's band, fill, hatch and
 * text colour, a label's colour, the lines' widths and colour, and the
 * texts read out for accessibility. Painters only carry it out.
 */
#include <citysnap/scene.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/describe.h>

#include "cs-private.h"
#include "describe-private.h"
#include "renderer-private.h"
#include "scene-private.h"
#include "score-private.h"
#include "text-private.h"

/* The band a wedge of @ring is coloured with (NULL @s: no data). */
static cs_band_t
wedge_band(const cs_scores_t *s, cs_ring_t ring, size_t i)
{
    if (!s)
        return CS_BAND_NODATA;
    switch (ring) {
    case CS_RING_KPI:
        return cs_scores_get_kpi(s, i)->band;
    case CS_RING_GROUP:
        return cs_scores_get_group(s, i)->band;
    case CS_RING_DIMENSION:
        return cs_scores_get_dimension(s, i)->band;
    }
    return CS_BAND_NODATA;
}

/* The one place a band's look is decided. */
cs_scene_paint_t
cs_scene_band_paint(const cs_renderer_t *r, cs_band_t band)
{
    const cs_render_options_t *o = &r->opt;
    cs_scene_paint_t p;
    p.fill = cs_bands_color(r->bands, band);
    p.text = cs_render_text_color(p.fill);
    p.hatch = o->hatch[band];
    p.hatch_color = cs_render_hatch_color(p.fill);
    p.hatch_width = o->hatch_width;
    p.hatch_spacing = o->hatch_spacing;
    return p;
}

static void
free_string(gpointer p)
{
    free(p);
}

/* The document title: the renderer's, else the named frame, else the
 * plain one. g_free(). */
static char *
doc_title(const cs_renderer_t *r, const char *name)
{
    const char *tkeys[] = {"name", NULL};
    const char *tvals[] = {name};
    char *named = name && *name
                      ? cs_describe_fill(r->words.title_named, tkeys, tvals)
                      : NULL;
    char *title = g_strdup(*r->title ? r->title
                           : named   ? named
                                     : r->words.title);
    free(named);
    return title;
}

static void
set_numbers(cs_scene_wedge_t *w, const cs_scores_t *s)
{
    w->value = w->target = w->percent = NAN;
    w->points = w->scored = 0;
    w->total = 1;
    if (w->geom.ring == CS_RING_KPI) {
        const cs_kpi_score_t *k = s ? cs_scores_get_kpi(s, w->geom.index)
                                    : NULL;
        if (k) {
            w->value = k->value;
            w->target = k->target;
            w->percent = k->percent;
            w->points = (unsigned)(k->points > 0 ? k->points : 0);
            w->scored = k->points > 0;
        }
        return;
    }
    const cs_agg_score_t *a =
        !s                                ? NULL
        : w->geom.ring == CS_RING_GROUP ? cs_scores_get_group(s, w->geom.index)
                                        : cs_scores_get_dimension(
                                              s, w->geom.index);
    w->total = 0;
    if (a) {
        w->percent = a->percent;
        w->points = a->points;
        w->scored = a->scored;
        w->total = a->total;
    }
}

/* Width of the previous band's strip along the KPI wedges' inner edge: a
 * sixth of the ring, and never thinner than 2.5 pt. */
static double
strip_width(const cs_layout_t *l)
{
    size_t first, n;
    first = cs_layout_ring_first(l, CS_RING_KPI, &n);
    if (!n)
        return 0;
    const cs_wedge_t *w = cs_layout_get_wedge(l, first);
    return fmax(2.5, 0.16 * (w->r1 - w->r0));
}

double
cs_paint_strip_width(const cs_renderer_t *r)
{
    return strip_width(r->layout);
}

/* Title, description and numbers of every wedge; with @prev, the KPI
 * wedges' previous bands. */
static cs_status_t
build_wedges(cs_scene_t *sc, const cs_scores_t *s,
             const cs_comparison_t *prev, cs_diag_t *diag)
{
    const cs_renderer_t *r = sc->r;
    const cs_layout_t *l = r->layout;
    const cs_framework_t *fw = r->fw;
    const cs_describe_words_t *words = &r->words;
    size_t n = cs_layout_wedge_count(l);
    sc->wedges = calloc(n ? n : 1, sizeof *sc->wedges);
    if (!sc->wedges)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    sc->n_wedges = n;
    for (int ring = 1; ring <= CS_RING_COUNT; ring++)
        sc->ring_first[ring] =
            cs_layout_ring_first(l, (cs_ring_t)ring, &sc->ring_n[ring]);
    for (size_t i = 0; i < n; i++) {
        cs_scene_wedge_t *w = &sc->wedges[i];
        w->geom = *cs_layout_get_wedge(l, i);
        w->band = wedge_band(s, w->geom.ring, w->geom.index);
        w->paint = sc->paint[w->band];
        w->prev_band = CS_BAND_NODATA;
        if (sc->progress && w->geom.ring == CS_RING_KPI) {
            const cs_kpi_change_t *k =
                prev ? cs_comparison_get_kpi(prev, w->geom.index) : NULL;
            if (k)
                w->prev_band = k->prev_band;
        }
        w->prev_paint = sc->paint[w->prev_band];
        set_numbers(w, s);
        char *desc;
        if (w->geom.ring == CS_RING_KPI) {
            const cs_kpi_t *k = cs_framework_get_kpi(fw, w->geom.index);
            w->code = k->code;
            w->title = k->label;
            desc = cs_describe_kpi_text(fw, r->bands, s, w->geom.index,
                                        words);
            /* with a comparison: the band at the previous verification */
            char *was = prev ? cs_describe_kpi_previous_text(
                                   r->bands, prev, w->geom.index, words)
                             : NULL;
            if (was && desc) {
                char *both = g_strconcat(desc, " ", was, NULL);
                free(desc);
                desc = strdup(both);
                g_free(both);
            }
            free(was);
        } else if (w->geom.ring == CS_RING_GROUP) {
            w->title = cs_framework_get_group(fw, w->geom.index)->name;
            desc = cs_describe_agg_cov(
                w->title, 0, s ? cs_scores_get_group(s, w->geom.index) : NULL,
                r->bands, words, cs_scores_min_coverage(s));
        } else {
            w->title = cs_framework_get_dimension(fw, w->geom.index)->name;
            desc = cs_describe_agg_cov(
                w->title, 1,
                s ? cs_scores_get_dimension(s, w->geom.index) : NULL,
                r->bands, words, cs_scores_min_coverage(s));
        }
        if (!desc)
            return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                               "out of memory");
        g_ptr_array_add(sc->strings, desc);
        w->desc = desc;
    }
    return CS_OK;
}

/* Separators in painting order: KPI lines first, so the wider group and
 * dimension lines are on top; a level of width 0 is not drawn. */
static cs_status_t
build_lines(cs_scene_t *sc, cs_diag_t *diag)
{
    const cs_render_options_t *o = &sc->r->opt;
    const cs_layout_t *l = sc->r->layout;
    cs_point_t c = cs_layout_centre(l);
    size_t ns = cs_layout_separator_count(l);
    sc->lines = calloc(ns ? ns : 1, sizeof *sc->lines);
    if (!sc->lines)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (int level = 3; level >= 1; level--) {
        double lw = o->separator_width[level - 1];
        if (lw <= 0)
            continue;
        cs_scene_stroke_t *st = &sc->strokes[sc->n_strokes++];
        st->level = level;
        st->width = lw;
        st->first = sc->n_lines;
        for (size_t i = 0; i < ns; i++) {
            const cs_separator_t *s = cs_layout_get_separator(l, i);
            if (s->level != level)
                continue;
            sc->lines[sc->n_lines++] = (cs_scene_line_t){
                cs_layout_polar(c, s->angle, s->r0),
                cs_layout_polar(c, s->angle, s->r1), level, lw};
        }
        st->count = sc->n_lines - st->first;
    }
    if (o->ring_width > 0)
        for (int k = 1; k <= 2; k++)
            sc->circles[sc->n_circles++] = (cs_scene_circle_t){
                c, cs_layout_radius(l, k), o->ring_width};
    if (sc->progress) {
        size_t first, n;
        first = cs_layout_ring_first(l, CS_RING_KPI, &n);
        sc->prog.strip = strip_width(l);
        /* the strips are parted from the wedges by a KPI separator */
        double lw = o->separator_width[2];
        if (lw > 0 && n) {
            const cs_wedge_t *w = cs_layout_get_wedge(l, first);
            sc->prog.ring_count = 1;
            sc->prog.ring =
                (cs_scene_circle_t){c, w->r0 + sc->prog.strip, lw};
        }
    }
    return CS_OK;
}

static void
build_legend(cs_scene_t *sc)
{
    const cs_renderer_t *r = sc->r;
    if (cs_layout_legend_box(r->layout).h <= 0)
        return; /* CS_LEGEND_NONE */
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(r->bands, order);
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_scene_swatch_t *sw = &sc->swatches[sc->n_swatches++];
        cs_layout_get_legend_entry(r->layout, i, &sw->rect, NULL);
        sw->band = order[i];
        sw->paint = sc->paint[order[i]];
        sw->label = cs_bands_label(r->bands, order[i]);
    }
    if (sc->progress) {
        /* a wedge in small: the best band as its body, the middle one as
         * its strip (the inner edge, at the bottom) */
        cs_scene_progress_t *p = &sc->prog;
        p->key_count = 1;
        cs_layout_get_legend_entry(r->layout, CS_BAND_COUNT, &p->key, NULL);
        p->key_now = sc->paint[order[0]];
        p->key_before = sc->paint[order[2]];
        p->key_strip = p->key.h * 0.35;
        p->key_line_width = fmax(r->opt.separator_width[2], 0.5);
    }
}

/* Each label's colour: the text colour of the wedge under it, else the
 * ink. */
static cs_status_t
build_labels(cs_scene_t *sc, cs_diag_t *diag)
{
    size_t n = cs_labels_count(sc->labels);
    sc->items = calloc(n ? n : 1, sizeof *sc->items);
    if (!sc->items)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(sc->labels, i);
        size_t idx;
        int ring = cs_label_on_ring(l, &idx);
        const cs_scene_wedge_t *w =
            ring ? cs_scene_find_wedge(sc, (cs_ring_t)ring, idx) : NULL;
        sc->items[i].label = l;
        sc->items[i].color = w ? w->paint.text : sc->r->opt.ink;
    }
    sc->n_items = n;
    return CS_OK;
}

/* Each dimension's and group's coverage ("13 / 51") as a second label in
 * its wedge, where it fits whole; the note under the legend says what the
 * numbers mean. */
static cs_status_t
add_counts(cs_scene_t *sc, cs_text_ctx_t *c, cs_diag_t *diag)
{
    static const int rings[] = {CS_RING_DIMENSION, CS_RING_GROUP};
    const cs_renderer_t *r = sc->r;
    cs_status_t st = CS_OK;
    for (size_t k = 0; k < G_N_ELEMENTS(rings) && st == CS_OK; k++) {
        for (size_t i = 0; i < sc->n_wedges && st == CS_OK; i++) {
            const cs_scene_wedge_t *w = &sc->wedges[i];
            if ((int)w->geom.ring != rings[k] || !w->total)
                continue;
            char *t = g_strdup_printf("%u / %u", (unsigned)w->scored,
                                      (unsigned)w->total);
            int placed;
            st = cs_labels_add_count(sc->labels, c, r->layout,
                                     &r->opt.labels, rings[k], w->geom.index,
                                     t, &placed, diag);
            g_free(t);
        }
    }
    return st;
}

/* Whether @prev compares scores of @fw's shape (one change per KPI). */
static int
comparison_matches(const cs_comparison_t *prev, const cs_framework_t *fw)
{
    size_t nk = cs_framework_kpi_count(fw);
    return nk && cs_comparison_get_kpi(prev, nk - 1) &&
           !cs_comparison_get_kpi(prev, nk);
}

cs_status_t
cs_scene_build_ctx(const cs_renderer_t *r, cs_text_ctx_t *c,
                   const cs_scores_t *scores, const cs_comparison_t *previous,
                   const char *name, int year, cs_scene_t **out,
                   cs_diag_t *diag)
{
    *out = NULL;
    if (scores && !cs_scores_match(scores, r->fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, CS_SCORES_MISMATCH);
    if (previous && !comparison_matches(previous, r->fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "the comparison was made with another framework");
    cs_scene_t *sc = calloc(1, sizeof *sc);
    if (!sc)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    sc->r = r;
    sc->progress = r->opt.progress;
    sc->strings = g_ptr_array_new_with_free_func(free_string);
    sc->name = g_strdup(name ? name : "");
    sc->title = doc_title(r, name);
    sc->summary =
        cs_describe_summary_text(r->fw, r->bands, scores, name, &r->words);
    for (int b = 0; b < CS_BAND_COUNT; b++)
        sc->paint[b] = cs_scene_band_paint(r, (cs_band_t)b);
    cs_status_t st = sc->summary ? CS_OK
                                 : cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0,
                                               0, "out of memory");
    if (st == CS_OK)
        st = build_wedges(sc, scores, previous, diag);
    if (st == CS_OK)
        st = build_lines(sc, diag);
    if (st == CS_OK) {
        build_legend(sc);
        /* where the colours come from, for this city's scores */
        char *note = scores ? cs_describe_colours_text(scores, &r->words)
                            : NULL;
        char *shown = note && r->words.coverage_rings &&
                              *r->words.coverage_rings
                          ? g_strdup_printf("%s %s", note,
                                            r->words.coverage_rings)
                          : NULL;
        st = cs_renderer_city_labels_ctx(r, c, name, year,
                                         shown ? shown : note, &sc->labels,
                                         diag);
        g_free(shown);
        free(note);
        if (st == CS_OK && scores)
            st = add_counts(sc, c, diag);
    }
    if (st == CS_OK)
        st = build_labels(sc, diag);
    if (st != CS_OK) {
        cs_scene_free(sc);
        return st;
    }
    *out = sc;
    return CS_OK;
}

cs_status_t
cs_scene_new(const cs_renderer_t *r, const cs_scores_t *scores,
             const cs_comparison_t *previous, const char *name,
             cs_scene_t **out, cs_diag_t *diag)
{
    return cs_scene_new_year(r, scores, previous, name, 0, out, diag);
}

cs_status_t
cs_scene_new_year(const cs_renderer_t *r, const cs_scores_t *scores,
                  const cs_comparison_t *previous, const char *name,
                  int year, cs_scene_t **out, cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_scene_new: NULL argument");
    cs_text_ctx_t *c = cs_text_ctx_acquire(r->fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_status_t st =
        cs_scene_build_ctx(r, c, scores, previous, name, year, out, diag);
    cs_text_ctx_release(r->fonts, c);
    return st;
}

void
cs_scene_free(cs_scene_t *s)
{
    if (!s)
        return;
    cs_labels_free(s->labels);
    free(s->items);
    free(s->lines);
    free(s->wedges);
    if (s->strings)
        g_ptr_array_free(s->strings, TRUE);
    g_free(s->name);
    g_free(s->title);
    free(s->summary);
    free(s);
}
