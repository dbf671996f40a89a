/*
 * unalloc: the command line face of libunalloc.
 *
 *   unalloc holidays [CALENDAR OPTIONS] --from DATE --to DATE
 *   unalloc workdays add DATE N      [CALENDAR OPTIONS]
 *   unalloc workdays count DATE DATE [CALENDAR OPTIONS]
 *   unalloc workdays is DATE         [CALENDAR OPTIONS]
 *   unalloc evaluate --policy ID|FILE --as-of DATE[THH:MM] [...] EVENTS.csv|-
 *   unalloc report REPORT --policy ID|FILE --as-of DATE [...] EVENTS.csv|-
 *   unalloc policy list | show ID | doc ID|FILE | check FILE
 *   unalloc vocabulary
 *
 * CALENDAR OPTIONS: --region R, --ics FILE (repeatable), --closure DATE or
 * DATE..DATE (repeatable), --working DATE (repeatable).
 *
 * Exit status: 0 success; 1 a negative answer (workdays is: not a working day;
 * evaluate --fail-on overdue: something is overdue now, or overdue-on-record:
 * an earlier spell's was missed); 2 fatal (bad arguments,
 * bad input without --skip-invalid, unreadable or unwritable files), nothing
 * on stdout; 3 --skip-invalid set input aside; 4 input set aside and
 * --fail-on matched.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <unalloc/unalloc.h>

#include "cli.h"

static int
cli_int(const char *what, const char *text)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(text, &end, 10);
    if (!*text || *end || (errno && errno != ERANGE))
        cli_die("%s: '%s' is not a whole number", what, text);
    if (errno == ERANGE || v < INT_MIN || v > INT_MAX)
        cli_die("%s: %s is out of range (1900-2199 holds about 76,000 working days)",
                what, text);
    return (int)v;
}

#define CALENDAR_OPTIONS                                                                   \
    { "region", 1 }, { "ics", 1 }, { "closure", 1 }, { "working", 1 }

/* ---- workdays ------------------------------------------------------------ */

static int
cmd_workdays(int argc, char **argv)
{
    static const struct cli_option opts[] = { CALENDAR_OPTIONS, { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    const char *verb;
    int rc = 0;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos < 1)
        cli_die("workdays: expected 'add DATE N', 'count DATE DATE' or 'is DATE'");
    verb = a.pos[0];
    if (strcmp(verb, "add") == 0) {
        if (a.npos != 3)
            cli_die("workdays add: expected DATE N");
        struct unalloc_date d = cli_date("workdays add", a.pos[1]), r;
        int n = cli_int("workdays add", a.pos[2]);
        char buf[UNALLOC_DATE_BUFSIZE];
        cal = cli_calendar(&a);
        if (unalloc_calendar_add_working_days(&r, cal, d, n, &err) != UNALLOC_OK ||
            unalloc_date_format(buf, sizeof buf, r, &err) != UNALLOC_OK)
            cli_die("workdays add: %s", err.message);
        printf("%s\n", buf);
    } else if (strcmp(verb, "count") == 0) {
        if (a.npos != 3)
            cli_die("workdays count: expected DATE DATE");
        struct unalloc_date d = cli_date("workdays count", a.pos[1]);
        struct unalloc_date e = cli_date("workdays count", a.pos[2]);
        int n;
        cal = cli_calendar(&a);
        if (unalloc_calendar_count_working_days(&n, cal, d, e, &err) != UNALLOC_OK)
            cli_die("workdays count: %s", err.message);
        printf("%d\n", n);
    } else if (strcmp(verb, "is") == 0) {
        if (a.npos != 2)
            cli_die("workdays is: expected DATE");
        struct unalloc_date d = cli_date("workdays is", a.pos[1]);
        bool w;
        cal = cli_calendar(&a);
        if (unalloc_calendar_is_working_day(&w, cal, d, &err) != UNALLOC_OK)
            cli_die("workdays is: %s", err.message);
        rc = w ? 0 : 1;
    } else {
        cli_die("workdays: unknown action '%s' (expected add, count or is)", verb);
    }
    cli_drop(cal);
    return rc;
}

/* ---- vocabulary ------------------------------------------------------------ */

/* Every word of the event logs, one per line: GROUP<TAB>NAME<TAB>MEANING. */
static int
cmd_vocabulary(int argc, char **argv)
{
    static const struct cli_option opts[] = { { NULL, 0 } };
    struct cli_args a;
    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos)
        cli_die("vocabulary: unexpected argument '%s'", a.pos[0]);
    for (size_t i = 0; i < unalloc_vocabulary_count(); i++) {
        const struct unalloc_term *t = unalloc_vocabulary_term(i);
        printf("%s\t%s\t%s\n", t->group, t->name, t->meaning);
    }
    return 0; /* cli_run() checks every write to stdout */
}

/* ---- main ---------------------------------------------------------------- */

/* Each command with its own help (`unalloc COMMAND --help`); `unalloc
 * --help` prints them all, then the shared sections. doc/unalloc.1.scd, the
 * manual, says the same (a test checks that every option here is there). */
struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
    bool calendar;  /* takes the calendar options */
    bool bad_input; /* reads an event log */
};

static const struct command commands[] = {
    { "holidays", cmd_holidays,
      "  unalloc holidays [CALENDAR OPTIONS] --from DATE --to DATE\n"
      "                   [--format tsv|csv|json|ics]\n"
      "      every non-working weekday (bank holiday or closure) from --from to --to:\n"
      "      tsv (default) YYYY-MM-DD<TAB>name; csv date,name,source; json one\n"
      "      {\"date\",\"name\",\"source\"} per line; ics an iCalendar file that\n"
      "      --ics reads back (source: rule, file or closure)\n",
      true, false },
    { "workdays", cmd_workdays,
      "  unalloc workdays add DATE N [CALENDAR OPTIONS]     the N-th working day after DATE\n"
      "  unalloc workdays count DATE DATE [CALENDAR OPTIONS] working days in (DATE, DATE]\n"
      "  unalloc workdays is DATE [CALENDAR OPTIONS]        exit 0 if a working day, 1 if not\n",
      true, false },
    { "evaluate", cmd_evaluate,
      "  unalloc evaluate --policy ID|FILE --as-of DATE[THH:MM] [CALENDAR OPTIONS]\n"
      "                   [--format json|csv|cases-csv] [--state S]...\n"
      "                   [--fail-on overdue|overdue-on-record] [--set NAME=VALUE]...\n"
      "                   [--map FILE] [--skip-invalid [--rejects FILE]] EVENTS.csv|-\n"
      "      EVENTS.csv has the header case_id,at,event,detail,worker,locality, or\n"
      "      the columns, dates and words --map FILE gives (doc/mapping-format.md);\n"
      "      --set NAME=VALUE gives a council's value for a policy setting (policy show);\n"
      "      --state keeps the csv rows in that state (pending, due, overdue, met: the\n"
      "      current spell's and the episode's), or S-on-record (an earlier spell's);\n"
      "      --fail-on overdue: something overdue now; overdue-on-record: an earlier\n"
      "      spell's obligation was missed\n",
      true, true },
    { "report", cmd_report,
      "  unalloc report REPORT --policy ID|FILE --as-of DATE [CALENDAR OPTIONS]\n"
      "                 [--set NAME=VALUE]... [--map FILE] [--skip-invalid [--rejects FILE]]\n"
      "                 EVENTS.csv|-\n"
      "      REPORT is a report of the policy, e.g. weekly-return\n",
      true, true },
    { "policy", cmd_policy,
      "  unalloc policy list | show ID | doc ID|FILE | check FILE\n"
      "      doc prints the policy's rules as Markdown tables (doc/policies.md)\n",
      false, false },
    { "vocabulary", cmd_vocabulary,
      "  unalloc vocabulary\n"
      "      every event kind, detail, category, role and rating, one per line:\n"
      "      GROUP<TAB>NAME<TAB>MEANING\n",
      false, false },
};

static const char calendar_help[] =
    "CALENDAR OPTIONS\n"
    "  --region R          england-and-wales (default), scotland or northern-ireland\n"
    "  --ics FILE          load bank holidays from an iCalendar file or gov.uk's\n"
    "                      bank-holidays.json (told apart by content; the region\n"
    "                      chooses the JSON's division; repeatable); its dates\n"
    "                      replace the built-in ones for the years it covers\n"
    "  --closure DATE[..DATE]  a local closure (repeatable)\n"
    "  --working DATE      make a bank holiday or closure a working day (repeatable)\n";

static const char bad_input_help[] =
    "BAD INPUT\n"
    "  Every problem in the event log is reported on stderr, in line order, as\n"
    "  FILE:LINE:COLUMN: message (the first 100, then a count).\n"
    "  --skip-invalid      set aside every case with a bad row (all its rows) and\n"
    "                      evaluate the rest; the count goes to stderr and into\n"
    "                      the report's header\n"
    "  --rejects FILE      with --skip-invalid: one CSV row per row set aside (line,\n"
    "                      case_id, column, reason, then the row's own fields)\n";

static const char exit_help[] =
    "EXIT STATUS\n"
    "  0  success\n"
    "  1  a negative answer (workdays is: not a working day), or --fail-on matched\n"
    "  2  fatal: bad arguments, bad input without --skip-invalid, a file that\n"
    "     cannot be read or written; nothing on stdout\n"
    "  3  --skip-invalid set input aside (the rest was evaluated)\n"
    "  4  --skip-invalid set input aside and --fail-on matched\n"
    "\n"
    "Dates are YYYY-MM-DD. The manual: man unalloc.\n";

/* The help of one command, or of all (cmd NULL). */
static int
help(const struct command *cmd)
{
    bool calendar = !cmd, bad_input = !cmd;
    fputs(cmd ? "usage:\n" : "usage: unalloc COMMAND [ARGS]   (unalloc COMMAND --help: one command)\n\n",
          stdout);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!cmd || cmd == &commands[i]) {
            fputs(commands[i].help, stdout);
            calendar = calendar || commands[i].calendar;
            bad_input = bad_input || commands[i].bad_input;
        }
    if (calendar)
        printf("\n%s", calendar_help);
    if (bad_input)
        printf("\n%s", bad_input_help);
    printf("\n%s", exit_help);
    return cli_close_stdout(0);
}

int
main(int argc, char **argv)
{
    if (argc < 2)
        cli_die("no command given (try 'unalloc --help')");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0)
        return help(NULL);
    if (strcmp(argv[1], "--version") == 0) {
        printf("unalloc %s\n", unalloc_version());
        return cli_close_stdout(0);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const struct command *c = &commands[i];
        if (strcmp(argv[1], c->name) != 0)
            continue;
        for (int k = 2; k < argc; k++)
            if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0)
                return help(c);
        return cli_close_stdout(cli_run(c->run, argc - 2, argv + 2));
    }
    cli_die("unknown command '%s' (try 'unalloc --help')", argv[1]);
    return CLI_EXIT_USAGE;
}
