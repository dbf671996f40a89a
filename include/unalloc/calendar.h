/*
 * libunalloc: the UK working-day calendar.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_CALENDAR_H
#define UNALLOC_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unalloc/common.h>
#include <unalloc/date.h>
#include <unalloc/error.h>

UNALLOC_BEGIN_DECLS

/**
 * @file calendar.h
 * A working-day calendar: Monday to Friday, less the bank holidays of one UK
 * region, less local closures, plus any days explicitly removed from the
 * non-working set.
 *
 * A calendar is made by a builder and is immutable afterwards: every query
 * takes a const pointer, allocates nothing, runs in constant time and is safe
 * to call from many threads on one shared calendar.
 *
 * Bank holidays come from rules (fixed days with substitute days, Easter-based
 * days, first/last Monday days, each region's own days, and a table of one-off
 * proclamations and moved days) for every year 1900-2199. The built-in data was
 * checked against gov.uk's published lists up to unalloc_calendar_verified_through().
 * Years after that come from the rules alone: load a newer gov.uk iCalendar
 * file with unalloc_calendar_builder_load_ical() to pick up later proclamations.
 *
 * Working-day arithmetic (see doc/calendar.md for worked examples):
 * - add(D, N), N > 0: the N-th working day after D. D itself never counts,
 *   whether or not it is a working day. N = 0 gives D. N < 0: the |N|-th
 *   working day before D.
 * - count(D, E): the number of working days in (D, E], i.e. after D up to and
 *   including E; count(D, E) = -count(E, D); count(D, add(D, N)) = N for N >= 0.
 *
 * @since 1.0
 */

/** The three UK bank-holiday regions. Names: "england-and-wales", "scotland",
 *  "northern-ireland".
 *  @since 1.0 */
enum unalloc_region {
    UNALLOC_REGION_UNKNOWN = -1, /**< not a region: what the region accessors return for NULL */
    UNALLOC_REGION_ENGLAND_AND_WALES = 0,
    UNALLOC_REGION_SCOTLAND = 1,
    UNALLOC_REGION_NORTHERN_IRELAND = 2
};

/** Largest iCalendar input accepted by unalloc_calendar_builder_load_ical().
 *  @since 1.0 */
#define UNALLOC_ICAL_MAX_BYTES (1024 * 1024)

/** Largest gov.uk JSON input accepted by unalloc_calendar_builder_load_govuk_json()
 *  (gov.uk's own file is about 20 KB).
 *  @since 1.0 */
#define UNALLOC_GOVUK_JSON_MAX_BYTES (1024 * 1024)

/** An immutable working-day calendar (opaque).
 *  @since 1.0 */
struct unalloc_calendar;

/** A mutable recipe for a calendar (opaque). Not thread-safe; build, then share
 *  the calendar.
 *  @since 1.0 */
struct unalloc_calendar_builder;

/* Region names ("england-and-wales", ...): unalloc_region_name() and
 * unalloc_region_parse() in vocab.h. */

/**
 * Creates a builder for @p region with no local changes.
 * @param[out] out the builder; caller frees with
 *  unalloc_calendar_builder_free(). NULL on failure.
 * @param[in] region the bank-holiday region.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a value not in the enum;
 *  UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_new(struct unalloc_calendar_builder **out, enum unalloc_region region,
                             struct unalloc_error *err);

/** Frees a builder. Calendars built from it stay valid.
 *  @param[in] builder the builder; NULL is a no-op.
 *  @since 1.0 */
UNALLOC_EXPORT void unalloc_calendar_builder_free(struct unalloc_calendar_builder *builder);

/**
 * Adds a local closure: every day from @p first to @p last inclusive becomes
 * non-working (for example the council's Christmas-to-New-Year closure).
 * @param[in,out] builder the builder.
 * @param[in] first the first day closed.
 * @param[in] last the last day closed (inclusive).
 * @param[in] name shown by unalloc_calendar_holiday_name() (copied); NULL means
 *            "closure". UTF-8 without control characters, else UNALLOC_E_INVALID.
 *            A bank holiday inside the range keeps its own name.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID if @p last is before @p first or a
 *         date is invalid; UNALLOC_E_RANGE for a date outside 1900-2199;
 *         UNALLOC_E_LIMIT for a range longer than 366 days or an overlong
 *         name; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_add_closure(struct unalloc_calendar_builder *builder,
                                     struct unalloc_date first, struct unalloc_date last,
                                     const char *name, struct unalloc_error *err);

/**
 * Makes a weekday that would be non-working (a bank holiday or a closure) a
 * working day, e.g. a council that works on a bank holiday. Checked when the
 * calendar is built: removing a day that is not a non-working weekday in the
 * finished calendar, or a Saturday or Sunday, fails the build with
 * UNALLOC_E_INVALID (fail closed: a mistyped date is not silently ignored).
 * @param[in,out] builder the builder.
 * @param[in] date the day to make working.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *  UNALLOC_E_RANGE outside 1900-2199; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_remove_day(struct unalloc_calendar_builder *builder,
                                    struct unalloc_date date, struct unalloc_error *err);

/**
 * Loads bank holidays from an iCalendar file held in memory (for example the
 * files gov.uk publishes at https://www.gov.uk/bank-holidays/england-and-wales.ics),
 * parsed with libical. The file is untrusted: it must be at most
 * UNALLOC_ICAL_MAX_BYTES, every VEVENT must be an all-day event
 * (DTSTART;VALUE=DATE) on a real date in range, optionally with DTEND or
 * DURATION (at most 366 days); recurring events (RRULE, RDATE), components
 * nested more than 4 deep, events not directly inside a VCALENDAR, a second
 * DTSTART, DTEND, DURATION or STATUS in an event, DTEND with DURATION, content
 * libical reports as an error (X-LIC-ERROR) or drops silently, and a file
 * with no events are all rejected. Structure is checked on the unfolded lines
 * (RFC 5545 3.1), which are what libical is given. A UTF-8 BOM and CRLF, LF
 * or CR line endings are accepted. Events with STATUS:CANCELLED are
 * ignored. An event's SUMMARY is its name; control characters in it (escaped
 * line breaks, tabs) become spaces.
 *
 * Loaded dates are authoritative for the years they cover (a year is covered
 * when a loaded file has at least one event in it): they replace the
 * rule-based bank holidays of those years when the calendar is built. Several
 * files may be loaded; their events are combined. On failure the builder is
 * unchanged.
 *
 * Safe to call from several threads at once on different builders: calls into
 * libical, which keeps process-wide error settings, are serialised by a
 * library-internal lock, and libical's error settings and icalerrno are
 * restored to the caller's values afterwards.
 *
 * @param[in,out] builder the builder.
 * @param[in] data the file's bytes (need not be NUL-terminated; must not
 *            contain NUL bytes). Not kept.
 * @param[in] size the number of bytes.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_PARSE with the line (and column where known)
 *         of the offending content; UNALLOC_E_LIMIT for an oversized file;
 *         UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_load_ical(struct unalloc_calendar_builder *builder, const char *data,
                                   size_t size, struct unalloc_error *err);

/**
 * Loads bank holidays from gov.uk's bank-holidays.json held in memory
 * (https://www.gov.uk/bank-holidays.json: an object of divisions
 * "england-and-wales", "scotland" and "northern-ireland", each
 * {"division": NAME, "events": [{"title", "date", "notes", "bunting"}...]}),
 * parsed with jansson. The division read is the builder's region's
 * (unalloc_region_name()); the file must have it.
 *
 * The file is untrusted and is checked whole, every division it has, failing
 * closed as unalloc_calendar_builder_load_ical() does: at most
 * UNALLOC_GOVUK_JSON_MAX_BYTES; well-formed JSON (no duplicate keys, no text
 * after the object, valid UTF-8, no NUL); no key but the three divisions at
 * the top level, "division" (equal to its key) and "events" (a non-empty
 * array) in a division, and "title" (a non-empty string), "date" (a string
 * YYYY-MM-DD, a real date in 1900-2199), "notes" (a string) and "bunting"
 * (true or false) in an event, the first two required; no two events of a
 * division on one date. A UTF-8 BOM is accepted. An event's name is its
 * title, followed by its notes in brackets when there are any ("Boxing Day
 * (substitute day)": a capital first letter followed by a small one is
 * lowered); control characters become spaces.
 *
 * Loaded dates replace the rule-based bank holidays of the years they cover,
 * exactly as for an iCalendar file; files of both kinds may be combined. On
 * failure the builder is unchanged. Thread-safe on different builders.
 *
 * @param[in,out] builder the builder to load into.
 * @param[in] data the file's bytes (need not be NUL-terminated).
 * @param[in] size the number of bytes.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_PARSE with the line and column (JSON syntax)
 *         or naming the JSON path of the value (/scotland/events/3/date) at
 *         fault; UNALLOC_E_RANGE for a date outside 1900-2199;
 *         UNALLOC_E_LIMIT for an oversized file; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_load_govuk_json(struct unalloc_calendar_builder *builder,
                                         const char *data, size_t size,
                                         struct unalloc_error *err);

/**
 * Loads a bank-holiday file of either kind, told apart by its content: after
 * an optional UTF-8 BOM and white space, '{' is gov.uk's JSON
 * (unalloc_calendar_builder_load_govuk_json()); anything else is read as
 * iCalendar (unalloc_calendar_builder_load_ical(), whose errors then say what
 * is wrong). What the command line's --ics and Python's ics= use.
 * @param[in,out] builder the builder to load into.
 * @param[in] data the file's bytes (need not be NUL-terminated).
 * @param[in] size the number of bytes.
 * @errparam
 * @return as the reader chosen returns.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_load_holidays(struct unalloc_calendar_builder *builder,
                                       const char *data, size_t size,
                                       struct unalloc_error *err);

/**
 * Builds an immutable calendar from the builder's current state. The builder
 * is not changed and may be reused.
 * @param[out] out the calendar; caller frees with unalloc_calendar_free().
 *  NULL on failure.
 * @param[in] builder the builder.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID when a day removed with
 *  unalloc_calendar_builder_remove_day() is not a non-working weekday;
 *  UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_build(struct unalloc_calendar **out,
                               const struct unalloc_calendar_builder *builder,
                               struct unalloc_error *err);

/**
 * Shorthand: the built-in calendar of @p region with no local changes.
 * @param[out] out the calendar; caller frees with unalloc_calendar_free().
 *  NULL on failure.
 * @param[in] region the bank-holiday region.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a value not in the enum;
 *  UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_new(struct unalloc_calendar **out, enum unalloc_region region,
                     struct unalloc_error *err);

/** Frees a calendar.
 *  @param[in] calendar the calendar; NULL is a no-op.
 *  @since 1.0 */
UNALLOC_EXPORT void unalloc_calendar_free(struct unalloc_calendar *calendar);

/** The calendar's region.
 *  @param[in] calendar the calendar.
 *  @return its region; UNALLOC_REGION_UNKNOWN for NULL.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_region unalloc_calendar_region(const struct unalloc_calendar *calendar);

/**
 * The last year for which the built-in bank-holiday data was checked against
 * gov.uk's published list. Later years come from the rules (or from loaded
 * iCalendar files).
 * @param[in] calendar the calendar.
 * @return the year; 0 for NULL.
 * @since 1.0
 */
UNALLOC_EXPORT int unalloc_calendar_verified_through(const struct unalloc_calendar *calendar);

/** Whether a year's bank holidays came from a loaded iCalendar file.
 *  @param[in] calendar the calendar.
 *  @param[in] year a year.
 *  @return true when they did; false for NULL or a year outside the
 *   supported range.
 *  @since 1.0 */
UNALLOC_EXPORT bool unalloc_calendar_year_loaded(const struct unalloc_calendar *calendar, int year);

/**
 * A 64-bit fingerprint of the calendar's set of non-working days (FNV-1a over
 * the day table), so results can say which calendar produced them.
 * @param[in] calendar the calendar.
 * @return the fingerprint; 0 for NULL.
 * @since 1.0
 */
UNALLOC_EXPORT uint64_t unalloc_calendar_fingerprint(const struct unalloc_calendar *calendar);

/** Whether @p date is a working day.
 *  @param[out] out true for a working day; untouched on failure.
 *  @param[in] calendar the calendar.
 *  @param[in] date the day.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *   UNALLOC_E_RANGE outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_is_working_day(bool *out, const struct unalloc_calendar *calendar,
                                struct unalloc_date date, struct unalloc_error *err);

/**
 * add(D, N): the N-th working day after @p date (N > 0), before it (N < 0), or
 * @p date itself (N = 0). Constant time, no allocation.
 * @param[out] out the day; untouched on failure.
 * @param[in] calendar the calendar.
 * @param[in] date D, which itself never counts.
 * @param[in] n N.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *  UNALLOC_E_RANGE when @p date or the result is outside 1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_add_working_days(struct unalloc_date *out, const struct unalloc_calendar *calendar,
                                  struct unalloc_date date, int n, struct unalloc_error *err);

/** count(D, E): working days in (from, to]; negative when @p to is before
 *  @p from. Constant time, no allocation.
 *  @param[out] out the count; untouched on failure.
 *  @param[in] calendar the calendar.
 *  @param[in] from D (not counted).
 *  @param[in] to E (counted).
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *   UNALLOC_E_RANGE outside 1900-2199.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_count_working_days(int *out, const struct unalloc_calendar *calendar,
                                    struct unalloc_date from, struct unalloc_date to,
                                    struct unalloc_error *err);

/** The first working day strictly after @p date: add(date, 1).
 *  @param[out] out the day; untouched on failure.
 *  @param[in] calendar the calendar.
 *  @param[in] date the day.
 *  @errparam
 *  @return as unalloc_calendar_add_working_days().
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_next_working_day(struct unalloc_date *out, const struct unalloc_calendar *calendar,
                                  struct unalloc_date date, struct unalloc_error *err);

/** The last working day strictly before @p date: add(date, -1).
 *  @param[out] out the day; untouched on failure.
 *  @param[in] calendar the calendar.
 *  @param[in] date the day.
 *  @errparam
 *  @return as unalloc_calendar_add_working_days().
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_previous_working_day(struct unalloc_date *out,
                                      const struct unalloc_calendar *calendar,
                                      struct unalloc_date date, struct unalloc_error *err);

/**
 * The name of the bank holiday or closure on @p date ("Boxing Day (substitute
 * day)", "closure"), or NULL when the date is a working day or an ordinary
 * weekend day. The string is borrowed from the calendar and lives as long as it.
 * Not constant-time (a binary search); meant for listings.
 * @param[out] out the name, or NULL; untouched on failure.
 * @param[in] calendar the calendar.
 * @param[in] date the day.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date;
 *  UNALLOC_E_RANGE outside 1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_holiday_name(const char **out, const struct unalloc_calendar *calendar,
                              struct unalloc_date date, struct unalloc_error *err);

/** Where a named non-working day comes from (unalloc_calendar_holiday()).
 *  @since 1.0 */
enum unalloc_holiday_source {
    UNALLOC_HOLIDAY_RULE = 0,    /**< the built-in bank-holiday rules */
    UNALLOC_HOLIDAY_FILE = 1,    /**< a loaded iCalendar file */
    UNALLOC_HOLIDAY_CLOSURE = 2  /**< a local closure */
};

/** One named non-working day of a calendar.
 *  @since 1.0 */
struct unalloc_holiday {
    struct unalloc_date date;           /**< the day */
    const char *name;                   /**< borrowed from the calendar; lives as long as it */
    enum unalloc_holiday_source source; /**< rules, a file or a closure */
};

/**
 * The named non-working days (bank holidays and closures, in date order) from
 * @p from to @p to inclusive, as the indexes *first to *first + *count - 1 for
 * unalloc_calendar_holiday(). These are the days unalloc_calendar_holiday_name()
 * names: a closure's Saturdays and Sundays are included, days made working with
 * unalloc_calendar_builder_remove_day() are not, and a closure on a bank holiday
 * is the bank holiday. Not constant-time (two binary searches).
 * @param[out] first the index of the first named day in the range.
 * @param[out] count how many there are (0: none; then @p first is where they
 *  would start).
 * @param[in] calendar the calendar.
 * @param[in] from the first day of the range.
 * @param[in] to the last day of the range (inclusive).
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for @p to before @p from or an
 *         impossible date; UNALLOC_E_RANGE for a date outside 1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_holidays(size_t *first, size_t *count, const struct unalloc_calendar *calendar,
                          struct unalloc_date from, struct unalloc_date to,
                          struct unalloc_error *err);

/**
 * The @p index-th named non-working day of the calendar (0 is the earliest).
 * @param[out] out the day, its name (borrowed from the calendar) and where it
 *  comes from; untouched on failure.
 * @param[in] calendar the calendar.
 * @param[in] index from unalloc_calendar_holidays().
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_RANGE when @p index is not below the number
 *  of named days.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_holiday(struct unalloc_holiday *out, const struct unalloc_calendar *calendar,
                         size_t index, struct unalloc_error *err);

/** The formats of a holiday listing (unalloc_calendar_append_holidays()).
 *  @since 1.0 */
enum unalloc_holiday_format {
    UNALLOC_HOLIDAY_FORMAT_TSV = 0,  /**< `DATE<TAB>NAME`, one line each, no header */
    UNALLOC_HOLIDAY_FORMAT_CSV = 1,  /**< RFC 4180, header `date,name,source` */
    UNALLOC_HOLIDAY_FORMAT_JSON = 2, /**< one object per line: `{"date","name","source"}` */
    UNALLOC_HOLIDAY_FORMAT_ICS = 3   /**< iCalendar (RFC 5545), made with libical */
};

/* Their names: unalloc_holiday_format_name() and unalloc_holiday_format_parse()
 * (vocab.h). */

/** A part of a listing for unalloc_calendar_append_holidays() (a bit): what
 *  comes first (the CSV header, BEGIN:VCALENDAR...).
 *  @since 1.0 */
#define UNALLOC_HOLIDAYS_HEAD 1u
/** A part of a listing (a bit): what comes last (END:VCALENDAR).
 *  @since 1.0 */
#define UNALLOC_HOLIDAYS_TAIL 2u

/**
 * Appends a listing of the calendar's named non-working weekdays in @p format:
 * the head when @p parts has UNALLOC_HOLIDAYS_HEAD, then one record for each
 * of the named days @p first to @p first + @p count - 1 (the indexes of
 * unalloc_calendar_holidays()) that falls Monday to Friday, then the tail
 * when @p parts has UNALLOC_HOLIDAYS_TAIL. A whole listing is one call with
 * both bits; a caller that writes as it goes calls it for the head, for each
 * record and for the tail, so memory does not grow with the listing.
 *
 * Weekends are left out in every format, so the listing holds exactly the
 * days that a calendar loaded back from it (an .ics through
 * unalloc_calendar_builder_load_ical()) makes non-working, with their names.
 * The output is deterministic: the same calendar gives the same bytes. In ICS
 * each day is one all-day VEVENT (DTSTART;VALUE=DATE, DTEND the next day,
 * SUMMARY the name, CATEGORIES the source), its UID
 * `YYYYMMDD-REGION@libunalloc` and its DTSTAMP that date at 00:00 UTC
 * (derived, never the clock); lines end in CRLF and are folded by libical.
 *
 * @param[in,out] buf the text so far (*buf NULL: a new buffer), extended in
 *             place, NUL-terminated; caller frees with unalloc_free(). On
 *             failure *buf holds what it held before.
 * @param[in,out] len the length of *buf, updated.
 * @param[in] calendar the calendar whose named days are listed.
 * @param[in] first the index of the first named day (unalloc_calendar_holiday()).
 * @param[in] count how many named days from @p first.
 * @param[in] format the format.
 * @param[in] parts UNALLOC_HOLIDAYS_HEAD and/or UNALLOC_HOLIDAYS_TAIL, or 0.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an unknown format or parts bit;
 *         UNALLOC_E_RANGE when the days are not all named days of @p calendar;
 *         UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_append_holidays(char **buf, size_t *len, const struct unalloc_calendar *calendar,
                                 size_t first, size_t count, enum unalloc_holiday_format format,
                                 unsigned parts, struct unalloc_error *err);

/**
 * @p start plus @p duration: hours and minutes shift the time; days, weeks and
 * months shift the date and keep the time (months clamp, see
 * unalloc_date_add_months()); working days use add(D, N) and keep the time.
 * @param[out] out the date-time; untouched on failure.
 * @param[in] calendar needed only for UNALLOC_UNIT_WORKING_DAYS (may be NULL otherwise).
 * @param[in] start the date-time to add to.
 * @param[in] duration an amount and a unit (the amount may be negative).
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for an invalid @p start or unit, or a
 *  NULL calendar with working days; UNALLOC_E_RANGE when the result leaves
 *  1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_add_duration(struct unalloc_datetime *out, const struct unalloc_calendar *calendar,
                              struct unalloc_datetime start, struct unalloc_duration duration,
                              struct unalloc_error *err);

/* ---- vectorised forms, for numpy and bulk jobs ------------------------------ */

/** A missing date in the array forms (numpy's NaT): passed through as missing.
 *  @since 1.0 */
#define UNALLOC_DAYS_MISSING INT64_MIN

/**
 * add(D, N) over arrays of days since 1970-01-01 (numpy datetime64[D]):
 * out_days[i] = add(days[i], n[n_count == 1 ? 0 : i]). UNALLOC_DAYS_MISSING in
 * gives UNALLOC_DAYS_MISSING out. Any other day outside 1900-2199, or a
 * result outside it, fails the whole call (UNALLOC_E_RANGE) naming the index.
 * @param[out] out_days @p count results.
 * @param[in] calendar the calendar.
 * @param[in] days @p count days since 1970-01-01.
 * @param[in] n the N of each day, or one N for all.
 * @param[in] n_count 1 (one N for all) or @p count.
 * @param[in] count the number of days.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_RANGE naming the index; UNALLOC_E_INVALID for
 *  NULL arrays (with a non-zero count) or a bad @p n_count.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_add_working_days_array(int64_t *out_days, const struct unalloc_calendar *calendar,
                                        const int64_t *days, const int64_t *n, size_t n_count,
                                        size_t count, struct unalloc_error *err);

/**
 * count(from[i], to[i]) over arrays of days since 1970-01-01. A missing day
 * on either side gives UNALLOC_DAYS_MISSING.
 * @param[out] out_counts @p count results.
 * @param[in] calendar the calendar.
 * @param[in] from @p count days since 1970-01-01 (not counted).
 * @param[in] to @p count days since 1970-01-01 (counted).
 * @param[in] count the number of pairs.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_RANGE naming the index of a day outside
 *  1900-2199; UNALLOC_E_INVALID for NULL arrays (with a non-zero count).
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_count_working_days_array(int64_t *out_counts, const struct unalloc_calendar *calendar,
                                          const int64_t *from, const int64_t *to, size_t count,
                                          struct unalloc_error *err);

/** is_working_day over an array of days: 1, 0, or -1 for a missing day.
 *  @param[out] out_flags @p count results.
 *  @param[in] calendar the calendar.
 *  @param[in] days @p count days since 1970-01-01.
 *  @param[in] count the number of days.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_RANGE naming the index of a day outside
 *   1900-2199; UNALLOC_E_INVALID for NULL arrays (with a non-zero count).
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_is_working_day_array(int8_t *out_flags, const struct unalloc_calendar *calendar,
                                      const int64_t *days, size_t count, struct unalloc_error *err);

UNALLOC_END_DECLS

#endif /* UNALLOC_CALENDAR_H */
