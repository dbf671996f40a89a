/*
 * libunalloc: the engine in bulk, for the bindings and ETL jobs: a whole
 * event table or frame evaluated in one call, so the loop runs in C (the
 * calendar's arrays of days are in calendar.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "evaluate-private.h"

UNALLOC_EXPORT enum unalloc_status
unalloc_frame_options_init(struct unalloc_frame_options *options, unsigned int version,
                           struct unalloc_error *err)
{
    if (!options)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_frame_options_init: options is NULL");
    if (version > UNALLOC_FRAME_OPTIONS_VERSION)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "struct unalloc_frame_options has version %u; this library reads up to "
                       "version %d (build against its headers)",
                       version, UNALLOC_FRAME_OPTIONS_VERSION);
    memset(options, 0, sizeof *options);
    options->version = version;
    return UNALLOC_OK;
}

/* ---- the event table and the frame ------------------------------------------------- */

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

/* A problem with a row, or (msg NULL) a row set aside with its case. */
struct fprob {
    size_t row;
    int column;
    const char *case_id; /* borrowed from the frame, or NULL */
    char *msg;
    enum unalloc_status code;
    size_t first_bad;    /* set aside: the case's first bad row */
};

struct frun {
    const struct unalloc_frame *f;
    const struct unalloc_frame_options *opt;
    const struct unalloc_calendar *cal;
    const struct unalloc_policy *pol;
    const struct unalloc_moment *as_of;
    size_t n_as_of;
    int columns[UNALLOC_FIELD_COUNT_];
    struct unalloc_mapped_event *ev; /* per row */
    bool *bad;                       /* per row: has its own problem */
    struct ua_vec probs;             /* struct fprob */
    size_t loud;
    char **cbuf, **obuf;
    size_t *clen, *olen;
    struct unalloc_result **results; /* one per as-of, for the case being evaluated */
    struct unalloc_frame_result *cols; /* columns instead of CSV, or NULL */
    struct unalloc_frame_options optv;
    struct unalloc_mapping *identity;  /* without options->mapping */
    const char *fn;                    /* the public function's name */
};

static enum unalloc_status
add_prob(struct frun *r, size_t row, int column, const char *case_id, enum unalloc_status code,
         const char *msg, size_t first_bad, struct unalloc_error *err)
{
    struct fprob p = { row, column, case_id, NULL, code, first_bad };
    if ((msg && !(p.msg = ua_strdup(msg))) || ua_vec_push(&r->probs, &p) != 0) {
        ua_free(p.msg);
        return ua_nomem(err);
    }
    r->loud += msg != NULL;
    return UNALLOC_OK;
}

static int
cmp_prob(const void *a, const void *b)
{
    const struct fprob *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->msg == NULL) - (y->msg == NULL);
}

/* The rows k[0..n) of one case (every one read without a problem): builds
 * the case and evaluates it as of every moment. A case found invalid is a
 * problem at the row it names. */
static enum unalloc_status
frame_case(struct frun *r, const struct keyed *k, size_t n, size_t *bad_row,
           struct unalloc_error *err)
{
    struct unalloc_case *c = NULL;
    struct unalloc_error inner;
    enum unalloc_status st;
    size_t *rows = ua_malloc(n * sizeof *rows), m = 0;
    int column = r->columns[UNALLOC_FIELD_EVENT] + 1;
    *bad_row = SIZE_MAX;
    if (!rows)
        return ua_nomem(err);
    if ((st = unalloc_case_new(&c, k[0].id, &inner)) != UNALLOC_OK) {
        *bad_row = k[0].row;
        column = r->columns[UNALLOC_FIELD_CASE_ID] + 1;
        goto problem;
    }
    for (size_t i = 0; i < n; i++) {
        const struct unalloc_mapped_event *e = &r->ev[k[i].row];
        if (e->ignore)
            continue;
        rows[m++] = k[i].row;
        if ((st = unalloc_case_add_event(c, e->event, e->at, e->detail, e->worker, e->locality,
                                         &inner)) != UNALLOC_OK) {
            *bad_row = k[i].row;
            goto problem;
        }
    }
    if ((st = unalloc_case_check(c, &inner)) != UNALLOC_OK)
        goto sequence;
    if (!r->opt->skip_invalid && r->loud) {
        st = UNALLOC_OK; /* the call fails anyway: only look for more bad rows */
        goto out;
    }
    /* One series per case: the phases run afresh only where the as-of
     * dates need it (unalloc_evaluate_series). */
    if ((st = unalloc_evaluate_series(r->results, r->cal, r->pol, c, r->as_of, r->n_as_of,
                                      &inner)) != UNALLOC_OK) {
        if (inner.record > 0)
            goto sequence;
        /* not about one event of this case: the whole call fails */
        if (err)
            *err = inner;
        goto out;
    }
    for (size_t a = 0; a < r->n_as_of && st == UNALLOC_OK; a++) {
        if (r->cols)
            st = ua_columns_add(r->cols, r->results[a], a, err);
        else if ((st = unalloc_result_append_csv(&r->cbuf[a], &r->clen[a], r->results[a],
                                                 UNALLOC_TABLE_CASES, err)) == UNALLOC_OK)
            st = unalloc_result_append_csv(&r->obuf[a], &r->olen[a], r->results[a],
                                           UNALLOC_TABLE_OCCURRENCES, err);
    }
    for (size_t a = 0; a < r->n_as_of; a++) {
        unalloc_result_free(r->results[a]);
        r->results[a] = NULL;
    }
    goto out;
sequence:
    /* a sequence error names the event by its position in the case */
    if (st == UNALLOC_E_INVALID)
        *bad_row = inner.record > 0 && inner.record <= m ? rows[inner.record - 1] : k[0].row;
problem:
    if (st == UNALLOC_E_NOMEM || *bad_row == SIZE_MAX) {
        if (err)
            *err = inner;
        *bad_row = SIZE_MAX;
        goto out;
    }
    st = add_prob(r, *bad_row, column, k[0].id, st, inner.message, 0, err);
    if (st == UNALLOC_OK)
        r->bad[*bad_row] = true;
out:
    unalloc_case_free(c);
    ua_free(rows);
    return st;
}

/* Joins the header and each as-of's rows. */
static enum unalloc_status
join(char **out, size_t *out_len, const char *head, char **bufs, const size_t *lens, size_t n,
     struct unalloc_error *err)
{
    size_t total = strlen(head), o;
    for (size_t a = 0; a < n; a++)
        total += lens[a];
    if (!(*out = ua_malloc(total + 1)))
        return ua_nomem(err);
    memcpy(*out, head, o = strlen(head));
    for (size_t a = 0; a < n; a++) {
        if (lens[a])
            memcpy(*out + o, bufs[a], lens[a]);
        o += lens[a];
    }
    (*out)[o] = '\0';
    *out_len = o;
    return UNALLOC_OK;
}

/* The reason a row was set aside (its own message, or its case's). */
static const char *
reject_reason(const struct fprob *p, char *buf, size_t size)
{
    if (p->msg)
        return p->msg;
    snprintf(buf, size, "set aside with its case (row %zu is bad)", p->first_bad + 1);
    return buf;
}

static enum unalloc_status
write_rejects(char **out, size_t *out_len, const struct frun *r, struct unalloc_error *err)
{
    struct ua_text t = { NULL, 0, 0, false };
    char num[32], why[64];
    ua_text_puts(&t, "line,case_id,column,reason");
    for (size_t c = 0; c < r->f->columns; c++)
        ua_csv_field(&t, r->f->names[c], false);
    ua_text_puts(&t, "\n");
    for (size_t i = 0; i < r->probs.len; i++) {
        const struct fprob *p = &UA_VEC_AT(&r->probs, struct fprob, i);
        snprintf(num, sizeof num, "%zu", p->row + 1);
        ua_csv_field(&t, num, true);
        ua_csv_field(&t, p->case_id, false);
        snprintf(num, sizeof num, "%d", p->column);
        ua_csv_field(&t, p->column ? num : NULL, false);
        ua_csv_field(&t, reject_reason(p, why, sizeof why), false);
        for (size_t c = 0; c < r->f->columns; c++)
            ua_csv_field(&t, r->f->cells[c] ? r->f->cells[c][p->row] : NULL, false);
        ua_text_puts(&t, "\n");
    }
    if (t.failed) {
        ua_free(t.s);
        return ua_nomem(err);
    }
    *out = t.s;
    *out_len = t.len;
    return UNALLOC_OK;
}

/* Reads every row, then builds and evaluates every case whose rows are all
 * good, in case id order. */
static enum unalloc_status
frame_run(struct frun *r, struct unalloc_error *err)
{
    const struct unalloc_frame *f = r->f;
    const char **fields = NULL;
    struct keyed *order = NULL;
    size_t n = 0;
    enum unalloc_status st = UNALLOC_OK;
    struct unalloc_error inner;

    if ((f->columns && !(fields = ua_calloc(f->columns, sizeof *fields))) ||
        (f->rows && !(order = ua_malloc(f->rows * sizeof *order))))
        return ua_free(fields), ua_nomem(err);
    for (size_t i = 0; i < f->rows && st == UNALLOC_OK; i++) {
        const int idc = r->columns[UNALLOC_FIELD_CASE_ID];
        const char *id = f->cells[idc] ? f->cells[idc][i] : NULL;
        for (size_t c = 0; c < f->columns; c++)
            fields[c] = f->cells[c] ? f->cells[c][i] : NULL;
        if ((st = unalloc_mapping_apply(&r->ev[i], r->opt->mapping, r->columns, fields,
                                        f->columns, &inner)) != UNALLOC_OK) {
            if (st == UNALLOC_E_NOMEM)
                break;
            r->bad[i] = true;
            st = add_prob(r, i, inner.column, id && *id ? id : NULL, st, inner.message, 0, err);
        }
        if (id && *id) {
            order[n].id = id;
            order[n++].row = i;
        }
    }
    if (st == UNALLOC_E_NOMEM && err)
        *err = inner;
    if (n > 1 && st == UNALLOC_OK)
        qsort(order, n, sizeof *order, cmp_keyed);
    for (size_t g = 0; g < n && st == UNALLOC_OK;) {
        size_t end = g, first_bad = SIZE_MAX;
        while (end < n && strcmp(order[end].id, order[g].id) == 0)
            end++;
        for (size_t k = g; k < end; k++)
            if (r->bad[order[k].row] && order[k].row < first_bad)
                first_bad = order[k].row;
        if (first_bad == SIZE_MAX)
            st = frame_case(r, order + g, end - g, &first_bad, err);
        /* a case with a bad row is set aside whole */
        for (size_t k = g; k < end && st == UNALLOC_OK && first_bad != SIZE_MAX; k++)
            if (!r->bad[order[k].row] && !r->ev[order[k].row].ignore)
                st = add_prob(r, order[k].row, 0, order[k].id, UNALLOC_E_INVALID, NULL,
                              first_bad, err);
        g = end;
    }
    ua_free(fields);
    ua_free(order);
    if (st == UNALLOC_OK && r->probs.len > 1)
        qsort(r->probs.data, r->probs.len, sizeof(struct fprob), cmp_prob);
    return st;
}

/* Checks the arguments common to both forms of unalloc_evaluate_frame, reads
 * every row and evaluates every good case into the CSV buffers or r->cols.
 * The caller frees with frame_end() whatever the outcome. */
static enum unalloc_status
frame_begin(struct frun *r, const struct unalloc_calendar *cal, const struct unalloc_policy *pol,
            const struct unalloc_frame *f, const struct unalloc_moment *as_of, size_t n_as_of,
            const struct unalloc_frame_options *options, struct unalloc_error *err)
{
    static const struct unalloc_frame_options defaults = UNALLOC_FRAME_OPTIONS_INIT;
    size_t ignored = 0;
    enum unalloc_status st;

    r->optv = options ? *options : defaults;
    r->opt = &r->optv;
    ua_vec_init(&r->probs, sizeof(struct fprob));
    if (r->optv.version > UNALLOC_FRAME_OPTIONS_VERSION)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "%s: options version %u is newer than this library's %d", r->fn,
                       r->optv.version, UNALLOC_FRAME_OPTIONS_VERSION);
    if (n_as_of == 0)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "give at least one as-of date");
    for (size_t a = 0; a < n_as_of; a++)
        if ((st = as_of[a].has_time ? ua_datetime_check(as_of[a].at, err)
                                    : unalloc_date_check(as_of[a].at.date, err)) != UNALLOC_OK)
            return st;
    if (unalloc_calendar_region(cal) != unalloc_policy_region(pol))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "policy %s counts working days in %s, but the calendar given is for %s",
                       unalloc_policy_id(pol), unalloc_region_name(unalloc_policy_region(pol)),
                       unalloc_region_name(unalloc_calendar_region(cal)));
    for (size_t c = 0; c < f->columns; c++)
        if (!f->names[c])
            return ua_fail(err, UNALLOC_E_INVALID, 0, (int)(c + 1 > INT32_MAX ? 0 : c + 1),
                           "column %zu has no name", c + 1);
    if (!r->optv.mapping) {
        if ((st = unalloc_mapping_new(&r->identity, err)) != UNALLOC_OK)
            return st;
        r->optv.mapping = r->identity;
    }
    r->f = f;
    r->cal = cal;
    r->pol = pol;
    r->as_of = as_of;
    r->n_as_of = n_as_of;
    if ((st = unalloc_mapping_bind(r->columns, &ignored, r->optv.mapping, f->names, f->columns,
                                   err)) != UNALLOC_OK)
        return st;
    if (r->identity && ignored) {
        /* the documented columns only: another column is a mistake, not data */
        for (size_t c = 0; c < f->columns; c++) {
            bool used = false;
            char q[64];
            for (int k = 0; k < UNALLOC_FIELD_COUNT_; k++)
                used |= r->columns[k] == (int)c;
            if (used)
                continue;
            ua_quote(q, sizeof q, f->names[c], strlen(f->names[c]));
            return ua_fail(err, UNALLOC_E_INVALID, 0, (int)(c + 1 > INT32_MAX ? 0 : c + 1),
                           "unknown column '%s' (the columns are case_id, at, event, detail, "
                           "worker, locality; a mapping reads other columns)", q);
        }
    }
    if ((f->rows && (!(r->ev = ua_calloc(f->rows, sizeof *r->ev)) ||
                     !(r->bad = ua_calloc(f->rows, sizeof *r->bad)))) ||
        (!r->cols && (!(r->cbuf = ua_calloc(n_as_of, sizeof *r->cbuf)) ||
                      !(r->obuf = ua_calloc(n_as_of, sizeof *r->obuf)) ||
                      !(r->clen = ua_calloc(n_as_of, sizeof *r->clen)) ||
                      !(r->olen = ua_calloc(n_as_of, sizeof *r->olen)))) ||
        !(r->results = ua_calloc(n_as_of, sizeof *r->results)))
        return ua_nomem(err);
    if ((st = frame_run(r, err)) != UNALLOC_OK)
        return st;
    if (r->loud && !r->optv.skip_invalid) {
        const struct fprob *p = NULL;
        char more[48] = "";
        for (size_t i = 0; i < r->probs.len && !p; i++)
            if (UA_VEC_AT(&r->probs, struct fprob, i).msg)
                p = &UA_VEC_AT(&r->probs, struct fprob, i);
        if (r->loud > 1)
            snprintf(more, sizeof more, " (and %zu more bad row%s)", r->loud - 1,
                     r->loud == 2 ? "" : "s");
        ua_set_error(err, p->code, 0, p->column, "row %zu: %s%s", p->row + 1, p->msg, more);
        if (err)
            err->record = p->row + 1;
        return p->code;
    }
    return UNALLOC_OK;
}

static void
frame_end(struct frun *r)
{
    for (size_t a = 0; r->cbuf && a < r->n_as_of; a++)
        ua_free(r->cbuf[a]);
    for (size_t a = 0; r->obuf && a < r->n_as_of; a++)
        ua_free(r->obuf[a]);
    for (size_t i = 0; i < r->probs.len; i++)
        ua_free(UA_VEC_AT(&r->probs, struct fprob, i).msg);
    ua_vec_free(&r->probs);
    ua_free(r->cbuf);
    ua_free(r->obuf);
    ua_free(r->clen);
    ua_free(r->olen);
    ua_free(r->results);
    ua_free(r->ev);
    ua_free(r->bad);
    unalloc_mapping_free(r->identity);
}

static bool
frame_args_ok(const struct unalloc_calendar *cal, const struct unalloc_policy *pol,
              const struct unalloc_frame *f, const struct unalloc_moment *as_of, size_t n_as_of)
{
    return cal && pol && f && (!n_as_of || as_of) && (!f->columns || (f->names && f->cells));
}

UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_frame(char **cases_csv, size_t *cases_len, char **occurrences_csv,
                       size_t *occurrences_len, char **rejects_csv, size_t *rejects_len,
                       const struct unalloc_calendar *cal, const struct unalloc_policy *pol,
                       const struct unalloc_frame *f, const struct unalloc_moment *as_of,
                       size_t n_as_of, const struct unalloc_frame_options *options,
                       struct unalloc_error *err)
{
    struct frun r;
    char *cout = NULL, *oout = NULL, *rout = NULL;
    size_t cl = 0, ol = 0, rl = 0;
    enum unalloc_status st;

    if (cases_csv)
        *cases_csv = NULL;
    if (occurrences_csv)
        *occurrences_csv = NULL;
    if (rejects_csv)
        *rejects_csv = NULL;
    if (!cases_csv || !cases_len || !occurrences_csv || !occurrences_len || !rejects_csv ||
        !rejects_len || !frame_args_ok(cal, pol, f, as_of, n_as_of))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_evaluate_frame: an argument is NULL");
    memset(&r, 0, sizeof r);
    r.fn = "unalloc_evaluate_frame";
    if ((st = frame_begin(&r, cal, pol, f, as_of, n_as_of, options, err)) != UNALLOC_OK)
        goto out;
    if ((st = join(&cout, &cl, unalloc_table_header(UNALLOC_TABLE_CASES), r.cbuf, r.clen, n_as_of,
                   err)) != UNALLOC_OK ||
        (st = join(&oout, &ol, unalloc_table_header(UNALLOC_TABLE_OCCURRENCES), r.obuf, r.olen,
                   n_as_of, err)) != UNALLOC_OK ||
        (st = write_rejects(&rout, &rl, &r, err)) != UNALLOC_OK)
        goto out;
    *cases_csv = cout;
    *cases_len = cl;
    *occurrences_csv = oout;
    *occurrences_len = ol;
    *rejects_csv = rout;
    *rejects_len = rl;
    cout = oout = rout = NULL;
out:
    frame_end(&r);
    ua_free(cout);
    ua_free(oout);
    ua_free(rout);
    return st;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_frame_columns(struct unalloc_frame_result **out, const struct unalloc_calendar *cal,
                               const struct unalloc_policy *pol, const struct unalloc_frame *f,
                               const struct unalloc_moment *as_of, size_t n_as_of,
                               const struct unalloc_frame_options *options,
                               struct unalloc_error *err)
{
    struct frun r;
    enum unalloc_status st;

    if (out)
        *out = NULL;
    if (!out || !frame_args_ok(cal, pol, f, as_of, n_as_of))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_evaluate_frame_columns: an argument is NULL");
    memset(&r, 0, sizeof r);
    r.fn = "unalloc_evaluate_frame_columns";
    if (!(r.cols = ua_columns_new()))
        return ua_nomem(err);
    if ((st = frame_begin(&r, cal, pol, f, as_of, n_as_of, options, err)) != UNALLOC_OK ||
        (st = ua_columns_finish(r.cols, n_as_of, err)) != UNALLOC_OK ||
        (st = ua_columns_rejects(r.cols, f->names, f->columns, err)) != UNALLOC_OK)
        goto out;
    for (size_t i = 0; i < r.probs.len && st == UNALLOC_OK; i++) {
        const struct fprob *p = &UA_VEC_AT(&r.probs, struct fprob, i);
        char why[64];
        st = ua_columns_reject(r.cols, (int64_t)p->row + 1, p->case_id, p->column,
                               reject_reason(p, why, sizeof why), f, p->row, err);
    }
    if (st == UNALLOC_OK) {
        *out = r.cols;
        r.cols = NULL;
    }
out:
    frame_end(&r);
    unalloc_frame_result_free(r.cols);
    return st;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_evaluate_table(char **cases_csv, size_t *cases_len, char **occurrences_csv,
                       size_t *occurrences_len, const struct unalloc_calendar *cal,
                       const struct unalloc_policy *pol, const struct unalloc_event_table *ev,
                       const struct unalloc_moment *as_of, size_t n_as_of,
                       struct unalloc_error *err)
{
    static const char *const names[UNALLOC_FIELD_COUNT_] = { "case_id", "at", "event",
                                                             "detail", "worker", "locality" };
    const char *const *cells[UNALLOC_FIELD_COUNT_];
    const char *used[UNALLOC_FIELD_COUNT_];
    struct unalloc_frame f;
    char *rejects = NULL;
    size_t rlen = 0, n = 0;
    enum unalloc_status st;

    if (cases_csv)
        *cases_csv = NULL;
    if (occurrences_csv)
        *occurrences_csv = NULL;
    if (!ev)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_evaluate_table: an argument is NULL");
    if (ev->rows && (!ev->case_id || !ev->at || !ev->event))
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_evaluate_table: the case_id, at and event columns are required");
    {
        const char *const *cols[UNALLOC_FIELD_COUNT_] = { ev->case_id, ev->at, ev->event,
                                                          ev->detail, ev->worker, ev->locality };
        for (int k = 0; k < UNALLOC_FIELD_COUNT_; k++)
            if (k <= UNALLOC_FIELD_EVENT || cols[k]) {
                used[n] = names[k];
                cells[n++] = cols[k];
            }
    }
    f.rows = ev->rows;
    f.columns = n;
    f.names = used;
    f.cells = cells;
    st = unalloc_evaluate_frame(cases_csv, cases_len, occurrences_csv, occurrences_len, &rejects,
                                &rlen, cal, pol, &f, as_of, n_as_of, NULL, err);
    ua_free(rejects);
    return st;
}
