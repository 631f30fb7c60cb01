/* SPDX-License-Identifier: MIT */
/*
 * Between the HTTP side of the server (server.c: connections, limits,
 * routing, the page) and the API side (server-api.c: what a check or a
 * render does with a complete request, on a worker thread).
 */
#ifndef CS_SERVER_PRIVATE_H
#define CS_SERVER_PRIVATE_H

#include <stddef.h>

#include <glib.h>

typedef enum cs_api_kind {
    CS_API_CHECK = 0,
    CS_API_RENDER = 1,
    CS_API_TEMPLATE = 2 /* the fill-in sheet; no body */
} cs_api_kind_t;

/* A complete request. Everything owned by the request. */
typedef struct cs_api_request {
    cs_api_kind_t kind;
    GHashTable *query;  /* name -> value (strings), may be NULL */
    char *content_type; /* the request's Content-Type, may be NULL */
    GBytes *body;       /* the whole body */
} cs_api_request_t;

/* An answer. Everything owned by the response. */
typedef struct cs_api_response {
    unsigned status;
    const char *content_type; /* static */
    GBytes *body;
    char *filename;           /* Content-Disposition: attachment; NULL: none */
} cs_api_response_t;

/* Shared by every worker: data, fonts, renderer cache. */
typedef struct cs_api cs_api_t;

typedef struct cs_api_limits {
    double max_pixels;
    size_t max_output;
    unsigned cache;
} cs_api_limits_t;

/* Loads framework, bands and fonts from @datadir. NULL with @error set. */
cs_api_t *cs_api_new(const char *datadir, const cs_api_limits_t *limits,
                     GError **error);
void cs_api_free(cs_api_t *api);

/* Whether the library writes the template as .xlsx (else .csv only). */
int cs_api_template_xlsx(const cs_api_t *api);

/* Answers @req into @res (zeroed by the caller). Thread-safe. */
void cs_api_run(cs_api_t *api, const cs_api_request_t *req,
                cs_api_response_t *res);

/* A JSON error answer {"error": {"status", "message"}} with @status. */
void cs_api_error(cs_api_response_t *res, unsigned status,
                  const char *message);
void cs_api_response_clear(cs_api_response_t *res);

/* Appends @v as a JSON string: quotes, backslashes and control characters
 * escaped, and <, >, & as \u003c... so that the text stays text even if
 * a page were to put it into HTML. */
void cs_json_str(GString *s, const char *v);

#endif
