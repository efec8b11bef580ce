"""The one door for dates and times (engine/core/dates.py): every accepted form with its value, every
refusal with its reason, and properties over random instants and random text."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from engine.core import calendar, dates
from engine.core.errors import InputError

LONDON = zoneinfo.ZoneInfo("Europe/London")


def iso(value: str) -> str:
    return calendar.iso(dates.read_instant(value))


@pytest.mark.parametrize(
    "text, expected",
    [
        # ISO 8601
        ("2018-07-01", "2018-07-01T00:00:00+01:00"),
        ("2018-07-01T09:00", "2018-07-01T09:00:00+01:00"),
        ("2018-07-01T09:00:30", "2018-07-01T09:00:30+01:00"),
        ("2018-07-01 09:00", "2018-07-01T09:00:00+01:00"),
        ("2018-07-01T08:00:00Z", "2018-07-01T09:00:00+01:00"),
        ("2018-07-01T09:00+01:00", "2018-07-01T09:00:00+01:00"),
        ("2018-01-01T09:00-05:00", "2018-01-01T14:00:00+00:00"),
        # British, day first
        ("1/7/2018", "2018-07-01T00:00:00+01:00"),
        ("01/07/2018", "2018-07-01T00:00:00+01:00"),
        ("01/07/2018 09:00", "2018-07-01T09:00:00+01:00"),
        ("1/7/2018 9:00", "2018-07-01T09:00:00+01:00"),
        ("02/04/2018 09:00", "2018-04-02T09:00:00+01:00"),
        ("13/05/2018", "2018-05-13T00:00:00+01:00"),
        ("1 July 2018", "2018-07-01T00:00:00+01:00"),
        ("1 Jul 2018", "2018-07-01T00:00:00+01:00"),
        ("1st July 2018", "2018-07-01T00:00:00+01:00"),
        ("1st July 2018 10am", "2018-07-01T10:00:00+01:00"),
        ("1 July 2018 10:30am", "2018-07-01T10:30:00+01:00"),
        ("1 July 2018 10:00", "2018-07-01T10:00:00+01:00"),
        ("1 july 2018 10.30 pm", "2018-07-01T22:30:00+01:00"),
        ("Sunday 1 July 2018 at 12pm", "2018-07-01T12:00:00+01:00"),
        ("Sun, 1 July 2018 12am", "2018-07-01T00:00:00+01:00"),
        ("22nd Sept 2017", "2017-09-22T00:00:00+01:00"),
        ("Sunday, 1 July, 2018, 10am", "2018-07-01T10:00:00+01:00"),
        ("1 Jul. 2018 10 a.m.", "2018-07-01T10:00:00+01:00"),
        ("29/10/2017 01:30 BST", "2017-10-29T01:30:00+01:00"),
        ("29/10/2017 01:30 GMT", "2017-10-29T01:30:00+00:00"),
        ("1 July 2018 09:00 UTC", "2018-07-01T10:00:00+01:00"),
        # the years comply reads
        ("1900-01-01", "1900-01-01T00:00:00+00:00"),
        ("31/12/2200 23:59", "2200-12-31T23:59:00+00:00"),
    ],
)
def test_every_accepted_form_reads_its_instant(text: str, expected: str):
    assert iso(text) == expected


@pytest.mark.parametrize(
    "text, why",
    [
        ("2/4/18 09:00", "two-digit year; write 2/4/2018 09:00 or 2018-04-02T09:00"),
        ("1 Jul 18", "two-digit year; write 1 July 2018 or 2018-07-01"),
        ("July 2017", "no day of the month"),
        ("2017-07", "no day of the month"),
        ("07/2017", "no day of the month"),
        ("2017-02-30", "there is no 30 February 2017"),
        ("31/6/2018", "there is no 31 June 2018"),
        ("07/31/2018", "never month first; write 31/7/2018 or 2018-07-31 if you mean 31 July 2018"),
        ("2018/07/01", "year first with slashes"),
        ("01-07-2018", "day/month/year is written with slashes; write 1/7/2018 or 2018-07-01"),
        ("Monday 1 July 2018", "1 July 2018 is a Sunday, not a Monday"),
        ("1nd July 2018", "1nd is not how to write 1st"),
        ("1 July 2018 13pm", "13pm is not a time"),
        ("1 July 2018 24:00", "24:00 is not a time of day"),
        ("1 Juli 2018", "'Juli' is not a month"),
        ("1899-12-31", "the year 1899 is outside 1900-2200"),
        ("9999-12-31T12:00", "the year 9999 is outside 1900-2200"),
        ("2200-12-31T23:30-05:00", "outside 1900-2200 in London"),
        ("next Tuesday", "not one of the forms of a date"),
        ("", "it is empty"),
        ("1/1/2018 10:00 BST", "London was not on BST"),
        ("2017-03-26T01:30", "did not exist in London"),
        ("2017-10-29T01:30", "happened twice in London"),
    ],
)
def test_refusals_say_what_was_given_and_why(text: str, why: str):
    with pytest.raises(InputError) as refused:
        dates.read_instant(text)
    assert f'"{text}"' in str(refused.value) and why in str(refused.value)


def test_a_time_that_did_not_exist_shows_both_readings():
    with pytest.raises(InputError) as refused:
        dates.read_instant("2017-03-26T01:30")
    assert "2017-03-26T01:30+00:00 (02:30 BST) or 2017-03-26T01:30+01:00 (00:30 GMT)" in str(refused.value)
    assert iso("2017-03-26T01:30+00:00") == "2017-03-26T02:30:00+01:00"
    assert iso("2017-03-26T01:30+01:00") == "2017-03-26T00:30:00+00:00"


def test_a_time_that_happened_twice_shows_both_readings_and_an_offset_or_zone_chooses():
    with pytest.raises(InputError) as refused:
        dates.read_instant("29/10/2017 01:30")
    message = str(refused.value)
    assert "2017-10-29T01:30+01:00 (01:30 BST), the first" in message
    assert "2017-10-29T01:30+00:00 (01:30 GMT), the second" in message
    assert dates.read_instant("2017-10-29T01:30+01:00") == dates.read_instant("29/10/2017 01:30 BST")
    assert dates.read_instant("2017-10-29T01:30Z") == dates.read_instant("29 October 2017 1:30am GMT")
    assert (
        dates.read_instant("29/10/2017 01:30 GMT").int_timestamp
        - dates.read_instant("29/10/2017 01:30 BST").int_timestamp
        == 3600
    )


def test_yaml_values_are_read_by_the_same_rules():
    # PyYAML's objects, for callers that hand them over (engine/core/yamlfile.py keeps timestamps as text)
    assert calendar.iso(dates.read_instant(dt.datetime(2017, 7, 1, 10))) == "2017-07-01T10:00:00+01:00"
    assert calendar.iso(dates.read_instant(dt.date(2017, 7, 1))) == "2017-07-01T00:00:00+01:00"
    with pytest.raises(InputError, match="happened twice"):
        dates.read_instant(dt.datetime(2017, 10, 29, 1, 30))
    with pytest.raises(InputError, match="a date alone is expected"):
        dates.read_date(dt.datetime(2017, 7, 1))
    with pytest.raises(InputError, match="expected a date"):
        dates.read_date(20170701)


def test_a_date_field_refuses_a_time_and_reads_every_date_form():
    assert dates.read_date("1/9/2017") == dates.read_date("1 September 2017") == dt.date(2017, 9, 1)
    with pytest.raises(InputError, match='"1/9/2017 10:00" has a time where a date alone is expected'):
        dates.read_date("1/9/2017 10:00")


def test_an_as_of_day_is_the_start_of_that_day_in_london():
    assert calendar.iso(dates.read_as_of("01/07/2017")) == "2017-07-01T00:00:00+01:00"
    assert calendar.iso(dates.read_as_of("1 July 2017 12:00")) == "2017-07-01T12:00:00+01:00"


# --- properties ---------------------------------------------------------------------------------

MONTH_WORDS = [(m, m[:3]) for m in dates.MONTHS]


def _ordinal(n: int) -> str:
    return "th" if 11 <= n <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _unambiguous(naive: dt.datetime) -> bool:
    first, second = naive.replace(tzinfo=LONDON, fold=0), naive.replace(tzinfo=LONDON, fold=1)
    return first.utcoffset() == second.utcoffset()


def written_forms(naive: dt.datetime) -> list[str]:
    """Every way the grammar writes a London wall-clock minute."""
    d, m, y, hh, mm = naive.day, naive.month, naive.year, naive.hour, naive.minute
    full, short = MONTH_WORDS[m - 1]
    h12 = hh % 12 or 12
    ampm = "am" if hh < 12 else "pm"
    weekday = naive.strftime("%A")
    aware = naive.replace(tzinfo=LONDON)
    zone = aware.tzname()
    forms = [
        f"{naive.date().isoformat()}T{hh:02d}:{mm:02d}",
        f"{naive.date().isoformat()}T{hh:02d}:{mm:02d}:00",
        f"{naive.date().isoformat()} {hh:02d}:{mm:02d}",
        aware.isoformat(timespec="minutes"),
        aware.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        f"{d}/{m}/{y} {hh}:{mm:02d}",
        f"{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}",
        f"{d} {full} {y} {hh:02d}:{mm:02d}",
        f"{d} {short} {y} {h12}:{mm:02d}{ampm}",
        f"{d}{_ordinal(d)} {full} {y} {h12}.{mm:02d} {ampm.upper()}",
        f"{weekday} {d} {full} {y} at {hh:02d}:{mm:02d}",
    ]
    if mm == 0:
        forms.append(f"{d}{_ordinal(d)} {full} {y} {h12}{ampm}")
    if zone in ("GMT", "BST"):
        forms.append(f"{d}/{m}/{y} {hh:02d}:{mm:02d} {zone}")
    return forms


london_minutes = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31, 23, 59)).map(
    lambda t: t.replace(second=0, microsecond=0)
)


@given(london_minutes)
@example(dt.datetime(2018, 7, 1, 9, 0))
@example(dt.datetime(2017, 10, 29, 0, 59))
@example(dt.datetime(2017, 3, 26, 2, 0))
def test_every_written_form_of_a_london_minute_reads_back_to_it(naive: dt.datetime):
    assume(_unambiguous(naive))
    expected = naive.replace(tzinfo=LONDON).timestamp()
    for form in written_forms(naive):
        assert dates.read_instant(form).timestamp() == expected, form
    for form in (naive.date().isoformat(), f"{naive.day}/{naive.month}/{naive.year}"):
        assert dates.read_instant(form) == dt.datetime.combine(naive.date(), dt.time(), LONDON)
        assert dates.read_date(form) == naive.date()


def _clock_changes() -> list[tuple[dt.datetime, int]]:
    """Every London clock change from 1900 to 2200: (the first wall-clock minute that did not exist or
    happened twice, how many minutes of them)."""
    out = []
    day, end = dt.datetime(1900, 1, 1, tzinfo=dt.UTC), dt.datetime(2201, 1, 1, tzinfo=dt.UTC)
    while day < end:
        after = day + dt.timedelta(days=1)
        before_offset, after_offset = day.astimezone(LONDON).utcoffset(), after.astimezone(LONDON).utcoffset()
        if before_offset != after_offset:
            low, high = 0, 24 * 60  # the change is in (low, high] minutes after `day`: halve to the minute
            while high - low > 1:
                mid = (low + high) // 2
                same = (day + dt.timedelta(minutes=mid)).astimezone(LONDON).utcoffset() == before_offset
                low, high = (mid, high) if same else (low, mid)
            start = (day + dt.timedelta(minutes=high) + min(before_offset, after_offset)).replace(tzinfo=None)
            out.append((start, int(abs(after_offset - before_offset).total_seconds() // 60)))
        day = after
    return out


CLOCK_CHANGES = _clock_changes()


@st.composite
def clock_change_minutes(draw: st.DrawFn) -> dt.datetime:
    start, minutes = draw(st.sampled_from(CLOCK_CHANGES))
    return start + dt.timedelta(minutes=draw(st.integers(0, minutes - 1)))


def test_the_clock_changes_are_found():
    assert (dt.datetime(2017, 3, 26, 1, 0), 60) in CLOCK_CHANGES
    assert (dt.datetime(2017, 10, 29, 1, 0), 60) in CLOCK_CHANGES
    assert len(CLOCK_CHANGES) > 2 * 250


@given(clock_change_minutes())
@example(dt.datetime(2017, 3, 26, 1, 30))
@example(dt.datetime(2017, 10, 29, 1, 30))
def test_a_time_at_a_clock_change_is_refused_without_an_offset_and_read_with_one(naive: dt.datetime):
    assert not _unambiguous(naive)
    written = naive.isoformat(timespec="minutes")
    with pytest.raises(InputError, match="did not exist in London|happened twice in London"):
        dates.read_instant(written)
    for fold in (0, 1):
        offset = naive.replace(tzinfo=LONDON, fold=fold).utcoffset()
        with_offset = naive.replace(tzinfo=dt.timezone(offset)).isoformat(timespec="minutes")
        read = dates.read_instant(with_offset)  # compared as timestamps: == is never true across zones in a fold
        assert read.timestamp() == naive.replace(tzinfo=dt.timezone(offset)).timestamp()
        assert dates.read_instant(calendar.iso(read)).timestamp() == read.timestamp()


@given(
    day=st.integers(13, 31),
    month=st.integers(1, 12),
    year=st.integers(1900, 2200),
    leading_zeros=st.booleans(),
    time=st.sampled_from(["", " 09:00", " 9:30am"]),
)
def test_a_first_number_over_12_is_never_read_month_first(day, month, year, leading_zeros, time):
    text = f"{day:02d}/{month:02d}/{year}{time}" if leading_zeros else f"{day}/{month}/{year}{time}"
    try:
        read = dates.read_instant(text)
    except InputError as refused:
        assert "there is no" in str(refused)  # 31/4: refused, never turned into 4 March or the like
        return
    assert (read.year, read.month, read.day) == (year, month, day)


DATE_ALPHABET = st.sampled_from(list("0123456789/-:. TZ+apmAPM") + [" July ", " Jul ", "st", "BST", "GMT", "Sunday "])


@given(st.one_of(st.text(max_size=40), st.lists(DATE_ALPHABET, max_size=14).map("".join)))
@example("2017-02-29")
@example("1/1/2000 12:60")
@example("٢٠١٨-٠٧-٠١")  # digits of another script are not digits this reads
def test_any_text_is_refused_with_input_error_or_read_to_something_that_round_trips(text: str):
    try:
        instant = dates.read_instant(text)
    except InputError:
        pass
    else:
        assert dates.read_instant(calendar.iso(instant)).timestamp() == instant.timestamp()
        assert 1900 <= instant.year <= 2200
    try:
        day = dates.read_date(text)
    except InputError:
        pass
    else:
        assert dates.read_date(day.isoformat()) == day
