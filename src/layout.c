/* SPDX-License-Identifier: MIT */
/* layout: not yet written. */
typedef int cs_layout_placeholder_t;
