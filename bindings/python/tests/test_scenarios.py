"""The policy scenarios of tests/scenarios/ (shared with the C runner,
tests/test-scenarios.c, not copied), run through the Python package: the
Python answers must be the C answers, worked by hand in each file.
"""
import datetime as dt
import os
from pathlib import Path

import pytest

import unalloc

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.scenario"))


def split(line):
    """Words as the C runner splits them: "quoted" words, and a '#' that
    starts a word starts a comment."""
    words, i, n = [], 0, len(line)
    while i < n:
        while i < n and line[i] in " \t":
            i += 1
        if i >= n or line[i] == "#":
            break
        if line[i] == '"':
            j = line.find('"', i + 1)
            j = n if j < 0 else j
            words.append(line[i + 1:j])
            i = j + 1
        else:
            j = i
            while j < n and line[j] not in " \t":
                j += 1
            words.append(line[i:j])
            i = j
    return words


def fmt(m):
    if m is None:
        return "none"
    if isinstance(m, dt.datetime):
        return m.strftime("%Y-%m-%dT%H:%M")
    return m.isoformat()


def find(result, spec):
    rule, _, rest = spec.partition("#")
    k, spell = 0, None
    if "@" in rule:
        rule, spell = rule.split("@")
        spell = int(spell)
    if rest:
        if "@" in rest:
            rest, spell = rest.split("@")
            spell = int(spell)
        k = int(rest)
    for o in result.obligations:
        if o.rule == rule and (not k or o.occurrence == k) and (spell is None or o.spell == spell):
            return o
    return None


class Runner:
    def __init__(self, path):
        self.path = path
        self.line = 0
        self.policy = None
        self.closures = []
        self.cases = {}
        self.results = {}
        self.errors = {}
        self.as_of = None
        self.checks = 0

    def fail(self, msg):
        pytest.fail(f"{self.path.name}:{self.line}: {msg}", pytrace=False)

    def expect(self, w):
        case, what = w[1], w[2]
        if what == "error-contains":
            err = self.errors.get(case)
            if not err or w[3] not in err:
                self.fail(f"expected an error containing {w[3]!r}, got {err!r}")
            return
        if case in self.errors:
            self.fail(f"case {case} did not evaluate: {self.errors[case]}")
        r = self.results[case]

        def eq(label, got, want):
            if str(got) != want:
                self.fail(f"{label}: expected {want}, got {got}")

        if what == "status":
            eq("status", r.status.value, w[3])
        elif what == "unallocated":
            eq("unallocated", "true" if r.unallocated else "false", w[3])
        elif what == "since":
            eq("since", fmt(r.unallocated_since), w[3])
        elif what == "working-days":
            eq("working days", r.working_days_unallocated, w[3])
        elif what == "calendar-days":
            eq("calendar days", r.calendar_days_unallocated, w[3])
        elif what == "category":
            eq("category", r.category or "none", w[3])
        elif what == "rating":
            eq("rating", r.rating or "none", w[3])
        elif what == "rating-age":
            eq("rating age", r.rating_age_days, w[3])
        elif what == "atm-since":
            eq("atm since", fmt(r.atm_since), w[3])
        elif what == "obligations":
            eq("occurrences", len(r.obligations), w[3])
        elif what == "obligation":
            o = find(r, w[3])
            if o is None:
                self.fail(f"no occurrence {w[3]}: "
                          f"{[(x.rule, x.occurrence, x.spell) for x in r.obligations]}")
            for k, v in zip(w[4::2], w[5::2]):
                if k == "due":
                    eq("due", fmt(o.due), v)
                elif k == "start":
                    eq("start", fmt(o.start), v)
                elif k == "state":
                    eq("state", o.state.value, v)
                elif k == "met-at":
                    eq("met-at", fmt(o.met_at), v)
                elif k == "late":
                    eq("late", "true" if o.late else "false", v)
                elif k == "kind":
                    eq("kind", o.kind, v)
                elif k == "spell":
                    eq("spell", o.spell, v)
                elif k == "on-record":
                    eq("on-record", "true" if o.on_record else "false", v)
                elif k == "basis":
                    eq("basis", o.basis, v)
                elif k == "note-contains":
                    if not o.note or v not in o.note:
                        self.fail(f"note {o.note!r} lacks {v!r}")
                else:
                    self.fail(f"unknown field {k}")
        elif what == "no-obligation":
            if find(r, w[3]) is not None:
                self.fail(f"unexpected occurrence {w[3]}")
        elif what == "escalation":
            e = r.escalation
            for k, v in zip(w[3::2], w[4::2]):
                if k == "level":
                    eq("level", e.level or "none", v)
                elif k == "due":
                    eq("escalation due", fmt(e.due), v)
                elif k == "done":
                    eq("done", e.done or "none", v)
        elif what == "escalation-level":
            lv = next((x for x in r.escalation.levels if x.role == w[3]), None)
            if lv is None:
                self.fail(f"no escalation level {w[3]}")
            for k, v in zip(w[4::2], w[5::2]):
                if k == "due":
                    eq("level due", fmt(lv.due), v)
                elif k == "state":
                    eq("level state", lv.state.value, v)
                elif k == "done-at":
                    eq("level done-at", fmt(lv.done_at), v)
                elif k == "basis":
                    eq("level basis", lv.basis, v)
        elif what == "escalation-levels":
            eq("levels", len(r.escalation.levels), w[3])
        elif what == "warning-contains":
            if not any(w[3] in x for x in r.warnings):
                self.fail(f"no warning containing {w[3]!r}: {r.warnings}")
        elif what == "no-warning-contains":
            if any(w[3] in x for x in r.warnings):
                self.fail(f"unexpected warning containing {w[3]!r}")
        else:
            self.fail(f"unknown expectation {what}")
        self.checks += 1

    def run(self):
        in_events = header = False
        for raw in self.path.read_text(encoding="utf-8").split("\n"):
            self.line += 1
            if in_events:
                if raw == "end":
                    in_events = False
                    continue
                if not raw or raw.startswith("#"):
                    continue
                if not header:
                    assert raw == "case_id,at,event,detail,worker,locality"
                    header = True
                    continue
                f = (raw.split(",") + [""] * 6)[:6]
                case = self.cases.setdefault(f[0], unalloc.Case(f[0]))
                case.add(f[2], f[1], f[3] or None, f[4] or None, f[5] or None)
                continue
            w = split(raw)
            if not w:
                continue
            if w[0] == "policy":
                self.policy = unalloc.Policy.builtin(w[1])
            elif w[0] == "policy-file":
                self.policy = unalloc.Policy.from_file(self.path.parent / w[1])
            elif w[0] == "set":
                self.policy = self.policy.with_settings({w[1]: w[2]})
            elif w[0] == "closure":
                a, _, b = w[1].partition("..")
                self.closures.append((dt.date.fromisoformat(a), dt.date.fromisoformat(b or a)))
            elif w[0] == "events":
                in_events, header = True, False
            elif w[0] == "as-of":
                cal = unalloc.Calendar(self.policy.region, closures=self.closures)
                self.results, self.errors = {}, {}
                for cid, case in self.cases.items():
                    try:
                        self.results[cid] = unalloc.evaluate(case, self.policy, w[1], cal)
                    except unalloc.Error as e:
                        self.errors[cid] = str(e)
                self.as_of = w[1]
            elif w[0] == "expect":
                self.expect(w)
            elif w[0] == "expect-report":
                text = self.policy.report(w[1], self.results.values(),
                                          dt.date.fromisoformat(self.as_of[:10]))
                if w[2] not in ("contains", "not-contains"):
                    self.fail("expect-report REPORT contains|not-contains TEXT...")
                negate = w[2] == "not-contains"
                for needle in w[3:]:
                    if (needle in text) == negate:
                        self.fail(f"report {w[1]} {'has' if negate else 'lacks'} {needle!r}")
                self.checks += 1
            else:
                self.fail(f"unknown statement {w[0]}")
        assert self.checks > 0


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_scenario(path):
    Runner(path).run()


def test_every_scenario_found():
    assert len(SCENARIOS) >= 8
