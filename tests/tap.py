"""libunalloc tests: a tiny TAP helper for Python tests (the counterpart of
tap.sh). Call check() for each assertion, then finish().

SPDX-License-Identifier: MIT
"""
import sys

_results = []


def check(name, ok, detail=""):
    """Records one assertion; detail is printed as a TAP comment on failure."""
    _results.append((name, bool(ok), detail))


def finish():
    """Prints the plan and the results, and exits 1 if any failed."""
    print(f"1..{len(_results)}")
    for i, (name, ok, detail) in enumerate(_results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            print("\n".join("# " + line for line in str(detail).splitlines()))
    sys.exit(0 if all(ok for _, ok, _ in _results) else 1)
