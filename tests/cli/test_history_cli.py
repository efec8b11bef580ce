"""`comply fact`, `correct`, `withdraw`, `redact`, `import` again, `--known-at` and `nightly --replay`,
run as a user runs them: a real process, a real SQLite file."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import yaml
from helpers import bundled, comply, store_from

from engine.cli.app import REPO_ROOT
from engine.core import calendar

Q1 = "submission:bv-2017-q1-report"
FINDING = "tower-hamlets/bv-2017.quarterly-report/1"


def _status(result, finding_id: str = FINDING) -> str:
    assert result.returncode in (0, 1), result.stderr
    return next(f["status"] for f in json.loads(result.stdout)["findings"] if f["id"] == finding_id)


def _demo(tmp_path: Path) -> Path:
    """A store holding the bundled data, imported as a user would."""
    store_from(bundled(), tmp_path, "c.db").close()
    return tmp_path / "c.db"


def _versions(store: Path, fact_id: str) -> list[dict]:
    shown = comply("fact", fact_id, "--format", "json", store=store, check=True)
    return json.loads(shown.stdout)[fact_id]["versions"]


def test_correct_then_check_known_at_before_and_after(tmp_path):
    store = _demo(tmp_path)
    assert _status(comply("check", "--as-of", "2017-08-01", "--format", "json", store=store)) == "unknown"
    recorded_at = _versions(store, Q1)[0]["recorded_at"]
    fixed = comply(
        "correct",
        Q1,
        "--set",
        "received=2017-07-05T10:00",
        "--set",
        "received_between=null",
        "--reason",
        "the covering letter is dated 5 July 2017",
        store=store,
    )
    assert fixed.returncode == 0, fixed.stderr
    assert _status(comply("check", "--as-of", "2017-08-01", "--format", "json", store=store)) == "met_late"
    # as the store stood before the correction (its first version was recorded at recorded_at)
    before = comply("check", "--as-of", "2017-08-01", "--known-at", recorded_at, "--format", "json", store=store)
    assert _status(before) == "unknown"
    versions = _versions(store, Q1)
    assert [v["operation"] for v in versions] == ["assert", "correct"]
    assert versions[1]["reason"] == "the covering letter is dated 5 July 2017"
    assert versions[1]["recorded_by"].startswith("comply correct (OS user ")
    assert versions[1]["changes"]["received"] == {"before": None, "after": "2017-07-05T10:00:00+01:00"}
    text = comply("fact", Q1, store=store, check=True).stdout
    assert "version 2, correct, recorded " in text and "the covering letter is dated 5 July 2017" in text
    assert "received: null -> 2017-07-05T10:00:00+01:00" in text
    # the board report and explain take --known-at too
    out = tmp_path / "board.html"
    made = comply("report", "--as-of", "2017-08-01", "--known-at", recorded_at, "--out", str(out), store=store)
    assert made.returncode == 0, made.stderr
    explained = comply("explain", FINDING, "--as-of", "2017-08-01", "--known-at", recorded_at, store=store)
    assert "unknown" in explained.stdout.lower()


def test_a_bad_correction_is_exit_2_naming_the_field_and_stores_nothing(tmp_path):
    store = _demo(tmp_path)
    for args, words in (
        (["--set", "colour=red"], "--set colour: no field 'colour'"),
        (["--set", "occurrence=zero"], "--set occurrence:"),
        (["--set", "key=other"], "key is part of the fact's id"),
        (["--set", "occurrence"], "expected FIELD=VALUE"),
    ):
        result = comply("correct", Q1, *args, "--reason", "test", store=store)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith("error: ") and words in result.stderr, result.stderr
    assert len(_versions(store, Q1)) == 1


def test_withdraw_and_redact_on_the_command_line(tmp_path):
    store = _demo(tmp_path)
    gone = comply("withdraw", "meeting:bvib-2017-06-14", "--reason", "entered twice", store=store)
    assert gone.returncode == 0, gone.stderr
    again = comply("withdraw", "meeting:bvib-2017-06-14", "--reason", "again", store=store)
    assert again.returncode == 2 and "already withdrawn" in again.stderr
    assert [v["operation"] for v in _versions(store, "meeting:bvib-2017-06-14")] == ["assert", "withdraw"]
    erased = comply("redact", "person:john-biggs", "--field", "name", "--reason", "UK GDPR art. 17", store=store)
    assert erased.returncode == 0, erased.stderr
    shown = json.loads(comply("fact", "person:john-biggs", "--format", "json", store=store, check=True).stdout)
    assert "Biggs" not in json.dumps(shown["person:john-biggs"]["versions"])
    assert shown["person:john-biggs"]["redactions"][0]["field"] == "name"
    assert shown["person:john-biggs"]["redactions"][0]["reason"] == "UK GDPR art. 17"


def test_a_re_import_stores_nothing_and_a_changed_fact_is_refused_naming_comply_correct(tmp_path):
    store = _demo(tmp_path)
    again = comply("import", str(tmp_path / "c.db.facts.yaml"), store=store)
    assert (
        again.returncode == 0 and "imported 0 facts" in again.stderr and "101 already stored unchanged" in again.stderr
    )
    data = bundled()
    next(m for m in data["meetings"] if m["key"] == "bvib-2017-06-14")["starts_at"] = "2017-06-14T18:30"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    refused = comply("import", str(changed), store=store)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "meeting:bvib-2017-06-14: already stored with starts_at '2017-06-14T18:05:00+01:00'" in refused.stderr
    assert "comply correct meeting:bvib-2017-06-14 --set 'starts_at=2017-06-14T18:30:00+01:00'" in refused.stderr
    assert "sqlite" not in refused.stderr.lower() and "Traceback" not in refused.stderr
    assert len(_versions(store, "meeting:bvib-2017-06-14")) == 1
    synced = comply("import", str(changed), "--source-of-record", store=store)
    assert synced.returncode == 0 and "imported 1 facts" in synced.stderr, synced.stderr
    assert [v["operation"] for v in _versions(store, "meeting:bvib-2017-06-14")] == ["assert", "correct"]


def test_a_nightly_replay_reproduces_the_run_after_a_correction_and_an_edited_direction(tmp_path):
    store, directions, out = _demo(tmp_path), tmp_path / "directions", tmp_path / "runs"
    shutil.copytree(REPO_ROOT / "directions", directions)
    run = comply("nightly", "--as-of", "2017-08-01", "--out", str(out), store=store, directions=directions)
    assert run.returncode in (0, 1), run.stderr
    recorded = json.loads((out / "run-1-2017-08-01.json").read_text(encoding="utf-8"))
    assert _status(comply("check", "--as-of", "2017-08-01", "--format", "json", store=store)) == "unknown"
    # afterwards: a fact is corrected and a direction file is edited; both change today's answer
    fixed = comply(
        "correct",
        Q1,
        "--set",
        "received=2017-06-20T10:00",
        "--set",
        "received_between=null",
        "--reason",
        "x",
        store=store,
    )
    assert fixed.returncode == 0, fixed.stderr
    bv = directions / "bv-2017.yaml"
    text = bv.read_text(encoding="utf-8")
    bv.write_text(
        text.replace("title: Best Value directions", "title: Edited Best Value directions", 1), encoding="utf-8"
    )
    now = comply("check", "--as-of", "2017-08-01", "--format", "json", store=store, directions=directions)
    assert _status(now) == "met"
    assert json.loads(now.stdout)["findings"] != recorded["findings"]
    # the replay answers with the facts as then known and the direction texts the run read
    replayed = comply("nightly", "--replay", "1", store=store, directions=directions)
    assert replayed.returncode == 0, replayed.stderr
    assert "identical to the" in replayed.stdout and "findings the run recorded" in replayed.stdout
    history = json.loads(comply("history", "--format", "json", store=store, check=True).stdout)
    assert history[0]["known_at"].endswith("+00:00")


def test_a_replay_of_a_run_made_in_another_finding_format_says_the_form_changed(tmp_path):
    """A run recorded by a version whose findings have another form (docs/nightly.md, "After an upgrade") replays with
    differences that may be nothing but the form: the replay says so, as the nightly run does; a run of this form does
    not."""
    import sqlite3

    store, out = _demo(tmp_path), tmp_path / "runs"
    assert comply("nightly", "--as-of", "2017-08-01", "--out", str(out), store=store).returncode in (0, 1)
    con = sqlite3.connect(store)
    with con:  # an id spelled another way by the earlier version
        con.execute("UPDATE nightly_findings SET finding_id = finding_id || '-then', finding = "
                    "json_set(finding, '$.id', json_extract(finding, '$.id') || '-then') WHERE run = 1 AND rowid = "
                    "(SELECT min(rowid) FROM nightly_findings WHERE run = 1)")  # fmt: skip
    same_form = comply("nightly", "--replay", "1", store=store)
    assert same_form.returncode == 2 and "differs from its record in 2 findings" in same_form.stderr
    assert "form of findings" not in same_form.stderr
    with con:
        con.execute("UPDATE nightly_runs SET finding_format = NULL WHERE id = 1")
    con.close()
    older = comply("nightly", "--replay", "1", store=store)
    assert older.returncode == 2 and "differs from its record in 2 findings" in older.stderr
    assert (
        "(the form of findings changed: nightly run #1 was made by an earlier version of comply" in older.stderr
        and "before runs recorded the form of their findings" in older.stderr
        and "After an upgrade" in older.stderr
    ), older.stderr


def test_a_known_at_before_the_store_held_the_authority_says_the_earliest_time_it_can_be(tmp_path):
    """The README's `--known-at` example, given a time before a store made today, said only that nothing had been
    recorded by an ISO instant; it now says when the first record was made, in words, and to give a time since."""
    store = _demo(tmp_path)
    run = comply("check", "--known-at", "1/1/2020 09:00", store=store)
    assert run.returncode == 2
    assert "nothing about 'tower-hamlets' had been recorded by 09:00 GMT on 1 January 2020 (--known-at)" in run.stderr
    with sqlite3.connect(store) as conn:
        first = conn.execute("SELECT MIN(recorded_at) FROM fact_versions WHERE kind = 'authority'").fetchone()[0]
    said = calendar.human(calendar.parse_instant(first))
    assert f"its first record is of {said}; give a time since then" in run.stderr
