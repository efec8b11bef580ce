"""The `comply` command: the application of engine/cli/app.py with every command group added.

Why a module of its own: each command module imports app.py and adds its commands to it; this is
the one module that imports them all (so app.py never imports a command module, and there is no
import cycle). It is the entry point (`[project.scripts] comply = "engine.cli.main:app"`), and
what `python -m engine.cli` runs. The order of the imports is the order of `comply --help`.
"""

from __future__ import annotations

from engine.cli.app import SUMMARIES, app

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

# each command's line in `comply --help`, in the officer's words (its own help says the rest)
SUMMARIES.update(
    {
        "init": "Create a store: empty, or with the demo data (--demo).",
        "backup": "Copy the store safely, even while it is in use.",
        "check": "Show the compliance position on a date: one line a duty.",
        "explain": "Explain one finding: the clause, its due date, the facts.",
        "due": "List what falls due in the coming weeks, soonest first.",
        "import": "Load a file of facts: all of it or nothing.",
        "directions": "List and check the direction files and their clauses.",
        "fact": "Show every version of a stored fact.",
        "correct": "Correct a stored fact (the old version is kept).",
        "withdraw": "Withdraw a stored fact (its history is kept).",
        "redact": "Erase personal data from every version of a fact.",
        "docs": "Write the documentation site: directions, clauses, scenarios.",
        "review": "Record a lawyer's sign-off of clauses.",
        "reviews": "Show which clauses a lawyer has reviewed.",
        "serve": "Start the desk: the Monitoring Officer's web application.",
        "report": "Write the Board report.",
        "calendar": "Write a calendar feed of the duties not yet due.",
        "nightly": "Run the nightly check: record it, compare, email the digest.",
        "history": "List past nightly runs with their counts.",
        "diff": "Show what changed between two nightly runs.",
        "import-plan": "Import an improvement plan (it replaces the current one).",
        "plan": "Show the improvement plan's position and its contradictions.",
        "bench": "Measure evaluation at national scale.",
        "attach": "Attach evidence files (the papers) to a stored fact.",
        "evidence-pack": "Write a zip of the findings and the papers proving them.",
        "user reset-password": "Give a desk user a new password.",
        "user disable": "Disable a desk user (their sessions end now).",
        "user list": "List the desk's users.",
        "owner set": "Give a clause or a board an owner.",
        "owner list": "List every clause and board with its owner.",
        "moderngov sync": "Read the committee system's meetings into the store.",
    }
)

__all__ = ["app"]

if __name__ == "__main__":  # pragma: no cover
    app()
