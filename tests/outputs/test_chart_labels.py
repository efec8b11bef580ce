"""The Board paper's charts never print one number on top of another (issue 17: in the plan's chart a
segment of 2 beside a segment of 1 read as "21").

The charts' geometry (engine/outputs/chart_geometry.py) gives every label a box from a width estimate
that errs on the wide side. Hypothesis varies the counts (narrow segments, wide ones, many areas,
hundreds of thousands of findings) and checks the boxes: no two overlap, none leaves the drawing, no
label lies on a bar except a count inside its own segment with clear space either side, and every count
is shown once, inside its segment or in its row's note. That the estimate does err on the wide side is
checked against DejaVu Sans' own advances (Pillow reads the font file), and once in Debian's chromium:
the rendered labels' getBBox() lie inside their estimated boxes and do not overlap."""

from __future__ import annotations

import datetime as dt
import itertools
import string
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from PIL import ImageFont

from engine.core import calendar, status
from engine.outputs.board_chart import Point, chart_alt, chart_scene, chart_svg
from engine.outputs.chart_geometry import (
    PAD,
    SIDE,
    Box,
    Scene,
    Series,
    bar_chart,
    column_chart,
    contrast,
    ink_on,
    nice_ticks,
    text_width,
    wrap,
)
from engine.outputs.plan_chart import overall_status_scene, overall_status_svg
from engine.plan.importer import BUNDLED_PLAN, read_plan_file
from engine.plan.model import DERIVED_STATUSES, STATUS_COLOURS
from engine.plan.position import PlanPosition, plan_position

AREAS = ["Elections", "Communications", "Grants", "Procurement", "Property", "Governance", "Children's services"]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
STATUS_KEYS = ["met", "met_late", "breached", "unknown", "due_soon", "upcoming", "open", "lapsed"]


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


def assert_legible(scene: Scene) -> None:
    """No two labels overlap, every label lies in the drawing, and none lies on a bar or swatch except a
    count inside its own segment, with PAD clear either side."""
    boxes = [t.box for t in scene.texts]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not a.overlaps(b), (scene.texts[i].text, scene.texts[j].text)
    for text, box in zip(scene.texts, boxes):
        assert box.within(scene.box), text.text
        on = [r for r in scene.rects if r.box.overlaps(box)]
        if text.role == "count":
            (segment,) = on
            assert segment.role == "segment" and text.text == str(segment.value)
            padded = Box(box.x0 - PAD, box.y0, box.x1 + PAD, box.y1)
            assert padded.within(segment.box), (text.text, segment)
            assert contrast(text.fill, segment.fill) >= 3.0  # legible on its colour
        else:
            assert not on, (text.text, on)


def assert_plan_chart_is_legible(pos: PlanPosition) -> None:
    scene, placed = overall_status_scene(pos)
    assert_legible(scene)
    notes = {t.text for t in scene.texts if t.role == "note"}
    inside = [t for t in scene.texts if t.role == "count"]
    assert len(inside) == sum(1 for p in placed if p.inside)
    for label in placed:  # every count shown once: inside its segment, or in its row's note
        if not label.inside:
            assert any(f"{label.key} {label.count}" in note.split(", ") for note in notes), label
    shown = [c for c in [pos.derived_totals, *pos.derived_counts.values()] for v in c.values() if v]
    assert len(placed) == len(shown)
    plot_right = max([r.box.x1 for r in scene.rects if r.role == "segment"] + [0])
    axis = max(line.x2 for line in scene.lines)  # the x axis' right end
    assert all(t.box.x1 <= axis for t in scene.texts if t.role == "note") and plot_right <= axis


# --------------------------------------------------------------------------------------------
# The width estimate errs on the wide side


@pytest.mark.skipif(not DEJAVU.exists(), reason="Debian's fonts-dejavu-core is not installed")
@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ’–é", max_size=40))
def test_the_width_estimate_is_never_narrower_than_dejavu_sans(text):
    font = ImageFont.truetype(str(DEJAVU), 100)
    assert font.getlength(text) <= text_width(text, 100) - 2 * SIDE * 100 + 1e-6  # without the room either side


@given(st.text(alphabet=string.ascii_letters + " ", max_size=80), st.floats(min_value=20, max_value=300))
def test_wrapped_lines_fit_unless_a_word_alone_is_wider(text, width):
    lines = wrap(text, 10, width)
    assert " ".join(lines) == " ".join(text.split())
    assert all(text_width(line, 10) <= width or " " not in line for line in lines)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=12))
def test_ticks_reach_the_top_in_at_most_the_steps_asked(top, most):
    ticks = nice_ticks(top, most)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) - 1 <= most
    step = ticks[1]
    assert str(step).lstrip("125").strip("0") == "" and all(b - a == step for a, b in itertools.pairwise(ticks))


def test_counts_take_black_or_white_whichever_reads_better():
    assert ink_on("#2e7d32") == "#ffffff" and ink_on("#ffb300") == "#000000"
    assert all(contrast(ink_on(c), c) >= 4.5 for c in STATUS_COLOURS.values())


# --------------------------------------------------------------------------------------------
# The plan's chart


def test_the_bundled_plans_chart_has_no_colliding_numbers():
    rows = read_plan_file(BUNDLED_PLAN)
    assert_plan_chart_is_legible(plan_position(rows, calendar.as_of_instant("2017-09-11"), "tower-hamlets"))


def test_a_segment_of_one_beside_a_segment_of_two_is_not_read_as_twenty_one():
    pos = position([{"Completed": 300, "Delayed": 2, "Overdue": 1}])  # two narrow segments side by side
    scene, placed = overall_status_scene(pos)
    by_status = {(p.row, p.key): p for p in placed}
    assert by_status[("Elections", "Completed")].inside
    assert not by_status[("Elections", "Delayed")].inside and not by_status[("Elections", "Overdue")].inside
    notes = [t.text for t in scene.texts if t.role == "note"]
    assert "Delayed 2, Overdue 1" in notes
    assert_plan_chart_is_legible(pos)


def test_notes_too_long_for_the_widest_axis_widen_the_chart():
    pos = position([{s: 1 for s in DERIVED_STATUSES} for _ in AREAS])  # every count in a note, every row
    scene, placed = overall_status_scene(pos)
    assert not any(p.inside for p in placed if p.row != "Whole plan")
    assert_plan_chart_is_legible(pos)


@settings(max_examples=examples(150), deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(DERIVED_STATUSES), st.integers(min_value=0, max_value=600), min_size=1),
        min_size=1,
        max_size=len(AREAS),
    )
)
def test_plan_chart_numbers_never_collide(counts):
    assert_plan_chart_is_legible(position(counts))


# --------------------------------------------------------------------------------------------
# The findings chart


def findings_points(counts: list[dict[str, int]]) -> list[Point]:
    as_of = calendar.as_of_instant("2017-12-01")
    months = [as_of.subtract(months=len(counts) - 1 - i).format("MMM YYYY") for i in range(len(counts) - 1)]
    return [Point(m, as_of, c) for m, c in zip(months, counts)] + [Point("as of 1 Dec 2017", as_of, counts[-1])]


@settings(max_examples=examples(150), deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(STATUS_KEYS), st.integers(min_value=0, max_value=40000)),
        min_size=13,
        max_size=13,
    )
)
def test_the_findings_chart_totals_never_collide(counts):
    scene = chart_scene(findings_points(counts), "Findings by status at each month-end and as of 1 Dec 2017")
    assert_legible(scene)
    totals = [t for t in scene.texts if t.role == "total"]
    if any(sum(c.values()) for c in counts):
        assert [t.text for t in totals] == [str(sum(c.values())) for c in counts]
        months = [t for t in scene.texts if t.role == "tick" and t.anchor == "middle"]
        assert [t.x for t in totals] == [m.x for m in months]  # each above its own column
    else:
        assert not totals and [t.text for t in scene.texts if t.role == "empty"] == ["no findings in this period"]
    legend = [t.text for t in scene.texts if t.role == "legend"]
    present = [k for k in status.STATUS_ORDER if any(c.get(k) for c in counts)]
    assert legend == [status.word(k) for k in reversed(present)]  # the top of the stack first


@given(st.lists(st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=30), min_size=1, max_size=20))
def test_long_labels_wrap_within_their_columns(labels):
    series = [Series("a", "a", "#2e7d32")]
    scene = column_chart(labels, [{"a": 3}] * len(labels), series, "t", "findings", "nothing")
    assert_legible(scene)


def test_column_chart_refuses_labels_without_values():
    with pytest.raises(ValueError, match="one dict of values per label"):
        column_chart(["a"], [], [], "t", "u", "e")
    with pytest.raises(ValueError, match="one dict of counts per label"):
        bar_chart([], [], [], "t", "u")


# --------------------------------------------------------------------------------------------
# Once, in a browser: the rendered labels lie inside their estimated boxes and do not overlap


def browser_boxes(svgs: list[str]) -> list[list[dict]]:
    """The getBBox() of every <text> of each SVG, in the SVG's user units, rendered by chromium."""
    from playwright.sync_api import sync_playwright

    html = '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>charts</title></head><body>'
    html += "".join(f"<figure>{svg}</figure>" for svg in svgs) + "</body></html>"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.set_content(html)
            page.evaluate("document.fonts.ready")
            return page.evaluate(
                """() => [...document.querySelectorAll('svg')].map(svg => [...svg.querySelectorAll('text')]
                   .map(t => { const b = t.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height,
                                                                text: t.textContent}; }))"""
            )
        finally:
            browser.close()


def test_the_rendered_labels_lie_inside_their_estimated_boxes_in_chromium(tmp_path):
    assert CHROMIUM.exists(), "Debian chromium is needed (apt-get install chromium)"
    bundled_plan = plan_position(read_plan_file(BUNDLED_PLAN), calendar.as_of_instant("2017-09-11"), "tower-hamlets")
    crowded = position([{"Completed": 300, "Delayed": 2, "Overdue": 1}, {s: 1 for s in DERIVED_STATUSES}])
    wide = findings_points([{k: 40000 - 997 * i for k in STATUS_KEYS} for i in range(13)])
    plain = findings_points([{"met": i, "unknown": 13 - i} for i in range(13)])
    cases: list[tuple[Scene, str]] = [
        (overall_status_scene(bundled_plan)[0], overall_status_svg(bundled_plan)),
        (overall_status_scene(crowded)[0], overall_status_svg(crowded)),
        (chart_scene(wide, "Findings by status"), chart_svg(wide, "Findings by status", chart_alt(wide))),
        (chart_scene(plain, "Findings by status"), chart_svg(plain, "Findings by status", chart_alt(plain))),
    ]
    rendered = browser_boxes([svg for _, svg in cases])
    for (scene, _), boxes in zip(cases, rendered):
        assert [b["text"] for b in boxes] == [t.text for t in scene.texts]
        real = [Box(b["x"], b["y"], b["x"] + b["w"], b["y"] + b["h"]) for b in boxes]
        for text, box in zip(scene.texts, real):
            assert box.x1 - box.x0 > 0 and box.y1 - box.y0 > 0, text.text  # drawn, in a font
            est = text.box
            slack = Box(est.x0 - 0.5, est.y0 - 0.5, est.x1 + 0.5, est.y1 + 0.5)  # sub-pixel rounding
            assert box.within(slack), (text.text, box, est)
        for (i, a), (j, b) in itertools.combinations(enumerate(real), 2):
            assert not a.overlaps(b), (scene.texts[i].text, scene.texts[j].text)
