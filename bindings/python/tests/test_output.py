"""The output formats as the package gives them (doc/output.md): the same
names as the command line's, the calendar's fingerprint on every case, the
warnings as codes, and the run record with the policy's own warnings once."""
import datetime as dt
import json

import pandas as pd

import unalloc

EVENTS = pd.DataFrame({
    "case_id": ["A", "A", "B", "B"],
    "at": ["2024-05-13", "2024-05-13", "2024-05-13", "2024-05-14"],
    "event": ["opened", "allocated", "opened", "deallocated"],
    "detail": ["cin", "social-worker", "cin", "social-worker"],
    "worker": ["", "SW1", "", "SW9"],
})


def test_frames_carry_codes_and_the_calendar():
    cal = unalloc.Calendar(closures=["2024-12-24..2024-12-31"])
    cases, _ = unalloc.evaluate_frame(EVENTS, "nelc-2022", dt.date(2024, 5, 20), calendar=cal)
    assert list(cases.columns) == unalloc.core.unalloc_table_header(1).strip().split(",")
    assert set(cases["calendar_fingerprint"]) == {format(cal.fingerprint, "016x")}
    by_id = cases.set_index("case_id")
    # nelc-2022 states no review date: that is the run record's, not a case's.
    assert pd.isna(by_id.loc["A", "warning_codes"])
    assert by_id.loc["B", "warning_codes"] == \
        "date-of-birth-unknown deallocated-unheld role-not-assigned"
    # no spell: missing, as the CSV's empty field and the JSON's null
    assert pd.isna(by_id.loc["A", "working_days_unallocated"])
    assert by_id.loc["B", "working_days_unallocated"] == 5


def test_to_json_is_the_case_record():
    case = unalloc.Case("B")
    case.add("opened", "2024-05-13", "cin")
    r = unalloc.evaluate(case, "nelc-2022", "2024-05-20")
    rec = json.loads(r.to_json())
    assert rec["record"] == "case" and rec["case_id"] == "B"
    assert [w["code"] for w in rec["warnings"]] == ["date-of-birth-unknown", "role-not-assigned"]
    # the Result keeps every warning, the policy's own too
    assert len(r.warnings) == 3


def test_run_record():
    cal = unalloc.Calendar(closures=["2024-12-24..2024-12-31"])
    run = unalloc.run_record("protocol-2019", ["2019-10-31", dt.date(2024, 6, 14)], cal)
    assert run["record"] == "run"
    assert run["policy"]["id"] == "protocol-2019"
    assert run["policy"]["review_date"] == "2019-10-31"
    assert run["calendar"]["fingerprint"] == format(cal.fingerprint, "016x")
    assert run["calendar"]["closures"] == [{"first": "2024-12-24", "last": "2024-12-31",
                                           "name": None}]
    assert run["as_of"] == ["2019-10-31", "2024-06-14"]
    assert [w["code"] for w in run["warnings"]] == ["review-date-passed"]
    # on its review date the document has not yet lapsed
    assert unalloc.run_record("protocol-2019", "2019-10-31")["warnings"] == []
    assert unalloc.run_record("nelc-2022", "2024-06-14")["warnings"][0]["code"] == \
        "no-review-date"


def test_report_parts_are_the_commands_report():
    """Policy.report_parts() yields the report a part at a time (the heading
    lines, one case at a time, the closing lines and the caseload check);
    joined, they are the bytes `unalloc report` writes for the same log
    (tests/data/reports/), and Policy.report() is the same text."""
    import csv
    import os
    from pathlib import Path
    root = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
    cases = {}
    with open(root / "examples" / "data" / "caseload.csv", newline="") as f:
        for row in csv.DictReader(f):
            case = cases.setdefault(row["case_id"], unalloc.Case(row["case_id"]))
            case.add(row["event"], row["at"], row["detail"], row["worker"], row["locality"])
    pol = unalloc.Policy.builtin("nelc-2022")
    results = [unalloc.evaluate(c, pol, "2024-06-14") for c in cases.values()]
    parts = list(pol.report_parts("daily", results, "2024-06-14"))
    want = (root / "tests" / "data" / "reports" / "nelc-2022-daily-2024-06-14.txt").read_text()
    assert "".join(parts) == want
    assert pol.report("daily", results, "2024-06-14") == want
    assert parts[0].startswith("UNALLOCATED CASES REGISTER - DAILY REPORT\n")
    assert parts[0].endswith(" overdue (on record)\n")
    rows = [p for p in parts[1:-1]]
    assert rows and all(p.count("\n") == 1 for p in rows)  # one case a part
    assert parts[-1].startswith(f"\n{len(rows)} cases listed.\n\nCASELOAD CHECK: ")
