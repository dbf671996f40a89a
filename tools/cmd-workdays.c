/*
 * unalloc workdays: adding, counting and testing working days
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"

enum verb { ADD, COUNT, IS };

/* ---- many rows: --input FILE|- ----------------------------------------------------- */

/* One answer per row, kept until every row is read: with a bad row, nothing
 * is written. */
union answer {
    struct unalloc_date date; /* add */
    int n;                    /* count */
    bool working;             /* is */
};

struct bulk {
    const char *name; /* the input's name in messages */
    union answer *answers;
    size_t n, cap;
    size_t problems;
};

static void
release_bulk(void *p)
{
    struct bulk *b = p;
    free(b->answers);
    free(b);
}

static void
release_line(void *p)
{
    free(*(char **)p);
    free(p);
}

static void
release_input(void *f)
{
    fclose(f);
}

static void
problem(struct bulk *b, long line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A bad row: FILE:LINE:COLUMN: message (the first 100, then a count). */
static void
problem(struct bulk *b, long line, int column, const char *fmt, ...)
{
    va_list ap;
    if (++b->problems > 100)
        return;
    fprintf(stderr, "unalloc: %s:%ld:%d: ", b->name, line, column);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Splits a row into fields separated by a comma (blanks around it allowed) or
 * by blanks; returns the number of fields (the first max are kept). */
static int
split(char *row, char **field, int max)
{
    int n = 0;
    char *p = row + strspn(row, " \t");
    if (!*p)
        return 0;
    for (;;) {
        char *start = p, *end;
        bool comma;
        p += strcspn(p, ", \t");
        end = p;
        p += strspn(p, " \t");
        if ((comma = *p == ',')) {
            p++;
            p += strspn(p, " \t");
        }
        *end = '\0';
        if (n < max)
            field[n] = start;
        n++;
        if (!*p) {
            if (comma && n++ < max) /* a comma at the end: an empty last field */
                field[n - 1] = p;
            return n;
        }
    }
}

static bool
row_date(struct bulk *b, long line, int column, const char *text, struct unalloc_date *d)
{
    struct unalloc_error err;
    if (unalloc_date_parse(d, text, &err) == UNALLOC_OK)
        return true;
    problem(b, line, column, "%s", err.message);
    return false;
}

/* One row: its answer, or a problem. */
static void
bulk_row(struct bulk *b, enum verb verb, const struct unalloc_calendar *cal, long line,
         char *row)
{
    static const char *const usage[] = { "DATE N", "DATE DATE", "DATE" };
    static const int arity[] = { 2, 2, 1 };
    struct unalloc_error err;
    union answer ans;
    char *f[2];
    int n = split(row, f, 2);

    if (n != arity[verb]) {
        problem(b, line, n > arity[verb] ? arity[verb] + 1 : n ? n : 1,
                "expected %s (separated by a comma or blanks), found %d field%s", usage[verb],
                n, n == 1 ? "" : "s");
        return;
    }
    if (verb == ADD) {
        struct unalloc_date d;
        char *end;
        long k;
        if (!row_date(b, line, 1, f[0], &d))
            return;
        if (!*f[1]) {
            problem(b, line, 2, "N, the number of working days, is empty");
            return;
        }
        errno = 0;
        k = strtol(f[1], &end, 10);
        if (*end || errno || k < -1000000 || k > 1000000) {
            problem(b, line, 2, "'%s' is not a whole number of working days", f[1]);
            return;
        }
        if (unalloc_calendar_add_working_days(&ans.date, cal, d, (int)k, &err) != UNALLOC_OK) {
            problem(b, line, 2, "%s", err.message);
            return;
        }
    } else if (verb == COUNT) {
        struct unalloc_date d, e;
        if (!row_date(b, line, 1, f[0], &d) || !row_date(b, line, 2, f[1], &e))
            return;
        if (unalloc_calendar_count_working_days(&ans.n, cal, d, e, &err) != UNALLOC_OK) {
            problem(b, line, 2, "%s", err.message);
            return;
        }
    } else {
        struct unalloc_date d;
        if (!row_date(b, line, 1, f[0], &d))
            return;
        if (unalloc_calendar_is_working_day(&ans.working, cal, d, &err) != UNALLOC_OK) {
            problem(b, line, 1, "%s", err.message);
            return;
        }
    }
    if (b->problems)
        return; /* nothing will be written: only check the rest */
    if (b->n == b->cap)
        b->answers = cli_grow(b->answers, &b->cap, sizeof *b->answers, 1024);
    b->answers[b->n++] = ans;
}

/* `workdays VERB --input FILE|-`: one row per line, one answer per line. */
static int
bulk(enum verb verb, const struct unalloc_calendar *cal, const char *input)
{
    struct bulk *b = cli_keep(calloc(1, sizeof(struct bulk)), release_bulk);
    char **line = cli_keep(calloc(1, sizeof(char *)), release_line);
    size_t cap = 0;
    ssize_t len;
    long no = 0;
    FILE *f;

    if (!b || !line)
        cli_die("out of memory");
    if (strcmp(input, "-") == 0) {
        f = stdin;
        b->name = "stdin";
    } else {
        if (!(f = fopen(input, "r")))
            cli_die("cannot open '%s': %s", input, strerror(errno));
        cli_keep(f, release_input);
        b->name = input;
    }
    errno = 0;
    while ((len = getline(line, &cap, f)) >= 0) {
        no++;
        if (len && (*line)[len - 1] == '\n')
            (*line)[--len] = '\0';
        if (len && (*line)[len - 1] == '\r')
            (*line)[--len] = '\0';
        if (memchr(*line, '\0', (size_t)len)) {
            problem(b, no, 1, "a NUL byte in the row");
            continue;
        }
        /* a UTF-8 byte order mark, as spreadsheets write ("CSV UTF-8"), as the
         * event log reader allows it */
        bulk_row(b, verb, cal, no,
                 no == 1 && strncmp(*line, "\xEF\xBB\xBF", 3) == 0 ? *line + 3 : *line);
    }
    if (ferror(f))
        cli_die("cannot read '%s': %s", b->name, strerror(errno));
    if (f != stdin)
        cli_drop(f);
    cli_drop(line);
    if (b->problems > 100)
        fprintf(stderr, "unalloc: %s: %zu more problems not shown (%zu in all)\n", b->name,
                b->problems - 100, b->problems);
    if (b->problems)
        cli_die("%s: %zu bad row%s: nothing written", b->name, b->problems,
                b->problems == 1 ? "" : "s");
    for (size_t i = 0; i < b->n; i++) {
        char buf[UNALLOC_DATE_BUFSIZE];
        if (verb == ADD) {
            if (unalloc_date_format(buf, sizeof buf, b->answers[i].date, NULL) != UNALLOC_OK)
                cli_die("internal error: a date out of range");
            printf("%s\n", buf);
        } else if (verb == COUNT) {
            printf("%d\n", b->answers[i].n);
        } else {
            fputs(b->answers[i].working ? "true\n" : "false\n", stdout);
        }
    }
    cli_drop(b);
    return 0;
}

static enum verb
verb_of(const char *verb)
{
    if (strcmp(verb, "add") == 0)
        return ADD;
    if (strcmp(verb, "count") == 0)
        return COUNT;
    if (strcmp(verb, "is") == 0)
        return IS;
    cli_die("workdays: unknown action '%s' (expected add, count or is)", verb);
}

static int
cmd_workdays(int argc, char **argv)
{
    static const struct cli_option opts[] = { CLI_CALENDAR_OPTIONS, { "input", 1 },
                                              { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    const char *verb, *input;
    int rc = 0;

    cli_args_init(&a, "workdays", argc, argv);
    cli_parse(&a, opts);
    if (a.npos < 1)
        cli_die("workdays: expected 'add DATE N', 'count DATE DATE' or 'is DATE' (or "
                "--input FILE for many)");
    verb = a.pos[0];
    if ((input = cli_opt(&a, "input")) != NULL) {
        enum verb v = verb_of(verb);
        if (a.npos != 1)
            cli_die("workdays %s --input: the rows come from the file, not the arguments "
                    "('%s')",
                    verb, a.pos[1]);
        cal = cli_calendar(&a);
        rc = bulk(v, cal, input);
        cli_drop(cal);
        return rc;
    }
    if (strcmp(verb, "add") == 0) {
        if (a.npos != 3)
            cli_die("workdays add: expected DATE N");
        struct unalloc_date d = cli_date("workdays add", a.pos[1]), r;
        int n = cli_int("workdays add", a.pos[2]);
        char buf[UNALLOC_DATE_BUFSIZE];
        cal = cli_calendar(&a);
        if (unalloc_calendar_add_working_days(&r, cal, d, n, &err) != UNALLOC_OK ||
            unalloc_date_format(buf, sizeof buf, r, &err) != UNALLOC_OK)
            cli_die("workdays add: %s", err.message);
        printf("%s\n", buf);
    } else if (strcmp(verb, "count") == 0) {
        if (a.npos != 3)
            cli_die("workdays count: expected DATE DATE");
        struct unalloc_date d = cli_date("workdays count", a.pos[1]);
        struct unalloc_date e = cli_date("workdays count", a.pos[2]);
        int n;
        cal = cli_calendar(&a);
        if (unalloc_calendar_count_working_days(&n, cal, d, e, &err) != UNALLOC_OK)
            cli_die("workdays count: %s", err.message);
        printf("%d\n", n);
    } else if (strcmp(verb, "is") == 0) {
        if (a.npos != 2)
            cli_die("workdays is: expected DATE");
        struct unalloc_date d = cli_date("workdays is", a.pos[1]);
        bool w;
        cal = cli_calendar(&a);
        if (unalloc_calendar_is_working_day(&w, cal, d, &err) != UNALLOC_OK)
            cli_die("workdays is: %s", err.message);
        rc = w ? 0 : 1;
    } else {
        cli_die("workdays: unknown action '%s' (expected add, count or is)", verb);
    }
    cli_drop(cal);
    return rc;
}

const struct cli_command cli_command_workdays = {
    "workdays", cmd_workdays,
    "  unalloc workdays add DATE N [CALENDAR OPTIONS]     the N-th working day after DATE\n"
    "  unalloc workdays count DATE DATE [CALENDAR OPTIONS] working days in (DATE, DATE]\n"
    "  unalloc workdays is DATE [CALENDAR OPTIONS]        exit 0 if a working day, 1 if not\n"
    "  unalloc workdays add|count|is --input FILE|- [CALENDAR OPTIONS]\n"
    "      many at once: one row per line (DATE N, DATE DATE or DATE; a comma or blanks\n"
    "      between fields), one answer per line (is: true or false; exit 0); a bad row\n"
    "      is FILE:LINE:COLUMN: message (all reported, nothing written, exit 2)\n",
    true, false,
};
