"""Improvement-plan tracking on the command line: `comply import-plan` and `comply plan`.

The logic lives in engine/plan/ (importer, rules_runner, position, chart, summary); this module only reads
options and prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from engine.cli.app import Settings, app, check_format, err, out, progress, settings
from engine.cli.shared import AUTHORITY_HELP, open_store, parse_as_of, pick_authority
from engine.core import calendar, dates
from engine.core.errors import InputError
from engine.core.files import write_atomically
from engine.outputs.charts import svg_file
from engine.outputs.plan_chart import overall_status_svg
from engine.plan.importer import import_plan
from engine.plan.model import DERIVED_STATUSES
from engine.plan.position import MilestoneStatus, PlanPosition, plan_position
from engine.plan.summary import plan_and_day

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


def _short_why(s: MilestoneStatus) -> str:
    """The reason in a few words (the full reason is in the explanation: --explain or JSON)."""
    due = s.deadline.due
    if due is None:
        return f"no deadline date ({s.deadline.kind})"
    grace = s.deadline.grace_until
    return {
        "Completed": "100% complete",
        "On Target": f"not complete; due {calendar.govuk_words(due)}, not yet past",
        "Delayed": f"not complete; due {calendar.govuk_words(due)}, within a month of it",
        "Overdue": f"not complete; due {calendar.govuk_words(due)}, the month's grace ended {calendar.govuk_words(grace)}",
    }[s.derived]


def contradictions_table(officer: str, rows: list[MilestoneStatus]) -> Table:
    """One lead officer's contradictions: the milestone, its deadline, reported and derived statuses, and why."""
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


def compute_position(s: Settings, as_of: Optional[str], authority: Optional[str]) -> PlanPosition:
    """The position of the authority's plan (the bundled plan is imported into a store without one).

    Judged as of the day the plan's statuses were reported unless `as_of` says otherwise: a
    contradiction only means something on the day the reported figures describe."""
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        rows, reported_on = plan_and_day(store, key)
    instant = calendar.as_of_instant(reported_on.isoformat()) if as_of is None and reported_on else parse_as_of(as_of)
    if reported_on and instant.date() != reported_on:
        err.print(
            f"[yellow]note: the plan's statuses and % complete were reported on {calendar.day_words(reported_on)}; "
            f"they are judged here as of {calendar.govuk_words(instant)}.[/]",
            highlight=False,
        )
    return plan_position(rows, instant, key)


@app.command("import-plan")
def import_plan_command(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., help="The plan as .csv or .xlsx (columns: see docs/improvement-plan.md in the source repository)."
    ),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    reported_on: Optional[str] = typer.Option(
        None,
        "--reported-on",
        help="The day the plan's statuses and % complete describe, day first: 11/9/2017 or 2017-09-11 (default: today).",
    ),
    encoding: Optional[str] = typer.Option(
        None,
        "--encoding",
        help='For a CSV not saved as UTF-8: cp1252 for what Excel on Windows saves as "CSV".',
    ),
) -> None:
    """Import an improvement plan; it replaces the authority's plan, all of it or nothing."""
    s = settings(ctx)
    try:
        day = dates.read_date(reported_on) if reported_on else None
    except ValueError as exc:
        raise InputError(f"--reported-on: {exc}") from None
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        notes: list[str] = []
        with progress(f"Importing the plan {file.name}"):
            count, replaced = import_plan(store, file, key, day, encoding, notes)
    words = f", replacing the previous plan ({replaced} milestones)" if replaced else ""
    when = f"reported on {calendar.day_words(day)}" if day else "reported today (use --reported-on for another day)"
    # one unwrapped line (the path can be long): a script may read it, as it reads an error line
    sys.stdout.write(f"{file}: imported {count} milestones into the plan of {key}{words}; {when}\n")
    for note in notes:  # how the file was read: merged cells, dates with no year, separator, encoding
        sys.stderr.write(f"note: {note}\n")


@app.command("plan")
def plan_command(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(
        None,
        "--as-of",
        help="Judge as of this date instead of the day the plan's statuses were reported (the default).",
    ),
    format: str = typer.Option("table", "--format", help="table or json"),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    explain: bool = typer.Option(False, "--explain", help="Print every contradiction's full explanation."),
    chart: Optional[Path] = typer.Option(None, "--chart", help="Also write the overall-status chart as SVG here."),
) -> None:
    """The plan's position: statuses by area (derived by the council's definitions) and the
    reported statuses that contradict them, grouped by lead officer."""
    check_format(format, ("table", "json"))
    position = compute_position(settings(ctx), as_of, authority)
    if chart is not None:
        try:
            chart.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"--chart: cannot create the folder {chart.parent}: {exc.strerror or exc}") from None
        write_atomically(chart, svg_file(overall_status_svg(position)), option="--chart")
    if format == "json":
        sys.stdout.write(json.dumps(position.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
        return
    out.print(position.summary(), highlight=False)
    out.print(position_table(position))
    for officer, rows in position.contradictions_by_officer.items():
        out.print(contradictions_table(officer, rows))
        if explain:
            for st in rows:
                out.print(
                    "\n".join(["  " + st.explanation[0]] + ["    " + line for line in st.explanation[1:]]),
                    highlight=False,
                    markup=False,
                )
    out.print(
        "Statuses not derivable: "
        + (
            ", ".join(
                f"{st.milestone_ref} ({st.basis.removeprefix('not derivable ')})"
                for st in position.rows
                if st.derived == "not derivable"
            )
            or "none"
        ),
        highlight=False,
        style="dim",
    )
    if chart is not None:
        out.print(f"chart: {chart}", style="dim", highlight=False)
