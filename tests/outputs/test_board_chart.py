"""The Board report's chart (engine/outputs/board_chart.py): the counts by status at the ends of the
twelve months before the as-of date and at the as-of instant, each the real evaluation with only
the facts known then, drawn as stacked bars in the status table's colours."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from helpers import DIRECTIONS, bundled, store_from

from engine.core import calendar
from engine.core.status import colour, word
from engine.evaluation.check import check
from engine.outputs.board_chart import Point, chart_svg, month_end_instants, status_history

AS_OF = "2017-12-01"


def state_of(data: dict, tmp_path):
    with store_from(data, tmp_path) as store:
        return store.load("tower-hamlets")


# --------------------------------------------------------------------------------------------
# The month-ends of the chart


@pytest.mark.parametrize(
    "as_of, first, last",
    [
        ("2017-12-01", dt.date(2016, 12, 31), dt.date(2017, 11, 30)),  # the start of 1 Dec: November has ended
        ("2017-11-30T23:59", dt.date(2016, 11, 30), dt.date(2017, 10, 31)),  # November has not ended yet
        ("2017-03-15", dt.date(2016, 3, 31), dt.date(2017, 2, 28)),
    ],
)
def test_the_chart_counts_at_the_ends_of_the_twelve_months_before_the_as_of_date(as_of, first, last):
    instants = month_end_instants(calendar.as_of_instant(as_of))
    assert len(instants) == 12
    days = [i.in_timezone(calendar.LONDON).date() for i in instants]
    assert (days[0], days[-1]) == (first, last)
    assert all(calendar.month_end(d) == d for d in days)
    for instant in instants:  # 23:59:59 London wall clock, in GMT or BST as that day
        local = instant.in_timezone(calendar.LONDON)
        assert (local.hour, local.minute, local.second) == (23, 59, 59) and instant.utcoffset() is not None
        assert instant < calendar.as_of_instant(as_of)


def test_the_history_is_the_real_evaluation_at_each_instant(tmp_path):
    state = state_of(bundled(), tmp_path)
    as_of = calendar.as_of_instant(AS_OF)
    history = status_history(state, DIRECTIONS, as_of, 30)
    assert len(history) == 13 and history[-1].instant == as_of
    assert history[-1].counts == check(state, DIRECTIONS, as_of, 30).counts
    # before the first direction was made (28 March 2017) nothing was owed; afterwards the bars grow
    by_label = {p.label: sum(p.counts.values()) for p in history}
    assert by_label["Feb 2017"] == 0 and by_label["Mar 2017"] > 0
    # a fact received after a month-end does not change that month's bar: it was not known then
    june = next(p for p in history if p.label == "Jun 2017")
    assert june.counts == check(state, DIRECTIONS, june.instant, 30).counts
    assert june.counts != history[-1].counts


def test_the_bars_take_the_status_tables_colours_and_words():
    as_of = calendar.as_of_instant(AS_OF)
    points = [Point("Nov 2017", as_of, {"met": 3, "met_late": 1}), Point("as of 1 Dec 2017", as_of, {"breached": 2})]
    svg = chart_svg(points, "a title", "the alternative text")
    assert svg.startswith("<svg") and "<?xml" not in svg and "<metadata>" not in svg
    root = ET.fromstring(svg)  # well-formed XML, a standalone SVG too
    ns = {"svg": "http://www.w3.org/2000/svg"}
    fills = {r.get("data-status"): r.get("fill") for r in root.iterfind(".//svg:rect[@class='chart-segment']", ns)}
    assert fills == {key: colour(key) for key in ("met", "met_late", "breached")}
    legend = [t.text for t in root.iterfind(".//svg:text[@class='chart-legend']", ns)]
    assert legend == [word("met"), word("met_late"), word("breached")]  # the top of the stack first
    assert colour("upcoming") not in svg  # a status with no finding has no bar and no legend entry
    # accessible: an image named by its text alternative, and every point's counts in words
    assert root.get("role") == "img" and root.get("aria-label") == "the alternative text"
    assert root.find("svg:title", ns).text == "the alternative text"
    assert root.find("svg:desc", ns).text == "Nov 2017: 1 met late, 3 met. as of 1 Dec 2017: 2 breached."


def test_the_chart_escapes_its_words():
    as_of = calendar.as_of_instant(AS_OF)
    svg = chart_svg([Point("<b>", as_of, {"met": 1}), Point("x", as_of, {})], "<script>", '" onload="x')
    assert "<script>" not in svg and "<b>" not in svg and '" onload' not in svg
    ET.fromstring(svg)
