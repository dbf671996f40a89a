#!/usr/bin/python3
"""The output formats as documented (doc/output.md).

- Every line of `unalloc evaluate --format json`, for every scenario file at
  each of its as-of moments and for the sample caseload under every built-in
  policy, is valid against doc/schema/evaluate.schema.json (Debian's
  python3-jsonschema); the first line is the run record, the rest case
  records; the file of --meta FILE is the same run record.
- JSON and CSV agree: every column of `cases-csv` is the JSON key of the same
  name (escalation_level is escalation.level, warning_codes the codes of
  warnings), every row of `csv` is an obligation or escalation level of the
  JSON, with the same values, and an empty CSV field is exactly a JSON null.
- doc/output.md lists every column and key, and the header of each CSV table
  is what it documents.

Output is TAP.

SPDX-License-Identifier: MIT
"""
import csv
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

CLI = os.environ["UNALLOC_CLI"]
ROOT = os.environ["UNALLOC_SOURCE_ROOT"]
SCHEMA = os.path.join(ROOT, "doc", "schema", "evaluate.schema.json")
CASELOAD = os.path.join(ROOT, "examples", "data", "caseload.csv")
OUTPUT_MD = os.path.join(ROOT, "doc", "output.md")

_spec = importlib.util.spec_from_file_location(
    "permutations", os.path.join(ROOT, "tests", "test-permutations.py"))
_perm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_perm)

n = 0
failed = 0


def ok(cond, what, detail=""):
    global n, failed
    n += 1
    if cond:
        print(f"ok {n} - {what}")
    else:
        failed += 1
        print(f"not ok {n} - {what}")
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")


def unalloc(*args):
    r = subprocess.run([CLI, *args], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"unalloc {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r.stdout


def validate(validator, text):
    """Validates each JSON line; returns (records, first error or None)."""
    records = []
    for i, line in enumerate(text.splitlines(), 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            return records, f"line {i}: not JSON: {e}"
        errors = sorted(validator.iter_errors(rec), key=lambda e: list(e.path))
        if errors:
            best = jsonschema.exceptions.best_match(errors)
            return records, f"line {i}: {best.message} at {list(best.absolute_path)}"
        records.append(rec)
    if not records or records[0]["record"] != "run":
        return records, "the first line is not the run record"
    if any(r["record"] != "case" for r in records[1:]):
        return records, "a record after the first is not a case record"
    return records, None


def cell(v):
    """A JSON value as the CSV writes it."""
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    return str(v)


def case_row(rec):
    """The cases-csv row the JSON case record gives."""
    flat = {k: v for k, v in rec.items()
            if k not in ("record", "obligations", "escalation", "warnings")}
    for k in ("level", "due", "done"):
        flat["escalation_" + k] = rec["escalation"][k]
    codes = sorted({w["code"] for w in rec["warnings"]}, key=CODES.index)
    flat["warning_codes"] = " ".join(codes) or None
    return {k: cell(v) for k, v in flat.items()}


def obligation_rows(rec):
    rows = []
    for o in rec["obligations"] + rec["escalation"]["levels"]:
        row = {"case_id": rec["case_id"], "as_of": rec["as_of"], "policy": rec["policy"]}
        row.update(o)
        rows.append({k: cell(v) for k, v in row.items()})
    return rows


def agree(args, what):
    """JSON, cases-csv and csv of the same run agree field by field."""
    records, err = validate(VALIDATOR, unalloc("evaluate", *args, "--format", "json"))
    cases = list(csv.DictReader(io.StringIO(unalloc("evaluate", *args, "--format", "cases-csv"))))
    occ = list(csv.DictReader(io.StringIO(unalloc("evaluate", *args, "--format", "csv"))))
    if err:
        return err
    want_cases = [case_row(r) for r in records[1:]]
    if cases != want_cases:
        for got, want in zip(cases, want_cases):
            if got != want:
                diff = {k: (got.get(k), want.get(k)) for k in set(got) | set(want)
                        if got.get(k) != want.get(k)}
                return f"{what}: cases-csv row of {got.get('case_id')} differs: {diff}"
        return f"{what}: {len(cases)} cases-csv rows, {len(want_cases)} JSON case records"
    want_occ = [row for r in records[1:] for row in obligation_rows(r)]
    key = lambda r: (r["case_id"], r["as_of"], r["kind"], r["rule"], r["due"], r["occurrence"],
                     r["spell"])
    if sorted(occ, key=key) != sorted(want_occ, key=key):
        return f"{what}: the csv rows are not the JSON's obligations and levels"
    return None


with open(SCHEMA, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
VALIDATOR = jsonschema.Draft202012Validator(schema)
CODES = schema["$defs"]["warning"]["properties"]["code"]["enum"]
ok(True, "the schema is a valid draft 2020-12 schema")

with tempfile.TemporaryDirectory() as tmp:
    events = os.path.join(tmp, "events.csv")
    for name in sorted(os.listdir(_perm.SCENARIOS)):
        if not name.endswith(".scenario"):
            continue
        args, header, rows, as_of = _perm.read_scenario(os.path.join(_perm.SCENARIOS, name))
        with open(events, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        problems = []
        for a in as_of:
            err = agree([*args, "--as-of", a, events], f"as of {a}")
            if err:
                problems.append(err)
        ok(not problems, f"{name}: valid JSON, agreeing with the CSV, at {len(as_of)} as-of "
           "moments", "\n".join(problems))

    policies = [line.split()[0] for line in unalloc("policy", "list").splitlines()
                if line.strip() and not line.startswith(" ")]
    ok(len(policies) >= 4, f"built-in policies listed: {' '.join(policies)}")
    for pol in policies:
        err = agree(["--policy", pol, "--as-of", "2024-06-14", CASELOAD], pol)
        ok(err is None, f"caseload under {pol}: valid JSON, agreeing with the CSV", err)

    # The run record: in the JSON, and as the file of --meta for every format.
    meta = os.path.join(tmp, "run.json")
    args = ["--policy", "protocol-2019", "--as-of", "2024-06-14", "--closure",
            "2024-12-24..2024-12-31", "--working", "2024-05-27"]
    first = unalloc("evaluate", *args, CASELOAD).splitlines()[0]
    run = json.loads(first)
    ok(not list(VALIDATOR.iter_errors(run)) and run["record"] == "run",
       "the run record is valid")
    ok(run["calendar"]["closures"] == [{"first": "2024-12-24", "last": "2024-12-31",
                                        "name": None}]
       and run["calendar"]["working"] == ["2024-05-27"]
       and [w["code"] for w in run["warnings"]] == ["review-date-passed"],
       "the run record names the closure, the working day and the policy's warning, once",
       first)
    for fmt in ("json", "csv", "cases-csv"):
        out = unalloc("evaluate", *args, "--format", fmt, "--meta", meta, CASELOAD)
        with open(meta, encoding="utf-8") as f:
            text = f.read()
        ok(text == first + "\n", f"--meta FILE with --format {fmt}: the run record", text)
        if fmt == "json":
            ok(out.splitlines()[0] == first, "--format json: the run record is the first line")
        else:
            ok(out.startswith("case_id,"),
               f"--format {fmt}: the CSV starts with its header (nothing before it)")
    unalloc("report", "weekly-return", *args, "--meta", meta, CASELOAD)
    with open(meta, encoding="utf-8") as f:
        ok(f.read() == first + "\n", "report --meta FILE: the same run record")

# doc/output.md documents every column of both CSV tables, in order, and
# every key of the schema.
with open(OUTPUT_MD, encoding="utf-8") as f:
    doc = f.read()
for fmt in ("csv", "cases-csv"):
    header = unalloc("evaluate", "--policy", "nelc-2022", "--as-of", "2024-06-14", "--format",
                     fmt, CASELOAD).splitlines()[0]
    ok(f"\n```\n{header}\n```\n" in doc, f"doc/output.md shows the {fmt} header as written")
    documented = re.findall(r"^\| `([a-z_]+)` \|", doc.split(f"<!-- columns {fmt} -->")[1]
                            .split("<!-- end -->")[0], re.M)
    ok(documented == header.split(","), f"doc/output.md lists every {fmt} column in order",
       f"{documented}\n{header}")


def keys(node, out):
    if isinstance(node, dict):
        for k, v in node.get("properties", {}).items():
            out.add(k)
            keys(v, out)
        for v in node.values():
            keys(v, out)
    elif isinstance(node, list):
        for v in node:
            keys(v, out)
    return out


missing = sorted(k for k in keys(schema, set()) if not re.search(rf"[`.]{k}`", doc))
ok(not missing, "doc/output.md names every key of the schema", " ".join(missing))

print(f"1..{n}")
sys.exit(1 if failed else 0)
