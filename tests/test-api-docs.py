#!/usr/bin/env python3
"""libunalloc tests: the API reference is whole.

- Every exported function and every public type (struct, enum) in
  include/unalloc/ has a doc comment that says since which version it exists
  (`@since`). Doxygen cannot check that; this does.
- Given the built reference (doc/api/html, made by doxygen with warnings as
  errors, so every parameter and return value is documented), every symbol of
  lib/libunalloc.map has its entry in the reference's index of functions.

Usage: test-api-docs.py [HTML_DIR]. Environment: UNALLOC_SOURCE_ROOT,
UNALLOC_BUILD_ROOT. TAP output.

SPDX-License-Identifier: MIT
"""
import glob
import html
import os
import re
import sys

from tap import check, finish

root = os.environ["UNALLOC_SOURCE_ROOT"]
build = os.environ["UNALLOC_BUILD_ROOT"]
html_dir = sys.argv[1] if len(sys.argv) > 1 else None

headers = sorted(glob.glob(os.path.join(root, "include", "unalloc", "*.h")))
version_h = os.path.join(build, "include", "unalloc", "version.h")
if os.path.exists(version_h):
    headers.append(version_h)

# A declaration and the doc comment right before it (only blank lines between).
DECL = re.compile(
    r"(?P<doc>/\*\*(?:(?!\*/).)*\*/)?\s*"
    r"(?P<decl>UNALLOC_EXPORT\b[^;{]*?(?P<fn>unalloc_\w+)\s*\(|"
    r"^(?:struct|enum) (?P<type>unalloc_\w+)\s*[{;])",
    re.S | re.M)

declared = 0
for h in headers:
    text = open(h, encoding="utf-8").read()
    # Comments that are not doc comments would hide the link between a doc
    # comment and its declaration; drop line comments of macros first.
    for m in DECL.finditer(text):
        name = m.group("fn") or m.group("type")
        line = text.count("\n", 0, m.start("decl")) + 1
        doc = m.group("doc") or ""
        # the doc comment must end right before the declaration
        between = text[m.end("doc"):m.start("decl")] if m.group("doc") else ""
        declared += 1
        where = f"{os.path.basename(h)}:{line}: {name}"
        check(f"{where} has a doc comment", bool(doc) and between.strip() == "")
        since = re.search(r"@since\s+(\d+\.\d+(?:\.\d+)?)", doc)
        check(f"{where} says @since", since is not None)

check("the headers declare functions and types", declared >= 100, f"found {declared}")

if html_dir is not None:
    symbols = re.findall(r"^\s*(unalloc_\w+);", open(os.path.join(root, "lib", "libunalloc.map"),
                                                      encoding="utf-8").read(), re.M)
    check("lib/libunalloc.map lists symbols", len(symbols) >= 100, f"found {len(symbols)}")
    index = ""
    for f in glob.glob(os.path.join(html_dir, "globals_func*.html")):
        index += html.unescape(open(f, encoding="utf-8").read())
    listed = set(re.findall(r">(unalloc_\w+)\(\)", index))
    for s in symbols:
        check(f"{s} is in the API reference", s in listed)

finish()
