/*
 * libunalloc: a child's case record.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_CASE_H
#define UNALLOC_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include <unalloc/common.h>
#include <unalloc/date.h>
#include <unalloc/error.h>

UNALLOC_BEGIN_DECLS

/**
 * @file case.h
 * A case is one child's record: an id and a time-ordered log of events, from
 * which the engine derives episodes (opened ... closed), the roles held, worker
 * absences, the category, the rating and the date of birth.
 *
 * Names are the vocabulary shared by the C API, the command line and the
 * bindings, and are spelled exactly as below.
 *
 * | kind | detail |
 * |---|---|
 * | `opened` | category (required); after `closed` it starts a new episode |
 * | `category` | category (required) |
 * | `closed`, `transferred` | none (`transferred` keeps the clocks running, except a rule's `unless transferred`) |
 * | `born` | none; the event's date is the date of birth; may precede `opened` |
 * | `allocated`, `deallocated` | role (required); `allocated` needs the worker |
 * | `worker-absent` | `sick`, `leave` or `left`; needs the worker |
 * | `worker-returned` | none; needs the worker |
 * | `assessment-concluded` | `needs-social-worker` or `no-social-worker` |
 * | `allocation-decision` | `needs-named-worker` |
 * | `agreed-unallocated`, `dcs-informed` | none |
 * | `oversight`, `review`, `supervision`, `reflective-supervision`, `case-summary`, `risk-assessment`, `interim-activity`, `contact`, `visit`, `statutory-meeting` | actor role, optional |
 * | `letter-family`, `letter-child`, `agencies-informed` | none |
 * | `rating` | `red`, `amber`, `yellow` or `green` |
 * | `escalated` | role (required) |
 * | `concern-raised` | actor role, optional: someone recorded a concern about risk in the case (the condition of a conditional duty, such as protocol-2019's escalation) |
 *
 * Categories: `referral`, `single-assessment`, `s47`, `cin`, `cp`, `cla`,
 * `youth-justice`, `early-help`. Roles: `social-worker`, `family-support`,
 * `atm`, `team-manager`, `practice-specialist`, `service-manager`,
 * `head-of-service`, `assistant-director`, `service-director`, `dcs`,
 * `chief-executive`, `duty`, `to-be-allocated`.
 *
 * **Order never matters.** Events may be added in any order; the engine reads
 * them in one canonical order (doc/policy-format.md, "The timeline"), so the
 * same events give the same answer whatever order they were added in:
 * - by the moment each takes effect; a date-only event takes effect at 00:00
 *   on its day, except that one on the day of a timed `opened` that opens its
 *   episode is taken at the opening, one on the day of a date-only `closed`
 *   belongs to the episode that closes (the `closed` is taken at the end of
 *   that day), and a date-only `deallocated` on a day when the same role is
 *   allocated at a recorded time is taken at that allocation (a handover);
 * - at one moment: `closed` before `opened` when an episode is open (a
 *   re-referral), else `opened` first and `closed` last; a return before an
 *   absence, an absence before a deallocation, deallocations before
 *   allocations, so a handover at one moment leaves no gap; then by kind,
 *   detail (the most urgent rating last, so it is the one in force), worker
 *   and locality.
 *
 * **One holder per role.** `allocated ROLE` by worker W makes W the role's
 * holder, replacing any previous one. `deallocated ROLE` naming the current
 * holder, or naming nobody, ends the holding; naming a worker who held the
 * role earlier in the episode and was since replaced changes nothing (a
 * handover recorded late: the result notes it); naming a worker who never
 * held it ends the current holding all the same (a mismatch must never keep a
 * child counted as allocated) and the result warns.
 *
 * @since 1.0
 */

/** Most events one case may hold (1,048,576); one more is UNALLOC_E_LIMIT.
 *  Evaluation costs O(n log n) in a case's events, so this keeps one case to
 *  about a second (doc/performance.md).
 *  @since 1.0 */
#define UNALLOC_MAX_EVENTS (1 << 20)

/** A case (opaque). Not thread-safe while being filled; once filled it may be
 *  evaluated from many threads at once (evaluation reads it, and builds its
 *  timeline once into a cache published atomically).
 *  @since 1.0 */
struct unalloc_case;

/** Event kinds. The numeric values are stable; names are above.
 *  @since 1.0 */
enum unalloc_event_kind {
    UNALLOC_EVENT_OPENED,
    UNALLOC_EVENT_CATEGORY,
    UNALLOC_EVENT_CLOSED,
    UNALLOC_EVENT_TRANSFERRED,
    UNALLOC_EVENT_BORN,
    UNALLOC_EVENT_ALLOCATED,
    UNALLOC_EVENT_DEALLOCATED,
    UNALLOC_EVENT_WORKER_ABSENT,
    UNALLOC_EVENT_WORKER_RETURNED,
    UNALLOC_EVENT_ASSESSMENT_CONCLUDED,
    UNALLOC_EVENT_ALLOCATION_DECISION,
    UNALLOC_EVENT_AGREED_UNALLOCATED,
    UNALLOC_EVENT_DCS_INFORMED,
    UNALLOC_EVENT_OVERSIGHT,
    UNALLOC_EVENT_REVIEW,
    UNALLOC_EVENT_SUPERVISION,
    UNALLOC_EVENT_REFLECTIVE_SUPERVISION,
    UNALLOC_EVENT_CASE_SUMMARY,
    UNALLOC_EVENT_RISK_ASSESSMENT,
    UNALLOC_EVENT_INTERIM_ACTIVITY,
    UNALLOC_EVENT_CONTACT,
    UNALLOC_EVENT_VISIT,
    UNALLOC_EVENT_STATUTORY_MEETING,
    UNALLOC_EVENT_LETTER_FAMILY,
    UNALLOC_EVENT_LETTER_CHILD,
    UNALLOC_EVENT_AGENCIES_INFORMED,
    UNALLOC_EVENT_RATING,
    UNALLOC_EVENT_ESCALATED,
    UNALLOC_EVENT_CONCERN_RAISED,
    UNALLOC_EVENT_KIND_COUNT_ /**< not a kind */
};

/** Categories of a case (the detail of `opened` and `category` events):
 *  "referral", "single-assessment", "s47", "cin", "cp", "cla",
 *  "youth-justice", "early-help".
 *  @since 1.0 */
enum unalloc_category {
    UNALLOC_CATEGORY_REFERRAL,
    UNALLOC_CATEGORY_SINGLE_ASSESSMENT,
    UNALLOC_CATEGORY_S47,
    UNALLOC_CATEGORY_CIN,
    UNALLOC_CATEGORY_CP,
    UNALLOC_CATEGORY_CLA,
    UNALLOC_CATEGORY_YOUTH_JUSTICE,
    UNALLOC_CATEGORY_EARLY_HELP,
    UNALLOC_CATEGORY_COUNT_ /**< not a category */
};

/** Roles, in order of seniority from `atm` to `chief-executive` (escalation
 *  to a more senior role satisfies an escalation to a junior one), then the
 *  placeholders `duty` and `to-be-allocated`, which hold a case without
 *  allocating it.
 *  @since 1.0 */
enum unalloc_role {
    UNALLOC_ROLE_SOCIAL_WORKER,
    UNALLOC_ROLE_FAMILY_SUPPORT,
    UNALLOC_ROLE_ATM,
    UNALLOC_ROLE_TEAM_MANAGER,
    UNALLOC_ROLE_PRACTICE_SPECIALIST,
    UNALLOC_ROLE_SERVICE_MANAGER,
    UNALLOC_ROLE_HEAD_OF_SERVICE,
    UNALLOC_ROLE_ASSISTANT_DIRECTOR,
    UNALLOC_ROLE_SERVICE_DIRECTOR,
    UNALLOC_ROLE_DCS,
    UNALLOC_ROLE_CHIEF_EXECUTIVE,
    UNALLOC_ROLE_DUTY,
    UNALLOC_ROLE_TO_BE_ALLOCATED,
    UNALLOC_ROLE_COUNT_ /**< not a role */
};

/** Ratings (RAG / RAY): "red", "amber", "yellow", "green".
 *  @since 1.0 */
enum unalloc_rating {
    UNALLOC_RATING_RED,
    UNALLOC_RATING_AMBER,
    UNALLOC_RATING_YELLOW,
    UNALLOC_RATING_GREEN,
    UNALLOC_RATING_COUNT_ /**< not a rating */
};

/** The name of an event kind, as event logs write it.
 *  @param[in] kind an event kind.
 *  @return a static string ("worker-absent"); NULL for a value out of range.
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_event_kind_name(enum unalloc_event_kind kind);
/** The name of a category.
 *  @param[in] category a category.
 *  @return a static string ("single-assessment"); NULL for a value out of range.
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_category_name(enum unalloc_category category);
/** The name of a role.
 *  @param[in] role a role.
 *  @return a static string ("head-of-service"); NULL for a value out of range.
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_role_name(enum unalloc_role role);
/** The name of a rating.
 *  @param[in] rating a rating.
 *  @return a static string ("amber"); NULL for a value out of range.
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_rating_name(enum unalloc_rating rating);

/** Reads an event kind name (exactly as written by the name function).
 *  @param[out] out the event kind; untouched on failure.
 *  @param[in] name NUL-terminated.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID (quoting the name) if unknown.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_event_kind_from_name(enum unalloc_event_kind *out, const char *name,
                             struct unalloc_error *err);
/** Reads a category name (exactly as written by the name function).
 *  @param[out] out the category; untouched on failure.
 *  @param[in] name NUL-terminated.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID (quoting the name) if unknown.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_category_from_name(enum unalloc_category *out, const char *name, struct unalloc_error *err);
/** Reads a role name (exactly as written by the name function).
 *  @param[out] out the role; untouched on failure.
 *  @param[in] name NUL-terminated.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID (quoting the name) if unknown.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_role_from_name(enum unalloc_role *out, const char *name, struct unalloc_error *err);
/** Reads a rating name (exactly as written by the name function).
 *  @param[out] out the rating; untouched on failure.
 *  @param[in] name NUL-terminated.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID (quoting the name) if unknown.
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_rating_from_name(enum unalloc_rating *out, const char *name, struct unalloc_error *err);

/** One word of the vocabulary, with what it means. Static strings.
 *  @since 1.0 */
struct unalloc_term {
    const char *group;   /**< "event", "detail", "category", "role" or "rating" */
    const char *name;    /**< as written in event logs, policies and mappings */
    const char *meaning; /**< one line */
};

/** Number of terms: every event kind, the details that are not categories,
 *  roles or ratings (absences, outcomes, decisions), every category, role and
 *  rating, in that order (`unalloc vocabulary` prints them).
 *  @return the number of terms (constant).
 *  @since 1.0 */
UNALLOC_EXPORT size_t unalloc_vocabulary_count(void);

/** One term of the vocabulary.
 *  @param[in] i 0 to unalloc_vocabulary_count() - 1.
 *  @return a static term; NULL when @p i is out of range.
 *  @since 1.0 */
UNALLOC_EXPORT const struct unalloc_term *unalloc_vocabulary_term(size_t i);

/** Longest case id, worker id or locality accepted, in bytes. Each must be
 *  well-formed UTF-8 without control characters (they are written into JSON
 *  and CSV); anything else is UNALLOC_E_INVALID.
 *  @since 1.0 */
#define UNALLOC_MAX_ID 256

/**
 * Creates an empty case.
 * @param[in] id a non-empty UTF-8 string of at most UNALLOC_MAX_ID bytes, no
 *  control characters (copied).
 * @param[out] out the new case; caller frees with unalloc_case_free(). NULL
 *  on failure.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a bad id; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_case_new(struct unalloc_case **out, const char *id, struct unalloc_error *err);

/** Frees a case.
 *  @param[in] c the case; NULL is a no-op.
 *  @since 1.0 */
UNALLOC_EXPORT void unalloc_case_free(struct unalloc_case *c);

/** The case's id.
 *  @param[in] c the case.
 *  @return borrowed; lives as long as the case. NULL for NULL.
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_case_id(const struct unalloc_case *c);

/** Number of events added so far.
 *  @param[in] c the case.
 *  @return the count; 0 for NULL.
 *  @since 1.0 */
UNALLOC_EXPORT size_t unalloc_case_event_count(const struct unalloc_case *c);

/**
 * Adds one event. The kind and detail are checked against the vocabulary at
 * once; an unknown kind, detail or role, a missing required detail or worker,
 * or a detail on a kind that takes none is UNALLOC_E_INVALID with a message
 * naming the case and the event ("case C17, event 4 (allocated at
 * 2024-05-13): unknown role 'socialworker'").
 * @param[in,out] c the case; not to be shared with other threads while events
 *  are added.
 * @param[in] kind an event kind name.
 * @param[in] at when it happened; a date-only moment is 00:00 that day.
 * @param[in] detail may be NULL or "" when the kind takes none or it is optional.
 * @param[in] worker the worker's id, or NULL/"" (UTF-8, see UNALLOC_MAX_ID).
 * @param[in] locality the case's locality as of this event, or NULL/"" (likewise).
 * Strings are copied.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID as above; UNALLOC_E_LIMIT past
 *  UNALLOC_MAX_EVENTS events; UNALLOC_E_NOMEM. On failure the case is
 *  unchanged.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_case_add_event(struct unalloc_case *c, const char *kind, struct unalloc_moment at,
                       const char *detail, const char *worker, const char *locality,
                       struct unalloc_error *err);

/**
 * Checks the event sequence: an event other than `born` before the first
 * `opened` or between a `closed` and the next `opened`, `opened` while already
 * open, `closed` while closed, or two different `born` dates are
 * UNALLOC_E_INVALID naming the case and the event; the error's `line` is the
 * event's 1-based position in the order events were added, so a caller can
 * point at the input row. unalloc_evaluate() makes the same check.
 * @param[in] c the case.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID as above, or for NULL.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_case_check(const struct unalloc_case *c, struct unalloc_error *err);

UNALLOC_END_DECLS

#endif /* UNALLOC_CASE_H */
