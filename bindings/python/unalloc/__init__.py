"""libunalloc for Python: English councils' policies for unallocated cases in
children's social care, as exact rules.

    >>> import datetime as dt, unalloc
    >>> cal = unalloc.Calendar("england-and-wales")
    >>> cal.add_working_days(dt.date(2024, 5, 13), 5)
    datetime.date(2024, 5, 20)
    >>> policy = unalloc.Policy.builtin("nelc-2022")
    >>> case = unalloc.Case("C1")
    >>> case.add("opened", dt.datetime(2024, 5, 23, 10, 0), "referral")
    >>> r = unalloc.evaluate(case, policy, dt.date(2024, 5, 27))
    >>> r.status, r.unallocated_since
    (<Status.UNALLOCATED: 'unallocated'>, datetime.datetime(2024, 5, 23, 10, 0))

Dates are ``datetime.date`` (a date-only moment, 00:00 for an event, the end of
the day for an as-of) or ``datetime.datetime`` (to the minute). Names are the
library's vocabulary ("worker-absent", "team-manager", ...), and the enums
here are ``str`` enums, so they compare equal to those names. Errors raise
:class:`Error` subclasses carrying the library's message; invalid input raises
``ValueError`` subclasses. For pandas, see :func:`evaluate_frame`.

The computation is the C library's: see README.md and doc/ in the source tree.
"""
from __future__ import annotations

import datetime as _dt
import enum as _enum
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from . import core as _c

__all__ = [
    "Error", "InvalidError", "RangeError", "ParseError", "LimitError", "NotFoundError",
    "ClosedError", "InvalidTypeError", "FrameResult", "mapping_text", "Term", "vocabulary",
    "Region", "Status", "State", "Calendar", "Policy", "Case", "Result", "Occurrence",
    "EscalationLevel", "Escalation", "evaluate", "evaluate_frame", "version",
    "builtin_policies",
]


# ---- exceptions ------------------------------------------------------------------------

class Error(Exception):
    """An error reported by libunalloc. ``status`` is the library's status
    name; ``line`` and ``column`` locate a parse error (0 when not known)."""

    def __init__(self, message: str, status: int = 0, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.status = _c.unalloc_status_name(status)
        self.line = line
        self.column = column


class InvalidError(Error, ValueError):
    """Invalid input: an impossible date, an unknown name, a bad event sequence."""


class RangeError(InvalidError):
    """A date or result outside 1900-01-01 to 2199-12-31."""


class ParseError(InvalidError):
    """Text that cannot be read (a policy, an iCalendar file); see line/column."""


class LimitError(InvalidError):
    """Input larger than the library accepts."""


class NotFoundError(Error, LookupError):
    """A named object (a built-in policy, a report) that does not exist."""


class InvalidTypeError(Error, TypeError):
    """A value of the wrong type: not a DataFrame, not a date, not a mapping."""

    def __init__(self, message: str):
        super().__init__(message, _c.UNALLOC_E_INVALID)


class ClosedError(Error, ValueError):
    """A Calendar, Policy or Case used after close() (like I/O on a closed file)."""

    def __init__(self, message: str):
        super().__init__(message, _c.UNALLOC_E_INVALID)


class _NoMemory(Error, MemoryError):
    pass


_c._set_exceptions((Error, _NoMemory, InvalidError, RangeError, ParseError, LimitError,
                    NotFoundError))


# ---- enums ----------------------------------------------------------------------------------

class Region(str, _enum.Enum):
    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    def _c(self) -> int:
        return list(Region).index(self)


class Status(str, _enum.Enum):
    """How a case stands (evaluate.h, enum unalloc_case_status)."""
    ALLOCATED = "allocated"
    PENDING = "pending"
    UNALLOCATED = "unallocated"
    BEING_ASSESSED = "being-assessed"
    NOT_COUNTED = "not-counted"
    OUT_OF_SCOPE = "out-of-scope"
    CLOSED = "closed"
    NOT_OPEN = "not-open"


class State(str, _enum.Enum):
    """State of an obligation occurrence."""
    PENDING = "pending"
    DUE = "due"
    OVERDUE = "overdue"
    MET = "met"


def _role(value: int) -> str:
    return _c.unalloc_role_name(value)


def version() -> str:
    """The C library's version."""
    return _c.unalloc_version()


def builtin_policies() -> List[str]:
    """Ids of the built-in policies."""
    return [_c.unalloc_policy_builtin_id(i) for i in range(_c.unalloc_policy_builtin_count())]


@dataclass(frozen=True)
class Term:
    """A word of the vocabulary: ``group`` ("event", "detail", "category",
    "role" or "rating"), ``name`` and a one-line ``meaning``."""
    group: str
    name: str
    meaning: str


def vocabulary() -> List[Term]:
    """Every event kind, detail, category, role and rating, with its meaning
    (the table ``unalloc vocabulary`` prints). ``pandas.DataFrame(vocabulary())``
    makes it a frame."""
    out = []
    for i in range(_c.unalloc_vocabulary_count()):
        t = _c.unalloc_vocabulary_term(i)
        out.append(Term(t.group, t.name, t.meaning))
    return out


def _region(region: Union[str, Region]) -> Region:
    try:
        return Region(region)
    except ValueError:
        raise InvalidError(f"unknown region {region!r} (expected england-and-wales, scotland "
                           f"or northern-ireland)") from None


# ---- dates ---------------------------------------------------------------------------------

_EPOCH = _dt.date(1970, 1, 1)


def _as_moment(value) -> Union[_dt.date, _dt.datetime]:
    """date/datetime/ISO string/pandas Timestamp to date (date-only) or datetime."""
    if isinstance(value, str):
        # The library's strict ISO parser, for its messages.
        moment, timed = _c.unalloc_datetime_parse(value)
        return moment if timed else moment.date()
    if isinstance(value, _dt.datetime):  # includes pandas.Timestamp, and NaT
        if value != value:
            raise InvalidError("NaT is not a date")
        if value.tzinfo is not None:
            raise InvalidError("times are local UK wall-clock times without a time zone")
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0) and \
                type(value).__name__ == "Timestamp":
            return value.date()
        return _dt.datetime(value.year, value.month, value.day, value.hour, value.minute,
                            value.second, value.microsecond)
    if isinstance(value, _dt.date):
        return value
    if _is_datetime64(value):
        # numpy: day units are dates; finer units as a Timestamp would be
        # (midnight = date-only). NaT is no date.
        if value != value:
            raise InvalidError("NaT is not a date")
        day = value.astype("datetime64[D]")
        if day == value:
            return _as_moment(day.item())
        return _as_moment(value.astype("datetime64[us]").item())  # a datetime.datetime
    raise TypeError(f"expected a date, datetime or ISO string, got {type(value).__name__}")


def _is_datetime64(value) -> bool:
    return type(value).__name__ == "datetime64" and type(value).__module__ == "numpy"


# ---- calendar -------------------------------------------------------------------------------

class _Handle:
    """A C handle that close() (or leaving a ``with`` block) releases; using
    the object afterwards raises ClosedError instead of passing NULL to C."""
    _h = None

    _free = None  # the C destructor, set by each subclass

    @property
    def _live(self):
        if self._h is None:
            raise ClosedError(f"this {type(self).__name__} is closed")
        return self._h

    def close(self) -> None:
        """Releases the C object now (also done when the object is collected)."""
        h, self._h = self._h, None
        if h is not None:
            self._free(h)

    __del__ = close

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Calendar(_Handle):
    """A UK working-day calendar (immutable once built).

    ``Calendar(region, closures=(), working=(), ics=())``: ``closures`` are
    dates or (first, last) pairs the council is closed; ``working`` are bank
    holidays it works; ``ics`` iCalendar files (bytes or str, e.g. gov.uk's)
    whose dates replace the built-in ones for the years they cover.
    """

    _free = staticmethod(_c.unalloc_calendar_free)

    def __init__(self, region: Union[str, Region] = Region.ENGLAND_AND_WALES, *,
                 closures: Iterable = (), working: Iterable[_dt.date] = (),
                 ics: Iterable[Union[bytes, str]] = ()):
        self.region = _region(region)
        builder = _c.unalloc_calendar_builder_new(self.region._c())
        try:
            for text in ics:
                _c.unalloc_calendar_builder_load_ical(builder, text)
            for c in closures:
                first, last = (c, c) if isinstance(c, _dt.date) else c
                _c.unalloc_calendar_builder_add_closure(builder, first, last, None)
            for d in working:
                _c.unalloc_calendar_builder_remove_day(builder, d)
            self._h = _c.unalloc_calendar_builder_build(builder)
        finally:
            _c.unalloc_calendar_builder_free(builder)

    def __repr__(self):
        return f"Calendar({self.region.value!r})"

    @property
    def verified_through(self) -> int:
        """Last year the built-in bank holidays were checked against gov.uk."""
        return _c.unalloc_calendar_verified_through(self._live)

    @property
    def fingerprint(self) -> int:
        return _c.unalloc_calendar_fingerprint(self._live)

    def is_working_day(self, day):
        """Whether a date is a working day; arrays give a boolean array."""
        if isinstance(day, _dt.date):
            return _c.unalloc_calendar_is_working_day(self._live, day)
        import numpy as np
        days = _days(day)
        out = np.empty(days.shape, dtype=np.int8)
        _c.unalloc_calendar_is_working_day_array(out, self._live, days, days.size)
        return out == 1

    def holiday_name(self, day: _dt.date) -> Optional[str]:
        """The bank holiday or closure on a date, or None."""
        return _c.unalloc_calendar_holiday_name(self._live, day)

    def next_working_day(self, day: _dt.date) -> _dt.date:
        return _c.unalloc_calendar_next_working_day(self._live, day)

    def previous_working_day(self, day: _dt.date) -> _dt.date:
        return _c.unalloc_calendar_previous_working_day(self._live, day)

    def add_working_days(self, start, n):
        """add(D, N): the N-th working day after D (before it for N < 0; D
        itself for 0). ``start`` may be a date, or an array or sequence of
        dates (numpy datetime64[D]); then ``n`` is one number or an array of
        the same length, and the result is a datetime64[D] array, computed in
        C in one call (NaT stays NaT)."""
        if isinstance(start, _dt.date) and not hasattr(n, "__len__"):
            return _c.unalloc_calendar_add_working_days(self._live, start, int(n))
        import numpy as np
        days = _days(start)
        ns = np.ascontiguousarray(np.atleast_1d(np.asarray(n, dtype=np.int64)))
        out = np.empty(days.shape, dtype=np.int64)
        _c.unalloc_calendar_add_working_days_array(out, self._live, days, ns, ns.size, days.size)
        return out.view("datetime64[D]")

    def count_working_days(self, start, end):
        """count(D, E): working days in (D, E] (negative when E is before D).
        Arrays give an int64 array (missing dates give -2**63)."""
        if isinstance(start, _dt.date) and isinstance(end, _dt.date):
            return _c.unalloc_calendar_count_working_days(self._live, start, end)
        import numpy as np
        a, b = _days(start), _days(end)
        if a.shape != b.shape:
            a, b = np.broadcast_arrays(a, b)
            a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
        out = np.empty(a.shape, dtype=np.int64)
        _c.unalloc_calendar_count_working_days_array(out, self._live, a, b, a.size)
        return out


def _days(values):
    """Dates (datetime64, date, sequences) as contiguous int64 days since 1970."""
    import numpy as np
    if isinstance(values, _dt.date):
        values = [values]
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        arr = arr.astype("datetime64[D]")
    return np.ascontiguousarray(np.atleast_1d(arr.astype("datetime64[D]")).view(np.int64))


# ---- policies --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # obligation kind, or "escalation"
    escalate_to: Optional[str]
    clause: str
    note: Optional[str]


class Policy(_Handle):
    """A council policy: ``Policy.builtin(id)``, ``Policy.parse(text)`` or
    ``Policy.from_file(path)``."""

    _free = staticmethod(_c.unalloc_policy_free)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def builtin(cls, policy_id: str) -> "Policy":
        return cls(_c.unalloc_policy_builtin(policy_id))

    @classmethod
    def parse(cls, text: Union[str, bytes]) -> "Policy":
        return cls(_c.unalloc_policy_parse(text))

    @classmethod
    def from_file(cls, path) -> "Policy":
        """Reads and parses a policy file. Reads at most one byte more than
        the limit (``UNALLOC_POLICY_MAX_BYTES``), so a huge or endless file is a
        LimitError, not an exhausted memory."""
        limit = _c.UNALLOC_POLICY_MAX_BYTES
        with open(path, "rb") as f:
            text = f.read(limit + 1)
        if len(text) > limit:
            raise LimitError(f"policy file '{path}' is larger than {limit} bytes, the limit",
                             _c.UNALLOC_E_LIMIT)
        return cls.parse(text)

    def __repr__(self):
        return f"Policy({self.id!r})"

    id = property(lambda self: _c.unalloc_policy_id(self._live))
    title = property(lambda self: _c.unalloc_policy_title(self._live))
    hash = property(lambda self: _c.unalloc_policy_hash(self._live))

    @property
    def region(self) -> Region:
        return Region(_c.unalloc_region_name(_c.unalloc_policy_region(self._live)))

    @property
    def text(self) -> str:
        """The canonical text (parses back to the same policy)."""
        return _c.unalloc_policy_to_text(self._live)

    @property
    def source_text(self) -> Optional[str]:
        """For a built-in policy, its text with comments."""
        return _c.unalloc_policy_builtin_text(self.id)

    @property
    def rules(self) -> List[Rule]:
        out = []
        for i in range(_c.unalloc_policy_rule_count(self._live)):
            r = _c.unalloc_policy_rule(self._live, i)
            out.append(Rule(
                id=r.id,
                kind="escalation" if r.escalation else _c.unalloc_obligation_kind_name(r.obligation),
                escalate_to=_role(r.escalate_to) if r.escalation else None,
                clause=_c.unalloc_policy_format_clause(self._live, r.clause),
                note=r.note))
        return out

    @property
    def reports(self) -> List[str]:
        return [_c.unalloc_policy_report(self._live, i).id
                for i in range(_c.unalloc_policy_report_count(self._live))]

    def report(self, report_id: str, results: Iterable["Result"], as_of: _dt.date) -> str:
        """Renders one of the policy's reports (e.g. "weekly-return") from
        results evaluated as of ``as_of``."""
        rep = _c.unalloc_report_new(self._live, report_id, as_of)
        try:
            for r in results:
                _c.unalloc_report_add(rep, r._h)
            return _c.unalloc_report_render(rep)
        finally:
            _c.unalloc_report_free(rep)


# ---- cases and results -------------------------------------------------------------------------

def _text(value) -> Optional[str]:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    return str(value)


class Case(_Handle):
    """One child's event log. ``add(kind, at, detail=None, worker=None,
    locality=None)`` with the library's names; ``at`` a date (00:00) or
    datetime (to the minute)."""

    _free = staticmethod(_c.unalloc_case_free)

    def __init__(self, case_id: str):
        self._h = _c.unalloc_case_new(case_id)

    def add(self, kind: str, at, detail: Optional[str] = None, worker: Optional[str] = None,
            locality: Optional[str] = None) -> "Case":
        """Adds one event. Empty strings, None and pandas' NaN mean "none"."""
        _c.unalloc_case_add_event(self._live, kind, _as_moment(at), _text(detail), _text(worker),
                                  _text(locality))
        return self

    def check(self) -> None:
        """Raises InvalidError for an impossible event sequence."""
        _c.unalloc_case_check(self._live)

    id = property(lambda self: _c.unalloc_case_id(self._live))

    def __len__(self):
        return _c.unalloc_case_event_count(self._live)

    def __repr__(self):
        return f"Case({self.id!r}, {len(self)} events)"


@dataclass(frozen=True)
class Occurrence:
    kind: str
    role: Optional[str]
    rule: str
    clause: str
    start: Union[_dt.date, _dt.datetime]
    due: Union[_dt.date, _dt.datetime]
    state: State
    met_at: Optional[Union[_dt.date, _dt.datetime]]
    late: bool
    occurrence: int
    spell: int
    note: Optional[str]


@dataclass(frozen=True)
class EscalationLevel:
    role: str
    rule: str
    clause: str
    due: Union[_dt.date, _dt.datetime]
    state: State
    done_at: Optional[Union[_dt.date, _dt.datetime]]


@dataclass(frozen=True)
class Escalation:
    level: Optional[str]
    due: Optional[Union[_dt.date, _dt.datetime]]
    done: Optional[str]
    levels: List[EscalationLevel] = field(default_factory=list)


@dataclass
class Result:
    """The answer for one case as of one moment (see evaluate.h)."""
    case: str
    as_of: Union[_dt.date, _dt.datetime]
    status: Status
    unallocated: bool
    unallocated_since: Optional[Union[_dt.date, _dt.datetime]]
    working_days_unallocated: int
    calendar_days_unallocated: int
    category: Optional[str]
    locality: Optional[str]
    rating: Optional[str]
    rating_age_days: Optional[int]
    atm_since: Optional[Union[_dt.date, _dt.datetime]]
    obligations: List[Occurrence]
    escalation: Escalation
    warnings: List[str]
    policy: str
    policy_hash: str
    calendar_verified_through: int
    _h: object = field(default=None, repr=False, compare=False)

    def to_json(self) -> str:
        """The command line's JSON line for this result."""
        return _c.unalloc_result_append_json(self._h)

    def __del__(self):
        if self._h is not None:
            _c.unalloc_result_free(self._h)
            self._h = None


def _result(h) -> Result:
    c = _c.unalloc_result_case(h)
    occ = []
    for i in range(_c.unalloc_result_occurrence_count(h)):
        o = _c.unalloc_result_occurrence(h, i)
        occ.append(Occurrence(
            kind=o.kind, role=_role(o.role) if o.has_role else None, rule=o.rule,
            clause=o.clause, start=o.start, due=o.due,
            state=State(_c.unalloc_state_name(o.state)),
            met_at=o.met_at if o.met else None, late=bool(o.late), occurrence=o.occurrence,
            spell=o.spell, note=o.note))
    levels = []
    for i in range(_c.unalloc_result_escalation_count(h)):
        lv = _c.unalloc_result_escalation(h, i)
        levels.append(EscalationLevel(
            role=_role(lv.role), rule=lv.rule, clause=lv.clause, due=lv.due,
            state=State(_c.unalloc_state_name(lv.state)),
            done_at=lv.done_at if lv.done else None))
    esc = Escalation(
        level=_role(c.escalation_level) if c.escalation_due else None,
        due=c.escalation_level_due if c.escalation_due else None,
        done=_role(c.escalation_done_role) if c.escalation_done else None,
        levels=levels)
    return Result(
        case=c.case_id, as_of=c.as_of, status=Status(_c.unalloc_case_status_name(c.status)),
        unallocated=bool(c.unallocated),
        unallocated_since=c.unallocated_since if c.has_since else None,
        working_days_unallocated=c.working_days_unallocated,
        calendar_days_unallocated=c.calendar_days_unallocated,
        category=_c.unalloc_category_name(c.category) if c.has_category else None,
        locality=c.locality,
        rating=_c.unalloc_rating_name(c.rating) if c.has_rating else None,
        rating_age_days=c.rating_age_days if c.has_rating else None,
        atm_since=c.atm_since if c.has_atm_since else None,
        obligations=occ, escalation=esc,
        warnings=[_c.unalloc_result_warning(h, i)
                  for i in range(_c.unalloc_result_warning_count(h))],
        policy=c.policy_id, policy_hash=c.policy_hash,
        calendar_verified_through=c.calendar_verified_through,
        _h=h)


def evaluate(case: Case, policy: Policy, as_of, calendar: Optional[Calendar] = None) -> Result:
    """Evaluates one case as of a date (the end of that day) or a datetime.
    Without ``calendar``, the policy's region's built-in calendar is used."""
    cal = calendar or Calendar(policy.region)
    return _result(_c.unalloc_evaluate(cal._live, policy._live, case._live, _as_moment(as_of)))


from ._frames import FrameResult, evaluate_frame, mapping_text  # noqa: E402  (needs the names above)
