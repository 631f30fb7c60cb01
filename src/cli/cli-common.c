/* SPDX-License-Identifier: MIT */
/* Shared helpers of the CLI: data directory, diagnostics, loading. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cs-config.h"

#include <locale.h>

static const char *ui_lang;

const char *
cs_cli_ui_lang(void)
{
    return ui_lang;
}

/* The language part of a locale name or LANGUAGE entry: "nb" of
 * "nb_NO.UTF-8", "no" of "no:en". New string. */
static char *
lang_code(const char *s)
{
    return g_strndup(s, strcspn(s, "_.@:-"));
}

void
cs_cli_setup_language(int argc, char **argv)
{
    char *want = NULL;
    for (int i = 1; i < argc && !want; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            want = lang_code(argv[i + 1]);
        else if (g_str_has_prefix(argv[i], "--lang="))
            want = lang_code(argv[i] + 7);
    }
    int explicit_lang = want != NULL;
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                       "LANG"};
    for (size_t i = 0; !want && i < G_N_ELEMENTS(vars); i++) {
        const char *v = g_getenv(vars[i]);
        if (v && *v)
            want = lang_code(v);
    }
    if (want && (!strcmp(want, "nb") || !strcmp(want, "no") ||
                 !strcmp(want, "nn"))) {
        ui_lang = "nb";
        /* gettext ignores LANGUAGE in the C locale: without a Norwegian
         * locale on the system, take C.UTF-8 for the messages */
        const char *cur = setlocale(LC_MESSAGES, NULL);
        if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
            setlocale(LC_MESSAGES, "C.UTF-8");
        g_setenv("LANGUAGE", "nb", TRUE);
    } else if (explicit_lang) {
        g_setenv("LANGUAGE", want, TRUE); /* --lang en beats LANG=nb_NO */
    }
    g_free(want);
    cs_gettext_init();
}

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
#ifdef CS_SOURCE_DATADIR
    /* a developer build (-Ddeveloper=true) runs uninstalled on its tree */
    char *probe = g_build_filename(CS_INSTALLED_DATADIR, "data",
                                   "u4ssc-wheel.csv", NULL);
    gboolean installed = g_file_test(probe, G_FILE_TEST_IS_REGULAR);
    g_free(probe);
    dir = g_strdup(installed ? CS_INSTALLED_DATADIR : CS_SOURCE_DATADIR);
#else
    dir = g_strdup(CS_INSTALLED_DATADIR);
#endif
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
    size_t n = cs_diag_entry_count(diag);
    for (size_t i = 0; i < n; i++) {
        char *s = cs_diag_entry_format(cs_diag_get(diag, i));
        fprintf(stderr, "citysnap: %s\n", s ? s : _("(out of memory)"));
        free(s);
    }
    if (cs_diag_reported_count(diag) > n)
        fprintf(stderr, _("citysnap: ... and %zu more problems\n"),
                cs_diag_reported_count(diag) - n);
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
    case CS_STATUS_COUNT:
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
    if (st == CS_OK && opts->targets_note && !*targets) {
        fputs(_("citysnap: --targets-note needs a targets file "
                "(--targets)\n"),
              stderr);
        st = CS_ERR_ARG;
    } else if (st == CS_OK && opts->targets_note) {
        st = cs_targets_set_source(*targets, opts->targets_note, diag);
    }
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

/* Looks for @city_path in a cities.csv manifest next to it: fills the name
 * and targets (g_free) when found. No manifest (or the city file is the
 * cities.csv itself): nothing. A cities.csv that cannot be read is an
 * error, reported and returned as an exit code: the wheel must not lose
 * its name silently. */
int
cs_cli_manifest_lookup(const char *prog, const char *city_path, char **name,
                       char **targets)
{
    *name = NULL;
    *targets = NULL;
    char *dir = g_path_get_dirname(city_path);
    char *mpath = g_build_filename(dir, "cities.csv", NULL);
    g_free(dir);
    char *base = g_path_get_basename(city_path);
    int self = !strcmp(base, "cities.csv");
    g_free(base);
    GStatBuf st;
    if (self || g_lstat(mpath, &st) != 0) {
        g_free(mpath);
        return CS_EXIT_OK;
    }
    cs_manifest_t *m = NULL;
    cs_diag_t *diag = cs_diag_new();
    cs_status_t s = cs_manifest_load(mpath, &m, diag);
    if (s != CS_OK) {
        cs_cli_print_diag(diag);
        fprintf(stderr, _("%s: the city name comes from %s; fix "
                        "it, or give --name (and --targets)\n"),
                prog, mpath);
        cs_diag_free(diag);
        g_free(mpath);
        return cs_cli_exit_code(s);
    }
    cs_diag_free(diag);
    char *want = g_canonicalize_filename(city_path, NULL);
    for (size_t i = 0; i < cs_manifest_count(m); i++) {
        const cs_manifest_entry_t *e = cs_manifest_get(m, i);
        char *have = g_canonicalize_filename(e->file, NULL);
        int same = !strcmp(have, want);
        g_free(have);
        if (same) {
            *name = g_strdup(e->name);
            *targets = e->targets ? g_strdup(e->targets) : NULL;
            break;
        }
    }
    g_free(want);
    cs_manifest_free(m);
    g_free(mpath);
    return CS_EXIT_OK;
}

/* A plain decimal number at @s: digits with at most one '.', nothing
 * else (no sign, exponent, hexadecimal, nan or inf: numbers on the
 * command line follow the rule of numbers in data files). Sets *@v and
 * returns the end, or NULL. */
static const char *
decimal(const char *s, double *v)
{
    const char *p = s;
    size_t digits = 0;
    while (g_ascii_isdigit(*p))
        p++, digits++;
    if (*p == '.') {
        p++;
        while (g_ascii_isdigit(*p))
            p++, digits++;
    }
    if (digits == 0 || digits > 15)
        return NULL;
    char buf[32];
    memcpy(buf, s, (size_t)(p - s));
    buf[p - s] = 0;
    *v = g_ascii_strtod(buf, NULL);
    return isfinite(*v) ? p : NULL;
}

/* A length "5", "5mm", "0.5cm", "0.2in" or "14pt": sets *@mm or *@pt
 * (the other 0); 0 only when @zero_ok. */
static int
parse_length(const char *s, int zero_ok, double *mm, double *pt)
{
    double v = 0;
    const char *end = decimal(s, &v);
    if (!end || (!zero_ok && v <= 0))
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

int
cs_cli_parse_size(const char *s, double *mm, double *pt)
{
    return parse_length(s, 0, mm, pt);
}

int
cs_cli_lang_path(const char *prog, const char *lang, char **path)
{
    *path = NULL;
    if (!lang || !strcmp(lang, "en"))
        return CS_EXIT_OK;
    if (!g_regex_match_simple("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", lang, 0,
                              0)) {
        fprintf(stderr, _("%s: invalid --lang '%s' (e.g. nb)\n"
                        "Run '%s --help' for usage.\n"),
                prog, lang, prog);
        return CS_EXIT_USAGE;
    }
    char *rel = g_strdup_printf("data/labels-%s.csv", lang);
    char *p = cs_cli_data_path(rel);
    g_free(rel);
    if (!g_file_test(p, G_FILE_TEST_EXISTS)) {
        g_free(p);
        fprintf(stderr, _("%s: no translation for --lang '%s' (have: en, nb)\n"
                        "Run '%s --help' for usage.\n"),
                prog, lang, prog);
        return CS_EXIT_USAGE;
    }
    *path = p;
    return CS_EXIT_OK;
}

cs_status_t
cs_cli_look_load(const char *style_path, const char *lang,
                 const char *tr_path, const cs_framework_t *fw,
                 const cs_bands_t *bands, cs_cli_look_t *look,
                 cs_diag_t *diag)
{
    memset(look, 0, sizeof *look);
    cs_describe_words_init(&look->words);
    cs_status_t st = CS_OK;
    if (style_path)
        st = cs_style_load(style_path, &look->style, diag);
    const char *legend[CS_BAND_COUNT] = {NULL};
    if (st == CS_OK && tr_path) {
        st = cs_translation_load(tr_path, lang, &look->tr, diag);
        if (st == CS_OK)
            st = cs_translation_framework(look->tr, fw, &look->tr_fw, NULL,
                                          diag);
        if (st == CS_OK) {
            cs_translation_band_labels(look->tr, legend);
            cs_describe_words_translate(&look->words, look->tr);
        }
    }
    if (st == CS_OK)
        st = cs_style_bands(look->style, bands, legend, &look->bands, diag);
    return st;
}

void
cs_cli_look_options(const cs_cli_look_t *look, cs_render_options_t *ro)
{
    cs_render_options_init(ro);
    cs_style_apply(look->style, ro);
    const char *tsrc = cs_translation_get(look->tr, "source", "line");
    if (tsrc)
        ro->source_line = tsrc;
    if (look->tr)
        ro->lang = cs_translation_lang(look->tr);
    ro->words = &look->words;
}

const cs_framework_t *
cs_cli_look_framework(const cs_cli_look_t *look, const cs_framework_t *fw)
{
    return look->tr_fw ? look->tr_fw : fw;
}

void
cs_cli_look_clear(cs_cli_look_t *look)
{
    cs_bands_free(look->bands);
    cs_framework_free(look->tr_fw);
    cs_translation_free(look->tr);
    cs_style_free(look->style);
    memset(look, 0, sizeof *look);
}

/* A length in mm (0 allowed), any unit of parse_length(). */
static int
parse_mm(const char *s, double *mm)
{
    double pt = 0;
    if (parse_length(s, 1, mm, &pt))
        return -1;
    if (pt > 0)
        *mm = pt / 72.0 * 25.4;
    return 0;
}

const char *
cs_cli_page_check(const char *page, const char *margin, const char *bleed,
                  cs_output_t *out)
{
    const char *bad = NULL;
    if (page && cs_output_page_from_name(page, &out->page_w_mm, &out->page_h_mm, NULL))
        bad = _("invalid --page (a4, a5 or square)");
    else if (margin && parse_mm(margin, &out->margin_mm))
        bad = _("invalid --margin (mm, e.g. 10 or 1cm)");
    else if (bleed && parse_mm(bleed, &out->bleed_mm))
        bad = _("invalid --bleed (mm, e.g. 3)");
    else if ((margin || bleed) && !page)
        bad = _("--margin and --bleed need --page");
    else if (page && (out->width_px > 0 || out->width_mm > 0 ||
                      out->width_pt > 0))
        bad = _("give --page or --width/--size, not both");
    else if (out->bleed_mm > 25)
        bad = _("--bleed must be at most 25 mm");
    else if (page && !(2 * out->margin_mm < fmin(out->page_w_mm,
                                                  out->page_h_mm) - 5))
        bad = _("--margin leaves no room on the page");
    return bad;
}

int
cs_cli_page_opts(const char *prog, const char *page, const char *margin,
                 const char *bleed, cs_output_t *out)
{
    const char *bad = cs_cli_page_check(page, margin, bleed, out);
    if (!bad)
        return CS_EXIT_OK;
    fprintf(stderr, _("%s: %s\nRun '%s --help' for usage.\n"), prog, bad, prog);
    return CS_EXIT_USAGE;
}

/* The arguments that --width and --dpi fill (option callbacks get no
 * entry pointer; the CLI parses one command line). */
static cs_cli_draw_args_t *number_args;

/* --width PX, --dpi N: plain decimal numbers (as --size). */
static gboolean
number_option(const char *name, const char *value, gpointer data,
              GError **error)
{
    (void)data;
    double v = 0;
    const char *end = value ? decimal(value, &v) : NULL;
    if (!end || *end) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s takes a plain number (digits, one '.'), not '%s'",
                    name, value ? value : "");
        return FALSE;
    }
    if (!strcmp(name, "--dpi"))
        number_args->dpi = v;
    else
        number_args->width_px = v;
    return TRUE;
}

void
cs_cli_draw_entries(cs_cli_draw_args_t *a, GArray *entries)
{
    number_args = a;
    const GOptionEntry rows[] = {
        {"framework", 'f', 0, G_OPTION_ARG_FILENAME, &a->data.framework,
         N_("Framework file (default: DATADIR/data/u4ssc-wheel.csv)"), N_("FILE")},
        {"bands", 'b', 0, G_OPTION_ARG_FILENAME, &a->data.bands,
         N_("Band file (default: DATADIR/data/bands.csv)"), N_("FILE")},
        {"fonts", 0, 0, G_OPTION_ARG_FILENAME, &a->fonts_dir,
         N_("Font directory (default: DATADIR/fonts)"), N_("DIR")},
        {"width", 'w', 0, G_OPTION_ARG_CALLBACK, (gpointer)number_option,
         N_("PNG width in pixels (default 2000)"), N_("PX")},
        {"size", 's', 0, G_OPTION_ARG_STRING, &a->size,
         N_("Width in mm (or 21cm, 8.5in, 595pt); PNG uses --dpi"), N_("MM")},
        {"dpi", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)number_option,
         N_("PNG resolution with --size (default 300)"), N_("N")},
        {"page", 0, 0, G_OPTION_ARG_STRING, &a->page,
         N_("Print page: a4 (210 x 297 mm), a5 (148 x 210 mm) or square "
         "(210 x 210 mm); the wheel is fitted inside the margins, centred"),
         N_("NAME")},
        {"margin", 0, 0, G_OPTION_ARG_STRING, &a->margin,
         N_("Page margin in mm (with --page; default 0)"), N_("MM")},
        {"bleed", 0, 0, G_OPTION_ARG_STRING, &a->bleed,
         N_("Bleed in mm added on every side of the page (with --page)"), N_("MM")},
        {"svg-text", 0, 0, G_OPTION_ARG_NONE, &a->svg_text,
         N_("SVG with editable <text>/<textPath> labels (font family, size, "
         "xml:lang) instead of glyph outlines"),
         NULL},
        {"legend", 0, 0, G_OPTION_ARG_STRING, &a->legend,
         N_("Legend under the wheel (default), right of it, or none"),
         "bottom|right|none"},
        {"png-compression", 0, 0, G_OPTION_ARG_STRING, &a->png_compression,
         N_("PNG compression: fast (default) or small (smaller file, slower)"),
         "fast|small"},
        {"title", 0, 0, G_OPTION_ARG_STRING, &a->title,
         N_("Title above the wheel (default: none)"), N_("TEXT")},
        {"source-line", 0, 0, G_OPTION_ARG_STRING, &a->source,
         N_("Source line under the legend (\"\" for none)"), N_("TEXT")},
        {"style", 0, 0, G_OPTION_ARG_FILENAME, &a->style_path,
         N_("Style file (fonts, colours, rings...; see data/styles/)"), N_("FILE")},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &a->lang,
         N_("Language of the labels: en (default) or nb (Norwegian "
            "Bokm\xc3\xa5l, from DATADIR/data/labels-nb.csv)"),
         N_("LANG")},
    };
    g_array_append_vals(entries, rows, G_N_ELEMENTS(rows));
    GOptionEntry cov = cs_cli_min_coverage_entry(&a->min_coverage);
    g_array_append_val(entries, cov);
}

GOptionEntry
cs_cli_targets_note_entry(cs_cli_data_opts_t *opts)
{
    GOptionEntry e = {
        "targets-note", 0, 0, G_OPTION_ARG_STRING, &opts->targets_note,
        N_("Where the targets come from, shown on the picture (instead of "
           "the targets file's own source row)"),
        N_("TEXT")};
    return e;
}

GOptionEntry
cs_cli_min_coverage_entry(char **arg)
{
    GOptionEntry e = {
        "min-coverage", 0, 0, G_OPTION_ARG_STRING, arg,
        /* xgettext:no-c-format */
        N_("A group or dimension with less than P % of its KPIs scored is "
           "shown as not enough data (default 33; 0: never)"),
        "P"};
    return e;
}

int
cs_cli_min_coverage(const char *prog, const char *arg,
                    const cs_style_t *style, double *out)
{
    *out = CS_DEFAULT_MIN_COVERAGE;
    if (!arg) {
        cs_style_min_coverage(style, out);
        return CS_EXIT_OK;
    }
    char *end = NULL;
    double v = g_ascii_strtod(arg, &end);
    while (end && *end == ' ')
        end++;
    if (end && *end == '%')
        end++;
    if (end == arg || !end || *end || !(v >= 0 && v <= 100)) {
        fprintf(stderr, _("%s: invalid --min-coverage '%s' (a percentage "
                          "from 0 to 100)\nRun '%s --help' for usage.\n"),
                prog, arg, prog);
        return CS_EXIT_USAGE;
    }
    *out = v;
    return CS_EXIT_OK;
}


const char *
cs_cli_draw_check(const cs_cli_draw_args_t *a, cs_output_t *out)
{
    const char *why = NULL;
    cs_legend_position_t legend;
    if (a->width_px != 0 && !(a->width_px >= 16 && a->width_px <= 20000))
        why = _("--width must be 16 to 20000 pixels");
    else if (a->size &&
             cs_cli_parse_size(a->size, &out->width_mm, &out->width_pt))
        why = _("invalid --size (e.g. 210, 210mm, 21cm, 8.5in, 595pt)");
    else if (a->size && a->width_px != 0)
        why = _("give --width or --size, not both");
    else if (a->dpi != 0 && !(a->dpi >= 10 && a->dpi <= 10000))
        why = _("--dpi must be 10 to 10000");
    else if (a->png_compression &&
             g_ascii_strcasecmp(a->png_compression, "fast") &&
             g_ascii_strcasecmp(a->png_compression, "small"))
        why = _("--png-compression must be fast or small");
    else if (a->legend &&
             cs_legend_position_from_name(a->legend, &legend, NULL) != CS_OK)
        why = _("--legend must be bottom, right or none");
    if (why)
        return why;
    if (a->width_px != 0)
        out->width_px = a->width_px;
    if (a->dpi != 0)
        out->dpi = a->dpi;
    if (a->png_compression)
        out->png_mode = g_ascii_strcasecmp(a->png_compression, "small")
                            ? CS_PNG_FAST
                            : CS_PNG_SMALL;
    out->svg_text = a->svg_text ? 1 : 0;
    return cs_cli_page_check(a->page, a->margin, a->bleed, out);
}

const char *
cs_cli_render_check(const cs_cli_draw_args_t *a, cs_output_t *out)
{
    const char *why = cs_cli_draw_check(a, out);
    if (why)
        return why;
    if (a->width_px != 0 && out->format != CS_FORMAT_PNG)
        return "--width is for PNG; use --size for SVG and PDF";
    if (out->format == CS_FORMAT_PNG && out->width_pt > 0) {
        out->width_mm = out->width_pt / 72.0 * 25.4;
        out->width_pt = 0;
    }
    return NULL;
}

int
cs_cli_draw_output(const char *prog, const cs_cli_draw_args_t *a,
                   cs_output_t *out)
{
    const char *why = cs_cli_draw_check(a, out);
    if (!why)
        return CS_EXIT_OK;
    fprintf(stderr, _("%s: %s"), prog, why);
    if (a->size && !strcmp(why, _("invalid --size (e.g. 210, 210mm, 21cm, 8.5in, 595pt)")))
        fprintf(stderr, _(": '%s'"), a->size);
    fprintf(stderr, _("\nRun '%s --help' for usage.\n"), prog);
    return CS_EXIT_USAGE;
}

cs_status_t
cs_cli_draw_renderer(const cs_cli_draw_args_t *a, const char *tr_path,
                     const cs_framework_t *fw, const cs_bands_t *bands,
                     cs_fonts_t **fonts, cs_cli_look_t *look,
                     cs_renderer_t **r, cs_diag_t *diag)
{
    char *dir = a->fonts_dir ? g_strdup(a->fonts_dir)
                             : cs_cli_data_path("fonts");
    cs_status_t st = cs_fonts_new(dir, fonts, diag);
    g_free(dir);
    if (st != CS_OK)
        return st;
    return cs_cli_look_renderer(a, tr_path, fw, bands, *fonts, look, r, diag);
}

cs_status_t
cs_cli_look_renderer(const cs_cli_draw_args_t *a, const char *tr_path,
                     const cs_framework_t *fw, const cs_bands_t *bands,
                     const cs_fonts_t *fonts, cs_cli_look_t *look,
                     cs_renderer_t **r, cs_diag_t *diag)
{
    cs_status_t st = cs_cli_look_load(a->style_path, a->lang, tr_path, fw,
                                      bands, look, diag);
    /* a family the fonts lack is named at its line, before the renderer
     * refuses it without one */
    if (st == CS_OK && look->style)
        st = cs_style_check_fonts(look->style, fonts, diag);
    if (st != CS_OK)
        return st;
    cs_render_options_t ro;
    cs_cli_look_options(look, &ro);
    if (a->title)
        ro.title = a->title;
    if (a->source)
        ro.source_line = a->source;
    cs_legend_position_t legend;
    if (a->legend &&
        cs_legend_position_from_name(a->legend, &legend, NULL) == CS_OK)
        ro.layout.legend_position = legend;
    ro.progress = a->progress ? 1 : 0;
    return cs_renderer_new(cs_cli_look_framework(look, fw), look->bands,
                           fonts, &ro, r, diag);
}

cs_status_t
cs_cli_score_file(const cs_framework_t *fw, const cs_bands_t *bands,
                  const cs_targets_t *targets, const char *path,
                  double min_cov, cs_scores_t **out, cs_diag_t *diag)
{
    *out = NULL;
    cs_city_t *city = NULL;
    cs_status_t st = cs_city_load(fw, path, &city, diag);
    if (st == CS_OK)
        st = cs_scores_compute_cov(fw, bands, targets, city, min_cov, out,
                                   diag);
    cs_city_free(city);
    return st;
}

void
cs_cli_draw_args_clear(cs_cli_draw_args_t *a)
{
    g_free(a->data.framework);
    g_free(a->data.bands);
    g_free(a->data.targets);
    g_free(a->data.targets_note);
    g_free(a->fonts_dir);
    g_free(a->title);
    g_free(a->source);
    g_free(a->style_path);
    g_free(a->lang);
    g_free(a->size);
    g_free(a->page);
    g_free(a->margin);
    g_free(a->bleed);
    g_free(a->png_compression);
    g_free(a->legend);
    g_free(a->min_coverage);
    memset(a, 0, sizeof(*a));
}

GOptionContext *
cs_cli_option_context(const char *cmd, const char *params,
                      const char *summary, const char *description,
                      const GOptionEntry *entries)
{
    GOptionContext *octx = g_option_context_new(params);
    /* descriptions, summary and text come translated from citysnap's
     * catalogue (marked N_() where they are written) */
    g_option_context_set_translation_domain(octx, CS_GETTEXT_DOMAIN);
    g_option_context_set_help_enabled(octx, FALSE);
    g_option_context_set_summary(octx, summary);
    g_option_context_set_description(octx, description);
    g_option_context_add_main_entries(octx, entries, CS_GETTEXT_DOMAIN);
    char *prg = g_strdup_printf("citysnap %s", cmd);
    g_set_prgname(prg);
    g_free(prg);
    return octx;
}

int
cs_cli_import(const cs_framework_t *fw, const char *path, const char *sheet,
              cs_import_t **imp)
{
    *imp = NULL;
    cs_diag_t *diag = cs_diag_new();
    if (!diag)
        return CS_EXIT_INTERNAL;
    cs_aliases_t *aliases = NULL;
    char *apath = cs_cli_data_path("data/kpi-aliases.csv");
    cs_status_t st = CS_OK;
    if (g_file_test(apath, G_FILE_TEST_IS_REGULAR))
        st = cs_aliases_load(apath, &aliases, diag);
    g_free(apath);
    if (st == CS_OK) {
        cs_import_options_t o;
        cs_import_options_init(&o);
        o.sheet = sheet;
        o.aliases = aliases;
        st = cs_import_file(fw, path, &o, imp, diag);
    }
    cs_aliases_free(aliases);
    if (st != CS_OK) {
        cs_cli_print_diag(diag);
        if (st == CS_ERR_NOMEM && cs_diag_reported_count(diag) == 0)
            fprintf(stderr, _("citysnap: out of memory\n"));
    }
    cs_diag_free(diag);
    return cs_cli_exit_code(st);
}

size_t
cs_cli_print_warnings(const cs_diag_t *w)
{
    cs_cli_print_diag(w);
    return cs_diag_reported_count(w);
}
