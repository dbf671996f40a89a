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
 *
 * @since 1.0
 */

/** First supported year. @since 1.0 */
#define UNALLOC_YEAR_MIN 1900
/** Last supported year. @since 1.0 */
#define UNALLOC_YEAR_MAX 2199

/** Buffer size for unalloc_date_format(): "YYYY-MM-DD" and the NUL. @since 1.0 */
#define UNALLOC_DATE_BUFSIZE 11
/** Buffer size for unalloc_datetime_format(): "YYYY-MM-DDTHH:MM" and the NUL. @since 1.0 */
#define UNALLOC_DATETIME_BUFSIZE 17

/** A civil date. @since 1.0 */
struct unalloc_date {
    int year;  /**< 1900-2199 */
    int month; /**< 1-12 */
    int day;   /**< 1-31 (as the month allows) */
};

/** A local date-time to the minute. @since 1.0 */
struct unalloc_datetime {
    struct unalloc_date date; /**< the day */
    int hour;                 /**< 0-23 */
    int minute;               /**< 0-59 */
};

/** A date-time that may have no time of day: a date-only moment has
 *  has_time = false and hour = minute = 0. Used for event times, as-of times
 *  and due dates ("2024-05-20" or "2024-05-20T09:30").
 *  @since 1.0 */
struct unalloc_moment {
    struct unalloc_datetime at; /**< the day, and the time when has_time */
    bool has_time;              /**< false: a date alone (00:00 in @c at) */
};

/** Units of a duration. The names ("hours", "days", "working-days", "weeks",
 *  "months") are used by the policy format, the command line and the bindings.
 *  @since 1.0 */
enum unalloc_unit {
    UNALLOC_UNIT_HOURS = 0,
    UNALLOC_UNIT_DAYS = 1,
    UNALLOC_UNIT_WORKING_DAYS = 2,
    UNALLOC_UNIT_WEEKS = 3,
    UNALLOC_UNIT_MONTHS = 4
};

/** An amount of time: "5 working days", "24 hours", "1 month". @since 1.0 */
struct unalloc_duration {
    int amount;             /**< how many units (may be negative where a function says so) */
    enum unalloc_unit unit; /**< the unit */
};

/** Whether @p d is a real date within the supported range.
 *  @param[in] d the date.
 *  @return true when it is.
 *  @since 1.0 */
UNALLOC_EXPORT bool unalloc_date_is_valid(struct unalloc_date d);

/** Whether @p dt has a valid date and a time from 00:00 to 23:59.
 *  @param[in] dt the date-time.
 *  @return true when it has.
 *  @since 1.0 */
UNALLOC_EXPORT bool unalloc_datetime_is_valid(struct unalloc_datetime dt);

/**
 * Checks a date and explains what is wrong with it.
 * @param[in] d the date.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date (month 13,
 *         30 February); UNALLOC_E_RANGE for a real date outside 1900-2199.
 * @since 1.0
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
 * @errparam
 * @return UNALLOC_OK, or UNALLOC_E_PARSE, UNALLOC_E_INVALID or
 *  UNALLOC_E_RANGE as above.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_parse(struct unalloc_date *out, const char *text, struct unalloc_error *err);

/**
 * Parses `YYYY-MM-DDTHH:MM` (minutes; no seconds, no zone) or, when @p has_time
 * is not NULL, also a bare `YYYY-MM-DD`, which gives 00:00 and *has_time = false.
 * Errors as for unalloc_date_parse(); hour 24 and minute 60 are rejected.
 * @param[out] out the date-time; untouched on failure.
 * @param[out] has_time may be NULL, in which case the time part is required.
 * @param[in] text NUL-terminated.
 * @errparam
 * @return UNALLOC_OK, or UNALLOC_E_PARSE, UNALLOC_E_INVALID or
 *  UNALLOC_E_RANGE as for unalloc_date_parse().
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_parse(struct unalloc_datetime *out, bool *has_time, const char *text,
                       struct unalloc_error *err);

/**
 * Writes `YYYY-MM-DD` and a NUL into @p buf.
 * @param[out] buf at least UNALLOC_DATE_BUFSIZE bytes, else UNALLOC_E_INVALID.
 * @param[in] size the size of @p buf.
 * @param[in] d the date.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a small buffer or an impossible
 *  date; UNALLOC_E_RANGE outside 1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_format(char *buf, size_t size, struct unalloc_date d, struct unalloc_error *err);

/**
 * Writes `YYYY-MM-DDTHH:MM` and a NUL into @p buf.
 * @param[out] buf at least UNALLOC_DATETIME_BUFSIZE bytes, else UNALLOC_E_INVALID.
 * @param[in] size the size of @p buf.
 * @param[in] dt the date-time.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a small buffer or an invalid
 *  date-time; UNALLOC_E_RANGE outside 1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_format(char *buf, size_t size, struct unalloc_datetime dt,
                        struct unalloc_error *err);

/* ---- moments ------------------------------------------------------------- */

/** Buffer size for unalloc_moment_format(), including the NUL. @since 1.0 */
#define UNALLOC_MOMENT_BUFSIZE UNALLOC_DATETIME_BUFSIZE

/**
 * A date-only moment: @p year - @p month - @p day, 00:00, has_time false.
 * `unalloc_moment_from_date(2024, 6, 14)` for `{ { { 2024, 6, 14 }, 0, 0 },
 * false }`. Nothing is checked here: every function that takes a moment
 * checks it (an impossible date is UNALLOC_E_INVALID there).
 * @param[in] year the year.
 * @param[in] month 1-12.
 * @param[in] day 1-31.
 * @return the moment, by value.
 * @since 1.0
 */
UNALLOC_EXPORT struct unalloc_moment unalloc_moment_from_date(int year, int month, int day);

/** A moment with a time of day (has_time true), to the minute; checked where
 *  it is used, as for unalloc_moment_from_date().
 *  @param[in] year the year.
 *  @param[in] month 1-12.
 *  @param[in] day 1-31.
 *  @param[in] hour 0-23.
 *  @param[in] minute 0-59.
 *  @return the moment, by value.
 *  @since 1.0 */
UNALLOC_EXPORT struct unalloc_moment
unalloc_moment_from_datetime(int year, int month, int day, int hour, int minute);

/** Whether @p m is a valid date-time and, if date-only, at 00:00.
 *  @param[in] m the moment.
 *  @return true when it is.
 *  @since 1.0 */
UNALLOC_EXPORT bool unalloc_moment_is_valid(struct unalloc_moment m);

/**
 * Parses a moment: `YYYY-MM-DD` (date-only) or `YYYY-MM-DDTHH:MM`, exactly as
 * unalloc_datetime_parse() with a has_time pointer does.
 * @param[out] out the moment; untouched on failure.
 * @param[in] text NUL-terminated.
 * @errparam
 * @return UNALLOC_OK, or UNALLOC_E_PARSE, UNALLOC_E_INVALID or
 *  UNALLOC_E_RANGE as for unalloc_date_parse().
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_moment_parse(struct unalloc_moment *out, const char *text, struct unalloc_error *err);

/**
 * Writes a moment as it is parsed: `YYYY-MM-DD` when date-only, else
 * `YYYY-MM-DDTHH:MM`, and a NUL.
 * @param[out] buf at least UNALLOC_MOMENT_BUFSIZE bytes, else UNALLOC_E_INVALID.
 * @param[in] size the size of @p buf.
 * @param[in] m the moment.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID / UNALLOC_E_RANGE for a moment that
 *  is not valid.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_moment_format(char *buf, size_t size, struct unalloc_moment m, struct unalloc_error *err);

/**
 * Days since 1970-01-01 (negative before it): the unit of numpy's datetime64[D].
 * @param[out] out the number of days; untouched on failure.
 * @param[in] d the date.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *  UNALLOC_E_RANGE outside 1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_to_days(int32_t *out, struct unalloc_date d, struct unalloc_error *err);

/** Inverse of unalloc_date_to_days().
 *  @param[out] out the date; untouched on failure.
 *  @param[in] days days since 1970-01-01.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_RANGE outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_from_days(struct unalloc_date *out, int32_t days, struct unalloc_error *err);

/** ISO weekday of @p d.
 *  @param[out] out 1 = Monday ... 7 = Sunday; untouched on failure.
 *  @param[in] d the date.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *   UNALLOC_E_RANGE outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_weekday(int *out, struct unalloc_date d, struct unalloc_error *err);

/** Compares two dates field by field (no validation).
 *  @param[in] a a date.
 *  @param[in] b another.
 *  @return -1, 0 or 1 as @p a is before, equal to or after @p b.
 *  @since 1.0 */
UNALLOC_EXPORT int unalloc_date_compare(struct unalloc_date a, struct unalloc_date b);

/** Compares two date-times field by field (no validation).
 *  @param[in] a a date-time.
 *  @param[in] b another.
 *  @return -1, 0 or 1 as @p a is before, equal to or after @p b.
 *  @since 1.0 */
UNALLOC_EXPORT int unalloc_datetime_compare(struct unalloc_datetime a, struct unalloc_datetime b);

/** @p d plus @p n calendar days.
 *  @param[out] out the date; untouched on failure.
 *  @param[in] d the date.
 *  @param[in] n days to add (may be negative).
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *   UNALLOC_E_RANGE when @p d or the result is outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_add_days(struct unalloc_date *out, struct unalloc_date d, int n,
                      struct unalloc_error *err);

/**
 * @p d plus @p n calendar months (n may be negative). The day is clamped to the
 * end of the target month: 31 January + 1 month = 28 February (29 in a leap
 * year); 31 March - 1 month = 28/29 February. Clamping is not undone by adding
 * back: 31 January + 1 month - 1 month = 28 January.
 * @param[out] out the date; untouched on failure.
 * @param[in] d the date.
 * @param[in] n months to add (may be negative).
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *  UNALLOC_E_RANGE when @p d or the result is outside 1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_add_months(struct unalloc_date *out, struct unalloc_date d, int n,
                        struct unalloc_error *err);

/** Calendar days from @p from to @p to.
 *  @param[out] out the difference, positive when @p to is later; untouched on
 *   failure.
 *  @param[in] from a date.
 *  @param[in] to another.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *   UNALLOC_E_RANGE outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_date_diff_days(int32_t *out, struct unalloc_date from, struct unalloc_date to,
                       struct unalloc_error *err);

/** @p dt plus @p n minutes.
 *  @param[out] out the date-time; untouched on failure.
 *  @param[in] dt the date-time.
 *  @param[in] n minutes to add (may be negative).
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an invalid date-time;
 *   UNALLOC_E_RANGE when @p dt or the result is outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_add_minutes(struct unalloc_datetime *out, struct unalloc_datetime dt,
                             int64_t n, struct unalloc_error *err);

/** Minutes from @p from to @p to.
 *  @param[out] out the difference, positive when @p to is later; untouched
 *   on failure.
 *  @param[in] from a date-time.
 *  @param[in] to another.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an invalid date-time;
 *   UNALLOC_E_RANGE outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_diff_minutes(int64_t *out, struct unalloc_datetime from,
                              struct unalloc_datetime to, struct unalloc_error *err);

/* Unit names ("working-days", ...): unalloc_unit_name() and
 * unalloc_unit_parse() in vocab.h. */

UNALLOC_END_DECLS

#endif /* UNALLOC_DATE_H */
