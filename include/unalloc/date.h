/*
 * libunalloc: civil dates, date-times to the minute, and durations.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_DATE_H
#define UNALLOC_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unalloc/common.h>
#include <unalloc/error.h>

UNALLOC_BEGIN_DECLS

/**
 * @file date.h
 * Civil dates in the proleptic Gregorian calendar and local UK date-times to
 * the minute (no time zones: a case log records wall-clock time). Small value
 * types, passed by value.
 *
 * The supported range is 1900-01-01 to 2199-12-31 inclusive. A date outside it,
 * or an impossible date such as 2023-02-29, is rejected with UNALLOC_E_RANGE or
 * UNALLOC_E_INVALID; no function wraps around or overflows.
 */

/** First and last supported years. */
#define UNALLOC_YEAR_MIN 1900
#define UNALLOC_YEAR_MAX 2199

/** Buffer sizes for the formatting functions, including the NUL. */
#define UNALLOC_DATE_BUFSIZE 11      /* "YYYY-MM-DD" */
#define UNALLOC_DATETIME_BUFSIZE 17  /* "YYYY-MM-DDTHH:MM" */

/** A civil date. month is 1-12, day 1-31. */
struct unalloc_date {
    int year;
    int month;
    int day;
};

/** A local date-time to the minute. hour is 0-23, minute 0-59. */
struct unalloc_datetime {
    struct unalloc_date date;
    int hour;
    int minute;
};

/** A date-time that may have no time of day: a date-only moment has
 *  has_time = false and hour = minute = 0. Used for event times, as-of times
 *  and due dates ("2024-05-20" or "2024-05-20T09:30"). */
struct unalloc_moment {
    struct unalloc_datetime at;
    bool has_time;
};

/** Units of a duration. The names ("hours", "days", "working-days", "weeks",
 *  "months") are used by the policy format, the command line and the bindings. */
enum unalloc_unit {
    UNALLOC_UNIT_HOURS = 0,
    UNALLOC_UNIT_DAYS = 1,
    UNALLOC_UNIT_WORKING_DAYS = 2,
    UNALLOC_UNIT_WEEKS = 3,
    UNALLOC_UNIT_MONTHS = 4
};

/** An amount of time: "5 working days", "24 hours", "1 month". */
struct unalloc_duration {
    int amount;
    enum unalloc_unit unit;
};

/** True when @p d is a real date within the supported range. */
UNALLOC_EXPORT bool unalloc_date_is_valid(struct unalloc_date d);

/** True when @p dt has a valid date and a time from 00:00 to 23:59. */
UNALLOC_EXPORT bool unalloc_datetime_is_valid(struct unalloc_datetime dt);

/**
 * Checks a date and explains what is wrong with it.
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date (month 13,
 *         30 February); UNALLOC_E_RANGE for a real date outside 1900-2199.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_check(struct unalloc_date d, struct unalloc_error *err);

/**
 * Parses an ISO 8601 calendar date, exactly `YYYY-MM-DD`.
 * Sloppy input (`2024-3-1`, leading or trailing text, spaces) is
 * UNALLOC_E_PARSE with the column of the first bad character; an impossible
 * date (2024-02-30) is UNALLOC_E_INVALID; a real date outside the supported
 * range is UNALLOC_E_RANGE. The message quotes the offending text.
 * @param[out] out the date; untouched on failure.
 * @param[in] text NUL-terminated.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_parse(struct unalloc_date *out, const char *text, struct unalloc_error *err);

/**
 * Parses `YYYY-MM-DDTHH:MM` (minutes; no seconds, no zone) or, when @p has_time
 * is not NULL, also a bare `YYYY-MM-DD`, which gives 00:00 and *has_time = false.
 * Errors as for unalloc_date_parse(); hour 24 and minute 60 are rejected.
 * @param[out] out the date-time; untouched on failure.
 * @param[out] has_time may be NULL, in which case the time part is required.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_parse(struct unalloc_datetime *out, bool *has_time, const char *text,
                       struct unalloc_error *err);

/**
 * Writes `YYYY-MM-DD` and a NUL into @p buf.
 * @param[out] buf at least UNALLOC_DATE_BUFSIZE bytes, else UNALLOC_E_INVALID.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_format(char *buf, size_t size, struct unalloc_date d, struct unalloc_error *err);

/**
 * Writes `YYYY-MM-DDTHH:MM` and a NUL into @p buf.
 * @param[out] buf at least UNALLOC_DATETIME_BUFSIZE bytes, else UNALLOC_E_INVALID.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_format(char *buf, size_t size, struct unalloc_datetime dt,
                        struct unalloc_error *err);

/* ---- moments ------------------------------------------------------------- */

/** Buffer size for unalloc_moment_format(), including the NUL. */
#define UNALLOC_MOMENT_BUFSIZE UNALLOC_DATETIME_BUFSIZE

/**
 * A date-only moment: @p year - @p month - @p day, 00:00, has_time false.
 * `unalloc_moment_from_date(2024, 6, 14)` for `{ { { 2024, 6, 14 }, 0, 0 },
 * false }`. Nothing is checked here: every function that takes a moment
 * checks it (an impossible date is UNALLOC_E_INVALID there).
 */
UNALLOC_EXPORT struct unalloc_moment unalloc_moment_from_date(int year, int month, int day);

/** A moment with a time of day (has_time true), to the minute; checked where
 *  it is used, as for unalloc_moment_from_date(). */
UNALLOC_EXPORT struct unalloc_moment
unalloc_moment_from_datetime(int year, int month, int day, int hour, int minute);

/** True when @p m is a valid date-time and, if date-only, at 00:00. */
UNALLOC_EXPORT bool unalloc_moment_is_valid(struct unalloc_moment m);

/**
 * Parses a moment: `YYYY-MM-DD` (date-only) or `YYYY-MM-DDTHH:MM`, exactly as
 * unalloc_datetime_parse() with a has_time pointer does.
 * @param[out] out the moment; untouched on failure.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_moment_parse(struct unalloc_moment *out, const char *text, struct unalloc_error *err);

/**
 * Writes a moment as it is parsed: `YYYY-MM-DD` when date-only, else
 * `YYYY-MM-DDTHH:MM`, and a NUL.
 * @param[out] buf at least UNALLOC_MOMENT_BUFSIZE bytes, else UNALLOC_E_INVALID.
 * @return UNALLOC_E_INVALID / _RANGE for a moment that is not valid.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_moment_format(char *buf, size_t size, struct unalloc_moment m, struct unalloc_error *err);

/**
 * Days since 1970-01-01 (negative before it): the unit of numpy's datetime64[D].
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_to_days(int32_t *out, struct unalloc_date d, struct unalloc_error *err);

/** Inverse of unalloc_date_to_days(); UNALLOC_E_RANGE outside 1900-2199. */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_from_days(struct unalloc_date *out, int32_t days, struct unalloc_error *err);

/** ISO weekday of @p d: 1 = Monday ... 7 = Sunday. */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_weekday(int *out, struct unalloc_date d, struct unalloc_error *err);

/** -1, 0 or 1 as @p a is before, equal to or after @p b (field-wise; no validation). */
UNALLOC_EXPORT int unalloc_date_compare(struct unalloc_date a, struct unalloc_date b);

/** -1, 0 or 1 as @p a is before, equal to or after @p b (field-wise; no validation). */
UNALLOC_EXPORT int unalloc_datetime_compare(struct unalloc_datetime a, struct unalloc_datetime b);

/** @p d plus @p n calendar days (n may be negative). */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_add_days(struct unalloc_date *out, struct unalloc_date d, int n,
                      struct unalloc_error *err);

/**
 * @p d plus @p n calendar months (n may be negative). The day is clamped to the
 * end of the target month: 31 January + 1 month = 28 February (29 in a leap
 * year); 31 March - 1 month = 28/29 February. Clamping is not undone by adding
 * back: 31 January + 1 month - 1 month = 28 January.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_add_months(struct unalloc_date *out, struct unalloc_date d, int n,
                        struct unalloc_error *err);

/** Calendar days from @p from to @p to (positive when @p to is later). */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_diff_days(int32_t *out, struct unalloc_date from, struct unalloc_date to,
                       struct unalloc_error *err);

/** @p dt plus @p n minutes (n may be negative). */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_add_minutes(struct unalloc_datetime *out, struct unalloc_datetime dt,
                             int64_t n, struct unalloc_error *err);

/** Minutes from @p from to @p to (positive when @p to is later). */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_diff_minutes(int64_t *out, struct unalloc_datetime from,
                              struct unalloc_datetime to, struct unalloc_error *err);

/* Unit names ("working-days", ...): unalloc_unit_name() and
 * unalloc_unit_parse() in vocab.h. */

UNALLOC_END_DECLS

#endif /* UNALLOC_DATE_H */
