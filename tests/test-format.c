/*
 * libunalloc tests: the output formats agree (doc/output.md). The same case
 * gives the same names and the same absent values in JSON and CSV; warnings
 * are codes (CSV) or {code, message} (JSON), the policy's own warnings left
 * to the run-level record, which says once per run what was evaluated with
 * what (policy, calendar and its sources, as-of moments).
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>

#include "test-util.h"

static struct unalloc_calendar *cal;
static struct unalloc_policy *nelc, *protocol, *cin;

static int
setup(void **state)
{
    (void)state;
    return unalloc_policy_builtin(&nelc, "nelc-2022", NULL) == UNALLOC_OK &&
                   unalloc_policy_builtin(&protocol, "protocol-2019", NULL) == UNALLOC_OK &&
                   unalloc_policy_builtin(&cin, "cin-criteria", NULL) == UNALLOC_OK &&
                   unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL) ==
                       UNALLOC_OK
               ? 0
               : -1;
}

static int
teardown(void **state)
{
    (void)state;
    unalloc_calendar_free(cal);
    unalloc_policy_free(nelc);
    unalloc_policy_free(protocol);
    unalloc_policy_free(cin);
    return 0;
}

static struct unalloc_moment
day(int y, int m, int d)
{
    struct unalloc_moment r = { { { y, m, d }, 0, 0 }, false };
    return r;
}

/* A case opened on Monday 13 May 2024 (cin, in locality or none), then one
 * event of a social worker (kind NULL: none), evaluated under p as of Monday
 * 20 May. */
static struct unalloc_result *
case_as_of_20_may(const struct unalloc_policy *p, const char *id, const char *locality,
                  const char *kind, int kind_day, const char *worker)
{
    struct unalloc_case *c;
    struct unalloc_result *r;
    assert_int_equal(unalloc_case_new(&c, id, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "opened", day(2024, 5, 13), "cin", NULL, locality,
                                            NULL),
                     UNALLOC_OK);
    if (kind)
        assert_int_equal(unalloc_case_add_event(c, kind, day(2024, 5, kind_day), "social-worker",
                                                worker, NULL, NULL),
                         UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, day(2024, 5, 20), NULL), UNALLOC_OK);
    unalloc_case_free(c);
    return r;
}

/* A: opened and allocated on Monday 13 May 2024. B: opened the same day,
 * then a 'deallocated' naming a worker who never held the case. */
static struct unalloc_result *
evaluate_case(const char *id, bool allocated)
{
    return allocated ? case_as_of_20_may(nelc, id, NULL, "allocated", 13, "SW1")
                     : case_as_of_20_may(nelc, id, NULL, "deallocated", 14, "SW9");
}

/* The case as a JSON record and as a cases-csv row. */
static void
formats(char **json, char **csv, const struct unalloc_result *r)
{
    size_t len = 0;
    *json = *csv = NULL;
    assert_int_equal(unalloc_result_append_json(json, &len, r, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_result_append_csv(csv, &len, r, UNALLOC_TABLE_CASES, NULL),
                     UNALLOC_OK);
}

/* An allocated case has no unallocated spell: null in JSON, empty in CSV
 * (not 0 in one and empty in the other). The case is `case_id` in both. */
static void
test_allocated_case_nulls(void **state)
{
    struct unalloc_result *r = evaluate_case("A", true);
    char *j, *c;
    char fp[17];
    char want[1024];
    (void)state;
    formats(&j, &c, r);
    snprintf(fp, sizeof fp, "%016" PRIx64, unalloc_calendar_fingerprint(cal));
    snprintf(want, sizeof want,
             "{\"record\":\"case\",\"case_id\":\"A\",\"as_of\":\"2024-05-20\",\"policy\":"
             "\"nelc-2022\",\"policy_hash\":\"%s\",\"calendar_fingerprint\":\"%s\","
             "\"calendar_verified_through\":%d,\"status\":\"allocated\",\"unallocated\":false,"
             "\"unallocated_since\":null,\"working_days_unallocated\":null,"
             "\"calendar_days_unallocated\":null,\"category\":\"cin\",\"locality\":null,"
             "\"rating\":null,\"rating_age_days\":null,\"atm_since\":null,\"obligations\":[],"
             "\"escalation\":{\"level\":null,\"due\":null,\"done\":null,\"levels\":[]},"
             "\"obligations_due_now\":0,\"obligations_overdue_now\":0,"
             "\"obligations_overdue_on_record\":0,\"warnings\":[]}\n",
             unalloc_policy_hash(nelc), fp, unalloc_calendar_verified_through(cal));
    assert_string_equal(j, want);
    snprintf(want, sizeof want,
             "A,2024-05-20,nelc-2022,%s,%s,%d,allocated,false,,,,cin,,,,,,,,0,0,0,\n",
             unalloc_policy_hash(nelc), fp, unalloc_calendar_verified_through(cal));
    assert_string_equal(c, want);
    /* nelc-2022 states no review date: the result says so, the rows do not. */
    assert_int_equal(unalloc_result_warning_count(r), 1);
    assert_int_equal(unalloc_result_warning_code(r, 0), UNALLOC_WARNING_NO_REVIEW_DATE);
    assert_true(unalloc_warning_code_is_policy_level(UNALLOC_WARNING_NO_REVIEW_DATE));
    assert_true(unalloc_warning_code_is_policy_level(UNALLOC_WARNING_REVIEW_DATE_PASSED));
    assert_false(unalloc_warning_code_is_policy_level(UNALLOC_WARNING_STOPGAP));
    assert_false(unalloc_warning_code_is_policy_level(UNALLOC_WARNING_NONE));
    assert_false(unalloc_warning_code_is_policy_level((enum unalloc_warning_code)99));
    unalloc_free(j);
    unalloc_free(c);
    unalloc_result_free(r);
}

/* The policy's own warning as of a date, for an output that has no run
 * record (CSV without --meta): protocol-2019's review date is 31 October
 * 2019, so it has passed on 1 November 2019 and not on the 31st; nelc-2022
 * states none (every date); the text is the result's and the run record's. */
static void
test_policy_warning(void **state)
{
    enum unalloc_warning_code code = UNALLOC_WARNING_STOPGAP;
    struct unalloc_result *r = evaluate_case("A", true);
    struct unalloc_error err;
    char *text = (char *)"unchanged";
    (void)state;
    assert_int_equal(unalloc_policy_warning(&code, &text, protocol,
                                            (struct unalloc_date){ 2019, 10, 31 }, &err),
                     UNALLOC_OK);
    assert_int_equal(code, UNALLOC_WARNING_NONE);
    assert_null(text);
    assert_int_equal(unalloc_policy_warning(&code, &text, protocol,
                                            (struct unalloc_date){ 2019, 11, 1 }, &err),
                     UNALLOC_OK);
    assert_int_equal(code, UNALLOC_WARNING_REVIEW_DATE_PASSED);
    assert_string_equal(text, "the policy's review date 2019-10-31 has passed: check that the "
                              "council has not replaced the document");
    unalloc_free(text);
    assert_int_equal(unalloc_policy_warning(&code, &text, nelc,
                                            (struct unalloc_date){ 2024, 5, 20 }, &err),
                     UNALLOC_OK);
    assert_int_equal(code, UNALLOC_WARNING_NO_REVIEW_DATE);
    assert_string_equal(text, unalloc_result_warning(r, 0));
    unalloc_free(text);
    /* the code alone */
    assert_int_equal(unalloc_policy_warning(&code, NULL, nelc, (struct unalloc_date){ 1990, 1, 1 },
                                            &err),
                     UNALLOC_OK);
    assert_int_equal(code, UNALLOC_WARNING_NO_REVIEW_DATE);
    /* bad arguments: a clear error, the outputs untouched */
    code = UNALLOC_WARNING_STOPGAP;
    assert_int_equal(unalloc_policy_warning(&code, NULL, NULL, (struct unalloc_date){ 2024, 5, 20 },
                                            &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(code, UNALLOC_WARNING_STOPGAP);
    assert_int_equal(unalloc_policy_warning(&code, NULL, nelc, (struct unalloc_date){ 2024, 2, 30 },
                                            &err),
                     UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "2024-02-30"));
    assert_int_equal(unalloc_policy_warning(NULL, NULL, nelc, (struct unalloc_date){ 2024, 5, 20 },
                                            &err),
                     UNALLOC_E_INVALID);
    unalloc_result_free(r);
}

/* B: unallocated since Monday 13 May; as of Monday 20 May that is 5 working
 * days (14, 15, 16, 17, 20 May) and 7 calendar days. Its warnings, in the
 * order found: the deallocation nobody held, the unknown date of birth (the
 * policy's age-dependent rules are owed), no family-support worker
 * (nelc-2022's `check assigned`). JSON: {code, message} each; CSV: the codes,
 * once each, in code order (3, 5, 10). */
static void
test_warnings_as_codes(void **state)
{
    struct unalloc_result *r = evaluate_case("B", false);
    char *j, *c;
    (void)state;
    formats(&j, &c, r);
    assert_non_null(strstr(j, "\"unallocated_since\":\"2024-05-13\",\"working_days_unallocated\":5,"
                              "\"calendar_days_unallocated\":7,"));
    assert_non_null(strstr(j, "\"warnings\":[{\"code\":\"deallocated-unheld\",\"message\":"
                              "\"'deallocated social-worker' on 2024-05-14, but nobody held "
                              "that role\"},{\"code\":\"date-of-birth-unknown\",\"message\":"
                              "\"date of birth unknown: "));
    assert_non_null(strstr(j, "},{\"code\":\"role-not-assigned\",\"message\":\"no "
                              "family-support worker is assigned; "));
    assert_null(strstr(j, "no-review-date"));
    assert_int_equal(unalloc_result_warning_count(r), 4); /* with the policy's own */
    assert_non_null(strstr(c, ",2024-05-13,5,7,cin,"));
    assert_non_null(
        strstr(c, ",date-of-birth-unknown deallocated-unheld role-not-assigned\n"));
    unalloc_free(j);
    unalloc_free(c);
    unalloc_result_free(r);
}

/* An escalation level is an obligation row in both formats, with the same
 * keys (JSON escalation.levels[]) as the CSV row of kind "escalation". Under
 * cin-criteria a child needing a named worker from Monday 13 May 2024 is to
 * be reported to the Head of Service that day (the local default); as of
 * 20 May nobody has escalated: overdue, not met, the current spell's. */
static void
test_escalation_levels_as_rows(void **state)
{
    static const char clause[] = "LCP Procedures 5.3.9, Unallocated Children in Need, "
                                 "1. Introduction: “Any such cases should be reported to the "
                                 "responsible Head of Service”";
    struct unalloc_case *c;
    struct unalloc_result *r;
    char *j, *csv, *o = NULL, want[1024];
    size_t len = 0;
    (void)state;
    assert_int_equal(unalloc_case_new(&c, "E", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "opened", day(2024, 5, 13), "cin", NULL, NULL,
                                            NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "allocation-decision", day(2024, 5, 13),
                                            "needs-named-worker", NULL, NULL, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r, cal, cin, c, day(2024, 5, 20), NULL), UNALLOC_OK);
    unalloc_case_free(c);
    formats(&j, &csv, r);
    snprintf(want, sizeof want,
             "\"escalation\":{\"level\":\"head-of-service\",\"due\":\"2024-05-13\",\"done\":null,"
             "\"levels\":[{\"kind\":\"escalation\",\"role\":\"head-of-service\",\"rule\":"
             "\"cin.report-hos\",\"clause\":\"%s\",\"basis\":\"local\",\"start\":\"2024-05-13\","
             "\"due\":\"2024-05-13\",\"state\":\"overdue\",\"met_at\":null,\"late\":false,"
             "\"occurrence\":1,\"spell\":null,\"on_record\":false,\"note\":null}]},"
             "\"obligations_due_now\":0,\"obligations_overdue_now\":1,",
             clause);
    assert_non_null(strstr(j, want));
    assert_non_null(strstr(csv, ",head-of-service,2024-05-13,,0,1,0,\n"));
    assert_int_equal(unalloc_result_append_csv(&o, &len, r, UNALLOC_TABLE_OCCURRENCES, NULL),
                     UNALLOC_OK);
    snprintf(want, sizeof want,
             "E,2024-05-20,cin-criteria,escalation,head-of-service,cin.report-hos,\"%s\",local,"
             "2024-05-13,2024-05-13,overdue,,false,1,,false,\n",
             clause);
    assert_string_equal(o, want);
    unalloc_free(j);
    unalloc_free(csv);
    unalloc_free(o);
    unalloc_result_free(r);
}

/* One buffer reused record by record (as a streaming writer does): each
 * record is exactly what a fresh buffer gets, whatever came before it. */
static void
test_buffer_reused(void **state)
{
    struct unalloc_result *a = evaluate_case("A", true), *b = evaluate_case("B", false);
    char *fresh_a, *fresh_b, *csv, *buf = NULL;
    size_t len = 0;
    (void)state;
    formats(&fresh_a, &csv, a);
    unalloc_free(csv);
    formats(&fresh_b, &csv, b);
    unalloc_free(csv);
    assert_true(strlen(fresh_b) > strlen(fresh_a));
    assert_int_equal(unalloc_result_append_json(&buf, &len, b, NULL), UNALLOC_OK);
    assert_string_equal(buf, fresh_b);
    len = 0;
    assert_int_equal(unalloc_result_append_json(&buf, &len, a, NULL), UNALLOC_OK);
    assert_int_equal(len, strlen(fresh_a));
    assert_string_equal(buf, fresh_a);
    len = 0;
    assert_int_equal(unalloc_result_append_json(&buf, &len, b, NULL), UNALLOC_OK);
    assert_string_equal(buf, fresh_b);
    unalloc_free(buf);
    unalloc_free(fresh_a);
    unalloc_free(fresh_b);
    unalloc_result_free(a);
    unalloc_result_free(b);
}

/* FNV-1a, 64 bits, written out again here to check the file hashes. */
static uint64_t
fnv1a(const char *s, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(0x100000001b3);
    return h;
}

static const char ics[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
                          "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:New Year\r\n"
                          "UID:a\r\nEND:VEVENT\r\n"
                          "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\n"
                          "UID:b\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/* The run record: the policy, the calendar and what it was built from, the
 * as-of moments, and the policy's own warning once. */
static void
test_run_record(void **state)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *local;
    struct unalloc_moment as_of[2] = { day(2019, 10, 31), day(2024, 6, 14) };
    const char *files[] = { "england-and-wales.ics" };
    struct unalloc_run run = UNALLOC_RUN_INIT;
    char *buf = NULL, fp[17], hash[17], want[1024];
    size_t len = 0;
    (void)state;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 12, 24), D(2024, 12, 31),
                                                          "Christmas \"closure\"", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 8, 1), D(2024, 8, 1), NULL,
                                                          NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_remove_day(b, D(2024, 5, 27), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_load_ical(b, ics, sizeof ics - 1, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&local, b, NULL), UNALLOC_OK);
    unalloc_calendar_builder_free(b);
    snprintf(fp, sizeof fp, "%016" PRIx64, unalloc_calendar_fingerprint(local));
    snprintf(hash, sizeof hash, "%016" PRIx64, fnv1a(ics, sizeof ics - 1));

    run.policy = protocol;
    run.calendar = local;
    run.as_of = as_of;
    run.n_as_of = 2;
    run.calendar_files = files;
    run.n_calendar_files = 1;
    assert_int_equal(unalloc_run_append_json(&buf, &len, &run, NULL), UNALLOC_OK);
    snprintf(want, sizeof want,
             "{\"record\":\"run\",\"library\":\"%s\",\"policy\":{\"id\":\"protocol-2019\","
             "\"title\":\"%s\",\"hash\":\"%s\",\"review_date\":\"2019-10-31\"},"
             "\"calendar\":{\"region\":\"england-and-wales\",\"fingerprint\":\"%s\","
             "\"verified_through\":%d,\"closures\":[{\"first\":\"2024-12-24\",\"last\":"
             "\"2024-12-31\",\"name\":\"Christmas \\\"closure\\\"\"},{\"first\":\"2024-08-01\","
             "\"last\":\"2024-08-01\",\"name\":null}],\"working\":[\"2024-05-27\"],\"files\":"
             "[{\"name\":\"england-and-wales.ics\",\"bytes\":%zu,\"fnv1a64\":\"%s\",\"days\":2,"
             "\"first_year\":2025,\"last_year\":2026}]},\"as_of\":[\"2019-10-31\","
             "\"2024-06-14\"],\"warnings\":[{\"code\":\"review-date-passed\",\"message\":"
             "\"the policy's review date 2019-10-31 has passed: check that the council has not "
             "replaced the document\"}]}\n",
             unalloc_version(), unalloc_policy_title(protocol), unalloc_policy_hash(protocol), fp,
             unalloc_calendar_verified_through(local), sizeof ics - 1, hash);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));

    /* On its review date the policy has not yet lapsed: no warning. The
     * record appends, like the case formats. */
    run.n_as_of = 1;
    assert_int_equal(unalloc_run_append_json(&buf, &len, &run, NULL), UNALLOC_OK);
    assert_non_null(strstr(buf + strlen(want), "\"as_of\":[\"2019-10-31\"],\"warnings\":[]}\n"));
    unalloc_free(buf);

    /* Without names, a file is listed all the same, its name null. */
    buf = NULL;
    run.calendar_files = NULL;
    run.n_calendar_files = 0;
    assert_int_equal(unalloc_run_append_json(&buf, &len, &run, NULL), UNALLOC_OK);
    assert_non_null(strstr(buf, "\"files\":[{\"name\":null,\"bytes\":"));
    unalloc_free(buf);
    unalloc_calendar_free(local);
}

/* The built-in calendar: no sources; a policy with no review date says so. */
static void
test_run_record_plain(void **state)
{
    struct unalloc_moment as_of = day(2024, 6, 14);
    struct unalloc_run run = UNALLOC_RUN_INIT;
    char *buf = NULL;
    size_t len = 0;
    (void)state;
    run.policy = nelc;
    run.calendar = cal;
    run.as_of = &as_of;
    run.n_as_of = 1;
    assert_int_equal(unalloc_run_append_json(&buf, &len, &run, NULL), UNALLOC_OK);
    assert_non_null(strstr(buf, "\"review_date\":null},\"calendar\":{\"region\":"
                                "\"england-and-wales\",\"fingerprint\":\""));
    assert_non_null(strstr(buf, "\"closures\":[],\"working\":[],\"files\":[]},\"as_of\":"
                                "[\"2024-06-14\"],\"warnings\":[{\"code\":\"no-review-date\","
                                "\"message\":\"the policy states no review date (the document's "
                                "'Review date' field is left blank)\"}]}\n"));
    unalloc_free(buf);
}

/* A report says which calendar its cases were counted on, and takes cases
 * of one calendar only (as it takes cases of one policy only). */
static void
test_report_calendar(void **state)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *closed;
    struct unalloc_case *c;
    struct unalloc_result *r1, *r2;
    struct unalloc_report *rep;
    struct unalloc_error err;
    char *text, want[64];
    (void)state;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2024, 5, 15), D(2024, 5, 15), NULL,
                                                          NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&closed, b, NULL), UNALLOC_OK);
    unalloc_calendar_builder_free(b);
    assert_int_equal(unalloc_case_new(&c, "C", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "opened", day(2024, 5, 13), "cin", NULL, NULL,
                                            NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r1, cal, protocol, c, day(2024, 5, 20), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r2, closed, protocol, c, day(2024, 5, 20), NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_report_new(&rep, protocol, "weekly-return", D(2024, 5, 20), NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_report_add(rep, r1, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_report_add(rep, r2, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "case C was evaluated on another calendar"));
    {
        struct unalloc_report *later;
        assert_int_equal(unalloc_report_new(&later, protocol, "weekly-return", D(2024, 5, 21),
                                            NULL),
                         UNALLOC_OK);
        assert_int_equal(unalloc_report_add(later, r1, &err), UNALLOC_E_INVALID);
        assert_string_equal(err.message,
                            "case C was evaluated as of 2024-05-20, not the report's date");
        unalloc_report_free(later);
    }
    assert_int_equal(unalloc_report_render(&text, rep, NULL), UNALLOC_OK);
    snprintf(want, sizeof want, "\nCalendar: england-and-wales, fingerprint %016" PRIx64 "\n",
             unalloc_calendar_fingerprint(cal));
    assert_non_null(strstr(text, want));
    /* protocol-2019's review date, 31 October 2019, has passed: said once */
    assert_non_null(strstr(text, "\nWarning (review-date-passed): the policy's review date "
                                 "2019-10-31 has passed: check that the council has not "
                                 "replaced the document\n"));
    assert_null(strstr(strstr(text, "Warning (") + 1, "Warning ("));
    unalloc_free(text);
    unalloc_report_free(rep);
    unalloc_result_free(r1);
    unalloc_result_free(r2);
    unalloc_case_free(c);
    unalloc_calendar_free(closed);
}

/* A result keeps the names of the roles' holders after its case is freed:
 * the caseload check of nelc-2022's weekly report names the family-support
 * worker of a case opened on Monday 13 May 2024 and allocated that day to
 * an ATM and to Frances Longname-Worker (family support), evaluated as of
 * Monday 20 May; the case is freed before the result is reported. */
static void
test_report_holder_outlives_case(void **state)
{
    struct unalloc_case *c;
    struct unalloc_result *r;
    struct unalloc_report *rep;
    char *text;
    (void)state;
    assert_int_equal(unalloc_case_new(&c, "H", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "opened", day(2024, 5, 13), "cin", NULL, NULL,
                                            NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "allocated", day(2024, 5, 13), "atm",
                                            "Alex Atm-Manager", NULL, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "allocated", day(2024, 5, 13), "family-support",
                                            "Frances Longname-Worker", NULL, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r, cal, nelc, c, day(2024, 5, 20), NULL), UNALLOC_OK);
    unalloc_case_free(c);
    assert_int_equal(unalloc_report_new(&rep, nelc, "weekly", D(2024, 5, 20), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_report_add(rep, r, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_report_render(&text, rep, NULL), UNALLOC_OK);
    assert_non_null(strstr(text, "\n  Frances Longname-Worker   1\nWithin the limit.\n"));
    unalloc_free(text);
    unalloc_report_free(rep);
    unalloc_result_free(r);
}

/* ---- a report a part at a time (unalloc_report_append) -------------------- */

/* Opened on Monday 13 May 2024 (cin) in a locality; allocated there and then
 * or never; evaluated under the policy as of Monday 20 May. */
static struct unalloc_result *
report_case(const struct unalloc_policy *p, const char *id, const char *locality, bool allocated)
{
    return case_as_of_20_may(p, id, locality, allocated ? "allocated" : NULL, 13, "SW1");
}

/* The report's parts, each its own string, in a NULL-terminated array; the
 * cases added in the order given. */
static char **
report_parts(const struct unalloc_policy *p, const char *report_id, const char *order)
{
    static const char *const ids[] = { "A", "B", "C", "D" },
                             *const locs[] = { "South", "North", "North", "North" };
    static const bool allocated[] = { false, false, true, false };
    struct unalloc_result *res[4];
    struct unalloc_report *rep;
    char **parts = calloc(64, sizeof *parts), *buf = NULL;
    size_t len = 0, part = 0, n = 0;
    for (int i = 0; i < 4; i++)
        res[i] = report_case(p, ids[i], locs[i], allocated[i]);
    assert_int_equal(unalloc_report_new(&rep, p, report_id, (struct unalloc_date){ 2024, 5, 20 },
                                        NULL),
                     UNALLOC_OK);
    for (const char *o = order; *o; o++)
        assert_int_equal(unalloc_report_add(rep, res[*o - 'A'], NULL), UNALLOC_OK);
    while (part != UNALLOC_REPORT_END) {
        assert_true(n < 63);
        len = 0; /* the buffer reused, as the command line does */
        assert_int_equal(unalloc_report_append(&buf, &len, rep, &part, NULL), UNALLOC_OK);
        assert_int_equal(strlen(buf), len);
        parts[n++] = strdup(buf);
    }
    /* once at the end, nothing more */
    len = 0;
    assert_int_equal(unalloc_report_append(&buf, &len, rep, &part, NULL), UNALLOC_OK);
    assert_int_equal(len, 0);
    assert_true(part == UNALLOC_REPORT_END);
    /* the parts together are the rendered report, whatever the order added */
    {
        char *text, *joined = calloc(1, 1);
        size_t total = 0;
        for (size_t i = 0; i < n; i++) {
            joined = realloc(joined, total + strlen(parts[i]) + 1);
            strcpy(joined + total, parts[i]);
            total += strlen(parts[i]);
        }
        assert_int_equal(unalloc_report_render(&text, rep, NULL), UNALLOC_OK);
        assert_string_equal(joined, text);
        unalloc_free(text);
        free(joined);
    }
    unalloc_free(buf);
    unalloc_report_free(rep);
    for (int i = 0; i < 4; i++)
        unalloc_result_free(res[i]);
    return parts;
}

static void
free_parts(char **parts)
{
    for (size_t i = 0; parts[i]; i++)
        free(parts[i]);
    free(parts);
}

static bool
starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* protocol-2019's weekly return (Appendix 1): the header, then each locality
 * in order (North holds B, C and D, South holds A) a step at a time: its
 * heading, each category row with its first child, each further child of the
 * row (B and D are both CIN in North), the Head of Service's comments, and
 * the children on record (none: an empty step, so the call goes on to the
 * next locality's heading). No caseload check: the last part is empty. */
static void
test_report_parts_appendix(void **state)
{
    char **p = report_parts(protocol, "weekly-return", "ABCD"), **q;
    size_t n;
    (void)state;
    assert_true(starts(p[0], "UNALLOCATED WORK - WEEKLY RETURN\nPolicy: protocol-2019 "));
    assert_true(ends(p[0], "definition (at least 5 working-days).\n"));
    assert_string_equal(p[1], "\nLocality: North\n                                               Number of  Notes\n                                                Children\n");
    assert_string_equal(p[2], "Single Assessment                                      0  \n");
    assert_string_equal(p[4], "CIN                                                    2  B (since 2024-05-13, 5 working days)");
    assert_string_equal(p[5], "; D (since 2024-05-13, 5 working days)\n");
    assert_string_equal(p[9], "Head of Service comment on any unallocated cases (consider the risk assessment and actions taken as per the protocol):\n  (no overdue obligations)\n");
    assert_string_equal(p[13], "CIN                                                    1  A (since 2024-05-13, 5 working days)\n");
    assert_true(starts(p[3], "S47 "));
    assert_true(starts(p[6], "CP "));
    assert_true(starts(p[7], "CIC "));
    assert_true(starts(p[8], "Other (not on the Appendix 1 form) "));
    assert_true(starts(p[10], "\nLocality: South\n"));
    assert_true(starts(p[17], "Head of Service comment"));
    for (n = 0; p[n]; n++)
        ;
    assert_int_equal(n, 19);
    assert_string_equal(p[18], "");
    /* added in another order: the same parts */
    q = report_parts(protocol, "weekly-return", "DCBA");
    for (size_t i = 0; p[i] || q[i]; i++)
        assert_string_equal(p[i], q[i]);
    free_parts(q);
    free_parts(p);
}

/* nelc-2022's daily register: the header with its column headings, then one
 * line per unallocated case (B and D in North, then A in South; C is
 * allocated and not listed), then the count and the caseload check. */
static void
test_report_parts_register(void **state)
{
    char **p = report_parts(nelc, "daily", "CADB");
    (void)state;
    assert_true(starts(p[0], "UNALLOCATED CASES REGISTER - DAILY REPORT\n"));
    assert_true(ends(p[0], " overdue (on record)\n"));
    assert_true(starts(p[1], "B            North          unallocated  cin               2024-05-13 "));
    assert_int_equal(strchr(p[1], '\n') - p[1] + 1, strlen(p[1])); /* one line */
    assert_true(starts(p[2], "D            North          unallocated  cin "));
    assert_int_equal(strchr(p[2], '\n') - p[2] + 1, strlen(p[2]));
    assert_true(starts(p[3], "A            South          unallocated  cin "));
    assert_int_equal(strchr(p[3], '\n') - p[3] + 1, strlen(p[3]));
    assert_true(starts(p[4], "\n3 cases listed.\n\nCASELOAD CHECK: "));
    assert_null(p[5]);
    free_parts(p);
}

/* cin-criteria's list: the header, each unallocated child, the heading of
 * those being assessed, each of them, the closing line. Every part is whole
 * lines. */
static void
test_report_parts_list(void **state)
{
    char **p = report_parts(cin, "weekly-return", "BDCA");
    size_t n;
    (void)state;
    assert_true(starts(p[0], "UNALLOCATED CHILDREN - "));
    assert_true(ends(p[0], "\nUnallocated (counted):\n"));
    for (n = 0; p[n]; n++)
        assert_true(ends(p[n], "\n"));
    assert_true(n >= 3);
    assert_true(starts(p[n - 1], "\n") || starts(p[n - 1], "  (none)\n"));
    assert_non_null(strstr(p[n - 1], " unallocated"));
    free_parts(p);
}

/* A cursor the report does not have is refused, and nothing is appended. */
static void
test_report_append_bad_part(void **state)
{
    struct unalloc_report *rep;
    struct unalloc_error err;
    char *buf = NULL;
    size_t len = 0, part = 3; /* no rows: 0 (the header), 1 (between), 2 (closing) */
    (void)state;
    assert_int_equal(unalloc_report_new(&rep, nelc, "daily", (struct unalloc_date){ 2024, 5, 20 },
                                        NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_report_append(&buf, &len, rep, &part, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "part 3 is not one of this report's"));
    assert_null(buf);
    assert_int_equal(part, 3);
    part = 2;
    assert_int_equal(unalloc_report_append(&buf, &len, rep, &part, &err), UNALLOC_OK);
    assert_true(starts(buf, "(no cases held unallocated)\n\n0 cases listed.\n"));
    assert_true(part == UNALLOC_REPORT_END);
    unalloc_free(buf);
    unalloc_report_free(rep);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocated_case_nulls),
        cmocka_unit_test(test_warnings_as_codes),
        cmocka_unit_test(test_policy_warning),
        cmocka_unit_test(test_escalation_levels_as_rows),
        cmocka_unit_test(test_buffer_reused),
        cmocka_unit_test(test_run_record),
        cmocka_unit_test(test_run_record_plain),
        cmocka_unit_test(test_report_calendar),
        cmocka_unit_test(test_report_holder_outlives_case),
        cmocka_unit_test(test_report_parts_appendix),
        cmocka_unit_test(test_report_parts_register),
        cmocka_unit_test(test_report_parts_list),
        cmocka_unit_test(test_report_append_bad_part),
    };
    return cmocka_run_group_tests_name("format", tests, setup, teardown);
}
