/* SPDX-License-Identifier: MIT */
/*
 * Hardening around the parsers: special files as inputs (a FIFO nobody
 * writes, a device, a folder) never block and are refused with their
 * kind; /dev/stdin is read; hidden characters never reach the terminal
 * raw. A hang here shows as the test's meson timeout.
 */
#include "cs-test.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
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

typedef struct box {
    double w, h;
} box_t;

static double
room_box(void *ud, double h)
{
    box_t *b = ud;
    return h <= b->h + 1e-9 ? b->w : -1;
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

    /* a font folder with a FIFO named like a font: skipped, not opened */
    char *fonts = g_build_filename(dir, "fonts", NULL);
    g_mkdir(fonts, 0755);
    char *lato = cs_test_root("fonts/Lato-Regular.ttf");
    char *lato_link = g_build_filename(fonts, "Lato-Regular.ttf", NULL);
    assert_int_equal(symlink(lato, lato_link), 0);
    char *ffont = g_build_filename(fonts, "A-pipe.ttf", NULL);
    assert_int_equal(mkfifo(ffont, 0644), 0);
    const char *fargs[] = {"render", city, "-o", out, "--fonts", fonts,
                           "--width", "200", NULL};
    rc = run(&err, fargs);
    if (rc != EXIT_OK)
        fprintf(stderr, "# --fonts with a FIFO: exit %d\n%s\n", rc, err);
    assert_int_equal(rc, EXIT_OK);
    g_free(err);
    g_free(ffont);
    g_free(lato_link);
    g_free(lato);
    g_free(fonts);

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

    /* names from a framework in check's table: escaped on stdout too */
    char *fw = g_build_filename(dir, "fw.csv", NULL);
    cs_test_write(fw,
                  "code,dimension,group,label,unit,direction,target\n"
                  "A:1,D\x1b]0;x\x07,G,Label \x1b[31m,%,higher,100\n",
                  (size_t)-1);
    char *c2 = g_build_filename(dir, "c2.csv", NULL);
    cs_test_write(c2, "code,value\nA:1,50\n", (size_t)-1);
    char *out = NULL;
    const char *cargs[] = {"check", "--framework", fw, c2, NULL};
    assert_int_equal(cs_test_run_cliv(&out, NULL, (char **)cargs), EXIT_OK);
    assert_null(strchr(out, 0x1b));
    assert_non_null(strstr(out, "Label \\x1B[31m"));
    g_free(out);
    g_free(c2);
    g_free(fw);

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

/* A folder with a copy of samples/asker.csv as city.csv. */
static char *
city_folder(const char *tag, char **city)
{
    char *dir = cs_test_tmpdir(tag);
    char *src = cs_test_root("samples/asker.csv");
    char *text = cs_test_read(src, NULL);
    *city = g_build_filename(dir, "city.csv", NULL);
    cs_test_write(*city, text, (size_t)-1);
    g_free(text);
    g_free(src);
    return dir;
}

static void
expect_refused(const char *const *args, const char *dir, const char *needle)
{
    char *before = cs_test_snapshot(dir);
    char *err = NULL;
    int rc = run(&err, args);
    if (rc != EXIT_USAGE || !strstr(err, needle))
        fprintf(stderr, "# exit %d, expected 2 and '%s':\n%s\n", rc, needle,
                err);
    assert_int_equal(rc, EXIT_USAGE);
    assert_non_null(strstr(err, needle));
    char *after = cs_test_snapshot(dir);
    assert_string_equal(before, after);
    g_free(after);
    g_free(before);
    g_free(err);
}

/* No output replaces an input or another output of the same run,
 * whatever the spelling (same device and inode). */
static void
test_outputs_never_inputs(void **state)
{
    (void)state;
    char *city = NULL;
    char *dir = city_folder("hard-clobber", &city);
    char *dotted = g_strdup_printf("%s/./city.csv", dir);
    const char *a1[] = {"render", city, "-o", dotted, "--format", "svg",
                        NULL};
    expect_refused(a1, dir, "would overwrite the input city file");
    /* a hard link to the city file */
    char *hard = g_build_filename(dir, "link.svg", NULL);
    assert_int_equal(link(city, hard), 0);
    const char *a2[] = {"render", city, "-o", hard, NULL};
    expect_refused(a2, dir, "would overwrite the input city file");
    /* the --describe table is the city file: city.png -> city.data.csv */
    char *cpng = g_build_filename(dir, "city.png", NULL);
    char *cdata = g_build_filename(dir, "city.data.csv", NULL);
    g_rename(city, cdata);
    const char *a3[] = {"render", cdata, "-o", cpng, "--describe", NULL};
    expect_refused(a3, dir, "data table");
    g_rename(cdata, city);
    /* the style is the output */
    char *style = g_build_filename(dir, "style.png", NULL);
    cs_test_write(style, "[style]\nname = x\n", (size_t)-1);
    const char *a4[] = {"render", city, "-o", style, "--style", style, NULL};
    expect_refused(a4, dir, "would overwrite the input style");

    /* batch: --manifest-out is the manifest; --book is a city's PDF */
    char *mpath = g_build_filename(dir, "cities-in.csv", NULL);
    char *mtext = g_strdup_printf("id,name,file\nasker,Asker,%s\n", city);
    cs_test_write(mpath, mtext, (size_t)-1);
    char *out = g_build_filename(dir, "out", NULL);
    const char *b1[] = {"batch", mpath, "-o", out, "--manifest-out", mpath,
                        NULL};
    expect_refused(b1, dir, "would overwrite the input manifest");
    char *bookpdf = g_build_filename(out, "asker.pdf", NULL);
    const char *b2[] = {"batch", mpath, "-o", out, "--formats", "pdf",
                        "--book", bookpdf, NULL};
    expect_refused(b2, dir, "the book");
    /* a city's output is its own data file */
    char *self = g_strdup_printf("id,name,file\ncity,Asker,%s\n", city);
    cs_test_write(mpath, self, (size_t)-1);
    const char *b3[] = {"batch", mpath, "-o", dir, "--formats", "png,svg",
                        NULL};
    char *pngpath = g_build_filename(dir, "city.png", NULL);
    g_unlink(pngpath);
    assert_int_equal(link(city, pngpath), 0);
    expect_refused(b3, dir, "would overwrite the input city file");

    g_free(pngpath);
    g_free(self);
    g_free(bookpdf);
    g_free(out);
    g_free(mtext);
    g_free(mpath);
    g_free(style);
    g_free(cdata);
    g_free(cpng);
    g_free(hard);
    g_free(dotted);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Inside a batch's output folder nothing is written through a link or
 * into a FIFO or device: such a city fails with the entry named, the
 * file outside is untouched, the other cities are written. */
static void
test_batch_outputs_stay_inside(void **state)
{
    (void)state;
    char *city = NULL;
    char *dir = city_folder("hard-inside", &city);
    char *out = g_build_filename(dir, "out", NULL);
    char *elsewhere = g_build_filename(dir, "elsewhere", NULL);
    g_mkdir(out, 0755);
    g_mkdir(elsewhere, 0755);
    char *victim = g_build_filename(elsewhere, "victim.svg", NULL);
    cs_test_write(victim, "precious\n", (size_t)-1);
    char *lnk = g_build_filename(out, "g.svg", NULL);
    assert_int_equal(symlink("../elsewhere/victim.svg", lnk), 0);
    char *fifo = g_build_filename(out, "f.svg", NULL);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    char *mpath = g_build_filename(dir, "m.csv", NULL);
    char *mtext = g_strdup_printf("id,name,file\ng,G,%s\nf,F,%s\nok,Ok,%s\n",
                                  city, city, city);
    cs_test_write(mpath, mtext, (size_t)-1);
    char *err = NULL;
    const char *args[] = {"batch", mpath, "-o", out, "--formats", "svg",
                          "-j", "2", NULL};
    int rc = run(&err, args);
    assert_int_equal(rc, EXIT_IO);
    assert_true(cs_test_err_has(err, lnk, 0, 0, "a symbolic link"));
    assert_true(cs_test_err_has(err, fifo, 0, 0, "a named pipe (FIFO)"));
    char *kept = cs_test_read(victim, NULL);
    assert_string_equal(kept, "precious\n");
    g_free(kept);
    GStatBuf sb;
    assert_int_equal(g_lstat(lnk, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    char *okp = g_build_filename(out, "ok.svg", NULL);
    assert_true(g_file_test(okp, G_FILE_TEST_IS_REGULAR));
    /* nothing else appeared in out/: no temporary file */
    char *snap = cs_test_snapshot(out);
    assert_null(strstr(snap, ".cs-"));
    g_free(snap);
    g_free(okp);
    g_free(err);
    g_free(mtext);
    g_free(mpath);
    g_free(fifo);
    g_free(lnk);
    g_free(victim);
    g_free(elsewhere);
    g_free(out);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* -o names a FIFO without a reader: refused at once; a character device
 * named explicitly is written in place. */
static void
test_special_outputs(void **state)
{
    (void)state;
    char *city = NULL;
    char *dir = city_folder("hard-special-out", &city);
    char *fifo = g_build_filename(dir, "pipe.png", NULL);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    char *err = NULL;
    const char *a1[] = {"render", city, "-o", fifo, NULL};
    int rc = run(&err, a1);
    expect(rc, err, EXIT_IO, fifo, "no process reads this named pipe");
    g_free(err);
    const char *a2[] = {"render", city, "-o", "/dev/null", "--format", "svg",
                        NULL};
    assert_int_equal(run(&err, a2), EXIT_OK);
    g_free(err);
    g_free(fifo);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* An image and its --describe files are one set: when one cannot be
 * written, none is replaced; in batch, a city's formats are one set. */
static void
test_atomic_sets(void **state)
{
    (void)state;
    char *city = NULL;
    char *dir = city_folder("hard-sets", &city);
    char *png = g_build_filename(dir, "x.png", NULL);
    cs_test_write(png, "yesterday's good image\n", (size_t)-1);
    char *table = g_build_filename(dir, "x.data.csv", NULL);
    g_mkdir(table, 0755); /* cannot be replaced */
    char *before = cs_test_snapshot(dir);
    char *err = NULL;
    const char *a1[] = {"render", city, "-o", png, "--describe", "--width",
                        "200", NULL};
    int rc = run(&err, a1);
    assert_int_equal(rc, EXIT_IO);
    assert_true(cs_test_err_has(err, table, 0, 0, "Is a directory"));
    char *after = cs_test_snapshot(dir);
    assert_string_equal(before, after);
    g_free(after);
    g_free(before);
    g_free(err);

    char *out = g_build_filename(dir, "out", NULL);
    g_mkdir(out, 0755);
    char *svgdir = g_build_filename(out, "c.svg", NULL);
    g_mkdir(svgdir, 0755);
    char *mpath = g_build_filename(dir, "m.csv", NULL);
    char *mtext = g_strdup_printf("id,name,file\nc,C,%s\n", city);
    cs_test_write(mpath, mtext, (size_t)-1);
    before = cs_test_snapshot(out);
    const char *a2[] = {"batch", mpath, "-o", out, "--formats", "png,svg",
                        "--width", "200", NULL};
    rc = run(&err, a2);
    assert_int_equal(rc, EXIT_IO);
    after = cs_test_snapshot(out);
    assert_string_equal(before, after); /* no c.png without its c.svg */
    g_free(after);
    g_free(before);
    g_free(err);

    g_free(mtext);
    g_free(mpath);
    g_free(svgdir);
    g_free(out);
    g_free(table);
    g_free(png);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Whether @dir holds a citysnap temporary file. */
static int
has_temporary(const char *dir)
{
    char *snap = cs_test_snapshot(dir);
    int has = strstr(snap, ".cs-") != NULL;
    g_free(snap);
    return has;
}

/* SIGTERM while the render is writing: its temporary files are removed
 * and it ends with 128 + 15. Deterministic: the image goes to a FIFO that
 * the test opens but does not read, so the writer blocks with the
 * --describe temporaries complete next to it; the test waits (bounded)
 * until they exist, then sends the signal. */
static void
test_signal_cleanup(void **state)
{
    (void)state;
    char *city = NULL;
    char *dir = city_folder("hard-signal", &city);
    char *fifo = g_build_filename(dir, "pipe.png", NULL);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    int rfd = open(fifo, O_RDONLY | O_NONBLOCK); /* a reader that waits */
    assert_true(rfd >= 0);
    const char *exe = g_getenv("CITYSNAP_EXE");
    const char *argv[] = {exe ? exe : "citysnap", "render", city, "-o",
                          fifo, "--describe", NULL};
    GPid pid;
    assert_true(g_spawn_async(NULL, (char **)argv, NULL,
                              G_SPAWN_DO_NOT_REAP_CHILD |
                                  G_SPAWN_STDOUT_TO_DEV_NULL |
                                  G_SPAWN_STDERR_TO_DEV_NULL,
                              NULL, NULL, &pid, NULL));
    int seen = 0;
    for (int i = 0; i < 3000 && !seen; i++) { /* at most 30 s */
        seen = has_temporary(dir);
        if (!seen)
            g_usleep(10000);
    }
    assert_true(seen);
    kill(pid, SIGTERM);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    g_spawn_close_pid(pid);
    close(rfd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 128 + SIGTERM);
    assert_false(has_temporary(dir));
    char *sum = g_build_filename(dir, "pipe.summary.txt", NULL);
    assert_false(g_file_test(sum, G_FILE_TEST_EXISTS));
    g_free(sum);

    /* SIGINT during a batch: exit 130, no temporary file, whenever it
     * comes */
    char *mpath = g_build_filename(dir, "m.csv", NULL);
    GString *m = g_string_new("id,name,file\n");
    for (int i = 0; i < 60; i++)
        g_string_append_printf(m, "c%d,C,%s\n", i, city);
    cs_test_write(mpath, m->str, m->len);
    g_string_free(m, TRUE);
    char *out = g_build_filename(dir, "out", NULL);
    const char *bargv[] = {exe ? exe : "citysnap", "batch", mpath, "-o", out,
                           "-j", "2", "--formats", "png,svg,pdf", NULL};
    assert_true(g_spawn_async(NULL, (char **)bargv, NULL,
                              G_SPAWN_DO_NOT_REAP_CHILD |
                                  G_SPAWN_STDOUT_TO_DEV_NULL |
                                  G_SPAWN_STDERR_TO_DEV_NULL,
                              NULL, NULL, &pid, NULL));
    char *first = g_build_filename(out, "c0.png", NULL);
    for (int i = 0; i < 3000 && !g_file_test(first, G_FILE_TEST_EXISTS); i++)
        g_usleep(10000);
    kill(pid, SIGINT);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    g_spawn_close_pid(pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 128 + SIGINT);
    assert_false(has_temporary(out));
    g_free(first);
    g_free(out);
    g_free(mpath);

    g_free(fifo);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
}

/* Free texts have a length limit (CS_RENDER_MAX_TEXT_CHARS) on the
 * command line and in styles; and fitting is near-linear, so even a text
 * past the limit given to the library directly fits at once (it took
 * 25 s to minutes when every split point was measured: the test's meson
 * timeout is the guard). */
static void
test_free_text_limits(void **state)
{
    (void)state;
    GString *big = g_string_new(NULL);
    for (int i = 0; big->len < 20000; i++)
        g_string_append_printf(big, "%sword%d", i ? " " : "", i);
    long chars = (long)g_utf8_strlen(big->str, -1);
    char *city = NULL;
    char *dir = city_folder("hard-text", &city);
    char *png = g_build_filename(dir, "t.png", NULL);
    static const char *const opts[][2] = {{"--title", "the title"},
                                          {"--source-line", "the source line"},
                                          {"--name", "the city name"}};
    for (size_t i = 0; i < G_N_ELEMENTS(opts); i++) {
        const char *args[] = {"render", city, "-o", png, opts[i][0],
                              big->str, NULL};
        char *err = NULL;
        int rc = run(&err, args);
        char *want = g_strdup_printf("%s is %ld characters long, more than "
                                     "the limit of %u",
                                     opts[i][1], chars,
                                     CS_RENDER_MAX_TEXT_CHARS);
        if (rc != EXIT_FAIL || !strstr(err, want))
            fprintf(stderr, "# %s: exit %d\n%s\n", opts[i][0], rc, err);
        assert_int_equal(rc, EXIT_FAIL);
        assert_non_null(strstr(err, want));
        g_free(want);
        g_free(err);
    }
    assert_false(g_file_test(png, G_FILE_TEST_EXISTS));
    char *style = g_build_filename(dir, "s.ini", NULL);
    char *stext = g_strdup_printf("[style]\nname = long\n[source]\nline = %s\n",
                                  big->str);
    cs_test_write(style, stext, (size_t)-1);
    const char *sargs[] = {"render", city, "-o", png, "--style", style, NULL};
    char *err = NULL;
    assert_int_equal(run(&err, sargs), EXIT_FAIL);
    assert_true(cs_test_err_has(err, style, 4, 0, "more than the limit"));
    g_free(err);

    /* the library's fitting with a 20,000-byte text in a small box */
    char *fdir = cs_test_root("fonts");
    cs_fonts_t *f = NULL;
    assert_int_equal(cs_fonts_new(fdir, &f, NULL), CS_OK);
    cs_text_style_t st = {NULL, 0, 10, 6, 2};
    box_t b = {300, 30};
    cs_text_fit_t r;
    memset(&r, 0, sizeof r);
    assert_int_equal(cs_text_fit(f, big->str, &st, room_box, &b, &r, NULL),
                     CS_OK);
    assert_int_equal(r.outcome, CS_FIT_ELLIPSIZED);
    cs_text_fit_clear(&r);
    /* a split that balances the two lines, found without measuring every
     * split point */
    double one, one_h;
    assert_int_equal(cs_text_measure(f, big->str, NULL, 0, 10, &one, &one_h,
                                     NULL),
                     CS_OK);
    box_t wide = {one * 0.6, 3 * one_h};
    memset(&r, 0, sizeof r);
    st.size = 10;
    st.min_size = 10;
    assert_int_equal(cs_text_fit(f, big->str, &st, room_box, &wide, &r,
                                 NULL),
                     CS_OK);
    assert_int_equal(r.outcome, CS_FIT_WRAPPED);
    char *nl = strchr(r.shown, '\n');
    assert_non_null(nl);
    double w1, h1, w2, h2;
    char *first = g_strndup(r.shown, (gsize)(nl - r.shown));
    cs_text_measure(f, first, NULL, 0, 10, &w1, &h1, NULL);
    cs_text_measure(f, nl + 1, NULL, 0, 10, &w2, &h2, NULL);
    assert_true(fabs(w1 - w2) < 0.02 * fmax(w1, w2)); /* balanced */
    g_free(first);
    cs_text_fit_clear(&r);
    cs_fonts_free(f);
    g_free(fdir);

    g_free(stext);
    g_free(style);
    g_free(png);
    g_free(city);
    cs_test_rmtree(dir);
    g_free(dir);
    g_string_free(big, TRUE);
}

/* The pixel limit: PNGs that would take more than about 0.6 GB in
 * memory are refused with the largest size that fits. */
static void
test_pixel_limit(void **state)
{
    (void)state;
    char *city = cs_test_root("samples/asker.csv");
    char *dir = cs_test_tmpdir("hard-pixels");
    char *png = g_build_filename(dir, "big.png", NULL);
    const char *a1[] = {"render", city, "-o", png, "--width", "20000",
                        "--legend", "right", NULL};
    char *err = NULL;
    assert_int_equal(run(&err, a1), EXIT_USAGE);
    assert_non_null(strstr(err, "more than the limit of 150 million"));
    assert_non_null(strstr(err, "px wide for this layout"));
    g_free(err);
    const char *a2[] = {"render", city, "-o", png, "--page", "square",
                        "--dpi", "2400", NULL};
    assert_int_equal(run(&err, a2), EXIT_USAGE);
    assert_non_null(strstr(err, "dpi on this page"));
    g_free(err);
    /* SVG/PDF: each side at most 5 m, the message names the widest
     * --size of this layout (which is then accepted) */
    char *svg = g_build_filename(dir, "big.svg", NULL);
    const char *a3[] = {"render", city, "-o", svg, "--size", "5000mm", NULL};
    assert_int_equal(run(&err, a3), EXIT_USAGE);
    assert_non_null(strstr(err, "each side may be at most 5000 mm"));
    const char *w = strstr(err, "): at most ");
    assert_non_null(w);
    long mm = strtol(w + strlen("): at most "), NULL, 10);
    assert_true(mm > 3000 && mm <= 5000);
    g_free(err);
    char size[32];
    g_snprintf(size, sizeof size, "%ldmm", mm);
    const char *a4[] = {"render", city, "-o", svg, "--size", size, NULL};
    assert_int_equal(run(&err, a4), EXIT_OK);
    g_free(err);
    g_free(svg);
    assert_false(g_file_test(png, G_FILE_TEST_EXISTS));
    g_free(png);
    cs_test_rmtree(dir);
    g_free(dir);
    g_free(city);
}

/* Ids: NFC, so an id typed on macOS (NFD) names the same file as on
 * Linux; a 250-byte output name works (the temporary name is short). */
static void
test_ids_and_long_names(void **state)
{
    (void)state;
    char *city = NULL;
    char *dir = city_folder("hard-ids", &city);
    char *mpath = g_build_filename(dir, "m.csv", NULL);
    char *mtext = g_strdup_printf("id,name,file\na\xcc\x8as,\xc3\x85s,%s\n",
                                  city);
    cs_test_write(mpath, mtext, (size_t)-1);
    char *out = g_build_filename(dir, "out", NULL);
    char *err = NULL;
    const char *args[] = {"batch", mpath, "-o", out, "--formats", "svg",
                          NULL};
    assert_int_equal(run(&err, args), EXIT_OK);
    g_free(err);
    char *nfc = g_build_filename(out, "\xc3\xa5s.svg", NULL);
    assert_true(g_file_test(nfc, G_FILE_TEST_IS_REGULAR));
    g_free(nfc);
    assert_int_equal(cs_manifest_check_id("nul.png", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("COM\xc2\xb9", NULL),
                     CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("console", NULL), CS_OK);
    assert_int_equal(cs_manifest_check_id("com10", NULL), CS_OK);

    /* a 250-byte output name: legal (NAME_MAX 255), written */
    GString *name = g_string_new(NULL);
    while (name->len < 246)
        g_string_append_c(name, 'n');
    g_string_append(name, ".svg");
    assert_int_equal(name->len, 250);
    char *longp = g_build_filename(dir, name->str, NULL);
    const char *r[] = {"render", city, "-o", longp, NULL};
    int rc = run(&err, r);
    if (rc != EXIT_OK)
        fprintf(stderr, "# %s\n", err);
    assert_int_equal(rc, EXIT_OK);
    assert_true(g_file_test(longp, G_FILE_TEST_IS_REGULAR));
    g_free(err);
    g_free(longp);
    g_string_free(name, TRUE);
    g_free(out);
    g_free(mtext);
    g_free(mpath);
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
        cmocka_unit_test(test_outputs_never_inputs),
        cmocka_unit_test(test_batch_outputs_stay_inside),
        cmocka_unit_test(test_special_outputs),
        cmocka_unit_test(test_atomic_sets),
        cmocka_unit_test(test_signal_cleanup),
        cmocka_unit_test(test_free_text_limits),
        cmocka_unit_test(test_pixel_limit),
        cmocka_unit_test(test_ids_and_long_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
