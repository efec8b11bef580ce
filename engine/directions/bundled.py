"""Where the bundled direction files and the lawyers' scenarios are: the installed copy, else the checkout's.

Why a module of its own: the direction files (top-level `directions/`) and the scenarios whose text a legal
review hashes (top-level `features/*.feature`) live outside the `engine` package in the repository, so that a
lawyer finds them at the top of the checkout. A wheel (`pip install .`, `pipx install .`) cannot ship files
outside its packages, so the build backend (.ci/build_backend.py) copies them into the wheel as package data,
beside this module:

    engine/directions/bundled/directions/*.yaml, README.md
    engine/directions/bundled/features/*.feature, README.md

That folder exists only in a built wheel (never in git): in a checkout, or an editable install of one
(`bash .ci/venv`, `pip install -e .`), the checkout's own `directions/` and `features/` are used, so editing a
direction file takes effect at once. Either way the features folder is beside the directions folder, as
engine/directions/content_hash.py's `default_features_dir` expects.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CHECKOUT", "INSTALLED", "bundled_directions_dir", "bundled_features_dir", "is_checkout"]

#: the copy a wheel carries (absent in a checkout)
INSTALLED = Path(__file__).resolve().parent / "bundled"
#: the checkout this module would be in if it were not installed from a wheel (engine/directions/ is two below)
CHECKOUT = Path(__file__).resolve().parents[2]


def bundled_directions_dir() -> Path:
    """The folder of the bundled direction files: the installed copy when comply was installed from a wheel,
    else the checkout's `directions/`. The folder is not checked here: load_directions names it when missing."""
    installed = INSTALLED / "directions"
    return installed if installed.is_dir() else CHECKOUT / "directions"


def bundled_features_dir() -> Path:
    """The folder of the lawyers' feature files that go with bundled_directions_dir(): `features` beside it."""
    return bundled_directions_dir().parent / "features"


def is_checkout() -> bool:
    """True when comply runs from a checkout of its repository (pyproject.toml and the scenarios' step
    definitions, features/steps/, beside the engine package), which is what running the scenarios needs."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "features" / "steps").is_dir()
