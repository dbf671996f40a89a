"""Bad input raises exceptions carrying the library's message."""
import datetime as dt

import pytest

import unalloc


def test_exception_hierarchy():
    assert issubclass(unalloc.InvalidError, ValueError)
    assert issubclass(unalloc.ParseError, ValueError)
    assert issubclass(unalloc.RangeError, ValueError)
    assert issubclass(unalloc.NotFoundError, LookupError)
    assert issubclass(unalloc.InvalidError, unalloc.Error)


def test_policy_errors():
    with pytest.raises(unalloc.NotFoundError, match="nelc-2022"):
        unalloc.Policy.builtin("no-such-policy")
    with pytest.raises(unalloc.ParseError) as e:
        unalloc.Policy.parse("policy p\ntitle \"x\"\nscope cinn\n")
    assert (e.value.line, e.value.column) == (3, 1) or e.value.line == 3
    assert "cinn" in str(e.value) or "allocated-roles" in str(e.value)
    assert e.value.status == "UNALLOC_E_PARSE"


def test_policy_file_size_limit(tmp_path):
    # A sparse 1 TiB file: read whole, it exhausted memory; it is read only
    # up to the limit, which the message names.
    big = tmp_path / "huge.policy"
    with open(big, "wb") as f:
        f.truncate(1 << 40)
    with pytest.raises(unalloc.LimitError, match="larger than 262144 bytes, the limit") as e:
        unalloc.Policy.from_file(big)
    assert e.value.status == "UNALLOC_E_LIMIT"
    with pytest.raises(unalloc.LimitError, match="262144"):
        unalloc.Policy.from_file("/dev/zero")


def test_case_errors():
    c = unalloc.Case("C17")
    with pytest.raises(unalloc.InvalidError, match="unknown detail 'socialworker'"):
        c.add("allocated", dt.date(2024, 5, 1), "socialworker", "W")
    with pytest.raises(unalloc.InvalidError, match="'2024-02-30' is not a valid date"):
        c.add("opened", "2024-02-30", "cin")
    with pytest.raises(unalloc.ParseError):
        c.add("opened", "2024-3-1", "cin")
    with pytest.raises(ValueError, match="seconds"):
        c.add("opened", dt.datetime(2024, 3, 1, 9, 30, 15), "cin")
    with pytest.raises(unalloc.InvalidError):
        unalloc.Case("")
    c.add("visit", dt.date(2024, 1, 1))
    c.add("opened", dt.date(2024, 1, 2), "cin")
    with pytest.raises(unalloc.InvalidError, match="before the case's first 'opened'"):
        c.check()
    with pytest.raises(unalloc.InvalidError, match="before the case's first 'opened'"):
        unalloc.evaluate(c, unalloc.Policy.builtin("nelc-2022"), dt.date(2024, 2, 1))


def test_region_mismatch():
    c = unalloc.Case("C1").add("opened", dt.date(2024, 1, 2), "cin")
    with pytest.raises(unalloc.InvalidError, match="calendar"):
        unalloc.evaluate(c, unalloc.Policy.builtin("nelc-2022"), dt.date(2024, 2, 1),
                         unalloc.Calendar("scotland"))


def test_type_errors():
    with pytest.raises(TypeError):
        unalloc.Case("C1").add("opened", 20240102, "cin")
    with pytest.raises(TypeError):
        unalloc.evaluate(unalloc.Case("C2"), unalloc.Policy.builtin("nelc-2022"), 3.5)


def test_non_ascii_input_gives_the_library_error():
    """The message quotes the input, cut to 40 bytes: never half a character,
    which Python could not decode (a UnicodeDecodeError hid the real error)."""
    with pytest.raises(unalloc.ParseError, match="is not a date") as e:
        unalloc.Case("C1").add("opened", "a" + "é" * 30, "cin")
    assert "aééé" in str(e.value)
    long_id = "x" + "é" * 127
    with pytest.raises(unalloc.InvalidError, match="event 1 .opened at 2024-01-01.: unknown"):
        unalloc.Case(long_id).add("opened", dt.date(2024, 1, 1), "nonsense")


def test_closed_handles_raise():
    """A closed object never hands NULL to C: no silent None or wrong region."""
    with unalloc.Policy.builtin("nelc-2022") as p:
        assert p.region == unalloc.Region("england-and-wales")
    for use in (lambda: p.id, lambda: p.region, lambda: p.text, lambda: p.reports):
        with pytest.raises(unalloc.ClosedError, match="this Policy is closed"):
            use()
    cal = unalloc.Calendar("scotland")
    cal.close()
    cal.close()  # closing twice is harmless
    with pytest.raises(unalloc.ClosedError, match="Calendar"):
        cal.is_working_day(dt.date(2024, 1, 2))
    days = [dt.date(2024, 1, 2), dt.date(2024, 1, 3)]
    for use in (lambda: cal.is_working_day(days), lambda: cal.add_working_days(days, 1),
                lambda: cal.count_working_days(days, days)):
        with pytest.raises(unalloc.ClosedError, match="Calendar"):
            use()
    c = unalloc.Case("C1")
    c.close()
    with pytest.raises(unalloc.ClosedError):
        c.add("opened", dt.date(2024, 1, 2), "cin")
    assert issubclass(unalloc.ClosedError, ValueError)
