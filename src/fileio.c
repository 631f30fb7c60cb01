/* SPDX-License-Identifier: MIT */
/*
 * Writing files whole or not at all, a set of them together.
 *
 * Each file of a set is written to a temporary file in its folder
 * (".cs-XXXXXXXX.tmp": short, so any legal output name works), created
 * with O_EXCL|O_NOFOLLOW relative to the folder's descriptor; only when
 * every one is complete are they renamed (renameat) over their names.
 * Live temporary names are kept in a fixed table that cs_write_abort()
 * reads from a signal handler.
 *
 * What an existing name may be: a regular file is replaced. A name the
 * user gave (@named) may also be a character device or a FIFO with a
 * reader (-o /dev/stdout, a pipe): written in place, since renaming over
 * it would replace the device node; a symbolic link is replaced by the
 * file (never written through). A name citysnap made (an id inside an
 * output folder, a --describe table) must be a regular file or absent:
 * links, devices and FIFOs there are refused. Block devices, sockets and
 * folders are always refused.
 */
#include <citysnap/render.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cs-private.h"

/* ---- the temporary-file table (async-signal-safe reading) ---------------- */

enum { SLOT_FREE = 0, SLOT_CLAIMED = 1, SLOT_LIVE = 2 };
#define TMP_SLOTS 256
#define TMP_NAME_LEN 24 /* ".cs-XXXXXXXX.tmp" and its NUL */

static struct {
    int state; /* atomic */
    int dirfd;
    char name[TMP_NAME_LEN];
} tmp_slots[TMP_SLOTS];
static int aborting; /* atomic: set by cs_write_abort() */

/* Claims a slot for a temporary file in @dirfd and makes its name; -1 when
 * the table is full (the file is then written unregistered). */
static int
slot_claim(int dirfd, char name[TMP_NAME_LEN])
{
    g_snprintf(name, TMP_NAME_LEN, ".cs-%08x.tmp", g_random_int());
    for (int i = 0; i < TMP_SLOTS; i++) {
        int want = SLOT_FREE;
        if (__atomic_compare_exchange_n(&tmp_slots[i].state, &want,
                                        SLOT_CLAIMED, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            tmp_slots[i].dirfd = dirfd;
            memcpy(tmp_slots[i].name, name, TMP_NAME_LEN);
            /* live before the file exists: no moment where a file exists
             * that the handler does not know */
            __atomic_store_n(&tmp_slots[i].state, SLOT_LIVE,
                             __ATOMIC_RELEASE);
            return i;
        }
    }
    return -1;
}

static void
slot_release(int i)
{
    if (i >= 0)
        __atomic_store_n(&tmp_slots[i].state, SLOT_FREE, __ATOMIC_RELEASE);
}

void
cs_write_abort(void)
{
    /* async-signal-safe: atomics and unlinkat() only */
    __atomic_store_n(&aborting, 1, __ATOMIC_SEQ_CST);
    for (int i = 0; i < TMP_SLOTS; i++)
        if (__atomic_load_n(&tmp_slots[i].state, __ATOMIC_ACQUIRE) ==
            SLOT_LIVE)
            unlinkat(tmp_slots[i].dirfd, tmp_slots[i].name, 0);
}

/* ---- one file ------------------------------------------------------------- */

/* Writes all of @data to @fd; 0 or an errno value. */
static int
write_all(int fd, const unsigned char *data, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, data + done, len - done);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        done += (size_t)k;
    }
    return 0;
}

typedef enum { W_TEMP, W_IN_PLACE } how_t;

typedef struct job {
    const cs_write_item_t *item;
    char *shown;   /* the name in messages */
    int dirfd;     /* folder of the file */
    int own_dirfd; /* dirfd is ours to close */
    char *base;    /* name inside the folder */
    how_t how;
    int slot;
    char tmp[TMP_NAME_LEN];
    int tmp_made;
    int fd; /* W_IN_PLACE: opened device or FIFO */
} job_t;

static const char *
kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "a folder"
           : S_ISFIFO(m) ? "a named pipe (FIFO)"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
           : S_ISLNK(m)  ? "a symbolic link"
                         : "not a regular file";
}

/* Decides how @j is written, and opens a device or FIFO that is written
 * in place. */
static cs_status_t
plan(job_t *j, cs_diag_t *diag)
{
    struct stat sb;
    j->fd = -1;
    if (fstatat(j->dirfd, j->base, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) {
            j->how = W_TEMP;
            return CS_OK;
        }
        return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0, "cannot write: %s",
                           g_strerror(errno));
    }
    if (S_ISREG(sb.st_mode)) {
        j->how = W_TEMP;
        return CS_OK;
    }
    if (S_ISDIR(sb.st_mode))
        return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0, "cannot write: %s",
                           g_strerror(EISDIR));
    if (!j->item->named)
        return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                           "not written: it is %s, not a regular file "
                           "(citysnap replaces only regular files here; "
                           "remove it)",
                           kind_of(sb.st_mode));
    struct stat tb = sb;
    if (S_ISLNK(sb.st_mode) && fstatat(j->dirfd, j->base, &tb, 0) != 0) {
        j->how = W_TEMP; /* a dangling link: replaced */
        return CS_OK;
    }
    if (S_ISREG(tb.st_mode)) {
        j->how = W_TEMP; /* the link is replaced, its target kept */
        return CS_OK;
    }
    if (S_ISCHR(tb.st_mode) || S_ISFIFO(tb.st_mode)) {
        /* named on purpose: written in place; a FIFO without a reader
         * fails at once (ENXIO) instead of waiting */
        int fd = openat(j->dirfd, j->base,
                        O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
            int e = errno;
            if (e == ENXIO)
                return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                                   "not written: no process reads this "
                                   "named pipe (FIFO)");
            return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                               "cannot open: %s", g_strerror(e));
        }
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        j->fd = fd;
        j->how = W_IN_PLACE;
        return CS_OK;
    }
    return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                       "not written: it is %s (citysnap writes regular "
                       "files, character devices and FIFOs)",
                       kind_of(tb.st_mode));
}

/* Writes @j's temporary file. */
static cs_status_t
write_temp(job_t *j, cs_diag_t *diag)
{
    int fd = -1, e = 0;
    for (int tries = 0; tries < 16; tries++) {
        j->slot = slot_claim(j->dirfd, j->tmp);
        if (j->slot < 0)
            g_snprintf(j->tmp, TMP_NAME_LEN, ".cs-%08x.tmp", g_random_int());
        if (__atomic_load_n(&aborting, __ATOMIC_SEQ_CST)) {
            slot_release(j->slot);
            j->slot = -1;
            return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                               "not written: interrupted");
        }
        fd = openat(j->dirfd, j->tmp,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0666);
        if (fd >= 0)
            break;
        e = errno;
        slot_release(j->slot);
        j->slot = -1;
        if (e != EEXIST)
            break;
    }
    if (fd < 0)
        return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                           "cannot create a temporary file next to it: %s",
                           g_strerror(e));
    j->tmp_made = 1;
    e = write_all(fd, j->item->data, j->item->len);
    if (close(fd) != 0 && !e)
        e = errno;
    if (e)
        return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                           "cannot write: %s", g_strerror(e));
    return CS_OK;
}

static void
job_clear(job_t *j)
{
    if (j->tmp_made)
        unlinkat(j->dirfd, j->tmp, 0);
    slot_release(j->slot);
    if (j->fd >= 0)
        close(j->fd);
    if (j->own_dirfd && j->dirfd >= 0)
        close(j->dirfd);
    g_free(j->shown);
    g_free(j->base);
}

/* Fills @j for @item: its folder descriptor and name. */
static cs_status_t
locate(job_t *j, int dirfd, const char *dirname, const cs_write_item_t *item,
       cs_diag_t *diag)
{
    j->item = item;
    j->slot = -1;
    j->fd = -1;
    j->dirfd = -1;
    if (dirfd != AT_FDCWD) {
        j->shown = g_build_filename(dirname ? dirname : ".", item->path,
                                    NULL);
        if (!*item->path || strchr(item->path, '/') ||
            !strcmp(item->path, ".") || !strcmp(item->path, ".."))
            return cs_diag_add(diag, CS_ERR_ARG, j->shown, 0, 0,
                               "not a plain file name inside the folder");
        j->dirfd = dirfd;
        j->base = g_strdup(item->path);
        return CS_OK;
    }
    j->shown = g_strdup(item->path);
    size_t n = strlen(item->path);
    if (n && item->path[n - 1] == '/')
        return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                           "cannot write: %s", g_strerror(EISDIR));
    char *dir = g_path_get_dirname(item->path);
    j->base = g_path_get_basename(item->path);
    j->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = errno;
    g_free(dir);
    if (j->dirfd < 0)
        return cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0, "cannot write: %s",
                           g_strerror(e));
    j->own_dirfd = 1;
    return CS_OK;
}

cs_status_t
cs_write_files_at(int dirfd, const char *dirname,
                  const cs_write_item_t *items, size_t n, cs_diag_t *diag)
{
    if (!items && n)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_write_files_at: no files");
    for (size_t i = 0; i < n; i++)
        if (!items[i].path || !*items[i].path ||
            (!items[i].data && items[i].len))
            return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                               "cs_write_files_at: a file without a name "
                               "or data");
    job_t *jobs = g_new0(job_t, n ? n : 1);
    cs_status_t st = CS_OK;
    for (size_t i = 0; i < n; i++)
        jobs[i].dirfd = -1, jobs[i].slot = -1, jobs[i].fd = -1;
    for (size_t i = 0; i < n && st == CS_OK; i++) {
        st = locate(&jobs[i], dirfd, dirname, &items[i], diag);
        if (st == CS_OK)
            st = plan(&jobs[i], diag);
    }
    for (size_t i = 0; i < n && st == CS_OK; i++)
        if (jobs[i].how == W_TEMP)
            st = write_temp(&jobs[i], diag);
    /* every temporary file is complete: devices, then the renames */
    for (size_t i = 0; i < n && st == CS_OK; i++) {
        job_t *j = &jobs[i];
        if (j->how != W_IN_PLACE)
            continue;
        int e = write_all(j->fd, j->item->data, j->item->len);
        if (close(j->fd) != 0 && !e)
            e = errno;
        j->fd = -1;
        if (e)
            st = cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                             "cannot write: %s", g_strerror(e));
    }
    for (size_t i = 0; i < n && st == CS_OK; i++) {
        job_t *j = &jobs[i];
        if (j->how != W_TEMP)
            continue;
        if (renameat(j->dirfd, j->tmp, j->dirfd, j->base) != 0)
            st = cs_diag_add(diag, CS_ERR_IO, j->shown, 0, 0,
                             "cannot write: %s", g_strerror(errno));
        else
            j->tmp_made = 0;
    }
    for (size_t i = 0; i < n; i++)
        job_clear(&jobs[i]);
    g_free(jobs);
    return st;
}

cs_status_t
cs_write_files_atomic(const cs_write_item_t *items, size_t n,
                      cs_diag_t *diag)
{
    return cs_write_files_at(AT_FDCWD, NULL, items, n, diag);
}

cs_status_t
cs_write_file_atomic(const char *path, const unsigned char *data, size_t len,
                     cs_diag_t *diag)
{
    if (!path || !*path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, "no output file");
    if (!data && len)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0, "no data to write");
    cs_write_item_t item = {path, data, len, 1};
    return cs_write_files_at(AT_FDCWD, NULL, &item, 1, diag);
}
