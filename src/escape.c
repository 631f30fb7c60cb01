/* SPDX-License-Identifier: MIT */
/*
 * Characters that a message must not print as they are: terminal controls
 * (an ESC or OSC sequence from a file would reach the user's terminal),
 * and characters that cannot be seen or that reorder the text around them
 * (bidirectional controls, zero-width characters, non-breaking spaces, a
 * stray byte order mark). A code "EC:ICT:ICT:1C" followed by a zero-width
 * space looks valid on screen; escaped it reads "EC:ICT:ICT:1C\u200B",
 * and the message says what U+200B is.
 */
#include "cs-private.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include <citysnap/status.h>

/* What a hidden character is, in a message; NULL when it prints as it
 * is. */
static const char *
hidden_kind(gunichar c)
{
    switch (c) {
    case 0x00A0: case 0x2007: case 0x202F:
        return "non-breaking space";
    case 0x00AD:
        return "soft hyphen";
    case 0x200B:
        return "zero-width space";
    case 0x200C:
        return "zero-width non-joiner";
    case 0x200D:
        return "zero-width joiner";
    case 0x2060:
        return "word joiner";
    case 0xFEFF:
        return "byte order mark";
    case 0x061C: case 0x200E: case 0x200F:
        return "bidirectional mark";
    case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E:
    case 0x2066: case 0x2067: case 0x2068: case 0x2069:
        return "bidirectional control";
    default:
        break;
    }
    switch (g_unichar_type(c)) {
    case G_UNICODE_CONTROL:
        return c == 0x1B ? "escape character (terminal control)"
                         : "control character";
    case G_UNICODE_FORMAT:
        return "invisible formatting character";
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
        return "line separator";
    case G_UNICODE_SPACE_SEPARATOR:
        return c == ' ' ? NULL : "space character";
    default:
        return NULL;
    }
}

/* Appends the escape of @c: \xNN for C0 and DEL, \uXXXX (\UXXXXXXXX
 * beyond the BMP) for the rest. */
static void
append_escape(GString *s, gunichar c)
{
    if (c < 0x20 || c == 0x7F)
        g_string_append_printf(s, "\\x%02X", (unsigned)c);
    else if (c <= 0xFFFF)
        g_string_append_printf(s, "\\u%04X", (unsigned)c);
    else
        g_string_append_printf(s, "\\U%08X", (unsigned)c);
}

typedef struct seen {
    gunichar c[4]; /* distinct hidden characters, in order of appearance */
    int n;
    int more;      /* further distinct ones not listed */
    int bad_bytes; /* bytes that are not UTF-8 */
} seen_t;

static void
note_seen(seen_t *seen, gunichar c)
{
    for (int i = 0; i < seen->n; i++)
        if (seen->c[i] == c)
            return;
    if (seen->n < (int)G_N_ELEMENTS(seen->c))
        seen->c[seen->n++] = c;
    else
        seen->more = 1;
}

/* Appends @text to @s with hidden characters escaped, noting them in
 * @seen. */
static void
escape_into(GString *s, const char *text, seen_t *seen)
{
    const char *p = text;
    while (*p) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append_printf(s, "\\x%02X", (unsigned char)*p);
            seen->bad_bytes = 1;
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (hidden_kind(c)) {
            append_escape(s, c);
            note_seen(seen, c);
        } else {
            g_string_append_len(s, p, next - p);
        }
        p = next;
    }
}

static void
append_note(GString *s, const seen_t *seen)
{
    if (!seen->n && !seen->bad_bytes)
        return;
    g_string_append(s, " (hidden characters shown escaped:");
    for (int i = 0; i < seen->n; i++) {
        g_string_append(s, i ? "; " : " ");
        append_escape(s, seen->c[i]);
        g_string_append_printf(s, " = %s", hidden_kind(seen->c[i]));
    }
    if (seen->more)
        g_string_append(s, "; and more");
    if (seen->bad_bytes)
        g_string_append_printf(s, "%s\\xNN = a byte that is not UTF-8",
                               seen->n ? "; " : " ");
    g_string_append_c(s, ')');
}

void
cs_escape_message(const char *file, const char *message, char **file_out,
                  char **message_out)
{
    seen_t seen = {{0}, 0, 0, 0};
    *file_out = NULL;
    if (file) {
        GString *f = g_string_new(NULL);
        escape_into(f, file, &seen);
        *file_out = g_string_free(f, FALSE);
    }
    GString *m = g_string_new(NULL);
    escape_into(m, message ? message : "", &seen);
    append_note(m, &seen);
    *message_out = g_string_free(m, FALSE);
}

char *
cs_diag_escape(const char *text)
{
    if (!text)
        return NULL;
    seen_t seen = {{0}, 0, 0, 0};
    GString *s = g_string_new(NULL);
    escape_into(s, text, &seen);
    char *g = g_string_free(s, FALSE);
    char *out = strdup(g);
    g_free(g);
    return out;
}

const char *
cs_hidden_char_kind(uint32_t c)
{
    return hidden_kind((gunichar)c);
}
