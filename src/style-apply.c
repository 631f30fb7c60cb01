/* SPDX-License-Identifier: MIT */
/* Checks a style's values and applies its keys to render options. */
#include <citysnap/style.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "bands-private.h"
#include "cs-private.h"
#include "cs-gettext.h"
#include "csv-private.h"
#include "layout-private.h"
#include "style-private.h"

static const char *const kinds[7] = {"kpi",  "group",  "dimension", "name",
                                     "title", "legend", "source"};

/* ---- values --------------------------------------------------------------- */

static void CS_PRINTF(3, 4)
bad(cs_style_ctx_t *c, const cs_style_entry_t *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(cs_gettext(fmt), ap);
    va_end(ap);
    if (e)
        cs_diag_add(c->diag, CS_ERR_PARSE, c->file, e->line, 0,
                    "[%s] %s: %s", e->group, e->key, m);
    else
        cs_diag_add(c->diag, CS_ERR_PARSE, c->file, 0, 0, "%s", m);
    c->errors++;
    g_free(m);
}

static int
num(cs_style_ctx_t *c, const cs_style_entry_t *e, double lo, double hi,
    double *out)
{
    /* numbers follow the data files' rule: decimal only (no hexadecimal,
     * nan, inf or overflow) */
    double d = 0;
    const char *why = NULL;
    if (cs_csv_parse_number(e->value, 0, &d, &why)) {
        if (why && strstr(why, "out of range"))
            bad(c, e, "'%s' is not a number: %s", e->value, why);
        else
            bad(c, e, "'%s' is not a number (write it in decimal, e.g. 12.5)",
                e->value);
        return -1;
    }
    if (d < lo || d > hi) {
        bad(c, e, "%s is out of range (%g to %g)", e->value, lo, hi);
        return -1;
    }
    *out = d;
    return 0;
}

static int
boolean(cs_style_ctx_t *c, const cs_style_entry_t *e, int *out)
{
    if (!g_ascii_strcasecmp(e->value, "true") ||
        !strcmp(e->value, "1")) {
        *out = 1;
        return 0;
    }
    if (!g_ascii_strcasecmp(e->value, "false") ||
        !strcmp(e->value, "0")) {
        *out = 0;
        return 0;
    }
    bad(c, e, "'%s' is not true or false", e->value);
    return -1;
}

static int
hexval(char ch)
{
    return g_ascii_xdigit_value(ch);
}

static int
colour(cs_style_ctx_t *c, const cs_style_entry_t *e, cs_rgb_t *out)
{
    const char *v = e->value;
    size_t n = strlen(v);
    int ok = v[0] == '#' && (n == 7 || n == 4);
    for (size_t i = 1; ok && i < n; i++)
        ok = hexval(v[i]) >= 0;
    if (!ok) {
        bad(c, e, "'%s' is not a colour (#rrggbb)", v);
        return -1;
    }
    int k[3];
    for (int i = 0; i < 3; i++)
        k[i] = n == 7 ? hexval(v[1 + 2 * i]) * 16 + hexval(v[2 + 2 * i])
                      : hexval(v[1 + i]) * 17;
    *out = (cs_rgb_t){k[0] / 255.0, k[1] / 255.0, k[2] / 255.0};
    return 0;
}

/* ---- applying ------------------------------------------------------------- */

static cs_text_style_t *
kind_style(cs_render_options_t *o, int k)
{
    cs_text_style_t *s[7] = {&o->labels.kpi,   &o->labels.group,
                             &o->labels.dimension, &o->labels.name,
                             &o->labels.title, &o->labels.legend,
                             &o->labels.source};
    return s[k];
}

static int
kind_index(const char *g)
{
    for (int i = 0; i < 7; i++)
        if (!strcmp(g, kinds[i]))
            return i;
    return -1;
}

/* Sets one key on @o (and the band colours on @st); 0, or -1 after
 * reporting. */
static int
apply_entry(cs_style_ctx_t *c, cs_style_t *st, const cs_style_entry_t *e,
            cs_render_options_t *o)
{
    const char *g = e->group, *k = e->key;
    double d;
    int b;
    int ki = kind_index(g);
    if (ki >= 0) {
        cs_text_style_t *ts = kind_style(o, ki);
        if (!strcmp(k, "family")) {
            ts->family = *e->value ? e->value : NULL;
            return 0;
        }
        if (!strcmp(k, "bold")) {
            if (boolean(c, e, &b))
                return -1;
            ts->bold = b;
            return 0;
        }
        if (!strcmp(k, "size")) {
            if (num(c, e, 1, 200, &d))
                return -1;
            ts->size = d;
            return 0;
        }
        if (!strcmp(k, "min-size")) {
            if (num(c, e, 1, 200, &d))
                return -1;
            ts->min_size = d;
            return 0;
        }
        if (!strcmp(k, "lines")) {
            if (num(c, e, 1, 2, &d))
                return -1;
            if (d != floor(d)) {
                bad(c, e, "lines must be 1 or 2");
                return -1;
            }
            ts->max_lines = (int)d;
            return 0;
        }
    }
    if (!strcmp(g, "style")) {
        if (!strcmp(k, "name") || !strcmp(k, "description"))
            return 0;
    } else if (!strcmp(g, "fonts")) {
        if (!strcmp(k, "family")) {
            if (!*e->value) {
                bad(c, e, "empty font family");
                return -1;
            }
            for (int i = 0; i < 7; i++)
                kind_style(o, i)->family = e->value;
            return 0;
        }
    } else if (!strcmp(g, "colours")) {
        cs_rgb_t *t = !strcmp(k, "background") ? &o->background
                      : !strcmp(k, "ink")      ? &o->ink
                      : !strcmp(k, "separator") ? &o->separator
                                                : NULL;
        if (t)
            return colour(c, e, t);
    } else if (!strcmp(g, "bands")) {
        cs_band_t band;
        if (!cs_band_from_key(k, &band, NULL)) {
            cs_rgb_t rgb;
            if (colour(c, e, &rgb))
                return -1;
            if (st) {
                st->band[band] = rgb;
                st->band_set[band] = 1;
            }
            return 0;
        }
    } else if (!strcmp(g, "hatch")) {
        cs_band_t band;
        if (!cs_band_from_key(k, &band, NULL)) {
            cs_hatch_t h;
            if (cs_hatch_from_name(e->value, &h, NULL)) {
                bad(c, e,
                    "unknown hatch '%s' (none, diagonal, backdiagonal, "
                    "cross, horizontal, vertical, dots)",
                    e->value);
                return -1;
            }
            o->hatch[band] = h;
            return 0;
        }
        if (!strcmp(k, "width"))
            return num(c, e, 0.05, 20, &o->hatch_width);
        if (!strcmp(k, "spacing"))
            return num(c, e, 1, 100, &o->hatch_spacing);
    } else if (!strcmp(g, "rings")) {
        cs_layout_params_t *p = &o->layout;
        if (!strcmp(k, "hole"))
            return num(c, e, 0, 0.95, &p->f_hole);
        if (!strcmp(k, "ring1"))
            return num(c, e, 0.01, 0.98, &p->f_ring1);
        if (!strcmp(k, "ring2"))
            return num(c, e, 0.02, 0.99, &p->f_ring2);
        if (!strcmp(k, "outer-min"))
            return num(c, e, 0.05, 1, &p->r_outer_min);
        if (!strcmp(k, "outer-max"))
            return num(c, e, 0.05, 1, &p->r_outer_max);
        if (!strcmp(k, "label-gap"))
            return num(c, e, 0, 100, &p->label_gap);
        if (!strcmp(k, "label-pad"))
            return num(c, e, 0, 50, &p->label_pad);
        if (!strcmp(k, "ring-pad"))
            return num(c, e, 0, 50, &o->labels.ring_pad);
    } else if (!strcmp(g, "separators")) {
        double *t = !strcmp(k, "dimension") ? &o->separator_width[0]
                    : !strcmp(k, "group")   ? &o->separator_width[1]
                    : !strcmp(k, "kpi")     ? &o->separator_width[2]
                    : !strcmp(k, "ring")    ? &o->ring_width
                                            : NULL;
        if (t)
            return num(c, e, 0, 50, t);
    } else if (!strcmp(g, "page")) {
        if (!strcmp(k, "width"))
            return num(c, e, 100, 10000, &o->layout.width);
        if (!strcmp(k, "margin"))
            return num(c, e, 0, 1000, &o->layout.margin);
    } else if (!strcmp(g, "legend")) {
        if (!strcmp(k, "position")) {
            cs_legend_position_t pos;
            if (cs_legend_position_from_name(e->value, &pos, NULL) ==
                CS_OK) {
                o->layout.legend_position = pos;
                return 0;
            }
            bad(c, e, "position '%s' must be bottom, right or none",
                e->value);
            return -1;
        }
        if (!strcmp(k, "width"))
            return num(c, e, 40, 2000, &o->layout.legend_width);
        if (!strcmp(k, "row"))
            return num(c, e, 4, 200, &o->layout.legend_row);
        if (!strcmp(k, "swatch"))
            return num(c, e, 1, 200, &o->layout.legend_swatch);
        if (!strcmp(k, "gap"))
            return num(c, e, 0, 200, &o->layout.band_gap);
    } else if (!strcmp(g, "coverage")) {
        if (!strcmp(k, "min")) {
            if (num(c, e, 0, 100, &d))
                return -1;
            if (st) {
                st->min_coverage = d;
                st->min_coverage_set = 1;
            }
            return 0;
        }
    } else if (!strcmp(g, "source")) {
        if (!strcmp(k, "line")) {
            glong n = g_utf8_strlen(e->value, -1);
            if (n > (glong)CS_RENDER_MAX_TEXT_CHARS) {
                bad(c, e, "the line is %ld characters long, more than the "
                          "limit of %u",
                    (long)n, CS_RENDER_MAX_TEXT_CHARS);
                return -1;
            }
            o->source_line = e->value;
            return 0;
        }
        if (!strcmp(k, "height"))
            return num(c, e, 0, 500, &o->layout.source_height);
    } else if (ki < 0) {
        bad(c, e, "unknown group [%s]", g);
        return -1;
    }
    bad(c, e, "unknown key '%s' in [%s]", k, g);
    return -1;
}

const cs_style_entry_t *
cs_style_find(const cs_style_t *s, const char *group, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->e[i].group, group) && !strcmp(s->e[i].key, key))
            return &s->e[i];
    return NULL;
}

/* Pass 0: [fonts]; pass 1: the rest (so per-kind families win). */
void
cs_style_apply_all(cs_style_ctx_t *c, cs_style_t *s, cs_render_options_t *o)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < s->n; i++)
            if ((pass == 0) == !strcmp(s->e[i].group, "fonts"))
                apply_entry(c, s, &s->e[i], o);
}

/* The keys behind each layout parameter that cs_layout_params_problem()
 * names, and the rule in words. */
static const struct {
    const char *param;
    const char *keys[2][2]; /* {group, key}; the second may be NULL */
    const char *rule;
} layout_keys[] = {
    {"width", {{"page", "width"}, {NULL, NULL}},
     "[page] width must be 50 to 100000"},
    {"margin", {{"page", "margin"}, {"page", "width"}},
     "[page] margin must be less than a quarter of [page] width"},
    {"title_height", {{"title", "size"}, {"page", "width"}},
     "a title line (1.8 x [title] size) must fit in [page] width"},
    {"legend_row", {{"legend", "row"}, {"page", "width"}},
     "[legend] row must be at most a quarter of [page] width"},
    {"legend_swatch", {{"legend", "swatch"}, {"legend", "row"}},
     "[legend] swatch must be at most [legend] row"},
    {"source_height", {{"source", "height"}, {"page", "width"}},
     "[source] height must be at most half of [page] width"},
    {"band_gap", {{"legend", "gap"}, {"page", "width"}},
     "[legend] gap must be at most a quarter of [page] width"},
    {"label_gap", {{"rings", "label-gap"}, {"page", "width"}},
     "[rings] label-gap must be at most a quarter of [page] width"},
    {"label_pad", {{"rings", "label-pad"}, {"page", "width"}},
     "[rings] label-pad must be at most a quarter of [page] width"},
    {"legend_width (40 to the canvas width)",
     {{"legend", "width"}, {"page", "width"}},
     "[legend] width must be 40 to [page] width"},
};

/* The layout the style makes must be one cs_layout_compute() accepts:
 * checked here, at the line of the later key involved, so that a style
 * never fails later as if the command line were wrong. A title and a
 * right legend are assumed when the style sizes them, as the command line
 * may add them. */
static void
layout_check(cs_style_ctx_t *c, const cs_style_t *s,
             const cs_render_options_t *o)
{
    cs_layout_params_t p = o->layout;
    if (p.title_height <= 0)
        p.title_height = ceil(o->labels.title.size * 1.2 * 1.5);
    if (cs_style_find(s, "legend", "width"))
        p.legend_position = CS_LEGEND_RIGHT;
    const char *what = cs_layout_params_problem(&p);
    if (!what)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(layout_keys); i++) {
        if (strcmp(layout_keys[i].param, what))
            continue;
        const cs_style_entry_t *e = NULL, *other = NULL;
        for (int k = 0; k < 2 && layout_keys[i].keys[k][0]; k++) {
            const cs_style_entry_t *f =
                cs_style_find(s, layout_keys[i].keys[k][0],
                              layout_keys[i].keys[k][1]);
            if (f && (!e || f->line > e->line)) {
                other = e;
                e = f;
            } else if (f) {
                other = f;
            }
        }
        if (!e)
            break;
        if (other)
            bad(c, e, "%s does not fit with [%s] %s = %s (line %u): %s",
                e->value, other->group, other->key, other->value,
                other->line, layout_keys[i].rule);
        else
            bad(c, e, "%s does not fit the default layout: %s", e->value,
                layout_keys[i].rule);
        return;
    }
    bad(c, NULL, "the layout values do not fit together (%s)", what);
}

/* Checks that need several keys; reported at the line of the later key. */
void
cs_style_cross_checks(cs_style_ctx_t *c, const cs_style_t *s,
                      const cs_render_options_t *o)
{
    for (int i = 0; i < 7; i++) {
        const cs_text_style_t *ts = kind_style((cs_render_options_t *)o, i);
        if (ts->min_size > ts->size) {
            const cs_style_entry_t *a = cs_style_find(s, kinds[i], "min-size");
            const cs_style_entry_t *b = cs_style_find(s, kinds[i], "size");
            const cs_style_entry_t *e = a && (!b || a->line > b->line) ? a : b;
            bad(c, e, "min-size %g is larger than size %g", ts->min_size,
                ts->size);
        }
    }
    const cs_layout_params_t *p = &o->layout;
    if (!(p->f_hole < p->f_ring1 && p->f_ring1 < p->f_ring2 &&
          p->f_ring2 < 1)) {
        const cs_style_entry_t *e = cs_style_find(s, "rings", "ring2");
        if (!e)
            e = cs_style_find(s, "rings", "ring1");
        if (!e)
            e = cs_style_find(s, "rings", "hole");
        bad(c, e, "ring radii must grow: hole %g < ring1 %g < ring2 %g < 1",
            p->f_hole, p->f_ring1, p->f_ring2);
    }
    if (p->r_outer_min > p->r_outer_max) {
        const cs_style_entry_t *e = cs_style_find(s, "rings", "outer-max");
        bad(c, e ? e : cs_style_find(s, "rings", "outer-min"),
            "outer-min %g is larger than outer-max %g", p->r_outer_min,
            p->r_outer_max);
    }
    if (c->errors == 0)
        layout_check(c, s, o);
}

