"""The plan's "Overall status" chart as SVG, like the council's "Overall Q2 Status" chart.

Why matplotlib: the well-kept plotting library; its SVG backend needs no display and no browser.
Its Figure is used without pyplot, so drawing this chart touches no global backend or figure state.
One horizontal stacked bar per area (and one for the whole plan), segments by status, for
either the derived statuses (the council's definitions applied by the rules) or the reported ones.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from engine.plan.model import DERIVED_STATUSES, REPORTED_STATUSES
from engine.plan.position import PlanPosition

if TYPE_CHECKING:  # matplotlib loads in about a second: only imported when a chart is drawn
    from matplotlib.figure import Figure

#: the council's RAG colours for the plan's own statuses (not a finding's: those are engine/core/status.py):
#: green done/on target, amber delayed, red overdue, grey not derivable
COLOURS = {
    "Completed": "#2e7d32",
    "On Target": "#66bb6a",
    "Delayed": "#ffb300",
    "Overdue": "#c62828",
    "not derivable": "#9e9e9e",
}


#: the widest the axis may grow (as a multiple of the longest bar) to make room for the notes beside the bars
_ROOM = (1.12, 1.3, 1.5, 1.8, 2.2, 2.8, 3.6)
#: clear space (points) a number needs on each side inside its segment
_PAD_PT = 2.0


@dataclass(frozen=True)
class PlacedLabel:
    """A number drawn on the chart: inside its segment when it fits there, otherwise in the row's note."""

    row: str
    status: str
    count: int
    inside: bool


def overall_status_figure(
    position: PlanPosition, which: Literal["derived", "reported"] = "derived"
) -> tuple[Figure, list[PlacedLabel]]:
    """The chart as a matplotlib Figure (drawn, so its texts have their final places): one stacked bar
    per row ("Whole plan", then each area), a segment per status.

    Each segment's count is written in the segment's middle only when the number, with a little clear
    space either side, fits inside it; otherwise (a segment of 1 beside one of 2 would read "21") it
    goes into a note after the bar's end ("Delayed 2, Overdue 1"), and the axis is widened until
    every note fits. Returns the figure and where each count went (tests measure the text boxes)."""
    # matplotlib loads in about a second: imported here, so that commands without a chart do not wait
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure  # no pyplot: no global backend or figure state

    counts = position.derived_counts if which == "derived" else position.reported_counts
    totals = position.derived_totals if which == "derived" else position.reported_totals
    statuses = list(DERIVED_STATUSES if which == "derived" else REPORTED_STATUSES)
    labels = ["Whole plan"] + list(position.areas)
    rows = [totals] + [counts[a] for a in position.areas]
    longest = max([sum(r.get(s, 0) for s in statuses) for r in rows] + [1])
    fig = MplFigure(figsize=(8, 0.6 * len(labels) + 1.6))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    left = [0] * len(labels)
    segments: list[tuple[int, str, int, float]] = []  # (row index, status, count, middle)
    for status in statuses:
        values = [r.get(status, 0) for r in rows]
        ax.barh(labels, values, left=left, color=COLOURS[status], label=status)
        segments += [(i, status, v, left[i] + v / 2) for i, v in enumerate(values) if v]
        left = [a + b for a, b in zip(left, values)]
    ax.invert_yaxis()
    ax.set_xlabel("milestones")
    title = "by the council's definitions (derived)" if which == "derived" else "as reported"
    ax.set_title(f"Improvement plan: overall status as of {position.as_of:%d %B %Y}\n{title}", fontsize=10)
    ax.legend(ncols=len(statuses), loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8, frameon=False)
    fig.tight_layout()
    pad = _PAD_PT * fig.dpi / 72
    for room in _ROOM:
        for text in list(ax.texts):
            text.remove()
        ax.set_xlim(0, longest * room)
        renderer = fig.canvas.get_renderer()
        outside: dict[int, list[str]] = {}
        placed: list[PlacedLabel] = []
        for i, status, value, middle in segments:
            text = ax.text(middle, i, str(value), ha="center", va="center", fontsize=8)
            width = text.get_window_extent(renderer).width
            x0, x1 = ax.transData.transform([(middle - value / 2, i), (middle + value / 2, i)])[:, 0]
            if width + 2 * pad <= x1 - x0:
                placed.append(PlacedLabel(labels[i], status, value, inside=True))
                continue
            text.remove()
            outside.setdefault(i, []).append(f"{status} {value}")
            placed.append(PlacedLabel(labels[i], status, value, inside=False))
        notes = [
            ax.annotate(
                ", ".join(parts),
                (left[i], i),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8,
            )
            for i, parts in outside.items()
        ]
        right = ax.get_window_extent(renderer).x1
        if all(note.get_window_extent(renderer).x1 <= right for note in notes):
            break
    return fig, placed


def overall_status_svg(position: PlanPosition, which: Literal["derived", "reported"] = "derived") -> str:
    """An SVG document (text) of the plan's position by area and status: the derived statuses (the
    council's definitions applied by the rules) or the reported ones (`overall_status_figure`)."""
    import matplotlib

    # text kept as text and deterministic ids: the SVG embeds in HTML beside other charts, stays searchable
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "comply-plan-chart"}):
        fig, _ = overall_status_figure(position, which)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
