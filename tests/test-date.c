/*
 * libunalloc tests: civil dates, date-times and durations.
 *
 * SPDX-License-Identifier: MIT
 */
#include "test-util.h"

/* ---- parsing ------------------------------------------------------------- */

static void
test_parse_valid(void **state)
{
    struct unalloc_date d;
    struct unalloc_datetime dt;
    bool has_time = true;
    (void)state;

    assert_int_equal(unalloc_date_parse(&d, "2024-03-01", NULL), UNALLOC_OK);
    assert_date_equal(d, 2024, 3, 1);
    assert_int_equal(unalloc_date_parse(&d, "2024-02-29", NULL), UNALLOC_OK);
    assert_date_equal(d, 2024, 2, 29);
    assert_int_equal(unalloc_date_parse(&d, "1900-01-01", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_date_parse(&d, "2199-12-31", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_date_parse(&d, "2000-02-29", NULL), UNALLOC_OK); /* 400-year leap */

    assert_int_equal(unalloc_datetime_parse(&dt, NULL, "2024-03-01T09:30", NULL), UNALLOC_OK);
    assert_date_equal(dt.date, 2024, 3, 1);
    assert_int_equal(dt.hour, 9);
    assert_int_equal(dt.minute, 30);
    assert_int_equal(unalloc_datetime_parse(&dt, &has_time, "2024-03-01", NULL), UNALLOC_OK);
    assert_false(has_time);
    assert_int_equal(dt.hour, 0);
    assert_int_equal(dt.minute, 0);
    assert_int_equal(unalloc_datetime_parse(&dt, &has_time, "2024-03-01T23:59", NULL), UNALLOC_OK);
    assert_true(has_time);
    assert_int_equal(dt.hour, 23);
    assert_int_equal(dt.minute, 59);
}

struct bad_case {
    const char *text;
    enum unalloc_status code;
    int column; /* 0: don't check */
};

static void
test_parse_rejects(void **state)
{
    static const struct bad_case cases[] = {
        { "2024-02-30", UNALLOC_E_INVALID, 0 },
        { "2023-02-29", UNALLOC_E_INVALID, 0 },
        { "1900-02-29", UNALLOC_E_INVALID, 0 }, /* century, not a leap year */
        { "2024-13-01", UNALLOC_E_INVALID, 0 },
        { "2024-00-10", UNALLOC_E_INVALID, 0 },
        { "2024-04-31", UNALLOC_E_INVALID, 0 },
        { "2024-01-00", UNALLOC_E_INVALID, 0 },
        { "2024-3-1", UNALLOC_E_PARSE, 7 },
        { "2024-03-1", UNALLOC_E_PARSE, 10 },
        { "24-03-01", UNALLOC_E_PARSE, 3 },
        { "2024-03-01 ", UNALLOC_E_PARSE, 11 },
        { " 2024-03-01", UNALLOC_E_PARSE, 1 },
        { "2024-03-01x", UNALLOC_E_PARSE, 11 },
        { "2024/03/01", UNALLOC_E_PARSE, 5 },
        { "", UNALLOC_E_PARSE, 1 },
        { "2024-03-01T09:30", UNALLOC_E_PARSE, 11 }, /* a date-time is not a date */
        { "1899-12-31", UNALLOC_E_RANGE, 0 },
        { "2200-01-01", UNALLOC_E_RANGE, 0 },
        { "+024-01-01", UNALLOC_E_PARSE, 1 },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_date d = { 7, 7, 7 };
        struct unalloc_error err;
        unalloc_error_clear(&err);
        enum unalloc_status st = unalloc_date_parse(&d, cases[i].text, &err);
        if (st != cases[i].code)
            fail_msg("'%s': got %s, expected %s", cases[i].text, unalloc_status_name(st),
                     unalloc_status_name(cases[i].code));
        assert_int_equal(err.code, cases[i].code);
        /* The message names the offending text, and the output is untouched. */
        if (strstr(err.message, cases[i].text) == NULL)
            fail_msg("message '%s' does not quote '%s'", err.message, cases[i].text);
        assert_date_equal(d, 7, 7, 7);
        if (cases[i].column)
            assert_int_equal(err.column, cases[i].column);
    }
}

static void
test_parse_datetime_rejects(void **state)
{
    static const struct bad_case cases[] = {
        { "2024-03-01T24:00", UNALLOC_E_INVALID, 0 },
        { "2024-03-01T23:60", UNALLOC_E_INVALID, 0 },
        { "2024-03-01T9:30", UNALLOC_E_PARSE, 13 },
        { "2024-03-01T09:30:00", UNALLOC_E_PARSE, 17 },
        { "2024-03-01T09:30Z", UNALLOC_E_PARSE, 17 },
        { "2024-03-01 09:30", UNALLOC_E_PARSE, 11 },
        { "2024-03-01T", UNALLOC_E_PARSE, 12 },
        { "2023-02-29T10:00", UNALLOC_E_INVALID, 0 },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_datetime dt;
        struct unalloc_error err;
        bool has_time;
        enum unalloc_status st = unalloc_datetime_parse(&dt, &has_time, cases[i].text, &err);
        if (st != cases[i].code)
            fail_msg("'%s': got %s (%s)", cases[i].text, unalloc_status_name(st), err.message);
        if (cases[i].column)
            assert_int_equal(err.column, cases[i].column);
        assert_non_null(strstr(err.message, cases[i].text));
    }
    /* Without has_time the time part is required. */
    struct unalloc_datetime dt;
    assert_int_equal(unalloc_datetime_parse(&dt, NULL, "2024-03-01", NULL), UNALLOC_E_PARSE);
}

static void
test_format(void **state)
{
    char buf[UNALLOC_DATETIME_BUFSIZE];
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_date_format(buf, sizeof buf, D(2024, 3, 1), NULL), UNALLOC_OK);
    assert_string_equal(buf, "2024-03-01");
    assert_int_equal(unalloc_datetime_format(buf, sizeof buf, DT(1900, 1, 1, 0, 5), NULL),
                     UNALLOC_OK);
    assert_string_equal(buf, "1900-01-01T00:05");
    assert_int_equal(unalloc_date_format(buf, 10, D(2024, 3, 1), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_datetime_format(buf, 16, DT(2024, 3, 1, 0, 0), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_format(buf, sizeof buf, D(2024, 2, 30), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_datetime_format(buf, sizeof buf, DT(2024, 2, 3, 24, 0), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_format(NULL, 11, D(2024, 3, 1), &err), UNALLOC_E_INVALID);
}

/* The formatter writes the digits itself (lib/date.c): every day of the
 * supported range and every minute of a day, against snprintf() as the
 * oracle; a moment's spelling too; and dates outside the checks' bounds
 * (years of fewer or more than four digits, zero fields) as the messages
 * quote them. */
static void
test_format_every_day(void **state)
{
    char got[UNALLOC_MOMENT_BUFSIZE], want[UNALLOC_MOMENT_BUFSIZE];
    struct unalloc_date d = { 1900, 1, 1 };
    struct unalloc_error err;
    (void)state;
    for (;;) {
        assert_int_equal(unalloc_date_format(got, sizeof got, d, NULL), UNALLOC_OK);
        snprintf(want, sizeof want, "%04d-%02d-%02d", d.year, d.month, d.day);
        if (strcmp(got, want) != 0)
            fail_msg("%s, not %s", got, want);
        if (d.year == 2199 && d.month == 12 && d.day == 31)
            break;
        assert_int_equal(unalloc_date_add_days(&d, d, 1, NULL), UNALLOC_OK);
    }
    for (int h = 0; h < 24; h++)
        for (int m = 0; m < 60; m++) {
            assert_int_equal(unalloc_datetime_format(got, sizeof got, DT(2199, 12, 31, h, m), NULL),
                             UNALLOC_OK);
            snprintf(want, sizeof want, "2199-12-31T%02d:%02d", h, m);
            assert_string_equal(got, want);
            assert_int_equal(unalloc_moment_format(got, sizeof got,
                                                   (struct unalloc_moment){ DT(1900, 1, 1, h, m), true },
                                                   NULL),
                             UNALLOC_OK);
            snprintf(want, sizeof want, "1900-01-01T%02d:%02d", h, m);
            assert_string_equal(got, want);
        }
    assert_int_equal(unalloc_moment_format(got, sizeof got,
                                           (struct unalloc_moment){ DT(2024, 2, 29, 0, 0), false },
                                           NULL),
                     UNALLOC_OK);
    assert_string_equal(got, "2024-02-29");
    assert_int_equal(unalloc_date_check(D(0, 0, 0), &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "0000-00-00 is not a valid date: month 0 is not 1 to 12");
    assert_int_equal(unalloc_date_check(D(7, 1, 0), &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "0007-01-00 is not a valid date: January 7 has 31 days");
    assert_int_equal(unalloc_date_check(D(9999, 12, 99), &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "9999-12-99 is not a valid date: December 9999 has 31 days");
    assert_int_equal(unalloc_date_check(D(10000, 1, 1), &err), UNALLOC_E_RANGE);
    assert_string_equal(err.message,
                        "10000-01-01 is outside the supported range 1900-01-01 to 2199-12-31");
    assert_int_equal(unalloc_date_check(D(2024, 100, 1), &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "2024-100-01 is not a valid date: month 100 is not 1 to 12");
}

/* ---- serial days against an independent oracle --------------------------- */

/* Walks every day of 1900-2199 with naive day-by-day stepping (the oracle) and
 * checks the library's serial numbers, round trips and weekdays. 1900-01-01
 * was a Monday. */
static void
test_every_day(void **state)
{
    static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = 1900, m = 1, d = 1, weekday = 1;
    int32_t expected;
    (void)state;

    assert_int_equal(unalloc_date_to_days(&expected, D(1900, 1, 1), NULL), UNALLOC_OK);
    assert_int_equal(expected, -25567);
    for (int32_t serial = expected;; serial++) {
        int32_t got;
        int wd;
        struct unalloc_date back;
        assert_int_equal(unalloc_date_to_days(&got, D(y, m, d), NULL), UNALLOC_OK);
        if (got != serial)
            fail_msg("%04d-%02d-%02d: serial %d, expected %d", y, m, d, got, serial);
        assert_int_equal(unalloc_date_from_days(&back, serial, NULL), UNALLOC_OK);
        assert_date_equal(back, y, m, d);
        assert_int_equal(unalloc_date_weekday(&wd, D(y, m, d), NULL), UNALLOC_OK);
        if (wd != weekday)
            fail_msg("%04d-%02d-%02d: weekday %d, expected %d", y, m, d, wd, weekday);
        if (y == 2199 && m == 12 && d == 31)
            break;
        weekday = weekday % 7 + 1;
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int len = m == 2 && leap ? 29 : dim[m - 1];
        if (++d > len) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    int32_t z;
    assert_int_equal(unalloc_date_to_days(&z, D(1970, 1, 1), NULL), UNALLOC_OK);
    assert_int_equal(z, 0);
    assert_int_equal(unalloc_date_to_days(&z, D(2199, 12, 31), NULL), UNALLOC_OK);
    assert_int_equal(z, 84005);
    struct unalloc_date out;
    assert_int_equal(unalloc_date_from_days(&out, 84006, NULL), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_from_days(&out, -25568, NULL), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_from_days(&out, INT32_MIN, NULL), UNALLOC_E_RANGE);
}

/* ---- arithmetic ---------------------------------------------------------- */

static void
test_add_days(void **state)
{
    struct unalloc_date r;
    struct unalloc_error err;
    int32_t n;
    (void)state;
    assert_int_equal(unalloc_date_add_days(&r, D(2024, 2, 28), 1, NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 2, 29);
    assert_int_equal(unalloc_date_add_days(&r, D(2023, 12, 31), 1, NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 1, 1);
    assert_int_equal(unalloc_date_add_days(&r, D(2024, 6, 3), 14, NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 6, 17);
    assert_int_equal(unalloc_date_add_days(&r, D(2024, 3, 1), -1, NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 2, 29);
    assert_int_equal(unalloc_date_add_days(&r, D(2199, 12, 31), 1, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_add_days(&r, D(1900, 1, 1), -1, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_add_days(&r, D(2000, 1, 1), INT32_MAX, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_add_days(&r, D(2000, 1, 1), INT32_MIN, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_add_days(&r, D(2023, 2, 29), 1, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_diff_days(&n, D(2024, 1, 1), D(2025, 1, 1), NULL), UNALLOC_OK);
    assert_int_equal(n, 366);
    assert_int_equal(unalloc_date_diff_days(&n, D(2025, 1, 1), D(2024, 1, 1), NULL), UNALLOC_OK);
    assert_int_equal(n, -366);
}

static void
test_add_months_clamps(void **state)
{
    struct unalloc_date r;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_date_add_months(&r, D(2023, 1, 31), 1, NULL), UNALLOC_OK);
    assert_date_equal(r, 2023, 2, 28);
    assert_int_equal(unalloc_date_add_months(&r, D(2024, 1, 31), 1, NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 2, 29);
    assert_int_equal(unalloc_date_add_months(&r, D(2024, 3, 31), -1, NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 2, 29);
    assert_int_equal(unalloc_date_add_months(&r, D(2024, 1, 31), 3, NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 4, 30);
    assert_int_equal(unalloc_date_add_months(&r, D(2024, 11, 15), 2, NULL), UNALLOC_OK);
    assert_date_equal(r, 2025, 1, 15);
    assert_int_equal(unalloc_date_add_months(&r, D(2024, 1, 15), -13, NULL), UNALLOC_OK);
    assert_date_equal(r, 2022, 12, 15);
    /* Clamping is not undone. */
    assert_int_equal(unalloc_date_add_months(&r, D(2023, 1, 31), 1, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_date_add_months(&r, r, -1, NULL), UNALLOC_OK);
    assert_date_equal(r, 2023, 1, 28);
    assert_int_equal(unalloc_date_add_months(&r, D(2199, 12, 1), 1, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_add_months(&r, D(1900, 1, 31), -1, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_add_months(&r, D(2000, 1, 1), INT32_MAX, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_add_months(&r, D(2000, 1, 1), INT32_MIN, &err), UNALLOC_E_RANGE);
}

static void
test_minutes(void **state)
{
    struct unalloc_datetime r;
    struct unalloc_error err;
    int64_t n;
    (void)state;
    assert_int_equal(unalloc_datetime_add_minutes(&r, DT(2024, 5, 13, 9, 0), 24 * 60, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_datetime_compare(r, DT(2024, 5, 14, 9, 0)), 0);
    assert_int_equal(unalloc_datetime_add_minutes(&r, DT(2024, 1, 1, 0, 0), -1, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_datetime_compare(r, DT(2023, 12, 31, 23, 59)), 0);
    assert_int_equal(unalloc_datetime_add_minutes(&r, DT(1900, 1, 1, 0, 0), -1, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_datetime_add_minutes(&r, DT(2199, 12, 31, 23, 59), 1, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_datetime_add_minutes(&r, DT(2000, 1, 1, 0, 0), INT64_MAX, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_datetime_add_minutes(&r, DT(2000, 1, 1, 0, 0), INT64_MIN, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_datetime_diff_minutes(&n, DT(2024, 5, 13, 9, 0),
                                                   DT(2024, 5, 14, 8, 59), NULL),
                     UNALLOC_OK);
    assert_int_equal(n, 23 * 60 + 59);
    assert_int_equal(unalloc_datetime_diff_minutes(&n, DT(2024, 5, 13, 9, 0),
                                                   DT(2024, 5, 13, 24, 0), &err),
                     UNALLOC_E_INVALID);
}

static void
test_compare(void **state)
{
    (void)state;
    assert_true(unalloc_date_compare(D(2024, 1, 2), D(2024, 1, 1)) > 0);
    assert_true(unalloc_date_compare(D(2023, 12, 31), D(2024, 1, 1)) < 0);
    assert_int_equal(unalloc_date_compare(D(2024, 1, 1), D(2024, 1, 1)), 0);
    assert_true(unalloc_datetime_compare(DT(2024, 1, 1, 0, 1), DT(2024, 1, 1, 0, 0)) > 0);
    assert_true(unalloc_datetime_compare(DT(2024, 1, 1, 23, 0), DT(2024, 1, 2, 0, 0)) < 0);
}

static void
test_validity(void **state)
{
    struct unalloc_error err;
    (void)state;
    assert_true(unalloc_date_is_valid(D(2024, 2, 29)));
    assert_false(unalloc_date_is_valid(D(2023, 2, 29)));
    assert_false(unalloc_date_is_valid(D(1899, 12, 31)));
    assert_false(unalloc_date_is_valid(D(2024, 0, 1)));
    assert_false(unalloc_date_is_valid(D(2024, 1, -1)));
    assert_false(unalloc_date_is_valid(D(INT32_MIN, 1, 1)));
    assert_true(unalloc_datetime_is_valid(DT(2024, 2, 29, 23, 59)));
    assert_false(unalloc_datetime_is_valid(DT(2024, 2, 29, -1, 0)));
    assert_false(unalloc_datetime_is_valid(DT(2024, 2, 29, 0, 60)));
    assert_int_equal(unalloc_date_check(D(2024, 2, 30), &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "February 2024 has 29 days"));
    assert_int_equal(unalloc_date_check(D(2200, 1, 1), &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_date_check(D(2024, 13, 1), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_check(D(2024, 12, 31), &err), UNALLOC_OK);
    /* The messages spell the date as given, whatever its fields (lib/date.c's
     * one formatter, with room for three ints of any value). */
    assert_int_equal(unalloc_date_check(D(2024, 2, 30), &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "2024-02-30 is not a valid date: February 2024 has 29 days");
    assert_int_equal(unalloc_date_check(D(2200, 1, 1), &err), UNALLOC_E_RANGE);
    assert_string_equal(err.message,
                        "2200-01-01 is outside the supported range 1900-01-01 to 2199-12-31");
    assert_int_equal(unalloc_date_check(D(-5, 13, 1), &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "-005-13-01 is not a valid date: month 13 is not 1 to 12");
    assert_int_equal(unalloc_date_check(D(123456, 7, 8), &err), UNALLOC_E_RANGE);
    assert_string_equal(err.message,
                        "123456-07-08 is outside the supported range 1900-01-01 to 2199-12-31");
    assert_int_equal(unalloc_date_check(D(INT32_MIN, INT32_MIN, INT32_MIN), &err),
                     UNALLOC_E_INVALID);
    assert_string_equal(err.message, "-2147483648--2147483648--2147483648 is not a valid date: "
                                     "month -2147483648 is not 1 to 12");
}

static void
test_units(void **state)
{
    enum unalloc_unit u;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_unit_parse(&u, "working-days", NULL), UNALLOC_OK);
    assert_int_equal(u, UNALLOC_UNIT_WORKING_DAYS);
    assert_int_equal(unalloc_unit_parse(&u, "week", NULL), UNALLOC_OK);
    assert_int_equal(u, UNALLOC_UNIT_WEEKS);
    assert_int_equal(unalloc_unit_parse(&u, "fortnights", &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "fortnights"));
    assert_string_equal(unalloc_unit_name(UNALLOC_UNIT_HOURS), "hours");
    assert_string_equal(unalloc_unit_name(UNALLOC_UNIT_MONTHS), "months");
    assert_null(unalloc_unit_name((enum unalloc_unit)99));
}

static void
test_null_arguments(void **state)
{
    struct unalloc_error err;
    struct unalloc_date d;
    struct unalloc_datetime dt;
    enum unalloc_unit u;
    (void)state;
    assert_int_equal(unalloc_date_parse(NULL, "2024-01-01", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_parse(&d, NULL, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_datetime_parse(NULL, NULL, "2024-01-01T00:00", &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_datetime_parse(&dt, NULL, NULL, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_to_days(NULL, D(2024, 1, 1), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_from_days(NULL, 0, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_weekday(NULL, D(2024, 1, 1), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_add_days(NULL, D(2024, 1, 1), 1, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_add_months(NULL, D(2024, 1, 1), 1, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_date_diff_days(NULL, D(2024, 1, 1), D(2024, 1, 1), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_datetime_add_minutes(NULL, DT(2024, 1, 1, 0, 0), 1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_datetime_diff_minutes(NULL, DT(2024, 1, 1, 0, 0),
                                                   DT(2024, 1, 1, 0, 0), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_unit_parse(NULL, "days", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_unit_parse(&u, NULL, &err), UNALLOC_E_INVALID);
    /* A NULL error object is always allowed. */
    assert_int_equal(unalloc_date_parse(&d, "nonsense", NULL), UNALLOC_E_PARSE);
    unalloc_error_clear(NULL);
}

static void
test_errors_and_version(void **state)
{
    struct unalloc_error err;
    (void)state;
    memset(&err, 0x5a, sizeof err);
    err.message[sizeof err.message - 1] = '\0';
    unalloc_error_clear(&err);
    assert_int_equal(err.code, UNALLOC_OK);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    assert_int_equal(err.record, 0);
    for (size_t i = 0; i < sizeof err.reserved / sizeof err.reserved[0]; i++)
        assert_int_equal(err.reserved[i], 0);
    assert_string_equal(err.message, "");
    /* A failure sets every position, so none is left from an earlier one. */
    memset(&err, 0x5a, sizeof err);
    assert_int_equal(unalloc_date_parse(&(struct unalloc_date){ 0, 0, 0 }, "2024-1-01", &err),
                     UNALLOC_E_PARSE);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.record, 0);
    assert_int_equal(err.reserved[0], 0);
    assert_null(strstr(err.message, "line "));
    assert_string_equal(unalloc_status_name(UNALLOC_E_NOMEM), "UNALLOC_E_NOMEM");
    assert_string_equal(unalloc_status_name(UNALLOC_E_NOT_FOUND), "UNALLOC_E_NOT_FOUND");
    assert_string_equal(unalloc_status_name(UNALLOC_E_LIMIT), "UNALLOC_E_LIMIT");
    assert_string_equal(unalloc_status_name((enum unalloc_status)42), "UNALLOC_E_UNKNOWN");
    assert_string_equal(unalloc_version(), UNALLOC_VERSION_STRING);
    assert_true(UNALLOC_VERSION_CHECK(0, 0, 1));
    assert_false(UNALLOC_VERSION_CHECK(99, 0, 0));
}

static void
assert_same_moment(struct unalloc_moment a, struct unalloc_moment b)
{
    assert_int_equal(unalloc_datetime_compare(a.at, b.at), 0);
    assert_int_equal(a.has_time, b.has_time);
}

/* Moments built without the nested braces, parsed and written back. */
static void
test_moments(void **state)
{
    struct unalloc_moment m = unalloc_moment_from_date(2024, 6, 14);
    struct unalloc_moment by_hand = { { { 2024, 6, 14 }, 0, 0 }, false };
    struct unalloc_moment t = unalloc_moment_from_datetime(2024, 5, 13, 9, 30), back;
    struct unalloc_error err;
    char buf[UNALLOC_MOMENT_BUFSIZE];
    (void)state;
    assert_same_moment(m, by_hand);
    assert_true(t.has_time);
    assert_int_equal(t.at.date.year, 2024);
    assert_int_equal(t.at.date.month, 5);
    assert_int_equal(t.at.date.day, 13);
    assert_int_equal(t.at.hour, 9);
    assert_int_equal(t.at.minute, 30);
    assert_true(unalloc_moment_is_valid(m));
    assert_true(unalloc_moment_is_valid(t));

    assert_int_equal(unalloc_moment_format(buf, sizeof buf, m, &err), UNALLOC_OK);
    assert_string_equal(buf, "2024-06-14");
    assert_int_equal(unalloc_moment_format(buf, sizeof buf, t, &err), UNALLOC_OK);
    assert_string_equal(buf, "2024-05-13T09:30");
    assert_int_equal(unalloc_moment_parse(&back, buf, &err), UNALLOC_OK);
    assert_same_moment(back, t);
    assert_int_equal(unalloc_moment_parse(&back, "2024-06-14", &err), UNALLOC_OK);
    assert_same_moment(back, m);
    assert_int_equal(unalloc_moment_parse(&back, "2024-06-14T00:00", &err), UNALLOC_OK);
    assert_true(back.has_time); /* midnight written is not a date-only moment */

    /* a date-only moment is at 00:00; one claiming another time is refused */
    m.at.hour = 9;
    assert_false(unalloc_moment_is_valid(m));
    assert_int_equal(unalloc_moment_format(buf, sizeof buf, m, &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "a date-only moment (has_time false) is at 00:00, not 09:00");
    /* an impossible date, with the same message as the date functions */
    assert_int_equal(unalloc_moment_format(buf, sizeof buf, unalloc_moment_from_date(2023, 2, 29),
                                           &err),
                     UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "2023-02-29 is not a valid date"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_datetime_rejects),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_every_day),
        cmocka_unit_test(test_every_day),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_add_months_clamps),
        cmocka_unit_test(test_minutes),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_validity),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_errors_and_version),
        cmocka_unit_test(test_moments),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
