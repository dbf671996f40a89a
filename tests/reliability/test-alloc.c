/*
 * libunalloc tests: out-of-memory. Every public constructor and parser is run
 * with its N-th allocation failing, for every N, until it succeeds. Each
 * failure must return UNALLOC_E_NOMEM, leak nothing, and leave the objects it
 * was given usable; the call then succeeds. Linked against the internal test
 * build (UNALLOC_FAULT_INJECTION), whose allocation hook lib/alloc-test.c
 * steers; the shipped library has no such state.
 *
 * libical's own allocations (inside icalparser_parse_string) do not go through
 * the hook and are not reached here; see doc/quality.md.
 *
 * SPDX-License-Identifier: MIT
 */
#include "../test-util.h"

#include "alloc-test.h"

static char *ics_text, *policy_text, *json_text;
static size_t ics_size, policy_size, json_size;

/* One operation under test. setup builds what it needs with failures off;
 * run performs the call that may fail; cleanup frees everything. */
struct op {
    const char *name;
    void *(*setup)(void);
    enum unalloc_status (*run)(void *ctx);
    void (*cleanup)(void *ctx);
};

/* ---- contexts ----------------------------------------------------------- */

struct ctx {
    struct unalloc_calendar_builder *cb;
    struct unalloc_calendar *cal;
    struct unalloc_policy_builder *pb;
    struct unalloc_policy *pol;
    struct unalloc_case *c;
    struct unalloc_result *res;
    struct unalloc_result *series[8];
    struct unalloc_report *rep;
    struct unalloc_mapping *map;
    struct unalloc_frame_result *fres;
    char *text, *text2, *text3;
    size_t len, len2, len3;
    size_t part; /* unalloc_report_append()'s cursor */
};

static void *
setup_none(void)
{
    return calloc(1, sizeof(struct ctx));
}

static struct unalloc_moment
M(const char *s)
{
    struct unalloc_moment m;
    unalloc_datetime_parse(&m.at, &m.has_time, s, NULL);
    return m;
}

static void
fill_case(struct unalloc_case *c)
{
    unalloc_case_add_event(c, "born", M("2012-01-01"), NULL, NULL, NULL, NULL);
    unalloc_case_add_event(c, "opened", M("2024-05-23T10:00"), "referral", NULL, "East", NULL);
    unalloc_case_add_event(c, "allocated", M("2024-05-24T09:00"), "atm", "ATM", NULL, NULL);
    unalloc_case_add_event(c, "allocated", M("2024-05-28"), "family-support", "FS", NULL, NULL);
    unalloc_case_add_event(c, "review", M("2024-05-31"), "team-manager", "TM", NULL, NULL);
    unalloc_case_add_event(c, "visit", M("2024-06-03"), NULL, NULL, NULL, NULL);
    unalloc_case_add_event(c, "rating", M("2024-06-04"), "red", NULL, NULL, NULL);
    unalloc_case_add_event(c, "statutory-meeting", M("2024-06-05"), "family-support", NULL, NULL,
                           NULL);
}

static void *
setup_full(void)
{
    struct ctx *x = calloc(1, sizeof *x);
    assert_int_equal(unalloc_calendar_new(&x->cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&x->pol, "nelc-2022", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_new(&x->c, "C1", NULL), UNALLOC_OK);
    fill_case(x->c);
    return x;
}

/* A second case for the other policies' paths: absence, deallocation,
 * merged spells, ratings, escalations, met/missed anchors, a closed episode. */
static void *
setup_other(const char *policy)
{
    struct ctx *x = calloc(1, sizeof *x);
    assert_int_equal(unalloc_calendar_new(&x->cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&x->pol, policy, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_case_new(&x->c, "C2", NULL), UNALLOC_OK);
    static const char *const rows[][5] = {
        { "opened", "2024-01-02", "cin", NULL, "West" },
        { "closed", "2024-01-20", NULL, NULL, NULL },
        { "opened", "2024-02-01", "early-help", NULL, NULL },
        { "category", "2024-02-02", "cin", NULL, NULL },
        { "allocated", "2024-02-05", "social-worker", "SW", NULL },
        { "allocated", "2024-02-05", "family-support", "FS", NULL },
        { "worker-absent", "2024-03-01", "sick", "SW", NULL },
        { "risk-assessment", "2024-03-04", "team-manager", "TM", NULL },
        { "deallocated", "2024-04-10", "social-worker", NULL, NULL },
        { "allocated", "2024-04-15", "social-worker", "SW2", NULL },
        { "deallocated", "2024-04-17", "social-worker", NULL, NULL },
        { "deallocated", "2024-04-17", "family-support", NULL, NULL },
        { "rating", "2024-04-18", "amber", NULL, NULL },
        { "rating", "2024-04-25", "green", NULL, NULL },
        { "contact", "2024-04-19", NULL, NULL, NULL },
        { "escalated", "2024-05-01", "head-of-service", "HOS", NULL },
        { "assessment-concluded", "2024-05-02", "needs-social-worker", NULL, NULL },
        { "statutory-meeting", "2024-05-03", "family-support", NULL, NULL },
        { "category", "2024-05-06", "early-help", NULL, NULL },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(unalloc_case_add_event(x->c, rows[i][0], M(rows[i][1]), rows[i][2],
                                                rows[i][3], rows[i][4], NULL),
                         UNALLOC_OK);
    return x;
}

static void *
setup_p19(void)
{
    return setup_other("protocol-2019");
}

static void *
setup_tfs(void)
{
    return setup_other("nottingham-tfs-2022");
}

static void *
setup_cin(void)
{
    return setup_other("cin-criteria");
}

static void *
setup_result(void)
{
    struct ctx *x = setup_full();
    assert_int_equal(unalloc_evaluate(&x->res, x->cal, x->pol, x->c, M("2024-06-14"), NULL),
                     UNALLOC_OK);
    return x;
}

static void *
setup_builder(void)
{
    struct ctx *x = calloc(1, sizeof *x);
    assert_int_equal(unalloc_calendar_builder_new(&x->cb, UNALLOC_REGION_SCOTLAND, NULL),
                     UNALLOC_OK);
    return x;
}

static void
cleanup(void *p)
{
    struct ctx *x = p;
    unalloc_report_free(x->rep);
    unalloc_result_free(x->res);
    for (size_t i = 0; i < sizeof x->series / sizeof x->series[0]; i++)
        unalloc_result_free(x->series[i]);
    unalloc_case_free(x->c);
    unalloc_policy_free(x->pol);
    unalloc_policy_builder_free(x->pb);
    unalloc_calendar_free(x->cal);
    unalloc_calendar_builder_free(x->cb);
    unalloc_mapping_free(x->map);
    unalloc_frame_result_free(x->fres);
    unalloc_free(x->text);
    unalloc_free(x->text2);
    unalloc_free(x->text3);
    free(x);
}

/* ---- operations ------------------------------------------------------------ */

static enum unalloc_status
op_calendar_new(void *p)
{
    struct ctx *x = p;
    return unalloc_calendar_new(&x->cal, UNALLOC_REGION_NORTHERN_IRELAND, NULL);
}

static enum unalloc_status
op_builder_new(void *p)
{
    struct ctx *x = p;
    return unalloc_calendar_builder_new(&x->cb, UNALLOC_REGION_ENGLAND_AND_WALES, NULL);
}

static enum unalloc_status
op_closure(void *p)
{
    struct ctx *x = p;
    struct unalloc_date a = { 2024, 12, 24 }, b = { 2024, 12, 31 };
    return unalloc_calendar_builder_add_closure(x->cb, a, b, "Christmas closure", NULL);
}

static enum unalloc_status
op_remove(void *p)
{
    struct ctx *x = p;
    struct unalloc_date d = { 2024, 1, 2 };
    return unalloc_calendar_builder_remove_day(x->cb, d, NULL);
}

static enum unalloc_status
op_ical(void *p)
{
    struct ctx *x = p;
    return unalloc_calendar_builder_load_ical(x->cb, ics_text, ics_size, NULL);
}

static enum unalloc_status
op_govuk_json(void *p)
{
    struct ctx *x = p;
    return unalloc_calendar_builder_load_govuk_json(x->cb, json_text, json_size, NULL);
}

static void *
setup_calendar(void)
{
    struct ctx *x = setup_builder();
    struct unalloc_date a = { 2024, 12, 24 }, b = { 2025, 1, 3 };
    assert_int_equal(unalloc_calendar_builder_add_closure(x->cb, a, b, "closure, \"all\"", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&x->cal, x->cb, NULL), UNALLOC_OK);
    return x;
}

/* Every format of a listing of several years (the buffers grow many times). */
static enum unalloc_status
op_holidays(void *p)
{
    struct ctx *x = p;
    struct unalloc_date from = { 2020, 1, 1 }, to = { 2026, 12, 31 };
    size_t first, count;
    char **bufs[] = { &x->text, &x->text2, &x->text3, &x->text };
    size_t *lens[] = { &x->len, &x->len2, &x->len3, &x->len };
    enum unalloc_status st = unalloc_calendar_holidays(&first, &count, x->cal, from, to, NULL);
    for (int f = 0; f < 4 && st == UNALLOC_OK; f++)
        st = unalloc_calendar_append_holidays(bufs[f], lens[f], x->cal, first, count,
                                              (enum unalloc_holiday_format)f,
                                              UNALLOC_HOLIDAYS_HEAD | UNALLOC_HOLIDAYS_TAIL,
                                              NULL);
    return st;
}

static enum unalloc_status
op_build(void *p)
{
    struct ctx *x = p;
    return unalloc_calendar_builder_build(&x->cal, x->cb, NULL);
}

static void *
setup_builder_full(void)
{
    struct ctx *x = setup_builder();
    struct unalloc_date a = { 2024, 12, 24 }, b = { 2024, 12, 31 }, d = { 2024, 1, 2 };
    assert_int_equal(unalloc_calendar_builder_add_closure(x->cb, a, b, "closure", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_load_ical(x->cb, ics_text, ics_size, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_remove_day(x->cb, d, NULL), UNALLOC_OK);
    return x;
}

static enum unalloc_status
op_policy_parse(void *p)
{
    struct ctx *x = p;
    return unalloc_policy_parse(&x->pol, policy_text, policy_size, NULL);
}

static enum unalloc_status
op_policy_builtin(void *p)
{
    struct ctx *x = p;
    return unalloc_policy_builtin(&x->pol, "nottingham-tfs-2022", NULL);
}

static enum unalloc_status
op_with_settings(void *p)
{
    struct ctx *x = p;
    struct unalloc_policy *q = NULL;
    const char *names[] = { "day-ten" }, *values[] = { "10 working-days" };
    enum unalloc_status st = unalloc_policy_with_settings(&q, x->pol, names, values, 1, NULL);
    if (st == UNALLOC_OK) {
        unalloc_policy_free(x->pol);
        x->pol = q;
    }
    return st;
}

static enum unalloc_status
op_policy_text(void *p)
{
    struct ctx *x = p;
    return unalloc_policy_to_text(&x->text, x->pol, NULL);
}

static enum unalloc_status
op_case(void *p)
{
    struct ctx *x = p;
    enum unalloc_status st;
    if (!x->c && (st = unalloc_case_new(&x->c, "C9", NULL)) != UNALLOC_OK)
        return st;
    /* Every event must go in; a failure in the middle leaves the case as it
     * was, and a retry carries on from there. */
    static const char *const kinds[] = { "opened", "allocated", "worker-absent", "visit" };
    static const char *const details[] = { "cin", "social-worker", "sick", NULL };
    static const char *const at[] = { "2024-01-02", "2024-01-03", "2024-02-01", "2024-02-05" };
    for (int i = (int)unalloc_case_event_count(x->c); i < 4; i++) {
        size_t before = unalloc_case_event_count(x->c);
        st = unalloc_case_add_event(x->c, kinds[i], M(at[i]), details[i], "W", "North", NULL);
        if (st != UNALLOC_OK) {
            assert_int_equal(unalloc_case_event_count(x->c), before);
            return st;
        }
    }
    return UNALLOC_OK;
}

static enum unalloc_status
op_evaluate(void *p)
{
    struct ctx *x = p;
    return unalloc_evaluate(&x->res, x->cal, x->pol, x->c, M("2024-06-14"), NULL);
}

/* Eight as-of moments: before the opening, around it, between events and
 * long after (restated from the last full evaluation). */
static enum unalloc_status
op_series(void *p)
{
    struct ctx *x = p;
    const struct unalloc_moment at[8] = { M("2024-06-30"), M("2024-05-01"),
                                          M("2024-05-23T10:00"), M("2024-05-23T09:59"),
                                          M("2024-05-29"), M("2024-06-14"),
                                          M("2024-07-31"), M("2024-12-31") };
    for (size_t i = 0; i < 8; i++) {
        unalloc_result_free(x->series[i]);
        x->series[i] = NULL;
    }
    return unalloc_evaluate_series(x->series, x->cal, x->pol, x->c, at, 8, NULL);
}

/* A series' results, two of them freed (the earliest as-of, a group's
 * base, and a later one): the first reads below build the others' texts and
 * public occurrences from their bases'. */
static void *
setup_series_freed(void)
{
    struct ctx *x = setup_full();
    assert_int_equal(op_series(x), UNALLOC_OK);
    unalloc_result_free(x->series[1]);
    unalloc_result_free(x->series[5]);
    x->series[1] = x->series[5] = NULL;
    return x;
}

/* The first read of every warning's text and of the occurrences of each
 * result left. */
static enum unalloc_status
op_series_reads(void *p)
{
    struct ctx *x = p;
    for (size_t i = 0; i < sizeof x->series / sizeof x->series[0]; i++) {
        const struct unalloc_result *r = x->series[i];
        if (!r)
            continue;
        for (size_t k = 0; k < unalloc_result_warning_count(r); k++)
            if (!unalloc_result_warning(r, k))
                return UNALLOC_E_NOMEM;
        if (unalloc_result_occurrence_count(r) && !unalloc_result_occurrence(r, 0))
            return UNALLOC_E_NOMEM;
    }
    return UNALLOC_OK;
}

/* The first read of a result's occurrences builds them. */
static enum unalloc_status
op_occurrences(void *p)
{
    struct ctx *x = p;
    assert_true(unalloc_result_occurrence_count(x->res) > 0);
    return unalloc_result_occurrence(x->res, 0) ? UNALLOC_OK : UNALLOC_E_NOMEM;
}

static enum unalloc_status
op_json(void *p)
{
    struct ctx *x = p;
    return unalloc_result_append_json(&x->text, &x->len, x->res, NULL);
}

static enum unalloc_status
op_csv(void *p)
{
    struct ctx *x = p;
    enum unalloc_status st = unalloc_result_append_csv(&x->text, &x->len, x->res,
                                                       UNALLOC_TABLE_OCCURRENCES, NULL);
    if (st == UNALLOC_OK)
        st = unalloc_result_append_csv(&x->text2, &x->len2, x->res, UNALLOC_TABLE_CASES, NULL);
    if (st == UNALLOC_OK)
        st = unalloc_result_append_csv_states(&x->text2, &x->len2, x->res, 1u << 2, NULL);
    return st;
}

static enum unalloc_status
op_run_record(void *p)
{
    struct ctx *x = p;
    struct unalloc_moment as_of[2] = { M("2024-06-14"), M("2024-06-21") };
    struct unalloc_run run = UNALLOC_RUN_INIT;
    run.policy = x->pol;
    run.calendar = x->cal;
    run.as_of = as_of;
    run.n_as_of = 2;
    return unalloc_run_append_json(&x->text, &x->len, &run, NULL);
}

static enum unalloc_status
op_report(void *p)
{
    struct ctx *x = p;
    struct unalloc_date d = { 2024, 6, 14 };
    enum unalloc_status st;
    if (!x->rep && (st = unalloc_report_new(&x->rep, x->pol, "weekly", d, NULL)) != UNALLOC_OK)
        return st;
    if ((st = unalloc_report_add(x->rep, x->res, NULL)) != UNALLOC_OK)
        return st;
    return unalloc_report_render(&x->text, x->rep, NULL);
}

/* A report of two cases (the result twice, so there is more than one row),
 * built with failures off: the operation is the appending alone. */
static void *
setup_report(struct ctx *x, const char *report_id)
{
    struct unalloc_date d = { 2024, 6, 14 };
    if (!x->res)
        assert_int_equal(unalloc_evaluate(&x->res, x->cal, x->pol, x->c, M("2024-06-14"), NULL),
                         UNALLOC_OK);
    assert_int_equal(unalloc_report_new(&x->rep, x->pol, report_id, d, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_report_add(x->rep, x->res, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_report_add(x->rep, x->res, NULL), UNALLOC_OK);
    return x;
}

static void *
setup_report_register(void)
{
    return setup_report(setup_full(), "daily");
}

static void *
setup_report_list(void)
{
    return setup_report(setup_full(), "fortnightly");
}

static void *
setup_report_appendix(void)
{
    return setup_report(setup_p19(), "weekly-return");
}

/* The report a part at a time into one buffer: a failed part leaves the
 * buffer and the cursor as they were, so the retry carries on from there;
 * the parts together are the rendered report. */
static enum unalloc_status
op_report_append(void *p)
{
    struct ctx *x = p;
    enum unalloc_status st;
    while (x->part != UNALLOC_REPORT_END) {
        const size_t len = x->len, part = x->part;
        if ((st = unalloc_report_append(&x->text, &x->len, x->rep, &x->part, NULL)) !=
            UNALLOC_OK) {
            assert_int_equal(x->len, len);
            assert_int_equal(x->part, part);
            assert_true(!x->text || strlen(x->text) == len);
            return st;
        }
        assert_true(x->len > len || x->part == UNALLOC_REPORT_END);
    }
    if ((st = unalloc_report_render(&x->text2, x->rep, NULL)) != UNALLOC_OK)
        return st;
    assert_string_equal(x->text, x->text2);
    return UNALLOC_OK;
}

static enum unalloc_status
op_table(void *p)
{
    struct ctx *x = p;
    static const char *const ids[] = { "A", "B", "A" };
    static const char *const at[] = { "2024-05-01", "2024-05-02", "2024-05-09" };
    static const char *const ev[] = { "opened", "opened", "review" };
    static const char *const det[] = { "cin", "cp", "team-manager" };
    struct unalloc_event_table t = { 3, ids, at, ev, det, NULL, NULL };
    struct unalloc_moment as_of[2] = { M("2024-05-20"), M("2024-06-20") };
    return unalloc_evaluate_table(&x->text, &x->len, &x->text2, &x->len2, x->cal, x->pol, &t,
                                  as_of, 2, NULL);
}

static const char mapping_text[] =
    "column case_id \"Child\"\ncolumn at \"When\"\ncolumn event \"What\"\ncolumn detail \"Cat\"\n"
    "date uk\nevent \"Referral\" -> opened referral\nevent \"Note\" -> ignore\n"
    "category \"Child in Need\" -> cin\nrole \"TM\" -> team-manager\nrating \"R\" -> red\n"
    "worker \"Duty\" -> duty\nworker prefix \"XX\" -> to-be-allocated\n";

static enum unalloc_status
op_mapping_parse(void *p)
{
    struct ctx *x = p;
    return unalloc_mapping_parse(&x->map, mapping_text, strlen(mapping_text), NULL);
}

/* A frame read through a mapping, with a bad case set aside: as CSV, or
 * (columns) as typed columns. */
static enum unalloc_status
frame(struct ctx *x, bool columns)
{
    static const char *const names[] = { "Child", "When", "What", "Cat", "Extra" };
    static const char *const child[] = { "A", "B", "A", "C", "A" };
    static const char *const when[] = { "01/05/2024", "02/05/2024", "09/05/2024", "31/02/2024",
                                        "10/05/2024" };
    static const char *const what[] = { "Opened", "Referral", "review", "opened", "Note" };
    static const char *const cat[] = { "Child in Need", NULL, "TM", "cin", NULL };
    static const char *const *const cells[] = { child, when, what, cat, child };
    struct unalloc_frame f = { 5, 5, names, cells };
    struct unalloc_moment as_of[2] = { M("2024-05-20"), M("2024-06-20") };
    struct unalloc_frame_options opt = UNALLOC_FRAME_OPTIONS_INIT;
    enum unalloc_status st;
    if (!x->map &&
        (st = unalloc_mapping_parse(&x->map, mapping_text, strlen(mapping_text), NULL)) !=
            UNALLOC_OK)
        return st;
    opt.mapping = x->map;
    opt.skip_invalid = true;
    if (columns)
        return unalloc_evaluate_frame_columns(&x->fres, x->cal, x->pol, &f, as_of, 2, &opt, NULL);
    return unalloc_evaluate_frame(&x->text, &x->len, &x->text2, &x->len2, &x->text3, &x->len3,
                                  x->cal, x->pol, &f, as_of, 2, &opt, NULL);
}

static enum unalloc_status
op_frame(void *p)
{
    return frame(p, false);
}

static enum unalloc_status
op_frame_columns(void *p)
{
    struct ctx *x = p;
    unalloc_frame_result_free(x->fres); /* a retry's result replaces the first */
    x->fres = NULL;
    return frame(x, true);
}

static enum unalloc_status
op_policy_builder(void *p)
{
    struct ctx *x = p;
    enum unalloc_status st;
    struct unalloc_definition d;
    struct unalloc_rule r;
    struct unalloc_date review = { 2025, 1, 1 };
    /* A retry starts from a new builder. */
    unalloc_policy_builder_free(x->pb);
    x->pb = NULL;
    if ((st = unalloc_policy_builder_new(&x->pb, "b", NULL)) != UNALLOC_OK ||
        (st = unalloc_policy_builder_set_title(x->pb, "T", NULL)) != UNALLOC_OK ||
        (st = unalloc_policy_builder_add_document(x->pb, "d", "f", "t", NULL)) != UNALLOC_OK ||
        (st = unalloc_policy_builder_set_region(x->pb, UNALLOC_REGION_SCOTLAND, NULL)) !=
            UNALLOC_OK ||
        (st = unalloc_policy_builder_set_review_date(x->pb, &review, NULL, NULL)) != UNALLOC_OK)
        return st;
    memset(&d, 0, sizeof d);
    d.version = UNALLOC_DEFINITION_VERSION;
    d.allocated_roles = 1u << UNALLOC_ROLE_SOCIAL_WORKER;
    d.scope = 1u << UNALLOC_CATEGORY_CIN;
    d.unallocated.duration.unit = UNALLOC_UNIT_DAYS;
    d.unallocated_clause.document = "d";
    d.unallocated_clause.section = "s";
    d.unallocated_clause.quote = "q";
    if ((st = unalloc_policy_builder_set_definition(x->pb, &d, NULL)) != UNALLOC_OK)
        return st;
    memset(&r, 0, sizeof r);
    r.id = "r";
    r.clause = d.unallocated_clause;
    r.anchor = UNALLOC_ANCHOR_SPELL;
    r.has_due = true;
    r.due.unit = UNALLOC_UNIT_DAYS;
    r.met_by[0].kind = UNALLOC_EVENT_REVIEW;
    r.n_met_by = 1;
    r.version = UNALLOC_RULE_VERSION;
    r.note = "n";
    if ((st = unalloc_policy_builder_add_rule(x->pb, &r, NULL)) != UNALLOC_OK)
        return st;
    struct unalloc_check ck = { UNALLOC_CHECK_VERSION, UNALLOC_CHECK_ASSIGNED, UNALLOC_ROLE_ATM, 0, { "d", "s", "q" } };
    struct unalloc_caseload_limit cl = { UNALLOC_CASELOAD_LIMIT_VERSION, UNALLOC_ROLE_FAMILY_SUPPORT, UNALLOC_ROLE_ATM, 3,
                                         { "d", "s", "q" } };
    struct unalloc_report_spec rep = { UNALLOC_REPORT_SPEC_VERSION, "w", { 1, UNALLOC_UNIT_WEEKS }, "X", UNALLOC_REPORT_LIST,
                                       { "d", "s", "q" }, NULL };
    if ((st = unalloc_policy_builder_add_check(x->pb, &ck, NULL)) != UNALLOC_OK ||
        (st = unalloc_policy_builder_set_caseload(x->pb, &cl, NULL)) != UNALLOC_OK ||
        (st = unalloc_policy_builder_add_report(x->pb, &rep, NULL)) != UNALLOC_OK)
        return st;
    return unalloc_policy_builder_build(&x->pol, x->pb, NULL);
}

static enum unalloc_status
op_format_clause(void *p)
{
    struct ctx *x = p;
    const struct unalloc_rule *r = unalloc_policy_rule(x->pol, 0);
    return unalloc_policy_format_clause(&x->text, x->pol, &r->clause, NULL);
}

static const struct op ops[] = {
    { "unalloc_calendar_new", setup_none, op_calendar_new, cleanup },
    { "unalloc_calendar_builder_new", setup_none, op_builder_new, cleanup },
    { "unalloc_calendar_builder_add_closure", setup_builder, op_closure, cleanup },
    { "unalloc_calendar_builder_remove_day", setup_builder, op_remove, cleanup },
    { "unalloc_calendar_builder_load_ical", setup_builder, op_ical, cleanup },
    { "unalloc_calendar_builder_load_govuk_json", setup_builder, op_govuk_json, cleanup },
    { "unalloc_calendar_builder_build", setup_builder_full, op_build, cleanup },
    { "unalloc_calendar_append_holidays", setup_calendar, op_holidays, cleanup },
    { "unalloc_policy_parse", setup_none, op_policy_parse, cleanup },
    { "unalloc_policy_builtin", setup_none, op_policy_builtin, cleanup },
    { "unalloc_policy_builder_*", setup_none, op_policy_builder, cleanup },
    { "unalloc_policy_to_text", setup_full, op_policy_text, cleanup },
    { "unalloc_policy_with_settings", setup_full, op_with_settings, cleanup },
    { "unalloc_policy_format_clause", setup_full, op_format_clause, cleanup },
    { "unalloc_case_new + add_event", setup_none, op_case, cleanup },
    { "unalloc_evaluate", setup_full, op_evaluate, cleanup },
    { "unalloc_evaluate (protocol-2019)", setup_p19, op_evaluate, cleanup },
    { "unalloc_evaluate (nottingham-tfs-2022)", setup_tfs, op_evaluate, cleanup },
    { "unalloc_evaluate (cin-criteria)", setup_cin, op_evaluate, cleanup },
    { "unalloc_evaluate_series", setup_full, op_series, cleanup },
    { "unalloc_evaluate_series (protocol-2019)", setup_p19, op_series, cleanup },
    { "unalloc_evaluate_series (nottingham-tfs-2022)", setup_tfs, op_series, cleanup },
    { "unalloc_evaluate_series (cin-criteria)", setup_cin, op_series, cleanup },
    { "unalloc_result_occurrence (the first read)", setup_result, op_occurrences, cleanup },
    { "a series' results read first after two are freed", setup_series_freed, op_series_reads,
      cleanup },
    { "unalloc_result_append_json", setup_result, op_json, cleanup },
    { "unalloc_result_append_csv", setup_result, op_csv, cleanup },
    { "unalloc_report_*", setup_result, op_report, cleanup },
    { "unalloc_report_append (register)", setup_report_register, op_report_append, cleanup },
    { "unalloc_report_append (list)", setup_report_list, op_report_append, cleanup },
    { "unalloc_report_append (appendix-1)", setup_report_appendix, op_report_append, cleanup },
    { "unalloc_run_append_json", setup_full, op_run_record, cleanup },
    { "unalloc_evaluate_table", setup_full, op_table, cleanup },
    { "unalloc_mapping_parse", setup_none, op_mapping_parse, cleanup },
    { "unalloc_evaluate_frame (a mapping, a case set aside)", setup_full, op_frame, cleanup },
    { "unalloc_evaluate_frame_columns", setup_full, op_frame_columns, cleanup },
};

/* Fails allocation N for N = 1, 2, ... until the call succeeds. Each failing
 * run must report UNALLOC_E_NOMEM and, once cleaned up, leave no block
 * allocated. The object the call was given stays usable: the same call on the
 * same context, with no failure, then succeeds. */
static void
test_every_allocation(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        const struct op *o = &ops[k];
        long n;
        for (n = 1;; n++) {
            ua_test_alloc_reset();
            void *ctx = o->setup();
            long live_before = ua_test_alloc_live();
            ua_test_alloc_fail_at(n);
            enum unalloc_status st = o->run(ctx);
            int failed = ua_test_alloc_failed();
            ua_test_alloc_fail_at(0);
            if (!failed) {
                if (st != UNALLOC_OK)
                    fail_msg("%s: %s without any failed allocation", o->name,
                             unalloc_status_name(st));
                o->cleanup(ctx);
                if (ua_test_alloc_live() != 0)
                    fail_msg("%s: %ld blocks leaked on success", o->name, ua_test_alloc_live());
                break;
            }
            if (st != UNALLOC_E_NOMEM)
                fail_msg("%s: allocation %ld failed but the call returned %s", o->name, n,
                         unalloc_status_name(st));
            (void)live_before;
            /* Usable: retry the same call with no failure. */
            if (o->run(ctx) != UNALLOC_OK)
                fail_msg("%s: the call does not succeed after a failed allocation %ld", o->name, n);
            o->cleanup(ctx);
            if (ua_test_alloc_live() != 0)
                fail_msg("%s: %ld blocks leaked after failing allocation %ld", o->name,
                         ua_test_alloc_live(), n);
        }
        print_message("# %s: %ld allocations, each failed once\n", o->name, n - 1);
    }
}

static int
load(void **state)
{
    char path[512];
    const char *root = getenv("UNALLOC_SOURCE_ROOT");
    (void)state;
    ics_text = test_read_file(test_data_path(path, sizeof path,
                                             "govuk-england-and-wales-2012-2017.ics"),
                              &ics_size);
    json_text = test_read_file(test_data_path(path, sizeof path, "govuk-bank-holidays.json"),
                               &json_size);
    snprintf(path, sizeof path, "%s/lib/policies/nelc-2022.policy", root ? root : ".");
    policy_text = test_read_file(path, &policy_size);
    return 0;
}

static int
unload(void **state)
{
    (void)state;
    free(ics_text);
    free(json_text);
    free(policy_text);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation),
    };
    return cmocka_run_group_tests_name("alloc", tests, load, unload);
}
