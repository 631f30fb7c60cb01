/* SPDX-License-Identifier: MIT */
/* citysnap: renders U4SSC city snapshot wheels. Umbrella header. */
#ifndef CITYSNAP_H
#define CITYSNAP_H

#include <citysnap/export.h>
#include <citysnap/status.h>
#include <citysnap/framework.h>
#include <citysnap/bands.h>
#include <citysnap/city.h>
#include <citysnap/score.h>
#include <citysnap/layout.h>
#include <citysnap/text.h>
#include <citysnap/render.h>
#include <citysnap/batch.h>
#include <citysnap/style.h>
#include <citysnap/i18n.h>
#include <citysnap/describe.h>
#include <citysnap/compare.h>
#include <citysnap/report.h>

#define CITYSNAP_VERSION_MAJOR 0
#define CITYSNAP_VERSION_MINOR 1
#define CITYSNAP_VERSION_MICRO 0

#ifdef __cplusplus
extern "C" {
#endif
/** Runtime version string, e.g. "0.1.0". */
CS_API const char *cs_version(void);
#ifdef __cplusplus
}
#endif
#endif
