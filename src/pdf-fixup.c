/* SPDX-License-Identifier: MIT */
/* cairo's PDF, finished: page boxes, alternative text, tagging and
 * language (cairo 1.16 writes none of them), and the pinned date. */
#include <string.h>

#include <glib.h>

#include "render-private.h"
#include "renderer-private.h"

/* One insertion: @text at byte @at of the PDF. */
typedef struct pdf_ins {
    size_t at;
    char *text;
} pdf_ins;

static gint
ins_cmp(gconstpointer a, gconstpointer b)
{
    size_t x = ((const pdf_ins *)a)->at, y = ((const pdf_ins *)b)->at;
    return x < y ? -1 : x > y;
}

/*
 * Inserts every text of @ins (any order; each at a byte before the
 * cross-reference table) into cairo's PDF @b in one pass, then shifts
 * every object offset in the table and the startxref value by the bytes
 * inserted before it. cairo 1.16 writes one classic xref table ("xref\n0
 * N\n" and N 20-byte entries). Linear in the size of @b (a book of a
 * thousand pages gets a thousand insertions). Returns 0, or -1 leaving @b
 * unchanged when its structure is not the expected one. Frees the texts.
 */
static int
pdf_insert_all(GByteArray *b, GArray *ins)
{
    int rc = -1;
    g_array_sort(ins, ins_cmp);
    size_t n_ins = ins->len;
    const char *d = (const char *)b->data;
    const char *xref = NULL, *sx = NULL, *hit = d;
    /* (memmem: g_strstr_len stops at the streams' NUL bytes); the last
     * xref and startxref, searched from the end's side */
    size_t tail_from = b->len > (1u << 20) ? b->len - (1u << 20) : 0;
    for (;;) {
        hit = d + tail_from;
        while ((hit = memmem(hit, b->len - (size_t)(hit - d), "\nxref\n", 6)))
            xref = hit++;
        hit = d + tail_from;
        while ((hit = memmem(hit, b->len - (size_t)(hit - d),
                             "\nstartxref\n", 11)))
            sx = hit++;
        if ((xref && sx) || tail_from == 0)
            break;
        tail_from = 0; /* a table longer than the window: search it all */
    }
    size_t last_at = n_ins ? g_array_index(ins, pdf_ins, n_ins - 1).at : 0;
    if (!n_ins || !xref || !sx || (size_t)(xref - d) < last_at || sx < xref)
        goto out;
    char *end = NULL;
    guint64 first = g_ascii_strtoull(xref + 6, &end, 10);
    guint64 n = end && *end == ' ' ? g_ascii_strtoull(end + 1, &end, 10) : 0;
    if (first != 0 || !end || *end != '\n' || n == 0 ||
        (size_t)(end + 1 - d) + n * 20 > b->len)
        goto out;
    char *entries = (char *)(end + 1);
    char *send = NULL;
    guint64 start = g_ascii_strtoull(sx + 11, &send, 10);
    if (start < last_at || !send || *send != '\n')
        goto out;
    /* prefix sums: bytes inserted at or before each insertion point */
    size_t *before = g_new(size_t, n_ins + 1);
    before[0] = 0;
    for (size_t i = 0; i < n_ins; i++)
        before[i + 1] = before[i] + strlen(g_array_index(ins, pdf_ins, i).text);
    for (guint64 i = 0; i < n; i++) {
        char *e = entries + i * 20;
        if (e[17] != 'n')
            continue;
        guint64 off = g_ascii_strtoull(e, NULL, 10);
        /* insertions at offsets <= off move it: count them */
        size_t lo = 0, hi = n_ins;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (g_array_index(ins, pdf_ins, mid).at <= off)
                lo = mid + 1;
            else
                hi = mid;
        }
        char buf[12];
        g_snprintf(buf, sizeof buf, "%010" G_GUINT64_FORMAT,
                   off + before[lo]);
        memcpy(e, buf, 10);
    }
    size_t delta = before[n_ins];
    /* in place, from the end backwards (no second copy of a book of
     * hundreds of megabytes): the new startxref and what follows it, then
     * each piece moved by the bytes inserted before it, then its
     * insertion */
    size_t sx_at = (size_t)(sx - d);
    GString *tail = g_string_new(NULL);
    g_string_printf(tail, "\nstartxref\n%" G_GUINT64_FORMAT, start + delta);
    /* the buffer is not NUL-terminated: copy what follows the number by
     * length ("\n%%EOF\n") */
    g_string_append_len(tail, send, (gssize)(b->len - (size_t)(send - d)));
    size_t new_len = sx_at + delta + tail->len;
    if (new_len > b->len)
        g_byte_array_set_size(b, (guint)new_len);
    guint8 *data = b->data;
    memcpy(data + sx_at + delta, tail->str, tail->len);
    g_string_free(tail, TRUE);
    size_t next = sx_at;
    for (size_t i = n_ins; i-- > 0;) {
        const pdf_ins *p = &g_array_index(ins, pdf_ins, i);
        memmove(data + p->at + before[i + 1], data + p->at, next - p->at);
        memcpy(data + p->at + before[i], p->text, strlen(p->text));
        next = p->at;
    }
    g_byte_array_set_size(b, (guint)new_len);
    g_free(before);
    rc = 0;
out:
    for (size_t i = 0; i < ins->len; i++)
        g_free(g_array_index(ins, pdf_ins, i).text);
    g_array_set_size(ins, 0);
    return rc;
}

static GArray *
ins_new(void)
{
    return g_array_new(FALSE, FALSE, sizeof(pdf_ins));
}

static void
ins_add(GArray *ins, size_t at, char *text)
{
    pdf_ins p = {at, text};
    g_array_append_val(ins, p);
}

/* One insertion (see pdf_insert_all). */
static int
pdf_insert(GByteArray *b, size_t at, const char *text)
{
    GArray *ins = ins_new();
    ins_add(ins, at, g_strdup(text));
    int rc = pdf_insert_all(b, ins);
    g_array_free(ins, TRUE);
    return rc;
}

/*
 * cairo 1.16 cannot set a page's TrimBox and BleedBox: add them to the
 * (only) page dictionary after its /MediaBox.
 */
void
cs_pdf_page_boxes(GByteArray *b, double w, double h, double bleed)
{
    const char *d = (const char *)b->data;
    const char *mb = memmem(d, b->len, "/MediaBox [", 11);
    const char *close = mb ? memchr(mb, ']', b->len - (size_t)(mb - d)) : NULL;
    if (!close)
        return;
    GString *ins = g_string_new(NULL);
    const double box[2][4] = {{bleed, bleed, w - bleed, h - bleed},
                              {0, 0, w, h}};
    for (int k = 0; k < 2; k++) {
        g_string_append(ins, k ? "\n   /BleedBox [" : "\n   /TrimBox [");
        for (int i = 0; i < 4; i++) {
            char num[G_ASCII_DTOSTR_BUF_SIZE];
            g_ascii_formatd(num, sizeof num, "%.6f", box[k][i]);
            g_string_append_printf(ins, " %s", num);
        }
        g_string_append(ins, " ]");
    }
    pdf_insert(b, (size_t)(close + 1 - d), ins->str);
    g_string_free(ins, TRUE);
}

/*
 * Accessibility: the wheel is drawn inside a Figure structure element
 * (cairo_tag_begin), and cairo 1.16 cannot give it alternative text nor
 * mark the document as tagged. Add /Alt (the plain-language summary, as a
 * UTF-16BE text string) to that element and /MarkInfo to the catalog.
 */
static void
pdf_figure_alt(GByteArray *b, const char *const *alts, size_t n)
{
    GArray *ins = ins_new();
    const char *d = (const char *)b->data;
    size_t from = 0;
    for (size_t k = 0; k < n; k++) {
        const char *fig = memmem(d + from, b->len - from, "/S /Figure", 10);
        if (!fig)
            break;
        from = (size_t)(fig + 10 - d);
        glong len = 0;
        gunichar2 *u =
            alts[k] ? g_utf8_to_utf16(alts[k], -1, NULL, &len, NULL) : NULL;
        if (!u)
            continue;
        GString *t = g_string_new("\n   /Alt <FEFF");
        for (glong i = 0; i < len; i++)
            g_string_append_printf(t, "%04X", (unsigned)u[i]);
        g_string_append(t, ">");
        ins_add(ins, from, g_string_free(t, FALSE));
        g_free(u);
    }
    const char *cat = memmem(d, b->len, "/Type /Catalog", 14);
    if (cat && memmem(d, b->len, "/StructTreeRoot", 15))
        ins_add(ins, (size_t)(cat + 14 - d),
                g_strdup("\n   /MarkInfo << /Marked true >>"));
    if (ins->len)
        pdf_insert_all(b, ins);
    g_array_free(ins, TRUE);
}

/*
 * cairo 1.16 cannot set the document language: add /Lang to the catalog
 * (after its "/Type /Catalog") so screen readers pick the right voice.
 * @lang is a BCP 47 tag such as "en" or "nb"; anything else is skipped.
 */
static void
pdf_catalog_lang(GByteArray *b, const char *lang)
{
    if (!lang || !*lang || strlen(lang) > 35)
        return;
    for (const char *p = lang; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-')
            return;
    const char *d = (const char *)b->data;
    const char *cat = memmem(d, b->len, "/Type /Catalog", 14);
    if (!cat)
        return;
    char *ins = g_strdup_printf("\n   /Lang (%s)", lang);
    pdf_insert(b, (size_t)(cat + 14 - d), ins);
    g_free(ins);
}

void
cs_render_pdf_accessible(GByteArray *pdf, const char *lang,
                         const char *const *alts, size_t n)
{
    pdf_catalog_lang(pdf, lang);
    pdf_figure_alt(pdf, alts, n);
}

/* The PDF date: SOURCE_DATE_EPOCH when set and valid (the reproducible
 * builds convention), else the time of writing. */
void
cs_render_pdf_date(char buf[32])
{
    gint64 t = g_get_real_time() / G_USEC_PER_SEC;
    const char *s = g_getenv("SOURCE_DATE_EPOCH");
    if (s && *s) {
        char *end = NULL;
        gint64 v = g_ascii_strtoll(s, &end, 10);
        if (end && !*end && v >= 0 && v < G_GINT64_CONSTANT(253402300799))
            t = v;
    }
    GDateTime *dt = g_date_time_new_from_unix_utc(t);
    char *f = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S") : NULL;
    g_strlcpy(buf, f ? f : "1970-01-01T00:00:00", 32);
    g_free(f);
    if (dt)
        g_date_time_unref(dt);
}
