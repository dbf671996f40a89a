/*
 * libunalloc tests: bad arguments to every exported function.
 *
 * Each exported function is called here with NULL in each pointer argument
 * and with out-of-range values (enums, dates, indexes, sizes), and must give
 * the documented answer: the status in error.h's "Bad arguments" section, an
 * error object filled with that code and a message, a NULL handle out, and no
 * crash. tests/test-symbols.sh checks that every exported symbol is named in
 * this file.
 *
 * SPDX-License-Identifier: MIT
 */
#include "test-util.h"

#include <stdint.h>

static struct unalloc_error e;

/* Runs CALL (which passes &e) and checks the status, and on failure that the
 * error object carries the same code and a non-empty message. */
#define ST(want, call)                                                                        \
    do {                                                                                       \
        enum unalloc_status got_;                                                              \
        memset(&e, 0x5a, sizeof e);                                                            \
        got_ = (call);                                                                         \
        if (got_ != (want))                                                                    \
            fail_msg("%s: got %s, wanted %s", #call, unalloc_status_name(got_),                \
                     unalloc_status_name(want));                                               \
        if ((want) != UNALLOC_OK && (e.code != (want) || e.message[0] == '\0' ||               \
                                     !memchr(e.message, '\0', sizeof e.message)))              \
            fail_msg("%s: error object not filled", #call);                                    \
    } while (0)

/* A bad value of an enum type, without tripping -Wconversion warnings. */
#define BAD(type, v) ((type)(v))

static const struct unalloc_date good = { 2024, 3, 1 };
static const struct unalloc_date impossible = { 2024, 2, 30 };
static const struct unalloc_date too_late = { 2200, 1, 1 };
static const struct unalloc_date too_early = { 1899, 12, 31 };

static struct unalloc_moment
moment(struct unalloc_date d)
{
    struct unalloc_moment m = { { d, 0, 0 }, false };
    return m;
}

/* ---- error.h, version.h --------------------------------------------------- */

static void
test_error_and_version(void **state)
{
    (void)state;
    unalloc_error_clear(NULL); /* a no-op */
    memset(&e, 0x5a, sizeof e);
    unalloc_error_clear(&e);
    assert_int_equal(e.code, UNALLOC_OK);
    assert_int_equal(e.line, 0);
    assert_string_equal(e.message, "");
    assert_string_equal(unalloc_status_name(UNALLOC_E_LIMIT), "UNALLOC_E_LIMIT");
    assert_string_equal(unalloc_status_name(BAD(enum unalloc_status, 1)), "UNALLOC_E_UNKNOWN");
    assert_string_equal(unalloc_status_name(BAD(enum unalloc_status, -99)), "UNALLOC_E_UNKNOWN");
    assert_non_null(unalloc_version());
    assert_string_equal(unalloc_version(), UNALLOC_VERSION_STRING);
    unalloc_free(NULL); /* a no-op */
}

/* ---- date.h ---------------------------------------------------------------- */

static void
test_dates(void **state)
{
    struct unalloc_date d;
    struct unalloc_datetime dt = { good, 9, 30 }, bad_dt = { good, 24, 0 };
    bool has_time;
    char buf[32];
    int32_t i32;
    int64_t i64;
    int w;
    enum unalloc_unit u;
    (void)state;

    assert_false(unalloc_date_is_valid(impossible));
    assert_false(unalloc_date_is_valid(too_late));
    assert_false(unalloc_datetime_is_valid(bad_dt));
    ST(UNALLOC_E_INVALID, unalloc_date_check(impossible, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_check(too_late, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_check(too_early, &e));
    assert_int_equal(unalloc_date_check(impossible, NULL), UNALLOC_E_INVALID); /* err optional */

    ST(UNALLOC_E_INVALID, unalloc_date_parse(NULL, "2024-03-01", &e));
    ST(UNALLOC_E_INVALID, unalloc_date_parse(&d, NULL, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_parse(&d, "2200-01-01", &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_parse(NULL, &has_time, "2024-03-01", &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_parse(&dt, &has_time, NULL, &e));
    ST(UNALLOC_OK, unalloc_datetime_parse(&dt, NULL, "2024-03-01T10:00", &e)); /* optional */
    ST(UNALLOC_E_INVALID, unalloc_datetime_parse(&dt, NULL, "2024-03-01T24:00", &e));

    ST(UNALLOC_E_INVALID, unalloc_date_format(NULL, sizeof buf, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_format(buf, 10, good, &e)); /* no room for the NUL */
    ST(UNALLOC_E_INVALID, unalloc_date_format(buf, sizeof buf, impossible, &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_format(NULL, sizeof buf, dt, &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_format(buf, 16, dt, &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_format(buf, sizeof buf, bad_dt, &e));
    {
        struct unalloc_moment mo = unalloc_moment_from_date(2024, 3, 1);
        ST(UNALLOC_E_INVALID, unalloc_moment_parse(NULL, "2024-03-01", &e));
        ST(UNALLOC_E_INVALID, unalloc_moment_parse(&mo, NULL, &e));
        ST(UNALLOC_E_PARSE, unalloc_moment_parse(&mo, "2024-03-01T9:30", &e));
        ST(UNALLOC_E_INVALID, unalloc_moment_format(NULL, sizeof buf, mo, &e));
        ST(UNALLOC_E_INVALID, unalloc_moment_format(buf, UNALLOC_MOMENT_BUFSIZE - 1, mo, &e));
        ST(UNALLOC_E_INVALID,
           unalloc_moment_format(buf, sizeof buf, unalloc_moment_from_date(2024, 2, 30), &e));
        ST(UNALLOC_E_RANGE,
           unalloc_moment_format(buf, sizeof buf, unalloc_moment_from_date(2200, 1, 1), &e));
        ST(UNALLOC_E_INVALID, unalloc_moment_format(buf, sizeof buf,
                                                    unalloc_moment_from_datetime(2024, 3, 1, 24, 0),
                                                    &e));
        assert_false(unalloc_moment_is_valid(unalloc_moment_from_datetime(2024, 3, 1, 9, 60)));
    }

    ST(UNALLOC_E_INVALID, unalloc_date_to_days(NULL, good, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_to_days(&i32, too_late, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_from_days(NULL, 0, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_from_days(&d, INT32_MAX, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_from_days(&d, INT32_MIN, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_weekday(NULL, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_weekday(&w, impossible, &e));

    /* compare orders any two values, valid or not, without failing */
    assert_true(unalloc_date_compare(too_early, too_late) < 0);
    assert_true(unalloc_datetime_compare(bad_dt, dt) > 0);

    ST(UNALLOC_E_INVALID, unalloc_date_add_days(NULL, good, 1, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_add_days(&d, good, INT32_MAX, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_add_days(&d, good, INT32_MIN, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_add_days(&d, impossible, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_add_months(NULL, good, 1, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_add_months(&d, good, INT32_MAX, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_add_months(&d, good, INT32_MIN, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_diff_days(NULL, good, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_date_diff_days(&i32, good, impossible, &e));
    ST(UNALLOC_E_RANGE, unalloc_date_diff_days(&i32, too_early, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_add_minutes(NULL, dt, 1, &e));
    ST(UNALLOC_E_RANGE, unalloc_datetime_add_minutes(&dt, dt, INT64_MAX, &e));
    ST(UNALLOC_E_RANGE, unalloc_datetime_add_minutes(&dt, dt, INT64_MIN, &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_add_minutes(&dt, bad_dt, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_diff_minutes(NULL, dt, dt, &e));
    ST(UNALLOC_E_INVALID, unalloc_datetime_diff_minutes(&i64, dt, bad_dt, &e));

    assert_null(unalloc_unit_name(BAD(enum unalloc_unit, -1)));
    assert_null(unalloc_unit_name(BAD(enum unalloc_unit, 99)));
    ST(UNALLOC_E_INVALID, unalloc_unit_parse(NULL, "days", &e));
    ST(UNALLOC_E_INVALID, unalloc_unit_parse(&u, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_unit_parse(&u, "fortnights", &e));
}

/* ---- calendar.h ------------------------------------------------------------ */

static void
test_calendar(void **state)
{
    struct unalloc_calendar *cal, *c2 = (struct unalloc_calendar *)&e;
    struct unalloc_calendar_builder *b, *b2 = (struct unalloc_calendar_builder *)&e;
    enum unalloc_region r;
    struct unalloc_date d;
    struct unalloc_datetime dt = { good, 9, 0 };
    struct unalloc_duration du = { 1, UNALLOC_UNIT_DAYS }, bad_du = { 1, BAD(enum unalloc_unit, 9) };
    const char *name;
    size_t sz = 0, sz2 = 0;
    struct unalloc_holiday hol;
    bool w;
    int n;
    int64_t days[2] = { 0, 1 }, steps[2] = { 1, 1 }, out[2];
    int8_t flags[2];
    (void)state;

    assert_null(unalloc_region_name(BAD(enum unalloc_region, 3)));
    assert_null(unalloc_region_name(BAD(enum unalloc_region, -1)));
    ST(UNALLOC_E_INVALID, unalloc_region_parse(NULL, "scotland", &e));
    ST(UNALLOC_E_INVALID, unalloc_region_parse(&r, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_region_parse(&r, "wales", &e));

    ST(UNALLOC_E_INVALID, unalloc_calendar_new(NULL, UNALLOC_REGION_SCOTLAND, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_new(&c2, BAD(enum unalloc_region, 3), &e));
    assert_null(c2);
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_new(NULL, UNALLOC_REGION_SCOTLAND, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_new(&b2, BAD(enum unalloc_region, -1), &e));
    assert_null(b2);
    unalloc_calendar_builder_free(NULL);
    unalloc_calendar_free(NULL);

    ST(UNALLOC_OK, unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_add_closure(NULL, good, good, "x", &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_add_closure(b, impossible, good, "x", &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_builder_add_closure(b, good, too_late, "x", &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_remove_day(NULL, good, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_builder_remove_day(b, too_early, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_load_ical(NULL, "x", 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_load_ical(b, NULL, 1, &e));
    ST(UNALLOC_E_LIMIT, unalloc_calendar_builder_load_ical(b, "x", UNALLOC_ICAL_MAX_BYTES + 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_load_govuk_json(NULL, "{}", 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_load_govuk_json(b, NULL, 1, &e));
    ST(UNALLOC_E_LIMIT,
       unalloc_calendar_builder_load_govuk_json(b, "{", UNALLOC_GOVUK_JSON_MAX_BYTES + 1, &e));
    ST(UNALLOC_E_PARSE, unalloc_calendar_builder_load_govuk_json(b, NULL, 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_load_holidays(NULL, "{}", 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_load_holidays(b, NULL, 1, &e));
    ST(UNALLOC_E_LIMIT,
       unalloc_calendar_builder_load_holidays(b, "{", UNALLOC_GOVUK_JSON_MAX_BYTES + 1, &e));
    ST(UNALLOC_E_PARSE, unalloc_calendar_builder_load_holidays(b, NULL, 0, &e));
    c2 = (struct unalloc_calendar *)&e;
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_build(NULL, b, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_builder_build(&c2, NULL, &e));
    assert_null(c2);
    ST(UNALLOC_OK, unalloc_calendar_builder_build(&cal, b, &e));
    unalloc_calendar_builder_free(b);

    /* accessors on NULL: the neutral values error.h documents */
    assert_int_equal(unalloc_calendar_region(NULL), UNALLOC_REGION_UNKNOWN);
    assert_int_equal(unalloc_calendar_region(cal), UNALLOC_REGION_ENGLAND_AND_WALES);
    assert_int_equal(unalloc_calendar_verified_through(NULL), 0);
    assert_true(unalloc_calendar_verified_through(cal) >= 2027);
    assert_false(unalloc_calendar_year_loaded(NULL, 2024));
    assert_false(unalloc_calendar_year_loaded(cal, 2200));
    assert_false(unalloc_calendar_year_loaded(cal, INT32_MIN));
    assert_int_equal(unalloc_calendar_fingerprint(NULL), 0);
    assert_true(unalloc_calendar_fingerprint(cal) != 0);

    ST(UNALLOC_E_INVALID, unalloc_calendar_is_working_day(NULL, cal, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_is_working_day(&w, NULL, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_is_working_day(&w, cal, impossible, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_is_working_day(&w, cal, too_late, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_working_days(NULL, cal, good, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_working_days(&d, NULL, good, 1, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_add_working_days(&d, cal, good, INT32_MAX, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_add_working_days(&d, cal, good, INT32_MIN, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_add_working_days(&d, cal, too_early, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_count_working_days(NULL, cal, good, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_count_working_days(&n, NULL, good, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_count_working_days(&n, cal, good, impossible, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_count_working_days(&n, cal, too_early, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_next_working_day(NULL, cal, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_next_working_day(&d, NULL, good, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_next_working_day(&d, cal, (struct unalloc_date){ 2199, 12, 31 }, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_previous_working_day(NULL, cal, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_previous_working_day(&d, NULL, good, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_previous_working_day(&d, cal, (struct unalloc_date){ 1900, 1, 1 }, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holiday_name(NULL, cal, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holiday_name(&name, NULL, good, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_holiday_name(&name, cal, too_late, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holidays(NULL, &sz, cal, good, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holidays(&sz, NULL, cal, good, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holidays(&sz, &sz2, NULL, good, good, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holidays(&sz, &sz2, cal, impossible, good, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_holidays(&sz, &sz2, cal, good, too_late, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holiday(NULL, cal, 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_holiday(&hol, NULL, 0, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_holiday(&hol, cal, SIZE_MAX, &e));
    {
        char *hbuf = NULL;
        size_t hlen = 0;
        enum unalloc_holiday_format hf;
        ST(UNALLOC_E_INVALID, unalloc_calendar_append_holidays(NULL, &hlen, cal, 0, 0,
                                                               UNALLOC_HOLIDAY_FORMAT_TSV, 0, &e));
        ST(UNALLOC_E_INVALID, unalloc_calendar_append_holidays(&hbuf, NULL, cal, 0, 0,
                                                               UNALLOC_HOLIDAY_FORMAT_TSV, 0, &e));
        ST(UNALLOC_E_INVALID, unalloc_calendar_append_holidays(&hbuf, &hlen, NULL, 0, 0,
                                                               UNALLOC_HOLIDAY_FORMAT_TSV, 0, &e));
        ST(UNALLOC_E_INVALID,
           unalloc_calendar_append_holidays(&hbuf, &hlen, cal, 0, 0,
                                            BAD(enum unalloc_holiday_format, 4), 0, &e));
        ST(UNALLOC_E_INVALID,
           unalloc_calendar_append_holidays(&hbuf, &hlen, cal, 0, 0,
                                            BAD(enum unalloc_holiday_format, -1), 0, &e));
        ST(UNALLOC_E_INVALID, unalloc_calendar_append_holidays(&hbuf, &hlen, cal, 0, 0,
                                                               UNALLOC_HOLIDAY_FORMAT_TSV, 4, &e));
        ST(UNALLOC_E_RANGE, unalloc_calendar_append_holidays(&hbuf, &hlen, cal, SIZE_MAX, 2,
                                                             UNALLOC_HOLIDAY_FORMAT_TSV, 0, &e));
        ST(UNALLOC_E_RANGE, unalloc_calendar_append_holidays(&hbuf, &hlen, cal, 1, SIZE_MAX,
                                                             UNALLOC_HOLIDAY_FORMAT_TSV, 0, &e));
        assert_null(hbuf);
        ST(UNALLOC_E_INVALID, unalloc_holiday_format_parse(NULL, "tsv", &e));
        ST(UNALLOC_E_INVALID, unalloc_holiday_format_parse(&hf, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_holiday_format_parse(&hf, "TSV ", &e));
        assert_null(unalloc_holiday_format_name(BAD(enum unalloc_holiday_format, 4)));
        assert_null(unalloc_holiday_format_name(BAD(enum unalloc_holiday_format, -1)));
        assert_null(unalloc_holiday_source_name(BAD(enum unalloc_holiday_source, 3)));
        assert_null(unalloc_holiday_source_name(BAD(enum unalloc_holiday_source, -1)));
    }
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_duration(NULL, cal, dt, du, &e));
    ST(UNALLOC_OK, unalloc_calendar_add_duration(&dt, NULL, dt, du, &e)); /* days: optional */
    du.unit = UNALLOC_UNIT_WORKING_DAYS;
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_duration(&dt, NULL, dt, du, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_duration(&dt, cal, dt, bad_du, &e));
    du.amount = -1; /* backwards is allowed: Friday 1 March 2024 less a working day */
    dt.date = good;
    ST(UNALLOC_OK, unalloc_calendar_add_duration(&dt, cal, dt, du, &e));
    assert_date_equal(dt.date, 2024, 2, 29);
    du.amount = INT32_MAX;
    ST(UNALLOC_E_RANGE, unalloc_calendar_add_duration(&dt, cal, dt, du, &e));

    ST(UNALLOC_E_INVALID, unalloc_calendar_add_working_days_array(NULL, cal, days, steps, 2, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_working_days_array(out, NULL, days, steps, 2, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_working_days_array(out, cal, NULL, steps, 2, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_working_days_array(out, cal, days, NULL, 2, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_add_working_days_array(out, cal, days, steps, 3, 2, &e));
    ST(UNALLOC_OK, unalloc_calendar_add_working_days_array(NULL, cal, NULL, NULL, 0, 0, &e));
    days[1] = INT64_MAX;
    ST(UNALLOC_E_RANGE, unalloc_calendar_add_working_days_array(out, cal, days, steps, 2, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_count_working_days_array(NULL, cal, days, days, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_count_working_days_array(out, NULL, days, days, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_count_working_days_array(out, cal, NULL, days, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_count_working_days_array(out, cal, days, NULL, 2, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_count_working_days_array(out, cal, days, days, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_is_working_day_array(NULL, cal, days, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_is_working_day_array(flags, NULL, days, 2, &e));
    ST(UNALLOC_E_INVALID, unalloc_calendar_is_working_day_array(flags, cal, NULL, 2, &e));
    ST(UNALLOC_E_RANGE, unalloc_calendar_is_working_day_array(flags, cal, days, 2, &e));
    unalloc_calendar_free(cal);
}

/* ---- case.h ---------------------------------------------------------------- */

static void
test_cases(void **state)
{
    struct unalloc_case *c, *c2 = (struct unalloc_case *)&e;
    enum unalloc_event_kind k;
    enum unalloc_category cat;
    enum unalloc_role role;
    enum unalloc_rating rating;
    struct unalloc_moment bad_at = moment(impossible);
    (void)state;

    assert_null(unalloc_event_kind_name(BAD(enum unalloc_event_kind, -1)));
    assert_null(unalloc_event_kind_name(UNALLOC_EVENT_KIND_COUNT_));
    assert_null(unalloc_category_name(UNALLOC_CATEGORY_COUNT_));
    assert_null(unalloc_role_name(BAD(enum unalloc_role, -1)));
    assert_null(unalloc_rating_name(UNALLOC_RATING_COUNT_));
    ST(UNALLOC_E_INVALID, unalloc_event_kind_parse(NULL, "opened", &e));
    ST(UNALLOC_E_INVALID, unalloc_event_kind_parse(&k, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_event_kind_parse(&k, "", &e));
    ST(UNALLOC_E_INVALID, unalloc_category_parse(NULL, "cp", &e));
    ST(UNALLOC_E_INVALID, unalloc_category_parse(&cat, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_category_parse(&cat, "CP ", &e));
    ST(UNALLOC_E_INVALID, unalloc_role_parse(NULL, "atm", &e));
    ST(UNALLOC_E_INVALID, unalloc_role_parse(&role, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_role_parse(&role, "boss", &e));
    ST(UNALLOC_E_INVALID, unalloc_rating_parse(NULL, "red", &e));
    ST(UNALLOC_E_INVALID, unalloc_rating_parse(&rating, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_rating_parse(&rating, "purple", &e));

    ST(UNALLOC_E_INVALID, unalloc_case_new(NULL, "C1", &e));
    ST(UNALLOC_E_INVALID, unalloc_case_new(&c2, NULL, &e));
    assert_null(c2);
    c2 = (struct unalloc_case *)&e;
    ST(UNALLOC_E_INVALID, unalloc_case_new(&c2, "", &e));
    assert_null(c2);
    unalloc_case_free(NULL);
    assert_null(unalloc_case_id(NULL));
    assert_int_equal(unalloc_case_event_count(NULL), 0);

    ST(UNALLOC_OK, unalloc_case_new(&c, "C1", &e));
    ST(UNALLOC_E_INVALID, unalloc_case_add_event(NULL, "opened", moment(good), "cin", NULL, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_case_add_event(c, NULL, moment(good), "cin", NULL, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_case_add_event(c, "opened", bad_at, "cin", NULL, NULL, &e));
    ST(UNALLOC_E_RANGE, unalloc_case_add_event(c, "opened", moment(too_late), "cin", NULL, NULL, &e));
    bad_at = moment(good);
    bad_at.at.hour = 24;
    bad_at.has_time = true;
    ST(UNALLOC_E_INVALID, unalloc_case_add_event(c, "opened", bad_at, "cin", NULL, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_case_add_event(c, "opened", moment(good), NULL, NULL, NULL, &e));
    assert_int_equal(unalloc_case_event_count(c), 0); /* nothing was added by a failure */
    ST(UNALLOC_OK, unalloc_case_add_event(c, "opened", moment(good), "cin", NULL, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_case_check(NULL, &e));
    ST(UNALLOC_OK, unalloc_case_check(c, &e));
    unalloc_case_free(c);
}

/* ---- policy.h -------------------------------------------------------------- */

static void
test_policies(void **state)
{
    struct unalloc_policy *p, *p2 = (struct unalloc_policy *)&e;
    struct unalloc_policy_builder *b, *b2 = (struct unalloc_policy_builder *)&e;
    enum unalloc_obligation_kind ok;
    struct unalloc_date d = good;
    struct unalloc_definition def;
    struct unalloc_rule rule;
    struct unalloc_check check;
    struct unalloc_report_spec rep;
    struct unalloc_caseload_limit lim;
    struct unalloc_clause clause = { "protocol", "1", "quote" };
    char *text = (char *)&e;
    (void)state;

    assert_null(unalloc_obligation_kind_name(UNALLOC_OBLIGATION_COUNT_));
    assert_null(unalloc_obligation_kind_name(BAD(enum unalloc_obligation_kind, -1)));
    ST(UNALLOC_E_INVALID, unalloc_obligation_kind_parse(NULL, "review", &e));
    ST(UNALLOC_E_INVALID, unalloc_obligation_kind_parse(&ok, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_obligation_kind_parse(&ok, "nap", &e));

    ST(UNALLOC_E_INVALID, unalloc_policy_parse(NULL, "policy p\n", 9, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_parse(&p2, NULL, 9, &e));
    assert_null(p2);
    p2 = (struct unalloc_policy *)&e;
    ST(UNALLOC_E_LIMIT, unalloc_policy_parse(&p2, "x", UNALLOC_POLICY_MAX_BYTES + 1, &e));
    assert_null(p2);

    assert_true(unalloc_policy_builtin_count() >= 4);
    assert_null(unalloc_policy_builtin_id(unalloc_policy_builtin_count()));
    assert_null(unalloc_policy_builtin_id(SIZE_MAX));
    assert_null(unalloc_policy_builtin_text(NULL));
    assert_null(unalloc_policy_builtin_text("no-such-policy"));
    ST(UNALLOC_E_INVALID, unalloc_policy_builtin(NULL, "protocol-2019", &e));
    p2 = (struct unalloc_policy *)&e;
    ST(UNALLOC_E_INVALID, unalloc_policy_builtin(&p2, NULL, &e));
    assert_null(p2);
    p2 = (struct unalloc_policy *)&e;
    ST(UNALLOC_E_NOT_FOUND, unalloc_policy_builtin(&p2, "no-such-policy", &e));
    assert_null(p2);
    unalloc_policy_free(NULL);

    assert_null(unalloc_policy_id(NULL));
    assert_null(unalloc_policy_title(NULL));
    assert_int_equal(unalloc_policy_region(NULL), UNALLOC_REGION_UNKNOWN);
    assert_false(unalloc_policy_review_date(NULL, &d));
    assert_date_equal(d, 2024, 3, 1); /* untouched */
    assert_null(unalloc_policy_hash(NULL));
    assert_null(unalloc_policy_definition(NULL));
    assert_int_equal(unalloc_policy_rule_count(NULL), 0);
    assert_null(unalloc_policy_rule(NULL, 0));
    assert_int_equal(unalloc_policy_report_count(NULL), 0);
    assert_null(unalloc_policy_report(NULL, 0));
    assert_null(unalloc_policy_caseload(NULL));
    assert_int_equal(unalloc_policy_setting_count(NULL), 0);
    assert_null(unalloc_policy_setting(NULL, 0));

    ST(UNALLOC_OK, unalloc_policy_builtin(&p, "protocol-2019", &e));
    assert_true(unalloc_policy_review_date(p, NULL)); /* out is optional */
    unalloc_policy_free(p);
    ST(UNALLOC_OK, unalloc_policy_builtin(&p, "nelc-2022", &e)); /* has a caseload limit */
    assert_null(unalloc_policy_rule(p, unalloc_policy_rule_count(p)));
    assert_null(unalloc_policy_report(p, SIZE_MAX));
    ST(UNALLOC_E_INVALID, unalloc_policy_format_clause(NULL, p, &clause, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_format_clause(&text, NULL, &clause, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_format_clause(&text, p, NULL, &e));
    assert_null(text);
    text = (char *)&e;
    clause.document = "not-a-document";
    ST(UNALLOC_E_INVALID, unalloc_policy_format_clause(&text, p, &clause, &e)); /* unknown name */
    assert_null(text);
    ST(UNALLOC_E_INVALID, unalloc_policy_with_settings(NULL, p, NULL, NULL, 0, &e));
    p2 = (struct unalloc_policy *)&e;
    ST(UNALLOC_E_INVALID, unalloc_policy_with_settings(&p2, NULL, NULL, NULL, 0, &e));
    assert_null(p2);
    ST(UNALLOC_E_INVALID, unalloc_policy_with_settings(&p2, p, NULL, NULL, 1, &e));
    {
        const char *names[1] = { NULL }, *values[1] = { "1 days" };
        ST(UNALLOC_E_NOT_FOUND, unalloc_policy_with_settings(&p2, p, names, values, 1, &e));
        names[0] = unalloc_policy_setting(p, 0)->name;
        values[0] = NULL;
        ST(UNALLOC_E_INVALID, unalloc_policy_with_settings(&p2, p, names, values, 1, &e));
        assert_null(p2);
    }
    assert_null(unalloc_policy_setting(p, SIZE_MAX));
    assert_null(unalloc_basis_name(BAD(enum unalloc_basis, -1)));
    ST(UNALLOC_E_INVALID, unalloc_policy_to_text(NULL, p, &e));
    text = (char *)&e;
    ST(UNALLOC_E_INVALID, unalloc_policy_to_text(&text, NULL, &e));
    assert_null(text);

    /* the builder's structs: NULL, version 0 and a version from the future */
    ST(UNALLOC_E_INVALID, unalloc_rule_init(NULL, UNALLOC_RULE_VERSION, &e));
    ST(UNALLOC_E_INVALID, unalloc_rule_init(&rule, 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_rule_init(&rule, UNALLOC_RULE_VERSION + 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_definition_init(NULL, UNALLOC_DEFINITION_VERSION, &e));
    ST(UNALLOC_E_INVALID, unalloc_definition_init(&def, 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_definition_init(&def, UNALLOC_DEFINITION_VERSION + 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_check_init(NULL, UNALLOC_CHECK_VERSION, &e));
    ST(UNALLOC_E_INVALID, unalloc_check_init(&check, 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_check_init(&check, UNALLOC_CHECK_VERSION + 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_spec_init(NULL, UNALLOC_REPORT_SPEC_VERSION, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_spec_init(&rep, 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_spec_init(&rep, UNALLOC_REPORT_SPEC_VERSION + 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_caseload_limit_init(NULL, UNALLOC_CASELOAD_LIMIT_VERSION, &e));
    ST(UNALLOC_E_INVALID, unalloc_caseload_limit_init(&lim, 0, &e));
    ST(UNALLOC_E_INVALID,
       unalloc_caseload_limit_init(&lim, UNALLOC_CASELOAD_LIMIT_VERSION + 1, &e));

    /* the builder: NULL everywhere, then out-of-range members */
    def = *unalloc_policy_definition(p);
    rule = *unalloc_policy_rule(p, 0);
    rep = *unalloc_policy_report(p, 0);
    lim = *unalloc_policy_caseload(p);
    memset(&check, 0, sizeof check);
    check.version = UNALLOC_CHECK_VERSION;
    check.kind = UNALLOC_CHECK_ASSIGNED;
    check.role = UNALLOC_ROLE_ATM;
    check.clause = rule.clause;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_new(NULL, "p", &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_new(&b2, NULL, &e));
    assert_null(b2);
    b2 = (struct unalloc_policy_builder *)&e;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_new(&b2, "has space", &e));
    assert_null(b2);
    unalloc_policy_builder_free(NULL);
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_title(NULL, "t", &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_document(NULL, "k", "f", "t", &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_region(NULL, UNALLOC_REGION_SCOTLAND, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_review_date(NULL, &d, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_definition(NULL, &def, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(NULL, &rule, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_check(NULL, &check, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_report(NULL, &rep, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_caseload(NULL, &lim, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_setting(NULL, "s", UNALLOC_SETTING_LOCAL,
                                                             rule.due, "m", &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_build(NULL, NULL, &e));

    ST(UNALLOC_OK, unalloc_policy_builder_new(&b, "p", &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_title(b, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_document(b, NULL, "f", "t", &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_document(b, "k", NULL, "t", &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_document(b, "k", "f", NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_region(b, BAD(enum unalloc_region, 3), &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_review_date(b, NULL, NULL, &e)); /* needs a reason */
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_review_date(b, &impossible, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_definition(b, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_check(b, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_report(b, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_caseload(b, NULL, &e));
    {
        struct unalloc_duration one = { 1, UNALLOC_UNIT_DAYS }, bad_unit = { 1, BAD(enum unalloc_unit, 42) };
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_setting(b, NULL, UNALLOC_SETTING_LOCAL, one, "m", &e));
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_setting(b, "has space", UNALLOC_SETTING_LOCAL, one, "m", &e));
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_setting(b, "s", UNALLOC_SETTING_KIND_COUNT_, one, "m", &e));
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_setting(b, "s", UNALLOC_SETTING_LOCAL, bad_unit, "m", &e));
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_setting(b, "s", UNALLOC_SETTING_LOCAL, one, NULL, &e));
        ST(UNALLOC_OK, unalloc_policy_builder_add_setting(b, "s", UNALLOC_SETTING_LOCAL, one, "m", &e));
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_setting(b, "s", UNALLOC_SETTING_LOCAL, one, "m", &e));
        rule = *unalloc_policy_rule(p, 0);
        rule.due_setting = "undeclared";
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b, &rule, &e));
        rule.due_setting = NULL;
        rule.every_setting = "undeclared";
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b, &rule, &e));
        /* A builder where nelc-2022's first rule and definition are valid, so
         * that each change below is what is rejected. */
        struct unalloc_policy_builder *b3 = NULL;
        ST(UNALLOC_OK, unalloc_policy_builder_new(&b3, "p3", &e));
        ST(UNALLOC_OK, unalloc_policy_builder_add_document(b3, "nelc", "f", "t", &e));
        rule = *unalloc_policy_rule(p, 0);
        rule.id = "ok";
        ST(UNALLOC_OK, unalloc_policy_builder_add_rule(b3, &rule, &e));
        rule.id = "r2";
        rule.has_unless = true;
        rule.unless_kind = UNALLOC_EVENT_KIND_COUNT_;
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b3, &rule, &e));
        rule.unless_kind = UNALLOC_EVENT_TRANSFERRED;
        ST(UNALLOC_OK, unalloc_policy_builder_add_rule(b3, &rule, &e));
        rule.id = "r3";
        rule.has_unless = false;
        rule.counts_early = true; /* not a 'from missed' rule */
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b3, &rule, &e));
        rule = *unalloc_policy_rule(p, 0);
        def = *unalloc_policy_definition(p);
        ST(UNALLOC_OK, unalloc_policy_builder_set_definition(b3, &def, &e));
        def.leavers_unallocated = true;
        def.leavers_clause.document = "not-declared";
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_definition(b3, &def, &e));
        def.leavers_clause = def.absence_clause;
        ST(UNALLOC_OK, unalloc_policy_builder_set_definition(b3, &def, &e));
        def.has_absence = false;
        ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_definition(b3, &def, &e));
        def = *unalloc_policy_definition(p);
        unalloc_policy_builder_free(b3);
    }
    p2 = (struct unalloc_policy *)&e;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_build(&p2, NULL, &e));
    assert_null(p2);

    def.unallocated.duration.unit = BAD(enum unalloc_unit, 42);
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_definition(b, &def, &e));
    def = *unalloc_policy_definition(p);
    def.unallocated.duration.amount = -1;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_definition(b, &def, &e));
    rule.obligation = UNALLOC_OBLIGATION_COUNT_;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b, &rule, &e));
    rule = *unalloc_policy_rule(p, 0);
    rule.n_met_by = UNALLOC_MAX_MET_BY + 1;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b, &rule, &e));
    rule = *unalloc_policy_rule(p, 0);
    rule.clause.quote = NULL;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_rule(b, &rule, &e));
    check.kind = UNALLOC_CHECK_COUNT_;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_check(b, &check, &e));
    rep.form = UNALLOC_REPORT_FORM_COUNT_;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_report(b, &rep, &e));
    rep = *unalloc_policy_report(p, 0);
    rep.id = NULL;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_add_report(b, &rep, &e));
    lim.at_most = -1;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_caseload(b, &lim, &e));
    lim = *unalloc_policy_caseload(p);
    lim.worker_role = UNALLOC_ROLE_COUNT_;
    ST(UNALLOC_E_INVALID, unalloc_policy_builder_set_caseload(b, &lim, &e));
    unalloc_policy_builder_free(b);
    unalloc_policy_free(p);
}

/* ---- evaluate.h ------------------------------------------------------------ */

static void
test_evaluation(void **state)
{
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_case *c;
    struct unalloc_result *r, *r2 = (struct unalloc_result *)&e;
    struct unalloc_report *rep, *rep2 = (struct unalloc_report *)&e;
    struct unalloc_moment at = moment(good), bad_at = moment(impossible);
    char *buf = NULL, *buf2 = NULL;
    size_t len = 0, len2 = 0;
    const char *ids[] = { "C1" }, *ats[] = { "2024-03-01" }, *evs[] = { "opened" },
               *details[] = { "cin" };
    struct unalloc_event_table t = { 1, ids, ats, evs, details, NULL, NULL };
    (void)state;

    ST(UNALLOC_OK, unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, &e));
    ST(UNALLOC_OK, unalloc_policy_builtin(&p, "protocol-2019", &e));
    ST(UNALLOC_OK, unalloc_case_new(&c, "C1", &e));
    ST(UNALLOC_OK, unalloc_case_add_event(c, "opened", at, "cin", NULL, NULL, &e));

    ST(UNALLOC_E_INVALID, unalloc_evaluate(NULL, cal, p, c, at, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate(&r2, NULL, p, c, at, &e));
    assert_null(r2);
    r2 = (struct unalloc_result *)&e;
    ST(UNALLOC_E_INVALID, unalloc_evaluate(&r2, cal, NULL, c, at, &e));
    assert_null(r2);
    ST(UNALLOC_E_INVALID, unalloc_evaluate(&r2, cal, p, NULL, at, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate(&r2, cal, p, c, bad_at, &e));
    ST(UNALLOC_E_RANGE, unalloc_evaluate(&r2, cal, p, c, moment(too_late), &e));
    {
        struct unalloc_result *rs[2] = { (struct unalloc_result *)&e, (struct unalloc_result *)&e };
        struct unalloc_moment two[2] = { at, bad_at };
        ST(UNALLOC_E_INVALID, unalloc_evaluate_series(NULL, cal, p, c, two, 1, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_series(rs, NULL, p, c, two, 1, &e));
        assert_null(rs[0]);
        ST(UNALLOC_E_INVALID, unalloc_evaluate_series(rs, cal, NULL, c, two, 1, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_series(rs, cal, p, NULL, two, 1, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_series(rs, cal, p, c, NULL, 1, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_series(rs, cal, p, c, two, 2, &e)); /* bad as-of */
        assert_null(rs[0]);
        assert_null(rs[1]);
    }
    unalloc_result_free(NULL);
    assert_null(unalloc_result_case(NULL));
    assert_int_equal(unalloc_result_occurrence_count(NULL), 0);
    assert_null(unalloc_result_occurrence(NULL, 0));
    assert_int_equal(unalloc_result_escalation_count(NULL), 0);
    assert_null(unalloc_result_escalation(NULL, 0));
    assert_int_equal(unalloc_result_warning_count(NULL), 0);
    assert_null(unalloc_result_warning(NULL, 0));
    assert_int_equal(unalloc_result_warning_code(NULL, 0), UNALLOC_WARNING_NONE);
    assert_null(unalloc_warning_code_name(UNALLOC_WARNING_NONE));
    assert_null(unalloc_warning_code_name(BAD(enum unalloc_warning_code, 14)));
    assert_null(unalloc_warning_code_name(BAD(enum unalloc_warning_code, -1)));
    assert_null(unalloc_case_status_name(UNALLOC_CASE_STATUS_COUNT_));
    assert_null(unalloc_case_status_name(BAD(enum unalloc_case_status, -1)));
    assert_null(unalloc_state_name(UNALLOC_STATE_COUNT_));
    assert_null(unalloc_table_header(BAD(enum unalloc_table, 2)));
    assert_null(unalloc_table_header(BAD(enum unalloc_table, -1)));

    ST(UNALLOC_OK, unalloc_evaluate(&r, cal, p, c, at, &e));
    assert_null(unalloc_result_occurrence(r, SIZE_MAX));
    assert_null(unalloc_result_escalation(r, unalloc_result_escalation_count(r)));
    assert_null(unalloc_result_warning(r, unalloc_result_warning_count(r)));
    assert_int_equal(unalloc_result_warning_code(r, unalloc_result_warning_count(r)),
                     UNALLOC_WARNING_NONE);

    ST(UNALLOC_E_INVALID, unalloc_result_append_csv(NULL, &len, r, UNALLOC_TABLE_CASES, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv(&buf, NULL, r, UNALLOC_TABLE_CASES, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv(&buf, &len, NULL, UNALLOC_TABLE_CASES, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv(&buf, &len, r, BAD(enum unalloc_table, 2), &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_states(NULL, &len, r, 1u, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_states(&buf, NULL, r, 1u, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_states(&buf, &len, NULL, 1u, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_states(&buf, &len, r, 1u << UNALLOC_STATE_COUNT_, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_filter(NULL, &len, r, 1u, 1u, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_filter(&buf, NULL, r, 1u, 1u, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_filter(&buf, &len, NULL, 1u, 1u, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_csv_filter(&buf, &len, r, 1u,
                                                           1u << UNALLOC_STATE_COUNT_, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_json(NULL, &len, r, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_json(&buf, NULL, r, &e));
    ST(UNALLOC_E_INVALID, unalloc_result_append_json(&buf, &len, NULL, &e));
    assert_null(buf); /* nothing was allocated by the failures */
    assert_int_equal(len, 0);
    len = 5; /* a NULL buffer starts empty, whatever *len said */
    ST(UNALLOC_OK, unalloc_result_append_json(&buf, &len, r, &e));
    assert_int_equal(len, strlen(buf));
    assert_true(buf[0] == '{');
    unalloc_free(buf);
    buf = NULL;
    len = 0;

    assert_false(unalloc_warning_code_is_policy_level(BAD(enum unalloc_warning_code, -1)));
    assert_false(unalloc_warning_code_is_policy_level(BAD(enum unalloc_warning_code, 14)));
    {
        enum unalloc_warning_code code = UNALLOC_WARNING_STOPGAP;
        char *text = NULL;
        ST(UNALLOC_E_INVALID, unalloc_policy_warning(NULL, &text, p, good, &e));
        ST(UNALLOC_E_INVALID, unalloc_policy_warning(&code, &text, NULL, good, &e));
        ST(UNALLOC_E_INVALID, unalloc_policy_warning(&code, &text, p, (struct unalloc_date){ 0 }, &e));
        ST(UNALLOC_E_RANGE, unalloc_policy_warning(&code, &text, p, (struct unalloc_date){ 2200, 1, 1 },
                                                   &e));
        assert_int_equal(code, UNALLOC_WARNING_STOPGAP);
        assert_null(text);
    }
    {
        struct unalloc_run run = UNALLOC_RUN_INIT;
        struct unalloc_calendar *sc;
        struct unalloc_moment bad_time = { { good, 24, 0 }, true };
        const char *names[] = { "a.ics" };
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        run.policy = p;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        assert_non_null(strstr(e.message, "calendar is NULL"));
        run.calendar = cal;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        assert_non_null(strstr(e.message, "no as-of"));
        run.as_of = &at;
        run.n_as_of = 1;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(NULL, &len, &run, &e));
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, NULL, &run, &e));
        run.version = UNALLOC_RUN_VERSION + 1;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        run.version = 0; /* read as 1 */
        run.as_of = &bad_at;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        run.as_of = &bad_time;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        run.as_of = &at;
        run.calendar_files = names; /* one name, no file loaded */
        run.n_calendar_files = 1;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        assert_non_null(strstr(e.message, "1 calendar file names given, but 0 files"));
        run.calendar_files = NULL;
        ST(UNALLOC_OK, unalloc_calendar_new(&sc, UNALLOC_REGION_SCOTLAND, &e));
        run.calendar = sc;
        ST(UNALLOC_E_INVALID, unalloc_run_append_json(&buf, &len, &run, &e));
        unalloc_calendar_free(sc);
        assert_null(buf);
        run.calendar = cal;
        ST(UNALLOC_OK, unalloc_run_append_json(&buf, &len, &run, &e));
        assert_int_equal(strncmp(buf, "{\"record\":\"run\",", 16), 0);
        unalloc_free(buf);
        buf = NULL;
        len = 0;
    }

    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(NULL, &len, &buf2, &len2, cal, p, &t, &at, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, NULL, &buf2, &len2, cal, p, &t, &at, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, NULL, &len2, cal, p, &t, &at, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, NULL, cal, p, &t, &at, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, NULL, p, &t, &at, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, NULL, &t, &at, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, NULL, &at, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, &t, NULL, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, &t, &at, 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, &t, &bad_at, 1, &e));
    {
        static const char *const names[] = { "case_id", "at", "event" };
        static const char *const *const cells[] = { NULL, NULL, NULL };
        struct unalloc_frame fr = { 0, 3, names, cells }, nameless = { 0, 3, NULL, cells };
        char *buf3 = (char *)&e;
        size_t len3;
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(NULL, &len, &buf2, &len2, &buf3, &len3, cal, p, &fr, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, NULL, &buf2, &len2, &buf3, &len3, cal, p, &fr, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, NULL, &len2, &buf3, &len3, cal, p, &fr, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, NULL, &buf3, &len3, cal, p, &fr, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, NULL, &len3, cal, p, &fr, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, NULL, cal, p, &fr, &at, 1, NULL, &e));
        assert_null(buf3);
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, NULL, p, &fr, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, cal, NULL, &fr, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, cal, p, NULL, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, cal, p, &nameless, &at, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, cal, p, &fr, NULL, 1, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, cal, p, &fr, &at, 0, NULL, &e));
        ST(UNALLOC_E_INVALID, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, cal, p, &fr, &bad_at, 1, NULL, &e));
        ST(UNALLOC_OK, unalloc_evaluate_frame(&buf, &len, &buf2, &len2, &buf3, &len3, cal, p, &fr, &at, 1, NULL, &e));
        assert_string_equal(buf3, "line,case_id,column,reason,case_id,at,event\n");
        unalloc_free(buf);
        unalloc_free(buf2);
        unalloc_free(buf3);
        buf = buf2 = NULL;
        {
            struct unalloc_frame_result *fres = (struct unalloc_frame_result *)&e;
            struct unalloc_frame_options newer = UNALLOC_FRAME_OPTIONS_INIT;
            struct unalloc_column col;
            ST(UNALLOC_E_INVALID, unalloc_frame_options_init(NULL, UNALLOC_FRAME_OPTIONS_VERSION, &e));
            ST(UNALLOC_E_INVALID,
               unalloc_frame_options_init(&newer, UNALLOC_FRAME_OPTIONS_VERSION + 1, &e));
            assert_int_equal(newer.version, UNALLOC_FRAME_OPTIONS_VERSION); /* untouched */
            {
                struct unalloc_frame_options o, m = UNALLOC_FRAME_OPTIONS_INIT;
                memset(&o, 0x5a, sizeof o);
                assert_int_equal(unalloc_frame_options_init(&o, UNALLOC_FRAME_OPTIONS_VERSION, &e),
                                 UNALLOC_OK);
                assert_int_equal(o.version, m.version);
                assert_null(o.mapping);
                assert_false(o.skip_invalid);
            }
            newer.version = UNALLOC_FRAME_OPTIONS_VERSION + 1;
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(NULL, cal, p, &fr, &at, 1, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, NULL, p, &fr, &at, 1, NULL, &e));
            assert_null(fres);
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, cal, NULL, &fr, &at, 1, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, cal, p, NULL, &at, 1, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, cal, p, &nameless, &at, 1, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, cal, p, &fr, NULL, 1, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, cal, p, &fr, &at, 0, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, cal, p, &fr, &bad_at, 1, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_evaluate_frame_columns(&fres, cal, p, &fr, &at, 1, &newer, &e));
            assert_non_null(strstr(e.message, "unalloc_evaluate_frame_columns: options version"));
            assert_null(fres);
            ST(UNALLOC_OK, unalloc_evaluate_frame_columns(&fres, cal, p, &fr, &at, 1, NULL, &e));
            ST(UNALLOC_E_INVALID, unalloc_frame_result_column(NULL, fres, UNALLOC_TABLE_CASES, 0, &e));
            ST(UNALLOC_E_INVALID, unalloc_frame_result_column(&col, NULL, UNALLOC_TABLE_CASES, 0, &e));
            assert_null(col.name);
            ST(UNALLOC_E_INVALID, unalloc_frame_result_column(&col, fres, BAD(enum unalloc_table, 3), 0, &e));
            ST(UNALLOC_E_INVALID, unalloc_frame_result_column(&col, fres, BAD(enum unalloc_table, -1), 0, &e));
            ST(UNALLOC_E_NOT_FOUND, unalloc_frame_result_column(&col, fres, UNALLOC_TABLE_CASES, SIZE_MAX, &e));
            ST(UNALLOC_E_NOT_FOUND, unalloc_frame_result_column(&col, fres, UNALLOC_TABLE_REJECTS, 7, &e));
            ST(UNALLOC_OK, unalloc_frame_result_column(&col, fres, UNALLOC_TABLE_REJECTS, 6, &e));
            assert_string_equal(col.name, "event");
            assert_int_equal(unalloc_frame_result_column_count(NULL, UNALLOC_TABLE_CASES), 0);
            assert_int_equal(unalloc_frame_result_column_count(fres, BAD(enum unalloc_table, 3)), 0);
            assert_int_equal(unalloc_frame_result_column_count(fres, BAD(enum unalloc_table, -1)), 0);
            ST(UNALLOC_E_INVALID, unalloc_frame_result_release_column(NULL, UNALLOC_TABLE_CASES, 0, &e));
            ST(UNALLOC_E_INVALID, unalloc_frame_result_release_column(fres, BAD(enum unalloc_table, 3), 0, &e));
            ST(UNALLOC_E_INVALID, unalloc_frame_result_release_column(fres, BAD(enum unalloc_table, -1), 0, &e));
            ST(UNALLOC_E_NOT_FOUND, unalloc_frame_result_release_column(fres, UNALLOC_TABLE_OCCURRENCES, 17, &e));
            ST(UNALLOC_OK, unalloc_frame_result_release_column(fres, UNALLOC_TABLE_REJECTS, 6, &e));
            ST(UNALLOC_E_NOT_FOUND, unalloc_frame_result_column(&col, fres, UNALLOC_TABLE_REJECTS, 6, &e));
            unalloc_frame_result_free(fres);
            unalloc_frame_result_free(NULL);
        }
    }
    t.case_id = NULL;
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, &t, &at, 1, &e));
    t.case_id = ids;
    t.at = NULL;
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, &t, &at, 1, &e));
    t.at = ats;
    t.event = NULL;
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, &t, &at, 1, &e));
    t.event = evs;
    ids[0] = NULL;
    ST(UNALLOC_E_INVALID, unalloc_evaluate_table(&buf, &len, &buf2, &len2, cal, p, &t, &at, 1, &e));
    assert_int_equal(e.record, 1);
    assert_null(buf);
    assert_null(buf2);

    ST(UNALLOC_E_INVALID, unalloc_report_new(NULL, p, "weekly-return", good, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_new(&rep2, NULL, "weekly-return", good, &e));
    assert_null(rep2);
    rep2 = (struct unalloc_report *)&e;
    ST(UNALLOC_E_INVALID, unalloc_report_new(&rep2, p, NULL, good, &e));
    assert_null(rep2);
    ST(UNALLOC_E_INVALID, unalloc_report_new(&rep2, p, "weekly-return", impossible, &e));
    ST(UNALLOC_E_NOT_FOUND, unalloc_report_new(&rep2, p, "monthly-return", good, &e));
    unalloc_report_free(NULL);
    ST(UNALLOC_OK, unalloc_report_new(&rep, p, "weekly-return", good, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_add(NULL, r, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_add(rep, NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_render(NULL, rep, &e));
    buf = (char *)&e;
    ST(UNALLOC_E_INVALID, unalloc_report_render(&buf, NULL, &e));
    assert_null(buf);
    {
        size_t part = 0, tlen = 0;
        char *text = NULL;
        ST(UNALLOC_E_INVALID, unalloc_report_append(NULL, &tlen, rep, &part, &e));
        ST(UNALLOC_E_INVALID, unalloc_report_append(&text, NULL, rep, &part, &e));
        ST(UNALLOC_E_INVALID, unalloc_report_append(&text, &tlen, NULL, &part, &e));
        ST(UNALLOC_E_INVALID, unalloc_report_append(&text, &tlen, rep, NULL, &e));
        assert_null(text);
        part = 1000;
        ST(UNALLOC_E_INVALID, unalloc_report_append(&text, &tlen, rep, &part, &e));
        assert_null(text);
    }
    ST(UNALLOC_E_INVALID, unalloc_report_set_aside(NULL, 3, 1, &e));
    ST(UNALLOC_E_INVALID, unalloc_report_set_aside(rep, 1, 2, &e)); /* more cases than rows */
    ST(UNALLOC_OK, unalloc_report_render(&buf, rep, &e));
    assert_null(strstr(buf, "Set aside"));
    unalloc_free(buf);
    ST(UNALLOC_OK, unalloc_report_set_aside(rep, 3, 1, &e));
    ST(UNALLOC_OK, unalloc_report_render(&buf, rep, &e));
    assert_non_null(strstr(buf, "\nSet aside: 3 input rows of 1 case with bad input, not counted "
                                "in this return\n"));
    unalloc_free(buf);
    unalloc_report_free(rep);

    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

static void
test_mapping(void **state)
{
    struct unalloc_mapping *m = NULL, *m2 = (struct unalloc_mapping *)&m;
    struct unalloc_mapped_event ev;
    struct unalloc_moment at;
    int cols[UNALLOC_FIELD_COUNT_];
    const char *h[] = { "case_id", "at", "event" };
    const char *f[] = { "A", "2024-05-01", "opened" };
    char *note = (char *)&e;
    (void)state;
    assert_null(unalloc_field_name((enum unalloc_field)99));
    assert_null(unalloc_vocabulary_term(unalloc_vocabulary_count()));
    assert_null(unalloc_vocabulary_term(SIZE_MAX));
    ST(UNALLOC_E_INVALID, unalloc_mapping_new(NULL, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_parse(NULL, "", 0, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_parse(&m2, NULL, 0, &e));
    assert_null(m2);
    unalloc_mapping_free(NULL);
    ST(UNALLOC_OK, unalloc_mapping_new(&m, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_bind(NULL, NULL, m, h, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_bind(cols, NULL, NULL, h, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_bind(cols, NULL, m, NULL, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_bind(cols, NULL, m, NULL, 0, &e)); /* no case_id */
    ST(UNALLOC_OK, unalloc_mapping_bind(cols, NULL, m, h, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_columns_note(NULL, cols, h, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_columns_note(&note, NULL, h, 3, &e));
    assert_null(note);
    ST(UNALLOC_E_INVALID, unalloc_mapping_columns_note(&note, cols, NULL, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_apply(NULL, m, cols, f, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_apply(&ev, NULL, cols, f, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_apply(&ev, m, NULL, f, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_apply(&ev, m, cols, NULL, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_apply(&ev, m, cols, f, 0, &e)); /* too short */
    ST(UNALLOC_OK, unalloc_mapping_apply(&ev, m, cols, f, 3, &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_parse_moment(NULL, m, "2024-05-01", &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_parse_moment(&at, NULL, "2024-05-01", &e));
    ST(UNALLOC_E_INVALID, unalloc_mapping_parse_moment(&at, m, NULL, &e));
    ST(UNALLOC_E_PARSE, unalloc_mapping_parse_moment(&at, m, "", &e));
    unalloc_mapping_free(m);
}

/* The names of every public enum (vocab.h): each value round-trips through
 * its name, NULL past either end, and a parse of NULL, "" or an unknown word
 * is UNALLOC_E_INVALID with the word quoted and nothing written. */
#define VOCAB(name_fn, parse_fn, type, first, count)                                         \
    do {                                                                                      \
        type v_;                                                                              \
        for (int i_ = (first); i_ < (int)(count); i_++) {                                     \
            const char *n_ = name_fn(BAD(type, i_));                                          \
            if (!n_)                                                                          \
                fail_msg("%s(%d) is NULL", #name_fn, i_);                                     \
            ST(UNALLOC_OK, parse_fn(&v_, n_, &e));                                            \
            assert_int_equal((int)v_, i_);                                                    \
        }                                                                                     \
        assert_null(name_fn(BAD(type, (count))));                                             \
        assert_null(name_fn(BAD(type, (first) - 1)));                                         \
        assert_null(name_fn(BAD(type, 1000)));                                                \
        v_ = BAD(type, 77);                                                                   \
        ST(UNALLOC_E_INVALID, parse_fn(NULL, name_fn(BAD(type, (first))), &e));              \
        ST(UNALLOC_E_INVALID, parse_fn(&v_, NULL, &e));                                       \
        ST(UNALLOC_E_INVALID, parse_fn(&v_, "", &e));                                         \
        ST(UNALLOC_E_INVALID, parse_fn(&v_, "no-such-word", &e));                             \
        assert_non_null(strstr(e.message, "'no-such-word'"));                                 \
        assert_int_equal((int)v_, 77);                                                        \
    } while (0)

static void
test_vocabulary_names(void **state)
{
    (void)state;
    VOCAB(unalloc_event_kind_name, unalloc_event_kind_parse, enum unalloc_event_kind, 0,
          UNALLOC_EVENT_KIND_COUNT_);
    VOCAB(unalloc_category_name, unalloc_category_parse, enum unalloc_category, 0,
          UNALLOC_CATEGORY_COUNT_);
    VOCAB(unalloc_role_name, unalloc_role_parse, enum unalloc_role, 0, UNALLOC_ROLE_COUNT_);
    VOCAB(unalloc_rating_name, unalloc_rating_parse, enum unalloc_rating, 0,
          UNALLOC_RATING_COUNT_);
    VOCAB(unalloc_unit_name, unalloc_unit_parse, enum unalloc_unit, 0, UNALLOC_UNIT_MONTHS + 1);
    VOCAB(unalloc_region_name, unalloc_region_parse, enum unalloc_region, 0,
          UNALLOC_REGION_NORTHERN_IRELAND + 1);
    VOCAB(unalloc_holiday_source_name, unalloc_holiday_source_parse,
          enum unalloc_holiday_source, 0, UNALLOC_HOLIDAY_CLOSURE + 1);
    VOCAB(unalloc_obligation_kind_name, unalloc_obligation_kind_parse,
          enum unalloc_obligation_kind, 0, UNALLOC_OBLIGATION_COUNT_);
    VOCAB(unalloc_anchor_name, unalloc_anchor_parse, enum unalloc_anchor, 0,
          UNALLOC_ANCHOR_COUNT_);
    VOCAB(unalloc_window_name, unalloc_window_parse, enum unalloc_window, 0,
          UNALLOC_WINDOW_COUNT_);
    VOCAB(unalloc_comparison_name, unalloc_comparison_parse, enum unalloc_comparison, 0,
          UNALLOC_COMPARISON_MORE_THAN + 1);
    VOCAB(unalloc_basis_name, unalloc_basis_parse, enum unalloc_basis, 0, UNALLOC_BASIS_COUNT_);
    VOCAB(unalloc_setting_kind_name, unalloc_setting_kind_parse, enum unalloc_setting_kind, 0,
          UNALLOC_SETTING_KIND_COUNT_);
    VOCAB(unalloc_check_kind_name, unalloc_check_kind_parse, enum unalloc_check_kind, 0,
          UNALLOC_CHECK_COUNT_);
    VOCAB(unalloc_report_form_name, unalloc_report_form_parse, enum unalloc_report_form, 0,
          UNALLOC_REPORT_FORM_COUNT_);
    VOCAB(unalloc_case_status_name, unalloc_case_status_parse, enum unalloc_case_status, 0,
          UNALLOC_CASE_STATUS_COUNT_);
    VOCAB(unalloc_state_name, unalloc_state_parse, enum unalloc_state, 0, UNALLOC_STATE_COUNT_);
    VOCAB(unalloc_warning_code_name, unalloc_warning_code_parse, enum unalloc_warning_code, 1,
          UNALLOC_WARNING_DUE_OUT_OF_RANGE + 1);
    VOCAB(unalloc_table_name, unalloc_table_parse, enum unalloc_table, 0,
          UNALLOC_TABLE_REJECTS + 1);
    VOCAB(unalloc_column_type_name, unalloc_column_type_parse, enum unalloc_column_type, 0,
          UNALLOC_COLUMN_TIME + 1);
    VOCAB(unalloc_field_name, unalloc_field_parse, enum unalloc_field, 0, UNALLOC_FIELD_COUNT_);
}

/* The words as the documents and the policy format spell them, a few by
 * hand: the tables are indexed by value, so a slip shows here. */
static void
test_vocabulary_spelling(void **state)
{
    enum unalloc_unit u = UNALLOC_UNIT_HOURS;
    enum unalloc_warning_code w = UNALLOC_WARNING_STOPGAP;
    (void)state;
    assert_string_equal(unalloc_case_status_name(UNALLOC_CASE_STATUS_BEING_ASSESSED),
                        "being-assessed");
    assert_string_equal(unalloc_anchor_name(UNALLOC_ANCHOR_CONCERN), "concern");
    assert_string_equal(unalloc_window_name(UNALLOC_WINDOW_DEFAULT), "default");
    assert_string_equal(unalloc_comparison_name(UNALLOC_COMPARISON_MORE_THAN), "more-than");
    assert_string_equal(unalloc_check_kind_name(UNALLOC_CHECK_CHAIR_NOT), "chair-not");
    assert_string_equal(unalloc_report_form_name(UNALLOC_REPORT_APPENDIX_1), "appendix-1");
    assert_string_equal(unalloc_setting_kind_name(UNALLOC_SETTING_READING), "reading");
    assert_string_equal(unalloc_warning_code_name(UNALLOC_WARNING_STOPGAP), "stop-gap");
    assert_string_equal(unalloc_holiday_source_name(UNALLOC_HOLIDAY_CLOSURE), "closure");
    assert_string_equal(unalloc_field_name(UNALLOC_FIELD_CASE_ID), "case_id");
    assert_null(unalloc_region_name(UNALLOC_REGION_UNKNOWN));
    assert_null(unalloc_warning_code_name(UNALLOC_WARNING_NONE));
    /* "none" is not a warning, so it does not parse */
    ST(UNALLOC_E_INVALID, unalloc_warning_code_parse(&w, "none", &e));
    assert_int_equal(w, UNALLOC_WARNING_STOPGAP);
    /* units take the singular too; an unknown one lists them all */
    ST(UNALLOC_OK, unalloc_unit_parse(&u, "working-day", &e));
    assert_int_equal(u, UNALLOC_UNIT_WORKING_DAYS);
    ST(UNALLOC_E_INVALID, unalloc_unit_parse(&u, "fortnights", &e));
    assert_string_equal(e.message, "unknown unit 'fortnights' (expected hours, days, "
                                   "working-days, weeks or months)");
    /* a long list is not spelled out */
    ST(UNALLOC_E_INVALID, unalloc_event_kind_parse(&(enum unalloc_event_kind){ 0 }, "x", &e));
    assert_string_equal(e.message, "unknown event kind 'x'");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_and_version),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_policies),
        cmocka_unit_test(test_evaluation),
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_vocabulary_names),
        cmocka_unit_test(test_vocabulary_spelling),
    };
    return cmocka_run_group_tests_name("bad arguments to every exported function", tests, NULL,
                                       NULL);
}
