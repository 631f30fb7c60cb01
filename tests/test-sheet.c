/* SPDX-License-Identifier: MIT */
/* The sheet readers (src/sheet*.c): text files in every encoding, .xlsx,
 * .ods and .xls from real writers (tests/data/sheets/), positions in
 * messages, number formats, limits and broken files. */
#include "cs-test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <zip.h>

#include "sheet-private.h"
#include "sheet-read-private.h"

/* -- helpers ------------------------------------------------------------ */

static cs_sheet_t *
read_buf(const char *data, size_t len, const char *sheet, cs_status_t want,
         cs_diag_t *d)
{
    if (len == (size_t)-1)
        len = strlen(data);
    cs_sheet_t *s = NULL;
    cs_status_t st = cs_sheet_read_buffer("t.csv", data, len, sheet, &s, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    if (want == CS_OK)
        assert_non_null(s);
    else
        assert_null(s);
    return s;
}

static cs_sheet_t *
read_fixture(const char *rel, const char *sheet, cs_status_t want,
             cs_diag_t *d)
{
    char *p = cs_test_src(rel);
    cs_sheet_t *s = NULL;
    cs_status_t st = cs_sheet_read_file(p, sheet, &s, d);
    if (st != want)
        cs_test_diag_dump(d);
    assert_int_equal(st, want);
    if (want == CS_OK)
        assert_non_null(s);
    else
        assert_null(s);
    g_free(p);
    return s;
}

/* Asserts the text and kind of cell (@row, @col). */
static const cs_sheet_cell_t *
assert_cell(const cs_sheet_t *s, unsigned row, unsigned col,
            const char *text, cs_cell_kind_t kind)
{
    const cs_sheet_cell_t *c = cs_sheet_cell(s, row, col);
    assert_non_null(c);
    if (strcmp(c->text, text) != 0)
        fprintf(stderr, "# cell %u,%u: '%s', want '%s'\n", row, col,
                c->text, text);
    assert_string_equal(c->text, text);
    assert_int_equal(c->len, strlen(text));
    assert_int_equal(c->kind, kind);
    assert_int_equal(c->row, row);
    assert_int_equal(c->col, col);
    return c;
}

/* Asserts @s's position string for cell (@row, @col). */
static void
assert_pos(const cs_sheet_t *s, unsigned row, unsigned col, const char *want)
{
    char *p = cs_sheet_pos(s, cs_sheet_cell(s, row, col));
    assert_non_null(p);
    assert_string_equal(p, want);
    free(p);
}

/* The first diagnostic formatted ("FILE:...: message"), asserted to
 * contain @needle. */
static void
assert_first_diag(const cs_diag_t *d, const char *prefix, const char *needle)
{
    assert_true(cs_diag_entry_count(d) >= 1);
    char *f = cs_diag_entry_format(cs_diag_get(d, 0));
    if (strncmp(f, prefix, strlen(prefix)) != 0 ||
        (needle && !strstr(f, needle)))
        fprintf(stderr, "# diag: %s\n# want: %s ... %s\n", f, prefix,
                needle ? needle : "");
    assert_true(strncmp(f, prefix, strlen(prefix)) == 0);
    if (needle)
        assert_non_null(strstr(f, needle));
    free(f);
}

/* -- text files --------------------------------------------------------- */

static void
test_text_utf8(void **state)
{
    (void)state;
    const char *csv = "Dimension: Economy\n"
                      "\n"
                      "CATEGORY;KPI / Data Point;Results\n"
                      "ICT;Household Internet Access;97,00 %\n"
                      "\"Water and\nSanitation\";Drinking Water Quality\n";
    cs_sheet_t *s = read_buf(csv, (size_t)-1, NULL, CS_OK, NULL);
    assert_int_equal(cs_sheet_format(s), CS_SHEET_FORMAT_TEXT);
    assert_int_equal(cs_sheet_encoding(s), CS_CSV_ENC_UTF8);
    assert_int_equal(cs_sheet_delimiter(s), ';');
    assert_true(cs_sheet_decimal_comma(s));
    assert_null(cs_sheet_name(s));
    assert_string_equal(cs_sheet_file(s), "t.csv");
    assert_int_equal(cs_sheet_book_count(s), 1);
    assert_null(cs_sheet_book_name(s, 0));
    /* blank line 2 is not a row; the title row is */
    assert_int_equal(cs_sheet_rows(s), 4);
    assert_int_equal(cs_sheet_cols(s), 3);
    assert_cell(s, 1, 1, "Dimension: Economy", CS_CELL_TEXT);
    const cs_sheet_cell_t *c = assert_cell(s, 1, 2, "", CS_CELL_EMPTY);
    assert_int_equal(c->line, 1);
    assert_int_equal(c->column, 19); /* just after the row's last field */
    c = assert_cell(s, 3, 3, "97,00 %", CS_CELL_TEXT);
    assert_int_equal(c->line, 4);
    assert_int_equal(c->column, 31);
    assert_false(c->percent);
    assert_pos(s, 3, 3, "t.csv:4:31");
    c = assert_cell(s, 4, 1, "Water and\nSanitation", CS_CELL_TEXT);
    assert_int_equal(c->line, 5);
    assert_cell(s, 4, 2, "Drinking Water Quality", CS_CELL_TEXT);
    c = assert_cell(s, 4, 3, "", CS_CELL_EMPTY);
    assert_int_equal(c->line, 6);
    assert_null(cs_sheet_cell(s, 5, 1));
    assert_null(cs_sheet_cell(s, 1, 4));
    assert_null(cs_sheet_cell(s, 0, 1));
    assert_false(cs_sheet_row_is_blank(s, 1));
    assert_true(cs_sheet_row_is_blank(s, 9));

    /* a diagnostic at a cell carries the file, line and column */
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_sheet_diag(d, CS_ERR_INVALID, s,
                                   cs_sheet_cell(s, 3, 3), "bad %s", "value"),
                     CS_ERR_INVALID);
    assert_first_diag(d, "t.csv:4:31: bad value", NULL);
    cs_diag_free(d);
    cs_sheet_free(s);
}

static void
test_text_bom_and_duplicates(void **state)
{
    (void)state;
    /* a UTF-8 BOM is named; a first row with repeated names is allowed
     * (it may be a title row: the caller finds the header) */
    cs_sheet_t *s = read_buf("\xEF\xBB\xBFNR,NR\nå,ø\n", (size_t)-1, NULL,
                             CS_OK, NULL);
    assert_int_equal(cs_sheet_encoding(s), CS_CSV_ENC_UTF8_BOM);
    assert_string_equal(cs_csv_encoding_name(cs_sheet_encoding(s)),
                        "UTF-8 (with BOM)");
    const cs_sheet_cell_t *c = assert_cell(s, 2, 2, "ø", CS_CELL_TEXT);
    assert_int_equal(c->column, 3);
    cs_sheet_free(s);
}

static void
test_text_cp1252(void **state)
{
    (void)state;
    /* Norwegian Excel's "CSV": Windows-1252, ';', decimal comma */
    const char *csv = "Kategori;KPI;Resultat\r\n"
                      "IKT;Tilgang til bredb\xE5nd;97,5\r\n"
                      "Milj\xF8;Str\xF8m \x80 \x96 \x93x\x94;1\r\n";
    cs_sheet_t *s = read_buf(csv, (size_t)-1, NULL, CS_OK, NULL);
    assert_int_equal(cs_sheet_encoding(s), CS_CSV_ENC_CP1252);
    assert_string_equal(cs_csv_encoding_name(cs_sheet_encoding(s)),
                        "Windows-1252");
    assert_cell(s, 2, 2, "Tilgang til bredbånd", CS_CELL_TEXT);
    assert_cell(s, 3, 1, "Miljø", CS_CELL_TEXT);
    assert_cell(s, 3, 2, "Strøm € – “x”", CS_CELL_TEXT);
    /* columns count characters of the file */
    const cs_sheet_cell_t *c = assert_cell(s, 2, 3, "97,5", CS_CELL_TEXT);
    assert_int_equal(c->column, 26);
    cs_sheet_free(s);

    /* a NUL byte is not Windows-1252 text */
    cs_diag_t *d = cs_diag_new();
    read_buf("a;b\n\xE5\0;c\n", 9, NULL, CS_ERR_PARSE, d);
    assert_true(cs_test_diag_has(d, 2, 1, "invalid UTF-8"));
    cs_diag_free(d);
}

/* @text (ASCII plus \u escapes written as UTF-8) as UTF-16. */
static char *
utf16(const char *utf8, int be, int bom, size_t *len)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
    assert_non_null(u);
    char *out = g_malloc((size_t)(n + 1) * 2);
    size_t o = 0;
    if (bom) {
        out[o++] = be ? (char)0xFE : (char)0xFF;
        out[o++] = be ? (char)0xFF : (char)0xFE;
    }
    for (glong i = 0; i < n; i++) {
        out[o++] = (char)(be ? u[i] >> 8 : u[i] & 0xFF);
        out[o++] = (char)(be ? u[i] & 0xFF : u[i] >> 8);
    }
    g_free(u);
    *len = o;
    return out;
}

static void
test_text_utf16(void **state)
{
    (void)state;
    const char *text = "KPI\tResult\r\nBærum 𝔘\t97 %\r\n";
    const struct {
        int be, bom;
        cs_csv_encoding_t want;
    } cases[] = {
        {0, 1, CS_CSV_ENC_UTF16LE},
        {1, 1, CS_CSV_ENC_UTF16BE},
        {0, 0, CS_CSV_ENC_UTF16LE},
        {1, 0, CS_CSV_ENC_UTF16BE},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t len = 0;
        char *data = utf16(text, cases[i].be, cases[i].bom, &len);
        cs_sheet_t *s = read_buf(data, len, NULL, CS_OK, NULL);
        assert_int_equal(cs_sheet_encoding(s), cases[i].want);
        assert_int_equal(cs_sheet_delimiter(s), '\t');
        assert_cell(s, 2, 1, "Bærum 𝔘", CS_CELL_TEXT);
        /* the surrogate pair is one character */
        const cs_sheet_cell_t *c = assert_cell(s, 2, 2, "97 %",
                                               CS_CELL_TEXT);
        assert_int_equal(c->line, 2);
        assert_int_equal(c->column, 9);
        cs_sheet_free(s);
        g_free(data);
    }

    /* an odd byte count and an unpaired surrogate, at their position */
    cs_diag_t *d = cs_diag_new();
    read_buf("\xFF\xFE" "a\0\n\0b", 7, NULL, CS_ERR_PARSE, d);
    assert_true(cs_test_diag_has(d, 2, 1, "odd number of bytes"));
    cs_diag_clear(d);
    read_buf("\xFF\xFE" "a\0b\0\x00\xD8" "c\0", 10, NULL, CS_ERR_PARSE, d);
    assert_true(cs_test_diag_has(d, 1, 3, "unpaired surrogate"));
    cs_diag_clear(d);
    read_buf("\xFF\xFE" "a\0\n\0b\0\0\0", 10, NULL, CS_ERR_PARSE, d);
    assert_true(cs_test_diag_has(d, 2, 2, "NUL character"));
    cs_diag_free(d);
}

static void
test_text_sep_line(void **state)
{
    (void)state;
    /* Excel's "sep=" line sets the delimiter, even against the sniffer,
     * and is not a row; line numbers stay the file's */
    cs_sheet_t *s = read_buf("sep=;\nKPI;Value\nA,b;1,5\n", (size_t)-1,
                             NULL, CS_OK, NULL);
    assert_int_equal(cs_sheet_delimiter(s), ';');
    assert_int_equal(cs_sheet_rows(s), 2);
    const cs_sheet_cell_t *c = assert_cell(s, 2, 1, "A,b", CS_CELL_TEXT);
    assert_int_equal(c->line, 3);
    cs_sheet_free(s);

    s = read_buf("SEP=,\r\na;b,c\r\n", (size_t)-1, NULL, CS_OK, NULL);
    assert_int_equal(cs_sheet_delimiter(s), ',');
    assert_cell(s, 1, 1, "a;b", CS_CELL_TEXT);
    cs_sheet_free(s);

    s = read_buf("sep=\t\na;b\tc\n", (size_t)-1, NULL, CS_OK, NULL);
    assert_int_equal(cs_sheet_delimiter(s), '\t');
    assert_cell(s, 1, 2, "c", CS_CELL_TEXT);
    cs_sheet_free(s);

    /* "sep=" inside a longer first line is data */
    s = read_buf("sep=;x\n", (size_t)-1, NULL, CS_OK, NULL);
    assert_cell(s, 1, 1, "sep=", CS_CELL_TEXT);
    cs_sheet_free(s);

    cs_diag_t *d = cs_diag_new();
    read_buf("sep=|\na|b\n", (size_t)-1, NULL, CS_ERR_PARSE, d);
    assert_first_diag(d, "t.csv:1:5: ", "unsupported delimiter");
    cs_diag_free(d);
}

static void
test_text_errors(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    /* a sheet name for a text file */
    read_buf("a,b\n", (size_t)-1, "Sheet1", CS_ERR_ARG, d);
    assert_first_diag(d, "t.csv: ", "text file");
    cs_diag_clear(d);
    /* CSV syntax errors keep their position */
    read_buf("a,b\n\"x,y\n", (size_t)-1, NULL, CS_ERR_PARSE, d);
    assert_true(cs_test_diag_has(d, 2, 1, "unterminated quoted field"));
    cs_diag_clear(d);
    read_buf("", 0, NULL, CS_ERR_INVALID, d);
    assert_true(cs_test_diag_has(d, 1, 1, "empty file"));
    cs_diag_clear(d);
    /* bad arguments are a status */
    cs_sheet_t *s = NULL;
    assert_int_equal(cs_sheet_read_buffer("x", NULL, 3, NULL, &s, d),
                     CS_ERR_ARG);
    assert_null(s);
    assert_int_equal(cs_sheet_read_buffer("x", "a", 1, NULL, NULL, d),
                     CS_ERR_ARG);
    assert_int_equal(cs_sheet_read_file(NULL, NULL, &s, d), CS_ERR_ARG);
    assert_int_equal(cs_sheet_read_file("/nonexistent/x.xlsx", NULL, &s, d),
                     CS_ERR_IO);
    assert_null(s);
    cs_sheet_free(NULL);
    cs_diag_free(d);
}

static void
test_text_limits(void **state)
{
    (void)state;
    /* 1001 rows x 1000 columns: within the CSV limits, more than the
     * grid's cell limit */
    GString *g = g_string_new(NULL);
    for (unsigned r = 0; r < 1001; r++) {
        for (unsigned c = 0; c < 999; c++)
            g_string_append_c(g, ',');
        g_string_append(g, "x\n");
    }
    cs_diag_t *d = cs_diag_new();
    read_buf(g->str, g->len, NULL, CS_ERR_LIMIT, d);
    assert_first_diag(d, "t.csv:1001:1: ", "limit of 1000000 cells");
    g_string_free(g, TRUE);
    cs_diag_free(d);
}

/* -- positions ---------------------------------------------------------- */

static void
test_col_names(void **state)
{
    (void)state;
    char b[8];
    assert_string_equal(cs_sheet_col_name(0, b), "");
    assert_string_equal(cs_sheet_col_name(1, b), "A");
    assert_string_equal(cs_sheet_col_name(26, b), "Z");
    assert_string_equal(cs_sheet_col_name(27, b), "AA");
    assert_string_equal(cs_sheet_col_name(702, b), "ZZ");
    assert_string_equal(cs_sheet_col_name(703, b), "AAA");
    assert_string_equal(cs_sheet_col_name(16384, b), "XFD");
}

static void
test_builder_positions(void **state)
{
    (void)state;
    /* a spreadsheet sheet built by hand: positions are A1 references, the
     * sheet name quoted when it has to be */
    const char *names[] = {"Ark1", "Bærum", "My sheet", "Tom's", "2024"};
    const char *want[] = {"b.xlsx:Ark1!C12", "b.xlsx:Bærum!C12",
                          "b.xlsx:'My sheet'!C12", "b.xlsx:'Tom''s'!C12",
                          "b.xlsx:'2024'!C12"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        cs_sheet_builder_t *b = cs_sheet_builder_new("b.xlsx",
                                                     CS_SHEET_FORMAT_XLSX);
        cs_sheet_builder_set_name(b, names[i]);
        cs_sheet_cell_t c = {.text = "0.97", .len = 4, .number = 0.97,
                             .kind = CS_CELL_NUMBER, .row = 12, .col = 3,
                             .percent = 1};
        assert_int_equal(cs_sheet_builder_put(b, &c, NULL), CS_OK);
        assert_int_equal(cs_sheet_builder_merge(b, 1, 1, 2, 2, NULL), CS_OK);
        cs_sheet_t *s = NULL;
        assert_int_equal(cs_sheet_builder_finish(b, &s, NULL), CS_OK);
        assert_int_equal(cs_sheet_rows(s), 12);
        assert_int_equal(cs_sheet_cols(s), 3);
        assert_pos(s, 12, 3, want[i]);
        const cs_sheet_cell_t *x = cs_sheet_cell(s, 12, 3);
        assert_true(x->percent);
        assert_true(x->number == 0.97);
        /* merged region: covered cells point at the top-left one */
        assert_int_equal(cs_sheet_cell(s, 1, 1)->merge_row, 0);
        assert_int_equal(cs_sheet_cell(s, 2, 2)->merge_row, 1);
        assert_int_equal(cs_sheet_cell(s, 2, 2)->merge_col, 1);
        assert_int_equal(cs_sheet_cell(s, 3, 3)->merge_row, 0);
        cs_diag_t *d = cs_diag_new();
        cs_sheet_diag(d, CS_ERR_INVALID, s, x, "not a %s", "number");
        const cs_diag_entry_t *e = cs_diag_get(d, 0);
        assert_string_equal(e->file, want[i]);
        assert_int_equal(e->line, 0);
        char *f = cs_diag_entry_format(e);
        assert_true(g_str_has_suffix(f, ": not a number"));
        free(f);
        cs_diag_free(d);
        char *p = cs_sheet_pos(s, NULL);
        char *w = g_strndup(want[i], strlen(want[i]) - 4);
        assert_string_equal(p, w);
        g_free(w);
        free(p);
        cs_sheet_free(s);
    }
}

static void
test_builder_limits(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_sheet_builder_t *b = cs_sheet_builder_new("b.ods", CS_SHEET_FORMAT_ODS);
    cs_sheet_builder_set_name(b, "Sheet1");
    cs_sheet_cell_t c = {.text = "x", .len = 1, .kind = CS_CELL_TEXT,
                         .row = CS_SHEET_MAX_ROWS + 1, .col = 1};
    assert_int_equal(cs_sheet_builder_put(b, &c, d), CS_ERR_LIMIT);
    assert_first_diag(d, "b.ods:Sheet1!A100002: ", "limit of 100001 rows");
    cs_diag_clear(d);
    c.row = 1;
    c.col = CS_CSV_MAX_COLUMNS + 1;
    assert_int_equal(cs_sheet_builder_put(b, &c, d), CS_ERR_LIMIT);
    assert_first_diag(d, "b.ods:Sheet1!ALM1: ", "limit of 1000 columns");
    cs_diag_clear(d);
    /* within each limit, but the rectangle is too large */
    c.row = 100000;
    c.col = 1;
    assert_int_equal(cs_sheet_builder_put(b, &c, d), CS_OK);
    c.row = 1;
    c.col = 11;
    assert_int_equal(cs_sheet_builder_put(b, &c, d), CS_OK);
    cs_sheet_t *s = NULL;
    assert_int_equal(cs_sheet_builder_finish(b, &s, d), CS_ERR_LIMIT);
    assert_null(s);
    assert_first_diag(d, "b.ods:Sheet1!K100000: ",
                      "limit of 1000000 cells");
    cs_diag_free(d);
}

/* -- number formats ----------------------------------------------------- */

static void
test_numfmt(void **state)
{
    (void)state;
    const struct {
        const char *code;
        double v;
        const char *text;
        int percent, date;
    } cases[] = {
        {NULL, 0.97, "0.97", 0, 0},
        {"General", 101200, "101200", 0, 0},
        {"[$-414]General", 100, "100", 0, 0},
        {"General", 1.0 / 3.0, "0.333333333333333", 0, 0},
        {"0", 66.86, "67", 0, 0},
        {"0.00", 86.255, "86.26", 0, 0},
        {"#,##0.00", 101200, "101,200.00", 0, 0},
        {"#,##0", -1234567, "-1,234,567", 0, 0},
        {"0%", 0.97, "97%", 1, 0},
        {"0.00%", 0.0, "0.00%", 1, 0},
        {"0.00\\ %", 0.9701, "97.01%", 1, 0},
        {"0.00\" %\"", 0.5, "0.50", 0, 0},
        {"[$-414]0.0%;[Red]-0.0%", -0.25, "-25.0%", 1, 0},
        {"0.00E+00", 12345, "1.23E+04", 0, 0},
        {"yyyy-mm-dd", 45292, "2024-01-01", 0, 1},
        {"[$-414]d. mmmm yyyy", 60, "1900-02-29", 0, 1},
        {"h:mm:ss", 0.5, "12:00:00", 0, 1},
        {"[h]:mm", 1.25, "06:00:00", 0, 1},
        {"m/d/yy h:mm", 61.75, "1900-03-01 18:00:00", 0, 1},
        {"yyyy-mm-dd", -5, "-5", 0, 1},
        {"0.00", -0.001, "0.00", 0, 0},
        {"\"Minutes\" 0", 5, "5", 0, 0},
        {"@", 12, "12", 0, 0},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *t = cs_numfmt_display(cases[i].v, cases[i].code);
        int pc = -1, dt = -1;
        cs_numfmt_classify(cases[i].code, &pc, &dt);
        if (strcmp(t, cases[i].text) || pc != cases[i].percent ||
            dt != cases[i].date)
            fprintf(stderr, "# '%s' %g: '%s' %d %d\n",
                    cases[i].code ? cases[i].code : "(null)", cases[i].v,
                    t, pc, dt);
        assert_string_equal(t, cases[i].text);
        assert_int_equal(pc, cases[i].percent);
        assert_int_equal(dt, cases[i].date);
        g_free(t);
    }
    assert_string_equal(cs_numfmt_builtin(10), "0.00%");
    assert_string_equal(cs_numfmt_builtin(14), "mm-dd-yy");
    assert_string_equal(cs_numfmt_builtin(31), "yyyy-mm-dd");
    assert_null(cs_numfmt_builtin(164));
    char *t = cs_numfmt_display(NAN, "0.00");
    assert_string_equal(t, "#NUM!");
    g_free(t);
}


/* -- fixtures from real writers (tests/data/sheets/make-fixtures.py) ---- */

/* What every writer's copy of the report table holds. @typed: numbers
 * are typed cells with their formats and merged regions (spreadsheets),
 * else all cells are text (text exports). */
static void
assert_report(const cs_sheet_t *s, int typed)
{
    unsigned r0 = typed ? 0 : 1; /* text: the blank row 2 is not a row */
    assert_int_equal(cs_sheet_cols(s), 4);
    assert_int_equal(cs_sheet_rows(s), 14 - r0);
    assert_cell(s, 1, 1,
                "Ålesund – KPI evaluation results (U4SSC), Dimension: "
                "Economy",
                CS_CELL_TEXT);
    if (typed)
        assert_true(cs_sheet_row_is_blank(s, 2));
    assert_cell(s, 3 - r0, 2, "KPI / Data Point", CS_CELL_TEXT);
    assert_cell(s, 4 - r0, 2, "Household Internet Access", CS_CELL_TEXT);
    /* the cell with a line break */
    assert_cell(s, 7 - r0, 1, "Water and\nSanitation", CS_CELL_TEXT);
    assert_cell(s, 12 - r0, 2, "Tjenester på nett – Bærum/Ålesund",
                CS_CELL_TEXT);
    assert_cell(s, 12 - r0, 3, "Ja", CS_CELL_TEXT);
    assert_cell(s, 13 - r0, 3, "Not Reported", CS_CELL_TEXT);
    assert_cell(s, 4 - r0, 4, "N/A", CS_CELL_TEXT);
    const cs_sheet_cell_t *c;
    if (!typed) {
        /* text exports: what the writer showed, positions in the file */
        c = assert_cell(s, 3, 3, "96.00%", CS_CELL_TEXT);
        assert_int_equal(c->line, 4);
        assert_int_equal(c->column, 50);
        c = assert_cell(s, 6, 2, "Basic Water Supply", CS_CELL_TEXT);
        assert_int_equal(c->line, 8); /* after the line break in A7 */
        assert_int_equal(c->column, 13);
        assert_cell(s, 13, 3, "TRUE", CS_CELL_TEXT);
        return;
    }
    struct {
        unsigned row;
        double v;
        int percent;
        const char *shown;
    } nums[] = {
        {4, 0.96, 1, "96.00%"}, {5, 0.92, 1, "92.00%"},
        {6, 0.92, 1, "92%"},    {7, 1, 1, "100.00%"},
        {8, 67, 0, "67.00"},    {9, 0.97, 1, "97.00%"},
        {10, 755.4, 0, "755.40"}, {11, 0.022, 1, "2.2%"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(nums); i++) {
        c = cs_sheet_cell(s, nums[i].row, 3);
        assert_non_null(c);
        assert_int_equal(c->kind, CS_CELL_NUMBER);
        assert_true(fabs(c->number - nums[i].v) < 1e-12);
        assert_false(c->date);
        assert_int_equal(c->percent, nums[i].percent);
        assert_string_equal(c->text, nums[i].shown);
    }
    c = cs_sheet_cell(s, 14, 3);
    /* LibreOffice saves TRUE as the formula =TRUE() in .ods and .xls */
    assert_true(c->number == 1);
    assert_string_equal(c->text, "TRUE");
    /* title merged over A1:D1, category down A4:A6 and A8:A9 */
    assert_int_equal(cs_sheet_cell(s, 1, 4)->merge_row, 1);
    assert_int_equal(cs_sheet_cell(s, 1, 4)->merge_col, 1);
    assert_int_equal(cs_sheet_cell(s, 6, 1)->merge_row, 4);
    assert_int_equal(cs_sheet_cell(s, 6, 1)->merge_col, 1);
    assert_int_equal(cs_sheet_cell(s, 9, 1)->merge_row, 8);
    assert_int_equal(cs_sheet_cell(s, 7, 1)->merge_row, 0);
    assert_int_equal(cs_sheet_cell(s, 6, 1)->kind, CS_CELL_EMPTY);
}

static void
test_fixture_xlsx(void **state)
{
    (void)state;
    /* LibreOffice: shared strings; openpyxl: inline strings and absolute
     * part names; XlsxWriter: shared strings with a rich-text run */
    const char *files[] = {"data/sheets/report-lo.xlsx",
                           "data/sheets/report-openpyxl.xlsx",
                           "data/sheets/report-xlsxwriter.xlsx"};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        cs_sheet_t *s = read_fixture(files[i], NULL, CS_OK, NULL);
        assert_int_equal(cs_sheet_format(s), CS_SHEET_FORMAT_XLSX);
        assert_string_equal(cs_sheet_name(s), "Økonomi");
        assert_int_equal(cs_sheet_delimiter(s), 0);
        assert_true(cs_sheet_book_count(s) >= 2);
        assert_string_equal(cs_sheet_book_name(s, 1), "Miljø og samfunn");
        assert_report(s, 1);
        assert_int_equal(cs_sheet_cell(s, 14, 3)->kind, CS_CELL_BOOLEAN);
        char *want = g_strdup_printf("%s:Økonomi!C4",
                                     cs_sheet_file(s));
        assert_pos(s, 4, 3, want);
        g_free(want);
        cs_sheet_free(s);
    }
}

static void
test_fixture_ods(void **state)
{
    (void)state;
    cs_sheet_t *s = read_fixture("data/sheets/report-lo.ods", NULL, CS_OK,
                                 NULL);
    assert_int_equal(cs_sheet_format(s), CS_SHEET_FORMAT_ODS);
    assert_string_equal(cs_sheet_name(s), "Økonomi");
    assert_int_equal(cs_sheet_book_count(s), 3);
    assert_string_equal(cs_sheet_book_name(s, 2), "Skjult");
    /* LibreOffice repeats empty cells to column 16384 and rows to 1048576:
     * the grid ends at the last non-empty cell */
    assert_report(s, 1);
    cs_sheet_free(s);
}

static void
test_fixture_xls(void **state)
{
    (void)state;
    cs_sheet_t *s = read_fixture("data/sheets/report-lo.xls", NULL, CS_OK,
                                 NULL);
    assert_int_equal(cs_sheet_format(s), CS_SHEET_FORMAT_XLS);
    assert_string_equal(cs_sheet_name(s), "Økonomi");
    assert_int_equal(cs_sheet_book_count(s), 3);
    /* number formats, merged regions and the formula boolean too */
    assert_report(s, 1);
    char *p = cs_test_src("data/sheets/report-lo.xls");
    char *want = g_strdup_printf("%s:Økonomi!B12", p);
    assert_pos(s, 12, 2, want);
    g_free(want);
    cs_sheet_free(s);

    /* the same bytes from memory */
    size_t len = 0;
    char *data = cs_test_read(p, &len);
    assert_int_equal(cs_sheet_read_buffer("upload.xls", data, len,
                                          "Miljø og samfunn", &s, NULL),
                     CS_OK);
    assert_string_equal(cs_sheet_name(s), "Miljø og samfunn");
    assert_cell(s, 2, 1, "SC:EH:ED:1C", CS_CELL_TEXT);
    assert_pos(s, 2, 1, "upload.xls:'Miljø og samfunn'!A2");
    cs_sheet_free(s);
    g_free(data);
    g_free(p);

    /* a workbook stream small enough for the compound file's mini stream */
    s = read_fixture("data/sheets/tiny-lo.xls", NULL, CS_OK, NULL);
    const cs_sheet_cell_t *c = assert_cell(s, 1, 2, "50%", CS_CELL_NUMBER);
    assert_true(c->percent);
    assert_true(c->number == 0.5);
    assert_int_equal(cs_sheet_cell(s, 2, 2)->merge_row, 2);
    assert_int_equal(cs_sheet_cell(s, 2, 2)->merge_col, 1);
    cs_sheet_free(s);

    /* a truncated compound file, with the file named */
    p = cs_test_src("data/sheets/report-lo.xls");
    data = cs_test_read(p, &len);
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(cs_sheet_read_buffer("bad.xls", data, 600, NULL, &s, d),
                     CS_ERR_PARSE);
    assert_null(s);
    assert_first_diag(d, "bad.xls: ", "the file is truncated or corrupt");
    cs_diag_free(d);
    /* every truncation: an error, or (when only bytes the workbook does
     * not use were lost) the same grid; a damaged copy: no crash */
    for (size_t cut = 0; cut < len; cut += 61) {
        cs_status_t st = cs_sheet_read_buffer("cut.xls", data, cut, NULL, &s,
                                              NULL);
        if (st == CS_OK) {
            assert_report(s, 1);
            cs_sheet_free(s);
        } else {
            assert_null(s);
        }
    }
    char *bad = g_memdup2(data, len);
    for (size_t i = 512; i < len; i += 7)
        bad[i] = (char)(bad[i] ^ 0xA5);
    cs_sheet_read_buffer("bad.xls", bad, len, NULL, &s, NULL);
    cs_sheet_free(s);
    g_free(bad);
    g_free(data);
    g_free(p);
}

static void
test_fixture_text(void **state)
{
    (void)state;
    /* LibreOffice's CSV export in Windows-1252 with ';' */
    cs_sheet_t *s = read_fixture("data/sheets/report-cp1252.csv", NULL,
                                 CS_OK, NULL);
    assert_int_equal(cs_sheet_encoding(s), CS_CSV_ENC_CP1252);
    assert_int_equal(cs_sheet_delimiter(s), ';');
    assert_report(s, 0);
    cs_sheet_free(s);
    /* and its "Unicode text": UTF-16 LE with a BOM, TAB */
    s = read_fixture("data/sheets/report-utf16.txt", NULL, CS_OK, NULL);
    assert_int_equal(cs_sheet_encoding(s), CS_CSV_ENC_UTF16LE);
    assert_int_equal(cs_sheet_delimiter(s), '\t');
    assert_report(s, 0);
    char *p = cs_test_src("data/sheets/report-utf16.txt");
    char *want = g_strdup_printf("%s:4:50", p);
    assert_pos(s, 3, 3, want);
    g_free(want);
    g_free(p);
    cs_sheet_free(s);
}

static void
test_sheet_selection(void **state)
{
    (void)state;
    const char *files[] = {"data/sheets/report-lo.xlsx",
                           "data/sheets/report-openpyxl.xlsx",
                           "data/sheets/report-xlsxwriter.xlsx",
                           "data/sheets/report-lo.ods",
                           "data/sheets/report-lo.xls"};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        cs_sheet_t *s = read_fixture(files[i], "Miljø og samfunn", CS_OK,
                                     NULL);
        assert_string_equal(cs_sheet_name(s), "Miljø og samfunn");
        assert_int_equal(cs_sheet_rows(s), 3);
        assert_cell(s, 3, 1, "EN:EN:AQ:1C", CS_CELL_TEXT);
        const cs_sheet_cell_t *c = cs_sheet_cell(s, 3, 2);
        assert_int_equal(c->kind, CS_CELL_NUMBER);
        assert_true(c->number == 5.2);
        /* a date cell is flagged, and shown as a date */
        c = cs_sheet_cell(s, 2, 3);
        assert_true(c->date);
        assert_string_equal(c->text, "2023-05-01");
        cs_sheet_free(s);

        /* a hidden sheet can be asked for by name */
        if (!strstr(files[i], "xlsxwriter")) {
            s = read_fixture(files[i], "Skjult", CS_OK, NULL);
            assert_cell(s, 1, 1, "hidden sheet", CS_CELL_TEXT);
            cs_sheet_free(s);
        }

        /* a missing sheet lists the sheets there are */
        cs_diag_t *d = cs_diag_new();
        read_fixture(files[i], "Sheet1", CS_ERR_INVALID, d);
        char *p = cs_test_src(files[i]);
        char *prefix = g_strdup_printf("%s: ", p);
        assert_first_diag(d, prefix,
                          "no sheet named 'Sheet1' (the workbook has "
                          "'Økonomi', 'Miljø og samfunn'");
        g_free(prefix);
        g_free(p);
        cs_diag_free(d);
    }
}

static void
test_format_by_content(void **state)
{
    (void)state;
    /* an .xlsx named .csv is read as what it is */
    char *src = cs_test_src("data/sheets/report-lo.ods");
    size_t len = 0;
    char *data = cs_test_read(src, &len);
    cs_sheet_t *s = NULL;
    assert_int_equal(cs_sheet_read_buffer("city.csv", data, len, NULL, &s,
                                          NULL),
                     CS_OK);
    assert_int_equal(cs_sheet_format(s), CS_SHEET_FORMAT_ODS);
    cs_sheet_free(s);
    g_free(data);
    g_free(src);
}

/* -- broken and hostile workbooks --------------------------------------- */

/* Writes a zip of @n parts (name, content) to a temporary file and reads
 * it back into memory (g_free). */
static char *
make_zip(size_t *len, size_t n, const char *const *parts)
{
    char *dir = cs_test_tmpdir("sheet-zip");
    char *path = g_build_filename(dir, "t.zip", NULL);
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(za);
    for (size_t i = 0; i < n; i++) {
        const char *name = parts[2 * i], *text = parts[2 * i + 1];
        zip_source_t *src = zip_source_buffer(za, text, strlen(text), 0);
        assert_non_null(src);
        assert_true(zip_file_add(za, name, src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    char *data = cs_test_read(path, len);
    assert_non_null(data);
    cs_test_rmtree(dir);
    g_free(path);
    g_free(dir);
    return data;
}

#define WB_XML                                                               \
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"     \
    "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"              \
    "officeDocument/2006/relationships\"><sheets><sheet name=\"Ark1\" "      \
    "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define WB_RELS                                                              \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/" \
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://"              \
    "schemas.openxmlformats.org/officeDocument/2006/relationships/"         \
    "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
#define SHEET_HEAD                                                           \
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"    \
    "2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

/* Reads a minimal .xlsx whose sheet1.xml is @sheet. */
static cs_status_t
read_xlsx(const char *sheet, cs_sheet_t **out, cs_diag_t *d)
{
    const char *parts[] = {"[Content_Types].xml", "<Types/>",
                           "xl/workbook.xml", WB_XML,
                           "xl/_rels/workbook.xml.rels", WB_RELS,
                           "xl/worksheets/sheet1.xml", sheet};
    size_t len = 0;
    char *data = make_zip(&len, 4, parts);
    cs_status_t st = cs_sheet_read_buffer("b.xlsx", data, len, NULL, out, d);
    g_free(data);
    return st;
}

static void
test_xlsx_cells(void **state)
{
    (void)state;
    /* cells without r attributes, rows without r, an error value, an
     * inline string with a phonetic guide, a formula string, a number in
     * exponent form */
    cs_sheet_t *s = NULL;
    assert_int_equal(
        read_xlsx(SHEET_HEAD
                  "<row><c t=\"inlineStr\"><is><r><t>Ba</t></r><r><t "
                  "xml:space=\"preserve\">r </t></r><rPh><t>x</t></rPh>"
                  "</is></c><c t=\"e\"><v>#N/A</v></c><c t=\"str\"><f>A1"
                  "</f><v>Bar</v></c><c><v>1.5E-3</v></c></row>"
                  "<row r=\"3\"><c r=\"$B$3\" t=\"b\"><v>0</v></c>"
                  "<c r=\"C3\"/></row>" SHEET_TAIL,
                  &s, NULL),
        CS_OK);
    assert_cell(s, 1, 1, "Bar ", CS_CELL_TEXT);
    assert_cell(s, 1, 2, "#N/A", CS_CELL_ERROR);
    assert_cell(s, 1, 3, "Bar", CS_CELL_TEXT);
    const cs_sheet_cell_t *c = assert_cell(s, 1, 4, "0.0015",
                                           CS_CELL_NUMBER);
    assert_true(c->number == 0.0015);
    c = assert_cell(s, 3, 2, "FALSE", CS_CELL_BOOLEAN);
    assert_true(c->number == 0);
    assert_int_equal(cs_sheet_rows(s), 3);
    assert_int_equal(cs_sheet_cols(s), 4);
    assert_pos(s, 3, 2, "b.xlsx:Ark1!B3");
    cs_sheet_free(s);
}

static void
test_xlsx_errors(void **state)
{
    (void)state;
    const struct {
        const char *sheet;
        cs_status_t st;
        const char *prefix, *needle;
    } cases[] = {
        {SHEET_HEAD "<row><c t=\"s\"><v>7</v></c></row>" SHEET_TAIL,
         CS_ERR_PARSE, "b.xlsx:Ark1!A1: ", "shared string 7 does not exist"},
        {SHEET_HEAD "<row><c r=\"B2\"><v>1,5</v></c></row>" SHEET_TAIL,
         CS_ERR_PARSE, "b.xlsx:Ark1!B2: ", "number '1,5'"},
        {SHEET_HEAD "<row><c r=\"2B\"><v>1</v></c></row>" SHEET_TAIL,
         CS_ERR_PARSE, "b.xlsx:Ark1: ", "malformed cell reference '2B'"},
        {SHEET_HEAD "<row><c r=\"A1\"><v>1</v></c>" SHEET_TAIL,
         CS_ERR_PARSE, "b.xlsx: ",
         "the workbook is corrupt: xl/worksheets/sheet1.xml, line 1"},
        /* a document type (entity definitions: "billion laughs") */
        {"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaa\">"
         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>" SHEET_HEAD
         "<row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row>" SHEET_TAIL,
         CS_ERR_PARSE, "b.xlsx: ", "document type declarations are not"},
        /* past the grid's limits, at the cell */
        {SHEET_HEAD "<row r=\"1048576\"><c r=\"A1048576\"><v>1</v></c>"
         "</row>" SHEET_TAIL,
         CS_ERR_LIMIT, "b.xlsx:Ark1!A1048576: ", "limit of 100001 rows"},
        {SHEET_HEAD "<row><c r=\"XFD1\"><v>1</v></c></row>" SHEET_TAIL,
         CS_ERR_LIMIT, "b.xlsx:Ark1!XFD1: ", "limit of 1000 columns"},
        {SHEET_HEAD "<row><c r=\"ALL1\"><v>1</v></c></row><row r=\"2000\">"
         "<c r=\"A2000\"><v>1</v></c></row>" SHEET_TAIL,
         CS_ERR_LIMIT, "b.xlsx:Ark1!ALL2000: ", "limit of 1000000 cells"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        cs_diag_t *d = cs_diag_new();
        cs_sheet_t *s = NULL;
        cs_status_t st = read_xlsx(cases[i].sheet, &s, d);
        if (st != cases[i].st)
            cs_test_diag_dump(d);
        assert_int_equal(st, cases[i].st);
        assert_null(s);
        assert_first_diag(d, cases[i].prefix, cases[i].needle);
        cs_diag_free(d);
    }
}

static void
test_zip_errors(void **state)
{
    (void)state;
    cs_diag_t *d = cs_diag_new();
    cs_sheet_t *s = NULL;
    /* a truncated download */
    char *p = cs_test_src("data/sheets/report-lo.xlsx");
    size_t len = 0;
    char *data = cs_test_read(p, &len);
    assert_int_equal(cs_sheet_read_buffer("b.xlsx", data, len / 2, NULL, &s,
                                          d),
                     CS_ERR_PARSE);
    assert_null(s);
    assert_first_diag(d, "b.xlsx: ", "truncated or corrupt");
    cs_diag_clear(d);
    /* a damaged byte inside a compressed part */
    char *bad = g_memdup2(data, len);
    for (size_t i = 200; i < 400 && i < len; i++)
        bad[i] ^= 0x5A;
    assert_true(cs_sheet_read_buffer("b.xlsx", bad, len, NULL, &s, d) !=
                CS_OK);
    assert_null(s);
    assert_true(cs_diag_entry_count(d) >= 1);
    cs_diag_clear(d);
    g_free(bad);
    g_free(data);
    g_free(p);

    /* a zip that is no workbook, a workbook without its sheet part */
    const char *other[] = {"word/document.xml", "<w/>"};
    data = make_zip(&len, 1, other);
    assert_int_equal(cs_sheet_read_buffer("b.docx", data, len, NULL, &s, d),
                     CS_ERR_INVALID);
    assert_first_diag(d, "b.docx: ", "neither an .xlsx nor an .ods");
    cs_diag_clear(d);
    g_free(data);
    const char *nosheet[] = {"xl/workbook.xml", WB_XML,
                             "xl/_rels/workbook.xml.rels", WB_RELS};
    data = make_zip(&len, 2, nosheet);
    assert_int_equal(cs_sheet_read_buffer("b.xlsx", data, len, NULL, &s, d),
                     CS_ERR_INVALID);
    assert_first_diag(d, "b.xlsx: ",
                      "part 'xl/worksheets/sheet1.xml' is missing");
    cs_diag_clear(d);
    g_free(data);

    /* a zip bomb: a part that inflates past the limit stops there */
    size_t big = CS_SHEET_MAX_PART_BYTES + 1024;
    char *spaces = g_malloc(big + 1);
    memcpy(spaces, SHEET_HEAD, strlen(SHEET_HEAD));
    memset(spaces + strlen(SHEET_HEAD), ' ', big - strlen(SHEET_HEAD));
    spaces[big] = '\0';
    const char *bomb[] = {"[Content_Types].xml", "<Types/>",
                          "xl/workbook.xml", WB_XML,
                          "xl/_rels/workbook.xml.rels", WB_RELS,
                          "xl/worksheets/sheet1.xml", spaces};
    data = make_zip(&len, 4, bomb);
    g_free(spaces);
    assert_true(len < 1024 * 1024);
    assert_int_equal(cs_sheet_read_buffer("bomb.xlsx", data, len, NULL, &s,
                                          d),
                     CS_ERR_LIMIT);
    assert_first_diag(d, "bomb.xlsx: ", "larger than the limit of");
    g_free(data);
    cs_diag_free(d);
}

#define ODS_HEAD                                                             \
    "<office:document-content xmlns:office=\"urn:oasis:names:tc:"            \
    "opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:"      \
    "opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:"        \
    "opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>"
#define ODS_TAIL "</office:spreadsheet></office:body></office:document-content>"

static cs_status_t
read_ods(const char *content, cs_sheet_t **out, cs_diag_t *d)
{
    const char *parts[] = {"mimetype",
                           "application/vnd.oasis.opendocument.spreadsheet",
                           "content.xml", content};
    size_t len = 0;
    char *data = make_zip(&len, 2, parts);
    cs_status_t st = cs_sheet_read_buffer("b.ods", data, len, NULL, out, d);
    g_free(data);
    return st;
}

static void
test_ods_cells(void **state)
{
    (void)state;
    cs_sheet_t *s = NULL;
    /* spaces, tabs, line breaks, spans, a comment that is not the text,
     * repeated cells and rows with content, a huge empty repeat */
    assert_int_equal(
        read_ods(ODS_HEAD
                 "<table:table table:name=\"T\"><table:table-row>"
                 "<table:table-cell><text:p>a<text:s text:c=\"3\"/>b<text:tab/>"
                 "c<text:line-break/><text:span>d</text:span></text:p>"
                 "<office:annotation><text:p>note</text:p></office:annotation>"
                 "</table:table-cell>"
                 "<table:table-cell office:value-type=\"percentage\" "
                 "office:value=\"0.975\"/>"
                 "<table:table-cell table:number-columns-repeated=\"2\" "
                 "office:value-type=\"float\" office:value=\"7\">"
                 "<text:p>7</text:p></table:table-cell>"
                 "<table:table-cell table:number-columns-repeated=\"16000\"/>"
                 "</table:table-row>"
                 "<table:table-row table:number-rows-repeated=\"2\">"
                 "<table:table-cell office:value-type=\"boolean\" "
                 "office:boolean-value=\"true\"><text:p>SANN</text:p>"
                 "</table:table-cell></table:table-row>"
                 "<table:table-row table:number-rows-repeated=\"1048570\">"
                 "<table:table-cell table:number-columns-repeated=\"16384\"/>"
                 "</table:table-row></table:table>" ODS_TAIL,
                 &s, NULL),
        CS_OK);
    assert_int_equal(cs_sheet_rows(s), 3);
    assert_int_equal(cs_sheet_cols(s), 4);
    assert_cell(s, 1, 1, "a   b\tc\nd", CS_CELL_TEXT);
    const cs_sheet_cell_t *c = assert_cell(s, 1, 2, "97.5%", CS_CELL_NUMBER);
    assert_true(c->percent);
    assert_true(c->number == 0.975);
    assert_cell(s, 1, 3, "7", CS_CELL_NUMBER);
    assert_cell(s, 1, 4, "7", CS_CELL_NUMBER);
    c = assert_cell(s, 3, 1, "SANN", CS_CELL_BOOLEAN);
    assert_true(c->number == 1);
    assert_pos(s, 3, 1, "b.ods:T!A3");
    cs_sheet_free(s);

    /* a repeat of a non-empty cell past the limits is refused at the
     * cell where it crosses them */
    cs_diag_t *d = cs_diag_new();
    assert_int_equal(
        read_ods(ODS_HEAD
                 "<table:table table:name=\"T\">"
                 "<table:table-row table:number-rows-repeated=\"1048576\">"
                 "<table:table-cell><text:p>x</text:p></table:table-cell>"
                 "</table:table-row></table:table>" ODS_TAIL,
                 &s, d),
        CS_ERR_LIMIT);
    assert_null(s);
    assert_first_diag(d, "b.ods:T!A100002: ", "limit of 100001 rows");
    cs_diag_clear(d);
    assert_int_equal(
        read_ods(ODS_HEAD "<table:table table:name=\"T\"><table:table-row>"
                          "<table:table-cell office:value-type=\"float\" "
                          "office:value=\"abc\"/></table:table-row>"
                          "</table:table>" ODS_TAIL,
                 &s, d),
        CS_ERR_PARSE);
    assert_first_diag(d, "b.ods:T!A1: ", "number 'abc'");
    cs_diag_clear(d);
    assert_int_equal(read_ods(ODS_HEAD "<table:table table:name=\"T\">"
                                       "<table:table-row>" ODS_TAIL,
                              &s, d),
                     CS_ERR_PARSE);
    assert_first_diag(d, "b.ods: ", "the workbook is corrupt: content.xml");
    cs_diag_free(d);
}

/* Parses a published result the way make-fixtures.py typed it: "97.00 %"
 * -> 0.97 (percent), "31 200.00" -> 31200. 0 when it is no such number. */
static int
typed_value(const char *text, double *v, int *percent)
{
    char *t = g_strdup(text);
    size_t n = 0;
    for (size_t i = 0; t[i]; i++)
        if (t[i] != ' ')
            t[n++] = t[i];
    t[n] = '\0';
    *percent = n && t[n - 1] == '%';
    if (*percent)
        t[--n] = '\0';
    int ok = n && cs_csv_parse_number(t, 0, v, NULL) == 0;
    if (ok && *percent)
        *v /= 100.0;
    g_free(t);
    return ok;
}

static void
test_fixture_verification_report(void **state)
{
    (void)state;
    /* the copies of the published table, cell by cell */
    cs_sheet_t *orig = read_fixture("data/import/verification-report.csv",
                                    NULL, CS_OK, NULL);
    const char *copies[] = {"data/sheets/verification-report-openpyxl.xlsx",
                            "data/sheets/verification-report-lo.xlsx",
                            "data/sheets/verification-report-lo.ods",
                            "data/sheets/verification-report-lo.xls",
                            "data/sheets/verification-report-cp1252.csv",
                            "data/sheets/verification-report-utf16.txt"};
    for (size_t i = 0; i < G_N_ELEMENTS(copies); i++) {
        cs_sheet_t *s = read_fixture(copies[i], NULL, CS_OK, NULL);
        int text = cs_sheet_format(s) == CS_SHEET_FORMAT_TEXT;
        assert_int_equal(cs_sheet_rows(s), cs_sheet_rows(orig));
        assert_int_equal(cs_sheet_cols(s), cs_sheet_cols(orig));
        if (!text)
            assert_string_equal(cs_sheet_name(s), "KPI results");
        size_t numbers = 0;
        for (unsigned r = 1; r <= cs_sheet_rows(orig); r++)
            for (unsigned c = 1; c <= cs_sheet_cols(orig); c++) {
                const cs_sheet_cell_t *a = cs_sheet_cell(orig, r, c);
                const cs_sheet_cell_t *b = cs_sheet_cell(s, r, c);
                double v;
                int pc;
                if (b->kind == CS_CELL_NUMBER) {
                    assert_true(typed_value(a->text, &v, &pc));
                    assert_true(fabs(b->number - v) < 1e-12);
                    assert_int_equal(b->percent, pc);
                    numbers++;
                } else if (text && c == 3 && typed_value(a->text, &v, &pc)) {
                    /* a text export shows the typed number its own way */
                    continue;
                } else if (strcmp(a->text, b->text) != 0) {
                    /* Windows-1252 has no ℓ: the writer put '?' */
                    assert_true(cs_sheet_encoding(s) == CS_CSV_ENC_CP1252);
                    char *q = g_strdup(a->text);
                    char *l = strstr(q, "ℓ");
                    assert_non_null(l);
                    memmove(l + 1, l + strlen("ℓ"), strlen(l + strlen("ℓ")) + 1);
                    *l = '?';
                    assert_string_equal(q, b->text);
                    g_free(q);
                }
            }
        assert_true(text ? numbers == 0 : numbers == 12);
        cs_sheet_free(s);
    }
    cs_sheet_free(orig);
}

/* -- the template as .xlsx (src/template-xlsx.c) ------------------------ */

static void
test_template_xlsx(void **state)
{
    (void)state;
    cs_framework_t *fw = cs_test_framework();
    char *tr_path = cs_test_root("data/labels-nb.csv");
    cs_translation_t *tr = NULL;
    cs_framework_t *nbfw = NULL;
    assert_int_equal(cs_translation_load(tr_path, "nb", &tr, NULL), CS_OK);
    assert_int_equal(cs_translation_framework(tr, fw, &nbfw, NULL, NULL),
                     CS_OK);
    for (int lang = 0; lang < 2; lang++) {
        char *x = NULL, *x2 = NULL, *c = NULL;
        size_t xlen = 0, x2len = 0, clen = 0;
        const cs_framework_t *names = lang ? nbfw : NULL;
        const char *l = lang ? "nb" : "en";
        assert_int_equal(cs_template_build(fw, names, l, CS_TEMPLATE_XLSX,
                                           &x, &xlen, NULL),
                         CS_OK);
        assert_int_equal(cs_template_build(fw, names, l, CS_TEMPLATE_XLSX,
                                           &x2, &x2len, NULL),
                         CS_OK);
        /* the same framework gives the same bytes */
        assert_int_equal(xlen, x2len);
        assert_memory_equal(x, x2, xlen);
        assert_int_equal(cs_template_build(fw, names, l, CS_TEMPLATE_CSV, &c,
                                           &clen, NULL),
                         CS_OK);
        cs_sheet_t *xs = NULL, *cs = NULL;
        assert_int_equal(cs_sheet_read_buffer("template.xlsx", x, xlen, NULL,
                                              &xs, NULL),
                         CS_OK);
        assert_int_equal(cs_sheet_read_buffer("template.csv", c, clen, NULL,
                                              &cs, NULL),
                         CS_OK);
        assert_int_equal(cs_sheet_format(xs), CS_SHEET_FORMAT_XLSX);
        assert_string_equal(cs_sheet_name(xs), "KPIs");
        /* every cell as in the CSV template: header + 108 wedges */
        assert_int_equal(cs_sheet_rows(xs), 109);
        assert_int_equal(cs_sheet_rows(cs), 109);
        assert_int_equal(cs_sheet_cols(xs), 9);
        assert_int_equal(cs_sheet_cols(cs), 9);
        for (unsigned r = 1; r <= 109; r++)
            for (unsigned k = 1; k <= 9; k++) {
                const cs_sheet_cell_t *a = cs_sheet_cell(cs, r, k);
                const cs_sheet_cell_t *b = cs_sheet_cell(xs, r, k);
                if (r == 1) {
                    assert_non_null(b);
                    assert_string_equal(a->text, b->text);
                } else if (b) {
                    assert_string_equal(a->text, b->text);
                    assert_int_equal(b->kind, a->kind);
                } else {
                    assert_int_equal(a->kind, CS_CELL_EMPTY);
                }
            }
        assert_string_equal(cs_sheet_cell(xs, 1, 1)->text,
                            lang ? "kode" : "code");
        assert_string_equal(cs_sheet_cell(xs, 2, 1)->text, "EC:ICT:ICT:1C");
        cs_sheet_free(xs);
        cs_sheet_free(cs);
        free(x);
        free(x2);
        free(c);
    }
    cs_framework_free(nbfw);
    cs_translation_free(tr);
    g_free(tr_path);
    cs_framework_free(fw);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_utf8),
        cmocka_unit_test(test_text_bom_and_duplicates),
        cmocka_unit_test(test_text_cp1252),
        cmocka_unit_test(test_text_utf16),
        cmocka_unit_test(test_text_sep_line),
        cmocka_unit_test(test_text_errors),
        cmocka_unit_test(test_text_limits),
        cmocka_unit_test(test_col_names),
        cmocka_unit_test(test_builder_positions),
        cmocka_unit_test(test_builder_limits),
        cmocka_unit_test(test_numfmt),
        cmocka_unit_test(test_fixture_xlsx),
        cmocka_unit_test(test_fixture_ods),
        cmocka_unit_test(test_fixture_xls),
        cmocka_unit_test(test_fixture_text),
        cmocka_unit_test(test_sheet_selection),
        cmocka_unit_test(test_format_by_content),
        cmocka_unit_test(test_xlsx_cells),
        cmocka_unit_test(test_xlsx_errors),
        cmocka_unit_test(test_zip_errors),
        cmocka_unit_test(test_ods_cells),
        cmocka_unit_test(test_template_xlsx),
        cmocka_unit_test(test_fixture_verification_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
