/*
 * libunalloc: vocabulary internals.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_VOCAB_PRIVATE_H
#define UNALLOC_VOCAB_PRIVATE_H

#include "private.h"

/* What an event's detail holds. */
enum ua_detail_type {
    UA_DETAIL_NONE,     /* no detail allowed */
    UA_DETAIL_CATEGORY, /* required */
    UA_DETAIL_ROLE,     /* required */
    UA_DETAIL_ABSENCE,  /* required: sick, leave, left */
    UA_DETAIL_OUTCOME,  /* required: needs-social-worker, no-social-worker */
    UA_DETAIL_DECISION, /* required: needs-named-worker */
    UA_DETAIL_RATING,   /* required */
    UA_DETAIL_ACTOR,    /* optional role */
};

enum { UA_ABSENCE_SICK, UA_ABSENCE_LEAVE, UA_ABSENCE_LEFT, UA_ABSENCE_COUNT };
enum { UA_OUTCOME_NEEDS_SW, UA_OUTCOME_NO_SW, UA_OUTCOME_COUNT };

extern const char *const ua_event_names[UNALLOC_EVENT_KIND_COUNT_];
extern const char *const ua_category_names[UNALLOC_CATEGORY_COUNT_];
extern const char *const ua_role_names[UNALLOC_ROLE_COUNT_];
extern const char *const ua_rating_names[UNALLOC_RATING_COUNT_];
extern const char *const ua_obligation_names[UNALLOC_OBLIGATION_COUNT_];
extern const char *const ua_absence_names[UA_ABSENCE_COUNT];
extern const char *const ua_outcome_names[UA_OUTCOME_COUNT];

/* Index of name in names[0..n), or -1. */
int ua_lookup(const char *const *names, int n, const char *name);
enum ua_detail_type ua_event_detail_type(enum unalloc_event_kind k);
/* 0 for roles outside the management line; 1 (atm) .. 8 (chief-executive). */
int ua_role_seniority(enum unalloc_role r);

#endif
