/*
 * libunalloc: case internals shared with the engine.
 *
 * A case keeps its events in the order they were added. The engine reads
 * them through the case's *timeline* (lib/timeline.c): the same events in
 * one canonical order that does not depend on the order they were added in,
 * each with the moment at which it takes effect. The timeline is built on
 * first use and cached in the case (a lock-free, once-only publication, so
 * many threads may evaluate one case at once); adding an event drops it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_CASE_PRIVATE_H
#define UNALLOC_CASE_PRIVATE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "private.h"
#include "vocab-private.h"

/* No worker recorded. */
#define UA_NO_WORKER (-1)

struct ua_event {
    int64_t t;            /* as recorded: minutes since 1970-01-01T00:00 (00:00 if by date) */
    const char *wname;    /* the worker id, borrowed from the case; NULL if none */
    const char *locality; /* NULL if none; owned by the case */
    union {               /* as in struct ua_tev: the timeline copies the word */
        struct {
            int32_t worker; /* index into the case's workers, or UA_NO_WORKER */
            int16_t detail; /* the detail's enum value (category, role, ...); -1 if none */
            uint8_t kind;   /* enum unalloc_event_kind */
            bool has_time;
        };
        uint64_t facts;
    };
    int32_t day;          /* serial day */
    uint32_t seq;         /* 0-based input order (for messages only) */
};

/* One event on the timeline: 32 bytes on 64-bit machines, two to a cache
 * line. The recorded event's worker id is e->wname. */
struct ua_tev {
    int64_t t;     /* the moment it takes effect; never decreases along the timeline */
    int64_t at;    /* the moment used for arithmetic and shown (minutes) */
    const struct ua_event *e; /* the recorded event */
    union {        /* the recorded event's facts, copied as one word */
        struct {
            int32_t worker;
            int16_t detail;
            uint8_t kind;  /* enum unalloc_event_kind */
            bool timed;    /* whether it was recorded with a time */
        };
        uint64_t facts;
    };
};

/* Phase 1's product: the case's events in canonical order, checked, with a
 * per-kind index (positions of each kind, ascending). */
struct ua_timeline {
    size_t n;
    struct ua_tev *ev;
    uint32_t *by_kind;                             /* n positions, grouped by kind */
    uint32_t *with_locality;                       /* positions of events naming a locality */
    size_t n_locality;
    uint32_t kind_start[UNALLOC_EVENT_KIND_COUNT_ + 1];
    bool has_dob;
    int32_t dob;
    size_t workers; /* number of distinct workers (ids 0 .. workers-1) */
};

struct unalloc_case {
    char *id;
    /* cached; NULL until first built. Beside the id: an evaluation reads
     * both first, from one cache line. */
    _Atomic(struct ua_timeline *) timeline;
    struct ua_vec events;  /* struct ua_event, in the order added */
    struct ua_vec strings; /* char *, owned: localities */
    struct ua_vec workers; /* char *, owned: worker ids, by index */
    uint32_t *worker_slots; /* open-addressing table: index + 1, 0 empty */
    size_t worker_cap;      /* slots (a power of two) */
    /* Each event after the one added before it: on a later day, or later
     * the same day with both times recorded. Then the timeline's order is
     * the order added (lib/timeline.c's fast path). */
    bool in_order;
    size_t n_locality; /* events that name a locality */
};

/* "case C17, event 4 (allocated at 2024-05-13)" into buf. */
void ua_describe_event(char *buf, size_t size, const struct unalloc_case *c,
                       const struct ua_event *e);

/* The worker id of index w (borrowed), or NULL for UA_NO_WORKER. */
static inline const char *
ua_case_worker(const struct unalloc_case *c, int32_t w)
{
    return w < 0 || (size_t)w >= c->workers.len ? NULL : UA_VEC_AT(&c->workers, char *, w);
}

/* The case's timeline, built and checked on first use (unalloc_case_check()'s
 * errors). Borrowed from the case; valid until the next event is added. */
enum unalloc_status ua_case_timeline(const struct ua_timeline **out, const struct unalloc_case *c,
                                     struct unalloc_error *err);

/* lib/timeline.c: builds a timeline (caller frees with ua_timeline_free). */
enum unalloc_status ua_timeline_build(struct ua_timeline **out, const struct unalloc_case *c,
                                      struct unalloc_error *err);
void ua_timeline_free(struct ua_timeline *t);

#endif
