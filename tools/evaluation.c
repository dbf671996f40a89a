/*
 * unalloc command line: reading an event log and evaluating its cases, shared
 * by `evaluate` and `report`.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "evaluation.h"

/* Largest event log read (the command holds it in memory while it works). */
#define MAX_EVENTS_BYTES ((size_t)2 << 30)

static int
evaluate_case(const struct unalloc_case *c, const int *lines, void *data,
              struct unalloc_error *why)
{
    struct eval_state *s = data;
    struct unalloc_result *r;
    struct unalloc_error err;
    struct eval_out_case oc = { NULL, NULL, 0 };
    enum unalloc_status st;

    if ((st = unalloc_evaluate(&r, s->cal, s->policy, c, s->as_of, &err)) != UNALLOC_OK) {
        size_t n = unalloc_case_event_count(c);
        int line = err.record >= 1 && err.record <= n ? lines[err.record - 1] : 0;
        if (st == UNALLOC_E_INVALID && line) {
            *why = err; /* a bad case (it names the event): reported with the bad rows */
            return 1;
        }
        if (line)
            fprintf(stderr, "unalloc: %s:%d: %s\n", s->file, line, err.message);
        else
            fprintf(stderr, "unalloc: %s: %s\n", s->file, err.message);
        return -1;
    }
    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);
        if (o->state == UNALLOC_STATE_OVERDUE) {
            if (o->on_record)
                s->overdue_on_record = true;
            else
                s->overdue = true;
        }
    }
    for (size_t i = 0; i < unalloc_result_escalation_count(r); i++)
        if (unalloc_result_escalation(r, i)->state == UNALLOC_STATE_OVERDUE)
            s->overdue = true;
    if (s->report) {
        st = unalloc_report_add(s->report, r, &err);
    } else {
        if (s->format == EVAL_JSON)
            st = unalloc_result_append_json(&oc.text, &oc.len, r, &err);
        else if (s->format == EVAL_CSV && (s->states || s->states_on_record))
            st = unalloc_result_append_csv_filter(&oc.text, &oc.len, r, s->states,
                                                  s->states_on_record, &err);
        else
            st = unalloc_result_append_csv(&oc.text, &oc.len, r,
                                           s->format == EVAL_CASES ? UNALLOC_TABLE_CASES
                                                                   : UNALLOC_TABLE_OCCURRENCES,
                                           &err);
        if (st == UNALLOC_OK) {
            struct eval_out_list *l = s->outs;
            if (l->nout == l->cap) {
                l->cap = l->cap ? l->cap * 2 : 256;
                struct eval_out_case *n = realloc(l->out, l->cap * sizeof *n);
                if (!n)
                    cli_die("out of memory");
                l->out = n;
            }
            if (!(oc.id = strdup(unalloc_case_id(c))))
                cli_die("out of memory");
            l->out[l->nout++] = oc;
        }
    }
    unalloc_result_free(r);
    if (st != UNALLOC_OK) {
        fprintf(stderr, "unalloc: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* The evaluated cases, freed however the command ends (on the heap: a
 * cli_die() leaves the command's stack frame behind). */
void
eval_release_outs(void *p)
{
    struct eval_out_list *l = p;
    for (size_t i = 0; i < l->nout; i++) {
        free(l->out[i].id);
        unalloc_free(l->out[i].text);
    }
    free(l->out);
    free(l);
}

int
eval_cmp_out(const void *a, const void *b)
{
    return strcmp(((const struct eval_out_case *)a)->id, ((const struct eval_out_case *)b)->id);
}

int
eval_run(struct eval_state *s, const char *input)
{
    size_t size;
    char *buf;
    struct events_options eo;
    int rc;

    buf = cli_read_file(input, MAX_EVENTS_BYTES, &size);
    memset(&eo, 0, sizeof eo);
    eo.map = s->map;
    eo.name = s->file;
    eo.skip_invalid = s->skip_invalid;
    eo.rejects = s->rejects != NULL;
    eo.on_case = evaluate_case;
    eo.data = s;
    rc = events_read(buf, size, &eo, &s->sum);
    cli_drop(buf);
    if (rc == 0 && s->sum.rows_set_aside)
        fprintf(stderr, "unalloc: %s: %zu of %zu rows set aside (%zu case%s): not evaluated\n",
                s->file, s->sum.rows_set_aside, s->sum.rows, s->sum.cases_set_aside,
                s->sum.cases_set_aside == 1 ? "" : "s");
    /* Held while it is written: a failed write dies and must not leak it. */
    cli_keep(s->sum.rejects, free);
    if (rc == 0 && s->rejects &&
        cli_write_file(s->rejects, s->sum.rejects, s->sum.rejects_len) != 0)
        rc = -1;
    cli_drop(s->sum.rejects);
    s->sum.rejects = NULL;
    return rc;
}

int
eval_exit_status(const struct eval_state *s, bool failed_on)
{
    if (s->sum.rows_set_aside)
        return failed_on ? CLI_EXIT_SKIPPED_AND_FAILED_ON : CLI_EXIT_SKIPPED;
    return failed_on ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
}

void
eval_skip_options(const struct cli_args *a, struct eval_state *s)
{
    s->skip_invalid = cli_opt(a, "skip-invalid") != NULL;
    s->rejects = cli_opt(a, "rejects");
    if (s->rejects && !s->skip_invalid)
        cli_die("--rejects FILE goes with --skip-invalid (without it, a bad row stops the run)");
    s->map = cli_mapping(cli_opt(a, "map"));
}
