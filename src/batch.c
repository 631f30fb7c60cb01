/* SPDX-License-Identifier: MIT */
/* Running a batch: one job per city of a manifest, on a thread pool. */
#include <citysnap/batch.h>

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include <citysnap/city.h>

#include "batch-private.h"
#include "cs-private.h"
#include "framework-private.h"
#include "render-private.h"

void
cs_batch_report_free(cs_batch_report_t *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n; i++) {
        city_job *j = &rep->jobs[i];
        cs_diag_free(j->diag);
        cs_scores_free(j->scores);
        cs_comparison_free(j->previous);
        for (int f = 0; f < CS_FORMAT_COUNT; f++)
            g_free(j->paths[f]);
    }
    free(rep->jobs);
    if (rep->outdir_fd >= 0)
        close(rep->outdir_fd);
    cs_diag_free(rep->diag);
    if (rep->targets)
        g_hash_table_destroy(rep->targets);
    if (rep->target_list)
        g_ptr_array_free(rep->target_list, TRUE);
    g_mutex_clear(&rep->lock);
    free(rep);
}

size_t
cs_batch_report_count(const cs_batch_report_t *rep)
{
    return rep ? rep->n : 0;
}

const cs_batch_city_t *
cs_batch_report_get_city(const cs_batch_report_t *rep, size_t i)
{
    return rep && i < rep->n ? &rep->jobs[i].pub : NULL;
}

size_t
cs_batch_report_failed(const cs_batch_report_t *rep)
{
    return rep ? rep->failed : 0;
}

cs_status_t
cs_batch_report_book_status(const cs_batch_report_t *rep)
{
    return rep ? rep->book_status : CS_ERR_ARG;
}

const cs_diag_t *
cs_batch_report_diag(const cs_batch_report_t *rep)
{
    return rep ? rep->diag : NULL;
}

static void
free_targets(gpointer p)
{
    cs_targets_free(p);
}

/* The comparison of @j's city with its previous verification, scored
 * with the same targets. */
static cs_status_t
score_previous(cs_batch_report_t *rep, city_job *j)
{
    const cs_manifest_entry_t *e = j->pub.entry;
    cs_city_t *old = NULL;
    cs_scores_t *os = NULL;
    cs_status_t st = cs_city_load(rep->fw, e->previous, &old, j->diag);
    if (st == CS_ERR_IO)
        cs_diag_add(j->diag, st, e->manifest, e->line, e->previous_column,
                    "previous verification of city '%s' cannot be read",
                    e->id);
    if (st == CS_OK)
        st = cs_scores_compute_cov(rep->fw, rep->bands, j->targets, old,
                                   rep->opts->min_coverage, &os, j->diag);
    if (st == CS_OK)
        st = cs_comparison_new(rep->fw, os, j->scores, &j->previous, j->diag);
    cs_scores_free(os);
    cs_city_free(old);
    return st;
}

/* Renders one city: load, score, then every requested format. Runs on a
 * worker thread; touches only its own job and read-only shared state. */
static void
run_city(cs_batch_report_t *rep, city_job *j)
{
    const cs_manifest_entry_t *e = j->pub.entry;
    cs_status_t st = j->targets_status;
    cs_city_t *city = NULL;
    if (st == CS_OK) {
        st = cs_city_load(rep->fw, e->file, &city, j->diag);
        if (st == CS_ERR_IO)
            cs_diag_add(j->diag, st, e->manifest, e->line, e->file_column,
                        "data file of city '%s' cannot be read", e->id);
    }
    if (st == CS_OK) {
        st = cs_scores_compute_cov(rep->fw, rep->bands, j->targets, city,
                                   rep->opts->min_coverage, &j->scores,
                                   j->diag);
    }
    cs_city_free(city);
    if (st == CS_OK && e->previous)
        st = score_previous(rep, j);
    /* every format of the city to memory, then written as a set inside
     * the output folder: all or none */
    cs_write_item_t items[CS_FORMAT_COUNT];
    unsigned char *data[CS_FORMAT_COUNT] = {NULL};
    int fmt[CS_FORMAT_COUNT];
    size_t n_items = 0;
    for (int f = 0; f < CS_FORMAT_COUNT && st == CS_OK; f++) {
        if (!(rep->opts->formats & (1u << f)))
            continue;
        cs_output_t out = rep->output;
        out.format = (cs_format_t)f;
        out.previous = j->previous;
        out.year = e->year;
        cs_labels_t *labels = NULL;
        size_t len = 0;
        st = cs_renderer_to_memory(rep->renderer, j->scores, e->name, &out,
                                   &data[n_items], &len, &labels, j->diag);
        if (labels) {
            for (int o = 0; o < 4; o++)
                j->pub.fit[o] = cs_labels_count_outcome(labels,
                                                        (cs_fit_outcome_t)o);
            cs_labels_free(labels);
        }
        if (st != CS_OK)
            break;
        items[n_items] = (cs_write_item_t){strrchr(j->paths[f], '/') + 1,
                                           data[n_items], len, 0};
        fmt[n_items++] = f;
    }
    if (st == CS_OK)
        st = cs_write_files_at(rep->outdir_fd, rep->opts->outdir, items,
                               n_items, j->diag);
    for (size_t i = 0; i < n_items && st == CS_OK; i++) {
        cs_batch_file_t *bf = &j->pub.files[j->pub.n_files++];
        bf->format = (cs_format_t)fmt[i];
        bf->path = j->paths[fmt[i]];
        bf->bytes = items[i].len;
    }
    for (size_t i = 0; i < CS_FORMAT_COUNT; i++)
        free(data[i]);
    if (st != CS_OK && cs_diag_reported_count(j->diag) == 0)
        cs_diag_add(j->diag, st, e->file, 0, 0, "%s", cs_status_to_string(st));
    if (rep->opts->drop_scores && !rep->opts->book) {
        cs_scores_free(j->scores);
        j->scores = NULL;
        cs_comparison_free(j->previous);
        j->previous = NULL;
    }
    j->pub.status = st;
    j->pub.previous = j->previous;
    j->pub.diag = j->diag;
    j->pub.scores = j->scores;

    g_mutex_lock(&rep->lock);
    rep->done++;
    if (st != CS_OK)
        rep->failed++;
    if (rep->opts->progress)
        rep->opts->progress(rep->opts->user, rep->done, rep->n, &j->pub);
    g_mutex_unlock(&rep->lock);
}

/* The memory budget: the cities rendered at once may hold at most
 * CS_OUTPUT_MAX_PIXELS pixels of PNG surfaces between them (4 bytes a
 * pixel), counting CS_BATCH_JOB_PIXELS for everything else a render
 * holds (vector output, layouts, a thread's text context). Every city has
 * the same output size, so the budget is a number of threads. */
static unsigned
memory_budget_threads(const cs_batch_report_t *rep, unsigned formats)
{
    double px = 0;
    if (formats & (1u << CS_FORMAT_PNG)) {
        double w = 0, h = 0, scale = 0;
        if (cs_renderer_output_place(rep->renderer, CS_FORMAT_PNG,
                                     &rep->output, &w, &h, &scale, NULL,
                                     NULL, NULL) == CS_OK)
            px = w * h;
    }
    double n = floor(CS_OUTPUT_MAX_PIXELS / (px + CS_BATCH_JOB_PIXELS));
    return n < 1 ? 1 : n > 4096 ? 4096 : (unsigned)n;
}

static void
worker(gpointer data, gpointer user)
{
    run_city(user, data);
}

cs_status_t
cs_batch_run(const cs_renderer_t *r, const cs_framework_t *fw,
             const cs_bands_t *bands, const cs_manifest_t *m,
             const cs_batch_options_t *opts, cs_batch_report_t **out,
             cs_diag_t *diag)
{
    if (out)
        *out = NULL;
    if (!r || !fw || !bands || !m || !opts || !out || !opts->outdir ||
        !*opts->outdir)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "batch: renderer, framework, bands, manifest, "
                           "options, report pointer and output folder are "
                           "required");
    if (cs_framework_shape(fw) !=
        cs_framework_shape(cs_renderer_framework(r)))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "batch: the renderer was made for another "
                           "framework");
    if (!(opts->min_coverage >= 0 && opts->min_coverage <= 100))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "batch: min_coverage must be 0 to 100");
    if (g_mkdir_with_parents(opts->outdir, 0777) != 0 ||
        !g_file_test(opts->outdir, G_FILE_TEST_IS_DIR))
        return cs_diag_add(diag, CS_ERR_IO, opts->outdir, 0, 0,
                           "cannot create the output folder: %s",
                           g_strerror(errno));

    int dfd = open(opts->outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return cs_diag_add(diag, CS_ERR_IO, opts->outdir, 0, 0,
                           "cannot open the output folder: %s",
                           g_strerror(errno));
    cs_batch_report_t *rep = calloc(1, sizeof(*rep));
    if (!rep) {
        close(dfd);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    rep->outdir_fd = dfd;
    g_mutex_init(&rep->lock);
    rep->manifest = m;
    rep->n = cs_manifest_count(m);
    rep->jobs = calloc(rep->n ? rep->n : 1, sizeof(*rep->jobs));
    rep->diag = cs_diag_new();
    rep->targets = g_hash_table_new(g_str_hash, g_str_equal);
    rep->target_list = g_ptr_array_new_with_free_func(free_targets);
    if (!rep->jobs || !rep->diag) {
        cs_batch_report_free(rep);
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    rep->renderer = r;
    rep->fw = fw;
    rep->bands = bands;
    rep->opts = opts;
    if (opts->output)
        rep->output = *opts->output;
    else
        cs_output_init(&rep->output);
    unsigned formats = opts->formats ? opts->formats : 1u << CS_FORMAT_PNG;
    cs_batch_options_t local = *opts;
    local.formats = formats;
    rep->opts = &local;

    /* Serial part: targets files (loaded once per distinct path) and
     * output paths. */
    for (size_t i = 0; i < rep->n; i++) {
        city_job *j = &rep->jobs[i];
        const cs_manifest_entry_t *e = cs_manifest_get(m, i);
        j->pub.entry = e;
        j->diag = cs_diag_new();
        if (!j->diag) {
            cs_batch_report_free(rep);
            return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                               "out of memory");
        }
        for (int f = 0; f < CS_FORMAT_COUNT; f++) {
            char *base = g_strconcat(e->id, cs_format_extension(f), NULL);
            j->paths[f] = g_build_filename(opts->outdir, base, NULL);
            g_free(base);
        }
        if (!e->targets)
            continue;
        gpointer val = NULL;
        if (g_hash_table_lookup_extended(rep->targets, e->targets, NULL,
                                         &val)) {
            j->targets = val;
            if (!val) {
                j->targets_status = cs_diag_add(
                    j->diag, CS_ERR_INVALID, e->targets, 0, 0,
                    "targets file failed to load (reported for an earlier "
                    "city)");
            }
            continue;
        }
        cs_targets_t *t = NULL;
        cs_status_t st = cs_targets_load(fw, e->targets, &t, j->diag);
        g_hash_table_insert(rep->targets, (gpointer)e->targets, t);
        if (t)
            g_ptr_array_add(rep->target_list, t);
        j->targets = t;
        j->targets_status = st;
    }

    unsigned threads = opts->threads ? opts->threads
                                     : (unsigned)g_get_num_processors();
    if (threads < 1)
        threads = 1;
    unsigned fit = memory_budget_threads(rep, formats);
    if (threads > fit)
        threads = fit;
    rep->threads = threads;
    if (threads > rep->n)
        threads = rep->n ? (unsigned)rep->n : 1;
    if (threads == 1) {
        for (size_t i = 0; i < rep->n; i++)
            run_city(rep, &rep->jobs[i]);
    } else {
        GError *err = NULL;
        GThreadPool *pool = g_thread_pool_new(worker, rep, (gint)threads,
                                              TRUE, &err);
        if (!pool) {
            cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0,
                        "cannot start threads: %s",
                        err ? err->message : "unknown error");
            g_clear_error(&err);
            cs_batch_report_free(rep);
            return CS_ERR_NOMEM;
        }
        for (size_t i = 0; i < rep->n; i++)
            g_thread_pool_push(pool, &rep->jobs[i], NULL);
        g_thread_pool_free(pool, FALSE, TRUE); /* waits for every city */
    }

    cs_status_t result = CS_OK;
    for (size_t i = 0; i < rep->n && result == CS_OK; i++)
        result = rep->jobs[i].pub.status;
    if (opts->book) {
        rep->book_status = cs_book_write(rep, opts->book);
        if (result == CS_OK)
            result = rep->book_status;
    }
    rep->opts = NULL; /* @local goes out of scope */
    *out = rep;
    return result;
}
