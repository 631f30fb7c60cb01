/* SPDX-License-Identifier: MIT */
/*
 * The template as an .xlsx workbook (cs_template_xlsx, for
 * cs_template_build): one sheet, "KPIs", the first row bold and frozen
 * with a filter, column widths for the names, every cell an inline string
 * (so that Excel does not turn a code into a date or a number).
 *
 * The package is the smallest one Excel, LibreOffice and the sheet reader
 * (sheet-xlsx.c) open: content types, package and workbook relationships,
 * workbook, styles, one worksheet. Every part has the same fixed time
 * stamp, so the same framework always gives the same bytes.
 */
#include "cs-private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <zip.h>

cs_status_t cs_template_xlsx(GPtrArray *rows, char **data, size_t *len,
                             cs_diag_t *diag);

/* 2024-01-01 00:00:00 UTC: the parts' time stamp. */
#define TEMPLATE_MTIME ((time_t)1704067200)

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType="
    "\"application/vnd.openxmlformats-officedocument.spreadsheetml."
    "worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    "</Types>";

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://"
    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

static const char workbook_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://"
    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship "
    "Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>";

static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"KPIs\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";

/* Style 0: default; 1: bold (the header). */
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
    "2006/main\"><fonts count=\"2\"><font><sz val=\"11\"/><name "
    "val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name "
    "val=\"Calibri\"/></font></fonts><fills count=\"2\"><fill><patternFill "
    "patternType=\"none\"/></fill><fill><patternFill patternType="
    "\"gray125\"/></fill></fills><borders count=\"1\"><border><left/>"
    "<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs "
    "count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
    "borderId=\"0\"/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" "
    "fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" "
    "fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" "
    "xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";

/* Appends @s as XML character data; characters XML 1.0 cannot hold are
 * dropped (the template's texts have none). */
static void
xml_text(GString *o, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': g_string_append(o, "&amp;"); break;
        case '<': g_string_append(o, "&lt;"); break;
        case '>': g_string_append(o, "&gt;"); break;
        case '"': g_string_append(o, "&quot;"); break;
        default:
            if (*p >= 0x20 || *p == '\t' || *p == '\n')
                g_string_append_c(o, (char)*p);
        }
    }
}

static char *
col_letters(size_t col, char *buf)
{
    char tmp[8];
    size_t n = 0;
    for (size_t c = col + 1; c > 0 && n < sizeof(tmp); c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

static GString *
sheet_xml(GPtrArray *rows, size_t n_cols)
{
    /* name columns wide, the rest by their header */
    static const unsigned widths[] = {16, 14, 28, 48, 22, 10, 12, 12, 12};
    GString *o = g_string_new(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
        "2006/main\"><sheetViews><sheetView workbookViewId=\"0\"><pane "
        "ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
        "state=\"frozen\"/></sheetView></sheetViews><cols>");
    for (size_t c = 0; c < n_cols; c++)
        g_string_append_printf(o,
                               "<col min=\"%zu\" max=\"%zu\" width=\"%u\" "
                               "customWidth=\"1\"/>",
                               c + 1, c + 1,
                               c < G_N_ELEMENTS(widths) ? widths[c] : 12);
    g_string_append(o, "</cols><sheetData>");
    for (size_t r = 0; r < rows->len; r++) {
        char **cells = rows->pdata[r];
        g_string_append_printf(o, "<row r=\"%zu\">", r + 1);
        for (size_t c = 0; cells[c]; c++) {
            if (!cells[c][0])
                continue;
            char ref[8];
            g_string_append_printf(o, "<c r=\"%s%zu\"%s t=\"inlineStr\"><is>"
                                      "<t>",
                                   col_letters(c, ref), r + 1,
                                   r == 0 ? " s=\"1\"" : "");
            xml_text(o, cells[c]);
            g_string_append(o, "</t></is></c>");
        }
        g_string_append(o, "</row>");
    }
    char last[8];
    g_string_append_printf(o, "</sheetData><autoFilter ref=\"A1:%s%u\"/>"
                              "</worksheet>",
                           col_letters(n_cols ? n_cols - 1 : 0, last),
                           rows->len ? rows->len : 1);
    return o;
}

static int
add_part(zip_t *za, const char *name, const char *text, size_t len)
{
    zip_source_t *s = zip_source_buffer(za, text, len, 0);
    if (!s)
        return -1;
    zip_int64_t i = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
    if (i < 0) {
        zip_source_free(s);
        return -1;
    }
    zip_file_set_mtime(za, (zip_uint64_t)i, TEMPLATE_MTIME, 0);
    return 0;
}

cs_status_t
cs_template_xlsx(GPtrArray *rows, char **data, size_t *len, cs_diag_t *diag)
{
    *data = NULL;
    *len = 0;
    size_t n_cols = 0;
    if (rows->len)
        n_cols = g_strv_length(rows->pdata[0]);
    GString *sheet = sheet_xml(rows, n_cols);

    cs_status_t st = CS_OK;
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
    if (za)
        zip_source_keep(src); /* zip_close() drops the archive's reference */
    if (!za ||
        add_part(za, "[Content_Types].xml", content_types,
                 strlen(content_types)) ||
        add_part(za, "_rels/.rels", package_rels, strlen(package_rels)) ||
        add_part(za, "xl/workbook.xml", workbook, strlen(workbook)) ||
        add_part(za, "xl/_rels/workbook.xml.rels", workbook_rels,
                 strlen(workbook_rels)) ||
        add_part(za, "xl/styles.xml", styles, strlen(styles)) ||
        add_part(za, "xl/worksheets/sheet1.xml", sheet->str, sheet->len) ||
        zip_close(za) != 0) {
        if (za)
            zip_discard(za);
        st = cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                         "cannot build the .xlsx template (out of memory)");
    }
    /* the archive is in @src: copy it out */
    zip_int64_t size = -1;
    if (st == CS_OK && zip_source_open(src) == 0) {
        if (zip_source_seek(src, 0, SEEK_END) == 0)
            size = zip_source_tell(src);
        char *buf = size > 0 ? malloc((size_t)size) : NULL;
        if (buf && zip_source_seek(src, 0, SEEK_SET) == 0 &&
            zip_source_read(src, buf, (zip_uint64_t)size) == size) {
            *data = buf;
            *len = (size_t)size;
        } else {
            free(buf);
        }
        zip_source_close(src);
    }
    if (st == CS_OK && !*data)
        st = cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                         "cannot build the .xlsx template (out of memory)");
    if (src)
        zip_source_free(src);
    zip_error_fini(&err);
    g_string_free(sheet, TRUE);
    return st;
}
