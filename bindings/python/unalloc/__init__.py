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
import json as _json
import os as _os
import threading as _threading
from dataclasses import dataclass as _dataclass, field as _field
from typing import (TYPE_CHECKING as _TYPE_CHECKING, Any as _Any, Iterable as _Iterable,
                    Iterator as _Iterator,
                    List as _List, Mapping as _Mapping, Optional as _Optional,
                    Sequence as _Sequence, Tuple as _Tuple, Union as _Union)

if _TYPE_CHECKING:  # for type checkers only: numpy and pandas load when first needed
    import datetime  # noqa: F401
    import numpy
    import pandas
    from pandas._libs.missing import NAType
    from pandas._libs.tslibs.nattype import NaTType

from . import core as _c

#: The C library's version (libunalloc's, which the package is built with).
__version__: str = _c.unalloc_version()

__all__ = [
    "Error", "InvalidError", "RangeError", "ParseError", "LimitError", "NotFoundError",
    "ClosedError", "InvalidTypeError", "FrameResult", "mapping_text", "Term", "vocabulary",
    "Region", "Status", "State", "Calendar", "Policy", "Rule", "Case", "Result", "Occurrence",
    "EscalationLevel", "Escalation", "Setting", "evaluate", "evaluate_series", "evaluate_frame",
    "version",
    "builtin_policies", "run_record",
]


def __dir__() -> _List[str]:
    """The package's API (PEP 562): what ``dir(unalloc)`` lists."""
    return sorted(__all__ + ["__version__", "core"])


#: Anything accepted as a date: an ISO string, ``datetime.date``,
#: ``datetime.datetime``, ``pandas.Timestamp`` or ``numpy.datetime64``.
DateLike = _Union[str, _dt.date, _dt.datetime, "numpy.datetime64", "pandas.Timestamp"]
#: Many dates: a numpy array, a pandas Series or Index, or a list of DateLike.
Dates = _Union["numpy.ndarray", "pandas.Series", "pandas.Index", _List[_Any]]
#: Whole numbers of working days: one, or an array, Series or list of them.
Steps = _Union[int, "numpy.ndarray", "pandas.Series", _List[_Any]]


# ---- exceptions ------------------------------------------------------------------------

class Error(Exception):
    """An error reported by libunalloc. ``status`` is the library's status
    name; ``line`` and ``column`` locate an error in a text (a policy, a
    mapping, an iCalendar file), ``record`` the 1-based event or row an error
    is about; each is 0 when it does not apply. ``message`` is the library's
    message; ``str()`` puts the text position before it ("line 3, column 1:
    ...")."""

    def __init__(self, message: str, status: int = 0, line: int = 0, column: int = 0,
                 record: int = 0):
        super().__init__(_located(message, line, column))
        self.message = message
        self.status = _c.unalloc_status_name(status)
        self.line = line
        self.column = column
        self.record = record

    def __reduce__(self):
        return (_restore_error, (type(self), self.message, self.status, self.line,
                                 self.column, self.record))


def _located(message, line, column):
    if line > 0 and column > 0:
        return f"line {line}, column {column}: {message}"
    if line > 0:
        return f"line {line}: {message}"
    return message


def _restore_error(cls, message, status, line, column, record=0):
    e = cls.__new__(cls)
    Exception.__init__(e, _located(message, line, column))
    e.message, e.status, e.line, e.column, e.record = message, status, line, column, record
    return e


class InvalidError(Error, ValueError):
    """Invalid input: an impossible date, an unknown name, a bad event sequence,
    a str with a NUL character."""


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

    def __init__(self, message: str, *args):
        super().__init__(message, _c.UNALLOC_E_INVALID)


class _NoMemory(Error, MemoryError):
    pass


_c._set_exceptions((Error, _NoMemory, InvalidError, RangeError, ParseError, LimitError,
                    NotFoundError))


# ---- enums ----------------------------------------------------------------------------------

class Region(str, _enum.Enum):
    """The three UK bank-holiday regions (calendar.h, enum unalloc_region)."""
    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    def _c(self) -> int:
        return _c.unalloc_region_parse(self.value)


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
    """The C library's version (the same as ``unalloc.__version__``)."""
    return _c.unalloc_version()


def builtin_policies() -> _List[str]:
    """Ids of the built-in policies."""
    return [_c.unalloc_policy_builtin_id(i) for i in range(_c.unalloc_policy_builtin_count())]


@_dataclass(frozen=True)
class Term:
    """A word of the vocabulary: ``group`` ("event", "detail", "category",
    "role" or "rating"), ``name`` and a one-line ``meaning``."""
    group: str
    name: str
    meaning: str


def vocabulary() -> _List[Term]:
    """Every event kind, detail, category, role and rating, with its meaning
    (the table ``unalloc vocabulary`` prints). ``pandas.DataFrame(vocabulary())``
    makes it a frame."""
    out = []
    for i in range(_c.unalloc_vocabulary_count()):
        t = _c.unalloc_vocabulary_term(i)
        out.append(Term(t.group, t.name, t.meaning))
    return out


def _region(region: _Union[str, Region]) -> Region:
    try:
        return Region(region)
    except ValueError:
        raise InvalidError(f"unknown region {region!r} (expected england-and-wales, scotland "
                           f"or northern-ireland)") from None


# ---- C handles --------------------------------------------------------------------------------

class _Ref:
    """One C object, freed exactly once. Every call into C holds it
    (``with _using(obj):``) for the whole call; close() while a call holds it
    only marks it closed, and the last call to finish frees it. A call that
    starts after close() raises ClosedError. Copies of a Python object share
    its _Ref (Python's reference count keeps it alive); it cannot be pickled."""

    __slots__ = ("_ptr", "_free", "_what", "_lock", "_users", "_closing")

    def __init__(self, ptr, free, what: str):
        self._ptr, self._free, self._what = ptr, free, what
        self._lock = _threading.Lock()
        self._users = 0
        self._closing = False

    def acquire(self):
        with self._lock:
            if self._closing:
                raise ClosedError(f"this {self._what} is closed")
            self._users += 1
            return self._ptr

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if not (self._closing and self._users == 0 and self._ptr is not None):
                return
            ptr, self._ptr = self._ptr, None
        self._free(ptr)

    def close(self) -> None:
        with self._lock:
            if self._closing:
                return
            self._closing = True
            if self._users:
                return  # the last running call frees it
            ptr, self._ptr = self._ptr, None
        if ptr is not None:
            self._free(ptr)

    @property
    def closed(self) -> bool:
        return self._closing

    def __del__(self):
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr is not None and _c is not None:
            self._free(ptr)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self  # the C object is immutable: share it

    def __reduce__(self):
        raise TypeError(f"a {self._what}'s C object cannot be pickled")


class _using:
    """``with _using(a, b) as (pa, pb):`` holds each object's C handle for the
    block (ClosedError if one is closed), in order, and releases them after."""

    __slots__ = ("_refs", "_held")

    def __init__(self, *objs):
        self._refs = [o if isinstance(o, _Ref) else o._ref_or_closed() for o in objs]
        self._held = []

    def __enter__(self):
        ptrs = []
        try:
            for r in self._refs:
                ptrs.append(r.acquire())
                self._held.append(r)
        except BaseException:
            self.__exit__()
            raise
        return ptrs[0] if len(ptrs) == 1 else tuple(ptrs)

    def __exit__(self, *exc):
        held, self._held = self._held, []
        for r in reversed(held):
            r.release()


class _Handle:
    """A Python object owning a C object: close() (or leaving a ``with``
    block) releases it; using the object afterwards raises ClosedError."""

    _ref: _Optional[_Ref] = None

    def _ref_or_closed(self) -> _Ref:
        if self._ref is None:
            raise ClosedError(f"this {type(self).__name__} is closed")
        return self._ref

    @property
    def _live(self):
        """The C pointer, checked but not held: for one C call made at once.
        Prefer ``with _using(obj) as ptr``, which also holds it."""
        r = self._ref_or_closed()
        if r.closed:
            raise ClosedError(f"this {type(self).__name__} is closed")
        return r._ptr

    _h = _live

    @property
    def closed(self) -> bool:
        """True after close()."""
        return self._ref is None or self._ref.closed

    def close(self) -> None:
        """Releases the C object (at once, or when a call running on another
        thread finishes); also done when the object is collected."""
        if self._ref is not None:
            self._ref.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---- dates ---------------------------------------------------------------------------------

def _is_missing(value) -> bool:
    """None, NaT (pandas or numpy), pandas.NA, or a float NaN."""
    if value is None:
        return True
    name = type(value).__name__
    if name in ("NaTType", "NAType"):
        return True
    if isinstance(value, float) or name in ("datetime64", "float64", "float32"):
        return value != value
    return False


def _not_a_date(value) -> TypeError:
    return TypeError(f"{value!r} is not a date: give an ISO string, a datetime.date or "
                     f"datetime, a pandas Timestamp or a numpy datetime64 (numbers are not "
                     f"dates)")


def _is_datetime64(value) -> bool:
    return type(value).__name__ == "datetime64" and type(value).__module__ == "numpy"


def _as_moment(value) -> _Union[_dt.date, _dt.datetime]:
    """date/datetime/ISO string/pandas Timestamp/datetime64 to date (date-only)
    or datetime (to the minute)."""
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


def _day(value) -> _Optional[_dt.date]:
    """One date-like value as a date (a datetime's or Timestamp's date part);
    None for a missing value; TypeError for numbers and other non-dates."""
    if _is_missing(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, _dt.date)) and \
            not _is_datetime64(value):
        raise _not_a_date(value)
    if isinstance(value, str):
        return _c.unalloc_datetime_parse(value)[0].date()
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            raise InvalidError("times are local UK wall-clock times without a time zone")
        return _dt.date(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return value
    return value.astype("datetime64[D]").item()


def _is_array(value) -> bool:
    return not isinstance(value, (str, bytes)) and hasattr(value, "__len__")


def _pandas_index(value):
    """The index of a pandas Series (kept on the way out), else None."""
    if type(value).__module__.startswith("pandas") and type(value).__name__ == "Series":
        return value.index
    return None


def _values(x: _Any) -> _Any:
    """A Series' values as numpy (for np.asarray), anything else as it is."""
    return x.to_numpy() if _pandas_index(x) is not None else x


def _days(values, what: str):
    """Date-likes (an array, Series, list...) as (int64 days since 1970, with
    UNALLOC_DAYS_MISSING for a missing value, C-contiguous and 1-d; the
    input's shape)."""
    import numpy as np
    arr = np.asarray(_values(values))
    if arr.size == 0 and arr.dtype.kind in "fO":  # an empty list: no dates, not floats
        arr = arr.astype("datetime64[D]")
    if arr.dtype.kind == "M":
        days = arr.astype("datetime64[D]")
    elif arr.dtype.kind in "OUS":
        days = np.empty(arr.shape, dtype="datetime64[D]")
        flat = days.reshape(-1)
        for i, v in enumerate(arr.reshape(-1)):
            d = _day(v.decode() if isinstance(v, bytes) else v)
            flat[i] = np.datetime64("NaT") if d is None else np.datetime64(d, "D")
    else:
        raise TypeError(f"{what}: {arr.dtype} values are not dates (give datetime64 values, "
                        f"dates, Timestamps or ISO strings)")
    return np.ascontiguousarray(days.reshape(-1)).view(np.int64), arr.shape


def _steps(n, size: int):
    """Working-day counts N: integers (or floats without a fraction); a
    missing N gives a missing result. Returns (int64 array, missing mask)."""
    import numpy as np
    arr = np.asarray(_values(n))
    if arr.size == 0 and arr.dtype.kind in "fO":  # an empty list
        arr = arr.astype(np.int64)
    if arr.dtype.kind == "O":
        vals = arr.reshape(-1)
        missing = np.array([_is_missing(v) for v in vals], dtype=bool)
        for v in vals[~missing]:
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
                raise TypeError(f"n: {v!r} is not a whole number of working days")
        arr = np.where(missing, 0, vals).astype(np.float64).reshape(arr.shape)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"n: {arr.dtype} values are not whole numbers of working days")
    if arr.dtype.kind == "f":
        missing = np.isnan(arr)
        whole = np.where(missing, 0, arr)
        if not np.all(np.isfinite(whole)) or np.any(whole != np.floor(whole)):
            raise TypeError("n: a number of working days must be a whole number, not "
                            f"{whole[(whole != np.floor(whole)) | ~np.isfinite(whole)][0]!r}")
        if np.any(np.abs(whole) > 2**62):
            raise RangeError("n: a number of working days is out of range")
        arr = whole.astype(np.int64)
    else:
        missing = np.zeros(arr.shape, dtype=bool)
        arr = arr.astype(np.int64)
    return np.ascontiguousarray(arr.reshape(-1)), missing.reshape(-1)


def _one_step(n) -> _Optional[int]:
    """A scalar N: an int (or a float without a fraction); None if missing."""
    import numbers
    if _is_missing(n):
        return None
    if isinstance(n, bool) or not isinstance(n, numbers.Real):
        raise TypeError(f"n: {n!r} is not a whole number of working days")
    if isinstance(n, numbers.Integral):
        return int(n)
    if n != int(n):
        raise TypeError(f"n: a number of working days must be a whole number, not {n!r}")
    return int(n)


#: calendar.h's UNALLOC_DAYS_MISSING (INT64_MIN, numpy's NaT), which SWIG cannot read.
_DAYS_MISSING = -2**63


def _nat():
    import pandas as pd
    return pd.NaT


def _na():
    import pandas as pd
    return pd.NA


# ---- calendar -------------------------------------------------------------------------------

def _ics_paths(ics) -> _List[_Union[str, "_os.PathLike[str]"]]:
    if isinstance(ics, (bytes, bytearray)):
        raise TypeError("ics= takes paths to iCalendar files; give a file's contents as "
                        "ics_text=")
    if isinstance(ics, (str, _os.PathLike)):
        ics = [ics]
    out = []
    for path in ics:
        if isinstance(path, (bytes, bytearray)):
            raise TypeError("ics= takes paths to iCalendar files; give a file's contents as "
                            "ics_text=")
        if not isinstance(path, (str, _os.PathLike)):
            raise TypeError(f"ics=: expected a path (str or pathlib.Path), got "
                            f"{type(path).__name__}")
        out.append(path)
    return out


def _ics_texts(ics_text) -> _List[bytes]:
    if isinstance(ics_text, (str, bytes, bytearray)):
        ics_text = [ics_text]
    out = []
    for t in ics_text:
        if isinstance(t, str):
            t = t.encode("utf-8")
        elif not isinstance(t, (bytes, bytearray)):
            raise TypeError(f"ics_text=: expected the text of an iCalendar file (str or bytes), "
                            f"got {type(t).__name__}")
        out.append(bytes(t))
    return out


def _closure(c) -> _Tuple[_dt.date, _dt.date, _Optional[str]]:
    """A date-like (one day), an ISO range "FIRST..LAST", or a (first, last)
    or (first, last, name) pair."""
    if isinstance(c, str) and ".." in c:
        c = tuple(c.split("..", 1))
    if isinstance(c, (tuple, list)):
        if len(c) not in (2, 3):
            raise TypeError(f"a closure is a date, or a (first, last) or (first, last, name) "
                            f"tuple; got {c!r}")
        first, last = _day(c[0]), _day(c[1])
        name = c[2] if len(c) == 3 else None
        if name is not None and not isinstance(name, str):
            raise TypeError("a closure's name must be a str")
    else:
        first = last = _day(c)
        name = None
    if first is None or last is None:
        raise InvalidError("a closure needs its dates (got a missing value)")
    return first, last, name


class Calendar(_Handle):
    """A UK working-day calendar, immutable once built.

    ``Calendar(region="england-and-wales", closures=(), working=(), ics=(), ics_text=())``:

    - ``closures``: days the council is closed, each a date-like (one day), an
      ISO range ``"2024-12-27..2024-12-31"``, or a ``(first, last)`` or
      ``(first, last, name)`` tuple;
    - ``working``: bank holidays (or closure days) the council works;
    - ``ics``: paths (``str`` or ``pathlib.Path``; one, or a list) of gov.uk's
      bank-holiday files, iCalendar (``england-and-wales.ics``) or JSON
      (``bank-holidays.json``, whose division is the calendar's region), told
      apart by their content; their dates replace the built-in ones for the
      years they cover;
    - ``ics_text``: the same given as text (``str`` or ``bytes``).

    A date-like is an ISO string, ``datetime.date``/``datetime``, pandas
    ``Timestamp`` or numpy ``datetime64``. The working-day functions take
    one date or an array/Series of them; see :meth:`add_working_days`.
    A Calendar pickles by value (region, closures, working days and the
    loaded files' contents), so it can be sent to worker processes.
    """

    def __init__(self, region: _Union[str, Region] = Region.ENGLAND_AND_WALES, *,
                 closures: _Iterable = (), working: _Iterable = (),
                 ics: _Union[str, "_os.PathLike[str]", _Iterable] = (),
                 ics_text: _Union[str, bytes, _Iterable] = ()):
        region = _region(region)
        texts = []
        for path in _ics_paths(ics):
            with open(path, "rb") as f:
                texts.append(f.read())
        texts += _ics_texts(ics_text)
        closures = [_closure(c) for c in closures]
        work = []
        for d in working:
            day = _day(d)
            if day is None:
                raise InvalidError("working= holds a missing date")
            work.append(day)
        self._build(region, tuple(closures), tuple(work), tuple(texts))

    def _build(self, region, closures, working, texts):
        self.region = region
        self._recipe = (region.value, closures, working, texts)
        builder = _c.unalloc_calendar_builder_new(region._c())
        try:
            for text in texts:
                _c.unalloc_calendar_builder_load_holidays(builder, text)
            for first, last, name in closures:
                _c.unalloc_calendar_builder_add_closure(builder, first, last, name)
            for d in working:
                _c.unalloc_calendar_builder_remove_day(builder, d)
            self._ref = _Ref(_c.unalloc_calendar_builder_build(builder),
                             _c.unalloc_calendar_free, "Calendar")
        finally:
            _c.unalloc_calendar_builder_free(builder)

    @classmethod
    def _restore(cls, region, closures, working, texts) -> "Calendar":
        self = cls.__new__(cls)
        self._build(Region(region), closures, working, texts)
        return self

    def __reduce__(self):
        return (Calendar._restore, self._recipe)

    def __repr__(self) -> str:
        return f"Calendar({self.region.value!r})"

    @property
    def verified_through(self) -> int:
        """Last year the built-in bank holidays were checked against gov.uk."""
        with _using(self) as cal:
            return _c.unalloc_calendar_verified_through(cal)

    @property
    def fingerprint(self) -> int:
        """A 64-bit hash of the calendar's non-working days (results name it)."""
        with _using(self) as cal:
            return _c.unalloc_calendar_fingerprint(cal)

    def is_working_day(self, day: _Union[DateLike, Dates]
                       ) -> "bool | NAType | pandas.Series | numpy.ma.MaskedArray":
        """Whether a date is a working day.

        One date-like gives ``bool`` (``pandas.NA`` for None/NaT). A Series
        gives a Series of pandas' nullable ``boolean`` with the same index; an
        array or list gives a ``numpy.ma.MaskedArray`` of bool, masked where
        the input was missing. Numbers are not dates: TypeError."""
        if not _is_array(day):
            d = _day(day)
            if d is None:
                return _na()
            with _using(self) as cal:
                return _c.unalloc_calendar_is_working_day(cal, d)
        import numpy as np
        days, shape = _days(day, "day")
        out = np.empty(days.shape, dtype=np.int8)
        with _using(self) as cal:
            _c.unalloc_calendar_is_working_day_array(out, cal, days, days.size)
        return _flags_out(out, shape, _pandas_index(day), getattr(day, "name", None))

    def holiday_name(self, day: DateLike) -> _Optional[str]:
        """The bank holiday or closure on a date, or None (also for None/NaT)."""
        d = _day(day)
        if d is None:
            return None
        with _using(self) as cal:
            return _c.unalloc_calendar_holiday_name(cal, d)

    def next_working_day(self, day: _Union[DateLike, Dates]
                         ) -> "datetime.date | NaTType | pandas.Series | numpy.ndarray":
        """The first working day after ``day``: ``add_working_days(day, 1)``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: _Union[DateLike, Dates]
                             ) -> "datetime.date | NaTType | pandas.Series | numpy.ndarray":
        """The last working day before ``day``: ``add_working_days(day, -1)``."""
        return self.add_working_days(day, -1)

    def add_working_days(self, start: _Union[DateLike, Dates], n: Steps
                         ) -> "datetime.date | NaTType | pandas.Series | numpy.ndarray":
        """add(D, N): the N-th working day after D (before it for N < 0; D
        itself for 0), D never counting itself.

        One date-like and one whole number give a ``datetime.date``
        (``pandas.NaT`` when either is missing). An array, list or Series of
        dates (or of N, or both, broadcast) gives ``datetime64[D]`` values
        with NaT where an input was missing: a numpy array, or a Series with
        the input's index. N must be a whole number (an int, or a float
        without a fraction): 2.7 is a TypeError, never rounded.
        """
        if not _is_array(start) and not _is_array(n):
            d, k = _day(start), _one_step(n)
            if d is None or k is None:
                return _nat()
            if not -2**31 <= k < 2**31:
                raise RangeError(f"adding {k} working days leaves the supported range "
                                 f"1900-01-01 to 2199-12-31")
            with _using(self) as cal:
                return _c.unalloc_calendar_add_working_days(cal, d, k)
        import numpy as np
        index = _pandas_index(start)
        if index is None:
            index = _pandas_index(n)
        days, shape = _days(start if _is_array(start) else [start], "start")
        steps, missing = _steps(n if _is_array(n) else [n], days.size)
        if days.size != steps.size:
            if days.size == 1:  # one date, many N: the answer has N's shape
                days = np.ascontiguousarray(np.broadcast_to(days, steps.shape))
                shape = np.shape(_values(n))
            elif steps.size != 1:
                raise InvalidError(f"start has {days.size} dates and n {steps.size} numbers: "
                                   f"give one N, or one per date")
        if steps.size == days.size and missing.any():
            days = days.copy()
            days[missing] = _DAYS_MISSING
            steps = np.where(missing, 0, steps)
        elif steps.size == 1 and missing.any():
            days = np.full(days.shape, _DAYS_MISSING, dtype=np.int64)
            steps = np.zeros(1, dtype=np.int64)
        out = np.empty(days.shape, dtype=np.int64)
        with _using(self) as cal:
            _c.unalloc_calendar_add_working_days_array(out, cal, days, steps, steps.size,
                                                       days.size)
        out = out.view("datetime64[D]").reshape(shape)
        if index is not None:
            import pandas as pd
            return pd.Series(out.astype("datetime64[ns]"), index=index,
                             name=getattr(start, "name", None))
        return out

    def count_working_days(self, start: _Union[DateLike, Dates], end: _Union[DateLike, Dates]
                           ) -> "int | NAType | pandas.Series | numpy.ma.MaskedArray":
        """count(D, E): working days in (D, E], after D up to and including
        E (negative when E is before D).

        Two date-likes give an ``int`` (``pandas.NA`` when one is missing).
        Arrays, lists or Series (broadcast against a single date) give a
        Series of pandas' nullable ``Int64`` with the Series' index, or a
        ``numpy.ma.MaskedArray`` of int64, masked where an input was missing
        (so its mean leaves them out)."""
        if not _is_array(start) and not _is_array(end):
            a, b = _day(start), _day(end)
            if a is None or b is None:
                return _na()
            with _using(self) as cal:
                return _c.unalloc_calendar_count_working_days(cal, a, b)
        import numpy as np
        index = _pandas_index(start)
        if index is None:
            index = _pandas_index(end)
        fa, sa = _days(start if _is_array(start) else [start], "start")
        fb, sb = _days(end if _is_array(end) else [end], "end")
        shape = sa if _is_array(start) else sb
        if fa.size != fb.size:
            if fa.size != 1 and fb.size != 1:
                raise InvalidError(f"start has {fa.size} dates and end {fb.size}: give one "
                                   f"date, or one per row")
            fa, fb = (np.ascontiguousarray(x) for x in np.broadcast_arrays(fa, fb))
            shape = sa if fa.size == int(np.prod(sa)) and _is_array(start) else sb
        out = np.empty(fa.shape, dtype=np.int64)
        with _using(self) as cal:
            _c.unalloc_calendar_count_working_days_array(out, cal, fa, fb, fa.size)
        missing = out == _DAYS_MISSING
        if index is not None:
            import pandas as pd
            return pd.Series(pd.arrays.IntegerArray(np.where(missing, 0, out), missing),
                             index=index)
        return np.ma.MaskedArray(np.where(missing, 0, out), mask=missing).reshape(shape)

    def holidays(self, start: DateLike, end: DateLike) -> "pandas.DataFrame":
        """The named non-working days from ``start`` to ``end`` inclusive, as a
        DataFrame with columns ``date`` (datetime64), ``name``, ``region``
        and ``source``: ``"rule"`` (the built-in bank-holiday rules),
        ``"file"`` (a loaded iCalendar file) or ``"closure"``. A closure's
        weekend days are listed; days made working are not; a closure on a
        bank holiday is listed as the bank holiday."""
        import pandas as pd
        a, b = _day(start), _day(end)
        if a is None or b is None:
            raise InvalidError("holidays() needs a start and an end date")
        rows = []
        with _using(self) as cal:
            first, count = _c.unalloc_calendar_holidays(cal, a, b)
            for i in range(first, first + count):
                rows.append(_c.unalloc_calendar_holiday(cal, i))
        return pd.DataFrame({
            "date": pd.to_datetime(pd.Series([r[0] for r in rows], dtype=object)),
            "name": pd.Series([r[1] for r in rows], dtype=object),
            "region": self.region.value,
            "source": pd.Series([_SOURCES[r[2]] for r in rows], dtype=object),
        })

    def holidays_text(self, start: DateLike, end: DateLike, format: str = "ics") -> str:
        """The non-working weekdays from ``start`` to ``end`` inclusive as text,
        exactly as ``unalloc holidays --format FORMAT`` writes them:
        ``"ics"`` (iCalendar, made with libical; ``Calendar(ics_text=...)``
        reads it back), ``"tsv"``, ``"csv"`` or ``"json"`` (one object per
        line). Weekends are left out in every format. Deterministic: the same
        calendar gives the same text. An ``"ics"`` listing covers whole years
        (``start`` a 1 January, ``end`` a 31 December), as the command line's:
        ``ics_text=`` reads a file as every bank holiday of each year it
        touches, so part of a year would read back without its others."""
        a, b = _day(start), _day(end)
        if a is None or b is None:
            raise InvalidError("holidays_text() needs a start and an end date")
        if not isinstance(format, str):
            raise TypeError(f"format: expected a str, got {type(format).__name__}")
        fmt = _c.unalloc_holiday_format_parse(format)
        if fmt == _c.UNALLOC_HOLIDAY_FORMAT_ICS and \
                ((a.month, a.day) != (1, 1) or (b.month, b.day) != (12, 31)):
            raise InvalidError(
                "holidays_text(format='ics'): the file must cover whole years, as "
                "Calendar(ics_text=...) reads it as every bank holiday of the years it "
                f"touches: start={a.year}-01-01, end={b.year}-12-31")
        with _using(self) as cal:
            first, count = _c.unalloc_calendar_holidays(cal, a, b)
            return _c.unalloc_calendar_append_holidays(
                cal, first, count, fmt, _c.UNALLOC_HOLIDAYS_HEAD | _c.UNALLOC_HOLIDAYS_TAIL)

    def _non_working_weekdays(self):
        import numpy as np
        frame = self.holidays("1900-01-01", "2199-12-31")
        days = frame["date"].to_numpy().astype("datetime64[D]")
        return days[np.is_busday(days)]

    def to_numpy(self) -> "numpy.busdaycalendar":
        """This calendar as a ``numpy.busdaycalendar`` (Monday to Friday, less
        the bank holidays and closures of 1900-2199), for ``numpy.busday_*``.
        numpy counts ``[begin, end)`` and rolls differently: see
        doc/calendar.md, "numpy and pandas"."""
        import numpy as np
        return np.busdaycalendar(weekmask="1111100", holidays=self._non_working_weekdays())

    def to_pandas(self) -> "pandas.offsets.CustomBusinessDay":
        """This calendar as a pandas ``CustomBusinessDay`` offset. pandas
        rolls a non-working start forward even for 0 days: see
        doc/calendar.md, "numpy and pandas"."""
        import pandas as pd
        return pd.offsets.CustomBusinessDay(calendar=self.to_numpy())


#: enum unalloc_holiday_source, by value (UNALLOC_HOLIDAY_RULE = 0, _FILE, _CLOSURE).
_SOURCES = ("rule", "file", "closure")


def _flags_out(flags, shape, index, name):
    import numpy as np
    missing = flags < 0
    if index is not None:
        import pandas as pd
        return pd.Series(pd.arrays.BooleanArray(flags == 1, missing), index=index, name=name)
    return np.ma.MaskedArray(flags == 1, mask=missing).reshape(shape)


# ---- policies --------------------------------------------------------------------------------

@_dataclass(frozen=True)
class Rule:
    """One rule of a policy: what it obliges (or whom it escalates to) and the
    clause of the source document it implements."""
    id: str
    kind: str  # obligation kind, or "escalation"
    escalate_to: _Optional[str]
    clause: str
    note: _Optional[str]
    basis: str = "document"  # "document" or "local" (a setting supplies the timing)


@_dataclass(frozen=True)
class Setting:
    """A named timing a council may change: ``kind`` is "local" (the document
    states none) or "reading" (the document's, read one of two ways); values
    are "N UNIT" strings such as "5 working-days"."""
    name: str
    kind: str
    value: str
    default: str
    meaning: str


def _duration(d: _Any) -> str:
    return f"{d.amount} {_c.unalloc_unit_name(d.unit)}"


def _settings_arg(settings: "_Mapping[str, object]") -> dict:
    """{name: "N UNIT"}; a value may also be (N, "unit")."""
    out = {}
    for name, value in dict(settings).items():
        if isinstance(value, tuple) and len(value) == 2:
            value = f"{value[0]} {value[1]}"
        out[name] = value
    return out


class Policy(_Handle):
    """A council policy: ``Policy.builtin(id)``, ``Policy.parse(text)`` or
    ``Policy.from_file(path)``. Wherever a policy is taken, a built-in id
    (``"nelc-2022"``) may be given instead. A Policy pickles by value (its
    canonical text), so it can be sent to worker processes."""

    def __init__(self, handle):
        self._ref = _Ref(handle, _c.unalloc_policy_free, "Policy")

    @classmethod
    def builtin(cls, policy_id: str,
                settings: "_Optional[_Mapping[str, object]]" = None) -> "Policy":
        """The built-in policy ``policy_id`` (see :func:`builtin_policies`);
        NotFoundError, listing the ids, for an unknown one.
        ``settings={"risk-assessment-within": "3 working-days"}`` gives a
        council's values for its settings (see :attr:`settings`)."""
        p = cls(_c.unalloc_policy_builtin(policy_id))
        return p.with_settings(settings) if settings else p

    @classmethod
    def parse(cls, text: _Union[str, bytes],
              settings: "_Optional[_Mapping[str, object]]" = None) -> "Policy":
        """A policy from its text (doc/policy-format.md); ParseError with the
        line and column of a mistake. ``settings`` as for :meth:`builtin`."""
        p = cls(_c.unalloc_policy_parse(text))
        return p.with_settings(settings) if settings else p

    @classmethod
    def from_file(cls, path: _Union[str, "_os.PathLike[str]"],
                  settings: "_Optional[_Mapping[str, object]]" = None) -> "Policy":
        """A policy from a file (see :meth:`parse`). Reads at most one byte more
        than the limit (``UNALLOC_POLICY_MAX_BYTES``), so a huge or endless file
        is a LimitError, not an exhausted memory."""
        limit = _c.UNALLOC_POLICY_MAX_BYTES
        with open(path, "rb") as f:
            text = f.read(limit + 1)
        if len(text) > limit:
            raise LimitError(f"policy file '{path}' is larger than {limit} bytes, the limit",
                             _c.UNALLOC_E_LIMIT)
        return cls.parse(text, settings)

    def with_settings(self, settings: "_Mapping[str, object]") -> "Policy":
        """A new policy with some settings changed; this one is unchanged.
        Raises NotFoundError for a name the policy does not declare and
        InvalidError for a bad value."""
        with _using(self) as p:
            return Policy(_c.unalloc_policy_with_settings(p, _settings_arg(settings)))

    @property
    def settings(self) -> "_List[Setting]":
        """The policy's named settings, with the values in force."""
        out = []
        with _using(self) as p:
            for i in range(_c.unalloc_policy_setting_count(p)):
                s = _c.unalloc_policy_setting(p, i)
                out.append(Setting(name=s.name,
                                   kind="local" if s.kind == _c.UNALLOC_SETTING_LOCAL
                                   else "reading",
                                   value=_duration(s.value), default=_duration(s.default_value),
                                   meaning=s.meaning))
        return out

    def __reduce__(self):
        return (Policy.parse, (self.text,))

    def __repr__(self) -> str:
        return f"Policy({self.id!r})"

    def _get(self, fn):
        with _using(self) as p:
            return fn(p)

    @property
    def id(self) -> str:
        """The policy's id."""
        return self._get(_c.unalloc_policy_id)

    @property
    def title(self) -> str:
        """The source document's title."""
        return self._get(_c.unalloc_policy_title)

    @property
    def hash(self) -> str:
        """A hash of the canonical text: results name the policy version."""
        return self._get(_c.unalloc_policy_hash)

    @property
    def region(self) -> Region:
        """The region whose bank holidays the policy's working days skip."""
        return Region(_c.unalloc_region_name(self._get(_c.unalloc_policy_region)))

    @property
    def text(self) -> str:
        """The canonical text (parses back to the same policy)."""
        return self._get(_c.unalloc_policy_to_text)

    @property
    def source_text(self) -> _Optional[str]:
        """For a built-in policy, its text with comments."""
        return _c.unalloc_policy_builtin_text(self.id)

    @property
    def rules(self) -> _List[Rule]:
        """The rules, in the policy's order."""
        out = []
        with _using(self) as p:
            for i in range(_c.unalloc_policy_rule_count(p)):
                r = _c.unalloc_policy_rule(p, i)
                out.append(Rule(
                    id=r.id,
                    kind="escalation" if r.escalation else
                    _c.unalloc_obligation_kind_name(r.obligation),
                    escalate_to=_role(r.escalate_to) if r.escalation else None,
                    clause=_c.unalloc_policy_format_clause(p, r.clause),
                    note=r.note, basis=_c.unalloc_basis_name(r.basis)))
        return out

    @property
    def reports(self) -> _List[str]:
        """Ids of the policy's reports (e.g. "weekly-return")."""
        with _using(self) as p:
            return [_c.unalloc_policy_report(p, i).id
                    for i in range(_c.unalloc_policy_report_count(p))]

    def report(self, report_id: str, results: _Iterable["Result"], as_of: DateLike) -> str:
        """Renders one of the policy's reports (e.g. "weekly-return") from
        results evaluated as of ``as_of``."""
        return "".join(self.report_parts(report_id, results, as_of))

    def report_parts(self, report_id: str, results: _Iterable["Result"],
                     as_of: DateLike) -> _Iterator[str]:
        """Yields the report's text a part at a time, as the command line
        writes it (unalloc_report_append): the heading lines, then one case
        at a time (in an Appendix 1 return, also each locality's heading and
        each category row's count), then the closing lines. Joined, the parts
        are :meth:`report`'s text."""
        results = list(results)
        refs = []
        for r in results:
            if r._ref is None:
                raise InvalidError(_DETACHED)
            refs.append(r._ref)
        day = _day(as_of)
        if day is None:
            raise InvalidError("a report needs its as-of date")
        with _using(self, *refs) as ptrs:
            p = ptrs[0] if refs else ptrs
            rep = _c.unalloc_report_new(p, report_id, day)
            try:
                for h in (ptrs[1:] if refs else ()):
                    _c.unalloc_report_add(rep, h)
                part: _Optional[int] = 0
                while part is not None:
                    text, part = _c.unalloc_report_append(rep, part)
                    if text:
                        yield text
            finally:
                _c.unalloc_report_free(rep)


_builtin_lock = _threading.Lock()
_builtin_cache: dict = {}


def _policy(policy: _Union["Policy", str]) -> "Policy":
    """A Policy, or a built-in id (the built-in policy, made once)."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, str):
        with _builtin_lock:
            p = _builtin_cache.get(policy)
            if p is None:
                p = _builtin_cache[policy] = Policy.builtin(policy)
            return p
    raise TypeError(f"expected a Policy or a built-in policy id, got {type(policy).__name__}")


_calendar_lock = _threading.Lock()
_calendar_cache: dict = {}


def _default_calendar(region: Region) -> Calendar:
    """The region's built-in calendar, built once per process and shared
    (calendars are immutable; this one is never handed out, so never closed)."""
    with _calendar_lock:
        cal = _calendar_cache.get(region)
        if cal is None:
            cal = _calendar_cache[region] = Calendar(region)
        return cal


# ---- cases and results -------------------------------------------------------------------------

def _text(value) -> _Optional[str]:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    return str(value)


class Case(_Handle):
    """One child's event log. ``add(kind, at, detail=None, worker=None,
    locality=None)`` with the library's names; ``at`` a date (00:00) or
    datetime (to the minute). A Case copies and pickles by value (its id and
    events)."""

    def __init__(self, case_id: str):
        if not isinstance(case_id, str):
            raise TypeError(f"a case id is a str, got {type(case_id).__name__}")
        self._ref = _Ref(_c.unalloc_case_new(case_id), _c.unalloc_case_free, "Case")
        self._events: list = []

    def add(self, kind: str, at: DateLike, detail: _Optional[str] = None,
            worker: _Optional[str] = None, locality: _Optional[str] = None) -> "Case":
        """Adds one event. Empty strings, None and pandas' NaN mean "none"."""
        event = (kind, _as_moment(at), _text(detail), _text(worker), _text(locality))
        with _using(self) as c:
            _c.unalloc_case_add_event(c, *event)
        self._events.append(event)
        return self

    def check(self) -> None:
        """Raises InvalidError for an impossible event sequence."""
        with _using(self) as c:
            _c.unalloc_case_check(c)

    @property
    def id(self) -> str:
        """The case id."""
        with _using(self) as c:
            return _c.unalloc_case_id(c)

    def __len__(self) -> int:
        with _using(self) as c:
            return _c.unalloc_case_event_count(c)

    def __repr__(self) -> str:
        return f"Case({self.id!r}, {len(self)} events)"

    def __reduce__(self):
        return (_restore_case, (self.id, tuple(self._events)))


def _restore_case(case_id, events):
    case = Case(case_id)
    for e in events:
        case.add(*e)
    return case


@_dataclass(frozen=True)
class Occurrence:
    """One occurrence of an obligation: when it started and is due, its
    state as of the evaluation, and the rule and clause behind it."""
    kind: str
    role: _Optional[str]
    rule: str
    clause: str
    start: _Union[_dt.date, _dt.datetime]
    due: _Union[_dt.date, _dt.datetime]
    state: State
    met_at: _Optional[_Union[_dt.date, _dt.datetime]]
    late: bool
    occurrence: int
    spell: int
    note: _Optional[str]
    basis: str = "document"  # "document" or "local"
    # Of a period now ended (an earlier spell, an absence, a run of holding):
    # on record, no longer a manager's to act on (the CSV's on_record).
    on_record: bool = False


@_dataclass(frozen=True)
class EscalationLevel:
    """One level of a case's escalation: to whom, by when, and whether done."""
    role: str
    rule: str
    clause: str
    due: _Union[_dt.date, _dt.datetime]
    state: State
    done_at: _Optional[_Union[_dt.date, _dt.datetime]]
    basis: str = "document"  # "document" or "local"


@_dataclass(frozen=True)
class Escalation:
    """How far a case has escalated: the level reached, when it is due, the
    last level done, and every level."""
    level: _Optional[str]
    due: _Optional[_Union[_dt.date, _dt.datetime]]
    done: _Optional[str]
    levels: _List[EscalationLevel] = _field(default_factory=list)


_DETACHED = ("this Result has no library answer attached (it was unpickled, or made by "
             "dataclasses.replace): evaluate the case again for to_json() or a report")


@_dataclass
class Result:
    """The answer for one case as of one moment (see evaluate.h).

    The fields are plain Python values. ``to_json()`` and
    :meth:`Policy.report` use the library's own answer, which the Result
    shares with its copies (``copy.copy``, ``copy.deepcopy``) and frees when
    the last of them goes. ``dataclasses.replace`` and pickling give a Result
    of the fields only: it is no longer the library's answer, so ``to_json()``
    and reports refuse it (InvalidError) rather than report the old one."""
    case: str
    as_of: _Union[_dt.date, _dt.datetime]
    status: Status
    unallocated: bool
    unallocated_since: _Optional[_Union[_dt.date, _dt.datetime]]
    working_days_unallocated: int
    calendar_days_unallocated: int
    category: _Optional[str]
    locality: _Optional[str]
    rating: _Optional[str]
    rating_age_days: _Optional[int]
    atm_since: _Optional[_Union[_dt.date, _dt.datetime]]
    obligations: _List[Occurrence]
    escalation: Escalation
    warnings: _List[str]
    policy: str
    policy_hash: str
    calendar_verified_through: int
    _ref: _Optional[_Ref] = _field(default=None, init=False, repr=False, compare=False)

    def to_json(self) -> str:
        """The command line's JSON line for this result: its case record
        (doc/output.md; the policy's own warnings are in the run record, not
        here)."""
        if self._ref is None:
            raise InvalidError(_DETACHED)
        with _using(self._ref) as h:
            return _c.unalloc_result_append_json(h)

    def __copy__(self) -> "Result":
        new = object.__new__(Result)
        new.__dict__.update(self.__dict__)
        return new

    def __deepcopy__(self, memo) -> "Result":
        import copy
        new = object.__new__(Result)
        memo[id(self)] = new
        for k, v in self.__dict__.items():
            new.__dict__[k] = v if k == "_ref" else copy.deepcopy(v, memo)
        return new

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_ref"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)


def _result(h) -> Result:
    ref = _Ref(h, _c.unalloc_result_free, "Result")
    c = _c.unalloc_result_case(h)
    occ = []
    for i in range(_c.unalloc_result_occurrence_count(h)):
        o = _c.unalloc_result_occurrence(h, i)
        if o is None:  # the occurrences are built on first read; memory ran out
            raise MemoryError("unalloc: out of memory reading a result's occurrences")
        occ.append(Occurrence(
            kind=o.kind, role=_role(o.role) if o.has_role else None, rule=o.rule,
            clause=o.clause, start=o.start, due=o.due,
            state=State(_c.unalloc_state_name(o.state)),
            met_at=o.met_at if o.met else None, late=bool(o.late), occurrence=o.occurrence,
            spell=o.spell, note=o.note, basis=_c.unalloc_basis_name(o.basis),
            on_record=bool(o.on_record)))
    levels = []
    for i in range(_c.unalloc_result_escalation_count(h)):
        lv = _c.unalloc_result_escalation(h, i)
        levels.append(EscalationLevel(
            role=_role(lv.role), rule=lv.rule, clause=lv.clause, due=lv.due,
            state=State(_c.unalloc_state_name(lv.state)),
            done_at=lv.done_at if lv.done else None, basis=_c.unalloc_basis_name(lv.basis)))
    esc = Escalation(
        level=_role(c.escalation_level) if c.escalation_due else None,
        due=c.escalation_level_due if c.escalation_due else None,
        done=_role(c.escalation_done_role) if c.escalation_done else None,
        levels=levels)
    r = Result(
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
        calendar_verified_through=c.calendar_verified_through)
    r._ref = ref
    return r


def evaluate(case: Case, policy: _Union[Policy, str], as_of: DateLike,
             calendar: _Optional[Calendar] = None) -> Result:
    """Evaluates one case as of a date (the end of that day) or a datetime.
    ``policy`` is a Policy or a built-in id. Without ``calendar``, the
    policy's region's built-in calendar is used (built once per process and
    shared between threads)."""
    policy = _policy(policy)
    moment = _as_moment(as_of)
    cal = calendar if calendar is not None else _default_calendar(policy.region)
    with _using(cal, policy, case) as (c, p, k):
        return _result(_c.unalloc_evaluate(c, p, k, moment))


def evaluate_series(case: Case, policy: _Union[Policy, str], as_of: _Sequence[DateLike],
                    calendar: _Optional[Calendar] = None) -> _List[Result]:
    """Evaluates one case at each of several as-of dates or datetimes (weekly
    snapshots, say): the same Results as one ``evaluate`` per date, in the
    order given, for less work (``unalloc_evaluate_series``: the rules are
    worked afresh only where an event, a threshold or a first due date falls
    between two dates)."""
    policy = _policy(policy)
    moments = [_as_moment(a) for a in as_of]
    cal = calendar if calendar is not None else _default_calendar(policy.region)
    with _using(cal, policy, case) as (c, p, k):
        handles = _c._evaluate_series(c, p, k, moments)
    return [_result(h) for h in handles]


def run_record(policy: _Union[Policy, str], as_of: "DateLike | _Iterable[DateLike]",
               calendar: _Optional[Calendar] = None) -> dict:
    """The run record of the command line's outputs (doc/output.md) as a
    dict: the policy (id, title, hash, review date), the calendar (region,
    fingerprint, closures, working days, files loaded), the as-of moments,
    and the policy's own warnings (a passed review date), which the case
    rows and ``evaluate_frame``'s tables leave out. ``as_of``: one date or a
    sequence of them. Without ``calendar``, the policy region's built-in
    one."""
    policy = _policy(policy)
    if isinstance(as_of, (str, _dt.date)) or not hasattr(as_of, "__iter__"):
        as_of = [as_of]
    moments = [_as_moment(a) for a in as_of]
    if not moments:
        raise InvalidError("as_of is an empty sequence")
    cal = calendar if calendar is not None else _default_calendar(policy.region)
    with _using(cal, policy) as (c, p):
        return _json.loads(_c.unalloc_py_run_record(c, p, moments))


from ._frames import FrameResult, evaluate_frame, mapping_text  # noqa: E402  (needs the names above)
