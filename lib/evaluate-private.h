/*
 * libunalloc: evaluation results (internal layout, shared with the
 * serialisers and the aggregate reports).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_EVALUATE_PRIVATE_H
#define UNALLOC_EVALUATE_PRIVATE_H

#include <stdatomic.h>

#include "private.h"

/* A warning or note: a code and its arguments, rendered to text only when
 * output asks for it (ua_warning_render). Strings are owned by the result. */
struct ua_warning {
    enum unalloc_warning_code code;
    int rule;          /* policy rule index, or -1 */
    int check;         /* policy check index, or -1 */
    int role;          /* enum unalloc_role, or -1 */
    int value;         /* a rating, an event kind..., or -1 */
    int64_t at, at2;   /* moments (minutes), or INT64_MIN */
    bool timed, timed2;
    const char *s1, *s2;
};

struct unalloc_result {
    struct unalloc_case_result pub;
    struct ua_vec occ;      /* struct unalloc_occurrence */
    struct ua_vec esc;      /* struct unalloc_escalation_level */
    struct ua_vec warnings; /* struct ua_warning */
    struct ua_vec strings;  /* char *: every string the result owns */
    /* The rendered warnings, built on first request and published once. */
    _Atomic(char **) warning_text;
    /* A reference to the policy: rule ids, clauses and notes are borrowed. */
    const struct unalloc_policy *policy;
    /* For the reports: who held each role at as-of (NULL if nobody). */
    const char *holder[UNALLOC_ROLE_COUNT_];
    const char *policy_title;
};

/* Appends warning i of r as text. */
void ua_warning_render(struct ua_text *out, const struct unalloc_result *r, size_t i);

#endif
