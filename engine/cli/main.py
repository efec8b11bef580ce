"""The `comply` command: the application of engine/cli/app.py with every command group added.

Why a module of its own: each command module imports app.py and adds its commands to it; this is
the one module that names them all (so app.py never names a command module, and there is no
import cycle). It is the entry point (`[project.scripts] comply = "engine.cli.main:app"`), and
what `python -m engine.cli` runs. The order of COMMAND_MODULES is the order of `comply --help`.

Why the command modules are named here rather than imported: a command module imports what its commands
need (the desk's Flask, the calendar's icalendar, the ModernGov client's httpx), and importing them all made
every command, even `comply --help`, wait for all of them (issue 19). engine/cli/app.py's ComplyGroup imports
a command's module when the command is first asked for; `comply --help` lists the commands by their
SUMMARIES line without importing them.
"""

from __future__ import annotations

from engine.cli.app import COMMAND_MODULES, SUMMARIES, app

# every command (its first word) and the module that adds it, in the order of `comply --help` (commands, then
# groups); a module is imported only when one of its commands runs or shows its help (engine/cli/app.py, ComplyGroup)
COMMAND_MODULES.update(
    {
        "init": "engine.cli.init",
        "backup": "engine.cli.init",
        "check": "engine.cli.check",
        "explain": "engine.cli.check",
        "due": "engine.cli.check",
        "import": "engine.cli.facts",
        "directions": "engine.cli.facts",
        "fact": "engine.cli.history",
        "correct": "engine.cli.history",
        "withdraw": "engine.cli.history",
        "redact": "engine.cli.history",
        "docs": "engine.cli.docs",
        "review": "engine.cli.review",
        "reviews": "engine.cli.review",
        "serve": "engine.cli.web",
        "report": "engine.cli.board",
        "calendar": "engine.cli.board",
        "nightly": "engine.cli.nightly",
        "history": "engine.cli.nightly",
        "diff": "engine.cli.nightly",
        "import-plan": "engine.cli.plan",
        "plan": "engine.cli.plan",
        "bench": "engine.cli.bench",
        "attach": "engine.cli.files",
        "evidence-pack": "engine.cli.files",
        "record": "engine.cli.record",
        "user": "engine.cli.web",
        "owner": "engine.cli.owner",
        "moderngov": "engine.cli.moderngov",
    }
)

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
        "record": "Record one fact in the store (validated).",
        "user": "Users of the desk (`comply serve`): viewers read, editors also record.",
        "owner": "Owners of clauses and boards: the desk user whose duties they are (reminded by the nightly run).",
        "moderngov": "The council's ModernGov committee system.",
        "owner set": "Give a clause or a board an owner.",
        "owner list": "List every clause and board with its owner.",
        "moderngov sync": "Read the committee system's meetings into the store.",
    }
)

__all__ = ["app"]

if __name__ == "__main__":  # pragma: no cover
    app()
