/*
 * libunalloc: policy internals shared by the builder, the parser and the engine.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_POLICY_PRIVATE_H
#define UNALLOC_POLICY_PRIVATE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "private.h"
#include "vocab-private.h"

struct ua_document {
    char *key, *file, *title;
};

/* One kind of event that meets a rule (struct ua_rule's meet). */
struct ua_meet {
    int kind;          /* enum unalloc_event_kind */
    bool any;          /* a met-by line of the kind names no roles */
    bool no_detail;    /* an event of the kind with no detail meets the rule */
    unsigned roles;    /* the roles the kind's lines name, together */
    int assumed_line;  /* the met-by line an event recording no actor is taken as
                          (its notes: note[UA_NOTE_ACTOR()]), -1 when any actor will do */
    int assumed_role;  /* the first role of `roles`, named by the warning */
    bool escalation;   /* an escalation rule's: met by an escalation to a role */
    int seniority;     /* at least this senior (ua_role_seniority()) */
    /* The fields above, with the policy's rating scale, as one mask over an
     * event's detail: bit d + 1 when an event of the kind with detail d
     * (0 to 62) meets the rule, bit 0 when one with none (-1) does, so that
     * evaluate.c's meets() is one test (rule_tables()). */
    uint64_t accept;
};

/* The codes of an occurrence's notes (struct ua_rule's note). */
#define UA_NOTE_DOB 1
#define UA_NOTE_ACTOR(line, dob) (((line) + 1) << 1 | (dob))
#define UA_NOTE_CODES UA_NOTE_ACTOR(UNALLOC_MAX_MET_BY, 0)

struct ua_rule {
    struct unalloc_rule pub; /* strings owned by the policy */
    char *clause_text;       /* formatted clause, shown in results */
    int anchor_index;        /* MET / MISSED: index of the referenced rule, else -1 */
    int due_setting;         /* index of the setting giving `due`, else -1 */
    int every_setting;       /* index of the setting giving `every`, else -1 */
    /* An occurrence's note by its code (struct ua_occ's note): none (NULL),
     * the date of birth's (ua_note_dob), and for an event with no actor
     * taken as met-by line i's, UA_NOTE_ACTOR(i, dob) (alone, and after the
     * date-of-birth note; NULL for lines without roles). Made once when the
     * policy is built so that evaluation formats nothing, and reading an
     * occurrence's note is one load. */
    const char *note[UA_NOTE_CODES];
    /* The kinds of event that can meet the rule, each once, in met-by order
     * (an escalation rule: `escalated` alone), with what an event of the
     * kind must carry: made when the policy is built, so that phase 4 loops
     * over neither the met-by lines nor the roles (policy.c's rule_tables(),
     * evaluate.c's meets()). */
    struct ua_meet meet[UNALLOC_MAX_MET_BY];
    size_t n_meet;
    /* By event kind: the meet entry whose assumed line an event of the kind
     * recording no actor is taken as (evaluate.c's actor_assumed()), -1
     * when none (the kind meets no line, or any actor will do). */
    signed char assumed_of_kind[UNALLOC_EVENT_KIND_COUNT_];
    bool meets_allocated; /* a met-by line names `allocated` */
    /* With meets_allocated, the roles whose holder meets the rule at its
     * start (evaluate.c's held_allocation()), in the order they are tried:
     * the `allocated` lines' roles line by line, each line's in enum order
     * (every role for a line naming none), each role once. */
    unsigned char held_roles[UNALLOC_ROLE_COUNT_];
    int n_held_roles;
    /* The first due moment's offset from the anchor (`due`, the anchor's
     * day counted as day 1 for `due day N`; `every` without one) and the
     * interval (`every`) as plain day counts when their unit is days or
     * weeks, else UA_NOT_DAYS: evaluate.c's next_due() adds them to the day
     * without offset()'s switch (rule_tables()). */
    int32_t due_days, every_days;
    /* An earlier rule whose phase 3 instances are this rule's (the same
     * anchor, anchor role, or-threshold and window), else -1: its
     * instances are copied, not built again. */
    int same_instances;
    /* With same_instances: that rule's conditions are this rule's too
     * (neither escalates), so its answers for each instance are reused. */
    bool same_conditions;
    /* With same_conditions: no rule answers either rule (`from met`,
     * `from missed`), so what phase 4 writes in an instance (its first
     * occurrence) is read by no one, and the rule takes the earlier rule's
     * instances themselves, not a copy. */
    bool same_array;
};

/* struct ua_rule's due_days or every_days for a unit not counted in days. */
#define UA_NOT_DAYS INT32_MIN

/* The occurrence note for an age condition tested without a date of birth. */
extern const char ua_note_dob[];

/* A policy and a policy builder share this layout; a builder is a policy
 * under construction. */
struct unalloc_policy {
    _Atomic long refs;     /* the caller's reference and one per live result */
    char *id;
    char *title;
    bool has_region;
    enum unalloc_region region;
    bool review_set;
    bool has_review;
    struct unalloc_date review;
    int32_t review_day; /* review as a serial day, for ua_policy_warning() */
    char *review_reason;
    struct ua_vec docs;    /* struct ua_document */
    struct ua_vec settings; /* struct unalloc_setting */
    bool has_definition;
    struct unalloc_definition def;
    struct ua_vec rules;   /* struct ua_rule */
    struct ua_vec checks;  /* struct unalloc_check */
    struct ua_vec reports; /* struct unalloc_report_spec */
    bool has_caseload;
    struct unalloc_caseload_limit caseload;
    char *caseload_clause_text;
    char *definition_clause_text; /* the unallocated-after clause, formatted */
    unsigned rating_scale; /* bit per rating of `check ratings`; 0: any */
    /* A rule anchored at `opened` or an absence: the only anchors whose
     * instances need no unallocated spell (rule_tables()). */
    bool anchors_without_spell;
    char hash[17];
    struct ua_vec strings; /* char *: every string above, owned */
};

struct unalloc_policy_builder {
    struct unalloc_policy p;
};

/* Largest number in a policy (durations, ages, caseloads). */
#define UA_POLICY_MAX_NUMBER 100000

/* A result keeps the policy it borrows strings from alive. */
const struct unalloc_policy *ua_policy_ref(const struct unalloc_policy *p);
void ua_policy_unref(const struct unalloc_policy *p);

/* Sets a declared setting's value in force (the parser's `default` form);
 * UNALLOC_E_NOT_FOUND for an undeclared name. */
enum unalloc_status ua_builder_set_setting_value(struct unalloc_policy_builder *b,
                                                 const char *name, struct unalloc_duration value,
                                                 struct unalloc_error *err);

/* The document's title for a clause's key (its file name if none). */
const char *ua_document_title(const struct unalloc_policy *p, const char *key);

/* Formats a clause "<document title>, <section>: “<quote>”" into a new string. */
char *ua_format_clause(const struct unalloc_policy *p, const struct unalloc_clause *c);

#endif
