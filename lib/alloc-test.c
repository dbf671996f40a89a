/*
 * libunalloc: allocation fault injection for the test build only. This file is
 * compiled into the non-installed test library (UNALLOC_FAULT_INJECTION), never
 * into the shipped one. Its counters are process-wide test state; the fault
 * injection tests are single-threaded.
 *
 * SPDX-License-Identifier: MIT
 */
#include "alloc-test.h"

static long fail_at;  /* countdown; 0 = never fail */
static long attempts;
static long live;
static int failed;

void ua_test_alloc_fail_at(long n) { fail_at = n; failed = 0; }
long ua_test_alloc_count(void) { return attempts; }
long ua_test_alloc_live(void) { return live; }
int ua_test_alloc_failed(void) { return failed; }
void ua_test_alloc_reset(void) { fail_at = 0; attempts = 0; live = 0; failed = 0; }

int
ua_test_alloc_should_fail(void)
{
    attempts++;
    if (fail_at > 0 && --fail_at == 0) {
        failed = 1;
        return 1;
    }
    return 0;
}

void
ua_test_alloc_note(void *ptr, int delta)
{
    (void)ptr;
    live += delta;
}
