"""A command imports only what it uses (issue 19): `comply check` never waits for the desk, the calendar feed,
the ModernGov client, charts, spreadsheets or PDFs, and `comply --help` imports no command module.

Why tests: one top-level `import flask` in a module that `check` reaches undoes the lazy loading silently
(everything still works, only slower). These run real processes and read `sys.modules` after the command,
naming the stacks that were loaded; engine/cli/app.py (COMMAND_MODULES, ComplyGroup) is what they guard.
Timings are not asserted here: `comply bench --latency` measures them (docs/performance.md).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from helpers import init_demo
from typer.testing import CliRunner

from engine.cli import shared as cli_shared
from engine.cli.app import COMMAND_MODULES, SUMMARIES, import_command_module, load_all_commands
from engine.cli.main import app  # fills COMMAND_MODULES and SUMMARIES

#: the stacks only some commands need, by the top-level module that would show they were imported
HEAVY = {
    "flask": "the desk (comply serve)",
    "werkzeug": "the desk (comply serve)",
    "wtforms": "the desk's forms",
    "flask_wtf": "the desk's forms",
    "waitress": "the desk's server",
    "jinja2": "pages and the Board report",
    "openpyxl": "spreadsheets (comply import-plan)",
    "weasyprint": "the Board report's PDF",
    "icalendar": "the calendar feed (comply calendar)",
    "httpx": "the ModernGov client (comply moderngov sync)",
    "defusedxml": "the ModernGov client",
    "requests": "nothing of comply (govuk-bank-holidays imports it for a download comply never makes)",
    "rich.progress": "progress bars (only when drawn)",
}

#: runs `comply ARGS...` in this process, then writes the names of the imported modules to OUT
_PROBE = """
import gc, json, sys
from engine.cli.main import app
out, args = sys.argv[1], sys.argv[2:]
try:
    app(args, prog_name="comply")
except SystemExit as exc:
    code = exc.code
with open(out, "w", encoding="utf-8") as f:
    json.dump({"code": code, "modules": sorted(sys.modules), "gc": [gc.isenabled(), gc.get_freeze_count()]}, f)
"""


def environment() -> dict[str, str]:
    """This process's environment without comply's own variables (no $COMPLY_STORE names another store)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COMPLY_")} | {"COLUMNS": "100"}


def imported_by(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    """(exit code, modules imported) of `comply ARGS...` run in a fresh process in tmp_path."""
    out = tmp_path / "modules.json"
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(out), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(),
        timeout=300,
    )
    assert out.exists(), run.stderr[-3000:]
    answer = json.loads(out.read_text(encoding="utf-8"))
    return answer["code"], set(answer["modules"])


def loaded_stacks(modules: set[str]) -> list[str]:
    """The HEAVY stacks among the modules, each with what it is for."""
    return [f"{name} ({why})" for name, why in HEAVY.items() if name in modules]


def test_check_on_the_bundled_data_loads_none_of_the_heavy_stacks(tmp_path):
    store = init_demo(tmp_path / "comply.db")
    code, modules = imported_by(tmp_path, "--store", str(store), "check", "--as-of", "2017-07-01")
    assert code in (0, 1)  # findings printed: nothing breached, or a breach stands
    assert "engine.evaluation.check" in modules  # it did evaluate
    assert not loaded_stacks(modules), "comply check imported: " + ", ".join(loaded_stacks(modules))
    assert {m for m in COMMAND_MODULES.values() if m in modules} == {"engine.cli.check"}
    deferred = [f"{name} ({why})" for name, why in CHECK_NEEDS_NOT.items() if name in modules]
    assert not deferred, "comply check imported: " + ", ".join(deferred)


#: comply's own modules `comply check` does not need, though it prints what one of them writes too
CHECK_NEEDS_NOT = {
    "engine.outputs.evidence_pack": "the evidence pack's zip writer (--format json is engine/outputs/findings_json.py)",
    "engine.store.files": "the store's evidence files (comply attach, the evidence pack)",
    "filetype": "an evidence file's type from its content",
    "gherkin": "Cucumber's parser of the feature files (the review hash that `comply explain` shows)",
}


def test_check_reads_the_direction_files_once(tmp_path, monkeypatch):
    """`comply check` asked for the validated directions twice (the evaluation, then the sentence on directions
    no longer binding); `Settings.directions` reads them once for the command."""
    store = init_demo(tmp_path / "comply.db")
    read: list[Path] = []
    real = cli_shared.load_directions

    def counted(folder: Path) -> list:
        read.append(folder)
        return real(folder)

    monkeypatch.setattr(cli_shared, "load_directions", counted)
    for args in (["check", "--as-of", "2017-07-01"], ["check", "--as-of", "2017-07-01", "--format", "json"]):
        done = CliRunner().invoke(app, ["--store", str(store), *args], env={"COLUMNS": "100"})
        assert done.exit_code in (0, 1), done.output
    assert len(read) == 2  # once for each command


#: what `comply --help` never needs: the models of the direction files, their rule kinds and the facts (pydantic
#: builds them at import), the store and the importers, the helpers over them (engine/cli/shared.py), and pydantic,
#: pendulum and YAML themselves; engine/cli/app.py, the application that prints the list, imports none of them
HELP_NEEDS_NOT = {
    "engine.cli.shared": "the commands' helpers over the store and the direction files",
    "engine.directions.model": "the direction files' pydantic models",
    "engine.kinds": "the rule kinds' pydantic models",
    "engine.model.facts": "the facts' pydantic models",
    "engine.store.sqlite": "the store",
    "engine.store.importer": "the facts' importer",
    "engine.plan.importer": "the improvement plan's importer",
    "pydantic": "pydantic",
    "pendulum": "pendulum (dates)",
    "yaml": "YAML",
}


def test_the_list_of_commands_imports_no_command_module(tmp_path):
    code, modules = imported_by(tmp_path, "--help")
    assert code == 0
    assert not {m for m in COMMAND_MODULES.values() if m in modules}
    assert not loaded_stacks(modules), "comply --help imported: " + ", ".join(loaded_stacks(modules))
    needless = [f"{name} ({why})" for name, why in HELP_NEEDS_NOT.items() if name in modules]
    assert not needless, "comply --help imported: " + ", ".join(needless)


def test_the_version_imports_neither_the_models_nor_the_store(tmp_path):
    code, modules = imported_by(tmp_path, "--version")
    assert code == 0
    needless = [f"{name} ({why})" for name, why in HELP_NEEDS_NOT.items() if name in modules]
    assert not needless, "comply --version imported: " + ", ".join(needless)


@pytest.mark.parametrize("command", ["check", "report", "docs", "bench"])
def test_a_commands_help_imports_its_own_module_only(tmp_path, command):
    code, modules = imported_by(tmp_path, command, "--help")
    assert code == 0
    assert {m for m in COMMAND_MODULES.values() if m in modules} == {COMMAND_MODULES[command]}
    for stack in ("flask", "httpx", "weasyprint", "openpyxl"):
        assert stack not in modules, f"comply {command} --help imported {stack}"


def test_every_command_is_named_in_command_modules_by_the_module_that_adds_it():
    """A command added to a module but not to COMMAND_MODULES would be missing from `comply` (and a name
    pointing at the wrong module would import the wrong one)."""
    load_all_commands()
    command = typer.main.get_command(app)
    assert set(command.commands) == set(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        sub = command.commands[name]
        callbacks = [c.callback for c in getattr(sub, "commands", {}).values()] or [sub.callback]
        assert {c.__module__ for c in callbacks} == {module}, name
        assert name in SUMMARIES, f"{name}: `comply --help` lists a command not yet imported by its SUMMARIES line"


def test_the_list_of_commands_reads_the_same_whether_or_not_they_are_imported(tmp_path):
    env = environment()
    lazy = subprocess.run(
        [sys.executable, "-m", "engine.cli", "--help"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    eager = subprocess.run(
        [sys.executable, "-c", "from engine.cli.app import load_all_commands; load_all_commands(); "
         "from engine.cli.main import app; app(['--help'], prog_name='comply')"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert lazy.returncode == eager.returncode == 0, lazy.stderr + eager.stderr
    assert lazy.stdout == eager.stdout
    assert "│ check          Show the compliance position on a date: one line a duty." in lazy.stdout


def test_a_command_module_is_imported_without_the_collector_and_then_set_aside_from_its_scans(tmp_path):
    """What a command's module builds at import (the pydantic models) is frozen out of the garbage collector's
    scans (gc.freeze), and the collector runs again for what the command makes; `comply --help`, which imports
    no command module, freezes nothing."""
    out = tmp_path / "modules.json"
    for args, frozen in ((["check", "--help"], True), (["--help"], False)):
        run = subprocess.run(
            [sys.executable, "-c", _PROBE, str(out), *args],
            capture_output=True, text=True, cwd=tmp_path, env=environment(), timeout=300,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-3000:]
        enabled, freeze_count = json.loads(out.read_text(encoding="utf-8"))["gc"]
        assert enabled, args  # the collector is never left paused
        assert (freeze_count > 10_000) == frozen, (args, freeze_count)


def test_a_command_module_that_fails_to_import_leaves_the_collector_running(monkeypatch):
    assert gc.isenabled()
    with pytest.raises(ModuleNotFoundError):
        import_command_module("engine.cli.no_such_command_module")
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself finds it paused still
    try:
        with pytest.raises(ModuleNotFoundError):
            import_command_module("engine.cli.no_such_command_module")
        assert not gc.isenabled()
    finally:
        gc.enable()


#: what typer's help formatter imports at its top for its "markdown" markup mode and for tracebacks, and a help
#: never uses (engine/cli/app.py import_typer_help)
HELP_FORMATTER_NEEDS_NOT = ("rich.markdown", "markdown_it", "rich.traceback", "rich.pretty", "rich.syntax", "pygments")


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["no-such-command"]])
def test_help_and_usage_errors_import_neither_markdown_nor_tracebacks(tmp_path, args):
    code, modules = imported_by(tmp_path, *args)
    assert code in (0, 2)
    assert "typer.rich_utils" in modules  # what formatted it
    assert not [m for m in HELP_FORMATTER_NEEDS_NOT if m in modules], modules & set(HELP_FORMATTER_NEEDS_NOT)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["record", "submission", "--help"], ["nope"]])
def test_help_reads_the_same_as_when_typer_imports_markdown_and_tracebacks_itself(tmp_path, args):
    """The stand-ins change nothing printed: each help (and a usage error) byte for byte as with typer's help
    formatter imported first the ordinary way, rich.markdown and rich.traceback with it."""
    run = [
        "import sys",
        "from engine.cli.main import app",
        "app(sys.argv[1:], prog_name='comply')",
    ]
    env = environment()
    ours = subprocess.run(
        [sys.executable, "-c", "; ".join(run), *args], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    theirs = subprocess.run(
        [sys.executable, "-c", "; ".join(["import typer.rich_utils", *run]), *args],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert "Usage: comply" in ours.stdout + ours.stderr


_STAND_INS = """
import sys
import engine.cli.app
from typer import rich_utils
markdown = rich_utils.Markdown("**bold**")  # what typer makes in its markdown markup mode
try:
    raise ValueError("shown")
except ValueError as exc:
    traceback = rich_utils.Traceback.from_exception(type(exc), exc, exc.__traceback__)
import rich.markdown, rich.traceback
assert type(markdown) is rich.markdown.Markdown, type(markdown)
assert type(traceback) is rich.traceback.Traceback, type(traceback)
assert "stand-in" not in (rich.markdown.__doc__ or "") and "stand-in" not in (rich.traceback.__doc__ or "")
print("real")
"""


def test_typer_still_makes_real_markdown_and_tracebacks_and_later_imports_get_the_real_modules(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", _STAND_INS], capture_output=True, text=True, env=environment(), cwd=tmp_path
    )
    assert run.returncode == 0 and run.stdout == "real\n", run.stderr[-3000:]
