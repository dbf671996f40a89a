#!/usr/bin/env bash
# libunalloc tests: reading a real event log: every problem at once, in line
# order and at the right line (CR, CRLF and LF line ends, quoted fields over
# several lines), --skip-invalid, --rejects and the exit-code table.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
SRC=${UNALLOC_SOURCE_ROOT:?}
POL=$SRC/tests/policies/example-council.policy
H='case_id,at,event,detail,worker,locality'
ev() { run evaluate --policy "$POL" --as-of 2024-06-03 "$@"; }

# ---- positions ---------------------------------------------------------------------
# CR-only line ends (old Mac exports): the bad date is on line 3.
printf '%s\rA,2024-05-20,opened,cin,,\rA,2024-02-30,visit,,,\r' "$H" >"$tmp/cr.csv"
ev "$tmp/cr.csv"
check "CR line ends: line 3" 1 "$(grep -c "^unalloc: $tmp/cr.csv:3:2: '2024-02-30' is not a valid date" <<<"$err")"
# Mixed: CRLF, then CR, then LF.
printf '%s\r\nA,2024-05-20,opened,cin,,\rA,2024-05-21,visit,,,\nA,2024-02-30,visit,,,\n' "$H" >"$tmp/mixed-ends.csv"
ev "$tmp/mixed-ends.csv"
check "mixed line ends: line 4" 1 "$(grep -c "mixed-ends.csv:4:2: '2024-02-30'" <<<"$err")"
# A quoted field over two lines: the row after it is counted right, and a bad
# row whose first field spans lines is reported where the row starts.
printf '%s\nA,2024-05-20,opened,cin,,"North\nEast"\n"B\nB",2024-02-30,visit,,,\nA,2024-13-01,visit,,,\n' "$H" >"$tmp/multi.csv"
ev "$tmp/multi.csv"
check "multi-line fields: each row at its first line" \
"$tmp/multi.csv:2:6:
$tmp/multi.csv:4:1:
$tmp/multi.csv:6:2:" "$(sed 's/^unalloc: \([^ ]*\) .*/\1/' <<<"$err")"
# An unclosed quote is reported where it opened, not at the end of the input.
{ printf '%s\nA,2024-05-20,opened,cin,,\nA,"2024-05-21,visit,,,\n' "$H"
  for i in $(seq 1 50); do printf 'A,2024-05-22,visit,,,\n'; done; } >"$tmp/quote.csv"
ev "$tmp/quote.csv"
check "unclosed quote: exit 2" 2 "$rc"
check "unclosed quote: at the line it opened" 1 "$(grep -c "quote.csv:3:2: this quote is never closed" <<<"$err")"
ev --skip-invalid "$tmp/quote.csv"
check "unclosed quote: not skippable (the rest of the file is lost)" 2 "$rc"
check "unclosed quote: nothing on stdout" "" "$out"

# ---- every problem at once ------------------------------------------------------------
cat >"$tmp/bad.csv" <<CSV
$H
B,2024-05-20,opened,cin,,North
A,2024-05-20,opened,cin,,South
A,14/06/2024,visit,,,
B,2024-05-21,alocated,social-worker,W1,
,2024-05-21,visit,,,
A,2024-05-22,visit,,
C,2024-05-20,opened,cin,,
A,2024-05-23,review,team-manager,TM,,extra
D,2024-05-20,visit,,,
D,2024-05-21,opened,cin,,
C,2024-05-21,allocated,social-worker,W2,
CSV
ev "$tmp/bad.csv"
check "bad rows: exit 2" 2 "$rc"
check "bad rows: nothing on stdout" "" "$out"
check "bad rows: every one, in line order, file:line:column" \
"$tmp/bad.csv:4:2:
$tmp/bad.csv:5:3:
$tmp/bad.csv:6:1:
$tmp/bad.csv:7:5:
$tmp/bad.csv:9:7:
$tmp/bad.csv:10:3:" "$(sed 's/^unalloc: \([^ ]*\) .*/\1/' <<<"$err")"
check "bad rows: the messages" 1 "$(grep -c ":6:1: case_id is empty$" <<<"$err")"
# a cap on the messages, then a count
{ echo "$H"; echo "A,2024-05-20,opened,cin,,"
  for i in $(seq 1 130); do echo "A,2024-05-2x,visit,,,"; done; } >"$tmp/many.csv"
ev "$tmp/many.csv"
check "many bad rows: 100 shown, then a count" "101 unalloc: $tmp/many.csv: 30 more problems not shown (130 in all)" \
    "$(printf '%s\n' "$err" | wc -l) $(tail -n1 <<<"$err")"
check "many bad rows: the 100th is line 101" 1 "$(grep -c "many.csv:101:2:" <<<"$err")"

# ---- --skip-invalid -------------------------------------------------------------------
ev --skip-invalid --format cases-csv "$tmp/bad.csv"
check "--skip-invalid: exit 3" 3 "$rc"
check "--skip-invalid: only C is whole" "C" "$(sed -n '2,$p' <<<"$out" | cut -d, -f1 | paste -sd' ')"
check "--skip-invalid: every bad row, marked" 6 "$(grep -c 'set aside)$' <<<"$err")"
check "--skip-invalid: A's two bad rows both reported" 3 "$(grep -c '(case A set aside)$' <<<"$err")"
check "--skip-invalid: the empty case_id row" 1 "$(grep -c ':6:1: case_id is empty (row set aside)$' <<<"$err")"
check "--skip-invalid: the count" "unalloc: $tmp/bad.csv: 9 of 11 rows set aside (3 cases): not evaluated" \
    "$(tail -n1 <<<"$err")"

ev --skip-invalid --rejects "$tmp/rejects.csv" "$tmp/bad.csv"
check "--rejects: exit 3" 3 "$rc"
check "--rejects: one row per row set aside, in line order" \
'line,case_id,column,reason,case_id,at,event,detail,worker,locality,extra_1
2,B,,set aside with its case (line 5 is bad),B,2024-05-20,opened,cin,,North,
3,A,,set aside with its case (line 4 is bad),A,2024-05-20,opened,cin,,South,
4,A,2,BAD DATE,A,14/06/2024,visit,,,,
5,B,3,unknown event kind '"'"'alocated'"'"' (did you mean '"'"'allocated'"'"'? '"'"'unalloc vocabulary'"'"' lists all 29),B,2024-05-21,alocated,social-worker,W1,,
6,,1,case_id is empty,,2024-05-21,visit,,,,
7,A,5,"expected 6 fields, found 5: the row ends early",A,2024-05-22,visit,,,,
9,A,7,"expected 6 fields, found 7: quote a value that holds a comma",A,2024-05-23,review,team-manager,TM,,extra
10,D,3,"case D, event 1 (visit at 2024-05-20): comes before the case'"'"'s first '"'"'opened'"'"'",D,2024-05-20,visit,,,,
11,D,,set aside with its case (line 10 is bad),D,2024-05-21,opened,cin,,,' \
    "$(sed "s/'14\/06\/2024' is not a [^,]*,/BAD DATE,/" "$tmp/rejects.csv")"
check "--rejects: no temporary file left" "rejects.csv" "$(ls "$tmp" | grep rejects)"
check "--rejects: the mode a plain create gives (umask 022)" "644" \
    "$(umask 022; "$U" evaluate --policy "$POL" --as-of 2024-06-03 --skip-invalid --rejects "$tmp/r2.csv" "$tmp/bad.csv" >/dev/null 2>&1; stat -c %a "$tmp/r2.csv")"
ev --skip-invalid --rejects "$tmp/no-such-dir/rejects.csv" "$tmp/bad.csv"
check "--rejects: an unwritable file is fatal" 2 "$rc"
ev --rejects "$tmp/r.csv" "$tmp/bad.csv"
check "--rejects needs --skip-invalid" 2 "$rc"
if [ -w /dev/full ]; then
    ev --skip-invalid --rejects /dev/full "$tmp/bad.csv"
    check "--rejects: a failed write is fatal" 2 "$rc"
fi

# the report says what it left out
run report weekly-return --policy "$POL" --as-of 2024-06-03 --skip-invalid "$tmp/bad.csv"
check "report --skip-invalid: exit 3" 3 "$rc"
check "report: set-aside count in the header" 1 \
    "$(grep -c '^Set aside: 9 input rows of 3 cases with bad input, not counted in this return$' <<<"$out")"

# A whole-run mistake is fatal, even with --skip-invalid: not every case set aside.
expect_error "another region than the policy's" evaluate --policy "$POL" --region scotland \
    --as-of 2024-06-03 --skip-invalid "$tmp/bad.csv"
check "another region: said once" \
    "unalloc: --region scotland: policy example-council counts working days in england-and-wales" "$err"

# The issue's own case (issue 14): a built-in policy, the events on stdin or in a
# file, evaluate and report alike: the message names the option, never the input.
for input in - "$tmp/bad.csv"; do
    expect_error "nelc-2022 --region scotland ($input)" evaluate --policy nelc-2022 \
        --region scotland --as-of 2024-06-03 "$input" </dev/null
    check "nelc-2022 --region scotland ($input): against the option" \
        "unalloc: --region scotland: policy nelc-2022 counts working days in england-and-wales" "$err"
done
expect_error "report, another region" report weekly-return --policy "$POL" --region scotland \
    --as-of 2024-06-03 "$tmp/bad.csv"
check "report, another region: against the option" \
    "unalloc: --region scotland: policy example-council counts working days in england-and-wales" "$err"

# A header problem: file:line:column too.
printf 'case_id,at,event,case_id\n' >"$tmp/twice.csv"
run evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/twice.csv"
check "a column twice: file:line:column" \
    "unalloc: $tmp/twice.csv:1:4: column 'case_id' appears twice (columns 1 and 4) (expected case_id,at,event,detail,worker,locality)" "$err"

# ---- the exit-code table ----------------------------------------------------------------
# C is overdue on 2024-06-03 (allocated the day after opening, so nothing;
# use a case left unallocated instead).
printf '%s\nE,2024-05-01,opened,cin,,\nF,2024-05-01,visit,,,\n' "$H" >"$tmp/overdue.csv"
ev --fail-on overdue "$tmp/overdue.csv"
check "exit 2: bad input without --skip-invalid" 2 "$rc"
ev --skip-invalid --fail-on overdue "$tmp/overdue.csv"
check "exit 4: set aside and --fail-on matched" 4 "$rc"
ev --skip-invalid "$tmp/overdue.csv"
check "exit 3: set aside" 3 "$rc"
printf '%s\nE,2024-05-01,opened,cin,,\n' "$H" >"$tmp/good.csv"
ev --skip-invalid --fail-on overdue "$tmp/good.csv"
check "exit 1: --fail-on matched, nothing set aside" 1 "$rc"
run evaluate --policy "$POL" --as-of 2024-05-01 --skip-invalid --fail-on overdue "$tmp/good.csv"
check "exit 0" 0 "$rc"
run --help
check "--help has the exit-code table" 5 "$(grep -c -E '^  [0-4]  ' <<<"$out")"

finish
