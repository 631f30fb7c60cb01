/* SPDX-License-Identifier: MIT */
/* Helpers shared by the test programs. */
#ifndef CS_TEST_H
#define CS_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <citysnap/citysnap.h>

/* Absolute path of a file under tests/ (g_free). */
char *cs_test_src(const char *rel);
/* Absolute path of a file under the source root (g_free). */
char *cs_test_root(const char *rel);
/* A fresh empty temporary directory under the build dir (g_free; removed by
 * cs_test_rmtree). */
char *cs_test_tmpdir(const char *tag);
void cs_test_rmtree(const char *dir);

/* True when @diag holds an entry at @line:@column (column 0: any) whose
 * message contains @needle (NULL: any). */
int cs_test_diag_has(const cs_diag_t *diag, unsigned line, unsigned column,
                     const char *needle);
/* Prints all entries of @diag (for failing tests). */
void cs_test_diag_dump(const cs_diag_t *diag);

/* Skips the running test (cmocka's skip(): it shows as SKIPPED) when
 * @tool is not on the PATH. Checks made before the call still count; what
 * needs the tool never passes without running. */
void cs_test_require_tool(const char *tool);

/* Runs the citysnap CLI with a NULL-terminated argument list (argv[0] is
 * added). Captures stdout/stderr (g_free) when the pointers are non-NULL.
 * Returns the exit status, or -1 when it could not run. */
int cs_test_run_cli(char **out, char **err, ...);
int cs_test_run_cliv(char **out, char **err, char **args);
/* cs_test_run_cliv() with the environment @env (NULL: this one's). */
int cs_test_run_cli_env(char **out, char **err, char **env, char **args);

/* Reads a whole file (g_free); NULL when missing. */
char *cs_test_read(const char *path, size_t *len);
/* Writes @len bytes (len == (size_t)-1: strlen) to @path; asserts success. */
void cs_test_write(const char *path, const char *data, size_t len);

/* Whether one line of the CLI's stderr @err carries "PATH:LINE:COLUMN: "
 * (or "PATH:LINE: " when @column is 0, "PATH: " when @line is 0)
 * followed by @needle (NULL: anything). */
int cs_test_err_has(const char *err, const char *path, unsigned line,
                    unsigned column, const char *needle);

/* A listing of every entry under @dir (recursive, dot files included)
 * with the size and SHA-256 of each file, "NAME special" for other
 * entries: equal listings mean nothing was created, removed or changed.
 * g_free. */
char *cs_test_snapshot(const char *dir);

/* Loads the bundled framework data/u4ssc-wheel.csv (asserts success). */
cs_framework_t *cs_test_framework(void);
/* A small framework (2 dimensions, 3 groups, 6 KPIs) from memory. */
cs_framework_t *cs_test_small_framework(void);

#endif
