/* SPDX-License-Identifier: MIT */
/*
 * Zip archives and their XML parts, for the .xlsx and .ods readers
 * (sheet-zip.c). Internal to the readers.
 *
 * Every part is inflated into memory with its size counted as it comes
 * (CS_SHEET_MAX_PART_BYTES each, CS_SHEET_MAX_UNZIPPED_BYTES per archive),
 * so a zip bomb stops at the limit whatever its headers claim. XML is read
 * with libxml2's streaming reader: no network, no entity substitution, no
 * DTD loading, no "huge" mode, and a document type declaration is refused
 * (OOXML and ODF have none).
 */
#ifndef CS_SHEET_ZIP_PRIVATE_H
#define CS_SHEET_ZIP_PRIVATE_H

#include <glib.h>
#include <libxml/xmlreader.h>

#include "sheet-read-private.h"

typedef struct cs_zip cs_zip_t;

/** Opens @len bytes of @data (kept, not copied: they must outlive the
 *  archive) named @file in messages. */
cs_status_t cs_zip_open(const char *file, const char *data, size_t len,
                        cs_zip_t **out, cs_diag_t *diag);
void cs_zip_close(cs_zip_t *z);
/** Whether the archive has the part @name (ASCII case-insensitive, as OPC
 *  part names are). */
int cs_zip_has(cs_zip_t *z, const char *name);
/**
 * Inflates part @name into *@data (NUL-terminated, g_free()) of *@len
 * bytes. A missing part is CS_ERR_INVALID when @required, else CS_OK with
 * *@data NULL.
 */
cs_status_t cs_zip_read(cs_zip_t *z, const char *name, int required,
                        char **data, size_t *len, cs_diag_t *diag);

/** An XML part being read. */
typedef struct cs_xml {
    xmlTextReaderPtr r;
    const char *file; /* for messages */
    const char *part;
    char *error;      /* first libxml2 error (g_free) */
    int error_line;
} cs_xml_t;

/** Starts reading @len bytes of XML (kept while reading). 0, or -1 when
 *  out of memory. */
int cs_xml_open(cs_xml_t *x, const char *file, const char *part,
                const char *data, size_t len);
void cs_xml_close(cs_xml_t *x);
/** Next node: 1, 0 at the end, -1 on malformed XML or a DTD. */
int cs_xml_next(cs_xml_t *x);
/** The diagnostic for a failed cs_xml_next() (the part, libxml2's line and
 *  message); returns CS_ERR_PARSE. */
cs_status_t cs_xml_fail(cs_xml_t *x, cs_diag_t *diag);

/** Whether the current node is a start (or empty) element @local (any
 *  namespace when @ns is NULL). */
int cs_xml_is_start(const cs_xml_t *x, const char *ns, const char *local);
/** Whether it is the end of element @local (an empty element counts). */
int cs_xml_is_end(const cs_xml_t *x, const char *ns, const char *local);
/** Attribute @local of the current element (any namespace when @ns is
 *  NULL), a new string (xmlFree()/free()), or NULL. */
char *cs_xml_attr(const cs_xml_t *x, const char *ns, const char *local);
/** Appends the current text node's text (text, CDATA, significant white
 *  space; else nothing) to @s while @s is at most @max bytes long. */
void cs_xml_text(const cs_xml_t *x, GString *s, size_t max);
/** Skips the subtree of the current element. 0, or -1 on malformed XML. */
int cs_xml_skip(cs_xml_t *x);

/* The two zip formats. */
cs_status_t cs_sheet_read_xlsx(cs_zip_t *z, const char *name,
                               const char *sheet_name, cs_sheet_t **out,
                               cs_diag_t *diag);
cs_status_t cs_sheet_read_ods(cs_zip_t *z, const char *name,
                              const char *sheet_name, cs_sheet_t **out,
                              cs_diag_t *diag);

#endif
