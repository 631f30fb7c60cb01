/* SPDX-License-Identifier: MIT */
/*
 * citysnap serve: the web page and HTTP API for people without a shell
 * (src/server/). Prints the address it listens on, logs one line per
 * request on stderr, and on SIGTERM or SIGINT stops accepting, answers
 * the requests it has and exits 0.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "../server/server.h"

static const char *const serve_description = N_(
    "Serves the citysnap page (choose a city file, see its problems and the\n"
    "wheel, export PNG, SVG or PDF) and its HTTP API:\n"
    "  POST /api/check    the file as the body -> JSON: problems, warnings,\n"
    "                     every KPI's value, target, percentage, band,\n"
    "                     scores\n"
    "  POST /api/render?format=png|svg|pdf&name=...&lang=...&style=...\n"
    "                     -> the file, as `citysnap render` writes it\n"
    "  GET  /api/health\n"
    "It listens on 127.0.0.1 unless --bind says otherwise; put a reverse\n"
    "proxy with TLS in front of it to serve a department (see README).\n"
    "With --port 0 a free port is chosen; the address is printed.\n"
    "\n"
    "Exit status: 0 stopped by SIGTERM or SIGINT; 2 bad command line;\n"
    "3 the address cannot be bound; 4 the data or fonts cannot be loaded.\n");

static void
access_log(void *user, const char *line)
{
    fprintf(stderr, "%s\n", line);
}

typedef struct serve_state {
    GMainLoop *loop;
    cs_server_t *srv;
    int signalled;
} serve_state_t;

static void
stopped(void *user)
{
    g_main_loop_quit(((serve_state_t *)user)->loop);
}

static gboolean
on_signal(gpointer user)
{
    serve_state_t *st = user;
    if (st->signalled++) /* a second signal: stop waiting */
        g_main_loop_quit(st->loop);
    else
        cs_server_shutdown(st->srv, stopped, st);
    return G_SOURCE_CONTINUE;
}

int
cs_cmd_serve(int argc, char **argv)
{
    char *bind = NULL;
    int port = 8080, workers = 0, queue = -1, max_body_kb = 0;
    int header_s = 0, body_s = 0;
    gboolean help = FALSE, quiet = FALSE;
    const GOptionEntry entries[] = {
        {"bind", 0, 0, G_OPTION_ARG_STRING, &bind,
         N_("Address to listen on (default 127.0.0.1; 0.0.0.0 for every "
         "interface)"),
         N_("ADDR")},
        {"port", 'p', 0, G_OPTION_ARG_INT, &port,
         N_("Port (default 8080; 0: a free one, printed)"), N_("PORT")},
        {"workers", 'j', 0, G_OPTION_ARG_INT, &workers,
         N_("Render threads (default: one per core)"), N_("N")},
        {"queue", 0, 0, G_OPTION_ARG_INT, &queue,
         N_("Requests that may wait for a thread; more get 503 (default 32)"),
         N_("N")},
        {"max-body", 0, 0, G_OPTION_ARG_INT, &max_body_kb,
         N_("Largest upload in KiB (default 16448: the 16 MiB file limit and "
         "room for the form)"),
         N_("KIB")},
        {"header-timeout", 0, 0, G_OPTION_ARG_INT, &header_s,
         N_("Seconds a connection may take to send its request headers "
         "(default 10)"),
         N_("S")},
        {"body-timeout", 0, 0, G_OPTION_ARG_INT, &body_s,
         N_("Seconds a request may take to send its body (default 60)"), N_("S")},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         N_("No access log"), NULL},
        {"help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = cs_cli_option_context(
        "serve", "", N_("Serve the citysnap web page and HTTP API."),
        serve_description, entries);
    GError *err = NULL;
    int rc = CS_EXIT_OK;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, _("citysnap serve: %s\n"
                          "Run 'citysnap serve --help' for usage.\n"),
                err->message);
        g_error_free(err);
        rc = CS_EXIT_USAGE;
        goto out;
    }
    if (help) {
        char *h = g_option_context_get_help(ctx, TRUE, NULL);
        fputs(h, stdout);
        g_free(h);
        goto out;
    }
    const char *bad = NULL;
    if (argc > 1)
        bad = _("serve takes no file arguments");
    else if (port < 0 || port > 65535)
        bad = _("--port must be 0 to 65535");
    else if (workers < 0 || workers > 256)
        bad = _("--workers must be 1 to 256");
    else if (queue < -1 || queue > 100000)
        bad = _("--queue must be 0 to 100000");
    else if (max_body_kb < 0 || max_body_kb > 1024 * 1024)
        bad = _("--max-body must be at most 1048576 KiB");
    else if (header_s < 0 || header_s > 3600 || body_s < 0 || body_s > 3600)
        bad = _("timeouts must be 1 to 3600 seconds");
    if (bad) {
        fprintf(stderr, _("citysnap serve: %s\n"
                          "Run 'citysnap serve --help' for usage.\n"),
                bad);
        rc = CS_EXIT_USAGE;
        goto out;
    }

    cs_server_config_t cfg;
    cs_server_config_init(&cfg);
    if (bind)
        cfg.bind = bind;
    cfg.port = (unsigned)port;
    cfg.datadir = cs_cli_datadir();
    cfg.workers = (unsigned)workers;
    if (queue >= 0)
        cfg.queue = (unsigned)queue;
    if (max_body_kb)
        cfg.max_body = (size_t)max_body_kb * 1024;
    if (header_s)
        cfg.header_ms = (unsigned)header_s * 1000;
    if (body_s)
        cfg.body_ms = (unsigned)body_s * 1000;
    if (!quiet)
        cfg.log = access_log;

    serve_state_t st = {0};
    st.srv = cs_server_new(&cfg, &err);
    if (!st.srv) {
        fprintf(stderr, _("citysnap serve: %s\n"), err->message);
        rc = g_error_matches(err, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)
                 ? CS_EXIT_USAGE
             : err->domain == G_IO_ERROR ? CS_EXIT_IO
                                         : CS_EXIT_INTERNAL;
        g_error_free(err);
        goto out;
    }
    st.loop = g_main_loop_new(NULL, FALSE);
    guint s1 = g_unix_signal_add(SIGTERM, on_signal, &st);
    guint s2 = g_unix_signal_add(SIGINT, on_signal, &st);
    printf("citysnap serve: listening on %s\n", cs_server_uri(st.srv));
    fflush(stdout);
    g_main_loop_run(st.loop);
    g_source_remove(s1);
    g_source_remove(s2);
    cs_server_free(st.srv);
    g_main_loop_unref(st.loop);
    fprintf(stderr, _("citysnap serve: stopped\n"));

out:
    g_free(bind);
    g_option_context_free(ctx);
    return rc;
}
