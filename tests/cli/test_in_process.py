"""Every command, once as a real process and once in this process (helpers.run_comply), on copies of one demo
store: the same exit code, stdout and stderr, and the same rows in the store afterwards.

Why: most tests run `comply` in-process through typer's CliRunner, which is about ten times cheaper than a process
(issue 19: the suite's CPU). This is what makes that sound: it is the real-process test of each command (the
installed entry point, `python -m engine.cli`, exit codes, its module imported on first use), and the proof
that the in-process runner reports what a user would see. A command that is slow to run for real is run
with an input it refuses (exit 2) or for its help; tests/cli/test_lazy_commands.py checks what each imports.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import init_demo, run_comply

from engine.cli.app import COMMAND_MODULES
from engine.cli.main import app  # noqa: F401  (fills COMMAND_MODULES)

Q1 = "submission:bv-2017-q1-report"
#: the smallest file that is a PDF by its content (engine/store/files.py reads the signature)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

#: one invocation per command ({folder}: the folder of the run's own store, so both runs write alike)
RUNS: dict[str, list[str]] = {
    "init": ["init", "--demo", "{folder}/new.db"],
    "backup": ["backup", "{folder}/copy.db"],
    "check": ["check", "--as-of", "2017-07-01"],
    "explain": ["explain", "tower-hamlets/bv-2017.quarterly-report/1", "--as-of", "2017-07-01"],
    "due": ["due", "--within", "90d", "--as-of", "2017-07-01"],
    "import": ["import", "{folder}/no-such-facts.yaml"],
    "directions": ["directions"],
    "fact": ["fact", Q1],
    "correct": [
        "correct",
        Q1,
        "--set",
        "received=2017-07-05T10:00",
        "--set",
        "received_between=null",
        "--reason",
        "the covering letter is dated 5 July",
    ],  # fmt: skip
    "withdraw": ["withdraw", Q1, "--reason", "recorded by mistake"],
    "redact": ["redact", "--help"],
    "docs": ["docs", "--help"],
    "review": ["review", "bv-2017", "--all", "--reviewer", "Jane Smith, solicitor"],
    "reviews": ["reviews"],
    "serve": ["serve", "--port", "0"],  # refused: the store has no desk users yet
    "report": ["report", "--as-of", "2017-12-01", "--out", "{folder}/board.html"],
    "calendar": ["calendar", "--out", "{folder}/obligations.ics"],
    "nightly": ["nightly", "--check-last", "26"],  # exit 2: no run has completed
    "history": ["history"],
    "diff": ["diff", "--help"],
    "import-plan": ["import-plan", "{folder}/no-such-plan.xlsx"],
    "plan": ["plan"],
    "bench": ["bench", "--help"],
    "attach": ["attach", Q1, "{folder}/report.pdf"],
    "evidence-pack": ["evidence-pack", "--as-of", "1/2/2018", "--out", "{folder}/pack.zip"],
    "record": [
        "record",
        "submission",
        "--key",
        "bv-q3",
        "--what",
        "Q3 update report",
        "--clause",
        "bv-2017.quarterly-report",
        "--occurrence",
        "3",
        "--received",
        "2018-01-03T09:00",
    ],  # fmt: skip
    "user": ["user", "list"],
    "owner": ["owner", "list"],
    "moderngov": ["moderngov", "--help"],
}


def test_every_command_has_a_run():
    assert set(RUNS) == set(COMMAND_MODULES)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return init_demo(tmp_path_factory.mktemp("demo") / "comply.db")


def said(output: str, folder: Path) -> str:
    """What a run printed, without what differs between any two runs: its folder, the time of day, a duration."""
    output = output.replace(str(folder), "{folder}")
    output = re.sub(r"\b\d\d:\d\d(:\d\d)?\b", "{time}", output)
    return re.sub(r"\b\d+\.\d+ s\b", "{seconds} s", output)


def rows_of(store: Path) -> dict[str, int]:
    """The number of rows of every table of the store (what a command wrote, not when)."""
    with sqlite3.connect(store) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


@pytest.mark.parametrize("command", sorted(RUNS))
def test_a_real_process_and_the_in_process_runner_agree(command: str, demo_store: Path, tmp_path: Path):
    results = {}
    for way in ("real", "here"):  # names of one length: a path's length changes a table's width
        folder = tmp_path / way
        folder.mkdir()
        store = folder / "comply.db"
        shutil.copyfile(demo_store, store)
        (folder / "report.pdf").write_bytes(PDF)
        args = [a.replace("{folder}", str(folder)) for a in RUNS[command]]
        env = {"COMPLY_STORE": str(store), "COLUMNS": "160"}
        done = run_comply(args, env={**_without_comply(), **env}, cwd=folder, process=way == "real")
        results[way] = (
            done.returncode,
            said(done.stdout, folder),
            said(done.stderr, folder),
            rows_of(store),
        )
    assert results["real"][0] in (0, 1, 2), results["real"]
    assert "internal error" not in results["real"][2]
    assert results["here"] == results["real"]


def _without_comply() -> dict[str, str]:
    """This process's environment without comply's own variables (only the test's store and width count)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COMPLY_")}
