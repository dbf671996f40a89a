/*
 * libunalloc: evaluation results (internal layout, shared with the
 * serialisers and the aggregate reports).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_EVALUATE_PRIVATE_H
#define UNALLOC_EVALUATE_PRIVATE_H

#include <stdatomic.h>

#include "private.h"

/* A warning or note: a code and its arguments, rendered to text only when
 * output asks for it (ua_warning_render). Strings are owned by the result. */
/* (warn() in evaluate.c copies it field by field: a field added here is
 * added there.) */
struct ua_warning {
    enum unalloc_warning_code code;
    int rule;          /* policy rule index, or -1 */
    int check;         /* policy check index, or -1 */
    int role;          /* enum unalloc_role, or -1 */
    int value;         /* a rating, an event kind..., or -1 */
    int64_t at, at2;   /* moments (minutes), or INT64_MIN */
    bool timed, timed2;
    const char *s1, *s2;
};

/* An occurrence as the engine keeps it: moments in minutes, the rule by
 * index. The public struct unalloc_occurrence (civil dates, the rule's
 * names) is built from it only when a caller asks (ua_result_occurrences). */
enum {
    UA_OCC_START_TIMED = 1 << 0,
    UA_OCC_DUE_TIMED = 1 << 1,
    UA_OCC_MET_TIMED = 1 << 2,
    UA_OCC_MET = 1 << 3,
    UA_OCC_LATE = 1 << 4,
    UA_OCC_ON_RECORD = 1 << 5
};

/* An occurrence's state is not kept: it is met (UA_OCC_MET), or taken from
 * its due moment and the result's as-of when read (ua_occ_state()), so that
 * the results of a series share one array.
 * 24 bytes (made once per occurrence, copied once more into the result):
 * - the moments are minutes since 1970-01-01 00:00 in 32 bits: every moment
 *   an occurrence holds is checked to lie in 1900-2199 (UA_DAYS_MIN to
 *   UA_DAYS_MAX), under 2^27 minutes either side (lib/evaluate.c asserts it);
 * - the rule is an index below UNALLOC_MAX_RULES;
 * - the note is a code, an index into its rule's notes (struct ua_rule's
 *   note, lib/policy-private.h: 0 for none). */
struct ua_occ {
    int32_t start, due, met_at; /* minutes (met_at 0 when not met) */
    int32_t number, spell;
    uint16_t rule;              /* index into the policy's rules */
    uint8_t flags;              /* UA_OCC_* */
    uint8_t note;               /* its rule's note[note] (UA_NOTE_*) */
};

/* Results are made in groups (lib/evaluate.c, finish()), one allocation
 * each: a result evaluated in full (the base) and those a series restates
 * from it (`shared` points at the base). The block holds the base (this
 * struct, then the arrays its three vectors point into, then its strings:
 * case id, locality, holders, the warnings' workers), then each restated
 * result, made in place: its struct and room for its escalation levels,
 * then two rooms for warnings (lib/evaluate.c, WARNING_ROOMS). A restated
 * result has no strings of its own: its occurrences are the base's array,
 * its case id, locality, holders and warnings point at the base's strings,
 * and its escalation levels and warnings are the array of the result
 * before it in the group (the base's at first) unless its as-of changes
 * them. The block is counted (the base's
 * refs): one reference per result of the group, and the last
 * unalloc_result_free() frees it, with the base's reference to the policy.
 * Read-only once made, but for the two caches built on request, which each
 * result owns and frees with its handle. */
struct unalloc_result {
    struct unalloc_case_result pub;
    struct ua_vec occ;      /* struct ua_occ, in output order */
    /* The public occurrences, built on first request and published once. */
    _Atomic(struct unalloc_occurrence *) occ_pub;
    struct ua_vec esc;      /* struct unalloc_escalation_level */
    struct ua_vec warnings; /* struct ua_warning */
    /* The rendered warnings, built on first request and published once. */
    _Atomic(char **) warning_text;
    /* The policy (rule ids, clauses and notes are borrowed): a base holds a
     * reference to it, a restated result its base's. */
    const struct unalloc_policy *policy;
    /* For the reports: who held each role at as-of (NULL if nobody), an
     * array of UNALLOC_ROLE_COUNT_ in the base's block (a restated result
     * points at its base's), or a static one of NULLs when nobody did. A
     * pointer, not the array: a restatement copies 104 bytes less. */
    const char *const *holder;
    /* The as-of (the last minute included, and its day), for the states. */
    int64_t as_of_t;
    int32_t as_of_day;
    bool as_of_timed;
    /* The base whose block this result borrows from, or NULL (it is one). */
    struct unalloc_result *shared;
    /* A base's: one reference per result of its group (its own included). */
    _Atomic size_t refs;
};

/* The state of occurrence o of r at r's as-of. */
enum unalloc_state ua_occ_state(const struct unalloc_result *r, const struct ua_occ *o);

/* The public occurrences of r (built on first call; thread-safe), or NULL
 * when memory runs out (or r has none). */
const struct unalloc_occurrence *ua_result_occurrences(const struct unalloc_result *r);

/* The texts of r's warnings (built on first call; thread-safe; a result
 * restated in a series borrows its base's), or NULL when memory runs out. */
char **ua_result_texts(const struct unalloc_result *r);

/* Appends warning i of r as text. */
void ua_warning_render(struct ua_text *out, const struct unalloc_result *r, size_t i);
/* The policy's own warning as of a day (UNALLOC_WARNING_NONE if none), and
 * its text: the same for every case (the run-level record carries it). */
enum unalloc_warning_code ua_policy_warning(const struct unalloc_policy *pol, int32_t as_of_day);
void ua_policy_warning_render(struct ua_text *out, const struct unalloc_policy *pol,
                              enum unalloc_warning_code code);

/* One row of the obligations table: an occurrence, or an escalation level
 * (kind "escalation"), with the values every output format writes for it
 * (lib/format.c's CSV and JSON, lib/columns.c's typed columns). */
struct ua_orow {
    const char *kind, *role, *rule, *clause, *basis, *state, *note;
    struct unalloc_moment start, due, met_at;
    bool has_start, met, late, has_spell, on_record;
    int occurrence, spell;
};
void ua_orow_occurrence(struct ua_orow *row, const struct unalloc_occurrence *o);
void ua_orow_level(struct ua_orow *row, const struct unalloc_case_result *c,
                   const struct unalloc_escalation_level *lv);

/* lib/format.c, shared with lib/columns.c: the codes of the case's own
 * warnings (policy-level ones left out), each once, in code order, separated
 * by a space (nothing appended when there are none); the calendar
 * fingerprint as 16 hex digits; the counts of due and overdue rows. */
void ua_warning_codes(struct ua_text *out, const struct unalloc_result *r);
void ua_fingerprint_hex(char out[17], uint64_t fingerprint);
void ua_count_states(const struct unalloc_result *r, int *due, int *overdue, int *on_record);

/* lib/columns.c: a frame result being built by lib/batch.c. */
struct unalloc_frame_result *ua_columns_new(void);
/* Appends the rows of one result to the cases and occurrences tables, tagged
 * with the index of its as-of date. */
enum unalloc_status ua_columns_add(struct unalloc_frame_result *fr,
                                   const struct unalloc_result *r, size_t slot,
                                   struct unalloc_error *err);
/* Orders the rows by as-of index (stable: by case within a date). */
enum unalloc_status ua_columns_finish(struct unalloc_frame_result *fr, size_t n_slots,
                                      struct unalloc_error *err);
/* The rejects table: its columns, then one row per row set aside. */
enum unalloc_status ua_columns_rejects(struct unalloc_frame_result *fr,
                                       const char *const *names, size_t n,
                                       struct unalloc_error *err);
enum unalloc_status ua_columns_reject(struct unalloc_frame_result *fr, int64_t line,
                                      const char *case_id, int column, const char *reason,
                                      const struct unalloc_frame *f, size_t row,
                                      struct unalloc_error *err);

#endif
