"""The house keeps its shape: layers import downwards only, one clock, HTML only through templates.

Why tests: a layout that is only described drifts back into a tangle. These read the code itself
(its import graph, its syntax tree), so a function-local import, a second reading of the clock or an
HTML string in Python fails the suite, naming the file and line.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from helpers import REPO_ROOT

ENGINE = REPO_ROOT / "engine"


def python_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.py"))


def test_the_layers_import_downwards_only_and_nothing_imports_in_a_circle():
    """The import-layer contract in pyproject.toml ([tool.importlinter]), checked by import-linter."""
    run = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def test_no_function_imports_a_project_module():
    """Imports of engine or rules modules sit at the top of a module; inside a function only a lazily
    loaded optional heavy third-party dependency may be imported (and says why)."""
    found = []
    for path in python_files(ENGINE, REPO_ROOT / "rules"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                if any(n == "engine" or n.startswith(("engine.", "rules")) for n in names):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {', '.join(names)}")
    assert not found, "function-local imports of project modules:\n" + "\n".join(found)


CLOCK = re.compile(r"pendulum\.now\(|datetime\.now\(|datetime\.utcnow\(|date\.today\(|pendulum\.today\(|time\.time\(\)")


def test_now_is_read_in_one_module():
    """Only engine/core/clock.py reads the system clock (durations use time.monotonic)."""
    found = [
        f"{path.relative_to(REPO_ROOT)}:{n}: {line.strip()}"
        for path in python_files(ENGINE)
        if path != ENGINE / "core" / "clock.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if CLOCK.search(line)
    ]
    assert not found, "the clock is read outside engine/core/clock.py:\n" + "\n".join(found)


HTML = re.compile(
    r"<(html|head|body|div|span|table|tr|td|th|p|h[1-6]|ul|ol|li|a|style|section|details|pre|code)[\s>]", re.I
)


def test_no_html_is_built_in_python():
    """Every page, email and report is a Jinja template (autoescaped); Python builds no HTML strings."""
    found = []
    for path in python_files(ENGINE):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if HTML.search(node.value):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "HTML built in Python (use a Jinja template):\n" + "\n".join(found)
