# libunalloc: shared set-up for scripts/demo and scripts/test (sourced).
# SPDX-License-Identifier: MIT

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 2

# Debian 12 (bookworm) / Ubuntu 24.04 packages.
# scdoc writes the manuals; doxygen the API reference from the headers; jansson
# reads gov.uk's bank-holidays.json (lib/govuk-json.c).
BUILD_PACKAGES="meson ninja-build pkgconf gcc g++ libc6-dev libical-dev libjansson-dev libcmocka-dev libcsv-dev python3
                scdoc doxygen"
# abigail-tools: the ABI check (tests/test-abi.sh); python3-jsonschema:
# tests/test-schema.py validates the JSON output against
# doc/schema/evaluate.schema.json (run with /usr/bin/python3); man-db:
# tests/test-install.sh reads the installed manuals with `man`.
TEST_PACKAGES="clang valgrind gcovr abigail-tools python3-jsonschema man-db"
# The Python bindings and their tests (Debian's packages: no PyPI).
# python3-dask and python3-distributed: unalloc.dask and its test on a local
# cluster of worker processes.
PYTHON_PACKAGES="swig python3-dev python3-pytest python3-numpy python3-pandas python3-openpyxl python3-matplotlib
                 python3-nbclient python3-nbformat python3-ipykernel python3-mypy
                 python3-dask python3-distributed python3-icalendar"
# Building the wheel and installing it into a venv (tests/test-packaging.sh):
# meson-python, PEP 517's `build` front end, pip and venv; meson-python runs
# the patchelf and ninja executables itself.
PACKAGING_PACKAGES="python3-mesonpy python3-build python3-pip python3-venv patchelf ninja-build"

# ensure_packages PKG... : installs what is missing (as root), or prints the
# one apt-get line to run and stops.
ensure_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "libunalloc needs these packages (Debian/Ubuntu names): ${missing[*]}" >&2
        exit 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "Missing build dependencies. Run this, then try again:" >&2
        echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    echo "Installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || exit 1
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || exit 1
}

# The sanitizer and libFuzzer runtimes of the installed clang: only a
# Recommends of clang, so --no-install-recommends leaves them out
# (libclang-rt-14-dev on Debian 12).
clang_rt_package() {
    echo "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev"
}

# setup_build DIR [MESON OPTIONS...] : configures DIR (or reconfigures it when
# the options changed) and builds it.
setup_build() {
    local dir=$1
    shift
    if [ -f "$dir/build.ninja" ]; then
        meson configure "$dir" "$@" >/dev/null || return 1
    else
        meson setup "$dir" "$@" >/dev/null || return 1
    fi
    ninja -C "$dir" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; return 1; }
}
