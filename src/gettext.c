/* SPDX-License-Identifier: MIT */
/* The interface's translations: binding the gettext domain once. */
#include "cs-gettext.h"

#include <libintl.h>
#include <stdlib.h>

#include <glib.h>

#include "cs-config.h"

static char *dir;

static gpointer
bind_once(gpointer unused)
{
    (void)unused;
    const char *env = g_getenv("CITYSNAP_LOCALEDIR");
    if (env && *env) {
        dir = g_strdup(env);
    } else {
        /* any installed catalogue tells an installed citysnap */
        char *probe = g_build_filename(CS_INSTALLED_LOCALEDIR, "nb",
                                       "LC_MESSAGES",
                                       CS_GETTEXT_DOMAIN ".mo", NULL);
        int installed = g_file_test(probe, G_FILE_TEST_IS_REGULAR);
        g_free(probe);
#ifdef CS_BUILD_LOCALEDIR
        dir = g_strdup(installed ? CS_INSTALLED_LOCALEDIR
                                 : CS_BUILD_LOCALEDIR);
#else
        (void)installed;
        dir = g_strdup(CS_INSTALLED_LOCALEDIR);
#endif
    }
    bindtextdomain(CS_GETTEXT_DOMAIN, dir);
    bind_textdomain_codeset(CS_GETTEXT_DOMAIN, "UTF-8");
    return NULL;
}

void
cs_gettext_init(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, bind_once, NULL);
}

const char *
cs_gettext_dir(void)
{
    cs_gettext_init();
    return dir;
}

const char *
cs_gettext(const char *msgid)
{
    if (!msgid || !*msgid)
        return msgid; /* "" would give the catalogue's header */
    cs_gettext_init();
    return dgettext(CS_GETTEXT_DOMAIN, msgid);
}

const char *
cs_ngettext(const char *msgid, const char *msgid_plural, unsigned long n)
{
    if (!msgid || !msgid_plural)
        return n == 1 ? msgid : msgid_plural;
    cs_gettext_init();
    return dngettext(CS_GETTEXT_DOMAIN, msgid, msgid_plural, n);
}
