/*
 * libunalloc tests: mappings (doc/mapping-format.md): the parser and its
 * located errors, binding a header, reading rows (columns, fixed values,
 * value maps, the vocabulary in any case, placeholder workers) and dates.
 *
 * SPDX-License-Identifier: MIT
 */
#include "test-util.h"

static const char example[] =
    "# an export\n"
    "column case_id  \"Child ID\"\n"
    "column at       \"Event Date\"\n"
    "column event    \"Event Type\"\n"
    "column detail   \"Category\"\n"
    "column worker   \"Worker\"\n"
    "fixed locality  \"North\"\n"
    "date uk\n"
    "date iso\n"
    "event \"Allocated Worker Started\" -> allocated social-worker\n"
    "event \"Referral Received\" -> opened referral\n"
    "event \"Case Note\" -> ignore\n"
    "event \"Home Visit\" -> VISIT   # the vocabulary in any case\n"
    "category \"Child in Need\" -> cin\n"
    "role \"Team Manager\" -> team-manager\n"
    "rating \"R\" -> red\n"
    "worker \"Duty\" -> duty\n"
    "worker \"\" -> to-be-allocated\n"
    "worker prefix \"XX\" -> to-be-allocated\n"
    "worker prefix \"XXA\" -> atm\n";

static const char *const header[] = { "Event ID", "Child ID", "Event Type", "Event Date",
                                      "Category", "Worker", "Recorded By" };
#define NH (sizeof header / sizeof header[0])

static struct unalloc_mapping *
parse_ok(const char *text)
{
    struct unalloc_mapping *m = NULL;
    struct unalloc_error err;
    if (unalloc_mapping_parse(&m, text, strlen(text), &err) != UNALLOC_OK)
        fail_msg("parse failed: %s", err.message);
    return m;
}

/* Parses text, expecting an error at line:column whose message contains want. */
static void
parse_bad(const char *text, int line, int column, const char *want)
{
    struct unalloc_mapping *m = (struct unalloc_mapping *)&m;
    struct unalloc_error err;
    assert_int_equal(unalloc_mapping_parse(&m, text, strlen(text), &err), UNALLOC_E_PARSE);
    assert_null(m);
    if (err.line != line || err.column != column || !strstr(err.message, want))
        fail_msg("expected %d:%d '%s', got %d:%d '%s'", line, column, want, err.line, err.column,
                 err.message);
}

static void
test_parse_errors(void **state)
{
    (void)state;
    parse_bad("colum case_id \"X\"\n", 1, 1, "unknown statement 'colum'");
    parse_bad("# c\ncolumn case \"X\"\n", 2, 8, "unknown field 'case' (expected case_id, at,");
    parse_bad("column at \"A\"\ncolumn at \"B\"\n", 2, 8, "at has a column or a fixed value");
    parse_bad("fixed case_id \"X\"\n", 1, 7, "case_id cannot be fixed");
    parse_bad("fixed at \"31/02/2024\"\n", 1, 10, "not a date in the form YYYY-MM-DD");
    parse_bad("column at \"A\n", 1, 11, "no closing '\"'");
    parse_bad("event \"X\" -> alocated\n", 1, 14,
              "unknown event kind 'alocated' (did you mean 'allocated'?");
    parse_bad("event \"X\" allocated\n", 1, 11, "expected 'event \"the export's words\" -> KIND");
    /* a statement of the right kind with a wrong word: at that word */
    parse_bad("column case_id = id\n", 1, 16, "expected 'column FIELD \"Column Name\"'");
    parse_bad("column case_id Child\n", 1, 16, "expected 'column FIELD \"Column Name\"'");
    parse_bad("column case_id \"Child\" ID\n", 1, 24, "expected 'column FIELD \"Column Name\"'");
    parse_bad("column case_id\n", 1, 1, "expected 'column FIELD \"Column Name\"'");
    parse_bad("event X -> allocated\n", 1, 7, "expected 'event \"the export's words\" -> KIND");
    parse_bad("event \"X\" => allocated\n", 1, 11, "expected 'event \"the export's words\" -> KIND");
    parse_bad("event \"X\" -> closed cin\n", 1, 21, "'closed' takes no detail");
    parse_bad("event \"X\" -> opened social-worker\n", 1, 21,
              "unknown category 'social-worker' (expected referral, single-assessment, s47, cin, "
              "cp, cla, youth-justice, early-help)");
    parse_bad("category \"CIN\" -> cin\ncategory \"cin \" -> cp\n", 2, 1,
              "'cin' is already mapped at line 1");
    parse_bad("role \"TM\" -> manager\n", 1, 14, "unknown role 'manager' (expected social-worker,");
    parse_bad("rating \"R\" -> crimson\n", 1, 15,
              "unknown rating 'crimson' (expected red, amber, yellow, green)");
    parse_bad("worker prefix \"\" -> duty\n", 1, 15, "an empty prefix");
    parse_bad("date \"%d/%m\"\n", 1, 6, "a date pattern needs %Y, %m and %d");
    parse_bad("date \"%d/%m/%Y %q\"\n", 1, 16, "unknown % code");
    parse_bad("date american\n", 1, 6, "unknown date format 'american'");
    parse_bad("column at \"A\"x\n", 1, 14, "a space must follow a string");
    parse_bad("column at \"A\\n\"\n", 1, 13, "unknown escape");
    parse_bad("column at \"\xff\"\n", 1, 1, "not UTF-8");
    parse_bad("event \"X\" -> ignore visit\n", 1, 21, "'ignore' takes no detail");
    parse_bad("\"event\" \"X\" -> visit\n", 1, 1, "starts with a statement");
    {
        char big[64];
        struct unalloc_mapping *m;
        struct unalloc_error err;
        snprintf(big, sizeof big, "x");
        assert_int_equal(unalloc_mapping_parse(&m, big, UNALLOC_MAPPING_MAX_BYTES + 1, &err),
                         UNALLOC_E_LIMIT);
        assert_non_null(strstr(err.message, "the limit is 1048576"));
        assert_int_equal(unalloc_mapping_parse(&m, "column at \"a\0b\"\n", 16, &err),
                         UNALLOC_E_PARSE);
        assert_non_null(strstr(err.message, "NUL"));
    }
}

static void
test_bind(void **state)
{
    struct unalloc_mapping *m = parse_ok(example), *id;
    struct unalloc_error err;
    int cols[UNALLOC_FIELD_COUNT_];
    size_t ignored = 99;
    char *note = NULL;
    (void)state;
    assert_int_equal(unalloc_mapping_bind(cols, &ignored, m, header, NH, &err), UNALLOC_OK);
    assert_int_equal(cols[UNALLOC_FIELD_CASE_ID], 1);
    assert_int_equal(cols[UNALLOC_FIELD_AT], 3);
    assert_int_equal(cols[UNALLOC_FIELD_EVENT], 2);
    assert_int_equal(cols[UNALLOC_FIELD_DETAIL], 4);
    assert_int_equal(cols[UNALLOC_FIELD_WORKER], 5);
    assert_int_equal(cols[UNALLOC_FIELD_LOCALITY], -1); /* fixed */
    assert_int_equal(ignored, 2);
    assert_int_equal(unalloc_mapping_columns_note(&note, cols, header, NH, &err), UNALLOC_OK);
    assert_string_equal(note, "ignored columns: 'Event ID', 'Recorded By'");
    unalloc_free(note);

    /* a needed column missing, then twice */
    {
        const char *h2[] = { "Child ID", "Event Type", "Date" };
        const char *h3[] = { "Child ID", "Event Type", "Event Date", "child id", "Category",
                             "Worker" };
        const char *h4[] = { "Child ID", "Event Type", "Event Date", "Child ID" };
        assert_int_equal(unalloc_mapping_bind(cols, NULL, m, h2, 3, &err), UNALLOC_E_INVALID);
        assert_string_equal(err.message, "the header has no column 'Event Date' for at");
        /* exact first: "child id" is another column, not a repeat */
        assert_int_equal(unalloc_mapping_bind(cols, &ignored, m, h3, 6, &err), UNALLOC_OK);
        assert_int_equal(ignored, 1);
        assert_int_equal(cols[UNALLOC_FIELD_CASE_ID], 0);
        assert_int_equal(unalloc_mapping_bind(cols, NULL, m, h4, 4, &err), UNALLOC_E_INVALID);
        assert_int_equal(err.column, 4);
        assert_string_equal(err.message, "column 'Child ID' appears twice (columns 1 and 4)");
    }
    /* the identity mapping: the documented header, any case and spacing */
    assert_int_equal(unalloc_mapping_new(&id, &err), UNALLOC_OK);
    {
        const char *h[] = { " Case_ID", "AT", "event" };
        assert_int_equal(unalloc_mapping_bind(cols, &ignored, id, h, 3, &err), UNALLOC_OK);
        assert_int_equal(ignored, 0);
        assert_int_equal(cols[UNALLOC_FIELD_WORKER], -1);
        assert_int_equal(unalloc_mapping_columns_note(&note, cols, h, 3, &err), UNALLOC_OK);
        assert_null(note);
    }
    unalloc_mapping_free(id);
    unalloc_mapping_free(m);
}

/* Reads one row of the example export; fails on error. */
static struct unalloc_mapped_event
row(const struct unalloc_mapping *m, const char *date, const char *type, const char *cat,
    const char *worker)
{
    int cols[UNALLOC_FIELD_COUNT_];
    const char *f[] = { "E1", "C7", type, date, cat, worker, "someone" };
    struct unalloc_mapped_event ev;
    struct unalloc_error err;
    assert_int_equal(unalloc_mapping_bind(cols, NULL, m, header, NH, &err), UNALLOC_OK);
    if (unalloc_mapping_apply(&ev, m, cols, f, NH, &err) != UNALLOC_OK)
        fail_msg("apply: %s", err.message);
    return ev;
}

/* The error of one row: its column and message. */
static void
row_bad(const struct unalloc_mapping *m, const char *date, const char *type, const char *cat,
        const char *worker, enum unalloc_status code, int column, const char *want)
{
    int cols[UNALLOC_FIELD_COUNT_];
    const char *f[] = { "E1", "C7", type, date, cat, worker, "someone" };
    struct unalloc_mapped_event ev, before;
    struct unalloc_error err;
    assert_int_equal(unalloc_mapping_bind(cols, NULL, m, header, NH, &err), UNALLOC_OK);
    /* A failure leaves the caller's event as it was (here, a marked one). */
    memset(&ev, 0xA5, sizeof ev);
    before = ev;
    assert_int_equal(unalloc_mapping_apply(&ev, m, cols, f, NH, &err), code);
    if (err.column != column || strcmp(err.message, want) != 0)
        fail_msg("expected column %d '%s', got %d '%s'", column, want, err.column, err.message);
    assert_memory_equal(&ev, &before, sizeof ev);
}

static void
test_rows(void **state)
{
    struct unalloc_mapping *m = parse_ok(example);
    struct unalloc_mapped_event ev;
    (void)state;
    ev = row(m, "14/06/2024 09:30", "Allocated Worker Started", NULL, "SW12");
    assert_false(ev.ignore);
    assert_string_equal(ev.case_id, "C7");
    assert_date_equal(ev.at.at.date, 2024, 6, 14);
    assert_true(ev.at.has_time);
    assert_int_equal(ev.at.at.hour, 9);
    assert_int_equal(ev.at.at.minute, 30);
    assert_string_equal(ev.event, "allocated");
    assert_string_equal(ev.detail, "social-worker");
    assert_string_equal(ev.worker, "SW12");
    assert_string_equal(ev.locality, "North"); /* fixed */

    /* the vocabulary in any case, with spaces; the value maps likewise */
    ev = row(m, "1/6/2024", " OPENED ", "child in need", NULL);
    assert_string_equal(ev.event, "opened");
    assert_string_equal(ev.detail, "cin");
    assert_false(ev.at.has_time);
    assert_date_equal(ev.at.at.date, 2024, 6, 1);
    assert_null(ev.worker);
    ev = row(m, "2024-06-01", "Opened", "CIN", NULL);
    assert_string_equal(ev.detail, "cin");
    ev = row(m, "2024-06-01 10:15:59", "home visit", "Team Manager", "TM1");
    assert_string_equal(ev.event, "visit");
    assert_string_equal(ev.detail, "team-manager");
    assert_int_equal(ev.at.at.minute, 15); /* seconds dropped */
    ev = row(m, "2024-06-01", "rating", "r", NULL);
    assert_string_equal(ev.detail, "red");
    ev = row(m, "2024-06-01", "case note", "whatever", NULL);
    assert_true(ev.ignore);

    /* placeholder workers hold the case in a role that is not an allocation */
    ev = row(m, "2024-06-01", "Allocated Worker Started", NULL, "duty");
    assert_string_equal(ev.detail, "duty");
    assert_string_equal(ev.worker, "duty");
    ev = row(m, "2024-06-01", "allocated", "social-worker", NULL);
    assert_string_equal(ev.detail, "to-be-allocated");
    assert_string_equal(ev.worker, "to-be-allocated");
    ev = row(m, "2024-06-01", "Allocated Worker Started", NULL, "xx0042");
    assert_string_equal(ev.detail, "to-be-allocated");
    assert_string_equal(ev.worker, "xx0042");
    ev = row(m, "2024-06-01", "Allocated Worker Started", NULL, "XXA7"); /* the longer prefix */
    assert_string_equal(ev.detail, "atm");
    ev = row(m, "2024-06-01", "deallocated", "social-worker", "Duty");
    assert_string_equal(ev.detail, "duty");
    ev = row(m, "2024-06-01", "visit", NULL, "Duty"); /* only holdings change role */
    assert_null(ev.detail);

    row_bad(m, "2024-06-01", "alocated", NULL, "W", UNALLOC_E_INVALID, 3,
            "unknown event kind 'alocated' (did you mean 'allocated'? 'unalloc vocabulary' "
            "lists all 29)");
    row_bad(m, "2024-06-01", "Home Vist", NULL, "W", UNALLOC_E_INVALID, 3,
            "unknown event kind 'Home Vist' (did you mean the mapping's 'home visit'?)");
    row_bad(m, "2024-06-01", "Zzzzzzzzzz", NULL, "W", UNALLOC_E_INVALID, 3,
            "unknown event kind 'Zzzzzzzzzz' ('unalloc vocabulary' lists all 29)");
    row_bad(m, "2024-06-01", "opened", "CHIN", NULL, UNALLOC_E_INVALID, 5,
            "unknown detail 'CHIN' for 'opened' (expected referral, single-assessment, s47, cin, "
            "cp, cla, youth-justice, early-help)");
    row_bad(m, "2024-06-01", "worker-absent", "flu", "W", UNALLOC_E_INVALID, 5,
            "unknown detail 'flu' for 'worker-absent' (expected sick, leave, left)");
    row_bad(m, "31/02/2024", "opened", "cin", NULL, UNALLOC_E_INVALID, 4,
            "'31/02/2024' is not a valid date: February 2024 has 29 days");
    row_bad(m, "2024/06/01", "opened", "cin", NULL, UNALLOC_E_PARSE, 4,
            "'2024/06/01' is not a date in the form DD/MM/YYYY[ HH:MM] or YYYY-MM-DD[ HH:MM]");
    row_bad(m, "01/06/2024 24:00", "opened", "cin", NULL, UNALLOC_E_INVALID, 4,
            "'01/06/2024 24:00' is not a valid time: hours run 00-23 and minutes 00-59");
    row_bad(m, "01/06/1850", "opened", "cin", NULL, UNALLOC_E_RANGE, 4,
            "'01/06/1850' is outside the supported range 1900-01-01 to 2199-12-31");
    row_bad(m, "", "opened", "cin", NULL, UNALLOC_E_INVALID, 4, "the date (at) is empty");
    row_bad(m, "2024-06-01", NULL, "cin", NULL, UNALLOC_E_INVALID, 3, "the event is empty");
    {
        int cols[UNALLOC_FIELD_COUNT_];
        const char *f[] = { "E1", "", "visit", "2024-06-01", NULL, NULL, NULL };
        struct unalloc_mapped_event e2;
        struct unalloc_error err;
        assert_int_equal(unalloc_mapping_bind(cols, NULL, m, header, NH, &err), UNALLOC_OK);
        assert_int_equal(unalloc_mapping_apply(&e2, m, cols, f, NH, &err), UNALLOC_E_INVALID);
        assert_int_equal(err.column, 2);
        assert_string_equal(err.message, "case_id is empty");
        assert_int_equal(unalloc_mapping_apply(&e2, m, cols, f, 4, &err), UNALLOC_E_INVALID);
        assert_int_equal(err.column, 4);
        assert_string_equal(err.message, "the row has 4 fields; detail is in column 5");
    }
    unalloc_mapping_free(m);
}

/* Each date format, as documented. */
static void
test_dates(void **state)
{
    static const struct {
        const char *mapping, *text;
        int ok, y, mo, d, h, mi, timed;
    } cases[] = {
        { "", "2024-05-01", 1, 2024, 5, 1, 0, 0, 0 },
        { "", "2024-05-01T09:00", 1, 2024, 5, 1, 9, 0, 1 },
        { "", "2024-05-01 09:00", 1, 2024, 5, 1, 9, 0, 1 },
        { "", "2024-05-01T09:00:00", 1, 2024, 5, 1, 9, 0, 1 },
        { "", "2024-05-01 23:59:59.999999", 1, 2024, 5, 1, 23, 59, 1 },
        { "", "2024-5-01", 0, 0, 0, 0, 0, 0, 0 },
        { "", "2024-05-01T9:00", 0, 0, 0, 0, 0, 0, 0 },
        { "", "2024-05-01T09:00Z", 0, 0, 0, 0, 0, 0, 0 },
        { "", "2024-05-01T09:00:60", 0, 0, 0, 0, 0, 0, 0 },
        { "", "14/06/2024", 0, 0, 0, 0, 0, 0, 0 },
        { "date uk\n", "14/06/2024", 1, 2024, 6, 14, 0, 0, 0 },
        { "date uk\n", "4/6/2024 9:05", 1, 2024, 6, 4, 9, 5, 1 },
        { "date uk\n", "14/06/2024 09:05:30", 1, 2024, 6, 14, 9, 5, 1 },
        { "date uk\n", "2024-06-14", 0, 0, 0, 0, 0, 0, 0 },
        { "date uk\ndate iso\n", "2024-06-14", 1, 2024, 6, 14, 0, 0, 0 },
        { "date \"%d.%m.%Y %H:%M\"\n", "14.06.2024 17:45", 1, 2024, 6, 14, 17, 45, 1 },
        { "date \"%d.%m.%Y %H:%M\"\n", "14.06.2024", 0, 0, 0, 0, 0, 0, 0 },
        { "date \"%Y%m%d\"\n", "20240614", 1, 2024, 6, 14, 0, 0, 0 },
        { "date \"%d%% %m %Y\"\n", "14% 06 2024", 1, 2024, 6, 14, 0, 0, 0 },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct unalloc_mapping *m = parse_ok(cases[i].mapping);
        struct unalloc_moment at;
        struct unalloc_error err;
        enum unalloc_status st = unalloc_mapping_parse_moment(&at, m, cases[i].text, &err);
        if ((st == UNALLOC_OK) != cases[i].ok)
            fail_msg("%s with '%s': %s", cases[i].text, cases[i].mapping,
                     st == UNALLOC_OK ? "read" : err.message);
        if (cases[i].ok) {
            assert_date_equal(at.at.date, cases[i].y, cases[i].mo, cases[i].d);
            assert_int_equal(at.at.hour, cases[i].h);
            assert_int_equal(at.at.minute, cases[i].mi);
            assert_int_equal(at.has_time, cases[i].timed);
        }
        unalloc_mapping_free(m);
    }
    {
        struct unalloc_mapping *m = parse_ok("");
        struct unalloc_moment at;
        struct unalloc_error err;
        assert_int_equal(unalloc_mapping_parse_moment(&at, m, "14/06/2024", &err), UNALLOC_E_PARSE);
        assert_string_equal(err.message, "'14/06/2024' is not a date in the form "
                                         "YYYY-MM-DD[ HH:MM] (UK dates need a mapping with "
                                         "'date uk')");
        unalloc_mapping_free(m);
    }
}

/* A frame through the mapping: the good cases evaluated, every bad row found,
 * a case with one set aside whole, and the rejects like --rejects. */
static void
test_frame(void **state)
{
    struct unalloc_mapping *m = parse_ok(example);
    struct unalloc_calendar *cal;
    struct unalloc_policy *pol;
    struct unalloc_error err;
    static const char *const ids[] = { "E1", "E2", "E3", "E4", "E5", "E6", "E7" };
    static const char *const child[] = { "C2", "C1", "C1", "C2", "", "C3", "C2" };
    static const char *const type[] = { "Referral Received", "opened", "Allocated Worker Started",
                                        "visit", "visit", "home visit", "case note" };
    static const char *const date[] = { "13/05/2024", "13/05/2024", "14/05/2024 10:00",
                                        "31/05/2024 25:00", "14/05/2024", "14/05/2024",
                                        "not a date" };
    static const char *const cat[] = { NULL, "CIN", NULL, NULL, NULL, NULL, NULL };
    static const char *const worker[] = { NULL, NULL, "SW1", NULL, NULL, NULL, NULL };
    static const char *const *const cells[] = { ids, child, type, date, cat, worker, ids };
    const struct unalloc_frame f = { 7, 7, header, cells };
    struct unalloc_moment as_of = { { { 2024, 6, 3 }, 0, 0 }, false };
    struct unalloc_frame_options opt = UNALLOC_FRAME_OPTIONS_INIT;
    char *cases = NULL, *occ = NULL, *rej = NULL;
    size_t cl, ol, rl;
    (void)state;
    assert_int_equal(unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL),
                     UNALLOC_OK);
    assert_int_equal(unalloc_policy_builtin(&pol, "nelc-2022", NULL), UNALLOC_OK);
    opt.mapping = m;

    /* errors="raise": the first bad row by row, and how many more */
    assert_int_equal(unalloc_evaluate_frame(&cases, &cl, &occ, &ol, &rej, &rl, cal, pol, &f,
                                            &as_of, 1, &opt, &err),
                     UNALLOC_E_INVALID);
    assert_null(cases);
    assert_null(rej);
    assert_int_equal(err.record, 4);
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 4);
    assert_string_equal(err.message, "row 4: '31/05/2024 25:00' is not a valid time: hours run "
                                     "00-23 and minutes 00-59 (and 3 more bad rows)");

    /* errors="skip" */
    opt.skip_invalid = true;
    assert_int_equal(unalloc_evaluate_frame(&cases, &cl, &occ, &ol, &rej, &rl, cal, pol, &f,
                                            &as_of, 1, &opt, &err),
                     UNALLOC_OK);
    assert_string_equal(rej,
        "line,case_id,column,reason,Event ID,Child ID,Event Type,Event Date,Category,Worker,"
        "Recorded By\n"
        "1,C2,,set aside with its case (row 4 is bad),E1,C2,Referral Received,13/05/2024,,,E1\n"
        "4,C2,4,'31/05/2024 25:00' is not a valid time: hours run 00-23 and minutes 00-59,"
        "E4,C2,visit,31/05/2024 25:00,,,E4\n"
        "5,,2,case_id is empty,E5,,visit,14/05/2024,,,E5\n"
        "6,C3,3,\"case C3, event 1 (visit at 2024-05-14): comes before the case's first "
        "'opened'\",E6,C3,home visit,14/05/2024,,,E6\n"
        "7,C2,4,'not a date' is not a date in the form DD/MM/YYYY[ HH:MM] or YYYY-MM-DD[ HH:MM],"
        "E7,C2,case note,not a date,,,E7\n");
    assert_int_equal(rl, strlen(rej));
    /* only C1 is evaluated: opened 13/05, allocated to SW1 the next day */
    assert_non_null(strstr(cases, "\nC1,2024-06-03,nelc-2022,"));
    assert_null(strstr(cases, "\nC2,"));
    assert_null(strstr(cases, "\nC3,"));
    assert_int_equal(cl, strlen(cases));
    unalloc_free(cases);
    unalloc_free(occ);
    unalloc_free(rej);

    /* a calendar of another region is no bad row: the call fails, even in skip mode */
    {
        struct unalloc_calendar *scot;
        assert_int_equal(unalloc_calendar_new(&scot, UNALLOC_REGION_SCOTLAND, NULL), UNALLOC_OK);
        assert_int_equal(unalloc_evaluate_frame(&cases, &cl, &occ, &ol, &rej, &rl, scot, pol, &f,
                                                &as_of, 1, &opt, &err),
                         UNALLOC_E_INVALID);
        assert_string_equal(err.message, "policy nelc-2022 counts working days in "
                                         "england-and-wales, but the calendar given is for "
                                         "scotland");
        assert_null(cases);
        unalloc_calendar_free(scot);
    }

    /* without a mapping, only the documented columns */
    assert_int_equal(unalloc_evaluate_frame(&cases, &cl, &occ, &ol, &rej, &rl, cal, pol, &f,
                                            &as_of, 1, NULL, &err),
                     UNALLOC_E_INVALID);
    assert_string_equal(err.message, "the header has no column 'case_id'");
    {
        static const char *const names[] = { "case_id", "at", "event", "notes" };
        static const char *const a[] = { "A" }, *const b[] = { "2024-05-13" },
                                 *const c[] = { "OPENED" }, *const d[] = { "x" };
        static const char *const *const cols[] = { a, b, c, d };
        const struct unalloc_frame g = { 1, 4, names, cols };
        assert_int_equal(unalloc_evaluate_frame(&cases, &cl, &occ, &ol, &rej, &rl, cal, pol, &g,
                                                &as_of, 1, NULL, &err),
                         UNALLOC_E_INVALID);
        assert_int_equal(err.column, 4);
        assert_non_null(strstr(err.message, "unknown column 'notes'"));
        opt.version = UNALLOC_FRAME_OPTIONS_VERSION + 1;
        assert_int_equal(unalloc_evaluate_frame(&cases, &cl, &occ, &ol, &rej, &rl, cal, pol, &g,
                                                &as_of, 1, &opt, &err),
                         UNALLOC_E_INVALID);
        assert_non_null(strstr(err.message, "options version 2"));
    }
    unalloc_policy_free(pol);
    unalloc_calendar_free(cal);
    unalloc_mapping_free(m);
}

/* The vocabulary table names every word once, in the enums' order. */
static void
test_vocabulary(void **state)
{
    size_t i = 0;
    (void)state;
    for (int k = 0; k < UNALLOC_EVENT_KIND_COUNT_; k++, i++) {
        assert_string_equal(unalloc_vocabulary_term(i)->group, "event");
        assert_string_equal(unalloc_vocabulary_term(i)->name,
                            unalloc_event_kind_name((enum unalloc_event_kind)k));
    }
    for (const char *d = "sick leave left needs-social-worker no-social-worker needs-named-worker";
         *d; i++) {
        size_t n = strcspn(d, " ");
        assert_string_equal(unalloc_vocabulary_term(i)->group, "detail");
        assert_int_equal(strlen(unalloc_vocabulary_term(i)->name), n);
        assert_memory_equal(unalloc_vocabulary_term(i)->name, d, n);
        d += n + (d[n] == ' ');
    }
    for (int k = 0; k < UNALLOC_CATEGORY_COUNT_; k++, i++)
        assert_string_equal(unalloc_vocabulary_term(i)->name,
                            unalloc_category_name((enum unalloc_category)k));
    for (int k = 0; k < UNALLOC_ROLE_COUNT_; k++, i++)
        assert_string_equal(unalloc_vocabulary_term(i)->name,
                            unalloc_role_name((enum unalloc_role)k));
    for (int k = 0; k < UNALLOC_RATING_COUNT_; k++, i++) {
        assert_string_equal(unalloc_vocabulary_term(i)->group, "rating");
        assert_string_equal(unalloc_vocabulary_term(i)->name,
                            unalloc_rating_name((enum unalloc_rating)k));
    }
    assert_int_equal(unalloc_vocabulary_count(), i);
    assert_null(unalloc_vocabulary_term(i));
    for (i = 0; i < unalloc_vocabulary_count(); i++) {
        const char *m = unalloc_vocabulary_term(i)->meaning;
        assert_true(*m && strlen(m) < 100 && !strchr(m, '\n') && !strchr(m, '\t'));
    }
}

static void
test_names(void **state)
{
    (void)state;
    assert_string_equal(unalloc_field_name(UNALLOC_FIELD_CASE_ID), "case_id");
    assert_string_equal(unalloc_field_name(UNALLOC_FIELD_LOCALITY), "locality");
    assert_null(unalloc_field_name(UNALLOC_FIELD_COUNT_));
    assert_null(unalloc_field_name((enum unalloc_field)-1));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_bind),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_frame),
        cmocka_unit_test(test_vocabulary),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("mappings", tests, NULL, NULL);
}
