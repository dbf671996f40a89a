/*
 * libunalloc: internal helpers shared by the library's modules. Not installed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_PRIVATE_H
#define UNALLOC_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <unalloc/unalloc.h>

#if defined(__GNUC__)
#define UA_PRINTF(a, b) __attribute__((format(printf, a, b)))
/* A rarely taken path, kept out of its caller's code. */
#define UA_COLD __attribute__((cold, noinline))
/* A function kept out of line so that its caller is small enough to be
 * inlined in turn (where that was measured to pay). */
#define UA_NOINLINE __attribute__((noinline))
/* Starts loading the cache line at p, to be read (a hint: it changes no
 * result, and an address it cannot read, NULL included, is not a fault). */
#define UA_PREFETCH(p) __builtin_prefetch((p), 0, 3)
#else
#define UA_PRINTF(a, b)
#define UA_COLD
#define UA_NOINLINE
#define UA_PREFETCH(p) ((void)(p))
#endif

/* ---- errors ------------------------------------------------------------ */

/* ua_fail fills err (if not NULL) and is code, so callers can write
 * `return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "...")`; ua_fail_record is
 * about the record-th record (1-based: an event of a case, a row of a table),
 * with line and column 0; ua_nomem is UNALLOC_E_NOMEM, "out of memory".
 *
 * They are macros (and ua_nomem an inline function) so that the code is the
 * value of the expression at the call: the compiler then sees that a failure
 * path never returns UNALLOC_OK, and does not take an out-parameter that a
 * failed helper leaves unset as read uninitialised, or a pointer it leaves NULL
 * as dereferenced, in the caller's success path (gcc -O3's
 * -Wmaybe-uninitialized and -Wnull-dereference, with the status behind a call
 * into util.c it cannot see through). The code is evaluated twice: pass a
 * value, not an expression with side effects. */
void ua_set_error(struct unalloc_error *err, enum unalloc_status code, int line, int column,
                  const char *fmt, ...) UA_PRINTF(5, 6);
void ua_set_error_record(struct unalloc_error *err, enum unalloc_status code, size_t record,
                         const char *fmt, ...) UA_PRINTF(4, 5);
#define ua_fail(err, code, ...)                                                                   \
    (ua_set_error((err), (code), __VA_ARGS__), (enum unalloc_status)(code))
#define ua_fail_record(err, code, ...)                                                            \
    (ua_set_error_record((err), (code), __VA_ARGS__), (enum unalloc_status)(code))
static inline enum unalloc_status
ua_nomem(struct unalloc_error *err)
{
    return ua_fail(err, UNALLOC_E_NOMEM, 0, 0, "out of memory");
}
enum unalloc_status ua_vfail(struct unalloc_error *err, enum unalloc_status code, int line,
                             int column, const char *fmt, va_list ap) UA_PRINTF(5, 0);
/* UNALLOC_E_PARSE at line:column (the text parsers: policies, mappings); the
 * message does not repeat the position (error.h). */
enum unalloc_status ua_parse_vfail(struct unalloc_error *err, int line, int column,
                                   const char *fmt, va_list ap) UA_PRINTF(4, 0);

/* Copies at most 40 bytes of text into a printable form for error messages:
 * control characters and bytes that are not UTF-8 become '?', a character is
 * never cut in half, and long text ends in "...". */
void ua_quote(char *buf, size_t size, const char *text, size_t len);
/* UTF-8. ua_utf8_len: the length of the sequence at s (at most len bytes), 0
 * if it is not one (overlong forms and surrogates included). ua_utf8_valid:
 * whether s[0..n) is well-formed. ua_utf8_sanitize: makes a string UTF-8 in
 * place, every stray byte becoming '?' (error messages). ua_printable_utf8:
 * well-formed and without control characters, C0, DEL or C1 (ids and names that go into
 * CSV, JSON and line-per-record output). */
size_t ua_utf8_len(const unsigned char *s, size_t len);
bool ua_utf8_valid(const char *s, size_t n);
void ua_utf8_sanitize(char *s);
bool ua_printable_utf8(const char *s);

/* ---- allocation hook --------------------------------------------------- */
/* Every allocation of the library goes through these. In the shipped library
 * they are plain malloc/free. A test build (UNALLOC_FAULT_INJECTION) routes
 * them through lib/alloc-test.c, where a test can fail the N-th allocation
 * and count live blocks; that state exists only in the test build. */
void *ua_malloc(size_t size);
void *ua_calloc(size_t count, size_t size);
void *ua_realloc(void *ptr, size_t size);
void ua_free(void *ptr);
char *ua_strndup(const char *s, size_t n);
char *ua_strdup(const char *s);

/* ---- dates --------------------------------------------------------------- */

/* Serial day numbers: days since 1970-01-01. All date arithmetic goes through
 * these (Neri and Schneider's days_from_civil and civil_from_days). */
int32_t ua_days_from_civil(int y, int m, int d);
struct unalloc_date ua_civil_from_days(int32_t z);
int ua_days_in_month(int y, int m);
int ua_is_leap(int y);
/* ISO weekday 1..7 of a serial day. */
int ua_weekday_of_days(int32_t z);

/* Serial days of the supported range's first and last day. */
#define UA_DAYS_MIN (-25567)  /* 1900-01-01 */
#define UA_DAYS_MAX (84005)   /* 2199-12-31 */

/* Validates and converts; fills err on failure. */
enum unalloc_status ua_date_to_days_checked(int32_t *out, struct unalloc_date d,
                                            struct unalloc_error *err);

enum unalloc_status ua_datetime_check(struct unalloc_datetime dt, struct unalloc_error *err);

/* "YYYY-MM-DD" and "YYYY-MM-DD[THH:MM]" of a date or moment, into buf: the
 * one place the library spells them (output, policy text, messages). A
 * checked date or moment needs UNALLOC_DATE_BUFSIZE / UNALLOC_MOMENT_BUFSIZE
 * bytes; a message about one that failed its check, UA_ANY_DATE_BUFSIZE
 * (three ints of any value, written as they are). */
#define UA_ANY_DATE_BUFSIZE 36
void ua_format_date(char *buf, size_t size, struct unalloc_date d);
void ua_format_moment(char *buf, size_t size, struct unalloc_moment m);

/* Minutes since 1970-01-01T00:00 of a valid date-time. */
int64_t ua_minutes_of(struct unalloc_datetime dt);

/* The serial day of a moment in minutes since 1970 (rounding down, before
 * 1970 too): one unsigned division of the moment shifted past zero, where
 * signed floor division computes both of its branches. Exact for every
 * moment within 2^24 days of 1970, far beyond the supported range. */
static inline int32_t
ua_day_of_minute(int64_t t)
{
    const uint64_t shift = UINT64_C(1) << 24;
    return (int32_t)((int64_t)(((uint64_t)t + shift * 1440) / 1440) - (int64_t)shift);
}

/* Gregorian Easter Sunday of year y, as a serial day. */
int32_t ua_easter_sunday(int y);

/* ---- byte-string helpers ------------------------------------------------- */

/* A growable array of bytes or of fixed-size elements, through the hook. */
struct ua_vec {
    void *data;
    size_t len;  /* elements */
    size_t cap;  /* elements */
    size_t elem; /* element size */
};
void ua_vec_init(struct ua_vec *v, size_t elem);
/* Appends one element (copied from item); returns 0 or -1 on allocation failure. */
int ua_vec_push(struct ua_vec *v, const void *item);
/* Ensures room for extra more elements. */
int ua_vec_reserve(struct ua_vec *v, size_t extra);
void ua_vec_free(struct ua_vec *v);
#define UA_VEC_AT(v, type, i) (((type *)(v)->data)[i])

/* FNV-1a, 64-bit. */
/* A growable NUL-terminated text. Its capacity is a power of two of at least
 * 256 bytes, so ua_text_capacity(len + 1) never exceeds it and a buffer handed
 * out earlier can be continued from its pointer and length alone
 * (unalloc_result_append_*). After a failed allocation `failed` is set, later
 * additions do nothing, and s still holds what was there before. */
struct ua_text {
    char *s;
    size_t len, cap;
    bool failed;
};
size_t ua_text_capacity(size_t need);
void ua_text_resume(struct ua_text *t, char *s, size_t len);
/* Appends n bytes: inline while they fit (the output formats append many
 * short pieces), through ua_text_grow_add() when the text must grow. */
void ua_text_grow_add(struct ua_text *t, const char *s, size_t n);
static inline void
ua_text_add(struct ua_text *t, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (!t->failed && n < t->cap - t->len) { /* room for the bytes and the NUL */
        memcpy(t->s + t->len, s, n);
        t->len += n;
        t->s[t->len] = '\0';
        return;
    }
    ua_text_grow_add(t, s, n);
}
void ua_text_puts(struct ua_text *t, const char *s);
void ua_text_printf(struct ua_text *t, const char *fmt, ...) UA_PRINTF(2, 3);
/* Hands a text resumed from (*buf, old) back to the caller of an append
 * function (unalloc_result_append_*, unalloc_report_append): all of it, or
 * after a failed allocation UNALLOC_E_NOMEM and the buffer as it was (its
 * first `old` bytes; the buffer may have moved). */
enum unalloc_status ua_text_finish(struct ua_text *t, char **buf, size_t *len, size_t old,
                                   struct unalloc_error *err);

uint64_t ua_fnv1a(uint64_t h, const void *data, size_t len);

/* Appends s (NULL: empty) as one RFC 4180 CSV cell, quoted where needed,
 * after a comma unless first (lib/format.c). */
void ua_csv_field(struct ua_text *o, const char *s, bool first);
#define UA_FNV_OFFSET UINT64_C(0xcbf29ce484222325)

#endif /* UNALLOC_PRIVATE_H */
