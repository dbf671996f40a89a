/*
 * libunalloc: reading bank holidays from untrusted iCalendar files with libical.
 *
 * libical does the parsing. Around it this file
 * - scans the raw text first, to cap its size, reject NUL bytes, bad UTF-8 and
 *   deep nesting, and to note the line of every BEGIN:VEVENT, so errors can
 *   name a line and so events libical drops silently are noticed;
 * - serialises calls into libical, which keeps process-wide error settings
 *   that it changes during every parse, and restores the caller's settings;
 * - treats everything libical merely annotates (X-LIC-ERROR) as a failure and
 *   validates the dates itself (libical accepts 30 February).
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>
#include <string.h>

#include <libical/ical.h>

#include "calendar-private.h"

#define MAX_DEPTH 4

/* libical's process-wide state is guarded by this lock. It is the library's
 * only static object; it holds no data of ours. */
static pthread_mutex_t ical_lock = PTHREAD_MUTEX_INITIALIZER;

struct scan {
    struct ua_vec event_lines; /* int: line of each BEGIN:VEVENT, in order */
};

static int
starts_with_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c != prefix[i])
            return 0;
    }
    return 1;
}

static enum unalloc_status
prescan(struct scan *sc, const char *data, size_t size, struct unalloc_error *err)
{
    int line = 1, depth = 0;
    size_t i = 0;

    while (i < size) {
        size_t start = i, len;
        int col = 1;
        /* One physical line. */
        while (i < size && data[i] != '\n') {
            unsigned char c = (unsigned char)data[i];
            if (c == 0)
                return ua_fail(err, UNALLOC_E_PARSE, line, col,
                               "iCalendar line %d: NUL byte at column %d", line, col);
            if (c >= 0x80) {
                size_t n = ua_utf8_len((const unsigned char *)data + i, size - i);
                if (n == 0)
                    return ua_fail(err, UNALLOC_E_PARSE, line, col,
                                   "iCalendar line %d: invalid UTF-8 at column %d", line, col);
                i += n;
                col += (int)n;
                continue;
            }
            i++;
            col++;
        }
        len = i - start;
        if (len && data[start + len - 1] == '\r')
            len--;
        if (starts_with_ci(data + start, len, "BEGIN:")) {
            if (++depth > MAX_DEPTH)
                return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                               "iCalendar line %d: components nested more than %d deep", line,
                               MAX_DEPTH);
            if (len == 12 && starts_with_ci(data + start, len, "BEGIN:VEVENT") &&
                ua_vec_push(&sc->event_lines, &line) != 0)
                return ua_nomem(err);
        } else if (starts_with_ci(data + start, len, "END:")) {
            if (depth == 0)
                return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                               "iCalendar line %d: END without a matching BEGIN", line);
            depth--;
        }
        if (i < size)
            i++; /* the '\n' */
        line++;
    }
    if (depth != 0)
        return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                       "iCalendar file ends inside a component (a BEGIN has no END)");
    return UNALLOC_OK;
}

/* libical's process-wide settings that a parse may change or depend on. */
static const icalerrorenum ical_errors[] = {
    ICAL_NO_ERROR,         ICAL_BADARG_ERROR,     ICAL_NEWFAILED_ERROR,
    ICAL_ALLOCATION_ERROR, ICAL_MALFORMEDDATA_ERROR, ICAL_PARSE_ERROR,
    ICAL_INTERNAL_ERROR,   ICAL_FILE_ERROR,       ICAL_USAGE_ERROR,
    ICAL_UNIMPLEMENTED_ERROR, ICAL_UNKNOWN_ERROR,
};
#define N_ICAL_ERRORS (sizeof ical_errors / sizeof ical_errors[0])

struct ical_saved {
    int fatal;
    icalerrorenum errno_value;
    icalerrorstate states[N_ICAL_ERRORS];
};

static void
ical_enter(struct ical_saved *s)
{
    pthread_mutex_lock(&ical_lock);
    s->fatal = icalerror_get_errors_are_fatal();
    s->errno_value = icalerrno;
    for (size_t i = 0; i < N_ICAL_ERRORS; i++) {
        s->states[i] = icalerror_get_error_state(ical_errors[i]);
        icalerror_set_error_state(ical_errors[i], ICAL_ERROR_NONFATAL);
    }
    icalerror_set_errors_are_fatal(0); /* bad input must never abort() */
}

static void
ical_leave(const struct ical_saved *s)
{
    for (size_t i = 0; i < N_ICAL_ERRORS; i++)
        icalerror_set_error_state(ical_errors[i], s->states[i]);
    icalerror_set_errors_are_fatal(s->fatal);
    icalerrno = s->errno_value;
    pthread_mutex_unlock(&ical_lock);
}

struct reader {
    struct ua_vec *days;
    const struct scan *sc;
    size_t event_index; /* VEVENTs seen so far, in document order */
    struct unalloc_error *err;
};

static int
event_line(const struct reader *r)
{
    if (r->event_index == 0 || r->event_index > r->sc->event_lines.len)
        return 0;
    return UA_VEC_AT(&r->sc->event_lines, int, r->event_index - 1);
}

static enum unalloc_status
lic_errors(struct reader *r, icalcomponent *c, int line)
{
    icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
    if (p) {
        char q[120];
        const char *text = icalproperty_get_xlicerror(p);
        ua_quote(q, sizeof q, text ? text : "", text ? strlen(text) : 0);
        if (line)
            return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                           "iCalendar line %d: libical reported an error: %s", line, q);
        return ua_fail(r->err, UNALLOC_E_PARSE, 0, 0, "iCalendar: libical reported an error: %s",
                       q);
    }
    return UNALLOC_OK;
}

static enum unalloc_status
read_date_prop(struct reader *r, icalproperty *p, const char *what,
               int32_t *out)
{
    const struct icaltimetype t = icalproperty_isa(p) == ICAL_DTEND_PROPERTY
                                      ? icalproperty_get_dtend(p)
                                      : icalproperty_get_dtstart(p);
    struct unalloc_date d;
    struct unalloc_error inner;
    const int line = event_line(r);

    if (!t.is_date)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "iCalendar line %d: %s must be an all-day date (VALUE=DATE); bank "
                       "holidays are whole days",
                       line, what);
    d.year = t.year;
    d.month = t.month;
    d.day = t.day;
    if (unalloc_date_check(d, &inner) != UNALLOC_OK)
        return ua_fail(r->err, inner.code == UNALLOC_E_RANGE ? UNALLOC_E_RANGE : UNALLOC_E_PARSE,
                       line, 0, "iCalendar line %d: %s %s", line, what, inner.message);
    *out = ua_days_from_civil(d.year, d.month, d.day);
    return UNALLOC_OK;
}

static enum unalloc_status
read_event(struct reader *r, icalcomponent *ev)
{
    const int line = event_line(r);
    enum unalloc_status st;
    icalproperty *p;
    int32_t start, end;
    const char *summary;
    size_t slen;

    if ((st = lic_errors(r, ev, line)) != UNALLOC_OK)
        return st;
    for (icalcomponent *sub = icalcomponent_get_first_component(ev, ICAL_ANY_COMPONENT); sub;
         sub = icalcomponent_get_next_component(ev, ICAL_ANY_COMPONENT))
        if ((st = lic_errors(r, sub, line)) != UNALLOC_OK)
            return st;
    if (icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) ||
        icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY) ||
        icalcomponent_get_first_property(ev, ICAL_EXRULE_PROPERTY))
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "iCalendar line %d: recurring events (RRULE, RDATE, EXRULE) are not "
                       "accepted; list each bank holiday as its own event",
                       line);
    p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
    if (p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED)
        return UNALLOC_OK;
    p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!p)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "iCalendar line %d: event has no DTSTART", line);
    if ((st = read_date_prop(r, p, "DTSTART", &start)) != UNALLOC_OK)
        return st;
    end = start + 1;
    if ((p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) != NULL) {
        if ((st = read_date_prop(r, p, "DTEND", &end)) != UNALLOC_OK)
            return st;
    } else if ((p = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) != NULL) {
        struct icaldurationtype du = icalproperty_get_duration(p);
        if (du.is_neg || du.hours || du.minutes || du.seconds)
            return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                           "iCalendar line %d: DURATION must be a positive number of whole days",
                           line);
        end = start + (int32_t)(du.days + 7 * du.weeks);
    }
    if (end <= start)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "iCalendar line %d: the event ends before it starts (DTEND is exclusive)",
                       line);
    if (end - start > 366)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "iCalendar line %d: event spans %d days; at most 366 are accepted", line,
                       (int)(end - start));
    if (end - 1 > UA_DAYS_MAX)
        return ua_fail(r->err, UNALLOC_E_RANGE, line, 0,
                       "iCalendar line %d: event runs past 2199-12-31", line);
    summary = icalcomponent_get_summary(ev);
    if (!summary || !*summary)
        summary = "bank holiday";
    slen = strlen(summary);
    if (slen > UA_MAX_NAME)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "iCalendar line %d: SUMMARY is longer than %d bytes", line, UA_MAX_NAME);
    for (int32_t z = start; z < end; z++) {
        struct ua_ical_day d = { z, ua_strndup(summary, slen) };
        if (!d.name)
            return ua_nomem(r->err);
        /* A SUMMARY may hold escaped line breaks and tabs; names are printed
         * one to a line, so control characters become spaces. */
        for (char *c = d.name; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                *c = ' ';
        if (ua_vec_push(r->days, &d) != 0) {
            ua_free(d.name);
            return ua_nomem(r->err);
        }
    }
    return UNALLOC_OK;
}

static enum unalloc_status
read_calendar(struct reader *r, icalcomponent *cal)
{
    enum unalloc_status st;
    if ((st = lic_errors(r, cal, 0)) != UNALLOC_OK)
        return st;
    for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(cal, ICAL_ANY_COMPONENT)) {
        if (icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT) {
            r->event_index++;
            if ((st = read_event(r, c)) != UNALLOC_OK)
                return st;
        } else if ((st = lic_errors(r, c, 0)) != UNALLOC_OK) {
            return st;
        }
    }
    return UNALLOC_OK;
}

enum unalloc_status
ua_ical_read(struct ua_vec *days, const char *data, size_t size, struct unalloc_error *err)
{
    struct scan sc;
    struct reader r = { days, &sc, 0, err };
    struct ical_saved saved;
    icalcomponent *root;
    char *text;
    enum unalloc_status st;

    if (size > UNALLOC_ICAL_MAX_BYTES)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0,
                       "iCalendar input is %zu bytes; the limit is %d", size,
                       UNALLOC_ICAL_MAX_BYTES);
    if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3; /* UTF-8 byte-order mark */
        size -= 3;
    }
    ua_vec_init(&sc.event_lines, sizeof(int));
    if ((st = prescan(&sc, data, size, err)) != UNALLOC_OK)
        goto out;
    if (sc.event_lines.len == 0) {
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0, "iCalendar input has no events (no BEGIN:VEVENT)");
        goto out;
    }
    if (!(text = ua_strndup(data, size))) {
        st = ua_nomem(err);
        goto out;
    }

    ical_enter(&saved);
    root = icalparser_parse_string(text);
    if (!root) {
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0, "libical could not read the iCalendar input");
    } else if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT) {
        st = read_calendar(&r, root);
    } else if (icalcomponent_isa(root) == ICAL_XROOT_COMPONENT) {
        st = UNALLOC_OK;
        for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT);
             c && st == UNALLOC_OK; c = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT))
            st = icalcomponent_isa(c) == ICAL_VCALENDAR_COMPONENT
                     ? read_calendar(&r, c)
                     : ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                               "iCalendar input has a top-level component that is not a "
                               "VCALENDAR");
    } else {
        st = ua_fail(err, UNALLOC_E_PARSE, 1, 1, "iCalendar input does not start with "
                                                 "BEGIN:VCALENDAR");
    }
    if (root)
        icalcomponent_free(root);
    ical_leave(&saved);
    ua_free(text);

    /* libical drops some content without a word (for instance a second
     * VCALENDAR, or an event outside any calendar); fail closed. */
    if (st == UNALLOC_OK && r.event_index != sc.event_lines.len)
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                     "libical read %zu of the %zu events in the iCalendar input; the file is "
                     "malformed (is it two calendars run together?)",
                     r.event_index, sc.event_lines.len);
    if (st == UNALLOC_OK && days->len == 0)
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0, "iCalendar input has no usable events");
out:
    ua_vec_free(&sc.event_lines);
    return st;
}
