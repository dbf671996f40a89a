/*
 * unalloc: the command line face of libunalloc.
 *
 *   unalloc holidays [CALENDAR OPTIONS] --from DATE --to DATE
 *   unalloc workdays add DATE N      [CALENDAR OPTIONS]
 *   unalloc workdays count DATE DATE [CALENDAR OPTIONS]
 *   unalloc workdays is DATE         [CALENDAR OPTIONS]
 *   unalloc evaluate --policy ID|FILE --as-of DATE[THH:MM] [...] EVENTS.csv|-
 *   unalloc report REPORT --policy ID|FILE --as-of DATE [...] EVENTS.csv|-
 *   unalloc policy list | show ID | doc ID|FILE | check FILE
 *   unalloc vocabulary
 *
 * CALENDAR OPTIONS: --region R, --ics FILE (repeatable), --closure DATE or
 * DATE..DATE (repeatable), --working DATE (repeatable).
 *
 * Exit status: 0 success; 1 a negative answer (workdays is: not a working day;
 * evaluate --fail-on overdue: something is overdue); 2 fatal (bad arguments,
 * bad input without --skip-invalid, unreadable or unwritable files), nothing
 * on stdout; 3 --skip-invalid set input aside; 4 input set aside and
 * --fail-on matched.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <unalloc/unalloc.h>

#include "cli.h"

/* ---- shared helpers ------------------------------------------------------ */

void
cli_die(const char *fmt, ...)
{
    va_list ap;
    fputs("unalloc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(CLI_EXIT_USAGE);
}

char *
cli_read_file(const char *path, size_t limit, size_t *size_out)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;

    if (!f)
        cli_die("cannot open '%s': %s", path, strerror(errno));
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, ncap + 1);
            if (!p)
                cli_die("out of memory reading '%s'", path);
            buf = p;
            cap = ncap;
        }
        size_t want = cap - len;
        if (limit && len + want > limit + 1)
            want = limit + 1 - len; /* read one byte past the limit to notice it */
        size_t got = fread(buf + len, 1, want, f);
        len += got;
        if (got < want || (limit && len > limit))
            break;
    }
    if (ferror(f))
        cli_die("cannot read '%s': %s", path, strerror(errno));
    if (f != stdin)
        fclose(f);
    buf[len] = '\0';
    *size_out = len;
    return buf;
}

/* Writes and closes f; false (errno set) if any of it failed. */
static bool
write_all(FILE *f, const char *data, size_t len)
{
    bool ok = (!len || fwrite(data, 1, len, f) == len) && fflush(f) == 0 && !ferror(f);
    return fclose(f) == 0 && ok;
}

int
cli_write_file(const char *path, const char *data, size_t len)
{
    struct stat st;
    char *tmp;
    FILE *f;
    int fd;
    bool ok;
    if (strcmp(path, "-") == 0) {
        if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
            fprintf(stderr, "unalloc: cannot write to stdout: %s\n", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe (/dev/stdout, a FIFO): written in place, never replaced */
        if (!(f = fopen(path, "wb")) || !write_all(f, data, len)) {
            fprintf(stderr, "unalloc: cannot write '%s': %s\n", path, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (!(tmp = malloc(strlen(path) + 16)))
        cli_die("out of memory");
    snprintf(tmp, strlen(path) + 16, "%s.tmp-XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0 || !(f = fdopen(fd, "wb"))) {
        fprintf(stderr, "unalloc: cannot write '%s': %s\n", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return -1;
    }
    {
        /* mkstemp makes the file 0600; give it the mode a plain create would */
        const mode_t mask = umask(0);
        umask(mask);
        ok = fchmod(fd, 0666 & ~mask) == 0;
    }
    ok = write_all(f, data, len) && ok && rename(tmp, path) == 0;
    if (!ok) {
        fprintf(stderr, "unalloc: cannot write '%s': %s\n", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok ? 0 : -1;
}

struct unalloc_date
cli_date(const char *what, const char *text)
{
    struct unalloc_date d;
    struct unalloc_error err;
    if (unalloc_date_parse(&d, text, &err) != UNALLOC_OK)
        cli_die("%s: %s", what, err.message);
    return d;
}

static int
cli_int(const char *what, const char *text)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(text, &end, 10);
    if (!*text || *end || (errno && errno != ERANGE))
        cli_die("%s: '%s' is not a whole number", what, text);
    if (errno == ERANGE || v < INT_MIN || v > INT_MAX)
        cli_die("%s: %s is out of range (1900-2199 holds about 76,000 working days)",
                what, text);
    return (int)v;
}

/* ---- argument parsing ---------------------------------------------------- */

void
cli_args_init(struct cli_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
}

/* Splits argv into long options (--name value or --name=value) and positional
 * arguments. Anything not starting with "--" is positional, so "-3" is a
 * number, not an option. "--" ends the options. */
void
cli_parse(struct cli_args *a, const struct cli_option *opts)
{
    int only_positional = 0;
    for (int i = 0; i < a->argc; i++) {
        const char *s = a->argv[i];
        if (only_positional || strncmp(s, "--", 2) != 0 || strcmp(s, "-") == 0) {
            if (a->npos >= CLI_MAX_ARGS)
                cli_die("too many arguments");
            a->pos[a->npos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_positional = 1;
            continue;
        }
        const char *name = s + 2, *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const struct cli_option *o = NULL;
        for (const struct cli_option *p = opts; p->name; p++)
            if (strlen(p->name) == nlen && strncmp(p->name, name, nlen) == 0)
                o = p;
        if (!o)
            cli_die("unknown option '--%.*s' (see 'unalloc --help')", (int)nlen, name);
        const char *val = NULL;
        if (o->takes_value) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < a->argc)
                val = a->argv[++i];
            else
                cli_die("option --%s needs a value", o->name);
        } else if (eq) {
            cli_die("option --%s takes no value", o->name);
        }
        if (a->nopt >= CLI_MAX_ARGS)
            cli_die("too many options");
        a->opt[a->nopt].name = o->name;
        a->opt[a->nopt].value = val ? val : "";
        a->nopt++;
    }
}

const char *
cli_opt(const struct cli_args *a, const char *name)
{
    const char *v = NULL;
    int n = 0;
    for (int i = 0; i < a->nopt; i++)
        if (strcmp(a->opt[i].name, name) == 0) {
            v = a->opt[i].value;
            n++;
        }
    if (n > 1)
        cli_die("option --%s given more than once", name);
    return v;
}

/* ---- the calendar options ------------------------------------------------ */

struct unalloc_calendar *
cli_calendar(const struct cli_args *a)
{
    struct unalloc_error err;
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal;
    enum unalloc_region region = UNALLOC_REGION_ENGLAND_AND_WALES;
    const char *r = cli_opt(a, "region");

    if (r && unalloc_region_from_name(&region, r, &err) != UNALLOC_OK)
        cli_die("--region: %s", err.message);
    if (unalloc_calendar_builder_new(&b, region, &err) != UNALLOC_OK)
        cli_die("%s", err.message);
    for (int i = 0; i < a->nopt; i++) {
        const char *name = a->opt[i].name, *val = a->opt[i].value;
        if (strcmp(name, "ics") == 0) {
            size_t size;
            char *data = cli_read_file(val, UNALLOC_ICAL_MAX_BYTES, &size);
            if (unalloc_calendar_builder_load_ical(b, data, size, &err) != UNALLOC_OK)
                cli_die("%s: %s", val, err.message);
            free(data);
        } else if (strcmp(name, "closure") == 0) {
            const char *dots = strstr(val, "..");
            struct unalloc_date first, last;
            if (dots) {
                char buf[64];
                size_t n = (size_t)(dots - val);
                if (n >= sizeof buf)
                    cli_die("--closure: '%s' is not DATE or DATE..DATE", val);
                memcpy(buf, val, n);
                buf[n] = '\0';
                first = cli_date("--closure", buf);
                last = cli_date("--closure", dots + 2);
            } else {
                first = last = cli_date("--closure", val);
            }
            if (unalloc_calendar_builder_add_closure(b, first, last, NULL, &err) != UNALLOC_OK)
                cli_die("--closure: %s", err.message);
        } else if (strcmp(name, "working") == 0) {
            if (unalloc_calendar_builder_remove_day(b, cli_date("--working", val), &err) !=
                UNALLOC_OK)
                cli_die("--working: %s", err.message);
        }
    }
    if (unalloc_calendar_builder_build(&cal, b, &err) != UNALLOC_OK)
        cli_die("%s", err.message);
    unalloc_calendar_builder_free(b);
    return cal;
}

#define CALENDAR_OPTIONS                                                                   \
    { "region", 1 }, { "ics", 1 }, { "closure", 1 }, { "working", 1 }

/* ---- holidays ------------------------------------------------------------ */

static int
cmd_holidays(int argc, char **argv)
{
    static const struct cli_option opts[] = { CALENDAR_OPTIONS, { "from", 1 }, { "to", 1 },
                                              { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    struct unalloc_date from, to, d;
    const char *f, *t;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos)
        cli_die("holidays: unexpected argument '%s'", a.pos[0]);
    if (!(f = cli_opt(&a, "from")) || !(t = cli_opt(&a, "to")))
        cli_die("holidays: --from DATE and --to DATE are required");
    from = cli_date("--from", f);
    to = cli_date("--to", t);
    if (unalloc_date_compare(to, from) < 0)
        cli_die("holidays: --to %s is before --from %s", t, f);
    cal = cli_calendar(&a);
    for (d = from;;) {
        int wd;
        bool working;
        const char *name;
        char buf[UNALLOC_DATE_BUFSIZE];
        if (unalloc_date_weekday(&wd, d, &err) != UNALLOC_OK ||
            unalloc_calendar_is_working_day(&working, cal, d, &err) != UNALLOC_OK ||
            unalloc_calendar_holiday_name(&name, cal, d, &err) != UNALLOC_OK ||
            unalloc_date_format(buf, sizeof buf, d, &err) != UNALLOC_OK)
            cli_die("%s", err.message);
        if (wd <= 5 && !working)
            printf("%s\t%s\n", buf, name ? name : "non-working day");
        if (unalloc_date_compare(d, to) == 0)
            break;
        if (unalloc_date_add_days(&d, d, 1, &err) != UNALLOC_OK)
            cli_die("%s", err.message);
    }
    unalloc_calendar_free(cal);
    return 0;
}

/* ---- workdays ------------------------------------------------------------ */

static int
cmd_workdays(int argc, char **argv)
{
    static const struct cli_option opts[] = { CALENDAR_OPTIONS, { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    const char *verb;
    int rc = 0;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos < 1)
        cli_die("workdays: expected 'add DATE N', 'count DATE DATE' or 'is DATE'");
    verb = a.pos[0];
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
    unalloc_calendar_free(cal);
    return rc;
}

/* ---- vocabulary ------------------------------------------------------------ */

/* Every word of the event logs, one per line: GROUP<TAB>NAME<TAB>MEANING. */
static int
cmd_vocabulary(int argc, char **argv)
{
    static const struct cli_option opts[] = { { NULL, 0 } };
    struct cli_args a;
    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos)
        cli_die("vocabulary: unexpected argument '%s'", a.pos[0]);
    for (size_t i = 0; i < unalloc_vocabulary_count(); i++) {
        const struct unalloc_term *t = unalloc_vocabulary_term(i);
        printf("%s\t%s\t%s\n", t->group, t->name, t->meaning);
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        cli_die("cannot write the output: %s", strerror(errno));
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

static const char usage[] =
    "usage: unalloc COMMAND [ARGS]\n"
    "\n"
    "  unalloc holidays [CALENDAR OPTIONS] --from DATE --to DATE\n"
    "      one line per non-working weekday: YYYY-MM-DD<TAB>name\n"
    "  unalloc workdays add DATE N [CALENDAR OPTIONS]     the N-th working day after DATE\n"
    "  unalloc workdays count DATE DATE [CALENDAR OPTIONS] working days in (DATE, DATE]\n"
    "  unalloc workdays is DATE [CALENDAR OPTIONS]        exit 0 if a working day, 1 if not\n"
    "  unalloc evaluate --policy ID|FILE --as-of DATE[THH:MM] [CALENDAR OPTIONS]\n"
    "                   [--format json|csv|cases-csv] [--state S]... [--fail-on overdue]\n"
    "                   [--map FILE] [--skip-invalid [--rejects FILE]] EVENTS.csv|-\n"
    "      EVENTS.csv has the header case_id,at,event,detail,worker,locality, or\n"
    "      the columns, dates and words --map FILE gives (doc/mapping-format.md);\n"
    "      --state keeps the csv rows in that state (pending, due, overdue, met)\n"
    "  unalloc report REPORT --policy ID|FILE --as-of DATE [CALENDAR OPTIONS]\n"
    "                 [--map FILE] [--skip-invalid [--rejects FILE]] EVENTS.csv|-\n"
    "      REPORT is a report of the policy, e.g. weekly-return\n"
    "  unalloc policy list | show ID | doc ID|FILE | check FILE\n"
    "      doc prints the policy's rules as Markdown tables (doc/policies.md)\n"
    "  unalloc vocabulary\n"
    "      every event kind, detail, category, role and rating, one per line:\n"
    "      GROUP<TAB>NAME<TAB>MEANING\n"
    "\n"
    "CALENDAR OPTIONS\n"
    "  --region R          england-and-wales (default), scotland or northern-ireland\n"
    "  --ics FILE          load bank holidays from an iCalendar file (repeatable); its\n"
    "                      dates replace the built-in ones for the years it covers\n"
    "  --closure DATE[..DATE]  a local closure (repeatable)\n"
    "  --working DATE      make a bank holiday or closure a working day (repeatable)\n"
    "\n"
    "BAD INPUT\n"
    "  Every problem in the event log is reported on stderr, in line order, as\n"
    "  FILE:LINE:COLUMN: message (the first 100, then a count).\n"
    "  --skip-invalid      set aside every case with a bad row (all its rows) and\n"
    "                      evaluate the rest; the count goes to stderr and into\n"
    "                      the report's header\n"
    "  --rejects FILE      with --skip-invalid: one CSV row per row set aside (line,\n"
    "                      case_id, column, reason, then the row's own fields)\n"
    "\n"
    "EXIT STATUS\n"
    "  0  success\n"
    "  1  a negative answer (workdays is: not a working day), or --fail-on matched\n"
    "  2  fatal: bad arguments, bad input without --skip-invalid, a file that\n"
    "     cannot be read or written; nothing on stdout\n"
    "  3  --skip-invalid set input aside (the rest was evaluated)\n"
    "  4  --skip-invalid set input aside and --fail-on matched\n"
    "\n"
    "Dates are YYYY-MM-DD.\n";

int
main(int argc, char **argv)
{
    if (argc < 2)
        cli_die("no command given (try 'unalloc --help')");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("unalloc %s\n", unalloc_version());
        return 0;
    }
    if (strcmp(argv[1], "holidays") == 0)
        return cmd_holidays(argc - 2, argv + 2);
    if (strcmp(argv[1], "workdays") == 0)
        return cmd_workdays(argc - 2, argv + 2);
    if (strcmp(argv[1], "evaluate") == 0)
        return cmd_evaluate(argc - 2, argv + 2);
    if (strcmp(argv[1], "report") == 0)
        return cmd_report(argc - 2, argv + 2);
    if (strcmp(argv[1], "policy") == 0)
        return cmd_policy(argc - 2, argv + 2);
    if (strcmp(argv[1], "vocabulary") == 0)
        return cmd_vocabulary(argc - 2, argv + 2);
    cli_die("unknown command '%s' (try 'unalloc --help')", argv[1]);
    return CLI_EXIT_USAGE;
}
