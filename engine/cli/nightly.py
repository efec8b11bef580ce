"""The unattended nightly run: `comply nightly`, `comply history`, `comply diff` (issue 5).

CLI wiring only; the run is engine/operations/nightly.py, its records engine/store/runs.py, the comparison
engine/evaluation/diffs.py, the summary and email engine/outputs/digest.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from engine.core.errors import InputError

DEFAULT_OUT = Path("comply-runs")


def _short(instant: str | None) -> str:
    """2017-12-01T00:00:00+00:00 -> 2017-12-01 00:00 (the table is read, the JSON keeps the offset)."""
    return instant[:16].replace("T", " ") if instant else "-"


def _existing_store() -> Path:
    """History and diff only read: a store that does not exist is an error, not a new empty file."""
    from engine.cli.app import settings

    if not settings.store_path.is_file():
        raise InputError(f"{settings.store_path}: no such store (run `comply nightly` first)")
    return settings.store_path


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `comply` application."""
    from engine.cli.app import AS_OF_HELP, fails_cleanly
    from engine.evaluation.check import DEFAULT_DUE_SOON_DAYS

    @app.command()
    @fails_cleanly
    def nightly(
        as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
        out_dir: Path = typer.Option(
            DEFAULT_OUT, "--out", help="Folder for run-<id>-<date>.json/.html and nightly.log."
        ),
        config: Optional[Path] = typer.Option(
            None,
            "--config",
            help="TOML file with an \\[smtp] table (see README); COMPLY_SMTP_* / COMPLY_MAIL_* variables override it.",
        ),
        due_soon_days: int = typer.Option(DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0),
    ) -> None:
        """Evaluate every authority and direction, record the run, compare it with the previous
        completed run, write JSON + HTML, email the digest. Exit 0: nothing breached; 1: a breach
        stands; 2: the run failed (or its email could not be sent; the run stays recorded)."""
        from engine.cli.app import err, open_store, out, parse_as_of, settings
        from engine.operations import nightly as N
        from engine.operations.runlock import RunLocked
        from engine.outputs import digest

        instant = parse_as_of(as_of)
        mail = digest.load_mail_config(config)
        if out_dir.exists() and not out_dir.is_dir():
            raise InputError(f"--out: {out_dir} exists and is not a folder")
        try:
            outcome = N.run_nightly(
                settings.store_path,
                lambda: open_store(seed_if_empty=True),
                settings.directions_dir,
                instant,
                due_soon_days,
                out_dir,
                mail,
            )
        except RunLocked as exc:
            raise InputError(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - unattended: never Python's exit code 1, which means "a breach"
            raise InputError(f"the nightly run could not run or be recorded: {type(exc).__name__}: {exc}") from None
        run, diff = outcome.run, outcome.diff
        if run.status != "completed":
            err.print(f"error: nightly run #{run.id} FAILED: {run.error}", highlight=False, soft_wrap=True)
        else:
            counts = ", ".join(f"{n} {s}" for s, n in run.counts.items() if n)
            out.print(
                f"nightly run #{run.id} as of {run.as_of} ({', '.join(outcome.authority_names)}): "
                f"{counts or 'no findings'}",
                highlight=False,
            )
            if diff is None or diff.before is None:
                out.print("  first run: nothing to compare with (this run is the baseline)", highlight=False)
            else:
                d = diff.counts()
                out.print(
                    f"  since run #{diff.before}: {d['new_breaches']} new breaches, {d['resolved_breaches']} "
                    f"resolved, {d['newly_due_soon']} newly due soon, {d['vanished']} vanished, "
                    f"{d['new_obligations']} new, {d['other_changes']} other changes",
                    highlight=False,
                )
                for c in diff.new_breaches:
                    out.print(f"  [red]new breach[/] {c.words()}", highlight=False)
        for p in outcome.files:
            out.print(f"  {p}", highlight=False)
        out.print(f"  email: {outcome.mail}", highlight=False)
        if outcome.output_error:
            err.print(
                f"error: nightly run #{run.id} is recorded, but its files in {out_dir} were not written: "
                f"{outcome.output_error}",
                highlight=False,
                soft_wrap=True,
            )
        if outcome.mail_failed:
            err.print(
                f"error: nightly run #{run.id} is recorded, but its email was not sent: {outcome.mail}",
                highlight=False,
                soft_wrap=True,
            )
        raise typer.Exit(outcome.exit_code)

    @app.command()
    @fails_cleanly
    def history(
        limit: int = typer.Option(20, "--limit", min=1, help="How many runs, newest first."),
        format: str = typer.Option("table", "--format", help="table or json"),
    ) -> None:
        """Past nightly runs, newest first, with the count of findings by status in each."""
        from rich.table import Table

        from engine.cli.app import open_store, out, settings
        from engine.core.status import STATUS_ORDER
        from engine.operations.runlock import lock_is_held
        from engine.store import runs

        if format not in ("table", "json"):
            raise InputError("--format: expected 'table' or 'json'")
        _existing_store()
        with open_store(seed_if_empty=False) as store:
            past = runs.history(store, limit)
        # only one run can be alive (it holds the lock): the newest "running" row; any other died
        live_id = max((r.id for r in past if r.status == "running"), default=None)
        if not lock_is_held(settings.store_path):
            live_id = None
        shown = []
        for r in past:
            status, error = r.status, r.error
            if status == "running" and r.id != live_id:
                status, error = "failed", runs.abandoned_words(r.pid, None)
            shown.append((r, status, error))
        if format == "json":
            sys.stdout.write(
                json.dumps([{**r.to_json(), "status": s, "error": e} for r, s, e in shown], indent=2) + "\n"
            )
            return
        table = Table(title=f"Nightly runs in {settings.store_path}", title_justify="left")
        for col in ("run", "as of", "started", "ended", "status"):
            table.add_column(col, no_wrap=True)
        for col in STATUS_ORDER:
            table.add_column(col.replace("_", " "), justify="right")
        table.add_column("email / error", overflow="fold")
        colour = {"completed": "green", "failed": "red", "running": "yellow", "replaced": "dim"}
        for r, status, error in shown:
            note = error or r.mail or ""
            if r.replaced_by:
                note = f"replaced by run #{r.replaced_by}"
            table.add_row(
                str(r.id),
                _short(r.as_of),
                _short(r.started_at),
                _short(r.ended_at),
                f"[{colour[status]}]{status}[/]",
                *[str(r.counts.get(s, "")) for s in STATUS_ORDER],
                note,
            )
        out.print(table)

    @app.command()
    @fails_cleanly
    def diff(
        run_a: int = typer.Argument(..., help="The earlier run id (see `comply history`)."),
        run_b: int = typer.Argument(..., help="The later run id."),
        format: str = typer.Option("text", "--format", help="text or json"),
    ) -> None:
        """What changed from run A to run B: new breaches, breaches resolved, newly due soon,
        vanished obligations, new obligations, other changes of status."""
        from engine.cli.app import open_store, out
        from engine.evaluation.diffs import Diff, compare
        from engine.store import runs

        if format not in ("text", "json"):
            raise InputError("--format: expected 'text' or 'json'")
        _existing_store()
        with open_store(seed_if_empty=False) as store:
            d = compare(runs.findings(store, run_a), runs.findings(store, run_b), run_a, run_b)
        if format == "json":
            sys.stdout.write(json.dumps(d.to_json(), indent=2, ensure_ascii=False) + "\n")
            return
        labels = {
            "new_breaches": "New breaches",
            "resolved_breaches": "Breaches resolved",
            "newly_due_soon": "Newly due soon",
            "vanished": "Vanished obligations",
            "new_obligations": "New obligations",
            "other_changes": "Other changes of status",
        }
        out.print(f"From run #{run_a} to run #{run_b}:", highlight=False)
        for cat in Diff.CATEGORIES:
            items = getattr(d, cat)
            out.print(f"{labels[cat]} ({len(items)})", highlight=False)
            for c in items:
                out.print(f"  {c.words()}", highlight=False, soft_wrap=True)
