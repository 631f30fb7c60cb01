/* SPDX-License-Identifier: MIT */
/*
 * A generic CSV table reader on top of libcsv (internal, not installed).
 *
 * Reads a whole file or buffer into a header row plus data rows of fields,
 * each field with the 1-based line and column where it starts (columns
 * count Unicode characters, not bytes; a UTF-8 BOM is not counted).
 *
 * Accepted input ("spreadsheet reality"):
 *  - UTF-8 with or without a BOM; invalid UTF-8 and NUL bytes are errors
 *    (CS_ERR_PARSE) at their position;
 *  - LF, CRLF or CR line ends;
 *  - delimiter ',', ';' or TAB, sniffed from the header line: the one that
 *    occurs most often outside quotes (ties: ',' then ';' then TAB; none: ',');
 *  - RFC 4180 quoting (delimiters, quotes and line breaks inside quotes),
 *    parsed strictly: an unterminated quote, a quote inside an unquoted field
 *    or text after a closing quote is CS_ERR_PARSE at its position;
 *  - blank lines anywhere (also trailing), and lines whose fields are all
 *    empty (";;;" rows that spreadsheets export), are skipped;
 *  - spaces around unquoted fields are dropped (libcsv's rule).
 *
 * Limits are the CS_CSV_MAX_* macros below; crossing one is CS_ERR_LIMIT at
 * the position where it is crossed (a file that is too large as a whole is
 * reported without a line).
 */
#ifndef CS_CSV_PRIVATE_H
#define CS_CSV_PRIVATE_H

#include <stddef.h>
#include <citysnap/status.h>

/** Largest input file or buffer, in bytes (16 MiB). */
#define CS_CSV_MAX_BYTES (16u * 1024u * 1024u)
/** Most data rows (not counting the header). */
#define CS_CSV_MAX_ROWS 100000u
/** Most fields in one row. */
#define CS_CSV_MAX_COLUMNS 1000u
/** Most fields in the whole table (header included). */
#define CS_CSV_MAX_CELLS 2000000u
/** Longest field, in bytes. */
#define CS_CSV_MAX_FIELD_BYTES 4096u
/** Longest label (KPI, group, dimension, band label), in characters.
 *  Checked by the modules that read labels (cs_csv_check_label()). */
#define CS_CSV_MAX_LABEL_CHARS 300u

typedef struct cs_csv_field {
    const char *text; /* NUL-terminated, owned by the table */
    size_t len;       /* bytes, without the NUL */
    unsigned line;    /* 1-based line of the field's first character */
    unsigned column;  /* 1-based column (characters) of that character */
} cs_csv_field_t;

typedef struct cs_csv_row {
    const cs_csv_field_t *fields;
    size_t n_fields;
    unsigned line;     /* line of the first field */
    unsigned end_line; /* position just after the last field */
    unsigned end_column;
} cs_csv_row_t;

typedef struct cs_csv cs_csv_t;

/** Text encodings the reader knows (what cs_csv_encoding() reports). */
typedef enum cs_csv_encoding {
    CS_CSV_ENC_UTF8,     /* UTF-8 without a BOM (or plain ASCII) */
    CS_CSV_ENC_UTF8_BOM, /* UTF-8 with a BOM ("CSV UTF-8" in Excel) */
    CS_CSV_ENC_UTF16LE,  /* UTF-16 LE ("Unicode text" in Excel) */
    CS_CSV_ENC_UTF16BE,  /* UTF-16 BE */
    CS_CSV_ENC_CP1252,   /* Windows-1252 (Excel's "CSV" in Western Europe) */
    CS_CSV_ENC_COUNT
} cs_csv_encoding_t;

/** Constant English name of @enc ("Windows-1252", ...), never NULL. */
const char *cs_csv_encoding_name(cs_csv_encoding_t enc);

/*
 * Flags of cs_csv_read_buffer_ex(). cs_csv_read_buffer() uses none: the
 * strict dialect above, for citysnap's own files.
 *  - CS_CSV_DECODE: besides UTF-8, accept UTF-16 (a BOM, or BOM-less text
 *    whose first two characters are ASCII) and, when the bytes are not
 *    valid UTF-8 and there is no BOM and no NUL byte, Windows-1252. The
 *    text is decoded to UTF-8 first; lines and columns still count
 *    characters of the file. The size limit applies to the file's bytes.
 *  - CS_CSV_SEP_LINE: a first line "sep=X" (Excel's, X being ',', ';' or
 *    TAB, ASCII case-insensitive "sep") sets the delimiter and is then
 *    read as a blank line; another X is CS_ERR_PARSE.
 *  - CS_CSV_ANY_HEADER: the first row is not checked for duplicate names
 *    (it may be a title row; the caller finds the header), and the
 *    delimiter is the candidate found on the most of the first 100 lines
 *    (ties: the most frequent, then ',' ';' TAB), not the first line's.
 */
#define CS_CSV_DECODE 0x1u
#define CS_CSV_SEP_LINE 0x2u
#define CS_CSV_ANY_HEADER 0x4u
/** Everything a spreadsheet's text export may need. */
#define CS_CSV_SPREADSHEET_TEXT (CS_CSV_DECODE | CS_CSV_SEP_LINE | CS_CSV_ANY_HEADER)

/**
 * Parses @len bytes of @data (need not be NUL-terminated). @name is the file
 * name used in diagnostics. On success *@out holds the table (free with
 * cs_csv_free()); an input without any non-blank line is an error
 * ("no header"). On failure *@out is NULL and one diagnostic says why.
 */
cs_status_t cs_csv_read_buffer(const char *name, const char *data, size_t len,
                               cs_csv_t **out, cs_diag_t *diag);
/** cs_csv_read_buffer() with CS_CSV_* @flags (see above). */
cs_status_t cs_csv_read_buffer_ex(const char *name, const char *data,
                                  size_t len, unsigned flags, cs_csv_t **out,
                                  cs_diag_t *diag);
/** Reads and parses the file @path (at most CS_CSV_MAX_BYTES). */
cs_status_t cs_csv_read_file(const char *path, cs_csv_t **out,
                             cs_diag_t *diag);
void cs_csv_free(cs_csv_t *csv);

/** Builds a value from a parsed table (see cs_csv_load). */
typedef cs_status_t (*cs_csv_build_fn)(const void *ctx, cs_csv_t *csv,
                                       void *out, cs_diag_t *diag);
/**
 * The loaders' common path: reads the file @name (@from_file) or the
 * buffer @data/@len named @name, then returns @build(@ctx, table, @out,
 * @diag); the table is freed either way.
 */
cs_status_t cs_csv_load(const char *name, int from_file, const char *data,
                        size_t len, cs_csv_build_fn build, const void *ctx,
                        void *out, cs_diag_t *diag);

/** File name given when reading (for diagnostics). */
const char *cs_csv_name(const cs_csv_t *csv);
/** The encoding the text was read as. */
cs_csv_encoding_t cs_csv_encoding(const cs_csv_t *csv);
/** The sniffed delimiter: ',', ';' or '\t'. */
char cs_csv_delimiter(const cs_csv_t *csv);
/** Header row (always present in a table). */
const cs_csv_row_t *cs_csv_header(const cs_csv_t *csv);
/** Number of data rows (after the header, blank lines skipped). */
size_t cs_csv_row_count(const cs_csv_t *csv);
/** Data row @i (0-based), or NULL when out of range. */
const cs_csv_row_t *cs_csv_row(const cs_csv_t *csv, size_t i);
/** Field @col of @row, or NULL when the row is shorter. */
const cs_csv_field_t *cs_csv_cell(const cs_csv_row_t *row, long col);

/**
 * Index of the header column named @name (ASCII case-insensitive, spaces
 * and tabs around the header name ignored), or -1. Header names are unique:
 * cs_csv_read_*() rejects duplicates (CS_ERR_INVALID at the second one).
 */
long cs_csv_column(const cs_csv_t *csv, const char *name);

/**
 * Checks that every row has as many fields as the header; adds one
 * CS_ERR_PARSE diagnostic per bad row (at the first extra field, or just
 * after the last field when fields are missing). Returns CS_OK or the
 * status of the first problem.
 */
cs_status_t cs_csv_check_widths(const cs_csv_t *csv, cs_diag_t *diag);
/** The same for one row (so that loaders report problems in line order). */
cs_status_t cs_csv_check_row_width(const cs_csv_t *csv,
                                   const cs_csv_row_t *row, cs_diag_t *diag);

/**
 * Parses a number independently of the locale: optional spaces, an optional
 * sign, digits with at most one decimal separator, an optional exponent,
 * optional spaces. The separator is '.', or also ',' when @decimal_comma is
 * non-zero (only one of them in a number). Rejects empty text, nan, inf,
 * hexadecimal, thousands separators, trailing junk, values that overflow
 * a double (1e400) or underflow to zero (1e-400), and, when @decimal_comma
 * is set, a dot followed by exactly three digits after a non-zero integer
 * part of one to three digits ("1.234": a thousands separator or a decimal
 * point?). Returns 0 and sets *@out, or -1 and sets *@why (a
 * constant English phrase) when @why is non-NULL.
 */
int cs_csv_parse_number(const char *text, int decimal_comma, double *out,
                        const char **why);

/** Whether numbers in @csv may use a decimal comma (delimiter is not ','). */
int cs_csv_decimal_comma(const cs_csv_t *csv);

/** True when @s (NUL-terminated, or blank-only) has no non-space character. */
int cs_csv_is_blank(const char *s);

/**
 * Why @text cannot be a label given in code (not read from a file):
 * "is empty" (blank), "is not valid UTF-8", "contains a control
 * character", "is longer than the limit for labels"
 * (CS_CSV_MAX_LABEL_CHARS);
 * NULL when it can. A constant string.
 */
const char *cs_csv_label_problem(const char *text);

/**
 * Label check: returns CS_OK when @f has at most CS_CSV_MAX_LABEL_CHARS
 * characters, else adds CS_ERR_LIMIT at the field naming @what.
 */
cs_status_t cs_csv_check_label(const cs_csv_t *csv, const cs_csv_field_t *f,
                               const char *what, cs_diag_t *diag);

/* ---- helpers every loader needs (src/csv-table.c) ---- */

/** @cur when it is already an error, else @st: a loader keeps its first
 *  problem's status while it goes on reporting the others. */
static inline cs_status_t
cs_csv_first_error(cs_status_t cur, cs_status_t st)
{
    return cur != CS_OK ? cur : st;
}

/** Where to report a problem in column @col of @row: the cell's start, or
 *  just after the row's last field when the row is too short for it. */
void cs_csv_cell_pos(const cs_csv_row_t *row, long col, unsigned *line,
                     unsigned *column);

/**
 * Looks up the @n columns @names that a file must have: @cols[i] is the
 * index of @names[i], or -1. Each missing column is one CS_ERR_INVALID
 * diagnostic at the header line, "missing required column 'NAME'
 * (@hint)". Returns CS_OK, or CS_ERR_INVALID when any is missing.
 */
cs_status_t cs_csv_require(const cs_csv_t *csv, const char *const *names,
                           size_t n, long *cols, const char *hint,
                           cs_diag_t *diag);

/* Shared by the reader's own files (csv.c, csv-decode.c, csv-dialect.c). */

/** Whether @c ends a line (CR or LF). */
static inline int
cs_csv_is_line_break(unsigned char c)
{
    return c == '\r' || c == '\n';
}

/** Line and column of byte @offset of @data, counting from @start. */
void cs_csv_position_of(const char *data, size_t start, size_t offset,
                        unsigned *line, unsigned *col);

/** The input as NUL-terminated UTF-8 in a new buffer (see csv-decode.c). */
cs_status_t cs_csv_decode_text(const char *name, const char *data, size_t len,
                               unsigned flags, char **text, size_t *text_len,
                               size_t *start, cs_csv_encoding_t *enc,
                               cs_diag_t *diag);

/** The delimiter named by an Excel "sep=X" first line (see csv-dialect.c). */
int cs_csv_sep_line(const char *name, char *text, size_t start, size_t len,
                    cs_diag_t *diag);

/** The delimiter sniffed from the first line with content. */
char cs_csv_sniff_delimiter(const char *data, size_t start, size_t len);

/** The delimiter sniffed from the first lines, which may be titles. */
char cs_csv_sniff_delimiter_lines(const char *data, size_t start, size_t len);

#endif
