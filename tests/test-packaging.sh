#!/usr/bin/env bash
# libunalloc tests: the Python package as a user installs it, offline, from
# Debian's packages only (run by scripts/test; TAP on stdout).
#  1. `python3 -m build --no-isolation --wheel` makes a wheel; it installs into
#     a fresh venv (--system-site-packages, for Debian's numpy and pandas),
#     and the policy scenarios and the example notebook run from that venv,
#     away from the source and build trees.
#  2. `pip install --no-build-isolation .` works in another fresh venv.
#  3. `meson install` with the venv as prefix: the package lands where that
#     interpreter imports it, and the installed command runs without
#     LD_LIBRARY_PATH or ldconfig.
# SPDX-License-Identifier: MIT
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/tap.sh"
PY=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n "s/^ *version: '\([^']*\)'.*/\1/p" "$src/meson.build" | head -n 1)

# 1. the wheel
(cd "$src" && "$PY" -m build --no-isolation --wheel --outdir "$work/dist") >"$work/wheel.log" 2>&1
check "python3 -m build --no-isolation --wheel" 0 "$?"
wheel=$(ls "$work"/dist/unalloc-*.whl 2>/dev/null | head -n 1)
check "one platform wheel" 1 "$(ls "$work"/dist/unalloc-"$version"-cp3*-linux_*.whl 2>/dev/null | wc -l)"
"$PY" -m venv --system-site-packages "$work/venv" >/dev/null 2>&1
"$work/venv/bin/pip" install --no-index -q "$wheel" >"$work/pip.log" 2>&1
check "the wheel installs into a fresh venv" 0 "$?"
check "the wheel holds no C library, headers or command" "" \
    "$("$PY" -m zipfile -l "$wheel" | grep -E 'libunalloc|\.h |bin/unalloc' )"
cd "$work" || exit 2
got=$(env -u PYTHONPATH -u LD_LIBRARY_PATH "$work/venv/bin/python" -c \
    'import unalloc; print(unalloc.__file__.startswith(__import__("sys").prefix), unalloc.__version__)' 2>&1)
check "import unalloc from the venv (no PYTHONPATH, no LD_LIBRARY_PATH)" "True $version" "$got"
env -u PYTHONPATH -u LD_LIBRARY_PATH UNALLOC_SOURCE_ROOT="$src" UNALLOC_EXPECT_PREFIX="$work/venv" \
    "$work/venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir="$work" \
    "$src/bindings/python/tests/test_scenarios.py" "$src/bindings/python/tests/test_notebook.py" \
    >"$work/pytest.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && sed 's/^/# /' "$work/pytest.log" | tail -n 40
check "scenarios and notebook run from the wheel's venv" 0 "$rc"

# 2. pip install --no-build-isolation .
"$PY" -m venv --system-site-packages "$work/venv2" >/dev/null 2>&1
(cd "$src" && "$work/venv2/bin/pip" install --no-index --no-build-isolation -q .) \
    >"$work/pip2.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && sed 's/^/# /' "$work/pip2.log" | tail -n 20
check "pip install --no-build-isolation . in a venv" 0 "$rc"
check "import unalloc from it" "$version" \
    "$(env -u PYTHONPATH "$work/venv2/bin/python" -c 'import unalloc; print(unalloc.__version__)' 2>&1)"

# 3. meson install into a prefix (the venv's), then run from there
"$PY" -m venv --system-site-packages "$work/venv3" >/dev/null 2>&1
{ meson setup "$work/build-prefix" "$src" --prefix="$work/venv3" \
      -Dpython_interpreter="$work/venv3/bin/python" -Dtests=disabled -Ddocs=disabled &&
  ninja -C "$work/build-prefix" -j2 && meson install -C "$work/build-prefix" --no-rebuild; } \
    >"$work/install.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && sed 's/^/# /' "$work/install.log" | tail -n 20
check "meson install --prefix=VENV" 0 "$rc"
check "the installed command runs without LD_LIBRARY_PATH or ldconfig" "2024-05-20" \
    "$(env -u LD_LIBRARY_PATH "$work/venv3/bin/unalloc" workdays add 2024-05-13 5 2>&1)"
check "the venv's python imports the meson-installed package" "True" \
    "$(env -u PYTHONPATH "$work/venv3/bin/python" -c \
       'import sys, unalloc; print(unalloc.__file__.startswith(sys.prefix + "/lib/"))' 2>&1)"
finish
