/* SPDX-License-Identifier: MIT */
/* Zip-based workbooks (.xlsx, .ods): not read yet. */
#include "sheet-read-private.h"

cs_status_t
cs_sheet_read_zip(const char *name, const char *data, size_t len,
                  const char *sheet_name, cs_sheet_t **out, cs_diag_t *diag)
{
    (void)data;
    (void)len;
    (void)sheet_name;
    *out = NULL;
    return cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                       "this is a zip archive (.xlsx or .ods?), which this "
                       "version cannot read yet: save the sheet as CSV");
}
