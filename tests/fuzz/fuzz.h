/*
 * libunalloc fuzz targets: shared definitions. Each target defines
 * LLVMFuzzerTestOneInput; built with clang -fsanitize=fuzzer for fuzzing, or
 * with replay.c (any compiler) to run a committed corpus in every test run.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef UNALLOC_FUZZ_H
#define UNALLOC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property: report it and abort, so the fuzzer keeps the input. */
#define FUZZ_FAIL(what)                                                                        \
    do {                                                                                       \
        fprintf(stderr, "property violated: %s (%s:%d)\n", what, __FILE__, __LINE__);          \
        abort();                                                                               \
    } while (0)

#endif
