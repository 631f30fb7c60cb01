/* SPDX-License-Identifier: MIT */
/* Helpers shared by the test programs. */
#include "cs-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

static const char *
env_or(const char *name, const char *fallback)
{
    const char *v = g_getenv(name);
    return v && *v ? v : fallback;
}

char *
cs_test_src(const char *rel)
{
    return g_build_filename(env_or("CS_TEST_SRCDIR", "."), rel, NULL);
}

char *
cs_test_root(const char *rel)
{
    return g_build_filename(env_or("CITYSNAP_DATADIR", ".."), rel, NULL);
}

char *
cs_test_tmpdir(const char *tag)
{
    char *base = g_build_filename(env_or("CS_TEST_BUILDDIR", "."), "tmp",
                                  NULL);
    g_mkdir_with_parents(base, 0755);
    char *tmpl = g_strdup_printf("%s/%s-XXXXXX", base, tag);
    g_free(base);
    char *dir = g_mkdtemp(tmpl);
    assert_non_null(dir);
    return dir;
}

void
cs_test_rmtree(const char *dir)
{
    if (!dir)
        return;
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d) {
        const char *name;
        while ((name = g_dir_read_name(d))) {
            char *p = g_build_filename(dir, name, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_DIR) &&
                !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
                g_chmod(p, 0755);
                cs_test_rmtree(p);
            } else {
                g_unlink(p);
            }
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(dir);
}

int
cs_test_diag_has(const cs_diag_t *diag, unsigned line, unsigned column,
                 const char *needle)
{
    for (size_t i = 0; i < cs_diag_entry_count(diag); i++) {
        const cs_diag_entry_t *e = cs_diag_get(diag, i);
        if (e->line != line)
            continue;
        if (column && e->column != column)
            continue;
        if (needle && !strstr(e->message, needle))
            continue;
        return 1;
    }
    return 0;
}

void
cs_test_diag_dump(const cs_diag_t *diag)
{
    for (size_t i = 0; i < cs_diag_entry_count(diag); i++) {
        char *s = cs_diag_entry_format(cs_diag_get(diag, i));
        fprintf(stderr, "# diag: %s\n", s);
        free(s);
    }
}

int
cs_test_run_cliv(char **out, char **err, char **args)
{
    return cs_test_run_cli_env(out, err, NULL, args);
}

int
cs_test_run_cli_env(char **out, char **err, char **env, char **args)
{
    const char *exe = env_or("CITYSNAP_EXE", "citysnap");
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)exe);
    for (char **a = args; *a; a++)
        g_ptr_array_add(argv, *a);
    g_ptr_array_add(argv, NULL);
    char *o = NULL, *e = NULL;
    int status = 0;
    GError *error = NULL;
    gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, env, 0, NULL,
                               NULL, &o, &e, &status, &error);
    g_ptr_array_free(argv, TRUE);
    if (!ok) {
        fprintf(stderr, "# cannot run %s: %s\n", exe, error->message);
        g_error_free(error);
        return -1;
    }
    if (out)
        *out = o;
    else
        g_free(o);
    if (err)
        *err = e;
    else
        g_free(e);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return -1; /* killed by a signal: always a failure */
}

int
cs_test_run_cli(char **out, char **err, ...)
{
    GPtrArray *args = g_ptr_array_new();
    va_list ap;
    va_start(ap, err);
    char *a;
    while ((a = va_arg(ap, char *)))
        g_ptr_array_add(args, a);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    int rc = cs_test_run_cliv(out, err, (char **)args->pdata);
    g_ptr_array_free(args, TRUE);
    return rc;
}

char *
cs_test_read(const char *path, size_t *len)
{
    char *data = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, &data, &n, NULL))
        return NULL;
    if (len)
        *len = n;
    return data;
}

void
cs_test_write(const char *path, const char *data, size_t len)
{
    if (len == (size_t)-1)
        len = strlen(data);
    assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
}

cs_framework_t *
cs_test_framework(void)
{
    char *p = cs_test_root("data/u4ssc-wheel.csv");
    cs_diag_t *d = cs_diag_new();
    cs_framework_t *fw = NULL;
    cs_status_t st = cs_framework_load(p, &fw, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    g_free(p);
    return fw;
}

cs_framework_t *
cs_test_small_framework(void)
{
    static const char csv[] =
        "code,dimension,group,label,unit,direction,target\n"
        "A:1,Economy,Alpha,First KPI,%,higher,100\n"
        "A:2,Economy,Alpha,Second KPI,%,lower,10\n"
        "B:1/x,Economy,Beta,Third KPI x,%,higher,\n"
        "B:1/y,Economy,Beta,Third KPI y,%,higher,50\n"
        "C:1,Environment,Gamma,Fifth KPI,,higher,4\n"
        "C:2,Environment,Gamma,Sixth KPI,,lower,\n";
    cs_diag_t *d = cs_diag_new();
    cs_framework_t *fw = NULL;
    cs_status_t st = cs_framework_load_buffer("small.csv", csv,
                                              sizeof(csv) - 1, &fw, d);
    if (st != CS_OK)
        cs_test_diag_dump(d);
    assert_int_equal(st, CS_OK);
    cs_diag_free(d);
    return fw;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A listing of every entry under @dir (recursive, dot files included) with
 * the size and SHA-256 of each file: equal listings mean nothing was
 * created, removed or changed (temporary files included). g_free. */
char *
cs_test_snapshot(const char *dir)
{
    GString *s = g_string_new(NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return g_string_free(s, FALSE);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_str);
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        char *p = g_build_filename(dir, name, NULL);
        GStatBuf st;
        if (g_lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            g_string_append_printf(s, "%s/\n", name);
            char *sub = cs_test_snapshot(p);
            char **lines = g_strsplit(sub, "\n", -1);
            for (size_t k = 0; lines[k]; k++)
                if (*lines[k])
                    g_string_append_printf(s, "%s/%s\n", name, lines[k]);
            g_strfreev(lines);
            g_free(sub);
        } else if (g_lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            size_t len = 0;
            char *data = cs_test_read(p, &len);
            char *sum = g_compute_checksum_for_data(
                G_CHECKSUM_SHA256, (const guchar *)(data ? data : ""), len);
            g_string_append_printf(s, "%s %zu %s\n", name, len, sum);
            g_free(sum);
            g_free(data);
        } else {
            g_string_append_printf(s, "%s special\n", name);
        }
        g_free(p);
    }
    g_ptr_array_free(names, TRUE);
    return g_string_free(s, FALSE);
}

/* Whether one line of @err carries "PATH:LINE:COLUMN: " (or "PATH:LINE: "
 * when @column is 0, "PATH: " when @line is 0) followed by @needle. */
int
cs_test_err_has(const char *err, const char *path, unsigned line, unsigned column,
         const char *needle)
{
    char *prefix = line == 0     ? g_strdup_printf("%s: ", path)
                   : column == 0 ? g_strdup_printf("%s:%u: ", path, line)
                                 : g_strdup_printf("%s:%u:%u: ", path, line,
                                                   column);
    char **lines = g_strsplit(err ? err : "", "\n", -1);
    int found = 0;
    for (size_t i = 0; lines[i] && !found; i++) {
        const char *at = strstr(lines[i], prefix);
        if (at && (!needle || strstr(at + strlen(prefix), needle)))
            found = 1;
    }
    g_strfreev(lines);
    g_free(prefix);
    return found;
}

void
cs_test_require_tool(const char *tool)
{
    char *exe = g_find_program_in_path(tool);
    if (!exe) {
        fprintf(stderr, "# %s not found (.ci/setup installs it): skipped\n",
                tool);
        skip();
    }
    g_free(exe);
}
