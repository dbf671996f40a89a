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
 * The input is read in pieces (from a file, or from one buffer), never whole:
 * only the row being read is kept of the text, and (for the rejects) a copy
 * of each row of a case not yet handed over.
 *
 * Two orders:
 * - by case id (the default): rows may come in any order; every case is
 *   gathered, all are checked, then handed over in case id order. No case is
 *   handed over before the whole input is read and every problem the reader
 *   can find is found.
 * - stream (events_options.stream): each case's rows form one group; a case
 *   is checked and handed over as soon as its group ends, and freed, so
 *   memory is bounded by the largest case. A case id that comes back is a
 *   problem that stops the reading, even with skip_invalid, as the case's
 *   first rows were already handed over. To find it, the reading of a pipe
 *   keeps every id seen (about 30 bytes a case); that of a regular file (or a
 *   buffer) keeps a Bloom filter of a fixed size instead (struct filter) and
 *   reads the input a second time, once it ends, to check the ids the filter
 *   may have seen: flat memory, for one more reading of the ids when an id
 *   comes back or the filter is wrong.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* FNV-1a, 64 bits */
static uint64_t
hash_str(const char *s)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
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

/* The case ids handed over in stream mode, with the line their rows ended
 * on: an arena of (int line, id, NUL) entries, and an open-addressing table
 * of 8-byte slots, each the top SEEN_TAG_BITS of the id's hash over the
 * entry's offset + 1 (0 is an empty slot); about 25 bytes per case. */
#define SEEN_TAG_BITS 20
#define SEEN_OFF_BITS (64 - SEEN_TAG_BITS)
#define SEEN_OFF_MASK ((UINT64_C(1) << SEEN_OFF_BITS) - 1)

struct seen {
    char *arena;
    size_t alen, acap;
    uint64_t *slots;
    size_t cap, len;
};

static uint64_t
seen_tag(uint64_t hash)
{
    return hash >> (64 - SEEN_TAG_BITS) << SEEN_OFF_BITS;
}

static bool
seen_get(const struct seen *ix, const char *key, int *line)
{
    uint64_t h = hash_str(key);
    uint64_t tag = seen_tag(h);
    if (!ix->cap)
        return false;
    for (size_t i = h & (ix->cap - 1); ix->slots[i]; i = (i + 1) & (ix->cap - 1)) {
        const char *e = ix->arena + (ix->slots[i] & SEEN_OFF_MASK) - 1;
        if ((ix->slots[i] & ~SEEN_OFF_MASK) == tag && strcmp(e + sizeof(int), key) == 0) {
            memcpy(line, e, sizeof(int));
            return true;
        }
    }
    return false;
}

static void
seen_slot(struct seen *ix, uint64_t slot)
{
    const char *e = ix->arena + (slot & SEEN_OFF_MASK) - 1;
    size_t i = hash_str(e + sizeof(int)) & (ix->cap - 1);
    while (ix->slots[i])
        i = (i + 1) & (ix->cap - 1);
    ix->slots[i] = slot;
}

/* key is not in ix. Returns false on allocation failure. */
static bool
seen_put(struct seen *ix, const char *key, int line)
{
    size_t n = strlen(key) + 1 + sizeof(int);
    if (ix->alen + n > ix->acap) {
        size_t cap = ix->acap ? ix->acap * 2 : 65536;
        char *a;
        while (cap < ix->alen + n)
            cap *= 2;
        if (cap > SEEN_OFF_MASK || !(a = realloc(ix->arena, cap)))
            return false;
        ix->arena = a;
        ix->acap = cap;
    }
    memcpy(ix->arena + ix->alen, &line, sizeof line);
    memcpy(ix->arena + ix->alen + sizeof line, key, n - sizeof line);
    ix->alen += n;
    if ((ix->len + 1) * 4 > ix->cap * 3) {
        struct seen g = *ix;
        g.cap = ix->cap ? ix->cap * 2 : 1024;
        if (!(g.slots = calloc(g.cap, sizeof *g.slots)))
            return false;
        for (size_t i = 0; i < ix->cap; i++)
            if (ix->slots[i])
                seen_slot(&g, ix->slots[i]);
        free(ix->slots);
        *ix = g;
    }
    seen_slot(ix, seen_tag(hash_str(key)) | (uint64_t)(ix->alen - n + 1));
    ix->len++;
    return true;
}

static void
seen_free(struct seen *ix)
{
    free(ix->arena);
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

/* Stream mode over input that can be read again (a regular file, or a
 * buffer): instead of every id, a Bloom filter of the ids seen, of a fixed
 * number of bits chosen before the reading (two a byte of input, at least
 * FILTER_MIN_BITS, at most FILTER_MAX_BITS: 16 MiB), FILTER_HASHES probes an
 * id by double hashing one 64-bit hash. An id that starts a run of rows and
 * is in the filter is a suspect (its first run may have ended earlier, or the
 * filter may be wrong). Once the input is read, the suspects are checked by
 * reading the input again, only its case ids: an id comes back iff its rows
 * make two or more runs. With FILTER_MAX_BITS and 7 probes the filter is
 * wrong for one id in 1.1e9 after a million ids and for one in 550 after ten
 * million (doc/performance.md). */
#define FILTER_HASHES 7
#define FILTER_MIN_BITS ((size_t)1 << 16)
#define FILTER_MAX_BITS ((size_t)1 << 27)
/* Most suspects kept; beyond, the second reading keeps every id (as the
 * reading of a pipe does), so that its answer stays exact. */
#define MAX_SUSPECTS 65536

struct filter {
    uint64_t *bits;
    size_t mask; /* the number of bits (a power of two) - 1 */
};

/* MurmurHash3's 64-bit finaliser: FNV-1a's high bits hardly depend on the
 * last characters of an id, which is where ids like C0000123 differ. */
static uint64_t
mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

/* bits: 0 (sized from input_bytes), or rounded up to a power of two. */
static bool
filter_init(struct filter *f, size_t bits, size_t input_bytes)
{
    size_t n = 1;
    if (!bits)
        for (bits = FILTER_MIN_BITS; bits < FILTER_MAX_BITS && bits / 2 < input_bytes;)
            bits *= 2;
    while (n < bits)
        n *= 2;
    f->mask = n - 1;
    f->bits = calloc((n + 63) / 64, sizeof *f->bits);
    return f->bits != NULL;
}

/* Adds the id of hash h; returns whether it was (maybe) there already. */
static bool
filter_add(struct filter *f, uint64_t h)
{
    uint64_t a = mix64(h), b = (a >> 32 | a << 32) | 1;
    bool there = true;
    for (int i = 0; i < FILTER_HASHES; i++, a += b) {
        size_t k = (size_t)a & f->mask;
        uint64_t bit = UINT64_C(1) << (k % 64);
        there &= (f->bits[k / 64] & bit) != 0;
        f->bits[k / 64] |= bit;
    }
    return there;
}

/* An id that may come back, and (second reading) where its first run ended. */
struct suspect {
    char *id;
    int end_line;
    bool seen; /* its first run was read */
};

/* A row of a case not yet handed over: its first line, and (for the
 * rejects) a copy of its text. */
struct row_ref {
    int line;
    char *raw;
    size_t rawlen;
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
    char *raw; /* the row's text (for the rejects), or NULL */
    size_t rawlen;
    bool quiet;
};

struct reader {
    const struct events_options *opt;
    struct events_summary *sum;
    const struct unalloc_mapping *mapping;
    /* the text read: win[0, wlen) is the input's bytes [base, base + wlen) */
    const char *win;
    size_t wlen, base;
    /* current row */
    char **fields;    /* the first fields_cap fields of the row; NULL = empty */
    size_t nfields, fields_cap;
    bool nomem;       /* a field could not be copied */
    int row_line;     /* line where the current row started */
    size_t row_start, row_end; /* its bytes in the input */
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
    struct pending_case cur;  /* stream mode: the case being read */
    int cur_last_line;        /* the line of its last row */
    struct seen done;         /* stream mode: the ids handed over (or, second
                                 reading past MAX_SUSPECTS, the runs read) */
    /* stream mode over input read twice (struct filter) */
    struct filter filter;     /* the ids seen; bits NULL: keep them in done */
    struct suspect *sus;
    size_t nsus, sus_cap, max_sus;
    struct index sus_index;   /* id -> slot in sus */
    bool sus_over;            /* more than max_sus suspects */
    bool second;              /* the second reading */
    char *gid;                /* the case id of the current run of rows */
    size_t gid_cap;
    int gend;                 /* the line of its last row */
    size_t gsus;              /* its slot in sus, or NO_SUSPECT */
    uint64_t ghash;           /* the runs (id, first line) read so far */
    size_t nruns;
    int back_line;            /* where a case came back, or 0 */
    size_t back_seq;          /* its problem's seq */
    struct pending_case *all; /* by case id: every case */
    size_t nall, all_cap;
    struct index all_index;   /* case id -> slot in all */
    /* problems, reported once the input is read */
    struct problem *probs;
    size_t nprobs, probs_cap, loud;
    /* outcome */
    bool failed;      /* stop now: out of memory, a bad header, on_case said so */
    bool stop;        /* stop reading: a problem reported with the others */
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
add_problem(struct reader *r, int line, int column, const char *case_id, const char *raw,
            size_t rawlen, bool quiet, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* A problem; raw, rawlen the row's text (copied for the rejects). */
static void
add_problem(struct reader *r, int line, int column, const char *case_id, const char *raw,
            size_t rawlen, bool quiet, const char *fmt, ...)
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
    p->quiet = quiet;
    if (r->opt->rejects && raw) {
        if ((p->raw = malloc(rawlen + 1)) != NULL) {
            memcpy(p->raw, raw, rawlen);
            p->raw[rawlen] = '\0';
            p->rawlen = rawlen;
        }
    }
    if (!(p->msg = strdup(msg)) || (case_id && !(p->case_id = strdup(case_id))) ||
        (r->opt->rejects && raw && !p->raw)) {
        free(p->msg);
        free(p->case_id);
        free(p->raw);
        fail(r, "out of memory");
        return;
    }
    r->nprobs++;
    if (!quiet)
        r->loud++;
}

/* The current row's text, in the window. */
static const char *
row_text(const struct reader *r, size_t *len)
{
    size_t start = r->row_start < r->base ? r->base : r->row_start;
    size_t end = r->row_end < start ? start : r->row_end;
    if (end > r->base + r->wlen)
        end = r->base + r->wlen;
    *len = end - start;
    return r->win + (start - r->base);
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
    size_t len;
    const char *raw = row_text(r, &len);
    add_problem(r, r->row_line, column, p && p->c ? unalloc_case_id(p->c) : NULL, raw, len, false,
                "%s", msg);
    if (p && !p->bad) {
        p->bad = true;
        p->first_bad_line = r->row_line;
    }
}

static void
pending_free(struct pending_case *p)
{
    unalloc_case_free(p->c);
    for (size_t i = 0; i < p->nrows; i++)
        free(p->rows[i].raw);
    free(p->rows);
    memset(p, 0, sizeof *p);
}

/* A case with a bad row: its other rows go to the rejects. */
static void
set_aside(struct reader *r, struct pending_case *p, size_t except)
{
    r->sum->cases_set_aside++;
    for (size_t i = 0; i < p->nrows && !r->failed; i++)
        if (i != except)
            add_problem(r, p->rows[i].line, 0, unalloc_case_id(p->c), p->rows[i].raw,
                        p->rows[i].rawlen, true, "set aside with its case (line %d is bad)",
                        p->first_bad_line);
}

/* A case found invalid (by unalloc_case_check or the caller): reported at
 * the event why names (1-based why->record, or 0), and marked bad. Returns the
 * index of that row, or (size_t)-1. */
static size_t
case_problem(struct reader *r, struct pending_case *p, const struct unalloc_error *why)
{
    size_t k = why->record >= 1 && why->record <= p->nrows ? why->record - 1 : 0;
    const struct row_ref *w = p->nrows ? &p->rows[k] : NULL;
    add_problem(r, w ? w->line : 0, w ? r->map[COL_EVENT] + 1 : 0, unalloc_case_id(p->c),
                w ? w->raw : NULL, w ? w->rawlen : 0, false, "%s", why->message);
    p->bad = true;
    p->first_bad_line = w ? w->line : 0;
    return w ? k : (size_t)-1;
}

/* Checks a finished case (its sequence); a bad one is set aside. */
static void
check_case(struct reader *r, struct pending_case *p)
{
    struct unalloc_error why;
    size_t except;
    if (!p->c || p->bad)
        goto bad;
    if (unalloc_case_check(p->c, &why) == UNALLOC_OK)
        return;
    if (why.code == UNALLOC_E_NOMEM) {
        fail(r, "%s", why.message);
        return;
    }
    except = case_problem(r, p, &why);
    if (!r->failed)
        set_aside(r, p, except);
    return;
bad:
    if (p->c && !r->failed)
        set_aside(r, p, (size_t)-1);
}

/* Hands a checked case to the caller (unless it was set aside), and frees
 * it. Without skip_invalid, once a problem is found nothing is handed over:
 * cases are only checked; nor after a problem that cannot be skipped. */
static void
deliver(struct reader *r, struct pending_case *p)
{
    struct unalloc_error why;
    int rc;
    if (p->c && !p->bad && !r->failed && !r->fatal &&
        (r->opt->skip_invalid || r->loud == 0)) {
        int *lines = malloc((p->nrows ? p->nrows : 1) * sizeof *lines);
        if (!lines) {
            fail(r, "out of memory");
        } else {
            for (size_t i = 0; i < p->nrows; i++)
                lines[i] = p->rows[i].line;
            rc = r->opt->on_case(p->c, lines, r->opt->data, &why);
            free(lines);
            if (rc < 0)
                r->failed = true;
            else if (rc > 0)
                set_aside(r, p, case_problem(r, p, &why));
        }
    }
    pending_free(p);
}

/* Stream mode: the case being read is complete. Its id is kept, to refuse
 * it if it comes back. */
static void
hand_over(struct reader *r)
{
    if (!r->cur.c)
        return;
    if (!r->filter.bits && !seen_put(&r->done, unalloc_case_id(r->cur.c), r->cur_last_line)) {
        fail(r, "out of memory");
        return;
    }
    check_case(r, &r->cur);
    deliver(r, &r->cur);
}

static struct pending_case *
find_all(struct reader *r, const char *id)
{
    size_t v;
    return index_get(&r->all_index, id, &v) ? &r->all[v] : NULL;
}

/* The row being read names case id, whose rows ended at line: fail closed,
 * even with skip_invalid (its first rows were handed over), and read no
 * further (the second reading reads on, to see that the input is unchanged,
 * but reports the first only). */
static void
came_back(struct reader *r, const char *id, int line)
{
    if (r->back_line)
        return;
    r->back_line = r->row_line;
    r->back_seq = r->nprobs;
    row_problem(r, NULL, r->map[COL_CASE] + 1,
                "case %s comes back after its rows ended at line %d: with --stream "
                "each case's rows must be together (sort the input by case_id, or "
                "leave out --stream)",
                id, line);
    r->fatal = true;
    r->stop = !r->second;
}

#define NO_SUSPECT ((size_t)-1)

/* id, a row's case id, starts a new run of rows: it becomes the current run
 * (and is summed into ghash, with its line, so that the second reading can
 * tell that it read what the first did). Returns false out of memory. */
static bool
enter_run(struct reader *r, const char *id)
{
    size_t n = strlen(id) + 1;
    if (n > r->gid_cap) {
        char *g = realloc(r->gid, n);
        if (!g)
            return false;
        r->gid = g;
        r->gid_cap = n;
    }
    memcpy(r->gid, id, n);
    r->gend = r->row_line;
    r->ghash = mix64(r->ghash ^ hash_str(id)) + (uint64_t)(unsigned)r->row_line;
    r->nruns++;
    return true;
}

static bool
same_run(const struct reader *r, const char *id)
{
    return r->gid && strcmp(r->gid, id) == 0;
}

/* First reading, a row's case id: one that starts a run and is in the filter
 * is a suspect. Returns false out of memory. */
static bool
watch_id(struct reader *r, const char *id)
{
    size_t k;
    if (same_run(r, id))
        return true;
    if (filter_add(&r->filter, hash_str(id)) && !r->sus_over &&
        !index_get(&r->sus_index, id, &k)) {
        if (r->nsus == r->max_sus) {
            r->sus_over = true; /* the second reading keeps every id */
        } else {
            if (r->nsus == r->sus_cap) {
                size_t cap = r->sus_cap ? r->sus_cap * 2 : 64;
                struct suspect *n = realloc(r->sus, cap * sizeof *n);
                if (!n)
                    return false;
                r->sus = n;
                r->sus_cap = cap;
            }
            memset(&r->sus[r->nsus], 0, sizeof r->sus[r->nsus]);
            if (!(r->sus[r->nsus].id = strdup(id)))
                return false;
            r->nsus++;
            if (!index_put(&r->sus_index, r->sus[r->nsus - 1].id, r->nsus - 1))
                return false;
        }
    }
    return enter_run(r, id);
}

/* Whether id names a case (a run of an invalid id is never handed over, so
 * never comes back; its rows are reported as bad). */
static bool
valid_case_id(struct reader *r, const char *id)
{
    struct unalloc_case *c;
    struct unalloc_error err;
    if (unalloc_case_new(&c, id, &err) != UNALLOC_OK) {
        if (err.code == UNALLOC_E_NOMEM)
            fail(r, "%s", err.message);
        return false;
    }
    unalloc_case_free(c);
    return true;
}

/* Second reading, a row's case id: does it start a second run of its id? */
static void
check_id(struct reader *r, const char *id)
{
    int line = 0, ignored;
    bool back = false;
    size_t k;
    if (same_run(r, id)) {
        r->gend = r->row_line;
        return;
    }
    if (r->gid) { /* the run of r->gid ended at r->gend */
        if (r->gsus != NO_SUSPECT)
            r->sus[r->gsus].end_line = r->gend;
        if (r->sus_over && !seen_get(&r->done, r->gid, &ignored) &&
            !seen_put(&r->done, r->gid, r->gend)) {
            fail(r, "out of memory");
            return;
        }
    }
    r->gsus = NO_SUSPECT;
    if (r->sus_over) {
        back = seen_get(&r->done, id, &line);
    } else if (index_get(&r->sus_index, id, &k)) {
        back = r->sus[k].seen;
        line = r->sus[k].end_line;
        r->sus[k].seen = true;
        r->gsus = k;
    }
    if (!enter_run(r, id))
        fail(r, "out of memory");
    else if (back && valid_case_id(r, id))
        came_back(r, id, line);
}

/* The case a row belongs to; NULL (after reporting the row) when its id is
 * not a valid case id, or on failure. */
static struct pending_case *
case_for(struct reader *r, const char *id)
{
    struct unalloc_error err;
    struct pending_case *p;
    int line;
    if (r->opt->stream) {
        if (r->cur.c && strcmp(unalloc_case_id(r->cur.c), id) == 0) {
            r->cur_last_line = r->row_line;
            return &r->cur;
        }
        hand_over(r);
        if (r->failed)
            return NULL;
        if (r->filter.bits) {
            /* checked once the input is read (check_id) */
            if (!watch_id(r, id)) {
                fail(r, "out of memory");
                return NULL;
            }
        } else if (seen_get(&r->done, id, &line)) {
            came_back(r, id, line);
            return NULL;
        }
        r->cur_last_line = r->row_line;
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
        if (!r->opt->stream)
            r->nall--;
        if (err.code == UNALLOC_E_NOMEM)
            fail(r, "%s", err.message);
        else
            row_problem(r, NULL, r->map[COL_CASE] + 1, "%s", err.message);
        return NULL;
    }
    if (!r->opt->stream && !index_put(&r->all_index, unalloc_case_id(p->c), (size_t)(p - r->all))) {
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
    if (ignored) {
        if (unalloc_mapping_columns_note(&note, r->map, (const char *const *)r->fields,
                                         r->nfields, &err) != UNALLOC_OK) {
            fail(r, "%s", err.message);
            return;
        }
        fprintf(stderr, "unalloc: %s: %s\n", r->opt->name, note);
        unalloc_free(note);
    }
    if (r->opt->rejects) {
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
    p->rows[p->nrows].raw = NULL;
    p->rows[p->nrows].rawlen = 0;
    if (r->opt->rejects) {
        size_t len;
        const char *raw = row_text(r, &len);
        if (!(p->rows[p->nrows].raw = malloc(len + 1))) {
            fail(r, "out of memory");
            return;
        }
        memcpy(p->rows[p->nrows].raw, raw, len);
        p->rows[p->nrows].raw[len] = '\0';
        p->rows[p->nrows].rawlen = len;
    }
    p->nrows++;
    return;
bad:
    row_problem(r, p, col, "%s", err.message);
}

/* A row of the second reading: only its case id is read (the header was
 * read the first time). */
static void
second_row(struct reader *r)
{
    const char *id = field(r, COL_CASE);
    if (!r->header_done)
        r->header_done = true;
    else if (r->nomem)
        fail(r, "out of memory");
    else if (*id)
        check_id(r, id);
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
        /* NULL is an empty field; a failed copy must not read as one. The
         * second reading keeps the case id only. */
        if (r->second && (int)r->nfields != r->map[COL_CASE])
            s = NULL;
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
    if (!r->failed && !r->stop) {
        if (r->second)
            second_row(r);
        else if (!r->header_done)
            header_row(r);
        else
            data_row(r);
    }
    free_fields(r);
}

/* libcsv grows a field by this many bytes at a time (its default, 128, makes
 * a field of several MiB, such as a quote never closed, quadratic to read). */
#define CSV_BLOCK 65536

static int
no_space(unsigned char c)
{
    (void)c;
    return 0; /* keep spaces: " 2024-01-01" is sloppy input, not a date */
}

static void
reader_reset(struct reader *r)
{
    seen_free(&r->done);
    free(r->filter.bits);
    r->filter.bits = NULL;
    for (size_t i = 0; i < r->nsus; i++)
        free(r->sus[i].id);
    free(r->sus);
    r->sus = NULL;
    r->nsus = 0;
    index_free(&r->sus_index);
    free(r->gid);
    r->gid = NULL;
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
 * line. */
static bool
bad_csv(struct reader *r, struct csv_parser *csv, const char *msg)
{
    if (!r->header_done && !r->second) {
        r->row_line = r->line;
        fail(r, "%s", msg);
    } else if (r->header_done) {
        struct pending_case *p = NULL;
        const char *id = field(r, COL_CASE);
        r->row_end = r->chunk_end;
        if (r->nfields == 0) {
            r->row_line = r->line_row_start;
            r->row_start = r->line_row_off;
        }
        if (r->second) {
            /* as the first reading did: the case id read so far, if any */
            if (*id && !r->nomem)
                check_id(r, id);
            goto next;
        }
        if (*id && !r->nomem && !r->stop)
            p = case_for(r, id);
        if (!r->failed && !r->stop)
            row_problem(r, p, (int)r->nfields + 1, "%s", msg);
    }
next:
    free_fields(r);
    csv_free(csv);
    r->quoted = false;
    if (csv_init(csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        fail(r, "out of memory");
        return false;
    }
    csv_set_space_func(csv, no_space);
    csv_set_blk_size(csv, CSV_BLOCK);
    return !r->failed;
}

/* Where the text comes from: one buffer (buf, len), or a stream f read in
 * pieces into a window that keeps the row being read. */
struct source {
    const char *buf;
    size_t len;   /* buf's length; f: its size when the reading began, if known */
    FILE *f;
    bool again;   /* f is a regular file: it can be read a second time */
    off_t start;  /* where in f the reading began */
    size_t end;   /* the second reading: the bytes the first one read */
    char *win;    /* f: the window (its bytes are r->win) */
    size_t cap;
    bool eof;
};

#define READ_PIECE 65536

/* Reads more of f into the window, keeping its bytes from keep (an offset in
 * the input) on. Returns false on a read error or out of memory (reported). */
static bool
refill(struct reader *r, struct source *src, size_t keep)
{
    size_t drop = keep - r->base;
    ssize_t n;
    if (drop) {
        memmove(src->win, src->win + drop, r->wlen - drop);
        r->wlen -= drop;
        r->base = keep;
    }
    if (src->cap - r->wlen < READ_PIECE) {
        size_t cap = src->cap ? src->cap : READ_PIECE;
        char *w;
        while (cap - r->wlen < READ_PIECE)
            cap *= 2;
        if (!(w = realloc(src->win, cap))) {
            fail(r, "out of memory");
            return false;
        }
        src->win = w;
        src->cap = cap;
    }
    /* read(2), not fread(): what a pipe holds now is read now, so a case is
     * handed over as soon as its rows end, not when a piece is full. The
     * second reading reads what the first did, from where it began. */
    do {
        size_t at = r->base + r->wlen, want = src->cap - r->wlen;
        if (!r->second)
            n = read(fileno(src->f), src->win + r->wlen, want);
        else if (at < src->end)
            n = pread(fileno(src->f), src->win + r->wlen,
                      want < src->end - at ? want : src->end - at, src->start + (off_t)at);
        else
            n = 0;
    } while (n < 0 && errno == EINTR);
    r->win = src->win;
    if (n < 0) {
        r->row_line = r->line + 1;
        if (r->second)
            fail(r, "cannot read the input a second time (to check the case ids that may "
                    "come back): %s",
                 strerror(errno));
        else
            fail(r, "cannot read the input: %s", strerror(errno));
        return false;
    }
    r->wlen += (size_t)n;
    if (n == 0)
        src->eof = true;
    return true;
}

static int
pass(struct reader *r, struct source *src)
{
    struct csv_parser csv;
    size_t i = 0; /* offset in the input of the next line */

    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        fprintf(stderr, "unalloc: out of memory\n");
        return -1;
    }
    csv_set_space_func(&csv, no_space);
    csv_set_blk_size(&csv, CSV_BLOCK);
    r->line = 0;
    r->header_done = false;
    r->nfields = 0;
    r->quoted = false;
    r->base = 0;
    if (src->f) {
        r->wlen = 0;
        src->eof = false;
        while (!src->eof && r->wlen < 3 && refill(r, src, 0))
            ;
    } else {
        r->win = src->buf;
        r->wlen = src->len;
        src->eof = true;
    }
    /* a UTF-8 byte order mark, as spreadsheets write ("CSV UTF-8") */
    if (r->wlen >= 3 && memcmp(r->win, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (!r->failed && !r->stop) {
        const char *w = r->win - r->base; /* w[k]: the input's byte k, in the window */
        size_t end = r->base + r->wlen, start = i;
        /* a physical line ends at LF, CRLF or a lone CR; one that the window
         * does not hold whole is read on */
        while (i < end && w[i] != '\n' && w[i] != '\r')
            i++;
        if (!src->eof && (i == end || (w[i] == '\r' && i + 1 == end))) {
            /* keep the row being read (all of it when a quote is open) */
            size_t keep = r->quoted ? r->line_row_off : start;
            i = start;
            if (end - keep >= EVENTS_MAX_ROW_BYTES) {
                r->row_line = r->quoted ? r->quote_line : r->line + 1;
                fail(r, r->quoted ? "this quote is not closed within %zu bytes: is it ever?"
                                  : "a row longer than %zu bytes",
                     EVENTS_MAX_ROW_BYTES);
                break;
            }
            if (r->opt->max_bytes && end > r->opt->max_bytes) {
                r->row_line = r->line + 1;
                fail(r, "the input is larger than %zu bytes, the most read without --stream",
                     r->opt->max_bytes);
                break;
            }
            if (!refill(r, src, keep))
                break;
            continue;
        }
        if (start == end)
            break;
        if (i < end)
            i += w[i] == '\r' && i + 1 < end && w[i + 1] == '\n' ? 2 : 1;
        r->line++;
        r->chunk_end = i;
        if (!r->quoted) {
            r->line_row_start = r->line;
            r->line_row_off = start;
        }
        if (memchr(w + start, '\0', i - start)) {
            if (!bad_csv(r, &csv, "a NUL byte in the input"))
                break;
            continue;
        }
        for (size_t k = start; k < i; k++)
            if (w[k] == '"' && (r->quoted = !r->quoted))
                r->quote_line = r->line;
        if (csv_parse(&csv, w + start, i - start, on_field, on_row, r) != i - start) {
            char msg[200];
            snprintf(msg, sizeof msg, "malformed CSV (%s): check the quoting on this line",
                     csv_strerror(csv_error(&csv)));
            if (!bad_csv(r, &csv, msg))
                break;
        }
    }
    r->chunk_end = r->base + r->wlen;
    if (!r->failed && !r->stop && csv_fini(&csv, on_field, on_row, r) != 0) {
        /* everything after the quote went into one field: nothing to skip to */
        r->row_line = r->quote_line;
        if (r->second) {
            /* the first reading reported it */
        } else if (!r->header_done) {
            fail(r, "this quote is never closed");
        } else {
            r->row_end = r->chunk_end;
            row_problem(r, NULL, (int)r->nfields + 1,
                        "this quote is never closed: the rest of the input is one field");
            r->fatal = true;
        }
    }
    csv_free(&csv);
    free_fields(r);
    if (!r->failed && !r->header_done && !r->second) {
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

/* Hands the rows formatted so far to opt->write_rejects, if set. Returns -1
 * when it failed (it said why), 0 otherwise. */
static int
flush_rejects(struct reader *r, struct outbuf *o)
{
    if (!r->opt->write_rejects || o->nomem || !o->len)
        return 0;
    if (r->opt->write_rejects(o->s, o->len, r->opt->data) != 0)
        return -1;
    o->len = 0;
    return 0;
}

/* line,case_id,column,reason, then the input's own columns (and extra_N for
 * the surplus fields of rows that had too many), one row per row set aside:
 * each row handed to opt->write_rejects as it is formatted, or (without it)
 * all in sum->rejects. Returns 0, -1 out of memory, -2 the writer failed. */
static int
write_rejects(struct reader *r)
{
    struct outbuf o = { NULL, 0, 0, false };
    size_t widest = (size_t)r->ncols;
    char num[32];
    int rc = 0;
    for (size_t i = 0; i < r->nprobs; i++) {
        struct fieldlist f;
        if (!row_fields(&f, r->probs[i].raw ? r->probs[i].raw : "", 0, r->probs[i].rawlen))
            return -1;
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
    rc = flush_rejects(r, &o) ? -2 : 0;
    for (size_t i = 0; i < r->nprobs && !o.nomem && !rc; i++) {
        const struct problem *p = &r->probs[i];
        struct fieldlist f;
        if (!row_fields(&f, p->raw ? p->raw : "", 0, p->rawlen)) {
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
        rc = flush_rejects(r, &o) ? -2 : 0;
    }
    if (o.nomem || rc || r->opt->write_rejects) {
        free(o.s);
        return o.nomem ? -1 : rc;
    }
    r->sum->rejects = o.s;
    r->sum->rejects_len = o.len;
    return 0;
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

/* Stream mode, once the input is read: reads it again to check the suspects
 * (with more than max_sus of them, every id). A case that comes back is
 * reported as the first reading of a pipe reports it; input that changed in
 * between fails the reading. */
static void
read_again(struct reader *r, struct source *src)
{
    uint64_t ghash = r->ghash;
    size_t nruns = r->nruns, end = r->base + r->wlen;
    r->sum->suspects = r->nsus;
    r->sum->every_id = r->sus_over;
    r->sum->read_twice = true;
    free(r->gid);
    r->gid = NULL;
    r->gid_cap = 0;
    r->ghash = 0;
    r->nruns = 0;
    r->second = true;
    src->end = end;
    if (pass(r, src) != 0)
        return;
    if (r->base + r->wlen != end || r->ghash != ghash || r->nruns != nruns) {
        fprintf(stderr,
                "unalloc: %s: the input changed while it was read (read again to check case "
                "ids that may come back, it holds other rows): its cases cannot be trusted; "
                "run again on a copy that is not being written\n",
                r->opt->name);
        r->failed = true;
    } else if (r->back_line) {
        /* A case came back: as the reading of a pipe, stop there. What the
         * first reading found from that row on is not reported. */
        size_t n = 0;
        r->loud = 0;
        for (size_t i = 0; i < r->nprobs; i++) {
            struct problem *p = &r->probs[i];
            if (p->line >= r->back_line && !(p->line == r->back_line && p->seq == r->back_seq)) {
                free(p->msg);
                free(p->case_id);
                free(p->raw);
                continue;
            }
            r->loud += !p->quiet;
            r->probs[n++] = *p;
        }
        r->nprobs = n;
    }
}

static int
read_events(struct source *src, const struct events_options *opt, struct events_summary *sum)
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
    r.gsus = NO_SUSPECT;
    r.max_sus = opt->max_suspects ? opt->max_suspects : MAX_SUSPECTS;
    if (opt->stream && (!src->f || src->again) &&
        !filter_init(&r.filter, opt->filter_bits, src->len)) {
        free(r.fields);
        unalloc_mapping_free(identity);
        fprintf(stderr, "unalloc: out of memory\n");
        return -1;
    }
    rc = pass(&r, src);
    if (rc == 0) {
        if (opt->stream) {
            if (!r.stop)
                hand_over(&r);
            if (!r.failed && (r.nsus || r.sus_over))
                read_again(&r, src);
        } else {
            /* every problem the reading finds is found before any case is
             * handed over, then every case is checked */
            if (r.nall > 1)
                qsort(r.all, r.nall, sizeof *r.all, cmp_pending);
            for (size_t i = 0; i < r.nall && !r.failed; i++)
                check_case(&r, &r.all[i]);
            for (size_t i = 0; i < r.nall && !r.failed; i++)
                deliver(&r, &r.all[i]);
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
        else if (opt->rejects && (rc = write_rejects(&r)) != 0) {
            if (rc == -1)
                fprintf(stderr, "unalloc: out of memory writing the rejects\n");
            rc = -1;
        }
    }
    reader_reset(&r);
    for (size_t i = 0; i < r.nprobs; i++) {
        free(r.probs[i].msg);
        free(r.probs[i].case_id);
        free(r.probs[i].raw);
    }
    free(r.probs);
    for (size_t i = 0; r.header && r.header[i]; i++)
        free(r.header[i]);
    free(r.header);
    free(r.fields);
    unalloc_mapping_free(identity);
    return rc;
}

int
events_read(const char *buf, size_t len, const struct events_options *opt,
            struct events_summary *sum)
{
    struct source src;
    memset(&src, 0, sizeof src);
    src.buf = buf;
    src.len = len;
    return read_events(&src, opt, sum);
}

int
events_read_file(FILE *f, const struct events_options *opt, struct events_summary *sum)
{
    struct source src;
    struct stat st;
    int rc;
    memset(&src, 0, sizeof src);
    src.f = f;
    /* a regular file can be read a second time: --stream keeps a filter of
     * the ids instead of every id */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (src.start = lseek(fileno(f), 0, SEEK_CUR)) >= 0) {
        src.again = true;
        src.len = st.st_size > src.start ? (size_t)(st.st_size - src.start) : 0;
    }
    rc = read_events(&src, opt, sum);
    free(src.win);
    return rc;
}
