"""Processes that open an older store at the same moment migrate it once, and every one of them opens it.

Found by the national benchmark after migration 0012: its batch processes opened a store of schema 11 at
once, each read the version before taking the write lock, and the second failed on the first's ALTER TABLE
("duplicate column name: finding_format"; the batch, and the benchmark, failed). engine/store/sqlite.py
`Store._migrate` reads the version again once it holds the write lock.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from engine.store.sqlite import MIGRATIONS, SCHEMA_VERSION, Store, sql_statements


def store_at(path: Path, version: int) -> Path:
    """A store of schema `version`, made by the migrations up to it as executescript runs them."""
    conn = sqlite3.connect(path)
    for number, name in MIGRATIONS:
        if number <= version:
            conn.executescript(resources.files("engine.store.migrations").joinpath(name).read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


def schema(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


def _open(path: str, start: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    start.wait()
    try:
        with Store.open(path) as store:
            results.put(("opened", store.version()))
    except Exception as exc:  # noqa: BLE001 - the test reports what each process met
        results.put(("failed", str(exc)))


@pytest.mark.parametrize("version", [1, SCHEMA_VERSION - 1])
def test_processes_opening_an_older_store_at_once_all_open_it_migrated_once(tmp_path, version):
    path = store_at(tmp_path / "old.db", version)
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(4), context.Queue()
    processes = [context.Process(target=_open, args=(str(path), start, results)) for _ in range(4)]
    for p in processes:
        p.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for p in processes:
        p.join(timeout=60)
    assert outcomes == [("opened", SCHEMA_VERSION)] * 4
    assert schema(path) == schema(store_at(tmp_path / "new.db", SCHEMA_VERSION))


def test_a_migration_s_statements_are_read_whole_as_sqlite_reads_them():
    script = (
        "-- a comment; with a semicolon\n"
        "CREATE TABLE t (a TEXT DEFAULT 'x;y');\n"
        "CREATE TRIGGER t_no_update BEFORE UPDATE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;\n"
        "-- nothing after\n"
    )
    assert sql_statements(script) == [
        "-- a comment; with a semicolon\nCREATE TABLE t (a TEXT DEFAULT 'x;y');",
        "\nCREATE TRIGGER t_no_update BEFORE UPDATE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;",
    ]


def test_every_migration_run_statement_by_statement_builds_the_schema_executescript_builds(tmp_path):
    conn = sqlite3.connect(tmp_path / "by-statement.db")
    for _, name in MIGRATIONS:
        for statement in sql_statements(resources.files("engine.store.migrations").joinpath(name).read_text("utf-8")):
            conn.execute(statement)
    conn.commit()
    conn.close()
    assert schema(tmp_path / "by-statement.db") == schema(store_at(tmp_path / "script.db", SCHEMA_VERSION))
