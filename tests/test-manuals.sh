#!/usr/bin/env bash
# libunalloc tests: the section 5 manuals (doc/unalloc-policy.5.scd,
# doc/unalloc-mapping.5.scd) against the formats they describe. Their examples
# are read by the command; every statement and anchor that the Markdown
# references (doc/policy-format.md, doc/mapping-format.md) list in their tables
# is in the manual, so the two cannot drift apart unnoticed.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
doc=${UNALLOC_SOURCE_ROOT:?}/doc

# example FILE : the literal block under "# EXAMPLE" (scdoc writes it to roff
# as is, so `\\` in the source is one backslash on the page)
example() {
    awk '/^# EXAMPLE/ { e = 1; next } e && /^```/ { if (b) exit; b = 1; next } e && b' "$1" |
        sed 's/\\\\/\\/g'
}
# table_words MD : the first word of each table row's first cell (`word ...`)
table_words() {
    sed -n 's/^| `\([a-z][a-z-]*\).*/\1/p' "$1" | sort -u
}

example "$doc/unalloc-policy.5.scd" >"$tmp/example.policy"
check "unalloc-policy(5) has an example" 1 "$([ -s "$tmp/example.policy" ] && echo 1)"
run policy check "$tmp/example.policy"
check "unalloc-policy(5)'s example is a valid policy" "0:" "$rc:$err"
for w in $(table_words "$doc/policy-format.md"); do
    check "unalloc-policy(5) has '$w' (policy-format.md)" 1 \
        "$(grep -c -m1 -F -- "*$w*" "$doc/unalloc-policy.5.scd")"
done
kinds=$(sed -n '/^Obligation kinds:/,/^$/p' "$doc/policy-format.md" | grep -o '`[a-z-]*`' | tr -d '`')
check "policy-format.md lists obligation kinds" 1 "$([ "$(wc -w <<<"$kinds")" -ge 10 ] && echo 1)"
for k in $kinds; do
    check "unalloc-policy(5) has the obligation kind $k" 1 \
        "$(grep -c -m1 -F -- "*$k*" "$doc/unalloc-policy.5.scd")"
done

example "$doc/unalloc-mapping.5.scd" >"$tmp/example.map"
check "unalloc-mapping(5) has an example" 1 "$([ -s "$tmp/example.map" ] && echo 1)"
# An export in the example's own columns, words and dates.
cat >"$tmp/export.csv" <<'CSV'
Child ID,Event Date,Event Type,Category,Worker,Team
C1,13/05/2024 09:00,Referral Received,Child in Need,,North
C1,14/05/2024,Allocated Worker Started,,Duty,North
C1,15/05/2024,Case Note,,,North
CSV
run evaluate --policy nelc-2022 --as-of 2024-05-20 --format cases-csv --map "$tmp/example.map" \
    "$tmp/export.csv"
check "unalloc-mapping(5)'s example reads an export" "0" "$rc"
check "... the case is read, held on duty, so unallocated" 1 \
    "$(grep -c '^C1,.*,unallocated,' <<<"$out")"
for w in $(table_words "$doc/mapping-format.md"); do
    check "unalloc-mapping(5) has '$w' (mapping-format.md)" 1 \
        "$(grep -c -m1 -F -- "*$w*" "$doc/unalloc-mapping.5.scd")"
done
finish
