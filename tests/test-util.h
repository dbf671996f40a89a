/*
 * libunalloc tests: small shared helpers (header-only).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_TEST_UTIL_H
#define UNALLOC_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unalloc/unalloc.h>

static inline struct unalloc_date
D(int y, int m, int d)
{
    struct unalloc_date r = { y, m, d };
    return r;
}

static inline struct unalloc_datetime
DT(int y, int m, int d, int hh, int mm)
{
    struct unalloc_datetime r = { { y, m, d }, hh, mm };
    return r;
}

#define assert_date_equal(a, y, m, d)                                                         \
    do {                                                                                       \
        struct unalloc_date a_ = (a);                                                          \
        if (a_.year != (y) || a_.month != (m) || a_.day != (d))                                \
            fail_msg("date %04d-%02d-%02d != expected %04d-%02d-%02d", a_.year, a_.month,      \
                     a_.day, (y), (m), (d));                                                   \
    } while (0)

/* Path of a file under tests/data (UNALLOC_TEST_DATA is set by meson). */
static inline const char *
test_data_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("UNALLOC_TEST_DATA");
    snprintf(buf, size, "%s/%s", dir ? dir : "tests/data", name);
    return buf;
}

/* Reads a whole file into a NUL-terminated malloc'd buffer; fails the test if
 * it cannot. */
static inline char *
test_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    long n;
    char *buf;
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        fail_msg("cannot read %s", path);
    fclose(f);
    buf[n] = '\0';
    if (size)
        *size = (size_t)n;
    return buf;
}

/* A small deterministic PRNG (xorshift64*) so random tests are repeatable. */
static inline unsigned long long
test_rand(unsigned long long *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

#endif
