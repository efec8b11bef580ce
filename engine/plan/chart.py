"""The plan's "Overall status" chart as SVG, like the council's "Overall Q2 Status" chart.

Why matplotlib: the well-kept plotting library; its SVG backend needs no display and no browser.
Its Figure is used without pyplot, so drawing this chart touches no global backend or figure state.
One horizontal stacked bar per area (and one for the whole plan), segments by status, for
either the derived statuses (the council's definitions applied by the rules) or the reported ones.
"""

from __future__ import annotations

import io
from typing import Literal

from engine.plan.model import DERIVED_STATUSES, REPORTED_STATUSES
from engine.plan.position import PlanPosition

#: the council's RAG colours for the plan's own statuses (not a finding's: those are engine/core/status.py):
#: green done/on target, amber delayed, red overdue, grey not derivable
COLOURS = {
    "Completed": "#2e7d32",
    "On Target": "#66bb6a",
    "Delayed": "#ffb300",
    "Overdue": "#c62828",
    "not derivable": "#9e9e9e",
}


def overall_status_svg(position: PlanPosition, which: Literal["derived", "reported"] = "derived") -> str:
    """An SVG document (text) of the plan's position by area and status: the derived statuses (the
    council's definitions applied by the rules) or the reported ones."""
    # matplotlib loads in about a second: imported here, so that commands without a chart do not wait
    import matplotlib
    from matplotlib.figure import Figure  # no pyplot: no global backend or figure state

    counts = position.derived_counts if which == "derived" else position.reported_counts
    totals = position.derived_totals if which == "derived" else position.reported_totals
    statuses = [s for s in (DERIVED_STATUSES if which == "derived" else REPORTED_STATUSES)]
    labels = ["Whole plan"] + list(position.areas)
    rows = [totals] + [counts[a] for a in position.areas]
    # text kept as text and deterministic ids: the SVG embeds in HTML beside other charts, stays searchable
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "comply-plan-chart"}):
        fig = Figure(figsize=(8, 0.6 * len(labels) + 1.6))
        ax = fig.subplots()
        left = [0] * len(labels)
        for status in statuses:
            values = [r.get(status, 0) for r in rows]
            bars = ax.barh(labels, values, left=left, color=COLOURS[status], label=status)
            ax.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", fontsize=8)
            left = [a + b for a, b in zip(left, values)]
        ax.invert_yaxis()
        ax.set_xlabel("milestones")
        title = "by the council's definitions (derived)" if which == "derived" else "as reported"
        ax.set_title(f"Improvement plan: overall status as of {position.as_of:%d %B %Y}\n{title}", fontsize=10)
        ax.legend(ncols=len(statuses), loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8, frameon=False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
