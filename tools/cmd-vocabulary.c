/*
 * unalloc vocabulary: every word of the event logs
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"

/* Every word of the event logs, one per line: GROUP<TAB>NAME<TAB>MEANING. */
static int
cmd_vocabulary(int argc, char **argv)
{
    static const struct cli_option opts[] = { { NULL, 0 } };
    struct cli_args a;
    cli_args_init(&a, "vocabulary", argc, argv);
    cli_parse(&a, opts);
    if (a.npos)
        cli_die("vocabulary: unexpected argument '%s'", a.pos[0]);
    for (size_t i = 0; i < unalloc_vocabulary_count(); i++) {
        const struct unalloc_term *t = unalloc_vocabulary_term(i);
        printf("%s\t%s\t%s\n", t->group, t->name, t->meaning);
    }
    return 0; /* cli_run() checks every write to stdout */
}

const struct cli_command cli_command_vocabulary = {
    "vocabulary", cmd_vocabulary,
    "  unalloc vocabulary\n"
    "      every event kind, detail, category, role and rating, one per line:\n"
    "      GROUP<TAB>NAME<TAB>MEANING\n",
    false, false,
};
