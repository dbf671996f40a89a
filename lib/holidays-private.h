/*
 * libunalloc: rule-based UK bank holidays (internal).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_HOLIDAYS_PRIVATE_H
#define UNALLOC_HOLIDAYS_PRIVATE_H

#include "private.h"

/* The last year whose rule-based dates were checked, region by region, against
 * gov.uk's published list (tests/data/govuk-bank-holidays.tsv). */
#define UA_VERIFIED_THROUGH 2027

/* No region has more than this many bank holidays in a year. */
#define UA_MAX_HOLIDAYS_PER_YEAR 24

struct ua_holiday {
    int32_t day;      /* serial day */
    const char *name; /* static string */
};

/* Writes the bank holidays of region in year (after substitution) into out,
 * unsorted, and returns how many there are (at most cap). */
size_t ua_bank_holidays(struct ua_holiday *out, size_t cap, enum unalloc_region region, int year);

#endif
