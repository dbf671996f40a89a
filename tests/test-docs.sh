#!/usr/bin/env bash
# libunalloc tests: doc/policies.md is generated from the built-in policies and
# is up to date (run scripts/update-docs after changing a policy).
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
src=${UNALLOC_SOURCE_ROOT:?}
check "doc/policies.md matches the built-in policies (run scripts/update-docs)" "" \
    "$(diff <("$src/scripts/render-policies-doc" "${UNALLOC_CLI:?}" "$src") "$src/doc/policies.md")"
finish
