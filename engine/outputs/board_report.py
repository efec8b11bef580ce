"""The printable Board report (`comply report`): one self-contained HTML file for a Board paper.

Why: every week the Monitoring Officer is asked what is due, what is late, why, and what proves
the council complied, and needs something to put in front of the Board without a terminal. The
report answers from the same evaluation as `comply check` (`engine.evaluation.check.check`), with every
finding's explanation (the clause text and source, how the due date was computed, the facts and
the reason), so nothing in it is a separate judgement.

Sections (each starts a new printed page): the summary (authority, as-of, directions in force,
counts by status, how to read it, the chart of the past year); breaches proven; findings not
proven either way (the worklist; with the bundled papers there is no proven breach, and the
report says so plainly); what falls due in the next quarter; the evidence of compliance over the
past year; and, when the authority has an improvement plan, the plan's position by area and
status (derived by the council's own definitions, beside what was reported) with the reported
statuses that contradict the definitions, grouped by lead officer. The footer says when and by
which version of comply it was generated, from which store and which direction files (with their
SHA-256).

Decision, "the next quarter": the three calendar months after the as-of instant (1 December to
1 March), not the next calendar quarter: a Board meeting any week of the year sees the same
horizon. The report states the window it used.

Why Jinja2: a template a non-programmer can adjust (engine/outputs/templates/board/report.html.j2),
rendered by the outputs' one environment (engine/outputs/templating.py), autoescaped so a fact's
text cannot inject markup. Everything is inline (CSS in a <style>, the chart as an inline <svg>),
with no script and no external or relative URL, so the file can be emailed, opened from disk and
printed. The status words and colours are those of the one table (engine/core/status.py); the
version and the direction files' SHA-256 those of engine/core/provenance.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pendulum import DateTime

from engine.core import calendar, status
from engine.core.provenance import DirectionFile, comply_version, direction_files
from engine.directions.model import Direction
from engine.evaluation.check import check
from engine.model.findings import Finding, Report
from engine.outputs.board_chart import Point, chart_svg, inline_svg, status_history
from engine.outputs.templating import render
from engine.plan.chart import overall_status_svg
from engine.plan.model import DERIVED_STATUSES, PlanRow
from engine.plan.position import PlanPosition, plan_position
from engine.store.sqlite import AuthorityState

#: the horizon of "what falls due in the next quarter"
QUARTER_MONTHS = 3


@dataclass(frozen=True)
class Provenance:
    """Where the report comes from: printed in its footer so a Board paper can be traced."""

    generated_at: DateTime
    store: str
    direction_files: list[DirectionFile]
    comply_version: str = field(default_factory=lambda: comply_version())


@dataclass
class BoardReport:
    """Everything the template shows, already decided: the template only lays it out."""

    report: Report
    directions: list[Direction]  # the directions binding the authority and made by the as-of date
    as_of: DateTime
    quarter_end: DateTime
    breaches: list[Finding]
    unknowns: list[Finding]
    due_next_quarter: list[Finding]
    due_later: int  # owed obligations falling due after the quarter
    open_duties: list[Finding]  # duties with no due date not yet done (status open), longest open first
    complied: list[Finding]  # met or met late, due within the past year
    history: list[Point]
    chart: Markup
    absence_proves_breach: bool
    coverage_subjects: list[str]
    provenance: Provenance
    plan: PlanPosition | None = None  # the improvement plan's position, when the authority has a plan
    plan_chart: Markup | None = None


def _by_due(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.due, f.clause, f.id))


def build(
    state: AuthorityState,
    directions: list[Direction],
    as_of: DateTime,
    *,
    due_soon_days: int,
    provenance: Provenance,
    plan_rows: list[PlanRow] | None = None,
    plan_reported_on: dt.date | None = None,
) -> BoardReport:
    """Evaluate the authority as of an instant (and at the past 12 month-ends) and sort the findings
    into the report's sections; with the authority's improvement plan, add the plan's position
    (statuses derived by the council's definitions, and the reported statuses that contradict them),
    judged as of the day the plan's statuses were reported (`plan_reported_on`; default the as-of)."""
    report = check(state, directions, as_of, due_soon_days)
    history = status_history(state, directions, as_of, due_soon_days, now=report)
    quarter_end = as_of.add(months=QUARTER_MONTHS)
    year_ago = as_of.subtract(years=1)
    owed = [
        f
        for f in report.findings
        if status.info(f.status).owed and not status.info(f.status).past_due and status.info(f.status).dated
    ]
    in_quarter = [f for f in owed if calendar.parse_instant(f.due) <= quarter_end]
    complied = [
        f
        for f in report.findings
        if f.status in ("met", "met_late") and year_ago < calendar.parse_instant(f.due) <= as_of
    ]
    used = [d for d in directions if d.id in report.directions and calendar.start_of_day_instant(d.date) <= as_of]
    plan_as_of = calendar.as_of_instant(plan_reported_on.isoformat()) if plan_reported_on else as_of
    plan = plan_position(plan_rows, plan_as_of, state.authority.key) if plan_rows else None
    title = f"Findings by status at each month-end ({history[0].label} to {history[-2].label}) and {history[-1].label}"
    return BoardReport(
        report=report,
        directions=used,
        as_of=as_of,
        quarter_end=quarter_end,
        breaches=_by_due([f for f in report.findings if f.status == "breached"]),
        unknowns=_by_due([f for f in report.findings if f.status == "unknown"]),
        due_next_quarter=_by_due(in_quarter),
        due_later=len(owed) - len(in_quarter),
        open_duties=_by_due([f for f in report.findings if not status.info(f.status).dated]),
        complied=_by_due(complied)[::-1],
        history=history,
        chart=Markup(chart_svg(history, title)),
        absence_proves_breach=state.authority.absence_proves_breach,
        coverage_subjects=sorted({c.subject for c in state.coverage}),
        provenance=provenance,
        plan=plan,
        plan_chart=Markup(inline_svg(overall_status_svg(plan))) if plan else None,
    )


def render_html(board: BoardReport) -> str:
    """The report as one HTML document (UTF-8 text), from the template board/report.html.j2."""
    return render(
        "board/report.html.j2",
        b=board,
        r=board.report,
        plan_statuses=DERIVED_STATUSES,
        generated=calendar.human(board.provenance.generated_at),
        generated_iso=calendar.iso(board.provenance.generated_at),
    )


def board_report_html(
    state: AuthorityState,
    directions: list[Direction],
    as_of: DateTime,
    *,
    due_soon_days: int,
    store: str,
    directions_folder: Path,
    generated_at: dt.datetime | DateTime,
    plan_rows: list[PlanRow] | None = None,
    plan_reported_on: dt.date | None = None,
) -> str:
    """Build and render in one call: what `comply report` (and a web route, if one is wanted) uses."""
    provenance = Provenance(
        generated_at=calendar.parse_instant(generated_at),
        store=store,
        direction_files=direction_files(directions_folder),
    )
    return render_html(
        build(
            state,
            directions,
            as_of,
            due_soon_days=due_soon_days,
            provenance=provenance,
            plan_rows=plan_rows,
            plan_reported_on=plan_reported_on,
        )
    )
