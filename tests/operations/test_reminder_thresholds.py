"""The reminders' planning (engine.operations.reminders.due_reminders), as a property over the nights: for a
duty due on any day, whatever nights the run is made on (in order, some skipped, some repeated), each
threshold is emailed at most once, the thresholds go 30, 7, 1 in that order, a night repeated sends nothing,
and a run on the working day before the due day (or the due day itself) always sends the 1-day reminder."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path

from helpers import DIRECTIONS, bundled, finding, report
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import calendar
from engine.model.findings import Finding
from engine.operations import reminders

OWNED = {"tower-hamlets": {"clause:bv-2017.quarterly-report": "owner"}}
ADDRESSES = {"owner": "owner@example.org"}


@functools.cache
def template() -> Finding:
    """The third Best Value quarterly report as of 1 December 2017 (due soon), from the bundled data."""
    with tempfile.TemporaryDirectory() as folder:
        return finding(report(bundled(), Path(folder), "2017-12-01"), "tower-hamlets/bv-2017.quarterly-report/3")


def night(day: dt.date):
    return calendar.as_of_instant(day.isoformat())


@settings(max_examples=examples(60), deadline=None)
@given(
    due_in=st.integers(min_value=0, max_value=70),
    steps=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=25),
)
def test_each_threshold_once_in_order(due_in, steps):
    start = dt.date(2017, 11, 1)
    due_day = start + dt.timedelta(days=due_in)
    due = calendar.iso(calendar.parse_instant(f"{due_day.isoformat()}T10:00:00").in_timezone(calendar.LONDON))
    sent: set = set()
    order: list[str] = []
    day = start
    for step in steps:
        day += dt.timedelta(days=step)  # 0: the same night again
        if day > due_day:
            break
        f = template().model_copy(update={"due": due, "status": "due_soon"})
        by_address, _ = reminders.due_reminders([f], DIRECTIONS, OWNED, ADDRESSES, (), night(day), sent)
        got = by_address.get("owner@example.org", [])
        assert len(got) <= 1
        for r in got:
            sent.add(r.key)
            order.append(r.threshold)
        if day == due_day or reminders.working_days_to(day, 1) >= due_day:
            assert "1" in order  # within a working day of the due day: the last reminder has gone
    assert len(order) == len(set(order))  # each threshold at most once
    assert order == sorted(order, key=lambda t: -int(t))  # widest first: 30, then 7, then 1
