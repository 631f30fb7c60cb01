/* SPDX-License-Identifier: MIT */
/*
 * Cell grids read from the files users have (internal, not installed):
 * text tables (CSV/TSV in UTF-8, UTF-16 or Windows-1252), .xlsx, .ods and
 * .xls workbooks. One sheet of a file becomes a cs_sheet_t: a rectangle of
 * cells, each with the text the user sees and, for spreadsheet cells, the
 * typed value and what its number format says (percentage, date).
 *
 * The format is found from the content (a zip holding xl/workbook.xml is
 * .xlsx, one holding content.xml is .ods, an OLE2 compound file is .xls,
 * anything else is text), not from the file name.
 *
 * Text files go through the CSV reader (csv-private.h) with
 * CS_CSV_SPREADSHEET_TEXT: same quoting, delimiter sniffing and line
 * rules, plus UTF-16 / Windows-1252 decoding and Excel's "sep=;" line.
 * Their cells are all text (cs_sheet_cell_t.kind TEXT or EMPTY): reading
 * "97,5 %" as a number is the caller's business, with the decimal rule of
 * cs_sheet_decimal_comma(). Blank lines are not rows: row @r of a text
 * sheet is its r-th non-blank line, and cell->line/column give where the
 * field is in the file.
 *
 * Spreadsheet rows and columns are the sheet's own: cell (12, 3) is C12,
 * empty rows included. .xls means BIFF8 (Excel 97-2003); older Excel
 * 5.0/95 workbooks are refused with a message.
 *
 * Positions in messages go through one place: cs_sheet_pos() formats
 * "FILE:Sheet1!C12" (spreadsheets) or "FILE:LINE:COLUMN" (text), and
 * cs_sheet_diag() adds a diagnostic there. A spreadsheet diagnostic's
 * cs_diag_entry_t.file is "FILE:Sheet1!C12" with line and column 0, so
 * cs_diag_entry_format() prints "FILE:Sheet1!C12: message".
 *
 * Limits (crossing one is CS_ERR_LIMIT, never a crash): the file is at
 * most CS_CSV_MAX_BYTES; a grid has at most CS_SHEET_MAX_ROWS rows,
 * CS_CSV_MAX_COLUMNS columns and CS_SHEET_MAX_CELLS cells (rows x columns
 * of the rectangle from A1 to the last non-empty cell); a cell's text is
 * at most CS_CSV_MAX_FIELD_BYTES bytes. Zip archives: at most
 * CS_SHEET_MAX_ZIP_ENTRIES entries; a part is read only up to
 * CS_SHEET_MAX_PART_BYTES uncompressed bytes (counted while inflating, not
 * taken from the archive's own claim), all parts together up to
 * CS_SHEET_MAX_UNZIPPED_BYTES. XML is parsed by libxml2 without network
 * access, without entity substitution and without its "huge" mode; a
 * document with a DTD is refused.
 */
#ifndef CS_SHEET_PRIVATE_H
#define CS_SHEET_PRIVATE_H

#include <stddef.h>
#include <citysnap/status.h>

#include "cs-private.h"
#include "csv-private.h"

/** Most rows in a grid (data rows of a CSV plus its header). */
#define CS_SHEET_MAX_ROWS (CS_CSV_MAX_ROWS + 1u)
/** Most cells in a grid, empty ones inside the rectangle included. */
#define CS_SHEET_MAX_CELLS 1000000u
/** Most entries in a zip archive (.xlsx, .ods). */
#define CS_SHEET_MAX_ZIP_ENTRIES 10000u
/** Most uncompressed bytes of one zip part. */
#define CS_SHEET_MAX_PART_BYTES (64u * 1024u * 1024u)
/** Most uncompressed bytes read from one archive, all parts together. */
#define CS_SHEET_MAX_UNZIPPED_BYTES (128u * 1024u * 1024u)
/** Most sheets in a workbook. */
#define CS_SHEET_MAX_SHEETS 1000u

typedef enum cs_sheet_format {
    CS_SHEET_FORMAT_TEXT, /* CSV / TSV / "Unicode text" */
    CS_SHEET_FORMAT_XLSX, /* Office Open XML workbook */
    CS_SHEET_FORMAT_ODS,  /* OpenDocument spreadsheet */
    CS_SHEET_FORMAT_XLS,  /* Excel 97-2003 (BIFF8) workbook */
    CS_SHEET_FORMAT_COUNT
} cs_sheet_format_t;

/** Constant English name of @f ("xlsx", "text", ...), never NULL. */
const char *cs_sheet_format_name(cs_sheet_format_t f);

typedef enum cs_cell_kind {
    CS_CELL_EMPTY,   /* nothing in the cell; text is "" */
    CS_CELL_TEXT,    /* a string (every non-empty cell of a text file) */
    CS_CELL_NUMBER,  /* a number: see number, percent, date */
    CS_CELL_BOOLEAN, /* TRUE/FALSE: number is 1 or 0 */
    CS_CELL_ERROR,   /* a formula error such as #N/A or #DIV/0! (in text) */
    CS_CELL_KIND_COUNT
} cs_cell_kind_t;

/**
 * One cell. Every string is owned by the sheet and lives as long as it.
 *  - text: what the user sees, UTF-8, NUL-terminated, "" when empty. A
 *    line break inside the cell is "\n". For .ods it is the text the
 *    writer stored (in its locale: "97,00 %"); for .xlsx and .xls numbers
 *    it is made here from the number format, with a decimal point and
 *    ',' grouping ("97.00%", "101,200.00"): use @number for the value.
 *  - number: the value when kind is NUMBER or BOOLEAN, else 0. A
 *    percentage keeps the stored fraction (0.97 for 97 %).
 *  - percent: the cell's number format is a percentage (xlsx, xls: a
 *    format with '%'; ods: value-type "percentage"). Always 0 for text
 *    files.
 *  - date: the number format is a date or time (number is then the
 *    spreadsheet's serial day number, text an ISO date; for .ods, kind
 *    is TEXT and text the writer's).
 *  - row, col: 1-based position in the grid (C12 is row 12, col 3).
 *  - line, column: text files only: 1-based line and character column
 *    where the field starts in the file (for a cell past the end of a
 *    short row: just after the row's last field); 0 for spreadsheets.
 *  - merge_row, merge_col: when the cell is covered by a merged region
 *    (and is not its top-left cell), the position of that top-left cell,
 *    whose text the user sees across the region; else 0. Always 0 for
 *    text files.
 */
typedef struct cs_sheet_cell {
    const char *text;
    size_t len; /* bytes of text, without the NUL */
    double number;
    cs_cell_kind_t kind;
    unsigned row, col;
    unsigned line, column;
    unsigned merge_row, merge_col;
    unsigned char percent;
    unsigned char date;
} cs_sheet_cell_t;

typedef struct cs_sheet cs_sheet_t;

/**
 * Reads sheet @sheet_name (NULL: the first sheet, skipping hidden ones)
 * of the file @path into *@out (free with cs_sheet_free()). For a text
 * file @sheet_name must be NULL (else CS_ERR_ARG). A workbook without a
 * sheet of that name is CS_ERR_INVALID, with a message that lists the
 * sheets. On failure *@out is NULL and @diag says why (at least one
 * entry). @path NULL or @out NULL is CS_ERR_ARG.
 */
cs_status_t cs_sheet_read_file(const char *path, const char *sheet_name,
                               cs_sheet_t **out, cs_diag_t *diag);

/**
 * The same for @len bytes at @data (need not be NUL-terminated; copied as
 * needed, not kept), named @name in messages (NULL: "(buffer)").
 */
cs_status_t cs_sheet_read_buffer(const char *name, const void *data,
                                 size_t len, const char *sheet_name,
                                 cs_sheet_t **out, cs_diag_t *diag);

/** Frees @sheet and every string and cell it owns. NULL is allowed. */
void cs_sheet_free(cs_sheet_t *sheet);

/** The format read. */
cs_sheet_format_t cs_sheet_format(const cs_sheet_t *sheet);
/** The file name given when reading. */
const char *cs_sheet_file(const cs_sheet_t *sheet);
/** The sheet's name ("Sheet1"), or NULL for a text file. */
const char *cs_sheet_name(const cs_sheet_t *sheet);
/** Number of sheets in the workbook (1 for a text file). */
size_t cs_sheet_book_count(const cs_sheet_t *sheet);
/** Name of the workbook's sheet @i (0-based), NULL when out of range or
 *  for a text file. */
const char *cs_sheet_book_name(const cs_sheet_t *sheet, size_t i);

/** Text files: the encoding the file was read as; spreadsheets:
 *  CS_CSV_ENC_UTF8 (their strings are Unicode). */
cs_csv_encoding_t cs_sheet_encoding(const cs_sheet_t *sheet);
/** Text files: ',', ';' or '\t'; spreadsheets: 0. */
char cs_sheet_delimiter(const cs_sheet_t *sheet);
/** Whether a number written in a text cell may use a decimal comma: text
 *  files whose delimiter is not ','; spreadsheets: 1 (their text cells
 *  were typed in the user's locale). */
int cs_sheet_decimal_comma(const cs_sheet_t *sheet);

/** Rows in the grid (from row 1 to the last non-empty one; >= 1). */
unsigned cs_sheet_rows(const cs_sheet_t *sheet);
/** Columns in the grid (to the last non-empty one in any row; >= 1). */
unsigned cs_sheet_cols(const cs_sheet_t *sheet);
/** The cell at 1-based @row, @col, or NULL when outside the grid. */
const cs_sheet_cell_t *cs_sheet_cell(const cs_sheet_t *sheet, unsigned row,
                                     unsigned col);
/** Whether every cell of @row is empty (or @row is outside the grid). */
int cs_sheet_row_is_blank(const cs_sheet_t *sheet, unsigned row);

/**
 * Spreadsheet column name of 1-based @col ("A", "Z", "AA", ...) into @buf
 * (at least 8 bytes); returns @buf. @col 0 gives "".
 */
char *cs_sheet_col_name(unsigned col, char *buf);

/**
 * The position of @cell for messages: "FILE:Sheet1!C12" for a
 * spreadsheet, "FILE:LINE:COLUMN" for a text file (sheet names that are
 * not plain letters, digits and '_' are quoted the way spreadsheets
 * write them: 'My sheet'!C12). @cell NULL gives "FILE:Sheet1" (text:
 * "FILE"). Returns a new
 * string to free(), NULL when out of memory.
 */
char *cs_sheet_pos(const cs_sheet_t *sheet, const cs_sheet_cell_t *cell);

/**
 * Adds a diagnostic with @status (not CS_OK) at @cell (NULL: the file) to
 * @diag (NULL allowed) and returns @status. Text files get FILE, line and
 * column; spreadsheets get "FILE:Sheet1!C12" as the entry's file.
 */
cs_status_t cs_sheet_diag(cs_diag_t *diag, cs_status_t status,
                          const cs_sheet_t *sheet,
                          const cs_sheet_cell_t *cell, const char *fmt, ...)
    CS_PRINTF(5, 6);

#endif
