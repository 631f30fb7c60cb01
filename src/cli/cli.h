/* SPDX-License-Identifier: MIT */
/* Shared pieces of the citysnap command-line tool. */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <stdio.h>

#include <glib.h>
#include <citysnap/citysnap.h>
#include <citysnap/describe.h>

#include "cs-gettext.h"

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
    char *targets_note; /* --targets-note TEXT: where the targets come
                           from (replaces the file's "source" row) */
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

/* An option context for "citysnap @cmd" (also the program name from now
 * on): usage line @params, @summary and @description, the @entries
 * (NULL-terminated); --help is handled by the commands. */
GOptionContext *cs_cli_option_context(const char *cmd, const char *params,
                                      const char *summary,
                                      const char *description,
                                      const GOptionEntry *entries);

/* Looks for @city_path in a cities.csv manifest next to it: fills the name
 * and targets (g_free; NULL when none). No manifest (or the city file is
 * cities.csv itself): nothing. A cities.csv that cannot be read is
 * reported ("PROG: ...") and returned as an exit code. */
int cs_cli_manifest_lookup(const char *prog, const char *city_path,
                           char **name, char **targets);

/* Parses a width "210", "210mm", "21cm", "8.5in" or "595pt": sets *mm or
 * *pt (the other 0). Returns 0, or -1 when invalid. */
int cs_cli_parse_size(const char *s, double *mm, double *pt);

/* The look of the wheel from --style FILE and --lang LANG, shared by render
 * and batch. Clear with cs_cli_look_clear() (also after a failed load). */
typedef struct cs_cli_look {
    cs_style_t *style;       /* NULL: built-in defaults */
    cs_translation_t *tr;    /* NULL: English */
    cs_framework_t *tr_fw;   /* translated framework; NULL: English */
    cs_bands_t *bands;       /* style colours, translated legend labels */
    cs_describe_words_t words; /* sentence frames (borrowed from tr) */
} cs_cli_look_t;

/* Checks --lang (NULL or "en": English, *@path NULL) and finds its table
 * DATADIR/data/labels-LANG.csv (*@path, g_free). On a bad or unknown tag
 * prints "PROG: ..." with a usage hint and returns CS_EXIT_USAGE. */
int cs_cli_lang_path(const char *prog, const char *lang, char **path);

/* Loads the style (@style_path NULL: none) and the translation table
 * @tr_path (NULL: none, language @lang) and makes the drawing framework
 * and bands from @fw and @bands. */
cs_status_t cs_cli_look_load(const char *style_path, const char *lang,
                             const char *tr_path, const cs_framework_t *fw,
                             const cs_bands_t *bands, cs_cli_look_t *look,
                             cs_diag_t *diag);
/* Render options: defaults, then the style, then the translated source
 * line. Strings are borrowed from @look. */
void cs_cli_look_options(const cs_cli_look_t *look, cs_render_options_t *ro);
/* The framework to draw with: the translated one, else @fw. */
const cs_framework_t *cs_cli_look_framework(const cs_cli_look_t *look,
                                            const cs_framework_t *fw);
void cs_cli_look_clear(cs_cli_look_t *look);

/* Print page options --page NAME, --margin MM, --bleed MM (each NULL when
 * not given) into @out. Prints "PROG: ..." and returns CS_EXIT_USAGE when
 * invalid, or when a margin or bleed comes without a page. */
int cs_cli_page_opts(const char *prog, const char *page, const char *margin,
                     const char *bleed, cs_output_t *out);
/* The same checks without printing: NULL when fine, else a constant
 * English reason (the server answers with it). */
const char *cs_cli_page_check(const char *page, const char *margin,
                              const char *bleed, cs_output_t *out);

/* Options that render and batch share: data files, fonts, look, size. */
typedef struct cs_cli_draw_args {
    cs_cli_data_opts_t data; /* --framework, --bands (--targets: render) */
    char *fonts_dir, *title, *source, *style_path, *lang;
    double width_px, dpi;
    char *size, *page, *margin, *bleed, *png_compression, *legend;
    gboolean svg_text;
    gboolean progress; /* set by the command: a wheel of progress
                          (--previous), cs_render_options_t.progress */
    char *min_coverage; /* --min-coverage P (NULL: the style's, else the
                           default) */
} cs_cli_draw_args_t;

/* Appends the GOptionEntry rows of the shared options, pointing into @a,
 * to @entries (a GArray of GOptionEntry). */
void cs_cli_draw_entries(cs_cli_draw_args_t *a, GArray *entries);
/* Checks the size, page and PNG options and puts them into @out. Prints
 * "PROG: ..." with a usage hint and returns CS_EXIT_USAGE when invalid. */
int cs_cli_draw_output(const char *prog, const cs_cli_draw_args_t *a,
                       cs_output_t *out);
/* The checks of cs_cli_draw_output() without printing: NULL when fine,
 * else a constant English reason. */
const char *cs_cli_draw_check(const cs_cli_draw_args_t *a, cs_output_t *out);
/* cs_cli_draw_check() plus what `render` adds for one file of format
 * @out->format (--width only for PNG; a PNG --size in pt becomes mm): the
 * CLI and the server make the same cs_output_t from the same options. */
const char *cs_cli_render_check(const cs_cli_draw_args_t *a,
                                cs_output_t *out);
/* Loads the fonts (--fonts or DATADIR/fonts) and the look (--style,
 * --lang with its table @tr_path) and makes the renderer, with --title and
 * --source-line applied. Clear @look with cs_cli_look_clear(). */
cs_status_t cs_cli_draw_renderer(const cs_cli_draw_args_t *a,
                                 const char *tr_path,
                                 const cs_framework_t *fw,
                                 const cs_bands_t *bands, cs_fonts_t **fonts,
                                 cs_cli_look_t *look, cs_renderer_t **r,
                                 cs_diag_t *diag);
/* The look and renderer of cs_cli_draw_renderer() with fonts loaded
 * already (borrowed: they must outlive @r). */
cs_status_t cs_cli_look_renderer(const cs_cli_draw_args_t *a,
                                 const char *tr_path,
                                 const cs_framework_t *fw,
                                 const cs_bands_t *bands,
                                 const cs_fonts_t *fonts,
                                 cs_cli_look_t *look, cs_renderer_t **r,
                                 cs_diag_t *diag);
void cs_cli_draw_args_clear(cs_cli_draw_args_t *a);

/* The minimum coverage in %: --min-coverage @arg ("33" or "33%") when
 * given, else the style's [coverage] min, else CS_DEFAULT_MIN_COVERAGE.
 * Prints "PROG: ..." and returns CS_EXIT_USAGE when @arg is not 0..100. */
int cs_cli_min_coverage(const char *prog, const char *arg,
                        const cs_style_t *style, double *out);
/* The --min-coverage option row (for commands without the draw options). */
GOptionEntry cs_cli_min_coverage_entry(char **arg);
/* Reads the city table @path (any format; @sheet NULL: the first sheet)
 * with the alias table DATADIR/data/kpi-aliases.csv (the built-in copy
 * when that file is missing). On failure prints the diagnostics and
 * returns an exit code; *@imp is then NULL. */
int cs_cli_import(const cs_framework_t *fw, const char *path,
                  const char *sheet, cs_import_t **imp);
/* Prints every warning of @w to stderr (as "citysnap: FILE: warning: ...")
 * and returns how many there were. */
size_t cs_cli_print_warnings(const cs_diag_t *w);

/* The --targets-note option row, pointing at @opts. */
GOptionEntry cs_cli_targets_note_entry(cs_cli_data_opts_t *opts);
/* Loads the city file @path against @fw and scores it (with @targets,
 * NULL allowed, and the minimum coverage @min_cov). */
cs_status_t cs_cli_score_file(const cs_framework_t *fw,
                              const cs_bands_t *bands,
                              const cs_targets_t *targets, const char *path,
                              double min_cov, cs_scores_t **out,
                              cs_diag_t *diag);

/* The files of one run (src/cli/cli-files.c): every input is recorded,
 * then every output is checked against the inputs and the outputs before
 * it (same device and inode, or the same name in the same folder). */
typedef struct cs_cli_files cs_cli_files_t;
cs_cli_files_t *cs_cli_files_new(void);
void cs_cli_files_free(cs_cli_files_t *f);
/* Records the input @path (@what: "city file", "style"...); a missing
 * file is ignored (its own load reports it). */
void cs_cli_files_input(cs_cli_files_t *f, const char *what,
                        const char *path);
/* Records the output @path; when it is an input or an earlier output,
 * prints "PROG: the WHAT PATH would overwrite ..." and returns
 * CS_EXIT_USAGE. */
int cs_cli_files_output(cs_cli_files_t *f, const char *prog, const char *what,
                        const char *path);

/* SIGINT and SIGTERM remove the temporary files being written
 * (cs_write_abort) and end the process with 128 + the signal. */
void cs_cli_catch_signals(void);

/* Chooses the interface's language before anything is printed: --lang
 * LANG anywhere in @argv, else the locale (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG). Norwegian ("nb", also "no" and "nn") works even when the system
 * has no Norwegian locale generated: messages then come through C.UTF-8
 * with LANGUAGE=nb. */
void cs_cli_setup_language(int argc, char **argv);
/* "nb" when the interface speaks Norwegian, else NULL (English). */
const char *cs_cli_ui_lang(void);

/* Subcommands: each parses its own arguments (argv[0] is the subcommand). */
int cs_cmd_import(int argc, char **argv);
int cs_cmd_template(int argc, char **argv);
int cs_cmd_check(int argc, char **argv);
int cs_cmd_render(int argc, char **argv);
int cs_cmd_batch(int argc, char **argv);
int cs_cmd_serve(int argc, char **argv);
int cs_cmd_report(int argc, char **argv);

#endif
