/*
 * libunalloc: allocation fault injection, compiled only into the test build
 * (UNALLOC_FAULT_INJECTION). The shipped library has none of this state.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_ALLOC_TEST_H
#define UNALLOC_ALLOC_TEST_H

/* Make the n-th allocation from now fail (1 = the next one); 0 = never. */
void ua_test_alloc_fail_at(long n);
/* Allocations attempted since the last ua_test_alloc_reset(). */
long ua_test_alloc_count(void);
/* Blocks allocated and not yet freed since the last reset. */
long ua_test_alloc_live(void);
/* True once the scheduled failure has happened. */
int ua_test_alloc_failed(void);
void ua_test_alloc_reset(void);

/* Used by lib/util.c. */
int ua_test_alloc_should_fail(void);
void ua_test_alloc_note(void *ptr, int delta);

#endif
