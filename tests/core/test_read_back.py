"""engine.core.calendar.read_back: a date said back in words beside the text it was read from, day first, naming
the day it is not when day and month could be swapped; engine.core.dates.how_written behind it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from engine.core import calendar, dates

DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))


@given(day=DAYS, hour=st.integers(9, 17), form=st.sampled_from(["{d}/{m}/{y}", "{y}-{mm}-{dd}", "{d} {month} {y}"]))
def test_every_form_is_said_back_as_the_day_it_reads_and_only_a_numeric_swappable_one_names_another(day, hour, form):
    text = form.format(
        d=day.day,
        m=day.month,
        y=day.year,
        dd=f"{day.day:02d}",
        mm=f"{day.month:02d}",
        month=dates.MONTHS[day.month - 1],
    )
    for typed, with_time in (
        (text, False),
        (f"{text} {hour}:00" if "-" not in text else f"{text}T{hour:02d}:00", True),
    ):
        said = calendar.read_back(typed, dates.read_instant(typed))
        assert f'{calendar.day_words(day)} (read from "{typed}"' in said
        assert ("no time given" not in said) == with_time
        numeric = "/" in typed
        assert ("day first" in said) == numeric
        swappable = numeric and day.day <= 12 and day.day != day.month
        other = f"not {day.month} {dates.MONTHS[day.day - 1]}" if swappable else None
        assert (other in said) if other else (", not " not in said)
    assert calendar.read_back(text, dates.read_date(text)).startswith(f"{calendar.day_words(day)} (read from")
