/* SPDX-License-Identifier: MIT */
/*
 * Finds a CSV file's delimiter: from Excel's "sep=X" first line, or sniffed
 * from the first line with content or from the first lines of the file.
 */
#include "csv-private.h"
#include "cs-private.h"

#include <string.h>

#include <glib.h>

/* Counts delimiter candidates outside quotes on the first line that has
 * content, and picks the most frequent one. */
char
cs_csv_sniff_delimiter(const char *data, size_t start, size_t len)
{
    size_t i = start;
    while (i < len) {
        /* find the first line with something else than separators/space */
        size_t j = i;
        int content = 0;
        while (j < len && !cs_csv_is_line_break((unsigned char)data[j])) {
            char c = data[j];
            if (c != ' ' && c != '\t' && c != ',' && c != ';')
                content = 1;
            j++;
        }
        if (!content) {
            i = j + 1;
            continue;
        }
        size_t n_comma = 0, n_semi = 0, n_tab = 0;
        int quoted = 0;
        for (j = i; j < len; j++) {
            char c = data[j];
            if (c == '"')
                quoted = !quoted;
            else if (quoted)
                continue;
            else if (cs_csv_is_line_break((unsigned char)c))
                break;
            else if (c == ',')
                n_comma++;
            else if (c == ';')
                n_semi++;
            else if (c == '\t')
                n_tab++;
        }
        if (n_comma >= n_semi && n_comma >= n_tab && n_comma > 0)
            return ',';
        if (n_semi >= n_tab && n_semi > 0)
            return ';';
        if (n_tab > 0)
            return '\t';
        return ',';
    }
    return ',';
}

/* How many of the first lines to look at when the header need not be the
 * first line. */
#define SNIFF_LINES 100

/*
 * The delimiter of a table whose first lines may be titles: the candidate
 * found (outside quotes) on the most of the first SNIFF_LINES lines, ties
 * going to the one that occurs most often, then ',' before ';' before TAB.
 * A title line holds no delimiter or a stray one; data lines all hold the
 * real one.
 */
char
cs_csv_sniff_delimiter_lines(const char *data, size_t start, size_t len)
{
    static const char cand[3] = {',', ';', '\t'};
    size_t lines[3] = {0, 0, 0}, total[3] = {0, 0, 0}, here[3] = {0, 0, 0};
    size_t n_lines = 0;
    int quoted = 0;
    for (size_t i = start; i <= len && n_lines < SNIFF_LINES; i++) {
        char c = i < len ? data[i] : '\n';
        if (c == '"') {
            quoted = !quoted;
        } else if (quoted && i < len) {
            continue;
        } else if (cs_csv_is_line_break((unsigned char)c)) {
            int any = 0;
            for (int k = 0; k < 3; k++) {
                if (here[k])
                    lines[k]++, any = 1;
                total[k] += here[k];
                here[k] = 0;
            }
            n_lines += any;
        } else {
            for (int k = 0; k < 3; k++)
                if (c == cand[k])
                    here[k]++;
        }
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (lines[k] > lines[best] ||
            (lines[k] == lines[best] && total[k] > total[best]))
            best = k;
    return cand[best];
}

/*
 * Excel's "sep=X" first line names the delimiter. Returns X (',', ';' or
 * TAB) and blanks the line out in @text (so it reads as a blank line and
 * line numbers stay those of the file), 0 when there is no such line, or
 * -1 after reporting an unsupported delimiter.
 */
int
cs_csv_sep_line(const char *name, char *text, size_t start, size_t len,
                cs_diag_t *diag)
{
    char *s = text + start;
    size_t n = len - start;
    if (n < 5 || g_ascii_strncasecmp(s, "sep=", 4) != 0)
        return 0;
    char d = s[4];
    size_t end = 5;
    while (end < n && s[end] == ' ')
        end++;
    if (end < n && !cs_csv_is_line_break((unsigned char)s[end]))
        return 0;
    if (d != ',' && d != ';' && d != '\t') {
        cs_diag_add(diag, CS_ERR_PARSE, name, 1, 5,
                    "unsupported delimiter in the 'sep=' line (use ',', "
                    "';' or TAB)");
        return -1;
    }
    memset(s, ' ', end);
    return d;
}
