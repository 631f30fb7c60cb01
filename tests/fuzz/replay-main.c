/* SPDX-License-Identifier: MIT */
/*
 * Stand-alone driver for a fuzz target in builds without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on every file named on the command line,
 * or on every file of every directory named (sorted by name, not
 * recursive), printing TAP ("ok N - FILE"). A crash, a sanitizer report or
 * a broken invariant (abort) ends the program, which the test harness
 * reports as a failure. Usage: fuzz-replay-TARGET DIR|FILE...
 */
#include "fuzz-common.h"

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
collect(const char *arg, GPtrArray *files)
{
    if (!g_file_test(arg, G_FILE_TEST_IS_DIR)) {
        g_ptr_array_add(files, g_strdup(arg));
        return;
    }
    GError *err = NULL;
    GDir *d = g_dir_open(arg, 0, &err);
    if (!d) {
        fprintf(stderr, "replay: %s\n", err->message);
        exit(1);
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (n[0] != '.')
            g_ptr_array_add(names, g_build_filename(arg, n, NULL));
    g_dir_close(d);
    qsort(names->pdata, names->len, sizeof(char *), by_name);
    for (guint i = 0; i < names->len; i++)
        if (g_file_test(names->pdata[i], G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(files, g_strdup(names->pdata[i]));
    g_ptr_array_free(names, TRUE);
}

int
main(int argc, char **argv)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    for (int i = 1; i < argc; i++) {
        if (!g_file_test(argv[i], G_FILE_TEST_EXISTS)) {
            fprintf(stderr, "replay: %s: no such file or directory\n",
                    argv[i]);
            return 1;
        }
        collect(argv[i], files);
    }
    if (files->len == 0) {
        fprintf(stderr, "replay: no input files (an empty seed corpus?)\n");
        return 1;
    }
    printf("1..%u\n", files->len);
    fflush(stdout);
    for (guint i = 0; i < files->len; i++) {
        const char *path = files->pdata[i];
        char *data = NULL;
        gsize len = 0;
        GError *err = NULL;
        if (!g_file_get_contents(path, &data, &len, &err)) {
            printf("not ok %u - %s # %s\n", i + 1, path, err->message);
            g_error_free(err);
            continue;
        }
        /* exact size, no terminator: lets ASan see reads past the end */
        uint8_t *copy = malloc(len ? len : 1);
        if (len)
            memcpy(copy, data, len);
        g_free(data);
        /* name the input first, so a crash report says which one it was */
        fprintf(stderr, "# replaying %s (%zu bytes)\n", path, (size_t)len);
        LLVMFuzzerTestOneInput(copy, len);
        free(copy);
        printf("ok %u - %s\n", i + 1, path);
        fflush(stdout);
    }
    g_ptr_array_free(files, TRUE);
    return 0;
}
