/*
 * unalloc evaluate: the state of every case of an event log on a date
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdlib.h>
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
        { "map", 1 },         { "set", 1 },     { NULL, 0 },
    };

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos != 1)
        cli_die("evaluate: expected one EVENTS.csv (or - for stdin)");
    if (!cli_opt(&a, "policy"))
        cli_die("evaluate: --policy ID|FILE is required");
    memset(&s, 0, sizeof s);
    s.as_of = cli_as_of(cli_opt(&a, "as-of"));
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
    for (int i = 0; i < a.nopt; i++) {
        static const char suffix[] = "-on-record";
        const char *v = a.opt[i].value;
        char word[32];
        size_t n;
        bool record;
        enum unalloc_state k;
        if (strcmp(a.opt[i].name, "state") != 0)
            continue;
        n = strlen(v);
        record = n > sizeof suffix - 1 && strcmp(v + n - (sizeof suffix - 1), suffix) == 0;
        if (record)
            n -= sizeof suffix - 1;
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), v);
        if (n >= sizeof word || unalloc_state_parse(&k, word, NULL) != UNALLOC_OK)
            cli_die("--state: '%s' is not pending, due, overdue or met (the current spell's "
                    "rows), or one of them followed by -on-record (an earlier spell's)",
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
    if (!(s.outs = cli_keep(calloc(1, sizeof *s.outs), eval_release_outs)))
        cli_die("out of memory");

    rc = eval_run(&s, a.pos[0]);
    if (rc == 0) {
        if (s.outs->nout > 1) /* qsort(NULL, 0, ...) is undefined */
            qsort(s.outs->out, s.outs->nout, sizeof *s.outs->out, eval_cmp_out);
        if (s.format != EVAL_JSON) {
            const char *h = unalloc_table_header(
                s.format == EVAL_CASES ? UNALLOC_TABLE_CASES : UNALLOC_TABLE_OCCURRENCES);
            cli_write(h, strlen(h));
        }
        for (size_t i = 0; i < s.outs->nout; i++)
            cli_write(s.outs->out[i].text, s.outs->out[i].len);
    }
    cli_drop(s.outs);
    cli_drop(cal);
    cli_drop(policy);
    cli_drop(s.map);
    if (rc != 0)
        return CLI_EXIT_USAGE;
    return eval_exit_status(&s, fail && (strcmp(fail, "overdue") == 0 ? s.overdue
                                                                   : s.overdue_on_record));
}

const struct cli_command cli_command_evaluate = {
    "evaluate", cmd_evaluate,
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
    true, true,
};
