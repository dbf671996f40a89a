#!/usr/bin/env bash
# libunalloc tests: a council's export as it comes (tests/data/messy-export.csv:
# its own column names, UK dates, its own words in mixed case, placeholder
# workers, extra columns, a few bad rows) read with one mapping file
# (tests/data/messy-export.map) through --map, checked row by row against
# --rejects and case by case against answers worked by hand.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
SRC=${UNALLOC_SOURCE_ROOT:?}
DATA=$SRC/tests/data
POL=$SRC/tests/policies/example-council.policy
EXPORT=$DATA/messy-export.csv
MAP=$DATA/messy-export.map

run evaluate --policy "$POL" --as-of 2024-06-03 --map "$MAP" "$EXPORT"
check "bad rows without --skip-invalid: exit 2" 2 "$rc"
check "bad rows: nothing on stdout" "" "$out"
check "the ignored columns named once, then every bad row in line order" \
"unalloc: $EXPORT: ignored columns: 'Event ID', 'Recorded By'
unalloc: $EXPORT:13:4: '31/04/2024' is not a valid date: April 2024 has 30 days
unalloc: $EXPORT:15:5: unknown detail 'Child in Ned' for 'opened' (expected referral, single-assessment, s47, cin, cp, cla, youth-justice, early-help)
unalloc: $EXPORT:16:3: unknown event kind 'Referal Received' (did you mean the mapping's 'referral received'?)
unalloc: $EXPORT:17:2: case_id is empty
unalloc: $EXPORT:19:4: expected 8 fields, found 4: the row ends early" "$err"

run evaluate --policy "$POL" --as-of 2024-06-03 --map "$MAP" --skip-invalid \
    --rejects "$tmp/rejects.csv" --format cases-csv "$EXPORT"
check "--skip-invalid: exit 3" 3 "$rc"
check "--skip-invalid: the count" "unalloc: $EXPORT: 6 of 18 rows set aside (4 cases): not evaluated" \
    "$(tail -n1 <<<"$err")"
check "--rejects: every row set aside, with its line, case, column, reason and fields" \
"line,case_id,column,reason,Event ID,Child ID,Event Type,Event Date,Category,Worker,Team,Recorded By
13,C005,4,'31/04/2024' is not a valid date: April 2024 has 30 days,1012,C005,Referral Received,31/04/2024,,,East,akhan
14,C005,,set aside with its case (line 13 is bad),1013,C005,Allocated Worker Started,02/05/2024,,SW09,East,akhan
15,C006,5,\"unknown detail 'Child in Ned' for 'opened' (expected referral, single-assessment, s47, cin, cp, cla, youth-justice, early-help)\",1014,C006,CIN Opened,15/05/2024,Child in Ned,,South,akhan
16,C007,3,unknown event kind 'Referal Received' (did you mean the mapping's 'referral received'?),1015,C007,Referal Received,15/05/2024,,,West,akhan
17,,2,case_id is empty,1016,,Home Visit,15/05/2024,,SW01,West,akhan
19,C008,4,\"expected 8 fields, found 4: the row ends early\",1018,C008,Referral Received,15/05/2024,,,," \
    "$(cat "$tmp/rejects.csv")"
# Every input row is either evaluated or in the rejects: 18 data rows, 12 read
# (one of them a case note the mapping ignores), 6 rejected.
check "--rejects: the rows set aside and the cases evaluated cover the input" \
    "C001 C002 C003 C004 | C005 C006 C007 C008" \
    "$(sed -n '2,$p' <<<"$out" | cut -d, -f1 | paste -sd' ') | $(sed -n '2,$p' "$tmp/rejects.csv" | cut -d, -f2 | grep . | sort -u | paste -sd' ')"

# Hand-worked answers (example-council: allocated by a social worker; unallocated
# after 3 working days; a letter 5 working days after that; 27 May 2024 is a
# bank holiday).
status() { grep "^$1," <<<"$out" | cut -d, -f7,9,10,13; }
check "C001: SW07 from 14/05 10:00 is an allocation" "allocated,,,North" "$(status C001)"
check "C002: 'Duty' holds the case, it is not allocated (since the day it opened)" \
    "unallocated,2024-05-13,14,South" "$(status C002)"
check "C003: an XX placeholder id is not an allocation" "unallocated,2024-05-20,9,North" "$(status C003)"
check "C004: an empty worker is 'to be allocated'" "unallocated,2024-05-21,8,East" "$(status C004)"
run evaluate --policy "$POL" --as-of 2024-06-03 --map "$MAP" --skip-invalid --format csv "$EXPORT"
check "C003: the letter (due 31/05, 5 working days after 23/05) met by 'LETTER TO FAMILY' on 29/05" 1 \
    "$(grep -c '^C003,.*,example.letter,.*,2024-05-20,2024-05-31,met,2024-05-29,false,1,1,false,$' <<<"$out")"
check "C003: the review met by the 'Team Manager Review' on 28/05 (role from the map)" 1 \
    "$(grep -c '^C003,.*,example.review,.*,2024-05-20,2024-05-30,met,2024-05-28,false,1,1,false,$' <<<"$out")"

run report weekly-return --policy "$POL" --as-of 2024-06-03 --map "$MAP" --skip-invalid "$EXPORT"
check "report --map --skip-invalid: exit 3" 3 "$rc"
check "report: the set-aside rows in the header" 1 \
    "$(grep -c '^Set aside: 6 input rows of 4 cases with bad input, not counted in this return$' <<<"$out")"

# ---- the mapping file's own errors ------------------------------------------------------------
printf 'column case_id "Child ID"\nevent "X" -> alocated\n' >"$tmp/bad.map"
run evaluate --policy "$POL" --as-of 2024-06-03 --map "$tmp/bad.map" "$EXPORT"
check "a bad mapping: exit 2" 2 "$rc"
check "a bad mapping: file:line:column" \
    "unalloc: $tmp/bad.map:2:14: unknown event kind 'alocated' (did you mean 'allocated'? 'unalloc vocabulary' lists all 29)" "$err"
printf 'column case_id "Child Id Number"\n' >"$tmp/missing.map"
run evaluate --policy "$POL" --as-of 2024-06-03 --map "$tmp/missing.map" "$EXPORT"
check "a column the export lacks" "unalloc: $EXPORT:1: the header has no column 'Child Id Number' for case_id" "$err"

# ---- without a mapping ----------------------------------------------------------------------------
run evaluate --policy "$POL" --as-of 2024-06-03 "$EXPORT"
check "no --map: an unknown column is an error that points at --map" 1 \
    "$(grep -c "messy-export.csv:1:1: unknown column 'Event ID' (the header is case_id,at,event,detail,worker,locality; --map FILE reads" <<<"$err")"
printf 'case_id,at,event,detail,worker\nA,2024-05-20 09:00,OPENED,CIN,\nA,2024-05-21T10:00:59,Allocated,Social-Worker,W1\n' >"$tmp/loose.csv"
run evaluate --policy "$POL" --as-of 2024-06-03 --format cases-csv "$tmp/loose.csv"
check "no --map: ISO with a space or seconds, the vocabulary in any case" "0 A,allocated" \
    "$rc $(sed -n 2p <<<"$out" | cut -d, -f1,7)"
printf 'case_id,at,event\nA,14/06/2024,opened\n' >"$tmp/uk.csv"
run evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/uk.csv"
check "no --map: a UK date says how to read it" \
    "unalloc: $tmp/uk.csv:2:2: '14/06/2024' is not a date in the form YYYY-MM-DD[ HH:MM] (UK dates need a mapping with 'date uk')" "$err"

# ---- the vocabulary --------------------------------------------------------------------------------
run vocabulary
check "vocabulary: exit 0" 0 "$rc"
check "vocabulary: every kind, detail, category, role and rating" "29 6 8 13 4" \
    "$(for g in event detail category role rating; do cut -f1 <<<"$out" | grep -c "^$g\$"; done | paste -sd' ')"
check "vocabulary: a line with its meaning" 1 \
    "$(grep -c '^role	duty	the duty team or a duty worker: holds the case, never an allocation$' <<<"$out")"
check "vocabulary: three fields on every line" "" "$(awk -F'\t' 'NF != 3' <<<"$out")"

finish
