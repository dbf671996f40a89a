/*
 * libunalloc: the four built-in policies. Their texts live in
 * lib/policies/ (one .policy file each) and are compiled in at build time.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "builtin-private.h"
#include "private.h"

UNALLOC_EXPORT size_t
unalloc_policy_builtin_count(void)
{
    return ua_builtin_count;
}

UNALLOC_EXPORT const char *
unalloc_policy_builtin_id(size_t i)
{
    return i < ua_builtin_count ? ua_builtins[i].id : NULL;
}

static const struct ua_builtin *
find(const char *id)
{
    for (size_t i = 0; id && i < ua_builtin_count; i++)
        if (strcmp(ua_builtins[i].id, id) == 0)
            return &ua_builtins[i];
    return NULL;
}

UNALLOC_EXPORT const char *
unalloc_policy_builtin_text(const char *id)
{
    const struct ua_builtin *b = find(id);
    return b ? b->text : NULL;
}

UNALLOC_EXPORT enum unalloc_status
unalloc_policy_builtin(struct unalloc_policy **out, const char *id, struct unalloc_error *err)
{
    const struct ua_builtin *b;
    char list[200], q[64];
    size_t o = 0;
    if (out)
        *out = NULL;
    if (!out || !id)
        return ua_fail(err, UNALLOC_E_INVALID, 0, 0, "unalloc_policy_builtin: %s is NULL",
                       !out ? "out" : "id");
    if (!(b = find(id))) {
        list[0] = '\0';
        for (size_t i = 0; i < ua_builtin_count && o + 1 < sizeof list; i++)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "",
                                  ua_builtins[i].id);
        ua_quote(q, sizeof q, id, strlen(id));
        return ua_fail(err, UNALLOC_E_NOT_FOUND, 0, 0,
                       "no built-in policy '%s' (built in: %s)", q, list);
    }
    return unalloc_policy_parse(out, b->text, b->size, err);
}
