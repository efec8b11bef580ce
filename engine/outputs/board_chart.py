"""The Board report's chart: how many findings had each status at each month-end of the past year.

Why: a Board reads a trend faster than a table. The counts are not stored anywhere: they are the
real evaluation (`engine.evaluation.check.check`) run as of the end of each of the 12 months before the
as-of date, plus the as-of instant itself, so the chart can never disagree with `comply check`
(a fact recorded after a month-end does not change that month's bar: it was not known then).

Why drawn here and not by a plotting library: the chart is stacked columns, whose every position
`engine/outputs/chart_geometry.py` computes (with label boxes that cannot collide) and the one chart
template writes as an inline SVG (`engine/outputs/charts.py`): text kept as text (searchable, sharp in
print), the same file for the same input. matplotlib did this in about 2.4 s of `comply report`'s time
(issue 19). The bars are stacked in the status table's order, in its colours and words
(engine/core/status.py), the same as the report's badges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pendulum import DateTime

from engine.core import calendar, status
from engine.directions.model import Direction
from engine.evaluation.check import check
from engine.model.findings import Report
from engine.model.state import AuthorityState
from engine.outputs.chart_geometry import Scene, Series, column_chart
from engine.outputs.charts import chart_svg as svg_of

MONTHS = 12
#: the words in the plot when no instant has a finding
NOTHING = "no findings in this period"


@dataclass(frozen=True)
class Point:
    """The counts by status at one instant."""

    label: str  # "Nov 2017" for a month-end, "as of 1 Dec 2017" for the as-of instant
    instant: DateTime
    counts: dict[str, int]


def month_end_instants(as_of: DateTime, months: int = MONTHS) -> list[DateTime]:
    """The ends (23:59:59 London) of the `months` calendar months before the as-of date, oldest first.

    The as-of date's own month counts only if its last day has ended before the as-of instant.
    """
    local = as_of.in_timezone(calendar.LONDON)
    last = calendar.month_end(local.date())
    if calendar.end_of_day_instant(last) >= as_of:
        last = local.date().replace(day=1) - dt.timedelta(days=1)
    ends: list[dt.date] = []
    for _ in range(months):
        ends.append(last)
        last = last.replace(day=1) - dt.timedelta(days=1)
    return [calendar.end_of_day_instant(d) for d in reversed(ends)]


def status_history(
    state: AuthorityState,
    directions: list[Direction],
    as_of: DateTime,
    due_soon_days: int,
    months: int = MONTHS,
    now: Report | None = None,
) -> list[Point]:
    """Evaluate the authority at each month-end of the past year and at the as-of instant
    (`now`, when given, is that last evaluation, already made by the caller)."""
    points = []
    for instant in month_end_instants(as_of, months):
        report = check(state, directions, instant, due_soon_days)
        points.append(Point(instant.format("MMM YYYY"), instant, report.counts))
    if now is None or now.as_of != calendar.iso(as_of) or now.due_soon_days != due_soon_days:
        now = check(state, directions, as_of, due_soon_days)
    points.append(Point(f"as of {as_of.in_timezone(calendar.LONDON).format('D MMM YYYY')}", as_of, now.counts))
    return points


def chart_scene(points: list[Point], title: str) -> Scene:
    """Stacked columns of the counts by status at each point (oldest first), each column's total above
    it, the legend on the right with the statuses present (top of the stack first); the geometry of
    `engine.outputs.chart_geometry.column_chart`."""
    series = [Series(key, status.word(key), status.colour(key)) for key in status.STATUS_ORDER]
    return column_chart([p.label for p in points], [p.counts for p in points], series, title, "findings", NOTHING)


def counts_in_words(p: Point) -> str:
    """A point's counts in the status table's order and words: "3 met, 1 unknown" ("no findings")."""
    parts = [f"{p.counts.get(k, 0)} {status.word(k)}" for k in status.STATUS_ORDER if p.counts.get(k, 0)]
    return ", ".join(parts) or "no findings"


def chart_alt(points: list[Point]) -> str:
    """The chart's text alternative: what it shows, the counts at the first month-end and at the as-of
    instant (a tagged PDF's Figure /Alt comes from the SVG's <title>)."""
    first, last = points[0], points[-1]
    return (
        f"Bar chart of the findings by status at each month-end from {first.label} to {points[-2].label}"
        f" and {last.label}. At {first.label}: {counts_in_words(first)}."
        f" {last.label[:1].upper()}{last.label[1:]}: {counts_in_words(last)}."
    )


def chart_desc(points: list[Point]) -> str:
    """Every point's counts in words, for the SVG's <desc>: "Dec 2016: no findings. Jan 2017: 3 met, 1 unknown."."""
    return " ".join(f"{p.label}: {counts_in_words(p)}." for p in points)


def chart_svg(points: list[Point], title: str, alt: str) -> str:
    """Stacked columns of the counts by status, as an inline <svg> element (no XML prolog, no DOCTYPE)
    with `alt` as its text alternative and every point's counts in its <desc>."""
    return svg_of(chart_scene(points, title), "findings-by-month", alt, chart_desc(points))
