/*
 * libunalloc: the engine. Evaluates one case against one policy as of one
 * moment: episodes, unallocated spells and their thresholds, every obligation
 * occurrence with its due date and state, escalation, and warnings.
 *
 * The semantics are those of doc/policy-format.md ("Semantics") and
 * include/unalloc/evaluate.h; the worked examples are tests/scenarios/.
 *
 * Times are minutes since 1970-01-01T00:00 (int64). A date-only moment is
 * 00:00 of its day; a date-only as-of is the last minute of its day, so every
 * event of that day has happened.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "case-private.h"
#include "evaluate-private.h"
#include "policy-private.h"

#define NEVER INT64_MAX

/* A moment: t in minutes; timed = false means a date (t at 00:00). */
struct mo {
    int64_t t;
    bool timed;
};

static int32_t
day_of(int64_t t)
{
    return (int32_t)(t >= 0 ? t / 1440 : -((-t + 1439) / 1440));
}

static struct mo
date_mo(int32_t day)
{
    struct mo m = { (int64_t)day * 1440, false };
    return m;
}

static struct unalloc_moment
to_public(struct mo m)
{
    struct unalloc_moment r;
    int32_t d = day_of(m.t);
    int64_t rem = m.t - (int64_t)d * 1440;
    r.at.date = ua_civil_from_days(d);
    r.at.hour = m.timed ? (int)(rem / 60) : 0;
    r.at.minute = m.timed ? (int)(rem % 60) : 0;
    r.has_time = m.timed;
    return r;
}

/* ---- duration arithmetic on moments ----------------------------------------- */

/* m + d (d.amount may be 0). Hours keep the time and give a timed moment;
 * other units work on the date and give a date. Returns false when the
 * result leaves the supported range (the caller treats that as "never"). */
static bool
offset(struct mo *out, const struct unalloc_calendar *cal, struct mo m, struct unalloc_duration d,
       int extra_days)
{
    const int32_t day = day_of(m.t);
    int64_t r;
    struct unalloc_date base, nd;
    int32_t z;

    switch (d.unit) {
    case UNALLOC_UNIT_HOURS:
        r = m.t + (int64_t)d.amount * 60;
        if (day_of(r) > UA_DAYS_MAX)
            return false;
        out->t = r;
        out->timed = true;
        return true;
    case UNALLOC_UNIT_DAYS:
        r = (int64_t)day + d.amount + extra_days;
        break;
    case UNALLOC_UNIT_WEEKS:
        r = (int64_t)day + (int64_t)d.amount * 7 + extra_days;
        break;
    case UNALLOC_UNIT_MONTHS:
        base = ua_civil_from_days(day);
        if (unalloc_date_add_months(&nd, base, d.amount, NULL) != UNALLOC_OK)
            return false;
        r = (int64_t)ua_days_from_civil(nd.year, nd.month, nd.day) + extra_days;
        break;
    case UNALLOC_UNIT_WORKING_DAYS:
        if (ua_calendar_add_days_serial(&z, cal, day, (int64_t)d.amount + extra_days, NULL) !=
            UNALLOC_OK)
            return false;
        r = z;
        extra_days = 0;
        break;
    default:
        return false;
    }
    if (r > UA_DAYS_MAX || r < UA_DAYS_MIN)
        return false;
    *out = date_mo((int32_t)r);
    return true;
}

/* The moment a threshold is passed, counted from since. "at-least N" holds
 * from since + N; "more-than N" from one step later: a minute for hours, a
 * day for days/weeks/months, a working day for working days. */
static struct mo
crossing(const struct unalloc_calendar *cal, struct mo since, const struct unalloc_threshold *th)
{
    struct mo r = { NEVER, false };
    const bool more = th->comparison == UNALLOC_MORE_THAN;
    if (th->duration.unit == UNALLOC_UNIT_HOURS) {
        if (offset(&r, cal, since, th->duration, 0)) {
            r.t += more ? 1 : 0;
            return r;
        }
        r.t = NEVER;
        return r;
    }
    if (!offset(&r, cal, since, th->duration, more ? 1 : 0))
        r.t = NEVER;
    return r;
}

/* ---- the walk over an episode ----------------------------------------------- */

struct interval {
    int64_t start, end; /* end = NEVER while still open at as-of */
    const char *worker;
};

struct absence {
    const char *worker;
    int64_t start, end;
    bool counting; /* the worker held an allocated role when it started */
    int spell;     /* spell containing the start, 0 if none */
};

struct spell {
    struct mo start;
    int64_t end; /* NEVER if ongoing at as-of */
    struct mo cross;
    int index;   /* 1-based within the episode */
};

struct change {
    int64_t t;
    int value;
};

struct walk {
    /* episode */
    size_t first, last;  /* event indexes [first, last) of the episode, up to as-of */
    int64_t open_t;
    bool open_timed;
    int64_t close_t;     /* NEVER if open at as-of */
    /* timelines */
    struct ua_vec spells;     /* struct spell */
    struct ua_vec holding[UNALLOC_ROLE_COUNT_]; /* struct interval */
    struct ua_vec absences;   /* struct absence */
    struct ua_vec categories; /* struct change */
    struct ua_vec ratings;    /* struct change */
    /* state at as-of */
    int category;             /* -1 if none */
    bool criteria_met;
    bool assessed;
    const char *holder[UNALLOC_ROLE_COUNT_];
    const char *locality;
};

static void
walk_init(struct walk *w)
{
    memset(w, 0, sizeof *w);
    ua_vec_init(&w->spells, sizeof(struct spell));
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
        ua_vec_init(&w->holding[r], sizeof(struct interval));
    ua_vec_init(&w->absences, sizeof(struct absence));
    ua_vec_init(&w->categories, sizeof(struct change));
    ua_vec_init(&w->ratings, sizeof(struct change));
    w->category = -1;
}

static void
walk_free(struct walk *w)
{
    ua_vec_free(&w->spells);
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
        ua_vec_free(&w->holding[r]);
    ua_vec_free(&w->absences);
    ua_vec_free(&w->categories);
    ua_vec_free(&w->ratings);
}

struct ctx {
    const struct unalloc_calendar *cal;
    const struct unalloc_policy *pol;
    const struct unalloc_case *c;
    struct mo as_of;      /* t = the last minute included */
    int32_t as_of_day;
    struct walk w;
    struct unalloc_result *res;
    struct unalloc_error *err;
    bool has_dob;
    int32_t dob;
    bool dob_warned;
};

#define EV(c, i) (&UA_VEC_AT(&(c)->events, struct ua_event, (i)))

static bool
absent(const struct walk *w, const char *worker)
{
    if (!worker)
        return false;
    for (size_t i = 0; i < w->absences.len; i++) {
        const struct absence *a = &UA_VEC_AT(&w->absences, struct absence, i);
        if (a->end == NEVER && strcmp(a->worker, worker) == 0)
            return true;
    }
    return false;
}

enum cause { C_NONE, C_NO_HOLDER, C_ABSENCE };

static enum cause
condition(const struct ctx *x)
{
    const struct unalloc_definition *d = &x->pol->def;
    const struct walk *w = &x->w;
    bool any = false, effective = false;
    if (w->category < 0 || !(d->scope & (1u << w->category)))
        return C_NONE;
    if (d->needs_named_worker && !w->criteria_met)
        return C_NONE;
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++) {
        if (!(d->allocated_roles & (1u << r)) || !w->holder[r])
            continue;
        any = true;
        if (!d->has_absence || !absent(w, w->holder[r]))
            effective = true;
    }
    if (effective)
        return C_NONE;
    return any ? C_ABSENCE : C_NO_HOLDER;
}

static int
push(struct ctx *x, struct ua_vec *v, const void *item)
{
    if (ua_vec_push(v, item) != 0) {
        ua_nomem(x->err);
        return -1;
    }
    return 0;
}

static void
close_interval(struct ua_vec *v, int64_t t)
{
    if (v->len && UA_VEC_AT(v, struct interval, v->len - 1).end == NEVER)
        UA_VEC_AT(v, struct interval, v->len - 1).end = t;
}

static struct mo
event_mo(const struct ua_event *e)
{
    struct mo m = { e->t, e->has_time };
    return m;
}

/* Finds the current episode and walks it, recording timelines and spells. */
static enum unalloc_status
walk_episode(struct ctx *x)
{
    const struct unalloc_case *c = x->c;
    const struct unalloc_definition *d = &x->pol->def;
    struct walk *w = &x->w;
    size_t n = 0, first = SIZE_MAX;
    struct spell cur;
    bool in_spell = false;

    memset(&cur, 0, sizeof cur);
    enum cause cause_now = C_NONE;

    /* Events up to as-of; the last 'opened' among them starts the episode.
     * The locality is the latest recorded, in this episode or before. */
    while (n < c->events.len && EV(c, n)->t <= x->as_of.t) {
        if (EV(c, n)->locality)
            w->locality = EV(c, n)->locality;
        n++;
    }
    for (size_t i = 0; i < n; i++)
        if (EV(c, i)->kind == UNALLOC_EVENT_OPENED)
            first = i;
    w->close_t = NEVER;
    if (first == SIZE_MAX) {
        w->first = w->last = 0;
        return UNALLOC_OK;
    }
    w->first = first;
    w->last = n;
    w->open_t = EV(c, first)->t;
    w->open_timed = EV(c, first)->has_time;

    for (size_t i = first; i < n; i++) {
        const struct ua_event *e = EV(c, i);
        enum cause now;
        switch (e->kind) {
        case UNALLOC_EVENT_OPENED:
        case UNALLOC_EVENT_CATEGORY: {
            struct change ch = { e->t, e->detail };
            w->category = e->detail;
            if (push(x, &w->categories, &ch))
                return UNALLOC_E_NOMEM;
            break;
        }
        case UNALLOC_EVENT_CLOSED:
            w->close_t = e->t;
            w->last = i + 1;
            break;
        case UNALLOC_EVENT_ALLOCATED: {
            struct ua_vec *v = &w->holding[e->detail];
            struct interval iv = { e->t, NEVER, e->worker };
            close_interval(v, e->t); /* a new holder replaces the previous one */
            if (push(x, v, &iv))
                return UNALLOC_E_NOMEM;
            w->holder[e->detail] = e->worker;
            break;
        }
        case UNALLOC_EVENT_DEALLOCATED:
            close_interval(&w->holding[e->detail], e->t);
            w->holder[e->detail] = NULL;
            break;
        case UNALLOC_EVENT_WORKER_ABSENT:
            if (!absent(w, e->worker)) {
                struct absence a = { e->worker, e->t, NEVER, false, 0 };
                for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
                    if ((d->allocated_roles & (1u << r)) && w->holder[r] &&
                        strcmp(w->holder[r], e->worker) == 0)
                        a.counting = true;
                if (push(x, &w->absences, &a))
                    return UNALLOC_E_NOMEM;
            }
            break;
        case UNALLOC_EVENT_WORKER_RETURNED:
            for (size_t k = 0; k < w->absences.len; k++) {
                struct absence *a = &UA_VEC_AT(&w->absences, struct absence, k);
                if (a->end == NEVER && strcmp(a->worker, e->worker) == 0)
                    a->end = e->t;
            }
            break;
        case UNALLOC_EVENT_ASSESSMENT_CONCLUDED:
            w->assessed = true;
            w->criteria_met = e->detail == UA_OUTCOME_NEEDS_SW;
            break;
        case UNALLOC_EVENT_ALLOCATION_DECISION:
            w->criteria_met = true;
            break;
        case UNALLOC_EVENT_RATING: {
            struct change ch = { e->t, e->detail };
            if (push(x, &w->ratings, &ch))
                return UNALLOC_E_NOMEM;
            break;
        }
        default:
            break;
        }
        /* An absence of a worker who no longer holds an allocated role ends
         * as an "allocated worker's absence". */
        for (size_t k = 0; k < w->absences.len; k++) {
            struct absence *a = &UA_VEC_AT(&w->absences, struct absence, k);
            bool holds = false;
            if (!a->counting || a->end != NEVER)
                continue;
            for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
                if ((d->allocated_roles & (1u << r)) && w->holder[r] &&
                    strcmp(w->holder[r], a->worker) == 0)
                    holds = true;
            if (!holds)
                a->end = e->t;
        }

        now = e->kind == UNALLOC_EVENT_CLOSED ? C_NONE : condition(x);
        if (!in_spell && now != C_NONE) {
            cur.start = event_mo(e);
            cur.end = NEVER;
            cur.index = 0;
            if (now == C_ABSENCE) {
                /* Counted from the absence's start, not before this spell. */
                int64_t abs_start = e->t;
                for (size_t k = 0; k < w->absences.len; k++) {
                    const struct absence *a = &UA_VEC_AT(&w->absences, struct absence, k);
                    if (a->end == NEVER && a->counting)
                        abs_start = a->start > abs_start ? a->start : abs_start;
                }
                struct mo from = { abs_start, e->has_time };
                cur.cross = crossing(x->cal, from, &d->absence);
            } else {
                cur.cross = crossing(x->cal, cur.start, &d->unallocated);
            }
            in_spell = true;
        } else if (in_spell && now == C_NONE) {
            cur.end = e->t;
            if (cur.end > cur.start.t && push(x, &w->spells, &cur))
                return UNALLOC_E_NOMEM;
            in_spell = false;
        } else if (in_spell && now == C_NO_HOLDER && cause_now == C_ABSENCE) {
            /* The absent worker was deallocated: the ordinary threshold now
             * runs too, from this moment; whichever passes first counts. */
            struct mo c2 = crossing(x->cal, event_mo(e), &d->unallocated);
            if (c2.t < cur.cross.t)
                cur.cross = c2;
        }
        cause_now = now;
        if (e->kind == UNALLOC_EVENT_CLOSED)
            break;
    }
    if (in_spell && push(x, &w->spells, &cur))
        return UNALLOC_E_NOMEM;
    if (w->close_t != NEVER) {
        for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
            close_interval(&w->holding[r], w->close_t);
        for (size_t k = 0; k < w->absences.len; k++)
            if (UA_VEC_AT(&w->absences, struct absence, k).end == NEVER)
                UA_VEC_AT(&w->absences, struct absence, k).end = w->close_t;
    }

    /* Merge spells separated by a short allocation. */
    if (d->merge_within.amount > 0 && w->spells.len > 1) {
        size_t o = 0;
        struct spell *s = w->spells.data;
        for (size_t i = 1; i < w->spells.len; i++) {
            struct mo limit;
            struct mo end = { s[o].end, false };
            bool merge = offset(&limit, x->cal, end, d->merge_within, 0) ? s[i].start.t < limit.t
                                                                         : true;
            if (merge) {
                s[o].end = s[i].end;
                if (s[i].cross.t < s[o].cross.t)
                    s[o].cross = s[i].cross;
            } else {
                s[++o] = s[i];
            }
        }
        w->spells.len = o + 1;
    }
    for (size_t i = 0; i < w->spells.len; i++)
        UA_VEC_AT(&w->spells, struct spell, i).index = (int)i + 1;
    for (size_t k = 0; k < w->absences.len; k++) {
        struct absence *a = &UA_VEC_AT(&w->absences, struct absence, k);
        for (size_t i = 0; i < w->spells.len; i++) {
            const struct spell *s = &UA_VEC_AT(&w->spells, struct spell, i);
            if (a->start >= s->start.t && a->start < s->end)
                a->spell = s->index;
        }
    }
    return UNALLOC_OK;
}

/* ---- obligations ------------------------------------------------------------ */

/* An anchored instance of a rule. */
struct instance {
    struct mo anchor;
    /* From when an event satisfies the first occurrence: the start of the
     * period the rule belongs to (the spell, the episode, the absence), so a
     * letter sent before the ATM was allocated, or an agreement reached
     * before the 24 hours were up, counts; an earlier spell's does not. */
    int64_t open;
    bool open_timed;
    int64_t window_end; /* NEVER while open */
    int spell;
    /* first occurrence, for met/missed anchors of later rules */
    bool has_first;
    struct mo first_due;
    bool first_met;
    int64_t first_met_t;
    bool first_met_timed;
    long first_met_event;
    /* Events up to this index cannot satisfy it (a `met` anchor's own event). */
    long after;
};

static void
instance_init(struct instance *in)
{
    memset(in, 0, sizeof *in);
    in->after = -1;
    in->first_met_event = -1;
}

static int
value_at(const struct ua_vec *changes, int64_t t)
{
    int v = -1;
    for (size_t i = 0; i < changes->len; i++) {
        const struct change *ch = &UA_VEC_AT(changes, struct change, i);
        if (ch->t <= t)
            v = ch->value;
    }
    return v;
}

static bool
held_at(const struct ua_vec *iv, int64_t t)
{
    for (size_t i = 0; i < iv->len; i++) {
        const struct interval *h = &UA_VEC_AT(iv, struct interval, i);
        if (h->start <= t && t < h->end)
            return true;
    }
    return false;
}

static bool
event_satisfies(const struct ua_rule *r, const struct ua_event *e)
{
    const struct unalloc_rule *p = &r->pub;
    if (p->escalation)
        return e->kind == UNALLOC_EVENT_ESCALATED &&
               ua_role_seniority((enum unalloc_role)e->detail) >= ua_role_seniority(p->escalate_to);
    for (size_t i = 0; i < p->n_met_by; i++) {
        const struct unalloc_met_by *m = &p->met_by[i];
        if (m->kind != e->kind)
            continue;
        if (!m->roles)
            return true;
        if (e->detail < 0) /* no actor recorded: accepted (doc/policy-format.md) */
            return ua_event_detail_type(e->kind) == UA_DETAIL_ACTOR;
        if (m->roles & (1u << e->detail))
            return true;
    }
    return false;
}

/* When e meets r only because it records no actor while r names the actors
 * it accepts for e's kind: those actors (counted, and flagged; see
 * doc/policy-format.md). 0 otherwise. */
static unsigned
actor_assumed(const struct ua_rule *r, const struct ua_event *e)
{
    const struct unalloc_rule *p = &r->pub;
    unsigned roles = 0;
    if (p->escalation || e->detail >= 0 || ua_event_detail_type(e->kind) != UA_DETAIL_ACTOR)
        return 0;
    for (size_t i = 0; i < p->n_met_by; i++) {
        if (p->met_by[i].kind != e->kind)
            continue;
        if (!p->met_by[i].roles)
            return 0; /* any actor will do */
        roles |= p->met_by[i].roles;
    }
    return roles;
}

static bool
absent_at(const struct walk *w, const char *worker, int64_t t)
{
    for (size_t i = 0; worker && i < w->absences.len; i++) {
        const struct absence *a = &UA_VEC_AT(&w->absences, struct absence, i);
        if (a->start <= t && t < a->end && strcmp(a->worker, worker) == 0)
            return true;
    }
    return false;
}

/* For "met-by allocated ROLE": a worker (not absent) who already holds ROLE
 * when the obligation starts meets it; returns that allocation's event. */
static long
held_allocation(const struct ctx *x, const struct ua_rule *r, int64_t t)
{
    for (size_t i = 0; i < r->pub.n_met_by; i++) {
        const struct unalloc_met_by *m = &r->pub.met_by[i];
        if (m->kind != UNALLOC_EVENT_ALLOCATED)
            continue;
        for (int role = 0; role < UNALLOC_ROLE_COUNT_; role++) {
            const struct ua_vec *iv = &x->w.holding[role];
            if (m->roles && !(m->roles & (1u << role)))
                continue;
            for (size_t k = 0; k < iv->len; k++) {
                const struct interval *h = &UA_VEC_AT(iv, struct interval, k);
                if (h->start > t || t >= h->end || absent_at(&x->w, h->worker, t))
                    continue;
                for (size_t e = x->w.first; e < x->w.last; e++)
                    if (EV(x->c, e)->t == h->start && EV(x->c, e)->kind == UNALLOC_EVENT_ALLOCATED &&
                        EV(x->c, e)->detail == role)
                        return (long)e;
            }
        }
    }
    return -1;
}

/* First event at index > after, at or after start, up to as-of, satisfying r. */
static long
find_event(const struct ctx *x, const struct ua_rule *r, long after, int64_t start)
{
    const struct unalloc_case *c = x->c;
    if (after < 0) {
        long held = held_allocation(x, r, start);
        if (held >= 0)
            return held;
    }
    for (size_t i = (size_t)(after + 1); i < x->w.last; i++) {
        const struct ua_event *e = EV(c, i);
        if (e->t < start)
            continue;
        if (event_satisfies(r, e))
            return (long)i;
    }
    /* Events after the episode's close cannot satisfy it. */
    return -1;
}

static enum unalloc_state
state_of(const struct ctx *x, struct mo due)
{
    if (due.timed) {
        if (x->as_of.t > due.t)
            return (x->as_of.timed || day_of(due.t) != x->as_of_day) ? UNALLOC_STATE_OVERDUE
                                                                     : UNALLOC_STATE_DUE;
        return day_of(due.t) == x->as_of_day ? UNALLOC_STATE_DUE : UNALLOC_STATE_PENDING;
    }
    if (x->as_of_day > day_of(due.t))
        return UNALLOC_STATE_OVERDUE;
    return x->as_of_day == day_of(due.t) ? UNALLOC_STATE_DUE : UNALLOC_STATE_PENDING;
}

/* Whether an occurrence due at `due` is owed given its window: the window
 * must still be open at the due moment (for a date, through its whole day). */
static bool
owed(struct mo due, int64_t window_end)
{
    if (window_end == NEVER)
        return true;
    return due.timed ? due.t < window_end : due.t + 1439 < window_end;
}

static bool
late(struct mo due, int64_t met_t)
{
    return due.timed ? met_t > due.t : day_of(met_t) > day_of(due.t);
}

static const char *
keep_str(struct ctx *x, const char *s)
{
    char *c;
    if (!s)
        return NULL;
    /* The same rule's strings repeat across occurrences: reuse a copy. */
    for (size_t i = x->res->strings.len; i-- > 0 && i + 8 >= x->res->strings.len;)
        if (strcmp(UA_VEC_AT(&x->res->strings, char *, i), s) == 0)
            return UA_VEC_AT(&x->res->strings, char *, i);
    if (ua_vec_reserve(&x->res->strings, 1) != 0 || !(c = ua_strdup(s)))
        return NULL;
    ua_vec_push(&x->res->strings, &c);
    return c;
}

static enum unalloc_status
warn(struct ctx *x, const char *fmt, ...) UA_PRINTF(2, 3);

static enum unalloc_status
warn(struct ctx *x, const char *fmt, ...)
{
    char buf[600];
    const char *s;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < x->res->warnings.len; i++)
        if (strcmp(UA_VEC_AT(&x->res->warnings, const char *, i), buf) == 0)
            return UNALLOC_OK;
    if (!(s = keep_str(x, buf)) || ua_vec_push(&x->res->warnings, &s) != 0)
        return ua_nomem(x->err);
    return UNALLOC_OK;
}

static int
first_role(unsigned mask)
{
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
        if (mask & (1u << r))
            return r;
    return -1;
}

/* The due moment of an occurrence starting from `from`. */
static bool
due_from(const struct ctx *x, const struct unalloc_rule *r, struct mo from, bool first,
         struct mo *out)
{
    if (first && r->has_due) {
        struct unalloc_duration d = r->due;
        if (r->due_is_day)
            d.amount -= 1; /* the anchor's day is day 1 */
        return offset(out, x->cal, from, d, 0);
    }
    return offset(out, x->cal, from, r->every, 0);
}

static enum unalloc_status
add_occurrence(struct ctx *x, const struct ua_rule *r, const struct instance *in, struct mo start,
               struct mo due, long met, int number, const char *note)
{
    struct unalloc_occurrence o;
    const struct unalloc_rule *p = &r->pub;
    int role = first_role(p->n_met_by ? p->met_by[0].roles : 0);
    memset(&o, 0, sizeof o);
    o.kind = ua_obligation_names[p->obligation];
    o.obligation = p->obligation;
    o.has_role = role >= 0;
    o.role = role >= 0 ? (enum unalloc_role)role : UNALLOC_ROLE_SOCIAL_WORKER;
    o.rule = keep_str(x, p->id);
    o.clause = keep_str(x, r->clause_text);
    o.start = to_public(start);
    o.due = to_public(due);
    o.occurrence = number;
    o.spell = in->spell;
    if (met >= 0) {
        const struct ua_event *e = EV(x->c, met);
        o.met = true;
        o.met_at = to_public(event_mo(e));
        o.state = UNALLOC_STATE_MET;
        o.late = late(due, e->t);
    } else {
        o.state = state_of(x, due);
    }
    if (note && !(o.note = keep_str(x, note)))
        return ua_nomem(x->err);
    if (!o.rule || !o.clause || ua_vec_push(&x->res->occ, &o) != 0)
        return ua_nomem(x->err);
    return UNALLOC_OK;
}

/* The age condition, tested at the due date. Returns false to skip the
 * occurrence; sets *note when the date of birth is unknown (owed anyway). */
static enum unalloc_status
age_ok(struct ctx *x, const struct unalloc_rule *r, struct mo due, bool *ok, const char **note)
{
    *ok = true;
    *note = NULL;
    if (r->if_age_at_least < 0)
        return UNALLOC_OK;
    if (!x->has_dob) {
        static const char msg[] = "date of birth unknown: owed in case the child is old enough";
        *note = msg;
        if (!x->dob_warned) {
            x->dob_warned = true;
            return warn(x, "date of birth unknown: obligations that depend on the child's age "
                           "are treated as owed (record a 'born' event)");
        }
        return UNALLOC_OK;
    }
    struct unalloc_date b = ua_civil_from_days(x->dob), d = ua_civil_from_days(day_of(due.t));
    int age = d.year - b.year - ((d.month < b.month || (d.month == b.month && d.day < b.day)) ? 1 : 0);
    *ok = age >= r->if_age_at_least;
    return UNALLOC_OK;
}

/* An occurrence met by an event that records no actor, where the rule names
 * its actors: it counts as met (many exports do not record who wrote a case
 * note), but the occurrence's note and a warning say whose it was taken to be,
 * so that a missing manager's review is not hidden. */
static enum unalloc_status
flag_actor(struct ctx *x, const struct ua_rule *r, const struct instance *in, struct mo start,
           struct mo due, long met, unsigned roles, int number, const char *note)
{
    const struct ua_event *e = EV(x->c, met);
    const struct unalloc_rule *p = &r->pub;
    const char *kind = unalloc_event_kind_name(e->kind);
    const int role = first_role(roles);
    const char *who = role >= 0 ? ua_role_names[role] : "named role";
    const struct unalloc_date d = ua_civil_from_days(day_of(e->t));
    char buf[400];
    enum unalloc_status st;

    snprintf(buf, sizeof buf, "%s%sthe '%s' records no actor: taken as the %s's", note ? note : "",
             note ? "; " : "", kind, who);
    if ((st = warn(x, "rule %s: the '%s' on %04d-%02d-%02d records no actor and was taken as the "
                      "%s's; record who did it",
                   p->id, kind, d.year, d.month, d.day, who)) != UNALLOC_OK)
        return st;
    return add_occurrence(x, r, in, start, due, met, number, buf);
}

/* Generates the occurrences of one anchored instance. */
static enum unalloc_status
run_instance(struct ctx *x, const struct ua_rule *r, struct instance *in)
{
    const struct unalloc_rule *p = &r->pub;
    struct mo start = { in->open, in->open_timed }, due;
    long after = in->after;
    enum unalloc_status st;
    bool ok;
    const char *note;

    if (!due_from(x, p, in->anchor, true, &due))
        return UNALLOC_OK; /* due beyond the supported range: not owed within it */
    if ((st = age_ok(x, p, due, &ok, &note)) != UNALLOC_OK || !ok)
        return st;
    if (p->opens_at_due)
        start = due;
    for (int number = 1;; number++) {
        long met;
        if (!owed(due, in->window_end))
            return UNALLOC_OK;
        met = find_event(x, r, after, start.t);
        if (number == 1) {
            in->has_first = true;
            in->first_due = due;
            in->first_met = met >= 0;
            if (met >= 0) {
                in->first_met_t = EV(x->c, met)->t;
                in->first_met_timed = EV(x->c, met)->has_time;
                in->first_met_event = met;
            }
        }
        const unsigned assumed = met >= 0 ? actor_assumed(r, EV(x->c, met)) : 0;
        if (assumed) {
            if ((st = flag_actor(x, r, in, start, due, met, assumed, number, note)) !=
                UNALLOC_OK)
                return st;
        } else if ((st = add_occurrence(x, r, in, start, due, met, number, note)) != UNALLOC_OK) {
            return st;
        }
        if (met < 0 || !p->recurring)
            return UNALLOC_OK;
        /* Rolling: the next one is due an interval after this one was met. */
        start = event_mo(EV(x->c, met));
        after = met;
        if (!due_from(x, p, start, false, &due))
            return UNALLOC_OK;
        if ((st = age_ok(x, p, due, &ok, &note)) != UNALLOC_OK || !ok)
            return st;
    }
}

static bool
conditions_hold(const struct ctx *x, const struct unalloc_rule *r, int64_t t)
{
    /* A case outside the policy's scope at the anchor owes it nothing. */
    const int cat = value_at(&x->w.categories, t);
    if (cat < 0 || !(x->pol->def.scope & (1u << cat)))
        return false;
    if (r->if_categories) {
        int c = value_at(&x->w.categories, t);
        if (c < 0 || !(r->if_categories & (1u << c)))
            return false;
    }
    if (r->if_holding && !held_at(&x->w.holding[r->if_holding_role], t))
        return false;
    if (r->if_ratings) {
        int v = value_at(&x->w.ratings, t);
        if (v < 0 || !(r->if_ratings & (1u << v)))
            return false;
    }
    return true;
}

/* The end of the holding interval of role that contains t, else fallback. */
static int64_t
holding_end(const struct walk *w, int role, int64_t t, int64_t fallback)
{
    for (size_t i = 0; i < w->holding[role].len; i++) {
        const struct interval *h = &UA_VEC_AT(&w->holding[role], struct interval, i);
        if (h->start <= t && t < h->end)
            return h->end < fallback ? h->end : fallback;
    }
    return fallback;
}

static enum unalloc_status
evaluate_rule(struct ctx *x, size_t ri, struct ua_vec *all)
{
    const struct ua_rule *r = &UA_VEC_AT(&x->pol->rules, struct ua_rule, ri);
    const struct unalloc_rule *p = &r->pub;
    struct ua_vec *mine = &all[ri];
    const struct walk *w = &x->w;
    enum unalloc_status st;
    const int64_t episode_end = w->close_t;
    struct instance in;

    instance_init(&in);
    switch (p->anchor) {
    case UNALLOC_ANCHOR_OPENED:
        in.anchor.t = w->open_t;
        in.anchor.timed = w->open_timed;
        in.window_end = episode_end;
        in.open = w->open_t;
        in.open_timed = w->open_timed;
        in.spell = 0;
        if (push(x, mine, &in))
            return UNALLOC_E_NOMEM;
        break;
    case UNALLOC_ANCHOR_SPELL:
    case UNALLOC_ANCHOR_THRESHOLD:
    case UNALLOC_ANCHOR_HOLDING:
        for (size_t i = 0; i < w->spells.len; i++) {
            const struct spell *s = &UA_VEC_AT(&w->spells, struct spell, i);
            const bool crossed = s->cross.t != NEVER && s->cross.t < s->end;
            instance_init(&in);
            in.spell = s->index;
            in.window_end = s->end;
            in.open = s->start.t;
            in.open_timed = s->start.timed;
            if (p->anchor == UNALLOC_ANCHOR_SPELL) {
                in.anchor = s->start;
            } else if (p->anchor == UNALLOC_ANCHOR_THRESHOLD) {
                if (!crossed)
                    continue;
                in.anchor = s->cross;
            } else {
                /* First moment in the spell the role is held. */
                bool found = false;
                struct mo h = { NEVER, false };
                const struct ua_vec *iv = &w->holding[p->anchor_role];
                for (size_t k = 0; k < iv->len && !found; k++) {
                    const struct interval *hv = &UA_VEC_AT(iv, struct interval, k);
                    if (hv->end > s->start.t && hv->start < s->end) {
                        found = true;
                        if (hv->start <= s->start.t) {
                            h = s->start;
                        } else {
                            h.t = hv->start;
                            h.timed = true;
                            /* keep the precision of the allocating event */
                            for (size_t e = w->first; e < w->last; e++)
                                if (EV(x->c, e)->t == hv->start &&
                                    EV(x->c, e)->kind == UNALLOC_EVENT_ALLOCATED)
                                    h.timed = EV(x->c, e)->has_time;
                        }
                    }
                }
                if (p->anchor_or_threshold && crossed && (!found || s->cross.t < h.t)) {
                    h = s->cross;
                    found = true;
                }
                if (!found)
                    continue;
                in.anchor = h;
                if (p->window == UNALLOC_WINDOW_HOLDING) {
                    /* The holding is the rule's period: it opens there. */
                    in.window_end = holding_end(w, p->anchor_role, h.t, s->end);
                    in.open = h.t;
                    in.open_timed = h.timed;
                }
            }
            if (in.anchor.t > x->as_of.t)
                continue;
            if (p->window == UNALLOC_WINDOW_EPISODE) {
                in.window_end = episode_end;
                in.open = w->open_t;
                in.open_timed = w->open_timed;
            }
            if (push(x, mine, &in))
                return UNALLOC_E_NOMEM;
        }
        break;
    case UNALLOC_ANCHOR_ABSENCE:
        for (size_t k = 0; k < w->absences.len; k++) {
            const struct absence *a = &UA_VEC_AT(&w->absences, struct absence, k);
            if (!a->counting)
                continue;
            instance_init(&in);
            in.anchor.t = a->start;
            in.anchor.timed = false;
            for (size_t e = w->first; e < w->last; e++)
                if (EV(x->c, e)->t == a->start && EV(x->c, e)->kind == UNALLOC_EVENT_WORKER_ABSENT)
                    in.anchor.timed = EV(x->c, e)->has_time;
            in.window_end = p->window == UNALLOC_WINDOW_EPISODE ? episode_end : a->end;
            in.open = a->start;
            in.open_timed = in.anchor.timed;
            in.spell = a->spell;
            if (push(x, mine, &in))
                return UNALLOC_E_NOMEM;
        }
        break;
    case UNALLOC_ANCHOR_MET:
    case UNALLOC_ANCHOR_MISSED: {
        const struct ua_vec *ref = &all[r->anchor_index];
        for (size_t k = 0; k < ref->len; k++) {
            const struct instance *o = &UA_VEC_AT(ref, struct instance, k);
            if (!o->has_first)
                continue;
            instance_init(&in);
            in.window_end = o->window_end;
            in.spell = o->spell;
            if (p->anchor == UNALLOC_ANCHOR_MET) {
                if (!o->first_met)
                    continue;
                in.anchor.t = o->first_met_t;
                in.anchor.timed = o->first_met_timed;
                in.after = o->first_met_event; /* the next event, not the same one */
            } else {
                /* Missed: not met by the end of its due moment. */
                const bool missed =
                    !o->first_met || late(o->first_due, o->first_met_t);
                const int64_t due_end = o->first_due.timed ? o->first_due.t
                                                           : o->first_due.t + 1439;
                if (!missed || due_end >= x->as_of.t)
                    continue;
                in.anchor = o->first_due;
            }
            in.open = in.anchor.t; /* a response to that rule comes after it */
            in.open_timed = in.anchor.timed;
            if (p->window == UNALLOC_WINDOW_EPISODE)
                in.window_end = episode_end;
            if (push(x, mine, &in))
                return UNALLOC_E_NOMEM;
        }
        break;
    }
    default:
        break;
    }

    for (size_t k = 0; k < mine->len; k++) {
        struct instance *i = &UA_VEC_AT(mine, struct instance, k);
        if (!conditions_hold(x, p, i->anchor.t))
            continue;
        if (p->escalation)
            continue; /* escalations are gathered separately */
        if ((st = run_instance(x, r, i)) != UNALLOC_OK)
            return st;
    }
    return UNALLOC_OK;
}

/* Escalation levels of the current spell. */
static enum unalloc_status
escalations(struct ctx *x, const struct ua_vec *all, const struct spell *cur)
{
    struct unalloc_case_result *pub = &x->res->pub;
    int best_due = -1, best_done = -1;

    /* done: the most senior escalation recorded in this spell. */
    for (size_t i = x->w.first; i < x->w.last; i++) {
        const struct ua_event *e = EV(x->c, i);
        if (e->kind == UNALLOC_EVENT_ESCALATED && e->t >= cur->start.t &&
            (best_done < 0 || ua_role_seniority((enum unalloc_role)e->detail) >
                                  ua_role_seniority((enum unalloc_role)best_done)))
            best_done = e->detail;
    }
    for (size_t ri = 0; ri < x->pol->rules.len; ri++) {
        const struct ua_rule *r = &UA_VEC_AT(&x->pol->rules, struct ua_rule, ri);
        if (!r->pub.escalation)
            continue;
        for (size_t k = 0; k < all[ri].len; k++) {
            const struct instance *in = &UA_VEC_AT(&all[ri], struct instance, k);
            struct unalloc_escalation_level lv;
            struct mo due;
            long met;
            if (in->spell != cur->index || !conditions_hold(x, &r->pub, in->anchor.t))
                continue;
            if (!due_from(x, &r->pub, in->anchor, true, &due) || !owed(due, in->window_end))
                continue;
            memset(&lv, 0, sizeof lv);
            lv.role = r->pub.escalate_to;
            lv.rule = keep_str(x, r->pub.id);
            lv.clause = keep_str(x, r->clause_text);
            lv.due = to_public(due);
            met = find_event(x, r, -1, cur->start.t);
            if (met >= 0) {
                lv.done = true;
                lv.done_at = to_public(event_mo(EV(x->c, met)));
                lv.state = UNALLOC_STATE_MET;
            } else {
                lv.state = state_of(x, due);
            }
            if (!lv.rule || !lv.clause || ua_vec_push(&x->res->esc, &lv) != 0)
                return ua_nomem(x->err);
            /* "fallen due by as-of": the due moment (or day) has come */
            if ((due.timed ? due.t <= x->as_of.t : day_of(due.t) <= x->as_of_day) &&
                (best_due < 0 || ua_role_seniority(lv.role) >
                                     ua_role_seniority((enum unalloc_role)best_due))) {
                best_due = lv.role;
                pub->escalation_level_due = lv.due;
            }
        }
    }
    if (best_due >= 0) {
        pub->escalation_due = true;
        pub->escalation_level = (enum unalloc_role)best_due;
    }
    if (best_done >= 0) {
        pub->escalation_done = true;
        pub->escalation_done_role = (enum unalloc_role)best_done;
    }
    return UNALLOC_OK;
}

static void
fmt_day(char *buf, size_t size, int64_t t)
{
    struct unalloc_date d = ua_civil_from_days(day_of(t));
    snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static enum unalloc_status
checks(struct ctx *x, const struct spell *cur)
{
    const struct unalloc_policy *pol = x->pol;
    const struct walk *w = &x->w;
    enum unalloc_status st;
    char day[16];

    for (size_t k = 0; k < pol->checks.len; k++) {
        const struct unalloc_check *ck = &UA_VEC_AT(&pol->checks, struct unalloc_check, k);
        char *clause = ua_format_clause(pol, &ck->clause);
        const char *rn = ua_role_names[ck->role];
        st = UNALLOC_OK;
        if (!clause)
            return ua_nomem(x->err);
        switch (ck->kind) {
        case UNALLOC_CHECK_CONSISTENT_WORKER: {
            const char *firstw = NULL;
            if (!cur)
                break;
            for (size_t i = 0; i < w->holding[ck->role].len && st == UNALLOC_OK; i++) {
                const struct interval *h = &UA_VEC_AT(&w->holding[ck->role], struct interval, i);
                if (h->end <= cur->start.t || h->start >= cur->end || !h->worker)
                    continue;
                if (!firstw)
                    firstw = h->worker;
                else if (strcmp(firstw, h->worker) != 0)
                    st = warn(x, "the %s worker changed during the spell (%s, then %s); %s",
                              rn, firstw, h->worker, clause);
            }
            break;
        }
        case UNALLOC_CHECK_ASSIGNED:
            if (cur && cur->cross.t <= x->as_of.t && !w->holder[ck->role])
                st = warn(x, "no %s worker is assigned; %s", rn, clause);
            break;
        case UNALLOC_CHECK_CHAIR_NOT:
            for (size_t i = w->first; i < w->last && st == UNALLOC_OK; i++) {
                const struct ua_event *e = EV(x->c, i);
                if (e->kind == UNALLOC_EVENT_STATUTORY_MEETING && e->detail == (int)ck->role) {
                    fmt_day(day, sizeof day, e->t);
                    st = warn(x, "the statutory meeting on %s is recorded as chaired by the %s "
                                 "worker; %s",
                              day, rn, clause);
                }
            }
            break;
        case UNALLOC_CHECK_RATINGS:
            for (size_t i = 0; i < w->ratings.len && st == UNALLOC_OK; i++) {
                const struct change *ch = &UA_VEC_AT(&w->ratings, struct change, i);
                if (!(ck->ratings & (1u << ch->value))) {
                    fmt_day(day, sizeof day, ch->t);
                    st = warn(x, "the rating '%s' on %s is not one this policy uses; %s",
                              ua_rating_names[ch->value], day, clause);
                }
            }
            break;
        default:
            break;
        }
        ua_free(clause);
        if (st != UNALLOC_OK)
            return st;
    }
    return UNALLOC_OK;
}

/* Sorts occurrences by due moment, stably: they were generated in rule order,
 * then spell, then occurrence, which is the order ties keep. */
static void
sort_occurrences(struct ua_vec *v)
{
    struct unalloc_occurrence *o = v->data;
    for (size_t i = 1; i < v->len; i++) {
        struct unalloc_occurrence item = o[i];
        size_t lo = 0, hi = i;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (unalloc_datetime_compare(o[mid].due.at, item.due.at) <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < i) {
            memmove(&o[lo + 1], &o[lo], (i - lo) * sizeof *o);
            o[lo] = item;
        }
    }
}

static enum unalloc_status
summarise(struct ctx *x, const struct spell *cur)
{
    struct unalloc_case_result *pub = &x->res->pub;
    const struct walk *w = &x->w;
    const struct unalloc_definition *d = &x->pol->def;

    if (w->category >= 0) {
        pub->has_category = true;
        pub->category = (enum unalloc_category)w->category;
    }
    if (w->locality && !(pub->locality = keep_str(x, w->locality)))
        return ua_nomem(x->err);
    if (w->ratings.len) {
        const struct change *ch = &UA_VEC_AT(&w->ratings, struct change, w->ratings.len - 1);
        pub->has_rating = true;
        pub->rating = (enum unalloc_rating)ch->value;
        for (size_t i = w->first; i < w->last; i++)
            if (EV(x->c, i)->kind == UNALLOC_EVENT_RATING && EV(x->c, i)->t == ch->t)
                pub->rating_at = to_public(event_mo(EV(x->c, i)));
        pub->rating_age_days = x->as_of_day - day_of(ch->t);
    }
    for (size_t i = w->first; i < w->last; i++) {
        const struct ua_event *e = EV(x->c, i);
        if (e->kind == UNALLOC_EVENT_VISIT)
            pub->has_last_visit = true, pub->last_visit = to_public(event_mo(e));
        else if (e->kind == UNALLOC_EVENT_STATUTORY_MEETING)
            pub->has_last_meeting = true, pub->last_meeting = to_public(event_mo(e));
        else if (e->kind == UNALLOC_EVENT_OVERSIGHT)
            pub->has_last_oversight = true, pub->last_oversight = to_public(event_mo(e));
    }
    if (w->close_t == NEVER && w->holder[UNALLOC_ROLE_ATM]) {
        const struct ua_vec *iv = &w->holding[UNALLOC_ROLE_ATM];
        const struct interval *h = &UA_VEC_AT(iv, struct interval, iv->len - 1);
        pub->has_atm_since = true;
        pub->atm_since = to_public((struct mo){ h->start, true });
        for (size_t i = w->first; i < w->last; i++)
            if (EV(x->c, i)->t == h->start && EV(x->c, i)->kind == UNALLOC_EVENT_ALLOCATED)
                pub->atm_since = to_public(event_mo(EV(x->c, i)));
    }
    if (w->close_t == NEVER)
        for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
            if (w->holder[r] && !(x->res->holder[r] = keep_str(x, w->holder[r])))
                return ua_nomem(x->err);

    /* Status. */
    if (w->last == 0) {
        pub->status = UNALLOC_STATUS_NOT_OPEN;
        return UNALLOC_OK;
    }
    if (w->close_t != NEVER) {
        pub->status = UNALLOC_STATUS_CLOSED;
        return UNALLOC_OK;
    }
    if (cur) {
        pub->has_since = true;
        pub->unallocated_since = to_public(cur->start);
        pub->working_days_unallocated =
            ua_calendar_count_serial(x->cal, day_of(cur->start.t), x->as_of_day);
        pub->calendar_days_unallocated = x->as_of_day - day_of(cur->start.t);
        pub->unallocated = cur->cross.t <= x->as_of.t;
        pub->status = pub->unallocated ? UNALLOC_STATUS_UNALLOCATED : UNALLOC_STATUS_PENDING;
        return UNALLOC_OK;
    }
    if (w->category < 0 || !(d->scope & (1u << w->category))) {
        pub->status = UNALLOC_STATUS_OUT_OF_SCOPE;
        return UNALLOC_OK;
    }
    if (d->needs_named_worker && !w->criteria_met) {
        bool held = false;
        for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
            if ((d->allocated_roles & (1u << r)) && w->holder[r])
                held = true;
        if (!held) {
            pub->status = (d->list_while_assessing && !w->assessed)
                              ? UNALLOC_STATUS_BEING_ASSESSED
                              : UNALLOC_STATUS_NOT_COUNTED;
            return UNALLOC_OK;
        }
    }
    pub->status = UNALLOC_STATUS_ALLOCATED;
    return UNALLOC_OK;
}

static enum unalloc_status
evaluate(struct ctx *x)
{
    const struct unalloc_policy *pol = x->pol;
    struct ua_vec *all = NULL;
    const struct spell *cur = NULL;
    enum unalloc_status st;
    size_t nrules = pol->rules.len;
    char day[16];

    /* Date of birth, from anywhere in the record. */
    for (size_t i = 0; i < x->c->events.len; i++)
        if (EV(x->c, i)->kind == UNALLOC_EVENT_BORN) {
            x->has_dob = true;
            x->dob = EV(x->c, i)->day;
        }
    if ((st = walk_episode(x)) != UNALLOC_OK)
        return st == UNALLOC_E_NOMEM ? ua_nomem(x->err) : st;
    if (x->w.spells.len) {
        const struct spell *last = &UA_VEC_AT(&x->w.spells, struct spell, x->w.spells.len - 1);
        if (last->end == NEVER && x->w.close_t == NEVER)
            cur = last;
    }
    if ((st = summarise(x, cur)) != UNALLOC_OK)
        return st;

    if (pol->has_review) {
        if (x->as_of_day > ua_days_from_civil(pol->review.year, pol->review.month, pol->review.day))
            if ((st = warn(x, "the policy's review date %04d-%02d-%02d has passed: check that "
                              "the council has not replaced the document",
                           pol->review.year, pol->review.month, pol->review.day)) != UNALLOC_OK)
                return st;
    } else if ((st = warn(x, "the policy states no review date (%s)", pol->review_reason)) !=
               UNALLOC_OK) {
        return st;
    }

    if (x->w.last == 0)
        return UNALLOC_OK; /* never opened */
    if (x->res->pub.status == UNALLOC_STATUS_CLOSED)
        return UNALLOC_OK;

    /* Deallocations of roles nobody held: the record may be missing an event. */
    for (size_t i = x->w.first; i < x->w.last; i++) {
        const struct ua_event *e = EV(x->c, i);
        if (e->kind != UNALLOC_EVENT_DEALLOCATED)
            continue;
        bool held = false;
        for (size_t k = 0; k < x->w.holding[e->detail].len; k++)
            if (UA_VEC_AT(&x->w.holding[e->detail], struct interval, k).end == e->t)
                held = true;
        if (!held) {
            fmt_day(day, sizeof day, e->t);
            if ((st = warn(x, "'deallocated %s' on %s, but nobody held that role",
                           ua_role_names[e->detail], day)) != UNALLOC_OK)
                return st;
        }
    }

    if (nrules) {
        if (!(all = ua_calloc(nrules, sizeof *all)))
            return ua_nomem(x->err);
        for (size_t i = 0; i < nrules; i++)
            ua_vec_init(&all[i], sizeof(struct instance));
    }
    st = UNALLOC_OK;
    for (size_t i = 0; i < nrules && st == UNALLOC_OK; i++)
        st = evaluate_rule(x, i, all);
    if (st == UNALLOC_OK && cur)
        st = escalations(x, all, cur);
    if (st == UNALLOC_OK)
        st = checks(x, cur);
    for (size_t i = 0; i < nrules; i++)
        ua_vec_free(&all[i]);
    ua_free(all);
    if (st == UNALLOC_E_NOMEM)
        return ua_nomem(x->err);
    if (st != UNALLOC_OK)
        return st;
    sort_occurrences(&x->res->occ);
    return UNALLOC_OK;
}

/* ---- public ------------------------------------------------------------------- */

UNALLOC_EXPORT void
unalloc_result_free(struct unalloc_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->strings.len; i++)
        ua_free(UA_VEC_AT(&r->strings, char *, i));
    ua_vec_free(&r->strings);
    ua_vec_free(&r->occ);
    ua_vec_free(&r->esc);
    ua_vec_free(&r->warnings);
    ua_free(r);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate(struct unalloc_result **out, const struct unalloc_calendar *cal,
                 const struct unalloc_policy *pol, const struct unalloc_case *c,
                 struct unalloc_moment as_of, struct unalloc_error *err)
{
    struct ctx x;
    enum unalloc_status st;
    struct unalloc_error inner;

    if (out)
        *out = NULL;
    if (!out || !cal || !pol || !c)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_evaluate: %s is NULL",
                       !out ? "out" : !cal ? "calendar" : !pol ? "policy" : "case");
    if (unalloc_calendar_region(cal) != pol->region)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "policy %s counts working days in %s, but the calendar given is for %s",
                       pol->id, unalloc_region_name(pol->region),
                       unalloc_region_name(unalloc_calendar_region(cal)));
    if (!as_of.has_time)
        as_of.at.hour = as_of.at.minute = 0;
    if ((st = ua_datetime_check(as_of.at, &inner)) != UNALLOC_OK)
        return ua_fail(err, st, 0, 0, "as-of: %s", inner.message);
    if ((st = unalloc_case_check(c, err)) != UNALLOC_OK)
        return st;

    memset(&x, 0, sizeof x);
    x.cal = cal;
    x.pol = pol;
    x.c = c;
    x.err = err;
    x.as_of_day = ua_days_from_civil(as_of.at.date.year, as_of.at.date.month, as_of.at.date.day);
    x.as_of.t = as_of.has_time ? ua_minutes_of(as_of.at) : (int64_t)x.as_of_day * 1440 + 1439;
    x.as_of.timed = as_of.has_time;
    walk_init(&x.w);
    if (!(x.res = ua_calloc(1, sizeof *x.res))) {
        walk_free(&x.w);
        return ua_nomem(err);
    }
    ua_vec_init(&x.res->occ, sizeof(struct unalloc_occurrence));
    ua_vec_init(&x.res->esc, sizeof(struct unalloc_escalation_level));
    ua_vec_init(&x.res->warnings, sizeof(const char *));
    ua_vec_init(&x.res->strings, sizeof(char *));
    x.res->pub.as_of = as_of;
    x.res->pub.calendar_verified_through = unalloc_calendar_verified_through(cal);
    if (!(x.res->pub.case_id = keep_str(&x, c->id)) ||
        !(x.res->pub.policy_id = keep_str(&x, pol->id)) ||
        !(x.res->pub.policy_hash = keep_str(&x, pol->hash)) ||
        !(x.res->policy_title = keep_str(&x, pol->title)))
        st = ua_nomem(err);
    else
        st = evaluate(&x);
    walk_free(&x.w);
    if (st != UNALLOC_OK) {
        unalloc_result_free(x.res);
        return st;
    }
    *out = x.res;
    return UNALLOC_OK;
}

UNALLOC_EXPORT const struct unalloc_case_result *
unalloc_result_case(const struct unalloc_result *r)
{
    return r ? &r->pub : NULL;
}

UNALLOC_EXPORT size_t
unalloc_result_occurrence_count(const struct unalloc_result *r)
{
    return r ? r->occ.len : 0;
}

UNALLOC_EXPORT const struct unalloc_occurrence *
unalloc_result_occurrence(const struct unalloc_result *r, size_t i)
{
    return r && i < r->occ.len ? &UA_VEC_AT(&r->occ, struct unalloc_occurrence, i) : NULL;
}

UNALLOC_EXPORT size_t
unalloc_result_escalation_count(const struct unalloc_result *r)
{
    return r ? r->esc.len : 0;
}

UNALLOC_EXPORT const struct unalloc_escalation_level *
unalloc_result_escalation(const struct unalloc_result *r, size_t i)
{
    return r && i < r->esc.len ? &UA_VEC_AT(&r->esc, struct unalloc_escalation_level, i) : NULL;
}

UNALLOC_EXPORT size_t
unalloc_result_warning_count(const struct unalloc_result *r)
{
    return r ? r->warnings.len : 0;
}

UNALLOC_EXPORT const char *
unalloc_result_warning(const struct unalloc_result *r, size_t i)
{
    return r && i < r->warnings.len ? UA_VEC_AT(&r->warnings, const char *, i) : NULL;
}
