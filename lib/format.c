/*
 * libunalloc: results as CSV and JSON (in memory; the command line and the
 * bindings write them out), so every face of the library prints the same
 * columns.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "evaluate-private.h"
#include "vocab-private.h"

/* Hands the text back to the caller: all of it, or after a failed allocation
 * the buffer as it was (its first `old` bytes). */
static enum unalloc_status
finish(struct ua_text *o, char **buf, size_t *len, size_t old, struct unalloc_error *err)
{
    *buf = o->s;
    if (o->failed) {
        *len = old;
        if (*buf)
            (*buf)[old] = '\0';
        return ua_nomem(err);
    }
    *len = o->len;
    return UNALLOC_OK;
}

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
    "case_id,as_of,policy,policy_hash,calendar_verified_through,status,unallocated,"
    "unallocated_since,working_days_unallocated,calendar_days_unallocated,category,locality,"
    "rating,rating_age_days,atm_since,escalation_level,escalation_due,escalation_done,"
    "obligations_due_now,obligations_overdue_now,obligations_overdue_on_record,warnings\n";

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
csv_occurrences(struct ua_text *o, const struct unalloc_result *r, unsigned states,
                unsigned states_on_record)
{
    const struct unalloc_case_result *c = &r->pub;
    const struct unalloc_occurrence *occ = ua_result_occurrences(r);
    if (!occ && r->occ.len) {
        o->failed = true;
        return;
    }
    for (size_t i = 0; i < r->occ.len; i++) {
        const struct unalloc_occurrence *oc = &occ[i];
        if (!((oc->on_record ? states_on_record : states) & (1u << oc->state)))
            continue;
        csv_prefix(o, c);
        ua_csv_field(o, oc->kind, false);
        ua_csv_field(o, oc->has_role ? ua_role_names[oc->role] : NULL, false);
        ua_csv_field(o, oc->rule, false);
        ua_csv_field(o, oc->clause, false);
        ua_csv_field(o, unalloc_basis_name(oc->basis), false);
        csv_moment(o, &oc->start, true);
        csv_moment(o, &oc->due, true);
        ua_csv_field(o, unalloc_state_name(oc->state), false);
        csv_moment(o, &oc->met_at, oc->met);
        ua_csv_field(o, oc->late ? "true" : "false", false);
        csv_int(o, oc->occurrence, true);
        csv_int(o, oc->spell, true);
        ua_csv_field(o, oc->on_record ? "true" : "false", false);
        ua_csv_field(o, oc->note, false);
        ua_text_add(o, "\n", 1);
    }
    for (size_t i = 0; i < r->esc.len; i++) {
        const struct unalloc_escalation_level *lv =
            &UA_VEC_AT(&r->esc, struct unalloc_escalation_level, i);
        if (!(states & (1u << lv->state)))
            continue;
        csv_prefix(o, c);
        ua_csv_field(o, "escalation", false);
        ua_csv_field(o, ua_role_names[lv->role], false);
        ua_csv_field(o, lv->rule, false);
        ua_csv_field(o, lv->clause, false);
        ua_csv_field(o, unalloc_basis_name(lv->basis), false);
        csv_moment(o, &c->unallocated_since, c->has_since);
        csv_moment(o, &lv->due, true);
        ua_csv_field(o, unalloc_state_name(lv->state), false);
        csv_moment(o, &lv->done_at, lv->done);
        ua_csv_field(o, ua_escalation_late(lv) ? "true" : "false", false);
        csv_int(o, 1, true);
        ua_csv_field(o, NULL, false);
        ua_csv_field(o, "false", false); /* escalation levels are the current spell's */
        ua_csv_field(o, NULL, false);
        ua_text_add(o, "\n", 1);
    }
}

void
ua_warnings_joined(struct ua_text *out, const struct unalloc_result *r)
{
    for (size_t i = 0; i < r->warnings.len; i++) {
        if (i)
            ua_text_puts(out, " | ");
        ua_warning_render(out, r, i);
    }
}

bool
ua_escalation_late(const struct unalloc_escalation_level *lv)
{
    return lv->done && unalloc_datetime_compare(lv->done_at.at, lv->due.at) > 0 &&
           (lv->due.has_time || unalloc_date_compare(lv->done_at.at.date, lv->due.at.date) > 0);
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
        if (o->flags & UA_OCC_ON_RECORD) {
            *on_record += o->state == UNALLOC_STATE_OVERDUE;
            continue;
        }
        *due += o->state == UNALLOC_STATE_DUE;
        *overdue += o->state == UNALLOC_STATE_OVERDUE;
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
    csv_prefix(o, c);
    ua_csv_field(o, c->policy_hash, false);
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
    {
        struct ua_text w = { NULL, 0, 0, false };
        ua_warnings_joined(&w, r);
        if (w.failed)
            o->failed = true;
        ua_csv_field(o, w.s, false);
        ua_free(w.s);
    }
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
    return finish(&o, buf, len, old, err);
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
    return finish(&o, buf, len, old, err);
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
    if (!s) {
        ua_text_puts(o, "null");
        return;
    }
    ua_text_add(o, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"': ua_text_puts(o, "\\\""); break;
        case '\\': ua_text_puts(o, "\\\\"); break;
        case '\n': ua_text_puts(o, "\\n"); break;
        case '\r': ua_text_puts(o, "\\r"); break;
        case '\t': ua_text_puts(o, "\\t"); break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                ua_text_puts(o, esc);
            } else {
                ua_text_add(o, (const char *)p, 1);
            }
        }
    }
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

static const char *
role_or_null(bool present, enum unalloc_role r)
{
    return present ? ua_role_names[r] : NULL;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_result_append_json(char **buf, size_t *len, const struct unalloc_result *r,
                           struct unalloc_error *err)
{
    struct ua_text o;
    size_t old;
    const struct unalloc_case_result *c;
    if (!buf || !len || !r)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_result_append_json: %s is NULL",
                       !buf ? "buf" : !len ? "len" : "result");
    if (!*buf)
        *len = 0;
    old = *len;
    ua_text_resume(&o, *buf, *len);
    c = &r->pub;

    ua_text_add(&o, "{", 1);
    json_key(&o, "case", true);
    json_str(&o, c->case_id);
    json_key(&o, "as_of", false);
    json_moment(&o, &c->as_of, true);
    json_key(&o, "policy", false);
    json_str(&o, c->policy_id);
    json_key(&o, "policy_hash", false);
    json_str(&o, c->policy_hash);
    json_key(&o, "calendar_verified_through", false);
    ua_text_printf(&o, "%d", c->calendar_verified_through);
    json_key(&o, "status", false);
    json_str(&o, unalloc_case_status_name(c->status));
    json_key(&o, "unallocated", false);
    ua_text_puts(&o, c->unallocated ? "true" : "false");
    json_key(&o, "unallocated_since", false);
    json_moment(&o, &c->unallocated_since, c->has_since);
    json_key(&o, "working_days_unallocated", false);
    ua_text_printf(&o, "%d", c->working_days_unallocated);
    json_key(&o, "calendar_days_unallocated", false);
    ua_text_printf(&o, "%d", c->calendar_days_unallocated);
    json_key(&o, "category", false);
    json_str(&o, c->has_category ? ua_category_names[c->category] : NULL);
    json_key(&o, "locality", false);
    json_str(&o, c->locality);
    json_key(&o, "rating", false);
    json_str(&o, c->has_rating ? ua_rating_names[c->rating] : NULL);
    json_key(&o, "rating_age_days", false);
    if (c->has_rating)
        ua_text_printf(&o, "%d", c->rating_age_days);
    else
        ua_text_puts(&o, "null");
    json_key(&o, "atm_since", false);
    json_moment(&o, &c->atm_since, c->has_atm_since);

    json_key(&o, "obligations", false);
    ua_text_add(&o, "[", 1);
    const struct unalloc_occurrence *occ = ua_result_occurrences(r);
    if (!occ && r->occ.len)
        o.failed = true;
    for (size_t i = 0; occ && i < r->occ.len; i++) {
        const struct unalloc_occurrence *oc = &occ[i];
        if (i)
            ua_text_add(&o, ",", 1);
        ua_text_add(&o, "{", 1);
        json_key(&o, "kind", true);
        json_str(&o, oc->kind);
        json_key(&o, "role", false);
        json_str(&o, role_or_null(oc->has_role, oc->role));
        json_key(&o, "rule", false);
        json_str(&o, oc->rule);
        json_key(&o, "clause", false);
        json_str(&o, oc->clause);
        json_key(&o, "basis", false);
        json_str(&o, unalloc_basis_name(oc->basis));
        json_key(&o, "start", false);
        json_moment(&o, &oc->start, true);
        json_key(&o, "due", false);
        json_moment(&o, &oc->due, true);
        json_key(&o, "state", false);
        json_str(&o, unalloc_state_name(oc->state));
        json_key(&o, "met_at", false);
        json_moment(&o, &oc->met_at, oc->met);
        json_key(&o, "late", false);
        ua_text_puts(&o, oc->late ? "true" : "false");
        json_key(&o, "occurrence", false);
        ua_text_printf(&o, "%d", oc->occurrence);
        json_key(&o, "spell", false);
        ua_text_printf(&o, "%d", oc->spell);
        json_key(&o, "on_record", false);
        ua_text_puts(&o, oc->on_record ? "true" : "false");
        json_key(&o, "note", false);
        json_str(&o, oc->note);
        ua_text_add(&o, "}", 1);
    }
    ua_text_add(&o, "]", 1);

    json_key(&o, "escalation", false);
    ua_text_add(&o, "{", 1);
    json_key(&o, "level", true);
    json_str(&o, role_or_null(c->escalation_due, c->escalation_level));
    json_key(&o, "due", false);
    json_moment(&o, &c->escalation_level_due, c->escalation_due);
    json_key(&o, "done", false);
    json_str(&o, role_or_null(c->escalation_done, c->escalation_done_role));
    json_key(&o, "levels", false);
    ua_text_add(&o, "[", 1);
    for (size_t i = 0; i < r->esc.len; i++) {
        const struct unalloc_escalation_level *lv =
            &UA_VEC_AT(&r->esc, struct unalloc_escalation_level, i);
        if (i)
            ua_text_add(&o, ",", 1);
        ua_text_add(&o, "{", 1);
        json_key(&o, "role", true);
        json_str(&o, ua_role_names[lv->role]);
        json_key(&o, "rule", false);
        json_str(&o, lv->rule);
        json_key(&o, "clause", false);
        json_str(&o, lv->clause);
        json_key(&o, "basis", false);
        json_str(&o, unalloc_basis_name(lv->basis));
        json_key(&o, "due", false);
        json_moment(&o, &lv->due, true);
        json_key(&o, "state", false);
        json_str(&o, unalloc_state_name(lv->state));
        json_key(&o, "done_at", false);
        json_moment(&o, &lv->done_at, lv->done);
        ua_text_add(&o, "}", 1);
    }
    ua_text_add(&o, "]}", 2);

    {
        int due, overdue, on_record;
        ua_count_states(r, &due, &overdue, &on_record);
        json_key(&o, "obligations_due_now", false);
        ua_text_printf(&o, "%d", due);
        json_key(&o, "obligations_overdue_now", false);
        ua_text_printf(&o, "%d", overdue);
        json_key(&o, "obligations_overdue_on_record", false);
        ua_text_printf(&o, "%d", on_record);
    }

    json_key(&o, "warnings", false);
    ua_text_add(&o, "[", 1);
    for (size_t i = 0; i < r->warnings.len; i++) {
        struct ua_text w = { NULL, 0, 0, false };
        if (i)
            ua_text_add(&o, ",", 1);
        ua_warning_render(&w, r, i);
        if (w.failed)
            o.failed = true;
        json_str(&o, w.s ? w.s : "");
        ua_free(w.s);
    }
    ua_text_add(&o, "]}\n", 3);

    return finish(&o, buf, len, old, err);
}
