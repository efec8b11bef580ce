"""engine/cli/app.py: the one error handler and its exit codes, the settings on typer's context,
and the package's shape (no command module imports another; no function-local import of a
project module)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import engine.cli.check
import engine.cli.docs
from engine.cli.app import REPO_ROOT
from engine.cli.main import app
from engine.core.errors import EngineError

CLI = REPO_ROOT / "engine" / "cli"
OPERATIONS = REPO_ROOT / "engine" / "operations"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_an_unexpected_exception_in_a_command_is_an_internal_error_with_exit_3(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(engine.cli.check, "run_check", broken)
    assert invoke("init", "--demo", str(tmp_path / "c.db")).exit_code == 0
    result = invoke("--store", str(tmp_path / "c.db"), "check", "--as-of", "2017-07-01")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0] == "internal error: KeyError: 'a bug'"
    assert lines[1] == "Traceback (most recent call last):" and "KeyError: 'a bug'" in lines[-1]
    assert result.stdout == ""


def test_a_comply_error_is_one_line_on_stderr_with_exit_2_and_nothing_on_stdout(tmp_path, monkeypatch):
    def refuses(*args, **kwargs):
        raise EngineError("the rules engine refused")

    monkeypatch.setattr(engine.cli.check, "run_check", refuses)
    assert invoke("init", "--demo", str(tmp_path / "c.db")).exit_code == 0
    result = invoke("--store", str(tmp_path / "c.db"), "check", "--as-of", "2017-07-01", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == "error: the rules engine refused"
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_an_internal_error_in_a_real_process_exits_3(tmp_path):
    """The same through `python -m engine.cli`'s own entry: the exception is installed by the test."""
    code = (
        "import engine.cli.check as c\n"
        "def broken(*a, **k): raise RuntimeError('boom')\n"
        "c.run_check = broken\n"
        "from engine.cli.main import app\n"
        "app(prog_name='comply')\n"
    )
    assert invoke("init", "--demo", str(tmp_path / "c.db")).exit_code == 0
    run = subprocess.run(
        [sys.executable, "-c", code, "--store", str(tmp_path / "c.db"), "check", "--as-of", "2017-07-01"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert run.returncode == 3, run.stderr
    assert run.stderr.splitlines()[0] == "internal error: RuntimeError: boom"
    assert "Traceback (most recent call last):" in run.stderr and run.stdout == ""


@pytest.mark.parametrize("layout", [[], ["--wide"], ["--format", "json"]])
def test_a_reader_that_closes_stdout_gets_exit_141_never_1_and_no_traceback(tmp_path, layout):
    """`set -o pipefail; comply check | head`: the reader going away is not a breach (exit 1 is "a
    breach stands"; rich's own answer to a closed pipe was exit 1) nor a bug (exit 3). Made certain,
    not a race with a pipe buffer: the reading end is closed before comply writes anything."""
    store = str(tmp_path / "c.db")
    assert invoke("init", "--demo", store).exit_code == 0
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "engine.cli", "--store", store, "check", "--as-of", "2017-12-01", *layout],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert run.returncode == 141, run.stderr
    assert run.stderr == ""


def test_exit_codes_0_and_1_and_usage_errors_pass_through_unchanged(tmp_path):
    store = str(tmp_path / "c.db")
    assert invoke("init", "--demo", store).exit_code == 0
    assert invoke("--store", store, "check", "--as-of", "2017-07-01").exit_code == 0
    assert invoke("--store", store, "check", "--as-of", "2018-02-01").exit_code in (0, 1)
    usage = invoke("--store", store, "check", "--due-soon-days", "-1")
    assert usage.exit_code == 2 and "internal error" not in usage.stderr
    assert invoke("--help").exit_code == 0


def test_settings_travel_on_the_context_from_the_options_or_the_environment(tmp_path, monkeypatch):
    given, from_env = tmp_path / "given.db", tmp_path / "env.db"
    monkeypatch.setenv("COMPLY_STORE", str(from_env))
    assert invoke("init", "--demo", str(given)).exit_code == 0
    assert invoke("--store", str(given), "check", "--as-of", "2017-07-01").exit_code == 0
    assert not from_env.exists()
    assert invoke("init").exit_code == 0  # init's PATH defaults to the store of the settings: $COMPLY_STORE
    assert from_env.exists()
    empty = invoke("check", "--as-of", "2017-07-01")
    assert empty.exit_code == 2 and "say which authority with --authority (known: none)" in empty.stderr


def test_python_dash_m_engine_cli_runs_comply(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "engine.cli", "--help"], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert run.returncode == 0 and "Usage: comply" in run.stdout


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _project_imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module, at the top level?) of every import of a project module."""
    found = []
    top = {id(n) for n in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module + "." + a.name for a in node.names]
        for name in names:
            if name.split(".")[0] in ("engine", "rules"):
                found.append((name, id(node) in top))
    return found


@pytest.mark.parametrize("path", _modules(CLI) + _modules(OPERATIONS), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_no_function_local_import_of_a_project_module(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # a top-level try (engine/cli/docs.py: docs_site needs pytest-bdd, a test extra) counts as top level
    for node in tree.body:
        if isinstance(node, ast.Try):
            tree.body.extend(node.body)
    local = [name for name, top in _project_imports(tree) if not top]
    assert local == [], f"{path.name} imports project modules inside functions: {local}"


@pytest.mark.parametrize("path", _modules(CLI), ids=lambda p: p.name)
def test_a_command_module_imports_only_app_py_and_shared_py_of_the_cli_package(path: Path):
    """A command module imports the application (app.py) and the helpers the commands share (shared.py),
    never another command module; shared.py imports app.py only; app.py imports nothing of the package."""
    if path.name in ("main.py", "__main__.py"):
        return
    imported = {name for name, _ in _project_imports(ast.parse(path.read_text(encoding="utf-8")))}
    cli = {n for n in imported if n.startswith("engine.cli.")}
    prefixes = {"app.py": (), "shared.py": ("engine.cli.app.",)}.get(
        path.name, ("engine.cli.app.", "engine.cli.shared.")
    )
    allowed = {n for n in cli if n.startswith(prefixes)} if prefixes else set()
    assert cli == allowed, f"{path.name} imports {sorted(cli - allowed)}"


def test_docs_without_the_test_tools_says_what_to_install(tmp_path, monkeypatch):
    """Without pytest-bdd (a test extra) installed, `comply docs` says what to install (the package is
    made unimportable for the test, as if it were not installed)."""
    for name in [m for m in sys.modules if m == "pytest_bdd" or m.startswith("pytest_bdd.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pytest_bdd", None)
    result = invoke("--store", str(tmp_path / "c.db"), "docs", "--out", str(tmp_path / "site"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        "error: comply docs needs the test tools (pytest_bdd is missing): pip install -e '.[test]'"
    )
