"""Safe to leave alone: a run killed at any moment, a concurrent run, the same as-of
twice, an engine error, a mail relay that is down. Real `comply` processes killed with SIGKILL,
a real SQLite file, a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from helpers import REPO_ROOT, bundled_store
from nightly_support import SmtpServer, comply, free_port, refusing_evaluator, release, start_paused

from engine.core import calendar
from engine.operations import nightly, runlock
from engine.outputs import digest
from engine.store.sqlite import Store


def table(store: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(store)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def snapshot(store: Path, run_id: int) -> tuple[list[tuple], list[tuple]]:
    """A completed run's row and findings, to prove a later failure left them untouched."""
    return (
        table(store, "SELECT * FROM nightly_runs WHERE id=?", run_id),
        table(store, "SELECT * FROM nightly_findings WHERE run=? ORDER BY finding_id", run_id),
    )


@pytest.fixture
def baseline(tmp_path) -> tuple[Path, Path]:
    """A store from the bundled data with one completed run (#1, as of 1 December 2017)."""
    with bundled_store(tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    first = comply("nightly", "--as-of", "2017-12-01", "--out", str(out), store=store)
    assert first.returncode == 0, first.stderr
    return store, out


@pytest.mark.parametrize("stage", ["after_running_row", "evaluating", "in_commit"])
def test_a_run_killed_at_any_stage_leaves_the_previous_run_intact_and_shows_as_failed(baseline, tmp_path, stage):
    store, out = baseline
    before = snapshot(store, 1)
    assert len(before[1]) > 50
    proc = start_paused(stage, tmp_path / "pause", "--as-of", "2017-12-02", "--out", str(out), store=store)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # the store: run 1 as it was; the killed run #2 is a lone "running" row with no findings
    assert snapshot(store, 1) == before
    assert table(store, "SELECT id, status, ended_at FROM nightly_runs ORDER BY id") == [
        (1, "completed", before[0][0][5]),
        (2, "running", None),
    ]
    assert table(store, "SELECT COUNT(*) FROM nightly_findings WHERE run=2") == [(0,)]
    assert not list(out.glob("run-2-*"))
    # the kernel released the lock with the process (and with its evaluation worker, which the
    # kernel kills when its parent dies: a moment later)
    deadline = time.monotonic() + 60  # a wait, not a timing (a loaded machine)
    while runlock.lock_is_held(store):
        assert time.monotonic() < deadline, "the lock outlived the killed run"
        time.sleep(0.05)

    # comply history shows it as failed (nothing holds the lock, so its process is gone)
    hist = json.loads(comply("history", "--format", "json", store=store).stdout)
    killed = next(r for r in hist if r["id"] == 2)
    assert killed["status"] == "failed" and "killed or crashed" in killed["error"]

    # the next run marks it failed in the store, compares with run 1, and succeeds
    nxt = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store)
    assert nxt.returncode == 0, nxt.stderr
    assert "since run #1" in nxt.stdout
    rows = table(store, "SELECT id, status, error FROM nightly_runs ORDER BY id")
    assert [(r[0], r[1]) for r in rows] == [(1, "completed"), (2, "failed"), (3, "completed")]
    assert f"pid {proc.pid}" in rows[1][2] and "found by run #3" in rows[1][2]
    assert snapshot(store, 1) == before
    events = [json.loads(line) for line in (out / "nightly.log").read_text().splitlines()]
    assert any(e["event"] == "earlier run found abandoned: marked failed" and e["abandoned_run"] == 2 for e in events)


def test_a_concurrent_run_exits_2_at_once_naming_the_lock_and_the_running_run(baseline, tmp_path):
    store, out = baseline
    first = start_paused(
        "after_running_row", tmp_path / "pause", "--as-of", "2017-12-02", "--out", str(out), store=store
    )
    try:
        started = time.monotonic()
        second = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store, timeout=60)
        assert time.monotonic() - started < 15  # at once, not after waiting for the first
        assert second.returncode == 2
        assert second.stdout == ""
        line = second.stderr.strip().splitlines()[-1]
        assert line.startswith(f"error: {store}.nightly.lock: another nightly run holds this lock")
        assert f"run #2 as of 2017-12-02, pid {first.pid}" in line
        # history while it runs: shown as running, not failed
        hist = json.loads(comply("history", "--format", "json", store=store).stdout)
        assert hist[0]["id"] == 2 and hist[0]["status"] == "running"
    finally:
        release("after_running_row", tmp_path / "pause")
        stdout, stderr = first.communicate(timeout=60)
    assert first.returncode == 0, stderr
    assert table(store, "SELECT id, status FROM nightly_runs ORDER BY id") == [(1, "completed"), (2, "completed")]


def test_the_same_as_of_date_twice_records_no_duplicates(baseline):
    store, out = baseline
    again = comply("nightly", "--as-of", "2017-12-01T06:00", "--out", str(out), store=store)
    assert again.returncode == 0, again.stderr
    rows = table(store, "SELECT id, as_of_date, status, replaced_by FROM nightly_runs ORDER BY id")
    assert rows == [(1, "2017-12-01", "replaced", 2), (2, "2017-12-01", "completed", None)]
    assert table(store, "SELECT DISTINCT run FROM nightly_findings") == [(2,)]
    # a replaced run has no findings to compare, and says by whom it was replaced
    bad = comply("diff", "1", "2", store=store)
    assert bad.returncode == 2 and "run #1 is replaced by run #2" in bad.stderr
    # the next night compares with the replacement
    nxt = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store)
    assert "since run #2" in nxt.stdout


def test_an_engine_error_fails_the_run_loudly_and_sends_no_all_clear(tmp_path):
    with bundled_store(tmp_path) as s:
        path = s.path
    out = tmp_path / "runs"
    opener = lambda: Store.open(path)  # noqa: E731
    with SmtpServer() as smtp:
        cfg = digest.load_mail_config(None, smtp.env("mo@example.org"))
        ok = nightly.run_nightly(
            path, opener, REPO_ROOT / "directions", calendar.as_of_instant("2017-12-01"), 30, out, cfg
        )
        assert ok.exit_code == 0 and len(smtp.messages) == 1
        before = snapshot(path, ok.run.id)
        bad = nightly.run_nightly(
            path,
            opener,
            REPO_ROOT / "directions",
            calendar.as_of_instant("2017-12-02"),
            30,
            out,
            cfg,
            evaluator=refusing_evaluator,
        )
        assert bad.exit_code == 2
        assert bad.run.status == "failed" and bad.run.error.startswith("EngineError: obligation")
        assert "exactly one is required" in bad.run.error
        assert snapshot(path, ok.run.id) == before
        assert table(path, "SELECT COUNT(*) FROM nightly_findings WHERE run=?", bad.run.id) == [(0,)]
        assert len(smtp.messages) == 2
        notice = smtp.messages[1]
        # the as-of day in words (stdlib's parser keeps the space of a folded header's first line)
        assert notice.subject.strip().startswith(f"[comply] nightly run #{bad.run.id} FAILED (2 December 2017, ")
        assert "FAILED" in notice.html() and "EngineError" in notice.html() and "EngineError" in notice.text()
        assert "Breaches standing" not in notice.html()  # no results, no all clear
    page = (out / f"run-{bad.run.id}-2017-12-02.html").read_text()
    assert "The run FAILED" in page
    events = [json.loads(line) for line in (out / "nightly.log").read_text().splitlines()]
    failed = [e for e in events if e["event"] == "run failed"]
    assert failed and failed[0]["level"] == "error" and "EngineError" in failed[0]["error"]
    assert events[-1]["event"] == "email sent" and events[-1]["kind"] == "failed-run notice"


def test_a_bad_direction_file_fails_the_run_with_exit_2_and_the_file_named(baseline, tmp_path):
    store, out = baseline
    broken = tmp_path / "directions"
    broken.mkdir()
    for p in (REPO_ROOT / "directions").glob("*.yaml"):
        (broken / p.name).write_text(p.read_text())
    (broken / "bv-2017.yaml").write_text("id: [unclosed\n")
    run = comply(
        "nightly", "--as-of", "2017-12-02", "--out", str(out), store=store, env={"COMPLY_DIRECTIONS": str(broken)}
    )
    assert run.returncode == 2
    assert "nightly run #2 FAILED" in run.stderr and "bv-2017.yaml" in run.stderr
    assert table(store, "SELECT id, status FROM nightly_runs ORDER BY id") == [(1, "completed"), (2, "failed")]


def test_no_change_and_no_breach_sends_nothing_and_says_so(tmp_path):
    with bundled_store(tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        first = comply("nightly", "--as-of", "2017-12-05", "--out", str(out), store=store, env=smtp.env())
        second = comply("nightly", "--as-of", "2017-12-06", "--out", str(out), store=store, env=smtp.env())
        assert first.returncode == 0 and second.returncode == 0, second.stderr
        doc = json.loads((out / "run-2-2017-12-06.json").read_text())
        assert not any(doc["diff"]["counts"].values()) and doc["run"]["counts"]["breached"] == 0
        assert len(smtp.messages) == 1  # the first run's baseline digest only
    assert "email: skipped: no change and no breach" in second.stdout
    events = [json.loads(line) for line in (out / "nightly.log").read_text().splitlines()]
    assert events[-1]["event"] == "email skipped: no change and no breach" and events[-1]["run"] == 2


def test_a_mail_relay_that_is_down_keeps_the_run_and_exits_2(baseline):
    store, out = baseline
    env = {
        "COMPLY_SMTP_HOST": "127.0.0.1",
        "COMPLY_SMTP_PORT": str(free_port()),
        "COMPLY_SMTP_TLS": "none",
        "COMPLY_MAIL_FROM": "comply@example.org",
        "COMPLY_MAIL_TO": "mo@example.org",
    }
    run = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store, env=env)
    assert run.returncode == 2
    assert "nightly run #2 is recorded, but its email was not sent" in run.stderr
    ((status, mail),) = table(store, "SELECT status, mail FROM nightly_runs WHERE id=2")
    assert status == "completed" and mail.startswith("failed: ConnectionRefusedError")
    assert (out / "run-2-2017-12-02.json").exists()


def test_mail_settings_from_a_toml_file_with_the_environment_winning(tmp_path):
    cfg_file = tmp_path / "mail.toml"
    cfg_file.write_text(
        '[smtp]\nhost = "relay.example.org"\nport = 2525\ntls = "starttls"\nuser = "comply"\n'
        'password = "s3cret"\nfrom = "comply@example.org"\nto = ["a@example.org", "b@example.org"]\n'
    )
    cfg = digest.load_mail_config(cfg_file, {"COMPLY_SMTP_PORT": "587"})
    assert cfg == digest.MailConfig(
        host="relay.example.org",
        port=587,
        tls="starttls",
        user="comply",
        password="s3cret",
        sender="comply@example.org",
        recipients=("a@example.org", "b@example.org"),
    )
    assert digest.load_mail_config(None, {}) is None
    with pytest.raises(ValueError, match="COMPLY_SMTP_TLS: expected one of none, starttls, ssl, got 'tls'"):
        digest.load_mail_config(cfg_file, {"COMPLY_SMTP_TLS": "tls"})
    cfg_file.write_text('[smtp]\nhost = "relay.example.org"\nfrom = "x@example.org"\nrecipients = "a@example.org"\n')
    with pytest.raises(ValueError, match=r"mail.toml: \[smtp\] recipients: unknown setting"):
        digest.load_mail_config(cfg_file, {})


def test_a_bad_mail_setting_stops_before_the_run_with_one_clear_line(baseline):
    store, out = baseline
    run = comply(
        "nightly",
        "--as-of",
        "2017-12-02",
        "--out",
        str(out),
        store=store,
        env={
            "COMPLY_SMTP_HOST": "127.0.0.1",
            "COMPLY_SMTP_PORT": "smtp",
            "COMPLY_MAIL_TO": "a@example.org",
            "COMPLY_MAIL_FROM": "c@example.org",
            "COMPLY_SMTP_TLS": "none",
        },
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == "error: COMPLY_SMTP_PORT: expected a port number, got 'smtp'"
    assert table(store, "SELECT COUNT(*) FROM nightly_runs") == [(1,)]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # ssl: the whole session is TLS
@pytest.mark.parametrize("tls", ["starttls", "ssl"])
def test_the_digest_goes_over_tls_with_credentials_and_a_wrong_password_is_a_mail_failure(baseline, tmp_path, tls):
    store, out = baseline
    with SmtpServer(tls=tls, auth=("comply", "s3cret"), ca_dir=tmp_path) as smtp:
        env = {**smtp.env("mo@example.org"), "COMPLY_SMTP_USER": "comply", "COMPLY_SMTP_PASSWORD": "s3cret"}
        ok = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store, env=env)
        assert ok.returncode == 0, ok.stderr
        assert smtp.authenticator.attempts == [("comply", True)]
        assert len(smtp.messages) == 1 and smtp.messages[0].rcpt_tos == ["mo@example.org"]
        assert "2 newly due soon" in smtp.messages[0].subject

        wrong = comply(
            "nightly",
            "--as-of",
            "2018-01-10",
            "--out",
            str(out),
            store=store,
            env={**env, "COMPLY_SMTP_PASSWORD": "guess"},
        )
        assert wrong.returncode == 2
        assert "SMTPAuthenticationError" in wrong.stderr
        assert len(smtp.messages) == 1
        attempts = list(smtp.authenticator.attempts)
        assert attempts[0] == ("comply", True) and attempts[1:] and set(attempts[1:]) == {("comply", False)}
        # without the CA, the relay's certificate is not trusted: nothing is sent in clear instead
        untrusted = comply(
            "nightly",
            "--as-of",
            "2018-07-01",
            "--out",
            str(out),
            store=store,
            env={k: v for k, v in env.items() if k != "COMPLY_SMTP_CAFILE"},
        )
        assert untrusted.returncode == 2 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
        assert smtp.authenticator.attempts == attempts  # no credentials offered to an untrusted server
    rows = table(store, "SELECT id, status, substr(mail, 1, 40) FROM nightly_runs WHERE id > 1 ORDER BY id")
    assert [(r[0], r[1]) for r in rows] == [(2, "completed"), (3, "completed"), (4, "completed")]
    assert rows[0][2] == "sent to mo@example.org"
    assert rows[1][2].startswith("failed: SMTPAuthenticationError")


def test_a_run_killed_while_holding_the_lock_before_recording_leaves_nothing(baseline, tmp_path):
    store, out = baseline
    before = snapshot(store, 1)
    proc = start_paused("locked", tmp_path / "pause", "--as-of", "2017-12-02", "--out", str(out), store=store)
    assert runlock.lock_is_held(store)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not runlock.lock_is_held(store)
    assert snapshot(store, 1) == before
    assert table(store, "SELECT id FROM nightly_runs") == [(1,)]


def test_nightly_history_and_diff_on_a_store_that_does_not_exist_say_so(tmp_path):
    """A mistyped $COMPLY_STORE in the crontab: exit 2 naming the path and `comply init`, never a
    run on a new store of demo data, and nothing written (no store, no lock file, no folder)."""
    missing = tmp_path / "no" / "nowhere.db"
    for args in (("nightly", "--out", str(tmp_path / "runs")), ("history",), ("diff", "1", "2")):
        run = comply(*args, store=missing)
        assert run.returncode == 2 and run.stdout == ""
        assert run.stderr.startswith(
            f"error: {missing}: no such store (--store, $COMPLY_STORE); create it with `comply init {missing}`"
        )
    assert not (tmp_path / "no").exists() and not (tmp_path / "runs").exists()


def test_files_that_cannot_be_written_keep_the_run_send_the_mail_and_exit_2(baseline):
    store, out = baseline
    (out / "run-2-2017-12-02.json").mkdir()  # in the way of the run's JSON file
    with SmtpServer() as smtp:
        run = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store, env=smtp.env())
        assert len(smtp.messages) == 1 and "2 newly due soon" in smtp.messages[0].subject
    assert run.returncode == 2
    assert "nightly run #2 is recorded, but its files in" in run.stderr and "is a folder" in run.stderr
    assert table(store, "SELECT id, status FROM nightly_runs ORDER BY id") == [(1, "completed"), (2, "completed")]
    events = [json.loads(line) for line in (out / "nightly.log").read_text().splitlines()]
    assert any(e["event"] == "outputs failed" and e["run"] == 2 for e in events)


def test_a_night_lost_to_a_kill_is_emailed_by_the_next_run_even_when_all_else_is_quiet(tmp_path):
    """No change and no breach sends nothing, except when the run before died unfinished: that
    night's loss is reported, or nobody would hear of it."""
    with bundled_store(tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        assert (
            comply("nightly", "--as-of", "2017-12-05", "--out", str(out), store=store, env=smtp.env()).returncode == 0
        )
        killed = start_paused(
            "evaluating", tmp_path / "pause", "--as-of", "2017-12-06", "--out", str(out), store=store, env=smtp.env()
        )
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        nxt = comply("nightly", "--as-of", "2017-12-06", "--out", str(out), store=store, env=smtp.env())
        assert nxt.returncode == 0, nxt.stderr
        assert len(smtp.messages) == 2, [m.subject for m in smtp.messages]
        notice = smtp.messages[1]
        assert "earlier run #2 died unfinished: FAILED" in notice.subject
        assert "Earlier run #2 ended without completing (killed or crashed)" in notice.text()


def test_a_log_file_that_cannot_be_written_does_not_stop_the_run(baseline):
    store, out = baseline
    (out / "nightly.log").unlink()
    (out / "nightly.log").mkdir()  # a folder where the log file should be
    run = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store)
    assert run.returncode == 0, run.stderr
    assert table(store, "SELECT id, status FROM nightly_runs ORDER BY id") == [(1, "completed"), (2, "completed")]
    events = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    assert events[0]["event"] == "log file cannot be written: logging to stderr"
    assert any(e["event"] == "run committed" and e["run"] == 2 for e in events)
