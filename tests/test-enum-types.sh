#!/usr/bin/env bash
# libunalloc tests: a value of one public enum passed where another is
# expected is a compiler diagnostic, not a quiet wrong answer. The classic
# mix-up was unalloc_status_name(UNALLOC_STATUS_PENDING) (a case's status
# given to the library status's name function), which compiled and returned
# "UNALLOC_E_UNKNOWN"; the case statuses are now UNALLOC_CASE_STATUS_* and
# -Wenum-conversion (in -Wextra for C with gcc and clang) flags the call.
# Usage: test-enum-types.sh SOURCE_INCLUDE_DIR BUILD_INCLUDE_DIR COMPILER...
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
inc=$1 binc=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

try() {
    local name=$1 body=$2
    shift 2
    printf '#include <unalloc/unalloc.h>\nconst char *f(void);\nconst char *f(void) { %s }\n' \
        "$body" >"$tmp/$name.c"
    if "$@" -std=c11 -Werror=enum-conversion -I"$inc" -I"$binc" -c "$tmp/$name.c" -o "$tmp/$name.o" \
        >"$tmp/$name.log" 2>&1; then
        echo yes
    else
        echo no
    fi
}

check "the right call compiles" yes \
    "$(try right 'return unalloc_case_status_name(UNALLOC_CASE_STATUS_PENDING);' "$@")"
check "a case status given to unalloc_status_name does not" no \
    "$(try status 'return unalloc_status_name(UNALLOC_CASE_STATUS_PENDING);' "$@")"
# (A library status given to unalloc_case_status_name is flagged by gcc 12
# but not by clang 14, which skips conversions from enum unalloc_status, an
# enum with negative values; so it is not checked here.)
check "a case status given to unalloc_state_name does not" no \
    "$(try case 'return unalloc_state_name(UNALLOC_CASE_STATUS_PENDING);' "$@")"
check "an obligation state given to unalloc_case_status_name does not" no \
    "$(try state 'return unalloc_case_status_name(UNALLOC_STATE_PENDING);' "$@")"
check "the old name is gone" no \
    "$(try old 'return unalloc_case_status_name(UNALLOC_STATUS_PENDING);' "$@")"
finish
