/* SPDX-License-Identifier: MIT */
/* The output formats: a static table of backends (name, extension, how to
 * make and finish the cairo surface). */
#include <citysnap/version.h>
#include <citysnap/render.h>

#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib.h>

#include "cs-config.h"
#include "cs-private.h"
#include "png-private.h"
#include "renderer-private.h"

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    cs_sink_t *s = closure;
    g_byte_array_append(s->bytes, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
png_create(cs_sink_t *out, const cs_surface_req_t *req)
{
    (void)out;
    return cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)req->w,
                                      (int)req->h);
}

static cairo_status_t
png_finish(cairo_surface_t *s, cs_sink_t *out)
{
    /* libpng with settings chosen for speed (src/png-write.c) */
    return cs_png_write(s, out->png_mode, sink_write, out);
}

static cairo_surface_t *
svg_create(cs_sink_t *out, const cs_surface_req_t *req)
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
pdf_create(cs_sink_t *out, const cs_surface_req_t *req)
{
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(sink_write, out, req->w, req->h);
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                   req->date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, req->date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "citysnap " CS_VERSION_STRING);
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
vector_finish(cairo_surface_t *s, cs_sink_t *out)
{
    (void)out;
    cairo_surface_finish(s);
    return cairo_surface_status(s);
}

static const cs_backend_t backends[CS_FORMAT_COUNT] = {
    [CS_FORMAT_PNG] = {"png", ".png", 0, png_create, png_finish},
    [CS_FORMAT_SVG] = {"svg", ".svg", 1, svg_create, vector_finish},
    [CS_FORMAT_PDF] = {"pdf", ".pdf", 1, pdf_create, vector_finish},
};

const cs_backend_t *
cs_backend_of(cs_format_t f)
{
    return (int)f >= 0 && f < CS_FORMAT_COUNT ? &backends[f] : NULL;
}

const char *
cs_format_name(cs_format_t f)
{
    const cs_backend_t *b = cs_backend_of(f);
    return b ? b->name : NULL;
}

const char *
cs_format_extension(cs_format_t f)
{
    const cs_backend_t *b = cs_backend_of(f);
    return b ? b->extension : NULL;
}

int
cs_format_is_vector(cs_format_t f)
{
    const cs_backend_t *b = cs_backend_of(f);
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
