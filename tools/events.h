/*
 * unalloc command line: reading event logs.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_TOOLS_EVENTS_H
#define UNALLOC_TOOLS_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <unalloc/unalloc.h>

/* Most columns an export may have. */
#define EVENTS_MAX_COLUMNS 1000
/* Longest row read (from its first line to its last): beyond it the row is
 * refused, as a quote never closed would make the rest of the input one row. */
#define EVENTS_MAX_ROW_BYTES ((size_t)4 << 20)
/* Most problems printed one by one; beyond it, a count. */
#define EVENTS_MAX_MESSAGES 100

struct events_options {
    const char *name;  /* file name for messages ("-" is shown as "stdin") */
    bool skip_invalid; /* set bad cases aside instead of stopping */
    bool rejects;      /* write the rows set aside as CSV: through write_rejects,
                          or (NULL) into events_summary.rejects */
    /* Called with each piece of the rejects CSV (the header, then one row at a
     * time) once the input is read without a fatal problem; returns 0, or -1
     * (after printing a message) to fail the reading. */
    int (*write_rejects)(const char *text, size_t len, void *data);
    /* Hand each case over as soon as its rows end, in input order (each
     * case's rows must be together: an id that comes back is a problem that
     * stops the reading, even with skip_invalid). Otherwise cases are handed
     * over in case id order once the whole input is read and checked. */
    bool stream;
    /* Stream mode over a regular file or a buffer, which can be read again:
     * the ids are kept in a filter of filter_bits bits (0: two a byte of
     * input, 65,536 to 2^27), and those that may come back (at most
     * max_suspects, 0: 65,536; beyond, every id) are checked by reading the
     * input a second time once it ends. Other input (a pipe) keeps every id.
     * Tests set small values to force the second reading. */
    size_t filter_bits;
    size_t max_suspects;
    /* Most bytes of input read (0: no limit); more is an error naming it. */
    size_t max_bytes;
    /* How to read the export's columns, dates and words (--map); NULL: the
     * documented header, strictly (an unknown column is an error). */
    const struct unalloc_mapping *map;
    /* Called once per complete case that has no bad row; lines[i] is the
     * input line of the case's i-th event (in input order). The case is freed
     * afterwards. Returns 0; 1 when the case is invalid, with why filled (its
     * line the 1-based event number, or 0), so it is reported and set aside
     * like a bad row; or -1 to stop (after printing a message). */
    int (*on_case)(const struct unalloc_case *c, const int *lines, void *data,
                   struct unalloc_error *why);
    void *data;
};

struct events_summary {
    size_t rows;             /* data rows read */
    size_t rows_set_aside;   /* rows not evaluated (bad, or of a case set aside) */
    size_t cases_set_aside;  /* cases with at least one bad row */
    size_t problems;         /* problems reported */
    /* stream mode: the input was read a second time, to check suspects ids
       that may have come back (every_id: more than max_suspects of them) */
    bool read_twice, every_id;
    size_t suspects;
    char *rejects;           /* opt->rejects without write_rejects: CSV (header and
                                one row per row set aside, in line order); free() it */
    size_t rejects_len;
};

/* Reads the CSV in buf (or, events_read_file(), from f, in pieces), reporting every problem on stderr in line order as
 * "unalloc: FILE:LINE:COLUMN: message" (at most EVENTS_MAX_MESSAGES, then a
 * count). Returns 0 when every case was handed over or (skip_invalid) set
 * aside, or -1: a problem without skip_invalid, a bad header, a quote never
 * closed, out of memory, or on_case stopped. */
int events_read(const char *buf, size_t len, const struct events_options *opt,
                struct events_summary *sum);
int events_read_file(FILE *f, const struct events_options *opt, struct events_summary *sum);

#endif
