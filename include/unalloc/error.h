/*
 * libunalloc: status codes and the caller-owned error object.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_ERROR_H
#define UNALLOC_ERROR_H

#include <stddef.h>

#include <unalloc/common.h>

UNALLOC_BEGIN_DECLS

/**
 * @file error.h
 * Every fallible function returns an ::unalloc_status and takes an optional
 * `struct unalloc_error *err` as its last argument. On failure the function
 * fills @p err (when it is not NULL) with the same code and a message a person
 * can act on; on success @p err is left untouched. The library keeps no global
 * or thread-local error state.
 *
 * An answer of a policy ("not unallocated", "not yet due") is a result, never
 * an error code.
 *
 * Bad arguments, for every exported function (tests/test-args.c checks each):
 * - A function that returns a status returns UNALLOC_E_INVALID for NULL where
 *   an object, a string or an out-parameter is needed (out-parameters marked
 *   optional excepted), for an impossible date or time, and for a value outside
 *   its enum; UNALLOC_E_RANGE for a date or a result outside 1900-01-01 to
 *   2199-12-31; UNALLOC_E_LIMIT for input over a documented size.
 * - When such a function fails, a handle or text it would have handed out is
 *   set to NULL; nothing else it was given has changed.
 * - Destructors (`*_free`) accept NULL and do nothing.
 * - Accessors, which return a value rather than a status, return a neutral value
 *   for a NULL handle or an index out of range: NULL for pointers and names, 0
 *   for counts and numbers, false for booleans, UNALLOC_REGION_UNKNOWN for a
 *   region. `*_name()` functions return NULL for a value outside their enum.
 *
 * @since 1.0
 */

/** Status codes. The numeric values are part of the ABI and never change.
 *  @since 1.0 */
enum unalloc_status {
    UNALLOC_OK = 0,           /**< Success. */
    UNALLOC_E_NOMEM = -1,     /**< An allocation failed; nothing was changed or leaked. */
    UNALLOC_E_INVALID = -2,   /**< A bad argument: NULL where an object is needed, an
                                   impossible date, an unknown name. */
    UNALLOC_E_RANGE = -3,     /**< A value or a result outside the supported range
                                   (dates 1900-01-01 to 2199-12-31). */
    UNALLOC_E_PARSE = -4,     /**< Text input (a date, a policy, an iCalendar file, an
                                   event log) could not be read; line and column say where. */
    UNALLOC_E_LIMIT = -5,     /**< Input larger than the documented limit. */
    UNALLOC_E_NOT_FOUND = -6  /**< A named object (a built-in policy, ...) does not exist. */
};

/** Size of unalloc_error::message, including the terminating NUL. @since 1.0 */
#define UNALLOC_ERROR_MESSAGE_SIZE 256

/**
 * A caller-owned error report. Zero-initialise it or call unalloc_error_clear().
 *
 * Where the error is: a position in a text (a policy, a mapping, an iCalendar
 * file) is @p line and @p column; a position in a sequence of records (an
 * event's place among a case's events, in the order they were added; a row of
 * an event table) is @p record. Each is 1-based and 0 when it does not apply.
 * The message never repeats them: "unknown statement 'ruel'", not "line 3,
 * column 1: unknown statement 'ruel'"; a caller formats the position its own
 * way (the command line prints "FILE:LINE:COLUMN: message").
 *
 * **Growth rule.** The size and layout of this struct never change within a
 * soname. A field added later takes its place from @p reserved (which the
 * library sets to zero and a caller must neither read nor write), and is 0
 * when it does not apply, so a caller built against an older header, whose
 * struct is the same size, keeps working. No existing field changes meaning.
 *
 * @since 1.0
 */
struct unalloc_error {
    enum unalloc_status code;  /**< Same value the failing call returned. */
    int line;                  /**< 1-based line in the input text; 0 when not applicable. */
    int column;                /**< 1-based column: the byte in that line, or the column of
                                    that table row; 0 when not applicable. */
    size_t record;             /**< 1-based index of the record (event, table row) the error is
                                    about; 0 when not applicable. */
    unsigned int reserved[12]; /**< For fields added later; zero. Do not use. */
    char message[UNALLOC_ERROR_MESSAGE_SIZE]; /**< NUL-terminated UTF-8 text, without the
                                                   position. */
};

/**
 * Resets @p err to UNALLOC_OK with an empty message.
 * @param[out] err may be NULL (then nothing happens).
 * @since 1.0
 */
UNALLOC_EXPORT void unalloc_error_clear(struct unalloc_error *err);

/**
 * A short stable name for a status, e.g. "UNALLOC_E_PARSE".
 * @param[in] status a status.
 * @return a static string (never NULL; "UNALLOC_E_UNKNOWN" for values not in the enum).
 * @since 1.0
 */
UNALLOC_EXPORT const char *unalloc_status_name(enum unalloc_status status);

UNALLOC_END_DECLS

#endif /* UNALLOC_ERROR_H */
