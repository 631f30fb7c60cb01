/* SPDX-License-Identifier: MIT */
/* Writing a file whole or not at all. */
#include <citysnap/render.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cs-private.h"

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

cs_status_t
cs_write_file_atomic(const char *path, const unsigned char *data, size_t len,
                     cs_diag_t *diag)
{
    if (!path || !*path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, "no output file");
    if (!data && len)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0, "no data to write");
    /* An existing output that is neither a regular file nor a folder (a
     * device such as /dev/stdout or /dev/null, a FIFO) is written in
     * place: renaming a temporary file over it would replace the device. */
    GStatBuf sb;
    if (g_stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) &&
        !S_ISDIR(sb.st_mode)) {
        int fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);
        if (fd < 0) {
            int e = errno;
            return cs_diag_add(diag, CS_ERR_IO, path, 0, 0, "cannot open: %s",
                               g_strerror(e));
        }
        int e = write_all(fd, data, len);
        if (close(fd) != 0 && !e)
            e = errno;
        if (e)
            return cs_diag_add(diag, CS_ERR_IO, path, 0, 0,
                               "cannot write: %s", g_strerror(e));
        return CS_OK;
    }
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmp = g_strdup_printf("%s%c.%s.tmp-XXXXXX", dir, G_DIR_SEPARATOR,
                                base);
    g_free(dir);
    g_free(base);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        g_free(tmp);
        return cs_diag_add(diag, CS_ERR_IO, path, 0, 0,
                           "cannot create a temporary file next to it: %s",
                           g_strerror(e));
    }
    int err = write_all(fd, data, len);
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && g_rename(tmp, path) != 0)
        err = errno;
    if (err) {
        g_unlink(tmp);
        g_free(tmp);
        return cs_diag_add(diag, CS_ERR_IO, path, 0, 0, "cannot write: %s",
                           g_strerror(err));
    }
    g_free(tmp);
    return CS_OK;
}
