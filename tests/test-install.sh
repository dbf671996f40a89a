#!/usr/bin/env bash
# libunalloc tests: install into a temporary prefix, then build and run a
# program outside the tree with `cc prog.c $(pkg-config --cflags --libs unalloc)`.
# SPDX-License-Identifier: MIT
set -u
. "$(dirname "$0")/tap.sh"
build=${UNALLOC_BUILD_ROOT:?}
src=${UNALLOC_SOURCE_ROOT:?}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$dest/install.log" 2>&1
check "meson install into a temporary prefix" 0 "$?"

pc=$(find "$dest" -name unalloc.pc | head -n 1)
check "unalloc.pc installed" 1 "$([ -n "$pc" ] && echo 1)"
export PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_SYSROOT_DIR=$dest
check "pkg-config version" "$(meson introspect "$build" --projectinfo | sed -n 's/.*"version": "\([^"]*\)".*/\1/p')" \
    "$(pkg-config --modversion unalloc)"
check "static link pulls in libical" 1 "$(pkg-config --static --libs unalloc | grep -c -- -lical)"
# The project has no public home page yet: no URL rather than a made-up one.
check "unalloc.pc names no URL" 0 "$(grep -c '^URL:' "$pc")"

for h in unalloc.h common.h error.h date.h calendar.h version.h; do
    check "header $h installed" 1 "$(find "$dest" -path "*/include/unalloc/$h" | wc -l)"
done

work=$(mktemp -d -p "$dest")
cp "$src/tests/install/prog.c" "$work/"
(cd "$work" && cc -std=c11 -Wall -Wextra -Werror prog.c $(pkg-config --cflags --libs unalloc) -o prog) \
    >"$dest/cc.log" 2>&1
check "prog.c builds with pkg-config flags" 0 "$?"
libdir=$(dirname "$(find "$dest" -name 'libunalloc.so' | head -n 1)")
check "prog runs against the installed library" "1.0.0 2024-05-20" \
    "$(LD_LIBRARY_PATH=$libdir "$work/prog" 2>&1)"

check "soname" "libunalloc.so.1" \
    "$(readelf -d "$libdir/libunalloc.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')"
check "static library installed" 1 "$(find "$dest" -name 'libunalloc.a' | wc -l)"
if [ -f "$build/bindings/python/unalloc/core.py" ]; then
    check "python package installed" 1 "$(find "$dest" -path '*/unalloc/__init__.py' | wc -l)"
    check "python extension installed" 1 "$(find "$dest" -path '*/unalloc/_core*.so' | wc -l)"
    check "python SWIG module installed" 1 "$(find "$dest" -path '*/unalloc/core.py' | wc -l)"
    check "py.typed installed" 1 "$(find "$dest" -path '*/unalloc/py.typed' | wc -l)"
    # installed where the configured interpreter imports from (not meson's
    # default PREFIX/lib/python3/dist-packages, which Debian's python3 never searches)
    py=$(meson introspect "$build" --buildoptions |
         /usr/bin/python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "python_interpreter"))')
    pkgdir=$(dirname "$(find "$dest" -path '*/unalloc/__init__.py' | head -n 1)")
    sitedir=${pkgdir#"$dest"}
    sitedir=${sitedir%/unalloc}
    check "python package in a site directory of $py" 1 \
        "$("$py" -c 'import site, sys; print(int(sys.argv[1] in site.getsitepackages()))' "$sitedir")"
    check "python extension does not need libunalloc.so" 0 \
        "$(readelf -d "$(find "$dest" -path '*/unalloc/_core*.so')" | grep -c 'NEEDED.*libunalloc')"
fi
# The manuals: `man unalloc` (and the others) from the installed man directory.
# scdoc is a build dependency (scripts/common.sh), so they are always built
# here; man-db is a test dependency.
man1=$(find "$dest" -path '*/man1/unalloc.1' | head -n 1)
check "unalloc.1 installed" 1 "$([ -n "$man1" ] && echo 1)"
mandir=$(dirname "$(dirname "${man1:-/nonexistent/x}")")
for page in 1:unalloc 3:libunalloc 5:unalloc-policy 5:unalloc-mapping; do
    sec=${page%%:*} name=${page#*:}
    check "man $sec $name finds the installed page" "$mandir/man$sec/$name.$sec" \
        "$(MANPATH=$mandir man -w "$sec" "$name" 2>&1)"
    check "man $sec $name renders without warnings, with its name" "1:" \
        "$(MANPATH=$mandir MANWIDTH=80 man --warnings "$sec" "$name" 2>"$dest/man.err" |
           grep -c -m1 "^ *$name - "):$(cat "$dest/man.err")"
done
check "man unalloc (no section) is unalloc(1)" "$mandir/man1/unalloc.1" \
    "$(MANPATH=$mandir man -w unalloc 2>&1)"
# The API reference, when this build makes it (-Ddocs with doxygen).
if meson introspect "$build" --targets | grep -q '"name": "api-reference"'; then
    check "API reference installed with the docs" 1 \
        "$(find "$dest" -path '*/share/doc/libunalloc/api/html/index.html' | wc -l)"
    check "... with a page per public header" "$(($(ls "$src"/include/unalloc/*.h | wc -l) + 1))" \
        "$(find "$dest" -path '*/share/doc/libunalloc/api/html/*_8h.html' | wc -l)"
fi

check "unalloc tool installed" 1 "$(find "$dest" -path '*/bin/unalloc' | wc -l)"
check "installed tool runs" "2024-05-20" \
    "$(LD_LIBRARY_PATH=$libdir "$(find "$dest" -path '*/bin/unalloc')" workdays add 2024-05-13 5)"
# Outside /usr the tool finds the library through its RUNPATH, without ldconfig.
prefix=$(meson introspect "$build" --buildoptions |
         /usr/bin/python3 -c 'import json,sys; o={o["name"]: o["value"] for o in json.load(sys.stdin)}; print(o["prefix"]); print(o["libdir"])')
want_rpath=$(printf '%s\n' "$prefix" | /usr/bin/python3 -c 'import os,sys; p,l=sys.stdin.read().split(chr(10))[:2]; print("" if p == "/usr" else os.path.join(p, l))')
check "installed tool's RUNPATH is the library directory" "$want_rpath" \
    "$(readelf -d "$(find "$dest" -path '*/bin/unalloc')" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')"
finish
