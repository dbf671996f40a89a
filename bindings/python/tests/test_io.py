"""unalloc.io: the standard extracts (SSD, SSDA903, Annex A) into the event
log. The fixtures in tests/data/extracts/ are synthetic, with the published
table and column names (doc/data-sources.md says where each comes from)."""
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import unalloc
import unalloc.io as uio

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
DATA = ROOT / "tests" / "data" / "extracts"
CLI = os.environ.get("UNALLOC_CLI", str(ROOT / "build" / "tools" / "unalloc"))
ANNEX_DATE = "2024-06-14"


def files(fmt):
    return sorted(str(p) for p in (DATA / fmt).glob("*.csv"))


def rows(events):
    return [tuple(None if v is None else v for v in r)
            for r in events.itertuples(index=False, name=None)]


def reasons(skipped):
    return [(t, r, reason) for t, _f, r, reason in skipped.itertuples(index=False, name=None)]


def status(events, policy, as_of):
    cases, _ = unalloc.evaluate_frame(events, unalloc.Policy.builtin(policy), as_of)
    return {r.case_id: (r.status, None if pd.isna(r.unallocated_since)
                        else r.unallocated_since.strftime("%Y-%m-%d"),
                        None if pd.isna(r.working_days_unallocated)
                        else int(r.working_days_unallocated))
            for r in cases.itertuples()}


# ---- SSD ---------------------------------------------------------------------------------------

SSD_EVENTS = [
    ("P1", "2015-03-02", "born", None, None, None),
    ("P1", "2024-05-23", "opened", "single-assessment", None, None),
    ("P1", "2024-06-10T09:30", "allocated", "social-worker", "W20", "Assessment Team"),
    ("P1", "2024-06-20", "category", "cin", None, None),
    ("P1", "2024-06-20", "assessment-concluded", "needs-social-worker", None, None),
    ("P2", "2012-11-20", "born", None, None, None),
    ("P2", "2024-04-02", "opened", "referral", None, None),
    ("P2", "2024-04-02", "allocated", "social-worker", "W10", "CP Team"),
    ("P2", "2024-04-10", "category", "s47", None, None),
    ("P2", "2024-04-19", "category", "referral", None, None),
    ("P2", "2024-04-22", "category", "cp", None, None),
    ("P2", "2024-05-01", "visit", None, None, None),
    # invo_worker_change_reason LEFTRL on W11's involvement: W10 left.
    ("P2", "2024-05-10", "worker-absent", "left", "W10", None),
    ("P2", "2024-05-10", "deallocated", "social-worker", "W10", None),
    ("P2", "2024-05-10", "allocated", "social-worker", "W11", "CP Team"),
    # the CP plan ends inside the open referral episode: a child in need again
    ("P2", "2024-06-03", "category", "cin", None, None),
    ("P3", "2024-04-02", "opened", "referral", None, None),
    ("P4", "2024-03-01", "opened", "early-help", None, None),
    ("P4", "2024-03-04", "allocated", "family-support", "FSW1", "Family Hub North"),
    ("P4", "2024-04-30", "closed", None, None, None),
]


def test_ssd_event_log():
    events, skipped = uio.ssd(files("ssd"))
    assert list(events.columns) == uio.EVENT_COLUMNS
    assert rows(events) == SSD_EVENTS
    assert reasons(skipped) == [
        ("ssd_cin_episodes", 5, "cine_referral_date: '31/02/2024' is not a date (no such day or time)"),
        ("ssd_involvements", 2, "an involvement of a team with no professional is not an allocation"),
        ("ssd_involvements", 6, "role 'Independent Reviewing Officer' is not an allocation (roles map)"),
        ("ssd_involvements", 7, "role 'Student SW' is not in the roles map (nor is the "
                                "professional's job title 'Student Social Worker'); map it to a "
                                "role, or to None when it is not an allocation"),
    ]


def test_ssd_roles_map_is_merged_over_the_default():
    events, skipped = uio.ssd(files("ssd"), roles={" student  SW": "social-worker"})
    assert ("P3", "2024-04-02", "allocated", "social-worker", "W30", "CP Team") in rows(events)
    assert all("Student SW" not in r for r in skipped["reason"])
    with pytest.raises(ValueError, match="'socialworker', which is not a role"):
        uio.ssd(files("ssd"), roles={"Student SW": "socialworker"})


def test_ssd_evaluated_by_hand():
    events, _ = uio.ssd(files("ssd"))
    # P1: referred Thursday 23 May 2024, no worker until 10 June. protocol-2019
    # counts it unallocated at 5 working days: Fri 24, (Mon 27 May is the
    # Spring bank holiday), Tue 28, Wed 29, Thu 30, Fri 31 May.
    assert status(events, "protocol-2019", "2024-05-30")["P1"] == ("pending", "2024-05-23", 4)
    assert status(events, "protocol-2019", "2024-05-31")["P1"] == ("unallocated", "2024-05-23", 5)
    on_10_june = status(events, "protocol-2019", "2024-06-10")
    assert on_10_june["P1"][0] == "allocated"
    # P2 has a worker throughout: W10 hands over to W11 on the day W10 left.
    assert on_10_june["P2"] == ("allocated", None, None)
    # P4's early-help episode closed on 30 April.
    assert on_10_june["P4"][0] == "closed"


def test_ssd_headers_in_any_case_and_spacing():
    frames = []
    for path in files("ssd"):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df.columns = ["  " + c.upper().replace("_", "_") + " " for c in df.columns]
        frames.append(df)
    events, skipped = uio.ssd(frames)
    assert rows(events) == SSD_EVENTS
    assert len(skipped) == 4


def test_ssd_needs_involvements():
    with pytest.raises(ValueError, match="ssd_involvements table is needed"):
        uio.ssd([f for f in files("ssd") if "involvements" not in f])


def test_a_missing_column_is_named():
    df = pd.read_csv(DATA / "ssd" / "ssd_involvements.csv", dtype=str)
    with pytest.raises(ValueError, match="no column 'invo_worker_change_reason'"):
        uio.ssd([df.drop(columns=["invo_worker_change_reason"])])


def test_an_unknown_file_is_noted_and_ignored(tmp_path):
    p = tmp_path / "ssd_contacts.csv"  # an SSD table the reader does not use
    p.write_text("cont_contact_id,cont_person_id,cont_contact_date\n1,P1,2024-05-20\n")
    events, skipped = uio.ssd(files("ssd") + [str(p)])
    assert rows(events) == SSD_EVENTS
    assert (str(p), 0) in [(f, r) for _t, f, r, _why in skipped.itertuples(index=False, name=None)]
    with pytest.raises(ValueError, match=f"ssd_involvements table is needed.*not recognised: {p}"):
        uio.ssd([str(p)])


# ---- SSDA903 -------------------------------------------------------------------------------

SSDA903_EVENTS = [
    ("C1", "2010-07-14", "born", None, None, None),
    # placement change on 15/10/2023 (X1, then P): one period of care
    ("C1", "2023-09-01", "opened", "cla", None, None),
    ("C1", "2023-09-01", "allocated", "social-worker", "SW1111", None),
    # next episode: placeholder XX id, SW_REASON LEFTRL
    ("C1", "2023-12-21", "worker-absent", "left", "SW1111", None),
    ("C1", "2023-12-21", "deallocated", "social-worker", "SW1111", None),
    ("C1", "2024-01-08", "allocated", "social-worker", "SW2222", None),
    ("C2", "2009-02-03", "born", None, None, None),
    # in care since 2019 (legal status change in 2023 is no new period); the
    # return's history starts at the social worker episode open since 2022
    ("C2", "2022-02-14", "opened", "cla", None, None),
    ("C2", "2022-02-14", "allocated", "social-worker", "SW3333", None),
    ("C4", "2011-01-30", "born", None, None, None),
    ("C4", "2023-06-01", "opened", "cla", None, None),
    ("C4", "2023-06-01", "allocated", "social-worker", "SW4444", None),
    ("C4", "2023-11-30", "closed", None, None, None),
    ("C5", "2013-11-11", "born", None, None, None),
    ("C5", "2023-05-01", "opened", "cla", None, None),
    ("C5", "2023-05-01", "allocated", "social-worker", "SW5555", None),
    # ABSENC: SW6666 covers SW5555's absence, then SW5555 returns (ABSENC again)
    ("C5", "2023-08-01", "worker-absent", "leave", "SW5555", None),
    ("C5", "2023-08-01", "deallocated", "social-worker", "SW5555", None),
    ("C5", "2023-08-01", "allocated", "social-worker", "SW6666", None),
    ("C5", "2023-09-01", "deallocated", "social-worker", "SW6666", None),
    ("C5", "2023-09-01", "allocated", "social-worker", "SW5555", None),
]


def test_ssda903_event_log():
    events, skipped = uio.ssda903(files("ssda903"))
    assert rows(events) == SSDA903_EVENTS
    got = reasons(skipped)
    assert got[0] == ("episodes", 9, "legal status V3 (short breaks) is not a period of care "
                                     "this reader follows")
    assert got[1][:2] == ("social_worker_episodes", 10) and "'LAZY' is not in the published" in got[1][2]
    assert got[2] == ("social_worker_episodes", 11, "SW_DECOM: '32/12/2023' is not a date (no such "
                                                   "day or time)")
    # C3 is looked after from 05/01/2024 with no social worker episode: set
    # aside, never read as unallocated.
    assert got[3][:2] == ("episodes", 6) and "allocation is unknown" in got[3][2]
    assert len(got) == 4
    assert "C3" not in set(events["case_id"])


def test_ssda903_evaluated_by_hand():
    events, _ = uio.ssda903(files("ssda903"))
    # C1: no allocated worker from Thursday 21 December 2023. Working days:
    # Fri 22, (Mon 25, Tue 26 bank holidays), Wed 27, Thu 28, Fri 29,
    # (Mon 1 January bank holiday), Tue 2 January = the fifth.
    assert status(events, "protocol-2019", "2024-01-01")["C1"] == ("pending", "2023-12-21", 4)
    assert status(events, "protocol-2019", "2024-01-02")["C1"] == ("unallocated", "2023-12-21", 5)
    end_of_year = status(events, "protocol-2019", "2024-03-31")
    assert end_of_year["C1"][0] == "allocated"
    assert end_of_year["C2"] == ("allocated", None, None)
    assert end_of_year["C5"] == ("allocated", None, None)
    assert end_of_year["C4"][0] == "closed"


def test_ssda903_collection_year():
    with pytest.raises(ValueError, match="only from the 2023-24 return"):
        uio.ssda903(files("ssda903"), collection_start="2022-04-01")
    with pytest.raises(ValueError, match="only for looked-after children and only from the 2023-24"):
        uio.ssda903([f for f in files("ssda903") if "sw_" not in f])
    # The collection start may be given (UK or ISO); C2 still opens at its social
    # worker episode open since 2022, the earliest history the return holds.
    events, _ = uio.ssda903(files("ssda903"), collection_start="01/04/2023")
    assert ("C2", "2022-02-14", "opened", "cla", None, None) in rows(events)


def test_ssda903_from_excel(tmp_path):
    book = tmp_path / "903.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as w:
        for path in files("ssda903"):
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            for c in ("DOB", "DECOM", "DEC", "SW_DECOM", "SW_DEC"):
                if c in df.columns:  # Excel date cells, as analysts save them
                    df[c] = pd.to_datetime(df[c], format="%d/%m/%Y", errors="coerce")
            df.to_excel(w, sheet_name=Path(path).stem, index=False)
    events, skipped = uio.ssda903([str(book)])
    # 32/12/2023 is no Excel date: the cell is empty, and the row lacks SW_DECOM.
    assert rows(events) == SSDA903_EVENTS
    assert ("social_worker_episodes", 11, "SW_DECOM is empty") in reasons(skipped)


# ---- Annex A -------------------------------------------------------------------------------

ANNEX_A_EVENTS = [
    ("A1", "2015-03-02", "born", None, None, None),
    ("A1", "2024-05-23", "opened", "referral", None, None),
    ("A2", "2012-11-20", "born", None, None, None),
    ("A2", "2024-05-01", "opened", "single-assessment", None, None),
    ("A2", "2024-05-20", "category", "cin", None, None),
    ("A2", "2024-05-20", "assessment-concluded", "needs-social-worker", None, None),
    ("A2", "2024-06-03", "visit", None, None, None),
    # the current worker, from the extract date and never earlier
    ("A2", "2024-06-14", "allocated", "social-worker", "Jo Bloggs", "CIN Team 1"),
    ("A3", "2011-05-05", "born", None, None, None),
    ("A3", "2024-01-10", "opened", "cla", None, None),
    ("A3", "2024-04-15", "statutory-meeting", None, None, None),
    ("A3", "2024-06-01", "visit", None, None, None),
    ("A3", "2024-06-14", "allocated", "social-worker", "A Smith", "Children in Care Team"),
    ("A5", "2012-12-12", "born", None, None, None),
    ("A5", "2024-02-01", "opened", "cp", None, None),
    ("A5", "2024-04-25", "visit", None, None, None),
    ("A5", "2024-04-30", "closed", None, None, None),
    # "Duty" is no worker
    ("A6", "2017-06-06", "born", None, None, None),
    ("A6", "2024-06-10", "opened", "single-assessment", None, None),
]


def test_annex_a_event_log():
    events, skipped = uio.annex_a(files("annex_a"), ANNEX_DATE)
    assert rows(events) == ANNEX_A_EVENTS
    assert reasons(skipped) == [
        ("list 1", 2, "a contact is not an open case: List 1 gives no case events"),
        ("list 2", 2, "List 2 (early help assessments) names no allocated worker, so it cannot "
                      "say whether the child waits; not used"),
        ("list 3", 4, "a referral with no further action is not a case to allocate"),
        ("list 7", 2, "the worker 'B Jones' is named on an episode not open on the extract date "
                      "(2024-06-14); not used"),
    ]


def test_annex_a_evaluated_by_hand():
    events, _ = uio.annex_a(files("annex_a"), ANNEX_DATE)
    # A1: referred Thursday 23 May 2024, no worker named: 5 working days
    # across the Spring bank holiday on Friday 31 May.
    assert status(events, "protocol-2019", "2024-05-31")["A1"] == ("unallocated", "2024-05-23", 5)
    on_extract = status(events, "protocol-2019", ANNEX_DATE)
    assert on_extract["A2"] == ("allocated", None, None)
    assert on_extract["A3"] == ("allocated", None, None)
    # A6: assessment from Monday 10 June with only "Duty": 4 working days.
    assert on_extract["A6"] == ("pending", "2024-06-10", 4)
    # What the lists lose: the day before the extract, A2 shows as waiting
    # since its referral, though its worker may have been allocated long before.
    assert status(events, "protocol-2019", "2024-06-13")["A2"] == ("unallocated", "2024-05-01", 29)


def test_annex_a_workbook_with_title_rows(tmp_path):
    book = tmp_path / "annex_a.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as w:
        for i, path in enumerate(files("annex_a"), 1):
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            df.columns = [c.lower() for c in df.columns]
            df.to_excel(w, sheet_name=f"List {i}", index=False, startrow=2)
            w.sheets[f"List {i}"]["A1"] = f"Annex A - List {i}"
        pd.DataFrame({"Notes": ["prepared by the performance team"]}).to_excel(
            w, sheet_name="Notes", index=False)
    events, skipped = uio.annex_a([str(book)], ANNEX_DATE)
    assert rows(events) == ANNEX_A_EVENTS
    assert (f"{book}:Notes", 0) in \
        [(f, r) for _t, f, r, _why in skipped.itertuples(index=False, name=None)]
    # the header is on the sheet's third row, so the first child is row 4
    assert ("list 3", 6, "a referral with no further action is not a case to allocate") in \
        reasons(skipped)


# ---- the command line ----------------------------------------------------------------------

def run_io(*args):
    return subprocess.run([sys.executable, "-m", "unalloc.io", *args], capture_output=True,
                          text=True, env=os.environ.copy())


def test_command_line_into_unalloc_evaluate(tmp_path):
    skipped = tmp_path / "skipped.csv"
    io_run = run_io("ssda903", *files("ssda903"), "-o", "-", "--skipped", str(skipped))
    assert io_run.returncode == 0, io_run.stderr
    assert "21 events for 4 cases; 4 rows not used" in io_run.stderr
    assert io_run.stdout.splitlines()[0] == "case_id,at,event,detail,worker,locality"
    ev = subprocess.run([CLI, "evaluate", "--policy", "protocol-2019", "--as-of", "2024-01-02",
                         "--format", "cases-csv", "-"], input=io_run.stdout, capture_output=True,
                        text=True)
    assert ev.returncode == 0, ev.stderr
    cases = {r["case_id"]: r for r in csv.DictReader(io.StringIO(ev.stdout))}
    assert sorted(cases) == ["C1", "C2", "C4", "C5"]
    assert (cases["C1"]["status"], cases["C1"]["unallocated_since"],
            cases["C1"]["working_days_unallocated"]) == ("unallocated", "2023-12-21", "5")
    assert cases["C2"]["status"] == "allocated"
    with open(skipped, newline="") as f:
        got = list(csv.DictReader(f))
    assert [(r["table"], r["row"]) for r in got] == [
        ("episodes", "9"), ("social_worker_episodes", "10"), ("social_worker_episodes", "11"),
        ("episodes", "6")]


def test_command_line_annex_a_and_errors(tmp_path):
    out = tmp_path / "events.csv"
    r = run_io("annex-a", *files("annex_a"), "-o", str(out))
    assert r.returncode == 2 and "--extract-date" in r.stderr
    r = run_io("annex-a", *files("annex_a"), "--extract-date", "14/06/2024", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert rows(pd.read_csv(out, dtype=str).astype(object).where(lambda d: d.notna(), None)) \
        == ANNEX_A_EVENTS
    r = run_io("ssd", str(DATA / "ssda903" / "header.csv"), "-o", str(out))
    assert r.returncode == 2 and "ssd_involvements table is needed" in r.stderr
    r = run_io("ssd", *files("ssd"), "--role", "Student SW=social-worker",
               "--role", "Allocated Team=none", "-o", "-")
    assert r.returncode == 0, r.stderr
    assert "P3,2024-04-02,allocated,social-worker,W30,CP Team" in r.stdout.splitlines()


# ---- edge cases ----------------------------------------------------------------------------

def ssd_frames(**replace):
    """The SSD fixture as DataFrames, some tables replaced."""
    out = {Path(p).stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in files("ssd")}
    out.update(replace)
    return list(out.values())


def test_ssd_from_frames_with_timestamps_and_nat():
    invo = pd.read_csv(DATA / "ssd" / "ssd_involvements.csv", dtype=str, keep_default_na=False)
    for c in ("invo_involvement_start_date", "invo_involvement_end_date"):
        invo[c] = pd.to_datetime(invo[c].replace("", None))  # NaT where open
    assert invo["invo_involvement_end_date"].isna().any()
    events, skipped = uio.ssd(ssd_frames(ssd_involvements=invo))
    assert rows(events) == SSD_EVENTS
    assert len(skipped) == 4


def test_ssd_episodes_join_and_rows_outside_them():
    cla = pd.DataFrame({
        "clae_cla_episode_id": ["L1", "L2"], "clae_person_id": ["P2", "P2"],
        "clae_cla_episode_start_date": ["2024-06-03", "2024-06-10"],
        "clae_cla_episode_ceased_date": ["2024-06-10", "2024-06-20"],
        "clae_cla_episode_ceased_reason": ["X1", "E13"]})
    invo = pd.read_csv(DATA / "ssd" / "ssd_involvements.csv", dtype=str, keep_default_na=False)
    invo.loc[len(invo)] = ["8", "W12", "Social Worker", "CP Team", "2024-05-20", "2024-05-20",
                           "MANAGE", "P2", "R2"]
    invo.loc[len(invo)] = ["9", "W13", "Social Worker", "CP Team", "2024-01-02", "", "FCONTA",
                           "P9", ""]
    visits = pd.DataFrame({"cinv_cin_visit_id": ["V9"], "cinv_person_id": ["P4"],
                           "cinv_cin_visit_date": ["2024-05-02"]})
    events, skipped = uio.ssd(ssd_frames(ssd_cla_episodes=cla, ssd_involvements=invo,
                                         ssd_cin_visits=visits))
    p2 = [r[1:4] for r in rows(events) if r[0] == "P2" and r[2] in ("category", "closed")]
    # the CP plan ends as care begins (one change to cla); the placement move on
    # 10 June is no closure; after care ends on 20 June the open referral is CIN.
    assert p2 == [("2024-04-10", "category", "s47"), ("2024-04-19", "category", "referral"),
                  ("2024-04-22", "category", "cp"), ("2024-06-03", "category", "cla"),
                  ("2024-06-20", "category", "cin")]
    got = reasons(skipped)
    assert ("ssd_involvements", 9, "the worker's episode ends (2024-05-20) when or before it "
                                   "starts (2024-05-20)") in got
    assert ("ssd_involvements", 10, "the child has no open episode in these tables") in got
    assert ("ssd_cin_visits", 2, "visit on 2024-05-02 is outside the child's open episodes") in got


def test_annex_a_a_bad_date_sets_the_whole_row_aside():
    lists = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in files("annex_a")]
    l8 = next(df for df in lists if "Date Started to be Looked After" in df.columns)
    l8.loc[0, "Date of Last Social Work Visit"] = "06/31/2024"
    events, skipped = uio.annex_a(lists, ANNEX_DATE)
    assert "A3" not in set(events["case_id"])
    assert ("<DataFrame>", 2, "Date of Last Social Work Visit: '06/31/2024' is not a date (no "
                              "such day or time)") in \
        [(f, r, why) for _t, f, r, why in skipped.itertuples(index=False, name=None)]


def test_windows_1252_csv(tmp_path):
    text = (DATA / "annex_a" / "list8_looked_after.csv").read_text()
    p = tmp_path / "list8.csv"
    p.write_bytes(text.replace("Children in Care Team", "Équipe Care Team").encode("cp1252"))
    events, _ = uio.annex_a([str(p)], ANNEX_DATE)
    assert ("A3", "2024-06-14", "allocated", "social-worker", "A Smith", "Équipe Care Team") \
        in rows(events)


def test_command_line_options_belong_to_their_format():
    r = run_io("ssda903", *files("ssda903"), "--extract-date", "2024-06-14", "-o", "-")
    assert r.returncode == 2 and "--extract-date applies to annex-a only" in r.stderr
    r = run_io("ssd", *files("ssd"), "--role", "Student SW", "-o", "-")
    assert r.returncode == 2 and "expected TEXT=ROLE" in r.stderr


def test_one_workers_split_or_duplicated_episodes_are_one_allocation():
    tables = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in files("ssda903")]
    sw = next(t for t in tables if "SW_ID" in t.columns)
    i = sw.index[sw["CHILD"] == "C2"][0]
    sw.loc[i, "SW_DEC"] = "01/10/2023"  # split, the same worker goes on
    sw.loc[len(sw)] = ["C2", "03/02/2009", "SW3333", "01/10/2023", "", "MANAGE"]
    sw.loc[len(sw)] = ["C2", "03/02/2009", "SW3333", "01/06/2023", "01/07/2023", "MANAGE"]
    events, _ = uio.ssda903(tables)
    assert [r for r in rows(events) if r[0] == "C2"] == [
        ("C2", "2009-02-03", "born", None, None, None),
        ("C2", "2022-02-14", "opened", "cla", None, None),
        ("C2", "2022-02-14", "allocated", "social-worker", "SW3333", None)]


def test_annex_a_lists_naming_different_workers():
    lists = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in files("annex_a")]
    l3 = next(df for df in lists if "Date of referral" in df.columns)
    l3.loc[l3["Child Unique ID"] == "A2", "Allocated Worker"] = "Sam Other"
    events, skipped = uio.annex_a(lists, ANNEX_DATE)
    # list 6's child in need outranks list 3's referral, open since the same day
    assert ("A2", "2024-06-14", "allocated", "social-worker", "Jo Bloggs", "CIN Team 1") \
        in rows(events)
    assert ("list 3", 3, "the worker 'Sam Other' differs from 'Jo Bloggs' (list 4 row 2), who "
                         "is on the child's main episode; not used") in reasons(skipped)
