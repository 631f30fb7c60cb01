/* SPDX-License-Identifier: MIT */
/*
 * Checks and parses the text of single CSV cells: blank cells, label
 * problems and numbers (with a decimal point or a decimal comma).
 */
#include "csv-private.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int
cs_csv_is_blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

const char *
cs_csv_label_problem(const char *text)
{
    if (!text || !g_utf8_validate(text, -1, NULL))
        return "is not valid UTF-8";
    size_t n = 0;
    int blank = 1;
    for (const char *p = text; *p; p = g_utf8_next_char(p), n++) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_iscntrl(c))
            return "contains a control character";
        if (!g_unichar_isspace(c))
            blank = 0;
    }
    if (blank)
        return "is empty";
    if (n > CS_CSV_MAX_LABEL_CHARS)
        return "is longer than the limit for labels";
    return NULL;
}


static int
set_why(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -1;
}

int
cs_csv_parse_number(const char *text, int decimal_comma, double *out,
                    const char **why)
{
    char buf[128];
    size_t n = 0;
    if (!text)
        return set_why(why, "empty");
    const char *s = text;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return set_why(why, "empty");
    if (*s == '+' || *s == '-')
        buf[n++] = *s++;
    size_t digits = 0, seps = 0, int_digits = 0, frac_digits = 0;
    int saw_comma = 0, saw_dot = 0, int_zero = 1;
    while (*s) {
        char c = *s;
        if (c >= '0' && c <= '9') {
            digits++;
            if (seps) {
                frac_digits++;
            } else {
                int_digits++;
                int_zero &= c == '0';
            }
        } else if (c == '.' || c == ',') {
            if (c == ',')
                saw_comma = 1;
            else
                saw_dot = 1;
            if (++seps > 1)
                return set_why(why, decimal_comma
                                        ? "more than one decimal separator "
                                          "(no thousands separators, please)"
                                        : "more than one decimal point (no "
                                          "thousands separators, please)");
            c = '.';
        } else {
            break;
        }
        if (n >= sizeof(buf) - 16)
            return set_why(why, "too many digits");
        buf[n++] = c;
        s++;
    }
    if (saw_comma && !decimal_comma)
        return set_why(why, "decimal comma in a comma-separated file (use a "
                            "decimal point, or semicolons between fields)");
    if (!digits)
        return set_why(why, "not a number");
    /* "1.234" where commas are decimal separators reads as 1234 to some
     * and as 1.234 to others: refuse rather than guess */
    if (decimal_comma && saw_dot && frac_digits == 3 && int_digits >= 1 &&
        int_digits <= 3 && !int_zero && *s != 'e' && *s != 'E')
        return set_why(why, "ambiguous: with decimal commas, a dot "
                            "followed by three digits may be a thousands "
                            "separator (write 1234 or 1,234)");
    if (*s == 'e' || *s == 'E') {
        buf[n++] = 'e';
        s++;
        if (*s == '+' || *s == '-')
            buf[n++] = *s++;
        size_t ed = 0;
        while (*s >= '0' && *s <= '9') {
            if (n >= sizeof(buf) - 1)
                return set_why(why, "too many digits");
            buf[n++] = *s++;
            ed++;
        }
        if (!ed)
            return set_why(why, "not a number (exponent without digits)");
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s)
        return set_why(why, "not a number");
    buf[n] = '\0';
    errno = 0;
    char *end = NULL;
    double v = g_ascii_strtod(buf, &end);
    if (!end || *end)
        return set_why(why, "not a number");
    if (!isfinite(v))
        return set_why(why, "number out of range");
    /* a non-zero number too small for a double (1e-400) is as wrong as
     * one too large; subnormal numbers (1e-320) are kept */
    if (v == 0 && errno == ERANGE)
        return set_why(why, "number out of range (too small: underflows "
                            "to 0)");
    *out = v;
    return 0;
}
