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
 *   that day, or at a timed `opened` that day that re-opens the case), a
 *   date-only `opened` on the day of a timed `closed` is taken at the
 *   closing, and a date-only `deallocated` on a day when the same role is
 *   allocated at a recorded time is taken at that allocation (a handover);
 * - at one moment: `closed` before `opened` when an episode is open (a
 *   re-referral), else `opened` first and `closed` last; a return before an
 *   absence, an absence before a deallocation, deallocations before
 *   allocations, so a handover at one moment leaves no gap; then by kind,
 *   detail (the most urgent rating last, so it is the one in force), worker
 *   and locality.
 *
 * **One holder per role.** `allocated ROLE` by worker W makes W the role's
 * holder, replacing any previous one; a `deallocated` and an `allocated` of
 * the role at one moment are the same handover (the role stays held, with no
 * gap). `deallocated ROLE` naming the current holder, or naming nobody, ends
 * the holding; naming a worker who held the
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
    UNALLOC_EVENT_OPENED = 0,
    UNALLOC_EVENT_CATEGORY = 1,
    UNALLOC_EVENT_CLOSED = 2,
    UNALLOC_EVENT_TRANSFERRED = 3,
    UNALLOC_EVENT_BORN = 4,
    UNALLOC_EVENT_ALLOCATED = 5,
    UNALLOC_EVENT_DEALLOCATED = 6,
    UNALLOC_EVENT_WORKER_ABSENT = 7,
    UNALLOC_EVENT_WORKER_RETURNED = 8,
    UNALLOC_EVENT_ASSESSMENT_CONCLUDED = 9,
    UNALLOC_EVENT_ALLOCATION_DECISION = 10,
    UNALLOC_EVENT_AGREED_UNALLOCATED = 11,
    UNALLOC_EVENT_DCS_INFORMED = 12,
    UNALLOC_EVENT_OVERSIGHT = 13,
    UNALLOC_EVENT_REVIEW = 14,
    UNALLOC_EVENT_SUPERVISION = 15,
    UNALLOC_EVENT_REFLECTIVE_SUPERVISION = 16,
    UNALLOC_EVENT_CASE_SUMMARY = 17,
    UNALLOC_EVENT_RISK_ASSESSMENT = 18,
    UNALLOC_EVENT_INTERIM_ACTIVITY = 19,
    UNALLOC_EVENT_CONTACT = 20,
    UNALLOC_EVENT_VISIT = 21,
    UNALLOC_EVENT_STATUTORY_MEETING = 22,
    UNALLOC_EVENT_LETTER_FAMILY = 23,
    UNALLOC_EVENT_LETTER_CHILD = 24,
    UNALLOC_EVENT_AGENCIES_INFORMED = 25,
    UNALLOC_EVENT_RATING = 26,
    UNALLOC_EVENT_ESCALATED = 27,
    UNALLOC_EVENT_CONCERN_RAISED = 28,
};
/** One more than the last value of enum unalloc_event_kind in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_EVENT_KIND_COUNT_ (UNALLOC_EVENT_CONCERN_RAISED + 1)

/** Categories of a case (the detail of `opened` and `category` events):
 *  "referral", "single-assessment", "s47", "cin", "cp", "cla",
 *  "youth-justice", "early-help".
 *  @since 1.0 */
enum unalloc_category {
    UNALLOC_CATEGORY_REFERRAL = 0,
    UNALLOC_CATEGORY_SINGLE_ASSESSMENT = 1,
    UNALLOC_CATEGORY_S47 = 2,
    UNALLOC_CATEGORY_CIN = 3,
    UNALLOC_CATEGORY_CP = 4,
    UNALLOC_CATEGORY_CLA = 5,
    UNALLOC_CATEGORY_YOUTH_JUSTICE = 6,
    UNALLOC_CATEGORY_EARLY_HELP = 7,
};
/** One more than the last value of enum unalloc_category in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_CATEGORY_COUNT_ (UNALLOC_CATEGORY_EARLY_HELP + 1)

/** Roles, in order of seniority from `atm` to `chief-executive` (escalation
 *  to a more senior role satisfies an escalation to a junior one), then the
 *  placeholders `duty` and `to-be-allocated`, which hold a case without
 *  allocating it.
 *  @since 1.0 */
enum unalloc_role {
    UNALLOC_ROLE_SOCIAL_WORKER = 0,
    UNALLOC_ROLE_FAMILY_SUPPORT = 1,
    UNALLOC_ROLE_ATM = 2,
    UNALLOC_ROLE_TEAM_MANAGER = 3,
    UNALLOC_ROLE_PRACTICE_SPECIALIST = 4,
    UNALLOC_ROLE_SERVICE_MANAGER = 5,
    UNALLOC_ROLE_HEAD_OF_SERVICE = 6,
    UNALLOC_ROLE_ASSISTANT_DIRECTOR = 7,
    UNALLOC_ROLE_SERVICE_DIRECTOR = 8,
    UNALLOC_ROLE_DCS = 9,
    UNALLOC_ROLE_CHIEF_EXECUTIVE = 10,
    UNALLOC_ROLE_DUTY = 11,
    UNALLOC_ROLE_TO_BE_ALLOCATED = 12,
};
/** One more than the last value of enum unalloc_role in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_ROLE_COUNT_ (UNALLOC_ROLE_TO_BE_ALLOCATED + 1)

/** Ratings (RAG / RAY): "red", "amber", "yellow", "green".
 *  @since 1.0 */
enum unalloc_rating {
    UNALLOC_RATING_RED = 0,
    UNALLOC_RATING_AMBER = 1,
    UNALLOC_RATING_YELLOW = 2,
    UNALLOC_RATING_GREEN = 3,
};
/** One more than the last value of enum unalloc_rating in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_RATING_COUNT_ (UNALLOC_RATING_GREEN + 1)

/* The names of these enums and of every other public enum, and the
 * vocabulary with its meanings: vocab.h. */

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
 * UNALLOC_E_INVALID naming the case and the event; the error's `record` is the
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
