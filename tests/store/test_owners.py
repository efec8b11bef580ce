"""Owners of clauses and boards (engine/store/owners.py) and `comply owner set|clear|list`: a real SQLite
store of the bundled data; the command as a user runs it (a subprocess)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, run_comply, store_from
from hypothesis import given
from hypothesis import strategies as st

from engine.cli.app import REPO_ROOT
from engine.core.errors import InputError, StoreError
from engine.store import audit, owners, users

COMPLY = str(Path(sys.executable).parent / "comply")


def comply(store: Path, *args: str) -> subprocess.CompletedProcess:
    """`comply --store STORE ARGS` in this process (helpers.run_comply)."""
    return run_comply(["--store", str(store), *args])


def known(s) -> dict[str, owners.Target]:
    return owners.targets(DIRECTIONS, "tower-hamlets", {b.key: b.name for b in s.load("tower-hamlets").boards})


def test_targets_are_the_authoritys_clauses_and_boards(tmp_path):
    with store_from(bundled(), tmp_path) as s:
        t = known(s)
    assert t["clause:bv-2017.quarterly-report"].words == "Quarterly reports to the Secretary of State"
    assert t["clause:bvib-tor.quarterly-public-meetings"].board == "bvib"
    assert {"board:bvib", "board:csib"} <= set(t)
    assert owners.check_target("board:bvib", t).kind == "board"
    with pytest.raises(
        InputError,
        match=r"owner target: no clause or board .clause:bv-2017\.quartely-report. for this authority: did you mean .clause:bv-2017\.quarterly-report. or .* \(\d+ known: `comply owner list` lists them\)",
    ):
        owners.check_target("clause:bv-2017.quartely-report", t)
    with pytest.raises(InputError, match="expected clause:<direction>"):
        owners.check_target("bv-2017.quarterly-report", t)


def test_set_clear_and_the_log(tmp_path):
    with store_from(bundled(), tmp_path) as s:
        users.add_user(s, "mo", "administrator", "a long password")
        users.add_user(s, "clerk", "editor", "a long password")
        owners.set_owner(s, "tower-hamlets", "board:bvib", "clerk", "mo")
        owners.set_owner(s, "tower-hamlets", "clause:bvib-tor.membership", "mo", "mo")
        owned = owners.owners(s, "tower-hamlets")
        assert owned == {"board:bvib": "clerk", "clause:bvib-tor.membership": "mo"}
        # a clause's own owner wins over its board's; a clause with none answers to its board's
        assert owners.owner_of(owned, "bvib-tor.membership", "bvib") == "mo"
        assert owners.owner_of(owned, "bvib-tor.quarterly-public-meetings", "bvib") == "clerk"
        assert owners.owner_of(owned, "bv-2017.quarterly-report", None) is None
        with pytest.raises(StoreError, match="no user named 'nobody'"):
            owners.set_owner(s, "tower-hamlets", "board:bvib", "nobody", "mo")
        assert owners.owners(s, "tower-hamlets")["board:bvib"] == "clerk"  # refused: nothing changed
        owners.set_owner(s, "tower-hamlets", "board:bvib", None, "mo")
        assert "board:bvib" not in owners.owners(s, "tower-hamlets")
        log = [(e.action, e.subject, e.detail) for e in audit.entries(s, action="owner")]
        assert log == [
            ("owner", "board:bvib", "owner cleared"),
            ("owner", "clause:bvib-tor.membership", "owner: mo"),
            ("owner", "board:bvib", "owner: clerk"),
        ]
        # only users with an address who are not disabled are emailed
        s.conn.execute("UPDATE users SET email='mo@example.org' WHERE name='mo'")
        s.conn.execute(
            "UPDATE users SET email='clerk@example.org', disabled_at='2018-01-01T00:00:00Z' WHERE name='clerk'"
        )
        assert owners.emails(s) == {"mo": "mo@example.org"}


@given(
    clause=st.sampled_from([f"{d.id}.{c.key}" for d in DIRECTIONS for c in d.clauses]), board=st.text("abc", max_size=3)
)
def test_a_clauses_own_owner_always_wins(clause, board):
    owned = {f"clause:{clause}": "own", f"board:{board}": "board's"}
    assert owners.owner_of(owned, clause, board or None) == "own"
    del owned[f"clause:{clause}"]
    assert owners.owner_of(owned, clause, board or None) == ("board's" if board else None)


def test_the_command(tmp_path):
    db = tmp_path / "comply.db"
    assert comply(db, "init", "--demo", str(db)).returncode == 0
    made = subprocess.run(
        [COMPLY, "--store", str(db), "user", "add", "clerk", "--role", "editor", "--password-stdin"],
        input="a long password\n",
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    typo = comply(db, "owner", "set", "clause:bv-2017.quartely-report", "clerk")
    assert typo.returncode == 2 and typo.stdout == ""
    assert (
        "no clause or board 'clause:bv-2017.quartely-report' for this authority: did you mean 'clause:bv-2017.quarterly-report' or "
        in typo.stderr
    )
    nobody = comply(db, "owner", "set", "board:bvib", "nobody")
    assert nobody.returncode == 2 and "no user named 'nobody'" in nobody.stderr
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM owners").fetchone()[0] == 0  # nothing stored on refusal
    assert comply(db, "owner", "set", "board:bvib", "clerk").returncode == 0
    listed = comply(db, "owner", "list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split("\t")[0]: line.split("\t") for line in listed.stdout.splitlines()}
    assert rows["board:bvib"][1:3] == ["clerk", "clerk"]
    assert rows["clause:bvib-tor.membership"][1:3] == ["-", "clerk"]  # answers to its board's owner
    assert rows["clause:bv-2017.quarterly-report"][1:] == ["-", "-", "Quarterly reports to the Secretary of State"]
    assert comply(db, "owner", "clear", "board:bvib").returncode == 0
    assert "clerk" not in comply(db, "owner", "list").stdout
    with sqlite3.connect(db) as c:
        actors = [r[0] for r in c.execute("SELECT actor FROM audit_log WHERE action='owner' ORDER BY id")]
    assert actors[0].startswith("comply owner set (OS user ") and actors[1].startswith("comply owner clear")
