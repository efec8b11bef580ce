"""Failing storage reported as what it is: every command that writes ends with exit 2 and one line
saying read-only (and why), disk full, locked by another process (and how long it waited), not a
SQLite file or damaged; nothing is changed. Real conditions only: a store file this process may not
write (chmod for a user; the immutable attribute for root, whom chmod does not stop), a read-only mount and a full
tmpfs (where this machine lets root mount one), SQLite's own size limit (`PRAGMA max_page_count`,
everywhere), and a second process holding `BEGIN IMMEDIATE`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import COMPLY, bundled, comply, init_demo, report, run_comply
from nightly_support import start_paused

from engine.cli.app import REPO_ROOT
from engine.core.errors import StoreError
from engine.model import facts as F
from engine.store import runs
from engine.store.sqlite import Store

ROOT = os.geteuid() == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(proc: subprocess.CompletedProcess) -> str:
    """The one error line of a refused command (exit 2, nothing on stdout, no traceback)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def more_facts(folder: Path) -> Path:
    """A small facts file adding one submission to the demo authority."""
    path = folder / "more.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "authority": bundled()["authority"],
                "submissions": [
                    {
                        "key": "storage-test",
                        "what": "A report recorded by the storage tests",
                        "received": "2017-07-03T10:00",
                        "source": "test",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


#: every command that writes to the store, as (name, argv, stdin): each must refuse cleanly
def writers(folder: Path) -> list[tuple[str, list[str], str | None]]:
    plan = REPO_ROOT / "engine" / "store" / "data" / "improvement-plan-2017-18.csv"
    cmds: list[tuple[str, list[str], str | None]] = [
        ("import", ["import", str(more_facts(folder))], None),
        (
            "record",
            ["record", "submission", "--key", "st-2", "--what", "A report", "--received", "2017-07-03T10:00"],
            None,
        ),
        (
            "correct",
            ["correct", "submission:bv-2017-q1-report", "--set", "note=checked", "--reason", "storage test"],
            None,
        ),
        ("withdraw", ["withdraw", "submission:bv-2017-q1-report", "--reason", "storage test"], None),
        ("user add", ["user", "add", "mo", "--role", "editor", "--password-stdin"], "long enough password\n"),
        ("import-plan", ["import-plan", str(plan), "--reported-on", "2017-09-11"], None),
        ("nightly", ["nightly", "--as-of", "2017-07-01", "--out", str(folder / "runs")], None),
    ]
    return cmds


def run_as(
    argv: list[str], store: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`comply ARGV` on the store, in this process (helpers.run_comply): the lock holder is always another process."""
    return run_comply(argv, env={**os.environ, "COMPLY_STORE": str(store), **(env or {})}, stdin=stdin, timeout=180)


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A demo store this process may not write, and the words that say why: chmod 444 for a user;
    for root, whom chmod does not stop, the immutable attribute (`chattr +i`; skipped where root
    may not set it)."""
    store = init_demo(tmp_path / "comply.db")
    if not ROOT:
        store.chmod(0o444)
        yield store, "r--r--r--"
        store.chmod(0o644)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(store)], capture_output=True).returncode:
        pytest.skip("root here may not set the immutable attribute")
    try:
        yield store, "chattr -i"
    finally:
        subprocess.run(["chattr", "-i", str(store)], check=False)


def test_a_store_file_this_process_may_not_write_is_reported_as_read_only(
    unwritable: tuple[Path, str], tmp_path: Path
) -> None:
    store, why = unwritable
    before = digest(store)
    for name, argv, stdin in writers(tmp_path):
        line = one_line(run_as(argv, store, stdin=stdin))
        assert "the store is read-only" in line and why in line, (name, line)
        assert "cannot rollback" not in line, (name, line)
        assert digest(store) == before, name
    assert run_as(["check", "--as-of", "2017-07-01"], store).returncode in (0, 1)  # reading still works


def _mount_tmpfs(folder: Path, size: str) -> bool:
    if not ROOT or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs of our own (root where mounting is permitted; skipped elsewhere: the
    max_page_count test below makes a store full on every machine)."""
    folder = tmp_path / "mnt"
    folder.mkdir()
    if not _mount_tmpfs(folder, "16m"):
        pytest.skip("cannot mount a tmpfs here (not root, or no permission)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_store_on_a_read_only_mount_is_reported_as_read_only(tmpfs: Path, tmp_path: Path) -> None:
    store = init_demo(tmpfs / "comply.db")
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    before = digest(store)
    for name, argv, stdin in writers(tmp_path):
        if name == "nightly":  # its lock file beside the store cannot be made: a LockError of its own
            line = one_line(run_as(argv, store, stdin=stdin))
            assert "lock cannot be taken" in line and "Read-only file system" in line, line
            continue
        line = one_line(run_as(argv, store, stdin=stdin))
        assert "the store is read-only" in line and "mounted read-only" in line, (name, line)
        assert digest(store) == before, name


def test_a_full_disk_is_reported_as_a_full_disk_and_nothing_is_stored(tmpfs: Path, tmp_path: Path) -> None:
    store = init_demo(tmpfs / "comply.db")
    with Store.open(store) as s:
        counts = s.counts()
    filler = tmpfs / "filler"
    # every byte left on the file system; unbuffered, so that closing the file has nothing left to write
    # (a buffered writer keeps the part of a block that did not fit and raises ENOSPC again on close)
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    # a big import: many new facts, more than any free page could hold
    data = bundled()
    for i in range(3000):
        data["submissions"].append(
            {"key": f"bulk-{i}", "what": "x" * 400, "received": "2017-07-03T10:00", "source": "test " * 40}
        )
    big = tmp_path / "big.yaml"
    big.write_text(yaml.safe_dump(data), encoding="utf-8")
    line = one_line(comply("import", str(big), store=store, init=False))
    assert "the disk is full" in line and "database or disk is full" in line, line
    assert "cannot rollback" not in line, line
    filler.unlink()
    with Store.open(store) as s:
        assert s.counts() == counts
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_store_at_its_size_limit_refuses_a_write_as_full_and_keeps_nothing(tmp_path: Path) -> None:
    """Everywhere (no mount needed): SQLite's max_page_count makes the store full for real."""
    path = init_demo(tmp_path / "comply.db")
    with Store.open(path) as store:
        before = store.counts()
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        facts = [
            (
                "submissions",
                F.Submission.model_validate({"key": f"bulk-{i}", "what": "y" * 500, "received": "2017-07-03T10:00"}),
            )
            for i in range(500)
        ]
        with pytest.raises(StoreError) as refused:
            store.write("tower-hamlets", facts, "test")
        said = str(refused.value)
        assert "the disk is full" in said and "nothing was stored" in said, said
        assert "cannot rollback" not in said
        assert not store.conn.in_transaction
        assert store.counts() == before
        # the nightly run's one commit of its findings is refused the same way, leaving its "running" row alone
        store.conn.execute(f"PRAGMA max_page_count = {pages + 50}")
        run = runs.start(store, "2017-07-01T00:00:00+01:00", "2017-07-01", 30, "test", {})
        store.conn.execute(f"PRAGMA max_page_count = {store.conn.execute('PRAGMA page_count').fetchone()[0]}")
        (tmp_path / "r").mkdir()
        found = report(bundled(), tmp_path / "r", "2017-07-01").findings * 20
        with pytest.raises(StoreError, match="the disk is full"):
            runs.complete(store, run, found, None)
        assert runs.get(store, run).status == "running"
        assert store.conn.execute("SELECT COUNT(*) FROM nightly_findings").fetchone()[0] == 0


HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(store: Path, seconds: float) -> subprocess.Popen:
    """A second process holding the store's write lock (BEGIN IMMEDIATE) for `seconds`."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


#: how long the writers below wait for a lock another process holds (--busy-timeout, in seconds): any wait shows
#: the same refusal, so a short one keeps the suite quick (it was 1 s; issue 19)
WAIT = "0.25"


def test_a_store_locked_by_another_process_is_reported_with_the_wait(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    before = digest(store)
    holder = hold_lock(store, 60)
    try:
        for name, argv, stdin in writers(tmp_path):
            started = time.monotonic()
            line = one_line(run_as(["--busy-timeout", WAIT, *argv], store, stdin=stdin))
            assert time.monotonic() - started >= float(WAIT), name
            assert "locked by another process" in line and f"waited {WAIT} s" in line, (name, line)
            assert digest(store) == before, name
        line = one_line(run_as(["import", str(more_facts(tmp_path))], store, env={"COMPLY_BUSY_TIMEOUT": "0.5"}))
        assert "waited 0.5 s" in line, line
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_waits_for_a_lock_held_a_while_and_then_writes(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    holder = hold_lock(store, 1.5)
    started = time.monotonic()
    done = run_as(["import", str(more_facts(tmp_path))], store)  # the default wait (60 s) outlasts the holder
    waited = time.monotonic() - started
    holder.wait()
    assert done.returncode == 0, done.stderr
    assert waited >= 1, waited
    with Store.open(store) as s:
        assert s.versions("tower-hamlets", "submission:storage-test")


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_bad_busy_timeout_is_refused_naming_where(tmp_path: Path, value: str) -> None:
    store = init_demo(tmp_path / "comply.db")
    line = one_line(run_as(["--busy-timeout", value, "check", "--as-of", "2017-07-01"], store))
    assert "--busy-timeout" in line and repr(value) in line, line
    line = one_line(run_as(["check", "--as-of", "2017-07-01"], store, env={"COMPLY_BUSY_TIMEOUT": value}))
    assert "$COMPLY_BUSY_TIMEOUT" in line, line


def test_a_file_that_is_not_sqlite_is_named_as_such(tmp_path: Path) -> None:
    store = tmp_path / "comply.db"
    store.write_bytes(b"these are the minutes of the meeting, not a database\n" * 100)
    before = digest(store)
    for argv in (["check", "--as-of", "2017-07-01"], ["import", str(more_facts(tmp_path))], ["history"]):
        line = one_line(comply(*argv, store=store, init=False))
        assert "is not a comply store: not a SQLite database file" in line, line
    assert digest(store) == before


def test_a_damaged_store_is_named_as_damaged(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    with sqlite3.connect(store) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    raw = bytearray(store.read_bytes())
    for page in range(2, pages):  # every page but the first (the header and schema): garbage
        start = page * page_size
        raw[start : start + page_size] = bytes([0x5A]) * page_size
    store.write_bytes(bytes(raw))
    line = one_line(comply("check", "--as-of", "2017-07-01", store=store, init=False))
    assert "the store is damaged" in line and "comply backup" in line, line


def test_the_nightly_commit_holds_the_lock_and_a_writer_outwaits_it(tmp_path: Path) -> None:
    """A run is visible only at its final commit, and a writer that meets that commit waits for it
    rather than failing after SQLite's usual 5 s."""
    store = init_demo(tmp_path / "comply.db")
    pause = tmp_path / "pause"
    run = start_paused("in_commit", pause, "--as-of", "2017-07-01", "--out", str(tmp_path / "out"), store=store)
    try:
        with Store.open(store) as s:  # another reader sees the run running and none of its findings
            assert [r.status for r in runs.history(s)] == ["running"]
            assert s.conn.execute("SELECT COUNT(*) FROM nightly_findings").fetchone()[0] == 0
        writer = subprocess.Popen(
            [*COMPLY, "import", str(more_facts(tmp_path))],
            env={**os.environ, "COMPLY_STORE": str(store)},
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(7)  # longer than the 5 s writers used to wait
        assert writer.poll() is None, writer.communicate()  # still waiting, not failed
        (pause / "in_commit.go").write_text("")
        assert run.wait(timeout=120) in (0, 1), run.communicate()
        _, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr
    finally:
        for p in (run,):
            if p.poll() is None:
                p.kill()
    with Store.open(store) as s:
        assert [r.status for r in runs.history(s)] == ["completed"]
        assert s.versions("tower-hamlets", "submission:storage-test")
