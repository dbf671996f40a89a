#!/usr/bin/env bash
# libunalloc tests: how evaluate writes. Without --stream, output is ordered
# by case id whatever the input order; with --stream, each case is written as
# its rows end, in input order, read while the input is still coming; a case
# id that comes back is fatal (fail closed). -o FILE is replaced whole or not
# at all; a run that fails after writing to stdout says so. The reader, which
# reads in 64 KiB pieces, keeps lines, CRLF pairs and quoted rows whole across
# the pieces, and refuses a row longer than 4 MiB (an endless input, a quote
# never closed) instead of holding it.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli.sh"
H='case_id,at,event,detail,worker,locality'
ev() { run evaluate --policy nelc-2022 --as-of 2024-06-03 --format cases-csv "$@"; }
ids() { cut -d, -f1 <<<"$out" | tail -n +2 | tr '\n' ' '; }

# ---- order ----------------------------------------------------------------------------
# grouped, not sorted: B, A, C
printf '%s\nB,2024-05-01,opened,cin,,\nB,2024-05-02,allocated,social-worker,W1,\nA,2024-05-01,opened,cin,,\nC,2024-05-03,opened,cin,,\n' "$H" >"$tmp/grouped.csv"
ev "$tmp/grouped.csv"
check "default: ordered by case id" "0:A B C " "$rc:$(ids)"
ev --stream "$tmp/grouped.csv"
check "--stream: input order" "0:B A C " "$rc:$(ids)"
sorted=$out
ev --stream - <"$tmp/grouped.csv"
check "--stream from stdin: the same" "0:B A C " "$rc:$(ids)"
# the records themselves are the same, whichever order
ev "$tmp/grouped.csv"
check "--stream: the same records" "$(sort <<<"$out")" "$(sort <<<"$sorted")"
# not grouped: without --stream, any order
printf '%s\nB,2024-05-01,opened,cin,,\nA,2024-05-01,opened,cin,,\nB,2024-05-02,allocated,social-worker,W1,\n' "$H" >"$tmp/mixed.csv"
ev "$tmp/mixed.csv"
check "default: rows in any order" "0:A B " "$rc:$(ids)"

# ---- --stream fails closed ------------------------------------------------------------
ev --stream "$tmp/mixed.csv"
check "--stream: a case that comes back: exit 2" 2 "$rc"
check "--stream: the row where it comes back" \
    "unalloc: $tmp/mixed.csv:4:1: case B comes back after its rows ended at line 2: with --stream each case's rows must be together (sort the input by case_id, or leave out --stream)" \
    "$(head -1 <<<"$err")"
check "--stream: stdout incomplete, and stderr says so" \
    "B A :unalloc: the output on standard output is incomplete (2 cases written before the failure): do not use it" \
    "$(ids):$(tail -1 <<<"$err")"
ev --stream --skip-invalid "$tmp/mixed.csv"
check "--stream: a case that comes back is fatal even with --skip-invalid" 2 "$rc"
# a bad row after some cases were written: exit 2, and stderr says the output is incomplete
printf '%s\nA,2024-05-01,opened,cin,,\nB,2024-05-01,opened,cin,,\nC,2024-02-30,opened,cin,,\n' "$H" >"$tmp/late.csv"
ev --stream "$tmp/late.csv"
check "--stream, a late bad row: exit 2, the problem, then incomplete" \
    "2:A B :unalloc: $tmp/late.csv:4:2: '2024-02-30' is not a valid date: February 2024 has 29 days|incomplete (2 cases" \
    "$rc:$(ids):$(head -1 <<<"$err")|$(tail -1 <<<"$err" | grep -o 'incomplete (2 cases')"
ev "$tmp/late.csv"
check "default, a bad row: exit 2, nothing on stdout" "2:" "$rc:$out"
ev --stream --skip-invalid "$tmp/late.csv"
check "--stream --skip-invalid: the bad case set aside, exit 3" "3:A B " "$rc:$(ids)"

# ---- --stream over a file: a filter of the ids, and a second reading -----------------
# A regular file keeps a fixed-size filter of the case ids, not every id; ids it
# may have seen are checked by reading the file again. A pipe keeps every id.
# UNALLOC_TEST_FILTER_BITS=8 makes the filter full after a few ids (every id a
# suspect: the second reading clears them); UNALLOC_TEST_MAX_SUSPECTS=5 goes past
# the most suspects kept (the second reading keeps every id).
awk -v H="$H" 'BEGIN {
    print H
    for (i = 1; i <= 2000; i++) {
        printf "C%05d,2024-05-%02d,opened,cin,,North\n", i, 1 + i % 28
        if (i % 3) printf "C%05d,2024-05-%02d,allocated,social-worker,W%d,North\n", i, 2 + i % 28, i % 50
        if (i % 7 == 0) printf "C%05d,2024-06-03,visit,,W%d,North\n", i, i % 50
    }
}' >"$tmp/big.csv"
js() { run evaluate --policy nelc-2022 --as-of 2024-06-03 "$@"; }
js "$tmp/big.csv"
sorted=$out
check "a grouped file: 2000 cases and the run record" "0:2001" "$rc:$(wc -l <<<"$out")"
js --stream - < <(cat "$tmp/big.csv")
check "--stream from a pipe (every id kept): the bytes of the sorted run" "0:$sorted" "$rc:$out"
js --stream "$tmp/big.csv"
check "--stream from the file (the filter): the same bytes" "0:$sorted:" "$rc:$out:$err"
UNALLOC_TEST_FILTER_BITS=8 js --stream "$tmp/big.csv"
check "--stream, every id a false suspect: the same bytes, nothing on stderr" "0:$sorted:" "$rc:$out:$err"
UNALLOC_TEST_FILTER_BITS=8 UNALLOC_TEST_MAX_SUSPECTS=5 js --stream "$tmp/big.csv"
check "--stream, past the most suspects kept: the same bytes" "0:$sorted:" "$rc:$out:$err"
UNALLOC_TEST_FILTER_BITS=8 js --stream - <"$tmp/big.csv"
check "--stream, stdin from the file (read again too): the same bytes" "0:$sorted:" "$rc:$out:$err"
UNALLOC_TEST_FILTER_BITS=0 js --stream "$tmp/big.csv"
check "UNALLOC_TEST_FILTER_BITS=0: refused" "2:1" "$rc:$(grep -c 'UNALLOC_TEST_FILTER_BITS must be a count' <<<"$err")"
# a case that comes back: the same refusal from a pipe, from the file, and from
# the file with every id a suspect or past the most kept
back="unalloc: $tmp/mixed.csv:4:1: case B comes back after its rows ended at line 2: with --stream each case's rows must be together (sort the input by case_id, or leave out --stream)"
for setting in "" UNALLOC_TEST_FILTER_BITS=8 "UNALLOC_TEST_FILTER_BITS=8 UNALLOC_TEST_MAX_SUSPECTS=1"; do
    env $setting "$U" evaluate --policy nelc-2022 --as-of 2024-06-03 --format cases-csv \
        --stream "$tmp/mixed.csv" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
    check "comes back ($setting): exit 2, the row, stdout declared incomplete" \
        "2:$back:B A :unalloc: the output on standard output is incomplete (2 cases written before the failure): do not use it" \
        "$rc:$(head -1 <<<"$err"):$(ids):$(tail -1 <<<"$err")"
    echo old >"$tmp/o.csv"
    env $setting "$U" evaluate --policy nelc-2022 --as-of 2024-06-03 --stream \
        -o "$tmp/o.csv" "$tmp/mixed.csv" >"$tmp/out" 2>"$tmp/err"
    check "comes back ($setting), -o: exit 2, the row, the file as it was, no temporary" \
        "2:$back:old:1" "$?:$(cat "$tmp/err"):$(cat "$tmp/o.csv"):$(ls "$tmp" | grep -c '^o\.csv')"
done
ev --stream - < <(cat "$tmp/mixed.csv")
check "comes back, from a pipe: exit 2, the row, stdout declared incomplete" \
    "2:$(sed "s|$tmp/mixed.csv|stdin|" <<<"$back"):B A :unalloc: the output on standard output is incomplete (2 cases written before the failure): do not use it" \
    "$rc:$(head -1 <<<"$err"):$(ids):$(tail -1 <<<"$err")"
# its rows ended at its last row, whatever that row was (here a bad one); a
# case written after it and the problems found after it are not reported
printf '%s\nB,2024-05-01,opened,cin,,\nB,2024-13-01,visit,,,\nA,2024-05-01,opened,cin,,\nB,2024-05-03,visit,,,\nC,2024-05-01,opened,cin,,\nD,2024-02-30,opened,cin,,\n' "$H" >"$tmp/back2.csv"
for setting in "" UNALLOC_TEST_FILTER_BITS=8; do
    env $setting "$U" evaluate --policy nelc-2022 --as-of 2024-06-03 --format cases-csv \
        --stream --skip-invalid "$tmp/back2.csv" >"$tmp/out" 2>"$tmp/err"
    check "comes back after a bad row ($setting): exit 2, the bad row, then the case that comes back" \
        "2:unalloc: $tmp/back2.csv:3:2: '2024-13-01' is not a valid date: month 13 is not 1 to 12 (case B set aside)|unalloc: $tmp/back2.csv:5:1: case B comes back after its rows ended at line 3: with --stream each case's rows must be together (sort the input by case_id, or leave out --stream) (row set aside)|incomplete" \
        "$?:$(head -2 "$tmp/err" | paste -sd'|')|$(sed -n '3s/.*\(incomplete\).*/\1/p;4p' "$tmp/err")"
done
# an id that is not a case id (a control character) is never a case: its rows are
# bad rows wherever they are, never a case that comes back
printf '%s\nX\t,2024-05-01,opened,cin,,\nA,2024-05-01,opened,cin,,\nX\t,2024-05-02,visit,,,\n' "$H" >"$tmp/badid.csv"
for how in file pipe filter; do
    case $how in
    file) ev --stream --skip-invalid "$tmp/badid.csv" ;;
    pipe) ev --stream --skip-invalid - < <(cat "$tmp/badid.csv") ;;
    filter) UNALLOC_TEST_FILTER_BITS=8 ev --stream --skip-invalid "$tmp/badid.csv" ;;
    esac
    check "an invalid id in two runs ($how): its rows set aside, A evaluated, exit 3" \
        "3:A :2:0" "$rc:$(ids):$(grep -c 'a case id must be' <<<"$err"):$(grep -c 'comes back' <<<"$err")"
done

# ---- --stream reads as the input comes ------------------------------------------------
mkfifo "$tmp/fin" "$tmp/fout"
"$U" evaluate --policy nelc-2022 --as-of 2024-06-03 --format cases-csv --stream "$tmp/fin" \
    >"$tmp/fout" 2>"$tmp/stream-err" &
pid=$!
exec 4<"$tmp/fout" 3>"$tmp/fin"
printf '%s\nA,2024-05-01,opened,cin,,\nB,2024-05-01,opened,cin,,\n' "$H" >&3
first=""
read -r -t 30 header <&4 && read -r -t 30 first <&4
check "--stream: case A written while the input is still open" A "${first%%,*}"
exec 3>&-
rest=$(cat <&4)
exec 4<&-
wait "$pid"
check "--stream: then B, at the end of the input" "0:B" "$?:${rest%%,*}"

# ---- -o FILE --------------------------------------------------------------------------
ev -o "$tmp/o.csv" "$tmp/grouped.csv"
check "-o: nothing on stdout, exit 0" "0:" "$rc:$out"
check "-o: the file holds the output" "A B C " "$(cut -d, -f1 "$tmp/o.csv" | tail -n +2 | tr '\n' ' ')"
echo old >"$tmp/o.csv"
ev --stream --output "$tmp/o.csv" "$tmp/late.csv"
check "-o, a failed run: exit 2, the file as it was, no temporary file left" "2:old:1" \
    "$rc:$(cat "$tmp/o.csv"):$(ls "$tmp" | grep -c '^o\.csv')"
check "-o, a failed run: no word of stdout" 0 "$(grep -c 'standard output' <<<"$err")"
ev -o "$tmp/none/o.csv" "$tmp/grouped.csv"
check "-o in a missing directory: exit 2, named" "2:1" "$rc:$(grep -c "none/o.csv" <<<"$err")"
ev -o - "$tmp/grouped.csv"
check "-o -: stdout" "0:A B C " "$rc:$(ids)"
if [ -w /dev/full ]; then
    ev -o /dev/full "$tmp/grouped.csv"
    check "-o /dev/full: exit 2, named" "2:1" "$rc:$(grep -c '/dev/full' <<<"$err")"
fi
run report weekly-return --policy nelc-2022 --as-of 2024-06-03 -o "$tmp/r.txt" "$tmp/grouped.csv"
check "report -o: the file holds the report" "0::1" "$rc:$out:$([ -s "$tmp/r.txt" ] && echo 1)"

# ---- reading in pieces ----------------------------------------------------------------
# 3,000 cases over CRLF lines (about 220 KB: several 64 KiB pieces), every 97th
# with a quoted locality over two lines (a bad value: 30 cases set aside), and a
# bad case at the end (a quoted row over two lines too): the same answer as LF lines, every line number right,
# the rejects' rows whole.
awk -v H="$H" 'BEGIN {
    ORS = "\r\n"; print H
    for (i = 1; i <= 3000; i++) {
        loc = (i % 97 == 0) ? "\"North\r\nEast\"" : "North"
        printf "C%05d,2024-05-01,opened,cin,,%s\r\n", i, loc
        printf "C%05d,2024-05-02,allocated,social-worker,W%d,North\r\n", i, i
    }
    print "Z,2024-05-01,opened,cin,,\"a long, quoted\r\nlocality\""
    print "Z,2024-02-30,visit,,,"
}' >"$tmp/crlf.csv"
tr -d '\r' <"$tmp/crlf.csv" >"$tmp/lf.csv"
lines=$(( $(wc -l <"$tmp/lf.csv") ))
for mode in "" --stream; do
    ev $mode --skip-invalid --rejects "$tmp/rej.csv" "$tmp/crlf.csv"
    crlf=$out
    check "pieces $mode: the bad row at its line ($lines)" \
        "3:1" "$rc:$(grep -c "crlf.csv:$lines:2: '2024-02-30'" <<<"$err")"
    check "pieces $mode: 2970 cases" 2970 "$(tail -n +2 <<<"$out" | wc -l)"
    check "pieces $mode: 31 cases set aside" 1 "$(grep -c '(31 cases): not evaluated' <<<"$err")"
    check "pieces $mode: the rejects hold the quoted rows whole" 30 \
        "$(tr -d '\r' <"$tmp/rej.csv" | grep -c '^East"')"
    check "pieces $mode: the rejects hold Z's quoted row" \
        "$((lines - 2)),Z,6,\"case Z, event 1 (opened at 2024-05-01): the locality must be at most 256 bytes of UTF-8 without control characters\",Z,2024-05-01,opened,cin,,\"a long, quoted" \
        "$(tr -d '\r' <"$tmp/rej.csv" | grep "^$((lines - 2)),Z,")"
    ev $mode --skip-invalid "$tmp/lf.csv"
    check "pieces $mode: CRLF and LF read alike" "$out" "$crlf"
done

# ---- limits: an endless row, a quote never closed ------------------------------------
for mode in "" --stream; do
    expect_error "/dev/zero $mode: one endless row" evaluate --policy nelc-2022 --as-of 2024-06-03 $mode /dev/zero
    check "/dev/zero $mode: the limit named" "unalloc: /dev/zero:1: a row longer than 4194304 bytes" "$err"
done
{ printf '%s\nA,2024-05-01,opened,cin,,\nA,"2024-05-02,visit,,,\n' "$H"; yes x | head -c 5000000; } >"$tmp/open-quote.csv"
expect_error "a quote open over 4 MiB" evaluate --policy nelc-2022 --as-of 2024-06-03 "$tmp/open-quote.csv"
check "a quote open over 4 MiB: where it opened" \
    "unalloc: $tmp/open-quote.csv:3: this quote is not closed within 4194304 bytes: is it ever?" "$err"
finish
