"""The Board report's chart: how many findings had each status at each month-end of the past year.

Why: a Board reads a trend faster than a table. The counts are not stored anywhere: they are the
real evaluation (`engine.evaluation.check.check`) run as of the end of each of the 12 months before the
as-of date, plus the as-of instant itself, so the chart can never disagree with `comply check`
(a fact recorded after a month-end does not change that month's bar: it was not known then).

Why matplotlib: the standard plotting library; the Agg backend needs no display, and its SVG
output (text kept as text, `svg.fonttype = none`) embeds in the HTML, prints sharply and stays
searchable. Ids in the SVG are made deterministic (`svg.hashsalt`) so the same input gives the
same file. The bars are stacked in the status table's order, in its colours and words
(engine/core/status.py), the same as the report's badges.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pendulum import DateTime

from engine.core import calendar, status
from engine.directions.model import Direction
from engine.evaluation.check import check
from engine.model.findings import Report
from engine.model.state import AuthorityState

if TYPE_CHECKING:  # matplotlib loads in about a second: only imported when a chart is drawn
    from matplotlib.figure import Figure

MONTHS = 12
#: matplotlib settings of the chart: text kept as text (searchable, sharp in print), deterministic ids
RC = {"svg.fonttype": "none", "svg.hashsalt": "comply-board-report", "font.family": "sans-serif", "font.size": 9}


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


def chart_figure(points: list[Point], title: str) -> Figure:
    """Stacked bars of the counts by status, with each bar's total above it, as a matplotlib Figure
    (drawn with Agg, so tests can measure where its texts are); fonts as `chart_svg` writes them."""
    # matplotlib loads in about a second: imported here, so that commands without a chart do not wait
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure  # no pyplot: no global figure state (the desk serves threads)

    labels = [p.label for p in points]
    fig = MplFigure(figsize=(9.0, 3.6))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    bottoms = [0] * len(points)
    for key in status.STATUS_ORDER:
        values = [p.counts.get(key, 0) for p in points]
        if not any(values):
            continue
        ax.bar(labels, values, bottom=bottoms, color=status.colour(key), width=0.7, label=status.word(key))
        bottoms = [b + v for b, v in zip(bottoms, values)]
    # a total wider than its bar's slot (thousands, on a narrow chart) is written smaller rather than run into the next
    size = 8 if max(len(str(t)) for t in bottoms) <= 4 else 6.5
    ax.set_xticks(range(len(labels)), labels)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    for i, total in enumerate(bottoms if any(bottoms) else []):
        ax.annotate(
            str(total), (i, total), ha="center", va="bottom", fontsize=size, xytext=(0, 2), textcoords="offset points"
        )
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_ylabel("findings")
    ax.set_ylim(0, max(bottoms + [1]) * 1.15)
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
    ax.spines[["top", "right"]].set_visible(False)
    if any(bottoms):
        handles, names = ax.get_legend_handles_labels()  # top of the stack first, as drawn
        ax.legend(handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    else:
        ax.text(0.5, 0.5, "no findings in this period", transform=ax.transAxes, ha="center", color="#555")
    fig.tight_layout()
    fig.canvas.draw()
    return fig


def chart_svg(points: list[Point], title: str) -> str:
    """Stacked bars of the counts by status, as an inline <svg> element (no XML prolog, no DOCTYPE)."""
    import matplotlib

    with matplotlib.rc_context(RC):
        fig = chart_figure(points, title)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return inline_svg(buf.getvalue())


def inline_svg(document: str) -> str:
    """An SVG document as an element to inline into HTML: the XML prolog, DOCTYPE and metadata dropped."""
    svg = document[document.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
