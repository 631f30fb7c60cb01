/* SPDX-License-Identifier: MIT */
/*
 * Styles (themes): a GLib key file with the fonts, sizes, colours, ring
 * radii, separator widths, legend and source line of the wheel. The
 * defaults are data/styles/default.ini; colourblind.ini and greyscale.ini
 * ship as ready styles.
 *
 * Groups and keys (every key optional; a missing key keeps the default):
 *   [style]       name, description
 *   [fonts]       family (all labels)
 *   [kpi] [group] [dimension] [name] [title] [legend] [source]
 *                 family, bold (true/false), size, min-size, lines (1|2)
 *   [colours]     background, ink, separator ("#rrggbb")
 *   [bands]       95plus, 66to95, 33to66, below33, nodata, notarget,
 *                 fewdata ("#rrggbb": the band colours of wedges and legend)
 *   [hatch]       the band keys (none, diagonal, backdiagonal, cross,
 *                 horizontal, vertical, dots), width, spacing
 *   [rings]       hole, ring1, ring2 (fractions of the outer radius),
 *                 outer-min, outer-max (fractions of half the wheel box),
 *                 label-gap, label-pad, ring-pad
 *   [separators]  dimension, group, kpi, ring (line widths)
 *   [page]        width, margin (design units, pt at the natural size)
 *   [legend]      position (bottom, right or none), width (right), row,
 *                 swatch, gap
 *   [source]      line (text; "" for none), height
 *   [coverage]    min (0..100: a group or dimension with less than this
 *                 % of its KPIs scored is drawn as not enough data)
 *
 * Every problem is reported as FILE:LINE: message (GKeyFile does not give
 * lines for values, so the file is scanned for the key's line); unknown
 * groups and keys are errors, so typos do not pass silently.
 */
#ifndef CITYSNAP_STYLE_H
#define CITYSNAP_STYLE_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/bands.h>
#include <citysnap/render.h>
#include <citysnap/text.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed style. Immutable: share freely between threads. */
typedef struct cs_style cs_style_t;

/** Reads a style file. On failure *@out is NULL and @diag has every
 * problem with its line. */
CS_API cs_status_t cs_style_load(const char *path, cs_style_t **out,
                                 cs_diag_t *diag);
/** Same, from memory (@name in messages; @data need not end in NUL). */
CS_API cs_status_t cs_style_load_buffer(const char *name, const char *data,
                                        size_t len, cs_style_t **out,
                                        cs_diag_t *diag);
/** Frees @s; NULL allowed. Strings put into options by cs_style_apply()
 * end with it. */
CS_API void cs_style_free(cs_style_t *s);

/**
 * Checks that every font family @s names is one of @f's (the bundled
 * fonts, or --fonts DIR): CS_OK, or CS_ERR_INVALID at the key's FILE:LINE
 * naming the families there are. CS_ERR_ARG for NULL.
 */
CS_API cs_status_t cs_style_check_fonts(const cs_style_t *s,
                                        const cs_fonts_t *f, cs_diag_t *diag);

/** The style's name ([style] name, else the file's base name). */
CS_API const char *cs_style_name(const cs_style_t *s);

/**
 * Applies the style to @o (initialised with cs_render_options_init()
 * first). Strings put into @o are borrowed from @s.
 */
CS_API void cs_style_apply(const cs_style_t *s, cs_render_options_t *o);

/** 1 when the style sets [coverage] min, with the value in *@pct. */
CS_API int cs_style_min_coverage(const cs_style_t *s, double *pct);

/** 1 when the style sets band colour @band, with the colour in *@c. */
CS_API int cs_style_band_color(const cs_style_t *s, cs_band_t band,
                               cs_rgb_t *c);

/**
 * A new band table: @base with the band colours of @s (NULL: none) and the
 * legend labels @labels (NULL, or CS_BAND_COUNT entries, NULL entries
 * keep the base label). Thresholds, points and legend order are @base's.
 * On success *@out is a new table to free with cs_bands_free(); on
 * failure it is NULL: CS_ERR_ARG for a NULL @base or @out, CS_ERR_INVALID
 * for a label that is empty, not UTF-8, has a control character or is
 * over the label limit.
 */
CS_API cs_status_t cs_style_bands(const cs_style_t *s, const cs_bands_t *base,
                                  const char *const *labels, cs_bands_t **out,
                                  cs_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
