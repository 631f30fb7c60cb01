/* SPDX-License-Identifier: MIT */
/*
 * The hostile-input corpus (issue 7, "Hardening"): malformed and hostile
 * city, framework, band, targets, manifest, style and translation files
 * under tests/corpus/,
 * big inputs generated here at run time (1 MB field, 100,000 rows, a file
 * over the size limit), and hostile output paths (a path under a regular
 * file, /proc, a directory, a full disk, a full device).
 *
 * Every case runs the real CLI (`check`, `render`, and `batch` when it is
 * built) and asserts the exit status, that stderr names the file and the
 * line and column of the problem, and that no output file was created or
 * changed: each failed render runs against a folder holding a "good"
 * output whose bytes must be unchanged afterwards, with no temporary file
 * left behind. Names with right-to-left and combining characters must
 * render. Manifests are also read through the library (cs_manifest_load),
 * which works before the batch CLI exists.
 */
#include "cs-test.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

/* One corpus case. @line 0: the message names the file only (no line);
 * @column 0: no column. @rc 0: valid input, then @also must appear on
 * stdout; otherwise @also (when set) must appear on stderr too. */
typedef struct corpus_case {
    const char *file;
    int rc;
    unsigned line, column;
    const char *needle;
    const char *also;
} corpus_case_t;

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* ---- city files, read with `check CITY` against the bundled framework */
static const corpus_case_t city_cases[] = {
    {"empty.csv", EXIT_FAIL, 1, 1, "empty file: no header line", NULL},
    {"header-only.csv", EXIT_OK, 0, 0, NULL, "0 of 108 KPIs with data"},
    {"bom-only.csv", EXIT_FAIL, 1, 1, "empty file: no header line", NULL},
    {"bom-blank-lines.csv", EXIT_FAIL, 1, 1, "empty file", NULL},
    {"delimiters-only.csv", EXIT_FAIL, 1, 1, "missing required column 'code'",
     "missing required column 'value'"},
    {"unterminated-quote.csv", EXIT_FAIL, 2, 18,
     "unterminated quoted field", NULL},
    {"quote-in-unquoted-field.csv", EXIT_FAIL, 2, 16,
     "quote character inside an unquoted field", NULL},
    {"text-after-closing-quote.csv", EXIT_FAIL, 2, 19,
     "after the closing quote", NULL},
    {"embedded-nul.csv", EXIT_FAIL, 2, 20, "NUL byte in text", NULL},
    /* city tables are decoded as spreadsheets write them: bytes that are
     * not UTF-8 are Windows-1252 (said in the mapping report) */
    {"invalid-utf8.csv", EXIT_OK, 0, 0, NULL,
     "the file was not UTF-8: read as Windows-1252"},
    {"truncated-utf8.csv", EXIT_OK, 0, 0, NULL,
     "the file was not UTF-8: read as Windows-1252"},
    {"overlong-utf8.csv", EXIT_OK, 0, 0, NULL,
     "the file was not UTF-8: read as Windows-1252"},
    {"utf16le-bom.csv", EXIT_OK, 0, 0, NULL, "the file was read as UTF-16 LE"},
    {"duplicate-code.csv", EXIT_FAIL, 4, 1,
     "duplicate code 'EC:ICT:ICT:1C' (first on line 2)", NULL},
    {"unknown-code.csv", EXIT_FAIL, 3, 1, "unknown KPI code 'XX:NOT:A:CODE'",
     NULL},
    {"code-wrong-case.csv", EXIT_OK, 0, 0, NULL, "1 of 108 KPIs with data"},
    {"nan.csv", EXIT_FAIL, 2, 15, "bad number 'NaN'", NULL},
    {"inf.csv", EXIT_FAIL, 3, 15, "bad number '-inf'", NULL},
    {"overflow-1e400.csv", EXIT_FAIL, 2, 15,
     "bad number '1e400': number out of range", NULL},
    {"hex-number.csv", EXIT_FAIL, 2, 15, "bad number '0x5F'", NULL},
    {"thousands-separator.csv", EXIT_FAIL, 2, 15, "thousands separators",
     NULL},
    {"negative-zero.csv", EXIT_OK, 0, 0, NULL, "3 of 108 KPIs with data"},
    {"decimal-comma-comma-delimiter.csv", EXIT_FAIL, 2, 20,
     "wrong column count: row has 4 fields, the header has 3", NULL},
    {"decimal-comma-quoted.csv", EXIT_FAIL, 2, 15,
     "decimal comma in a comma-separated file", NULL},
    {"mixed-delimiters.csv", EXIT_FAIL, 3, 19,
     "wrong column count: row has 1 fields, the header has 3", NULL},
    {"missing-value-column.csv", EXIT_FAIL, 1, 1,
     "missing required column 'value'", NULL},
    {"duplicate-column.csv", EXIT_FAIL, 1, 12,
     "duplicate column name 'Value'", NULL},
    {"too-few-fields.csv", EXIT_FAIL, 2, 14, "wrong column count", NULL},
    {"unknown-band.csv", EXIT_FAIL, 2, 18, "unknown band key 'green'", NULL},
    {"many-errors.csv", EXIT_FAIL, 2, 1, "unknown KPI code 'BAD:0'",
     "... and 400 more problems"},
    {"too-many-columns.csv", EXIT_FAIL, 1, 4891,
     "row has more than the limit of 1000 fields", NULL},
    {"path-traversal-code.csv", EXIT_FAIL, 2, 1,
     "unknown KPI code '../../../etc/passwd'", NULL},
    {"source-2000-chars.csv", EXIT_OK, 0, 0, NULL, "1 of 108 KPIs with data"},
    {"rtl-combining-source.csv", EXIT_OK, 0, 0, NULL,
     "2 of 108 KPIs with data"},
    {"cr-only-line-ends.csv", EXIT_OK, 0, 0, NULL, "2 of 108 KPIs with data"},
    {"negative-percent.csv", EXIT_FAIL, 2, 16, "-50 is outside 0..1000",
     "1e308 is outside 0..1000"},
    /* tables as published: rows that cannot be placed, at their cell */
    {"name-unknown.csv", EXIT_FAIL, 4, 2,
     "KPI: 'Broadband Speed' matches no KPI of the wheel; did you mean "
     "'Fixed Broadband Subscriptions' (EC:ICT:ICT:2C)",
     "warning: 'Household Internet Acces' is not a name citysnap knows; "
     "read as the nearest, 'Household Internet Access'"},
    {"name-base-with-value.csv", EXIT_FAIL, 2, 1,
     "'Wireless Broadband Coverage' is a KPI with 2 data points (3G, 4G): "
     "give one row per data point",
     NULL},
    {"unit-contradiction.csv", EXIT_FAIL, 2, 27,
     "the unit 'Minutes' contradicts the unit of EC:ICT:ICT:1C", NULL},
    {"yes-for-number.csv", EXIT_FAIL, 2, 12,
     "'YES' is a yes/no answer, but EC:I:ES:2C", NULL},
    {"subpoint-twice.csv", EXIT_FAIL, 3, 1,
     "'Compact' is given twice (first on line 2)", NULL},
    {"underflow-1e-400.csv", EXIT_FAIL, 2, 15,
     "bad number '1e-400': number out of range (too small", NULL},
    {"decimal-comma-ambiguous-dot.csv", EXIT_FAIL, 2, 15,
     "bad number '95.424': ambiguous", NULL},
    /* hidden characters are shown escaped and named, never raw */
    {"zero-width-code.csv", EXIT_FAIL, 2, 1,
     "unknown KPI code 'EC:ICT:ICT:1C\\u200B'", "\\u200B = zero-width space"},
    {"bidi-override-code.csv", EXIT_FAIL, 2, 1,
     "unknown KPI code '\\u202EEC:ICT:ICT:1C'",
     "\\u202E = bidirectional control"},
    {"nbsp-code.csv", EXIT_FAIL, 2, 1, "'EC:ICT:ICT:1C\\u00A0'",
     "\\u00A0 = non-breaking space"},
    {"stray-bom-code.csv", EXIT_FAIL, 2, 1, "'\\uFEFFEC:ICT:ICT:1C'",
     "\\uFEFF = byte order mark"},
    {"terminal-escape-code.csv", EXIT_FAIL, 2, 1,
     "'\\x1B]0;owned\\x07\\x1B[2J'", "\\x1B = escape character"},
};

/* ---- framework files: `check --framework FILE header-only-city` */
static const corpus_case_t framework_cases[] = {
    {"empty.csv", EXIT_FAIL, 1, 1, "empty file", NULL},
    {"header-only.csv", EXIT_FAIL, 1, 1, "framework has no KPI rows", NULL},
    {"bom-only.csv", EXIT_FAIL, 1, 1, "empty file", NULL},
    {"label-2000-chars.csv", EXIT_FAIL, 3, 15,
     "label is 2000 characters long, more than the limit of 300", NULL},
    {"duplicate-code.csv", EXIT_FAIL, 3, 1, "duplicate code 'A:1'", NULL},
    {"bad-direction.csv", EXIT_FAIL, 2, 23,
     "'up' is neither 'higher' nor 'lower'", NULL},
    {"group-reappears.csv", EXIT_FAIL, 4, 13, "'G1' reappears", NULL},
    {"missing-direction-column.csv", EXIT_FAIL, 1, 1,
     "missing required column 'direction'", NULL},
    {"nan-target.csv", EXIT_FAIL, 2, 30, "target: 'nan'", NULL},
    {"unterminated-quote.csv", EXIT_FAIL, 2, 15, "unterminated quoted field",
     NULL},
    {"invalid-utf8.csv", EXIT_FAIL, 2, 18, "invalid UTF-8 byte 0xE9", NULL},
    {"empty-code.csv", EXIT_FAIL, 2, 1, "empty code", NULL},
    {"rtl-combining-labels.csv", EXIT_OK, 0, 0, NULL,
     "0 of 4 KPIs with data"},
};

/* ---- band files: `check --bands FILE header-only-city` */
static const corpus_case_t bands_cases[] = {
    {"empty.csv", EXIT_FAIL, 1, 1, "empty file", NULL},
    {"header-only.csv", EXIT_FAIL, 1, 35, "missing band key '95plus'",
     "missing band key 'notarget'"},
    {"missing-key.csv", EXIT_FAIL, 6, 26, "missing band key 'notarget'",
     NULL},
    {"duplicate-key.csv", EXIT_FAIL, 8, 1, "duplicate band key '95plus'",
     NULL},
    {"unknown-key.csv", EXIT_FAIL, 7, 1, "unknown band key 'sometarget'",
     NULL},
    {"bad-color.csv", EXIT_FAIL, 4, 18, "'#d8ae5' is not a colour", NULL},
    {"thresholds-not-decreasing.csv", EXIT_FAIL, 3, 26,
     "96 for '66to95' is not below 95", NULL},
    {"nan-threshold.csv", EXIT_FAIL, 4, 26, "min_percent: 'nan'", NULL},
    /* percent of target is 0..100: every band must be reachable */
    {"unreachable-threshold.csv", EXIT_FAIL, 2, 22,
     "150 for '95plus' can never be reached", NULL},
    {"zero-threshold.csv", EXIT_FAIL, 4, 36,
     "0 for '33to66' leaves nothing for the bands below it", NULL},
    {"label-2000-chars.csv", EXIT_FAIL, 5, 9,
     "label is 2000 characters long", NULL},
    {"rtl-combining-labels.csv", EXIT_OK, 0, 0, NULL,
     "0 of 108 KPIs with data"},
};

/* ---- targets files: `check --targets FILE header-only-city` */
static const corpus_case_t targets_cases[] = {
    {"unknown-code.csv", EXIT_FAIL, 3, 1, "unknown KPI code 'NOPE:1'", NULL},
    {"nan-inf.csv", EXIT_FAIL, 2, 15, "bad number 'nan'",
     ":3:15: target: bad number 'inf'"},
    {"duplicate-code.csv", EXIT_FAIL, 3, 1,
     "duplicate code 'EC:ICT:ICT:1C'", NULL},
};

/* ---- style files: `render CITY -o FILE --style FILE` (FILE:LINE, no
 * column: styles are GLib key files) */
static const corpus_case_t style_cases[] = {
    {"invalid-utf8.ini", EXIT_FAIL, 4, 0, "invalid UTF-8", NULL},
    {"malformed-group.ini", EXIT_FAIL, 1, 0,
     "malformed group header '[style'", NULL},
    {"unknown-group.ini", EXIT_FAIL, 2, 0, "unknown group [styel]", NULL},
    {"unknown-key.ini", EXIT_FAIL, 2, 0, "unknown key 'nmae'", NULL},
    {"bad-colour.ini", EXIT_FAIL, 2, 0, "'#12345' is not a colour", NULL},
    {"rings-not-growing.ini", EXIT_FAIL, 3, 0, "ring radii must grow", NULL},
    {"size-1e400.ini", EXIT_FAIL, 2, 0, "'1e400' is not a number", NULL},
    {"size-nan.ini", EXIT_FAIL, 2, 0, "'nan' is not a number", NULL},
    {"duplicate-key.ini", EXIT_FAIL, 3, 0, "size is given twice", NULL},
    {"page-too-wide.ini", EXIT_FAIL, 2, 0, "1e9 is out of range", NULL},
    {"rtl-combining-source.ini", EXIT_OK, 0, 0, NULL, NULL},
    /* found by fuzz-style: these messages had no line */
    {"control-char-group.ini", EXIT_FAIL, 3, 0, "control character 0x7F",
     NULL},
    {"key-with-bracket.ini", EXIT_FAIL, 2, 0, "invalid key name 'siz]'",
     NULL},
    {"group-with-bracket.ini", EXIT_FAIL, 3, 0,
     "malformed group header '[col]rus]'", NULL},
    {"group-with-tab.ini", EXIT_FAIL, 3, 0, "malformed group header", NULL},
    {"nul-byte.ini", EXIT_FAIL, 2, 0, "NUL byte", NULL},
    {"utf16le.ini", EXIT_FAIL, 1, 0, "NUL byte", NULL},
    {"hex-number.ini", EXIT_FAIL, 2, 0, "'0x100' is not a number", NULL},
    {"notepad-bom.ini", EXIT_OK, 0, 0, NULL, NULL},
    {"unknown-font-family.ini", EXIT_FAIL, 4, 0,
     "unknown font family 'Arial' (the fonts have: Lato, Noto Sans", NULL},
    /* a style whose values do not fit together: its line, exit 1 */
    {"layout-inconsistent.ini", EXIT_FAIL, 6, 0,
     "60 does not fit with [page] width = 100 (line 4)", NULL},
};

/* ---- translation tables: DATADIR/data/labels-xx.csv, read by
 * `render --lang xx` (run with a DATADIR that holds the case) */
static const corpus_case_t i18n_cases[] = {
    {"unknown-kind.csv", EXIT_FAIL, 3, 1, "unknown kind 'widget'", NULL},
    {"empty-text.csv", EXIT_FAIL, 2, 1, "empty key or text", NULL},
    {"unknown-band.csv", EXIT_FAIL, 2, 8, "unknown band '97plus'", NULL},
    {"duplicate.csv", EXIT_FAIL, 3, 5, "is translated twice", NULL},
    {"label-2000-chars.csv", EXIT_FAIL, 2, 19,
     "text is 2000 characters long, more than the limit of 300", NULL},
    {"invalid-utf8.csv", EXIT_FAIL, 2, 28, "invalid UTF-8 byte 0xE6", NULL},
    {"rtl-combining.csv", EXIT_OK, 0, 0, NULL, NULL},
    /* sentence frames: only the English frame's placeholders, closed */
    {"unknown-placeholder.csv", EXIT_FAIL, 2, 23,
     "unknown placeholder {totl} at character 21", "(it has: {scored}, "
                                                   "{total}, {percent})"},
    {"unclosed-brace.csv", EXIT_FAIL, 2, 21,
     "'{' without a closing '}' at character 11", NULL},
    {"unknown-frame.csv", EXIT_FAIL, 2, 6,
     "unknown sentence frame 'describe.intra'", NULL},
    /* found by fuzz-i18n: a heap use after free (seen under ASan) */
    {"missing-text-column.csv", EXIT_FAIL, 1, 1,
     "the header must have the columns kind, key and text", NULL},
};

/* ---- manifests: cs_manifest_load(), and `batch` once it exists.
 * @rc is the library status here. */
static const corpus_case_t manifest_cases[] = {
    {"empty.csv", CS_ERR_INVALID, 1, 1, "empty file", NULL},
    {"header-only.csv", CS_ERR_INVALID, 1, 1, "the manifest lists no city",
     NULL},
    {"id-dotdot-slash.csv", CS_ERR_INVALID, 2, 1,
     "id '../../../tmp/evil' contains '/'", NULL},
    {"id-dotdot.csv", CS_ERR_INVALID, 2, 1, "contains '..'", NULL},
    {"id-slash.csv", CS_ERR_INVALID, 2, 1, "id 'a/b' contains '/'", NULL},
    {"id-control-char.csv", CS_ERR_INVALID, 2, 1, "control character", NULL},
    {"id-leading-dash.csv", CS_ERR_INVALID, 2, 1, "starts with '.' or '-'",
     NULL},
    {"duplicate-id-case.csv", CS_ERR_INVALID, 3, 1,
     "duplicate id 'OSLO' (first on line 2", NULL},
    {"name-control-char.csv", CS_ERR_INVALID, 2, 6,
     "city name contains a control character", NULL},
    {"name-2000-chars.csv", CS_ERR_LIMIT, 2, 6,
     "city name is 2000 characters long", NULL},
    {"missing-file-column.csv", CS_ERR_INVALID, 1, 1,
     "missing required column 'file'", NULL},
    {"empty-name-file.csv", CS_ERR_INVALID, 2, 3, "empty city name",
     "empty data file name"},
    {"invalid-utf8.csv", CS_ERR_PARSE, 2, 9, "invalid UTF-8 byte 0xE6", NULL},
    /* ids name files that go to Windows shares and macOS too */
    {"id-reserved-con.csv", CS_ERR_INVALID, 2, 1,
     "id 'CON' is a device name that Windows reserves", NULL},
    {"id-reserved-extension.csv", CS_ERR_INVALID, 2, 1,
     "id 'lpt1.tar.gz' is a device name that Windows reserves", NULL},
    {"id-windows-char.csv", CS_ERR_INVALID, 2, 1,
     "that Windows does not allow in file names", NULL},
    {"id-zero-width.csv", CS_ERR_INVALID, 2, 1,
     "contains an invisible character U+200B (zero-width space)", NULL},
    {"id-bidi-override.csv", CS_ERR_INVALID, 2, 1,
     "invisible character U+202E (bidirectional control)", NULL},
    {"id-nbsp.csv", CS_ERR_INVALID, 2, 1,
     "invisible character U+00A0 (non-breaking space)", NULL},
    {"duplicate-id-nfc-nfd.csv", CS_ERR_INVALID, 3, 1,
     "(first on line 2; ids are compared ignoring case, in Unicode NFC)",
     NULL},
    {"duplicate-id-unicode-case.csv", CS_ERR_INVALID, 3, 1,
     "duplicate id '\xc3\x86RUM' (first on line 2", NULL},
    /* valid, stored in NFC: the output file is "\xc3\xa5s.png" */
    {"id-nfd-normalised.csv", CS_OK, 0, 0, NULL, NULL},
    /* valid: names are display text only; output files are named by id */
    {"name-dotdot.csv", CS_OK, 0, 0, NULL, NULL},
    {"rtl-combining-names.csv", CS_OK, 0, 0, NULL, NULL},
};

/* ------------------------------------------------------------------ */

static char *
corpus(const char *kind, const char *file)
{
    char *rel = g_build_filename("corpus", kind, file, NULL);
    char *p = cs_test_src(rel);
    g_free(rel);
    return p;
}

static int
run_cli(char **out, char **err, GPtrArray *args)
{
    g_ptr_array_add(args, NULL);
    int rc = cs_test_run_cliv(out, err, (char **)args->pdata);
    g_ptr_array_set_size(args, args->len - 1);
    return rc;
}

static void
assert_diag(const char *err, const char *path, unsigned line, unsigned column,
            const char *needle)
{
    if (!cs_test_err_has(err, path, line, column, needle)) {
        fprintf(stderr, "# expected '%s:%u:%u: ...%s' in stderr:\n%s\n", path,
                line, column, needle ? needle : "", err ? err : "(null)");
        fail();
    }
}

static void
assert_unchanged(const char *before, const char *dir, const char *what)
{
    char *after = cs_test_snapshot(dir);
    if (strcmp(before, after) != 0) {
        fprintf(stderr, "# %s: the output folder changed.\n# before:\n%s"
                        "# after:\n%s",
                what, before, after);
        fail();
    }
    g_free(after);
}

/* A folder with a "good" output file (out.png, not a PNG on purpose) that a
 * failed run must leave alone. g_free; cs_test_rmtree. */
static char *
output_dir(char **good)
{
    char *dir = cs_test_tmpdir("corpus-out");
    *good = g_build_filename(dir, "out.png", NULL);
    cs_test_write(*good, "a good output from an earlier run\n", (size_t)-1);
    return dir;
}

static int
is_png(const char *path)
{
    size_t len = 0;
    char *data = cs_test_read(path, &len);
    int ok = data && len > 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8);
    g_free(data);
    return ok;
}

/* @file is the only thing in @dir. */
static void
assert_alone(const char *dir, const char *file)
{
    char *now = cs_test_snapshot(dir);
    char **lines = g_strsplit(now, "\n", -1);
    char *prefix = g_strdup_printf("%s ", file);
    assert_true(g_str_has_prefix(lines[0], prefix));
    assert_string_equal(lines[1], "");
    g_free(prefix);
    g_strfreev(lines);
    g_free(now);
}

/* Runs `citysnap render ARGS -o OUT --width 160` (environment @env, NULL:
 * ours) in a fresh output folder and checks @c's verdict: the exit code;
 * on failure the diagnostic at @diag_path and the folder untouched; on
 * success out.png, a PNG, alone in the folder. */
static void
render_verdict(const corpus_case_t *c, const char *diag_path,
               const char *const *args, char **env)
{
    char *good = NULL, *err = NULL;
    char *dir = output_dir(&good);
    char *before = cs_test_snapshot(dir);
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)"render");
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    const char *tail[] = {"-o", good, "--width", "160", NULL};
    for (const char *const *a = tail; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, NULL);
    int rc = cs_test_run_cli_env(NULL, &err, env, (char **)argv->pdata);
    if (rc != c->rc)
        fprintf(stderr, "# %s: render exit %d, expected %d; stderr:\n%s\n",
                c->file, rc, c->rc, err);
    assert_int_equal(rc, c->rc);
    if (c->rc != EXIT_OK) {
        assert_diag(err, diag_path, c->line, c->column, c->needle);
        assert_unchanged(before, dir, c->file);
    } else {
        assert_true(is_png(good));
        assert_alone(dir, "out.png");
    }
    g_ptr_array_free(argv, TRUE);
    g_free(err);
    g_free(before);
    cs_test_rmtree(dir);
    g_free(dir);
    g_free(good);
}

/* Runs `check` (and `render` into a folder with a good output) on one case;
 * @extra are the arguments that bring the file in ("--framework", path...)
 * and @input the city file. */
static void
run_case(const corpus_case_t *c, const char *path, const char *input,
         const char *opt)
{
    GPtrArray *args = g_ptr_array_new();
    char *out = NULL, *err = NULL;
    g_ptr_array_add(args, (char *)"check");
    if (opt) {
        g_ptr_array_add(args, (char *)opt);
        g_ptr_array_add(args, (char *)path);
    }
    g_ptr_array_add(args, (char *)input);
    int rc = run_cli(&out, &err, args);
    if (rc != c->rc)
        fprintf(stderr, "# %s: check exit %d, expected %d; stderr:\n%s\n",
                c->file, rc, c->rc, err);
    assert_int_equal(rc, c->rc);
    if (c->rc != EXIT_OK) {
        assert_string_equal(out, ""); /* no table for an invalid file */
        assert_diag(err, path, c->line, c->column, c->needle);
        if (c->also && !strstr(err, c->also)) {
            fprintf(stderr, "# %s: '%s' not in stderr:\n%s\n", c->file,
                    c->also, err);
            fail();
        }
    } else {
        /* a valid file may give warnings (no targets...), nothing else */
        char **lines = g_strsplit(err, "\n", -1);
        for (char **l = lines; *l; l++)
            if (**l && !strstr(*l, ": warning: ")) {
                fprintf(stderr, "# %s: stderr: %s\n", c->file, *l);
                fail();
            }
        g_strfreev(lines);
        if (c->also && !strstr(out, c->also)) {
            fprintf(stderr, "# %s: '%s' not in stdout:\n%s\n", c->file,
                    c->also, out);
            fail();
        }
    }
    g_free(out);
    g_free(err);

    /* render: same verdict; a failure leaves the folder as it was */
    g_ptr_array_remove_index(args, 0); /* "check" */
    g_ptr_array_add(args, NULL);
    render_verdict(c, path, (const char *const *)args->pdata, NULL);
    g_ptr_array_free(args, TRUE);
}

static void
run_table(const char *kind, const corpus_case_t *cases, size_t n,
          const char *opt)
{
    char *hdr = corpus("city", "header-only.csv");
    for (size_t i = 0; i < n; i++) {
        char *path = corpus(kind, cases[i].file);
        assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
        run_case(&cases[i], path, opt ? hdr : path, opt);
        g_free(path);
    }
    g_free(hdr);
}

static void
test_city_files(void **state)
{
    (void)state;
    run_table("city", city_cases, G_N_ELEMENTS(city_cases), NULL);
}

static void
test_framework_files(void **state)
{
    (void)state;
    run_table("framework", framework_cases, G_N_ELEMENTS(framework_cases),
              "--framework");
}

static void
test_band_files(void **state)
{
    (void)state;
    run_table("bands", bands_cases, G_N_ELEMENTS(bands_cases), "--bands");
}

static void
test_targets_files(void **state)
{
    (void)state;
    run_table("targets", targets_cases, G_N_ELEMENTS(targets_cases),
              "--targets");
}

static void
test_style_files(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    for (size_t i = 0; i < G_N_ELEMENTS(style_cases); i++) {
        const corpus_case_t *c = &style_cases[i];
        char *path = corpus("style", c->file);
        const char *args[] = {city, "--style", path, NULL};
        render_verdict(c, path, args, NULL);
        g_free(path);
    }
    g_free(city);
}

/* A data directory with the bundled framework, bands and fonts (symbolic
 * links) and @labels as data/labels-xx.csv. g_free; cs_test_rmtree. */
static char *
datadir_with_labels(const char *labels, char **lpath)
{
    char *dir = cs_test_tmpdir("corpus-datadir");
    char *data = g_build_filename(dir, "data", NULL);
    assert_int_equal(g_mkdir(data, 0755), 0);
    static const char *const links[] = {"data/u4ssc-wheel.csv",
                                        "data/bands.csv", "fonts"};
    for (size_t i = 0; i < G_N_ELEMENTS(links); i++) {
        char *target = cs_test_root(links[i]);
        char *link = g_build_filename(dir, links[i], NULL);
        assert_int_equal(symlink(target, link), 0);
        g_free(link);
        g_free(target);
    }
    *lpath = g_build_filename(data, "labels-xx.csv", NULL);
    size_t len = 0;
    char *text = cs_test_read(labels, &len);
    assert_non_null(text);
    cs_test_write(*lpath, text, len);
    g_free(text);
    g_free(data);
    return dir;
}

static void
test_translation_files(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    for (size_t i = 0; i < G_N_ELEMENTS(i18n_cases); i++) {
        const corpus_case_t *c = &i18n_cases[i];
        char *src = corpus("i18n", c->file);
        char *lpath = NULL;
        char *ddir = datadir_with_labels(src, &lpath);
        char **env = g_get_environ();
        env = g_environ_setenv(env, "CITYSNAP_DATADIR", ddir, TRUE);
        const char *args[] = {city, "--lang", "xx", NULL};
        render_verdict(c, lpath, args, env);
        g_strfreev(env);
        cs_test_rmtree(ddir);
        g_free(ddir);
        g_free(lpath);
        g_free(src);
    }
    g_free(city);
}

/* Every file in tests/corpus/ is used by a case (so none is dead weight and
 * none was forgotten). */
static void
test_corpus_complete(void **state)
{
    (void)state;
    static const struct {
        const char *kind;
        const corpus_case_t *cases;
        size_t n;
    } kinds[] = {
        {"city", city_cases, G_N_ELEMENTS(city_cases)},
        {"framework", framework_cases, G_N_ELEMENTS(framework_cases)},
        {"bands", bands_cases, G_N_ELEMENTS(bands_cases)},
        {"targets", targets_cases, G_N_ELEMENTS(targets_cases)},
        {"manifest", manifest_cases, G_N_ELEMENTS(manifest_cases)},
        {"style", style_cases, G_N_ELEMENTS(style_cases)},
        {"i18n", i18n_cases, G_N_ELEMENTS(i18n_cases)},
    };
    size_t total = 0;
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        char *dir = corpus(kinds[k].kind, "");
        GDir *d = g_dir_open(dir, 0, NULL);
        assert_non_null(d);
        const char *name;
        while ((name = g_dir_read_name(d))) {
            int used = 0;
            for (size_t i = 0; i < kinds[k].n && !used; i++)
                used = !strcmp(kinds[k].cases[i].file, name);
            if (!used)
                fprintf(stderr, "# corpus/%s/%s has no case\n", kinds[k].kind,
                        name);
            assert_true(used);
            total++;
        }
        g_dir_close(d);
        g_free(dir);
    }
    assert_true(total >= 40);
}

/* ---- big inputs, generated here rather than committed ---- */

static char *
write_generated(const char *dir, const char *name, GString *s)
{
    char *p = g_build_filename(dir, name, NULL);
    cs_test_write(p, s->str, s->len);
    g_string_free(s, TRUE);
    return p;
}

static void
check_generated(const char *path, int want_rc, unsigned line,
                unsigned column, const char *needle, const char *also)
{
    corpus_case_t c = {path, want_rc, line, column, needle, also};
    gint64 t0 = g_get_monotonic_time();
    run_case(&c, path, path, NULL);
    /* bounded work: never anywhere near the test's time limit */
    double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
    fprintf(stderr, "# %s: %.2f s\n", path, secs);
}

static void
test_generated_limits(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("corpus-big");

    /* a 1 MB single field: limit CS_CSV_MAX_FIELD_BYTES (4096) */
    GString *s = g_string_new("code,value,source\nEC:ICT:ICT:1C,95,");
    for (size_t i = 0; i < 1024 * 1024; i++)
        g_string_append_c(s, 'x');
    g_string_append_c(s, '\n');
    char *p = write_generated(dir, "field-1mb.csv", s);
    check_generated(p, EXIT_FAIL, 2, 18,
                    "field is longer than the limit of 4096 bytes", NULL);
    g_free(p);

    /* the same field quoted, with delimiters and line breaks inside */
    s = g_string_new("code,value,source\nEC:ICT:ICT:1C,95,\"");
    for (size_t i = 0; i < 1024 * 1024 / 8; i++)
        g_string_append(s, "ab,\r\n;\"\"");
    g_string_append(s, "\"\n");
    p = write_generated(dir, "field-1mb-quoted.csv", s);
    check_generated(p, EXIT_FAIL, 2, 18, "field is longer than the limit",
                    NULL);
    g_free(p);

    /* 100,000 rows (the row limit itself): every row after the first is a
     * duplicate; all are reported (200 stored, the rest counted) */
    s = g_string_new("code,value\n");
    for (size_t i = 0; i < 100000; i++)
        g_string_append(s, "EC:ICT:ICT:1C,95\n");
    p = write_generated(dir, "rows-100000.csv", s);
    check_generated(p, EXIT_FAIL, 3, 1,
                    "duplicate code 'EC:ICT:ICT:1C' (first on line 2)",
                    "... and 99799 more problems");
    g_free(p);

    /* 100,001 rows: over CS_CSV_MAX_ROWS, at the row that crosses it */
    s = g_string_new("code,value\n");
    for (size_t i = 0; i < 100001; i++)
        g_string_append(s, "EC:ICT:ICT:1C,95\n");
    p = write_generated(dir, "rows-100001.csv", s);
    check_generated(p, EXIT_FAIL, 100002, 1,
                    "more than the limit of 100000 data rows", NULL);
    g_free(p);

    /* 100,000 empty rows (";;;" lines spreadsheets export) around two
     * valid ones: skipped, not counted */
    s = g_string_new("code,value\nEC:ICT:ICT:1C,95\n");
    for (size_t i = 0; i < 100000; i++)
        g_string_append(s, ",\n");
    g_string_append(s, "EC:ICT:ICT:2C,80\n");
    p = write_generated(dir, "rows-100000-empty.csv", s);
    check_generated(p, EXIT_OK, 0, 0, NULL, "2 of 108 KPIs with data");
    g_free(p);

    /* more than 2,000,000 fields in all: CS_CSV_MAX_CELLS */
    s = g_string_new(NULL);
    for (int i = 0; i < 25; i++)
        g_string_append_printf(s, "%sc%d", i ? "," : "", i);
    g_string_append_c(s, '\n');
    for (size_t r = 0; r < 80001; r++)
        g_string_append(s, "1,,,,,,,,,,,,,,,,,,,,,,,,\n");
    p = write_generated(dir, "cells-2000025.csv", s);
    check_generated(p, EXIT_FAIL, 80001, 1,
                    "more than the limit of 2000000 fields", NULL);
    g_free(p);

    /* a file over CS_CSV_MAX_BYTES (16 MiB): refused as a whole */
    s = g_string_new("code,value,source\n");
    while (s->len <= 16u * 1024u * 1024u)
        g_string_append(s, "EC:ICT:ICT:1C,95,\"a long source text that "
                           "fills the file quickly, line after line\"\n");
    p = write_generated(dir, "too-large.csv", s);
    check_generated(p, EXIT_FAIL, 0, 0,
                    "file is larger than the limit of 16777216 bytes", NULL);
    g_free(p);

    /* not a file: a folder, and a missing file (exit 3, named) */
    corpus_case_t c = {"(folder)", EXIT_IO, 0, 0, NULL, NULL};
    run_case(&c, dir, dir, NULL);
    p = g_build_filename(dir, "does-not-exist.csv", NULL);
    corpus_case_t m = {"(missing)", EXIT_IO, 0, 0,
                       "No such file or directory", NULL};
    run_case(&m, p, p, NULL);
    g_free(p);

    cs_test_rmtree(dir);
    g_free(dir);
}

/* ---- hostile output paths ---- */

static void
child_limit_file_size(gpointer data)
{
    (void)data;
    /* a "full disk": writes beyond 64 KiB fail with EFBIG (the signal that
     * would otherwise kill the writer is ignored, as for a real ENOSPC) */
    struct rlimit rl = {64 * 1024, 64 * 1024};
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &rl);
}

static void
child_stdout_dev_full(gpointer data)
{
    (void)data;
    int fd = open("/dev/full", O_WRONLY);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
}

/* Like cs_test_run_cliv() with a child set-up function; stdout is not
 * captured (the set-up may redirect it). */
static int
run_cli_setup(char **err, GSpawnChildSetupFunc setup, ...)
{
    const char *exe = g_getenv("CITYSNAP_EXE");
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)(exe && *exe ? exe : "citysnap"));
    va_list ap;
    va_start(ap, setup);
    char *a;
    while ((a = va_arg(ap, char *)))
        g_ptr_array_add(argv, a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    int status = 0;
    GError *error = NULL;
    gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                               G_SPAWN_STDOUT_TO_DEV_NULL, setup, NULL, NULL,
                               err, &status, &error);
    g_ptr_array_free(argv, TRUE);
    if (!ok) {
        fprintf(stderr, "# cannot run: %s\n", error->message);
        g_error_free(error);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
test_output_paths(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    char *good = NULL, *err = NULL;
    char *dir = output_dir(&good);

    /* a path under a regular file (root can write anywhere, but not there) */
    char *file = g_build_filename(dir, "file.txt", NULL);
    cs_test_write(file, "not a folder\n", (size_t)-1);
    char *under = g_build_filename(file, "x.png", NULL);
    char *before = cs_test_snapshot(dir);
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", city, "-o", under,
                                     NULL),
                     EXIT_IO);
    assert_diag(err, under, 0, 0, "Not a directory");
    assert_unchanged(before, dir, "path under a file");
    g_free(err);

    /* a folder that does not exist */
    char *missing = g_build_filename(dir, "no-such-folder", "x.png", NULL);
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", city, "-o",
                                     missing, NULL),
                     EXIT_IO);
    assert_diag(err, missing, 0, 0, "No such file or directory");
    assert_unchanged(before, dir, "missing folder");
    g_free(err);

    /* /proc: no regular files can be made there, not even by root */
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", city, "-o",
                                     "/proc/citysnap-corpus-test.png", NULL),
                     EXIT_IO);
    assert_diag(err, "/proc/citysnap-corpus-test.png", 0, 0, NULL);
    assert_false(g_file_test("/proc/citysnap-corpus-test.png",
                             G_FILE_TEST_EXISTS));
    g_free(err);

    /* the output path is a folder: the rename fails, the temporary file
     * is removed, the folder stays */
    char *isdir = g_build_filename(dir, "isdir.png", NULL);
    assert_int_equal(g_mkdir(isdir, 0755), 0);
    g_free(before);
    before = cs_test_snapshot(dir);
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", city, "-o", isdir,
                                     NULL),
                     EXIT_IO);
    assert_diag(err, isdir, 0, 0, "Is a directory");
    assert_unchanged(before, dir, "output is a folder");
    g_free(err);

    /* a full disk (RLIMIT_FSIZE): the good output survives, no temporary
     * file is left */
    assert_int_equal(run_cli_setup(&err, child_limit_file_size, "render",
                                   city, "-o", good, NULL),
                     EXIT_IO);
    assert_diag(err, good, 0, 0, "File too large");
    assert_unchanged(before, dir, "full disk");
    g_free(err);

    /* `check` writing its table to a full device */
    assert_int_equal(run_cli_setup(&err, child_stdout_dev_full, "check", city,
                                   NULL),
                     EXIT_IO);
    assert_non_null(strstr(err, "cannot write the output"));
    g_free(err);

    g_free(before);
    g_free(isdir);
    g_free(missing);
    g_free(under);
    g_free(file);
    cs_test_rmtree(dir);
    g_free(dir);
    g_free(good);
    g_free(city);
}

/* An output path that is a device (a /dev/full node made in a temporary
 * folder, so the real /dev is never touched): the output must be written
 * into the device, not replaced by a regular file renamed over it (as root,
 * `render -o /dev/null` would otherwise replace /dev/null). Writing to
 * /dev/full fails with ENOSPC: exit 3, the node stays a device. Needs the
 * right to mknod (root); skipped otherwise. */
static void
test_device_output(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    char *dir = cs_test_tmpdir("corpus-dev");
    char *dev = g_build_filename(dir, "full", NULL);
    char *err = NULL;
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 7)) != 0) {
        fprintf(stderr, "# skipped: mknod: %s\n", g_strerror(errno));
        g_free(dev);
        cs_test_rmtree(dir);
        g_free(dir);
        g_free(city);
        skip();
    }
    char *before = cs_test_snapshot(dir);
    int rc = cs_test_run_cli(NULL, &err, "render", city, "-o", dev,
                             "--format", "png", NULL);
    GStatBuf st;
    assert_int_equal(g_lstat(dev, &st), 0);
    if (!S_ISCHR(st.st_mode))
        fprintf(stderr, "# render replaced the device node %s with a regular "
                        "file (exit %d)\n",
                dev, rc);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(rc, EXIT_IO);
    assert_diag(err, dev, 0, 0, "No space left on device");
    assert_unchanged(before, dir, "device output");
    g_free(err);
    g_free(before);
    g_free(dev);
    cs_test_rmtree(dir);
    g_free(dir);
    g_free(city);
}

static void
child_limit_file_size_default_signal(gpointer data)
{
    (void)data;
    struct rlimit rl = {64 * 1024, 64 * 1024};
    signal(SIGXFSZ, SIG_DFL);
    setrlimit(RLIMIT_FSIZE, &rl);
}

/* A file-size limit (ulimit -f, a quota) with the default SIGXFSZ action,
 * which kills a writer that crosses it: the CLI must instead see the write
 * fail (EFBIG), report it (exit 3) and remove its temporary file. */
static void
test_file_size_limit(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    char *good = NULL, *err = NULL;
    char *dir = output_dir(&good);
    char *before = cs_test_snapshot(dir);
    int rc = run_cli_setup(&err, child_limit_file_size_default_signal,
                           "render", city, "-o", good, NULL);
    if (rc != EXIT_IO)
        fprintf(stderr, "# exit %d (-1: killed by a signal); stderr:\n%s\n",
                rc, err);
    assert_int_equal(rc, EXIT_IO);
    assert_diag(err, good, 0, 0, "File too large");
    assert_unchanged(before, dir, "file-size limit");
    g_free(err);
    g_free(before);
    cs_test_rmtree(dir);
    g_free(dir);
    g_free(good);
    g_free(city);
}

/* ---- names: right-to-left, combining, bidi controls, "../", very long:
 * they are text in the centre of the wheel, so they must render, and
 * nothing but the -o file may be written ---- */

static const char *const hostile_names[] = {
    "\xd8\xa7\xd9\x84\xd9\x82\xd8\xa7\xd9\x87\xd8\xb1\xd8\xa9",  /* القاهرة */
    "\xd7\x99\xd7\xa8\xd7\x95\xd7\xa9\xd7\x9c\xd7\x99\xd7\x9d",  /* ירושלים */
    "Zu\xcc\x88rich a\xcc\x8a\xcc\x81 N\xcc\x83 \xe0\xa4\xa8\xe0\xa4\xae"
    "\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87", /* combining marks */
    "\xe2\x80\xae" "dnuselA\xe2\x80\xac mixed \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"
    " 123",                                              /* bidi override */
    "../../../../etc/passwd",
    "..",
    "/",
};

static void
render_name(const char *city, const char *name, int strict)
{
    char *dir = cs_test_tmpdir("corpus-name");
    char *png = g_build_filename(dir, "name.png", NULL);
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "render", city, "-o", png, "--name",
                             name, "--width", "200",
                             strict ? "--strict" : NULL, NULL);
    if (rc != (strict ? EXIT_FAIL : EXIT_OK))
        fprintf(stderr, "# name '%.60s': exit %d\n%s\n", name, rc, err);
    if (strict) {
        assert_int_equal(rc, EXIT_FAIL);
        char *now = cs_test_snapshot(dir);
        assert_string_equal(now, ""); /* nothing written */
        g_free(now);
    } else {
        assert_int_equal(rc, EXIT_OK);
        assert_true(is_png(png));
        assert_alone(dir, "name.png");
    }
    g_free(err);
    g_free(png);
    cs_test_rmtree(dir);
    g_free(dir);
}

static void
test_hostile_names(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    for (size_t i = 0; i < G_N_ELEMENTS(hostile_names); i++)
        render_name(city, hostile_names[i], 0);
    /* 1,000 characters (CS_RENDER_MAX_TEXT_CHARS): rendered (ellipsized);
     * --strict refuses it and writes nothing; one more is refused */
    GString *longname = g_string_new(NULL);
    while (g_utf8_strlen(longname->str, -1) < 1001)
        g_string_append(longname, "Llanfair\xc3\xb8 ");
    g_string_truncate(longname, (gsize)(g_utf8_offset_to_pointer(
                                    longname->str, 1000) - longname->str));
    render_name(city, longname->str, 0);
    render_name(city, longname->str, 1);
    g_string_append(longname, "x");
    render_name(city, longname->str, 1); /* refused: exit 1, nothing written */
    g_string_free(longname, TRUE);

    /* labels of a framework and a band file with right-to-left and
     * combining text render too */
    char *fw = corpus("framework", "rtl-combining-labels.csv");
    char *bands = corpus("bands", "rtl-combining-labels.csv");
    char *hdr = corpus("city", "header-only.csv");
    char *dir = cs_test_tmpdir("corpus-labels");
    char *png = g_build_filename(dir, "labels.png", NULL);
    char *err = NULL;
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", hdr, "-o", png,
                                     "--framework", fw, "--bands", bands,
                                     "--width", "200", NULL),
                     EXIT_OK);
    assert_true(is_png(png));
    g_free(err);

    /* the name from a cities.csv next to the city file (manifest lookup) */
    char *mdir = cs_test_tmpdir("corpus-manifest-name");
    char *mpath = g_build_filename(mdir, "cities.csv", NULL);
    char *src = corpus("manifest", "rtl-combining-names.csv");
    char *text = cs_test_read(src, NULL);
    cs_test_write(mpath, text, (size_t)-1);
    char *cpath = g_build_filename(mdir, "city.csv", NULL);
    char *ctext = cs_test_read(city, NULL);
    cs_test_write(cpath, ctext, (size_t)-1);
    char *mpng = g_build_filename(mdir, "out.pdf", NULL);
    assert_int_equal(cs_test_run_cli(NULL, &err, "render", cpath, "-o", mpng,
                                     NULL),
                     EXIT_OK);
    size_t len = 0;
    char *pdf = cs_test_read(mpng, &len);
    assert_non_null(pdf);
    assert_true(len > 5 && !memcmp(pdf, "%PDF-", 5));
    g_free(pdf);
    g_free(err);

    g_free(mpng);
    g_free(ctext);
    g_free(cpath);
    g_free(text);
    g_free(src);
    g_free(mpath);
    cs_test_rmtree(mdir);
    g_free(mdir);
    g_free(png);
    cs_test_rmtree(dir);
    g_free(dir);
    g_free(hdr);
    g_free(bands);
    g_free(fw);
    g_free(city);
}

/* ---- manifests ---- */

static void
test_manifests_library(void **state)
{
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(manifest_cases); i++) {
        const corpus_case_t *c = &manifest_cases[i];
        char *path = corpus("manifest", c->file);
        cs_diag_t *diag = cs_diag_new();
        cs_manifest_t *m = NULL;
        cs_status_t st = cs_manifest_load(path, &m, diag);
        if ((int)st != c->rc) {
            fprintf(stderr, "# %s: status %d, expected %d\n", c->file, st,
                    c->rc);
            cs_test_diag_dump(diag);
        }
        assert_int_equal(st, c->rc);
        if (c->rc != CS_OK) {
            assert_null(m);
            if (!cs_test_diag_has(diag, c->line, c->column, c->needle)) {
                fprintf(stderr, "# %s: no '%u:%u: %s'\n", c->file, c->line,
                        c->column, c->needle);
                cs_test_diag_dump(diag);
                fail();
            }
            assert_string_equal(cs_diag_get(diag, 0)->file, path);
            if (c->also)
                assert_true(cs_test_diag_has(diag, c->line, 0, c->also));
        } else {
            assert_non_null(m);
            for (size_t k = 0; k < cs_manifest_count(m); k++) {
                const char *id = cs_manifest_get(m, k)->id;
                assert_int_equal(cs_manifest_check_id(id, NULL), CS_OK);
                assert_null(strchr(id, '/'));
            }
        }
        cs_manifest_free(m);
        cs_diag_free(diag);
        g_free(path);
    }
}

static int
have_batch(void)
{
    char *out = NULL, *err = NULL;
    int rc = cs_test_run_cli(&out, &err, "batch", "--help", NULL);
    g_free(out);
    g_free(err);
    return rc == 0;
}

/* Copies manifest corpus file @name into a fresh folder as manifest.csv,
 * with a copy of samples/asker.csv under every data file name it lists. */
static char *
manifest_folder(const char *name, char **mpath)
{
    char *dir = cs_test_tmpdir("corpus-batch");
    char *src = corpus("manifest", name);
    char *text = cs_test_read(src, NULL);
    *mpath = g_build_filename(dir, "manifest.csv", NULL);
    cs_test_write(*mpath, text, (size_t)-1);
    cs_manifest_t *m = NULL;
    if (cs_manifest_load(*mpath, &m, NULL) == CS_OK) {
        char *asker = cs_test_root("samples/asker.csv");
        char *data = cs_test_read(asker, NULL);
        for (size_t i = 0; i < cs_manifest_count(m); i++)
            cs_test_write(cs_manifest_get(m, i)->file, data, (size_t)-1);
        g_free(data);
        g_free(asker);
    }
    cs_manifest_free(m);
    g_free(text);
    g_free(src);
    return dir;
}

static void
test_manifests_batch(void **state)
{
    (void)state;
    if (!have_batch()) {
        fprintf(stderr, "# `citysnap batch` is not built yet: skipped\n");
        skip();
    }
    for (size_t i = 0; i < G_N_ELEMENTS(manifest_cases); i++) {
        const corpus_case_t *c = &manifest_cases[i];
        char *mpath = NULL;
        char *dir = manifest_folder(c->file, &mpath);
        char *outdir = g_build_filename(dir, "out", NULL);
        char *before = cs_test_snapshot(dir);
        char *err = NULL;
        int rc = cs_test_run_cli(NULL, &err, "batch", mpath, "-o", outdir,
                                 "-j", "2", "--width", "200", NULL);
        int want = c->rc == CS_OK ? EXIT_OK : EXIT_FAIL;
        if (rc != want)
            fprintf(stderr, "# batch %s: exit %d, expected %d\n%s\n", c->file,
                    rc, want, err);
        assert_int_equal(rc, want);
        if (c->rc != CS_OK) {
            /* invalid manifest: reported, nothing written at all */
            assert_diag(err, mpath, c->line, c->column, c->needle);
            assert_unchanged(before, dir, c->file);
        } else {
            /* one PNG per id inside out/, nothing anywhere else */
            cs_manifest_t *m = NULL;
            assert_int_equal(cs_manifest_load(mpath, &m, NULL), CS_OK);
            for (size_t k = 0; k < cs_manifest_count(m); k++) {
                char *png = g_strdup_printf("%s/%s.png", outdir,
                                            cs_manifest_get(m, k)->id);
                assert_true(is_png(png));
                g_free(png);
            }
            char *outs = cs_test_snapshot(outdir);
            char **lines = g_strsplit(outs, "\n", -1);
            assert_int_equal(g_strv_length(lines) - 1, cs_manifest_count(m));
            g_strfreev(lines);
            g_free(outs);
            /* outside out/: exactly what was there before */
            char *now = cs_test_snapshot(dir);
            GString *rest = g_string_new(NULL);
            char **all = g_strsplit(now, "\n", -1);
            for (size_t k = 0; all[k]; k++)
                if (*all[k] && !g_str_has_prefix(all[k], "out/"))
                    g_string_append_printf(rest, "%s\n", all[k]);
            g_strfreev(all);
            assert_string_equal(rest->str, before);
            g_string_free(rest, TRUE);
            g_free(now);
            cs_manifest_free(m);
        }
        g_free(err);
        g_free(before);
        g_free(outdir);
        g_free(mpath);
        cs_test_rmtree(dir);
        g_free(dir);
    }
}

/* A batch where one city's file is broken and one is missing: the others
 * are written, the broken city's earlier output is kept as it was, and no
 * temporary file is left; an output folder under a regular file fails. */
static void
test_batch_failures(void **state)
{
    (void)state;
    if (!have_batch()) {
        fprintf(stderr, "# `citysnap batch` is not built yet: skipped\n");
        skip();
    }
    char *dir = cs_test_tmpdir("corpus-batch-fail");
    char *mpath = g_build_filename(dir, "cities.csv", NULL);
    cs_test_write(mpath,
                  "id,name,file\n"
                  "asker,Asker,asker.csv\n"
                  "broken,Broken,broken.csv\n"
                  "gone,Gone,gone.csv\n"
                  "cairo,\xd8\xa7\xd9\x84\xd9\x82\xd8\xa7\xd9\x87\xd8\xb1\xd8"
                  "\xa9,asker.csv\n",
                  (size_t)-1);
    char *asker = cs_test_root("samples/asker.csv");
    char *data = cs_test_read(asker, NULL);
    char *p = g_build_filename(dir, "asker.csv", NULL);
    cs_test_write(p, data, (size_t)-1);
    g_free(p);
    char *broken_src = corpus("city", "duplicate-code.csv");
    char *broken_text = cs_test_read(broken_src, NULL);
    char *broken = g_build_filename(dir, "broken.csv", NULL);
    cs_test_write(broken, broken_text, (size_t)-1);
    char *outdir = g_build_filename(dir, "out", NULL);
    assert_int_equal(g_mkdir(outdir, 0755), 0);
    char *old = g_build_filename(outdir, "broken.png", NULL);
    cs_test_write(old, "the broken city's good output from yesterday\n",
                  (size_t)-1);

    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "batch", mpath, "-o", outdir, "-j",
                             "2", "--width", "200", NULL);
    assert_int_equal(rc, EXIT_FAIL);
    assert_diag(err, broken, 4, 1, "duplicate code");
    char *gone = g_build_filename(dir, "gone.csv", NULL);
    assert_diag(err, gone, 0, 0, "No such file or directory");
    char *now = cs_test_snapshot(outdir);
    char **lines = g_strsplit(now, "\n", -1);
    /* exactly: asker.png, broken.png (unchanged), cairo.png */
    assert_int_equal(g_strv_length(lines), 4);
    assert_true(g_str_has_prefix(lines[0], "asker.png "));
    assert_true(g_str_has_prefix(lines[1], "broken.png "));
    assert_true(g_str_has_prefix(lines[2], "cairo.png "));
    g_strfreev(lines);
    g_free(now);
    char *kept = cs_test_read(old, NULL);
    assert_string_equal(kept, "the broken city's good output from yesterday\n");
    g_free(kept);
    g_free(err);

    /* the output folder cannot be made: under a regular file */
    char *file = g_build_filename(dir, "file.txt", NULL);
    cs_test_write(file, "x", 1);
    char *bad_out = g_build_filename(file, "out", NULL);
    char *before = cs_test_snapshot(dir);
    rc = cs_test_run_cli(NULL, &err, "batch", mpath, "-o", bad_out, NULL);
    assert_int_equal(rc, EXIT_IO);
    assert_non_null(strstr(err, bad_out));
    assert_unchanged(before, dir, "batch output under a file");
    g_free(err);

    g_free(before);
    g_free(bad_out);
    g_free(file);
    g_free(gone);
    g_free(old);
    g_free(outdir);
    g_free(broken);
    g_free(broken_text);
    g_free(broken_src);
    g_free(data);
    g_free(asker);
    g_free(mpath);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_complete),
        cmocka_unit_test(test_city_files),
        cmocka_unit_test(test_framework_files),
        cmocka_unit_test(test_band_files),
        cmocka_unit_test(test_targets_files),
        cmocka_unit_test(test_style_files),
        cmocka_unit_test(test_translation_files),
        cmocka_unit_test(test_generated_limits),
        cmocka_unit_test(test_output_paths),
        cmocka_unit_test(test_device_output),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_hostile_names),
        cmocka_unit_test(test_manifests_library),
        cmocka_unit_test(test_manifests_batch),
        cmocka_unit_test(test_batch_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
