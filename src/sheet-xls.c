/* SPDX-License-Identifier: MIT */
/*
 * Excel 97-2003 workbooks (.xls, BIFF) through libfreexl.
 *
 * libfreexl gives each cell's type and value, with strings already in
 * UTF-8 and dates already as text, but not the number formats: a
 * percent-formatted 0.97 reads as the number 0.97 with percent 0. Merged
 * regions are not exposed either, nor the value of a formula whose result
 * is a boolean or a string (such a cell reads as empty). The file is read by libfreexl as a
 * whole (it is at most CS_CSV_MAX_BYTES; libfreexl checks its own
 * structures and reports a crafted file as FREEXL_CRAFTED_FILE); the
 * sheet's declared dimensions are checked against our limits before any
 * cell is read.
 */
#include "sheet-read-private.h"

#include <string.h>

#include <freexl.h>
#include <glib.h>

static const char *
freexl_why(int ret)
{
    switch (ret) {
    case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
    case FREEXL_CFBF_INVALID_SECTOR_SIZE:
        return "not a valid Excel 97-2003 file (broken OLE2 header)";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR:
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
        return "the file is truncated or corrupt (OLE2 structure)";
    case FREEXL_BIFF_INVALID_BOF:
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX:
    case FREEXL_ILLEGAL_RK_VALUE:
        return "the workbook data is corrupt";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return "an OLE2 file without an Excel workbook (a password-protected "
               ".xlsx, or a Word or other Office document?)";
    case FREEXL_INVALID_CHARACTER:
    case FREEXL_UNSUPPORTED_CHARSET:
        return "text in a character set that cannot be converted";
    case FREEXL_CRAFTED_FILE:
        return "the file is corrupt (inconsistent structures)";
    default:
        return "the file cannot be read as an Excel 97-2003 workbook";
    }
}

static cs_status_t
fail(cs_diag_t *diag, const char *name, int ret, const char *what)
{
    return cs_diag_add(diag,
                       ret == FREEXL_INSUFFICIENT_MEMORY ? CS_ERR_NOMEM
                                                         : CS_ERR_PARSE,
                       name, 0, 0, "%s: %s", what, freexl_why(ret));
}

/* Finds the sheet to read and names every sheet in @b's book. */
static cs_status_t
pick_sheet(const void *h, const char *name, const char *sheet_name,
           cs_sheet_builder_t *b, unsigned short *index, cs_diag_t *diag)
{
    unsigned int count = 0;
    int ret = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count);
    if (ret != FREEXL_OK)
        return fail(diag, name, ret, "cannot list the sheets");
    if (count == 0)
        return cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                           "the workbook has no sheets");
    if (count > CS_SHEET_MAX_SHEETS)
        return cs_diag_add(diag, CS_ERR_LIMIT, name, 0, 0,
                           "the workbook has %u sheets, more than the "
                           "limit of %u",
                           count, CS_SHEET_MAX_SHEETS);
    int found = -1;
    for (unsigned i = 0; i < count; i++) {
        const char *sn = NULL;
        ret = freexl_get_worksheet_name(h, (unsigned short)i, &sn);
        if (ret != FREEXL_OK)
            return fail(diag, name, ret, "cannot read a sheet name");
        cs_sheet_builder_add_book_name(b, sn ? sn : "");
        if (found < 0 && (!sheet_name || (sn && !strcmp(sn, sheet_name))))
            found = (int)i;
    }
    if (found < 0) {
        size_t n = cs_sheet_builder_book_count(b);
        const char **names = g_new0(const char *, n);
        for (size_t i = 0; i < n; i++) {
            const char *sn = NULL;
            freexl_get_worksheet_name(h, (unsigned short)i, &sn);
            names[i] = sn ? sn : "";
        }
        cs_status_t st = cs_sheet_missing(diag, name, sheet_name, names, n);
        g_free(names);
        return st;
    }
    const char *sn = NULL;
    freexl_get_worksheet_name(h, (unsigned short)found, &sn);
    cs_sheet_builder_set_name(b, sn ? sn : "");
    *index = (unsigned short)found;
    return CS_OK;
}

static cs_status_t
put_value(cs_sheet_builder_t *b, const FreeXL_CellValue *v, unsigned row,
          unsigned col, cs_diag_t *diag)
{
    cs_sheet_cell_t cell;
    memset(&cell, 0, sizeof(cell));
    cell.row = row;
    cell.col = col;
    char *own = NULL;
    switch (v->type) {
    case FREEXL_CELL_INT:
        cell.kind = CS_CELL_NUMBER;
        cell.number = v->value.int_value;
        own = g_strdup_printf("%d", v->value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        cell.kind = CS_CELL_NUMBER;
        cell.number = v->value.double_value;
        own = cs_numfmt_display(cell.number, NULL);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        cell.kind = CS_CELL_TEXT;
        cell.text = v->value.text_value ? v->value.text_value : "";
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        cell.kind = CS_CELL_TEXT;
        cell.date = 1;
        cell.text = v->value.text_value ? v->value.text_value : "";
        break;
    default:
        return CS_OK;
    }
    if (own)
        cell.text = own;
    /* libfreexl checks the charset conversion; check UTF-8 anyway, since
     * everything downstream relies on it. */
    cell.len = strlen(cell.text);
    cs_status_t st;
    if (!g_utf8_validate(cell.text, (gssize)cell.len, NULL))
        st = cs_sheet_builder_diag(b, diag, CS_ERR_PARSE, row, col,
                                   "cell text is not valid Unicode");
    else
        st = cs_sheet_builder_put(b, &cell, diag);
    g_free(own);
    return st;
}

cs_status_t
cs_sheet_read_xls(const char *path, const char *name, const char *sheet_name,
                  cs_sheet_t **out, cs_diag_t *diag)
{
    *out = NULL;
    const void *h = NULL;
    int ret = freexl_open(path, &h);
    if (ret != FREEXL_OK) {
        if (h)
            freexl_close(h);
        return fail(diag, name, ret, "cannot read the workbook");
    }
    unsigned int pw = 0;
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK &&
        pw == FREEXL_BIFF_OBFUSCATED) {
        freexl_close(h);
        return cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                           "the workbook is password-protected (save it "
                           "without a password)");
    }
    cs_sheet_builder_t *b = cs_sheet_builder_new(name, CS_SHEET_FORMAT_XLS);
    unsigned short index = 0;
    cs_status_t st = pick_sheet(h, name, sheet_name, b, &index, diag);
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (st == CS_OK) {
        ret = freexl_select_active_worksheet(h, index);
        if (ret == FREEXL_OK)
            ret = freexl_worksheet_dimensions(h, &rows, &cols);
        if (ret != FREEXL_OK)
            st = fail(diag, name, ret, "cannot read the sheet");
    }
    if (st == CS_OK && (unsigned long long)rows * cols > 16u * 1024u * 1024u)
        st = cs_sheet_builder_diag(b, diag, CS_ERR_LIMIT, 0, 0,
                                   "the sheet declares %u rows and %u "
                                   "columns, too many to read",
                                   rows, (unsigned)cols);
    for (unsigned r = 0; r < rows && st == CS_OK; r++) {
        for (unsigned c = 0; c < cols && st == CS_OK; c++) {
            FreeXL_CellValue v;
            ret = freexl_get_cell_value(h, r, (unsigned short)c, &v);
            if (ret != FREEXL_OK)
                st = cs_sheet_builder_diag(b, diag, CS_ERR_PARSE, r + 1,
                                           c + 1, "cannot read the cell: %s",
                                           freexl_why(ret));
            else
                st = put_value(b, &v, r + 1, c + 1, diag);
        }
    }
    freexl_close(h);
    if (st != CS_OK) {
        cs_sheet_builder_free(b);
        return st;
    }
    return cs_sheet_builder_finish(b, out, diag);
}
