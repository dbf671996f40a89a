/*
 * libunalloc: reading a council's own event export through a mapping.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_MAPPING_H
#define UNALLOC_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include <unalloc/common.h>
#include <unalloc/date.h>
#include <unalloc/error.h>

UNALLOC_BEGIN_DECLS

/**
 * @file mapping.h
 * A mapping says how to read an export as it comes (doc/mapping-format.md):
 * which of its columns holds each field of an event (or a fixed value),
 * how its dates are written, and what its own words for event kinds,
 * categories, roles and ratings mean, including placeholder workers ("Duty",
 * "To be allocated", an empty or `XX`-style id) that stand for roles which
 * do not count as allocated. Names of the library's vocabulary are matched
 * without regard to ASCII case; an unknown name lists the valid ones.
 *
 * A mapping is immutable once made and may be shared between threads. It
 * does no I/O: the caller reads the file and the rows.
 *
 * @since 1.0
 */

/** The fields of an event row, in the order of the documented header
 *  `case_id,at,event,detail,worker,locality`.
 *  @since 1.0 */
enum unalloc_field {
    UNALLOC_FIELD_CASE_ID = 0,
    UNALLOC_FIELD_AT = 1,
    UNALLOC_FIELD_EVENT = 2,
    UNALLOC_FIELD_DETAIL = 3,
    UNALLOC_FIELD_WORKER = 4,
    UNALLOC_FIELD_LOCALITY = 5,
};
/** The number of fields, the length of the `columns` arrays of
 *  unalloc_mapping_bind() and unalloc_mapping_apply(). Unlike the other
 *  `_COUNT_` macros it is fixed for the soname: those functions read and
 *  write this many entries of the caller's array, so a new field would come
 *  with new functions (and a new soname), never a longer array. */
#define UNALLOC_FIELD_COUNT_ (UNALLOC_FIELD_LOCALITY + 1)

/** Largest mapping text accepted, in bytes (UNALLOC_E_LIMIT above it).
 *  @since 1.0 */
#define UNALLOC_MAPPING_MAX_BYTES (1 << 20)

/** A mapping (opaque; immutable once made).
 *  @since 1.0 */
struct unalloc_mapping;

/* Field names ("case_id", ...): unalloc_field_name() and unalloc_field_parse()
 * in vocab.h. */

/**
 * The mapping of the documented format: each field from the column of its
 * own name, ISO 8601 dates, the vocabulary's names (any case).
 * @param[out] out the mapping; caller frees with unalloc_mapping_free(). NULL
 *  on failure.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_new(struct unalloc_mapping **out, struct unalloc_error *err);

/**
 * Parses a mapping text (doc/mapping-format.md; UTF-8, at most
 * UNALLOC_MAPPING_MAX_BYTES). The first problem is UNALLOC_E_PARSE with its
 * line and column in @p err.
 * @param[out] out the mapping; caller frees with unalloc_mapping_free(). NULL
 *  on failure.
 * @param[in] text the mapping text; need not be NUL-terminated. Not kept.
 * @param[in] size its length in bytes.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_PARSE (line and column); UNALLOC_E_LIMIT over
 *  UNALLOC_MAPPING_MAX_BYTES; UNALLOC_E_INVALID for NULL; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_parse(struct unalloc_mapping **out, const char *text, size_t size,
                      struct unalloc_error *err);

/** Frees a mapping.
 *  @param[in] mapping the mapping; NULL is a no-op.
 *  @since 1.0 */
UNALLOC_EXPORT void unalloc_mapping_free(struct unalloc_mapping *mapping);

/**
 * Finds the mapping's columns in a header.
 * @param[out] columns for each enum unalloc_field, the 0-based index of its
 *  column in @p header, or -1 (a fixed value, or an optional field absent).
 *  Names match exactly or, failing that, without regard to ASCII case and
 *  surrounding spaces.
 * @param[out] ignored optional: the number of header columns the mapping does
 *  not read (ignored, to be named in a note; see unalloc_mapping_columns_note()).
 * @param[in] mapping the mapping.
 * @param[in] header the header's @p n column names (borrowed for the call).
 * @param[in] n the number of columns.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID naming the column for a column the
 *  mapping needs that the header lacks, or one the header has twice (the
 *  error's column is the 1-based column of the second).
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_bind(int columns[UNALLOC_FIELD_COUNT_], size_t *ignored,
                     const struct unalloc_mapping *mapping, const char *const *header,
                     size_t n, struct unalloc_error *err);

/**
 * A note naming the header's columns that @p columns (from
 * unalloc_mapping_bind()) does not read: "ignored columns: 'Event ID',
 * 'Recorded By'".
 * @param[out] out NULL when there are none; else the caller frees it with
 *  unalloc_free().
 * @param[in] columns from unalloc_mapping_bind() for @p header.
 * @param[in] header the header's @p n column names.
 * @param[in] n the number of columns.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID for NULL; UNALLOC_E_NOMEM.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_columns_note(char **out, const int columns[UNALLOC_FIELD_COUNT_],
                             const char *const *header, size_t n, struct unalloc_error *err);

/** One row read through a mapping: the arguments of unalloc_case_add_event().
 *  Strings are borrowed from the row's fields, the mapping or static names,
 *  and live as long as the shortest of them.
 *  @since 1.0 */
struct unalloc_mapped_event {
    bool ignore;              /**< the mapping says to ignore this row's event */
    const char *case_id;      /**< the case's id */
    struct unalloc_moment at; /**< seconds dropped */
    const char *event;        /**< a vocabulary name */
    const char *detail;       /**< a vocabulary name, or NULL */
    const char *worker;       /**< NULL when empty */
    const char *locality;     /**< NULL when empty */
};

/**
 * Reads one row through the mapping.
 * @param[out] out the event; its strings are borrowed (see
 *  ::unalloc_mapped_event); left as it was on failure.
 * @param[in] mapping the mapping.
 * @param[in] columns from unalloc_mapping_bind() for the row's header.
 * @param[in] fields the row's @p n fields; an entry may be NULL (empty).
 * @param[in] n the number of fields.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_INVALID (an unknown name, listing the valid
 *  ones, or a row shorter than a column it needs) or UNALLOC_E_PARSE /
 *  UNALLOC_E_RANGE (a date), with the error's column the 1-based column of
 *  the field at fault (0 for a fixed value of the mapping).
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_apply(struct unalloc_mapped_event *out, const struct unalloc_mapping *mapping,
                      const int columns[UNALLOC_FIELD_COUNT_], const char *const *fields,
                      size_t n, struct unalloc_error *err);

/**
 * Reads a date or date-time written in one of the mapping's date formats
 * (the first that fits): ISO 8601 `YYYY-MM-DD`, with a time after `T` or a
 * space (`HH:MM`, `HH:MM:SS`, with or without a fraction), UK
 * `DD/MM/YYYY` and `DD/MM/YYYY HH:MM[:SS]`, or a pattern. Seconds are
 * dropped: no policy counts finer than a minute.
 * @param[out] out the moment (date-only when the text has no time); not to be
 *  read after a failure.
 * @param[in] mapping the mapping whose date formats to try.
 * @param[in] text NUL-terminated.
 * @errparam
 * @return UNALLOC_OK; UNALLOC_E_PARSE when no format fits; UNALLOC_E_INVALID
 *  for an impossible date or time, or NULL; UNALLOC_E_RANGE outside
 *  1900-2199.
 * @since 1.0
 */
UNALLOC_EXPORT enum unalloc_status
unalloc_mapping_parse_moment(struct unalloc_moment *out, const struct unalloc_mapping *mapping,
                             const char *text, struct unalloc_error *err);

UNALLOC_END_DECLS

#endif /* UNALLOC_MAPPING_H */
