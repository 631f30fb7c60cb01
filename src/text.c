/* SPDX-License-Identifier: MIT */
/* Fonts (private fontconfig), label fitting and placement, label drawing. */
#include <citysnap/text.h>

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "cs-private.h"
#include "layout-private.h"
#include "text-private.h"

#define PS ((double)PANGO_SCALE)
#define SIZE_STEP 0.25
#define FIT_EPS 1e-6

/* ---- fonts ---------------------------------------------------------------- */

struct cs_text_ctx {
    const char *family; /* the fonts' default family */
    PangoFontMap *map;
    PangoContext *pc;
    PangoLayout *layout; /* scratch layout for measuring */
    /* one-line extents measured before: "family|bold|size|text" -> double[2]
     * (the wheel's radius and the label fitting measure the same KPI
     * labels at the same size; a batch measures them once per thread) */
    GHashTable *extents;
    /* PangoLayouts of shared labels, by label serial: a batch shapes each
     * shared label once per thread, not once per city and format */
    GHashTable *layouts;
    /* coverage masks of shared rotated labels on raster targets, by label
     * serial and current matrix (see draw_masked) */
    GHashTable *masks;
    size_t mask_bytes;
};

/* Mask cache limits: one mask, and all of a context's masks (a 2000 px
 * wheel needs ~3 MB). */
#define MASK_AREA_MAX ((size_t)4 << 20)
#define MASK_BYTES_MAX ((size_t)48 << 20)

typedef struct mask_key {
    guint64 serial;
    double m[6];
} mask_key;

typedef struct mask_val {
    cairo_surface_t *s;
    int x, y;
} mask_val;

static guint
mask_hash(gconstpointer p)
{
    const guint32 *w = p;
    guint h = 2166136261u;
    for (size_t i = 0; i < sizeof(mask_key) / 4; i++)
        h = (h ^ w[i]) * 16777619u;
    return h;
}

static gboolean
mask_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(mask_key)) == 0;
}

static void
mask_val_free(gpointer p)
{
    mask_val *v = p;
    cairo_surface_destroy(v->s);
    g_free(v);
}

/* Layouts kept before that cache starts over (a wheel has ~140 shared
 * labels; a process rarely has more than a few renderers). */
#define LAYOUTS_MAX 2048

/* Entries kept before the extents cache starts over (a wheel needs ~300;
 * city names add one per city). */
#define EXTENTS_MAX 4096

struct cs_fonts {
    FcConfig *config;
    char *family;
    size_t n_faces;
    cairo_font_options_t *options;
    GMutex lock; /* guards pool */
    GPtrArray *pool;
};

static void
ctx_free(cs_text_ctx_t *c)
{
    if (!c)
        return;
    if (c->layout)
        g_object_unref(c->layout);
    if (c->extents)
        g_hash_table_destroy(c->extents);
    if (c->layouts)
        g_hash_table_destroy(c->layouts);
    if (c->masks)
        g_hash_table_destroy(c->masks);
    if (c->pc)
        g_object_unref(c->pc);
    if (c->map)
        g_object_unref(c->map);
    g_free(c);
}

static cs_text_ctx_t *
ctx_new(const cs_fonts_t *f)
{
    cs_text_ctx_t *c = g_new0(cs_text_ctx_t, 1);
    c->family = f->family;
    c->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!c->map || !PANGO_IS_FC_FONT_MAP(c->map)) {
        ctx_free(c);
        return NULL;
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(c->map), f->config);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(c->map), 72.0);
    c->pc = pango_font_map_create_context(c->map);
    pango_cairo_context_set_font_options(c->pc, f->options);
    pango_context_set_round_glyph_positions(c->pc, FALSE);
    pango_context_set_language(c->pc, pango_language_from_string("en"));
    pango_context_set_base_dir(c->pc, PANGO_DIRECTION_LTR);
    c->layout = pango_layout_new(c->pc);
    c->extents = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->layouts = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                       g_object_unref);
    c->masks =
        g_hash_table_new_full(mask_hash, mask_equal, g_free, mask_val_free);
    return c;
}

cs_text_ctx_t *
cs_text_ctx_acquire(const cs_fonts_t *cf)
{
    cs_fonts_t *f = (cs_fonts_t *)cf; /* only the pool changes, under lock */
    cs_text_ctx_t *c = NULL;
    g_mutex_lock(&f->lock);
    if (f->pool->len > 0)
        c = g_ptr_array_steal_index(f->pool, f->pool->len - 1);
    g_mutex_unlock(&f->lock);
    return c ? c : ctx_new(f);
}

void
cs_text_ctx_release(const cs_fonts_t *cf, cs_text_ctx_t *c)
{
    cs_fonts_t *f = (cs_fonts_t *)cf;
    if (!c)
        return;
    g_mutex_lock(&f->lock);
    g_ptr_array_add(f->pool, c);
    g_mutex_unlock(&f->lock);
}

const cairo_font_options_t *
cs_fonts_options(const cs_fonts_t *f)
{
    return f->options;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_font_file(const char *name)
{
    return g_str_has_suffix(name, ".ttf") || g_str_has_suffix(name, ".otf") ||
           g_str_has_suffix(name, ".TTF") || g_str_has_suffix(name, ".OTF");
}

cs_status_t
cs_fonts_new(const char *dir, cs_fonts_t **out, cs_diag_t *diag)
{
    *out = NULL;
    if (!dir || !*dir)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no font directory given");
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
        return cs_diag_add(diag, CS_ERR_FONT, dir, 0, 0,
                           "font directory not found");
    FcConfig *config = FcConfigCreate();
    if (!config)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* No rescans: the configuration never changes after loading, which is
     * what makes it safe to share between threads. */
    FcConfigSetRescanInterval(config, 0);
    /* Add the font files one by one, in name order, so that the first face
     * (and the default family) does not depend on directory order. */
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    if (d) {
        const char *n;
        while ((n = g_dir_read_name(d)))
            if (is_font_file(n))
                g_ptr_array_add(names, g_strdup(n));
        g_dir_close(d);
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, names->pdata[i], NULL);
        FcConfigAppFontAddFile(config, (const FcChar8 *)path);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);

    FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
    if (!set || set->nfont == 0) {
        FcConfigDestroy(config);
        return cs_diag_add(diag, CS_ERR_FONT, dir, 0, 0,
                           "no usable font files (*.ttf, *.otf) in the "
                           "font directory");
    }
    FcChar8 *fam = NULL;
    if (FcPatternGetString(set->fonts[0], FC_FAMILY, 0, &fam) !=
            FcResultMatch ||
        !fam) {
        FcConfigDestroy(config);
        return cs_diag_add(diag, CS_ERR_FONT, dir, 0, 0,
                           "first font has no family name");
    }
    cs_fonts_t *f = g_new0(cs_fonts_t, 1);
    f->config = config;
    f->family = g_strdup((const char *)fam);
    f->n_faces = (size_t)set->nfont;
    f->options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(f->options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(f->options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(f->options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_subpixel_order(f->options,
                                          CAIRO_SUBPIXEL_ORDER_DEFAULT);
    g_mutex_init(&f->lock);
    f->pool = g_ptr_array_new();
    /* Prove the set-up works once, here, rather than in every render. */
    cs_text_ctx_t *c = cs_text_ctx_acquire(f);
    if (!c) {
        cs_fonts_free(f);
        return cs_diag_add(diag, CS_ERR_FONT, dir, 0, 0,
                           "cannot create a Pango font map");
    }
    cs_text_ctx_release(f, c);
    *out = f;
    return CS_OK;
}

void
cs_fonts_free(cs_fonts_t *f)
{
    if (!f)
        return;
    if (f->pool) {
        for (guint i = 0; i < f->pool->len; i++)
            ctx_free(f->pool->pdata[i]);
        g_ptr_array_free(f->pool, TRUE);
    }
    g_mutex_clear(&f->lock);
    if (f->options)
        cairo_font_options_destroy(f->options);
    if (f->config)
        FcConfigDestroy(f->config);
    g_free(f->family);
    g_free(f);
}

size_t
cs_fonts_face_count(const cs_fonts_t *f)
{
    return f->n_faces;
}

const char *
cs_fonts_family(const cs_fonts_t *f)
{
    return f->family;
}

int
cs_fonts_covers(const cs_fonts_t *f, const char *text)
{
    if (!text || !g_utf8_validate(text, -1, NULL))
        return 0;
    FcFontSet *set = FcConfigGetFonts(f->config, FcSetApplication);
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        int found = 0;
        for (int i = 0; set && i < set->nfont && !found; i++) {
            FcCharSet *cs = NULL;
            if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) ==
                    FcResultMatch &&
                FcCharSetHasChar(cs, ch))
                found = 1;
        }
        if (!found)
            return 0;
    }
    return 1;
}

static PangoFontDescription *
font_desc(const char *family, int bold, double size)
{
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, family);
    pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD
                                              : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(d, size * PS);
    return d;
}

char *
cs_fonts_resolve(const cs_fonts_t *f, const char *family, const char *text)
{
    cs_text_ctx_t *c = cs_text_ctx_acquire(f);
    if (!c)
        return NULL;
    PangoFontDescription *d = font_desc(family ? family : f->family, 0, 10);
    PangoLayout *lay = pango_layout_new(c->pc);
    pango_layout_set_font_description(lay, d);
    pango_layout_set_text(lay, text ? text : "x", -1);
    char *res = NULL;
    PangoLayoutLine *line = pango_layout_get_line_readonly(lay, 0);
    if (line && line->runs) {
        PangoGlyphItem *run = line->runs->data;
        PangoFontDescription *got = pango_font_describe(run->item->analysis.font);
        const char *fam = pango_font_description_get_family(got);
        res = strdup(fam ? fam : "");
        pango_font_description_free(got);
    }
    g_object_unref(lay);
    pango_font_description_free(d);
    cs_text_ctx_release(f, c);
    return res;
}

/* ---- fitting -------------------------------------------------------------- */

const char *
cs_fit_outcome_name(cs_fit_outcome_t o)
{
    switch (o) {
    case CS_FIT_OK:
        return "fit";
    case CS_FIT_SHRUNK:
        return "shrunk";
    case CS_FIT_WRAPPED:
        return "wrapped";
    case CS_FIT_ELLIPSIZED:
        return "ellipsized";
    case CS_FIT_COUNT:
        break;
    }
    return NULL;
}

/* Valid UTF-8, control characters as spaces, runs of spaces collapsed,
 * no leading or trailing space. g_free(). */
static char *
clean_text(const char *text)
{
    char *valid = g_utf8_make_valid(text ? text : "", -1);
    GString *s = g_string_sized_new(strlen(valid));
    int space = 1;
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) ||
            ch == 0x2028 || ch == 0x2029)
            ch = ' ';
        if (ch == ' ') {
            if (!space)
                g_string_append_c(s, ' ');
            space = 1;
            continue;
        }
        space = 0;
        g_string_append_unichar(s, ch);
    }
    if (s->len && s->str[s->len - 1] == ' ')
        g_string_truncate(s, s->len - 1);
    g_free(valid);
    return g_string_free(s, FALSE);
}

static void
setup_layout(PangoLayout *lay, const char *family, int bold, double size,
             const char *text, double ellipsize, int lines)
{
    PangoFontDescription *d = font_desc(family, bold, size);
    pango_layout_set_font_description(lay, d);
    pango_font_description_free(d);
    if (ellipsize > 0) {
        pango_layout_set_width(lay, (int)floor(ellipsize * PS));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_height(lay, -lines);
        pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
    } else {
        pango_layout_set_width(lay, -1);
        pango_layout_set_height(lay, -1);
        pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_NONE);
    }
    pango_layout_set_alignment(lay, PANGO_ALIGN_LEFT);
    pango_layout_set_text(lay, text, -1);
}

static void
measure(cs_text_ctx_t *c, const char *family, int bold, double size,
        const char *text, double ellipsize, int lines, double *w, double *h)
{
    char *key = NULL;
    if (ellipsize <= 0) {
        char sz[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_dtostr(sz, sizeof sz, size);
        key = g_strconcat(family, bold ? "|b|" : "|r|", sz, "|", text, NULL);
        const double *e = g_hash_table_lookup(c->extents, key);
        if (e) {
            *w = e[0];
            *h = e[1];
            g_free(key);
            return;
        }
    }
    setup_layout(c->layout, family, bold, size, text, ellipsize, lines);
    PangoRectangle log;
    pango_layout_get_extents(c->layout, NULL, &log);
    *w = log.width / PS;
    *h = log.height / PS;
    if (key) {
        if (g_hash_table_size(c->extents) >= EXTENTS_MAX)
            g_hash_table_remove_all(c->extents);
        double *e = g_new(double, 2);
        e[0] = *w;
        e[1] = *h;
        g_hash_table_insert(c->extents, key, e);
    }
}

static int
fits(cs_room_fn room, void *user, double w, double h)
{
    double r = room(user, h);
    return r >= 0 && w <= r + FIT_EPS;
}

/* Balanced two-line split of @text at a space: the split minimising the
 * wider line. NULL when @text has no space. g_free(). */
static char *
best_split(cs_text_ctx_t *c, const char *family, int bold, double size,
           const char *text)
{
    char *best = NULL;
    double best_w = INFINITY;
    size_t n = strlen(text);
    for (size_t i = 1; i + 1 < n; i++) {
        if (text[i] != ' ')
            continue;
        char *a = g_strndup(text, i);
        const char *b = text + i + 1;
        double wa, wb, h;
        measure(c, family, bold, size, a, 0, 1, &wa, &h);
        measure(c, family, bold, size, b, 0, 1, &wb, &h);
        double w = fmax(wa, wb);
        if (w < best_w - 1e-9) {
            best_w = w;
            g_free(best);
            best = g_strconcat(a, "\n", b, NULL);
        }
        g_free(a);
    }
    return best;
}

/* Tries sizes from @pref down to @min for @text (lines fixed by its
 * newlines); *@size_out on success. Sizes are predicted linearly (metrics
 * are unhinted) and confirmed by measuring. */
static int
try_sizes(cs_text_ctx_t *c, const char *family, int bold, double pref,
          double min, double first, const char *text, cs_room_fn room,
          void *user, double *size_out, double *w_out, double *h_out)
{
    double w0, h0;
    measure(c, family, bold, pref, text, 0, 1, &w0, &h0);
    for (int k = 0;; k++) {
        double s = first - k * SIZE_STEP;
        if (s < min - 1e-9)
            break;
        if (s < min + 1e-9)
            s = min;
        /* predicted extents, a little generous: measuring decides (at
         * @pref the measurement is already there) */
        if (fits(room, user, w0 * s / pref * 0.995, h0 * s / pref * 0.995)) {
            double w = w0, h = h0;
            if (s != pref)
                measure(c, family, bold, s, text, 0, 1, &w, &h);
            if (fits(room, user, w, h)) {
                *size_out = s;
                *w_out = w;
                *h_out = h;
                return 1;
            }
        }
        if (s == min)
            break;
    }
    return 0;
}

cs_status_t
cs_text_fit_ctx(cs_text_ctx_t *c, const char *text,
                const cs_text_style_t *st, cs_room_fn room, void *user,
                cs_text_fit_t *out, cs_diag_t *diag)
{
    memset(out, 0, sizeof *out);
    if (!st || !room || !isfinite(st->size) || st->size <= 0 ||
        !isfinite(st->min_size) || st->min_size <= 0 ||
        st->min_size > st->size)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "invalid text style");
    const char *family = st->family ? st->family : c->family;
    char *t = clean_text(text);
    double pref = st->size, min = st->min_size;
    double s, w, h;

    if (try_sizes(c, family, st->bold, pref, min, pref, t, room, user, &s, &w,
                  &h)) {
        out->outcome = s == pref ? CS_FIT_OK : CS_FIT_SHRUNK;
        out->lines = 1;
        goto done_plain;
    }
    if (st->max_lines >= 2) {
        char *two = best_split(c, family, st->bold, pref, t);
        if (two && try_sizes(c, family, st->bold, pref, min, pref, two, room,
                             user, &s, &w, &h)) {
            g_free(t);
            t = two;
            out->outcome = CS_FIT_WRAPPED;
            out->lines = 2;
            goto done_plain;
        }
        g_free(two);
    }
    /* Ellipsize at the minimum size, on two lines when they fit. */
    {
        double w1, h1;
        measure(c, family, st->bold, min, t, 0, 1, &w1, &h1);
        int lines = 1;
        double room2 = room(user, 2 * h1);
        if (st->max_lines >= 2 && strchr(t, ' ') && room2 > 0)
            lines = 2;
        double r = room(user, lines * h1);
        if (r < 1.0)
            r = 1.0;
        measure(c, family, st->bold, min, t, r, lines, &w, &h);
        out->outcome = CS_FIT_ELLIPSIZED;
        out->size = min;
        out->lines = pango_layout_get_line_count(c->layout);
        out->width = w;
        out->height = h;
        out->line_height = h1;
        out->ellipsize = r;
        out->shown = strdup(t);
        g_free(t);
        return out->shown ? CS_OK
                          : cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                                        "out of memory");
    }
done_plain:
    out->size = s;
    out->width = w;
    out->height = h;
    out->line_height = h / out->lines;
    out->shown = strdup(t);
    g_free(t);
    return out->shown ? CS_OK
                      : cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                                    "out of memory");
}

cs_status_t
cs_text_fit(const cs_fonts_t *f, const char *text,
            const cs_text_style_t *style, cs_room_fn room, void *user,
            cs_text_fit_t *out, cs_diag_t *diag)
{
    if (!f)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, "no fonts");
    cs_text_ctx_t *c = cs_text_ctx_acquire(f);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_text_style_t st = *style;
    if (!st.family)
        st.family = f->family;
    cs_status_t r = cs_text_fit_ctx(c, text, &st, room, user, out, diag);
    cs_text_ctx_release(f, c);
    return r;
}

void
cs_text_fit_clear(cs_text_fit_t *fit)
{
    if (!fit)
        return;
    free(fit->shown);
    fit->shown = NULL;
}

void
cs_text_measure_ctx(cs_text_ctx_t *c, const char *text, const char *family,
                    int bold, double size, double *width, double *height)
{
    char *t = clean_text(text);
    measure(c, family ? family : c->family, bold, size, t, 0, 1, width,
            height);
    g_free(t);
}

cs_status_t
cs_text_measure(const cs_fonts_t *f, const char *text, const char *family,
                int bold, double size, double *width, double *height,
                cs_diag_t *diag)
{
    if (!f || !text || !isfinite(size) || size <= 0)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_text_measure: invalid argument");
    cs_text_ctx_t *c = cs_text_ctx_acquire(f);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    double w, h;
    measure(c, family ? family : f->family, bold, size, text, 0, 1, &w, &h);
    cs_text_ctx_release(f, c);
    if (width)
        *width = w;
    if (height)
        *height = h;
    return CS_OK;
}

/* ---- labels --------------------------------------------------------------- */

typedef struct label_impl {
    cs_label_t pub;
    char *text, *shown, *family;
    int bold;
    double ellipsize;
    PangoAlignment align;
    cs_quad_t *boxes;
    /* flat and radial: the block's logical rectangle (x, y, w, h) in a
     * frame rotated by rot around origin */
    cs_point_t origin;
    double rot, bx, by, bw, bh;
    /* arc */
    cs_point_t centre;
    double mid;
    int reversed;
    double r_line[2];
    double arc_from[2], arc_to[2];
    /* wedge underneath (0: none) */
    int ring;
    size_t wedge;
    /* shared by every city (cs_labels_add_static): its PangoLayout is
     * kept per text context, under serial (unique in the process) */
    int shared;
    guint64 serial;
} label_impl;

static atomic_uint_fast64_t next_serial = 1;

struct cs_labels {
    const cs_labels_t *parent;
    label_impl **items;
    size_t n, cap;
};

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

static const label_impl *
impl_of(const cs_label_t *l)
{
    return (const label_impl *)l; /* pub is the first member */
}

int
cs_label_on_ring(const cs_label_t *l, size_t *index)
{
    const label_impl *L = impl_of(l);
    if (index)
        *index = L->wedge;
    return L->ring;
}

static cs_status_t
push(cs_labels_t *ls, label_impl *L, cs_diag_t *diag)
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
static PangoLayout *
label_layout(cs_text_ctx_t *c, const label_impl *L)
{
    if (L->shared) {
        PangoLayout *hit = g_hash_table_lookup(c->layouts, &L->serial);
        if (hit)
            return g_object_ref(hit);
    }
    PangoLayout *lay = pango_layout_new(c->pc);
    setup_layout(lay, L->family, L->bold, L->pub.size, L->shown, L->ellipsize,
                 L->pub.lines);
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
static label_impl *
impl_from_fit(cs_label_kind_t kind, size_t index, const char *text,
              const cs_text_style_t *st, cs_text_fit_t *fit)
{
    label_impl *L = g_new0(label_impl, 1);
    L->pub.kind = kind;
    L->pub.index = index;
    L->text = clean_text(text);
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

/* A flat or radial label: the block (w x h) at (bx, by) in the frame
 * rotated by rot around origin. */
static void
set_block(label_impl *L, cs_label_mode_t mode, cs_point_t origin, double rot,
          double bx, double by, double bw, double bh, PangoAlignment align)
{
    L->pub.mode = mode;
    L->origin = origin;
    L->rot = rot;
    L->bx = bx;
    L->by = by;
    L->bw = bw;
    L->bh = bh;
    L->align = align;
    L->boxes = g_new(cs_quad_t, 1);
    L->boxes[0] = cs_layout_quad_make(origin, rot, bx, by, bw, bh);
    L->pub.n_boxes = 1;
}

/* Radial block along the ray at @angle, its inner end at radius @r_in;
 * flipped on the left half so that it reads from the outside in. */
static void
set_radial(label_impl *L, cs_point_t c, double angle, double r_in, double w,
           double h, int flipped, int centre_lines)
{
    if (!flipped)
        set_block(L, CS_LABEL_RADIAL, c, angle - G_PI / 2, r_in, -h / 2, w, h,
                  centre_lines ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    else
        set_block(L, CS_LABEL_RADIAL, c, angle + G_PI / 2, -(r_in + w), -h / 2,
                  w, h, centre_lines ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT);
}

typedef void (*glyph_fn)(void *ud, PangoFont *font, const PangoGlyphInfo *gi,
                         cs_point_t at, double rot, double gw, double lh,
                         double base, int line);

/* Walks the glyphs of an arc label: each glyph is centred on its arc
 * position on its line's radius, turned to the tangent there. */
static void
arc_walk(const label_impl *L, PangoLayout *lay, glyph_fn fn, void *ud)
{
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int line_no = 0;
    do {
        if (line_no >= 2)
            break;
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        double lh = lr.height / PS;
        double base = (pango_layout_iter_get_baseline(it) - lr.y) / PS;
        double lw = lr.width / PS;
        double r = L->r_line[line_no];
        double x = 0;
        for (GSList *rl = line->runs; rl; rl = rl->next) {
            PangoGlyphItem *run = rl->data;
            PangoGlyphString *gs = run->glyphs;
            for (int g = 0; g < gs->num_glyphs; g++) {
                const PangoGlyphInfo *gi = &gs->glyphs[g];
                double gw = gi->geometry.width / PS;
                double sc = -lw / 2 + x + gw / 2;
                double th = L->reversed ? L->mid - sc / r : L->mid + sc / r;
                double rot = L->reversed ? th + G_PI : th;
                fn(ud, run->item->analysis.font, gi, cs_layout_polar(L->centre, th, r),
                   rot, gw, lh, base, line_no);
                x += gw;
            }
        }
        line_no++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

typedef struct box_acc {
    label_impl *L;
    GArray *boxes;
} box_acc;

static void
collect_box(void *ud, PangoFont *font, const PangoGlyphInfo *gi,
            cs_point_t at, double rot, double gw, double lh, double base,
            int line)
{
    box_acc *a = ud;
    (void)font;
    (void)gi;
    (void)base;
    if (gw <= 0)
        return;
    cs_quad_t q = cs_layout_quad_make(at, rot, -gw / 2, -lh / 2, gw, lh);
    g_array_append_val(a->boxes, q);
    double th = atan2(at.x - a->L->centre.x, -(at.y - a->L->centre.y));
    if (th < 0)
        th += 2 * G_PI;
    if (a->L->arc_to[line] < 0) {
        a->L->arc_from[line] = th;
    }
    a->L->arc_to[line] = th;
}

static void
set_arc(cs_text_ctx_t *c, label_impl *L, cs_point_t centre, double mid,
        double r_mid, double h, double lh)
{
    L->pub.mode = CS_LABEL_ARC;
    L->centre = centre;
    L->mid = mid;
    L->reversed = mid > G_PI / 2 && mid < 3 * G_PI / 2;
    L->align = PANGO_ALIGN_CENTER;
    for (int i = 0; i < 2; i++) {
        L->r_line[i] = L->reversed ? r_mid - h / 2 + lh * (i + 0.5)
                                   : r_mid + h / 2 - lh * (i + 0.5);
        L->arc_from[i] = L->arc_to[i] = -1;
    }
    PangoLayout *lay = label_layout(c, L);
    box_acc a = {L, g_array_new(FALSE, FALSE, sizeof(cs_quad_t))};
    arc_walk(L, lay, collect_box, &a);
    g_object_unref(lay);
    L->pub.n_boxes = a.boxes->len;
    L->boxes = (cs_quad_t *)g_array_free(a.boxes, FALSE);
}

/* ---- rooms ---------------------------------------------------------------- */

typedef struct ring_room {
    double a0, a1, r_in, r_out, pad;
} ring_room;

/* Curved text in the ring: the inner edge of the block is its shortest
 * arc. The block is centred in the ring when it fits there, else moved
 * outwards (arc_radius), so the room is that of the outermost position. */
static double
room_arc(void *ud, double h)
{
    const ring_room *r = ud;
    if (h > r->r_out - r->r_in - 2 * r->pad)
        return -1;
    double re = r->r_out - r->pad - h;
    return (r->a1 - r->a0) * re - 2 * r->pad;
}

/* Centre radius of a curved block w x h: the ring's middle, or further
 * out when the block's inner edge is too short there. */
static double
arc_radius(const ring_room *r, double w, double h)
{
    double edge = (r->r_in + r->r_out) / 2 - h / 2;
    double need = (w + 2 * r->pad) / (r->a1 - r->a0);
    if (need > edge)
        edge = fmin(need, r->r_out - r->pad - h);
    return edge + h / 2;
}

/* Radial text inside the ring: the block must be thin enough for the
 * wedge where its inner end sits. */
#define SIDE_PAD 1.0 /* free width beside radial text in a ring */

static double
radial_inner(const ring_room *r, double h)
{
    double half = fmin((r->a1 - r->a0) / 2, G_PI / 4);
    return fmax(r->r_in + r->pad, (h + SIDE_PAD) / (2 * tan(half)));
}

static double
room_ring_radial(void *ud, double h)
{
    const ring_room *r = ud;
    return (r->r_out - r->pad) - radial_inner(r, h);
}

typedef struct kpi_room {
    const cs_layout_t *l;
    size_t i;
} kpi_room;

static double
room_kpi(void *ud, double h)
{
    const kpi_room *k = ud;
    return cs_layout_kpi_room(k->l, k->i, h);
}

typedef struct box_room {
    double w, h;
} box_room;

static double
room_box(void *ud, double h)
{
    const box_room *b = ud;
    return h <= b->h + FIT_EPS ? b->w : -1;
}

static double
room_circle(void *ud, double h)
{
    const double *r = ud;
    if (h > 2 * *r)
        return -1;
    return 2 * sqrt(*r * *r - h * h / 4);
}

/* ---- placement ------------------------------------------------------------ */

static cs_text_style_t
resolve_style(const cs_text_style_t *s, cs_text_ctx_t *c)
{
    cs_text_style_t r = *s;
    if (!r.family)
        r.family = c->family;
    return r;
}

static cs_status_t
place_ring_label(cs_labels_t *ls, cs_text_ctx_t *c, const cs_layout_t *l,
                 cs_label_kind_t kind, size_t index, const char *text,
                 const cs_text_style_t *style, const cs_wedge_t *w,
                 double pad, cs_diag_t *diag)
{
    cs_text_style_t st = resolve_style(style, c);
    ring_room rr = {w->a0, w->a1, w->r0, w->r1, pad};
    cs_text_fit_t fa, fr;
    cs_status_t s = cs_text_fit_ctx(c, text, &st, room_arc, &rr, &fa, diag);
    if (s != CS_OK)
        return s;
    cs_point_t centre = cs_layout_centre(l);
    double mid = (w->a0 + w->a1) / 2;
    int use_radial = 0;
    if (fa.outcome == CS_FIT_ELLIPSIZED) {
        /* The fallback may go below the minimum size, down to 80 % of it:
         * a one-KPI group (3.3 degrees) holds nothing bigger. */
        cs_text_style_t narrow = st;
        narrow.min_size = st.min_size * 0.8;
        s = cs_text_fit_ctx(c, text, &narrow, room_ring_radial, &rr, &fr,
                            diag);
        if (s != CS_OK) {
            cs_text_fit_clear(&fa);
            return s;
        }
        use_radial = fr.outcome < CS_FIT_ELLIPSIZED;
        if (!use_radial)
            cs_text_fit_clear(&fr);
    }
    label_impl *L = impl_from_fit(kind, index, text, &st,
                                  use_radial ? &fr : &fa);
    L->ring = w->ring;
    L->wedge = w->index;
    if (use_radial) {
        double r_in = fmax((w->r0 + w->r1) / 2 - fr.width / 2,
                           radial_inner(&rr, fr.height));
        set_radial(L, centre, mid, r_in, fr.width, fr.height, mid > G_PI, 1);
        L->pub.fallback = 1;
        cs_text_fit_clear(&fr);
    } else {
        set_arc(c, L, centre, mid, arc_radius(&rr, fa.width, fa.height),
                fa.height, fa.line_height);
    }
    cs_text_fit_clear(&fa);
    return push(ls, L, diag);
}

static cs_status_t
place_flat(cs_labels_t *ls, cs_text_ctx_t *c, cs_label_kind_t kind,
           size_t index, const char *text, const cs_text_style_t *style,
           cs_rect_t box, PangoAlignment align, cs_diag_t *diag)
{
    cs_text_style_t st = resolve_style(style, c);
    box_room br = {box.w, box.h};
    cs_text_fit_t f;
    cs_status_t s = cs_text_fit_ctx(c, text, &st, room_box, &br, &f, diag);
    if (s != CS_OK)
        return s;
    label_impl *L = impl_from_fit(kind, index, text, &st, &f);
    double x = box.x;
    if (align == PANGO_ALIGN_CENTER)
        x = box.x + (box.w - f.width) / 2;
    else if (align == PANGO_ALIGN_RIGHT)
        x = box.x + box.w - f.width;
    cs_point_t o = {0, 0};
    set_block(L, CS_LABEL_FLAT, o, 0, x, box.y + (box.h - f.height) / 2,
              f.width, f.height, align);
    cs_text_fit_clear(&f);
    return push(ls, L, diag);
}

cs_status_t
cs_labels_add_static(cs_labels_t *ls, cs_text_ctx_t *c,
                     const cs_layout_t *l, const cs_framework_t *fw,
                     const cs_bands_t *bands, const cs_label_styles_t *styles,
                     const char *title, const char *source, cs_diag_t *diag)
{
    cs_status_t s = CS_OK;
    cs_point_t centre = cs_layout_centre(l);
    size_t nk = cs_framework_kpi_count(fw);
    cs_text_style_t kst = resolve_style(&styles->kpi, c);
    for (size_t i = 0; i < nk && s == CS_OK; i++) {
        const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
        kpi_room kr = {l, i};
        cs_text_fit_t f;
        s = cs_text_fit_ctx(c, k->label, &kst, room_kpi, &kr, &f, diag);
        if (s != CS_OK)
            break;
        cs_kpi_slot_t slot = cs_layout_kpi_slot(l, i);
        label_impl *L = impl_from_fit(CS_LABEL_KPI, i, k->label, &kst, &f);
        set_radial(L, centre, slot.angle, slot.r_start, f.width, f.height,
                   slot.flipped, 0);
        cs_text_fit_clear(&f);
        s = push(ls, L, diag);
    }
    size_t first, n;
    first = cs_layout_ring_first(l, CS_RING_GROUP, &n);
    for (size_t i = 0; i < n && s == CS_OK; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first + i);
        s = place_ring_label(ls, c, l, CS_LABEL_GROUP, w->index,
                             cs_framework_get_group(fw, w->index)->name,
                             &styles->group, w, styles->ring_pad, diag);
    }
    first = cs_layout_ring_first(l, CS_RING_DIMENSION, &n);
    for (size_t i = 0; i < n && s == CS_OK; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, first + i);
        s = place_ring_label(ls, c, l, CS_LABEL_DIMENSION, w->index,
                             cs_framework_get_dimension(fw, w->index)->name,
                             &styles->dimension, w, styles->ring_pad, diag);
    }
    if (bands && cs_layout_legend_box(l).h > 0) {
        cs_band_t order[CS_BAND_COUNT];
        cs_bands_legend_order(bands, order);
        for (size_t i = 0; i < CS_BAND_COUNT && s == CS_OK; i++) {
            cs_rect_t text;
            cs_layout_get_legend_entry(l, i, NULL, &text);
            s = place_flat(ls, c, CS_LABEL_LEGEND, i,
                           cs_bands_label(bands, order[i]), &styles->legend,
                           text, PANGO_ALIGN_LEFT, diag);
        }
    }
    if (s == CS_OK && source && *source) {
        cs_rect_t box = cs_layout_source_box(l);
        if (box.h > 0)
            s = place_flat(ls, c, CS_LABEL_SOURCE, 0, source, &styles->source,
                           box, PANGO_ALIGN_LEFT, diag);
    }
    if (s == CS_OK && title && *title) {
        cs_rect_t box = cs_layout_title_box(l);
        if (box.h > 0)
            s = place_flat(ls, c, CS_LABEL_TITLE, 0, title, &styles->title,
                           box, PANGO_ALIGN_CENTER, diag);
    }
    (void)centre;
    return s;
}

cs_status_t
cs_labels_add_name(cs_labels_t *ls, cs_text_ctx_t *c, const cs_layout_t *l,
                   const cs_label_styles_t *styles, const char *name,
                   cs_diag_t *diag)
{
    if (!name)
        return CS_OK;
    char *clean = clean_text(name);
    int empty = !*clean;
    g_free(clean);
    if (empty)
        return CS_OK;
    cs_text_style_t st = resolve_style(&styles->name, c);
    double r = cs_layout_radius(l, 0) - styles->ring_pad;
    if (r <= 0)
        return CS_OK;
    cs_text_fit_t f;
    cs_status_t s = cs_text_fit_ctx(c, name, &st, room_circle, &r, &f, diag);
    if (s != CS_OK)
        return s;
    label_impl *L = impl_from_fit(CS_LABEL_NAME, 0, name, &st, &f);
    L->shared = 0;
    cs_point_t ctr = cs_layout_centre(l);
    cs_point_t o = {0, 0};
    set_block(L, CS_LABEL_FLAT, o, 0, ctr.x - f.width / 2,
              ctr.y - f.height / 2, f.width, f.height, PANGO_ALIGN_CENTER);
    cs_text_fit_clear(&f);
    return push(ls, L, diag);
}

/* ---- checking and dumping ------------------------------------------------- */

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
    GString *s = g_string_new("labels\n");
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        const label_impl *L = impl_of(l);
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

/* ---- drawing -------------------------------------------------------------- */

/*
 * Rotated text is never drawn with a rotated current matrix: cairo makes a
 * scaled font per (size, matrix), so every KPI label and every glyph of a
 * curved label would get its own scaled font. That bloats SVG (a copy of
 * each glyph per rotation) and, worse, overflows cairo's global glyph
 * cache on every render; cairo 1.16 can deadlock when that cache evicts
 * while several threads draw text (_cairo_scaled_glyph_page_pluck locks
 * another font's mutex under the cache mutex; fixed upstream in 1.17).
 * So, for rotated labels:
 *  - raster targets: the glyph outlines are taken in the unrotated frame
 *    and filled after transforming the path (hinting is off, so outlines
 *    are exact);
 *  - vector targets: the text is drawn unrotated into a group, which is
 *    painted rotated; the text stays text (selectable in PDF).
 * Either way only one scaled font per size and weight is used.
 * A caller that is alone with cairo (no other thread draws or measures
 * text meanwhile, so the deadlock cannot happen) may ask for rotated
 * vector text drawn straight (DRAW_DIRECT): a PDF then gets plain rotated
 * text runs of one embedded font, a quarter of the size and faster to
 * write than one form XObject per label or glyph. (An SVG would not:
 * cairo copies the glyphs per rotation; SVG output writes its labels
 * itself, see src/svgglyph.c.)
 */
typedef enum draw_mode {
    DRAW_PATH = 0,  /* raster */
    DRAW_GROUP = 1, /* vector */
    DRAW_DIRECT = 2 /* vector, single-threaded caller */
} draw_mode;

static draw_mode
mode_for(cairo_t *cr, int alone)
{
    switch (cairo_surface_get_type(cairo_get_target(cr))) {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_RECORDING:
    case CAIRO_SURFACE_TYPE_SCRIPT:
        return alone ? DRAW_DIRECT : DRAW_GROUP;
    default:
        return DRAW_PATH;
    }
}

/* The current matrix without its rotation (scale kept, no translation). */
static void
unrotated(const cairo_matrix_t *frame, cairo_matrix_t *base)
{
    double sx = hypot(frame->xx, frame->yx), sy = hypot(frame->xy, frame->yy);
    cairo_matrix_init(base, sx, 0, 0, sy, 0, 0);
}

/* @draw draws (DRAW_GROUP) or adds the outlines of (DRAW_PATH) unrotated
 * text whose box is at (0, 0) with the current source; the current matrix
 * is the rotated frame with the box at (0, 0). */
typedef void (*unrotated_fn)(cairo_t *cr, void *ud, draw_mode mode);

static void
draw_unrotated(cairo_t *cr, draw_mode mode, double w, double h,
               unrotated_fn draw, void *ud)
{
    if (mode == DRAW_DIRECT) {
        draw(cr, ud, mode);
        return;
    }
    cairo_matrix_t frame, base;
    cairo_get_matrix(cr, &frame);
    unrotated(&frame, &base);
    if (mode == DRAW_PATH) {
        cairo_new_path(cr);
        cairo_set_matrix(cr, &base);
        draw(cr, ud, mode);
        cairo_path_t *path = cairo_copy_path(cr);
        cairo_new_path(cr);
        cairo_set_matrix(cr, &frame);
        cairo_append_path(cr, path);
        cairo_fill(cr);
        cairo_path_destroy(path);
        return;
    }
    cairo_pattern_t *src = cairo_get_source(cr);
    cairo_pattern_reference(src);
    cairo_set_matrix(cr, &base);
    cairo_push_group(cr);
    cairo_set_source(cr, src);
    draw(cr, ud, mode);
    cairo_pattern_t *p = cairo_pop_group(cr);
    cairo_set_matrix(cr, &frame);
    cairo_set_source(cr, p);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    cairo_set_source(cr, src);
    cairo_pattern_destroy(p);
    cairo_pattern_destroy(src);
}

typedef struct glyph_arg {
    PangoFont *font;
    PangoGlyphString *one;
    double base;
} glyph_arg;

static void
one_glyph(cairo_t *cr, void *ud, draw_mode mode)
{
    glyph_arg *g = ud;
    cairo_move_to(cr, 0, g->base);
    if (mode == DRAW_PATH)
        pango_cairo_glyph_string_path(cr, g->font, g->one);
    else
        pango_cairo_show_glyph_string(cr, g->font, g->one);
}

typedef struct layout_arg {
    PangoLayout *lay;
    PangoRectangle log;
} layout_arg;

static void
layout_at_origin(cairo_t *cr, void *ud, draw_mode mode)
{
    layout_arg *a = ud;
    cairo_move_to(cr, -a->log.x / PS, -a->log.y / PS);
    if (mode == DRAW_PATH)
        pango_cairo_layout_path(cr, a->lay);
    else
        pango_cairo_show_layout(cr, a->lay);
}

/* The frame of an arc glyph's box (arc_walk): centred on @at, turned by
 * @rot, its top-left corner at (0, 0). */
static void
arc_box_frame(cairo_matrix_t *m, cs_point_t at, double rot, double gw,
              double lh)
{
    cairo_matrix_init_translate(m, at.x, at.y);
    cairo_matrix_rotate(m, rot);
    cairo_matrix_translate(m, -gw / 2, -lh / 2);
}

typedef struct draw_acc {
    cairo_t *cr;
    PangoGlyphString *one;
    draw_mode mode;
} draw_acc;

static void
draw_glyph(void *ud, PangoFont *font, const PangoGlyphInfo *gi,
           cs_point_t at, double rot, double gw, double lh, double base,
           int line)
{
    draw_acc *a = ud;
    (void)line;
    if (gi->glyph == PANGO_GLYPH_EMPTY)
        return;
    a->one->glyphs[0] = *gi;
    a->one->log_clusters[0] = 0;
    cairo_save(a->cr);
    cairo_matrix_t box;
    arc_box_frame(&box, at, rot, gw, lh);
    cairo_transform(a->cr, &box);
    glyph_arg g = {font, a->one, base};
    draw_unrotated(a->cr, a->mode, gw, lh, one_glyph, &g);
    cairo_restore(a->cr);
}

static void
draw_label(cairo_t *cr, const label_impl *L, PangoLayout *lay, draw_mode mode)
{
    if (L->pub.mode == CS_LABEL_ARC) {
        draw_acc a = {cr, pango_glyph_string_new(), mode};
        pango_glyph_string_set_size(a.one, 1);
        arc_walk(L, lay, draw_glyph, &a);
        pango_glyph_string_free(a.one);
    } else {
        layout_arg a = {lay, {0, 0, 0, 0}};
        pango_layout_get_extents(lay, NULL, &a.log);
        cairo_save(cr);
        cairo_translate(cr, L->origin.x, L->origin.y);
        cairo_rotate(cr, L->rot);
        cairo_translate(cr, L->bx, L->by);
        if (L->rot != 0) {
            draw_unrotated(cr, mode, L->bw, L->bh, layout_at_origin, &a);
        } else {
            cairo_move_to(cr, -a.log.x / PS, -a.log.y / PS);
            pango_cairo_show_layout(cr, lay);
        }
        cairo_restore(cr);
    }
}

/*
 * A shared rotated label on a raster target: its glyph outlines are
 * filled once into a coverage mask (A8) per text context and current
 * matrix, then each city paints its colour through the mask. The mask is
 * made at the same sub-pixel phase as the target (only the integer part
 * of the device position is moved), and every render paints through it,
 * the first one too, so all cities' pixels are alike. 0: not cached (too
 * big, or cairo failed); draw directly.
 */
static int
draw_masked(cs_text_ctx_t *c, cairo_t *cr, const label_impl *L,
            PangoLayout *lay)
{
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    mask_key k;
    memset(&k, 0, sizeof k);
    k.serial = L->serial;
    k.m[0] = m.xx;
    k.m[1] = m.yx;
    k.m[2] = m.xy;
    k.m[3] = m.yy;
    k.m[4] = m.x0;
    k.m[5] = m.y0;
    mask_val *v = g_hash_table_lookup(c->masks, &k);
    if (!v) {
        /* record the fill in device space, then replay it into a mask at
         * an integer offset (the sub-pixel phase stays the target's) */
        cairo_surface_t *rec =
            cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
        cairo_t *rc = cairo_create(rec);
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_get_font_options(cr, fo);
        cairo_set_font_options(rc, fo);
        cairo_font_options_destroy(fo);
        cairo_set_antialias(rc, cairo_get_antialias(cr));
        cairo_set_matrix(rc, &m);
        cairo_set_source_rgba(rc, 0, 0, 0, 1);
        draw_label(rc, L, lay, DRAW_PATH);
        int ok = cairo_status(rc) == CAIRO_STATUS_SUCCESS;
        cairo_destroy(rc);
        double ex, ey, ew, eh;
        cairo_recording_surface_ink_extents(rec, &ex, &ey, &ew, &eh);
        double fx = floor(ex) - 1, fy = floor(ey) - 1;
        if (!ok || !isfinite(ex + ey + ew + eh) || fabs(fx) > 1e9 ||
            fabs(fy) > 1e9 || ew > 1e6 || eh > 1e6) {
            cairo_surface_destroy(rec);
            return 0;
        }
        int ix = (int)fx, iy = (int)fy;
        int w = (int)ceil(ex + ew) + 1 - ix, h = (int)ceil(ey + eh) + 1 - iy;
        size_t area = (size_t)w * (size_t)h;
        if (w <= 0 || h <= 0 || area > MASK_AREA_MAX) {
            cairo_surface_destroy(rec);
            return 0;
        }
        if (c->mask_bytes + area > MASK_BYTES_MAX) {
            g_hash_table_remove_all(c->masks);
            c->mask_bytes = 0;
        }
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
        cairo_t *mc = cairo_create(s);
        cairo_set_source_surface(mc, rec, -ix, -iy);
        cairo_paint(mc);
        ok = cairo_status(mc) == CAIRO_STATUS_SUCCESS;
        cairo_destroy(mc);
        cairo_surface_destroy(rec);
        cairo_surface_flush(s);
        if (!ok || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(s);
            return 0;
        }
        v = g_new(mask_val, 1);
        v->s = s;
        v->x = ix;
        v->y = iy;
        g_hash_table_insert(c->masks, g_memdup2(&k, sizeof k), v);
        c->mask_bytes += area;
    }
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_mask_surface(cr, v->s, v->x, v->y);
    cairo_restore(cr);
    return 1;
}

void
cs_label_draw(cs_text_ctx_t *c, cairo_t *cr, const cs_label_t *l, int alone)
{
    const label_impl *L = impl_of(l);
    PangoLayout *lay = label_layout(c, L);
    draw_mode mode = mode_for(cr, alone);
    int rotated = L->pub.mode == CS_LABEL_ARC || L->rot != 0;
    if (!(mode == DRAW_PATH && L->shared && rotated &&
          draw_masked(c, cr, L, lay)))
        draw_label(cr, L, lay, mode);
    g_object_unref(lay);
}

/* ---- glyph placement (src/svgglyph.c) ------------------------------------ */

typedef struct place_acc {
    cs_glyph_place_fn fn;
    void *ud;
} place_acc;

static void
place_arc_glyph(void *ud, PangoFont *font, const PangoGlyphInfo *gi,
                cs_point_t at, double rot, double gw, double lh, double base,
                int line)
{
    place_acc *a = ud;
    (void)line;
    if (gi->glyph == PANGO_GLYPH_EMPTY)
        return;
    /* as draw_glyph + one_glyph: the glyph on its box's baseline */
    cairo_matrix_t m;
    arc_box_frame(&m, at, rot, gw, lh);
    cairo_matrix_translate(&m, gi->geometry.x_offset / PS,
                           base + gi->geometry.y_offset / PS);
    a->fn(a->ud, font, gi, &m);
}

void
cs_label_glyphs(cs_text_ctx_t *c, const cs_label_t *l, cs_glyph_place_fn fn,
                void *ud)
{
    const label_impl *L = impl_of(l);
    PangoLayout *lay = label_layout(c, L);
    place_acc a = {fn, ud};
    if (L->pub.mode == CS_LABEL_ARC) {
        arc_walk(L, lay, place_arc_glyph, &a);
        g_object_unref(lay);
        return;
    }
    /* as cs_label_draw + pango_cairo_show_layout */
    PangoRectangle log;
    pango_layout_get_extents(lay, NULL, &log);
    cairo_matrix_t frame;
    cairo_matrix_init_translate(&frame, L->origin.x, L->origin.y);
    cairo_matrix_rotate(&frame, L->rot);
    cairo_matrix_translate(&frame, L->bx - log.x / PS, L->by - log.y / PS);
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run)
            continue;
        PangoRectangle rr;
        pango_layout_iter_get_run_extents(it, NULL, &rr);
        int base = pango_layout_iter_get_baseline(it);
        int x = rr.x;
        PangoGlyphString *gs = run->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            const PangoGlyphInfo *gi = &gs->glyphs[g];
            if (gi->glyph != PANGO_GLYPH_EMPTY) {
                cairo_matrix_t m = frame;
                cairo_matrix_translate(&m, (x + gi->geometry.x_offset) / PS,
                                       (base + gi->geometry.y_offset) / PS);
                fn(ud, run->item->analysis.font, gi, &m);
            }
            x += gi->geometry.width;
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    g_object_unref(lay);
}

/* ---- geometry for editable text (src/svgtext.c) -------------------------- */

void
cs_label_geom(const cs_label_t *l, cs_label_geom_t *g)
{
    const label_impl *L = impl_of(l);
    memset(g, 0, sizeof *g);
    g->family = L->family;
    g->bold = L->bold;
    g->origin = L->origin;
    g->rot = L->rot;
    g->bx = L->bx;
    g->by = L->by;
    g->bw = L->bw;
    g->bh = L->bh;
    g->align = L->align == PANGO_ALIGN_CENTER  ? 1
               : L->align == PANGO_ALIGN_RIGHT ? 2
                                               : 0;
    g->centre = L->centre;
    g->mid = L->mid;
    g->reversed = L->reversed;
    g->r_line[0] = L->r_line[0];
    g->r_line[1] = L->r_line[1];
}

static gint
run_by_offset(gconstpointer a, gconstpointer b)
{
    const PangoGlyphItem *x = *(PangoGlyphItem *const *)a;
    const PangoGlyphItem *y = *(PangoGlyphItem *const *)b;
    return (x->item->offset > y->item->offset) -
           (x->item->offset < y->item->offset);
}

void
cs_label_lines(cs_text_ctx_t *c, const cs_label_t *l, cs_label_line_fn fn,
               void *ud)
{
    const label_impl *L = impl_of(l);
    PangoLayout *lay = label_layout(c, L);
    const char *text = pango_layout_get_text(lay);
    PangoRectangle log;
    pango_layout_get_extents(lay, NULL, &log);
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int line_no = 0;
    GString *s = g_string_new(NULL);
    GPtrArray *runs = g_ptr_array_new();
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        g_ptr_array_set_size(runs, 0);
        for (GSList *rl = line->runs; rl; rl = rl->next)
            g_ptr_array_add(runs, rl->data);
        g_ptr_array_sort(runs, run_by_offset);
        g_string_truncate(s, 0);
        for (guint i = 0; i < runs->len; i++) {
            const PangoItem *item =
                ((PangoGlyphItem *)g_ptr_array_index(runs, i))->item;
            if (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
                g_string_append(s, "\u2026");
            else
                g_string_append_len(s, text + item->offset, item->length);
        }
        fn(ud, line_no, s->str, (lr.x - log.x) / PS, (lr.y - log.y) / PS,
           lr.width / PS, lr.height / PS,
           (pango_layout_iter_get_baseline(it) - log.y) / PS);
        line_no++;
    } while (pango_layout_iter_next_line(it) && line_no < 2);
    g_ptr_array_free(runs, TRUE);
    g_string_free(s, TRUE);
    pango_layout_iter_free(it);
    g_object_unref(lay);
}
