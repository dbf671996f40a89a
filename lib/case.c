/*
 * libunalloc: case records.
 *
 * Events are kept sorted by time as they are added (a stable insertion: equal
 * times keep input order), so evaluation only reads the case and many threads
 * may evaluate one case at once.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "case-private.h"

static bool
valid_id(const char *s, size_t max)
{
    size_t n = strlen(s);
    /* it is written into JSON and CSV */
    return n > 0 && n <= max && ua_printable_utf8(s);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_case_new(struct unalloc_case **out, const char *id, struct unalloc_error *err)
{
    struct unalloc_case *c;
    if (out)
        *out = NULL;
    if (!out || !id)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_case_new: %s is NULL",
                       !out ? "out" : "id");
    if (!valid_id(id, UNALLOC_MAX_ID))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a case id must be 1 to %d bytes of UTF-8 without control characters",
                       UNALLOC_MAX_ID);
    if (!(c = ua_calloc(1, sizeof *c)))
        return ua_nomem(err);
    if (!(c->id = ua_strdup(id))) {
        ua_free(c);
        return ua_nomem(err);
    }
    ua_vec_init(&c->events, sizeof(struct ua_event));
    ua_vec_init(&c->strings, sizeof(char *));
    *out = c;
    return UNALLOC_OK;
}

UNALLOC_EXPORT void
unalloc_case_free(struct unalloc_case *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->strings.len; i++)
        ua_free(UA_VEC_AT(&c->strings, char *, i));
    ua_vec_free(&c->strings);
    ua_vec_free(&c->events);
    ua_free(c->id);
    ua_free(c);
}

UNALLOC_EXPORT const char *
unalloc_case_id(const struct unalloc_case *c)
{
    return c ? c->id : NULL;
}

UNALLOC_EXPORT size_t
unalloc_case_event_count(const struct unalloc_case *c)
{
    return c ? c->events.len : 0;
}

/* The case id for a message: a long id is shortened, so what follows it (the
 * event's number and kind) always fits. */
static const char *
short_id(char *buf, size_t size, const struct unalloc_case *c)
{
    ua_quote(buf, size, c->id, strlen(c->id));
    return buf;
}

void
ua_describe_event(char *buf, size_t size, const struct unalloc_case *c, const struct ua_event *e)
{
    struct unalloc_date d = ua_civil_from_days(e->day);
    int m = (int)(e->t - (int64_t)e->day * 1440);
    char id[64];
    short_id(id, sizeof id, c);
    if (e->has_time)
        snprintf(buf, size, "case %s, event %u (%s at %04d-%02d-%02dT%02d:%02d)", id,
                 e->seq + 1, ua_event_names[e->kind], d.year, d.month, d.day, m / 60, m % 60);
    else
        snprintf(buf, size, "case %s, event %u (%s at %04d-%02d-%02d)", id, e->seq + 1,
                 ua_event_names[e->kind], d.year, d.month, d.day);
}

/* ua_describe_event() into buf, for use inside a message: only on the error
 * paths, so adding an event that is fine costs no formatting. */
static const char *
describe(char *buf, size_t size, const struct unalloc_case *c, const struct ua_event *e)
{
    ua_describe_event(buf, size, c, e);
    return buf;
}

/* Reads the detail for the event's kind into e->detail. */
static enum unalloc_status
read_detail(struct ua_event *e, const char *detail, const struct unalloc_case *c,
            struct unalloc_error *err)
{
    char what[160];
    const enum ua_detail_type type = ua_event_detail_type(e->kind);
    const bool empty = !detail || !*detail;
    const char *const *names = NULL;
    const char *expect = NULL;
    int n = 0;
    char q[64];

    e->detail = -1;
    switch (type) {
    case UA_DETAIL_NONE:
        if (!empty) {
            ua_quote(q, sizeof q, detail, strlen(detail));
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: '%s' takes no detail, got '%s'",
                           describe(what, sizeof what, c, e), ua_event_names[e->kind], q);
        }
        return UNALLOC_OK;
    case UA_DETAIL_CATEGORY:
        names = ua_category_names, n = UNALLOC_CATEGORY_COUNT_, expect = "a category";
        break;
    case UA_DETAIL_ROLE:
    case UA_DETAIL_ACTOR:
        names = ua_role_names, n = UNALLOC_ROLE_COUNT_, expect = "a role";
        break;
    case UA_DETAIL_ABSENCE:
        names = ua_absence_names, n = UA_ABSENCE_COUNT, expect = "sick, leave or left";
        break;
    case UA_DETAIL_OUTCOME:
        names = ua_outcome_names, n = UA_OUTCOME_COUNT,
        expect = "needs-social-worker or no-social-worker";
        break;
    case UA_DETAIL_DECISION:
        if (!empty && strcmp(detail, "needs-named-worker") == 0) {
            e->detail = 0;
            return UNALLOC_OK;
        }
        expect = "needs-named-worker";
        break;
    case UA_DETAIL_RATING:
        names = ua_rating_names, n = UNALLOC_RATING_COUNT_, expect = "red, amber, yellow or green";
        break;
    }
    if (empty) {
        if (type == UA_DETAIL_ACTOR)
            return UNALLOC_OK; /* the actor is optional */
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: '%s' needs a detail (%s)",
                       describe(what, sizeof what, c, e),
                       ua_event_names[e->kind], expect);
    }
    if (names && (e->detail = ua_lookup(names, n, detail)) >= 0)
        return UNALLOC_OK;
    ua_quote(q, sizeof q, detail, strlen(detail));
    return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: unknown detail '%s' for '%s' (expected %s)",
                   describe(what, sizeof what, c, e), q, ua_event_names[e->kind], expect);
}

static char *
keep_string(struct unalloc_case *c, const char *s)
{
    char *copy;
    if (!s || !*s)
        return NULL;
    /* Reuse an identical string already held (worker ids repeat a lot). */
    for (size_t i = c->strings.len; i-- > 0 && i + 16 >= c->strings.len;)
        if (strcmp(UA_VEC_AT(&c->strings, char *, i), s) == 0)
            return UA_VEC_AT(&c->strings, char *, i);
    if (!(copy = ua_strdup(s)))
        return NULL;
    if (ua_vec_push(&c->strings, &copy) != 0) {
        ua_free(copy);
        return NULL;
    }
    return copy;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_case_add_event(struct unalloc_case *c, const char *kind, struct unalloc_moment at,
                       const char *detail, const char *worker, const char *locality,
                       struct unalloc_error *err)
{
    struct ua_event e;
    char what[160];
    char q[64], id[64];
    enum unalloc_status st;
    int k;
    size_t pos;
    struct unalloc_error inner;

    if (!c || !kind)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_case_add_event: %s is NULL",
                       !c ? "case" : "kind");
    memset(&e, 0, sizeof e);
    e.seq = (uint32_t)c->events.len;
    if (c->events.len >= UINT32_MAX - 1)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0, "case %s has too many events",
                       short_id(id, sizeof id, c));
    if ((k = ua_lookup(ua_event_names, UNALLOC_EVENT_KIND_COUNT_, kind)) < 0) {
        ua_quote(q, sizeof q, kind, strlen(kind));
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "case %s, event %u: unknown event kind '%s'",
                       short_id(id, sizeof id, c), e.seq + 1, q);
    }
    e.kind = (enum unalloc_event_kind)k;
    if (!at.has_time)
        at.at.hour = at.at.minute = 0;
    if ((st = ua_datetime_check(at.at, &inner)) != UNALLOC_OK)
        return ua_fail(err, st, 0, 0, "case %s, event %u (%s): %s", short_id(id, sizeof id, c),
                       e.seq + 1, kind,
                       inner.message);
    e.day = ua_days_from_civil(at.at.date.year, at.at.date.month, at.at.date.day);
    e.t = ua_minutes_of(at.at);
    e.has_time = at.has_time;
    if ((st = read_detail(&e, detail, c, err)) != UNALLOC_OK)
        return st;
    if (worker && *worker && !valid_id(worker, UNALLOC_MAX_ID))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s: the worker id must be at most %d bytes of UTF-8 without control "
                       "characters",
                       describe(what, sizeof what, c, &e), UNALLOC_MAX_ID);
    if (locality && *locality && !valid_id(locality, UNALLOC_MAX_ID))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s: the locality must be at most %d bytes of UTF-8 without control "
                       "characters",
                       describe(what, sizeof what, c, &e), UNALLOC_MAX_ID);
    if ((e.kind == UNALLOC_EVENT_ALLOCATED || e.kind == UNALLOC_EVENT_WORKER_ABSENT ||
         e.kind == UNALLOC_EVENT_WORKER_RETURNED) &&
        (!worker || !*worker))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: '%s' needs the worker's id",
                       describe(what, sizeof what, c, &e), kind);
    /* Reserve first so a failed allocation leaves the case unchanged. */
    if (ua_vec_reserve(&c->events, 1) != 0 || ua_vec_reserve(&c->strings, 2) != 0)
        return ua_nomem(err);
    if ((worker && *worker && !(e.worker = keep_string(c, worker))) ||
        (locality && *locality && !(e.locality = keep_string(c, locality))))
        return ua_nomem(err);
    /* Stable insertion after every event at the same or an earlier time. */
    pos = c->events.len;
    while (pos > 0 && UA_VEC_AT(&c->events, struct ua_event, pos - 1).t > e.t)
        pos--;
    memmove(&UA_VEC_AT(&c->events, struct ua_event, pos + 1),
            &UA_VEC_AT(&c->events, struct ua_event, pos),
            (c->events.len - pos) * sizeof(struct ua_event));
    UA_VEC_AT(&c->events, struct ua_event, pos) = e;
    c->events.len++;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_case_check(const struct unalloc_case *c, struct unalloc_error *err)
{
    bool open = false, ever_opened = false;
    const struct ua_event *born = NULL;
    char what[160];

    if (!c)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_case_check: case is NULL");
    for (size_t i = 0; i < c->events.len; i++) {
        const struct ua_event *e = &UA_VEC_AT(&c->events, struct ua_event, i);
        switch (e->kind) {
        case UNALLOC_EVENT_BORN:
            if (born && born->day != e->day) {
                ua_describe_event(what, sizeof what, c, e);
                return ua_fail(err, UNALLOC_E_INVALID, (int)e->seq + 1, 0,
                               "%s: a second, different date of birth", what);
            }
            born = e;
            continue;
        case UNALLOC_EVENT_OPENED:
            if (open) {
                ua_describe_event(what, sizeof what, c, e);
                return ua_fail(err, UNALLOC_E_INVALID, (int)e->seq + 1, 0,
                               "%s: the case is already open (no 'closed' before it)", what);
            }
            open = ever_opened = true;
            continue;
        default:
            break;
        }
        if (!open) {
            ua_describe_event(what, sizeof what, c, e);
            return ua_fail(err, UNALLOC_E_INVALID, (int)e->seq + 1, 0, "%s: %s", what,
                           ever_opened ? "comes after 'closed' and before a new 'opened'"
                                       : "comes before the case's first 'opened'");
        }
        if (e->kind == UNALLOC_EVENT_CLOSED)
            open = false;
    }
    return UNALLOC_OK;
}
