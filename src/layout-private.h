/* SPDX-License-Identifier: MIT */
/* Internal helpers of the layout module shared with text and render. */
#ifndef CS_LAYOUT_PRIVATE_H
#define CS_LAYOUT_PRIVATE_H

#include <glib.h>
#include <citysnap/layout.h>

/* Appends @v as "%.3f" in the C locale ("-0.000" printed as "0.000"). */
void cs_dump_num(GString *s, double v);
/* Appends " v0 v1 ..." for @n values. */
void cs_dump_nums(GString *s, const double *v, size_t n);
/* Frees @s and returns a malloc() copy of its text (free()), NULL on OOM. */
char *cs_dump_finish(GString *s);

#endif
