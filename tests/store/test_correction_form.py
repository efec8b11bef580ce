"""The desk's correction form (engine/store/correction_form.py) reads back what it shows: a day or
an instant written into GOV.UK date inputs is read back as the same day or instant, and a date
that is not real is named in GOV.UK's words, never read as another date."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from engine.core import calendar
from engine.store import correction_form as CF

DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(DAYS, st.integers(0, 23), st.integers(0, 59), st.sampled_from([0, 59]))
def test_an_instant_shown_in_the_form_reads_back_as_itself(day: dt.date, hour: int, minute: int, second: int):
    instant = calendar.local(day.year, day.month, day.day, hour, minute, second)
    shown = CF._instant_inputs("received", instant.isoformat())
    errors: dict[str, str] = {}
    text = CF._read_instant(shown, "received", "Received", errors)
    assert not errors
    assert calendar.parse_instant(text) == instant


def test_a_time_that_happened_twice_is_shown_with_its_zone_and_reads_back():
    for offset, zone in (("+01:00", "BST"), ("+00:00", "GMT")):
        instant = calendar.parse_instant(f"2017-10-29T01:30:00{offset}")
        shown = CF._instant_inputs("r", instant.isoformat())
        assert shown["r-time"] == f"01:30 {zone}"
        errors: dict[str, str] = {}
        assert calendar.parse_instant(CF._read_instant(shown, "r", "R", errors)) == instant and not errors


@given(DAYS)
def test_a_day_shown_in_the_form_reads_back_as_itself(day: dt.date):
    errors: dict[str, str] = {}
    assert CF._read_day(CF._day_inputs("to", day.isoformat()), "to", "To", errors, "to-day") == day
    assert not errors


@given(st.integers(1, 40), st.integers(1, 14), st.integers(1990, 2100))
def test_a_day_that_is_not_real_is_named_not_moved(d: int, m: int, y: int):
    errors: dict[str, str] = {}
    got = CF._read_day({"to-day": str(d), "to-month": str(m), "to-year": str(y)}, "to", "To", errors, "to-day")
    try:
        real = dt.date(y, m, d)
    except ValueError:
        assert got == "" and errors == {"to-day": "To must be a real date, for example 27 3 2017"}
    else:
        assert got == real and not errors


def test_a_missing_part_or_time_is_named():
    errors: dict[str, str] = {}
    CF._read_instant({"r-day": "3", "r-month": "", "r-year": "2017", "r-time": "10:00"}, "r", "Received", errors)
    assert errors == {"r-day": "Received must include a month"}
    errors = {}
    CF._read_instant({"r-day": "3", "r-month": "10", "r-year": "2017", "r-time": ""}, "r", "Received", errors)
    assert errors == {"r-time": "Received must include a time, for example 14:30"}
    errors = {}
    CF._read_instant({"r-day": "3", "r-month": "10", "r-year": "2017", "r-time": "10am"}, "r", "Received", errors)
    assert errors == {"r-time": "Received must include a real time on the 24-hour clock, for example 14:30"}


def test_values_read_in_words():
    assert CF.value_words(None) == "empty"
    assert CF.value_words(True) == "yes"
    assert CF.value_words("2017-10-03T09:00:00+00:00") == "10am on 3 October 2017"
    assert CF.value_words("2017-06-30") == "30 June 2017"
    assert CF.value_words(["2017-06-14T17:05:00+00:00", "2017-06-30T22:59:59+00:00"]) == (
        "between 6:05pm on 14 June 2017 and 30 June 2017"
    )
