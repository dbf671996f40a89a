/*
 * libunalloc: results as CSV and JSON (in memory; the command line and the
 * bindings write them out), so every face of the library prints the same
 * columns.
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "calendar-private.h"
#include "evaluate-private.h"
#include "policy-private.h"
#include "vocab-private.h"

static void
moment(char *buf, size_t size, const struct unalloc_moment *m)
{
    ua_format_moment(buf, size, *m);
}

/* ---- CSV --------------------------------------------------------------------- */

void
ua_csv_field(struct ua_text *o, const char *s, bool first)
{
    if (!first)
        ua_text_add(o, ",", 1);
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '))) {
        ua_text_add(o, "\"", 1);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                ua_text_add(o, "\"", 1);
            ua_text_add(o, p, 1);
        }
        ua_text_add(o, "\"", 1);
    } else {
        ua_text_puts(o, s);
    }
}

static void
csv_moment(struct ua_text *o, const struct unalloc_moment *m, bool present)
{
    char b[24];
    if (!present) {
        ua_csv_field(o, NULL, false);
        return;
    }
    moment(b, sizeof b, m);
    ua_csv_field(o, b, false);
}

static void
csv_int(struct ua_text *o, int v, bool present)
{
    char b[16];
    if (!present) {
        ua_csv_field(o, NULL, false);
        return;
    }
    snprintf(b, sizeof b, "%d", v);
    ua_csv_field(o, b, false);
}

static const char occ_header[] = "case_id,as_of,policy,kind,role,rule,clause,basis,start,due,state,"
                                 "met_at,late,occurrence,spell,on_record,note\n";
static const char case_header[] =
    "case_id,as_of,policy,policy_hash,calendar_fingerprint,calendar_verified_through,status,"
    "unallocated,unallocated_since,working_days_unallocated,calendar_days_unallocated,category,"
    "locality,rating,rating_age_days,atm_since,escalation_level,escalation_due,escalation_done,"
    "obligations_due_now,obligations_overdue_now,obligations_overdue_on_record,warning_codes\n";

UNALLOC_EXPORT const char *
unalloc_table_header(enum unalloc_table table)
{
    switch (table) {
    case UNALLOC_TABLE_CASES:
        return case_header;
    case UNALLOC_TABLE_OCCURRENCES:
        return occ_header;
    case UNALLOC_TABLE_REJECTS:
        break;
    }
    return NULL;
}

/* ---- shared by every format ---------------------------------------------------- */

static bool
escalation_late(const struct unalloc_escalation_level *lv)
{
    return lv->done && unalloc_datetime_compare(lv->done_at.at, lv->due.at) > 0 &&
           (lv->due.has_time || unalloc_date_compare(lv->done_at.at.date, lv->due.at.date) > 0);
}

void
ua_orow_occurrence(struct ua_orow *w, const struct unalloc_occurrence *oc)
{
    memset(w, 0, sizeof *w);
    w->kind = oc->kind;
    w->role = oc->has_role ? ua_role_names[oc->role] : NULL;
    w->rule = oc->rule;
    w->clause = oc->clause;
    w->basis = unalloc_basis_name(oc->basis);
    w->state = unalloc_state_name(oc->state);
    w->note = oc->note;
    w->start = oc->start;
    w->has_start = true;
    w->due = oc->due;
    w->met = oc->met;
    w->met_at = oc->met_at;
    w->late = oc->late;
    w->occurrence = oc->occurrence;
    w->has_spell = true;
    w->spell = oc->spell;
    w->on_record = oc->on_record;
}

/* An escalation level as an obligation row: from the start of the spell,
 * met by the first `escalated` at its role or above, once, the current
 * spell's (no spell number: levels are not numbered by spell). */
void
ua_orow_level(struct ua_orow *w, const struct unalloc_case_result *c,
              const struct unalloc_escalation_level *lv)
{
    memset(w, 0, sizeof *w);
    w->kind = "escalation";
    w->role = ua_role_names[lv->role];
    w->rule = lv->rule;
    w->clause = lv->clause;
    w->basis = unalloc_basis_name(lv->basis);
    w->state = unalloc_state_name(lv->state);
    w->start = c->unallocated_since;
    w->has_start = c->has_since;
    w->due = lv->due;
    w->met = lv->done;
    w->met_at = lv->done_at;
    w->late = escalation_late(lv);
    w->occurrence = 1;
}

void
ua_warning_codes(struct ua_text *out, const struct unalloc_result *r)
{
    uint64_t seen = 0;
    bool first = true;
    _Static_assert(UNALLOC_WARNING_DUE_OUT_OF_RANGE < 64, "a warning code past the bit set");
    for (size_t i = 0; i < r->warnings.len; i++) {
        enum unalloc_warning_code code = UA_VEC_AT(&r->warnings, struct ua_warning, i).code;
        if (!unalloc_warning_code_is_policy_level(code) && code > 0 && code < 64)
            seen |= UINT64_C(1) << code;
    }
    for (int k = 1; k < 64; k++) {
        if (!(seen >> k & 1))
            continue;
        if (!first)
            ua_text_add(out, " ", 1);
        ua_text_puts(out, unalloc_warning_code_name((enum unalloc_warning_code)k));
        first = false;
    }
}

void
ua_fingerprint_hex(char out[17], uint64_t fingerprint)
{
    snprintf(out, 17, "%016" PRIx64, fingerprint);
}

UNALLOC_EXPORT bool
unalloc_warning_code_is_policy_level(enum unalloc_warning_code code)
{
    return code == UNALLOC_WARNING_REVIEW_DATE_PASSED || code == UNALLOC_WARNING_NO_REVIEW_DATE;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_warning(enum unalloc_warning_code *code, char **text,
                       const struct unalloc_policy *policy, struct unalloc_date as_of,
                       struct unalloc_error *err)
{
    struct ua_text t = { 0 };
    enum unalloc_warning_code c;
    enum unalloc_status st;
    if (!code || !policy)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_warning: %s is NULL",
                       !code ? "code" : "policy");
    if ((st = unalloc_date_check(as_of, err)) != UNALLOC_OK)
        return st;
    c = ua_policy_warning(policy, ua_days_from_civil(as_of.year, as_of.month, as_of.day));
    if (text && c != UNALLOC_WARNING_NONE) {
        ua_policy_warning_render(&t, policy, c);
        if (t.failed) {
            ua_free(t.s);
            return ua_nomem(err);
        }
    }
    *code = c;
    if (text)
        *text = t.s;
    return UNALLOC_OK;
}

/* ---- CSV (continued) --------------------------------------------------------- */

static void
csv_prefix(struct ua_text *o, const struct unalloc_case_result *c)
{
    char b[24];
    ua_csv_field(o, c->case_id, true);
    moment(b, sizeof b, &c->as_of);
    ua_csv_field(o, b, false);
    ua_csv_field(o, c->policy_id, false);
}

static void
csv_orow(struct ua_text *o, const struct unalloc_case_result *c, const struct ua_orow *w)
{
    csv_prefix(o, c);
    ua_csv_field(o, w->kind, false);
    ua_csv_field(o, w->role, false);
    ua_csv_field(o, w->rule, false);
    ua_csv_field(o, w->clause, false);
    ua_csv_field(o, w->basis, false);
    csv_moment(o, &w->start, w->has_start);
    csv_moment(o, &w->due, true);
    ua_csv_field(o, w->state, false);
    csv_moment(o, &w->met_at, w->met);
    ua_csv_field(o, w->late ? "true" : "false", false);
    csv_int(o, w->occurrence, true);
    csv_int(o, w->spell, w->has_spell);
    ua_csv_field(o, w->on_record ? "true" : "false", false);
    ua_csv_field(o, w->note, false);
    ua_text_add(o, "\n", 1);
}

static void
csv_occurrences(struct ua_text *o, const struct unalloc_result *r, unsigned states,
                unsigned states_on_record)
{
    const struct unalloc_case_result *c = &r->pub;
    const struct unalloc_occurrence *occ = ua_result_occurrences(r);
    struct ua_orow w;
    if (!occ && r->occ.len) {
        o->failed = true;
        return;
    }
    for (size_t i = 0; i < r->occ.len; i++) {
        const struct unalloc_occurrence *oc = &occ[i];
        if (!((oc->on_record ? states_on_record : states) & (1u << oc->state)))
            continue;
        ua_orow_occurrence(&w, oc);
        csv_orow(o, c, &w);
    }
    for (size_t i = 0; i < r->esc.len; i++) {
        const struct unalloc_escalation_level *lv =
            &UA_VEC_AT(&r->esc, struct unalloc_escalation_level, i);
        if (!(states & (1u << lv->state)))
            continue;
        ua_orow_level(&w, c, lv);
        csv_orow(o, c, &w);
    }
}

/* Due and overdue now (what a manager can still act on: the current spell's
 * occurrences, the episode-wide ones, the escalation levels), and overdue on
 * record (earlier spells'). */
void
ua_count_states(const struct unalloc_result *r, int *due, int *overdue, int *on_record)
{
    *due = *overdue = *on_record = 0;
    for (size_t i = 0; i < r->occ.len; i++) {
        const struct ua_occ *o = &UA_VEC_AT(&r->occ, struct ua_occ, i);
        const enum unalloc_state s = ua_occ_state(r, o);
        if (o->flags & UA_OCC_ON_RECORD) {
            *on_record += s == UNALLOC_STATE_OVERDUE;
            continue;
        }
        *due += s == UNALLOC_STATE_DUE;
        *overdue += s == UNALLOC_STATE_OVERDUE;
    }
    for (size_t i = 0; i < r->esc.len; i++) {
        enum unalloc_state s = UA_VEC_AT(&r->esc, struct unalloc_escalation_level, i).state;
        *due += s == UNALLOC_STATE_DUE;
        *overdue += s == UNALLOC_STATE_OVERDUE;
    }
}

static void
csv_case(struct ua_text *o, const struct unalloc_result *r)
{
    const struct unalloc_case_result *c = &r->pub;
    int due, overdue, on_record;
    ua_count_states(r, &due, &overdue, &on_record);
    char fp[17];
    ua_fingerprint_hex(fp, c->calendar_fingerprint);
    csv_prefix(o, c);
    ua_csv_field(o, c->policy_hash, false);
    ua_csv_field(o, fp, false);
    csv_int(o, c->calendar_verified_through, true);
    ua_csv_field(o, unalloc_case_status_name(c->status), false);
    ua_csv_field(o, c->unallocated ? "true" : "false", false);
    csv_moment(o, &c->unallocated_since, c->has_since);
    csv_int(o, c->working_days_unallocated, c->has_since);
    csv_int(o, c->calendar_days_unallocated, c->has_since);
    ua_csv_field(o, c->has_category ? ua_category_names[c->category] : NULL, false);
    ua_csv_field(o, c->locality, false);
    ua_csv_field(o, c->has_rating ? ua_rating_names[c->rating] : NULL, false);
    csv_int(o, c->rating_age_days, c->has_rating);
    csv_moment(o, &c->atm_since, c->has_atm_since);
    ua_csv_field(o, c->escalation_due ? ua_role_names[c->escalation_level] : NULL, false);
    csv_moment(o, &c->escalation_level_due, c->escalation_due);
    ua_csv_field(o, c->escalation_done ? ua_role_names[c->escalation_done_role] : NULL, false);
    csv_int(o, due, true);
    csv_int(o, overdue, true);
    csv_int(o, on_record, true);
    /* The codes need no quoting: names of [a-z-], separated by spaces. */
    ua_text_add(o, ",", 1);
    ua_warning_codes(o, r);
    ua_text_add(o, "\n", 1);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv(char **buf, size_t *len, const struct unalloc_result *r,
                          enum unalloc_table table, struct unalloc_error *err)
{
    struct ua_text o;
    size_t old;
    if (!buf || !len || !r)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_result_append_csv: %s is NULL",
                       !buf ? "buf" : !len ? "len" : "result");
    if (table != UNALLOC_TABLE_CASES && table != UNALLOC_TABLE_OCCURRENCES)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown table %d", (int)table);
    if (!*buf)
        *len = 0;
    old = *len;
    ua_text_resume(&o, *buf, *len);
    if (table == UNALLOC_TABLE_CASES)
        csv_case(&o, r);
    else
        csv_occurrences(&o, r, ~0u, ~0u);
    return ua_text_finish(&o, buf, len, old, err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv_filter(char **buf, size_t *len, const struct unalloc_result *r,
                                 unsigned states_now, unsigned states_on_record,
                                 struct unalloc_error *err)
{
    struct ua_text o;
    size_t old;
    if (!buf || !len || !r)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_result_append_csv_filter: %s is NULL",
                       !buf ? "buf" : !len ? "len" : "result");
    if ((states_now | states_on_record) >> UNALLOC_STATE_COUNT_)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "states: unknown state bits 0x%x",
                       (states_now | states_on_record));
    if (!*buf)
        *len = 0;
    old = *len;
    ua_text_resume(&o, *buf, *len);
    csv_occurrences(&o, r, states_now, states_on_record);
    return ua_text_finish(&o, buf, len, old, err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_csv_states(char **buf, size_t *len, const struct unalloc_result *r,
                                 unsigned states, struct unalloc_error *err)
{
    if (!buf || !len || !r)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_result_append_csv_states: %s is NULL",
                       !buf ? "buf" : !len ? "len" : "result");
    return unalloc_result_append_csv_filter(buf, len, r, states, states, err);
}

/* ---- JSON -------------------------------------------------------------------- */

static void
json_str(struct ua_text *o, const char *s)
{
    const unsigned char *p, *run;
    if (!s) {
        ua_text_puts(o, "null");
        return;
    }
    ua_text_add(o, "\"", 1);
    /* Runs of characters that need no escape are copied in one piece. */
    for (p = run = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        ua_text_add(o, (const char *)run, (size_t)(p - run));
        run = p + 1;
        switch (*p) {
        case '"': ua_text_puts(o, "\\\""); break;
        case '\\': ua_text_puts(o, "\\\\"); break;
        case '\n': ua_text_puts(o, "\\n"); break;
        case '\r': ua_text_puts(o, "\\r"); break;
        case '\t': ua_text_puts(o, "\\t"); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            ua_text_puts(o, esc);
        }
    }
    ua_text_add(o, (const char *)run, (size_t)(p - run));
    ua_text_add(o, "\"", 1);
}

static void
json_moment(struct ua_text *o, const struct unalloc_moment *m, bool present)
{
    char b[24];
    if (!present) {
        ua_text_puts(o, "null");
        return;
    }
    moment(b, sizeof b, m);
    json_str(o, b);
}

static void
json_key(struct ua_text *o, const char *k, bool first)
{
    if (!first)
        ua_text_add(o, ",", 1);
    json_str(o, k);
    ua_text_add(o, ":", 1);
}

static void
json_int(struct ua_text *o, int v, bool present)
{
    if (present)
        ua_text_printf(o, "%d", v);
    else
        ua_text_puts(o, "null");
}

static void
json_bool(struct ua_text *o, bool v)
{
    ua_text_puts(o, v ? "true" : "false");
}

/* An obligation row: the keys of the CSV's columns after the prefix. */
static void
json_orow(struct ua_text *o, const struct ua_orow *w)
{
    ua_text_add(o, "{", 1);
    json_key(o, "kind", true);
    json_str(o, w->kind);
    json_key(o, "role", false);
    json_str(o, w->role);
    json_key(o, "rule", false);
    json_str(o, w->rule);
    json_key(o, "clause", false);
    json_str(o, w->clause);
    json_key(o, "basis", false);
    json_str(o, w->basis);
    json_key(o, "start", false);
    json_moment(o, &w->start, w->has_start);
    json_key(o, "due", false);
    json_moment(o, &w->due, true);
    json_key(o, "state", false);
    json_str(o, w->state);
    json_key(o, "met_at", false);
    json_moment(o, &w->met_at, w->met);
    json_key(o, "late", false);
    json_bool(o, w->late);
    json_key(o, "occurrence", false);
    json_int(o, w->occurrence, true);
    json_key(o, "spell", false);
    json_int(o, w->spell, w->has_spell);
    json_key(o, "on_record", false);
    json_bool(o, w->on_record);
    json_key(o, "note", false);
    json_str(o, w->note);
    ua_text_add(o, "}", 1);
}

/* {"code":...,"message":...}; the message is rendered into a scratch text. */
static void
json_warning(struct ua_text *o, enum unalloc_warning_code code, const char *message)
{
    ua_text_add(o, "{", 1);
    json_key(o, "code", true);
    json_str(o, unalloc_warning_code_name(code));
    json_key(o, "message", false);
    json_str(o, message ? message : "");
    ua_text_add(o, "}", 1);
}

static void
json_case(struct ua_text *o, const struct unalloc_result *r)
{
    const struct unalloc_case_result *c = &r->pub;
    const struct unalloc_occurrence *occ = ua_result_occurrences(r);
    char *const *text = NULL;
    struct ua_orow w;
    char fp[17];
    int due, overdue, on_record;
    bool first = true;

    ua_fingerprint_hex(fp, c->calendar_fingerprint);
    ua_text_add(o, "{", 1);
    json_key(o, "record", true);
    json_str(o, "case");
    json_key(o, "case_id", false);
    json_str(o, c->case_id);
    json_key(o, "as_of", false);
    json_moment(o, &c->as_of, true);
    json_key(o, "policy", false);
    json_str(o, c->policy_id);
    json_key(o, "policy_hash", false);
    json_str(o, c->policy_hash);
    json_key(o, "calendar_fingerprint", false);
    json_str(o, fp);
    json_key(o, "calendar_verified_through", false);
    json_int(o, c->calendar_verified_through, true);
    json_key(o, "status", false);
    json_str(o, unalloc_case_status_name(c->status));
    json_key(o, "unallocated", false);
    json_bool(o, c->unallocated);
    json_key(o, "unallocated_since", false);
    json_moment(o, &c->unallocated_since, c->has_since);
    json_key(o, "working_days_unallocated", false);
    json_int(o, c->working_days_unallocated, c->has_since);
    json_key(o, "calendar_days_unallocated", false);
    json_int(o, c->calendar_days_unallocated, c->has_since);
    json_key(o, "category", false);
    json_str(o, c->has_category ? ua_category_names[c->category] : NULL);
    json_key(o, "locality", false);
    json_str(o, c->locality);
    json_key(o, "rating", false);
    json_str(o, c->has_rating ? ua_rating_names[c->rating] : NULL);
    json_key(o, "rating_age_days", false);
    json_int(o, c->rating_age_days, c->has_rating);
    json_key(o, "atm_since", false);
    json_moment(o, &c->atm_since, c->has_atm_since);

    json_key(o, "obligations", false);
    ua_text_add(o, "[", 1);
    if (!occ && r->occ.len)
        o->failed = true;
    for (size_t i = 0; occ && i < r->occ.len; i++) {
        if (i)
            ua_text_add(o, ",", 1);
        ua_orow_occurrence(&w, &occ[i]);
        json_orow(o, &w);
    }
    ua_text_add(o, "]", 1);

    json_key(o, "escalation", false);
    ua_text_add(o, "{", 1);
    json_key(o, "level", true);
    json_str(o, c->escalation_due ? ua_role_names[c->escalation_level] : NULL);
    json_key(o, "due", false);
    json_moment(o, &c->escalation_level_due, c->escalation_due);
    json_key(o, "done", false);
    json_str(o, c->escalation_done ? ua_role_names[c->escalation_done_role] : NULL);
    json_key(o, "levels", false);
    ua_text_add(o, "[", 1);
    for (size_t i = 0; i < r->esc.len; i++) {
        if (i)
            ua_text_add(o, ",", 1);
        ua_orow_level(&w, c, &UA_VEC_AT(&r->esc, struct unalloc_escalation_level, i));
        json_orow(o, &w);
    }
    ua_text_add(o, "]}", 2);

    ua_count_states(r, &due, &overdue, &on_record);
    json_key(o, "obligations_due_now", false);
    json_int(o, due, true);
    json_key(o, "obligations_overdue_now", false);
    json_int(o, overdue, true);
    json_key(o, "obligations_overdue_on_record", false);
    json_int(o, on_record, true);

    json_key(o, "warnings", false);
    ua_text_add(o, "[", 1);
    /* the result's texts, rendered once (a series' results borrow their
     * base's: unalloc_result_warning()) */
    if (r->warnings.len && !(text = ua_result_texts(r)))
        o->failed = true;
    for (size_t i = 0; text && i < r->warnings.len; i++) {
        enum unalloc_warning_code code = UA_VEC_AT(&r->warnings, struct ua_warning, i).code;
        if (unalloc_warning_code_is_policy_level(code))
            continue; /* the run record's */
        if (!first)
            ua_text_add(o, ",", 1);
        first = false;
        json_warning(o, code, text[i]);
    }
    ua_text_add(o, "]}\n", 3);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_json(char **buf, size_t *len, const struct unalloc_result *r,
                           struct unalloc_error *err)
{
    struct ua_text o;
    size_t old;
    if (!buf || !len || !r)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_result_append_json: %s is NULL",
                       !buf ? "buf" : !len ? "len" : "result");
    if (!*buf)
        *len = 0;
    old = *len;
    ua_text_resume(&o, *buf, *len);
    json_case(&o, r);
    return ua_text_finish(&o, buf, len, old, err);
}

/* ---- the run-level record ------------------------------------------------------ */

static void
json_day(struct ua_text *o, int32_t z)
{
    char b[UNALLOC_DATE_BUFSIZE];
    ua_format_date(b, sizeof b, ua_civil_from_days(z));
    json_str(o, b);
}

/* The calendar and what it was built from. */
static void
json_calendar(struct ua_text *o, const struct unalloc_run *run)
{
    const struct unalloc_calendar *cal = run->calendar;
    const struct ua_calendar_closure *cl;
    const struct ua_calendar_file *f;
    const int32_t *wd;
    size_t n;
    char fp[17];

    ua_fingerprint_hex(fp, unalloc_calendar_fingerprint(cal));
    ua_text_add(o, "{", 1);
    json_key(o, "region", true);
    json_str(o, unalloc_region_name(unalloc_calendar_region(cal)));
    json_key(o, "fingerprint", false);
    json_str(o, fp);
    json_key(o, "verified_through", false);
    json_int(o, unalloc_calendar_verified_through(cal), true);
    json_key(o, "closures", false);
    ua_text_add(o, "[", 1);
    n = ua_calendar_closures(cal, &cl);
    for (size_t i = 0; i < n; i++) {
        ua_text_puts(o, i ? ",{" : "{");
        json_key(o, "first", true);
        json_day(o, cl[i].first);
        json_key(o, "last", false);
        json_day(o, cl[i].last);
        json_key(o, "name", false);
        json_str(o, cl[i].name);
        ua_text_add(o, "}", 1);
    }
    ua_text_add(o, "]", 1);
    json_key(o, "working", false);
    ua_text_add(o, "[", 1);
    n = ua_calendar_working(cal, &wd);
    for (size_t i = 0; i < n; i++) {
        if (i)
            ua_text_add(o, ",", 1);
        json_day(o, wd[i]);
    }
    ua_text_add(o, "]", 1);
    json_key(o, "files", false);
    ua_text_add(o, "[", 1);
    n = ua_calendar_files(cal, &f);
    for (size_t i = 0; i < n; i++) {
        ua_text_puts(o, i ? ",{" : "{");
        json_key(o, "name", true);
        json_str(o, run->calendar_files ? run->calendar_files[i] : NULL);
        json_key(o, "bytes", false);
        ua_text_printf(o, "%zu", f[i].bytes);
        json_key(o, "fnv1a64", false);
        ua_fingerprint_hex(fp, f[i].hash);
        json_str(o, fp);
        json_key(o, "days", false);
        ua_text_printf(o, "%zu", f[i].days);
        json_key(o, "first_year", false);
        json_int(o, f[i].first_year, f[i].days > 0);
        json_key(o, "last_year", false);
        json_int(o, f[i].last_year, f[i].days > 0);
        ua_text_add(o, "}", 1);
    }
    ua_text_add(o, "]}", 2);
}

static enum unalloc_status
check_run(const struct unalloc_run *run, struct unalloc_error *err)
{
    const struct ua_calendar_file *f;
    enum unalloc_status st;
    if (!run || !run->policy || !run->calendar || !run->as_of || !run->n_as_of)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_run_append_json: %s",
                       !run               ? "run is NULL"
                       : !run->policy     ? "run->policy is NULL"
                       : !run->calendar   ? "run->calendar is NULL"
                                          : "no as-of moment");
    if (run->version > UNALLOC_RUN_VERSION)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "struct unalloc_run version %u is newer than this library's (%d)",
                       run->version, UNALLOC_RUN_VERSION);
    if (unalloc_calendar_region(run->calendar) != run->policy->region)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "policy %s counts working days in %s, but the calendar given is for %s",
                       run->policy->id, unalloc_region_name(run->policy->region),
                       unalloc_region_name(unalloc_calendar_region(run->calendar)));
    if (run->calendar_files && run->n_calendar_files != ua_calendar_files(run->calendar, &f))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%zu calendar file names given, but %zu files were loaded into the calendar",
                       run->n_calendar_files, ua_calendar_files(run->calendar, &f));
    for (size_t i = 0; i < run->n_as_of; i++)
        if ((st = run->as_of[i].has_time ? ua_datetime_check(run->as_of[i].at, err)
                                         : unalloc_date_check(run->as_of[i].at.date, err)) !=
            UNALLOC_OK)
            return st;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_run_append_json(char **buf, size_t *len, const struct unalloc_run *run,
                        struct unalloc_error *err)
{
    struct ua_text o;
    size_t old, latest = 0;
    enum unalloc_status st;
    enum unalloc_warning_code code;
    const struct unalloc_policy *p;

    if (!buf || !len)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_run_append_json: %s is NULL",
                       !buf ? "buf" : "len");
    if ((st = check_run(run, err)) != UNALLOC_OK)
        return st;
    p = run->policy;
    if (!*buf)
        *len = 0;
    old = *len;
    ua_text_resume(&o, *buf, *len);

    ua_text_add(&o, "{", 1);
    json_key(&o, "record", true);
    json_str(&o, "run");
    json_key(&o, "library", false);
    json_str(&o, unalloc_version());
    json_key(&o, "policy", false);
    ua_text_add(&o, "{", 1);
    json_key(&o, "id", true);
    json_str(&o, p->id);
    json_key(&o, "title", false);
    json_str(&o, p->title);
    json_key(&o, "hash", false);
    json_str(&o, p->hash);
    json_key(&o, "review_date", false);
    if (p->has_review) {
        struct unalloc_moment m = { { p->review, 0, 0 }, false };
        json_moment(&o, &m, true);
    } else {
        ua_text_puts(&o, "null");
    }
    ua_text_add(&o, "}", 1);
    json_key(&o, "calendar", false);
    json_calendar(&o, run);
    json_key(&o, "as_of", false);
    ua_text_add(&o, "[", 1);
    for (size_t i = 0; i < run->n_as_of; i++) {
        if (i)
            ua_text_add(&o, ",", 1);
        json_moment(&o, &run->as_of[i], true);
        if (unalloc_datetime_compare(run->as_of[i].at, run->as_of[latest].at) > 0)
            latest = i;
    }
    ua_text_add(&o, "]", 1);
    /* The policy's own warnings, once: as of the latest date (a review date
     * passed then may not have passed at an earlier one). */
    json_key(&o, "warnings", false);
    ua_text_add(&o, "[", 1);
    code = ua_policy_warning(p, ua_days_from_civil(run->as_of[latest].at.date.year,
                                                   run->as_of[latest].at.date.month,
                                                   run->as_of[latest].at.date.day));
    if (code != UNALLOC_WARNING_NONE) {
        struct ua_text m = { NULL, 0, 0, false };
        ua_policy_warning_render(&m, p, code);
        o.failed |= m.failed;
        json_warning(&o, code, m.s);
        ua_free(m.s);
    }
    ua_text_add(&o, "]}\n", 3);
    return ua_text_finish(&o, buf, len, old, err);
}
