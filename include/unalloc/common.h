/*
 * libunalloc: shared definitions (export macro, C++ guards).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_COMMON_H
#define UNALLOC_COMMON_H

/**
 * @file common.h
 * Definitions every public header needs. Include <unalloc/unalloc.h> instead.
 */

/** Marks a declaration as part of the public ABI. The library is built with
 *  hidden visibility, so only declarations carrying this macro are exported. */
#if defined(UNALLOC_BUILDING) && defined(__GNUC__)
#define UNALLOC_EXPORT __attribute__((visibility("default")))
#else
#define UNALLOC_EXPORT
#endif

#ifdef __cplusplus
#define UNALLOC_BEGIN_DECLS extern "C" {
#define UNALLOC_END_DECLS }
#else
#define UNALLOC_BEGIN_DECLS
#define UNALLOC_END_DECLS
#endif

#endif /* UNALLOC_COMMON_H */
