"""evaluate_frame with map= and errors=: a council's export as it comes
(tests/data/messy-export.csv, read as text by pandas) through the mapping of
tests/data/messy-export.map or the same mapping as a dict, with the rows set
aside listed in ``rejects`` like the command line's --rejects."""
import datetime as dt
import os

import pandas as pd
import pytest

import unalloc

SRC = os.environ.get("UNALLOC_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = os.path.join(SRC, "tests", "data")
MAP = os.path.join(DATA, "messy-export.map")
AS_OF = dt.date(2024, 6, 3)

MAP_DICT = {
    "columns": {"case_id": "Child ID", "at": "Event Date", "event": "Event Type",
                "detail": "Category", "worker": "Worker", "locality": "Team"},
    "date": "uk",
    "events": {"Referral Received": "opened referral", "CIN Opened": "opened",
               "Allocated Worker Started": "allocated social-worker",
               "Allocated Worker Ended": "deallocated social-worker", "Home Visit": "visit",
               "Team Manager Review": "review", "Letter to Family": "letter-family",
               "Case Note": "ignore"},
    "categories": {"Child in Need": "cin"},
    "roles": {"Team Manager": "team-manager"},
    "workers": {"Duty": "duty", "To be allocated": "to-be-allocated", "": "to-be-allocated"},
    "worker_prefixes": {"XX": "to-be-allocated"},
}


@pytest.fixture
def export():
    # As an analyst reads it: all text, empty cells empty. The short last row
    # is filled out by pandas, so it is not a bad row here.
    return pd.read_csv(os.path.join(DATA, "messy-export.csv"), dtype=str,
                       keep_default_na=False)


@pytest.fixture
def policy():
    return unalloc.Policy.from_file(os.path.join(SRC, "tests", "policies",
                                                 "example-council.policy"))


def test_skip_sets_bad_cases_aside_and_lists_their_rows(export, policy):
    r = unalloc.evaluate_frame(export, policy, AS_OF, map=MAP, errors="skip")
    cases, obligations = r  # still a pair
    assert cases is r.cases and obligations is r.obligations
    got = {row.case_id: (row.status, row.unallocated_since) for row in cases.itertuples()}
    # Hand-worked as in tests/test-cli-map.sh: Duty, an XX id and an empty worker
    # hold a case without allocating it.
    assert got == {
        "C001": ("allocated", pd.NaT),
        "C002": ("unallocated", pd.Timestamp("2024-05-13")),
        "C003": ("unallocated", pd.Timestamp("2024-05-20")),
        "C004": ("unallocated", pd.Timestamp("2024-05-21")),
        "C008": ("unallocated", pd.Timestamp("2024-05-15")),
    }
    rej = r.rejects
    assert list(rej.columns[:4]) == ["line", "case_id", "column", "reason"]
    assert list(rej.columns[4:]) == list(export.columns)
    assert rej[["line", "case_id", "column"]].astype(object).where(rej[["line", "case_id", "column"]].notna(), None).values.tolist() == [
        [12, "C005", 4], [13, "C005", None], [14, "C006", 5], [15, "C007", 3], [16, None, 2]]
    assert rej["reason"].tolist() == [
        "'31/04/2024' is not a valid date: April 2024 has 30 days",
        "set aside with its case (row 12 is bad)",
        "unknown detail 'Child in Ned' for 'opened' (expected referral, single-assessment, s47, "
        "cin, cp, cla, youth-justice, early-help)",
        "unknown event kind 'Referal Received' (did you mean the mapping's 'referral received'?)",
        "case_id is empty",
    ]
    # the original fields, as they were
    assert rej["Event ID"].tolist() == ["1012", "1013", "1014", "1015", "1016"]
    assert rej["Event Date"].tolist()[0] == "31/04/2024"
    # a C003 obligation met by the export's own words (hand-worked: due 31/05)
    letter = obligations[(obligations.case_id == "C003") & (obligations.rule == "example.letter")]
    assert letter[["due", "state", "met_at"]].values.tolist() == [
        [pd.Timestamp("2024-05-31"), "met", pd.Timestamp("2024-05-29")]]


def test_a_dict_is_the_same_mapping(export, policy):
    a = unalloc.evaluate_frame(export, policy, AS_OF, map=MAP, errors="skip")
    b = unalloc.evaluate_frame(export, policy, AS_OF, map=MAP_DICT, errors="skip")
    assert a.cases.equals(b.cases) and a.obligations.equals(b.obligations)
    assert a.rejects.equals(b.rejects)
    assert "column case_id \"Child ID\"" in unalloc.mapping_text(MAP_DICT)


def test_raise_names_the_first_bad_row_and_counts_the_rest(export, policy):
    with pytest.raises(unalloc.InvalidError) as e:
        unalloc.evaluate_frame(export, policy, AS_OF, map=MAP)
    assert str(e.value) == ("row 12: '31/04/2024' is not a valid date: April 2024 has 30 days "
                            "(and 3 more bad rows)")
    assert (e.value.record, e.value.line, e.value.column) == (12, 0, 4)


def test_timestamps_with_seconds_and_datetime_cells(export, policy):
    """pandas dates (here parsed from the UK text) go to C as ISO text, which a
    mapping always reads; seconds are dropped."""
    good = export[~export["Child ID"].isin(["C005", "C006", "C007", "", "C008"])].copy()
    want = unalloc.evaluate_frame(good, policy, AS_OF, map=MAP)
    parsed = good.assign(**{"Event Date": pd.to_datetime(good["Event Date"], dayfirst=True)})
    got = unalloc.evaluate_frame(parsed, policy, AS_OF, map=MAP)
    assert got.cases.equals(want.cases) and got.obligations.equals(want.obligations)
    assert len(got.rejects) == 0 and list(got.rejects.columns[:4]) == [
        "line", "case_id", "column", "reason"]
    later = parsed.assign(**{"Event Date": parsed["Event Date"] + pd.Timedelta(seconds=59)})
    timed = unalloc.evaluate_frame(later, policy, AS_OF, map=MAP)
    # a midnight date became 00:00:59, a timed event: the same minute, read as timed
    assert timed.cases["status"].tolist() == want.cases["status"].tolist()


def test_bad_arguments_raise_the_package_errors(export, policy):
    with pytest.raises(unalloc.InvalidTypeError):
        unalloc.evaluate_frame(export.values, policy, AS_OF, map=MAP)
    with pytest.raises(TypeError):
        unalloc.evaluate_frame(export, policy, AS_OF, map=3)
    with pytest.raises(unalloc.InvalidError, match="errors must be 'raise' or 'skip'"):
        unalloc.evaluate_frame(export, policy, AS_OF, map=MAP, errors="ignore")
    with pytest.raises(unalloc.InvalidError, match="unknown keys in the mapping: \\['cols'\\]"):
        unalloc.evaluate_frame(export, policy, AS_OF, map={"cols": {}})
    with pytest.raises(unalloc.InvalidError, match="map= reads a frame in its own columns"):
        unalloc.evaluate_frame(export, policy, AS_OF)
    with pytest.raises(unalloc.ParseError) as e:
        unalloc.evaluate_frame(export, policy, AS_OF, map={"events": {"X": "visit",
                                                                      "Y": "alocated"}})
    # the dict's entry is named, not a line of the text made from it
    assert str(e.value).startswith("map['events']['Y']: unknown event kind 'alocated' (did you "
                                   "mean 'allocated'?")
    with pytest.raises(unalloc.InvalidError, match="not a name of the vocabulary"):
        unalloc.evaluate_frame(export, policy, AS_OF,
                               map={"events": {"X": "visit\nevent \"Y\" -> closed"}})
    with pytest.raises(unalloc.ParseError) as e:
        unalloc.evaluate_frame(export, policy, AS_OF, map=os.path.join(DATA, "messy-export.csv"))
    assert e.value.line == 1 and "unknown statement" in str(e.value)
    with pytest.raises(unalloc.InvalidError, match="has no column 'Kid'"):
        unalloc.evaluate_frame(export, policy, AS_OF, map={"columns": {"case_id": "Kid"}})


def test_vocabulary():
    v = unalloc.vocabulary()
    groups = [t.group for t in v]
    assert [groups.count(g) for g in ("event", "detail", "category", "role", "rating")] == [
        29, 6, 8, 13, 4]
    assert unalloc.Term("event", "allocated",
                        "a worker starts to hold the case; detail: the role (required); needs the "
                        "worker's id") in v
    frame = pd.DataFrame(v)
    assert list(frame.columns) == ["group", "name", "meaning"]
    assert frame[frame.group == "category"].name.tolist() == [
        "referral", "single-assessment", "s47", "cin", "cp", "cla", "youth-justice", "early-help"]


def test_a_calendar_of_another_region_is_no_bad_row(export, policy):
    with pytest.raises(unalloc.InvalidError, match="but the calendar given is for scotland"):
        unalloc.evaluate_frame(export, policy, AS_OF, unalloc.Calendar("scotland"), map=MAP,
                               errors="skip")


def test_nullable_and_numeric_columns(export, policy):
    """pandas' own missing values (NA in an Int64 column, NaN in a float one)
    are empty cells; whole numbers read as ids lose pandas' '.0'."""
    want = unalloc.evaluate_frame(export, policy, AS_OF, map=MAP, errors="skip")
    ids = [int(x) for x in export["Event ID"]]
    ids[11] = None  # row 12, the first rejected
    typed = export.assign(**{"Event ID": pd.array(ids, dtype="Int64")})
    got = unalloc.evaluate_frame(typed, policy, AS_OF, map=MAP, errors="skip")
    assert got.cases.equals(want.cases)
    # an empty cell, not the text "<NA>"
    assert pd.isna(got.rejects["Event ID"][0]) and got.rejects["Event ID"][1] == "1013"
    ids = export.assign(**{"Child ID": [float(x[1:]) if x else float("nan")
                                        for x in export["Child ID"]]})
    r = unalloc.evaluate_frame(ids, policy, AS_OF, map=MAP, errors="skip")
    assert r.cases["case_id"].tolist() == ["1", "2", "3", "4", "8"]
