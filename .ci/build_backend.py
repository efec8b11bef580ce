"""The wheel's build backend: setuptools, after building the desk's styles (engine/web/frontend/build.py),
with the direction files and the lawyers' feature files copied into the wheel.

Why: GOV.UK Frontend is never copied into the repository, so a wheel (`pip install .`, `pip install -e .`,
an install outside the checkout) must compile it first; the compiled files in engine/web/static/govuk/
are package data (pyproject.toml). Named in pyproject.toml's [build-system] with backend-path [".ci"].

The direction files (`directions/`) and the scenarios a legal review hashes (`features/*.feature`) stay at
the top of the repository, outside any package, where a lawyer looks for them. `BuildPy` (setuptools' build_py,
named in pyproject.toml's [tool.setuptools] cmdclass) copies them into the built package as
engine/directions/bundled/{directions,features}/, which engine/directions/bundled.py reads; an editable
install gets no copy (it reads the checkout's own folders, so an edit takes effect). Nothing is copied into
the source tree: the copy is made only in setuptools' build folder.
Everything but building a wheel is setuptools.build_meta's own.
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the hooks this backend does not change)
from setuptools.command.build_py import build_py as _build_py

_ROOT = Path(__file__).resolve().parent.parent
_BUILD = _ROOT / "engine" / "web" / "frontend" / "build.py"
#: what the wheel carries of the folders outside the packages: {folder at the top of the repository: globs}
BUNDLED = {"directions": ("*.yaml", "README.md"), "features": ("*.feature", "README.md")}
#: where they go inside the built packages (engine/directions/bundled.py reads them there)
BUNDLED_IN = Path("engine") / "directions" / "bundled"


class BuildPy(_build_py):
    """setuptools' build_py, then BUNDLED copied into the build folder under BUNDLED_IN (not when editable)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / BUNDLED_IN
        shutil.rmtree(target, ignore_errors=True)  # never ship a file an earlier build left behind
        for folder, globs in BUNDLED.items():
            files = sorted({path for pattern in globs for path in (_ROOT / folder).glob(pattern) if path.is_file()})
            if not files:
                raise SystemExit(f"{_ROOT / folder}: nothing to bundle ({', '.join(globs)}); is this a checkout?")
            (target / folder).mkdir(parents=True, exist_ok=True)
            for path in files:
                shutil.copyfile(path, target / folder / path.name)


def _build_styles() -> None:
    """Build the desk's styles when they are missing or stale (SystemExit naming npm when it is missing)."""
    runpy.run_path(str(_BUILD))["main"]([])


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """setuptools' build_wheel, after the styles are built, from an empty build folder: setuptools keeps
    build/lib/ between builds, and would ship a module since deleted from the checkout."""
    _build_styles()
    shutil.rmtree(_ROOT / "build" / "lib", ignore_errors=True)
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """setuptools' build_editable, after the styles are built (an editable install reads them in place)."""
    _build_styles()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
