/* SPDX-License-Identifier: MIT */
/* The city report: options, formats and the way to a file (include/citysnap/report.h). */
#include "cs-private.h"
#include "report-private.h"
#include "render-private.h"

#include <stdlib.h>
#include <string.h>

void
cs_report_options_init(cs_report_options_t *o)
{
    if (!o)
        return;
    *o = (cs_report_options_t){
        .wheel = 1,
        .page_w_mm = 210,
        .page_h_mm = 297,
        .margin_mm = 15,
    };
}

cs_status_t
cs_report_format_from_path(const char *path, cs_report_format_t *out,
                           cs_diag_t *diag)
{
    if (!path || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_report_format_from_path: NULL argument");
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/') &&
        (!g_ascii_strcasecmp(dot, ".html") || !g_ascii_strcasecmp(dot, ".htm"))) {
        *out = CS_REPORT_HTML;
        return CS_OK;
    }
    if (dot && !strchr(dot, '/') && !g_ascii_strcasecmp(dot, ".pdf")) {
        *out = CS_REPORT_PDF;
        return CS_OK;
    }
    return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                       "cannot tell the report format of '%s': use .html or .pdf",
                       path);
}

cs_status_t
cs_report_to_memory(const cs_renderer_t *r, const cs_scores_t *scores,
                    const cs_report_options_t *opts, cs_report_format_t format,
                    unsigned char **data, size_t *len, cs_diag_t *diag)
{
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (!r || !scores || !data || !len)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_report_to_memory: NULL argument");
    if ((unsigned)format >= CS_REPORT_FORMAT_COUNT)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_report_to_memory: unknown format %d",
                           (int)format);
    cs_report_options_t defaults;
    cs_report_options_init(&defaults);
    if (!opts)
        opts = &defaults;
    if (format == CS_REPORT_PDF &&
        !(opts->page_w_mm >= 100 && opts->page_w_mm <= 1000 &&
          opts->page_h_mm >= 100 && opts->page_h_mm <= 1000 &&
          opts->margin_mm >= 0 &&
          2 * opts->margin_mm <= opts->page_w_mm - 80 &&
          2 * opts->margin_mm <= opts->page_h_mm - 80))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "a report page must be 100 to 1000 mm a side, "
                           "with at least 80 mm inside the margins");
    const cs_render_options_t *ro = cs_renderer_options(r);
    cs_report_job_t job = {
        .r = r,
        .scores = scores,
        .opts = opts,
        .words = ro->words,
        .lang = ro->lang && *ro->lang ? ro->lang : "en",
    };
    cs_report_table_t *t = NULL;
    cs_status_t st = cs_report_table_new(cs_renderer_framework(r),
                                         cs_renderer_bands(r), scores,
                                         opts->previous, job.words, &t, diag);
    if (st != CS_OK)
        return st;
    job.table = t;
    const char *keys[] = {"name", NULL};
    const char *vals[] = {opts->name && *opts->name ? opts->name : "City"};
    job.title = cs_describe_fill(job.words->report_title, keys, vals);
    if (!job.title) {
        cs_report_table_free(t);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    /* both painters fill one byte array */
    GByteArray *b = g_byte_array_new();
    if (format == CS_REPORT_HTML) {
        GString *g = g_string_new(NULL);
        st = cs_report_html(&job, g, diag);
        g_byte_array_append(b, (const guint8 *)g->str, (guint)g->len);
        g_string_free(g, TRUE);
    } else {
        st = cs_report_pdf(&job, b, diag);
    }
    if (st == CS_OK) {
        *len = b->len;
        *data = malloc(b->len ? b->len : 1);
        if (*data)
            memcpy(*data, b->data, b->len);
        else
            st = cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    g_byte_array_free(b, TRUE);
    if (st != CS_OK) {
        free(*data);
        *data = NULL;
        *len = 0;
    }
    free(job.title);
    cs_report_table_free(t);
    return st;
}

cs_status_t
cs_report_to_file(const cs_renderer_t *r, const cs_scores_t *scores,
                  const cs_report_options_t *opts, cs_report_format_t format,
                  const char *path, cs_diag_t *diag)
{
    if (!path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_report_to_file: NULL path");
    unsigned char *data = NULL;
    size_t len = 0;
    cs_status_t st =
        cs_report_to_memory(r, scores, opts, format, &data, &len, diag);
    if (st == CS_OK)
        st = cs_write_file_atomic(path, data, len, diag);
    free(data);
    return st;
}
