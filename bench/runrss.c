/* SPDX-License-Identifier: MIT */
/*
 * citysnap-runrss RESULT CMD [ARG...]: runs CMD and writes
 * "WALL_MS CPU_MS MAXRSS_KB STATUS" to the file RESULT.
 *
 * Why a separate program: Linux keeps a process' peak RSS across exec,
 * and a child forked (or vforked) from citysnap-bench starts with the
 * bench's own peak (fonts, renderer, a 2000 px surface) — every child
 * would then report at least that. This launcher uses libc only, so the
 * peak it hands down to its child is about 1 MB.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: citysnap-runrss RESULT CMD [ARG...]\n");
        return 2;
    }
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("citysnap-runrss: fork");
        return 2;
    }
    if (pid == 0) {
        execv(argv[2], argv + 2);
        perror("citysnap-runrss: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("citysnap-runrss: wait4");
            return 2;
        }
    }
    double wall = now_ms() - t0;
    double cpu = (double)ru.ru_utime.tv_sec * 1e3 +
                 (double)ru.ru_utime.tv_usec / 1e3 +
                 (double)ru.ru_stime.tv_sec * 1e3 +
                 (double)ru.ru_stime.tv_usec / 1e3;
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror("citysnap-runrss: result file");
        return 2;
    }
    fprintf(f, "%.3f %.3f %ld %d\n", wall, cpu, ru.ru_maxrss, status);
    if (fclose(f) != 0)
        return 2;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
