/* SPDX-License-Identifier: MIT */
/*
 * Zip archives (libzip) and XML parts (libxml2's streaming reader) for the
 * .xlsx and .ods readers; and the choice between the two (see
 * sheet-zip-private.h for the limits).
 */
#include "sheet-zip-private.h"

#include <string.h>

#include <glib.h>
#include <zip.h>

struct cs_zip {
    zip_t *za;
    const char *file;
    size_t unzipped; /* bytes inflated so far, all parts */
};

cs_status_t
cs_zip_open(const char *file, const char *data, size_t len, cs_zip_t **out,
            cs_diag_t *diag)
{
    *out = NULL;
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    if (!src) {
        zip_error_fini(&err);
        return cs_diag_add(diag, CS_ERR_NOMEM, file, 0, 0, "out of memory");
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!za) {
        int code = zip_error_code_zip(&err);
        zip_source_free(src);
        zip_error_fini(&err);
        if (code == ZIP_ER_MEMORY)
            return cs_diag_add(diag, CS_ERR_NOMEM, file, 0, 0,
                               "out of memory");
        return cs_diag_add(diag, CS_ERR_PARSE, file, 0, 0,
                           "not a readable workbook: the zip archive is "
                           "truncated or corrupt (%s)",
                           code == ZIP_ER_NOZIP ? "no central directory"
                           : code == ZIP_ER_INCONS ? "inconsistent entries"
                                                   : "unreadable");
    }
    zip_error_fini(&err);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || (zip_uint64_t)n > CS_SHEET_MAX_ZIP_ENTRIES) {
        zip_discard(za);
        return cs_diag_add(diag, CS_ERR_LIMIT, file, 0, 0,
                           "the zip archive has %lld entries, more than the "
                           "limit of %u",
                           (long long)n, CS_SHEET_MAX_ZIP_ENTRIES);
    }
    cs_zip_t *z = g_new0(cs_zip_t, 1);
    z->za = za;
    z->file = file;
    *out = z;
    return CS_OK;
}

void
cs_zip_close(cs_zip_t *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    g_free(z);
}

int
cs_zip_has(cs_zip_t *z, const char *name)
{
    return zip_name_locate(z->za, name, ZIP_FL_NOCASE) >= 0;
}

cs_status_t
cs_zip_read(cs_zip_t *z, const char *name, int required, char **data,
            size_t *len, cs_diag_t *diag)
{
    *data = NULL;
    *len = 0;
    zip_int64_t i = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    if (i < 0) {
        if (!required)
            return CS_OK;
        return cs_diag_add(diag, CS_ERR_INVALID, z->file, 0, 0,
                           "not a readable workbook: part '%s' is missing",
                           name);
    }
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
    if (!f) {
        int code = zip_error_code_zip(zip_get_error(z->za));
        if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD)
            return cs_diag_add(diag, CS_ERR_INVALID, z->file, 0, 0,
                               "the workbook is encrypted (save it without "
                               "a password)");
        return cs_diag_add(diag, CS_ERR_PARSE, z->file, 0, 0,
                           "cannot read part '%s' of the zip archive: %s",
                           name, zip_strerror(z->za));
    }
    GByteArray *buf = g_byte_array_new();
    cs_status_t st = CS_OK;
    guint8 chunk[65536];
    for (;;) {
        zip_int64_t got = zip_fread(f, chunk, sizeof(chunk));
        if (got < 0) {
            st = cs_diag_add(diag, CS_ERR_PARSE, z->file, 0, 0,
                             "the workbook is truncated or corrupt (part "
                             "'%s': %s)",
                             name, zip_file_strerror(f));
            break;
        }
        if (got == 0)
            break;
        if (buf->len + (size_t)got > CS_SHEET_MAX_PART_BYTES) {
            st = cs_diag_add(diag, CS_ERR_LIMIT, z->file, 0, 0,
                             "part '%s' is larger than the limit of %u "
                             "bytes uncompressed",
                             name, CS_SHEET_MAX_PART_BYTES);
            break;
        }
        if (z->unzipped + (size_t)got > CS_SHEET_MAX_UNZIPPED_BYTES) {
            st = cs_diag_add(diag, CS_ERR_LIMIT, z->file, 0, 0,
                             "the workbook is larger than the limit of %u "
                             "bytes uncompressed",
                             CS_SHEET_MAX_UNZIPPED_BYTES);
            break;
        }
        z->unzipped += (size_t)got;
        g_byte_array_append(buf, chunk, (guint)got);
    }
    zip_fclose(f);
    if (st != CS_OK) {
        g_byte_array_free(buf, TRUE);
        return st;
    }
    *len = buf->len;
    guint8 nul = 0;
    g_byte_array_append(buf, &nul, 1);
    *data = (char *)g_byte_array_free(buf, FALSE);
    return CS_OK;
}

/* -- XML ---------------------------------------------------------------- */

static void
xml_error(void *arg, xmlErrorPtr e)
{
    cs_xml_t *x = arg;
    if (x->error || !e)
        return;
    x->error = g_strstrip(g_strdup(e->message ? e->message : "error"));
    x->error_line = e->line;
}

int
cs_xml_open(cs_xml_t *x, const char *file, const char *part,
            const char *data, size_t len)
{
    memset(x, 0, sizeof(*x));
    x->file = file;
    x->part = part;
    if (len > (size_t)G_MAXINT)
        return -1;
    /* No XML_PARSE_NOENT (entities stay unexpanded), no XML_PARSE_DTDLOAD,
     * no XML_PARSE_HUGE; no network. */
    x->r = xmlReaderForMemory(data, (int)len, part, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!x->r)
        return -1;
    xmlTextReaderSetStructuredErrorHandler(x->r, xml_error, x);
    return 0;
}

void
cs_xml_close(cs_xml_t *x)
{
    if (x->r)
        xmlFreeTextReader(x->r);
    x->r = NULL;
    g_free(x->error);
    x->error = NULL;
}

int
cs_xml_next(cs_xml_t *x)
{
    int ret = xmlTextReaderRead(x->r);
    if (ret < 0) {
        if (!x->error)
            x->error = g_strdup("malformed XML");
        return -1;
    }
    if (ret == 1 &&
        xmlTextReaderNodeType(x->r) == XML_READER_TYPE_DOCUMENT_TYPE) {
        if (!x->error) {
            x->error = g_strdup("document type declarations are not "
                                "allowed");
            x->error_line = xmlTextReaderGetParserLineNumber(x->r);
        }
        return -1;
    }
    if (ret == 1 &&
        xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ENTITY_REFERENCE) {
        if (!x->error) {
            x->error = g_strdup("entity references are not allowed");
            x->error_line = xmlTextReaderGetParserLineNumber(x->r);
        }
        return -1;
    }
    return ret;
}

cs_status_t
cs_xml_fail(cs_xml_t *x, cs_diag_t *diag)
{
    if (x->error_line > 0)
        return cs_diag_add(diag, CS_ERR_PARSE, x->file, 0, 0,
                           "the workbook is corrupt: %s, line %d: %s",
                           x->part, x->error_line,
                           x->error ? x->error : "malformed XML");
    return cs_diag_add(diag, CS_ERR_PARSE, x->file, 0, 0,
                       "the workbook is corrupt: %s: %s", x->part,
                       x->error ? x->error : "malformed XML");
}

static int
name_is(const cs_xml_t *x, const char *ns, const char *local)
{
    const xmlChar *l = xmlTextReaderConstLocalName(x->r);
    if (!l || strcmp((const char *)l, local) != 0)
        return 0;
    if (!ns)
        return 1;
    const xmlChar *u = xmlTextReaderConstNamespaceUri(x->r);
    return u && strcmp((const char *)u, ns) == 0;
}

int
cs_xml_is_start(const cs_xml_t *x, const char *ns, const char *local)
{
    return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT &&
           name_is(x, ns, local);
}

int
cs_xml_is_end(const cs_xml_t *x, const char *ns, const char *local)
{
    int t = xmlTextReaderNodeType(x->r);
    if (t == XML_READER_TYPE_END_ELEMENT)
        return name_is(x, ns, local);
    return t == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(x->r) &&
           name_is(x, ns, local);
}

char *
cs_xml_attr(const cs_xml_t *x, const char *ns, const char *local)
{
    if (ns)
        return (char *)xmlTextReaderGetAttributeNs(
            x->r, (const xmlChar *)local, (const xmlChar *)ns);
    /* any namespace: walk the attributes */
    char *found = NULL;
    if (xmlTextReaderMoveToFirstAttribute(x->r) == 1) {
        do {
            const xmlChar *l = xmlTextReaderConstLocalName(x->r);
            if (l && !strcmp((const char *)l, local)) {
                found = (char *)xmlTextReaderValue(x->r);
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
        xmlTextReaderMoveToElement(x->r);
    }
    return found;
}

void
cs_xml_text(const cs_xml_t *x, GString *s, size_t max)
{
    int t = xmlTextReaderNodeType(x->r);
    if (t != XML_READER_TYPE_TEXT && t != XML_READER_TYPE_CDATA &&
        t != XML_READER_TYPE_SIGNIFICANT_WHITESPACE &&
        t != XML_READER_TYPE_WHITESPACE)
        return;
    const char *v = (const char *)xmlTextReaderConstValue(x->r);
    if (!v || s->len > max)
        return;
    size_t n = strlen(v);
    if (n > max + 1 - s->len)
        n = max + 1 - s->len; /* one byte over: the caller sees "too long" */
    g_string_append_len(s, v, (gssize)n);
}

int
cs_xml_skip(cs_xml_t *x)
{
    if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT ||
        xmlTextReaderIsEmptyElement(x->r))
        return 0;
    int depth = xmlTextReaderDepth(x->r);
    for (;;) {
        int ret = cs_xml_next(x);
        if (ret <= 0)
            return -1;
        if (xmlTextReaderNodeType(x->r) == XML_READER_TYPE_END_ELEMENT &&
            xmlTextReaderDepth(x->r) == depth)
            return 0;
    }
}

/* -- which format ------------------------------------------------------- */

cs_status_t
cs_sheet_read_zip(const char *name, const char *data, size_t len,
                  const char *sheet_name, cs_sheet_t **out, cs_diag_t *diag)
{
    *out = NULL;
    cs_zip_t *z = NULL;
    cs_status_t st = cs_zip_open(name, data, len, &z, diag);
    if (st != CS_OK)
        return st;
    if (cs_zip_has(z, "[Content_Types].xml") ||
        cs_zip_has(z, "xl/workbook.xml"))
        st = cs_sheet_read_xlsx(z, name, sheet_name, out, diag);
    else if (cs_zip_has(z, "content.xml"))
        st = cs_sheet_read_ods(z, name, sheet_name, out, diag);
    else
        st = cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                         "a zip archive that is neither an .xlsx nor an "
                         ".ods workbook");
    cs_zip_close(z);
    return st;
}
