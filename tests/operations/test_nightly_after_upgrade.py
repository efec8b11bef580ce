"""The first nightly run after an upgrade does not cry wolf. Findings are compared by id, and an upgrade may spell ids
anew (or change what a finding holds): compared across it, every finding spelled anew would be told as new. So each run
records the form of its findings (engine.model.findings.FINDING_FORMAT), and a run whose previous completed run has
another form, or none recorded, is not compared with it: a baseline that says so, listing every breach and unknown
standing and calling none new (docs/nightly.md, "After an upgrade"). Real `comply nightly` processes, a store written by
an earlier version of comply (tests/data/store-schema-6.db, its run #1 as of 1 August 2018), and the digest received
by a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from helpers import REPO_ROOT, bundled, store_from
from nightly_support import SmtpServer, comply

from engine.model.findings import FINDING_FORMAT

DATA = REPO_ROOT / "tests" / "data"
COUNCIL = "London Borough of Tower Hamlets"


def old_store(tmp_path: Path) -> tuple[Path, Path]:
    """The store an earlier version of comply wrote (schema 6, one completed run, #1, as of 1 August 2018, its findings
    in that version's form) and the direction files it was checked against, as today's release has them (with the
    clauses added since: their findings are new to the comparison)."""
    store = tmp_path / "old.db"
    store.write_bytes((DATA / "store-schema-6.db").read_bytes())
    then = tmp_path / "directions"
    then.mkdir()
    for name in ("bv-2017.yaml", "dfe-2017.yaml", "bvib-tor.yaml", "csib-tor.yaml"):
        (then / name).write_bytes((REPO_ROOT / "directions" / name).read_bytes())
    return store, then


def night(store: Path, directions: Path, out: Path, as_of: str, smtp: SmtpServer) -> tuple[str, dict]:
    run = comply(
        "--directions",
        str(directions),
        "nightly",
        "--as-of",
        as_of,
        "--out",
        str(out),
        store=store,
        env=smtp.env(to="monitoring.officer@example.org"),
    )
    assert run.returncode in (0, 1), run.stderr
    return run.stdout, json.loads(next(out.glob(f"run-*-{as_of}.json")).read_text())


def rows(store: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(store)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_first_night_after_an_upgrade_lists_the_standing_breaches_and_calls_none_new(tmp_path):
    store, directions = old_store(tmp_path)
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        stdout, doc = night(store, directions, out, "2018-08-02", smtp)
        (digest,) = [m for m in smtp.messages if COUNCIL in m.subject]
        breaches = doc["run"]["counts"]["breached"]
        unknowns = doc["run"]["counts"]["unknown"]
        assert breaches > 0  # breaches stand: the clauses added since the old run find them (before: "new breaches")
        diff = doc["diff"]
        assert diff["before"] is None and diff["not_compared_with"] == 1
        assert "was made by an earlier version of comply (0.1.0+git.75e4c1b)" in diff["not_compared"]
        assert not any(diff["counts"].values())  # nothing new, resolved, vanished...: not compared
        subject = digest.subject.replace("\r\n", "").replace("\n", "")
        assert "new" not in subject.split("(")[0]
        assert subject.startswith(
            f"[comply] {breaches} breaches, {unknowns} unknowns to resolve (not compared with run #1"
        )
        text = digest.text().replace("\r\n", "\n")
        assert (
            "Not compared: the last run, #1, was made by an earlier version of comply (0.1.0+git.75e4c1b), before runs "
            "recorded the form of their findings. Its findings are not compared with tonight's, so nothing is called "
            "new: every breach and unknown standing is listed here" in text
        )
        assert f"\nBREACHES ({breaches})\n" in text and "NEW BREACHES" not in text and "new breach" not in text.lower()
        assert 'id="not-compared"' in digest.html()
        # the Monitoring Officer's reminder of breaches not yet told to them (reminders_sent is empty in the old
        # store) does not call them new either: their ids may be new, the breaches not
        (reminder,) = [m for m in smtp.messages if COUNCIL not in m.subject]
        said = reminder.subject.replace("\r\n", "").replace("\n", "").strip()
        assert said == f"[comply] {breaches} breaches not told under this version's ids (as of 2 August 2018)"
        assert "Not compared: the last run, #1, was made by an earlier version" in reminder.text().replace("\r\n", "\n")
        assert "new breach" not in reminder.text().lower() and 'id="not-compared"' in reminder.html()
        flat = " ".join(stdout.split())
        assert "new breach" not in flat and "none called new" in flat
        assert "not compared: the last run, #1, was made by an earlier version of comply" in flat
        # the run records its own form, and no run it was compared with
        assert rows(store, "SELECT id, previous_run, finding_format FROM nightly_runs ORDER BY id") == [
            (1, None, None),
            (2, None, FINDING_FORMAT),
        ]
        # the next night compares with it, finding by finding, as every night
        stdout, doc = night(store, directions, out, "2018-08-03", smtp)
    assert doc["diff"]["before"] == 2 and doc["diff"]["not_compared"] is None
    assert "nothing new to do" in stdout and "since run #2: 0 new breaches" in " ".join(stdout.split())


def test_a_run_whose_stored_findings_this_version_cannot_read_is_not_compared_and_the_night_completes(tmp_path):
    """The same form recorded, but a finding stored in a form this version cannot read (a status renamed): the run
    says so and lists everything, rather than failing every night from then on on a run it cannot read."""
    with store_from(bundled(), tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        night(store, REPO_ROOT / "directions", out, "2017-12-01", smtp)
        con = sqlite3.connect(store)
        with con:
            con.execute("UPDATE nightly_findings SET finding = replace(finding, '\"unknown\"', '\"not_known\"')")
        con.close()
        stdout, doc = night(store, REPO_ROOT / "directions", out, "2017-12-02", smtp)
    assert doc["run"]["status"] == "completed" and doc["diff"]["not_compared_with"] == 1
    assert doc["diff"]["not_compared"].startswith("the findings of the last run, #1, cannot be read by this version")
    assert "in a form this version of comply cannot read (status:" in doc["diff"]["not_compared"]
    assert "none called new" in " ".join(stdout.split())


def test_a_run_of_another_finding_format_is_named_with_both_forms_and_comply_diff_refuses_to_compare(tmp_path):
    with store_from(bundled(), tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        night(store, REPO_ROOT / "directions", out, "2017-12-01", smtp)
        con = sqlite3.connect(store)
        with con:
            con.execute("UPDATE nightly_runs SET finding_format=? WHERE id=1", (FINDING_FORMAT + 1,))
        con.close()
        _, doc = night(store, REPO_ROOT / "directions", out, "2017-12-02", smtp)
    assert f"(finding format {FINDING_FORMAT + 1}; this version's is {FINDING_FORMAT})" in doc["diff"]["not_compared"]
    refused = comply("diff", "1", "2", store=store)
    assert refused.returncode == 2
    said = " ".join(refused.stderr.split())
    assert "runs #1 and #2 cannot be compared finding by finding" in said
    assert f"run #1: finding format {FINDING_FORMAT + 1}" in said and f"run #2: finding format {FINDING_FORMAT}" in said
