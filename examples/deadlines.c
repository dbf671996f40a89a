/*
 * libunalloc example: working-day deadlines on a council's calendar.
 *
 * Builds a calendar for England and Wales with a Christmas closure, then works
 * out when "within 5 working days" and "5 or more working days" fall for a few
 * dates. Build it outside the tree with:
 *   cc deadlines.c $(pkg-config --cflags --libs unalloc)
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include <unalloc/unalloc.h>

static int
report(const struct unalloc_calendar *cal, struct unalloc_date start)
{
    struct unalloc_error err;
    struct unalloc_date due;
    char a[UNALLOC_DATE_BUFSIZE], b[UNALLOC_DATE_BUFSIZE];

    if (unalloc_calendar_add_working_days(&due, cal, start, 5, &err) != UNALLOC_OK ||
        unalloc_date_format(a, sizeof a, start, &err) != UNALLOC_OK ||
        unalloc_date_format(b, sizeof b, due, &err) != UNALLOC_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        return 1;
    }
    printf("referral %s: unallocated 5 working days on %s\n", a, b);
    return 0;
}

int
main(void)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal;
    struct unalloc_error err;
    const struct unalloc_date starts[] = { { 2024, 5, 13 }, { 2024, 5, 24 }, { 2024, 12, 20 } };
    int rc = 0;

    if (unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, &err) != UNALLOC_OK ||
        unalloc_calendar_builder_add_closure(b, (struct unalloc_date){ 2024, 12, 27 },
                                             (struct unalloc_date){ 2024, 12, 31 },
                                             "Christmas closure", &err) != UNALLOC_OK ||
        unalloc_calendar_builder_build(&cal, b, &err) != UNALLOC_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        unalloc_calendar_builder_free(b);
        return 1;
    }
    unalloc_calendar_builder_free(b);
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        rc |= report(cal, starts[i]);
    unalloc_calendar_free(cal);
    return rc;
}
