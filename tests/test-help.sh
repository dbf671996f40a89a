#!/usr/bin/env bash
# libunalloc tests: help and the manual. Every command answers --help (and
# -h) with its own usage and exit 0, before reading any other argument; every
# option the help names is in the manual's source (doc/unalloc.1.scd); the
# manual, where scdoc built it, renders.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
MAN_SRC=${UNALLOC_SOURCE_ROOT:?}/doc/unalloc.1.scd

for c in holidays workdays evaluate report policy vocabulary; do
    run "$c" --help
    check "$c --help: exit 0" "0:" "$rc:$err"
    check "$c --help: its own usage, no other command's" "1:0" \
        "$([ "$(grep -c "^  unalloc $c" <<<"$out")" -ge 1 ] && echo 1):$(grep "^  unalloc " <<<"$out" | grep -vc "^  unalloc $c")"
    run "$c" --policy nelc-2022 -h
    check "$c -h, after other arguments: exit 0" 0 "$rc"
done
run evaluate --help
check "evaluate --help: the calendar options and bad input" 2 \
    "$(grep -c '^CALENDAR OPTIONS$\|^BAD INPUT$' <<<"$out")"
run policy --help
check "policy --help: no calendar options" 0 "$(grep -c '^CALENDAR OPTIONS$' <<<"$out")"

run --help
check "--help: exit 0" 0 "$rc"
options=$(grep -o -- '--[a-z][a-z-]*' <<<"$out" | sort -u)
check "--help names options" 1 "$([ "$(wc -l <<<"$options")" -ge 15 ] && echo 1)"
for o in $options; do
    check "the manual has $o" 1 "$(grep -c -m1 -F -- "*$o*" "$MAN_SRC")"
done
for c in holidays workdays evaluate report policy vocabulary; do
    check "the manual has the command $c" 1 "$(grep -c -m1 -F -- "*$c*" "$MAN_SRC")"
done

man=${UNALLOC_BUILD_ROOT:?}/doc/unalloc.1
if [ -f "$man" ] && command -v man >/dev/null; then
    check "the built manual renders with its name" 1 \
        "$(MANWIDTH=80 man -l "$man" 2>/dev/null | grep -c -m1 '^NAME')"
fi
finish
