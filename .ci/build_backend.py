"""The wheel's build backend: setuptools, after building the desk's styles (engine/web/frontend/build.py).

Why: GOV.UK Frontend is never copied into the repository, so a wheel (`pip install .`, `pip install -e .`,
an install outside the checkout) must compile it first; the compiled files in engine/web/static/govuk/
are package data (pyproject.toml). Named in pyproject.toml's [build-system] with backend-path [".ci"].
Everything but building a wheel is setuptools.build_meta's own.
"""

from __future__ import annotations

import runpy
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the hooks this backend does not change)

_BUILD = Path(__file__).resolve().parent.parent / "engine" / "web" / "frontend" / "build.py"


def _build_styles() -> None:
    """Build the desk's styles when they are missing or stale (SystemExit naming npm when it is missing)."""
    runpy.run_path(str(_BUILD))["main"]([])


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """setuptools' build_wheel, after the styles are built."""
    _build_styles()
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """setuptools' build_editable, after the styles are built (an editable install reads them in place)."""
    _build_styles()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
