/*
 * unalloc command line: the commands, one per tools/cmd-*.c, for the dispatch
 * table in tools/unalloc.c (and the fuzz target of the command layer).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_TOOLS_COMMANDS_H
#define UNALLOC_TOOLS_COMMANDS_H

#include <stdbool.h>

/* A command: `unalloc NAME ARGS...` calls run(argc, argv) (argv without the
 * command's name) through cli_run() and exits with what it returns. help is
 * its usage in `unalloc --help` and `unalloc NAME --help`. */
struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
    bool calendar;  /* takes the calendar options (their help follows) */
    bool bad_input; /* reads an event log (the help on bad input follows) */
};

extern const struct cli_command cli_command_workdays;   /* cmd-workdays.c */
extern const struct cli_command cli_command_evaluate;   /* cmd-evaluate.c */
extern const struct cli_command cli_command_report;     /* cmd-report.c */
extern const struct cli_command cli_command_policy;     /* cmd-policy.c */
extern const struct cli_command cli_command_vocabulary; /* cmd-vocabulary.c */

int cmd_evaluate(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
