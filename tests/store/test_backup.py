"""`comply backup PATH`: a copy of a live store through SQLite's online backup API that passes
`PRAGMA integrity_check` and loads the same facts, taken while another process writes to the store;
never over an existing file; all or nothing."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers import comply, init_demo

from engine.cli.app import REPO_ROOT
from engine.store.sqlite import Store

#: a second process writing to the store, one fact per transaction, until killed
WRITER = """
import sys
sys.path.insert(0, sys.argv[2])
from engine.model import facts as F
from engine.store.sqlite import Store
with Store.open(sys.argv[1]) as store:
    i = 0
    print("writing", flush=True)
    while True:
        i += 1
        fact = F.Submission.model_validate({"key": f"live-{i}", "what": "x" * 300, "received": "2017-07-03T10:00"})
        store.write("tower-hamlets", [("submissions", fact)], "backup test writer")
"""


def rows(path: Path, upto: int | None = None) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        sql = "SELECT rowid, authority, fact_id, version, body FROM fact_versions"
        if upto is not None:
            sql += f" WHERE rowid <= {upto}"
        return conn.execute(sql + " ORDER BY rowid").fetchall()


def test_a_backup_of_a_store_being_written_is_whole_and_restores(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store), str(REPO_ROOT)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        time.sleep(1)  # some facts written
        copies = []
        for n in range(3):  # three backups, each while the writer goes on
            target = tmp_path / f"backup-{n}.db"
            done = comply("backup", str(target), store=store, init=False)
            assert done.returncode == 0, done.stderr
            assert "integrity check ok" in done.stderr
            copies.append(target)
    finally:
        writer.kill()
        writer.wait()
    for target in copies:
        with sqlite3.connect(target) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        backed = rows(target)
        live = [r[2] for r in backed if r[2].startswith("submission:live-")]
        assert live, "the writer wrote nothing before the backup"
        # a snapshot of one committed moment: exactly the source's first rows, no gap and no half fact
        assert backed == rows(store, upto=backed[-1][0])
        assert live == [f"submission:live-{i}" for i in range(1, len(live) + 1)]
        # restored, it opens as a store and loads the same facts as the source as they then stood
        restored = tmp_path / f"restored-{target.name}"
        restored.write_bytes(target.read_bytes())
        with Store.open(restored) as r, Store.open(store) as s:
            mine = r.load("tower-hamlets")
            theirs = s.load("tower-hamlets")
            keys = {x.key for x in mine.submissions}
            assert [x for x in theirs.submissions if x.key in keys] == mine.submissions
            assert mine.meetings == theirs.meetings and mine.people == theirs.people
        check = comply("check", "--as-of", "2017-07-01", "--format", "json", store=restored, init=False)
        assert check.returncode in (0, 1), check.stderr


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    target = tmp_path / "precious.db"
    target.write_bytes(b"something else entirely")
    done = comply("backup", str(target), store=store, init=False)
    assert done.returncode == 2 and done.stderr.startswith("error: ") and "never written over" in done.stderr
    assert target.read_bytes() == b"something else entirely"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_a_backup_into_a_missing_folder_or_of_a_bad_store_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    done = comply("backup", str(tmp_path / "no" / "such" / "b.db"), store=store, init=False)
    assert done.returncode == 2 and "does not exist" in done.stderr, done.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all\n" * 200)
    before = hashlib.sha256(junk.read_bytes()).hexdigest()
    done = comply("backup", str(tmp_path / "b.db"), store=junk, init=False)
    assert done.returncode == 2 and "not a SQLite database file" in done.stderr, done.stderr
    assert not (tmp_path / "b.db").exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    assert hashlib.sha256(junk.read_bytes()).hexdigest() == before
    done = comply("backup", str(tmp_path / "b.db"), store=tmp_path / "missing.db", init=False)
    assert done.returncode == 2 and "no such store" in done.stderr, done.stderr
