# libunalloc tests: a tiny TAP helper for shell tests. Source it, call `check`
# for each assertion, then `finish`.
# SPDX-License-Identifier: MIT
tap_n=0
tap_failed=0
tap_out=""

# check NAME EXPECTED ACTUAL
check() {
    tap_n=$((tap_n + 1))
    if [ "$2" = "$3" ]; then
        tap_out="${tap_out}ok ${tap_n} - $1
"
    else
        tap_failed=$((tap_failed + 1))
        tap_out="${tap_out}not ok ${tap_n} - $1
# expected: $(printf '%s' "$2" | head -c 2000 | sed 's/^/#   /')
# actual:   $(printf '%s' "$3" | head -c 2000 | sed 's/^/#   /')
"
    fi
}

# check_true NAME COMMAND...
check_true() {
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then check "$name" ok ok; else check "$name" ok "command failed: $*"; fi
}

finish() {
    echo "1..${tap_n}"
    printf '%s' "$tap_out"
    [ "$tap_failed" -eq 0 ]
}
