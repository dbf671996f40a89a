/*
 * libunalloc: bulk forms of the calendar and the engine, for the bindings and
 * ETL jobs: arrays of days (numpy datetime64[D]) and a whole event table
 * evaluated in one call, so the loops run in C.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"

static bool
day_ok(int64_t d)
{
    return d >= UA_DAYS_MIN && d <= UA_DAYS_MAX;
}

static enum unalloc_status
bad_day(struct unalloc_error *err, size_t i, int64_t d)
{
    return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                   "element %zu: day %lld is outside 1900-01-01 to 2199-12-31", i, (long long)d);
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_add_working_days_array(int64_t *out_days, const struct unalloc_calendar *cal,
                                        const int64_t *days, const int64_t *n, size_t n_count,
                                        size_t count, struct unalloc_error *err)
{
    if (!cal || (count && (!out_days || !days || !n)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_add_working_days_array: an argument is NULL");
    if (n_count != 1 && n_count != count)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "n has %zu elements; it needs 1 or %zu", n_count, count);
    for (size_t i = 0; i < count; i++) {
        const int64_t d = days[i], k = n[n_count == 1 ? 0 : i];
        int32_t r;
        if (d == UNALLOC_DAYS_MISSING || k == UNALLOC_DAYS_MISSING) {
            out_days[i] = UNALLOC_DAYS_MISSING;
            continue;
        }
        if (!day_ok(d))
            return bad_day(err, i, d);
        if (k > INT32_MAX || k < INT32_MIN ||
            ua_calendar_add_days_serial(&r, cal, (int32_t)d, k, NULL) != UNALLOC_OK)
            return ua_fail(err, UNALLOC_E_RANGE, 0, 0,
                           "element %zu: adding %lld working days leaves 1900-2199", i,
                           (long long)k);
        out_days[i] = r;
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_count_working_days_array(int64_t *out_counts, const struct unalloc_calendar *cal,
                                          const int64_t *from, const int64_t *to, size_t count,
                                          struct unalloc_error *err)
{
    if (!cal || (count && (!out_counts || !from || !to)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_count_working_days_array: an argument is NULL");
    for (size_t i = 0; i < count; i++) {
        if (from[i] == UNALLOC_DAYS_MISSING || to[i] == UNALLOC_DAYS_MISSING) {
            out_counts[i] = UNALLOC_DAYS_MISSING;
            continue;
        }
        if (!day_ok(from[i]))
            return bad_day(err, i, from[i]);
        if (!day_ok(to[i]))
            return bad_day(err, i, to[i]);
        out_counts[i] = ua_calendar_count_serial(cal, (int32_t)from[i], (int32_t)to[i]);
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_calendar_is_working_day_array(int8_t *out_flags, const struct unalloc_calendar *cal,
                                      const int64_t *days, size_t count, struct unalloc_error *err)
{
    if (!cal || (count && (!out_flags || !days)))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_calendar_is_working_day_array: an argument is NULL");
    for (size_t i = 0; i < count; i++) {
        if (days[i] == UNALLOC_DAYS_MISSING) {
            out_flags[i] = -1;
            continue;
        }
        if (!day_ok(days[i]))
            return bad_day(err, i, days[i]);
        out_flags[i] = ua_calendar_working_index(cal, (int32_t)(days[i] - UA_DAYS_MIN)) ? 1 : 0;
    }
    return UNALLOC_OK;
}

/* ---- the event table ---------------------------------------------------------- */

/* qsort has no context argument in C11: sort (id, row) pairs instead. */
struct keyed {
    const char *id;
    size_t row;
};

static int
cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return (x->row > y->row) - (x->row < y->row);
}

static const char *
cell(const char *const *col, size_t row)
{
    return col && col[row] ? col[row] : "";
}

UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_table(char **cases_csv, size_t *cases_len, char **occurrences_csv,
                       size_t *occurrences_len, const struct unalloc_calendar *cal,
                       const struct unalloc_policy *pol, const struct unalloc_event_table *ev,
                       const struct unalloc_moment *as_of, size_t n_as_of,
                       struct unalloc_error *err)
{
    struct keyed *order = NULL;
    char **cbuf = NULL, **obuf = NULL;
    size_t *clen = NULL, *olen = NULL;
    char *cout = NULL, *oout = NULL;
    size_t cout_len = 0, oout_len = 0;
    size_t *rows_of = NULL;
    enum unalloc_status st = UNALLOC_OK;

    if (cases_csv)
        *cases_csv = NULL;
    if (occurrences_csv)
        *occurrences_csv = NULL;
    if (!cases_csv || !cases_len || !occurrences_csv || !occurrences_len || !cal || !pol || !ev ||
        (n_as_of && !as_of))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_evaluate_table: an argument is NULL");
    if (ev->rows && (!ev->case_id || !ev->at || !ev->event))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_evaluate_table: the case_id, at and event columns are required");
    if (n_as_of == 0)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "give at least one as-of date");

    if ((ev->rows && !(order = ua_malloc(ev->rows * sizeof *order))) ||
        !(cbuf = ua_calloc(n_as_of, sizeof *cbuf)) || !(obuf = ua_calloc(n_as_of, sizeof *obuf)) ||
        !(clen = ua_calloc(n_as_of, sizeof *clen)) || !(olen = ua_calloc(n_as_of, sizeof *olen)) ||
        (ev->rows && !(rows_of = ua_malloc(ev->rows * sizeof *rows_of)))) {
        st = ua_nomem(err);
        goto out;
    }
    for (size_t i = 0; i < ev->rows; i++) {
        order[i].id = ev->case_id[i];
        order[i].row = i;
        if (!order[i].id || !*order[i].id) {
            st = ua_fail(err, UNALLOC_E_INVALID, (int)(i + 1 > INT32_MAX ? 0 : i + 1), 0,
                         "row %zu: case_id is empty", i + 1);
            goto out;
        }
    }
    if (ev->rows > 1)
        qsort(order, ev->rows, sizeof *order, cmp_keyed);

    for (size_t g = 0; g < ev->rows && st == UNALLOC_OK;) {
        size_t end = g;
        struct unalloc_case *c = NULL;
        while (end < ev->rows && strcmp(order[end].id, order[g].id) == 0)
            end++;
        if ((st = unalloc_case_new(&c, order[g].id, err)) != UNALLOC_OK) {
            if (err)
                err->line = (int)(order[g].row + 1);
            break;
        }
        for (size_t k = g; k < end && st == UNALLOC_OK; k++) {
            const size_t row = order[k].row;
            struct unalloc_moment at;
            struct unalloc_error inner;
            rows_of[k - g] = row;
            if ((st = unalloc_datetime_parse(&at.at, &at.has_time, cell(ev->at, row), &inner)) !=
                    UNALLOC_OK ||
                (st = unalloc_case_add_event(c, cell(ev->event, row), at, cell(ev->detail, row),
                                             cell(ev->worker, row), cell(ev->locality, row),
                                             &inner)) != UNALLOC_OK)
                ua_fail(err, st, (int)(row + 1), 0, "row %zu: %s", row + 1, inner.message);
        }
        for (size_t a = 0; a < n_as_of && st == UNALLOC_OK; a++) {
            struct unalloc_result *r = NULL;
            struct unalloc_error inner;
            if ((st = unalloc_evaluate(&r, cal, pol, c, as_of[a], &inner)) != UNALLOC_OK) {
                /* A sequence error names the event by its position in the case. */
                size_t seq = inner.line > 0 ? (size_t)inner.line - 1 : 0;
                int line = inner.line > 0 && seq < end - g ? (int)(rows_of[seq] + 1) : 0;
                ua_fail(err, st, line, 0, "%s", inner.message);
                break;
            }
            if ((st = unalloc_result_append_csv(&cbuf[a], &clen[a], r, UNALLOC_TABLE_CASES,
                                                err)) == UNALLOC_OK)
                st = unalloc_result_append_csv(&obuf[a], &olen[a], r, UNALLOC_TABLE_OCCURRENCES,
                                               err);
            unalloc_result_free(r);
        }
        unalloc_case_free(c);
        g = end;
    }
    if (st != UNALLOC_OK)
        goto out;

    /* Header, then each as-of's rows in order. */
    {
        const char *ch = unalloc_table_header(UNALLOC_TABLE_CASES);
        const char *oh = unalloc_table_header(UNALLOC_TABLE_OCCURRENCES);
        size_t ct = strlen(ch), ot = strlen(oh);
        for (size_t a = 0; a < n_as_of; a++)
            ct += clen[a], ot += olen[a];
        if (!(cout = ua_malloc(ct + 1)) || !(oout = ua_malloc(ot + 1))) {
            st = ua_nomem(err);
            goto out;
        }
        memcpy(cout, ch, strlen(ch));
        cout_len = strlen(ch);
        memcpy(oout, oh, strlen(oh));
        oout_len = strlen(oh);
        for (size_t a = 0; a < n_as_of; a++) {
            if (clen[a])
                memcpy(cout + cout_len, cbuf[a], clen[a]);
            cout_len += clen[a];
            if (olen[a])
                memcpy(oout + oout_len, obuf[a], olen[a]);
            oout_len += olen[a];
        }
        cout[cout_len] = '\0';
        oout[oout_len] = '\0';
    }
    *cases_csv = cout;
    *cases_len = cout_len;
    *occurrences_csv = oout;
    *occurrences_len = oout_len;
    cout = oout = NULL;

out:
    for (size_t a = 0; cbuf && a < n_as_of; a++)
        ua_free(cbuf[a]);
    for (size_t a = 0; obuf && a < n_as_of; a++)
        ua_free(obuf[a]);
    ua_free(cbuf);
    ua_free(obuf);
    ua_free(clen);
    ua_free(olen);
    ua_free(order);
    ua_free(rows_of);
    ua_free(cout);
    ua_free(oout);
    return st;
}
