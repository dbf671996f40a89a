#!/usr/bin/env bash
# libunalloc tests: `unalloc report` writes each report as it is formatted
# (unalloc_report_append(), one part at a time) and its bytes are those the
# report had when it was built whole (unalloc_report_render()): every report
# of every built-in policy over the sample caseload on two dates, an empty
# log, and a return with input set aside, against tests/data/reports/, which
# the command wrote before the change; the same bytes through -o FILE and, for
# the sample caseload (grouped by case), with --stream.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
SRC=${UNALLOC_SOURCE_ROOT:?}
DATA=${UNALLOC_TEST_DATA:?}
WANT=$DATA/reports
EVENTS=$SRC/examples/data/caseload.csv
printf 'case_id,at,event,detail,worker,locality\n' >"$tmp/none.csv"

# Each line: the expected file's name, then the arguments.
runs=(
    "protocol-2019-weekly-return-2024-03-15|weekly-return --policy protocol-2019 --as-of 2024-03-15 $EVENTS"
    "protocol-2019-weekly-return-2024-06-14|weekly-return --policy protocol-2019 --as-of 2024-06-14 $EVENTS"
    "protocol-2019-pib-monthly-2024-06-14|pib-monthly --policy protocol-2019 --as-of 2024-06-14 $EVENTS"
    "nelc-2022-daily-2024-03-15|daily --policy nelc-2022 --as-of 2024-03-15 $EVENTS"
    "nelc-2022-daily-2024-06-14|daily --policy nelc-2022 --as-of 2024-06-14 $EVENTS"
    "nelc-2022-weekly-2024-06-14|weekly --policy nelc-2022 --as-of 2024-06-14 $EVENTS"
    "nelc-2022-fortnightly-2024-03-15|fortnightly --policy nelc-2022 --as-of 2024-03-15 $EVENTS"
    "nelc-2022-fortnightly-2024-06-14|fortnightly --policy nelc-2022 --as-of 2024-06-14 $EVENTS"
    "cin-criteria-weekly-return-2024-03-15|weekly-return --policy cin-criteria --as-of 2024-03-15 $EVENTS"
    "cin-criteria-weekly-return-2024-06-14|weekly-return --policy cin-criteria --as-of 2024-06-14 $EVENTS"
    "nottingham-tfs-2022-weekly-return-2024-06-14|weekly-return --policy nottingham-tfs-2022 --as-of 2024-06-14 $EVENTS"
    "example-council-weekly-return-2024-06-14|weekly-return --policy $SRC/tests/policies/example-council.policy --as-of 2024-06-14 $EVENTS"
    "protocol-2019-no-cases|weekly-return --policy protocol-2019 --as-of 2024-06-14 $tmp/none.csv"
    "nelc-2022-no-cases|daily --policy nelc-2022 --as-of 2024-06-14 $tmp/none.csv"
    "cin-criteria-no-cases|weekly-return --policy cin-criteria --as-of 2024-06-14 $tmp/none.csv"
    "protocol-2019-set-aside|weekly-return --policy protocol-2019 --as-of 2024-06-14 --map $DATA/messy-export.map --skip-invalid $DATA/messy-export.csv"
)

for r in "${runs[@]}"; do
    name=${r%%|*}
    read -r -a args <<<"${r#*|}"
    "$U" report "${args[@]}" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$name" = protocol-2019-set-aside ] && want_rc=3 || want_rc=0
    check "$name: exit $want_rc" "$want_rc" "$rc"
    check "$name: the bytes of tests/data/reports/$name.txt" 0 \
        "$(cmp "$WANT/$name.txt" "$tmp/out" >&2; echo $?)"
    "$U" report "${args[@]}" -o "$tmp/file" 2>/dev/null
    check "$name -o FILE: the same bytes" 0 "$(cmp "$WANT/$name.txt" "$tmp/file" >&2; echo $?)"
    # the sample caseload's rows are grouped by case: --stream gives the same report
    if [ "${args[-1]}" = "$EVENTS" ]; then
        "$U" report --stream "${args[@]}" >"$tmp/out" 2>/dev/null
        check "$name --stream: the same bytes" 0 "$(cmp "$WANT/$name.txt" "$tmp/out" >&2; echo $?)"
    fi
done
# --stream on a log whose case comes back after its rows ended: fatal, as for evaluate
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-13,opened,cin,,North\nB,2024-05-13,opened,cin,,North\nA,2024-05-14,allocated,social-worker,W1,\n' >"$tmp/ungrouped.csv"
"$U" report weekly-return --policy protocol-2019 --as-of 2024-06-14 --stream "$tmp/ungrouped.csv" >"$tmp/out" 2>"$tmp/err"
check "--stream, a case that comes back: exit 2, nothing written" "2:" "$?:$(cat "$tmp/out")"

# -o FILE cut short (a 1 KiB file-size limit; the return is 3 KiB): exit 2,
# the file as it was, no temporary file left beside it.
mkdir "$tmp/dir"
printf 'old\n' >"$tmp/dir/keep"
(
    trap '' XFSZ
    ulimit -f 1
    export GCOV_PREFIX=$tmp/gcov
    exec "$U" report weekly-return --policy protocol-2019 --as-of 2024-06-14 -o "$tmp/dir/keep" \
        "$EVENTS" 2>"$tmp/err"
)
check "-o FILE cut at 1 KiB: exit 2" 2 "$?"
check "-o FILE cut at 1 KiB: says so" 1 "$(grep -c "^unalloc: cannot write '$tmp/dir/keep': File too large$" "$tmp/err")"
check "-o FILE cut at 1 KiB: the file as it was" "old" "$(cat "$tmp/dir/keep")"
check "-o FILE cut at 1 KiB: no temporary file left" "keep" "$(ls "$tmp/dir")"

finish
