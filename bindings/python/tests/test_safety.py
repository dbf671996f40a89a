"""Safe under any use: copies and pickles of results, policies, calendars and
cases; close() racing a running call; NUL characters; the raw SWIG module's
checks (read-only structs, columns kept alive, array counts)."""
import copy
import dataclasses
import datetime as dt
import gc
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

import unalloc
from unalloc import core as c


def a_case():
    case = unalloc.Case("C1")
    case.add("born", "2012-01-01")
    case.add("opened", "2024-05-23T10:00", "referral", locality="East")
    case.add("allocated", "2024-05-24", "atm", "ATM")
    return case


def test_result_copies_share_one_c_answer():
    r = unalloc.evaluate(a_case(), "protocol-2019", "2024-06-14")
    want = r.to_json()
    shallow, deep = copy.copy(r), copy.deepcopy(r)
    assert shallow == r and deep == r
    del r
    gc.collect()
    # the copies outlive the original and still read the C answer
    assert shallow.to_json() == want and deep.to_json() == want
    del shallow
    gc.collect()
    assert deep.to_json() == want
    pol = unalloc.Policy.builtin("protocol-2019")
    assert "WEEKLY RETURN" in pol.report("weekly-return", [deep, copy.copy(deep)], "2024-06-14")


def test_replaced_or_unpickled_results_are_not_the_librarys_answer():
    r = unalloc.evaluate(a_case(), "protocol-2019", "2024-06-14")
    changed = dataclasses.replace(r, status=unalloc.Status.ALLOCATED)
    assert changed.status == "allocated" and r.status != "allocated"
    with pytest.raises(unalloc.InvalidError, match="dataclasses.replace"):
        changed.to_json()
    back = pickle.loads(pickle.dumps(r))
    assert back == r  # the fields survive
    with pytest.raises(unalloc.InvalidError, match="unpickled"):
        back.to_json()
    with pytest.raises(unalloc.InvalidError, match="unpickled"):
        unalloc.Policy.builtin("protocol-2019").report("weekly-return", [back], "2024-06-14")
    assert r.to_json()  # the original is untouched


def test_policy_calendar_and_case_pickle_by_value():
    for pid in unalloc.builtin_policies():
        pol = unalloc.Policy.builtin(pid)
        back = pickle.loads(pickle.dumps(pol))
        assert (back.id, back.hash, back.text) == (pol.id, pol.hash, pol.text)
        assert copy.copy(pol).hash == pol.hash and copy.deepcopy(pol).hash == pol.hash
    custom = unalloc.Policy.parse(unalloc.Policy.builtin("nelc-2022").text)
    assert pickle.loads(pickle.dumps(custom)).hash == custom.hash

    import os
    from pathlib import Path
    root = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
    ics = root / "tests" / "data" / "govuk-england-and-wales-2012-2017.ics"
    cal = unalloc.Calendar("scotland", ics=ics,
                           closures=[("2024-12-24", "2024-12-31", "Christmas closure")],
                           working=["2024-08-05"])
    blob = pickle.dumps(cal)
    assert str(ics).encode() not in blob  # the file's contents travel, not its path
    back = pickle.loads(blob)
    assert back.region == unalloc.Region.SCOTLAND and back.fingerprint == cal.fingerprint
    assert back.holiday_name("2024-12-30") == "Christmas closure"
    assert back.holiday_name("2016-12-27") == cal.holiday_name("2016-12-27")
    assert copy.deepcopy(cal).fingerprint == cal.fingerprint
    cal.close()
    assert back.is_working_day("2024-08-05")  # an independent calendar

    case = a_case()
    back = pickle.loads(pickle.dumps(case))
    assert (back.id, len(back)) == ("C1", 3)
    assert unalloc.evaluate(back, "nelc-2022", "2024-06-14") == \
        unalloc.evaluate(case, "nelc-2022", "2024-06-14")
    assert len(copy.copy(case)) == 3


def test_close_waits_for_a_running_call():
    """close() while a call holds the calendar: the calendar is closed for new
    calls at once, and freed when the running call finishes, not under it."""
    from unalloc import _using
    cal = unalloc.Calendar()
    with _using(cal) as ptr:
        cal.close()
        assert cal.closed
        with pytest.raises(unalloc.ClosedError):
            cal.add_working_days("2024-05-13", 5)
        # the running call's pointer is still the live calendar
        assert c.unalloc_calendar_add_working_days(ptr, dt.date(2024, 5, 13), 5) == \
            dt.date(2024, 5, 20)
        assert cal._ref._ptr is not None
    assert cal._ref._ptr is None  # freed by the call that finished last
    cal.close()  # twice is fine


def test_threads_close_while_evaluating():
    """Threads evaluate with one calendar and policy while another thread
    closes them: every call either answers correctly or raises ClosedError."""
    events = pd.DataFrame({"case_id": [f"C{i}" for i in range(300)],
                           "at": ["2024-05-23T10:00"] * 300, "event": ["opened"] * 300,
                           "detail": ["cin"] * 300})
    for _ in range(5):
        cal, pol = unalloc.Calendar(), unalloc.Policy.builtin("nelc-2022")
        case = a_case()
        want = unalloc.evaluate(case, pol, "2024-06-14", cal)
        outcomes, errors = [], []
        start = threading.Barrier(5)

        def work(kind):
            start.wait()
            for _ in range(200):
                try:
                    if kind == "one":
                        assert unalloc.evaluate(case, pol, "2024-06-14", cal) == want
                    elif kind == "frame":
                        cases, _ = unalloc.evaluate_frame(events, pol, "2024-06-14", cal)
                        assert len(cases) == 300
                    else:
                        assert cal.count_working_days(np.arange(np.datetime64("2024-01-01"),
                                                                np.datetime64("2024-03-01")),
                                                      "2024-06-14").min() > 0
                    outcomes.append("ok")
                except unalloc.ClosedError:
                    outcomes.append("closed")
                except BaseException as e:  # noqa: BLE001  (any other failure is the bug)
                    errors.append(e)

        threads = [threading.Thread(target=work, args=(k,))
                   for k in ("one", "frame", "array", "one")]
        for t in threads:
            t.start()
        start.wait()
        cal.close()
        pol.close()
        for t in threads:
            t.join()
        assert not errors, errors[:3]
        assert "closed" in outcomes
        with pytest.raises(unalloc.ClosedError):
            unalloc.evaluate(case, pol, "2024-06-14", cal)


@pytest.mark.parametrize("call", [
    lambda: unalloc.Case("C1\x00evil"),
    lambda: unalloc.Case("C1").add("opened", "2024-05-01", "cin\x00x"),
    lambda: unalloc.Case("C1").add("opened\x00", "2024-05-01", "cin"),
    lambda: unalloc.Case("C1").add("opened", "2024-05-01", "cin", "W\x00", "East"),
    lambda: unalloc.Policy.builtin("nelc-2022\x00"),
    lambda: unalloc.Policy.builtin("nelc-2022").report("weekly-return\x00", [], "2024-06-14"),
    lambda: unalloc.Calendar(closures=[("2024-12-24", "2024-12-24", "a\x00b")]),
    lambda: unalloc.evaluate_frame(
        pd.DataFrame({"case_id": ["C1", "C1\x00X"], "at": ["2024-05-01"] * 2,
                      "event": ["opened"] * 2, "detail": ["cin"] * 2}),
        "nelc-2022", "2024-06-14"),
])
def test_nul_in_any_string_is_invalid(call):
    with pytest.raises(unalloc.InvalidError, match="NUL"):
        call()


def test_core_structs_are_read_only():
    with unalloc.Policy.builtin("nelc-2022") as pol:
        rule = c.unalloc_policy_rule(pol._live, 0)
        for name, value in (("if_age_at_least", 7), ("id", "x"), ("note", "x")):
            if hasattr(rule, name):
                with pytest.raises(AttributeError):
                    setattr(rule, name, value)
    r = unalloc.evaluate(a_case(), "nelc-2022", "2024-06-14")
    with unalloc._using(r._ref) as h:
        case = c.unalloc_result_case(h)
        with pytest.raises(AttributeError):
            case.case_id = "other"
        with pytest.raises(AttributeError):
            case.working_days_unallocated = 0


def test_core_columns_from_generators_and_maps():
    """The column conversion keeps the lists it makes from a generator or
    map alive for the C call (it used to free the strings first)."""
    pol = unalloc.Policy.builtin("nelc-2022")
    cal = unalloc.Calendar()
    ids = [f"case-{i:04d}" for i in range(200)]
    as_lists = (ids, ["2024-05-01"] * 200, ["opened"] * 200, ["cin"] * 200, None, None)
    want = c.unalloc_evaluate_table(cal._live, pol._live, as_lists, [dt.date(2024, 6, 1)])
    lazy = ((f"case-{i:04d}" for i in range(200)), map(str, ["2024-05-01"] * 200),
            (s for s in ["opened"] * 200), map(lambda s: s + "", ["cin"] * 200), None, None)
    assert c.unalloc_evaluate_table(cal._live, pol._live, lazy, [dt.date(2024, 6, 1)]) == want
    with pytest.raises(ValueError, match="same length"):
        c.unalloc_evaluate_table(cal._live, pol._live,
                                 (ids, ids[:-1], ["opened"] * 200, None, None, None),
                                 [dt.date(2024, 6, 1)])


def test_core_array_counts_are_checked():
    cal = unalloc.Calendar()
    days = np.zeros(3, dtype=np.int64)
    out = np.empty(3, dtype=np.int64)
    ok = np.ones(3, dtype=np.int64)
    c.unalloc_calendar_add_working_days_array(out, cal._live, days, ok, 3, 3)
    for args in ((out, cal._live, days, ok, 3, 4),          # count past the buffers
                 (out, cal._live, days, ok[:1], 3, 3),      # n shorter than n_count
                 (out[:2], cal._live, days, ok, 3, 3)):     # out too short
        with pytest.raises(unalloc.InvalidError, match="holds"):
            c.unalloc_calendar_add_working_days_array(*args)
    with pytest.raises(unalloc.InvalidError, match="holds"):
        c.unalloc_calendar_count_working_days_array(out, cal._live, days, days[:2], 3)
    with pytest.raises(unalloc.InvalidError, match="holds"):
        c.unalloc_calendar_is_working_day_array(np.empty(2, np.int8), cal._live, days, 3)
    with pytest.raises(TypeError, match="integers"):
        c.unalloc_calendar_is_working_day_array(out, cal._live, days, 3)  # int64 flags


def test_errors_pickle_with_their_details():
    """Errors cross process boundaries (worker processes) intact."""
    with pytest.raises(unalloc.ParseError) as e:
        unalloc.Policy.parse("policy p\ntitle \"x\"\nscope cinn\n")
    back = pickle.loads(pickle.dumps(e.value))
    assert type(back) is unalloc.ParseError
    assert (str(back), back.status, back.line, back.column) == \
        (str(e.value), "UNALLOC_E_PARSE", e.value.line, e.value.column)
    closed = pickle.loads(pickle.dumps(unalloc.ClosedError("this Calendar is closed")))
    assert type(closed) is unalloc.ClosedError and str(closed) == "this Calendar is closed"
