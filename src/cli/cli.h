/* SPDX-License-Identifier: MIT */
/* Shared pieces of the citysnap command-line tool. */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <stdio.h>
#include <citysnap/citysnap.h>

/* Exit codes (documented in README and --help). */
enum {
    CS_EXIT_OK = 0,       /* success */
    CS_EXIT_FAIL = 1,     /* input problems: invalid file, failed city, strict fit */
    CS_EXIT_USAGE = 2,    /* bad command line */
    CS_EXIT_IO = 3,       /* a file could not be read or written */
    CS_EXIT_INTERNAL = 4, /* out of memory, font or rendering failure */
};

/* Options every subcommand that reads data accepts. */
typedef struct cs_cli_data_opts {
    char *framework; /* --framework FILE (default DATADIR/data/u4ssc-wheel.csv) */
    char *bands;     /* --bands FILE (default DATADIR/data/bands.csv) */
    char *targets;   /* --targets FILE (optional) */
} cs_cli_data_opts_t;

/* Directory holding data/ and fonts/: $CITYSNAP_DATADIR, else the installed
 * data directory if present, else the source tree. Returns a static string. */
const char *cs_cli_datadir(void);
/* Newly allocated path DATADIR/rel (g_free). */
char *cs_cli_data_path(const char *rel);

/* Prints every diagnostic in @diag to stderr as "citysnap: FILE:LINE:COL: msg". */
void cs_cli_print_diag(const cs_diag_t *diag);
/* Maps a library status to an exit code. */
int cs_cli_exit_code(cs_status_t st);

/* Loads framework, bands and optional targets per @opts. On failure prints
 * the diagnostics and returns non-zero (an exit code). */
int cs_cli_load_data(const cs_cli_data_opts_t *opts, cs_framework_t **fw,
                     cs_bands_t **bands, cs_targets_t **targets);

/* Parses a width "210", "210mm", "21cm", "8.5in" or "595pt": sets *mm or
 * *pt (the other 0). Returns 0, or -1 when invalid. */
int cs_cli_parse_size(const char *s, double *mm, double *pt);

/* Subcommands: each parses its own arguments (argv[0] is the subcommand). */
int cs_cmd_check(int argc, char **argv);
int cs_cmd_render(int argc, char **argv);
int cs_cmd_batch(int argc, char **argv);

#endif
