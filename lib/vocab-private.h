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

/* ---- the policy format's keywords ------------------------------------------------
 * One table per keyword set, indexed by the enum value it names: the parser
 * (lib/policy-parse.c) reads them, the canonical text (lib/policy.c) writes
 * them and the calendar names its regions with them. */
enum { UA_COMPARISON_COUNT = 2, UA_REGION_COUNT = 3, UA_DECISION_COUNT = 1 };

extern const char *const ua_anchor_names[UNALLOC_ANCHOR_COUNT_];
extern const char *const ua_window_names[UNALLOC_WINDOW_COUNT_];
extern const char *const ua_check_names[UNALLOC_CHECK_COUNT_];
extern const char *const ua_report_form_names[UNALLOC_REPORT_FORM_COUNT_];
extern const char *const ua_setting_kind_names[UNALLOC_SETTING_KIND_COUNT_];
extern const char *const ua_basis_names[UNALLOC_BASIS_COUNT_];
extern const char *const ua_comparison_names[UA_COMPARISON_COUNT]; /* enum unalloc_comparison */
extern const char *const ua_region_names[UA_REGION_COUNT];         /* enum unalloc_region */
/* The detail of an allocation-decision event (and `criteria` in a policy). */
extern const char *const ua_decision_names[UA_DECISION_COUNT];

/* ---- the tables only the exported name functions had (lib/vocab.c) ------- */
enum { UA_UNIT_COUNT = 5 };
extern const char *const ua_field_names[UNALLOC_FIELD_COUNT_];
extern const char *const ua_unit_names[UA_UNIT_COUNT]; /* enum unalloc_unit */

/* Index of name in names[0..n), or -1. */
int ua_lookup(const char *const *names, int n, const char *name);
enum ua_detail_type ua_event_detail_type(enum unalloc_event_kind k);
/* 0 for roles outside the management line; 1 (atm) .. 8 (chief-executive). */
int ua_role_seniority(enum unalloc_role r);

#endif
