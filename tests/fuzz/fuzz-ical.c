/*
 * Fuzz target: iCalendar import. Properties, beyond not crashing: a load that
 * succeeds builds a calendar twice with the same fingerprint; the loaded years
 * say so; the working-day arithmetic keeps count(D, add(D, N)) = N.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *c1 = NULL, *c2 = NULL;
    struct unalloc_error err;

    if (unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL) != UNALLOC_OK)
        FUZZ_FAIL("builder");
    if (unalloc_calendar_builder_load_ical(b, (const char *)data, size, &err) == UNALLOC_OK) {
        int loaded = 0;
        if (unalloc_calendar_builder_build(&c1, b, &err) != UNALLOC_OK ||
            unalloc_calendar_builder_build(&c2, b, &err) != UNALLOC_OK)
            FUZZ_FAIL("a loaded file does not build");
        if (unalloc_calendar_fingerprint(c1) != unalloc_calendar_fingerprint(c2))
            FUZZ_FAIL("two builds differ");
        for (int y = UNALLOC_YEAR_MIN; y <= UNALLOC_YEAR_MAX; y++)
            loaded += unalloc_calendar_year_loaded(c1, y);
        if (loaded == 0)
            FUZZ_FAIL("a successful load covers no year");
        for (int y = 1990; y < 2040; y += 7) {
            struct unalloc_date d = { y, 1 + y % 12, 1 + y % 28 }, r;
            int n = 0;
            if (unalloc_calendar_add_working_days(&r, c1, d, 40, NULL) != UNALLOC_OK ||
                unalloc_calendar_count_working_days(&n, c1, d, r, NULL) != UNALLOC_OK || n != 40)
                FUZZ_FAIL("count(D, add(D, 40)) != 40");
        }
    } else if (err.code == UNALLOC_OK || err.message[0] == '\0') {
        FUZZ_FAIL("a failed load without a message");
    }
    unalloc_calendar_free(c1);
    unalloc_calendar_free(c2);
    unalloc_calendar_builder_free(b);
    return 0;
}
