"""The calendar from Python: scalar and vectorised working-day arithmetic,
cross-checked against numpy's business-day functions on 100,000 random
pairs with the same holidays."""
import datetime as dt

import numpy as np
import pytest

import unalloc


@pytest.fixture(scope="module", params=["england-and-wales", "scotland", "northern-ireland"])
def cal(request):
    with unalloc.Calendar(request.param) as c:
        yield c


def holidays(cal, first="1940-01-01", last="2170-12-31"):
    days = np.arange(np.datetime64(first), np.datetime64(last) + 1)
    off = ~cal.is_working_day(days)
    weekday = np.is_busday(days)  # Monday to Friday, no holidays
    return days[off & weekday]


def test_worked_examples():
    cal = unalloc.Calendar()
    assert cal.add_working_days(dt.date(2024, 5, 13), 5) == dt.date(2024, 5, 20)
    assert cal.count_working_days(dt.date(2024, 5, 13), dt.date(2024, 5, 17)) == 4
    assert cal.count_working_days(dt.date(2024, 5, 13), dt.date(2024, 5, 20)) == 5
    assert cal.add_working_days(dt.date(2024, 5, 18), 0) == dt.date(2024, 5, 18)
    assert cal.add_working_days(dt.date(2024, 5, 28), -1) == dt.date(2024, 5, 24)
    assert cal.next_working_day(dt.date(2024, 5, 24)) == dt.date(2024, 5, 28)
    assert cal.previous_working_day(dt.date(2024, 5, 28)) == dt.date(2024, 5, 24)
    assert cal.is_working_day(dt.date(2024, 5, 27)) is False
    assert cal.holiday_name(dt.date(2022, 9, 19)).startswith("Bank Holiday for the State Funeral")
    assert cal.holiday_name(dt.date(2024, 5, 28)) is None
    assert cal.verified_through == 2027
    assert unalloc.Calendar("scotland").holiday_name(dt.date(2026, 6, 15)) is not None


def test_local_changes():
    cal = unalloc.Calendar(closures=[(dt.date(2024, 12, 24), dt.date(2024, 12, 31)),
                                     dt.date(2024, 6, 14)],
                           working=[dt.date(2024, 3, 29)])
    assert cal.add_working_days(dt.date(2024, 12, 23), 1) == dt.date(2025, 1, 2)
    assert cal.is_working_day(dt.date(2024, 3, 29))
    assert not cal.is_working_day(dt.date(2024, 6, 14))
    with pytest.raises(unalloc.InvalidError, match="Saturday"):
        unalloc.Calendar(working=[dt.date(2024, 3, 30)])


def test_vectorised_matches_scalar(cal):
    rng = np.random.default_rng(7)
    days = np.datetime64("1950-01-01") + rng.integers(0, 70000, 2000)
    n = rng.integers(-40, 41, 2000)
    out = cal.add_working_days(days, n)
    for d, k, r in zip(days[:300], n[:300], out[:300]):
        assert cal.add_working_days(d.astype(dt.date), int(k)) == r.astype(dt.date)
    assert out.dtype == np.dtype("datetime64[D]")
    # sequences of dates and one N for all
    assert list(cal.add_working_days([dt.date(2024, 5, 13), dt.date(2024, 5, 24)], 1)) == \
        [np.datetime64("2024-05-14"), np.datetime64("2024-05-28")]
    # NaT passes through
    got = cal.add_working_days(np.array(["NaT", "2024-05-13"], dtype="datetime64[D]"), 5)
    assert np.isnat(got[0]) and got[1] == np.datetime64("2024-05-20")


def test_busday_cross_check(cal):
    """count(D, E) counts (D, E]; numpy's busday_count counts [begin, end),
    so count(D, E) == busday_count(D + 1, E + 1). add(D, N), the N-th working
    day after D (D itself never counts), is busday_offset(D, N, roll='backward')
    for N > 0 and busday_offset(D, N, roll='forward') for N < 0."""
    hol = holidays(cal)
    rng = np.random.default_rng(20241122)
    size = 100_000
    d = np.datetime64("1950-01-01") + rng.integers(0, 72000, size)
    e = d + rng.integers(-400, 401, size)
    ours = cal.count_working_days(d, e)
    theirs = np.busday_count(d + 1, e + 1, holidays=hol)
    assert np.array_equal(ours, theirs)

    n = rng.integers(1, 300, size)
    assert np.array_equal(cal.add_working_days(d, n),
                          np.busday_offset(d, n, roll="backward", holidays=hol))
    assert np.array_equal(cal.add_working_days(d, -n),
                          np.busday_offset(d, -n, roll="forward", holidays=hol))
    # and the defining property
    assert np.array_equal(cal.count_working_days(d, cal.add_working_days(d, n)), n)


def test_errors():
    cal = unalloc.Calendar()
    with pytest.raises(unalloc.RangeError):
        cal.add_working_days(dt.date(2199, 12, 30), 10)
    with pytest.raises(unalloc.RangeError):
        cal.add_working_days(np.array(["2199-12-30"], dtype="datetime64[D]"), 10)
    with pytest.raises(unalloc.RangeError):
        cal.count_working_days(np.array(["1800-01-01"], dtype="datetime64[D]"),
                               np.array(["2000-01-01"], dtype="datetime64[D]"))
    with pytest.raises(unalloc.InvalidError, match="wales"):
        unalloc.Calendar("wales")
    with pytest.raises(unalloc.ParseError):
        unalloc.Calendar(ics_text=[b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"])
    with pytest.raises(unalloc.InvalidError):
        cal.add_working_days(np.zeros(3, dtype="datetime64[D]"), np.zeros(2, dtype=np.int64))


def test_ics(tmp_path):
    import os
    from pathlib import Path
    root = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
    data = (root / "tests" / "data" / "govuk-england-and-wales-2012-2017.ics").read_bytes()
    cal = unalloc.Calendar(ics_text=[data])
    assert cal.holiday_name(dt.date(2016, 12, 27)) == "Christmas Day"
    assert cal.fingerprint == unalloc.Calendar().fingerprint


def test_ics_folded_nesting_on_a_small_stack():
    # 38,000 levels of folded "BEG\r\n IN:X-A" lines: libical's recursion
    # overflowed a thread's 1 MiB stack (SIGSEGV). Now rejected, with the line
    # of the fifth level, before libical parses anything.
    import threading
    bomb = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240702\r\nEND:VEVENT\r\n"
            + "BEG\r\n IN:X-A\r\n" * 38000 + "EN\r\n D:X-A\r\n" * 38000 + "END:VCALENDAR\r\n")
    caught = []

    def load():
        try:
            unalloc.Calendar(ics_text=[bomb])
        except unalloc.ParseError as e:
            caught.append(e)

    old = threading.stack_size(1 << 20)
    try:
        t = threading.Thread(target=load)
        t.start()
        t.join()
    finally:
        threading.stack_size(old)
    assert len(caught) == 1
    assert caught[0].line == 11
    assert "nested more than 4 deep" in str(caught[0])


def _data(name):
    import os
    from pathlib import Path
    root = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
    return root / "tests" / "data" / name


def test_govuk_json_where_ics_is():
    # gov.uk's bank-holidays.json, by path or as text: the region chooses the
    # division; the same days as the rules for 2019-2025.
    path = _data("govuk-bank-holidays.json")
    for region in ("england-and-wales", "scotland", "northern-ireland"):
        loaded = unalloc.Calendar(region, ics=path)
        rules = unalloc.Calendar(region)
        assert loaded.holidays_text("2019-01-01", "2025-12-31", "tsv") == \
            rules.holidays_text("2019-01-01", "2025-12-31", "tsv")
    sc = unalloc.Calendar("scotland", ics_text=path.read_text(encoding="utf-8"))
    assert sc.holiday_name("2024-01-02") == "2nd January"
    assert unalloc.Calendar(ics_text=path.read_bytes()).holiday_name("2024-01-02") is None
    with pytest.raises(unalloc.ParseError, match=r"/england-and-wales/events/1: a second event"):
        unalloc.Calendar(ics_text='{"england-and-wales": {"division": "england-and-wales", '
                         '"events": [{"title": "a", "date": "2024-01-01"}, '
                         '{"title": "b", "date": "2024-01-01"}]}}')
    with pytest.raises(unalloc.ParseError, match='has no "scotland" division'):
        unalloc.Calendar("scotland", ics_text='{"england-and-wales": {"division": '
                         '"england-and-wales", "events": [{"title": "a", "date": "2024-01-01"}]}}')


def test_holidays_text_round_trips():
    # The .ics is read back by Python's icalendar (no libical) and by the
    # library: the same dates and names as the holidays() frame's weekdays.
    icalendar = pytest.importorskip("icalendar")
    name = 'Staff day; all, "offices" \\ shut\u2019'
    cal = unalloc.Calendar("scotland", closures=[("2026-12-29", "2027-01-03", name)])
    text = cal.holidays_text("2026-01-01", "2027-12-31")
    assert text == cal.holidays_text("2026-01-01", "2027-12-31", "ics")
    frame = cal.holidays("2026-01-01", "2027-12-31")
    frame = frame[frame["date"].dt.dayofweek < 5]
    want = [(d.date(), n) for d, n in zip(frame["date"], frame["name"])]
    parsed = icalendar.Calendar.from_ical(text)
    got = [(ev.decoded("DTSTART"), str(ev["SUMMARY"])) for ev in parsed.walk("VEVENT")]
    assert got == want and (dt.date(2026, 12, 29), name) in got
    back = unalloc.Calendar("scotland", ics_text=text)
    assert back.holidays_text("2026-01-01", "2027-12-31", "tsv") == \
        cal.holidays_text("2026-01-01", "2027-12-31", "tsv")
    assert cal.holidays_text("2026-12-29", "2026-12-29", "csv") == \
        'date,name,source\n2026-12-29,"Staff day; all, ""offices"" \\ shut\u2019",closure\n'
    with pytest.raises(unalloc.InvalidError, match="expected tsv, csv, json or ics"):
        cal.holidays_text("2026-01-01", "2026-12-31", "xml")


def test_holidays_text_ics_whole_years():
    # An .ics is read back as every bank holiday of each year it touches, so
    # one of part of a year would read back without that year's others
    # (2024-12-20..2025-01-02 read back: no Easter Monday 2024). As the
    # command line: whole years only; the other formats take any range.
    cal = unalloc.Calendar("england-and-wales")
    with pytest.raises(unalloc.InvalidError,
                       match="whole years.*start=2024-01-01, end=2025-12-31"):
        cal.holidays_text("2024-12-20", "2025-01-02")
    with pytest.raises(unalloc.InvalidError, match="whole years"):
        cal.holidays_text("2024-01-01", "2024-12-30", "ics")
    assert cal.holidays_text("2024-12-20", "2025-01-02", "tsv") == \
        "2024-12-25\tChristmas Day\n2024-12-26\tBoxing Day\n2025-01-01\tNew Year\u2019s Day\n"
    assert "20240401" in cal.holidays_text("2024-01-01", "2024-12-31")
