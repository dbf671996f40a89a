/*
 * libunalloc: case internals shared with the engine.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_CASE_PRIVATE_H
#define UNALLOC_CASE_PRIVATE_H

#include <stdbool.h>

#include "private.h"
#include "vocab-private.h"

struct ua_event {
    enum unalloc_event_kind kind;
    int64_t t;            /* minutes since 1970-01-01T00:00 */
    int32_t day;          /* serial day */
    bool has_time;
    int detail;           /* the detail's enum value (category, role, ...); -1 if none */
    const char *worker;   /* NULL if none; owned by the case */
    const char *locality; /* NULL if none; owned by the case */
    uint32_t seq;         /* 0-based input order */
};

struct unalloc_case {
    char *id;
    struct ua_vec events;  /* struct ua_event, sorted by (t, seq) */
    struct ua_vec strings; /* char *, owned */
};

/* "case C17, event 4 (allocated at 2024-05-13)" into buf. */
void ua_describe_event(char *buf, size_t size, const struct unalloc_case *c,
                       const struct ua_event *e);

#endif
