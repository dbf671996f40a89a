/*
 * libunalloc tests: gov.uk's bank-holidays.json (a copy of gov.uk's lists in
 * tests/data/govuk-bank-holidays.json, made from govuk-bank-holidays.tsv,
 * 2019-2027) and hostile JSON: every way the file can be wrong is an error
 * that says where.
 *
 * SPDX-License-Identifier: MIT
 */
#include "test-util.h"

static char *fixture;
static size_t fixture_size;

static int
load_fixture(void **state)
{
    char path[512];
    (void)state;
    fixture = test_read_file(test_data_path(path, sizeof path, "govuk-bank-holidays.json"),
                             &fixture_size);
    return 0;
}

static int
free_fixture(void **state)
{
    (void)state;
    free(fixture);
    return 0;
}

static enum unalloc_status
load_json(enum unalloc_region region, const char *text, size_t size,
          struct unalloc_calendar **out, struct unalloc_error *err)
{
    struct unalloc_calendar_builder *b;
    enum unalloc_status st;
    assert_int_equal(unalloc_calendar_builder_new(&b, region, NULL), UNALLOC_OK);
    st = unalloc_calendar_builder_load_govuk_json(b, text, size, err);
    if (st == UNALLOC_OK && out)
        st = unalloc_calendar_builder_build(out, b, err);
    unalloc_calendar_builder_free(b);
    return st;
}

/* The TSV listing of a calendar from..to (what `unalloc holidays` prints)
 * into *out, which the caller frees. (An out-parameter: returning a local
 * pointer that was filled through its address made gcc 12 -O3 warn, wrongly,
 * that the caller's strstr() into it used a dangling pointer.) */
static void
listing(char **out, const struct unalloc_calendar *cal, struct unalloc_date from,
        struct unalloc_date to)
{
    size_t first, count, len = 0;
    *out = NULL;
    assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, from, to, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_append_holidays(out, &len, cal, first, count,
                                                      UNALLOC_HOLIDAY_FORMAT_TSV,
                                                      UNALLOC_HOLIDAYS_HEAD |
                                                          UNALLOC_HOLIDAYS_TAIL,
                                                      NULL),
                     UNALLOC_OK);
}

/* Each division of gov.uk's file gives the built-in rules' days and names for
 * 2019-2027 (gov.uk's "Substitute day" notes become the rules' "(substitute
 * day)"), but Scotland's 2026 World Cup day, whose notes say "Extra bank
 * holiday". The region chooses the division. */
static void
test_fixture_matches_rules(void **state)
{
    (void)state;
    for (int r = 0; r < 3; r++) {
        struct unalloc_calendar *file = NULL, *rules = NULL;
        struct unalloc_error err;
        char *a, *b;
        if (load_json((enum unalloc_region)r, fixture, fixture_size, &file, &err) != UNALLOC_OK)
            fail_msg("%s: %s", unalloc_region_name((enum unalloc_region)r), err.message);
        assert_int_equal(unalloc_calendar_new(&rules, (enum unalloc_region)r, NULL), UNALLOC_OK);
        assert_false(unalloc_calendar_year_loaded(file, 2018));
        for (int y = 2019; y <= 2027; y++)
            assert_true(unalloc_calendar_year_loaded(file, y));
        assert_false(unalloc_calendar_year_loaded(file, 2028));
        listing(&a, file, D(2019, 1, 1), D(2027, 12, 31));
        listing(&b, rules, D(2019, 1, 1), D(2027, 12, 31));
        if (r == UNALLOC_REGION_SCOTLAND) {
            char *p = strstr(a, "2026-06-15\tWorld Cup bank holiday (extra bank holiday)\n");
            assert_non_null(p);
            memmove(p + strlen("2026-06-15\tWorld Cup bank holiday"),
                    p + strlen("2026-06-15\tWorld Cup bank holiday (extra bank holiday)"),
                    strlen(p + strlen("2026-06-15\tWorld Cup bank holiday (extra bank holiday)")) +
                        1);
        }
        assert_string_equal(a, b);
        unalloc_free(a);
        unalloc_free(b);
        unalloc_calendar_free(file);
        unalloc_calendar_free(rules);
    }
}

static void
test_division_by_region(void **state)
{
    struct unalloc_calendar *ew = NULL, *sc = NULL, *ni = NULL;
    const char *name;
    bool w;
    (void)state;
    assert_int_equal(load_json(UNALLOC_REGION_ENGLAND_AND_WALES, fixture, fixture_size, &ew, NULL),
                     UNALLOC_OK);
    assert_int_equal(load_json(UNALLOC_REGION_SCOTLAND, fixture, fixture_size, &sc, NULL),
                     UNALLOC_OK);
    assert_int_equal(load_json(UNALLOC_REGION_NORTHERN_IRELAND, fixture, fixture_size, &ni, NULL),
                     UNALLOC_OK);
    /* Tuesday 2 January 2024: Scotland's alone. */
    assert_int_equal(unalloc_calendar_is_working_day(&w, ew, D(2024, 1, 2), NULL), UNALLOC_OK);
    assert_true(w);
    assert_int_equal(unalloc_calendar_holiday_name(&name, sc, D(2024, 1, 2), NULL), UNALLOC_OK);
    assert_string_equal(name, "2nd January");
    /* Monday 18 March 2024: St Patrick's Day, a substitute day, Northern Ireland's alone. */
    assert_int_equal(unalloc_calendar_holiday_name(&name, ni, D(2024, 3, 18), NULL), UNALLOC_OK);
    assert_string_equal(name, "St Patrick\xe2\x80\x99s Day (substitute day)");
    assert_int_equal(unalloc_calendar_is_working_day(&w, sc, D(2024, 3, 18), NULL), UNALLOC_OK);
    assert_true(w);
    unalloc_calendar_free(ew);
    unalloc_calendar_free(sc);
    unalloc_calendar_free(ni);
}

/* load_holidays tells the kinds apart by the first character after a BOM and
 * white space. */
static void
test_detection(void **state)
{
    char path[512];
    size_t ics_size;
    char *ics = test_read_file(
        test_data_path(path, sizeof path, "govuk-england-and-wales-2012-2017.ics"), &ics_size);
    char *padded = malloc(fixture_size + 8);
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal;
    struct unalloc_error err;
    (void)state;
    memcpy(padded, "\xef\xbb\xbf \r\n\t", 7);
    memcpy(padded + 7, fixture, fixture_size);
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_load_holidays(b, padded, fixture_size + 7, &err),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_load_holidays(b, ics, ics_size, &err), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, NULL), UNALLOC_OK);
    /* Both files' years, combined. */
    assert_true(unalloc_calendar_year_loaded(cal, 2012));
    assert_false(unalloc_calendar_year_loaded(cal, 2018));
    assert_true(unalloc_calendar_year_loaded(cal, 2019));
    unalloc_calendar_free(cal);
    /* Neither: read as iCalendar, whose reader says what is wrong. */
    assert_int_equal(unalloc_calendar_builder_load_holidays(b, "[1]", 3, &err), UNALLOC_E_PARSE);
    assert_non_null(strstr(err.message, "is not a content line")); /* iCalendar's term */
    assert_int_equal(err.line, 1);
    assert_int_equal(unalloc_calendar_builder_load_holidays(b, "  {", 3, &err), UNALLOC_E_PARSE);
    assert_non_null(strstr(err.message, "gov.uk JSON"));
    unalloc_calendar_builder_free(b);
    free(padded);
    free(ics);
}

#define EW_HEAD "{\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": "
#define EV(title, date) "{\"title\": \"" title "\", \"date\": \"" date "\", \"notes\": \"\", " \
                        "\"bunting\": true}"
#define GOOD EW_HEAD "[" EV("New Year's Day", "2024-01-01") "]}}"

struct bad {
    const char *text;
    enum unalloc_status code;
    const char *message; /* a substring of the message */
    int line, column;    /* 0: not checked */
};

/* Every way a file can be wrong is an error naming where. */
static void
test_fail_closed(void **state)
{
    static const struct bad cases[] = {
        { "", UNALLOC_E_PARSE, "gov.uk JSON input is empty", 1, 1 },
        { "\xef\xbb\xbf", UNALLOC_E_PARSE, "empty", 1, 1 },
        { "{\n  \"england-and-wales\": 1,\n  x\n}", UNALLOC_E_PARSE,
          "gov.uk JSON: ", 3, 3 },
        { GOOD " x", UNALLOC_E_PARSE, "end of file expected", 1, 0 },
        { GOOD "\n{}", UNALLOC_E_PARSE, "gov.uk JSON: ", 2, 0 },
        { "{\"england-and-wales\": {\"division\": \"england-and-wales\", \"division\": "
          "\"england-and-wales\", \"events\": []}}",
          UNALLOC_E_PARSE, "duplicate object key", 1, 0 },
        { "{\"england-and-wales\": 1, \"england-and-wales\": 2}", UNALLOC_E_PARSE,
          "duplicate object key", 1, 0 },
        { "[" GOOD "]", UNALLOC_E_PARSE, "the top level is an array", 1, 1 },
        { "{\"wales\": 1}", UNALLOC_E_PARSE, "unknown division \"wales\"", 0, 0 },
        { "{\"scotland\": {\"division\": \"scotland\", \"events\": [" EV("x", "2024-01-02") "]}}",
          UNALLOC_E_PARSE, "has no \"england-and-wales\" division, the calendar's region (it "
                           "has: scotland)", 0, 0 },
        { "{}", UNALLOC_E_PARSE, "(it has: none)", 0, 0 },
        { "{\"england-and-wales\": []}", UNALLOC_E_PARSE,
          "/england-and-wales: expected a division object, found an array", 0, 0 },
        { "{\"england-and-wales\": {\"division\": \"scotland\", \"events\": []}}", UNALLOC_E_PARSE,
          "/england-and-wales/division: expected \"england-and-wales\", found another name", 0, 0 },
        { "{\"england-and-wales\": {\"events\": []}}", UNALLOC_E_PARSE,
          "/england-and-wales/division: expected \"england-and-wales\", found nothing", 0, 0 },
        { "{\"england-and-wales\": {\"division\": 7, \"events\": []}}", UNALLOC_E_PARSE,
          "found an integer", 0, 0 },
        { EW_HEAD "[]}}", UNALLOC_E_PARSE, "/england-and-wales/events: the division has no events",
          0, 0 },
        { EW_HEAD "{}}}", UNALLOC_E_PARSE,
          "/england-and-wales/events: expected an array of events, found an object", 0, 0 },
        { "{\"england-and-wales\": {\"division\": \"england-and-wales\"}}", UNALLOC_E_PARSE,
          "expected an array of events, found nothing", 0, 0 },
        { "{\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": [], "
          "\"year\": 1}}",
          UNALLOC_E_PARSE, "/england-and-wales: unknown key \"year\"", 0, 0 },
        { EW_HEAD "[" EV("a", "2024-01-01") ", 3]}}", UNALLOC_E_PARSE,
          "/england-and-wales/events/1: expected an event object, found an integer", 0, 0 },
        { EW_HEAD "[" EV("a", "2024-02-30") "]}}", UNALLOC_E_PARSE,
          "/england-and-wales/events/0/date: '2024-02-30' is not a valid date: February 2024 has "
          "29 days",
          0, 0 },
        { EW_HEAD "[" EV("a", "01/01/2024") "]}}", UNALLOC_E_PARSE,
          "/england-and-wales/events/0/date: '01/01/2024' is not a date in the form YYYY-MM-DD",
          0, 0 },
        { EW_HEAD "[" EV("a", "2024-01-01T00:00") "]}}", UNALLOC_E_PARSE, "is not a date", 0, 0 },
        { EW_HEAD "[" EV("a", "2200-01-01") "]}}", UNALLOC_E_RANGE,
          "/england-and-wales/events/0/date", 0, 0 },
        { EW_HEAD "[" EV("a", "1899-12-31") "]}}", UNALLOC_E_RANGE,
          "/date: '1899-12-31' is outside the supported range 1900-01-01 to 2199-12-31", 0, 0 },
        { EW_HEAD "[" EV("a", "2024-01-01") ", " EV("b", "2024-05-06") ", " EV("c", "2024-01-01")
              "]}}",
          UNALLOC_E_PARSE,
          "/england-and-wales/events/2: a second event on 2024-01-01 (the first is "
          "/england-and-wales/events/0)",
          0, 0 },
        { EW_HEAD "[{\"title\": 5, \"date\": \"2024-01-01\"}]}}", UNALLOC_E_PARSE,
          "/england-and-wales/events/0/title: expected a string, found an integer", 0, 0 },
        { EW_HEAD "[{\"title\": \"a\", \"date\": 20240101}]}}", UNALLOC_E_PARSE,
          "/date: expected a string, found an integer", 0, 0 },
        { EW_HEAD "[{\"title\": \"a\", \"date\": \"2024-01-01\", \"notes\": null}]}}",
          UNALLOC_E_PARSE, "/notes: expected a string, found null", 0, 0 },
        { EW_HEAD "[{\"title\": \"a\", \"date\": \"2024-01-01\", \"bunting\": \"yes\"}]}}",
          UNALLOC_E_PARSE, "/bunting: expected true or false, found a string", 0, 0 },
        { EW_HEAD "[{\"title\": \"a\", \"date\": \"2024-01-01\", \"bunting\": 1.5}]}}",
          UNALLOC_E_PARSE, "found a number", 0, 0 },
        { EW_HEAD "[{\"date\": \"2024-01-01\"}]}}", UNALLOC_E_PARSE,
          "/england-and-wales/events/0: the event has no \"title\"", 0, 0 },
        { EW_HEAD "[{\"title\": \"a\"}]}}", UNALLOC_E_PARSE, "the event has no \"date\"", 0, 0 },
        { EW_HEAD "[{\"title\": \"\", \"date\": \"2024-01-01\"}]}}", UNALLOC_E_PARSE,
          "/england-and-wales/events/0/title: the title is empty", 0, 0 },
        { EW_HEAD "[{\"title\": \"a\", \"date\": \"2024-01-01\", \"region\": \"x\"}]}}",
          UNALLOC_E_PARSE, "unknown key \"region\" (an event has title, date, notes and bunting)",
          0, 0 },
        { EW_HEAD "[{\"title\": \"a\\u0000b\", \"date\": \"2024-01-01\"}]}}", UNALLOC_E_PARSE,
          "gov.uk JSON: ", 1, 0 },
        { EW_HEAD "[{\"title\": \"a\xff\", \"date\": \"2024-01-01\"}]}}", UNALLOC_E_PARSE,
          "gov.uk JSON: ", 1, 0 },
        { "{\n\"a\xc3\x28\": 1}", UNALLOC_E_PARSE, "gov.uk JSON: ", 2, 0 },
        /* A division not chosen is checked too: the file is read whole. */
        { "{\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": ["
          EV("a", "2024-01-01") "]}, \"scotland\": {\"division\": \"scotland\", \"events\": "
          "[" EV("a", "2024-13-01") "]}}",
          UNALLOC_E_PARSE, "/scotland/events/0/date", 0, 0 },
        /* Depth: jansson refuses more than 2048 levels. */
        { "{\"england-and-wales\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]"
          "]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
          UNALLOC_E_PARSE, "expected a division object", 0, 0 },
    };
    struct unalloc_calendar *cal = NULL;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_error err;
        enum unalloc_status st = load_json(UNALLOC_REGION_ENGLAND_AND_WALES, cases[i].text,
                                           strlen(cases[i].text), &cal, &err);
        if (st != cases[i].code || !strstr(err.message, cases[i].message))
            fail_msg("case %zu: %s (%d), expected '%s' (%d)", i, err.message, (int)st,
                     cases[i].message, (int)cases[i].code);
        assert_int_equal(err.code, cases[i].code);
        if (cases[i].line)
            assert_int_equal(err.line, cases[i].line);
        if (cases[i].column)
            assert_int_equal(err.column, cases[i].column);
        assert_null(cal);
    }
}

/* A raw NUL byte and an oversized file, which strlen() cannot carry. */
static void
test_nul_and_limit(void **state)
{
    static const char text[] = "{\n  \"england-and-wales\"\0: 1}";
    struct unalloc_error err;
    char *big;
    (void)state;
    assert_int_equal(load_json(UNALLOC_REGION_ENGLAND_AND_WALES, text, sizeof text - 1, NULL, &err),
                     UNALLOC_E_PARSE);
    assert_string_equal(err.message, "gov.uk JSON: a NUL byte");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 22);
    big = malloc(UNALLOC_GOVUK_JSON_MAX_BYTES + 1);
    memset(big, ' ', UNALLOC_GOVUK_JSON_MAX_BYTES + 1);
    big[0] = '{';
    assert_int_equal(load_json(UNALLOC_REGION_SCOTLAND, big, UNALLOC_GOVUK_JSON_MAX_BYTES + 1, NULL,
                               &err),
                     UNALLOC_E_LIMIT);
    assert_non_null(strstr(err.message, "the limit is 1048576"));
    /* At the limit, the size is fine and the content is judged. */
    assert_int_equal(load_json(UNALLOC_REGION_SCOTLAND, big, UNALLOC_GOVUK_JSON_MAX_BYTES, NULL,
                               &err),
                     UNALLOC_E_PARSE);
    free(big);
}

/* Names: the title, then the notes in brackets (a leading capital lowered
 * before a small letter, acronyms kept); control characters become spaces;
 * a name over 200 bytes is refused. */
static void
test_names(void **state)
{
    static const char text[] =
        EW_HEAD "["
        "{\"title\": \"Boxing Day\", \"date\": \"2024-12-26\", \"notes\": \"Substitute day\"},"
        "{\"title\": \"Christmas\\nDay\", \"date\": \"2024-12-25\"},"
        "{\"title\": \"Day\", \"date\": \"2024-01-01\", \"notes\": \"UK-wide\"},"
        "{\"title\": \"Day\", \"date\": \"2024-01-02\", \"notes\": \"x\", \"bunting\": false}"
        "]}}";
    struct unalloc_calendar *cal;
    struct unalloc_error err;
    const char *name;
    char long_title[400];
    char doc[600];
    (void)state;
    if (load_json(UNALLOC_REGION_ENGLAND_AND_WALES, text, strlen(text), &cal, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 12, 26), NULL), UNALLOC_OK);
    assert_string_equal(name, "Boxing Day (substitute day)");
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 12, 25), NULL), UNALLOC_OK);
    assert_string_equal(name, "Christmas Day");
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 1, 1), NULL), UNALLOC_OK);
    assert_string_equal(name, "Day (UK-wide)");
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 1, 2), NULL), UNALLOC_OK);
    assert_string_equal(name, "Day (x)");
    /* The year is the file's: Easter Monday 2024, not in it, is a working day. */
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 4, 1), NULL), UNALLOC_OK);
    assert_null(name);
    unalloc_calendar_free(cal);

    memset(long_title, 'a', 200);
    long_title[200] = '\0';
    snprintf(doc, sizeof doc, EW_HEAD "[{\"title\": \"%s\", \"date\": \"2024-01-01\"}]}}",
             long_title);
    assert_int_equal(load_json(UNALLOC_REGION_ENGLAND_AND_WALES, doc, strlen(doc), NULL, &err),
                     UNALLOC_OK);
    long_title[201] = '\0';
    long_title[200] = 'a';
    snprintf(doc, sizeof doc, EW_HEAD "[{\"title\": \"%s\", \"date\": \"2024-01-01\"}]}}",
             long_title);
    assert_int_equal(load_json(UNALLOC_REGION_ENGLAND_AND_WALES, doc, strlen(doc), NULL, &err),
                     UNALLOC_E_PARSE);
    assert_string_equal(err.message, "gov.uk JSON /england-and-wales/events/0: the title is "
                                     "longer than 200 bytes");
    long_title[190] = '\0';
    snprintf(doc, sizeof doc,
             EW_HEAD "[{\"title\": \"%s\", \"date\": \"2024-01-01\", \"notes\": \"Substitute "
                     "day\"}]}}",
             long_title);
    assert_int_equal(load_json(UNALLOC_REGION_ENGLAND_AND_WALES, doc, strlen(doc), NULL, &err),
                     UNALLOC_E_PARSE);
    assert_non_null(strstr(err.message, "the title with its notes is longer than 200 bytes"));
}

/* A failed load leaves the builder as it was. */
static void
test_failed_load_leaves_builder(void **state)
{
    static const char bad[] = EW_HEAD "[" EV("a", "2023-01-01") ", " EV("b", "2024-02-31") "]}}";
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *before, *after;
    (void)state;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&before, b, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_load_govuk_json(b, bad, strlen(bad), NULL),
                     UNALLOC_E_PARSE);
    assert_int_equal(unalloc_calendar_builder_build(&after, b, NULL), UNALLOC_OK);
    assert_true(unalloc_calendar_fingerprint(before) == unalloc_calendar_fingerprint(after));
    assert_false(unalloc_calendar_year_loaded(after, 2023));
    unalloc_calendar_free(before);
    unalloc_calendar_free(after);
    unalloc_calendar_builder_free(b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_matches_rules),
        cmocka_unit_test(test_division_by_region),
        cmocka_unit_test(test_detection),
        cmocka_unit_test(test_fail_closed),
        cmocka_unit_test(test_nul_and_limit),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_failed_load_leaves_builder),
    };
    return cmocka_run_group_tests_name("govuk-json", tests, load_fixture, free_fixture);
}
