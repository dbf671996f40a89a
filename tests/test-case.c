/*
 * libunalloc tests: case records and the vocabulary.
 *
 * SPDX-License-Identifier: MIT
 */
#include <locale.h>
#include <pthread.h>

#include "test-util.h"

static struct unalloc_moment
M(const char *text)
{
    struct unalloc_moment m;
    if (unalloc_datetime_parse(&m.at, &m.has_time, text, NULL) != UNALLOC_OK)
        fail_msg("bad moment %s", text);
    return m;
}

static struct unalloc_case *
new_case(const char *id)
{
    struct unalloc_case *c = NULL;
    assert_int_equal(unalloc_case_new(&c, id, NULL), UNALLOC_OK);
    return c;
}

static enum unalloc_status
add(struct unalloc_case *c, const char *kind, const char *at, const char *detail,
    const char *worker, struct unalloc_error *err)
{
    return unalloc_case_add_event(c, kind, M(at), detail, worker, NULL, err);
}

static void
test_vocabulary_round_trips(void **state)
{
    (void)state;
    for (int k = 0; k < UNALLOC_EVENT_KIND_COUNT_; k++) {
        enum unalloc_event_kind v;
        assert_int_equal(unalloc_event_kind_parse(&v, unalloc_event_kind_name(k), NULL),
                         UNALLOC_OK);
        assert_int_equal(v, k);
    }
    for (int k = 0; k < UNALLOC_CATEGORY_COUNT_; k++) {
        enum unalloc_category v;
        assert_int_equal(unalloc_category_parse(&v, unalloc_category_name(k), NULL),
                         UNALLOC_OK);
        assert_int_equal(v, k);
    }
    for (int k = 0; k < UNALLOC_ROLE_COUNT_; k++) {
        enum unalloc_role v;
        assert_int_equal(unalloc_role_parse(&v, unalloc_role_name(k), NULL), UNALLOC_OK);
        assert_int_equal(v, k);
    }
    for (int k = 0; k < UNALLOC_RATING_COUNT_; k++) {
        enum unalloc_rating v;
        assert_int_equal(unalloc_rating_parse(&v, unalloc_rating_name(k), NULL), UNALLOC_OK);
        assert_int_equal(v, k);
    }
    /* The exact spellings of the vocabulary. */
    assert_string_equal(unalloc_event_kind_name(UNALLOC_EVENT_WORKER_ABSENT), "worker-absent");
    assert_string_equal(unalloc_event_kind_name(UNALLOC_EVENT_REFLECTIVE_SUPERVISION),
                        "reflective-supervision");
    assert_string_equal(unalloc_category_name(UNALLOC_CATEGORY_YOUTH_JUSTICE), "youth-justice");
    assert_string_equal(unalloc_role_name(UNALLOC_ROLE_TO_BE_ALLOCATED), "to-be-allocated");
    assert_string_equal(unalloc_case_status_name(UNALLOC_CASE_STATUS_BEING_ASSESSED), "being-assessed");
    assert_string_equal(unalloc_state_name(UNALLOC_STATE_OVERDUE), "overdue");
    assert_null(unalloc_event_kind_name(UNALLOC_EVENT_KIND_COUNT_));
    assert_null(unalloc_category_name((enum unalloc_category)-1));
    assert_null(unalloc_role_name(UNALLOC_ROLE_COUNT_));
    assert_null(unalloc_rating_name(UNALLOC_RATING_COUNT_));
    assert_null(unalloc_case_status_name(UNALLOC_CASE_STATUS_COUNT_));
    assert_null(unalloc_state_name(UNALLOC_STATE_COUNT_));
    struct unalloc_error err;
    enum unalloc_role r;
    enum unalloc_category cat;
    enum unalloc_rating rt;
    enum unalloc_event_kind ek;
    assert_int_equal(unalloc_role_parse(&r, "Social-Worker", &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "Social-Worker"));
    assert_int_equal(unalloc_category_parse(&cat, "CIN", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_rating_parse(&rt, "blue", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_event_kind_parse(&ek, "", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_role_parse(NULL, "atm", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_category_parse(&cat, NULL, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_rating_parse(NULL, "red", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_event_kind_parse(NULL, "opened", &err), UNALLOC_E_INVALID);
}

struct bad_event {
    const char *kind, *at, *detail, *worker;
    const char *needle;
};

static void
test_event_validation(void **state)
{
    static const struct bad_event cases[] = {
        { "allocate", "2024-01-01", "social-worker", "W", "unknown event kind 'allocate'" },
        { "allocated", "2024-01-01", "socialworker", "W", "unknown detail 'socialworker'" },
        { "allocated", "2024-01-01", "social-worker", "", "needs the worker" },
        { "allocated", "2024-01-01", "", "W", "needs a detail" },
        { "opened", "2024-01-01", "", NULL, "needs a detail" },
        { "opened", "2024-01-01", "children-in-need", NULL, "unknown detail" },
        { "closed", "2024-01-01", "cin", NULL, "takes no detail" },
        { "worker-absent", "2024-01-01", "holiday", "W", "sick, leave or left" },
        { "worker-returned", "2024-01-01", "", "", "needs the worker" },
        { "rating", "2024-01-01", "purple", NULL, "red, amber, yellow or green" },
        { "assessment-concluded", "2024-01-01", "yes", NULL, "needs-social-worker" },
        { "allocation-decision", "2024-01-01", "needs-worker", NULL, "needs-named-worker" },
        { "review", "2024-01-01", "manager", NULL, "unknown detail 'manager'" },
        { "escalated", "2024-01-01", "", NULL, "needs a detail" },
    };
    (void)state;
    struct unalloc_case *c = new_case("C17");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_error err;
        enum unalloc_status st = add(c, cases[i].kind, cases[i].at, cases[i].detail,
                                     cases[i].worker, &err);
        if (st != UNALLOC_E_INVALID)
            fail_msg("%s/%s: got %s", cases[i].kind, cases[i].detail, unalloc_status_name(st));
        if (!strstr(err.message, cases[i].needle) || !strstr(err.message, "case C17"))
            fail_msg("%s: message '%s' lacks '%s'", cases[i].kind, err.message, cases[i].needle);
    }
    assert_int_equal(unalloc_case_event_count(c), 0); /* nothing half-added */
    /* Optional actor, and a valid event. */
    assert_int_equal(add(c, "opened", "2024-01-01", "cin", NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "review", "2024-01-02", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "review", "2024-01-02T10:00", "team-manager", "TM", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_event_count(c), 3);
    /* An impossible date in a moment. */
    struct unalloc_moment bad = { { { 2023, 2, 29 }, 0, 0 }, false };
    struct unalloc_error err;
    assert_int_equal(unalloc_case_add_event(c, "visit", bad, NULL, NULL, NULL, &err),
                     UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "case C17"));
    bad.at.date.month = 3;
    bad.at.hour = 25;
    bad.has_time = true;
    assert_int_equal(unalloc_case_add_event(c, "visit", bad, NULL, NULL, NULL, &err),
                     UNALLOC_E_INVALID);
    unalloc_case_free(c);
}

static void
test_sequence_checks(void **state)
{
    struct unalloc_error err;
    struct unalloc_case *c;
    (void)state;

    c = new_case("S1");
    assert_int_equal(add(c, "born", "2010-04-01", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "visit", "2024-01-01", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "opened", "2024-01-02", "cin", NULL, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_check(c, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "before the case's first 'opened'"));
    assert_non_null(strstr(err.message, "event 2 (visit at 2024-01-01)"));
    assert_int_equal(err.record, 2);
    unalloc_case_free(c);

    c = new_case("S2");
    assert_int_equal(add(c, "opened", "2024-01-02", "cin", NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "closed", "2024-02-01", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "review", "2024-02-05", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_check(c, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "after 'closed'"));
    unalloc_case_free(c);

    c = new_case("S3");
    assert_int_equal(add(c, "opened", "2024-01-02", "cin", NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "opened", "2024-01-03", "cp", NULL, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_check(c, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "already open"));
    unalloc_case_free(c);

    c = new_case("S4");
    assert_int_equal(add(c, "born", "2010-04-01", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "born", "2010-04-02", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_check(c, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "date of birth"));
    unalloc_case_free(c);

    /* The same inside one episode opened first and never closed (a case
     * opened before the birth; the timeline's check takes such an episode
     * without a walk only when it has at most one date of birth). */
    c = new_case("S4b");
    assert_int_equal(add(c, "opened", "2024-01-02", "cin", NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "born", "2024-02-01", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "visit", "2024-02-05", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "born", "2024-02-03", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_check(c, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "a second, different date of birth"));
    assert_int_equal(err.record, 4);
    unalloc_case_free(c);

    /* Re-referral: closed, then opened again, is fine; events are sorted by
     * time whatever order they were added in. */
    c = new_case("S5");
    assert_int_equal(add(c, "closed", "2024-02-01", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "opened", "2024-03-01", "referral", NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "opened", "2024-01-02", "cin", NULL, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_check(c, NULL), UNALLOC_OK);
    unalloc_case_free(c);
}

static void
test_ids_and_nulls(void **state)
{
    struct unalloc_case *c;
    struct unalloc_error err;
    char long_id[UNALLOC_MAX_ID + 2];
    (void)state;
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    assert_int_equal(unalloc_case_new(&c, "", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_new(&c, long_id, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_new(&c, "a\nb", &err), UNALLOC_E_INVALID);
    /* ids, workers and localities are written into JSON and CSV: UTF-8 only */
    assert_int_equal(unalloc_case_new(&c, "A\xff", &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "UTF-8"));
    assert_int_equal(unalloc_case_new(&c, "Ren\xC3\xA9" "e", &err), UNALLOC_OK);
    unalloc_case_free(c);
    /* C1 controls (U+0080-U+009F) like C0: NEL (U+0085) is a line break to
     * some readers, CSI (U+009B) starts a terminal escape. U+00A0 is fine. */
    assert_int_equal(unalloc_case_new(&c, "A\xc2\x85" "B", &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "control characters"));
    assert_int_equal(unalloc_case_new(&c, "\xc2\x80", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_new(&c, "A\xc2\x9b" "2J", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_new(&c, "A\xc2\xa0" "B", &err), UNALLOC_OK);
    unalloc_case_free(c);
    assert_int_equal(unalloc_case_new(NULL, "x", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_new(&c, NULL, &err), UNALLOC_E_INVALID);
    c = new_case("ok");
    assert_string_equal(unalloc_case_id(c), "ok");
    assert_int_equal(unalloc_case_add_event(NULL, "opened", M("2024-01-01"), "cin", NULL, NULL,
                                            &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_add_event(c, NULL, M("2024-01-01"), "cin", NULL, NULL, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_add_event(c, "opened", M("2024-01-01"), "cin", "W",
                                            long_id, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_case_add_event(c, "opened", M("2024-01-01"), "cin", "W\xe9",
                                            NULL, &err),
                     UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "the worker id"));
    assert_int_equal(unalloc_case_add_event(c, "opened", M("2024-01-01"), "cin", "W\xc2\x9f",
                                            NULL, &err),
                     UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "the worker id"));
    assert_int_equal(unalloc_case_add_event(c, "opened", M("2024-01-01"), "cin", "W",
                                            "Gr\xc3\xa9" "\xc3", &err),
                     UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "the locality"));
    assert_int_equal(unalloc_case_event_count(c), 0);
    assert_int_equal(unalloc_case_check(NULL, &err), UNALLOC_E_INVALID);
    assert_null(unalloc_case_id(NULL));
    assert_int_equal(unalloc_case_event_count(NULL), 0);
    unalloc_case_free(c);
    unalloc_case_free(NULL);
}

/* Evaluation argument checks (the behaviour is in tests/scenarios/). */
static void
test_evaluate_arguments(void **state)
{
    struct unalloc_calendar *ew, *sc;
    struct unalloc_policy *p;
    struct unalloc_case *c;
    struct unalloc_result *r;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&ew, UNALLOC_REGION_ENGLAND_AND_WALES, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_new(&sc, UNALLOC_REGION_SCOTLAND, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&p, unalloc_policy_builtin_id(0), NULL), UNALLOC_OK);
    c = new_case("E1");
    assert_int_equal(add(c, "opened", "2024-01-02", "cin", NULL, NULL), UNALLOC_OK);
    const struct unalloc_calendar *wrong =
        unalloc_policy_region(p) == UNALLOC_REGION_SCOTLAND ? ew : sc;
    const struct unalloc_calendar *right =
        unalloc_policy_region(p) == UNALLOC_REGION_SCOTLAND ? sc : ew;
    assert_int_equal(unalloc_evaluate(&r, wrong, p, c, M("2024-02-01"), &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "calendar"));
    struct unalloc_moment bad = { { { 2024, 2, 30 }, 0, 0 }, false };
    assert_int_equal(unalloc_evaluate(&r, right, p, c, bad, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_evaluate(NULL, right, p, c, M("2024-02-01"), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_evaluate(&r, NULL, p, c, M("2024-02-01"), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_evaluate(&r, right, NULL, c, M("2024-02-01"), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_evaluate(&r, right, p, NULL, M("2024-02-01"), &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_evaluate(&r, right, p, c, M("2024-02-01"), &err), UNALLOC_OK);
    assert_string_equal(unalloc_result_case(r)->case_id, "E1");
    assert_null(unalloc_result_occurrence(r, 100000));
    assert_null(unalloc_result_escalation(r, 100000));
    assert_null(unalloc_result_warning(r, 100000));
    assert_null(unalloc_result_case(NULL));
    assert_int_equal(unalloc_result_occurrence_count(NULL), 0);
    assert_int_equal(unalloc_result_escalation_count(NULL), 0);
    assert_int_equal(unalloc_result_warning_count(NULL), 0);
    unalloc_result_free(r);
    unalloc_result_free(NULL);
    unalloc_case_free(c);
    unalloc_policy_free(p);
    unalloc_calendar_free(ew);
    unalloc_calendar_free(sc);
}

/* An event with no actor meets a rule that names actors, flagged as taken to
 * be by the actor the rule names for that event's kind (not for another
 * met-by line). Referral opened Monday 6 May 2024; "more than 24 hours" is
 * passed on Tuesday 7 May at 00:01, so the review is due by Tuesday 14 May. */
static void
test_actor_taken_per_kind(void **state)
{
    static const char text[] =
        "policy actors\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
        "region england-and-wales\nreview-date 2030-01-01\n"
        "allocated-roles social-worker\nscope referral\n"
        "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
        "rule a.review review\n  clause d \"S\" \"Q\"\n  from threshold\n"
        "  due 7 days\n  met-by review team-manager\n  met-by oversight service-manager\nend\n";
    struct unalloc_policy *p = NULL;
    struct unalloc_calendar *cal = NULL;
    struct unalloc_result *r = NULL;
    struct unalloc_error err;
    struct unalloc_case *c;
    const struct unalloc_occurrence *o;
    (void)state;
    if (unalloc_policy_parse(&p, text, strlen(text), &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    c = new_case("A");
    assert_int_equal(add(c, "opened", "2024-05-06", "referral", NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "oversight", "2024-05-09", NULL, NULL, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-05-20"), &err), UNALLOC_OK);
    assert_int_equal(unalloc_result_occurrence_count(r), 1);
    o = unalloc_result_occurrence(r, 0);
    assert_int_equal(o->state, UNALLOC_STATE_MET);
    /* threshold passed Tuesday 7 May (00:01): due 7 days later, 14 May */
    assert_int_equal(o->due.at.date.year, 2024);
    assert_int_equal(o->due.at.date.month, 5);
    assert_int_equal(o->due.at.date.day, 14);
    assert_string_equal(o->note, "the 'oversight' records no actor: taken as the "
                                 "service-manager's");
    assert_int_equal(unalloc_result_warning_count(r), 1);
    assert_string_equal(unalloc_result_warning(r, 0),
                        "rule a.review: the 'oversight' on 2024-05-09 records no actor and was "
                        "taken as the service-manager's; record who did it");
    unalloc_result_free(r);
    unalloc_case_free(c);

    /* Two timed oversights on one day, neither with an actor, each meeting an
     * occurrence: each flagged at its own minute, so the two lines differ. */
    {
        static const char two[] =
            "policy actors2\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\n"
            "region england-and-wales\nreview-date 2030-01-01\n"
            "allocated-roles social-worker\nscope referral\n"
            "unallocated-after more-than 24 hours\n  clause d \"S\" \"Q\"\n"
            "rule a.review review\n  clause d \"S\" \"Q\"\n  from threshold\n"
            "  every 7 days\n  met-by oversight service-manager\nend\n";
        struct unalloc_policy *p2 = NULL;
        if (unalloc_policy_parse(&p2, two, strlen(two), &err) != UNALLOC_OK)
            fail_msg("%s", err.message);
        c = new_case("T");
        assert_int_equal(add(c, "opened", "2024-05-06", "referral", NULL, NULL), UNALLOC_OK);
        assert_int_equal(add(c, "oversight", "2024-05-09T10:00", NULL, NULL, NULL), UNALLOC_OK);
        assert_int_equal(add(c, "oversight", "2024-05-09T15:30", NULL, NULL, NULL), UNALLOC_OK);
        assert_int_equal(unalloc_evaluate(&r, cal, p2, c, M("2024-05-10"), &err), UNALLOC_OK);
        assert_int_equal(unalloc_result_warning_count(r), 2);
        assert_string_equal(unalloc_result_warning(r, 0),
                            "rule a.review: the 'oversight' on 2024-05-09T10:00 records no actor "
                            "and was taken as the service-manager's; record who did it");
        assert_string_equal(unalloc_result_warning(r, 1),
                            "rule a.review: the 'oversight' on 2024-05-09T15:30 records no actor "
                            "and was taken as the service-manager's; record who did it");
        unalloc_result_free(r);
        unalloc_case_free(c);
        unalloc_policy_free(p2);
    }

    /* The same oversight, recorded as the service manager's: met, no flag. */
    c = new_case("B");
    assert_int_equal(add(c, "opened", "2024-05-06", "referral", NULL, NULL), UNALLOC_OK);
    assert_int_equal(add(c, "oversight", "2024-05-09", "service-manager", NULL, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_evaluate(&r, cal, p, c, M("2024-05-20"), &err), UNALLOC_OK);
    o = unalloc_result_occurrence(r, 0);
    assert_int_equal(o->state, UNALLOC_STATE_MET);
    assert_null(o->note);
    assert_int_equal(unalloc_result_warning_count(r), 0);
    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_calendar_free(cal);
    unalloc_policy_free(p);
}

/* A series restates a result at later moments with the earlier result's
 * warnings copied as a block: with more of them than the warning set's first
 * table holds (160 reviews with no actor, each flagged, come at once), and a check's warning
 * added after them, every restated result must be the single evaluation's,
 * byte for byte. */
static void
test_series_restates_many_warnings(void **state)
{
    struct unalloc_policy *p = NULL;
    struct unalloc_calendar *cal = NULL;
    struct unalloc_case *c = new_case("W");
    struct unalloc_moment at[20], m = M("2024-01-08T09:00");
    struct unalloc_result *series[20];
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_policy_builtin(&p, "nelc-2022", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_case_add_event(c, "opened", m, "cin", NULL, NULL, NULL), UNALLOC_OK);
    for (int k = 0; k < 160; k++) {
        assert_int_equal(unalloc_date_add_days(&m.at.date, m.at.date, 2 + k % 2, NULL),
                         UNALLOC_OK);
        assert_int_equal(unalloc_case_add_event(c, "review", m, NULL, NULL, NULL, NULL),
                         UNALLOC_OK);
    }
    for (int k = 0; k < 20; k++) {
        at[k] = (struct unalloc_moment){ { { 2025, 6, 2 }, 0, 0 }, false };
        assert_int_equal(unalloc_date_add_days(&at[k].at.date, at[k].at.date, 7 * k, NULL),
                         UNALLOC_OK);
    }
    if (unalloc_evaluate_series(series, cal, p, c, at, 20, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    for (int k = 0; k < 20; k++) {
        struct unalloc_result *one = NULL;
        char *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        assert_int_equal(unalloc_evaluate(&one, cal, p, c, at[k], NULL), UNALLOC_OK);
        assert_true(unalloc_result_warning_count(one) > 160);
        assert_int_equal(unalloc_result_append_json(&a, &na, series[k], NULL), UNALLOC_OK);
        assert_int_equal(unalloc_result_append_json(&b, &nb, one, NULL), UNALLOC_OK);
        assert_string_equal(a, b);
        free(a);
        free(b);
        unalloc_result_free(one);
        unalloc_result_free(series[k]);
    }
    unalloc_case_free(c);
    unalloc_calendar_free(cal);
    unalloc_policy_free(p);
}

/* ---- a series' results share blocks -----------------------------------------
 * The results a series restates point at the block of the one evaluated in
 * full (counted references): each must stay whole, and equal to one
 * evaluation at its as-of, whichever of them is freed first and from
 * whichever thread. */

/* A case that gives every kind of shared data: a locality, holders, phase 2
 * warnings (a deallocation naming someone who never held the role; late
 * handovers, which name workers), a worker changed (a check that names both), reviews
 * with no actor (phase 4's warnings) and occurrences met, due, overdue and on
 * record (two spells). */
static struct unalloc_case *
rich_case(void)
{
    static const char *const rows[][5] = {
        { "born", "2012-05-01", NULL, NULL, "North" },
        { "opened", "2024-01-08T10:00", "cin", NULL, "North" },
        { "allocated", "2024-01-09", "atm", "ATM-1", NULL },
        { "allocated", "2024-01-10", "family-support", "FS1", NULL },
        { "rating", "2024-01-10", "amber", NULL, NULL },
        { "review", "2024-01-15", NULL, NULL, NULL },
        { "visit", "2024-01-16", "family-support", "FS1", NULL },
        { "deallocated", "2024-01-22", "family-support", "FS1", NULL },
        { "allocated", "2024-01-24", "family-support", "FS2", NULL },
        { "deallocated", "2024-02-05", "social-worker", "SW-NEVER", NULL },
        { "allocated", "2024-02-12", "social-worker", "SW1", "South" },
        { "deallocated", "2024-02-19", "social-worker", "SW1", NULL },
        { "allocated", "2024-02-26", "family-support", "FS3", NULL },
        { "deallocated", "2024-02-28", "family-support", "FS2", NULL },
        { "allocated", "2024-02-28", "family-support", "FS2", NULL },
        { "deallocated", "2024-03-01", "family-support", "FS1", NULL },
        { "review", "2024-03-04", NULL, NULL, NULL },
        { "visit", "2024-03-11T14:30", "family-support", "FS2", NULL },
    };
    struct unalloc_case *c = new_case("RICH-1");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct unalloc_error err;
        if (unalloc_case_add_event(c, rows[i][0], M(rows[i][1]), rows[i][2], rows[i][3],
                                   rows[i][4], &err) != UNALLOC_OK)
            fail_msg("row %zu: %s", i + 1, err.message);
    }
    return c;
}

enum { N_SHARED = 24 };

/* Everything a reader can get from a result, as one string: the JSON, both
 * CSV tables, each warning's text and each occurrence's state through the
 * accessors. */
static char *
everything(const struct unalloc_result *r)
{
    char *s = NULL;
    size_t n = 0;
    if (unalloc_result_append_json(&s, &n, r, NULL) != UNALLOC_OK ||
        unalloc_result_append_csv(&s, &n, r, UNALLOC_TABLE_CASES, NULL) != UNALLOC_OK ||
        unalloc_result_append_csv(&s, &n, r, UNALLOC_TABLE_OCCURRENCES, NULL) != UNALLOC_OK)
        return NULL;
    for (size_t i = 0; i < unalloc_result_warning_count(r); i++) {
        const char *w = unalloc_result_warning(r, i);
        char *t;
        size_t k = strlen(s) + (w ? strlen(w) : 6) + 2;
        if (!(t = realloc(s, k)))
            return NULL;
        s = t;
        strcat(s, w ? w : "(null)");
        strcat(s, "\n");
    }
    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
        char *t;
        if (!o || !(t = realloc(s, strlen(s) + 3)))
            return NULL;
        s = t;
        strcat(s, o->state == UNALLOC_STATE_OVERDUE ? "o"
                  : o->state == UNALLOC_STATE_DUE   ? "d"
                  : o->state == UNALLOC_STATE_MET   ? "m"
                                                    : "p");
    }
    return s;
}

/* The as-of moments: weekly from before the opening (dates), with a few
 * timed moments on the days of events, in time order or not. */
static void
shared_as_of(struct unalloc_moment *at)
{
    for (int k = 0; k < N_SHARED; k++) {
        at[k] = (struct unalloc_moment){ { { 2024, 1, 1 }, 0, 0 }, false };
        assert_int_equal(unalloc_date_add_days(&at[k].at.date, at[k].at.date, 5 * k, NULL),
                         UNALLOC_OK);
    }
    at[5] = M("2024-01-22T08:00");
    at[6] = M("2024-01-22T23:59");
    at[9] = M("2024-03-11T14:29");
    at[10] = M("2024-03-11T14:30");
}

/* The orders of freeing: forward, backward, the middle out, odd then even,
 * and shuffled (the bases, which are not visible here, fall first, last and
 * between in one order or another). */
static void
free_order(size_t *order, int how, unsigned *seed)
{
    for (size_t k = 0; k < N_SHARED; k++)
        order[k] = k;
    switch (how) {
    case 0:
        break;
    case 1:
        for (size_t k = 0; k < N_SHARED; k++)
            order[k] = N_SHARED - 1 - k;
        break;
    case 2:
        for (size_t k = 0; k < N_SHARED; k++)
            order[k] = k % 2 ? N_SHARED / 2 - (k + 1) / 2 : N_SHARED / 2 + k / 2;
        break;
    case 3:
        for (size_t k = 0; k < N_SHARED; k++)
            order[k] = k < N_SHARED / 2 ? 2 * k + 1 : 2 * (k - N_SHARED / 2);
        break;
    default:
        for (size_t k = N_SHARED - 1; k > 0; k--) {
            size_t j, t;
            *seed = *seed * 1103515245u + 12345u;
            j = (*seed >> 8) % (k + 1);
            t = order[k], order[k] = order[j], order[j] = t;
        }
    }
}

/* What one evaluation per as-of gives (everything()). */
static void
single_evaluations(char **want, const struct unalloc_calendar *cal,
                   const struct unalloc_policy *p, const struct unalloc_case *c,
                   const struct unalloc_moment *at)
{
    for (int k = 0; k < N_SHARED; k++) {
        struct unalloc_result *one = NULL;
        assert_int_equal(unalloc_evaluate(&one, cal, p, c, at[k], NULL), UNALLOC_OK);
        assert_non_null(want[k] = everything(one));
        unalloc_result_free(one);
    }
}

static void
test_series_results_freed_in_any_order(void **state)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_case *c = rich_case();
    struct unalloc_moment at[N_SHARED];
    unsigned seed = 7;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    shared_as_of(at);
    for (size_t b = 0; b < unalloc_policy_builtin_count(); b++) {
        struct unalloc_policy *p = NULL;
        char *want[N_SHARED];
        assert_int_equal(unalloc_policy_builtin(&p, unalloc_policy_builtin_id(b), NULL),
                         UNALLOC_OK);
        single_evaluations(want, cal, p, c, at);
        for (int how = 0; how < 10; how++) {
            struct unalloc_result *series[N_SHARED];
            struct unalloc_error err;
            size_t order[N_SHARED];
            bool freed[N_SHARED] = { false };
            free_order(order, how, &seed);
            if (unalloc_evaluate_series(series, cal, p, c, at, N_SHARED, &err) != UNALLOC_OK)
                fail_msg("%s: %s", unalloc_policy_builtin_id(b), err.message);
            /* the policy's handle may go first: the results keep what they need */
            if (how == 9)
                unalloc_policy_free(p);
            for (size_t f = 0; f < N_SHARED; f++) {
                /* every result not yet freed is still whole (one in three
                 * checked after each free, all of them after the first) */
                for (size_t k = 0; k < N_SHARED; k++) {
                    char *got;
                    if (freed[k] || (f > 1 && (k + f) % 3 != 0))
                        continue;
                    assert_non_null(got = everything(series[k]));
                    if (strcmp(got, want[k]) != 0)
                        fail_msg("%s, order %d, %zu freed: as-of %zu gives\n%s\nnot\n%s",
                                 unalloc_policy_builtin_id(b), how, f, k, got, want[k]);
                    free(got);
                }
                unalloc_result_free(series[order[f]]);
                freed[order[f]] = true;
            }
        }
        for (int k = 0; k < N_SHARED; k++)
            free(want[k]);
    }
    unalloc_case_free(c);
    unalloc_calendar_free(cal);
}

/* A result's public occurrences and warnings' texts are made on its first
 * read, a restated result's from its base's (which stay with the group's
 * block): each result is read for the first time only after others, its
 * base among them in one order or another, have been freed. */
static void
test_series_results_read_after_others_freed(void **state)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_case *c = rich_case();
    struct unalloc_moment at[N_SHARED];
    unsigned seed = 11;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    shared_as_of(at);
    for (size_t b = 0; b < unalloc_policy_builtin_count(); b++) {
        struct unalloc_policy *p = NULL;
        char *want[N_SHARED];
        assert_int_equal(unalloc_policy_builtin(&p, unalloc_policy_builtin_id(b), NULL),
                         UNALLOC_OK);
        single_evaluations(want, cal, p, c, at);
        for (int how = 0; how < 10; how++) {
            struct unalloc_result *series[N_SHARED];
            size_t order[N_SHARED], next = N_SHARED;
            bool read[N_SHARED] = { false }, freed[N_SHARED] = { false };
            free_order(order, how, &seed);
            assert_int_equal(unalloc_evaluate_series(series, cal, p, c, at, N_SHARED, NULL),
                             UNALLOC_OK);
            for (size_t f = 0; f < N_SHARED; f++) {
                /* the one freed now, if not yet read, and the last one
                 * neither read nor freed: each read once, for the first time */
                size_t first[2] = { order[f], N_SHARED };
                while (next > 0 && (read[next - 1] || freed[next - 1] || next - 1 == order[f]))
                    next--;
                if (next > 0)
                    first[1] = next - 1;
                for (int j = 0; j < 2; j++) {
                    const size_t k = first[j];
                    char *got;
                    if (k == N_SHARED || read[k])
                        continue;
                    assert_non_null(got = everything(series[k]));
                    if (strcmp(got, want[k]) != 0)
                        fail_msg("%s, order %d, %zu freed: as-of %zu read first gives\n%s\nnot\n%s",
                                 unalloc_policy_builtin_id(b), how, f, k, got, want[k]);
                    free(got);
                    read[k] = true;
                }
                unalloc_result_free(series[order[f]]);
                freed[order[f]] = true;
            }
        }
        for (int k = 0; k < N_SHARED; k++)
            free(want[k]);
        unalloc_policy_free(p);
    }
    unalloc_case_free(c);
    unalloc_calendar_free(cal);
}

/* Threads read the results of one series at once (the public occurrences
 * and the warnings' texts are built on first request), then, once all have
 * read, each frees its share, so that a base and the results restated from it are freed at the
 * same time from different threads (ThreadSanitizer runs this suite). */
enum { N_READERS = 4 };

struct shared_arg {
    struct unalloc_result **series;
    char **want;
    pthread_barrier_t *read;
    size_t first;
    int failures;
};

static void *
read_and_free(void *pa)
{
    struct shared_arg *a = pa;
    for (size_t k = 0; k < N_SHARED; k++) {
        const size_t i = (a->first + k) % N_SHARED;
        char *got = everything(a->series[i]);
        if (!got || strcmp(got, a->want[i]) != 0)
            a->failures++;
        free(got);
    }
    pthread_barrier_wait(a->read); /* every thread has read every result */
    for (size_t i = a->first; i < N_SHARED; i += N_READERS)
        unalloc_result_free(a->series[i]);
    return NULL;
}

static void
test_series_results_shared_by_threads(void **state)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_case *c = rich_case();
    struct unalloc_moment at[N_SHARED];
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    shared_as_of(at);
    for (size_t b = 0; b < unalloc_policy_builtin_count(); b++) {
        struct unalloc_policy *p = NULL;
        struct unalloc_result *series[N_SHARED];
        char *want[N_SHARED];
        struct shared_arg args[N_READERS];
        pthread_t t[N_READERS];
        pthread_barrier_t read;
        assert_int_equal(unalloc_policy_builtin(&p, unalloc_policy_builtin_id(b), NULL),
                         UNALLOC_OK);
        single_evaluations(want, cal, p, c, at);
        assert_int_equal(unalloc_evaluate_series(series, cal, p, c, at, N_SHARED, NULL),
                         UNALLOC_OK);
        unalloc_policy_free(p);
        assert_int_equal(pthread_barrier_init(&read, NULL, N_READERS), 0);
        for (int i = 0; i < N_READERS; i++) {
            args[i] = (struct shared_arg){ series, want, &read, (size_t)i, 0 };
            assert_int_equal(pthread_create(&t[i], NULL, read_and_free, &args[i]), 0);
        }
        for (int i = 0; i < N_READERS; i++) {
            assert_int_equal(pthread_join(t[i], NULL), 0);
            assert_int_equal(args[i].failures, 0);
        }
        pthread_barrier_destroy(&read);
        for (int k = 0; k < N_SHARED; k++)
            free(want[k]);
    }
    unalloc_case_free(c);
    unalloc_calendar_free(cal);
}

/* Whether s is UTF-8, by glibc's C.UTF-8 decoder (not the library's). */
static bool
is_utf8(const char *s)
{
    return mbstowcs(NULL, s, 0) != (size_t)-1;
}

/* Error messages quote the input and are cut at UNALLOC_ERROR_MESSAGE_SIZE;
 * neither may leave half a UTF-8 character (the Python bindings decode them). */
static void
test_messages_stay_utf8(void **state)
{
    struct unalloc_error err;
    struct unalloc_datetime dt;
    char text[300], id[UNALLOC_MAX_ID + 1];
    struct unalloc_case *c;
    size_t o = 0;
    (void)state;
    assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
    /* "a" then two-byte characters: the 40-byte quote ends inside one */
    text[o++] = 'a';
    while (o + 2 < 100) {
        text[o++] = '\xC3';
        text[o++] = '\xA9';
    }
    text[o] = '\0';
    assert_int_equal(unalloc_datetime_parse(&dt, NULL, text, &err), UNALLOC_E_PARSE);
    assert_true(is_utf8(err.message));
    assert_non_null(strstr(err.message, "a\xC3\xA9\xC3\xA9"));
    /* a byte that is not UTF-8 is shown as '?' */
    assert_int_equal(unalloc_datetime_parse(&dt, NULL, "2024-01-0\xFF", &err), UNALLOC_E_PARSE);
    assert_true(is_utf8(err.message));
    assert_non_null(strstr(err.message, "'2024-01-0?'"));
    /* a 255-byte id of two-byte characters: shortened at a character
     * boundary, so that the event's number and kind still fit */
    o = 0;
    id[o++] = 'x';
    while (o + 2 <= UNALLOC_MAX_ID - 1) {
        id[o++] = '\xC3';
        id[o++] = '\xA9';
    }
    id[o] = '\0';
    c = new_case(id);
    assert_int_equal(add(c, "opened", "2024-01-01", "nonsense", NULL, &err), UNALLOC_E_INVALID);
    assert_true(is_utf8(err.message));
    assert_non_null(strstr(err.message, "\xC3\xA9..., event 1 (opened at 2024-01-01): unknown "
                                        "detail 'nonsense'"));
    unalloc_case_free(c);
    assert_non_null(setlocale(LC_CTYPE, "C"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vocabulary_round_trips),
        cmocka_unit_test(test_event_validation),
        cmocka_unit_test(test_sequence_checks),
        cmocka_unit_test(test_ids_and_nulls),
        cmocka_unit_test(test_evaluate_arguments),
        cmocka_unit_test(test_messages_stay_utf8),
        cmocka_unit_test(test_actor_taken_per_kind),
        cmocka_unit_test(test_series_restates_many_warnings),
        cmocka_unit_test(test_series_results_freed_in_any_order),
        cmocka_unit_test(test_series_results_read_after_others_freed),
        cmocka_unit_test(test_series_results_shared_by_threads),
    };
    return cmocka_run_group_tests_name("case", tests, NULL, NULL);
}
