"""The calendar functions take dates as pandas users hold them: scalars give
scalars, arrays give arrays, Series give Series with their index; a missing
date gives a missing answer; numbers are never taken as dates."""
import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import unalloc

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
ICS = ROOT / "tests" / "data" / "govuk-england-and-wales-2012-2017.ics"
MON = dt.date(2024, 5, 13)  # Monday; +5 working days is Monday 20 May


@pytest.fixture(scope="module")
def cal():
    return unalloc.Calendar()


@pytest.mark.parametrize("start", ["2024-05-13", MON, dt.datetime(2024, 5, 13, 15, 30),
                                   pd.Timestamp("2024-05-13"), np.datetime64("2024-05-13"),
                                   np.datetime64("2024-05-13T09:00", "ns")])
def test_every_kind_of_date_scalar_in_scalar_out(cal, start):
    got = cal.add_working_days(start, 5)
    assert type(got) is dt.date and got == dt.date(2024, 5, 20)
    assert cal.count_working_days(start, "2024-05-20") == 5
    assert cal.is_working_day(start) is True
    assert cal.next_working_day(start) == dt.date(2024, 5, 14)
    assert cal.previous_working_day(start) == dt.date(2024, 5, 10)


@pytest.mark.parametrize("missing", [None, pd.NaT, np.datetime64("NaT"), float("nan"), pd.NA])
def test_missing_scalars(cal, missing):
    assert cal.add_working_days(missing, 1) is pd.NaT
    assert cal.count_working_days(missing, MON) is pd.NA
    assert cal.count_working_days(MON, missing) is pd.NA
    assert cal.is_working_day(missing) is pd.NA
    assert cal.holiday_name(missing) is None
    assert cal.add_working_days(MON, None) is pd.NaT


@pytest.mark.parametrize("bad", [5, 5.0, 2.5, True, np.int64(19857), b"2024-05-13", object()])
def test_numbers_are_not_dates(cal, bad):
    for f in (lambda: cal.add_working_days(bad, 1), lambda: cal.is_working_day(bad),
              lambda: cal.count_working_days(MON, bad), lambda: cal.holiday_name(bad)):
        with pytest.raises(TypeError, match="not a date"):
            f()


def test_number_arrays_are_not_dates(cal):
    for bad in (np.array([1, 2]), np.array([1.5]), [5], pd.Series([19857, 19858]),
                np.array([True])):
        with pytest.raises(TypeError):
            cal.is_working_day(bad)
        with pytest.raises(TypeError):
            cal.count_working_days(bad, MON)


def test_n_must_be_whole(cal):
    with pytest.raises(TypeError, match="whole number"):
        cal.add_working_days(MON, 2.7)
    with pytest.raises(TypeError, match="whole number"):
        cal.add_working_days([MON, MON], [1, 2.5])
    with pytest.raises(TypeError):
        cal.add_working_days(MON, True)
    with pytest.raises(TypeError):
        cal.add_working_days(MON, "2")
    assert cal.add_working_days(MON, 5.0) == dt.date(2024, 5, 20)
    assert cal.add_working_days(MON, np.int32(5)) == dt.date(2024, 5, 20)
    # a float column with gaps (how pandas stores integers with NaN)
    got = cal.add_working_days([MON, MON, MON], np.array([5.0, np.nan, -1.0]))
    assert got[0] == np.datetime64("2024-05-20") and np.isnat(got[1])
    assert got[2] == np.datetime64("2024-05-10")


def test_series_in_series_out_index_kept(cal):
    idx = pd.Index(["a", "b", "c"], name="case")
    s = pd.Series(pd.to_datetime(["2024-05-13", None, "2024-05-24"]), index=idx, name="opened")
    added = cal.add_working_days(s, 1)
    assert isinstance(added, pd.Series) and added.index.equals(idx)
    assert added.dtype == np.dtype("datetime64[ns]")
    assert added["a"] == pd.Timestamp("2024-05-14") and added["b"] is pd.NaT
    assert added["c"] == pd.Timestamp("2024-05-28")  # over the bank holiday Monday 27 May

    counted = cal.count_working_days(s, pd.Timestamp("2024-05-31"))
    assert counted.dtype == pd.Int64Dtype() and counted.index.equals(idx)
    # (13 May, 31 May]: 4 + 5 + 4 working days (27 May is a bank holiday)
    assert counted["a"] == 13 and counted["b"] is pd.NA and counted["c"] == 4
    assert counted.mean() == 8.5  # the missing row is left out, not -2**63

    working = cal.is_working_day(s)
    assert working.dtype == pd.BooleanDtype() and working.index.equals(idx)
    assert working.tolist() == [True, pd.NA, True]
    # object Series of strings and dates, with None
    obj = pd.Series(["2024-05-27", None, dt.date(2024, 5, 28)], index=[10, 20, 30])
    assert cal.is_working_day(obj).tolist() == [False, pd.NA, True]
    assert list(cal.is_working_day(obj).index) == [10, 20, 30]


def test_arrays_give_masked_arrays(cal):
    days = np.array(["2024-05-13", "NaT", "2024-05-27"], dtype="datetime64[D]")
    w = cal.is_working_day(days)
    assert isinstance(w, np.ma.MaskedArray) and w.dtype == bool
    assert w.mask.tolist() == [False, True, False] and w[0] and not w[2]
    c = cal.count_working_days(days, np.datetime64("2024-05-31"))
    assert isinstance(c, np.ma.MaskedArray) and c.dtype == np.int64
    assert c.mask.tolist() == [False, True, False]
    assert c.tolist() == [13, None, 4] and c.mean() == 8.5
    # lists of mixed date-likes and None
    assert cal.is_working_day([None]).mask.tolist() == [True]
    assert cal.is_working_day([None, "2024-05-13", pd.Timestamp("2024-05-27")]).tolist() == \
        [None, True, False]
    a = cal.add_working_days(["2024-05-13", None], 5)
    assert a.dtype == np.dtype("datetime64[D]") and a[0] == np.datetime64("2024-05-20")
    assert np.isnat(a[1])
    # one date, many N
    assert cal.add_working_days(MON, [0, 5]).tolist() == [MON, dt.date(2024, 5, 20)]
    # one date in a one-element list, many N: the answer has N's shape
    assert cal.add_working_days([MON], [0, 5]).tolist() == [MON, dt.date(2024, 5, 20)]
    s = cal.add_working_days(MON, pd.Series([0, 5], index=["x", "y"]))
    assert list(s.index) == ["x", "y"] and s["y"] == pd.Timestamp("2024-05-20")
    # empty in, empty out
    assert cal.is_working_day([]).shape == (0,) and cal.count_working_days([], MON).shape == (0,)
    assert cal.add_working_days([], 1).shape == (0,)
    # no missing values: nothing masked, and the values compare as plain arrays
    assert not cal.count_working_days(days[[0]], days[[2]]).mask.any()


def test_ics_paths_and_text(tmp_path):
    want = unalloc.Calendar(ics_text=ICS.read_bytes())
    for ics in (str(ICS), ICS, [ICS], [str(ICS)]):
        cal = unalloc.Calendar(ics=ics)
        assert cal.holiday_name("2016-12-27") == "Christmas Day"
        assert cal.fingerprint == want.fingerprint
    assert unalloc.Calendar(ics_text=ICS.read_text(encoding="utf-8")).fingerprint == \
        want.fingerprint
    assert unalloc.Calendar(ics_text=[ICS.read_bytes()]).holiday_name("2016-12-27") == \
        "Christmas Day"
    with pytest.raises(TypeError, match="ics_text"):
        unalloc.Calendar(ics=ICS.read_bytes())
    with pytest.raises(FileNotFoundError):
        unalloc.Calendar(ics=tmp_path / "missing.ics")


def test_closures_in_every_form():
    want = unalloc.Calendar(closures=[(dt.date(2024, 12, 27), dt.date(2024, 12, 31)),
                                      dt.date(2024, 6, 14)])
    for closures in ([("2024-12-27", "2024-12-31"), "2024-06-14"],
                     ["2024-12-27..2024-12-31", pd.Timestamp("2024-06-14")],
                     [(np.datetime64("2024-12-27"), pd.Timestamp("2024-12-31")),
                      np.datetime64("2024-06-14")],
                     [["2024-12-27", "2024-12-31", "Christmas closure"], "2024-06-14"]):
        assert unalloc.Calendar(closures=closures).fingerprint == want.fingerprint
    named = unalloc.Calendar(closures=[("2024-12-27", "2024-12-31", "Christmas closure")])
    assert named.holiday_name("2024-12-30") == "Christmas closure"
    assert unalloc.Calendar(working=["2024-03-29"]).is_working_day("2024-03-29")
    with pytest.raises(TypeError):
        unalloc.Calendar(closures=[20241227])
    with pytest.raises(unalloc.InvalidError):
        unalloc.Calendar(closures=[("2024-12-31", "2024-12-27")])
    with pytest.raises(unalloc.InvalidError, match="NUL"):
        unalloc.Calendar(closures=[("2024-12-27", "2024-12-31", "Xmas\x00")])


def test_a_policy_id_wherever_a_policy_is_taken():
    case = unalloc.Case("C1").add("opened", "2024-05-23T10:00", "cin")
    by_id = unalloc.evaluate(case, "nelc-2022", "2024-05-28")
    by_obj = unalloc.evaluate(case, unalloc.Policy.builtin("nelc-2022"), "2024-05-28")
    assert by_id == by_obj and by_id.policy == "nelc-2022"
    events = pd.DataFrame({"case_id": ["C1"], "at": ["2024-05-23T10:00"], "event": ["opened"],
                           "detail": ["cin"]})
    a, _ = unalloc.evaluate_frame(events, "nelc-2022", "2024-05-28")
    b, _ = unalloc.evaluate_frame(events, unalloc.Policy.builtin("nelc-2022"), "2024-05-28")
    assert a.equals(b)
    with pytest.raises(unalloc.NotFoundError):
        unalloc.evaluate(case, "no-such-policy", "2024-05-28")
    with pytest.raises(TypeError):
        unalloc.evaluate(case, 7, "2024-05-28")
