#!/usr/bin/env python3
"""Order never matters: every scenario file's events and the sample caseload,
rows shuffled, give byte-identical output from the command line.

For each scenario file: the rows in their own order, evaluated as of each of
the file's as-of moments, are the reference; then 100 shuffles (seeded, so a
failure can be replayed), each evaluated as of one of those moments in turn,
must give the same bytes. The sample caseload is shuffled 100 times per
built-in policy. Output is TAP.

SPDX-License-Identifier: MIT
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

CLI = os.environ["UNALLOC_CLI"]
ROOT = os.environ["UNALLOC_SOURCE_ROOT"]
SCENARIOS = os.path.join(ROOT, "tests", "scenarios")
SHUFFLES = 100


def words(line):
    out, cur, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch.isspace() and not quoted:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def read_scenario(path):
    """(calendar and policy arguments, header, rows, as-of moments)."""
    args, header, rows, as_of = [], None, [], []
    in_events = False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if in_events:
                if line.strip() == "end":
                    in_events = False
                elif line and not line.startswith("#"):
                    if header is None:
                        header = line.split(",")
                    else:
                        rows.append(line.split(","))
                continue
            w = words(line.split("#", 1)[0]) if not line.startswith("#") else []
            if not w:
                continue
            if w[0] == "policy":
                args += ["--policy", w[1]]
            elif w[0] == "policy-file":
                args += ["--policy", os.path.join(SCENARIOS, w[1])]
            elif w[0] == "closure":
                args += ["--closure", w[1]]
            elif w[0] == "events":
                in_events = True
            elif w[0] == "as-of" and w[1] not in as_of:
                as_of.append(w[1])
    return args, header, rows, as_of


def run(args, header, rows, as_of, tmp):
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    r = subprocess.run([CLI, "evaluate", *args, "--as-of", as_of, "--format", "json",
                        "--skip-invalid", tmp], capture_output=True)
    return r.returncode, r.stdout, r.stderr


def main():
    files = sorted(f for f in os.listdir(SCENARIOS) if f.endswith(".scenario"))
    plan = [(f, None) for f in files] + [
        ("caseload.csv", p) for p in
        ("protocol-2019", "nelc-2022", "cin-criteria", "nottingham-tfs-2022")]
    print(f"1..{len(plan)}")
    failed = 0
    with tempfile.TemporaryDirectory() as d:
        tmp = os.path.join(d, "events.csv")
        for n, (name, policy) in enumerate(plan, 1):
            if policy is None:
                args, header, rows, as_of = read_scenario(os.path.join(SCENARIOS, name))
                label = name
            else:
                with open(os.path.join(ROOT, "examples", "data", name), encoding="utf-8") as f:
                    table = list(csv.reader(f))
                args, header, rows, as_of = ["--policy", policy], table[0], table[1:], \
                    ["2024-03-29", "2024-06-14"]
                label = f"{name} under {policy}"
            want = {a: run(args, header, rows, a, tmp) for a in as_of}
            rng = random.Random(f"{name}/{policy}")
            bad = None
            for k in range(SHUFFLES):
                shuffled = rows[:]
                rng.shuffle(shuffled)
                a = as_of[k % len(as_of)]
                if run(args, header, shuffled, a, tmp) != want[a]:
                    bad = f"shuffle {k} (random.Random({name + '/' + str(policy)!r})) as of {a}"
                    break
            if bad:
                failed += 1
                print(f"not ok {n} - {label}: {bad} gives other bytes")
            else:
                print(f"ok {n} - {label}: {SHUFFLES} row orders give the same bytes")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
