/* SPDX-License-Identifier: MIT */
/* Symbol export macro for libcitysnap. */
#ifndef CITYSNAP_EXPORT_H
#define CITYSNAP_EXPORT_H
#if defined(__GNUC__)
#define CS_API __attribute__((visibility("default")))
#else
#define CS_API
#endif
#endif
