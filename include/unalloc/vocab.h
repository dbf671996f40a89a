/*
 * libunalloc: the vocabulary: the names of every public enum, both ways.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_VOCAB_H
#define UNALLOC_VOCAB_H

#include <stddef.h>

#include <unalloc/calendar.h>
#include <unalloc/case.h>
#include <unalloc/common.h>
#include <unalloc/date.h>
#include <unalloc/error.h>
#include <unalloc/evaluate.h>
#include <unalloc/mapping.h>
#include <unalloc/policy.h>

UNALLOC_BEGIN_DECLS

/**
 * @file vocab.h
 * Every public enum has a name for each value, the word written in event
 * logs, policy texts, mappings, the command line's options and output, and
 * the bindings: `unalloc_X_name(value)` gives it and `unalloc_X_parse(&value,
 * text, err)` reads it back. They come from one set of tables (lib/vocab.c),
 * which the policy parser, the mapping reader, the command line (`unalloc
 * vocabulary`) and the Python package all use.
 *
 * - `unalloc_X_name()` returns a static string, or NULL for a value outside
 *   the enum (so a loop from 0 until NULL finds every value at run time).
 * - `unalloc_X_parse()` takes the name exactly as written (case matters);
 *   on failure @p out is untouched and the error is UNALLOC_E_INVALID,
 *   quoting the text and, where they are few, listing the names.
 *
 * unalloc_status_name() (error.h) names the status codes by their C
 * identifiers; they are not words of the vocabulary and have no parse
 * function.
 *
 * @since 1.0
 */

/* ---- a case's record (case.h) ------------------------------------------------ */

/** The name of an event kind: "worker-absent", ... (the table in case.h).
 *  @namefn{kind}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_event_kind_name(enum unalloc_event_kind kind);
/** Reads the name of an event kind. @parsefn{unalloc_event_kind_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_event_kind_parse(enum unalloc_event_kind *out, const char *text, struct unalloc_error *err);
/** The name of a category: "referral", "single-assessment", "s47", "cin", "cp", "cla", "youth-justice", "early-help".
 *  @namefn{category}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_category_name(enum unalloc_category category);
/** Reads the name of a category. @parsefn{unalloc_category_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_category_parse(enum unalloc_category *out, const char *text, struct unalloc_error *err);
/** The name of a role: "social-worker", "head-of-service", ...
 *  @namefn{role}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_role_name(enum unalloc_role role);
/** Reads the name of a role. @parsefn{unalloc_role_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_role_parse(enum unalloc_role *out, const char *text, struct unalloc_error *err);
/** The name of a rating: "red", "amber", "yellow", "green".
 *  @namefn{rating}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_rating_name(enum unalloc_rating rating);
/** Reads the name of a rating. @parsefn{unalloc_rating_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_rating_parse(enum unalloc_rating *out, const char *text, struct unalloc_error *err);

/* ---- dates and calendars (date.h, calendar.h) ---------------------------------- */

/** The name of a unit: "hours", "days", "working-days", "weeks", "months"; parsing also takes the
 *  singular ("hour", "working-day", ...).
 *  @namefn{unit}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_unit_name(enum unalloc_unit unit);
/** Reads the name of a unit. @parsefn{unalloc_unit_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_unit_parse(enum unalloc_unit *out, const char *text, struct unalloc_error *err);
/** The name of a region: "england-and-wales", "scotland", "northern-ireland" (NULL for UNALLOC_REGION_UNKNOWN).
 *  @namefn{region}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_region_name(enum unalloc_region region);
/** Reads the name of a region. @parsefn{unalloc_region_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_region_parse(enum unalloc_region *out, const char *text, struct unalloc_error *err);
/** The name of a holiday source: "rule", "file", "closure".
 *  @namefn{source}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_holiday_source_name(enum unalloc_holiday_source source);
/** Reads the name of a holiday source. @parsefn{unalloc_holiday_source_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_holiday_source_parse(enum unalloc_holiday_source *out, const char *text,
                             struct unalloc_error *err);
/** The name of a holiday listing's format: "tsv", "csv", "json", "ics"
 *  (unalloc_calendar_append_holidays()).
 *  @namefn{format}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_holiday_format_name(enum unalloc_holiday_format format);
/** Reads the name of a holiday listing's format. @parsefn{unalloc_holiday_format_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_holiday_format_parse(enum unalloc_holiday_format *out, const char *text,
                             struct unalloc_error *err);

/* ---- policies (policy.h) ------------------------------------------------------- */

/** The name of an obligation kind: "review", "letter-family", ...
 *  @namefn{kind}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_obligation_kind_name(enum unalloc_obligation_kind kind);
/** Reads the name of an obligation kind. @parsefn{unalloc_obligation_kind_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_obligation_kind_parse(enum unalloc_obligation_kind *out, const char *text,
                              struct unalloc_error *err);
/** The name of an anchor: "opened", "spell", "threshold", "holding", "absence", "met", "missed", "concern".
 *  @namefn{anchor}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_anchor_name(enum unalloc_anchor anchor);
/** Reads the name of an anchor. @parsefn{unalloc_anchor_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_anchor_parse(enum unalloc_anchor *out, const char *text, struct unalloc_error *err);
/** The name of a window: "default", "spell", "episode", "holding", "absence" (a policy text never
 *  writes "default": it is the window of a rule without `while`).
 *  @namefn{window}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_window_name(enum unalloc_window window);
/** Reads the name of a window. @parsefn{unalloc_window_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_window_parse(enum unalloc_window *out, const char *text, struct unalloc_error *err);
/** The name of a comparison: "at-least", "more-than".
 *  @namefn{comparison}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_comparison_name(enum unalloc_comparison comparison);
/** Reads the name of a comparison. @parsefn{unalloc_comparison_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_comparison_parse(enum unalloc_comparison *out, const char *text,
                         struct unalloc_error *err);
/** The name of a basis: "document", "local".
 *  @namefn{basis}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_basis_name(enum unalloc_basis basis);
/** Reads the name of a basis. @parsefn{unalloc_basis_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_basis_parse(enum unalloc_basis *out, const char *text, struct unalloc_error *err);
/** The name of a setting kind: "local", "reading".
 *  @namefn{kind}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_setting_kind_name(enum unalloc_setting_kind kind);
/** Reads the name of a setting kind. @parsefn{unalloc_setting_kind_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_setting_kind_parse(enum unalloc_setting_kind *out, const char *text,
                           struct unalloc_error *err);
/** The name of a check kind: "consistent-worker", "assigned", "chair-not", "ratings".
 *  @namefn{kind}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_check_kind_name(enum unalloc_check_kind kind);
/** Reads the name of a check kind. @parsefn{unalloc_check_kind_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_check_kind_parse(enum unalloc_check_kind *out, const char *text,
                         struct unalloc_error *err);
/** The name of a report form: "appendix-1", "register", "list".
 *  @namefn{form}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_report_form_name(enum unalloc_report_form form);
/** Reads the name of a report form. @parsefn{unalloc_report_form_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_report_form_parse(enum unalloc_report_form *out, const char *text,
                          struct unalloc_error *err);

/* ---- results (evaluate.h) ------------------------------------------------------- */

/** The name of a case status: "allocated", "pending", "unallocated", "being-assessed", "not-counted",
 *  "out-of-scope", "closed", "not-open".
 *  @namefn{status}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_case_status_name(enum unalloc_case_status status);
/** Reads the name of a case status. @parsefn{unalloc_case_status_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_case_status_parse(enum unalloc_case_status *out, const char *text,
                          struct unalloc_error *err);
/** The name of a state: "pending", "due", "overdue", "met".
 *  @namefn{state}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_state_name(enum unalloc_state state);
/** Reads the name of a state. @parsefn{unalloc_state_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_state_parse(enum unalloc_state *out, const char *text, struct unalloc_error *err);
/** The name of a warning code: "stop-gap", "worker-changed", ... (the names in evaluate.h); NULL for
 *  UNALLOC_WARNING_NONE, which is not a warning.
 *  @namefn{code}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_warning_code_name(enum unalloc_warning_code code);
/** Reads the name of a warning code. @parsefn{unalloc_warning_code_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_warning_code_parse(enum unalloc_warning_code *out, const char *text,
                           struct unalloc_error *err);
/** The name of a table: "occurrences", "cases", "rejects".
 *  @namefn{table}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_table_name(enum unalloc_table table);
/** Reads the name of a table. @parsefn{unalloc_table_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_table_parse(enum unalloc_table *out, const char *text, struct unalloc_error *err);
/** The name of a column type: "text", "int", "bool", "time".
 *  @namefn{type}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_column_type_name(enum unalloc_column_type type);
/** Reads the name of a column type. @parsefn{unalloc_column_type_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_column_type_parse(enum unalloc_column_type *out, const char *text,
                          struct unalloc_error *err);

/* ---- mappings (mapping.h) ---------------------------------------------------------- */

/** The name of a field: "case_id", "at", "event", "detail", "worker", "locality".
 *  @namefn{field}
 *  @since 1.0 */
UNALLOC_EXPORT const char *unalloc_field_name(enum unalloc_field field);
/** Reads the name of a field. @parsefn{unalloc_field_name}
 *  @since 1.0 */
UNALLOC_EXPORT enum unalloc_status
unalloc_field_parse(enum unalloc_field *out, const char *text, struct unalloc_error *err);

/* ---- the vocabulary with its meanings (`unalloc vocabulary`) ------------------------- */

/** One word of a case's vocabulary, with what it means. Static strings.
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

UNALLOC_END_DECLS

#endif /* UNALLOC_VOCAB_H */
