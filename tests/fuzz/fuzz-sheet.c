/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the sheet readers (src/sheet*.c). Mutating a zip mostly
 * breaks its checksums, so the first byte chooses what the rest is:
 *   'x': the XML of an .xlsx sheet part, 's': its shared strings,
 *   'y': its styles, 'w': its workbook part, 'o': an .ods content.xml
 *   (each wrapped in a stored zip with the other parts of a small valid
 *   workbook);
 *   anything else: the whole input as a file (text, zip or OLE2).
 * Checks the error contract and that every cell of a grid is consistent.
 */
#include "fuzz-common.h"

#include <math.h>

#include <zip.h>

#include "sheet-private.h"

#define FUZZ_SHEET_NAME "fuzz-input"

static const char wb_xml[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships\"><sheets><sheet name=\"Ark1\" r:id=\"rId1\"/>"
    "<sheet name=\"Ark 2\" r:id=\"rId2\" state=\"hidden\"/></sheets>"
    "</workbook>";
static const char wb_rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"x/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/><Relationship Id=\"rId4\" "
    "Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
static const char sheet_xml[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" s=\"1\"><v>0.97</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>"
    "x</t></is></c></row></sheetData><mergeCells><mergeCell ref=\"A1:A3\"/>"
    "</mergeCells></worksheet>";
static const char sst_xml[] =
    "<sst><si><t>KPI</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si>"
    "</sst>";
static const char styles_xml[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"
    "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/>"
    "</cellXfs></styleSheet>";

/* A stored (uncompressed) zip of @n name/content pairs, in memory. */
static char *
zip_parts(const char *const *names, const char *const *texts,
          const size_t *lens, size_t n, size_t *out_len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    FUZZ_ASSERT(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    FUZZ_ASSERT(za);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(za, texts[i], lens[i], 0);
        FUZZ_ASSERT(s);
        zip_int64_t idx = zip_file_add(za, names[i], s, ZIP_FL_OVERWRITE);
        FUZZ_ASSERT(idx >= 0);
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    FUZZ_ASSERT(zip_close(za) == 0);
    FUZZ_ASSERT(zip_source_open(src) == 0);
    FUZZ_ASSERT(zip_source_seek(src, 0, SEEK_END) == 0);
    zip_int64_t size = zip_source_tell(src);
    FUZZ_ASSERT(size >= 0);
    FUZZ_ASSERT(zip_source_seek(src, 0, SEEK_SET) == 0);
    char *buf = g_malloc((gsize)size + 1);
    FUZZ_ASSERT(zip_source_read(src, buf, (zip_uint64_t)size) == size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&err);
    *out_len = (size_t)size;
    return buf;
}

static char *
wrap(char kind, const char *data, size_t size, size_t *len)
{
    if (kind == 'o') {
        const char *names[] = {"mimetype", "content.xml"};
        const char *texts[] = {"application/vnd.oasis.opendocument."
                               "spreadsheet",
                               data};
        size_t lens[] = {strlen(texts[0]), size};
        return zip_parts(names, texts, lens, 2, len);
    }
    const char *names[] = {"[Content_Types].xml", "xl/workbook.xml",
                           "xl/_rels/workbook.xml.rels",
                           "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                           "xl/styles.xml"};
    const char *texts[] = {"<Types/>", wb_xml, wb_rels, sheet_xml, sst_xml,
                           styles_xml};
    int which = kind == 'w' ? 1 : kind == 'x' ? 3 : kind == 's' ? 4 : 5;
    texts[which] = data;
    size_t lens[6];
    for (int i = 0; i < 6; i++)
        lens[i] = i == which ? size : strlen(texts[i]);
    return zip_parts(names, texts, lens, 6, len);
}

static void
check_sheet(const cs_sheet_t *s)
{
    unsigned rows = cs_sheet_rows(s), cols = cs_sheet_cols(s);
    FUZZ_ASSERT(rows >= 1 && cols >= 1);
    FUZZ_ASSERT((unsigned long long)rows * cols <= CS_SHEET_MAX_CELLS);
    FUZZ_ASSERT(cols <= CS_CSV_MAX_COLUMNS && rows <= CS_SHEET_MAX_ROWS);
    FUZZ_ASSERT(cs_sheet_cell(s, rows + 1, 1) == NULL);
    FUZZ_ASSERT(cs_sheet_cell(s, 1, cols + 1) == NULL);
    FUZZ_ASSERT(cs_sheet_cell(s, 0, 0) == NULL);
    int text = cs_sheet_format(s) == CS_SHEET_FORMAT_TEXT;
    FUZZ_ASSERT(text == (cs_sheet_name(s) == NULL));
    for (size_t i = 0; i < cs_sheet_book_count(s) && !text; i++)
        FUZZ_ASSERT(cs_sheet_book_name(s, i));
    for (unsigned r = 1; r <= rows; r++) {
        for (unsigned c = 1; c <= cols; c++) {
            const cs_sheet_cell_t *x = cs_sheet_cell(s, r, c);
            FUZZ_ASSERT(x && x->row == r && x->col == c);
            FUZZ_ASSERT(x->text && strlen(x->text) == x->len);
            FUZZ_ASSERT(x->len <= CS_CSV_MAX_FIELD_BYTES);
            FUZZ_ASSERT(g_utf8_validate(x->text, (gssize)x->len, NULL));
            FUZZ_ASSERT(x->kind < CS_CELL_KIND_COUNT);
            FUZZ_ASSERT((x->kind == CS_CELL_EMPTY) == (x->len == 0) ||
                        x->kind == CS_CELL_NUMBER ||
                        x->kind == CS_CELL_BOOLEAN);
            if (x->kind == CS_CELL_NUMBER)
                FUZZ_ASSERT(isfinite(x->number));
            FUZZ_ASSERT(text ? x->line >= 1 : x->line == 0);
            if (x->merge_row)
                FUZZ_ASSERT(x->merge_row <= r && x->merge_col <= c &&
                            (x->merge_row < r || x->merge_col < c));
        }
    }
    char *p = cs_sheet_pos(s, cs_sheet_cell(s, rows, cols));
    FUZZ_ASSERT(p && g_str_has_prefix(p, FUZZ_SHEET_NAME) &&
                g_utf8_validate(p, -1, NULL));
    free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    size_t len = size;
    char *own = NULL;
    if (size >= 1 && strchr("xsywo", data[0]) && data[0]) {
        own = wrap((char)data[0], in + 1, size - 1, &len);
        in = own;
    }
    cs_diag_t *diag = cs_diag_new();
    cs_sheet_t *s = NULL;
    cs_status_t st = cs_sheet_read_buffer(FUZZ_SHEET_NAME, in, len, NULL, &s,
                                          diag);
    FUZZ_ASSERT(st >= CS_OK && st < CS_STATUS_COUNT);
    if (st == CS_OK) {
        FUZZ_ASSERT(s != NULL);
        check_sheet(s);
    } else {
        FUZZ_ASSERT(s == NULL && cs_diag_entry_count(diag) >= 1);
    }
    for (size_t i = 0; i < cs_diag_entry_count(diag); i++) {
        const cs_diag_entry_t *e = cs_diag_get(diag, i);
        FUZZ_ASSERT(e && e->message && e->status != CS_OK);
        if (e->status == CS_ERR_PARSE || e->status == CS_ERR_INVALID ||
            e->status == CS_ERR_LIMIT)
            FUZZ_ASSERT(e->file && g_str_has_prefix(e->file,
                                                    FUZZ_SHEET_NAME));
        char *f = cs_diag_entry_format(e);
        FUZZ_ASSERT(f && g_utf8_validate(f, -1, NULL));
        free(f);
    }
    cs_sheet_free(s);
    cs_diag_free(diag);
    g_free(own);
    return 0;
}
