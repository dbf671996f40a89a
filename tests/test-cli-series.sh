#!/usr/bin/env bash
# libunalloc tests: evaluate as of many moments in one run (--as-of repeated,
# or FIRST..LAST/STEP): each case as of each moment, in time order, each
# record with its as_of; the counts worked by hand.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
H='case_id,at,event,detail,worker,locality'
# A opened on Wednesday 1 May 2024 and never allocated; B opened on 2 May and
# allocated on 3 May.
printf '%s\nB,2024-05-02,opened,cin,,\nB,2024-05-03,allocated,social-worker,W1,\nA,2024-05-01,opened,cin,,\n' "$H" >"$tmp/ev.csv"
ev() { run evaluate --policy nelc-2022 --format cases-csv "$@" "$tmp/ev.csv"; }
# case_id:as_of:working_days_unallocated of each row
rows() { tail -n +2 <<<"$out" | cut -d, -f1,2,10 | tr ',\n' ': '; }

# Working days A is unallocated, in (1 May, as-of]: Friday 3 May: 2 (2, 3);
# 10 May: 6 (Monday 6 May is the Early May bank holiday); 17 May: 11; 24 May:
# 16; 31 May: 20 (Monday 27 May is the Spring bank holiday).
ev --as-of 2024-05-03..2024-05-31/1w
check "a weekly range: each case as of each date, by case then date" \
    "0:A:2024-05-03 A:2024-05-10 A:2024-05-17 A:2024-05-24 A:2024-05-31 B:2024-05-03 B:2024-05-10 B:2024-05-17 B:2024-05-24 B:2024-05-31 " \
    "$rc:$(tail -n +2 <<<"$out" | cut -d, -f1,2 | tr ',\n' ': ')"
check "a weekly range: A's working days unallocated as of each date" \
    "A:2024-05-03:2 A:2024-05-10:6 A:2024-05-17:11 A:2024-05-24:16 A:2024-05-31:20 " \
    "$(rows | cut -d' ' -f1-5) "
weekly=$out
ev --as-of 2024-05-03..2024-05-31/7d
check "/7d is /1w" "$weekly" "$out"
ev --as-of 2024-05-03..2024-06-02/1w
check "a range stops at the last date not after LAST" "$weekly" "$out"
ev --as-of 2024-05-06..2024-05-08/1d
check "a daily range (the bank holiday adds nothing)" \
    "A:2024-05-06:2 A:2024-05-07:3 A:2024-05-08:4 " "$(rows | cut -d' ' -f1-3) "
ev --as-of 2024-05-10 --as-of 2024-05-03
check "--as-of repeated: in time order" "A:2024-05-03:2 A:2024-05-10:6 " "$(rows | cut -d' ' -f1-2) "
ev --as-of 2024-05-03 --as-of 2024-05-03T09:00
check "a time on a date comes before the date alone (its end)" \
    "A:2024-05-03T09:00 A:2024-05-03 " "$(tail -n +2 <<<"$out" | cut -d, -f1,2 | head -2 | tr ',\n' ': ')"
ev --as-of 2024-05-03T09:00..2024-05-17T09:00/1w
check "a range with times" "A:2024-05-03T09:00 A:2024-05-10T09:00 A:2024-05-17T09:00 " \
    "$(tail -n +2 <<<"$out" | cut -d, -f1,2 | head -3 | tr ',\n' ': ')"
run evaluate --policy nelc-2022 --as-of 2024-05-03..2024-05-10/1w "$tmp/ev.csv"
check "json: one object per case per date, with as_of" \
    '"case_id":"A","as_of":"2024-05-03" "case_id":"A","as_of":"2024-05-10" "case_id":"B","as_of":"2024-05-03" "case_id":"B","as_of":"2024-05-10" ' \
    "$(grep -o '"case_id":"[AB]","as_of":"[0-9-]*"' <<<"$out" | tr '\n' ' ')"
run evaluate --policy nelc-2022 --format cases-csv --stream --as-of 2024-05-03..2024-05-10/1w "$tmp/ev.csv"
check "--stream: by input order, then date" "B:2024-05-03 B:2024-05-10 A:2024-05-03 A:2024-05-10 " \
    "$(tail -n +2 <<<"$out" | cut -d, -f1,2 | tr ',\n' ': ')"
# --fail-on: overdue as of any of the dates (A's day-one obligations fall due on 2 May)
ev --as-of 2024-05-01 --fail-on overdue
check "--fail-on, one date before anything falls due: exit 0" 0 "$rc"
ev --as-of 2024-05-01..2024-05-08/7d --fail-on overdue
check "--fail-on, a later date of the range: exit 1" 1 "$rc"

# More moments than one piece of a case's results (the command evaluates 64
# at a time, so memory does not grow with their number): 150 daily moments
# give, for each case, the rows of 150 runs of one date each, in date order
# (the sample caseload, every case; a stable sort by case_id of the one-date
# runs concatenated in date order is the expected output).
CASELOAD=${UNALLOC_SOURCE_ROOT:?}/examples/data/caseload.csv
run evaluate --policy nelc-2022 --format cases-csv --as-of 2024-03-01..2024-07-28/1d "$CASELOAD"
check "150 daily moments: exit 0, a row per case per moment" "0:$((150 * 36))" \
    "$rc:$(tail -n +2 <<<"$out" | wc -l)"
tail -n +2 <<<"$out" >"$tmp/series.csv"
: >"$tmp/one-by-one.csv"
d=2024-03-01
for i in $(seq 150); do
    "$U" evaluate --policy nelc-2022 --format cases-csv --as-of "$d" "$CASELOAD" 2>/dev/null |
        tail -n +2 >>"$tmp/one-by-one.csv"
    d=$(date -d "$d + 1 day" +%F)
done
check "150 daily moments: the rows of 150 one-date runs" "" \
    "$(LC_ALL=C sort -s -t, -k1,1 "$tmp/one-by-one.csv" | diff - "$tmp/series.csv" | head -5)"

# ---- mistakes ---------------------------------------------------------------------
expect_error "a range without a step" evaluate --policy nelc-2022 --as-of 2024-05-01..2024-05-08 "$tmp/ev.csv"
check "a range without a step: says so" \
    "unalloc: --as-of: '2024-05-01..2024-05-08': a range needs a step, e.g. 2024-05-01..2024-05-08/1w or /7d" "$err"
for step in 3m 0d -1w 1 w 1.5d 10001d; do
    expect_error "step '$step'" evaluate --policy nelc-2022 --as-of "2024-05-01..2024-05-08/$step" "$tmp/ev.csv"
done
expect_error "a range backwards" evaluate --policy nelc-2022 --as-of 2024-05-08..2024-05-01/1d "$tmp/ev.csv"
expect_error "a range with a time at one end" evaluate --policy nelc-2022 --as-of 2024-05-01T10:00..2024-05-08/1d "$tmp/ev.csv"
expect_error "a bad end" evaluate --policy nelc-2022 --as-of 2024-05-01..2024-05-32/1d "$tmp/ev.csv"
check "a bad end: named" 1 "$(grep -c "last moment: '2024-05-32'" <<<"$err")"
expect_error "a moment twice" evaluate --policy nelc-2022 --as-of 2024-05-01..2024-05-08/1d --as-of 2024-05-03 "$tmp/ev.csv"
check "a moment twice: named" "unalloc: --as-of: 2024-05-03 is given more than once" "$err"
expect_error "too many moments" evaluate --policy nelc-2022 --as-of 1900-01-01..2199-12-31/1d "$tmp/ev.csv"
expect_error "report: one date" report weekly-return --policy nelc-2022 --as-of 2024-05-01..2024-05-08/1d "$tmp/ev.csv"
expect_error "report: once" report weekly-return --policy nelc-2022 --as-of 2024-05-01 --as-of 2024-05-08 "$tmp/ev.csv"
finish
