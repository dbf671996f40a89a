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

/* One VEVENT as the scan saw it: where it begins, and the DURATION value as
 * written (an offset into the unfolded text), so messages can quote it. */
struct scan_event {
    int line;
    int duration_line; /* 0: no DURATION */
    size_t duration_off, duration_len;
};

/* An open component: its name (an offset into the unfolded text) and line. */
struct scan_open {
    size_t name_off, name_len;
    int line;
};

struct scan {
    /* The content lines after unfolding, each ended by '\n', empty lines left
     * out: exactly the text handed to libical, so what is checked here is what
     * libical parses (it never sees a fold or a CR). */
    char *text;
    size_t len, cap;
    struct ua_vec events; /* struct scan_event, in document order */
    struct scan_open open[MAX_DEPTH];
    int depth;
    /* Per-event property lines, for duplicates (0 = not seen yet). */
    int dtstart, dtend, duration, status;
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

static int
equals_ci(const char *s, size_t len, const char *word)
{
    return len == strlen(word) && starts_with_ci(s, len, word);
}

static int
same_ci(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z')
            x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (char)(y - 'a' + 'A');
        if (x != y)
            return 0;
    }
    return 1;
}

static int
text_put(struct scan *sc, char c)
{
    if (sc->len == sc->cap) {
        size_t ncap = sc->cap ? sc->cap * 2 : 4096;
        char *p = ua_realloc(sc->text, ncap + 1);
        if (!p)
            return -1;
        sc->text = p;
        sc->cap = ncap;
    }
    sc->text[sc->len++] = c;
    return 0;
}

/* A second DTSTART (say) in one event: libical would keep the first and
 * drop the second without a word. */
static enum unalloc_status
once(int *seen, const char *what, int line, int event_line, struct unalloc_error *err)
{
    if (*seen)
        return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                       "a second %s in the event of line %d (the first is on "
                       "line %d); give one", what, event_line, *seen);
    *seen = line;
    return UNALLOC_OK;
}

/* Checks one unfolded content line, text[start, sc->len), that began on
 * physical line `line`. */
static enum unalloc_status
content_line(struct scan *sc, size_t start, int line, struct unalloc_error *err)
{
    const char *s = sc->text + start;
    size_t len = sc->len - start, name_len = 0, value;
    char q[64];
    enum unalloc_status st;

    while (name_len < len && s[name_len] != ':' && s[name_len] != ';')
        name_len++;
    if (name_len == len || name_len == 0) {
        ua_quote(q, sizeof q, s, len);
        return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                       "'%s' is not a content line (NAME:value)", q);
    }
    if (equals_ci(s, name_len, "BEGIN") || equals_ci(s, name_len, "END")) {
        const int begin = name_len == 5;
        if (s[name_len] != ':')
            return ua_fail(err, UNALLOC_E_PARSE, line, (int)name_len + 1,
                           "%s takes no parameters", begin ? "BEGIN" : "END");
        value = name_len + 1;
        size_t vlen = len - value;
        while (vlen && (s[value + vlen - 1] == ' ' || s[value + vlen - 1] == '\t'))
            vlen--;
        ua_quote(q, sizeof q, s + value, vlen);
        if (begin) {
            const struct scan_open *parent = sc->depth ? &sc->open[sc->depth - 1] : NULL;
            /* The bound holds before libical sees anything: its parser and
             * its icalcomponent_free() recurse once per level. */
            if (sc->depth == MAX_DEPTH)
                return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                               "components nested more than %d deep", MAX_DEPTH);
            if (!parent && !equals_ci(s + value, vlen, "VCALENDAR"))
                return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                               "BEGIN:%s outside any VCALENDAR (the top "
                               "level holds only VCALENDARs)", q);
            if (parent && equals_ci(s + value, vlen, "VCALENDAR"))
                return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                               "a VCALENDAR inside another component (line "
                               "%d)", parent->line);
            if (equals_ci(s + value, vlen, "VEVENT")) {
                struct scan_event ev = { line, 0, 0, 0 };
                /* libical would keep an event nested anywhere else, and we
                 * would never read it: a holiday lost without a word. */
                if (sc->depth > 1) {
                    const struct scan_open *in = &sc->open[sc->depth - 1];
                    char pq[64];
                    ua_quote(pq, sizeof pq, sc->text + in->name_off, in->name_len);
                    return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                                   "an event inside %s (line %d); events "
                                   "must be directly inside the VCALENDAR", pq, in->line);
                }
                if (ua_vec_push(&sc->events, &ev) != 0)
                    return ua_nomem(err);
                sc->dtstart = sc->dtend = sc->duration = sc->status = 0;
            }
            sc->open[sc->depth].name_off = start + value;
            sc->open[sc->depth].name_len = vlen;
            sc->open[sc->depth].line = line;
            sc->depth++;
        } else {
            const struct scan_open *top = sc->depth ? &sc->open[sc->depth - 1] : NULL;
            if (!top)
                return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                               "END without a matching BEGIN");
            if (!same_ci(s + value, vlen, sc->text + top->name_off, top->name_len)) {
                char tq[64];
                ua_quote(tq, sizeof tq, sc->text + top->name_off, top->name_len);
                return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                               "END:%s does not close BEGIN:%s of line %d", q, tq, top->line);
            }
            sc->depth--;
        }
        return UNALLOC_OK;
    }
    if (sc->depth == 0) {
        ua_quote(q, sizeof q, s, len);
        return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                       "'%s' is outside any component", q);
    }
    /* The properties of an event itself (not of an alarm inside it). */
    if (sc->depth == 2 && equals_ci(sc->text + sc->open[1].name_off, sc->open[1].name_len,
                                    "VEVENT")) {
        struct scan_event *ev =
            &UA_VEC_AT(&sc->events, struct scan_event, sc->events.len - 1);
        if (equals_ci(s, name_len, "DTSTART"))
            st = once(&sc->dtstart, "DTSTART", line, ev->line, err);
        else if (equals_ci(s, name_len, "DTEND"))
            st = once(&sc->dtend, "DTEND", line, ev->line, err);
        else if (equals_ci(s, name_len, "STATUS"))
            st = once(&sc->status, "STATUS", line, ev->line, err);
        else if (equals_ci(s, name_len, "DURATION")) {
            if ((st = once(&sc->duration, "DURATION", line, ev->line, err)) != UNALLOC_OK)
                return st;
            /* The value follows the first ':' outside a quoted parameter. */
            int quoted = 0;
            for (value = name_len; value < len && (quoted || s[value] != ':'); value++)
                if (s[value] == '"')
                    quoted = !quoted;
            ev->duration_line = line;
            ev->duration_off = start + (value < len ? value + 1 : len);
            ev->duration_len = value < len ? len - value - 1 : 0;
        } else
            st = UNALLOC_OK;
        if (st != UNALLOC_OK)
            return st;
        if (sc->dtend && sc->duration)
            return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                           "the event of line %d has both DTEND (line %d) "
                           "and DURATION (line %d); give one", ev->line, sc->dtend, sc->duration);
    }
    return UNALLOC_OK;
}

/* Reads the physical lines (ended by CRLF, LF or a lone CR), rejecting NUL
 * bytes and bad UTF-8 with their line and column; unfolds them (a line end
 * followed by a space or tab continues the line, RFC 5545 3.1) into sc->text
 * and checks each content line's structure. */
static enum unalloc_status
prescan(struct scan *sc, const char *data, size_t size, struct unalloc_error *err)
{
    int line = 1, col = 1, start_line = 1;
    size_t i = 0, start = 0;
    enum unalloc_status st;

    if (size && (data[0] == ' ' || data[0] == '\t'))
        return ua_fail(err, UNALLOC_E_PARSE, 1, 1,
                       "iCalendar line 1: starts with a folded continuation (a space or tab)");
    while (i < size) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\r' || c == '\n') {
            i += c == '\r' && i + 1 < size && data[i + 1] == '\n' ? 2 : 1;
            line++;
            col = 1;
            if (i < size && (data[i] == ' ' || data[i] == '\t')) {
                i++; /* a fold: the line goes on */
                col = 2;
                continue;
            }
            if (sc->len > start) {
                if ((st = content_line(sc, start, start_line, err)) != UNALLOC_OK)
                    return st;
                if (text_put(sc, '\n') != 0)
                    return ua_nomem(err);
            }
            start = sc->len;
            start_line = line;
            continue;
        }
        if (c == 0)
            return ua_fail(err, UNALLOC_E_PARSE, line, col,
                           "NUL byte at column %d", col);
        size_t n = 1;
        if (c >= 0x80 && (n = ua_utf8_len((const unsigned char *)data + i, size - i)) == 0)
            return ua_fail(err, UNALLOC_E_PARSE, line, col,
                           "invalid UTF-8 at column %d", col);
        for (size_t k = 0; k < n; k++)
            if (text_put(sc, data[i + k]) != 0)
                return ua_nomem(err);
        i += n;
        col += (int)n;
    }
    if (sc->len > start) {
        if ((st = content_line(sc, start, start_line, err)) != UNALLOC_OK)
            return st;
        if (text_put(sc, '\n') != 0)
            return ua_nomem(err);
    }
    if (sc->depth != 0) {
        char q[64];
        const struct scan_open *top = &sc->open[sc->depth - 1];
        ua_quote(q, sizeof q, sc->text + top->name_off, top->name_len);
        return ua_fail(err, UNALLOC_E_PARSE, line, 1,
                       "iCalendar file ends inside a component (BEGIN:%s of line %d has no END)",
                       q, top->line);
    }
    if (text_put(sc, '\0') != 0)
        return ua_nomem(err);
    sc->len--;
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
    size_t taken;       /* events whose days were taken */
    size_t cancelled;   /* events with STATUS:CANCELLED, left out on purpose */
    struct unalloc_error *err;
};

/* The scan's record of the event it is reading: events are only ever directly
 * inside a VCALENDAR, so libical's order is the scan's order. */
static const struct scan_event *
this_event(const struct reader *r)
{
    if (r->event_index == 0 || r->event_index > r->sc->events.len)
        return NULL;
    return &UA_VEC_AT(&r->sc->events, struct scan_event, r->event_index - 1);
}

static int
event_line(const struct reader *r)
{
    const struct scan_event *ev = this_event(r);
    return ev ? ev->line : 0;
}

/* A DURATION value as written (RFC 5545 3.3.6: [+]P then nW, or nD with an
 * optional T part of hours, minutes and seconds) in whole days. The numbers
 * are read in 64 bits and stop growing past 10^12, far beyond any accepted
 * span, so no value can overflow. Returns 0, or -1 if the value is not a
 * positive whole number of days. */
static int
duration_days(const char *s, size_t n, int64_t *days)
{
    const int64_t cap = INT64_C(1000000000000);
    int64_t total = 0, seconds = 0;
    size_t i = 0;
    int any = 0, in_time = 0;

    if (i < n && s[i] == '+')
        i++;
    if (i >= n || (s[i] != 'P' && s[i] != 'p'))
        return -1;
    for (i++; i < n;) {
        int64_t v = 0;
        size_t digits = 0;
        char unit;
        if (!in_time && (s[i] == 'T' || s[i] == 't')) {
            in_time = 1;
            i++;
            continue;
        }
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
            if (v < cap)
                v = v * 10 + (s[i] - '0');
        if (!digits || i >= n)
            return -1;
        unit = s[i++];
        if (unit >= 'a' && unit <= 'z')
            unit = (char)(unit - 'a' + 'A');
        if (!in_time && unit == 'D')
            total += v;
        else if (!in_time && unit == 'W')
            total += 7 * v;
        else if (in_time && (unit == 'H' || unit == 'M' || unit == 'S'))
            seconds += v;
        else
            return -1;
        any = 1;
    }
    if (!any || seconds)
        return -1;
    *days = total;
    return 0;
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
                           "libical reported an error: %s", q);
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
                       "%s must be an all-day date (VALUE=DATE); bank "
                       "holidays are whole days", what);
    d.year = t.year;
    d.month = t.month;
    d.day = t.day;
    if (unalloc_date_check(d, &inner) != UNALLOC_OK)
        return ua_fail(r->err, inner.code == UNALLOC_E_RANGE ? UNALLOC_E_RANGE : UNALLOC_E_PARSE,
                       line, 0, "%s %s", what, inner.message);
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
                       "recurring events (RRULE, RDATE, EXRULE) are not "
                       "accepted; list each bank holiday as its own event");
    p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
    if (p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED) {
        r->cancelled++;
        return UNALLOC_OK;
    }
    p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!p)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "event has no DTSTART");
    if ((st = read_date_prop(r, p, "DTSTART", &start)) != UNALLOC_OK)
        return st;
    end = start + 1;
    if ((p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) != NULL) {
        if ((st = read_date_prop(r, p, "DTEND", &end)) != UNALLOC_OK)
            return st;
    } else if (this_event(r) && this_event(r)->duration_line) {
        /* The value as written, not libical's reading of it (an unsigned
         * int that wraps). */
        const struct scan_event *se = this_event(r);
        const char *text = r->sc->text + se->duration_off;
        int64_t days;
        char q[64];
        ua_quote(q, sizeof q, text, se->duration_len);
        if (duration_days(text, se->duration_len, &days) != 0)
            return ua_fail(r->err, UNALLOC_E_PARSE, se->duration_line, 1,
                           "DURATION:%s is not a positive number of whole "
                           "days", q);
        if (days > 366)
            return ua_fail(r->err, UNALLOC_E_PARSE, se->duration_line, 1,
                           "DURATION:%s is more than 366 days, the most "
                           "accepted", q);
        end = start + (int32_t)days;
    } else if (icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) {
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "libical read a DURATION that the scan did not see");
    }
    if (end <= start)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "the event ends before it starts (DTEND is exclusive)");
    if (end - start > 366)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "event spans %d days; at most 366 are accepted", (int)(end - start));
    if (end - 1 > UA_DAYS_MAX)
        return ua_fail(r->err, UNALLOC_E_RANGE, line, 0,
                       "event runs past 2199-12-31");
    summary = icalcomponent_get_summary(ev);
    if (!summary || !*summary)
        summary = "bank holiday";
    slen = strlen(summary);
    if (slen > UA_MAX_NAME)
        return ua_fail(r->err, UNALLOC_E_PARSE, line, 0,
                       "SUMMARY is longer than %d bytes", UA_MAX_NAME);
    for (int32_t z = start; z < end; z++) {
        struct ua_ical_day d = { z, ua_strndup(summary, slen) };
        if (!d.name)
            return ua_nomem(r->err);
        /* A SUMMARY may hold escaped line breaks and tabs; names are printed
         * one to a line, so control characters (C0, DEL and C1, U+0080 to
         * U+009F: U+0085 is a line break too) become spaces. */
        size_t o = 0;
        for (size_t k = 0; d.name[k]; k++) {
            const unsigned char c = (unsigned char)d.name[k];
            if (c == 0xc2 && (unsigned char)d.name[k + 1] >= 0x80 &&
                (unsigned char)d.name[k + 1] <= 0x9f) {
                d.name[o++] = ' ';
                k++;
            } else {
                d.name[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
            }
        }
        d.name[o] = '\0';
        if (ua_vec_push(r->days, &d) != 0) {
            ua_free(d.name);
            return ua_nomem(r->err);
        }
    }
    r->taken++;
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

/* Every VEVENT in libical's tree, at any depth (bounded by the scan). */
static size_t
count_events(icalcomponent *c)
{
    size_t n = icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT;
    for (icalcomponent *sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
         sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        n += count_events(sub);
    return n;
}

enum unalloc_status
ua_ical_read(struct ua_vec *days, const char *data, size_t size, struct unalloc_error *err)
{
    struct scan sc;
    struct reader r = { days, &sc, 0, 0, 0, err };
    struct ical_saved saved;
    icalcomponent *root;
    size_t in_tree = 0;
    enum unalloc_status st;

    if (size > UNALLOC_ICAL_MAX_BYTES)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0,
                       "iCalendar input is %zu bytes; the limit is %d", size,
                       UNALLOC_ICAL_MAX_BYTES);
    if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3; /* UTF-8 byte-order mark */
        size -= 3;
    }
    memset(&sc, 0, sizeof sc);
    ua_vec_init(&sc.events, sizeof(struct scan_event));
    if ((st = prescan(&sc, data, size, err)) != UNALLOC_OK)
        goto out;
    if (sc.events.len == 0) {
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0, "iCalendar input has no events (no BEGIN:VEVENT)");
        goto out;
    }

    /* libical parses the unfolded text the scan checked. */
    ical_enter(&saved);
    root = icalparser_parse_string(sc.text);
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
    if (root) {
        in_tree = count_events(root);
        icalcomponent_free(root);
    }
    ical_leave(&saved);

    /* Nothing dropped without a word: libical's tree holds the events the
     * scan counted, each one was read, and each was taken or cancelled. */
    if (st == UNALLOC_OK &&
        (in_tree != sc.events.len || r.event_index != sc.events.len ||
         r.taken + r.cancelled != sc.events.len))
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0,
                     "iCalendar input has %zu events, but libical's reading holds %zu and %zu "
                     "were taken (%zu cancelled); the file is malformed",
                     sc.events.len, in_tree, r.taken, r.cancelled);
    if (st == UNALLOC_OK && days->len == 0)
        st = ua_fail(err, UNALLOC_E_PARSE, 0, 0, "iCalendar input has no usable events");
out:
    ua_vec_free(&sc.events);
    ua_free(sc.text);
    return st;
}
