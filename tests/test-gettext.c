/* SPDX-License-Identifier: MIT */
/*
 * The Norwegian interface (po/nb.po through gettext): every message of the
 * catalogue is translated and keeps its printf conversions, and the
 * command line speaks Norwegian when the locale or --lang says so, also on
 * a system that has no Norwegian locale generated (the tests run under
 * C.UTF-8), with diagnostics still at FILE:LINE:COLUMN and numbers with a
 * decimal comma.
 */
#include "cs-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

static char *
po_path(void)
{
    return cs_test_root("po/nb.po");
}

/* A C string of the .po file: the text between the first and last '"'
 * of @line, unescaped. */
static void
append_quoted(GString *g, const char *line)
{
    const char *a = strchr(line, '"'), *b = strrchr(line, '"');
    if (!a || b <= a)
        return;
    char *raw = g_strndup(a + 1, (gsize)(b - a - 1));
    char *s = g_strcompress(raw);
    g_string_append(g, s);
    g_free(s);
    g_free(raw);
}

static void
test_catalogue_complete(void **state)
{
    (void)state;
    char *path = po_path();
    char *text = cs_test_read(path, NULL);
    assert_non_null(text);
    char **lines = g_strsplit(text, "\n", -1);
    GString *id = NULL, *str = NULL, *cur = NULL;
    int fuzzy = 0;
    size_t entries = 0, bad = 0;
    for (char **l = lines;; l++) {
        int end = !*l || !**l;
        if (end && id) {
            if (id->len) { /* not the header */
                entries++;
                if (!str->len || fuzzy) {
                    fprintf(stderr, "# untranslated%s: \"%s\"\n",
                            fuzzy ? " (fuzzy)" : "", id->str);
                    bad++;
                }
            }
            g_string_free(id, TRUE);
            g_string_free(str, TRUE);
            id = str = cur = NULL;
            fuzzy = 0;
        }
        if (!*l)
            break;
        if (g_str_has_prefix(*l, "#,") && strstr(*l, "fuzzy"))
            fuzzy = 1;
        if (g_str_has_prefix(*l, "msgid ")) {
            id = g_string_new(NULL);
            str = g_string_new(NULL);
            cur = id;
            append_quoted(cur, *l);
        } else if (g_str_has_prefix(*l, "msgstr")) {
            cur = str;
            append_quoted(cur, *l);
        } else if (**l == '"' && cur) {
            append_quoted(cur, *l);
        }
    }
    g_strfreev(lines);
    g_free(text);
    fprintf(stderr, "# po/nb.po: %zu messages, %zu untranslated\n", entries,
            bad);
    assert_true(entries > 250);
    assert_int_equal(bad, 0);

    /* msgfmt agrees, and its format checks pass (a translated format with
     * other conversions than the English one would crash a printf) */
    char *msgfmt = g_find_program_in_path("msgfmt");
    if (!msgfmt) {
        fprintf(stderr, "# msgfmt not found\n");
        g_free(path);
        skip();
    }
    char c_opt[] = "-c", stats[] = "--statistics", o_opt[] = "-o",
         null_dev[] = "/dev/null";
    char *argv[] = {msgfmt, c_opt, stats, o_opt, null_dev, path, NULL};
    char *out = NULL, *err = NULL;
    int status = 0;
    assert_true(g_spawn_sync(NULL, argv, NULL, 0, NULL, NULL, &out, &err,
                             &status, NULL));
    fprintf(stderr, "# msgfmt: %s", err);
    assert_true(g_spawn_check_wait_status(status, NULL));
    assert_non_null(strstr(err, " translated message"));
    assert_null(strstr(err, "untranslated"));
    assert_null(strstr(err, "fuzzy"));
    g_free(out);
    g_free(err);
    g_free(msgfmt);
    g_free(path);
}

/* This environment without the language variables, plus @extra
 * ("K=V"...; NULL-terminated). g_strfreev. */
static char **
env_with(const char *const *extra)
{
    char **env = g_get_environ();
    static const char *const drop[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                       "LANG"};
    for (size_t i = 0; i < G_N_ELEMENTS(drop); i++)
        env = g_environ_unsetenv(env, drop[i]);
    for (const char *const *e = extra; *e; e++) {
        char **kv = g_strsplit(*e, "=", 2);
        env = g_environ_setenv(env, kv[0], kv[1], TRUE);
        g_strfreev(kv);
    }
    return env;
}

static int
run(const char *const *extra, char **out, char **err, ...)
{
    va_list ap;
    va_start(ap, err);
    GPtrArray *args = g_ptr_array_new();
    for (char *a; (a = va_arg(ap, char *));)
        g_ptr_array_add(args, a);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    char **env = env_with(extra);
    int rc = cs_test_run_cli_env(out, err, env, (char **)args->pdata);
    g_strfreev(env);
    g_ptr_array_free(args, TRUE);
    return rc;
}

/* Norwegian check output: headings, labels, sentences, decimal commas. */
static void
assert_norwegian_table(const char *out)
{
    assert_non_null(strstr(out, "56 av 108 KPI-er har data"));
    assert_non_null(strstr(out, "Farger: illustrerende m\xc3\xa5l"));
    assert_non_null(strstr(out, "KATEGORI"));
    assert_non_null(strstr(out, "Internettilgang i husholdninger"));
    assert_non_null(strstr(out, "  98,0  95+ % av m\xc3\xa5let"));
    assert_non_null(strstr(out, "Grupper og dimensjoner"));
    assert_non_null(strstr(out, "MED POENG er dekningen"));
    assert_non_null(strstr(out, "\nSamlet "));
    assert_null(strstr(out, "KPIs with data"));
    assert_null(strstr(out, "BAND\n"));
    assert_null(strstr(out, "98.0"));
}

static void
test_check_norwegian(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    char *tg = cs_test_root("samples/targets.csv");
    char *out = NULL;
    /* the locale: LANG=nb_NO.UTF-8, which this system need not have */
    const char *nb[] = {"LANG=nb_NO.UTF-8", NULL};
    assert_int_equal(run(nb, &out, NULL, "check", city, "--targets", tg,
                         NULL),
                     0);
    assert_norwegian_table(out);
    g_free(out);
    /* LANGUAGE=nb in C.UTF-8, as gettext users set it */
    const char *language[] = {"LC_ALL=C.UTF-8", "LANGUAGE=nb", NULL};
    assert_int_equal(run(language, &out, NULL, "check", city, "--targets",
                         tg, NULL),
                     0);
    assert_norwegian_table(out);
    g_free(out);
    /* --lang nb in an English locale */
    const char *c[] = {"LC_ALL=C.UTF-8", NULL};
    assert_int_equal(run(c, &out, NULL, "check", city, "--targets", tg,
                         "--lang", "nb", NULL),
                     0);
    assert_norwegian_table(out);
    g_free(out);
    /* and English: by default, and --lang en in a Norwegian locale */
    assert_int_equal(run(c, &out, NULL, "check", city, "--targets", tg,
                         NULL),
                     0);
    assert_non_null(strstr(out, "56 of 108 KPIs with data"));
    assert_non_null(strstr(out, "  98.0  95+ % of target"));
    g_free(out);
    assert_int_equal(run(nb, &out, NULL, "check", city, "--targets", tg,
                         "--lang=en", NULL),
                     0);
    assert_non_null(strstr(out, "56 of 108 KPIs with data"));
    g_free(out);
    g_free(city);
    g_free(tg);
}

/* Diagnostics, usage errors and --help in Norwegian; FILE:LINE:COLUMN
 * stays. */
static void
test_messages_norwegian(void **state)
{
    (void)state;
    const char *nb[] = {"LANG=nb_NO.UTF-8", NULL};
    char *broken = cs_test_src("data/city-broken.csv");
    char *err = NULL, *out = NULL;
    assert_int_equal(run(nb, NULL, &err, "check", broken, NULL), 1);
    char *want = g_strdup_printf("citysnap: %s:3:1: code: ukjent KPI-kode "
                                 "\xc2\xab" "X:9\xc2\xbb (ikke i rammeverket",
                                 broken);
    if (!strstr(err, want))
        fprintf(stderr, "# %s", err);
    assert_non_null(strstr(err, want));
    g_free(want);
    g_free(err);
    assert_int_equal(run(nb, NULL, &err, "check", NULL), 2);
    assert_non_null(strstr(err, "CITY.csv mangler"));
    assert_non_null(strstr(err, "Kj\xc3\xb8r \xc2\xab" "citysnap check "
                                "--help\xc2\xbb for bruk."));
    g_free(err);
    assert_int_equal(run(nb, NULL, &err, "check", broken, "--min-coverage",
                         "x", NULL),
                     2);
    g_free(err);
    assert_int_equal(run(nb, &out, NULL, "check", "--help", NULL), 0);
    assert_non_null(strstr(out, "Vis denne hjelpen"));
    assert_non_null(strstr(out, "Kontroller en byfil"));
    assert_non_null(strstr(out, "Avslutningsstatus"));
    g_free(out);
    assert_int_equal(run(nb, &out, NULL, "--help", NULL), 0);
    assert_non_null(strstr(out, "Bruk: citysnap KOMMANDO"));
    g_free(out);
    g_free(broken);
}

/* import's, report's, template's and serve's help and usage errors in
 * Norwegian, and a counted warning with its Norwegian plural */
static void
test_commands_norwegian(void **state)
{
    (void)state;
    const char *nb[] = {"LC_ALL=C.UTF-8", "LANGUAGE=nb", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(run(nb, &out, NULL, "import", "--help", NULL), 0);
    assert_non_null(strstr(out, "Byfil som skal skrives"));
    assert_non_null(strstr(out, "TABELL -o CITY.csv"));
    assert_non_null(strstr(out, "Avslutningsstatus"));
    assert_null(strstr(out, "Show this help"));
    g_free(out);
    assert_int_equal(run(nb, &out, NULL, "report", "--help", NULL), 0);
    assert_non_null(strstr(out, "Skriv en byrapport"));
    assert_non_null(strstr(out, "Tegnforklaring under hjulet"));
    assert_null(strstr(out, "Show this help"));
    g_free(out);
    assert_int_equal(run(nb, &out, NULL, "serve", "--help", NULL), 0);
    assert_non_null(strstr(out, "Ingen tilgangslogg"));
    g_free(out);
    assert_int_equal(run(nb, &out, NULL, "template", "--help", NULL), 0);
    assert_non_null(strstr(out, "utfyllingsark"));
    g_free(out);
    assert_int_equal(run(nb, NULL, &err, "import", NULL), 2);
    assert_non_null(strstr(err, "TABELL mangler"));
    g_free(err);
    assert_int_equal(run(nb, NULL, &err, "report", "x.csv", NULL), 2);
    assert_non_null(strstr(err, "-o FIL mangler"));
    g_free(err);
    assert_int_equal(run(nb, NULL, &err, "serve", "--port", "70000", NULL),
                     2);
    assert_non_null(strstr(err, "--port m\xc3\xa5 v\xc3\xa6re 0 til 65535"));
    g_free(err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_complete),
        cmocka_unit_test(test_check_norwegian),
        cmocka_unit_test(test_messages_norwegian),
        cmocka_unit_test(test_commands_norwegian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
