"""libunalloc tests: reads an iCalendar file with Python's icalendar package
(Debian's python3-icalendar), independently of libical, and prints one line
per event, DATE<TAB>SUMMARY, in file order: the shape of `unalloc holidays`'
TSV. Checks on the way that every event is one all-day date (DTEND the next
day) with a UID and a DTSTAMP in UTC, and that the UIDs are unique.

    /usr/bin/python3 tests/ics-to-tsv.py FILE.ics
"""
import datetime
import sys

import icalendar


def main(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    if cal.name != "VCALENDAR" or str(cal.get("VERSION")) != "2.0":
        sys.exit(f"{path}: not an iCalendar 2.0 VCALENDAR")
    uids = set()
    for ev in cal.walk("VEVENT"):
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
            sys.exit(f"{path}: DTSTART {start!r} is not an all-day date")
        if end != start + datetime.timedelta(days=1):
            sys.exit(f"{path}: DTEND {end!r} is not the day after {start!r}")
        stamp = ev.decoded("DTSTAMP")
        if stamp.utcoffset() != datetime.timedelta(0):
            sys.exit(f"{path}: DTSTAMP {stamp!r} is not UTC")
        uid = str(ev["UID"])
        if uid in uids:
            sys.exit(f"{path}: UID {uid} twice")
        uids.add(uid)
        sys.stdout.write(f"{start.isoformat()}\t{ev['SUMMARY']}\n")


if __name__ == "__main__":
    main(sys.argv[1])
