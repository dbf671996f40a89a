/*
 * Fuzz target: gov.uk's bank-holidays.json. The first byte chooses the region
 * (so each division gets read), the rest is the file. Properties, beyond not
 * crashing: a failed load has a message and leaves the builder as it was; a
 * load that succeeds builds twice with the same fingerprint and covers at
 * least one year; the first loaded year's days, written as iCalendar and read
 * back, list the same; the working-day arithmetic keeps count(D, add(D, N)) = N.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "fuzz.h"

static char *
year_listing(const struct unalloc_calendar *cal, int year, enum unalloc_holiday_format f,
             size_t *len)
{
    size_t first, count;
    char *buf = NULL;
    struct unalloc_date from = { year, 1, 1 }, to = { year, 12, 31 };
    *len = 0;
    if (unalloc_calendar_holidays(&first, &count, cal, from, to, NULL) != UNALLOC_OK ||
        unalloc_calendar_append_holidays(&buf, len, cal, first, count, f,
                                         UNALLOC_HOLIDAYS_HEAD | UNALLOC_HOLIDAYS_TAIL,
                                         NULL) != UNALLOC_OK)
        FUZZ_FAIL("a loaded calendar cannot be listed");
    return buf;
}

/* The fingerprint of each region's calendar with nothing loaded, built once
 * (a build covers 300 years: the most expensive step of an input). */
static uint64_t
plain_fingerprint(enum unalloc_region region)
{
    static uint64_t cache[3];
    if (!cache[region]) {
        struct unalloc_calendar *c;
        if (unalloc_calendar_new(&c, region, NULL) != UNALLOC_OK)
            FUZZ_FAIL("calendar");
        cache[region] = unalloc_calendar_fingerprint(c);
        unalloc_calendar_free(c);
    }
    return cache[region];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct unalloc_calendar_builder *b, *back = NULL;
    struct unalloc_calendar *c1 = NULL, *c2 = NULL, *c3 = NULL;
    struct unalloc_error err;
    enum unalloc_region region;

    if (size < 1)
        return 0;
    region = (enum unalloc_region)(data[0] % 3);
    if (unalloc_calendar_builder_new(&b, region, NULL) != UNALLOC_OK)
        FUZZ_FAIL("builder");
    if (unalloc_calendar_builder_load_govuk_json(b, (const char *)data + 1, size - 1, &err) ==
        UNALLOC_OK) {
        int year = 0;
        size_t ics_len, a_len, b_len;
        char *ics, *want, *got;
        if (unalloc_calendar_builder_build(&c1, b, &err) != UNALLOC_OK ||
            unalloc_calendar_builder_build(&c2, b, &err) != UNALLOC_OK)
            FUZZ_FAIL("a loaded file does not build");
        if (unalloc_calendar_fingerprint(c1) != unalloc_calendar_fingerprint(c2))
            FUZZ_FAIL("two builds differ");
        for (int y = UNALLOC_YEAR_MIN; y <= UNALLOC_YEAR_MAX && !year; y++)
            if (unalloc_calendar_year_loaded(c1, y))
                year = y;
        if (!year)
            FUZZ_FAIL("a successful load covers no year");
        ics = year_listing(c1, year, UNALLOC_HOLIDAY_FORMAT_ICS, &ics_len);
        want = year_listing(c1, year, UNALLOC_HOLIDAY_FORMAT_TSV, &a_len);
        if (unalloc_calendar_builder_new(&back, region, NULL) != UNALLOC_OK)
            FUZZ_FAIL("builder");
        /* A year whose events are all at weekends lists nothing: then there
         * is no event to read back. */
        if (a_len) {
            if (unalloc_calendar_builder_load_ical(back, ics, ics_len, &err) != UNALLOC_OK ||
                unalloc_calendar_builder_build(&c3, back, &err) != UNALLOC_OK)
                FUZZ_FAIL("the year written as iCalendar does not read back");
            got = year_listing(c3, year, UNALLOC_HOLIDAY_FORMAT_TSV, &b_len);
            if (a_len != b_len || memcmp(want, got, a_len) != 0)
                FUZZ_FAIL("the year read back from iCalendar lists other days or names");
            unalloc_free(got);
        }
        unalloc_free(ics);
        unalloc_free(want);
        for (int y = 1990; y < 2040; y += 7) {
            struct unalloc_date d = { y, 1 + y % 12, 1 + y % 28 }, r;
            int n = 0;
            if (unalloc_calendar_add_working_days(&r, c1, d, 40, NULL) != UNALLOC_OK ||
                unalloc_calendar_count_working_days(&n, c1, d, r, NULL) != UNALLOC_OK || n != 40)
                FUZZ_FAIL("count(D, add(D, 40)) != 40");
        }
    } else {
        if (err.code == UNALLOC_OK || err.message[0] == '\0')
            FUZZ_FAIL("a failed load without a message");
        if (unalloc_calendar_builder_build(&c1, b, NULL) != UNALLOC_OK ||
            unalloc_calendar_fingerprint(c1) != plain_fingerprint(region))
            FUZZ_FAIL("a failed load changed the builder");
    }
    unalloc_calendar_free(c1);
    unalloc_calendar_free(c2);
    unalloc_calendar_free(c3);
    unalloc_calendar_builder_free(back);
    unalloc_calendar_builder_free(b);
    return 0;
}
