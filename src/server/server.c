/* SPDX-License-Identifier: MIT */
/*
 * The HTTP side of `citysnap serve` (see server.h): connections and their
 * timeouts, body limits, routing, response headers, the page's files,
 * handing complete API requests to the worker pool, shutdown and the
 * access log.
 *
 * Connections are accepted here (a GSocketService) and handed to libsoup,
 * so that every connection is known from its first moment: one that sends
 * nothing, or sends its headers or body too slowly, is closed when its
 * deadline passes. A worker only ever sees a request whose body is
 * complete, so a slow client holds a socket, never a render thread.
 */
#include "server.h"
#include "server-private.h"

#include <citysnap/version.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cs-config.h"

/* Where a connection is in its current request. */
typedef enum conn_phase {
    PHASE_IDLE,     /* waiting for headers (new, or between requests) */
    PHASE_BODY,     /* headers read, body arriving */
    PHASE_RESPONSE, /* queued, rendering or sending */
} conn_phase_t;

typedef struct conn {
    GSocketConnection *c;
    char *key; /* remote "address:port": how a message finds its connection */
    conn_phase_t phase;
    gint64 deadline; /* monotonic µs */
} conn_t;

/* One of the page's files, read at start-up (no path of a request ever
 * reaches the file system). */
typedef struct web_file {
    const char *path;         /* as requested */
    const char *file;         /* under data/web/ */
    const char *content_type;
    GBytes *data;
} web_file_t;

struct cs_server {
    cs_server_config_t cfg;
    char *bind, *datadir, *uri;
    unsigned port;
    GMainContext *ctx;
    SoupServer *soup;
    GSocketService *service;
    GHashTable *conns; /* key -> conn_t */
    GSource *tick;
    GThreadPool *pool;
    cs_api_t *api;
    unsigned jobs;   /* API requests queued or running */
    unsigned active; /* requests between request-started and their end */
    web_file_t web[4];
    GBytes *index_nb; /* index.html with lang="nb" */
    int stopping;
    void (*done)(void *);
    void *done_user;
};

/* A request handed to a worker. */
typedef struct job {
    cs_server_t *srv;
    SoupServerMessage *msg; /* referenced */
    int gone;               /* the client left: answer nobody */
    gulong sig_finished;
    cs_api_request_t req;
    cs_api_response_t res;
} job_t;

/* Per-message state (object data "cs-req"). */
typedef struct req_state {
    gint64 start;
    GByteArray *body; /* the body as it arrives; NULL once too large */
    int too_big;
    int counted; /* counted in srv->active */
} req_state_t;

static const char csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' blob: data:; connect-src 'self'; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'";

void
cs_server_config_init(cs_server_config_t *c)
{
    memset(c, 0, sizeof *c);
    c->bind = "127.0.0.1";
    c->max_body = CS_SERVER_MAX_BODY;
    c->header_ms = 10000;
    c->body_ms = 60000;
    c->response_ms = 120000;
    c->queue = 32;
    c->max_pixels = 36e6;
    c->max_output = 64u * 1024 * 1024;
    c->cache = 8;
}

static gint64
now_us(void)
{
    return g_get_monotonic_time();
}

static char *
addr_key(GSocketAddress *a)
{
    if (!G_IS_INET_SOCKET_ADDRESS(a))
        return g_strdup("?");
    GInetSocketAddress *ia = G_INET_SOCKET_ADDRESS(a);
    char *ip = g_inet_address_to_string(g_inet_socket_address_get_address(ia));
    char *k = g_strdup_printf("%s:%u", ip, g_inet_socket_address_get_port(ia));
    g_free(ip);
    return k;
}

static conn_t *
msg_conn(cs_server_t *srv, SoupServerMessage *msg)
{
    char *k = addr_key(soup_server_message_get_remote_address(msg));
    conn_t *c = g_hash_table_lookup(srv->conns, k);
    g_free(k);
    return c;
}

static void
conn_set(cs_server_t *srv, SoupServerMessage *msg, conn_phase_t phase,
         unsigned ms)
{
    conn_t *c = msg_conn(srv, msg);
    if (!c)
        return;
    c->phase = phase;
    c->deadline = now_us() + (gint64)ms * 1000;
}

static void
conn_free(gpointer p)
{
    conn_t *c = p;
    g_object_unref(c->c);
    g_free(c->key);
    g_free(c);
}

static void maybe_done(cs_server_t *srv);

/* Every 100 ms: closes connections past their deadline and forgets those
 * libsoup has closed. */
static gboolean
tick(gpointer user)
{
    cs_server_t *srv = user;
    gint64 now = now_us();
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, srv->conns);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        conn_t *c = v;
        if (g_io_stream_is_closed(G_IO_STREAM(c->c)) ||
            G_OBJECT(c->c)->ref_count == 1) {
            g_hash_table_iter_remove(&it);
            continue;
        }
        if (now >= c->deadline) {
            /* libsoup's pending read then ends, and it drops the
             * connection (a message in flight is aborted) */
            GSocket *sock = g_socket_connection_get_socket(c->c);
            g_socket_shutdown(sock, TRUE, TRUE, NULL);
            c->deadline = G_MAXINT64;
        }
    }
    maybe_done(srv);
    return G_SOURCE_CONTINUE;
}

static gboolean
incoming(GSocketService *service, GSocketConnection *connection,
         GObject *source, gpointer user)
{
    cs_server_t *srv = user;
    GSocketAddress *local = g_socket_connection_get_local_address(connection, NULL);
    GSocketAddress *remote = g_socket_connection_get_remote_address(connection, NULL);
    if (!local || !remote || srv->stopping) {
        g_clear_object(&local);
        g_clear_object(&remote);
        return TRUE; /* dropped: the service closes it */
    }
    conn_t *c = g_new0(conn_t, 1);
    c->c = g_object_ref(connection);
    c->key = addr_key(remote);
    c->phase = PHASE_IDLE;
    c->deadline = now_us() + (gint64)srv->cfg.header_ms * 1000;
    g_hash_table_replace(srv->conns, g_strdup(c->key), c);
    GError *err = NULL;
    if (!soup_server_accept_iostream(srv->soup, G_IO_STREAM(connection), local,
                                     remote, &err)) {
        g_hash_table_remove(srv->conns, c->key);
        g_clear_error(&err);
    }
    g_object_unref(local);
    g_object_unref(remote);
    return TRUE;
}

/* ---- responses ---- */

static void
common_headers(SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Content-Security-Policy", csp);
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
    soup_message_headers_replace(h, "X-Frame-Options", "DENY");
}

static void
respond(SoupServerMessage *msg, cs_api_response_t *res)
{
    common_headers(msg);
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    /* results are the user's data: never kept by a browser or proxy */
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    if (res->filename) {
        char *v = g_strdup_printf("attachment; filename=\"%s\"", res->filename);
        soup_message_headers_replace(h, "Content-Disposition", v);
        g_free(v);
    }
    gsize n = 0;
    const char *data = res->body ? g_bytes_get_data(res->body, &n) : "";
    soup_server_message_set_status(msg, res->status, NULL);
    soup_server_message_set_response(msg, res->content_type, SOUP_MEMORY_COPY,
                                     data, n);
}

static void
respond_error(SoupServerMessage *msg, unsigned status, const char *message)
{
    cs_api_response_t res = {0};
    cs_api_error(&res, status, message);
    respond(msg, &res);
    cs_api_response_clear(&res);
}

/* ---- the worker pool ---- */

static gboolean
job_done(gpointer p)
{
    job_t *j = p;
    cs_server_t *srv = j->srv;
    if (!j->gone) {
        g_signal_handler_disconnect(j->msg, j->sig_finished);
        respond(j->msg, &j->res);
        soup_server_message_unpause(j->msg);
    }
    g_object_unref(j->msg);
    cs_api_response_clear(&j->res);
    if (j->req.query)
        g_hash_table_unref(j->req.query);
    g_free(j->req.content_type);
    g_bytes_unref(j->req.body);
    g_free(j);
    srv->jobs--;
    maybe_done(srv);
    return G_SOURCE_REMOVE;
}

static void
job_run(gpointer p, gpointer user)
{
    job_t *j = p;
    cs_server_t *srv = user;
    cs_api_run(srv->api, &j->req, &j->res);
    g_main_context_invoke(srv->ctx, job_done, j);
}

static void
job_client_gone(SoupServerMessage *msg, gpointer p)
{
    ((job_t *)p)->gone = 1;
}

/* ---- handlers ---- */

static req_state_t *
req_get(SoupServerMessage *msg)
{
    return g_object_get_data(G_OBJECT(msg), "cs-req");
}

static void
got_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer user)
{
    cs_server_t *srv = user;
    req_state_t *r = req_get(msg);
    if (!r || r->too_big)
        return;
    gsize n;
    const guint8 *d = g_bytes_get_data(chunk, &n);
    if (r->body->len + n > srv->cfg.max_body) {
        r->too_big = 1;
        g_byte_array_set_size(r->body, 0);
        return;
    }
    g_byte_array_append(r->body, d, (guint)n);
}

static gboolean
is_api_post(SoupServerMessage *msg, const char *path)
{
    return !strcmp(soup_server_message_get_method(msg), "POST") &&
           (!strcmp(path, "/api/check") || !strcmp(path, "/api/render"));
}

/* After the headers, before the body: refuse a body announced too large
 * (a client sending "Expect: 100-continue" then sends nothing), and keep
 * the body ourselves so that one larger than the limit is counted, not
 * stored. */
static void
early_handler(SoupServer *server, SoupServerMessage *msg, const char *path,
              GHashTable *query, gpointer user)
{
    cs_server_t *srv = user;
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    soup_message_body_set_accumulate(soup_server_message_get_request_body(msg),
                                     FALSE);
    if (!is_api_post(msg, path))
        return;
    goffset len = soup_message_headers_get_encoding(h) ==
                          SOUP_ENCODING_CONTENT_LENGTH
                      ? soup_message_headers_get_content_length(h)
                      : -1;
    if (len > (goffset)srv->cfg.max_body) {
        char m[128];
        g_snprintf(m, sizeof m, "the upload is larger than the limit of %zu "
                                "bytes",
                   srv->cfg.max_body);
        respond_error(msg, 413, m);
        soup_message_headers_replace(
            soup_server_message_get_response_headers(msg), "Connection",
            "close");
        return;
    }
    req_state_t *r = req_get(msg);
    if (r) {
        r->body = g_byte_array_new();
        g_signal_connect(msg, "got-chunk", G_CALLBACK(got_chunk), srv);
    }
}

static const web_file_t *
web_lookup(cs_server_t *srv, const char *path)
{
    for (size_t i = 0; i < G_N_ELEMENTS(srv->web); i++)
        if (!strcmp(path, srv->web[i].path))
            return &srv->web[i];
    return NULL;
}

/* Whether the browser prefers Norwegian (nb, no, nn) to English: the
 * first of the two in Accept-Language (quality values honoured). */
static int
prefers_nb(SoupServerMessage *msg)
{
    const char *al = soup_message_headers_get_one(
        soup_server_message_get_request_headers(msg), "Accept-Language");
    if (!al)
        return 0;
    GSList *langs = soup_header_parse_quality_list(al, NULL);
    int nb = 0;
    for (GSList *l = langs; l; l = l->next) {
        const char *t = l->data;
        if (!g_ascii_strncasecmp(t, "en", 2))
            break;
        if (!g_ascii_strncasecmp(t, "nb", 2) || !g_ascii_strncasecmp(t, "no", 2) ||
            !g_ascii_strncasecmp(t, "nn", 2)) {
            nb = 1;
            break;
        }
    }
    soup_header_free_list(langs);
    return nb;
}

static void
health(cs_server_t *srv, SoupServerMessage *msg)
{
    GString *s = g_string_new("{\"status\":\"ok\",\"version\":");
    cs_json_str(s, CS_VERSION_STRING);
    g_string_append_printf(
        s,
        ",\"workers\":%u,\"queue\":%u,\"jobs\":%u,"
        "\"formats\":[\"png\",\"svg\",\"pdf\"],"
        "\"template\":%s,"
        "\"styles\":[\"default\",\"colourblind\",\"greyscale\"],"
        "\"langs\":[\"en\",\"nb\"],"
        "\"limits\":{\"max_body\":%zu,\"max_pixels\":%.0f,"
        "\"max_output\":%zu,\"header_ms\":%u,\"body_ms\":%u}}\n",
        srv->cfg.workers, srv->cfg.queue, srv->jobs,
        cs_api_template_xlsx(srv->api) ? "[\"csv\",\"xlsx\"]" : "[\"csv\"]",
        srv->cfg.max_body,
        srv->cfg.max_pixels, srv->cfg.max_output, srv->cfg.header_ms,
        srv->cfg.body_ms);
    cs_api_response_t res = {200, "application/json; charset=utf-8",
                             g_bytes_new_take(s->str, s->len), NULL};
    g_string_free(s, FALSE);
    respond(msg, &res);
    cs_api_response_clear(&res);
}

static void
handler(SoupServer *server, SoupServerMessage *msg, const char *path,
        GHashTable *query, gpointer user)
{
    cs_server_t *srv = user;
    const char *method = soup_server_message_get_method(msg);
    req_state_t *r = req_get(msg);
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");

    if (srv->stopping)
        soup_message_headers_replace(
            soup_server_message_get_response_headers(msg), "Connection",
            "close");
    if (!strncmp(path, "/api/", 5)) {
        int check = !strcmp(path, "/api/check");
        int render = !strcmp(path, "/api/render");
        int tmpl = !strcmp(path, "/api/template");
        if (!strcmp(path, "/api/health")) {
            if (!get) {
                respond_error(msg, 405, "use GET");
                soup_message_headers_replace(
                    soup_server_message_get_response_headers(msg), "Allow",
                    "GET, HEAD");
                return;
            }
            health(srv, msg);
            return;
        }
        if (!check && !render && !tmpl) {
            respond_error(msg, 404, "no such API endpoint");
            return;
        }
        if (tmpl && !get) {
            respond_error(msg, 405, "use GET");
            soup_message_headers_replace(
                soup_server_message_get_response_headers(msg), "Allow",
                "GET, HEAD");
            return;
        }
        if (!tmpl && strcmp(method, "POST")) {
            respond_error(msg, 405, "use POST with the file as the body");
            soup_message_headers_replace(
                soup_server_message_get_response_headers(msg), "Allow", "POST");
            return;
        }
        if (r && r->too_big) {
            char m[128];
            g_snprintf(m, sizeof m, "the upload is larger than the limit of "
                                    "%zu bytes",
                       srv->cfg.max_body);
            respond_error(msg, 413, m);
            return;
        }
        if (srv->stopping) {
            respond_error(msg, 503, "the server is shutting down");
            return;
        }
        if (srv->jobs >= srv->cfg.workers + srv->cfg.queue) {
            respond_error(msg, 503, "the server is busy; try again in a "
                                    "moment");
            soup_message_headers_replace(
                soup_server_message_get_response_headers(msg), "Retry-After",
                "1");
            return;
        }
        job_t *j = g_new0(job_t, 1);
        j->srv = srv;
        j->msg = g_object_ref(msg);
        j->req.kind = check ? CS_API_CHECK
                      : tmpl ? CS_API_TEMPLATE
                             : CS_API_RENDER;
        if (query)
            j->req.query = g_hash_table_ref(query);
        const char *ct = soup_message_headers_get_one(
            soup_server_message_get_request_headers(msg), "Content-Type");
        j->req.content_type = g_strdup(ct);
        if (r && r->body) {
            guint n = r->body->len;
            j->req.body = g_bytes_new_take(g_byte_array_steal(r->body, NULL), n);
        } else {
            j->req.body = g_bytes_new(NULL, 0);
        }
        j->sig_finished = g_signal_connect(msg, "finished",
                                           G_CALLBACK(job_client_gone), j);
        srv->jobs++;
        soup_server_message_pause(msg);
        g_thread_pool_push(srv->pool, j, NULL);
        return;
    }

    const web_file_t *f = web_lookup(srv, path);
    if (!f) {
        respond_error(msg, 404, "not found");
        return;
    }
    if (!get) {
        respond_error(msg, 405, "use GET");
        soup_message_headers_replace(
            soup_server_message_get_response_headers(msg), "Allow",
            "GET, HEAD");
        return;
    }
    GBytes *data = f->data;
    if (!strcmp(f->file, "index.html") && prefers_nb(msg))
        data = srv->index_nb;
    common_headers(msg);
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Cache-Control", "no-cache");
    soup_message_headers_replace(h, "Vary", "Accept-Language");
    gsize n;
    const char *d = g_bytes_get_data(data, &n);
    soup_server_message_set_status(msg, 200, NULL);
    soup_server_message_set_response(msg, f->content_type, SOUP_MEMORY_COPY, d,
                                     n);
}

/* ---- request bookkeeping and the access log ---- */

static void
req_state_free(gpointer p)
{
    req_state_t *r = p;
    if (r->body)
        g_byte_array_unref(r->body);
    g_free(r);
}

static void
got_headers(SoupServerMessage *msg, gpointer user)
{
    cs_server_t *srv = user;
    conn_set(srv, msg, PHASE_BODY, srv->cfg.body_ms);
}

static void
got_body(SoupServerMessage *msg, gpointer user)
{
    cs_server_t *srv = user;
    conn_set(srv, msg, PHASE_RESPONSE, srv->cfg.response_ms);
}

static void
request_started(SoupServer *server, SoupServerMessage *msg, gpointer user)
{
    cs_server_t *srv = user;
    req_state_t *r = g_new0(req_state_t, 1);
    r->start = now_us();
    r->counted = 1;
    srv->active++;
    g_object_set_data_full(G_OBJECT(msg), "cs-req", r, req_state_free);
    g_signal_connect(msg, "got-headers", G_CALLBACK(got_headers), srv);
    g_signal_connect(msg, "got-body", G_CALLBACK(got_body), srv);
}

/* Appends @s with every byte outside printable ASCII as \xNN, so that a
 * log line stays one line of plain text whatever a client sends. */
static void
log_escaped(GString *line, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
            g_string_append_printf(line, "\\x%02x", *p);
        else
            g_string_append_c(line, (char)*p);
}

static void
request_ended(cs_server_t *srv, SoupServerMessage *msg, int aborted)
{
    req_state_t *r = req_get(msg);
    if (!r || !r->counted)
        return;
    r->counted = 0;
    srv->active--;
    conn_set(srv, msg, PHASE_IDLE, srv->cfg.header_ms);
    if (srv->cfg.log) {
        GString *line = g_string_new(NULL);
        char *who = addr_key(soup_server_message_get_remote_address(msg));
        GDateTime *t = g_date_time_new_now_utc();
        char *when = g_date_time_format(t, "%d/%b/%Y:%H:%M:%S +0000");
        GUri *uri = soup_server_message_get_uri(msg);
        const char *method = soup_server_message_get_method(msg);
        g_string_append_printf(line, "%s [%s] \"", who, when);
        log_escaped(line, method ? method : "-");
        g_string_append_c(line, ' ');
        log_escaped(line, uri ? g_uri_get_path(uri) : "-");
        if (uri && g_uri_get_query(uri)) {
            g_string_append_c(line, '?');
            log_escaped(line, g_uri_get_query(uri));
        }
        SoupMessageBody *b = soup_server_message_get_response_body(msg);
        if (aborted)
            g_string_append(line, "\" aborted -");
        else
            g_string_append_printf(line, "\" %u %" G_GOFFSET_FORMAT,
                                   soup_server_message_get_status(msg),
                                   b ? b->length : 0);
        g_string_append_printf(line, " %.1fms",
                               (now_us() - r->start) / 1000.0);
        srv->cfg.log(srv->cfg.log_user, line->str);
        g_string_free(line, TRUE);
        g_free(when);
        g_date_time_unref(t);
        g_free(who);
    }
    maybe_done(srv);
}

static void
request_finished(SoupServer *server, SoupServerMessage *msg, gpointer user)
{
    request_ended(user, msg, 0);
}

static void
request_aborted(SoupServer *server, SoupServerMessage *msg, gpointer user)
{
    request_ended(user, msg, 1);
}

static void
maybe_done(cs_server_t *srv)
{
    if (!srv->stopping || srv->jobs || srv->active || !srv->done)
        return;
    void (*done)(void *) = srv->done;
    srv->done = NULL;
    done(srv->done_user);
}

/* ---- life cycle ---- */

static gboolean
load_web(cs_server_t *srv, GError **error)
{
    static const struct {
        const char *path, *file, *type;
    } files[] = {
        {"/", "index.html", "text/html; charset=utf-8"},
        {"/app.js", "app.js", "text/javascript; charset=utf-8"},
        {"/app.css", "app.css", "text/css; charset=utf-8"},
        {"/i18n.js", "i18n.js", "text/javascript; charset=utf-8"},
    };
    G_STATIC_ASSERT(G_N_ELEMENTS(files) == G_N_ELEMENTS(((cs_server_t *)0)->web));
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *p = g_build_filename(srv->datadir, "data", "web", files[i].file,
                                   NULL);
        char *d = NULL;
        gsize n = 0;
        gboolean ok = g_file_get_contents(p, &d, &n, error);
        g_free(p);
        if (!ok)
            return FALSE;
        srv->web[i].path = files[i].path;
        srv->web[i].file = files[i].file;
        srv->web[i].content_type = files[i].type;
        srv->web[i].data = g_bytes_new_take(d, n);
    }
    /* the same page, opened in Norwegian */
    gsize n;
    const char *d = g_bytes_get_data(srv->web[0].data, &n);
    GString *s = g_string_new_len(d, (gssize)n);
    g_string_replace(s, "<html lang=\"en\">", "<html lang=\"nb\">", 1);
    gsize len = s->len;
    srv->index_nb = g_bytes_new_take(g_string_free(s, FALSE), len);
    return TRUE;
}

/* libsoup 3.2 keeps a connection open for its next request only while the
 * server has a listener of its own (request_finished in soup-server.c).
 * Ours accepts the connections, so that each has its deadlines from its
 * first moment; libsoup gets a listener that nobody can reach: a Unix
 * socket whose name is removed as soon as it listens. */
static gboolean
unreachable_listener(SoupServer *soup, GError **error)
{
    char *dir = g_dir_make_tmp("citysnap-serve-XXXXXX", error);
    if (!dir)
        return FALSE;
    char *path = g_build_filename(dir, "s", NULL);
    GSocket *sock = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, error);
    GSocketAddress *a = g_unix_socket_address_new(path);
    gboolean ok = sock && g_socket_bind(sock, a, FALSE, error) &&
                  g_socket_listen(sock, error);
    g_unlink(path);
    g_rmdir(dir);
    if (ok)
        ok = soup_server_listen_socket(soup, sock, 0, error);
    g_object_unref(a);
    g_clear_object(&sock);
    g_free(path);
    g_free(dir);
    return ok;
}

cs_server_t *
cs_server_new(const cs_server_config_t *c, GError **error)
{
    cs_server_t *srv = g_new0(cs_server_t, 1);
    srv->cfg = *c;
    srv->bind = g_strdup(c->bind ? c->bind : "127.0.0.1");
    srv->datadir = g_strdup(c->datadir);
    srv->cfg.bind = srv->bind;
    srv->cfg.datadir = srv->datadir;
    if (!srv->cfg.workers)
        srv->cfg.workers = g_get_num_processors();
    if (!srv->cfg.max_body)
        srv->cfg.max_body = CS_SERVER_MAX_BODY;
    srv->ctx = g_main_context_ref_thread_default();
    srv->conns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       conn_free);

    if (!c->datadir || !load_web(srv, error))
        goto fail;
    cs_api_limits_t lim = {srv->cfg.max_pixels, srv->cfg.max_output,
                           srv->cfg.cache};
    srv->api = cs_api_new(srv->datadir, &lim, error);
    if (!srv->api)
        goto fail;
    srv->pool = g_thread_pool_new(job_run, srv, (gint)srv->cfg.workers, TRUE,
                                  error);
    if (!srv->pool)
        goto fail;

    srv->soup = soup_server_new("server-header", "citysnap/" CS_VERSION_STRING, NULL);
    soup_server_add_early_handler(srv->soup, NULL, early_handler, srv, NULL);
    soup_server_add_handler(srv->soup, NULL, handler, srv, NULL);
    g_signal_connect(srv->soup, "request-started", G_CALLBACK(request_started),
                     srv);
    g_signal_connect(srv->soup, "request-finished",
                     G_CALLBACK(request_finished), srv);
    g_signal_connect(srv->soup, "request-aborted", G_CALLBACK(request_aborted),
                     srv);

    if (!unreachable_listener(srv->soup, error))
        goto fail;

    GInetAddress *ia = g_inet_address_new_from_string(srv->bind);
    if (!ia) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "'%s' is not an IP address", srv->bind);
        goto fail;
    }
    GSocketAddress *want = g_inet_socket_address_new(ia, (guint16)c->port);
    g_object_unref(ia);
    GSocketAddress *got = NULL;
    srv->service = g_socket_service_new();
    /* GLib's default of 10 drops connections that arrive together (a
     * page's files, a department's morning) into SYN retries */
    g_socket_listener_set_backlog(G_SOCKET_LISTENER(srv->service), 256);
    gboolean ok = g_socket_listener_add_address(
        G_SOCKET_LISTENER(srv->service), want, G_SOCKET_TYPE_STREAM,
        G_SOCKET_PROTOCOL_TCP, NULL, &got, error);
    g_object_unref(want);
    if (!ok)
        goto fail;
    srv->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(got));
    char *host = g_inet_address_to_string(
        g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(got)));
    int v6 = g_socket_address_get_family(got) == G_SOCKET_FAMILY_IPV6;
    srv->uri = g_strdup_printf("http://%s%s%s:%u/", v6 ? "[" : "", host,
                               v6 ? "]" : "", srv->port);
    g_free(host);
    g_object_unref(got);
    g_signal_connect(srv->service, "incoming", G_CALLBACK(incoming), srv);
    g_socket_service_start(srv->service);

    srv->tick = g_timeout_source_new(100);
    g_source_set_callback(srv->tick, tick, srv, NULL);
    g_source_attach(srv->tick, srv->ctx);
    return srv;

fail:
    cs_server_free(srv);
    return NULL;
}

const char *
cs_server_uri(const cs_server_t *s)
{
    return s->uri;
}

unsigned
cs_server_port(const cs_server_t *s)
{
    return s->port;
}

void
cs_server_shutdown(cs_server_t *s, void (*done)(void *), void *user)
{
    s->stopping = 1;
    s->done = done;
    s->done_user = user;
    if (s->service) {
        g_socket_service_stop(s->service);
        g_socket_listener_close(G_SOCKET_LISTENER(s->service));
    }
    /* idle keep-alive connections hold no request: close them now */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->conns);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        conn_t *c = v;
        if (c->phase == PHASE_IDLE)
            c->deadline = 0;
    }
    maybe_done(s);
}

void
cs_server_free(cs_server_t *s)
{
    if (!s)
        return;
    if (s->pool)
        g_thread_pool_free(s->pool, FALSE, TRUE);
    /* answers of the jobs that finished meanwhile */
    while (s->jobs && g_main_context_iteration(s->ctx, FALSE))
        ;
    if (s->tick) {
        g_source_destroy(s->tick);
        g_source_unref(s->tick);
    }
    if (s->service) {
        g_socket_service_stop(s->service);
        g_socket_listener_close(G_SOCKET_LISTENER(s->service));
        g_object_unref(s->service);
    }
    if (s->soup) {
        soup_server_disconnect(s->soup);
        g_object_unref(s->soup);
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->conns);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_io_stream_close(G_IO_STREAM(((conn_t *)v)->c), NULL, NULL);
    g_hash_table_destroy(s->conns);
    cs_api_free(s->api);
    for (size_t i = 0; i < G_N_ELEMENTS(s->web); i++)
        if (s->web[i].data)
            g_bytes_unref(s->web[i].data);
    if (s->index_nb)
        g_bytes_unref(s->index_nb);
    g_main_context_unref(s->ctx);
    g_free(s->bind);
    g_free(s->datadir);
    g_free(s->uri);
    g_free(s);
}
