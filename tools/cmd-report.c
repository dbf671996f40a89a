/*
 * unalloc report: a policy's report (e.g. a weekly return) of an event log on a date
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"
#include "evaluation.h"

static void
release_report(void *p)
{
    unalloc_report_free(p);
}

int
cmd_report(int argc, char **argv)
{
    static const struct cli_option opts[] = {
        CLI_CALENDAR_OPTIONS, { "policy", 1 }, { "as-of", 1 }, { "skip-invalid", 0 },
        { "rejects", 1 },     { "map", 1 },    { "set", 1 },   { NULL, 0 },
    };
    struct cli_args a;
    struct eval_state s;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    struct unalloc_policy *policy;
    char *text = NULL;
    int rc;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos != 2)
        cli_die("report: expected REPORT EVENTS.csv (e.g. report weekly-return --policy ID "
                "--as-of DATE events.csv)");
    if (!cli_opt(&a, "policy"))
        cli_die("report: --policy ID|FILE is required");
    memset(&s, 0, sizeof s);
    s.as_of = cli_as_of(cli_opt(&a, "as-of"));
    if (s.as_of.has_time)
        cli_die("report: --as-of takes a date (a return is for a day)");
    eval_skip_options(&a, &s);
    policy = cli_policy_settings(&a, cli_policy(cli_opt(&a, "policy")));
    if (unalloc_report_new(&s.report, policy, a.pos[0], s.as_of.at.date, &err) != UNALLOC_OK)
        cli_die("report: %s", err.message);
    cli_keep(s.report, release_report);
    cal = cli_policy_calendar(&a, policy);
    s.cal = cal;
    s.policy = policy;
    s.file = strcmp(a.pos[1], "-") == 0 ? "stdin" : a.pos[1];
    rc = eval_run(&s, a.pos[1]);
    if (rc == 0 &&
        unalloc_report_set_aside(s.report, s.sum.rows_set_aside, s.sum.cases_set_aside, &err) !=
            UNALLOC_OK) {
        fprintf(stderr, "unalloc: %s\n", err.message);
        rc = -1;
    }
    if (rc == 0 && unalloc_report_render(&text, s.report, &err) != UNALLOC_OK) {
        fprintf(stderr, "unalloc: %s\n", err.message);
        rc = -1;
    }
    cli_keep(text, unalloc_free);
    if (rc == 0)
        cli_write(text, strlen(text));
    cli_drop(text);
    cli_drop(s.report);
    cli_drop(cal);
    cli_drop(policy);
    cli_drop(s.map);
    if (rc != 0)
        return CLI_EXIT_USAGE;
    return eval_exit_status(&s, false);
}

const struct cli_command cli_command_report = {
    "report", cmd_report,
    "  unalloc report REPORT --policy ID|FILE --as-of DATE [CALENDAR OPTIONS]\n"
    "                 [--set NAME=VALUE]... [--map FILE] [--skip-invalid [--rejects FILE]]\n"
    "                 EVENTS.csv|-\n"
    "      REPORT is a report of the policy, e.g. weekly-return\n",
    true, true,
};
