/*
 * libunalloc: evaluation results (internal layout, shared with the
 * serialisers and the aggregate reports).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_EVALUATE_PRIVATE_H
#define UNALLOC_EVALUATE_PRIVATE_H

#include "private.h"

struct unalloc_result {
    struct unalloc_case_result pub;
    struct ua_vec occ;      /* struct unalloc_occurrence */
    struct ua_vec esc;      /* struct unalloc_escalation_level */
    struct ua_vec warnings; /* const char * (owned, in strings) */
    struct ua_vec strings;  /* char *: every string the result owns */
    /* For the reports: who held each role at as-of (NULL if nobody). */
    const char *holder[UNALLOC_ROLE_COUNT_];
    const char *policy_title;
};

#endif
