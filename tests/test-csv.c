/* SPDX-License-Identifier: MIT */
/* The CSV table reader (src/csv.c): dialects, positions, errors, limits,
 * and the locale-independent number parser. */
#include "cs-test.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "csv-private.h"

/* Parses @len bytes (-1: strlen) and asserts the status. */
static cs_csv_t *
parse_len(const char *text, size_t len, cs_status_t want, cs_diag_t *d)
{
    if (len == (size_t)-1)
        len = strlen(text);
    cs_csv_t *csv = NULL;
    cs_status_t st = cs_csv_read_buffer("t.csv", text, len, &csv, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    if (want == CS_OK)
        assert_non_null(csv);
    else
        assert_null(csv);
    return csv;
}

static cs_csv_t *
parse_ok(const char *text)
{
    return parse_len(text, (size_t)-1, CS_OK, NULL);
}

/* Asserts field @col of data row @row: text, line, column. */
static void
assert_field(const cs_csv_t *csv, size_t row, long col, const char *text,
             unsigned line, unsigned column)
{
    const cs_csv_row_t *r = cs_csv_row(csv, row);
    assert_non_null(r);
    const cs_csv_field_t *f = cs_csv_cell(r, col);
    assert_non_null(f);
    assert_string_equal(f->text, text);
    assert_int_equal(f->len, strlen(text));
    assert_int_equal(f->line, line);
    assert_int_equal(f->column, column);
}

/* Asserts one error with @status at @line:@column whose message has @needle. */
static void
assert_error(const char *text, size_t len, cs_status_t status, unsigned line,
             unsigned column, const char *needle)
{
    cs_diag_t *d = cs_diag_new();
    parse_len(text, len, status, d);
    if (!cs_test_diag_has(d, line, column, needle))
        cs_test_diag_dump(d);
    assert_true(cs_test_diag_has(d, line, column, needle));
    assert_int_equal(cs_diag_get(d, 0)->status, status);
    assert_string_equal(cs_diag_get(d, 0)->file, "t.csv");
    cs_diag_free(d);
}

static void
test_basic(void **state)
{
    (void)state;
    cs_csv_t *csv = parse_ok("code,value,source\nA:1,1.5,x\nA:2,2,y z\n");
    assert_int_equal(cs_csv_delimiter(csv), ',');
    assert_false(cs_csv_decimal_comma(csv));
    assert_string_equal(cs_csv_name(csv), "t.csv");
    const cs_csv_row_t *h = cs_csv_header(csv);
    assert_int_equal(h->n_fields, 3);
    assert_int_equal(h->line, 1);
    assert_string_equal(h->fields[2].text, "source");
    assert_int_equal(h->fields[2].column, 12);
    assert_int_equal(cs_csv_row_count(csv), 2);
    assert_field(csv, 0, 0, "A:1", 2, 1);
    assert_field(csv, 0, 1, "1.5", 2, 5);
    assert_field(csv, 0, 2, "x", 2, 9);
    assert_field(csv, 1, 2, "y z", 3, 7);
    assert_int_equal(cs_csv_row(csv, 1)->line, 3);
    assert_null(cs_csv_row(csv, 2));
    assert_null(cs_csv_cell(cs_csv_row(csv, 0), 3));
    assert_null(cs_csv_cell(cs_csv_row(csv, 0), -1));
    cs_csv_free(csv);

    /* no final line break */
    csv = parse_ok("a,b\n1,2");
    assert_field(csv, 0, 1, "2", 2, 3);
    cs_csv_free(csv);
    cs_csv_free(NULL);
}

static void
test_bom_crlf(void **state)
{
    (void)state;
    cs_csv_t *csv = parse_ok("\xEF\xBB\xBF"
                             "Code;Value\r\nA:1;1,5\r\n\r\nA:2;2\r\n\r\n\r\n");
    assert_int_equal(cs_csv_delimiter(csv), ';');
    assert_true(cs_csv_decimal_comma(csv));
    /* the BOM is neither part of the name nor counted as a column */
    assert_string_equal(cs_csv_header(csv)->fields[0].text, "Code");
    assert_int_equal(cs_csv_header(csv)->fields[0].column, 1);
    assert_int_equal(cs_csv_column(csv, "code"), 0);
    assert_int_equal(cs_csv_row_count(csv), 2);
    assert_field(csv, 0, 1, "1,5", 2, 5);
    assert_field(csv, 1, 0, "A:2", 4, 1); /* blank line 3 skipped */
    assert_field(csv, 1, 1, "2", 4, 5);
    cs_csv_free(csv);

    /* old Mac line ends (CR only) count as lines too */
    csv = parse_ok("a,b\r1,2\r3,4\r");
    assert_int_equal(cs_csv_row_count(csv), 2);
    assert_field(csv, 1, 1, "4", 3, 3);
    cs_csv_free(csv);
}

static void
test_sniff(void **state)
{
    (void)state;
    struct {
        const char *text;
        char delim;
        size_t n_header;
    } cases[] = {
        {"a,b,c\n1,2,3\n", ',', 3},
        {"a;b;c\n1;2;3\n", ';', 3},
        {"a\tb\tc\n1\t2\t3\n", '\t', 3},
        {"a;b,c;d\n", ';', 3},              /* most frequent wins */
        {"a,b;c\n", ',', 2},                /* tie: comma first */
        {"a;b\tc\n", ';', 2},               /* tie: semicolon before tab */
        {"\"x;y;z\",b\n", ',', 2},          /* quoted delimiters ignored */
        {"single\n1\n", ',', 1},            /* nothing: comma */
        {"\n\n  \nk;v\n", ';', 2},          /* leading blank lines */
        {"label with space\tv\n", '\t', 2}, /* spaces are not delimiters */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        cs_csv_t *csv = parse_ok(cases[i].text);
        assert_int_equal(cs_csv_delimiter(csv), cases[i].delim);
        assert_int_equal(cs_csv_header(csv)->n_fields, cases[i].n_header);
        cs_csv_free(csv);
    }
    /* tab-delimited: spaces inside fields are kept, around them dropped */
    cs_csv_t *csv = parse_ok("a\tb\n x y \t\t z\n");
    assert_field(csv, 0, 0, "x y", 2, 2);
    assert_field(csv, 0, 1, "", 2, 7); /* at the delimiter that ends it */
    assert_field(csv, 0, 2, "z", 2, 9);
    cs_csv_free(csv);
}

static void
test_quoted(void **state)
{
    (void)state;
    const char *text =
        "code,value,source\n"
        "A:1,\"1.5\",\"Asker, KPI; \"\"quoted\"\" text\"\n"
        "A:2,2,\"two\r\nlines\nthree\"\n"
        "A:3, 3 ,  \"spaced\"  \n"
        "A:4,,\"\"\n";
    cs_csv_t *csv = parse_ok(text);
    assert_int_equal(cs_csv_row_count(csv), 4);
    assert_field(csv, 0, 1, "1.5", 2, 5);
    assert_field(csv, 0, 2, "Asker, KPI; \"quoted\" text", 2, 11);
    assert_field(csv, 1, 2, "two\r\nlines\nthree", 3, 7);
    /* the row after a multi-line field is on the right line */
    assert_field(csv, 2, 0, "A:3", 6, 1);
    assert_field(csv, 2, 1, "3", 6, 6);       /* spaces dropped */
    assert_field(csv, 2, 2, "spaced", 6, 11); /* at the opening quote */
    assert_field(csv, 3, 1, "", 7, 5);        /* empty field: its position */
    assert_field(csv, 3, 2, "", 7, 6);
    cs_csv_free(csv);
}

static void
test_blank_rows(void **state)
{
    (void)state;
    cs_csv_t *csv = parse_ok("\n\na,b\n\n1,2\n   \n,,\n,\n\"\",\"\"\n3,4\n\n\n");
    assert_int_equal(cs_csv_header(csv)->line, 3);
    assert_int_equal(cs_csv_row_count(csv), 2);
    assert_field(csv, 0, 0, "1", 5, 1);
    assert_field(csv, 1, 0, "3", 10, 1);
    cs_csv_free(csv);

    /* a row with only some empty fields is kept */
    csv = parse_ok("a,b\n,x\n");
    assert_int_equal(cs_csv_row_count(csv), 1);
    assert_field(csv, 0, 0, "", 2, 1);
    assert_field(csv, 0, 1, "x", 2, 2);
    cs_csv_free(csv);

    /* header only */
    csv = parse_ok("a,b\n\n");
    assert_int_equal(cs_csv_row_count(csv), 0);
    cs_csv_free(csv);
}

static void
test_unicode_columns(void **state)
{
    (void)state;
    /* columns count characters: "Ærø" is 3 characters, 5 bytes */
    cs_csv_t *csv = parse_ok("name,v\n\xc3\x86r\xc3\xb8,\xe2\x80\x93x\n");
    assert_field(csv, 0, 0, "\xc3\x86r\xc3\xb8", 2, 1);
    assert_field(csv, 0, 1, "\xe2\x80\x93x", 2, 5);
    cs_csv_free(csv);
}

static void
test_column_lookup(void **state)
{
    (void)state;
    cs_csv_t *csv = parse_ok(" Code , VALUE,\"Source \",,\n1,2,3,,\n");
    assert_int_equal(cs_csv_column(csv, "code"), 0);
    assert_int_equal(cs_csv_column(csv, "CODE"), 0);
    assert_int_equal(cs_csv_column(csv, "value"), 1);
    assert_int_equal(cs_csv_column(csv, " source "), 2);
    assert_int_equal(cs_csv_column(csv, "target"), -1);
    assert_int_equal(cs_csv_column(csv, ""), -1); /* empty names never match */
    cs_csv_free(csv);
}

static void
test_errors(void **state)
{
    (void)state;
    /* invalid UTF-8, at its character position */
    assert_error("a,b\n1,x\xff\n", (size_t)-1, CS_ERR_PARSE, 2, 4,
                 "invalid UTF-8");
    assert_error("a,b\n\xc3\x86,\xc3(\n", (size_t)-1, CS_ERR_PARSE, 2, 3,
                 "invalid UTF-8");
    /* Latin-1 "ø" after the BOM */
    assert_error("\xEF\xBB\xBFnavn\nBr\xf8nn\xf8ysund\n", (size_t)-1,
                 CS_ERR_PARSE, 2, 3, "UTF-8");
    /* NUL byte (e.g. UTF-16) */
    assert_error("a,b\n1,2\n3,\0" "4\n", 12, CS_ERR_PARSE, 3, 3, "NUL");
    assert_error("\xff\xfe" "a\0", 4, CS_ERR_PARSE, 1, 1, "UTF-8");
    /* unterminated quote: at the opening quote */
    assert_error("a,b\n1,2\n3,\"open\n4,5\n", (size_t)-1, CS_ERR_PARSE, 3, 3,
                 "unterminated");
    assert_error("a,b\n1,  \"x", (size_t)-1, CS_ERR_PARSE, 2, 5,
                 "unterminated");
    /* a quote inside an unquoted field */
    assert_error("a,b\n1,12\" screen\n", (size_t)-1, CS_ERR_PARSE, 2, 5,
                 "quote character inside an unquoted field");
    /* text after a closing quote */
    assert_error("a,b\n1,\"x\"y\n", (size_t)-1, CS_ERR_PARSE, 2, 6,
                 "after the closing quote");
    /* empty input */
    assert_error("", 0, CS_ERR_INVALID, 1, 1, "no header");
    assert_error("\xEF\xBB\xBF\r\n \n\n", (size_t)-1, CS_ERR_INVALID, 1, 1,
                 "no header");
    /* duplicate header names, case-insensitively and trimmed */
    assert_error("code,value,Code \n", (size_t)-1, CS_ERR_INVALID, 1, 12,
                 "duplicate column name 'Code'");
}

static void
test_widths(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_csv_t *csv = parse_len("a,b,c\n1,2,3\n1,2,3,4\n1,2\n1,\"x\ny\"\n",
                              (size_t)-1, CS_OK, NULL);
    assert_int_equal(cs_csv_check_widths(csv, d), CS_ERR_PARSE);
    assert_int_equal(cs_diag_reported_count(d), 3);
    /* too many: at the first extra field */
    assert_true(cs_test_diag_has(d, 3, 7, "row has 4 fields, the header has 3"));
    /* too few: just after the last field */
    assert_true(cs_test_diag_has(d, 4, 4, "row has 2 fields"));
    assert_true(cs_test_diag_has(d, 6, 3, "row has 2 fields"));
    assert_int_equal(cs_csv_check_row_width(csv, cs_csv_row(csv, 0), d),
                     CS_OK);
    cs_csv_free(csv);

    /* last row without line break */
    cs_diag_clear(d);
    csv = parse_len("a,b,c\n1,2", (size_t)-1, CS_OK, NULL);
    assert_int_equal(cs_csv_check_widths(csv, d), CS_ERR_PARSE);
    assert_true(cs_test_diag_has(d, 2, 4, "row has 2 fields"));
    cs_csv_free(csv);
    cs_diag_free(d);
}

static void
test_limits(void **state)
{
    (void)state;
    /* a field longer than the limit */
    GString *s = g_string_new("a,b\n1,2\n3,");
    for (unsigned i = 0; i < CS_CSV_MAX_FIELD_BYTES + 1; i++)
        g_string_append_c(s, 'x');
    g_string_append(s, "\n");
    assert_error(s->str, s->len, CS_ERR_LIMIT, 3, 3, "limit of 4096 bytes");
    /* exactly at the limit is fine */
    g_string_assign(s, "a\n");
    for (unsigned i = 0; i < CS_CSV_MAX_FIELD_BYTES; i++)
        g_string_append_c(s, 'x');
    cs_csv_t *csv = parse_len(s->str, s->len, CS_OK, NULL);
    assert_int_equal(cs_csv_row(csv, 0)->fields[0].len, CS_CSV_MAX_FIELD_BYTES);
    cs_csv_free(csv);

    /* too many rows: at the first row beyond the limit */
    g_string_assign(s, "a\n");
    for (unsigned i = 0; i < CS_CSV_MAX_ROWS; i++)
        g_string_append(s, "1\n");
    csv = parse_len(s->str, s->len, CS_OK, NULL);
    assert_int_equal(cs_csv_row_count(csv), CS_CSV_MAX_ROWS);
    cs_csv_free(csv);
    g_string_append(s, "2\n");
    assert_error(s->str, s->len, CS_ERR_LIMIT, CS_CSV_MAX_ROWS + 2, 1,
                 "data rows");

    /* too many fields in a row */
    g_string_assign(s, "a\n");
    for (unsigned i = 0; i < CS_CSV_MAX_COLUMNS; i++)
        g_string_append(s, "1,");
    g_string_append(s, "\n");
    assert_error(s->str, s->len, CS_ERR_LIMIT, 2, 2 * CS_CSV_MAX_COLUMNS + 1,
                 "fields");

    /* too many fields in the whole table: 1 + 2000 rows of 1000 fields;
     * the last field of the last row is one too many */
    g_string_assign(s, "a\n");
    for (unsigned r = 0; r < CS_CSV_MAX_CELLS / CS_CSV_MAX_COLUMNS; r++) {
        for (unsigned i = 0; i + 1 < CS_CSV_MAX_COLUMNS; i++)
            g_string_append(s, "1,");
        g_string_append(s, "1\n");
    }
    assert_error(s->str, s->len, CS_ERR_LIMIT,
                 CS_CSV_MAX_CELLS / CS_CSV_MAX_COLUMNS + 1,
                 2 * CS_CSV_MAX_COLUMNS - 1, "limit of 2000000 fields");

    /* a buffer larger than the limit, reported where it is crossed */
    g_string_assign(s, "a\n");
    while (s->len < CS_CSV_MAX_BYTES + 10)
        g_string_append(s, "123456789\n");
    cs_diag_t *d = cs_diag_new();
    parse_len(s->str, s->len, CS_ERR_LIMIT, d);
    const cs_diag_entry_t *e = cs_diag_get(d, 0);
    assert_non_null(strstr(e->message, "larger than the limit"));
    /* byte CS_CSV_MAX_BYTES: after "a\n", lines of 10 bytes */
    assert_int_equal(e->line, 2 + (CS_CSV_MAX_BYTES - 2) / 10);
    assert_int_equal(e->column, 1 + (CS_CSV_MAX_BYTES - 2) % 10);

    /* and a file that is too large */
    char *dir = cs_test_tmpdir("csv");
    char *p = g_build_filename(dir, "big.csv", NULL);
    cs_test_write(p, s->str, s->len);
    cs_diag_clear(d);
    assert_int_equal(cs_csv_read_file(p, &csv, d), CS_ERR_LIMIT);
    assert_null(csv);
    assert_true(cs_test_diag_has(d, 0, 0, "limit"));
    cs_test_rmtree(dir);
    g_free(p);
    g_free(dir);

    /* labels: characters, not bytes */
    g_string_assign(s, "label\n");
    for (unsigned i = 0; i < CS_CSV_MAX_LABEL_CHARS; i++)
        g_string_append(s, "\xc3\x86"); /* Æ: 2 bytes */
    g_string_append(s, "\n \"");
    for (unsigned i = 0; i < CS_CSV_MAX_LABEL_CHARS + 1; i++)
        g_string_append_c(s, 'y');
    g_string_append(s, "\"\n");
    csv = parse_len(s->str, s->len, CS_OK, NULL);
    cs_diag_clear(d);
    assert_int_equal(cs_csv_check_label(csv, &cs_csv_row(csv, 0)->fields[0],
                                        "label", d),
                     CS_OK);
    assert_int_equal(cs_csv_check_label(csv, &cs_csv_row(csv, 1)->fields[0],
                                        "label", d),
                     CS_ERR_LIMIT);
    assert_true(cs_test_diag_has(d, 3, 2, "301 characters"));
    assert_int_equal(cs_diag_get(d, 0)->status, CS_ERR_LIMIT);
    cs_csv_free(csv);
    cs_diag_free(d);
    g_string_free(s, TRUE);
}

static void
test_read_file(void **state)
{
    (void)state;
    char *p = cs_test_src("data/city-good-excel.csv");
    cs_csv_t *csv = NULL;
    assert_int_equal(cs_csv_read_file(p, &csv, NULL), CS_OK);
    assert_int_equal(cs_csv_delimiter(csv), ';');
    assert_string_equal(cs_csv_name(csv), p);
    assert_int_equal(cs_csv_row_count(csv), 6);
    /* "not reported:\n""no data"" (two lines)" on lines 5-6 */
    assert_field(csv, 3, 2, "not reported:\n\"no data\" (two lines)", 5, 8);
    assert_field(csv, 4, 0, "C:1", 7, 1);
    cs_csv_free(csv);
    g_free(p);

    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_csv_read_file("/nonexistent/x.csv", &csv, d),
                     CS_ERR_IO);
    assert_null(csv);
    assert_int_equal(cs_diag_reported_count(d), 1);
    cs_diag_free(d);
}

/* ---- numbers ---------------------------------------------------------- */

static void
assert_number(const char *text, int comma, double want)
{
    double v = -12345;
    const char *why = NULL;
    int rc = cs_csv_parse_number(text, comma, &v, &why);
    if (rc != 0)
        fprintf(stderr, "# '%s': %s\n", text, why);
    assert_int_equal(rc, 0);
    assert_true(v == want);
}

static void
assert_not_number(const char *text, int comma, const char *needle)
{
    double v = -12345;
    const char *why = NULL;
    assert_int_equal(cs_csv_parse_number(text, comma, &v, &why), -1);
    assert_true(v == -12345); /* untouched */
    assert_non_null(why);
    if (needle && !strstr(why, needle))
        fprintf(stderr, "# '%s': %s\n", text, why);
    if (needle)
        assert_non_null(strstr(why, needle));
}

static void
test_numbers(void **state)
{
    (void)state;
    assert_number("1.5", 0, 1.5);
    assert_number("  2  ", 0, 2);
    assert_number("\t-3\t", 0, -3);
    assert_number("+4", 0, 4);
    assert_number(".5", 0, 0.5);
    assert_number("5.", 0, 5);
    assert_number("1e3", 0, 1000);
    assert_number("1E-2", 0, 0.01);
    assert_number("2.5e+2", 0, 250);
    assert_number("0", 0, 0);
    assert_number("-0", 0, 0);
    assert_number("32195", 0, 32195);
    assert_number("1.7976931348623157e308", 0, 1.7976931348623157e308);
    /* a non-zero number that underflows to 0 is refused like 1e400 */
    assert_not_number("1e-400", 0, "too small");
    assert_not_number("-2.5e-999", 1, "too small");
    assert_number("0e-400", 0, 0);
    /* with decimal commas, "1.234" may be 1234: refused */
    assert_not_number("1.234", 1, "ambiguous");
    assert_not_number("-12.500", 1, "ambiguous");
    assert_number("1.234", 0, 1.234);
    assert_number("0.125", 1, 0.125);
    assert_number("1.5", 1, 1.5);
    assert_number("1.2345", 1, 1.2345);
    /* decimal comma, only when allowed */
    assert_number("1,5", 1, 1.5);
    assert_number(" -99,75 ", 1, -99.75);
    assert_number("1.5", 1, 1.5); /* a point is still fine */
    assert_not_number("1,5", 0, "decimal comma");

    assert_not_number("", 0, "empty");
    assert_not_number("   ", 1, "empty");
    assert_not_number(NULL, 0, "empty");
    assert_not_number("nan", 0, "not a number");
    assert_not_number("NaN", 1, "not a number");
    assert_not_number("inf", 0, "not a number");
    assert_not_number("-inf", 0, "not a number");
    assert_not_number("Infinity", 0, "not a number");
    assert_not_number("1e400", 0, "out of range");
    assert_not_number("-1e400", 0, "out of range");
    assert_not_number("1.2.3", 0, "more than one");
    assert_not_number("1,2,3", 1, "more than one");
    assert_not_number("1.234,5", 1, "more than one");
    assert_not_number("12abc", 0, "not a number");
    assert_not_number("abc", 0, "not a number");
    assert_not_number("0x10", 0, "not a number");
    assert_not_number("1e", 0, "exponent");
    assert_not_number("-", 0, "not a number");
    assert_not_number(".", 0, "not a number");
    assert_not_number("1 000", 0, "not a number");
    assert_not_number("95 %", 0, "not a number");
    assert_not_number("--1", 0, "not a number");
    assert_not_number("1\xc2\xa0" "000", 1, "not a number");
}

/* Sets LC_NUMERIC to a locale with a decimal comma: an installed one, or
 * one compiled with localedef into @dir (LOCPATH). Returns 0 on success. */
static int
set_comma_locale(const char *dir)
{
    const char *names[] = {"nb_NO.UTF-8", "nb_NO.utf8", "de_DE.UTF-8",
                           "de_DE.utf8"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (setlocale(LC_NUMERIC, names[i]))
            return 0;
    char *localedef = g_find_program_in_path("localedef");
    if (!localedef)
        return -1;
    char *out = g_build_filename(dir, "nb_NO.UTF-8", NULL);
    char *argv[] = {localedef, (char *)"-i", (char *)"nb_NO", (char *)"-f",
                    (char *)"UTF-8", out, NULL};
    int status = -1;
    gboolean ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                                     G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, NULL);
    g_free(localedef);
    g_free(out);
    if (!ok || status != 0)
        return -1;
    g_setenv("LOCPATH", dir, TRUE);
    return setlocale(LC_NUMERIC, "nb_NO.UTF-8") ? 0 : -1;
}

static void
test_numbers_locale(void **state)
{
    (void)state;
    char *dir = cs_test_tmpdir("locale");
    int rc = set_comma_locale(dir);
    if (rc != 0) {
        /* neither an installed locale nor localedef: nothing to test */
        setlocale(LC_NUMERIC, "C");
        cs_test_rmtree(dir);
        g_free(dir);
        skip();
    }
    /* the locale really uses a decimal comma: strtod() follows it ... */
    assert_string_equal(localeconv()->decimal_point, ",");
    assert_true(strtod("1,5", NULL) == 1.5);
    /* ... and the parser does not */
    assert_number("1.5", 0, 1.5);
    assert_number("-0.25e1", 0, -2.5);
    assert_number("1,5", 1, 1.5);
    assert_not_number("1,5", 0, "decimal comma");
    /* a whole table too */
    cs_csv_t *csv = parse_ok("v\n2.75\n");
    double v = 0;
    assert_int_equal(cs_csv_parse_number(cs_csv_row(csv, 0)->fields[0].text,
                                         cs_csv_decimal_comma(csv), &v, NULL),
                     0);
    assert_true(v == 2.75);
    cs_csv_free(csv);
    setlocale(LC_NUMERIC, "C");
    g_unsetenv("LOCPATH");
    cs_test_rmtree(dir);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_blank_rows),
        cmocka_unit_test(test_unicode_columns),
        cmocka_unit_test(test_column_lookup),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_numbers_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
