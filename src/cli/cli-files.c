/* SPDX-License-Identifier: MIT */
/*
 * The files of one run, so that no output replaces an input or another
 * output of the same run. Files are compared as the file system sees
 * them (device and inode), not by name: "./city.csv", "city.csv" and a
 * link to it are one file. An output that does not exist yet is known by
 * its folder's device and inode and its name.
 */
#include "cli.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

typedef struct file_id {
    char *what, *path;
    int exists;
    dev_t dev;
    ino_t ino;
    char *entry; /* "DEV:INO/NAME" of the folder entry, or the canonical path */
} file_id;

struct cs_cli_files {
    GArray *inputs, *outputs; /* file_id */
};

static void
file_id_clear(gpointer p)
{
    file_id *f = p;
    g_free(f->what);
    g_free(f->path);
    g_free(f->entry);
}

cs_cli_files_t *
cs_cli_files_new(void)
{
    cs_cli_files_t *f = g_new0(cs_cli_files_t, 1);
    f->inputs = g_array_new(FALSE, TRUE, sizeof(file_id));
    f->outputs = g_array_new(FALSE, TRUE, sizeof(file_id));
    g_array_set_clear_func(f->inputs, file_id_clear);
    g_array_set_clear_func(f->outputs, file_id_clear);
    return f;
}

void
cs_cli_files_free(cs_cli_files_t *f)
{
    if (!f)
        return;
    g_array_free(f->inputs, TRUE);
    g_array_free(f->outputs, TRUE);
    g_free(f);
}

static file_id
identify(const char *what, const char *path)
{
    file_id id = {g_strdup(what), g_strdup(path), 0, 0, 0, NULL};
    GStatBuf sb;
    if (g_stat(path, &sb) == 0) {
        id.exists = 1;
        id.dev = sb.st_dev;
        id.ino = sb.st_ino;
    }
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    if (g_stat(dir, &sb) == 0)
        id.entry = g_strdup_printf("%ju:%ju/%s", (uintmax_t)sb.st_dev,
                                   (uintmax_t)sb.st_ino, base);
    else
        id.entry = g_canonicalize_filename(path, NULL);
    g_free(dir);
    g_free(base);
    return id;
}

void
cs_cli_files_input(cs_cli_files_t *f, const char *what, const char *path)
{
    if (!f || !path)
        return;
    file_id id = identify(what, path);
    if (id.exists)
        g_array_append_val(f->inputs, id);
    else
        file_id_clear(&id);
}

int
cs_cli_files_output(cs_cli_files_t *f, const char *prog, const char *what,
                    const char *path)
{
    if (!f || !path)
        return CS_EXIT_OK;
    file_id id = identify(what, path);
    const file_id *clash = NULL;
    int is_input = 0;
    for (guint i = 0; id.exists && i < f->inputs->len && !clash; i++) {
        const file_id *in = &g_array_index(f->inputs, file_id, i);
        if (in->dev == id.dev && in->ino == id.ino) {
            clash = in;
            is_input = 1;
        }
    }
    for (guint i = 0; i < f->outputs->len && !clash; i++) {
        const file_id *o = &g_array_index(f->outputs, file_id, i);
        if (!strcmp(o->entry, id.entry) ||
            (id.exists && o->exists && o->dev == id.dev && o->ino == id.ino))
            clash = o;
    }
    if (clash) {
        char *p = cs_diag_escape(path), *q = cs_diag_escape(clash->path);
        fprintf(stderr,
                "%s: the %s %s would overwrite the %s %s %s (the same "
                "file); nothing was written\n",
                prog, what, p ? p : "?", is_input ? "input" : "output",
                clash->what, q ? q : "?");
        free(p);
        free(q);
        file_id_clear(&id);
        return CS_EXIT_USAGE;
    }
    g_array_append_val(f->outputs, id);
    return CS_EXIT_OK;
}

/* Async-signal-safe: removes the temporary files, then ends the process
 * as the shell reports a signal (128 + its number). */
static void
on_signal(int sig)
{
    cs_write_abort();
    _exit(128 + sig);
}

void
cs_cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}
