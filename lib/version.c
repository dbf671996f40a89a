/*
 * libunalloc: run-time version.
 *
 * SPDX-License-Identifier: MIT
 */
#include "private.h"

UNALLOC_EXPORT const char *
unalloc_version(void)
{
    return UNALLOC_VERSION_STRING;
}
