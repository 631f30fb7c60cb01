/* SPDX-License-Identifier: MIT */
/* Shared helpers of the CLI: data directory, diagnostics, loading. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-config.h"

const char *
cs_cli_datadir(void)
{
    static char *dir; /* resolved once; the CLI is single-threaded here */
    if (dir)
        return dir;
    const char *env = g_getenv("CITYSNAP_DATADIR");
    if (env && *env) {
        dir = g_strdup(env);
        return dir;
    }
    char *probe = g_build_filename(CS_INSTALLED_DATADIR, "data",
                                   "u4ssc-wheel.csv", NULL);
    gboolean installed = g_file_test(probe, G_FILE_TEST_IS_REGULAR);
    g_free(probe);
    dir = g_strdup(installed ? CS_INSTALLED_DATADIR : CS_SOURCE_DATADIR);
    return dir;
}

char *
cs_cli_data_path(const char *rel)
{
    return g_build_filename(cs_cli_datadir(), rel, NULL);
}

void
cs_cli_print_diag(const cs_diag_t *diag)
{
    size_t n = cs_diag_stored(diag);
    for (size_t i = 0; i < n; i++) {
        char *s = cs_diag_entry_format(cs_diag_get(diag, i));
        fprintf(stderr, "citysnap: %s\n", s ? s : "(out of memory)");
        free(s);
    }
    if (cs_diag_count(diag) > n)
        fprintf(stderr, "citysnap: ... and %zu more problems\n",
                cs_diag_count(diag) - n);
}

int
cs_cli_exit_code(cs_status_t st)
{
    switch (st) {
    case CS_OK:
        return CS_EXIT_OK;
    case CS_ERR_PARSE:
    case CS_ERR_INVALID:
    case CS_ERR_LIMIT:
    case CS_ERR_FIT:
        return CS_EXIT_FAIL;
    case CS_ERR_ARG:
        return CS_EXIT_USAGE;
    case CS_ERR_IO:
        return CS_EXIT_IO;
    case CS_ERR_NOMEM:
    case CS_ERR_FONT:
    case CS_ERR_RENDER:
    case CS_STATUS_LAST:
        break;
    }
    return CS_EXIT_INTERNAL;
}

int
cs_cli_load_data(const cs_cli_data_opts_t *opts, cs_framework_t **fw,
                 cs_bands_t **bands, cs_targets_t **targets)
{
    *fw = NULL;
    *bands = NULL;
    *targets = NULL;
    cs_diag_t *diag = cs_diag_new();
    if (!diag)
        return CS_EXIT_INTERNAL;
    char *fw_path = opts->framework ? g_strdup(opts->framework)
                                    : cs_cli_data_path("data/u4ssc-wheel.csv");
    char *bands_path = opts->bands ? g_strdup(opts->bands)
                                   : cs_cli_data_path("data/bands.csv");
    cs_status_t st = cs_framework_load(fw_path, fw, diag);
    if (st == CS_OK)
        st = cs_bands_load(bands_path, bands, diag);
    if (st == CS_OK && opts->targets)
        st = cs_targets_load(*fw, opts->targets, targets, diag);
    g_free(fw_path);
    g_free(bands_path);
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        cs_diag_free(diag);
        cs_targets_free(*targets);
        cs_bands_free(*bands);
        cs_framework_free(*fw);
        *fw = NULL;
        *bands = NULL;
        *targets = NULL;
        return cs_cli_exit_code(st);
    }
    cs_diag_free(diag);
    return CS_EXIT_OK;
}

int
cs_cli_parse_size(const char *s, double *mm, double *pt)
{
    char *end = NULL;
    double v = g_ascii_strtod(s, &end);
    if (end == s || !isfinite(v) || v <= 0)
        return -1;
    while (*end == ' ')
        end++;
    *mm = 0;
    *pt = 0;
    if (!*end || !g_ascii_strcasecmp(end, "mm"))
        *mm = v;
    else if (!g_ascii_strcasecmp(end, "cm"))
        *mm = v * 10;
    else if (!g_ascii_strcasecmp(end, "in"))
        *mm = v * 25.4;
    else if (!g_ascii_strcasecmp(end, "pt"))
        *pt = v;
    else
        return -1;
    return 0;
}
