/*
 * libunalloc: phase 1 of evaluation, the timeline.
 *
 * A case's events, added in any order, become one canonical sequence: the
 * same events give the same sequence whatever order they were added in. Each
 * event gets the moment at which it takes effect (`t`, never decreasing along
 * the sequence) and keeps the moment it was recorded at. The rules are those
 * of include/unalloc/case.h and doc/policy-format.md ("The timeline"):
 *
 *   1. sort by (moment, rank of kind, detail, worker, locality), a date-only
 *      event at 00:00 of its day;
 *   2. day by day, knowing whether an episode is open when the day starts,
 *      place the day's date-only events: with the episode that a timed
 *      `opened` starts that day (at the opening), with the episode that a
 *      date-only `closed` ends (the closing at the end of the day, before a
 *      re-opening), a date-only deallocation at the same role's timed
 *      allocation that day (a handover); then sort the day again;
 *   3. at one moment, a `closed` goes before an `opened` when an episode is
 *      open (a re-referral);
 *   4. check the sequence (unalloc_case_check()'s errors), index the
 *      positions of each kind and of the events that name a locality, and
 *      find the date of birth.
 *
 * A fast path skips steps 1 to 3 when each event was added after the one
 * before it: on a later day, or later the same day with both times recorded
 * (the case keeps track as events are added). Then no two events share a
 * moment, so the sort keeps the order added and step 3 moves nothing; step 2
 * moves only date-only events, and a date-only event is then alone on its
 * day, where one rule applies: a date-only `closed` is taken at the end of
 * its day (with no episode open, step 2 leaves it at 00:00, but check()
 * rejects it at that place either way).
 *
 * The timeline is built once per case and cached (lib/case.c); nothing here
 * depends on a policy or an as-of moment.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case-private.h"

#define DAY_MINUTES 1440

/* ---- ordering ------------------------------------------------------------ */

/* Rank of a kind among events at one moment. `opened` first and `closed`
 * last (step 3 moves a `closed` before an `opened` for a re-referral); a
 * return before a new absence; an absence before a deallocation (so a worker
 * who goes on leave and is taken off the case at one moment was absent while
 * holding it, and the absence ends with the holding); deallocations before
 * allocations (a handover leaves no gap). */
static int
rank(int kind)
{
    switch (kind) {
    case UNALLOC_EVENT_OPENED:
        return 0;
    case UNALLOC_EVENT_BORN:
        return 1;
    case UNALLOC_EVENT_CATEGORY:
        return 2;
    case UNALLOC_EVENT_ASSESSMENT_CONCLUDED:
        return 3;
    case UNALLOC_EVENT_ALLOCATION_DECISION:
        return 4;
    case UNALLOC_EVENT_WORKER_RETURNED:
        return 5;
    case UNALLOC_EVENT_WORKER_ABSENT:
        return 6;
    case UNALLOC_EVENT_DEALLOCATED:
        return 7;
    case UNALLOC_EVENT_ALLOCATED:
        return 8;
    case UNALLOC_EVENT_CLOSED:
        return 100;
    default:
        return 10 + kind;
    }
}

/* The detail's place among events of one kind at one moment: ratings from
 * the least to the most urgent, so that the most urgent is the one in force. */
static int
detail_key(const struct ua_tev *e)
{
    return e->kind == UNALLOC_EVENT_RATING ? -e->detail : e->detail;
}

static int
cmp_str(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a || !b)
        return a ? 1 : -1;
    return strcmp(a, b);
}

/* A total order on everything an event records, so that the sort does not
 * depend on the order events were added (identical events are
 * interchangeable). Strings are compared only when all else ties. */
static int
cmp_tev(const void *pa, const void *pb)
{
    const struct ua_tev *a = pa, *b = pb;
    int d;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if ((d = rank(a->kind) - rank(b->kind)) != 0)
        return d;
    if ((d = detail_key(a) - detail_key(b)) != 0)
        return d;
    if (a->timed != b->timed)
        return a->timed ? 1 : -1;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    if (a->e->t != b->e->t)
        return a->e->t < b->e->t ? -1 : 1;
    if ((d = cmp_str(a->e->wname, b->e->wname)) != 0)
        return d;
    return cmp_str(a->e->locality, b->e->locality);
}

/* ---- step 2: one day's date-only events ------------------------------------ */

struct day_shape {
    bool open_before;     /* an episode is open when the day starts */
    bool dated_close;     /* a date-only `closed` ends an episode today */
    int64_t timed_close;  /* the first timed `closed`, or -1 */
    int64_t timed_open;   /* the first timed `opened` that starts an episode, or -1 */
};

static struct day_shape
shape_of(const struct ua_tev *ev, size_t a, size_t b, bool open_before)
{
    struct day_shape s = { open_before, false, -1, -1 };
    bool open = open_before, dated_open = false;
    for (size_t i = a; i < b; i++) {
        const struct ua_tev *e = &ev[i];
        if (e->kind == UNALLOC_EVENT_CLOSED) {
            if (!e->timed)
                s.dated_close = true;
            else if (s.timed_close < 0)
                s.timed_close = e->t;
            if (e->timed)
                open = false;
        } else if (e->kind == UNALLOC_EVENT_OPENED) {
            if (!e->timed)
                dated_open = true;
            else if (s.timed_open < 0 && (!open || s.dated_close || s.timed_close >= 0))
                s.timed_open = e->t;
            if (e->timed)
                open = true;
        }
    }
    /* A date-only close when nothing is open or opens today closes nothing. */
    if (s.dated_close && !open_before && s.timed_open < 0 && !dated_open)
        s.dated_close = false;
    return s;
}

/* The first timed allocation of `role` today, by a worker other than
 * `worker`, or -1. */
static int64_t
timed_allocation(const struct ua_tev *ev, size_t a, size_t b, int role, int32_t worker)
{
    for (size_t i = a; i < b; i++)
        if (ev[i].timed && ev[i].kind == UNALLOC_EVENT_ALLOCATED && ev[i].detail == role &&
            ev[i].worker != worker)
            return ev[i].t;
    return -1;
}

/* Places the date-only events of the day [a, b); returns whether any moved. */
static bool
place_day(struct ua_tev *ev, size_t a, size_t b, int32_t day, const struct day_shape *s)
{
    const int64_t start = (int64_t)day * DAY_MINUTES, end = start + DAY_MINUTES - 1;
    bool moved = false;
    for (size_t i = a; i < b; i++) {
        struct ua_tev *e = &ev[i];
        int64_t t = start;
        if (e->timed)
            continue;
        switch (e->kind) {
        case UNALLOC_EVENT_CLOSED:
            if (s->dated_close)
                t = (s->open_before && s->timed_open >= 0) ? s->timed_open : end;
            break;
        case UNALLOC_EVENT_OPENED:
            if (s->open_before)
                t = s->dated_close ? end : s->timed_close >= 0 ? s->timed_close : start;
            break;
        default:
            if (s->dated_close && s->open_before)
                break; /* stays with the episode that closes today */
            if (s->timed_open >= 0) {
                t = s->timed_open; /* taken at the opening of its episode */
            } else if (e->kind == UNALLOC_EVENT_DEALLOCATED && !s->dated_close) {
                const int64_t at = timed_allocation(ev, a, b, e->detail, e->worker);
                if (at >= 0)
                    t = at; /* a handover recorded by date */
            }
            break;
        }
        if (t != e->t) {
            e->t = t;
            moved = true;
        }
        /* Arithmetic and display keep the recorded date; an event taken at a
         * timed opening counts from it. */
        e->at = (e->kind == UNALLOC_EVENT_OPENED || t == end) ? start : t;
    }
    return moved;
}

/* Step 3: at one moment, `closed` before `opened` while an episode is open.
 * Returns whether an episode is open at the end of [a, b). */
static bool
reorder_reopenings(struct ua_tev *ev, size_t a, size_t b, bool open)
{
    for (size_t i = a; i < b; i++) {
        if (ev[i].kind == UNALLOC_EVENT_OPENED && open) {
            for (size_t k = i + 1; k < b && ev[k].t == ev[i].t; k++) {
                if (ev[k].kind == UNALLOC_EVENT_CLOSED) {
                    const struct ua_tev closed = ev[k];
                    memmove(&ev[i + 1], &ev[i], (k - i) * sizeof *ev);
                    ev[i] = closed;
                    break;
                }
            }
        }
        if (ev[i].kind == UNALLOC_EVENT_OPENED)
            open = true;
        else if (ev[i].kind == UNALLOC_EVENT_CLOSED)
            open = false;
    }
    return open;
}

/* Insertion sort for the few events of a typical case (usually added in
 * time order, so about n comparisons), qsort beyond, so the cost stays
 * O(n log n). */
static void
sort_tev(struct ua_tev *ev, size_t n)
{
    if (n > 32) {
        qsort(ev, n, sizeof *ev, cmp_tev);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        struct ua_tev item;
        size_t j = i;
        if (ev[i - 1].t < ev[i].t || cmp_tev(&ev[i - 1], &ev[i]) <= 0)
            continue; /* in place already: nothing to move */
        item = ev[i];
        do {
            ev[j] = ev[j - 1];
            j--;
        } while (j > 0 && cmp_tev(&ev[j - 1], &item) > 0);
        ev[j] = item;
    }
}

_Static_assert(UNALLOC_EVENT_KIND_COUNT_ <= 32, "an event kind is a bit of an unsigned");

/* The kinds without which a day's events stay where the sort put them: a
 * date-only event moves only on a day with an `opened` or a `closed`, and a
 * date-only `deallocated` on a day with a timed allocation. */
#define PLACING_KINDS                                                                          \
    (1u << UNALLOC_EVENT_OPENED | 1u << UNALLOC_EVENT_CLOSED | 1u << UNALLOC_EVENT_DEALLOCATED)

static void
order(struct ua_tev *ev, size_t n)
{
    bool open = false;
    if (n == 0)
        return;
    sort_tev(ev, n);
    for (size_t a = 0, b; a < n; a = b) {
        const int32_t day = ua_day_of_minute(ev[a].t);
        uint32_t kinds = 0;
        struct day_shape s;
        for (b = a; b < n && ua_day_of_minute(ev[b].t) == day; b++)
            kinds |= 1u << ev[b].kind;
        if (!(kinds & PLACING_KINDS))
            continue; /* steps 2 and 3 move nothing, and no episode opens or ends */
        if (b == a + 1 && ev[a].timed) {
            /* A day of one timed event: nothing to place or reorder. */
            if (ev[a].kind == UNALLOC_EVENT_OPENED)
                open = true;
            else if (ev[a].kind == UNALLOC_EVENT_CLOSED)
                open = false;
            continue;
        }
        s = shape_of(ev, a, b, open);
        if (place_day(ev, a, b, day, &s) && b - a > 1)
            sort_tev(&ev[a], b - a);
        open = reorder_reopenings(ev, a, b, open);
    }
}

/* ---- step 4: checks and indexes -------------------------------------------- */

/* The kinds check() looks at beyond "is an episode open". */
#define EPISODE_KINDS                                                                          \
    (1u << UNALLOC_EVENT_OPENED | 1u << UNALLOC_EVENT_CLOSED | 1u << UNALLOC_EVENT_BORN)

static enum unalloc_status
check(const struct ua_timeline *t, const struct unalloc_case *c, struct unalloc_error *err)
{
    bool open = false, ever_opened = false;
    const struct ua_event *born = NULL;
    char what[160];

    /* One episode, opened by the first event and never closed, with at most
     * one date of birth (the counts are kept in kind_start): the walk below
     * would open it and pass over every other event. */
    if (t->n && t->ev[0].kind == UNALLOC_EVENT_OPENED &&
        t->kind_start[UNALLOC_EVENT_OPENED] == 1 && t->kind_start[UNALLOC_EVENT_CLOSED] == 0 &&
        t->kind_start[UNALLOC_EVENT_BORN] <= 1)
        return UNALLOC_OK;
    for (size_t i = 0; i < t->n; i++) {
        const struct ua_tev *v = &t->ev[i];
        const struct ua_event *e;
        if (open && !(EPISODE_KINDS >> v->kind & 1u))
            continue; /* the usual event: inside an open episode */
        e = v->e;
        switch (v->kind) {
        case UNALLOC_EVENT_BORN:
            if (born && born->day != e->day) {
                /* Name the later row, whatever the order they came in. */
                const struct ua_event *second = born->seq > e->seq ? born : e;
                ua_describe_event(what, sizeof what, c, second);
                return ua_fail_record(err, UNALLOC_E_INVALID, (size_t)second->seq + 1,
                               "%s: a second, different date of birth", what);
            }
            born = e;
            continue;
        case UNALLOC_EVENT_OPENED:
            if (open) {
                ua_describe_event(what, sizeof what, c, e);
                return ua_fail_record(err, UNALLOC_E_INVALID, (size_t)e->seq + 1,
                               "%s: the case is already open (no 'closed' before it)", what);
            }
            open = ever_opened = true;
            continue;
        default:
            break;
        }
        if (!open) {
            ua_describe_event(what, sizeof what, c, e);
            return ua_fail_record(err, UNALLOC_E_INVALID, (size_t)e->seq + 1, "%s: %s", what,
                           ever_opened ? "comes after 'closed' and before a new 'opened'"
                                       : "comes before the case's first 'opened'");
        }
        if (v->kind == UNALLOC_EVENT_CLOSED)
            open = false;
    }
    return UNALLOC_OK;
}

/* The per-kind index, a counting sort: the caller counted each kind into
 * kind_start[kind] (a count does not depend on the order). Running sums make
 * kind_start[k] the end of kind k's positions; placing the positions from
 * the last down moves it back to their start. */
static void
index_kinds(struct ua_timeline *t)
{
    const struct ua_tev *ev = t->ev;
    uint32_t *start = t->kind_start, *by_kind = t->by_kind, sum = 0;
    /* a load, an add and a store a kind (gcc and clang read the pragma) */
#pragma GCC unroll 32
    for (int k = 0; k < UNALLOC_EVENT_KIND_COUNT_; k++)
        start[k] = sum += start[k];
    start[UNALLOC_EVENT_KIND_COUNT_] = sum;
    for (size_t i = t->n; i-- > 0;)
        by_kind[--start[ev[i].kind]] = (uint32_t)i;
    for (size_t i = 0, k = 0; k < t->n_locality; i++)
        if (ev[i].e->locality)
            t->with_locality[k++] = (uint32_t)i;
    if (start[UNALLOC_EVENT_BORN] < start[UNALLOC_EVENT_BORN + 1]) {
        /* the last in the timeline (check() saw that all have one date) */
        t->has_dob = true;
        t->dob = ev[by_kind[start[UNALLOC_EVENT_BORN + 1] - 1]].e->day;
    }
}

/* The fast path's step 2: a date-only `closed` (found by the index) is taken
 * at the end of its day. */
static void
close_at_end_of_day(struct ua_timeline *t)
{
    for (uint32_t k = t->kind_start[UNALLOC_EVENT_CLOSED];
         k < t->kind_start[UNALLOC_EVENT_CLOSED + 1]; k++) {
        struct ua_tev *v = &t->ev[t->by_kind[k]];
        if (!v->timed)
            v->t += DAY_MINUTES - 1;
    }
}

/* ---- public to the library -------------------------------------------------- */

void
ua_timeline_free(struct ua_timeline *t)
{
    ua_free(t);
}

enum unalloc_status
ua_timeline_build(struct ua_timeline **out, const struct unalloc_case *c,
                  struct unalloc_error *err)
{
    const size_t n = c->events.len;
    const struct ua_event *const events = c->events.data;
    const bool in_order = c->in_order;
    uint32_t *count;
    struct ua_tev *ev;
    struct ua_timeline *t;
    enum unalloc_status st;
    char *mem;

    *out = NULL;
    /* One block: the header, the events, the per-kind index (n positions) and
     * the locality index (the case counted them: at most n). */
    if (n > (SIZE_MAX - sizeof *t) / (sizeof(struct ua_tev) + 2 * sizeof(uint32_t)) ||
        !(mem = ua_malloc(sizeof *t + n * sizeof(struct ua_tev) +
                          (n + c->n_locality) * sizeof(uint32_t))))
        return ua_nomem(err);
    t = (struct ua_timeline *)(void *)mem;
    memset(t, 0, sizeof *t);
    t->n = n;
    t->ev = (struct ua_tev *)(void *)(mem + sizeof *t);
    t->by_kind = (uint32_t *)(void *)(mem + sizeof *t + n * sizeof(struct ua_tev));
    t->with_locality = t->by_kind + n;
    t->workers = c->workers.len;
    t->n_locality = c->n_locality;
    count = t->kind_start;
    ev = t->ev;
    for (size_t i = 0; i < n; i++) {
        const struct ua_event *e = &events[i];
        struct ua_tev *v = &ev[i];
        v->t = v->at = e->t; /* 00:00 of a date-only event's day */
        v->e = e;
        v->facts = e->facts; /* worker, detail, kind, timed */
        count[e->kind]++;
    }
    if (!in_order)
        order(ev, n);
    if ((st = check(t, c, err)) != UNALLOC_OK) {
        ua_free(t);
        return st;
    }
    index_kinds(t);
    if (in_order)
        close_at_end_of_day(t);
    *out = t;
    return UNALLOC_OK;
}
