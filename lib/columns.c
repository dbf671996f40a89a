/*
 * libunalloc: the batch tables as typed columns (unalloc_evaluate_frame_columns),
 * for bindings that build arrays (numpy, pandas) without parsing CSV. The
 * cells are those lib/format.c writes as CSV, typed: texts are stored once
 * per column (an index per row), numbers, booleans and moments as int64.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "evaluate-private.h"
#include "vocab-private.h"

#define MISSING UNALLOC_DAYS_MISSING

/* The distinct texts of a column, with an open-addressing index. */
struct dict {
    char **text;
    size_t n, cap;
    uint32_t *slots; /* index + 1; 0 empty */
    size_t nslots;   /* a power of two, at least twice n */
};

struct col {
    const char *name; /* static, or owned in frame_result.names */
    enum unalloc_column_type type;
    int64_t *v;
    struct dict d;
    bool released;
};

struct table {
    struct col *cols;
    size_t ncols, rows, cap;
    uint32_t *slot; /* as-of index per row (cases and occurrences) */
};

struct unalloc_frame_result {
    struct table t[3]; /* indexed by enum unalloc_table */
    char **names;      /* the rejects' own column names, owned */
    size_t nnames;
    bool failed;       /* an allocation failed while adding */
};

#define T UNALLOC_COLUMN_TEXT
#define I UNALLOC_COLUMN_INT
#define B UNALLOC_COLUMN_BOOL
#define M UNALLOC_COLUMN_TIME

/* The columns of unalloc_table_header(), in order (tests/test-batch.c
 * checks the names against the header). */
static const struct {
    const char *name;
    enum unalloc_column_type type;
} case_cols[] = { { "case_id", T },
                  { "as_of", M },
                  { "policy", T },
                  { "policy_hash", T },
                  { "calendar_verified_through", I },
                  { "status", T },
                  { "unallocated", B },
                  { "unallocated_since", M },
                  { "working_days_unallocated", I },
                  { "calendar_days_unallocated", I },
                  { "category", T },
                  { "locality", T },
                  { "rating", T },
                  { "rating_age_days", I },
                  { "atm_since", M },
                  { "escalation_level", T },
                  { "escalation_due", M },
                  { "escalation_done", T },
                  { "obligations_due_now", I },
                  { "obligations_overdue_now", I },
                  { "obligations_overdue_on_record", I },
                  { "warnings", T } },
  occ_cols[] = { { "case_id", T }, { "as_of", M },  { "policy", T },     { "kind", T },
                 { "role", T },    { "rule", T },   { "clause", T },     { "basis", T },
                 { "start", M },   { "due", M },    { "state", T },      { "met_at", M },
                 { "late", B },    { "occurrence", I }, { "spell", I },  { "on_record", B },
                 { "note", T } };

#undef T
#undef I
#undef B
#undef M

#define N_CASE_COLS (sizeof case_cols / sizeof case_cols[0])
#define N_OCC_COLS (sizeof occ_cols / sizeof occ_cols[0])

static void
dict_free(struct dict *d)
{
    for (size_t i = 0; i < d->n; i++)
        ua_free(d->text[i]);
    ua_free(d->text);
    ua_free(d->slots);
}

static void
table_free(struct table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        ua_free(t->cols[c].v);
        dict_free(&t->cols[c].d);
    }
    ua_free(t->cols);
    ua_free(t->slot);
}

UNALLOC_EXPORT void
unalloc_frame_result_free(struct unalloc_frame_result *fr)
{
    if (!fr)
        return;
    for (int k = 0; k < 3; k++)
        table_free(&fr->t[k]);
    for (size_t i = 0; i < fr->nnames; i++)
        ua_free(fr->names[i]);
    ua_free(fr->names);
    ua_free(fr);
}

static int
table_init(struct table *t, size_t ncols)
{
    if (!(t->cols = ua_calloc(ncols ? ncols : 1, sizeof *t->cols)))
        return -1;
    t->ncols = ncols;
    return 0;
}

struct unalloc_frame_result *
ua_columns_new(void)
{
    struct unalloc_frame_result *fr = ua_calloc(1, sizeof *fr);
    if (!fr || table_init(&fr->t[UNALLOC_TABLE_CASES], N_CASE_COLS) != 0 ||
        table_init(&fr->t[UNALLOC_TABLE_OCCURRENCES], N_OCC_COLS) != 0) {
        unalloc_frame_result_free(fr);
        return NULL;
    }
    for (size_t c = 0; c < N_CASE_COLS; c++) {
        fr->t[UNALLOC_TABLE_CASES].cols[c].name = case_cols[c].name;
        fr->t[UNALLOC_TABLE_CASES].cols[c].type = case_cols[c].type;
    }
    for (size_t c = 0; c < N_OCC_COLS; c++) {
        fr->t[UNALLOC_TABLE_OCCURRENCES].cols[c].name = occ_cols[c].name;
        fr->t[UNALLOC_TABLE_OCCURRENCES].cols[c].type = occ_cols[c].type;
    }
    return fr;
}

/* Room for one more row in every column; sets fr->failed when out of memory. */
static bool
grow(struct unalloc_frame_result *fr, struct table *t)
{
    size_t cap;
    if (fr->failed)
        return false;
    if (t->rows < t->cap)
        return true;
    cap = t->cap ? t->cap * 2 : 256;
    for (size_t c = 0; c < t->ncols; c++) {
        int64_t *v = ua_realloc(t->cols[c].v, cap * sizeof *v);
        if (!v)
            return !(fr->failed = true);
        t->cols[c].v = v;
    }
    {
        uint32_t *s = ua_realloc(t->slot, cap * sizeof *s);
        if (!s)
            return !(fr->failed = true);
        t->slot = s;
    }
    t->cap = cap;
    return true;
}

/* The index of text s in d, added if new; -1 when out of memory. */
static int64_t
dict_index(struct dict *d, const char *s)
{
    const size_t len = strlen(s);
    size_t mask, i;
    if (2 * (d->n + 1) > d->nslots) {
        size_t ns = d->nslots ? d->nslots * 2 : 64;
        uint32_t *slots = ua_calloc(ns, sizeof *slots);
        if (!slots || d->n >= UINT32_MAX - 1) {
            ua_free(slots);
            return -1;
        }
        for (size_t k = 0; k < d->n; k++) {
            size_t j = ua_fnv1a(UA_FNV_OFFSET, d->text[k], strlen(d->text[k])) & (ns - 1);
            while (slots[j])
                j = (j + 1) & (ns - 1);
            slots[j] = (uint32_t)(k + 1);
        }
        ua_free(d->slots);
        d->slots = slots;
        d->nslots = ns;
    }
    mask = d->nslots - 1;
    for (i = ua_fnv1a(UA_FNV_OFFSET, s, len) & mask; d->slots[i]; i = (i + 1) & mask)
        if (strcmp(d->text[d->slots[i] - 1], s) == 0)
            return d->slots[i] - 1;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        char **text = ua_realloc(d->text, cap * sizeof *text);
        if (!text)
            return -1;
        d->text = text;
        d->cap = cap;
    }
    if (!(d->text[d->n] = ua_strndup(s, len)))
        return -1;
    d->slots[i] = (uint32_t)(d->n + 1);
    return (int64_t)d->n++;
}

/* Setters of the cell of the row being added (t->rows) in column c. */
static void
put_text(struct unalloc_frame_result *fr, struct table *t, size_t c, const char *s)
{
    int64_t k = MISSING;
    if (s && (k = dict_index(&t->cols[c].d, s)) < 0) {
        fr->failed = true;
        k = MISSING;
    }
    t->cols[c].v[t->rows] = k;
}

static void
put_int(struct table *t, size_t c, int64_t v, bool present)
{
    t->cols[c].v[t->rows] = present ? v : MISSING;
}

static void
put_time(struct table *t, size_t c, const struct unalloc_moment *m, bool present)
{
    int64_t s = MISSING;
    if (present)
        s = m->has_time ? ua_minutes_of(m->at) * 60
                        : (int64_t)ua_days_from_civil(m->at.date.year, m->at.date.month,
                                                      m->at.date.day) * 86400;
    t->cols[c].v[t->rows] = s;
}

static void
put_prefix(struct unalloc_frame_result *fr, struct table *t, const struct unalloc_case_result *c,
           size_t slot)
{
    put_text(fr, t, 0, c->case_id);
    put_time(t, 1, &c->as_of, true);
    put_text(fr, t, 2, c->policy_id);
    t->slot[t->rows] = (uint32_t)slot;
}

static void
add_case(struct unalloc_frame_result *fr, const struct unalloc_result *r, size_t slot)
{
    struct table *t = &fr->t[UNALLOC_TABLE_CASES];
    const struct unalloc_case_result *c = &r->pub;
    struct ua_text w = { NULL, 0, 0, false };
    int due, overdue, on_record;
    if (!grow(fr, t))
        return;
    ua_count_states(r, &due, &overdue, &on_record);
    put_prefix(fr, t, c, slot);
    put_text(fr, t, 3, c->policy_hash);
    put_int(t, 4, c->calendar_verified_through, true);
    put_text(fr, t, 5, unalloc_case_status_name(c->status));
    put_int(t, 6, c->unallocated, true);
    put_time(t, 7, &c->unallocated_since, c->has_since);
    put_int(t, 8, c->working_days_unallocated, c->has_since);
    put_int(t, 9, c->calendar_days_unallocated, c->has_since);
    put_text(fr, t, 10, c->has_category ? ua_category_names[c->category] : NULL);
    put_text(fr, t, 11, c->locality);
    put_text(fr, t, 12, c->has_rating ? ua_rating_names[c->rating] : NULL);
    put_int(t, 13, c->rating_age_days, c->has_rating);
    put_time(t, 14, &c->atm_since, c->has_atm_since);
    put_text(fr, t, 15, c->escalation_due ? ua_role_names[c->escalation_level] : NULL);
    put_time(t, 16, &c->escalation_level_due, c->escalation_due);
    put_text(fr, t, 17, c->escalation_done ? ua_role_names[c->escalation_done_role] : NULL);
    put_int(t, 18, due, true);
    put_int(t, 19, overdue, true);
    put_int(t, 20, on_record, true);
    ua_warnings_joined(&w, r);
    fr->failed |= w.failed;
    put_text(fr, t, 21, w.s && *w.s ? w.s : NULL);
    ua_free(w.s);
    t->rows++;
}

static void
add_occurrences(struct unalloc_frame_result *fr, const struct unalloc_result *r, size_t slot)
{
    struct table *t = &fr->t[UNALLOC_TABLE_OCCURRENCES];
    const struct unalloc_case_result *c = &r->pub;
    const struct unalloc_occurrence *occ = ua_result_occurrences(r);
    if (!occ && r->occ.len) {
        fr->failed = true;
        return;
    }
    for (size_t i = 0; i < r->occ.len && grow(fr, t); i++) {
        const struct unalloc_occurrence *oc = &occ[i];
        put_prefix(fr, t, c, slot);
        put_text(fr, t, 3, oc->kind);
        put_text(fr, t, 4, oc->has_role ? ua_role_names[oc->role] : NULL);
        put_text(fr, t, 5, oc->rule);
        put_text(fr, t, 6, oc->clause);
        put_text(fr, t, 7, unalloc_basis_name(oc->basis));
        put_time(t, 8, &oc->start, true);
        put_time(t, 9, &oc->due, true);
        put_text(fr, t, 10, unalloc_state_name(oc->state));
        put_time(t, 11, &oc->met_at, oc->met);
        put_int(t, 12, oc->late, true);
        put_int(t, 13, oc->occurrence, true);
        put_int(t, 14, oc->spell, true);
        put_int(t, 15, oc->on_record, true);
        put_text(fr, t, 16, oc->note);
        t->rows++;
    }
    for (size_t i = 0; i < r->esc.len && grow(fr, t); i++) {
        const struct unalloc_escalation_level *lv =
            &UA_VEC_AT(&r->esc, struct unalloc_escalation_level, i);
        put_prefix(fr, t, c, slot);
        put_text(fr, t, 3, "escalation");
        put_text(fr, t, 4, ua_role_names[lv->role]);
        put_text(fr, t, 5, lv->rule);
        put_text(fr, t, 6, lv->clause);
        put_text(fr, t, 7, unalloc_basis_name(lv->basis));
        put_time(t, 8, &c->unallocated_since, c->has_since);
        put_time(t, 9, &lv->due, true);
        put_text(fr, t, 10, unalloc_state_name(lv->state));
        put_time(t, 11, &lv->done_at, lv->done);
        put_int(t, 12, ua_escalation_late(lv), true);
        put_int(t, 13, 1, true);
        put_int(t, 14, 0, false);
        put_int(t, 15, 0, true); /* escalation levels are the current spell's */
        put_text(fr, t, 16, NULL);
        t->rows++;
    }
}

enum unalloc_status
ua_columns_add(struct unalloc_frame_result *fr, const struct unalloc_result *r, size_t slot,
               struct unalloc_error *err)
{
    add_case(fr, r, slot);
    add_occurrences(fr, r, slot);
    return fr->failed ? ua_nomem(err) : UNALLOC_OK;
}

/* Reorders the rows of t by slot, stably (a counting sort), one column at a
 * time so that at most one extra column is held. */
static enum unalloc_status
table_order(struct table *t, size_t n_slots, struct unalloc_error *err)
{
    size_t *start, *perm;
    int64_t *tmp;
    bool sorted = true;
    for (size_t i = 1; i < t->rows && sorted; i++)
        sorted = t->slot[i - 1] <= t->slot[i];
    if (sorted)
        return UNALLOC_OK;
    start = ua_calloc(n_slots + 1, sizeof *start);
    perm = ua_malloc(t->rows * sizeof *perm);
    tmp = ua_malloc(t->rows * sizeof *tmp);
    if (!start || !perm || !tmp) {
        ua_free(start);
        ua_free(perm);
        ua_free(tmp);
        return ua_nomem(err);
    }
    for (size_t i = 0; i < t->rows; i++)
        start[t->slot[i] + 1]++;
    for (size_t s = 0; s < n_slots; s++)
        start[s + 1] += start[s];
    for (size_t i = 0; i < t->rows; i++)
        perm[start[t->slot[i]]++] = i; /* perm[new] = old */
    for (size_t c = 0; c < t->ncols; c++) {
        int64_t *v = t->cols[c].v, *swap;
        for (size_t i = 0; i < t->rows; i++)
            tmp[i] = v[perm[i]];
        swap = t->cols[c].v;
        t->cols[c].v = tmp;
        tmp = swap;
    }
    for (size_t i = 0; i < t->rows; i++)
        t->slot[i] = (uint32_t)0; /* ordered now; the slots are not needed again */
    ua_free(start);
    ua_free(perm);
    ua_free(tmp);
    return UNALLOC_OK;
}

enum unalloc_status
ua_columns_finish(struct unalloc_frame_result *fr, size_t n_slots, struct unalloc_error *err)
{
    enum unalloc_status st = table_order(&fr->t[UNALLOC_TABLE_CASES], n_slots, err);
    if (st == UNALLOC_OK)
        st = table_order(&fr->t[UNALLOC_TABLE_OCCURRENCES], n_slots, err);
    return st;
}

static const char *const reject_names[] = { "line", "case_id", "column", "reason" };

enum unalloc_status
ua_columns_rejects(struct unalloc_frame_result *fr, const char *const *names, size_t n,
                   struct unalloc_error *err)
{
    struct table *t = &fr->t[UNALLOC_TABLE_REJECTS];
    if (table_init(t, 4 + n) != 0 || !(fr->names = ua_calloc(n ? n : 1, sizeof *fr->names)))
        return ua_nomem(err);
    for (size_t c = 0; c < 4 + n; c++) {
        t->cols[c].type = c == 0 || c == 2 ? UNALLOC_COLUMN_INT : UNALLOC_COLUMN_TEXT;
        if (c < 4) {
            t->cols[c].name = reject_names[c];
        } else {
            if (!(fr->names[c - 4] = ua_strdup(names[c - 4])))
                return ua_nomem(err);
            fr->nnames = c - 3;
            t->cols[c].name = fr->names[c - 4];
        }
    }
    return UNALLOC_OK;
}

enum unalloc_status
ua_columns_reject(struct unalloc_frame_result *fr, int64_t line, const char *case_id, int column,
                  const char *reason, const struct unalloc_frame *f, size_t row,
                  struct unalloc_error *err)
{
    struct table *t = &fr->t[UNALLOC_TABLE_REJECTS];
    if (!grow(fr, t))
        return ua_nomem(err);
    put_int(t, 0, line, true);
    put_text(fr, t, 1, case_id);
    put_int(t, 2, column, column != 0);
    put_text(fr, t, 3, reason);
    for (size_t c = 0; c < f->columns; c++)
        put_text(fr, t, 4 + c, f->cells[c] ? f->cells[c][row] : NULL);
    t->slot[t->rows++] = 0;
    return fr->failed ? ua_nomem(err) : UNALLOC_OK;
}

UNALLOC_EXPORT size_t
unalloc_frame_result_column_count(const struct unalloc_frame_result *fr, enum unalloc_table table)
{
    if (!fr || (unsigned)table > UNALLOC_TABLE_REJECTS)
        return 0;
    return fr->t[table].ncols;
}

/* Column index of table, or a status naming what is wrong. */
static enum unalloc_status
find_column(struct col **out, const struct unalloc_frame_result *fr, enum unalloc_table table,
            size_t index, const char *fn, struct unalloc_error *err)
{
    if (!fr)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "%s: an argument is NULL", fn);
    if ((unsigned)table > UNALLOC_TABLE_REJECTS)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unknown table %d", (int)table);
    if (index >= fr->t[table].ncols)
        return ua_fail(err, UNALLOC_E_NOT_FOUND, 0, 0, "column %zu: the table has %zu columns",
                       index, fr->t[table].ncols);
    *out = &fr->t[table].cols[index];
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_frame_result_column(struct unalloc_column *out, const struct unalloc_frame_result *fr,
                            enum unalloc_table table, size_t index, struct unalloc_error *err)
{
    struct col *c = NULL;
    enum unalloc_status st;
    if (out)
        memset(out, 0, sizeof *out);
    if (!out)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0,
                       "unalloc_frame_result_column: an argument is NULL");
    if ((st = find_column(&c, fr, table, index, "unalloc_frame_result_column", err)) !=
        UNALLOC_OK)
        return st;
    if (c->released)
        return ua_fail(err, UNALLOC_E_NOT_FOUND, 0, 0, "column %zu (%s) was released", index,
                       c->name);
    out->name = c->name;
    out->type = c->type;
    out->rows = fr->t[table].rows;
    out->values = out->rows ? c->v : NULL;
    if (c->type == UNALLOC_COLUMN_TEXT) {
        out->text_count = c->d.n;
        out->text = (const char *const *)c->d.text;
    }
    return UNALLOC_OK;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_frame_result_release_column(struct unalloc_frame_result *fr, enum unalloc_table table,
                                    size_t index, struct unalloc_error *err)
{
    struct col *c = NULL;
    enum unalloc_status st;
    if ((st = find_column(&c, fr, table, index, "unalloc_frame_result_release_column", err)) !=
        UNALLOC_OK)
        return st;
    ua_free(c->v);
    c->v = NULL;
    dict_free(&c->d);
    memset(&c->d, 0, sizeof c->d);
    c->released = true;
    return UNALLOC_OK;
}
