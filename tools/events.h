/*
 * unalloc command line: reading event logs.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_TOOLS_EVENTS_H
#define UNALLOC_TOOLS_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include <unalloc/unalloc.h>

struct events_options {
    const char *name;  /* file name for messages ("-" is shown as "stdin") */
    bool skip_invalid; /* set bad cases aside instead of stopping */
    /* Called once per complete case; lines[i] is the input line of the case's
     * i-th event (in input order). The case is freed afterwards. Returns 0,
     * or non-zero to stop (after printing a message). */
    int (*on_case)(const struct unalloc_case *c, const int *lines, void *data);
    void *data;
};

/* Reads the CSV in buf. Returns 0, or -1 after printing one message on stderr
 * naming the file, line and column. *skipped counts cases set aside. */
int events_read(const char *buf, size_t len, const struct events_options *opt, int *skipped);

#endif
