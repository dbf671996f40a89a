/*
 * libunalloc: the shared vocabulary (event kinds, categories, roles, ratings,
 * obligation kinds, statuses), names to values and back.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
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

static const char *const case_status_names[UNALLOC_CASE_STATUS_COUNT_] = {
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
    for (int i = 0; i < n; i++) /* the first byte first: most names differ there */
        if (names[i][0] == name[0] && strcmp(names[i], name) == 0)
            return i;
    return -1;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))


static const char *const warning_names[] = {
    "none", "review-date-passed", "no-review-date", "date-of-birth-unknown", "actor-assumed",
    "deallocated-unheld", "deallocated-other-worker", "late-handover", "stop-gap",
    "worker-changed", "role-not-assigned", "meeting-chair", "rating-not-in-scale",
    "due-out-of-range",
};

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
    [UNALLOC_COMPARISON_AT_LEAST] = "at-least", [UNALLOC_COMPARISON_MORE_THAN] = "more-than",
};

const char *const ua_region_names[UA_REGION_COUNT] = {
    [UNALLOC_REGION_ENGLAND_AND_WALES] = "england-and-wales",
    [UNALLOC_REGION_SCOTLAND] = "scotland",
    [UNALLOC_REGION_NORTHERN_IRELAND] = "northern-ireland",
};

const char *const ua_decision_names[UA_DECISION_COUNT] = { "needs-named-worker" };

/* ---- end of the policy format's keywords ----------------------------------------- */

/* ---- the exported name and parse functions (vocab.h) ------------------------------
 * One pair per public enum, over the tables above (and the few below that
 * only the C API names). Names are looked up exactly as written. */

const char *const ua_field_names[UNALLOC_FIELD_COUNT_] = {
    [UNALLOC_FIELD_CASE_ID] = "case_id", [UNALLOC_FIELD_AT] = "at",
    [UNALLOC_FIELD_EVENT] = "event",     [UNALLOC_FIELD_DETAIL] = "detail",
    [UNALLOC_FIELD_WORKER] = "worker",   [UNALLOC_FIELD_LOCALITY] = "locality",
};

static const char *const holiday_source_names[] = {
    [UNALLOC_HOLIDAY_RULE] = "rule", [UNALLOC_HOLIDAY_FILE] = "file",
    [UNALLOC_HOLIDAY_CLOSURE] = "closure",
};

static const char *const holiday_format_names[] = {
    [UNALLOC_HOLIDAY_FORMAT_TSV] = "tsv", [UNALLOC_HOLIDAY_FORMAT_CSV] = "csv",
    [UNALLOC_HOLIDAY_FORMAT_JSON] = "json", [UNALLOC_HOLIDAY_FORMAT_ICS] = "ics",
};

static const char *const table_names[] = {
    [UNALLOC_TABLE_OCCURRENCES] = "occurrences", [UNALLOC_TABLE_CASES] = "cases",
    [UNALLOC_TABLE_REJECTS] = "rejects",
};

static const char *const column_type_names[] = {
    [UNALLOC_COLUMN_TEXT] = "text", [UNALLOC_COLUMN_INT] = "int",
    [UNALLOC_COLUMN_BOOL] = "bool", [UNALLOC_COLUMN_TIME] = "time",
};

/* Units: the policy format also takes the singular ("1 working-day"). */
const char *const ua_unit_names[UA_UNIT_COUNT] = {
    [UNALLOC_UNIT_HOURS] = "hours", [UNALLOC_UNIT_DAYS] = "days",
    [UNALLOC_UNIT_WORKING_DAYS] = "working-days", [UNALLOC_UNIT_WEEKS] = "weeks",
    [UNALLOC_UNIT_MONTHS] = "months",
};
static const char *const unit_singulars[UA_UNIT_COUNT] = {
    [UNALLOC_UNIT_HOURS] = "hour", [UNALLOC_UNIT_DAYS] = "day",
    [UNALLOC_UNIT_WORKING_DAYS] = "working-day", [UNALLOC_UNIT_WEEKS] = "week",
    [UNALLOC_UNIT_MONTHS] = "month",
};

static const char *
name_of(const char *const *names, int n, int v)
{
    return v >= 0 && v < n ? names[v] : NULL;
}

/* Index of text in names[first..n), or UNALLOC_E_INVALID quoting it and,
 * when the list is short enough to read, the names. */
static enum unalloc_status
parse_name(int *out, const char *const *names, int first, int n, const char *text,
           const char *what, struct unalloc_error *err)
{
    char q[64], list[160] = "";
    size_t len = 0;
    if (!out || !text)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s name: %s is NULL", what,
                       !out ? "out" : "the text");
    for (int i = first; i < n; i++) {
        if (strcmp(names[i], text) == 0) {
            *out = i;
            return UNALLOC_OK;
        }
    }
    for (int i = first; i < n && len < sizeof list; i++) {
        int w = snprintf(list + len, sizeof list - len, "%s%s", i == first ? " (expected " :
                         i + 1 == n ? " or " : ", ", names[i]);
        len = w < 0 ? sizeof list : len + (size_t)w;
    }
    if (len + 2 > sizeof list)
        list[0] = '\0'; /* too many to list */
    else
        memcpy(list + len, ")", 2);
    ua_quote(q, sizeof q, text, strlen(text));
    return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown %s '%s'%s", what, q, list);
}

/* unalloc_TYPE_name() and unalloc_TYPE_parse() over names[FIRST..COUNT). */
#define UA_NAMES(type, names, first, count, what)                                          \
    UNALLOC_EXPORT const char *unalloc_##type##_name(enum unalloc_##type value)            \
    {                                                                                      \
        return (int)value < (first) ? NULL : name_of(names, count, (int)value);            \
    }                                                                                      \
    UNALLOC_EXPORT enum unalloc_status unalloc_##type##_parse(                             \
        enum unalloc_##type *out, const char *text, struct unalloc_error *err)             \
    {                                                                                      \
        int v = 0;                                                                         \
        enum unalloc_status st = parse_name(out ? &v : NULL, names, first, count, text,    \
                                            what, err);                                    \
        if (st == UNALLOC_OK)                                                              \
            *out = (enum unalloc_##type)v;                                                 \
        return st;                                                                         \
    }

UA_NAMES(event_kind, ua_event_names, 0, N(ua_event_names), "event kind")
UA_NAMES(category, ua_category_names, 0, N(ua_category_names), "category")
UA_NAMES(role, ua_role_names, 0, N(ua_role_names), "role")
UA_NAMES(rating, ua_rating_names, 0, N(ua_rating_names), "rating")
UA_NAMES(region, ua_region_names, 0, N(ua_region_names), "region")
UA_NAMES(holiday_source, holiday_source_names, 0, N(holiday_source_names), "holiday source")
UA_NAMES(holiday_format, holiday_format_names, 0, N(holiday_format_names), "holiday format")
UA_NAMES(obligation_kind, ua_obligation_names, 0, N(ua_obligation_names), "obligation kind")
UA_NAMES(anchor, ua_anchor_names, 0, N(ua_anchor_names), "anchor")
UA_NAMES(window, ua_window_names, 0, N(ua_window_names), "window")
UA_NAMES(comparison, ua_comparison_names, 0, N(ua_comparison_names), "comparison")
UA_NAMES(basis, ua_basis_names, 0, N(ua_basis_names), "basis")
UA_NAMES(setting_kind, ua_setting_kind_names, 0, N(ua_setting_kind_names), "setting kind")
UA_NAMES(check_kind, ua_check_names, 0, N(ua_check_names), "check")
UA_NAMES(report_form, ua_report_form_names, 0, N(ua_report_form_names), "report form")
UA_NAMES(case_status, case_status_names, 0, N(case_status_names), "case status")
UA_NAMES(state, state_names, 0, N(state_names), "state")
UA_NAMES(warning_code, warning_names, 1, N(warning_names), "warning code")
UA_NAMES(table, table_names, 0, N(table_names), "table")
UA_NAMES(column_type, column_type_names, 0, N(column_type_names), "column type")
UA_NAMES(field, ua_field_names, 0, N(ua_field_names), "field")

UNALLOC_EXPORT const char *
unalloc_unit_name(enum unalloc_unit unit)
{
    return name_of(ua_unit_names, N(ua_unit_names), (int)unit);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_unit_parse(enum unalloc_unit *out, const char *text, struct unalloc_error *err)
{
    int v = 0;
    enum unalloc_status st;
    if (text && (v = ua_lookup(unit_singulars, N(unit_singulars), text)) >= 0) {
        if (!out)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unit name: out is NULL");
        *out = (enum unalloc_unit)v;
        return UNALLOC_OK;
    }
    if ((st = parse_name(out ? &v : NULL, ua_unit_names, 0, N(ua_unit_names), text, "unit",
                         err)) == UNALLOC_OK)
        *out = (enum unalloc_unit)v;
    return st;
}

/* ---- end of the exported name and parse functions ---------------------------------- */
