"""Prints the directory where `meson install` should put a Python package so
that the interpreter running this script imports it: the first of its site
directories under PREFIX/lib (the argument). Prints nothing when none is.

Meson 1.0 installs under PREFIX/<the interpreter's own relative path>, which
for Debian's /usr/bin/python3 and the default prefix /usr/local is
/usr/local/lib/python3/dist-packages: a directory that interpreter does not
search (it searches /usr/local/lib/python3.X/dist-packages).

SPDX-License-Identifier: MIT
"""
import os
import site
import sys

prefix = os.path.normpath(sys.argv[1])
for d in site.getsitepackages():
    rel = os.path.relpath(os.path.normpath(d), prefix)
    if rel.split(os.sep)[0] == "lib":
        print(d)
        break
