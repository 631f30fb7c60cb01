/* SPDX-License-Identifier: MIT */
/* Manifests of cities (batch rendering input). */
#include "cs-private.h"
#include "describe-private.h"
#include "csv-private.h"
#include "render-private.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib.h>
#include <glib/gstdio.h>

#include <citysnap/batch.h>
#include <citysnap/city.h>
#include <citysnap/describe.h>

#include "cs-config.h"

struct cs_manifest {
    GStringChunk *strings;
    cs_manifest_entry_t *entries;
    size_t n;
};

void
cs_manifest_free(cs_manifest_t *m)
{
    if (!m)
        return;
    if (m->strings)
        g_string_chunk_free(m->strings);
    free(m->entries);
    free(m);
}

size_t
cs_manifest_count(const cs_manifest_t *m)
{
    return m ? m->n : 0;
}

const cs_manifest_entry_t *
cs_manifest_get(const cs_manifest_t *m, size_t i)
{
    return m && i < m->n ? &m->entries[i] : NULL;
}

static int
has_control(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_type(c) == G_UNICODE_CONTROL ||
            c == 0x2028 || c == 0x2029)
            return 1;
    }
    return 0;
}

/* Why @id cannot name an output file, or NULL when it can. */
static const char *
id_problem(const char *id)
{
    if (!id || !*id)
        return "is empty";
    size_t len = strlen(id);
    if (len > CS_ID_MAX_BYTES)
        return "is longer than 128 bytes";
    if (!g_utf8_validate(id, (gssize)len, NULL))
        return "is not valid UTF-8";
    if (strpbrk(id, "/\\:"))
        return "contains '/', '\\' or ':'";
    if (strstr(id, ".."))
        return "contains '..'";
    if (id[0] == '.' || id[0] == '-')
        return "starts with '.' or '-'";
    if (has_control(id))
        return "contains a control character";
    if (g_ascii_isspace(id[0]) || g_ascii_isspace(id[len - 1]))
        return "starts or ends with a space";
    return NULL;
}

cs_status_t
cs_manifest_check_id(const char *id, cs_diag_t *diag)
{
    if (!id)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_manifest_check_id: NULL argument");
    const char *why = id_problem(id);
    if (why)
        return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0, "id '%s' %s",
                           id, why);
    return CS_OK;
}

static const char *
resolve(cs_manifest_t *m, const char *dir, const char *rel)
{
    if (g_path_is_absolute(rel) || !dir || !*dir)
        return g_string_chunk_insert(m->strings, rel);
    char *p = g_build_filename(dir, rel, NULL);
    const char *s = g_string_chunk_insert(m->strings, p);
    g_free(p);
    return s;
}

cs_status_t
cs_manifest_load_buffer(const char *name, const char *dir, const char *data,
                        size_t len, cs_manifest_t **out, cs_diag_t *diag)
{
    *out = NULL;
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer(name, data, len, &csv, diag);
    if (st != CS_OK)
        return st;
    cs_status_t first = cs_csv_check_widths(csv, diag);
    const cs_csv_row_t *hdr = cs_csv_header(csv);
    static const char *required[] = {"id", "name", "file"};
    long col[3];
    for (size_t i = 0; i < 3; i++) {
        col[i] = cs_csv_column(csv, required[i]);
        if (col[i] < 0) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, hdr->line, 1,
                             "missing required column '%s' (a manifest "
                             "needs id,name,file and optionally targets)",
                             required[i]);
            if (first == CS_OK)
                first = st;
        }
    }
    if (first != CS_OK && (col[0] < 0 || col[1] < 0 || col[2] < 0)) {
        cs_csv_free(csv);
        return first;
    }
    long tcol = cs_csv_column(csv, "targets");

    cs_manifest_t *m = calloc(1, sizeof(*m));
    size_t rows = cs_csv_row_count(csv);
    if (!m || !(m->entries = calloc(rows ? rows : 1, sizeof(*m->entries)))) {
        free(m);
        cs_csv_free(csv);
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    m->strings = g_string_chunk_new(1024);
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            NULL);
    for (size_t r = 0; r < rows; r++) {
        const cs_csv_row_t *row = cs_csv_row(csv, r);
        const cs_csv_field_t *fid = cs_csv_cell(row, col[0]);
        const cs_csv_field_t *fname = cs_csv_cell(row, col[1]);
        const cs_csv_field_t *ffile = cs_csv_cell(row, col[2]);
        const cs_csv_field_t *ftarg = tcol >= 0 ? cs_csv_cell(row, tcol)
                                                : NULL;
        if (!fid || !fname || !ffile)
            continue; /* already reported by the width check */
        int bad = 0;
        const char *why = id_problem(fid->text);
        if (why) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fid->line,
                             fid->column,
                             "id '%s' %s (ids name output files)",
                             fid->text, why);
            bad = 1;
        } else {
            char *fold = g_utf8_casefold(fid->text, -1);
            unsigned prev = GPOINTER_TO_UINT(g_hash_table_lookup(ids, fold));
            if (prev) {
                st = cs_diag_add(diag, CS_ERR_INVALID, name, fid->line,
                                 fid->column,
                                 "duplicate id '%s' (first on line %u)",
                                 fid->text, prev);
                bad = 1;
                g_free(fold);
            } else {
                g_hash_table_insert(ids, fold, GUINT_TO_POINTER(fid->line));
            }
        }
        if (cs_csv_is_blank(fname->text)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fname->line,
                             fname->column, "empty city name");
            bad = 1;
        } else if (has_control(fname->text)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, fname->line,
                             fname->column,
                             "city name contains a control character");
            bad = 1;
        } else if (cs_csv_check_label(csv, fname, "city name", diag) !=
                   CS_OK) {
            st = CS_ERR_LIMIT;
            bad = 1;
        }
        if (cs_csv_is_blank(ffile->text)) {
            st = cs_diag_add(diag, CS_ERR_INVALID, name, ffile->line,
                             ffile->column, "empty data file name");
            bad = 1;
        }
        if (bad) {
            if (first == CS_OK)
                first = st;
            continue;
        }
        cs_manifest_entry_t *e = &m->entries[m->n++];
        e->id = g_string_chunk_insert(m->strings, fid->text);
        e->name = g_string_chunk_insert(m->strings, fname->text);
        e->file = resolve(m, dir, ffile->text);
        e->targets = ftarg && !cs_csv_is_blank(ftarg->text)
                         ? resolve(m, dir, ftarg->text)
                         : NULL;
        e->manifest = g_string_chunk_insert(m->strings, name);
        e->line = row->line;
        e->file_column = ffile->column;
    }
    g_hash_table_destroy(ids);
    if (first == CS_OK && m->n == 0)
        first = cs_diag_add(diag, CS_ERR_INVALID, name, hdr->line, 1,
                            "the manifest lists no city");
    cs_csv_free(csv);
    if (first != CS_OK) {
        cs_manifest_free(m);
        return first;
    }
    *out = m;
    return CS_OK;
}

cs_status_t
cs_manifest_load(const char *path, cs_manifest_t **out, cs_diag_t *diag)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    cs_status_t st = cs_read_file(path, CS_CSV_MAX_BYTES, &data, &len, diag);
    if (st != CS_OK)
        return st;
    char *dir = g_path_get_dirname(path);
    st = cs_manifest_load_buffer(path, dir, data, len, out, diag);
    g_free(dir);
    free(data);
    return st;
}

/* ------------------------------------------------------------------ */
/* Running a batch                                                     */
/* ------------------------------------------------------------------ */

typedef struct city_job {
    cs_batch_city_t pub;
    cs_diag_t *diag;
    cs_scores_t *scores;
    char *paths[CS_FORMAT_COUNT];
    const cs_targets_t *targets; /* shared, owned by the report */
    cs_status_t targets_status;  /* != CS_OK: the targets file failed */
} city_job;

struct cs_batch_report {
    const cs_manifest_t *manifest;
    city_job *jobs;
    size_t n;
    size_t failed;
    cs_status_t book_status;
    cs_diag_t *diag;
    GHashTable *targets; /* path -> cs_targets_t* (NULL value: failed) */
    GPtrArray *target_list;
    /* shared read-only state for the workers */
    const cs_renderer_t *renderer;
    const cs_framework_t *fw;
    const cs_bands_t *bands;
    const cs_batch_options_t *opts;
    cs_output_t output;
    GMutex lock; /* serialises progress calls and the done counter */
    size_t done;
};

void
cs_batch_report_free(cs_batch_report_t *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n; i++) {
        city_job *j = &rep->jobs[i];
        cs_diag_free(j->diag);
        cs_scores_free(j->scores);
        for (int f = 0; f < CS_FORMAT_COUNT; f++)
            g_free(j->paths[f]);
    }
    free(rep->jobs);
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
    return rep ? rep->book_status : CS_OK;
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
    for (int f = 0; f < CS_FORMAT_COUNT && st == CS_OK; f++) {
        if (!(rep->opts->formats & (1u << f)))
            continue;
        cs_output_t out = rep->output;
        out.format = (cs_format_t)f;
        cs_labels_t *labels = NULL;
        st = cs_renderer_to_file(rep->renderer, j->scores, e->name,
                               j->paths[f], &out, &labels, j->diag);
        if (labels) {
            for (int o = 0; o < 4; o++)
                j->pub.fit[o] = cs_labels_count_outcome(labels,
                                                        (cs_fit_outcome_t)o);
            cs_labels_free(labels);
        }
        if (st != CS_OK)
            break;
        GStatBuf sb;
        cs_batch_file_t *bf = &j->pub.files[j->pub.n_files++];
        bf->format = (cs_format_t)f;
        bf->path = j->paths[f];
        bf->bytes = g_stat(j->paths[f], &sb) == 0 ? (size_t)sb.st_size : 0;
    }
    if (st != CS_OK && cs_diag_reported_count(j->diag) == 0)
        cs_diag_add(j->diag, st, e->file, 0, 0, "%s", cs_status_to_string(st));
    if (rep->opts->drop_scores && !rep->opts->book) {
        cs_scores_free(j->scores);
        j->scores = NULL;
    }
    j->pub.status = st;
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

static void
worker(gpointer data, gpointer user)
{
    run_city(user, data);
}

/* ---- the book ---- */

typedef struct book_sink {
    GByteArray *bytes;
} book_sink;

static cairo_status_t
book_write(void *closure, const unsigned char *data, unsigned int len)
{
    book_sink *s = closure;
    g_byte_array_append(s->bytes, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Draws the overview: every rendered wheel (its wheel box: wedges and
 * labels) scaled into a cell of a grid above one full-size legend and
 * source line, where a single page has them. */
static void
draw_overview(cs_batch_report_t *rep, cairo_t *cr, double w, double h,
              size_t n_ok)
{
    const cs_layout_t *l = cs_renderer_layout(rep->renderer);
    cs_rect_t wb = cs_layout_wheel_box(l), lb = cs_layout_legend_box(l);
    const cs_layout_params_t *lp = cs_layout_params(l);
    double gap = lp->band_gap;
    /* the grid's area: above a bottom legend, left of a right one */
    cs_rect_t sb = cs_layout_source_box(l);
    double area_w = w, area_h = sb.h > 0 ? sb.y - gap / 2 : h;
    if (lb.h > 0 && lp->legend_position == CS_LEGEND_BOTTOM)
        area_h = lb.y - gap;
    else if (lb.h > 0 && lp->legend_position == CS_LEGEND_RIGHT)
        area_w = lb.x - gap;
    if (area_h < h / 4)
        area_h = h;
    /* the grid shape that makes the wheels largest */
    size_t cols = 1;
    double best = 0;
    for (size_t c = 1; c <= n_ok; c++) {
        size_t rows = (n_ok + c - 1) / c;
        double sc =
            fmin(area_w / (double)c / wb.w, area_h / (double)rows / wb.h);
        if (sc > best + 1e-9) {
            best = sc;
            cols = c;
        }
    }
    size_t rows = (n_ok + cols - 1) / cols;
    double s = fmin(1, best);
    /* rows as tall as the wheels, the block centred in the area */
    double cw = area_w / (double)cols, ch = wb.h * s;
    double top = (area_h - ch * (double)rows) / 2;
    size_t k = 0;
    for (size_t i = 0; i < rep->n; i++) {
        city_job *j = &rep->jobs[i];
        if (j->pub.status != CS_OK)
            continue;
        /* the last row centred */
        size_t row = k / cols, col = k % cols;
        size_t in_row = row + 1 == rows ? n_ok - row * cols : cols;
        double x0 = (area_w - (double)in_row * cw) / 2 + (double)col * cw;
        double x = x0 + (cw - wb.w * s) / 2 - wb.x * s;
        double y = top + (double)row * ch - wb.y * s;
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, s, s);
        cs_render_draw_parts(rep->renderer, cr, j->scores, j->pub.entry->name,
                             CS_PART_WHEEL, NULL);
        cairo_restore(cr);
        k++;
    }
    cs_render_draw_parts(rep->renderer, cr, NULL, NULL, CS_PART_LEGEND,
                         NULL);
}

static cs_status_t
write_book(cs_batch_report_t *rep, const char *path)
{
    size_t n_ok = 0;
    for (size_t i = 0; i < rep->n; i++)
        if (rep->jobs[i].pub.status == CS_OK)
            n_ok++;
    if (n_ok == 0)
        return cs_diag_add(rep->diag, CS_ERR_INVALID, path, 0, 0,
                           "no city was rendered: the book is not written");
    double w = 0, h = 0;
    cs_renderer_size(rep->renderer, &w, &h);
    book_sink sink = {g_byte_array_new()};
    cairo_surface_t *surf =
        cairo_pdf_surface_create_for_stream(book_write, &sink, w, h);
    char date[32];
    cs_render_pdf_date(date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
    cairo_pdf_surface_set_metadata(
        surf, CAIRO_PDF_METADATA_TITLE,
        cs_renderer_options(rep->renderer)->words->book_title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                   "citysnap");
    /* Each page is a Figure with alternative text (added after cairo by
     * cs_render_pdf_accessible): the overview names the cities, a city's
     * page has its summary. Backgrounds are painted before the tags
     * start (see cs_render_draw_figure). */
    const cs_render_options_t *ro = cs_renderer_options(rep->renderer);
    GPtrArray *alts = g_ptr_array_new_with_free_func(free);
    GString *names = g_string_new(ro->words->book_title);
    g_string_append(names, ":");
    for (size_t i = 0, k = 0; i < rep->n; i++)
        if (rep->jobs[i].pub.status == CS_OK)
            g_string_append_printf(names, "%s %s", k++ ? "," : "",
                                   rep->jobs[i].pub.entry->name);
    g_string_append_c(names, '.');
    g_ptr_array_add(alts, strdup(names->str));
    g_string_free(names, TRUE);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, ro->background.r, ro->background.g,
                         ro->background.b);
    cairo_paint(cr);
    cairo_tag_begin(cr, "Figure", "");
    draw_overview(rep, cr, w, h, n_ok);
    cairo_tag_end(cr, "Figure");
    cairo_show_page(cr);
    cs_status_t st = CS_OK;
    for (size_t i = 0; i < rep->n && st == CS_OK; i++) {
        city_job *j = &rep->jobs[i];
        if (j->pub.status != CS_OK)
            continue;
        cairo_set_source_rgb(cr, ro->background.r, ro->background.g,
                             ro->background.b);
        cairo_paint(cr);
        st = cs_render_draw_figure(rep->renderer, cr, j->scores,
                                   j->pub.entry->name, rep->diag);
        cairo_show_page(cr);
        g_ptr_array_add(alts, cs_describe_summary_text(
                                  cs_renderer_framework(rep->renderer),
                                  cs_renderer_bands(rep->renderer), j->scores,
                                  j->pub.entry->name, ro->words));
    }
    cairo_status_t cst = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (cst == CAIRO_STATUS_SUCCESS)
        cst = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st == CS_OK && cst != CAIRO_STATUS_SUCCESS)
        st = cs_diag_add(rep->diag, CS_ERR_RENDER, path, 0, 0,
                         "cannot draw the book: %s",
                         cairo_status_to_string(cst));
    if (st == CS_OK)
        cs_render_pdf_accessible(sink.bytes, ro->lang,
                                 (const char *const *)alts->pdata, alts->len);
    g_ptr_array_free(alts, TRUE);
    if (st == CS_OK)
        st = cs_write_file_atomic(path, sink.bytes->data, sink.bytes->len,
                                  rep->diag);
    g_byte_array_free(sink.bytes, TRUE);
    return st;
}

cs_status_t
cs_batch_run(const cs_renderer_t *r, const cs_framework_t *fw,
             const cs_bands_t *bands, const cs_manifest_t *m,
             const cs_batch_options_t *opts, cs_batch_report_t **out,
             cs_diag_t *diag)
{
    *out = NULL;
    if (!r || !fw || !bands || !m || !opts || !opts->outdir ||
        !*opts->outdir)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "batch: renderer, framework, bands, manifest and "
                           "output folder are required");
    if (!(opts->min_coverage >= 0 && opts->min_coverage <= 100))
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "batch: min_coverage must be 0 to 100");
    if (g_mkdir_with_parents(opts->outdir, 0777) != 0 ||
        !g_file_test(opts->outdir, G_FILE_TEST_IS_DIR))
        return cs_diag_add(diag, CS_ERR_IO, opts->outdir, 0, 0,
                           "cannot create the output folder: %s",
                           g_strerror(errno));

    cs_batch_report_t *rep = calloc(1, sizeof(*rep));
    if (!rep)
        return cs_diag_add(diag, CS_ERR_NOMEM, NULL, 0, 0, "out of memory");
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
        rep->book_status = write_book(rep, opts->book);
        if (result == CS_OK)
            result = rep->book_status;
    }
    rep->opts = NULL; /* @local goes out of scope */
    *out = rep;
    return result;
}

/* ---- JSON ---- */

static void
json_str(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p;
         p++) {
        switch (*p) {
        case '"': g_string_append(s, "\\\""); break;
        case '\\': g_string_append(s, "\\\\"); break;
        case '\n': g_string_append(s, "\\n"); break;
        case '\r': g_string_append(s, "\\r"); break;
        case '\t': g_string_append(s, "\\t"); break;
        default:
            if (*p < 0x20)
                g_string_append_printf(s, "\\u%04x", *p);
            else
                g_string_append_c(s, (char)*p);
        }
    }
    g_string_append_c(s, '"');
}

static void
json_num(GString *s, double v)
{
    if (!isfinite(v)) {
        g_string_append(s, "null");
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.10g", v);
    g_string_append(s, buf);
}

static void
json_agg(GString *s, const char *name, const cs_agg_score_t *a)
{
    g_string_append(s, "{\"name\":");
    json_str(s, name);
    g_string_append(s, ",\"band\":");
    json_str(s, cs_band_key(a->band));
    g_string_append(s, ",\"percent\":");
    json_num(s, a->percent);
    g_string_append_printf(s, ",\"points\":%u,\"scored\":%u,\"total\":%u}",
                           a->points, a->scored, a->total);
}

cs_status_t
cs_batch_report_write_json(const cs_batch_report_t *rep,
                           const cs_framework_t *fw, const char *path,
                           cs_diag_t *diag)
{
    if (!rep || !fw || !path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "batch JSON: report, framework and path needed");
    GString *s = g_string_new("{\n  \"generator\": ");
    json_str(s, "citysnap " CS_VERSION);
    g_string_append_printf(s, ",\n  \"cities\": %zu,\n  \"failed\": %zu,\n",
                           rep->n, rep->failed);
    g_string_append(s, "  \"results\": [");
    for (size_t i = 0; i < rep->n; i++) {
        const city_job *j = &rep->jobs[i];
        const cs_manifest_entry_t *e = j->pub.entry;
        g_string_append(s, i ? ",\n    {" : "\n    {");
        g_string_append(s, "\"id\":");
        json_str(s, e->id);
        g_string_append(s, ",\"name\":");
        json_str(s, e->name);
        g_string_append(s, ",\"data\":");
        json_str(s, e->file);
        g_string_append(s, ",\"targets\":");
        if (e->targets)
            json_str(s, e->targets);
        else
            g_string_append(s, "null");
        g_string_append(s, ",\"status\":");
        json_str(s, j->pub.status == CS_OK ? "ok" : "failed");
        g_string_append(s, ",\"messages\":[");
        for (size_t k = 0; k < cs_diag_entry_count(j->diag); k++) {
            char *m = cs_diag_entry_format(cs_diag_get(j->diag, k));
            if (k)
                g_string_append_c(s, ',');
            json_str(s, m);
            free(m);
        }
        g_string_append(s, "],\"files\":[");
        for (size_t k = 0; k < j->pub.n_files; k++) {
            const cs_batch_file_t *f = &j->pub.files[k];
            g_string_append(s, k ? ",{\"format\":" : "{\"format\":");
            json_str(s, cs_format_name(f->format));
            g_string_append(s, ",\"path\":");
            json_str(s, f->path);
            g_string_append_printf(s, ",\"bytes\":%zu}", f->bytes);
        }
        g_string_append(s, "]");
        if (j->pub.n_files) {
            g_string_append_printf(
                s, ",\"fit\":{\"fit\":%zu,\"shrunk\":%zu,\"wrapped\":%zu,"
                   "\"ellipsized\":%zu}",
                j->pub.fit[0], j->pub.fit[1], j->pub.fit[2], j->pub.fit[3]);
        }
        if (j->scores) {
            g_string_append(s, ",\n     \"overall\":");
            json_agg(s, "overall", cs_scores_get_overall(j->scores));
            g_string_append(s, ",\n     \"dimensions\":[");
            for (size_t d = 0; d < cs_framework_dimension_count(fw); d++) {
                if (d)
                    g_string_append_c(s, ',');
                json_agg(s, cs_framework_get_dimension(fw, d)->name,
                         cs_scores_get_dimension(j->scores, d));
            }
            g_string_append(s, "],\n     \"groups\":[");
            for (size_t g = 0; g < cs_framework_group_count(fw); g++) {
                if (g)
                    g_string_append_c(s, ',');
                json_agg(s, cs_framework_get_group(fw, g)->name,
                         cs_scores_get_group(j->scores, g));
            }
            g_string_append(s, "],\n     \"kpis\":[");
            for (size_t k = 0; k < cs_framework_kpi_count(fw); k++) {
                const cs_kpi_score_t *ks = cs_scores_get_kpi(j->scores, k);
                g_string_append(s, k ? ",\n       {\"code\":"
                                     : "\n       {\"code\":");
                json_str(s, cs_framework_get_kpi(fw, k)->code);
                g_string_append(s, ",\"band\":");
                json_str(s, cs_band_key(ks->band));
                g_string_append(s, ",\"value\":");
                json_num(s, ks->value);
                g_string_append(s, ",\"target\":");
                json_num(s, ks->target);
                g_string_append(s, ",\"percent\":");
                json_num(s, ks->percent);
                g_string_append_printf(s, ",\"points\":%d}", ks->points);
            }
            g_string_append(s, "]");
        }
        g_string_append(s, "}");
    }
    g_string_append(s, "\n  ]\n}\n");
    cs_status_t st = cs_write_file_atomic(path, (const unsigned char *)s->str,
                                          s->len, diag);
    g_string_free(s, TRUE);
    return st;
}
