/* SPDX-License-Identifier: MIT */
/*
 * Band tables built in code (styles, translations): a copy of a table
 * with some labels and colours replaced, without writing a band file.
 */
#ifndef CS_BANDS_PRIVATE_H
#define CS_BANDS_PRIVATE_H

#include <citysnap/bands.h>

/* A deep copy of @b (free with cs_bands_free()); NULL on OOM or NULL @b. */
cs_bands_t *cs_bands_copy(const cs_bands_t *b);

/* Replaces the legend label of @band with a copy of @label. The label
 * must pass the band file's rules (not empty, UTF-8, no control
 * characters, at most the label limit): CS_ERR_INVALID otherwise, with
 * @name (may be NULL) in the message; @b is then unchanged. */
cs_status_t cs_bands_set_label(cs_bands_t *b, cs_band_t band,
                               const char *label, const char *name,
                               cs_diag_t *diag);

/* Replaces the colour of @band; nothing for a NULL @b or a bad band. */
void cs_bands_set_color(cs_bands_t *b, cs_band_t band, cs_rgb_t color);

#endif
