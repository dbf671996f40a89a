/*
 * libunalloc: errors, the allocation hook, small containers.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"
#ifdef UNALLOC_FAULT_INJECTION
#include "alloc-test.h"
#endif

/* ---- errors -------------------------------------------------------------- */

UNALLOC_EXPORT void
unalloc_error_clear(struct unalloc_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
}

UNALLOC_EXPORT const char *
unalloc_status_name(enum unalloc_status status)
{
    switch (status) {
    case UNALLOC_OK: return "UNALLOC_OK";
    case UNALLOC_E_NOMEM: return "UNALLOC_E_NOMEM";
    case UNALLOC_E_INVALID: return "UNALLOC_E_INVALID";
    case UNALLOC_E_RANGE: return "UNALLOC_E_RANGE";
    case UNALLOC_E_PARSE: return "UNALLOC_E_PARSE";
    case UNALLOC_E_LIMIT: return "UNALLOC_E_LIMIT";
    case UNALLOC_E_NOT_FOUND: return "UNALLOC_E_NOT_FOUND";
    }
    return "UNALLOC_E_UNKNOWN";
}

enum unalloc_status
ua_vfail(struct unalloc_error *err, enum unalloc_status code, int line, int column,
         const char *fmt, va_list ap)
{
    if (err) {
        memset(err, 0, offsetof(struct unalloc_error, message));
        err->code = code;
        err->line = line;
        err->column = column;
        /* vsnprintf formats into memory; no I/O. */
        if (vsnprintf(err->message, sizeof err->message, fmt, ap) < 0)
            err->message[0] = '\0';
        ua_utf8_sanitize(err->message);
    }
    return code;
}

enum unalloc_status
ua_parse_vfail(struct unalloc_error *err, int line, int column, const char *fmt, va_list ap)
{
    return ua_vfail(err, UNALLOC_E_PARSE, line, column, fmt, ap);
}

void
ua_set_error_record(struct unalloc_error *err, enum unalloc_status code, size_t record,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ua_vfail(err, code, 0, 0, fmt, ap);
    va_end(ap);
    if (err)
        err->record = record;
}

void
ua_set_error(struct unalloc_error *err, enum unalloc_status code, int line, int column,
             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ua_vfail(err, code, line, column, fmt, ap);
    va_end(ap);
}

void
ua_quote(char *buf, size_t size, const char *text, size_t len)
{
    const size_t max = 40;
    size_t o = 0, i;

    if (size == 0)
        return;
    if (!text) {
        snprintf(buf, size, "(null)");
        return;
    }
    for (i = 0; i < len && i < max && o + 1 < size;) {
        unsigned char c = (unsigned char)text[i];
        size_t n = ua_utf8_len((const unsigned char *)text + i, len - i);
        /* Keep whole UTF-8 sequences that fit; replace control characters
         * and bytes that are not UTF-8, so the message stays UTF-8. */
        if (n > 1) {
            if (i + n > max || o + n >= size)
                break;
            memcpy(buf + o, text + i, n);
            o += n;
            i += n;
            continue;
        }
        buf[o++] = (n == 0 || c < 0x20 || c == 0x7f) ? '?' : (char)c;
        i++;
    }
    if (i < len) {
        const char *ell = "...";
        while (*ell && o + 1 < size)
            buf[o++] = *ell++;
    }
    buf[o] = '\0';
}

/* Length of the UTF-8 sequence at s (at most len bytes), or 0 if invalid. */
size_t
ua_utf8_len(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) { n = 2; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 3; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 4; min = 0x10000; }
    else return 0;
    if (len < n)
        return 0;
    unsigned cp = c & (0xff >> (n + 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* Makes a NUL-terminated string UTF-8 in place: a byte that does not start a
 * whole sequence (also one cut short at the end, as a truncated message can
 * be) becomes '?'. */
void
ua_utf8_sanitize(char *s)
{
    const size_t n = strlen(s);
    for (size_t i = 0, k; i < n; i += k)
        if ((k = ua_utf8_len((const unsigned char *)s + i, n - i)) == 0) {
            s[i] = '?';
            k = 1;
        }
}

/* Whether a NUL-terminated string is UTF-8 without control characters: C0
 * (below 0x20), DEL, and C1 (U+0080 to U+009F, encoded C2 80 to C2 9F, which
 * terminals and some CSV readers also act on: U+0085 is a line break). */
bool
ua_printable_utf8(const char *s)
{
    const size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9f)
            return false;
    }
    return ua_utf8_valid(s, n);
}

/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates). */
bool
ua_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0, k; i < n; i += k)
        if ((k = ua_utf8_len((const unsigned char *)s + i, n - i)) == 0)
            return false;
    return true;
}

/* ---- memory handed to the caller (common.h) ------------------------------ */

UNALLOC_EXPORT void
unalloc_free(void *ptr)
{
    ua_free(ptr);
}

/* ---- allocation hook ----------------------------------------------------- */

void *
ua_malloc(size_t size)
{
#ifdef UNALLOC_FAULT_INJECTION
    if (ua_test_alloc_should_fail())
        return NULL;
    ua_test_alloc_note(NULL, 1);
#endif
    return malloc(size ? size : 1);
}

void *
ua_calloc(size_t count, size_t size)
{
#ifdef UNALLOC_FAULT_INJECTION
    if (ua_test_alloc_should_fail())
        return NULL;
    ua_test_alloc_note(NULL, 1);
#endif
    if (count == 0 || size == 0)
        count = size = 1;
    return calloc(count, size);
}

void *
ua_realloc(void *ptr, size_t size)
{
#ifdef UNALLOC_FAULT_INJECTION
    if (ua_test_alloc_should_fail())
        return NULL;
    if (!ptr)
        ua_test_alloc_note(NULL, 1);
#endif
    return realloc(ptr, size ? size : 1);
}

void
ua_free(void *ptr)
{
#ifdef UNALLOC_FAULT_INJECTION
    if (ptr)
        ua_test_alloc_note(ptr, -1);
#endif
    free(ptr);
}

char *
ua_strndup(const char *s, size_t n)
{
    char *p = ua_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
ua_strdup(const char *s)
{
    return ua_strndup(s, strlen(s));
}

/* ---- vectors ------------------------------------------------------------- */

void
ua_vec_init(struct ua_vec *v, size_t elem)
{
    v->data = NULL;
    v->len = 0;
    v->cap = 0;
    v->elem = elem;
}

int
ua_vec_reserve(struct ua_vec *v, size_t extra)
{
    size_t need, cap;
    void *p;

    if (extra > SIZE_MAX / v->elem - v->len)
        return -1;
    need = v->len + extra;
    if (need <= v->cap)
        return 0;
    cap = v->cap ? v->cap : 8;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 / v->elem ? need : cap * 2;
    p = ua_realloc(v->data, cap * v->elem);
    if (!p)
        return -1;
    v->data = p;
    v->cap = cap;
    return 0;
}

int
ua_vec_push(struct ua_vec *v, const void *item)
{
    if (ua_vec_reserve(v, 1) != 0)
        return -1;
    memcpy((char *)v->data + v->len * v->elem, item, v->elem);
    v->len++;
    return 0;
}

void
ua_vec_free(struct ua_vec *v)
{
    ua_free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

size_t
ua_text_capacity(size_t need)
{
    size_t c = 256;
    while (c < need && c <= SIZE_MAX / 2)
        c *= 2;
    return c < need ? 0 : c;
}

void
ua_text_resume(struct ua_text *t, char *s, size_t len)
{
    t->s = s;
    t->len = s ? len : 0;
    t->cap = s ? ua_text_capacity(len + 1) : 0;
    t->failed = false;
}

static bool
text_reserve(struct ua_text *t, size_t extra)
{
    size_t cap;
    char *p;
    if (t->failed)
        return false;
    if (extra < t->cap - t->len) /* room for extra bytes and the NUL */
        return true;
    cap = extra <= SIZE_MAX - t->len - 1 ? ua_text_capacity(t->len + extra + 1) : 0;
    p = cap ? ua_realloc(t->s, cap) : NULL;
    if (!p) {
        t->failed = true;
        return false;
    }
    t->s = p;
    t->cap = cap;
    return true;
}

void
ua_text_grow_add(struct ua_text *t, const char *s, size_t n)
{
    if (n == 0 || !text_reserve(t, n))
        return;
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

void
ua_text_puts(struct ua_text *t, const char *s)
{
    ua_text_add(t, s, strlen(s));
}

void
ua_text_printf(struct ua_text *t, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (t->failed)
        return;
    /* Written into the room there is, once; measured and written again
     * only when it did not fit (the room holds the NUL too). */
    va_start(ap, fmt);
    n = t->s ? vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap) : vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = true;
        return;
    }
    if (!t->s || (size_t)n >= t->cap - t->len) {
        if (!text_reserve(t, (size_t)n)) {
            if (t->s)
                t->s[t->len] = '\0'; /* the text as it was, the cut write undone */
            return;
        }
        va_start(ap, fmt);
        vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
    }
    t->len += (size_t)n;
}

enum unalloc_status
ua_text_finish(struct ua_text *t, char **buf, size_t *len, size_t old, struct unalloc_error *err)
{
    *buf = t->s;
    if (t->failed) {
        *len = old;
        if (*buf)
            (*buf)[old] = '\0';
        return ua_nomem(err);
    }
    if (*buf)
        (*buf)[t->len] = '\0'; /* also when nothing was appended */
    *len = t->len;
    return UNALLOC_OK;
}

uint64_t
ua_fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}
