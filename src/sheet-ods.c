/* SPDX-License-Identifier: MIT */
/*
 * OpenDocument spreadsheets (.ods): content.xml holds every table in
 * order. A cell's text is its <text:p> paragraphs joined by "\n", with
 * <text:s text:c="N"/> as N spaces, <text:tab/> and <text:line-break/>;
 * annotations (comments) inside a cell are not its text. The value comes
 * from office:value-type (float, percentage, currency: office:value;
 * boolean: office:boolean-value; date, time: the text). Merged regions are
 * table:number-columns-spanned / number-rows-spanned.
 *
 * Writers compress runs of equal rows and cells with
 * table:number-rows-repeated / number-columns-repeated; LibreOffice ends
 * every row with an empty cell repeated to column 16384 and every table
 * with empty rows repeated to row 1048576. Empty repeats only move the
 * position; a non-empty cell is stored once per repeat, so the builder's
 * limits (rows, columns, cells) bound what a repeat can cost. Counts are
 * clamped to the largest sheet a spreadsheet has (1048576 x 16384).
 *
 * A table whose style says table:display="false" is hidden: it is not the
 * default sheet.
 */
#include "sheet-zip-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

#define ODS_MAX_ROWS 1048576u
#define ODS_MAX_COLS 16384u
/* Most spaces one <text:s> stands for. */
#define MAX_SPACES 1024u

typedef struct ods_ctx {
    cs_xml_t *x;
    const char *want;           /* sheet name asked for, or NULL */
    GPtrArray *names;           /* every table's name */
    GHashTable *hidden_styles;  /* table style names with display=false */
    char *style_name;           /* style:style being read */
    int chosen;                 /* index of the table read, -1: none yet */
    int in_table;               /* inside the chosen table */
    int table_depth;
    cs_sheet_builder_t *sb;
    unsigned long row;          /* 0-based row of the next table-row */
    unsigned long col;          /* 0-based column of the next cell */
    unsigned long row_repeat;
    GString *text;
} ods_ctx_t;

static unsigned long
count_attr(cs_xml_t *x, const char *local, unsigned long max)
{
    char *v = cs_xml_attr(x, NS_TABLE, local);
    unsigned long n = 1;
    if (v) {
        char *end = NULL;
        unsigned long long u = strtoull(v, &end, 10);
        if (end != v && !*end && u >= 1)
            n = u > max ? max : (unsigned long)u;
    }
    xmlFree(v);
    return n;
}

/*
 * Reads the content of the cell element at the reader (not empty) up to
 * its end: paragraphs into ctx->text. Returns 0, or -1 on malformed XML.
 */
static int
cell_text(ods_ctx_t *c)
{
    cs_xml_t *x = c->x;
    int depth = xmlTextReaderDepth(x->r);
    int paragraphs = 0;
    size_t max = CS_CSV_MAX_FIELD_BYTES;
    for (;;) {
        if (cs_xml_next(x) != 1)
            return -1;
        int type = xmlTextReaderNodeType(x->r);
        if (type == XML_READER_TYPE_END_ELEMENT &&
            xmlTextReaderDepth(x->r) == depth)
            return 0;
        if (type == XML_READER_TYPE_ELEMENT) {
            if (cs_xml_is_start(x, NS_OFFICE, "annotation")) {
                if (cs_xml_skip(x) != 0)
                    return -1;
            } else if (cs_xml_is_start(x, NS_TEXT, "p") ||
                       cs_xml_is_start(x, NS_TEXT, "h")) {
                if (paragraphs++ && c->text->len <= max)
                    g_string_append_c(c->text, '\n');
            } else if (cs_xml_is_start(x, NS_TEXT, "s")) {
                char *v = cs_xml_attr(x, NS_TEXT, "c");
                unsigned long n = v ? strtoul(v, NULL, 10) : 1;
                xmlFree(v);
                if (n < 1)
                    n = 1;
                for (unsigned long i = 0; i < n && i < MAX_SPACES &&
                                          c->text->len <= max;
                     i++)
                    g_string_append_c(c->text, ' ');
            } else if (cs_xml_is_start(x, NS_TEXT, "tab")) {
                if (c->text->len <= max)
                    g_string_append_c(c->text, '\t');
            } else if (cs_xml_is_start(x, NS_TEXT, "line-break")) {
                if (c->text->len <= max)
                    g_string_append_c(c->text, '\n');
            }
        } else {
            cs_xml_text(x, c->text, max);
        }
    }
}

static int
parse_double(const char *s, double *out)
{
    const char *why = NULL;
    return s && cs_csv_parse_number(s, 0, out, &why) == 0;
}

/* A table-cell or covered-table-cell at the reader: reads it, then stores
 * it once per row and column repeat. */
static cs_status_t
table_cell(ods_ctx_t *c, int covered, cs_diag_t *diag)
{
    cs_xml_t *x = c->x;
    unsigned long reps = count_attr(x, "number-columns-repeated",
                                    ODS_MAX_COLS);
    unsigned long span_c = covered ? 1
                                   : count_attr(x, "number-columns-spanned",
                                                ODS_MAX_COLS);
    unsigned long span_r = covered ? 1
                                   : count_attr(x, "number-rows-spanned",
                                                ODS_MAX_ROWS);
    char *vtype = cs_xml_attr(x, NS_OFFICE, "value-type");
    char *value = cs_xml_attr(x, NS_OFFICE, "value");
    char *boolean = cs_xml_attr(x, NS_OFFICE, "boolean-value");
    g_string_truncate(c->text, 0);
    int empty_el = xmlTextReaderIsEmptyElement(x->r);
    cs_status_t st = CS_OK;
    if (!empty_el && cell_text(c) != 0)
        st = cs_xml_fail(x, diag);

    cs_sheet_cell_t cell;
    memset(&cell, 0, sizeof(cell));
    char *own = NULL;
    if (st == CS_OK && vtype) {
        if (!strcmp(vtype, "float") || !strcmp(vtype, "percentage") ||
            !strcmp(vtype, "currency")) {
            if (!parse_double(value, &cell.number)) {
                st = cs_sheet_builder_diag(
                    c->sb, diag, CS_ERR_PARSE, (unsigned)MIN(c->row + 1,
                                                             G_MAXUINT),
                    (unsigned)MIN(c->col + 1, G_MAXUINT),
                    "the workbook is corrupt: number '%.40s'",
                    value ? value : "");
            } else {
                cell.kind = CS_CELL_NUMBER;
                cell.percent = !strcmp(vtype, "percentage");
            }
        } else if (!strcmp(vtype, "boolean")) {
            cell.kind = CS_CELL_BOOLEAN;
            cell.number = boolean && (!strcmp(boolean, "true") ||
                                      !strcmp(boolean, "1"));
        } else if (!strcmp(vtype, "date") || !strcmp(vtype, "time")) {
            cell.kind = CS_CELL_TEXT;
            cell.date = 1;
        } else {
            cell.kind = CS_CELL_TEXT;
        }
    } else if (c->text->len) {
        cell.kind = CS_CELL_TEXT;
    }
    if (cell.kind == CS_CELL_NUMBER && !c->text->len) {
        /* no text stored: the value in General notation */
        char *g = cs_numfmt_display(cell.number * (cell.percent ? 100 : 1),
                                    NULL);
        own = g_strconcat(g, cell.percent ? "%" : "", NULL);
        g_free(g);
    }
    else if (cell.kind == CS_CELL_BOOLEAN && !c->text->len)
        own = g_strdup(cell.number ? "TRUE" : "FALSE");
    cell.text = own ? own : c->text->str;
    cell.len = strlen(cell.text);
    if (cell.kind == CS_CELL_TEXT && !cell.len)
        cell.kind = CS_CELL_EMPTY;

    if (st == CS_OK && cell.kind != CS_CELL_EMPTY) {
        for (unsigned long dr = 0; dr < c->row_repeat && st == CS_OK; dr++)
            for (unsigned long dc = 0; dc < reps && st == CS_OK; dc++) {
                unsigned long r = c->row + dr + 1, k = c->col + dc + 1;
                cell.row = (unsigned)MIN(r, (unsigned long)G_MAXUINT);
                cell.col = (unsigned)MIN(k, (unsigned long)G_MAXUINT);
                st = cs_sheet_builder_put(c->sb, &cell, diag);
            }
    }
    if (st == CS_OK && (span_c > 1 || span_r > 1) &&
        c->row < ODS_MAX_ROWS && c->col < ODS_MAX_COLS)
        st = cs_sheet_builder_merge(
            c->sb, (unsigned)c->row + 1, (unsigned)c->col + 1,
            (unsigned)MIN(c->row + span_r, ODS_MAX_ROWS),
            (unsigned)MIN(c->col + span_c, ODS_MAX_COLS), diag);
    c->col += reps;
    g_free(own);
    xmlFree(vtype);
    xmlFree(value);
    xmlFree(boolean);
    return st;
}

static cs_status_t
ods_node(ods_ctx_t *c, cs_diag_t *diag)
{
    cs_xml_t *x = c->x;
    if (c->in_table) {
        if (xmlTextReaderNodeType(x->r) == XML_READER_TYPE_END_ELEMENT &&
            xmlTextReaderDepth(x->r) == c->table_depth) {
            c->in_table = 0;
            return CS_OK;
        }
        if (cs_xml_is_start(x, NS_TABLE, "table-row")) {
            c->row_repeat = count_attr(x, "number-rows-repeated",
                                       ODS_MAX_ROWS);
            c->col = 0;
            if (xmlTextReaderIsEmptyElement(x->r))
                c->row += c->row_repeat;
        } else if (cs_xml_is_end(x, NS_TABLE, "table-row")) {
            c->row += c->row_repeat;
            if (c->row > ODS_MAX_ROWS)
                c->row = ODS_MAX_ROWS;
        } else if (cs_xml_is_start(x, NS_TABLE, "table-cell")) {
            return table_cell(c, 0, diag);
        } else if (cs_xml_is_start(x, NS_TABLE, "covered-table-cell")) {
            return table_cell(c, 1, diag);
        } else if (cs_xml_is_start(x, NS_OFFICE, "annotation") ||
                   cs_xml_is_start(x, NS_TABLE, "table")) {
            /* a comment or a table nested in a shape: not cells */
            if (cs_xml_skip(x) != 0)
                return cs_xml_fail(x, diag);
        }
        return CS_OK;
    }
    if (cs_xml_is_start(x, NS_STYLE, "style")) {
        g_free(c->style_name);
        char *n = cs_xml_attr(x, NS_STYLE, "name");
        c->style_name = n ? g_strdup(n) : NULL;
        xmlFree(n);
    } else if (cs_xml_is_start(x, NS_STYLE, "table-properties") &&
               c->style_name) {
        char *d = cs_xml_attr(x, NS_TABLE, "display");
        if (d && !strcmp(d, "false"))
            g_hash_table_add(c->hidden_styles, g_strdup(c->style_name));
        xmlFree(d);
    } else if (cs_xml_is_start(x, NS_TABLE, "table")) {
        if (c->names->len >= CS_SHEET_MAX_SHEETS)
            return cs_diag_add(diag, CS_ERR_LIMIT, x->file, 0, 0,
                               "the workbook has more than the limit of %u "
                               "sheets",
                               CS_SHEET_MAX_SHEETS);
        char *n = cs_xml_attr(x, NS_TABLE, "name");
        char *style = cs_xml_attr(x, NS_TABLE, "style-name");
        const char *name = n ? n : "";
        g_ptr_array_add(c->names, g_strdup(name));
        int hidden = style && g_hash_table_contains(c->hidden_styles, style);
        int take = c->chosen < 0 &&
                   (c->want ? !strcmp(name, c->want) : !hidden);
        if (take) {
            c->chosen = (int)c->names->len - 1;
            cs_sheet_builder_set_name(c->sb, name);
            c->in_table = !xmlTextReaderIsEmptyElement(x->r);
            c->table_depth = xmlTextReaderDepth(x->r);
            c->row = 0;
        } else if (cs_xml_skip(x) != 0) {
            xmlFree(n);
            xmlFree(style);
            return cs_xml_fail(x, diag);
        }
        xmlFree(n);
        xmlFree(style);
    }
    return CS_OK;
}

/* One pass over content.xml: every table's name into @names, the table
 * @want (NULL: the first visible one) into @sb; *@chosen is its index or
 * -1. */
static cs_status_t
ods_pass(const char *name, const char *buf, size_t len, const char *want,
         GPtrArray *names, cs_sheet_builder_t *sb, int *chosen,
         cs_diag_t *diag)
{
    cs_xml_t x;
    if (cs_xml_open(&x, name, "content.xml", buf, len) != 0)
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    ods_ctx_t c;
    memset(&c, 0, sizeof(c));
    c.x = &x;
    c.want = want;
    c.names = names;
    c.hidden_styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            NULL);
    c.chosen = -1;
    c.sb = sb;
    c.text = g_string_new(NULL);
    cs_status_t st = CS_OK;
    int ret = 0;
    while (st == CS_OK && (ret = cs_xml_next(&x)) == 1)
        st = ods_node(&c, diag);
    if (st == CS_OK && ret < 0)
        st = cs_xml_fail(&x, diag);
    *chosen = c.chosen;
    cs_xml_close(&x);
    g_hash_table_destroy(c.hidden_styles);
    g_free(c.style_name);
    g_string_free(c.text, TRUE);
    return st;
}

cs_status_t
cs_sheet_read_ods(cs_zip_t *z, const char *name, const char *sheet_name,
                  cs_sheet_t **out, cs_diag_t *diag)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    cs_status_t st = cs_zip_read(z, "content.xml", 1, &buf, &len, diag);
    if (st != CS_OK)
        return st;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    cs_sheet_builder_t *sb = cs_sheet_builder_new(name, CS_SHEET_FORMAT_ODS);
    int chosen = -1;
    st = ods_pass(name, buf, len, sheet_name, names, sb, &chosen, diag);
    if (st == CS_OK && chosen < 0 && !sheet_name && names->len) {
        /* every table hidden: the first one, as spreadsheets open it */
        char *first = g_strdup(g_ptr_array_index(names, 0));
        g_ptr_array_set_size(names, 0);
        cs_sheet_builder_free(sb);
        sb = cs_sheet_builder_new(name, CS_SHEET_FORMAT_ODS);
        st = ods_pass(name, buf, len, first, names, sb, &chosen, diag);
        g_free(first);
    }
    if (st == CS_OK && chosen < 0) {
        if (sheet_name)
            st = cs_sheet_missing(diag, name, sheet_name,
                                  (const char *const *)names->pdata,
                                  names->len);
        else
            st = cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                             "the workbook has no sheets");
    }
    if (st == CS_OK)
        for (guint i = 0; i < names->len; i++)
            cs_sheet_builder_add_book_name(sb, g_ptr_array_index(names, i));
    g_free(buf);
    g_ptr_array_free(names, TRUE);
    if (st != CS_OK) {
        cs_sheet_builder_free(sb);
        return st;
    }
    return cs_sheet_builder_finish(sb, out, diag);
}
