#!/usr/bin/env python3
"""libunalloc tests: every clause a built-in policy cites is really in its
source document. Each quoted phrase (split at "...") must appear in the cited
file under doc/sources/, and so must the section heading, comparing text with
whitespace collapsed and typographic quotes made plain. TAP output.

SPDX-License-Identifier: MIT
"""
import os
import re
import shlex
import sys

root = os.environ.get("UNALLOC_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), ".."))


def norm(s):
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s).strip().lower()


results = []
policies = sorted(f for f in os.listdir(os.path.join(root, "lib", "policies")) if f.endswith(".policy"))
for name in policies:
    docs = {}
    with open(os.path.join(root, "lib", "policies", name), encoding="utf-8") as f:
        lines = f.readlines()
    for n, line in enumerate(lines, 1):
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "document":
            with open(os.path.join(root, "doc", "sources", words[2]), encoding="utf-8") as d:
                docs[words[1]] = norm(d.read())
        elif words[0] == "clause":
            key, section, quote = words[1], words[2], words[3]
            text = docs[key]
            missing = [frag for frag in quote.split("...") if frag.strip() and norm(frag) not in text]
            # A section is a heading: its words (without numbering) appear in the document.
            sec = re.sub(r"^\d+\.\s*", "", section)
            if norm(sec) not in text:
                missing.append("section: " + section)
            results.append((f"{name}:{n} {quote[:60]}", missing))

print(f"1..{len(results)}")
failed = 0
for i, (what, missing) in enumerate(results, 1):
    if missing:
        failed += 1
        print(f"not ok {i} - {what}")
        for m in missing:
            print(f"#   not in the source: {m!r}")
    else:
        print(f"ok {i} - {what}")
sys.exit(1 if failed else 0)
