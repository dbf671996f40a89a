/*
 * unalloc command line: evaluate, report and policy commands.
 *
 *   unalloc evaluate --policy ID|FILE --as-of DATE[THH:MM] [CALENDAR OPTIONS]
 *                    [--format json|csv|cases-csv] [--fail-on overdue] [--map FILE]
 *                    [--skip-invalid [--rejects FILE]] EVENTS.csv|-
 *   unalloc report REPORT --policy ID|FILE --as-of DATE [CALENDAR OPTIONS] EVENTS.csv|-
 *   unalloc policy list | show ID | check FILE
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "events.h"

/* Largest event log read (the command holds it in memory while it works). */
#define MAX_EVENTS_BYTES ((size_t)2 << 30)

/* A parse error as FILE:LINE:COLUMN: message (the library's message does
 * not repeat the position). */
static void
die_parse(const char *file, const struct unalloc_error *err)
{
    cli_die("%s:%d:%d: %s", file, err->line, err->column, err->message);
}

static void
release_policy(void *p)
{
    unalloc_policy_free(p);
}

/* --policy ID|FILE: a built-in id, else a file. Held with cli_keep(). */
static struct unalloc_policy *
load_policy(const char *arg)
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
        die_parse(arg, &err);
    cli_drop(text);
    return cli_keep(p, release_policy);
}

/* --set NAME=VALUE (repeatable): a council's values for the policy's
 * settings, giving a new policy (the old one is freed). */
static struct unalloc_policy *
apply_settings(const struct cli_args *a, struct unalloc_policy *p)
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
    if (!(copies = cli_keep(malloc(size), free)))
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

static struct unalloc_moment
parse_as_of(const char *text)
{
    struct unalloc_moment m;
    struct unalloc_error err;
    if (!text)
        cli_die("--as-of DATE is required");
    if (unalloc_datetime_parse(&m.at, &m.has_time, text, &err) != UNALLOC_OK)
        cli_die("--as-of: %s", err.message);
    return m;
}

/* The calendar: the policy's region unless --region says otherwise. */
static struct unalloc_calendar *
policy_calendar(struct cli_args *a, const struct unalloc_policy *p)
{
    const char *region = cli_opt(a, "region");
    enum unalloc_region r;
    /* Another region is no bad row of the input: it would make every case
     * fail, so say so once, before reading. */
    if (region && unalloc_region_from_name(&r, region, NULL) == UNALLOC_OK &&
        r != unalloc_policy_region(p))
        cli_die("--region %s: policy %s counts working days in %s", region, unalloc_policy_id(p),
                unalloc_region_name(unalloc_policy_region(p)));
    if (!region) {
        if (a->nopt >= CLI_MAX_ARGS)
            cli_die("too many options");
        a->opt[a->nopt].name = "region";
        a->opt[a->nopt].value = unalloc_region_name(unalloc_policy_region(p));
        a->nopt++;
    }
    return cli_calendar(a);
}

/* ---- evaluate ------------------------------------------------------------------ */

enum format { F_JSON, F_CSV, F_CASES };

struct out_case {
    char *id;
    char *text;
    size_t len;
};

struct out_list {
    struct out_case *out;
    size_t nout, cap;
};

struct eval_state {
    const char *file;
    const struct unalloc_calendar *cal;
    const struct unalloc_policy *policy;
    struct unalloc_moment as_of;
    enum format format;
    bool skip_invalid;
    const char *rejects;   /* --rejects FILE */
    struct unalloc_mapping *map; /* --map FILE, or NULL */
    struct events_summary sum;
    bool overdue;           /* something overdue now (the current spell, the episode) */
    bool overdue_on_record; /* something of an earlier spell missed, on record */
    unsigned states;           /* --state filter for --format csv (current rows) */
    unsigned states_on_record; /* ... and for the rows on record; both 0 = all rows */
    struct out_list *outs; /* on the heap, held with cli_keep() */
    struct unalloc_report *report;
};

static int
evaluate_case(const struct unalloc_case *c, const int *lines, void *data,
              struct unalloc_error *why)
{
    struct eval_state *s = data;
    struct unalloc_result *r;
    struct unalloc_error err;
    struct out_case oc = { NULL, NULL, 0 };
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
        if (s->format == F_JSON)
            st = unalloc_result_append_json(&oc.text, &oc.len, r, &err);
        else if (s->format == F_CSV && (s->states || s->states_on_record))
            st = unalloc_result_append_csv_filter(&oc.text, &oc.len, r, s->states,
                                                  s->states_on_record, &err);
        else
            st = unalloc_result_append_csv(&oc.text, &oc.len, r,
                                           s->format == F_CASES ? UNALLOC_TABLE_CASES
                                                                : UNALLOC_TABLE_OCCURRENCES,
                                           &err);
        if (st == UNALLOC_OK) {
            struct out_list *l = s->outs;
            if (l->nout == l->cap) {
                l->cap = l->cap ? l->cap * 2 : 256;
                struct out_case *n = realloc(l->out, l->cap * sizeof *n);
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
static void
release_outs(void *p)
{
    struct out_list *l = p;
    for (size_t i = 0; i < l->nout; i++) {
        free(l->out[i].id);
        unalloc_free(l->out[i].text);
    }
    free(l->out);
    free(l);
}

static int
cmp_out(const void *a, const void *b)
{
    return strcmp(((const struct out_case *)a)->id, ((const struct out_case *)b)->id);
}

static const struct cli_option eval_opts[] = {
    { "region", 1 },  { "ics", 1 },    { "closure", 1 },      { "working", 1 },
    { "policy", 1 },  { "as-of", 1 },  { "format", 1 },       { "fail-on", 1 },
    { "skip-invalid", 0 }, { "state", 1 }, { "rejects", 1 }, { "map", 1 }, { "set", 1 },
    { NULL, 0 },
};

/* Reads and evaluates the event log; writes the rejects and says on stderr
 * how much was set aside. Returns 0 or -1 (reported). */
static int
run(struct eval_state *s, const char *input)
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

/* The exit-code table (README, unalloc --help). */
static int
exit_status(const struct eval_state *s, bool failed_on)
{
    if (s->sum.rows_set_aside)
        return failed_on ? CLI_EXIT_SKIPPED_AND_FAILED_ON : CLI_EXIT_SKIPPED;
    return failed_on ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
}

static void
release_mapping(void *m)
{
    unalloc_mapping_free(m);
}

/* --map FILE: how to read the export's own columns, dates and words. */
static struct unalloc_mapping *
load_mapping(const char *path)
{
    struct unalloc_mapping *m = NULL;
    struct unalloc_error err;
    size_t size;
    char *text;
    if (!path)
        return NULL;
    text = cli_read_file(path, UNALLOC_MAPPING_MAX_BYTES, &size);
    if (unalloc_mapping_parse(&m, text, size, &err) != UNALLOC_OK)
        die_parse(path, &err);
    cli_drop(text);
    return cli_keep(m, release_mapping);
}

/* --skip-invalid, --rejects FILE, --map FILE */
static void
skip_options(const struct cli_args *a, struct eval_state *s)
{
    s->skip_invalid = cli_opt(a, "skip-invalid") != NULL;
    s->rejects = cli_opt(a, "rejects");
    if (s->rejects && !s->skip_invalid)
        cli_die("--rejects FILE goes with --skip-invalid (without it, a bad row stops the run)");
    s->map = load_mapping(cli_opt(a, "map"));
}

int
cmd_evaluate(int argc, char **argv)
{
    struct cli_args a;
    struct eval_state s;
    const char *fmt, *fail;
    struct unalloc_calendar *cal;
    struct unalloc_policy *policy;
    int rc;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, eval_opts);
    if (a.npos != 1)
        cli_die("evaluate: expected one EVENTS.csv (or - for stdin)");
    if (!cli_opt(&a, "policy"))
        cli_die("evaluate: --policy ID|FILE is required");
    memset(&s, 0, sizeof s);
    s.as_of = parse_as_of(cli_opt(&a, "as-of"));
    fmt = cli_opt(&a, "format");
    if (!fmt || strcmp(fmt, "json") == 0)
        s.format = F_JSON;
    else if (strcmp(fmt, "csv") == 0)
        s.format = F_CSV;
    else if (strcmp(fmt, "cases-csv") == 0)
        s.format = F_CASES;
    else
        cli_die("--format: '%s' is not json, csv or cases-csv", fmt);
    /* --fail-on overdue: something a manager can still act on is overdue
     * (the current spell's, the episode's); overdue-on-record: an earlier
     * spell's was missed. */
    fail = cli_opt(&a, "fail-on");
    if (fail && strcmp(fail, "overdue") != 0 && strcmp(fail, "overdue-on-record") != 0)
        cli_die("--fail-on: '%s' is not 'overdue' or 'overdue-on-record'", fail);
    skip_options(&a, &s);
    for (int i = 0; i < a.nopt; i++) {
        static const char *const names[] = { "pending", "due", "overdue", "met" };
        static const char suffix[] = "-on-record";
        const char *v = a.opt[i].value;
        size_t n;
        bool record;
        int k;
        if (strcmp(a.opt[i].name, "state") != 0)
            continue;
        n = strlen(v);
        record = n > sizeof suffix - 1 && strcmp(v + n - (sizeof suffix - 1), suffix) == 0;
        if (record)
            n -= sizeof suffix - 1;
        for (k = 0; k < 4 && (strlen(names[k]) != n || strncmp(names[k], v, n) != 0); k++)
            ;
        if (k == 4)
            cli_die("--state: '%s' is not pending, due, overdue or met (the current spell's "
                    "rows), or one of them followed by -on-record (an earlier spell's)",
                    v);
        if (record)
            s.states_on_record |= 1u << k;
        else
            s.states |= 1u << k;
    }
    if ((s.states || s.states_on_record) && s.format != F_CSV)
        cli_die("--state filters the rows of --format csv");
    policy = apply_settings(&a, load_policy(cli_opt(&a, "policy")));
    cal = policy_calendar(&a, policy);
    s.cal = cal;
    s.policy = policy;
    s.file = strcmp(a.pos[0], "-") == 0 ? "stdin" : a.pos[0];
    if (!(s.outs = cli_keep(calloc(1, sizeof *s.outs), release_outs)))
        cli_die("out of memory");

    rc = run(&s, a.pos[0]);
    if (rc == 0) {
        if (s.outs->nout > 1) /* qsort(NULL, 0, ...) is undefined */
            qsort(s.outs->out, s.outs->nout, sizeof *s.outs->out, cmp_out);
        if (s.format != F_JSON) {
            const char *h = unalloc_table_header(
                s.format == F_CASES ? UNALLOC_TABLE_CASES : UNALLOC_TABLE_OCCURRENCES);
            cli_write(h, strlen(h));
        }
        for (size_t i = 0; i < s.outs->nout; i++)
            cli_write(s.outs->out[i].text, s.outs->out[i].len);
    }
    cli_drop(s.outs);
    cli_drop(cal);
    cli_drop(policy);
    cli_drop(s.map);
    if (rc != 0)
        return CLI_EXIT_USAGE;
    return exit_status(&s, fail && (strcmp(fail, "overdue") == 0 ? s.overdue
                                                                   : s.overdue_on_record));
}

static void
release_report(void *p)
{
    unalloc_report_free(p);
}

int
cmd_report(int argc, char **argv)
{
    static const struct cli_option opts[] = {
        { "region", 1 }, { "ics", 1 }, { "closure", 1 }, { "working", 1 },
        { "policy", 1 }, { "as-of", 1 }, { "skip-invalid", 0 }, { "rejects", 1 },
        { "map", 1 },    { "set", 1 },          { NULL, 0 },
    };
    struct cli_args a;
    struct eval_state s;
    struct unalloc_error err;
    struct unalloc_calendar *cal;
    struct unalloc_policy *policy;
    char *text = NULL;
    int rc;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos != 2)
        cli_die("report: expected REPORT EVENTS.csv (e.g. report weekly-return --policy ID "
                "--as-of DATE events.csv)");
    if (!cli_opt(&a, "policy"))
        cli_die("report: --policy ID|FILE is required");
    memset(&s, 0, sizeof s);
    s.as_of = parse_as_of(cli_opt(&a, "as-of"));
    if (s.as_of.has_time)
        cli_die("report: --as-of takes a date (a return is for a day)");
    skip_options(&a, &s);
    policy = apply_settings(&a, load_policy(cli_opt(&a, "policy")));
    if (unalloc_report_new(&s.report, policy, a.pos[0], s.as_of.at.date, &err) != UNALLOC_OK)
        cli_die("report: %s", err.message);
    cli_keep(s.report, release_report);
    cal = policy_calendar(&a, policy);
    s.cal = cal;
    s.policy = policy;
    s.file = strcmp(a.pos[1], "-") == 0 ? "stdin" : a.pos[1];
    rc = run(&s, a.pos[1]);
    if (rc == 0 &&
        unalloc_report_set_aside(s.report, s.sum.rows_set_aside, s.sum.cases_set_aside, &err) !=
            UNALLOC_OK) {
        fprintf(stderr, "unalloc: %s\n", err.message);
        rc = -1;
    }
    if (rc == 0 && unalloc_report_render(&text, s.report, &err) != UNALLOC_OK) {
        fprintf(stderr, "unalloc: %s\n", err.message);
        rc = -1;
    }
    cli_keep(text, unalloc_free);
    if (rc == 0)
        cli_write(text, strlen(text));
    cli_drop(text);
    cli_drop(s.report);
    cli_drop(cal);
    cli_drop(policy);
    cli_drop(s.map);
    if (rc != 0)
        return CLI_EXIT_USAGE;
    return exit_status(&s, false);
}

/* ---- policy --------------------------------------------------------------------- */

static void
md_escape(const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", stdout);
        else
            fputc(*s, stdout);
    }
}

static void
md_duration(struct unalloc_duration d)
{
    printf("%d %s", d.amount, unalloc_unit_name(d.unit));
}

static void
md_roles(unsigned mask)
{
    bool first = true;
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
        if (mask & (1u << r)) {
            printf("%s%s", first ? " by " : " or ", unalloc_role_name((enum unalloc_role)r));
            first = false;
        }
}

static void
md_clause(const struct unalloc_policy *p, const struct unalloc_clause *c)
{
    char *text = NULL;
    struct unalloc_error err;
    if (unalloc_policy_format_clause(&text, p, c, &err) != UNALLOC_OK)
        cli_die("%s", err.message);
    md_escape(text);
    unalloc_free(text);
}

/* `policy doc`: the policy as Markdown tables, for doc/policies.md. */
static void
policy_doc(const struct unalloc_policy *p)
{
    static const char *const anchors[] = { "opened", "spell", "threshold", "holding", "absence",
                                           "met", "missed", "the first concern-raised" };
    static const char *const windows[] = { "", "spell", "episode", "holding", "absence" };
    const struct unalloc_definition *d = unalloc_policy_definition(p);
    struct unalloc_date review;

    printf("### `%s`: %s\n\n", unalloc_policy_id(p), unalloc_policy_title(p));
    printf("Region `%s`; ", unalloc_region_name(unalloc_policy_region(p)));
    if (unalloc_policy_review_date(p, &review))
        printf("review date %04d-%02d-%02d. ", review.year, review.month, review.day);
    else
        printf("no review date. ");
    printf("Allocated by:");
    for (int r = 0; r < UNALLOC_ROLE_COUNT_; r++)
        if (d->allocated_roles & (1u << r))
            printf(" `%s`", unalloc_role_name((enum unalloc_role)r));
    printf(". Scope:");
    for (int c = 0; c < UNALLOC_CATEGORY_COUNT_; c++)
        if (d->scope & (1u << c))
            printf(" `%s`", unalloc_category_name((enum unalloc_category)c));
    printf(".\n\n| definition | clause | parameters |\n|---|---|---|\n");
    printf("| unallocated | ");
    md_clause(p, &d->unallocated_clause);
    printf(" | %s ", d->unallocated.comparison == UNALLOC_COMPARISON_AT_LEAST ? "at least" : "more than");
    md_duration(d->unallocated.duration);
    printf(" without an allocated holder |\n");
    if (d->has_absence) {
        printf("| absence | ");
        md_clause(p, &d->absence_clause);
        printf(" | an allocated worker absent %s ",
               d->absence.comparison == UNALLOC_COMPARISON_AT_LEAST ? "at least" : "more than");
        md_duration(d->absence.duration);
        printf(" |\n");
    }
    if (d->needs_named_worker) {
        printf("| criteria | ");
        md_clause(p, &d->criteria_clause);
        printf(" | only once a named worker is needed%s |\n",
               d->list_while_assessing ? "; cases being assessed listed apart" : "");
    }
    if (d->leavers_unallocated) {
        printf("| leavers | ");
        md_clause(p, &d->leavers_clause);
        printf(" | a worker who has left counts by the unallocated threshold from the day they "
               "left |\n");
    }
    if (d->merge_within.amount) {
        printf("| merging | (our reading) | an allocation shorter than ");
        md_duration(d->merge_within);
        printf(" does not end a spell |\n");
    }
    if (unalloc_policy_setting_count(p)) {
        printf("\nSettings (a council changes one with `--set NAME=VALUE`, `settings={...}` in "
               "Python or unalloc_policy_with_settings() in C):\n\n"
               "| setting | default | kind | meaning |\n|---|---|---|---|\n");
        for (size_t i = 0; i < unalloc_policy_setting_count(p); i++) {
            const struct unalloc_setting *st = unalloc_policy_setting(p, i);
            printf("| `%s` | ", st->name);
            md_duration(st->default_value);
            printf(" | %s | ", st->kind == UNALLOC_SETTING_LOCAL
                                   ? "local: the document states no time"
                                   : "reading: the document's time, read one of two ways");
            md_escape(st->meaning);
            printf(" |\n");
        }
    }
    printf("\n| rule | clause | parameters | basis | reading |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < unalloc_policy_rule_count(p); i++) {
        const struct unalloc_rule *r = unalloc_policy_rule(p, i);
        printf("| `%s` | ", r->id);
        md_clause(p, &r->clause);
        printf(" | ");
        if (r->escalation)
            printf("escalate to %s", unalloc_role_name(r->escalate_to));
        else
            printf("%s", unalloc_obligation_kind_name(r->obligation));
        printf("; from %s", anchors[r->anchor]);
        if (r->anchor == UNALLOC_ANCHOR_HOLDING)
            printf(" %s%s", unalloc_role_name(r->anchor_role),
                   r->anchor_or_threshold ? " (or the threshold)" : "");
        if (r->anchor == UNALLOC_ANCHOR_MET || r->anchor == UNALLOC_ANCHOR_MISSED)
            printf(" `%s`", r->anchor_rule);
        if (r->has_due) {
            printf("; due %s", r->due_is_day ? "day " : "+");
            md_duration(r->due);
            if (r->due_setting)
                printf(" (setting `%s`)", r->due_setting);
        }
        if (r->recurring) {
            printf("; every ");
            md_duration(r->every);
            if (r->every_setting)
                printf(" (setting `%s`)", r->every_setting);
        }
        if (r->opens_at_due)
            printf("; only on or after the due day");
        if (r->counts_early)
            printf("; one recorded before that deadline counts");
        if (r->has_unless)
            printf("; not owed if `%s` is recorded first", unalloc_event_kind_name(r->unless_kind));
        for (size_t k = 0; k < r->n_met_by; k++) {
            printf("; %s %s", k ? "or" : "met by", unalloc_event_kind_name(r->met_by[k].kind));
            md_roles(r->met_by[k].roles);
        }
        if (r->window != UNALLOC_WINDOW_DEFAULT)
            printf("; while %s", windows[r->window]);
        if (r->if_age_at_least > 0)
            printf("; if aged %d or more at the due date", r->if_age_at_least);
        if (r->if_holding)
            printf("; if %s holds the case", unalloc_role_name(r->if_holding_role));
        printf(" | %s | ", unalloc_basis_name(r->basis));
        if (r->note)
            md_escape(r->note);
        printf(" |\n");
    }
    if (unalloc_policy_caseload(p)) {
        const struct unalloc_caseload_limit *l = unalloc_policy_caseload(p);
        printf("\nCaseload limit: at most %d cases per `%s` worker where `%s` also holds the "
               "case (",
               l->at_most, unalloc_role_name(l->worker_role), unalloc_role_name(l->with_role));
        md_clause(p, &l->clause);
        printf(").\n");
    }
    printf("\n| report | every | form | to | clause |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < unalloc_policy_report_count(p); i++) {
        const struct unalloc_report_spec *r = unalloc_policy_report(p, i);
        static const char *const forms[] = { "appendix-1", "register", "list" };
        printf("| `%s` | ", r->id);
        md_duration(r->every);
        if (r->every_setting)
            printf(" (setting `%s`, local)", r->every_setting);
        printf(" | %s | ", forms[r->form]);
        md_escape(r->audience);
        printf(" | ");
        md_clause(p, &r->clause);
        printf(" |\n");
    }
}

int
cmd_policy(int argc, char **argv)
{
    static const struct cli_option opts[] = { { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_policy *p;

    cli_args_init(&a, argc, argv);
    cli_parse(&a, opts);
    if (a.npos < 1)
        cli_die("policy: expected 'list', 'show ID', 'doc ID|FILE' or 'check FILE'");
    if (strcmp(a.pos[0], "list") == 0) {
        if (a.npos != 1)
            cli_die("policy list: unexpected argument '%s'", a.pos[1]);
        for (size_t i = 0; i < unalloc_policy_builtin_count(); i++) {
            const char *id = unalloc_policy_builtin_id(i);
            if (unalloc_policy_builtin(&p, id, &err) != UNALLOC_OK)
                cli_die("built-in policy %s: %s", id, err.message);
            printf("%s\t%s\n", id, unalloc_policy_title(p));
            unalloc_policy_free(p);
        }
        return 0;
    }
    if (strcmp(a.pos[0], "show") == 0) {
        const char *text;
        if (a.npos != 2)
            cli_die("policy show: expected ID");
        if (!(text = unalloc_policy_builtin_text(a.pos[1]))) {
            unalloc_policy_builtin(&p, a.pos[1], &err); /* for its message */
            cli_die("policy show: %s", err.message);
        }
        cli_write(text, strlen(text));
        return 0;
    }
    if (strcmp(a.pos[0], "doc") == 0) {
        if (a.npos != 2)
            cli_die("policy doc: expected ID or FILE");
        p = load_policy(a.pos[1]);
        policy_doc(p);
        cli_drop(p);
        return 0;
    }
    if (strcmp(a.pos[0], "check") == 0) {
        size_t size;
        char *text;
        if (a.npos != 2)
            cli_die("policy check: expected FILE");
        text = cli_read_file(a.pos[1], UNALLOC_POLICY_MAX_BYTES, &size);
        if (unalloc_policy_parse(&p, text, size, &err) != UNALLOC_OK)
            die_parse(a.pos[1], &err);
        cli_drop(text);
        printf("%s: ok: policy %s, %zu rules, %zu reports, hash %s\n", a.pos[1],
               unalloc_policy_id(p), unalloc_policy_rule_count(p), unalloc_policy_report_count(p),
               unalloc_policy_hash(p));
        unalloc_policy_free(p);
        return 0;
    }
    cli_die("policy: unknown action '%s' (expected list, show, doc or check)", a.pos[0]);
}
