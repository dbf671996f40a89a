#!/usr/bin/env bash
# libunalloc benchmark: peak memory of `unalloc evaluate` (or, with `report`,
# of `unalloc report`: nelc-2022's daily register, protocol-2019's weekly
# return and nelc-2022's fortnightly list) over grouped event logs of N cases
# (one to three events each), with and without --stream, measured by GNU time
# (/usr/bin/time -v, "Maximum resident set size").
#
#   bench/cli-memory.sh build/tools/unalloc [report] [N...]
#       (default N: 10000 100000 1000000)
#
# Prints one line per run: N, mode, exit status, peak RSS in KB, wall time.
# The logs go to a temporary directory, removed at the end; the output to
# /dev/null. Results are recorded in doc/performance.md.
# SPDX-License-Identifier: MIT
set -eu
U=${1:?usage: $0 UNALLOC [report] [N...]}
shift
what=evaluate
if [ "${1:-}" = report ]; then
    what=report
    shift
fi
[ $# -gt 0 ] || set -- 10000 100000 1000000
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in "$@"; do
    # case i opens on day 1 + i % 28 of May 2024; two in three are allocated the next
    # day; one in seven has a visit on 3 June. Rows grouped by case, ids increasing.
    awk -v N="$n" 'BEGIN {
        print "case_id,at,event,detail,worker,locality"
        for (i = 1; i <= N; i++) {
            d = 1 + i % 28
            printf "C%07d,2024-05-%02d,opened,cin,,North\n", i, d
            if (i % 3) printf "C%07d,2024-05-%02d,allocated,social-worker,W%d,North\n", i, d + 1, i % 500
            if (i % 7 == 0) printf "C%07d,2024-06-03,visit,,W%d,North\n", i, i % 500
        }
    }' >"$dir/events.csv"
    if [ "$what" = report ]; then
        runs=("report daily --policy nelc-2022" "report weekly-return --policy protocol-2019"
              "report fortnightly --policy nelc-2022")
    else
        runs=("evaluate --policy nelc-2022")
    fi
    for run in "${runs[@]}"; do
        for mode in --stream default; do
            opt=$mode
            [ "$mode" = default ] && opt=
            set +e
            # shellcheck disable=SC2086 # the words of $run and $opt
            /usr/bin/time -v "$U" $run --as-of 2024-06-14 $opt \
                "$dir/events.csv" >/dev/null 2>"$dir/time"
            rc=$?
            set -e
            label=$mode
            [ "$what" = report ] && label="${run#report } $mode"
            echo "$n $label rc=$rc $(awk '/Maximum resident/ {print $6}' "$dir/time") KB" \
                "$(awk '/Elapsed/ {print $8}' "$dir/time")"
        done
    done
done
