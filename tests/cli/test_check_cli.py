"""`comply check`, `explain`, `due`, `record` and `import`, run as a user runs them: a real process, a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

import pytest
from helpers import COMPLY, comply

from engine.cli.app import REPO_ROOT
from engine.model.findings import Finding
from engine.outputs.terminal import reference, resolve


def test_check_with_no_store_named_creates_the_default_store_with_the_demo_data_saying_so(tmp_path):
    """README's first command: neither --store nor $COMPLY_STORE, so ./comply.db is created with the
    demo data and a note on stderr; the second run reads it and says nothing more."""
    env = {k: v for k, v in os.environ.items() if k != "COMPLY_STORE"}
    first = subprocess.run([*COMPLY, "check", "--as-of", "2017-07-01"], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=120)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "London Borough of Tower Hamlets" in first.stdout and "bv-2017.quarterly-report" in first.stdout
    assert "no store was named, so created the default store with the Tower Hamlets 2017-18 demo data" in first.stderr
    assert "115 plan milestones" in first.stderr and (tmp_path / "comply.db").exists()
    again = subprocess.run([*COMPLY, "due", "--as-of", "2017-07-01"], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=120)  # fmt: skip
    assert again.returncode == 0 and "created" not in again.stderr


@pytest.mark.parametrize("command", [["check"], ["record", "submission", "--key", "k", "--what", "w", "--received", "2017-06-01"], ["nightly"],
                                     ["import", "x.yaml"], ["user", "list"], ["due"], ["plan"]])  # fmt: skip
def test_a_named_store_that_does_not_exist_is_never_created(tmp_path, command):
    """A mistyped --store or $COMPLY_STORE is exit 2 naming the path and `comply init`: the unattended
    nightly run must never report on demo data; no folder or file is created."""
    store = tmp_path / "nonexistent" / "dir" / "x.db"
    run = comply(*command, store=store, init=False)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith(f"error: {store}: no such store") and f"comply init {store}" in run.stderr
    assert run.stdout == "" and not (tmp_path / "nonexistent").exists()


def test_check_json_is_the_documented_shape(tmp_path):
    run = comply("check", "--as-of", "2017-07-01", "--format", "json", store=tmp_path / "c.db")
    doc = json.loads(run.stdout)
    assert set(doc) >= {"as_of", "authority", "findings", "counts"}
    assert doc["as_of"] == "2017-07-01T00:00:00+01:00"
    assert doc["authority"] == "tower-hamlets"
    f = next(f for f in doc["findings"] if f["id"] == "tower-hamlets/bv-2017.quarterly-report/1")
    assert f["due"] == "2017-06-30T10:00:00+01:00"
    assert set(f) >= {
        "id",
        "authority",
        "direction",
        "clause",
        "duty_holder",
        "due",
        "status",
        "evidence",
        "explanation",
    }
    assert set(f["explanation"]) >= {"clause_text", "source", "due_computation", "facts", "reason"}


def test_recording_a_late_report_changes_the_next_check_and_a_breach_exits_1(tmp_path):
    store = tmp_path / "comply.db"
    # Q3 (due 30 December 2017 at 10:00) has no report: the records are not known complete, so unknown
    before = json.loads(comply("check", "--as-of", "2018-01-10", "--format", "json", store=store).stdout)
    q3 = next(f for f in before["findings"] if f["id"] == "tower-hamlets/bv-2017.quarterly-report/3")
    assert q3["status"] == "unknown"
    rec = comply(
        "record",
        "submission",
        "--key",
        "bv-q3",
        "--what",
        "Q3 update report",
        "--clause",
        "bv-2017.quarterly-report",
        "--occurrence",
        "3",
        "--received",
        "2018-01-03T09:00",
        store=store,
    )
    assert rec.returncode == 0, rec.stderr
    after = json.loads(comply("check", "--as-of", "2018-01-10", "--format", "json", store=store).stdout)
    q3 = next(f for f in after["findings"] if f["id"] == "tower-hamlets/bv-2017.quarterly-report/3")
    assert q3["status"] == "met_late"
    assert q3["evidence"] == ["submission:bv-q3"]
    # a breach: a CSIB meeting without the DCS's report
    rec = comply(
        "record",
        "meeting",
        "--key",
        "csib-2017-07-20",
        "--board",
        "csib",
        "--starts-at",
        "2017-07-20T16:00",
        "--item",
        "review-of-risk@csib-chair",
        store=store,
    )
    assert rec.returncode == 0, rec.stderr
    run = comply("check", "--as-of", "2017-08-01", store=store)
    assert run.returncode == 1
    assert "breached" in run.stdout.lower()


def test_explain_shows_the_clause_the_computation_and_the_facts(tmp_path):
    run = comply(
        "explain", "tower-hamlets/bv-2017.quarterly-report/1", "--as-of", "2017-07-01", store=tmp_path / "c.db"
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "10am on 30th June 2017" in out  # the quoted text
    assert "004_52c33124d78cd148.txt" in out  # its source
    assert "10:00 BST on 30 June 2017" in out  # the computation
    assert "between 18:05 BST on 14 June 2017" in out  # the fact
    assert "unknown" in out


def test_explain_an_unknown_id_is_an_error_with_exit_2(tmp_path):
    run = comply("explain", "tower-hamlets/nothing/1", "--as-of", "2017-07-01", store=tmp_path / "c.db")
    assert run.returncode == 2
    assert "no finding" in run.stderr


def test_explain_a_mistyped_reference_names_the_nearest_and_the_command_that_lists_them(tmp_path):
    """An unknown reference is said as every unknown value is (engine.core.errors.unknown): the nearest references,
    then how many are known and the `comply check` (with the same options) that lists them."""
    db = tmp_path / "c.db"
    short = comply("explain", "bv-2017.quarterly-reprot/3", "--as-of", "2017-07-01", store=db)
    assert short.returncode == 2
    assert (
        "no finding 'bv-2017.quarterly-reprot/3' as of midnight at the start of 1 July 2017: did you mean 'bv-2017.quarterly-report/3'"
        in (short.stderr)
    ), short.stderr
    assert "known: `comply check --as-of 2017-07-01` lists them)" in short.stderr
    whole = comply("explain", "tower-hamlets/bv-2017.quarterly-reprot/3", "--as-of", "2017-07-01", store=db)
    assert whole.returncode == 2 and "did you mean 'tower-hamlets/bv-2017.quarterly-report/3'" in whole.stderr


def test_due_lists_what_is_coming_soonest_first(tmp_path):
    run = comply("due", "--within", "120d", "--as-of", "2017-07-01", "--format", "json", store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    dues = [f["due"] for f in doc["findings"]]
    assert dues == sorted(dues) and len(dues) >= 3
    assert doc["findings"][0]["id"] == "tower-hamlets/dfe-2017.5g/1"
    assert "tower-hamlets/bv-2017.quarterly-report/2" in [f["id"] for f in doc["findings"]]


def test_bad_as_of_is_exit_2_with_a_clear_message(tmp_path):
    run = comply("check", "--as-of", "the first of July", store=tmp_path / "c.db")
    assert run.returncode == 2
    assert "--as-of" in run.stderr and "is not a date this reads" in run.stderr
    assert run.stdout == ""


def test_a_malformed_direction_file_is_exit_2_naming_the_file_and_line_and_the_store_is_unchanged(tmp_path):
    store = tmp_path / "c.db"
    assert comply("check", "--as-of", "2017-07-01", store=store).returncode == 0
    before = store.read_bytes()
    folder = tmp_path / "directions"
    folder.mkdir()
    for p in (REPO_ROOT / "directions").glob("*.yaml"):
        (folder / p.name).write_text(p.read_text())
    broken = (folder / "bv-2017.yaml").read_text().replace("every: {months: 3}", "every: {months: three}")
    (folder / "bv-2017.yaml").write_text(broken)
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "months: three" in text)
    run = comply("check", "--as-of", "2017-07-01", store=store, directions=folder)
    assert run.returncode == 2
    assert "bv-2017.yaml" in run.stderr and f"line {line}" in run.stderr and "every.months" in run.stderr
    assert run.stdout == ""
    assert store.read_bytes() == before


def test_a_malformed_import_file_is_exit_2_naming_the_row_and_nothing_is_stored(tmp_path):
    store = tmp_path / "c.db"
    comply("check", "--as-of", "2017-07-01", store=store, check=False)
    before = store.read_bytes()
    bad = tmp_path / "facts.csv"
    bad.write_text(
        "kind,key,what,clause,occurrence,received\n"
        "submissions,q3,Q3 report,bv-2017.quarterly-report,3,2018-01-03T09:00\n"
        "submissions,q4,Q4 report,bv-2017.quarterly-report,4,the spring\n"
    )
    run = comply("import", str(bad), store=store)
    assert run.returncode == 2
    assert "facts.csv" in run.stderr and "row 3" in run.stderr and "received" in run.stderr
    assert "nothing was imported" in run.stderr
    assert store.read_bytes() == before


# -- no silent all-clear ---------------------------------------------------------------------------


def _directions_with(tmp_path, file: str, old: str, new: str):
    folder = tmp_path / "directions"
    shutil.copytree(REPO_ROOT / "directions", folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_direction_naming_an_authority_the_store_does_not_hold_is_an_error_naming_file_line_and_field(tmp_path):
    folder = _directions_with(tmp_path, "bv-2017.yaml", "authority: tower-hamlets", "authority: tower-hamlet")
    run = comply("check", "--as-of", "2017-07-01", store=tmp_path / "c.db", directions=folder)
    assert run.returncode == 2 and run.stdout == ""
    assert (
        f"error: {folder / 'bv-2017.yaml'}, line 14, authority: no authority 'tower-hamlet' in the store" in run.stderr
    )
    assert "in the store: did you mean 'tower-hamlets'? (known: tower-hamlets)" in run.stderr


def test_a_rule_naming_a_board_the_store_does_not_hold_is_an_error_naming_file_line_and_field(tmp_path):
    folder = _directions_with(
        tmp_path, "dfe-2017.yaml", "kind: appointment\n      board: csib", "kind: appointment\n      board: cisb"
    )
    run = comply("check", "--as-of", "2017-07-01", store=tmp_path / "c.db", directions=folder)
    assert run.returncode == 2 and run.stdout == ""
    line = (folder / "dfe-2017.yaml").read_text(encoding="utf-8").splitlines().index("      board: cisb") + 1
    assert (
        f"{folder / 'dfe-2017.yaml'}, line {line}, clauses[3].rule.board: no board 'cisb' of tower-hamlets"
        in run.stderr
    )
    assert (
        "did you mean 'csib'? (known: bv-programme-review-board, bvib, bvib-officers-mayor, cabinet, csib)"
        in run.stderr
    )


def test_an_occurrence_beyond_the_clauses_last_is_refused_and_nothing_stored(tmp_path):
    store = tmp_path / "c.db"
    args = ["record", "submission", "--key", "q99", "--what", "Q99", "--clause", "bv-2017.quarterly-report"]
    run = comply(*args, "--occurrence", "99", "--received", "2018-01-03T09:00", store=store)
    assert run.returncode == 2 and run.stdout == ""
    assert "occurrence: bv-2017.quarterly-report has 6 occurrences while bv-2017 is in force" in run.stderr
    assert "got 99: expected 1 to 6" in run.stderr
    ok = comply(*args, "--occurrence", "6", "--received", "2018-09-29T09:00", store=store)
    assert ok.returncode == 0, ok.stderr


def test_direction_status_varied_is_refused_rather_than_doing_nothing(tmp_path):
    run = comply("record", "direction-status", "--direction", "dfe-2017", "--status", "varied", "--effective",
                 "2018-01-01", store=tmp_path / "c.db")  # fmt: skip
    assert run.returncode == 2 and "status: 'varied' would change nothing" in run.stderr
    assert "supersedes" in run.stderr


def test_a_check_before_any_direction_binds_says_so(tmp_path):
    # the earliest bundled instrument is the constitution's access-to-information rules, read from 10
    # September 2012 (directions/access-to-information.yaml, date_reading)
    run = comply("check", "--as-of", "2012-01-01", store=tmp_path / "c.db")
    assert run.returncode == 0
    assert (
        "No direction binds tower-hamlets on 1 January 2012: the earliest, access-to-information, is dated "
        "10 September 2012" in " ".join(run.stdout.split())  # the sentence is wrapped to the width
    )
    js = comply("check", "--as-of", "2012-01-01", "--format", "json", store=tmp_path / "c.db")
    assert json.loads(js.stdout)["findings"] == [] and "no direction binds tower-hamlets" in js.stderr
    later = comply("check", "--as-of", "2017-07-01", store=tmp_path / "c.db")
    assert "No direction binds" not in later.stdout


def test_due_within_reaches_as_far_as_asked_in_calendar_months(tmp_path):
    """`--within 24m` used to stop at a 400-day look-ahead while saying 744 days, and 3m meant 93 days."""
    store = tmp_path / "c.db"
    far = json.loads(comply("due", "--within", "24m", "--as-of", "2017-07-01", "--format", "json", store=store).stdout)
    assert far["within_days"] == 730  # 1 July 2017 to 1 July 2019
    dues = {f["id"]: f["due"] for f in far["findings"]}
    assert dues["tower-hamlets/dfe-2017.annex-a.reviews/4"] == "2019-04-07T23:59:59+01:00"  # beyond 400 days
    assert max(dues.values()) < "2019-07-01"
    three = comply("due", "--within", "3m", "--as-of", "2017-07-01", store=store)
    assert "Due within 3 calendar months (to 1 October 2017, 92 days) of" in three.stdout


def test_the_nightly_run_refuses_a_direction_naming_an_authority_the_store_does_not_hold(tmp_path):
    """Unattended, a mistyped `authority:` must fail the run, not report zeros for that direction."""
    folder = _directions_with(tmp_path, "bv-2017.yaml", "authority: tower-hamlets", "authority: tower-hamlet")
    run = comply("nightly", "--as-of", "2017-12-01", "--out", str(tmp_path / "runs"), store=tmp_path / "c.db",
                 directions=folder)  # fmt: skip
    assert run.returncode == 2
    assert "bv-2017.yaml, line 14, authority: no authority 'tower-hamlet' in the store" in run.stderr


def test_due_gives_each_finding_the_status_check_gives_at_the_same_instant(tmp_path):
    """`due --within 120d` once evaluated with a 120-day warning window, so its JSON called `due_soon` what
    `check` called `upcoming` at the same instant (issue 17). The window only chooses which findings to list."""
    store = tmp_path / "c.db"
    due = json.loads(comply("due", "--within", "120d", "--as-of", "2017-07-01", "--format", "json", store=store).stdout)
    check = json.loads(comply("check", "--as-of", "2017-07-01", "--format", "json", store=store).stdout)
    statuses = {f["id"]: f["status"] for f in check["findings"]}
    listed = {f["id"]: f["status"] for f in due["findings"]}
    assert listed and {listed[k] for k in listed} == {"due_soon", "upcoming"}
    assert all(statuses[k] == v for k, v in listed.items())
    end = dt.datetime.fromisoformat("2017-10-29T00:00:00+01:00")  # 120 days after 00:00 BST on 1 July 2017
    in_window = {
        f["id"]
        for f in check["findings"]
        if f["status"] in ("due_soon", "upcoming") and dt.datetime.fromisoformat(f["due"]) <= end
    }
    assert set(listed) == in_window


def test_a_printed_reference_typed_up_to_its_tilde_names_its_finding(tmp_path):
    """command-line.md: `explain` accepts a unique beginning of a printed reference. A shortened reference's head
    begins the id's telling part (from the clause's own name on), which the prefix match did not read, so
    'six-weekly-meetings/after-c' (printed 'six-weekly-meetings/after-c~4fc1d44') named no finding."""
    doc = json.loads(comply("check", "--as-of", "1/12/2017", "--format", "json", store=tmp_path / "c.db").stdout)
    findings = [Finding.model_validate(f) for f in doc["findings"]]
    heads = 0
    for f in findings:
        for room in (20, 27, 35):
            printed = reference(f.id, True, room)
            if "~" in printed:
                heads += 1
                assert f in resolve(printed.split("~", 1)[0], findings), printed
    assert heads > 100
    run = comply("explain", "six-weekly-meetings/after-c", "--as-of", "2017-07-01", store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("tower-hamlets/csib-tor.six-weekly-meetings/after-csib-2017-06-12")


def test_a_reference_that_begins_several_findings_says_how_many_and_names_some(tmp_path):
    run = comply("explain", "membership/bvib", "--as-of", "2017-07-01", store=tmp_path / "c.db")
    assert run.returncode == 2
    assert "16 findings as of midnight at the start of 1 July 2017 begin with 'membership/bvib': " in run.stderr
    assert "'bvib-tor.membership/bvib-2017-06-14:chair'" in run.stderr and "and 11 more" in run.stderr
    assert "give more of the reference" in run.stderr and "T00:00" not in run.stderr
