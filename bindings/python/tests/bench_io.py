"""Throughput of unalloc.io: each fixture of tests/data/extracts/ repeated N
times (ids suffixed, so N times the children), read from DataFrames. Not a
test (pytest does not collect it); doc/data-sources.md records its figures.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/tests/bench_io.py 2000
"""
import sys
import time
from pathlib import Path

import pandas as pd

import unalloc.io as uio

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "extracts"
IDS = {"pers_person_id", "invo_person_id", "cine_person_id", "cina_person_id", "s47e_person_id",
       "cppl_person_id", "clae_person_id", "earl_person_id", "cppv_person_id", "CHILD",
       "Child Unique ID"}


def scaled(fmt, n):
    out = []
    for p in sorted((DATA / fmt).glob("*.csv")):
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        col = next((c for c in df.columns if c in IDS), None)
        parts = []
        for i in range(n):
            d = df.copy()
            if col:
                d[col] = d[col] + f"-{i}"
            parts.append(d)
        out.append(pd.concat(parts, ignore_index=True))
    return out


def main(n):
    for fmt, read in (("ssd", uio.ssd), ("ssda903", uio.ssda903),
                      ("annex_a", lambda t: uio.annex_a(t, "2024-06-14"))):
        tables = scaled(fmt, n)
        rows = sum(len(t) for t in tables)
        t0 = time.perf_counter()
        events, skipped = read(tables)
        dt = time.perf_counter() - t0
        print(f"{fmt}: {rows} rows, {events['case_id'].nunique()} cases, {len(events)} events, "
              f"{len(skipped)} not used: {dt:.2f} s, {rows / dt:,.0f} rows/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
