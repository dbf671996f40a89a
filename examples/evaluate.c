/*
 * libunalloc example: evaluating one child's case under a built-in policy.
 *
 * Builds the case of a child referred on Monday 13 May 2024 at 09:00 who waits
 * three weeks for a social worker, evaluates it under protocol-2019 as of the
 * end of Monday 3 June 2024, and prints how the case stands and every
 * occurrence of every obligation, with its due date, its state and the clause
 * it comes from. Worked by hand (examples/evaluate.out, checked by the tests):
 * - five or more working days unallocated: from add(13 May, 5) = Monday 20 May;
 *   count(13 May, 3 June) = 14, Monday 27 May being the spring bank holiday;
 * - the manager's oversight is owed on the day the case counts, 20 May; it is
 *   recorded on 21 May: met, late;
 * - the weekly review (every 7 days from the threshold) is due 27 May and met
 *   on 24 May; the next is due 7 days after that, 31 May, and is overdue.
 * Build it outside the tree with:
 *   cc evaluate.c $(pkg-config --cflags --libs unalloc)
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include <unalloc/unalloc.h>

/* One event of the case's log: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM". */
struct event {
    const char *kind, *at, *detail, *worker;
};

static const struct event events[] = {
    { "opened", "2024-05-13T09:00", "cin", NULL },
    { "oversight", "2024-05-21", "team-manager", "TM1" },
    { "review", "2024-05-24", "team-manager", "TM1" },
    { "allocated", "2024-06-05", "social-worker", "SW7" },
};

static enum unalloc_status
print_result(const struct unalloc_result *r, struct unalloc_error *err)
{
    const struct unalloc_case_result *cr = unalloc_result_case(r);
    char since[UNALLOC_MOMENT_BUFSIZE], due[UNALLOC_MOMENT_BUFSIZE], met[UNALLOC_MOMENT_BUFSIZE];
    enum unalloc_status st;

    printf("case %s under %s: %s", cr->case_id, cr->policy_id,
           unalloc_case_status_name(cr->status));
    if (cr->has_since) {
        st = unalloc_moment_format(since, sizeof since, cr->unallocated_since, err);
        if (st != UNALLOC_OK)
            return st;
        printf(" since %s, %d working days", since, cr->working_days_unallocated);
    }
    printf("\n");

    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
        const struct unalloc_occurrence *o = unalloc_result_occurrence(r, i);

        if ((st = unalloc_moment_format(due, sizeof due, o->due, err)) != UNALLOC_OK)
            return st;
        printf("%s #%d: due %s, %s", o->rule, o->occurrence, due, unalloc_state_name(o->state));
        if (o->met) {
            if ((st = unalloc_moment_format(met, sizeof met, o->met_at, err)) != UNALLOC_OK)
                return st;
            printf(" on %s%s", met, o->late ? " (late)" : "");
        }
        printf("\n    %s\n", o->clause);
    }
    return UNALLOC_OK;
}

int
main(void)
{
    struct unalloc_error err;
    struct unalloc_calendar *cal = NULL;
    struct unalloc_policy *policy = NULL;
    struct unalloc_case *c = NULL;
    struct unalloc_result *r = NULL;
    enum unalloc_status st;

    unalloc_error_clear(&err);
    st = unalloc_policy_builtin(&policy, "protocol-2019", &err);
    if (st == UNALLOC_OK)
        st = unalloc_calendar_new(&cal, unalloc_policy_region(policy), &err);
    if (st == UNALLOC_OK)
        st = unalloc_case_new(&c, "C001", &err);
    for (size_t i = 0; st == UNALLOC_OK && i < sizeof events / sizeof events[0]; i++) {
        struct unalloc_moment at;

        st = unalloc_moment_parse(&at, events[i].at, &err);
        if (st == UNALLOC_OK)
            st = unalloc_case_add_event(c, events[i].kind, at, events[i].detail,
                                        events[i].worker, "North", &err);
    }
    /* As of a date alone: the end of that day. */
    if (st == UNALLOC_OK)
        st = unalloc_evaluate(&r, cal, policy, c, unalloc_moment_from_date(2024, 6, 3), &err);
    if (st == UNALLOC_OK)
        st = print_result(r, &err);
    if (st != UNALLOC_OK)
        fprintf(stderr, "error: %s\n", err.message);

    unalloc_result_free(r);
    unalloc_case_free(c);
    unalloc_policy_free(policy);
    unalloc_calendar_free(cal);
    return st == UNALLOC_OK ? 0 : 1;
}
