"""The standard extracts in: the Standard Safeguarding Dataset, the SSDA903
return and Ofsted's Annex A, read as analysts have them (CSV or Excel) and
turned into the library's event log.

    >>> import unalloc.io
    >>> events, skipped = unalloc.io.ssda903(["header.csv", "episodes.csv", "sw.csv"])
    >>> cases, obligations = unalloc.evaluate_frame(events, policy, "2024-03-31")

Each reader takes a list of inputs (paths to ``.csv``/``.xlsx`` files, or
DataFrames) in any order, tells the tables apart by their columns, and returns
``(events, skipped)``:

- ``events``: a DataFrame with the columns ``case_id, at, event, detail,
  worker, locality`` (``at`` as ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` text,
  names as in include/unalloc/case.h), ordered by case and time, ready for
  :func:`unalloc.evaluate_frame` or ``unalloc evaluate``;
- ``skipped``: one row per input row that was not used, with ``table``,
  ``file``, ``row`` (1-based, counting the header row) and ``reason``.

Headers are matched without regard to case or spacing; a header row may be
preceded by title rows. An input (file or sheet) with none of a reader's
tables is noted in ``skipped`` and ignored. Dates may be ISO (``2024-05-13``, with a time, with
seconds) or UK (``13/05/2024``), or Excel date cells; seconds are dropped and
a midnight time is read as a date. What each format gives, and what it loses,
is in doc/data-sources.md. From the command line:

    python3 -m unalloc.io ssd|ssda903|annex-a INPUTS... -o events.csv [--skipped FILE]
"""
from __future__ import annotations

import argparse
import csv
import datetime as _dt
import os
import re
import sys
from dataclasses import dataclass, field

from . import core as _c
from ._vocab import names as _names
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

__all__ = ["ssd", "ssda903", "annex_a", "EVENT_COLUMNS", "SKIPPED_COLUMNS",
           "SSD_ROLES", "CHANGE_REASONS", "PLACEHOLDER"]

EVENT_COLUMNS = ["case_id", "at", "event", "detail", "worker", "locality"]
SKIPPED_COLUMNS = ["table", "file", "row", "reason"]

#: Roles of the library, from its vocabulary (include/unalloc/vocab.h).
ROLES: Tuple[str, ...] = tuple(_names(_c.unalloc_role_name))

#: The default value map for the SSD's ``invo_professional_role_id``, which
#: is local free text ("Worker role e.g. Allocated Case Worker"). Keys are
#: compared without regard to case or spacing; a value of None says the role
#: is not an allocation (the row goes to ``skipped`` with that reason). A role
#: found neither here nor, through the same map, in the professional's
#: ``prof_professional_job_title`` is not guessed: the row is skipped.
SSD_ROLES: Dict[str, Optional[str]] = {
    "allocated case worker": "social-worker",
    "allocated social worker": "social-worker",
    "allocated worker": "social-worker",
    "case worker": "social-worker",
    "social worker": "social-worker",
    "cw": "social-worker",  # Liquidlogic's involvement type code for the case worker
    "family support worker": "family-support",
    "early help worker": "family-support",
    "assistant team manager": "atm",
    "team manager": "team-manager",
    "practice specialist": "practice-specialist",
    "duty": "duty",
    "duty worker": "duty",
    "duty social worker": "duty",
    "to be allocated": "to-be-allocated",
    "independent reviewing officer": None,
    "iro": None,
    "personal adviser": None,
    "personal advisor": None,
    "16plus": None,  # Liquidlogic's leaving-care worker: care leavers are not in scope
}

#: What the published codes for the reason a social worker changed
#: (SSDA903 ``SW_REASON``, SSD ``invo_worker_change_reason``) say about the
#: previous worker, as an event at the moment their episode ended. Codes not
#: listed (MANAGE, FCONTA, ORGRST, TSPROC, CHCHAN, PCCHAN, OTHERS) add no event
#: beyond the change itself. ABSENC ("absence cover or return from absence") is
#: an absence only when the new worker is not returning; the code does not say
#: whether the absence is sickness or leave, and ``leave`` is taken.
CHANGE_REASONS: Dict[str, str] = {"LEFTRL": "left", "SWDIED": "left", "ABSENC": "leave"}
KNOWN_CHANGE_REASONS = ("MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN",
                        "PCCHAN", "SWDIED", "OTHERS")

#: A worker id or name that means "no worker": blank, the 903's ``XX...``
#: placeholder ids (validator rule SW02: an id begins "SW" or "XX"), and the
#: usual words for none; -1, which some case systems store for "no worker"
#: (the SSD extract scripts for Liquidlogic turn it into NULL).
PLACEHOLDER = r"(?i)^\s*(|-1|xx.*|unallocated|not allocated|to be allocated|tba|duty|n/?a|none|null)\s*$"

# Category precedence when several things are open at once.
_PRIORITY = {"cla": 7, "cp": 6, "s47": 5, "single-assessment": 4, "cin": 3, "referral": 2,
             "early-help": 1}

# Order of events at one moment: opening first, closure last; a worker's
# absence before their deallocation, before the next worker's allocation.
_RANK = {"born": 0, "opened": 1, "category": 2, "worker-absent": 3, "deallocated": 4,
         "allocated": 5, "closed": 9}


# ---- reading tables ------------------------------------------------------------------------

def _norm(name) -> str:
    """A header as compared: no case, single spaces, no BOM."""
    return " ".join(str(name).replace("\ufeff", "").split()).casefold()


@dataclass
class _Table:
    kind: str            # the table's name in its format
    file: str            # where it came from (file, or file:sheet)
    cols: Dict[str, int]  # normalised header -> column position
    names: Dict[str, str]  # normalised header -> as written
    rows: List[List[str]]
    first_row: int       # the file row number of rows[0]

    def get(self, row: List[str], name: str) -> str:
        i = self.cols.get(name)
        return "" if i is None or i >= len(row) else row[i].strip()


def _cell(v) -> str:
    if v is None:
        return ""
    try:
        if v != v:  # NaN, NaT
            return ""
    except (TypeError, ValueError):  # pandas.NA has no truth value
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else str(v)
    return str(v)


def _raw_frames(source) -> List[Tuple[str, List[List[str]]]]:
    """(name, rows of text) for each table an input holds."""
    import pandas as pd
    if isinstance(source, pd.DataFrame):
        rows = [[_cell(c) for c in source.columns]]
        rows += [[_excel_cell(v) for v in r] for r in source.itertuples(index=False, name=None)]
        return [("<DataFrame>", rows)]
    path = os.fspath(source)
    if path.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [(f"{path}:{ws.title}",
                     [[_excel_cell(v) for v in r] for r in ws.iter_rows(min_row=1, values_only=True)])
                    for ws in book.worksheets]
        finally:
            book.close()
    if path.lower().endswith(".xls"):
        raise ValueError(f"{path}: old .xls workbooks cannot be read; save it as .xlsx or CSV")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            with open(path, newline="", encoding=enc) as f:
                return [(path, [row for row in csv.reader(f)])]
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: neither UTF-8 nor Windows-1252 text")


def _excel_cell(v) -> str:
    """A cell as text; a date cell (datetime, pandas Timestamp) as ISO."""
    if isinstance(v, _dt.datetime) or type(v).__name__ == "Timestamp":
        return "" if v != v else v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, _dt.date):
        return v.isoformat()
    return _cell(v)


def _read_tables(inputs, signatures: Dict[str, Sequence[str]],
                 required: Dict[str, Sequence[str]], skipped: list) -> Dict[str, List[_Table]]:
    """Reads every input and names each table by the first signature (a set
    of headers) its header row holds. A file that matches none is an error;
    an unmatched sheet of a workbook is noted in ``skipped``."""
    if isinstance(inputs, (str, os.PathLike)) or type(inputs).__name__ == "DataFrame":
        inputs = [inputs]
    found: Dict[str, List[_Table]] = {k: [] for k in signatures}
    for source in inputs:
        frames = _raw_frames(source)
        for name, rows in frames:
            kind, header_at = None, -1
            for i, row in enumerate(rows[:20]):
                heads = {_norm(c) for c in row}
                for k, sig in signatures.items():
                    if all(s in heads for s in sig):
                        kind, header_at = k, i
                        break
                if kind:
                    break
            if kind is None:
                skipped.append(("", name, 0, "not a table this reader uses (none of its headers "
                                             "in the first 20 rows); ignored"))
                continue
            header = rows[header_at]
            cols: Dict[str, int] = {}
            names: Dict[str, str] = {}
            for j, h in enumerate(header):
                cols.setdefault(_norm(h), j)
                names.setdefault(_norm(h), " ".join(h.split()))
            missing = [c for c in required[kind] if c not in cols]
            if missing:
                raise ValueError(f"{name}: the {kind} table has no column "
                                 + ", ".join(repr(m) for m in missing)
                                 + f" (its columns: {', '.join(h for h in header if h)})")
            data = rows[header_at + 1:]
            found[kind].append(_Table(kind, name, cols, names, data, header_at + 2))
    return found


def _need(found: Dict[str, List[_Table]], kinds: Sequence[str], what: str, skipped: list):
    """Raises when none of ``kinds`` was found, naming the inputs that were
    not recognised."""
    if any(found[k] for k in kinds):
        return
    ignored = [f for t, f, r, _why in skipped if t == "" and r == 0]
    raise ValueError(what + (f"; not recognised: {', '.join(ignored)}" if ignored else ""))


def _rows(tables: List[_Table]):
    for t in tables:
        for i, row in enumerate(t.rows):
            if not any(c.strip() for c in row):
                continue
            yield t, t.first_row + i, row


# ---- dates ---------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _date(text: str) -> Optional[str]:
    """ISO or UK text (or an Excel cell as text) to the library's form;
    None when empty; ValueError naming the text when it is not a date."""
    text = text.strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _UK.match(text)
        if not m:
            raise ValueError(f"'{text}' is not a date (expected dd/mm/yyyy or yyyy-mm-dd)")
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    hh, mm = m.group(4), m.group(5)
    try:
        day = _dt.date(y, mo, d)
        if hh is not None:
            t = _dt.time(int(hh), int(mm))
    except ValueError:
        raise ValueError(f"'{text}' is not a date (no such day or time)") from None
    if hh is None or (t.hour, t.minute) == (0, 0):
        return day.isoformat()
    return f"{day.isoformat()}T{t.hour:02d}:{t.minute:02d}"


def _as_date_text(value) -> str:
    if isinstance(value, (_dt.date, _dt.datetime)) or type(value).__name__ == "Timestamp":
        return value.strftime("%Y-%m-%d")
    out = _date(str(value))
    if out is None:
        raise ValueError("a date is needed")
    return out[:10]


# ---- one child's facts, composed into events -------------------------------------------------

@dataclass
class _Src:
    table: str
    file: str
    row: int


@dataclass
class _Interval:
    start: str
    end: Optional[str]
    category: str
    src: _Src


@dataclass
class _WorkerEp:
    start: str
    end: Optional[str]
    worker: Optional[str]  # None: a placeholder (no worker)
    role: str
    reason: str
    team: str
    src: _Src


@dataclass
class _Case:
    born: Optional[str] = None
    born_src: Optional[_Src] = None
    intervals: List[_Interval] = field(default_factory=list)
    workers: List[_WorkerEp] = field(default_factory=list)
    points: List[Tuple[str, str, Optional[str], _Src]] = field(default_factory=list)


class _Out:
    """Collects events and skipped rows."""

    def __init__(self):
        self.events: List[tuple] = []
        self.skipped: List[tuple] = []
        self.cases: Dict[str, _Case] = {}

    def skip(self, src: _Src, reason: str):
        self.skipped.append((src.table, src.file, src.row, reason))

    def case(self, case_id: str) -> _Case:
        return self.cases.setdefault(case_id, _Case())

    def born(self, case_id: str, dob: Optional[str], src: _Src):
        if dob is None:
            return
        c = self.case(case_id)
        if c.born is None:
            c.born, c.born_src = dob[:10], src
        elif c.born != dob[:10]:
            self.skip(src, f"date of birth {dob[:10]} differs from {c.born} "
                           f"({c.born_src.table} row {c.born_src.row}); the first is kept")

    def frames(self):
        import pandas as pd
        for cid in sorted(self.cases):
            self._compose(cid, self.cases[cid])
        ev = sorted(self.events, key=lambda e: (e[0], e[1], e[2], e[3]))
        events = pd.DataFrame([(e[0], e[1]) + e[4:] for e in ev], columns=EVENT_COLUMNS,
                              dtype=object)
        skipped = pd.DataFrame(self.skipped, columns=SKIPPED_COLUMNS)
        skipped["row"] = skipped["row"].astype("int64")
        return events, skipped

    def _emit(self, cid, at, kind, detail=None, worker=None, locality=None, rank=None):
        r = _RANK.get(kind, 6) if rank is None else rank
        self.events.append((cid, at, r, len(self.events), kind, detail, worker, locality or None))

    def _compose(self, cid: str, c: _Case):
        ivs = []
        for iv in c.intervals:
            if iv.end is not None and iv.end < iv.start:
                self.skip(iv.src, f"ends ({iv.end}) before it starts ({iv.start})")
            else:
                ivs.append(iv)
        if not ivs:
            for w in c.workers:
                self.skip(w.src, "the child has no open episode in these tables")
            for p in c.points:
                self.skip(p[3], "the child has no open episode in these tables")
            return
        if c.born:
            self._emit(cid, c.born, "born")
        spans = _spans(ivs)
        for s, e in spans:
            self._emit(cid, s, "opened", _category_at(ivs, s))
            last = _category_at(ivs, s)
            points = sorted({x for iv in ivs for x in (iv.start, iv.end)
                             if x is not None and s < x and (e is None or x < e)})
            for t in points:
                cat = _category_at(ivs, t)
                if cat and cat != last:
                    self._emit(cid, t, "category", cat)
                    last = cat
            if e is not None:
                self._emit(cid, e, "closed")
        self._workers(cid, c.workers, spans)
        for at, kind, detail, src in c.points:
            if _inside(spans, at):
                self._emit(cid, at, kind, detail)
            else:
                self.skip(src, f"{kind} on {at} is outside the child's open episodes")

    def _workers(self, cid, eps: List[_WorkerEp], spans):
        real = []
        for e in eps:
            if e.worker is None:
                continue
            if e.end is not None and e.end <= e.start:
                self.skip(e.src, f"the worker's episode ends ({e.end}) when or before it "
                                 f"starts ({e.start})")
            else:
                real.append(e)
        real = _merge_workers(real)
        eps = sorted(real + [e for e in eps if e.worker is None],
                     key=lambda w: (w.start, w.src.row))
        seen: set = set()
        for i, e in enumerate(eps):
            if e.worker is None:
                continue
            # The change code on the episode that follows says why this one ended.
            nxt = None
            if e.end is not None:
                nxt = next((n for n in eps[i + 1:] if n.role == e.role and n.start >= e.end), None)
            absence = CHANGE_REASONS.get(nxt.reason) if nxt is not None else None
            if nxt is not None and nxt.reason == "ABSENC" and (nxt.worker in seen
                                                               or nxt.worker == e.worker):
                absence = None  # a return from absence, not cover
            seen.add(e.worker)
            used = False
            for s, t in spans:
                if not (t is None or e.start < t) or not (e.end is None or e.end > s):
                    continue
                used = True
                self._emit(cid, max(e.start, s), "allocated", e.role, e.worker, e.team)
                if e.end is not None and (t is None or e.end < t):
                    if absence:
                        self._emit(cid, e.end, "worker-absent", absence, e.worker)
                    self._emit(cid, e.end, "deallocated", e.role, e.worker)
            if not used:
                self.skip(e.src, f"the worker's episode ({e.start} to {e.end or 'open'}) is "
                                 f"outside the child's open episodes")


def _merge_workers(eps: List[_WorkerEp]) -> List[_WorkerEp]:
    """One worker's episodes in one role that overlap or touch are one
    allocation (an episode split in two, a duplicated row): deallocating at
    the end of the first would leave the child without them."""
    out: List[_WorkerEp] = []
    for e in sorted(eps, key=lambda w: (w.worker, w.role, w.start, w.src.row)):
        last = out[-1] if out else None
        if last is not None and (last.worker, last.role) == (e.worker, e.role) and \
                (last.end is None or e.start <= last.end):
            if last.end is not None and (e.end is None or e.end > last.end):
                out[-1] = _WorkerEp(last.start, e.end, last.worker, last.role, last.reason,
                                    last.team, last.src)
        else:
            out.append(e)
    return out


def _spans(ivs: List[_Interval]) -> List[Tuple[str, Optional[str]]]:
    """The union of the intervals: touching ones join (a closure and a
    reopening at one moment are one episode)."""
    out: List[List] = []
    for iv in sorted(ivs, key=lambda v: v.start):
        if out and (out[-1][1] is None or iv.start <= out[-1][1]):
            if out[-1][1] is not None and (iv.end is None or iv.end > out[-1][1]):
                out[-1][1] = iv.end
        else:
            out.append([iv.start, iv.end])
    return [(s, e) for s, e in out]


def _category_at(ivs: List[_Interval], t: str) -> Optional[str]:
    live = [iv for iv in ivs if iv.start <= t and (iv.end is None or t < iv.end)]
    if not live:
        live = [iv for iv in ivs if iv.start == t]
    if not live:
        return None
    return max(live, key=lambda iv: _PRIORITY[iv.category]).category


def _inside(spans, at: str) -> bool:
    return any(s <= at and (e is None or at <= e) for s, e in spans)


def _worker_id(text: str, placeholder) -> Optional[str]:
    return None if re.match(placeholder, text or "") else text.strip()


def _dates(out: _Out, src: _Src, values: Dict[str, str], required: Sequence[str]):
    """Parses named date cells; on a bad or missing required date the row is
    skipped (with the reason) and None returned."""
    parsed = {}
    for name, text in values.items():
        try:
            parsed[name] = _date(text)
        except ValueError as e:
            out.skip(src, f"{name}: {e}")
            return None
        if parsed[name] is None and name in required:
            out.skip(src, f"{name} is empty")
            return None
    return parsed


# ---- the Standard Safeguarding Dataset -------------------------------------------------------

_SSD_REQUIRED = {
    "ssd_person": ["pers_person_id", "pers_dob"],
    "ssd_involvements": ["invo_person_id", "invo_professional_id", "invo_professional_role_id",
                         "invo_professional_team", "invo_involvement_start_date",
                         "invo_involvement_end_date", "invo_worker_change_reason"],
    "ssd_professionals": ["prof_professional_id", "prof_professional_job_title"],
    "ssd_cin_episodes": ["cine_person_id", "cine_referral_date", "cine_close_date"],
    "ssd_cin_assessments": ["cina_person_id", "cina_assessment_start_date",
                            "cina_assessment_auth_date", "cina_assessment_outcome_nfa"],
    "ssd_s47_enquiry": ["s47e_person_id", "s47e_s47_start_date", "s47e_s47_end_date"],
    "ssd_cp_plans": ["cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"],
    "ssd_cla_episodes": ["clae_person_id", "clae_cla_episode_start_date",
                         "clae_cla_episode_ceased_date"],
    "ssd_early_help_episodes": ["earl_person_id", "earl_episode_start_date",
                                "earl_episode_end_date"],
    "ssd_cin_visits": ["cinv_person_id", "cinv_cin_visit_date"],
    "ssd_cp_visits": ["cppv_person_id", "cppv_cp_visit_date"],
    "ssd_cla_visits": ["clav_person_id", "clav_cla_visit_date"],
}
_SSD_SIGNATURES = {k: [v[0]] for k, v in _SSD_REQUIRED.items()}

# (table, start column, end column, category)
_SSD_EPISODES = [
    ("ssd_cin_episodes", "cine_referral_date", "cine_close_date", "referral"),
    ("ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date", "s47"),
    ("ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "cp"),
    ("ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "cla"),
    ("ssd_early_help_episodes", "earl_episode_start_date", "earl_episode_end_date", "early-help"),
]
_SSD_VISITS = [("ssd_cin_visits", "cinv_cin_visit_date"), ("ssd_cp_visits", "cppv_cp_visit_date"),
               ("ssd_cla_visits", "clav_cla_visit_date")]


def _role_key(text: str) -> str:
    return _norm(text)


def ssd(inputs, roles: Optional[Dict[str, Optional[str]]] = None,
        placeholder: str = PLACEHOLDER):
    """Reads Standard Safeguarding Dataset tables (data-to-insight's SSD data
    model, its published table and field names): ``ssd_involvements`` for
    allocations; ``ssd_cin_episodes``, ``ssd_cin_assessments``,
    ``ssd_s47_enquiry``, ``ssd_cp_plans``, ``ssd_cla_episodes`` and
    ``ssd_early_help_episodes`` for episodes and categories; ``ssd_person`` for
    the date of birth; ``ssd_professionals`` (job titles, for roles the
    involvement does not name); ``ssd_cin_visits``, ``ssd_cp_visits`` and
    ``ssd_cla_visits`` when present. The case id is the person id.

    ``roles`` maps the local text of ``invo_professional_role_id`` to a role
    (or None: not an allocation); it is merged over :data:`SSD_ROLES`.
    Returns ``(events, skipped)``.
    """
    role_map = {_role_key(k): v for k, v in SSD_ROLES.items()}
    for k, v in (roles or {}).items():
        if v is not None and v not in ROLES:
            raise ValueError(f"roles: {k!r} maps to {v!r}, which is not a role "
                             f"(expected one of {', '.join(ROLES)} or None)")
        role_map[_role_key(k)] = v
    out = _Out()
    t = _read_tables(inputs, _SSD_SIGNATURES, _SSD_REQUIRED, out.skipped)
    _need(t, ["ssd_involvements"], "ssd: the ssd_involvements table is needed (it is the "
          "allocation history; it has invo_person_id, invo_professional_id, ...)", out.skipped)

    for tab, r, row in _rows(t["ssd_person"]):
        src = _Src(tab.kind, tab.file, r)
        pid = tab.get(row, "pers_person_id")
        d = _dates(out, src, {"pers_dob": tab.get(row, "pers_dob")}, ())
        if pid and d:
            out.born(pid, d["pers_dob"], src)

    referrals: Dict[str, List[Tuple[str, Optional[str]]]] = {}
    for table, scol, ecol, cat in _SSD_EPISODES:
        pcol = _SSD_REQUIRED[table][0]
        for tab, r, row in _rows(t[table]):
            src = _Src(table, tab.file, r)
            pid = tab.get(row, pcol)
            if not pid:
                out.skip(src, f"{pcol} is empty")
                continue
            d = _dates(out, src, {scol: tab.get(row, scol), ecol: tab.get(row, ecol)}, (scol,))
            if d is None:
                continue
            out.case(pid).intervals.append(_Interval(d[scol], d[ecol], cat, src))
            if cat == "referral":
                referrals.setdefault(pid, []).append((d[scol], d[ecol]))

    def referral_end(pid, at):
        """The end of the referral episode open at ``at`` (None: open), or
        ``at`` itself when none is."""
        for s, e in referrals.get(pid, []):
            if s <= at and (e is None or at < e):
                return e, True
        return at, False

    # An assessment is single-assessment while it runs; once authorised
    # without "no further action", the child is a child in need until the
    # referral episode ends. So too after a CP plan or a period of care ends
    # inside an open referral episode.
    for tab, r, row in _rows(t["ssd_cin_assessments"]):
        src = _Src("ssd_cin_assessments", tab.file, r)
        pid = tab.get(row, "cina_person_id")
        if not pid:
            out.skip(src, "cina_person_id is empty")
            continue
        d = _dates(out, src, {"cina_assessment_start_date": tab.get(row, "cina_assessment_start_date"),
                              "cina_assessment_auth_date": tab.get(row, "cina_assessment_auth_date")},
                   ("cina_assessment_start_date",))
        if d is None:
            continue
        s, a = d["cina_assessment_start_date"], d["cina_assessment_auth_date"]
        out.case(pid).intervals.append(_Interval(s, a, "single-assessment", src))
        if a is not None:
            nfa = tab.get(row, "cina_assessment_outcome_nfa").upper()
            out.case(pid).points.append(
                (a, "assessment-concluded",
                 "no-social-worker" if nfa in ("Y", "YES", "1", "TRUE") else "needs-social-worker",
                 src))
            if nfa not in ("Y", "YES", "1", "TRUE"):
                end, inside = referral_end(pid, a)
                if inside:
                    out.case(pid).intervals.append(_Interval(a, end, "cin", src))
    for pid, c in out.cases.items():
        for iv in [iv for iv in c.intervals if iv.category in ("cp", "cla") and iv.end]:
            end, inside = referral_end(pid, iv.end)
            if inside and end != iv.end:
                c.intervals.append(_Interval(iv.end, end, "cin", iv.src))

    titles: Dict[str, str] = {}
    for tab, r, row in _rows(t["ssd_professionals"]):
        titles[tab.get(row, "prof_professional_id")] = tab.get(row, "prof_professional_job_title")

    for tab, r, row in _rows(t["ssd_involvements"]):
        src = _Src("ssd_involvements", tab.file, r)
        pid = tab.get(row, "invo_person_id")
        if not pid:
            out.skip(src, "invo_person_id is empty")
            continue
        prof = _worker_id(tab.get(row, "invo_professional_id"), placeholder)
        team = tab.get(row, "invo_professional_team")
        if prof is None:
            out.skip(src, "an involvement of a team with no professional is not an allocation"
                     if team else "invo_professional_id is empty")
            continue
        text = tab.get(row, "invo_professional_role_id")
        key = _role_key(text)
        if key in role_map:
            role = role_map[key]
        elif _role_key(titles.get(prof, "")) in role_map:
            role = role_map[_role_key(titles[prof])]
        else:
            out.skip(src, f"role '{text}' is not in the roles map (nor is the professional's "
                          f"job title '{titles.get(prof, '')}'); map it to a role, or to None "
                          f"when it is not an allocation")
            continue
        if role is None:
            out.skip(src, f"role '{text}' is not an allocation (roles map)")
            continue
        d = _dates(out, src, {"invo_involvement_start_date": tab.get(row, "invo_involvement_start_date"),
                              "invo_involvement_end_date": tab.get(row, "invo_involvement_end_date")},
                   ("invo_involvement_start_date",))
        if d is None:
            continue
        reason = tab.get(row, "invo_worker_change_reason").upper()
        out.case(pid).workers.append(_WorkerEp(d["invo_involvement_start_date"],
                                               d["invo_involvement_end_date"], prof, role,
                                               reason, team, src))

    for table, col in _SSD_VISITS:
        pcol = _SSD_REQUIRED[table][0]
        for tab, r, row in _rows(t[table]):
            src = _Src(table, tab.file, r)
            pid = tab.get(row, pcol)
            d = _dates(out, src, {col: tab.get(row, col)}, (col,))
            if d is None:
                continue
            if not pid:
                out.skip(src, f"{pcol} is empty")
                continue
            out.case(pid).points.append((d[col], "visit", None, src))
    return out.frames()


# ---- SSDA903 -------------------------------------------------------------------------------

_903_REQUIRED = {
    "social_worker_episodes": ["child", "sw_id", "sw_decom", "sw_dec", "sw_reason"],
    "episodes": ["child", "decom", "rne", "ls", "dec", "rec"],
    "header": ["child", "sex", "dob"],
}
_903_SIGNATURES = {"social_worker_episodes": ["child", "sw_id"],
                   "episodes": ["child", "decom", "rne"],
                   "header": ["child", "sex", "dob"]}
#: Social worker episodes are in the return from 2023-24 (collection year
#: starting 1 April 2023).
SW_EPISODES_FROM = _dt.date(2023, 4, 1)


def ssda903(inputs, collection_start=None, placeholder: str = PLACEHOLDER):
    """Reads the SSDA903 return's header, episodes and social worker episodes
    (CSV as the DfE's validator takes them, dates dd/mm/YYYY). The case id is
    ``CHILD``; each period of care is a ``cla`` episode: placement episodes are
    joined (a period starts with reason for new episode ``S`` and ends with a
    reason episode ceased other than ``X1``), so a change of placement or of
    legal status is not a closure.

    Social worker episodes exist only for looked-after children and only from
    the 2023-24 return. ``collection_start`` is the first day of the return's
    year (default: the 1 April on or before the latest date in the
    episodes); history before it is not in the return, so a period of care
    that began earlier is opened at the collection start, or at the start of
    its earliest social worker episode if that is earlier. A period of care
    with no social worker episode at all is set aside (``skipped``), not read
    as unallocated. Returns ``(events, skipped)``.
    """
    out = _Out()
    t = _read_tables(inputs, _903_SIGNATURES, _903_REQUIRED, out.skipped)
    _need(t, ["episodes"], "ssda903: the episodes table (CHILD, DECOM, RNE, LS, DEC, REC, ...) "
          "is needed", out.skipped)
    _need(t, ["social_worker_episodes"], "ssda903: the social worker episodes table (CHILD, "
          "SW_ID, SW_DECOM, SW_DEC, SW_REASON) is needed; it exists only for looked-after "
          "children and only from the 2023-24 return", out.skipped)

    for tab, r, row in _rows(t["header"]):
        src = _Src("header", tab.file, r)
        d = _dates(out, src, {"DOB": tab.get(row, "dob")}, ())
        if d and tab.get(row, "child"):
            out.born(tab.get(row, "child"), d["DOB"], src)

    episodes: Dict[str, list] = {}
    latest = None
    for tab, r, row in _rows(t["episodes"]):
        src = _Src("episodes", tab.file, r)
        child = tab.get(row, "child")
        if not child:
            out.skip(src, "CHILD is empty")
            continue
        d = _dates(out, src, {"DECOM": tab.get(row, "decom"), "DEC": tab.get(row, "dec")},
                   ("DECOM",))
        if d is None:
            continue
        ls = tab.get(row, "ls").upper()
        if ls in ("V3", "V4"):
            out.skip(src, f"legal status {ls} (short breaks) is not a period of care this "
                          f"reader follows")
            continue
        episodes.setdefault(child, []).append(
            (d["DECOM"], d["DEC"], tab.get(row, "rne").upper(), tab.get(row, "rec").upper(), src))
        latest = max(x for x in (latest, d["DECOM"], d["DEC"]) if x is not None)

    if collection_start is None:
        if latest is None:
            raise ValueError("ssda903: no usable episode to tell the collection year from")
        y, m = int(latest[:4]), int(latest[5:7])
        collection_start = _dt.date(y if m >= 4 else y - 1, 4, 1)
    elif not isinstance(collection_start, _dt.date):
        collection_start = _dt.date.fromisoformat(_as_date_text(collection_start))
    if collection_start < SW_EPISODES_FROM:
        raise ValueError(f"ssda903: the return starting {collection_start} has no social worker "
                         f"episodes: they exist only from the 2023-24 return")
    cstart = collection_start.isoformat()

    sw: Dict[str, List[_WorkerEp]] = {}
    for tab, r, row in _rows(t["social_worker_episodes"]):
        src = _Src("social_worker_episodes", tab.file, r)
        child = tab.get(row, "child")
        if not child:
            out.skip(src, "CHILD is empty")
            continue
        d = _dates(out, src, {"SW_DECOM": tab.get(row, "sw_decom"), "SW_DEC": tab.get(row, "sw_dec")},
                   ("SW_DECOM",))
        if d is None:
            continue
        reason = tab.get(row, "sw_reason").upper()
        if reason and reason not in KNOWN_CHANGE_REASONS:
            out.skip(src, f"SW_REASON '{reason}' is not in the published code list "
                          f"({', '.join(KNOWN_CHANGE_REASONS)})")
            continue
        sw.setdefault(child, []).append(
            _WorkerEp(d["SW_DECOM"], d["SW_DEC"], _worker_id(tab.get(row, "sw_id"), placeholder),
                      "social-worker", reason, "", src))

    for child, eps in episodes.items():
        eps.sort(key=lambda e: (e[0], e[4].row))
        periods: List[list] = []  # [start, end, [srcs]]
        for decom, dec, rne, rec, src in eps:
            prev = periods[-1] if periods else None
            if prev is not None and prev[3] == "X1" and prev[1] == decom and rne != "S":
                prev[1], prev[3] = dec, rec
                prev[2].append(src)
            else:
                periods.append([decom, dec, [src], rec])
        workers = sw.get(child, [])
        for start, end, srcs, _rec in periods:
            mine = [w for w in workers
                    if (end is None or w.start < end) and (w.end is None or w.end > start)]
            if end is not None and end < cstart:
                why = (f"the period of care ended ({end}) before the collection year "
                       f"({cstart}): the return has no social worker episodes for it")
            elif not mine:
                why = ("no social worker episode covers this period of care (the return "
                       "carries them only for children looked after, from 2023-24): its "
                       "allocation is unknown")
            else:
                why = None
            if why:
                for s in srcs:
                    out.skip(s, why)
                continue
            first = min(w.start for w in mine)
            opened = max(start, min(cstart, first))
            out.case(child).intervals.append(_Interval(opened, end, "cla", srcs[0]))
        c = out.cases.get(child)
        for w in workers:
            if c is None or not c.intervals:
                out.skip(w.src, "the child's periods of care are set aside (see their episodes)")
            elif any((iv.end is None or w.start < iv.end) and (w.end is None or w.end > iv.start)
                     for iv in c.intervals):
                c.workers.append(w)
            else:
                out.skip(w.src, "the social worker episode is outside the child's periods of care "
                                "in this return (the return does not say what the case was then)")
    for child, workers in sw.items():
        if child not in episodes:
            for w in workers:
                out.skip(w.src, "the child has no episode of care in this return")
    for cid in list(out.cases):
        if not out.cases[cid].intervals:
            del out.cases[cid]
    return out.frames()


# ---- Ofsted's Annex A ----------------------------------------------------------------------

_A_ID = "child unique id"
_A_REQUIRED = {
    "list 1": [_A_ID, "date of contact"],
    "list 2": [_A_ID, "assessment start date", "organisation completing assessment"],
    "list 3": [_A_ID, "date of referral", "referral nfa?", "allocated team", "allocated worker"],
    "list 4": [_A_ID, "continuous assessment start date",
               "continuous assessment date of authorisation",
               "was the child assessed as requiring la children's social care support?",
               "allocated team", "allocated worker"],
    "list 5": [_A_ID, "strategy discussion initiating section 47 enquiry start date",
               "date of initial child protection conference", "allocated team", "allocated worker"],
    "list 6": [_A_ID, "cin start date", "date child was last seen", "cin closure date",
               "allocated team", "allocated worker"],
    "list 7": [_A_ID, "child protection plan start date", "date of the last statutory visit",
               "date of latest review conference", "child protection plan end date",
               "allocated team", "allocated worker"],
    "list 8": [_A_ID, "date started to be looked after", "date of latest statutory review",
               "date of last social work visit", "date ceased to be looked after",
               "allocated team", "allocated worker"],
}
_A_SIGNATURES = {k: v[:2] for k, v in _A_REQUIRED.items()}
# (list, start column, end column or None, category, priority of the row's worker)
_A_EPISODES = {
    "list 3": ("date of referral", None, "referral"),
    "list 5": ("strategy discussion initiating section 47 enquiry start date",
               "date of initial child protection conference", "s47"),
    "list 6": ("cin start date", "cin closure date", "cin"),
    "list 7": ("child protection plan start date", "child protection plan end date", "cp"),
    "list 8": ("date started to be looked after", "date ceased to be looked after", "cla"),
}
# Every date column read from each list; the first is the episode's start
# and must be given.
_A_DATES = {
    "list 3": ("date of referral",),
    "list 4": ("continuous assessment start date", "continuous assessment date of authorisation"),
    "list 5": ("strategy discussion initiating section 47 enquiry start date",
               "date of initial child protection conference"),
    "list 6": ("cin start date", "date child was last seen", "cin closure date"),
    "list 7": ("child protection plan start date", "date of the last statutory visit",
               "date of latest review conference", "child protection plan end date"),
    "list 8": ("date started to be looked after", "date of latest statutory review",
               "date of last social work visit", "date ceased to be looked after"),
}
# Dated events the lists carry besides episodes: (list, column, kind).
_A_POINTS = [("list 6", "date child was last seen", "visit"),
             ("list 7", "date of the last statutory visit", "visit"),
             ("list 7", "date of latest review conference", "statutory-meeting"),
             ("list 8", "date of last social work visit", "visit"),
             ("list 8", "date of latest statutory review", "statutory-meeting")]


def _yes(text: str) -> Optional[bool]:
    """Annex A's yes/no cells ("Yes", "Y", "a) Yes", "No", "b) No"); None
    for anything else (blank, "Unknown")."""
    t = _norm(text)
    t = t[3:] if t.startswith(("a) ", "b) ", "c) ")) else t
    if t in ("y", "yes"):
        return True
    if t in ("n", "no"):
        return False
    return None


def annex_a(inputs, extract_date, role: str = "social-worker", placeholder: str = PLACEHOLDER):
    """Reads Ofsted's Annex A lists 1 to 8 (a workbook with one sheet per list,
    or one CSV per list; the lists are told apart by their columns). The case
    id is ``Child Unique ID``. Lists 3 to 8 open episodes at their dated starts
    (referral, assessment, section 47, child in need, child protection, looked
    after) and close them at the dates they give; ``Allocated Worker`` is the
    worker on the day the lists were extracted, so it is taken as allocated
    (``role``) from ``extract_date`` and never earlier: a child allocated
    before the extract appears unallocated from its episode's start until
    then (doc/data-sources.md says what that loses). Lists 1 (contacts) and 2
    (early help assessments, which name no worker) give no case events; their
    rows are reported in ``skipped``. Returns ``(events, skipped)``.
    """
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not a role (expected one of {', '.join(ROLES)})")
    extract = _as_date_text(extract_date)
    out = _Out()
    t = _read_tables(inputs, _A_SIGNATURES, _A_REQUIRED, out.skipped)
    _need(t, list(_A_REQUIRED), "annex_a: no Annex A list (a 'Child Unique ID' column and a "
          "list's first date column, such as 'Date of referral')", out.skipped)

    for lst, why in (("list 1", "a contact is not an open case: List 1 gives no case events"),
                     ("list 2", "List 2 (early help assessments) names no allocated worker, so "
                                "it cannot say whether the child waits; not used")):
        for tab, r, row in _rows(t[lst]):
            out.skip(_Src(lst, tab.file, r), why)

    # First pass: every date of a row at once (a row with a bad date is not
    # used at all), and each child's CIN closure, which ends the episodes the
    # other lists give no end for.
    closures: Dict[str, str] = {}
    rows: List[tuple] = []
    for lst in ("list 3", "list 4", "list 5", "list 6", "list 7", "list 8"):
        for tab, r, row in _rows(t[lst]):
            src = _Src(lst, tab.file, r)
            cid = tab.get(row, _A_ID)
            if not cid:
                out.skip(src, "Child Unique ID is empty")
                continue
            cols = [c for c in ("date of birth",) + _A_DATES[lst] if c in tab.cols]
            d = _dates(out, src, {tab.names[c]: tab.get(row, c) for c in cols},
                       (tab.names[_A_DATES[lst][0]],))
            if d is None:
                continue
            d = {c: d[tab.names[c]] for c in cols}
            out.born(cid, d.get("date of birth"), src)
            if lst == "list 3" and _yes(tab.get(row, "referral nfa?")):
                out.skip(src, "a referral with no further action is not a case to allocate")
                continue
            rows.append((lst, tab, src, cid, row, d))
            if lst == "list 6" and d["cin closure date"]:
                closures[cid] = max(closures.get(cid, ""), d["cin closure date"])

    current: Dict[str, list] = {}
    for lst, tab, src, cid, row, d in rows:
        c = out.case(cid)
        if lst == "list 4":
            s, a = d["continuous assessment start date"], d["continuous assessment date of authorisation"]
            support = _yes(tab.get(row, "was the child assessed as requiring la children's "
                                        "social care support?"))
            c.intervals.append(_Interval(s, a or closures.get(cid), "single-assessment", src))
            if a is not None:
                c.points.append((a, "assessment-concluded",
                                 "no-social-worker" if support is False else "needs-social-worker",
                                 src))
                if support is not False:  # unknown is read as needing support
                    c.intervals.append(_Interval(a, closures.get(cid), "cin", src))
            if a is not None and support is not False:
                start, cat, end = a, "cin", closures.get(cid)
            else:
                start, cat, end = s, "single-assessment", a if support is False else closures.get(cid)
        else:
            scol, ecol, cat = _A_EPISODES[lst]
            start, end = d[scol], d[ecol] if ecol else None
            if end is None and cat in ("referral", "s47", "cin"):
                end = closures.get(cid)
            c.intervals.append(_Interval(start, end, cat, src))
        for plist, col, kind in _A_POINTS:
            if plist == lst and d[col]:
                c.points.append((d[col], kind, None, src))
        worker = _worker_id(tab.get(row, "allocated worker"), placeholder)
        open_now = start <= extract and (end is None or extract < end)
        if worker and open_now:
            current.setdefault(cid, []).append(((_PRIORITY[cat], start), worker,
                                                tab.get(row, "allocated team"), src))
        elif worker and not open_now:
            out.skip(src, f"the worker '{worker}' is named on an episode not open on the extract "
                          f"date ({extract}); not used")
    # Lists may name different workers: the one on the most intensive (then
    # latest) episode open on the extract date is the child's worker.
    for cid, named in current.items():
        _rank, worker, team, src = max(named, key=lambda n: n[0])
        out.case(cid).workers.append(_WorkerEp(extract, None, worker, role, "", team, src))
        for _r, other, _t, osrc in named:
            if other != worker:
                out.skip(osrc, f"the worker '{other}' differs from '{worker}' ({src.table} row "
                               f"{src.row}), who is on the child's main episode; not used")
    return out.frames()


# ---- command line --------------------------------------------------------------------------

def _write_csv(frame, path: str, columns: Sequence[str]):
    f = sys.stdout if path == "-" else open(path, "w", newline="", encoding="utf-8")
    try:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for row in frame[list(columns)].itertuples(index=False, name=None):
            w.writerow(["" if v is None else v for v in row])
        f.flush()
    finally:
        if f is not sys.stdout:
            f.close()


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(
        prog="python3 -m unalloc.io",
        description="Turns a standard extract (SSD tables, the SSDA903 return, Ofsted's Annex A "
                    "lists) into the event log of `unalloc evaluate`.")
    p.add_argument("format", choices=["ssd", "ssda903", "annex-a"])
    p.add_argument("inputs", nargs="+", help="CSV or .xlsx files, in any order")
    p.add_argument("-o", "--output", required=True, help="events CSV to write (- for stdout)")
    p.add_argument("--skipped", help="CSV of the rows not used, with the reason")
    p.add_argument("--extract-date", help="annex-a: the day the lists were extracted")
    p.add_argument("--collection-start", help="ssda903: first day of the return's year")
    p.add_argument("--role", action="append", default=[], metavar="TEXT=ROLE",
                   help="ssd: map an invo_professional_role_id text to a role "
                        "(ROLE 'none': not an allocation); repeatable")
    a = p.parse_args(argv)
    for opt, value, fmt in (("--role", a.role, "ssd"), ("--collection-start", a.collection_start,
                                                       "ssda903"),
                            ("--extract-date", a.extract_date, "annex-a")):
        if value and a.format != fmt:
            p.error(f"{opt} applies to {fmt} only")
    try:
        if a.format == "ssd":
            roles = {}
            for item in a.role:
                text, sep, role = item.rpartition("=")
                if not sep:
                    p.error(f"--role {item!r}: expected TEXT=ROLE")
                roles[text] = None if role.lower() == "none" else role
            events, skipped = ssd(a.inputs, roles=roles)
        elif a.format == "ssda903":
            events, skipped = ssda903(a.inputs, collection_start=a.collection_start)
        else:
            if not a.extract_date:
                p.error("annex-a needs --extract-date (the worker named is the worker on that day)")
            events, skipped = annex_a(a.inputs, a.extract_date)
        _write_csv(events, a.output, EVENT_COLUMNS)
        if a.skipped:
            _write_csv(skipped, a.skipped, SKIPPED_COLUMNS)
    except (ValueError, OSError) as e:
        print(f"unalloc.io: {e}", file=sys.stderr)
        return 2
    cases = events["case_id"].nunique()
    print(f"unalloc.io: {len(events)} events for {cases} cases; {len(skipped)} rows not used"
          + (f" (see {a.skipped})" if a.skipped else " (--skipped FILE lists them)"),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
