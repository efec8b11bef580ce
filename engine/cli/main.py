"""The `comply` command: the application of engine/cli/app.py with every command group added.

Why a module of its own: each command module imports app.py and adds its commands to it; this is
the one module that imports them all (so app.py never imports a command module, and there is no
import cycle). It is the entry point (`[project.scripts] comply = "engine.cli.main:app"`), and
what `python -m engine.cli` runs. The order of the imports is the order of `comply --help`.
"""

from __future__ import annotations

from engine.cli.app import app

# isort: off
# the order of `comply --help`; each import adds its module's commands to `app`
from engine.cli import init  # noqa: F401  init
from engine.cli import check  # noqa: F401  check, explain, due
from engine.cli import facts  # noqa: F401  import, directions
from engine.cli import history  # noqa: F401  fact, correct, withdraw, redact
from engine.cli import docs  # noqa: F401  docs
from engine.cli import review  # noqa: F401  review, reviews
from engine.cli import web  # noqa: F401  serve, user add|list
from engine.cli import owner  # noqa: F401  owner set|clear|list
from engine.cli import board  # noqa: F401  report, calendar
from engine.cli import nightly  # noqa: F401  nightly, history, diff
from engine.cli import plan  # noqa: F401  import-plan, plan
from engine.cli import bench  # noqa: F401  bench
from engine.cli import record  # noqa: F401  record submission|meeting|...
from engine.cli import moderngov  # noqa: F401  moderngov sync
from engine.cli import files  # noqa: F401  attach, evidence-pack
# isort: on

__all__ = ["app"]

if __name__ == "__main__":  # pragma: no cover
    app()
