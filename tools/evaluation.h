/*
 * unalloc command line: reading an event log and evaluating its cases, shared
 * by `evaluate` and `report`.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_TOOLS_EVALUATION_H
#define UNALLOC_TOOLS_EVALUATION_H

#include <stdbool.h>
#include <stddef.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "events.h"

enum eval_format { EVAL_JSON, EVAL_CSV, EVAL_CASES };

struct eval_out_case {
    char *id;
    char *text;
    size_t len;
};

/* The evaluated cases' output, to be sorted by case id (on the heap, held
 * with cli_keep(eval_release_outs)). */
struct eval_out_list {
    struct eval_out_case *out;
    size_t nout, cap;
};

struct eval_state {
    const char *file; /* the input's name in messages ("stdin" for -) */
    const struct unalloc_calendar *cal;
    const struct unalloc_policy *policy;
    struct unalloc_moment as_of;
    enum eval_format format;
    bool skip_invalid;
    const char *rejects;         /* --rejects FILE */
    struct unalloc_mapping *map; /* --map FILE, or NULL */
    struct events_summary sum;
    bool overdue;           /* something overdue now (the current spell, the episode) */
    bool overdue_on_record; /* something of an earlier spell missed, on record */
    unsigned states;           /* --state filter for --format csv (current rows) */
    unsigned states_on_record; /* ... and for the rows on record; both 0 = all rows */
    struct eval_out_list *outs; /* evaluate: the output */
    struct unalloc_report *report; /* report: the report the results go into */
};

void eval_release_outs(void *p);
int eval_cmp_out(const void *a, const void *b);
/* --skip-invalid, --rejects FILE, --map FILE into s. */
void eval_skip_options(const struct cli_args *a, struct eval_state *s);
/* Reads and evaluates the event log input ("-" = stdin); writes the rejects
 * and says on stderr how much was set aside. Returns 0 or -1 (reported). */
int eval_run(struct eval_state *s, const char *input);
/* The exit-code table (README, unalloc --help). */
int eval_exit_status(const struct eval_state *s, bool failed_on);

#endif
