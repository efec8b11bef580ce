"""A bad input found inside a worker process comes back as what it is (issue 13): the error itself, with its file,
row and field, not a bug. Through the pool and the forked workers directly, and end to end: `comply nightly`
evaluates in a worker, where a plug-in rule kind (tests/operations/plugin/scheduled_return.py) reads its schedule
file and finds a bad day; the run ends with exit 2 and the one line naming the file, the row and the field.

Before ComplyError.__reduce__, a FileError could not be rebuilt from its pickle (its constructor takes path, where
and problem): it travelled as text and arrived wrapped in an EngineError naming the worker's batch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO_ROOT

from engine.core.errors import FileError
from engine.operations.executors import WorkerPool, run_batches
from engine.store.importer import ImportError_

PLUGIN_DIR = Path(__file__).resolve().parent / "plugin"


def bad_cell(path: str) -> None:
    """A task that finds a bad cell in a file (module-level: it travels by name)."""
    raise FileError(path, "row 3", "due: expected a date, got 'soon'")


def bad_import(path: str) -> None:
    raise ImportError_(path, ["line 4, submissions[0].received: expected a date", "line 9, key: missing"])


def test_a_file_error_raised_in_a_pool_worker_is_raised_here_as_it_was():
    pool = WorkerPool(workers=1, start_method="fork")
    try:
        with pytest.raises(FileError) as info:
            pool.call(bad_cell, "schedule.csv")
        assert type(info.value) is FileError
        assert (info.value.path, info.value.where, info.value.problem) == (
            "schedule.csv",
            "row 3",
            "due: expected a date, got 'soon'",
        )
        with pytest.raises(ImportError_) as info:
            pool.call(bad_import, "facts.yaml")
        assert info.value.problems[1] == "line 9, key: missing"
        assert not pool.crashes
    finally:
        pool.close()


def test_a_file_error_raised_in_a_forked_worker_is_raised_here_as_it_was():
    with pytest.raises(FileError) as info:
        run_batches(bad_cell, ["schedule.csv"], keep_errors=True)
    assert str(info.value) == "schedule.csv, row 3: due: expected a date, got 'soon'"


DIRECTION = """\
id: sched-2017
title: A direction whose returns are due on the days a schedule file lists (a plug-in rule kind)
issuer: Secretary of State (a test fixture)
legal_basis: "none: a fixture for the worker's errors"
date: 2017-03-28
in_force: {{from: 2017-03-28, until: 2019-12-31}}
authority: tower-hamlets
source: {{file: tests/operations/plugin/scheduled_return.py, section: module docstring}}
paragraphs_from: {{form: full, source: {{file: tests/operations/plugin/scheduled_return.py, section: module docstring}}}}
paragraphs:
  - {{ref: "1", text: "Submit a return by each day the schedule lists.", encoded_by: [scheduled-return]}}
clauses:
  - key: scheduled-return
    title: Returns on the scheduled days
    text: Submit a return by each day the schedule lists.
    source: {{file: tests/operations/plugin/scheduled_return.py, section: module docstring}}
    duty_holder: {{kind: council, name: London Borough of Tower Hamlets}}
    recipient: Secretary of State
    rule:
      kind: scheduled_return
      schedule: {schedule}
"""


def test_a_bad_input_found_in_the_nightly_worker_is_exit_2_and_one_line(tmp_path: Path):
    directions = tmp_path / "directions"
    directions.mkdir()
    for path in (REPO_ROOT / "directions").glob("*.yaml"):
        shutil.copy(path, directions / path.name)
    schedule = tmp_path / "schedule.csv"
    schedule.write_text("due\n31/03/2018\nsoon\n", encoding="utf-8")
    (directions / "sched-2017.yaml").write_text(DIRECTION.format(schedule=schedule), encoding="utf-8")
    env = {
        **os.environ,
        "COMPLY_STORE": str(tmp_path / "comply.db"),
        "COMPLY_DIRECTIONS": str(directions),
        "COMPLY_KINDS": "scheduled_return",
        "PYTHONPATH": os.pathsep.join([str(PLUGIN_DIR), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }

    def comply(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "engine.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO_ROOT,
            timeout=300,
        )

    assert comply("init", "--demo").returncode == 0
    done = comply("nightly", "--as-of", "2018-06-01", "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    # the nightly's own words, then the error as the worker raised it: its class, file, row and field
    assert len(lines) == 1 and lines[0].startswith(f"error: nightly run #1 FAILED: FileError: {schedule}, row 3: due: ")
    assert '"soon" is not a date' in lines[0], lines[0]
    assert "nightly evaluation" not in lines[0] and "EngineError" not in lines[0]
