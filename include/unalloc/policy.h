/*
 * libunalloc: declarative policies.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_POLICY_H
#define UNALLOC_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include <unalloc/calendar.h>
#include <unalloc/case.h>
#include <unalloc/common.h>
#include <unalloc/date.h>
#include <unalloc/error.h>

UNALLOC_BEGIN_DECLS

/**
 * @file policy.h
 * A policy is one council protocol as data: when a case counts as
 * unallocated, and the rules that say what a case then owes (reviews,
 * oversight, letters, visits, escalations), each citing the clause it
 * implements.
 *
 * A policy is written as text (doc/policy-format.md), parsed with
 * unalloc_policy_parse(), or built through the equivalent C API below
 * (unalloc_policy_builder_*), which is what the parser itself uses. Four
 * policies are built in (unalloc_policy_builtin()).
 *
 * A built policy is immutable and may be shared read-only by many threads.
 */

/** A policy (opaque, immutable). */
struct unalloc_policy;
/** A policy under construction (opaque). */
struct unalloc_policy_builder;

/** What a rule yields when it is an obligation. Names as in the policy text. */
enum unalloc_obligation_kind {
    UNALLOC_OBLIGATION_REVIEW,
    UNALLOC_OBLIGATION_OVERSIGHT,
    UNALLOC_OBLIGATION_LETTER_FAMILY,
    UNALLOC_OBLIGATION_LETTER_CHILD,
    UNALLOC_OBLIGATION_AGENCIES_INFORMED,
    UNALLOC_OBLIGATION_CONTACT,
    UNALLOC_OBLIGATION_VISIT,
    UNALLOC_OBLIGATION_CASE_SUMMARY,
    UNALLOC_OBLIGATION_SUPERVISION,
    UNALLOC_OBLIGATION_REFLECTIVE_SUPERVISION,
    UNALLOC_OBLIGATION_RATING,
    UNALLOC_OBLIGATION_RATING_REVIEW,
    UNALLOC_OBLIGATION_AD_AGREEMENT,
    UNALLOC_OBLIGATION_DCS_INFORMED,
    UNALLOC_OBLIGATION_ALLOCATE_TO_ATM,
    UNALLOC_OBLIGATION_RISK_ASSESSMENT,
    UNALLOC_OBLIGATION_REALLOCATE,
    UNALLOC_OBLIGATION_REPORT,
    UNALLOC_OBLIGATION_COUNT_ /**< not a kind */
};

/** When a rule's clock starts (`from` in the policy text). */
enum unalloc_anchor {
    UNALLOC_ANCHOR_OPENED,    /**< the episode's `opened` */
    UNALLOC_ANCHOR_SPELL,     /**< the start of each unallocated spell */
    UNALLOC_ANCHOR_THRESHOLD, /**< the moment each spell crosses the unallocated threshold */
    UNALLOC_ANCHOR_HOLDING,   /**< the first moment in a spell that a role is held */
    UNALLOC_ANCHOR_ABSENCE,   /**< the start of each absence of an allocated worker */
    UNALLOC_ANCHOR_MET,       /**< the moment another rule's first occurrence was met */
    UNALLOC_ANCHOR_MISSED,    /**< the due moment of another rule's first occurrence, if it was missed */
    UNALLOC_ANCHOR_COUNT_
};

/** How long a rule's occurrences stay owed (`while`). An occurrence due after
 *  its window has closed is not owed; one already due stays on record. */
enum unalloc_window {
    UNALLOC_WINDOW_DEFAULT, /**< the anchor's natural window (see doc/policy-format.md) */
    UNALLOC_WINDOW_SPELL,
    UNALLOC_WINDOW_EPISODE,
    UNALLOC_WINDOW_HOLDING, /**< until the anchor's role stops being held, or the spell ends */
    UNALLOC_WINDOW_ABSENCE,
    UNALLOC_WINDOW_COUNT_
};

/** "at least N" (count >= N) or "more than N" (count > N). */
enum unalloc_comparison { UNALLOC_AT_LEAST, UNALLOC_MORE_THAN };

struct unalloc_threshold {
    enum unalloc_comparison comparison;
    struct unalloc_duration duration;
};

/** Where a rule comes from: a document declared with
 *  unalloc_policy_builder_add_document() (by its key), a section heading, and
 *  the phrase quoted from it. */
struct unalloc_clause {
    const char *document;
    const char *section;
    const char *quote;
};

/** An event that satisfies an obligation. For events whose detail is an actor
 *  role (oversight, review, ...) @p roles lists the acceptable actors, and an
 *  event with no actor recorded is accepted, with a note on the occurrence and
 *  a warning on the result naming the actor it was taken to be (the first role
 *  listed for that event kind); for `allocated`, `deallocated` and `escalated`
 *  @p roles lists the roles. 0 means any. */
struct unalloc_met_by {
    enum unalloc_event_kind kind;
    unsigned roles; /**< bit (1u << enum unalloc_role) per role */
};

/** Maximum number of met-by alternatives in one rule. */
#define UNALLOC_MAX_MET_BY 8

/** Most rules one policy may hold; one more is UNALLOC_E_LIMIT (a policy
 *  text of at most UNALLOC_POLICY_MAX_BYTES holds far fewer). */
#define UNALLOC_MAX_RULES 1000

/** A rule. Strings are copied by unalloc_policy_builder_add_rule(). */
struct unalloc_rule {
    const char *id;
    struct unalloc_clause clause;
    bool escalation;                          /**< yields an escalation, not an obligation */
    enum unalloc_obligation_kind obligation;  /**< when !escalation */
    enum unalloc_role escalate_to;            /**< when escalation */
    enum unalloc_anchor anchor;
    enum unalloc_role anchor_role;            /**< UNALLOC_ANCHOR_HOLDING */
    bool anchor_or_threshold;                 /**< HOLDING: fall back to the threshold crossing
                                                   when that comes first or the role is never held */
    const char *anchor_rule;                  /**< UNALLOC_ANCHOR_MET / _MISSED: an earlier rule's id */
    bool has_due;
    struct unalloc_duration due;              /**< offset from the anchor */
    bool due_is_day;                          /**< "day N": the anchor's day is day 1 */
    bool recurring;
    struct unalloc_duration every;            /**< recurring interval */
    bool opens_at_due;                        /**< only events at or after the due moment satisfy it */
    struct unalloc_met_by met_by[UNALLOC_MAX_MET_BY];
    size_t n_met_by;
    enum unalloc_window window;
    unsigned if_categories;                   /**< bit per enum unalloc_category; 0 = any */
    bool if_holding;
    enum unalloc_role if_holding_role;
    int if_age_at_least;                      /**< -1: no age condition */
    unsigned if_ratings;                      /**< bit per enum unalloc_rating; 0 = any */
    const char *note;                         /**< the reading chosen, or NULL */
};

/** When a case counts as unallocated. */
struct unalloc_definition {
    unsigned allocated_roles;                 /**< roles whose holder makes a case allocated */
    unsigned scope;                           /**< categories the policy covers */
    struct unalloc_threshold unallocated;     /**< time without such a holder */
    struct unalloc_clause unallocated_clause;
    bool has_absence;                         /**< an allocated worker's absence counts too */
    struct unalloc_threshold absence;
    struct unalloc_clause absence_clause;
    struct unalloc_duration merge_within;     /**< spells separated by a shorter allocation merge */
    bool needs_named_worker;                  /**< cin-criteria: only once a named worker is needed */
    struct unalloc_clause criteria_clause;
    bool list_while_assessing;                /**< show duty-held, not-yet-assessed cases separately */
};

/** Checks that add warnings to results. */
enum unalloc_check_kind {
    UNALLOC_CHECK_CONSISTENT_WORKER, /**< the holder of @p role changes within a spell */
    UNALLOC_CHECK_ASSIGNED,          /**< no holder of @p role once a spell has crossed its threshold */
    UNALLOC_CHECK_CHAIR_NOT,         /**< a statutory meeting chaired by @p role */
    UNALLOC_CHECK_RATINGS,           /**< a rating outside @p ratings */
    UNALLOC_CHECK_COUNT_
};

struct unalloc_check {
    enum unalloc_check_kind kind;
    enum unalloc_role role;
    unsigned ratings;
    struct unalloc_clause clause;
};

/** Forms of aggregate report. */
enum unalloc_report_form {
    UNALLOC_REPORT_APPENDIX_1, /**< counts of children by category per locality */
    UNALLOC_REPORT_REGISTER,   /**< one row per case held unallocated, with its record */
    UNALLOC_REPORT_LIST,       /**< unallocated cases, and those being assessed listed apart */
    UNALLOC_REPORT_FORM_COUNT_
};

struct unalloc_report_spec {
    const char *id;            /**< e.g. "weekly-return" */
    struct unalloc_duration every;
    const char *audience;      /**< who receives it, as the document says */
    enum unalloc_report_form form;
    struct unalloc_clause clause;
};

/** A caseload limit: at most @p at_most cases in which a worker holds
 *  @p worker_role while @p with_role is also held (NELC: ten ATM cases per
 *  family-support worker). */
struct unalloc_caseload_limit {
    enum unalloc_role worker_role;
    enum unalloc_role with_role;
    int at_most;
    struct unalloc_clause clause;
};

/** Name functions for the enums above; NULL out of range. */
UNALLOC_EXPORT const char *unalloc_obligation_kind_name(enum unalloc_obligation_kind kind);
UNALLOC_EXPORT enum unalloc_status
unalloc_obligation_kind_from_name(enum unalloc_obligation_kind *out, const char *name,
                                  struct unalloc_error *err);

/* ---- parsing and built-ins ---------------------------------------------- */

/** Largest policy text accepted by unalloc_policy_parse(). */
#define UNALLOC_POLICY_MAX_BYTES (256 * 1024)

/**
 * Parses a policy text (doc/policy-format.md).
 * @param[in] text UTF-8, need not be NUL-terminated, no NUL bytes.
 * @param[out] out caller frees with unalloc_policy_free().
 * @return UNALLOC_E_PARSE with the line and column of the first error;
 *         UNALLOC_E_LIMIT when larger than UNALLOC_POLICY_MAX_BYTES.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_parse(struct unalloc_policy **out, const char *text, size_t size,
                     struct unalloc_error *err);

/** Number of built-in policies. */
UNALLOC_EXPORT size_t unalloc_policy_builtin_count(void);

/** The id of the i-th built-in policy ("protocol-2019", "nelc-2022",
 *  "cin-criteria", "nottingham-tfs-2022"); NULL when i is out of range.
 *  Static string. */
UNALLOC_EXPORT const char *unalloc_policy_builtin_id(size_t i);

/** The text of a built-in policy, with its comments; NULL if unknown. Static. */
UNALLOC_EXPORT const char *unalloc_policy_builtin_text(const char *id);

/**
 * Parses a built-in policy.
 * @return UNALLOC_E_NOT_FOUND (listing the ids) for an unknown id.
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builtin(struct unalloc_policy **out, const char *id, struct unalloc_error *err);

/** Frees a policy. NULL is a no-op. */
UNALLOC_EXPORT void unalloc_policy_free(struct unalloc_policy *policy);

/* ---- reading a policy ---------------------------------------------------- */

/** Borrowed strings; they live as long as the policy (NULL for NULL). */
UNALLOC_EXPORT const char *unalloc_policy_id(const struct unalloc_policy *policy);
UNALLOC_EXPORT const char *unalloc_policy_title(const struct unalloc_policy *policy);
/** The policy's region; UNALLOC_REGION_UNKNOWN for NULL. */
UNALLOC_EXPORT enum unalloc_region unalloc_policy_region(const struct unalloc_policy *policy);

/** The policy's review date; false (and @p out untouched) when the document
 *  states none. */
UNALLOC_EXPORT bool unalloc_policy_review_date(const struct unalloc_policy *policy,
                                               struct unalloc_date *out);

/** 16 hex digits identifying the policy's content (a hash of its canonical
 *  text, so comments and layout do not change it). Borrowed. */
UNALLOC_EXPORT const char *unalloc_policy_hash(const struct unalloc_policy *policy);

/** The definition, borrowed. */
UNALLOC_EXPORT const struct unalloc_definition *
unalloc_policy_definition(const struct unalloc_policy *policy);

UNALLOC_EXPORT size_t unalloc_policy_rule_count(const struct unalloc_policy *policy);
/** The i-th rule, borrowed; NULL when out of range. */
UNALLOC_EXPORT const struct unalloc_rule *unalloc_policy_rule(const struct unalloc_policy *policy,
                                                              size_t i);

UNALLOC_EXPORT size_t unalloc_policy_report_count(const struct unalloc_policy *policy);
/** The i-th report, borrowed; NULL when out of range. */
UNALLOC_EXPORT const struct unalloc_report_spec *
unalloc_policy_report(const struct unalloc_policy *policy, size_t i);

/** The caseload limit, borrowed; NULL when the policy has none. */
UNALLOC_EXPORT const struct unalloc_caseload_limit *
unalloc_policy_caseload(const struct unalloc_policy *policy);

/**
 * Formats a clause as "<file>, <section>: “<quote>”".
 * @param[out] out caller frees with unalloc_free().
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_format_clause(char **out, const struct unalloc_policy *policy,
                             const struct unalloc_clause *clause, struct unalloc_error *err);

/**
 * The policy in canonical text form (no comments; parses back to an
 * equivalent policy).
 * @param[out] out NUL-terminated; caller frees with unalloc_free().
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_to_text(char **out, const struct unalloc_policy *policy, struct unalloc_error *err);

/** Frees memory the library handed to the caller (texts). NULL is a no-op. */
UNALLOC_EXPORT void unalloc_free(void *ptr);

/* ---- building a policy in C ---------------------------------------------- */

/** Starts a policy. @p id: letters, digits, '-', '.', '_'. */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_new(struct unalloc_policy_builder **out, const char *id,
                           struct unalloc_error *err);
UNALLOC_EXPORT void unalloc_policy_builder_free(struct unalloc_policy_builder *builder);

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_title(struct unalloc_policy_builder *builder, const char *title,
                                 struct unalloc_error *err);

/** Declares a source document under a short key that clauses refer to. */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_document(struct unalloc_policy_builder *builder, const char *key,
                                    const char *file, const char *title,
                                    struct unalloc_error *err);

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_region(struct unalloc_policy_builder *builder,
                                  enum unalloc_region region, struct unalloc_error *err);

/** @param[in] date NULL when the document states no review date; then
 *  @p reason says so (e.g. "the review date is left blank"). */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_review_date(struct unalloc_policy_builder *builder,
                                       const struct unalloc_date *date, const char *reason,
                                       struct unalloc_error *err);

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_definition(struct unalloc_policy_builder *builder,
                                      const struct unalloc_definition *definition,
                                      struct unalloc_error *err);

/** Adds a rule; its id must be new, an anchor_rule must name an earlier rule. */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_rule(struct unalloc_policy_builder *builder,
                                const struct unalloc_rule *rule, struct unalloc_error *err);

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_check(struct unalloc_policy_builder *builder,
                                 const struct unalloc_check *check, struct unalloc_error *err);

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_report(struct unalloc_policy_builder *builder,
                                  const struct unalloc_report_spec *report,
                                  struct unalloc_error *err);

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_caseload(struct unalloc_policy_builder *builder,
                                    const struct unalloc_caseload_limit *limit,
                                    struct unalloc_error *err);

/**
 * Checks the policy is complete (title, a document, region, review date,
 * definition with a clause) and builds it. The builder may be reused.
 * @param[out] out caller frees with unalloc_policy_free().
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_build(struct unalloc_policy **out,
                             const struct unalloc_policy_builder *builder,
                             struct unalloc_error *err);

UNALLOC_END_DECLS

#endif /* UNALLOC_POLICY_H */
