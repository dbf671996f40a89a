/*
 * unalloc command line: the helpers every command shares, and the machinery
 * that lets a command be called as a function (by main and by the fuzzer).
 *
 * - cli_run() runs a command; cli_die() prints one line on stderr and returns
 *   to cli_run() (longjmp), which frees what the command registered with
 *   cli_keep() and returns status 2. Outside cli_run(), cli_die() exits.
 * - Every write to stdout is checked: cli_write() at once, and cli_run()
 *   checks the stream's error flag and flushes it when the command ends.
 * - cli_file_*: an output file written under a temporary name in the same
 *   directory and renamed over the real name only once every byte is on disk,
 *   so a failed run never leaves a truncated file under the real name.
 *
 * The state below is the command line's, not the library's: one command runs
 * at a time in a process (the library itself keeps no such state).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unalloc/unalloc.h>

#include "cli.h"

/* ---- running a command, and dying ---------------------------------------- */

#define CLI_MAX_KEPT 16

static struct {
    jmp_buf *jump; /* set while cli_run() runs a command */
    struct {
        void (*release)(void *);
        void *p;
    } kept[CLI_MAX_KEPT];
    int nkept;
} cli_state;

static void
release_all(void)
{
    while (cli_state.nkept > 0) {
        cli_state.nkept--;
        cli_state.kept[cli_state.nkept].release(cli_state.kept[cli_state.nkept].p);
    }
}

void
cli_vdie(const char *fmt, va_list ap)
{
    fputs("unalloc: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    fflush(stderr);
    if (cli_state.jump)
        longjmp(*cli_state.jump, 1);
    release_all();
    exit(CLI_EXIT_USAGE);
}

void
cli_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_vdie(fmt, ap);
}

void *
cli_keep(void *p, void (*release)(void *))
{
    if (!p)
        return p;
    if (cli_state.nkept >= CLI_MAX_KEPT) {
        release(p);
        cli_die("internal error: too many resources held at once");
    }
    cli_state.kept[cli_state.nkept].release = release;
    cli_state.kept[cli_state.nkept].p = p;
    cli_state.nkept++;
    return p;
}

void
cli_drop(void *p)
{
    for (int i = cli_state.nkept - 1; i >= 0; i--)
        if (cli_state.kept[i].p == p) {
            void (*release)(void *) = cli_state.kept[i].release;
            memmove(&cli_state.kept[i], &cli_state.kept[i + 1],
                    (size_t)(cli_state.nkept - i - 1) * sizeof cli_state.kept[0]);
            cli_state.nkept--;
            release(p);
            return;
        }
}

/* The final check of stdout: any earlier write that failed left the error
 * flag set; a failed flush is a write that failed now. */
static void
check_stdout(void)
{
    int failed = ferror(stdout);
    int e = errno;
    if (fflush(stdout) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        clearerr(stdout);
        cli_die("cannot write the output to standard output: %s",
                e ? strerror(e) : "write error");
    }
}

int
cli_run(int (*command)(int argc, char **argv), int argc, char **argv)
{
    jmp_buf jump, *outer = cli_state.jump;
    volatile int rc = CLI_EXIT_USAGE;

    cli_state.jump = &jump;
    if (setjmp(jump) == 0) {
        rc = command(argc, argv);
        errno = 0;
        if (rc != CLI_EXIT_USAGE) /* a failed command has said why; stdout is moot */
            check_stdout();
    } else {
        rc = CLI_EXIT_USAGE;
    }
    release_all();
    cli_state.jump = outer;
    return rc;
}

int
cli_close_stdout(int rc)
{
    int failed;
    if (rc == CLI_EXIT_USAGE)
        return rc;
    /* a write that failed earlier set the error flag; fclose() writes what
     * the buffer still holds, and says why that fails */
    failed = ferror(stdout);
    errno = 0;
    if (fclose(stdout) != 0 || failed) {
        fprintf(stderr, "unalloc: cannot write the output to standard output: %s\n",
                errno ? strerror(errno) : "write error");
        return CLI_EXIT_USAGE;
    }
    return rc;
}

void
cli_write(const void *data, size_t len)
{
    errno = 0;
    if (len && fwrite(data, 1, len, stdout) != len)
        cli_die("cannot write the output to standard output: %s",
                errno ? strerror(errno) : "write error");
}

void
cli_puts(const char *s)
{
    cli_write(s, strlen(s));
}

int
cli_put(const void *data, size_t len)
{
    errno = 0;
    if (len && fwrite(data, 1, len, stdout) != len) {
        fprintf(stderr, "unalloc: cannot write the output to standard output: %s\n",
                errno ? strerror(errno) : "write error");
        return -1;
    }
    return 0;
}

/* ---- an output file, replaced whole or not at all ----------------------- */

struct cli_file {
    char *path;
    char *tmp; /* PATH.XXXXXX, removed unless renamed; NULL: written in place */
    FILE *stream;
};

static void
file_abandon(void *p)
{
    struct cli_file *f = p;
    if (f->stream)
        fclose(f->stream);
    if (f->tmp)
        unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    free(f);
}

struct cli_file *
cli_file_open(const char *path)
{
    size_t n = strlen(path);
    struct cli_file *f = calloc(1, sizeof *f);
    struct stat st;
    mode_t mask;
    int fd;

    if (f && (f->path = strdup(path)) != NULL && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe (/dev/stdout, a FIFO): written in place, never replaced */
        cli_keep(f, file_abandon);
        if (!(f->stream = fopen(path, "wb")))
            cli_die("cannot write '%s': %s", path, strerror(errno));
        return f;
    }
    if (!f || !f->path || !(f->tmp = malloc(n + sizeof ".XXXXXX"))) {
        if (f)
            free(f->path);
        free(f);
        cli_die("out of memory");
    }
    memcpy(f->tmp, path, n);
    memcpy(f->tmp + n, ".XXXXXX", sizeof ".XXXXXX");
    if ((fd = mkstemp(f->tmp)) < 0) {
        int e = errno;
        free(f->tmp);
        f->tmp = NULL;
        file_abandon(f);
        cli_die("cannot write '%s': %s", path, strerror(e));
    }
    cli_keep(f, file_abandon);
    /* mkstemp makes the file 0600; give it the mode fopen() would have. */
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(f->stream = fdopen(fd, "wb"))) {
        int e = errno;
        close(fd);
        cli_die("cannot write '%s': %s", path, strerror(e));
    }
    return f;
}

void
cli_file_write(struct cli_file *f, const void *data, size_t len)
{
    errno = 0;
    if (len && fwrite(data, 1, len, f->stream) != len)
        cli_die("cannot write '%s': %s", f->path, errno ? strerror(errno) : "write error");
}

int
cli_file_put(struct cli_file *f, const void *data, size_t len)
{
    errno = 0;
    if (len && fwrite(data, 1, len, f->stream) != len) {
        fprintf(stderr, "unalloc: cannot write '%s': %s\n", f->path,
                errno ? strerror(errno) : "write error");
        return -1;
    }
    return 0;
}

void
cli_file_commit(struct cli_file *f)
{
    FILE *s = f->stream;
    int failed;

    errno = 0;
    failed = ferror(s) || fflush(s) != 0 || (f->tmp && fsync(fileno(s)) != 0);
    f->stream = NULL;
    if (fclose(s) != 0)
        failed = 1;
    if (failed || (f->tmp && rename(f->tmp, f->path) != 0))
        cli_die("cannot write '%s': %s", f->path, errno ? strerror(errno) : "write error");
    free(f->tmp);
    f->tmp = NULL; /* renamed: nothing to remove */
    cli_drop(f);
}

void
cli_file_abandon(struct cli_file *f)
{
    cli_drop(f);
}

/* ---- reading files and arguments ---------------------------------------- */

static void
free_ptr(void *p)
{
    free(p);
}

int
cli_write_file(const char *path, const char *data, size_t len)
{
    struct cli_file *f;
    if (strcmp(path, "-") == 0) {
        cli_write(data, len);
        return 0;
    }
    /* A failure dies naming the file and leaves nothing under it. */
    f = cli_file_open(path);
    cli_file_write(f, data, len);
    cli_file_commit(f);
    return 0;
}

/* The directory of a path (stat) and its last name (*last); false when the
 * directory cannot be read. */
static bool
dir_of(const char *path, struct stat *st, const char **last)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
    bool ok = (!slash || dir) && stat(slash ? dir : ".", st) == 0;
    free(dir);
    *last = slash ? slash + 1 : path;
    return ok;
}

bool
cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    const char *la, *lb;
    bool ea, eb;
    if (strcmp(a, b) == 0)
        return true;
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false;
    ea = stat(a, &sa) == 0;
    eb = stat(b, &sb) == 0;
    if (ea || eb)
        return ea && eb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    /* neither exists yet: the same name in the same directory */
    return dir_of(a, &sa, &la) && dir_of(b, &sb, &lb) && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino && strcmp(la, lb) == 0;
}

char *
cli_read_file(const char *path, size_t limit, size_t *size_out)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int e;

    if (!f)
        cli_die("cannot open '%s': %s", path, strerror(errno));
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, ncap + 1);
            if (!p) {
                free(buf);
                if (f != stdin)
                    fclose(f);
                cli_die("out of memory reading '%s'", path);
            }
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
    e = ferror(f) ? errno : 0;
    if (f != stdin)
        fclose(f);
    if (e || (limit && len > limit)) {
        free(buf);
        if (e)
            cli_die("cannot read '%s': %s", path, strerror(e));
        cli_die("'%s' is larger than %zu bytes, the most this command reads from it",
                strcmp(path, "-") == 0 ? "stdin" : path, limit);
    }
    buf[len] = '\0';
    *size_out = len;
    return cli_keep(buf, free_ptr);
}

void *
cli_grow(void *array, size_t *cap, size_t size, size_t first)
{
    size_t n = *cap ? *cap * 2 : first;
    void *p = n > SIZE_MAX / size ? NULL : realloc(array, n * size);
    if (!p)
        cli_die("out of memory");
    *cap = n;
    return p;
}

int
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

struct unalloc_date
cli_date(const char *what, const char *text)
{
    struct unalloc_date d;
    struct unalloc_error err;
    if (unalloc_date_parse(&d, text, &err) != UNALLOC_OK)
        cli_die("%s: %s", what, err.message);
    return d;
}

/* ---- argument parsing ---------------------------------------------------- */

void
cli_args_init(struct cli_args *a, const char *command, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->command = command;
    a->argc = argc;
    a->argv = argv;
}

/* The option of opts that s is the short name of ("-o" for --output), or
 * NULL. */
static const struct cli_option *
short_option(const struct cli_option *opts, const char *s)
{
    static const struct {
        char c;
        const char *name;
    } shorts[] = { { 'o', "output" } };
    if (s[0] != '-' || !s[1] || s[2])
        return NULL;
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++)
        for (const struct cli_option *p = opts; p->name && shorts[i].c == s[1]; p++)
            if (strcmp(p->name, shorts[i].name) == 0)
                return p;
    return NULL;
}

/* Splits argv into long options (--name value or --name=value), the short
 * options the table names (-X value), and positional arguments. Anything
 * else not starting with "--" is positional, so "-3" is a number, not an
 * option. "--" ends the options. */
void
cli_parse(struct cli_args *a, const struct cli_option *opts)
{
    int only_positional = 0;
    for (int i = 0; i < a->argc; i++) {
        const char *s = a->argv[i];
        const struct cli_option *so = only_positional ? NULL : short_option(opts, s);
        if (so) {
            if (a->nopt >= CLI_MAX_ARGS)
                cli_die("too many options");
            if (so->takes_value && i + 1 >= a->argc)
                cli_die("option %s needs a value", s);
            a->opt[a->nopt].name = so->name;
            a->opt[a->nopt].value = so->takes_value ? a->argv[++i] : "";
            a->nopt++;
            continue;
        }
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
            cli_die("unknown option '--%.*s' (see 'unalloc %s --help')", (int)nlen, name,
                    a->command);
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

static void
release_builder(void *p)
{
    unalloc_calendar_builder_free(p);
}

void
cli_release_calendar(void *p)
{
    unalloc_calendar_free(p);
}

struct unalloc_calendar *
cli_calendar(const struct cli_args *a)
{
    return cli_calendar_in(a, UNALLOC_REGION_ENGLAND_AND_WALES);
}

struct unalloc_calendar *
cli_calendar_in(const struct cli_args *a, enum unalloc_region region)
{
    struct unalloc_error err;
    struct unalloc_calendar_builder *b;
    struct unalloc_calendar *cal;
    const char *r = cli_opt(a, "region");

    if (r && unalloc_region_parse(&region, r, &err) != UNALLOC_OK)
        cli_die("--region: %s", err.message);
    if (unalloc_calendar_builder_new(&b, region, &err) != UNALLOC_OK)
        cli_die("%s", err.message);
    cli_keep(b, release_builder);
    for (int i = 0; i < a->nopt; i++) {
        const char *name = a->opt[i].name, *val = a->opt[i].value;
        if (strcmp(name, "ics") == 0) {
            size_t size;
            /* An iCalendar file or gov.uk's JSON, told apart by content. */
            char *data = cli_read_file(val, UNALLOC_ICAL_MAX_BYTES > UNALLOC_GOVUK_JSON_MAX_BYTES
                                                ? UNALLOC_ICAL_MAX_BYTES
                                                : UNALLOC_GOVUK_JSON_MAX_BYTES,
                                       &size);
            if (unalloc_calendar_builder_load_holidays(b, data, size, &err) != UNALLOC_OK) {
                if (err.line > 0)
                    cli_die_parse(val, &err); /* FILE:LINE:COLUMN: message */
                cli_die("%s: %s", val, err.message);
            }
            cli_drop(data);
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
    cli_drop(b);
    return cli_keep(cal, cli_release_calendar);
}


/* ---- the policy options -------------------------------------------------- */

void
cli_die_parse(const char *file, const struct unalloc_error *err)
{
    /* The library's message does not repeat the position (error.h). */
    if (err->column > 0)
        cli_die("%s:%d:%d: %s", file, err->line, err->column, err->message);
    cli_die("%s:%d: %s", file, err->line, err->message);
}

static void
release_policy(void *p)
{
    unalloc_policy_free(p);
}

struct unalloc_policy *
cli_policy(const char *arg)
{
    struct unalloc_policy *p = NULL;
    struct unalloc_error err;
    size_t size;
    char *text;
    if (unalloc_policy_builtin_text(arg)) {
        if (unalloc_policy_builtin(&p, arg, &err) != UNALLOC_OK)
            cli_die("built-in policy %s: %s", arg, err.message);
        return cli_keep(p, release_policy);
    }
    if (!strchr(arg, '/') && !strchr(arg, '.')) {
        char ids[200] = "";
        for (size_t i = 0; i < unalloc_policy_builtin_count(); i++) {
            strncat(ids, i ? ", " : "", sizeof ids - strlen(ids) - 1);
            strncat(ids, unalloc_policy_builtin_id(i), sizeof ids - strlen(ids) - 1);
        }
        FILE *f = fopen(arg, "rb");
        if (!f)
            cli_die("--policy: '%s' is neither a built-in policy (%s) nor a file", arg, ids);
        fclose(f);
    }
    text = cli_read_file(arg, UNALLOC_POLICY_MAX_BYTES, &size);
    if (unalloc_policy_parse(&p, text, size, &err) != UNALLOC_OK)
        cli_die_parse(arg, &err);
    cli_drop(text);
    return cli_keep(p, release_policy);
}

struct unalloc_policy *
cli_policy_settings(const struct cli_args *a, struct unalloc_policy *p)
{
    const char *names[CLI_MAX_ARGS], *values[CLI_MAX_ARGS];
    char *copies;
    size_t n = 0, size = 0, used = 0;
    struct unalloc_policy *q = NULL;
    struct unalloc_error err;
    enum unalloc_status st;
    /* One held block for the NAME=VALUE copies, so a cli_die() leaks nothing. */
    for (int i = 0; i < a->nopt; i++)
        if (strcmp(a->opt[i].name, "set") == 0)
            size += strlen(a->opt[i].value) + 1;
    if (!size)
        return p;
    if (!(copies = cli_keep(malloc(size), free_ptr)))
        cli_die("out of memory");
    for (int i = 0; i < a->nopt; i++) {
        char *c = copies + used, *eq;
        if (strcmp(a->opt[i].name, "set") != 0)
            continue;
        memcpy(c, a->opt[i].value, strlen(a->opt[i].value) + 1);
        used += strlen(c) + 1;
        if (!(eq = strchr(c, '=')))
            cli_die("--set: '%s' is not NAME=VALUE (e.g. --set day-ten='10 working-days')",
                    a->opt[i].value);
        *eq = '\0';
        names[n] = c;
        values[n] = eq + 1;
        n++;
    }
    st = unalloc_policy_with_settings(&q, p, names, values, n, &err);
    cli_drop(copies);
    if (st != UNALLOC_OK)
        cli_die("--set: %s", err.message);
    cli_drop(p);
    return cli_keep(q, release_policy);
}

struct unalloc_calendar *
cli_policy_calendar(const struct cli_args *a, const struct unalloc_policy *p)
{
    const char *region = cli_opt(a, "region");
    enum unalloc_region r;
    /* Another region is no bad row of the input: it would make every case
     * fail, so say so once, before reading. */
    if (region && unalloc_region_parse(&r, region, NULL) == UNALLOC_OK &&
        r != unalloc_policy_region(p))
        cli_die("--region %s: policy %s counts working days in %s", region, unalloc_policy_id(p),
                unalloc_region_name(unalloc_policy_region(p)));
    return cli_calendar_in(a, unalloc_policy_region(p));
}

static void
release_mapping(void *m)
{
    unalloc_mapping_free(m);
}

struct unalloc_mapping *
cli_mapping(const char *path)
{
    struct unalloc_mapping *m = NULL;
    struct unalloc_error err;
    size_t size;
    char *text;
    if (!path)
        return NULL;
    text = cli_read_file(path, UNALLOC_MAPPING_MAX_BYTES, &size);
    if (unalloc_mapping_parse(&m, text, size, &err) != UNALLOC_OK)
        cli_die_parse(path, &err);
    cli_drop(text);
    return cli_keep(m, release_mapping);
}

struct unalloc_moment
cli_as_of(const char *text)
{
    struct unalloc_moment m;
    struct unalloc_error err;
    if (!text)
        cli_die("--as-of DATE is required");
    if (unalloc_datetime_parse(&m.at, &m.has_time, text, &err) != UNALLOC_OK)
        cli_die("--as-of: %s", err.message);
    return m;
}
