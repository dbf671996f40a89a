/*
 * libunalloc: unallocated-case policies for children's social care as exact,
 * testable rules.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_UNALLOC_H
#define UNALLOC_UNALLOC_H

/**
 * @file unalloc.h
 * The one header to include. It pulls in the per-module headers:
 * - error.h: status codes and the error object;
 * - date.h: civil dates, date-times and durations;
 * - calendar.h: the UK working-day calendar;
 * - case.h: a child's case record (events);
 * - policy.h: declarative policies, built-in and parsed;
 * - evaluate.h: evaluation, serialisation and aggregate returns;
 * - mapping.h: reading a council's own export through a mapping;
 * - vocab.h: the names of every enum, both ways, and the vocabulary;
 * - version.h: compile-time and run-time version.
 */

#include <unalloc/common.h>
#include <unalloc/error.h>
#include <unalloc/date.h>
#include <unalloc/calendar.h>
#include <unalloc/case.h>
#include <unalloc/policy.h>
#include <unalloc/evaluate.h>
#include <unalloc/mapping.h>
#include <unalloc/vocab.h>
#include <unalloc/version.h>

#endif /* UNALLOC_UNALLOC_H */
