/*
 * libunalloc: aggregate returns. A report copies what it needs from each
 * case's result, then renders one of the policies' report forms as text:
 * - appendix-1: protocol-2019's "UNALLOCATED WORK - WEEKLY RETURN" (children
 *   unallocated for the policy's threshold, by category, per locality);
 * - register: NELC's report of cases held with the ATM (time with the ATM,
 *   status, RAG, last visit, last statutory meeting, last oversight, AD
 *   agreement outstanding);
 * - list: unallocated children, then those still being assessed, listed apart.
 * A policy with a caseload limit also gets the caseload check.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate-private.h"
#include "policy-private.h"

/* What a report keeps of one case, held until the report is written: for
 * 1M cases its size is the report's memory, so the members go by alignment
 * (no padding between them but at the end). */
struct row {
    char *case_id;
    char *locality;
    char *fs_worker;  /* holder of the caseload's worker role, if the other role is held */
    size_t seq;       /* the order it was added in: the last key of the report's order */
    struct unalloc_moment since, atm_since, visit, meeting, oversight, supervision;
    enum unalloc_case_status status;
    enum unalloc_category category;
    enum unalloc_rating rating;
    int working_days, calendar_days, rating_age;
    int overdue;       /* overdue now: the current spell's and the episode's */
    int overdue_local; /* of which on a local timing (a policy setting) */
    int on_record;     /* missed in a period now ended: on record, listed apart */
    bool has_category, has_since, has_rating, has_atm;
    bool has_visit, has_meeting, has_oversight, has_supervision;
    bool ad_outstanding;
};

struct unalloc_report {
    const struct unalloc_policy *policy;
    const struct unalloc_report_spec *spec;
    struct unalloc_date as_of;
    struct ua_vec rows; /* struct row */
    size_t set_aside_rows, set_aside_cases; /* input left out (bad rows) */
    bool has_calendar;             /* the calendar of the results added (one for all) */
    uint64_t calendar_fingerprint;
};

UNALLOC_EXPORT enum unalloc_status
unalloc_report_new(struct unalloc_report **out, const struct unalloc_policy *policy,
                   const char *report_id, struct unalloc_date as_of, struct unalloc_error *err)
{
    const struct unalloc_report_spec *spec = NULL;
    struct unalloc_report *r;
    enum unalloc_status st;
    char list[300];
    size_t o = 0;

    if (out)
        *out = NULL;
    if (!out || !policy || !report_id)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_report_new: %s is NULL",
                       !out ? "out" : !policy ? "policy" : "report_id");
    if ((st = unalloc_date_check(as_of, err)) != UNALLOC_OK)
        return st;
    for (size_t i = 0; i < policy->reports.len; i++) {
        const struct unalloc_report_spec *s =
            &UA_VEC_AT(&policy->reports, struct unalloc_report_spec, i);
        const bool weekly = (s->every.unit == UNALLOC_UNIT_WEEKS && s->every.amount == 1) ||
                            (s->every.unit == UNALLOC_UNIT_DAYS && s->every.amount == 7);
        if (strcmp(s->id, report_id) == 0 ||
            (!spec && strcmp(report_id, "weekly-return") == 0 && weekly))
            spec = s;
    }
    if (!spec) {
        list[0] = '\0';
        for (size_t i = 0; i < policy->reports.len && o + 1 < sizeof list; i++)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "",
                                  UA_VEC_AT(&policy->reports, struct unalloc_report_spec, i).id);
        return ua_fail(err, UNALLOC_E_NOT_FOUND, 0, 0,
                       "policy %s has no report '%s'%s (its reports: %s)", policy->id, report_id,
                       strcmp(report_id, "weekly-return") == 0 ? " and no weekly report" : "",
                       policy->reports.len ? list : "none");
    }
    if (!(r = ua_calloc(1, sizeof *r)))
        return ua_nomem(err);
    r->policy = policy;
    r->spec = spec;
    r->as_of = as_of;
    ua_vec_init(&r->rows, sizeof(struct row));
    *out = r;
    return UNALLOC_OK;
}

static void
row_free(struct row *w)
{
    ua_free(w->case_id);
    ua_free(w->locality);
    ua_free(w->fs_worker);
}

UNALLOC_EXPORT void
unalloc_report_free(struct unalloc_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->rows.len; i++)
        row_free(&UA_VEC_AT(&r->rows, struct row, i));
    ua_vec_free(&r->rows);
    ua_free(r);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_report_add(struct unalloc_report *r, const struct unalloc_result *res,
                   struct unalloc_error *err)
{
    const struct unalloc_case_result *c;
    struct row w;
    if (!r || !res)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_report_add: %s is NULL",
                       !r ? "report" : "result");
    c = &res->pub;
    if (strcmp(c->policy_hash, r->policy->hash) != 0)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "case %s was evaluated under another policy (%s), not %s", c->case_id,
                       c->policy_id, r->policy->id);
    if (unalloc_date_compare(c->as_of.at.date, r->as_of) != 0) {
        char as_of[UNALLOC_DATE_BUFSIZE];
        ua_format_date(as_of, sizeof as_of, c->as_of.at.date);
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "case %s was evaluated as of %s, not the report's date", c->case_id, as_of);
    }
    if (r->has_calendar && c->calendar_fingerprint != r->calendar_fingerprint) {
        char a[17], b[17];
        ua_fingerprint_hex(a, c->calendar_fingerprint);
        ua_fingerprint_hex(b, r->calendar_fingerprint);
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "case %s was evaluated on another calendar (fingerprint %s) than the "
                       "report's other cases (%s)",
                       c->case_id, a, b);
    }
    memset(&w, 0, sizeof w);
    w.seq = r->rows.len;
    w.status = c->status;
    w.has_category = c->has_category;
    w.category = c->category;
    w.has_since = c->has_since;
    w.since = c->unallocated_since;
    w.working_days = c->working_days_unallocated;
    w.calendar_days = c->calendar_days_unallocated;
    w.has_rating = c->has_rating;
    w.rating = c->rating;
    w.rating_age = c->rating_age_days;
    w.has_atm = c->has_atm_since;
    w.atm_since = c->atm_since;
    w.has_visit = c->has_last_visit;
    w.visit = c->last_visit;
    w.has_meeting = c->has_last_meeting;
    w.meeting = c->last_meeting;
    w.has_oversight = c->has_last_oversight;
    w.oversight = c->last_oversight;
    w.has_supervision = c->has_last_supervision;
    w.supervision = c->last_supervision;
    for (size_t i = 0; i < res->occ.len; i++) {
        const struct ua_occ *o = &UA_VEC_AT(&res->occ, struct ua_occ, i);
        const struct unalloc_rule *p = &UA_VEC_AT(&res->policy->rules, struct ua_rule, o->rule).pub;
        if (p->obligation == UNALLOC_OBLIGATION_AD_AGREEMENT && !(o->flags & UA_OCC_MET))
            w.ad_outstanding = true;
        const bool overdue = ua_occ_state(res, o) == UNALLOC_STATE_OVERDUE;
        if (overdue && (o->flags & UA_OCC_ON_RECORD)) {
            w.on_record++;
        } else if (overdue) {
            w.overdue++;
            w.overdue_local += p->basis == UNALLOC_BASIS_LOCAL;
        }
    }
    if (r->policy->has_caseload && res->holder[r->policy->caseload.with_role] &&
        res->holder[r->policy->caseload.worker_role] &&
        !(w.fs_worker = ua_strdup(res->holder[r->policy->caseload.worker_role])))
        return ua_nomem(err);
    if (!(w.case_id = ua_strdup(c->case_id)) ||
        (c->locality && !(w.locality = ua_strdup(c->locality))) ||
        ua_vec_push(&r->rows, &w) != 0) {
        row_free(&w);
        return ua_nomem(err);
    }
    r->has_calendar = true;
    r->calendar_fingerprint = c->calendar_fingerprint;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_report_set_aside(struct unalloc_report *r, size_t rows, size_t cases,
                         struct unalloc_error *err)
{
    if (!r)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_report_set_aside: report is NULL");
    if (cases > rows)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_report_set_aside: %zu cases set aside but only %zu rows", cases,
                       rows);
    r->set_aside_rows = rows;
    r->set_aside_cases = cases;
    return UNALLOC_OK;
}

/* ---- rendering --------------------------------------------------------------- */

static const char *
day(char *buf, size_t size, bool present, const struct unalloc_moment *m)
{
    if (!present)
        return "-";
    ua_format_date(buf, size, m->at.date);
    return buf;
}

/* Rows by locality (none first: the case API keeps "" as none). */
static int
cmp_locality(const struct row *x, const struct row *y)
{
    return strcmp(x->locality ? x->locality : "", y->locality ? y->locality : "");
}

static int
cmp_rows(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    int c = cmp_locality(x, y);
    if (!c)
        c = strcmp(x->case_id, y->case_id);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The report's own name for its heading: "WEEKLY RETURN" for a weekly
 * appendix-1, "MONTHLY REPORT" for a monthly one, and so on. */
static void
heading(struct ua_text *t, const char *what, const struct unalloc_report *r, const char *kind)
{
    const struct unalloc_duration e = r->spec->every;
    const char *often = NULL;
    if (e.amount == 1)
        often = e.unit == UNALLOC_UNIT_WEEKS    ? "WEEKLY"
                : e.unit == UNALLOC_UNIT_MONTHS ? "MONTHLY"
                : (e.unit == UNALLOC_UNIT_DAYS || e.unit == UNALLOC_UNIT_WORKING_DAYS) ? "DAILY"
                                                : NULL;
    else if (e.amount == 2 && e.unit == UNALLOC_UNIT_WEEKS)
        often = "FORTNIGHTLY";
    if (often)
        ua_text_printf(t, "%s - %s %s\n", what, often, kind);
    else
        ua_text_printf(t, "%s - %s EVERY %d %s\n", what, kind, e.amount, unalloc_unit_name(e.unit));
}

static void
header(struct ua_text *t, const struct unalloc_report *r)
{
    const struct unalloc_policy *p = r->policy;
    char *clause = ua_format_clause(p, &r->spec->clause);
    char as_of[UNALLOC_DATE_BUFSIZE];
    enum unalloc_warning_code code;
    ua_text_printf(t, "Policy: %s (%s), policy hash %s\n", p->id, p->title, p->hash);
    ua_text_printf(t, "Report: %s, every %d %s%s%s%s, to %s\n", r->spec->id, r->spec->every.amount,
        unalloc_unit_name(r->spec->every.unit),
        r->spec->every_setting ? " (a local timing, the setting " : "",
        r->spec->every_setting ? r->spec->every_setting : "", r->spec->every_setting ? ")" : "",
        r->spec->audience);
    ua_text_printf(t, "Source: %s\n", clause ? clause : "(out of memory)");
    ua_format_date(as_of, sizeof as_of, r->as_of);
    ua_text_printf(t, "Date of return: %s\n", as_of);
    if (r->has_calendar) {
        char fp[17];
        ua_fingerprint_hex(fp, r->calendar_fingerprint);
        ua_text_printf(t, "Calendar: %s, fingerprint %s\n", unalloc_region_name(p->region), fp);
    }
    /* The policy's own warning (a passed review date), once for the report,
     * as the run record carries it for the other outputs. */
    code = ua_policy_warning(p, ua_days_from_civil(r->as_of.year, r->as_of.month, r->as_of.day));
    if (code != UNALLOC_WARNING_NONE) {
        ua_text_printf(t, "Warning (%s): ", unalloc_warning_code_name(code));
        ua_policy_warning_render(t, p, code);
        ua_text_add(t, "\n", 1);
    }
    if (r->set_aside_rows)
        ua_text_printf(t, "Set aside: %zu input row%s of %zu case%s with bad input, not counted "
                          "in this return\n",
                       r->set_aside_rows, r->set_aside_rows == 1 ? "" : "s",
                       r->set_aside_cases, r->set_aside_cases == 1 ? "" : "s");
    if (!clause)
        t->failed = true;
    ua_free(clause);
}

/* Appendix 1 rows: the document's five categories, then Other. */
static int
appendix_row(const struct row *w)
{
    if (!w->has_category)
        return 5;
    switch (w->category) {
    case UNALLOC_CATEGORY_SINGLE_ASSESSMENT: return 0;
    case UNALLOC_CATEGORY_S47: return 1;
    case UNALLOC_CATEGORY_CIN: return 2;
    case UNALLOC_CATEGORY_CP: return 3;
    case UNALLOC_CATEGORY_CLA: return 4;
    default: return 5;
    }
}

/* ---- the parts of a report ---------------------------------------------------
 *
 * A report is appended a part at a time (unalloc_report_append()) so that the
 * command line writes each part as it is made and never holds the text whole.
 * The rows are in order (locality, then case id). With n rows and R parts in
 * the first pass over them (n; the Appendix 1 return: APPENDIX_STEPS * n), the
 * part index is:
 *   0            the heading, the header and what comes before the first row;
 *   1 .. R       the first pass: row part-1 (the register, the list's
 *                unallocated children), or a step of the Appendix 1 return
 *                (appendix_part());
 *   R + 1        between the two passes (the list: the end of the unallocated
 *                children, the heading of those being assessed);
 *   R + 2 .. R + n + 1  row part-R-2 in the second pass (the list's children
 *                being assessed; no other form has a second pass);
 *   R + n + 2    the closing lines and the caseload check.
 * A part may be empty (a row the form does not list); one call appends parts
 * until one is not, so each call but one of a report with nothing to list
 * appends something. */

static void
appendix_open(struct ua_text *t, const struct unalloc_report *r)
{
    /* The document's form is the weekly return; another report on the same
     * form (the monthly Performance Improvement Board report) is named as
     * itself. */
    heading(t, "UNALLOCATED WORK", r,
            r->spec->every.amount == 1 && r->spec->every.unit == UNALLOC_UNIT_WEEKS
                ? "RETURN"
                : "REPORT (on the Appendix 1 form)");
    header(t, r);
    ua_text_printf(t, "Cases are reported as unallocated only once they meet the policy's definition (%s "
           "%d %s).\n",
        r->policy->def.unallocated.comparison == UNALLOC_COMPARISON_AT_LEAST ? "at least" : "more than",
        r->policy->def.unallocated.duration.amount,
        unalloc_unit_name(r->policy->def.unallocated.duration.unit));
}

/* The Appendix 1 return, a child at a time. Each locality is read in steps:
 * 0 its heading; 1-6 its six category rows, each listing its unallocated
 * children; 7 the Head of Service's comments (the children with overdue
 * obligations); 8 the children with obligations missed on record. The part
 * 1 + k * APPENDIX_STEPS + s is step s at row k: the step's start when k is
 * the locality's first row, else the next child the step lists. */
#define APPENDIX_STEPS 9

static const char *const appendix_labels[6] = { "Single Assessment", "S47", "CIN", "CP", "CIC",
                                                "Other (not on the Appendix 1 form)" };

/* The first row of rows[k]'s locality, and one past its last. */
static size_t
locality_start(const struct row *rows, size_t k)
{
    size_t lo = 0, hi = k;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (cmp_locality(&rows[mid], &rows[k]) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t
locality_end(const struct row *rows, size_t k, size_t n)
{
    size_t lo = k + 1, hi = n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (cmp_locality(&rows[mid], &rows[k]) == 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether step s (1-8) lists the row. */
static bool
appendix_lists(const struct row *w, int s)
{
    if (s <= 6)
        return w->status == UNALLOC_CASE_STATUS_UNALLOCATED && appendix_row(w) == s - 1;
    if (s == 7)
        return w->status == UNALLOC_CASE_STATUS_UNALLOCATED && w->overdue;
    return w->on_record;
}

/* The first row from k on, before j, that step s lists; j if none. */
static size_t
appendix_next(const struct row *rows, size_t k, size_t j, int s)
{
    while (k < j && !appendix_lists(&rows[k], s))
        k++;
    return k;
}

static void
appendix_child(struct ua_text *t, const struct row *w, int s, bool first)
{
    char since[UNALLOC_DATE_BUFSIZE];
    if (s <= 6) {
        ua_text_printf(t, "%s%s (since %s, %d working days%s)", first ? "" : "; ", w->case_id,
            day(since, sizeof since, w->has_since, &w->since), w->working_days,
            s == 6 && w->has_category
                ? (w->category == UNALLOC_CATEGORY_REFERRAL
                       ? ", referral"
                       : w->category == UNALLOC_CATEGORY_YOUTH_JUSTICE ? ", youth justice"
                                                                       : ", early help")
                : "");
    } else if (s == 7) {
        ua_text_printf(t, "  %s: %d obligation%s overdue", w->case_id, w->overdue,
                       w->overdue == 1 ? "" : "s");
        if (w->overdue_local)
            ua_text_printf(t, " (%d on a local timing, not the protocol's)", w->overdue_local);
        ua_text_printf(t, "\n");
    } else {
        if (first)
            ua_text_printf(t, "On record (missed in a period now ended; not counted above):\n");
        ua_text_printf(t, "  %s: %d obligation%s missed\n", w->case_id, w->on_record,
                       w->on_record == 1 ? "" : "s");
    }
}

/* Appends part 1 + q of the return's first pass; returns the next part (the
 * part after the pass once the last locality is done). */
static size_t
appendix_part(struct ua_text *t, const struct row *rows, size_t n, size_t q)
{
    const size_t k = q / APPENDIX_STEPS;
    const int s = (int)(q % APPENDIX_STEPS);
    const size_t i = locality_start(rows, k), j = locality_end(rows, k, n);
    const bool start = k == i;
    size_t m, next;
    if (s == 0) {
        ua_text_printf(t, "\nLocality: %s\n", rows[i].locality ? rows[i].locality
                                                             : "(not recorded)");
        ua_text_printf(t, "%-46s %9s  %s\n", "", "Number of", "Notes");
        ua_text_printf(t, "%-46s %9s\n", "", "Children");
        return 1 + i * APPENDIX_STEPS + 1;
    }
    m = start ? appendix_next(rows, i, j, s) : k;
    if (start && s <= 6) {
        int count = 0;
        for (size_t c = m; c < j; c++)
            count += appendix_lists(&rows[c], s);
        ua_text_printf(t, "%-46s %9d  ", appendix_labels[s - 1], count);
    } else if (start && s == 7) {
        ua_text_printf(t, "Head of Service comment on any unallocated cases (consider the risk "
                          "assessment and actions taken as per the protocol):\n");
        if (m == j)
            ua_text_printf(t, "  (no overdue obligations)\n");
    }
    if (m < j)
        appendix_child(t, &rows[m], s, start);
    next = m < j ? appendix_next(rows, m + 1, j, s) : j;
    if (next < j)
        return 1 + next * APPENDIX_STEPS + (size_t)s;
    if (s <= 6)
        ua_text_printf(t, "\n");
    if (s + 1 < APPENDIX_STEPS)
        return 1 + i * APPENDIX_STEPS + (size_t)s + 1;
    return j < n ? 1 + j * APPENDIX_STEPS : 1 + n * APPENDIX_STEPS;
}

/* The register lists the cases unallocated or pending, and those with the ATM. */
static bool
register_lists(const struct row *w)
{
    return w->status == UNALLOC_CASE_STATUS_UNALLOCATED ||
           w->status == UNALLOC_CASE_STATUS_PENDING || w->has_atm;
}

static void
register_open(struct ua_text *t, const struct unalloc_report *r)
{
    heading(t, "UNALLOCATED CASES REGISTER", r, "REPORT");
    header(t, r);
    ua_text_printf(t, "\n%-12s %-14s %-12s %-17s %-11s %5s %-11s %9s %-7s %-11s %-11s %-11s %-11s %-4s %s\n",
        "case", "locality", "status", "category", "since", "wdays", "with ATM", "ATM days",
        "RAG", "last visit", "last meet.", "last overs.", "last superv", "AD?",
        "overdue (on record)");
}

static void
register_row(struct ua_text *t, const struct unalloc_report *r, const struct row *w)
{
    char a[UNALLOC_DATE_BUFSIZE], b[UNALLOC_DATE_BUFSIZE], c[UNALLOC_DATE_BUFSIZE],
        d[UNALLOC_DATE_BUFSIZE], e[UNALLOC_DATE_BUFSIZE], f[UNALLOC_DATE_BUFSIZE];
    char atm_days[16] = "-", overdue[48];
    if (!register_lists(w))
        return;
    if (w->has_atm) {
        int32_t from, to;
        if (unalloc_date_to_days(&from, w->atm_since.at.date, NULL) == UNALLOC_OK &&
            unalloc_date_to_days(&to, r->as_of, NULL) == UNALLOC_OK)
            snprintf(atm_days, sizeof atm_days, "%d", (int)(to - from));
    }
    if (w->overdue_local)
        snprintf(overdue, sizeof overdue, "%d (%d local)", w->overdue, w->overdue_local);
    else
        snprintf(overdue, sizeof overdue, "%d", w->overdue);
    if (w->on_record)
        snprintf(overdue + strlen(overdue), sizeof overdue - strlen(overdue),
                 " (%d on record)", w->on_record);
    ua_text_printf(t, "%-12s %-14s %-12s %-17s %-11s %5d %-11s %9s %-7s %-11s %-11s %-11s %-11s %-4s %s\n",
        w->case_id, w->locality ? w->locality : "-", unalloc_case_status_name(w->status),
        w->has_category ? unalloc_category_name(w->category) : "-",
        day(a, sizeof a, w->has_since, &w->since), w->working_days,
        day(b, sizeof b, w->has_atm, &w->atm_since), atm_days,
        w->has_rating ? unalloc_rating_name(w->rating) : "-",
        day(c, sizeof c, w->has_visit, &w->visit), day(d, sizeof d, w->has_meeting, &w->meeting),
        day(e, sizeof e, w->has_oversight, &w->oversight),
        day(f, sizeof f, w->has_supervision, &w->supervision), w->ad_outstanding ? "owed" : "ok",
        overdue);
}

static void
register_close(struct ua_text *t, const struct row *rows, size_t n)
{
    int listed = 0;
    for (size_t k = 0; k < n; k++)
        listed += register_lists(&rows[k]);
    if (!listed)
        ua_text_printf(t, "(no cases held unallocated)\n");
    ua_text_printf(t, "\n%d case%s listed.\n", listed, listed == 1 ? "" : "s");
}

static int
count_status(const struct row *rows, size_t n, enum unalloc_case_status status)
{
    int count = 0;
    for (size_t k = 0; k < n; k++)
        count += rows[k].status == status;
    return count;
}

static void
list_open(struct ua_text *t, const struct unalloc_report *r)
{
    heading(t, "UNALLOCATED CHILDREN", r, "REPORT");
    header(t, r);
    ua_text_printf(t, "\nUnallocated (counted):\n");
}

static void
list_unallocated(struct ua_text *t, const struct row *w)
{
    char a[UNALLOC_DATE_BUFSIZE];
    if (w->status != UNALLOC_CASE_STATUS_UNALLOCATED)
        return;
    ua_text_printf(t, "  %-12s %-14s %-17s since %s  %d working days  rating %s  %d overdue\n",
        w->case_id, w->locality ? w->locality : "-",
        w->has_category ? unalloc_category_name(w->category) : "-",
        day(a, sizeof a, w->has_since, &w->since), w->working_days,
        w->has_rating ? unalloc_rating_name(w->rating) : "-", w->overdue);
    if (w->overdue_local)
        ua_text_printf(t, "               (%d of them on a local timing, not the document's)\n",
                       w->overdue_local);
    if (w->on_record)
        ua_text_printf(t, "               (and %d missed in a period now ended, on record)\n",
                       w->on_record);
}

static void
list_between(struct ua_text *t, const struct unalloc_report *r, const struct row *rows, size_t n)
{
    if (!count_status(rows, n, UNALLOC_CASE_STATUS_UNALLOCATED))
        ua_text_printf(t, "  (none)\n");
    if (r->policy->def.list_while_assessing)
        ua_text_printf(t, "\nBeing assessed (not counted; listed so they are not lost):\n");
}

static void
list_assessing(struct ua_text *t, const struct unalloc_report *r, const struct row *w)
{
    if (r->policy->def.list_while_assessing && w->status == UNALLOC_CASE_STATUS_BEING_ASSESSED)
        ua_text_printf(t, "  %-12s %-14s %s\n", w->case_id, w->locality ? w->locality : "-",
                       w->has_category ? unalloc_category_name(w->category) : "-");
}

static void
list_close(struct ua_text *t, const struct unalloc_report *r, const struct row *rows, size_t n)
{
    const int un = count_status(rows, n, UNALLOC_CASE_STATUS_UNALLOCATED);
    const int assessing = count_status(rows, n, UNALLOC_CASE_STATUS_BEING_ASSESSED);
    if (r->policy->def.list_while_assessing && !assessing)
        ua_text_printf(t, "  (none)\n");
    ua_text_printf(t, "\n%d unallocated%s.\n", un,
        r->policy->def.list_while_assessing ? (assessing ? ", others being assessed" : "") : "");
}

struct load {
    const char *worker;
    int cases;
};

static void
render_caseload(struct ua_text *t, const struct unalloc_report *r, const struct row *rows, size_t n)
{
    const struct unalloc_caseload_limit *l = &r->policy->caseload;
    struct ua_vec v; /* struct load, one per worker (not per case: the closing part stays small) */
    struct load *loads;
    size_t nl = 0;
    bool over = false;
    ua_vec_init(&v, sizeof(struct load));
    for (size_t k = 0; k < n; k++) {
        size_t i;
        if (!rows[k].fs_worker)
            continue;
        loads = v.data;
        for (i = 0; i < nl && strcmp(loads[i].worker, rows[k].fs_worker) != 0; i++)
            ;
        if (i == nl) {
            const struct load one = { rows[k].fs_worker, 0 };
            if (ua_vec_push(&v, &one) != 0) {
                ua_vec_free(&v);
                t->failed = true;
                return;
            }
            nl++;
        }
        UA_VEC_AT(&v, struct load, i).cases++;
    }
    loads = v.data;
    ua_text_printf(t, "\nCASELOAD CHECK: at most %d cases per %s worker in cases held by the %s\n",
        l->at_most, unalloc_role_name(l->worker_role), unalloc_role_name(l->with_role));
    ua_text_printf(t, "Source: %s\n", r->policy->caseload_clause_text);
    for (size_t i = 0; i < nl; i++) {
        const bool bad = loads[i].cases > l->at_most;
        ua_text_printf(t, "  %-20s %3d%s\n", loads[i].worker, loads[i].cases, bad ? "  OVER THE LIMIT" : "");
        over |= bad;
    }
    if (!nl)
        ua_text_printf(t, "  (no such cases)\n");
    ua_text_printf(t, "%s\n", over ? "Caseload limit exceeded." : "Within the limit.");
    ua_vec_free(&v);
}

/* R, the parts of the first pass over n rows (see above). */
static size_t
first_pass(const struct unalloc_report *r, size_t n)
{
    return r->spec->form == UNALLOC_REPORT_APPENDIX_1 ? n * APPENDIX_STEPS : n;
}

/* Appends part p of the report (rows in order) to t; returns the next part,
 * or UNALLOC_REPORT_END after the last. */
static size_t
append_part(struct ua_text *t, const struct unalloc_report *r, const struct row *rows, size_t n,
            size_t p)
{
    const enum unalloc_report_form form = r->spec->form;
    const size_t R = first_pass(r, n);
    if (p == 0) {
        if (form == UNALLOC_REPORT_APPENDIX_1)
            appendix_open(t, r);
        else if (form == UNALLOC_REPORT_REGISTER)
            register_open(t, r);
        else
            list_open(t, r);
        return 1;
    }
    if (p <= R) {
        if (form == UNALLOC_REPORT_APPENDIX_1)
            return appendix_part(t, rows, n, p - 1);
        if (form == UNALLOC_REPORT_REGISTER)
            register_row(t, r, &rows[p - 1]);
        else
            list_unallocated(t, &rows[p - 1]);
        return p + 1;
    }
    if (p == R + 1) {
        if (form != UNALLOC_REPORT_APPENDIX_1 && form != UNALLOC_REPORT_REGISTER) {
            list_between(t, r, rows, n);
            return p + 1;
        }
        return R + n + 2; /* one pass only */
    }
    if (p <= R + n + 1) {
        list_assessing(t, r, &rows[p - R - 2]);
        return p + 1;
    }
    if (form == UNALLOC_REPORT_APPENDIX_1) {
        if (!n)
            ua_text_printf(t, "\nNo open cases.\n");
    } else if (form == UNALLOC_REPORT_REGISTER) {
        register_close(t, rows, n);
    } else {
        list_close(t, r, rows, n);
    }
    if (r->policy->has_caseload)
        render_caseload(t, r, rows, n);
    return UNALLOC_REPORT_END;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_report_append(char **buf, size_t *len, const struct unalloc_report *r, size_t *part,
                      struct unalloc_error *err)
{
    struct ua_text t;
    size_t n, p, old;
    struct row *rows;
    if (!buf || !len || !r || !part)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_report_append: %s is NULL",
                       !buf ? "buf" : !len ? "len" : !r ? "report" : "part");
    n = r->rows.len;
    p = *part;
    if (p == UNALLOC_REPORT_END)
        return UNALLOC_OK;
    if (p > first_pass(r, n) + n + 2)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_report_append: part %zu is not one of this report's (start at 0; "
                       "were results added after the first part?)",
                       p);
    rows = r->rows.data;
    /* The rows are put in order in place (the report's own array, not its
     * struct: the report is unchanged but for that order, which nothing
     * else sees). Already in order, they stay as they are; the insertion
     * number makes the order total. */
    if (p == 0 && n > 1)
        qsort(rows, n, sizeof *rows, cmp_rows);
    if (!*buf)
        *len = 0;
    old = *len;
    ua_text_resume(&t, *buf, *len);
    do
        p = append_part(&t, r, rows, n, p);
    while (!t.failed && t.len == old && p != UNALLOC_REPORT_END);
    if (ua_text_finish(&t, buf, len, old, err) != UNALLOC_OK)
        return UNALLOC_E_NOMEM;
    *part = p;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_report_render(char **out, const struct unalloc_report *r, struct unalloc_error *err)
{
    char *text = NULL;
    size_t len = 0, part = 0;
    enum unalloc_status st;
    if (out)
        *out = NULL;
    if (!out || !r)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_report_render: %s is NULL",
                       !out ? "out" : "report");
    while (part != UNALLOC_REPORT_END)
        if ((st = unalloc_report_append(&text, &len, r, &part, err)) != UNALLOC_OK) {
            ua_free(text);
            return st;
        }
    *out = text;
    return UNALLOC_OK;
}
