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
 *
 * @since 1.0
 */

/** A policy (opaque, immutable).
 *  @since 1.0 */
struct unalloc_policy;
/** A policy under construction (opaque).
 *  @since 1.0 */
struct unalloc_policy_builder;

/** What a rule yields when it is an obligation. Names as in the policy text.
 *  @since 1.0 */
enum unalloc_obligation_kind {
    UNALLOC_OBLIGATION_REVIEW = 0,
    UNALLOC_OBLIGATION_OVERSIGHT = 1,
    UNALLOC_OBLIGATION_LETTER_FAMILY = 2,
    UNALLOC_OBLIGATION_LETTER_CHILD = 3,
    UNALLOC_OBLIGATION_AGENCIES_INFORMED = 4,
    UNALLOC_OBLIGATION_CONTACT = 5,
    UNALLOC_OBLIGATION_VISIT = 6,
    UNALLOC_OBLIGATION_CASE_SUMMARY = 7,
    UNALLOC_OBLIGATION_SUPERVISION = 8,
    UNALLOC_OBLIGATION_REFLECTIVE_SUPERVISION = 9,
    UNALLOC_OBLIGATION_RATING = 10,
    UNALLOC_OBLIGATION_RATING_REVIEW = 11,
    UNALLOC_OBLIGATION_AD_AGREEMENT = 12,
    UNALLOC_OBLIGATION_DCS_INFORMED = 13,
    UNALLOC_OBLIGATION_ALLOCATE_TO_ATM = 14,
    UNALLOC_OBLIGATION_RISK_ASSESSMENT = 15,
    UNALLOC_OBLIGATION_REALLOCATE = 16,
    UNALLOC_OBLIGATION_REPORT = 17,
};
/** One more than the last value of enum unalloc_obligation_kind in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_OBLIGATION_COUNT_ (UNALLOC_OBLIGATION_REPORT + 1)

/** When a rule's clock starts (`from` in the policy text).
 *  @since 1.0 */
enum unalloc_anchor {
    UNALLOC_ANCHOR_OPENED = 0,    /**< the episode's `opened` */
    UNALLOC_ANCHOR_SPELL = 1,     /**< the start of each unallocated spell */
    UNALLOC_ANCHOR_THRESHOLD = 2, /**< the moment each spell crosses the unallocated threshold */
    UNALLOC_ANCHOR_HOLDING = 3,   /**< the first moment in a spell that a role is held */
    UNALLOC_ANCHOR_ABSENCE = 4,   /**< the start of each absence of an allocated worker */
    UNALLOC_ANCHOR_MET = 5,       /**< the moment another rule's first occurrence was met */
    UNALLOC_ANCHOR_MISSED = 6,    /**< the due moment of another rule's first occurrence, if it was missed */
    UNALLOC_ANCHOR_CONCERN = 7,   /**< the first `concern-raised` in each unallocated spell */
};
/** One more than the last value of enum unalloc_anchor in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_ANCHOR_COUNT_ (UNALLOC_ANCHOR_CONCERN + 1)

/** How long a rule's occurrences stay owed (`while`). An occurrence due after
 *  its window has closed is not owed; one already due stays on record, and
 *  no event after the window's end meets it.
 *  @since 1.0 */
enum unalloc_window {
    UNALLOC_WINDOW_DEFAULT = 0, /**< the anchor's natural window (see doc/policy-format.md) */
    UNALLOC_WINDOW_SPELL = 1,
    UNALLOC_WINDOW_EPISODE = 2,
    UNALLOC_WINDOW_HOLDING = 3, /**< until the anchor's role stops being held, or the spell ends */
    UNALLOC_WINDOW_ABSENCE = 4,
};
/** One more than the last value of enum unalloc_window in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_WINDOW_COUNT_ (UNALLOC_WINDOW_ABSENCE + 1)

/** "at least N" (count >= N) or "more than N" (count > N).
 *  @since 1.0 */
enum unalloc_comparison {
    UNALLOC_COMPARISON_AT_LEAST = 0, /**< "at-least": count >= N */
    UNALLOC_COMPARISON_MORE_THAN = 1 /**< "more-than": count > N */
};

/** How long a case must go without a holder (or a worker be absent) before it
 *  counts: `at-least N UNIT` or `more-than N UNIT`.
 *  @since 1.0 */
struct unalloc_threshold {
    enum unalloc_comparison comparison; /**< at least, or more than */
    struct unalloc_duration duration;   /**< N UNIT */
};

/** Where a rule comes from: a document declared with
 *  unalloc_policy_builder_add_document() (by its key), a section heading, and
 *  the phrase quoted from it. Strings are copied by the builder; in a built
 *  policy they are borrowed from it.
 *  @since 1.0 */
struct unalloc_clause {
    const char *document; /**< the key of a document of the policy */
    const char *section;  /**< the section heading, as the document writes it */
    const char *quote;    /**< the phrase quoted (elisions as "...") */
};

/** Where a rule's timing comes from. Names: "document", "local".
 *  @since 1.0 */
enum unalloc_basis {
    UNALLOC_BASIS_DOCUMENT = 0, /**< the quoted clause states the timing */
    UNALLOC_BASIS_LOCAL = 1,    /**< the document states none (or a council changed the
                                 document's reading): a named setting supplies it */
};
/** One more than the last value of enum unalloc_basis in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_BASIS_COUNT_ (UNALLOC_BASIS_LOCAL + 1)


/** What a setting stands for.
 *  @since 1.0 */
enum unalloc_setting_kind {
    UNALLOC_SETTING_LOCAL = 0,   /**< the document states no time; this is the policy's choice */
    UNALLOC_SETTING_READING = 1, /**< the document states the time; its words allow two readings
                                  and this setting picks one (the earlier by default) */
};
/** One more than the last value of enum unalloc_setting_kind in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_SETTING_KIND_COUNT_ (UNALLOC_SETTING_READING + 1)

/** A named timing a council may change (`setting` in the policy text).
 *  Strings are borrowed from the policy.
 *  @since 1.0 */
struct unalloc_setting {
    const char *name;                       /**< e.g. "risk-assessment-within" */
    enum unalloc_setting_kind kind;         /**< local, or a reading of the document */
    struct unalloc_duration value;          /**< in force */
    struct unalloc_duration default_value;  /**< as the policy text declares it */
    const char *meaning;                    /**< what it is, in a sentence */
};

/** An event that satisfies an obligation. For events whose detail is an actor
 *  role (oversight, review, ...) @p roles lists the acceptable actors, and an
 *  event with no actor recorded is accepted, with a note on the occurrence and
 *  a warning on the result naming the actor it was taken to be (the first role
 *  listed for that event kind); for `allocated`, `deallocated` and `escalated`
 *  @p roles lists the roles. 0 means any. An event meets an occurrence only
 *  from the occurrence's start to the end of its window: one after the end
 *  belongs to the period it falls in (doc/policy-format.md, met-by).
 *  @since 1.0 */
struct unalloc_met_by {
    enum unalloc_event_kind kind; /**< the event kind that meets it */
    unsigned roles; /**< bit (1u << enum unalloc_role) per role */
};

/**
 * **The structs the builder reads** (struct unalloc_rule, unalloc_definition,
 * unalloc_check, unalloc_report_spec, unalloc_caseload_limit) start with
 * `unsigned int version`. Start each from its `_INIT` macro (C) or its
 * `_init()` function (C++ and other languages): the version is set and every
 * other field is zero, and zero means "no condition" or the default for every
 * field (each field's comment says what its zero means). The builder reads a
 * struct as its version describes it, so a caller built against this header
 * keeps working when a later version adds fields at the end; it refuses
 * version 0 (a struct filled with memset and never initialised) and a version
 * newer than the library with UNALLOC_E_INVALID. The structs the policy hands
 * back (unalloc_policy_rule() etc.) carry the library's version.
 */

/** Maximum number of met-by alternatives in one rule. @since 1.0 */
#define UNALLOC_MAX_MET_BY 8

/** Most rules one policy may hold; one more is UNALLOC_E_LIMIT (a policy
 *  text of at most UNALLOC_POLICY_MAX_BYTES holds far fewer).
 *  @since 1.0 */
#define UNALLOC_MAX_RULES 1000

/** Version of struct unalloc_rule this header describes. */
#define UNALLOC_RULE_VERSION 1

/** A rule. Strings are copied by unalloc_policy_builder_add_rule(). Zero in a
 *  field means: no condition, not recurring, no note, the default window.
 *  @since 1.0 */
struct unalloc_rule {
    unsigned int version;                     /**< UNALLOC_RULE_VERSION */
    const char *id;                           /**< unique in the policy: letters, digits, '-', '.', '_' */
    struct unalloc_clause clause;             /**< the clause it implements (required) */
    bool escalation;                          /**< yields an escalation, not an obligation */
    enum unalloc_obligation_kind obligation;  /**< when !escalation (zero: a review) */
    enum unalloc_role escalate_to;            /**< when escalation */
    enum unalloc_anchor anchor;               /**< zero: from the episode's opening */
    enum unalloc_role anchor_role;            /**< UNALLOC_ANCHOR_HOLDING */
    bool anchor_or_threshold;                 /**< HOLDING: the threshold crossing when the role is
                                                   not held in the spell (a missing allocation never
                                                   stops the clock; a late one does not move it earlier) */
    const char *anchor_rule;                  /**< UNALLOC_ANCHOR_MET / _MISSED: an earlier rule's id */
    bool has_due;                             /**< @c due is set (one-off rules need it) */
    struct unalloc_duration due;              /**< offset from the anchor */
    bool due_is_day;                          /**< "day N": the anchor's day is day 1 */
    bool recurring;                           /**< `every`: each occurrence one interval after
                                                   the previous one was met */
    struct unalloc_duration every;            /**< recurring interval */
    bool opens_at_due;                        /**< only events at or after the due moment satisfy it */
    struct unalloc_met_by met_by[UNALLOC_MAX_MET_BY]; /**< the events that meet an obligation */
    size_t n_met_by;                          /**< entries used in @c met_by (obligations: 1 or more;
                                                   escalations: 0) */
    enum unalloc_window window;               /**< `while`; zero: the anchor's own window */
    unsigned if_categories;                   /**< bit per enum unalloc_category; 0 = any */
    bool if_holding;                          /**< owed only while @c if_holding_role is held at the
                                                   anchor */
    enum unalloc_role if_holding_role;        /**< with @c if_holding */
    int if_age_at_least;                      /**< 1-120: owed only to a child of at least
                                                   this age at the due date; 0: no age
                                                   condition */
    unsigned if_ratings;                      /**< bit per enum unalloc_rating; 0 = any */
    const char *note;                         /**< the reading chosen, or NULL */
    bool has_unless;                          /**< `unless KIND`: an event of this kind recorded in
                                                   the period before a one-off occurrence's due
                                                   moment means it is not owed */
    enum unalloc_event_kind unless_kind;      /**< with @c has_unless */
    bool counts_early;                        /**< MISSED: an event from the missed rule's own start
                                                   counts (an explanation recorded in advance) */
    const char *due_setting;                  /**< when set, `due` is this setting's value */
    const char *every_setting;                /**< when set, `every` is this setting's value */
    /** Set by the builder (ignored on input): UNALLOC_BASIS_LOCAL when the
     *  rule's timing is a `local` setting, or a `reading` setting changed from
     *  its default; else UNALLOC_BASIS_DOCUMENT. */
    enum unalloc_basis basis;
};

/** Version of struct unalloc_definition this header describes. */
#define UNALLOC_DEFINITION_VERSION 1

/** When a case counts as unallocated. Zero in a flag or a duration means the
 *  condition does not apply (no absence rule, no merging of spells).
 *  @since 1.0 */
struct unalloc_definition {
    unsigned int version;                     /**< UNALLOC_DEFINITION_VERSION */
    unsigned allocated_roles;                 /**< roles whose holder makes a case allocated */
    unsigned scope;                           /**< categories the policy covers */
    struct unalloc_threshold unallocated;     /**< time without such a holder */
    struct unalloc_clause unallocated_clause; /**< the clause of @c unallocated (required) */
    bool has_absence;                         /**< an allocated worker's absence counts too */
    struct unalloc_threshold absence;         /**< with @c has_absence: how long an absence lasts
                                                   before it counts */
    struct unalloc_clause absence_clause;     /**< with @c has_absence */
    struct unalloc_duration merge_within;     /**< spells separated by a shorter allocation merge */
    bool needs_named_worker;                  /**< cin-criteria: only once a named worker is needed */
    struct unalloc_clause criteria_clause;    /**< with @c needs_named_worker */
    bool list_while_assessing;                /**< show duty-held, not-yet-assessed cases separately */
    bool leavers_unallocated;                 /**< a worker who has left (`worker-absent left`)
                                                   leaves the case to unallocated-after, counted
                                                   from the day the worker left */
    struct unalloc_clause leavers_clause;     /**< with @c leavers_unallocated */
};

/** Checks that add warnings to results.
 *  @since 1.0 */
enum unalloc_check_kind {
    UNALLOC_CHECK_CONSISTENT_WORKER = 0, /**< the holder of @p role changes within a spell */
    UNALLOC_CHECK_ASSIGNED = 1,          /**< no holder of @p role once a spell has crossed its threshold */
    UNALLOC_CHECK_CHAIR_NOT = 2,         /**< a statutory meeting chaired by @p role */
    UNALLOC_CHECK_RATINGS = 3,           /**< a rating outside @p ratings */
};
/** One more than the last value of enum unalloc_check_kind in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_CHECK_COUNT_ (UNALLOC_CHECK_RATINGS + 1)

/** Version of struct unalloc_check this header describes. */
#define UNALLOC_CHECK_VERSION 1

/** A check (`check` in the policy text). Strings are copied by the builder.
 *  @since 1.0 */
struct unalloc_check {
    unsigned int version;         /**< UNALLOC_CHECK_VERSION */
    enum unalloc_check_kind kind; /**< what is checked */
    enum unalloc_role role;       /**< the role checked (not for UNALLOC_CHECK_RATINGS) */
    unsigned ratings;             /**< UNALLOC_CHECK_RATINGS: the scale, a bit per enum
                                       unalloc_rating */
    struct unalloc_clause clause; /**< the clause it implements */
};

/** Forms of aggregate report.
 *  @since 1.0 */
enum unalloc_report_form {
    UNALLOC_REPORT_APPENDIX_1 = 0, /**< counts of children by category per locality */
    UNALLOC_REPORT_REGISTER = 1,   /**< one row per case held unallocated, with its record */
    UNALLOC_REPORT_LIST = 2,       /**< unallocated cases, and those being assessed listed apart */
};
/** One more than the last value of enum unalloc_report_form in this header, for
 *  arrays and loops. Not part of the stable ABI: it grows when a value is
 *  added (at run time, the enum's name function returns NULL past the end). */
#define UNALLOC_REPORT_FORM_COUNT_ (UNALLOC_REPORT_LIST + 1)

/** Version of struct unalloc_report_spec this header describes. */
#define UNALLOC_REPORT_SPEC_VERSION 1

/** A report the policy requires (`report` in the policy text). Strings are
 *  copied by the builder.
 *  @since 1.0 */
struct unalloc_report_spec {
    unsigned int version;      /**< UNALLOC_REPORT_SPEC_VERSION */
    const char *id;            /**< e.g. "weekly-return" */
    struct unalloc_duration every; /**< how often it is due */
    const char *audience;      /**< who receives it, as the document says */
    enum unalloc_report_form form; /**< its layout */
    struct unalloc_clause clause;  /**< the clause it implements */
    const char *every_setting; /**< when set, `every` is this setting's value (a local timing);
                                    NULL: none */
};

/** Version of struct unalloc_caseload_limit this header describes. */
#define UNALLOC_CASELOAD_LIMIT_VERSION 1

/** A caseload limit: at most @c at_most cases in which a worker holds
 *  @c worker_role while @c with_role is also held (NELC: ten ATM cases per
 *  family-support worker). Strings are copied by the builder.
 *  @since 1.0 */
struct unalloc_caseload_limit {
    unsigned int version;          /**< UNALLOC_CASELOAD_LIMIT_VERSION */
    enum unalloc_role worker_role; /**< the worker's role */
    enum unalloc_role with_role;   /**< the role also held in the cases counted */
    int at_most;                   /**< the limit */
    struct unalloc_clause clause;  /**< the clause it implements */
};

/** Initialisers: the version set, every other field zero. Designated
 *  initialisers, so C only; from C++ call the `_init()` functions.
 *  @since 1.0 */
#define UNALLOC_RULE_INIT { .version = UNALLOC_RULE_VERSION }
/** As UNALLOC_RULE_INIT, for struct unalloc_definition. @since 1.0 */
#define UNALLOC_DEFINITION_INIT { .version = UNALLOC_DEFINITION_VERSION }
/** As UNALLOC_RULE_INIT, for struct unalloc_check. @since 1.0 */
#define UNALLOC_CHECK_INIT { .version = UNALLOC_CHECK_VERSION }
/** As UNALLOC_RULE_INIT, for struct unalloc_report_spec. @since 1.0 */
#define UNALLOC_REPORT_SPEC_INIT { .version = UNALLOC_REPORT_SPEC_VERSION }
/** As UNALLOC_RULE_INIT, for struct unalloc_caseload_limit. @since 1.0 */
#define UNALLOC_CASELOAD_LIMIT_INIT { .version = UNALLOC_CASELOAD_LIMIT_VERSION }

/**
 * Sets every field of @p rule to zero and its version to @p version, as
 * UNALLOC_RULE_INIT does (libgit2's git_checkout_options_init() pattern).
 * @param[out] rule the struct to initialise (caller-owned).
 * @param[in] version UNALLOC_RULE_VERSION: the version the caller was built
 *            against.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for a NULL struct, version 0 or a
 *         version newer than the library's (the struct is then untouched).
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_rule_init(struct unalloc_rule *rule, unsigned int version, struct unalloc_error *err);
/** As unalloc_rule_init(), for UNALLOC_DEFINITION_VERSION.
 *  @param[out] definition the struct to initialise (caller-owned).
 *  @param[in] version UNALLOC_DEFINITION_VERSION.
 *  @errparam
 *  @return as unalloc_rule_init().
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_definition_init(struct unalloc_definition *definition, unsigned int version,
                        struct unalloc_error *err);
/** As unalloc_rule_init(), for UNALLOC_CHECK_VERSION.
 *  @param[out] check the struct to initialise (caller-owned).
 *  @param[in] version UNALLOC_CHECK_VERSION.
 *  @errparam
 *  @return as unalloc_rule_init().
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_check_init(struct unalloc_check *check, unsigned int version, struct unalloc_error *err);
/** As unalloc_rule_init(), for UNALLOC_REPORT_SPEC_VERSION.
 *  @param[out] report the struct to initialise (caller-owned).
 *  @param[in] version UNALLOC_REPORT_SPEC_VERSION.
 *  @errparam
 *  @return as unalloc_rule_init().
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_spec_init(struct unalloc_report_spec *report, unsigned int version,
                         struct unalloc_error *err);
/** As unalloc_rule_init(), for UNALLOC_CASELOAD_LIMIT_VERSION.
 *  @param[out] limit the struct to initialise (caller-owned).
 *  @param[in] version UNALLOC_CASELOAD_LIMIT_VERSION.
 *  @errparam
 *  @return as unalloc_rule_init().
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_caseload_limit_init(struct unalloc_caseload_limit *limit, unsigned int version,
                            struct unalloc_error *err);

/* The names of the enums above (and their parse functions): vocab.h. */

/* ---- parsing and built-ins ---------------------------------------------- */

/** Largest policy text accepted by unalloc_policy_parse(). @since 1.0 */
#define UNALLOC_POLICY_MAX_BYTES (256 * 1024)

/**
 * Parses a policy text (doc/policy-format.md).
 * @param[out] out the policy; caller frees with unalloc_policy_free(). NULL
 *            on failure.
 * @param[in] text UTF-8, need not be NUL-terminated, no NUL bytes. Not kept.
 * @param[in] size its length in bytes.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_PARSE with the line and column of the first
 *         error; UNALLOC_E_LIMIT when larger than UNALLOC_POLICY_MAX_BYTES or
 *         past UNALLOC_MAX_RULES; UNALLOC_E_INVALID for NULL; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_parse(struct unalloc_policy **out, const char *text, size_t size,
                     struct unalloc_error *err);

/** Number of built-in policies.
 *  @return the count (constant).
 *  @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_policy_builtin_count(void);

/** The id of the i-th built-in policy ("protocol-2019", "nelc-2022",
 *  "cin-criteria", "nottingham-tfs-2022").
 *  @param[in] i 0 to unalloc_policy_builtin_count() - 1.
 *  @return a static string; NULL when @p i is out of range.
 *  @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_policy_builtin_id(size_t i);

/** The text of a built-in policy, with its comments.
 *  @param[in] id a built-in policy's id.
 *  @return a static NUL-terminated string; NULL for an unknown id or NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_policy_builtin_text(const char *id);

/**
 * Parses a built-in policy.
 * @param[out] out the policy; caller frees with unalloc_policy_free(). NULL
 *            on failure.
 * @param[in] id a built-in policy's id (unalloc_policy_builtin_id()).
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_NOT_FOUND (listing the ids) for an unknown
 *         id; UNALLOC_E_INVALID for NULL; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builtin(struct unalloc_policy **out, const char *id, struct unalloc_error *err);

/** Frees a policy. Results evaluated under it hold their own reference and
 *  stay valid.
 *  @param[in] policy the policy; NULL is a no-op.
 *  @since 1.0
 */
UNALLOC_EXPORT void unalloc_policy_free(struct unalloc_policy *policy);

/* ---- reading a policy ---------------------------------------------------- */

/** The policy's id.
 *  @param[in] policy the policy.
 *  @return borrowed; lives as long as the policy. NULL for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_policy_id(const struct unalloc_policy *policy);
/** The policy's title (its document's).
 *  @param[in] policy the policy.
 *  @return borrowed; lives as long as the policy. NULL for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_policy_title(const struct unalloc_policy *policy);
/** The policy's region: the calendar to evaluate it on.
 *  @param[in] policy the policy.
 *  @return the region; UNALLOC_REGION_UNKNOWN for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_region unalloc_policy_region(const struct unalloc_policy *policy);

/** The policy's review date.
 *  @param[in] policy the policy.
 *  @param[out] out the date, when there is one; else untouched.
 *  @return true when the document states a review date; false (and @p out
 *   untouched) when it states none, or for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT bool unalloc_policy_review_date(const struct unalloc_policy *policy,
                                               struct unalloc_date *out);

/** 16 hex digits identifying the policy's content (a hash of its canonical
 *  text, so comments and layout do not change it; it covers the settings in
 *  force).
 *  @param[in] policy the policy.
 *  @return borrowed; lives as long as the policy. NULL for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_policy_hash(const struct unalloc_policy *policy);

/** When a case counts as unallocated under the policy.
 *  @param[in] policy the policy.
 *  @return borrowed; lives as long as the policy. NULL for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_definition *
unalloc_policy_definition(const struct unalloc_policy *policy);

/** Number of rules, obligations and escalations, in the order of the text.
 *  @param[in] policy the policy.
 *  @return the count; 0 for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_policy_rule_count(const struct unalloc_policy *policy);
/** One rule of the policy.
 *  @param[in] policy the policy.
 *  @param[in] i 0 to unalloc_policy_rule_count() - 1.
 *  @return borrowed; lives as long as the policy. NULL when out of range.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_rule *unalloc_policy_rule(const struct unalloc_policy *policy,
                                                              size_t i);

/** Number of reports (returns) the policy requires.
 *  @param[in] policy the policy.
 *  @return the count; 0 for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_policy_report_count(const struct unalloc_policy *policy);
/** One report of the policy.
 *  @param[in] policy the policy.
 *  @param[in] i 0 to unalloc_policy_report_count() - 1.
 *  @return borrowed; lives as long as the policy. NULL when out of range.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_report_spec *
unalloc_policy_report(const struct unalloc_policy *policy, size_t i);

/** Number of settings, in the order declared.
 *  @param[in] policy the policy.
 *  @return the count; 0 for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT size_t unalloc_policy_setting_count(const struct unalloc_policy *policy);
/** One setting of the policy, with the value in force.
 *  @param[in] policy the policy.
 *  @param[in] i 0 to unalloc_policy_setting_count() - 1.
 *  @return borrowed; lives as long as the policy. NULL when out of range.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_setting *
unalloc_policy_setting(const struct unalloc_policy *policy, size_t i);

/**
 * A copy of @p policy with some settings changed (a council's local
 * timings): the original is untouched; rules naming a changed setting take
 * its new value, and the copy's hash covers the values in force.
 * @param[out] out the new policy; caller frees with unalloc_policy_free().
 *            NULL on failure.
 * @param[in] policy the policy to copy.
 * @param[in] names setting names, as declared by the policy.
 * @param[in] values "N UNIT" (e.g. "3 working-days"; units as in the policy
 *            text), one per name.
 * @param[in] n the number of names and values.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_NOT_FOUND for a name the policy does not
 *         declare (listing the names it does); UNALLOC_E_INVALID for a bad
 *         value or NULL; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_with_settings(struct unalloc_policy **out, const struct unalloc_policy *policy,
                             const char *const *names, const char *const *values, size_t n,
                             struct unalloc_error *err);

/** The policy's caseload limit.
 *  @param[in] policy the policy.
 *  @return borrowed; lives as long as the policy. NULL when the policy has
 *   none, or for NULL.
 *  @since 1.0
 */
UNALLOC_EXPORT const struct unalloc_caseload_limit *
unalloc_policy_caseload(const struct unalloc_policy *policy);

/**
 * Formats a clause as "TITLE, SECTION: “QUOTE”", naming the document by the
 * title its `document` statement gives.
 * @param[out] out NUL-terminated; caller frees with unalloc_free(). NULL on
 *            failure.
 * @param[in] policy the policy whose documents the clause cites.
 * @param[in] clause a clause of the policy.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL or a clause citing no
 *         document of the policy; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_format_clause(char **out, const struct unalloc_policy *policy,
                             const struct unalloc_clause *clause, struct unalloc_error *err);

/**
 * The policy in canonical text form (no comments; parses back to an
 * equivalent policy).
 * @param[out] out NUL-terminated; caller frees with unalloc_free(). NULL on
 *            failure.
 * @param[in] policy the policy.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_to_text(char **out, const struct unalloc_policy *policy, struct unalloc_error *err);

/* Texts the library hands out are freed with unalloc_free() (common.h). */

/* ---- building a policy in C ---------------------------------------------- */

/** Starts a policy. A builder belongs to one thread.
 *  @param[out] out the builder; caller frees with
 *   unalloc_policy_builder_free(). NULL on failure.
 *  @param[in] id the policy's id: letters, digits, '-', '.', '_' (copied).
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a bad id; UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_new(struct unalloc_policy_builder **out, const char *id,
                           struct unalloc_error *err);
/** Frees a builder. Policies built from it stay valid.
 *  @param[in] builder the builder; NULL is a no-op.
 *  @since 1.0
 */
UNALLOC_EXPORT void unalloc_policy_builder_free(struct unalloc_policy_builder *builder);

/** Sets the policy's title (required).
 *  @param[in,out] builder the builder.
 *  @param[in] title the document's title (copied).
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for NULL or a bad string;
 *   UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_title(struct unalloc_policy_builder *builder, const char *title,
                                 struct unalloc_error *err);

/** Declares a source document under a short key that clauses refer to (at
 *  least one is required).
 *  @param[in,out] builder the builder.
 *  @param[in] key the key clauses cite (unique in the policy).
 *  @param[in] file the file the document is kept in (doc/sources/).
 *  @param[in] title the title results name it by.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for NULL, a bad string or a key
 *   declared twice; UNALLOC_E_NOMEM. Strings are copied.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_document(struct unalloc_policy_builder *builder, const char *key,
                                    const char *file, const char *title,
                                    struct unalloc_error *err);

/** Sets the region whose calendar counts the policy's working days (required).
 *  @param[in,out] builder the builder.
 *  @param[in] region a region.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a value not in the enum.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_region(struct unalloc_policy_builder *builder,
                                  enum unalloc_region region, struct unalloc_error *err);

/** Sets the policy's review date (required, or its absence with a reason).
 *  @param[in,out] builder the builder.
 *  @param[in] date NULL when the document states no review date; then
 *  @p reason says so (e.g. "the review date is left blank").
 *  @param[in] reason with a NULL @p date, why (copied); else ignored.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for an impossible date or a missing
 *   reason; UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_review_date(struct unalloc_policy_builder *builder,
                                       const struct unalloc_date *date, const char *reason,
                                       struct unalloc_error *err);

/** Sets when a case counts as unallocated (required).
 *  @param[in,out] builder the builder.
 *  @param[in] definition from UNALLOC_DEFINITION_INIT or
 *   unalloc_definition_init(), then filled; read as its version describes it;
 *   strings copied.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a version 0 or newer than the
 *   library's, a missing clause, or a value out of range; UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_definition(struct unalloc_policy_builder *builder,
                                      const struct unalloc_definition *definition,
                                      struct unalloc_error *err);

/** Declares a setting (its value is @p default_value); rules name it in
 *  due_setting / every_setting, after it is declared. @p name: letters,
 *  digits, '-', '.', '_'.
 *  @param[in,out] builder the builder.
 *  @param[in] name the setting's name (copied).
 *  @param[in] kind local (the document states no time) or reading.
 *  @param[in] default_value its value unless a council changes it.
 *  @param[in] meaning what it is, in a sentence (copied; required).
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a bad name, a name declared
 *   twice, a bad kind or value, or a missing meaning; UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_setting(struct unalloc_policy_builder *builder, const char *name,
                                   enum unalloc_setting_kind kind,
                                   struct unalloc_duration default_value, const char *meaning,
                                   struct unalloc_error *err);

/** Adds a rule; its id must be new, an anchor_rule must name an earlier rule.
 *  @param[in,out] builder the builder.
 *  @param[in] rule from UNALLOC_RULE_INIT or unalloc_rule_init(), then
 *   filled; read as its version describes it; strings copied.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a version 0 or newer than the
 *   library's, or a rule that is incomplete or inconsistent (the message
 *   names the rule and the field); UNALLOC_E_LIMIT past UNALLOC_MAX_RULES;
 *   UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_rule(struct unalloc_policy_builder *builder,
                                const struct unalloc_rule *rule, struct unalloc_error *err);

/** Adds a check.
 *  @param[in,out] builder the builder.
 *  @param[in] check from UNALLOC_CHECK_INIT or unalloc_check_init(), then
 *   filled; read as its version describes it; strings copied.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a version 0 or newer than the
 *   library's, or a bad kind, role or clause; UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_check(struct unalloc_policy_builder *builder,
                                 const struct unalloc_check *check, struct unalloc_error *err);

/** Adds a report (a return) the policy requires.
 *  @param[in,out] builder the builder.
 *  @param[in] report from UNALLOC_REPORT_SPEC_INIT or
 *   unalloc_report_spec_init(), then filled; read as its version describes
 *   it; strings copied.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a version 0 or newer than the
 *   library's, a bad id, form, interval or clause, or an id used twice;
 *   UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_add_report(struct unalloc_policy_builder *builder,
                                  const struct unalloc_report_spec *report,
                                  struct unalloc_error *err);

/** Sets the policy's caseload limit (at most one).
 *  @param[in,out] builder the builder.
 *  @param[in] limit from UNALLOC_CASELOAD_LIMIT_INIT or
 *   unalloc_caseload_limit_init(), then filled; read as its version
 *   describes it; strings copied.
 *  @errparam
 *  @return UNALLOC_OK; UNALLOC_E_INVALID for a version 0 or newer than the
 *   library's, or a bad role, limit or clause; UNALLOC_E_NOMEM.
 *  @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_set_caseload(struct unalloc_policy_builder *builder,
                                    const struct unalloc_caseload_limit *limit,
                                    struct unalloc_error *err);

/**
 * Checks the policy is complete (title, a document, region, review date,
 * definition with a clause) and builds it. The builder may be reused.
 * @param[out] out the policy; caller frees with unalloc_policy_free(). NULL
 *            on failure.
 * @param[in] builder the builder (unchanged).
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID naming what is missing or
 *         inconsistent; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builder_build(struct unalloc_policy **out,
                             const struct unalloc_policy_builder *builder,
                             struct unalloc_error *err);

UNALLOC_END_DECLS

#endif /* UNALLOC_POLICY_H */
