#!/usr/bin/env bash
# libunalloc tests: workdays add|count|is over many rows (--input FILE|-):
# one answer per line, the same as one row at a time; every bad row reported
# as FILE:LINE:COLUMN with nothing written (exit 2).
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"

# Hand-worked, England and Wales: Monday 13 May 2024 + 5 working days is Monday
# 20 May; Friday 24 May + 1 skips the Spring bank holiday (27 May) to the 28th;
# Tuesday 24 December + 2 skips Christmas and Boxing Day: Friday 27, Monday 30.
printf '2024-05-13 5\n2024-05-24,1\n2024-12-24 , 2\r\n2024-05-20\t-5\n' >"$tmp/add.txt"
run workdays add --input "$tmp/add.txt"
check "add: one answer per row" "0:2024-05-20 2024-05-28 2024-12-30 2024-05-13 " "$rc:$(tr '\n' ' ' <<<"$out")"
run workdays add --input - <"$tmp/add.txt"
check "add: from stdin" "0:2024-05-20 2024-05-28 2024-12-30 2024-05-13 " "$rc:$(tr '\n' ' ' <<<"$out")"
# (13 May, 17 May] holds 14-17: 4; (24 May, 31 May] loses the bank holiday: 4
printf '2024-05-13 2024-05-17\n2024-05-24,2024-05-31\n' >"$tmp/count.txt"
run workdays count --input "$tmp/count.txt"
check "count" "0:4 4 " "$rc:$(tr '\n' ' ' <<<"$out")"
# 27 May: a bank holiday; 28 May: a Tuesday; 25 May: a Saturday; 1 April: Easter Monday
printf '2024-05-27\n2024-05-28\n2024-05-25\n2024-04-01\n' >"$tmp/is.txt"
run workdays is --input "$tmp/is.txt"
check "is: true or false, exit 0" "0:false true false false " "$rc:$(tr '\n' ' ' <<<"$out")"
# the calendar options apply: Easter Monday is no bank holiday in Scotland
run workdays is --input "$tmp/is.txt" --region scotland
check "is --region scotland" "0:false true false true " "$rc:$(tr '\n' ' ' <<<"$out")"
run workdays is --input "$tmp/is.txt" --closure 2024-05-28
check "is --closure" "0:false false false false " "$rc:$(tr '\n' ' ' <<<"$out")"

# many rows: the same answers as one row at a time
for i in $(seq 0 40); do echo "2024-12-$(printf %02d $((i % 28 + 1))) $((i - 20))"; done >"$tmp/many.txt"
run workdays add --input "$tmp/many.txt"
one=$(while read -r d n; do "$U" workdays add "$d" "$n"; done <"$tmp/many.txt")
check "add: 41 rows as one at a time" "$one" "$out"

# ---- bad rows -----------------------------------------------------------------------
printf '2024-05-13 5\n2024-02-30,1\n2024-12-24 , x\n\n2024-01-01 1 2\n2024-01-01,\n2199-12-30 10\n' >"$tmp/bad.txt"
run workdays add --input "$tmp/bad.txt"
check "bad rows: exit 2, nothing on stdout" "2:" "$rc:$out"
check "bad rows: each at its line and column" \
"$tmp/bad.txt:2:1: '2024-02-30' is not a valid date: February 2024 has 29 days
$tmp/bad.txt:3:2: 'x' is not a whole number of working days
$tmp/bad.txt:4:1: expected DATE N (separated by a comma or blanks), found 0 fields
$tmp/bad.txt:5:3: expected DATE N (separated by a comma or blanks), found 3 fields
$tmp/bad.txt:6:2: N, the number of working days, is empty" \
    "$(head -5 <<<"$err" | sed 's/^unalloc: //')"
check "bad rows: past the calendar's range, named at N" 1 "$(grep -c "^unalloc: $tmp/bad.txt:7:2: " <<<"$err")"
check "bad rows: the count last" "unalloc: $tmp/bad.txt: 6 bad rows: nothing written" "$(tail -1 <<<"$err")"
run workdays count --input - <<<'2024-05-13 2024-13-01'
check "count: the second date's column" 1 "$(grep -c '^unalloc: stdin:1:2: ' <<<"$err")"
run workdays is --input - <<<'2024-05-13 2024-05-14'
check "is: one field" "2:1" "$rc:$(grep -c '^unalloc: stdin:1:2: expected DATE' <<<"$err")"
for i in $(seq 1 150); do echo "nope"; done >"$tmp/many-bad.txt"
run workdays is --input "$tmp/many-bad.txt"
check "150 bad rows: 100 shown, then a count" "2:100:1" \
    "$rc:$(grep -c ":[0-9]*:1: 'nope'" <<<"$err"):$(grep -c '50 more problems not shown (150 in all)' <<<"$err")"
printf '2024-05-13\0 5\n' >"$tmp/nul.txt"
run workdays add --input "$tmp/nul.txt"
check "a NUL byte: a bad row" "2:1" "$rc:$(grep -c 'nul.txt:1:1: a NUL byte' <<<"$err")"
# A UTF-8 byte order mark, as a spreadsheet's "CSV UTF-8" starts with, is not
# part of the first row (as in the event log); anywhere else it is a bad row.
printf '\xef\xbb\xbf2024-05-24,1\r\n2024-05-13,5\r\n' >"$tmp/bom.csv"
run workdays add --input "$tmp/bom.csv"
check "a byte order mark first: skipped" "0:2024-05-28 2024-05-20 " "$rc:$(tr '\n' ' ' <<<"$out")"
printf '2024-05-24,1\n\xef\xbb\xbf2024-05-13,5\n' >"$tmp/bom2.csv"
run workdays add --input - <"$tmp/bom2.csv"
check "a byte order mark on line 2: a bad row" "2:1" "$rc:$(grep -c '^unalloc: stdin:2:1: ' <<<"$err")"
expect_error "a missing file" workdays add --input "$tmp/none.txt"
expect_error "--input and arguments" workdays add 2024-05-13 5 --input "$tmp/add.txt"
expect_error "--input, unknown action" workdays frob --input "$tmp/add.txt"
finish
