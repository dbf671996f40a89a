/*
 * libunalloc tests: the bulk calendar functions and whole-table evaluation,
 * checked against the one-at-a-time functions, and the serialisers.
 *
 * SPDX-License-Identifier: MIT
 */
#include "test-util.h"

#include <pthread.h>

static struct unalloc_calendar *cal;
static struct unalloc_policy *pol;

static int
setup(void **state)
{
    char path[512];
    size_t size;
    const char *root = getenv("UNALLOC_SOURCE_ROOT");
    (void)state;
    snprintf(path, sizeof path, "%s/tests/policies/semantics.policy", root ? root : ".");
    char *text = test_read_file(path, &size);
    if (unalloc_policy_parse(&pol, text, size, NULL) != UNALLOC_OK)
        return -1;
    free(text);
    return unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL) == UNALLOC_OK ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    unalloc_calendar_free(cal);
    unalloc_policy_free(pol);
    return 0;
}

static void
test_arrays_match_scalars(void **state)
{
    enum { N = 5000 };
    static int64_t days[N], to[N], n[N], out[N], cnt[N];
    static int8_t work[N];
    unsigned long long seed = 77;
    (void)state;
    for (int i = 0; i < N; i++) {
        days[i] = (int64_t)(test_rand(&seed) % 40000) - 10000;
        to[i] = days[i] + (int64_t)(test_rand(&seed) % 200) - 100;
        n[i] = (int64_t)(test_rand(&seed) % 61) - 30;
    }
    days[7] = UNALLOC_DAYS_MISSING;
    to[9] = UNALLOC_DAYS_MISSING;
    assert_int_equal(unalloc_calendar_add_working_days_array(out, cal, days, n, N, N, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_count_working_days_array(cnt, cal, days, to, N, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_is_working_day_array(work, cal, days, N, NULL), UNALLOC_OK);
    for (int i = 0; i < N; i++) {
        struct unalloc_date d, e, r;
        int c;
        bool w;
        if (i == 7) {
            assert_true(out[i] == UNALLOC_DAYS_MISSING && cnt[i] == UNALLOC_DAYS_MISSING);
            assert_int_equal(work[i], -1);
            continue;
        }
        assert_int_equal(unalloc_date_from_days(&d, (int32_t)days[i], NULL), UNALLOC_OK);
        assert_int_equal(unalloc_calendar_add_working_days(&r, cal, d, (int)n[i], NULL),
                         UNALLOC_OK);
        int32_t rz;
        assert_int_equal(unalloc_date_to_days(&rz, r, NULL), UNALLOC_OK);
        assert_int_equal(out[i], rz);
        assert_int_equal(unalloc_calendar_is_working_day(&w, cal, d, NULL), UNALLOC_OK);
        assert_int_equal(work[i], w ? 1 : 0);
        if (i == 9) {
            assert_true(cnt[i] == UNALLOC_DAYS_MISSING);
            continue;
        }
        assert_int_equal(unalloc_date_from_days(&e, (int32_t)to[i], NULL), UNALLOC_OK);
        assert_int_equal(unalloc_calendar_count_working_days(&c, cal, d, e, NULL), UNALLOC_OK);
        assert_int_equal(cnt[i], c);
    }
    /* One N for every date. */
    int64_t five = 5;
    int64_t one_day[1] = { 19856 }; /* 2024-05-13 */
    assert_int_equal(unalloc_calendar_add_working_days_array(out, cal, one_day, &five, 1, 1, NULL),
                     UNALLOC_OK);
    assert_int_equal(out[0], 19863); /* 2024-05-20 */
    /* Errors name the element. */
    struct unalloc_error err;
    int64_t bad[2] = { 0, 99999999 };
    assert_int_equal(unalloc_calendar_add_working_days_array(out, cal, bad, &five, 1, 2, &err),
                     UNALLOC_E_RANGE);
    assert_non_null(strstr(err.message, "element 1"));
    assert_int_equal(unalloc_calendar_count_working_days_array(cnt, cal, bad, bad, 2, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_is_working_day_array(work, cal, bad, 2, &err),
                     UNALLOC_E_RANGE);
    int64_t huge = (int64_t)1 << 40;
    assert_int_equal(unalloc_calendar_add_working_days_array(out, cal, one_day, &huge, 1, 1, &err),
                     UNALLOC_E_RANGE);
    assert_int_equal(unalloc_calendar_add_working_days_array(out, cal, days, n, 3, N, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_add_working_days_array(NULL, cal, days, n, N, N, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_count_working_days_array(cnt, NULL, days, to, N, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_calendar_is_working_day_array(NULL, cal, days, N, &err),
                     UNALLOC_E_INVALID);
    /* Empty arrays are fine. */
    assert_int_equal(unalloc_calendar_is_working_day_array(NULL, cal, NULL, 0, NULL), UNALLOC_OK);
}

static const char *const ids[] = { "B", "A", "B", "A", "C", "A" };
static const char *const ats[] = { "2024-05-13", "2024-05-13T09:00", "2024-05-14", "2024-05-15",
                                   "2024-05-13", "2024-05-20" };
static const char *const evs[] = { "opened", "opened", "allocated", "allocated", "opened", "visit" };
static const char *const dets[] = { "cin", "referral", "social-worker", "atm", "early-help", NULL };
static const char *const wks[] = { NULL, NULL, "SW1", "ATM1", NULL, "" };
static const char *const locs[] = { "South", "North", NULL, NULL, "", NULL };

/* The table gives exactly what evaluating each case alone and serialising
 * it gives, as-of by as-of, in case-id order. */
static void
test_table_matches_single_cases(void **state)
{
    struct unalloc_event_table t = { 6, ids, ats, evs, dets, wks, locs };
    struct unalloc_moment as_of[2];
    char *cases = NULL, *occ = NULL;
    size_t cl = 0, ol = 0;
    (void)state;
    assert_int_equal(unalloc_datetime_parse(&as_of[0].at, &as_of[0].has_time, "2024-05-21", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_datetime_parse(&as_of[1].at, &as_of[1].has_time, "2024-06-11T12:00",
                                            NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_evaluate_table(&cases, &cl, &occ, &ol, cal, pol, &t, as_of, 2, NULL),
                     UNALLOC_OK);

    /* The oracle: build each case by hand, evaluate, serialise. */
    char *want_c = NULL, *want_o = NULL;
    size_t wcl = 0, wol = 0;
    const char *order[] = { "A", "B", "C" };
    struct unalloc_case *cs[3];
    for (int k = 0; k < 3; k++) {
        assert_int_equal(unalloc_case_new(&cs[k], order[k], NULL), UNALLOC_OK);
        for (int i = 0; i < 6; i++) {
            struct unalloc_moment m;
            if (strcmp(ids[i], order[k]) != 0)
                continue;
            assert_int_equal(unalloc_datetime_parse(&m.at, &m.has_time, ats[i], NULL), UNALLOC_OK);
            assert_int_equal(unalloc_case_add_event(cs[k], evs[i], m, dets[i], wks[i], locs[i],
                                                    NULL),
                             UNALLOC_OK);
        }
    }
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 3; k++) {
            struct unalloc_result *r;
            assert_int_equal(unalloc_evaluate(&r, cal, pol, cs[k], as_of[a], NULL), UNALLOC_OK);
            assert_int_equal(unalloc_result_append_csv(&want_c, &wcl, r, UNALLOC_TABLE_CASES, NULL),
                             UNALLOC_OK);
            assert_int_equal(unalloc_result_append_csv(&want_o, &wol, r,
                                                       UNALLOC_TABLE_OCCURRENCES, NULL),
                             UNALLOC_OK);
            unalloc_result_free(r);
        }
    for (int k = 0; k < 3; k++)
        unalloc_case_free(cs[k]);
    const char *ch = unalloc_table_header(UNALLOC_TABLE_CASES);
    const char *oh = unalloc_table_header(UNALLOC_TABLE_OCCURRENCES);
    assert_int_equal(strncmp(cases, ch, strlen(ch)), 0);
    assert_int_equal(strncmp(occ, oh, strlen(oh)), 0);
    assert_string_equal(cases + strlen(ch), want_c);
    assert_string_equal(occ + strlen(oh), want_o);
    assert_int_equal(cl, strlen(cases));
    assert_int_equal(ol, strlen(occ));
    /* 3 cases x 2 dates, plus the header. */
    int lines = 0;
    for (const char *p = cases; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 7);
    assert_non_null(strstr(cases, "\nA,2024-05-21,semantics,"));
    assert_non_null(strstr(cases, "\nC,2024-06-11T12:00,semantics,"));
    unalloc_free(cases);
    unalloc_free(occ);
    unalloc_free(want_c);
    unalloc_free(want_o);
}

/* ---- unalloc_evaluate_frame_columns: the same tables as typed columns ---- */

/* Appends a CSV cell as lib/format.c writes one. */
static void
csv_cell(char **o, size_t *len, const char *s, bool first)
{
    char cell[512];
    size_t n = 0;
    if (!first)
        cell[n++] = ',';
    if (s && (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' ')))) {
        cell[n++] = '"';
        for (const char *p = s; *p && n < sizeof cell - 4; p++) {
            if (*p == '"')
                cell[n++] = '"';
            cell[n++] = *p;
        }
        cell[n++] = '"';
    } else if (s) {
        n += (size_t)snprintf(cell + n, sizeof cell - n, "%s", s);
    }
    *o = realloc(*o, *len + n + 2);
    assert_non_null(*o);
    memcpy(*o + *len, cell, n);
    *len += n;
    (*o)[*len] = '\0';
}

static void
end_line(char **o, size_t *len)
{
    *o = realloc(*o, *len + 2);
    assert_non_null(*o);
    (*o)[(*len)++] = '\n';
    (*o)[*len] = '\0';
}

/* A table of a frame result written back as CSV: a moment at midnight as
 * its date (the columns keep the moment, not how it was written). */
static char *
columns_as_csv(const struct unalloc_frame_result *fr, enum unalloc_table table)
{
    const size_t n = unalloc_frame_result_column_count(fr, table);
    struct unalloc_column *cols = calloc(n, sizeof *cols);
    char *o = NULL;
    size_t len = 0;
    assert_non_null(cols);
    assert_true(n > 0);
    for (size_t c = 0; c < n; c++) {
        assert_int_equal(unalloc_frame_result_column(&cols[c], fr, table, c, NULL), UNALLOC_OK);
        assert_int_equal(cols[c].rows, cols[0].rows);
        csv_cell(&o, &len, cols[c].name, c == 0);
    }
    end_line(&o, &len);
    for (size_t r = 0; r < cols[0].rows; r++) {
        for (size_t c = 0; c < n; c++) {
            const int64_t v = cols[c].values[r];
            char b[32];
            const char *s = b;
            if (v == UNALLOC_DAYS_MISSING) {
                s = NULL;
            } else if (cols[c].type == UNALLOC_COLUMN_TEXT) {
                assert_true(v >= 0 && (size_t)v < cols[c].text_count);
                s = cols[c].text[v];
            } else if (cols[c].type == UNALLOC_COLUMN_BOOL) {
                assert_true(v == 0 || v == 1);
                s = v ? "true" : "false";
            } else if (cols[c].type == UNALLOC_COLUMN_INT) {
                snprintf(b, sizeof b, "%lld", (long long)v);
            } else {
                struct unalloc_date d;
                const int64_t day = v >= 0 ? v / 86400 : -((-v + 86399) / 86400);
                const int64_t sec = v - day * 86400;
                assert_int_equal(unalloc_date_from_days(&d, (int32_t)day, NULL), UNALLOC_OK);
                if (sec)
                    snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d", d.year, d.month, d.day,
                             (int)(sec / 3600), (int)(sec / 60 % 60));
                else
                    snprintf(b, sizeof b, "%04d-%02d-%02d", d.year, d.month, d.day);
            }
            csv_cell(&o, &len, s, c == 0);
        }
        end_line(&o, &len);
    }
    free(cols);
    return o;
}

/* The CSV with "T00:00" moments written as dates. */
static void
midnight_as_date(char *s)
{
    char *p;
    while ((p = strstr(s, "T00:00")) && (p[6] == ',' || p[6] == '\n'))
        memmove(p, p + 6, strlen(p + 6) + 1);
}

static void
test_frame_columns_match_csv(void **state)
{
    /* the rows of test_table_matches_single_cases, a case with a bad date
     * (set aside whole), a row without an id, and a comma in a locality */
    static const char *const names[] = { "case_id", "at", "event", "detail", "worker",
                                         "locality" };
    static const char *const fid[] = { "B", "A", "B", "A", "C", "A", "D", "D", "", "E" };
    static const char *const fat[] = { "2024-05-13", "2024-05-13T09:00", "2024-05-14",
                                       "2024-05-15", "2024-05-13", "2024-05-20", "2024-05-13",
                                       "2024-02-30", "2024-05-13", "2024-05-13T00:00" };
    static const char *const fev[] = { "opened", "opened", "allocated", "allocated", "opened",
                                       "visit", "opened", "visit", "opened", "opened" };
    static const char *const fdet[] = { "cin", "referral", "social-worker", "atm", "early-help",
                                        NULL, "cin", NULL, "cin", "cin" };
    static const char *const fwk[] = { NULL, NULL, "SW1", "ATM1", NULL, "", NULL, NULL, NULL,
                                       NULL };
    static const char *const floc[] = { "South", "North", NULL, NULL, "", NULL, "West", NULL,
                                        NULL, "East, \"old\"" };
    static const char *const *const cells[] = { fid, fat, fev, fdet, fwk, floc };
    struct unalloc_frame f = { 10, 6, names, cells };
    struct unalloc_frame_options opt = UNALLOC_FRAME_OPTIONS_INIT;
    struct unalloc_moment as_of[3];
    struct unalloc_frame_result *fr = NULL;
    struct unalloc_error err;
    char *c = NULL, *o = NULL, *r = NULL, *got;
    size_t cl, ol, rl;
    (void)state;
    opt.skip_invalid = true;
    assert_int_equal(unalloc_datetime_parse(&as_of[0].at, &as_of[0].has_time, "2024-05-21", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_datetime_parse(&as_of[1].at, &as_of[1].has_time, "2024-06-11T12:00",
                                            NULL),
                     UNALLOC_OK);
    as_of[2] = as_of[0];
    assert_int_equal(unalloc_evaluate_frame(&c, &cl, &o, &ol, &r, &rl, cal, pol, &f, as_of, 3,
                                            &opt, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_evaluate_frame_columns(&fr, cal, pol, &f, as_of, 3, &opt, NULL),
                     UNALLOC_OK);
    midnight_as_date(c);
    midnight_as_date(o);
    got = columns_as_csv(fr, UNALLOC_TABLE_CASES);
    assert_string_equal(got, c);
    free(got);
    got = columns_as_csv(fr, UNALLOC_TABLE_OCCURRENCES);
    assert_string_equal(got, o);
    free(got);
    got = columns_as_csv(fr, UNALLOC_TABLE_REJECTS);
    assert_string_equal(got, r);
    free(got);
    /* 4 good cases at 3 dates, in as-of then case order; 3 rows set aside */
    {
        struct unalloc_column col;
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_CASES, 0, NULL),
                         UNALLOC_OK);
        assert_string_equal(col.name, "case_id");
        assert_int_equal(col.type, UNALLOC_COLUMN_TEXT);
        assert_int_equal(col.rows, 12);
        assert_int_equal(col.text_count, 4); /* each id once */
        assert_string_equal(col.text[col.values[4]], "A");
        assert_string_equal(col.text[col.values[7]], "E");
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_CASES, 1, NULL),
                         UNALLOC_OK);
        assert_int_equal(col.type, UNALLOC_COLUMN_TIME);
        assert_int_equal(col.values[0], INT64_C(1716249600)); /* 2024-05-21 */
        assert_int_equal(col.values[4], INT64_C(1718107200)); /* 2024-06-11T12:00 */
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_REJECTS, 0, NULL),
                         UNALLOC_OK);
        assert_string_equal(col.name, "line");
        assert_int_equal(col.type, UNALLOC_COLUMN_INT);
        assert_int_equal(col.rows, 3);
        assert_int_equal(col.values[0], 7);
        assert_int_equal(col.values[2], 9);
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_REJECTS, 2, NULL),
                         UNALLOC_OK);
        assert_int_equal(col.values[0], UNALLOC_DAYS_MISSING); /* set aside with its case */
        assert_int_equal(col.values[1], 2);
        assert_int_equal(unalloc_frame_result_column_count(fr, UNALLOC_TABLE_REJECTS), 10);
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_REJECTS, 10, &err),
                         UNALLOC_E_NOT_FOUND);
        assert_null(col.name);
        assert_non_null(strstr(err.message, "10 columns"));
        /* a released column is gone; the others are as they were */
        assert_int_equal(unalloc_frame_result_release_column(fr, UNALLOC_TABLE_CASES, 1, NULL),
                         UNALLOC_OK);
        assert_int_equal(unalloc_frame_result_release_column(fr, UNALLOC_TABLE_CASES, 1, NULL),
                         UNALLOC_OK);
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_CASES, 1, &err),
                         UNALLOC_E_NOT_FOUND);
        assert_string_equal(err.message, "column 1 (as_of) was released");
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_CASES, 0, NULL),
                         UNALLOC_OK);
        assert_string_equal(col.text[col.values[7]], "E");
    }
    unalloc_frame_result_free(fr);
    unalloc_free(c);
    unalloc_free(o);
    unalloc_free(r);

    /* Without skipping, the first bad row fails the call as it fails the CSV one. */
    opt.skip_invalid = false;
    fr = (struct unalloc_frame_result *)&err;
    assert_int_equal(unalloc_evaluate_frame_columns(&fr, cal, pol, &f, as_of, 1, &opt, &err),
                     UNALLOC_E_INVALID);
    assert_null(fr);
    assert_int_equal(err.record, 8);
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.message, "(and 1 more bad row)"));
    /* Many distinct texts (the index of each column grows): 300 cases, each
     * id once in the dictionary, in case id order. */
    {
        enum { N = 300 };
        static char idbuf[N][8];
        static const char *mid[N], *mat[N], *mev[N], *mdet[N];
        static const char *const mnames[] = { "case_id", "at", "event", "detail" };
        const char *const *mcells[] = { mid, mat, mev, mdet };
        struct unalloc_frame many = { N, 4, mnames, mcells };
        struct unalloc_column col;
        for (int i = 0; i < N; i++) {
            snprintf(idbuf[i], sizeof idbuf[i], "K%03d", (i * 7) % N); /* rows out of order */
            mid[i] = idbuf[i];
            mat[i] = "2024-05-13";
            mev[i] = "opened";
            mdet[i] = "cin";
        }
        assert_int_equal(unalloc_evaluate_frame_columns(&fr, cal, pol, &many, as_of, 1, NULL,
                                                        NULL),
                         UNALLOC_OK);
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_CASES, 0, NULL),
                         UNALLOC_OK);
        assert_int_equal(col.rows, N);
        assert_int_equal(col.text_count, N);
        for (int i = 0; i < N; i++) {
            char want[8];
            snprintf(want, sizeof want, "K%03d", i);
            assert_string_equal(col.text[col.values[i]], want);
        }
        unalloc_frame_result_free(fr);
    }
    /* An empty frame: empty tables with their columns. */
    {
        struct unalloc_frame none = { 0, 6, names, cells };
        struct unalloc_column col;
        assert_int_equal(unalloc_evaluate_frame_columns(&fr, cal, pol, &none, as_of, 1, NULL,
                                                        NULL),
                         UNALLOC_OK);
        assert_int_equal(unalloc_frame_result_column_count(fr, UNALLOC_TABLE_CASES), 22);
        assert_int_equal(unalloc_frame_result_column_count(fr, UNALLOC_TABLE_OCCURRENCES), 17);
        assert_int_equal(unalloc_frame_result_column(&col, fr, UNALLOC_TABLE_OCCURRENCES, 16,
                                                     NULL),
                         UNALLOC_OK);
        assert_string_equal(col.name, "note");
        assert_int_equal(col.rows, 0);
        assert_null(col.values);
        unalloc_frame_result_free(fr);
    }
}

static void
test_table_errors(void **state)
{
    struct unalloc_moment as_of = { { { 2024, 6, 1 }, 0, 0 }, false };
    char *c = NULL, *o = NULL;
    size_t cl, ol;
    struct unalloc_error err;
    (void)state;
    static const char *const bad_at[] = { "B", "A" };
    static const char *const bad_ats[] = { "2024-05-13", "2024-02-30" };
    static const char *const two_opened[] = { "opened", "opened" };
    static const char *const two_cin[] = { "cin", "cin" };
    struct unalloc_event_table t = { 2, bad_at, bad_ats, two_opened, two_cin, NULL, NULL };
    assert_int_equal(unalloc_evaluate_table(&c, &cl, &o, &ol, cal, pol, &t, &as_of, 1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(err.record, 2);
    assert_non_null(strstr(err.message, "row 2"));
    assert_null(c);
    /* A sequence error names the row of the offending event. */
    static const char *const seq_ids[] = { "A", "A" };
    static const char *const seq_at[] = { "2024-05-13", "2024-05-12" };
    static const char *const seq_ev[] = { "opened", "visit" };
    static const char *const seq_det[] = { "cin", NULL };
    struct unalloc_event_table s = { 2, seq_ids, seq_at, seq_ev, seq_det, NULL, NULL };
    assert_int_equal(unalloc_evaluate_table(&c, &cl, &o, &ol, cal, pol, &s, &as_of, 1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(err.record, 2);
    assert_non_null(strstr(err.message, "before the case's first 'opened'"));
    static const char *const empty_id[] = { "" };
    struct unalloc_event_table e = { 1, empty_id, seq_at, seq_ev, seq_det, NULL, NULL };
    assert_int_equal(unalloc_evaluate_table(&c, &cl, &o, &ol, cal, pol, &e, &as_of, 1, &err),
                     UNALLOC_E_INVALID);
    struct unalloc_event_table none = { 0, NULL, NULL, NULL, NULL, NULL, NULL };
    assert_int_equal(unalloc_evaluate_table(&c, &cl, &o, &ol, cal, pol, &none, &as_of, 0, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_evaluate_table(&c, &cl, &o, &ol, cal, pol, &none, &as_of, 1, NULL),
                     UNALLOC_OK);
    assert_string_equal(c, unalloc_table_header(UNALLOC_TABLE_CASES));
    unalloc_free(c);
    unalloc_free(o);
    struct unalloc_event_table missing = { 1, NULL, NULL, NULL, NULL, NULL, NULL };
    assert_int_equal(unalloc_evaluate_table(&c, &cl, &o, &ol, cal, pol, &missing, &as_of, 1, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_evaluate_table(NULL, &cl, &o, &ol, cal, pol, &none, &as_of, 1, &err),
                     UNALLOC_E_INVALID);
}

/* JSON and CSV escape what they must. */
static void
test_serialisers_escape(void **state)
{
    struct unalloc_case *c;
    struct unalloc_result *r;
    struct unalloc_moment at = { { { 2024, 5, 13 }, 0, 0 }, false };
    struct unalloc_moment as_of = { { { 2024, 5, 20 }, 0, 0 }, false };
    char *buf = NULL;
    size_t len = 0;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_case_new(&c, "id \"with\", quotes\\", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "opened", at, "cin", NULL, "Town, \"East\"", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r, cal, pol, c, as_of, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_append_json(&buf, &len, r, NULL), UNALLOC_OK);
    assert_non_null(strstr(buf, "{\"case\":\"id \\\"with\\\", quotes\\\\\""));
    assert_non_null(strstr(buf, "\"locality\":\"Town, \\\"East\\\"\""));
    assert_int_equal(buf[len - 1], '\n');
    unalloc_free(buf);
    buf = NULL;
    len = 0;
    assert_int_equal(unalloc_result_append_csv(&buf, &len, r, UNALLOC_TABLE_CASES, NULL),
                     UNALLOC_OK);
    assert_int_equal(strncmp(buf, "\"id \"\"with\"\", quotes\\\",", 23), 0);
    assert_non_null(strstr(buf, ",\"Town, \"\"East\"\"\","));
    /* Appending keeps what is there. */
    size_t first = len;
    assert_int_equal(unalloc_result_append_csv(&buf, &len, r, UNALLOC_TABLE_CASES, NULL),
                     UNALLOC_OK);
    assert_int_equal(len, 2 * first);
    assert_int_equal(memcmp(buf, buf + first, first), 0);
    assert_int_equal(unalloc_result_append_csv(&buf, &len, r, (enum unalloc_table)7, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_result_append_csv(NULL, &len, r, UNALLOC_TABLE_CASES, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_result_append_json(&buf, NULL, r, &err), UNALLOC_E_INVALID);
    unalloc_free(buf);
    /* Filtering by state: every overdue row and nothing else; the contact
     * (due 20 May) is due. */
    buf = NULL;
    len = 0;
    assert_int_equal(unalloc_result_append_csv_states(&buf, &len, r, 1u << UNALLOC_STATE_OVERDUE,
                                                      NULL),
                     UNALLOC_OK);
    int rows = 0, overdue = 0;
    for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        rows++;
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        overdue += strstr(line, ",overdue,") != NULL;
        if (nl)
            *nl = '\n';
    }
    size_t n_overdue = 0;
    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++)
        n_overdue += unalloc_result_occurrence(r, i)->state == UNALLOC_STATE_OVERDUE;
    assert_true(rows > 0);
    assert_int_equal(rows, overdue);
    assert_int_equal((size_t)rows, n_overdue);
    unalloc_free(buf);
    buf = NULL;
    len = 0;
    assert_int_equal(unalloc_result_append_csv_states(&buf, &len, r, 1u << UNALLOC_STATE_DUE,
                                                      NULL),
                     UNALLOC_OK);
    assert_non_null(strstr(buf, ",contact,"));
    assert_non_null(strstr(buf, ",due,"));
    assert_null(strstr(buf, ",pending,"));
    assert_int_equal(unalloc_result_append_csv_states(&buf, &len, r, 1u << 9, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_result_append_csv_states(NULL, &len, r, 1, &err), UNALLOC_E_INVALID);
    unalloc_free(buf);
    unalloc_result_free(r);
    unalloc_case_free(c);
}

/* ---- threads --------------------------------------------------------------
 * Several threads evaluate the sample caseload (examples/data/caseload.csv)
 * with one shared calendar, one shared built-in policy and the same shared
 * case objects, each at 26 weekly as-of dates in its own order. Every
 * thread's answers must equal the single-threaded ones, byte for byte; the
 * test also runs under ThreadSanitizer (scripts/test). */

enum { N_THREADS = 4, N_WEEKS = 26, MAX_CASES = 64 };

struct caseload {
    struct unalloc_case *cases[MAX_CASES];
    size_t n;
    const struct unalloc_policy *policy;
    struct unalloc_moment as_of[N_WEEKS];
};

struct eval_arg {
    const struct caseload *load;
    size_t start;        /* the week this thread begins with */
    char *json[MAX_CASES * N_WEEKS];
    int failures;
};

static void *
eval_thread(void *p)
{
    struct eval_arg *a = p;
    const struct caseload *l = a->load;
    for (size_t k = 0; k < N_WEEKS; k++) {
        size_t w = (a->start + k) % N_WEEKS;
        for (size_t c = 0; c < l->n; c++) {
            size_t i = (a->start % 2) ? l->n - 1 - c : c; /* half the threads go backwards */
            struct unalloc_result *r;
            size_t len = 0;
            if (unalloc_evaluate(&r, cal, l->policy, l->cases[i], l->as_of[w], NULL) != UNALLOC_OK) {
                a->failures++;
                continue;
            }
            if (unalloc_result_append_json(&a->json[i * N_WEEKS + w], &len, r, NULL) != UNALLOC_OK)
                a->failures++;
            unalloc_result_free(r);
        }
    }
    return NULL;
}

static void
load_caseload(struct caseload *l)
{
    char path[512], *text, *save = NULL;
    size_t size;
    const char *root = getenv("UNALLOC_SOURCE_ROOT");
    snprintf(path, sizeof path, "%s/examples/data/caseload.csv", root ? root : ".");
    text = test_read_file(path, &size);
    l->n = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[6] = { NULL };
        char *q = line;
        struct unalloc_moment at;
        struct unalloc_error err;
        if (strncmp(line, "case_id,", 8) == 0)
            continue;
        for (int k = 0; k < 6; k++) { /* the sample has no quoted fields */
            f[k] = q;
            q = q ? strchr(q, ',') : NULL;
            if (q)
                *q++ = '\0';
        }
        if (l->n == 0 || strcmp(unalloc_case_id(l->cases[l->n - 1]), f[0]) != 0) {
            assert_true(l->n < MAX_CASES);
            assert_int_equal(unalloc_case_new(&l->cases[l->n++], f[0], NULL), UNALLOC_OK);
        }
        assert_int_equal(unalloc_datetime_parse(&at.at, &at.has_time, f[1], NULL), UNALLOC_OK);
        if (unalloc_case_add_event(l->cases[l->n - 1], f[2], at, f[3], f[4], f[5], &err) !=
            UNALLOC_OK)
            fail_msg("caseload.csv: %s", err.message);
    }
    free(text);
    for (int w = 0; w < N_WEEKS; w++) {
        l->as_of[w].has_time = false;
        l->as_of[w].at.hour = l->as_of[w].at.minute = 0;
        assert_int_equal(unalloc_date_add_days(&l->as_of[w].at.date, D(2024, 3, 4), 7 * w, NULL),
                         UNALLOC_OK);
    }
}

static void
test_threads_share_policy_and_cases(void **state)
{
    static struct caseload load;
    static struct eval_arg ref, args[N_THREADS];
    pthread_t t[N_THREADS];
    struct unalloc_policy *p;
    (void)state;
    load_caseload(&load);
    assert_true(load.n >= 30);
    for (size_t b = 0; b < unalloc_policy_builtin_count(); b++) {
        assert_int_equal(unalloc_policy_builtin(&p, unalloc_policy_builtin_id(b), NULL), UNALLOC_OK);
        load.policy = p;
        memset(&ref, 0, sizeof ref);
        ref.load = &load;
        eval_thread(&ref);
        assert_int_equal(ref.failures, 0);
        for (int i = 0; i < N_THREADS; i++) {
            memset(&args[i], 0, sizeof args[i]);
            args[i].load = &load;
            args[i].start = (size_t)i * 7;
            assert_int_equal(pthread_create(&t[i], NULL, eval_thread, &args[i]), 0);
        }
        for (int i = 0; i < N_THREADS; i++)
            assert_int_equal(pthread_join(t[i], NULL), 0);
        for (int i = 0; i < N_THREADS; i++) {
            assert_int_equal(args[i].failures, 0);
            for (size_t k = 0; k < load.n * N_WEEKS; k++) {
                assert_non_null(args[i].json[k]);
                assert_string_equal(args[i].json[k], ref.json[k]);
                unalloc_free(args[i].json[k]);
            }
        }
        for (size_t k = 0; k < load.n * N_WEEKS; k++)
            unalloc_free(ref.json[k]);
        unalloc_policy_free(p);
    }
    for (size_t i = 0; i < load.n; i++)
        unalloc_case_free(load.cases[i]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arrays_match_scalars),
        cmocka_unit_test(test_table_matches_single_cases),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_frame_columns_match_csv),
        cmocka_unit_test(test_serialisers_escape),
        cmocka_unit_test(test_threads_share_policy_and_cases),
    };
    return cmocka_run_group_tests_name("batch", tests, setup, teardown);
}
