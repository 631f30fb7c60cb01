/* SPDX-License-Identifier: MIT */
/*
 * The web server (`citysnap serve`): every endpoint and error status
 * against an in-process server with a libsoup client; the limits (body
 * size, header and body timeouts, busy queue, output size) with raw
 * sockets; concurrent requests; a client that leaves mid-upload; escaping;
 * SIGTERM on the real command.
 */
#include "cs-test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <libsoup/soup.h>

#include "../src/server/server.h"

/* ---- an in-process server on its own thread and main context ---- */

typedef struct test_server {
    cs_server_config_t cfg;
    GThread *thread;
    GMainContext *ctx;
    GMainLoop *loop;
    cs_server_t *srv;
    char *base; /* http://127.0.0.1:PORT */
    unsigned port;
    GMutex lock;
    GCond cond;
    int ready;
    GPtrArray *log; /* access-log lines */
} test_server_t;

static void
log_line(void *user, const char *line)
{
    test_server_t *ts = user;
    g_mutex_lock(&ts->lock);
    g_ptr_array_add(ts->log, g_strdup(line));
    g_mutex_unlock(&ts->lock);
}

static gpointer
server_main(gpointer p)
{
    test_server_t *ts = p;
    g_main_context_push_thread_default(ts->ctx);
    GError *err = NULL;
    ts->srv = cs_server_new(&ts->cfg, &err);
    if (!ts->srv)
        fprintf(stderr, "# server: %s\n", err->message);
    g_clear_error(&err);
    g_mutex_lock(&ts->lock);
    ts->ready = 1;
    g_cond_signal(&ts->cond);
    g_mutex_unlock(&ts->lock);
    if (ts->srv)
        g_main_loop_run(ts->loop);
    cs_server_free(ts->srv);
    g_main_context_pop_thread_default(ts->ctx);
    return NULL;
}

static char *datadir;

static test_server_t *
server_start(void (*tune)(cs_server_config_t *))
{
    test_server_t *ts = g_new0(test_server_t, 1);
    cs_server_config_init(&ts->cfg);
    ts->cfg.datadir = datadir;
    ts->cfg.port = 0; /* a free port: tests may run in parallel */
    ts->cfg.log = log_line;
    ts->cfg.log_user = ts;
    if (tune)
        tune(&ts->cfg);
    ts->log = g_ptr_array_new_with_free_func(g_free);
    g_mutex_init(&ts->lock);
    g_cond_init(&ts->cond);
    ts->ctx = g_main_context_new();
    ts->loop = g_main_loop_new(ts->ctx, FALSE);
    ts->thread = g_thread_new("server", server_main, ts);
    g_mutex_lock(&ts->lock);
    while (!ts->ready)
        g_cond_wait(&ts->cond, &ts->lock);
    g_mutex_unlock(&ts->lock);
    assert_non_null(ts->srv);
    ts->port = cs_server_port(ts->srv);
    ts->base = g_strdup_printf("http://127.0.0.1:%u", ts->port);
    assert_true(g_str_has_prefix(cs_server_uri(ts->srv), "http://127.0.0.1:"));
    return ts;
}

static gboolean
quit_cb(gpointer p)
{
    g_main_loop_quit(p);
    return G_SOURCE_REMOVE;
}

static void
server_stop(test_server_t *ts)
{
    g_main_context_invoke(ts->ctx, quit_cb, ts->loop);
    g_thread_join(ts->thread);
    g_main_loop_unref(ts->loop);
    g_main_context_unref(ts->ctx);
    g_ptr_array_free(ts->log, TRUE);
    g_mutex_clear(&ts->lock);
    g_cond_clear(&ts->cond);
    g_free(ts->base);
    g_free(ts);
}

/* Lines of the access log that contain @needle. */
static unsigned
log_count(test_server_t *ts, const char *needle)
{
    unsigned n = 0;
    g_mutex_lock(&ts->lock);
    for (guint i = 0; i < ts->log->len; i++)
        if (strstr(g_ptr_array_index(ts->log, i), needle))
            n++;
    g_mutex_unlock(&ts->lock);
    return n;
}

/* ---- a libsoup client ---- */

typedef struct reply {
    unsigned status;
    GBytes *body;
    SoupMessageHeaders *headers;
} reply_t;

static void
reply_clear(reply_t *r)
{
    if (r->body)
        g_bytes_unref(r->body);
    if (r->headers)
        soup_message_headers_unref(r->headers);
    memset(r, 0, sizeof *r);
}

static const char *
reply_text(const reply_t *r)
{
    gsize n;
    const char *d = g_bytes_get_data(r->body, &n);
    return d ? d : "";
}

static const char *
reply_header(const reply_t *r, const char *name)
{
    return soup_message_headers_get_one(r->headers, name);
}

/* @method @path (appended to the server's address) with @body (NULL:
 * none) of @type. */
static reply_t
request(test_server_t *ts, const char *method, const char *path,
        const char *type, GBytes *body, const char *accept_language)
{
    SoupSession *s = soup_session_new();
    soup_session_set_timeout(s, 60);
    char *url = g_strconcat(ts->base, path, NULL);
    SoupMessage *m = soup_message_new(method, url);
    g_free(url);
    assert_non_null(m);
    if (body)
        soup_message_set_request_body_from_bytes(m, type, body);
    if (accept_language)
        soup_message_headers_replace(soup_message_get_request_headers(m),
                                     "Accept-Language", accept_language);
    GError *err = NULL;
    reply_t r = {0};
    r.body = soup_session_send_and_read(s, m, NULL, &err);
    if (!r.body)
        fprintf(stderr, "# %s %s: %s\n", method, path, err->message);
    assert_non_null(r.body);
    r.status = soup_message_get_status(m);
    r.headers = soup_message_headers_ref(soup_message_get_response_headers(m));
    g_object_unref(m);
    g_object_unref(s);
    return r;
}

static GBytes *
file_bytes(const char *rel)
{
    char *p = cs_test_root(rel);
    size_t n;
    char *d = cs_test_read(p, &n);
    g_free(p);
    assert_non_null(d);
    return g_bytes_new_take(d, n);
}

static reply_t
post_file(test_server_t *ts, const char *path, const char *rel)
{
    GBytes *b = file_bytes(rel);
    reply_t r = request(ts, "POST", path, "text/csv", b, NULL);
    g_bytes_unref(b);
    return r;
}

/* What `citysnap render` writes for a copy of @rel (away from the samples'
 * manifest) with the extra arguments. */
static GBytes *
cli_render(const char *rel, const char *ext, ...)
{
    char *dir = cs_test_tmpdir("serve-cli");
    char *src = cs_test_root(rel);
    size_t n;
    char *d = cs_test_read(src, &n);
    char *copy = g_build_filename(dir, "city.csv", NULL);
    cs_test_write(copy, d, n);
    g_free(d);
    char *out = g_strconcat(dir, "/out.", ext, NULL);
    GPtrArray *args = g_ptr_array_new();
    g_ptr_array_add(args, (char *)"render");
    g_ptr_array_add(args, copy);
    g_ptr_array_add(args, (char *)"-o");
    g_ptr_array_add(args, out);
    va_list ap;
    va_start(ap, ext);
    for (char *a; (a = va_arg(ap, char *));)
        g_ptr_array_add(args, a);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    char *err = NULL;
    int rc = cs_test_run_cliv(NULL, &err, (char **)args->pdata);
    if (rc)
        fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 0);
    d = cs_test_read(out, &n);
    assert_non_null(d);
    g_ptr_array_free(args, TRUE);
    g_free(err);
    g_free(out);
    g_free(copy);
    g_free(src);
    cs_test_rmtree(dir);
    g_free(dir);
    return g_bytes_new_take(d, n);
}

static void
assert_same_bytes(GBytes *a, GBytes *b)
{
    assert_int_equal(g_bytes_get_size(a), g_bytes_get_size(b));
    assert_true(g_bytes_equal(a, b));
}

/* ---- raw sockets, for what a well-behaved client never does ---- */

static int
raw_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    struct timeval tv = {10, 0}; /* no test waits longer for an answer */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void
raw_send(int fd, const char *s, size_t n)
{
    if (n == (size_t)-1)
        n = strlen(s);
    while (n) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w <= 0)
            return; /* the server closed: the caller checks the answer */
        s += w;
        n -= (size_t)w;
    }
}

/* Everything the server sends until it closes (or 10 s pass): g_free. */
static char *
raw_read_all(int fd, double *seconds)
{
    gint64 t0 = g_get_monotonic_time();
    GString *s = g_string_new(NULL);
    char buf[4096];
    for (;;) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r <= 0)
            break;
        g_string_append_len(s, buf, r);
    }
    if (seconds)
        *seconds = (g_get_monotonic_time() - t0) / 1e6;
    return g_string_free(s, FALSE);
}

/* Waits (at most 20 s) until the server on @port has @n API requests
 * queued or running, so that a test does not depend on the machine's
 * speed. */
static void
wait_jobs(unsigned port, unsigned n)
{
    char want[32];
    g_snprintf(want, sizeof want, "\"jobs\":%u,", n);
    for (int i = 0; i < 400; i++) {
        int fd = raw_connect(port);
        raw_send(fd, "GET /api/health HTTP/1.1\r\nHost: x\r\n"
                     "Connection: close\r\n\r\n",
                 (size_t)-1);
        char *all = raw_read_all(fd, NULL);
        close(fd);
        int found = strstr(all, want) != NULL;
        g_free(all);
        if (found)
            return;
        g_usleep(50000);
    }
    fail_msg("the server never had %u requests in hand", n);
}

/* ---- tests ---- */

static void
test_health(void **state)
{
    test_server_t *ts = server_start(NULL);
    reply_t r = request(ts, "GET", "/api/health", NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(reply_text(&r), "\"status\":\"ok\""));
    assert_string_equal(reply_header(&r, "X-Content-Type-Options"), "nosniff");
    const char *csp = reply_header(&r, "Content-Security-Policy");
    assert_non_null(csp);
    assert_non_null(strstr(csp, "script-src 'self'"));
    assert_null(strstr(csp, "unsafe-inline"));
    assert_string_equal(reply_header(&r, "Cache-Control"), "no-store");
    reply_clear(&r);
    GBytes *x = g_bytes_new_static("x", 1);
    r = request(ts, "POST", "/api/health", "text/plain", x, NULL);
    g_bytes_unref(x);
    assert_int_equal(r.status, 405);
    reply_clear(&r);
    assert_int_equal(log_count(ts, "\"GET /api/health\" 200"), 1);
    server_stop(ts);
}

static void
test_page(void **state)
{
    test_server_t *ts = server_start(NULL);
    reply_t r = request(ts, "GET", "/", NULL, NULL, "en-GB,en;q=0.9");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(reply_text(&r), "<html lang=\"en\">"));
    assert_non_null(strstr(reply_header(&r, "Content-Type"), "text/html"));
    assert_non_null(reply_header(&r, "Content-Security-Policy"));
    reply_clear(&r);
    r = request(ts, "GET", "/", NULL, NULL, "nb-NO,nb;q=0.9,en;q=0.5");
    assert_non_null(strstr(reply_text(&r), "<html lang=\"nb\">"));
    reply_clear(&r);
    r = request(ts, "GET", "/", NULL, NULL, "de,en;q=0.8,nb;q=0.5");
    assert_non_null(strstr(reply_text(&r), "<html lang=\"en\">"));
    reply_clear(&r);
    r = request(ts, "GET", "/app.js", NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(reply_header(&r, "Content-Type"), "javascript"));
    reply_clear(&r);
    /* nothing else of the file system, however it is spelt */
    static const char *const bad[] = {
        "/index.html", "/../README.md", "/%2e%2e/README.md",
        "/data/web/app.js", "/app.js/", "/etc/passwd",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        r = request(ts, "GET", bad[i], NULL, NULL, NULL);
        if (r.status != 404 && r.status != 400)
            fprintf(stderr, "# %s: %u\n", bad[i], r.status);
        assert_true(r.status == 404 || r.status == 400);
        reply_clear(&r);
    }
    /* as sent, without a client's normalisation */
    static const char *const raw[] = {
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fREADME.md",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(raw); i++) {
        int fd = raw_connect(ts->port);
        char *req = g_strdup_printf("GET %s HTTP/1.1\r\nHost: x\r\n"
                                    "Connection: close\r\n\r\n",
                                    raw[i]);
        raw_send(fd, req, (size_t)-1);
        char *all = raw_read_all(fd, NULL);
        close(fd);
        assert_true(g_str_has_prefix(all, "HTTP/1.1 404") ||
                    g_str_has_prefix(all, "HTTP/1.1 400"));
        assert_null(strstr(all, "root:"));
        g_free(all);
        g_free(req);
    }
    r = request(ts, "GET", "/api/nothing", NULL, NULL, NULL);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(reply_text(&r), "\"error\""));
    reply_clear(&r);
    server_stop(ts);
}

/* Each format is the file `citysnap render` writes with the same options. */
static void
test_render_same_as_cli(void **state)
{
    test_server_t *ts = server_start(NULL);
    static const struct {
        const char *query, *ext, *type, *args[8];
    } cases[] = {
        {"format=svg&name=Asker", "svg", "image/svg+xml", {"--name", "Asker"}},
        {"format=png&name=Asker&width=600", "png", "image/png",
         {"--name", "Asker", "--width", "600"}},
        {"format=pdf&name=Asker", "pdf", "application/pdf", {"--name", "Asker"}},
        {"format=svg&lang=nb&style=greyscale&legend=right&title=Rapport+2026",
         "svg", "image/svg+xml",
         {"--lang", "nb", "--style", "STYLE:greyscale", "--legend", "right",
          "--title", "Rapport 2026"}},
        {"format=pdf&page=a4&margin=15&bleed=3&style=colourblind", "pdf",
         "application/pdf",
         {"--page", "a4", "--margin", "15", "--bleed", "3", "--style",
          "STYLE:colourblind"}},
        {"format=png&page=a5&dpi=72", "png", "image/png",
         {"--page", "a5", "--dpi", "72"}},
        {"format=svg&text=editable&size=120", "svg", "image/svg+xml",
         {"--svg-text", "--size", "120"}},
        {"format=png&name=Asker&year=2023&width=500", "png", "image/png",
         {"--name", "Asker", "--year", "2023", "--width", "500"}},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = g_strconcat("/api/render?", cases[i].query, NULL);
        reply_t r = post_file(ts, path, "samples/asker.csv");
        g_free(path);
        if (r.status != 200)
            fprintf(stderr, "# %s: %s\n", cases[i].query, reply_text(&r));
        assert_int_equal(r.status, 200);
        assert_string_equal(reply_header(&r, "Content-Type"), cases[i].type);
        const char *cd = reply_header(&r, "Content-Disposition");
        assert_non_null(cd);
        assert_non_null(strstr(cd, "attachment; filename="));
        assert_non_null(strstr(cd, cases[i].ext));
        char *args[9] = {NULL};
        char *owned[8] = {NULL};
        for (int k = 0; k < 8 && cases[i].args[k]; k++) {
            const char *a = cases[i].args[k];
            if (!strncmp(a, "STYLE:", 6)) {
                char *rel = g_strdup_printf("data/styles/%s.ini", a + 6);
                owned[k] = cs_test_root(rel);
                g_free(rel);
                args[k] = owned[k];
            } else
                args[k] = (char *)a;
        }
        GBytes *cli = cli_render("samples/asker.csv", cases[i].ext, args[0],
                                 args[1], args[2], args[3], args[4], args[5],
                                 args[6], args[7], NULL);
        assert_same_bytes(r.body, cli);
        g_bytes_unref(cli);
        for (int k = 0; k < 8; k++)
            g_free(owned[k]);
        reply_clear(&r);
    }
    server_stop(ts);
}

/* multipart/form-data as a browser sends it, with a targets file. */
static GBytes *
multipart(const char *city_rel, const char *targets_rel, char **type)
{
    SoupMultipart *mp = soup_multipart_new("multipart/form-data");
    GBytes *c = file_bytes(city_rel);
    char *base = g_path_get_basename(city_rel);
    soup_multipart_append_form_file(mp, "file", base, "text/csv", c);
    g_free(base);
    g_bytes_unref(c);
    if (targets_rel) {
        GBytes *t = file_bytes(targets_rel);
        soup_multipart_append_form_file(mp, "targets", "targets.csv",
                                        "text/csv", t);
        g_bytes_unref(t);
    }
    SoupMessageHeaders *h =
        soup_message_headers_new(SOUP_MESSAGE_HEADERS_MULTIPART);
    GBytes *body = NULL;
    soup_multipart_to_message(mp, h, &body);
    *type = g_strdup(soup_message_headers_get_one(h, "Content-Type"));
    soup_message_headers_unref(h);
    soup_multipart_free(mp);
    return body;
}

static void
test_multipart_targets(void **state)
{
    test_server_t *ts = server_start(NULL);
    char *type;
    GBytes *body = multipart("samples/asker.csv", "samples/targets.csv", &type);
    reply_t r = request(ts, "POST", "/api/render?format=svg&name=Asker", type,
                        body, NULL);
    assert_int_equal(r.status, 200);
    char *tp = cs_test_root("samples/targets.csv");
    GBytes *cli = cli_render("samples/asker.csv", "svg", "--name", "Asker",
                             "--targets", tp, NULL);
    assert_same_bytes(r.body, cli);
    g_bytes_unref(cli);
    g_free(tp);
    reply_clear(&r);

    r = request(ts, "POST", "/api/check?lang=nb", type, body, NULL);
    assert_int_equal(r.status, 200);
    const char *j = reply_text(&r);
    assert_non_null(strstr(j, "\"file\":\"asker.csv\""));
    assert_non_null(strstr(j, "\"coverage\":{\"with_value\":56,"));
    assert_non_null(strstr(j, "\"code\":\"EC:ICT:ICT:1C\""));
    assert_non_null(strstr(j, "\"band\":\"95plus\""));
    assert_non_null(strstr(j, "\"dimensions\":[{\"name\":\"\xc3\x98konomi\""));
    assert_null(strstr(j, "none has a target"));
    reply_clear(&r);
    g_bytes_unref(body);
    g_free(type);

    /* a form without the file */
    SoupMultipart *mp = soup_multipart_new("multipart/form-data");
    soup_multipart_append_form_string(mp, "other", "x");
    SoupMessageHeaders *h =
        soup_message_headers_new(SOUP_MESSAGE_HEADERS_MULTIPART);
    soup_multipart_to_message(mp, h, &body);
    r = request(ts, "POST", "/api/check", soup_message_headers_get_one(h,
                "Content-Type"), body, NULL);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(reply_text(&r), "'file' field"));
    reply_clear(&r);
    g_bytes_unref(body);
    soup_message_headers_unref(h);
    soup_multipart_free(mp);
    server_stop(ts);
}

static void
test_check(void **state)
{
    test_server_t *ts = server_start(NULL);
    reply_t r = post_file(ts, "/api/check", "samples/asker.csv");
    assert_int_equal(r.status, 200);
    const char *j = reply_text(&r);
    assert_non_null(strstr(j, "\"warnings\":[{\"message\":\"warning: "));
    assert_non_null(strstr(j, "none has a target"));
    assert_non_null(strstr(j, "\"mapping\":{\"canonical\":true"));
    assert_non_null(strstr(j, "\"groups\":["));
    assert_non_null(strstr(j, "\"overall\":{"));
    assert_string_equal(reply_header(&r, "Cache-Control"), "no-store");
    reply_clear(&r);

    /* a broken file: every problem with its line and column, 422 */
    static const char broken[] =
        "code,value\nEC:ICT:ICT:1C,abc\nNO:SUCH:CODE,3\n";
    GBytes *bb = g_bytes_new_static(broken, sizeof broken - 1);
    r = request(ts, "POST", "/api/check", "text/csv", bb, NULL);
    assert_int_equal(r.status, 422);
    j = reply_text(&r);
    assert_non_null(strstr(j, "\"error\":{\"status\":422"));
    assert_non_null(strstr(j, "\"line\":2,\"column\":"));
    assert_non_null(strstr(j, "\"line\":3,\"column\":1"));
    assert_non_null(strstr(j, "\"file\":\"upload\""));
    reply_clear(&r);
    r = request(ts, "POST", "/api/render?format=svg", "text/csv", bb, NULL);
    g_bytes_unref(bb);
    assert_int_equal(r.status, 422);
    assert_null(reply_header(&r, "Content-Disposition"));
    reply_clear(&r);
    server_stop(ts);
}

static void
test_bad_requests(void **state)
{
    test_server_t *ts = server_start(NULL);
    static const struct {
        const char *method, *path;
        int body;
        unsigned status;
        const char *needle;
    } cases[] = {
        {"POST", "/api/render?format=gif", 1, 400, "format must be"},
        {"POST", "/api/render?colour=red", 1, 400, "unknown parameter"},
        {"POST", "/api/render?style=..%2F..%2Fetc%2Fpasswd", 1, 400,
         "style must be"},
        {"POST", "/api/render?lang=de", 1, 400, "lang must be"},
        {"POST", "/api/render?legend=top", 1, 400, "legend must be"},
        {"POST", "/api/render?page=a3", 1, 400, "invalid page"},
        {"POST", "/api/render?format=svg&width=500", 1, 400,
         "width is for PNG"},
        {"POST", "/api/render?margin=5", 1, 400, "need page"},
        {"POST", "/api/render?width=abc", 1, 400, "width must be"},
        {"POST", "/api/render?text=both", 1, 400, "text must be"},
        {"POST", "/api/render?year=20x3", 1, 400, "year must be"},
        {"POST", "/api/render", 0, 400, "no body"},
        {"POST", "/api/check", 0, 400, "no body"},
        {"GET", "/api/render", 0, 405, "use POST"},
        {"PUT", "/api/check", 1, 405, "use POST"},
        {"POST", "/api/render?format=png&width=10000", 1, 422,
         "million pixels"},
    };
    GBytes *city = file_bytes("samples/asker.csv");
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        reply_t r = request(ts, cases[i].method, cases[i].path, "text/csv",
                            cases[i].body ? city : NULL, NULL);
        if (r.status != cases[i].status || !strstr(reply_text(&r),
                                                   cases[i].needle))
            fprintf(stderr, "# %s %s: %u %s\n", cases[i].method,
                    cases[i].path, r.status, reply_text(&r));
        assert_int_equal(r.status, cases[i].status);
        assert_non_null(strstr(reply_text(&r), cases[i].needle));
        assert_non_null(strstr(reply_header(&r, "Content-Type"),
                               "application/json"));
        reply_clear(&r);
    }
    g_bytes_unref(city);
    server_stop(ts);
}

/* A city called <script>alert(1)</script> stays text in SVG and JSON. */
static void
test_escaping(void **state)
{
    test_server_t *ts = server_start(NULL);
    const char *name = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    char *path = g_strdup_printf("/api/render?format=svg&name=%s", name);
    reply_t r = post_file(ts, path, "samples/asker.csv");
    g_free(path);
    assert_int_equal(r.status, 200);
    char *svg = g_strndup(reply_text(&r), g_bytes_get_size(r.body));
    assert_null(strstr(svg, "<script"));
    assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    g_free(svg);
    assert_non_null(strstr(reply_header(&r, "Content-Disposition"),
                           "filename=\"scriptalert1script.svg\""));
    reply_clear(&r);
    path = g_strdup_printf("/api/check?name=%s", name);
    r = post_file(ts, path, "samples/asker.csv");
    g_free(path);
    assert_non_null(strstr(reply_text(&r),
                           "\"name\":\"\\u003cscript\\u003ealert(1)"
                           "\\u003c/script\\u003e\""));
    reply_clear(&r);
    server_stop(ts);
}

static void
small_limits(cs_server_config_t *c)
{
    c->max_body = 64 * 1024;
    c->header_ms = 400;
    c->body_ms = 600;
    c->workers = 1;
    c->queue = 0;
}

static void
test_body_limit(void **state)
{
    test_server_t *ts = server_start(small_limits);
    /* announced too large */
    char *big = g_malloc0(100 * 1024);
    memset(big, 'a', 100 * 1024);
    GBytes *b = g_bytes_new_take(big, 100 * 1024);
    reply_t r = request(ts, "POST", "/api/check", "text/csv", b, NULL);
    assert_int_equal(r.status, 413);
    assert_non_null(strstr(reply_text(&r), "larger than the limit of 65536"));
    reply_clear(&r);
    /* chunked, with no length: counted as it arrives */
    int fd = raw_connect(ts->port);
    raw_send(fd, "POST /api/check HTTP/1.1\r\nHost: x\r\n"
                 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
             (size_t)-1);
    char chunk[8192 + 16];
    int hl = g_snprintf(chunk, sizeof chunk, "%x\r\n", 8192);
    memset(chunk + hl, 'b', 8192);
    memcpy(chunk + hl + 8192, "\r\n", 2);
    for (int i = 0; i < 10; i++)
        raw_send(fd, chunk, (size_t)hl + 8194);
    raw_send(fd, "0\r\n\r\n", (size_t)-1);
    char *all = raw_read_all(fd, NULL);
    close(fd);
    assert_non_null(strstr(all, "HTTP/1.1 413"));
    g_free(all);
    g_bytes_unref(b);
    server_stop(ts);
}

/* A client that is too slow is disconnected, and holds no render thread
 * meanwhile (the only worker still answers). */
static void
test_timeouts(void **state)
{
    test_server_t *ts = server_start(small_limits);
    double t;
    /* connects and says nothing */
    int idle = raw_connect(ts->port);
    /* headers never finish */
    int slow_head = raw_connect(ts->port);
    raw_send(slow_head, "POST /api/check HTTP/1.1\r\nHost: x\r\n", (size_t)-1);
    /* body never finishes */
    int slow_body = raw_connect(ts->port);
    raw_send(slow_body, "POST /api/check HTTP/1.1\r\nHost: x\r\n"
                        "Content-Length: 5000\r\n\r\ncode,value\n",
             (size_t)-1);
    /* meanwhile a render is answered at once */
    reply_t r = post_file(ts, "/api/render?format=svg", "samples/asker.csv");
    assert_int_equal(r.status, 200);
    reply_clear(&r);
    char *got = raw_read_all(idle, &t);
    assert_string_equal(got, "");
    assert_true(t < 5);
    g_free(got);
    got = raw_read_all(slow_head, &t);
    assert_null(strstr(got, "200 OK"));
    assert_true(t < 5);
    g_free(got);
    got = raw_read_all(slow_body, &t);
    assert_null(strstr(got, "200 OK"));
    assert_true(t < 5);
    g_free(got);
    close(idle);
    close(slow_head);
    close(slow_body);
    r = request(ts, "GET", "/api/health", NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    reply_clear(&r);
    /* a kept-alive connection gets two answers, then is closed when idle */
    int ka = raw_connect(ts->port);
    raw_send(ka, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n",
             (size_t)-1);
    got = raw_read_all(ka, &t);
    close(ka);
    const char *second = strstr(got, "HTTP/1.1 200");
    assert_non_null(second);
    assert_non_null(strstr(second + 1, "HTTP/1.1 200"));
    assert_true(t < 5);
    g_free(got);
    server_stop(ts);
}

/* A client that leaves mid-upload: nothing is rendered for it, the
 * server goes on. */
static void
test_disconnect_mid_upload(void **state)
{
    test_server_t *ts = server_start(NULL);
    for (int i = 0; i < 3; i++) {
        int fd = raw_connect(ts->port);
        raw_send(fd, "POST /api/render?format=png HTTP/1.1\r\nHost: x\r\n"
                     "Content-Length: 100000\r\n\r\ncode,value\n"
                     "EC:ICT:ICT:1C,98\n",
                 (size_t)-1);
        g_usleep(50000);
        close(fd);
    }
    /* and one that leaves while its render runs */
    int fd = raw_connect(ts->port);
    char head[256];
    GBytes *city = file_bytes("samples/asker.csv");
    g_snprintf(head, sizeof head,
               "POST /api/render?format=png&width=3000 HTTP/1.1\r\nHost: x\r\n"
               "Content-Length: %zu\r\n\r\n",
               g_bytes_get_size(city));
    raw_send(fd, head, (size_t)-1);
    raw_send(fd, g_bytes_get_data(city, NULL), g_bytes_get_size(city));
    g_usleep(20000);
    close(fd);
    g_bytes_unref(city);
    reply_t r = post_file(ts, "/api/render?format=svg", "samples/asker.csv");
    assert_int_equal(r.status, 200);
    reply_clear(&r);
    for (int i = 0; i < 200 && log_count(ts, "aborted") < 3; i++)
        g_usleep(50000);
    assert_true(log_count(ts, "aborted") >= 3);
    server_stop(ts);
}

typedef struct par {
    test_server_t *ts;
    GBytes *got;
    unsigned status;
} par_t;

static gpointer
par_main(gpointer p)
{
    par_t *pr = p;
    reply_t r = post_file(pr->ts, "/api/render?format=svg&name=Rana",
                          "samples/rana.csv");
    pr->status = r.status;
    pr->got = g_bytes_ref(r.body);
    reply_clear(&r);
    return NULL;
}

static void
test_concurrent(void **state)
{
    test_server_t *ts = server_start(NULL);
    enum { N = 8 };
    par_t ps[N];
    GThread *th[N];
    for (int i = 0; i < N; i++) {
        ps[i] = (par_t){ts, NULL, 0};
        th[i] = g_thread_new("client", par_main, &ps[i]);
    }
    for (int i = 0; i < N; i++)
        g_thread_join(th[i]);
    GBytes *cli = cli_render("samples/rana.csv", "svg", "--name", "Rana", NULL);
    for (int i = 0; i < N; i++) {
        assert_int_equal(ps[i].status, 200);
        assert_same_bytes(ps[i].got, cli);
        g_bytes_unref(ps[i].got);
    }
    g_bytes_unref(cli);
    assert_int_equal(log_count(ts, "\"POST /api/render?format=svg&name=Rana\" 200"),
                     N);
    server_stop(ts);
}

/* Beyond the workers and the queue: 503 with Retry-After. */
static void
test_busy(void **state)
{
    test_server_t *ts = server_start(small_limits);
    GBytes *city = file_bytes("samples/asker.csv");
    char head[256];
    g_snprintf(head, sizeof head,
               "POST /api/render?format=png&width=5000 HTTP/1.1\r\nHost: x\r\n"
               "Connection: close\r\nContent-Length: %zu\r\n\r\n",
               g_bytes_get_size(city));
    int slow = raw_connect(ts->port);
    raw_send(slow, head, (size_t)-1);
    raw_send(slow, g_bytes_get_data(city, NULL), g_bytes_get_size(city));
    wait_jobs(ts->port, 1); /* the big PNG is rendering now */
    reply_t r = post_file(ts, "/api/render?format=svg", "samples/asker.csv");
    assert_int_equal(r.status, 503);
    assert_string_equal(reply_header(&r, "Retry-After"), "1");
    reply_clear(&r);
    char *all = raw_read_all(slow, NULL);
    assert_non_null(strstr(all, "HTTP/1.1 200 OK"));
    g_free(all);
    close(slow);
    r = post_file(ts, "/api/render?format=svg", "samples/asker.csv");
    assert_int_equal(r.status, 200);
    reply_clear(&r);
    g_bytes_unref(city);
    server_stop(ts);
}

static void
small_output(cs_server_config_t *c)
{
    c->max_output = 100 * 1024;
    c->max_pixels = 1e6;
}

static void
test_output_limit(void **state)
{
    test_server_t *ts = server_start(small_output);
    reply_t r = post_file(ts, "/api/render?format=svg", "samples/asker.csv");
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(reply_text(&r), "the limit is 102400"));
    reply_clear(&r);
    r = post_file(ts, "/api/render?format=png&width=1200", "samples/asker.csv");
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(reply_text(&r), "million pixels"));
    reply_clear(&r);
    r = post_file(ts, "/api/render?format=pdf", "samples/asker.csv");
    assert_int_equal(r.status, 200); /* 53 KB */
    reply_clear(&r);
    server_stop(ts);
}

/* The command: prints its address, logs each request on stderr, answers
 * a request in flight after SIGTERM, then exits 0. */
static void
test_sigterm(void **state)
{
    const char *exe = g_getenv("CITYSNAP_EXE");
    assert_non_null(exe);
    const char *argv[] = {exe, "serve", "--port", "0", NULL};
    GError *err = NULL;
    GSubprocess *p = g_subprocess_newv(argv,
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                           G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                       &err);
    assert_non_null(p);
    GDataInputStream *out =
        g_data_input_stream_new(g_subprocess_get_stdout_pipe(p));
    char *line = g_data_input_stream_read_line(out, NULL, NULL, &err);
    assert_non_null(line);
    const char *at = strstr(line, "listening on http://127.0.0.1:");
    assert_non_null(at);
    unsigned port = (unsigned)atoi(at + strlen("listening on http://127.0.0.1:"));
    assert_true(port > 0);

    GBytes *city = file_bytes("samples/asker.csv");
    char head[256];
    g_snprintf(head, sizeof head,
               "POST /api/render?format=png&width=4000 HTTP/1.1\r\nHost: x\r\n"
               "Connection: close\r\nContent-Length: %zu\r\n\r\n",
               g_bytes_get_size(city));
    int fd = raw_connect(port);
    raw_send(fd, head, (size_t)-1);
    raw_send(fd, g_bytes_get_data(city, NULL), g_bytes_get_size(city));
    wait_jobs(port, 1);
    kill(atoi(g_subprocess_get_identifier(p)), SIGTERM);
    char *all = raw_read_all(fd, NULL);
    close(fd);
    assert_non_null(strstr(all, "HTTP/1.1 200 OK"));
    assert_non_null(strstr(all, "Content-Type: image/png"));
    g_free(all);
    assert_true(g_subprocess_wait(p, NULL, &err));
    assert_true(g_subprocess_get_if_exited(p));
    assert_int_equal(g_subprocess_get_exit_status(p), 0);
    GInputStream *es = g_subprocess_get_stderr_pipe(p);
    char buf[4096];
    gsize n = 0;
    g_input_stream_read_all(es, buf, sizeof buf - 1, &n, NULL, NULL);
    buf[n] = 0;
    assert_non_null(strstr(buf, "\"POST /api/render?format=png&width=4000\" 200"));
    g_bytes_unref(city);
    g_free(line);
    g_object_unref(out);
    g_object_unref(p);
}

/* A KPI table as a report publishes it: read by name, rendered as
 * `citysnap render` renders it. */
static void
test_report_table(void **state)
{
    test_server_t *ts = server_start(NULL);
    reply_t r = post_file(ts, "/api/check",
                          "tests/data/import/verification-report.csv");
    assert_int_equal(r.status, 200);
    const char *j = reply_text(&r);
    assert_non_null(strstr(j, "\"mapping\":{\"canonical\":false"));
    assert_null(strstr(j, "\"by_label\":0,"));
    assert_non_null(strstr(j, "\"match\":\"label\""));
    reply_clear(&r);
    /* a workbook goes through the same importer: its problems come back
     * at their sheet and cell */
    char *type;
    GBytes *wb = multipart("tests/data/sheets/report-lo.xlsx", NULL, &type);
    r = request(ts, "POST", "/api/check", type, wb, NULL);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(reply_text(&r), "report-lo.xlsx:\xc3\x98konomi!B12\""));
    reply_clear(&r);
    g_bytes_unref(wb);
    g_free(type);
    r = post_file(ts, "/api/render?format=svg&name=Report",
                  "tests/data/import/verification-report.csv");
    assert_int_equal(r.status, 200);
    GBytes *cli = cli_render("tests/data/import/verification-report.csv",
                             "svg", "--name", "Report", NULL);
    assert_same_bytes(r.body, cli);
    g_bytes_unref(cli);
    reply_clear(&r);
    server_stop(ts);
}

static void
test_template(void **state)
{
    test_server_t *ts = server_start(NULL);
    reply_t r = request(ts, "GET", "/api/template?format=csv&lang=nb", NULL,
                        NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(reply_header(&r, "Content-Type"), "text/csv"));
    assert_non_null(strstr(reply_header(&r, "Content-Disposition"),
                           "citysnap-template.csv"));
    assert_true(g_str_has_prefix(reply_text(&r), "kode,"));
    /* the same bytes as `citysnap template --lang nb` */
    char *dir = cs_test_tmpdir("serve-template");
    char *out = g_build_filename(dir, "t.csv", NULL);
    assert_int_equal(cs_test_run_cli(NULL, NULL, "template", "-o", out,
                                     "--lang", "nb", NULL),
                     0);
    size_t n;
    char *d = cs_test_read(out, &n);
    GBytes *cli = g_bytes_new_take(d, n);
    assert_same_bytes(r.body, cli);
    g_bytes_unref(cli);
    cs_test_rmtree(dir);
    g_free(out);
    g_free(dir);
    reply_clear(&r);
    r = request(ts, "GET", "/api/template", NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_true(g_str_has_prefix(reply_text(&r), "code,"));
    reply_clear(&r);
    r = request(ts, "GET", "/api/template?format=pdf", NULL, NULL, NULL);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    r = request(ts, "GET", "/api/template?format=xlsx", NULL, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_true(g_str_has_prefix(reply_text(&r), "PK"));
    assert_non_null(strstr(reply_header(&r, "Content-Disposition"),
                           "citysnap-template.xlsx"));
    reply_clear(&r);
    GBytes *x = g_bytes_new_static("x", 1);
    r = request(ts, "POST", "/api/template", "text/csv", x, NULL);
    g_bytes_unref(x);
    assert_int_equal(r.status, 405);
    reply_clear(&r);
    server_stop(ts);
}

int
main(void)
{
    datadir = cs_test_root("");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_render_same_as_cli),
        cmocka_unit_test(test_multipart_targets),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_report_table),
        cmocka_unit_test(test_template),
        cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_body_limit),
        cmocka_unit_test(test_timeouts),
        cmocka_unit_test(test_disconnect_mid_upload),
        cmocka_unit_test(test_concurrent),
        cmocka_unit_test(test_busy),
        cmocka_unit_test(test_output_limit),
        cmocka_unit_test(test_sigterm),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_free(datadir);
    return rc;
}
