/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the whole render path, bytes to a small PNG. The input's
 * first line is the city name (set in the centre of the wheel; used when
 * it is valid UTF-8, as the CLI and the manifest guarantee), the rest is a
 * city file read against the bundled framework and bands; it is scored
 * and rendered with cs_renderer_to_memory() to a 96 px wide PNG, whose
 * signature is checked. The renderer (fonts, layout, shared labels) is
 * made once per process, as the batch does.
 */
#include "fuzz-common.h"

static cs_fonts_t *fonts;
static cs_renderer_t *r;

/* Frees the renderer at exit, so that LeakSanitizer sees what a program
 * that cleans up leaves behind, not the live caches of the renderer. */
static void
free_renderer(void)
{
    cs_renderer_free(r);
    cs_fonts_free(fonts);
    r = NULL;
    fonts = NULL;
}

static const cs_renderer_t *
fuzz_renderer(void)
{
    if (!r) {
        char *dir = fuzz_data_path("fonts");
        cs_diag_t *diag = cs_diag_new();
        if (cs_fonts_new(dir, &fonts, diag) != CS_OK ||
            cs_renderer_new(fuzz_framework(), fuzz_bands(), fonts, NULL, &r,
                            diag) != CS_OK) {
            fprintf(stderr, "fuzz: cannot make a renderer (fonts in %s)\n",
                    dir);
            abort();
        }
        cs_diag_free(diag);
        g_free(dir);
        atexit(free_renderer);
    }
    return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cs_renderer_t *rend = fuzz_renderer();
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t name_len = nl ? (size_t)(nl - text) : size;
    char *name = NULL;
    if (name_len <= 1000 && g_utf8_validate(text, (gssize)name_len, NULL) &&
        !memchr(text, '\0', name_len))
        name = g_strndup(text, name_len);
    const char *csv = nl ? nl + 1 : text + size;
    size_t csv_len = size - (size_t)(csv - text);

    cs_diag_t *diag = cs_diag_new();
    cs_city_t *city = NULL;
    cs_status_t st = cs_city_load_buffer(fuzz_framework(), FUZZ_NAME, csv,
                                         csv_len, &city, diag);
    fuzz_check_result(st, city, diag);
    if (city) {
        cs_scores_t *sc = NULL;
        cs_scores_compute(fuzz_framework(), fuzz_bands(),
                                            NULL, city, &sc, NULL);
        FUZZ_ASSERT(sc);
        cs_output_t out;
        cs_output_init(&out);
        out.format = CS_FORMAT_PNG;
        out.width_px = 96;
        unsigned char *png = NULL;
        size_t len = 0;
        cs_labels_t *labels = NULL;
        cs_diag_clear(diag);
        st = cs_renderer_to_memory(rend, sc, name, &out, &png, &len, &labels,
                                 diag);
        if (st != CS_OK) {
            for (size_t i = 0; i < cs_diag_entry_count(diag); i++) {
                char *m = cs_diag_entry_format(cs_diag_get(diag, i));
                fprintf(stderr, "%s\n", m);
                free(m);
            }
        }
        FUZZ_ASSERT(st == CS_OK);
        FUZZ_ASSERT(png && len > 8 && !memcmp(png, "\x89PNG\r\n\x1a\n", 8));
        FUZZ_ASSERT(labels && cs_labels_count(labels) > 0);
        free(png);
        cs_labels_free(labels);
        cs_scores_free(sc);
        cs_city_free(city);
    }
    cs_diag_free(diag);
    g_free(name);
    return 0;
}
