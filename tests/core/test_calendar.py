"""The calendar module: London time, month-end clipping, GMT/BST, the exact minute."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import calendar
from engine.core.calendar import LONDON, Period


def test_ten_am_on_30_june_2017_is_bst():
    due = calendar.due_on(dt.date(2017, 6, 30), "10:00", "the date the direction gives")
    assert due.iso == "2017-06-30T10:00:00+01:00"
    assert "10:00 BST on 30 June 2017" in due.account


def test_by_a_date_means_the_end_of_that_day_in_gmt_or_bst():
    assert calendar.due_on(dt.date(2018, 8, 1), "end_of_day", "x").iso == "2018-08-01T23:59:59+01:00"
    assert calendar.due_on(dt.date(2017, 12, 18), "end_of_day", "x").iso == "2017-12-18T23:59:59+00:00"


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (dt.date(2017, 3, 31), 3, dt.date(2017, 6, 30)),  # 31 March + 3 months = 30 June (clipped)
        (dt.date(2017, 11, 30), 3, dt.date(2018, 2, 28)),  # clipped to February's end
        (dt.date(2019, 11, 30), 3, dt.date(2020, 2, 29)),  # leap year
        (dt.date(2017, 4, 7), 3, dt.date(2017, 7, 7)),
        (dt.date(2017, 4, 7), 6, dt.date(2017, 10, 7)),
    ],
)
def test_within_n_months_is_calendar_months_clipped(start, months, expected):
    assert calendar.add_period(start, Period(months=months)) == expected


def test_clipping_is_explained():
    due = calendar.due_after(dt.date(2017, 3, 31), "the date of the direction", Period(months=3), "end_of_day")
    assert due.iso == "2017-06-30T23:59:59+01:00"
    assert "clipped to the end of June 2017" in due.account


def test_repeated_periods_count_from_the_original_date_and_do_not_drift():
    start = dt.date(2017, 1, 31)
    assert calendar.add_period(start, Period(months=1).times(2)) == dt.date(2017, 3, 31)


def test_six_weeks_across_the_clock_change_keeps_the_wall_clock_time():
    # 18:00 BST on 16 October 2017 + 6 weeks: the clocks go back on 29 October, the meeting time stays 18:00
    start = calendar.local(2017, 10, 16, 18, 0)  # BST
    due = calendar.due_after_instant(start, "meeting", Period(weeks=6))
    assert due.iso == "2017-11-27T18:00:00+00:00"  # GMT after the change
    assert (due.instant - start).in_hours() == 6 * 7 * 24 + 1  # one hour longer across the change


def test_bst_starts_on_the_last_sunday_of_march():
    before = calendar.local(2018, 3, 25, 0, 30)
    after = calendar.local(2018, 3, 25, 3, 0)
    assert calendar.iso(before).endswith("+00:00")
    assert calendar.iso(after).endswith("+01:00")
    assert calendar.zone_name(after) == "BST"


def test_naive_input_is_london_time_and_offsets_are_respected():
    assert calendar.iso(calendar.parse_instant("2017-06-30T10:15")) == "2017-06-30T10:15:00+01:00"
    assert calendar.iso(calendar.parse_instant("2017-06-30T09:15:00Z")) == "2017-06-30T10:15:00+01:00"
    assert calendar.iso(calendar.parse_instant("2017-01-05")) == "2017-01-05T00:00:00+00:00"


def test_a_deadline_at_the_exact_minute():
    due = calendar.due_on(dt.date(2017, 6, 30), "10:00", "x")
    on_time = calendar.parse_instant("2017-06-30T10:00")
    late = calendar.parse_instant("2017-06-30T10:01")
    assert on_time.int_timestamp == due.epoch
    assert late.int_timestamp == due.epoch + 60


def test_bad_times_are_refused_with_what_was_expected():
    with pytest.raises(ValueError, match="is not a date this reads"):
        calendar.parse_instant("thirtieth of June")
    with pytest.raises(ValueError, match="HH:MM"):
        calendar.at_time_of_day(dt.date(2017, 6, 30), "25:00")


def test_as_of_a_date_is_the_start_of_that_day_in_london():
    assert calendar.iso(calendar.as_of_instant("2017-07-01")) == "2017-07-01T00:00:00+01:00"
    assert calendar.iso(calendar.as_of_instant("2017-07-01T12:00")) == "2017-07-01T12:00:00+01:00"


def test_calendar_quarters():
    assert calendar.quarter_bounds(dt.date(2017, 5, 9)) == (dt.date(2017, 4, 1), dt.date(2017, 6, 30))
    assert calendar.quarter_bounds(dt.date(2017, 12, 31)) == (dt.date(2017, 10, 1), dt.date(2017, 12, 31))


def test_govuk_words_write_times_and_whole_days_as_the_govuk_style_guide_does():
    """'10am on 30 June 2017'; a whole-day deadline (23:59:59) is the day alone; midday and midnight in words."""
    from engine.core.calendar import govuk_words, local

    assert govuk_words(local(2017, 6, 30, 10)) == "10am on 30 June 2017"
    assert govuk_words(local(2017, 12, 30, 10)) == "10am on 30 December 2017"  # GMT: the same words
    assert govuk_words(local(2017, 6, 30, 23, 59, 59)) == "30 June 2017"
    assert govuk_words(local(2017, 7, 1, 17, 30)) == "5:30pm on 1 July 2017"
    assert govuk_words(local(2017, 7, 1, 12)) == "midday on 1 July 2017"
    assert govuk_words(local(2017, 7, 1, 0)) == "midnight at the start of 1 July 2017"
    assert govuk_words(local(2017, 6, 12, 0), time_known=False) == "12 June 2017 (time not recorded)"
    assert govuk_words(local(2017, 7, 1, 0, 30)) == "12:30am on 1 July 2017"


# -- the cached pure functions (issue 19: computed once per process, shared across as-of dates) ---------------

_DAYS = st.dates(dt.date(1900, 1, 2), dt.date(2199, 12, 30))
_TIMES = st.sampled_from(["end_of_day", "start_of_day", "00:00", "09:30", "10:00", "12:00", "23:59"])


@given(day=_DAYS, time_of_day=_TIMES, seconds=st.integers(0, 86_399), micro=st.integers(0, 999_999))
def test_the_cached_instants_are_the_ones_computed_afresh(day, time_of_day, seconds, micro):
    instant = calendar.at_time_of_day(day, time_of_day)
    assert instant == calendar.at_time_of_day.__wrapped__(day, time_of_day)
    assert calendar.at_time_of_day(day, time_of_day) is instant  # shared, and immutable
    moment = calendar.start_of_day_instant(day).add(seconds=seconds, microseconds=micro)
    # pendulum's floor, also before 1970 with a fraction of a second (int(timestamp()) would round toward zero)
    assert calendar.epoch(moment) == moment.int_timestamp == calendar.epoch.__wrapped__(moment)
    assert calendar.iso(moment) == calendar.iso.__wrapped__(moment)
    assert calendar.epoch(moment.in_timezone("UTC")) == calendar.epoch(moment)  # the same instant, whatever its zone
    assert calendar.iso(moment.in_timezone("UTC")) == calendar.iso(moment)


@given(year=st.integers(1996, 2037), minute=st.integers(0, 59), gmt_first=st.booleans())
def test_the_two_instants_of_the_autumn_clock_change_are_never_taken_for_each_other(year, minute, gmt_first):
    """01:MM BST and 01:MM GMT on the last Sunday of October are an hour apart but equal as datetimes of one
    zone (compared and hashed by their wall-clock reading): the caches must still tell them apart, in
    either order of asking (a cache keyed on the datetime alone said "01:30 BST" for the GMT instant)."""
    sunday = max(dt.date(year, 10, d) for d in range(25, 32) if dt.date(year, 10, d).weekday() == 6)
    utc = pendulum.datetime(sunday.year, sunday.month, sunday.day, 0, minute, tz="UTC")
    bst, gmt = utc.in_timezone(LONDON), utc.add(hours=1).in_timezone(LONDON)
    assert bst == gmt and (bst.hour, bst.minute) == (gmt.hour, gmt.minute) == (1, minute)  # the trap itself
    for instant in (gmt, bst) if gmt_first else (bst, gmt):
        for cached in (calendar.epoch, calendar.iso, calendar.human):
            assert cached(instant) == cached.__wrapped__(instant), (cached.__name__, instant.isoformat())
    assert calendar.epoch(gmt) - calendar.epoch(bst) == 3600
    assert calendar.human(bst).startswith(f"01:{minute:02d} BST") and calendar.human(gmt).startswith(
        f"01:{minute:02d} GMT"
    )


@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2199, 12, 30)))
def test_a_day_whose_time_is_not_recorded_is_its_day_in_words_whatever_the_clock_reads(naive):
    """`govuk_words(instant, time_known=False)` is the instant's London day, as `day_words` writes it,
    and '(time not recorded)': never a time of day (a day-only meeting's instant is its day's start)."""
    from engine.core import dates

    instant = pendulum.instance(naive, tz="UTC")
    day = instant.in_timezone(calendar.LONDON).date()
    assert calendar.govuk_words(instant, time_known=False) == f"{calendar.day_words(day)} (time not recorded)"
    assert calendar.day_words is dates.day_words  # one writer of a day in words (dates had its own copy)
