/*
 * unalloc command line: shared helpers.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_CLI_H
#define UNALLOC_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

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
    const char *command; /* "evaluate", ...: its --help is named in messages */
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

/* Runs a command (argv without the command's name) and returns its exit
 * status: a cli_die() inside it returns here with status 2, after freeing
 * what the command holds through cli_keep(). When the command ends, any
 * failed write to stdout, or a failed flush, is one message and status 2.
 * Not reentrant across threads: one command at a time. */
int cli_run(int (*command)(int argc, char **argv), int argc, char **argv);
/* main's last step: closes stdout; a failure is one message and status 2. */
int cli_close_stdout(int rc);
/* Prints "unalloc: <message>" on stderr and returns to cli_run() (exits with
 * status 2 outside it). */
void cli_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void cli_vdie(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0), noreturn));
/* Holds p until cli_drop(p), or until the command dies, then calls release(p).
 * Returns p (NULL is not held). p must not point into the command's stack:
 * a cli_die() leaves that frame before release(p) runs. */
void *cli_keep(void *p, void (*release)(void *));
/* Releases a pointer held with cli_keep(). */
void cli_drop(void *p);
void cli_release_calendar(void *cal);
/* Writes to stdout; a failed write dies naming standard output. */
void cli_write(const void *data, size_t len);
/* cli_write() of a string. */
void cli_puts(const char *s);
/* The same, but a failure returns -1 after printing one message. */
int cli_put(const void *data, size_t len);

/* An output file written under PATH.XXXXXX (in PATH's directory) and renamed
 * to PATH by cli_file_commit() once every byte is written and synced. If the
 * command dies first, or calls cli_file_abandon(), the temporary file is
 * removed and PATH is left as it was. Any failure dies naming PATH. The
 * handle is freed by commit or abandon (or when the command dies). A PATH
 * that exists and is not a regular file (/dev/stdout, a FIFO) is written in
 * place: nothing to rename. */
struct cli_file;
struct cli_file *cli_file_open(const char *path);
void cli_file_write(struct cli_file *f, const void *data, size_t len);
/* The same, but a failure returns -1 after printing one message (for a
 * caller that must not leave by cli_die(), as inside events_read()). */
int cli_file_put(struct cli_file *f, const void *data, size_t len);
void cli_file_commit(struct cli_file *f);
void cli_file_abandon(struct cli_file *f);

/* Reads a whole file ("-" = stdin), held with cli_keep() (cli_drop() it).
 * When limit is not 0, a larger file is an error naming the limit. */
char *cli_read_file(const char *path, size_t limit, size_t *size_out);
/* Writes len bytes to path through cli_file_open() ("-" = stdout): a
 * failure dies, and nothing is left under path. Returns 0. */
int cli_write_file(const char *path, const char *data, size_t len);
/* Whether two output names ("-" = stdout) are one file: the same name, the
 * same existing file however reached (another spelling, a link), or, when
 * neither exists yet, the same name in the same directory. */
bool cli_same_file(const char *a, const char *b);
struct unalloc_date cli_date(const char *what, const char *text);
/* The arguments of the command `command` (its name, for messages). */
void cli_args_init(struct cli_args *a, const char *command, int argc, char **argv);
void cli_parse(struct cli_args *a, const struct cli_option *opts);
/* The value of an option given at most once, or NULL. */
const char *cli_opt(const struct cli_args *a, const char *name);
/* For a growing array that is full: array reallocated to twice *cap
 * elements of size bytes (first elements when *cap is 0), *cap updated;
 * dies when out of memory (array is then still the caller's to free). */
void *cli_grow(void *array, size_t *cap, size_t size, size_t first);
/* A whole number; what names the argument in the message. */
int cli_int(const char *what, const char *text);

/* The calendar options, in a command's option table:
 *   static const struct cli_option opts[] = { CLI_CALENDAR_OPTIONS, ..., { NULL, 0 } }; */
#define CLI_CALENDAR_OPTIONS                                                               \
    { "region", 1 }, { "ics", 1 }, { "closure", 1 }, { "working", 1 }
/* Builds the calendar the calendar options describe (england-and-wales
 * without --region), held with cli_keep(); exits on error. */
struct unalloc_calendar *cli_calendar(const struct cli_args *a);
/* The same, in region unless --region says otherwise. */
struct unalloc_calendar *cli_calendar_in(const struct cli_args *a, enum unalloc_region region);

/* A parse error of file as FILE:LINE:COLUMN: message; does not return. */
void cli_die_parse(const char *file, const struct unalloc_error *err)
    __attribute__((noreturn));
/* --policy ID|FILE: a built-in id, else a file. Held with cli_keep(). */
struct unalloc_policy *cli_policy(const char *arg);
/* --set NAME=VALUE (repeatable): the policy with a council's values for its
 * settings (p is dropped and a new policy held), or p when none is given. */
struct unalloc_policy *cli_policy_settings(const struct cli_args *a, struct unalloc_policy *p);
/* The calendar of the calendar options in the policy's region; a --region
 * that is not the policy's dies naming the option. Held with cli_keep(). */
struct unalloc_calendar *cli_policy_calendar(const struct cli_args *a,
                                             const struct unalloc_policy *p);
/* --map FILE (NULL: none): how to read an export. Held with cli_keep(). */
struct unalloc_mapping *cli_mapping(const char *path);
/* --as-of DATE[THH:MM] (NULL: dies, the option is required). */
struct unalloc_moment cli_as_of(const char *text);

#endif
