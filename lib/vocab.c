/*
 * libunalloc: the shared vocabulary (event kinds, categories, roles, ratings,
 * obligation kinds, statuses), names to values and back.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "vocab-private.h"

const char *const ua_event_names[UNALLOC_EVENT_KIND_COUNT_] = {
    "opened",
    "category",
    "closed",
    "transferred",
    "born",
    "allocated",
    "deallocated",
    "worker-absent",
    "worker-returned",
    "assessment-concluded",
    "allocation-decision",
    "agreed-unallocated",
    "dcs-informed",
    "oversight",
    "review",
    "supervision",
    "reflective-supervision",
    "case-summary",
    "risk-assessment",
    "interim-activity",
    "contact",
    "visit",
    "statutory-meeting",
    "letter-family",
    "letter-child",
    "agencies-informed",
    "rating",
    "escalated",
    "concern-raised",
};

const char *const ua_category_names[UNALLOC_CATEGORY_COUNT_] = {
    "referral", "single-assessment", "s47", "cin", "cp", "cla", "youth-justice", "early-help",
};

const char *const ua_role_names[UNALLOC_ROLE_COUNT_] = {
    "social-worker",     "family-support",     "atm",              "team-manager",
    "practice-specialist", "service-manager",  "head-of-service",  "assistant-director",
    "service-director",  "dcs",                "chief-executive",  "duty",
    "to-be-allocated",
};

const char *const ua_rating_names[UNALLOC_RATING_COUNT_] = { "red", "amber", "yellow",
                                                                 "green" };

const char *const ua_obligation_names[UNALLOC_OBLIGATION_COUNT_] = {
    "review",        "oversight",        "letter-family",  "letter-child",
    "agencies-informed", "contact",      "visit",          "case-summary",
    "supervision",   "reflective-supervision", "rating",   "rating-review",
    "ad-agreement",  "dcs-informed",     "allocate-to-atm", "risk-assessment",
    "reallocate",    "report",
};

static const char *const status_names[UNALLOC_STATUS_COUNT_] = {
    "allocated", "pending", "unallocated", "being-assessed",
    "not-counted", "out-of-scope", "closed", "not-open",
};

static const char *const state_names[UNALLOC_STATE_COUNT_] = { "pending", "due", "overdue", "met" };

const char *const ua_absence_names[UA_ABSENCE_COUNT] = { "sick", "leave", "left" };
const char *const ua_outcome_names[UA_OUTCOME_COUNT] = { "needs-social-worker",
                                                             "no-social-worker" };

int
ua_lookup(const char *const *names, int n, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

static const char *
name_of(const char *const *names, int n, int v)
{
    return v >= 0 && v < n ? names[v] : NULL;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))


UNALLOC_EXPORT const char *
unalloc_event_kind_name(enum unalloc_event_kind kind)
{
    return name_of(ua_event_names, N(ua_event_names), (int)kind);
}

UNALLOC_EXPORT const char *
unalloc_category_name(enum unalloc_category category)
{
    return name_of(ua_category_names, N(ua_category_names), (int)category);
}

UNALLOC_EXPORT const char *
unalloc_role_name(enum unalloc_role role)
{
    return name_of(ua_role_names, N(ua_role_names), (int)role);
}

UNALLOC_EXPORT const char *
unalloc_rating_name(enum unalloc_rating rating)
{
    return name_of(ua_rating_names, N(ua_rating_names), (int)rating);
}

UNALLOC_EXPORT const char *
unalloc_obligation_kind_name(enum unalloc_obligation_kind kind)
{
    return name_of(ua_obligation_names, N(ua_obligation_names), (int)kind);
}

UNALLOC_EXPORT const char *
unalloc_case_status_name(enum unalloc_case_status status)
{
    return name_of(status_names, N(status_names), (int)status);
}

static const char *const warning_names[] = {
    "none", "review-date-passed", "no-review-date", "date-of-birth-unknown", "actor-assumed",
    "deallocated-unheld", "deallocated-other-worker", "late-handover", "stop-gap",
    "worker-changed", "role-not-assigned", "meeting-chair", "rating-not-in-scale",
    "due-out-of-range",
};

UNALLOC_EXPORT const char *
unalloc_warning_code_name(enum unalloc_warning_code code)
{
    return (int)code <= 0 ? NULL : name_of(warning_names, N(warning_names), (int)code);
}

UNALLOC_EXPORT const char *
unalloc_state_name(enum unalloc_state state)
{
    return name_of(state_names, N(state_names), (int)state);
}

static enum unalloc_status
from_name(int *out, const char *const *names, int n, const char *name, const char *what,
          struct unalloc_error *err)
{
    char q[64];
    int v;
    if (!out || !name)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s name: %s is NULL", what,
                       !out ? "out" : "name");
    if ((v = ua_lookup(names, n, name)) < 0) {
        ua_quote(q, sizeof q, name, strlen(name));
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown %s '%s'", what, q);
    }
    *out = v;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_event_kind_from_name(enum unalloc_event_kind *out, const char *name,
                             struct unalloc_error *err)
{
    int v = 0;
    enum unalloc_status st = from_name(out ? &v : NULL, ua_event_names, N(ua_event_names), name,
                                       "event kind", err);
    if (st == UNALLOC_OK)
        *out = (enum unalloc_event_kind)v;
    return st;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_category_from_name(enum unalloc_category *out, const char *name, struct unalloc_error *err)
{
    int v = 0;
    enum unalloc_status st = from_name(out ? &v : NULL, ua_category_names, N(ua_category_names), name,
                                       "category", err);
    if (st == UNALLOC_OK)
        *out = (enum unalloc_category)v;
    return st;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_role_from_name(enum unalloc_role *out, const char *name, struct unalloc_error *err)
{
    int v = 0;
    enum unalloc_status st =
        from_name(out ? &v : NULL, ua_role_names, N(ua_role_names), name, "role", err);
    if (st == UNALLOC_OK)
        *out = (enum unalloc_role)v;
    return st;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_rating_from_name(enum unalloc_rating *out, const char *name, struct unalloc_error *err)
{
    int v = 0;
    enum unalloc_status st =
        from_name(out ? &v : NULL, ua_rating_names, N(ua_rating_names), name, "rating", err);
    if (st == UNALLOC_OK)
        *out = (enum unalloc_rating)v;
    return st;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_obligation_kind_from_name(enum unalloc_obligation_kind *out, const char *name,
                                  struct unalloc_error *err)
{
    int v = 0;
    enum unalloc_status st = from_name(out ? &v : NULL, ua_obligation_names, N(ua_obligation_names),
                                       name, "obligation kind", err);
    if (st == UNALLOC_OK)
        *out = (enum unalloc_obligation_kind)v;
    return st;
}

/* ---- the vocabulary with its meanings (`unalloc vocabulary`) --------------------- */

static const struct unalloc_term terms[] = {
    { "event", "opened", "an episode opens; detail: its category (required); after closed, a new episode" },
    { "event", "category", "the case's category changes; detail: the category (required)" },
    { "event", "closed", "the episode closes" },
    { "event", "transferred", "the case moves to another team or service; the clocks keep running" },
    { "event", "born", "the child's date of birth is the event's date; may come before opened" },
    { "event", "allocated", "a worker starts to hold the case; detail: the role (required); needs the worker's id" },
    { "event", "deallocated", "a worker stops holding the case; detail: the role (required)" },
    { "event", "worker-absent", "the worker holding the case is away; detail: sick, leave or left; needs the worker's id" },
    { "event", "worker-returned", "the absent worker is back; needs the worker's id" },
    { "event", "assessment-concluded", "an assessment ends; detail: needs-social-worker or no-social-worker" },
    { "event", "allocation-decision", "a manager decides the case needs a named worker; detail: needs-named-worker" },
    { "event", "agreed-unallocated", "a senior manager agrees that the case is held unallocated" },
    { "event", "dcs-informed", "the Director of Children's Services is told the case is unallocated" },
    { "event", "oversight", "management oversight is recorded; detail: who (a role, optional)" },
    { "event", "review", "the unallocated case is reviewed; detail: by whom (a role, optional)" },
    { "event", "supervision", "the worker is supervised on the case; detail: by whom (optional)" },
    { "event", "reflective-supervision", "reflective supervision of the worker; detail: by whom (optional)" },
    { "event", "case-summary", "a case summary is written; detail: by whom (optional)" },
    { "event", "risk-assessment", "the risk is assessed or re-assessed; detail: by whom (optional)" },
    { "event", "interim-activity", "interim work to support the child's plan begins; detail: by whom (optional)" },
    { "event", "contact", "contact with the child or family; detail: by whom (optional)" },
    { "event", "visit", "a visit to the child; detail: by whom (a role, optional)" },
    { "event", "statutory-meeting", "a statutory meeting (conference, core group, review) is held; detail: who (optional)" },
    { "event", "letter-family", "a letter to the family says the case is unallocated and who to contact" },
    { "event", "letter-child", "a letter to the child says the same" },
    { "event", "agencies-informed", "partner agencies (school, health) are told the case is unallocated" },
    { "event", "rating", "the case is rated for risk; detail: red, amber, yellow or green" },
    { "event", "escalated", "the case is escalated; detail: to which role (required)" },
    { "event", "concern-raised", "a concern about risk is recorded; detail: who raised it (optional)" },
    { "detail", "sick", "worker-absent: off sick" },
    { "detail", "leave", "worker-absent: on leave (annual, maternity, other)" },
    { "detail", "left", "worker-absent: has left the post" },
    { "detail", "needs-social-worker", "assessment-concluded: the child needs a social worker" },
    { "detail", "no-social-worker", "assessment-concluded: the child does not need one" },
    { "detail", "needs-named-worker", "allocation-decision: the case needs a named worker" },
    { "category", "referral", "a referral, before an assessment" },
    { "category", "single-assessment", "being assessed (a single assessment)" },
    { "category", "s47", "a section 47 child protection enquiry" },
    { "category", "cin", "a child in need" },
    { "category", "cp", "a child with a child protection plan" },
    { "category", "cla", "a child looked after (in care)" },
    { "category", "youth-justice", "youth justice work" },
    { "category", "early-help", "early help or targeted family support" },
    { "role", "social-worker", "a qualified social worker" },
    { "role", "family-support", "a family support or early help worker" },
    { "role", "atm", "an Assistant Team Manager (who may hold cases while they wait)" },
    { "role", "team-manager", "a Team Manager" },
    { "role", "practice-specialist", "a family support practice specialist (at team manager level)" },
    { "role", "service-manager", "a Service Manager" },
    { "role", "head-of-service", "a Head of Service" },
    { "role", "assistant-director", "an Assistant Director" },
    { "role", "service-director", "a Service Director" },
    { "role", "dcs", "the Director of Children's Services" },
    { "role", "chief-executive", "the council's Chief Executive" },
    { "role", "duty", "the duty team or a duty worker: holds the case, never an allocation" },
    { "role", "to-be-allocated", "a placeholder (\"to be allocated\"): holds the case, never an allocation" },
    { "rating", "red", "the highest risk rating" },
    { "rating", "amber", "a raised risk rating" },
    { "rating", "yellow", "a lower risk rating (RAY scales)" },
    { "rating", "green", "the lowest risk rating" },
};

UNALLOC_EXPORT size_t
unalloc_vocabulary_count(void)
{
    return sizeof terms / sizeof terms[0];
}

UNALLOC_EXPORT const struct unalloc_term *
unalloc_vocabulary_term(size_t i)
{
    return i < sizeof terms / sizeof terms[0] ? &terms[i] : NULL;
}

int
ua_role_seniority(enum unalloc_role r)
{
    switch (r) {
    case UNALLOC_ROLE_ATM: return 1;
    case UNALLOC_ROLE_TEAM_MANAGER:
    case UNALLOC_ROLE_PRACTICE_SPECIALIST: return 2;
    case UNALLOC_ROLE_SERVICE_MANAGER: return 3;
    case UNALLOC_ROLE_HEAD_OF_SERVICE: return 4;
    case UNALLOC_ROLE_ASSISTANT_DIRECTOR: return 5;
    case UNALLOC_ROLE_SERVICE_DIRECTOR: return 6;
    case UNALLOC_ROLE_DCS: return 7;
    case UNALLOC_ROLE_CHIEF_EXECUTIVE: return 8;
    default: return 0;
    }
}

enum ua_detail_type
ua_event_detail_type(enum unalloc_event_kind k)
{
    switch (k) {
    case UNALLOC_EVENT_OPENED:
    case UNALLOC_EVENT_CATEGORY: return UA_DETAIL_CATEGORY;
    case UNALLOC_EVENT_ALLOCATED:
    case UNALLOC_EVENT_DEALLOCATED:
    case UNALLOC_EVENT_ESCALATED: return UA_DETAIL_ROLE;
    case UNALLOC_EVENT_WORKER_ABSENT: return UA_DETAIL_ABSENCE;
    case UNALLOC_EVENT_ASSESSMENT_CONCLUDED: return UA_DETAIL_OUTCOME;
    case UNALLOC_EVENT_ALLOCATION_DECISION: return UA_DETAIL_DECISION;
    case UNALLOC_EVENT_RATING: return UA_DETAIL_RATING;
    case UNALLOC_EVENT_OVERSIGHT:
    case UNALLOC_EVENT_REVIEW:
    case UNALLOC_EVENT_SUPERVISION:
    case UNALLOC_EVENT_REFLECTIVE_SUPERVISION:
    case UNALLOC_EVENT_CASE_SUMMARY:
    case UNALLOC_EVENT_RISK_ASSESSMENT:
    case UNALLOC_EVENT_INTERIM_ACTIVITY:
    case UNALLOC_EVENT_CONTACT:
    case UNALLOC_EVENT_VISIT:
    case UNALLOC_EVENT_STATUTORY_MEETING:
    case UNALLOC_EVENT_CONCERN_RAISED: return UA_DETAIL_ACTOR;
    default: return UA_DETAIL_NONE;
    }
}

/* ---- the policy format's keywords (vocab-private.h) ------------------------------ */

const char *const ua_anchor_names[UNALLOC_ANCHOR_COUNT_] = {
    [UNALLOC_ANCHOR_OPENED] = "opened",   [UNALLOC_ANCHOR_SPELL] = "spell",
    [UNALLOC_ANCHOR_THRESHOLD] = "threshold", [UNALLOC_ANCHOR_HOLDING] = "holding",
    [UNALLOC_ANCHOR_ABSENCE] = "absence", [UNALLOC_ANCHOR_MET] = "met",
    [UNALLOC_ANCHOR_MISSED] = "missed",   [UNALLOC_ANCHOR_CONCERN] = "concern",
};

/* "default" is the window a rule has without `while`; the parser refuses it as a word. */
const char *const ua_window_names[UNALLOC_WINDOW_COUNT_] = {
    [UNALLOC_WINDOW_DEFAULT] = "default", [UNALLOC_WINDOW_SPELL] = "spell",
    [UNALLOC_WINDOW_EPISODE] = "episode", [UNALLOC_WINDOW_HOLDING] = "holding",
    [UNALLOC_WINDOW_ABSENCE] = "absence",
};

const char *const ua_check_names[UNALLOC_CHECK_COUNT_] = {
    [UNALLOC_CHECK_CONSISTENT_WORKER] = "consistent-worker", [UNALLOC_CHECK_ASSIGNED] = "assigned",
    [UNALLOC_CHECK_CHAIR_NOT] = "chair-not",                 [UNALLOC_CHECK_RATINGS] = "ratings",
};

const char *const ua_report_form_names[UNALLOC_REPORT_FORM_COUNT_] = {
    [UNALLOC_REPORT_APPENDIX_1] = "appendix-1", [UNALLOC_REPORT_REGISTER] = "register",
    [UNALLOC_REPORT_LIST] = "list",
};

const char *const ua_setting_kind_names[UNALLOC_SETTING_KIND_COUNT_] = {
    [UNALLOC_SETTING_LOCAL] = "local", [UNALLOC_SETTING_READING] = "reading",
};

const char *const ua_basis_names[UNALLOC_BASIS_COUNT_] = {
    [UNALLOC_BASIS_DOCUMENT] = "document", [UNALLOC_BASIS_LOCAL] = "local",
};

const char *const ua_comparison_names[UA_COMPARISON_COUNT] = {
    [UNALLOC_AT_LEAST] = "at-least", [UNALLOC_MORE_THAN] = "more-than",
};

const char *const ua_region_names[UA_REGION_COUNT] = {
    [UNALLOC_REGION_ENGLAND_AND_WALES] = "england-and-wales",
    [UNALLOC_REGION_SCOTLAND] = "scotland",
    [UNALLOC_REGION_NORTHERN_IRELAND] = "northern-ireland",
};

const char *const ua_decision_names[UA_DECISION_COUNT] = { "needs-named-worker" };

/* ---- end of the policy format's keywords ----------------------------------------- */
