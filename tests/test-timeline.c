/*
 * libunalloc tests: the timeline and the engine's phases, through the public
 * API. Every ordering rule is checked by adding the same events in every
 * order and comparing the JSON bytes; warning codes, the result's reference
 * to its policy, warnings rendered from several threads, and cases far
 * larger than any real one (reversed and shuffled) are checked too, and
 * hand-worked answers where the engine's speed changes could go wrong: the
 * merge of many runs of occurrences, a series restating every phase's
 * warnings in any order of as-of, `while holding` over several runs, the
 * latest locality, a case with no events, several met-by lines of one
 * kind (the rule's meet table), and events added in order (the timeline's
 * fast path), and occurrences' moments at the ends of the supported days
 * and their notes, and a policy with the most rules allowed.
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>
#include <stdint.h>

#include "test-util.h"

struct row {
    const char *kind, *at, *detail, *worker;
};

/* An occurrence's notes, as the results say them (lib/policy.c). */
#define NOTE_DOB "date of birth unknown: owed in case the child is old enough"
#define NOTE_ACTOR_TM "the 'oversight' records no actor: taken as the team-manager's"
#define NOTE_DOB_ACTOR_TM NOTE_DOB "; " NOTE_ACTOR_TM

static struct unalloc_moment
M(const char *text)
{
    struct unalloc_moment m;
    if (unalloc_datetime_parse(&m.at, &m.has_time, text, NULL) != UNALLOC_OK)
        fail_msg("bad moment %s", text);
    return m;
}

/* The policy of a test's policy text (the test fails on an error). */
static struct unalloc_policy *
parsed(const char *text)
{
    struct unalloc_policy *p = NULL;
    struct unalloc_error err;
    if (unalloc_policy_parse(&p, text, strlen(text), &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    return p;
}

static struct unalloc_case *
build(const struct row *rows, const int *order, int n)
{
    struct unalloc_case *c = NULL;
    struct unalloc_error err;
    assert_int_equal(unalloc_case_new(&c, "C1", NULL), UNALLOC_OK);
    for (int i = 0; i < n; i++) {
        const struct row *r = &rows[order ? order[i] : i];
        if (unalloc_case_add_event(c, r->kind, M(r->at), r->detail, r->worker, "North", &err) !=
            UNALLOC_OK)
            fail_msg("%s", err.message);
    }
    return c;
}

static char *
evaluate_json(const struct unalloc_calendar *cal, const struct unalloc_policy *p,
              const struct unalloc_case *c, const char *as_of)
{
    struct unalloc_result *r = NULL;
    struct unalloc_error err;
    char *buf = NULL;
    size_t len = 0;
    if (unalloc_evaluate(&r, cal, p, c, M(as_of), &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_result_append_json(&buf, &len, r, NULL), UNALLOC_OK);
    unalloc_result_free(r);
    return buf;
}

/* Heap's algorithm: calls check on every permutation of order[0..n). */
static int
permute(int *order, int n, int k, const struct row *rows, const struct unalloc_calendar *cal,
        const struct unalloc_policy *p, const char *as_of, const char *want)
{
    int count = 0;
    if (k == 1) {
        struct unalloc_case *c = build(rows, order, n);
        char *got = evaluate_json(cal, p, c, as_of);
        if (strcmp(got, want) != 0)
            fail_msg("order %d %d %d %d %d %d gives\n%s\ninstead of\n%s", order[0], order[1],
                     order[2], n > 3 ? order[3] : -1, n > 4 ? order[4] : -1,
                     n > 5 ? order[5] : -1, got, want);
        unalloc_free(got);
        unalloc_case_free(c);
        return 1;
    }
    for (int i = 0; i < k; i++) {
        count += permute(order, n, k - 1, rows, cal, p, as_of, want);
        const int j = (k % 2) ? 0 : i, t = order[j];
        order[j] = order[k - 1];
        order[k - 1] = t;
    }
    return count;
}

struct history {
    const char *policy, *as_of;
    int n;
    struct row rows[6];
};

/* Histories whose answer once depended on row order (issue: "Rows on the
 * same day", "Handover"). */
static const struct history histories[] = {
    /* handover on one day, the deallocation listed either side */
    { "protocol-2019", "2025-04-14", 4,
      { { "opened", "2025-03-03", "cin", NULL },
        { "allocated", "2025-03-03", "social-worker", "SW1" },
        { "allocated", "2025-04-01", "social-worker", "SW2" },
        { "deallocated", "2025-04-01", "social-worker", "SW1" } } },
    /* a late handover, a date-only allocation at a timed opening */
    { "nelc-2022", "2024-05-30", 5,
      { { "opened", "2024-05-13T09:00", "referral", NULL },
        { "allocated", "2024-05-13", "atm", "ATM1" },
        { "allocated", "2024-05-14T00:00", "family-support", "FS1" },
        { "allocated", "2024-05-20", "family-support", "FS2" },
        { "deallocated", "2024-05-22", "family-support", "FS1" } } },
    /* a case note after the closing, a re-referral the same day */
    { "protocol-2019", "2024-05-20", 6,
      { { "opened", "2024-05-01", "cin", NULL },
        { "allocated", "2024-05-01", "social-worker", "SW1" },
        { "closed", "2024-05-10", NULL, NULL },
        { "review", "2024-05-10", "team-manager", NULL },
        { "opened", "2024-05-10", "referral", NULL },
        { "deallocated", "2024-05-10", "social-worker", "SW1" } } },
    /* two ratings and two workers at one moment, an absence and a return */
    { "nottingham-tfs-2022", "2024-06-20", 6,
      { { "opened", "2024-05-13", "early-help", NULL },
        { "rating", "2024-05-14", "amber", NULL },
        { "rating", "2024-05-14", "red", NULL },
        { "allocated", "2024-05-15", "family-support", "FS1" },
        { "allocated", "2024-05-15", "family-support", "FS2" },
        { "worker-absent", "2024-05-20", "sick", "FS2" } } },
};

static void
test_any_row_order_same_bytes(void **state)
{
    struct unalloc_calendar *cal;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    for (size_t h = 0; h < sizeof histories / sizeof histories[0]; h++) {
        const struct history *hi = &histories[h];
        struct unalloc_policy *p;
        int order[6];
        int fact = 1;
        assert_int_equal(unalloc_policy_builtin(&p, hi->policy, NULL), UNALLOC_OK);
        struct unalloc_case *c = build(hi->rows, NULL, hi->n);
        char *want = evaluate_json(cal, p, c, hi->as_of);
        for (int i = 0; i < hi->n; i++) {
            order[i] = i;
            fact *= i + 1;
        }
        assert_int_equal(permute(order, hi->n, hi->n, hi->rows, cal, p, hi->as_of, want), fact);
        unalloc_free(want);
        unalloc_case_free(c);
        unalloc_policy_free(p);
    }
    unalloc_calendar_free(cal);
}

static const struct unalloc_result *
find_warning(const struct unalloc_result *r, enum unalloc_warning_code code, size_t *at)
{
    for (size_t i = 0; i < unalloc_result_warning_count(r); i++)
        if (unalloc_result_warning_code(r, i) == code) {
            *at = i;
            return r;
        }
    return NULL;
}

static void
test_warning_codes(void **state)
{
    static const struct row rows[] = {
        { "opened", "2025-03-03", "cin", NULL },
        { "allocated", "2025-03-03", "social-worker", "SW1" },
        { "allocated", "2025-04-01", "social-worker", "SW2" },
        { "deallocated", "2025-04-03", "social-worker", "SW1" },
        { "deallocated", "2025-04-07", "social-worker", "SWX" },
        { "deallocated", "2025-04-08", "atm", NULL },
    };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_result *r;
    size_t i = 0;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, "protocol-2019", NULL), UNALLOC_OK);
    struct unalloc_case *c = build(rows, NULL, 6);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2025-04-09"), NULL), UNALLOC_OK);
    /* The policy may go before the result: the result keeps it. */
    unalloc_policy_free(p);
    assert_non_null(find_warning(r, UNALLOC_WARNING_LATE_HANDOVER, &i));
    assert_string_equal(unalloc_warning_code_name(unalloc_result_warning_code(r, i)),
                        "late-handover");
    assert_non_null(strstr(unalloc_result_warning(r, i), "names SW1, who had already been "
                                                         "replaced by SW2"));
    assert_non_null(find_warning(r, UNALLOC_WARNING_DEALLOCATED_OTHER_WORKER, &i));
    assert_non_null(strstr(unalloc_result_warning(r, i), "names SWX"));
    assert_non_null(find_warning(r, UNALLOC_WARNING_DEALLOCATED_UNHELD, &i));
    assert_non_null(strstr(unalloc_result_warning(r, i), "'deallocated atm' on 2025-04-08"));
    assert_non_null(find_warning(r, UNALLOC_WARNING_REVIEW_DATE_PASSED, &i));
    /* SWX's deallocation ended SW2's holding: unallocated since 7 April. */
    assert_int_equal(unalloc_result_case(r)->status, UNALLOC_CASE_STATUS_PENDING);
    assert_int_equal(unalloc_result_case(r)->unallocated_since.at.date.day, 7);
    for (int k = 1; k <= 13; k++)
        assert_non_null(unalloc_warning_code_name((enum unalloc_warning_code)k));
    assert_string_equal(unalloc_result_case(r)->policy_id, "protocol-2019");
    for (size_t k = 0; k < unalloc_result_occurrence_count(r); k++)
        assert_non_null(strstr(unalloc_result_occurrence(r, k)->clause, "000_"));
    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_calendar_free(cal);
}

/* Several threads ask for the same result's warnings and occurrences at
 * once: the texts and the public occurrences are built once and published
 * safely (run under TSan in scripts/test). Each thread returns a checksum of
 * what it read, and the address of the first occurrence must be the same
 * for all. */
static void *
read_warnings(void *arg)
{
    const struct unalloc_result *r = arg;
    uintptr_t total = 0;
    for (int k = 0; k < 100; k++) {
        for (size_t i = 0; i < unalloc_result_warning_count(r); i++)
            total += strlen(unalloc_result_warning(r, i));
        for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
            const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
            total += (uintptr_t)(o->due.at.date.day + o->due.at.date.month * 31 + o->state) +
                     strlen(o->rule);
        }
    }
    return (void *)(total ^ (uintptr_t)unalloc_result_occurrence(r, 0));
}

static void
test_warnings_from_threads(void **state)
{
    static const struct row rows[] = {
        { "opened", "2025-03-03", "cin", NULL },
        { "allocated", "2025-03-03", "social-worker", "SW1" },
        { "allocated", "2025-04-01", "social-worker", "SW2" },
        { "deallocated", "2025-04-03", "social-worker", "SW1" },
        { "deallocated", "2025-04-04", "social-worker", "SW2" },
    };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_result *r;
    pthread_t th[4];
    void *out[4];
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, "protocol-2019", NULL), UNALLOC_OK);
    struct unalloc_case *c = build(rows, NULL, 5);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2025-04-30"), NULL), UNALLOC_OK);
    assert_true(unalloc_result_warning_count(r) >= 2);
    assert_true(unalloc_result_occurrence_count(r) >= 1);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, read_warnings, r), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(th[i], &out[i]), 0);
    for (int i = 1; i < 4; i++)
        assert_true(out[i] == out[0]);
    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* One case of many thousand events, added in time order, reversed and
 * shuffled, gives the same answer (and stays well inside a unit test's
 * time limit: the cost is O(n log n)). */
static void
add_cycle(struct unalloc_case *c, int i, struct unalloc_error *err)
{
    struct unalloc_moment m = M("2020-01-01T09:00");
    char w[32];
    snprintf(w, sizeof w, "SW%d", i % 7);
    assert_int_equal(unalloc_datetime_add_minutes(&m.at, m.at, (int64_t)i * 60, NULL),
                     UNALLOC_OK);
    if (unalloc_case_add_event(c, i % 2 ? "deallocated" : "allocated", m, "social-worker", w,
                               NULL, err) != UNALLOC_OK)
        fail_msg("%s", err->message);
}

static void
test_large_cases_any_order(void **state)
{
    enum { N = 20000 };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_error err;
    char *want = NULL;
    static int order[N];
    uint64_t seed = 42;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, "nelc-2022", NULL), UNALLOC_OK);
    for (int i = 0; i < N; i++)
        order[i] = i;
    for (int pass = 0; pass < 3; pass++) {
        struct unalloc_case *c;
        char *got;
        if (pass == 2)
            for (int i = N - 1; i > 0; i--) {
                seed = seed * 6364136223846793005u + 1442695040888963407u;
                const int j = (int)((seed >> 33) % (uint64_t)(i + 1)), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        assert_int_equal(unalloc_case_new(&c, "BIG", NULL), UNALLOC_OK);
        assert_int_equal(unalloc_case_add_event(c, "opened", M("2020-01-01"), "cin", NULL, NULL,
                                                &err),
                         UNALLOC_OK);
        for (int i = 0; i < N; i++)
            add_cycle(c, pass == 0 ? i : pass == 1 ? N - 1 - i : order[i], &err);
        got = evaluate_json(cal, p, c, "2022-06-30");
        if (!want)
            want = got;
        else {
            assert_string_equal(got, want);
            unalloc_free(got);
        }
        unalloc_case_free(c);
    }
    unalloc_free(want);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* An occurrence due after 2199-12-31 is not listed, and the result says so
 * (issue: "never dropped silently"). protocol-2019: opened Thursday 1
 * December 2199, unallocated from add(1 Dec, 5) = Thursday 8 December (no
 * bank holiday between); weekly reviews met on 10, 17, 24 and 30 December
 * roll the next one to 6 January 2200, past the range. */
static void
test_due_out_of_range(void **state)
{
    static const struct row rows[] = {
        { "opened", "2199-12-01", "cin", NULL },
        { "review", "2199-12-10", "team-manager", NULL },
        { "review", "2199-12-17", "team-manager", NULL },
        { "review", "2199-12-24", "team-manager", NULL },
        { "review", "2199-12-30", "team-manager", NULL },
    };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_result *r;
    size_t i = 0;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, "protocol-2019", NULL), UNALLOC_OK);
    struct unalloc_case *c = build(rows, NULL, 5);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2199-12-31"), NULL), UNALLOC_OK);
    assert_non_null(find_warning(r, UNALLOC_WARNING_DUE_OUT_OF_RANGE, &i));
    assert_non_null(strstr(unalloc_result_warning(r, i), "rule p19.review-weekly: an occurrence "
                                                         "would fall due after 2199-12-31"));
    /* The four weekly reviews that fall in range are listed, all met. */
    size_t reviews = 0;
    for (size_t k = 0; k < unalloc_result_occurrence_count(r); k++)
        if (strcmp(unalloc_result_occurrence(r, k)->rule, "p19.review-weekly") == 0) {
            assert_true(unalloc_result_occurrence(r, k)->met);
            reviews++;
        }
    assert_int_equal(reviews, 4);
    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* Phase 4's sort of the occurrences, which come as runs already in order
 * (one instance's occurrences, due dates rising): with a recurring rule
 * first and then n one-off rules due ever earlier, there are n + 1 runs
 * (34 and 35: past 32, odd and even counts), and the output must be in due
 * order, a rule listed earlier first on the same day. Worked by hand: opened
 * Monday 6 May 2024; rule rK is due n - K days later, so r(n-1) on 7 May
 * and r0 on 6 May + n days; `ev` (every 7 days) is due 13 May, met on 10
 * May, so due 17 May, met on 15 May, so due 22 May (pending). */
static void
test_occurrences_sorted_many_runs(void **state)
{
    static const struct row rows[] = {
        { "opened", "2024-05-06", "referral", NULL },
        { "review", "2024-05-10", NULL, NULL },
        { "review", "2024-05-15", NULL, NULL },
    };
    struct unalloc_calendar *cal;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    for (int n = 33; n <= 34; n++) {
        char text[8192], date[16];
        int o = snprintf(text, sizeof text,
                         "policy runs\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
                         "region england-and-wales\nreview-date 2030-01-01\n"
                         "allocated-roles social-worker\nscope referral\n"
                         "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
                         "rule ev review\n  clause d \"S\" \"Q\"\n  from opened\n"
                         "  every 7 days\n  met-by review\nend\n");
        for (int k = 0; k < n; k++)
            o += snprintf(text + o, sizeof text - (size_t)o,
                          "rule r%d visit\n  clause d \"S\" \"Q\"\n  from opened\n"
                          "  due %d days\n  met-by visit\nend\n",
                          k, n - k);
        struct unalloc_policy *p = NULL;
        struct unalloc_result *r = NULL;
        struct unalloc_error err;
        size_t i = 0;
        if (unalloc_policy_parse(&p, text, strlen(text), &err) != UNALLOC_OK)
            fail_msg("%s", err.message);
        struct unalloc_case *c = build(rows, NULL, 3);
        assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-06-30"), NULL), UNALLOC_OK);
        assert_int_equal(unalloc_result_occurrence_count(r), (size_t)n + 3);
        for (int d = 1, ev = 0; d <= n; d++) {
            struct unalloc_date day;
            char want[16];
            assert_int_equal(unalloc_date_add_days(&day, D(2024, 5, 6), d, NULL), UNALLOC_OK);
            if (d == 7 || d == 11 || d == 16) {
                const struct unalloc_occurrence *e = unalloc_result_occurrence(r, i++);
                assert_string_equal(e->rule, "ev");
                assert_int_equal(e->occurrence, ++ev);
                assert_date_equal(e->due.at.date, day.year, day.month, day.day);
            }
            const struct unalloc_occurrence *x = unalloc_result_occurrence(r, i++);
            snprintf(want, sizeof want, "r%d", n - d);
            if (strcmp(x->rule, want) != 0) {
                unalloc_date_format(date, sizeof date, x->due.at.date, NULL);
                fail_msg("n = %d: occurrence %zu is %s due %s, not %s", n, i - 1, x->rule, date,
                         want);
            }
            assert_date_equal(x->due.at.date, day.year, day.month, day.day);
        }
        assert_int_equal(i, (size_t)n + 3);
        unalloc_result_free(r);
        unalloc_case_free(c);
        unalloc_policy_free(p);
    }
    unalloc_calendar_free(cal);
}

/* A series gives, at each as-of, the bytes one evaluation gives, whatever
 * the order the moments come in (in time order, a range's, skips the sort;
 * reversed and interleaved do not), with warnings of every phase restated:
 * phase 2's (a deallocation of an unheld role, a late handover, a mismatched
 * deallocation, a stop-gap), phase 4's (an assumed actor, an unknown date of
 * birth) and phase 5's (a meeting chaired by the family-support worker, a
 * rating outside the scale). Each names a timed row's moment with its time
 * (nelc-2022; worked by hand: the spell from 09:00 on 13 May crosses 24
 * hours at 09:01 on 14 May, so SW1's three days, 24 to 27 May, are a
 * stop-gap shorter than the week). */
static void
test_series_restates_every_phase(void **state)
{
    static const struct row rows[] = {
        { "opened", "2024-05-13T09:00", "referral", NULL },
        { "allocated", "2024-05-14T10:00", "atm", "ATM1" },
        { "oversight", "2024-05-15T10:00", NULL, NULL },
        { "allocated", "2024-05-15", "family-support", "FS1" },
        { "deallocated", "2024-05-16T10:00", "social-worker", "SW9" },
        { "allocated", "2024-05-20", "family-support", "FS2" },
        { "statutory-meeting", "2024-05-21T14:00", "family-support", NULL },
        { "deallocated", "2024-05-22T11:00", "family-support", "FS1" },
        { "rating", "2024-05-23T09:30", "yellow", NULL },
        { "allocated", "2024-05-24T10:00", "social-worker", "SW1" },
        { "deallocated", "2024-05-27T10:00", "social-worker", "SW1" },
        { "deallocated", "2024-06-03T16:00", "atm", "ATM2" },
    };
    static const char *const want[] = {
        "'deallocated social-worker' on 2024-05-16T10:00, but nobody held that role",
        "note: 'deallocated family-support' on 2024-05-22T11:00 names FS1, who had already "
        "been replaced by FS2",
        "the statutory meeting on 2024-05-21T14:00 is recorded as chaired by the "
        "family-support worker",
        "the rating 'yellow' on 2024-05-23T09:30 is not one this policy uses",
        "note: a stop-gap allocation from 2024-05-24T10:00 to 2024-05-27T10:00",
        "'deallocated atm' on 2024-06-03T16:00 names ATM2, who never held that role",
        "the 'oversight' on 2024-05-15T10:00 records no actor",
        "date of birth unknown",
    };
    enum { N = 40 };
    struct unalloc_moment at[N], given[N];
    struct unalloc_result *series[N];
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, "nelc-2022", NULL), UNALLOC_OK);
    struct unalloc_case *c = build(rows, NULL, sizeof rows / sizeof rows[0]);
    /* every other day from 13 May, at 10:59 on odd steps (a minute before a
     * row of 22 May, 27 May), at the end of the day on even ones */
    for (int k = 0; k < N; k++) {
        at[k] = M("2024-05-13");
        assert_int_equal(unalloc_date_add_days(&at[k].at.date, at[k].at.date, 2 * k, NULL),
                         UNALLOC_OK);
        if (k % 2) {
            at[k].has_time = true;
            at[k].at.hour = 10;
            at[k].at.minute = 59;
        }
    }
    for (int how = 0; how < 3; how++) {
        /* in time order, reversed, then the even steps before the odd */
        for (int k = 0; k < N; k++)
            given[k] = at[how == 0 ? k : how == 1 ? N - 1 - k : k < N / 2 ? 2 * k : 2 * (k - N / 2) + 1];
        if (unalloc_evaluate_series(series, cal, p, c, given, N, &err) != UNALLOC_OK)
            fail_msg("%s", err.message);
        for (int k = 0; k < N; k++) {
            struct unalloc_result *one = NULL;
            char *a = NULL, *b = NULL;
            size_t na = 0, nb = 0;
            assert_int_equal(unalloc_evaluate(&one, cal, p, c, given[k], NULL), UNALLOC_OK);
            assert_int_equal(unalloc_result_append_json(&a, &na, series[k], NULL), UNALLOC_OK);
            assert_int_equal(unalloc_result_append_json(&b, &nb, one, NULL), UNALLOC_OK);
            if (strcmp(a, b) != 0)
                fail_msg("order %d, as-of %d: the series gives\n%s\none evaluation\n%s", how, k,
                         a, b);
            /* from 4 June (k = 11 and after), every warning is there */
            if (given[k].at.date.month == 6 && given[k].at.date.day >= 4)
                for (size_t w = 0; w < sizeof want / sizeof want[0]; w++)
                    if (!strstr(a, want[w]))
                        fail_msg("as-of 2024-06-%02d: no warning \"%s\" in\n%s",
                                 given[k].at.date.day, want[w], a);
            free(a);
            free(b);
            unalloc_result_free(one);
            unalloc_result_free(series[k]);
        }
    }
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* `while holding`: each run of holding in a spell (a holder again after a
 * time with none) is a period of its own, with or without or-threshold; a
 * change of holder is not a new run. Worked by hand (the spell runs from
 * Monday 2 September 2024, no social worker): W's family-support role is
 * held 3 to 20 September (FS1), 23 September to 4 October (FS2, then FS3
 * from 30 September) and from 7 October (FS1 again). rs (met by a
 * reflective supervision): 3 September + 14 = 17 September, met on 16
 * September, the next (30 September) after the run ends; the second run's
 * (7 October) after it ends, so not owed; the third run's due 21 October,
 * met on 10 October, the next due 24 October. ot (met by a visit, never
 * recorded): 17 September and 21 October, overdue. V: the role is never
 * held, so ot runs from the threshold (24 hours after the date-only
 * opening: 00:01 on 3 September), due 17 September; rs is not owed. U: the
 * role is first held on 10 September, which anchors both, however late. */
static void
test_while_holding_runs(void **state)
{
    static const char text[] =
        "policy wh\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\nregion england-and-wales\n"
        "review-date 2030-01-01\nallocated-roles social-worker\nscope cin\n"
        "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
        "rule rs reflective-supervision\n  clause d \"S\" \"Q\"\n  from holding family-support\n"
        "  every 14 days\n  met-by reflective-supervision\n  while holding\nend\n"
        "rule ot visit\n  clause d \"S\" \"Q\"\n  from holding family-support or-threshold\n"
        "  every 14 days\n  met-by visit\n  while holding\nend\n";
    static const struct row w_rows[] = {
        { "opened", "2024-09-02", "cin", NULL },
        { "allocated", "2024-09-03", "family-support", "FS1" },
        { "reflective-supervision", "2024-09-16", NULL, NULL },
        { "deallocated", "2024-09-20", "family-support", "FS1" },
        { "allocated", "2024-09-23", "family-support", "FS2" },
        { "allocated", "2024-09-30", "family-support", "FS3" },
        { "deallocated", "2024-10-04", "family-support", "FS3" },
        { "allocated", "2024-10-07", "family-support", "FS1" },
        { "reflective-supervision", "2024-10-10", NULL, NULL },
    };
    static const struct row v_rows[] = { { "opened", "2024-09-02", "cin", NULL } };
    static const struct row u_rows[] = {
        { "opened", "2024-09-02", "cin", NULL },
        { "allocated", "2024-09-10", "family-support", "FS1" },
    };
    /* rule, occurrence, start, due, state (W as of 22 October, in output order) */
    static const struct {
        const char *rule;
        int number;
        const char *start, *due;
        enum unalloc_state state;
    } w_want[] = {
        { "rs", 1, "2024-09-03", "2024-09-17", UNALLOC_STATE_MET },
        { "ot", 1, "2024-09-03", "2024-09-17", UNALLOC_STATE_OVERDUE },
        { "rs", 1, "2024-10-07", "2024-10-21", UNALLOC_STATE_MET },
        { "ot", 1, "2024-10-07", "2024-10-21", UNALLOC_STATE_OVERDUE },
        { "rs", 2, "2024-10-10", "2024-10-24", UNALLOC_STATE_PENDING },
    };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p = parsed(text);
    struct unalloc_result *r;
    char buf[UNALLOC_MOMENT_BUFSIZE];
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    struct unalloc_case *c = build(w_rows, NULL, sizeof w_rows / sizeof w_rows[0]);
    /* before the second run, and between the second and the third: FS1's only */
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-09-22"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 2);
    unalloc_result_free(r);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-10-06"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 2);
    unalloc_result_free(r);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-10-22"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 5);
    for (size_t i = 0; i < 5; i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
        assert_string_equal(o->rule, w_want[i].rule);
        assert_int_equal(o->occurrence, w_want[i].number);
        assert_int_equal(o->spell, 1);
        assert_int_equal(unalloc_moment_format(buf, sizeof buf, o->start, NULL), UNALLOC_OK);
        assert_string_equal(buf, w_want[i].start);
        assert_int_equal(unalloc_moment_format(buf, sizeof buf, o->due, NULL), UNALLOC_OK);
        assert_string_equal(buf, w_want[i].due);
        assert_int_equal(o->state, w_want[i].state);
    }
    unalloc_result_free(r);
    unalloc_case_free(c);

    c = build(v_rows, NULL, 1);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-10-22"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 1);
    assert_string_equal(unalloc_result_occurrence(r, 0)->rule, "ot");
    assert_int_equal(unalloc_moment_format(buf, sizeof buf, unalloc_result_occurrence(r, 0)->start,
                                           NULL),
                     UNALLOC_OK);
    assert_string_equal(buf, "2024-09-03T00:01");
    assert_int_equal(unalloc_moment_format(buf, sizeof buf, unalloc_result_occurrence(r, 0)->due,
                                           NULL),
                     UNALLOC_OK);
    assert_string_equal(buf, "2024-09-17");
    unalloc_result_free(r);
    unalloc_case_free(c);

    c = build(u_rows, NULL, 2);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-10-22"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(unalloc_result_occurrence(r, i)->rule, i ? "ot" : "rs");
        assert_date_equal(unalloc_result_occurrence(r, i)->start.at.date, 2024, 9, 10);
        assert_date_equal(unalloc_result_occurrence(r, i)->due.at.date, 2024, 9, 24);
    }
    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* The locality is the latest recorded up to as-of, in this episode or
 * before (30bb133 finds it by a binary search over the rows that name
 * one): none before the first, then North, South, South again in an
 * episode whose rows name none, then East. A case with no events is not
 * open at any as-of, one by one or as a series. */
static void
test_locality_and_empty_case(void **state)
{
    static const struct {
        const char *kind, *at, *detail, *locality;
    } rows[] = {
        { "opened", "2024-05-01", "cin", "North" },
        { "visit", "2024-05-02", NULL, NULL },
        { "category", "2024-05-05", "cp", "South" },
        { "closed", "2024-05-10", NULL, NULL },
        { "opened", "2024-05-12", "referral", NULL },
        { "visit", "2024-05-20T10:00", NULL, "East" },
        { "visit", "2024-05-22", NULL, NULL },
    };
    static const struct {
        const char *as_of, *want;
    } at[] = {
        { "2024-04-30", NULL },        { "2024-05-01", "North" },
        { "2024-05-04", "North" },     { "2024-05-05", "South" },
        { "2024-05-15", "South" },     { "2024-05-20T09:59", "South" },
        { "2024-05-20T10:00", "East" }, { "2024-05-30", "East" },
    };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_case *c = NULL;
    struct unalloc_result *r, *series[3];
    struct unalloc_moment m[3];
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, "protocol-2019", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_new(&c, "L", NULL), UNALLOC_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (unalloc_case_add_event(c, rows[i].kind, M(rows[i].at), rows[i].detail, NULL,
                                   rows[i].locality, &err) != UNALLOC_OK)
            fail_msg("%s", err.message);
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        assert_int_equal(unalloc_evaluate(&r, cal, p, c, M(at[i].as_of), NULL), UNALLOC_OK);
        const char *got = unalloc_result_case(r)->locality;
        if (at[i].want ? !got || strcmp(got, at[i].want) != 0 : got != NULL)
            fail_msg("as of %s: locality %s, not %s", at[i].as_of, got ? got : "none",
                     at[i].want ? at[i].want : "none");
        unalloc_result_free(r);
    }
    unalloc_case_free(c);

    assert_int_equal(unalloc_case_new(&c, "EMPTY", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_check(c, NULL), UNALLOC_OK);
    m[0] = M("2024-05-01");
    m[1] = M("2024-05-01T09:00");
    m[2] = M("2023-01-01");
    assert_int_equal(unalloc_evaluate_series(series, cal, p, c, m, 3, NULL), UNALLOC_OK);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(unalloc_evaluate(&r, cal, p, c, m[k], NULL), UNALLOC_OK);
        assert_int_equal(unalloc_result_case(r)->status, UNALLOC_CASE_STATUS_NOT_OPEN);
        assert_int_equal(unalloc_result_case(series[k])->status, UNALLOC_CASE_STATUS_NOT_OPEN);
        assert_int_equal(unalloc_result_occurrence_count(series[k]), 0);
        assert_null(unalloc_result_case(series[k])->locality);
        unalloc_result_free(r);
        unalloc_result_free(series[k]);
    }
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* The documented limits are errors, never a silent cut. */
static void
test_limits(void **state)
{
    struct unalloc_case *c;
    struct unalloc_error err;
    struct unalloc_moment m = M("2020-01-01");
    (void)state;
    assert_int_equal(unalloc_case_new(&c, "LIMIT", NULL), UNALLOC_OK);
    for (int i = 0; i < UNALLOC_MAX_EVENTS; i++)
        if (unalloc_case_add_event(c, "review", m, NULL, NULL, NULL, &err) != UNALLOC_OK)
            fail_msg("event %d: %s", i, err.message);
    assert_int_equal(unalloc_case_add_event(c, "review", m, NULL, NULL, NULL, &err),
                     UNALLOC_E_LIMIT);
    assert_non_null(strstr(err.message, "more than 1048576 events"));
    assert_int_equal(unalloc_case_event_count(c), UNALLOC_MAX_EVENTS);
    unalloc_case_free(c);

    struct unalloc_policy_builder *b;
    struct unalloc_rule r;
    char id[32];
    assert_int_equal(unalloc_policy_builder_new(&b, "many-rules", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_document(b, "d", "d.txt", "D", NULL), UNALLOC_OK);
    memset(&r, 0, sizeof r);
    r.version = UNALLOC_RULE_VERSION;
    r.clause.document = "d";
    r.clause.section = "s";
    r.clause.quote = "q";
    r.obligation = UNALLOC_OBLIGATION_REVIEW;
    r.anchor = UNALLOC_ANCHOR_OPENED;
    r.has_due = true;
    r.due.amount = 1;
    r.due.unit = UNALLOC_UNIT_DAYS;
    r.met_by[0].kind = UNALLOC_EVENT_REVIEW;
    r.n_met_by = 1;
    r.id = id;
    for (int i = 0; i < UNALLOC_MAX_RULES; i++) {
        snprintf(id, sizeof id, "r%d", i);
        if (unalloc_policy_builder_add_rule(b, &r, &err) != UNALLOC_OK)
            fail_msg("rule %d: %s", i, err.message);
    }
    snprintf(id, sizeof id, "r%d", UNALLOC_MAX_RULES);
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_LIMIT);
    assert_non_null(strstr(err.message, "more than 1000 rules"));
    unalloc_policy_builder_free(b);
}

/* Several met-by lines of one kind, which only the builder can give (the
 * policy format wants them on one line): the rule's meet table (lib/policy.c's
 * rule_tables()) takes a kind's lines together, in either order. A line
 * naming no actor lets any event of its kind meet the rule, with no note; lines
 * that all name actors let an event of the kind with no actor meet it, taken
 * as the first of their roles (the team manager's, before the service
 * manager's), with a note and an actor-assumed warning. Worked by hand:
 * opened 09:00 on Monday 13 May 2024; oversights at 10:00 on the 14th (by
 * the practice specialist, named by no line), the 15th (no actor) and the
 * 16th (the service manager). */
static void
test_met_by_lines_of_one_kind(void **state)
{
    static const struct row rows[] = {
        { "opened", "2024-05-13T09:00", "cin", NULL },
        { "oversight", "2024-05-14T10:00", "practice-specialist", NULL },
        { "oversight", "2024-05-15T10:00", NULL, NULL },
        { "oversight", "2024-05-16T10:00", "service-manager", NULL },
    };
    enum { TM = 1u << UNALLOC_ROLE_TEAM_MANAGER, SM = 1u << UNALLOC_ROLE_SERVICE_MANAGER };
    static const struct {
        const char *id;
        unsigned roles[3]; /* oversight lines, or a visit line where VISIT */
        const char *met_at, *note;
    } rules[] = {
#define VISIT 0x80000000u
        { "tm-then-any", { TM, 0, VISIT }, "2024-05-14T10:00", NULL },
        { "any-then-tm", { 0, TM, VISIT }, "2024-05-14T10:00", NULL },
        { "tm-visit-any", { TM, VISIT, 0 }, "2024-05-14T10:00", NULL },
        { "tm-then-sm", { TM, SM, VISIT }, "2024-05-15T10:00", NOTE_ACTOR_TM },
        { "sm-then-tm", { SM, TM, VISIT }, "2024-05-15T10:00", NOTE_ACTOR_TM },
        { "visit-sm-sm", { VISIT, SM, SM }, "2024-05-15T10:00",
          "the 'oversight' records no actor: taken as the service-manager's" },
    };
    const size_t n = sizeof rules / sizeof rules[0];
    struct unalloc_policy_builder *b;
    struct unalloc_policy *p;
    struct unalloc_calendar *cal;
    struct unalloc_result *res;
    struct unalloc_definition d = UNALLOC_DEFINITION_INIT;
    struct unalloc_date review = { 2030, 1, 1 };
    struct unalloc_error err;
    size_t assumed = 0;
    (void)state;
    assert_int_equal(unalloc_policy_builder_new(&b, "lines", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_title(b, "Lines", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_region(b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_document(b, "d", "d.txt", "D", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_review_date(b, &review, NULL, NULL), UNALLOC_OK);
    d.allocated_roles = 1u << UNALLOC_ROLE_SOCIAL_WORKER;
    d.scope = 1u << UNALLOC_CATEGORY_CIN;
    d.unallocated.duration.amount = 3;
    d.unallocated.duration.unit = UNALLOC_UNIT_WORKING_DAYS;
    d.unallocated_clause = (struct unalloc_clause){ "d", "1", "q" };
    assert_int_equal(unalloc_policy_builder_set_definition(b, &d, NULL), UNALLOC_OK);
    for (size_t i = 0; i < n; i++) {
        struct unalloc_rule r = UNALLOC_RULE_INIT;
        r.id = rules[i].id;
        r.clause = (struct unalloc_clause){ "d", "2", "q" };
        r.obligation = UNALLOC_OBLIGATION_OVERSIGHT;
        r.anchor = UNALLOC_ANCHOR_OPENED;
        r.has_due = true;
        r.due.amount = 14;
        r.due.unit = UNALLOC_UNIT_DAYS;
        for (size_t k = 0; k < 3; k++) {
            const bool visit = rules[i].roles[k] == VISIT;
            r.met_by[k].kind = visit ? UNALLOC_EVENT_VISIT : UNALLOC_EVENT_OVERSIGHT;
            r.met_by[k].roles = visit ? 0 : rules[i].roles[k];
        }
        r.n_met_by = 3;
        if (unalloc_policy_builder_add_rule(b, &r, &err) != UNALLOC_OK)
            fail_msg("%s: %s", rules[i].id, err.message);
    }
#undef VISIT
    if (unalloc_policy_builder_build(&p, b, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    unalloc_policy_builder_free(b);
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    struct unalloc_case *c = build(rows, NULL, sizeof rows / sizeof rows[0]);
    if (unalloc_evaluate(&res, cal, p, c, M("2024-05-20"), &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_result_occurrence_count(res), n);
    for (size_t i = 0; i < n; i++) {
        const struct unalloc_occurrence *o = NULL;
        char at[UNALLOC_MOMENT_BUFSIZE];
        for (size_t k = 0; k < n; k++)
            if (strcmp(unalloc_result_occurrence(res, k)->rule, rules[i].id) == 0)
                o = unalloc_result_occurrence(res, k);
        if (!o)
            fail_msg("no occurrence of %s", rules[i].id);
        if (!o->met)
            fail_msg("%s: not met", rules[i].id);
        assert_int_equal(o->state, UNALLOC_STATE_MET);
        assert_int_equal(unalloc_moment_format(at, sizeof at, o->met_at, NULL), UNALLOC_OK);
        if (strcmp(at, rules[i].met_at) != 0)
            fail_msg("%s: met at %s, not %s", rules[i].id, at, rules[i].met_at);
        if (!rules[i].note != !o->note || (o->note && strcmp(o->note, rules[i].note) != 0))
            fail_msg("%s: note \"%s\", not \"%s\"", rules[i].id, o->note ? o->note : "(none)",
                     rules[i].note ? rules[i].note : "(none)");
    }
    /* one for each rule whose lines all name actors, naming the role its note does */
    for (size_t i = 0; i < n; i++) {
        char want[256];
        bool found = false;
        if (!rules[i].note)
            continue;
        snprintf(want, sizeof want,
                 "rule %s: the 'oversight' on 2024-05-15T10:00 records no actor and was taken "
                 "as the %s's; record who did it",
                 rules[i].id, strstr(rules[i].note, "team-manager") ? "team-manager"
                                                                    : "service-manager");
        for (size_t w = 0; w < unalloc_result_warning_count(res); w++)
            found = found || strcmp(unalloc_result_warning(res, w), want) == 0;
        if (!found)
            fail_msg("no warning \"%s\"", want);
    }
    for (size_t w = 0; w < unalloc_result_warning_count(res); w++)
        assumed += unalloc_result_warning_code(res, w) == UNALLOC_WARNING_ACTOR_ASSUMED;
    assert_int_equal(assumed, 3);
    unalloc_result_free(res);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* Actor-assumed warnings, one for each distinct event that met a rule with
 * no actor recorded (lib/evaluate.c's warn_rule(): a rule's warnings are
 * compared only when one names a moment as late as an earlier one). Worked
 * by hand: opened 09:00 on Monday 13 May 2024; `ov`, every 7 days from the
 * opening, met by a team manager's oversight or supervision. At 10:00 on the
 * 14th two identical oversight rows and a supervision, none naming an actor:
 * #1 (due 20 May) is met by the first oversight, #2 (from 10:00, due 21 May)
 * by the second (an event meets one occurrence, another at the same moment
 * may meet the next), #3 by the supervision; #4 (from 14 May 10:00, due 21
 * May) by the oversight of 20 May 10:00; #5 (from 20 May 10:00, due 27 May)
 * is pending as of 21 May. Three warnings: the two oversights at 10:00 are
 * one warning (equal warnings are kept once), the supervision at the same
 * moment another (another kind), the oversight of the 20th a third. A
 * second rule, `ov2`, the same with a 14-day interval, gives its own (each
 * names its rule): #1 (due 27 May) met at 10:00 by the first oversight, #2
 * by the second, #3 by the supervision, #4 (from 14 May 10:00, due 28 May) by
 * the 20th's oversight, #5 pending; the same three warnings, for ov2. More
 * rows on the 20th at 10:00, each a duplicate of one before, add none. */
static void
test_actor_warnings_once(void **state)
{
    static const char text[] =
        "policy aw\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
        "region england-and-wales\nreview-date 2030-01-01\n"
        "allocated-roles social-worker\nscope cin\n"
        "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
        "rule ov oversight\n  clause d \"S\" \"Q\"\n  from opened\n  every 7 days\n"
        "  met-by oversight team-manager\n  met-by supervision team-manager\nend\n"
        "rule ov2 oversight\n  clause d \"S\" \"Q\"\n  from opened\n  every 14 days\n"
        "  met-by oversight team-manager\n  met-by supervision team-manager\nend\n";
    static const struct row rows[] = {
        { "opened", "2024-05-13T09:00", "cin", NULL },
        { "oversight", "2024-05-14T10:00", NULL, NULL },
        { "oversight", "2024-05-14T10:00", NULL, NULL },
        { "supervision", "2024-05-14T10:00", NULL, NULL },
        { "oversight", "2024-05-20T10:00", NULL, NULL },
    };
    static const char *const met[] = { "2024-05-14T10:00", "2024-05-14T10:00",
                                       "2024-05-14T10:00", "2024-05-20T10:00", NULL };
    static const char *const due[2][5] = {
        { "2024-05-20", "2024-05-21", "2024-05-21", "2024-05-21", "2024-05-27" },
        { "2024-05-27", "2024-05-28", "2024-05-28", "2024-05-28", "2024-06-03" },
    };
    static const char *const rule[] = { "ov", "ov2" };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p = parsed(text);
    struct unalloc_result *r;
    char buf[UNALLOC_MOMENT_BUFSIZE];
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    struct unalloc_case *c = build(rows, NULL, sizeof rows / sizeof rows[0]);
    for (int again = 0; again < 2; again++) {
        size_t assumed = 0;
        if (again) /* duplicates of earlier rows: nothing new */
            for (size_t i = 1; i < sizeof rows / sizeof rows[0]; i++)
                assert_int_equal(unalloc_case_add_event(c, rows[i].kind, M(rows[i].at), NULL,
                                                        NULL, NULL, NULL),
                                 UNALLOC_OK);
        assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-05-21"), NULL), UNALLOC_OK);
        if (!again) {
            assert_int_equal(unalloc_result_occurrence_count(r), 10);
            for (size_t k = 0; k < 2; k++)
                for (int n = 1; n <= 5; n++) {
                    const struct unalloc_occurrence *o = NULL;
                    for (size_t i = 0; i < 10; i++)
                        if (strcmp(unalloc_result_occurrence(r, i)->rule, rule[k]) == 0 &&
                            unalloc_result_occurrence(r, i)->occurrence == n)
                            o = unalloc_result_occurrence(r, i);
                    if (!o)
                        fail_msg("no occurrence %s#%d", rule[k], n);
                    assert_int_equal(unalloc_moment_format(buf, sizeof buf, o->due, NULL),
                                     UNALLOC_OK);
                    if (strcmp(buf, due[k][n - 1]) != 0)
                        fail_msg("%s#%d due %s, not %s", rule[k], n, buf, due[k][n - 1]);
                    assert_int_equal(o->met, met[n - 1] != NULL);
                    if (met[n - 1]) {
                        assert_int_equal(
                            unalloc_moment_format(buf, sizeof buf, o->met_at, NULL), UNALLOC_OK);
                        if (strcmp(buf, met[n - 1]) != 0)
                            fail_msg("%s#%d met at %s, not %s", rule[k], n, buf, met[n - 1]);
                    }
                }
        }
        for (size_t k = 0; k < 2; k++) {
            static const char *const seen[] = { "'oversight' on 2024-05-14T10:00",
                                                "'supervision' on 2024-05-14T10:00",
                                                "'oversight' on 2024-05-20T10:00" };
            for (size_t j = 0; j < 3; j++) {
                char want[256];
                int times = 0;
                snprintf(want, sizeof want,
                         "rule %s: the %s records no actor and was taken as the "
                         "team-manager's; record who did it",
                         rule[k], seen[j]);
                for (size_t w = 0; w < unalloc_result_warning_count(r); w++)
                    times += strcmp(unalloc_result_warning(r, w), want) == 0;
                if (times != 1)
                    fail_msg("\"%s\" %d times, not once", want, times);
            }
        }
        for (size_t w = 0; w < unalloc_result_warning_count(r); w++)
            assumed += unalloc_result_warning_code(r, w) == UNALLOC_WARNING_ACTOR_ASSUMED;
        assert_int_equal(assumed, 6);
        unalloc_result_free(r);
    }
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* Rows added in order, each after the one before (on a later day, or later
 * the same day with both times recorded): the timeline keeps the order
 * added without sorting (lib/timeline.c's fast path), and must agree byte for
 * byte with the same rows added in reverse (every step of the full
 * ordering). Each set of rows below is compared at four as-ofs:
 * - one event a day, where the one rule of step 2 that applies is a
 *   date-only `closed` taken at the end of its day;
 * - timed events, several a day, a re-referral an hour after the closing;
 * - a handover at one moment listed allocation first: equal moments are
 *   not in order (the deallocation goes first);
 * - a date-only allocation listed before the day's timed opening: a
 *   date-only event beside others on its day is not in order (it is taken
 *   at the opening).
 * Worked by hand (protocol-2019, the first set): SW1 is taken off on Friday
 * 3 May 2024; at 12:00 on Friday 10 May the case, closed by date that day,
 * is still open and unallocated for 4 working days (Monday 6 May is a bank
 * holiday); at the end of the day it is closed. A date-only `closed` with no
 * episode open is an error naming it, in the fast path as in the full one. */
static void
test_events_added_in_order(void **state)
{
    enum { MAX_ROWS = 8 };
    static const struct {
        int n;
        struct row rows[MAX_ROWS];
        const char *as_of[4];
    } sets[] = {
        { 6,
          { { "opened", "2024-05-01", "cin", NULL },
            { "allocated", "2024-05-02", "social-worker", "SW1" },
            { "deallocated", "2024-05-03", "social-worker", "SW1" },
            { "closed", "2024-05-10", NULL, NULL },
            { "opened", "2024-05-13T09:00", "referral", NULL },
            { "review", "2024-05-14", "team-manager", NULL } },
          { "2024-05-10T12:00", "2024-05-10", "2024-05-13T08:00", "2024-05-20" } },
        { 7,
          { { "opened", "2024-05-13T09:00", "cin", NULL },
            { "allocated", "2024-05-13T10:00", "social-worker", "SW1" },
            { "deallocated", "2024-05-13T15:00", "social-worker", "SW1" },
            { "review", "2024-05-14T09:00", "team-manager", NULL },
            { "closed", "2024-05-20T10:00", NULL, NULL },
            { "opened", "2024-05-20T11:00", "referral", NULL },
            { "allocated", "2024-05-20T11:30", "social-worker", "SW2" } },
          { "2024-05-13T12:00", "2024-05-17", "2024-05-20T10:30", "2024-05-21" } },
        { 5,
          { { "opened", "2024-05-13T09:00", "cin", NULL },
            { "allocated", "2024-05-13T10:00", "social-worker", "SW1" },
            { "allocated", "2024-05-14T15:00", "social-worker", "SW2" },
            { "deallocated", "2024-05-14T15:00", "social-worker", "SW1" },
            { "review", "2024-05-15T09:00", "team-manager", NULL } },
          { "2024-05-14T15:00", "2024-05-15", "2024-05-24", "2024-06-20" } },
        { 4,
          { { "allocated", "2024-05-13", "social-worker", "SW1" },
            { "opened", "2024-05-13T09:00", "cin", NULL },
            { "deallocated", "2024-05-14T12:00", "social-worker", "SW1" },
            { "review", "2024-05-15T09:00", "team-manager", NULL } },
          { "2024-05-13T12:00", "2024-05-14", "2024-05-24", "2024-06-20" } },
    };
    static const struct {
        const char *at[3];
        int event;
    } bad[] = {
        { { "2024-05-01", "2024-05-03", "2024-05-05" }, 3 },
        { { "2024-05-01", "2024-05-03T10:00", "2024-05-05" }, 3 },
        { { "2024-05-01", "2024-05-03", "2024-05-05T10:00" }, 3 },
    };
    struct unalloc_calendar *cal;
    struct unalloc_policy *p;
    struct unalloc_result *r;
    struct unalloc_error err;
    struct unalloc_case *c;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, "protocol-2019", NULL), UNALLOC_OK);
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        const int n = sets[s].n;
        int reversed[MAX_ROWS];
        for (int i = 0; i < n; i++)
            reversed[i] = n - 1 - i;
        struct unalloc_case *in_order = build(sets[s].rows, NULL, n);
        struct unalloc_case *other = build(sets[s].rows, reversed, n);
        for (size_t k = 0; k < 4; k++) {
            char *want = evaluate_json(cal, p, other, sets[s].as_of[k]);
            char *got = evaluate_json(cal, p, in_order, sets[s].as_of[k]);
            if (strcmp(got, want) != 0)
                fail_msg("set %zu as of %s: the rows in order give\n%s\ninstead of\n%s", s,
                         sets[s].as_of[k], got, want);
            unalloc_free(want);
            unalloc_free(got);
        }
        unalloc_case_free(in_order);
        unalloc_case_free(other);
    }

    c = build(sets[0].rows, NULL, sets[0].n);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-05-10T12:00"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_case(r)->status, UNALLOC_CASE_STATUS_PENDING);
    assert_int_equal(unalloc_result_case(r)->working_days_unallocated, 4);
    unalloc_result_free(r);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-05-10"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_case(r)->status, UNALLOC_CASE_STATUS_CLOSED);
    unalloc_result_free(r);
    unalloc_case_free(c);

    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const struct row b[] = { { "opened", bad[k].at[0], "cin", NULL },
                                 { "closed", bad[k].at[1], NULL, NULL },
                                 { "closed", bad[k].at[2], NULL, NULL } };
        char want[160];
        c = build(b, NULL, 3);
        snprintf(want, sizeof want,
                 "case C1, event %d (closed at %s): comes after 'closed' and before a new "
                 "'opened'",
                 bad[k].event, bad[k].at[2]);
        assert_int_equal(unalloc_case_check(c, &err), UNALLOC_E_INVALID);
        assert_string_equal(err.message, want);
        unalloc_case_free(c);
    }
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* The moment an occurrence reads back (its day, and its time when it has
 * one): the engine keeps minutes since 1970 in 32 bits, so the test ends
 * are the supported range's and the epoch's. */
static void
assert_moment(struct unalloc_moment m, int y, int mo, int d, int hh, int mm, bool timed)
{
    assert_date_equal(m.at.date, y, mo, d);
    assert_int_equal(m.has_time, timed);
    assert_int_equal(m.at.hour, hh);
    assert_int_equal(m.at.minute, mm);
}

/* Occurrences at the ends of the supported days (1900-01-01 and 2199-12-31)
 * and across 1970-01-01, read back to the minute. Worked by hand: `h` is
 * due 36 hours after the opening (a moment), `d` on the opening's day + 3
 * (a date); the visit meets both, late when after `h`'s minute. */
static void
test_occurrence_moments_at_range_ends(void **state)
{
    struct unalloc_policy *p = parsed(
        "policy ends\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
        "region england-and-wales\nreview-date 2199-12-31\n"
        "allocated-roles social-worker\nscope referral\n"
        "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
        "rule h visit\n  clause d \"S\" \"Q\"\n  from opened\n  due 36 hours\n"
        "  met-by visit\nend\n"
        "rule d visit\n  clause d \"S\" \"Q\"\n  from opened\n  due 3 days\n"
        "  met-by visit\nend\n");
    struct unalloc_calendar *cal;
    struct unalloc_result *r;
    const struct unalloc_occurrence *o;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);

    /* The first minute: h due 1900-01-02 12:00, met at 10:30 on the 1st. */
    const struct row first[] = { { "opened", "1900-01-01T00:00", "referral", NULL },
                                 { "visit", "1900-01-01T10:30", NULL, NULL } };
    struct unalloc_case *c = build(first, NULL, 2);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("1900-02-01"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 2);
    o = unalloc_result_occurrence(r, 0);
    assert_string_equal(o->rule, "h");
    assert_moment(o->start, 1900, 1, 1, 0, 0, true);
    assert_moment(o->due, 1900, 1, 2, 12, 0, true);
    assert_true(o->met && !o->late);
    assert_moment(o->met_at, 1900, 1, 1, 10, 30, true);
    o = unalloc_result_occurrence(r, 1);
    assert_string_equal(o->rule, "d");
    assert_moment(o->due, 1900, 1, 4, 0, 0, false);
    assert_moment(o->met_at, 1900, 1, 1, 10, 30, true);
    unalloc_result_free(r);
    unalloc_case_free(c);

    /* One minute before 1970: h due 1970-01-02 11:59, met a minute late. */
    const struct row epoch[] = { { "opened", "1969-12-31T23:59", "referral", NULL },
                                 { "visit", "1970-01-02T12:00", NULL, NULL } };
    c = build(epoch, NULL, 2);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("1970-02-01"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 2);
    o = unalloc_result_occurrence(r, 0);
    assert_string_equal(o->rule, "h");
    assert_moment(o->start, 1969, 12, 31, 23, 59, true);
    assert_moment(o->due, 1970, 1, 2, 11, 59, true);
    assert_true(o->met && o->late);
    assert_moment(o->met_at, 1970, 1, 2, 12, 0, true);
    o = unalloc_result_occurrence(r, 1);
    assert_string_equal(o->rule, "d");
    assert_moment(o->start, 1969, 12, 31, 23, 59, true);
    assert_moment(o->due, 1970, 1, 3, 0, 0, false);
    assert_true(o->met && !o->late);
    unalloc_result_free(r);
    unalloc_case_free(c);

    /* The last minute: h due 2199-12-31 12:01, met at 23:59, late; d would
     * be due in 2200, past the supported days (a warning, no occurrence). */
    const struct row last[] = { { "opened", "2199-12-30T00:01", "referral", NULL },
                                { "visit", "2199-12-31T23:59", NULL, NULL } };
    c = build(last, NULL, 2);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2199-12-31T23:59"), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 1);
    o = unalloc_result_occurrence(r, 0);
    assert_string_equal(o->rule, "h");
    assert_moment(o->start, 2199, 12, 30, 0, 1, true);
    assert_moment(o->due, 2199, 12, 31, 12, 1, true);
    assert_true(o->met && o->late);
    assert_moment(o->met_at, 2199, 12, 31, 23, 59, true);
    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* An occurrence's note is a code into its rule's notes (lib/policy-private.h):
 * the date of birth's, an assumed actor's by met-by line, and the two
 * together. Worked by hand: opened 09:00 on Monday 13 May 2024, no date of
 * birth; both rules are due on 18 May, `aged` first (the same day: rule
 * order), and are met by the first visit or oversight; an oversight with no
 * actor is taken as the team manager's (met-by line 2, after the visit's). */
static void
test_occurrence_notes(void **state)
{
    struct unalloc_policy *p = parsed(
        "policy notes\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
        "region england-and-wales\nreview-date 2030-01-01\n"
        "allocated-roles social-worker\nscope referral\n"
        "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
        "rule aged oversight\n  clause d \"S\" \"Q\"\n  from opened\n  due 5 days\n"
        "  met-by visit\n  met-by oversight team-manager\n  if age-at-least 11\nend\n"
        "rule any oversight\n  clause d \"S\" \"Q\"\n  from opened\n  due 5 days\n"
        "  met-by visit\n  met-by oversight team-manager\nend\n");
    static const struct {
        struct row met;
        const char *aged, *any; /* the notes, NULL for none */
    } cases[] = {
        { { "oversight", "2024-05-15T10:00", NULL, NULL }, NOTE_DOB_ACTOR_TM, NOTE_ACTOR_TM },
        { { "visit", "2024-05-15T10:00", NULL, NULL }, NOTE_DOB, NULL },
        { { "oversight", "2024-05-15T10:00", "team-manager", NULL }, NOTE_DOB, NULL },
    };
    struct unalloc_calendar *cal;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct row rows[] = { { "opened", "2024-05-13T09:00", "referral", NULL },
                                    cases[k].met };
        struct unalloc_case *c = build(rows, NULL, 2);
        struct unalloc_result *r;
        assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-05-31"), NULL), UNALLOC_OK);
        assert_int_equal(unalloc_result_occurrence_count(r), 2);
        for (size_t i = 0; i < 2; i++) {
            const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
            const char *want = i ? cases[k].any : cases[k].aged;
            assert_string_equal(o->rule, i ? "any" : "aged");
            assert_moment(o->due, 2024, 5, 18, 0, 0, false);
            assert_true(o->met && !o->late);
            assert_moment(o->met_at, 2024, 5, 15, 10, 0, true);
            if (!want)
                assert_null(o->note);
            else if (!o->note || strcmp(o->note, want) != 0)
                fail_msg("case %zu, %s: note \"%s\", not \"%s\"", k, o->rule,
                         o->note ? o->note : "(none)", want);
        }
        unalloc_result_free(r);
        unalloc_case_free(c);
    }
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* A policy with the most rules allowed (UNALLOC_MAX_RULES): each
 * occurrence names its own rule and reads its own rule's note, past rule
 * index 255 too (an occurrence keeps its rule as an index and its note as a
 * code into that rule's notes). Worked by hand: opened 09:00 on Monday 13
 * May 2024, no date of birth; rule i is due (i * 7) % 5 days after the
 * opening (13 to 17 May, dates), met by an oversight naming the team
 * manager, and every 7th asks for a child of 11 or more. One oversight at
 * 10:00 that day records no actor: it meets every rule, not late, taken as
 * the team manager's, and the rules of the age condition add the date of
 * birth's note before that. The occurrences come by due date, then in rule
 * order. */
static void
test_occurrences_of_many_rules(void **state)
{
    static const struct row rows[] = {
        { "opened", "2024-05-13T09:00", "cin", NULL },
        { "oversight", "2024-05-13T10:00", NULL, NULL },
    };
    struct unalloc_policy_builder *b;
    struct unalloc_policy *p;
    struct unalloc_calendar *cal;
    struct unalloc_result *res;
    struct unalloc_definition d = UNALLOC_DEFINITION_INIT;
    struct unalloc_date review = { 2030, 1, 1 };
    struct unalloc_error err;
    char id[32];
    size_t k = 0;
    (void)state;
    assert_int_equal(unalloc_policy_builder_new(&b, "many", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_title(b, "Many", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_region(b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_document(b, "d", "d.txt", "D", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_review_date(b, &review, NULL, NULL), UNALLOC_OK);
    d.allocated_roles = 1u << UNALLOC_ROLE_SOCIAL_WORKER;
    d.scope = 1u << UNALLOC_CATEGORY_CIN;
    d.unallocated.duration.amount = 3;
    d.unallocated.duration.unit = UNALLOC_UNIT_WORKING_DAYS;
    d.unallocated_clause = (struct unalloc_clause){ "d", "1", "q" };
    assert_int_equal(unalloc_policy_builder_set_definition(b, &d, NULL), UNALLOC_OK);
    for (int i = 0; i < UNALLOC_MAX_RULES; i++) {
        struct unalloc_rule r = UNALLOC_RULE_INIT;
        snprintf(id, sizeof id, "r%d", i);
        r.id = id;
        r.clause = (struct unalloc_clause){ "d", "2", "q" };
        r.obligation = UNALLOC_OBLIGATION_OVERSIGHT;
        r.anchor = UNALLOC_ANCHOR_OPENED;
        r.has_due = true;
        r.due.amount = (i * 7) % 5;
        r.due.unit = UNALLOC_UNIT_DAYS;
        r.met_by[0].kind = UNALLOC_EVENT_OVERSIGHT;
        r.met_by[0].roles = 1u << UNALLOC_ROLE_TEAM_MANAGER;
        r.n_met_by = 1;
        r.if_age_at_least = i % 7 ? 0 : 11;
        if (unalloc_policy_builder_add_rule(b, &r, &err) != UNALLOC_OK)
            fail_msg("rule %d: %s", i, err.message);
    }
    if (unalloc_policy_builder_build(&p, b, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    unalloc_policy_builder_free(b);
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    struct unalloc_case *c = build(rows, NULL, 2);
    if (unalloc_evaluate(&res, cal, p, c, M("2024-05-31"), &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_result_occurrence_count(res), UNALLOC_MAX_RULES);
    for (int day = 0; day < 5; day++)
        for (int i = 0; i < UNALLOC_MAX_RULES; i++) {
            const struct unalloc_occurrence *o;
            if ((i * 7) % 5 != day)
                continue;
            o = unalloc_result_occurrence(res, k++);
            snprintf(id, sizeof id, "r%d", i);
            if (strcmp(o->rule, id) != 0)
                fail_msg("occurrence %zu: rule %s, not %s", k - 1, o->rule, id);
            assert_moment(o->due, 2024, 5, 13 + day, 0, 0, false);
            assert_true(o->met && !o->late);
            assert_moment(o->met_at, 2024, 5, 13, 10, 0, true);
            if (!o->note || strcmp(o->note, i % 7 ? NOTE_ACTOR_TM : NOTE_DOB_ACTOR_TM) != 0)
                fail_msg("%s: note \"%s\"", id, o->note ? o->note : "(none)");
        }
    assert_int_equal(k, UNALLOC_MAX_RULES);
    unalloc_result_free(res);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* The as-of is checked before anything is evaluated (lib/date.c's
 * ua_datetime_check() answers a valid moment itself and leaves the message
 * to unalloc_date_check() otherwise): the first and last minutes of the
 * supported days, and 29 February in a leap year, are evaluated; the minute
 * either side of the range, a 29 February in another year, a 13th month and
 * hours or minutes out of their range are each a clear error, worked by
 * hand. A date-only as-of ignores the time fields it does not use. */
static void
test_as_of_checked(void **state)
{
    struct unalloc_policy *p = parsed(
        "policy asof\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
        "region england-and-wales\nreview-date 2199-12-31\n"
        "allocated-roles social-worker\nscope referral\n"
        "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
        "rule v visit\n  clause d \"S\" \"Q\"\n  from opened\n  due 36 hours\n"
        "  met-by visit\nend\n");
    static const struct row rows[] = { { "opened", "1900-01-01T00:00", "referral", NULL } };
    static const struct {
        struct unalloc_moment at;
        enum unalloc_status st;
        const char *message; /* NULL when evaluated */
    } cases[] = {
        { { { { 1900, 1, 1 }, 0, 0 }, true }, UNALLOC_OK, NULL },
        { { { { 2199, 12, 31 }, 23, 59 }, true }, UNALLOC_OK, NULL },
        { { { { 2024, 2, 29 }, 23, 59 }, true }, UNALLOC_OK, NULL },
        { { { { 2199, 12, 31 }, 99, -7 }, false }, UNALLOC_OK, NULL },
        { { { { 1899, 12, 31 }, 23, 59 }, true }, UNALLOC_E_RANGE,
          "as-of: 1899-12-31 is outside the supported range 1900-01-01 to 2199-12-31" },
        { { { { 2200, 1, 1 }, 0, 0 }, true }, UNALLOC_E_RANGE,
          "as-of: 2200-01-01 is outside the supported range 1900-01-01 to 2199-12-31" },
        { { { { 2200, 1, 1 }, 0, 0 }, false }, UNALLOC_E_RANGE,
          "as-of: 2200-01-01 is outside the supported range 1900-01-01 to 2199-12-31" },
        { { { { 2023, 2, 29 }, 12, 0 }, true }, UNALLOC_E_INVALID,
          "as-of: 2023-02-29 is not a valid date: February 2023 has 28 days" },
        { { { { 2024, 13, 1 }, 12, 0 }, true }, UNALLOC_E_INVALID,
          "as-of: 2024-13-01 is not a valid date: month 13 is not 1 to 12" },
        { { { { 2024, 5, 1 }, 24, 0 }, true }, UNALLOC_E_INVALID,
          "as-of: 24:00 is not a valid time: hours run 00-23 and minutes 00-59" },
        { { { { 2024, 5, 1 }, 23, 60 }, true }, UNALLOC_E_INVALID,
          "as-of: 23:60 is not a valid time: hours run 00-23 and minutes 00-59" },
        { { { { 2024, 5, 1 }, -1, 0 }, true }, UNALLOC_E_INVALID,
          "as-of: -1:00 is not a valid time: hours run 00-23 and minutes 00-59" },
        { { { { 2024, 5, 1 }, 0, -1 }, true }, UNALLOC_E_INVALID,
          "as-of: 00:-1 is not a valid time: hours run 00-23 and minutes 00-59" },
    };
    struct unalloc_calendar *cal;
    struct unalloc_case *c = build(rows, NULL, 1);
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct unalloc_result *r = NULL;
        struct unalloc_error err;
        const enum unalloc_status st = unalloc_evaluate(&r, cal, p, c, cases[k].at, &err);
        if (st != cases[k].st)
            fail_msg("case %zu: status %d, not %d", k, (int)st, (int)cases[k].st);
        if (cases[k].message) {
            assert_null(r);
            assert_string_equal(err.message, cases[k].message);
        } else {
            assert_non_null(r);
            unalloc_result_free(r);
        }
    }
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

/* The as-of moments of a series are checked as unalloc_evaluate() checks
 * one, whatever moment comes before (a moment in the month of the one
 * before it takes a shorter path: lib/evaluate.c, in_month_of()): each bad
 * moment after a valid one of its month, or of its day, is the same error,
 * numbered, and no result is given; valid moments in one month, on one day
 * or across months and years (the 29th to the 31st, a date whose time
 * fields are out of range) give what one evaluation at each gives. */
static void
test_series_as_of_checked(void **state)
{
    struct unalloc_policy *p = parsed(
        "policy asof\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
        "region england-and-wales\nreview-date 2024-05-20\n"
        "allocated-roles social-worker\nscope referral\n"
        "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
        "rule v visit\n  clause d \"S\" \"Q\"\n  from opened\n  due 36 hours\n"
        "  met-by visit\nend\n");
    static const struct row rows[] = { { "opened", "2023-01-02T09:00", "referral", NULL } };
    static const struct {
        struct unalloc_moment before, at;
        enum unalloc_status st;
        const char *message;
    } bad[] = {
        { { { { 2023, 2, 28 }, 12, 0 }, true }, { { { 2023, 2, 29 }, 12, 0 }, true },
          UNALLOC_E_INVALID, "as-of 2 of 2: 2023-02-29 is not a valid date: February 2023 has 28 days" },
        { { { { 2024, 4, 1 }, 0, 0 }, false }, { { { 2024, 4, 31 }, 0, 0 }, false },
          UNALLOC_E_INVALID, "as-of 2 of 2: 2024-04-31 is not a valid date: April 2024 has 30 days" },
        { { { { 2024, 5, 1 }, 0, 0 }, false }, { { { 2024, 5, 0 }, 0, 0 }, false },
          UNALLOC_E_INVALID, "as-of 2 of 2: 2024-05-00 is not a valid date: May 2024 has 31 days" },
        { { { { 2024, 5, 1 }, 9, 0 }, true }, { { { 2024, 5, 1 }, 24, 0 }, true },
          UNALLOC_E_INVALID, "as-of 2 of 2: 24:00 is not a valid time: hours run 00-23 and minutes 00-59" },
        { { { { 2024, 5, 1 }, 9, 0 }, true }, { { { 2024, 5, 2 }, 23, 60 }, true },
          UNALLOC_E_INVALID, "as-of 2 of 2: 23:60 is not a valid time: hours run 00-23 and minutes 00-59" },
        { { { { 2024, 5, 1 }, 9, 0 }, true }, { { { 2024, 5, 1 }, -1, 0 }, true },
          UNALLOC_E_INVALID, "as-of 2 of 2: -1:00 is not a valid time: hours run 00-23 and minutes 00-59" },
        { { { { 2024, 5, 1 }, 9, 0 }, true }, { { { 2024, 5, 1 }, 0, -1 }, true },
          UNALLOC_E_INVALID, "as-of 2 of 2: 00:-1 is not a valid time: hours run 00-23 and minutes 00-59" },
        { { { { 2199, 12, 31 }, 9, 0 }, true }, { { { 2199, 12, 32 }, 9, 0 }, true },
          UNALLOC_E_INVALID, "as-of 2 of 2: 2199-12-32 is not a valid date: December 2199 has 31 days" },
    };
    static const char *const good[] = {
        "2024-02-27", "2024-02-28T23:59", "2024-02-29", "2024-02-29T00:00", "2024-03-01",
        "2024-03-28", "2024-03-29T10:00", "2024-03-31", "2024-05-19T08:00", "2024-05-20",
        "2024-05-20T23:59", "2024-05-21T00:00", "2024-05-21", "2024-12-31T23:59", "2025-01-01",
        "2025-01-28", "2025-01-31",
    };
    enum { N = sizeof good / sizeof good[0] };
    struct unalloc_moment at[N];
    struct unalloc_result *series[N];
    struct unalloc_calendar *cal;
    struct unalloc_case *c = build(rows, NULL, 1);
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const struct unalloc_moment two[2] = { bad[k].before, bad[k].at };
        struct unalloc_result *r[2] = { NULL, NULL };
        const enum unalloc_status st = unalloc_evaluate_series(r, cal, p, c, two, 2, &err);
        if (st != bad[k].st)
            fail_msg("case %zu: status %d, not %d", k, (int)st, (int)bad[k].st);
        assert_null(r[0]);
        assert_null(r[1]);
        assert_string_equal(err.message, bad[k].message);
    }
    for (int k = 0; k < N; k++) {
        at[k] = M(good[k]);
        if (!at[k].has_time) { /* a date's time fields are not read */
            at[k].at.hour = 99;
            at[k].at.minute = -7;
        }
    }
    if (unalloc_evaluate_series(series, cal, p, c, at, N, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    for (int k = 0; k < N; k++) {
        char *a = NULL, *b = evaluate_json(cal, p, c, good[k]);
        size_t na = 0;
        assert_int_equal(unalloc_result_append_json(&a, &na, series[k], NULL), UNALLOC_OK);
        if (strcmp(a, b) != 0)
            fail_msg("as-of %s: the series gives\n%s\none evaluation\n%s", good[k], a, b);
        free(a);
        free(b);
        unalloc_result_free(series[k]);
    }
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(cal);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_any_row_order_same_bytes),
        cmocka_unit_test(test_warning_codes),
        cmocka_unit_test(test_warnings_from_threads),
        cmocka_unit_test(test_large_cases_any_order),
        cmocka_unit_test(test_due_out_of_range),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_occurrences_sorted_many_runs),
        cmocka_unit_test(test_series_restates_every_phase),
        cmocka_unit_test(test_while_holding_runs),
        cmocka_unit_test(test_locality_and_empty_case),
        cmocka_unit_test(test_met_by_lines_of_one_kind),
        cmocka_unit_test(test_actor_warnings_once),
        cmocka_unit_test(test_events_added_in_order),
        cmocka_unit_test(test_occurrence_moments_at_range_ends),
        cmocka_unit_test(test_occurrence_notes),
        cmocka_unit_test(test_occurrences_of_many_rules),
        cmocka_unit_test(test_as_of_checked),
        cmocka_unit_test(test_series_as_of_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
