/*
 * libunalloc tests: the UK working-day calendar.
 *
 * Oracles: gov.uk's published bank-holiday lists (tests/data/govuk-bank-holidays.tsv,
 * transcribed by script from copies of https://www.gov.uk/bank-holidays.json),
 * Oudin's Easter algorithm (a different method from the library's), and
 * brute-force day-by-day loops for the working-day arithmetic.
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>

#include "test-util.h"

static struct unalloc_calendar *
calendar(enum unalloc_region r)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_error err;
    if (unalloc_calendar_new(&cal, r, &err) != UNALLOC_OK)
        fail_msg("unalloc_calendar_new: %s", err.message);
    return cal;
}

static int
setup_ew(void **state)
{
    *state = calendar(UNALLOC_REGION_ENGLAND_AND_WALES);
    return 0;
}

static int
teardown_cal(void **state)
{
    unalloc_calendar_free(*state);
    return 0;
}

static bool
working(const struct unalloc_calendar *cal, struct unalloc_date d)
{
    bool w = false;
    struct unalloc_error err;
    if (unalloc_calendar_is_working_day(&w, cal, d, &err) != UNALLOC_OK)
        fail_msg("is_working_day: %s", err.message);
    return w;
}

static struct unalloc_date
add(const struct unalloc_calendar *cal, struct unalloc_date d, int n)
{
    struct unalloc_date r = { 0, 0, 0 };
    struct unalloc_error err;
    if (unalloc_calendar_add_working_days(&r, cal, d, n, &err) != UNALLOC_OK)
        fail_msg("add_working_days(%04d-%02d-%02d, %d): %s", d.year, d.month, d.day, n,
                 err.message);
    return r;
}

static int
count(const struct unalloc_calendar *cal, struct unalloc_date a, struct unalloc_date b)
{
    int n = 0;
    struct unalloc_error err;
    if (unalloc_calendar_count_working_days(&n, cal, a, b, &err) != UNALLOC_OK)
        fail_msg("count_working_days: %s", err.message);
    return n;
}

static struct unalloc_date
plus_days(struct unalloc_date d, int n)
{
    struct unalloc_date r;
    assert_int_equal(unalloc_date_add_days(&r, d, n, NULL), UNALLOC_OK);
    return r;
}

/* Steps to the next day; false after 2199-12-31. */
static bool
next_day(struct unalloc_date *d)
{
    return unalloc_date_add_days(d, *d, 1, NULL) == UNALLOC_OK;
}

static int
weekday(struct unalloc_date d)
{
    int w;
    assert_int_equal(unalloc_date_weekday(&w, d, NULL), UNALLOC_OK);
    return w;
}

/* ---- the gov.uk oracle --------------------------------------------------- */

#define MAX_ORACLE 2000

struct oracle_row {
    enum unalloc_region region;
    struct unalloc_date date;
    char title[160];
    int substitute;
};

static size_t
load_oracle(struct oracle_row *rows)
{
    char path[512];
    char *text = test_read_file(test_data_path(path, sizeof path, "govuk-bank-holidays.tsv"), NULL);
    size_t n = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[4] = { NULL, NULL, NULL, NULL };
        int k = 0;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        f[k++] = line;
        for (char *p = line; *p && k < 4; p++)
            if (*p == '\t') {
                *p = '\0';
                f[k++] = p + 1;
            }
        if (k < 3)
            fail_msg("bad oracle line: %s", line);
        assert_true(n < MAX_ORACLE);
        assert_int_equal(unalloc_region_parse(&rows[n].region, f[0], NULL), UNALLOC_OK);
        assert_int_equal(unalloc_date_parse(&rows[n].date, f[1], NULL), UNALLOC_OK);
        snprintf(rows[n].title, sizeof rows[n].title, "%s", f[2]);
        rows[n].substitute = f[3] && strstr(f[3], "Substitute") != NULL;
        n++;
    }
    free(text);
    return n;
}

/* For each region and each year gov.uk has published up to the verified-through
 * year, the calendar's non-working weekdays are exactly gov.uk's dates. */
static void
test_matches_govuk(void **state)
{
    static struct oracle_row rows[MAX_ORACLE];
    size_t n = load_oracle(rows);
    (void)state;
    assert_true(n > 400);

    for (int r = 0; r < 3; r++) {
        struct unalloc_calendar *cal = calendar((enum unalloc_region)r);
        int verified = unalloc_calendar_verified_through(cal);
        int years_seen = 0;
        assert_int_equal(verified, 2027);
        for (int y = 2012; y <= verified; y++) {
            int expected = 0, got = 0;
            for (size_t i = 0; i < n; i++) {
                if (rows[i].region != (enum unalloc_region)r || rows[i].date.year != y)
                    continue;
                expected++;
                if (working(cal, rows[i].date))
                    fail_msg("%s: gov.uk lists %04d-%02d-%02d (%s) but the calendar has a "
                             "working day",
                             unalloc_region_name((enum unalloc_region)r), y, rows[i].date.month,
                             rows[i].date.day, rows[i].title);
                /* Names are gov.uk's titles. gov.uk marks substitute days in a
                 * separate note, and not always the same way (it calls the moved
                 * spring holiday of 2012 a substitute day, that of 2022 not), so
                 * our " (substitute day)" suffix is not compared. */
                const char *name = NULL;
                char want[200];
                assert_int_equal(unalloc_calendar_holiday_name(&name, cal, rows[i].date, NULL),
                                 UNALLOC_OK);
                snprintf(want, sizeof want, "%s", rows[i].title);
                assert_non_null(name);
                const size_t wl = strlen(want);
                if (strncmp(name, want, wl) != 0 ||
                    (name[wl] != '\0' && strcmp(name + wl, " (substitute day)") != 0))
                    fail_msg("%s %04d-%02d-%02d: name '%s', gov.uk '%s'",
                             unalloc_region_name((enum unalloc_region)r), y, rows[i].date.month,
                             rows[i].date.day, name, want);
            }
            if (expected)
                years_seen++;
            struct unalloc_date d = D(y, 1, 1);
            do
                if (weekday(d) <= 5 && !working(cal, d))
                    got++;
            while (next_day(&d) && d.year == y);
            if (got != expected)
                fail_msg("%s %d: %d non-working weekdays, gov.uk lists %d",
                         unalloc_region_name((enum unalloc_region)r), y, got, expected);
        }
        assert_int_equal(years_seen, verified - 2012 + 1);
        unalloc_calendar_free(cal);
    }
}

/* ---- rules outside gov.uk's years ---------------------------------------- */

/* Oudin's algorithm (1940), as published by the US Naval Observatory: a
 * different derivation from the library's Meeus/Jones/Butcher computus. */
static struct unalloc_date
oudin_easter(int y)
{
    int c = y / 100, n = y - 19 * (y / 19), k = (c - 17) / 25;
    int i = c - c / 4 - (c - k) / 3 + 19 * n + 15;
    i = i - 30 * (i / 30);
    i = i - (i / 28) * (1 - (i / 28) * (29 / (i + 1)) * ((21 - n) / 11));
    int j = y + y / 4 + i + 2 - c + c / 4;
    j = j - 7 * (j / 7);
    int l = i - j, m = 3 + (l + 40) / 44, d = l + 28 - 31 * (m / 4);
    return D(y, m, d);
}

static void
test_easter_every_year(void **state)
{
    struct unalloc_calendar *cal = *state;
    const char *name;
    for (int y = UNALLOC_YEAR_MIN; y <= UNALLOC_YEAR_MAX; y++) {
        struct unalloc_date easter = oudin_easter(y);
        struct unalloc_date gf = plus_days(easter, -2), em = plus_days(easter, 1);
        assert_int_equal(weekday(easter), 7);
        assert_int_equal(unalloc_calendar_holiday_name(&name, cal, gf, NULL), UNALLOC_OK);
        if (!name || strcmp(name, "Good Friday") != 0)
            fail_msg("%d: Good Friday should be %04d-%02d-%02d", y, gf.year, gf.month, gf.day);
        assert_int_equal(unalloc_calendar_holiday_name(&name, cal, em, NULL), UNALLOC_OK);
        if (!name || strcmp(name, "Easter Monday") != 0)
            fail_msg("%d: Easter Monday should be %04d-%02d-%02d", y, em.year, em.month, em.day);
    }
    /* Spot checks from published tables. */
    struct unalloc_date e = oudin_easter(2285);
    assert_date_equal(e, 2285, 3, 22); /* the earliest possible date */
    assert_date_equal(oudin_easter(1943), 1943, 4, 25);
    assert_date_equal(oudin_easter(2024), 2024, 3, 31);
}

/* Every year 1900-2199 has the regular holidays a council would expect. */
static void
test_rule_years_sane(void **state)
{
    (void)state;
    for (int r = 0; r < 3; r++) {
        struct unalloc_calendar *cal = calendar((enum unalloc_region)r);
        for (int y = 2028; y <= UNALLOC_YEAR_MAX; y++) {
            int got = 0;
            struct unalloc_date d = D(y, 1, 1);
            do
                if (weekday(d) <= 5 && !working(cal, d))
                    got++;
            while (next_day(&d) && d.year == y);
            /* E&W 8, Scotland 9, Northern Ireland 10 regular holidays. */
            int want = r == 0 ? 8 : r == 1 ? 9 : 10;
            if (got != want)
                fail_msg("%s %d: %d holidays, expected %d",
                         unalloc_region_name((enum unalloc_region)r), y, got, want);
            assert_false(working(cal, D(y, 12, 25)) && weekday(D(y, 12, 25)) <= 5);
        }
        unalloc_calendar_free(cal);
    }
}

static void
test_historic_one_offs(void **state)
{
    struct unalloc_calendar *cal = *state;
    assert_false(working(cal, D(1977, 6, 7)));   /* Silver Jubilee */
    assert_false(working(cal, D(1981, 7, 29)));  /* royal wedding */
    assert_false(working(cal, D(1995, 5, 8)));   /* VE day 50 */
    assert_true(working(cal, D(1995, 5, 1)));    /* ... instead of 1 May */
    assert_false(working(cal, D(1999, 12, 31))); /* Millennium */
    assert_false(working(cal, D(2002, 6, 3)));   /* Golden Jubilee */
    assert_false(working(cal, D(2002, 6, 4)));
    assert_true(working(cal, D(2002, 5, 27)));
    assert_false(working(cal, D(2011, 4, 29)));
    struct unalloc_calendar *sc = calendar(UNALLOC_REGION_SCOTLAND);
    assert_false(working(sc, D(2026, 6, 15))); /* World Cup, Scotland only */
    assert_true(working(cal, D(2026, 6, 15)));
    unalloc_calendar_free(sc);
}

/* ---- working-day arithmetic ---------------------------------------------- */

static void
test_worked_examples(void **state)
{
    struct unalloc_calendar *cal = *state;
    /* The example: a referral on Monday 13 May 2024 has been
     * unallocated 5 working days on Monday 20 May, not on Friday 17 May. */
    assert_int_equal(count(cal, D(2024, 5, 13), D(2024, 5, 17)), 4);
    assert_int_equal(count(cal, D(2024, 5, 13), D(2024, 5, 20)), 5);
    assert_date_equal(add(cal, D(2024, 5, 13), 5), 2024, 5, 20);
    /* Spring bank holiday, Monday 27 May 2024. */
    assert_date_equal(add(cal, D(2024, 5, 24), 1), 2024, 5, 28);
    assert_int_equal(count(cal, D(2024, 5, 24), D(2024, 5, 28)), 1);
    /* Christmas 2024: Wed 25 and Thu 26 are holidays. */
    assert_date_equal(add(cal, D(2024, 12, 24), 1), 2024, 12, 27);
    assert_date_equal(add(cal, D(2024, 12, 24), 2), 2024, 12, 30);
    /* D itself never counts, working or not. */
    assert_date_equal(add(cal, D(2024, 5, 18), 1), 2024, 5, 20); /* Saturday */
    assert_date_equal(add(cal, D(2024, 5, 18), 0), 2024, 5, 18);
    assert_date_equal(add(cal, D(2024, 5, 18), -1), 2024, 5, 17);
    assert_date_equal(add(cal, D(2024, 5, 20), -1), 2024, 5, 17);
    assert_int_equal(count(cal, D(2024, 5, 18), D(2024, 5, 19)), 0);
    assert_int_equal(count(cal, D(2024, 5, 17), D(2024, 5, 13)), -4);
    assert_int_equal(count(cal, D(2024, 5, 17), D(2024, 5, 17)), 0);
    /* next / previous are strictly after / before. */
    struct unalloc_date r;
    assert_int_equal(unalloc_calendar_next_working_day(&r, cal, D(2024, 5, 24), NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 5, 28);
    assert_int_equal(unalloc_calendar_previous_working_day(&r, cal, D(2024, 5, 28), NULL),
                     UNALLOC_OK);
    assert_date_equal(r, 2024, 5, 24);
    assert_int_equal(unalloc_calendar_next_working_day(&r, cal, D(2024, 5, 21), NULL), UNALLOC_OK);
    assert_date_equal(r, 2024, 5, 22);
}

/* Brute force: walk day by day using only is_working_day. */
static struct unalloc_date
naive_add(const struct unalloc_calendar *cal, struct unalloc_date d, int n)
{
    int step = n > 0 ? 1 : -1, left = n > 0 ? n : -n;
    while (left > 0) {
        d = plus_days(d, step);
        if (working(cal, d))
            left--;
    }
    return d;
}

static int
naive_count(const struct unalloc_calendar *cal, struct unalloc_date a, struct unalloc_date b)
{
    int sign = 1, n = 0;
    if (unalloc_date_compare(b, a) < 0) {
        struct unalloc_date t = a;
        a = b;
        b = t;
        sign = -1;
    }
    for (struct unalloc_date d = plus_days(a, 1); unalloc_date_compare(d, b) <= 0;
         d = plus_days(d, 1))
        n += working(cal, d);
    return sign * n;
}

static void
test_against_brute_force(void **state)
{
    unsigned long long seed = 0x5eed1234abcdULL;
    (void)state;
    for (int r = 0; r < 3; r++) {
        struct unalloc_calendar *cal = calendar((enum unalloc_region)r);
        for (int i = 0; i < 3000; i++) {
            int32_t base = (int32_t)(test_rand(&seed) % 100000) - 25000; /* 1901..2173 */
            int n = (int)(test_rand(&seed) % 81) - 40;
            int span = (int)(test_rand(&seed) % 121) - 60;
            struct unalloc_date d, e;
            assert_int_equal(unalloc_date_from_days(&d, base, NULL), UNALLOC_OK);
            e = plus_days(d, span);
            struct unalloc_date got = add(cal, d, n), want = naive_add(cal, d, n);
            if (unalloc_date_compare(got, want) != 0)
                fail_msg("add(%04d-%02d-%02d, %d) = %04d-%02d-%02d, brute force %04d-%02d-%02d",
                         d.year, d.month, d.day, n, got.year, got.month, got.day, want.year,
                         want.month, want.day);
            assert_int_equal(count(cal, d, e), naive_count(cal, d, e));
            assert_int_equal(count(cal, d, e), -count(cal, e, d));
            if (n >= 0)
                assert_int_equal(count(cal, d, add(cal, d, n)), n);
        }
        unalloc_calendar_free(cal);
    }
}

static void
test_range_errors(void **state)
{
    struct unalloc_calendar *cal = *state;
    struct unalloc_date r = { 1, 1, 1 };
    struct unalloc_error err;
    int n;
    bool w;
    const char *name;
    assert_int_equal(unalloc_calendar_add_working_days(&r, cal, D(2199, 12, 30), 5, &err),
                     UNALLOC_E_RANGE);
    assert_date_equal(r, 1, 1, 1);
    assert_int_equal(unalloc_calendar_add_working_days(&r, cal, D(1900, 1, 3), -5, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_add_working_days(&r, cal, D(2024, 1, 1), INT32_MAX, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_add_working_days(&r, cal, D(2024, 1, 1), INT32_MIN, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_add_working_days(&r, cal, D(2024, 2, 30), 1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_count_working_days(&n, cal, D(1899, 12, 31), D(2024, 1, 1),
                                                         &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_is_working_day(&w, cal, D(2200, 1, 1), &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 13, 1), &err),
                     UNALLOC_E_INVALID);
    /* The whole range: first and last working days. */
    assert_int_equal(count(cal, D(1900, 1, 1), D(2199, 12, 31)) > 70000, 1);
    assert_date_equal(add(cal, D(2199, 12, 24), 1), 2199, 12, 27); /* Tue 24, Wed/Thu holidays */
}

static void
test_null_arguments(void **state)
{
    struct unalloc_calendar *cal = *state;
    struct unalloc_error err;
    struct unalloc_date r;
    struct unalloc_datetime dt;
    struct unalloc_duration du = { 1, UNALLOC_UNIT_DAYS };
    struct unalloc_calendar_builder *b;
    enum unalloc_region reg;
    int n;
    bool w;
    const char *name;
    assert_int_equal(unalloc_calendar_new(NULL, UNALLOC_REGION_SCOTLAND, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_new((struct unalloc_calendar **)&b, (enum unalloc_region)7,
                                          &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_new(NULL, UNALLOC_REGION_SCOTLAND, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_new(&b, (enum unalloc_region)-1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_build(NULL, NULL, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_add_closure(NULL, D(2024, 1, 2), D(2024, 1, 2), NULL,
                                                          &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_remove_day(NULL, D(2024, 1, 2), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_load_ical(NULL, "x", 1, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_is_working_day(NULL, cal, D(2024, 1, 2), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_is_working_day(&w, NULL, D(2024, 1, 2), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_add_working_days(NULL, cal, D(2024, 1, 2), 1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_add_working_days(&r, NULL, D(2024, 1, 2), 1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_count_working_days(NULL, cal, D(2024, 1, 2), D(2024, 1, 2),
                                                         &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_count_working_days(&n, NULL, D(2024, 1, 2), D(2024, 1, 2),
                                                         &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_next_working_day(NULL, cal, D(2024, 1, 2), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_previous_working_day(&r, NULL, D(2024, 1, 2), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_holiday_name(NULL, cal, D(2024, 1, 2), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_holiday_name(&name, NULL, D(2024, 1, 2), &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_add_duration(NULL, cal, DT(2024, 1, 2, 0, 0), du, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_region_parse(NULL, "scotland", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_region_parse(&reg, NULL, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_region_parse(&reg, "wales", &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "wales"));
    assert_null(unalloc_region_name((enum unalloc_region)3));
    assert_int_equal(unalloc_calendar_verified_through(cal), 2027);
    assert_false(unalloc_calendar_year_loaded(NULL, 2020));
    assert_int_equal(unalloc_calendar_fingerprint(NULL), 0);
    assert_int_equal(unalloc_calendar_region(NULL), UNALLOC_REGION_UNKNOWN);
    unalloc_calendar_free(NULL);
    unalloc_calendar_builder_free(NULL);
    (void)dt;
}

/* ---- local changes ------------------------------------------------------- */

static struct unalloc_calendar *
build(struct unalloc_calendar_builder *b)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_error err;
    if (unalloc_calendar_builder_build(&cal, b, &err) != UNALLOC_OK)
        fail_msg("build: %s", err.message);
    return cal;
}

static void
test_closures_and_removals(void **state)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal, *plain = *state;
    struct unalloc_error err;
    const char *name;

    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    /* The council closes from Christmas to New Year 2024. */
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 12, 24), D(2024, 12, 31),
                                                          "Christmas closure", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 6, 14), D(2024, 6, 14), NULL,
                                                          NULL),
                     UNALLOC_OK);
    /* ... but works on Good Friday 2024. */
    assert_int_equal(unalloc_calendar_builder_remove_day(b, D(2024, 3, 29), NULL), UNALLOC_OK);
    cal = build(b);
    assert_date_equal(add(cal, D(2024, 12, 23), 1), 2025, 1, 2);
    assert_date_equal(add(plain, D(2024, 12, 23), 1), 2024, 12, 24);
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 12, 27), NULL), UNALLOC_OK);
    assert_string_equal(name, "Christmas closure");
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 12, 25), NULL), UNALLOC_OK);
    assert_string_equal(name, "Christmas Day"); /* the bank holiday keeps its name */
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 6, 14), NULL), UNALLOC_OK);
    assert_string_equal(name, "closure");
    assert_true(working(cal, D(2024, 3, 29)));
    assert_false(working(plain, D(2024, 3, 29)));
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 3, 29), NULL), UNALLOC_OK);
    assert_null(name);
    assert_true(unalloc_calendar_fingerprint(cal) != unalloc_calendar_fingerprint(plain));
    unalloc_calendar_free(cal);

    /* A builder can be reused; the first calendar is unaffected. */
    cal = build(b);
    assert_false(working(cal, D(2024, 12, 27)));
    unalloc_calendar_free(cal);

    /* Removing a Saturday or an ordinary working day fails closed. */
    assert_int_equal(unalloc_calendar_builder_remove_day(b, D(2024, 3, 30), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "cannot remove 2024-03-30: it is a Saturday, and weekends "
                                     "are always non-working");
    unalloc_calendar_builder_free(b);

    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_remove_day(b, D(2024, 3, 28), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "cannot remove 2024-03-28: it is already a working day in "
                                     "this calendar (not a bank holiday or closure)");
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 3, 2), D(2024, 3, 1), NULL,
                                                          &err),
                     UNALLOC_E_INVALID);
    assert_string_equal(err.message, "closure ends (2024-03-01) before it starts (2024-03-02)");
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 1, 1), D(2025, 1, 1), NULL,
                                                          &err),
                     UNALLOC_E_LIMIT);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 2, 30), D(2024, 3, 1), NULL,
                                                          &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_remove_day(b, D(2024, 2, 30), &err),
                     UNALLOC_E_INVALID);
    /* closure names are printed one to a line and go into JSON */
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 3, 1), D(2024, 3, 1),
                                                          "two\nlines", &err),
                     UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "closure name"));
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 3, 1), D(2024, 3, 1),
                                                          "Caf\xe9", &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 3, 1), D(2024, 3, 1),
                                                          "Caf\xc3\xa9 day", &err),
                     UNALLOC_OK);
    unalloc_calendar_builder_free(b);
}

static void
test_regions(void **state)
{
    enum unalloc_region r;
    (void)state;
    struct unalloc_calendar *ew = calendar(UNALLOC_REGION_ENGLAND_AND_WALES);
    struct unalloc_calendar *sc = calendar(UNALLOC_REGION_SCOTLAND);
    struct unalloc_calendar *ni = calendar(UNALLOC_REGION_NORTHERN_IRELAND);
    assert_int_equal(unalloc_region_parse(&r, "northern-ireland", NULL), UNALLOC_OK);
    assert_int_equal(r, UNALLOC_REGION_NORTHERN_IRELAND);
    assert_string_equal(unalloc_region_name(UNALLOC_REGION_SCOTLAND), "scotland");
    assert_int_equal(unalloc_calendar_region(sc), UNALLOC_REGION_SCOTLAND);
    /* Easter Monday is not a Scottish bank holiday; 2 January is. */
    assert_false(working(ew, D(2024, 4, 1)));
    assert_true(working(sc, D(2024, 4, 1)));
    assert_true(working(ew, D(2024, 1, 2)));
    assert_false(working(sc, D(2024, 1, 2)));
    /* Scotland's summer holiday is the first Monday in August. */
    assert_false(working(sc, D(2024, 8, 5)));
    assert_true(working(sc, D(2024, 8, 26)));
    /* St Patrick's Day and the Twelfth in Northern Ireland. */
    assert_false(working(ni, D(2025, 3, 17)));
    assert_false(working(ni, D(2025, 7, 14)));
    assert_true(working(ew, D(2025, 7, 14)));
    assert_true(unalloc_calendar_fingerprint(ew) != unalloc_calendar_fingerprint(sc));
    assert_false(unalloc_calendar_year_loaded(ew, 2024));
    unalloc_calendar_free(ew);
    unalloc_calendar_free(sc);
    unalloc_calendar_free(ni);
}

static void
test_add_duration(void **state)
{
    struct unalloc_calendar *cal = *state;
    struct unalloc_datetime r;
    struct unalloc_error err;
    const struct unalloc_datetime start = DT(2024, 5, 24, 14, 30); /* Friday */
    struct {
        struct unalloc_duration d;
        struct unalloc_datetime want;
    } cases[] = {
        { { 24, UNALLOC_UNIT_HOURS }, DT(2024, 5, 25, 14, 30) },
        { { 3, UNALLOC_UNIT_DAYS }, DT(2024, 5, 27, 14, 30) },
        { { 1, UNALLOC_UNIT_WORKING_DAYS }, DT(2024, 5, 28, 14, 30) },
        { { 2, UNALLOC_UNIT_WEEKS }, DT(2024, 6, 7, 14, 30) },
        { { 1, UNALLOC_UNIT_MONTHS }, DT(2024, 6, 24, 14, 30) },
        { { -1, UNALLOC_UNIT_WORKING_DAYS }, DT(2024, 5, 23, 14, 30) },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(unalloc_calendar_add_duration(&r, cal, start, cases[i].d, &err),
                         UNALLOC_OK);
        assert_int_equal(unalloc_datetime_compare(r, cases[i].want), 0);
    }
    struct unalloc_duration wd = { 1, UNALLOC_UNIT_WORKING_DAYS };
    assert_int_equal(unalloc_calendar_add_duration(&r, NULL, start, wd, &err), UNALLOC_E_INVALID);
    struct unalloc_duration bad = { 1, (enum unalloc_unit)9 };
    assert_int_equal(unalloc_calendar_add_duration(&r, cal, start, bad, &err), UNALLOC_E_INVALID);
    struct unalloc_duration huge = { INT32_MAX, UNALLOC_UNIT_WEEKS };
    assert_int_equal(unalloc_calendar_add_duration(&r, cal, start, huge, &err), UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_add_duration(&r, cal, DT(2024, 2, 30, 0, 0), wd, &err),
                     UNALLOC_E_INVALID);
}

/* ---- sharing across threads ---------------------------------------------- */

struct thread_arg {
    const struct unalloc_calendar *cal;
    unsigned long long seed;
    long checksum;
};

/* The named non-working days of a calendar, in order, with where each comes
 * from: England and Wales 2024 (Good Friday worked), with a Christmas closure
 * 24-31 December whose bank holidays keep their own names. Hand-listed. */
static void
test_holiday_listing(void **state)
{
    struct unalloc_calendar_builder *b = NULL;
    struct unalloc_calendar *cal = NULL;
    struct unalloc_holiday h;
    struct unalloc_error err;
    size_t first = 99, count = 99;
    static const struct {
        struct unalloc_date date;
        const char *name;
        enum unalloc_holiday_source source;
    } want[] = {
        { { 2024, 4, 1 }, "Easter Monday", UNALLOC_HOLIDAY_RULE },
        { { 2024, 5, 6 }, "Early May bank holiday", UNALLOC_HOLIDAY_RULE },
        { { 2024, 5, 27 }, "Spring bank holiday", UNALLOC_HOLIDAY_RULE },
        { { 2024, 8, 26 }, "Summer bank holiday", UNALLOC_HOLIDAY_RULE },
        { { 2024, 12, 24 }, "Christmas closure", UNALLOC_HOLIDAY_CLOSURE },
        { { 2024, 12, 25 }, "Christmas Day", UNALLOC_HOLIDAY_RULE },
        { { 2024, 12, 26 }, "Boxing Day", UNALLOC_HOLIDAY_RULE },
        { { 2024, 12, 27 }, "Christmas closure", UNALLOC_HOLIDAY_CLOSURE },
        { { 2024, 12, 28 }, "Christmas closure", UNALLOC_HOLIDAY_CLOSURE }, /* a Saturday */
        { { 2024, 12, 29 }, "Christmas closure", UNALLOC_HOLIDAY_CLOSURE },
        { { 2024, 12, 30 }, "Christmas closure", UNALLOC_HOLIDAY_CLOSURE },
        { { 2024, 12, 31 }, "Christmas closure", UNALLOC_HOLIDAY_CLOSURE },
    };
    (void)state;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 12, 24), D(2024, 12, 31),
                                                          "Christmas closure", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_remove_day(b, D(2024, 3, 29), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, NULL), UNALLOC_OK);
    unalloc_calendar_builder_free(b);

    assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, D(2024, 3, 1),
                                               D(2024, 12, 31), &err), UNALLOC_OK);
    assert_int_equal(count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(unalloc_calendar_holiday(&h, cal, first + i, &err), UNALLOC_OK);
        assert_int_equal(unalloc_date_compare(h.date, want[i].date), 0);
        assert_string_equal(h.name, want[i].name);
        assert_int_equal(h.source, want[i].source);
    }
    /* the day before the range is New Year's Day, the day after is 1 January 2025 */
    assert_int_equal(unalloc_calendar_holiday(&h, cal, first - 1, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_date_compare(h.date, D(2024, 1, 1)), 0);
    assert_int_equal(unalloc_calendar_holiday(&h, cal, first + count, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_date_compare(h.date, D(2025, 1, 1)), 0);
    /* a range with nothing named, and a one-day range */
    assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, D(2024, 6, 1), D(2024, 6, 30),
                                               NULL), UNALLOC_OK);
    assert_int_equal(count, 0);
    assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, D(2024, 12, 25),
                                               D(2024, 12, 25), NULL), UNALLOC_OK);
    assert_int_equal(count, 1);
    /* the end before the start */
    assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, D(2024, 12, 25),
                                               D(2024, 12, 24), &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "the end (2024-12-24) is before the start (2024-12-25)");
    unalloc_calendar_free(cal);
}

static void *
thread_main(void *p)
{
    struct thread_arg *a = p;
    long sum = 0;
    for (int i = 0; i < 20000; i++) {
        struct unalloc_date d, r;
        int n;
        unalloc_date_from_days(&d, (int32_t)(test_rand(&a->seed) % 20000), NULL);
        if (unalloc_calendar_add_working_days(&r, a->cal, d, 10, NULL) != UNALLOC_OK ||
            unalloc_calendar_count_working_days(&n, a->cal, d, r, NULL) != UNALLOC_OK)
            return NULL;
        sum += n;
    }
    a->checksum = sum;
    return NULL;
}

static void
test_threads_share_calendar(void **state)
{
    pthread_t t[4];
    struct thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i].cal = *state;
        args[i].seed = 1000 + (unsigned long long)i;
        args[i].checksum = 0;
        assert_int_equal(pthread_create(&t[i], NULL, thread_main, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(args[i].checksum, 20000L * 10);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_govuk),
        cmocka_unit_test_setup_teardown(test_easter_every_year, setup_ew, teardown_cal),
        cmocka_unit_test(test_rule_years_sane),
        cmocka_unit_test_setup_teardown(test_historic_one_offs, setup_ew, teardown_cal),
        cmocka_unit_test_setup_teardown(test_worked_examples, setup_ew, teardown_cal),
        cmocka_unit_test(test_against_brute_force),
        cmocka_unit_test_setup_teardown(test_range_errors, setup_ew, teardown_cal),
        cmocka_unit_test_setup_teardown(test_null_arguments, setup_ew, teardown_cal),
        cmocka_unit_test_setup_teardown(test_closures_and_removals, setup_ew, teardown_cal),
        cmocka_unit_test(test_regions),
        cmocka_unit_test(test_holiday_listing),
        cmocka_unit_test_setup_teardown(test_add_duration, setup_ew, teardown_cal),
        cmocka_unit_test_setup_teardown(test_threads_share_calendar, setup_ew, teardown_cal),
    };
    return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
