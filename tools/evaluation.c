/*
 * unalloc command line: reading an event log and evaluating its cases, shared
 * by `evaluate` and `report`.
 *
 * Nothing is built whole: the reader hands over one case at a time (in case
 * id order, or with --stream in input order as each case's rows end), each
 * case is evaluated as of each --as-of moment, and each record is written as
 * soon as it is formatted, into one buffer reused for the next.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unalloc/unalloc.h>

#include "evaluation.h"

/* Largest event log read without --stream (every case is held until the
 * input ends). */
#define MAX_EVENTS_BYTES ((size_t)2 << 30)

struct eval_buffer {
    char *text;
    size_t len;
};

static void
release_buffer(void *p)
{
    struct eval_buffer *b = p;
    unalloc_free(b->text);
    free(b);
}

/* Writes to -o FILE or stdout; the table header goes first. Returns 0, or
 * -1 after printing one message: it runs inside events_read(), which must
 * not be left by cli_die(). */
static int
put(struct eval_state *s, const char *data, size_t len)
{
    if (!s->header_written) {
        s->header_written = true;
        if (s->format == EVAL_JSON && s->run && put(s, s->run, s->run_len) != 0)
            return -1; /* JSON Lines: the run record first */
        if (s->format != EVAL_JSON) {
            const char *h = unalloc_table_header(s->format == EVAL_CASES
                                                     ? UNALLOC_TABLE_CASES
                                                     : UNALLOC_TABLE_OCCURRENCES);
            if (put(s, h, strlen(h)) != 0)
                return -1;
        }
    }
    if (s->out)
        return cli_file_put(s->out, data, len);
    if (cli_put(data, len) != 0) {
        s->stdout_failed = true;
        return -1;
    }
    return 0;
}

static enum unalloc_status
format(struct eval_state *s, const struct unalloc_result *r, struct unalloc_error *err)
{
    struct eval_buffer *b = s->buf;
    b->len = 0; /* the buffer is reused: its capacity stays */
    if (s->format == EVAL_JSON)
        return unalloc_result_append_json(&b->text, &b->len, r, err);
    if (s->format == EVAL_CSV && (s->states || s->states_on_record))
        return unalloc_result_append_csv_filter(&b->text, &b->len, r, s->states,
                                                s->states_on_record, err);
    return unalloc_result_append_csv(&b->text, &b->len, r,
                                     s->format == EVAL_CASES ? UNALLOC_TABLE_CASES
                                                             : UNALLOC_TABLE_OCCURRENCES,
                                     err);
}

static void
note_overdue(struct eval_state *s, const struct unalloc_result *r)
{
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
}

/* A case's results held at once: unalloc_evaluate_series over this many
 * --as-of moments at a time, each written before the next are evaluated, so
 * memory does not grow with the number of moments (a series starts afresh at
 * each piece: one full evaluation more a piece). */
#define SERIES_PIECE 64

/* One case as of every --as-of moment, in order (unalloc_evaluate_series:
 * the timeline and what does not change between the moments computed once),
 * SERIES_PIECE moments at a time: each result is added to the report, or
 * formatted and written at once. Returns as events_options.on_case does. */
static int
evaluate_series(const struct unalloc_case *c, const int *lines, void *data,
                struct unalloc_error *why)
{
    struct eval_state *s = data;
    struct unalloc_result **r = s->results;
    struct unalloc_error err;
    enum unalloc_status st;
    int rc = 0;

    for (size_t k0 = 0; k0 < s->n_as_of && rc == 0; k0 += SERIES_PIECE) {
        const size_t n = s->n_as_of - k0 < SERIES_PIECE ? s->n_as_of - k0 : SERIES_PIECE;
        if ((st = unalloc_evaluate_series(r, s->cal, s->policy, c, s->as_of + k0, n, &err)) !=
            UNALLOC_OK) {
            size_t events = unalloc_case_event_count(c);
            int line = err.record >= 1 && err.record <= events ? lines[err.record - 1] : 0;
            if (st == UNALLOC_E_INVALID && line && k0 == 0) {
                *why = err; /* a bad case (it names the event): reported with the bad rows */
                return 1;
            }
            /* fatal, also once part of the case is written */
            if (line)
                fprintf(stderr, "unalloc: %s:%d: %s\n", s->file, line, err.message);
            else
                fprintf(stderr, "unalloc: %s: %s\n", s->file, err.message);
            return -1;
        }
        for (size_t k = 0; k < n; k++) {
            if (rc == 0) {
                note_overdue(s, r[k]);
                st = s->report ? unalloc_report_add(s->report, r[k], &err) : format(s, r[k], &err);
                if (st != UNALLOC_OK) {
                    fprintf(stderr, "unalloc: %s\n", err.message);
                    rc = -1;
                } else if (!s->report && put(s, s->buf->text, s->buf->len) != 0) {
                    rc = -1;
                }
            }
            unalloc_result_free(r[k]);
            r[k] = NULL;
        }
    }
    if (rc != 0)
        return rc;
    s->cases_written++;
    if (s->flush_each && fflush(stdout) != 0) {
        s->stdout_failed = true;
        fprintf(stderr, "unalloc: cannot write the output to standard output: %s\n",
                strerror(errno));
        return -1;
    }
    return 0;
}

/* --rejects FILE: each row as it is formatted. */
static int
write_rejects(const char *text, size_t len, void *data)
{
    struct eval_state *s = data;
    return s->rejects_out ? cli_file_put(s->rejects_out, text, len) : cli_put(text, len);
}

/* A test hook (tests/test-cli-stream.sh, doc/quality.md): the environment
 * variable name, if set, is a count that replaces the reader's default. */
static size_t
test_setting(const char *name)
{
    const char *v = getenv(name);
    char *end;
    unsigned long long n;
    if (!v)
        return 0;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (*v < '1' || *v > '9' || *end || errno || n > (1ull << 40))
        cli_die("%s must be a count from 1 to 2^40, not '%s'", name, v);
    return (size_t)n;
}

static void
close_input(void *f)
{
    fclose(f);
}

int
eval_run(struct eval_state *s, const char *input)
{
    struct events_options eo;
    FILE *f;
    int rc;

    if (strcmp(input, "-") == 0) {
        f = stdin;
    } else if (!(f = fopen(input, "rb"))) {
        cli_die("cannot open '%s': %s", input, strerror(errno));
    } else {
        cli_keep(f, close_input);
    }
    if (!s->report && !(s->buf = cli_keep(calloc(1, sizeof *s->buf), release_buffer)))
        cli_die("out of memory");
    if (!(s->results = cli_keep(calloc(s->n_as_of < SERIES_PIECE ? s->n_as_of : SERIES_PIECE,
                                       sizeof *s->results),
                                free)))
        cli_die("out of memory");
    if (s->rejects && strcmp(s->rejects, "-") != 0)
        s->rejects_out = cli_file_open(s->rejects); /* renamed once the run succeeds */
    if (s->stream && !s->out && !s->report) {
        /* a reader at the other end of a pipe gets each case as it ends */
        struct stat st;
        s->flush_each = fstat(fileno(stdout), &st) == 0 && (S_ISFIFO(st.st_mode) ||
                                                            S_ISSOCK(st.st_mode));
    }
    memset(&eo, 0, sizeof eo);
    eo.map = s->map;
    eo.name = s->file;
    eo.skip_invalid = s->skip_invalid;
    eo.rejects = s->rejects != NULL;
    eo.write_rejects = s->rejects ? write_rejects : NULL;
    eo.stream = s->stream;
    /* tests only: a small filter makes every id a suspect (events.h) */
    eo.filter_bits = test_setting("UNALLOC_TEST_FILTER_BITS");
    eo.max_suspects = test_setting("UNALLOC_TEST_MAX_SUSPECTS");
    /* by case id, the whole log's cases are held: at most MAX_EVENTS_BYTES of it */
    eo.max_bytes = s->stream ? 0 : MAX_EVENTS_BYTES;
    eo.on_case = evaluate_series;
    eo.data = s;
    rc = events_read_file(f, &eo, &s->sum);
    if (f != stdin)
        cli_drop(f);
    cli_drop(s->buf);
    s->buf = NULL;
    cli_drop(s->results);
    s->results = NULL;
    if (rc == 0 && s->sum.rows_set_aside)
        fprintf(stderr, "unalloc: %s: %zu of %zu rows set aside (%zu case%s): not evaluated\n",
                s->file, s->sum.rows_set_aside, s->sum.rows, s->sum.cases_set_aside,
                s->sum.cases_set_aside == 1 ? "" : "s");
    if (s->rejects_out) {
        if (rc == 0)
            cli_file_commit(s->rejects_out);
        else
            cli_file_abandon(s->rejects_out);
        s->rejects_out = NULL;
    }
    if (s->report)
        return rc;
    if (rc == 0 && !s->header_written && put(s, "", 0) != 0) /* no case: the header alone */
        rc = -1;
    if (rc == 0) {
        if (s->out)
            cli_file_commit(s->out);
    } else if (s->out) {
        cli_file_abandon(s->out); /* nothing is left under its name */
    } else if (s->header_written && !s->stdout_failed) {
        fprintf(stderr,
                "unalloc: the output on standard output is incomplete (%zu case%s written "
                "before the failure): do not use it\n",
                s->cases_written, s->cases_written == 1 ? "" : "s");
    }
    s->out = NULL;
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

/* ---- --as-of, once, repeated or as a range ------------------------------------------- */

struct series {
    struct unalloc_moment *m;
    size_t n, cap;
};

static void
release_series(void *p)
{
    struct series *sr = p;
    free(sr->m);
    free(sr);
}

static void
series_add(struct series *sr, struct unalloc_moment m)
{
    if (sr->n == EVAL_MAX_AS_OF)
        cli_die("--as-of: more than %d moments in one run", EVAL_MAX_AS_OF);
    if (sr->n == sr->cap)
        sr->m = cli_grow(sr->m, &sr->cap, sizeof *sr->m, 16);
    sr->m[sr->n++] = m;
}

/* In time order: a date alone is the end of that day. */
static int
cmp_moment(const void *a, const void *b)
{
    const struct unalloc_moment *x = a, *y = b;
    int c = unalloc_date_compare(x->at.date, y->at.date);
    int tx = x->has_time ? x->at.hour * 60 + x->at.minute : 24 * 60;
    int ty = y->has_time ? y->at.hour * 60 + y->at.minute : 24 * 60;
    return c ? c : (tx > ty) - (tx < ty);
}

static struct unalloc_moment
moment(const char *what, const char *text)
{
    struct unalloc_moment m;
    struct unalloc_error err;
    if (unalloc_datetime_parse(&m.at, &m.has_time, text, &err) != UNALLOC_OK)
        cli_die("--as-of: %s%s", what, err.message);
    return m;
}

/* FIRST..LAST/STEP, STEP Nd or Nw. */
static void
add_range(struct series *sr, const char *value, const char *dots)
{
    char first[64], last[64];
    const char *slash = strchr(dots, '/');
    struct unalloc_moment a, b;
    struct unalloc_error err;
    char *end;
    long step;

    if (!slash)
        cli_die("--as-of: '%s': a range needs a step, e.g. %.*s/1w or /7d", value,
                (int)(strlen(value) > 60 ? 60 : strlen(value)), value);
    if ((size_t)(dots - value) >= sizeof first || (size_t)(slash - dots - 2) >= sizeof last)
        cli_die("--as-of: '%s' is not FIRST..LAST/STEP", value);
    memcpy(first, value, (size_t)(dots - value));
    first[dots - value] = '\0';
    memcpy(last, dots + 2, (size_t)(slash - dots - 2));
    last[slash - dots - 2] = '\0';
    a = moment("the range's first moment: ", first);
    b = moment("the range's last moment: ", last);
    if (a.has_time != b.has_time)
        cli_die("--as-of: '%s': give both ends of the range as dates, or both with a time",
                value);
    if (cmp_moment(&b, &a) < 0)
        cli_die("--as-of: '%s': the range ends before it starts", value);
    errno = 0;
    step = strtol(slash + 1, &end, 10);
    if (end == slash + 1 || errno || step < 1 || step > 10000 ||
        (strcmp(end, "d") != 0 && strcmp(end, "w") != 0))
        cli_die("--as-of: '%s': the step '%s' is not a number of days or weeks (1d to "
                "10000d, 1w to 10000w, e.g. /1w or /7d)",
                value, slash + 1);
    if (*end == 'w')
        step *= 7;
    for (;;) {
        series_add(sr, a);
        if (unalloc_date_add_days(&a.at.date, a.at.date, (int)step, &err) != UNALLOC_OK)
            break; /* past the calendar's last year: the range ends there */
        if (cmp_moment(&a, &b) > 0)
            break;
    }
}

struct unalloc_moment *
eval_as_of_series(const struct cli_args *a, size_t *n)
{
    struct series *sr = cli_keep(calloc(1, sizeof(struct series)), release_series);
    struct unalloc_moment *m;
    char text[UNALLOC_DATETIME_BUFSIZE];

    if (!sr)
        cli_die("out of memory");
    for (int i = 0; i < a->nopt; i++) {
        const char *v = a->opt[i].value, *dots;
        if (strcmp(a->opt[i].name, "as-of") != 0)
            continue;
        if ((dots = strstr(v, "..")) != NULL)
            add_range(sr, v, dots);
        else
            series_add(sr, moment("", v));
    }
    if (!sr->n)
        cli_die("--as-of DATE is required");
    qsort(sr->m, sr->n, sizeof *sr->m, cmp_moment);
    for (size_t i = 1; i < sr->n; i++)
        if (cmp_moment(&sr->m[i - 1], &sr->m[i]) == 0) {
            if ((sr->m[i].has_time
                     ? unalloc_datetime_format(text, sizeof text, sr->m[i].at, NULL)
                     : unalloc_date_format(text, sizeof text, sr->m[i].at.date, NULL)) !=
                UNALLOC_OK)
                text[0] = '\0';
            cli_die("--as-of: %s is given more than once", text);
        }
    /* hand the array over: held on its own, the holder freed */
    m = sr->m;
    *n = sr->n;
    sr->m = NULL;
    cli_drop(sr);
    return cli_keep(m, free);
}

/* ---- the run record -------------------------------------------------------------- */

/* The options that load a bank-holiday file into the calendar, in the order
 * cli_calendar_in() loads them: their values name the run record's files. */
static const char *const calendar_file_options[] = { "ics", NULL };

char *
eval_run_record(const struct cli_args *a, const struct eval_state *s, size_t *len)
{
    const char *files[CLI_MAX_ARGS];
    struct unalloc_run run = UNALLOC_RUN_INIT;
    struct unalloc_error err;
    char *buf = NULL;
    size_t n = 0;

    for (int i = 0; i < a->nopt; i++)
        for (const char *const *o = calendar_file_options; *o; o++)
            if (strcmp(a->opt[i].name, *o) == 0)
                files[n++] = a->opt[i].value;
    run.policy = s->policy;
    run.calendar = s->cal;
    run.as_of = s->as_of;
    run.n_as_of = s->n_as_of;
    run.calendar_files = files;
    run.n_calendar_files = n;
    *len = 0;
    if (unalloc_run_append_json(&buf, len, &run, &err) != UNALLOC_OK)
        cli_die("%s", err.message);
    return cli_keep(buf, unalloc_free);
}

void
eval_policy_warning(const struct eval_state *s)
{
    struct unalloc_date latest = s->as_of[0].at.date;
    enum unalloc_warning_code code;
    struct unalloc_error err;
    char *text = NULL;
    for (size_t i = 1; i < s->n_as_of; i++)
        if (unalloc_date_compare(s->as_of[i].at.date, latest) > 0)
            latest = s->as_of[i].at.date;
    if (unalloc_policy_warning(&code, &text, s->policy, latest, &err) != UNALLOC_OK)
        cli_die("%s", err.message);
    if (code != UNALLOC_WARNING_NONE)
        fprintf(stderr, "unalloc: warning: policy %s: %s (%s; CSV has no run record: --meta FILE "
                        "writes it)\n",
                unalloc_policy_id(s->policy), text, unalloc_warning_code_name(code));
    unalloc_free(text);
}

const char *
eval_meta_option(const struct cli_args *a)
{
    const char *meta = cli_opt(a, "meta");
    /* the output (standard output without -o), --meta and --rejects: each to
     * its own file, or one would overwrite another (the last renamed wins),
     * and at most one on standard output, or their lines would be mixed */
    static const char *const what[] = { "--meta", "--rejects", "-o (--output)" };
    const char *file[] = { meta, cli_opt(a, "rejects"), cli_opt(a, "output") };
    if (meta && strcmp(meta, "-") == 0)
        cli_die("--meta needs a file name: the run record does not share standard output "
                "with the output it describes");
    if (!file[2])
        file[2] = "-";
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++) {
            if (!file[i] || !file[j] || !cli_same_file(file[i], file[j]))
                continue;
            if (strcmp(file[i], "-") == 0)
                cli_die("%s and the output would both go to standard output: give one of "
                        "them a file",
                        what[i]);
            cli_die("%s and %s name the same file ('%s'): each output needs its own",
                    what[i], what[j], file[j]);
        }
    return meta;
}
