/*
 * Fuzz target: date and date-time parsing. Property: whatever parses formats
 * back to exactly the same text (the parser accepts only the canonical form),
 * and a parsed date is valid and within range.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <unalloc/unalloc.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[64], out[UNALLOC_DATETIME_BUFSIZE];
    struct unalloc_date d;
    struct unalloc_datetime dt;
    struct unalloc_error err;
    bool timed;

    if (size >= sizeof text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (unalloc_date_parse(&d, text, &err) == UNALLOC_OK) {
        if (!unalloc_date_is_valid(d) || unalloc_date_format(out, sizeof out, d, NULL) != UNALLOC_OK ||
            strcmp(out, text) != 0)
            FUZZ_FAIL("date round trip");
    } else if (!err.message[0]) {
        FUZZ_FAIL("date error without a message");
    }
    if (unalloc_datetime_parse(&dt, &timed, text, &err) == UNALLOC_OK) {
        int r = timed ? unalloc_datetime_format(out, sizeof out, dt, NULL)
                      : unalloc_date_format(out, sizeof out, dt.date, NULL);
        if (r != UNALLOC_OK || strcmp(out, text) != 0)
            FUZZ_FAIL("date-time round trip");
    }
    return 0;
}
