"""Python: evaluate_frame over a generated long event log (225k events, 52
weekly as-of dates), against the C evaluation alone; peak memory against the
size of the frames returned.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bench/python-frame.py [COPIES [MODE...]]

Each measurement runs in a fresh process (peak RSS, resource.getrusage, is a
process's lifetime maximum): the log is built first, then one call is timed
and the growth of the peak RSS over the log's is reported.
- frame: unalloc.evaluate_frame(events, policy, dates), the whole call;
- c-only: the C call alone (unalloc_evaluate_frame_columns, the frame's
  columns already converted, its result freed unread);
- csv: how evaluate_frame worked before (the C call writing CSV text, pandas
  reading it), for comparison; not run unless asked for (at full size it
  needs tens of GB).
MODE is one of these (default: c-only and frame).

The log: examples/data/caseload.csv (310 events of 36 cases) copied COPIES
times (default 726: 225,060 events of 26,136 cases), each copy's cases
renamed and its dates moved on by (copy mod 52) weeks.

SPDX-License-Identifier: MIT
"""
import datetime as dt
import io
import os
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

import unalloc
from unalloc import _frames
from unalloc import core as _c

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICY = "nelc-2022"
AS_OF = [dt.date(2024, 4, 5) + dt.timedelta(weeks=w) for w in range(52)]


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def events(copies):
    base = pd.read_csv(os.path.join(ROOT, "examples", "data", "caseload.csv"), dtype=str,
                       keep_default_na=False, na_values=[""])
    timed = base["at"].str.contains("T")
    at = pd.to_datetime(base["at"])
    parts = []
    for k in range(copies):
        part = base.copy()
        part["case_id"] = base["case_id"] + f"-{k:04d}"
        moved = at + pd.Timedelta(weeks=k % 52)
        part["at"] = np.where(timed, moved.dt.strftime("%Y-%m-%dT%H:%M"),
                              moved.dt.strftime("%Y-%m-%d"))
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def frames_mb(*frames):
    """Columns' own arrays plus each distinct Python object once (pandas'
    deep=True counts a str shared by many cells once per cell)."""
    total, seen = 0, set()
    for df in frames:
        total += int(df.memory_usage(index=True, deep=False).sum())
        for c in df.columns:
            if df[c].dtype == object:
                for v in df[c].values:
                    if id(v) not in seen:
                        seen.add(id(v))
                        total += sys.getsizeof(v)
    return total / 2**20


def run(mode, copies):
    ev = events(copies)
    pol = unalloc.Policy.builtin(POLICY)
    cal = unalloc.Calendar(pol.region)
    if mode == "c-only":
        names = [str(c) for c in ev.columns]
        columns = [[_frames._text(v) for v in ev[c].tolist()] for c in ev.columns]
        moments = [unalloc._as_moment(d) for d in AS_OF]
        before = peak_mb()
        t0 = time.perf_counter()
        with unalloc._using(cal, pol) as (c, p):
            res = _c.unalloc_evaluate_frame_columns(c, p, (names, columns), moments, (None, False))
        t = time.perf_counter() - t0
        n = [len(np.frombuffer(_c.unalloc_py_frame_column(res, k, 0)[2], dtype=np.int64))
             for k in (_c.UNALLOC_TABLE_CASES, _c.UNALLOC_TABLE_OCCURRENCES)]
        _c.unalloc_frame_result_free(res)
        print(f"c-only events={len(ev)} cases_rows={n[0]} obligation_rows={n[1]} "
              f"seconds={t:.2f} peak_growth_mb={peak_mb() - before:.0f}")
        return
    before = peak_mb()
    t0 = time.perf_counter()
    if mode == "frame":
        cases, occ = unalloc.evaluate_frame(ev, pol, AS_OF, cal)
    else:  # the CSV route evaluate_frame took before
        names = [str(c) for c in ev.columns]
        columns = [[_frames._text(v) for v in ev[c].tolist()] for c in ev.columns]
        moments = [unalloc._as_moment(d) for d in AS_OF]
        with unalloc._using(cal, pol) as (c, p):
            ctext, otext, _ = _c.unalloc_evaluate_frame(c, p, (names, columns), moments,
                                                        (None, False))
        del columns
        cases = pd.read_csv(io.StringIO(ctext), dtype=str, keep_default_na=False,
                            na_values=[""])
        occ = pd.read_csv(io.StringIO(otext), dtype=str, keep_default_na=False, na_values=[""])
        del ctext, otext
        for col in _frames.CASE_DATE_COLUMNS:
            cases[col] = pd.to_datetime(cases[col])
        for col in _frames.OCCURRENCE_DATE_COLUMNS:
            occ[col] = pd.to_datetime(occ[col])
        for col in ("working_days_unallocated", "calendar_days_unallocated", "rating_age_days",
                    "calendar_verified_through", "obligations_due", "obligations_overdue"):
            cases[col] = pd.to_numeric(cases[col]).astype("Int64")
        cases["unallocated"] = cases["unallocated"] == "true"
        for col in ("occurrence", "spell"):
            occ[col] = pd.to_numeric(occ[col]).astype("Int64")
        occ["late"] = occ["late"] == "true"
    t = time.perf_counter() - t0
    growth = peak_mb() - before
    print(f"{mode} events={len(ev)} cases_rows={len(cases)} obligation_rows={len(occ)} "
          f"seconds={t:.2f} peak_growth_mb={growth:.0f} frames_mb={frames_mb(cases, occ):.0f}")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        run(sys.argv[3], int(sys.argv[2]))
        return
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 726
    for mode in sys.argv[2:] or ("c-only", "frame"):
        subprocess.run([sys.executable, __file__, "--one", str(copies), mode], check=True)


if __name__ == "__main__":
    main()
