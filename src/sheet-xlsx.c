/* SPDX-License-Identifier: MIT */
/*
 * Office Open XML workbooks (.xlsx): the package relationships lead to the
 * workbook part, whose <sheets> give the sheet order, names, visibility
 * and relationship ids; the workbook's relationships give the sheet parts,
 * the shared strings and the styles. Styles map a cell's s index to a
 * number format (built-in id or custom code), which says percentage or
 * date. Cells are strings (shared: t="s", with rich-text runs whose
 * phonetic <rPh> text is not shown; inline: t="inlineStr"; formula
 * results: t="str"), numbers, booleans (t="b"), errors (t="e") and ISO
 * dates (t="d").
 *
 * Elements are matched by local name only, so transitional and strict
 * OOXML namespaces both work; part names are resolved relative to the
 * part that names them (or absolute, as openpyxl writes them).
 */
#include "sheet-zip-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* Most shared strings (each is also bounded by the part size). */
#define MAX_SHARED_STRINGS (2u * 1024u * 1024u)
/* Most cell formats and custom number formats in styles.xml. */
#define MAX_STYLES 65536u

typedef struct rel {
    char *id, *type, *target; /* target resolved to a part name */
} rel_t;

typedef struct book {
    cs_zip_t *z;
    const char *file;
    GPtrArray *rels;     /* rel_t *, of the workbook part */
    GPtrArray *sheets;   /* char *: name */
    GPtrArray *sheet_rid;/* char * */
    GArray *hidden;      /* int */
    int date1904;
    GHashTable *numfmts; /* id (GUINT_TO_POINTER) -> code (char *) */
    GArray *xf_numfmt;   /* unsigned, by cell format index */
    GPtrArray *strings;  /* char *, shared strings */
} book_t;

static void
rel_free(gpointer p)
{
    rel_t *r = p;
    g_free(r->id);
    g_free(r->type);
    g_free(r->target);
    g_free(r);
}

/* Part name for @target, relative to the folder of part @base. */
static char *
resolve(const char *base, const char *target)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    if (target[0] != '/') {
        const char *slash = strrchr(base, '/');
        if (slash) {
            char *dir = g_strndup(base, (gsize)(slash - base));
            char **seg = g_strsplit(dir, "/", -1);
            for (char **s = seg; *s; s++)
                if (**s)
                    g_ptr_array_add(parts, g_strdup(*s));
            g_strfreev(seg);
            g_free(dir);
        }
    }
    char **seg = g_strsplit(target, "/", -1);
    for (char **s = seg; *s; s++) {
        if (!**s || !strcmp(*s, "."))
            continue;
        if (!strcmp(*s, "..")) {
            if (parts->len)
                g_ptr_array_remove_index(parts, parts->len - 1);
            continue;
        }
        g_ptr_array_add(parts, g_strdup(*s));
    }
    g_strfreev(seg);
    g_ptr_array_add(parts, NULL);
    char *out = g_strjoinv("/", (char **)parts->pdata);
    g_ptr_array_free(parts, TRUE);
    return out;
}

/* The relationships part of part @part: "xl/_rels/workbook.xml.rels". */
static char *
rels_name(const char *part)
{
    const char *slash = strrchr(part, '/');
    if (!slash)
        return g_strdup_printf("_rels/%s.rels", part);
    return g_strdup_printf("%.*s/_rels/%s.rels", (int)(slash - part), part,
                           slash + 1);
}

/* Reads part @part as XML and calls @fn on every node. */
typedef cs_status_t (*node_fn)(cs_xml_t *x, void *data, cs_diag_t *diag);

static cs_status_t
walk_part(book_t *b, const char *part, int required, node_fn fn, void *data,
          cs_diag_t *diag)
{
    char *buf = NULL;
    size_t len = 0;
    cs_status_t st = cs_zip_read(b->z, part, required, &buf, &len, diag);
    if (st != CS_OK || !buf)
        return st;
    cs_xml_t x;
    if (cs_xml_open(&x, b->file, part, buf, len) != 0) {
        g_free(buf);
        return cs_diag_add(diag, CS_ERR_NOMEM, b->file, 0, 0,
                           "out of memory");
    }
    int ret;
    while (st == CS_OK && (ret = cs_xml_next(&x)) == 1)
        st = fn(&x, data, diag);
    if (st == CS_OK && ret < 0)
        st = cs_xml_fail(&x, diag);
    cs_xml_close(&x);
    g_free(buf);
    return st;
}

typedef struct rels_ctx {
    const char *part; /* the part the relationships belong to */
    GPtrArray *rels;
} rels_ctx_t;

static cs_status_t
rels_node(cs_xml_t *x, void *data, cs_diag_t *diag)
{
    rels_ctx_t *c = data;
    if (!cs_xml_is_start(x, NULL, "Relationship"))
        return CS_OK;
    if (c->rels->len >= CS_SHEET_MAX_ZIP_ENTRIES * 4u)
        return cs_diag_add(diag, CS_ERR_LIMIT, x->file, 0, 0,
                           "%s has too many relationships", x->part);
    char *id = cs_xml_attr(x, NULL, "Id");
    char *type = cs_xml_attr(x, NULL, "Type");
    char *target = cs_xml_attr(x, NULL, "Target");
    char *mode = cs_xml_attr(x, NULL, "TargetMode");
    if (id && type && target && !(mode && !strcmp(mode, "External"))) {
        rel_t *r = g_new0(rel_t, 1);
        r->id = g_strdup(id);
        r->type = g_strdup(type);
        r->target = resolve(c->part, target);
        g_ptr_array_add(c->rels, r);
    }
    xmlFree(id);
    xmlFree(type);
    xmlFree(target);
    xmlFree(mode);
    return CS_OK;
}

static cs_status_t
read_rels(book_t *b, const char *part, GPtrArray *rels, cs_diag_t *diag)
{
    char *name = rels_name(part);
    rels_ctx_t c = {part, rels};
    cs_status_t st = walk_part(b, name, 0, rels_node, &c, diag);
    g_free(name);
    return st;
}

static int
has_suffix(const char *s, const char *suffix)
{
    return s && g_str_has_suffix(s, suffix);
}

static const rel_t *
rel_by_type(GPtrArray *rels, const char *suffix)
{
    for (guint i = 0; i < rels->len; i++) {
        const rel_t *r = g_ptr_array_index(rels, i);
        if (has_suffix(r->type, suffix))
            return r;
    }
    return NULL;
}

static const rel_t *
rel_by_id(GPtrArray *rels, const char *id)
{
    for (guint i = 0; i < rels->len; i++) {
        const rel_t *r = g_ptr_array_index(rels, i);
        if (!strcmp(r->id, id))
            return r;
    }
    return NULL;
}

/* -- workbook ----------------------------------------------------------- */

static cs_status_t
workbook_node(cs_xml_t *x, void *data, cs_diag_t *diag)
{
    book_t *b = data;
    if (cs_xml_is_start(x, NULL, "workbookPr")) {
        char *d = cs_xml_attr(x, NULL, "date1904");
        b->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
        xmlFree(d);
        return CS_OK;
    }
    if (!cs_xml_is_start(x, NULL, "sheet"))
        return CS_OK;
    if (b->sheets->len >= CS_SHEET_MAX_SHEETS)
        return cs_diag_add(diag, CS_ERR_LIMIT, x->file, 0, 0,
                           "the workbook has more than the limit of %u "
                           "sheets",
                           CS_SHEET_MAX_SHEETS);
    char *name = cs_xml_attr(x, NULL, "name");
    /* r:id; the only other "id"-named attribute is sheetId */
    char *rid = cs_xml_attr(x, NULL, "id");
    char *state = cs_xml_attr(x, NULL, "state");
    if (!name || !g_utf8_validate(name, -1, NULL)) {
        xmlFree(name);
        xmlFree(rid);
        xmlFree(state);
        return cs_diag_add(diag, CS_ERR_PARSE, x->file, 0, 0,
                           "the workbook is corrupt: a sheet without a "
                           "name");
    }
    g_ptr_array_add(b->sheets, g_strdup(name));
    g_ptr_array_add(b->sheet_rid, g_strdup(rid ? rid : ""));
    int hidden = state && strcmp(state, "visible") != 0;
    g_array_append_val(b->hidden, hidden);
    xmlFree(name);
    xmlFree(rid);
    xmlFree(state);
    return CS_OK;
}

/* -- styles ------------------------------------------------------------- */

typedef struct styles_ctx {
    book_t *b;
    int in_cellxfs;
} styles_ctx_t;

static unsigned
uattr(cs_xml_t *x, const char *name, unsigned dflt)
{
    char *v = cs_xml_attr(x, NULL, name);
    unsigned out = dflt;
    if (v) {
        char *end = NULL;
        unsigned long n = strtoul(v, &end, 10);
        if (end != v && !*end && n <= G_MAXUINT)
            out = (unsigned)n;
    }
    xmlFree(v);
    return out;
}

static cs_status_t
styles_node(cs_xml_t *x, void *data, cs_diag_t *diag)
{
    styles_ctx_t *c = data;
    book_t *b = c->b;
    if (cs_xml_is_start(x, NULL, "cellXfs") &&
        !xmlTextReaderIsEmptyElement(x->r)) {
        c->in_cellxfs = 1;
    } else if (cs_xml_is_end(x, NULL, "cellXfs")) {
        c->in_cellxfs = 0;
    } else if (c->in_cellxfs && cs_xml_is_start(x, NULL, "xf")) {
        if (b->xf_numfmt->len >= MAX_STYLES)
            return cs_diag_add(diag, CS_ERR_LIMIT, x->file, 0, 0,
                               "%s has more than the limit of %u cell "
                               "formats",
                               x->part, MAX_STYLES);
        unsigned id = uattr(x, "numFmtId", 0);
        g_array_append_val(b->xf_numfmt, id);
    } else if (cs_xml_is_start(x, NULL, "numFmt")) {
        if (g_hash_table_size(b->numfmts) >= MAX_STYLES)
            return cs_diag_add(diag, CS_ERR_LIMIT, x->file, 0, 0,
                               "%s has more than the limit of %u number "
                               "formats",
                               x->part, MAX_STYLES);
        unsigned id = uattr(x, "numFmtId", G_MAXUINT);
        char *code = cs_xml_attr(x, NULL, "formatCode");
        if (id != G_MAXUINT && code)
            g_hash_table_replace(b->numfmts, GUINT_TO_POINTER(id),
                                 g_strdup(code));
        xmlFree(code);
    }
    return CS_OK;
}

/* -- shared strings ----------------------------------------------------- */

typedef struct sst_ctx {
    book_t *b;
    GString *cur; /* the <si> being read, or NULL */
    int in_t, in_rph;
} sst_ctx_t;

/* Text of <t> elements, not inside <rPh> (phonetic guides). Shared with
 * inline strings. */
static void
run_text(cs_xml_t *x, GString *s, int *in_t, int *in_rph)
{
    if (cs_xml_is_start(x, NULL, "rPh") && !xmlTextReaderIsEmptyElement(x->r))
        *in_rph = 1;
    else if (cs_xml_is_end(x, NULL, "rPh"))
        *in_rph = 0;
    else if (cs_xml_is_start(x, NULL, "t") &&
             !xmlTextReaderIsEmptyElement(x->r))
        *in_t = 1;
    else if (cs_xml_is_end(x, NULL, "t"))
        *in_t = 0;
    else if (*in_t && !*in_rph)
        cs_xml_text(x, s, CS_CSV_MAX_FIELD_BYTES);
}

static cs_status_t
sst_node(cs_xml_t *x, void *data, cs_diag_t *diag)
{
    sst_ctx_t *c = data;
    if (cs_xml_is_start(x, NULL, "si")) {
        if (c->b->strings->len >= MAX_SHARED_STRINGS)
            return cs_diag_add(diag, CS_ERR_LIMIT, x->file, 0, 0,
                               "more than the limit of %u shared strings",
                               MAX_SHARED_STRINGS);
        if (xmlTextReaderIsEmptyElement(x->r)) {
            g_ptr_array_add(c->b->strings, g_strdup(""));
            return CS_OK;
        }
        if (!c->cur)
            c->cur = g_string_new(NULL);
        g_string_truncate(c->cur, 0);
        c->in_t = c->in_rph = 0;
    } else if (cs_xml_is_end(x, NULL, "si")) {
        if (c->cur)
            g_ptr_array_add(c->b->strings,
                            g_strndup(c->cur->str, c->cur->len));
    } else if (c->cur) {
        run_text(x, c->cur, &c->in_t, &c->in_rph);
    }
    return CS_OK;
}

/* -- the sheet ---------------------------------------------------------- */

/* "C12" -> row 12, col 3. Returns 0, or -1 when malformed. "C" alone (no
 * row) is allowed when @need_row is 0. */
static int
parse_ref(const char *ref, unsigned *row, unsigned *col)
{
    const char *p = ref;
    unsigned c = 0, r = 0;
    while (*p == '$')
        p++;
    int letters = 0;
    while (g_ascii_isalpha(*p) && letters < 3) {
        c = c * 26 + (unsigned)(g_ascii_toupper(*p) - 'A' + 1);
        p++;
        letters++;
    }
    if (!letters || c > 16384)
        return -1;
    if (*p == '$')
        p++;
    int digits = 0;
    while (g_ascii_isdigit(*p) && digits < 8) {
        r = r * 10 + (unsigned)(*p - '0');
        p++;
        digits++;
    }
    if (!digits || *p || r == 0 || r > 1048576)
        return -1;
    *row = r;
    *col = c;
    return 0;
}

typedef struct sheet_ctx {
    book_t *b;
    cs_sheet_builder_t *sb;
    unsigned row, next_col;
    /* the <c> being read */
    int in_c, in_v, in_is, in_t, in_rph;
    unsigned c_row, c_col, c_style;
    char *c_type;
    GString *value, *str;
} sheet_ctx_t;

static const char *
format_code(const book_t *b, unsigned style)
{
    if (style >= b->xf_numfmt->len)
        return NULL;
    unsigned id = g_array_index(b->xf_numfmt, unsigned, style);
    const char *code = g_hash_table_lookup(b->numfmts, GUINT_TO_POINTER(id));
    return code ? code : cs_numfmt_builtin(id);
}

static cs_status_t
put_cell(sheet_ctx_t *c, cs_diag_t *diag)
{
    const char *t = c->c_type ? c->c_type : "n";
    cs_sheet_cell_t cell;
    memset(&cell, 0, sizeof(cell));
    cell.row = c->c_row;
    cell.col = c->c_col;
    char *own = NULL;
    const char *v = c->value->str;
    if (!strcmp(t, "s")) {
        if (!c->value->len)
            return CS_OK;
        char *end = NULL;
        unsigned long i = strtoul(v, &end, 10);
        if (end == v || *end || i >= c->b->strings->len)
            return cs_sheet_builder_diag(c->sb, diag, CS_ERR_PARSE,
                                         cell.row, cell.col,
                                         "the workbook is corrupt: shared "
                                         "string %s does not exist",
                                         v);
        cell.kind = CS_CELL_TEXT;
        cell.text = g_ptr_array_index(c->b->strings, i);
    } else if (!strcmp(t, "inlineStr")) {
        cell.kind = CS_CELL_TEXT;
        cell.text = c->str->str;
    } else if (!strcmp(t, "str")) {
        cell.kind = CS_CELL_TEXT;
        cell.text = v;
    } else if (!strcmp(t, "e")) {
        cell.kind = CS_CELL_ERROR;
        cell.text = v;
    } else if (!strcmp(t, "d")) {
        cell.kind = CS_CELL_TEXT;
        cell.date = 1;
        cell.text = v;
    } else if (!strcmp(t, "b")) {
        if (!c->value->len)
            return CS_OK;
        cell.kind = CS_CELL_BOOLEAN;
        cell.number = strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
        cell.text = cell.number ? "TRUE" : "FALSE";
    } else {
        if (!c->value->len)
            return CS_OK;
        const char *why = NULL;
        if (cs_csv_parse_number(v, 0, &cell.number, &why) != 0)
            return cs_sheet_builder_diag(c->sb, diag, CS_ERR_PARSE,
                                         cell.row, cell.col,
                                         "the workbook is corrupt: number "
                                         "'%.40s' (%s)",
                                         v, why);
        cell.kind = CS_CELL_NUMBER;
        const char *code = format_code(c->b, c->c_style);
        int pc = 0, dt = 0;
        cs_numfmt_classify(code, &pc, &dt);
        cell.percent = (unsigned char)pc;
        cell.date = (unsigned char)dt;
        double shown = cell.number;
        if (dt && c->b->date1904)
            shown += 1462; /* 1904 system: day 0 is 1904-01-01 */
        own = cs_numfmt_display(shown, code);
        cell.text = own;
    }
    cell.len = strlen(cell.text);
    cs_status_t st = cs_sheet_builder_put(c->sb, &cell, diag);
    g_free(own);
    return st;
}

static cs_status_t
sheet_node(cs_xml_t *x, void *data, cs_diag_t *diag)
{
    sheet_ctx_t *c = data;
    if (c->in_c) {
        if (cs_xml_is_end(x, NULL, "c")) {
            c->in_c = 0;
            return put_cell(c, diag);
        }
        if (cs_xml_is_start(x, NULL, "v") &&
            !xmlTextReaderIsEmptyElement(x->r))
            c->in_v = 1;
        else if (cs_xml_is_end(x, NULL, "v"))
            c->in_v = 0;
        else if (cs_xml_is_start(x, NULL, "is"))
            c->in_is = !xmlTextReaderIsEmptyElement(x->r);
        else if (cs_xml_is_end(x, NULL, "is"))
            c->in_is = 0;
        else if (c->in_v)
            cs_xml_text(x, c->value, CS_CSV_MAX_FIELD_BYTES);
        else if (c->in_is)
            run_text(x, c->str, &c->in_t, &c->in_rph);
        return CS_OK;
    }
    if (cs_xml_is_start(x, NULL, "row")) {
        unsigned r = uattr(x, "r", 0);
        c->row = r ? r : c->row + 1;
        c->next_col = 1;
        if (c->row > 1048576)
            return cs_sheet_builder_diag(c->sb, diag, CS_ERR_PARSE, 0, 0,
                                         "the workbook is corrupt: row "
                                         "number %u",
                                         c->row);
    } else if (cs_xml_is_start(x, NULL, "c")) {
        char *ref = cs_xml_attr(x, NULL, "r");
        unsigned row = c->row ? c->row : 1, col = c->next_col;
        if (ref && parse_ref(ref, &row, &col) != 0) {
            cs_status_t st = cs_sheet_builder_diag(
                c->sb, diag, CS_ERR_PARSE, 0, 0,
                "the workbook is corrupt: malformed cell reference '%.20s'",
                ref);
            xmlFree(ref);
            return st;
        }
        xmlFree(ref);
        c->c_row = row;
        c->c_col = col;
        c->next_col = col + 1;
        c->c_style = uattr(x, "s", 0);
        g_free(c->c_type);
        char *t = cs_xml_attr(x, NULL, "t");
        c->c_type = t ? g_strdup(t) : NULL;
        xmlFree(t);
        g_string_truncate(c->value, 0);
        g_string_truncate(c->str, 0);
        c->in_v = c->in_is = c->in_t = c->in_rph = 0;
        c->in_c = !xmlTextReaderIsEmptyElement(x->r);
    } else if (cs_xml_is_start(x, NULL, "mergeCell")) {
        char *ref = cs_xml_attr(x, NULL, "ref");
        char *colon = ref ? strchr(ref, ':') : NULL;
        unsigned r1, c1, r2, c2;
        cs_status_t st = CS_OK;
        if (colon) {
            *colon = '\0';
            if (parse_ref(ref, &r1, &c1) == 0 &&
                parse_ref(colon + 1, &r2, &c2) == 0)
                st = cs_sheet_builder_merge(c->sb, r1, c1, r2, c2, diag);
        }
        xmlFree(ref);
        return st;
    }
    return CS_OK;
}

/* -- the workbook as a whole -------------------------------------------- */

static void
book_clear(book_t *b)
{
    if (b->rels)
        g_ptr_array_free(b->rels, TRUE);
    if (b->sheets)
        g_ptr_array_free(b->sheets, TRUE);
    if (b->sheet_rid)
        g_ptr_array_free(b->sheet_rid, TRUE);
    if (b->hidden)
        g_array_free(b->hidden, TRUE);
    if (b->numfmts)
        g_hash_table_destroy(b->numfmts);
    if (b->xf_numfmt)
        g_array_free(b->xf_numfmt, TRUE);
    if (b->strings)
        g_ptr_array_free(b->strings, TRUE);
}

/* The index of the sheet to read, or -1 after reporting why not. */
static int
pick_sheet(const book_t *b, const char *sheet_name, cs_diag_t *diag)
{
    for (guint i = 0; i < b->sheets->len; i++) {
        const char *n = g_ptr_array_index(b->sheets, i);
        if (sheet_name ? !strcmp(n, sheet_name)
                       : !g_array_index(b->hidden, int, i))
            return (int)i;
    }
    if (!sheet_name && b->sheets->len)
        return 0; /* every sheet hidden: the first one */
    if (!sheet_name)
        cs_diag_add(diag, CS_ERR_INVALID, b->file, 0, 0,
                    "the workbook has no sheets");
    else
        cs_sheet_missing(diag, b->file, sheet_name,
                         (const char *const *)b->sheets->pdata,
                         b->sheets->len);
    return -1;
}

cs_status_t
cs_sheet_read_xlsx(cs_zip_t *z, const char *name, const char *sheet_name,
                   cs_sheet_t **out, cs_diag_t *diag)
{
    *out = NULL;
    book_t b;
    memset(&b, 0, sizeof(b));
    b.z = z;
    b.file = name;
    b.rels = g_ptr_array_new_with_free_func(rel_free);
    b.sheets = g_ptr_array_new_with_free_func(g_free);
    b.sheet_rid = g_ptr_array_new_with_free_func(g_free);
    b.hidden = g_array_new(FALSE, FALSE, sizeof(int));
    b.numfmts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                      g_free);
    b.xf_numfmt = g_array_new(FALSE, FALSE, sizeof(unsigned));
    b.strings = g_ptr_array_new_with_free_func(g_free);

    /* the workbook part: from the package relationships */
    GPtrArray *pkg = g_ptr_array_new_with_free_func(rel_free);
    cs_status_t st = read_rels(&b, "", pkg, diag);
    const rel_t *doc = rel_by_type(pkg, "/officeDocument");
    char *wb_part = g_strdup(doc ? doc->target : "xl/workbook.xml");
    g_ptr_array_free(pkg, TRUE);
    if (st == CS_OK)
        st = read_rels(&b, wb_part, b.rels, diag);
    if (st == CS_OK)
        st = walk_part(&b, wb_part, 1, workbook_node, &b, diag);
    int idx = -1;
    if (st == CS_OK) {
        idx = pick_sheet(&b, sheet_name, diag);
        if (idx < 0)
            st = CS_ERR_INVALID;
    }
    const rel_t *sheet_rel = NULL;
    if (st == CS_OK) {
        sheet_rel = rel_by_id(b.rels, g_ptr_array_index(b.sheet_rid, idx));
        if (!sheet_rel)
            st = cs_diag_add(diag, CS_ERR_PARSE, name, 0, 0,
                             "the workbook is corrupt: sheet '%s' has no "
                             "part",
                             (const char *)g_ptr_array_index(b.sheets, idx));
        else if (!has_suffix(sheet_rel->type, "/worksheet"))
            st = cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                             "sheet '%s' is a chart or dialog sheet, not a "
                             "worksheet",
                             (const char *)g_ptr_array_index(b.sheets, idx));
    }
    if (st == CS_OK) {
        const rel_t *r = rel_by_type(b.rels, "/styles");
        if (r) {
            styles_ctx_t sc = {&b, 0};
            st = walk_part(&b, r->target, 0, styles_node, &sc, diag);
        }
    }
    if (st == CS_OK) {
        const rel_t *r = rel_by_type(b.rels, "/sharedStrings");
        if (r) {
            sst_ctx_t sc = {&b, NULL, 0, 0};
            st = walk_part(&b, r->target, 0, sst_node, &sc, diag);
            if (sc.cur)
                g_string_free(sc.cur, TRUE);
        }
    }
    cs_sheet_builder_t *sb = NULL;
    if (st == CS_OK) {
        sb = cs_sheet_builder_new(name, CS_SHEET_FORMAT_XLSX);
        for (guint i = 0; i < b.sheets->len; i++)
            cs_sheet_builder_add_book_name(sb,
                                           g_ptr_array_index(b.sheets, i));
        cs_sheet_builder_set_name(sb, g_ptr_array_index(b.sheets, idx));
        sheet_ctx_t sc;
        memset(&sc, 0, sizeof(sc));
        sc.b = &b;
        sc.sb = sb;
        sc.value = g_string_new(NULL);
        sc.str = g_string_new(NULL);
        st = walk_part(&b, sheet_rel->target, 1, sheet_node, &sc, diag);
        g_string_free(sc.value, TRUE);
        g_string_free(sc.str, TRUE);
        g_free(sc.c_type);
    }
    g_free(wb_part);
    book_clear(&b);
    if (st != CS_OK) {
        cs_sheet_builder_free(sb);
        return st;
    }
    return cs_sheet_builder_finish(sb, out, diag);
}
