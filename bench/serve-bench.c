/* SPDX-License-Identifier: MIT */
/*
 * Benchmark of `citysnap serve` over loopback: renders per second and
 * latency percentiles at 1, 8 and 64 concurrent clients for SVG and PNG,
 * then the server's memory over 10,000 requests. It starts the server
 * itself (citysnap serve --port 0 on 127.0.0.1) and talks only to it;
 * every run is bounded in count and in time.
 *
 *   build/bench/citysnap-serve-bench [--quick] [CITY.csv]
 *
 * Clients keep their connection open (HTTP/1.1 keep-alive) and send the
 * city file as the body, as `curl --data-binary` does. The server gets a
 * queue of 128, so 64 clients measure waiting, not refusals (503s are
 * counted and reported).
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

typedef struct run {
    unsigned port;
    const char *path; /* request target */
    const char *body;
    size_t body_len;
    unsigned max_requests; /* in all */
    double max_seconds;
    /* shared */
    gint issued;
    gint done_ok;
    gint refused; /* 503 */
    gint failed;
    gint64 deadline;
    GMutex lock;
    double *lat; /* ms per request */
    unsigned n_lat;
    size_t bytes;
} run_t;

/* In the server's process before exec: it ends when the benchmark does,
 * however the benchmark ends. */
static void
die_with_parent(gpointer user)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static int
connect_to(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static int
send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* One request on @fd; the status, and the body's length in *@len. */
static int
one_request(int fd, const run_t *r, GString *buf, size_t *len)
{
    char head[512];
    int hl = g_snprintf(head, sizeof head,
                        "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: text/csv\r\nContent-Length: %zu\r\n\r\n",
                        r->path, r->body_len);
    if (send_all(fd, head, (size_t)hl) || send_all(fd, r->body, r->body_len))
        return -1;
    g_string_truncate(buf, 0);
    char tmp[65536];
    size_t header_end = 0;
    long content_length = -1;
    for (;;) {
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0)
            return -1;
        g_string_append_len(buf, tmp, n);
        if (!header_end) {
            char *e = strstr(buf->str, "\r\n\r\n");
            if (!e)
                continue;
            header_end = (size_t)(e - buf->str) + 4;
            char *cl = strcasestr(buf->str, "\r\nContent-Length:");
            if (!cl || cl > e)
                return -1;
            content_length = strtol(cl + 17, NULL, 10);
        }
        if (buf->len >= header_end + (size_t)content_length)
            break;
    }
    *len = (size_t)content_length;
    if (strncmp(buf->str, "HTTP/1.1 ", 9))
        return -1;
    return atoi(buf->str + 9);
}

static gpointer
client(gpointer p)
{
    run_t *r = p;
    int fd = connect_to(r->port);
    GString *buf = g_string_sized_new(1 << 20);
    while (fd >= 0) {
        if (g_atomic_int_add(&r->issued, 1) >= (gint)r->max_requests ||
            g_get_monotonic_time() > r->deadline)
            break;
        gint64 t0 = g_get_monotonic_time();
        size_t len = 0;
        int st = one_request(fd, r, buf, &len);
        double ms = (g_get_monotonic_time() - t0) / 1000.0;
        if (st == 200) {
            g_atomic_int_inc(&r->done_ok);
            g_mutex_lock(&r->lock);
            r->lat[r->n_lat++] = ms;
            r->bytes = len;
            g_mutex_unlock(&r->lock);
        } else if (st == 503) {
            g_atomic_int_inc(&r->refused);
            g_usleep(20000);
        } else {
            if (g_atomic_int_add(&r->failed, 1) < 3)
                fprintf(stderr, "serve-bench: request failed (status %d, "
                                "errno %s) after %.0f ms\n",
                        st, g_strerror(errno), ms);
            close(fd);
            fd = connect_to(r->port);
        }
    }
    if (fd >= 0)
        close(fd);
    g_string_free(buf, TRUE);
    return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double
pct(const double *v, unsigned n, double p)
{
    if (!n)
        return NAN;
    unsigned i = (unsigned)ceil(p / 100.0 * n);
    return v[i ? i - 1 : 0];
}

/* VmRSS or VmHWM of @pid in MB. */
static double
mem_mb(pid_t pid, const char *key)
{
    char path[64];
    g_snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    char *s = NULL;
    if (!g_file_get_contents(path, &s, NULL, NULL))
        return NAN;
    char *k = strstr(s, key);
    double v = k ? strtod(k + strlen(key) + 1, NULL) / 1024.0 : NAN;
    g_free(s);
    return v;
}

/* CPU time (user + system) of @pid so far, in seconds. */
static double
cpu_s(pid_t pid)
{
    char path[64];
    g_snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    char *s = NULL;
    if (!g_file_get_contents(path, &s, NULL, NULL))
        return NAN;
    /* after the command name in parentheses: field 3 onwards */
    char *p = strrchr(s, ')');
    double v = NAN;
    if (p) {
        char **f = g_strsplit(p + 2, " ", 16);
        if (g_strv_length(f) >= 13)
            v = (g_ascii_strtod(f[11], NULL) + g_ascii_strtod(f[12], NULL)) /
                (double)sysconf(_SC_CLK_TCK);
        g_strfreev(f);
    }
    g_free(s);
    return v;
}

static void
run_clients(run_t *r, unsigned clients, double *wall)
{
    r->issued = r->done_ok = r->refused = r->failed = 0;
    r->n_lat = 0;
    r->deadline = g_get_monotonic_time() + (gint64)(r->max_seconds * 1e6);
    GThread **th = g_new(GThread *, clients);
    gint64 t0 = g_get_monotonic_time();
    for (unsigned i = 0; i < clients; i++)
        th[i] = g_thread_new("client", client, r);
    for (unsigned i = 0; i < clients; i++)
        g_thread_join(th[i]);
    *wall = (g_get_monotonic_time() - t0) / 1e6;
    g_free(th);
    qsort(r->lat, r->n_lat, sizeof(double), cmp_double);
}

static void
loadavg(char *buf, size_t n)
{
    char *s = NULL;
    if (g_file_get_contents("/proc/loadavg", &s, NULL, NULL)) {
        char **f = g_strsplit(s, " ", 4);
        g_snprintf(buf, n, "%s %s %s", f[0], f[1], f[2]);
        g_strfreev(f);
        g_free(s);
    } else
        g_strlcpy(buf, "?", n);
}

int
main(int argc, char **argv)
{
    int quick = 0;
    const char *city = CS_BENCH_SAMPLE;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick"))
            quick = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: %s [--quick] [CITY.csv]\n", argv[0]);
            return 0;
        } else
            city = argv[i];
    }
    char *body = NULL;
    gsize body_len = 0;
    if (!g_file_get_contents(city, &body, &body_len, NULL)) {
        fprintf(stderr, "serve-bench: cannot read %s\n", city);
        return 1;
    }

    /* the server, on a free loopback port */
    const char *exe = g_getenv("CITYSNAP_EXE");
    if (!exe)
        exe = CS_BENCH_CLI;
    /* the data of this source tree, unless told otherwise */
    if (!g_getenv("CITYSNAP_DATADIR"))
        g_setenv("CITYSNAP_DATADIR", CS_BENCH_DATADIR, TRUE);
    const char *sargv[] = {exe, "serve", "--port", "0", "--quiet",
                           "--queue", "128", NULL};
    GError *err = NULL;
    GPid pid;
    gint out_fd;
    if (!g_spawn_async_with_pipes(NULL, (char **)sargv, NULL,
                                  G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent,
                                  NULL, &pid,
                                  NULL, &out_fd, NULL, &err)) {
        fprintf(stderr, "serve-bench: %s\n", err->message);
        return 1;
    }
    char line[256] = {0};
    size_t got = 0;
    while (got < sizeof line - 1) {
        ssize_t n = read(out_fd, line + got, 1);
        if (n <= 0 || line[got] == '\n')
            break;
        got += (size_t)n;
    }
    const char *at = strstr(line, "http://127.0.0.1:");
    if (!at) {
        fprintf(stderr, "serve-bench: the server did not start: %s\n", line);
        kill(pid, SIGTERM);
        return 1;
    }
    unsigned port = (unsigned)atoi(at + 17);

    char load[64];
    loadavg(load, sizeof load);
    printf("citysnap serve benchmark: %s, %u CPUs, load average %s at start\n",
           city, g_get_num_processors(), load);
    printf("%-6s %7s %9s %8s %8s %8s %8s %8s %6s %6s\n", "format",
           "clients", "requests", "per s", "p50 ms", "p95 ms", "p99 ms",
           "CPU ms", "503", "fail");

    run_t r;
    memset(&r, 0, sizeof r);
    g_mutex_init(&r.lock);
    r.port = port;
    r.body = body;
    r.body_len = body_len;
    r.lat = g_new(double, 20000);
    static const struct {
        const char *name, *path;
        unsigned count, quick_count;
    } fmts[] = {
        {"svg", "/api/render?format=svg&name=Bench", 1500, 300},
        {"png", "/api/render?format=png&name=Bench", 300, 60},
    };
    static const unsigned clients[] = {1, 8, 64};
    /* warm up: renderer and caches */
    r.path = fmts[0].path;
    r.max_requests = 20;
    r.max_seconds = 20;
    double wall;
    run_clients(&r, 2, &wall);
    r.path = fmts[1].path;
    r.max_requests = 4;
    run_clients(&r, 2, &wall);

    for (size_t f = 0; f < G_N_ELEMENTS(fmts); f++)
        for (size_t c = 0; c < G_N_ELEMENTS(clients); c++) {
            r.path = fmts[f].path;
            r.max_requests = quick ? fmts[f].quick_count : fmts[f].count;
            r.max_seconds = quick ? 10 : 30;
            double cpu0 = cpu_s(pid);
            run_clients(&r, clients[c], &wall);
            /* the server's CPU time per answer: what a quiet machine's
             * cores would need, whatever else runs meanwhile */
            double cpu = (cpu_s(pid) - cpu0) * 1000.0 / (r.n_lat ? r.n_lat : 1);
            printf("%-6s %7u %9u %8.1f %8.1f %8.1f %8.1f %8.1f %6d %6d\n",
                   fmts[f].name, clients[c], r.n_lat, r.n_lat / wall,
                   pct(r.lat, r.n_lat, 50), pct(r.lat, r.n_lat, 95),
                   pct(r.lat, r.n_lat, 99), cpu, r.refused, r.failed);
            fflush(stdout);
        }

    /* memory over 10,000 requests (SVG, 8 clients), sampled per 1,000 */
    unsigned total = quick ? 2000 : 10000;
    printf("\nserver memory over %u SVG requests at 8 clients (MB):\n", total);
    printf("  start: RSS %.1f, peak %.1f\n", mem_mb(pid, "VmRSS:"),
           mem_mb(pid, "VmHWM:"));
    r.path = fmts[0].path;
    unsigned done = 0, failed = 0;
    gint64 t0 = g_get_monotonic_time();
    while (done < total) {
        r.max_requests = 1000;
        r.max_seconds = 60;
        run_clients(&r, 8, &wall);
        done += 1000;
        failed += (unsigned)(r.failed + r.refused);
        printf("  after %5u: RSS %.1f, peak %.1f\n", done,
               mem_mb(pid, "VmRSS:"), mem_mb(pid, "VmHWM:"));
        fflush(stdout);
        if ((g_get_monotonic_time() - t0) / 1e6 > (quick ? 60 : 300))
            break;
    }
    printf("  %u failed or refused; %.1f s\n", failed,
           (g_get_monotonic_time() - t0) / 1e6);
    loadavg(load, sizeof load);
    printf("load average %s at the end\n", load);

    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    printf("server exit status on SIGTERM: %d\n",
           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    g_free(r.lat);
    g_free(body);
    return 0;
}
