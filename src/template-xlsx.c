/* SPDX-License-Identifier: MIT */
/* The template as .xlsx: not built in this version. */
#include "cs-private.h"

#include <glib.h>

cs_status_t cs_template_xlsx(GPtrArray *rows, char **data, size_t *len,
                             cs_diag_t *diag);

cs_status_t
cs_template_xlsx(GPtrArray *rows, char **data, size_t *len, cs_diag_t *diag)
{
    (void)rows;
    (void)data;
    (void)len;
    return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                       "this citysnap writes the template as .csv only");
}
