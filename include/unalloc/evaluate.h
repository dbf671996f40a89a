/*
 * libunalloc: evaluating a case against a policy, and aggregate returns.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_EVALUATE_H
#define UNALLOC_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

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
 */

/** How a case stands as of the evaluation. Names: "allocated", "pending",
 *  "unallocated", "being-assessed", "not-counted", "out-of-scope", "closed",
 *  "not-open". */
enum unalloc_case_status {
    UNALLOC_STATUS_ALLOCATED,      /**< an allocated-role holder is working the case */
    UNALLOC_STATUS_PENDING,        /**< in an unallocated spell, threshold not yet passed */
    UNALLOC_STATUS_UNALLOCATED,    /**< counts as unallocated */
    UNALLOC_STATUS_BEING_ASSESSED, /**< without a named worker, not yet assessed (listed apart) */
    UNALLOC_STATUS_NOT_COUNTED,    /**< without a named worker but the policy's criteria are not met */
    UNALLOC_STATUS_OUT_OF_SCOPE,   /**< the case's category is outside the policy */
    UNALLOC_STATUS_CLOSED,         /**< the last episode is closed */
    UNALLOC_STATUS_NOT_OPEN,       /**< no episode has opened yet */
    UNALLOC_STATUS_COUNT_
};

/** State of an obligation occurrence. Names: "pending", "due", "overdue", "met". */
enum unalloc_state {
    UNALLOC_STATE_PENDING,
    UNALLOC_STATE_DUE,
    UNALLOC_STATE_OVERDUE,
    UNALLOC_STATE_MET,
    UNALLOC_STATE_COUNT_
};

/** One occurrence of an obligation. Strings are borrowed from the result. */
struct unalloc_occurrence {
    const char *kind;          /**< obligation kind name, e.g. "letter-family" */
    enum unalloc_obligation_kind obligation;
    bool has_role;
    enum unalloc_role role;    /**< who must do it (the rule's first named actor), if any */
    const char *rule;          /**< the rule id */
    const char *clause;        /**< "<document title>, <section>: “<quote>”" */
    struct unalloc_moment start; /**< from when an event satisfies it */
    struct unalloc_moment due;   /**< a date, or a date-time for hour-based rules */
    enum unalloc_state state;
    bool met;
    struct unalloc_moment met_at;
    bool late;                 /**< met after it was due */
    int occurrence;            /**< 1, 2, ... for recurring rules */
    int spell;                 /**< 1-based spell of the episode; 0 for episode-wide rules */
    const char *note;          /**< why it was assumed owed (date of birth unknown) or met
                                    (an event with no actor taken as the rule's); NULL if none */
    enum unalloc_basis basis;  /**< the timing is the document's, or a local setting's */
    bool on_record;            /**< of an earlier spell of the episode, now ended: missed (or
                                    met) on record, no longer a manager's to act on; false for
                                    the current spell's and for episode-wide occurrences */
};

/** One level of escalation in the current spell. */
struct unalloc_escalation_level {
    enum unalloc_role role;
    const char *rule;
    const char *clause;
    struct unalloc_moment due;
    enum unalloc_state state;
    bool done;
    struct unalloc_moment done_at; /**< first `escalated` at this role or above */
    enum unalloc_basis basis;      /**< the timing is the document's, or a local setting's */
};

/** The per-case answer. Strings are borrowed from the result. */
struct unalloc_case_result {
    const char *case_id;
    struct unalloc_moment as_of;
    enum unalloc_case_status status;
    bool unallocated;
    bool has_since;
    struct unalloc_moment unallocated_since; /**< start of the current spell */
    int working_days_unallocated;            /**< count(since, as_of); 0 without a spell */
    int calendar_days_unallocated;
    bool has_category;
    enum unalloc_category category;
    const char *locality;                    /**< the latest locality recorded; NULL if none */
    bool has_rating;
    enum unalloc_rating rating;
    struct unalloc_moment rating_at;
    int rating_age_days;
    bool has_atm_since;                      /**< held by the ATM at as-of, since when */
    struct unalloc_moment atm_since;
    bool has_last_visit, has_last_meeting, has_last_oversight;
    struct unalloc_moment last_visit, last_meeting, last_oversight;
    bool escalation_due;                     /**< some level has fallen due */
    enum unalloc_role escalation_level;      /**< highest role whose escalation has fallen due */
    struct unalloc_moment escalation_level_due;
    bool escalation_done;
    enum unalloc_role escalation_done_role;  /**< highest role actually escalated to */
    const char *policy_id;
    const char *policy_hash;
    int calendar_verified_through;
    bool has_last_supervision;               /**< the latest `supervision` of the episode */
    struct unalloc_moment last_supervision;
};

/** Opaque evaluation result. */
struct unalloc_result;

/** Most obligation occurrences one result may list (1,048,576): a case that
 *  would owe more is UNALLOC_E_LIMIT naming the case, never a list cut short.
 *  Every occurrence after a rule's first needs an event to meet the one
 *  before, so real cases stay far below it. */
#define UNALLOC_MAX_OCCURRENCES (1 << 20)

/**
 * Evaluates @p c against @p policy as of @p as_of.
 * The result holds a reference to @p policy (rule ids and clauses are
 * borrowed from it), so the policy may be freed before the result.
 * @param[in] calendar must be of the policy's region (else UNALLOC_E_INVALID).
 * @param[out] out caller frees with unalloc_result_free().
 * @return UNALLOC_E_INVALID for a case whose event sequence is invalid
 *         (see unalloc_case_check()), naming the case and the event;
 *         UNALLOC_E_LIMIT past UNALLOC_MAX_OCCURRENCES.
 * An occurrence that would fall due after 2199-12-31 (the end of the
 * supported range) is not listed, and the result warns
 * (UNALLOC_WARNING_DUE_OUT_OF_RANGE, naming the rule).
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate(struct unalloc_result **out, const struct unalloc_calendar *calendar,
                 const struct unalloc_policy *policy, const struct unalloc_case *c,
                 struct unalloc_moment as_of, struct unalloc_error *err);

UNALLOC_EXPORT void unalloc_result_free(struct unalloc_result *result);

/** The per-case answer, borrowed from the result. */
UNALLOC_EXPORT const struct unalloc_case_result *
unalloc_result_case(const struct unalloc_result *result);

/** Occurrences, sorted by due then rule order then occurrence. The public
 * structs are built on the first call to unalloc_result_occurrence (the
 * engine keeps them in minutes); that call may be made from several threads
 * at once. It returns NULL past the end, and also when memory runs out
 * building them. */
UNALLOC_EXPORT size_t unalloc_result_occurrence_count(const struct unalloc_result *result);
UNALLOC_EXPORT const struct unalloc_occurrence *
unalloc_result_occurrence(const struct unalloc_result *result, size_t i);

/** Escalation levels of the current spell, in rule order. */
UNALLOC_EXPORT size_t unalloc_result_escalation_count(const struct unalloc_result *result);
UNALLOC_EXPORT const struct unalloc_escalation_level *
unalloc_result_escalation(const struct unalloc_result *result, size_t i);

/** What a warning or note is about: a stable code, whose name
 *  (unalloc_warning_code_name()) output carries beside the text. Notes (a
 *  handover recorded late, a stop-gap) explain an answer; the others ask
 *  someone to check the record or the policy. */
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
 *  recorded late, a stop-gap...), in the order found. */
UNALLOC_EXPORT size_t unalloc_result_warning_count(const struct unalloc_result *result);
/** The i-th warning's code; UNALLOC_WARNING_NONE out of range. */
UNALLOC_EXPORT enum unalloc_warning_code
unalloc_result_warning_code(const struct unalloc_result *result, size_t i);
/** The i-th warning's text, borrowed from the result. Texts are rendered on
 *  the first call (evaluation itself formats nothing), safely from several
 *  threads; NULL out of range or if memory runs out. */
UNALLOC_EXPORT const char *unalloc_result_warning(const struct unalloc_result *result, size_t i);
/** The stable name of a warning code ("stop-gap"); NULL out of range. */
UNALLOC_EXPORT const char *unalloc_warning_code_name(enum unalloc_warning_code code);

/** Names for the enums above; NULL out of range. */
UNALLOC_EXPORT const char *unalloc_case_status_name(enum unalloc_case_status status);
UNALLOC_EXPORT const char *unalloc_state_name(enum unalloc_state state);

/* ---- serialisation (shared by the command line and the bindings) -------- */

/** Output tables. */
enum unalloc_table {
    UNALLOC_TABLE_OCCURRENCES, /**< one row per obligation occurrence and escalation level */
    UNALLOC_TABLE_CASES,       /**< one row per case */
    UNALLOC_TABLE_REJECTS      /**< the rows set aside (unalloc_evaluate_frame_columns() only:
                                    its columns depend on the frame; no CSV header, and the
                                    CSV serialisers refuse it) */
};

/** The CSV header line of a table (with "\n"). Static string; NULL for a value
 *  outside enum unalloc_table. */
UNALLOC_EXPORT const char *unalloc_table_header(enum unalloc_table table);

/**
 * Appends the result's rows of @p table as RFC 4180 CSV (quoted where needed,
 * "\n" line ends) to a growing buffer.
 * @param[in,out] buf a buffer from a previous call or NULL (then *len is taken
 *                as 0); *len its length.
 *                Free with unalloc_free().
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv(char **buf, size_t *len, const struct unalloc_result *result,
                          enum unalloc_table table, struct unalloc_error *err);

/**
 * Like unalloc_result_append_csv() for UNALLOC_TABLE_OCCURRENCES, keeping only
 * the rows (obligation occurrences and escalation levels) whose state is in
 * @p states, a mask of (1u << enum unalloc_state), whether current or on
 * record (unalloc_result_append_csv_filter() tells them apart).
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv_states(char **buf, size_t *len, const struct unalloc_result *result,
                                 unsigned states, struct unalloc_error *err);

/**
 * Like unalloc_result_append_csv_states(), with one mask for the rows a
 * manager can still act on (the current spell's, the episode-wide ones and
 * the escalation levels) and one for the rows on record (earlier spells'):
 * `--state overdue` is (1u << UNALLOC_STATE_OVERDUE, 0), `--state
 * overdue-on-record` (0, 1u << UNALLOC_STATE_OVERDUE).
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv_filter(char **buf, size_t *len, const struct unalloc_result *result,
                                 unsigned states_now, unsigned states_on_record,
                                 struct unalloc_error *err);

/**
 * Appends the result as one JSON object and "\n" (the `json` output format).
 * @param[in,out] buf as for unalloc_result_append_csv().
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_json(char **buf, size_t *len, const struct unalloc_result *result,
                           struct unalloc_error *err);

/* ---- batch evaluation (the loop over cases and dates, in C) ---------------- */

/** A long event log, as columns (the shape of the command line's CSV). Each
 *  array has `rows` entries; detail, worker and locality may be NULL arrays
 *  (all empty) and their entries NULL or "". */
struct unalloc_event_table {
    size_t rows;
    const char *const *case_id;
    const char *const *at;     /**< "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" (or a space for the
                                    T; ":SS" allowed and dropped) */
    const char *const *event;
    const char *const *detail;
    const char *const *worker;
    const char *const *locality;
};

/**
 * Evaluates every case of @p events as of each moment in @p as_of and writes
 * both output tables as CSV with their headers (exactly the command line's
 * `cases-csv` and `csv` outputs), ordered by as-of, then case id, then due.
 * Rows may come in any order; a case's events are added in row order. The
 * columns are read as unalloc_evaluate_frame() reads them without a mapping
 * (vocabulary names in any case).
 * @param[out] cases_csv, occurrences_csv NUL-terminated; caller frees each
 *             with unalloc_free(); their lengths in *cases_len, *occurrences_len.
 * @return UNALLOC_E_INVALID / _PARSE for a bad row or case: err->line is the
 *         1-based row (0 for a whole-case error, whose message names the case).
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_table(char **cases_csv, size_t *cases_len, char **occurrences_csv,
                       size_t *occurrences_len, const struct unalloc_calendar *calendar,
                       const struct unalloc_policy *policy, const struct unalloc_event_table *events,
                       const struct unalloc_moment *as_of, size_t n_as_of,
                       struct unalloc_error *err);

/** An export as columns of text, in its own column names (a pandas frame's
 *  shape): cells[c][r] is row r of column c; an entry may be NULL (empty). */
struct unalloc_frame {
    size_t rows, columns;
    const char *const *names;        /**< `columns` names */
    const char *const *const *cells; /**< `columns` arrays of `rows` cells */
};

/** Version of struct unalloc_frame_options this header describes. */
#define UNALLOC_FRAME_OPTIONS_VERSION 1
/** Options of unalloc_evaluate_frame(); zero-filled means the defaults. */
struct unalloc_frame_options {
    unsigned int version;                  /**< UNALLOC_FRAME_OPTIONS_VERSION (0 is read as 1) */
    const struct unalloc_mapping *mapping; /**< NULL: the columns case_id, at, event, detail,
                                                worker, locality (no other), ISO dates */
    bool skip_invalid;                     /**< set aside every case with a bad row instead of
                                                failing */
};
#define UNALLOC_FRAME_OPTIONS_INIT { UNALLOC_FRAME_OPTIONS_VERSION, NULL, false }

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
 * @return without skip_invalid, the status of the first bad row (by row),
 *  err->line its 1-based row, err->column its column, the message naming the
 *  row and how many more are bad; all outputs NULL.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_frame(char **cases_csv, size_t *cases_len, char **occurrences_csv,
                       size_t *occurrences_len, char **rejects_csv, size_t *rejects_len,
                       const struct unalloc_calendar *calendar, const struct unalloc_policy *policy,
                       const struct unalloc_frame *frame, const struct unalloc_moment *as_of,
                       size_t n_as_of, const struct unalloc_frame_options *options,
                       struct unalloc_error *err);

/* ---- batch evaluation as columns (no text in between) ------------------------ */

/** How a column of a frame result holds its values (struct unalloc_column). */
enum unalloc_column_type {
    UNALLOC_COLUMN_TEXT, /**< values[i] is an index into text[0..text_count) (each distinct
                              text once); UNALLOC_DAYS_MISSING for an empty cell */
    UNALLOC_COLUMN_INT,  /**< values[i] is the number; UNALLOC_DAYS_MISSING for empty */
    UNALLOC_COLUMN_BOOL, /**< values[i] is 0 or 1 */
    UNALLOC_COLUMN_TIME  /**< values[i] is seconds since 1970-01-01T00:00 on the UK wall
                              clock (numpy's datetime64[s] with no time zone); a date is
                              its midnight; UNALLOC_DAYS_MISSING (numpy's NaT) for empty */
};

/** One column of a frame result, borrowed from it (valid until
 *  unalloc_frame_result_free()). */
struct unalloc_column {
    const char *name;              /**< the CSV header's name (rejects: the frame's own
                                        names after line, case_id, column, reason) */
    enum unalloc_column_type type;
    size_t rows;                   /**< entries in values */
    const int64_t *values;         /**< NULL when rows is 0 */
    size_t text_count;             /**< UNALLOC_COLUMN_TEXT: entries in text */
    const char *const *text;       /**< UNALLOC_COLUMN_TEXT: the distinct texts; else NULL */
};

/** What unalloc_evaluate_frame_columns() returns (opaque): the three tables
 *  as typed columns. */
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
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_frame_columns(struct unalloc_frame_result **out,
                               const struct unalloc_calendar *calendar,
                               const struct unalloc_policy *policy,
                               const struct unalloc_frame *frame,
                               const struct unalloc_moment *as_of, size_t n_as_of,
                               const struct unalloc_frame_options *options,
                               struct unalloc_error *err);

UNALLOC_EXPORT void unalloc_frame_result_free(struct unalloc_frame_result *result);

/** The number of columns of @p table; 0 for a NULL result or an unknown table. */
UNALLOC_EXPORT size_t unalloc_frame_result_column_count(const struct unalloc_frame_result *result,
                                                        enum unalloc_table table);

/**
 * Column @p index of @p table (every column of a table has the same rows).
 * @return UNALLOC_E_INVALID for a NULL argument or an unknown table,
 *         UNALLOC_E_NOT_FOUND for an index past the last column or a column
 *         released; *out is then zero-filled.
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
 * @return UNALLOC_E_INVALID for a NULL result or an unknown table,
 *         UNALLOC_E_NOT_FOUND for an index past the last column.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_frame_result_release_column(struct unalloc_frame_result *result, enum unalloc_table table,
                                    size_t index, struct unalloc_error *err);

/* ---- aggregate returns ----------------------------------------------------- */

/** A report being accumulated (opaque). */
struct unalloc_report;

/**
 * Starts a report of @p policy's report @p report_id ("weekly-return" names
 * the policy's weekly report) as of @p as_of.
 * @return UNALLOC_E_NOT_FOUND, listing the policy's reports, for an unknown id.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_new(struct unalloc_report **out, const struct unalloc_policy *policy,
                   const char *report_id, struct unalloc_date as_of, struct unalloc_error *err);

UNALLOC_EXPORT void unalloc_report_free(struct unalloc_report *report);

/** Adds one case's result (evaluated as of the report's date). */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_add(struct unalloc_report *report, const struct unalloc_result *result,
                   struct unalloc_error *err);

/**
 * Tells the report how much input was set aside as bad (rows, and the cases
 * they belong to) before the results were added, so that its header says so
 * ("Set aside: 7 input rows of 3 cases with bad input, not counted in this
 * return"); nothing is said when @p rows is 0. Replaces an earlier call's
 * numbers.
 * @return UNALLOC_E_INVALID for a NULL report, or more cases than rows.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_set_aside(struct unalloc_report *report, size_t rows, size_t cases,
                         struct unalloc_error *err);

/**
 * Renders the report as text: the Appendix 1 return (per locality, children
 * by category, an "Other" row for referral-stage and other categories), the
 * register, or the list, followed for policies with a caseload limit by the
 * caseload check.
 * @param[out] out NUL-terminated; caller frees with unalloc_free().
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_render(char **out, const struct unalloc_report *report, struct unalloc_error *err);

UNALLOC_END_DECLS

#endif /* UNALLOC_EVALUATE_H */
