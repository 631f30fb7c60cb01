/* SPDX-License-Identifier: MIT */
/* Status strings, the diagnostic list and cs_read_file(). */
#include "cs-test.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"

static void
test_status_strings(void **state)
{
    (void)state;
    for (int i = 0; i < CS_STATUS_COUNT; i++) {
        const char *s = cs_status_to_string((cs_status_t)i);
        assert_non_null(s);
        assert_string_not_equal(s, "unknown status");
        for (int j = 0; j < i; j++)
            assert_string_not_equal(s, cs_status_to_string((cs_status_t)j));
    }
    assert_string_equal(cs_status_to_string(CS_OK), "success");
    assert_string_equal(cs_status_to_string(CS_STATUS_COUNT), "unknown status");
    assert_string_equal(cs_status_to_string((cs_status_t)999),
                        "unknown status");
    /* numbers are part of the ABI */
    assert_int_equal(CS_ERR_PARSE, 3);
    assert_int_equal(CS_ERR_LIMIT, 5);
    assert_int_equal(CS_ERR_FIT, 9);
}

static void
test_diag_add_and_format(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    assert_non_null(d);
    assert_int_equal(cs_diag_reported_count(d), 0);
    assert_null(cs_diag_get(d, 0));

    assert_int_equal(cs_diag_add(d, CS_ERR_PARSE, "a.csv", 3, 7, "bad %s %d",
                                 "thing", 42),
                     CS_ERR_PARSE);
    cs_diag_add(d, CS_ERR_IO, "b.csv", 0, 0, "cannot open");
    cs_diag_add(d, CS_ERR_INVALID, "c.csv", 5, 0, "line only");
    cs_diag_add(d, CS_ERR_ARG, NULL, 9, 9, "no file");
    assert_int_equal(cs_diag_reported_count(d), 4);
    assert_int_equal(cs_diag_entry_count(d), 4);

    const cs_diag_entry_t *e = cs_diag_get(d, 0);
    assert_int_equal(e->status, CS_ERR_PARSE);
    assert_string_equal(e->file, "a.csv");
    assert_int_equal(e->line, 3);
    assert_int_equal(e->column, 7);
    assert_string_equal(e->message, "bad thing 42");

    const char *want[] = {"a.csv:3:7: bad thing 42", "b.csv: cannot open",
                          "c.csv:5: line only", "no file"};
    for (size_t i = 0; i < 4; i++) {
        char *s = cs_diag_entry_format(cs_diag_get(d, i));
        assert_string_equal(s, want[i]);
        free(s);
    }
    assert_null(cs_diag_entry_format(NULL));
    assert_true(cs_test_diag_has(d, 3, 7, "thing"));
    assert_false(cs_test_diag_has(d, 3, 8, "thing"));
    assert_true(cs_test_diag_has(d, 5, 0, NULL));

    cs_diag_clear(d);
    assert_int_equal(cs_diag_reported_count(d), 0);
    assert_int_equal(cs_diag_entry_count(d), 0);
    cs_diag_add(d, CS_ERR_PARSE, "x", 1, 1, "again");
    assert_int_equal(cs_diag_reported_count(d), 1);
    cs_diag_free(d);
    cs_diag_free(NULL);
}

static void
test_diag_null_and_limit(void **state)
{
    (void)state;
    /* NULL diag: nothing collected, status still returned */
    assert_int_equal(cs_diag_add(NULL, CS_ERR_LIMIT, "f", 1, 1, "x"),
                     CS_ERR_LIMIT);
    assert_int_equal(cs_diag_reported_count(NULL), 0);
    assert_int_equal(cs_diag_entry_count(NULL), 0);
    assert_null(cs_diag_get(NULL, 0));

    cs_diag_t *d = cs_diag_new();
    for (unsigned i = 0; i < CS_DIAG_MAX_ENTRIES + 50; i++)
        cs_diag_add(d, CS_ERR_INVALID, "f.csv", i + 1, 1, "problem %u", i);
    assert_int_equal(cs_diag_reported_count(d), CS_DIAG_MAX_ENTRIES + 50);
    assert_int_equal(cs_diag_entry_count(d), CS_DIAG_MAX_ENTRIES);
    assert_int_equal(cs_diag_get(d, CS_DIAG_MAX_ENTRIES - 1)->line,
                     CS_DIAG_MAX_ENTRIES);
    assert_null(cs_diag_get(d, CS_DIAG_MAX_ENTRIES));
    cs_diag_free(d);
}

static void
test_read_file(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("status");
    char *p = g_build_filename(dir, "f.txt", NULL);
    cs_test_write(p, "hello\n", (size_t)-1);
    char *data = NULL;
    size_t len = 0;
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_read_file(p, 100, &data, &len, d), CS_OK);
    assert_int_equal(len, 6);
    assert_string_equal(data, "hello\n");
    free(data);

    /* larger than the limit */
    assert_int_equal(cs_read_file(p, 3, &data, &len, d), CS_ERR_LIMIT);
    assert_null(data);
    assert_true(cs_test_diag_has(d, 0, 0, "limit"));

    /* missing file: the message names the file */
    char *missing = g_build_filename(dir, "missing.csv", NULL);
    cs_diag_clear(d);
    assert_int_equal(cs_read_file(missing, 100, &data, &len, d), CS_ERR_IO);
    assert_int_equal(cs_diag_reported_count(d), 1);
    assert_string_equal(cs_diag_get(d, 0)->file, missing);
    assert_non_null(strstr(cs_diag_get(d, 0)->message, "cannot open"));

    cs_diag_free(d);
    g_free(missing);
    g_free(p);
    cs_test_rmtree(dir);
    g_free(dir);
}

static void
test_version(void **state)
{
    (void)state;
    char *want = g_strdup_printf("%d.%d.%d", CS_VERSION_MAJOR,
                                 CS_VERSION_MINOR,
                                 CS_VERSION_MICRO);
    assert_string_equal(cs_version(), want);
    assert_string_equal(CS_VERSION_STRING, want);
    g_free(want);
    /* the encoded number orders versions */
    assert_true(CS_VERSION_ENCODE(0, 10, 0) > CS_VERSION_ENCODE(0, 9, 99));
    assert_true(CS_VERSION_ENCODE(1, 0, 0) > CS_VERSION_ENCODE(0, 99, 99));
    assert_int_equal(CS_VERSION, CS_VERSION_ENCODE(CS_VERSION_MAJOR,
                                                   CS_VERSION_MINOR,
                                                   CS_VERSION_MICRO));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_strings),
        cmocka_unit_test(test_diag_add_and_format),
        cmocka_unit_test(test_diag_null_and_limit),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
