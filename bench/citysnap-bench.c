/* SPDX-License-Identifier: MIT */
/*
 * citysnap-bench: the speed budget of issue 8, measured against a floor in
 * the same run (the machine may be busy: the ratios are what count).
 *
 *   build/bench/citysnap-bench           full run (~8 minutes on 2 cores;
 *                                        the batch writes ~2 GB to $TMPDIR)
 *   build/bench/citysnap-bench --quick   short run (5 repetitions,
 *                                        100 cities instead of 1,000)
 *   ... --png-sweep                      also every PNG filter/zlib level
 *
 * Reports, for PNG (2000 px), SVG and PDF (169.33 mm = 480 pt, the width
 * of 2000 px at 300 dpi):
 *  - cold: a whole `citysnap render` process per snapshot (wall time,
 *    CPU time and peak RSS from wait4, through citysnap-runrss: see
 *    bench/runrss.c for why);
 *  - warm: cs_renderer_to_file() in a loop in this process (wall and CPU
 *    time; peak RSS as VmHWM, reset through /proc/self/clear_refs);
 *  - the output size;
 * and the same for the floor (bench/floor.c: the same wedges filled with
 * Cairo, written with Cairo's stock writers, no text, no input; cold runs
 * use citysnap-floor, a Cairo-only program), interleaved with the
 * snapshots. Then: where a warm PNG snapshot's time goes; batch
 * throughput (`citysnap batch` of 1,000 cities, the five samples
 * repeated, PNG+SVG+PDF, with -j 1 and -j 2) and its peak RSS against a
 * batch a tenth the size; cs_layout_compute() for synthetic wheels of
 * 10, 100 and 1,000 KPI wedges (the most a framework may have); and a
 * MET/NOT MET line per target.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <png.h>
#include <zlib.h>

#include <citysnap/citysnap.h>

#include "cs-config.h"
#include "png-private.h"
#include "floor.h"

extern char **environ;

#define PNG_PX 2000.0
#define VEC_MM (PNG_PX / 300.0 * 25.4) /* 169.33 mm */
#define VEC_PT (VEC_MM / 25.4 * 72.0)  /* 480 pt */
#define CITY_NAME "\xc3\x85lesund"

/* ---- small helpers -------------------------------------------------------- */

static double
now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double
cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* This thread's CPU time: for single-threaded steps, it does not count
 * the time other processes of a busy machine take from us. */
static double
thread_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

typedef struct sample {
    GArray *v; /* double */
} sample;

static void
sample_init(sample *s)
{
    s->v = g_array_new(FALSE, FALSE, sizeof(double));
}

static void
sample_add(sample *s, double x)
{
    g_array_append_val(s->v, x);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double
sample_median(const sample *s)
{
    if (!s->v || s->v->len == 0)
        return NAN;
    double *c = g_memdup2(s->v->data, s->v->len * sizeof(double));
    qsort(c, s->v->len, sizeof(double), cmp_double);
    size_t n = s->v->len;
    double m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    g_free(c);
    return m;
}

static double
sample_min(const sample *s)
{
    double m = INFINITY;
    for (guint i = 0; s->v && i < s->v->len; i++)
        m = fmin(m, g_array_index(s->v, double, i));
    return m;
}

static void
sample_free(sample *s)
{
    if (s->v)
        g_array_free(s->v, TRUE);
    s->v = NULL;
}

/* A "VmHWM:" or "VmRSS:" line of /proc/self/status, in kB; -1 when
 * missing. */
static long
vm_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    long kb = -1;
    char line[256];
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f)) {
        if (!strncmp(line, key, n))
            kb = strtol(line + n, NULL, 10);
    }
    if (f)
        fclose(f);
    if (kb < 0 && !strcmp(key, "VmHWM:")) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        kb = ru.ru_maxrss;
    }
    return kb;
}

/* Resets VmHWM to the current RSS (Linux >= 4.0). 0 when it worked. */
static int
reset_hwm(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    if (fd < 0)
        return -1;
    int ok = write(fd, "5", 1) == 1;
    close(fd);
    return ok ? 0 : -1;
}

static size_t
file_size(const char *path)
{
    GStatBuf sb;
    return g_stat(path, &sb) == 0 ? (size_t)sb.st_size : 0;
}

typedef struct proc_result {
    double wall_ms, cpu_ms;
    long maxrss_kb;
    int ok;
} proc_result;

/* Runs @argv through citysnap-runrss (see bench/runrss.c: the peak RSS
 * of a child of this big process would include this process' own), with
 * stdout to /dev/null and stderr to @errlog. */
static const char *runrss_exe = CS_BENCH_RUNRSS;

static proc_result
run_proc(char **argv, const char *errlog)
{
    proc_result r = {0, 0, 0, 0};
    char *result = g_strconcat(errlog, ".result", NULL);
    GPtrArray *args = g_ptr_array_new();
    g_ptr_array_add(args, (char *)runrss_exe);
    g_ptr_array_add(args, result);
    for (char **a = argv; *a; a++)
        g_ptr_array_add(args, *a);
    g_ptr_array_add(args, NULL);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, errlog,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    g_unlink(result);
    int e = posix_spawn(&pid, runrss_exe, &fa, NULL, (char **)args->pdata,
                        environ);
    posix_spawn_file_actions_destroy(&fa);
    g_ptr_array_free(args, TRUE);
    if (e != 0) {
        fprintf(stderr, "citysnap-bench: cannot run %s: %s\n", runrss_exe,
                strerror(e));
        g_free(result);
        return r;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    char *text = NULL;
    int child_status = -1;
    if (g_file_get_contents(result, &text, NULL, NULL)) {
        char *p = text, *end;
        r.wall_ms = g_ascii_strtod(p, &end);
        p = end;
        r.cpu_ms = g_ascii_strtod(p, &end);
        p = end;
        r.maxrss_kb = strtol(p, &end, 10);
        p = end;
        child_status = (int)strtol(p, &end, 10);
    }
    g_free(text);
    g_unlink(result);
    g_free(result);
    r.ok = child_status == 0 && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
    if (!r.ok) {
        char *msg = NULL;
        g_file_get_contents(errlog, &msg, NULL, NULL);
        fprintf(stderr, "citysnap-bench: %s failed (status %d): %s\n",
                argv[0], child_status, msg ? msg : "");
        g_free(msg);
    }
    return r;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void
rmtree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
die(const char *what, cs_status_t st, const cs_diag_t *d)
{
    fprintf(stderr, "citysnap-bench: %s: %s\n", what, cs_status_to_string(st));
    for (size_t i = 0; d && i < cs_diag_entry_count(d); i++) {
        char *m = cs_diag_entry_format(cs_diag_get(d, i));
        fprintf(stderr, "  %s\n", m ? m : "?");
        free(m);
    }
    exit(1);
}

/* ---- state ---------------------------------------------------------------- */

typedef struct bench {
    int quick;
    int runs_cold, runs_warm, cities;
    int do_batch, do_sweep;
    const char *cli, *floor_exe, *root;
    char *tmp;
    cs_framework_t *fw;
    cs_bands_t *bands;
    cs_targets_t *targets;
    cs_scores_t *scores;
    cs_fonts_t *fonts;
    cs_renderer_t *r;
    floor_geom geom;
    char *geom_str;
    int shared; /* warm renders as a batch makes them (exclusive = 0) */
} bench;

static char *
root_path(const bench *b, const char *rel)
{
    return g_build_filename(b->root, rel, NULL);
}

static void
setup(bench *b)
{
    cs_diag_t *d = cs_diag_new();
    char *p = root_path(b, "data/u4ssc-wheel.csv");
    cs_status_t st = cs_framework_load(p, &b->fw, d);
    g_free(p);
    if (st != CS_OK)
        die("framework", st, d);
    p = root_path(b, "data/bands.csv");
    st = cs_bands_load(p, &b->bands, d);
    g_free(p);
    if (st != CS_OK)
        die("bands", st, d);
    p = root_path(b, "samples/targets.csv");
    st = cs_targets_load(b->fw, p, &b->targets, d);
    g_free(p);
    if (st != CS_OK)
        die("targets", st, d);
    cs_city_t *city = NULL;
    p = root_path(b, "samples/alesund.csv");
    st = cs_city_load(b->fw, p, &city, d);
    g_free(p);
    if (st != CS_OK)
        die("city", st, d);
    cs_scores_compute(b->fw, b->bands, b->targets, city, &b->scores, NULL);
    cs_city_free(city);
    p = root_path(b, "fonts");
    st = cs_fonts_new(p, &b->fonts, d);
    g_free(p);
    if (st != CS_OK)
        die("fonts", st, d);
    st = cs_renderer_new(b->fw, b->bands, b->fonts, NULL, &b->r, d);
    if (st != CS_OK)
        die("renderer", st, d);
    cs_diag_free(d);

    /* The floor's geometry: the wheel's wedges and colours, as laid out
     * for this city. */
    const cs_layout_t *l = cs_renderer_layout(b->r);
    cs_layout_canvas(l, &b->geom.width, &b->geom.height);
    cs_point_t c = cs_layout_centre(l);
    b->geom.cx = c.x;
    b->geom.cy = c.y;
    b->geom.n = cs_layout_wedge_count(l);
    b->geom.w = g_new0(floor_wedge, b->geom.n);
    for (size_t i = 0; i < b->geom.n; i++) {
        const cs_wedge_t *w = cs_layout_get_wedge(l, i);
        cs_band_t band = CS_BAND_NODATA;
        if (w->ring == CS_RING_KPI)
            band = cs_scores_get_kpi(b->scores, w->index)->band;
        else if (w->ring == CS_RING_GROUP)
            band = cs_scores_get_group(b->scores, w->index)->band;
        else
            band = cs_scores_get_dimension(b->scores, w->index)->band;
        cs_rgb_t rgb = cs_bands_color(b->bands, band);
        b->geom.w[i] = (floor_wedge){w->a0, w->a1, w->r0, w->r1,
                                     {rgb.r, rgb.g, rgb.b}};
    }
    b->geom_str = floor_geom_format(&b->geom);
}

static void
teardown(bench *b)
{
    cs_renderer_free(b->r);
    cs_fonts_free(b->fonts);
    cs_scores_free(b->scores);
    cs_targets_free(b->targets);
    cs_bands_free(b->bands);
    cs_framework_free(b->fw);
    g_free(b->geom.w);
    free(b->geom_str);
}

/* ---- snapshots and floor -------------------------------------------------- */

static const char *fmt_name[3] = {"png", "svg", "pdf"};

typedef struct fmt_result {
    /* [0] snapshot, [1] floor */
    sample cold_wall[2], cold_cpu[2], warm_wall[2], warm_cpu[2];
    long cold_rss[2], warm_rss[2], warm_base[2];
    size_t bytes[2];
    int failed;
} fmt_result;

static void
cold_once(bench *b, int f, int floor, fmt_result *res, int record)
{
    char *out = g_strdup_printf("%s/cold-%s.%s", b->tmp,
                                floor ? "floor" : "snap", fmt_name[f]);
    char *errlog = g_build_filename(b->tmp, "stderr.txt", NULL);
    proc_result pr;
    if (floor) {
        char size[32];
        g_ascii_formatd(size, sizeof size, "%.6f", f == 0 ? PNG_PX : VEC_PT);
        char *argv[] = {(char *)b->floor_exe, (char *)fmt_name[f], size, out,
                        b->geom_str, NULL};
        pr = run_proc(argv, errlog);
    } else {
        char *city = root_path(b, "samples/alesund.csv");
        char size[32];
        g_ascii_formatd(size, sizeof size, "%.5fmm", VEC_MM);
        char *argv[] = {(char *)b->cli, (char *)"render", city,
                        (char *)"-o", out, f == 0 ? NULL : (char *)"--size",
                        size, NULL};
        pr = run_proc(argv, errlog);
        g_free(city);
    }
    if (!pr.ok)
        res->failed = 1;
    if (record) {
        sample_add(&res->cold_wall[floor], pr.wall_ms);
        sample_add(&res->cold_cpu[floor], pr.cpu_ms);
        res->cold_rss[floor] = MAX(res->cold_rss[floor], pr.maxrss_kb);
        res->bytes[floor] = file_size(out);
    }
    g_unlink(out);
    g_free(out);
    g_free(errlog);
}

static void
warm_once(bench *b, int f, int floor, fmt_result *res, int record)
{
    char *out = g_strdup_printf("%s/warm-%s.%s", b->tmp,
                                floor ? "floor" : "snap", fmt_name[f]);
    double t0 = now_ms(), c0 = cpu_ms();
    if (floor) {
        if (floor_render(&b->geom, (floor_format)f, f == 0 ? PNG_PX : VEC_PT,
                         out))
            res->failed = 1;
    } else {
        cs_output_t o;
        cs_output_init(&o);
        o.format = (cs_format_t)f;
        /* one thread renders here, as in `citysnap render` (cold) */
        o.exclusive = !b->shared;
        if (f == 0)
            o.width_px = PNG_PX;
        else
            o.width_mm = VEC_MM;
        cs_diag_t *d = cs_diag_new();
        cs_status_t st = cs_renderer_to_file(b->r, b->scores, CITY_NAME, out,
                                           &o, NULL, d);
        if (st != CS_OK)
            die("warm render", st, d);
        cs_diag_free(d);
    }
    double wall = now_ms() - t0, cpu = cpu_ms() - c0;
    if (record) {
        sample_add(&res->warm_wall[floor], wall);
        sample_add(&res->warm_cpu[floor], cpu);
        if (!res->bytes[floor])
            res->bytes[floor] = file_size(out);
    }
    g_unlink(out);
    g_free(out);
}

static void
measure_formats(bench *b, fmt_result res[3])
{
    for (int f = 0; f < 3; f++) {
        memset(&res[f], 0, sizeof res[f]);
        for (int k = 0; k < 2; k++) {
            sample_init(&res[f].cold_wall[k]);
            sample_init(&res[f].cold_cpu[k]);
            sample_init(&res[f].warm_wall[k]);
            sample_init(&res[f].warm_cpu[k]);
        }
    }
    /* warm-up: page cache, fontconfig caches */
    for (int f = 0; f < 3; f++)
        for (int k = 0; k < 2; k++) {
            cold_once(b, f, k, &res[f], 0);
            warm_once(b, f, k, &res[f], 0);
        }
    /* cold, interleaved (snapshot and floor alternate which goes first) */
    for (int i = 0; i < b->runs_cold; i++) {
        fprintf(stderr, "\rcold runs %d/%d", i + 1, b->runs_cold);
        for (int f = 0; f < 3; f++) {
            cold_once(b, f, i % 2, &res[f], 1);
            cold_once(b, f, 1 - i % 2, &res[f], 1);
        }
    }
    fputc('\n', stderr);
    /* warm peak RSS: one render each after resetting the high-water mark
     * (the process also holds the renderer, fonts and data) */
    int hwm_ok = reset_hwm() == 0;
    for (int f = 0; f < 3; f++)
        for (int k = 0; k < 2; k++) {
            if (hwm_ok)
                reset_hwm();
            res[f].warm_base[k] = vm_kb("VmRSS:");
            warm_once(b, f, k, &res[f], 0);
            res[f].warm_rss[k] = vm_kb("VmHWM:");
        }
    if (!hwm_ok)
        fprintf(stderr, "note: /proc/self/clear_refs not writable: warm peak "
                        "RSS is the process' high-water mark\n");
    for (int i = 0; i < b->runs_warm; i++) {
        fprintf(stderr, "\rwarm runs %d/%d", i + 1, b->runs_warm);
        for (int f = 0; f < 3; f++) {
            warm_once(b, f, i % 2, &res[f], 1);
            warm_once(b, f, 1 - i % 2, &res[f], 1);
        }
    }
    fputc('\n', stderr);
}

/* ---- where a warm PNG snapshot goes --------------------------------------- */

typedef struct phases {
    sample fonts, renderer, labels, draw, fast, small, stock, floor_fill,
        floor_stock;
    size_t bytes_fast, bytes_small, bytes_stock;
} phases;

static cairo_status_t
count_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    (void)data;
    *(size_t *)closure += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
wheel_surface(bench *b)
{
    double cw, ch, w, h, scale;
    cs_renderer_size(b->r, &cw, &ch);
    cs_output_t o;
    cs_output_init(&o);
    o.width_px = PNG_PX;
    cs_renderer_output_place(b->r, CS_FORMAT_PNG, &o, &w, &h, &scale, NULL, NULL, NULL);
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    cs_status_t st =
        cs_renderer_draw(b->r, cr, b->scores, CITY_NAME, NULL, NULL);
    if (st != CS_OK)
        die("draw", st, NULL);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static void
measure_phases(bench *b, phases *ph)
{
    sample *all[] = {&ph->fonts, &ph->renderer, &ph->labels, &ph->draw,
                     &ph->fast, &ph->small, &ph->stock, &ph->floor_fill,
                     &ph->floor_stock};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        sample_init(all[i]);
    int n = b->quick ? 3 : 7;
    char *fdir = root_path(b, "fonts");
    for (int i = 0; i < n; i++) {
        fprintf(stderr, "\rphases %d/%d", i + 1, n);
        double t0 = thread_ms();
        cs_fonts_t *f = NULL;
        cs_fonts_new(fdir, &f, NULL);
        double t1 = thread_ms();
        cs_renderer_t *r = NULL;
        cs_renderer_new(b->fw, b->bands, f, NULL, &r, NULL);
        double t2 = thread_ms();
        sample_add(&ph->fonts, t1 - t0);
        sample_add(&ph->renderer, t2 - t1);
        cs_renderer_free(r);
        cs_fonts_free(f);

        t0 = thread_ms();
        cs_labels_t *ls = NULL;
        cs_renderer_city_labels(b->r, CITY_NAME, &ls, NULL);
        sample_add(&ph->labels, thread_ms() - t0);
        cs_labels_free(ls);

        t0 = thread_ms();
        cairo_surface_t *s = wheel_surface(b);
        sample_add(&ph->draw, thread_ms() - t0);
        size_t nb = 0;
        t0 = thread_ms();
        cs_png_write(s, CS_PNG_FAST, count_bytes, &nb);
        sample_add(&ph->fast, thread_ms() - t0);
        ph->bytes_fast = nb;
        nb = 0;
        t0 = thread_ms();
        cs_png_write(s, CS_PNG_SMALL, count_bytes, &nb);
        sample_add(&ph->small, thread_ms() - t0);
        ph->bytes_small = nb;
        nb = 0;
        t0 = thread_ms();
        cairo_surface_write_to_png_stream(s, count_bytes, &nb);
        sample_add(&ph->stock, thread_ms() - t0);
        ph->bytes_stock = nb;
        cairo_surface_destroy(s);

        t0 = thread_ms();
        s = floor_png_surface(&b->geom, PNG_PX);
        sample_add(&ph->floor_fill, thread_ms() - t0);
        nb = 0;
        t0 = thread_ms();
        cairo_surface_write_to_png_stream(s, count_bytes, &nb);
        sample_add(&ph->floor_stock, thread_ms() - t0);
        cairo_surface_destroy(s);
    }
    fputc('\n', stderr);
    g_free(fdir);
}

/* ---- PNG settings sweep (--png-sweep) ------------------------------------- */

static void
png_sweep(bench *b)
{
    cairo_surface_t *s = wheel_surface(b);
    static const struct {
        const char *name;
        int bits;
    } filters[] = {{"none", PNG_FILTER_NONE}, {"sub", PNG_FILTER_SUB},
                   {"up", PNG_FILTER_UP},     {"avg", PNG_FILTER_AVG},
                   {"paeth", PNG_FILTER_PAETH},
                   {"sub+up", PNG_FILTER_SUB | PNG_FILTER_UP},
                   {"all", PNG_ALL_FILTERS}};
    static const int levels[] = {1, 2, 3, 6, 9};
    printf("\n## PNG settings sweep (the 2000 px wheel; min of 3)\n\n");
    printf("| filters | zlib level | strategy | bytes | ms | vs stock size |\n");
    printf("|---|---|---|---|---|---|\n");
    size_t stock = 0;
    double best = INFINITY;
    for (int k = 0; k < 3; k++) {
        size_t nb = 0;
        double t0 = now_ms();
        cairo_surface_write_to_png_stream(s, count_bytes, &nb);
        best = fmin(best, now_ms() - t0);
        stock = nb;
    }
    printf("| cairo stock (all, adaptive) | 6 | filtered | %zu | %.1f | 1.000 |\n",
           stock, best);
    for (size_t fi = 0; fi < G_N_ELEMENTS(filters); fi++) {
        for (size_t li = 0; li < G_N_ELEMENTS(levels); li++) {
            for (int strat = 0; strat < 2; strat++) {
                int zs = strat ? Z_RLE : Z_DEFAULT_STRATEGY;
                if (zs == Z_RLE && levels[li] != 1)
                    continue; /* RLE ignores the level */
                size_t nb = 0;
                double tb = INFINITY;
                for (int k = 0; k < 3; k++) {
                    nb = 0;
                    double t0 = now_ms();
                    cs_png_write_params(s, levels[li], filters[fi].bits,
                                        levels[li] == 9 ? 9 : 8, zs,
                                        count_bytes, &nb);
                    tb = fmin(tb, now_ms() - t0);
                }
                printf("| %s | %d | %s | %zu | %.1f | %.3f |\n",
                       filters[fi].name, levels[li],
                       zs == Z_RLE ? "rle" : "default", nb, tb,
                       (double)nb / (double)stock);
            }
        }
    }
    cairo_surface_destroy(s);
}

/* ---- batch ---------------------------------------------------------------- */

typedef struct batch_result {
    int cities, jobs;
    proc_result pr;
    size_t files, bytes;
} batch_result;

static char *
write_manifest(bench *b, int cities)
{
    static const char *ids[5] = {"alesund", "asker", "baerum", "rana",
                                 "trondheim"};
    static const char *names[5] = {"\xc3\x85lesund", "Asker",
                                   "B\xc3\xa6rum", "Rana", "Trondheim"};
    GString *s = g_string_new("id,name,file,targets\n");
    char *targets = root_path(b, "samples/targets.csv");
    for (int i = 0; i < cities; i++) {
        char *rel = g_strdup_printf("samples/%s.csv", ids[i % 5]);
        char *file = root_path(b, rel);
        g_string_append_printf(s, "c%05d-%s,%s %d,%s,%s\n", i, ids[i % 5],
                               names[i % 5], i / 5 + 1, file, targets);
        g_free(rel);
        g_free(file);
    }
    char *path = g_strdup_printf("%s/manifest-%d.csv", b->tmp, cities);
    if (!g_file_set_contents(path, s->str, (gssize)s->len, NULL)) {
        fprintf(stderr, "citysnap-bench: cannot write %s\n", path);
        exit(1);
    }
    g_string_free(s, TRUE);
    g_free(targets);
    return path;
}

static batch_result
run_batch(bench *b, int cities, int jobs)
{
    batch_result r = {cities, jobs, {0, 0, 0, 0}, 0, 0};
    char *manifest = write_manifest(b, cities);
    char *outdir = g_strdup_printf("%s/batch-%d-j%d", b->tmp, cities, jobs);
    char *errlog = g_build_filename(b->tmp, "batch-stderr.txt", NULL);
    char size[32], j[16];
    g_ascii_formatd(size, sizeof size, "%.5fmm", VEC_MM);
    g_snprintf(j, sizeof j, "%d", jobs);
    char *argv[] = {(char *)b->cli, (char *)"batch", manifest,
                    (char *)"-o", outdir, (char *)"--formats",
                    (char *)"png,svg,pdf", (char *)"--size", size,
                    (char *)"-j", j, (char *)"--quiet", NULL};
    fprintf(stderr, "batch: %d cities x 3 formats, -j %d ...\n", cities, jobs);
    r.pr = run_proc(argv, errlog);
    GDir *d = g_dir_open(outdir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(outdir, name, NULL);
        r.files++;
        r.bytes += file_size(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    if (r.files != (size_t)cities * 3) {
        fprintf(stderr, "citysnap-bench: batch wrote %zu files, expected %d\n",
                r.files, cities * 3);
        r.pr.ok = 0;
    }
    rmtree(outdir);
    g_unlink(manifest);
    g_free(manifest);
    g_free(outdir);
    g_free(errlog);
    return r;
}

/* ---- memory bounds ---------------------------------------------------- */

typedef struct mem_result {
    double largest_w, largest_h; /* the largest accepted PNG, px */
    proc_result largest;         /* render of it */
    proc_result pages;           /* -j 2 batch of A4 pages at 1200 dpi */
    int page_dpi, page_cities;
} mem_result;

/* The widest PNG the pixel limit accepts for the default layout. */
static double
largest_png_width(const bench *b, double *h)
{
    double lo = 16, hi = 20000;
    cs_output_t o;
    cs_output_init(&o);
    for (int i = 0; i < 40; i++) {
        double mid = floor((lo + hi) / 2);
        o.width_px = mid;
        double w, hh, sc;
        if (cs_renderer_output_place(b->r, CS_FORMAT_PNG, &o, &w, &hh, &sc,
                                     NULL, NULL, NULL) == CS_OK)
            lo = mid;
        else
            hi = mid;
        if (hi - lo <= 1)
            break;
    }
    o.width_px = lo;
    double w, sc;
    cs_renderer_output_place(b->r, CS_FORMAT_PNG, &o, &w, h, &sc, NULL, NULL,
                             NULL);
    return lo;
}

static void
measure_memory(bench *b, mem_result *m)
{
    memset(m, 0, sizeof *m);
    m->largest_w = largest_png_width(b, &m->largest_h);
    char *city = root_path(b, "samples/alesund.csv");
    char *png = g_build_filename(b->tmp, "largest.png", NULL);
    char *errlog = g_build_filename(b->tmp, "memory-stderr.txt", NULL);
    char w[32];
    g_snprintf(w, sizeof w, "%.0f", m->largest_w);
    char *argv[] = {(char *)b->cli, (char *)"render", city, (char *)"-o", png,
                    (char *)"--width", w, NULL};
    fprintf(stderr, "memory: the largest PNG (%s px wide) ...\n", w);
    m->largest = run_proc(argv, errlog);
    g_unlink(png);
    /* a -j 2 batch of pages of about 139 million pixels each: the budget
     * lets one render at a time */
    m->page_dpi = 1200;
    m->page_cities = 4;
    char *manifest = write_manifest(b, m->page_cities);
    char *outdir = g_build_filename(b->tmp, "batch-pages", NULL);
    char dpi[16];
    g_snprintf(dpi, sizeof dpi, "%d", m->page_dpi);
    char *bargv[] = {(char *)b->cli, (char *)"batch", manifest, (char *)"-o",
                     outdir, (char *)"--page", (char *)"a4", (char *)"--dpi",
                     dpi, (char *)"-j", (char *)"2", (char *)"--quiet", NULL};
    fprintf(stderr, "memory: batch of %d A4 pages at %d dpi, -j 2 ...\n",
            m->page_cities, m->page_dpi);
    m->pages = run_proc(bargv, errlog);
    rmtree(outdir);
    g_unlink(manifest);
    g_free(manifest);
    g_free(outdir);
    g_free(errlog);
    g_free(png);
    g_free(city);
}

/* ---- layout --------------------------------------------------------------- */

typedef struct layout_result {
    size_t kpis, wedges;
    double us;       /* median per call, automatic radius */
    double us_fixed; /* median per call, fixed radius (geometry only) */
} layout_result;

static cs_framework_t *
synthetic_framework(size_t kpis)
{
    static const char *dims[3] = {"Economy", "Environment",
                                  "Society and Culture"};
    GString *s = g_string_new("code,dimension,group,label,unit,direction,"
                              "target\n");
    for (size_t i = 0; i < kpis; i++) {
        size_t dim = i * 3 / kpis;
        size_t group = i / 5; /* like the real wheel: ~4.5 KPIs a group */
        g_string_append_printf(s,
                               "S:%zu,%s,Group %zu,Synthetic KPI label "
                               "number %zu,%%,higher,100\n",
                               i, dims[dim], group, i);
    }
    cs_framework_t *fw = NULL;
    cs_diag_t *d = cs_diag_new();
    cs_status_t st =
        cs_framework_load_buffer("synthetic.csv", s->str, s->len, &fw, d);
    if (st != CS_OK)
        die("synthetic framework", st, d);
    cs_diag_free(d);
    g_string_free(s, TRUE);
    return fw;
}

static double
time_layout_calls(const cs_framework_t *fw, const cs_layout_params_t *p,
                  const double *len, double thick, size_t *wedges)
{
    sample s;
    sample_init(&s);
    double start = now_ms();
    int n = 0;
    while (n < 5 || (now_ms() - start < 300 && n < 2000)) {
        cs_layout_t *l = NULL;
        double t0 = thread_ms();
        cs_status_t st = cs_layout_compute(fw, p, len, thick, &l, NULL);
        sample_add(&s, (thread_ms() - t0) * 1e3);
        if (st != CS_OK)
            die("layout", st, NULL);
        *wedges = cs_layout_wedge_count(l);
        cs_layout_free(l);
        n++;
    }
    double us = sample_median(&s);
    sample_free(&s);
    return us;
}

static layout_result
time_layout(size_t kpis)
{
    cs_framework_t *fw = synthetic_framework(kpis);
    layout_result r = {kpis, 0, 0, 0};
    /* Labels that fit at the smallest radius but not at the largest, and
     * thin enough for any slot: the automatic radius then always takes
     * the full bisection (60 passes over the labels), whatever the size,
     * so the sizes compare like with like. */
    double *len = g_new(double, kpis);
    for (size_t i = 0; i < kpis; i++)
        len[i] = 120 + (double)(i % 7); /* design units */
    cs_layout_params_t p;
    cs_layout_params_init(&p);
    p.label_pad = 0;
    r.us = time_layout_calls(fw, &p, len, 0.0, &r.wedges);
    p.r_outer = 200;
    r.us_fixed = time_layout_calls(fw, &p, NULL, 0.0, &r.wedges);
    g_free(len);
    cs_framework_free(fw);
    return r;
}

/* ---- report --------------------------------------------------------------- */

static const char *
verdict(int ok)
{
    return ok ? "MET" : "NOT MET";
}

static double
mb(long kb)
{
    return (double)kb / 1024.0;
}

int
main(int argc, char **argv)
{
    bench b = {0};
    b.runs_cold = 15;
    b.runs_warm = 15;
    b.cities = 1000;
    b.do_batch = 1;
    b.cli = CS_BENCH_CLI;
    b.floor_exe = CS_BENCH_FLOOR;
    b.root = CS_BENCH_SRCDIR;
    int runs = 0, cities = 0;
    gboolean quick = FALSE, no_batch = FALSE, sweep = FALSE;
    char *cli = NULL;
    GOptionEntry entries[] = {
        {"quick", 'q', 0, G_OPTION_ARG_NONE, &quick,
         "Short run: 5 repetitions, 100 cities", NULL},
        {"runs", 'n', 0, G_OPTION_ARG_INT, &runs,
         "Cold and warm repetitions per format (default 15; quick 5)", "N"},
        {"cities", 'c', 0, G_OPTION_ARG_INT, &cities,
         "Cities in the batch (default 1000; quick 100)", "N"},
        {"no-batch", 0, 0, G_OPTION_ARG_NONE, &no_batch, "Skip the batch",
         NULL},
        {"png-sweep", 0, 0, G_OPTION_ARG_NONE, &sweep,
         "Also time every PNG filter/level combination", NULL},
        {"cli", 0, 0, G_OPTION_ARG_FILENAME, &cli,
         "citysnap executable (default: the one of this build)", "PATH"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    char *command = g_strjoinv(" ", argv);
    GOptionContext *oc = g_option_context_new("- citysnap speed benchmark");
    g_option_context_add_main_entries(oc, entries, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(oc, &argc, &argv, &err)) {
        fprintf(stderr, "citysnap-bench: %s\n", err->message);
        return 2;
    }
    g_option_context_free(oc);
    b.quick = quick;
    if (quick) {
        b.runs_cold = b.runs_warm = 5;
        b.cities = 100;
    }
    if (runs > 0)
        b.runs_cold = b.runs_warm = runs;
    if (cities > 0)
        b.cities = cities;
    b.do_batch = !no_batch;
    b.do_sweep = sweep;
    if (cli)
        b.cli = cli;
    if (!g_getenv("CITYSNAP_DATADIR"))
        g_setenv("CITYSNAP_DATADIR", b.root, TRUE);
    b.tmp = g_dir_make_tmp("citysnap-bench-XXXXXX", NULL);
    if (!b.tmp) {
        fprintf(stderr, "citysnap-bench: cannot make a temporary folder\n");
        return 1;
    }

    double load0[3] = {0, 0, 0};
    getloadavg(load0, 3);
    setup(&b);

    fmt_result res[3];
    measure_formats(&b, res);
    phases ph;
    measure_phases(&b, &ph);
    /* frameworks have at most CS_FRAMEWORK_MAX_KPIS KPIs */
    layout_result lay[3] = {time_layout(10), time_layout(100),
                            time_layout(CS_FRAMEWORK_MAX_KPIS)};
    batch_result bt[3];
    int nb = 0;
    if (b.do_batch) {
        bt[nb++] = run_batch(&b, b.cities, 1);
        bt[nb++] = run_batch(&b, b.cities, 2);
        bt[nb++] = run_batch(&b, b.cities / 10 > 0 ? b.cities / 10 : 1, 2);
    }
    mem_result mem;
    measure_memory(&b, &mem);
    double load1[3] = {0, 0, 0};
    getloadavg(load1, 3);

    /* ---- the report ---- */
    printf("# citysnap-bench%s\n\ncommand: `%s`\n", b.quick ? " --quick" : "",
           command);
    printf("citysnap: %s\n", b.cli);
    printf("build: %s; %ld CPUs; load average %.2f at the start, %.2f at the "
           "end; cairo %s, libpng %s, zlib %s\n",
           CS_BENCH_BUILDTYPE, sysconf(_SC_NPROCESSORS_ONLN), load0[0],
           load1[0], cairo_version_string(), PNG_LIBPNG_VER_STRING,
           zlibVersion());
    printf("snapshot: samples/alesund.csv, PNG %.0f px wide, SVG/PDF %.2f mm "
           "(%.0f pt); floor: the same %zu wedges, Cairo stock writers.\n",
           PNG_PX, VEC_MM, VEC_PT, b.geom.n);
    printf("cold: one process per file (%d runs, interleaved with the floor); "
           "warm: in-process loop (%d runs). Times are medians [min].\n\n",
           b.runs_cold, b.runs_warm);
    printf("| format | what | cold wall ms | cold CPU ms | warm wall ms | "
           "warm CPU ms | peak RSS cold | peak RSS warm (+ render) | bytes "
           "|\n");
    printf("|---|---|---|---|---|---|---|---|---|\n");
    static const char *FMT[3] = {"PNG", "SVG", "PDF"};
    for (int f = 0; f < 3; f++) {
        for (int k = 0; k < 2; k++) {
            fmt_result *r = &res[f];
            printf("| %s | %s | %.1f [%.1f] | %.1f | %.1f [%.1f] | %.1f | "
                   "%.1f MB | %.1f MB (+%.1f) | %zu |\n",
                   FMT[f], k ? "floor" : "snapshot",
                   sample_median(&r->cold_wall[k]),
                   sample_min(&r->cold_wall[k]),
                   sample_median(&r->cold_cpu[k]),
                   sample_median(&r->warm_wall[k]),
                   sample_min(&r->warm_wall[k]),
                   sample_median(&r->warm_cpu[k]), mb(r->cold_rss[k]),
                   mb(r->warm_rss[k]), mb(r->warm_rss[k] - r->warm_base[k]),
                   r->bytes[k]);
        }
        fmt_result *r = &res[f];
        printf("| %s | snapshot / floor | %.2fx | %.2fx | %.2fx | %.2fx | | "
               "| %.2fx |\n",
               FMT[f],
               sample_median(&r->cold_wall[0]) /
                   sample_median(&r->cold_wall[1]),
               sample_median(&r->cold_cpu[0]) / sample_median(&r->cold_cpu[1]),
               sample_median(&r->warm_wall[0]) /
                   sample_median(&r->warm_wall[1]),
               sample_median(&r->warm_cpu[0]) / sample_median(&r->warm_cpu[1]),
               (double)r->bytes[0] / (double)r->bytes[1]);
    }
    /* PDF as a batch writes it (other threads may render: one group per
     * rotated label, see cs_output_t.exclusive) */
    {
        fmt_result pr;
        memset(&pr, 0, sizeof pr);
        sample_init(&pr.warm_wall[0]);
        sample_init(&pr.warm_cpu[0]);
        b.shared = 1;
        for (int i = 0; i < b.runs_warm + 1; i++)
            warm_once(&b, 2, 0, &pr, i > 0);
        b.shared = 0;
        printf("| PDF | snapshot, as batch writes it | | | %.1f [%.1f] | "
               "%.1f | | | %zu |\n",
               sample_median(&pr.warm_wall[0]), sample_min(&pr.warm_wall[0]),
               sample_median(&pr.warm_cpu[0]), pr.bytes[0]);
        sample_free(&pr.warm_wall[0]);
        sample_free(&pr.warm_cpu[0]);
    }
    printf("\ncold peak RSS: the render process (wait4; launched through "
           "citysnap-runrss, ~1 MB of it is the launcher's). warm peak RSS: "
           "this process' high-water mark during one render, reset before "
           "it (the process also holds fonts, data, renderer and allocator "
           "caches), and in brackets what the render added.\n");

    printf("\n## Where a warm 2000 px PNG snapshot goes (medians of CPU "
           "time, ms)\n\n");
    printf("| step | ms | note |\n|---|---|---|\n");
    printf("| fonts (cs_fonts_new) | %.1f | once per process |\n",
           sample_median(&ph.fonts));
    printf("| renderer (layout + fitting the shared labels) | %.1f | once per "
           "process / batch |\n",
           sample_median(&ph.renderer));
    printf("| city labels (cs_renderer_city_labels) | %.1f | per city |\n",
           sample_median(&ph.labels));
    printf("| draw (wedges + all text) | %.1f | per city |\n",
           sample_median(&ph.draw));
    printf("| encode, libpng FAST | %.1f | %zu bytes |\n",
           sample_median(&ph.fast), ph.bytes_fast);
    printf("| encode, libpng SMALL | %.1f | %zu bytes |\n",
           sample_median(&ph.small), ph.bytes_small);
    printf("| encode, Cairo stock writer | %.1f | %zu bytes |\n",
           sample_median(&ph.stock), ph.bytes_stock);
    printf("| floor: fill the wedges | %.1f | |\n",
           sample_median(&ph.floor_fill));
    printf("| floor: Cairo stock writer | %.1f | |\n",
           sample_median(&ph.floor_stock));

    printf("\n## Layout (cs_layout_compute on synthetic wheels, ~5 KPIs a "
           "group; median CPU time per call)\n\n| KPI wedges | all wedges | "
           "automatic radius us | ns per wedge | fixed radius us | ns per "
           "wedge |\n|---|---|---|---|---|---|\n");
    for (int i = 0; i < 3; i++)
        printf("| %zu | %zu | %.1f | %.1f | %.1f | %.1f |\n", lay[i].kpis,
               lay[i].wedges, lay[i].us,
               lay[i].us * 1e3 / (double)lay[i].wedges, lay[i].us_fixed,
               lay[i].us_fixed * 1e3 / (double)lay[i].wedges);
    double g1 = lay[1].us / lay[0].us, g2 = lay[2].us / lay[1].us;
    double f1 = lay[1].us_fixed / lay[0].us_fixed,
           f2 = lay[2].us_fixed / lay[1].us_fixed;
    printf("\ngrowth per 10x wedges: automatic radius x%.1f, x%.1f; fixed "
           "radius x%.1f, x%.1f (linear: ~x10)\n",
           g1, g2, f1, f2);

    if (nb) {
        printf("\n## Batch (`citysnap batch`, PNG+SVG+PDF per city)\n\n"
               "| cities | -j | wall s | CPU s | CPU/wall | cities/s | files "
               "| MB written | peak RSS |\n"
               "|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < nb; i++)
            printf("| %d | %d | %.1f | %.1f | %.2f | %.1f | %zu | %.0f | "
                   "%.1f MB |\n",
                   bt[i].cities, bt[i].jobs, bt[i].pr.wall_ms / 1e3,
                   bt[i].pr.cpu_ms / 1e3, bt[i].pr.cpu_ms / bt[i].pr.wall_ms,
                   bt[i].cities / (bt[i].pr.wall_ms / 1e3), bt[i].files,
                   (double)bt[i].bytes / 1e6, mb(bt[i].pr.maxrss_kb));
        printf("\nspeed-up from the second core: %.2fx (wall); CPU per city "
               "%.0f ms (-j 1), %.0f ms (-j 2): the second thread costs "
               "%+.0f %% CPU. CPU/wall below the thread count means the "
               "machine did not give us the cores (see the load average).\n",
               bt[0].pr.wall_ms / bt[1].pr.wall_ms,
               bt[0].pr.cpu_ms / bt[0].cities, bt[1].pr.cpu_ms / bt[1].cities,
               (bt[1].pr.cpu_ms / bt[0].pr.cpu_ms - 1) * 100);
    }

    printf("\n## Memory bounds\n\n");
    printf("| run | pixels | wall s | peak RSS |\n|---|---|---|---|\n");
    printf("| render, the largest accepted PNG (%.0f x %.0f px, default "
           "layout) | %.0f M | %.1f | %.1f MB |\n",
           mem.largest_w, mem.largest_h,
           mem.largest_w * mem.largest_h / 1e6, mem.largest.wall_ms / 1e3,
           mb(mem.largest.maxrss_kb));
    printf("| batch -j 2, %d A4 pages at %d dpi (PNG) | %.0f M each | %.1f | "
           "%.1f MB |\n",
           mem.page_cities, mem.page_dpi,
           round(210 / 25.4 * mem.page_dpi) * round(297 / 25.4 * mem.page_dpi) /
               1e6,
           mem.pages.wall_ms / 1e3, mb(mem.pages.maxrss_kb));
    printf("\nThe pixel limit is %.0f million (CS_OUTPUT_MAX_PIXELS); a batch "
           "renders at most that many pixels at once, whatever -j.\n",
           CS_OUTPUT_MAX_PIXELS / 1e6);

    printf("\n## Targets\n\n");
    printf("- peak RSS < 1 GB for the largest accepted PNG: %.1f MB: %s\n",
           mb(mem.largest.maxrss_kb),
           verdict(mem.largest.ok && mem.largest.maxrss_kb < 1024 * 1024));
    printf("- peak RSS < 1 GB for a -j 2 batch of large pages: %.1f MB: %s\n",
           mb(mem.pages.maxrss_kb),
           verdict(mem.pages.ok && mem.pages.maxrss_kb < 1024 * 1024));
    double png_cold = sample_median(&res[0].cold_wall[0]);
    double png_cold_floor = sample_median(&res[0].cold_wall[1]);
    double png_warm = sample_median(&res[0].warm_wall[0]);
    double png_warm_floor = sample_median(&res[0].warm_wall[1]);
    printf("- PNG snapshot no slower than the floor's PNG: cold %.1f vs %.1f "
           "ms, warm %.1f vs %.1f ms: %s\n",
           png_cold, png_cold_floor, png_warm, png_warm_floor,
           verdict(png_cold <= png_cold_floor && png_warm <= png_warm_floor));
    double ratio = (double)ph.bytes_fast / (double)ph.bytes_stock;
    printf("- PNG (fast) size within 10 %% of Cairo's stock writer: %zu vs "
           "%zu bytes (%.2fx): %s\n",
           ph.bytes_fast, ph.bytes_stock, ratio, verdict(ratio <= 1.10));
    for (int f = 1; f < 3; f++) {
        double c = sample_median(&res[f].cold_wall[0]);
        printf("- %s snapshot <= 25 ms cold: %.1f ms (min %.1f; floor %.1f): "
               "%s\n",
               FMT[f], c, sample_min(&res[f].cold_wall[0]),
               sample_median(&res[f].cold_wall[1]), verdict(c <= 25));
    }
    if (nb) {
        double t2 = bt[1].pr.wall_ms / 1e3 * 1000.0 / bt[1].cities;
        double sp = bt[0].pr.wall_ms / bt[1].pr.wall_ms;
        double cores = bt[1].pr.cpu_ms / bt[1].pr.wall_ms;
        /* what -j 2 would take with both cores free: its CPU time spread
         * over two cores */
        double t2free = bt[1].pr.cpu_ms / 2 / 1e3 * 1000.0 / bt[1].cities;
        printf("- 1,000 cities x 3 formats <= 60 s on 2 cores: %.1f s%s "
               "(%.1f s of CPU per core with both cores free): %s\n",
               t2, bt[1].cities == 1000 ? "" : " (extrapolated)", t2free,
               verdict(t2 <= 60));
        if (cores < 1.7)
            printf("- speed-up from the second core >= 1.8x: %.2fx, NOT "
                   "MEASURABLE here: -j 2 got only %.2f cores of the busy "
                   "machine; the second thread cost %+.0f %% CPU (the code "
                   "scales if that is small)\n",
                   sp, cores, (bt[1].pr.cpu_ms / bt[0].pr.cpu_ms - 1) * 100);
        else
            printf("- speed-up from the second core >= 1.8x: %.2fx: %s\n", sp,
                   verdict(sp >= 1.8));
        long big = bt[1].pr.maxrss_kb, small = bt[2].pr.maxrss_kb;
        printf("- batch peak RSS flat: %.1f MB for %d cities, %.1f MB for "
               "%d: %s\n",
               mb(small), bt[2].cities, mb(big), bt[1].cities,
               verdict(big <= small + small / 10 + 2048));
    }
    long rss = 0;
    for (int f = 0; f < 3; f++)
        rss = MAX(rss, res[f].cold_rss[0]);
    printf("- peak RSS <= 40 MB for one snapshot (largest of PNG/SVG/PDF, "
           "cold): %.1f MB: %s\n",
           mb(rss), verdict(rss <= 40 * 1024));
    double gmax = fmax(fmax(g1, g2), fmax(f1, f2));
    printf("- layout grows linearly: at most x%.1f per 10x wedges: %s\n",
           gmax, verdict(gmax <= 15));
    int failed = 0;
    for (int f = 0; f < 3; f++)
        failed |= res[f].failed;
    for (int i = 0; i < nb; i++)
        failed |= !bt[i].pr.ok;
    failed |= !mem.largest.ok || !mem.pages.ok;
    if (failed)
        printf("\nWARNING: some runs failed (see stderr): figures are not "
               "valid.\n");

    if (b.do_sweep)
        png_sweep(&b);

    for (int f = 0; f < 3; f++)
        for (int k = 0; k < 2; k++) {
            sample_free(&res[f].cold_wall[k]);
            sample_free(&res[f].cold_cpu[k]);
            sample_free(&res[f].warm_wall[k]);
            sample_free(&res[f].warm_cpu[k]);
        }
    sample *all[] = {&ph.fonts, &ph.renderer, &ph.labels, &ph.draw,
                     &ph.fast, &ph.small, &ph.stock, &ph.floor_fill,
                     &ph.floor_stock};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        sample_free(all[i]);
    teardown(&b);
    rmtree(b.tmp);
    g_free(b.tmp);
    g_free(cli);
    g_free(command);
    return failed ? 1 : 0;
}
