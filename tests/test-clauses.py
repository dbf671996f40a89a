#!/usr/bin/env python3
"""libunalloc tests: every clause a built-in policy cites is really in its
source document. Each quoted phrase (split at "...") must appear in the cited
file under doc/sources/, and so must the section heading, comparing text with
whitespace collapsed and typographic quotes made plain.

And every rule whose timing basis is `document` (no `local` setting supplies
it) must cite a phrase that states that timing (the number and unit, "5
working days", "4-week", "day ten", or the document's word: "weekly",
"fortnightly", "monthly", "immediately") and its anchor ("allocated to the
ATM", "opening", "unallocated", "absence"...): a manager checking a due date
against the clause must find it there. TAP output.

SPDX-License-Identifier: MIT
"""
import os
import re
import shlex
import sys

root = os.environ.get("UNALLOC_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), ".."))


def norm(s):
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s).strip().lower()


NUMBER_WORDS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six",
                7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
UNIT_WORDS = {"working-days": "working day", "days": "day", "weeks": "week", "months": "month",
              "hours": "hour"}
# Intervals the documents name with a word of their own.
INTERVAL_WORDS = {(7, "days"): ["weekly"], (1, "weeks"): ["weekly"], (14, "days"): ["fortnightly"],
                  (2, "weeks"): ["fortnightly"], (1, "months"): ["monthly"]}
# "Due 0 days": owed the moment the anchor is reached, which the document says
# with one of these.
AT_ONCE = ["immediately", "once", "every unallocated case must", "where there is no allocated worker"]


def unit_of(u):
    return {"working-day": "working-days", "day": "days", "week": "weeks", "month": "months",
            "hour": "hours"}.get(u, u)


def timing_phrases(amount, unit, day=False, every=False):
    """The ways a document states this timing."""
    unit = unit_of(unit)
    if amount == 0 and not day and not every:
        return AT_ONCE
    nums = [str(amount)] + ([NUMBER_WORDS[amount]] if amount in NUMBER_WORDS else [])
    if day:
        return [f"day {n}" for n in nums]
    if amount == 1:
        nums.append("a")
    if unit == "days" and amount % 7 == 0:  # 7 days is a week, 14 two weeks
        return timing_phrases(amount // 7, "weeks", every=every)
    word = UNIT_WORDS[unit]
    out = []
    for n in nums:
        out += [f"{n} {word}s", f"{n} {word}", f"{n}-{word}"]
    return out + INTERVAL_WORDS.get((amount, unit), [])


def anchor_phrases(words, kinds):
    """The ways a document names the moment a rule's clock starts."""
    a = words[1]
    if a == "opened":
        return ["opening", "accepted in the service"]
    if a in ("spell", "threshold"):
        return ["unallocated", "cannot be allocated", "no allocated worker"]
    if a == "holding":
        return {"atm": ["allocated to the atm"],
                "family-support": ["eh/fs worker", "family support worker"]}.get(words[2], [words[2]])
    if a == "absence":
        return ["absence", "off work"]
    if a == "met":
        return [kinds.get(words[2], words[2])]
    if a == "missed":
        return ["not possible"]
    if a == "concern":
        return ["concerns"]
    return [a]


def timing_problems(quote, rule):
    """What a `document` rule's quote lacks: [] when it states the timing and anchor."""
    q = norm(quote)
    missing = []
    for amount, unit, day, every in rule["timings"]:
        phrases = timing_phrases(amount, unit, day, every)
        if not any(norm(p) in q for p in phrases):
            missing.append(f"timing ({' or '.join(repr(p) for p in phrases[:6])})")
    anchors = anchor_phrases(rule["from"], rule["kinds"])
    if not any(norm(p) in q for p in anchors):
        missing.append(f"anchor ({' or '.join(repr(p) for p in anchors)})")
    return missing


# The check can fail: the quote nelc.letter-agencies had before issue 11
# states no time, and the one it cites now does.
_old = {"timings": [(5, "working-days", False, False)], "from": ["from", "holding", "atm", "or-threshold"],
        "kinds": {}}
assert timing_problems("Partner agencies, such as schools or health, should be informed that the case "
                       "is unallocated", _old)
assert not timing_problems("send a letter to the family and other involved agencies within 5 working "
                           "days of the case being allocated to the ATM", _old)
assert timing_problems("will visit weekly", {**_old, "timings": [(7, "days", False, True)]}) == \
    ["anchor ('allocated to the atm')"]
assert not timing_problems("on day ten of being allocated to the ATM",
                           {**_old, "timings": [(10, "days", True, False)]})

results = []
policies = sorted(f for f in os.listdir(os.path.join(root, "lib", "policies")) if f.endswith(".policy"))
for name in policies:
    docs = {}
    settings = {}  # name -> (amount, unit, kind)
    kinds = {}     # rule id -> obligation kind
    rule = None
    with open(os.path.join(root, "lib", "policies", name), encoding="utf-8") as f:
        lines = f.readlines()
    for n, line in enumerate(lines, 1):
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "setting":
            settings[words[1]] = (int(words[2]), words[3], words[4])
        elif words[0] == "rule":
            rule = {"id": words[1], "line": n, "timings": [], "local": False, "kinds": kinds}
            kinds[words[1]] = words[2]
        elif rule and words[0] == "from":
            rule["from"] = words
        elif rule and words[0] in ("due", "every"):
            day = len(words) > 1 and words[1] == "day"
            rest = words[2:] if day else words[1:]
            if rest[0] == "setting":
                amount, unit, kind = settings[rest[1]]
                rule["local"] = rule["local"] or kind == "local"
            else:
                amount, unit = int(rest[0]), rest[1]
            rule["timings"].append((amount, unit, day, words[0] == "every"))
        elif rule and words[0] == "end":
            if not rule["local"]:
                results.append((f"{name}:{rule['line']} {rule['id']}: the quote states its timing "
                                f"and anchor (basis document)", timing_problems(rule["quote"], rule)))
            rule = None
        elif words[0] == "document":
            with open(os.path.join(root, "doc", "sources", words[2]), encoding="utf-8") as d:
                docs[words[1]] = norm(d.read())
        elif words[0] == "clause":
            key, section, quote = words[1], words[2], words[3]
            text = docs[key]
            missing = [frag for frag in quote.split("...") if frag.strip() and norm(frag) not in text]
            # A section is a heading: its words (without numbering) appear in the document.
            sec = re.sub(r"^\d+\.\s*", "", section)
            if norm(sec) not in text:
                missing.append("section: " + section)
            results.append((f"{name}:{n} {quote[:60]}", missing))
            if rule is not None:
                rule["quote"] = quote

print(f"1..{len(results)}")
failed = 0
for i, (what, missing) in enumerate(results, 1):
    if missing:
        failed += 1
        print(f"not ok {i} - {what}")
        for m in missing:
            print(f"#   not in the source: {m!r}" if not m.startswith(("timing", "anchor"))
                  else f"#   the quote lacks the {m}")
    else:
        print(f"ok {i} - {what}")
sys.exit(1 if failed else 0)
