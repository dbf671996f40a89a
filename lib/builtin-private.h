/*
 * libunalloc: the built-in policy texts (generated into builtin-texts.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_BUILTIN_PRIVATE_H
#define UNALLOC_BUILTIN_PRIVATE_H

#include <stddef.h>

struct ua_builtin {
    const char *id;
    const char *text;
    size_t size;
};

extern const struct ua_builtin ua_builtins[];
extern const size_t ua_builtin_count;

#endif
