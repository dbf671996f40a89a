# libunalloc tests: helpers shared by the command-line tests (sourced after
# tap.sh). Sets U (the CLI under test) and tmp (removed on exit).
# SPDX-License-Identifier: MIT
U=${UNALLOC_CLI:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run ARGS... : captures stdout, stderr and status in $out, $err, $rc
run() {
    "$U" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# expect_error NAME ARGS... : status 2, one line on stderr, nothing on stdout
expect_error() {
    local name=$1
    shift
    run "$@"
    check "$name: exit 2" 2 "$rc"
    check "$name: stdout empty" "" "$out"
    check "$name: one line on stderr" 1 "$(printf '%s\n' "$err" | wc -l)"
}
