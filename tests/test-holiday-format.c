/*
 * libunalloc tests: a calendar's holidays as TSV, CSV, JSON lines and
 * iCalendar (unalloc_calendar_append_holidays()), worked by hand; the
 * iCalendar read back by libical itself and by the library's own reader.
 *
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>

#include <libical/ical.h>

#include "test-util.h"

/* England and Wales with a closure from Tuesday 29 December 2026 to Sunday
 * 3 January 2027 whose name needs quoting in CSV, JSON and iCalendar. */
#define CLOSURE_NAME "Staff day; all, \"offices\" \\ shut"

static struct unalloc_calendar *
make_calendar(const char *closure_name)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2026, 12, 29), D(2027, 1, 3),
                                                          closure_name, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, NULL), UNALLOC_OK);
    unalloc_calendar_builder_free(b);
    return cal;
}

static char *
listing(const struct unalloc_calendar *cal, struct unalloc_date from, struct unalloc_date to,
        enum unalloc_holiday_format f, size_t *len_out)
{
    size_t first, count, len = 0;
    char *buf = NULL;
    struct unalloc_error err;
    assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, from, to, NULL), UNALLOC_OK);
    if (unalloc_calendar_append_holidays(&buf, &len, cal, first, count, f,
                                         UNALLOC_HOLIDAYS_HEAD | UNALLOC_HOLIDAYS_TAIL,
                                         &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(strlen(buf), len);
    if (len_out)
        *len_out = len;
    return buf;
}

/* Worked by hand: Christmas Day is a Friday; Boxing Day, a Saturday, moves to
 * Monday 28; the closure's weekdays are 29, 30, 31 December (its Saturday
 * and Sunday, 2 and 3 January, are left out); 1 January is a bank holiday
 * inside the closure and keeps its name. */
static void
test_text_formats(void **state)
{
    struct unalloc_calendar *cal = make_calendar(CLOSURE_NAME);
    char *s;
    (void)state;
    s = listing(cal, D(2026, 12, 20), D(2027, 1, 5), UNALLOC_HOLIDAY_FORMAT_TSV, NULL);
    assert_string_equal(s, "2026-12-25\tChristmas Day\n"
                           "2026-12-28\tBoxing Day (substitute day)\n"
                           "2026-12-29\t" CLOSURE_NAME "\n"
                           "2026-12-30\t" CLOSURE_NAME "\n"
                           "2026-12-31\t" CLOSURE_NAME "\n"
                           "2027-01-01\tNew Year\xe2\x80\x99s Day\n");
    unalloc_free(s);
    s = listing(cal, D(2026, 12, 28), D(2026, 12, 29), UNALLOC_HOLIDAY_FORMAT_CSV, NULL);
    assert_string_equal(s, "date,name,source\n"
                           "2026-12-28,Boxing Day (substitute day),rule\n"
                           "2026-12-29,\"Staff day; all, \"\"offices\"\" \\ shut\",closure\n");
    unalloc_free(s);
    s = listing(cal, D(2026, 12, 28), D(2026, 12, 29), UNALLOC_HOLIDAY_FORMAT_JSON, NULL);
    assert_string_equal(s, "{\"date\":\"2026-12-28\",\"name\":\"Boxing Day (substitute day)\","
                           "\"source\":\"rule\"}\n"
                           "{\"date\":\"2026-12-29\",\"name\":\"Staff day; all, \\\"offices\\\" "
                           "\\\\ shut\",\"source\":\"closure\"}\n");
    unalloc_free(s);
    /* A range with no named weekday: the head and tail alone. */
    s = listing(cal, D(2027, 1, 2), D(2027, 1, 3), UNALLOC_HOLIDAY_FORMAT_CSV, NULL);
    assert_string_equal(s, "date,name,source\n");
    unalloc_free(s);
    s = listing(cal, D(2027, 1, 2), D(2027, 1, 3), UNALLOC_HOLIDAY_FORMAT_TSV, NULL);
    assert_string_equal(s, "");
    unalloc_free(s);
    unalloc_calendar_free(cal);
}

/* The head, each record and the tail, appended one call at a time, give the
 * same bytes as one call; so does the same call again. */
static void
test_parts_and_determinism(void **state)
{
    struct unalloc_calendar *cal = make_calendar(CLOSURE_NAME);
    (void)state;
    for (int f = 0; f < 4; f++) {
        size_t first, count, len = 0, whole_len;
        char *buf = NULL;
        char *whole = listing(cal, D(2026, 1, 1), D(2027, 12, 31),
                              (enum unalloc_holiday_format)f, &whole_len);
        char *again = listing(cal, D(2026, 1, 1), D(2027, 12, 31),
                              (enum unalloc_holiday_format)f, NULL);
        assert_string_equal(whole, again);
        assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, D(2026, 1, 1),
                                                   D(2027, 12, 31), NULL),
                         UNALLOC_OK);
        assert_int_equal(unalloc_calendar_append_holidays(&buf, &len, cal, first, 0,
                                                          (enum unalloc_holiday_format)f,
                                                          UNALLOC_HOLIDAYS_HEAD, NULL),
                         UNALLOC_OK);
        for (size_t i = first; i < first + count; i++)
            assert_int_equal(unalloc_calendar_append_holidays(&buf, &len, cal, i, 1,
                                                              (enum unalloc_holiday_format)f, 0,
                                                              NULL),
                             UNALLOC_OK);
        assert_int_equal(unalloc_calendar_append_holidays(&buf, &len, cal, first + count, 0,
                                                          (enum unalloc_holiday_format)f,
                                                          UNALLOC_HOLIDAYS_TAIL, NULL),
                         UNALLOC_OK);
        assert_int_equal(len, whole_len);
        assert_string_equal(buf, whole);
        unalloc_free(buf);
        unalloc_free(whole);
        unalloc_free(again);
    }
    unalloc_calendar_free(cal);
}

static void
test_format_names(void **state)
{
    struct unalloc_error err;
    enum unalloc_holiday_format f;
    (void)state;
    for (int i = 0; i < 4; i++) {
        const char *name = unalloc_holiday_format_name((enum unalloc_holiday_format)i);
        assert_non_null(name);
        assert_int_equal(unalloc_holiday_format_parse(&f, name, NULL), UNALLOC_OK);
        assert_int_equal(f, i);
    }
    assert_string_equal(unalloc_holiday_format_name(UNALLOC_HOLIDAY_FORMAT_ICS), "ics");
    assert_int_equal(unalloc_holiday_format_parse(&f, "xml", &err), UNALLOC_E_INVALID);
    assert_string_equal(err.message,
                        "unknown holiday format 'xml' (expected tsv, csv, json or ics)");
    assert_string_equal(unalloc_holiday_source_name(UNALLOC_HOLIDAY_RULE), "rule");
    assert_string_equal(unalloc_holiday_source_name(UNALLOC_HOLIDAY_FILE), "file");
    assert_string_equal(unalloc_holiday_source_name(UNALLOC_HOLIDAY_CLOSURE), "closure");
}

/* The iCalendar text, read by libical: one all-day VEVENT per named weekday,
 * its dates, name, source, UID and DTSTAMP as documented; CRLF line ends and
 * no line over 75 octets. */
static void
test_ics_read_by_libical(void **state)
{
    struct unalloc_calendar *cal = make_calendar(CLOSURE_NAME);
    size_t first, count, n = 0, len;
    char *text = listing(cal, D(2026, 1, 1), D(2027, 12, 31), UNALLOC_HOLIDAY_FORMAT_ICS, &len);
    icalcomponent *root, *ev;
    (void)state;
    assert_true(strncmp(text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
    assert_string_equal(text + len - 15, "END:VCALENDAR\r\n");
    for (const char *p = text, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        assert_non_null(nl);
        assert_true(nl > p && nl[-1] == '\r');
        assert_true(nl - p - 1 <= 75);
    }
    root = icalparser_parse_string(text);
    assert_non_null(root);
    assert_int_equal(icalcomponent_isa(root), ICAL_VCALENDAR_COMPONENT);
    assert_null(icalcomponent_get_first_property(root, ICAL_XLICERROR_PROPERTY));
    assert_int_equal(unalloc_calendar_holidays(&first, &count, cal, D(2026, 1, 1),
                                               D(2027, 12, 31), NULL),
                     UNALLOC_OK);
    ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    for (size_t i = first; i < first + count; i++) {
        struct unalloc_holiday h;
        int wd;
        char uid[64], stamp[32];
        struct icaltimetype s, e, st;
        assert_int_equal(unalloc_calendar_holiday(&h, cal, i, NULL), UNALLOC_OK);
        assert_int_equal(unalloc_date_weekday(&wd, h.date, NULL), UNALLOC_OK);
        if (wd > 5)
            continue;
        assert_non_null(ev);
        assert_null(icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY));
        s = icalcomponent_get_dtstart(ev);
        e = icalcomponent_get_dtend(ev);
        assert_true(s.is_date && e.is_date);
        assert_int_equal(s.year, h.date.year);
        assert_int_equal(s.month, h.date.month);
        assert_int_equal(s.day, h.date.day);
        assert_int_equal(icaltime_compare(icaltime_add(s, icaldurationtype_from_int(86400)), e),
                         0);
        assert_string_equal(icalcomponent_get_summary(ev), h.name);
        assert_string_equal(icalproperty_get_categories(icalcomponent_get_first_property(
                                ev, ICAL_CATEGORIES_PROPERTY)),
                            unalloc_holiday_source_name(h.source));
        snprintf(uid, sizeof uid, "%04d%02d%02d-england-and-wales@libunalloc", h.date.year,
                 h.date.month, h.date.day);
        assert_string_equal(icalcomponent_get_uid(ev), uid);
        st = icalcomponent_get_dtstamp(ev);
        snprintf(stamp, sizeof stamp, "%04d%02d%02dT000000Z", h.date.year, h.date.month,
                 h.date.day);
        assert_string_equal(icaltime_as_ical_string(st), stamp);
        n++;
        ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT);
    }
    assert_null(ev);
    /* 2026: 8 bank holidays (Boxing Day's substitute among them) and 3
     * closure weekdays; 2027: 8 bank holidays, New Year's Day in the
     * closure. */
    assert_int_equal(n, 19);
    icalcomponent_free(root);
    unalloc_free(text);
    unalloc_calendar_free(cal);
}

/* Round trip through the library's own reader: a calendar loaded from the
 * exported file (whole years, as the loaded years replace the rules) lists
 * the same days with the same names, the closure's escaped name included. */
static void
test_ics_round_trip(void **state)
{
    struct unalloc_calendar *cal = make_calendar(CLOSURE_NAME), *back;
    struct unalloc_calendar_builder *b;
    struct unalloc_error err;
    size_t len;
    char *ics = listing(cal, D(2024, 1, 1), D(2027, 12, 31), UNALLOC_HOLIDAY_FORMAT_ICS, &len);
    char *want, *got;
    (void)state;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    if (unalloc_calendar_builder_load_ical(b, ics, len, &err) != UNALLOC_OK)
        fail_msg("%s", err.message);
    assert_int_equal(unalloc_calendar_builder_build(&back, b, NULL), UNALLOC_OK);
    for (int y = 2024; y <= 2027; y++)
        assert_true(unalloc_calendar_year_loaded(back, y));
    want = listing(cal, D(2024, 1, 1), D(2027, 12, 31), UNALLOC_HOLIDAY_FORMAT_TSV, NULL);
    got = listing(back, D(2024, 1, 1), D(2027, 12, 31), UNALLOC_HOLIDAY_FORMAT_TSV, NULL);
    assert_string_equal(got, want);
    /* Loaded back, every day's source is the file, nothing else changes:
     * the same working days. */
    for (struct unalloc_date d = D(2024, 1, 1); d.year <= 2027;) {
        bool w1, w2;
        assert_int_equal(unalloc_calendar_is_working_day(&w1, cal, d, NULL), UNALLOC_OK);
        assert_int_equal(unalloc_calendar_is_working_day(&w2, back, d, NULL), UNALLOC_OK);
        assert_int_equal(w1, w2);
        assert_int_equal(unalloc_date_add_days(&d, d, 1, NULL), UNALLOC_OK);
    }
    unalloc_free(want);
    unalloc_free(got);
    unalloc_free(ics);
    unalloc_calendar_free(back);
    unalloc_calendar_builder_free(b);
    unalloc_calendar_free(cal);
}

/* The last day of the range: DTEND is 2200-01-01, which libical writes and
 * the reader accepts (DTEND is exclusive). */
static void
test_ics_last_day(void **state)
{
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal;
    size_t len;
    char *ics;
    (void)state;
    assert_int_equal(unalloc_calendar_builder_new(&b, UNALLOC_REGION_SCOTLAND, NULL), UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_add_closure(b, D(2199, 12, 30), D(2199, 12, 31),
                                                          "end", NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_calendar_builder_build(&cal, b, NULL), UNALLOC_OK);
    ics = listing(cal, D(2199, 12, 30), D(2199, 12, 31), UNALLOC_HOLIDAY_FORMAT_ICS, &len);
    assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:21991231\r\nDTEND;VALUE=DATE:22000101\r\n"));
    assert_non_null(strstr(ics, "UID:21991231-scotland@libunalloc\r\n"));
    assert_int_equal(unalloc_calendar_builder_load_ical(b, ics, len, NULL), UNALLOC_OK);
    unalloc_free(ics);
    unalloc_calendar_free(cal);
    unalloc_calendar_builder_free(b);
}

/* Threads formatting iCalendar from one calendar while others load files:
 * the libical lock keeps them apart, and every thread gets the same bytes. */
struct job {
    const struct unalloc_calendar *cal;
    const char *want;
    int ok;
};

static void *
format_job(void *arg)
{
    struct job *j = arg;
    j->ok = 1;
    for (int i = 0; i < 20 && j->ok; i++) {
        size_t first, count, len = 0;
        char *buf = NULL;
        struct unalloc_calendar_builder *b = NULL;
        if (unalloc_calendar_holidays(&first, &count, j->cal, D(2026, 1, 1), D(2026, 12, 31),
                                      NULL) != UNALLOC_OK ||
            unalloc_calendar_append_holidays(&buf, &len, j->cal, first, count,
                                             UNALLOC_HOLIDAY_FORMAT_ICS,
                                             UNALLOC_HOLIDAYS_HEAD | UNALLOC_HOLIDAYS_TAIL,
                                             NULL) != UNALLOC_OK ||
            strcmp(buf, j->want) != 0 ||
            unalloc_calendar_builder_new(&b, UNALLOC_REGION_ENGLAND_AND_WALES, NULL) !=
                UNALLOC_OK ||
            unalloc_calendar_builder_load_ical(b, buf, len, NULL) != UNALLOC_OK)
            j->ok = 0;
        unalloc_calendar_builder_free(b);
        unalloc_free(buf);
    }
    return NULL;
}

static void
test_threads(void **state)
{
    struct unalloc_calendar *cal = make_calendar(CLOSURE_NAME);
    char *want = listing(cal, D(2026, 1, 1), D(2026, 12, 31), UNALLOC_HOLIDAY_FORMAT_ICS, NULL);
    pthread_t t[4];
    struct job jobs[4];
    (void)state;
    for (int i = 0; i < 4; i++) {
        jobs[i].cal = cal;
        jobs[i].want = want;
        assert_int_equal(pthread_create(&t[i], NULL, format_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_true(jobs[i].ok);
    }
    unalloc_free(want);
    unalloc_calendar_free(cal);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_formats),
        cmocka_unit_test(test_parts_and_determinism),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_ics_read_by_libical),
        cmocka_unit_test(test_ics_round_trip),
        cmocka_unit_test(test_ics_last_day),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests_name("holiday-format", tests, NULL, NULL);
}
