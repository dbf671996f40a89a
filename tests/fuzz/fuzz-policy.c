/*
 * Fuzz target: the policy text parser. Properties: a policy that parses
 * prints a canonical text that parses again to the same policy (same hash,
 * same canonical text); a failure has a message and a position.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <unalloc/unalloc.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct unalloc_policy *p = NULL, *q = NULL;
    struct unalloc_error err;
    char *t1 = NULL, *t2 = NULL;

    if (unalloc_policy_parse(&p, (const char *)data, size, &err) != UNALLOC_OK) {
        if (!err.message[0] || (err.code == UNALLOC_E_PARSE && err.line < 1))
            FUZZ_FAIL("a parse error without a message or line");
        return 0;
    }
    if (unalloc_policy_to_text(&t1, p, NULL) != UNALLOC_OK ||
        unalloc_policy_parse(&q, t1, strlen(t1), &err) != UNALLOC_OK ||
        unalloc_policy_to_text(&t2, q, NULL) != UNALLOC_OK)
        FUZZ_FAIL("canonical text does not parse back");
    if (strcmp(t1, t2) != 0 || strcmp(unalloc_policy_hash(p), unalloc_policy_hash(q)) != 0)
        FUZZ_FAIL("canonical text is not stable");
    unalloc_free(t1);
    unalloc_free(t2);
    unalloc_policy_free(p);
    unalloc_policy_free(q);
    return 0;
}
