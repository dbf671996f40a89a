/*
 * libunalloc: civil dates, date-times and durations.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "private.h"

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

int
ua_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
ua_days_in_month(int y, int m)
{
    static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && ua_is_leap(y) ? 29 : dim[m - 1];
}

/* days_from_civil and civil_from_days: C. Neri and L. Schneider, "Euclidean
 * affine functions and their application to calendar algorithms" (Softw.
 * Pract. Exper. 53(4), 2023), in 32-bit unsigned arithmetic: the same
 * serial days and dates as H. Hinnant's "chrono-Compatible Low-Level Date
 * Algorithms" in about a third of the instructions (every caller converts a
 * day of 1900-2199; checked equal to Hinnant's for every year from -32,000
 * to 1,000,000, months 1-12, days 1-31, and every day from -12,699,422 to
 * 10^9; tests/test-date.c walks every supported day). Years are shifted by
 * 82 eras of 400 years (days by 82 x 146,097) so that the sums stay
 * unsigned; a year starts in March (January and February are months 13
 * and 14 of the year before). */
int32_t
ua_days_from_civil(int y, int m, int d)
{
    const uint32_t J = m <= 2;
    const uint32_t Y = (uint32_t)y + 400u * 82u - J, M = J ? (uint32_t)m + 12 : (uint32_t)m;
    const uint32_t C = Y / 100;
    const uint32_t N = 1461 * Y / 4 - C + C / 4 + (979 * M - 2919) / 32 + (uint32_t)d - 1;
    return (int32_t)(N - (719468u + 146097u * 82u));
}

/* N: the day shifted; N_Y: the day of the year (from March: >= 306 is
 * January or February of the next). */
struct unalloc_date
ua_civil_from_days(int32_t z)
{
    const uint32_t N = (uint32_t)z + 719468u + 146097u * 82u;
    const uint32_t N1 = 4 * N + 3, C = N1 / 146097, NC = N1 % 146097 / 4;
    const uint32_t N2 = 4 * NC + 3;
    const uint64_t P2 = (uint64_t)2939745 * N2;
    const uint32_t Z = (uint32_t)(P2 >> 32), NY = (uint32_t)P2 / 2939745 / 4;
    const uint32_t N3 = 2141 * NY + 197913, M = N3 >> 16, D = (N3 & 0xffff) / 2141;
    const uint32_t J = NY >= 306;
    struct unalloc_date out = { (int)(100 * C + Z + J) - 400 * 82, (int)(J ? M - 12 : M),
                                (int)D + 1 };
    return out;
}

int
ua_weekday_of_days(int32_t z)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int32_t w = (z + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int32_t
ua_easter_sunday(int y)
{
    /* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return ua_days_from_civil(y, month, day);
}

static bool
date_fields_ok(struct unalloc_date d)
{
    return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31 &&
           d.day <= ua_days_in_month(d.year, d.month);
}

static bool
year_in_range(int y)
{
    return y >= UNALLOC_YEAR_MIN && y <= UNALLOC_YEAR_MAX;
}

UNALLOC_EXPORT bool
unalloc_date_is_valid(struct unalloc_date d)
{
    return year_in_range(d.year) && date_fields_ok(d);
}

UNALLOC_EXPORT bool
unalloc_datetime_is_valid(struct unalloc_datetime dt)
{
    return unalloc_date_is_valid(dt.date) && dt.hour >= 0 && dt.hour <= 23 && dt.minute >= 0 &&
           dt.minute <= 59;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_date_check(struct unalloc_date d, struct unalloc_error *err)
{
    char text[UA_ANY_DATE_BUFSIZE];
    if (unalloc_date_is_valid(d))
        return UNALLOC_OK;
    ua_format_date(text, sizeof text, d);
    if (d.month < 1 || d.month > 12)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s is not a valid date: month %d is not 1 to 12", text, d.month);
    if (d.day < 1 || d.day > 31 || d.day > ua_days_in_month(d.year, d.month))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s is not a valid date: %s %d has %d days",
                       text, month_names[d.month - 1], d.year, ua_days_in_month(d.year, d.month));
    return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                   "%s is outside the supported range 1900-01-01 to 2199-12-31", text);
}

enum unalloc_status
ua_date_to_days_checked(int32_t *out, struct unalloc_date d, struct unalloc_error *err)
{
    enum unalloc_status st = unalloc_date_check(d, err);
    if (st != UNALLOC_OK)
        return st;
    *out = ua_days_from_civil(d.year, d.month, d.day);
    return UNALLOC_OK;
}

enum unalloc_status
ua_datetime_check(struct unalloc_datetime dt, struct unalloc_error *err)
{
    enum unalloc_status st;
    /* A valid date (nearly always) without the exported call's overhead;
     * unalloc_date_check() says what is wrong with an invalid one. */
    if (!(year_in_range(dt.date.year) && date_fields_ok(dt.date)) &&
        (st = unalloc_date_check(dt.date, err)) != UNALLOC_OK)
        return st;
    if (dt.hour < 0 || dt.hour > 23 || dt.minute < 0 || dt.minute > 59)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%02d:%02d is not a valid time: hours run 00-23 and minutes 00-59",
                       dt.hour, dt.minute);
    return UNALLOC_OK;
}

int64_t
ua_minutes_of(struct unalloc_datetime dt)
{
    return (int64_t)ua_days_from_civil(dt.date.year, dt.date.month, dt.date.day) * 1440 +
           dt.hour * 60 + dt.minute;
}

/* ---- parsing ------------------------------------------------------------- */

/* Reads exactly n ASCII digits at s[*pos]; returns -1 (with *pos at the first
 * non-digit) if there are fewer. */
static int
read_digits(const char *s, size_t *pos, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = s[*pos];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
        (*pos)++;
    }
    return v;
}

static enum unalloc_status
syntax_error(struct unalloc_error *err, const char *text, size_t pos, const char *form)
{
    char q[64];
    ua_quote(q, sizeof q, text, strlen(text));
    return ua_fail(err, UNALLOC_E_PARSE, 0, (int)pos + 1,
                   "'%s' is not a %s (character %zu is wrong)", q, form, pos + 1);
}

/* Parses YYYY-MM-DD at the start of text; *pos is left after it. */
static enum unalloc_status
parse_date_part(struct unalloc_date *out, const char *text, size_t *pos, const char *form,
                struct unalloc_error *err)
{
    struct unalloc_date d;
    if ((d.year = read_digits(text, pos, 4)) < 0)
        return syntax_error(err, text, *pos, form);
    if (text[*pos] != '-')
        return syntax_error(err, text, *pos, form);
    (*pos)++;
    if ((d.month = read_digits(text, pos, 2)) < 0)
        return syntax_error(err, text, *pos, form);
    if (text[*pos] != '-')
        return syntax_error(err, text, *pos, form);
    (*pos)++;
    if ((d.day = read_digits(text, pos, 2)) < 0)
        return syntax_error(err, text, *pos, form);
    *out = d;
    return UNALLOC_OK;
}

static enum unalloc_status
semantic_error(struct unalloc_error *err, const char *text, enum unalloc_status st,
               struct unalloc_error *inner)
{
    char q[64];
    ua_quote(q, sizeof q, text, strlen(text));
    /* inner->message starts with the date itself; restate with the text. */
    const char *why = strstr(inner->message, ": ");
    if (st == UNALLOC_E_RANGE)
        return ua_fail(err, st, 0, 1, "'%s' is outside the supported range 1900-01-01 to 2199-12-31",
                       q);
    return ua_fail(err, st, 0, 1, "'%s' is not a valid date%s", q, why ? why : "");
}

UNALLOC_EXPORT enum unalloc_status
unalloc_date_parse(struct unalloc_date *out, const char *text, struct unalloc_error *err)
{
    const char *form = "date in the form YYYY-MM-DD";
    struct unalloc_date d;
    struct unalloc_error inner;
    size_t pos = 0;
    enum unalloc_status st;

    if (!out || !text)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_date_parse: %s is NULL",
                       !out ? "out" : "text");
    if ((st = parse_date_part(&d, text, &pos, form, err)) != UNALLOC_OK)
        return st;
    if (text[pos] != '\0')
        return syntax_error(err, text, pos, form);
    if ((st = unalloc_date_check(d, &inner)) != UNALLOC_OK)
        return semantic_error(err, text, st, &inner);
    *out = d;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_parse(struct unalloc_datetime *out, bool *has_time, const char *text,
                       struct unalloc_error *err)
{
    const char *form = has_time ? "date or date-time in the form YYYY-MM-DD or YYYY-MM-DDTHH:MM"
                                : "date-time in the form YYYY-MM-DDTHH:MM";
    struct unalloc_datetime dt = { { 0, 0, 0 }, 0, 0 };
    struct unalloc_error inner;
    size_t pos = 0;
    bool timed = false;
    enum unalloc_status st;

    if (!out || !text)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_datetime_parse: %s is NULL",
                       !out ? "out" : "text");
    if ((st = parse_date_part(&dt.date, text, &pos, form, err)) != UNALLOC_OK)
        return st;
    if (text[pos] == 'T') {
        pos++;
        if ((dt.hour = read_digits(text, &pos, 2)) < 0)
            return syntax_error(err, text, pos, form);
        if (text[pos] != ':')
            return syntax_error(err, text, pos, form);
        pos++;
        if ((dt.minute = read_digits(text, &pos, 2)) < 0)
            return syntax_error(err, text, pos, form);
        timed = true;
    } else if (!has_time) {
        return syntax_error(err, text, pos, form);
    }
    if (text[pos] != '\0')
        return syntax_error(err, text, pos, form);
    if ((st = unalloc_date_check(dt.date, &inner)) != UNALLOC_OK)
        return semantic_error(err, text, st, &inner);
    if (dt.hour > 23 || dt.minute > 59) {
        char q[64];
        ua_quote(q, sizeof q, text, strlen(text));
        return ua_fail(err, UNALLOC_E_INVALID, 0, 12,
                       "'%s' is not a valid time: hours run 00-23 and minutes 00-59", q);
    }
    *out = dt;
    if (has_time)
        *has_time = timed;
    return UNALLOC_OK;
}

/* ---- formatting ---------------------------------------------------------- */

UNALLOC_EXPORT enum unalloc_status
unalloc_date_format(char *buf, size_t size, struct unalloc_date d, struct unalloc_error *err)
{
    enum unalloc_status st;
    if (!buf || size < UNALLOC_DATE_BUFSIZE)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_date_format: the buffer must hold %d bytes",
                       UNALLOC_DATE_BUFSIZE);
    if ((st = unalloc_date_check(d, err)) != UNALLOC_OK)
        return st;
    ua_format_date(buf, size, d);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_format(char *buf, size_t size, struct unalloc_datetime dt,
                        struct unalloc_error *err)
{
    enum unalloc_status st;
    if (!buf || size < UNALLOC_DATETIME_BUFSIZE)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_datetime_format: the buffer must hold %d bytes",
                       UNALLOC_DATETIME_BUFSIZE);
    if ((st = ua_datetime_check(dt, err)) != UNALLOC_OK)
        return st;
    ua_format_moment(buf, size, (struct unalloc_moment){ dt, true });
    return UNALLOC_OK;
}

/* ---- moments ------------------------------------------------------------- */

/* Writes v (0 to 10^n - 1) as n digits at p. */
static char *
put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

/* Whether a date's fields fit "YYYY-MM-DD" as printf's %04d and %02d would
 * write them (a date from the engine, or any checked one, does). */
static bool
fits_digits(struct unalloc_date d)
{
    return d.year >= 0 && d.year <= 9999 && d.month >= 0 && d.month <= 99 && d.day >= 0 &&
           d.day <= 99;
}

/* The one place dates and moments are spelled (private.h). Output writes
 * a date for every row, and a series' readers one for every warning: the
 * digits are written directly where they fit the buffer, as snprintf()
 * would write them; anything else (a message quoting a date that failed
 * its check, a buffer too small) goes through snprintf(). */
void
ua_format_date(char *buf, size_t size, struct unalloc_date d)
{
    char *p = buf;
    if (size < UNALLOC_DATE_BUFSIZE || !fits_digits(d)) {
        snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
        return;
    }
    p = put_digits(p, d.year, 4);
    *p++ = '-';
    p = put_digits(p, d.month, 2);
    *p++ = '-';
    p = put_digits(p, d.day, 2);
    *p = '\0';
}

void
ua_format_moment(char *buf, size_t size, struct unalloc_moment m)
{
    char *p;
    if (!m.has_time) {
        ua_format_date(buf, size, m.at.date);
        return;
    }
    if (size < UNALLOC_DATETIME_BUFSIZE || !fits_digits(m.at.date) || m.at.hour < 0 ||
        m.at.hour > 99 || m.at.minute < 0 || m.at.minute > 99) {
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d", m.at.date.year, m.at.date.month,
                 m.at.date.day, m.at.hour, m.at.minute);
        return;
    }
    ua_format_date(buf, size, m.at.date);
    p = buf + UNALLOC_DATE_BUFSIZE - 1;
    *p++ = 'T';
    p = put_digits(p, m.at.hour, 2);
    *p++ = ':';
    p = put_digits(p, m.at.minute, 2);
    *p = '\0';
}

UNALLOC_EXPORT struct unalloc_moment
unalloc_moment_from_date(int year, int month, int day)
{
    struct unalloc_moment m = { { { year, month, day }, 0, 0 }, false };
    return m;
}

UNALLOC_EXPORT struct unalloc_moment
unalloc_moment_from_datetime(int year, int month, int day, int hour, int minute)
{
    struct unalloc_moment m = { { { year, month, day }, hour, minute }, true };
    return m;
}

static enum unalloc_status
moment_check(struct unalloc_moment m, struct unalloc_error *err)
{
    enum unalloc_status st;
    if ((st = ua_datetime_check(m.at, err)) != UNALLOC_OK)
        return st;
    if (!m.has_time && (m.at.hour != 0 || m.at.minute != 0))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a date-only moment (has_time false) is at 00:00, not %02d:%02d",
                       m.at.hour, m.at.minute);
    return UNALLOC_OK;
}

UNALLOC_EXPORT bool
unalloc_moment_is_valid(struct unalloc_moment m)
{
    return moment_check(m, NULL) == UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_moment_parse(struct unalloc_moment *out, const char *text, struct unalloc_error *err)
{
    struct unalloc_moment m;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_moment_parse: out is NULL");
    if ((st = unalloc_datetime_parse(&m.at, &m.has_time, text, err)) != UNALLOC_OK)
        return st;
    *out = m;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_moment_format(char *buf, size_t size, struct unalloc_moment m, struct unalloc_error *err)
{
    enum unalloc_status st;
    if (!buf || size < UNALLOC_MOMENT_BUFSIZE)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_moment_format: the buffer must hold %d bytes",
                       UNALLOC_MOMENT_BUFSIZE);
    if ((st = moment_check(m, err)) != UNALLOC_OK)
        return st;
    ua_format_moment(buf, size, m);
    return UNALLOC_OK;
}

/* ---- arithmetic ---------------------------------------------------------- */

UNALLOC_EXPORT enum unalloc_status
unalloc_date_to_days(int32_t *out, struct unalloc_date d, struct unalloc_error *err)
{
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_date_to_days: out is NULL");
    return ua_date_to_days_checked(out, d, err);
}

static enum unalloc_status
days_to_date(struct unalloc_date *out, int64_t days, struct unalloc_error *err)
{
    if (days < UA_DAYS_MIN || days > UA_DAYS_MAX)
        return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                       "the result is outside the supported range 1900-01-01 to 2199-12-31");
    *out = ua_civil_from_days((int32_t)days);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_date_from_days(struct unalloc_date *out, int32_t days, struct unalloc_error *err)
{
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_date_from_days: out is NULL");
    return days_to_date(out, days, err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_date_weekday(int *out, struct unalloc_date d, struct unalloc_error *err)
{
    int32_t z;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_date_weekday: out is NULL");
    if ((st = ua_date_to_days_checked(&z, d, err)) != UNALLOC_OK)
        return st;
    *out = ua_weekday_of_days(z);
    return UNALLOC_OK;
}

static int
cmp_int(int a, int b)
{
    return (a > b) - (a < b);
}

UNALLOC_EXPORT int
unalloc_date_compare(struct unalloc_date a, struct unalloc_date b)
{
    int c = cmp_int(a.year, b.year);
    if (!c)
        c = cmp_int(a.month, b.month);
    if (!c)
        c = cmp_int(a.day, b.day);
    return c;
}

UNALLOC_EXPORT int
unalloc_datetime_compare(struct unalloc_datetime a, struct unalloc_datetime b)
{
    int c = unalloc_date_compare(a.date, b.date);
    if (!c)
        c = cmp_int(a.hour, b.hour);
    if (!c)
        c = cmp_int(a.minute, b.minute);
    return c;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_date_add_days(struct unalloc_date *out, struct unalloc_date d, int n,
                      struct unalloc_error *err)
{
    int32_t z;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_date_add_days: out is NULL");
    if ((st = ua_date_to_days_checked(&z, d, err)) != UNALLOC_OK)
        return st;
    return days_to_date(out, (int64_t)z + n, err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_date_add_months(struct unalloc_date *out, struct unalloc_date d, int n,
                        struct unalloc_error *err)
{
    enum unalloc_status st;
    int64_t m;
    struct unalloc_date r;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_date_add_months: out is NULL");
    if ((st = unalloc_date_check(d, err)) != UNALLOC_OK)
        return st;
    m = (int64_t)d.year * 12 + (d.month - 1) + n;
    if (m < (int64_t)UNALLOC_YEAR_MIN * 12 || m > (int64_t)UNALLOC_YEAR_MAX * 12 + 11)
        return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                       "the result is outside the supported range 1900-01-01 to 2199-12-31");
    r.year = (int)(m / 12);
    r.month = (int)(m % 12) + 1;
    r.day = d.day;
    if (r.day > ua_days_in_month(r.year, r.month))
        r.day = ua_days_in_month(r.year, r.month); /* clamp to the month's end */
    *out = r;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_date_diff_days(int32_t *out, struct unalloc_date from, struct unalloc_date to,
                       struct unalloc_error *err)
{
    int32_t a = 0, b = 0;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_date_diff_days: out is NULL");
    if ((st = ua_date_to_days_checked(&a, from, err)) != UNALLOC_OK ||
        (st = ua_date_to_days_checked(&b, to, err)) != UNALLOC_OK)
        return st;
    *out = b - a;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_add_minutes(struct unalloc_datetime *out, struct unalloc_datetime dt, int64_t n,
                             struct unalloc_error *err)
{
    enum unalloc_status st;
    int64_t t, days, rem;
    struct unalloc_datetime r;
    const int64_t span = (int64_t)(UA_DAYS_MAX - UA_DAYS_MIN + 1) * 1440;

    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_datetime_add_minutes: out is NULL");
    if ((st = ua_datetime_check(dt, err)) != UNALLOC_OK)
        return st;
    if (n > span || n < -span)
        return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                       "the result is outside the supported range 1900-01-01 to 2199-12-31");
    t = ua_minutes_of(dt) + n;
    days = ua_day_of_minute(t);
    rem = t - days * 1440;
    if ((st = days_to_date(&r.date, days, err)) != UNALLOC_OK)
        return st;
    r.hour = (int)(rem / 60);
    r.minute = (int)(rem % 60);
    *out = r;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_datetime_diff_minutes(int64_t *out, struct unalloc_datetime from,
                              struct unalloc_datetime to, struct unalloc_error *err)
{
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_datetime_diff_minutes: out is NULL");
    if ((st = ua_datetime_check(from, err)) != UNALLOC_OK || (st = ua_datetime_check(to, err)) != UNALLOC_OK)
        return st;
    *out = ua_minutes_of(to) - ua_minutes_of(from);
    return UNALLOC_OK;
}
