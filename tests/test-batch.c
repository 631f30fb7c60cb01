/* SPDX-License-Identifier: MIT */
/* Batch rendering: the five samples plus broken cities, through the CLI;
 * JSON validity and completeness; determinism across runs and threads;
 * manifest safety checks. */
#include "cs-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

/* ---- a minimal JSON parser (enough to validate and inspect) ---- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;
typedef struct jval {
    jtype t;
    double num;
    char *str;
    GPtrArray *items; /* J_ARR: jval*; J_OBJ: alternating key (jval str), value */
} jval;

static void
jfree(jval *v)
{
    if (!v)
        return;
    g_free(v->str);
    if (v->items) {
        for (guint i = 0; i < v->items->len; i++)
            jfree(g_ptr_array_index(v->items, i));
        g_ptr_array_free(v->items, TRUE);
    }
    g_free(v);
}

static void
jws(const char **p)
{
    while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
        (*p)++;
}

static jval *jparse(const char **p);

static char *
jstring(const char **p)
{
    if (**p != '"')
        return NULL;
    (*p)++;
    GString *s = g_string_new(NULL);
    while (**p && **p != '"') {
        unsigned char c = (unsigned char)**p;
        if (c < 0x20) {
            g_string_free(s, TRUE);
            return NULL;
        }
        if (c == '\\') {
            (*p)++;
            switch (**p) {
            case '"': g_string_append_c(s, '"'); break;
            case '\\': g_string_append_c(s, '\\'); break;
            case '/': g_string_append_c(s, '/'); break;
            case 'n': g_string_append_c(s, '\n'); break;
            case 'r': g_string_append_c(s, '\r'); break;
            case 't': g_string_append_c(s, '\t'); break;
            case 'b': g_string_append_c(s, '\b'); break;
            case 'f': g_string_append_c(s, '\f'); break;
            case 'u':
                for (int i = 1; i <= 4; i++)
                    if (!g_ascii_isxdigit((*p)[i])) {
                        g_string_free(s, TRUE);
                        return NULL;
                    }
                g_string_append_c(s, '?');
                *p += 4;
                break;
            default:
                g_string_free(s, TRUE);
                return NULL;
            }
            (*p)++;
            continue;
        }
        g_string_append_c(s, (char)c);
        (*p)++;
    }
    if (**p != '"') {
        g_string_free(s, TRUE);
        return NULL;
    }
    (*p)++;
    return g_string_free(s, FALSE);
}

static jval *
jparse(const char **p)
{
    jws(p);
    jval *v = g_new0(jval, 1);
    if (**p == '{' || **p == '[') {
        int obj = **p == '{';
        v->t = obj ? J_OBJ : J_ARR;
        v->items = g_ptr_array_new();
        (*p)++;
        jws(p);
        if (**p == (obj ? '}' : ']')) {
            (*p)++;
            return v;
        }
        for (;;) {
            jws(p);
            if (obj) {
                jval *k = g_new0(jval, 1);
                k->t = J_STR;
                k->str = jstring(p);
                g_ptr_array_add(v->items, k);
                if (!k->str)
                    goto bad;
                jws(p);
                if (**p != ':')
                    goto bad;
                (*p)++;
            }
            jval *item = jparse(p);
            if (!item)
                goto bad;
            g_ptr_array_add(v->items, item);
            jws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            if (**p == (obj ? '}' : ']')) {
                (*p)++;
                return v;
            }
            goto bad;
        }
    }
    if (**p == '"') {
        v->t = J_STR;
        v->str = jstring(p);
        if (!v->str)
            goto bad;
        return v;
    }
    if (g_str_has_prefix(*p, "null")) {
        *p += 4;
        return v;
    }
    if (g_str_has_prefix(*p, "true") || g_str_has_prefix(*p, "false")) {
        v->t = J_BOOL;
        *p += **p == 't' ? 4 : 5;
        return v;
    }
    char *end = NULL;
    v->t = J_NUM;
    v->num = g_ascii_strtod(*p, &end);
    if (end == *p)
        goto bad;
    *p = end;
    return v;
bad:
    jfree(v);
    return NULL;
}

static jval *
jget(const jval *o, const char *key)
{
    if (!o || o->t != J_OBJ)
        return NULL;
    for (guint i = 0; i + 1 < o->items->len; i += 2) {
        jval *k = g_ptr_array_index(o->items, i);
        if (!strcmp(k->str, key))
            return g_ptr_array_index(o->items, i + 1);
    }
    return NULL;
}

static jval *
jload(const char *path)
{
    char *text = cs_test_read(path, NULL);
    assert_non_null(text);
    const char *p = text;
    jval *v = jparse(&p);
    jws(&p);
    assert_non_null(v);
    assert_int_equal(*p, '\0'); /* nothing after the document */
    g_free(text);
    return v;
}

/* ---- fixtures ---- */

typedef struct fixture {
    char *dir;      /* temporary folder */
    char *manifest; /* five samples + a broken city + a missing file */
} fixture;

static const char *ids[] = {"alesund", "asker", "baerum", "rana",
                            "trondheim"};

static int
setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->dir = cs_test_tmpdir("batch");
    char *samples = cs_test_root("samples");
    GString *m = g_string_new("id,name,file,targets\n");
    static const char *names[] = {"Ålesund", "Asker", "Bærum", "Rana",
                                  "Trondheim"};
    for (size_t i = 0; i < 5; i++)
        g_string_append_printf(m, "%s,%s,%s/%s.csv,%s/targets.csv\n", ids[i],
                               names[i], samples, ids[i], samples);
    /* A broken city: an unknown code on line 3 and a bad number on line 4. */
    char *broken = g_build_filename(f->dir, "broken.csv", NULL);
    cs_test_write(broken,
                  "code,value\nEC:ICT:ICT:1C,97\nNO:SUCH:CODE,1\n"
                  "EC:ICT:ICT:2C,abc\n",
                  (size_t)-1);
    g_string_append_printf(m, "broken,Broken Town,%s,\n", broken);
    g_string_append(m, "missing,Nowhere,does-not-exist.csv,\n");
    f->manifest = g_build_filename(f->dir, "cities.csv", NULL);
    cs_test_write(f->manifest, m->str, (size_t)-1);
    g_string_free(m, TRUE);
    g_free(broken);
    g_free(samples);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture *f = *state;
    cs_test_rmtree(f->dir);
    g_free(f->dir);
    g_free(f->manifest);
    g_free(f);
    return 0;
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the files in @dir, sorted, joined by spaces (g_free). */
static char *
listing(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    assert_non_null(d);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_names);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "",
                               (char *)g_ptr_array_index(names, i));
    g_ptr_array_free(names, TRUE);
    return g_string_free(s, FALSE);
}

static int
run_batch(const fixture *f, const char *out, const char *jobs, char **err)
{
    char *book = g_build_filename(out, "book.pdf", NULL);
    char *json = g_build_filename(out, "manifest.json", NULL);
    int rc = cs_test_run_cli(NULL, err, "batch", f->manifest, "-o", out,
                             "--formats", "png,svg,pdf", "--width", "500",
                             "-j", jobs, "--book", book, "--book-no-tables",
                             "--manifest-out", json, (char *)NULL);
    g_free(book);
    g_free(json);
    return rc;
}

/* Five cities written, two reported with positions, non-zero exit, no
 * partial or temporary file, valid and complete JSON. */
static void
test_batch_with_failures(void **state)
{
    fixture *f = *state;
    cs_test_require_tool("pdftotext"); /* the book's text */
    char *out = g_build_filename(f->dir, "out", NULL);
    char *err = NULL;
    int rc = run_batch(f, out, "2", &err);
    fprintf(stderr, "# %s", err);
    assert_int_equal(rc, 1);
    /* The broken city's problems with line and column; the missing file. */
    assert_non_null(strstr(err, "broken.csv:3:1:"));
    assert_non_null(strstr(err, "broken.csv:4:15:"));
    assert_non_null(strstr(err, "does-not-exist.csv"));
    /* ... and the manifest row naming it (line 8, the file column). */
    assert_non_null(strstr(err, "cities.csv:8:17: data file of city 'missing'"));
    assert_non_null(strstr(err, "5 of 7 cities rendered"));
    assert_non_null(strstr(err, "failed: broken missing"));

    char *files = listing(out);
    assert_string_equal(files,
                        "alesund.pdf alesund.png alesund.svg asker.pdf "
                        "asker.png asker.svg baerum.pdf baerum.png baerum.svg "
                        "book.pdf manifest.json rana.pdf rana.png rana.svg "
                        "trondheim.pdf trondheim.png trondheim.svg");
    g_free(files);
    for (size_t i = 0; i < 5; i++) {
        char *p = g_strdup_printf("%s/%s.png", out, ids[i]);
        size_t len = 0;
        char *png = cs_test_read(p, &len);
        assert_non_null(png);
        assert_true(len > 1000);
        assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
        g_free(png);
        g_free(p);
        p = g_strdup_printf("%s/%s.pdf", out, ids[i]);
        char *pdf = cs_test_read(p, &len);
        assert_memory_equal(pdf, "%PDF-", 5);
        assert_non_null(memmem(pdf + len - 16, 16, "%%EOF", 5));
        g_free(pdf);
        g_free(p);
    }
    /* The book: overview + one page per rendered city. */
    char *bp = g_build_filename(out, "book.pdf", NULL);
    size_t blen = 0;
    char *book = cs_test_read(bp, &blen);
    assert_non_null(book);
    assert_non_null(memmem(book, blen, "/Count 6", 8));
    /* tagged: every page is a Figure with alternative text */
    assert_non_null(memmem(book, blen, "/MarkInfo << /Marked true >>", 28));
    size_t alts = 0;
    static const char fig[] = "/S /Figure\n   /Alt <FEFF";
    for (const char *q = book;
         (q = memmem(q, blen - (size_t)(q - book), fig, sizeof fig - 1));
         q++)
        alts++;
    assert_int_equal(alts, 6);
    g_free(book);
    /* The overview has each rendered city's wheel and one legend (a city
     * page has its own). */
    char *pdftotext = g_find_program_in_path("pdftotext");
    for (int page = 1; page <= 2; page++) {
        char *pg = g_strdup_printf("%d", page);
        char *argv[] = {pdftotext, (char *)"-f", pg, (char *)"-l", pg,
                        bp, (char *)"-", NULL};
        char *text = NULL;
        int status = -1;
        assert_true(g_spawn_sync(NULL, argv, NULL,
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &text, NULL, &status, NULL));
        assert_int_equal(status, 0);
        size_t legends = 0;
        for (const char *q = text; (q = strstr(q, "95+ % of target"));
             q++)
            legends++;
        assert_int_equal(legends, 1);
        if (page == 1) {
            static const char *const names[] = {
                "\n\xc3\x85lesund\n", "\nAsker\n", "\nB\xc3\xa6rum\n",
                "\nRana\n", "\nTrondheim\n"};
            for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
                if (!strstr(text, names[k]))
                    fprintf(stderr, "# overview lacks %s", names[k] + 1);
                assert_non_null(strstr(text, names[k]));
            }
        }
        g_free(text);
        g_free(pg);
    }
    g_free(pdftotext);
    g_free(bp);

    /* JSON: valid, one result per manifest row, complete per city. */
    char *jp = g_build_filename(out, "manifest.json", NULL);
    jval *doc = jload(jp);
    assert_int_equal((int)jget(doc, "cities")->num, 7);
    assert_int_equal((int)jget(doc, "failed")->num, 2);
    jval *results = jget(doc, "results");
    assert_int_equal(results->items->len, 7);
    for (guint i = 0; i < results->items->len; i++) {
        jval *r = g_ptr_array_index(results->items, i);
        const char *id = jget(r, "id")->str;
        const char *status = jget(r, "status")->str;
        jval *files_j = jget(r, "files");
        if (i < 5) {
            assert_string_equal(id, ids[i]);
            assert_string_equal(status, "ok");
            assert_int_equal(files_j->items->len, 3);
            for (guint k = 0; k < 3; k++) {
                jval *fj = g_ptr_array_index(files_j->items, k);
                GStatBuf sb;
                assert_int_equal(g_stat(jget(fj, "path")->str, &sb), 0);
                assert_int_equal((gint64)jget(fj, "bytes")->num,
                                 (gint64)sb.st_size);
            }
            assert_int_equal(jget(r, "kpis")->items->len, 108);
            assert_int_equal(jget(r, "groups")->items->len, 24);
            assert_int_equal(jget(r, "dimensions")->items->len, 3);
            jval *fit = jget(r, "fit");
            assert_non_null(fit);
            assert_int_equal((int)jget(fit, "ellipsized")->num, 0);
            jval *k0 = g_ptr_array_index(jget(r, "kpis")->items, 0);
            assert_string_equal(jget(k0, "code")->str, "EC:ICT:ICT:1C");
            assert_non_null(jget(k0, "band")->str);
        } else {
            assert_string_equal(status, "failed");
            assert_int_equal(files_j->items->len, 0);
            assert_true(jget(r, "messages")->items->len >= 1);
        }
    }
    jval *broken = g_ptr_array_index(results->items, 5);
    jval *msg0 = g_ptr_array_index(jget(broken, "messages")->items, 0);
    assert_non_null(strstr(msg0->str, "broken.csv:3:1:"));
    jfree(doc);
    g_free(jp);
    g_free(err);
    g_free(out);
}

static int
same_tree(const char *a, const char *b)
{
    char *la = listing(a), *lb = listing(b);
    int same = !strcmp(la, lb);
    char **names = g_strsplit(la, " ", -1);
    for (char **n = names; same && *n; n++) {
        char *pa = g_build_filename(a, *n, NULL);
        char *pb = g_build_filename(b, *n, NULL);
        size_t na = 0, nb = 0;
        char *da = cs_test_read(pa, &na), *db = cs_test_read(pb, &nb);
        if (!da || !db || na != nb || memcmp(da, db, na)) {
            fprintf(stderr, "# %s differs\n", *n);
            same = 0;
        }
        g_free(da);
        g_free(db);
        g_free(pa);
        g_free(pb);
    }
    g_strfreev(names);
    g_free(la);
    g_free(lb);
    return same;
}

/* The same batch twice gives identical bytes; -j 1 and -j 2 too. The JSON
 * names output paths, so every run writes to a folder of the same name. */
static void
test_batch_deterministic(void **state)
{
    fixture *f = *state;
    char *out = g_build_filename(f->dir, "det", NULL);
    char *keep1 = g_build_filename(f->dir, "det-j1", NULL);
    char *keep2 = g_build_filename(f->dir, "det-j2a", NULL);
    assert_int_equal(run_batch(f, out, "1", NULL), 1);
    assert_int_equal(g_rename(out, keep1), 0);
    assert_int_equal(run_batch(f, out, "2", NULL), 1);
    assert_int_equal(g_rename(out, keep2), 0);
    assert_int_equal(run_batch(f, out, "2", NULL), 1);
    assert_true(same_tree(keep1, keep2)); /* -j 1 vs -j 2 */
    assert_true(same_tree(keep2, out));   /* run twice */
    g_free(out);
    g_free(keep1);
    g_free(keep2);
}

/* A failed re-run never damages a good earlier output. */
static void
test_batch_keeps_good_files(void **state)
{
    fixture *f = *state;
    char *out = g_build_filename(f->dir, "keep", NULL);
    assert_int_equal(run_batch(f, out, "2", NULL), 1);
    char *png = g_build_filename(out, "asker.png", NULL);
    size_t len0 = 0;
    char *before = cs_test_read(png, &len0);
    /* Now break Asker's data file through a new manifest. */
    char *bad = g_build_filename(f->dir, "asker-bad.csv", NULL);
    cs_test_write(bad, "code,value\nEC:ICT:ICT:1C,\"97\n", (size_t)-1);
    char *man = g_build_filename(f->dir, "m2.csv", NULL);
    char *text = g_strdup_printf("id,name,file\nasker,Asker,%s\n", bad);
    cs_test_write(man, text, (size_t)-1);
    char *err = NULL;
    int rc = cs_test_run_cli(NULL, &err, "batch", man, "-o", out, "--quiet",
                             (char *)NULL);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "asker-bad.csv:2:"));
    size_t len1 = 0;
    char *after = cs_test_read(png, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    char *files = listing(out);
    assert_null(strstr(files, ".tmp"));
    assert_null(strstr(files, "~"));
    g_free(files);
    g_free(before);
    g_free(after);
    g_free(err);
    g_free(text);
    g_free(man);
    g_free(bad);
    g_free(png);
    g_free(out);
}

/* Ids that could escape the output folder are refused with their position;
 * non-ASCII letters are fine. */
static void
test_manifest_ids(void **state)
{
    (void)state;
    assert_int_equal(cs_manifest_check_id("alesund", NULL), CS_OK);
    assert_int_equal(cs_manifest_check_id("ålesund-bærum_2", NULL), CS_OK);
    assert_int_equal(cs_manifest_check_id("Tromsø", NULL), CS_OK);
    assert_int_equal(cs_manifest_check_id("", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("..", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("../x", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("a/b", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("a\\b", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id(".hidden", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("-rf", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("a\tb", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("a\x7f", NULL), CS_ERR_INVALID);
    assert_int_equal(cs_manifest_check_id("x\xc2\x85y", NULL), CS_ERR_INVALID); /* U+0085, a C1 control */
    assert_int_equal(cs_manifest_check_id("bad\xff", NULL), CS_ERR_INVALID);

    static const char m[] = "id,name,file\n"
                            "ok,Fine,a.csv\n"
                            "../up,Up,b.csv\n"
                            "OK,Dup,c.csv\n"
                            "tab,Name\x01,d.csv\n"
                            "empty,Empty,\n";
    cs_diag_t *d = cs_diag_new();
    cs_manifest_t *man = NULL;
    cs_status_t st = cs_manifest_load_buffer("m.csv", "/data", m,
                                             sizeof m - 1, &man, d);
    cs_test_diag_dump(d);
    assert_int_not_equal(st, CS_OK);
    assert_null(man);
    assert_true(cs_test_diag_has(d, 3, 1, "id '../up' contains"));
    assert_true(cs_test_diag_has(d, 4, 1, "duplicate id"));
    assert_true(cs_test_diag_has(d, 5, 5, "control character"));
    assert_true(cs_test_diag_has(d, 6, 0, "empty data file"));
    cs_diag_free(d);

    /* Paths resolve against the manifest's folder. */
    static const char ok[] = "id,name,file,targets\nx,Ø,sub/x.csv,t.csv\n"
                             "y,Y,/abs/y.csv,\n";
    d = cs_diag_new();
    assert_int_equal(cs_manifest_load_buffer("m.csv", "/data", ok,
                                             sizeof ok - 1, &man, d),
                     CS_OK);
    assert_int_equal(cs_manifest_count(man), 2);
    assert_string_equal(cs_manifest_get(man, 0)->file, "/data/sub/x.csv");
    assert_string_equal(cs_manifest_get(man, 0)->targets, "/data/t.csv");
    assert_string_equal(cs_manifest_get(man, 0)->name, "Ø");
    assert_string_equal(cs_manifest_get(man, 1)->file, "/abs/y.csv");
    assert_null(cs_manifest_get(man, 1)->targets);
    assert_int_equal(cs_manifest_get(man, 0)->year, 0);
    cs_manifest_free(man);
    cs_diag_free(d);

    /* The year column: printed under the name; blank is none */
    static const char yr[] = "id,name,file,year\nx,X,x.csv,2023\n"
                             "y,Y,y.csv,\n";
    assert_int_equal(cs_manifest_load_buffer("m.csv", "/data", yr,
                                             sizeof yr - 1, &man, NULL),
                     CS_OK);
    assert_int_equal(cs_manifest_get(man, 0)->year, 2023);
    assert_int_equal(cs_manifest_get(man, 1)->year, 0);
    cs_manifest_free(man);
    static const char bad_year[] = "id,name,file,year\nx,X,x.csv,23\n"
                                   "y,Y,y.csv,3000\nz,Z,z.csv,2O23\n";
    d = cs_diag_new();
    assert_int_equal(cs_manifest_load_buffer("m.csv", "/data", bad_year,
                                             sizeof bad_year - 1, &man, d),
                     CS_ERR_INVALID);
    for (unsigned line = 2; line <= 4; line++)
        assert_true(cs_test_diag_has(d, line, 11, "is not a year"));
    cs_diag_free(d);
}

int
main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_ids),
        cmocka_unit_test_setup_teardown(test_batch_with_failures, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_batch_deterministic, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_batch_keeps_good_files, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
