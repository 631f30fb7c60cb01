/* SPDX-License-Identifier: MIT */
/*
 * Spreadsheet number formats, as far as citysnap needs them: whether a
 * cell is a percentage or a date, and a display text for messages and for
 * cells a caller reads as text. The value itself is always the cell's
 * number; the display text only has to look like what the user saw, in a
 * neutral notation (decimal point, ',' grouping), never to round-trip.
 */
#include "sheet-read-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* ECMA-376 Part 1, 18.8.30: built-in formats. Ids 5-8 (currency) and
 * 27-36, 50-58 (East Asian dates) depend on the locale; they are given a
 * representative code. */
static const struct {
    unsigned id;
    const char *code;
} builtin[] = {
    {0, "General"},      {1, "0"},
    {2, "0.00"},         {3, "#,##0"},
    {4, "#,##0.00"},     {5, "#,##0"},
    {6, "#,##0"},        {7, "#,##0.00"},
    {8, "#,##0.00"},     {9, "0%"},
    {10, "0.00%"},       {11, "0.00E+00"},
    {12, "# ?/?"},       {13, "# ?" "?/?" "?"},
    {14, "mm-dd-yy"},    {15, "d-mmm-yy"},
    {16, "d-mmm"},       {17, "mmm-yy"},
    {18, "h:mm AM/PM"},  {19, "h:mm:ss AM/PM"},
    {20, "h:mm"},        {21, "h:mm:ss"},
    {22, "m/d/yy h:mm"}, {37, "#,##0 ;(#,##0)"},
    {38, "#,##0 ;(#,##0)"}, {39, "#,##0.00;(#,##0.00)"},
    {40, "#,##0.00;(#,##0.00)"}, {45, "mm:ss"},
    {46, "[h]:mm:ss"},   {47, "mmss.0"},
    {48, "##0.0E+0"},    {49, "@"},
};

const char *
cs_numfmt_builtin(unsigned id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(builtin); i++)
        if (builtin[i].id == id)
            return builtin[i].code;
    if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return "yyyy-mm-dd";
    return NULL;
}

/*
 * Walks the first section of @code, calling @fn on every character that
 * is part of the format itself: not inside "quotes", not escaped with
 * '\', not the character after '_' or '*', not inside [brackets] except
 * elapsed-time brackets ([h], [mm], [ss]), whose letters are passed on.
 */
typedef void (*fmt_char_fn)(char c, void *data);

static void
walk_format(const char *code, fmt_char_fn fn, void *data)
{
    for (const char *p = code; *p && *p != ';'; p++) {
        switch (*p) {
        case '"':
            p++;
            while (*p && *p != '"')
                p++;
            if (!*p)
                return;
            break;
        case '\\':
        case '_':
        case '*':
            if (!p[1])
                return;
            p++;
            break;
        case '[': {
            const char *q = p + 1;
            int elapsed = *q && strchr("hHmMsS", *q) != NULL;
            while (*q && *q != ']') {
                if (elapsed)
                    fn(*q, data);
                q++;
            }
            if (!*q)
                return;
            p = q;
            break;
        }
        default:
            fn(*p, data);
        }
    }
}

typedef struct fmt_info {
    int percent;
    int ymd, hms;          /* date letters, time letters */
    int decimals;          /* placeholders after '.' */
    int grouping;          /* ',' among integer placeholders */
    int scientific;
    int general;
    int seen_point, seen_digit, seen_e;
} fmt_info_t;

static void
info_char(char c, void *data)
{
    fmt_info_t *f = data;
    char l = g_ascii_tolower(c);
    if (c == '%')
        f->percent++;
    else if (l == 'y' || l == 'd')
        f->ymd = 1;
    else if (l == 'h' || l == 's')
        f->hms = 1;
    else if (l == 'm' && !f->general)
        f->ymd = f->ymd ? f->ymd : 2; /* month or minute */
    else if (c == '.')
        f->seen_point = 1;
    else if (c == '0' || c == '#' || c == '?') {
        if (f->seen_point && !f->seen_e)
            f->decimals++;
        f->seen_digit = 1;
    } else if (c == ',' && f->seen_digit && !f->seen_point)
        f->grouping = 1;
    else if (l == 'e' && !f->general)
        f->seen_e = f->scientific = 1;
}

static void
format_info(const char *code, fmt_info_t *f)
{
    memset(f, 0, sizeof(*f));
    /* "General", also after a locale or colour: "[$-414]General" */
    const char *p = code;
    while (p && *p == '[') {
        const char *q = strchr(p, ']');
        p = q ? q + 1 : NULL;
    }
    if (!p || !*p || g_ascii_strncasecmp(p, "General", 7) == 0) {
        f->general = 1;
        return;
    }
    walk_format(code, info_char, f);
}

void
cs_numfmt_classify(const char *code, int *percent, int *date)
{
    fmt_info_t f;
    format_info(code, &f);
    *percent = f.percent > 0;
    *date = !f.percent && (f.ymd || f.hms);
}

/* "1234567.5" -> "1,234,567.5" (ASCII digits, optional sign). */
static void
group_thousands(GString *s)
{
    gsize start = (s->len && (s->str[0] == '-' || s->str[0] == '+')) ? 1 : 0;
    gsize end = start;
    while (end < s->len && g_ascii_isdigit(s->str[end]))
        end++;
    for (gssize i = (gssize)end - 3; i > (gssize)start; i -= 3)
        g_string_insert_c(s, (gssize)i, ',');
}

static char *
general_text(double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    double a = fabs(v);
    if (a == 0 || (a >= 1e-5 && a < 1e15)) {
        /* fixed notation, the fewest decimals that show @v, at most 15
         * significant digits (Excel's General shows 101200, not 1E+05) */
        int before = a >= 1 ? (int)floor(log10(a)) + 1 : 0;
        int max = MAX(0, 15 - before);
        if (a > 0 && a < 1)
            max = MIN(15 - (int)floor(log10(a)) - 1, 20);
        for (int n = 0; n <= max; n++) {
            char fmt[8];
            g_snprintf(fmt, sizeof(fmt), "%%.%df", n);
            g_ascii_formatd(buf, sizeof(buf), fmt, v);
            if (n == max || g_ascii_strtod(buf, NULL) == v)
                return g_strdup(buf);
        }
    }
    for (int prec = 1; prec <= 15; prec++) {
        char fmt[8];
        g_snprintf(fmt, sizeof(fmt), "%%.%dg", prec);
        g_ascii_formatd(buf, sizeof(buf), fmt, v);
        if (prec == 15 || g_ascii_strtod(buf, NULL) == v)
            break;
    }
    return g_strdup(buf);
}

static char *
date_text(double v, const fmt_info_t *f)
{
    /* 1900 date system: serial 1 is 1900-01-01, and Excel's serial 60 is
     * the 29th of February 1900 that never was; from 61 on, serial n is
     * n days after 1899-12-30. */
    if (!(v >= 0 && v < 2958466.0))
        return general_text(v);
    double day = floor(v);
    double secs = floor((v - day) * 86400.0 + 0.5);
    if (secs >= 86400.0) {
        day += 1;
        secs = 0;
    }
    GString *s = g_string_new(NULL);
    /* 'm' alone is a month; beside h or s it is minutes */
    int want_date = f->ymd == 1 || !f->hms;
    if (want_date) {
        long n = (long)day;
        if (n == 60) {
            g_string_append(s, "1900-02-29");
        } else {
            GDate *d = g_date_new_dmy(30, G_DATE_DECEMBER, 1899);
            g_date_add_days(d, (guint)(n < 60 ? n + 1 : n));
            g_string_append_printf(s, "%04d-%02d-%02d", g_date_get_year(d),
                                   g_date_get_month(d), g_date_get_day(d));
            g_date_free(d);
        }
    }
    if (f->hms) {
        long t = (long)secs;
        g_string_append_printf(s, "%s%02ld:%02ld:%02ld", want_date ? " " : "",
                               t / 3600, t / 60 % 60, t % 60);
    }
    return g_string_free(s, FALSE);
}

/*
 * @v rounded to @d decimals the way a spreadsheet shows it: from its
 * 15-significant-digit decimal form, half away from zero, so that 86.255
 * (stored as 86.25499999...) shows as 86.26.
 */
static double
round_shown(double v, int d)
{
    char buf[64], shifted[80];
    g_ascii_formatd(buf, sizeof(buf), "%.14e", v);
    char *e = strchr(buf, 'e');
    if (!e)
        return v;
    long exp10 = strtol(e + 1, NULL, 10);
    g_snprintf(shifted, sizeof(shifted), "%.*se%ld", (int)(e - buf), buf,
               exp10 + d);
    double scaled = g_ascii_strtod(shifted, NULL);
    if (!(fabs(scaled) < 1e15))
        return v;
    return round(scaled) / pow(10.0, d);
}

char *
cs_numfmt_display(double v, const char *code)
{
    fmt_info_t f;
    format_info(code, &f);
    if (!isfinite(v))
        return g_strdup("#NUM!");
    if (f.general)
        return general_text(v);
    if (!f.percent && (f.ymd || f.hms))
        return date_text(v, &f);
    for (int i = 0; i < f.percent && i < 3; i++)
        v *= 100.0;
    int decimals = MIN(f.decimals, 15);
    char fmt[16], buf[512];
    if (f.scientific) {
        g_snprintf(fmt, sizeof(fmt), "%%.%dE", decimals);
        g_ascii_formatd(buf, sizeof(buf), fmt, v);
    } else if (fabs(v) < 1e300) {
        g_snprintf(fmt, sizeof(fmt), "%%.%df", decimals);
        g_ascii_formatd(buf, sizeof(buf), fmt, round_shown(v, decimals));
    } else {
        return general_text(v);
    }
    GString *s = g_string_new(buf);
    if (!strcmp(s->str, "-0") || (s->str[0] == '-' && strspn(s->str + 1,
                                                            "0.") ==
                                                         s->len - 1))
        g_string_erase(s, 0, 1); /* "-0.00" shows as "0.00" */
    if (f.grouping && !f.scientific)
        group_thousands(s);
    for (int i = 0; i < f.percent; i++)
        g_string_append_c(s, '%');
    return g_string_free(s, FALSE);
}
