/* SPDX-License-Identifier: MIT */
/* The label list: kinds and styles, shared and per-city labels, their
 * layouts, checking and the golden dump. */
#include <citysnap/text.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "cs-private.h"
#include "labels-private.h"
#include "layout-private.h"

static atomic_uint_fast64_t next_serial = 1;

const char *
cs_label_kind_name(cs_label_kind_t k)
{
    static const char *const names[] = {"kpi",   "group",  "dimension",
                                        "name",  "title",  "legend",
                                        "source"};
    return (unsigned)k < CS_LABEL_KIND_COUNT ? names[k] : NULL;
}

void
cs_label_styles_init(cs_label_styles_t *s)
{
    if (!s)
        return;
    memset(s, 0, sizeof *s);
    s->kpi = (cs_text_style_t){NULL, 0, 7.5, 5.0, 2};
    s->group = (cs_text_style_t){NULL, 1, 7.5, 6.5, 2};
    s->dimension = (cs_text_style_t){NULL, 1, 11.0, 7.0, 1};
    s->name = (cs_text_style_t){NULL, 1, 18.0, 8.0, 2};
    s->title = (cs_text_style_t){NULL, 1, 15.0, 9.0, 2};
    s->legend = (cs_text_style_t){NULL, 0, 8.0, 6.0, 1};
    s->source = (cs_text_style_t){NULL, 0, 7.0, 5.0, 2};
    s->ring_pad = 3.0;
}

cs_labels_t *
cs_labels_new(const cs_labels_t *parent)
{
    cs_labels_t *ls = calloc(1, sizeof *ls);
    if (ls)
        ls->parent = parent;
    return ls;
}

static void
impl_free(label_impl *L)
{
    if (!L)
        return;
    g_free(L->text);
    g_free(L->shown);
    g_free(L->family);
    g_free(L->boxes);
    g_free(L);
}

void
cs_labels_free(cs_labels_t *ls)
{
    if (!ls)
        return;
    for (size_t i = 0; i < ls->n; i++)
        impl_free(ls->items[i]);
    free(ls->items);
    free(ls);
}

size_t
cs_labels_count(const cs_labels_t *ls)
{
    if (!ls)
        return 0;
    return ls->n + cs_labels_count(ls->parent);
}

const cs_label_t *
cs_labels_get(const cs_labels_t *ls, size_t i)
{
    if (!ls)
        return NULL;
    size_t np = cs_labels_count(ls->parent);
    if (i < np)
        return cs_labels_get(ls->parent, i);
    i -= np;
    return i < ls->n ? &ls->items[i]->pub : NULL;
}

size_t
cs_labels_count_outcome(const cs_labels_t *ls, cs_fit_outcome_t o)
{
    size_t n = 0, total = cs_labels_count(ls);
    for (size_t i = 0; i < total; i++)
        if (cs_labels_get(ls, i)->outcome == o)
            n++;
    return n;
}

cs_fit_outcome_t
cs_labels_worst(const cs_labels_t *ls)
{
    cs_fit_outcome_t w = CS_FIT_OK;
    size_t total = cs_labels_count(ls);
    for (size_t i = 0; i < total; i++)
        if (cs_labels_get(ls, i)->outcome > w)
            w = cs_labels_get(ls, i)->outcome;
    return w;
}

int
cs_label_on_ring(const cs_label_t *l, size_t *index)
{
    const label_impl *L = cs_label_impl_of(l);
    if (index)
        *index = L->wedge;
    return L->ring;
}

cs_status_t
cs_labels_push(cs_labels_t *ls, label_impl *L, cs_diag_t *diag)
{
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 64;
        label_impl **items = realloc(ls->items, cap * sizeof *items);
        if (!items) {
            impl_free(L);
            return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                               "out of memory");
        }
        ls->items = items;
        ls->cap = cap;
    }
    L->pub.text = L->text;
    L->pub.shown = L->shown;
    L->pub.boxes = L->boxes;
    ls->items[ls->n++] = L;
    return CS_OK;
}

/* The label's layout (g_object_unref() it); a shared label's comes from
 * @c's cache. The layout depends only on fields fixed before placement
 * needs it (text, font, size, lines, alignment). */
PangoLayout *
cs_label_layout(cs_text_ctx_t *c, const label_impl *L)
{
    if (L->shared) {
        PangoLayout *hit = g_hash_table_lookup(c->layouts, &L->serial);
        if (hit)
            return g_object_ref(hit);
    }
    PangoLayout *lay = pango_layout_new(c->pc);
    cs_text_setup_layout(lay, L->family, L->bold, L->pub.size, L->shown,
                         L->ellipsize, L->pub.lines);
    pango_layout_set_alignment(lay, L->align);
    if (L->shared) {
        if (g_hash_table_size(c->layouts) >= LAYOUTS_MAX)
            g_hash_table_remove_all(c->layouts);
        guint64 *k = g_new(guint64, 1);
        *k = L->serial;
        g_hash_table_insert(c->layouts, k, g_object_ref(lay));
    }
    return lay;
}

/* Starts a label from a fit. */
label_impl *
cs_label_from_fit(cs_label_kind_t kind, size_t index, const char *text,
                  const cs_text_style_t *st, cs_text_fit_t *fit)
{
    label_impl *L = g_new0(label_impl, 1);
    L->pub.kind = kind;
    L->pub.index = index;
    L->text = cs_text_clean(text);
    L->shown = g_strdup(fit->shown);
    L->family = g_strdup(st->family);
    L->bold = st->bold;
    L->ellipsize = fit->ellipsize;
    L->pub.outcome = fit->outcome;
    L->pub.size = fit->size;
    L->pub.pref_size = st->size;
    L->pub.lines = fit->lines;
    L->shared = 1; /* (not the city name: cs_labels_add_name) */
    L->serial = atomic_fetch_add(&next_serial, 1);
    return L;
}

cs_status_t
cs_labels_check(const cs_labels_t *ls, cs_rect_t canvas, double tol,
                cs_diag_t *diag)
{
    if (!ls)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_labels_check: NULL argument");
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *a = cs_labels_get(ls, i);
        for (size_t k = 0; k < a->n_boxes; k++) {
            if (!cs_layout_quad_inside(&a->boxes[k], canvas, tol))
                return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                                   "%s label %zu \"%s\" leaves the canvas",
                                   cs_label_kind_name(a->kind), a->index,
                                   a->text);
        }
        for (size_t j = i + 1; j < n; j++) {
            const cs_label_t *b = cs_labels_get(ls, j);
            for (size_t k = 0; k < a->n_boxes; k++) {
                for (size_t m = 0; m < b->n_boxes; m++) {
                    if (cs_layout_quad_overlap(&a->boxes[k], &b->boxes[m],
                                               tol))
                        return cs_diag_add(
                            diag, CS_ERR_INVALID, NULL, 0, 0,
                            "%s label %zu \"%s\" overlaps %s label %zu "
                            "\"%s\"",
                            cs_label_kind_name(a->kind), a->index, a->text,
                            cs_label_kind_name(b->kind), b->index, b->text);
                }
            }
        }
    }
    return CS_OK;
}

static void
dump_string(GString *s, const char *t)
{
    g_string_append_c(s, '"');
    for (const char *p = t; *p; p++) {
        if (*p == '\n')
            g_string_append(s, "\\n");
        else if (*p == '"' || *p == '\\') {
            g_string_append_c(s, '\\');
            g_string_append_c(s, *p);
        } else
            g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}

char *
cs_labels_dump(const cs_labels_t *ls)
{
    static const char *const modes[] = {"flat", "radial", "arc"};
    if (!ls)
        return NULL;
    GString *s = g_string_new("labels\n");
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        const label_impl *L = cs_label_impl_of(l);
        g_string_append_printf(s, "label %s %zu %s%s %s size",
                               cs_label_kind_name(l->kind), l->index,
                               modes[l->mode], l->fallback ? "(fallback)" : "",
                               cs_fit_outcome_name(l->outcome));
        cs_dump_nums(s, &l->size, 1);
        g_string_append_printf(s, " lines %d ", l->lines);
        dump_string(s, l->text);
        if (strcmp(l->text, l->shown) != 0) {
            g_string_append(s, " shown ");
            dump_string(s, l->shown);
        }
        g_string_append_c(s, '\n');
        if (l->mode == CS_LABEL_ARC) {
            for (int k = 0; k < l->lines && k < 2; k++) {
                g_string_append_printf(s, "  arc %d r", k);
                double v[3] = {L->r_line[k], L->arc_from[k] * 180 / G_PI,
                               L->arc_to[k] * 180 / G_PI};
                cs_dump_nums(s, v, 3);
                g_string_append_c(s, '\n');
            }
            g_string_append_printf(s, "  glyph_boxes %zu\n", l->n_boxes);
        } else {
            for (size_t k = 0; k < l->n_boxes; k++) {
                g_string_append(s, "  box");
                for (int c = 0; c < 4; c++) {
                    double v[2] = {l->boxes[k].p[c].x, l->boxes[k].p[c].y};
                    cs_dump_nums(s, v, 2);
                }
                g_string_append_c(s, '\n');
            }
        }
    }
    return cs_dump_finish(s);
}
