/* SPDX-License-Identifier: MIT */
/*
 * Plain-language descriptions of a city's wheel, for readers who cannot
 * see it: a summary ("Economy: 12 of 51 KPI wedges at 95+ % of target,
 * ...") and a data table (CSV or HTML) of every KPI wedge. The texts use
 * the framework's and the band table's labels, so a translated framework
 * gives translated names; the sentence frames are a cs_describe_words_t
 * (English by default, or from a translation table's describe.* texts).
 */
#ifndef CITYSNAP_DESCRIBE_H
#define CITYSNAP_DESCRIBE_H

#include <stddef.h>
#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/score.h>
#include <citysnap/i18n.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cs_table_format {
    CS_TABLE_CSV = 0,
    CS_TABLE_HTML = 1,
    CS_TABLE_FORMAT_COUNT
} cs_table_format_t;

/**
 * Sentence frames. Each is a template in which {name}, {count}, {band}...
 * (listed per field) are replaced; other text is kept as it is.
 * cs_describe_words_init() gives the English ones.
 */
typedef struct cs_describe_words {
    /* the summary's first line: {name} {kpis} {dimensions} {groups} */
    const char *intro_named;
    const char *intro; /* (no city name) */
    /* a dimension's line, "{dimension}: " then these joined by ", " */
    const char *dim_first;     /* {count} {total} {band} */
    const char *dim_next;      /* {count} {band} */
    const char *band_scored;   /* {band}: a band with a threshold */
    const char *band_unscored; /* {band}: "no data", "no target yet" */
    const char *overall;       /* {scored} {total} {percent} */
    /* one KPI: "{label} ({group}, {dimension}): " then these */
    const char *kpi_value;      /* {value} {unit} */
    const char *kpi_no_value;
    const char *kpi_target;     /* {target} */
    const char *kpi_target_max; /* {target} (lower is better) */
    const char *kpi_percent;    /* {percent} */
    const char *kpi_band;       /* {band} */
    /* a group or dimension wedge */
    const char *group;            /* {name} {percent} {band} */
    const char *group_unscored;   /* {name} {band} */
    const char *dimension;        /* {name} {percent} {band} */
    const char *dimension_unscored; /* {name} {band} */
    /* document titles */
    const char *title_named; /* {name} */
    const char *title;
    const char *table_title;   /* {name} */
    const char *table_caption; /* {name} */
    const char *book_title;    /* the title of a batch's book */
    /* progress since a previous verification (cs_describe_progress) */
    const char *progress_dim;     /* {dimension} {up} {down} {same} {new}
                                     {dropped} */
    const char *progress_overall; /* {previous} {percent} {delta} */
    /* the report's tables (cs_report_table_new) */
    const char *report_title;     /* {name} */
    const char *report_caption;   /* {name}: one table per dimension,
                                     {dimension} */
    const char *report_note;      /* under the tables */
    const char *report_progress;  /* heading of the progress lines */
    const char *book_cell;        /* {name} {percent}: a small wheel's title
                                     on the book's overview */
    /* after a KPI wedge's description on a wheel of progress */
    const char *kpi_previous;      /* {band} {change} */
    const char *kpi_previous_none; /* {band}: reported neither time */
    const char *col_name;         /* column headings */
    const char *col_value;
    const char *col_target;
    const char *col_percent;
    const char *col_band;
    const char *col_previous;
    const char *col_change;
    const char *col_progress;
    const char *coverage;         /* {scored} {total} */
    const char *target_max;       /* {target}: lower is better */
    const char *delta_points;     /* {delta}: percentage points */
    const char *yes;              /* a Yes or No KPI's values */
    const char *no;
    const char *change_up;        /* cs_change_t, in the tables */
    const char *change_down;
    const char *change_same;
    const char *change_new;
    const char *change_dropped;
    const char *trend_better;     /* cs_trend_t, in the tables */
    const char *trend_worse;
    const char *trend_unchanged;
    const char *legend_previous;  /* the wheel's legend entry for the
                                     previous verification's bands */
    /* numbers in the tables and progress lines (cs_describe_number) */
    const char *number_decimal;   /* "." ("," in Norwegian) */
    const char *number_group;     /* "," (a no-break space in Norwegian) */
    /* after coverage, for a ring below the minimum coverage {min} (%) */
    const char *coverage_few;
    /* where the colours come from (cs_describe_colours): "{parts}" are
     * the bases that decided some band, joined by "; " */
    const char *colours;              /* {parts} */
    const char *colours_band;         /* the city file's band column */
    const char *colours_percent;      /* its percent column */
    const char *colours_city;         /* its target column */
    const char *colours_targets;      /* {source}: a targets file's */
    const char *colours_targets_file; /* {file}: one that names none */
    const char *colours_illustrative; /* {source}: illustrative targets */
    const char *colours_framework;    /* the framework's targets */
    const char *colours_none;         /* nothing scored: no targets */
    const char *coverage_rings;       /* the picture's note on the counts
                                       * ("13 / 51") in rings 1 and 2 */
} cs_describe_words_t;

/** The English frames. */
CS_API void cs_describe_words_init(cs_describe_words_t *w);

/**
 * Replaces the frames that @t has as text,describe.FIELD rows (e.g.
 * "text,describe.overall,Samlet: ..."); the others stay. The strings are
 * borrowed from @t.
 */
CS_API void cs_describe_words_translate(cs_describe_words_t *w,
                                        const cs_translation_t *t);

/**
 * The English default of the sentence frame FIELD of cs_describe_words_t
 * (its translation key is "describe.FIELD"), or NULL when there is no such
 * frame. A translation may use only the {placeholders} of the default.
 * Static string.
 */
CS_API const char *cs_describe_words_default(const char *field);

/** Fills @tmpl: each {key} of the NULL-terminated @keys (NULL: none) gets
 * the value at the same index of @values (NULL values read as ""). New
 * string (free()), NULL on OOM or a NULL @tmpl. */
CS_API char *cs_describe_fill(const char *tmpl, const char *const *keys,
                              const char *const *values);

/**
 * The one number formatter of the tables and progress lines: @v with
 * @decimals decimals (< 0: as many as needed, up to 6 significant digits
 * and 6 decimals, trailing zeros dropped), thousands grouped with
 * @w->number_group, the decimal mark @w->number_decimal, negatives with a
 * minus sign (U+2212) and, when @sign, positives with "+". "95424" is
 * "95,424" in English and "95 424" in Norwegian. NaN gives "", infinities
 * "∞" and "−∞". @w NULL: English. *@out is a new string (free()); NULL
 * and CS_ERR_ARG when @out is NULL, CS_ERR_NOMEM on OOM.
 */
CS_API cs_status_t cs_describe_number(double v, int decimals, int sign,
                                      const cs_describe_words_t *w,
                                      char **out, cs_diag_t *diag);

/**
 * Progress since a previous verification in words: one line per
 * dimension ("Economy: 9 KPIs improved a band, 3 fell, 20 unchanged, 5
 * newly reported, 0 no longer reported.") and, when both were scored, one
 * for the whole wheel. @cmp from cs_comparison_new() with @fw;
 * @current are the current scores (for the overall line; may be NULL).
 * @w NULL: English. *@out is a new string (free()). CS_ERR_ARG for a NULL
 * @fw, @cmp or @out, or a comparison or scores of another shape.
 */
struct cs_comparison;
CS_API cs_status_t cs_describe_progress(const cs_framework_t *fw,
                                        const struct cs_comparison *cmp,
                                        const cs_scores_t *current,
                                        const cs_describe_words_t *w,
                                        char **out, cs_diag_t *diag);

/**
 * The summary: a first line naming the city (@name may be NULL) and the
 * number of KPI wedges, then one line per dimension with the number of
 * wedges in each band, in legend order, how many were scored, the overall
 * score, and where the colours come from (cs_describe_colours).
 * @scores may be NULL (every wedge "no data"); when given they must come
 * from @fw or from a translation of it (CS_ERR_ARG otherwise). @words
 * NULL: English frames. On success *@out is a new string to free with
 * free(); on failure *@out is NULL and the status is CS_ERR_ARG (NULL
 * @fw, @bands or @out, mismatched @scores) or CS_ERR_NOMEM.
 */
CS_API cs_status_t cs_describe_summary(const cs_framework_t *fw,
                                       const cs_bands_t *bands,
                                       const cs_scores_t *scores,
                                       const char *name,
                                       const cs_describe_words_t *words,
                                       char **out, cs_diag_t *diag);
/**
 * Where the wheel's colours come from, in one sentence: "Colours:
 * illustrative targets (samples/targets.csv), not U4SSC benchmarks." Names
 * each basis that decided a band (cs_basis_t): the city file's band,
 * percent or target columns, the targets file with its declared source
 * (or its file name, saying it names no source), the framework's targets;
 * when nothing was scored, that there were no targets. @scores NULL reads
 * as nothing scored. Ownership and errors as cs_describe_summary().
 */
CS_API cs_status_t cs_describe_colours(const cs_scores_t *scores,
                                       const cs_describe_words_t *words,
                                       char **out, cs_diag_t *diag);
/**
 * One KPI wedge in words: "LABEL (GROUP, DIMENSION): VALUE UNIT, TARGET,
 * band BAND." Arguments and ownership as cs_describe_summary(); @kpi must
 * be below cs_framework_kpi_count() (CS_ERR_ARG otherwise).
 */
CS_API cs_status_t cs_describe_kpi(const cs_framework_t *fw,
                                   const cs_bands_t *bands,
                                   const cs_scores_t *scores, size_t kpi,
                                   const cs_describe_words_t *words,
                                   char **out, cs_diag_t *diag);
/**
 * A group (@dimension 0) or dimension wedge in words: "Group NAME: 75 %
 * of the possible points, band BAND." @name NULL reads as "", @a may be
 * NULL (no scores), @w NULL: English. Returns a new string to free with
 * free(), or NULL on OOM or a NULL @bands.
 */
CS_API char *cs_describe_agg(const char *name, int dimension,
                             const cs_agg_score_t *a,
                             const cs_bands_t *bands,
                             const cs_describe_words_t *w);
/**
 * The data table: one row per KPI wedge in wheel order with the columns
 * code, dimension, group, label, value, unit, target, percent, band
 * (label), band_key. CSV: RFC 4180, numbers with a decimal point. HTML: a
 * complete document (lang @lang, NULL: "en") with a captioned table.
 * Arguments and ownership as cs_describe_summary(); a @format out of range
 * is CS_ERR_ARG.
 */
CS_API cs_status_t cs_describe_table(const cs_framework_t *fw,
                                     const cs_bands_t *bands,
                                     const cs_scores_t *scores,
                                     const char *name,
                                     cs_table_format_t format,
                                     const char *lang,
                                     const cs_describe_words_t *words,
                                     char **out, cs_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
