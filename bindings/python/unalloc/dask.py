"""Dask: evaluate_frame over a caseload that outgrows one process.

    >>> import dask.dataframe as dd, unalloc.dask
    >>> events = dd.read_csv("events-*.csv", dtype=str)
    >>> r = unalloc.dask.evaluate(events, "nelc-2022", weekly_dates)
    >>> cases, obligations = dask.compute(r.cases, r.obligations)

Every case is evaluated whole in one task, so the frame is partitioned by
case id first: a frame indexed by the case id column with known divisions
(``ddf.set_index("case_id")``) is used as it is; any other is shuffled on
that column (hash partitioning: each case's rows go to one partition, in
their order). Each partition is evaluated by :func:`unalloc.evaluate_frame`
in a worker; :class:`~unalloc.Policy` and :class:`~unalloc.Calendar` pickle
by value, so they travel to worker processes.

The answers are the single-process ones, row for row: each partition's rows
come in evaluate_frame's order (as-of, then case id), the partitions one after
another, so sort by ``["as_of", "case_id"]`` (and ``"due"``, ``"rule"`` for
the obligations) to compare with one evaluate_frame call. ``line`` in
``rejects``, and the row named by an error, are rows of the whole frame
(1-based, in the order of its partitions); with ``errors="raise"`` the first
bad row found is reported (the count of more bad rows is its partition's).

Compute ``cases``, ``obligations`` and ``rejects`` together
(``dask.compute(r.cases, r.obligations)``): computed apart, each evaluates
every partition again.

Needs Dask (Debian: python3-dask; a cluster of worker processes:
python3-distributed).
"""
from __future__ import annotations

import re
from operator import itemgetter
from typing import TYPE_CHECKING, Optional, Union

from . import _frames

if TYPE_CHECKING:
    import os

    import dask.dataframe as dd

    from . import Calendar, DateLike, Dates, FrameResult, Policy

__all__ = ["evaluate"]

_ROW = "__unalloc_row__"


def _case_id_name(names, map) -> Optional[str]:
    """The column the mapping (None: the documented columns) reads case ids
    from, or None."""
    from . import core as _c
    handle = _frames._mapping_handle(map)
    try:
        k = _c.unalloc_py_case_id_column(handle, [str(n) for n in names])
    finally:
        if handle is not None:
            _c.unalloc_mapping_free(handle)
    return names[k] if k >= 0 else None


def _partition(df, policy, as_of, calendar, map, errors, reset):
    """evaluate_frame over one partition, rows in the whole frame's order and
    row numbers of the whole frame."""
    import numpy as np
    import pandas as pd
    from . import InvalidError, _restore_error, evaluate_frame
    if reset:
        df = df.reset_index()
    df = df.sort_values(_ROW, kind="stable")
    rows = df[_ROW].to_numpy()
    df = df.drop(columns=[_ROW]).reset_index(drop=True)
    try:
        r = evaluate_frame(df, policy, as_of, calendar, map=map, errors=errors)
    except InvalidError as e:
        if not 1 <= e.record <= len(rows):
            raise
        line = int(rows[e.record - 1]) + 1
        message = re.sub(r"^row \d+:", f"row {line}:", e.message)
        raise _restore_error(type(e), message, e.status, 0, e.column, line) from None
    rejects = r.rejects
    if len(rejects):
        whole = rows[rejects["line"].to_numpy(dtype=np.int64) - 1] + 1
        reason = rejects["reason"].str.replace(
            r"\(row (\d+) is bad\)", lambda m: f"(row {rows[int(m.group(1)) - 1] + 1} is bad)",
            regex=True)
        rejects = rejects.assign(line=pd.array(whole, dtype="Int64"), reason=reason)
    return _frames.FrameResult(r.cases, r.obligations, rejects)


def _number(df, offsets, partition_info=None):
    import numpy as np
    start = offsets[partition_info["number"]] if partition_info else 0
    return df.assign(**{_ROW: np.arange(start, start + len(df), dtype=np.int64)})


def evaluate(ddf: "dd.DataFrame", policy: "Policy | str", as_of: "DateLike | Dates",
             calendar: "Optional[Calendar]" = None, *,
             map: "Union[str, os.PathLike, dict, None]" = None,
             errors: str = "raise") -> "FrameResult":
    """:func:`unalloc.evaluate_frame` over a Dask DataFrame, one task per
    partition of cases (see the module's documentation). The arguments are
    evaluate_frame's. Returns a :class:`~unalloc.FrameResult` of lazy Dask
    DataFrames (``cases``, ``obligations``, ``rejects``), with the columns
    and dtypes evaluate_frame gives."""
    import dask
    import dask.dataframe as dd
    import numpy as np
    from . import InvalidError, InvalidTypeError, _policy, evaluate_frame

    if not isinstance(ddf, dd.DataFrame):
        raise InvalidTypeError("ddf must be a dask.dataframe.DataFrame")
    if errors not in ("raise", "skip"):
        raise InvalidError(f"errors must be 'raise' or 'skip', not {errors!r}")
    policy = _policy(policy)
    indexed = ddf.index.name is not None and ddf.index.name not in ddf.columns
    names = ([ddf.index.name] if indexed else []) + list(ddf.columns)
    id_name = _case_id_name(names, map)
    if id_name is None:
        raise InvalidError("the mapping gives no case_id column to partition the frame by")
    if _ROW in names:
        raise InvalidError(f"the frame has a column named {_ROW!r}, which this function uses")
    by_index = indexed and ddf.index.name == id_name and ddf.known_divisions
    # the empty frame gives the tables' columns and dtypes (and checks the
    # arguments before any work is sent out)
    meta = evaluate_frame(ddf._meta.reset_index() if indexed else ddf._meta, policy, as_of,
                          calendar, map=map, errors=errors)

    lengths = ddf.map_partitions(len).compute()
    offsets = np.concatenate([[0], np.cumsum(np.asarray(lengths, dtype=np.int64))])
    numbered = ddf.map_partitions(_number, offsets,
                                  meta=ddf._meta.assign(**{_ROW: np.int64(0)}))
    if not by_index:
        if indexed:
            numbered = numbered.reset_index()
            indexed = False
        numbered = numbered.shuffle(on=id_name)
    parts = [dask.delayed(_partition, pure=True)(p, policy, as_of, calendar, map, errors,
                                                 indexed)
             for p in numbered.to_delayed()]
    tables = [dd.from_delayed([dask.delayed(itemgetter(k))(p) for p in parts], meta=m,
                              verify_meta=False)
              for k, m in enumerate((meta.cases, meta.obligations))]
    rejects = dd.from_delayed([dask.delayed(lambda r: r.rejects)(p) for p in parts],
                              meta=meta.rejects, verify_meta=False)
    return _frames.FrameResult(tables[0], tables[1], rejects)
