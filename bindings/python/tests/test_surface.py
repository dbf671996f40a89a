"""The package's surface: version, typing marker, __all__/dir, docstrings and
type hints on every public name, the shared default calendar, and case ids
as the export wrote them."""
import datetime as dt
import inspect
import os
import re
import threading
from pathlib import Path

import pandas as pd
import pytest

import unalloc

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))


def test_version_is_the_c_librarys():
    meson = (ROOT / "meson.build").read_text()
    want = re.search(r"version: '([^']+)'", meson).group(1)
    assert unalloc.__version__ == unalloc.version() == unalloc.core.unalloc_version() == want


def test_py_typed_ships_with_the_package():
    assert (Path(unalloc.__file__).parent / "py.typed").is_file()


def test_dir_shows_the_api_only():
    names = dir(unalloc)
    for leaked in ("List", "Optional", "Union", "dataclass", "field", "Iterable", "enum", "dt"):
        assert leaked not in names
    assert set(unalloc.__all__) <= set(names)
    assert [n for n in names if not n.startswith("__")] == sorted(unalloc.__all__ + ["core"])
    for name in unalloc.__all__:
        assert hasattr(unalloc, name), name


def public_members():
    for name in unalloc.__all__:
        obj = getattr(unalloc, name)
        yield name, obj
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or attr in getattr(obj, "__dataclass_fields__", {}):
                    continue
                if isinstance(member, (classmethod, staticmethod)):
                    member = member.__func__
                if callable(member) or isinstance(member, property):
                    yield f"{name}.{attr}", member


def test_every_public_name_has_a_docstring():
    missing = [n for n, obj in public_members() if not inspect.getdoc(obj)]
    assert not missing, missing
    assert "built-in" in unalloc.Policy.builtin.__doc__


def test_every_public_function_has_type_hints():
    missing = []
    for name, obj in public_members():
        fn = obj.fget if isinstance(obj, property) else obj
        if not inspect.isfunction(fn):
            continue
        sig = inspect.signature(fn)
        for p in sig.parameters.values():
            if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty:
                missing.append(f"{name}({p.name})")
        if sig.return_annotation is inspect.Signature.empty and fn.__name__ != "__init__":
            missing.append(f"{name} -> ?")
    assert not missing, missing


def test_evaluate_reuses_one_calendar_per_region():
    got = []
    case = unalloc.Case("C1").add("opened", "2024-05-23T10:00", "cin")

    def work():
        for _ in range(20):
            unalloc.evaluate(case, "nelc-2022", "2024-06-14")
        got.append(unalloc._default_calendar(unalloc.Region.ENGLAND_AND_WALES))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(c is got[0] for c in got)
    assert unalloc._default_calendar(unalloc.Region.SCOTLAND) is not got[0]
    assert unalloc._default_calendar(unalloc.Region.SCOTLAND).region == unalloc.Region.SCOTLAND
    # the shared calendar gives the same answers as a fresh one
    assert unalloc.evaluate(case, "nelc-2022", "2024-06-14") == \
        unalloc.evaluate(case, "nelc-2022", "2024-06-14", unalloc.Calendar())


def test_integer_case_ids_stay_as_written():
    """A case_id column of integers with a gap is float in pandas; case 1
    is "1", not "1.0"."""
    events = pd.DataFrame({"case_id": [1, 1, 22, None],
                           "at": ["2024-05-01", "2024-05-02", "2024-05-01", "2024-05-01"],
                           "event": ["opened", "visit", "opened", "opened"],
                           "detail": ["cin", None, "cin", "cin"]})
    assert events["case_id"].dtype == float
    cases, _ = unalloc.evaluate_frame(events.iloc[:3], "nelc-2022", dt.date(2024, 6, 1))
    assert sorted(cases["case_id"]) == ["1", "22"]


def test_enums_and_lists_are_the_c_vocabulary():
    """The package's enums spell the C library's names (vocab.h), value for
    value, so the words have one source."""
    import unalloc.io
    from unalloc import core as c
    from unalloc._vocab import names
    assert [r.value for r in unalloc.Region] == names(c.unalloc_region_name)
    assert [s.value for s in unalloc.Status] == names(c.unalloc_case_status_name)
    assert [s.value for s in unalloc.State] == names(c.unalloc_state_name)
    assert list(unalloc.io.ROLES) == names(c.unalloc_role_name)
    assert [r._c() for r in unalloc.Region] == [0, 1, 2]
    assert c.unalloc_case_status_parse("being-assessed") == c.UNALLOC_CASE_STATUS_BEING_ASSESSED
    with pytest.raises(unalloc.InvalidError, match="unknown state 'late'"):
        c.unalloc_state_parse("late")


def test_evaluate_series_is_one_evaluate_per_date():
    """evaluate_series gives, in the order asked, the Results of one
    evaluate per date: a stop-gap allocation, a visit, dates before the
    opening, repeats and datetimes, under every built-in policy."""
    import datetime as dt
    case = (unalloc.Case("S1")
            .add("opened", "2024-05-13T09:00", "cin")
            .add("allocated", "2024-05-20", "social-worker", "SW1")
            .add("deallocated", "2024-05-23", "social-worker", "SW1")
            .add("visit", "2024-06-03T14:00")
            .add("review", "2024-06-10"))
    dates = ["2024-12-31", "2024-05-01", "2024-05-13T08:59", "2024-05-13T09:00",
             dt.date(2024, 5, 21), "2024-06-03T13:59", "2024-06-03T14:00", "2024-06-03",
             "2024-05-21"]
    dates += [dt.date(2024, 5, 13) + dt.timedelta(days=d) for d in range(0, 120, 3)]
    for policy in unalloc.builtin_policies():
        got = unalloc.evaluate_series(case, policy, dates)
        assert len(got) == len(dates)
        for when, result in zip(dates, got):
            assert result == unalloc.evaluate(case, policy, when), (policy, when)
    assert unalloc.evaluate_series(case, "nelc-2022", []) == []
    with pytest.raises(unalloc.Error):
        unalloc.evaluate_series(case, "nelc-2022", ["2024-02-30"])
