/*
 * libunalloc: calendar internals shared with the iCalendar reader and the
 * policy engine.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_CALENDAR_PRIVATE_H
#define UNALLOC_CALENDAR_PRIVATE_H

#include <stdbool.h>

#include "private.h"

/* Longest holiday or closure name kept, in bytes. */
#define UA_MAX_NAME 200

/* One day read from an iCalendar file. name is owned (ua_malloc). */
struct ua_ical_day {
    int32_t day;
    char *name;
};

/* Reads an untrusted iCalendar file into days (struct ua_ical_day). On failure
 * days may hold entries the caller must free. lib/ical.c. */
enum unalloc_status ua_ical_read(struct ua_vec *days, const char *data, size_t size,
                                 struct unalloc_error *err);

/* What a calendar was built from, kept for the run-level record of the
 * outputs (lib/format.c): the closures and working-day overrides in the order
 * added, and each file loaded, in load order. */
struct ua_calendar_closure {
    int32_t first, last;
    char *name; /* NULL: "closure" */
};
struct ua_calendar_file {
    uint64_t hash;          /* FNV-1a over the file's bytes */
    size_t bytes;
    size_t days;            /* days it lists */
    int first_year, last_year; /* the years it covers (0 when it lists none) */
};
size_t ua_calendar_closures(const struct unalloc_calendar *cal,
                            const struct ua_calendar_closure **out);
size_t ua_calendar_working(const struct unalloc_calendar *cal, const int32_t **out);
size_t ua_calendar_files(const struct unalloc_calendar *cal, const struct ua_calendar_file **out);
/* Records a file whose days were just added to the builder (for a loader of
 * another format beside iCalendar). -1 on allocation failure. */
struct unalloc_calendar_builder;
int ua_calendar_builder_note_file(struct unalloc_calendar_builder *b, const char *data, size_t size,
                                  const struct ua_vec *days);
/* Reads gov.uk's bank-holidays.json: the events of @p region's division, as
 * ua_ical_read() does (lib/govuk-json.c). */
enum unalloc_status ua_govuk_json_read(struct ua_vec *days, enum unalloc_region region,
                                       const char *data, size_t size, struct unalloc_error *err);

/* A holiday's name as kept: a copy of s[0..len) (ua_malloc; NULL when out of
 * memory) with control characters made spaces (lib/ical.c). */
char *ua_holiday_name(const char *s, size_t len);

/* libical keeps process-wide error settings that every parse (and some
 * formatting) changes: calls into it go between ua_ical_enter(), which takes
 * the library's lock and makes libical's errors non-fatal, and
 * ua_ical_leave(), which restores the caller's settings and unlocks. Never
 * call back into user code in between. lib/ical.c. */
struct ua_ical_saved {
    int fatal;
    int errno_value;
    int states[16];
};
void ua_ical_enter(struct ua_ical_saved *s);
void ua_ical_leave(const struct ua_ical_saved *s);

/* Serial-day forms of the calendar queries, for the engine's hot paths. The
 * day arguments must already be in range. */
bool ua_calendar_working_index(const struct unalloc_calendar *cal, int32_t index);
enum unalloc_status ua_calendar_add_days_serial(int32_t *out, const struct unalloc_calendar *cal,
                                                int32_t day, int64_t n, struct unalloc_error *err);
int32_t ua_calendar_count_serial(const struct unalloc_calendar *cal, int32_t from, int32_t to);

#endif
