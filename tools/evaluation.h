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

/* Most --as-of moments in one run. */
#define EVAL_MAX_AS_OF 100000

struct eval_buffer; /* the record being formatted (evaluation.c) */

struct eval_state {
    const char *file; /* the input's name in messages ("stdin" for -) */
    const struct unalloc_calendar *cal;
    const struct unalloc_policy *policy;
    const struct unalloc_moment *as_of; /* each case is evaluated as of each, in order */
    size_t n_as_of;
    enum eval_format format;
    bool stream;                 /* --stream: cases in input order, as each ends */
    bool skip_invalid;
    const char *rejects;         /* --rejects FILE */
    struct cli_file *rejects_out; /* ... while it is written (NULL: "-", stdout) */
    struct unalloc_mapping *map; /* --map FILE, or NULL */
    struct events_summary sum;
    bool overdue;           /* something overdue now (the current spell, the episode) */
    bool overdue_on_record; /* something missed in a period now ended, on record */
    unsigned states;           /* --state filter for --format csv (current rows) */
    unsigned states_on_record; /* ... and for the rows on record; both 0 = all rows */
    /* evaluate: where the records go, each written as soon as it is formatted */
    struct cli_file *out;      /* -o FILE, or NULL: stdout */
    struct eval_buffer *buf;   /* held with cli_keep() */
    struct unalloc_result **results; /* one case's, one per as-of (held) */
    const char *run;           /* the run record (JSON: the first line), or NULL */
    size_t run_len;
    bool header_written;
    bool stdout_failed;        /* a write to stdout failed (and said so) */
    bool flush_each;           /* --stream to a pipe: each case reaches the reader at once */
    size_t cases_written;
    /* report: the report the results go into (nothing is written) */
    struct unalloc_report *report;
};

/* --as-of (repeatable): each DATE[THH:MM], or FIRST..LAST/STEP (STEP Nd or Nw:
 * every N days or weeks from FIRST while not after LAST). Returns the moments
 * in ascending order (held with cli_keep()), their count in *n; dies on a bad
 * value, a repeated moment, or none given. */
struct unalloc_moment *eval_as_of_series(const struct cli_args *a, size_t *n);
/* --skip-invalid, --rejects FILE, --map FILE into s. */
void eval_skip_options(const struct cli_args *a, struct eval_state *s);
/* Reads and evaluates the event log input ("-" = stdin): with s->report, adds
 * every result to it; otherwise writes each case's records as it is
 * evaluated (the table header first), to s->out or stdout. Writes the
 * rejects and says on stderr how much was set aside. Returns 0, or -1
 * (reported; when stdout already holds part of the output, stderr says so). */
int eval_run(struct eval_state *s, const char *input);
/* The run record (doc/output.md: the policy, the calendar and the files it
 * was built from, the as-of), formatted by the library: the first line of
 * --format json and the file of --meta FILE. Held with cli_keep(). */
char *eval_run_record(const struct cli_args *a, const struct eval_state *s, size_t *len);
/* The policy's own warning as of the run's latest date, on stderr: for the
 * CSV formats without --meta, which have no run record to carry it. */
void eval_policy_warning(const struct eval_state *s);
/* --meta FILE, or NULL (dies on "-"). */
const char *eval_meta_option(const struct cli_args *a);
/* The exit-code table (README, unalloc --help). */
int eval_exit_status(const struct eval_state *s, bool failed_on);

#endif
