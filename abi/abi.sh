# libunalloc: how the ABI is written down and compared (doc/abi.md). Sourced by
# scripts/abi-baseline, which writes abi/libunalloc.abi, and tests/test-abi.sh,
# which compares the built library with it. Both use abigail-tools (Debian's
# package of libabigail).
# SPDX-License-Identifier: MIT

# The public headers: the source tree's and the generated version.h's.
# abi_headers SRC BUILD : prints --headers-dir options (PREFIX: hd, hd1, hd2).
abi_headers() {
    local opt=$1 src=$2 build=$3
    echo "--$opt $src/include/unalloc --$opt $build/include/unalloc"
}

# abi_dump LIB OUT SRC BUILD : writes LIB's ABI as XML to OUT: the types of the
# public headers only (--drop-private-types), without the build directory.
# Source locations stay: abidiff's --headers-dir filter needs them to tell a
# public type from a private one (without them it drops every type change).
abi_dump() {
    local lib=$1 out=$2 src=$3 build=$4
    # shellcheck disable=SC2046
    abidw $(abi_headers headers-dir "$src" "$build") --drop-private-types \
        --no-corpus-path --type-id-style hash --out-file "$out.tmp" "$lib" || return 1
    sed "s| comp-dir-path='[^']*'||" "$out.tmp" >"$out" && rm -f "$out.tmp"
}

# abi_compare OLD NEW SRC BUILD : abidiff's report of what changed from OLD to
# NEW (a library or an XML dump), added functions left out; its exit status is
# abidiff's: 0 the same (or only additions), else bits: 1 error, 2 usage
# error, 4 a change that may break callers, 8 one that does (a function
# removed, for one). Anything but 0 fails the check. (abidiff's
# --drop-private-types is not used: libabigail 2.2 aborts with it on an XML
# input; the --headers-dir options filter the same types out of the report.)
abi_compare() {
    local old=$1 new=$2 src=$3 build=$4
    # shellcheck disable=SC2046
    abidiff $(abi_headers headers-dir1 "$src" "$build") $(abi_headers headers-dir2 "$src" "$build") \
        --no-added-syms --fail-no-debug-info "$old" "$new"
}

# abi_symbols XML : the ELF symbols of a dump, one `name@version` a line.
abi_symbols() {
    sed -n "s/.*<elf-symbol name='\([^']*\)' version='\([^']*\)'.*/\1@\2/p" "$1" | sort -u
}

# abi_new_in_old_nodes OLD NEW : the symbols of NEW that OLD lacks although
# their version node is one OLD has (a released node must not grow: a new
# function goes into a new node, doc/abi.md).
abi_new_in_old_nodes() {
    local nodes
    nodes=$(abi_symbols "$1" | sed 's/.*@//' | sort -u)
    comm -13 <(abi_symbols "$1") <(abi_symbols "$2") | while IFS= read -r s; do
        grep -qxF "${s##*@}" <<<"$nodes" && echo "$s"
    done
}
