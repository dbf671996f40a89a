"""unalloc.dask.evaluate over a local cluster of worker processes gives the
single-process evaluate_frame's answers."""
import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

import unalloc

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
import unalloc.dask  # noqa: E402

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
CASELOAD = ROOT / "examples" / "data" / "caseload.csv"
DATA = ROOT / "tests" / "data"
DATES = [dt.date(2024, 4, 5) + dt.timedelta(weeks=w) for w in range(11)]
TIMEOUT = 240  # seconds for one computation on the cluster


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None, silence_logs=50) as cluster, \
            distributed.Client(cluster, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def events():
    return pd.read_csv(CASELOAD, dtype=str, keep_default_na=False, na_values=[""])


def ordered(df, keys):
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def test_equals_one_process(client, events):
    pol = unalloc.Policy.builtin("nelc-2022")
    want = unalloc.evaluate_frame(events, pol, DATES)
    ddf = dd.from_pandas(events, npartitions=4)  # cases split across partitions
    r = unalloc.dask.evaluate(ddf, pol, DATES)
    cases, occ, rejects = [f.result(timeout=TIMEOUT)
                           for f in client.compute([r.cases, r.obligations, r.rejects])]
    keys = ["as_of", "case_id"]
    assert len(cases) == len(want.cases) == len(DATES) * events["case_id"].nunique()
    assert ordered(cases, keys).equals(ordered(want.cases, keys))
    okeys = ["as_of", "case_id", "due", "rule", "kind", "role", "occurrence"]
    assert ordered(occ, okeys).equals(ordered(want.obligations, okeys))
    assert len(rejects) == 0 and list(rejects.columns) == list(want.rejects.columns)
    # each partition's rows in evaluate_frame's order, each case in one partition
    assert cases.groupby("as_of")["case_id"].apply(lambda s: s.is_unique).all()


def test_mapped_and_skipping(client):
    """An export read through a mapping, with bad rows set aside: the same
    cases, and the same rejects (rows of the whole frame), as one process."""
    export = pd.read_csv(DATA / "messy-export.csv", dtype=str, keep_default_na=False,
                         na_values=[""])
    policy = unalloc.Policy.from_file(str(ROOT / "tests" / "policies" /
                                          "example-council.policy"))
    mapfile = str(DATA / "messy-export.map")
    want = unalloc.evaluate_frame(export, policy, "2024-06-03", map=mapfile, errors="skip")
    assert len(want.rejects) == 5
    r = unalloc.dask.evaluate(dd.from_pandas(export, npartitions=3), policy, "2024-06-03",
                              map=mapfile, errors="skip")
    cases, rejects = [f.result(timeout=TIMEOUT) for f in client.compute([r.cases, r.rejects])]
    assert ordered(cases, ["case_id"]).equals(want.cases)
    assert ordered(rejects, ["line"]).equals(want.rejects)


def test_indexed_by_case_id(client, events):
    """A frame indexed by case_id with known divisions is not shuffled."""
    pol = unalloc.Policy.builtin("protocol-2019")
    want = unalloc.evaluate_frame(events, pol, DATES[-1])
    ddf = dd.from_pandas(events.set_index("case_id"), npartitions=3, sort=True)
    assert ddf.known_divisions
    r = unalloc.dask.evaluate(ddf, pol, DATES[-1])
    assert "shuffle" not in " ".join(map(str, r.cases.dask.keys()))
    cases = client.compute(r.cases).result(timeout=TIMEOUT)
    assert ordered(cases, ["case_id"]).equals(want.cases)


def test_bad_row_is_named_by_its_row_of_the_whole_frame(client, events):
    bad = events.copy()
    bad.loc[200, "at"] = "2024-02-30"
    r = unalloc.dask.evaluate(dd.from_pandas(bad, npartitions=3), "nelc-2022", "2024-06-14")
    with pytest.raises(unalloc.InvalidError) as e:
        client.compute(r.cases).result(timeout=TIMEOUT)
    assert e.value.record == 201 and e.value.line == 0 and str(e.value).startswith("row 201: ")


def test_bad_arguments(events):
    with pytest.raises(unalloc.InvalidTypeError):
        unalloc.dask.evaluate(events, "nelc-2022", "2024-06-14")
    ddf = dd.from_pandas(events, npartitions=2)
    with pytest.raises(unalloc.InvalidError, match="errors must be"):
        unalloc.dask.evaluate(ddf, "nelc-2022", "2024-06-14", errors="ignore")
    with pytest.raises(unalloc.InvalidError, match="unknown columns"):
        unalloc.dask.evaluate(ddf.assign(extra=1), "nelc-2022", "2024-06-14")
