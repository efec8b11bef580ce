"""The desk's imports form a tree: the factory imports the blueprints, the blueprints import only
engine/web/request.py of the desk (and the layers below), and nothing in the desk imports a
project module inside a function. The logic the pages show lives below the web layer."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
WEB = ENGINE / "web"
BLUEPRINTS = ("admin", "auth", "board", "files", "history", "owners", "pages", "record")


def imports_of(path: Path) -> tuple[set[str], list[str]]:
    """The project modules a file imports at its top level, and those it imports inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    local: list[str] = []

    def names(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        if isinstance(node, ast.ImportFrom) and node.module:
            # `from engine.web import auth` imports the module engine.web.auth
            return [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        return []

    for node in tree.body:
        top.update(n for n in names(node) if n.split(".")[0] in ("engine", "rules"))
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                local += [n for n in names(node) if n.split(".")[0] in ("engine", "rules")]
    return top, local


def test_blueprints_import_only_the_shared_request_module_of_the_desk():
    for name in BLUEPRINTS:
        top, _ = imports_of(WEB / f"{name}.py")
        desk = {m for m in top if m.startswith("engine.web")}
        assert "engine.web.request" in desk, name
        assert all(m.startswith("engine.web.request") for m in desk), (name, desk)


def test_the_shared_request_module_imports_nothing_of_the_desk():
    top, _ = imports_of(WEB / "request.py")
    assert not {m for m in top if m.startswith("engine.web")}


def test_the_factory_imports_the_blueprints_at_the_top():
    top, _ = imports_of(WEB / "app.py")
    assert {f"engine.web.{b}" for b in BLUEPRINTS} <= top


def test_no_project_module_is_imported_inside_a_function():
    files = [
        *sorted(WEB.glob("*.py")),
        ENGINE / "store" / "forms.py",
        ENGINE / "store" / "correction_form.py",
        ENGINE / "outputs" / "worklist.py",
    ]
    for path in files:
        _, local = imports_of(path)
        assert not local, (path.name, local)


def test_the_desk_package_holds_views_only():
    """Every module of engine/web/ is the factory, the shared request module or a blueprint: the
    logic the pages show is in engine.outputs.worklist, engine.store.forms and engine.store.correction_form."""
    modules = {p.stem for p in WEB.glob("*.py")}
    assert modules == {"__init__", "app", "request", *BLUEPRINTS}
