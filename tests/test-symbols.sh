#!/usr/bin/env bash
# libunalloc tests: the exported symbols are exactly the version script's list,
# every one is public (unalloc_ prefix), every one is called by a test, and
# every one is given bad arguments in tests/test-args.c; and the library
# imports no function that does I/O (lib/ formats into memory only).
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
build=${UNALLOC_BUILD_ROOT:?}
src=${UNALLOC_SOURCE_ROOT:?}
lib=$(find "$build/lib" -maxdepth 1 -type f -name 'libunalloc.so.*.*' | head -n 1)

exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort -u)
mapped=$(sed -n 's/^[[:space:]]*\(unalloc_[a-z0-9_]*\);.*/\1/p' "$src/lib/libunalloc.map" | sort -u)
check "exported symbols = version script" "$mapped" "$exported"
check "all exported symbols carry the prefix" "" "$(grep -v '^unalloc_' <<<"$exported")"
# Every symbol carries the node of the release that added it (doc/abi.md).
check "every exported symbol is versioned UNALLOC_x.y" "" \
    "$(nm -D --defined-only "$lib" | awk '$2 == "T" && $3 !~ /@@UNALLOC_[0-9]+\.[0-9]+$/ { print $3 }')"
check "the first node is UNALLOC_1.0" 1 "$(nm -D --defined-only "$lib" | grep -c ' unalloc_version@@UNALLOC_1.0$')"

untested=""
for s in $exported; do
    if ! grep -rqw --include='*.c' --include='*.py' --include='*.sh' "$s" "$src/tests" \
        --exclude-dir=install --exclude-dir=fuzz; then
        untested="$untested $s"
    fi
done
check "every exported function is called by a test" "" "$untested"

no_bad_args=""
for s in $exported; do
    grep -qw "$s" "$src/tests/test-args.c" || no_bad_args="$no_bad_args $s"
done
check "every exported function gets bad arguments in tests/test-args.c" "" "$no_bad_args"

# Files, streams, the environment and logging; snprintf/vsnprintf write to memory.
imported=$(nm -D --undefined-only "$lib" | awk '{ sub(/@.*/, "", $2); print $2 }' | sort -u)
io=$(grep -E -x '_?_?(f?open(64)?|fdopen|freopen|f?read|f?write|pread|pwrite|f?printf|v?fprintf|vprintf|dprintf|f?puts|f?putc|putchar|fflush|fclose|close|perror|getenv|secure_getenv|syslog|mmap|fprintf_chk|printf_chk|vfprintf_chk)' <<<"$imported" | tr '\n' ' ')
# A --coverage build links libgcov into the library, which writes its .gcda
# files itself; the check runs in every other build (plain, clang, sanitizers).
if nm "$lib" 2>/dev/null | grep -q ' __gcov_'; then
    echo "# coverage build: libgcov's own file I/O is linked in; no-I/O check left to the other builds"
else
    check "the library imports no I/O function" "" "$io"
    check "the library does import vsnprintf (so the check above sees imports)" 1 \
        "$(grep -c -E -x '(__)?vsnprintf(_chk)?' <<<"$imported")"
fi

declared=$(grep -ho 'unalloc_[a-z0-9_]*(' "$src"/include/unalloc/*.h "$build"/include/unalloc/version.h |
    tr -d '(' | sort -u)
check "every declared function is exported" "$(comm -23 <(echo "$declared") <(echo "$exported"))" ""
finish
