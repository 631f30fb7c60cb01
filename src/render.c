/* SPDX-License-Identifier: MIT */
/* render: not yet written. */
typedef int cs_render_placeholder_t;
