/* SPDX-License-Identifier: MIT */
/* Building a city (internal): the importer fills a city entry by entry. */
#ifndef CS_CITY_PRIVATE_H
#define CS_CITY_PRIVATE_H

#include <citysnap/city.h>

/** A city of @n_kpis empty entries (no data); NULL on out of memory. */
cs_city_t *cs_city_new(size_t n_kpis);
/** Entry @i to fill (NULL when out of range). */
cs_city_entry_t *cs_city_entry_mut(cs_city_t *city, size_t i);
/** A copy of @s owned by @city (for entry sources). */
const char *cs_city_intern(cs_city_t *city, const char *s);
/** Counts the entries that carry data (value, percent or band). */
void cs_city_count_rows(cs_city_t *city);
/** Number of KPI entries of @city / @t: the KPI count of the framework
 * they were made for (0 for NULL), checked by the scorer. */
size_t cs_city_kpi_count(const cs_city_t *city);
size_t cs_targets_kpi_count(const cs_targets_t *t);

#endif
