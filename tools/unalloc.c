/*
 * unalloc: the command line face of libunalloc.
 *
 *   unalloc holidays [CALENDAR OPTIONS] --from DATE --to DATE [--format tsv|csv|json|ics]
 *   unalloc workdays add DATE N      [CALENDAR OPTIONS]
 *   unalloc workdays count DATE DATE [CALENDAR OPTIONS]
 *   unalloc workdays is DATE         [CALENDAR OPTIONS]
 *   unalloc evaluate --policy ID|FILE --as-of WHEN... [...] [-o FILE] EVENTS.csv|-
 *   unalloc report REPORT --policy ID|FILE --as-of DATE [...] EVENTS.csv|-
 *   unalloc policy list | show ID | doc ID|FILE | check FILE
 *   unalloc vocabulary
 *
 * CALENDAR OPTIONS: --region R, --ics FILE (an iCalendar file or gov.uk's
 * JSON; repeatable), --closure DATE or DATE..DATE (repeatable), --working
 * DATE (repeatable).
 *
 * Exit status: 0 success; 1 a negative answer (workdays is: not a working day;
 * evaluate --fail-on overdue: something is overdue now, or overdue-on-record:
 * one was missed in a period now ended); 2 fatal (bad arguments,
 * bad input without --skip-invalid, unreadable or unwritable files), nothing
 * on stdout (or part of it and a line on stderr saying so); 3 --skip-invalid set input aside; 4 input set aside and
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

/* The dispatch table, in the order of `unalloc --help`. */
static const struct cli_command *const commands[] = {
    &cli_command_holidays, &cli_command_workdays, &cli_command_evaluate,
    &cli_command_report,   &cli_command_policy,   &cli_command_vocabulary,
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
    "     cannot be read or written; nothing on stdout, or (evaluate --stream, or a\n"
    "     failure part way) part of the output and a line on stderr saying it is\n"
    "     incomplete; -o FILE is never left incomplete\n"
    "  3  --skip-invalid set input aside (the rest was evaluated)\n"
    "  4  --skip-invalid set input aside and --fail-on matched\n"
    "\n"
    "Dates are YYYY-MM-DD. The manual: man unalloc.\n";

/* The help of one command, or of all (cmd NULL). */
static int
help(const struct cli_command *cmd)
{
    bool calendar = !cmd, bad_input = !cmd;
    /* each write checked (cli_puts dies naming the cause): the text is
     * longer than stdout's buffer, so a failure shows before the close */
    cli_puts(cmd ? "usage:\n"
                 : "usage: unalloc COMMAND [ARGS]   (unalloc COMMAND --help: one command)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!cmd || cmd == commands[i]) {
            cli_puts(commands[i]->help);
            calendar = calendar || commands[i]->calendar;
            bad_input = bad_input || commands[i]->bad_input;
        }
    if (calendar) {
        cli_puts("\n");
        cli_puts(calendar_help);
    }
    if (bad_input) {
        cli_puts("\n");
        cli_puts(bad_input_help);
    }
    cli_puts("\n");
    cli_puts(exit_help);
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
