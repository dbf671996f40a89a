#!/usr/bin/env bash
# libunalloc tests: nothing is lost silently on output. Every command and
# format, written to a full device (/dev/full) or cut short by a file-size
# limit (RLIMIT_FSIZE), must exit 2 with one line on stderr naming what could
# not be written.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
SRC=${UNALLOC_SOURCE_ROOT:?}
DATA=${UNALLOC_TEST_DATA:?}
EVENTS=$SRC/examples/data/caseload.csv
POL=$SRC/tests/policies/example-council.policy

# Each line: a name, then the arguments of a command that writes something.
commands=(
    "holidays|holidays --from 2024-01-01 --to 2024-12-31"
    "holidays --ics|holidays --ics $DATA/govuk-england-and-wales-2012-2017.ics --from 2016-01-01 --to 2016-12-31"
    "holidays --ics JSON|holidays --ics $DATA/govuk-bank-holidays.json --from 2019-01-01 --to 2019-12-31"
    "holidays csv|holidays --from 2024-01-01 --to 2024-12-31 --format csv"
    "holidays json|holidays --from 2024-01-01 --to 2024-12-31 --format json"
    "holidays ics|holidays --from 2024-01-01 --to 2024-12-31 --format ics"
    "workdays add|workdays add 2024-05-13 5"
    "workdays count|workdays count 2024-05-13 2024-05-17"
    "evaluate json|evaluate --policy nelc-2022 --as-of 2024-06-14 $EVENTS"
    "evaluate csv|evaluate --policy nelc-2022 --as-of 2024-06-14 --format csv $EVENTS"
    "evaluate csv --state|evaluate --policy nelc-2022 --as-of 2024-06-14 --format csv --state overdue $EVENTS"
    "evaluate cases-csv|evaluate --policy nelc-2022 --as-of 2024-06-14 --format cases-csv $EVENTS"
    "evaluate --fail-on|evaluate --policy nelc-2022 --as-of 2024-06-14 --fail-on overdue $EVENTS"
    "report|report weekly-return --policy protocol-2019 --as-of 2024-06-14 $EVENTS"
    "policy list|policy list"
    "policy show|policy show nelc-2022"
    "policy doc|policy doc nelc-2022"
    "policy doc FILE|policy doc $POL"
    "policy check|policy check $POL"
    "vocabulary|vocabulary"
    "help|--help"
    "version|--version"
)

for c in "${commands[@]}"; do
    name=${c%%|*}
    read -r -a args <<<"${c#*|}"
    "$U" "${args[@]}" >/dev/full 2>"$tmp/err"
    rc=$?
    check "$name > /dev/full: exit 2" 2 "$rc"
    check "$name > /dev/full: one message naming stdout and the cause" \
        "unalloc: cannot write the output to standard output: No space left on device" \
        "$(cat "$tmp/err")"
done

# A write cut short by the file-size limit: the first bytes reach the file,
# the rest fail with EFBIG (SIGXFSZ is ignored, as the shell passes on).
# 1 KiB is less than each output below.
truncated() {
    local name=$1
    shift
    (
        trap '' XFSZ
        ulimit -f 1
        # A coverage build's libgcov would write its data, cut short, over
        # the build's own: send it elsewhere.
        export GCOV_PREFIX=$tmp/gcov
        exec "$U" "$@" >"$tmp/cut" 2>"$tmp/err"
    )
    rc=$?
    check "$name cut at 1 KiB: exit 2" 2 "$rc"
    # (In the coverage build, libgcov cannot write its data under the limit
    # either, and says so: not the command's output.)
    check "$name cut at 1 KiB: says so" \
        "unalloc: cannot write the output to standard output: File too large" \
        "$(grep -v '^libgcov' "$tmp/err")"
    check "$name cut at 1 KiB: the output really was cut" 1024 "$(wc -c <"$tmp/cut")"
}
truncated "evaluate json" evaluate --policy nelc-2022 --as-of 2024-06-14 "$EVENTS"
truncated "evaluate csv" evaluate --policy nelc-2022 --as-of 2024-06-14 --format csv "$EVENTS"
truncated "report" report weekly-return --policy protocol-2019 --as-of 2024-06-14 "$EVENTS"
truncated "policy doc" policy doc nelc-2022
truncated "holidays" holidays --from 1990-01-01 --to 2030-12-31
truncated "holidays ics" holidays --from 1990-01-01 --to 2030-12-31 --format ics

# The answer "no" is not a write failure: `workdays is` writes nothing.
"$U" workdays is 2024-05-27 >/dev/full 2>"$tmp/err"
check "workdays is > /dev/full: still exit 1 (writes nothing)" "1:" "$?:$(cat "$tmp/err")"
# A bad argument stays one message (not a second one about stdout).
"$U" workdays add 2024-02-30 1 >/dev/full 2>"$tmp/err"
check "bad date > /dev/full: exit 2" 2 "$?"
check "bad date > /dev/full: one message" 1 "$(wc -l <"$tmp/err")"

finish
