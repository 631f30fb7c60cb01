/* SPDX-License-Identifier: MIT */
/*
 * citysnap: renders U4SSC city snapshot wheels. Umbrella header.
 *
 * Conventions of the whole API:
 *  - Names are cs_<object>_<verb>: one prefix per object (cs_renderer_*
 *    for everything taking a cs_renderer_t first). An indexed element is
 *    cs_<object>_get[_<element>](obj, i) and its number
 *    cs_<object>_[<element>_]count(obj); other properties are nouns
 *    (cs_layout_centre). Every enum ends in a _COUNT (not a valid value).
 *  - Every call that can fail returns a cs_status_t and takes an optional
 *    cs_diag_t *diag last (NULL: no messages). Parsers of names are
 *    cs_<type>_from_name(name, &out, diag): CS_ERR_INVALID for an unknown
 *    name. Results come through *out, which is NULL (or unchanged, for
 *    values) on failure.
 *  - A NULL or mismatched argument where an object is required gives
 *    CS_ERR_ARG, never a crash. Accessors given a NULL object return 0,
 *    NULL or NaN; _free functions and void setters accept NULL and do
 *    nothing.
 *  - Each constructor says who frees its result and with what. Strings
 *    returned as char * are freed with free(); const results are borrowed
 *    from the object they came from.
 *
 * ABI: while the version is 0.x, any minor release may change the ABI
 * (the option structs cs_render_options_t, cs_output_t,
 * cs_layout_params_t and cs_batch_options_t are public, passed by value
 * and sized by enums), and the shared library's soname changes with it.
 * From 1.0 on, new fields and functions only come with a new minor
 * version and the ABI stays compatible within a major version.
 */
#ifndef CITYSNAP_H
#define CITYSNAP_H

#include <citysnap/export.h>
#include <citysnap/version.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/city.h>
#include <citysnap/score.h>
#include <citysnap/layout.h>
#include <citysnap/text.h>
#include <citysnap/render.h>
#include <citysnap/scene.h>
#include <citysnap/batch.h>
#include <citysnap/style.h>
#include <citysnap/i18n.h>
#include <citysnap/describe.h>
#include <citysnap/compare.h>
#include <citysnap/report.h>
#include <citysnap/import.h>


#ifdef __cplusplus
extern "C" {
#endif
/** The library's version at run time, e.g. "0.1.0": CS_VERSION_STRING of
 * the library that is loaded, which may differ from the header's. Static
 * string. */
CS_API const char *cs_version(void);
#ifdef __cplusplus
}
#endif
#endif
