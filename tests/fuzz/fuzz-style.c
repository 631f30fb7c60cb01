/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a style file (cs_style_load_buffer, a GLib key file). When
 * it loads, it is applied to render options, its band colours make a band
 * table, and a renderer is made with it (layout and label fitting with the
 * style's sizes and ring fractions), which must succeed or fail cleanly.
 * Style messages carry FILE:LINE (no column).
 */
#include "fuzz-common.h"

#include <citysnap/style.h>

static cs_fonts_t *fonts;

static void
free_fonts(void)
{
    cs_fonts_free(fonts);
    fonts = NULL;
}

static const cs_fonts_t *
fuzz_fonts(void)
{
    if (!fonts) {
        char *dir = fuzz_data_path("fonts");
        if (cs_fonts_new(dir, &fonts, NULL) != CS_OK) {
            fprintf(stderr, "fuzz: no fonts in %s\n", dir);
            abort();
        }
        g_free(dir);
        atexit(free_fonts);
    }
    return fonts;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diag_t *diag = cs_diag_new();
    cs_style_t *s = NULL;
    cs_status_t st = cs_style_load_buffer(FUZZ_NAME, (const char *)data, size,
                                          &s, diag);
    fuzz_check_result_ex(st, s, diag, 0);
    if (s) {
        FUZZ_ASSERT(cs_style_name(s) != NULL);
        cs_render_options_t o;
        cs_render_options_init(&o);
        cs_style_apply(s, &o);
        cs_bands_t *b = NULL;
        cs_diag_clear(diag);
        st = cs_style_bands(s, fuzz_bands(), NULL, &b, diag);
        fuzz_check_result_ex(st, b, diag, 0);
        if (b) {
            cs_renderer_t *r = NULL;
            cs_diag_t *d2 = cs_diag_new();
            st = cs_renderer_new(fuzz_framework(), b, fuzz_fonts(), &o, &r,
                                 d2);
            FUZZ_ASSERT((st == CS_OK) == (r != NULL));
            FUZZ_ASSERT(st == CS_OK || cs_diag_reported_count(d2) > 0);
            if (r) {
                double w = 0, h = 0;
                cs_renderer_size(r, &w, &h);
                FUZZ_ASSERT(w > 0 && h > 0 && w < 1e7 && h < 1e7);
            }
            cs_renderer_free(r);
            cs_diag_free(d2);
            cs_bands_free(b);
        }
        cs_style_free(s);
    }
    cs_diag_free(diag);
    return 0;
}
