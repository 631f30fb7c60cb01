/* SPDX-License-Identifier: MIT */
/* Fitting a text into a room: shrink, wrap onto two lines, ellipsize. */
#include <citysnap/text.h>
#include <citysnap/render.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <pango/pangocairo.h>

#include "cs-private.h"
#include "fonts-private.h"

#define SIZE_STEP 0.25

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

cs_status_t
cs_text_check_length(const char *what, const char *text, cs_diag_t *diag)
{
    if (!text)
        return CS_OK;
    glong n = g_utf8_strlen(text, -1);
    if (n <= (glong)CS_RENDER_MAX_TEXT_CHARS)
        return CS_OK;
    return cs_diag_add(diag, CS_ERR_LIMIT, NULL, 0, 0,
                       "%s is %ld characters long, more than the limit of %u",
                       what, (long)n, CS_RENDER_MAX_TEXT_CHARS);
}

/* Valid UTF-8, control characters as spaces, runs of spaces collapsed,
 * no leading or trailing space. g_free(). */
char *
cs_text_clean(const char *text)
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

void
cs_text_setup_layout(PangoLayout *lay, const char *family, int bold,
                     double size, const char *text, double ellipsize,
                     int lines)
{
    PangoFontDescription *d = cs_font_desc(family, bold, size);
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
    cs_text_setup_layout(c->layout, family, bold, size, text, ellipsize,
                         lines);
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
 * wider line. NULL when @text has no space. g_free().
 *
 * Near-linear: the text is shaped once and every glyph's advance is
 * added up by the byte its cluster starts at, so the width of any part is
 * a difference of two prefix sums (in logical order, whatever the
 * direction); only the few best splits by that estimate are measured for
 * real (kerning and shaping across the break can differ a little). */
#define SPLIT_CANDIDATES 4

static char *
best_split(cs_text_ctx_t *c, const char *family, int bold, double size,
           const char *text)
{
    size_t n = strlen(text);
    if (n < 3 || !strchr(text + 1, ' '))
        return NULL;
    cs_text_setup_layout(c->layout, family, bold, size, text, 0, 1);
    double *cum = g_new0(double, n + 1); /* advance of glyphs before byte */
    PangoLayoutIter *it = pango_layout_get_iter(c->layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run)
            continue;
        const PangoGlyphString *gs = run->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            size_t at = (size_t)(run->item->offset + gs->log_clusters[g]);
            if (at < n)
                cum[at + 1] += gs->glyphs[g].geometry.width / PS;
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    for (size_t i = 1; i <= n; i++)
        cum[i] += cum[i - 1];
    /* the best few splits by estimate */
    size_t cand[SPLIT_CANDIDATES];
    double est[SPLIT_CANDIDATES];
    int nc = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (text[i] != ' ')
            continue;
        double e = fmax(cum[i], cum[n] - cum[i + 1]);
        int k = nc < SPLIT_CANDIDATES ? nc++ : SPLIT_CANDIDATES;
        if (k == SPLIT_CANDIDATES && e >= est[k - 1] - 1e-9)
            continue;
        if (k == SPLIT_CANDIDATES)
            k--;
        while (k > 0 && est[k - 1] > e + 1e-9) {
            est[k] = est[k - 1];
            cand[k] = cand[k - 1];
            k--;
        }
        est[k] = e;
        cand[k] = i;
    }
    g_free(cum);
    /* measured, in text order among equals, as before */
    char *best = NULL;
    double best_w = INFINITY;
    size_t best_i = 0;
    for (int k = 0; k < nc; k++) {
        size_t i = cand[k];
        char *a = g_strndup(text, i);
        const char *b = text + i + 1;
        double wa, wb, h;
        measure(c, family, bold, size, a, 0, 1, &wa, &h);
        measure(c, family, bold, size, b, 0, 1, &wb, &h);
        double w = fmax(wa, wb);
        if (w < best_w - 1e-9 || (fabs(w - best_w) <= 1e-9 && i < best_i)) {
            best_w = w;
            best_i = i;
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
    char *t = cs_text_clean(text);
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
    if (!f || !text || !style || !room || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_text_fit: NULL argument");
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
    char *t = cs_text_clean(text);
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
