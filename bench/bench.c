/*
 * libunalloc benchmarks. Run with `meson test -C build --benchmark` (all) or
 * directly: build/bench/bench [calendar|evaluate|large|hourly|series]...
 *
 * - calendar: working-day arithmetic (constant time whatever the distance);
 * - evaluate: case evaluations per second for each built-in policy on
 *   13-event cases, each case evaluated once (its timeline built in the call),
 *   then again (the timeline cached in the case), then again reading every
 *   occurrence (the public structs are built on first read);
 *   UNALLOC_BENCH_POLICY=ID and UNALLOC_BENCH_CASES=N narrow it (for
 *   callgrind's instruction counts);
 * - large:    one case of 10k, 100k and 1M events added in time order,
 *   reversed and shuffled: nanoseconds per event to add and evaluate, which
 *   should stay flat across sizes (O(n log n));
 * - hourly:   a policy of 40 hourly recurring rules over one case of 4,000
 *   reviews;
 * - series:   one case evaluated at 52 weekly as-of dates, one by one and
 *   with unalloc_evaluate_series(), against one evaluation; then the
 *   series' floor: 52 as-of minutes after every event, threshold and first
 *   due date (one stable window: one evaluation in full and 51 results
 *   restated from it), which bounds what any series engine behind today's
 *   API can reach on this case (doc/performance.md); then the 52 weekly
 *   as-of dates again with every result read (the summary, every
 *   occurrence, every warning's text), as a series' users read them,
 *   against one evaluation read the same way;
 *   UNALLOC_BENCH_POLICY=ID and UNALLOC_BENCH_REPS=N (default 2000) narrow it.
 * UNALLOC_BENCH_CLOCK=cpu times the thread's processor time rather than the
 * wall clock (UNALLOC_BENCH_CLOCK=wall, the default; any other value is an
 * error): less noisy while other work shares the machine, for comparing
 * two builds (the time waiting for memory still counts).
 * doc/performance.md records the figures with the machine, date and command.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__GLIBC__)
#include <limits.h>
#include <malloc.h>
#endif

#include <unalloc/unalloc.h>

static clockid_t bench_clock = CLOCK_MONOTONIC;

static double
now(void)
{
    struct timespec ts;
    clock_gettime(bench_clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile long sink;

#define CHECK(call)                                                                              \
    do {                                                                                         \
        struct unalloc_error err_;                                                               \
        if ((call) != UNALLOC_OK) {                                                              \
            (void)err_;                                                                          \
            fprintf(stderr, "bench: %s failed\n", #call);                                        \
            exit(1);                                                                             \
        }                                                                                        \
    } while (0)

static void
bench_add(const struct unalloc_calendar *cal, int n, long iters)
{
    struct unalloc_date d = { n < 0 ? 2150 : 2000, 1, 1 }, r;
    double t0 = now();
    for (long i = 0; i < iters; i++) {
        d.day = 1 + (int)(i % 28);
        d.month = 1 + (int)(i % 12);
        CHECK(unalloc_calendar_add_working_days(&r, cal, d, n, NULL));
        sink += r.day;
    }
    printf("add(D, %6d):    %6.1f ns/op\n", n, (now() - t0) / (double)iters * 1e9);
}

static void
bench_count(const struct unalloc_calendar *cal, int span_years, long iters)
{
    struct unalloc_date d = { 1950, 1, 1 }, e = { 1950 + span_years, 6, 1 };
    int c;
    double t0 = now();
    for (long i = 0; i < iters; i++) {
        d.day = 1 + (int)(i % 28);
        CHECK(unalloc_calendar_count_working_days(&c, cal, d, e, NULL));
        sink += c;
    }
    printf("count over %3d years: %6.1f ns/op\n", span_years, (now() - t0) / (double)iters * 1e9);
}

static void
bench_calendar(const struct unalloc_calendar *cal)
{
    const long iters = 2000000;
    bench_add(cal, 1, iters);
    bench_add(cal, 250, iters);
    bench_add(cal, 50000, iters);
    bench_add(cal, -50000, iters);
    bench_count(cal, 1, iters);
    bench_count(cal, 200, iters);
}

/* The benchmark's case: opened, then 12 case notes every 4-6 days. */
static struct unalloc_case *
thirteen_events(int i)
{
    static const char *const kinds[] = { "visit", "review", "oversight", "rating" };
    struct unalloc_case *c;
    char id[32];
    struct unalloc_moment m = { { { 2024, 1 + i % 6, 1 + i % 28 }, 9, 0 }, true };
    snprintf(id, sizeof id, "B%06d", i);
    CHECK(unalloc_case_new(&c, id, NULL));
    CHECK(unalloc_case_add_event(c, "opened", m, i % 3 ? "cin" : "early-help", NULL, "North",
                                 NULL));
    for (int k = 0; k < 12; k++) {
        CHECK(unalloc_date_add_days(&m.at.date, m.at.date, 4 + k % 3, NULL));
        CHECK(unalloc_case_add_event(c, kinds[k % 4], m, k % 4 == 3 ? "amber" : NULL, NULL, NULL,
                                     NULL));
    }
    return c;
}

/* Evaluates every case once; with `read`, also reads every occurrence (the
 * public structs with civil dates are built on that first read). */
static double
evaluate_all(const struct unalloc_calendar *cal, const struct unalloc_policy *p,
             struct unalloc_case **cs, int cases, struct unalloc_moment as_of, bool read)
{
    double t0 = now();
    for (int i = 0; i < cases; i++) {
        struct unalloc_result *r;
        CHECK(unalloc_evaluate(&r, cal, p, cs[i], as_of, NULL));
        sink += (long)unalloc_result_occurrence_count(r);
        for (size_t k = 0; read && k < unalloc_result_occurrence_count(r); k++)
            sink += unalloc_result_occurrence(r, k)->due.at.date.day;
        unalloc_result_free(r);
    }
    return now() - t0;
}

/* With `print` false, an untimed pass that grows the process's heap (see
 * bench_evaluate_all). */
static void
bench_evaluate(const struct unalloc_calendar *cal, const char *policy_id, int cases, bool print)
{
    struct unalloc_policy *p;
    struct unalloc_case **cs = calloc((size_t)cases, sizeof *cs);
    struct unalloc_moment as_of = { { { 2024, 9, 30 }, 0, 0 }, false };
    double cold, warm, read;
    CHECK(unalloc_policy_builtin(&p, policy_id, NULL));
    for (int i = 0; i < cases; i++)
        cs[i] = thirteen_events(i);
    cold = evaluate_all(cal, p, cs, cases, as_of, false);
    warm = evaluate_all(cal, p, cs, cases, as_of, false);
    read = evaluate_all(cal, p, cs, cases, as_of, true);
    if (print)
        printf("evaluate %-20s %9.0f cases/s first, %9.0f again, %9.0f again reading every "
               "occurrence (%d cases of 13 events)\n",
               policy_id, cases / cold, cases / warm, cases / read, cases);
    for (int i = 0; i < cases; i++)
        unalloc_case_free(cs[i]);
    free(cs);
    unalloc_policy_free(p);
}

/* UNALLOC_BENCH_POLICY (one policy) and UNALLOC_BENCH_CASES (fewer cases)
 * let an instruction count run under callgrind in reasonable time. */
static void
bench_evaluate_all(const struct unalloc_calendar *cal)
{
    const char *only = getenv("UNALLOC_BENCH_POLICY"), *n = getenv("UNALLOC_BENCH_CASES");
    const int cases = n && atoi(n) > 0 ? atoi(n) : 200000;
    /* The heap grows once per process, by the cases and their timelines
     * (about 90,000 page faults at 200,000 cases): an untimed pass first,
     * so that every policy's *first* figure measures the same work, not
     * whichever policy happens to run first paying for the heap. */
    bench_evaluate(cal, only ? only : unalloc_policy_builtin_id(0), cases, false);
    for (size_t i = 0; i < unalloc_policy_builtin_count(); i++)
        if (!only || strcmp(only, unalloc_policy_builtin_id(i)) == 0)
            bench_evaluate(cal, unalloc_policy_builtin_id(i), cases, true);
}

/* ---- one very large case --------------------------------------------------- */

static uint64_t
next_random(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

/* Event i of a long history: allocations and deallocations of social
 * workers, absences and returns, reviews and visits, one an hour. */
static void
add_nth(struct unalloc_case *c, int i)
{
    static const char *const kinds[] = { "allocated", "review", "worker-absent", "visit",
                                         "worker-returned", "deallocated", "oversight" };
    static const char *const details[] = { "social-worker", "team-manager", "sick", NULL, NULL,
                                           "social-worker", "team-manager" };
    struct unalloc_moment m = { { { 2000, 1, 1 }, 9, 0 }, true };
    char w[16];
    const int k = i % 7;
    snprintf(w, sizeof w, "SW%d", (i / 7) % 5);
    CHECK(unalloc_datetime_add_minutes(&m.at, m.at, (int64_t)i * 60, NULL));
    CHECK(unalloc_case_add_event(c, kinds[k], m, details[k],
                                 (k == 0 || k == 2 || k == 4 || k == 5) ? w : NULL, NULL, NULL));
}

static void
bench_large_one(const struct unalloc_calendar *cal, const struct unalloc_policy *p, int n,
                const char *how)
{
    struct unalloc_case *c;
    struct unalloc_result *r;
    struct unalloc_moment open = { { { 2000, 1, 1 }, 0, 0 }, false };
    struct unalloc_moment as_of = { { { 2199, 12, 31 }, 0, 0 }, false };
    int *order = malloc((size_t)n * sizeof *order);
    uint64_t seed = 7;
    double t0, t1, t2;
    for (int i = 0; i < n; i++)
        order[i] = strcmp(how, "reversed") == 0 ? n - 1 - i : i;
    if (strcmp(how, "shuffled") == 0)
        for (int i = n - 1; i > 0; i--) {
            const int j = (int)(next_random(&seed) % (uint64_t)(i + 1)), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    CHECK(unalloc_case_new(&c, "LARGE", NULL));
    t0 = now();
    CHECK(unalloc_case_add_event(c, "opened", open, "cin", NULL, NULL, NULL));
    for (int i = 0; i < n; i++)
        add_nth(c, order[i]);
    t1 = now();
    CHECK(unalloc_evaluate(&r, cal, p, c, as_of, NULL));
    t2 = now();
    printf("large %-9s %8d events: add %6.0f ns/event, evaluate %6.0f ns/event "
           "(%zu occurrences)\n",
           how, n, (t1 - t0) / n * 1e9, (t2 - t1) / n * 1e9, unalloc_result_occurrence_count(r));
    unalloc_result_free(r);
    unalloc_case_free(c);
    free(order);
}

static void
bench_large(const struct unalloc_calendar *cal)
{
    struct unalloc_policy *p;
    static const char *const hows[] = { "in-order", "reversed", "shuffled" };
    CHECK(unalloc_policy_builtin(&p, "nelc-2022", NULL));
    for (int n = 10000; n <= 1000000; n *= 10)
        for (int h = 0; h < 3; h++)
            bench_large_one(cal, p, n, hows[h]);
    unalloc_policy_free(p);
}

/* ---- 40 hourly rules over 4,000 reviews --------------------------------------- */

static void
bench_hourly(const struct unalloc_calendar *cal)
{
    char *text = malloc(64 * 1024);
    size_t len = 0;
    struct unalloc_policy *p;
    struct unalloc_case *c;
    struct unalloc_result *r;
    struct unalloc_error err;
    struct unalloc_moment m = { { { 2020, 1, 1 }, 9, 0 }, true };
    struct unalloc_moment as_of = { { { 2021, 1, 1 }, 0, 0 }, false };
    double t0;
    len += (size_t)snprintf(text + len, 64 * 1024 - len,
                            "policy hourly\ntitle \"t\"\ndocument d \"d.txt\" \"d\"\n"
                            "region england-and-wales\nreview-date none \"benchmark\"\n"
                            "allocated-roles social-worker\nscope cin\n"
                            "unallocated-after more-than 1 hours\n  clause d \"s\" \"q\"\n");
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(text + len, 64 * 1024 - len,
                                "rule h%d review\n  clause d \"s\" \"q\"\n  from spell\n"
                                "  every %d hours\n  met-by review\nend\n",
                                i, 1 + i % 3);
    if (unalloc_policy_parse(&p, text, len, &err) != UNALLOC_OK) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    CHECK(unalloc_case_new(&c, "HOURLY", NULL));
    CHECK(unalloc_case_add_event(c, "opened", m, "cin", NULL, NULL, NULL));
    for (int i = 0; i < 4000; i++) {
        CHECK(unalloc_datetime_add_minutes(&m.at, m.at, 60, NULL));
        CHECK(unalloc_case_add_event(c, "review", m, NULL, NULL, NULL, NULL));
    }
    t0 = now();
    CHECK(unalloc_evaluate(&r, cal, p, c, as_of, NULL));
    printf("hourly: 40 hourly rules, 4000 reviews: %.3f s (%zu occurrences)\n", now() - t0,
           unalloc_result_occurrence_count(r));
    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    free(text);
}

/* ---- a series of as-of dates --------------------------------------------------- */

/* Reads a result as a series' users do: the summary, every occurrence (the
 * public structs are built on first read) and every warning's text (rendered
 * on first read). A read that fails (memory) ends the benchmark. */
static void
read_result(const struct unalloc_result *r)
{
    const size_t n_occ = unalloc_result_occurrence_count(r),
                 n_warn = unalloc_result_warning_count(r);
    bool ok = unalloc_result_case(r) != NULL;
    for (size_t i = 0; i < n_occ; i++)
        ok &= unalloc_result_occurrence(r, i) != NULL;
    for (size_t i = 0; i < n_warn; i++)
        ok &= unalloc_result_warning(r, i) != NULL;
    if (!ok) {
        fprintf(stderr, "bench: reading a result failed (out of memory)\n");
        exit(1);
    }
}

static void
bench_series(const struct unalloc_calendar *cal)
{
    const char *only = getenv("UNALLOC_BENCH_POLICY");
    for (size_t k = 0; k < unalloc_policy_builtin_count(); k++) {
        struct unalloc_policy *p;
        if (only && strcmp(only, unalloc_policy_builtin_id(k)) != 0)
            continue;
        struct unalloc_case *c = thirteen_events(1);
        struct unalloc_moment as_of[52];
        struct unalloc_result *r;
        const int reps = getenv("UNALLOC_BENCH_REPS") ? atoi(getenv("UNALLOC_BENCH_REPS")) : 2000;
        double one, all;
        CHECK(unalloc_policy_builtin(&p, unalloc_policy_builtin_id(k), NULL));
        for (int i = 0; i < 52; i++) {
            as_of[i] = (struct unalloc_moment){ { { 2024, 1, 5 }, 0, 0 }, false };
            CHECK(unalloc_date_add_days(&as_of[i].at.date, as_of[i].at.date, 7 * i, NULL));
        }
        struct unalloc_result *rs[52];
        struct unalloc_moment floor_at[52];
        double series, floor, floor_one, read_one, read_series;
        double t0 = now();
        for (int i = 0; i < reps; i++) {
            CHECK(unalloc_evaluate(&r, cal, p, c, as_of[51], NULL));
            unalloc_result_free(r);
        }
        one = (now() - t0) / reps;
        t0 = now();
        for (int i = 0; i < reps; i++)
            for (int a = 0; a < 52; a++) {
                CHECK(unalloc_evaluate(&r, cal, p, c, as_of[a], NULL));
                unalloc_result_free(r);
            }
        all = (now() - t0) / reps;
        t0 = now();
        for (int i = 0; i < reps; i++) {
            CHECK(unalloc_evaluate_series(rs, cal, p, c, as_of, 52, NULL));
            for (int a = 0; a < 52; a++)
                unalloc_result_free(rs[a]);
        }
        series = (now() - t0) / reps;
        printf("series %-20s one as-of %6.2f us; 52 weekly as-of: %7.2f us one by one (%.1fx), "
               "%7.2f us as a series (%.1fx)\n",
               unalloc_policy_builtin_id(k), one * 1e6, all * 1e6, all / one, series * 1e6,
               series / one);
        /* The floor: 52 minutes of as_of[51]'s day, from 10:00, long after the
         * last event: one evaluation in full, the others restated from it. */
        for (int a = 0; a < 52; a++)
            floor_at[a] = (struct unalloc_moment){ { as_of[51].at.date, 10, a }, true };
        t0 = now();
        for (int i = 0; i < reps; i++) {
            CHECK(unalloc_evaluate(&r, cal, p, c, floor_at[0], NULL));
            unalloc_result_free(r);
        }
        floor_one = (now() - t0) / reps;
        t0 = now();
        for (int i = 0; i < reps; i++) {
            CHECK(unalloc_evaluate_series(rs, cal, p, c, floor_at, 52, NULL));
            for (int a = 0; a < 52; a++)
                unalloc_result_free(rs[a]);
        }
        floor = (now() - t0) / reps;
        printf("series %-20s floor: one as-of %6.2f us; 52 as-of in one stable window: %7.2f us "
               "(%.1fx)\n",
               unalloc_policy_builtin_id(k), floor_one * 1e6, floor * 1e6, floor / floor_one);
        /* As users take a series: every result read. */
        t0 = now();
        for (int i = 0; i < reps; i++) {
            CHECK(unalloc_evaluate(&r, cal, p, c, as_of[51], NULL));
            read_result(r);
            unalloc_result_free(r);
        }
        read_one = (now() - t0) / reps;
        t0 = now();
        for (int i = 0; i < reps; i++) {
            CHECK(unalloc_evaluate_series(rs, cal, p, c, as_of, 52, NULL));
            for (int a = 0; a < 52; a++) {
                read_result(rs[a]);
                unalloc_result_free(rs[a]);
            }
        }
        read_series = (now() - t0) / reps;
        printf("series %-20s read: one as-of %6.2f us; 52 weekly as-of as a series: %7.2f us "
               "(%.1fx)\n",
               unalloc_policy_builtin_id(k), read_one * 1e6, read_series * 1e6,
               read_series / read_one);
        unalloc_case_free(c);
        unalloc_policy_free(p);
    }
}

int
main(int argc, char **argv)
{
    struct unalloc_calendar *cal;
    const char *clock_name;
    double t0;
#if defined(__GLIBC__)
    /* Memory freed stays in the process (glibc returns the top of its heap
     * to the system past 128 kB free, by default): a pass that follows
     * another reuses its pages, without a page fault each, whichever
     * policies run before it (bench_evaluate_all()). */
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
    if ((clock_name = getenv("UNALLOC_BENCH_CLOCK")) && strcmp(clock_name, "wall") != 0) {
        /* a misspelt value would time the wall clock while the figures are
         * taken for processor time */
        if (strcmp(clock_name, "cpu") != 0) {
            fprintf(stderr, "bench: UNALLOC_BENCH_CLOCK=%s: write cpu or wall\n", clock_name);
            return 2;
        }
        bench_clock = CLOCK_THREAD_CPUTIME_ID;
    }
    t0 = now();
    CHECK(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL));
    printf("build a calendar:    %6.2f ms\n", (now() - t0) * 1e3);
    for (int i = argc > 1 ? 1 : 0; i < (argc > 1 ? argc : 1); i++) {
        const char *what = argc > 1 ? argv[i] : "all";
        const bool all = strcmp(what, "all") == 0;
        if (all || strcmp(what, "calendar") == 0)
            bench_calendar(cal);
        if (all || strcmp(what, "evaluate") == 0)
            bench_evaluate_all(cal);
        if (all || strcmp(what, "series") == 0)
            bench_series(cal);
        if (all || strcmp(what, "hourly") == 0)
            bench_hourly(cal);
        if (all || strcmp(what, "large") == 0)
            bench_large(cal);
    }
    unalloc_calendar_free(cal);
    return 0;
}
