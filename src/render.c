/* SPDX-License-Identifier: MIT */
/* The render pipeline: place the canvas, build the scene, draw it
 * through a backend, finish the bytes, and write the file. */
#include <citysnap/render.h>

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "renderer-private.h"
#include "scene-private.h"
#include "score-private.h"

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

/* The text mode of @out's drawing: SVG labels are written by
 * cs_svg_glyph_labels() after cairo. */
static cs_text_mode_t
text_mode(const cs_output_t *out)
{
    if (out->format == CS_FORMAT_SVG)
        return TEXT_NONE;
    return out->exclusive ? TEXT_ALONE : TEXT_SAFE;
}

/* Draws @s through backend @b into @bytes, then finishes cairo's bytes
 * (SVG labels and accessibility, PDF boxes, alternative text and
 * language). */
static cs_status_t
draw_bytes(const cs_scene_t *s, const cs_backend_t *b, const cs_output_t *out,
           const cs_surface_req_t *req, double scale, double ox, double oy,
           GByteArray *bytes, cs_diag_t *diag)
{
    cs_sink_t snk = {bytes, out->png_mode};
    cairo_surface_t *surf = b->create(&snk, req);
    cairo_status_t cst = cairo_surface_status(surf);
    cs_status_t st = CS_OK;
    if (cst != CAIRO_STATUS_SUCCESS) {
        st = cs_diag_add(diag, cst == CAIRO_STATUS_NO_MEMORY ? CS_ERR_NOMEM
                                                             : CS_ERR_RENDER,
                         NULL, 0, 0, "cannot create the %s surface: %s",
                         b->name, cairo_status_to_string(cst));
    } else {
        cairo_t *cr = cairo_create(surf);
        /* The whole surface, also a partly covered last pixel row. */
        cs_set_rgb(cr, cs_scene_background(s));
        cairo_paint(cr);
        cairo_translate(cr, ox, oy);
        cairo_scale(cr, scale, scale);
        /* PDF: the wheel is a Figure, for its alternative text (the
         * background is painted above) */
        st = cs_scene_paint_checked(s, cr, text_mode(out), CS_PART_ALL,
                                    out->format == CS_FORMAT_PDF, diag);
        cairo_destroy(cr);
        if (st == CS_OK) {
            cst = b->finish(surf, &snk);
            if (cst != CAIRO_STATUS_SUCCESS)
                st = cs_diag_add(diag, CS_ERR_RENDER, NULL, 0, 0,
                                 "cannot finish the %s output: %s", b->name,
                                 cairo_status_to_string(cst));
        }
    }
    cairo_surface_destroy(surf);
    if (st != CS_OK)
        return st;
    if (out->format == CS_FORMAT_SVG) {
        st = cs_svg_glyph_labels(s, scale, ox, oy, bytes, diag);
        if (st != CS_OK)
            return st;
        cs_svg_accessibility(s, scale, ox, oy, bytes);
        cs_svg_renumber_surfaces(bytes);
    }
    if (out->format == CS_FORMAT_PDF) {
        if (out->page_w_mm > 0)
            cs_pdf_page_boxes(bytes, req->w, req->h,
                              out->bleed_mm * 72.0 / 25.4);
        const char *alts[] = {cs_scene_summary(s)};
        cs_render_pdf_accessible(bytes, cs_scene_lang(s), alts, 1);
    }
    return CS_OK;
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
    if (scores && !cs_scores_match(scores, r->fw))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           CS_SCORES_MISMATCH);
    if (!cs_year_ok(out->year))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "the year must be 1900 to 2999 (got %d)",
                           out->year);
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
    /* The scene fits the labels once; strict mode refuses before
     * anything is drawn. */
    cs_scene_t *s = NULL;
    st = cs_scene_new_year(r, scores, out->previous, name, out->year, &s,
                           diag);
    if (st == CS_OK)
        st = check_strict(out, cs_scene_labels(s), diag);
    if (st != CS_OK) {
        cs_scene_free(s);
        return st;
    }
    char date[32];
    cs_render_pdf_date(date);
    req.svg_mm = out->format == CS_FORMAT_SVG &&
                 (out->width_mm > 0 || out->page_w_mm > 0);
    req.title = cs_scene_title(s);
    req.date = date;
    req.subject = out->format == CS_FORMAT_PDF ? cs_scene_summary(s) : NULL;
    req.keywords = "U4SSC, city snapshot, KPI, sustainable cities";
    GByteArray *bytes = g_byte_array_new();
    if (out->format == CS_FORMAT_SVG && out->svg_text) {
        GString *g = g_string_new(NULL);
        st = cs_svgtext_write(s, req.w, req.h, req.svg_mm, scale, ox, oy, g,
                              diag);
        g_byte_array_append(bytes, (const guint8 *)g->str, (guint)g->len);
        g_string_free(g, TRUE);
    } else {
        st = draw_bytes(s, b, out, &req, scale, ox, oy, bytes, diag);
    }
    if (st == CS_OK) {
        *data = malloc(bytes->len ? bytes->len : 1); /* free() for the
                                                        caller */
        if (*data) {
            memcpy(*data, bytes->data, bytes->len);
            *len = bytes->len;
        } else {
            st = cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                             "out of memory");
        }
    }
    if (st == CS_OK && labels_out)
        *labels_out = cs_scene_take_labels(s);
    g_byte_array_free(bytes, TRUE);
    cs_scene_free(s);
    return st;
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
