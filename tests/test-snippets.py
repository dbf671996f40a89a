#!/usr/bin/env python3
"""libunalloc tests: the C in the documentation compiles as pasted.

Every ```c block of the Markdown files at the top and under doc/, and every
literal block of the scdoc manuals (doc/*.scd) that starts with #include,
compiles with the project's C compiler (C11, -Wall -Wextra -pedantic -Werror)
against the built library. One with a main() is a complete program: it is
linked and run, must exit 0 and, where the block is followed by a ```text
block, print exactly that.

Environment: UNALLOC_SOURCE_ROOT, UNALLOC_BUILD_ROOT, UNALLOC_CC (the compiler
command, as meson runs it). TAP output.

SPDX-License-Identifier: MIT
"""
import glob
import os
import re
import shlex
import subprocess
import tempfile

from tap import check, finish

root = os.environ["UNALLOC_SOURCE_ROOT"]
build = os.environ["UNALLOC_BUILD_ROOT"]
cc = shlex.split(os.environ.get("UNALLOC_CC", "cc"))
libdir = os.path.join(build, "lib")
FLAGS = ["-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror",
         "-I" + os.path.join(root, "include"), "-I" + os.path.join(build, "include")]
LIBS = ["-L" + libdir, "-Wl,-rpath," + libdir, "-lunalloc"]

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def markdown_snippets(path):
    """(line, code, expected output or None) for each ```c block."""
    text = open(path, encoding="utf-8").read()
    blocks = [(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1, m.end())
              for m in FENCE.finditer(text)]
    out = []
    for i, (lang, body, line, end) in enumerate(blocks):
        if lang != "c":
            continue
        expected = None
        if i + 1 < len(blocks) and blocks[i + 1][0] == "text" \
                and text[end:text.index("```", end)].strip() == "":
            expected = blocks[i + 1][1]
        out.append((line, body, expected))
    return out


def scdoc_snippets(path):
    """Literal blocks starting with #include; scdoc copies them into roff as
    they are, so the source writes a backslash as two."""
    text = open(path, encoding="utf-8").read()
    return [(text.count("\n", 0, m.start()) + 1, m.group(2).replace("\\\\", "\\"), None)
            for m in FENCE.finditer(text) if m.group(2).startswith("#include")]


snippets = []
for md in sorted(glob.glob(os.path.join(root, "*.md")) + glob.glob(os.path.join(root, "doc", "*.md"))):
    snippets += [(md, *s) for s in markdown_snippets(md)]
for scd in sorted(glob.glob(os.path.join(root, "doc", "*.scd"))):
    snippets += [(scd, *s) for s in scdoc_snippets(scd)]

readme_count = sum(1 for s in snippets if s[0].endswith("README.md"))
check("README.md has C snippets", readme_count >= 2, f"found {readme_count}")

with tempfile.TemporaryDirectory() as tmp:
    for n, (path, line, code, expected) in enumerate(snippets):
        where = f"{os.path.relpath(path, root)}:{line}"
        src = os.path.join(tmp, f"snippet{n}.c")
        exe = os.path.join(tmp, f"snippet{n}")
        with open(src, "w", encoding="utf-8") as f:
            f.write(code)
        if not re.search(r"^main\(|\bint main\(", code, re.M):
            p = subprocess.run(cc + FLAGS + ["-c", src, "-o", exe + ".o"], capture_output=True,
                               text=True)
            check(f"{where} compiles as pasted", p.returncode == 0, p.stderr)
            check(f"{where} shows no output without a main()", expected is None)
            continue
        p = subprocess.run(cc + FLAGS + [src, "-o", exe] + LIBS, capture_output=True, text=True)
        check(f"{where} compiles and links as pasted", p.returncode == 0, p.stderr)
        if p.returncode != 0:
            continue
        p = subprocess.run([exe], capture_output=True, text=True, timeout=60)
        check(f"{where} runs (exit 0)", p.returncode == 0, p.stderr)
        if expected is not None:
            check(f"{where} prints the output shown under it", p.stdout == expected,
                  f"expected:\n{expected}actual:\n{p.stdout}")

finish()
