/* SPDX-License-Identifier: MIT */
/*
 * What /api/check and /api/render do with a complete request, on a worker
 * thread: take the file out of the body (raw, or the `file` part of
 * multipart/form-data), read the query into the same options `citysnap
 * render` takes (so the same cs_output_t and renderer come out, and the
 * same bytes), score the city and answer with JSON or the picture.
 *
 * Nothing a client sends becomes a path: styles and languages are names
 * looked up in fixed tables, and an uploaded file's name is only a label
 * in messages.
 */
#include "server-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "../cli/cli.h"

/* The styles and languages a client may name, and the files behind them
 * (relative to the data directory). "default" is no style file: the
 * built-in look, which data/styles/default.ini reproduces byte for byte. */
static const struct {
    const char *name, *file;
} styles[] = {
    {"default", NULL},
    {"colourblind", "data/styles/colourblind.ini"},
    {"greyscale", "data/styles/greyscale.ini"},
};
static const struct {
    const char *name, *file;
} langs[] = {
    {"en", NULL},
    {"nb", "data/labels-nb.csv"},
};

/* Query parameters; anything else is refused, so a typo never passes
 * silently. */
static const char *const known_params[] = {
    "format", "name", "title", "source-line", "style", "lang", "legend",
    "page", "margin", "bleed", "width", "size", "dpi", "text",
    "compression", "sheet", "year", NULL,
};

/* One look (style, language, legend, title, source line) and its renderer,
 * shared by the requests that use it. */
typedef struct look_entry {
    gint refs; /* the cache's reference and each user's */
    char *key;
    cs_cli_look_t look;
    cs_renderer_t *r;
    guint64 used; /* last use, for eviction */
} look_entry_t;

struct cs_api {
    char *datadir;
    cs_api_limits_t limits;
    cs_framework_t *fw;
    cs_bands_t *bands;
    cs_fonts_t *fonts;
    cs_aliases_t *aliases; /* data/kpi-aliases.csv, as the CLI reads it;
                              NULL: the library's built-in table */
    GMutex lock; /* guards cache and clock */
    GPtrArray *cache; /* look_entry_t */
    guint64 clock;
    /* cairo 1.16 can deadlock on rotated text from several threads; a PDF
     * drawn as `citysnap render` draws it (rotated text runs, the
     * cs_output_t.exclusive mode) therefore runs alone: it takes this
     * lock for writing, every other use of cairo text for reading. */
    GRWLock text_lock;
    int template_xlsx; /* the library writes .xlsx templates */
};

/* ---- JSON ---- */

void
cs_json_str(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p;
         p++) {
        switch (*p) {
        case '"': g_string_append(s, "\\\""); break;
        case '\\': g_string_append(s, "\\\\"); break;
        case '\n': g_string_append(s, "\\n"); break;
        case '\r': g_string_append(s, "\\r"); break;
        case '\t': g_string_append(s, "\\t"); break;
        case '<': case '>': case '&':
            g_string_append_printf(s, "\\u%04x", *p);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                g_string_append_printf(s, "\\u%04x", *p);
            else if (*p == 0xe2 && p[1] == 0x80 &&
                     (p[2] == 0xa8 || p[2] == 0xa9)) {
                /* U+2028/2029 end a line in older JavaScript */
                g_string_append_printf(s, "\\u%04x", 0x2000 + p[2] - 0x80);
                p += 2;
            } else
                g_string_append_c(s, (char)*p);
        }
    }
    g_string_append_c(s, '"');
}

static void
json_num(GString *s, double v)
{
    if (!isfinite(v)) {
        g_string_append(s, "null");
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.10g", v);
    g_string_append(s, buf);
}

static void
json_problem(GString *s, const cs_diag_entry_t *e)
{
    g_string_append(s, "{\"message\":");
    cs_json_str(s, e->message);
    g_string_append(s, ",\"file\":");
    if (e->file)
        cs_json_str(s, e->file);
    else
        g_string_append(s, "null");
    g_string_append_printf(s, ",\"line\":%u,\"column\":%u,\"status\":",
                           e->line, e->column);
    cs_json_str(s, cs_status_to_string(e->status));
    g_string_append_c(s, '}');
}

static void
set_json(cs_api_response_t *res, unsigned status, GString *s)
{
    res->status = status;
    res->content_type = "application/json; charset=utf-8";
    gsize len = s->len;
    res->body = g_bytes_new_take(g_string_free(s, FALSE), len);
}

void
cs_api_error(cs_api_response_t *res, unsigned status, const char *message)
{
    GString *s = g_string_new("{\"error\":{\"status\":");
    g_string_append_printf(s, "%u,\"message\":", status);
    cs_json_str(s, message);
    g_string_append(s, "}}\n");
    cs_api_response_clear(res);
    set_json(res, status, s);
}

/* An answer for input that failed: the first problem as the error (with
 * its position) and every problem listed. */
static void
diag_error(cs_api_response_t *res, unsigned status, const cs_diag_t *diag,
           const char *fallback)
{
    size_t n = cs_diag_entry_count(diag);
    GString *s = g_string_new("{\"error\":{\"status\":");
    g_string_append_printf(s, "%u,\"message\":", status);
    const cs_diag_entry_t *first = n ? cs_diag_get(diag, 0) : NULL;
    cs_json_str(s, first ? first->message : fallback);
    if (first) {
        g_string_append(s, ",\"file\":");
        if (first->file)
            cs_json_str(s, first->file);
        else
            g_string_append(s, "null");
        g_string_append_printf(s, ",\"line\":%u,\"column\":%u", first->line,
                               first->column);
    }
    g_string_append(s, "},\"problems\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            g_string_append_c(s, ',');
        json_problem(s, cs_diag_get(diag, i));
    }
    g_string_append_printf(s, "],\"more_problems\":%zu}\n",
                           cs_diag_reported_count(diag) - n);
    cs_api_response_clear(res);
    set_json(res, status, s);
}

void
cs_api_response_clear(cs_api_response_t *res)
{
    if (res->body)
        g_bytes_unref(res->body);
    g_free(res->filename);
    memset(res, 0, sizeof *res);
}

/* ---- the shared state ---- */

cs_api_t *
cs_api_new(const char *datadir, const cs_api_limits_t *limits,
           GError **error)
{
    cs_api_t *api = g_new0(cs_api_t, 1);
    api->datadir = g_strdup(datadir);
    api->limits = *limits;
    if (api->limits.cache < 1)
        api->limits.cache = 1;
    g_mutex_init(&api->lock);
    g_rw_lock_init(&api->text_lock);
    api->cache = g_ptr_array_new();
    cs_diag_t *diag = cs_diag_new();
    char *fw = g_build_filename(datadir, "data", "u4ssc-wheel.csv", NULL);
    char *bands = g_build_filename(datadir, "data", "bands.csv", NULL);
    char *fonts = g_build_filename(datadir, "fonts", NULL);
    cs_status_t st = cs_framework_load(fw, &api->fw, diag);
    if (st == CS_OK)
        st = cs_bands_load(bands, &api->bands, diag);
    if (st == CS_OK)
        st = cs_fonts_new(fonts, &api->fonts, diag);
    char *aliases = g_build_filename(datadir, "data", "kpi-aliases.csv", NULL);
    if (st == CS_OK && g_file_test(aliases, G_FILE_TEST_IS_REGULAR))
        st = cs_aliases_load(aliases, &api->aliases, diag);
    g_free(aliases);
    g_free(fw);
    g_free(bands);
    g_free(fonts);
    if (st != CS_OK) {
        const cs_diag_entry_t *e =
            cs_diag_entry_count(diag) ? cs_diag_get(diag, 0) : NULL;
        char *m = e ? cs_diag_entry_format(e) : NULL;
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s",
                    m ? m : cs_status_to_string(st));
        free(m);
        cs_diag_free(diag);
        cs_api_free(api);
        return NULL;
    }
    cs_diag_free(diag);
    char *t = NULL;
    size_t tlen = 0;
    api->template_xlsx = cs_template_build(api->fw, NULL, "en",
                                           CS_TEMPLATE_XLSX, &t, &tlen,
                                           NULL) == CS_OK;
    free(t);
    return api;
}

int
cs_api_template_xlsx(const cs_api_t *api)
{
    return api->template_xlsx;
}

static void
look_unref(look_entry_t *e)
{
    if (!e || !g_atomic_int_dec_and_test(&e->refs))
        return;
    cs_renderer_free(e->r);
    cs_cli_look_clear(&e->look);
    g_free(e->key);
    g_free(e);
}

void
cs_api_free(cs_api_t *api)
{
    if (!api)
        return;
    for (guint i = 0; i < api->cache->len; i++)
        look_unref(g_ptr_array_index(api->cache, i));
    g_ptr_array_free(api->cache, TRUE);
    g_mutex_clear(&api->lock);
    g_rw_lock_clear(&api->text_lock);
    cs_aliases_free(api->aliases);
    cs_fonts_free(api->fonts);
    cs_bands_free(api->bands);
    cs_framework_free(api->fw);
    g_free(api->datadir);
    g_free(api);
}

/* The options of one request, as `citysnap render` would hold them. */
typedef struct req_opts {
    cs_cli_draw_args_t a; /* strings borrowed from the query (cleared by
                             hand, never with cs_cli_draw_args_clear) */
    const char *style_file, *lang_file; /* relative; NULL: none */
    const char *lang;
    const char *name;
    cs_output_t out;
} req_opts_t;

static const char *
q(GHashTable *query, const char *key)
{
    const char *v = query ? g_hash_table_lookup(query, key) : NULL;
    return v && *v ? v : NULL;
}

/* A number that is all of @s. */
static int
parse_double(const char *s, double *v)
{
    char *end = NULL;
    *v = g_ascii_strtod(s, &end);
    return end != s && !*end && isfinite(*v) ? 0 : -1;
}

/* Reads the query into @o. NULL when fine, else the reason (in @buf or
 * constant). */
static const char *
read_opts(GHashTable *query, cs_api_kind_t kind, req_opts_t *o, char *buf,
          size_t size)
{
    memset(o, 0, sizeof *o);
    cs_output_init(&o->out);
    if (query) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, query);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            if (!g_strv_contains(known_params, k)) {
                g_snprintf(buf, size, "unknown parameter '%.40s'",
                           (const char *)k);
                return buf;
            }
            if (!g_utf8_validate(v, -1, NULL))
                return "a parameter is not valid UTF-8";
        }
    }
    const char *fmt = q(query, "format");
    if (kind == CS_API_RENDER) {
        if (!fmt)
            o->out.format = CS_FORMAT_PNG;
        else if (cs_format_from_name(fmt, &o->out.format, NULL) != CS_OK)
            return "format must be png, svg or pdf";
    }
    const char *style = q(query, "style");
    if (style) {
        size_t i;
        for (i = 0; i < G_N_ELEMENTS(styles); i++)
            if (!strcmp(style, styles[i].name))
                break;
        if (i == G_N_ELEMENTS(styles))
            return "style must be default, colourblind or greyscale";
        o->style_file = styles[i].file;
    }
    o->lang = q(query, "lang");
    if (o->lang) {
        size_t i;
        for (i = 0; i < G_N_ELEMENTS(langs); i++)
            if (!strcmp(o->lang, langs[i].name))
                break;
        if (i == G_N_ELEMENTS(langs))
            return "lang must be en or nb";
        o->lang_file = langs[i].file;
        if (!o->lang_file)
            o->lang = NULL; /* English: as without --lang */
    }
    const char *text = q(query, "text");
    if (text && strcmp(text, "outlines") && strcmp(text, "editable"))
        return "text must be outlines or editable";
    o->a.svg_text = text && !strcmp(text, "editable");
    o->a.title = (char *)q(query, "title");
    o->a.source = query ? g_hash_table_lookup(query, "source-line") : NULL;
    o->a.legend = (char *)q(query, "legend");
    o->a.page = (char *)q(query, "page");
    o->a.margin = (char *)q(query, "margin");
    o->a.bleed = (char *)q(query, "bleed");
    o->a.size = (char *)q(query, "size");
    o->a.png_compression = (char *)q(query, "compression");
    o->a.lang = (char *)o->lang;
    o->name = q(query, "name");
    const char *w = q(query, "width"), *dpi = q(query, "dpi");
    if (w && parse_double(w, &o->a.width_px))
        return "width must be a number of pixels";
    if (dpi && parse_double(dpi, &o->a.dpi))
        return "dpi must be a number";
    const char *year = q(query, "year");
    double y = 0;
    if (year && (parse_double(year, &y) || y != floor(y) || fabs(y) > 1e6))
        return "year must be a whole number, e.g. 2023";
    o->out.year = (int)y; /* checked by the library, as for --year */
    if (kind != CS_API_RENDER)
        return NULL;
    const char *why = cs_cli_render_check(&o->a, &o->out);
    if (!why)
        return NULL;
    /* the CLI's words name options; a client here sends parameters */
    GString *m = g_string_new(why);
    g_string_replace(m, "--svg-text", "text=editable", 0);
    g_string_replace(m, "--", "", 0);
    g_strlcpy(buf, m->str, size);
    g_string_free(m, TRUE);
    return buf;
}

/* The renderer for @o's look, from the cache or made now. Release with
 * look_unref(). NULL with @diag filled on failure. */
static look_entry_t *
look_get(cs_api_t *api, const req_opts_t *o, cs_diag_t *diag)
{
    char *key = g_strjoin("\x1f", o->style_file ? o->style_file : "",
                          o->lang ? o->lang : "", o->a.legend ? o->a.legend : "",
                          o->a.title ? o->a.title : "",
                          o->a.source ? "s" : "-",
                          o->a.source ? o->a.source : "", NULL);
    g_mutex_lock(&api->lock);
    for (guint i = 0; i < api->cache->len; i++) {
        look_entry_t *e = g_ptr_array_index(api->cache, i);
        if (!strcmp(e->key, key)) {
            g_atomic_int_inc(&e->refs);
            e->used = ++api->clock;
            g_mutex_unlock(&api->lock);
            g_free(key);
            return e;
        }
    }
    g_mutex_unlock(&api->lock);

    look_entry_t *e = g_new0(look_entry_t, 1);
    e->refs = 2; /* the cache's and ours */
    e->key = key;
    cs_cli_draw_args_t a = o->a;
    char *style = o->style_file
                      ? g_build_filename(api->datadir, o->style_file, NULL)
                      : NULL;
    char *tr = o->lang_file
                   ? g_build_filename(api->datadir, o->lang_file, NULL)
                   : NULL;
    a.style_path = style;
    g_rw_lock_reader_lock(&api->text_lock);
    cs_status_t st = cs_cli_look_renderer(&a, tr, api->fw, api->bands,
                                          api->fonts, &e->look, &e->r, diag);
    g_rw_lock_reader_unlock(&api->text_lock);
    g_free(style);
    g_free(tr);
    if (st != CS_OK) {
        e->refs = 1;
        look_unref(e);
        return NULL;
    }
    g_mutex_lock(&api->lock);
    e->used = ++api->clock;
    g_ptr_array_add(api->cache, e);
    while (api->cache->len > api->limits.cache) {
        guint old = 0;
        for (guint i = 1; i < api->cache->len; i++)
            if (((look_entry_t *)g_ptr_array_index(api->cache, i))->used <
                ((look_entry_t *)g_ptr_array_index(api->cache, old))->used)
                old = i;
        look_unref(g_ptr_array_remove_index(api->cache, old));
    }
    g_mutex_unlock(&api->lock);
    return e;
}

/* ---- the request body ---- */

/* A file name fit for messages: its last component, without control
 * characters, at most 80 bytes; "upload" when there is none. */
static char *
label_name(const char *name)
{
    if (!name || !*name || !g_utf8_validate(name, -1, NULL))
        return g_strdup("upload");
    const char *slash = strrchr(name, '/'), *bslash = strrchr(name, '\\');
    if (bslash > slash)
        slash = bslash;
    if (slash)
        name = slash + 1;
    GString *s = g_string_new(NULL);
    for (const char *p = name; *p && s->len < 80; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_iscntrl(c) || g_unichar_type(c) == G_UNICODE_FORMAT)
            continue;
        g_string_append_unichar(s, c);
    }
    if (!s->len)
        g_string_assign(s, "upload");
    return g_string_free(s, FALSE);
}

/* The uploaded files: the body itself, or the parts `file` (required)
 * and `targets` of multipart/form-data. NULL when fine, else the reason. */
static const char *
read_body(const cs_api_request_t *req, GBytes **file, char **file_name,
          GBytes **targets, char **targets_name)
{
    *file = *targets = NULL;
    *file_name = *targets_name = NULL;
    const char *ct = req->content_type;
    if (!ct || g_ascii_strncasecmp(ct, "multipart/", 10)) {
        if (!req->body || !g_bytes_get_size(req->body))
            return "the request has no body: send the file itself, or "
                   "multipart/form-data with a 'file' field";
        *file = g_bytes_ref(req->body);
        *file_name = g_strdup("upload");
        return NULL;
    }
    SoupMessageHeaders *h = soup_message_headers_new(SOUP_MESSAGE_HEADERS_MULTIPART);
    soup_message_headers_replace(h, "Content-Type", ct);
    SoupMultipart *mp = soup_multipart_new_from_message(h, req->body);
    soup_message_headers_unref(h);
    if (!mp)
        return "the multipart/form-data body cannot be read";
    for (int i = 0; i < soup_multipart_get_length(mp); i++) {
        SoupMessageHeaders *ph;
        GBytes *pb;
        if (!soup_multipart_get_part(mp, i, &ph, &pb))
            continue;
        char *disp = NULL;
        GHashTable *params = NULL;
        if (!soup_message_headers_get_content_disposition(ph, &disp, &params))
            continue;
        const char *field = g_hash_table_lookup(params, "name");
        const char *fname = g_hash_table_lookup(params, "filename");
        if (field && !strcmp(field, "file") && !*file) {
            *file = g_bytes_ref(pb);
            *file_name = label_name(fname);
        } else if (field && !strcmp(field, "targets") && !*targets &&
                   g_bytes_get_size(pb) > 0) {
            *targets = g_bytes_ref(pb);
            *targets_name = label_name(fname ? fname : "targets");
        }
        g_free(disp);
        g_hash_table_destroy(params);
    }
    soup_multipart_free(mp);
    if (!*file)
        return "the multipart/form-data body has no 'file' field";
    if (!g_bytes_get_size(*file))
        return "the uploaded file is empty";
    return NULL;
}

/* ---- check and render ---- */

static void
json_agg(GString *s, const char *name, const cs_agg_score_t *a,
         const cs_bands_t *bands)
{
    g_string_append(s, "{\"name\":");
    cs_json_str(s, name);
    g_string_append(s, ",\"band\":");
    cs_json_str(s, cs_band_key(a->band));
    g_string_append(s, ",\"band_label\":");
    cs_json_str(s, cs_bands_label(bands, a->band));
    g_string_append(s, ",\"percent\":");
    json_num(s, a->percent);
    g_string_append_printf(s, ",\"points\":%u,\"scored\":%u,\"total\":%u}",
                           a->points, a->scored, a->total);
}

/* How the table's rows were placed: counts by kind of match, and every
 * row with its position, what it says and the wedges it gave values to. */
static void
json_mapping(GString *s, const cs_import_t *imp, const cs_framework_t *fw)
{
    g_string_append_printf(s, "{\"canonical\":%s",
                           cs_import_is_canonical(imp) ? "true" : "false");
    for (int m = CS_MATCH_CODE; m < CS_MATCH_COUNT; m++)
        g_string_append_printf(s, ",\"by_%s\":%zu", cs_match_name(m),
                               cs_import_match_count(imp, m));
    g_string_append(s, ",\"rows\":[");
    for (size_t i = 0; i < cs_import_row_count(imp); i++) {
        const cs_import_row_t *row = cs_import_get_row(imp, i);
        if (i)
            g_string_append_c(s, ',');
        g_string_append(s, "{\"position\":");
        cs_json_str(s, row->position);
        g_string_append_printf(s, ",\"line\":%u,\"text\":", row->line);
        cs_json_str(s, row->text);
        g_string_append(s, ",\"match\":");
        cs_json_str(s, cs_match_name(row->match));
        g_string_append(s, ",\"kpis\":[");
        for (size_t k = 0; k < row->n_kpis && k < 8; k++) {
            if (k)
                g_string_append_c(s, ',');
            cs_json_str(s, cs_framework_get_kpi(fw, row->kpis[k])->code);
        }
        g_string_append(s, "],\"note\":");
        cs_json_str(s, row->note);
        g_string_append_c(s, '}');
    }
    g_string_append(s, "]}");
}

static void
check_json(cs_api_response_t *res, const cs_framework_t *fw,
           const cs_bands_t *bands, const cs_city_t *city,
           const cs_scores_t *sc, const char *file, const char *name,
           const cs_import_t *imp, const cs_diag_t *warnings)
{
    size_t nk = cs_framework_kpi_count(fw), with_value = 0;
    for (size_t i = 0; i < nk; i++)
        if (!isnan(cs_scores_get_kpi(sc, i)->value))
            with_value++;
    const cs_agg_score_t *all = cs_scores_get_overall(sc);
    GString *s = g_string_new("{\"file\":");
    cs_json_str(s, file);
    g_string_append(s, ",\"name\":");
    if (name)
        cs_json_str(s, name);
    else
        g_string_append(s, "null");
    g_string_append_printf(s, ",\"rows\":%zu,\"problems\":[],\"warnings\":[",
                           cs_city_data_row_count(city));
    /* the importer's warnings, then those about the picture, each at its
     * position */
    const cs_diag_t *lists[2] = {cs_import_warnings(imp), warnings};
    int first = 1;
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < cs_diag_entry_count(lists[l]); i++) {
            if (!first)
                g_string_append_c(s, ',');
            first = 0;
            json_problem(s, cs_diag_get(lists[l], i));
        }
    g_string_append_printf(s, "],\"coverage\":{\"with_value\":%zu,"
                              "\"scored\":%u,\"total\":%zu},\"kpis\":[",
                           with_value, all->scored, nk);
    for (size_t i = 0; i < nk; i++) {
        const cs_kpi_t *k = cs_framework_get_kpi(fw, i);
        const cs_kpi_score_t *ks = cs_scores_get_kpi(sc, i);
        if (i)
            g_string_append_c(s, ',');
        g_string_append(s, "{\"code\":");
        cs_json_str(s, k->code);
        g_string_append(s, ",\"label\":");
        cs_json_str(s, k->label);
        g_string_append(s, ",\"group\":");
        cs_json_str(s, cs_framework_get_group(fw, k->group)->name);
        g_string_append(s, ",\"dimension\":");
        cs_json_str(s, cs_framework_get_dimension(fw, k->dimension)->name);
        g_string_append(s, ",\"unit\":");
        cs_json_str(s, k->unit);
        g_string_append(s, ",\"value\":");
        json_num(s, ks->value);
        g_string_append(s, ",\"target\":");
        json_num(s, ks->target);
        g_string_append(s, ",\"percent\":");
        json_num(s, ks->percent);
        g_string_append(s, ",\"band\":");
        cs_json_str(s, cs_band_key(ks->band));
        g_string_append(s, ",\"band_label\":");
        cs_json_str(s, cs_bands_label(bands, ks->band));
        g_string_append_printf(s, ",\"points\":%d,\"line\":%u}", ks->points,
                               cs_city_get_entry(city, i)->line);
    }
    g_string_append(s, "],\"groups\":[");
    for (size_t g = 0; g < cs_framework_group_count(fw); g++) {
        if (g)
            g_string_append_c(s, ',');
        json_agg(s, cs_framework_get_group(fw, g)->name, cs_scores_get_group(sc, g),
                 bands);
    }
    g_string_append(s, "],\"dimensions\":[");
    for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
        if (d)
            g_string_append_c(s, ',');
        json_agg(s, cs_framework_get_dimension(fw, d)->name,
                 cs_scores_get_dimension(sc, d), bands);
    }
    g_string_append(s, "],\"overall\":");
    json_agg(s, "overall", all, bands);
    g_string_append(s, ",\"mapping\":");
    json_mapping(s, imp, fw);
    g_string_append(s, "}\n");
    set_json(res, 200, s);
}

/* The download's name: the city name's letters, digits, '-' and '_'
 * (ASCII), else "snapshot"; then the extension. */
static char *
download_name(const char *name, cs_format_t f)
{
    GString *s = g_string_new(NULL);
    for (const char *p = name ? name : ""; *p && s->len < 60; p++) {
        if (g_ascii_isalnum(*p) || *p == '-' || *p == '_')
            g_string_append_c(s, *p);
        else if ((*p == ' ' || *p == '.') && s->len &&
                 s->str[s->len - 1] != '-')
            g_string_append_c(s, '-');
    }
    while (s->len && s->str[s->len - 1] == '-')
        g_string_truncate(s, s->len - 1);
    if (!s->len)
        g_string_assign(s, "snapshot");
    g_string_append(s, cs_format_extension(f));
    return g_string_free(s, FALSE);
}

static const char *
mime_type(cs_format_t f)
{
    switch (f) {
    case CS_FORMAT_PNG: return "image/png";
    case CS_FORMAT_SVG: return "image/svg+xml";
    case CS_FORMAT_PDF: return "application/pdf";
    default: return "application/octet-stream";
    }
}

/* HTTP status for a library failure: the client's input, or ours. */
static unsigned
status_for(cs_status_t st)
{
    switch (st) {
    case CS_ERR_PARSE:
    case CS_ERR_INVALID:
    case CS_ERR_LIMIT:
    case CS_ERR_FIT:
    case CS_ERR_ARG:
        return 422;
    case CS_ERR_NOMEM:
        return 503;
    default:
        return 500;
    }
}

/* GET /api/template?format=csv|xlsx&lang=en|nb: the fill-in sheet of
 * `citysnap template`, with the wheel's names in that language. */
static void
template_answer(cs_api_t *api, GHashTable *query, const req_opts_t *o,
                cs_api_response_t *res)
{
    const char *f = q(query, "format");
    cs_template_format_t fmt = CS_TEMPLATE_CSV;
    if (f && !strcmp(f, "xlsx"))
        fmt = CS_TEMPLATE_XLSX;
    else if (f && strcmp(f, "csv")) {
        cs_api_error(res, 400, "format must be csv or xlsx");
        return;
    }
    cs_diag_t *diag = cs_diag_new();
    look_entry_t *look = look_get(api, o, diag);
    char *data = NULL;
    size_t len = 0;
    cs_status_t st = look ? cs_template_build(api->fw, look->look.tr_fw,
                                              o->lang ? o->lang : "en", fmt,
                                              &data, &len, diag)
                          : CS_ERR_RENDER;
    if (st != CS_OK) {
        diag_error(res, status_for(st), diag, cs_status_to_string(st));
    } else {
        res->status = 200;
        res->content_type =
            fmt == CS_TEMPLATE_XLSX
                ? "application/vnd.openxmlformats-officedocument."
                  "spreadsheetml.sheet"
                : "text/csv; charset=utf-8";
        res->body = g_bytes_new_with_free_func(data, len, free, data);
        res->filename = g_strdup(fmt == CS_TEMPLATE_XLSX
                                     ? "citysnap-template.xlsx"
                                     : "citysnap-template.csv");
    }
    look_unref(look);
    cs_diag_free(diag);
}

void
cs_api_run(cs_api_t *api, const cs_api_request_t *req, cs_api_response_t *res)
{
    char buf[128];
    req_opts_t o;
    const char *why = read_opts(req->query, req->kind, &o, buf, sizeof buf);
    if (why) {
        cs_api_error(res, 400, why);
        return;
    }
    if (req->kind == CS_API_TEMPLATE) {
        template_answer(api, req->query, &o, res);
        return;
    }
    GBytes *file = NULL, *tbytes = NULL;
    char *fname = NULL, *tname = NULL;
    why = read_body(req, &file, &fname, &tbytes, &tname);
    if (why) {
        cs_api_error(res, 400, why);
        return;
    }
    cs_diag_t *diag = cs_diag_new();
    cs_diag_t *warnings = cs_diag_new();
    cs_import_t *imp = NULL;
    const cs_city_t *city = NULL;
    cs_targets_t *targets = NULL;
    cs_scores_t *sc = NULL;
    look_entry_t *look = NULL;
    gsize len;
    const char *data = g_bytes_get_data(file, &len);
    cs_status_t st = diag && warnings ? CS_OK : CS_ERR_NOMEM;
    if (st == CS_OK) {
        /* any table `citysnap render` reads: a city file, a report's
         * table, a spreadsheet (told apart by content and name) */
        cs_import_options_t io;
        cs_import_options_init(&io);
        io.sheet = q(req->query, "sheet");
        io.aliases = api->aliases;
        st = cs_import_buffer(api->fw, fname, data, len, &io, &imp, diag);
    }
    if (st == CS_OK && tbytes) {
        data = g_bytes_get_data(tbytes, &len);
        st = cs_targets_load_buffer(api->fw, tname, data, len, &targets, diag);
    }
    if (st == CS_OK) {
        city = cs_import_city(imp);
        cs_city_warnings(api->fw, targets, city, o.name, fname, NULL,
                         warnings);
        look = look_get(api, &o, diag);
        if (!look)
            st = CS_ERR_RENDER;
    }
    if (st == CS_OK) {
        /* as `citysnap render`: the style's coverage threshold, else the
         * default */
        double min_cov = CS_DEFAULT_MIN_COVERAGE;
        cs_style_min_coverage(look->look.style, &min_cov);
        st = cs_scores_compute_cov(api->fw, api->bands, targets, city,
                                   min_cov, &sc, diag);
    }
    if (st != CS_OK) {
        diag_error(res, status_for(st), diag, cs_status_to_string(st));
        goto done;
    }
    if (req->kind == CS_API_CHECK) {
        check_json(res, cs_cli_look_framework(&look->look, api->fw),
                   look->look.bands, city, sc, fname, o.name, imp, warnings);
        goto done;
    }

    double w, h, scale;
    st = cs_renderer_output_place(look->r, o.out.format, &o.out, &w, &h,
                                   &scale, NULL, NULL, diag);
    if (st == CS_OK && o.out.format == CS_FORMAT_PNG &&
        w * h > api->limits.max_pixels) {
        g_snprintf(buf, sizeof buf,
                   "the PNG would be %.0f x %.0f pixels; the limit is %.0f "
                   "million pixels",
                   ceil(w), ceil(h), api->limits.max_pixels / 1e6);
        cs_api_error(res, 422, buf);
        goto done;
    }
    unsigned char *bytes = NULL;
    size_t n = 0;
    if (st == CS_OK) {
        /* the same PDF as `citysnap render` writes (see text_lock) */
        int alone = o.out.format == CS_FORMAT_PDF;
        o.out.exclusive = 1;
        if (alone)
            g_rw_lock_writer_lock(&api->text_lock);
        else
            g_rw_lock_reader_lock(&api->text_lock);
        st = cs_renderer_to_memory(look->r, sc, o.name, &o.out, &bytes, &n,
                                 NULL, diag);
        if (alone)
            g_rw_lock_writer_unlock(&api->text_lock);
        else
            g_rw_lock_reader_unlock(&api->text_lock);
    }
    if (st != CS_OK) {
        diag_error(res, status_for(st), diag, cs_status_to_string(st));
        goto done;
    }
    if (n > api->limits.max_output) {
        free(bytes);
        g_snprintf(buf, sizeof buf,
                   "the file would be %zu bytes; the limit is %zu", n,
                   api->limits.max_output);
        cs_api_error(res, 422, buf);
        goto done;
    }
    res->status = 200;
    res->content_type = mime_type(o.out.format);
    res->body = g_bytes_new_with_free_func(bytes, n, free, bytes);
    res->filename = download_name(o.name, o.out.format);

done:
    look_unref(look);
    cs_scores_free(sc);
    cs_targets_free(targets);
    cs_import_free(imp);
    cs_diag_free(warnings);
    cs_diag_free(diag);
    g_bytes_unref(file);
    if (tbytes)
        g_bytes_unref(tbytes);
    g_free(fname);
    g_free(tname);
}
