/* SPDX-License-Identifier: MIT */
/*
 * The colour mapper: six legend bands with labels, colours, thresholds and
 * U4SSC points, and the "% of target" rule.
 *
 * Decisions (the README repeats them):
 *  - % of target, higher is better: 100 * value / target.
 *  - % of target, lower is better: the target is an upper bound; a value at
 *    or below it meets it (100 %), a value above it gives
 *    100 * target / value (twice the target -> 50 %).
 *  - When the target or the value is zero or negative the ratio means
 *    nothing: the KPI gets 100 % when the target is met (higher: value >=
 *    target; lower: value <= target) and 0 % when not.
 *  - The result is clamped to [0, 100] and rounded to 9 decimals, so that
 *    decimal inputs that are exactly on a boundary (0.57 of 0.6 = 95 %)
 *    land on it despite binary floating point.
 *  - Boundary values belong to the upper band: 33 -> "33to66",
 *    66 -> "66to95", 95 -> "95plus"; just below (nextafter) stays below.
 *  - NaN (no value or no usable target) -> "nodata"; +inf -> the top band;
 *    -inf, negatives and 0 -> the bottom band ("below33").
 *  - Points (U4SSC method): 4, 3, 2, 1 for the four scored bands, 0 for
 *    "nodata" and "notarget", which are left out of group scores.
 *  - "fewdata" marks a group or dimension with too few KPIs scored; it has
 *    no threshold and no points, and an older six-row band file gets it
 *    from the built-in table.
 *
 * Band files (data/bands.csv): columns key,label,color,min_percent,points;
 * other columns (such as source) are ignored. Each of the six keys exactly
 * once, fewdata at most once; the row order is the legend order. Checked, each at
 * FILE:LINE:COLUMN: unknown key, duplicate key, missing key (at the end of
 * the file), empty or too long label, colour not "#rrggbb", min_percent not
 * a number or not strictly decreasing from 95plus to below33 (and empty
 * for nodata/notarget), points not an integer 1..4 for the scored bands
 * (empty or 0 for nodata/notarget).
 */
#include "cs-private.h"
#include "bands-private.h"
#include "csv-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/bands.h>

struct cs_bands {
    char *label[CS_BAND_COUNT];
    cs_rgb_t color[CS_BAND_COUNT];
    double min_percent[CS_BAND_COUNT];
    int points[CS_BAND_COUNT];
    cs_band_t order[CS_BAND_COUNT];
};

static const char *const band_keys[CS_BAND_COUNT] = {
    "95plus", "66to95", "33to66", "below33", "nodata", "notarget", "fewdata",
};

/* The built-in table, in legend order: the same as data/bands.csv
 * (tests/test-bands.c compares them). A band file written before
 * "fewdata" existed has six rows; the band then gets its row from here,
 * last in the legend. */
static const struct {
    cs_band_t band;
    const char *label;
    cs_rgb_t color; /* #rrggbb / 255 */
    double min_percent;
    int points;
} default_bands[CS_BAND_COUNT] = {
    /* band               label                              colour   min  points */
    {CS_BAND_95PLUS, "95+ % of target",
     {0x45 / 255.0, 0x9a / 255.0, 0x71 / 255.0}, 95, 4},
    {CS_BAND_66TO95, "66 \xe2\x80\x93 95 % of target",
     {0x72 / 255.0, 0xb2 / 255.0, 0x82 / 255.0}, 66, 3},
    {CS_BAND_33TO66, "33 \xe2\x80\x93 66 % of target",
     {0xd8 / 255.0, 0xae / 255.0, 0x56 / 255.0}, 33, 2},
    {CS_BAND_BELOW33, "Less than 33 % of target",
     {0xd1 / 255.0, 0x7d / 255.0, 0x52 / 255.0}, 0, 1},
    {CS_BAND_NODATA, "No data or no target",
     {0x89 / 255.0, 0x81 / 255.0, 0x7b / 255.0}, NAN, 0},
    {CS_BAND_NOTARGET, "Data reported \xe2\x80\x93 no target yet available",
     {0x60 / 255.0, 0x9f / 255.0, 0xba / 255.0}, NAN, 0},
    {CS_BAND_FEWDATA, "Not enough data: too few KPIs scored",
     {0xcd / 255.0, 0xc8 / 255.0, 0xc2 / 255.0}, NAN, 0},
};

static int
is_scored(cs_band_t b)
{
    return b >= CS_BAND_95PLUS && b <= CS_BAND_BELOW33;
}

const char *
cs_band_key(cs_band_t band)
{
    if ((int)band < 0 || band >= CS_BAND_COUNT)
        return NULL;
    return band_keys[band];
}

cs_status_t
cs_band_from_key(const char *key, cs_band_t *out, cs_diag_t *diag)
{
    if (!key || !out)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0,
                           "cs_band_from_key: NULL argument");
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        if (!g_ascii_strcasecmp(key, band_keys[i])) {
            *out = (cs_band_t)i;
            return CS_OK;
        }
    }
    return cs_diag_add(diag, CS_ERR_INVALID, NULL, 0, 0,
                       "unknown band key '%s' (95plus, 66to95, 33to66, "
                       "below33, nodata, notarget or fewdata)", key);
}

void
cs_bands_free(cs_bands_t *b)
{
    if (!b)
        return;
    for (int i = 0; i < CS_BAND_COUNT; i++)
        free(b->label[i]);
    free(b);
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int
parse_color(const char *s, cs_rgb_t *out)
{
    if (strlen(s) != 7 || s[0] != '#')
        return -1;
    int v[6];
    for (int i = 0; i < 6; i++)
        if ((v[i] = hex_digit(s[i + 1])) < 0)
            return -1;
    out->r = (v[0] * 16 + v[1]) / 255.0;
    out->g = (v[2] * 16 + v[3]) / 255.0;
    out->b = (v[4] * 16 + v[5]) / 255.0;
    return 0;
}

/* Position of column @col in the row that starts on @line. */
static void
row_cell_pos(const cs_csv_t *csv, unsigned line, long col, unsigned *l,
             unsigned *c)
{
    const cs_csv_row_t *row = cs_csv_header(csv);
    for (size_t r = 0; r < cs_csv_row_count(csv); r++)
        if (cs_csv_row(csv, r)->line == line)
            row = cs_csv_row(csv, r);
    cs_csv_cell_pos(row, col, l, c);
}

/* Band @i of the built-in table into @b (label copied). */
static cs_status_t
set_default_row(cs_bands_t *b, int i)
{
    cs_band_t band = default_bands[i].band;
    free(b->label[band]);
    b->label[band] = strdup(default_bands[i].label);
    if (!b->label[band])
        return CS_ERR_NOMEM;
    b->color[band] = default_bands[i].color;
    b->min_percent[band] = default_bands[i].min_percent;
    b->points[band] = default_bands[i].points;
    return CS_OK;
}

/* Label and colour of "fewdata" from the built-in table. */
static cs_status_t
fewdata_default(cs_bands_t *b)
{
    return set_default_row(b, CS_BAND_COUNT - 1);
}

static cs_status_t
build(cs_csv_t *csv, cs_bands_t **out, cs_diag_t *diag)
{
    const char *name = cs_csv_name(csv);
    const cs_csv_row_t *hdr = cs_csv_header(csv);
    static const char *const required[] = {"key", "label", "color",
                                           "min_percent", "points"};
    long col[5];
    cs_status_t st = cs_csv_require(csv, required, 5, col,
                                    "the header needs key, label, color, "
                                    "min_percent, points",
                                    diag);
    if (st != CS_OK)
        return st;

    cs_bands_t *b = calloc(1, sizeof(*b));
    if (!b)
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    unsigned key_line[CS_BAND_COUNT] = {0};
    size_t n_order = 0;
    int decimal_comma = cs_csv_decimal_comma(csv);
    size_t n = cs_csv_row_count(csv);
    const cs_csv_row_t *last = hdr;

    for (size_t r = 0; r < n; r++) {
        const cs_csv_row_t *row = cs_csv_row(csv, r);
        st = cs_csv_first_error(st, cs_csv_check_row_width(csv, row, diag));
        last = row;
        unsigned l, c;
        const cs_csv_field_t *fk = cs_csv_cell(row, col[0]);
        char *key = g_strstrip(g_strdup(fk ? fk->text : ""));
        cs_band_t band;
        cs_csv_cell_pos(row, col[0], &l, &c);
        if (cs_band_from_key(key, &band, NULL) != 0) {
            st = cs_csv_first_error(
                st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                "key: unknown band key '%s' (expected "
                                "95plus, 66to95, 33to66, below33, "
                                "nodata, notarget or fewdata)",
                                key));
            g_free(key);
            continue;
        }
        g_free(key);
        if (key_line[band]) {
            st = cs_csv_first_error(
                st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                "key: duplicate band key '%s' (first on "
                                "line %u)",
                                band_keys[band], key_line[band]));
            continue;
        }
        key_line[band] = row->line;
        b->order[n_order++] = band;

        /* label */
        const cs_csv_field_t *fl = cs_csv_cell(row, col[1]);
        char *label = g_strstrip(g_strdup(fl ? fl->text : ""));
        if (!label[0]) {
            cs_csv_cell_pos(row, col[1], &l, &c);
            st =
                cs_csv_first_error(st, cs_diag_add(diag, CS_ERR_INVALID, name,
                                                   l, c, "label: empty label"));
        } else if (cs_csv_check_label(csv, fl, "label", diag) != CS_OK) {
            st = cs_csv_first_error(st, CS_ERR_LIMIT);
        }
        b->label[band] = strdup(label);
        g_free(label);
        if (!b->label[band]) {
            cs_bands_free(b);
            return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0,
                               "out of memory");
        }

        /* colour */
        const cs_csv_field_t *fc = cs_csv_cell(row, col[2]);
        char *color = g_strstrip(g_strdup(fc ? fc->text : ""));
        if (parse_color(color, &b->color[band]) != 0) {
            cs_csv_cell_pos(row, col[2], &l, &c);
            st = cs_csv_first_error(
                st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                "color: '%s' is not a colour "
                                "#rrggbb",
                                color));
        }
        g_free(color);

        /* min_percent */
        const cs_csv_field_t *fm = cs_csv_cell(row, col[3]);
        const char *mtext = fm ? fm->text : "";
        b->min_percent[band] = NAN;
        cs_csv_cell_pos(row, col[3], &l, &c);
        if (is_scored(band)) {
            const char *why = NULL;
            double v;
            if (cs_csv_parse_number(mtext, decimal_comma, &v, &why) != 0)
                st = cs_csv_first_error(
                    st, cs_diag_add(diag, CS_ERR_PARSE, name, l, c,
                                    "min_percent: '%s': %s "
                                    "(band '%s' needs a "
                                    "threshold)",
                                    mtext, why, band_keys[band]));
            else
                b->min_percent[band] = v;
        } else if (!cs_csv_is_blank(mtext)) {
            st = cs_csv_first_error(
                st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                "min_percent: must be empty for "
                                "band '%s'",
                                band_keys[band]));
        }

        /* points */
        const cs_csv_field_t *fp = cs_csv_cell(row, col[4]);
        const char *ptext = fp ? fp->text : "";
        cs_csv_cell_pos(row, col[4], &l, &c);
        double pv = 0;
        const char *why = NULL;
        int has_points = !cs_csv_is_blank(ptext);
        int ok = has_points
                     ? cs_csv_parse_number(ptext, decimal_comma, &pv, &why) ==
                           0
                     : !is_scored(band);
        if (is_scored(band)) {
            if (!ok || pv != floor(pv) || pv < 1 || pv > 4)
                st = cs_csv_first_error(
                    st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                    "points: '%s' is not a whole number "
                                    "from 1 to 4 (band '%s')",
                                    ptext, band_keys[band]));
            else
                b->points[band] = (int)pv;
        } else if (!ok || pv != 0) {
            st = cs_csv_first_error(
                st, cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                                "points: must be empty or 0 for "
                                "band '%s'",
                                band_keys[band]));
        }
    }

    if (!key_line[CS_BAND_FEWDATA]) {
        if (fewdata_default(b) != CS_OK) {
            cs_bands_free(b);
            return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0,
                               "out of memory");
        }
        key_line[CS_BAND_FEWDATA] = last->end_line;
        b->order[n_order++] = CS_BAND_FEWDATA;
    }
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        if (!key_line[i])
            st = cs_csv_first_error(
                st, cs_diag_add(diag, CS_ERR_INVALID, name, last->end_line,
                                last->end_column,
                                "missing band key '%s' (95plus, "
                                "66to95, 33to66, below33, nodata and "
                                "notarget are needed)",
                                band_keys[i]));
    }
    /* Every band must be reachable: percent of target is clamped to
     * 0..100 (cs_bands_percent_of_target), so a threshold above 100 is
     * never met, and one at 0 or below leaves nothing for the bands under
     * it; below33 takes what is left (its threshold is not used). */
    for (int i = 0; i < CS_BAND_BELOW33 && st == CS_OK; i++) {
        double m = b->min_percent[i];
        if (m > 0 && m <= 100)
            continue;
        unsigned l, c;
        row_cell_pos(csv, key_line[i], col[3], &l, &c);
        st = cs_diag_add(
            diag, CS_ERR_INVALID, name, l, c,
            m > 100 ? "min_percent: %g for '%s' can never be reached: the "
                      "percent of target is capped at 100"
                    : "min_percent: %g for '%s' leaves nothing for the bands "
                      "below it: the percent of target is at least 0 (use a "
                      "threshold above 0)",
            m, band_keys[i]);
    }
    /* Thresholds strictly decreasing from 95plus to below33. */
    for (int i = 1; i <= CS_BAND_BELOW33 && st == CS_OK; i++) {
        if (!(b->min_percent[i] < b->min_percent[i - 1])) {
            unsigned l, c;
            row_cell_pos(csv, key_line[i], col[3], &l, &c);
            st = cs_diag_add(diag, CS_ERR_INVALID, name, l, c,
                             "min_percent: %g for '%s' is not below %g for "
                             "'%s' (thresholds must decrease from 95plus to "
                             "below33)",
                             b->min_percent[i], band_keys[i],
                             b->min_percent[i - 1], band_keys[i - 1]);
        }
    }
    if (st != CS_OK) {
        cs_bands_free(b);
        return st;
    }
    *out = b;
    return CS_OK;
}

static cs_status_t
build_cb(const void *ctx, cs_csv_t *csv, void *out, cs_diag_t *diag)
{
    (void)ctx;
    return build(csv, out, diag);
}

cs_status_t
cs_bands_load_buffer(const char *name, const char *data, size_t len,
                     cs_bands_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0, "no output pointer");
    *out = NULL;
    return cs_csv_load(name, 0, data, len, build_cb, NULL, out, diag);
}

cs_status_t
cs_bands_load(const char *path, cs_bands_t **out, cs_diag_t *diag)
{
    if (!out)
        return cs_diag_add(diag, CS_ERR_ARG, path, 0, 0, "no output pointer");
    *out = NULL;
    if (!path)
        return cs_diag_add(diag, CS_ERR_ARG, NULL, 0, 0, "no file name");
    return cs_csv_load(path, 1, NULL, 0, build_cb, NULL, out, diag);
}

cs_bands_t *
cs_bands_new_default(void)
{
    cs_bands_t *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        if (set_default_row(b, i) != CS_OK) {
            cs_bands_free(b);
            return NULL;
        }
        b->order[i] = default_bands[i].band;
    }
    return b;
}

cs_bands_t *
cs_bands_copy(const cs_bands_t *b)
{
    if (!b)
        return NULL;
    cs_bands_t *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    *c = *b;
    for (int i = 0; i < CS_BAND_COUNT; i++) {
        c->label[i] = b->label[i] ? strdup(b->label[i]) : NULL;
        if (b->label[i] && !c->label[i]) {
            for (int j = i + 1; j < CS_BAND_COUNT; j++)
                c->label[j] = NULL;
            cs_bands_free(c);
            return NULL;
        }
    }
    return c;
}

cs_status_t
cs_bands_set_label(cs_bands_t *b, cs_band_t band, const char *label,
                   const char *name, cs_diag_t *diag)
{
    if (!b || !label || (int)band < 0 || band >= CS_BAND_COUNT)
        return cs_diag_add(diag, CS_ERR_ARG, name, 0, 0,
                           "cs_bands_set_label: invalid argument");
    const char *why = cs_csv_label_problem(label);
    if (why)
        return cs_diag_add(diag, CS_ERR_INVALID, name, 0, 0,
                           "legend label of band '%s' %s", band_keys[band],
                           why);
    char *copy = strdup(label);
    if (!copy)
        return cs_diag_add(diag, CS_ERR_NOMEM, name, 0, 0, "out of memory");
    free(b->label[band]);
    b->label[band] = copy;
    return CS_OK;
}

void
cs_bands_set_color(cs_bands_t *b, cs_band_t band, cs_rgb_t color)
{
    if (b && (int)band >= 0 && band < CS_BAND_COUNT)
        b->color[band] = color;
}

static int
band_ok(const cs_bands_t *b, cs_band_t band)
{
    return b && (int)band >= 0 && band < CS_BAND_COUNT;
}

const char *
cs_bands_label(const cs_bands_t *b, cs_band_t band)
{
    return band_ok(b, band) ? b->label[band] : NULL;
}

cs_rgb_t
cs_bands_color(const cs_bands_t *b, cs_band_t band)
{
    cs_rgb_t black = {0, 0, 0};
    return band_ok(b, band) ? b->color[band] : black;
}

double
cs_bands_min_percent(const cs_bands_t *b, cs_band_t band)
{
    return band_ok(b, band) ? b->min_percent[band] : NAN;
}

int
cs_bands_points(const cs_bands_t *b, cs_band_t band)
{
    return band_ok(b, band) ? b->points[band] : 0;
}

void
cs_bands_legend_order(const cs_bands_t *b, cs_band_t order[CS_BAND_COUNT])
{
    for (int i = 0; order && i < CS_BAND_COUNT; i++)
        order[i] = b ? b->order[i] : (cs_band_t)i;
}

double
cs_bands_percent_of_target(double value, double target, cs_direction_t dir)
{
    if (!isfinite(value) || !isfinite(target))
        return NAN;
    double pct;
    if (dir == CS_LOWER_IS_BETTER) {
        if (value <= target)
            pct = 100.0;
        else if (target > 0 && value > 0)
            pct = 100.0 * (target / value);
        else
            pct = 0.0;
    } else {
        if (target > 0)
            pct = 100.0 * (value / target);
        else
            pct = value >= target ? 100.0 : 0.0;
    }
    if (!(pct > 0)) /* also catches -inf */
        return 0.0;
    if (pct >= 100.0) /* also +inf */
        return 100.0;
    return round(pct * 1e9) / 1e9;
}

cs_band_t
cs_bands_classify(const cs_bands_t *b, double pct)
{
    if (isnan(pct))
        return CS_BAND_NODATA;
    if (!b)
        return CS_BAND_NODATA;
    for (int i = CS_BAND_95PLUS; i < CS_BAND_BELOW33; i++)
        if (pct >= b->min_percent[i])
            return (cs_band_t)i;
    return CS_BAND_BELOW33;
}
