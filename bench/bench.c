/*
 * libunalloc benchmarks: working-day arithmetic (constant time whatever the
 * distance) and evaluation throughput. Run with `meson test -C build --benchmark`
 * or directly: build/bench/bench [CASELOAD.csv-free: uses a generated caseload].
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <unalloc/unalloc.h>

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile long sink;

static void
bench_add(const struct unalloc_calendar *cal, int n, long iters)
{
    struct unalloc_date d = { n < 0 ? 2150 : 2000, 1, 1 }, r;
    double t0 = now();
    for (long i = 0; i < iters; i++) {
        d.day = 1 + (int)(i % 28);
        d.month = 1 + (int)(i % 12);
        if (unalloc_calendar_add_working_days(&r, cal, d, n, NULL) != UNALLOC_OK)
            abort();
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
        if (unalloc_calendar_count_working_days(&c, cal, d, e, NULL) != UNALLOC_OK)
            abort();
        sink += c;
    }
    printf("count over %3d years: %6.1f ns/op\n", span_years, (now() - t0) / (double)iters * 1e9);
}

static void
bench_evaluate(const struct unalloc_calendar *cal, const char *policy_id, int cases)
{
    struct unalloc_policy *p;
    struct unalloc_case **cs = calloc((size_t)cases, sizeof *cs);
    struct unalloc_moment as_of = { { { 2024, 9, 30 }, 0, 0 }, false };
    if (unalloc_policy_builtin(&p, policy_id, NULL) != UNALLOC_OK)
        return;
    for (int i = 0; i < cases; i++) {
        char id[32];
        snprintf(id, sizeof id, "B%06d", i);
        unalloc_case_new(&cs[i], id, NULL);
        struct unalloc_moment m = { { { 2024, 1 + i % 6, 1 + i % 28 }, 9, 0 }, true };
        unalloc_case_add_event(cs[i], "opened", m, i % 3 ? "cin" : "early-help", NULL, "North", NULL);
        for (int k = 0; k < 12; k++) {
            static const char *const kinds[] = { "visit", "review", "oversight", "rating" };
            unalloc_date_add_days(&m.at.date, m.at.date, 4 + k % 3, NULL);
            unalloc_case_add_event(cs[i], kinds[k % 4], m, k % 4 == 3 ? "amber" : NULL, NULL,
                                   NULL, NULL);
        }
    }
    double t0 = now();
    for (int i = 0; i < cases; i++) {
        struct unalloc_result *r;
        struct unalloc_error err;
        if (unalloc_evaluate(&r, cal, p, cs[i], as_of, &err) != UNALLOC_OK) {
            fprintf(stderr, "%s\n", err.message);
            abort();
        }
        sink += (long)unalloc_result_occurrence_count(r);
        unalloc_result_free(r);
    }
    double dt = now() - t0;
    printf("evaluate %-20s %8.0f cases/s (%d cases of 13 events)\n", policy_id, cases / dt, cases);
    for (int i = 0; i < cases; i++)
        unalloc_case_free(cs[i]);
    free(cs);
    unalloc_policy_free(p);
}

int
main(void)
{
    struct unalloc_calendar *cal;
    double t0 = now();
    if (unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL) != UNALLOC_OK)
        return 1;
    printf("build a calendar:    %6.2f ms\n", (now() - t0) * 1e3);
    const long iters = 2000000;
    bench_add(cal, 1, iters);
    bench_add(cal, 250, iters);
    bench_add(cal, 50000, iters);
    bench_add(cal, -50000, iters);
    bench_count(cal, 1, iters);
    bench_count(cal, 200, iters);
    for (size_t i = 0; i < unalloc_policy_builtin_count(); i++)
        bench_evaluate(cal, unalloc_policy_builtin_id(i), 20000);
    unalloc_calendar_free(cal);
    return 0;
}
