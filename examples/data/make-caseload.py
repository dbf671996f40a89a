#!/usr/bin/env python3
"""Writes examples/data/caseload.csv: a synthetic caseload for libunalloc.

No real person: case ids, workers and localities are made up, and the
histories are generated from a fixed seed, so the file is the same every
time. The histories cover every category, every event kind and every rule
of the built-in policies (timely, late and missed), around Easter and the
spring bank holiday of 2024, so the demo and the notebook have something to
show. The demo evaluates it as of Friday 14 June 2024.

Run with any Python 3 (standard library only):
    python3 examples/data/make-caseload.py > examples/data/caseload.csv
"""
import csv
import datetime as dt
import random
import sys

SEED = 20240614
LOCALITIES = ["North", "South", "East", "West"]
START = dt.date(2024, 3, 4)   # Monday
AS_OF = dt.date(2024, 6, 14)  # Friday

rng = random.Random(SEED)
rows = []


def day(d):
    return d.isoformat()


def at(d, hh=None, mm=0):
    return day(d) if hh is None else f"{day(d)}T{hh:02d}:{mm:02d}"


def weekday_after(d, n):
    """d plus n days, moved off a weekend to the following Monday."""
    d = d + dt.timedelta(days=n)
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


class Case:
    count = 0

    def __init__(self, category, locality=None, age=None):
        Case.count += 1
        self.id = f"C{Case.count:03d}"
        self.locality = locality or rng.choice(LOCALITIES)
        self.category = category
        self.first = True
        if age is not None:
            born = START - dt.timedelta(days=int(age * 365.25) + rng.randint(0, 300))
            self.add(born, "born")

    def add(self, when, event, detail="", worker="", hh=None, mm=0):
        loc = self.locality if self.first else ""
        if event != "born":
            self.first = False
        rows.append([self.id, at(when, hh, mm), event, detail, worker, loc])
        return when


def statutory(case, opened, unallocated_days, late=False, miss_letter=False, fs="FS1",
              atm="ATM-1", absent=None, rating="amber", escalate=None, chaired_by=""):
    """A statutory case held with the ATM while waiting for a social worker."""
    o = case.add(opened, "opened", case.category, hh=rng.choice([9, 10, 11, 14]))
    case.add(opened + dt.timedelta(days=1), "allocated", "atm", atm)
    case.add(opened + dt.timedelta(days=1), "oversight", "team-manager", "TM-" + case.locality[0])
    case.add(opened + dt.timedelta(days=2), "allocated", "family-support", fs)
    case.add(opened + dt.timedelta(days=2), "agreed-unallocated", "", "AD")
    case.add(opened + dt.timedelta(days=3 if not late else 6), "dcs-informed")
    if not miss_letter:
        case.add(weekday_after(opened, 4 if not late else 9), "letter-family")
        case.add(weekday_after(opened, 4 if not late else 9), "agencies-informed")
    case.add(opened + dt.timedelta(days=2), "rating", rating)
    d = opened + dt.timedelta(days=3)
    end = opened + dt.timedelta(days=unallocated_days)
    n = 0
    while d < min(end, AS_OF):
        n += 1
        case.add(d, "visit", "family-support", fs)
        if n % 2 == 0:
            case.add(d, "review", "team-manager", "TM-" + case.locality[0])
            case.add(d, "reflective-supervision", "team-manager", "TM-" + case.locality[0])
        if n % 3 == 0:
            case.add(d, "oversight", "service-manager", "SM-1")
            case.add(d, "rating", rating)
        if n == 4:
            case.add(d, "statutory-meeting", chaired_by or "atm", "ATM-1")
        d += dt.timedelta(days=7 + (3 if late and n % 2 else 0))
    if escalate:
        case.add(opened + dt.timedelta(days=30), "escalated", escalate)
    if end < AS_OF:
        case.add(end, "allocated", "social-worker", "SW-" + case.id)
        case.add(end, "deallocated", "atm")
    return o


# ---- protocol-2019 / NELC style statutory cases --------------------------------
for i in range(6):
    c = Case(rng.choice(["single-assessment", "s47", "cin", "cp", "cla"]), age=rng.randint(2, 16))
    statutory(c, weekday_after(START, rng.randint(0, 50)), rng.randint(10, 60),
              late=i % 3 == 1, miss_letter=i % 4 == 2, fs=f"FS{i % 3 + 1}",
              rating=rng.choice(["red", "amber", "green"]),
              escalate="head-of-service" if i % 3 == 0 else None,
              chaired_by="family-support" if i == 5 else "")

# Allocated quickly: never unallocated.
for cat in ["referral", "single-assessment", "cin", "cp", "cla", "s47"]:
    c = Case(cat, age=rng.randint(0, 17))
    o = weekday_after(START, rng.randint(0, 60))
    c.add(o, "opened", cat)
    c.add(o, "allocated", "social-worker", "SW-" + c.id)
    c.add(weekday_after(o, 5), "visit", "social-worker", "SW-" + c.id)

# A referral that waited a few working days, across Easter 2024.
c = Case("referral", age=9)
c.add(dt.date(2024, 3, 27), "opened", "referral", hh=16, mm=30)
c.add(dt.date(2024, 3, 28), "category", "single-assessment")
c.add(dt.date(2024, 4, 4), "allocated", "social-worker", "SW-E1")

# Still unallocated, never held by an ATM (the ATM allocation is owed).
for cat, opened in [("referral", dt.date(2024, 6, 7)), ("s47", dt.date(2024, 6, 12)),
                    ("youth-justice", dt.date(2024, 5, 20)), ("cla", dt.date(2024, 4, 29))]:
    c = Case(cat, age=rng.choice([None, 13, 15]) if cat != "referral" else None)
    c.add(opened, "opened", cat, hh=10)
    if cat in ("youth-justice", "cla"):
        c.add(weekday_after(opened, 7), "review", "team-manager", "TM-" + c.locality[0])
        c.add(weekday_after(opened, 16), "review", "", "TM-" + c.locality[0])

# Held by "to be allocated" and duty: not allocated either.
c = Case("cp", age=6)
c.add(dt.date(2024, 5, 7), "opened", "cp")
c.add(dt.date(2024, 5, 7), "allocated", "to-be-allocated", "TBA")
c.add(dt.date(2024, 5, 8), "allocated", "duty", "DUTY-S")
c.add(dt.date(2024, 5, 28), "visit", "duty", "DUTY-S")

# A worker off sick for three weeks, then back (absence spell).
c = Case("cp", age=11)
c.add(dt.date(2024, 3, 11), "opened", "cp")
c.add(dt.date(2024, 3, 11), "allocated", "social-worker", "SW-N2")
c.add(dt.date(2024, 5, 13), "worker-absent", "sick", "SW-N2")
c.add(dt.date(2024, 5, 16), "risk-assessment", "team-manager", "TM-N")
c.add(dt.date(2024, 6, 3), "worker-returned", "", "SW-N2")

# A worker who left in May: absent, deallocated, now with the ATM.
c = Case("cla", age=14)
c.add(dt.date(2024, 3, 18), "opened", "cla")
c.add(dt.date(2024, 3, 18), "allocated", "social-worker", "SW-S3")
c.add(dt.date(2024, 5, 3), "worker-absent", "left", "SW-S3")
c.add(dt.date(2024, 5, 20), "deallocated", "social-worker", "SW-S3")
c.add(dt.date(2024, 5, 20), "allocated", "atm", "ATM-2")
c.add(dt.date(2024, 5, 21), "interim-activity", "team-manager", "TM-S")
c.add(dt.date(2024, 5, 22), "letter-family")
c.add(dt.date(2024, 5, 22), "letter-child")

# A long-term absence with no reallocation or interim activity.
c = Case("cin", age=7)
c.add(dt.date(2024, 3, 4), "opened", "cin")
c.add(dt.date(2024, 3, 5), "allocated", "social-worker", "SW-W4")
c.add(dt.date(2024, 4, 15), "worker-absent", "leave", "SW-W4")

# Closed and re-referred: a second episode.
c = Case("cin", age=10)
c.add(dt.date(2024, 3, 5), "opened", "cin")
c.add(dt.date(2024, 3, 12), "allocated", "social-worker", "SW-E5")
c.add(dt.date(2024, 4, 30), "closed")
c.add(dt.date(2024, 6, 3), "opened", "referral", hh=12)
c.add(dt.date(2024, 6, 4), "category", "single-assessment")

# Re-allocated briefly, then unallocated again (a second spell).
c = Case("single-assessment", age=3)
c.add(dt.date(2024, 4, 22), "opened", "single-assessment")
c.add(dt.date(2024, 5, 6), "allocated", "social-worker", "SW-N6")
c.add(dt.date(2024, 5, 8), "deallocated", "social-worker", "SW-N6")
c.add(dt.date(2024, 5, 13), "letter-family")

# ---- cin-criteria: duty-held children in need --------------------------------------
for k, (outcome, decision) in enumerate([("needs-social-worker", False),
                                         ("no-social-worker", False),
                                         ("no-social-worker", True),
                                         (None, False), (None, False)]):
    c = Case("single-assessment", age=rng.randint(1, 16))
    o = dt.date(2024, 4, 2) + dt.timedelta(days=7 * k)
    c.add(o, "opened", "single-assessment")
    c.add(o, "allocated", "duty", "DUTY-" + c.locality[0])
    if outcome:
        c.add(o + dt.timedelta(days=20), "assessment-concluded", outcome)
        c.add(o + dt.timedelta(days=20), "category", "cin")
    if decision:
        c.add(o + dt.timedelta(days=27), "allocation-decision", "needs-named-worker")
    if k == 0:
        c.add(o + dt.timedelta(days=40), "escalated", "head-of-service")

# ---- Nottingham Targeted Family Support: early help ------------------------------
for k in range(8):
    c = Case("early-help", age=rng.randint(0, 17))
    o = weekday_after(dt.date(2024, 3, 25), 6 * k)
    c.add(o, "opened", "early-help")
    if k % 4 != 3:
        c.add(weekday_after(o, 2 if k % 2 else 5), "case-summary", "practice-specialist", "PS-1")
    if k % 3 != 2:
        c.add(o + dt.timedelta(days=5 if k % 2 else 9), "contact", "family-support", "FS-EH")
    if k % 3 == 0:
        c.add(o + dt.timedelta(days=12), "visit", "family-support", "FS-EH")
    if k % 2 == 0:
        c.add(weekday_after(o, 3), "rating", rng.choice(["red", "amber", "yellow"]))
        c.add(weekday_after(o, 10), "rating", rng.choice(["red", "amber", "yellow"]))
    if k == 5:
        c.add(weekday_after(o, 4), "rating", "green")
    if k % 2 == 1:
        c.add(o + dt.timedelta(days=7), "oversight", "team-manager", "TM-EH")
        c.add(o + dt.timedelta(days=14), "review", "practice-specialist", "PS-1")
        c.add(o + dt.timedelta(days=8), "agencies-informed")
    if k == 6:
        c.add(o + dt.timedelta(days=29), "escalated", "service-manager")
    if k in (1, 4):
        c.add(weekday_after(o, 20), "allocated", "family-support", f"TFSW-{k}")
    if k == 7:
        c.add(o + dt.timedelta(days=15), "supervision", "team-manager", "TM-EH")
        c.add(o + dt.timedelta(days=16), "transferred")

# Every row happens on or before the as-of date.
rows = [r for r in rows if r[1][:10] <= AS_OF.isoformat()]
rows.sort(key=lambda r: (r[0], r[1]))

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["case_id", "at", "event", "detail", "worker", "locality"])
w.writerows(rows)
