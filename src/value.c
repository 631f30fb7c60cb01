/* SPDX-License-Identifier: MIT */
/* Values, units and band words as published (see value-private.h). */
#include "value-private.h"
#include "csv-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* Text folded for comparing words: NFKC, case folded, spaces collapsed. */
static char *
fold(const char *s)
{
    char *nf = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
    char *cf = g_utf8_casefold(nf ? nf : s, -1);
    g_free(nf);
    GString *o = g_string_new(NULL);
    int space = 0;
    for (const char *p = cf; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c)) {
            space = o->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(o, ' ');
        space = 0;
        g_string_append_unichar(o, c);
    }
    g_free(cf);
    return g_string_free(o, FALSE);
}

static const char *const nodata_words[] = {
    "nr", "n/a", "na", "n.a.", "n. a.", "not reported", "not available",
    "no data", "no benchmark available", "ikke rapportert",
    "ikke tilgjengelig", "ingen data", "-", "\xe2\x80\x93", "\xe2\x80\x94",
    "--"};

int
cs_value_is_nodata(const char *text)
{
    char *f = fold(text);
    int hit = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(nodata_words) && !hit; i++)
        hit = !strcmp(f, nodata_words[i]);
    g_free(f);
    return hit;
}

static int
is_group_space(const char *p, size_t *len)
{
    unsigned char c = (unsigned char)p[0];
    if (c == ' ') {
        *len = 1;
        return 1;
    }
    if (!strncmp(p, "\xc2\xa0", 2)) {
        *len = 2;
        return 1;
    }
    if (!strncmp(p, "\xe2\x80\xaf", 3) || !strncmp(p, "\xe2\x80\x89", 3)) {
        *len = 3;
        return 1;
    }
    return 0;
}

int
cs_value_parse(const char *text, int decimal_comma, cs_value_t *out,
               const char **why)
{
    memset(out, 0, sizeof *out);
    if (!text || cs_csv_is_blank(text)) {
        out->kind = CS_VALUE_BLANK;
        return 0;
    }
    /* a line break inside a cell reads as a space */
    char *t = g_strdup(text);
    for (char *p = t; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    g_strstrip(t);
    if (cs_value_is_nodata(t)) {
        out->kind = CS_VALUE_NODATA;
        g_free(t);
        return 0;
    }
    char *f = fold(t);
    /* TRUE/FALSE: a boolean cell in a text export */
    if (!strcmp(f, "yes") || !strcmp(f, "ja") || !strcmp(f, "true"))
        out->kind = CS_VALUE_YES;
    else if (!strcmp(f, "no") || !strcmp(f, "nei") || !strcmp(f, "false"))
        out->kind = CS_VALUE_NO;
    g_free(f);
    if (out->kind == CS_VALUE_YES || out->kind == CS_VALUE_NO) {
        g_free(t);
        return 0;
    }
    /* the number: copy it without group spaces */
    GString *num = g_string_new(NULL);
    const char *p = t;
    if (!strncmp(p, "\xe2\x88\x92", 3)) { /* U+2212 minus */
        g_string_append_c(num, '-');
        p += 3;
    } else if (*p == '+' || *p == '-') {
        g_string_append_c(num, *p++);
    }
    size_t group = 0; /* digits in the current group */
    int first_group = 1, grouped = 0;
    while (*p) {
        if (g_ascii_isdigit(*p)) {
            g_string_append_c(num, *p++);
            group++;
            continue;
        }
        size_t sl;
        if (group && group <= 3 && (first_group || group == 3) &&
            is_group_space(p, &sl) && g_ascii_isdigit(p[sl]) &&
            g_ascii_isdigit(p[sl + 1]) && g_ascii_isdigit(p[sl + 2]) &&
            !g_ascii_isdigit(p[sl + 3])) {
            p += sl;
            group = 0;
            first_group = 0;
            grouped = 1;
            continue;
        }
        break;
    }
    (void)grouped;
    /* decimal part: a separator, then digits; anything else that a number
     * can hold is passed on so that cs_csv_parse_number() names the
     * problem ("1.234,5", "1,5" in a comma file, "0x5F") */
    while (*p == '.' || *p == ',' || g_ascii_isdigit(*p))
        g_string_append_c(num, *p++);
    if ((*p == 'e' || *p == 'E') &&
        (g_ascii_isdigit(p[1]) ||
         ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit(p[2])))) {
        g_string_append_c(num, *p++);
        while (*p == '+' || *p == '-' || g_ascii_isdigit(*p))
            g_string_append_c(num, *p++);
    }
    const char *unit = p;
    while (*unit == ' ')
        unit++;
    if (!num->len || (num->len == 1 && (num->str[0] == '-' ||
                                        num->str[0] == '+'))) {
        g_string_free(num, TRUE);
        g_free(t);
        if (why)
            *why = "not a number";
        return -1;
    }
    double v;
    const char *w = NULL;
    if (cs_csv_parse_number(num->str, decimal_comma, &v, &w) != 0) {
        g_string_free(num, TRUE);
        g_free(t);
        if (why)
            *why = w;
        return -1;
    }
    g_string_free(num, TRUE);
    out->kind = CS_VALUE_NUMBER;
    out->number = v;
    g_strlcpy(out->unit, unit, sizeof out->unit);
    g_strchomp(out->unit);
    g_free(t);
    return 0;
}

/* ---- units ---------------------------------------------------------------- */

/* Word spellings -> the word they mean. "" drops the word. */
static const char *const unit_words[][2] = {
    {"%", "%"}, {"percent", "%"}, {"percentage", "%"}, {"prosent", "%"},
    {"pct", "%"}, {"per", "per"}, {"pr", "per"}, {"/", "per"},
    {"of", ""}, {"the", ""}, {"a", ""}, {"an", ""}, {"av", ""}, {"i", ""},
    {"in", ""}, {"all", ""}, {"total", ""},
    {"100000", "100000"}, {"inhabitant", "inhabitants"},
    {"inhabitants", "inhabitants"}, {"resident", "inhabitants"},
    {"residents", "inhabitants"}, {"innbyggere", "inhabitants"},
    {"innbyggarar", "inhabitants"}, {"population", "inhabitants"},
    {"people", "inhabitants"}, {"capita", "capita"}, {"person", "capita"},
    {"innbygger", "capita"}, {"head", "capita"},
    {"minute", "min"}, {"minutes", "min"}, {"min", "min"}, {"mins", "min"},
    {"minutter", "min"}, {"minutt", "min"}, {"hour", "h"}, {"hours", "h"},
    {"h", "h"}, {"timer", "h"}, {"year", "year"}, {"years", "year"},
    {"yr", "year"}, {"\xc3\xa5r", "year"}, {"annual", "year"},
    {"day", "day"}, {"days", "day"}, {"d", "day"}, {"dag", "day"},
    {"dager", "day"}, {"d\xc3\xb8gn", "day"},
    {"l", "l"}, {"litre", "l"}, {"litres", "l"}, {"liter", "l"},
    {"liters", "l"}, {"km", "km"}, {"kilometre", "km"}, {"kilometres", "km"},
    {"kilometer", "km"}, {"kilometers", "km"}, {"m2", "m2"},
    {"sqm", "m2"}, {"kvm", "m2"}, {"ha", "ha"}, {"hectare", "ha"},
    {"hectares", "ha"}, {"hektar", "ha"}, {"m3", "m3"},
    {"ug", "ug"}, {"\xce\xbcg", "ug"}, {"microgram", "ug"},
    {"micrograms", "ug"}, {"mikrogram", "ug"},
    {"t", "t"}, {"tonne", "t"}, {"tonnes", "t"}, {"ton", "t"},
    {"tons", "t"}, {"tonn", "t"}, {"co2e", "co2e"}, {"co2", "co2e"},
    {"co2eq", "co2e"}, {"kwh", "kwh"}, {"ekwh", "ekwh"}, {"mwh", "mwh"},
    {"gdp", "gdp"}, {"bnp", "gdp"}, {"ratio", "ratio"}, {"index", "ratio"},
    {"indeks", "ratio"}, {"yesno", "yesno"},
    {"number", "number"}, {"no.", "number"}, {"count", "number"},
    {"antall", "number"}, {"services", "number"}, {"service", "number"},
    {"tjenester", "number"}, {"tjeneste", "number"}, {"spots", "number"},
    {"spot", "number"}, {"degrees", "number"}, {"degree", "number"},
    {"datasets", "number"}, {"dataset", "number"}, {"patents", "number"},
    {"patent", "number"}, {"beds", "number"}, {"bed", "number"},
    {"doctors", "number"}, {"physicians", "number"}, {"vehicles", "number"},
    {"vehicle", "number"}, {"bicycles", "number"}, {"bikes", "number"},
    {"plans", "number"}, {"units", "number"}, {"interruptions", "number"},
    {"deaths", "number"}, {"fatalities", "number"}, {"crimes", "number"},
    {"subscriptions", "number"}, {"officers", "number"},
    {"firefighters", "number"}, {"facilities", "number"},
};

/* Multi-word spellings, matched on the folded words before the table. */
static const char *const unit_phrases[][2] = {
    {"per cent", "%"}, {"yes or no", "yesno"}, {"yes per no", "yesno"},
    {"ja per nei", "yesno"}, {"ja eller nei", "yesno"},
    {"data sets", "number"}, {"co2 eq", "co2e"}, {"square metres", "m2"},
    {"square meters", "m2"}, {"sq m", "m2"}, {"m 2", "m2"}, {"m 3", "m3"},
    {"kw h", "kwh"},
};

/* Words of a unit text; unknown words kept and flagged by *@unknown. */
static GPtrArray *
unit_tokens(const char *text, char **unknown)
{
    char *f = fold(text);
    /* drop what is in parentheses: "index (0-1)" */
    GString *s = g_string_new(NULL);
    int depth = 0;
    for (const char *p = f; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth)
            depth--;
        else if (!depth)
            g_string_append_c(s, *p);
    }
    g_free(f);
    /* words: letters/digits runs, '%' and '/' on their own; digit groups
     * joined ("100 000", "100,000" -> "100000") */
    GPtrArray *raw = g_ptr_array_new_with_free_func(g_free);
    GString *w = g_string_new(NULL);
    for (const char *p = s->str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isalnum(c) || c == 0xB5) {
            g_string_append_unichar(w, c);
            continue;
        }
        if ((c == ' ' || c == ',' || c == '.') && w->len &&
            g_ascii_isdigit(w->str[w->len - 1]) && g_ascii_isdigit(p[1]) &&
            g_ascii_isdigit(p[2]) && g_ascii_isdigit(p[3]) &&
            !g_ascii_isalnum(p[4]))
            continue;
        if (w->len) {
            g_ptr_array_add(raw, g_string_free(w, FALSE));
            w = g_string_new(NULL);
        }
        if (c == '%')
            g_ptr_array_add(raw, g_strdup("%"));
        else if (c == '/')
            g_ptr_array_add(raw, g_strdup("per"));
    }
    if (w->len)
        g_ptr_array_add(raw, g_string_free(w, FALSE));
    else
        g_string_free(w, TRUE);
    g_string_free(s, TRUE);
    /* phrases */
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < raw->len;) {
        int done = 0;
        for (size_t ph = 0; ph < G_N_ELEMENTS(unit_phrases) && !done; ph++) {
            char **pw = g_strsplit(unit_phrases[ph][0], " ", -1);
            size_t n = g_strv_length(pw), j = 0;
            while (j < n && i + j < raw->len &&
                   !strcmp(pw[j], raw->pdata[i + j]))
                j++;
            if (j == n) {
                g_ptr_array_add(out, g_strdup(unit_phrases[ph][1]));
                i += n;
                done = 1;
            }
            g_strfreev(pw);
        }
        if (done)
            continue;
        const char *word = raw->pdata[i++];
        const char *mapped = NULL;
        for (size_t u = 0; u < G_N_ELEMENTS(unit_words) && !mapped; u++)
            if (!strcmp(unit_words[u][0], word))
                mapped = unit_words[u][1];
        if (!mapped && g_ascii_isdigit(word[0])) {
            char *end = NULL;
            g_ascii_strtod(word, &end);
            if (end && !*end)
                mapped = word; /* a number (100000, 1000) stays */
        }
        if (!mapped) {
            if (unknown && !*unknown)
                *unknown = g_strdup(word);
            mapped = word;
        }
        if (*mapped)
            g_ptr_array_add(out, g_strdup(mapped));
    }
    g_ptr_array_free(raw, TRUE);
    return out;
}

static void
drop_number(GPtrArray *t)
{
    for (size_t i = t->len; i-- > 0;)
        if (!strcmp(t->pdata[i], "number"))
            g_ptr_array_remove_index(t, (guint)i);
}

int
cs_unit_agrees(const char *given, const char *wedge_unit, char **word)
{
    if (word)
        *word = NULL;
    char *unknown = NULL;
    GPtrArray *g = unit_tokens(given ? given : "", &unknown);
    if (unknown) {
        g_ptr_array_free(g, TRUE);
        if (word)
            *word = unknown;
        else
            g_free(unknown);
        return -1;
    }
    GPtrArray *w = unit_tokens(wedge_unit ? wedge_unit : "", NULL);
    int ok;
    if (!g->len || !w->len) {
        ok = 1;
    } else {
        drop_number(g);
        drop_number(w);
        if (!g->len) {
            ok = 1; /* "246 Services" for a KPI counted in number */
            GPtrArray *w2 = unit_tokens(wedge_unit, NULL);
            int has_number = 0;
            for (size_t i = 0; i < w2->len; i++)
                has_number |= !strcmp(w2->pdata[i], "number");
            g_ptr_array_free(w2, TRUE);
            ok = has_number || !w->len;
        } else {
            ok = 0;
            for (size_t s = 0; s + g->len <= w->len && !ok; s++) {
                size_t j = 0;
                while (j < g->len &&
                       !strcmp(g->pdata[j], w->pdata[s + j]))
                    j++;
                ok = j == g->len;
            }
        }
    }
    g_ptr_array_free(g, TRUE);
    g_ptr_array_free(w, TRUE);
    return ok;
}

static int
unit_is(const char *unit, const char *word)
{
    GPtrArray *t = unit_tokens(unit ? unit : "", NULL);
    int hit = t->len == 1 && !strcmp(t->pdata[0], word);
    g_ptr_array_free(t, TRUE);
    return hit;
}

int
cs_unit_is_percent(const char *wedge_unit)
{
    GPtrArray *t = unit_tokens(wedge_unit ? wedge_unit : "", NULL);
    int hit = t->len >= 1 && !strcmp(t->pdata[0], "%");
    g_ptr_array_free(t, TRUE);
    return hit;
}

int
cs_unit_is_yesno(const char *wedge_unit)
{
    return unit_is(wedge_unit, "yesno");
}

/* ---- bands ---------------------------------------------------------------- */

/* Folded band text without spaces and '%', dashes as '-', and without
 * "of target" / "av målet". */
static char *
band_key(const char *text)
{
    char *f = fold(text);
    GString *o = g_string_new(NULL);
    for (const char *p = f; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == ' ' || c == '%')
            continue;
        if (c == 0x2013 || c == 0x2014 || c == 0x2212 || c == 0x2010)
            c = '-';
        g_string_append_unichar(o, c);
    }
    g_free(f);
    static const char *const tails[] = {"oftarget", "av\xc3\xa5let",
                                        "avm\xc3\xa5let", "avmalet"};
    for (size_t i = 0; i < G_N_ELEMENTS(tails); i++)
        if (g_str_has_suffix(o->str, tails[i])) {
            g_string_truncate(o, o->len - strlen(tails[i]));
            break;
        }
    return g_string_free(o, FALSE);
}

static const struct {
    const char *word;
    int band; /* cs_band_t, or -1 for "no band given" */
} band_words[] = {
    {"95+", CS_BAND_95PLUS}, {">95", CS_BAND_95PLUS},
    {"\xe2\x89\xa5" "95", CS_BAND_95PLUS}, {"over95", CS_BAND_95PLUS},
    {"above95", CS_BAND_95PLUS}, {"95-100", CS_BAND_95PLUS},
    {"95ormore", CS_BAND_95PLUS}, {"95ellermer", CS_BAND_95PLUS},
    {"66-95", CS_BAND_66TO95}, {"66to95", CS_BAND_66TO95},
    {"33-66", CS_BAND_33TO66}, {"33to66", CS_BAND_33TO66},
    {"lessthan33", CS_BAND_BELOW33}, {"below33", CS_BAND_BELOW33},
    {"under33", CS_BAND_BELOW33}, {"<33", CS_BAND_BELOW33},
    {"0-33", CS_BAND_BELOW33}, {"mindreenn33", CS_BAND_BELOW33},
    {"nodataornotarget", CS_BAND_NODATA}, {"nodata", CS_BAND_NODATA},
    {"ingendataellerintetm\xc3\xa5l", CS_BAND_NODATA},
    {"ingendata", CS_BAND_NODATA},
    {"datareported-notargetyetavailable", CS_BAND_NOTARGET},
    {"datareported-notargetyet", CS_BAND_NOTARGET},
    {"datareported,notargetyetavailable", CS_BAND_NOTARGET},
    {"notargetyet", CS_BAND_NOTARGET}, {"notarget", CS_BAND_NOTARGET},
    {"datarapportert-m\xc3\xa5likkefastsattenn\xc3\xa5", CS_BAND_NOTARGET},
    {"m\xc3\xa5likkefastsatt", CS_BAND_NOTARGET},
    {"", -1}, {"n/a", -1}, {"na", -1}, {"nobenchmarkavailable", -1},
    {"-", -1}, {"nr", -1},
};

int
cs_band_parse(const char *text, cs_band_t *out)
{
    if (!text || cs_csv_is_blank(text))
        return 1;
    char *t = g_strstrip(g_strdup(text));
    int rc = -1;
    /* "fewdata" is for rings, never for a KPI */
    if (cs_band_from_key(t, out, NULL) == CS_OK)
        rc = *out == CS_BAND_FEWDATA ? -2 : 0;
    char *k = band_key(t);
    for (size_t i = 0; rc < 0 && i < G_N_ELEMENTS(band_words); i++)
        if (!strcmp(k, band_words[i].word)) {
            if (band_words[i].band < 0) {
                rc = 1;
            } else {
                *out = (cs_band_t)band_words[i].band;
                rc = 0;
            }
        }
    g_free(k);
    g_free(t);
    return rc == -2 ? -1 : rc;
}
