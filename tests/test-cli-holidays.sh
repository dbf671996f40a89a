#!/usr/bin/env bash
# libunalloc tests: `unalloc holidays --format tsv|csv|json|ics`, and gov.uk's
# bank-holidays.json wherever an iCalendar file is read (--ics). The
# iCalendar output is read back by the command itself (libical) and by
# Python's icalendar package (tests/ics-to-tsv.py), and must give the same
# dates and names as the TSV.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
DATA=${UNALLOC_TEST_DATA:?}
SRC=${UNALLOC_SOURCE_ROOT:?}
PY=/usr/bin/python3
JSON=$DATA/govuk-bank-holidays.json

# ---- formats, worked by hand ----------------------------------------------------
range=(--from 2026-12-24 --to 2027-01-04 --closure 2026-12-29..2027-01-03)
run holidays "${range[@]}"
tsv=$out
check "tsv (the default)" "2026-12-25	Christmas Day
2026-12-28	Boxing Day (substitute day)
2026-12-29	closure
2026-12-30	closure
2026-12-31	closure
2027-01-01	New Year’s Day" "$out"
run holidays "${range[@]}" --format tsv
check "--format tsv is the default" "$tsv" "$out"
run holidays "${range[@]}" --format csv
check "csv" "date,name,source
2026-12-25,Christmas Day,rule
2026-12-28,Boxing Day (substitute day),rule
2026-12-29,closure,closure
2026-12-30,closure,closure
2026-12-31,closure,closure
2027-01-01,New Year’s Day,rule" "$out"
run holidays "${range[@]}" --format=json
check "json: one object per line" '{"date":"2026-12-25","name":"Christmas Day","source":"rule"}
{"date":"2026-12-28","name":"Boxing Day (substitute day)","source":"rule"}
{"date":"2026-12-29","name":"closure","source":"closure"}
{"date":"2026-12-30","name":"closure","source":"closure"}
{"date":"2026-12-31","name":"closure","source":"closure"}
{"date":"2027-01-01","name":"New Year’s Day","source":"rule"}' "$out"
check "json: every line parses, with the tsv's dates and names" "$tsv" \
    "$("$U" holidays "${range[@]}" --format json |
        $PY -c 'import json, sys
for line in sys.stdin:
    o = json.loads(line)
    print(o["date"] + "\t" + o["name"])')"
run holidays --from 2024-05-25 --to 2024-05-26 --format csv
check "csv: a range without holidays is the header" "date,name,source" "$out"

# ---- iCalendar ----------------------------------------------------------------------
whole=(--from 2024-01-01 --to 2027-12-31 --closure 2026-12-29..2027-01-03 --region scotland)
"$U" holidays "${whole[@]}" --format ics >"$tmp/a.ics"
check "ics: exit 0" 0 "$?"
"$U" holidays "${whole[@]}" --format ics >"$tmp/b.ics"
check "ics: two runs are byte-identical" "" "$(cmp "$tmp/a.ics" "$tmp/b.ics" 2>&1)"
check "ics: CRLF line ends throughout" 0 "$(grep -c -a -v $'\r$' "$tmp/a.ics")"
check "ics: no clock in it (DTSTAMP is the day at 00:00 UTC)" \
    "DTSTAMP:20241202T000000Z" "$(grep -a '^DTSTAMP:20241202' "$tmp/a.ics" | tr -d '\r')"
"$U" holidays "${whole[@]}" >"$tmp/want.tsv"
# Read back by the command (libical): the file's years replace the rules, so
# the same days and names come back, without the closure option.
run holidays --region scotland --from 2024-01-01 --to 2027-12-31 --ics "$tmp/a.ics"
check "ics read back by unalloc (libical): same days and names" "$(cat "$tmp/want.tsv")" "$out"
run holidays --region scotland --from 2024-01-01 --to 2027-12-31 --ics "$tmp/a.ics" --format csv
check "read back, every day's source is the file" "file" "$(tail -n +2 <<<"$out" | cut -d, -f3 | sort -u)"
# Read back by Python's icalendar package, which shares no code with libical.
run_py=$($PY "$SRC/tests/ics-to-tsv.py" "$tmp/a.ics" 2>&1)
check "ics read back by Python's icalendar: same days and names" "$(cat "$tmp/want.tsv")" "$run_py"

# An iCalendar file covers whole years: --ics takes its days as all the bank
# holidays of every year it touches, so a file of 20 December 2024 to
# 2 January 2025 would read back as a 2024 without Easter (Monday 1 April 2024
# a working day) and a 2025 without Good Friday.
expect_error "ics of part of a year" holidays --from 2024-12-20 --to 2025-01-02 --format ics
check "ics of part of a year: the whole years to give" 1 \
    "$(grep -c -- '--from 2024-01-01 --to 2025-12-31' <<<"$err")"
expect_error "ics ending before 31 December" holidays --from 2024-01-01 --to 2024-12-30 --format ics
run holidays --from 2024-12-20 --to 2025-01-02 --format json
check "json of part of a year: allowed (nothing reads it back as a year)" 0 "$rc"

# ---- gov.uk's bank-holidays.json, read where an .ics is ----------------------------
for region in england-and-wales scotland northern-ireland; do
    run holidays --region "$region" --ics "$JSON" --from 2019-01-01 --to 2025-12-31
    check "json --ics $region: the rules' days and names" \
        "$("$U" holidays --region "$region" --from 2019-01-01 --to 2025-12-31)" "$out"
done
run holidays --region scotland --ics "$JSON" --from 2024-01-01 --to 2024-01-05
check "json: the region chooses the division" "2024-01-01	New Year’s Day
2024-01-02	2nd January" "$out"
run workdays add 2024-01-01 1 --region scotland --ics "$JSON"
check "json: workdays use it" "2024-01-03" "$out"
cp "$JSON" "$tmp/bank-holidays.ics"
run holidays --ics "$tmp/bank-holidays.ics" --from 2024-12-25 --to 2024-12-26
check "json: told by content, not by the file's name" "2024-12-25	Christmas Day
2024-12-26	Boxing Day" "$out"
# A calendar of both kinds at once.
run holidays --ics "$JSON" --ics "$DATA/govuk-england-and-wales-2012-2017.ics" \
    --from 2017-12-25 --to 2019-01-01 --format csv
check "json and ics together" "2017-12-25,Christmas Day,file
2017-12-26,Boxing Day,file
2018-12-25,Christmas Day,rule
2018-12-26,Boxing Day,rule
2019-01-01,New Year’s Day,file" "$(grep -E '^(2017-12|2018-12|2019-01)' <<<"$out")"
# evaluate takes it too (the policy's region chooses the division).
run evaluate --policy nelc-2022 --as-of 2024-06-14 --ics "$JSON" --format cases-csv \
    "$SRC/examples/data/caseload.csv"
check "evaluate --ics bank-holidays.json: exit 0" 0 "$rc"

# ---- fail closed ------------------------------------------------------------------
printf '{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "x", "date": "2024-01-01"}]}}' >"$tmp/ew.json"
expect_error "json without the region's division" holidays --region scotland --ics "$tmp/ew.json" \
    --from 2024-01-01 --to 2024-01-02
check "json without the region's division: says which" "unalloc: $tmp/ew.json: gov.uk JSON has no \"scotland\" division, the calendar's region (it has: england-and-wales); choose the region of a division it has" "$err"
printf '{"england-and-wales": {"division": "england-and-wales",\n "events": [}}' >"$tmp/syntax.json"
expect_error "json syntax" holidays --ics "$tmp/syntax.json" --from 2024-01-01 --to 2024-01-02
check "json syntax: line and column" 1 "$(grep -c "^unalloc: $tmp/syntax.json:2:13: gov.uk JSON: " <<<"$err")"
printf '{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "x", "date": "2024-01-01"}, {"title": "y", "date": "2024-01-01"}]}}' >"$tmp/dup.json"
expect_error "json duplicate date" holidays --ics "$tmp/dup.json" --from 2024-01-01 --to 2024-01-02
check "json duplicate date: names both" "unalloc: $tmp/dup.json: gov.uk JSON /england-and-wales/events/1: a second event on 2024-01-01 (the first is /england-and-wales/events/0); give one" "$err"
printf '{"england-and-wales": {"division": "england-and-wales", "events": []}} trailing' >"$tmp/trail.json"
expect_error "json trailing text" holidays --ics "$tmp/trail.json" --from 2024-01-01 --to 2024-01-02
expect_error "unknown format" holidays --from 2024-01-01 --to 2024-01-02 --format xml
check "unknown format: lists the formats" \
    "unalloc: holidays: --format: unknown holiday format 'xml' (expected tsv, csv, json or ics)" "$err"
expect_error "format given twice" holidays --from 2024-01-01 --to 2024-01-02 --format csv --format ics

finish
