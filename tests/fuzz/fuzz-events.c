/*
 * Fuzz target: the command line's event-log reader (tools/events.c) and the
 * evaluation of whatever cases it reads against every built-in policy.
 * Properties, beyond not crashing:
 * - no occurrence is due before it starts;
 * - evaluating twice gives the same answer (byte for byte);
 * - with no new events, an occurrence met as of one date is still met, at the
 *   same moment, as of a later date.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <unalloc/unalloc.h>

#include "case-private.h"
#include "events.h"
#include "fuzz.h"

static struct unalloc_calendar *cal;
static struct unalloc_policy *policies[8];
static size_t npolicies;

static void
init(void)
{
    if (cal)
        return;
    if (unalloc_calendar_new(&cal, UNALLOC_REGION_ENGLAND_AND_WALES, NULL) != UNALLOC_OK)
        FUZZ_FAIL("calendar");
    for (size_t i = 0; i < unalloc_policy_builtin_count() && i < 8; i++)
        if (unalloc_policy_builtin(&policies[npolicies], unalloc_policy_builtin_id(i), NULL) ==
            UNALLOC_OK)
            npolicies++;
}

static char *
json(const struct unalloc_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    if (unalloc_result_append_json(&buf, &len, r, NULL) != UNALLOC_OK)
        FUZZ_FAIL("json");
    return buf;
}

static const struct unalloc_occurrence *
same(const struct unalloc_result *r, const struct unalloc_occurrence *o)
{
    for (size_t i = 0; i < unalloc_result_occurrence_count(r); i++) {
        const struct unalloc_occurrence *p = unalloc_result_occurrence(r, i);
        if (strcmp(p->rule, o->rule) == 0 && p->spell == o->spell &&
            p->occurrence == o->occurrence)
            return p;
    }
    return NULL;
}

static int
on_case(const struct unalloc_case *c, const int *lines, void *data, struct unalloc_error *why)
{
    int64_t last = INT64_MIN;
    struct unalloc_moment as_of = { { { 0, 0, 0 }, 0, 0 }, false }, later;
    (void)lines;
    (void)data;
    (void)why;
    for (size_t i = 0; i < c->events.len; i++) {
        const struct ua_event *e = &UA_VEC_AT(&c->events, struct ua_event, i);
        if (e->t > last) {
            last = e->t;
            as_of.at.date = ua_civil_from_days(e->day);
        }
    }
    if (last == INT64_MIN)
        return 0;
    later = as_of;
    if (unalloc_date_add_days(&later.at.date, as_of.at.date, 45, NULL) != UNALLOC_OK)
        return 0;
    for (size_t k = 0; k < npolicies; k++) {
        struct unalloc_result *r1, *r2, *r3;
        if (unalloc_evaluate(&r1, cal, policies[k], c, as_of, NULL) != UNALLOC_OK)
            continue;
        if (unalloc_evaluate(&r2, cal, policies[k], c, as_of, NULL) != UNALLOC_OK)
            FUZZ_FAIL("the second evaluation failed");
        char *a = json(r1), *b = json(r2);
        if (strcmp(a, b) != 0)
            FUZZ_FAIL("two evaluations differ");
        unalloc_free(a);
        unalloc_free(b);
        for (size_t i = 0; i < unalloc_result_occurrence_count(r1); i++) {
            const struct unalloc_occurrence *o = unalloc_result_occurrence(r1, i);
            if (unalloc_datetime_compare(o->due.at, o->start.at) < 0 &&
                (o->due.has_time ||
                 unalloc_date_compare(o->due.at.date, o->start.at.date) < 0))
                FUZZ_FAIL("an occurrence is due before it starts");
        }
        if (unalloc_evaluate(&r3, cal, policies[k], c, later, NULL) != UNALLOC_OK)
            FUZZ_FAIL("evaluation fails at a later date");
        for (size_t i = 0; i < unalloc_result_occurrence_count(r1); i++) {
            const struct unalloc_occurrence *o = unalloc_result_occurrence(r1, i), *p;
            if (!o->met)
                continue;
            p = same(r3, o);
            if (!p || !p->met || unalloc_datetime_compare(p->met_at.at, o->met_at.at) != 0)
                FUZZ_FAIL("a met occurrence is no longer met later");
        }
        unalloc_result_free(r1);
        unalloc_result_free(r2);
        unalloc_result_free(r3);
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct events_options opt;
    struct events_summary sum;
    char *buf;
    init();
    if (size > 1 << 20)
        return 0;
    /* events_read works on a NUL-free buffer it may scan freely. */
    buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    memset(&opt, 0, sizeof opt);
    opt.name = "fuzz";
    opt.skip_invalid = (size & 1) != 0;
    opt.rejects = (size & 2) != 0;
    opt.on_case = on_case;
    opt.data = NULL;
    events_read(buf, size, &opt, &sum);
    free(sum.rejects);
    free(buf);
    return 0;
}
