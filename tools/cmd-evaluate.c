/*
 * unalloc evaluate: the state of every case of an event log on a date
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"
#include "evaluation.h"

int
cmd_evaluate(int argc, char **argv)
{
    struct cli_args a;
    struct eval_state s;
    const char *fmt, *fail;
    struct unalloc_calendar *cal;
    struct unalloc_policy *policy;
    int rc;
    static const struct cli_option opts[] = {
        CLI_CALENDAR_OPTIONS, { "policy", 1 },  { "as-of", 1 }, { "format", 1 },
        { "fail-on", 1 },     { "skip-invalid", 0 }, { "state", 1 }, { "rejects", 1 },
        { "map", 1 },         { "set", 1 },     { "stream", 0 }, { "output", 1 },
        { "meta", 1 },        { NULL, 0 },
    };
    const char *output, *meta;

    cli_args_init(&a, "evaluate", argc, argv);
    cli_parse(&a, opts);
    if (a.npos != 1)
        cli_die("evaluate: expected one EVENTS.csv (or - for stdin)");
    if (!cli_opt(&a, "policy"))
        cli_die("evaluate: --policy ID|FILE is required");
    memset(&s, 0, sizeof s);
    s.as_of = eval_as_of_series(&a, &s.n_as_of);
    s.stream = cli_opt(&a, "stream") != NULL;
    output = cli_opt(&a, "output");
    fmt = cli_opt(&a, "format");
    if (!fmt || strcmp(fmt, "json") == 0)
        s.format = EVAL_JSON;
    else if (strcmp(fmt, "csv") == 0)
        s.format = EVAL_CSV;
    else if (strcmp(fmt, "cases-csv") == 0)
        s.format = EVAL_CASES;
    else
        cli_die("--format: '%s' is not json, csv or cases-csv", fmt);
    /* --fail-on overdue: something a manager can still act on is overdue
     * (the current spell's, the episode's); overdue-on-record: an earlier
     * spell's was missed. */
    fail = cli_opt(&a, "fail-on");
    if (fail && strcmp(fail, "overdue") != 0 && strcmp(fail, "overdue-on-record") != 0)
        cli_die("--fail-on: '%s' is not 'overdue' or 'overdue-on-record'", fail);
    eval_skip_options(&a, &s);
    meta = eval_meta_option(&a);
    for (int i = 0; i < a.nopt; i++) {
        static const char suffix[] = "-on-record";
        const char *v = a.opt[i].value;
        char name[16];
        enum unalloc_state k;
        size_t n;
        bool record;
        if (strcmp(a.opt[i].name, "state") != 0)
            continue;
        n = strlen(v);
        record = n > sizeof suffix - 1 && strcmp(v + n - (sizeof suffix - 1), suffix) == 0;
        if (record)
            n -= sizeof suffix - 1;
        /* the state's name from the library's vocabulary (vocab.h), as the output's */
        if (n < sizeof name) {
            memcpy(name, v, n);
            name[n] = '\0';
        }
        if (n >= sizeof name || unalloc_state_parse(&k, name, NULL) != UNALLOC_OK)
            cli_die("--state: '%s' is not pending, due, overdue or met (the current spell's "
                    "rows), or one of them followed by -on-record (a period now ended)",
                    v);
        if (record)
            s.states_on_record |= 1u << k;
        else
            s.states |= 1u << k;
    }
    if ((s.states || s.states_on_record) && s.format != EVAL_CSV)
        cli_die("--state filters the rows of --format csv");
    policy = cli_policy_settings(&a, cli_policy(cli_opt(&a, "policy")));
    cal = cli_policy_calendar(&a, policy);
    s.cal = cal;
    s.policy = policy;
    s.file = strcmp(a.pos[0], "-") == 0 ? "stdin" : a.pos[0];
    s.run = eval_run_record(&a, &s, &s.run_len);
    if (output && strcmp(output, "-") != 0)
        s.out = cli_file_open(output); /* a temporary name until the run succeeds */
    rc = eval_run(&s, a.pos[0]);
    if (rc == 0 && meta && cli_write_file(meta, s.run, s.run_len) != 0)
        rc = -1;
    if (rc == 0 && !meta && s.format != EVAL_JSON)
        eval_policy_warning(&s);
    cli_drop((void *)s.run);
    cli_drop(cal);
    cli_drop(policy);
    cli_drop(s.map);
    cli_drop((void *)s.as_of);
    if (rc != 0)
        return CLI_EXIT_USAGE;
    return eval_exit_status(&s, fail && (strcmp(fail, "overdue") == 0 ? s.overdue
                                                                   : s.overdue_on_record));
}

const struct cli_command cli_command_evaluate = {
    "evaluate", cmd_evaluate,
    "  unalloc evaluate --policy ID|FILE --as-of WHEN... [CALENDAR OPTIONS]\n"
    "                   [--format json|csv|cases-csv] [--state S]...\n"
    "                   [--fail-on overdue|overdue-on-record] [--set NAME=VALUE]...\n"
    "                   [--map FILE] [--skip-invalid [--rejects FILE]] [--stream]\n"
    "                   [--meta FILE] [-o FILE] EVENTS.csv|-\n"
    "      EVENTS.csv has the header case_id,at,event,detail,worker,locality, or\n"
    "      the columns, dates and words --map FILE gives (doc/mapping-format.md);\n"
    "      --as-of DATE[THH:MM] (a date alone is the end of that day), repeatable, or\n"
    "      FIRST..LAST/STEP with STEP Nd or Nw (2024-01-05..2024-12-27/1w): each\n"
    "      case is evaluated as of each, in time order (the as_of column and key);\n"
    "      --set NAME=VALUE gives a council's value for a policy setting (policy show);\n"
    "      --state keeps the csv rows in that state (pending, due, overdue, met: the\n"
    "      current spell's and the episode's), or S-on-record (a period now ended);\n"
    "      --fail-on overdue: something overdue now (as of any --as-of);\n"
    "      overdue-on-record: one missed in a period now ended;\n"
    "      output is ordered by case id; --stream: each case's rows are together\n"
    "      (a case id that comes back is fatal), and each case is written as soon\n"
    "      as its rows end, in input order, in memory bounded by the largest case\n"
    "      (and, from a pipe, not a file, about 30 bytes a case for the ids seen);\n"
    "      -o FILE (--output): written under a temporary name, renamed once complete;\n"
    "      --meta FILE writes the run record (the policy, the calendar and its files,\n"
    "      the as-of moments: the first line of json) to FILE; without it, csv and\n"
    "      cases-csv say the policy's own warning (no or a passed review date) on stderr;\n"
    "      doc/output.md describes every column and key\n",
    true, true,
};
