#!/usr/bin/env bash
# libunalloc tests: libunalloc as a meson subproject. A parent project
# (tests/subproject/) gets the library with dependency('unalloc'), which
# meson.override_dependency answers; the subproject, with tests, tools, docs
# and python disabled, builds the library and nothing else.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
src=${UNALLOC_SOURCE_ROOT:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$src/tests/subproject/meson.build" "$src/tests/install/prog.c" "$work/"
mkdir "$work/subprojects"
ln -s "$src" "$work/subprojects/libunalloc"
meson setup "$work/build" "$work" >"$work/setup.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && sed 's/^/# /' "$work/setup.log" | tail -n 20
check "meson setup of a parent project" 0 "$rc"
check "dependency('unalloc') is the subproject's (overridden)" 1 \
    "$(grep -c "Dependency unalloc found: YES .*(overridden)" "$work/setup.log")"
ninja -C "$work/build" -j2 >"$work/build.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && sed 's/^/# /' "$work/build.log" | tail -n 20
check "the parent project builds" 0 "$rc"
check "its program runs" "$(meson introspect "${UNALLOC_BUILD_ROOT:?}" --projectinfo |
    sed -n 's/.*"version": "\([^"]*\)".*/\1/p') 2024-05-20" "$("$work/build/prog" 2>&1)"
# -Dtests=disabled and the rest: the library and no other program.
sub=$work/build/subprojects/libunalloc
check "the library built" 1 "$(find "$sub/lib" -maxdepth 1 -type f -name 'libunalloc.so.*' | wc -l)"
[ -d "$sub" ] || sub=/nonexistent   # the checks below then fail, never pass on nothing
check "no test registered" "[]" "$(meson introspect "$work/build" --tests)"
check "no test, example, benchmark or fuzz program built" "" \
    "$(find "$sub" -type f -perm -u+x \( -name 'test-*' -o -name 'replay-*' -o -name 'fuzz-*' \
        -o -name deadlines -o -name bench \) 2>&1 | sed "s|^$sub/||")"
check "no command built" 0 "$(find "$sub" -type f -name unalloc 2>&1 | wc -l)"
# (a manual is NAME.1, .3 or .5; the library's soname link, libunalloc.so.1
# since 1.0.0, ends the same way and is not one)
check "no manual built" 0 "$(find "$sub" -name '*.[135]' ! -name '*.so.*' 2>&1 | wc -l)"
check "no fault-injection library built" 0 "$(find "$sub" -name 'libunalloc-internal.a' 2>&1 | wc -l)"
finish
