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
#include <stdbool.h>
#include <stdio.h>
#include <string.h>


#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"

/* ---- holidays ------------------------------------------------------------ */

static int
cmd_holidays(int argc, char **argv)
{
    static const struct cli_option opts[] = { CLI_CALENDAR_OPTIONS, { "from", 1 }, { "to", 1 },
                                              { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    struct unalloc_date from, to, d;
    const char *f, *t;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos)
        cli_die("holidays: unexpected argument '%s'", a.pos[0]);
    if (!(f = cli_opt(&a, "from")) || !(t = cli_opt(&a, "to")))
        cli_die("holidays: --from DATE and --to DATE are required");
    from = cli_date("--from", f);
    to = cli_date("--to", t);
    if (unalloc_date_compare(to, from) < 0)
        cli_die("holidays: --to %s is before --from %s", t, f);
    cal = cli_calendar(&a);
    for (d = from;;) {
        int wd;
        bool working;
        const char *name;
        char buf[UNALLOC_DATE_BUFSIZE];
        if (unalloc_date_weekday(&wd, d, &err) != UNALLOC_OK ||
            unalloc_calendar_is_working_day(&working, cal, d, &err) != UNALLOC_OK ||
            unalloc_calendar_holiday_name(&name, cal, d, &err) != UNALLOC_OK ||
            unalloc_date_format(buf, sizeof buf, d, &err) != UNALLOC_OK)
            cli_die("%s", err.message);
        if (wd <= 5 && !working)
            printf("%s\t%s\n", buf, name ? name : "non-working day");
        if (unalloc_date_compare(d, to) == 0)
            break;
        if (unalloc_date_add_days(&d, d, 1, &err) != UNALLOC_OK)
            cli_die("%s", err.message);
    }
    cli_drop(cal);
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

/* Each command with its own help (`unalloc COMMAND --help`); `unalloc
 * --help` prints them all, then the shared sections. doc/unalloc.1.scd, the
 * manual, says the same (a test checks that every option here is there). */
static const struct cli_command cli_command_holidays = {
    "holidays", cmd_holidays,
    "  unalloc holidays [CALENDAR OPTIONS] --from DATE --to DATE\n"
    "      one line per non-working weekday: YYYY-MM-DD<TAB>name\n",
    true, false,
};

/* The dispatch table, in the order of `unalloc --help`. */
static const struct cli_command *const commands[] = {
    &cli_command_holidays, &cli_command_workdays, &cli_command_evaluate,
    &cli_command_report,   &cli_command_policy,   &cli_command_vocabulary,
};

static const char calendar_help[] =
    "CALENDAR OPTIONS\n"
    "  --region R          england-and-wales (default), scotland or northern-ireland\n"
    "  --ics FILE          load bank holidays from an iCalendar file (repeatable); its\n"
    "                      dates replace the built-in ones for the years it covers\n"
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
help(const struct cli_command *cmd)
{
    bool calendar = !cmd, bad_input = !cmd;
    fputs(cmd ? "usage:\n" : "usage: unalloc COMMAND [ARGS]   (unalloc COMMAND --help: one command)\n\n",
          stdout);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!cmd || cmd == commands[i]) {
            fputs(commands[i]->help, stdout);
            calendar = calendar || commands[i]->calendar;
            bad_input = bad_input || commands[i]->bad_input;
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
        const struct cli_command *c = commands[i];
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
