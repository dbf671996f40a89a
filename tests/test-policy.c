/*
 * libunalloc tests: the policy format, its parser, the builder API and the
 * built-in policies.
 *
 * SPDX-License-Identifier: MIT
 */
#include "test-util.h"

static char *example_text;
static size_t example_size;

static int
load_example(void **state)
{
    char path[512];
    const char *dir = getenv("UNALLOC_SOURCE_ROOT");
    (void)state;
    snprintf(path, sizeof path, "%s/tests/policies/example-council.policy", dir ? dir : ".");
    example_text = test_read_file(path, &example_size);
    return 0;
}

static int
free_example(void **state)
{
    (void)state;
    free(example_text);
    return 0;
}

static struct unalloc_policy *
parse(const char *text)
{
    struct unalloc_policy *p = NULL;
    struct unalloc_error err;
    if (unalloc_policy_parse(&p, text, strlen(text), &err) != UNALLOC_OK)
        fail_msg("parse: %s", err.message);
    return p;
}

static void
test_example_parses(void **state)
{
    struct unalloc_policy *p;
    struct unalloc_date review;
    const struct unalloc_rule *r;
    const struct unalloc_definition *d;
    (void)state;
    p = parse(example_text);
    assert_string_equal(unalloc_policy_id(p), "example-council");
    assert_string_equal(unalloc_policy_title(p), "Unallocated Work Protocol");
    assert_int_equal(unalloc_policy_region(p), UNALLOC_REGION_ENGLAND_AND_WALES);
    assert_true(unalloc_policy_review_date(p, &review));
    assert_date_equal(review, 2025, 3, 31);
    assert_int_equal(strlen(unalloc_policy_hash(p)), 16);
    d = unalloc_policy_definition(p);
    assert_int_equal(d->allocated_roles, 1u << UNALLOC_ROLE_SOCIAL_WORKER);
    assert_int_equal(d->unallocated.comparison, UNALLOC_COMPARISON_AT_LEAST);
    assert_int_equal(d->unallocated.duration.amount, 3);
    assert_int_equal(d->unallocated.duration.unit, UNALLOC_UNIT_WORKING_DAYS);
    assert_true(d->has_absence);
    assert_int_equal(d->absence.comparison, UNALLOC_COMPARISON_MORE_THAN);
    assert_int_equal(d->merge_within.amount, 1);
    assert_int_equal(d->merge_within.unit, UNALLOC_UNIT_WEEKS);
    assert_int_equal(unalloc_policy_rule_count(p), 4);
    r = unalloc_policy_rule(p, 0);
    assert_string_equal(r->id, "example.review");
    assert_true(r->recurring);
    assert_int_equal(r->every.amount, 7);
    assert_int_equal(r->anchor, UNALLOC_ANCHOR_THRESHOLD);
    assert_int_equal(r->n_met_by, 1);
    assert_int_equal(r->met_by[0].kind, UNALLOC_EVENT_REVIEW);
    assert_int_equal(r->met_by[0].roles, 1u << UNALLOC_ROLE_TEAM_MANAGER);
    assert_non_null(r->note);
    r = unalloc_policy_rule(p, 2);
    assert_int_equal(r->if_age_at_least, 12);
    r = unalloc_policy_rule(p, 3);
    assert_true(r->escalation);
    assert_int_equal(r->escalate_to, UNALLOC_ROLE_SERVICE_MANAGER);
    assert_null(unalloc_policy_rule(p, 4));
    assert_int_equal(unalloc_policy_report_count(p), 1);
    assert_string_equal(unalloc_policy_report(p, 0)->id, "weekly-return");
    assert_null(unalloc_policy_report(p, 1));
    assert_null(unalloc_policy_caseload(p));
    unalloc_policy_free(p);
}

/* Canonical text parses back to the same policy: same hash, same text. */
static void
test_canonical_round_trip(void **state)
{
    struct unalloc_policy *p, *q;
    char *a = NULL, *b = NULL;
    (void)state;
    p = parse(example_text);
    assert_int_equal(unalloc_policy_to_text(&a, p, NULL), UNALLOC_OK);
    q = parse(a);
    assert_int_equal(unalloc_policy_to_text(&b, q, NULL), UNALLOC_OK);
    assert_string_equal(a, b);
    assert_string_equal(unalloc_policy_hash(p), unalloc_policy_hash(q));
    /* Comments and layout do not change the hash; content does. */
    char *commented = malloc(example_size + 100);
    snprintf(commented, example_size + 100, "# a new comment\n\n%s   # trailing\n", example_text);
    struct unalloc_policy *c = parse(commented);
    assert_string_equal(unalloc_policy_hash(p), unalloc_policy_hash(c));
    unalloc_policy_free(c);
    char *changed = strdup(example_text);
    char *at = strstr(changed, "due 5 working-days");
    at[4] = '6';
    c = parse(changed);
    assert_string_not_equal(unalloc_policy_hash(p), unalloc_policy_hash(c));
    unalloc_policy_free(c);
    free(changed);
    free(commented);
    unalloc_free(a);
    unalloc_free(b);
    unalloc_policy_free(p);
    unalloc_policy_free(q);
}

/* The builder API builds the same policy as the text. */
static void
test_builder_equivalent(void **state)
{
    struct unalloc_policy_builder *b;
    struct unalloc_policy *built, *parsed;
    struct unalloc_definition d;
    struct unalloc_rule r;
    struct unalloc_report_spec rep;
    struct unalloc_date review = { 2025, 3, 31 };
    (void)state;
    parsed = parse(example_text);
    assert_int_equal(unalloc_policy_builder_new(&b, "example-council", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_title(b, "Unallocated Work Protocol", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_document(
                         b, "protocol", "example.txt",
                         "Example Council, Unallocated Work Protocol, 2024", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_region(b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_review_date(b, &review, NULL, NULL), UNALLOC_OK);
    memset(&d, 0, sizeof d);
    d.version = UNALLOC_DEFINITION_VERSION;
    d.allocated_roles = 1u << UNALLOC_ROLE_SOCIAL_WORKER;
    d.scope = (1u << UNALLOC_CATEGORY_REFERRAL) | (1u << UNALLOC_CATEGORY_SINGLE_ASSESSMENT) |
              (1u << UNALLOC_CATEGORY_CIN) | (1u << UNALLOC_CATEGORY_CP) |
              (1u << UNALLOC_CATEGORY_CLA);
    d.unallocated.comparison = UNALLOC_COMPARISON_AT_LEAST;
    d.unallocated.duration.amount = 3;
    d.unallocated.duration.unit = UNALLOC_UNIT_WORKING_DAYS;
    d.unallocated_clause.document = "protocol";
    d.unallocated_clause.section = "1. Definition";
    d.unallocated_clause.quote = "no social worker for 3 working days";
    d.has_absence = true;
    d.absence.comparison = UNALLOC_COMPARISON_MORE_THAN;
    d.absence.duration.amount = 2;
    d.absence.duration.unit = UNALLOC_UNIT_WEEKS;
    d.absence_clause.document = "protocol";
    d.absence_clause.section = "1. Definition";
    d.absence_clause.quote = "absent for more than two weeks";
    d.merge_within.amount = 1;
    d.merge_within.unit = UNALLOC_UNIT_WEEKS;
    assert_int_equal(unalloc_policy_builder_set_definition(b, &d, NULL), UNALLOC_OK);

    memset(&r, 0, sizeof r);
    r.version = UNALLOC_RULE_VERSION;
    r.id = "example.review";
    r.clause.document = "protocol";
    r.clause.section = "2. Review";
    r.clause.quote = "reviewed by the Team Manager every week";
    r.obligation = UNALLOC_OBLIGATION_REVIEW;
    r.anchor = UNALLOC_ANCHOR_THRESHOLD;
    r.recurring = true;
    r.every.amount = 7;
    r.every.unit = UNALLOC_UNIT_DAYS;
    r.met_by[0].kind = UNALLOC_EVENT_REVIEW;
    r.met_by[0].roles = 1u << UNALLOC_ROLE_TEAM_MANAGER;
    r.n_met_by = 1;
    r.note = "'every week' read as 7 calendar days, the stricter reading";
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, NULL), UNALLOC_OK);

    memset(&r, 0, sizeof r);
    r.version = UNALLOC_RULE_VERSION;
    r.id = "example.letter";
    r.clause.document = "protocol";
    r.clause.section = "3. Letters";
    r.clause.quote = "a letter to the family within 5 working days";
    r.obligation = UNALLOC_OBLIGATION_LETTER_FAMILY;
    r.anchor = UNALLOC_ANCHOR_THRESHOLD;
    r.has_due = true;
    r.due.amount = 5;
    r.due.unit = UNALLOC_UNIT_WORKING_DAYS;
    r.met_by[0].kind = UNALLOC_EVENT_LETTER_FAMILY;
    r.n_met_by = 1;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, NULL), UNALLOC_OK);

    r.id = "example.letter-child";
    r.clause.quote = "and to the child if 12 or over";
    r.obligation = UNALLOC_OBLIGATION_LETTER_CHILD;
    r.met_by[0].kind = UNALLOC_EVENT_LETTER_CHILD;
    r.if_age_at_least = 12;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, NULL), UNALLOC_OK);

    memset(&r, 0, sizeof r);
    r.version = UNALLOC_RULE_VERSION;
    r.id = "example.escalate";
    r.clause.document = "protocol";
    r.clause.section = "4. Escalation";
    r.clause.quote = "alert the Service Manager after 4 weeks";
    r.escalation = true;
    r.escalate_to = UNALLOC_ROLE_SERVICE_MANAGER;
    r.anchor = UNALLOC_ANCHOR_SPELL;
    r.has_due = true;
    r.due.amount = 4;
    r.due.unit = UNALLOC_UNIT_WEEKS;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, NULL), UNALLOC_OK);

    memset(&rep, 0, sizeof rep);
    rep.version = UNALLOC_REPORT_SPEC_VERSION;
    rep.id = "weekly-return";
    rep.every.amount = 1;
    rep.every.unit = UNALLOC_UNIT_WEEKS;
    rep.form = UNALLOC_REPORT_APPENDIX_1;
    rep.audience = "Head of Service";
    rep.clause.document = "protocol";
    rep.clause.section = "5. Reporting";
    rep.clause.quote = "a weekly return to the Head of Service";
    assert_int_equal(unalloc_policy_builder_add_report(b, &rep, NULL), UNALLOC_OK);

    assert_int_equal(unalloc_policy_builder_build(&built, b, NULL), UNALLOC_OK);
    assert_string_equal(unalloc_policy_hash(built), unalloc_policy_hash(parsed));
    unalloc_policy_free(built);
    /* The builder can be reused. */
    assert_int_equal(unalloc_policy_builder_build(&built, b, NULL), UNALLOC_OK);
    assert_string_equal(unalloc_policy_hash(built), unalloc_policy_hash(parsed));
    unalloc_policy_free(built);
    unalloc_policy_builder_free(b);
    unalloc_policy_free(parsed);
}

struct bad {
    const char *what;
    const char *text;
    int line, column;
    const char *needle;
};

#define HEAD                                                                                   \
    "policy p\ntitle \"T\"\ndocument d \"f.txt\" \"Doc\"\nregion england-and-wales\n"         \
    "review-date none \"blank\"\n"
#define DEF                                                                                    \
    "allocated-roles social-worker\nscope cin\nunallocated-after at-least 5 working-days\n"   \
    "  clause d \"S\" \"Q\"\n"
#define RULE_OK                                                                                \
    "rule r1 review\n  clause d \"S\" \"Q\"\n  from threshold\n  every 7 days\n"             \
    "  met-by review team-manager\nend\n"

/* Every error names its line and column. HEAD is 5 lines, DEF 4. */
static void
test_parse_errors(void **state)
{
    static const struct bad cases[] = {
        { "empty", "", 1, 1, "empty" },
        { "not first", "title \"x\"\n", 1, 1, "first statement" },
        { "unknown statement", HEAD DEF "frobnicate\n", 10, 1, "unknown statement" },
        { "unknown role", HEAD "allocated-roles socialworker\n", 6, 17, "socialworker" },
        { "unknown category", HEAD "allocated-roles atm\nscope cinn\n", 7, 7, "cinn" },
        { "bad unit", HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 fortnights\n",
          8, 30, "fortnights" },
        { "bad comparison", HEAD "allocated-roles atm\nscope cin\nunallocated-after about 5 days\n",
          8, 19, "at-least" },
        { "missing clause", HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 days\n"
                            "rule r review\n",
          8, 1, "clause" },
        { "undeclared document", HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 days\n"
                                 "  clause x \"S\" \"Q\"\nrule r review\n",
          9, 10, "not declared" },
        { "unclosed string", HEAD "title \"x\n", 6, 7, "closing" },
        { "bad escape", HEAD DEF "rule r review\n  clause d \"a\\n\" \"Q\"\n", 11, 14, "escape" },
        { "rule without end", HEAD DEF RULE_OK "rule r2 visit\n  clause d \"S\" \"Q\"\n", 16, 1,
          "no 'end'" },
        { "duplicate rule", HEAD DEF RULE_OK RULE_OK, 16, 1, "twice" },
        { "no from", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  due 1 days\n"
                              "  met-by review\nend\n",
          14, 1, "no 'from'" },
        { "one-off without due", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n"
                                          "  met-by review\nend\n",
          10, 1, "needs 'due'" },
        { "met-by missing", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n"
                                     "  due 1 days\nend\n",
          10, 1, "met-by" },
        { "met-by role on a kind without roles",
          HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n  due 1 days\n"
                   "  met-by letter-family team-manager\nend\n",
          14, 24, "no role" },
        { "forward reference", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from met later\n"
                                        "  due 1 days\n  met-by review\nend\n",
          10, 1, "earlier rule" },
        { "number too big", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n"
                                     "  due 100001 days\n",
          13, 7, "larger" },
        { "bad review date", "policy p\nreview-date 2024-02-30\n", 2, 13, "February" },
        { "definition after rules", HEAD DEF RULE_OK "scope cp\n", 16, 1, "before the first rule" },
        { "escalation with met-by", HEAD DEF "rule r escalate head-of-service\n"
                                             "  clause d \"S\" \"Q\"\n  met-by review\n",
          12, 3, "no met-by" },
        { "escalate to a worker", HEAD DEF "rule r escalate social-worker\n"
                                           "  clause d \"S\" \"Q\"\n  from spell\n  due 1 days\nend\n",
          10, 1, "manager role" },
        { "missing title", "policy p\ndocument d \"f\" \"D\"\nregion scotland\nreview-date none \"x\"\n" DEF,
          9, 1, "title" },
        { "report needs clause", HEAD DEF "report w every 1 weeks form list to \"X\"\n", 10, 1, "clause" },
        { "bad report form", HEAD DEF "report w every 1 weeks form table to \"X\"\n", 10, 29, "form" },
        { "word after string", HEAD "title \"x\"y\n", 6, 10, "space" },
        /* \xC3 starts a two-byte sequence that "(" does not continue; \xC0\xAF is an
         * overlong '/'; \xED\xA0\x80 a UTF-16 surrogate */
        { "invalid UTF-8 in a string", HEAD "title \"Caf\xC3(\"\n", 6, 11, "UTF-8" },
        { "overlong UTF-8 in a comment", HEAD "# a\xC0\xAF\n", 6, 4, "UTF-8" },
        { "surrogate in UTF-8", HEAD "title \"\xED\xA0\x80\"\n", 6, 8, "UTF-8" },
        { "undeclared setting", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n"
                                         "  due setting nope\n",
          13, 15, "not declared" },
        { "undeclared every setting", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n"
                                               "  every setting nope\n",
          12, 17, "not declared" },
        { "setting kind", HEAD "setting s 5 days firm \"M\"\n", 6, 18, "setting kind" },
        { "setting without meaning", HEAD "setting s 5 days local x\n", 6, 24, "string" },
        { "setting unit", HEAD "setting s 5 fortnights local \"M\"\n", 6, 13, "fortnights" },
        { "setting twice", HEAD "setting s 5 days local \"M\"\nsetting s 6 days local \"M\"\n",
          7, 9, "twice" },
        { "setting trailing word", HEAD "setting s 5 days local \"M\" fallback 3 days\n", 6, 28,
          "default" },
        { "setting every 0", HEAD "setting s 0 days local \"M\"\n" DEF
                             "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n"
                             "  every setting s\n  met-by review\nend\n",
          11, 1, "at least 1" },
        { "unless on a recurring rule", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n"
                                                "  from spell\n  every 7 days\n  unless transferred\n"
                                                "  met-by review\nend\n",
          10, 1, "one-off" },
        { "unless unknown kind", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  unless moved\n",
          12, 10, "moved" },
        { "counts-early without missed", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n"
                                                  "  from spell\n  due 1 days\n  counts-early\n"
                                                  "  met-by review\nend\n",
          10, 1, "from missed" },
        { "counts-early twice", HEAD DEF "rule r review\n  counts-early\n  counts-early\n", 12, 3,
          "twice" },
        { "leavers without absence", HEAD "allocated-roles atm\nscope cin\n"
                                          "unallocated-after at-least 5 days\n  clause d \"S\" \"Q\"\n"
                                          "leavers unallocated-after\n  clause d \"S\" \"Q\"\n" RULE_OK,
          6, 1, "absence-after" },
        { "leavers wrong word", HEAD "leavers absence-after\n", 6, 9, "leavers unallocated-after" },
        { "leavers without clause", HEAD "allocated-roles atm\nleavers unallocated-after\nscope cin\n",
          7, 1, "'leavers' needs a 'clause'" },
        { "concern anchor with a role", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n"
                                                 "  from concern atm\n",
          12, 16, "from ANCHOR" },
        { "report setting undeclared", HEAD DEF "report w every setting nope form list to \"X\"\n",
          10, 24, "not declared" },
        { "report setting of 0", HEAD "setting s 0 weeks local \"M\"\n" DEF
                                 "report w every setting s form list to \"X\"\n  clause d \"S\" \"Q\"\n",
          11, 1, "out of range" },
        { "opens-at-due recurring", HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n"
                                             "  every 7 days\n  opens-at-due\n  met-by review\nend\n",
          10, 1, "one-off" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_policy *p = NULL;
        struct unalloc_error err;
        unalloc_error_clear(&err);
        enum unalloc_status st =
            unalloc_policy_parse(&p, cases[i].text, strlen(cases[i].text), &err);
        if (st != UNALLOC_E_PARSE)
            fail_msg("%s: got %s (%s)", cases[i].what, unalloc_status_name(st), err.message);
        assert_null(p);
        if (err.line != cases[i].line || err.column != cases[i].column)
            fail_msg("%s: error at %d:%d, expected %d:%d (%s)", cases[i].what, err.line,
                     err.column, cases[i].line, cases[i].column, err.message);
        if (!strstr(err.message, cases[i].needle))
            fail_msg("%s: message '%s' lacks '%s'", cases[i].what, err.message, cases[i].needle);
    }
}

/* Every other parse error: the status and the gist of the message. */
static void
test_parse_errors_everywhere(void **state)
{
    static const struct {
        const char *text, *needle;
    } cases[] = {
        { "policy p\ntitle \"a\\\"b\" \"c\"\n", "unexpected" },
        { "policy p\ntitle \"ab\x01\"\n", "control character" },
        { "policy p\ntitle a\"b\n", "middle of a word" },
        { "policy p\ntitle \x01\n", "control character" },
        { "policy p\ntitle\n", "missing words" },
        { "policy p\ntitle word\n", "quoted string" },
        { "policy p\ntitle \"\"\n", "empty" },
        { "policy \"p\"\n", "not a quoted string" },
        { "\"policy\" p\n", "statement word" },
        { "policy p\npolicy q\n", "given twice" },
        { "policy p\ntitle \"a\"\ntitle \"b\"\n", "given twice" },
        { "policy p\nregion wales\n", "unknown region" },
        { "policy p\nreview-date none\n", "missing words" },
        { "policy p\nreview-date none why\n", "quoted string" },
        { "policy p\nreview-date 2024-13-01\n", "not a valid date" },
        { "policy p\ndocument d \"f\"\n", "missing words" },
        { "policy p\nallocated-roles atm atm\n", "listed twice" },
        { "policy p\nscope cin cin\n", "listed twice" },
        { "policy p\nunallocated-after at-least x days\n", "number" },
        { "policy p\nunallocated-after at-least -1 days\n", "number" },
        { "policy p\nunallocated-after at-least 1234567 days\n", "number" },
        { "policy p\ncriteria something\n", "needs-named-worker" },
        { "policy p\nlist-while-assessing now\n", "unexpected" },
        { "policy p\nmerge-spells-within 2\n", "missing words" },
        { "policy p\nabsence-after at-least 2 weeks\nclause d \"s\"\n", "missing words" },
        { HEAD "clause d \"s\" \"q\"\n", "follows no statement" },
        { HEAD "unallocated-after at-least 1 days\nclause d \"s\" \"q\"\nclause d \"s\" \"q\"\n",
          "follows no statement" },
        { HEAD "allocated-roles atm\nunallocated-after at-least 1 days\n  clause d \"s\" \"q\"\n"
               "rule r review\n",
          "scope" },
        { HEAD "allocated-roles atm\nscope cin\nrule r review\n", "unallocated-after" },
        { HEAD DEF "end\n", "without a 'rule'" },
        { HEAD DEF "rule r\n", "missing words" },
        { HEAD DEF "rule r review extra\n", "unexpected" },
        { HEAD DEF "rule r nonsense\n", "unknown obligation kind" },
        { HEAD DEF "rule r review\n  from holding atm then\n", "or-threshold" },
        { HEAD DEF "rule r review\n  from holding\n", "missing words" },
        { HEAD DEF "rule r review\n  from met\n", "missing words" },
        { HEAD DEF "rule r review\n  from spell\n  from spell\n", "given twice in this rule" },
        { HEAD DEF "rule r review\n  from later\n", "unknown anchor" },
        { HEAD DEF "rule r review\n  due day 0 days\n", "day 1" },
        { HEAD DEF "rule r review\n  due day 2\n", "missing words" },
        { HEAD DEF "rule r review\n  every 0 days\n", "at least 1" },
        { HEAD DEF "rule r review\n  every 1 fortnight\n", "unknown unit" },
        { HEAD DEF "rule r review\n  opens-at-due now\n", "unexpected" },
        { HEAD DEF "rule r review\n  met-by review\n  met-by review\n", "given twice" },
        { HEAD DEF "rule r review\n  met-by reviews\n", "unknown event kind" },
        { HEAD DEF "rule r review\n  met-by review atm atm\n", "listed twice" },
        { HEAD DEF "rule r review\n  met-by review\n  met-by visit\n  met-by contact\n"
                   "  met-by oversight\n  met-by supervision\n  met-by case-summary\n"
                   "  met-by letter-family\n  met-by letter-child\n  met-by rating\n",
          "at most" },
        { HEAD DEF "rule r review\n  while default\n", "expected spell" },
        { HEAD DEF "rule r review\n  while forever\n", "unknown window" },
        { HEAD DEF "rule r review\n  if category cin cin\n", "listed twice" },
        { HEAD DEF "rule r review\n  if category cin\n  if category cp\n", "given twice" },
        { HEAD DEF "rule r review\n  if holding atm\n  if holding atm\n", "given twice" },
        { HEAD DEF "rule r review\n  if holding nobody\n", "unknown role" },
        { HEAD DEF "rule r review\n  if age-at-least 121\n", "at most 120" },
        { HEAD DEF "rule r review\n  if age-at-least 3\n  if age-at-least 4\n", "given twice" },
        { HEAD DEF "rule r review\n  if rating purple\n", "unknown rating" },
        { HEAD DEF "rule r review\n  if rating red\n  if rating amber\n", "given twice" },
        { HEAD DEF "rule r review\n  if weather sunny\n", "expected 'if category'" },
        { HEAD DEF "rule r review\n  note word\n", "quoted string" },
        { HEAD DEF "rule r review\n  note \"a\"\n  note \"b\"\n", "given twice" },
        { HEAD DEF "rule r review\n  clause d \"s\" \"q\"\n  clause d \"s\" \"q\"\n",
          "given twice" },
        { HEAD DEF "rule r review\n  from spell\nend\n", "no 'clause'" },
        { HEAD DEF "rule r review\n  dance\n", "unknown statement" },
        { HEAD DEF "rule r review\n  end now\n", "unexpected" },
        { HEAD DEF "check\n", "missing words" },
        { HEAD DEF "check sometimes atm\n", "unknown check" },
        { HEAD DEF "check assigned atm extra\n", "unexpected" },
        { HEAD DEF "check ratings\n", "missing words" },
        { HEAD DEF "caseload family-support and atm at-most 10\n", "'with'" },
        { HEAD DEF "caseload family-support with atm at-least 10\n", "'at-most'" },
        { HEAD DEF "caseload family-support with atm at-most ten\n", "number" },
        { HEAD DEF "report w each 1 weeks form list to \"X\"\n", "'every'" },
        { HEAD DEF "report w every 0 weeks form list to \"X\"\n", "at least 1" },
        { HEAD DEF "report w every 1 weeks shape list to \"X\"\n", "'form'" },
        { HEAD DEF "report w every 1 weeks form list for \"X\"\n", "'to'" },
        { HEAD DEF "report w every 1 weeks form list to X\n", "quoted string" },
        { "policy p\ntitle \"t\"\ndocument d \"f\" \"t\"\nreview-date none \"x\"\n" DEF,
          "region" },
        { "policy p\ntitle \"t\"\ndocument d \"f\" \"t\"\nregion scotland\n" DEF,
          "review-date" },
        { "# only a comment\n", "empty" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_policy *p = NULL;
        struct unalloc_error err;
        unalloc_error_clear(&err);
        enum unalloc_status st =
            unalloc_policy_parse(&p, cases[i].text, strlen(cases[i].text), &err);
        if (st != UNALLOC_E_PARSE || !strstr(err.message, cases[i].needle) || err.line < 1)
            fail_msg("case %zu: got %s '%s', wanted a parse error with '%s'", i,
                     unalloc_status_name(st), err.message, cases[i].needle);
        assert_null(p);
    }
    /* A byte-order mark is fine; many words on a line are not. */
    char *bom = malloc(example_size + 4);
    memcpy(bom, "\xef\xbb\xbf", 3);
    memcpy(bom + 3, example_text, example_size);
    struct unalloc_policy *p;
    assert_int_equal(unalloc_policy_parse(&p, bom, example_size + 3, NULL), UNALLOC_OK);
    unalloc_policy_free(p);
    free(bom);
    char many[400] = "policy p\nscope";
    for (int i = 0; i < 60; i++)
        strcat(many, " cin");
    strcat(many, "\n");
    struct unalloc_error err;
    assert_int_equal(unalloc_policy_parse(&p, many, strlen(many), &err), UNALLOC_E_PARSE);
    assert_non_null(strstr(err.message, "too many words"));
}

#define X100                                                                                   \
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
    "xxxxxxxx"

/* Every error the parser can give, each with its exact line, column and
 * message. The statement table in lib/policy-parse.c must keep every one of
 * them. Length 0: the text is a C string. */
static void
test_parse_error_messages(void **state)
{
    static const struct {
        const char *text;
        size_t size;
        int line, column;
        const char *message;
    } cases[] = {
    { "", 0, 1, 1,
      "the text is empty: it must start with 'policy ID'" },
    { "# only a comment\n", 0, 2, 1,
      "the text is empty: it must start with 'policy ID'" },
    { "policy p\ntitle \"a\x00""b\"\n", 21, 2, 9,
      "NUL byte in the policy text" },
    { "policy p\ntitle \"Caf\xC3""(\"\n", 0, 2, 11,
      "invalid UTF-8 (save the policy as UTF-8 text)" },
    { "policy p\nscope cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin cin\n", 0, 2, 195,
      "too many words on one line (at most 48)" },
    { HEAD "title \"x\n", 0, 6, 7,
      "this string has no closing '\"'" },
    { HEAD "title \"a\\tb\"\n", 0, 6, 9,
      "unknown escape in a string (only \\\" and \\\\ are allowed)" },
    { "policy p\ntitle \"ab\x01""\"\n", 0, 2, 10,
      "control character in a string" },
    { HEAD "title \"x\"y\n", 0, 6, 10,
      "put a space after a closing '\"'" },
    { "policy p\ntitle a\"b\n", 0, 2, 8,
      "a '\"' in the middle of a word" },
    { "policy p\ntitle \x01""\n", 0, 2, 7,
      "control character" },
    { "\"policy\" p\n", 0, 1, 1,
      "a line starts with a statement word, not a string" },
    { "title \"x\"\n", 0, 1, 1,
      "the first statement must be 'policy ID'" },
    { HEAD DEF "rule r review\n  \"from\" spell\n", 0, 11, 3,
      "a line starts with a statement word, not a string" },
    { "policy p\npolicy q\n", 0, 2, 1,
      "'policy' is given twice" },
    { "policy\n", 0, 1, 7,
      "missing words: expected 'policy ID'" },
    { "policy p q\n", 0, 1, 10,
      "unexpected 'q': expected 'policy ID'" },
    { "policy \"p\"\n", 0, 1, 8,
      "expected a word here, not a quoted string" },
    { "policy p!q\n", 0, 1, 8,
      "a policy id is 1 to 64 letters, digits, '-', '.' or '_'" },
    { "policy p\ntitle \"a\"\ntitle \"b\"\n", 0, 3, 1,
      "'title' is given twice" },
    { "policy p\ntitle\n", 0, 2, 6,
      "missing words: expected 'title \"TEXT\"'" },
    { "policy p\ntitle a\n", 0, 2, 7,
      "expected a \"quoted string\" here" },
    { "policy p\ntitle \"\"\n", 0, 2, 7,
      "this string is empty" },
    { "policy p\ntitle \"" X100 X100 X100 X100 X100 "x\"\n", 0, 2, 7,
      "a title is 1 to 500 bytes of UTF-8 text" },
    { "policy p\ndocument d \"f\"\n", 0, 2, 13,
      "missing words: expected 'document KEY \"FILE\" \"TITLE\"'" },
    { "policy p\ndocument \"d\" \"f\" \"t\"\n", 0, 2, 10,
      "expected a word here, not a quoted string" },
    { "policy p\ndocument d f \"t\"\n", 0, 2, 12,
      "expected a \"quoted string\" here" },
    { "policy p\ndocument d \"f\" t\n", 0, 2, 16,
      "expected a \"quoted string\" here" },
    { "policy p\ndocument d \"f\" \"t\"\ndocument d \"g\" \"u\"\n", 0, 3, 10,
      "document 'd' is declared twice" },
    { "policy p\ndocument d! \"f\" \"t\"\n", 0, 2, 10,
      "a document key is 1 to 64 letters, digits, '-', '.' or '_'" },
    { HEAD "setting s 5 days local\n", 0, 6, 23,
      "missing words: expected 'setting NAME N UNIT local|reading \"MEANING\" [default N UNIT]'" },
    { HEAD "setting s 5 days local \"M\" default 3 days x\n", 0, 6, 43,
      "unexpected 'x': expected 'setting NAME N UNIT local|reading \"MEANING\" [default N UNIT]'" },
    { HEAD "setting \"s\" 5 days local \"M\"\n", 0, 6, 9,
      "expected a word here, not a quoted string" },
    { HEAD "setting s five days local \"M\"\n", 0, 6, 11,
      "expected a number from 0 to 100000" },
    { HEAD "setting s 5 fortnights local \"M\"\n", 0, 6, 13,
      "unknown unit 'fortnights' (expected hours, days, working-days, weeks or months)" },
    { HEAD "setting s 5 days firm \"M\"\n", 0, 6, 18,
      "unknown setting kind 'firm' (expected one of: local, reading)" },
    { HEAD "setting s 5 days local x\n", 0, 6, 24,
      "expected a \"quoted string\" here" },
    { HEAD "setting s 5 days local \"M\" fallback 3 days\n", 0, 6, 28,
      "expected 'default N UNIT' after the meaning" },
    { HEAD "setting s 5 days local \"M\" default 3\n", 0, 6, 28,
      "expected 'default N UNIT' after the meaning" },
    { HEAD "setting s 5 days local \"M\" default 3 aeons\n", 0, 6, 38,
      "unknown unit 'aeons' (expected hours, days, working-days, weeks or months)" },
    { HEAD "setting s 5 days local \"M\"\nsetting s 6 days local \"M\"\n", 0, 7, 9,
      "setting s is declared twice" },
    { HEAD "setting s! 5 days local \"M\"\n", 0, 6, 9,
      "a setting name is 1 to 64 letters, digits, '-', '.' or '_'" },
    { "policy p\nregion scotland\nregion scotland\n", 0, 3, 1,
      "'region' is given twice" },
    { "policy p\nregion\n", 0, 2, 7,
      "missing words: expected 'region R'" },
    { "policy p\nregion wales\n", 0, 2, 8,
      "unknown region 'wales' (expected one of: england-and-wales, scotland, northern-ireland)" },
    { "policy p\nregion \"scotland\"\n", 0, 2, 8,
      "expected a word here, not a quoted string" },
    { "policy p\nreview-date none \"a\"\nreview-date none \"b\"\n", 0, 3, 1,
      "'review-date' is given twice" },
    { "policy p\nreview-date\n", 0, 2, 12,
      "missing words: expected 'review-date YYYY-MM-DD | review-date none \"WHY\"'" },
    { "policy p\nreview-date none \"a\" b\n", 0, 2, 22,
      "unexpected 'b': expected 'review-date YYYY-MM-DD | review-date none \"WHY\"'" },
    { "policy p\nreview-date none\n", 0, 2, 17,
      "missing words: expected 'review-date none \"WHY\"'" },
    { "policy p\nreview-date none why\n", 0, 2, 18,
      "expected a \"quoted string\" here" },
    { "policy p\nreview-date none \"\"\n", 0, 2, 18,
      "this string is empty" },
    { "policy p\nreview-date none \"" X100 X100 X100 X100 X100 "x\"\n", 0, 2, 18,
      "a policy without a review date must say why (e.g. \"left blank\")" },
    { "policy p\nreview-date 2024-01-01 x\n", 0, 2, 24,
      "unexpected 'x': expected 'review-date YYYY-MM-DD'" },
    { "policy p\nreview-date \"2024-01-01\"\n", 0, 2, 13,
      "expected a word here, not a quoted string" },
    { "policy p\nreview-date 2024-02-30\n", 0, 2, 13,
      "'2024-02-30' is not a valid date: February 2024 has 29 days" },
    { "policy p\nreview-date 2024-13-01\n", 0, 2, 13,
      "'2024-13-01' is not a valid date: month 13 is not 1 to 12" },
    { "policy p\nreview-date 2024-1-01\n", 0, 2, 19,
      "'2024-1-01' is not a date in the form YYYY-MM-DD (character 7 is wrong)" },
    { HEAD DEF RULE_OK "scope cp\n", 0, 16, 1,
      "definition statements come before the first rule" },
    /* the header too (doc/policy-format.md): once the body has begun, a
     * header statement is an error at its first word, even a repeatable one */
    { HEAD DEF RULE_OK "setting s 2 weeks local \"M\"\n", 0, 16, 1,
      "'setting' belongs in the header, before the first rule, check, caseload or report" },
    { HEAD DEF RULE_OK "document e \"g.txt\" \"Other\"\n", 0, 16, 1,
      "'document' belongs in the header, before the first rule, check, caseload or report" },
    { HEAD DEF RULE_OK "title \"U\"\n", 0, 16, 1,
      "'title' belongs in the header, before the first rule, check, caseload or report" },
    { HEAD DEF "report w every 1 weeks form list to \"X\"\n  clause d \"S\" \"Q\"\n"
               "  setting s 2 weeks local \"M\"\n", 0, 12, 3,
      "'setting' belongs in the header, before the first rule, check, caseload or report" },
    { HEAD "allocated-roles atm\nallocated-roles atm\n", 0, 7, 1,
      "'allocated-roles' is given twice" },
    { HEAD "allocated-roles\n", 0, 6, 16,
      "missing words: expected 'allocated-roles ROLE...'" },
    { HEAD "allocated-roles socialworker\n", 0, 6, 17,
      "unknown role 'socialworker' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD "allocated-roles atm atm\n", 0, 6, 21,
      "role 'atm' is listed twice" },
    { HEAD "allocated-roles \"atm\"\n", 0, 6, 17,
      "expected a word here, not a quoted string" },
    { HEAD "scope cin\nscope cp\n", 0, 7, 1,
      "'scope' is given twice" },
    { HEAD "scope\n", 0, 6, 6,
      "missing words: expected 'scope CATEGORY...'" },
    { HEAD "scope cinn\n", 0, 6, 7,
      "unknown category 'cinn' (expected one of: referral, single-assessment, s47, cin, cp, cla, youth-justice, early-help)" },
    { HEAD "scope cin cin\n", 0, 6, 11,
      "category 'cin' is listed twice" },
    { HEAD "unallocated-after at-least 5 days\n  clause d \"S\" \"Q\"\nunallocated-after at-least 5 days\n", 0, 8, 1,
      "'unallocated-after' is given twice" },
    { HEAD "unallocated-after at-least 5\n", 0, 6, 29,
      "missing words: expected 'unallocated-after at-least|more-than N UNIT'" },
    { HEAD "unallocated-after about 5 days\n", 0, 6, 19,
      "expected 'at-least' or 'more-than'" },
    { HEAD "unallocated-after \"at-least\" 5 days\n", 0, 6, 19,
      "expected 'at-least' or 'more-than'" },
    { HEAD "unallocated-after at-least x days\n", 0, 6, 28,
      "expected a number from 0 to 100000" },
    { HEAD "unallocated-after at-least 1234567 days\n", 0, 6, 28,
      "expected a number from 0 to 100000" },
    { HEAD "unallocated-after at-least 100001 days\n", 0, 6, 28,
      "100001 is larger than 100000" },
    { HEAD "unallocated-after at-least 5 fortnights\n", 0, 6, 30,
      "unknown unit 'fortnights' (expected hours, days, working-days, weeks or months)" },
    { HEAD "unallocated-after at-least 5 \"days\"\n", 0, 6, 30,
      "expected a word here, not a quoted string" },
    { HEAD "absence-after more-than 2 weeks\n  clause d \"S\" \"Q\"\nabsence-after more-than 2 weeks\n", 0, 8, 1,
      "'absence-after' is given twice" },
    { HEAD "absence-after more-than 2\n", 0, 6, 26,
      "missing words: expected 'absence-after at-least|more-than N UNIT'" },
    { HEAD "merge-spells-within 1 days\nmerge-spells-within 1 days\n", 0, 7, 1,
      "'merge-spells-within' is given twice" },
    { HEAD "merge-spells-within 2\n", 0, 6, 22,
      "missing words: expected 'merge-spells-within N UNIT'" },
    { HEAD "merge-spells-within x days\n", 0, 6, 21,
      "expected a number from 0 to 100000" },
    { HEAD "criteria needs-named-worker\n  clause d \"S\" \"Q\"\ncriteria needs-named-worker\n", 0, 8, 1,
      "'criteria' is given twice" },
    { HEAD "criteria something\n", 0, 6, 10,
      "the only criteria is 'needs-named-worker'" },
    { HEAD "criteria needs-named-worker now\n", 0, 6, 29,
      "unexpected 'now': expected 'criteria needs-named-worker'" },
    { HEAD "absence-after more-than 2 weeks\n  clause d \"S\" \"Q\"\nleavers unallocated-after\n  clause d \"S\" \"Q\"\nleavers unallocated-after\n", 0, 10, 1,
      "'leavers' is given twice" },
    { HEAD "leavers absence-after\n", 0, 6, 9,
      "expected 'leavers unallocated-after'" },
    { HEAD "leavers unallocated-after now\n", 0, 6, 27,
      "unexpected 'now': expected 'leavers unallocated-after'" },
    { HEAD "list-while-assessing\nlist-while-assessing\n", 0, 7, 1,
      "'list-while-assessing' is given twice" },
    { HEAD "list-while-assessing now\n", 0, 6, 22,
      "unexpected 'now': expected 'list-while-assessing'" },
    { HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 days\nrule r review\n", 0, 8, 1,
      "'unallocated-after' needs a 'clause' line after it citing the document" },
    { HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 days\n", 0, 8, 1,
      "'unallocated-after' needs a 'clause' line after it citing the document" },
    { HEAD "absence-after more-than 2 weeks\nscope cin\n", 0, 6, 1,
      "'absence-after' needs a 'clause' line after it citing the document" },
    { HEAD "criteria needs-named-worker\nscope cin\n", 0, 6, 1,
      "'criteria' needs a 'clause' line after it citing the document" },
    { HEAD "allocated-roles atm\nleavers unallocated-after\nscope cin\n", 0, 7, 1,
      "'leavers' needs a 'clause' line after it citing the document" },
    { HEAD DEF "check assigned atm\nrule r review\n", 0, 10, 1,
      "'check' needs a 'clause' line after it citing the document" },
    { HEAD DEF "caseload family-support with atm at-most 10\n", 0, 10, 1,
      "'caseload' needs a 'clause' line after it citing the document" },
    { HEAD DEF "report w every 1 weeks form list to \"X\"\n", 0, 10, 1,
      "'report' needs a 'clause' line after it citing the document" },
    { HEAD "scope cin\nunallocated-after at-least 1 days\n  clause d \"S\" \"Q\"\nrule r review\n", 0, 9, 1,
      "the definition needs 'allocated-roles' before the rules" },
    { HEAD "allocated-roles atm\nunallocated-after at-least 1 days\n  clause d \"S\" \"Q\"\nrule r review\n", 0, 9, 1,
      "the definition needs 'scope' before the rules" },
    { HEAD "allocated-roles atm\nscope cin\nrule r review\n", 0, 8, 1,
      "the definition needs 'unallocated-after' before the rules" },
    { HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 days\n  clause d \"S\" \"Q\"\nabsence-after at-least 1 days\n  clause d \"S\" \"Q\"\nleavers unallocated-after\n  clause d \"S\" \"Q\"\nlist-while-assessing\n" RULE_OK, 0, 6, 1,
      "list-while-assessing needs 'criteria needs-named-worker'" },
    { HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 days\n  clause d \"S\" \"Q\"\nleavers unallocated-after\n  clause d \"S\" \"Q\"\n" RULE_OK, 0, 6, 1,
      "leavers needs 'absence-after'" },
    { HEAD "allocated-roles atm\nscope cin\nunallocated-after at-least 5 days\n  clause d \"" X100 X100 X100 "x\" \"Q\"\n" RULE_OK, 0, 6, 1,
      "unallocated-after: a clause needs a section and a quoted phrase" },
    { HEAD "clause d \"s\" \"q\"\n", 0, 6, 1,
      "this 'clause' follows no statement that takes one" },
    { HEAD "unallocated-after at-least 1 days\nclause d \"s\" \"q\"\nclause d \"s\" \"q\"\n", 0, 8, 1,
      "this 'clause' follows no statement that takes one" },
    { HEAD "unallocated-after at-least 1 days\nclause d \"s\"\n", 0, 7, 11,
      "missing words: expected 'clause DOCUMENT \"SECTION\" \"QUOTED PHRASE\"'" },
    { HEAD "unallocated-after at-least 1 days\nclause \"d\" \"s\" \"q\"\n", 0, 7, 8,
      "expected a word here, not a quoted string" },
    { HEAD "unallocated-after at-least 1 days\nclause d s \"q\"\n", 0, 7, 10,
      "expected a \"quoted string\" here" },
    { HEAD "unallocated-after at-least 1 days\nclause d \"s\" q\n", 0, 7, 14,
      "expected a \"quoted string\" here" },
    { HEAD "unallocated-after at-least 1 days\nclause d \"\" \"q\"\n", 0, 7, 10,
      "this string is empty" },
    { HEAD "unallocated-after at-least 1 days\nclause x \"s\" \"q\"\n", 0, 7, 8,
      "document 'x' is not declared (add a 'document x ...' line)" },
    { HEAD DEF "rule r\n", 0, 10, 7,
      "missing words: expected 'rule ID KIND | rule ID escalate ROLE'" },
    { HEAD DEF "rule r escalate atm x\n", 0, 10, 21,
      "unexpected 'x': expected 'rule ID KIND | rule ID escalate ROLE'" },
    { HEAD DEF "rule \"r\" review\n", 0, 10, 6,
      "expected a word here, not a quoted string" },
    { HEAD DEF "rule r escalate\n", 0, 10, 16,
      "missing words: expected 'rule ID escalate ROLE'" },
    { HEAD DEF "rule r escalate nobody\n", 0, 10, 17,
      "unknown role 'nobody' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD DEF "rule r review extra\n", 0, 10, 15,
      "unexpected 'extra': expected 'rule ID KIND'" },
    { HEAD DEF "rule r nonsense\n", 0, 10, 8,
      "unknown obligation kind 'nonsense' (expected one of: review, oversight, letter-family, letter-child, agencies-informed, contact, visit, case-summary, supervision, reflective-supervision, rating, rating-review, ad-agreement, dcs-informed, ...)" },
    { HEAD DEF "rule r! review\n  clause d \"S\" \"Q\"\n  from spell\n  due 1 days\n  met-by review\nend\n", 0, 10, 1,
      "a rule id is 1 to 64 letters, digits, '-', '.' or '_'" },
    { HEAD DEF RULE_OK RULE_OK, 0, 16, 1,
      "rule r1 is defined twice" },
    { HEAD DEF "rule r escalate social-worker\n  clause d \"S\" \"Q\"\n  from spell\n  due 1 days\nend\n", 0, 10, 1,
      "rule r: escalation goes to a manager role (atm ... chief-executive)" },
    { HEAD DEF RULE_OK "rule r2 visit\n  clause d \"S\" \"Q\"\n", 0, 16, 1,
      "rule r2 has no 'end'" },
    { HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  clause d \"S\" \"Q\"\n", 0, 12, 3,
      "'clause' is given twice in this rule" },
    { HEAD DEF "rule r review\n  clause d \"S\"\n", 0, 11, 13,
      "missing words: expected 'clause DOCUMENT \"SECTION\" \"QUOTED PHRASE\"'" },
    { HEAD DEF "rule r review\n  clause x \"S\" \"Q\"\n", 0, 11, 10,
      "document 'x' is not declared (add a 'document x ...' line)" },
    { HEAD DEF "rule r review\n  from spell\n  from spell\n", 0, 12, 3,
      "'from' is given twice in this rule" },
    { HEAD DEF "rule r review\n  from\n", 0, 11, 7,
      "missing words: expected 'from ANCHOR'" },
    { HEAD DEF "rule r review\n  from holding atm or-threshold x\n", 0, 11, 33,
      "unexpected 'x': expected 'from ANCHOR'" },
    { HEAD DEF "rule r review\n  from later\n", 0, 11, 8,
      "unknown anchor 'later' (expected one of: opened, spell, threshold, holding, absence, met, missed, concern)" },
    { HEAD DEF "rule r review\n  from holding\n", 0, 11, 15,
      "missing words: expected 'from holding ROLE [or-threshold]'" },
    { HEAD DEF "rule r review\n  from holding nobody\n", 0, 11, 16,
      "unknown role 'nobody' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD DEF "rule r review\n  from holding atm then\n", 0, 11, 20,
      "expected 'or-threshold'" },
    { HEAD DEF "rule r review\n  from met\n", 0, 11, 11,
      "missing words: expected 'from met|missed RULE-ID'" },
    { HEAD DEF "rule r review\n  from met a b\n", 0, 11, 14,
      "unexpected 'b': expected 'from met|missed RULE-ID'" },
    { HEAD DEF "rule r review\n  from missed \"a\"\n", 0, 11, 15,
      "expected a word here, not a quoted string" },
    { HEAD DEF "rule r review\n  from spell x\n", 0, 11, 14,
      "unexpected 'x': expected 'from ANCHOR'" },
    { HEAD DEF "rule r review\n  due 1 days\n  due 1 days\n", 0, 12, 3,
      "'due' is given twice in this rule" },
    { HEAD DEF "rule r review\n  due\n", 0, 11, 6,
      "missing words: expected 'due N UNIT'" },
    { HEAD DEF "rule r review\n  due setting\n", 0, 11, 14,
      "missing words: expected 'due [day] setting NAME'" },
    { HEAD DEF "rule r review\n  due setting a b\n", 0, 11, 17,
      "unexpected 'b': expected 'due [day] setting NAME'" },
    { HEAD DEF "rule r review\n  due setting nope\n", 0, 11, 15,
      "setting 'nope' is not declared (declare it with 'setting NAME N UNIT local|reading \"MEANING\"' in the header, above the rule)" },
    { HEAD DEF "rule r review\n  due setting \"s\"\n", 0, 11, 15,
      "expected a word here, not a quoted string" },
    { HEAD DEF "rule r review\n  due day setting nope\n", 0, 11, 19,
      "setting 'nope' is not declared (declare it with 'setting NAME N UNIT local|reading \"MEANING\"' in the header, above the rule)" },
    { HEAD DEF "rule r review\n  due day 2\n", 0, 11, 12,
      "missing words: expected 'due day N UNIT'" },
    { HEAD DEF "rule r review\n  due day 0 days\n", 0, 11, 11,
      "days are counted from day 1" },
    { HEAD DEF "rule r review\n  due day x days\n", 0, 11, 11,
      "expected a number from 0 to 100000" },
    { HEAD DEF "rule r review\n  due 1 days x\n", 0, 11, 14,
      "unexpected 'x': expected 'due N UNIT'" },
    { HEAD DEF "rule r review\n  due x days\n", 0, 11, 7,
      "expected a number from 0 to 100000" },
    { HEAD DEF "rule r review\n  due 1 fortnights\n", 0, 11, 9,
      "unknown unit 'fortnights' (expected hours, days, working-days, weeks or months)" },
    { HEAD DEF "rule r review\n  every 7 days\n  every 7 days\n", 0, 12, 3,
      "'every' is given twice in this rule" },
    { HEAD DEF "rule r review\n  every 7\n", 0, 11, 10,
      "missing words: expected 'every N UNIT | every setting NAME'" },
    { HEAD DEF "rule r review\n  every setting nope\n", 0, 11, 17,
      "setting 'nope' is not declared (declare it with 'setting NAME N UNIT local|reading \"MEANING\"' in the header, above the rule)" },
    { HEAD DEF "rule r review\n  every 0 days\n", 0, 11, 9,
      "the interval must be at least 1" },
    { HEAD DEF "rule r review\n  every 1 fortnight\n", 0, 11, 11,
      "unknown unit 'fortnight' (expected hours, days, working-days, weeks or months)" },
    { HEAD DEF "rule r review\n  opens-at-due\n  opens-at-due\n", 0, 12, 3,
      "'opens-at-due' is given twice in this rule" },
    { HEAD DEF "rule r review\n  opens-at-due now\n", 0, 11, 16,
      "unexpected 'now': expected 'opens-at-due'" },
    { HEAD DEF "rule r review\n  counts-early\n  counts-early\n", 0, 12, 3,
      "'counts-early' is given twice in this rule" },
    { HEAD DEF "rule r review\n  counts-early now\n", 0, 11, 16,
      "unexpected 'now': expected 'counts-early'" },
    { HEAD DEF "rule r review\n  unless transferred\n  unless transferred\n", 0, 12, 3,
      "'unless' is given twice in this rule" },
    { HEAD DEF "rule r review\n  unless\n", 0, 11, 9,
      "missing words: expected 'unless EVENT-KIND'" },
    { HEAD DEF "rule r review\n  unless moved\n", 0, 11, 10,
      "unknown event kind 'moved' (expected one of: opened, category, closed, transferred, born, allocated, deallocated, worker-absent, worker-returned, assessment-concluded, allocation-decision, agreed-unallocated, dcs-informed, oversight, ...)" },
    { HEAD DEF "rule r review\n  met-by\n", 0, 11, 9,
      "missing words: expected 'met-by EVENT-KIND [ROLE...]'" },
    { HEAD DEF "rule r review\n  met-by reviews\n", 0, 11, 10,
      "unknown event kind 'reviews' (expected one of: opened, category, closed, transferred, born, allocated, deallocated, worker-absent, worker-returned, assessment-concluded, allocation-decision, agreed-unallocated, dcs-informed, oversight, ...)" },
    { HEAD DEF "rule r escalate head-of-service\n  clause d \"S\" \"Q\"\n  met-by review\n", 0, 12, 3,
      "an escalation is met by 'escalated' events; it takes no met-by" },
    { HEAD DEF "rule r review\n  met-by review\n  met-by visit\n  met-by contact\n  met-by oversight\n  met-by supervision\n  met-by case-summary\n  met-by letter-family\n  met-by letter-child\n  met-by rating\n", 0, 19, 3,
      "at most 8 met-by lines" },
    { HEAD DEF "rule r review\n  met-by letter-family team-manager\n", 0, 11, 24,
      "'letter-family' events carry no role to match" },
    { HEAD DEF "rule r review\n  met-by review atm atm\n", 0, 11, 21,
      "role 'atm' is listed twice" },
    { HEAD DEF "rule r review\n  met-by review nobody\n", 0, 11, 17,
      "unknown role 'nobody' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD DEF "rule r review\n  met-by review\n  met-by review\n", 0, 12, 10,
      "met-by 'review' is given twice; list the roles on one line" },
    { HEAD DEF "rule r review\n  while spell\n  while spell\n", 0, 12, 3,
      "'while' is given twice in this rule" },
    { HEAD DEF "rule r review\n  while\n", 0, 11, 8,
      "missing words: expected 'while spell|episode|holding|absence'" },
    { HEAD DEF "rule r review\n  while forever\n", 0, 11, 9,
      "unknown window 'forever' (expected one of: default, spell, episode, holding, absence)" },
    { HEAD DEF "rule r review\n  while default\n", 0, 11, 9,
      "expected spell, episode, holding or absence" },
    { HEAD DEF "rule r review\n  if category\n", 0, 11, 14,
      "missing words: expected 'if category|holding|age-at-least|rating ...'" },
    { HEAD DEF "rule r review\n  if category cin\n  if category cp\n", 0, 12, 3,
      "'if category' is given twice in this rule" },
    { HEAD DEF "rule r review\n  if category cin cin\n", 0, 11, 19,
      "category 'cin' is listed twice" },
    { HEAD DEF "rule r review\n  if category cinn\n", 0, 11, 15,
      "unknown category 'cinn' (expected one of: referral, single-assessment, s47, cin, cp, cla, youth-justice, early-help)" },
    { HEAD DEF "rule r review\n  if holding atm\n  if holding atm\n", 0, 12, 3,
      "'if holding' is given twice in this rule" },
    { HEAD DEF "rule r review\n  if holding atm x\n", 0, 11, 18,
      "unexpected 'x': expected 'if holding ROLE'" },
    { HEAD DEF "rule r review\n  if holding nobody\n", 0, 11, 14,
      "unknown role 'nobody' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD DEF "rule r review\n  if age-at-least 3\n  if age-at-least 4\n", 0, 12, 3,
      "'if age-at-least' is given twice in this rule" },
    { HEAD DEF "rule r review\n  if age-at-least x\n", 0, 11, 19,
      "expected a number from 0 to 100000" },
    { HEAD DEF "rule r review\n  if age-at-least 121\n", 0, 11, 19,
      "an age is at most 120" },
    { HEAD DEF "rule r review\n  if age-at-least 0\n", 0, 11, 19,
      "every child is at least 0: leave the age condition out" },
    { HEAD DEF "rule r review\n  if age-at-least 3 4\n", 0, 11, 21,
      "unexpected '4': expected 'if age-at-least N'" },
    { HEAD DEF "rule r review\n  if rating red\n  if rating amber\n", 0, 12, 3,
      "'if rating' is given twice in this rule" },
    { HEAD DEF "rule r review\n  if rating purple\n", 0, 11, 13,
      "unknown rating 'purple' (expected one of: red, amber, yellow, green)" },
    { HEAD DEF "rule r review\n  if rating red red\n", 0, 11, 17,
      "rating 'red' is listed twice" },
    { HEAD DEF "rule r review\n  if weather sunny\n", 0, 11, 6,
      "expected 'if category', 'if holding', 'if age-at-least' or 'if rating'" },
    { HEAD DEF "rule r review\n  if \"category\" cin\n", 0, 11, 6,
      "expected 'if category', 'if holding', 'if age-at-least' or 'if rating'" },
    { HEAD DEF "rule r review\n  note \"a\"\n  note \"b\"\n", 0, 12, 3,
      "'note' is given twice in this rule" },
    { HEAD DEF "rule r review\n  note\n", 0, 11, 7,
      "missing words: expected 'note \"TEXT\"'" },
    { HEAD DEF "rule r review\n  note word\n", 0, 11, 8,
      "expected a \"quoted string\" here" },
    { HEAD DEF "rule r review\n  note \"\"\n", 0, 11, 8,
      "this string is empty" },
    { HEAD DEF "rule r review\n  end now\n", 0, 11, 7,
      "unexpected 'now': expected 'end'" },
    { HEAD DEF "rule r review\n  from spell\nend\n", 0, 12, 1,
      "rule r has no 'clause' citing the document" },
    { HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  due 1 days\n  met-by review\nend\n", 0, 14, 1,
      "rule r has no 'from' (when its clock starts)" },
    { HEAD DEF "rule r review\n  clause d \"S\" \"Q\"\n  from spell\n  met-by review\nend\n", 0, 10, 1,
      "rule r: a one-off rule needs 'due'" },
    { HEAD DEF "rule r review\n  dance\n", 0, 11, 3,
      "unknown statement 'dance' inside rule r (expected clause, from, due, every, opens-at-due, counts-early, unless, met-by, while, if, note or end)" },
    { HEAD DEF "rule r review\n  policy q\n", 0, 11, 3,
      "unknown statement 'policy' inside rule r (expected clause, from, due, every, opens-at-due, counts-early, unless, met-by, while, if, note or end)" },
    { HEAD DEF "check\n", 0, 10, 6,
      "missing words: expected 'check KIND ...'" },
    { HEAD DEF "check sometimes atm\n", 0, 10, 7,
      "unknown check 'sometimes' (expected one of: consistent-worker, assigned, chair-not, ratings)" },
    { HEAD DEF "check assigned atm extra\n", 0, 10, 20,
      "unexpected 'extra': expected 'check KIND ROLE'" },
    { HEAD DEF "check assigned nobody\n", 0, 10, 16,
      "unknown role 'nobody' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD DEF "check ratings\n", 0, 10, 14,
      "missing words: expected 'check KIND ...'" },
    { HEAD DEF "check ratings purple\n", 0, 10, 15,
      "unknown rating 'purple' (expected one of: red, amber, yellow, green)" },
    { HEAD DEF "check ratings red red\n", 0, 10, 19,
      "rating 'red' is listed twice" },
    { HEAD DEF "caseload family-support with atm\n", 0, 10, 33,
      "missing words: expected 'caseload ROLE with ROLE at-most N'" },
    { HEAD DEF "caseload nobody with atm at-most 10\n", 0, 10, 10,
      "unknown role 'nobody' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD DEF "caseload family-support and atm at-most 10\n", 0, 10, 25,
      "expected 'with'" },
    { HEAD DEF "caseload family-support with nobody at-most 10\n", 0, 10, 30,
      "unknown role 'nobody' (expected one of: social-worker, family-support, atm, team-manager, practice-specialist, service-manager, head-of-service, assistant-director, service-director, dcs, chief-executive, duty, to-be-allocated)" },
    { HEAD DEF "caseload family-support with atm at-least 10\n", 0, 10, 34,
      "expected 'at-most'" },
    { HEAD DEF "caseload family-support with atm at-most ten\n", 0, 10, 42,
      "expected a number from 0 to 100000" },
    /* a second caseload line replaced the first without a word */
    { HEAD DEF "caseload family-support with atm at-most 10\n  clause d \"S\" \"Q\"\n"
               "caseload family-support with atm at-most 12\n  clause d \"S\" \"Q\"\n", 0, 12, 1,
      "'caseload' is given twice" },
    { HEAD DEF "report w every 1 weeks form list\n", 0, 10, 33,
      "missing words: expected 'report ID every N UNIT form FORM to \"AUDIENCE\"'" },
    { HEAD DEF "report \"w\" every 1 weeks form list to \"X\"\n", 0, 10, 8,
      "expected a word here, not a quoted string" },
    { HEAD DEF "report w each 1 weeks form list to \"X\"\n", 0, 10, 10,
      "expected 'every'" },
    /* in a report line, the declaration goes above the report */
    { HEAD DEF "report w every setting nope form list to \"X\"\n", 0, 10, 24,
      "setting 'nope' is not declared (declare it with 'setting NAME N UNIT local|reading \"MEANING\"' in the header, above the report)" },
    { HEAD DEF "report w every 1 aeons form list to \"X\"\n", 0, 10, 18,
      "unknown unit 'aeons' (expected hours, days, working-days, weeks or months)" },
    { HEAD DEF "report w every 0 weeks form list to \"X\"\n", 0, 10, 16,
      "the interval must be at least 1" },
    { HEAD DEF "report w every 1 weeks shape list to \"X\"\n", 0, 10, 24,
      "expected 'form'" },
    { HEAD DEF "report w every 1 weeks form table to \"X\"\n", 0, 10, 29,
      "unknown report form 'table' (expected one of: appendix-1, register, list)" },
    { HEAD DEF "report w every 1 weeks form list for \"X\"\n", 0, 10, 34,
      "expected 'to'" },
    { HEAD DEF "report w every 1 weeks form list to X\n", 0, 10, 37,
      "expected a \"quoted string\" here" },
    { HEAD DEF "report w every 1 weeks form list to \"X\"\n  clause d \"S\" \"Q\"\nreport w every 1 weeks form list to \"X\"\n  clause d \"S\" \"Q\"\n", 0, 12, 1,
      "report 'w' is defined twice" },
    { HEAD DEF "report w! every 1 weeks form list to \"X\"\n  clause d \"S\" \"Q\"\n", 0, 10, 1,
      "a report id is 1 to 64 letters, digits, '-', '.' or '_'" },
    { HEAD "setting s 0 weeks local \"M\"\n" DEF "report w every setting s form list to \"X\"\n  clause d \"S\" \"Q\"\n", 0, 11, 1,
      "report: 0 is out of range (1 to 100000)" },
    { HEAD DEF "end\n", 0, 10, 1,
      "'end' without a 'rule'" },
    { HEAD DEF "frobnicate\n", 0, 10, 1,
      "unknown statement 'frobnicate'" },
    { HEAD "frobnicate\n", 0, 6, 1,
      "the definition needs 'allocated-roles' before the rules" },
    { "policy p\ndocument d \"f\" \"D\"\nregion scotland\nreview-date none \"x\"\n" DEF, 0, 9, 1,
      "the policy needs a 'title'" },
    { "policy p\ntitle \"t\"\ndocument d \"f\" \"t\"\nreview-date none \"x\"\n" DEF, 0, 9, 1,
      "the policy needs a 'region'" },
    { "policy p\ntitle \"t\"\ndocument d \"f\" \"t\"\nregion scotland\n" DEF, 0, 9, 1,
      "the policy needs a 'review-date'" },
    };
    int wrong = 0;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_policy *p = NULL;
        struct unalloc_error err;
        const size_t size = cases[i].size ? cases[i].size : strlen(cases[i].text);
        unalloc_error_clear(&err);
        enum unalloc_status st = unalloc_policy_parse(&p, cases[i].text, size, &err);
        if (st != UNALLOC_E_PARSE || p || err.line != cases[i].line ||
            err.column != cases[i].column || strcmp(err.message, cases[i].message) != 0) {
            print_error("case %zu: %s at %d:%d '%s'\n  expected %d:%d '%s'\n", i,
                        unalloc_status_name(st), err.line, err.column, err.message,
                        cases[i].line, cases[i].column, cases[i].message);
            wrong++;
        }
        unalloc_policy_free(p);
    }
    assert_int_equal(wrong, 0);
}

static void
test_limits_and_nulls(void **state)
{
    struct unalloc_policy *p;
    struct unalloc_error err;
    char *big;
    (void)state;
    big = calloc(UNALLOC_POLICY_MAX_BYTES + 2, 1);
    memset(big, '#', UNALLOC_POLICY_MAX_BYTES + 1);
    assert_int_equal(unalloc_policy_parse(&p, big, UNALLOC_POLICY_MAX_BYTES + 1, &err),
                     UNALLOC_E_LIMIT);
    free(big);
    assert_int_equal(unalloc_policy_parse(NULL, "x", 1, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_parse(&p, NULL, 3, &err), UNALLOC_E_INVALID);
    const char nul[] = "policy p\0x\n";
    assert_int_equal(unalloc_policy_parse(&p, nul, sizeof nul - 1, &err), UNALLOC_E_PARSE);
    assert_non_null(strstr(err.message, "NUL"));
    assert_int_equal(unalloc_policy_builtin(&p, "no-such-policy", &err), UNALLOC_E_NOT_FOUND);
    assert_non_null(strstr(err.message, "no-such-policy"));
    assert_int_equal(unalloc_policy_builtin(NULL, "x", &err), UNALLOC_E_INVALID);
    assert_null(unalloc_policy_builtin_text("no-such-policy"));
    assert_null(unalloc_policy_builtin_id(unalloc_policy_builtin_count()));
    assert_null(unalloc_policy_id(NULL));
    assert_null(unalloc_policy_title(NULL));
    assert_null(unalloc_policy_hash(NULL));
    assert_null(unalloc_policy_definition(NULL));
    assert_int_equal(unalloc_policy_rule_count(NULL), 0);
    assert_null(unalloc_policy_rule(NULL, 0));
    assert_int_equal(unalloc_policy_report_count(NULL), 0);
    assert_null(unalloc_policy_report(NULL, 0));
    assert_null(unalloc_policy_caseload(NULL));
    assert_false(unalloc_policy_review_date(NULL, NULL));
    assert_int_equal(unalloc_policy_region(NULL), UNALLOC_REGION_UNKNOWN);
    assert_int_equal(unalloc_policy_to_text(NULL, NULL, &err), UNALLOC_E_INVALID);
    unalloc_policy_free(NULL);
    unalloc_free(NULL);
}

static void
test_builder_rejects(void **state)
{
    struct unalloc_policy_builder *b;
    struct unalloc_policy *p;
    struct unalloc_error err;
    struct unalloc_rule r;
    (void)state;
    assert_int_equal(unalloc_policy_builder_new(&b, "bad id!", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_new(NULL, "x", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_new(&b, "ok", NULL), UNALLOC_OK);
    /* Incomplete policies do not build. */
    assert_int_equal(unalloc_policy_builder_build(&p, b, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "title"));
    assert_int_equal(unalloc_policy_builder_set_title(b, "", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_set_region(b, (enum unalloc_region)9, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_set_review_date(b, NULL, NULL, &err),
                     UNALLOC_E_INVALID);
    struct unalloc_date bad = { 2023, 2, 29 };
    assert_int_equal(unalloc_policy_builder_set_review_date(b, &bad, NULL, &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_add_document(b, "d", "f", "t", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_document(b, "d", "f", "t", &err),
                     UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_set_definition(b, NULL, &err), UNALLOC_E_INVALID);
    struct unalloc_definition d;
    memset(&d, 0, sizeof d);
    d.version = UNALLOC_DEFINITION_VERSION;
    assert_int_equal(unalloc_policy_builder_set_definition(b, &d, &err), UNALLOC_E_INVALID);
    memset(&r, 0, sizeof r);
    r.id = "r";
    r.clause.document = "d";
    r.clause.section = "s";
    r.clause.quote = "q";
    r.anchor = UNALLOC_ANCHOR_SPELL;
    r.has_due = true;
    r.due.unit = (enum unalloc_unit)42;
    r.met_by[0].kind = UNALLOC_EVENT_REVIEW;
    r.n_met_by = 1;
    r.version = UNALLOC_RULE_VERSION;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    r.due.unit = UNALLOC_UNIT_DAYS;
    r.anchor = (enum unalloc_anchor)99;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    r.anchor = UNALLOC_ANCHOR_SPELL;
    r.n_met_by = UNALLOC_MAX_MET_BY + 1;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    r.n_met_by = 1;
    r.obligation = (enum unalloc_obligation_kind)77;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    r.obligation = UNALLOC_OBLIGATION_REVIEW;
    r.window = UNALLOC_WINDOW_HOLDING;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    r.window = UNALLOC_WINDOW_DEFAULT;
    r.if_categories = 1u << 20;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    r.if_categories = 0;
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_rule(NULL, &r, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_add_rule(b, NULL, &err), UNALLOC_E_INVALID);
    struct unalloc_check ck = { UNALLOC_CHECK_VERSION, (enum unalloc_check_kind)9, UNALLOC_ROLE_ATM, 0, { "d", "s", "q" } };
    assert_int_equal(unalloc_policy_builder_add_check(b, &ck, &err), UNALLOC_E_INVALID);
    ck.kind = UNALLOC_CHECK_RATINGS;
    assert_int_equal(unalloc_policy_builder_add_check(b, &ck, &err), UNALLOC_E_INVALID);
    ck.ratings = 1u << UNALLOC_RATING_RED;
    assert_int_equal(unalloc_policy_builder_add_check(b, &ck, &err), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_check(b, NULL, &err), UNALLOC_E_INVALID);
    struct unalloc_caseload_limit cl = { UNALLOC_CASELOAD_LIMIT_VERSION, UNALLOC_ROLE_FAMILY_SUPPORT, UNALLOC_ROLE_ATM, -1,
                                         { "d", "s", "q" } };
    assert_int_equal(unalloc_policy_builder_set_caseload(b, &cl, &err), UNALLOC_E_INVALID);
    cl.at_most = 10;
    assert_int_equal(unalloc_policy_builder_set_caseload(b, &cl, &err), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_caseload(b, NULL, &err), UNALLOC_E_INVALID);
    struct unalloc_report_spec rep = { UNALLOC_REPORT_SPEC_VERSION, "w", { 0, UNALLOC_UNIT_WEEKS }, "X",
                                       UNALLOC_REPORT_LIST, { "d", "s", "q" }, NULL };
    assert_int_equal(unalloc_policy_builder_add_report(b, &rep, &err), UNALLOC_E_INVALID);
    rep.every.amount = 1;
    assert_int_equal(unalloc_policy_builder_add_report(b, &rep, &err), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_report(b, &rep, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_add_report(b, NULL, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_set_title(NULL, "x", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_builder_build(NULL, b, &err), UNALLOC_E_INVALID);
    unalloc_policy_builder_free(b);
    unalloc_policy_builder_free(NULL);
}

/* A rule zero-filled with memset, the C idiom, used to gain
 * `if age-at-least 0` (no condition was -1), which owes the rule only once a
 * date of birth is known and warns when it is not. Now zero is no condition
 * in every field; a struct never initialised (version 0) is refused, and one
 * from UNALLOC_RULE_INIT or unalloc_rule_init() has no condition. */
static void
fill_visit_rule(struct unalloc_rule *r)
{
    r->id = "zeroed.visit";
    r->clause.document = "doc";
    r->clause.section = "2";
    r->clause.quote = "visited within 5 days";
    r->obligation = UNALLOC_OBLIGATION_VISIT;
    r->anchor = UNALLOC_ANCHOR_THRESHOLD;
    r->has_due = true;
    r->due.amount = 5;
    r->due.unit = UNALLOC_UNIT_DAYS;
    r->met_by[0].kind = UNALLOC_EVENT_VISIT;
    r->n_met_by = 1;
}

static struct unalloc_policy_builder *
small_builder(void)
{
    struct unalloc_policy_builder *b;
    struct unalloc_definition d = UNALLOC_DEFINITION_INIT;
    struct unalloc_date review = { 2025, 3, 31 };
    assert_int_equal(unalloc_policy_builder_new(&b, "zeroed", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_title(b, "Zeroed", NULL), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_add_document(b, "doc", "doc.txt", "A document", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_region(b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_set_review_date(b, &review, NULL, NULL), UNALLOC_OK);
    d.allocated_roles = 1u << UNALLOC_ROLE_SOCIAL_WORKER;
    d.scope = 1u << UNALLOC_CATEGORY_CIN;
    d.unallocated.duration.amount = 3;
    d.unallocated.duration.unit = UNALLOC_UNIT_WORKING_DAYS;
    d.unallocated_clause.document = "doc";
    d.unallocated_clause.section = "1";
    d.unallocated_clause.quote = "no social worker for 3 working days";
    assert_int_equal(unalloc_policy_builder_set_definition(b, &d, NULL), UNALLOC_OK);
    return b;
}

static void
test_zeroed_rule_has_no_conditions(void **state)
{
    struct unalloc_policy_builder *b = small_builder();
    struct unalloc_policy *p;
    struct unalloc_rule r, from_macro = UNALLOC_RULE_INIT;
    struct unalloc_error err;
    char *text = NULL;
    (void)state;

    /* memset alone: refused, saying how to start the struct */
    memset(&r, 0, sizeof r);
    fill_visit_rule(&r);
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message, "struct unalloc_rule has version 0: start it from "
                                     "UNALLOC_RULE_INIT or unalloc_rule_init()");

    /* unalloc_rule_init: every field zero but the version, as the macro */
    memset(&r, 0x5a, sizeof r);
    assert_int_equal(unalloc_rule_init(&r, UNALLOC_RULE_VERSION, &err), UNALLOC_OK);
    assert_int_equal(r.version, UNALLOC_RULE_VERSION);
    {
        struct unalloc_rule zero;
        memset(&zero, 0, sizeof zero);
        zero.version = UNALLOC_RULE_VERSION;
        assert_memory_equal(&r, &zero, sizeof r); /* every byte zero but the version */
    }
    assert_int_equal(from_macro.version, UNALLOC_RULE_VERSION);
    assert_null(from_macro.id);
    assert_int_equal(from_macro.if_age_at_least, 0);
    assert_int_equal(from_macro.window, UNALLOC_WINDOW_DEFAULT);
    assert_int_equal(from_macro.n_met_by, 0);
    fill_visit_rule(&r);
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_OK);
    assert_int_equal(unalloc_policy_builder_build(&p, b, &err), UNALLOC_OK);
    assert_int_equal(unalloc_policy_rule(p, 0)->if_age_at_least, 0);
    assert_int_equal(unalloc_policy_rule(p, 0)->version, UNALLOC_RULE_VERSION);
    assert_int_equal(unalloc_policy_to_text(&text, p, &err), UNALLOC_OK);
    if (strstr(text, "age-at-least") || strstr(text, "\n  if "))
        fail_msg("a zeroed rule gained a condition:\n%s", text);
    unalloc_free(text);
    unalloc_policy_free(p);

    /* a version newer than the library's: refused, naming both */
    r.version = UNALLOC_RULE_VERSION + 1;
    r.id = "zeroed.later";
    assert_int_equal(unalloc_policy_builder_add_rule(b, &r, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "struct unalloc_rule has version 2; this library reads "
                                        "up to version 1"));
    assert_int_equal(unalloc_rule_init(&r, 0, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_rule_init(&r, UNALLOC_RULE_VERSION + 1, &err), UNALLOC_E_INVALID);
    assert_int_equal(r.version, UNALLOC_RULE_VERSION + 1); /* untouched */
    unalloc_policy_builder_free(b);
}

/* Every struct the builder reads: its _INIT and _init() agree; version 0 and
 * a newer version are refused with the struct named; the struct is accepted
 * once the version is right. */
#define VERSIONED(type, NAME, value, call)                                                       \
    do {                                                                                         \
        struct unalloc_##type x_, m_ = UNALLOC_##NAME##_INIT;                                    \
        memset(&x_, 0x5a, sizeof x_);                                                            \
        assert_int_equal(unalloc_##type##_init(&x_, UNALLOC_##NAME##_VERSION, NULL), UNALLOC_OK); \
        assert_int_equal(m_.version, UNALLOC_##NAME##_VERSION);                                  \
        {                                                                                        \
            struct unalloc_##type z_;                                                            \
            memset(&z_, 0, sizeof z_);                                                           \
            z_.version = UNALLOC_##NAME##_VERSION;                                               \
            assert_memory_equal(&x_, &z_, sizeof x_);                                            \
        }                                                                                        \
        assert_int_equal(unalloc_##type##_init(NULL, UNALLOC_##NAME##_VERSION, &err),            \
                         UNALLOC_E_INVALID);                                                     \
        struct unalloc_##type value = m_;                                                        \
        fill_##type(&value);                                                                     \
        value.version = 0;                                                                       \
        assert_int_equal(call, UNALLOC_E_INVALID);                                               \
        assert_non_null(strstr(err.message, "struct unalloc_" #type " has version 0"));          \
        value.version = UNALLOC_##NAME##_VERSION + 1;                                            \
        assert_int_equal(call, UNALLOC_E_INVALID);                                               \
        assert_non_null(strstr(err.message, "struct unalloc_" #type " has version 2"));          \
        value.version = UNALLOC_##NAME##_VERSION;                                                \
        assert_int_equal(call, UNALLOC_OK);                                                      \
    } while (0)

static const struct unalloc_clause doc_clause = { "doc", "3", "quoted" };

static void
fill_definition(struct unalloc_definition *d)
{
    d->allocated_roles = 1u << UNALLOC_ROLE_SOCIAL_WORKER;
    d->scope = 1u << UNALLOC_CATEGORY_CIN;
    d->unallocated.duration.amount = 3;
    d->unallocated_clause = doc_clause;
}

static void
fill_check(struct unalloc_check *c)
{
    c->kind = UNALLOC_CHECK_ASSIGNED;
    c->role = UNALLOC_ROLE_ATM;
    c->clause = doc_clause;
}

static void
fill_report_spec(struct unalloc_report_spec *r)
{
    r->id = "weekly";
    r->every.amount = 1;
    r->every.unit = UNALLOC_UNIT_WEEKS;
    r->audience = "the Head of Service";
    r->form = UNALLOC_REPORT_LIST;
    r->clause = doc_clause;
}

static void
fill_caseload_limit(struct unalloc_caseload_limit *l)
{
    l->worker_role = UNALLOC_ROLE_FAMILY_SUPPORT;
    l->with_role = UNALLOC_ROLE_ATM;
    l->at_most = 10;
    l->clause = doc_clause;
}

static void
test_builder_struct_versions(void **state)
{
    struct unalloc_policy_builder *b = small_builder();
    struct unalloc_policy *p;
    struct unalloc_error err;
    (void)state;
    VERSIONED(definition, DEFINITION, d, unalloc_policy_builder_set_definition(b, &d, &err));
    VERSIONED(check, CHECK, c, unalloc_policy_builder_add_check(b, &c, &err));
    VERSIONED(report_spec, REPORT_SPEC, r, unalloc_policy_builder_add_report(b, &r, &err));
    VERSIONED(caseload_limit, CASELOAD_LIMIT, l, unalloc_policy_builder_set_caseload(b, &l, &err));
    /* what the policy hands back carries the library's version */
    assert_int_equal(unalloc_policy_builder_build(&p, b, &err), UNALLOC_OK);
    assert_int_equal(unalloc_policy_definition(p)->version, UNALLOC_DEFINITION_VERSION);
    assert_int_equal(unalloc_policy_report(p, 0)->version, UNALLOC_REPORT_SPEC_VERSION);
    assert_int_equal(unalloc_policy_caseload(p)->version, UNALLOC_CASELOAD_LIMIT_VERSION);
    unalloc_policy_free(p);
    unalloc_policy_builder_free(b);
}

/* `if age-at-least 0` would be the same as no condition: the text says so
 * rather than reading it either way. */
static void
test_age_zero_is_an_error(void **state)
{
    static const char text[] =
        "policy p\ntitle \"t\"\ndocument d \"d.txt\" \"D\"\nregion england-and-wales\n"
        "review-date 2025-01-01\nallocated-roles social-worker\nscope cin\n"
        "unallocated-after at-least 3 working-days\n  clause d \"1\" \"q\"\n"
        "rule r review\n  clause d \"2\" \"q\"\n  from opened\n  due 5 days\n"
        "  met-by review\n  if age-at-least 0\n";
    struct unalloc_policy *p = NULL;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_policy_parse(&p, text, sizeof text - 1, &err), UNALLOC_E_PARSE);
    assert_null(p);
    assert_int_equal(err.line, 15);
    assert_int_equal(err.column, 19);
    assert_string_equal(err.message, "every child is at least 0: leave the age condition out");
}

static void
test_format_clause(void **state)
{
    struct unalloc_policy *p;
    char *s = NULL;
    struct unalloc_clause c = { "protocol", "2. Review", "weekly" }, bad = { "nope", "s", "q" };
    struct unalloc_error err;
    (void)state;
    p = parse(example_text);
    assert_int_equal(unalloc_policy_format_clause(&s, p, &c, NULL), UNALLOC_OK);
    /* named by the document's title, not its file name */
    assert_string_equal(s, "Example Council, Unallocated Work Protocol, 2024, 2. Review: "
                           "\xe2\x80\x9cweekly\xe2\x80\x9d");
    unalloc_free(s);
    assert_int_equal(unalloc_policy_format_clause(&s, p, &bad, &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_policy_format_clause(NULL, p, &c, &err), UNALLOC_E_INVALID);
    unalloc_policy_free(p);
}

/* Every built-in policy parses, round-trips, and cites a declared document
 * in every rule; the names are the vocabulary's. */
static void
test_builtins(void **state)
{
    (void)state;
    assert_true(unalloc_policy_builtin_count() >= 1);
    for (size_t i = 0; i < unalloc_policy_builtin_count(); i++) {
        const char *id = unalloc_policy_builtin_id(i);
        struct unalloc_policy *p, *q;
        struct unalloc_error err;
        char *text = NULL;
        assert_non_null(unalloc_policy_builtin_text(id));
        if (unalloc_policy_builtin(&p, id, &err) != UNALLOC_OK)
            fail_msg("built-in %s: %s", id, err.message);
        assert_string_equal(unalloc_policy_id(p), id);
        assert_int_equal(unalloc_policy_to_text(&text, p, NULL), UNALLOC_OK);
        q = parse(text);
        assert_string_equal(unalloc_policy_hash(p), unalloc_policy_hash(q));
        for (size_t k = 0; k < unalloc_policy_rule_count(p); k++) {
            const struct unalloc_rule *r = unalloc_policy_rule(p, k);
            char *clause = NULL;
            assert_int_equal(unalloc_policy_format_clause(&clause, p, &r->clause, NULL),
                             UNALLOC_OK);
            assert_true(strlen(r->clause.quote) > 3);
            unalloc_free(clause);
        }
        unalloc_free(text);
        unalloc_policy_free(p);
        unalloc_policy_free(q);
    }
}

/* Settings: named local timings a council can change without copying the
 * policy (doc/policy-format.md, "Settings"). */
#define SETTINGS                                                                               \
    "setting within 5 working-days local \"time to assess\"\n"                                  \
    "setting day-ten 10 days reading \"day ten of the holding\"\n"
#define SETTING_RULES                                                                          \
    "rule r1 risk-assessment\n  clause d \"S\" \"Q\"\n  from spell\n  due setting within\n"     \
    "  met-by risk-assessment\nend\n"                                                          \
    "rule r2 review\n  clause d \"S\" \"day ten\"\n  from spell\n  due day setting day-ten\n"  \
    "  met-by review\nend\n"                                                                   \
    "rule r3 review\n  clause d \"S\" \"Q\"\n  from spell\n  every setting within\n"            \
    "  met-by review\nend\n"                                                                   \
    "rule r4 visit\n  clause d \"S\" \"within 2 weeks\"\n  from spell\n  due 2 weeks\n"        \
    "  met-by visit\nend\n"

static void
test_settings(void **state)
{
    struct unalloc_policy *p, *q = NULL, *back;
    const struct unalloc_setting *st;
    struct unalloc_error err;
    char *text = NULL;
    const char *names[2] = { "within", "day-ten" };
    const char *values[2] = { "3 working-days", "10  working-days" };
    (void)state;
    p = parse(HEAD SETTINGS DEF SETTING_RULES);
    assert_int_equal(unalloc_policy_setting_count(p), 2);
    st = unalloc_policy_setting(p, 0);
    assert_string_equal(st->name, "within");
    assert_int_equal(st->kind, UNALLOC_SETTING_LOCAL);
    assert_int_equal(st->value.amount, 5);
    assert_int_equal(st->value.unit, UNALLOC_UNIT_WORKING_DAYS);
    assert_string_equal(st->meaning, "time to assess");
    assert_null(unalloc_policy_setting(p, 2));
    /* a local setting makes the rule's basis local; the document's reading
     * left at its default keeps it the document's */
    assert_int_equal(unalloc_policy_rule(p, 0)->basis, UNALLOC_BASIS_LOCAL);
    assert_int_equal(unalloc_policy_rule(p, 0)->due.amount, 5);
    assert_string_equal(unalloc_policy_rule(p, 0)->due_setting, "within");
    assert_int_equal(unalloc_policy_rule(p, 1)->basis, UNALLOC_BASIS_DOCUMENT);
    assert_true(unalloc_policy_rule(p, 1)->due_is_day);
    assert_int_equal(unalloc_policy_rule(p, 2)->basis, UNALLOC_BASIS_LOCAL);
    assert_true(unalloc_policy_rule(p, 2)->recurring);
    assert_int_equal(unalloc_policy_rule(p, 2)->every.amount, 5);
    assert_int_equal(unalloc_policy_rule(p, 3)->basis, UNALLOC_BASIS_DOCUMENT);
    assert_string_equal(unalloc_basis_name(UNALLOC_BASIS_LOCAL), "local");
    assert_string_equal(unalloc_basis_name(UNALLOC_BASIS_DOCUMENT), "document");
    assert_null(unalloc_basis_name(UNALLOC_BASIS_COUNT_));

    /* a council's values: a new policy, the original untouched */
    if (unalloc_policy_with_settings(&q, p, names, values, 2, &err) != UNALLOC_OK)
        fail_msg("with_settings: %s", err.message);
    assert_int_equal(unalloc_policy_rule(q, 0)->due.amount, 3);
    assert_int_equal(unalloc_policy_rule(q, 2)->every.amount, 3);
    assert_int_equal(unalloc_policy_rule(q, 1)->due.unit, UNALLOC_UNIT_WORKING_DAYS);
    assert_int_equal(unalloc_policy_rule(q, 1)->basis, UNALLOC_BASIS_LOCAL); /* changed reading */
    assert_int_equal(unalloc_policy_rule(p, 0)->due.amount, 5);
    assert_int_equal(unalloc_policy_setting(q, 1)->default_value.unit, UNALLOC_UNIT_DAYS);
    assert_string_not_equal(unalloc_policy_hash(p), unalloc_policy_hash(q));
    /* the canonical text keeps the values in force and the defaults */
    assert_int_equal(unalloc_policy_to_text(&text, q, NULL), UNALLOC_OK);
    assert_non_null(strstr(text, "setting day-ten 10 working-days reading \"day ten of the holding\" "
                                 "default 10 days\n"));
    assert_non_null(strstr(text, "  due day setting day-ten\n"));
    back = parse(text);
    assert_string_equal(unalloc_policy_hash(back), unalloc_policy_hash(q));
    assert_int_equal(unalloc_policy_rule(back, 1)->basis, UNALLOC_BASIS_LOCAL);
    unalloc_free(text);
    unalloc_policy_free(back);
    unalloc_policy_free(q);

    /* setting a value back to the default gives the original's hash */
    values[0] = "5 working-days";
    values[1] = "10 days";
    assert_int_equal(unalloc_policy_with_settings(&q, p, names, values, 2, NULL), UNALLOC_OK);
    assert_string_equal(unalloc_policy_hash(p), unalloc_policy_hash(q));
    unalloc_policy_free(q);

    /* bad names and values */
    names[0] = "whithin";
    assert_int_equal(unalloc_policy_with_settings(&q, p, names, values, 1, &err),
                     UNALLOC_E_NOT_FOUND);
    assert_null(q);
    assert_non_null(strstr(err.message, "no setting 'whithin' (its settings: within, day-ten)"));
    names[0] = "within";
    static const char *const bad[] = { "5", "five days", "5 fortnights", "100001 days",
                                       "5 days extra", "", "-1 days", " days" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        values[0] = bad[i];
        if (unalloc_policy_with_settings(&q, p, names, values, 1, &err) != UNALLOC_E_INVALID)
            fail_msg("value '%s' was accepted", bad[i]);
        assert_null(q);
        assert_non_null(strstr(err.message, "is not a duration"));
    }
    {
        /* a report's interval from a setting (cin-criteria's "regular basis") */
        struct unalloc_policy *cin = NULL, *c2 = NULL;
        const char *n1 = "report-every", *v1 = "0 weeks";
        assert_int_equal(unalloc_policy_builtin(&cin, "cin-criteria", NULL), UNALLOC_OK);
        assert_string_equal(unalloc_policy_report(cin, 0)->every_setting, "report-every");
        assert_int_equal(unalloc_policy_with_settings(&c2, cin, &n1, &v1, 1, &err),
                         UNALLOC_E_INVALID);
        assert_non_null(strstr(err.message, "report weekly-return needs at least 1"));
        v1 = "2 weeks";
        assert_int_equal(unalloc_policy_with_settings(&c2, cin, &n1, &v1, 1, &err), UNALLOC_OK);
        assert_int_equal(unalloc_policy_report(c2, 0)->every.amount, 2);
        assert_int_equal(unalloc_policy_report(cin, 0)->every.amount, 1);
        unalloc_policy_free(c2);
        unalloc_policy_free(cin);
    }
    values[0] = "0 days"; /* r3 recurs every 'within': an interval of 0 is no interval */
    assert_int_equal(unalloc_policy_with_settings(&q, p, names, values, 1, &err), UNALLOC_E_INVALID);
    assert_non_null(strstr(err.message, "at least 1"));
    unalloc_policy_free(p);
}

static void
test_names(void **state)
{
    enum unalloc_obligation_kind k;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_obligation_kind_parse(&k, "allocate-to-atm", NULL), UNALLOC_OK);
    assert_int_equal(k, UNALLOC_OBLIGATION_ALLOCATE_TO_ATM);
    assert_string_equal(unalloc_obligation_kind_name(UNALLOC_OBLIGATION_RATING_REVIEW),
                        "rating-review");
    assert_null(unalloc_obligation_kind_name(UNALLOC_OBLIGATION_COUNT_));
    assert_int_equal(unalloc_obligation_kind_parse(&k, "letter", &err), UNALLOC_E_INVALID);
    assert_int_equal(unalloc_obligation_kind_parse(NULL, "review", &err), UNALLOC_E_INVALID);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_parses),
        cmocka_unit_test(test_canonical_round_trip),
        cmocka_unit_test(test_builder_equivalent),
        cmocka_unit_test(test_zeroed_rule_has_no_conditions),
        cmocka_unit_test(test_builder_struct_versions),
        cmocka_unit_test(test_age_zero_is_an_error),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_errors_everywhere),
        cmocka_unit_test(test_parse_error_messages),
        cmocka_unit_test(test_limits_and_nulls),
        cmocka_unit_test(test_builder_rejects),
        cmocka_unit_test(test_format_clause),
        cmocka_unit_test(test_builtins),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_settings),
    };
    return cmocka_run_group_tests_name("policy", tests, load_example, free_example);
}
