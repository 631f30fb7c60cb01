/* SPDX-License-Identifier: MIT */
/*
 * Hardening around the parsers: special files as inputs (a FIFO nobody
 * writes, a device, a folder) never block and are refused with their
 * kind; /dev/stdin is read; hidden characters never reach the terminal
 * raw. A hang here shows as the test's meson timeout.
 */
#include "cs-test.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static const char fifo_msg[] = "a named pipe (FIFO), not a regular file";

/* Runs the CLI with @args (NULL-terminated), stderr in *@err. */
static int
run(char **err, const char *const *args)
{
    return cs_test_run_cliv(NULL, err, (char **)args);
}

static void
expect(int rc, const char *err, int want_rc, const char *path,
       const char *needle)
{
    if (rc != want_rc || !cs_test_err_has(err, path, 0, 0, needle)) {
        fprintf(stderr, "# exit %d (expected %d), stderr:\n%s\n", rc,
                want_rc, err);
        fail();
    }
}

/* A FIFO without a writer as every kind of input: refused at once, named
 * as a FIFO, nothing written. */
static void
test_fifo_inputs(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("hard-fifo");
    char *fifo = g_build_filename(dir, "pipe.csv", NULL);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    char *city = cs_test_root("samples/asker.csv");
    char *out = g_build_filename(dir, "out.png", NULL);
    char *err = NULL;
    int rc;

    const char *as_city[] = {"check", fifo, NULL};
    rc = run(&err, as_city);
    expect(rc, err, EXIT_IO, fifo, fifo_msg);
    g_free(err);
    static const char *const opts[] = {"--framework", "--bands", "--targets"};
    for (size_t i = 0; i < G_N_ELEMENTS(opts); i++) {
        const char *args[] = {"check", opts[i], fifo, city, NULL};
        rc = run(&err, args);
    expect(rc, err, EXIT_IO, fifo, fifo_msg);
        g_free(err);
    }
    const char *style[] = {"render", city, "-o", out, "--style", fifo, NULL};
    rc = run(&err, style);
    expect(rc, err, EXIT_IO, fifo, fifo_msg);
    g_free(err);
    const char *render[] = {"render", fifo, "-o", out, NULL};
    rc = run(&err, render);
    expect(rc, err, EXIT_IO, fifo, fifo_msg);
    g_free(err);
    assert_false(g_file_test(out, G_FILE_TEST_EXISTS));

    /* the manifest itself, and a city of a manifest: the other city is
     * rendered, the run does not stop */
    char *outdir = g_build_filename(dir, "out", NULL);
    const char *batch[] = {"batch", fifo, "-o", outdir, NULL};
    rc = run(&err, batch);
    expect(rc, err, EXIT_IO, fifo, fifo_msg);
    g_free(err);
    char *mpath = g_build_filename(dir, "m.csv", NULL);
    char *mtext = g_strdup_printf("id,name,file\npipe,Pipe,%s\nasker,Asker,%s\n",
                                  fifo, city);
    cs_test_write(mpath, mtext, (size_t)-1);
    const char *batch2[] = {"batch", mpath, "-o", outdir, "--width", "200",
                            NULL};
    rc = run(&err, batch2);
    expect(rc, err, EXIT_IO, fifo, fifo_msg);
    g_free(err);
    char *png = g_build_filename(outdir, "asker.png", NULL);
    assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
    g_free(png);

    /* a translation table that is a FIFO */
    char *ddir = g_build_filename(dir, "datadir", NULL);
    char *ddata = g_build_filename(ddir, "data", NULL);
    assert_int_equal(g_mkdir_with_parents(ddata, 0755), 0);
    static const char *const links[] = {"data/u4ssc-wheel.csv",
                                        "data/bands.csv", "fonts"};
    for (size_t i = 0; i < G_N_ELEMENTS(links); i++) {
        char *target = cs_test_root(links[i]);
        char *link = g_build_filename(ddir, links[i], NULL);
        assert_int_equal(symlink(target, link), 0);
        g_free(link);
        g_free(target);
    }
    char *labels = g_build_filename(ddata, "labels-xx.csv", NULL);
    assert_int_equal(mkfifo(labels, 0644), 0);
    char **env = g_environ_setenv(g_get_environ(), "CITYSNAP_DATADIR", ddir,
                                  TRUE);
    const char *lang[] = {"render", city, "-o", out, "--lang", "xx", NULL};
    rc = cs_test_run_cli_env(NULL, &err, env, (char **)lang);
    expect(rc, err, EXIT_IO, labels, fifo_msg);
    g_free(err);
    g_strfreev(env);

    g_free(labels);
    g_free(ddata);
    g_free(ddir);
    g_free(mtext);
    g_free(mpath);
    g_free(outdir);
    g_free(out);
    g_free(city);
    g_free(fifo);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Devices and folders are refused with their kind; /dev/stdin is read
 * whatever it is (here a pipe). */
static void
test_devices_and_stdin(void **state)
{
    (void)state;
    char *err = NULL;
    int rc;
    const char *zero[] = {"check", "/dev/zero", NULL};
    rc = run(&err, zero);
    expect(rc, err, EXIT_IO, "/dev/zero",
           "a character device, not a regular file");
    g_free(err);
    char *dir = cs_test_tmpdir("hard-dir");
    const char *folder[] = {"check", dir, NULL};
    rc = run(&err, folder);
    expect(rc, err, EXIT_IO, dir, "a folder, not a regular");
    g_free(err);

    char *city = cs_test_root("samples/asker.csv");
    const char *exe = g_getenv("CITYSNAP_EXE");
    char *cmd = g_strdup_printf("'%s' check /dev/stdin < '%s' && cat '%s' | "
                                "'%s' check /dev/stdin",
                                exe ? exe : "citysnap", city, city,
                                exe ? exe : "citysnap");
    const char *sh[] = {"/bin/sh", "-c", cmd, NULL};
    char *out = NULL;
    int status = -1;
    assert_true(g_spawn_sync(NULL, (char **)sh, NULL, 0, NULL, NULL, &out,
                             &err, &status, NULL));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "# %s\n", err);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_non_null(strstr(out, "KPIs with data"));
    g_free(out);
    g_free(err);
    g_free(cmd);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Terminal controls and invisible characters from a file never reach
 * stderr raw: escaped and named. */
static void
test_messages_escaped(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("hard-escape");
    char *city = g_build_filename(dir, "city\xe2\x80\xae.csv", NULL);
    cs_test_write(city,
                  "code,value\n"
                  "\"\x1b]0;owned\x07\x1b[2J\xc2\x9b" "31m\",1\n"
                  "EC:ICT:ICT:1C\xe2\x80\x8b,95\n"
                  "\xe2\x81\xa6" "EC:ICT:ICT:2C\xe2\x81\xa9,95\n",
                  (size_t)-1);
    char *err = NULL;
    const char *args[] = {"check", city, NULL};
    int rc = run(&err, args);
    assert_int_equal(rc, EXIT_FAIL);
    /* nothing raw: no ESC, BEL, C1 CSI, bidi override or isolate, ZWSP */
    assert_null(strchr(err, 0x1b));
    assert_null(strchr(err, 0x07));
    assert_null(strstr(err, "\xc2\x9b"));
    assert_null(strstr(err, "\xe2\x80\xae"));
    assert_null(strstr(err, "\xe2\x81\xa6"));
    assert_null(strstr(err, "\xe2\x80\x8b"));
    /* the file name is escaped too */
    char *shown = g_build_filename(dir, "city\\u202E.csv", NULL);
    assert_true(cs_test_err_has(err, shown, 2, 1,
                                "'\\x1B]0;owned\\x07\\x1B[2J\\u009B31m'"));
    assert_true(cs_test_err_has(err, shown, 3, 1, "\\u200B = zero-width"));
    assert_true(cs_test_err_has(err, shown, 4, 1,
                                "\\u2066 = bidirectional control"));
    assert_non_null(strstr(err, "\\u202E = bidirectional control"));
    g_free(shown);
    g_free(err);

    /* the library's own escape, for text a program prints itself */
    char *e = cs_diag_escape("a\tb\xe2\x80\x8d" "c\xff");
    assert_string_equal(e, "a\\x09b\\u200Dc\\xFF");
    free(e);
    e = cs_diag_escape("Troms\xc3\xb8 \xd8\xa7\xd9\x84 ok");
    assert_string_equal(e, "Troms\xc3\xb8 \xd8\xa7\xd9\x84 ok");
    free(e);
    assert_null(cs_diag_escape(NULL));

    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Numbers on the command line follow the data files' rule: plain
 * decimals, no hexadecimal, exponent, nan or inf. */
static void
test_plain_numbers(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    char *dir = cs_test_tmpdir("hard-numbers");
    char *png = g_build_filename(dir, "x.png", NULL);
    char *svg = g_build_filename(dir, "x.svg", NULL);
    static const char *const bad[][3] = {
        {"--width", "0x200", "png"}, {"--width", "2e2", "png"},
        {"--width", "inf", "png"},   {"--dpi", "0x12C", "png"},
        {"--size", "0x10", "svg"},   {"--size", "1e2mm", "svg"},
        {"--size", "nan", "svg"},    {"--size", "-100", "svg"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        int is_png = !strcmp(bad[i][2], "png");
        const char *args[] = {"render", city, "-o", is_png ? png : svg,
                              bad[i][0], bad[i][1],
                              !strcmp(bad[i][0], "--dpi") ? "--size" : NULL,
                              "100", NULL};
        char *err = NULL;
        int rc = run(&err, args);
        if (rc != EXIT_USAGE || !strstr(err, bad[i][1]))
            fprintf(stderr, "# %s %s: exit %d\n%s\n", bad[i][0], bad[i][1],
                    rc, err);
        assert_int_equal(rc, EXIT_USAGE);
        assert_non_null(strstr(err, bad[i][1]));
        g_free(err);
    }
    const char *margin[] = {"render", city, "-o", svg, "--page", "a4",
                            "--margin", "0x5", NULL};
    char *err = NULL;
    assert_int_equal(run(&err, margin), EXIT_USAGE);
    g_free(err);
    const char *good[] = {"render", city, "-o", png, "--width", "200.5",
                          NULL};
    assert_int_equal(run(&err, good), EXIT_OK);
    g_free(err);
    g_free(svg);
    g_free(png);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* A cities.csv next to the city file names the wheel: when it is broken
 * (or a FIFO) the render fails with its position instead of drawing a
 * nameless wheel; --name with --targets does not need it. */
static void
test_broken_cities_csv(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("hard-cities");
    char *city = g_build_filename(dir, "oslo.csv", NULL);
    char *src = cs_test_root("samples/asker.csv");
    char *text = cs_test_read(src, NULL);
    cs_test_write(city, text, (size_t)-1);
    char *targets = g_build_filename(dir, "targets.csv", NULL);
    cs_test_write(targets, "code,target\nEC:ICT:ICT:1C,100\n", (size_t)-1);
    char *mpath = g_build_filename(dir, "cities.csv", NULL);
    cs_test_write(mpath, "id,name,file\noslo,Oslo,oslo.csv\na/b,x,y\n",
                  (size_t)-1);
    char *out = g_build_filename(dir, "out", NULL);
    g_mkdir(out, 0755);
    char *png = g_build_filename(out, "o.png", NULL);
    char *err = NULL;
    const char *args[] = {"render", city, "-o", png, "--width", "200", NULL};
    int rc = run(&err, args);
    if (rc != EXIT_FAIL || !cs_test_err_has(err, mpath, 3, 1, NULL))
        fprintf(stderr, "# exit %d\n%s\n", rc, err);
    assert_int_equal(rc, EXIT_FAIL);
    assert_true(cs_test_err_has(err, mpath, 3, 1, NULL));
    assert_non_null(strstr(err, "give --name"));
    g_free(err);
    char *now = cs_test_snapshot(out);
    assert_string_equal(now, "");
    g_free(now);

    /* --name and --targets: the manifest is not needed */
    const char *named[] = {"render", city, "-o", png, "--width", "200",
                           "--name", "Oslo", "--targets", targets, NULL};
    assert_int_equal(run(&err, named), EXIT_OK);
    g_free(err);

    /* a FIFO as cities.csv: refused at once */
    g_unlink(mpath);
    assert_int_equal(mkfifo(mpath, 0644), 0);
    rc = run(&err, args);
    expect(rc, err, EXIT_IO, mpath, fifo_msg);
    g_free(err);

    g_free(png);
    g_free(out);
    g_free(mpath);
    g_free(targets);
    g_free(text);
    g_free(src);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* A framework of @n KPI wedges in 3 dimensions and 12 groups. g_free. */
static char *
framework_of(const char *dir, size_t n)
{
    GString *g = g_string_new("code,dimension,group,label,unit,direction,"
                              "target\n");
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(g, "K:%zu,D%zu,G%zu,Label %zu,%%,higher,100\n",
                               i, i * 3 / n, i * 12 / n, i);
    char *name = g_strdup_printf("fw-%zu.csv", n);
    char *p = g_build_filename(dir, name, NULL);
    cs_test_write(p, g->str, g->len);
    g_string_free(g, TRUE);
    g_free(name);
    return p;
}

/* The wedge limit: 1,000 KPIs draw (in well under a second, see bench/);
 * 1,001 are refused at the first row over the limit. */
static void
test_wedge_limit(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("hard-wedges");
    char *city = g_build_filename(dir, "city.csv", NULL);
    cs_test_write(city, "code,value\nK:7,50\n", (size_t)-1);
    char *fw = framework_of(dir, CS_FRAMEWORK_MAX_KPIS);
    char *over = framework_of(dir, CS_FRAMEWORK_MAX_KPIS + 1);
    char *png = g_build_filename(dir, "w.png", NULL);
    char *svg = g_build_filename(dir, "w.svg", NULL);
    char *err = NULL;
    const char *a1[] = {"render", city, "--framework", fw, "-o", png, NULL};
    assert_int_equal(run(&err, a1), EXIT_OK);
    g_free(err);
    const char *a2[] = {"render", city, "--framework", fw, "-o", svg, NULL};
    assert_int_equal(run(&err, a2), EXIT_OK);
    g_free(err);
    const char *a3[] = {"check", city, "--framework", over, NULL};
    int rc = run(&err, a3);
    assert_int_equal(rc, EXIT_FAIL);
    assert_true(cs_test_err_has(err, over, CS_FRAMEWORK_MAX_KPIS + 2, 1,
                                "more than the limit of 1000 wedges"));
    g_free(err);
    g_free(svg);
    g_free(png);
    g_free(over);
    g_free(fw);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_inputs),
        cmocka_unit_test(test_devices_and_stdin),
        cmocka_unit_test(test_messages_escaped),
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_broken_cities_csv),
        cmocka_unit_test(test_wedge_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
