/*
 * unalloc command line: reading the event log CSV
 *   case_id,at,event,detail,worker,locality
 * or an export's own columns, dates and words through a mapping (--map,
 * include/unalloc/mapping.h), with libcsv (RFC 4180 quoting, strict mode),
 * into cases.
 *
 * Every problem is collected and reported once the input is read, in line
 * order: a bad value, a wrong number of fields, an empty case_id, a row libcsv
 * cannot read (reading goes on at the next line), an impossible sequence
 * (unalloc_case_check), or a case the caller finds invalid. Lines count LF,
 * CRLF and lone CR alike; a row is reported at the line where it starts, and
 * a quote never closed where it opened. A case with a bad row is set aside
 * whole; with --rejects every row set aside is written back out, re-read from
 * the buffer by its byte range.
 *
 * Rows may come in any order. A first, light pass over the buffer checks
 * whether the rows are grouped by case. Grouped input is then processed as a
 * stream: each case is handed over as soon as its rows end, and freed.
 * Otherwise every case is gathered before any is handed over.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "events.h"

/* the fields, in the order of enum unalloc_field */
enum {
    COL_CASE = UNALLOC_FIELD_CASE_ID,
    COL_AT = UNALLOC_FIELD_AT,
    COL_EVENT = UNALLOC_FIELD_EVENT,
    COL_DETAIL = UNALLOC_FIELD_DETAIL,
    COL_WORKER = UNALLOC_FIELD_WORKER,
    COL_LOCALITY = UNALLOC_FIELD_LOCALITY,
    NCOLS = UNALLOC_FIELD_COUNT_
};

/* An open-addressing hash index from case id to a slot number, so that large
 * logs stay linear. */
struct index {
    const char **keys;
    size_t *vals;
    size_t cap, len;
};

static size_t
hash_str(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static bool
index_get(const struct index *ix, const char *key, size_t *val)
{
    if (!ix->cap)
        return false;
    for (size_t i = hash_str(key) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
        if (!ix->keys[i])
            return false;
        if (strcmp(ix->keys[i], key) == 0) {
            *val = ix->vals[i];
            return true;
        }
    }
}

/* key must outlive the index. Returns false on allocation failure. */
static bool
index_put(struct index *ix, const char *key, size_t val)
{
    if ((ix->len + 1) * 2 > ix->cap) {
        struct index n = { NULL, NULL, ix->cap ? ix->cap * 2 : 256, 0 };
        n.keys = calloc(n.cap, sizeof *n.keys);
        n.vals = calloc(n.cap, sizeof *n.vals);
        if (!n.keys || !n.vals) {
            free(n.keys);
            free(n.vals);
            return false;
        }
        for (size_t i = 0; i < ix->cap; i++)
            if (ix->keys[i])
                index_put(&n, ix->keys[i], ix->vals[i]);
        free(ix->keys);
        free(ix->vals);
        *ix = n;
    }
    for (size_t i = hash_str(key) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
        if (!ix->keys[i]) {
            ix->keys[i] = key;
            ix->vals[i] = val;
            ix->len++;
            return true;
        }
        if (strcmp(ix->keys[i], key) == 0) {
            ix->vals[i] = val;
            return true;
        }
    }
}

static void
index_free(struct index *ix)
{
    free(ix->keys);
    free(ix->vals);
    memset(ix, 0, sizeof *ix);
}

/* Where a row lies in the input: its first line and its bytes. */
struct row_ref {
    int line;
    size_t start, end;
};

struct pending_case {
    struct unalloc_case *c;
    struct row_ref *rows; /* the rows that became events, in input (= event) order */
    size_t nrows, cap;
    bool bad;             /* a row of it is bad: set aside whole */
    int first_bad_line;
};

/* A problem with a row, or a row set aside with its case (quiet: only in the
 * rejects). Every row set aside has exactly one entry. */
struct problem {
    int line, column; /* column 0: not about one field */
    size_t seq;       /* order found, for a stable sort */
    char *case_id;    /* NULL when the row has none */
    char *msg;
    size_t start, end;
    bool quiet;
};

struct reader {
    const struct events_options *opt;
    struct events_summary *sum;
    const char *buf;
    const struct unalloc_mapping *mapping;
    /* current row */
    char **fields;    /* the first fields_cap fields of the row; NULL = empty */
    size_t nfields, fields_cap;
    bool nomem;       /* a field could not be copied */
    int row_line;     /* line where the current row started */
    size_t row_start, row_end;
    /* position */
    int line;         /* current physical line (LF, CRLF or CR ends one) */
    size_t chunk_end; /* end of the current physical line */
    int line_row_start;  /* where a row starting now would have started */
    size_t line_row_off;
    bool quoted;      /* inside a quoted field at the end of the line */
    int quote_line;   /* where the open quote opened */
    /* header */
    bool header_done;
    int map[NCOLS];   /* column of each field (enum unalloc_field), -1 if none */
    int ncols;
    char **header;    /* the header's names (for the rejects) */
    /* cases */
    bool grouped;     /* still streaming */
    struct pending_case cur;
    char **done_ids;  /* ids handed over while streaming */
    size_t ndone, done_cap;
    struct index done_index;
    struct pending_case *all; /* gathering mode */
    size_t nall, all_cap;
    struct index all_index;   /* case id -> slot in all */
    /* problems, reported once the input is read */
    struct problem *probs;
    size_t nprobs, probs_cap, loud;
    /* the first pass: only checks whether rows are grouped by case */
    bool scan;
    char *last_id;
    /* outcome */
    bool failed;      /* stop now: out of memory, a bad header, on_case said so */
    bool fatal;       /* a problem --skip-invalid cannot skip (a quote never closed) */
    int fail_column;  /* the column the next fail() is about, or 0 */
};

static void
fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A problem that stops the reading at once (printed now). */
static void
fail(struct reader *r, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->fail_column)
        fprintf(stderr, "unalloc: %s:%d:%d: %s\n", r->opt->name, r->row_line, r->fail_column,
                msg);
    else
        fprintf(stderr, "unalloc: %s:%d: %s\n", r->opt->name, r->row_line, msg);
    r->failed = true;
}

static void
add_problem(struct reader *r, int line, int column, const char *case_id, size_t start,
            size_t end, bool quiet, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

static void
add_problem(struct reader *r, int line, int column, const char *case_id, size_t start,
            size_t end, bool quiet, const char *fmt, ...)
{
    char msg[600];
    struct problem *p;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->nprobs == r->probs_cap) {
        size_t cap = r->probs_cap ? r->probs_cap * 2 : 64;
        struct problem *n = realloc(r->probs, cap * sizeof *n);
        if (!n) {
            fail(r, "out of memory");
            return;
        }
        r->probs = n;
        r->probs_cap = cap;
    }
    p = &r->probs[r->nprobs];
    memset(p, 0, sizeof *p);
    p->line = line;
    p->column = column;
    p->seq = r->nprobs;
    p->start = start;
    p->end = end;
    p->quiet = quiet;
    if (!(p->msg = strdup(msg)) || (case_id && !(p->case_id = strdup(case_id)))) {
        free(p->msg);
        free(p->case_id);
        fail(r, "out of memory");
        return;
    }
    r->nprobs++;
    if (!quiet)
        r->loud++;
}

/* A problem with the current row. */
static void
row_problem(struct reader *r, struct pending_case *p, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
row_problem(struct reader *r, struct pending_case *p, int column, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    add_problem(r, r->row_line, column, p && p->c ? unalloc_case_id(p->c) : NULL, r->row_start,
                r->row_end, false, "%s", msg);
    if (p && !p->bad) {
        p->bad = true;
        p->first_bad_line = r->row_line;
    }
}

static void
pending_free(struct pending_case *p)
{
    unalloc_case_free(p->c);
    free(p->rows);
    memset(p, 0, sizeof *p);
}

static bool
was_done(const struct reader *r, const char *id)
{
    size_t v;
    return index_get(&r->done_index, id, &v);
}

/* A case with a bad row: its other rows go to the rejects. */
static void
set_aside(struct reader *r, struct pending_case *p, size_t except)
{
    r->sum->cases_set_aside++;
    for (size_t i = 0; i < p->nrows && !r->failed; i++)
        if (i != except)
            add_problem(r, p->rows[i].line, 0, unalloc_case_id(p->c), p->rows[i].start,
                        p->rows[i].end, true, "set aside with its case (line %d is bad)",
                        p->first_bad_line);
}

/* Hands a finished case to the caller, or sets it aside. */
static void
hand_over(struct reader *r, struct pending_case *p)
{
    struct unalloc_error why;
    size_t except = (size_t)-1;
    int rc = 0;
    if (!p->c)
        return;
    if (!p->bad) {
        if (unalloc_case_check(p->c, &why) != UNALLOC_OK) {
            rc = why.code == UNALLOC_E_NOMEM ? -1 : 1;
            if (rc < 0)
                fail(r, "%s", why.message);
        } else if (r->opt->skip_invalid || r->loud == 0) {
            /* Without --skip-invalid, once a problem is found nothing will
             * be written: cases are only checked. */
            int *lines = malloc((p->nrows ? p->nrows : 1) * sizeof *lines);
            if (!lines) {
                fail(r, "out of memory");
                rc = -1;
            } else {
                for (size_t i = 0; i < p->nrows; i++)
                    lines[i] = p->rows[i].line;
                rc = r->opt->on_case(p->c, lines, r->opt->data, &why);
                free(lines);
                if (rc < 0)
                    r->failed = true;
            }
        }
        if (rc > 0) {
            /* the event the message names, by its number in the case */
            size_t k = why.record >= 1 && why.record <= p->nrows ? why.record - 1 : 0;
            const struct row_ref *w = p->nrows ? &p->rows[k] : NULL;
            except = w ? k : (size_t)-1;
            add_problem(r, w ? w->line : 0, w ? r->map[COL_EVENT] + 1 : 0, unalloc_case_id(p->c),
                        w ? w->start : 0, w ? w->end : 0, false, "%s", why.message);
            p->bad = true;
            p->first_bad_line = w ? w->line : 0;
        }
    }
    if (p->bad && !r->failed)
        set_aside(r, p, except);
    pending_free(p);
}

static struct pending_case *
find_all(struct reader *r, const char *id)
{
    size_t v;
    return index_get(&r->all_index, id, &v) ? &r->all[v] : NULL;
}

/* The case a row belongs to; NULL (after reporting the row) when its id is
 * not a valid case id, or on failure. */
static struct pending_case *
case_for(struct reader *r, const char *id)
{
    struct unalloc_error err;
    struct pending_case *p;
    if (r->grouped) {
        if (r->cur.c && strcmp(unalloc_case_id(r->cur.c), id) == 0)
            return &r->cur;
        if (r->cur.c)
            hand_over(r, &r->cur);
        if (r->failed)
            return NULL;
        p = &r->cur;
    } else {
        if ((p = find_all(r, id)) != NULL)
            return p;
        if (r->nall == r->all_cap) {
            r->all_cap = r->all_cap ? r->all_cap * 2 : 64;
            struct pending_case *n = realloc(r->all, r->all_cap * sizeof *n);
            if (!n) {
                fail(r, "out of memory");
                return NULL;
            }
            r->all = n;
        }
        p = &r->all[r->nall++];
        memset(p, 0, sizeof *p);
    }
    if (unalloc_case_new(&p->c, id, &err) != UNALLOC_OK) {
        if (!r->grouped)
            r->nall--;
        if (err.code == UNALLOC_E_NOMEM)
            fail(r, "%s", err.message);
        else
            row_problem(r, NULL, r->map[COL_CASE] + 1, "%s", err.message);
        return NULL;
    }
    if (!r->grouped && !index_put(&r->all_index, unalloc_case_id(p->c), (size_t)(p - r->all))) {
        fail(r, "out of memory");
        return NULL;
    }
    return p;
}

static const char *
field(const struct reader *r, int col)
{
    const char *s = r->map[col] >= 0 && (size_t)r->map[col] < r->nfields
                        ? r->fields[r->map[col]]
                        : NULL;
    return s ? s : "";
}

static void
header_row(struct reader *r)
{
    struct unalloc_error err;
    size_t ignored = 0;
    char *note = NULL;
    if (r->nomem) {
        fail(r, "out of memory");
        return;
    }
    r->ncols = (int)r->nfields;
    if (r->nfields > r->fields_cap) {
        fail(r, "the header has %zu columns; at most %zu are read", r->nfields, r->fields_cap);
        return;
    }
    /* without a mapping, a column we do not know is a mistake (a typo'd name) */
    for (size_t i = 0; i < r->nfields && !r->opt->map; i++) {
        bool known = false;
        for (int k = 0; k < NCOLS; k++)
            known |= r->fields[i] && strcmp(r->fields[i], unalloc_field_name(k)) == 0;
        if (!known) {
            r->fail_column = (int)i + 1;
            fail(r, "unknown column '%.40s' (the header is case_id,at,event,detail,worker,"
                    "locality; --map FILE reads an export's own columns)",
                 r->fields[i] ? r->fields[i] : "");
            return;
        }
    }
    if (unalloc_mapping_bind(r->map, &ignored, r->mapping, (const char *const *)r->fields,
                             r->nfields, &err) != UNALLOC_OK) {
        r->fail_column = err.column;
        fail(r, "%s%s", err.message,
             r->opt->map ? "" : " (expected case_id,at,event,detail,worker,locality)");
        return;
    }
    if (ignored && !r->scan) {
        if (unalloc_mapping_columns_note(&note, r->map, (const char *const *)r->fields,
                                         r->nfields, &err) != UNALLOC_OK) {
            fail(r, "%s", err.message);
            return;
        }
        fprintf(stderr, "unalloc: %s: %s\n", r->opt->name, note);
        unalloc_free(note);
    }
    if (!r->scan && r->opt->rejects) {
        if (!(r->header = calloc(r->nfields + 1, sizeof *r->header))) {
            fail(r, "out of memory");
            return;
        }
        for (size_t i = 0; i < r->nfields; i++)
            if (!(r->header[i] = strdup(r->fields[i] ? r->fields[i] : ""))) {
                fail(r, "out of memory");
                return;
            }
    }
    r->header_done = true;
}

/* First pass: is every case's rows one contiguous group? */
static void
scan_row(struct reader *r)
{
    const char *id = field(r, COL_CASE);
    if (!r->grouped || (r->last_id && strcmp(r->last_id, id) == 0))
        return;
    if (was_done(r, id)) {
        r->grouped = false;
        return;
    }
    if (r->last_id) {
        if (r->ndone == r->done_cap) {
            r->done_cap = r->done_cap ? r->done_cap * 2 : 64;
            char **n = realloc(r->done_ids, r->done_cap * sizeof *n);
            if (!n) {
                fail(r, "out of memory");
                return;
            }
            r->done_ids = n;
        }
        r->done_ids[r->ndone] = r->last_id;
        if (!index_put(&r->done_index, r->last_id, r->ndone)) {
            fail(r, "out of memory");
            return;
        }
        r->ndone++;
    }
    if (!(r->last_id = strdup(id)))
        fail(r, "out of memory");
}

/* The column an unalloc_case_add_event error is about. Its message starts
 * with the event's description, "case A, event 3 (worker-absent at ...): ",
 * which can name any word, so only the text after it is read. */
static int
error_column(const struct reader *r, const struct unalloc_error *err)
{
    const char *why = strstr(err->message, "): ");
    int k = COL_EVENT;
    why = why ? why + 3 : err->message;
    if (strstr(why, "detail"))
        k = COL_DETAIL;
    else if (strstr(why, "worker"))
        k = COL_WORKER;
    else if (strstr(why, "locality"))
        k = COL_LOCALITY;
    else if (strstr(why, "date") || strstr(why, "range"))
        k = COL_AT;
    return r->map[k] >= 0 ? r->map[k] + 1 : r->map[COL_EVENT] + 1;
}

static void
data_row(struct reader *r)
{
    struct unalloc_error err;
    struct unalloc_mapped_event me;
    struct pending_case *p = NULL;
    const char *id;
    int col;

    if (r->scan) {
        scan_row(r);
        return;
    }
    if (r->nomem) {
        fail(r, "out of memory");
        return;
    }
    r->sum->rows++;
    id = field(r, COL_CASE);
    if (*id && !(p = case_for(r, id)))
        return; /* reported */
    if (r->nfields != (size_t)r->ncols) {
        /* nfields counts every field, also those past the ones kept */
        if (r->nfields > (size_t)r->ncols)
            row_problem(r, p, r->ncols + 1,
                        "expected %d fields, found %zu: quote a value that holds a comma",
                        r->ncols, r->nfields);
        else
            row_problem(r, p, (int)r->nfields, "expected %d fields, found %zu: the row ends early",
                        r->ncols, r->nfields);
        return;
    }
    if (!p) {
        row_problem(r, NULL, r->map[COL_CASE] + 1, "case_id is empty");
        return;
    }
    if (unalloc_mapping_apply(&me, r->mapping, r->map, (const char *const *)r->fields,
                              r->nfields, &err) != UNALLOC_OK) {
        if (err.code == UNALLOC_E_NOMEM) {
            fail(r, "%s", err.message);
            return;
        }
        col = err.column;
        goto bad;
    }
    if (me.ignore)
        return; /* the mapping says this kind of row is not an event */
    if (unalloc_case_add_event(p->c, me.event, me.at, me.detail, me.worker, me.locality, &err) !=
        UNALLOC_OK) {
        if (err.code == UNALLOC_E_NOMEM) {
            fail(r, "%s", err.message);
            return;
        }
        col = error_column(r, &err);
        goto bad;
    }
    if (p->nrows == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        struct row_ref *n = realloc(p->rows, cap * sizeof *n);
        if (!n) {
            fail(r, "out of memory");
            return;
        }
        p->rows = n;
        p->cap = cap;
    }
    p->rows[p->nrows].line = r->row_line;
    p->rows[p->nrows].start = r->row_start;
    p->rows[p->nrows].end = r->row_end;
    p->nrows++;
    return;
bad:
    row_problem(r, p, col, "%s", err.message);
}

static void
free_fields(struct reader *r)
{
    for (size_t i = 0; i < r->nfields && i < r->fields_cap; i++)
        free(r->fields[i]);
    r->nfields = 0;
    r->nomem = false;
}

static void
on_field(void *s, size_t len, void *data)
{
    struct reader *r = data;
    (void)len;
    if (r->nfields == 0) {
        /* the line where the row began, also when its first field spans lines */
        r->row_line = r->line_row_start;
        r->row_start = r->line_row_off;
    }
    if (r->nfields < r->fields_cap) { /* more: an error in data_row */
        /* NULL is an empty field; a failed copy must not read as one */
        r->fields[r->nfields] = s ? strdup(s) : NULL;
        if (s && !r->fields[r->nfields])
            r->nomem = true;
    }
    r->nfields++;
}

static void
on_row(int c, void *data)
{
    struct reader *r = data;
    (void)c;
    if (r->nfields == 0) {
        r->row_line = r->line_row_start;
        r->row_start = r->line_row_off;
    }
    r->row_end = r->chunk_end;
    if (!r->failed) {
        if (!r->header_done)
            header_row(r);
        else
            data_row(r);
    }
    free_fields(r);
}

static int
no_space(unsigned char c)
{
    (void)c;
    return 0; /* keep spaces: " 2024-01-01" is sloppy input, not a date */
}

static void
reader_reset(struct reader *r)
{
    for (size_t i = 0; i < r->ndone; i++)
        free(r->done_ids[i]);
    free(r->done_ids);
    r->done_ids = NULL;
    free(r->last_id);
    r->last_id = NULL;
    r->ndone = r->done_cap = 0;
    index_free(&r->done_index);
    index_free(&r->all_index);
    pending_free(&r->cur);
    for (size_t i = 0; i < r->nall; i++)
        pending_free(&r->all[i]);
    free(r->all);
    r->all = NULL;
    r->nall = r->all_cap = 0;
}

static int
cmp_pending(const void *a, const void *b)
{
    const struct pending_case *x = a, *y = b;
    return strcmp(unalloc_case_id(x->c), unalloc_case_id(y->c));
}

static int
cmp_problem(const void *a, const void *b)
{
    const struct problem *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* A row that libcsv could not read: reported, and reading goes on at the next
 * line (in the scan pass, the rows are then simply not taken as grouped). */
static bool
bad_csv(struct reader *r, struct csv_parser *csv, const char *msg)
{
    if (r->scan || !r->header_done) {
        r->grouped = false;
        if (!r->header_done) {
            r->row_line = r->line;
            fail(r, "%s", msg);
        }
    } else {
        struct pending_case *p = NULL;
        const char *id = field(r, COL_CASE);
        r->row_end = r->chunk_end;
        if (r->nfields == 0) {
            r->row_line = r->line_row_start;
            r->row_start = r->line_row_off;
        }
        if (*id && !r->nomem)
            p = case_for(r, id);
        if (!r->failed)
            row_problem(r, p, (int)r->nfields + 1, "%s", msg);
    }
    free_fields(r);
    csv_free(csv);
    r->quoted = false;
    if (csv_init(csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        fail(r, "out of memory");
        return false;
    }
    csv_set_space_func(csv, no_space);
    return !r->failed && !r->scan;
}

static int
pass(struct reader *r, const char *buf, size_t len)
{
    struct csv_parser csv;
    size_t i = 0;

    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        fprintf(stderr, "unalloc: out of memory\n");
        return -1;
    }
    csv_set_space_func(&csv, no_space);
    r->line = 0;
    r->header_done = false;
    r->nfields = 0;
    r->quoted = false;
    /* a UTF-8 byte order mark, as spreadsheets write ("CSV UTF-8") */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && !r->failed) {
        size_t start = i;
        /* a physical line ends at LF, CRLF or a lone CR */
        while (i < len && buf[i] != '\n' && buf[i] != '\r')
            i++;
        if (i < len)
            i += buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n' ? 2 : 1;
        r->line++;
        r->chunk_end = i;
        if (!r->quoted) {
            r->line_row_start = r->line;
            r->line_row_off = start;
        }
        if (memchr(buf + start, '\0', i - start)) {
            if (!bad_csv(r, &csv, "a NUL byte in the input"))
                break;
            continue;
        }
        for (size_t k = start; k < i; k++)
            if (buf[k] == '"' && (r->quoted = !r->quoted))
                r->quote_line = r->line;
        if (csv_parse(&csv, buf + start, i - start, on_field, on_row, r) != i - start) {
            char msg[200];
            snprintf(msg, sizeof msg, "malformed CSV (%s): check the quoting on this line",
                     csv_strerror(csv_error(&csv)));
            if (!bad_csv(r, &csv, msg))
                break;
        }
    }
    r->chunk_end = len;
    if (!r->failed && csv_fini(&csv, on_field, on_row, r) != 0) {
        /* everything after the quote went into one field: nothing to skip to */
        if (r->scan) {
            r->grouped = false;
        } else {
            r->row_line = r->quote_line;
            if (!r->header_done) {
                fail(r, "this quote is never closed");
            } else {
                r->row_end = len;
                row_problem(r, NULL, (int)r->nfields + 1,
                            "this quote is never closed: the rest of the input is one field");
                r->fatal = true;
            }
        }
    }
    csv_free(&csv);
    free_fields(r);
    if (!r->failed && !r->header_done) {
        r->row_line = r->line ? r->line : 1;
        fail(r, "the input is empty: it needs the header case_id,at,event,detail,worker,"
                "locality");
    }
    return r->failed ? -1 : 0;
}

/* ---- the rejects ----------------------------------------------------------------- */

struct fieldlist {
    char **v;
    size_t n, cap;
    bool nomem;
};

static void
collect_field(void *s, size_t len, void *data)
{
    struct fieldlist *f = data;
    if (f->nomem)
        return;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        char **n = realloc(f->v, cap * sizeof *n);
        if (!n) {
            f->nomem = true;
            return;
        }
        f->v = n;
        f->cap = cap;
    }
    if (!(f->v[f->n] = malloc(len + 1))) {
        f->nomem = true;
        return;
    }
    if (len)
        memcpy(f->v[f->n], s, len);
    f->v[f->n][len] = '\0';
    f->n++;
}

static void
fieldlist_free(struct fieldlist *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->v[i]);
    free(f->v);
    memset(f, 0, sizeof *f);
}

/* The fields of buf[start, end); a row libcsv cannot read is one field, its
 * text as it stands. */
static bool
row_fields(struct fieldlist *f, const char *buf, size_t start, size_t end)
{
    struct csv_parser csv;
    size_t e = end;
    memset(f, 0, sizeof *f);
    while (e > start && (buf[e - 1] == '\n' || buf[e - 1] == '\r'))
        e--;
    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return false;
    csv_set_space_func(&csv, no_space);
    if (memchr(buf + start, '\0', e - start) ||
        csv_parse(&csv, buf + start, e - start, collect_field, NULL, f) != e - start ||
        csv_fini(&csv, collect_field, NULL, f) != 0) {
        fieldlist_free(f);
        collect_field((void *)(buf + start), e - start, f);
    }
    csv_free(&csv);
    if (f->nomem)
        fieldlist_free(f);
    return !f->nomem;
}

struct outbuf {
    char *s;
    size_t len, cap;
    bool nomem;
};

static void
put(struct outbuf *o, const char *s, size_t n)
{
    if (o->nomem)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n + 1)
            cap *= 2;
        char *p = realloc(o->s, cap);
        if (!p) {
            o->nomem = true;
            return;
        }
        o->s = p;
        o->cap = cap;
    }
    memcpy(o->s + o->len, s, n);
    o->len += n;
    o->s[o->len] = '\0';
}

/* Appends s as one CSV cell, quoted when it must be. */
static bool
put_cell(struct outbuf *o, const char *s, size_t n, bool comma)
{
    if (comma)
        put(o, ",", 1);
    if (n && (memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
              memchr(s, '\r', n) || s[0] == ' ' || s[n - 1] == ' ')) {
        put(o, "\"", 1);
        for (size_t i = 0; i < n; i++)
            put(o, s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
        put(o, "\"", 1);
    } else {
        put(o, s, n);
    }
    return !o->nomem;
}

static void
put_str(struct outbuf *o, const char *s, bool comma)
{
    put_cell(o, s, strlen(s), comma);
}

/* line,case_id,column,reason, then the input's own columns (and extra_N for
 * the surplus fields of rows that had too many), one row per row set aside. */
static bool
write_rejects(struct reader *r, const char *buf)
{
    struct outbuf o = { NULL, 0, 0, false };
    size_t widest = (size_t)r->ncols;
    char num[32];
    for (size_t i = 0; i < r->nprobs; i++) {
        struct fieldlist f;
        if (!row_fields(&f, buf, r->probs[i].start, r->probs[i].end))
            return false;
        if (f.n > widest)
            widest = f.n;
        fieldlist_free(&f);
    }
    put_str(&o, "line", false);
    put_str(&o, "case_id", true);
    put_str(&o, "column", true);
    put_str(&o, "reason", true);
    for (size_t k = 0; k < widest; k++) {
        if (k < (size_t)r->ncols && r->header) {
            put_str(&o, r->header[k], true);
        } else {
            snprintf(num, sizeof num, "extra_%zu", k - (size_t)r->ncols + 1);
            put_str(&o, num, true);
        }
    }
    put(&o, "\n", 1);
    for (size_t i = 0; i < r->nprobs && !o.nomem; i++) {
        const struct problem *p = &r->probs[i];
        struct fieldlist f;
        if (!row_fields(&f, buf, p->start, p->end)) {
            o.nomem = true;
            break;
        }
        snprintf(num, sizeof num, "%d", p->line);
        put_str(&o, num, false);
        put_str(&o, p->case_id ? p->case_id : "", true);
        snprintf(num, sizeof num, "%d", p->column);
        put_str(&o, p->column ? num : "", true);
        put_str(&o, p->msg, true);
        for (size_t k = 0; k < widest; k++)
            put_str(&o, k < f.n ? f.v[k] : "", true);
        put(&o, "\n", 1);
        fieldlist_free(&f);
    }
    if (o.nomem) {
        free(o.s);
        return false;
    }
    r->sum->rejects = o.s;
    r->sum->rejects_len = o.len;
    return true;
}

/* ---- reading ------------------------------------------------------------------------- */

static void
report(struct reader *r)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->nprobs; i++) {
        const struct problem *p = &r->probs[i];
        char col[16] = "";
        if (p->quiet)
            continue;
        if (shown++ == EVENTS_MAX_MESSAGES)
            break;
        if (p->column)
            snprintf(col, sizeof col, "%d:", p->column);
        if (!r->opt->skip_invalid)
            fprintf(stderr, "unalloc: %s:%d:%s %s\n", r->opt->name, p->line, col, p->msg);
        else if (p->case_id)
            fprintf(stderr, "unalloc: %s:%d:%s %s (case %s set aside)\n", r->opt->name, p->line,
                    col, p->msg, p->case_id);
        else
            fprintf(stderr, "unalloc: %s:%d:%s %s (row set aside)\n", r->opt->name, p->line, col,
                    p->msg);
    }
    if (r->loud > EVENTS_MAX_MESSAGES)
        fprintf(stderr, "unalloc: %s: %zu more problems not shown (%zu in all)\n", r->opt->name,
                r->loud - EVENTS_MAX_MESSAGES, r->loud);
}

int
events_read(const char *buf, size_t len, const struct events_options *opt,
            struct events_summary *sum)
{
    struct unalloc_mapping *identity = NULL;
    struct unalloc_error err;
    struct reader r;
    int rc;
    memset(sum, 0, sizeof *sum);
    memset(&r, 0, sizeof r);
    r.mapping = opt->map;
    if (!r.mapping) {
        if (unalloc_mapping_new(&identity, &err) != UNALLOC_OK) {
            fprintf(stderr, "unalloc: %s\n", err.message);
            return -1;
        }
        r.mapping = identity;
    }
    r.fields_cap = EVENTS_MAX_COLUMNS + 1;
    if (!(r.fields = calloc(r.fields_cap, sizeof *r.fields))) {
        unalloc_mapping_free(identity);
        fprintf(stderr, "unalloc: out of memory\n");
        return -1;
    }
    r.opt = opt;
    r.sum = sum;
    r.buf = buf;
    r.grouped = true;
    r.scan = true;
    rc = pass(&r, buf, len);
    if (rc == 0) {
        const bool grouped = r.grouped;
        reader_reset(&r);
        r.scan = false;
        r.grouped = grouped;
        rc = pass(&r, buf, len);
    }
    if (rc == 0) {
        if (r.grouped) {
            hand_over(&r, &r.cur);
        } else {
            if (r.nall)
                qsort(r.all, r.nall, sizeof *r.all, cmp_pending);
            for (size_t i = 0; i < r.nall && !r.failed; i++)
                hand_over(&r, &r.all[i]);
        }
        rc = r.failed ? -1 : 0;
    }
    if (rc == 0) {
        if (r.nprobs > 1)
            qsort(r.probs, r.nprobs, sizeof *r.probs, cmp_problem);
        report(&r);
        sum->problems = r.loud;
        sum->rows_set_aside = r.nprobs;
        if (r.fatal || (r.loud && !opt->skip_invalid))
            rc = -1;
        else if (opt->rejects && !write_rejects(&r, buf)) {
            fprintf(stderr, "unalloc: out of memory writing the rejects\n");
            rc = -1;
        }
    }
    reader_reset(&r);
    for (size_t i = 0; i < r.nprobs; i++) {
        free(r.probs[i].msg);
        free(r.probs[i].case_id);
    }
    free(r.probs);
    for (size_t i = 0; r.header && r.header[i]; i++)
        free(r.header[i]);
    free(r.header);
    free(r.fields);
    unalloc_mapping_free(identity);
    return rc;
}
