/* SPDX-License-Identifier: MIT */
/*
 * The web server behind `citysnap serve`: one page (data/web/) and an HTTP
 * API (/api/check, /api/render, /api/health) over libsoup 3, on the GLib
 * main context that is the thread default when the server is made.
 * Uploads are read by the main loop into memory (never to disk); complete
 * requests are checked and rendered on a bounded thread pool, with the
 * library in-process. The server never prints: each finished request is
 * handed to the log callback as one access-log line.
 */
#ifndef CS_SERVER_H
#define CS_SERVER_H

#include <stddef.h>

#include <glib.h>

/* Largest request body: the CSV file limit (CS_CSV_MAX_BYTES) plus room for
 * a second (targets) part and the multipart framing. */
#define CS_SERVER_MAX_BODY (16u * 1024 * 1024 + 64 * 1024)

/* Receives one access-log line (no newline); called on the server's main
 * context. */
typedef void (*cs_server_log_fn)(void *user, const char *line);

/* Limits and addresses. Initialise with cs_server_config_init(). */
typedef struct cs_server_config {
    const char *bind;      /* address to listen on (default "127.0.0.1") */
    unsigned port;         /* 0: a free port chosen by the system */
    const char *datadir;   /* holds data/, data/web/ and fonts/ */
    size_t max_body;       /* request body, bytes (CS_SERVER_MAX_BODY) */
    unsigned header_ms;    /* a connection's request headers must arrive
                              within this from connecting or from the end
                              of the previous response (10 s) */
    unsigned body_ms;      /* the body, from the end of the headers (60 s) */
    unsigned response_ms;  /* queueing, rendering and sending the answer
                              (120 s) */
    unsigned workers;      /* render threads (0: one per core) */
    unsigned queue;        /* requests that may wait for a thread beyond
                              those running; more get 503 (default 32) */
    double max_pixels;     /* largest PNG, in pixels (36e6: 6000 x 6000) */
    size_t max_output;     /* largest answer, bytes (64 MiB) */
    unsigned cache;        /* renderers kept, one per look (default 8) */
    cs_server_log_fn log;  /* NULL: no access log */
    void *log_user;
} cs_server_config_t;

void cs_server_config_init(cs_server_config_t *c);

typedef struct cs_server cs_server_t;

/*
 * Loads the data (framework, bands, fonts, the page's files) from
 * @c->datadir, binds @c->bind:@c->port and starts listening. Returns NULL
 * with @error set (address in use, data missing...). Free with
 * cs_server_free(). @c's strings are copied.
 */
cs_server_t *cs_server_new(const cs_server_config_t *c, GError **error);

/* "http://127.0.0.1:PORT/": the address actually bound. Borrowed. */
const char *cs_server_uri(const cs_server_t *s);
/* The port actually bound. */
unsigned cs_server_port(const cs_server_t *s);

/*
 * Stops accepting connections; requests already received are answered.
 * @done (may be NULL) is called once on the main context when no request
 * is left (requests that stall are ended by the timeouts above).
 */
void cs_server_shutdown(cs_server_t *s, void (*done)(void *user),
                        void *user);

/* Waits for running renders, closes every connection, frees. NULL ok. */
void cs_server_free(cs_server_t *s);

#endif
