#!/usr/bin/env bash
# libunalloc tests: the library's ABI against the committed baseline
# (abi/libunalloc.abi, doc/abi.md): abidiff finds no change but additions, and
# no function was added to a version node the baseline already has. Then the
# check is shown to fail: the library's own dump, edited to lose a function,
# to reorder a struct's members and to add a function to a released node, must
# each be caught (editing a dump costs a second; building a changed library
# would cost a build). Registered for the gcc build only (tests/meson.build).
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
build=${UNALLOC_BUILD_ROOT:?}
src=${UNALLOC_SOURCE_ROOT:?}
. "$src/abi/abi.sh"

if ! command -v abidiff >/dev/null || ! command -v abidw >/dev/null; then
    echo "1..0 # SKIP abidiff and abidw are in Debian's abigail-tools (scripts/test installs it)"
    exit 77
fi
base=$src/abi/libunalloc.abi
lib=$(readlink -f "$build/lib/libunalloc.so")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

report=$(abi_compare "$base" "$lib" "$src" "$build" 2>&1)
status=$?
check "abidiff: no change from abi/libunalloc.abi but additions (exit $status; scripts/abi-baseline regenerates it deliberately)" \
    0 "$status"
[ "$status" -eq 0 ] || printf '%s\n' "$report" | sed 's/^/# /'

abi_dump "$lib" "$tmp/now.abi" "$src" "$build"
check "no function added to a node the baseline has (a new release's functions go in a new node)" \
    "" "$(abi_new_in_old_nodes "$base" "$tmp/now.abi")"
check "the dump of the library compares equal to the library" 0 \
    "$(abi_compare "$tmp/now.abi" "$lib" "$src" "$build" >/dev/null 2>&1; echo $?)"

# The check fails when it should. A function removed: drop unalloc_version
# (its ELF symbol and its declaration) from a copy of the library's dump.
awk '/<elf-symbol name=.unalloc_version. / { next }
     /<function-decl name=.unalloc_version. / { skip = 1 }
     skip { if (/<\/function-decl>/) skip = 0; next }
     { print }' "$tmp/now.abi" >"$tmp/removed.abi"
check "the edit removed one function" 1 \
    "$(comm -23 <(abi_symbols "$tmp/now.abi") <(abi_symbols "$tmp/removed.abi") | wc -l)"
abi_compare "$tmp/now.abi" "$tmp/removed.abi" "$src" "$build" >"$tmp/removed.txt" 2>&1
status=$?
check "a removed function fails the check as incompatible (exit bit 8)" 8 $((status & 8))
check "and the report names it" 1 "$(grep -c 'unalloc_version' "$tmp/removed.txt")"

# A struct's layout changed: a baseline in which struct unalloc_date's month
# and day were the other way round, against the library itself (the path the
# real check takes: a dump against a shared library).
awk '/<class-decl name=.unalloc_date. / { in_date = 1 }
     in_date && /<\/class-decl>/ { in_date = 0 }
     in_date && /name=.month./ { sub(/name=.month./, "name='"'"'day'"'"'"); print; next }
     in_date && /name=.day./ { sub(/name=.day./, "name='"'"'month'"'"'"); print; next }
     { print }' "$tmp/now.abi" >"$tmp/swapped.abi"
check "the edit changed struct unalloc_date" 1 "$(cmp -s "$tmp/now.abi" "$tmp/swapped.abi"; echo $?)"
abi_compare "$tmp/swapped.abi" "$lib" "$src" "$build" >"$tmp/swapped.txt" 2>&1
status=$?
check "a reordered struct fails the check (exit bit 4)" 4 $((status & 4))
check "and the report names the struct" 1 \
    "$(grep -q "struct unalloc_date" "$tmp/swapped.txt" && echo 1 || echo 0)"

# A function added to a node the baseline has: the baseline without
# unalloc_version, against the library.
check "a function added to a released node is found" "unalloc_version@UNALLOC_1.0" \
    "$(abi_new_in_old_nodes "$tmp/removed.abi" "$tmp/now.abi")"
# ... while abidiff itself lets an addition through.
check "an added function alone passes abidiff" 0 \
    "$(abi_compare "$tmp/removed.abi" "$tmp/now.abi" "$src" "$build" >/dev/null 2>&1; echo $?)"
finish
