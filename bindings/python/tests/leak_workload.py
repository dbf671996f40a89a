"""A workload for test_leaks.py: every binding path, including the error
paths, a few times. Run under valgrind."""
import datetime as dt
import os
from pathlib import Path

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
        c.unalloc_evaluate_table(cal._h if pol.region == unalloc.Region.ENGLAND_AND_WALES
                                 else unalloc.Calendar(pol.region)._h, pol._h,
                                 (["A", "B"], ["2024-05-01", "2024-05-02"], ["opened", "opened"],
                                  ["cin", "early-help"], None, None),
                                 [dt.date(2024, 6, 1), dt.date(2024, 7, 1)])
    # error paths
    for bad in (lambda: unalloc.Policy.builtin("nope"),
                lambda: unalloc.Policy.parse("policy p\nfrob\n"),
                lambda: unalloc.Case("X").add("opened", "2024-02-30", "cin"),
                lambda: cal.add_working_days(dt.date(2199, 12, 30), 10),
                lambda: unalloc.Calendar(ics_text=[b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"]),
                lambda: c.unalloc_evaluate_table(cal._h, unalloc.Policy.builtin("nelc-2022")._h,
                                                 (["A"], ["2024-13-01"], ["opened"], ["cin"],
                                                  None, None), [dt.date(2024, 6, 1)])):
        try:
            bad()
        except unalloc.Error:
            pass
print("done")
