/*
 * libunalloc: case records.
 *
 * Adding an event checks it against the vocabulary and appends it, in
 * constant time; worker ids are interned, so the engine compares workers as
 * numbers. The canonical order and the sequence checks are the timeline's
 * (lib/timeline.c), built once on first use and cached here.
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
    ua_vec_init(&c->workers, sizeof(char *));
    atomic_init(&c->timeline, NULL);
    c->in_order = true;
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
    for (size_t i = 0; i < c->workers.len; i++)
        ua_free(UA_VEC_AT(&c->workers, char *, i));
    ua_vec_free(&c->strings);
    ua_vec_free(&c->workers);
    ua_free(c->worker_slots);
    ua_timeline_free(atomic_load(&c->timeline));
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
    int m = (int)(e->t - (int64_t)e->day * 1440);
    struct unalloc_moment at = { { ua_civil_from_days(e->day), m / 60, m % 60 }, e->has_time };
    char id[64], when[UNALLOC_MOMENT_BUFSIZE];
    short_id(id, sizeof id, c);
    ua_format_moment(when, sizeof when, at);
    snprintf(buf, size, "case %s, event %u (%s at %s)", id, e->seq + 1, ua_event_names[e->kind],
             when);
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
        names = ua_decision_names, n = UA_DECISION_COUNT, expect = "needs-named-worker";
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
    if (names && (e->detail = (int16_t)ua_lookup(names, n, detail)) >= 0)
        return UNALLOC_OK;
    ua_quote(q, sizeof q, detail, strlen(detail));
    return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: unknown detail '%s' for '%s' (expected %s)",
                   describe(what, sizeof what, c, e), q, ua_event_names[e->kind], expect);
}

/* The worker's index, interning it: an open-addressing table of indexes + 1
 * keyed by the id's hash, kept at most half full. -1 on allocation failure. */
static int32_t
intern_worker(struct unalloc_case *c, const char *s)
{
    const size_t len = strlen(s);
    const uint64_t h = ua_fnv1a(UA_FNV_OFFSET, s, len);
    size_t i;
    char *copy;
    if ((c->workers.len + 1) * 2 > c->worker_cap) {
        size_t cap = c->worker_cap ? c->worker_cap * 2 : 16;
        uint32_t *slots;
        if (c->workers.len >= INT32_MAX / 4 || !(slots = ua_calloc(cap, sizeof *slots)))
            return -1;
        for (size_t k = 0; k < c->workers.len; k++) {
            const char *w = UA_VEC_AT(&c->workers, char *, k);
            size_t j = (size_t)ua_fnv1a(UA_FNV_OFFSET, w, strlen(w)) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = (uint32_t)k + 1;
        }
        ua_free(c->worker_slots);
        c->worker_slots = slots;
        c->worker_cap = cap;
    }
    for (i = (size_t)h & (c->worker_cap - 1); c->worker_slots[i];
         i = (i + 1) & (c->worker_cap - 1)) {
        const uint32_t k = c->worker_slots[i] - 1;
        if (strcmp(UA_VEC_AT(&c->workers, char *, k), s) == 0)
            return (int32_t)k;
    }
    if (ua_vec_reserve(&c->workers, 1) != 0 || !(copy = ua_strndup(s, len)))
        return -1;
    ua_vec_push(&c->workers, &copy);
    c->worker_slots[i] = (uint32_t)c->workers.len;
    return (int32_t)c->workers.len - 1;
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
    struct unalloc_error inner;

    if (!c || !kind)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_case_add_event: %s is NULL",
                       !c ? "case" : "kind");
    memset(&e, 0, sizeof e);
    e.seq = (uint32_t)c->events.len;
    e.worker = UA_NO_WORKER;
    if (c->events.len >= UNALLOC_MAX_EVENTS)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0,
                       "case %s has more than %d events (the limit per case)",
                       short_id(id, sizeof id, c), UNALLOC_MAX_EVENTS);
    if ((k = ua_lookup(ua_event_names, UNALLOC_EVENT_KIND_COUNT_, kind)) < 0) {
        ua_quote(q, sizeof q, kind, strlen(kind));
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "case %s, event %u: unknown event kind '%s'",
                       short_id(id, sizeof id, c), e.seq + 1, q);
    }
    e.kind = (uint8_t)k;
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
    /* Reserve first so a failed allocation leaves the case unchanged (an
     * interned worker or kept locality that is then unused is harmless). */
    if (ua_vec_reserve(&c->events, 1) != 0 || ua_vec_reserve(&c->strings, 1) != 0)
        return ua_nomem(err);
    if ((worker && *worker && (e.worker = intern_worker(c, worker)) < 0) ||
        (locality && *locality && !(e.locality = keep_string(c, locality))))
        return ua_nomem(err);
    e.wname = ua_case_worker(c, e.worker);
    ua_timeline_free(atomic_exchange(&c->timeline, NULL));
    if (c->events.len > 0) {
        const struct ua_event *last = &UA_VEC_AT(&c->events, struct ua_event, c->events.len - 1);
        c->in_order = c->in_order && (e.day > last->day || (e.has_time && last->has_time &&
                                                            e.t > last->t));
    }
    c->n_locality += e.locality != NULL;
    ua_vec_push(&c->events, &e);
    return UNALLOC_OK;
}

enum unalloc_status
ua_case_timeline(const struct ua_timeline **out, const struct unalloc_case *c,
                 struct unalloc_error *err)
{
    struct unalloc_case *mc = (struct unalloc_case *)c; /* the cache is not part of the value */
    struct ua_timeline *t = atomic_load_explicit(&mc->timeline, memory_order_acquire), *expected;
    enum unalloc_status st;
    if (t) {
        *out = t;
        return UNALLOC_OK;
    }
    if ((st = ua_timeline_build(&t, c, err)) != UNALLOC_OK)
        return st;
    /* Publish once: a thread that lost the race uses the winner's. */
    expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(&mc->timeline, &expected, t,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        ua_timeline_free(t);
        t = expected;
    }
    *out = t;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_case_check(const struct unalloc_case *c, struct unalloc_error *err)
{
    const struct ua_timeline *t;
    if (!c)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_case_check: case is NULL");
    return ua_case_timeline(&t, c, err);
}
