#!/bin/sh
# Runs an example and compares its output with the expected text.
#   check-output.sh PROGRAM EXPECTED
# SPDX-License-Identifier: MIT
out=$("$1") || { echo "$1 failed" >&2; exit 1; }
printf '%s\n' "$out" | diff -u "$2" - || exit 1
