#!/usr/bin/env bash
# libunalloc tests: `unalloc evaluate`, `report` and `policy` (the ETL face).
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
SRC=${UNALLOC_SOURCE_ROOT:?}
POL=$SRC/tests/policies/example-council.policy

cat >"$tmp/events.csv" <<'CSV'
case_id,at,event,detail,worker,locality
B,2024-05-20,opened,cin,,South
B,2024-05-21,allocated,social-worker,SW1,
A,2024-05-20,opened,referral,,North
A,2024-05-20,born,,,
"A",2024-05-31,review,team-manager,TM1,
CSV
# The same rows, not grouped by case.
cat >"$tmp/shuffled.csv" <<'CSV'
case_id,at,event,detail,worker,locality
A,2024-05-20,opened,referral,,North
B,2024-05-20,opened,cin,,South
A,2024-05-31,review,team-manager,TM1,
B,2024-05-21,allocated,social-worker,SW1,
A,2024-05-20,born,,,
CSV

run evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/events.csv"
check "evaluate json exit 0" 0 "$rc"
check "the run record, then one JSON line per case" 3 "$(printf '%s\n' "$out" | wc -l)"
check "the run record first" '{"record":"run","library":' "$(head -n1 <<<"$out" | cut -c1-26)"
check "sorted by case id" '{"record":"case","case_id":"A"' "$(sed -n 2p <<<"$out" | cut -c1-30)"
json=$out
if command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import json' 2>/dev/null; then
    check "JSON parses, fields as specified" "A unallocated 2024-05-20 9 review overdue" \
        "$(/usr/bin/python3 -c '
import json, sys
r = [json.loads(l) for l in sys.stdin]
a = r[1]
o = [x for x in a["obligations"] if x["rule"] == "example.letter"][0]
print(a["case_id"], a["status"], a["unallocated_since"], a["working_days_unallocated"],
      a["obligations"][0]["kind"], o["state"])' <<<"$out")"
fi

run evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/shuffled.csv"
check "ungrouped input gives the same answer" "$json" "$out"
run evaluate --policy "$POL" --as-of 2024-06-03 - <"$tmp/shuffled.csv"
check "stdin" "$json" "$out"

# A case whose first rows alone would be invalid (allocated before opened)
# must not be judged before its later rows are read.
printf 'case_id,at,event,detail,worker,locality\nX,2024-05-21,allocated,social-worker,S,\nY,2024-05-20,opened,cin,,\nX,2024-05-20,opened,cin,,\n' >"$tmp/split.csv"
run evaluate --policy "$POL" --as-of 2024-06-03 --format cases-csv "$tmp/split.csv"
check "split case: evaluated whole" 0 "$rc"
check "split case: allocated" 1 "$(grep -c '^X,2024-06-03,example-council,[0-9a-f]\{16\},[0-9a-f]\{16\},2027,allocated,' <<<"$out")"

run evaluate --policy "$POL" --as-of 2024-06-03 --format csv "$tmp/events.csv"
check "csv header" "case_id,as_of,policy,kind,role,rule,clause,basis,start,due,state,met_at,late,occurrence,spell,on_record,note" \
    "$(head -n1 <<<"$out")"
check "csv: the late review" 1 "$(grep -c '^A,2024-06-03,example-council,review,team-manager,example.review,.*,2024-05-20,2024-05-30,met,2024-05-31,true,1,1,false,$' <<<"$out")"
run evaluate --policy "$POL" --as-of 2024-06-03 --format cases-csv "$tmp/events.csv"
check "cases-csv: one row per case, with header" 3 "$(printf '%s\n' "$out" | wc -l)"
check "cases-csv: allocated case listed" 1 "$(grep -c '^B,2024-06-03,example-council,[0-9a-f]\{16\},[0-9a-f]\{16\},2027,allocated,false,' <<<"$out")"

run evaluate --policy "$POL" --as-of 2024-06-03 --format csv --state overdue "$tmp/events.csv"
check "--state overdue keeps only overdue rows" "header A,overdue" \
    "$(sed -n '1s/^case_id.*/header/p; 2,$s/^\([A-Z]\),.*,\(overdue\),,false,.*/\1,\2/p' <<<"$out" | paste -sd' ')"
expect_error "--state needs csv" evaluate --policy "$POL" --as-of 2024-06-03 --state overdue "$tmp/events.csv"
expect_error "--state unknown" evaluate --policy "$POL" --as-of 2024-06-03 --format csv --state late "$tmp/events.csv"

# Now and on record (issue 12): protocol-2019. R was unallocated from Monday
# 13 May 2024 and counted from add(13 May, 5) = Monday 20 May, when the
# manager's oversight fell due, and the weekly review on 20 + 7 = Monday 27
# May (the spring bank holiday: a calendar-day interval); nobody recorded
# either. A social worker holds the case from Tuesday 28 May, so the spell
# ended after both fell due: both stay overdue in the episode's record, on
# record, and nothing is overdue now. N, the same without the worker, is
# unallocated now, and both are overdue now.
printf 'case_id,at,event,detail,worker,locality\nR,2024-05-13,opened,cin,,North\nR,2024-05-28,allocated,social-worker,SW1,\nN,2024-05-13,opened,cin,,North\n' >"$tmp/record.csv"
run evaluate --policy protocol-2019 --as-of 2024-06-03 --format cases-csv "$tmp/record.csv"
check "cases-csv: now and on record columns" 1 "$(head -n1 <<<"$out" | grep -c ',obligations_due_now,obligations_overdue_now,obligations_overdue_on_record,warning_codes$')"
check "cases-csv: R has nothing overdue now, two on record" 1 "$(grep -c '^R,.*,allocated,.*,0,0,2,' <<<"$out")"
check "cases-csv: N has both overdue now" 1 "$(grep -c '^N,.*,unallocated,.*,0,2,0,' <<<"$out")"
run evaluate --policy protocol-2019 --as-of 2024-06-03 --format csv --state overdue-on-record "$tmp/record.csv"
check "--state overdue-on-record: R's missed oversight and review only" "R,p19.oversight,true R,p19.review-weekly,true" \
    "$(sed -n '2,$s/^\([A-Z]\),[^,]*,[^,]*,[^,]*,[^,]*,\([^,]*\),.*,overdue,,false,1,1,\(true\),$/\1,\2,\3/p' <<<"$out" | paste -sd' ')"
run evaluate --policy protocol-2019 --as-of 2024-06-03 --format csv --state overdue "$tmp/record.csv"
check "--state overdue: now only (N's rows, none of R's)" 0 "$(grep -c '^R,' <<<"$out")"
check "--state overdue: N's oversight is there" 1 "$(grep -c '^N,.*,p19.oversight,.*,overdue,.*,false,$' <<<"$out")"
printf 'case_id,at,event,detail,worker,locality\nR,2024-05-13,opened,cin,,North\nR,2024-05-28,allocated,social-worker,SW1,\n' >"$tmp/record-only.csv"
run evaluate --policy protocol-2019 --as-of 2024-06-03 --fail-on overdue "$tmp/record-only.csv"
check "--fail-on overdue: a missed step on record is not overdue now (exit 0)" 0 "$rc"
run evaluate --policy protocol-2019 --as-of 2024-06-03 --fail-on overdue-on-record "$tmp/record-only.csv"
check "--fail-on overdue-on-record: exit 1" 1 "$rc"
check "JSON: on_record and the counts" 1 "$("$U" evaluate --policy protocol-2019 --as-of 2024-06-03 "$tmp/record-only.csv" | grep -c '"on_record":true.*"obligations_due_now":0,"obligations_overdue_now":0,"obligations_overdue_on_record":2')"
expect_error "--fail-on unknown" evaluate --policy protocol-2019 --as-of 2024-06-03 --fail-on late "$tmp/record-only.csv"
run report weekly-return --policy protocol-2019 --as-of 2024-06-03 "$tmp/record.csv"
check "weekly return: the record listed apart" 1 "$(grep -c '^  R: 2 obligations missed$' <<<"$out")"

# A UTF-8 byte order mark (spreadsheets' "CSV UTF-8") is read as such, not as part of case_id.
{ printf '\xef\xbb\xbf'; cat "$tmp/events.csv"; } >"$tmp/bom.csv"
run evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/events.csv"
plain=$out
run evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/bom.csv"
check "BOM: exit 0" 0 "$rc"
check "BOM: same answer as without" "$plain" "$out"

run evaluate --policy "$POL" --as-of 2024-06-03 --fail-on overdue "$tmp/events.csv"
check "--fail-on overdue exits 1" 1 "$rc"
check "--fail-on still prints" 3 "$(printf '%s\n' "$out" | wc -l)"
run evaluate --policy "$POL" --as-of 2024-05-21 --fail-on overdue "$tmp/events.csv"
check "--fail-on with nothing overdue exits 0" 0 "$rc"

# Malformed input: file, line and column; nothing on stdout.
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-20,opened,referral,,\nA,2024-02-30,visit,,,\n' >"$tmp/bad-date.csv"
expect_error "impossible date" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/bad-date.csv"
check "impossible date: file:line:column" 1 "$(grep -c "bad-date.csv:3:2: '2024-02-30' is not a valid date" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-20,opened,referal,,\n' >"$tmp/bad-detail.csv"
expect_error "unknown category" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/bad-detail.csv"
check "unknown category: column 4" 1 "$(grep -c "bad-detail.csv:2:4: .*referal" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-20,opened,referral\n' >"$tmp/short.csv"
expect_error "short row" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/short.csv"
check "short row: line and its last column" 1 "$(grep -c "short.csv:2:4: expected 6 fields, found 4" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-20,opened,referral,,North,x\n' >"$tmp/long.csv"
expect_error "long row" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/long.csv"
check "long row: the first extra column" 1 "$(grep -c "long.csv:2:7: expected 6 fields, found 7" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-20,opened,cin,,\nA,2024-05-21,worker-absent,sik,W,\n' >"$tmp/absent.csv"
expect_error "bad absence detail" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/absent.csv"
# the event's name holds "worker"; the column is still the detail's
check "bad absence detail: column 4" 1 "$(grep -c "absent.csv:3:4: .*unknown detail 'sik'" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA\xff,2024-05-20,opened,cin,,\n' >"$tmp/latin1.csv"
expect_error "a case id that is not UTF-8" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/latin1.csv"
check "not UTF-8: column 1" 1 "$(grep -c "latin1.csv:2:1: a case id must be .* UTF-8" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-20,opened,cin,,"North\nEast"\n' >"$tmp/ctl.csv"
expect_error "newline in a locality" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/ctl.csv"
check "newline in a locality: column 6" 1 "$(grep -c "ctl.csv:2:6: .*the locality must be" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA,"2024-05-20,opened,referral,,\n' >"$tmp/quote.csv"
expect_error "unclosed quote" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/quote.csv"
printf 'case_id,when,event\n' >"$tmp/header.csv"
expect_error "bad header" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/header.csv"
check "bad header names the column" 1 "$(grep -c "unknown column 'when'" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA,2024-05-20,visit,,,\nA,2024-05-21,opened,cin,,\n' >"$tmp/seq.csv"
expect_error "event before opened" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/seq.csv"
check "sequence error names the row" 1 "$(grep -c "seq.csv:2:3: case A, event 1 (visit at 2024-05-20): comes before" <<<"$err")"
printf 'case_id,at,event,detail,worker,locality\nA, 2024-05-20,opened,cin,,\n' >"$tmp/space.csv"
expect_error "leading space in a date" evaluate --policy "$POL" --as-of 2024-06-03 "$tmp/space.csv"
expect_error "missing --as-of" evaluate --policy "$POL" "$tmp/events.csv"
expect_error "bad --as-of" evaluate --policy "$POL" --as-of 2024-13-01 "$tmp/events.csv"
expect_error "unknown policy" evaluate --policy no-such --as-of 2024-06-03 "$tmp/events.csv"
expect_error "bad format" evaluate --policy "$POL" --as-of 2024-06-03 --format xml "$tmp/events.csv"
expect_error "wrong region" evaluate --policy "$POL" --region scotland --as-of 2024-06-03 "$tmp/events.csv"
expect_error "empty input" evaluate --policy "$POL" --as-of 2024-06-03 /dev/null

# --skip-invalid: bad cases set aside (one message each), the rest evaluated, exit 3.
cat "$tmp/events.csv" >"$tmp/mixed.csv"
printf 'C,2024-05-20,opened,cin,,\nC,2024-05-21,allocated,sw,X,\nD,2024-05-20,visit,,,\n' >>"$tmp/mixed.csv"
run evaluate --policy "$POL" --as-of 2024-06-03 --skip-invalid "$tmp/mixed.csv"
check "--skip-invalid exits 3" 3 "$rc"
check "--skip-invalid: the good cases" "A
B" "$(sed -n 's/^{"record":"case","case_id":"\([A-Z]\)".*/\1/p' <<<"$out")"
check "--skip-invalid: a message per bad row" 2 "$(printf '%s\n' "$err" | grep -c 'set aside)$')"

run report weekly-return --policy "$POL" --as-of 2024-06-03 "$tmp/events.csv"
check "report exit 0" 0 "$rc"
check "report: the return's title" 1 "$(grep -c '^UNALLOCATED WORK - WEEKLY RETURN$' <<<"$out")"
check "report: A counted under Other in North, marked as not on the form" 1 "$(grep -c '^Other (not on the Appendix 1 form) *1  A (since 2024-05-20, 9 working days, referral)$' <<<"$out")"
expect_error "unknown report" report monthly --policy "$POL" --as-of 2024-06-03 "$tmp/events.csv"
check "unknown report lists the reports" 1 "$(grep -c 'weekly-return' <<<"$err")"

run policy check "$POL"
check "policy check ok" 0 "$rc"
check "policy check summary" 1 "$(grep -c 'ok: policy example-council, 4 rules, 1 reports, hash [0-9a-f]\{16\}$' <<<"$out")"
sed 's/scope referral/scope refferal/' "$POL" >"$tmp/bad.policy"
expect_error "policy check: bad file" policy check "$tmp/bad.policy"
check "policy check: file:line:column" 1 "$(grep -c "bad.policy:10:7: unknown category 'refferal'" <<<"$err")"
run policy list
check "policy list exit 0" 0 "$rc"
first=$(head -n1 <<<"$out" | cut -f1)
run policy show "$first"
check "policy show prints the text" 1 "$(grep -c "^policy $first\$" <<<"$out")"
expect_error "policy show unknown" policy show nope

# No cases at all (a header only): an empty answer, not qsort(NULL, 0, ...)
# (undefined; the sanitizer build aborted).
printf 'case_id,at,event,detail,worker,locality\n' >"$tmp/none.csv"
for f in json csv cases-csv; do
    run evaluate --policy "$POL" --as-of 2024-06-03 --format "$f" "$tmp/none.csv"
    check "no cases, $f: exit 0, no message" "0:" "$rc:$err"
done
check "no cases, cases-csv: the header alone" 1 "$(printf '%s\n' "$out" | wc -l)"
run report weekly-return --policy "$POL" --as-of 2024-06-03 "$tmp/none.csv"
check "no cases, report: exit 0" "0:" "$rc:$err"
# Settings (issue 11): a council's value for a local timing, and the basis of
# each row. SW1 off sick from Friday 10 May 2024: the risk assessment is due
# add(10 May, 5) = Friday 17 May by default, add(10 May, 3) = Wednesday 15 May
# with --set; a local timing either way.
printf 'case_id,at,event,detail,worker,locality\nS,2024-05-01,opened,cin,,North\nS,2024-05-01,allocated,social-worker,SW1,\nS,2024-05-10,worker-absent,sick,SW1,\n' >"$tmp/absent.csv"
run evaluate --policy protocol-2019 --as-of 2024-05-13 --format csv "$tmp/absent.csv"
check "settings: default local timing" 1 "$(grep -c '^S,2024-05-13,protocol-2019,risk-assessment,team-manager,p19.risk-assessment,.*,local,2024-05-10,2024-05-17,pending,' <<<"$out")"
check "settings: document timing" 1 "$(grep -c '^S,2024-05-13,protocol-2019,reallocate,.*,document,2024-05-10,2024-06-07,pending,' <<<"$out")"
run evaluate --policy protocol-2019 --set "risk-assessment-within=3 working-days" --as-of 2024-05-13 --format csv "$tmp/absent.csv"
check "settings: --set exit 0" 0 "$rc"
check "settings: --set moves the due date" 1 "$(grep -c ',p19.risk-assessment,.*,local,2024-05-10,2024-05-15,pending,' <<<"$out")"
run evaluate --policy protocol-2019 --set "risk-assessment-within=3 working-days" --as-of 2024-05-13 "$tmp/absent.csv"
check "settings: JSON basis" 1 "$(grep -c '"rule":"p19.risk-assessment","clause":"Protocol for Management of unallocated cases in Children.s Social Care (review due October 2019), Management oversight of unallocated work: [^"]*","basis":"local"' <<<"$out")"
hash_default=$("$U" evaluate --policy protocol-2019 --as-of 2024-05-13 --format cases-csv "$tmp/absent.csv" | tail -n1 | cut -d, -f4)
hash_set=$("$U" evaluate --policy protocol-2019 --set "risk-assessment-within=3 working-days" --as-of 2024-05-13 --format cases-csv "$tmp/absent.csv" | tail -n1 | cut -d, -f4)
check "settings: the policy hash covers them" 1 "$([ -n "$hash_default" ] && [ "$hash_default" != "$hash_set" ] && echo 1)"
expect_error "--set unknown name" evaluate --policy protocol-2019 --set "risk-within=3 days" --as-of 2024-05-13 "$tmp/absent.csv"
check "--set unknown name lists the settings" 1 "$(grep -c "no setting 'risk-within' (its settings: review-every, risk-assessment-within, concern-escalation-within)" <<<"$err")"
expect_error "--set bad value" evaluate --policy protocol-2019 --set "risk-assessment-within=soon" --as-of 2024-05-13 "$tmp/absent.csv"
check "--set bad value says why" 1 "$(grep -c "'soon' is not a duration" <<<"$err")"
expect_error "--set without =" evaluate --policy protocol-2019 --set risk-assessment-within --as-of 2024-05-13 "$tmp/absent.csv"
run report weekly-return --policy protocol-2019 --set "review-every=5 working-days" --as-of 2024-05-13 "$tmp/absent.csv"
check "settings: report takes --set" 0 "$rc"
run policy show protocol-2019
check "policy show lists the settings" 3 "$(grep -c '^setting ' <<<"$out")"
run policy doc nelc-2022
check "policy doc names documents by title" 0 "$(grep -c '001_9eefd956722a7424' <<<"$out")"
check "policy doc has a basis column" 1 "$(grep -c '^| rule | clause | parameters | basis | reading |$' <<<"$out")"

# Each output to its own file, at most one to standard output: -o, --meta and
# --rejects naming one file (however spelt) would overwrite each other, and
# rows set aside on standard output would be mixed into the output.
printf 'case_id,at,event,detail,worker,locality\nC1,2024-01-05,opned,cp,,S\nC2,2024-01-05,opened,cp,,S\n' >"$tmp/mixed.csv"
mkdir -p "$tmp/sub"
expect_error "-o and --meta one file" evaluate --policy nelc-2022 --as-of 2024-06-28 --meta "$tmp/same.json" -o "$tmp/same.json" "$tmp/events.csv"
check "-o and --meta one file: named, nothing written" "1:no" \
    "$(grep -c -- "--meta and -o (--output) name the same file" <<<"$err"):$([ -e "$tmp/same.json" ] && echo yes || echo no)"
expect_error "-o and --meta one file, spelt two ways" evaluate --policy nelc-2022 --as-of 2024-06-28 --meta "$tmp/sub/../same.json" -o "$tmp/./same.json" "$tmp/events.csv"
echo old >"$tmp/kept.csv"
expect_error "-o and --rejects one file" evaluate --policy nelc-2022 --as-of 2024-06-28 --skip-invalid --rejects "$tmp/kept.csv" -o "$tmp/kept.csv" "$tmp/mixed.csv"
check "-o and --rejects one file: the file as it was" old "$(cat "$tmp/kept.csv")"
ln -s kept.csv "$tmp/link.csv"
expect_error "--rejects through a link to -o" evaluate --policy nelc-2022 --as-of 2024-06-28 --skip-invalid --rejects "$tmp/link.csv" -o "$tmp/kept.csv" "$tmp/mixed.csv"
expect_error "--rejects - with the output on stdout" evaluate --policy nelc-2022 --as-of 2024-06-28 --format cases-csv --skip-invalid --rejects - "$tmp/mixed.csv"
check "--rejects - with the output on stdout: why" 1 "$(grep -c -- "--rejects and the output would both go to standard output" <<<"$err")"
expect_error "report: --meta and -o one file" report weekly-return --policy protocol-2019 --as-of 2024-05-13 --meta "$tmp/r.txt" -o "$tmp/r.txt" "$tmp/absent.csv"
run evaluate --policy nelc-2022 --as-of 2024-06-28 --format cases-csv --skip-invalid --rejects - -o "$tmp/out.csv" "$tmp/mixed.csv"
check "--rejects - with -o FILE: the rows set aside on stdout" "3:line,case_id,column,reason,case_id,at,event,detail,worker,locality:2" \
    "$rc:$(head -1 <<<"$out"):$(wc -l <"$tmp/out.csv")"
run evaluate --policy nelc-2022 --as-of 2024-06-28 --meta "$tmp/m.json" -o "$tmp/o.json" "$tmp/events.csv"
check "-o and --meta, two files" "0:1:3" "$rc:$(wc -l <"$tmp/m.json"):$(wc -l <"$tmp/o.json")"

# The policy's own warning (no review date, a review date passed) is the run
# record's, once a run. JSON has the run record; CSV has none, so without
# --meta it is said once on stderr, never lost and never in each row.
run evaluate --policy nelc-2022 --as-of 2024-06-28 --format cases-csv "$tmp/events.csv"
check "cases-csv without --meta: the policy's warning once on stderr" \
    "0:unalloc: warning: policy nelc-2022: the policy states no review date (the document's 'Review date' field is left blank) (no-review-date; CSV has no run record: --meta FILE writes it)" \
    "$rc:$err"
check "... and not in the rows" 0 "$(grep -c "no-review-date" <<<"$out")"
run evaluate --policy nelc-2022 --as-of 2024-06-28 --format csv "$tmp/events.csv"
check "csv without --meta: the same" 1 "$(grep -c "^unalloc: warning: policy nelc-2022: .*(no-review-date; " <<<"$err")"
run evaluate --policy nelc-2022 --as-of 2024-06-28 --format csv --meta "$tmp/m2.json" "$tmp/events.csv"
check "csv with --meta: in the run record, nothing on stderr" "0::1" \
    "$rc:$err:$(grep -c '"code":"no-review-date"' "$tmp/m2.json")"
run evaluate --policy nelc-2022 --as-of 2024-06-28 "$tmp/events.csv"
check "json: in the first line, nothing on stderr" "0::1" \
    "$rc:$err:$(head -n1 <<<"$out" | grep -c '"code":"no-review-date"')"
# protocol-2019's review date is 31 October 2019: passed the next day, as of
# the latest of several dates.
run evaluate --policy protocol-2019 --as-of 2019-10-31 --format cases-csv "$tmp/events.csv"
check "csv, review date not passed: nothing on stderr" "0:" "$rc:$err"
run evaluate --policy protocol-2019 --as-of 2019-10-31 --as-of 2019-11-01 --format cases-csv "$tmp/events.csv"
check "csv, passed by the latest as-of: said once" \
    "0:unalloc: warning: policy protocol-2019: the policy's review date 2019-10-31 has passed: check that the council has not replaced the document (review-date-passed; CSV has no run record: --meta FILE writes it)" \
    "$rc:$err"

finish
