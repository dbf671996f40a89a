/*
 * unalloc policy: the built-in policies, their rules as Markdown, and checking a policy file
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <unalloc/unalloc.h>

#include "cli.h"
#include "commands.h"

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
    const struct unalloc_definition *d = unalloc_policy_definition(p);
    struct unalloc_date review;
    char day[UNALLOC_DATE_BUFSIZE];

    printf("### `%s`: %s\n\n", unalloc_policy_id(p), unalloc_policy_title(p));
    printf("Region `%s`; ", unalloc_region_name(unalloc_policy_region(p)));
    if (unalloc_policy_review_date(p, &review) &&
        unalloc_date_format(day, sizeof day, review, NULL) == UNALLOC_OK)
        printf("review date %s. ", day);
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
        printf("; from %s", r->anchor == UNALLOC_ANCHOR_CONCERN ? "the first concern-raised"
                                                                : unalloc_anchor_name(r->anchor));
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
            printf("; while %s", unalloc_window_name(r->window));
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
        printf("| `%s` | ", r->id);
        md_duration(r->every);
        if (r->every_setting)
            printf(" (setting `%s`, local)", r->every_setting);
        printf(" | %s | ", unalloc_report_form_name(r->form));
        md_escape(r->audience);
        printf(" | ");
        md_clause(p, &r->clause);
        printf(" |\n");
    }
}

static int
cmd_policy(int argc, char **argv)
{
    static const struct cli_option opts[] = { { NULL, 0 } };
    struct cli_args a;
    struct unalloc_error err;
    struct unalloc_policy *p;

    cli_args_init(&a, "policy", argc, argv);
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
        p = cli_policy(a.pos[1]);
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
            cli_die_parse(a.pos[1], &err);
        cli_drop(text);
        printf("%s: ok: policy %s, %zu rules, %zu reports, hash %s\n", a.pos[1],
               unalloc_policy_id(p), unalloc_policy_rule_count(p), unalloc_policy_report_count(p),
               unalloc_policy_hash(p));
        unalloc_policy_free(p);
        return 0;
    }
    cli_die("policy: unknown action '%s' (expected list, show, doc or check)", a.pos[0]);
}

const struct cli_command cli_command_policy = {
    "policy", cmd_policy,
    "  unalloc policy list | show ID | doc ID|FILE | check FILE\n"
    "      doc prints the policy's rules as Markdown tables (doc/policies.md)\n",
    false, false,
};
