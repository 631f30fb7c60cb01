/* SPDX-License-Identifier: MIT */
/* Fonts: a private fontconfig set from one folder, pinned font options,
 * and a pool of Pango contexts with their caches. */
#include <citysnap/text.h>

#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "cs-private.h"
#include "fonts-private.h"

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
    if (out)
        *out = NULL;
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, dir, 0, 0, "no output pointer");
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
        /* regular files only: fontconfig's open() would wait forever on
         * a FIFO named like a font */
        GStatBuf sb;
        if (g_stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
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
    return f ? f->n_faces : 0;
}

const char *
cs_fonts_family(const cs_fonts_t *f)
{
    return f ? f->family : NULL;
}

int
cs_fonts_covers(const cs_fonts_t *f, const char *text)
{
    if (!f || !text || !g_utf8_validate(text, -1, NULL))
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

PangoFontDescription *
cs_font_desc(const char *family, int bold, double size)
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
    if (!f || !text)
        return NULL;
    cs_text_ctx_t *c = cs_text_ctx_acquire(f);
    if (!c)
        return NULL;
    PangoFontDescription *d = cs_font_desc(family ? family : f->family, 0, 10);
    PangoLayout *lay = pango_layout_new(c->pc);
    pango_layout_set_font_description(lay, d);
    pango_layout_set_text(lay, text, -1);
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

int
cs_fonts_has_family(const cs_fonts_t *f, const char *family)
{
    if (!f || !family)
        return 0;
    FcFontSet *set = FcConfigGetFonts(f->config, FcSetApplication);
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *fam = NULL;
        for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k,
                                           &fam) == FcResultMatch;
             k++)
            if (!g_ascii_strcasecmp((const char *)fam, family))
                return 1;
    }
    return 0;
}

char *
cs_fonts_families(const cs_fonts_t *f)
{
    if (!f)
        return NULL;
    GPtrArray *seen = g_ptr_array_new();
    FcFontSet *set = FcConfigGetFonts(f->config, FcSetApplication);
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *fam = NULL;
        if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &fam) !=
            FcResultMatch)
            continue;
        int dup = 0;
        for (guint k = 0; k < seen->len && !dup; k++)
            dup = !strcmp(seen->pdata[k], (const char *)fam);
        if (!dup)
            g_ptr_array_add(seen, fam);
    }
    GString *g = g_string_new(NULL);
    for (guint k = 0; k < seen->len; k++)
        g_string_append_printf(g, "%s%s", k ? ", " : "",
                               (const char *)seen->pdata[k]);
    g_ptr_array_free(seen, TRUE);
    char *out = strdup(g->str);
    g_string_free(g, TRUE);
    return out;
}
