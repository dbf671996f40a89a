/*
 * libunalloc: the engine. Evaluates one case against one policy as of one
 * moment, in phases; each phase reads what the one before produced and none
 * rescans the event log:
 *
 *   1. the timeline (lib/timeline.c): the case's events in canonical order,
 *      checked, indexed by kind; built once per case and cached;
 *   2. periods: the episode open at as-of and, within it, the tenures of each
 *      role, the absences, the unallocated spells (with their stop-gaps) and
 *      the times a counting worker holds the case; every record keeps the
 *      event that opened it;
 *   3. rule instances: one builder per anchor kind;
 *   4. occurrences: due moments, states, and the events that meet them
 *      (found by binary search in the per-kind index);
 *   5. escalation and checks, then the per-case summary.
 *
 * The semantics are those of doc/policy-format.md and include/unalloc/;
 * the worked examples are tests/scenarios/. Times are minutes since
 * 1970-01-01T00:00 inside; civil dates appear only in the public result.
 * Warnings and notes are codes with arguments, rendered to text only when
 * output asks for them, so a valid case is evaluated without formatting or
 * comparing a string.
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
#define NONE (-1)

/* A moment: t in minutes; timed = false means a date (t at 00:00 of it, or
 * within its day for an event taken at another event's moment). */
struct mo {
    int64_t t;
    bool timed;
};

static int32_t
day_of(int64_t t)
{
    return ua_day_of_minute(t);
}

static struct mo
date_mo(int32_t day)
{
    struct mo m = { (int64_t)day * 1440, false };
    return m;
}

static struct unalloc_moment
moment_of(struct mo m, struct unalloc_date date, int32_t d)
{
    struct unalloc_moment r;
    int64_t rem = m.t - (int64_t)d * 1440;
    r.at.date = date;
    r.at.hour = m.timed ? (int)(rem / 60) : 0;
    r.at.minute = m.timed ? (int)(rem % 60) : 0;
    r.has_time = m.timed;
    return r;
}

static struct unalloc_moment
to_public(struct mo m)
{
    const int32_t d = day_of(m.t);
    return moment_of(m, ua_civil_from_days(d), d);
}

/* The last minute a moment covers: itself, or the end of its day. */
static int64_t
last_minute(struct mo m)
{
    return m.timed ? m.t : (int64_t)day_of(m.t) * 1440 + 1439;
}

/* ---- duration arithmetic on moments ----------------------------------------- */

/* m + d (d.amount may be 0). Hours keep the time and give a timed moment;
 * other units work on the date and give a date. Returns false when the
 * result leaves the supported range. */
static inline bool
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
    const bool more = th->comparison == UNALLOC_COMPARISON_MORE_THAN;
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

/* ---- scratch memory ------------------------------------------------------------ */

/* Everything an evaluation builds and throws away (periods, instances,
 * occurrence records) comes from one arena: a first block inside the
 * evaluation's frame, then blocks from the allocation hook, all freed at the
 * end. A typical case allocates nothing here. */
struct block {
    struct block *next;
    size_t size;
    max_align_t data[];
};

struct arena {
    char *cur;
    size_t left;
    struct block *blocks;
    max_align_t first[16384 / sizeof(max_align_t)];
};

static void
arena_init(struct arena *a)
{
    a->cur = (char *)a->first;
    a->left = sizeof a->first;
    a->blocks = NULL;
}

static void
arena_free(struct arena *a)
{
    while (a->blocks) {
        struct block *b = a->blocks;
        a->blocks = b->next;
        ua_free(b);
    }
}

static void *
arena_alloc(struct arena *a, size_t size)
{
    void *p;
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (size > a->left) {
        const size_t want = size > 16384 ? size : 16384;
        struct block *b;
        if (size > SIZE_MAX / 2 || !(b = ua_malloc(sizeof *b + want)))
            return NULL;
        b->next = a->blocks;
        b->size = want;
        a->blocks = b;
        a->cur = (char *)b->data;
        a->left = want;
    }
    p = a->cur;
    a->cur += size;
    a->left -= size;
    return p;
}

/* A growable array in the arena; zero-initialised is empty. Its fields are
 * named as struct ua_vec's, so UA_VEC_AT reads both. */
struct avec {
    void *data;
    size_t len, cap;
};

/* Makes room for n items in an empty vector (one allocation where the
 * count is known or well estimated, instead of growing 4, 8, 16...). */
static int
avec_reserve(struct arena *a, struct avec *v, size_t elem, size_t n)
{
    if (v->cap >= n)
        return 0;
    if (v->len || n > SIZE_MAX / 2 / elem || !(v->data = arena_alloc(a, n * elem)))
        return -1;
    v->cap = n;
    return 0;
}

/* The slot after the last item, with room made for it, not yet counted
 * (v->len++ keeps what is written there): a record built in place, not on
 * the stack and copied (a copy that reads a record just written field by
 * field stalls on store forwarding). NULL when memory runs out. */
static inline void *
avec_next(struct arena *a, struct avec *v, size_t elem)
{
    if (v->len == v->cap) {
        const size_t cap = v->cap ? v->cap * 2 : 4;
        void *d;
        if (cap > SIZE_MAX / 2 / elem || !(d = arena_alloc(a, cap * elem)))
            return NULL;
        if (v->len)
            memcpy(d, v->data, v->len * elem);
        v->data = d;
        v->cap = cap;
    }
    return (char *)v->data + v->len * elem;
}

static inline int
avec_push(struct arena *a, struct avec *v, size_t elem, const void *item)
{
    void *slot = avec_next(a, v, elem);
    if (!slot)
        return -1;
    memcpy(slot, item, elem);
    v->len++;
    return 0;
}

/* ---- phase 2 records ----------------------------------------------------------- */

/* One worker's tenure of a role. */
struct tenure {
    int64_t start, end; /* [start, end); end = NEVER while held at as-of */
    struct mo from;     /* the allocating event's moment, in its precision */
    int32_t worker;
    uint32_t ev;        /* the allocating event's position */
};

/* A role held without a break, across changes of holder. */
struct held {
    int64_t start, end;
    struct mo from;
};

struct absence {
    int64_t start, end;
    struct mo from;
    int32_t worker;
    bool counting; /* the worker held an allocated role when it started */
    bool left;     /* `worker-absent left`: the worker has left */
    int spell;     /* the spell containing the start, 0 if none */
};

/* Times a counting worker holds the case; the end keeps its event's precision. */
struct cover {
    int64_t start, end;
    struct mo until;
};

struct spell {
    struct mo start;
    int64_t start_t;   /* the timeline moment of the opening event */
    int64_t end;       /* NEVER if ongoing at as-of */
    struct mo end_mo;  /* the ending event's moment */
    struct mo cross;
    int index;         /* 1-based within the episode */
};

struct change {
    int64_t t;
    int value;
    struct mo at;
};

struct periods {
    size_t first, last;  /* timeline positions [first, last) of the episode, up to as-of */
    struct mo open;
    int64_t close_t;     /* NEVER if open at as-of */
    struct avec tenures[UNALLOC_ROLE_COUNT_]; /* struct tenure */
    struct avec held[UNALLOC_ROLE_COUNT_];    /* struct held */
    struct avec absences;                     /* struct absence */
    struct avec covers;                       /* struct cover */
    struct avec spells;                       /* struct spell */
    struct avec categories, ratings;          /* struct change */
    /* state at as-of */
    int category;
    bool criteria_met, assessed;
    int32_t holder[UNALLOC_ROLE_COUNT_];        /* worker, NONE if nobody */
    unsigned holding;                           /* the roles whose holder is not NONE */
    const char *locality;
};

struct ctx {
    const struct unalloc_calendar *cal;
    const struct unalloc_policy *pol;
    const struct unalloc_case *c;
    const struct ua_timeline *tl;
    struct mo as_of;  /* t = the last minute included */
    int32_t as_of_day;
    int allocated_roles[UNALLOC_ROLE_COUNT_]; /* the roles that count as allocated */
    int n_allocated_roles;
    struct absence_key *absence_index; /* NULL until absent_at() needs it */
    uint32_t *warning_slots;           /* hash set over warnings: index + 1 */
    size_t warning_cap;
    /* The result being built (res = &stage): its arrays and strings live in
     * the arena until finish() copies them, with the struct, into one block. */
    struct unalloc_result *res;
    struct avec occ;      /* struct ua_occ, in generation order */
    /* occ's sort keys as two runs in output order, [0, occ_mid) and
     * [occ_mid, occ.len) (key_rec()): place() merges them as it writes. */
    const uint64_t *occ_order;
    size_t occ_mid;
    struct avec esc;      /* struct unalloc_escalation_level */
    struct avec warnings; /* struct ua_warning */
    size_t string_bytes;  /* the bytes of keep_str()'s strings, NULs included */
    bool warning_strings; /* a warning names a string (a worker) */
    bool holders;         /* a role has a holder at as-of (holder) */
    /* Who holds each role at as-of, when holders (else not read): place()
     * copies it into the base's block for res->holder. */
    const char *holder[UNALLOC_ROLE_COUNT_];
    struct unalloc_error *err;
    bool dob_warned;
    /* For a series (unalloc_evaluate_series): the last as-of minute at which
     * phases 2 to 4 would give what they gave (the next event, a threshold
     * not yet crossed, a first due not yet passed), and what phase 5 and a
     * restatement at a later as-of reuse. */
    int64_t stable_until;
    const struct spell *cur;
    int cur_spell;            /* cur's index (1-based), 0 if none */
    size_t periods_hi;        /* phase 2's warnings: warnings[0, periods_hi) */
    size_t gen_lo, gen_hi;    /* phase 3 and 4's warnings: warnings[gen_lo, gen_hi) */
    /* The rule whose warnings warn_actor() had last, or -1: they are
     * [rule_lo, len), the latest moment one of them names rule_at. */
    int rule_now;
    size_t rule_lo;
    int64_t rule_at;
    size_t esc_hi;            /* phase 5's escalation warnings: [gen_hi, esc_hi), then the checks' */
    /* ctx_init() clears everything above; what follows is set as needed. */
    struct unalloc_result stage; /* cleared by stage_begin() */
    struct periods p;            /* cleared by periods_init() in evaluate_at() */
    /* Recently converted days (serial day -> civil date), direct-mapped:
     * many moments of one case share a day. */
    struct {
        int32_t day;
        struct unalloc_date date;
    } civil[16];
    struct arena arena;
};

/* The answer of phases 2 to 4 holds for as-of minutes before t only: a
 * series restates a result only within that bound. */
static void
stable_before(struct ctx *x, int64_t t)
{
    if (t - 1 < x->stable_until)
        x->stable_until = t - 1;
}

/* Appends *item to an arena vector; -1 (and err filled) when memory runs out. */
#define push(x, v, item) push_((x), (v), sizeof *(item), (item))
static inline int
push_(struct ctx *x, struct avec *v, size_t elem, const void *item)
{
    if (avec_push(&x->arena, v, elem, item) != 0) {
        ua_nomem(x->err);
        return -1;
    }
    return 0;
}

/* to_public() through the context's cache of converted days. */
static struct unalloc_moment
public_moment(struct ctx *x, struct mo m)
{
    const int32_t d = day_of(m.t);
    const unsigned slot = (unsigned)d & 15u;
    if (x->civil[slot].day != d) {
        x->civil[slot].day = d;
        x->civil[slot].date = ua_civil_from_days(d);
    }
    return moment_of(m, x->civil[slot].date, d);
}

static struct mo
ev_mo(const struct ua_tev *e)
{
    struct mo m = { e->at, e->timed };
    return m;
}

/* Warnings are compared field by field (never as bytes: a struct's padding
 * is not copied reliably), strings by their text. The hash mixes the
 * numeric fields only (small ones packed into one word; a field cut short
 * only costs a collision, which equality then settles); equal strings then
 * decide. */
static uint64_t
warning_hash(const struct ua_warning *w)
{
    const uint64_t small = (uint64_t)w->code | (uint64_t)(uint16_t)w->rule << 8 |
                           (uint64_t)(uint16_t)w->check << 24 | (uint64_t)(uint8_t)w->role << 40 |
                           (uint64_t)w->timed << 48 | (uint64_t)w->timed2 << 49;
    uint64_t h = (small ^ (uint64_t)(uint32_t)w->value << 50) * UINT64_C(0x9e3779b97f4a7c15);
    h ^= (uint64_t)w->at * UINT64_C(0xff51afd7ed558ccd);
    h ^= (uint64_t)w->at2 * UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 32;
    h *= UINT64_C(0xd6e8feb86659fd93);
    return h ^ (h >> 29);
}

static bool
same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool
same_warning(const struct ua_warning *a, const struct ua_warning *b)
{
    return a->code == b->code && a->rule == b->rule && a->check == b->check &&
           a->role == b->role && a->value == b->value && a->at == b->at && a->at2 == b->at2 &&
           a->timed == b->timed && a->timed2 == b->timed2 && same_str(a->s1, b->s1) &&
           same_str(a->s2, b->s2);
}

/* Appends w to the warnings. */
static inline enum unalloc_status
append_warning(struct ctx *x, const struct ua_warning *w)
{
    struct ua_warning *slot;
    if (!(slot = avec_next(&x->arena, &x->warnings, sizeof *slot)))
        return ua_nomem(x->err);
    /* field by field: a struct copy would read, in wide loads, a record
     * its caller has just written field by field (a store-forwarding stall) */
    slot->code = w->code;
    slot->rule = w->rule;
    slot->check = w->check;
    slot->role = w->role;
    slot->value = w->value;
    slot->at = w->at;
    slot->at2 = w->at2;
    slot->timed = w->timed;
    slot->timed2 = w->timed2;
    slot->s1 = w->s1;
    slot->s2 = w->s2;
    x->warning_strings |= w->s1 || w->s2;
    x->warnings.len++;
    return UNALLOC_OK;
}

/* Adds a warning once (equal warnings are kept once): compared with each
 * while there are fewer than WARN_BY_SET, then through a hash set (made
 * then, of every warning kept) so that a case with many warnings costs
 * O(n). */
#define WARN_BY_SET 16
static enum unalloc_status
warn(struct ctx *x, const struct ua_warning *w)
{
    struct avec *v = &x->warnings;
    enum unalloc_status st;
    size_t i;
    if (!x->warning_cap && v->len < WARN_BY_SET) {
        /* a few: compared one by one (the set would cost more to make) */
        const struct ua_warning *had = v->data;
        for (size_t k = 0; k < v->len; k++)
            if (had[k].code == w->code && same_warning(&had[k], w))
                return UNALLOC_OK;
        return append_warning(x, w);
    }
    if ((v->len + 1) * 2 > x->warning_cap) {
        /* at most half full (rewarn() may have added many at once) */
        size_t cap = x->warning_cap ? x->warning_cap * 2 : 64;
        uint32_t *slots;
        if (v->len >= UINT32_MAX / 4)
            return ua_nomem(x->err);
        while ((v->len + 1) * 2 > cap)
            cap *= 2;
        if (!(slots = arena_alloc(&x->arena, cap * sizeof *slots)))
            return ua_nomem(x->err);
        memset(slots, 0, cap * sizeof *slots);
        for (size_t k = 0; k < v->len; k++) {
            size_t j = (size_t)warning_hash(&UA_VEC_AT(v, struct ua_warning, k)) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = (uint32_t)k + 1;
        }
        x->warning_slots = slots;
        x->warning_cap = cap;
    }
    for (i = (size_t)warning_hash(w) & (x->warning_cap - 1); x->warning_slots[i];
         i = (i + 1) & (x->warning_cap - 1))
        if (same_warning(&UA_VEC_AT(v, struct ua_warning, x->warning_slots[i] - 1), w))
            return UNALLOC_OK;
    if ((st = append_warning(x, w)) == UNALLOC_OK)
        x->warning_slots[i] = (uint32_t)v->len;
    return st;
}

/* The warning that rule ri's occurrence was met by e, which records no
 * actor, taken as role's: one for each such event, made straight into the
 * warnings. Only the rule's own run makes one equal to it (each names its
 * rule), so it is compared with that run's warnings alone, [rule_lo, len),
 * and only when one of them names a moment as late (the events that meet a
 * rule's chains come in time order, so usually none does). It does not go
 * through warn()'s set, which no later warning can find it through: none
 * equals it. */
static enum unalloc_status
warn_actor(struct ctx *x, size_t ri, const struct ua_tev *e, int role)
{
    struct ua_warning *slot;
    if ((int)ri != x->rule_now) { /* the rule's first: phase 4 runs each rule once */
        x->rule_now = (int)ri;
        x->rule_lo = x->warnings.len;
        x->rule_at = e->at;
    } else if (e->at > x->rule_at) {
        x->rule_at = e->at;
    } else {
        const struct ua_warning *had = x->warnings.data;
        for (size_t i = x->rule_lo; i < x->warnings.len; i++)
            if (had[i].code == UNALLOC_WARNING_ACTOR_ASSUMED && had[i].rule == (int)ri &&
                had[i].value == e->kind && had[i].role == role && had[i].at == e->at &&
                had[i].timed == e->timed)
                return UNALLOC_OK;
    }
    if (!(slot = avec_next(&x->arena, &x->warnings, sizeof *slot)))
        return ua_nomem(x->err);
    slot->code = UNALLOC_WARNING_ACTOR_ASSUMED;
    slot->rule = (int)ri;
    slot->check = -1;
    slot->role = role;
    slot->value = e->kind;
    slot->at = e->at;
    slot->at2 = INT64_MIN;
    slot->timed = e->timed;
    slot->timed2 = false;
    slot->s1 = slot->s2 = NULL;
    x->warnings.len++;
    return UNALLOC_OK;
}

static struct ua_warning
warning(enum unalloc_warning_code code)
{
    return (struct ua_warning){ .code = code,
                                .rule = -1,
                                .check = -1,
                                .role = -1,
                                .value = -1,
                                .at = INT64_MIN,
                                .at2 = INT64_MIN };
}

/* s, a string of the case (its id, a worker's name, a locality; NULL stays
 * NULL), kept for the result (warning paths and the summary only): borrowed
 * from the case, which does not change while it is evaluated, until place()
 * copies it into the result's block (string_bytes counts the room). It
 * cannot fail. */
static const char *
keep_str(struct ctx *x, const char *s)
{
    if (s)
        x->string_bytes += strlen(s) + 1;
    return s;
}

/* ==== phase 2: periods ============================================================
 * Owns: the episode at as-of; per role, its tenures (one per holder) and the
 * runs it is held without a break; absences; unallocated spells, merged
 * across stop-gaps; the times a counting worker holds the case; category,
 * rating and criteria changes. One pass over the episode's events. */

enum cause { C_NONE, C_NO_HOLDER, C_ABSENCE };

/* What the walk keeps per worker (one array: one allocation, one pass to set it up). */
struct worker_walk {
    int32_t open_absence; /* index into absences, or NONE */
    int roles_held;       /* allocated roles held now */
    unsigned ever_held;   /* roles held at some time in the episode */
};

struct walk {
    struct worker_walk *wk; /* per worker */
    struct spell cur;
    bool in_spell;
    enum cause cause;
    bool covered;
};

/* Whether a holder of an allocated role is working the case (not absent,
 * when the policy counts absences), and whether there is one at all. */
static enum cause
condition(const struct ctx *x, const struct walk *w, bool *counting)
{
    const struct unalloc_definition *d = &x->pol->def;
    const struct periods *p = &x->p;
    bool any = false, effective = false;
    for (int k = 0; k < x->n_allocated_roles; k++) {
        const int32_t h = p->holder[x->allocated_roles[k]];
        if (h == NONE)
            continue;
        any = true;
        if (!d->has_absence || w->wk[h].open_absence == NONE)
            effective = true;
    }
    *counting = effective;
    if (p->category < 0 || !(d->scope & (1u << p->category)))
        return C_NONE;
    if (d->needs_named_worker && !p->criteria_met)
        return C_NONE;
    if (effective)
        return C_NONE;
    return any ? C_ABSENCE : C_NO_HOLDER;
}

static struct tenure *
current_tenure(struct periods *p, int role)
{
    struct avec *v = &p->tenures[role];
    if (!v->len || UA_VEC_AT(v, struct tenure, v->len - 1).end != NEVER)
        return NULL;
    return &UA_VEC_AT(v, struct tenure, v->len - 1);
}

/* Ends an absence of a worker who holds no allocated role any more. */
static void
end_orphaned_absence(struct ctx *x, struct walk *w, int32_t worker, int64_t t)
{
    if (worker == NONE || w->wk[worker].roles_held > 0 || w->wk[worker].open_absence == NONE)
        return;
    struct absence *a = &UA_VEC_AT(&x->p.absences, struct absence, w->wk[worker].open_absence);
    if (a->counting) {
        a->end = t;
        w->wk[worker].open_absence = NONE;
    }
}

static enum unalloc_status
end_tenure(struct ctx *x, struct walk *w, int role, int64_t t)
{
    struct periods *p = &x->p;
    struct tenure *cur = current_tenure(p, role);
    if (!cur)
        return UNALLOC_OK;
    cur->end = t;
    p->holder[role] = NONE;
    p->holding &= ~(1u << role);
    if (x->pol->def.allocated_roles & (1u << role)) {
        w->wk[cur->worker].roles_held--;
        end_orphaned_absence(x, w, cur->worker, t);
    }
    if (p->held[role].len)
        UA_VEC_AT(&p->held[role], struct held, p->held[role].len - 1).end = t;
    return UNALLOC_OK;
}

static enum unalloc_status
allocate(struct ctx *x, struct walk *w, const struct ua_tev *e, uint32_t pos)
{
    struct periods *p = &x->p;
    const int role = e->detail;
    const bool counts = (x->pol->def.allocated_roles & (1u << role)) != 0;
    struct tenure *cur = current_tenure(p, role);
    struct tenure tn = { e->t, NEVER, ev_mo(e), e->worker, pos };
    if (cur && cur->worker == e->worker)
        return UNALLOC_OK; /* the same worker again: the tenure goes on */
    if (cur) {
        /* A new holder replaces the previous one; the role stays held. */
        cur->end = e->t;
        if (counts) {
            w->wk[cur->worker].roles_held--;
            end_orphaned_absence(x, w, cur->worker, e->t);
        }
    } else if (p->held[role].len &&
               UA_VEC_AT(&p->held[role], struct held, p->held[role].len - 1).end == e->t) {
        /* Taken off and given to a worker at one moment (a handover with
         * its deallocation row): a gap of no length, so the run goes on. */
        UA_VEC_AT(&p->held[role], struct held, p->held[role].len - 1).end = NEVER;
    } else {
        struct held h = { e->t, NEVER, ev_mo(e) };
        if (push(x, &p->held[role], &h))
            return UNALLOC_E_NOMEM;
    }
    if (push(x, &p->tenures[role], &tn))
        return UNALLOC_E_NOMEM;
    p->holder[role] = e->worker; /* never NONE: an allocation names its worker */
    p->holding |= 1u << role;
    w->wk[e->worker].ever_held |= 1u << role;
    if (counts)
        w->wk[e->worker].roles_held++;
    return UNALLOC_OK;
}

static enum unalloc_status
deallocate(struct ctx *x, struct walk *w, const struct ua_tev *e)
{
    struct periods *p = &x->p;
    const int role = e->detail;
    const int32_t h = p->holder[role];
    struct ua_warning wn;
    if (h == NONE) {
        wn = warning(UNALLOC_WARNING_DEALLOCATED_UNHELD);
        wn.role = role;
        wn.at = e->at;
        wn.timed = e->timed;
        return warn(x, &wn);
    }
    if (e->worker == NONE || e->worker == h)
        return end_tenure(x, w, role, e->t);
    if (w->wk[e->worker].ever_held & (1u << role)) {
        /* A handover recorded late: the named worker was already replaced. */
        wn = warning(UNALLOC_WARNING_LATE_HANDOVER);
        wn.role = role;
        wn.at = e->at;
        wn.timed = e->timed;
        wn.s1 = keep_str(x, e->e->wname);
        wn.s2 = keep_str(x, ua_case_worker(x->c, h));
        return warn(x, &wn);
    }
    /* A worker who never held the role: end the holding all the same, so a
     * mismatch never keeps a child counted as allocated. */
    wn = warning(UNALLOC_WARNING_DEALLOCATED_OTHER_WORKER);
    wn.role = role;
    wn.at = e->at;
    wn.timed = e->timed;
    wn.s1 = keep_str(x, e->e->wname);
    wn.s2 = keep_str(x, ua_case_worker(x->c, h));
    if (warn(x, &wn) != UNALLOC_OK)
        return UNALLOC_E_NOMEM;
    return end_tenure(x, w, role, e->t);
}

static enum unalloc_status
absence_starts(struct ctx *x, struct walk *w, const struct ua_tev *e)
{
    struct absence a = { e->t, NEVER, ev_mo(e), e->worker, false, e->detail == UA_ABSENCE_LEFT, 0 };
    if (w->wk[e->worker].open_absence != NONE)
        return UNALLOC_OK;
    a.counting = w->wk[e->worker].roles_held > 0;
    if (push(x, &x->p.absences, &a))
        return UNALLOC_E_NOMEM;
    w->wk[e->worker].open_absence = (int32_t)x->p.absences.len - 1;
    return UNALLOC_OK;
}

/* The kinds whose effect (apply(), below) can change condition(): after
 * any other event, step() would find the cause and the cover as they were
 * and do nothing, so build_periods() skips it. A kind given an effect on
 * holders, absences, the category or the criteria joins this list. */
#define CONDITION_KINDS                                                                          \
    (1u << UNALLOC_EVENT_OPENED | 1u << UNALLOC_EVENT_CLOSED | 1u << UNALLOC_EVENT_CATEGORY |     \
     1u << UNALLOC_EVENT_ALLOCATED | 1u << UNALLOC_EVENT_DEALLOCATED |                            \
     1u << UNALLOC_EVENT_WORKER_ABSENT | 1u << UNALLOC_EVENT_WORKER_RETURNED |                    \
     1u << UNALLOC_EVENT_ASSESSMENT_CONCLUDED | 1u << UNALLOC_EVENT_ALLOCATION_DECISION)
_Static_assert(UNALLOC_EVENT_KIND_COUNT_ <= 32, "an event kind is a bit of an unsigned");
/* The kinds apply() or step() acts on: the walk passes over the others. */
#define WALK_KINDS (CONDITION_KINDS | 1u << UNALLOC_EVENT_RATING)

/* Applies one event's effect on the periods. */
static enum unalloc_status
apply(struct ctx *x, struct walk *w, const struct ua_tev *e, uint32_t pos)
{
    struct periods *p = &x->p;
    struct change ch = { e->t, e->detail, ev_mo(e) };
    switch (e->kind) {
    case UNALLOC_EVENT_OPENED:
    case UNALLOC_EVENT_CATEGORY:
        p->category = e->detail;
        return push(x, &p->categories, &ch) ? UNALLOC_E_NOMEM : UNALLOC_OK;
    case UNALLOC_EVENT_ALLOCATED:
        return allocate(x, w, e, pos);
    case UNALLOC_EVENT_DEALLOCATED:
        return deallocate(x, w, e);
    case UNALLOC_EVENT_WORKER_ABSENT:
        return absence_starts(x, w, e);
    case UNALLOC_EVENT_WORKER_RETURNED:
        if (w->wk[e->worker].open_absence != NONE) {
            UA_VEC_AT(&p->absences, struct absence, w->wk[e->worker].open_absence).end = e->t;
            w->wk[e->worker].open_absence = NONE;
        }
        return UNALLOC_OK;
    case UNALLOC_EVENT_ASSESSMENT_CONCLUDED:
        p->assessed = true;
        p->criteria_met = e->detail == UA_OUTCOME_NEEDS_SW;
        return UNALLOC_OK;
    case UNALLOC_EVENT_ALLOCATION_DECISION:
        p->criteria_met = true;
        return UNALLOC_OK;
    case UNALLOC_EVENT_RATING:
        return push(x, &p->ratings, &ch) ? UNALLOC_E_NOMEM : UNALLOC_OK;
    default:
        return UNALLOC_OK;
    }
}

/* The start of the latest absence of a counting holder still open; *left
 * says whether that worker has left. */
static int64_t
absence_start(const struct ctx *x, const struct walk *w, int64_t fallback, bool *left)
{
    int64_t s = INT64_MIN;
    *left = false;
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++) {
        const int32_t h = x->p.holder[r];
        if (!(x->pol->def.allocated_roles & (1u << r)) || h == NONE ||
            w->wk[h].open_absence == NONE)
            continue;
        const struct absence *a = &UA_VEC_AT(&x->p.absences, struct absence, w->wk[h].open_absence);
        if (a->counting && a->start > s) {
            s = a->start;
            *left = a->left;
        }
    }
    return s == INT64_MIN ? fallback : s;
}

/* A spell ends (with a length) or reaches as-of: merge it into the one
 * before when that one had crossed its threshold and the allocation between
 * them was shorter than merge-spells-within (a stop-gap), else record it. */
static enum unalloc_status
finish_spell(struct ctx *x, struct spell *s)
{
    struct periods *p = &x->p;
    const struct unalloc_definition *d = &x->pol->def;
    if (p->spells.len && d->merge_within.amount > 0) {
        struct spell *prev = &UA_VEC_AT(&p->spells, struct spell, p->spells.len - 1);
        struct mo limit;
        const bool crossed = prev->cross.t != NEVER && prev->cross.t < prev->end;
        const bool short_gap = offset(&limit, x->cal, prev->end_mo, d->merge_within, 0)
                                   ? s->start_t < limit.t
                                   : true;
        if (crossed && short_gap) {
            struct ua_warning wn = warning(UNALLOC_WARNING_STOPGAP);
            wn.at = prev->end_mo.t;
            wn.timed = prev->end_mo.timed;
            wn.at2 = s->start.t;
            wn.timed2 = s->start.timed;
            prev->end = s->end;
            prev->end_mo = s->end_mo;
            return warn(x, &wn);
        }
    }
    s->index = (int)p->spells.len + 1;
    return push(x, &p->spells, s) ? UNALLOC_E_NOMEM : UNALLOC_OK;
}

/* The spell and cover state machine after one event. */
static enum unalloc_status
step(struct ctx *x, struct walk *w, const struct ua_tev *e, bool closing)
{
    const struct unalloc_definition *d = &x->pol->def;
    struct periods *p = &x->p;
    bool counting;
    enum cause now = condition(x, w, &counting);
    enum unalloc_status st = UNALLOC_OK;
    if (closing) {
        now = C_NONE;
        counting = false;
    }
    if (counting != w->covered) {
        struct cover *last =
            p->covers.len ? &UA_VEC_AT(&p->covers, struct cover, p->covers.len - 1) : NULL;
        if (counting && last && last->end == e->t) {
            /* A counting worker again at the moment one stopped (a handover
             * at one moment): no gap, the cover goes on. */
            last->end = NEVER;
            last->until.t = NEVER;
            last->until.timed = false;
        } else if (counting) {
            struct cover cv = { e->t, NEVER, { NEVER, false } };
            if (push(x, &p->covers, &cv))
                return UNALLOC_E_NOMEM;
        } else {
            struct cover *cv = &UA_VEC_AT(&p->covers, struct cover, p->covers.len - 1);
            cv->end = e->t;
            cv->until = ev_mo(e);
        }
        w->covered = counting;
    }
    if (!w->in_spell && now != C_NONE) {
        memset(&w->cur, 0, sizeof w->cur);
        w->cur.start = ev_mo(e);
        w->cur.start_t = e->t;
        w->cur.end = NEVER;
        w->cur.end_mo.t = NEVER;
        if (now == C_ABSENCE) {
            /* Counted from the absence's start, not before this spell. */
            bool left;
            struct mo from = { absence_start(x, w, e->t, &left), e->timed };
            w->cur.cross = crossing(x->cal, from, &d->absence);
            if (left && d->leavers_unallocated) {
                /* A worker who has left is not coming back: the case has no
                 * worker from that day (`leavers unallocated-after`). */
                struct mo c2 = crossing(x->cal, from, &d->unallocated);
                if (c2.t < w->cur.cross.t)
                    w->cur.cross = c2;
            }
        } else {
            w->cur.cross = crossing(x->cal, w->cur.start, &d->unallocated);
        }
        w->in_spell = true;
    } else if (w->in_spell && now == C_NONE) {
        w->cur.end = e->t;
        w->cur.end_mo = ev_mo(e);
        if (w->cur.end > w->cur.start_t)
            st = finish_spell(x, &w->cur);
        w->in_spell = false;
    } else if (w->in_spell && now == C_NO_HOLDER && w->cause == C_ABSENCE) {
        /* The absent worker was deallocated: the ordinary threshold now
         * runs too, from this moment; whichever passes first counts. */
        struct mo c2 = crossing(x->cal, ev_mo(e), &d->unallocated);
        if (c2.t < w->cur.cross.t)
            w->cur.cross = c2;
    }
    w->cause = now;
    return st;
}

/* Finds the episode at as-of (the one open then, or the last one closed) and walks it. */
static enum unalloc_status
build_periods(struct ctx *x)
{
    const struct ua_timeline *tl = x->tl;
    struct periods *p = &x->p;
    struct walk w;
    size_t n, first;
    const uint32_t *opened = &tl->by_kind[tl->kind_start[UNALLOC_EVENT_OPENED]];
    size_t n_opened = tl->kind_start[UNALLOC_EVENT_OPENED + 1] - tl->kind_start[UNALLOC_EVENT_OPENED];
    enum unalloc_status st = UNALLOC_OK;

    /* Events up to as-of: a prefix of the timeline. */
    {
        size_t lo = 0, hi = tl->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (tl->ev[mid].t <= x->as_of.t)
                lo = mid + 1;
            else
                hi = mid;
        }
        n = lo;
    }
    if (n < tl->n)
        stable_before(x, tl->ev[n].t);
    /* The locality is the latest recorded, in this episode or before. */
    {
        size_t lo = 0, hi = tl->n_locality;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (tl->with_locality[mid] < n)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo)
            p->locality = tl->ev[tl->with_locality[lo - 1]].e->locality;
    }
    /* The last `opened` up to as-of starts the episode. */
    while (n_opened && opened[n_opened - 1] >= n)
        n_opened--;
    p->close_t = NEVER;
    if (!n_opened) {
        p->first = p->last = 0;
        return UNALLOC_OK;
    }
    first = opened[n_opened - 1];
    p->first = first;
    p->last = n;
    p->open = ev_mo(&tl->ev[first]);

    memset(&w, 0, sizeof w);
    if (!(w.wk = arena_alloc(&x->arena, (tl->workers + 1) * sizeof *w.wk)))
        return ua_nomem(x->err);
    for (size_t i = 0; i <= tl->workers; i++)
        w.wk[i] = (struct worker_walk){ NONE, 0, 0 };

    for (size_t i = first; i < n && st == UNALLOC_OK; i++) {
        const struct ua_tev *e = &tl->ev[i];
        const bool closing = e->kind == UNALLOC_EVENT_CLOSED;
        if (!(WALK_KINDS >> e->kind & 1u))
            continue; /* a visit, a review...: no effect on the periods */
        if (closing) {
            p->close_t = e->t;
            p->last = i + 1;
        }
        if ((st = apply(x, &w, e, (uint32_t)i)) == UNALLOC_OK && (CONDITION_KINDS >> e->kind & 1u))
            st = step(x, &w, e, closing);
        if (closing)
            break;
    }
    if (st == UNALLOC_OK && w.in_spell)
        st = finish_spell(x, &w.cur);
    if (st == UNALLOC_OK && p->close_t != NEVER) {
        for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++) {
            struct tenure *t = current_tenure(p, r);
            if (t)
                t->end = p->close_t;
            if (p->held[r].len && UA_VEC_AT(&p->held[r], struct held, p->held[r].len - 1).end == NEVER)
                UA_VEC_AT(&p->held[r], struct held, p->held[r].len - 1).end = p->close_t;
        }
        for (size_t k = 0; k < p->absences.len; k++)
            if (UA_VEC_AT(&p->absences, struct absence, k).end == NEVER)
                UA_VEC_AT(&p->absences, struct absence, k).end = p->close_t;
    }
    /* Each absence belongs to the spell containing its start. */
    for (size_t k = 0, s = 0; st == UNALLOC_OK && k < p->absences.len; k++) {
        struct absence *a = &UA_VEC_AT(&p->absences, struct absence, k);
        while (s < p->spells.len && UA_VEC_AT(&p->spells, struct spell, s).end <= a->start)
            s++;
        if (s < p->spells.len && UA_VEC_AT(&p->spells, struct spell, s).start.t <= a->start)
            a->spell = UA_VEC_AT(&p->spells, struct spell, s).index;
    }
    if (st == UNALLOC_E_NOMEM)
        return ua_nomem(x->err);
    return st;
}

/* ---- lookups on phase 2's records (binary searches) ------------------------------ */

/* The value in force at t, or -1. */
static int
value_at(const struct avec *changes, int64_t t)
{
    size_t lo = 0, hi = changes->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (UA_VEC_AT(changes, struct change, mid).t <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? UA_VEC_AT(changes, struct change, lo - 1).value : -1;
}

/* The record of v containing minute t, or NULL: v holds intervals [start,
 * end) sorted by start and not overlapping (a role's runs of holding, its
 * tenures, the covers). One binary search, typed per record. */
#define INTERVAL_AT(name, type)                                                                \
    static const struct type *name(const struct avec *v, int64_t t)                           \
    {                                                                                          \
        size_t lo = 0, hi = v->len;                                                            \
        while (lo < hi) {                                                                      \
            const size_t mid = lo + (hi - lo) / 2;                                             \
            if (UA_VEC_AT(v, struct type, mid).start <= t)                                     \
                lo = mid + 1;                                                                  \
            else                                                                               \
                hi = mid;                                                                      \
        }                                                                                      \
        return lo && t < UA_VEC_AT(v, struct type, lo - 1).end                                 \
                   ? &UA_VEC_AT(v, struct type, lo - 1)                                        \
                   : NULL;                                                                     \
    }

INTERVAL_AT(held_at, held)
INTERVAL_AT(tenure_at, tenure)
INTERVAL_AT(cover_at, cover)

/* Absences by worker then start, for absent_at(); built on first use. */
struct absence_key {
    int32_t worker;
    int64_t start, end;
};

static int
cmp_absence_key(const void *pa, const void *pb)
{
    const struct absence_key *a = pa, *b = pb;
    if (a->worker != b->worker)
        return a->worker < b->worker ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Whether worker is absent at t. -1 when memory runs out. */
static int
absent_at(struct ctx *x, int32_t worker, int64_t t)
{
    const struct avec *v = &x->p.absences;
    size_t lo = 0, hi = v->len;
    if (!v->len)
        return 0;
    if (!x->absence_index) {
        if (!(x->absence_index = arena_alloc(&x->arena, v->len * sizeof *x->absence_index)))
            return -1;
        for (size_t i = 0; i < v->len; i++) {
            const struct absence *a = &UA_VEC_AT(v, struct absence, i);
            x->absence_index[i] = (struct absence_key){ a->worker, a->start, a->end };
        }
        qsort(x->absence_index, v->len, sizeof *x->absence_index, cmp_absence_key);
    }
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const struct absence_key *k = &x->absence_index[mid];
        if (k->worker < worker || (k->worker == worker && k->start <= t))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo && x->absence_index[lo - 1].worker == worker && t < x->absence_index[lo - 1].end;
}

/* ==== phase 3: rule instances ========================================================
 * Owns: for each rule, the anchored instances (one per episode, spell,
 * threshold crossing, holding, absence, or met/missed occurrence of an
 * earlier rule), each with its anchor, the period whose events can meet it,
 * and its window. One builder per anchor kind. */

struct instance {
    struct mo anchor;
    struct mo open;      /* from when an event satisfies the first occurrence */
    int64_t window_end;  /* NEVER while open; no later event meets it (before_end()) */
    int spell;
    bool defer;          /* due moments falling while a counting worker holds the case wait */
    long after;          /* events at positions up to this cannot satisfy it */
    bool holds;          /* the rule's conditions hold at the anchor (set by phase 4) */
    /* first occurrence, for met/missed anchors of later rules */
    bool has_first;
    struct mo first_due;
    long first_met;      /* position, or -1 */
};

/* A new instance at the end of out, made in place (out->len++ keeps it);
 * NULL when memory runs out. */
static struct instance *
instance(struct ctx *x, struct avec *out, struct mo anchor, struct mo open, int64_t window_end,
         int spell, bool defer)
{
    struct instance *in = avec_next(&x->arena, out, sizeof *in);
    if (!in) {
        ua_nomem(x->err);
        return NULL;
    }
    memset(in, 0, sizeof *in);
    in->anchor = anchor;
    in->open = open;
    in->window_end = window_end;
    in->spell = spell;
    in->defer = defer;
    in->after = -1;
    in->first_met = -1;
    return in;
}

static bool
crossed(const struct spell *s)
{
    return s->cross.t != NEVER && s->cross.t < s->end;
}

/* The first moment in spell s that role is held, and the run it is in. */
static const struct held *
first_holding(const struct periods *p, int role, const struct spell *s)
{
    const struct avec *v = &p->held[role];
    size_t lo = 0, hi = v->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (UA_VEC_AT(v, struct held, mid).end <= s->start.t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < v->len && UA_VEC_AT(v, struct held, lo).start < s->end)
        return &UA_VEC_AT(v, struct held, lo);
    return NULL;
}

static enum unalloc_status
build_opened(struct ctx *x, const struct unalloc_rule *r, struct avec *out)
{
    (void)r;
    if (!instance(x, out, x->p.open, x->p.open, x->p.close_t, 0, false))
        return UNALLOC_E_NOMEM;
    out->len++;
    return UNALLOC_OK;
}

/* The position of the first event of kind k at or after moment `from` and
 * before moment `to` (up to as-of, in the episode); -1 if none. */
static long
first_in(const struct ctx *x, int k, int64_t from, int64_t to)
{
    const struct ua_timeline *tl = x->tl;
    const uint32_t *pos = &tl->by_kind[tl->kind_start[k]];
    const size_t n = tl->kind_start[k + 1] - tl->kind_start[k];
    size_t a = 0, b = n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (pos[mid] < x->p.first || tl->ev[pos[mid]].t < from)
            a = mid + 1;
        else
            b = mid;
    }
    return a < n && pos[a] < x->p.last && tl->ev[pos[a]].t < to ? (long)pos[a] : -1;
}

/* An instance for spell s at the end of out, anchored at the spell's start
 * (the builders below move the anchor); NULL when memory runs out. */
static struct instance *
spell_instance(struct ctx *x, struct avec *out, const struct spell *s)
{
    return instance(x, out, s->start, s->start, s->end, s->index, true);
}

/* Keeps the instance just made (out->len++), with the rule's window, unless
 * its anchor comes after as-of: then the answer holds only until as-of
 * passes it. */
static void
keep(struct ctx *x, const struct unalloc_rule *r, struct avec *out, struct instance *in)
{
    if (in->anchor.t > x->as_of.t) {
        stable_before(x, in->anchor.t);
        return;
    }
    if (r->window == UNALLOC_WINDOW_EPISODE) {
        in->window_end = x->p.close_t;
        in->open = x->p.open;
    }
    out->len++;
}

/* `from spell`: each spell's start. */
static enum unalloc_status
build_spells(struct ctx *x, const struct unalloc_rule *r, struct avec *out)
{
    for (size_t i = 0; i < x->p.spells.len; i++) {
        struct instance *in = spell_instance(x, out, &UA_VEC_AT(&x->p.spells, struct spell, i));
        if (!in)
            return UNALLOC_E_NOMEM;
        keep(x, r, out, in);
    }
    return UNALLOC_OK;
}

/* `from threshold`: each spell's crossing, for the spells that cross. */
static enum unalloc_status
build_thresholds(struct ctx *x, const struct unalloc_rule *r, struct avec *out)
{
    for (size_t i = 0; i < x->p.spells.len; i++) {
        const struct spell *s = &UA_VEC_AT(&x->p.spells, struct spell, i);
        struct instance *in;
        if (!crossed(s))
            continue;
        if (!(in = spell_instance(x, out, s)))
            return UNALLOC_E_NOMEM;
        in->anchor = s->cross;
        keep(x, r, out, in);
    }
    return UNALLOC_OK;
}

/* `from concern`: a duty conditional on a concern, from the first one
 * recorded in each spell, never for every case. */
static enum unalloc_status
build_concerns(struct ctx *x, const struct unalloc_rule *r, struct avec *out)
{
    for (size_t i = 0; i < x->p.spells.len; i++) {
        const struct spell *s = &UA_VEC_AT(&x->p.spells, struct spell, i);
        const long c = first_in(x, UNALLOC_EVENT_CONCERN_RAISED, s->start.t, s->end);
        struct instance *in;
        if (c < 0)
            continue;
        if (!(in = spell_instance(x, out, s)))
            return UNALLOC_E_NOMEM;
        in->anchor = ev_mo(&x->tl->ev[c]);
        keep(x, r, out, in);
    }
    return UNALLOC_OK;
}

/* `from holding ROLE`: the first moment in each spell the role is held.
 * With `while holding` the holding is the rule's period: it opens there and
 * runs until nobody holds the role (or the spell ends), and each later run
 * of holding in the spell (a holder again after a time with none) is a
 * period of its own: the document's duty is owed to each worker who takes
 * the role on. With or-threshold, the recorded holding runs the clock
 * however late (the late allocation is flagged by its own rule); the
 * threshold only when the role is not held in the spell, so a missing
 * allocation never stops the clock. */
static enum unalloc_status
build_holdings(struct ctx *x, const struct unalloc_rule *r, struct avec *out)
{
    const struct avec *runs = &x->p.held[r->anchor_role];
    const bool while_holding = r->window == UNALLOC_WINDOW_HOLDING;
    for (size_t i = 0; i < x->p.spells.len; i++) {
        const struct spell *s = &UA_VEC_AT(&x->p.spells, struct spell, i);
        const struct held *h = first_holding(&x->p, r->anchor_role, s), *end;
        struct instance *in;
        if (!h) {
            if (!r->anchor_or_threshold || !crossed(s))
                continue;
            if (!(in = spell_instance(x, out, s)))
                return UNALLOC_E_NOMEM;
            in->anchor = s->cross;
            if (while_holding) {
                const struct held *run = held_at(runs, in->anchor.t);
                in->open = in->anchor;
                if (run && run->end < in->window_end)
                    in->window_end = run->end;
            }
            keep(x, r, out, in);
            continue;
        }
        /* Only now: with no run held, runs->data is not set (periods_init()),
         * and even NULL + 0 is undefined in C (clang's UBSan stops there). */
        end = &UA_VEC_AT(runs, struct held, runs->len);
        for (; h < end && h->start < s->end; h++) {
            if (!(in = spell_instance(x, out, s)))
                return UNALLOC_E_NOMEM;
            in->anchor = h->start <= s->start.t ? s->start : h->from;
            if (while_holding) {
                in->open = in->anchor;
                if (h->end < in->window_end)
                    in->window_end = h->end;
            }
            keep(x, r, out, in);
            if (!while_holding)
                break; /* the first holding anchors the spell's clocks */
        }
    }
    return UNALLOC_OK;
}

static enum unalloc_status
build_absences(struct ctx *x, const struct unalloc_rule *r, struct avec *out)
{
    const struct periods *p = &x->p;
    for (size_t k = 0; k < p->absences.len; k++) {
        const struct absence *a = &UA_VEC_AT(&p->absences, struct absence, k);
        if (!a->counting)
            continue;
        if (!instance(x, out, a->from, a->from,
                      r->window == UNALLOC_WINDOW_EPISODE ? p->close_t : a->end, a->spell, false))
            return UNALLOC_E_NOMEM;
        out->len++;
    }
    return UNALLOC_OK;
}

/* An instance answering instance o of an earlier rule, anchored at o's first
 * due moment (the builders below move the anchor); NULL when memory runs out. */
static struct instance *
answer_instance(struct ctx *x, struct avec *out, const struct instance *o)
{
    return instance(x, out, o->first_due, o->first_due, o->window_end, o->spell, o->defer);
}

/* Keeps an answering instance (out->len++): a response to that rule comes
 * after it; with counts-early, one recorded from that rule's own start
 * counts too (an explanation written before the deadline). */
static void
keep_answer(struct ctx *x, const struct unalloc_rule *r, struct avec *out, struct instance *in,
            const struct instance *o)
{
    in->open = r->counts_early ? o->open : in->anchor;
    if (r->window == UNALLOC_WINDOW_EPISODE)
        in->window_end = x->p.close_t;
    out->len++;
}

/* `from met RULE`: when each of RULE's instances had its first occurrence met. */
static enum unalloc_status
build_met(struct ctx *x, const struct ua_rule *rule, const struct avec *all, struct avec *out)
{
    const struct avec *ref = &all[rule->anchor_index];
    for (size_t k = 0; k < ref->len; k++) {
        const struct instance *o = &UA_VEC_AT(ref, struct instance, k);
        struct instance *in;
        if (!o->has_first || o->first_met < 0)
            continue;
        if (!(in = answer_instance(x, out, o)))
            return UNALLOC_E_NOMEM;
        in->anchor = ev_mo(&x->tl->ev[o->first_met]);
        in->after = o->first_met; /* the next event, not the same one */
        keep_answer(x, &rule->pub, out, in, o);
    }
    return UNALLOC_OK;
}

/* `from missed RULE`: the first due moment of each of RULE's instances whose
 * first occurrence was not met by the end of it, once that end has passed. */
static enum unalloc_status
build_missed(struct ctx *x, const struct ua_rule *rule, const struct avec *all, struct avec *out)
{
    const struct avec *ref = &all[rule->anchor_index];
    for (size_t k = 0; k < ref->len; k++) {
        const struct instance *o = &UA_VEC_AT(ref, struct instance, k);
        struct instance *in;
        if (!o->has_first ||
            (o->first_met >= 0 && x->tl->ev[o->first_met].t <= last_minute(o->first_due)))
            continue; /* met in time */
        if (last_minute(o->first_due) >= x->as_of.t) {
            stable_before(x, last_minute(o->first_due) + 1);
            continue; /* not missed yet */
        }
        if (!(in = answer_instance(x, out, o)))
            return UNALLOC_E_NOMEM;
        keep_answer(x, &rule->pub, out, in, o);
    }
    return UNALLOC_OK;
}

/* The instances of an earlier rule with the same anchor and window
 * (struct ua_rule's same_instances), before phase 4 ran them. */
static enum unalloc_status
copy_instances(struct ctx *x, const struct avec *from, struct avec *out)
{
    const struct instance *src = from->data;
    struct instance *in;
    if (!from->len)
        return UNALLOC_OK;
    if (avec_reserve(&x->arena, out, sizeof *in, from->len) != 0)
        return ua_nomem(x->err);
    in = out->data;
    /* by assignment, not memcpy(): usually one instance, and the call costs
     * more than the copy */
    for (size_t k = 0; k < from->len; k++) {
        in[k] = src[k];
        in[k].has_first = false;
        in[k].first_due = (struct mo){ 0, false };
        in[k].first_met = -1;
    }
    out->len = from->len;
    return UNALLOC_OK;
}

static enum unalloc_status
build_instances(struct ctx *x, size_t ri, struct avec *all)
{
    const struct ua_rule *rule = &UA_VEC_AT(&x->pol->rules, struct ua_rule, ri);
    const struct unalloc_rule *r = &rule->pub;
    if (rule->same_array) {
        all[ri] = all[rule->same_instances];
        return UNALLOC_OK;
    }
    if (rule->same_instances >= 0)
        return copy_instances(x, &all[rule->same_instances], &all[ri]);
    switch (r->anchor) {
    case UNALLOC_ANCHOR_OPENED:
        return build_opened(x, r, &all[ri]);
    case UNALLOC_ANCHOR_SPELL:
        return build_spells(x, r, &all[ri]);
    case UNALLOC_ANCHOR_THRESHOLD:
        return build_thresholds(x, r, &all[ri]);
    case UNALLOC_ANCHOR_HOLDING:
        return build_holdings(x, r, &all[ri]);
    case UNALLOC_ANCHOR_CONCERN:
        return build_concerns(x, r, &all[ri]);
    case UNALLOC_ANCHOR_ABSENCE:
        return build_absences(x, r, &all[ri]);
    case UNALLOC_ANCHOR_MET:
        return build_met(x, rule, all, &all[ri]);
    case UNALLOC_ANCHOR_MISSED:
        return build_missed(x, rule, all, &all[ri]);
    default:
        return UNALLOC_OK;
    }
}

static bool
conditions_hold(const struct ctx *x, const struct unalloc_rule *r, int64_t t)
{
    const struct periods *p = &x->p;
    /* A case outside the policy's scope at the anchor owes it nothing. */
    const int cat = value_at(&p->categories, t);
    if (cat < 0 || !(x->pol->def.scope & (1u << cat)))
        return false;
    if (r->if_categories && !(r->if_categories & (1u << cat)))
        return false;
    if (r->if_holding && !held_at(&p->held[r->if_holding_role], t))
        return false;
    if (r->if_ratings) {
        int v = value_at(&p->ratings, t);
        if (v < 0 || !(r->if_ratings & (1u << v)))
            return false;
    }
    return true;
}

/* ==== phase 4: occurrences ===========================================================
 * Owns: each instance's occurrences, their due moments (deferred past a
 * counting worker's holding), states, and the events that meet them (from
 * the occurrence's start to its window's end). */

/* Whether e, of m's kind, meets the rule: its detail in the kind's accept
 * mask (policy.c's rule_tables(): a rating outside the policy's scale, an
 * escalation's seniority, the roles, and whether no actor will do). */
static inline bool
meets(const struct ua_meet *m, const struct ua_tev *e)
{
    const unsigned bit = (unsigned)(e->detail + 1);
    return bit < 64 && (m->accept >> bit & 1u);
}

/* Where one chain of occurrences stands in the per-kind index of one kind
 * that can meet its rule (struct ua_rule's meet): the events before `at`
 * can no longer meet the chain's next occurrence, whose search starts after
 * the last one's event. UNPLACED until the first search places it. */
struct seek {
    const uint32_t *pos; /* the kind's timeline positions, ascending */
    uint32_t n;          /* their number */
    uint32_t at;
};
#define UNPLACED UINT32_MAX

/* A chain's place for each kind of its rule's meet table (run_instance()). */
struct cursor {
    struct seek k[UNALLOC_MAX_MET_BY];
};

/* m's kind in the per-kind index, not yet placed. */
static inline struct seek
seek_of(const struct ctx *x, const struct ua_meet *m)
{
    const struct ua_timeline *tl = x->tl;
    const uint32_t k = tl->kind_start[m->kind];
    return (struct seek){ &tl->by_kind[k], tl->kind_start[m->kind + 1] - k, UNPLACED };
}

/* The first position of m's kind in [lo, last) at or after moment start
 * that meets the rule, or -1: from s->at when placed (a chain's searches
 * move forward), else by binary search in the per-kind index when it is
 * long (a short one, most cases', is read from its start). Leaves s->at
 * at the event found (or where the search stopped): the ones it passed can
 * meet none of the chain's later occurrences, which search after the event
 * found and from a moment no earlier. */
static inline long
first_meeting(const struct ctx *x, const struct ua_meet *m, struct seek *s, size_t lo,
              int64_t start)
{
    const struct ua_tev *ev = x->tl->ev;
    const uint32_t *pos = s->pos;
    const size_t n = s->n, last = x->p.last;
    size_t a = 0;
    if (s->at != UNPLACED) {
        a = s->at;
    } else if (n > 8) {
        size_t b = n;
        while (a < b) {
            size_t mid = a + (b - a) / 2;
            if (pos[mid] < lo || ev[pos[mid]].t < start)
                a = mid + 1;
            else
                b = mid;
        }
    }
    /* from the cursor or the start of a short index (after a bisection: no step) */
    while (a < n && (pos[a] < lo || ev[pos[a]].t < start))
        a++;
    for (; a < n && pos[a] < last; a++)
        if (meets(m, &ev[pos[a]])) {
            s->at = (uint32_t)a;
            return (long)pos[a];
        }
    s->at = (uint32_t)a;
    return -1;
}

/* For "met-by allocated ROLE": a worker (not absent) who already holds ROLE
 * when the obligation starts meets it; returns that tenure's event, -1 if
 * none, -2 when memory runs out. */
static long
held_allocation(struct ctx *x, const struct ua_rule *r, int64_t t)
{
    /* the `allocated` lines' roles, in their order (struct ua_rule) */
    for (int k = 0; k < r->n_held_roles; k++) {
        const struct tenure *tn = tenure_at(&x->p.tenures[r->held_roles[k]], t);
        if (tn) {
            const int absent = absent_at(x, tn->worker, t);
            if (absent < 0)
                return -2;
            if (!absent)
                return (long)tn->ev;
        }
    }
    return -1;
}

/* Whether event e falls before the end of a window that ends at `end`
 * (NEVER while open), so that it can meet one of the window's occurrences: a
 * duty not done before its period ended was missed, and a later event
 * belongs to the period it falls in. Events that make the periods (an
 * allocation, a return, ...: CONDITION_KINDS) are taken at their timeline
 * moment, up to the end itself: the allocation that ends a spell or an
 * absence is the one "allocate" and "reallocate" ask for. Any other event
 * must come before the end, a date-only one through its whole day, as a due
 * date is owed only when the window is open through its day (owed()): a
 * note recorded by date on the day a worker was allocated at 15:00 may have
 * come after. */
static bool
before_end(const struct ua_tev *e, int64_t end)
{
    if (CONDITION_KINDS >> e->kind & 1u)
        return e->t <= end;
    return last_minute(ev_mo(e)) < end;
}

/* The first event after position `after`, at or after `start`, up to as-of
 * and within the episode, that meets r; -1 if none, -2 when memory runs
 * out. `cur` (NULL for a single search) keeps a chain's place. */
static inline long
find_event(struct ctx *x, const struct ua_rule *r, long after, int64_t start, struct cursor *cur)
{
    const size_t lo = after + 1 > (long)x->p.first ? (size_t)(after + 1) : x->p.first;
    long best = -1;
    if (after < 0 && r->meets_allocated) {
        long held = held_allocation(x, r, start);
        if (held != -1)
            return held;
    }
    if (cur && r->n_meet == 1) /* most rules: one kind meets them */
        return first_meeting(x, &r->meet[0], &cur->k[0], lo, start);
    for (size_t j = 0; j < r->n_meet; j++) {
        struct seek one = seek_of(x, &r->meet[j]);
        const long e = first_meeting(x, &r->meet[j], cur ? &cur->k[j] : &one, lo, start);
        if (e >= 0 && (best < 0 || e < best))
            best = e;
    }
    return best;
}

/* The slow path of find_in_window(): find_event() over the events that fall
 * before the window's end (no cursor: it only ends a chain or places its
 * next search after the event found). Passed over: only events on the end's
 * day (by date) or at its minute. */
UA_COLD static long
past_end(const struct ctx *x, const struct ua_rule *r, long after, int64_t start, int64_t end)
{
    const size_t lo = after + 1 > (long)x->p.first ? (size_t)(after + 1) : x->p.first;
    long best = -1;
    for (size_t j = 0; j < r->n_meet; j++) {
        struct seek one = seek_of(x, &r->meet[j]);
        long e = first_meeting(x, &r->meet[j], &one, lo, start);
        while (e >= 0 && !before_end(&x->tl->ev[e], end))
            e = x->tl->ev[e].t > end ? -1 : first_meeting(x, &r->meet[j], &one, (size_t)e + 1, start);
        if (e >= 0 && (best < 0 || e < best))
            best = e;
    }
    return best;
}

/* find_event(), kept to the window that ends at `end`: its event when that
 * falls before the end (always, in an open window: one comparison), else
 * the first that does; -1 if none, -2 when memory runs out. */
static inline long
find_in_window(struct ctx *x, const struct ua_rule *r, long after, int64_t start,
               struct cursor *cur, int64_t end)
{
    const long e = find_event(x, r, after, start, cur);
    if (e < 0 || end == NEVER || before_end(&x->tl->ev[e], end))
        return e;
    return x->tl->ev[e].t > end ? -1 : past_end(x, r, after, start, end);
}

/* The state of something not met, due at `due`, as of the minute as_of
 * (as_of_timed: a moment, not a date) of the day as_of_day. */
static enum unalloc_state
state_at(int64_t as_of, bool as_of_timed, int32_t as_of_day, struct mo due)
{
    if (due.timed) {
        if (as_of > due.t)
            return (as_of_timed || day_of(due.t) != as_of_day) ? UNALLOC_STATE_OVERDUE
                                                               : UNALLOC_STATE_DUE;
        return day_of(due.t) == as_of_day ? UNALLOC_STATE_DUE : UNALLOC_STATE_PENDING;
    }
    if (as_of_day > day_of(due.t))
        return UNALLOC_STATE_OVERDUE;
    return as_of_day == day_of(due.t) ? UNALLOC_STATE_DUE : UNALLOC_STATE_PENDING;
}

static enum unalloc_state
state_of(const struct ctx *x, struct mo due)
{
    return state_at(x->as_of.t, x->as_of.timed, x->as_of_day, due);
}

/* Whether an occurrence due at `due` is owed given its window: the window
 * must still be open at the due moment (for a date, through its whole day). */
static bool
owed(struct mo due, int64_t window_end)
{
    return window_end == NEVER || last_minute(due) < window_end;
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

/* A due moment that falls while a counting worker holds the case falls due
 * when that holding ends. Returns false while the holding goes on at as-of
 * (nothing is owed yet). */
static bool
defer(const struct ctx *x, const struct instance *in, struct mo *due)
{
    const struct cover *cv;
    if (!in->defer || !(cv = cover_at(&x->p.covers, last_minute(*due))))
        return true;
    if (cv->end == NEVER)
        return false;
    *due = cv->until;
    return true;
}

/* A due moment past the supported range: not listed, but said. */
static enum unalloc_status
out_of_range(struct ctx *x, size_t ri)
{
    struct ua_warning w = warning(UNALLOC_WARNING_DUE_OUT_OF_RANGE);
    w.rule = (int)ri;
    return warn(x, &w);
}

/* The age condition, tested at the due date. *ok false skips the occurrence;
 * *note is set when the date of birth is unknown (owed anyway). */
static enum unalloc_status
age_ok(struct ctx *x, const struct unalloc_rule *r, struct mo due, bool *ok, bool *dob_note)
{
    *ok = true;
    *dob_note = false;
    if (r->if_age_at_least <= 0)
        return UNALLOC_OK;
    if (!x->tl->has_dob) {
        *dob_note = true;
        if (!x->dob_warned) {
            x->dob_warned = true;
            struct ua_warning w = warning(UNALLOC_WARNING_DOB_UNKNOWN);
            return warn(x, &w);
        }
        return UNALLOC_OK;
    }
    struct unalloc_date b = ua_civil_from_days(x->tl->dob), d = ua_civil_from_days(day_of(due.t));
    int age = d.year - b.year - ((d.month < b.month || (d.month == b.month && d.day < b.day)) ? 1 : 0);
    *ok = age >= r->if_age_at_least;
    return UNALLOC_OK;
}

/* When e meets r only because it records no actor while r names the actors
 * it accepts for e's kind: that kind's meet entry (its assumed line is
 * counted, and flagged: doc/policy-format.md); NULL otherwise. */
static const struct ua_meet *
actor_assumed(const struct ua_rule *r, const struct ua_tev *e)
{
    const int j = e->detail >= 0 ? -1 : r->assumed_of_kind[e->kind];
    return j >= 0 ? &r->meet[j] : NULL;
}

/* Occurrences are generated in rule, instance, occurrence order into one
 * array, with a sort key each: the due moment (a date as its 00:00), then
 * that order, packed in one integer (a third of a record's bytes to move
 * while sorting): the minutes since 1900-01-01 00:00 (under 2^28 up to
 * 2199-12-31) above the record's byte offset in the array (its generation
 * number times its size: that order, and no multiplication to find it). */
typedef uint64_t occ_key;
/* struct ua_occ's fields (lib/evaluate-private.h): an occurrence's moments
 * (its start, due moment and the meeting event's moment) are all checked to
 * lie in the supported days, so they fit 32 bits; a rule index, a met-by
 * line and a note's code fit theirs. */
_Static_assert((int64_t)UA_DAYS_MIN * 1440 >= INT32_MIN &&
                   ((int64_t)UA_DAYS_MAX + 1) * 1440 - 1 <= INT32_MAX,
               "an occurrence's moments fit 32 bits");
_Static_assert(UNALLOC_MAX_RULES <= UINT16_MAX + 1, "a rule index fits struct ua_occ's rule");
_Static_assert(UA_NOTE_CODES - 1 <= UINT8_MAX,
               "a note's code fits struct ua_occ's note");
#define OCC_AT_BITS 25
_Static_assert((uint64_t)UNALLOC_MAX_OCCURRENCES * sizeof(struct ua_occ) <=
                   (UINT64_C(1) << OCC_AT_BITS),
               "an occurrence's byte offset fits its key");
_Static_assert((uint64_t)(UA_DAYS_MAX - UA_DAYS_MIN + 1) * 1440 <=
                   (UINT64_C(1) << (64 - OCC_AT_BITS)),
               "an occurrence's due minute fits its key");

static occ_key
make_key(int64_t due, size_t at)
{
    return (uint64_t)(due - (int64_t)UA_DAYS_MIN * 1440) << OCC_AT_BITS | (uint64_t)at;
}

/* The record of key k in the array at rec. */
static const struct ua_occ *
key_rec(const char *rec, occ_key k)
{
    return (const struct ua_occ *)(const void *)(rec + (k & ((UINT64_C(1) << OCC_AT_BITS) - 1)));
}

struct occurrences {
    struct avec recs; /* struct ua_occ, in generation order */
    struct avec keys; /* occ_key */
    size_t room;      /* below this many, both have room and the limit is not reached */
};

/* Sets recs->room from both vectors' capacity (the limit at most). */
static void
set_room(struct occurrences *recs)
{
    recs->room = recs->recs.cap < recs->keys.cap ? recs->recs.cap : recs->keys.cap;
    if (recs->room > UNALLOC_MAX_OCCURRENCES)
        recs->room = UNALLOC_MAX_OCCURRENCES;
}

/* Makes room for one more occurrence in both vectors (add_occurrence()'s slow
 * path), or fails at the limit or when memory runs out. */
UA_COLD static enum unalloc_status
grow_occurrences(struct ctx *x, struct occurrences *recs)
{
    const size_t n = recs->recs.len;
    if (n >= UNALLOC_MAX_OCCURRENCES) {
        char id[64];
        ua_quote(id, sizeof id, x->c->id, strlen(x->c->id));
        return ua_fail(x->err, UNALLOC_E_LIMIT, 0, 0,
                       "case %s owes more than %d obligation occurrences (the limit)", id,
                       UNALLOC_MAX_OCCURRENCES);
    }
    if (!avec_next(&x->arena, &recs->recs, sizeof(struct ua_occ)) ||
        !avec_next(&x->arena, &recs->keys, sizeof(occ_key)))
        return ua_nomem(x->err);
    set_room(recs);
    return UNALLOC_OK;
}

/* Records occurrence `number` of instance `in` of rule ri (r), met by the
 * event at `met` (-1: not met), with its sort key. */
static inline enum unalloc_status
add_occurrence(struct ctx *x, struct occurrences *recs, size_t ri, const struct ua_rule *r,
               const struct instance *in, struct mo start, struct mo due, long met, int number,
               bool dob_note)
{
    const size_t n = recs->recs.len;
    enum unalloc_status st;
    struct ua_occ *o;
    /* the due moment, a date as its 00:00 */
    const int64_t due0 = due.timed ? due.t : (int64_t)day_of(due.t) * 1440;
    unsigned flags = (start.timed ? UA_OCC_START_TIMED : 0) | (due.timed ? UA_OCC_DUE_TIMED : 0),
             note = dob_note ? UA_NOTE_DOB : 0;
    const struct ua_meet *assumed;

    /* made in place, field by field, counted at the end */
    if (n >= recs->room && (st = grow_occurrences(x, recs)) != UNALLOC_OK)
        return st;
    ((occ_key *)recs->keys.data)[n] = make_key(due0, n * sizeof *o);
    o = (struct ua_occ *)(void *)((char *)recs->recs.data + n * sizeof *o);
    o->start = (int32_t)start.t;
    o->due = (int32_t)due.t;
    o->number = number;
    o->spell = in->spell;
    /* Its window (an absence, a run of holding, a spell) has ended by as-of,
     * or it is an earlier spell's (whatever its window): on record, no
     * longer anyone's to act on. */
    if (in->window_end != NEVER || (in->spell > 0 && in->spell != x->cur_spell))
        flags |= UA_OCC_ON_RECORD;
    o->met_at = 0;
    if (met >= 0) {
        const struct ua_tev *e = &x->tl->ev[met];
        o->met_at = (int32_t)e->t;
        flags |= UA_OCC_MET | (e->timed ? UA_OCC_MET_TIMED : 0) |
                 (e->t > (due.timed ? due.t : due0 + 1439) ? UA_OCC_LATE : 0);
        if ((assumed = actor_assumed(r, e))) {
            /* Counted as met (many exports do not record who wrote a case
             * note), but said, so a missing manager's review stays visible. */
            note = (unsigned)UA_NOTE_ACTOR(assumed->assumed_line, dob_note);
            if (warn_actor(x, ri, e, assumed->assumed_role) != UNALLOC_OK)
                return UNALLOC_E_NOMEM;
        }
    }
    o->rule = (uint16_t)ri;
    o->flags = (uint8_t)flags;
    o->note = (uint8_t)note;
    recs->recs.len = n + 1;
    recs->keys.len = n + 1;
    return UNALLOC_OK;
}

/* The next due moment of an instance, deferred and checked against the age
 * condition and the window. *owed_now is false when nothing more is owed. */
static inline enum unalloc_status
next_due(struct ctx *x, size_t ri, const struct ua_rule *rule, const struct instance *in,
         struct mo from, bool first, struct mo *due, bool *owed_now, bool *dob_note)
{
    const struct unalloc_rule *p = &rule->pub;
    const int32_t days = first ? rule->due_days : rule->every_days;
    bool ok;
    enum unalloc_status st;
    *owed_now = false;
    if (days != UA_NOT_DAYS) {
        /* days or weeks: due_from() without offset()'s switch */
        const int64_t d = (int64_t)day_of(from.t) + days;
        if (d > UA_DAYS_MAX || d < UA_DAYS_MIN)
            return out_of_range(x, ri);
        *due = date_mo((int32_t)d);
    } else if (!due_from(x, p, from, first, due)) {
        return out_of_range(x, ri);
    }
    *dob_note = false;
    if (p->if_age_at_least > 0 &&
        ((st = age_ok(x, p, *due, &ok, dob_note)) != UNALLOC_OK || !ok))
        return st;
    if (in->defer && x->p.covers.len && !defer(x, in, due))
        return UNALLOC_OK;
    *owed_now = owed(*due, in->window_end);
    return UNALLOC_OK;
}

/* `unless KIND`: an event of that kind recorded in the occurrence's period
 * before the end of its due moment (Nottingham: a case transferred within
 * the 4 weeks owes no alert). */
static inline bool
cancelled(const struct ctx *x, const struct unalloc_rule *r, const struct instance *in,
          struct mo due)
{
    return r->has_unless &&
           first_in(x, (int)r->unless_kind, in->open.t, last_minute(due) + 1) >= 0;
}

/* Generates the occurrences of one instance. */
static enum unalloc_status
run_instance(struct ctx *x, size_t ri, struct instance *in, struct occurrences *recs)
{
    const struct ua_rule *r = &UA_VEC_AT(&x->pol->rules, struct ua_rule, ri);
    const struct unalloc_rule *p = &r->pub;
    struct mo start = in->open, due;
    long after = in->after;
    struct cursor cur;
    enum unalloc_status st;
    bool owed_now, dob_note;

    if ((st = next_due(x, ri, r, in, in->anchor, true, &due, &owed_now, &dob_note)) != UNALLOC_OK ||
        !owed_now || cancelled(x, p, in, due))
        return st;
    if (p->opens_at_due)
        start = due;
    for (size_t j = 0; j < r->n_meet; j++)
        cur.k[j] = seek_of(x, &r->meet[j]);
    for (int number = 1;; number++) {
        const long met = find_in_window(x, r, after, start.t, &cur, in->window_end);
        if (met < -1)
            return ua_nomem(x->err);
        if (number == 1) {
            in->has_first = true;
            in->first_due = due;
            in->first_met = met;
        }
        if ((st = add_occurrence(x, recs, ri, r, in, start, due, met, number, dob_note)) !=
            UNALLOC_OK)
            return st;
        if (met < 0 || !p->recurring)
            return UNALLOC_OK;
        /* Rolling: the next one is due an interval after this one was met. */
        start = ev_mo(&x->tl->ev[met]);
        after = met;
        if ((st = next_due(x, ri, r, in, start, false, &due, &owed_now, &dob_note)) !=
                UNALLOC_OK ||
            !owed_now)
            return st;
    }
}

/* Sorts the keys but for the last merge. They come as runs already in
 * order (one instance's occurrences, due dates rising): the runs are found
 * once (their starts in `bound`, room for n + 1), then each pass merges
 * pairs of runs from one array into the other (k and tmp, n keys each)
 * until two are left: O(n log runs), nothing moved for one or two runs.
 * Returns the array that holds them, the second run starting at *mid (n if
 * there is one): place() merges the two as it writes the records. */
static occ_key *
sort_keys(occ_key *k, occ_key *tmp, size_t n, size_t *bound, size_t *mid)
{
    size_t runs = 0;
    for (size_t a = 0; a < n;) {
        bound[runs++] = a;
        do
            a++;
        while (a < n && k[a - 1] < k[a]);
    }
    bound[runs] = n;
    while (runs > 2) {
        size_t merged = 0;
        occ_key *swap;
        for (size_t r = 0; r < runs; r += 2) {
            /* runs r and r + 1 (none past the last: e == m copies run r) */
            const size_t a = bound[r], m = bound[r + 1], e = r + 2 <= runs ? bound[r + 2] : m;
            size_t i = a, j = m, o = a;
            while (i < m && j < e) {
                /* without a branch on the keys' order (unpredictable) */
                const occ_key ki = k[i], kj = k[j];
                const bool second = kj < ki;
                tmp[o++] = second ? kj : ki;
                j += second;
                i += !second;
            }
            while (i < m)
                tmp[o++] = k[i++];
            while (j < e)
                tmp[o++] = k[j++];
            bound[merged++] = a; /* at or before r: bounds not yet read stay */
        }
        bound[merged] = n;
        runs = merged;
        swap = k, k = tmp, tmp = swap;
    }
    *mid = bound[1];
    return k;
}

/* ==== phase 5: escalation and checks ================================================= */

/* Adds level lv, due at `due`, and takes it as the level fallen due when
 * its due moment (or day) has come by as-of and it is the most senior so
 * far (*best: the role, or -1). Out of line: escalations() is then inlined
 * into obligations() (50 instructions an evaluation under protocol-2019). */
static UA_NOINLINE enum unalloc_status
add_level(struct ctx *x, const struct unalloc_escalation_level *lv, struct mo due, int *best)
{
    struct unalloc_case_result *pub = &x->res->pub;
    if (push(x, &x->esc, lv) != 0)
        return UNALLOC_E_NOMEM;
    if ((due.timed ? due.t <= x->as_of.t : day_of(due.t) <= x->as_of_day) &&
        (*best < 0 ||
         ua_role_seniority(lv->role) > ua_role_seniority((enum unalloc_role)*best))) {
        *best = lv->role;
        pub->escalation_due = true;
        pub->escalation_level = lv->role;
        pub->escalation_level_due = lv->due;
    }
    return UNALLOC_OK;
}

/* Phase 5 in the current spell: the escalation recorded (done), and the
 * levels of the escalation rules' instances, when the policy has any
 * (`rules`: obligations() saw one). */
static enum unalloc_status
escalations(struct ctx *x, const struct avec *all, const struct spell *cur, bool rules)
{
    const struct ua_timeline *tl = x->tl;
    struct unalloc_case_result *pub = &x->res->pub;
    int best_due = -1, best_done = -1;

    /* done: the most senior escalation recorded in this spell. */
    for (uint32_t k = tl->kind_start[UNALLOC_EVENT_ESCALATED];
         k < tl->kind_start[UNALLOC_EVENT_ESCALATED + 1]; k++) {
        const uint32_t i = tl->by_kind[k];
        const struct ua_tev *e = &tl->ev[i];
        if (i < x->p.first || i >= x->p.last || e->t < cur->start.t)
            continue;
        if (best_done < 0 || ua_role_seniority((enum unalloc_role)e->detail) >
                                 ua_role_seniority((enum unalloc_role)best_done))
            best_done = e->detail;
    }
    for (size_t ri = 0; rules && ri < x->pol->rules.len; ri++) {
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
            if (!due_from(x, &r->pub, in->anchor, true, &due)) {
                if (out_of_range(x, ri) != UNALLOC_OK)
                    return UNALLOC_E_NOMEM;
                continue;
            }
            if (!defer(x, in, &due) || !owed(due, in->window_end) ||
                cancelled(x, &r->pub, in, due))
                continue;
            memset(&lv, 0, sizeof lv);
            lv.role = r->pub.escalate_to;
            lv.rule = r->pub.id;
            lv.clause = r->clause_text;
            lv.basis = r->pub.basis;
            lv.due = public_moment(x, due);
            /* A concern is escalated after it is raised; other levels
             * count any escalation in the spell. */
            if ((met = find_in_window(x, r, -1,
                                      r->pub.anchor == UNALLOC_ANCHOR_CONCERN ? in->anchor.t
                                                                              : cur->start.t,
                                      NULL, in->window_end)) < -1)
                return ua_nomem(x->err);
            if (met >= 0) {
                lv.done = true;
                lv.done_at = public_moment(x, ev_mo(&tl->ev[met]));
                lv.state = UNALLOC_STATE_MET;
            } else {
                lv.state = state_of(x, due);
            }
            if (add_level(x, &lv, due, &best_due) != UNALLOC_OK)
                return UNALLOC_E_NOMEM;
        }
    }
    if (best_done >= 0) {
        pub->escalation_done = true;
        pub->escalation_done_role = (enum unalloc_role)best_done;
    }
    return UNALLOC_OK;
}

static enum unalloc_status
check_consistent(struct ctx *x, size_t k, const struct unalloc_check *ck, const struct spell *cur)
{
    const struct avec *v = &x->p.tenures[ck->role];
    int32_t first = NONE;
    enum unalloc_status st;
    for (size_t i = 0; cur && i < v->len; i++) {
        const struct tenure *t = &UA_VEC_AT(v, struct tenure, i);
        if (t->end <= cur->start.t || t->start >= cur->end)
            continue;
        if (first == NONE) {
            first = t->worker;
        } else if (t->worker != first) {
            struct ua_warning w = warning(UNALLOC_WARNING_WORKER_CHANGED);
            w.check = (int)k;
            w.role = ck->role;
            w.s1 = keep_str(x, ua_case_worker(x->c, first));
            w.s2 = keep_str(x, ua_case_worker(x->c, t->worker));
            if ((st = warn(x, &w)) != UNALLOC_OK)
                return st;
        }
    }
    return UNALLOC_OK;
}

/* Check k's warning when the current spell has crossed its threshold by
 * as-of with nobody holding the role (code NONE otherwise): the only check
 * that depends on the as-of, not on the periods alone. */
static struct ua_warning
not_assigned(const struct ctx *x, size_t k, const struct unalloc_check *ck, const struct spell *cur)
{
    struct ua_warning w = warning(UNALLOC_WARNING_NONE);
    w.check = (int)k;
    w.role = ck->role;
    if (cur && cur->cross.t <= x->as_of.t && x->p.holder[ck->role] == NONE)
        w.code = UNALLOC_WARNING_ROLE_NOT_ASSIGNED;
    return w;
}

/* The policy's checks, in order: the last warnings of an evaluation, each
 * naming its check (recheck() finds each one's there); where they start is
 * kept (x->esc_hi: the escalation warnings end there). */
static enum unalloc_status
checks(struct ctx *x, const struct spell *cur)
{
    const struct unalloc_policy *pol = x->pol;
    const struct ua_timeline *tl = x->tl;
    enum unalloc_status st = UNALLOC_OK;

    x->esc_hi = x->warnings.len;
    for (size_t k = 0; k < pol->checks.len && st == UNALLOC_OK; k++) {
        const struct unalloc_check *ck = &UA_VEC_AT(&pol->checks, struct unalloc_check, k);
        struct ua_warning w; /* made where a check finds something */
        switch (ck->kind) {
        case UNALLOC_CHECK_CONSISTENT_WORKER:
            st = check_consistent(x, k, ck, cur);
            break;
        case UNALLOC_CHECK_ASSIGNED:
            /* at most one, naming check k, which only check k's warnings
             * do: none kept can equal it, and no later one (as recheck()) */
            if ((w = not_assigned(x, k, ck, cur)).code != UNALLOC_WARNING_NONE &&
                push(x, &x->warnings, &w) != 0)
                st = UNALLOC_E_NOMEM;
            break;
        case UNALLOC_CHECK_CHAIR_NOT:
            for (uint32_t j = tl->kind_start[UNALLOC_EVENT_STATUTORY_MEETING];
                 j < tl->kind_start[UNALLOC_EVENT_STATUTORY_MEETING + 1] && st == UNALLOC_OK;
                 j++) {
                const uint32_t i = tl->by_kind[j];
                if (i < x->p.first || i >= x->p.last || tl->ev[i].detail != (int)ck->role)
                    continue;
                w = warning(UNALLOC_WARNING_MEETING_CHAIR);
                w.check = (int)k;
                w.role = ck->role;
                w.at = tl->ev[i].at;
                w.timed = tl->ev[i].timed;
                st = warn(x, &w);
            }
            break;
        case UNALLOC_CHECK_RATINGS:
            for (size_t i = 0; i < x->p.ratings.len && st == UNALLOC_OK; i++) {
                const struct change *ch = &UA_VEC_AT(&x->p.ratings, struct change, i);
                if (ck->ratings & (1u << ch->value))
                    continue;
                w = warning(UNALLOC_WARNING_RATING_NOT_IN_SCALE);
                w.check = (int)k;
                w.role = -1;
                w.value = ch->value;
                w.at = ch->at.t;
                w.timed = ch->at.timed;
                st = warn(x, &w);
            }
            break;
        default:
            break;
        }
    }
    return st;
}

/* ---- the per-case summary -------------------------------------------------------- */

/* The last event of kind k in the episode, up to as-of, or NULL. */
static const struct ua_tev *
last_of_kind(const struct ctx *x, int k)
{
    const struct ua_timeline *tl = x->tl;
    for (uint32_t j = tl->kind_start[k + 1]; j-- > tl->kind_start[k];) {
        const uint32_t i = tl->by_kind[j];
        if (i < x->p.last)
            return i >= x->p.first ? &tl->ev[i] : NULL;
    }
    return NULL;
}

/* The summary's fields that depend on the as-of's minute, not its day:
 * whether the current spell has crossed its threshold, and the status. A
 * result restated on its predecessor's day takes the rest from it. */
static void
summarise_minute(struct ctx *x, const struct spell *cur)
{
    struct unalloc_case_result *pub = &x->res->pub;
    if (pub->has_since) { /* a current spell, in an open episode */
        pub->unallocated = cur->cross.t <= x->as_of.t;
        pub->status = pub->unallocated ? UNALLOC_CASE_STATUS_UNALLOCATED : UNALLOC_CASE_STATUS_PENDING;
    }
}

/* The summary's fields that depend on the as-of, given those that do not:
 * a restated result takes the others from its base (restate()). */
static void
summarise_at(struct ctx *x, const struct spell *cur)
{
    struct unalloc_case_result *pub = &x->res->pub;
    const struct periods *p = &x->p;
    if (pub->has_rating)
        pub->rating_age_days =
            x->as_of_day - day_of(UA_VEC_AT(&p->ratings, struct change, p->ratings.len - 1).at.t);
    if (pub->has_since) { /* a current spell, in an open episode */
        pub->working_days_unallocated =
            ua_calendar_count_serial(x->cal, day_of(cur->start.t), x->as_of_day);
        pub->calendar_days_unallocated = x->as_of_day - day_of(cur->start.t);
    }
    summarise_minute(x, cur);
}

/* The summary's fields that do not depend on the as-of, but through the
 * periods. */
static enum unalloc_status
summarise_case(struct ctx *x, const struct spell *cur)
{
    struct unalloc_case_result *pub = &x->res->pub;
    const struct periods *p = &x->p;
    const struct unalloc_definition *d = &x->pol->def;
    const struct ua_tev *e;

    if (p->category >= 0) {
        pub->has_category = true;
        pub->category = (enum unalloc_category)p->category;
    }
    pub->locality = keep_str(x, p->locality);
    if (p->ratings.len) {
        const struct change *ch = &UA_VEC_AT(&p->ratings, struct change, p->ratings.len - 1);
        pub->has_rating = true;
        pub->rating = (enum unalloc_rating)ch->value;
        pub->rating_at = public_moment(x, ch->at);
    }
    if ((e = last_of_kind(x, UNALLOC_EVENT_VISIT)))
        pub->has_last_visit = true, pub->last_visit = public_moment(x, ev_mo(e));
    if ((e = last_of_kind(x, UNALLOC_EVENT_STATUTORY_MEETING)))
        pub->has_last_meeting = true, pub->last_meeting = public_moment(x, ev_mo(e));
    if ((e = last_of_kind(x, UNALLOC_EVENT_OVERSIGHT)))
        pub->has_last_oversight = true, pub->last_oversight = public_moment(x, ev_mo(e));
    if ((e = last_of_kind(x, UNALLOC_EVENT_SUPERVISION)))
        pub->has_last_supervision = true, pub->last_supervision = public_moment(x, ev_mo(e));
    if (p->close_t == NEVER && p->holder[UNALLOC_ROLE_ATM] != NONE) {
        /* Since the ATM's run of holding began, in its event's precision. */
        const struct avec *v = &p->held[UNALLOC_ROLE_ATM];
        pub->has_atm_since = true;
        pub->atm_since = public_moment(x, UA_VEC_AT(v, struct held, v->len - 1).from);
    }
    if (p->close_t == NEVER && p->holding) {
        x->holders = true;
        memset(x->holder, 0, sizeof x->holder);
        for (unsigned r = 0, m = p->holding; m; r++, m >>= 1)
            if (m & 1u)
                x->holder[r] = keep_str(x, ua_case_worker(x->c, p->holder[r]));
    }

    /* Status. */
    if (p->last == 0) {
        pub->status = UNALLOC_CASE_STATUS_NOT_OPEN;
        return UNALLOC_OK;
    }
    if (p->close_t != NEVER) {
        pub->status = UNALLOC_CASE_STATUS_CLOSED;
        return UNALLOC_OK;
    }
    if (cur) {
        pub->has_since = true;
        pub->unallocated_since = public_moment(x, cur->start);
        return UNALLOC_OK;
    }
    if (p->category < 0 || !(d->scope & (1u << p->category))) {
        pub->status = UNALLOC_CASE_STATUS_OUT_OF_SCOPE;
        return UNALLOC_OK;
    }
    if (d->needs_named_worker && !p->criteria_met) {
        if (!(d->allocated_roles & p->holding)) {
            pub->status = (d->list_while_assessing && !p->assessed)
                              ? UNALLOC_CASE_STATUS_BEING_ASSESSED
                              : UNALLOC_CASE_STATUS_NOT_COUNTED;
            return UNALLOC_OK;
        }
    }
    pub->status = UNALLOC_CASE_STATUS_ALLOCATED;
    return UNALLOC_OK;
}

static enum unalloc_status
summarise(struct ctx *x, const struct spell *cur)
{
    const enum unalloc_status st = summarise_case(x, cur);
    if (st == UNALLOC_OK)
        summarise_at(x, cur);
    return st;
}

/* ---- the whole evaluation ---------------------------------------------------------- */

/* Clears the periods for an evaluation. The 26 per-role vectors (tenures
 * and held, 624 of the struct's 856 bytes) get a zero length and capacity
 * only: an empty vector's data is never read (UA_VEC_AT below its length;
 * avec_next() and avec_reserve() set it). Every other field is zeroed,
 * a field added later too (the assertion keeps the vectors together). */
static void
periods_init(struct periods *p)
{
    memset(p, 0, offsetof(struct periods, tenures));
    memset(&p->absences, 0, sizeof *p - offsetof(struct periods, absences));
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++) {
        p->tenures[r].len = p->tenures[r].cap = 0;
        p->held[r].len = p->held[r].cap = 0;
        p->holder[r] = NONE;
    }
    p->category = -1;
}
_Static_assert(offsetof(struct periods, held) ==
                       offsetof(struct periods, tenures) + UNALLOC_ROLE_COUNT_ * sizeof(struct avec) &&
                   offsetof(struct periods, absences) ==
                       offsetof(struct periods, held) + UNALLOC_ROLE_COUNT_ * sizeof(struct avec),
               "periods_init() clears all but the per-role vectors");

/* The policy's own warning, at most one, whose code no other phase gives:
 * it cannot equal another, so it goes in without the de-duplicating set (a
 * rebuild of the set, when it grows, takes it in as every kept warning). */
static enum unalloc_status
policy_warnings(struct ctx *x)
{
    const struct ua_warning w = warning(ua_policy_warning(x->pol, x->as_of_day));
    return w.code == UNALLOC_WARNING_NONE || push(x, &x->warnings, &w) == 0 ? UNALLOC_OK
                                                                             : UNALLOC_E_NOMEM;
}

/* Phases 3 to 5 over the periods. */
static enum unalloc_status
obligations(struct ctx *x, const struct spell *cur)
{
    const size_t nrules = x->pol->rules.len;
    struct avec *all = NULL;
    struct occurrences recs;
    enum unalloc_status st = UNALLOC_OK;
    bool escalation_rules = false;

    memset(&recs, 0, sizeof recs);
    x->gen_lo = x->gen_hi = x->warnings.len;
    /* With no unallocated spell (a case out of scope, or allocated all
     * along), only a rule anchored at `opened` or an absence can have an
     * instance: each other builder makes one per spell, and `from met` and
     * `from missed` answer instances of earlier rules. Without such a rule
     * phases 3 and 4 have nothing to do, and escalation needs a current
     * spell. */
    if (!x->p.spells.len && !x->pol->anchors_without_spell) {
        st = checks(x, cur);
        return st == UNALLOC_E_NOMEM ? ua_nomem(x->err) : st;
    }
    if (nrules) {
        if (!(all = arena_alloc(&x->arena, nrules * sizeof *all)))
            return ua_nomem(x->err);
        memset(all, 0, nrules * sizeof *all);
    }
    /* Room for a typical case's occurrences, two or three a rule. */
    if (avec_reserve(&x->arena, &recs.recs, sizeof(struct ua_occ), 2 * nrules + 8) != 0 ||
        avec_reserve(&x->arena, &recs.keys, sizeof(occ_key), 2 * nrules + 8) != 0)
        return ua_nomem(x->err);
    set_room(&recs); /* add_occurrence() grows them only past it */
    for (size_t ri = 0; ri < nrules && st == UNALLOC_OK; ri++) {
        const struct ua_rule *rule = &UA_VEC_AT(&x->pol->rules, struct ua_rule, ri);
        const struct unalloc_rule *p = &rule->pub;
        /* run_instance() neither adds instances nor moves them */
        struct instance *ins;
        size_t n;
        if ((st = build_instances(x, ri, all)) != UNALLOC_OK)
            continue;
        if (p->escalation) {
            escalation_rules = true; /* phase 5 answers them */
            continue;
        }
        ins = all[ri].data;
        n = all[ri].len;
        for (size_t k = 0; k < n && st == UNALLOC_OK; k++) {
            /* a copied instance keeps its answer when the conditions are alike */
            if (!rule->same_conditions)
                ins[k].holds = conditions_hold(x, p, ins[k].anchor.t);
            if (ins[k].holds)
                st = run_instance(x, ri, &ins[k], &recs);
        }
    }
    x->gen_hi = x->warnings.len;
    if (st == UNALLOC_OK && cur)
        st = escalations(x, all, cur, escalation_rules);
    if (st == UNALLOC_OK)
        st = checks(x, cur);
    if (st == UNALLOC_OK && recs.recs.len) {
        occ_key *tmp = arena_alloc(&x->arena, recs.keys.len * sizeof *tmp);
        size_t *bound = arena_alloc(&x->arena, (recs.keys.len + 1) * sizeof *bound);
        if (!tmp || !bound)
            return ua_nomem(x->err);
        x->occ_order = sort_keys(recs.keys.data, tmp, recs.keys.len, bound, &x->occ_mid);
        x->occ = recs.recs; /* put in output order by place() */
    }
    if (st == UNALLOC_E_NOMEM)
        return ua_nomem(x->err);
    return st;
}

static enum unalloc_status
evaluate(struct ctx *x)
{
    const struct spell *cur = NULL;
    enum unalloc_status st;

    if ((st = build_periods(x)) != UNALLOC_OK)
        return st;
    x->periods_hi = x->warnings.len;
    if (x->p.spells.len) {
        const struct spell *last = &UA_VEC_AT(&x->p.spells, struct spell, x->p.spells.len - 1);
        if (last->end == NEVER && x->p.close_t == NEVER)
            cur = last;
    }
    x->cur = cur;
    x->cur_spell = cur ? cur->index : 0;
    if ((st = summarise(x, cur)) != UNALLOC_OK || (st = policy_warnings(x)) != UNALLOC_OK)
        return st;
    if (x->p.last == 0 || x->res->pub.status == UNALLOC_CASE_STATUS_CLOSED)
        return UNALLOC_OK; /* never opened, or closed: nothing is owed */
    return obligations(x, cur);
}

/* ---- rendering warnings ------------------------------------------------------------- */

static void
render_moment(struct ua_text *out, int64_t t, bool timed)
{
    char buf[UNALLOC_MOMENT_BUFSIZE];
    struct mo m = { t, timed };
    ua_format_moment(buf, sizeof buf, to_public(m));
    ua_text_puts(out, buf);
}

static void
render_check_clause(struct ua_text *out, const struct unalloc_policy *pol, int check)
{
    const struct unalloc_check *ck = &UA_VEC_AT(&pol->checks, struct unalloc_check, check);
    char *clause = ua_format_clause(pol, &ck->clause);
    ua_text_puts(out, "; ");
    if (!clause) {
        out->failed = true;
        return;
    }
    ua_text_puts(out, clause);
    ua_free(clause);
}

void
ua_policy_warning_render(struct ua_text *out, const struct unalloc_policy *pol,
                         enum unalloc_warning_code code)
{
    char review[UNALLOC_DATE_BUFSIZE];
    ua_format_date(review, sizeof review, pol->review);
    if (code == UNALLOC_WARNING_REVIEW_DATE_PASSED)
        ua_text_printf(out, "the policy's review date %s has passed: check that the council has "
                            "not replaced the document",
                       review);
    else
        ua_text_printf(out, "the policy states no review date (%s)", pol->review_reason);
}

/* The policy's own warning as of a day (the same for every case), or
 * UNALLOC_WARNING_NONE. */
enum unalloc_warning_code
ua_policy_warning(const struct unalloc_policy *pol, int32_t as_of_day)
{
    if (!pol->has_review)
        return UNALLOC_WARNING_NO_REVIEW_DATE;
    if (as_of_day <= pol->review_day)
        return UNALLOC_WARNING_NONE;
    return UNALLOC_WARNING_REVIEW_DATE_PASSED;
}

/* Appends a, b and c (none NULL): the warnings' texts without printf()'s
 * parsing, which a series' readers paid for every warning of every result. */
static void
put3(struct ua_text *out, const char *a, const char *b, const char *c)
{
    ua_text_puts(out, a);
    ua_text_puts(out, b);
    ua_text_puts(out, c);
}

void
ua_warning_render(struct ua_text *out, const struct unalloc_result *r, size_t i)
{
    const struct ua_warning *w = &UA_VEC_AT(&r->warnings, struct ua_warning, i);
    const struct unalloc_policy *pol = r->policy;
    const char *role = w->role >= 0 ? ua_role_names[w->role] : "";
    const char *rule = w->rule >= 0 ? UA_VEC_AT(&pol->rules, struct ua_rule, w->rule).pub.id : "";

    switch (w->code) {
    case UNALLOC_WARNING_REVIEW_DATE_PASSED:
    case UNALLOC_WARNING_NO_REVIEW_DATE:
        ua_policy_warning_render(out, pol, w->code);
        break;
    case UNALLOC_WARNING_DOB_UNKNOWN:
        ua_text_puts(out, "date of birth unknown: obligations that depend on the child's age are "
                          "treated as owed (record a 'born' event)");
        break;
    case UNALLOC_WARNING_ACTOR_ASSUMED:
        put3(out, "rule ", rule, ": the '");
        put3(out, ua_event_names[w->value], "' on ", "");
        render_moment(out, w->at, w->timed);
        put3(out, " records no actor and was taken as the ", w->role >= 0 ? role : "named role",
             "'s; record who did it");
        break;
    case UNALLOC_WARNING_DEALLOCATED_UNHELD:
        put3(out, "'deallocated ", role, "' on ");
        render_moment(out, w->at, w->timed);
        ua_text_puts(out, ", but nobody held that role");
        break;
    case UNALLOC_WARNING_DEALLOCATED_OTHER_WORKER:
        ua_text_printf(out, "'deallocated %s' on ", role);
        render_moment(out, w->at, w->timed);
        ua_text_printf(out, " names %s, who never held that role in this episode: %s's holding "
                            "was ended all the same, so the child is not shown as allocated "
                            "without a worker; check the record",
                       w->s1, w->s2);
        break;
    case UNALLOC_WARNING_LATE_HANDOVER:
        ua_text_printf(out, "note: 'deallocated %s' on ", role);
        render_moment(out, w->at, w->timed);
        ua_text_printf(out, " names %s, who had already been replaced by %s: taken as a handover "
                            "recorded late (no change)",
                       w->s1, w->s2);
        break;
    case UNALLOC_WARNING_STOPGAP:
        ua_text_puts(out, "note: a stop-gap allocation from ");
        render_moment(out, w->at, w->timed);
        ua_text_puts(out, " to ");
        render_moment(out, w->at2, w->timed2);
        ua_text_printf(out, ", shorter than %d %s, did not end the spell: the child was already "
                            "counted as unallocated, counts again from ",
                       pol->def.merge_within.amount, unalloc_unit_name(pol->def.merge_within.unit));
        render_moment(out, w->at2, w->timed2);
        ua_text_puts(out, ", and what fell due during it falls due when it ended");
        break;
    case UNALLOC_WARNING_WORKER_CHANGED:
        ua_text_printf(out, "the %s worker changed during the spell (%s, then %s)", role, w->s1,
                       w->s2);
        render_check_clause(out, pol, w->check);
        break;
    case UNALLOC_WARNING_ROLE_NOT_ASSIGNED:
        put3(out, "no ", role, " worker is assigned");
        render_check_clause(out, pol, w->check);
        break;
    case UNALLOC_WARNING_MEETING_CHAIR:
        ua_text_puts(out, "the statutory meeting on ");
        render_moment(out, w->at, w->timed);
        put3(out, " is recorded as chaired by the ", role, " worker");
        render_check_clause(out, pol, w->check);
        break;
    case UNALLOC_WARNING_RATING_NOT_IN_SCALE:
        put3(out, "the rating '", ua_rating_names[w->value], "' on ");
        render_moment(out, w->at, w->timed);
        ua_text_puts(out, " is not one this policy uses");
        render_check_clause(out, pol, w->check);
        break;
    case UNALLOC_WARNING_DUE_OUT_OF_RANGE:
        put3(out, "rule ", rule,
             ": an occurrence would fall due after 2199-12-31, the end of the supported range, "
             "and is not listed");
        break;
    default:
        ua_text_puts(out, "(unknown warning)");
        break;
    }
}

/* ---- public ------------------------------------------------------------------- */

/* Frees the n strings of s (NULL ones are none). */
static void
free_strings(char **s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        ua_free(s[k]);
}

/* Frees the first n strings of text, then text. */
static void
free_texts(char **text, size_t n)
{
    free_strings(text, n);
    ua_free(text);
}

/* Frees the block of a group whose last reference went (unalloc_result_free()),
 * from its base, with the base's public occurrences and warnings' texts
 * (which its group borrowed) and the base's reference to the policy. Out of
 * line: the free of every other result of the group does not pay for it. */
static UA_COLD void
release_block(struct unalloc_result *base)
{
    char **text;
    if ((text = atomic_load(&base->warning_text)))
        free_texts(text, base->warnings.len);
    ua_free(atomic_load(&base->occ_pub));
    ua_policy_unref(base->policy);
    ua_free(base);
}

/* Frees a restated result's own caches, built on request: its public
 * occurrences, and its texts' array with the strings it rendered (the
 * others are its base's). Out of line: most results of a series are freed
 * without them. */
static UA_COLD void
free_caches(struct unalloc_result *r)
{
    char **text;
    struct unalloc_occurrence *occ;
    if ((text = atomic_load(&r->warning_text))) {
        free_strings(text + r->warnings.len, r->warnings.len);
        ua_free(text);
    }
    if ((occ = atomic_load(&r->occ_pub)))
        ua_free(occ);
}

/* A result lives in its group's block (finish()), which starts with the
 * group's base and goes with the group's last reference, with the base's
 * caches: each free gives back one (the decrement releases what this thread
 * read of the block, and the last one acquires what the others did, before
 * the block goes). A restated result's own caches go with it. A result
 * without caches costs two loads and the decrement. */
UNALLOC_EXPORT void
unalloc_result_free(struct unalloc_result *r)
{
    struct unalloc_result *base;
    if (!r)
        return;
    if (r->shared && (atomic_load(&r->warning_text) || atomic_load(&r->occ_pub)))
        free_caches(r);
    base = r->shared ? r->shared : r;
    if (atomic_fetch_sub_explicit(&base->refs, 1, memory_order_acq_rel) == 1)
        release_block(base);
}

/* ---- one case at one or more as-of moments ------------------------------------- */

/* Checks an as-of moment and gives it 00:00 when it is a date. */
static enum unalloc_status
check_as_of(struct unalloc_moment *as_of, size_t i, size_t n, struct unalloc_error *err)
{
    struct unalloc_error inner;
    enum unalloc_status st;
    if (!as_of->has_time)
        as_of->at.hour = as_of->at.minute = 0;
    if ((st = ua_datetime_check(as_of->at, &inner)) == UNALLOC_OK)
        return UNALLOC_OK;
    if (n == 1)
        return ua_fail(err, st, 0, 0, "as-of: %s", inner.message);
    return ua_fail(err, st, 0, 0, "as-of %zu of %zu: %s", i + 1, n, inner.message);
}

static enum unalloc_status
check_args(const struct unalloc_calendar *cal, const struct unalloc_policy *pol,
           struct unalloc_error *err)
{
    if (unalloc_calendar_region(cal) != pol->region)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "policy %s counts working days in %s, but the calendar given is for %s",
                       pol->id, unalloc_region_name(pol->region),
                       unalloc_region_name(unalloc_calendar_region(cal)));
    return UNALLOC_OK;
}

static void
ctx_init(struct ctx *x, const struct unalloc_calendar *cal, const struct unalloc_policy *pol,
         const struct unalloc_case *c, struct unalloc_error *err)
{
    memset(x, 0, offsetof(struct ctx, stage));
    for (size_t i = 0; i < sizeof x->civil / sizeof x->civil[0]; i++)
        x->civil[i].day = INT32_MIN;
    x->cal = cal;
    x->pol = pol;
    x->c = c;
    x->err = err;
    /* the mask's bits, lowest first: a role or two, not 13 tests */
    for (unsigned r = 0, m = pol->def.allocated_roles & ((1u << UNALLOC_ROLE_COUNT_) - 1); m;
         r++, m >>= 1)
        if (m & 1u)
            x->allocated_roles[x->n_allocated_roles++] = (int)r;
    arena_init(&x->arena);
}

/* Sets the as-of, given its serial day (as_of_day()). */
static void
ctx_set_as_of(struct ctx *x, struct unalloc_moment as_of, int32_t day)
{
    x->as_of_day = day;
    x->as_of.t = (int64_t)day * 1440 + (as_of.has_time ? as_of.at.hour * 60 + as_of.at.minute : 1439);
    x->as_of.timed = as_of.has_time;
}

/* The serial day of a checked as-of (check_as_of()), for ctx_set_as_of(). */
static int32_t
as_of_day(struct unalloc_moment as_of)
{
    return ua_days_from_civil(as_of.at.date.year, as_of.at.date.month, as_of.at.date.day);
}

/* Starts the result at as-of in x->stage (its arrays and strings in the
 * arena, a new warning set). */
static enum unalloc_status
stage_begin(struct ctx *x, struct unalloc_moment as_of)
{
    struct unalloc_result *r = &x->stage;
    memset(r, 0, sizeof *r);
    memset(&x->occ, 0, sizeof x->occ);
    x->occ_order = NULL;
    x->occ_mid = 0;
    memset(&x->esc, 0, sizeof x->esc);
    memset(&x->warnings, 0, sizeof x->warnings);
    /* room for a typical case's warnings at once (not 4, 8, then 16) */
    if (avec_reserve(&x->arena, &x->warnings, sizeof(struct ua_warning), 16) != 0)
        return ua_nomem(x->err);
    x->string_bytes = 0;
    x->warning_strings = false;
    x->holders = false;
    x->warning_slots = NULL;
    x->warning_cap = 0;
    r->policy = x->pol;
    r->pub.as_of = as_of;
    r->pub.calendar_verified_through = unalloc_calendar_verified_through(x->cal);
    r->pub.calendar_fingerprint = unalloc_calendar_fingerprint(x->cal);
    r->pub.policy_id = x->pol->id;
    r->pub.policy_hash = x->pol->hash;
    x->res = r;
    r->pub.case_id = keep_str(x, x->c->id);
    return UNALLOC_OK;
}

/* The most warnings a result restated from a base of n can have: base's
 * (but its role-not-assigned ones), the policy's, and one per check (a
 * role not assigned, at its own as-of). */
static size_t
restated_warnings(const struct ctx *x, size_t n)
{
    return n + 1 + x->pol->checks.len;
}

/* Copies s into the block at *at (advancing it); NULL stays NULL. */
static const char *
relocate(char **at, const char *s)
{
    char *d;
    size_t n;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = memcpy(*at, s, n);
    *at += n;
    return d;
}

static size_t
aligned(size_t n)
{
    return (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
}

/* The bytes of a result restated from base in its group's block: its
 * struct and room for its escalation levels (as many as base's); it has no
 * strings of its own, and its warnings are another result's array or in
 * one of the group's rooms for them (WARNING_ROOMS). */
static size_t
restated_size(size_t n_esc)
{
    return aligned(sizeof(struct unalloc_result)) +
           aligned(n_esc * sizeof(struct unalloc_escalation_level));
}

/* The most arrays of warnings the results restated in a group write
 * (restate()): they are written only where the policy's warning or the
 * role-not-assigned checks' differ from the result before, and in a group,
 * whose as-of moments are in time order, each changes at most once (the
 * review date passes; the spell crosses its threshold). */
#define WARNING_ROOMS 2

/* The holders of a result whose roles nobody held at as-of. */
static const char *const no_holders[UNALLOC_ROLE_COUNT_];

/* Copies the result staged in x (the base) to p, as the start of its
 * group's block: the struct, then its occurrences, escalation levels,
 * warnings, holders (when a role is held) and strings. */
static struct unalloc_result *
place(const struct ctx *x, char *p)
{
    const size_t s_occ = x->occ.len * sizeof(struct ua_occ),
                 s_esc = x->esc.len * sizeof(struct unalloc_escalation_level),
                 s_warn = x->warnings.len * sizeof(struct ua_warning);
    struct unalloc_result *r = (struct unalloc_result *)(void *)p;
    char *strings;
    struct ua_warning *w;

    memcpy(r, x->res, sizeof *r);
    p += aligned(sizeof *r);
    r->occ = (struct ua_vec){ p, x->occ.len, x->occ.len, sizeof(struct ua_occ) };
    {
        /* sort_keys()'s last merge, in output order */
        const char *rec = x->occ.data;
        const occ_key *k = x->occ_order;
        struct ua_occ *out = (struct ua_occ *)(void *)p;
        const size_t m = x->occ_mid, n = x->occ.len;
        size_t i = 0, j = m;
        while (i < m && j < n) {
            const occ_key ki = k[i], kj = k[j];
            const bool second = kj < ki;
            *out++ = *key_rec(rec, second ? kj : ki);
            j += second;
            i += !second;
        }
        while (i < m)
            *out++ = *key_rec(rec, k[i++]);
        while (j < n)
            *out++ = *key_rec(rec, k[j++]);
    }
    p += aligned(s_occ);
    r->esc = (struct ua_vec){ p, x->esc.len, x->esc.len, sizeof(struct unalloc_escalation_level) };
    if (s_esc)
        memcpy(p, x->esc.data, s_esc);
    p += aligned(s_esc);
    w = (struct ua_warning *)(void *)p;
    r->warnings = (struct ua_vec){ p, x->warnings.len, x->warnings.len, sizeof *w };
    if (s_warn)
        memcpy(p, x->warnings.data, s_warn);
    p += aligned(s_warn);
    if (x->holders) {
        const char **holder = (const char **)(void *)p;
        strings = p + aligned(sizeof x->holder);
        for (int k = 0; k < UNALLOC_ROLE_COUNT_; k++)
            holder[k] = relocate(&strings, x->holder[k]);
        r->holder = holder;
    } else {
        strings = p;
        r->holder = no_holders;
    }
    r->pub.case_id = relocate(&strings, r->pub.case_id);
    r->pub.locality = relocate(&strings, r->pub.locality);
    for (size_t i = 0; x->warning_strings && i < x->warnings.len; i++) {
        w[i].s1 = relocate(&strings, w[i].s1);
        w[i].s2 = relocate(&strings, w[i].s2);
    }
    atomic_init(&r->occ_pub, NULL);
    atomic_init(&r->warning_text, NULL);
    r->as_of_t = x->as_of.t;
    r->as_of_day = x->as_of_day;
    r->as_of_timed = x->as_of.timed;
    r->shared = NULL;
    return r;
}

/* The as-of moments of a series, each with its place in the caller's
 * array and its serial day, in time order. */
struct as_of_index {
    int64_t t;
    size_t i;
    int32_t day;
};

/* What the results restated in one group share, made once by regroup()
 * from the group's base, and the result made last, which each restatement
 * starts from (it differs from it only in what the as-of changes). Owns
 * nothing: esc_due is in the context's arena, the results in the block. */
struct regroup {
    struct unalloc_result *base;
    const struct mo *esc_due;  /* base's escalation levels' due moments */
    bool open;                 /* an episode open at as-of: phases 3 to 5 answered */
    bool assigned;             /* a role-not-assigned check warns once the spell crosses */
    const struct unalloc_result *prev; /* the last result made (base at first) */
    /* What prev's warnings depend on the as-of through: the policy's
     * warning, and whether the role-not-assigned checks warned. */
    enum unalloc_warning_code prev_code;
    bool prev_crossed;
    /* The group's rooms for warnings not yet used, each of warn_size bytes
     * (restated_warnings()), from warn_room. */
    char *warn_room;
    size_t warn_size, warn_rooms;
};

static enum unalloc_status regroup(struct ctx *x, struct regroup *g, struct unalloc_result *base);
static enum unalloc_status restate(struct ctx *x, struct regroup *g,
                                   const struct unalloc_moment *as_of,
                                   const struct as_of_index *when, char *at);

/* The result staged in x (the base, at as-of at[0]) and those restated from
 * it at the later as-of at[1..n) (moments[at[j].i]) as one block: the base
 * first (unalloc_result_free() of the last of the group frees the block
 * from it), each restated result made in its place, then the group's rooms
 * for warnings (WARNING_ROOMS); a reference for each result and one to the
 * policy. results[at[j].i] gets each. */
static enum unalloc_status
finish(struct ctx *x, const struct as_of_index *at, size_t n,
       const struct unalloc_moment *moments, struct unalloc_result **results)
{
    const size_t s_base = aligned(sizeof(struct unalloc_result)) +
                          aligned(x->occ.len * sizeof(struct ua_occ)) +
                          aligned(x->esc.len * sizeof(struct unalloc_escalation_level)) +
                          aligned(x->warnings.len * sizeof(struct ua_warning)) +
                          (x->holders ? aligned(sizeof x->holder) : 0) +
                          aligned(x->string_bytes);
    size_t s_one = 0, s_warn = 0, rooms = 0; /* one evaluation (n = 1) has none */
    struct unalloc_result *base;
    enum unalloc_status st = UNALLOC_OK;
    char *p;

    if (n > 1) {
        s_one = restated_size(x->esc.len);
        s_warn = aligned(restated_warnings(x, x->warnings.len) * sizeof(struct ua_warning));
        rooms = n - 1 < WARNING_ROOMS ? n - 1 : WARNING_ROOMS;
        if (n - 1 > (SIZE_MAX - s_base - WARNING_ROOMS * s_warn) / s_one)
            return ua_nomem(x->err);
    }
    if (!(p = ua_malloc(s_base + (n - 1) * s_one + rooms * s_warn)))
        return ua_nomem(x->err);
    base = place(x, p);
    if (n > 1) {
        struct regroup g;
        st = regroup(x, &g, base);
        g.warn_room = p + s_base + (n - 1) * s_one;
        g.warn_size = s_warn;
        g.warn_rooms = rooms;
        for (size_t j = 1; j < n && st == UNALLOC_OK; j++)
            st = restate(x, &g, &moments[at[j].i], &at[j], p + s_base + (j - 1) * s_one);
    }
    if (st != UNALLOC_OK) {
        ua_free(p);
        return st;
    }
    for (size_t j = 0; j < n; j++)
        results[at[j].i] = (struct unalloc_result *)(void *)(j ? p + s_base + (j - 1) * s_one : p);
    atomic_init(&base->refs, n);
    base->policy = ua_policy_ref(x->pol);
    return UNALLOC_OK;
}

/* Every phase at as-of, from the timeline, the result staged in x. The
 * context keeps the periods and instances for restate(). */
static enum unalloc_status
evaluate_at(struct ctx *x, struct unalloc_moment as_of, int32_t day)
{
    enum unalloc_status st;
    arena_free(&x->arena);
    arena_init(&x->arena);
    periods_init(&x->p);
    x->absence_index = NULL;
    x->dob_warned = false;
    x->stable_until = NEVER;
    x->cur = NULL;
    x->periods_hi = x->gen_lo = x->gen_hi = x->esc_hi = 0;
    x->rule_now = -1;
    ctx_set_as_of(x, as_of, day);
    if ((st = stage_begin(x, as_of)) != UNALLOC_OK)
        return st;
    return evaluate(x);
}

/* Adds base's warnings [lo, hi) to the result being restated, in order, as
 * one block: they are distinct (warn() and warn_actor() kept them once), and no other phase
 * makes one equal to them (phase 2: handovers and stop-gaps; phases 3 and 4:
 * due dates, dates of birth, actors; the policy's and the checks' codes are
 * their own, and phase 5's due-out-of-range names an escalation rule, which
 * phase 4 never runs), so none can equal one already here or added later,
 * and a restatement needs no de-duplicating set of warnings. base is in its
 * block: their strings are its. The result's array has the room
 * (restated_warnings()). */
static void
rewarn(struct ctx *x, const struct unalloc_result *base, size_t lo, size_t hi)
{
    struct avec *v = &x->warnings;
    if (hi > lo)
        memcpy(&UA_VEC_AT(v, struct ua_warning, v->len),
               &UA_VEC_AT(&base->warnings, struct ua_warning, lo),
               (hi - lo) * sizeof(struct ua_warning));
    v->len += hi - lo;
}

/* The checks restated from base: each one's warnings are base's (the run
 * of base's last warnings that name it), but for the role-not-assigned
 * check's, taken at as-of (checks()). None can equal another (each names
 * its check), so none goes through the de-duplicating set. */
static enum unalloc_status
recheck(struct ctx *x, const struct unalloc_result *base)
{
    const struct ua_warning *bw = base->warnings.data;
    size_t i = x->esc_hi;
    for (size_t k = 0; k < x->pol->checks.len; k++) {
        const struct unalloc_check *ck = &UA_VEC_AT(&x->pol->checks, struct unalloc_check, k);
        const size_t lo = i;
        struct ua_warning w;
        while (i < base->warnings.len && bw[i].check == (int)k)
            i++;
        if (ck->kind != UNALLOC_CHECK_ASSIGNED)
            rewarn(x, base, lo, i);
        else if ((w = not_assigned(x, k, ck, x->cur)).code != UNALLOC_WARNING_NONE &&
                 push(x, &x->warnings, &w) != 0)
            return UNALLOC_E_NOMEM;
    }
    return UNALLOC_OK;
}

/* Whether a role-not-assigned check warns at as-of (not_assigned()): the
 * current spell has crossed its threshold, and some such check's role is
 * held by nobody (g->assigned, the same for the whole group). */
static bool
crossed_unassigned(const struct ctx *x, const struct regroup *g)
{
    return g->assigned && x->cur->cross.t <= x->as_of.t;
}

/* Starts the restatements of base's group in *g (finish()): the due
 * moments of base's escalation levels (in the arena), whether its checks
 * can warn of a role not assigned, and base as the result made last. */
static enum unalloc_status
regroup(struct ctx *x, struct regroup *g, struct unalloc_result *base)
{
    struct mo *due = NULL;
    g->base = base;
    g->open = x->p.last != 0 && base->pub.status != UNALLOC_CASE_STATUS_CLOSED;
    g->assigned = false;
    for (size_t k = 0; x->cur && g->open && k < x->pol->checks.len; k++) {
        const struct unalloc_check *ck = &UA_VEC_AT(&x->pol->checks, struct unalloc_check, k);
        if (ck->kind == UNALLOC_CHECK_ASSIGNED && x->p.holder[ck->role] == NONE)
            g->assigned = true;
    }
    if (base->esc.len) {
        if (!(due = arena_alloc(&x->arena, base->esc.len * sizeof *due)))
            return ua_nomem(x->err);
        for (size_t k = 0; k < base->esc.len; k++) {
            const struct unalloc_moment d =
                UA_VEC_AT(&base->esc, struct unalloc_escalation_level, k).due;
            due[k].t = (int64_t)as_of_day(d) * 1440 +
                       (d.has_time ? d.at.hour * 60 + d.at.minute : 0);
            due[k].timed = d.has_time;
        }
    }
    g->esc_due = due;
    g->prev = base;
    g->prev_code = ua_policy_warning(x->pol, base->as_of_day);
    g->prev_crossed = crossed_unassigned(x, g); /* x's as-of is base's */
    return UNALLOC_OK;
}

/* Escalation restated in r (a copy of g->prev) at the context's as-of: the
 * level fallen due, and the states of the levels not done (as
 * escalations() and add_level() take them; the rest depends on the
 * periods and events only). The levels stay prev's array while no state
 * differs from it, else are written to esc (room for base's). */
static void
reescalate(struct ctx *x, const struct regroup *g, struct unalloc_result *r,
           struct unalloc_escalation_level *esc)
{
    static const struct unalloc_moment none;
    const struct unalloc_escalation_level *lv = g->prev->esc.data;
    const size_t n = g->prev->esc.len;
    struct unalloc_case_result *pub = &r->pub;
    bool same = true;
    int best = -1;
    size_t at = 0;
    for (size_t k = 0; k < n; k++) {
        const struct mo due = g->esc_due[k];
        if (!lv[k].done && state_of(x, due) != lv[k].state)
            same = false;
        if ((due.timed ? due.t <= x->as_of.t : day_of(due.t) <= x->as_of_day) &&
            (best < 0 ||
             ua_role_seniority(lv[k].role) > ua_role_seniority((enum unalloc_role)best))) {
            best = lv[k].role;
            at = k;
        }
    }
    pub->escalation_due = best >= 0;
    pub->escalation_level = best >= 0 ? (enum unalloc_role)best : (enum unalloc_role)0;
    pub->escalation_level_due = best >= 0 ? lv[at].due : none;
    if (same)
        return;
    memcpy(esc, lv, n * sizeof *esc);
    for (size_t k = 0; k < n; k++)
        if (!esc[k].done)
            esc[k].state = state_of(x, g->esc_due[k]);
    r->esc = (struct ua_vec){ esc, n, n, sizeof *esc };
}

/* r's warnings written to w (room: restated_warnings()) at the context's
 * as-of, policy's warning code: base's, but for the policy's warning and
 * the role-not-assigned checks', taken afresh (policy_warnings(),
 * recheck()), in the order evaluate() gives them. */
static enum unalloc_status
rewarn_all(struct ctx *x, const struct regroup *g, struct unalloc_result *r, struct ua_warning *w)
{
    const struct unalloc_result *base = g->base;
    enum unalloc_status st;
    x->warnings = (struct avec){ w, 0, restated_warnings(x, base->warnings.len) };
    x->warning_slots = NULL;
    x->warning_cap = 0;
    rewarn(x, base, 0, x->periods_hi);
    if ((st = policy_warnings(x)) != UNALLOC_OK)
        return st;
    if (g->open) {
        rewarn(x, base, x->gen_lo, x->gen_hi);
        if (x->cur)
            rewarn(x, base, x->gen_hi, x->esc_hi);
        if ((st = recheck(x, base)) != UNALLOC_OK)
            return st;
    }
    /* The array had the room (a vector that grew would have left it). */
    if (x->warnings.data != w)
        return ua_fail(x->err, UNALLOC_E_RANGE, 0, 0,
                       "internal error: a restated result outgrew its room (please report)");
    r->warnings = (struct ua_vec){ w, x->warnings.len, x->warnings.len, sizeof *w };
    return UNALLOC_OK;
}

/* Makes at `at`, in base's block (room: restated_size()), the result at a
 * later as-of whose phases 2 to 4 give what they gave for g->base
 * (x->stable_until says so), starting from a copy of the result made last
 * (g->prev, of the same group: it shares base's occurrences, strings,
 * holders and policy). What the as-of changes is taken afresh: the
 * summary's own fields (all of them on a new day, summarise_at(); the
 * minute's only on prev's day, summarise_minute()), the escalation levels'
 * states and the level fallen due (reescalate()), and the warnings, which
 * are prev's array unless the policy's warning or the role-not-assigned
 * checks' differ from prev's (rewarn_all(), into the group's next room for
 * warnings). An occurrence's state is taken
 * at each result's own as-of when read (ua_occ_state()). Byte for byte what
 * evaluate_at() would give (the scenario tests and fuzz-events compare). */
static enum unalloc_status
restate(struct ctx *x, struct regroup *g, const struct unalloc_moment *as_of,
        const struct as_of_index *when, char *at)
{
    struct unalloc_result *r = (struct unalloc_result *)(void *)at;
    const struct unalloc_result *prev = g->prev;
    struct unalloc_escalation_level *esc =
        (struct unalloc_escalation_level *)(void *)(at + aligned(sizeof *r));
    enum unalloc_warning_code code;
    bool crossed;
    enum unalloc_status st;

    /* prev's caches are not built (no result is handed out yet), its
     * references are counted on base, and the as-of is set below. */
    memcpy(r, prev, sizeof *r);
    r->shared = g->base;
    x->as_of_day = when->day; /* as ctx_set_as_of(), which the series did */
    x->as_of.t = when->t;
    x->as_of.timed = as_of->has_time;
    x->res = r;
    r->pub.as_of = *as_of;
    r->as_of_t = when->t;
    r->as_of_day = when->day;
    r->as_of_timed = as_of->has_time;
    if (when->day != prev->as_of_day)
        summarise_at(x, x->cur);
    else
        summarise_minute(x, x->cur);
    if (g->base->esc.len) /* a current spell: escalations() ran */
        reescalate(x, g, r, esc);
    code = ua_policy_warning(x->pol, when->day);
    crossed = crossed_unassigned(x, g);
    if (code != g->prev_code || crossed != g->prev_crossed) {
        struct ua_warning *w = (struct ua_warning *)(void *)g->warn_room;
        if (!g->warn_rooms)
            return ua_fail(x->err, UNALLOC_E_RANGE, 0, 0,
                           "internal error: a group of restated results ran out of room "
                           "(please report)");
        if ((st = rewarn_all(x, g, r, w)) != UNALLOC_OK)
            return st;
        g->warn_room += g->warn_size;
        g->warn_rooms--;
        g->prev_code = code;
        g->prev_crossed = crossed;
    }
    g->prev = r;
    return UNALLOC_OK;
}

/* Starts loading what the phases read first, the timeline's header (its
 * first three cache lines), and the case's id, while the context is set up:
 * among many cases, one evaluated again has them in memory, not in cache.
 * A hint: no effect on results. */
static void
prefetch_case(const struct ua_timeline *tl, const struct unalloc_case *c)
{
    for (int line = 0; line < 3; line++)
        UA_PREFETCH((const char *)tl + 64 * line);
    UA_PREFETCH(c->id);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate(struct unalloc_result **out, const struct unalloc_calendar *cal,
                 const struct unalloc_policy *pol, const struct unalloc_case *c,
                 struct unalloc_moment as_of, struct unalloc_error *err)
{
    struct ctx x;
    const struct ua_timeline *tl;
    enum unalloc_status st;

    UA_PREFETCH(c); /* a case among many is seldom in cache: it loads during the checks */
    if (out)
        *out = NULL;
    if (!out || !cal || !pol || !c)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_evaluate: %s is NULL",
                       !out ? "out" : !cal ? "calendar" : !pol ? "policy" : "case");
    if ((st = check_args(cal, pol, err)) != UNALLOC_OK ||
        (st = check_as_of(&as_of, 0, 1, err)) != UNALLOC_OK)
        return st;
    if ((st = ua_case_timeline(&tl, c, err)) != UNALLOC_OK)
        return st;
    prefetch_case(tl, c);
    ctx_init(&x, cal, pol, c, err);
    x.tl = tl;
    if ((st = evaluate_at(&x, as_of, as_of_day(as_of))) == UNALLOC_OK) {
        const struct as_of_index at = { x.as_of.t, 0, x.as_of_day };
        st = finish(&x, &at, 1, &as_of, out);
    }
    arena_free(&x.arena);
    return st;
}

/* The checks of check_as_of() and the day of as_of_day() for an as-of m
 * given the one before it in the series (last, checked, of serial day
 * last_day), when m falls in last's month on its day or a day that every
 * month has (the 1st to the 28th: a range by days or weeks, a day's times)
 * and its time is valid: its day is counted from last's (*day). False for
 * any other moment, which check_as_of() checks in full (and says what is
 * wrong with). Gives m 00:00 when it is a date. */
static bool
in_month_of(struct unalloc_moment *m, const struct unalloc_moment *last, int32_t *day,
            int32_t last_day)
{
    const struct unalloc_date d = m->at.date;
    if (!m->has_time)
        m->at.hour = m->at.minute = 0;
    if (d.year != last->at.date.year || d.month != last->at.date.month ||
        (d.day != last->at.date.day && (d.day < 1 || d.day > 28)) ||
        (unsigned)m->at.hour > 23 || (unsigned)m->at.minute > 59)
        return false;
    *day = last_day + (d.day - last->at.date.day);
    return true;
}

static int
cmp_as_of_index(const void *pa, const void *pb)
{
    const struct as_of_index *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The as-of moments in time order; the phases run afresh only when the
 * moment passes the bound the last run set (an event, a threshold or a
 * first due date between them), and each other result is restated. */
UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_series(struct unalloc_result **results, const struct unalloc_calendar *cal,
                        const struct unalloc_policy *pol, const struct unalloc_case *c,
                        const struct unalloc_moment *as_of, size_t n_as_of,
                        struct unalloc_error *err)
{
    const size_t n = n_as_of;
    struct ctx x;
    struct as_of_index *order = NULL;
    struct unalloc_moment *moments = NULL;
    enum unalloc_status st = UNALLOC_OK;

    if (results)
        for (size_t i = 0; i < n; i++)
            results[i] = NULL;
    if (!results || !cal || !pol || !c || (n && !as_of))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_evaluate_series: %s is NULL",
                       !results ? "results" : !cal ? "calendar" : !pol ? "policy"
                                                  : !c        ? "case"
                                                              : "as_of");
    if (n == 0)
        return UNALLOC_OK;
    if ((st = check_args(cal, pol, err)) != UNALLOC_OK)
        return st;
    if (n > SIZE_MAX / sizeof *order || !(order = ua_malloc(n * sizeof *order)) ||
        !(moments = ua_malloc(n * sizeof *moments))) {
        ua_free(order);
        return ua_nomem(err);
    }
    for (size_t i = 0; i < n && st == UNALLOC_OK; i++) {
        struct unalloc_moment *m = &moments[i];
        *m = as_of[i];
        if (!i || !in_month_of(m, &moments[i - 1], &order[i].day, order[i - 1].day)) {
            if ((st = check_as_of(m, i, n, err)) != UNALLOC_OK)
                break;
            order[i].day = as_of_day(*m);
        }
        order[i].t = (int64_t)order[i].day * 1440 +
                     (m->has_time ? m->at.hour * 60 + m->at.minute : 1439);
        order[i].i = i;
    }
    ctx_init(&x, cal, pol, c, err);
    if (st == UNALLOC_OK)
        st = ua_case_timeline(&x.tl, c, err);
    if (st == UNALLOC_OK) {
        size_t k = 1;
        while (k < n && cmp_as_of_index(&order[k - 1], &order[k]) < 0)
            k++;
        if (k < n) /* not given in time order already (a range is) */
            qsort(order, n, sizeof *order, cmp_as_of_index);
    }
    /* A group: a moment evaluated in full, and those after it restated
     * from it, made into one block. */
    for (size_t k = 0, m; k < n && st == UNALLOC_OK; k += m) {
        if ((st = evaluate_at(&x, moments[order[k].i], order[k].day)) != UNALLOC_OK)
            break;
        for (m = 1; k + m < n && order[k + m].t <= x.stable_until; m++)
            ;
        st = finish(&x, order + k, m, moments, results);
    }
    arena_free(&x.arena);
    ua_free(order);
    ua_free(moments);
    if (st != UNALLOC_OK)
        for (size_t i = 0; i < n; i++) {
            unalloc_result_free(results[i]);
            results[i] = NULL;
        }
    return st;
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

/* Days converted to civil dates, direct-mapped: the moments of one case's
 * occurrences fall on a few days, often again and again. */
struct day_cache {
    struct {
        int32_t day;
        struct unalloc_date date;
    } slot[16];
};

/* An occurrence's moment (struct ua_occ: 32-bit minutes in 1900-2199) as a
 * civil one, as moment_of() makes it, in unsigned 32-bit arithmetic: the
 * minutes since 1900-01-01 00:00 are under 2^28. */
static struct unalloc_moment
civil_moment(struct day_cache *dc, int32_t t, bool timed)
{
    const uint32_t u = (uint32_t)t - (uint32_t)(UA_DAYS_MIN * 1440), q = u / 1440,
                   rem = u - q * 1440;
    const int32_t d = (int32_t)q + UA_DAYS_MIN;
    const unsigned k = (unsigned)d & 15u;
    struct unalloc_moment r;
    if (dc->slot[k].day != d) {
        dc->slot[k].day = d;
        dc->slot[k].date = ua_civil_from_days(d);
    }
    r.at.date = dc->slot[k].date;
    r.at.hour = timed ? (int)(rem / 60) : 0;
    r.at.minute = timed ? (int)(rem % 60) : 0;
    r.has_time = timed;
    return r;
}

enum unalloc_state
ua_occ_state(const struct unalloc_result *r, const struct ua_occ *o)
{
    const struct mo due = { o->due, (o->flags & UA_OCC_DUE_TIMED) != 0 };
    return (o->flags & UA_OCC_MET) ? UNALLOC_STATE_MET
                                   : state_at(r->as_of_t, r->as_of_timed, r->as_of_day, due);
}

/* The public occurrences of r's records (civil dates, the rule's names,
 * the states at r's as-of), in a new array; NULL when memory runs out. */
static struct unalloc_occurrence *
build_occurrences(const struct unalloc_result *r)
{
    struct unalloc_occurrence *pub;
    struct day_cache dc;

    if (r->occ.len > SIZE_MAX / sizeof *pub || !(pub = ua_malloc(r->occ.len * sizeof *pub)))
        return NULL;
    for (size_t k = 0; k < 16; k++)
        dc.slot[k].day = INT32_MIN;
    for (size_t i = 0; i < r->occ.len; i++) {
        const struct ua_occ *o = &UA_VEC_AT(&r->occ, struct ua_occ, i);
        const struct ua_rule *rule = &UA_VEC_AT(&r->policy->rules, struct ua_rule, o->rule);
        const struct unalloc_rule *p = &rule->pub;
        const int role = first_role(p->n_met_by ? p->met_by[0].roles : 0);
        const bool met = o->flags & UA_OCC_MET;
        pub[i] = (struct unalloc_occurrence){
            .kind = ua_obligation_names[p->obligation],
            .obligation = p->obligation,
            .has_role = role >= 0,
            .role = role >= 0 ? (enum unalloc_role)role : UNALLOC_ROLE_SOCIAL_WORKER,
            .rule = p->id,
            .clause = rule->clause_text,
            .start = civil_moment(&dc, o->start, o->flags & UA_OCC_START_TIMED),
            .due = civil_moment(&dc, o->due, o->flags & UA_OCC_DUE_TIMED),
            .state = ua_occ_state(r, o),
            .met = met,
            .met_at = met ? civil_moment(&dc, o->met_at, o->flags & UA_OCC_MET_TIMED)
                          : (struct unalloc_moment){ { { 0, 0, 0 }, 0, 0 }, false },
            .late = o->flags & UA_OCC_LATE,
            .occurrence = o->number,
            .spell = o->spell,
            .note = rule->note[o->note],
            .basis = p->basis,
            .on_record = o->flags & UA_OCC_ON_RECORD,
        };
    }
    return pub;
}

/* The public occurrences of a result restated in a series: its records are
 * its base's, so they are a copy of the base's public occurrences (built
 * for it first if need be: they stay with the group's block, release_block()),
 * each state taken at r's own as-of. NULL when memory runs out. */
static struct unalloc_occurrence *
restated_occurrences(const struct unalloc_result *r)
{
    const struct unalloc_occurrence *b = ua_result_occurrences(r->shared);
    struct unalloc_occurrence *pub;
    if (!b || !(pub = ua_malloc(r->occ.len * sizeof *pub))) /* the base's length: no overflow */
        return NULL;
    memcpy(pub, b, r->occ.len * sizeof *pub);
    for (size_t i = 0; i < r->occ.len; i++)
        pub[i].state = ua_occ_state(r, &UA_VEC_AT(&r->occ, struct ua_occ, i));
    return pub;
}

/* Builds the public occurrences on first request and publishes them with
 * one atomic exchange, so that threads sharing a result (or a series'
 * group) may ask. */
const struct unalloc_occurrence *
ua_result_occurrences(const struct unalloc_result *r)
{
    struct unalloc_result *mr = (struct unalloc_result *)r; /* a cache, not the value */
    struct unalloc_occurrence *pub, *expected = NULL;

    if ((pub = atomic_load_explicit(&mr->occ_pub, memory_order_acquire)) || !r->occ.len)
        return pub;
    if (!(pub = r->shared ? restated_occurrences(r) : build_occurrences(r)))
        return NULL;
    if (!atomic_compare_exchange_strong_explicit(&mr->occ_pub, &expected, pub,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        ua_free(pub);
        pub = expected;
    }
    return pub;
}

/* NULL past the end, and when the occurrences cannot be built for want of
 * memory (the first call builds them all). */
UNALLOC_EXPORT const struct unalloc_occurrence *
unalloc_result_occurrence(const struct unalloc_result *r, size_t i)
{
    const struct unalloc_occurrence *pub;
    if (!r || i >= r->occ.len || !(pub = ua_result_occurrences(r)))
        return NULL;
    return &pub[i];
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

UNALLOC_EXPORT enum unalloc_warning_code
unalloc_result_warning_code(const struct unalloc_result *r, size_t i)
{
    return r && i < r->warnings.len ? UA_VEC_AT(&r->warnings, struct ua_warning, i).code
                                    : UNALLOC_WARNING_NONE;
}

/* The texts of a base's warnings, each rendered once; NULL when memory runs
 * out. They stay with the group's block (release_block()): the results restated
 * from it borrow them. */
static char **
base_texts(const struct unalloc_result *r)
{
    char **text = ua_calloc(r->warnings.len, sizeof *text);
    if (!text)
        return NULL;
    for (size_t k = 0; k < r->warnings.len; k++) {
        struct ua_text t = { NULL, 0, 0, false };
        ua_warning_render(&t, r, k);
        if (t.failed) {
            ua_free(t.s);
            free_texts(text, k);
            return NULL;
        }
        text[k] = t.s;
    }
    return text;
}

/* The texts of a result restated in a series: n pointers, then n more to
 * the strings it owns (NULL where it borrows). A text depends only on the
 * warning and the policy, which the group shares, so a warning equal to one
 * of its base's borrows the base's text; most are copies of the base's, in
 * its order (rewarn()), and each is looked for a few places on from the last
 * one found. The others (the policy's review date, a role not assigned at
 * this as-of) are rendered. NULL when memory runs out. */
static char **
restated_texts(const struct unalloc_result *r)
{
    enum { LOOK_AHEAD = 8 };
    const struct unalloc_result *b = r->shared;
    const struct ua_warning *bw = b->warnings.data;
    const size_t n = r->warnings.len, nb = b->warnings.len;
    const char *const *bt = NULL;
    char **text;
    size_t j = 0;

    if (nb && !(bt = (const char *const *)ua_result_texts(b)))
        return NULL;
    if (!(text = ua_calloc(2 * n, sizeof *text))) /* 16 bytes a warning, less than its record */
        return NULL;
    for (size_t k = 0; k < n; k++) {
        const struct ua_warning *w = &UA_VEC_AT(&r->warnings, struct ua_warning, k);
        size_t f = j;
        while (f < nb && f < j + LOOK_AHEAD && !same_warning(w, &bw[f]))
            f++;
        if (f < nb && f < j + LOOK_AHEAD) {
            text[k] = (char *)bt[f]; /* borrowed: never freed through text[k] */
            j = f + 1;
        } else {
            struct ua_text t = { NULL, 0, 0, false };
            ua_warning_render(&t, r, k);
            if (t.failed) {
                ua_free(t.s);
                free_strings(text + n, n);
                ua_free(text);
                return NULL;
            }
            text[k] = text[n + k] = t.s;
        }
    }
    return text;
}

/* The texts of r's warnings, rendered on first request (a restated
 * result's mostly borrowed from its base) and published with one atomic
 * exchange, so that threads sharing a result may ask; NULL when memory
 * runs out. */
char **
ua_result_texts(const struct unalloc_result *r)
{
    struct unalloc_result *mr = (struct unalloc_result *)r; /* a cache, not the value */
    char **text, **expected = NULL;
    if ((text = atomic_load_explicit(&mr->warning_text, memory_order_acquire)))
        return text;
    if (!(text = r->shared ? restated_texts(r) : base_texts(r)))
        return NULL;
    if (!atomic_compare_exchange_strong_explicit(&mr->warning_text, &expected, text,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        free_strings(r->shared ? text + r->warnings.len : text, r->warnings.len);
        ua_free(text);
        text = expected;
    }
    return text;
}

UNALLOC_EXPORT const char *
unalloc_result_warning(const struct unalloc_result *r, size_t i)
{
    char **text;
    if (!r || i >= r->warnings.len || !(text = ua_result_texts(r)))
        return NULL;
    return text[i];
}
