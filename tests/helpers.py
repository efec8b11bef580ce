"""Test helpers: the bundled Tower Hamlets data, varied a little, in a real SQLite store."""

from __future__ import annotations

import atexit
import contextlib
import copy
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from engine.cli.app import REPO_ROOT
from engine.cli.shared import BUNDLED_DATA, create_store
from engine.core import calendar, clock
from engine.directions.model import load_directions
from engine.evaluation.check import check
from engine.model.findings import Finding, Report
from engine.store.importer import import_file
from engine.store.sqlite import Store

DIRECTIONS = load_directions(REPO_ROOT / "directions")


def bundled() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(BUNDLED_DATA.read_text(encoding="utf-8")))


class _NoAliases(yaml.SafeDumper):
    """Writes a value shared by two places twice: comply refuses YAML anchors and aliases (engine/core/yamlfile.py)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def store_from(data: dict[str, Any], tmp_path: Path, name: str = "comply.db") -> Store:
    """Write the data as a YAML file and import it into a new SQLite store, as a user would."""
    source = tmp_path / (name + ".facts.yaml")
    source.write_text(yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True), encoding="utf-8")
    store = Store.open(tmp_path / name)
    import_file(store, source, DIRECTIONS)
    return store


#: the bundled data's store and its facts file as store_from made them once in this process (bundled_store)
_BUNDLED_TEMPLATE: list[Path] = []


def bundled_store(tmp_path: Path, name: str = "comply.db") -> Store:
    """The store `store_from(bundled(), tmp_path, name)` makes, and its facts file beside it, without importing again:
    a copy of the one store_from imported the first time in this process (the import is most of a test's set-up where
    ~100 tests each start from the bundled data; issue 19). The copy holds the same rows in every table; its versions
    say they were imported from this folder's facts file, as store_from's do; only their `recorded_at` is the instant
    of that first import (a test that writes later still writes later). Inside `clock.frozen` it is store_from itself,
    so that every instant is the frozen one. tests/test_helpers.py compares the two, table by table."""
    if clock._fixed:  # a frozen clock: the versions must carry the frozen instant, as store_from gives them
        return store_from(bundled(), tmp_path, name)
    if not _BUNDLED_TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="comply-bundled-store-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        store_from(bundled(), folder).close()
        _BUNDLED_TEMPLATE.append(folder)
    template = _BUNDLED_TEMPLATE[0]
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / (name + ".facts.yaml")
    shutil.copyfile(template / "comply.db.facts.yaml", source)
    with contextlib.closing(sqlite3.connect(template / "comply.db")) as src:
        with contextlib.closing(sqlite3.connect(tmp_path / name)) as dst:
            src.backup(dst)
            with dst:
                dst.execute(
                    "UPDATE fact_versions SET recorded_by = replace(recorded_by, ?, ?)",
                    (f"import {template / 'comply.db.facts.yaml'} ", f"import {source} "),
                )
    return Store.open(tmp_path / name)


def report(data: dict[str, Any], tmp_path: Path, as_of: str, due_soon_days: int = 30) -> Report:
    with store_from(data, tmp_path) as store:
        state = store.load("tower-hamlets")
    return check(state, DIRECTIONS, calendar.as_of_instant(as_of), due_soon_days)


def finding(rep: Report, finding_id: str) -> Finding:
    found = [f for f in rep.findings if f.id == finding_id]
    assert found, f"no finding {finding_id}; have: {sorted(f.id for f in rep.findings)[:50]}"
    return found[0]


def edit(data: dict[str, Any], kind: str, where: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The rows of a kind that match, for editing in place."""
    return [row for row in data.get(kind, []) if where(row)]


def complete_records(data: dict[str, Any], *subjects: str, until: str = "2018-12-31") -> None:
    """Say the records of these subjects are complete, so that absence proves a breach."""
    data.setdefault("coverage", []).extend(
        {"subject": s, "complete_until": until, "source": "test: records taken as complete"} for s in subjects
    )


#: the command line as a user runs it: a real process
COMPLY = [sys.executable, "-m", "engine.cli"]


def run_comply(
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    cwd: Path = REPO_ROOT,
    timeout: float = 120,
    process: bool = False,
) -> subprocess.CompletedProcess:
    """`comply ARGS` with `env` as its whole environment (default: this process's), `stdin` as its input, in `cwd`:
    the exit code, stdout and stderr as a `subprocess.CompletedProcess`.

    With `process=True`, a real process (`python -m engine.cli`), killed after `timeout` seconds
    (subprocess.TimeoutExpired): for what only a process shows (the entry point, lazy imports, signals, locks held
    by another process, a hang). Otherwise in this process, through typer's CliRunner on the same app (about ten
    times cheaper: no interpreter start and no imports; issue 19), with os.environ, the working folder, stdin, stdout
    and stderr swapped for the run and restored after it; `timeout` is not enforced. What a run leaves behind in
    this process is only what any process keeps between two commands: imported modules, caches keyed by their
    inputs, durable-rules' registered rulesets. tests/cli/test_in_process.py runs every command both ways and
    compares."""
    if process:
        return subprocess.run(
            [*COMPLY, *args], input=stdin, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout
        )
    from typer.testing import CliRunner

    from engine.cli.main import app

    wanted = dict(os.environ if env is None else env)
    # CliRunner sets the variables given and removes those given as None, for the run only
    overrides: dict[str, str | None] = {name: None for name in os.environ if name not in wanted}
    overrides.update(wanted)
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(
            app, list(args), input=stdin, env=overrides, prog_name="comply", catch_exceptions=False
        )
    return subprocess.CompletedProcess([*COMPLY, *args], result.exit_code, result.stdout, result.stderr)


def init_demo(store: Path) -> Path:
    """A new store with the Tower Hamlets demo data, as `comply init --demo STORE` makes it."""
    create_store(store, DIRECTIONS, demo=True)
    return store


def comply(
    *args: str,
    store: Path,
    check: bool = False,
    directions: Path | None = None,
    init: bool = True,
    process: bool = False,
) -> subprocess.CompletedProcess:
    """`comply ARGS` on the store named by $COMPLY_STORE, in this process or with `process=True` a real one
    (run_comply). With `init` (the default), a store that does not exist yet is first made as `comply init --demo`
    makes it (only `comply init` creates a named store); `init=False` runs on the store as it is. With `check`, an
    exit code other than 0 raises subprocess.CalledProcessError."""
    if init and not store.exists() and args[:1] != ("init",):
        init_demo(store)
    # the content of tables and sentences is tested at 160 columns (piped output is 100 wide unless $COLUMNS
    # says: tests/cli/test_terminal_cli.py tests the widths themselves)
    env = {**os.environ, "COMPLY_STORE": str(store), "COLUMNS": os.environ.get("COMPLY_TEST_COLUMNS", "160")}
    if directions is not None:
        env["COMPLY_DIRECTIONS"] = str(directions)
    run = run_comply(args, env=env, process=process)
    if check:
        run.check_returncode()
    return run
