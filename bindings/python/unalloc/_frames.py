"""pandas: a long event log in, the command line's tables out.

The loop over cases and dates runs in C (unalloc_evaluate_frame_columns),
which reads the frame's columns through a mapping (doc/mapping-format.md) and
hands back the tables of ``unalloc evaluate --format cases-csv`` and
``--format csv``, and the rows it set aside as ``--rejects`` does, as typed
columns (int64 arrays, read through the buffer protocol; texts once per
distinct value): no CSV text in between, and the same columns and values.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from typing import TYPE_CHECKING, Optional, Tuple, Union

from . import core as _c

if TYPE_CHECKING:
    import pandas as pd

    from . import Calendar, DateLike, Dates, Policy

CASE_DATE_COLUMNS = ["as_of", "unallocated_since", "atm_since", "escalation_due"]
OCCURRENCE_DATE_COLUMNS = ["as_of", "start", "due", "met_at"]
EVENT_COLUMNS = ["case_id", "at", "event", "detail", "worker", "locality"]
REJECT_COLUMNS = ["line", "case_id", "column", "reason"]


class FrameResult(tuple):
    """What :func:`evaluate_frame` returns: ``cases``, ``obligations`` and
    ``rejects`` frames. It is a 2-tuple, so ``cases, obligations =
    evaluate_frame(...)`` still works; ``rejects`` is an attribute."""

    _rejects: "pd.DataFrame"

    def __new__(cls, cases: "pd.DataFrame", obligations: "pd.DataFrame",
                rejects: "pd.DataFrame") -> "FrameResult":
        self = tuple.__new__(cls, (cases, obligations))
        self._rejects = rejects
        return self

    @property
    def cases(self) -> "pd.DataFrame":
        """One row per case per as-of (the columns of ``--format cases-csv``)."""
        return self[0]

    @property
    def obligations(self) -> "pd.DataFrame":
        """One row per obligation occurrence and escalation level (``--format csv``)."""
        return self[1]

    @property
    def rejects(self) -> "pd.DataFrame":
        """The rows set aside with ``errors="skip"``, one per input row, in row
        order: ``line`` (the 1-based row of the events frame), ``case_id``,
        ``column`` (the 1-based column at fault; empty for a row set aside with
        its case), ``reason``, then the frame's own columns as text (the
        columns of the command line's ``--rejects``; a frame column named like
        one of the first four gets pandas' ``.1`` suffix). Empty when nothing
        was set aside."""
        return self._rejects

    def __repr__(self):
        return (f"FrameResult(cases={len(self[0])} rows, obligations={len(self[1])} rows, "
                f"rejects={len(self.rejects)} rows)")


def _errors():
    from . import InvalidError, InvalidTypeError, LimitError
    return InvalidError, InvalidTypeError, LimitError


def _iso(value) -> Optional[str]:
    """A cell of a date column as the library's ISO text: a date, or a
    midnight Timestamp/datetime64 with no time part, is date-only; seconds are
    written and dropped by the library (no policy counts finer than a minute)."""
    import pandas as pd
    InvalidError, InvalidTypeError, _ = _errors()
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Timestamp) or isinstance(value, _dt.datetime):
        if getattr(value, "tzinfo", None) is not None:
            raise InvalidError("times are local UK wall-clock times without a time zone")
        if isinstance(value, pd.Timestamp) and (value.hour, value.minute, value.second,
                                                value.microsecond, value.nanosecond) == (0,) * 5:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise InvalidTypeError(f"cannot read {value!r} as a date or date-time")


def _text(value) -> Optional[str]:
    """A cell as text (None when empty). Whole floats (an id column with NaN
    in it) lose their '.0'."""
    import pandas as pd
    if isinstance(value, str):
        return value
    if value is None or value is pd.NaT or value is pd.NA or \
            (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.date, pd.Timestamp)):
        return _iso(value)
    return str(value)


def _text_column(col: "pd.Series") -> list:
    """A column as a list of str or None for C: a column of text as it is
    (pandas' own check, in C), any other cell by cell (:func:`_text`)."""
    import pandas as pd
    if col.dtype == object and pd.api.types.infer_dtype(col, skipna=True) in ("string",
                                                                                "empty"):
        missing = col.isna()
        values = col.tolist()
        if missing.any():
            for i in missing.to_numpy().nonzero()[0]:
                values[i] = None
        return values
    return [_text(v) for v in col.tolist()]


def _as_of_list(as_of):
    from . import _as_moment, _is_datetime64
    import pandas as pd
    InvalidError, _, _ = _errors()
    if isinstance(as_of, (str, _dt.date)) or isinstance(as_of, pd.Timestamp) or \
            _is_datetime64(as_of):
        return [_as_moment(as_of)], False
    values = list(as_of)
    if not values:
        raise InvalidError("as_of is an empty sequence")
    return [_as_moment(v) for v in values], True


# ---- mappings ------------------------------------------------------------------------------

_MAP_KEYS = {
    "columns": None, "fixed": None, "date": None,
    "events": "event", "categories": "category", "roles": "role", "ratings": "rating",
    "workers": "worker", "worker_prefixes": "worker prefix",
}


def _quote(s) -> str:
    InvalidError, _, _ = _errors()
    s = str(s)
    if "\n" in s or "\r" in s:
        raise InvalidError(f"a mapping value cannot hold a line break: {s!r}")
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mapping_text(mapping: dict) -> str:
    """The mapping file (doc/mapping-format.md) for a dict of the form::

        {"columns": {"case_id": "Child ID", "at": "Event Date", ...},
         "fixed": {"locality": "North"},
         "date": "uk",                        # or a list: ["uk", "%d.%m.%Y"]
         "events": {"Allocated Worker Started": "allocated social-worker",
                    "Case Note": "ignore"},
         "categories": {"Child in Need": "cin"},
         "roles": {"Team Manager": "team-manager"},
         "ratings": {"R": "red"},
         "workers": {"Duty": "duty", "": "to-be-allocated"},
         "worker_prefixes": {"XX": "to-be-allocated"}}
    """
    return "".join(line + "\n" for line, _ in _mapping_lines(mapping))


_WORDS = re.compile(r"[A-Za-z0-9_.-]+( [A-Za-z0-9_.-]+)?\Z")


def _mapping_lines(mapping: dict):
    """(line of the mapping file, where in the dict it comes from)."""
    InvalidError, InvalidTypeError, _ = _errors()
    if not isinstance(mapping, dict):
        raise InvalidTypeError("map must be a path to a mapping file or a dict")
    unknown = sorted(set(map(str, mapping)) - set(_MAP_KEYS))
    if unknown:
        raise InvalidError(f"unknown keys in the mapping: {unknown} (expected "
                           f"{', '.join(_MAP_KEYS)})")

    def word(value, where):
        if not isinstance(value, str) or not _WORDS.match(value):
            raise InvalidError(f"map{where}: {value!r} is not a name of the vocabulary")
        return value

    lines = []
    for key, statement in (("columns", "column"), ("fixed", "fixed")):
        for field, value in (mapping.get(key) or {}).items():
            where = f"[{key!r}][{field!r}]"
            lines.append((f"{statement} {word(field, where)} {_quote(value)}", where))
    dates = mapping.get("date") or []
    for i, d in enumerate([dates] if isinstance(dates, str) else dates):
        lines.append((f"date {d}" if d in ("iso", "uk") else f"date {_quote(d)}",
                      f"['date'][{i}]" if not isinstance(dates, str) else "['date']"))
    for key, verb in _MAP_KEYS.items():
        if verb is None:
            continue
        for words, target in (mapping.get(key) or {}).items():
            where = f"[{key!r}][{words!r}]"
            lines.append((f"{verb} {_quote(words)} -> {word(target, where)}", where))
    return lines


def _mapping_handle(map):
    """A C mapping from a path or a dict, or None. Datetime cells reach C as
    ISO text, so ISO is always one of its date formats."""
    from . import ParseError
    InvalidError, InvalidTypeError, LimitError = _errors()
    if map is None:
        return None
    if isinstance(map, dict):
        lines = _mapping_lines(map)
        text = "".join(line + "\n" for line, _ in lines).encode("utf-8")
    elif isinstance(map, (str, os.PathLike)):
        limit = _c.UNALLOC_MAPPING_MAX_BYTES
        with open(map, "rb") as f:
            text = f.read(limit + 1)
        if len(text) > limit:
            raise LimitError(f"{map}: a mapping is at most {limit} bytes")
    else:
        raise InvalidTypeError("map must be a path to a mapping file or a dict")
    if re.search(rb"^[ \t]*date[ \t]", text, re.M):
        text += b"\ndate iso\n"
    try:
        return _c.unalloc_mapping_parse(text)
    except ParseError as e:
        if not isinstance(map, dict) or not 1 <= e.line <= len(lines):
            raise
        # name the dict's entry, not a line of a text the caller never saw
        raise ParseError(f"map{lines[e.line - 1][1]}: {e.message}", _c.UNALLOC_E_PARSE) from None


# ---- evaluate_frame --------------------------------------------------------------------------

def evaluate_frame(events: "pd.DataFrame", policy: "Policy | str", as_of: "DateLike | Dates",
                   calendar: "Optional[Calendar]" = None, *,
                   map: "Union[str, os.PathLike, dict, None]" = None,
                   errors: str = "raise") -> FrameResult:
    """Evaluates every case of a long event log.

    ``events``: a DataFrame. Without ``map``, its columns are the command
    line's ``case_id, at, event, detail, worker, locality`` (the last three
    optional). With ``map`` (a path to a mapping file, or a dict; see
    :func:`mapping_text` and doc/mapping-format.md), they are the export's own:
    other columns are ignored, dates are read in the mapping's formats and
    words through its value maps. Names of the vocabulary are read in any case.
    Date cells may hold text, ``datetime.date``, ``datetime.datetime`` or
    pandas Timestamps (a date, or a midnight Timestamp with no time part, is a
    date-only event; seconds are dropped). ``as_of``: one date (a
    ``datetime.date``/``datetime``, an ISO string, a Timestamp or a numpy
    ``datetime64``), or a sequence of them, giving one snapshot per date.
    ``policy`` is a Policy or a built-in id.

    ``errors="raise"`` (the default) raises :class:`InvalidError` for the
    first bad row (its message says how many more there are; ``line`` is the
    1-based row). ``errors="skip"`` sets aside every case with a bad row (never
    evaluated on part of its history) and every row without a case id, and
    lists them in ``rejects``.

    Returns a :class:`FrameResult`: ``cases`` (one row per case per as-of, the
    columns of ``--format cases-csv``), ``obligations`` (one row per obligation
    occurrence and escalation level, ``--format csv``) and ``rejects`` (the
    columns of ``--rejects``). It unpacks as ``(cases, obligations)``. Date
    columns are datetime64, counts Int64, flags bool, the rest str (NaN when
    empty). ``case_id`` keeps the events' dtype when that is an integer one
    (numpy's or pandas' nullable); ids of any other dtype come back as the
    text they were read as (a float column's ``1.0`` as ``"1"``). The rejects'
    own columns are text, as ``--rejects`` writes them.
    """
    import pandas as pd
    from . import _default_calendar, _policy, _using
    InvalidError, InvalidTypeError, _ = _errors()

    if not isinstance(events, pd.DataFrame):
        raise InvalidTypeError("events must be a pandas DataFrame")
    if errors not in ("raise", "skip"):
        raise InvalidError(f"errors must be 'raise' or 'skip', not {errors!r}")
    names = [str(c) for c in events.columns]
    if map is None:
        unknown = sorted(set(names) - set(EVENT_COLUMNS))
        if unknown:
            raise InvalidError(f"unknown columns in the events frame: {unknown} (the columns are "
                               f"{', '.join(EVENT_COLUMNS)}; map= reads a frame in its own "
                               f"columns)")
        for c in ("case_id", "at", "event"):
            if c not in names:
                raise InvalidError(f"the events frame has no {c!r} column (expected "
                                   f"{', '.join(EVENT_COLUMNS)})")
    handle = _mapping_handle(map)
    try:
        columns = [_text_column(events.iloc[:, k]) for k in range(events.shape[1])]
        moments, _ = _as_of_list(as_of)
        policy = _policy(policy)
        cal = calendar if calendar is not None else _default_calendar(policy.region)
        with _using(cal, policy) as (c, p):
            result = _c.unalloc_evaluate_frame_columns(c, p, (names, columns), moments,
                                                       (handle, errors == "skip"))
        del columns
        id_column = _c.unalloc_py_case_id_column(handle, names)
    finally:
        if handle is not None:
            _c.unalloc_mapping_free(handle)
    try:
        id_dtype = events.iloc[:, id_column].dtype if id_column >= 0 else None
        cases = _table(result, _c.UNALLOC_TABLE_CASES, id_dtype)
        occ = _table(result, _c.UNALLOC_TABLE_OCCURRENCES, id_dtype)
        rejects = _table(result, _c.UNALLOC_TABLE_REJECTS, None)
    finally:
        _c.unalloc_frame_result_free(result)
    return FrameResult(cases, occ, rejects)


def _integer_dtype(dtype) -> bool:
    """numpy's and pandas' (nullable) integer dtypes: ids written as whole
    numbers, read back exactly. (A float column, an id column with a gap in
    it, comes back as text, as the CSV writes it.)"""
    import pandas as pd
    return dtype is not None and pd.api.types.is_integer_dtype(dtype)


def _table(result, table: int, id_dtype) -> "pd.DataFrame":
    """One table of a C frame result as a DataFrame, column by column from
    the C arrays (no text in between): text columns as object arrays of str
    (NaN when empty, each distinct text one object), whole numbers as Int64,
    true/false as bool, moments as datetime64[ns]. Every array is a new one,
    so the result may be freed afterwards."""
    import numpy as np
    import pandas as pd
    data = {}
    for k in range(_c.unalloc_frame_result_column_count(result, table)):
        name, kind, buf, texts = _c.unalloc_py_frame_column(result, table, k)
        v = np.frombuffer(buf, dtype=np.int64)
        if kind == _c.UNALLOC_COLUMN_TEXT:
            missing = v < 0
            if name == "case_id" and _integer_dtype(id_dtype) and k == 0:
                ints = [int(t) for t in texts] + [0]
                try:
                    ids = np.array(ints, dtype=np.int64)
                except OverflowError:  # uint64 ids beyond int64's range
                    ids = np.array(ints, dtype=np.uint64)
                col = pd.array(ids[np.where(missing, len(texts), v)], dtype=id_dtype)
            else:
                lookup = np.empty(len(texts) + 1, dtype=object)
                lookup[:-1] = texts
                lookup[-1] = np.nan
                col = lookup[np.where(missing, len(texts), v)]
        elif kind == _c.UNALLOC_COLUMN_INT:
            missing = v == np.iinfo(np.int64).min
            col = pd.arrays.IntegerArray(np.where(missing, 0, v), missing)
        elif kind == _c.UNALLOC_COLUMN_BOOL:
            col = v != 0
        else:
            col = v.view("datetime64[s]").astype("datetime64[ns]")
        del v, buf
        _c.unalloc_frame_result_release_column(result, table, k)  # never both copies whole
        n, i = name, 0
        while n in data:  # a frame column named like one before it: pandas' ".1"
            i += 1
            n = f"{name}.{i}"
        data[n] = col
    return pd.DataFrame(data, copy=False)
