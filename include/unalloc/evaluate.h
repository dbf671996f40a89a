/*
 * libunalloc: evaluating a case against a policy, and aggregate returns.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_EVALUATE_H
#define UNALLOC_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unalloc/calendar.h>
#include <unalloc/case.h>
#include <unalloc/common.h>
#include <unalloc/date.h>
#include <unalloc/error.h>
#include <unalloc/mapping.h>
#include <unalloc/policy.h>

UNALLOC_BEGIN_DECLS

/**
 * @file evaluate.h
 * unalloc_evaluate() answers, for one case as of one moment: does the case
 * count as unallocated, since when and for how long, and what it owes
 * (every occurrence of every obligation, each with its due date and the
 * clause behind it), and how far it has escalated. It does no I/O, is
 * deterministic, and is safe to call from many threads sharing one calendar,
 * one policy and one case.
 *
 * Time (see doc/policies.md for the worked examples):
 * - a date-only as-of means the end of that day: all of that day's events have
 *   happened; an obligation due that day and not met is `due`, one due earlier
 *   and not met is `overdue`;
 * - thresholds and offsets in days, weeks, months or working days compare
 *   dates; in hours they compare date-times.
 *
 * @since 1.0
 */

/** How a case stands as of the evaluation. Names: "allocated", "pending",
 *  "unallocated", "being-assessed", "not-counted", "out-of-scope", "closed",
 *  "not-open".
 *  @since 1.0 */
enum unalloc_case_status {
    UNALLOC_CASE_STATUS_ALLOCATED = 0,      /**< an allocated-role holder is working the case */
    UNALLOC_CASE_STATUS_PENDING = 1,        /**< in an unallocated spell, threshold not yet passed */
    UNALLOC_CASE_STATUS_UNALLOCATED = 2,    /**< counts as unallocated */
    UNALLOC_CASE_STATUS_BEING_ASSESSED = 3, /**< without a named worker, not yet assessed (listed apart) */
    UNALLOC_CASE_STATUS_NOT_COUNTED = 4,    /**< without a named worker but the policy's criteria are not met */
    UNALLOC_CASE_STATUS_OUT_OF_SCOPE = 5,   /**< the case's category is outside the policy */
    UNALLOC_CASE_STATUS_CLOSED = 6,         /**< the last episode is closed */
    UNALLOC_CASE_STATUS_NOT_OPEN = 7,       /**< no episode has opened yet */
};
/** One more than the last value of enum unalloc_case_status in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_CASE_STATUS_COUNT_ (UNALLOC_CASE_STATUS_NOT_OPEN + 1)

/** State of an obligation occurrence. Names: "pending", "due", "overdue", "met".
 *  @since 1.0 */
enum unalloc_state {
    UNALLOC_STATE_PENDING = 0, /**< not yet due */
    UNALLOC_STATE_DUE = 1,     /**< due on the as-of day, not yet met */
    UNALLOC_STATE_OVERDUE = 2, /**< its due moment has passed and it is not met */
    UNALLOC_STATE_MET = 3,     /**< met (see met_at and late) */
};
/** One more than the last value of enum unalloc_state in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_STATE_COUNT_ (UNALLOC_STATE_MET + 1)

/** One occurrence of an obligation. Strings are borrowed from the result.
 *  @since 1.0 */
struct unalloc_occurrence {
    const char *kind;          /**< obligation kind name, e.g. "letter-family" */
    enum unalloc_obligation_kind obligation; /**< the same kind, as a value */
    bool has_role;             /**< @c role is set */
    enum unalloc_role role;    /**< who must do it (the rule's first named actor), if any */
    const char *rule;          /**< the rule id */
    const char *clause;        /**< "<document title>, <section>: “<quote>”" */
    struct unalloc_moment start; /**< from when an event satisfies it */
    struct unalloc_moment due;   /**< a date, or a date-time for hour-based rules */
    enum unalloc_state state;  /**< as of the evaluation */
    bool met;                  /**< an event met it (@c met_at says when) */
    struct unalloc_moment met_at; /**< when it was met, if @c met */
    bool late;                 /**< met after it was due (never by an event after
                                    the end of the occurrence's period: one missed
                                    in a period that has ended stays overdue) */
    int occurrence;            /**< 1, 2, ... for recurring rules, within the rule's period (several
                                    absences or runs of holding in one spell each count from 1) */
    int spell;                 /**< 1-based spell of the episode; 0 for episode-wide rules */
    const char *note;          /**< why it was assumed owed (date of birth unknown) or met
                                    (an event with no actor taken as the rule's); NULL if none */
    enum unalloc_basis basis;  /**< the timing is the document's, or a local setting's */
    bool on_record;            /**< of a period now ended (an earlier spell of the episode,
                                    an absence, a run of holding): missed (or met) on record,
                                    no longer a manager's to act on (no event after the
                                    period's end meets it); false for the current spell's and
                                    for episode-wide occurrences */
};

/** One level of escalation in the current spell. Strings are borrowed from
 *  the result.
 *  @since 1.0 */
struct unalloc_escalation_level {
    enum unalloc_role role;        /**< the role escalated to */
    const char *rule;              /**< the rule id */
    const char *clause;            /**< "<document title>, <section>: “<quote>”" */
    struct unalloc_moment due;     /**< when the escalation falls due */
    enum unalloc_state state;      /**< as of the evaluation */
    bool done;                     /**< an `escalated` event to this role or above is recorded */
    struct unalloc_moment done_at; /**< first `escalated` at this role or above */
    enum unalloc_basis basis;      /**< the timing is the document's, or a local setting's */
};

/** The per-case answer. Strings are borrowed from the result. A field
 *  guarded by a `has_` flag is meaningful only when the flag is true.
 *  Appended to only at the end (new fields after the last).
 *  @since 1.0 */
struct unalloc_case_result {
    const char *case_id;                     /**< the case's id */
    struct unalloc_moment as_of;             /**< the moment evaluated at */
    enum unalloc_case_status status;         /**< how the case stands */
    bool unallocated;                        /**< it counts as unallocated */
    bool has_since;                          /**< in an unallocated spell */
    struct unalloc_moment unallocated_since; /**< start of the current spell */
    int working_days_unallocated;            /**< count(since, as_of); 0 without a spell */
    int calendar_days_unallocated;           /**< calendar days since the spell started; 0
                                                  without a spell */
    bool has_category;                       /**< a category is recorded */
    enum unalloc_category category;          /**< the latest category recorded */
    const char *locality;                    /**< the latest locality recorded; NULL if none */
    bool has_rating;                         /**< a rating is recorded in the episode */
    enum unalloc_rating rating;              /**< the rating in force */
    struct unalloc_moment rating_at;         /**< when it was recorded */
    int rating_age_days;                     /**< calendar days from then to as-of */
    bool has_atm_since;                      /**< held by the ATM at as-of, since when */
    struct unalloc_moment atm_since;         /**< with @c has_atm_since */
    bool has_last_visit, has_last_meeting, has_last_oversight;
    struct unalloc_moment last_visit, last_meeting, last_oversight;
    bool escalation_due;                     /**< some level has fallen due */
    enum unalloc_role escalation_level;      /**< highest role whose escalation has fallen due */
    struct unalloc_moment escalation_level_due; /**< when that level fell due */
    bool escalation_done;                    /**< some escalation is recorded */
    enum unalloc_role escalation_done_role;  /**< highest role actually escalated to */
    const char *policy_id;                   /**< the policy evaluated under */
    const char *policy_hash;                 /**< its hash (unalloc_policy_hash()) */
    int calendar_verified_through;           /**< unalloc_calendar_verified_through() of the
                                                  calendar used */
    bool has_last_supervision;               /**< the latest `supervision` of the episode */
    struct unalloc_moment last_supervision;  /**< with @c has_last_supervision */
    uint64_t calendar_fingerprint;           /**< unalloc_calendar_fingerprint() of the
                                                  calendar it was evaluated on */
};
/** @var unalloc_case_result::has_last_visit
 *  a `visit` is recorded in the episode (@c last_visit is the latest) */
/** @var unalloc_case_result::has_last_meeting
 *  a `statutory-meeting` is recorded in the episode (@c last_meeting) */
/** @var unalloc_case_result::has_last_oversight
 *  an `oversight` is recorded in the episode (@c last_oversight) */
/** @var unalloc_case_result::last_oversight
 *  last_visit, last_meeting, last_oversight: the latest `visit`,
 *  `statutory-meeting` and `oversight` of the episode, each with its `has_`
 *  flag */

/** Opaque evaluation result. Immutable; may be read from several threads.
 *  @since 1.0 */
struct unalloc_result;

/** Most obligation occurrences one result may list (1,048,576): a case that
 *  would owe more is UNALLOC_E_LIMIT naming the case, never a list cut short.
 *  Every occurrence after a rule's first needs an event to meet the one
 *  before, so real cases stay far below it.
 *  @since 1.0 */
#define UNALLOC_MAX_OCCURRENCES (1 << 20)

/**
 * Evaluates @p c against @p policy as of @p as_of.
 * The result holds a reference to @p policy (rule ids and clauses are
 * borrowed from it), so the policy may be freed before the result.
 * An occurrence that would fall due after 2199-12-31 (the end of the
 * supported range) is not listed, and the result warns
 * (UNALLOC_WARNING_DUE_OUT_OF_RANGE, naming the rule).
 * Scratch space for a typical case comes from about 20 KiB of the caller's
 * stack (the rest, for a larger case, from the heap).
 * @param[out] out the result; caller frees with unalloc_result_free(). NULL
 *         on failure.
 * @param[in] calendar must be of the policy's region (else UNALLOC_E_INVALID).
 * @param[in] policy the policy.
 * @param[in] c the case; read only (its timeline is cached in it, safely for
 *         threads sharing it).
 * @param[in] as_of the moment; a date-only moment is the end of that day.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a case whose event sequence is
 *         invalid (see unalloc_case_check()), naming the case and the event,
 *         a calendar of another region, an invalid @p as_of, or NULL;
 *         UNALLOC_E_LIMIT past UNALLOC_MAX_OCCURRENCES; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate(struct unalloc_result **out, const struct unalloc_calendar *calendar,
                 const struct unalloc_policy *policy, const struct unalloc_case *c,
                 struct unalloc_moment as_of, struct unalloc_error *err);

/**
 * Evaluates @p c at each of @p n_as_of moments: @p results[i] is exactly
 * what unalloc_evaluate() gives for @p as_of[i] (the tests compare them byte
 * for byte), in any order of @p as_of, repeats allowed.
 *
 * Cheaper than n calls: the timeline is built once, and the periods, rule
 * instances and occurrences are computed afresh only when an as-of passes
 * something that changes them (the next event, a threshold not yet crossed,
 * a first due date whose miss another rule answers); the results between
 * are restated from the last one (the summary's counts and status, the
 * policy's warning, escalation and checks taken at their own as-of) and
 * share its memory: its occurrences (each one's state is taken at the
 * reading result's as-of), its warnings' strings, the case id, locality
 * and holders. What is made on a result's first read is shared too: the
 * texts of the warnings it has in common with that one are rendered once,
 * and its public occurrences are a copy of that one's with their states
 * taken at its own as-of. doc/performance.md gives the figures.
 *
 * @param[out] results an array of @p n_as_of pointers; each is a result the
 *             caller frees with unalloc_result_free(), independently of the
 *             others, in any order and from any thread (shared memory is
 *             counted, and goes with the last result that uses it). Like
 *             every result, each is immutable and may be read from several
 *             threads. On failure every one is NULL.
 * @param[in] calendar as for unalloc_evaluate().
 * @param[in] policy as for unalloc_evaluate().
 * @param[in] c as for unalloc_evaluate().
 * @param[in] as_of @p n_as_of moments, in any order.
 * @param[in] n_as_of the number of moments.
 * @errparam
 * @return as unalloc_evaluate(); an as-of that is not a valid moment is
 *         UNALLOC_E_INVALID naming its position ("as-of 3 of 52").
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_series(struct unalloc_result **results, const struct unalloc_calendar *calendar,
                        const struct unalloc_policy *policy, const struct unalloc_case *c,
                        const struct unalloc_moment *as_of, size_t n_as_of,
                        struct unalloc_error *err);

/** Frees a result: its own memory, and its references to the policy and
 *  to the memory it shares with other results of a series (the last
 *  result to go frees them).
 *  @param[in] result the result; NULL is a no-op.
 *  @since 1.0 */
UNALLOC_EXPORT void unalloc_result_free(struct unalloc_result *result);

/** The per-case answer.
 *  @param[in] result the result.
 *  @return borrowed; lives as long as the result. NULL for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_case_result *
unalloc_result_case(const struct unalloc_result *result);

/** Occurrences, sorted by due then rule order then occurrence. The public
 * structs are built on the first call to unalloc_result_occurrence (the
 * engine keeps them in minutes); that call may be made from several threads
 * at once. It returns NULL past the end, and also when memory runs out
 * building them.
 * @param[in] result the result.
 * @return the number of occurrences; 0 for NULL.
 * @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_result_occurrence_count(const struct unalloc_result *result);
/** One occurrence (see unalloc_result_occurrence_count()).
 *  @param[in] result the result.
 *  @param[in] i 0 to unalloc_result_occurrence_count() - 1.
 *  @return borrowed; lives as long as the result. NULL past the end, or when
 *   memory runs out building the occurrences.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_occurrence *
unalloc_result_occurrence(const struct unalloc_result *result, size_t i);

/** Escalation levels of the current spell, in rule order.
 *  @param[in] result the result.
 *  @return the number of levels; 0 for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_result_escalation_count(const struct unalloc_result *result);
/** One escalation level.
 *  @param[in] result the result.
 *  @param[in] i 0 to unalloc_result_escalation_count() - 1.
 *  @return borrowed; lives as long as the result. NULL out of range.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_escalation_level *
unalloc_result_escalation(const struct unalloc_result *result, size_t i);

/** What a warning or note is about: a stable code, whose name
 *  (unalloc_warning_code_name()) output carries beside the text. Notes (a
 *  handover recorded late, a stop-gap) explain an answer; the others ask
 *  someone to check the record or the policy.
 *  @since 1.0 */
enum unalloc_warning_code {
    UNALLOC_WARNING_NONE = 0,                     /**< not a warning (index out of range) */
    UNALLOC_WARNING_REVIEW_DATE_PASSED = 1,       /**< "review-date-passed" */
    UNALLOC_WARNING_NO_REVIEW_DATE = 2,           /**< "no-review-date" */
    UNALLOC_WARNING_DOB_UNKNOWN = 3,              /**< "date-of-birth-unknown" */
    UNALLOC_WARNING_ACTOR_ASSUMED = 4,            /**< "actor-assumed": an event with no actor met a rule naming its actors */
    UNALLOC_WARNING_DEALLOCATED_UNHELD = 5,       /**< "deallocated-unheld": nobody held the role */
    UNALLOC_WARNING_DEALLOCATED_OTHER_WORKER = 6, /**< "deallocated-other-worker": names a worker who never held the role; the holding was ended */
    UNALLOC_WARNING_LATE_HANDOVER = 7,            /**< "late-handover" (a note): names a worker already replaced; no change */
    UNALLOC_WARNING_STOPGAP = 8,                  /**< "stop-gap" (a note): a short allocation did not end the spell */
    UNALLOC_WARNING_WORKER_CHANGED = 9,           /**< "worker-changed": `check consistent-worker` */
    UNALLOC_WARNING_ROLE_NOT_ASSIGNED = 10,       /**< "role-not-assigned": `check assigned` */
    UNALLOC_WARNING_MEETING_CHAIR = 11,           /**< "meeting-chair": `check chair-not` */
    UNALLOC_WARNING_RATING_NOT_IN_SCALE = 12,     /**< "rating-not-in-scale": `check ratings` */
    UNALLOC_WARNING_DUE_OUT_OF_RANGE = 13         /**< "due-out-of-range": an occurrence would fall due after 2199-12-31 */
};

/** Warnings and notes (policy review date passed, a flagged check, an event
 *  with no actor taken as the rule's, an unknown date of birth, a handover
 *  recorded late, a stop-gap...), in the order found.
 *  @param[in] result the result.
 *  @return the number of warnings and notes; 0 for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_result_warning_count(const struct unalloc_result *result);
/** The code of one warning.
 *  @param[in] result the result.
 *  @param[in] i 0 to unalloc_result_warning_count() - 1.
 *  @return the code; UNALLOC_WARNING_NONE out of range.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_warning_code
unalloc_result_warning_code(const struct unalloc_result *result, size_t i);
/** The i-th warning's text, borrowed from the result. Texts are rendered on
 *  the first call (evaluation itself formats nothing), safely from several
 *  threads.
 *  @param[in] result the result.
 *  @param[in] i 0 to unalloc_result_warning_count() - 1.
 *  @return borrowed; lives as long as the result. NULL out of range or if
 *   memory runs out.
 *  @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_result_warning(const struct unalloc_result *result, size_t i);
/** True for the policy's own warnings (UNALLOC_WARNING_REVIEW_DATE_PASSED,
 *  UNALLOC_WARNING_NO_REVIEW_DATE): the same for every case evaluated as of
 *  one date. The result lists them like any other, but the output formats
 *  (CSV, JSON, the typed columns) leave them out of each case's row and the
 *  run-level record (unalloc_run_append_json()) carries them once.
 *  @param[in] code a warning code.
 *  @return whether it is one of the policy's own warnings.
 *  @since 1.0 */
UNALLOC_EXPORT bool unalloc_warning_code_is_policy_level(enum unalloc_warning_code code);

/**
 * The policy's own warning as of a date (the one every result evaluated as
 * of that date lists, and the run record carries once), for an output with
 * no run record: UNALLOC_WARNING_NO_REVIEW_DATE when the document states no
 * review date, UNALLOC_WARNING_REVIEW_DATE_PASSED after its review date,
 * otherwise UNALLOC_WARNING_NONE.
 * @param[out] code the warning's code.
 * @param[out] text NULL, or where to put its text (the result's words; free
 *  with unalloc_free()), NULL when there is none.
 * @param[in] policy the policy.
 * @param[in] as_of the date.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a NULL @p code or @p policy or an
 *  impossible date, UNALLOC_E_RANGE for a date outside 1900-2199 (the outputs
 *  untouched); UNALLOC_E_NOMEM.
 * @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_warning(enum unalloc_warning_code *code, char **text,
                       const struct unalloc_policy *policy, struct unalloc_date as_of,
                       struct unalloc_error *err);

/* The names of the enums above ("stop-gap", "overdue", ...) and their parse
 * functions: vocab.h. */

/* ---- serialisation (shared by the command line and the bindings) -------- *
 *
 * Every column and key, with its type and meaning, is listed in
 * doc/output.md; doc/schema/evaluate.schema.json is the JSON Schema of the
 * `json` format (both kinds of record). The formats agree: a CSV column is
 * the JSON key of the same name (a nested key joined with "_":
 * escalation.level is escalation_level), an absent value is JSON null and an
 * empty CSV field, and each record is formatted on its own, so output can be
 * written as it is made (append one case, write, reuse the buffer). */

/** Output tables.
 *  @since 1.0 */
enum unalloc_table {
    UNALLOC_TABLE_OCCURRENCES = 0, /**< one row per obligation occurrence and escalation level */
    UNALLOC_TABLE_CASES = 1,       /**< one row per case */
    UNALLOC_TABLE_REJECTS = 2      /**< the rows set aside (unalloc_evaluate_frame_columns() only:
                                    its columns depend on the frame; no CSV header, and the
                                    CSV serialisers refuse it) */
};

/** The CSV header line of a table.
 *  @param[in] table a table (not UNALLOC_TABLE_REJECTS, whose columns depend
 *   on the frame).
 *  @return a static string ending in "\n"; NULL for UNALLOC_TABLE_REJECTS or
 *   a value outside enum unalloc_table.
 *  @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_table_header(enum unalloc_table table);

/**
 * Appends the result's rows of @p table as RFC 4180 CSV (quoted where needed,
 * "\n" line ends) to a growing buffer.
 *
 * To write records as they are made, keep one buffer: format a case, write
 * buf[0..len), set *len to 0 and format the next into the same buffer (it is
 * resized to the record's needs, so memory stays bounded by the largest
 * record).
 * @param[in,out] buf a buffer from a previous call or NULL (then *len is taken
 *                as 0); *len its length. Always NUL-terminated after a
 *                successful call. The caller frees it with unalloc_free().
 * @param[in,out] len the length of *buf, updated.
 * @param[in] result the result.
 * @param[in] table UNALLOC_TABLE_OCCURRENCES or UNALLOC_TABLE_CASES (no header
 *                line: see unalloc_table_header()).
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL or UNALLOC_TABLE_REJECTS;
 *         UNALLOC_E_NOMEM, with *len as it was and *buf holding its first
 *         *len bytes (the buffer may have moved).
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv(char **buf, size_t *len, const struct unalloc_result *result,
                          enum unalloc_table table, struct unalloc_error *err);

/**
 * Like unalloc_result_append_csv() for UNALLOC_TABLE_OCCURRENCES, keeping only
 * the rows (obligation occurrences and escalation levels) whose state is in
 * @p states, a mask of (1u << enum unalloc_state), whether current or on
 * record (unalloc_result_append_csv_filter() tells them apart).
 * @param[in,out] buf as for unalloc_result_append_csv().
 * @param[in,out] len as for unalloc_result_append_csv().
 * @param[in] result the result.
 * @param[in] states the states to keep, a bit per enum unalloc_state.
 * @errparam
 * @return as unalloc_result_append_csv().
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv_states(char **buf, size_t *len, const struct unalloc_result *result,
                                 unsigned states, struct unalloc_error *err);

/**
 * Like unalloc_result_append_csv_states(), with one mask for the rows a
 * manager can still act on (the current spell's, the episode-wide ones and
 * the escalation levels) and one for the rows on record (periods now ended):
 * `--state overdue` is (1u << UNALLOC_STATE_OVERDUE, 0), `--state
 * overdue-on-record` (0, 1u << UNALLOC_STATE_OVERDUE).
 * @param[in,out] buf as for unalloc_result_append_csv().
 * @param[in,out] len as for unalloc_result_append_csv().
 * @param[in] result the result.
 * @param[in] states_now the states to keep among the rows a manager can act
 *            on, a bit per enum unalloc_state.
 * @param[in] states_on_record the states to keep among the rows on record.
 * @errparam
 * @return as unalloc_result_append_csv().
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv_filter(char **buf, size_t *len, const struct unalloc_result *result,
                                 unsigned states_now, unsigned states_on_record,
                                 struct unalloc_error *err);

/**
 * Appends the result as one JSON object and "\n" (the `json` output format:
 * JSON Lines, one `"record":"case"` object per case and as-of, after the run
 * record of unalloc_run_append_json()).
 * @param[in,out] buf as for unalloc_result_append_csv().
 * @param[in,out] len as for unalloc_result_append_csv().
 * @param[in] result the result.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL; UNALLOC_E_NOMEM, as for
 *         unalloc_result_append_csv().
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_json(char **buf, size_t *len, const struct unalloc_result *result,
                           struct unalloc_error *err);

/** Version of struct unalloc_run this header describes.
 *  @since 1.0 */
#define UNALLOC_RUN_VERSION 1
/** What a run evaluated, for its run-level record: the policy, the calendar
 *  and what it was built from, the as-of moments. Zero-filled is not valid
 *  (a policy, a calendar and one as-of are needed); version 0 is read as 1.
 *  @since 1.0 */
struct unalloc_run {
    unsigned int version;                     /**< UNALLOC_RUN_VERSION */
    const struct unalloc_policy *policy;      /**< the policy the cases are evaluated under */
    const struct unalloc_calendar *calendar;  /**< the one the cases are evaluated on */
    const struct unalloc_moment *as_of;       /**< n_as_of moments, in output order */
    size_t n_as_of;                           /**< how many in @c as_of (at least 1) */
    const char *const *calendar_files;        /**< names of the files loaded into the
                                                   calendar, in load order (as the caller
                                                   knows them: the library never sees
                                                   paths); NULL, or one per file loaded */
    size_t n_calendar_files;                  /**< how many in @c calendar_files */
};
/** A struct unalloc_run with its version set and nothing else.
 *  @since 1.0 */
#define UNALLOC_RUN_INIT { UNALLOC_RUN_VERSION, NULL, NULL, NULL, 0, NULL, 0 }

/**
 * Appends the run-level record as one JSON object and "\n": `"record":"run"`,
 * the library's version, the policy (id, title, hash), the calendar (region,
 * fingerprint, verified-through year, closures, working-day overrides, files
 * loaded with their years and FNV-1a hashes), the as-of moments, and the
 * policy's own warnings (unalloc_warning_code_is_policy_level()) as of the
 * latest of them, each once. It is the first line of the `json` format and
 * the companion record of the CSV formats and the reports (doc/output.md).
 * Independent of the cases, so it can be written before the first one.
 * @param[in,out] buf as for unalloc_result_append_csv().
 * @param[in,out] len the length of *buf, updated.
 * @param[in] run what the run evaluated.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a missing policy, calendar or
 *         as-of, an unknown version, a calendar of another region than the
 *         policy's, or calendar_files not matching the files loaded;
 *         UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_run_append_json(char **buf, size_t *len, const struct unalloc_run *run,
                        struct unalloc_error *err);

/* ---- batch evaluation (the loop over cases and dates, in C) ---------------- */

/** A long event log, as columns (the shape of the command line's CSV). Each
 *  array has `rows` entries; detail, worker and locality may be NULL arrays
 *  (all empty) and their entries NULL or "". A view of the caller's arrays
 *  with no version: its columns are the fields of enum unalloc_field, fixed
 *  for the soname (see UNALLOC_FIELD_COUNT_).
 *  @since 1.0 */
struct unalloc_event_table {
    size_t rows;                /**< entries in each array */
    const char *const *case_id; /**< the case ids (required) */
    const char *const *at;     /**< "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" (or a space for the
                                    T; ":SS" allowed and dropped) */
    const char *const *event;    /**< event kind names (required) */
    const char *const *detail;   /**< details, or NULL */
    const char *const *worker;   /**< worker ids, or NULL */
    const char *const *locality; /**< localities, or NULL */
};

/**
 * Evaluates every case of @p events as of each moment in @p as_of and writes
 * both output tables as CSV with their headers (exactly the command line's
 * `cases-csv` and `csv` outputs), ordered by as-of, then case id, then due.
 * Rows may come in any order; a case's events are added in row order. The
 * columns are read as unalloc_evaluate_frame() reads them without a mapping
 * (vocabulary names in any case).
 * @param[out] cases_csv the `cases-csv` table, NUL-terminated; caller frees
 *             it with unalloc_free(). NULL on failure.
 * @param[out] cases_len its length.
 * @param[out] occurrences_csv the `csv` table, likewise.
 * @param[out] occurrences_len its length.
 * @param[in] calendar the calendar, of the policy's region.
 * @param[in] policy the policy.
 * @param[in] events the event log.
 * @param[in] as_of @p n_as_of moments (a date-only one is the end of its day).
 * @param[in] n_as_of at least 1.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID / UNALLOC_E_PARSE for a bad row or
 *         case: the error's record is the 1-based row (0 for a whole-case
 *         error, whose message names the case); UNALLOC_E_LIMIT;
 *         UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_table(char **cases_csv, size_t *cases_len, char **occurrences_csv,
                       size_t *occurrences_len, const struct unalloc_calendar *calendar,
                       const struct unalloc_policy *policy, const struct unalloc_event_table *events,
                       const struct unalloc_moment *as_of, size_t n_as_of,
                       struct unalloc_error *err);

/** An export as columns of text, in its own column names (a pandas frame's
 *  shape): cells[c][r] is row r of column c; an entry may be NULL (empty).
 *  A complete description of any table, so it has no version; what to read
 *  from it goes in struct unalloc_frame_options.
 *  @since 1.0 */
struct unalloc_frame {
    size_t rows, columns;            /**< the frame's shape */
    const char *const *names;        /**< `columns` names */
    const char *const *const *cells; /**< `columns` arrays of `rows` cells */
};
/** @var unalloc_frame::rows
 *  rows, columns: the frame's shape (cells in each column, and columns) */

/** Version of struct unalloc_frame_options this header describes. */
#define UNALLOC_FRAME_OPTIONS_VERSION 1
/** Options of unalloc_evaluate_frame(); zero-filled means the defaults.
 *  @since 1.0 */
struct unalloc_frame_options {
    unsigned int version;                  /**< UNALLOC_FRAME_OPTIONS_VERSION (0 is read as 1) */
    const struct unalloc_mapping *mapping; /**< NULL: the columns case_id, at, event, detail,
                                                worker, locality (no other), ISO dates */
    bool skip_invalid;                     /**< set aside every case with a bad row instead of
                                                failing */
};
/** The defaults, with the version set. @since 1.0 */
#define UNALLOC_FRAME_OPTIONS_INIT { UNALLOC_FRAME_OPTIONS_VERSION, NULL, false }

/**
 * Sets every field of @p options to zero (the defaults) and its version to
 * @p version, as UNALLOC_FRAME_OPTIONS_INIT does. Unlike the builder's structs
 * (policy.h), whose fields a caller must fill, an options struct left all
 * zero is valid: its version 0 is read as 1.
 * @param[out] options the struct to initialise (caller-owned).
 * @param[in] version UNALLOC_FRAME_OPTIONS_VERSION.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL or a version newer than the
 *         library's.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_frame_options_init(struct unalloc_frame_options *options, unsigned int version,
                           struct unalloc_error *err);

/**
 * Like unalloc_evaluate_table(), for an export read through a mapping
 * (mapping.h): every case of @p frame evaluated as of each moment, written as
 * the `cases-csv` and `csv` tables. Every row is read first and every bad
 * one found (a bad value, an empty case_id, an impossible sequence); a case
 * with a bad row is never evaluated on part of its history.
 * @param[out] rejects_csv the rows set aside (with options->skip_invalid):
 *  `line,case_id,column,reason`, then the frame's own columns, one row per
 *  row set aside in row order, like the command line's --rejects (`line` is
 *  the 1-based row; `column` the 1-based column at fault, empty when the row
 *  is set aside with its case). Caller frees each output with unalloc_free().
 * @param[out] cases_csv as for unalloc_evaluate_table().
 * @param[out] cases_len as for unalloc_evaluate_table().
 * @param[out] occurrences_csv as for unalloc_evaluate_table().
 * @param[out] occurrences_len as for unalloc_evaluate_table().
 * @param[out] rejects_len the length of *rejects_csv.
 * @param[in] calendar the calendar, of the policy's region.
 * @param[in] policy the policy.
 * @param[in] frame the export.
 * @param[in] as_of @p n_as_of moments (a date-only one is the end of its day).
 * @param[in] n_as_of at least 1.
 * @param[in] options NULL for the defaults, or from
 *  UNALLOC_FRAME_OPTIONS_INIT / unalloc_frame_options_init().
 * @errparam
 * @return UNALLOC_OK (with skip_invalid, also when rows were set aside);
 *  without skip_invalid, the status of the first bad row (by row), the
 *  error's record its 1-based row and column its column, the message naming
 *  the row and how many more are bad, all outputs NULL; UNALLOC_E_INVALID for
 *  NULL or bad options; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_frame(char **cases_csv, size_t *cases_len, char **occurrences_csv,
                       size_t *occurrences_len, char **rejects_csv, size_t *rejects_len,
                       const struct unalloc_calendar *calendar, const struct unalloc_policy *policy,
                       const struct unalloc_frame *frame, const struct unalloc_moment *as_of,
                       size_t n_as_of, const struct unalloc_frame_options *options,
                       struct unalloc_error *err);

/* ---- batch evaluation as columns (no text in between) ------------------------ */

/** How a column of a frame result holds its values (struct unalloc_column).
 *  @since 1.0 */
enum unalloc_column_type {
    UNALLOC_COLUMN_TEXT = 0, /**< values[i] is an index into text[0..text_count) (each distinct
                              text once); UNALLOC_DAYS_MISSING for an empty cell */
    UNALLOC_COLUMN_INT = 1,  /**< values[i] is the number; UNALLOC_DAYS_MISSING for empty */
    UNALLOC_COLUMN_BOOL = 2, /**< values[i] is 0 or 1 */
    UNALLOC_COLUMN_TIME = 3  /**< values[i] is seconds since 1970-01-01T00:00 on the UK wall
                              clock (numpy's datetime64[s] with no time zone); a date is
                              its midnight; UNALLOC_DAYS_MISSING (numpy's NaT) for empty */
};

/** One column of a frame result, borrowed from it (valid until
 *  unalloc_frame_result_free()).
 *  @since 1.0 */
struct unalloc_column {
    const char *name;              /**< the CSV header's name (rejects: the frame's own
                                        names after line, case_id, column, reason) */
    enum unalloc_column_type type; /**< how @c values hold the cells */
    size_t rows;                   /**< entries in values */
    const int64_t *values;         /**< NULL when rows is 0 */
    size_t text_count;             /**< UNALLOC_COLUMN_TEXT: entries in text */
    const char *const *text;       /**< UNALLOC_COLUMN_TEXT: the distinct texts; else NULL */
};

/** What unalloc_evaluate_frame_columns() returns (opaque): the three tables
 *  as typed columns.
 *  @since 1.0 */
struct unalloc_frame_result;

/**
 * Exactly unalloc_evaluate_frame() (same arguments, checks, errors, rows and
 * order), handing the tables back as typed columns instead of CSV text: the
 * UNALLOC_TABLE_CASES and UNALLOC_TABLE_OCCURRENCES tables have the columns
 * of unalloc_table_header() in that order, and UNALLOC_TABLE_REJECTS those
 * of the rejects CSV (line and column are UNALLOC_COLUMN_INT, the frame's
 * own columns text). A cell holds what the CSV writes, typed: `true`/`false`
 * columns are UNALLOC_COLUMN_BOOL, whole numbers UNALLOC_COLUMN_INT, dates
 * and date-times UNALLOC_COLUMN_TIME, the rest text. For bindings (numpy,
 * Arrow) that build arrays without parsing.
 * @param[out] out caller frees with unalloc_frame_result_free(); NULL on error.
 * @param[in] calendar as for unalloc_evaluate_frame().
 * @param[in] policy as for unalloc_evaluate_frame().
 * @param[in] frame as for unalloc_evaluate_frame().
 * @param[in] as_of as for unalloc_evaluate_frame().
 * @param[in] n_as_of as for unalloc_evaluate_frame().
 * @param[in] options as for unalloc_evaluate_frame().
 * @errparam
 * @return as unalloc_evaluate_frame().
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_frame_columns(struct unalloc_frame_result **out,
                               const struct unalloc_calendar *calendar,
                               const struct unalloc_policy *policy,
                               const struct unalloc_frame *frame,
                               const struct unalloc_moment *as_of, size_t n_as_of,
                               const struct unalloc_frame_options *options,
                               struct unalloc_error *err);

/** Frees a frame result and every column not yet released.
 *  @param[in] result the result; NULL is a no-op.
 *  @since 1.0 */
UNALLOC_EXPORT void unalloc_frame_result_free(struct unalloc_frame_result *result);

/** The number of columns of a table.
 *  @param[in] result the result.
 *  @param[in] table one of the three tables.
 *  @return the count; 0 for a NULL result or an unknown table.
 *  @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_frame_result_column_count(const struct unalloc_frame_result *result,
                                                        enum unalloc_table table);

/**
 * Column @p index of @p table (every column of a table has the same rows).
 * @return UNALLOC_E_INVALID for a NULL argument or an unknown table,
 *         UNALLOC_E_NOT_FOUND for an index past the last column or a column
 *         released; *out is then zero-filled. UNALLOC_OK otherwise.
 * @param[out] out the column, borrowed from @p result.
 * @param[in] result the result.
 * @param[in] table one of the three tables.
 * @param[in] index 0 to unalloc_frame_result_column_count() - 1.
 * @errparam
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_frame_result_column(struct unalloc_column *out, const struct unalloc_frame_result *result,
                            enum unalloc_table table, size_t index, struct unalloc_error *err);

/**
 * Frees column @p index of @p table once the caller has made its own copy
 * (a binding converting column by column then never holds the C tables and
 * its own whole): unalloc_frame_result_column() then gives
 * UNALLOC_E_NOT_FOUND for it; the other columns are unchanged. Releasing a
 * column twice is harmless.
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a NULL result or an unknown table,
 *         UNALLOC_E_NOT_FOUND for an index past the last column.
 * @param[in,out] result the result.
 * @param[in] table one of the three tables.
 * @param[in] index 0 to unalloc_frame_result_column_count() - 1.
 * @errparam
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_frame_result_release_column(struct unalloc_frame_result *result, enum unalloc_table table,
                                    size_t index, struct unalloc_error *err);

/* ---- aggregate returns ----------------------------------------------------- */

/** A report being accumulated (opaque). Belongs to one thread.
 *  @since 1.0 */
struct unalloc_report;

/**
 * Starts a report of @p policy's report @p report_id ("weekly-return" names
 * the policy's weekly report) as of @p as_of.
 * @param[out] out the report; caller frees with unalloc_report_free(). NULL
 *            on failure.
 * @param[in] policy the policy (a reference is kept; it may be freed first).
 * @param[in] report_id the id of one of the policy's reports.
 * @param[in] as_of the date of the return; every result added must be of it.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_NOT_FOUND, listing the policy's reports, for
 *         an unknown id; UNALLOC_E_INVALID for NULL or an invalid date;
 *         UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_new(struct unalloc_report **out, const struct unalloc_policy *policy,
                   const char *report_id, struct unalloc_date as_of, struct unalloc_error *err);

/** Frees a report.
 *  @param[in] report the report; NULL is a no-op.
 *  @since 1.0 */
UNALLOC_EXPORT void unalloc_report_free(struct unalloc_report *report);

/** Adds one case's result (evaluated as of the report's date).
 *  @param[in,out] report the report.
 *  @param[in] result the result; what the report needs is copied.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for NULL, a result evaluated under
 *   another policy or as of another date; UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_add(struct unalloc_report *report, const struct unalloc_result *result,
                   struct unalloc_error *err);

/**
 * Tells the report how much input was set aside as bad (rows, and the cases
 * they belong to) before the results were added, so that its header says so
 * ("Set aside: 7 input rows of 3 cases with bad input, not counted in this
 * return"); nothing is said when @p rows is 0. Replaces an earlier call's
 * numbers.
 * @param[in,out] report the report.
 * @param[in] rows the input rows set aside.
 * @param[in] cases the cases they belong to.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a NULL report, or more cases than
 *         rows.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_set_aside(struct unalloc_report *report, size_t rows, size_t cases,
                         struct unalloc_error *err);

/**
 * Renders the report as text: the Appendix 1 return (per locality, children
 * by category, an "Other" row for referral-stage and other categories), the
 * register, or the list, followed for policies with a caseload limit by the
 * caseload check.
 * @param[out] out NUL-terminated; caller frees with unalloc_free(). NULL on
 *            failure.
 * @param[in] report the report.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_render(char **out, const struct unalloc_report *report, struct unalloc_error *err);

/** The value of unalloc_report_append()'s part cursor once the whole report
 *  has been appended.
 *  @since 1.0 */
#define UNALLOC_REPORT_END SIZE_MAX

/**
 * Appends the report's text to a growing buffer a part at a time, so that it
 * can be written as it is made and never held whole: the heading and header
 * (with, for the register, its column headings), then the cases one at a time
 * (the Appendix 1 return: each locality's heading, then each category row's
 * count and each child it lists, its comments and its cases on record, one
 * at a time), then the closing lines and the caseload check. The parts, in order, are the bytes of
 * unalloc_report_render(), which is a loop over this function.
 *
 * Set *part to 0 and call until it is UNALLOC_REPORT_END; between calls,
 * write buf[0..len), set *len to 0 and reuse the buffer (as for
 * unalloc_result_append_csv(), memory stays bounded by the largest part). A
 * call appends at least one byte unless it is the last; a call with *part
 * at UNALLOC_REPORT_END appends nothing.
 *
 * The call with *part at 0 puts the report's cases in order (by locality,
 * then case id, then the order they were added) in the report itself, its
 * only change to it: add no result until *part is UNALLOC_REPORT_END, or
 * start again from 0.
 * @param[in,out] buf a buffer from a previous call or NULL (then *len is
 *                taken as 0); NUL-terminated after a successful call (still
 *                NULL if it was and nothing was appended). The caller frees
 *                it with unalloc_free().
 * @param[in,out] len the length of *buf, updated.
 * @param[in] report the report.
 * @param[in,out] part where the report has got to: 0 for its start, then
 *                as the previous call left it (its values are otherwise
 *                meaningless); advanced by each successful call.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL or a part the report does
 *         not have; UNALLOC_E_NOMEM, with *len as it was, *buf holding its
 *         first *len bytes (the buffer may have moved) and *part unchanged,
 *         so the call can be made again.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_append(char **buf, size_t *len, const struct unalloc_report *report, size_t *part,
                      struct unalloc_error *err);

UNALLOC_END_DECLS

#endif /* UNALLOC_EVALUATE_H */
