"""The tests' own short cuts give what the long way gives: helpers.bundled_store, a copy of one import of the
bundled data, holds what importing it again (helpers.store_from) would store, so that a test set up with the copy
tests the same store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pendulum
from helpers import bundled, bundled_store, store_from

from engine.core import clock


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in rowid order, with fact_versions' recorded_at left out."""
    conn = sqlite3.connect(db)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        found = {}
        for table in tables:
            columns = [c for _, c, *_ in conn.execute(f"PRAGMA table_info({table})") if c != "recorded_at"]
            found[table] = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
        found["user_version"] = conn.execute("PRAGMA user_version").fetchall()
        return found
    finally:
        conn.close()


def test_a_copied_bundled_store_holds_what_an_import_stores(tmp_path: Path):
    (tmp_path / "imported").mkdir()
    store_from(bundled(), tmp_path / "imported", "c.db").close()
    for copy in ("first", "second"):  # the first call in a process imports; later ones copy
        bundled_store(tmp_path / copy, "c.db").close()
        assert rows(tmp_path / copy / "c.db") == {
            table: [
                tuple(v.replace("/imported/", f"/{copy}/") if isinstance(v, str) else v for v in row) for row in found
            ]
            if table == "fact_versions"
            else found
            for table, found in rows(tmp_path / "imported" / "c.db").items()
        }
        facts_file = (tmp_path / copy / "c.db.facts.yaml").read_bytes()
        assert facts_file == (tmp_path / "imported" / "c.db.facts.yaml").read_bytes()
    with sqlite3.connect(tmp_path / "second" / "c.db") as conn:
        by = {b for (b,) in conn.execute("SELECT DISTINCT recorded_by FROM fact_versions")}
    assert len(by) == 1 and by.pop().startswith(f"import {tmp_path / 'second' / 'c.db.facts.yaml'} sha256:")


def test_under_a_frozen_clock_the_copy_carries_the_frozen_instant(tmp_path: Path):
    instant = pendulum.datetime(2018, 2, 1, 9, tz="UTC")
    with clock.frozen(instant), bundled_store(tmp_path) as store:
        stamps = {s for (s,) in store.conn.execute("SELECT DISTINCT recorded_at FROM fact_versions")}
    assert len(stamps) == 1 and stamps.pop().startswith("2018-02-01T09:00:00")
