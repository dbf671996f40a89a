/*
 * libunalloc: a calendar's non-working weekdays as TSV, CSV, JSON lines or
 * iCalendar, in memory (the command line writes them out record by record).
 *
 * The iCalendar text is made by libical (properties, escaping, line folding)
 * one VEVENT at a time, under the library's libical lock; the JSON records by
 * jansson. Nothing depends on the clock: a VEVENT's UID and DTSTAMP are
 * derived from its date and the calendar's region, so the same calendar gives
 * the same bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <libical/ical.h>

#include "calendar-private.h"


/* ---- iCalendar ---------------------------------------------------------------- */

/* Adds p to c; a NULL p (libical out of memory) clears *ok. */
static void
add_prop(icalcomponent *c, icalproperty *p, int *ok)
{
    if (!p)
        *ok = 0;
    else
        icalcomponent_add_property(c, p);
}

/* Appends c as text (libical's), less @p drop bytes at its end. */
static int
append_component(struct ua_text *o, icalcomponent *c, size_t drop)
{
    char *text = icalcomponent_as_ical_string_r(c);
    size_t n;
    if (!text)
        return -1;
    n = strlen(text);
    ua_text_add(o, text, n - (drop < n ? drop : n));
    icalmemory_free_buffer(text);
    return 0;
}

static const char vcal_end[] = "END:VCALENDAR\r\n";

/* BEGIN:VCALENDAR and the calendar's properties: libical's text of a calendar
 * with no events, less its END line. */
static int
ics_head(struct ua_text *o, const struct unalloc_calendar *cal)
{
    char name[96];
    int ok = 1;
    icalcomponent *c = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalproperty *x;
    if (!c)
        return -1;
    snprintf(name, sizeof name, "Non-working days, %s (libunalloc)",
             unalloc_region_name(unalloc_calendar_region(cal)));
    add_prop(c, icalproperty_new_version("2.0"), &ok);
    add_prop(c, icalproperty_new_prodid("-//libunalloc//holidays//EN"), &ok);
    add_prop(c, icalproperty_new_calscale("GREGORIAN"), &ok);
    add_prop(c, icalproperty_new_method(ICAL_METHOD_PUBLISH), &ok);
    if ((x = icalproperty_new_x(name)) != NULL)
        icalproperty_set_x_name(x, "X-WR-CALNAME");
    add_prop(c, x, &ok);
    if (ok) {
        size_t before = o->len;
        ok = append_component(o, c, 0) == 0;
        /* libical ends a component with its END line; keep it for the tail. */
        if (ok && !o->failed &&
            (o->len - before < sizeof vcal_end - 1 ||
             memcmp(o->s + o->len - (sizeof vcal_end - 1), vcal_end, sizeof vcal_end - 1) != 0))
            ok = 0; /* libical always ends with END:VCALENDAR */
        if (ok && !o->failed) {
            o->len -= sizeof vcal_end - 1;
            o->s[o->len] = '\0';
        }
    }
    icalcomponent_free(c);
    return ok ? 0 : -1;
}

static struct icaltimetype
ical_date(int32_t day)
{
    struct unalloc_date d = ua_civil_from_days(day);
    struct icaltimetype t = icaltime_null_date();
    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
    return t;
}

static int
ics_event(struct ua_text *o, const struct unalloc_calendar *cal, const struct unalloc_holiday *h,
          int32_t day)
{
    char uid[64];
    int ok = 1;
    struct icaltimetype stamp = ical_date(day);
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (!ev)
        return -1;
    snprintf(uid, sizeof uid, "%04d%02d%02d-%s@libunalloc", h->date.year, h->date.month,
             h->date.day, unalloc_region_name(unalloc_calendar_region(cal)));
    stamp.is_date = 0;
    stamp.hour = stamp.minute = stamp.second = 0;
    stamp.zone = icaltimezone_get_utc_timezone();
    add_prop(ev, icalproperty_new_uid(uid), &ok);
    add_prop(ev, icalproperty_new_dtstamp(stamp), &ok);
    add_prop(ev, icalproperty_new_dtstart(ical_date(day)), &ok);
    add_prop(ev, icalproperty_new_dtend(ical_date(day + 1)), &ok);
    add_prop(ev, icalproperty_new_summary(h->name), &ok);
    add_prop(ev, icalproperty_new_categories(unalloc_holiday_source_name(h->source)), &ok);
    if (ok)
        ok = append_component(o, ev, 0) == 0;
    icalcomponent_free(ev);
    return ok ? 0 : -1;
}

/* ---- records ------------------------------------------------------------------ */

/* One JSON object and "\n". A record is short (a name is at most 200 bytes,
 * at most 6 when escaped), so it is made in a buffer on the stack. */
static int
json_record(struct ua_text *o, const char *date, const struct unalloc_holiday *h)
{
    char tmp[2048];
    json_t *obj = json_pack("{s:s,s:s,s:s}", "date", date, "name", h->name, "source",
                            unalloc_holiday_source_name(h->source));
    size_t n;
    if (!obj)
        return -1;
    n = json_dumpb(obj, tmp, sizeof tmp, JSON_COMPACT);
    json_decref(obj);
    if (n == 0 || n > sizeof tmp)
        return -1; /* out of memory inside jansson */
    ua_text_add(o, tmp, n);
    ua_text_add(o, "\n", 1);
    return 0;
}

static int
record(struct ua_text *o, const struct unalloc_calendar *cal, enum unalloc_holiday_format f,
       const struct unalloc_holiday *h)
{
    char date[UNALLOC_DATE_BUFSIZE];
    int32_t day = ua_days_from_civil(h->date.year, h->date.month, h->date.day);
    int rc = 0;
    unalloc_date_format(date, sizeof date, h->date, NULL);
    switch (f) {
    case UNALLOC_HOLIDAY_FORMAT_TSV:
        ua_text_printf(o, "%s\t%s\n", date, h->name);
        break;
    case UNALLOC_HOLIDAY_FORMAT_CSV:
        ua_csv_field(o, date, true);
        ua_csv_field(o, h->name, false);
        ua_csv_field(o, unalloc_holiday_source_name(h->source), false);
        ua_text_add(o, "\n", 1);
        break;
    case UNALLOC_HOLIDAY_FORMAT_JSON:
        rc = json_record(o, date, h);
        break;
    case UNALLOC_HOLIDAY_FORMAT_ICS: {
        struct ua_ical_saved saved;
        ua_ical_enter(&saved);
        rc = ics_event(o, cal, h, day);
        ua_ical_leave(&saved);
        break;
    }
    }
    return rc;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_append_holidays(char **buf, size_t *len, const struct unalloc_calendar *cal,
                                 size_t first, size_t count, enum unalloc_holiday_format format,
                                 unsigned parts, struct unalloc_error *err)
{
    struct ua_text o;
    size_t old, total, n;
    enum unalloc_status st;
    int rc = 0;

    if (!buf || !len || !cal)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_append_holidays: %s is NULL",
                       !buf ? "buf" : !len ? "len" : "calendar");
    if (!unalloc_holiday_format_name(format))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown holiday format %d", (int)format);
    if (parts & ~(UNALLOC_HOLIDAYS_HEAD | UNALLOC_HOLIDAYS_TAIL))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "parts: unknown bits 0x%x",
                       parts & ~(UNALLOC_HOLIDAYS_HEAD | UNALLOC_HOLIDAYS_TAIL));
    if ((st = unalloc_calendar_holidays(&n, &total, cal, (struct unalloc_date){ 1900, 1, 1 },
                                        (struct unalloc_date){ 2199, 12, 31 }, err)) !=
        UNALLOC_OK)
        return st; /* cannot happen: the whole range is valid */
    if (first > total || count > total - first)
        return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                       "holidays %zu to %zu: the calendar has %zu named days", first,
                       first + count, total);
    if (!*buf)
        *len = 0;
    old = *len;
    ua_text_resume(&o, *buf, *len);
    if (parts & UNALLOC_HOLIDAYS_HEAD) {
        if (format == UNALLOC_HOLIDAY_FORMAT_CSV) {
            ua_text_puts(&o, "date,name,source\n");
        } else if (format == UNALLOC_HOLIDAY_FORMAT_ICS) {
            struct ua_ical_saved saved;
            ua_ical_enter(&saved);
            rc = ics_head(&o, cal);
            ua_ical_leave(&saved);
        }
    }
    for (size_t i = first; i < first + count && rc == 0 && !o.failed; i++) {
        struct unalloc_holiday h;
        int wd;
        unalloc_calendar_holiday(&h, cal, i, NULL); /* in range: checked above */
        unalloc_date_weekday(&wd, h.date, NULL);
        if (wd <= 5)
            rc = record(&o, cal, format, &h);
    }
    if (rc == 0 && (parts & UNALLOC_HOLIDAYS_TAIL) && format == UNALLOC_HOLIDAY_FORMAT_ICS)
        ua_text_puts(&o, vcal_end);
    if (rc != 0)
        o.failed = true;
    if (!o.s && !o.failed) {
        ua_text_add(&o, "", 1); /* an empty listing is still a buffer: "" */
        if (!o.failed)
            o.len = 0;
    }
    *buf = o.s;
    if (o.failed) {
        *len = old;
        if (*buf)
            (*buf)[old] = '\0';
        return ua_nomem(err);
    }
    *len = o.len;
    return UNALLOC_OK;
}
