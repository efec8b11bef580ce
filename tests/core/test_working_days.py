"""Working days, clear days and periods before an event (engine/core/calendar.py, issue 15 items 6 and 8).

The bank holidays are GOV.UK's England and Wales list as govuk-bank-holidays ships it: these tests pin
what the council's access-to-information rules need (seed 003_5f51d966092a2757.txt) and prove the list
is read from the bundled copy with the network refused."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import subprocess
import sys

from govuk_bank_holidays.bank_holidays import BankHolidays
from hypothesis import given
from hypothesis import strategies as st

from engine.core import calendar

DAYS = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2028, 12, 31))
COUNTS = st.integers(min_value=0, max_value=60)
UNITS = st.sampled_from(["days", "working_days"])


def test_the_list_is_england_and_wales_from_the_bundled_copy() -> None:
    """The holidays are exactly the England and Wales division of the file the library ships."""
    bundled = json.loads(
        (pathlib.Path(sys.modules[BankHolidays.__module__].__file__).parent / "bank-holidays.json").read_text()
    )
    listed = {dt.date.fromisoformat(e["date"]) for e in bundled["england-and-wales"]["events"]}
    held = calendar.bank_holidays()
    assert set(held.days) == listed
    assert held.last == dt.date(max(listed).year, 12, 31)
    assert held.days[dt.date(2018, 3, 30)] == "Good Friday"
    assert dt.date(2018, 12, 26) in held.days
    # Scotland's 2 January is not an England and Wales bank holiday
    assert dt.date(2018, 1, 2) not in held.days and calendar.is_working_day(dt.date(2018, 1, 2))


def test_no_network_is_touched() -> None:
    """A fresh process that refuses every connection and name look-up (an audit hook raising on them)
    still loads the list and counts working days: nothing is fetched."""
    code = (
        "import sys\n"
        "def refuse(event, args):\n"
        "    if event in ('socket.connect', 'socket.getaddrinfo', 'socket.gethostbyname'):\n"
        "        raise OSError('network refused by the test: ' + event)\n"
        "sys.addaudithook(refuse)\n"
        "import datetime as dt\n"
        "from engine.core import calendar\n"
        "d = calendar.due_around_event(calendar.local(2018, 12, 28, 17, 30), 'the meeting', 5, 'working_days', "
        "True, 'before')\n"
        "print(d.iso)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2018-12-18T23:59:59+00:00"
    assert "Using backup" not in done.stderr  # the library's warning when a download failed: none was tried


def test_notice_before_a_decision_in_days() -> None:
    """28 days' notice before the decision at 17:30 on 19 December 2018: by the end of 21 November 2018."""
    due = calendar.due_around_event(calendar.local(2018, 12, 19, 17, 30), "the decision", 28, "days", False, "before")
    assert due.iso == "2018-11-21T23:59:59+00:00"
    assert "28 days before it" in due.account and not due.provisional


def test_clear_working_days_across_christmas() -> None:
    """5 clear working days before a meeting on 28 December 2018: Christmas Day and Boxing Day are
    not counted (27, 24, 21, 20, 19 December), and the papers are due by the end of 18 December."""
    due = calendar.due_around_event(
        calendar.local(2018, 12, 28, 17, 30), "the meeting", 5, "working_days", True, "before"
    )
    assert due.iso == "2018-12-18T23:59:59+00:00"
    assert "Christmas Day" in due.account and "Boxing Day" in due.account
    assert "to 31 December 2028" in due.account


def test_beyond_the_list_is_provisional() -> None:
    held = calendar.bank_holidays()
    after = held.last + dt.timedelta(days=40)
    due = calendar.due_around_event(
        calendar.local(after.year, after.month, after.day, 12), "the meeting", 5, "working_days", False, "before"
    )
    assert due.provisional and "provisional" in due.account
    assert not calendar.due_around_event(
        calendar.local(after.year, after.month, after.day, 12), "the meeting", 5, "days", False, "before"
    ).provisional


def test_non_working_days_are_said_and_read() -> None:
    """30 September 2017 is a Saturday, 30 March 2018 Good Friday: said; moved only when asked."""
    sat = calendar.due_on(dt.date(2017, 9, 30), "10:00", "the date")
    same = calendar.non_working_day(sat)
    assert same.instant == sat.instant and "30 September 2017 is a Saturday" in same.account
    assert calendar.non_working_day(sat, "previous_working_day").iso == "2017-09-29T10:00:00+01:00"
    assert calendar.non_working_day(sat, "next_working_day").iso == "2017-10-02T10:00:00+01:00"
    friday = calendar.due_on(dt.date(2018, 3, 30), "10:00", "the date")
    assert "Good Friday" in calendar.non_working_day(friday).account
    assert calendar.non_working_day(friday, "next_working_day").iso == "2018-04-03T10:00:00+01:00"  # Easter Monday
    working = calendar.due_on(dt.date(2017, 6, 30), "10:00", "the date")
    assert calendar.non_working_day(working, "previous_working_day") == working


@given(DAYS, COUNTS)
def test_working_days_forward_then_backward(day: dt.date, n: int) -> None:
    """From a working day, n working days forward and then n back return to it."""
    if not calendar.is_working_day(day):
        day = calendar.step_working_day(day, 1)
    there = calendar.count_days(day, n, "working_days", "after")
    assert calendar.count_days(there, n, "working_days", "before") == day


@given(DAYS, COUNTS)
def test_days_forward_then_backward(day: dt.date, n: int) -> None:
    assert calendar.count_days(calendar.count_days(day, n, "days", "after"), n, "days", "before") == day


@given(DAYS, st.integers(min_value=1, max_value=60))
def test_a_working_day_count_never_lands_on_a_non_working_day(day: dt.date, n: int) -> None:
    for way in ("after", "before"):
        landed = calendar.count_days(day, n, "working_days", way)
        assert landed.weekday() < 5 and landed not in calendar.bank_holidays().days
        assert calendar.non_working_words(landed) is None


@given(DAYS, COUNTS, UNITS, st.sampled_from(["after", "before"]))
def test_clear_days_are_never_fewer_than_plain_days(day: dt.date, n: int, unit: str, way: str) -> None:
    """A clear period reaches at least as far from the event as the plain one (one day further), and
    the working-day period at least as far as the plain-day one."""
    event = calendar.local(day.year, day.month, day.day, 12)
    plain = calendar.due_around_event(event, "e", n, unit, False, way)  # type: ignore[arg-type]
    clear = calendar.due_around_event(event, "e", n, unit, True, way)  # type: ignore[arg-type]
    gap = abs((plain.instant.date() - day).days)
    assert abs((clear.instant.date() - day).days) == gap + 1
    if unit == "working_days":
        days = calendar.due_around_event(event, "e", n, "days", False, way)  # type: ignore[arg-type]
        assert gap >= abs((days.instant.date() - day).days)


@given(DAYS, st.sampled_from(["previous_working_day", "next_working_day"]))
def test_a_moved_due_date_is_a_working_day_next_to_it(day: dt.date, reading: str) -> None:
    due = calendar.non_working_day(calendar.due_on(day, "end_of_day", "d"), reading)  # type: ignore[arg-type]
    moved = due.instant.date()
    assert calendar.is_working_day(moved)
    between = (
        [day + dt.timedelta(days=k) for k in range(1, abs((moved - day).days))]
        if moved > day
        else [moved + dt.timedelta(days=k) for k in range(1, abs((moved - day).days))]
    )
    assert all(not calendar.is_working_day(d) for d in between)
    if calendar.is_working_day(day):
        assert moved == day
