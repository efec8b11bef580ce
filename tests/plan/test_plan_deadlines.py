"""Every deadline as written in the bundled plan has an explicit reading; odd ones are flagged."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import calendar
from engine.plan.deadlines import read_deadline
from engine.plan.importer import BUNDLED_PLAN, read_plan_file

L = calendar.LONDON


def _end(y: int, m: int, d: int) -> dt.datetime:
    return pendulum.datetime(y, m, d, 23, 59, 59, tz=L)


#: every distinct deadline in the bundled CSV: (kind, due, end of the month's grace)
EXPECTED = {
    "Jan-17": ("month", _end(2017, 1, 31), _end(2017, 2, 28)),
    "Feb-17": ("month", _end(2017, 2, 28), _end(2017, 3, 31)),
    "Mar-17": ("month", _end(2017, 3, 31), _end(2017, 4, 30)),
    "Apr-17": ("month", _end(2017, 4, 30), _end(2017, 5, 31)),
    "May-17": ("month", _end(2017, 5, 31), _end(2017, 6, 30)),
    "Jun-17": ("month", _end(2017, 6, 30), _end(2017, 7, 31)),
    "Jul-17": ("month", _end(2017, 7, 31), _end(2017, 8, 31)),
    "Aug-17": ("month", _end(2017, 8, 31), _end(2017, 9, 30)),
    "Sep-17": ("month", _end(2017, 9, 30), _end(2017, 10, 31)),
    "Oct-17": ("month", _end(2017, 10, 31), _end(2017, 11, 30)),
    "Nov-17": ("month", _end(2017, 11, 30), _end(2017, 12, 31)),
    "Dec-17": ("month", _end(2017, 12, 31), _end(2018, 1, 31)),
    "Jan-18": ("month", _end(2018, 1, 31), _end(2018, 2, 28)),
    "Feb-18": ("month", _end(2018, 2, 28), _end(2018, 3, 31)),
    "Mar-18": ("month", _end(2018, 3, 31), _end(2018, 4, 30)),
    "May-18": ("month", _end(2018, 5, 31), _end(2018, 6, 30)),
    "Mar-Apr 17": ("month_range", _end(2017, 4, 30), _end(2017, 5, 31)),
    "Apr 17- Mar 18": ("month_range", _end(2018, 3, 31), _end(2018, 4, 30)),
    "Apr 17 & Oct 17": ("list_of_dates", _end(2017, 10, 31), _end(2017, 11, 30)),
    "(a) 01/09/2017": ("date", _end(2017, 9, 1), _end(2017, 10, 1)),
    # the original deadline; the parts' later dates are read as revisions (docs/improvement-plan.md)
    "Mar-Apr 17 (a) August (b) By October": ("month_range", _end(2017, 4, 30), _end(2017, 5, 31)),
    "On-going": ("ongoing", None, None),
    "Quarterly": ("recurring", None, None),
    "July 17 onwards": ("from_onwards", None, None),
}


def test_the_table_covers_every_distinct_deadline_in_the_bundled_plan() -> None:
    assert {r.deadline_as_written for r in read_plan_file(BUNDLED_PLAN)} == set(EXPECTED)


@pytest.mark.parametrize("written", sorted(EXPECTED))
def test_reading(written: str) -> None:
    kind, due, grace = EXPECTED[written]
    reading = read_deadline(written)
    assert (reading.kind, reading.due, reading.grace_until) == (kind, due, grace)
    assert reading.as_written == written and f"'{written}'" in reading.words
    if due is not None:
        assert reading.due.tzinfo is not None and calendar.zone_name(reading.due) in ("BST", "GMT")


def test_words_say_how_each_odd_form_was_read() -> None:
    assert "the later month" in read_deadline("Mar-Apr 17").words
    assert "original deadline" in read_deadline("Mar-Apr 17 (a) August (b) By October").words
    assert "part (b) by the end of October 2017" in read_deadline("Mar-Apr 17 (a) August (b) By October").words
    assert "only part (a) is dated" in read_deadline("(a) 01/09/2017").words
    assert read_deadline("July 17 onwards").starts == pendulum.datetime(2017, 7, 1, tz=L)


@pytest.mark.parametrize(
    "written",
    [
        "",
        "Q3",
        "TBC",
        "31/02/2017",
        "Apr-Mar 17",
        "Mar 18 - Apr 17",
        "(a) soon",
        "Spring 2018",
        "Mar-Apr 17 (a) sometime",
    ],
)
def test_unreadable_is_kept_and_flagged(written: str) -> None:
    reading = read_deadline(written)
    assert reading.kind == "unreadable" and reading.due is None and reading.as_written == written
    assert "not derivable" in reading.words or "no deadline written" in reading.words


@given(st.integers(2000, 2098), st.integers(1, 12), st.sampled_from(["{m}-{y}", "{m} {y}", "{M} {Y}", "{m}-{Y}"]))
def test_any_month_reads_as_the_end_of_that_month_in_london(year: int, month: int, form: str) -> None:
    first = dt.date(year, month, 1)
    text = form.format(m=first.strftime("%b"), M=first.strftime("%B"), y=first.strftime("%y"), Y=year)
    reading = read_deadline(text)
    assert reading.kind == "month"
    last = calendar.month_end(first)
    assert reading.due == pendulum.datetime(last.year, last.month, last.day, 23, 59, 59, tz=L)
    nxt = calendar.month_end(calendar.add_period(first, calendar.Period(months=1)))
    assert reading.grace_until == pendulum.datetime(nxt.year, nxt.month, nxt.day, 23, 59, 59, tz=L)


@given(st.integers(2000, 2098), st.integers(1, 12), st.integers(0, 11))
def test_a_month_range_reads_as_the_later_month(year: int, first: int, span: int) -> None:
    last = min(12, first + span)
    a, b = dt.date(year, first, 1), dt.date(year, last, 1)
    reading = read_deadline(f"{a:%b}-{b:%b} {b:%y}")
    assert reading.kind == ("month_range")
    assert reading.due.date() == calendar.month_end(b)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2098, 12, 31)))
def test_a_uk_date_reads_as_the_end_of_that_day(day: dt.date) -> None:
    reading = read_deadline(day.strftime("%d/%m/%Y"))
    assert reading.kind == "date" and reading.due == calendar.end_of_day_instant(day)
    assert reading.grace_until.date() == calendar.add_period(day, calendar.Period(months=1))


@given(st.text(max_size=40))
def test_reading_never_raises_and_never_drops_the_text(text: str) -> None:
    reading = read_deadline(text)
    assert reading.as_written == text.strip()
    assert (reading.due is None) == (reading.kind in ("ongoing", "recurring", "from_onwards", "unreadable"))
