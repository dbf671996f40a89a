/*
 * unalloc command line: shared helpers.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_CLI_H
#define UNALLOC_CLI_H

#include <stddef.h>

#include <unalloc/unalloc.h>

enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_NEGATIVE = 1, /* a "no" answer, or --fail-on matched */
    CLI_EXIT_USAGE = 2,    /* fatal: bad arguments, bad input, unreadable or unwritable files */
    CLI_EXIT_SKIPPED = 3,  /* --skip-invalid set input aside */
    CLI_EXIT_SKIPPED_AND_FAILED_ON = 4, /* input set aside and --fail-on matched */
};

#define CLI_MAX_ARGS 256

struct cli_option {
    const char *name;
    int takes_value;
};

struct cli_args {
    int argc;
    char **argv;
    const char *pos[CLI_MAX_ARGS];
    int npos;
    struct {
        const char *name;
        const char *value;
    } opt[CLI_MAX_ARGS];
    int nopt;
};

/* Prints "unalloc: <message>" on stderr and exits with status 2. */
void cli_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Reads a whole file ("-" = stdin); reads at most limit + 1 bytes when limit
 * is not 0, so the caller's size check sees an oversized file. */
char *cli_read_file(const char *path, size_t limit, size_t *size_out);
/* Writes len bytes to path through a temporary file in the same directory,
 * renamed over path once every write has succeeded ("-" = stdout). Returns
 * 0, or -1 after printing one message (nothing is left under path). */
int cli_write_file(const char *path, const char *data, size_t len);
struct unalloc_date cli_date(const char *what, const char *text);
void cli_args_init(struct cli_args *a, int argc, char **argv);
void cli_parse(struct cli_args *a, const struct cli_option *opts);
/* The value of an option given at most once, or NULL. */
const char *cli_opt(const struct cli_args *a, const char *name);
/* Builds the calendar the calendar options describe; exits on error. */
struct unalloc_calendar *cli_calendar(const struct cli_args *a);

/* Commands (tools/commands.c). Each returns the exit status. */
int cmd_evaluate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_policy(int argc, char **argv);

#endif
