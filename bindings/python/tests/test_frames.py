"""evaluate_frame: the same tables as the command line, from a DataFrame,
with the loop in C."""
import datetime as dt
import io
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import unalloc
from unalloc._frames import CASE_DATE_COLUMNS, OCCURRENCE_DATE_COLUMNS

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
CASELOAD = ROOT / "examples" / "data" / "caseload.csv"
CLI = os.environ.get("UNALLOC_CLI", str(ROOT / "build" / "tools" / "unalloc"))


def cli(policy, as_of, fmt):
    out = subprocess.run([CLI, "evaluate", "--policy", policy, "--as-of", as_of, "--format", fmt,
                          str(CASELOAD)], check=True, capture_output=True, text=True).stdout
    return out


def read_like_frames(text, dates):
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    for c in dates:
        df[c] = pd.to_datetime(df[c])
    return df


@pytest.fixture(scope="module")
def events():
    return pd.read_csv(CASELOAD, dtype=str, keep_default_na=False, na_values=[""])


@pytest.mark.parametrize("policy", unalloc.builtin_policies())
def test_equals_the_cli(events, policy):
    pol = unalloc.Policy.builtin(policy)
    cases, occ = unalloc.evaluate_frame(events, pol, dt.date(2024, 6, 14))
    want_cases = read_like_frames(cli(policy, "2024-06-14", "cases-csv"), CASE_DATE_COLUMNS)
    want_occ = read_like_frames(cli(policy, "2024-06-14", "csv"), OCCURRENCE_DATE_COLUMNS)
    # Same columns, same rows, same values (types aside: the frames have
    # datetime64, Int64 and bool columns where the CSV has text).
    assert list(cases.columns) == list(want_cases.columns)
    assert list(occ.columns) == list(want_occ.columns)
    assert len(cases) == events["case_id"].nunique()  # every case has a row
    assert norm(cases) == norm(want_cases)
    assert norm(occ) == norm(want_occ)


def norm(df):
    """Values as text, missing as None, booleans as the CSV writes them."""
    out = {}
    for c in df.columns:
        col = []
        for v in df[c].tolist():
            if v is None or v is pd.NaT or (isinstance(v, float) and v != v) or v is pd.NA:
                col.append(None)
            elif isinstance(v, bool):
                col.append("true" if v else "false")
            elif isinstance(v, pd.Timestamp):
                col.append(v.isoformat())
            else:
                col.append(str(v))
        out[c] = col
    return out


def test_dates_come_back_as_datetime64(events):
    cases, occ = unalloc.evaluate_frame(events, unalloc.Policy.builtin("nelc-2022"), "2024-06-14")
    for c in CASE_DATE_COLUMNS:
        assert pd.api.types.is_datetime64_any_dtype(cases[c])
    for c in OCCURRENCE_DATE_COLUMNS:
        assert pd.api.types.is_datetime64_any_dtype(occ[c])


def test_at_as_timestamps_dates_and_datetimes(events):
    pol = unalloc.Policy.builtin("protocol-2019")
    base_cases, base_occ = unalloc.evaluate_frame(events, pol, dt.date(2024, 6, 14))
    # pandas Timestamps: midnight is date-only.
    ts = events.assign(at=pd.to_datetime(events["at"]))
    c2, o2 = unalloc.evaluate_frame(ts, pol, dt.date(2024, 6, 14))
    assert c2.equals(base_cases) and o2.equals(base_occ)
    # Python date and datetime objects.
    objs = events.assign(at=[(dt.datetime.strptime(a, "%Y-%m-%dT%H:%M") if "T" in a
                              else dt.date.fromisoformat(a)) for a in events["at"]])
    c3, o3 = unalloc.evaluate_frame(objs, pol, dt.date(2024, 6, 14))
    assert c3.equals(base_cases) and o3.equals(base_occ)


def test_many_snapshots(events):
    pol = unalloc.Policy.builtin("nelc-2022")
    dates = pd.date_range("2024-04-05", "2024-06-14", freq="7D")
    cases, occ = unalloc.evaluate_frame(events, pol, list(dates.date))
    assert sorted(cases["as_of"].unique()) == list(dates.values.astype("datetime64[ns]"))
    assert len(cases) == len(dates) * events["case_id"].nunique()
    one, _ = unalloc.evaluate_frame(events, pol, dates[3].date())
    snap = cases[cases["as_of"] == dates[3]].reset_index(drop=True)
    assert snap.equals(one)


def test_bad_frames():
    pol = unalloc.Policy.builtin("nelc-2022")
    bad = pd.DataFrame({"case_id": ["A", "A"], "at": ["2024-05-01", "2024-02-30"],
                        "event": ["opened", "visit"], "detail": ["cin", None]})
    with pytest.raises(unalloc.InvalidError, match="row 2"):
        unalloc.evaluate_frame(bad, pol, dt.date(2024, 6, 1))
    with pytest.raises(ValueError, match="column"):
        unalloc.evaluate_frame(pd.DataFrame({"case_id": ["A"], "at": ["2024-01-01"]}), pol,
                               dt.date(2024, 6, 1))
    with pytest.raises(ValueError, match="unknown columns"):
        unalloc.evaluate_frame(pd.DataFrame({"case": ["A"]}), pol, dt.date(2024, 6, 1))
    seq = pd.DataFrame({"case_id": ["A", "A"], "at": ["2024-05-01", "2024-05-02"],
                        "event": ["visit", "opened"], "detail": [None, "cin"]})
    with pytest.raises(unalloc.InvalidError, match="before the case's first 'opened'"):
        unalloc.evaluate_frame(seq, pol, dt.date(2024, 6, 1))


def test_as_of_in_the_shapes_pandas_and_numpy_give(events):
    """A DatetimeIndex, a datetime64[D] array and a datetime64 scalar are the
    same dates as Python dates (midnight with no time part is date-only, the
    end of that day)."""
    import numpy as np
    pol = unalloc.Policy.builtin("nelc-2022")
    dates = pd.date_range("2024-05-03", "2024-06-14", freq="W-FRI")
    want, want_occ = unalloc.evaluate_frame(events, pol, list(dates.date))
    for as_of in (dates, dates.values, dates.values.astype("datetime64[D]"), list(dates)):
        cases, occ = unalloc.evaluate_frame(events, pol, as_of)
        assert cases.equals(want) and occ.equals(want_occ)
    one, _ = unalloc.evaluate_frame(events, pol, np.datetime64("2024-06-14"))
    two, _ = unalloc.evaluate_frame(events, pol, dt.date(2024, 6, 14))
    assert one.equals(two)
    timed, _ = unalloc.evaluate_frame(events, pol, np.datetime64("2024-06-14T09:30", "ns"))
    want_timed, _ = unalloc.evaluate_frame(events, pol, dt.datetime(2024, 6, 14, 9, 30))
    assert timed.equals(want_timed) and not timed.equals(one)
    with pytest.raises(unalloc.InvalidError, match="NaT"):
        unalloc.evaluate_frame(events, pol, [dates[0], pd.NaT])
    with pytest.raises(unalloc.InvalidError, match="NaT"):
        unalloc.evaluate_frame(events, pol, np.array(["2024-06-14", "NaT"], "datetime64[D]"))


def test_missing_or_zoned_event_times_are_errors():
    pol = unalloc.Policy.builtin("nelc-2022")
    ev = pd.DataFrame({"case_id": ["A", "A"],
                       "at": pd.to_datetime(["2024-05-13 09:30", "2024-05-14"]),
                       "event": ["opened", "visit"], "detail": ["cin", None]})
    with pytest.raises(unalloc.InvalidError, match=r"row 2: the date \(at\) is empty"):
        unalloc.evaluate_frame(ev.assign(at=[ev["at"][0], pd.NaT]), pol, dt.date(2024, 6, 1))
    with pytest.raises(ValueError, match="time zone"):
        unalloc.evaluate_frame(ev.assign(at=ev["at"].dt.tz_localize("Europe/London")), pol,
                               dt.date(2024, 6, 1))


def test_integer_case_ids_keep_their_dtype(events):
    """The case_id column is echoed in the input's dtype: integers stay
    integers (numpy's and pandas' nullable ones), in the same rows and order
    as the text ids give (ordered as text: 10 before 9)."""
    pol = unalloc.Policy.builtin("nelc-2022")
    ids = {c: i for i, c in enumerate(sorted(events["case_id"].unique()), start=7)}
    as_text = events.assign(case_id=events["case_id"].map(lambda c: str(ids[c])))
    want = unalloc.evaluate_frame(as_text, pol, ["2024-05-31", "2024-06-14"])
    for dtype in ("int64", "Int64", "uint32"):
        typed = events.assign(case_id=events["case_id"].map(ids).astype(dtype))
        got = unalloc.evaluate_frame(typed, pol, ["2024-05-31", "2024-06-14"])
        for table, text in ((got.cases, want.cases), (got.obligations, want.obligations)):
            assert table["case_id"].dtype == typed["case_id"].dtype
            assert table["case_id"].tolist() == [int(c) for c in text["case_id"]]
            assert table.drop(columns="case_id").equals(text.drop(columns="case_id"))


def test_column_types(events):
    """Each column's type, built from the C arrays: text as str objects
    (NaN when empty), counts as Int64, flags as bool, moments as
    datetime64[ns]."""
    r = unalloc.evaluate_frame(events, unalloc.Policy.builtin("nelc-2022"), "2024-06-14")
    assert r.cases["working_days_unallocated"].dtype == "Int64"
    assert r.cases["unallocated"].dtype == bool
    assert r.obligations["late"].dtype == bool
    assert r.obligations["occurrence"].dtype == "Int64"
    assert r.cases["status"].dtype == object
    assert all(isinstance(s, str) for s in r.cases["status"])
    assert r.cases["rating"].isna().any() and r.cases["rating"].dropna().map(type).eq(str).all()
    assert str(r.rejects["line"].dtype) == "Int64" and len(r.rejects) == 0


def test_uint64_case_ids_beyond_int64():
    big = 2**63 + 5
    events = pd.DataFrame({"case_id": pd.array([big, big, 7], dtype="uint64"),
                           "at": ["2024-05-13"] * 3, "event": ["opened", "visit", "opened"],
                           "detail": ["cin", None, "cp"]})
    r = unalloc.evaluate_frame(events, "nelc-2022", "2024-06-14")
    assert r.cases["case_id"].dtype == "uint64"
    assert r.cases["case_id"].tolist() == [7, big]  # in the order of the ids as text
    assert set(r.obligations["case_id"]) <= {7, big}


def test_frame_result_pickles(events):
    """A FrameResult crosses processes (Dask's workers pickle each
    partition's result): all three frames come back."""
    import pickle
    r = unalloc.evaluate_frame(events, "nelc-2022", "2024-06-14", errors="skip")
    back = pickle.loads(pickle.dumps(r))
    assert isinstance(back, unalloc.FrameResult)
    assert back.cases.equals(r.cases) and back.obligations.equals(r.obligations)
    assert back.rejects.equals(r.rejects)
    cases, obligations = back
    assert cases.equals(r.cases)
