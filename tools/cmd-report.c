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

/* Writes the report a part at a time (unalloc_report_append()), each part
 * into one buffer reused for the next, to -o FILE (under a temporary name,
 * renamed once complete) or stdout. Returns 0, or -1 after saying why (on
 * stdout, with part of the report written, that it is incomplete). */
static int
write_report(const struct unalloc_report *report, const char *output)
{
    struct cli_file *f = output && strcmp(output, "-") != 0 ? cli_file_open(output) : NULL;
    struct unalloc_error err;
    size_t len = 0, part = 0;
    bool written = false;
    char *buf = NULL;
    int rc = 0;

    /* nothing below dies before the buffer is freed (cli_file_commit() is after) */
    while (rc == 0 && part != UNALLOC_REPORT_END) {
        len = 0;
        if (unalloc_report_append(&buf, &len, report, &part, &err) != UNALLOC_OK) {
            fprintf(stderr, "unalloc: %s\n", err.message);
            rc = -1;
        } else if ((f ? cli_file_put(f, buf, len) : cli_put(buf, len)) != 0) {
            rc = -2; /* said so */
        } else {
            written |= len > 0;
        }
    }
    unalloc_free(buf);
    if (f && rc == 0)
        cli_file_commit(f);
    else if (f)
        cli_file_abandon(f); /* nothing is left under its name */
    else if (rc == -1 && written)
        fprintf(stderr, "unalloc: the report on standard output is incomplete: do not use it\n");
    return rc == 0 ? 0 : -1;
}

int
cmd_report(int argc, char **argv)
{
    static const struct cli_option opts[] = {
        CLI_CALENDAR_OPTIONS, { "policy", 1 }, { "as-of", 1 }, { "skip-invalid", 0 },
        { "rejects", 1 },     { "map", 1 },    { "set", 1 },   { "output", 1 },
        { "meta", 1 },        { "stream", 0 }, { NULL, 0 },
    };
    struct cli_args a;
    struct eval_state s;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    struct unalloc_policy *policy;
    struct unalloc_moment as_of;
    const char *output, *meta;
    int rc;

    cli_args_init(&a, "report", argc, argv);
    cli_parse(&a, opts);
    if (a.npos != 2)
        cli_die("report: expected REPORT EVENTS.csv (e.g. report weekly-return --policy ID "
                "--as-of DATE events.csv)");
    if (!cli_opt(&a, "policy"))
        cli_die("report: --policy ID|FILE is required");
    memset(&s, 0, sizeof s);
    if (cli_opt(&a, "as-of") && strstr(cli_opt(&a, "as-of"), ".."))
        cli_die("report: --as-of takes one date (a return is for a day; evaluate takes a "
                "range)");
    as_of = cli_as_of(cli_opt(&a, "as-of"));
    if (as_of.has_time)
        cli_die("report: --as-of takes a date (a return is for a day)");
    s.as_of = &as_of;
    s.n_as_of = 1;
    s.stream = cli_opt(&a, "stream") != NULL;
    output = cli_opt(&a, "output");
    eval_skip_options(&a, &s);
    meta = eval_meta_option(&a);
    policy = cli_policy_settings(&a, cli_policy(cli_opt(&a, "policy")));
    if (unalloc_report_new(&s.report, policy, a.pos[0], as_of.at.date, &err) != UNALLOC_OK)
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
    if (rc == 0)
        rc = write_report(s.report, output);
    if (rc == 0 && meta) {
        size_t rlen;
        char *run = eval_run_record(&a, &s, &rlen);
        if (cli_write_file(meta, run, rlen) != 0)
            rc = -1;
        cli_drop(run);
    }
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
    "                 [--meta FILE] [--stream] [-o FILE] EVENTS.csv|-\n"
    "      REPORT is a report of the policy, e.g. weekly-return; -o FILE (--output)\n"
    "      writes it to FILE, replaced only once the report is complete; --meta FILE\n"
    "      writes the run record (the policy, the calendar and its files) to FILE;\n"
    "      --stream: each case's rows are together, and each case is evaluated as\n"
    "      soon as its rows end, so only what the report keeps of each case is held\n"
    "      (the report is the same, in its own order)\n",
    true, true,
};
