/*
 * libunalloc tests: iCalendar import (gov.uk files and hostile input).
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>

#include <libical/ical.h>

#include "test-util.h"

static char *fixture;
static size_t fixture_size;

static int
load_fixture(void **state)
{
    char path[512];
    (void)state;
    fixture = test_read_file(
        test_data_path(path, sizeof path, "govuk-england-and-wales-2012-2017.ics"), &fixture_size);
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
load(const char *text, size_t size, struct unalloc_calendar **out, struct unalloc_error *err)
{
    struct unalloc_calendar_builder *b;
    enum unalloc_status st;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    st = unalloc_calendar_builder_load_ical(b, text, size, err);
    if (st == UNALLOC_OK && out)
        st = unalloc_calendar_builder_build(out, b, err);
    unalloc_calendar_builder_free(b);
    return st;
}

static enum unalloc_status
load_str(const char *text, struct unalloc_calendar **out, struct unalloc_error *err)
{
    return load(text, strlen(text), out, err);
}

static bool
working(const struct unalloc_calendar *cal, struct unalloc_date d)
{
    bool w = false;
    assert_int_equal(unalloc_calendar_is_working_day(&w, cal, d, NULL), UNALLOC_OK);
    return w;
}

/* The real gov.uk file gives the same non-working days as the rules for
 * 2012-2017, and its own names. */
static void
test_govuk_fixture(void **state)
{
    struct unalloc_calendar *file = NULL, *rules = NULL;
    struct unalloc_error err;
    const char *name;
    (void)state;
    if (load(fixture, fixture_size, &file, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_calendar_new(&rules, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    for (int y = 2012; y <= 2017; y++)
        assert_true(unalloc_calendar_year_loaded(file, y));
    assert_false(unalloc_calendar_year_loaded(file, 2011));
    assert_false(unalloc_calendar_year_loaded(file, 2018));
    struct unalloc_date d = D(2012, 1, 1);
    int differences = 0, holidays = 0;
    while (d.year <= 2017) {
        if (working(file, d) != working(rules, d))
            differences++;
        if (!working(file, d))
            holidays++;
        assert_int_equal(unalloc_date_add_days(&d, d, 1, NULL), UNALLOC_OK);
    }
    assert_int_equal(differences, 0);
    assert_int_equal(unalloc_calendar_fingerprint(file), unalloc_calendar_fingerprint(rules));
    (void)holidays;
    /* gov.uk's own titles come through; the 2016 substitute Christmas. */
    assert_int_equal(unalloc_calendar_holiday_name(&name, file, D(2016, 12, 27), NULL), UNALLOC_OK);
    assert_string_equal(name, "Christmas Day");
    assert_int_equal(unalloc_calendar_holiday_name(&name, file, D(2012, 6, 5), NULL), UNALLOC_OK);
    assert_string_equal(name, "Queen\xe2\x80\x99s Diamond Jubilee");
    /* the listing says the file's years come from the file, the others from
     * the rules: 2017 has 8 (file), 2018 starts with New Year's Day (rule) */
    {
        size_t first = 0, count = 0;
        struct unalloc_holiday h;
        assert_int_equal(unalloc_calendar_holidays(&first, &count, file, D(2017, 1, 1),
                                                   D(2018, 1, 1), NULL), UNALLOC_OK);
        assert_int_equal(count, 9);
        for (size_t i = 0; i < 8; i++) {
            assert_int_equal(unalloc_calendar_holiday(&h, file, first + i, NULL), UNALLOC_OK);
            assert_int_equal(h.source, UNALLOC_HOLIDAY_FILE);
        }
        assert_int_equal(unalloc_calendar_holiday(&h, file, first + 8, NULL), UNALLOC_OK);
        assert_int_equal(h.source, UNALLOC_HOLIDAY_RULE);
        assert_string_equal(h.name, "New Year\xe2\x80\x99s Day");
    }
    unalloc_calendar_free(file);
    unalloc_calendar_free(rules);
}

#define HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
#define TAIL "END:VCALENDAR\r\n"
#define EVENT(date, summary)                                                                  \
    "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:" date "\r\nSUMMARY:" summary "\r\nUID:" date           \
    "@test\r\nEND:VEVENT\r\n"

/* Loaded dates are authoritative for the years they cover: they replace the
 * rule-based dates of those years, and only those. */
static void
test_loaded_years_replace_rules(void **state)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_error err;
    const char *name;
    (void)state;
    if (load_str(HEAD EVENT("20240701", "Council day") TAIL, &cal, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_false(working(cal, D(2024, 7, 1)));
    assert_true(working(cal, D(2024, 12, 25)));  /* 2024 now comes only from the file */
    assert_false(working(cal, D(2025, 12, 25))); /* 2025 still from the rules */
    assert_false(working(cal, D(2023, 12, 25)));
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 7, 1), NULL), UNALLOC_OK);
    assert_string_equal(name, "Council day");
    unalloc_calendar_free(cal);

    /* An escaped line break or tab in a SUMMARY becomes a space: names are
     * printed one to a line. */
    if (load_str(HEAD EVENT("20240702", "Line one\\nline\\ttwo") TAIL, &cal, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 7, 2), NULL), UNALLOC_OK);
    assert_string_equal(name, "Line one line two");
    unalloc_calendar_free(cal);

    /* Two files combine; closures still apply on top. */
    struct unalloc_calendar_builder *b;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_SCOTLAND, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_load_ical(b, fixture, fixture_size, NULL), UNALLOC_OK);
    const char *more = HEAD EVENT("20170601", "Extra") TAIL;
    assert_int_equal(unalloc_calendar_builder_load_ical(b, more, strlen(more), NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2017, 6, 2), D(2017, 6, 2), NULL,
                                                          NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, NULL), UNALLOC_OK);
    assert_false(working(cal, D(2017, 6, 1)));
    assert_false(working(cal, D(2017, 6, 2)));
    assert_false(working(cal, D(2017, 4, 17))); /* Easter Monday from the E&W file */
    unalloc_calendar_free(cal);
    unalloc_calendar_builder_free(b);
}

static void
test_multi_day_and_duration(void **state)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_error err;
    (void)state;
    const char *text = HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20241227\r\n"
                            "DTEND;VALUE=DATE:20241231\r\nSUMMARY:Closure\r\nEND:VEVENT\r\n"
                            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240805\r\n"
                            "DURATION:P2D\r\nSUMMARY:Two days\r\nEND:VEVENT\r\n"
                            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240806\r\n"
                            "STATUS:CANCELLED\r\nSUMMARY:Off\r\nEND:VEVENT\r\n" TAIL;
    if (load_str(text, &cal, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_false(working(cal, D(2024, 12, 27)));
    assert_false(working(cal, D(2024, 12, 30)));
    assert_true(working(cal, D(2024, 12, 31))); /* DTEND is exclusive */
    assert_false(working(cal, D(2024, 8, 5)));
    assert_false(working(cal, D(2024, 8, 6)));
    assert_true(working(cal, D(2024, 8, 7)));
    unalloc_calendar_free(cal);
}

/* CR-only and mixed line ends, and folded lines (RFC 5545 3.1: a line end
 * and one space or tab are removed), read as libical would read them. */
static void
test_line_ends_and_folds(void **state)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_error err;
    const char *name;
    (void)state;
    const char *text = "BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:2024\r"
                       " 0702\rSUMMARY:CR only\rEND:VEVENT\r\n"
                       "BEGIN:VEV\r\n\tENT\nDTSTART;VALUE=DATE:20240703\r\nDURATION:P\r\n 2D\n"
                       "SUMMARY:Folded\r\n  twice\xc2\x85" "C1\r\n\r\nEND:VEVENT\r\nEND:VCALENDAR";
    if (load_str(text, &cal, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_false(working(cal, D(2024, 7, 2)));
    assert_false(working(cal, D(2024, 7, 3)));
    assert_false(working(cal, D(2024, 7, 4)));
    assert_true(working(cal, D(2024, 7, 5)));
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 7, 2), NULL), UNALLOC_OK);
    assert_string_equal(name, "CR only");
    assert_int_equal(unalloc_calendar_holiday_name(&name, cal, D(2024, 7, 4), NULL), UNALLOC_OK);
    assert_string_equal(name, "Folded twice C1"); /* U+0085 (NEL) became a space */
    unalloc_calendar_free(cal);
}

/* 38,000 levels of "BEG\r\n IN:X-A" closed by "EN\r\n D:X-A" (folded lines the
 * old pre-scan did not see, so its count stayed balanced): libical's recursive parser and icalcomponent_free() overflowed a
 * 1 MiB stack. The nesting bound is enforced on the unfolded lines before
 * libical sees anything; the load runs on a thread with a 1 MiB stack. */
struct bomb {
    char *text;
    size_t len;
    enum unalloc_status st;
    struct unalloc_error err;
};

static void *
load_bomb(void *arg)
{
    struct bomb *b = arg;
    b->st = load(b->text, b->len, NULL, &b->err);
    return NULL;
}

static void
test_folded_nesting_bomb(void **state)
{
    const char head[] = "BEGIN:VCALENDAR\r\n" EVENT("20240702", "x"), open[] = "BEG\r\n IN:X-A\r\n",
               close[] = "EN\r\n D:X-A\r\n", tail[] = "END:VCALENDAR\r\n";
    const int levels = 38000; /* 1,026,000 bytes: under the size limit */
    struct bomb b;
    pthread_attr_t attr;
    pthread_t t;
    size_t cap = sizeof head + levels * (sizeof open + sizeof close) + sizeof tail, o = 0;
    (void)state;
    b.text = malloc(cap);
    memcpy(b.text, head, sizeof head - 1);
    o += sizeof head - 1;
    for (int i = 0; i < levels; i++, o += sizeof open - 1)
        memcpy(b.text + o, open, sizeof open - 1);
    for (int i = 0; i < levels; i++, o += sizeof close - 1)
        memcpy(b.text + o, close, sizeof close - 1);
    memcpy(b.text + o, tail, sizeof tail - 1);
    b.len = o + sizeof tail - 1;
    assert_true(b.len < UNALLOC_ICAL_MAX_BYTES);
    assert_int_equal(pthread_attr_init(&attr), 0);
    assert_int_equal(pthread_attr_setstacksize(&attr, 1 << 20), 0);
    assert_int_equal(pthread_create(&t, &attr, load_bomb, &b), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    pthread_attr_destroy(&attr);
    assert_int_equal(b.st, UNALLOC_E_PARSE);
    /* The fourth folded BEGIN (depth 5) starts on physical line 6 + 7. */
    assert_int_equal(b.err.line, 13);
    assert_int_equal(b.err.column, 1);
    assert_non_null(strstr(b.err.message, "nested more than 4 deep"));
    free(b.text);
}

static void
test_bom_and_lf(void **state)
{
    struct unalloc_calendar *cal = NULL;
    struct unalloc_error err;
    (void)state;
    const char *text = "\xef\xbb\xbf"
                       "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240702\n"
                       "SUMMARY:LF only\nEND:VEVENT\nEND:VCALENDAR\n";
    if (load_str(text, &cal, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_false(working(cal, D(2024, 7, 2)));
    unalloc_calendar_free(cal);
}

struct hostile {
    const char *what;
    const char *text;
    enum unalloc_status code;
    int line; /* expected error line, 0 = don't check */
    const char *needle;
};

static void
test_hostile_inputs(void **state)
{
    static const struct hostile cases[] = {
        { "30 February", HEAD EVENT("20240230", "Bad") TAIL, UNALLOC_E_PARSE, 4, "February" },
        { "month 13", HEAD EVENT("20241301", "Bad") TAIL, UNALLOC_E_PARSE, 4, NULL },
        { "bad DTSTART value", HEAD EVENT("notadate", "Bad") TAIL, UNALLOC_E_PARSE, 4, NULL },
        { "timed event",
          HEAD "BEGIN:VEVENT\r\nDTSTART:20240702T090000\r\nSUMMARY:x\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 4, "all-day" },
        { "no DTSTART", HEAD "BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n" TAIL, UNALLOC_E_PARSE, 4,
          "DTSTART" },
        { "RRULE",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240101\r\nRRULE:FREQ=DAILY\r\n"
               "SUMMARY:x\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 4, "recurring" },
        { "RDATE",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240101\r\nRDATE;VALUE=DATE:20240102\r\n"
               "SUMMARY:x\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 4, "recurring" },
        { "DTEND before DTSTART",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240105\r\nDTEND;VALUE=DATE:20240101\r\n"
               "SUMMARY:x\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 4, "ends before" },
        { "year-long event",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240101\r\nDTEND;VALUE=DATE:20260101\r\n"
               "SUMMARY:x\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 4, "366" },
        { "out of range", HEAD EVENT("18991231", "Old") TAIL, UNALLOC_E_RANGE, 4, NULL },
        { "empty", "", UNALLOC_E_PARSE, 0, "no events" },
        { "no events", HEAD TAIL, UNALLOC_E_PARSE, 0, "no events" },
        { "not iCalendar", "hello\nBEGIN:VEVENT\nEND:VEVENT\n", UNALLOC_E_PARSE, 0, NULL },
        { "deep nesting",
          HEAD "BEGIN:VEVENT\r\nBEGIN:VALARM\r\nBEGIN:X\r\nBEGIN:Y\r\nEND:Y\r\nEND:X\r\n"
               "END:VALARM\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 7, "nested" },
        { "unbalanced END", HEAD EVENT("20240702", "x") "END:VEVENT\r\n" TAIL, UNALLOC_E_PARSE, 0,
          "END" },
        { "missing END", HEAD EVENT("20240702", "x"), UNALLOC_E_PARSE, 0, "has no END" },
        { "event outside the calendar", HEAD EVENT("20240702", "x") TAIL EVENT("20240703", "y"),
          UNALLOC_E_PARSE, 0, NULL },
        { "invalid UTF-8", HEAD EVENT("20240702", "caf\xe9") TAIL, UNALLOC_E_PARSE, 6, "UTF-8" },
        { "overlong UTF-8", HEAD EVENT("20240702", "\xc0\xaf") TAIL, UNALLOC_E_PARSE, 6, "UTF-8" },
        { "bad DURATION",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240105\r\nDURATION:PT5H\r\n"
               "SUMMARY:x\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "DURATION:PT5H is not a positive number of whole days" },
        /* Structure is checked on the unfolded lines, as libical reads them. */
        { "an event nested in an event, counts kept equal by a folded BEGIN:VEV ENT",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\n"
               "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\nEND:VEVENT\r\n"
               "END:VEVENT\r\n"
               "BEGIN:VEV\r\n ENT\r\nDTSTART;VALUE=DATE:20240703\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "an event inside VEVENT (line 4)" },
        { "a folded nested event",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\n"
               "BEGIN:VEV\r\n ENT\r\nDTSTART;VALUE=DATE:20240702\r\nEND:VEVENT\r\n"
               "END:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "an event inside VEVENT" },
        { "an event inside an X- component",
          HEAD "BEGIN:X-A\r\n" EVENT("20240702", "x") "END:X-A\r\n" TAIL, UNALLOC_E_PARSE, 5,
          "an event inside X-A (line 4)" },
        { "an event inside an unknown component",
          HEAD "BEGIN:VTODO\r\n" EVENT("20240702", "x") "END:VTODO\r\n" TAIL, UNALLOC_E_PARSE,
          5, "an event inside VTODO" },
        { "two DTSTARTs",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDTSTART;VALUE=DATE:20240702\r\n"
               "END:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "a second DTSTART in the event of line 4 (the first is on line 5)" },
        { "two DTENDs",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDTEND;VALUE=DATE:20240702\r\n"
               "dtend;VALUE=DATE:20240703\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 7, "a second DTEND" },
        { "two DURATIONs",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDURATION:P1D\r\n"
               "DURATION:P2D\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 7, "a second DURATION" },
        { "two STATUS lines",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nSTATUS:CONFIRMED\r\n"
               "STATUS:CANCELLED\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 7, "a second STATUS" },
        { "a folded second DTSTART",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDTST\r\n ART;VALUE=DATE:20240702\r\n"
               "END:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "a second DTSTART" },
        { "DTEND and DURATION",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDURATION:P1D\r\n"
               "DTEND;VALUE=DATE:20240702\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 7, "both DTEND (line 7) and DURATION (line 6)" },
        { "END closing the wrong component",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nBEGIN:VALARM\r\nEND:VEVENT\r\n"
               "END:VALARM\r\n" TAIL,
          UNALLOC_E_PARSE, 7, "END:VEVENT does not close BEGIN:VALARM of line 6" },
        { "a second calendar inside the first",
          HEAD "BEGIN:VCALENDAR\r\n" EVENT("20240702", "x") "END:VCALENDAR\r\n" TAIL,
          UNALLOC_E_PARSE, 4, "VCALENDAR inside" },
        { "a continuation line first", " BEGIN:VCALENDAR\r\n" EVENT("20240702", "x") TAIL,
          UNALLOC_E_PARSE, 1, "folded" },
        { "a line that is not NAME:value", HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\n"
          "garbage\r\nEND:VEVENT\r\n" TAIL, UNALLOC_E_PARSE, 6, "'garbage' is not a content line" },
        /* Durations: read as written, in 64 bits, and quoted as written. */
        { "DURATION past int",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDURATION:P2147483600D\r\n"
               "END:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "DURATION:P2147483600D is more than 366 days" },
        { "DURATION past unsigned int",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDURATION:P4294967297D\r\n"
               "END:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "DURATION:P4294967297D is more than 366 days" },
        { "DURATION past 64 bits",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\n"
               "DURATION:P99999999999999999999999W\r\nEND:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "DURATION:P99999999999999999999999W is more than 366 days" },
        { "DURATION of 367 days",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDURATION:P52W3D\r\n"
               "END:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "DURATION:P52W3D is more than 366 days" },
        { "negative DURATION",
          HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nDURATION:-P1D\r\n"
               "END:VEVENT\r\n" TAIL,
          UNALLOC_E_PARSE, 6, "DURATION:-P1D is not a positive number" },
        { "CR-only line ends, an error on line 5",
          "BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:20240701\r"
          "DTSTART;VALUE=DATE:20240702\rEND:VEVENT\rEND:VCALENDAR\r",
          UNALLOC_E_PARSE, 5, "a second DTSTART in the event of line 3" },
        { "CR-only line ends, unbalanced",
          "BEGIN:VCALENDAR\rVERSION:2.0\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:20240701\r"
          "END:VEVENT\r",
          UNALLOC_E_PARSE, 6, "BEGIN:VCALENDAR of line 1 has no END" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_error err;
        struct unalloc_calendar *cal = NULL;
        unalloc_error_clear(&err);
        enum unalloc_status st = load_str(cases[i].text, &cal, &err);
        if (st != cases[i].code)
            fail_msg("%s: got %s (%s), expected %s", cases[i].what, unalloc_status_name(st),
                     err.message, unalloc_status_name(cases[i].code));
        assert_null(cal);
        if (cases[i].line && err.line != cases[i].line)
            fail_msg("%s: error on line %d, expected %d (%s)", cases[i].what, err.line,
                     cases[i].line, err.message);
        if (cases[i].needle && !strstr(err.message, cases[i].needle))
            fail_msg("%s: message '%s' lacks '%s'", cases[i].what, err.message, cases[i].needle);
    }
}

/* X-LIC-ERROR written into the file itself, and libical's own annotations. */
static void
test_xlic_error(void **state)
{
    struct unalloc_error err;
    (void)state;
    const char *planted = HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\n"
                               "X-LIC-ERROR;X-LIC-ERRORTYPE=VALUE-PARSE-ERROR:bad\r\n"
                               "SUMMARY:x\r\nEND:VEVENT\r\n" TAIL;
    assert_int_equal(load_str(planted, NULL, &err), UNALLOC_E_PARSE);
    assert_non_null(strstr(err.message, "libical"));
    const char *bad_prop = HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\n"
                                "DTEND;VALUE=DATE:garbage\r\nSUMMARY:x\r\nEND:VEVENT\r\n" TAIL;
    assert_int_equal(load_str(bad_prop, NULL, &err), UNALLOC_E_PARSE);
    assert_int_equal(err.line, 4);
}

static void
test_limits(void **state)
{
    struct unalloc_error err;
    size_t big = UNALLOC_ICAL_MAX_BYTES + 1;
    char *text = malloc(big);
    (void)state;
    memset(text, 'A', big);
    assert_int_equal(load(text, big, NULL, &err), UNALLOC_E_LIMIT);
    assert_non_null(strstr(err.message, "limit"));
    /* NUL bytes inside the data. */
    const char nul[] = HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\nSUMMARY:a\0b\r\n"
                            "END:VEVENT\r\n" TAIL;
    assert_int_equal(load(nul, sizeof nul - 1, NULL, &err), UNALLOC_E_PARSE);
    assert_non_null(strstr(err.message, "NUL"));
    assert_int_equal(err.line, 6);
    /* Summary too long to be a holiday's name. */
    char *longname = malloc(2000);
    snprintf(longname, 2000, HEAD "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\nSUMMARY:");
    size_t n = strlen(longname);
    memset(longname + n, 'x', 300);
    snprintf(longname + n + 300, 2000 - n - 300, "\r\nEND:VEVENT\r\n" TAIL);
    assert_int_equal(load_str(longname, NULL, &err), UNALLOC_E_PARSE);
    /* Many events: fine within the size cap. */
    size_t cap = 900000, len = 0;
    char *many = malloc(cap);
    len += (size_t)snprintf(many, cap, HEAD);
    int events = 0;
    for (int y = 1950; y < 2150 && len + 200 < cap; y++)
        for (int m = 1; m <= 12 && len + 200 < cap; m++, events++)
            len += (size_t)snprintf(many + len, cap - len,
                                    "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:%04d%02d15\r\n"
                                    "SUMMARY:m\r\nEND:VEVENT\r\n",
                                    y, m);
    len += (size_t)snprintf(many + len, cap - len, TAIL);
    struct unalloc_calendar *cal = NULL;
    if (load(many, len, &cal, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_true(events > 2000);
    assert_true(unalloc_calendar_year_loaded(cal, 2000));
    unalloc_calendar_free(cal);
    free(many);
    free(longname);
    free(text);
}

/* Two calendars run together: every event is read, or the load fails; never
 * a silent partial read. */
static void
test_concatenated(void **state)
{
    struct unalloc_error err;
    struct unalloc_calendar *cal = NULL;
    char *two = malloc(2 * fixture_size + 1);
    (void)state;
    memcpy(two, fixture, fixture_size);
    memcpy(two + fixture_size, fixture, fixture_size);
    enum unalloc_status st = load(two, 2 * fixture_size, &cal, &err);
    if (st == UNALLOC_OK) {
        assert_false(working(cal, D(2016, 12, 27)));
        assert_true(unalloc_calendar_year_loaded(cal, 2017));
        unalloc_calendar_free(cal);
    } else {
        assert_int_equal(st, UNALLOC_E_PARSE);
    }
    free(two);
}

/* libical's process-wide settings are the caller's before and after a load,
 * even when the caller made errors fatal (a load that failed to protect them
 * would abort this test). */
static void
test_libical_settings_restored(void **state)
{
    struct unalloc_error err;
    (void)state;
    icalerror_set_errors_are_fatal(1);
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_FATAL);
    icalerrno = ICAL_USAGE_ERROR;
    assert_int_equal(load_str(HEAD EVENT("notadate", "Bad") TAIL, NULL, &err), UNALLOC_E_PARSE);
    assert_int_equal(load(fixture, fixture_size, NULL, &err), UNALLOC_OK);
    assert_int_equal(icalerror_get_errors_are_fatal(), 1);
    assert_int_equal(icalerror_get_error_state(ICAL_MALFORMEDDATA_ERROR), ICAL_ERROR_FATAL);
    assert_int_equal(icalerrno, ICAL_USAGE_ERROR);
    icalerror_set_errors_are_fatal(0);
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_DEFAULT);
    icalerrno = ICAL_NO_ERROR;
}

static void *
loader(void *p)
{
    long *ok = p;
    for (int i = 0; i < 25; i++) {
        struct unalloc_calendar *cal = NULL;
        struct unalloc_error err;
        if (load(fixture, fixture_size, &cal, &err) == UNALLOC_OK) {
            bool w = true;
            unalloc_calendar_is_working_day(&w, cal, D(2012, 6, 5), NULL);
            if (!w)
                (*ok)++;
            unalloc_calendar_free(cal);
        }
        /* And a bad one, which exercises libical's error paths concurrently. */
        load_str(HEAD EVENT("notadate", "Bad") TAIL, NULL, &err);
    }
    return NULL;
}

static void
test_threads_load(void **state)
{
    pthread_t t[4];
    long ok[4] = { 0, 0, 0, 0 };
    (void)state;
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, loader, &ok[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(ok[i], 25);
    }
}

static void
test_failed_load_leaves_builder(void **state)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal;
    struct unalloc_error err;
    (void)state;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    /* The first event is fine, the second is not: nothing is kept. */
    const char *text = HEAD EVENT("20240701", "ok") EVENT("20240230", "bad") TAIL;
    assert_int_equal(unalloc_calendar_builder_load_ical(b, text, strlen(text), &err),
                     UNALLOC_E_PARSE);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, NULL), UNALLOC_OK);
    assert_false(unalloc_calendar_year_loaded(cal, 2024));
    assert_true(working(cal, D(2024, 7, 1)));
    assert_false(working(cal, D(2024, 12, 25)));
    unalloc_calendar_free(cal);
    assert_int_equal(unalloc_calendar_builder_load_ical(b, NULL, 5, &err), UNALLOC_E_INVALID);
    unalloc_calendar_builder_free(b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_govuk_fixture),
        cmocka_unit_test(test_loaded_years_replace_rules),
        cmocka_unit_test(test_multi_day_and_duration),
        cmocka_unit_test(test_bom_and_lf),
        cmocka_unit_test(test_line_ends_and_folds),
        cmocka_unit_test(test_folded_nesting_bomb),
        cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_xlic_error),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_concatenated),
        cmocka_unit_test(test_libical_settings_restored),
        cmocka_unit_test(test_threads_load),
        cmocka_unit_test(test_failed_load_leaves_builder),
    };
    return cmocka_run_group_tests_name("ical", tests, load_fixture, free_fixture);
}
