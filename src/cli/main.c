/* SPDX-License-Identifier: MIT */
/* citysnap: command-line entry point; dispatches to subcommands. */
#include "cli.h"

#include <citysnap/version.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include <fontconfig/fontconfig.h>

#include "cs-config.h"

static const char *const usage = N_(
    "Usage: citysnap COMMAND [OPTIONS] ...\n"
    "\n"
    "Renders U4SSC city snapshot wheels from a city's KPI values.\n"
    "\n"
    "Commands:\n"
    "  check CITY.csv            validate a city file or table; print each KPI's\n"
    "                            band and each group's and dimension's score\n"
    "  import TABLE -o CITY.csv  read a report table or spreadsheet, write the\n"
    "                            canonical city file and a mapping report\n"
    "  template [-o FILE]        write a fill-in sheet of all wedges (.csv, .xlsx)\n"
    "  render CITY.csv -o FILE   draw the wheel as PNG, SVG or PDF\n"
    "  batch MANIFEST.csv -o DIR render every city of a manifest\n"
    "  serve [--port 8080]       serve the web page and HTTP API on\n"
    "                            127.0.0.1 (check, preview, export)\n"
    "  report CITY.csv -o FILE   the city report: the wheel and KPI tables\n"
    "                            (with --previous OLD.csv, the progress)\n"
    "\n"
    "Run 'citysnap COMMAND --help' for the options of a command.\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "  -V, --version  show the version\n"
    "\n"
    "Exit status: 0 success; 1 invalid input (or a city failed, or --strict\n"
    "fit failed); 2 bad command line; 3 a file could not be read or written;\n"
    "4 internal error (memory, fonts, rendering).\n");

int
main(int argc, char **argv)
{
    /* Output text in the user's encoding; numbers are parsed by the library
     * independently of the locale. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    /* the interface's language: --lang, else the locale's */
    cs_cli_setup_language(argc, argv);
    /* Past a file-size limit (ulimit -f, quotas) let write() fail with
     * EFBIG, reported and cleaned up like a full disk, instead of being
     * killed by SIGXFSZ with a temporary file left behind. */
    signal(SIGXFSZ, SIG_IGN);
    /* citysnap draws only with the fonts in its fonts/ folder, through a
     * private fontconfig configuration. Pango still initialises
     * fontconfig's default one in a background thread, reading the
     * system's configuration and font caches; an empty current
     * configuration spares that (~1 ms and a few MB per process). */
    FcConfig *none = FcConfigCreate();
    if (none) {
        FcConfigSetCurrent(none);
        FcConfigDestroy(none); /* (the current one keeps a reference) */
    }

    if (argc < 2) {
        fputs(_(usage), stderr);
        return CS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(_(usage), stdout);
        return CS_EXIT_OK;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("citysnap %s\n", CS_VERSION_STRING);
        return CS_EXIT_OK;
    }
    if (!strcmp(cmd, "import"))
        return cs_cmd_import(argc - 1, argv + 1);
    if (!strcmp(cmd, "template"))
        return cs_cmd_template(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cs_cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "render"))
        return cs_cmd_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch"))
        return cs_cmd_batch(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return cs_cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "report"))
        return cs_cmd_report(argc - 1, argv + 1);
    fprintf(stderr, _("citysnap: unknown command '%s'\n\n%s"), cmd, _(usage));
    return CS_EXIT_USAGE;
}
