"""A workload for test_leaks.py: every binding path, including the error
paths, copies and pickles of every object, and close() racing calls, a few
times. Run under valgrind."""
import copy
import dataclasses
import datetime as dt
import os
import pickle
import threading
from pathlib import Path

import numpy as np

import unalloc
from unalloc import core as c

root = Path(os.environ["UNALLOC_SOURCE_ROOT"])
ics = (root / "tests" / "data" / "govuk-england-and-wales-2012-2017.ics").read_bytes()

for _ in range(3):
    cal = unalloc.Calendar("england-and-wales", ics_text=[ics], closures=[dt.date(2024, 6, 14)],
                           working=[dt.date(2024, 3, 29)])
    cal.add_working_days(dt.date(2024, 5, 13), 5)
    cal.count_working_days(dt.date(2024, 5, 13), dt.date(2024, 6, 13))
    cal.holiday_name(dt.date(2024, 12, 25))
    for pid in unalloc.builtin_policies():
        pol = unalloc.Policy.builtin(pid)
        pol.text, pol.rules, pol.reports
        case = unalloc.Case("C1")
        case.add("born", dt.date(2012, 1, 1))
        case.add("opened", dt.datetime(2024, 5, 23, 10, 0), "referral", locality="East")
        case.add("allocated", dt.date(2024, 5, 24), "atm", "ATM")
        case.add("visit", "2024-05-29")
        r = unalloc.evaluate(case, pol, dt.date(2024, 6, 14))
        r.to_json()
        pol.report(pol.reports[0], [r], dt.date(2024, 6, 14))
        region_cal = cal if pol.region == unalloc.Region.ENGLAND_AND_WALES \
            else unalloc.Calendar(pol.region)
        c.unalloc_evaluate_table(region_cal._live, pol._live,
                                 (["A", "B"], ["2024-05-01", "2024-05-02"], ["opened", "opened"],
                                  ["cin", "early-help"], None, None),
                                 [dt.date(2024, 6, 1), dt.date(2024, 7, 1)])
    # copies and pickles: each C object freed once, by the last holder
    r = unalloc.evaluate(case, "nelc-2022", dt.date(2024, 6, 14))
    copies = [copy.copy(r), copy.deepcopy(r), dataclasses.replace(r, warnings=[]),
              pickle.loads(pickle.dumps(r))]
    del r
    copies[0].to_json(), copies[1].to_json()
    del copies
    for obj in (cal, unalloc.Policy.builtin("cin-criteria"), case):
        pickle.loads(pickle.dumps(obj)), copy.copy(obj), copy.deepcopy(obj)
    # close() while another thread is using the object
    shared = unalloc.Calendar(closures=[("2024-12-24", "2024-12-31", "closure")])
    def use():
        try:
            for _ in range(50):
                shared.count_working_days(np.arange(np.datetime64("2024-01-01"),
                                                    np.datetime64("2024-02-01")), "2024-06-14")
                unalloc.evaluate(case, "nelc-2022", dt.date(2024, 6, 14), shared)
        except unalloc.ClosedError:
            pass
    threads = [threading.Thread(target=use) for _ in range(2)]
    for t in threads:
        t.start()
    shared.close()
    for t in threads:
        t.join()
    # the newer calls: holidays, numpy/pandas calendars, columns from generators
    cal.holidays("2024-01-01", "2024-12-31"), cal.to_numpy(), cal.to_pandas()
    cal.is_working_day([None, "2024-05-27"]), cal.add_working_days(["2024-05-13", None], 2)
    nelc = unalloc.Policy.builtin("nelc-2022")  # held: a temporary's pointer would dangle
    c.unalloc_evaluate_table(cal._live, nelc._live,
                             ((i for i in ["A", "B"]), map(str, ["2024-05-01", "2024-05-02"]),
                              ["opened", "opened"], ["cin", "cin"], None, None),
                             [dt.date(2024, 6, 1)])
    # error paths
    for bad in (lambda: unalloc.Policy.builtin("nope"),
                lambda: unalloc.Policy.parse("policy p\nfrob\n"),
                lambda: unalloc.Case("X").add("opened", "2024-02-30", "cin"),
                lambda: cal.add_working_days(dt.date(2199, 12, 30), 10),
                lambda: unalloc.Calendar(ics_text=[b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"]),
                lambda: c.unalloc_evaluate_table(cal._live, nelc._live,
                                                 (["A"], ["2024-13-01"], ["opened"], ["cin"],
                                                  None, None), [dt.date(2024, 6, 1)]),
                lambda: unalloc.Case("C1\x00evil"),
                lambda: c.unalloc_evaluate_table(cal._live, nelc._live,
                                                 ((x for x in ["A", "B\x00"]), ["2024-05-01"] * 2,
                                                  ["opened"] * 2, ["cin"] * 2, None, None),
                                                 [dt.date(2024, 6, 1)]),
                lambda: c.unalloc_calendar_add_working_days_array(
                    np.empty(2, np.int64), cal._live, np.zeros(2, np.int64),
                    np.zeros(1, np.int64), 1, 3),
                lambda: cal.holidays("2024-12-31", "2024-01-01"),
                lambda: pickle.loads(pickle.dumps(
                    unalloc.evaluate(case, "nelc-2022", dt.date(2024, 6, 14)))).to_json()):
        try:
            bad()
        except unalloc.Error:
            pass
print("done")
