/* SPDX-License-Identifier: MIT */
/*
 * Values as published (internal): the one place that reads a value cell,
 * a unit and a band word. Rules (also in README.md):
 *
 *  - no data: an empty cell, NR, N/A, NA, n.a., Not Reported, Not
 *    available, No data, No Benchmark Available, Ikke rapportert, Ingen
 *    data, '-', '–', '—' (case and spaces ignored);
 *  - yes/no: YES, NO, Ja, Nei, TRUE, FALSE (case ignored), for KPIs whose
 *    unit is yes/no (and the yes/no sub-points);
 *  - a number: an optional sign (also U+2212), digits, optionally grouped
 *    in threes by a space, U+00A0, U+202F or U+2009 ("95 424", "101 200.00"),
 *    the decimal separator of the file ('.'; also ',' when the delimiter is
 *    not ','), an optional exponent; then optionally a unit ("97.00 %",
 *    "66.86 Minutes", "95 424 / 100 000 inhabitants"). Number errors are
 *    cs_csv_parse_number()'s;
 *  - a unit is read word by word through the table in value.c (spellings
 *    of %, per, 100 000, inhabitants, minutes, litres, ...; count nouns
 *    such as "Services" or "Spots" are "number"). A unit agrees with the
 *    wedge's when, leaving out "number" words, its words are a run of the
 *    wedge unit's words ("l per day" agrees with "litres per day per
 *    capita", "%" with "% of GDP"); a wedge without a unit accepts any
 *    known unit. A word the table does not know is an error.
 */
#ifndef CS_VALUE_PRIVATE_H
#define CS_VALUE_PRIVATE_H

#include <citysnap/bands.h>

typedef enum cs_value_kind {
    CS_VALUE_BLANK,
    CS_VALUE_NODATA,
    CS_VALUE_NUMBER,
    CS_VALUE_YES,
    CS_VALUE_NO,
} cs_value_kind_t;

typedef struct cs_value {
    cs_value_kind_t kind;
    double number;  /* CS_VALUE_NUMBER */
    char unit[256]; /* the unit text after the number ("" when none) */
} cs_value_t;

/** Reads a value cell. Returns 0, or -1 with *@why (constant text). */
int cs_value_parse(const char *text, int decimal_comma, cs_value_t *out,
                   const char **why);

/** Unit agreement: 1 when @given agrees with @wedge_unit, 0 when it
 *  contradicts it, -1 when @given has a word the table does not know
 *  (*@word, g_free, is that word). */
int cs_unit_agrees(const char *given, const char *wedge_unit, char **word);
/** Whether a wedge unit means per cent / yes or no. */
int cs_unit_is_percent(const char *wedge_unit);
int cs_unit_is_yesno(const char *wedge_unit);
/** Whether @text is one of the no-data words. */
int cs_value_is_nodata(const char *text);

/**
 * A band cell: the keys (95plus ...), and the legend's words in English
 * and Norwegian ("95+ % of target", "66 – 95 %", "Less than 33 %", "Mindre
 * enn 33 % av målet", "No data or no target", ...). Returns 0 and sets
 * *@out, 1 for "no band given" (blank, N/A, No Benchmark Available), -1
 * when unknown.
 */
int cs_band_parse(const char *text, cs_band_t *out);

#endif
