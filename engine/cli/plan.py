"""Improvement-plan tracking: `comply import-plan` and `comply plan` (issue 6).

The logic lives in engine/plan/ (importer, rules_runner, position, chart); this module only reads
options and prints. `plan_summary_line` is the one or two lines `comply check` adds after its
findings.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from engine.core.errors import InputError
from engine.plan.model import DERIVED_STATUSES
from engine.plan.position import PlanPosition

_COLOUR = {
    "Completed": "green",
    "On Target": "cyan",
    "Delayed": "dark_orange",
    "Overdue": "red",
    "not derivable": "dim",
}


def position_table(position: PlanPosition) -> Table:
    """Milestones by area and derived status; the reported count in brackets where it differs."""
    table = Table(title="Overall status by the council's definitions (reported, where different)", title_justify="left")
    table.add_column("area")
    for status in DERIVED_STATUSES:
        table.add_column(f"[{_COLOUR[status]}]{status}[/]", justify="right")
    table.add_column("milestones", justify="right")

    def cells(derived: dict[str, int], reported: dict[str, int]) -> list[str]:
        out = []
        for status in DERIVED_STATUSES:
            d, r = derived.get(status, 0), reported.get(status)
            out.append(f"{d}" + (f" ({r})" if r is not None and r != d else ""))
        return out + [str(sum(derived.values()))]

    for area in position.areas:
        table.add_row(escape(area), *cells(position.derived_counts[area], position.reported_counts[area]))
    table.add_row("[bold]Whole plan[/]", *cells(position.derived_totals, position.reported_totals))
    return table


def _short_why(s) -> str:
    """The reason in a few words (the full reason is in the explanation: --explain or JSON)."""
    due = s.deadline.due
    if due is None:
        return f"no deadline date ({s.deadline.kind})"
    grace = s.deadline.grace_until
    return {
        "Completed": "100% complete",
        "On Target": f"not complete; due {due:%d %b %Y}, not yet past",
        "Delayed": f"not complete; due {due:%d %b %Y}, within a month of it",
        "Overdue": f"not complete; due {due:%d %b %Y}, the month's grace ended {grace:%d %b %Y}",
    }[s.derived]


def contradictions_table(officer: str, rows: list) -> Table:
    # the plan's own words are text, not Rich markup: a "[draft]" in a milestone must print as written
    table = Table(title=f"{escape(officer)}: {len(rows)} contradiction(s)", title_justify="left")
    for col in ("ref", "milestone", "deadline", "%", "reported", "derived", "why derived"):
        table.add_column(col, overflow="fold")
    for s in rows:
        why = _short_why(s)
        flag = " [red](better)[/]" if s.direction == "reported better than derived" else ""
        table.add_row(
            escape(s.milestone_ref),
            escape(s.milestone),
            escape(s.deadline.as_written),
            "" if s.percent_complete is None else str(s.percent_complete),
            s.reported + flag,
            f"[{_COLOUR[s.derived]}]{s.derived}[/]",
            why,
        )
    return table


def _plan_and_day(store, key: str) -> tuple[list, dt.date | None, str | None]:
    """The authority's plan rows, the day its statuses describe, and a note when the bundled plan was just imported."""
    from engine.plan.importer import ensure_plan, plan_reported_on

    rows, note = ensure_plan(store, key)
    return rows, plan_reported_on(store, key), note


def compute_position(as_of: Optional[str], authority: Optional[str]) -> PlanPosition:
    """The position of the authority's plan (the bundled plan is imported into a store without one).

    Judged as of the day the plan's statuses were reported unless `as_of` says otherwise: a
    contradiction only means something on the day the reported figures describe."""
    from engine.cli.app import err, open_store, parse_as_of, pick_authority, settings
    from engine.core import calendar
    from engine.plan.position import plan_position

    with open_store(seed_if_empty=True) as store:
        key = pick_authority(store, authority)
        rows, reported_on, note = _plan_and_day(store, key)
    if note:
        err.print(f"[dim]{settings.store_path}: {note}.[/]", highlight=False)
    instant = calendar.as_of_instant(reported_on.isoformat()) if as_of is None and reported_on else parse_as_of(as_of)
    if reported_on and instant.date() != reported_on:
        err.print(
            f"[yellow]note: the plan's statuses and % complete were reported on {reported_on:%d %B %Y}; "
            f"they are judged here as of {calendar.human(instant)}.[/]",
            highlight=False,
        )
    return plan_position(rows, instant, key)


def plan_summary_line(authority: str) -> str | None:
    """For `comply check`'s table: the plan's summary as of the day its statuses were reported, or
    None when the authority has no plan."""
    from engine.cli.app import open_store
    from engine.core import calendar
    from engine.plan.importer import BUNDLED_PLAN_AUTHORITY, load_plan
    from engine.plan.position import plan_position

    with open_store(seed_if_empty=False) as store:
        if not load_plan(store, authority) and authority != BUNDLED_PLAN_AUTHORITY:
            return None
        rows, reported_on, _ = _plan_and_day(store, authority)
    position = plan_position(rows, calendar.as_of_instant(reported_on.isoformat()), authority)
    return f"{position.summary()} (the day its statuses were reported, whatever the --as-of date). Details: comply plan"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `comply` application."""
    from engine.cli.app import fails_cleanly

    @app.command("import-plan")
    @fails_cleanly
    def import_plan_command(
        file: Path = typer.Argument(
            ..., help="The plan as .csv or .xlsx (columns: see README, 'The improvement plan')."
        ),
        authority: Optional[str] = typer.Option(None, help="Authority key (default: the only one in the store)."),
        reported_on: Optional[str] = typer.Option(
            None,
            "--reported-on",
            help="The day (YYYY-MM-DD) the plan's statuses and % complete describe (default: today).",
        ),
    ) -> None:
        """Import an improvement plan; it replaces the authority's plan, all of it or nothing."""
        import datetime as dt

        from engine.cli.app import open_store, pick_authority
        from engine.plan.importer import import_plan

        try:
            day = dt.date.fromisoformat(reported_on) if reported_on else None
        except ValueError:
            raise InputError(f"--reported-on: expected a date such as 2017-09-11, got {reported_on!r}") from None
        with open_store(seed_if_empty=True) as store:
            key = pick_authority(store, authority)
            count, replaced = import_plan(store, file, key, day)
        words = f", replacing the previous plan ({replaced} milestones)" if replaced else ""
        when = f"reported on {day:%d %B %Y}" if day else "reported today (use --reported-on for another day)"
        # one unwrapped line (the path can be long): a script may read it, as it reads an error line
        sys.stdout.write(f"{file}: imported {count} milestones into the plan of {key}{words}; {when}\n")

    @app.command("plan")
    @fails_cleanly
    def plan_command(
        as_of: Optional[str] = typer.Option(
            None,
            "--as-of",
            help="Judge as of this date instead of the day the plan's statuses were reported (the default).",
        ),
        format: str = typer.Option("table", "--format", help="table or json"),
        authority: Optional[str] = typer.Option(None, help="Authority key (default: the only one in the store)."),
        explain: bool = typer.Option(False, "--explain", help="Print every contradiction's full explanation."),
        chart: Optional[Path] = typer.Option(None, "--chart", help="Also write the overall-status chart as SVG here."),
    ) -> None:
        """The plan's position: statuses by area (derived by the council's definitions) and the
        reported statuses that contradict them, grouped by lead officer."""
        from engine.cli.app import out

        if format not in ("table", "json"):
            raise InputError("--format: expected 'table' or 'json'")
        position = compute_position(as_of, authority)
        if chart is not None:
            from engine.plan.chart import overall_status_svg

            chart.parent.mkdir(parents=True, exist_ok=True)
            chart.write_text(overall_status_svg(position), encoding="utf-8")
        if format == "json":
            sys.stdout.write(json.dumps(position.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
            return
        out.print(position.summary(), highlight=False)
        out.print(position_table(position))
        for officer, rows in position.contradictions_by_officer.items():
            out.print(contradictions_table(officer, rows))
            if explain:
                for s in rows:
                    out.print(
                        "\n".join(["  " + s.explanation[0]] + ["    " + line for line in s.explanation[1:]]),
                        highlight=False,
                        markup=False,
                    )
        out.print(
            "Statuses not derivable: "
            + (
                ", ".join(
                    f"{s.milestone_ref} ({s.basis.removeprefix('not derivable ')})"
                    for s in position.rows
                    if s.derived == "not derivable"
                )
                or "none"
            ),
            highlight=False,
            style="dim",
        )
        if chart is not None:
            out.print(f"chart: {chart}", style="dim", highlight=False)
