/*
 * unalloc command line: reading the event log CSV
 *   case_id,at,event,detail,worker,locality
 * with libcsv (RFC 4180 quoting, strict mode), into cases.
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

enum { COL_CASE, COL_AT, COL_EVENT, COL_DETAIL, COL_WORKER, COL_LOCALITY, NCOLS };
static const char *const col_names[NCOLS] = { "case_id", "at", "event", "detail", "worker",
                                               "locality" };

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

struct pending_case {
    struct unalloc_case *c;
    int *lines; /* input line of each event, by insertion order */
    size_t nlines, cap;
    bool bad;   /* --skip-invalid: set aside */
};

struct reader {
    const struct events_options *opt;
    /* current row */
    char *fields[NCOLS + 8];
    size_t nfields;
    bool nomem;       /* a field could not be copied */
    int row_line;     /* line where the current row started */
    int line;         /* current physical line */
    bool header_done;
    int map[NCOLS];   /* column index of each known column, -1 if absent */
    int ncols;
    /* cases */
    bool grouped;     /* still streaming */
    struct pending_case cur;
    char **done_ids;  /* ids handed over while streaming */
    size_t ndone, done_cap;
    struct index done_index;
    struct pending_case *all; /* gathering mode */
    size_t nall, all_cap;
    struct index all_index;   /* case id -> slot in all */
    /* messages about cases set aside, printed once the input is read */
    char **notes;
    size_t nnotes;
    /* the first pass: only checks whether rows are grouped by case */
    bool scan;
    char *last_id;
    /* outcome */
    bool failed;
    int skipped;
};

static void
fail_row(struct reader *r, int column, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
fail_row(struct reader *r, int column, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (column > 0)
        fprintf(stderr, "unalloc: %s:%d:%d: %s\n", r->opt->name, r->row_line, column, msg);
    else
        fprintf(stderr, "unalloc: %s:%d: %s\n", r->opt->name, r->row_line, msg);
    r->failed = true;
}

static void
pending_free(struct pending_case *p)
{
    unalloc_case_free(p->c);
    free(p->lines);
    memset(p, 0, sizeof *p);
}

static bool
was_done(const struct reader *r, const char *id)
{
    size_t v;
    return index_get(&r->done_index, id, &v);
}

/* Hands a finished case to the caller (or reports it set aside). */
static void
hand_over(struct reader *r, struct pending_case *p)
{
    if (!p->c)
        return;
    if (p->bad) {
        r->skipped++;
    } else if (r->opt->on_case(p->c, p->lines, r->opt->data) != 0) {
        r->failed = true;
    }
    pending_free(p);
}

static struct pending_case *
find_all(struct reader *r, const char *id)
{
    size_t v;
    return index_get(&r->all_index, id, &v) ? &r->all[v] : NULL;
}

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
        p = &r->cur;
    } else {
        if ((p = find_all(r, id)) != NULL)
            return p;
        if (r->nall == r->all_cap) {
            r->all_cap = r->all_cap ? r->all_cap * 2 : 64;
            struct pending_case *n = realloc(r->all, r->all_cap * sizeof *n);
            if (!n) {
                fail_row(r, 0, "out of memory");
                return NULL;
            }
            r->all = n;
        }
        p = &r->all[r->nall++];
        memset(p, 0, sizeof *p);
    }
    if (unalloc_case_new(&p->c, id, &err) != UNALLOC_OK) {
        fail_row(r, r->map[COL_CASE] + 1, "%s", err.message);
        if (!r->grouped)
            r->nall--;
        return NULL;
    }
    if (!r->grouped && !index_put(&r->all_index, unalloc_case_id(p->c), (size_t)(p - r->all))) {
        fail_row(r, 0, "out of memory");
        return NULL;
    }
    return p;
}

static const char *
field(const struct reader *r, int col)
{
    const char *s = r->map[col] >= 0 ? r->fields[r->map[col]] : NULL;
    return s ? s : "";
}

static void
header_row(struct reader *r)
{
    for (int k = 0; k < NCOLS; k++)
        r->map[k] = -1;
    if (r->nomem) {
        fail_row(r, 0, "out of memory");
        return;
    }
    r->ncols = (int)r->nfields;
    /* by column NCOLS + 1 a name is unknown or repeated, so i stays inside fields[] */
    for (size_t i = 0; i < r->nfields && i <= NCOLS; i++) {
        const char *name = r->fields[i] ? r->fields[i] : "";
        int k;
        for (k = 0; k < NCOLS && strcmp(name, col_names[k]) != 0; k++)
            ;
        if (k == NCOLS) {
            fail_row(r, (int)i + 1,
                     "unknown column '%.40s' (the header is case_id,at,event,detail,worker,"
                     "locality)",
                     name);
            return;
        }
        if (r->map[k] >= 0) {
            fail_row(r, (int)i + 1, "column '%s' appears twice", name);
            return;
        }
        r->map[k] = (int)i;
    }
    for (int k = 0; k < 3; k++)
        if (r->map[k] < 0) {
            fail_row(r, 0, "the header has no '%s' column (expected case_id,at,event,detail,"
                           "worker,locality)",
                     col_names[k]);
            return;
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
                fail_row(r, 0, "out of memory");
                return;
            }
            r->done_ids = n;
        }
        r->done_ids[r->ndone] = r->last_id;
        if (!index_put(&r->done_index, r->last_id, r->ndone)) {
            fail_row(r, 0, "out of memory");
            return;
        }
        r->ndone++;
    }
    if (!(r->last_id = strdup(id)))
        fail_row(r, 0, "out of memory");
}

/* The column an unalloc_case_add_event error is about. Its message starts
 * with the event's description, "case A, event 3 (worker-absent at ...): ",
 * which can name any word, so only the text after it is read. */
static int
error_column(const struct reader *r, const struct unalloc_error *err)
{
    const char *why = strstr(err->message, "): ");
    int k = COL_EVENT;
    if (err->code == UNALLOC_E_NOMEM)
        return 0;
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
    if (r->scan) {
        scan_row(r);
        return;
    }
    struct unalloc_error err;
    struct unalloc_moment at;
    struct pending_case *p;
    enum unalloc_event_kind kind;
    const char *id, *ev, *detail;
    int col;

    if (r->nomem) {
        fail_row(r, 0, "out of memory");
        return;
    }
    if (r->nfields > (size_t)r->ncols) {
        /* nfields counts every field, also those past the ones kept */
        fail_row(r, r->ncols + 1,
                 "expected %d fields, found %zu: quote a value that holds a comma", r->ncols,
                 r->nfields);
        return;
    }
    if (r->nfields < (size_t)r->ncols) {
        fail_row(r, (int)r->nfields, "expected %d fields, found %zu: the row ends early",
                 r->ncols, r->nfields);
        return;
    }
    id = field(r, COL_CASE);
    if (!*id) {
        fail_row(r, r->map[COL_CASE] + 1, "case_id is empty");
        return;
    }
    if (!(p = case_for(r, id)))
        return;
    if (p->bad)
        return;
    if (unalloc_datetime_parse(&at.at, &at.has_time, field(r, COL_AT), &err) != UNALLOC_OK) {
        col = r->map[COL_AT] + 1;
        goto bad;
    }
    ev = field(r, COL_EVENT);
    if (unalloc_event_kind_from_name(&kind, ev, &err) != UNALLOC_OK) {
        col = r->map[COL_EVENT] + 1;
        goto bad;
    }
    detail = field(r, COL_DETAIL);
    if (unalloc_case_add_event(p->c, ev, at, detail, field(r, COL_WORKER),
                               field(r, COL_LOCALITY), &err) != UNALLOC_OK) {
        col = error_column(r, &err);
        goto bad;
    }
    if (p->nlines == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        int *n = realloc(p->lines, p->cap * sizeof *n);
        if (!n) {
            fail_row(r, 0, "out of memory");
            return;
        }
        p->lines = n;
    }
    p->lines[p->nlines++] = r->row_line;
    return;
bad:
    if (r->opt->skip_invalid) {
        char note[800], **n;
        snprintf(note, sizeof note, "unalloc: %s:%d:%d: %s (case set aside)", r->opt->name,
                 r->row_line, col, err.message);
        if (!(n = realloc(r->notes, (r->nnotes + 1) * sizeof *n)) || !(n[r->nnotes] = strdup(note))) {
            if (n)
                r->notes = n;
            fail_row(r, 0, "out of memory");
            return;
        }
        r->notes = n;
        r->nnotes++;
        p->bad = true;
        return;
    }
    fail_row(r, col, "%s", err.message);
}

static void
on_field(void *s, size_t len, void *data)
{
    struct reader *r = data;
    (void)len;
    if (r->nfields == 0)
        r->row_line = r->line;
    if (r->nfields < sizeof r->fields / sizeof r->fields[0]) { /* more: an error in data_row */
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
    if (r->nfields == 0)
        r->row_line = r->line;
    if (!r->failed) {
        if (!r->header_done)
            header_row(r);
        else
            data_row(r);
    }
    for (size_t i = 0; i < r->nfields && i < sizeof r->fields / sizeof r->fields[0]; i++)
        free(r->fields[i]);
    r->nfields = 0;
    r->nomem = false;
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
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    r->notes = NULL;
    r->nnotes = 0;
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
    /* a UTF-8 byte order mark, as spreadsheets write ("CSV UTF-8") */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && !r->failed) {
        size_t start = i;
        while (i < len && buf[i] != '\n')
            i++;
        if (i < len)
            i++; /* include the newline */
        r->line++;
        if (memchr(buf + start, '\0', i - start)) {
            r->row_line = r->line;
            fail_row(r, 0, "NUL byte in the input");
            break;
        }
        if (csv_parse(&csv, buf + start, i - start, on_field, on_row, r) != i - start) {
            r->row_line = r->line;
            fail_row(r, 0, "malformed CSV (%s): check the quoting on this line",
                     csv_strerror(csv_error(&csv)));
            break;
        }
    }
    if (!r->failed && csv_fini(&csv, on_field, on_row, r) != 0) {
        r->row_line = r->line;
        fail_row(r, 0, "malformed CSV at the end of the input (an unclosed quote?)");
    }
    csv_free(&csv);
    for (size_t k = 0; k < r->nfields && k < sizeof r->fields / sizeof r->fields[0]; k++)
        free(r->fields[k]);
    r->nfields = 0;
    if (!r->failed && !r->header_done) {
        r->row_line = r->line ? r->line : 1;
        fail_row(r, 0, "the input is empty: it needs the header case_id,at,event,detail,worker,"
                       "locality");
    }
    return r->failed ? -1 : 0;
}

int
events_read(const char *buf, size_t len, const struct events_options *opt, int *skipped)
{
    struct reader r;
    int rc;
    memset(&r, 0, sizeof r);
    r.opt = opt;
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
            qsort(r.all, r.nall, sizeof *r.all, cmp_pending);
            for (size_t i = 0; i < r.nall && !r.failed; i++)
                hand_over(&r, &r.all[i]);
        }
        rc = r.failed ? -1 : 0;
    }
    for (size_t i = 0; rc == 0 && i < r.nnotes; i++)
        fprintf(stderr, "%s\n", r.notes[i]);
    *skipped = r.skipped;
    reader_reset(&r);
    return rc;
}
