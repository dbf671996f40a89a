/*
 * unalloc workdays: adding, counting and testing working days
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"

static int
cmd_workdays(int argc, char **argv)
{
    static const struct cli_option opts[] = { CLI_CALENDAR_OPTIONS, { NULL, 0 } };
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

const struct cli_command cli_command_workdays = {
    "workdays", cmd_workdays,
    "  unalloc workdays add DATE N [CALENDAR OPTIONS]     the N-th working day after DATE\n"
    "  unalloc workdays count DATE DATE [CALENDAR OPTIONS] working days in (DATE, DATE]\n"
    "  unalloc workdays is DATE [CALENDAR OPTIONS]        exit 0 if a working day, 1 if not\n",
    true, false,
};
