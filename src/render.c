/* SPDX-License-Identifier: MIT */
/* The renderer: one drawing routine, a table of backends, atomic files. */
#include <citysnap/render.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "cs-config.h"
#include "cs-private.h"
#include "describe-private.h"
#include "png-private.h"
#include "render-private.h"
#include "svgglyph-private.h"
#include "text-private.h"

#include <citysnap/describe.h>

/* ---- backends ------------------------------------------------------------- */

typedef struct sink {
    GByteArray *bytes;
    cs_png_mode_t png_mode; /* PNG backend: compression */
} sink;

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    g_byte_array_append(s->bytes, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* What a backend needs to know to make its surface. */
typedef struct surface_req {
    double w, h;        /* surface size (px, pt, or mm for SVG in mm) */
    int svg_mm;         /* SVG document unit is mm */
    const char *title;  /* PDF metadata */
    const char *subject;  /* PDF metadata: the plain-language summary */
    const char *keywords; /* PDF metadata */
    const char *date;   /* PDF dates, ISO 8601 */
} surface_req;

typedef struct backend {
    const char *name;
    const char *extension;
    int is_vector;
    cairo_surface_t *(*create)(sink *out, const surface_req *req);
    cairo_status_t (*finish)(cairo_surface_t *s, sink *out);
} backend;

static cairo_surface_t *
png_create(sink *out, const surface_req *req)
{
    (void)out;
    return cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)req->w,
                                      (int)req->h);
}

static cairo_status_t
png_finish(cairo_surface_t *s, sink *out)
{
    /* libpng with settings chosen for speed (src/png-write.c) */
    return cs_png_write(s, out->png_mode, sink_write, out);
}

static cairo_surface_t *
svg_create(sink *out, const surface_req *req)
{
    cairo_surface_t *s =
        cairo_svg_surface_create_for_stream(sink_write, out, req->w, req->h);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    if (req->svg_mm)
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_MM);
    else
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    return s;
}

static cairo_surface_t *
pdf_create(sink *out, const surface_req *req)
{
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(sink_write, out, req->w, req->h);
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                   req->date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, req->date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "citysnap " CS_VERSION);
    if (req->title && *req->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                       req->title);
    if (req->subject && *req->subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
                                       req->subject);
    if (req->keywords && *req->keywords)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS,
                                       req->keywords);
    return s;
}

static cairo_status_t
vector_finish(cairo_surface_t *s, sink *out)
{
    (void)out;
    cairo_surface_finish(s);
    return cairo_surface_status(s);
}

static const backend backends[CS_FORMAT_COUNT] = {
    [CS_FORMAT_PNG] = {"png", ".png", 0, png_create, png_finish},
    [CS_FORMAT_SVG] = {"svg", ".svg", 1, svg_create, vector_finish},
    [CS_FORMAT_PDF] = {"pdf", ".pdf", 1, pdf_create, vector_finish},
};

static const backend *
backend_of(cs_format_t f)
{
    return (int)f >= 0 && f < CS_FORMAT_COUNT ? &backends[f] : NULL;
}

const char *
cs_format_name(cs_format_t f)
{
    const backend *b = backend_of(f);
    return b ? b->name : NULL;
}

const char *
cs_format_extension(cs_format_t f)
{
    const backend *b = backend_of(f);
    return b ? b->extension : NULL;
}

int
cs_format_is_vector(cs_format_t f)
{
    const backend *b = backend_of(f);
    return b ? b->is_vector : 0;
}

cs_status_t
cs_format_from_name(const char *name, cs_format_t *out, cs_diag_t *diag)
{
    if (!name || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_format_from_name: NULL argument");
    for (int i = 0; i < CS_FORMAT_COUNT; i++) {
        if (!g_ascii_strcasecmp(name, backends[i].name)) {
            *out = (cs_format_t)i;
            return CS_OK;
        }
    }
    return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                       "unknown format '%s' (png, svg or pdf)", name);
}

cs_status_t
cs_format_from_path(const char *path, cs_format_t *out, cs_diag_t *diag)
{
    if (!path || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_format_from_path: NULL argument");
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return cs_diag_add(diag, CS_ERR_INVALID, path, 0, 0,
                           "no file name extension (.png, .svg or .pdf)");
    return cs_format_from_name(dot + 1, out, diag);
}

/* ---- options and renderer ------------------------------------------------- */

void
cs_render_options_init(cs_render_options_t *o)
{
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

struct cs_renderer {
    const cs_framework_t *fw;
    const cs_bands_t *bands;
    const cs_fonts_t *fonts;
    cs_render_options_t opt;
    char *title, *source, *lang;
    char *families[7]; /* copies of the label styles' families */
    cs_describe_words_t words; /* its strings are in word_strings */
    GPtrArray *word_strings;
    cs_layout_t *layout;
    cs_labels_t *labels;
};

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
    *out = NULL;
    if (!fw || !bands || !fonts)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_new: framework, bands and fonts are "
                           "required");
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
                                               r->source, diag)
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
    cs_layout_canvas(r->layout, width, height);
}

const cs_layout_t *
cs_renderer_layout(const cs_renderer_t *r)
{
    return r->layout;
}

const cs_labels_t *
cs_renderer_shared_labels(const cs_renderer_t *r)
{
    return r->labels;
}

static cs_status_t
city_labels(const cs_renderer_t *r, cs_text_ctx_t *c, const char *name,
            cs_labels_t **out, cs_diag_t *diag)
{
    *out = cs_labels_new(r->labels);
    if (!*out)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_status_t st = cs_labels_add_name(*out, c, r->layout, &r->opt.labels,
                                        name, diag);
    if (st != CS_OK) {
        cs_labels_free(*out);
        *out = NULL;
    }
    return st;
}

cs_status_t
cs_renderer_city_labels(const cs_renderer_t *r, const char *name, cs_labels_t **out,
                 cs_diag_t *diag)
{
    *out = NULL;
    cs_text_ctx_t *c = cs_text_ctx_acquire(r->fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_status_t st = city_labels(r, c, name, out, diag);
    cs_text_ctx_release(r->fonts, c);
    return st;
}

/* ---- drawing -------------------------------------------------------------- */

static double
lin(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG relative luminance. */
static double
luminance(cs_rgb_t c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double
cs_render_contrast(cs_rgb_t a, cs_rgb_t b)
{
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

cs_rgb_t
cs_render_text_color(cs_rgb_t bg)
{
    cs_rgb_t black = {0, 0, 0}, white = {1, 1, 1};
    return cs_render_contrast(bg, black) >= cs_render_contrast(bg, white)
               ? black
               : white;
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

cs_band_t
cs_render_wedge_band(const cs_scores_t *s, cs_ring_t ring, size_t i)
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

static void
set_rgb(cairo_t *cr, cs_rgb_t c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void
wedge_path(cairo_t *cr, cs_point_t c, const cs_wedge_t *w)
{
    cairo_new_path(cr);
    if (w->a1 - w->a0 >= 2 * G_PI - 1e-9) {
        cairo_arc(cr, c.x, c.y, w->r1, 0, 2 * G_PI);
        cairo_close_path(cr);
        if (w->r0 > 0) {
            cairo_new_sub_path(cr);
            cairo_arc_negative(cr, c.x, c.y, w->r0, 2 * G_PI, 0);
            cairo_close_path(cr);
        }
        return;
    }
    cairo_arc(cr, c.x, c.y, w->r1, w->a0 - G_PI / 2, w->a1 - G_PI / 2);
    if (w->r0 > 0)
        cairo_arc_negative(cr, c.x, c.y, w->r0, w->a1 - G_PI / 2,
                           w->a0 - G_PI / 2);
    else
        cairo_line_to(cr, c.x, c.y);
    cairo_close_path(cr);
}

cs_rgb_t
cs_render_hatch_color(cs_rgb_t bg)
{
    cs_rgb_t t = cs_render_text_color(bg);
    double k = 0.55; /* towards the opposite of the text colour */
    double to = t.r > 0.5 ? 0 : 1;
    return (cs_rgb_t){bg.r + (to - bg.r) * k, bg.g + (to - bg.g) * k,
                      bg.b + (to - bg.b) * k};
}

/* Hatches the current path (which is consumed) with @band's pattern; the
 * lines lie on a grid fixed to the canvas, so neighbouring wedges of one
 * band join up. */
static void
hatch_path(const cs_renderer_t *r, cairo_t *cr, cs_band_t band)
{
    const cs_render_options_t *o = &r->opt;
    cs_hatch_t h = o->hatch[band];
    if (h == CS_HATCH_NONE) {
        cairo_new_path(cr);
        return;
    }
    cairo_save(cr);
    cairo_clip(cr);
    double x0, y0, x1, y1;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    set_rgb(cr, cs_render_hatch_color(cs_bands_color(r->bands, band)));
    double s = o->hatch_spacing, lw = o->hatch_width;
    cairo_set_line_width(cr, lw);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    if (h == CS_HATCH_DOTS) {
        for (double y = floor(y0 / s) * s; y <= y1 + s; y += s)
            for (double x = floor(x0 / s) * s; x <= x1 + s; x += s) {
                double off = fmod(fabs(round(y / s)), 2) ? s / 2 : 0;
                cairo_new_sub_path(cr);
                cairo_arc(cr, x + off, y, lw, 0, 2 * G_PI);
            }
        cairo_fill(cr);
        cairo_restore(cr);
        return;
    }
    if (h == CS_HATCH_HORIZONTAL)
        for (double y = floor(y0 / s) * s; y <= y1; y += s) {
            cairo_move_to(cr, x0, y);
            cairo_line_to(cr, x1, y);
        }
    if (h == CS_HATCH_VERTICAL)
        for (double x = floor(x0 / s) * s; x <= x1; x += s) {
            cairo_move_to(cr, x, y0);
            cairo_line_to(cr, x, y1);
        }
    double d = s * G_SQRT2;
    if (h == CS_HATCH_DIAGONAL || h == CS_HATCH_CROSS)
        for (double c = floor((x0 + y0) / d) * d; c <= x1 + y1; c += d) {
            cairo_move_to(cr, c - y0, y0); /* x + y = c */
            cairo_line_to(cr, c - y1, y1);
        }
    if (h == CS_HATCH_BACKDIAGONAL || h == CS_HATCH_CROSS)
        for (double c = floor((x0 - y1) / d) * d; c <= x1 - y0; c += d) {
            cairo_move_to(cr, c + y0, y0); /* x - y = c */
            cairo_line_to(cr, c + y1, y1);
        }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void
draw_wheel(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores)
{
    const cs_layout_t *l = r->layout;
    const cs_render_options_t *o = &r->opt;
    cs_point_t c = cs_layout_centre(l);
    size_t n = cs_layout_wedge_count(l);
    for (size_t i = 0; i < n; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, i);
        cs_band_t band = cs_render_wedge_band(scores, w->ring, w->index);
        set_rgb(cr, cs_bands_color(r->bands, band));
        wedge_path(cr, c, w);
        cairo_fill_preserve(cr);
        hatch_path(r, cr, band);
    }
    set_rgb(cr, o->separator);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    /* KPI separators first, so the wider group and dimension lines are on
     * top. */
    for (int level = 3; level >= 1; level--) {
        double lw = o->separator_width[level - 1];
        if (lw <= 0)
            continue;
        cairo_set_line_width(cr, lw);
        size_t ns = cs_layout_separator_count(l);
        for (size_t i = 0; i < ns; i++) {
            const cs_separator_t *s = cs_layout_get_separator(l, i);
            if (s->level != level)
                continue;
            cs_point_t p0 = cs_layout_polar(c, s->angle, s->r0);
            cs_point_t p1 = cs_layout_polar(c, s->angle, s->r1);
            cairo_move_to(cr, p0.x, p0.y);
            cairo_line_to(cr, p1.x, p1.y);
        }
        cairo_stroke(cr);
    }
    if (o->ring_width > 0) {
        cairo_set_line_width(cr, o->ring_width);
        for (int k = 1; k <= 2; k++) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, c.x, c.y, cs_layout_radius(l, k), 0, 2 * G_PI);
        }
        cairo_stroke(cr);
    }
}

static void
draw_legend(const cs_renderer_t *r, cairo_t *cr)
{
    if (cs_layout_legend_box(r->layout).h <= 0)
        return; /* CS_LEGEND_NONE */
    cs_band_t order[CS_BAND_COUNT];
    cs_bands_legend_order(r->bands, order);
    for (size_t i = 0; i < CS_BAND_COUNT; i++) {
        cs_rect_t sw;
        cs_layout_get_legend_entry(r->layout, i, &sw, NULL);
        set_rgb(cr, cs_bands_color(r->bands, order[i]));
        cairo_rectangle(cr, sw.x, sw.y, sw.w, sw.h);
        cairo_fill_preserve(cr);
        hatch_path(r, cr, order[i]);
    }
}

static cs_rgb_t
label_rgb(const cs_renderer_t *r, const cs_label_t *l,
          const cs_scores_t *scores)
{
    size_t idx;
    int ring = cs_label_on_ring(l, &idx);
    if (ring)
        return cs_render_text_color(cs_bands_color(
            r->bands, cs_render_wedge_band(scores, ring, idx)));
    return r->opt.ink;
}

/* The part of the picture a label belongs to. */
static unsigned
label_part(const cs_label_t *l)
{
    switch (l->kind) {
    case CS_LABEL_LEGEND:
    case CS_LABEL_SOURCE:
        return CS_PART_LEGEND;
    case CS_LABEL_TITLE:
        return CS_PART_TITLE;
    default:
        return CS_PART_WHEEL;
    }
}

static void
draw_labels(const cs_renderer_t *r, cairo_t *cr, cs_text_ctx_t *c,
            const cs_labels_t *ls, const cs_scores_t *scores, int alone,
            unsigned parts)
{
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        if (!(label_part(l) & parts))
            continue;
        set_rgb(cr, label_rgb(r, l, scores));
        cs_label_draw(c, cr, l, alone);
    }
}

typedef enum text_mode {
    TEXT_NONE,  /* labels left out (*labels_out gets them all the same) */
    TEXT_SAFE,  /* other threads may render meanwhile */
    TEXT_ALONE  /* no other thread uses cairo text (cs_output_t.exclusive) */
} text_mode;

static cs_status_t
render_draw(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores,
            const char *name, text_mode text, unsigned parts,
            cs_labels_t **labels_out, cs_diag_t *diag)
{
    if (labels_out)
        *labels_out = NULL;
    if (!r || !cr)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_draw: NULL argument");
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                           "cairo context in error before drawing: %s",
                           cairo_status_to_string(cairo_status(cr)));
    cs_text_ctx_t *c = cs_text_ctx_acquire(r->fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_labels_t *ls = NULL;
    cs_status_t st = city_labels(r, c, name, &ls, diag);
    if (st == CS_OK) {
        double w, h;
        cs_layout_canvas(r->layout, &w, &h);
        cairo_save(cr);
        cairo_set_font_options(cr, cs_fonts_options(r->fonts));
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
        if (parts & CS_PART_BACKGROUND) {
            cairo_rectangle(cr, 0, 0, w, h);
            set_rgb(cr, r->opt.background);
            cairo_fill(cr);
        }
        if (parts & CS_PART_WHEEL)
            draw_wheel(r, cr, scores);
        if (parts & CS_PART_LEGEND)
            draw_legend(r, cr);
        if (text != TEXT_NONE)
            draw_labels(r, cr, c, ls, scores, text == TEXT_ALONE, parts);
        cairo_restore(cr);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            st = cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                             "drawing failed: %s",
                             cairo_status_to_string(cairo_status(cr)));
    }
    cs_text_ctx_release(r->fonts, c);
    if (st == CS_OK && labels_out)
        *labels_out = ls;
    else
        cs_labels_free(ls);
    return st;
}

cs_status_t
cs_renderer_draw(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores,
               const char *name, cs_labels_t **labels_out, cs_diag_t *diag)
{
    return render_draw(r, cr, scores, name, TEXT_SAFE, CS_PART_ALL,
                       labels_out, diag);
}

cs_status_t
cs_render_draw_parts(const cs_renderer_t *r, cairo_t *cr,
                     const cs_scores_t *scores, const char *name,
                     unsigned parts, cs_diag_t *diag)
{
    return render_draw(r, cr, scores, name, TEXT_SAFE, parts, NULL, diag);
}

/* @parts, but not the background, as one PDF Figure structure element
 * (its /Alt: cs_render_pdf_accessible). Paint the background first:
 * cairo drops the commands before an opaque fill of the whole page, the
 * tag's start among them. */
static cs_status_t
render_figure(const cs_renderer_t *r, cairo_t *cr, const cs_scores_t *scores,
              const char *name, text_mode text, unsigned parts,
              cs_labels_t **labels_out, cs_diag_t *diag)
{
    cairo_tag_begin(cr, "Figure", "");
    cs_status_t st = render_draw(r, cr, scores, name, text,
                                 parts & ~(unsigned)CS_PART_BACKGROUND,
                                 labels_out, diag);
    cairo_tag_end(cr, "Figure");
    return st;
}

cs_status_t
cs_render_draw_figure(const cs_renderer_t *r, cairo_t *cr,
                      const cs_scores_t *scores, const char *name,
                      cs_diag_t *diag)
{
    return render_figure(r, cr, scores, name, TEXT_SAFE, CS_PART_ALL, NULL,
                         diag);
}

/* The labels @ls into cairo's SVG @svg as glyph outlines (svgglyph.c). */
static cs_status_t
svg_labels(const cs_renderer_t *r, const cs_labels_t *ls,
           const cs_scores_t *scores, double scale, double ox, double oy,
           GByteArray *svg, cs_diag_t *diag)
{
    cs_text_ctx_t *c = cs_text_ctx_acquire(r->fonts);
    if (!c)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    cs_svgglyph_t *w = cs_svgglyph_new();
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        cs_svgglyph_label(w, c, l, label_rgb(r, l, scores));
    }
    cs_text_ctx_release(r->fonts, c);
    cs_status_t st = cs_svgglyph_insert(w, scale, ox, oy, svg, diag);
    cs_svgglyph_free(w);
    return st;
}

/* ---- output --------------------------------------------------------------- */

void
cs_output_init(cs_output_t *o)
{
    memset(o, 0, sizeof *o);
    o->format = CS_FORMAT_AUTO;
    o->dpi = 300;
}

#define MAX_PX 20000.0
#define MIN_PX 16.0
#define MAX_PT (5000.0 / 25.4 * 72.0)

cs_status_t
cs_output_page_from_name(const char *name, double *w_mm, double *h_mm,
                         cs_diag_t *diag)
{
    static const struct {
        const char *name;
        double w, h;
    } pages[] = {{"a4", 210, 297}, {"a5", 148, 210}, {"square", 210, 210}};
    if (!name || !w_mm || !h_mm)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_output_page_from_name: NULL argument");
    for (size_t i = 0; i < G_N_ELEMENTS(pages); i++) {
        if (!g_ascii_strcasecmp(name, pages[i].name)) {
            *w_mm = pages[i].w;
            *h_mm = pages[i].h;
            return CS_OK;
        }
    }
    return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                       "unknown page '%s' (a4, a5 or square)", name);
}

#define MAX_BLEED_MM 25.0

/* Surface units per mm: px at the resolution, mm (SVG), pt (PDF). */
static double
page_unit(cs_format_t format, const cs_output_t *out)
{
    if (format == CS_FORMAT_PNG)
        return out->dpi / 25.4;
    if (format == CS_FORMAT_SVG)
        return 1.0;
    return 72.0 / 25.4;
}

/* Size and placement on a print page (out->page_w_mm > 0). */
static cs_status_t
page_place(const cs_renderer_t *r, cs_format_t format, const cs_output_t *out,
           double *w, double *h, double *scale, double *x, double *y,
           cs_diag_t *diag)
{
    double cw, ch;
    cs_layout_canvas(r->layout, &cw, &ch);
    double pw = out->page_w_mm, ph = out->page_h_mm, m = out->margin_mm,
           b = out->bleed_mm;
    if (!isfinite(pw) || !isfinite(ph) || !(pw >= 10 && ph >= 10) ||
        pw > 5000 || ph > 5000)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "page size must be 10 to 5000 mm");
    if (out->width_px > 0 || out->width_mm > 0 || out->width_pt > 0)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "give a page or a width, not both");
    if (!(m >= 0) || !(2 * m < fmin(pw, ph) - 5))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "margin %g mm leaves no room on a %g x %g mm page",
                           m, pw, ph);
    if (!(b >= 0 && b <= MAX_BLEED_MM))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "bleed must be 0 to %g mm", MAX_BLEED_MM);
    if (format == CS_FORMAT_PNG && !(out->dpi >= 10 && out->dpi <= 10000))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "resolution must be 10 to 10000 dpi");
    double u = page_unit(format, out);
    double iw = pw - 2 * m, ih = ph - 2 * m;
    double s = fmin(iw / cw, ih / ch); /* mm per design unit */
    double ox = b + m + (iw - cw * s) / 2, oy = b + m + (ih - ch * s) / 2;
    double W = (pw + 2 * b) * u, H = (ph + 2 * b) * u;
    if (format == CS_FORMAT_PNG) {
        W = round(W);
        H = round(H);
        if (W < MIN_PX || H < MIN_PX || W > MAX_PX || H > MAX_PX)
            return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                               "PNG size %.0f x %.0f px is out of range "
                               "(%.0f to %.0f px)",
                               W, H, MIN_PX, MAX_PX);
    }
    *w = W;
    *h = H;
    *scale = s * u;
    *x = ox * u;
    *y = oy * u;
    return CS_OK;
}

static cs_status_t
output_place(const cs_renderer_t *r, cs_format_t format, const cs_output_t *out,
             double *w, double *h, double *scale, double *x, double *y,
             cs_diag_t *diag)
{
    *x = *y = 0;
    if (!backend_of(format))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no output format given");
    if (out->page_w_mm != 0 || out->page_h_mm != 0)
        return page_place(r, format, out, w, h, scale, x, y, diag);
    if (out->margin_mm != 0 || out->bleed_mm != 0)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "a margin or bleed needs a page size");
    double cw, ch;
    cs_layout_canvas(r->layout, &cw, &ch);
    if (!backend_of(format))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no output format given");
    if (out->width_px < 0 || out->width_mm < 0 || out->width_pt < 0 ||
        !isfinite(out->width_px) || !isfinite(out->width_mm) ||
        !isfinite(out->width_pt))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "the output size must be positive");
    if (format == CS_FORMAT_PNG) {
        double px = 2000;
        if (out->width_px > 0) {
            px = out->width_px;
        } else if (out->width_mm > 0) {
            if (!(out->dpi >= 10 && out->dpi <= 10000))
                return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                                   "resolution must be 10 to 10000 dpi");
            px = out->width_mm / 25.4 * out->dpi;
        }
        px = round(px);
        double py = round(px * ch / cw);
        if (px < MIN_PX || py < MIN_PX || px > MAX_PX || py > MAX_PX)
            return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                               "PNG size %.0f x %.0f px is out of range "
                               "(%.0f to %.0f px)",
                               px, py, MIN_PX, MAX_PX);
        *w = px;
        *h = py;
        *scale = px / cw;
        return CS_OK;
    }
    double pt = cw, mm = 0;
    if (out->width_mm > 0) {
        mm = out->width_mm;
        pt = mm / 25.4 * 72.0;
    } else if (out->width_pt > 0) {
        pt = out->width_pt;
    }
    double pth = pt * ch / cw;
    if (pt < MIN_PX || pth < MIN_PX || pt > MAX_PT || pth > MAX_PT)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "page size %.1f x %.1f pt is out of range", pt,
                           pth);
    if (format == CS_FORMAT_SVG && mm > 0) {
        /* cairo writes SVG sizes in the document unit: draw in mm */
        *w = mm;
        *h = mm * ch / cw;
        *scale = mm / cw;
    } else {
        *w = pt;
        *h = pth;
        *scale = pt / cw;
    }
    return CS_OK;
}

cs_status_t
cs_renderer_output_place(const cs_renderer_t *r, cs_format_t format,
                         const cs_output_t *out, double *w, double *h,
                         double *scale, double *x, double *y, cs_diag_t *diag)
{
    double x0, y0;
    if (!r || !out || !w || !h || !scale)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_output_place: NULL argument");
    return output_place(r, format, out, w, h, scale, x ? x : &x0,
                        y ? y : &y0, diag);
}

/*
 * cairo names SVG groups "surface<N>" after a process-wide surface counter,
 * so two renders in one process would differ. Renumber them in order of
 * first appearance (ids are written before they are referenced).
 */
static void
svg_renumber_surfaces(GByteArray *b)
{
    static const char key[] = "surface";
    const size_t klen = sizeof key - 1;
    GHashTable *map = g_hash_table_new(g_int64_hash, g_int64_equal);
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(gint64));
    GByteArray *out = g_byte_array_sized_new(b->len);
    size_t i = 0, start = 0, n = b->len;
    const guint8 *d = b->data;
    while (i + klen < n) {
        const guint8 *hit = memmem(d + i, n - i, key, klen);
        if (!hit)
            break;
        i = (size_t)(hit - d);
        if (i == 0 || (d[i - 1] != '"' && d[i - 1] != '#') ||
            i + klen >= n || !g_ascii_isdigit(d[i + klen])) {
            i += klen;
            continue;
        }
        size_t j = i + klen;
        gint64 v = 0;
        while (j < n && g_ascii_isdigit(d[j]) &&
               v < (G_GINT64_CONSTANT(1) << 50))
            v = v * 10 + (d[j++] - '0');
        gpointer got = g_hash_table_lookup(map, &v);
        gint64 id;
        if (got) {
            id = (gint64)GPOINTER_TO_SIZE(got);
        } else {
            g_array_append_val(keys, v);
            id = (gint64)keys->len;
            gint64 *k = g_new(gint64, 1);
            *k = v;
            g_hash_table_insert(map, k, GSIZE_TO_POINTER((gsize)id));
        }
        char num[40];
        int len = g_snprintf(num, sizeof num, "surface%" G_GINT64_FORMAT, id);
        g_byte_array_append(out, d + start, (guint)(i - start));
        g_byte_array_append(out, (const guint8 *)num, (guint)len);
        i = start = j;
    }
    g_byte_array_append(out, d + start, (guint)(n - start));
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, map);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_free(k);
    g_hash_table_destroy(map);
    g_array_free(keys, TRUE);
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, out->data, out->len);
    g_byte_array_free(out, TRUE);
}

static void
svg_num(GString *g, double v)
{
    cs_svg_num(g, v, 3);
}

static void
svg_pt(GString *g, cs_point_t p, double scale)
{
    svg_num(g, p.x * scale);
    g_string_append_c(g, ' ');
    svg_num(g, p.y * scale);
}

static void
svg_escaped(GString *g, const char *tag, const char *text)
{
    char *e = g_markup_escape_text(text ? text : "", -1);
    g_string_append_printf(g, "<%s>%s</%s>", tag, e, tag);
    g_free(e);
}

/*
 * Accessibility for cairo's SVG: a <title> and <desc> (the plain-language
 * summary) for the chart right after the <svg> tag, and on top an
 * invisible copy of every KPI wedge (<path>, no fill, no stroke, but
 * pointer events, so it shows as a tooltip) with its own <title> (label)
 * and <desc> (value, target, band).
 */
static void
svg_accessibility(const cs_renderer_t *r, const cs_scores_t *scores,
                  const char *title, const char *name, double scale,
                  double ox, double oy, GByteArray *b)
{
    const char *d = (const char *)b->data;
    const char *svg = g_strstr_len(d, b->len, "<svg");
    const char *gt = svg ? memchr(svg, '>', b->len - (size_t)(svg - d)) : NULL;
    const char *end = g_strrstr_len(d, b->len, "</svg>");
    if (!gt || !end || end < gt)
        return;
    GString *head = g_string_new("\n");
    svg_escaped(head, "title", title);
    char *sum =
        cs_describe_summary_text(r->fw, r->bands, scores, name, &r->words);
    g_string_append_c(head, '\n');
    svg_escaped(head, "desc", sum);
    free(sum);
    GString *tail = g_string_new("<g id=\"kpi-wedges\" fill=\"none\" "
                                 "stroke=\"none\" pointer-events=\"all\"");
    if (ox != 0 || oy != 0) {
        g_string_append(tail, " transform=\"translate(");
        svg_num(tail, ox);
        g_string_append_c(tail, ' ');
        svg_num(tail, oy);
        g_string_append(tail, ")\"");
    }
    g_string_append(tail, ">\n");
    cs_point_t c = cs_layout_centre(r->layout);
    size_t first, n;
    first = cs_layout_ring_first(r->layout, CS_RING_KPI, &n);
    for (size_t i = 0; i < n; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(r->layout, first + i);
        const cs_kpi_t *k = cs_framework_get_kpi(r->fw, w->index);
        g_string_append_printf(tail, "<path id=\"kpi-%zu\" d=\"M ",
                               w->index);
        int large = w->a1 - w->a0 > G_PI;
        svg_pt(tail, cs_layout_polar(c, w->a0, w->r1), scale);
        g_string_append(tail, " A ");
        svg_num(tail, w->r1 * scale);
        g_string_append_c(tail, ' ');
        svg_num(tail, w->r1 * scale);
        g_string_append_printf(tail, " 0 %d 1 ", large);
        svg_pt(tail, cs_layout_polar(c, w->a1, w->r1), scale);
        g_string_append(tail, " L ");
        svg_pt(tail, cs_layout_polar(c, w->a1, w->r0), scale);
        g_string_append(tail, " A ");
        svg_num(tail, w->r0 * scale);
        g_string_append_c(tail, ' ');
        svg_num(tail, w->r0 * scale);
        g_string_append_printf(tail, " 0 %d 0 ", large);
        svg_pt(tail, cs_layout_polar(c, w->a0, w->r0), scale);
        g_string_append(tail, " Z\">");
        svg_escaped(tail, "title", k->label);
        char *desc =
            cs_describe_kpi_text(r->fw, r->bands, scores, w->index, &r->words);
        svg_escaped(tail, "desc", desc);
        free(desc);
        g_string_append(tail, "</path>\n");
    }
    g_string_append(tail, "</g>\n");
    size_t at1 = (size_t)(gt + 1 - d), at2 = (size_t)(end - d);
    GByteArray *o = g_byte_array_sized_new(b->len + head->len + tail->len);
    g_byte_array_append(o, b->data, (guint)at1);
    g_byte_array_append(o, (const guint8 *)head->str, (guint)head->len);
    g_byte_array_append(o, b->data + at1, (guint)(at2 - at1));
    g_byte_array_append(o, (const guint8 *)tail->str, (guint)tail->len);
    g_byte_array_append(o, b->data + at2, (guint)(b->len - at2));
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, o->data, o->len);
    g_byte_array_free(o, TRUE);
    g_string_free(head, TRUE);
    g_string_free(tail, TRUE);
}

/*
 * Inserts @ins into cairo's PDF @b at byte @at (which must lie before the
 * cross-reference table), then shifts every object offset behind @at in
 * the table and the startxref value by the bytes inserted. cairo 1.16
 * writes one classic xref table ("xref\n0 N\n" and N 20-byte entries).
 * Returns 0, or -1 leaving @b unchanged when its structure is not the
 * expected one.
 */
static int
pdf_insert(GByteArray *b, size_t at, const char *ins)
{
    const char *d = (const char *)b->data;
    const char *xref = NULL, *sx = NULL, *hit = d;
    /* (memmem: g_strstr_len stops at the streams' NUL bytes) */
    while ((hit = memmem(hit, b->len - (size_t)(hit - d), "\nxref\n", 6)))
        xref = hit++;
    hit = d;
    while ((hit = memmem(hit, b->len - (size_t)(hit - d), "\nstartxref\n",
                         11)))
        sx = hit++;
    if (!xref || !sx || (size_t)(xref - d) < at || sx < xref)
        return -1;
    size_t delta = strlen(ins);
    char *end = NULL;
    guint64 first = g_ascii_strtoull(xref + 6, &end, 10);
    guint64 n = end && *end == ' ' ? g_ascii_strtoull(end + 1, &end, 10) : 0;
    if (first != 0 || !end || *end != '\n' || n == 0 ||
        (size_t)(end + 1 - d) + n * 20 > b->len)
        return -1;
    char *entries = (char *)(end + 1);
    char *send = NULL;
    guint64 start = g_ascii_strtoull(sx + 11, &send, 10);
    if (start < at || !send || *send != '\n')
        return -1;
    for (guint64 i = 0; i < n; i++) {
        char *e = entries + i * 20;
        if (e[17] != 'n')
            continue;
        guint64 off = g_ascii_strtoull(e, NULL, 10);
        if (off >= at) {
            char buf[12];
            g_snprintf(buf, sizeof buf, "%010" G_GUINT64_FORMAT,
                       off + delta);
            memcpy(e, buf, 10);
        }
    }
    /* the buffer is not NUL-terminated: copy what follows the number by
     * length ("\n%%EOF\n") */
    GString *tail = g_string_new(NULL);
    g_string_printf(tail, "\nstartxref\n%" G_GUINT64_FORMAT, start + delta);
    g_string_append_len(tail, send, (gssize)(b->len - (size_t)(send - d)));
    size_t sx_at = (size_t)(sx - d);
    g_byte_array_set_size(b, (guint)sx_at);
    g_byte_array_append(b, (const guint8 *)tail->str, (guint)tail->len);
    GByteArray *o = g_byte_array_sized_new(b->len + (guint)delta);
    g_byte_array_append(o, b->data, (guint)at);
    g_byte_array_append(o, (const guint8 *)ins, (guint)delta);
    g_byte_array_append(o, b->data + at, (guint)(b->len - at));
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, o->data, o->len);
    g_byte_array_free(o, TRUE);
    g_string_free(tail, TRUE);
    return 0;
}

/*
 * cairo 1.16 cannot set a page's TrimBox and BleedBox: add them to the
 * (only) page dictionary after its /MediaBox.
 */
static void
pdf_page_boxes(GByteArray *b, double w, double h, double bleed)
{
    const char *d = (const char *)b->data;
    const char *mb = memmem(d, b->len, "/MediaBox [", 11);
    const char *close = mb ? memchr(mb, ']', b->len - (size_t)(mb - d)) : NULL;
    if (!close)
        return;
    GString *ins = g_string_new(NULL);
    const double box[2][4] = {{bleed, bleed, w - bleed, h - bleed},
                              {0, 0, w, h}};
    for (int k = 0; k < 2; k++) {
        g_string_append(ins, k ? "\n   /BleedBox [" : "\n   /TrimBox [");
        for (int i = 0; i < 4; i++) {
            char num[G_ASCII_DTOSTR_BUF_SIZE];
            g_ascii_formatd(num, sizeof num, "%.6f", box[k][i]);
            g_string_append_printf(ins, " %s", num);
        }
        g_string_append(ins, " ]");
    }
    pdf_insert(b, (size_t)(close + 1 - d), ins->str);
    g_string_free(ins, TRUE);
}

/*
 * Accessibility: the wheel is drawn inside a Figure structure element
 * (cairo_tag_begin), and cairo 1.16 cannot give it alternative text nor
 * mark the document as tagged. Add /Alt (the plain-language summary, as a
 * UTF-16BE text string) to that element and /MarkInfo to the catalog.
 */
static void
pdf_figure_alt(GByteArray *b, const char *const *alts, size_t n)
{
    size_t from = 0;
    for (size_t k = 0; k < n; k++) {
        const char *d = (const char *)b->data;
        const char *fig = memmem(d + from, b->len - from, "/S /Figure", 10);
        if (!fig)
            break;
        from = (size_t)(fig + 10 - d);
        glong len = 0;
        gunichar2 *u =
            alts[k] ? g_utf8_to_utf16(alts[k], -1, NULL, &len, NULL) : NULL;
        if (!u)
            continue;
        GString *ins = g_string_new("\n   /Alt <FEFF");
        for (glong i = 0; i < len; i++)
            g_string_append_printf(ins, "%04X", (unsigned)u[i]);
        g_string_append(ins, ">");
        if (pdf_insert(b, from, ins->str) == 0)
            from += ins->len;
        g_string_free(ins, TRUE);
        g_free(u);
    }
    const char *d = (const char *)b->data;
    const char *cat = memmem(d, b->len, "/Type /Catalog", 14);
    if (cat && memmem(d, b->len, "/StructTreeRoot", 15))
        pdf_insert(b, (size_t)(cat + 14 - d),
                   "\n   /MarkInfo << /Marked true >>");
}


/*
 * cairo 1.16 cannot set the document language: add /Lang to the catalog
 * (after its "/Type /Catalog") so screen readers pick the right voice.
 * @lang is a BCP 47 tag such as "en" or "nb"; anything else is skipped.
 */
static void
pdf_catalog_lang(GByteArray *b, const char *lang)
{
    if (!lang || !*lang || strlen(lang) > 35)
        return;
    for (const char *p = lang; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-')
            return;
    const char *d = (const char *)b->data;
    const char *cat = memmem(d, b->len, "/Type /Catalog", 14);
    if (!cat)
        return;
    char *ins = g_strdup_printf("\n   /Lang (%s)", lang);
    pdf_insert(b, (size_t)(cat + 14 - d), ins);
    g_free(ins);
}

void
cs_render_pdf_accessible(GByteArray *pdf, const char *lang,
                         const char *const *alts, size_t n)
{
    pdf_catalog_lang(pdf, lang);
    pdf_figure_alt(pdf, alts, n);
}

/* The PDF date: SOURCE_DATE_EPOCH when set and valid, else the epoch. */
void
cs_render_pdf_date(char buf[32])
{
    gint64 t = 0;
    const char *s = g_getenv("SOURCE_DATE_EPOCH");
    if (s && *s) {
        char *end = NULL;
        gint64 v = g_ascii_strtoll(s, &end, 10);
        if (end && !*end && v >= 0 && v < G_GINT64_CONSTANT(253402300799))
            t = v;
    }
    GDateTime *dt = g_date_time_new_from_unix_utc(t);
    char *f = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S") : NULL;
    g_strlcpy(buf, f ? f : "1970-01-01T00:00:00", 32);
    g_free(f);
    if (dt)
        g_date_time_unref(dt);
}

static cs_status_t
check_strict(const cs_output_t *out, const cs_labels_t *ls, cs_diag_t *diag)
{
    if (!out->strict || cs_labels_worst(ls) < CS_FIT_ELLIPSIZED)
        return CS_OK;
    size_t n = cs_labels_count(ls);
    for (size_t i = 0; i < n; i++) {
        const cs_label_t *l = cs_labels_get(ls, i);
        if (l->outcome == CS_FIT_ELLIPSIZED)
            cs_diag_add(diag, CS_ERR_FIT, NULL, 0, 0,
                        "%s label \"%s\" had to be truncated",
                        cs_label_kind_name(l->kind), l->text);
    }
    return CS_ERR_FIT;
}

cs_status_t
cs_renderer_to_memory(const cs_renderer_t *r, const cs_scores_t *scores,
                    const char *name, const cs_output_t *out,
                    unsigned char **data, size_t *len,
                    cs_labels_t **labels_out, cs_diag_t *diag)
{
    *data = NULL;
    *len = 0;
    if (labels_out)
        *labels_out = NULL;
    if (!r || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_to_memory: NULL argument");
    const backend *b = backend_of(out->format);
    if (!b)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no output format given");
    surface_req req = {0};
    double scale, ox, oy;
    cs_status_t st = cs_renderer_output_place(r, out->format, out, &req.w, &req.h,
                                     &scale, &ox, &oy, diag);
    if (st != CS_OK)
        return st;
    /* Fit first: strict mode refuses before anything is drawn. */
    cs_labels_t *ls = NULL;
    st = cs_renderer_city_labels(r, name, &ls, diag);
    if (st == CS_OK)
        st = check_strict(out, ls, diag);
    cs_labels_free(ls);
    ls = NULL;
    if (st != CS_OK)
        return st;

    char date[32];
    cs_render_pdf_date(date);
    const char *tkeys[] = {"name", NULL};
    const char *tvals[] = {name};
    char *named = name && *name
                      ? cs_describe_fill(r->words.title_named, tkeys, tvals)
                      : NULL;
    char *title = g_strdup(*r->title ? r->title
                           : named   ? named
                                     : r->words.title);
    free(named);
    req.svg_mm = out->format == CS_FORMAT_SVG &&
                 (out->width_mm > 0 || out->page_w_mm > 0);
    req.title = title;
    req.date = date;
    char *subject = out->format == CS_FORMAT_PDF
                        ? cs_describe_summary_text(r->fw, r->bands, scores,
                                                name, &r->words)
                        : NULL;
    req.subject = subject;
    req.keywords = "U4SSC, city snapshot, KPI, sustainable cities";
    if (out->format == CS_FORMAT_SVG && out->svg_text) {
        GString *g = g_string_new(NULL);
        st = cs_svgtext_write(r, scores, name, title, req.w, req.h,
                              req.svg_mm, scale, ox, oy, g, diag);
        free(subject);
        g_free(title);
        if (st == CS_OK && labels_out)
            st = cs_renderer_city_labels(r, name, labels_out, diag);
        if (st != CS_OK) {
            g_string_free(g, TRUE);
            return st;
        }
        *data = malloc(g->len ? g->len : 1); /* (free() for the caller) */
        if (!*data) {
            g_string_free(g, TRUE);
            if (labels_out) {
                cs_labels_free(*labels_out);
                *labels_out = NULL;
            }
            return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                               "out of memory");
        }
        memcpy(*data, g->str, g->len);
        *len = g->len;
        g_string_free(g, TRUE);
        return CS_OK;
    }
    sink snk = {g_byte_array_new(), out->png_mode};
    cairo_surface_t *s = b->create(&snk, &req);
    cairo_status_t cst = cairo_surface_status(s);
    if (cst != CAIRO_STATUS_SUCCESS) {
        st = cs_diag_add(diag, cst == CAIRO_STATUS_NO_MEMORY ? CS_ERR_NOMEM
                                                             : CS_ERR_RENDER,
                         NULL, 0, 0, "cannot create the %s surface: %s",
                         b->name, cairo_status_to_string(cst));
    } else {
        cairo_t *cr = cairo_create(s);
        /* The whole surface, also a partly covered last pixel row. */
        set_rgb(cr, r->opt.background);
        cairo_paint(cr);
        cairo_translate(cr, ox, oy);
        cairo_scale(cr, scale, scale);
        /* SVG labels are written by svg_labels() after cairo is done */
        int svg = out->format == CS_FORMAT_SVG;
        int pdf = out->format == CS_FORMAT_PDF;
        text_mode tm = svg              ? TEXT_NONE
                       : out->exclusive ? TEXT_ALONE
                                        : TEXT_SAFE;
        /* PDF: the wheel is a Figure, for its alternative text (the
         * background is painted above) */
        st = (pdf ? render_figure : render_draw)(
            r, cr, scores, name, tm, CS_PART_ALL,
            svg || labels_out ? &ls : NULL, diag);
        cairo_destroy(cr);
        if (st == CS_OK) {
            cst = b->finish(s, &snk);
            if (cst != CAIRO_STATUS_SUCCESS)
                st = cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                                 "cannot finish the %s output: %s", b->name,
                                 cairo_status_to_string(cst));
        }
    }
    cairo_surface_destroy(s);
    if (st == CS_OK && out->format == CS_FORMAT_SVG)
        st = svg_labels(r, ls, scores, scale, ox, oy, snk.bytes, diag);
    if (st == CS_OK && labels_out)
        *labels_out = ls;
    else
        cs_labels_free(ls);
    ls = NULL;
    if (st == CS_OK && out->format == CS_FORMAT_SVG)
        svg_accessibility(r, scores, title, name, scale, ox, oy, snk.bytes);
    if (st == CS_OK && out->format == CS_FORMAT_PDF && out->page_w_mm > 0)
        pdf_page_boxes(snk.bytes, req.w, req.h,
                       out->bleed_mm * 72.0 / 25.4);
    if (st == CS_OK && out->format == CS_FORMAT_PDF) {
        const char *alts[] = {subject};
        cs_render_pdf_accessible(snk.bytes, r->lang, alts, 1);
    }
    g_free(title);
    free(subject);
    if (st != CS_OK) {
        if (labels_out) {
            cs_labels_free(*labels_out);
            *labels_out = NULL;
        }
        g_byte_array_free(snk.bytes, TRUE);
        return st;
    }
    if (out->format == CS_FORMAT_SVG)
        svg_renumber_surfaces(snk.bytes);
    *len = snk.bytes->len;
    *data = malloc(*len ? *len : 1);
    if (!*data) {
        g_byte_array_free(snk.bytes, TRUE);
        if (labels_out) {
            cs_labels_free(*labels_out);
            *labels_out = NULL;
        }
        *len = 0;
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    memcpy(*data, snk.bytes->data, *len);
    g_byte_array_free(snk.bytes, TRUE);
    return CS_OK;
}

/* Writes all of @data to @fd; 0 or an errno value. */
static int
write_all(int fd, const unsigned char *data, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, data + done, len - done);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        done += (size_t)k;
    }
    return 0;
}

cs_status_t
cs_write_file_atomic(const char *path, const unsigned char *data, size_t len,
                     cs_diag_t *diag)
{
    if (!path || !*path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, "no output file");
    /* An existing output that is neither a regular file nor a folder (a
     * device such as /dev/stdout or /dev/null, a FIFO) is written in
     * place: renaming a temporary file over it would replace the device. */
    GStatBuf sb;
    if (g_stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) &&
        !S_ISDIR(sb.st_mode)) {
        int fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);
        if (fd < 0) {
            int e = errno;
            return cs_diag_add(diag, CS_ERR_IO, path, 0, 0, "cannot open: %s",
                               g_strerror(e));
        }
        int e = write_all(fd, data, len);
        if (close(fd) != 0 && !e)
            e = errno;
        if (e)
            return cs_diag_add(diag, CS_ERR_IO, path, 0, 0,
                               "cannot write: %s", g_strerror(e));
        return CS_OK;
    }
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmp = g_strdup_printf("%s%c.%s.tmp-XXXXXX", dir, G_DIR_SEPARATOR,
                                base);
    g_free(dir);
    g_free(base);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        g_free(tmp);
        return cs_diag_add(diag, CS_ERR_IO, path, 0, 0,
                           "cannot create a temporary file next to it: %s",
                           g_strerror(e));
    }
    int err = write_all(fd, data, len);
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && g_rename(tmp, path) != 0)
        err = errno;
    if (err) {
        g_unlink(tmp);
        g_free(tmp);
        return cs_diag_add(diag, CS_ERR_IO, path, 0, 0, "cannot write: %s",
                           g_strerror(err));
    }
    g_free(tmp);
    return CS_OK;
}

cs_status_t
cs_renderer_to_file(const cs_renderer_t *r, const cs_scores_t *scores,
                  const char *name, const char *path, const cs_output_t *out,
                  cs_labels_t **labels_out, cs_diag_t *diag)
{
    if (labels_out)
        *labels_out = NULL;
    if (!r || !out || !path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_to_file: NULL argument");
    cs_output_t o = *out;
    if (o.format == CS_FORMAT_AUTO && cs_format_from_path(path, &o.format, NULL))
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "cannot tell the format from the file name (use "
                           ".png, .svg or .pdf, or give the format)");
    unsigned char *data = NULL;
    size_t len = 0;
    cs_status_t st =
        cs_renderer_to_memory(r, scores, name, &o, &data, &len, labels_out, diag);
    if (st != CS_OK)
        return st;
    st = cs_write_file_atomic(path, data, len, diag);
    free(data);
    if (st != CS_OK && labels_out) {
        cs_labels_free(*labels_out);
        *labels_out = NULL;
    }
    return st;
}
