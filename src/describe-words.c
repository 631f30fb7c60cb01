/* SPDX-License-Identifier: MIT */
/* The sentence frames of the describe texts: their English defaults, their
 * translation by key and the words for kinds of change. */
#include <citysnap/describe.h>
#include <citysnap/compare.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cs-private.h"
#include "describe-private.h"

/* ---- sentence frames ------------------------------------------------------ */

void
cs_describe_words_init(cs_describe_words_t *w)
{
    if (!w)
        return;
    *w = (cs_describe_words_t){
        .intro_named = "{name} city snapshot: {kpis} KPI wedges in "
                       "{dimensions} dimensions and {groups} groups, each "
                       "coloured by how close the city is to its target.",
        .intro = "City snapshot: {kpis} KPI wedges in {dimensions} "
                 "dimensions and {groups} groups, each coloured by how close "
                 "the city is to its target.",
        .dim_first = "{count} of {total} KPI wedges {band}",
        .dim_next = "{count} {band}",
        .band_scored = "at {band}",
        .band_unscored = "with {band}",
        .overall = "Overall: {scored} of {total} KPI wedges scored, "
                   "{percent} % of the possible points.",
        .kpi_value = "value {value} {unit}",
        .kpi_no_value = "no value",
        .kpi_target = ", target {target}",
        .kpi_target_max = ", target at most {target}",
        .kpi_percent = ", {percent} % of target",
        .kpi_band = "; band: {band}.",
        .group = "Group {name}: {percent} % of the possible points, band "
                 "{band}.",
        .group_unscored = "Group {name}: band {band}.",
        .dimension = "Dimension {name}: {percent} % of the possible points, "
                     "band {band}.",
        .dimension_unscored = "Dimension {name}: band {band}.",
        .title_named = "City snapshot: {name}",
        .title = "City snapshot",
        .table_title = "{name}: city snapshot data",
        .table_caption = "{name}: city snapshot, one row per KPI wedge in "
                         "wheel order",
        .book_title = "City snapshots",
        .progress_dim = "{dimension}: {up} KPIs improved a band, {down} "
                        "fell, {same} unchanged, {new} newly reported, "
                        "{dropped} no longer reported.",
        .progress_overall = "Overall: {percent} % of the possible points, "
                            "{delta} percentage points since the previous "
                            "verification ({previous} %).",
        .report_title = "{name}: city report",
        .report_caption = "{name}: {dimension}, KPI results by group",
        .report_note = "Groups and dimensions: % of the possible points "
                       "(U4SSC points method) and how many of their KPIs "
                       "were scored.",
        .report_progress = "Progress since the previous verification",
        .book_cell = "{name}: {percent} %",
        .kpi_previous = "Previous verification: {band} ({change}).",
        .kpi_previous_none = "Previous verification: {band}.",
        .col_name = "KPI",
        .col_value = "Value",
        .col_target = "Target",
        .col_percent = "% of target",
        .col_band = "Band",
        .col_previous = "Previous",
        .col_change = "Change",
        .col_progress = "Band change",
        .coverage = "{scored} of {total} KPIs scored",
        .coverage_few = "less than the {min} % needed: shown as not enough "
                        "data",
        .colours = "Colours: {parts}.",
        .colours_band = "bands as reported in the city file",
        .colours_percent = "% of target as reported in the city file",
        .colours_city = "targets given in the city file",
        .colours_targets = "targets from {source}",
        .colours_targets_file = "targets from {file}, which names no source",
        .colours_illustrative = "illustrative targets ({source}), not U4SSC "
                                "benchmarks",
        .colours_framework = "the framework's published targets",
        .colours_none = "no targets, so a wedge shows only whether the KPI "
                        "was reported",
        .coverage_rings = "A ring's \"13 / 51\": 13 of its 51 KPIs scored.",
        .target_max = "at most {target}",
        .delta_points = "{delta} points",
        .yes = "Yes",
        .no = "No",
        .change_up = "up a band",
        .change_down = "down a band",
        .change_same = "same band",
        .change_new = "newly reported",
        .change_dropped = "no longer reported",
        .trend_better = "better",
        .trend_worse = "worse",
        .trend_unchanged = "unchanged",
        .legend_previous = "Inner edge: band at the previous verification",
        .number_decimal = ".",
        .number_group = ",",
    };
}

/* Every field of cs_describe_words_t, once: translated by its key
 * "describe.FIELD", checked against its English default. */
#define CS_DESCRIBE_FRAMES(X) \
    X(intro_named) \
    X(intro) \
    X(dim_first) \
    X(dim_next) \
    X(band_scored) \
    X(band_unscored) \
    X(overall) \
    X(kpi_value) \
    X(kpi_no_value) \
    X(kpi_target) \
    X(kpi_target_max) \
    X(kpi_percent) \
    X(kpi_band) \
    X(group) \
    X(group_unscored) \
    X(dimension) \
    X(dimension_unscored) \
    X(title_named) \
    X(title) \
    X(table_title) \
    X(table_caption) \
    X(book_title) \
    X(progress_dim) \
    X(progress_overall) \
    X(report_title) \
    X(report_caption) \
    X(report_note) \
    X(report_progress) \
    X(book_cell) \
    X(kpi_previous) \
    X(kpi_previous_none) \
    X(col_name) \
    X(col_value) \
    X(col_target) \
    X(col_percent) \
    X(col_band) \
    X(col_previous) \
    X(col_change) \
    X(col_progress) \
    X(coverage) \
    X(target_max) \
    X(delta_points) \
    X(yes) \
    X(no) \
    X(change_up) \
    X(change_down) \
    X(change_same) \
    X(change_new) \
    X(change_dropped) \
    X(trend_better) \
    X(trend_worse) \
    X(trend_unchanged) \
    X(legend_previous) \
    X(number_decimal) \
    X(number_group) \
    X(coverage_few) \
    X(colours) \
    X(colours_band) \
    X(colours_percent) \
    X(colours_city) \
    X(colours_targets) \
    X(colours_targets_file) \
    X(colours_illustrative) \
    X(colours_framework) \
    X(colours_none) \
    X(coverage_rings)

void
cs_describe_words_translate(cs_describe_words_t *w, const cs_translation_t *t)
{
    if (!w || !t)
        return;
#define TR(f)                                                                 \
    do {                                                                      \
        const char *v = cs_translation_get(t, "text", "describe." #f);        \
        if (v)                                                                \
            w->f = v;                                                         \
    } while (0);
    CS_DESCRIBE_FRAMES(TR)
#undef TR
}

const char *
cs_describe_words_default(const char *name)
{
    if (!name)
        return NULL;
    cs_describe_words_t w;
    cs_describe_words_init(&w);
#define DEF(f)                                                                \
    if (!strcmp(name, #f))                                                    \
        return w.f; /* a string literal: it outlives w */
    CS_DESCRIBE_FRAMES(DEF)
#undef DEF
    return NULL;
}


const char *
cs_describe_change_word(const cs_describe_words_t *w, cs_change_t c)
{
    switch (c) {
    case CS_CHANGE_UP:
        return w->change_up;
    case CS_CHANGE_DOWN:
        return w->change_down;
    case CS_CHANGE_SAME:
        return w->change_same;
    case CS_CHANGE_NEW:
        return w->change_new;
    case CS_CHANGE_DROPPED:
        return w->change_dropped;
    default:
        return "";
    }
}
