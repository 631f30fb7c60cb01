/* SPDX-License-Identifier: MIT */
/* Output size and placement: widths, resolutions, print pages. */
#include <citysnap/render.h>

#include <math.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "renderer-private.h"

void
cs_output_init(cs_output_t *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->format = CS_FORMAT_AUTO;
    o->dpi = 300;
}

/* The pixel bound (CS_OUTPUT_MAX_PIXELS) in words, with the largest size
 * that fits: @w x @h px would be too many. */
static cs_status_t
too_many_pixels(double w, double h, double dpi, cs_diag_t *diag)
{
    double k = sqrt((double)CS_OUTPUT_MAX_PIXELS / (w * h));
    return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                       "PNG size %.0f x %.0f px is %.0f million pixels, more "
                       "than the limit of %.0f million (the image needs 4 "
                       "bytes a pixel in memory); at most about %.0f %s, or "
                       "use SVG or PDF",
                       w, h, w * h / 1e6, CS_OUTPUT_MAX_PIXELS / 1e6,
                       floor((dpi > 0 ? dpi : w) * k),
                       dpi > 0 ? "dpi on this page" : "px wide for this layout");
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
        if (W * H > CS_OUTPUT_MAX_PIXELS)
            return too_many_pixels(W, H, out->dpi, diag);
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
    if (!cs_backend_of(format))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "no output format given");
    if (out->page_w_mm != 0 || out->page_h_mm != 0)
        return page_place(r, format, out, w, h, scale, x, y, diag);
    if (out->margin_mm != 0 || out->bleed_mm != 0)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "a margin or bleed needs a page size");
    double cw, ch;
    cs_layout_canvas(r->layout, &cw, &ch);
    if (!cs_backend_of(format))
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
        if (px * py > CS_OUTPUT_MAX_PIXELS)
            return too_many_pixels(px, py, 0, diag);
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
    if (pt < MIN_PX || pth < MIN_PX)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "page size %.1f x %.1f pt is too small (at least "
                           "%.0f pt a side)",
                           pt, pth, MIN_PX);
    if (pt > MAX_PT || pth > MAX_PT)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "page size %.0f x %.0f mm: each side may be at "
                           "most 5000 mm, and the height follows the layout "
                           "(%.3f x the width): at most %.0f mm wide here",
                           pt / 72.0 * 25.4, pth / 72.0 * 25.4, ch / cw,
                           floor(fmin(5000.0, 5000.0 * cw / ch)));
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
