#!/usr/bin/env bash
# libunalloc tests: the `unalloc` command line, first part (holidays, workdays).
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
DATA=${UNALLOC_TEST_DATA:?}

run holidays --from 2022-01-01 --to 2022-12-31
check "holidays 2022 E&W" "2022-01-03	New Year’s Day (substitute day)
2022-04-15	Good Friday
2022-04-18	Easter Monday
2022-05-02	Early May bank holiday
2022-06-02	Spring bank holiday
2022-06-03	Platinum Jubilee bank holiday
2022-08-29	Summer bank holiday
2022-09-19	Bank Holiday for the State Funeral of Queen Elizabeth II
2022-12-26	Boxing Day
2022-12-27	Christmas Day (substitute day)" "$out"
check "holidays exit 0" 0 "$rc"

run holidays --region scotland --from 2026-06-01 --to 2026-06-30
check "Scotland World Cup day 2026" "2026-06-15" "$(cut -f1 <<<"$out")"

run holidays --region northern-ireland --from=2025-07-01 --to=2025-07-31
check "NI Boyne substitute 2025" "2025-07-14" "$(cut -f1 <<<"$out")"

run holidays --from 2024-12-20 --to 2025-01-03 --closure 2024-12-27 --closure 2024-12-30..2024-12-31
check "closures listed" "2024-12-25	Christmas Day
2024-12-26	Boxing Day
2024-12-27	closure
2024-12-30	closure
2024-12-31	closure
2025-01-01	New Year’s Day" "$out"

run holidays --ics "$DATA/govuk-england-and-wales-2012-2017.ics" --from 2016-12-24 --to 2017-01-03
check "ics names" "2016-12-26	Boxing Day
2016-12-27	Christmas Day
2017-01-02	New Year’s Day" "$out"

run holidays --from 2024-05-25 --to 2024-05-26
check "weekend-only range prints nothing" "" "$out"
check "weekend-only range exit 0" 0 "$rc"

run workdays add 2024-05-13 5
check "add 5 from Mon 13 May 2024" "2024-05-20" "$out"
run workdays add 2024-05-28 -1
check "add -1 across the spring bank holiday" "2024-05-24" "$out"
run workdays add 2024-05-18 0
check "add 0 gives the date itself" "2024-05-18" "$out"
run workdays count 2024-05-13 2024-05-17
check "count Mon-Fri is 4" "4" "$out"
run workdays count 2024-05-20 2024-05-13
check "count backwards is negative" "-5" "$out"
run workdays add 2024-12-23 1 --closure 2024-12-24..2024-12-31
check "add skips closure" "2025-01-02" "$out"
run workdays add 2024-03-28 1 --working 2024-03-29
check "--working makes Good Friday a working day" "2024-03-29" "$out"
run workdays is 2024-05-27
check "is: spring bank holiday exits 1" 1 "$rc"
check "is: prints nothing" "" "$out"
run workdays is 2024-05-28
check "is: Tuesday exits 0" 0 "$rc"
run workdays is 2024-05-27 --region scotland
check "is: Scotland's 27 May 2024 is a bank holiday too" 1 "$rc"
run workdays is 2024-04-01 --region scotland
check "is: Easter Monday works in Scotland" 0 "$rc"

expect_error "bad date" workdays add 2024-02-30 1
check "bad date names the text" 1 "$(grep -c "2024-02-30" <<<"$err")"
expect_error "sloppy date" workdays count 2024-3-1 2024-03-05
expect_error "bad number" workdays add 2024-03-01 five
check "bad number: says so" 1 "$(grep -c "'five' is not a whole number" <<<"$err")"
expect_error "number out of range" workdays add 2024-03-01 99999999999
check "number out of range: says so" 1 "$(grep -c "99999999999 is out of range" <<<"$err")"
expect_error "out of range" workdays add 2199-12-30 10
expect_error "unknown region" holidays --region wales --from 2024-01-01 --to 2024-12-31
expect_error "missing --to" holidays --from 2024-01-01
expect_error "reversed range" holidays --from 2024-02-01 --to 2024-01-01
expect_error "unknown option" workdays is 2024-01-01 --colour
check "unknown option: points to the command's own help" \
    "unalloc: unknown option '--colour' (see 'unalloc workdays --help')" "$err"
run evaluate --policy nelc-2022 --as-of 2024-01-01 --colour x -
check "unknown option of evaluate: its help" \
    "2:unalloc: unknown option '--colour' (see 'unalloc evaluate --help')" "$rc:$err"
expect_error "unknown command" frobnicate
expect_error "no command"
expect_error "missing file" holidays --ics "$tmp/none.ics" --from 2024-01-01 --to 2024-01-02
check "missing file named" 1 "$(grep -c "none.ics" <<<"$err")"
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240230\nEND:VEVENT\nEND:VCALENDAR\n' >"$tmp/bad.ics"
expect_error "bad ics" holidays --ics "$tmp/bad.ics" --from 2024-01-01 --to 2024-01-02
check "bad ics: line given" 1 "$(grep -c "bad.ics:2: DTSTART" <<<"$err")"
# Folded BEGIN/END lines 38,000 deep (the old pre-scan read physical lines and
# let them through; libical then overflowed a 1 MiB stack): rejected, with the
# line, before libical sees them, here under a 1 MiB stack.
{
    printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\nEND:VEVENT\r\n'
    for ((i = 0; i < 38000; i++)); do printf 'BEG\r\n IN:X-A\r\n'; done
    for ((i = 0; i < 38000; i++)); do printf 'EN\r\n D:X-A\r\n'; done
    printf 'END:VCALENDAR\r\n'
} >"$tmp/bomb.ics"
( ulimit -s 1024; exec "$U" holidays --ics "$tmp/bomb.ics" --from 2024-01-01 --to 2024-01-02 ) \
    >"$tmp/out" 2>"$tmp/err"
check "folded nesting bomb, 1 MiB stack: exit 2" 2 "$?"
check "folded nesting bomb: the line of the fifth level" \
    "unalloc: $tmp/bomb.ics:11:1: components nested more than 4 deep" "$(cat "$tmp/err")"
# An event nested in an event, with a folded BEGIN:VEV ENT keeping the old
# counts equal: its holiday was dropped (and the year's rule-based ones too).
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240701\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\nEND:VEVENT\r\nEND:VEVENT\r\nBEGIN:VEV\r\n ENT\r\nDTSTART;VALUE=DATE:20240703\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$tmp/nested.ics"
expect_error "nested event" holidays --ics "$tmp/nested.ics" --from 2024-07-01 --to 2024-07-05
check "nested event: located" "unalloc: $tmp/nested.ics:4:1: an event inside VEVENT (line 2); events must be directly inside the VCALENDAR" "$err"
# CR-only line ends: read, and errors on the right line.
printf 'BEGIN:VCALENDAR\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:20240702\rSUMMARY:CR\rEND:VEVENT\rEND:VCALENDAR\r' >"$tmp/cr.ics"
run holidays --ics "$tmp/cr.ics" --from 2024-07-01 --to 2024-07-05
check "CR-only ics read" "2024-07-02	CR" "$out"
printf 'BEGIN:VCALENDAR\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:20240702\rDURATION:P2147483600D\rEND:VEVENT\rEND:VCALENDAR\r' >"$tmp/dur.ics"
expect_error "huge DURATION" holidays --ics "$tmp/dur.ics" --from 2024-07-01 --to 2024-07-05
check "huge DURATION: as written, on its line" "unalloc: $tmp/dur.ics:4:1: DURATION:P2147483600D is more than 366 days, the most accepted" "$err"

# Files larger than the command reads: the limit named (a sparse 1 GiB file).
truncate -s 1G "$tmp/big.ics"
expect_error "ics over the limit" holidays --ics "$tmp/big.ics" --from 2024-01-01 --to 2024-01-02
check "ics over the limit: named" "unalloc: '$tmp/big.ics' is larger than 1048576 bytes, the most this command reads from it" "$err"
truncate -s 300K "$tmp/big.policy"
expect_error "policy over the limit" policy check "$tmp/big.policy"
check "policy over the limit: named" "unalloc: '$tmp/big.policy' is larger than 262144 bytes, the most this command reads from it" "$err"
expect_error "remove a working day" workdays is 2024-03-28 --working 2024-03-28
expect_error "option given twice" holidays --from 2024-01-01 --from 2024-01-02 --to 2024-01-03

run --help
check "help exits 0" 0 "$rc"
run --version
check "version" "unalloc 1.0.0" "$out"

finish
