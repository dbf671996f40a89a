/*
 * Fuzz target: the command line's event-log reader (tools/events.c) and the
 * evaluation of whatever cases it reads against every built-in policy.
 * Properties, beyond not crashing:
 * - no occurrence is due before it starts;
 * - evaluating twice gives the same answer (byte for byte);
 * - with no new events, an occurrence met as of one date is still met, at the
 *   same moment, as of a later date;
 * - the same events added in another order (reversed, rotated) give the same
 *   bytes;
 * - no occurrence of a rule anchored to a spell, a threshold or a holding
 *   falls due while a counting worker holds the case: evaluated as of its
 *   due moment, the case is not "allocated";
 * - never unallocated while a counting worker holds the case, and never
 *   "allocated" while none does, against a model of the holdings written
 *   here from doc/policy-format.md's words, replayed over the timeline
 *   (phase 1's canonical order, which the order properties check) and
 *   checked as of each moment an event takes effect;
 * - unalloc_evaluate_series() gives, at every as-of, the bytes
 *   unalloc_evaluate() gives (as-of moments at, just before and just after
 *   each event, and days later);
 * - the occurrences are in due order (a date as its 00:00), then in the
 *   policy's rule order (evaluate.h);
 * - an occurrence of a spell's rule is met only by an event before its
 *   spell ended (doc/policy-format.md, met-by), so before the next spell
 *   started: one event never counts for two spells.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "case-private.h"
#include "events.h"
#include "fuzz.h"

static struct unalloc_calendar *cal;
static struct unalloc_policy *policies[8];
static size_t npolicies;

static void
init(void)
{
    if (cal)
        return;
    if (unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL) != UNALLOC_OK)
        FUZZ_FAIL("calendar");
    for (size_t i = 0; i < unalloc_policy_builtin_count() && i < 8; i++)
        if (unalloc_policy_builtin(&policies[npolicies], unalloc_policy_builtin_id(i), NULL) ==
            UNALLOC_OK)
            npolicies++;
}

static char *
json(const struct unalloc_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    if (unalloc_result_append_json(&buf, &len, r, NULL) != UNALLOC_OK)
        FUZZ_FAIL("json");
    return buf;
}

static const struct unalloc_occurrence *
same(const struct unalloc_result *r, const struct unalloc_occurrence *o)
{
    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
        const struct unalloc_occurrence *p = unalloc_result_occurrence(r, i);
        if (strcmp(p->rule, o->rule) == 0 && p->spell == o->spell &&
            p->occurrence == o->occurrence)
            return p;
    }
    return NULL;
}

/* The detail of e as it was written. */
static const char *
detail_name(const struct ua_event *e)
{
    if (e->detail < 0)
        return NULL;
    switch (ua_event_detail_type(e->kind)) {
    case UA_DETAIL_CATEGORY:
        return ua_category_names[e->detail];
    case UA_DETAIL_ROLE:
    case UA_DETAIL_ACTOR:
        return ua_role_names[e->detail];
    case UA_DETAIL_ABSENCE:
        return ua_absence_names[e->detail];
    case UA_DETAIL_OUTCOME:
        return ua_outcome_names[e->detail];
    case UA_DETAIL_DECISION:
        return "needs-named-worker";
    case UA_DETAIL_RATING:
        return ua_rating_names[e->detail];
    default:
        return NULL;
    }
}

/* The same events added in another order: event (i * step + shift) mod n. */
static struct unalloc_case *
reorder(const struct unalloc_case *c, size_t step, size_t shift)
{
    struct unalloc_case *d;
    const size_t n = c->events.len;
    if (unalloc_case_new(&d, c->id, NULL) != UNALLOC_OK)
        FUZZ_FAIL("case copy");
    for (size_t i = 0; i < n; i++) {
        const struct ua_event *e = &UA_VEC_AT(&c->events, struct ua_event, (i * step + shift) % n);
        struct unalloc_moment m;
        int64_t min = e->t - (int64_t)e->day * 1440;
        m.at.date = ua_civil_from_days(e->day);
        m.at.hour = (int)(min / 60);
        m.at.minute = (int)(min % 60);
        m.has_time = e->has_time;
        if (unalloc_case_add_event(d, unalloc_event_kind_name(e->kind), m, detail_name(e),
                                   ua_case_worker(c, e->worker), e->locality,
                                   NULL) != UNALLOC_OK)
            FUZZ_FAIL("an event of a valid case is refused in another order");
    }
    return d;
}

static const struct unalloc_rule *
rule_named(const struct unalloc_policy *p, const char *id)
{
    for (size_t i = 0; i < unalloc_policy_rule_count(p); i++)
        if (strcmp(unalloc_policy_rule(p, i)->id, id) == 0)
            return unalloc_policy_rule(p, i);
    return NULL;
}

/* The properties added with the timeline: any order, and nothing due while a
 * counting worker holds the case. */
static void
timeline_properties(const struct unalloc_case *c, const struct unalloc_policy *p,
                    struct unalloc_moment as_of, const struct unalloc_result *r1)
{
    char *want = json(r1);
    const size_t n = c->events.len;
    const size_t orders[][2] = { { n - 1, n - 1 }, { 1, n / 2 }, { n > 2 ? n - 2 : 1, 1 } };
    for (size_t k = 0; n > 1 && k < sizeof orders / sizeof orders[0]; k++) {
        struct unalloc_case *d;
        struct unalloc_result *r;
        char *got;
        /* step and n must be coprime for a permutation */
        size_t a = orders[k][0], b = n;
        while (b) {
            size_t t = a % b;
            a = b;
            b = t;
        }
        if (a != 1)
            continue;
        d = reorder(c, orders[k][0], orders[k][1]);
        if (unalloc_evaluate(&r, cal, p, d, as_of, NULL) != UNALLOC_OK)
            FUZZ_FAIL("a case evaluates in one order and not in another");
        got = json(r);
        if (strcmp(got, want) != 0)
            FUZZ_FAIL("the answer depends on the order of the events");
        unalloc_free(got);
        unalloc_result_free(r);
        unalloc_case_free(d);
    }
    unalloc_free(want);
    for (size_t i = 0; i < unalloc_result_occurrence_count(r1); i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r1, i);
        const struct unalloc_rule *rule = rule_named(p, o->rule);
        struct unalloc_result *r;
        if (!rule || (rule->anchor != UNALLOC_ANCHOR_SPELL &&
                      rule->anchor != UNALLOC_ANCHOR_THRESHOLD &&
                      rule->anchor != UNALLOC_ANCHOR_HOLDING))
            continue;
        if (unalloc_evaluate(&r, cal, p, c, o->due, NULL) != UNALLOC_OK)
            FUZZ_FAIL("evaluation fails as of a due moment");
        if (unalloc_result_case(r)->status == UNALLOC_CASE_STATUS_ALLOCATED)
            FUZZ_FAIL("an occurrence falls due while a counting worker holds the case");
        unalloc_result_free(r);
    }
}

/* A moment from minutes since 1970-01-01T00:00. */
static struct unalloc_moment
moment_at(int64_t t, bool timed)
{
    struct unalloc_moment m;
    const int32_t day = (int32_t)(t >= 0 ? t / 1440 : -((-t + 1439) / 1440));
    m.at.date = ua_civil_from_days(day);
    m.at.hour = timed ? (int)((t - (int64_t)day * 1440) / 60) : 0;
    m.at.minute = timed ? (int)((t - (int64_t)day * 1440) % 60) : 0;
    m.has_time = timed;
    return m;
}

/* The holdings model, after each event of the timeline: one holder
 * per role; a deallocation naming the holder or nobody ends the holding, one
 * naming a worker replaced earlier in the episode changes nothing, one naming
 * a worker who never held the role ends it; an absence counts (with
 * absence-after) from worker-absent to worker-returned, or until the worker
 * holds no allocated role, if it began while they held one. Whether a
 * counting worker holds the case then: a holder of an allocated role who is
 * not absent. */
enum { MODEL_WORKERS = 64 };
struct model {
    int32_t holder[UNALLOC_ROLE_COUNT_];
    unsigned ever[MODEL_WORKERS];
    bool absent[MODEL_WORKERS], absence_counts[MODEL_WORKERS];
    bool open;
};

static int
allocated_held(const struct model *m, unsigned roles, int32_t w)
{
    int n = 0;
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
        n += (roles & (1u << r)) && m->holder[r] == w;
    return n;
}

static void
model_end(struct model *m, unsigned roles, int r)
{
    const int32_t h = m->holder[r];
    m->holder[r] = UA_NO_WORKER;
    if ((roles & (1u << r)) && !allocated_held(m, roles, h) && m->absence_counts[h])
        m->absent[h] = false;
}

static void
model_step(struct model *m, unsigned roles, const struct ua_event *e)
{
    const int32_t w = e->worker;
    switch (e->kind) {
    case UNALLOC_EVENT_OPENED:
        memset(m, 0, sizeof *m);
        for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
            m->holder[r] = UA_NO_WORKER;
        m->open = true;
        break;
    case UNALLOC_EVENT_CLOSED:
        m->open = false;
        break;
    case UNALLOC_EVENT_ALLOCATED: {
        const int32_t h = m->holder[e->detail];
        if (h == w)
            break;
        if (h != UA_NO_WORKER)
            model_end(m, roles, e->detail);
        m->holder[e->detail] = w;
        m->ever[w] |= 1u << e->detail;
        break;
    }
    case UNALLOC_EVENT_DEALLOCATED: {
        const int32_t h = m->holder[e->detail];
        if (h == UA_NO_WORKER)
            break;
        if (w != UA_NO_WORKER && w != h && (m->ever[w] & (1u << e->detail)))
            break; /* a handover recorded late */
        model_end(m, roles, e->detail);
        break;
    }
    case UNALLOC_EVENT_WORKER_ABSENT:
        if (!m->absent[w]) {
            m->absent[w] = true;
            m->absence_counts[w] = allocated_held(m, roles, w) > 0;
        }
        break;
    case UNALLOC_EVENT_WORKER_RETURNED:
        m->absent[w] = false;
        break;
    default:
        break;
    }
}

static bool
model_counting(const struct model *m, const struct unalloc_definition *d)
{
    if (!m->open)
        return false;
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++) {
        const int32_t h = m->holder[r];
        if ((d->allocated_roles & (1u << r)) && h != UA_NO_WORKER &&
            (!d->has_absence || !m->absent[h]))
            return true;
    }
    return false;
}

static void
holding_property(const struct unalloc_case *c, const struct unalloc_policy *p)
{
    const struct unalloc_definition *d = unalloc_policy_definition(p);
    const struct ua_timeline *tl;
    struct model m;
    if (ua_case_timeline(&tl, c, NULL) != UNALLOC_OK || tl->n > 64 ||
        c->workers.len > MODEL_WORKERS)
        return; /* an invalid sequence (unalloc_case_check()), or too large */
    memset(&m, 0, sizeof m);
    for (size_t i = 0; i < tl->n; i++) {
        struct unalloc_result *r;
        model_step(&m, d->allocated_roles, tl->ev[i].e);
        if (i + 1 < tl->n && tl->ev[i + 1].t == tl->ev[i].t)
            continue; /* as of a moment: all of its events */
        if (unalloc_evaluate(&r, cal, p, c, moment_at(tl->ev[i].t, true), NULL) != UNALLOC_OK)
            FUZZ_FAIL("a case whose timeline builds does not evaluate");
        const enum unalloc_case_status st = unalloc_result_case(r)->status;
        unalloc_result_free(r);
        if (model_counting(&m, d) &&
            (st == UNALLOC_CASE_STATUS_PENDING || st == UNALLOC_CASE_STATUS_UNALLOCATED))
            FUZZ_FAIL("unallocated while a counting worker holds the case");
        if (!model_counting(&m, d) && st == UNALLOC_CASE_STATUS_ALLOCATED)
            FUZZ_FAIL("allocated while no counting worker holds the case");
    }
}

/* Whether rule r's occurrences start with their spell and are met only by
 * events before its end that do not make the periods: anchored to a spell,
 * its threshold, a holding (without `while holding`) or a concern, in the
 * spell's window, without opens-at-due, and no met-by kind that makes the
 * periods (an allocation may meet at the end itself, or hold from before
 * the start). */
static bool
spell_window_rule(const struct unalloc_rule *r)
{
    if (!r || r->escalation || r->opens_at_due ||
        (r->window != UNALLOC_WINDOW_DEFAULT && r->window != UNALLOC_WINDOW_SPELL) ||
        (r->anchor != UNALLOC_ANCHOR_SPELL && r->anchor != UNALLOC_ANCHOR_THRESHOLD &&
         r->anchor != UNALLOC_ANCHOR_HOLDING && r->anchor != UNALLOC_ANCHOR_CONCERN))
        return false;
    for (size_t i = 0; i < r->n_met_by; i++)
        switch (r->met_by[i].kind) {
        case UNALLOC_EVENT_OPENED:
        case UNALLOC_EVENT_CLOSED:
        case UNALLOC_EVENT_CATEGORY:
        case UNALLOC_EVENT_ALLOCATED:
        case UNALLOC_EVENT_DEALLOCATED:
        case UNALLOC_EVENT_WORKER_ABSENT:
        case UNALLOC_EVENT_WORKER_RETURNED:
        case UNALLOC_EVENT_ASSESSMENT_CONCLUDED:
        case UNALLOC_EVENT_ALLOCATION_DECISION:
            return false;
        default:
            break;
        }
    return true;
}

/* A moment in minutes: a date as its first minute, or with `last` its last. */
static int64_t
minutes(struct unalloc_moment m, bool last)
{
    const int64_t day = ua_days_from_civil(m.at.date.year, m.at.date.month, m.at.date.day);
    return day * 1440 + (m.has_time ? m.at.hour * 60 + m.at.minute : last ? 1439 : 0);
}

/* The window's end: an event that meets an occurrence of a spell's rule
 * (a date through its whole day) comes before any later spell's start (the
 * start of its rules' first occurrences). */
static void
window_property(const struct unalloc_policy *p, const struct unalloc_result *r)
{
    const size_t n = unalloc_result_occurrence_count(r);
    for (size_t i = 0; i < n; i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
        if (!o->met || !spell_window_rule(rule_named(p, o->rule)))
            continue;
        for (size_t j = 0; j < n; j++) {
            const struct unalloc_occurrence *q = unalloc_result_occurrence(r, j);
            if (q->spell > o->spell && q->occurrence == 1 &&
                spell_window_rule(rule_named(p, q->rule)) &&
                minutes(o->met_at, true) >= minutes(q->start, false))
                FUZZ_FAIL("an event after a later spell started meets an earlier spell's "
                          "occurrence");
        }
    }
}

/* The series against one evaluation per as-of, byte for byte. */
static void
series_property(const struct unalloc_case *c, const struct unalloc_policy *p,
                struct unalloc_moment later)
{
    enum { MAX = 256 };
    struct unalloc_moment at[MAX];
    struct unalloc_result *got[MAX];
    size_t n = 0;
    /* Replayed under valgrind (UNALLOC_TEST_QUICK): one moment an event. */
    const bool quick = getenv("UNALLOC_TEST_QUICK") != NULL;
    for (size_t i = 0; i < c->events.len && n + 6 <= MAX; i++) {
        const struct ua_event *e = &UA_VEC_AT(&c->events, struct ua_event, i);
        at[n++] = moment_at(e->t - 1, true);
        if (quick)
            continue;
        at[n++] = moment_at(e->t + 1440 * 3, false);
        at[n++] = moment_at(e->t, true);
        at[n++] = moment_at(e->t + 1, true);
        at[n++] = moment_at(e->t, false);
        at[n++] = moment_at(e->t + 1440 * 10, false);
    }
    at[n++] = later;
    if (unalloc_evaluate_series(got, cal, p, c, at, n, NULL) != UNALLOC_OK) {
        /* then no as-of may evaluate either: the case itself is invalid, or
         * an as-of is out of range */
        for (size_t k = 0; k < n; k++) {
            struct unalloc_result *r;
            if (unalloc_evaluate(&r, cal, p, c, at[k], NULL) != UNALLOC_OK)
                return;
            unalloc_result_free(r);
        }
        FUZZ_FAIL("the series fails where every as-of evaluates");
    }
    for (size_t k = 0; k < n; k++) {
        struct unalloc_result *r;
        if (unalloc_evaluate(&r, cal, p, c, at[k], NULL) != UNALLOC_OK)
            FUZZ_FAIL("one evaluation fails where the series did not");
        char *a = json(got[k]), *b = json(r);
        if (strcmp(a, b) != 0)
            FUZZ_FAIL("the series differs from one evaluation");
        for (size_t i = 0; i < unalloc_result_warning_count(r); i++)
            if (unalloc_result_warning_code(r, i) != unalloc_result_warning_code(got[k], i))
                FUZZ_FAIL("the series' warning codes differ from one evaluation's");
        unalloc_free(a);
        unalloc_free(b);
        unalloc_result_free(r);
        unalloc_result_free(got[k]);
    }
}

/* The position of rule id in the policy. */
static size_t
rule_index(const struct unalloc_policy *p, const char *id)
{
    for (size_t i = 0; i < unalloc_policy_rule_count(p); i++)
        if (strcmp(unalloc_policy_rule(p, i)->id, id) == 0)
            return i;
    FUZZ_FAIL("an occurrence names a rule the policy does not have");
}

/* Occurrences in due order (a date as its 00:00), then in rule order. */
static void
order_property(const struct unalloc_policy *p, const struct unalloc_result *r)
{
    int64_t prev_due = INT64_MIN;
    size_t prev_rule = 0;
    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
        const struct unalloc_date d = o->due.at.date;
        const int64_t due = (int64_t)ua_days_from_civil(d.year, d.month, d.day) * 1440 +
                            (o->due.has_time ? o->due.at.hour * 60 + o->due.at.minute : 0);
        const size_t rule = rule_index(p, o->rule);
        if (due < prev_due || (due == prev_due && rule < prev_rule))
            FUZZ_FAIL("the occurrences are not in due order, then rule order");
        prev_due = due;
        prev_rule = rule;
    }
}

static int
on_case(const struct unalloc_case *c, const int *lines, void *data, struct unalloc_error *why)
{
    int64_t last = INT64_MIN;
    struct unalloc_moment as_of = { { { 0, 0, 0 }, 0, 0 }, false }, later;
    (void)lines;
    (void)data;
    (void)why;
    for (size_t i = 0; i < c->events.len; i++) {
        const struct ua_event *e = &UA_VEC_AT(&c->events, struct ua_event, i);
        if (e->t > last) {
            last = e->t;
            as_of.at.date = ua_civil_from_days(e->day);
        }
    }
    if (last == INT64_MIN)
        return 0;
    later = as_of;
    if (unalloc_date_add_days(&later.at.date, as_of.at.date, 45, NULL) != UNALLOC_OK)
        return 0;
    for (size_t k = 0; k < npolicies; k++) {
        struct unalloc_result *r1, *r2, *r3;
        if (unalloc_evaluate(&r1, cal, policies[k], c, as_of, NULL) != UNALLOC_OK)
            continue;
        if (unalloc_evaluate(&r2, cal, policies[k], c, as_of, NULL) != UNALLOC_OK)
            FUZZ_FAIL("the second evaluation failed");
        char *a = json(r1), *b = json(r2);
        if (strcmp(a, b) != 0)
            FUZZ_FAIL("two evaluations differ");
        unalloc_free(a);
        unalloc_free(b);
        timeline_properties(c, policies[k], as_of, r1);
        holding_property(c, policies[k]);
        order_property(policies[k], r1);
        window_property(policies[k], r1);
        series_property(c, policies[k], later);
        for (size_t i = 0; i < unalloc_result_occurrence_count(r1); i++) {
            const struct unalloc_occurrence *o = unalloc_result_occurrence(r1, i);
            if (unalloc_datetime_compare(o->due.at, o->start.at) < 0 &&
                (o->due.has_time ||
                 unalloc_date_compare(o->due.at.date, o->start.at.date) < 0))
                FUZZ_FAIL("an occurrence is due before it starts");
        }
        if (unalloc_evaluate(&r3, cal, policies[k], c, later, NULL) != UNALLOC_OK)
            FUZZ_FAIL("evaluation fails at a later date");
        for (size_t i = 0; i < unalloc_result_occurrence_count(r1); i++) {
            const struct unalloc_occurrence *o = unalloc_result_occurrence(r1, i), *p;
            if (!o->met)
                continue;
            p = same(r3, o);
            if (!p || !p->met || unalloc_datetime_compare(p->met_at.at, o->met_at.at) != 0)
                FUZZ_FAIL("a met occurrence is no longer met later");
        }
        unalloc_result_free(r1);
        unalloc_result_free(r2);
        unalloc_result_free(r3);
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct events_options opt;
    struct events_summary sum;
    char *buf;
    init();
    if (size > 1 << 20)
        return 0;
    /* events_read works on a NUL-free buffer it may scan freely. */
    buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    memset(&opt, 0, sizeof opt);
    opt.name = "fuzz";
    opt.skip_invalid = (size & 1) != 0;
    opt.rejects = (size & 2) != 0;
    opt.on_case = on_case;
    opt.data = NULL;
    events_read(buf, size, &opt, &sum);
    free(sum.rejects);
    free(buf);
    return 0;
}
