/* SPDX-License-Identifier: MIT */
/* The render pipeline: place, fit, draw through a backend, finish the
 * bytes, and write the file. */
#include <citysnap/render.h>

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/describe.h>

#include "cs-private.h"
#include "score-private.h"
#include "describe-private.h"
#include "renderer-private.h"

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
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (labels_out)
        *labels_out = NULL;
    if (!r || !out || !data || !len)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_renderer_to_memory: NULL argument");
    if (out->previous && out->format == CS_FORMAT_SVG && out->svg_text)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "the previous bands are not drawn in an SVG with "
                           "editable text (--svg-text) yet");
    if (scores && !cs_scores_match(scores, cs_renderer_framework(r)))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           CS_SCORES_MISMATCH);
    const cs_backend_t *b = cs_backend_of(out->format);
    if (!b)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no output format given");
    cs_surface_req_t req = {0};
    double scale, ox, oy;
    cs_status_t st = cs_renderer_output_place(r, out->format, out, &req.w,
                                              &req.h, &scale, &ox, &oy, diag);
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
    cs_sink_t snk = {g_byte_array_new(), out->png_mode};
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
        cs_set_rgb(cr, r->opt.background);
        cairo_paint(cr);
        cairo_translate(cr, ox, oy);
        cairo_scale(cr, scale, scale);
        /* SVG labels are written by cs_svg_glyph_labels() after cairo */
        int svg = out->format == CS_FORMAT_SVG;
        int pdf = out->format == CS_FORMAT_PDF;
        cs_text_mode_t tm = svg              ? TEXT_NONE
                       : out->exclusive ? TEXT_ALONE
                                        : TEXT_SAFE;
        /* PDF: the wheel is a Figure, for its alternative text (the
         * background is painted above) */
        st = (pdf ? cs_paint_figure : cs_paint)(
            r, cr, scores, out->previous, name, tm, CS_PART_ALL,
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
        st = cs_svg_glyph_labels(r, ls, scores, scale, ox, oy, snk.bytes,
                                 diag);
    if (st == CS_OK && labels_out)
        *labels_out = ls;
    else
        cs_labels_free(ls);
    ls = NULL;
    if (st == CS_OK && out->format == CS_FORMAT_SVG)
        cs_svg_accessibility(r, scores, out->previous, title, name, scale,
                             ox, oy,
                             snk.bytes);
    if (st == CS_OK && out->format == CS_FORMAT_PDF && out->page_w_mm > 0)
        cs_pdf_page_boxes(snk.bytes, req.w, req.h,
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
        cs_svg_renumber_surfaces(snk.bytes);
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
    if (o.format == CS_FORMAT_AUTO &&
        cs_format_from_path(path, &o.format, NULL))
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0,
                           "cannot tell the format from the file name (use "
                           ".png, .svg or .pdf, or give the format)");
    unsigned char *data = NULL;
    size_t len = 0;
    cs_status_t st = cs_renderer_to_memory(r, scores, name, &o, &data, &len,
                                           labels_out, diag);
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
