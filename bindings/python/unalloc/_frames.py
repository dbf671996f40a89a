"""pandas: a long event log in, the command line's two tables out.

The loop over cases and dates runs in C (unalloc_evaluate_table), which
writes exactly the CSV of ``unalloc evaluate --format cases-csv`` and
``--format csv``; pandas reads those, so the columns are the same.
"""
from __future__ import annotations

import datetime as _dt
import io
from typing import TYPE_CHECKING, Optional, Tuple

from . import core as _c

if TYPE_CHECKING:
    import pandas as pd

    from . import Calendar, DateLike, Dates, Policy

CASE_DATE_COLUMNS = ["as_of", "unallocated_since", "atm_since", "escalation_due"]
OCCURRENCE_DATE_COLUMNS = ["as_of", "start", "due", "met_at"]


def _iso(value) -> Optional[str]:
    """A cell of the `at` column as the library's ISO text (date-only when it
    is a date, or a midnight Timestamp/datetime64 with no time part)."""
    import pandas as pd
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Timestamp) or isinstance(value, _dt.datetime):
        if getattr(value, "tzinfo", None) is not None:
            raise ValueError("times are local UK wall-clock times without a time zone")
        if isinstance(value, pd.Timestamp) and (value.hour, value.minute, value.second,
                                                value.microsecond, value.nanosecond) == (0,) * 5:
            return value.strftime("%Y-%m-%d")
        if value.second or value.microsecond:
            raise ValueError(f"{value}: times are to the minute")
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"cannot read {value!r} as a date or date-time")


def _column(df, name, required):
    import pandas as pd
    if name not in df.columns:
        if required:
            raise ValueError(f"the events frame has no {name!r} column (expected case_id, at, "
                             f"event, detail, worker, locality)")
        return None
    out = []
    for v in df[name].tolist():
        if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
            out.append(None)
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))  # an integer column with gaps is float: 1.0 is "1"
        else:
            out.append(str(v))
    return out


def _as_of_list(as_of):
    from . import _as_moment, _is_datetime64
    import pandas as pd
    if isinstance(as_of, (str, _dt.date)) or isinstance(as_of, pd.Timestamp) or \
            _is_datetime64(as_of):
        return [_as_moment(as_of)], False
    values = list(as_of)
    if not values:
        raise ValueError("as_of is an empty sequence")
    return [_as_moment(v) for v in values], True


def evaluate_frame(events: "pd.DataFrame", policy: "Policy | str", as_of: "DateLike | Dates",
                   calendar: "Optional[Calendar]" = None) -> Tuple["pd.DataFrame", "pd.DataFrame"]:
    """Evaluates every case of a long event log.

    ``events``: a DataFrame with the columns of the command line's CSV,
    ``case_id, at, event, detail, worker, locality`` (the last three optional);
    ``at`` may hold ISO strings, ``datetime.date``, ``datetime.datetime`` or
    pandas Timestamps (a date, or a midnight Timestamp with no time part, is a
    date-only event). ``as_of``: one date (a ``datetime.date``/``datetime``, an
    ISO string, a Timestamp or a numpy ``datetime64``), or a sequence of them (a
    list, a ``DatetimeIndex``, a ``datetime64`` array), giving one snapshot per
    date; NaT is an error. ``policy`` is a Policy or a built-in id. Returns
    ``(cases, obligations)``: one row per case per as-of (every case, with or
    without obligations) with the columns of ``--format cases-csv``, and one row per obligation occurrence and escalation
    level with the columns of ``--format csv``. Date columns are datetime64.
    """
    import pandas as pd
    from . import _default_calendar, _policy, _using

    if not isinstance(events, pd.DataFrame):
        raise TypeError("events must be a pandas DataFrame")
    unknown = set(events.columns) - {"case_id", "at", "event", "detail", "worker", "locality"}
    if unknown:
        raise ValueError(f"unknown columns in the events frame: {sorted(unknown)}")
    at = [_iso(v) for v in events["at"].tolist()] if "at" in events.columns else None
    if at is None:
        raise ValueError("the events frame has no 'at' column")
    cols = (_column(events, "case_id", True), at, _column(events, "event", True),
            _column(events, "detail", False), _column(events, "worker", False),
            _column(events, "locality", False))
    for i, v in enumerate(at):
        if v is None:
            raise ValueError(f"row {i + 1}: 'at' is empty")
    moments, _ = _as_of_list(as_of)
    policy = _policy(policy)
    cal = calendar if calendar is not None else _default_calendar(policy.region)
    with _using(cal, policy) as (c, p):
        cases_csv, occ_csv = _c.unalloc_evaluate_table(c, p, cols, moments)

    def read(text, dates):
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
        for c in dates:
            if c in df.columns:
                df[c] = pd.to_datetime(df[c], format="mixed" if _pandas2() else None)
        return df

    cases = read(cases_csv, CASE_DATE_COLUMNS)
    occ = read(occ_csv, OCCURRENCE_DATE_COLUMNS)
    for c in ("working_days_unallocated", "calendar_days_unallocated", "rating_age_days",
              "calendar_verified_through", "obligations_due", "obligations_overdue"):
        if c in cases.columns:
            cases[c] = pd.to_numeric(cases[c]).astype("Int64")
    cases["unallocated"] = cases["unallocated"] == "true"
    for c in ("occurrence", "spell"):
        occ[c] = pd.to_numeric(occ[c]).astype("Int64")
    occ["late"] = occ["late"] == "true"
    return cases, occ


def _pandas2() -> bool:
    import pandas as pd
    return int(pd.__version__.split(".")[0]) >= 2
