/*
 * libunalloc: shared definitions (export macro, C++ guards).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_COMMON_H
#define UNALLOC_COMMON_H

/**
 * @file common.h
 * Definitions every public header needs, and unalloc_free(), which frees
 * what any of them hands out. Include <unalloc/unalloc.h> instead.
 *
 * @since 1.0
 */

/** Marks a declaration as part of the public ABI. The library is built with
 *  hidden visibility, so only declarations carrying this macro are exported.
 *  @since 1.0 */
#if defined(UNALLOC_BUILDING) && defined(__GNUC__)
#define UNALLOC_EXPORT __attribute__((visibility("default")))
#else
#define UNALLOC_EXPORT
#endif

#ifdef __cplusplus
#define UNALLOC_BEGIN_DECLS extern "C" {
#define UNALLOC_END_DECLS }
#else
/** Opens the headers' declarations: `extern "C" {` in C++, nothing in C.
 *  @since 1.0 */
#define UNALLOC_BEGIN_DECLS
/** Closes what UNALLOC_BEGIN_DECLS opened. @since 1.0 */
#define UNALLOC_END_DECLS
#endif

UNALLOC_BEGIN_DECLS

/**
 * Frees memory the library handed to the caller through a `char **out` or a
 * growing buffer: policy texts and clauses, CSV and JSON of results and
 * tables, mapping notes. (Objects have their own `_free()`.) NULL is a no-op.
 * Defined in lib/util.c, beside the allocation hook it frees through.
 * @param[in] ptr what the library handed out; NULL is a no-op.
 * @since 1.0
 */
UNALLOC_EXPORT void unalloc_free(void *ptr);

UNALLOC_END_DECLS

#endif /* UNALLOC_COMMON_H */
