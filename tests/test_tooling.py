"""The code stays as ruff wants it: lint and format, over everything that is Python here.

Why a test: the rules of the house (pyflakes, import order, likely bugs, no breakpoint left
behind, one format) are configured in pyproject.toml, and a test is what every change runs. A
failure shows ruff's own output, which names each file, line and rule (`ruff format` and
`ruff check --fix` put most of it right).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["engine", "rules", "features", "tests"]


def _ruff() -> str:
    """The ruff installed beside this Python (the test extras install it), else one on PATH."""
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.exists() else shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_ruff(), *args, *CHECKED], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_check_finds_nothing() -> None:
    run = _run("check", "--no-cache")
    assert run.returncode == 0, f"ruff check failed:\n{run.stdout}{run.stderr}"


def test_ruff_format_would_change_nothing() -> None:
    run = _run("format", "--check", "--no-cache")
    assert run.returncode == 0, f"ruff format --check failed (run `ruff format`):\n{run.stdout}{run.stderr}"
