/*
 * libunalloc: the working-day calendar.
 *
 * A built calendar is two tables over every day of 1900-2199: prefix[i], the
 * number of working days before day i, and work[k], the k-th working day. Every
 * query is a couple of array reads: constant time, no allocation, no loop over
 * days, and nothing mutable, so one calendar can be shared by many threads.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "holidays-private.h"
#include "vocab-private.h"

#define NDAYS (UA_DAYS_MAX - UA_DAYS_MIN + 1)
#define NYEARS (UNALLOC_YEAR_MAX - UNALLOC_YEAR_MIN + 1)

struct named_day {
    int32_t day;
    const char *name;
    enum unalloc_holiday_source source;
};

struct unalloc_calendar {
    enum unalloc_region region;
    int32_t *prefix;          /* NDAYS + 1 entries */
    int32_t *work;            /* nwork entries */
    int32_t nwork;
    struct named_day *named;  /* non-working days with a name, sorted by day */
    size_t nnamed;
    char *names;              /* storage for names not owned by the rule table */
    unsigned char loaded[NYEARS];
    uint64_t fingerprint;
    /* What it was built from (the run-level record of the outputs). */
    struct ua_calendar_closure *closures;
    size_t nclosures;
    int32_t *working;
    size_t nworking;
    struct ua_calendar_file *files;
    size_t nfiles;
};


struct unalloc_calendar_builder {
    enum unalloc_region region;
    struct ua_vec closures;  /* struct ua_calendar_closure */
    struct ua_vec removals;  /* int32_t */
    struct ua_vec ical;      /* struct ua_ical_day */
    struct ua_vec files;     /* struct ua_calendar_file */
    unsigned char loaded[NYEARS];
};

static bool
region_ok(enum unalloc_region r)
{
    return (unsigned)r < UA_REGION_COUNT;
}

/* ---- builder ------------------------------------------------------------- */

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_new(struct unalloc_calendar_builder **out, enum unalloc_region region,
                             struct unalloc_error *err)
{
    struct unalloc_calendar_builder *b;
    if (out)
        *out = NULL;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_builder_new: out is NULL");
    if (!region_ok(region))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown region %d", (int)region);
    b = ua_calloc(1, sizeof *b);
    if (!b)
        return ua_nomem(err);
    b->region = region;
    ua_vec_init(&b->closures, sizeof(struct ua_calendar_closure));
    ua_vec_init(&b->removals, sizeof(int32_t));
    ua_vec_init(&b->ical, sizeof(struct ua_ical_day));
    ua_vec_init(&b->files, sizeof(struct ua_calendar_file));
    *out = b;
    return UNALLOC_OK;
}

UNALLOC_EXPORT void
unalloc_calendar_builder_free(struct unalloc_calendar_builder *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->closures.len; i++)
        ua_free(UA_VEC_AT(&b->closures, struct ua_calendar_closure, i).name);
    for (size_t i = 0; i < b->ical.len; i++)
        ua_free(UA_VEC_AT(&b->ical, struct ua_ical_day, i).name);
    ua_vec_free(&b->closures);
    ua_vec_free(&b->removals);
    ua_vec_free(&b->ical);
    ua_vec_free(&b->files);
    ua_free(b);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_add_closure(struct unalloc_calendar_builder *b, struct unalloc_date first,
                                     struct unalloc_date last, const char *name,
                                     struct unalloc_error *err)
{
    struct ua_calendar_closure c = { 0, 0, NULL };
    enum unalloc_status st;
    if (!b)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_builder_add_closure: builder is NULL");
    if ((st = ua_date_to_days_checked(&c.first, first, err)) != UNALLOC_OK ||
        (st = ua_date_to_days_checked(&c.last, last, err)) != UNALLOC_OK)
        return st;
    if (c.last < c.first) {
        char a[UNALLOC_DATE_BUFSIZE], z[UNALLOC_DATE_BUFSIZE];
        ua_format_date(a, sizeof a, first);
        ua_format_date(z, sizeof z, last);
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "closure ends (%s) before it starts (%s)",
                       z, a);
    }
    if (c.last - c.first >= 366)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0,
                       "a closure may span at most 366 days; this one spans %d",
                       (int)(c.last - c.first + 1));
    if (name && strlen(name) > UA_MAX_NAME)
        return ua_fail(err, UNALLOC_E_LIMIT, 0, 0, "closure name longer than %d bytes",
                       UA_MAX_NAME);
    if (name && !ua_printable_utf8(name))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "a closure name must be UTF-8 text without control characters");
    if (name && !(c.name = ua_strdup(name)))
        return ua_nomem(err);
    if (ua_vec_push(&b->closures, &c) != 0) {
        ua_free(c.name);
        return ua_nomem(err);
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_remove_day(struct unalloc_calendar_builder *b, struct unalloc_date date,
                                    struct unalloc_error *err)
{
    int32_t z;
    enum unalloc_status st;
    if (!b)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_builder_remove_day: builder is NULL");
    if ((st = ua_date_to_days_checked(&z, date, err)) != UNALLOC_OK)
        return st;
    if (ua_vec_push(&b->removals, &z) != 0)
        return ua_nomem(err);
    return UNALLOC_OK;
}

/* Adds the days a reader took, or frees them after a failure (the builder
 * then unchanged). */
static enum unalloc_status
take_days(struct unalloc_calendar_builder *b, struct ua_vec *days, const char *data, size_t size,
          enum unalloc_status st, struct unalloc_error *err)
{
    if (st == UNALLOC_OK && (ua_vec_reserve(&b->ical, days->len) != 0 ||
                             ua_calendar_builder_note_file(b, data, size, days) != 0))
        st = ua_nomem(err);
    if (st != UNALLOC_OK) {
        for (size_t i = 0; i < days->len; i++)
            ua_free(UA_VEC_AT(days, struct ua_ical_day, i).name);
        ua_vec_free(days);
        return st;
    }
    for (size_t i = 0; i < days->len; i++) {
        const struct ua_ical_day *d = &UA_VEC_AT(days, struct ua_ical_day, i);
        int y = ua_civil_from_days(d->day).year;
        b->loaded[y - UNALLOC_YEAR_MIN] = 1;
        ua_vec_push(&b->ical, d); /* cannot fail: reserved above */
    }
    ua_vec_free(days);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_load_ical(struct unalloc_calendar_builder *b, const char *data,
                                   size_t size, struct unalloc_error *err)
{
    struct ua_vec days;

    if (!b || (!data && size))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_builder_load_ical: %s is NULL", !b ? "builder" : "data");
    ua_vec_init(&days, sizeof(struct ua_ical_day));
    return take_days(b, &days, data, size, ua_ical_read(&days, data, size, err), err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_load_govuk_json(struct unalloc_calendar_builder *b, const char *data,
                                         size_t size, struct unalloc_error *err)
{
    struct ua_vec days;

    if (!b || (!data && size))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_builder_load_govuk_json: %s is NULL",
                       !b ? "builder" : "data");
    ua_vec_init(&days, sizeof(struct ua_ical_day));
    return take_days(b, &days, data, size,
                     ua_govuk_json_read(&days, b->region, data, size, err), err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_load_holidays(struct unalloc_calendar_builder *b, const char *data,
                                       size_t size, struct unalloc_error *err)
{
    size_t i = 0;

    if (!b || (!data && size))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_builder_load_holidays: %s is NULL",
                       !b ? "builder" : "data");
    if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    /* '{' never begins an iCalendar file; anything else is read as one, and
     * its reader names what is wrong. */
    if (i < size && data[i] == '{')
        return unalloc_calendar_builder_load_govuk_json(b, data, size, err);
    return unalloc_calendar_builder_load_ical(b, data, size, err);
}

int
ua_calendar_builder_note_file(struct unalloc_calendar_builder *b, const char *data, size_t size,
                              const struct ua_vec *days)
{
    struct ua_calendar_file f = { ua_fnv1a(UA_FNV_OFFSET, data, size), size, days->len, 0, 0 };
    for (size_t i = 0; i < days->len; i++) {
        int y = ua_civil_from_days(UA_VEC_AT(days, struct ua_ical_day, i).day).year;
        if (!f.first_year || y < f.first_year)
            f.first_year = y;
        if (y > f.last_year)
            f.last_year = y;
    }
    return ua_vec_push(&b->files, &f);
}

/* ---- build --------------------------------------------------------------- */

/* Copies what the calendar was built from into it. */
static int
keep_sources(struct unalloc_calendar *cal, const struct unalloc_calendar_builder *b)
{
    if ((b->closures.len && !(cal->closures = ua_calloc(b->closures.len, sizeof *cal->closures))) ||
        (b->removals.len && !(cal->working = ua_malloc(b->removals.len * sizeof *cal->working))) ||
        (b->files.len && !(cal->files = ua_malloc(b->files.len * sizeof *cal->files))))
        return -1;
    for (size_t i = 0; i < b->closures.len; i++) {
        const struct ua_calendar_closure *c = &UA_VEC_AT(&b->closures, struct ua_calendar_closure, i);
        cal->closures[i].first = c->first;
        cal->closures[i].last = c->last;
        cal->nclosures = i + 1;
        if (c->name && !(cal->closures[i].name = ua_strdup(c->name)))
            return -1;
    }
    if (b->removals.len)
        memcpy(cal->working, b->removals.data, b->removals.len * sizeof *cal->working);
    if (b->files.len)
        memcpy(cal->files, b->files.data, b->files.len * sizeof *cal->files);
    cal->nworking = b->removals.len;
    cal->nfiles = b->files.len;
    return 0;
}

size_t
ua_calendar_closures(const struct unalloc_calendar *cal, const struct ua_calendar_closure **out)
{
    *out = cal->closures;
    return cal->nclosures;
}

size_t
ua_calendar_working(const struct unalloc_calendar *cal, const int32_t **out)
{
    *out = cal->working;
    return cal->nworking;
}

size_t
ua_calendar_files(const struct unalloc_calendar *cal, const struct ua_calendar_file **out)
{
    *out = cal->files;
    return cal->nfiles;
}

struct entry {
    int32_t day;
    int prio;         /* 0 bank holiday, 1 closure: the lower wins a clash */
    const char *name;
    int owned;        /* name must be copied into the calendar */
    enum unalloc_holiday_source source;
};

static int
cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->prio > y->prio) - (x->prio < y->prio);
}

static int
find_named(const struct entry *e, size_t n, int32_t day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && e[lo].day == day ? (int)lo : -1;
}

static bool
weekend(int32_t z)
{
    return ua_weekday_of_days(z) >= 6;
}

static enum unalloc_status
collect(struct ua_vec *v, const struct unalloc_calendar_builder *b, struct unalloc_error *err)
{
    struct ua_holiday h[UA_MAX_HOLIDAYS_PER_YEAR];

    for (int y = UNALLOC_YEAR_MIN; y <= UNALLOC_YEAR_MAX; y++) {
        if (b->loaded[y - UNALLOC_YEAR_MIN])
            continue; /* a loaded file is authoritative for its years */
        size_t n = ua_bank_holidays(h, UA_MAX_HOLIDAYS_PER_YEAR, b->region, y);
        for (size_t i = 0; i < n; i++) {
            struct entry e = { h[i].day, 0, h[i].name, 0, UNALLOC_HOLIDAY_RULE };
            if (ua_vec_push(v, &e) != 0)
                return ua_nomem(err);
        }
    }
    for (size_t i = 0; i < b->ical.len; i++) {
        const struct ua_ical_day *d = &UA_VEC_AT(&b->ical, struct ua_ical_day, i);
        struct entry e = { d->day, 0, d->name, 1, UNALLOC_HOLIDAY_FILE };
        if (ua_vec_push(v, &e) != 0)
            return ua_nomem(err);
    }
    for (size_t i = 0; i < b->closures.len; i++) {
        const struct ua_calendar_closure *c = &UA_VEC_AT(&b->closures, struct ua_calendar_closure, i);
        for (int32_t z = c->first; z <= c->last; z++) {
            struct entry e = { z, 1, c->name ? c->name : "closure", c->name != NULL,
                               UNALLOC_HOLIDAY_CLOSURE };
            if (ua_vec_push(v, &e) != 0)
                return ua_nomem(err);
        }
    }
    return UNALLOC_OK;
}

/* Sorts and removes duplicate days, keeping the highest-priority name. */
static size_t
dedupe(struct entry *e, size_t n)
{
    size_t o = 0;
    qsort(e, n, sizeof *e, cmp_entry);
    for (size_t i = 0; i < n; i++)
        if (o == 0 || e[o - 1].day != e[i].day)
            e[o++] = e[i];
    return o;
}

static enum unalloc_status
apply_removals(struct entry *e, size_t *n, const struct unalloc_calendar_builder *b,
               struct unalloc_error *err)
{
    for (size_t i = 0; i < b->removals.len; i++) {
        int32_t z = UA_VEC_AT(&b->removals, int32_t, i);
        char d[UNALLOC_DATE_BUFSIZE];
        int at;
        ua_format_date(d, sizeof d, ua_civil_from_days(z));
        if (weekend(z))
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "cannot remove %s: it is a %s, and weekends are always non-working", d,
                           ua_weekday_of_days(z) == 6 ? "Saturday" : "Sunday");
        at = find_named(e, *n, z);
        if (at < 0)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "cannot remove %s: it is already a working day in this calendar (not "
                           "a bank holiday or closure)",
                           d);
        memmove(&e[at], &e[at + 1], (*n - (size_t)at - 1) * sizeof *e);
        (*n)--;
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_builder_build(struct unalloc_calendar **out,
                               const struct unalloc_calendar_builder *b,
                               struct unalloc_error *err)
{
    struct ua_vec v;
    struct unalloc_calendar *cal = NULL;
    struct entry *e;
    size_t n, owned_bytes = 0, k = 0;
    int32_t count = 0;
    char *w;
    enum unalloc_status st;

    if (out)
        *out = NULL;
    if (!out || !b)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_builder_build: %s is NULL",
                       !out ? "out" : "builder");
    ua_vec_init(&v, sizeof(struct entry));
    if ((st = collect(&v, b, err)) != UNALLOC_OK)
        goto fail;
    e = v.data;
    n = dedupe(e, v.len);
    if ((st = apply_removals(e, &n, b, err)) != UNALLOC_OK)
        goto fail;

    st = ua_nomem(err);
    cal = ua_calloc(1, sizeof *cal);
    if (!cal)
        goto fail;
    cal->region = b->region;
    memcpy(cal->loaded, b->loaded, sizeof cal->loaded);
    cal->prefix = ua_malloc((size_t)(NDAYS + 1) * sizeof(int32_t));
    cal->named = ua_malloc(n * sizeof *cal->named);
    for (size_t i = 0; i < n; i++)
        if (e[i].owned)
            owned_bytes += strlen(e[i].name) + 1;
    cal->names = ua_malloc(owned_bytes);
    if (!cal->prefix || !cal->named || !cal->names || keep_sources(cal, b) != 0)
        goto fail;

    /* Day table: walk the days once, at build time only. */
    cal->fingerprint = ua_fnv1a(UA_FNV_OFFSET, NULL, 0);
    for (int32_t i = 0; i < NDAYS; i++) {
        int32_t z = UA_DAYS_MIN + i;
        bool off = weekend(z);
        while (k < n && e[k].day < z)
            k++;
        if (k < n && e[k].day == z)
            off = true;
        cal->prefix[i] = count;
        if (!off)
            count++;
        else
            cal->fingerprint = ua_fnv1a(cal->fingerprint, &z, sizeof z);
    }
    cal->prefix[NDAYS] = count;
    cal->nwork = count;
    cal->work = ua_malloc((size_t)count * sizeof(int32_t));
    if (!cal->work)
        goto fail;
    for (int32_t i = 0, r = 0; i < NDAYS; i++)
        if (cal->prefix[i + 1] != cal->prefix[i])
            cal->work[r++] = UA_DAYS_MIN + i;

    w = cal->names;
    for (size_t i = 0; i < n; i++) {
        cal->named[i].day = e[i].day;
        cal->named[i].source = e[i].source;
        if (e[i].owned) {
            size_t len = strlen(e[i].name) + 1;
            memcpy(w, e[i].name, len);
            cal->named[i].name = w;
            w += len;
        } else {
            cal->named[i].name = e[i].name;
        }
    }
    cal->nnamed = n;
    ua_vec_free(&v);
    *out = cal;
    return UNALLOC_OK;

fail:
    ua_vec_free(&v);
    unalloc_calendar_free(cal);
    return st;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_new(struct unalloc_calendar **out, enum unalloc_region region,
                     struct unalloc_error *err)
{
    struct unalloc_calendar_builder *b;
    enum unalloc_status st;
    if (out)
        *out = NULL;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_new: out is NULL");
    if ((st = unalloc_calendar_builder_new(&b, region, err)) != UNALLOC_OK)
        return st;
    st = unalloc_calendar_builder_build(out, b, err);
    unalloc_calendar_builder_free(b);
    return st;
}

UNALLOC_EXPORT void
unalloc_calendar_free(struct unalloc_calendar *cal)
{
    if (!cal)
        return;
    ua_free(cal->prefix);
    ua_free(cal->work);
    ua_free(cal->named);
    ua_free(cal->names);
    for (size_t i = 0; i < cal->nclosures; i++)
        ua_free(cal->closures[i].name);
    ua_free(cal->closures);
    ua_free(cal->working);
    ua_free(cal->files);
    ua_free(cal);
}

/* ---- queries ------------------------------------------------------------- */

UNALLOC_EXPORT enum unalloc_region
unalloc_calendar_region(const struct unalloc_calendar *cal)
{
    return cal ? cal->region : UNALLOC_REGION_UNKNOWN;
}

UNALLOC_EXPORT int
unalloc_calendar_verified_through(const struct unalloc_calendar *cal)
{
    return cal ? UA_VERIFIED_THROUGH : 0;
}

UNALLOC_EXPORT bool
unalloc_calendar_year_loaded(const struct unalloc_calendar *cal, int year)
{
    if (!cal || year < UNALLOC_YEAR_MIN || year > UNALLOC_YEAR_MAX)
        return false;
    return cal->loaded[year - UNALLOC_YEAR_MIN] != 0;
}

UNALLOC_EXPORT uint64_t
unalloc_calendar_fingerprint(const struct unalloc_calendar *cal)
{
    return cal ? cal->fingerprint : 0;
}

static enum unalloc_status
index_of(int32_t *out, const struct unalloc_calendar *cal, struct unalloc_date d,
         struct unalloc_error *err)
{
    int32_t z;
    enum unalloc_status st;
    if (!cal)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "calendar is NULL");
    if ((st = ua_date_to_days_checked(&z, d, err)) != UNALLOC_OK)
        return st;
    *out = z - UA_DAYS_MIN;
    return UNALLOC_OK;
}

bool
ua_calendar_working_index(const struct unalloc_calendar *cal, int32_t i)
{
    return cal->prefix[i + 1] != cal->prefix[i];
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_is_working_day(bool *out, const struct unalloc_calendar *cal,
                                struct unalloc_date date, struct unalloc_error *err)
{
    int32_t i = 0;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_is_working_day: out is NULL");
    if ((st = index_of(&i, cal, date, err)) != UNALLOC_OK)
        return st;
    *out = ua_calendar_working_index(cal, i);
    return UNALLOC_OK;
}

enum unalloc_status
ua_calendar_add_days_serial(int32_t *out, const struct unalloc_calendar *cal, int32_t z, int64_t n,
                            struct unalloc_error *err)
{
    const int32_t i = z - UA_DAYS_MIN;
    int64_t r;
    if (n == 0) {
        *out = z;
        return UNALLOC_OK;
    }
    /* prefix[i + 1] working days lie at or before day i; the working days
     * after it have ranks prefix[i + 1], prefix[i + 1] + 1, ... */
    r = n > 0 ? (int64_t)cal->prefix[i + 1] + n - 1 : (int64_t)cal->prefix[i] + n;
    if (r < 0 || r >= cal->nwork)
        return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                       "adding %lld working days leaves the supported range 1900-01-01 to "
                       "2199-12-31",
                       (long long)n);
    *out = cal->work[r];
    return UNALLOC_OK;
}

int32_t
ua_calendar_count_serial(const struct unalloc_calendar *cal, int32_t from, int32_t to)
{
    return cal->prefix[to - UA_DAYS_MIN + 1] - cal->prefix[from - UA_DAYS_MIN + 1];
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_add_working_days(struct unalloc_date *out, const struct unalloc_calendar *cal,
                                  struct unalloc_date date, int n, struct unalloc_error *err)
{
    int32_t i = 0, z = 0;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_add_working_days: out is NULL");
    if ((st = index_of(&i, cal, date, err)) != UNALLOC_OK)
        return st;
    if ((st = ua_calendar_add_days_serial(&z, cal, i + UA_DAYS_MIN, n, err)) != UNALLOC_OK)
        return st;
    *out = ua_civil_from_days(z);
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_count_working_days(int *out, const struct unalloc_calendar *cal,
                                    struct unalloc_date from, struct unalloc_date to,
                                    struct unalloc_error *err)
{
    int32_t a = 0, b = 0;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_count_working_days: out is NULL");
    if ((st = index_of(&a, cal, from, err)) != UNALLOC_OK ||
        (st = index_of(&b, cal, to, err)) != UNALLOC_OK)
        return st;
    *out = cal->prefix[b + 1] - cal->prefix[a + 1];
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_next_working_day(struct unalloc_date *out, const struct unalloc_calendar *cal,
                                  struct unalloc_date date, struct unalloc_error *err)
{
    return unalloc_calendar_add_working_days(out, cal, date, 1, err);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_previous_working_day(struct unalloc_date *out,
                                      const struct unalloc_calendar *cal, struct unalloc_date date,
                                      struct unalloc_error *err)
{
    return unalloc_calendar_add_working_days(out, cal, date, -1, err);
}

/* The index of the first named day on or after serial day z. */
static size_t
named_lower_bound(const struct unalloc_calendar *cal, int32_t z)
{
    size_t lo = 0, hi = cal->nnamed;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->named[mid].day < z)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_holiday_name(const char **out, const struct unalloc_calendar *cal,
                              struct unalloc_date date, struct unalloc_error *err)
{
    int32_t i = 0, z = 0;
    size_t lo;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_holiday_name: out is NULL");
    if ((st = index_of(&i, cal, date, err)) != UNALLOC_OK)
        return st;
    z = i + UA_DAYS_MIN;
    lo = named_lower_bound(cal, z);
    *out = lo < cal->nnamed && cal->named[lo].day == z ? cal->named[lo].name : NULL;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_holidays(size_t *first, size_t *count, const struct unalloc_calendar *cal,
                          struct unalloc_date from, struct unalloc_date to,
                          struct unalloc_error *err)
{
    int32_t a = 0, b = 0;
    size_t lo, hi;
    enum unalloc_status st;
    if (!first || !count)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_holidays: %s is NULL",
                       !first ? "first" : "count");
    if ((st = index_of(&a, cal, from, err)) != UNALLOC_OK ||
        (st = index_of(&b, cal, to, err)) != UNALLOC_OK)
        return st;
    if (b < a) {
        char f[UNALLOC_DATE_BUFSIZE], t[UNALLOC_DATE_BUFSIZE];
        ua_format_date(f, sizeof f, from);
        ua_format_date(t, sizeof t, to);
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "the end (%s) is before the start (%s)", t,
                       f);
    }
    lo = named_lower_bound(cal, a + UA_DAYS_MIN);
    hi = named_lower_bound(cal, b + UA_DAYS_MIN + 1);
    *first = lo;
    *count = hi - lo;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_holiday(struct unalloc_holiday *out, const struct unalloc_calendar *cal,
                         size_t index, struct unalloc_error *err)
{
    if (!out || !cal)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_holiday: %s is NULL",
                       !out ? "out" : "calendar");
    if (index >= cal->nnamed)
        return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                       "holiday index %zu is past the calendar's %zu named days", index,
                       cal->nnamed);
    out->date = ua_civil_from_days(cal->named[index].day);
    out->name = cal->named[index].name;
    out->source = cal->named[index].source;
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_add_duration(struct unalloc_datetime *out, const struct unalloc_calendar *cal,
                              struct unalloc_datetime start, struct unalloc_duration dur,
                              struct unalloc_error *err)
{
    struct unalloc_datetime r = start;
    enum unalloc_status st;
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_calendar_add_duration: out is NULL");
    if ((st = ua_datetime_check(start, err)) != UNALLOC_OK)
        return st;
    switch (dur.unit) {
    case UNALLOC_UNIT_HOURS:
        st = unalloc_datetime_add_minutes(&r, start, (int64_t)dur.amount * 60, err);
        break;
    case UNALLOC_UNIT_DAYS:
        st = unalloc_date_add_days(&r.date, start.date, dur.amount, err);
        break;
    case UNALLOC_UNIT_WEEKS:
        if (dur.amount > INT32_MAX / 7 || dur.amount < INT32_MIN / 7)
            return ua_fail(err, UNALLOC_E_RANGE, 0, 0, "%d weeks is out of range", dur.amount);
        st = unalloc_date_add_days(&r.date, start.date, dur.amount * 7, err);
        break;
    case UNALLOC_UNIT_MONTHS:
        st = unalloc_date_add_months(&r.date, start.date, dur.amount, err);
        break;
    case UNALLOC_UNIT_WORKING_DAYS:
        if (!cal)
            return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                           "a duration in working days needs a calendar");
        st = unalloc_calendar_add_working_days(&r.date, cal, start.date, dur.amount, err);
        break;
    default:
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown duration unit %d", (int)dur.unit);
    }
    if (st == UNALLOC_OK)
        *out = r;
    return st;
}

/* ---- arrays of days (numpy datetime64[D]), for the bindings ----------------------- */

static bool
day_ok(int64_t d)
{
    return d >= UA_DAYS_MIN && d <= UA_DAYS_MAX;
}

static enum unalloc_status
bad_day(struct unalloc_error *err, size_t i, int64_t d)
{
    return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                   "element %zu: day %lld is outside 1900-01-01 to 2199-12-31", i, (long long)d);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_add_working_days_array(int64_t *out_days, const struct unalloc_calendar *cal,
                                        const int64_t *days, const int64_t *n, size_t n_count,
                                        size_t count, struct unalloc_error *err)
{
    if (!cal || (count && (!out_days || !days || !n)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_add_working_days_array: an argument is NULL");
    if (n_count != 1 && n_count != count)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "n has %zu elements; it needs 1 or %zu", n_count, count);
    for (size_t i = 0; i < count; i++) {
        const int64_t d = days[i], k = n[n_count == 1 ? 0 : i];
        int32_t r;
        if (d == UNALLOC_DAYS_MISSING || k == UNALLOC_DAYS_MISSING) {
            out_days[i] = UNALLOC_DAYS_MISSING;
            continue;
        }
        if (!day_ok(d))
            return bad_day(err, i, d);
        if (k > INT32_MAX || k < INT32_MIN ||
            ua_calendar_add_days_serial(&r, cal, (int32_t)d, k, NULL) != UNALLOC_OK)
            return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                           "element %zu: adding %lld working days leaves 1900-2199", i,
                           (long long)k);
        out_days[i] = r;
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_count_working_days_array(int64_t *out_counts, const struct unalloc_calendar *cal,
                                          const int64_t *from, const int64_t *to, size_t count,
                                          struct unalloc_error *err)
{
    if (!cal || (count && (!out_counts || !from || !to)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_count_working_days_array: an argument is NULL");
    for (size_t i = 0; i < count; i++) {
        if (from[i] == UNALLOC_DAYS_MISSING || to[i] == UNALLOC_DAYS_MISSING) {
            out_counts[i] = UNALLOC_DAYS_MISSING;
            continue;
        }
        if (!day_ok(from[i]))
            return bad_day(err, i, from[i]);
        if (!day_ok(to[i]))
            return bad_day(err, i, to[i]);
        out_counts[i] = ua_calendar_count_serial(cal, (int32_t)from[i], (int32_t)to[i]);
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_is_working_day_array(int8_t *out_flags, const struct unalloc_calendar *cal,
                                      const int64_t *days, size_t count, struct unalloc_error *err)
{
    if (!cal || (count && (!out_flags || !days)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_is_working_day_array: an argument is NULL");
    for (size_t i = 0; i < count; i++) {
        if (days[i] == UNALLOC_DAYS_MISSING) {
            out_flags[i] = -1;
            continue;
        }
        if (!day_ok(days[i]))
            return bad_day(err, i, days[i]);
        out_flags[i] = ua_calendar_working_index(cal, (int32_t)(days[i] - UA_DAYS_MIN)) ? 1 : 0;
    }
    return UNALLOC_OK;
}
