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

/* The first layout parameter of @p that is out of range or inconsistent
 * with the others ("width", "margin", "legend_row", ... as the fields are
 * named), or NULL when all are fine: the one check that
 * cs_layout_compute() makes and that a style file is held to at load. */
const char *cs_layout_params_problem(const cs_layout_params_t *p);

#endif
