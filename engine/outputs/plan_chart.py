"""The improvement plan's "Overall status" chart as SVG, like the council's "Overall Q2 Status" chart.

One horizontal stacked bar per area (and one for the whole plan, first), segments by status in the
council's RAG colours (engine/plan/model.py `STATUS_COLOURS`), for either the derived statuses (the
council's definitions applied by the rules) or the reported ones. Each count is written inside its
segment only when it fits there with clear space either side; otherwise it goes into a note after the
bar ("Delayed 2, Overdue 1"): a segment of 1 beside a segment of 2 must never read "21" (issue 17).
The geometry is `engine/outputs/chart_geometry.bar_chart`, the drawing the one chart template
(`engine/outputs/charts.py`); used by the Board paper, the desk's plan page and `comply plan --chart`.
"""

from __future__ import annotations

from typing import Literal

from engine.core import calendar
from engine.outputs.chart_geometry import Placed, Scene, Series, bar_chart
from engine.outputs.charts import chart_svg
from engine.plan.model import DERIVED_STATUSES, REPORTED_STATUSES, STATUS_COLOURS
from engine.plan.position import PlanPosition

Which = Literal["derived", "reported"]


def overall_status_scene(position: PlanPosition, which: Which = "derived") -> tuple[Scene, list[Placed]]:
    """The chart's geometry: rows "Whole plan" then each area, a segment per status with a count, and
    where each count went (inside its segment or in its row's note)."""
    counts = position.derived_counts if which == "derived" else position.reported_counts
    totals = position.derived_totals if which == "derived" else position.reported_totals
    statuses = DERIVED_STATUSES if which == "derived" else REPORTED_STATUSES
    series = [Series(s, s, STATUS_COLOURS[s]) for s in statuses]
    words = "by the council's definitions (derived)" if which == "derived" else "as reported"
    day = calendar.parse_instant(position.as_of).in_timezone(calendar.LONDON).date()
    title = f"Improvement plan: overall status as of {calendar.day_words(day)}\n{words}"
    rows = [totals] + [counts[a] for a in position.areas]
    return bar_chart(["Whole plan", *position.areas], rows, series, title, "milestones")


def overall_status_alt(position: PlanPosition, which: Which = "derived") -> str:
    """The chart in words (its text alternative): the whole plan's milestones by status."""
    totals = position.derived_totals if which == "derived" else position.reported_totals
    parts = [f"{n} {s}" for s, n in totals.items() if n]
    words = "under the council's definitions" if which == "derived" else "as reported"
    return (
        f"Bar chart of the improvement plan's {position.milestones} milestones by status {words},"
        f" for the whole plan and each area: {', '.join(parts)}."
    )


def overall_status_desc(position: PlanPosition, which: Which = "derived") -> str:
    """Every area's counts in words, for the SVG's <desc>: "Elections: 2 Completed, 16 On Target."."""
    counts = position.derived_counts if which == "derived" else position.reported_counts
    statuses = DERIVED_STATUSES if which == "derived" else REPORTED_STATUSES
    lines = []
    for area in position.areas:
        parts = [f"{counts[area].get(s, 0)} {s}" for s in statuses if counts[area].get(s, 0)]
        lines.append(f"{area}: {', '.join(parts) or 'no milestones'}.")
    return " ".join(lines)


def overall_status_svg(position: PlanPosition, which: Which = "derived") -> str:
    """The chart as one <svg> element, also a standalone SVG file (text): the plan's position by area
    and status, derived (the council's definitions applied by the rules) or reported."""
    scene, _ = overall_status_scene(position, which)
    return chart_svg(
        scene, "plan-overall-status", overall_status_alt(position, which), overall_status_desc(position, which)
    )
