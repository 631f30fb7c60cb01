/* SPDX-License-Identifier: MIT */
/* The scene's accessors: what painters read. */
#include <citysnap/scene.h>

#include <math.h>

#include "renderer-private.h"
#include "scene-private.h"

cs_labels_t *
cs_scene_take_labels(cs_scene_t *s)
{
    cs_labels_t *ls = s->labels;
    s->labels = NULL;
    s->n_items = 0;
    return ls;
}

const cs_fonts_t *
cs_scene_fonts(const cs_scene_t *s)
{
    return s->r->fonts;
}

const cs_renderer_t *
cs_scene_renderer(const cs_scene_t *s)
{
    return s ? s->r : NULL;
}

void
cs_scene_size(const cs_scene_t *s, double *width, double *height)
{
    double w = 0, h = 0;
    if (s)
        cs_layout_canvas(s->r->layout, &w, &h);
    if (width)
        *width = w;
    if (height)
        *height = h;
}

cs_point_t
cs_scene_centre(const cs_scene_t *s)
{
    return s ? cs_layout_centre(s->r->layout) : (cs_point_t){NAN, NAN};
}

cs_rgb_t
cs_scene_background(const cs_scene_t *s)
{
    return s ? s->r->opt.background : (cs_rgb_t){0, 0, 0};
}

cs_rgb_t
cs_scene_ink(const cs_scene_t *s)
{
    return s ? s->r->opt.ink : (cs_rgb_t){0, 0, 0};
}

cs_rgb_t
cs_scene_line_color(const cs_scene_t *s)
{
    return s ? s->r->opt.separator : (cs_rgb_t){0, 0, 0};
}

const char *
cs_scene_name(const cs_scene_t *s)
{
    return s ? s->name : NULL;
}

const char *
cs_scene_title(const cs_scene_t *s)
{
    return s ? s->title : NULL;
}

const char *
cs_scene_summary(const cs_scene_t *s)
{
    return s ? s->summary : NULL;
}

const char *
cs_scene_lang(const cs_scene_t *s)
{
    return s ? s->r->lang : NULL;
}

const cs_scene_paint_t *
cs_scene_get_band_paint(const cs_scene_t *s, cs_band_t band)
{
    return s && (int)band >= 0 && band < CS_BAND_COUNT ? &s->paint[band]
                                                       : NULL;
}

size_t
cs_scene_wedge_count(const cs_scene_t *s)
{
    return s ? s->n_wedges : 0;
}

const cs_scene_wedge_t *
cs_scene_get_wedge(const cs_scene_t *s, size_t i)
{
    return s && i < s->n_wedges ? &s->wedges[i] : NULL;
}

const cs_scene_wedge_t *
cs_scene_find_wedge(const cs_scene_t *s, cs_ring_t ring, size_t index)
{
    if (!s || (int)ring < 1 || ring > CS_RING_COUNT)
        return NULL;
    size_t first = s->ring_first[ring], n = s->ring_n[ring];
    /* a ring's wedges are in framework order, one per item */
    if (index < n && s->wedges[first + index].geom.index == index)
        return &s->wedges[first + index];
    for (size_t i = 0; i < n; i++)
        if (s->wedges[first + i].geom.index == index)
            return &s->wedges[first + i];
    return NULL;
}

size_t
cs_scene_line_count(const cs_scene_t *s)
{
    return s ? s->n_lines : 0;
}

const cs_scene_line_t *
cs_scene_get_line(const cs_scene_t *s, size_t i)
{
    return s && i < s->n_lines ? &s->lines[i] : NULL;
}

size_t
cs_scene_stroke_count(const cs_scene_t *s)
{
    return s ? s->n_strokes : 0;
}

const cs_scene_stroke_t *
cs_scene_get_stroke(const cs_scene_t *s, size_t i)
{
    return s && i < s->n_strokes ? &s->strokes[i] : NULL;
}

size_t
cs_scene_circle_count(const cs_scene_t *s)
{
    return s ? s->n_circles : 0;
}

const cs_scene_circle_t *
cs_scene_get_circle(const cs_scene_t *s, size_t i)
{
    return s && i < s->n_circles ? &s->circles[i] : NULL;
}

size_t
cs_scene_swatch_count(const cs_scene_t *s)
{
    return s ? s->n_swatches : 0;
}

const cs_scene_swatch_t *
cs_scene_get_swatch(const cs_scene_t *s, size_t i)
{
    return s && i < s->n_swatches ? &s->swatches[i] : NULL;
}

const cs_scene_progress_t *
cs_scene_get_progress(const cs_scene_t *s)
{
    return s && s->progress ? &s->prog : NULL;
}

size_t
cs_scene_label_count(const cs_scene_t *s)
{
    return s ? s->n_items : 0;
}

const cs_scene_label_t *
cs_scene_get_label(const cs_scene_t *s, size_t i)
{
    return s && i < s->n_items ? &s->items[i] : NULL;
}

const cs_labels_t *
cs_scene_labels(const cs_scene_t *s)
{
    return s ? s->labels : NULL;
}
