"""The Board paper's charts never print one number on top of another (issue 17: in the plan's chart a
segment of 2 beside a segment of 1 read as "21"). Each chart is drawn with matplotlib's Agg renderer
and the boxes of its texts are measured: no two overlap, a number written inside a segment lies
inside that segment, and a note written after a bar stays inside the axes. Hypothesis varies the
counts (narrow segments, wide ones, many areas, thousands of findings)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core import calendar
from engine.outputs.board_chart import Point, chart_figure
from engine.plan.chart import overall_status_figure
from engine.plan.importer import BUNDLED_PLAN, read_plan_file
from engine.plan.model import DERIVED_STATUSES
from engine.plan.position import PlanPosition, plan_position

AREAS = ["Elections", "Communications", "Grants", "Procurement", "Property", "Governance", "Children's services"]


def position(counts: list[dict[str, int]]) -> PlanPosition:
    areas = AREAS[: len(counts)]
    derived = {a: {s: c.get(s, 0) for s in DERIVED_STATUSES} for a, c in zip(areas, counts)}
    totals = {s: sum(c[s] for c in derived.values()) for s in DERIVED_STATUSES}
    return PlanPosition(
        authority="tower-hamlets",
        as_of=dt.datetime(2017, 9, 11, tzinfo=dt.UTC),
        milestones=sum(totals.values()),
        areas=areas,
        derived_counts=derived,
        reported_counts={a: {} for a in areas},
        derived_totals=totals,
        reported_totals={},
        contradictions=0,
        reported_better=0,
        contradictions_by_officer={},
        rows=[],
    )


def overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def assert_plan_chart_is_legible(pos: PlanPosition) -> None:
    fig, placed = overall_status_figure(pos)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not overlaps(a, b), (texts[i].get_text(), texts[j].get_text())
    ticks = [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]
    axes_box = ax.get_window_extent(renderer)
    patches = [p for p in ax.patches if p.get_width() > 0]
    for text, box in zip(texts, boxes):
        assert not any(overlaps(box, tick) for tick in ticks), text.get_text()
        assert axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1, text.get_text()  # inside the axes
        if text.get_ha() == "center":  # a count inside its segment: within the segment's box
            middle = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            (bar,) = [p for p in patches if p.get_window_extent(renderer).contains(*middle)]
            seg = bar.get_window_extent(renderer)
            assert seg.x0 <= box.x0 and box.x1 <= seg.x1, (text.get_text(), seg, box)
            assert text.get_text() == str(round(bar.get_width()))
    # every count is shown once, inside its segment or in its row's note
    inside = [t.get_text() for t in texts if t.get_ha() == "center"]
    notes = " ".join(t.get_text() for t in texts if t.get_ha() == "left")
    assert len(inside) == sum(1 for p in placed if p.inside)
    for label in placed:
        if not label.inside:
            assert f"{label.status} {label.count}" in notes
    assert len(placed) == sum(1 for c in [pos.derived_totals, *pos.derived_counts.values()] for v in c.values() if v)


def test_the_bundled_plans_chart_has_no_colliding_numbers():
    rows = read_plan_file(BUNDLED_PLAN)
    assert_plan_chart_is_legible(plan_position(rows, calendar.as_of_instant("2017-09-11"), "tower-hamlets"))


def test_a_segment_of_one_beside_a_segment_of_two_is_not_read_as_twenty_one():
    pos = position([{"Completed": 300, "Delayed": 2, "Overdue": 1}])  # two narrow segments side by side
    fig, placed = overall_status_figure(pos)
    by_status = {(p.row, p.status): p for p in placed}
    assert by_status[("Elections", "Completed")].inside
    assert not by_status[("Elections", "Delayed")].inside and not by_status[("Elections", "Overdue")].inside
    notes = [t.get_text() for t in fig.axes[0].texts if t.get_ha() == "left"]
    assert "Delayed 2, Overdue 1" in notes
    assert_plan_chart_is_legible(pos)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(DERIVED_STATUSES), st.integers(min_value=0, max_value=60), min_size=1),
        min_size=1,
        max_size=len(AREAS),
    )
)
def test_plan_chart_numbers_never_collide(counts):
    assert_plan_chart_is_legible(position(counts))


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["met", "met_late", "breached", "unknown", "due_soon", "upcoming", "open", "lapsed"]),
            st.integers(min_value=0, max_value=40000),
        ),
        min_size=13,
        max_size=13,
    )
)
def test_the_findings_chart_totals_never_collide(counts):
    as_of = calendar.as_of_instant("2017-12-01")
    points = [Point(f"M{i}", as_of, c) for i, c in enumerate(counts)]
    fig = chart_figure(points, "a title")
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not overlaps(a, b), (texts[i].get_text(), texts[j].get_text())
    figure_box = fig.bbox
    assert all(figure_box.x0 <= b.x0 and b.x1 <= figure_box.x1 for b in boxes)
