/* SPDX-License-Identifier: MIT */
/*
 * The interface's translations (gettext domain "citysnap", po/). _()
 * translates a message where it is used; N_() marks one that is translated
 * later (a table of strings, a diagnostic format that cs_diag_add()
 * translates). Diagnostic formats passed straight to cs_diag_add() and its
 * wrappers need no mark: po/meson.build names them as keywords.
 */
#ifndef CS_GETTEXT_H
#define CS_GETTEXT_H

#define CS_GETTEXT_DOMAIN "citysnap"

/* The translation of @msgid in the language of LC_MESSAGES / LANGUAGE;
 * @msgid itself when there is none. Binds the domain on first use. */
const char *cs_gettext(const char *msgid) __attribute__((format_arg(1)));
/* Binds the domain now (the CLI, before it prints anything): to
 * $CITYSNAP_LOCALEDIR, else the installed locale folder when it has
 * citysnap's catalogues, else (in a developer build) the build tree's po/
 * (so that an uninstalled citysnap and the tests find them). Messages are UTF-8 whatever the
 * locale's character set. Safe to call more than once, from any thread. */
void cs_gettext_init(void);
/* The folder cs_gettext_init() binds to. */
const char *cs_gettext_dir(void);

/* The translation of @msgid (n == 1) or @msgid_plural, chosen by the
 * catalogue's plural rule for @n; untranslated, English's rule. */
const char *cs_ngettext(const char *msgid, const char *msgid_plural,
                        unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));

#define _(s) cs_gettext(s)
#define N_(s) (s)

#endif
