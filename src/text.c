/* SPDX-License-Identifier: MIT */
/* text: not yet written. */
typedef int cs_text_placeholder_t;
