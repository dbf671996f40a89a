"""The calendar handed to pandas and numpy: the holiday listing, and the
numpy/pandas calendars cross-checked against count and add with the
differences doc/calendar.md ("numpy and pandas") states."""
import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import unalloc

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
ICS = ROOT / "tests" / "data" / "govuk-england-and-wales-2012-2017.ics"


def local():
    return unalloc.Calendar(closures=[("2024-12-24", "2024-12-31", "Christmas closure")],
                            working=["2024-03-29"])


def test_holidays_frame():
    h = local().holidays("2024-03-01", dt.date(2024, 12, 31))
    assert list(h.columns) == ["date", "name", "region", "source"]
    assert h["date"].dtype == np.dtype("datetime64[ns]")
    rows = [(d.strftime("%m-%d"), n, s) for d, n, s in zip(h["date"], h["name"], h["source"])]
    closure = "Christmas closure"
    assert rows == [("04-01", "Easter Monday", "rule"),  # Good Friday is worked
                    ("05-06", "Early May bank holiday", "rule"),
                    ("05-27", "Spring bank holiday", "rule"),
                    ("08-26", "Summer bank holiday", "rule"),
                    ("12-24", closure, "closure"),
                    ("12-25", "Christmas Day", "rule"), ("12-26", "Boxing Day", "rule"),
                    ("12-27", closure, "closure"), ("12-28", closure, "closure"),
                    ("12-29", closure, "closure"), ("12-30", closure, "closure"),
                    ("12-31", closure, "closure")]
    assert set(h["region"]) == {"england-and-wales"}
    assert (unalloc.core.UNALLOC_HOLIDAY_RULE, unalloc.core.UNALLOC_HOLIDAY_FILE,
            unalloc.core.UNALLOC_HOLIDAY_CLOSURE) == (0, 1, 2)  # unalloc._SOURCES's order
    loaded = unalloc.Calendar(ics=ICS).holidays("2017-01-01", "2018-01-01")
    assert loaded["source"].tolist() == ["file"] * 8 + ["rule"]
    assert len(unalloc.Calendar("scotland").holidays("2024-06-01", "2024-06-30")) == 0
    with pytest.raises(unalloc.InvalidError, match="before"):
        local().holidays("2024-12-31", "2024-01-01")


@pytest.mark.parametrize("make", [lambda: unalloc.Calendar("scotland"), local])
def test_numpy_busdaycalendar(make):
    cal = make()
    bc = cal.to_numpy()
    assert isinstance(bc, np.busdaycalendar)
    rng = np.random.default_rng(13)
    d = np.datetime64("1902-01-01") + rng.integers(0, 106000, 20000)
    e = d + rng.integers(-400, 401, d.size)
    n = rng.integers(1, 300, d.size)
    # (D, E] against [begin, end)
    assert np.array_equal(cal.count_working_days(d, e), np.busday_count(d + 1, e + 1, busdaycal=bc))
    assert np.array_equal(cal.add_working_days(d, n),
                          np.busday_offset(d, n, roll="backward", busdaycal=bc))
    assert np.array_equal(cal.add_working_days(d, -n),
                          np.busday_offset(d, -n, roll="forward", busdaycal=bc))
    assert np.array_equal(cal.is_working_day(d), np.is_busday(d, busdaycal=bc))


def test_the_documented_differences():
    cal = unalloc.Calendar()
    bc, cbd = cal.to_numpy(), cal.to_pandas()
    assert cal.count_working_days("2024-05-20", "2024-05-27") == 4
    assert np.busday_count("2024-05-20", "2024-05-27", busdaycal=bc) == 5
    assert np.busday_count("2024-05-21", "2024-05-28", busdaycal=bc) == 4
    sat = "2024-05-25"
    assert cal.add_working_days(sat, 1) == dt.date(2024, 5, 28)
    assert np.busday_offset(sat, 1, roll="forward", busdaycal=bc) == np.datetime64("2024-05-29")
    assert cal.add_working_days(sat, -1) == dt.date(2024, 5, 24)
    assert np.busday_offset(sat, -1, roll="backward", busdaycal=bc) == \
        np.datetime64("2024-05-23")
    with pytest.raises(ValueError, match="Non-business day"):
        np.busday_offset(sat, 1, busdaycal=bc)
    assert cal.add_working_days(sat, 0) == dt.date(2024, 5, 25)
    assert np.busday_offset(sat, 0, roll="forward", busdaycal=bc) == np.datetime64("2024-05-28")
    assert pd.Timestamp(sat) + 0 * cbd == pd.Timestamp("2024-05-28")
    assert pd.Timestamp(sat) + cbd == pd.Timestamp("2024-05-28")
    assert pd.Timestamp(sat) - cbd == pd.Timestamp("2024-05-24")


@pytest.mark.filterwarnings("ignore::pandas.errors.PerformanceWarning")
def test_pandas_custom_business_day():
    cal = local()
    cbd = cal.to_pandas()
    assert isinstance(cbd, pd.offsets.CustomBusinessDay)
    rng = np.random.default_rng(5)
    starts = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, 300), unit="D")
    for d, n in zip(starts, rng.integers(-30, 31, 300)):
        if n == 0:
            continue
        assert (d + int(n) * cbd).date() == cal.add_working_days(d, int(n)), (d, n)
    # a vectorised shift over a closure
    days = pd.date_range("2024-12-20", "2025-01-03")
    assert list(days + cbd) == [pd.Timestamp(x) for x in cal.add_working_days(days.values, 1)]
