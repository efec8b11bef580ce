"""The one door for dates and times that come from outside: every option, file, cell and form field.

Why one door: a date read two ways is a wrong answer that looks right. `01/07/2018` read month first
is 7 January, and a report received on 1 July reads as met; a two-digit year, a missing day or a
clock-change time guessed silently does the same. Every reader of a date from a person (the command
line, YAML and CSV facts, direction files, the desk's forms, `import-plan --reported-on`) comes here,
and this module reads a closed grammar and nothing else (docs/facts-and-import.md, "Dates and
times"):

- ISO 8601: `2018-07-01`; `2018-07-01T09:00`, `2018-07-01T09:00:30` (a space may stand for the
  `T`, seconds may carry a fraction), each with or without an offset: `Z`, `+01:00`, `-05:00`;
- British, day first, the year in four digits: `1/7/2018`, `01/07/2018`, `1 July 2018`,
  `1 Jul 2018`, `1st July 2018` (`Jul.` and `1 July, 2018` too), optionally after a weekday that
  must be right (`Sunday 1 July 2018`), optionally followed (after a space or a comma) by a time: `09:00`, `9:00`, `09:00:30` (24-hour), `10am`, `10:30am`,
  `10.30pm` (12-hour; `12am` is midnight, `12pm` noon), with an optional `at` before it and an
  optional zone after it (`GMT`, `BST`, `UTC`, `Z`, `+01:00`).

Never month first, never a two-digit year, never a missing day, never an impossible date; years
from 1900 to 2200 (EARLIEST_YEAR, LATEST_YEAR), so that no stored fact can overflow the date
arithmetic later. A time without an offset is London wall-clock time; one that did not exist in
London (the hour the clocks go forward) or that happened twice (the hour they go back) is refused
unless it carries an offset, and the message shows both readings. `GMT` and `BST` must be the
zone London was on at that instant.

Every refusal is an InputError whose text gives what was given and examples of what is read; the
caller adds where the value came from (the option, or the file, line or row and field).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import functools
import re
from typing import Any, NamedTuple

import pendulum
from pendulum import DateTime

from engine.core.errors import InputError

__all__ = [
    "LONDON",
    "MONTHS",
    "day_words",
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "read_date",
    "read_instant",
    "read_as_of",
    "read_clock_time",
    "DateForm",
    "how_written",
    "day_alone",
]

#: the zone every wall-clock time is read in
LONDON = pendulum.timezone("Europe/London")

#: the years a date may have: before 1900 or after 2200 is a typing mistake, never a council's record
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(MONTHS, start=1)} | {
    name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)
}
_MONTH_NUMBERS["sept"] = 9
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBERS = {name: n for n, name in enumerate(_WEEKDAYS)} | {name[:3]: n for n, name in enumerate(_WEEKDAYS)}
_WEEKDAY_NUMBERS |= {"tues": 1, "thur": 3, "thurs": 3}

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,6}))?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?",
    re.IGNORECASE | re.ASCII,
)
_WEEKDAY = r"(?:(?P<wd>[a-z]+),?\s+)?"
_DAY_MONTH_YEAR = (
    r"(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"|(?P<wday>\d{1,2})(?P<ord>st|nd|rd|th)?\s+(?P<mon>[a-z]+)\.?,?\s+(?P<wy>\d{4}))"
)
_CLOCK = (
    r"(?:,?\s+(?:at\s+)?"
    r"(?:(?P<h12>\d{1,2})(?:[:.](?P<m12>\d{2}))?\s*(?P<ampm>[ap])\.?m\.?"
    r"|(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)"
    r"(?:\s*(?P<zone>gmt|bst|utc|z|[+-]\d{2}:\d{2}))?)?"
)
_BRITISH = re.compile(_WEEKDAY + _DAY_MONTH_YEAR + _CLOCK, re.IGNORECASE | re.ASCII)

#: what a refusal shows as the forms this reads
EXAMPLES = "1/7/2018, 1 July 2018 or 2018-07-01 (with a time: 1/7/2018 09:00, 1 July 2018 9am or 2018-07-01T09:00)"
DATE_EXAMPLES = "1/7/2018, 1 July 2018 or 2018-07-01"

#: what comply itself writes (calendar.iso): read without the grammar's detours, the store holds thousands
_FAST_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", re.ASCII)


class _Refused(Exception):
    """Why a text is not a date this reads, with a better example when one can be made."""

    def __init__(self, why: str, example: str | None = None):
        super().__init__(why)
        self.why = why
        self.example = example


def _refusal(given: Any, why: str, example: str | None, date_only: bool = False) -> InputError:
    write = f"write {example}" if example else f"write it as {DATE_EXAMPLES if date_only else EXAMPLES}"
    return InputError(f'"{given}" is not a date this reads: {why}; {write}')


@functools.lru_cache(maxsize=65536)
def day_words(day: dt.date) -> str:
    """A day as GOV.UK writes it, day first: '30 June 2017' (no leading zero, the month in full).

    The one writer of a day in words: engine.core.calendar.day_words is this function (calendar
    imports this module, so it lives here, where a refusal names the day it means)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _the_day(year: int, month: int, day: int, day_first: bool = False, iso: bool = False) -> dt.date:
    """The calendar day, or _Refused saying why not (month first, impossible day, out of range).
    `day_first`: the text was day/month/year, so a month over 12 is explained as month-first; `iso`: the
    text was ISO 8601's year-month-day, so a month over 12 is explained as year-day-month."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise _Refused(f"the year {year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}, the years comply reads")
    if iso and 1 <= day <= 12 and 13 <= month <= _stdlib_calendar.monthrange(year, day)[1]:
        swapped = dt.date(year, day, month)
        raise _Refused(
            f"there is no month {month}: ISO 8601 dates are year-month-day, never year-day-month",
            f"{swapped.isoformat()} or {swapped.day}/{swapped.month}/{year} if you mean {day_words(swapped)}",
        )
    if not 1 <= month <= 12:
        if day_first and 1 <= day <= 12 and 13 <= month <= 31:
            swapped = dt.date(year, day, month) if month <= _stdlib_calendar.monthrange(year, day)[1] else None
            raise _Refused(
                f"there is no month {month}: dates are read day first (day/month/year), never month first",
                f"{month}/{day}/{year} or {swapped.isoformat()} if you mean {day_words(swapped)}" if swapped else None,
            )
        raise _Refused(f"there is no month {month}")
    last = _stdlib_calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _Refused(f"there is no {day} {MONTHS[month - 1]} {year} ({MONTHS[month - 1]} has {last} days)")
    return dt.date(year, month, day)


def _parse(text: str) -> tuple[dt.date, tuple[int, int, int, int] | None, str | None]:
    """(the day, (hour, minute, second, microsecond) or None, the zone as written or None)."""
    if m := _ISO.fullmatch(text):
        day = _the_day(int(m["y"]), int(m["m"]), int(m["d"]), iso=True)
        if m["H"] is None:
            return day, None, None
        return (
            day,
            _clock(int(m["H"]), int(m["M"]), int(m["S"] or 0), int((m["f"] or "0").ljust(6, "0"))),
            m["zone"],
        )
    if m := _BRITISH.fullmatch(text):
        if m["d"] is not None:
            day = _the_day(int(m["y"]), int(m["m"]), int(m["d"]), day_first=True)
        else:
            month = _MONTH_NUMBERS.get(m["mon"].lower())
            if month is None:
                raise _Refused(f"{m['mon']!r} is not a month (January or Jan, February or Feb, ...)")
            day = _the_day(int(m["wy"]), month, int(m["wday"]))
            if m["ord"] and m["ord"].lower() != _ordinal(day.day):
                raise _Refused(f"{day.day}{m['ord']} is not how to write {day.day}{_ordinal(day.day)}")
        if m["wd"] is not None:
            weekday = _WEEKDAY_NUMBERS.get(m["wd"].lower())
            if weekday is None:
                raise _Refused(f"{m['wd']!r} is not a day of the week")
            if weekday != day.weekday():
                raise _Refused(f"{day_words(day)} is a {_WEEKDAYS[day.weekday()].title()}, not a {m['wd']}")
        if m["ampm"] is not None:
            hour = int(m["h12"])
            if not 1 <= hour <= 12:
                raise _Refused(f"{hour}{m['ampm']}m is not a time (12-hour times run from 12am to 11:59pm)")
            hour = hour % 12 + (12 if m["ampm"].lower() == "p" else 0)
            return day, _clock(hour, int(m["m12"] or 0), 0, 0), m["zone"]
        if m["H"] is not None:
            return day, _clock(int(m["H"]), int(m["M"]), int(m["S"] or 0), 0), m["zone"]
        return day, None, None
    raise _Refused(*_why_not(text))


def _ordinal(n: int) -> str:
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _clock(hour: int, minute: int, second: int, micro: int) -> tuple[int, int, int, int]:
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise _Refused(f"{hour:02d}:{minute:02d} is not a time of day (00:00 to 23:59)")
    return hour, minute, second, micro


_TWO_DIGIT_NUMERIC = re.compile(
    r"(?:[a-z]+,?\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})(\s+.*)?", re.IGNORECASE | re.ASCII
)
_TWO_DIGIT_WORDS = re.compile(
    r"(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?\s+(\d{2})(\s+.*)?", re.IGNORECASE | re.ASCII
)
_NO_DAY = re.compile(r"[a-z]+\.?,?\s+\d{2,4}|\d{4}-\d{1,2}|\d{1,2}/\d{4}|\d{4}/\d{1,2}", re.IGNORECASE | re.ASCII)
_YEAR_FIRST_SLASHES = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(\s+.*)?", re.ASCII)
_OTHER_SEPARATORS = re.compile(r"(\d{1,2})[.-](\d{1,2})[.-](\d{4})(\s+.*)?", re.ASCII)


def _why_not(text: str) -> tuple[str, str | None]:
    """Why a text matched no form, and an example in its own terms where one can be made."""
    if m := _TWO_DIGIT_NUMERIC.fullmatch(text):
        rest = m[4] or ""
        return "two-digit year", _examples(2000 + int(m[3]), int(m[2]), int(m[1]), rest, numeric=True)
    if (m := _TWO_DIGIT_WORDS.fullmatch(text)) and m[2].lower() in _MONTH_NUMBERS:
        rest = m[4] or ""
        return "two-digit year", _examples(2000 + int(m[3]), _MONTH_NUMBERS[m[2].lower()], int(m[1]), rest)
    if _NO_DAY.fullmatch(text) and (text[:3].lower() in _MONTH_NUMBERS or text[:1].isdigit()):
        return "no day of the month (a month alone is not a date)", None
    if m := _YEAR_FIRST_SLASHES.fullmatch(text):
        return "year first with slashes is not a form this reads", _examples(
            int(m[1]), int(m[2]), int(m[3]), m[4] or "", numeric=True
        )
    if m := _OTHER_SEPARATORS.fullmatch(text):
        return "day/month/year is written with slashes", _examples(
            int(m[3]), int(m[2]), int(m[1]), m[4] or "", numeric=True
        )
    if not text:
        return "it is empty", None
    return "not one of the forms of a date", None


def _examples(year: int, month: int, day: int, rest: str, numeric: bool = False) -> str | None:
    """'2/4/2018 09:00 or 2018-04-02T09:00': the value in two forms this reads (None when impossible)."""
    try:
        when = _the_day(year, month, day)
    except _Refused:
        return None
    rest = rest.strip()
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", rest)
    if rest and not clock:
        return None
    first = f"{day}/{month}/{year}" if numeric else f"{day} {MONTHS[month - 1]} {year}"
    if clock:
        return f"{first} {rest} or {when.isoformat()}T{int(clock[1]):02d}:{clock[2]}"
    return f"{first} or {when.isoformat()}"


def _refuse_clock_change(given: str, day: dt.date, clock: tuple[int, int, int, int]) -> None:
    """InputError when the wall-clock time did not exist in London or happened twice there."""
    naive = dt.datetime(day.year, day.month, day.day, *clock)
    first = naive.replace(tzinfo=LONDON, fold=0)
    second = naive.replace(tzinfo=LONDON, fold=1)
    offsets = first.utcoffset(), second.utcoffset()
    if offsets[0] == offsets[1]:
        return

    def reading(offset: dt.timedelta | None) -> str:
        zone = dt.timezone(offset or dt.timedelta(0))
        written = dt.datetime(*naive.timetuple()[:6], naive.microsecond, tzinfo=zone).isoformat(
            timespec="minutes" if not (clock[2] or clock[3]) else "seconds"
        )
        there = naive.replace(tzinfo=zone).astimezone(LONDON)
        return f"{written} ({there.hour:02d}:{there.minute:02d} {there.tzname()})"

    back = first.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None)
    if back != naive:  # the spring-forward gap: the wall clock jumped over it
        raise InputError(
            f'"{given}" is a time that did not exist in London: the clocks went forward on {day_words(day)}, '
            f"so it needs an offset to say which instant is meant: {reading(offsets[0])} or {reading(offsets[1])}"
        )
    raise InputError(
        f'"{given}" happened twice in London: the clocks went back on {day_words(day)}, so it needs an '
        f"offset (or BST or GMT after the time) to say which: {reading(offsets[0])}, the first, or "
        f"{reading(offsets[1])}, the second"
    )


def _zone_offset(given: str, zone: str, day: dt.date, clock: tuple[int, int, int, int]) -> dt.timezone:
    """The fixed offset a written zone stands for; GMT and BST must be what London was on then."""
    upper = zone.upper()
    if upper in ("Z", "UTC"):
        return dt.UTC
    if upper in ("GMT", "BST"):
        offset = dt.timedelta(hours=1 if upper == "BST" else 0)
        instant = dt.datetime(day.year, day.month, day.day, *clock, tzinfo=dt.timezone(offset))
        if instant.astimezone(LONDON).utcoffset() != offset:
            raise InputError(
                f'"{given}": London was not on {upper} at {clock[0]:02d}:{clock[1]:02d} on {day_words(day)}; '
                f"write the time without a zone (London time), or with an offset such as +00:00"
            )
        return dt.timezone(offset)
    sign = 1 if zone[0] == "+" else -1
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    if hours > 14 or minutes > 59:
        raise InputError(f'"{given}": {zone} is not an offset from UTC (-14:00 to +14:00)')
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _in_range(given: Any, instant: DateTime) -> DateTime:
    if not EARLIEST_YEAR <= instant.year <= LATEST_YEAR:
        raise InputError(
            f'"{given}" is not a date this reads: it falls outside {EARLIEST_YEAR}-{LATEST_YEAR} in London, '
            "the years comply reads"
        )
    return instant


def read_date(value: str | dt.date) -> dt.date:
    """A calendar day from text (the closed grammar above, without a time) or a date object (as YAML
    gives one). Raises InputError with what was given and examples of what is read: for a time where
    only a day is expected, a two-digit year, a missing day, month-first or impossible dates, a year
    outside 1900-2200, or anything not text or a date."""
    if type(value) is str and len(value) == 10 and value[4] == value[7] == "-" and value.isascii():
        try:  # the fast path for what the store writes and most files say: YYYY-MM-DD
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            return day
    if isinstance(value, dt.datetime):
        raise InputError(f'"{value}" is a date and time where a date alone is expected; write {DATE_EXAMPLES}')
    if isinstance(value, dt.date):
        try:
            return _the_day(value.year, value.month, value.day)
        except _Refused as exc:
            raise _refusal(value, exc.why, exc.example, date_only=True) from None
    if not isinstance(value, str):
        raise InputError(f"expected a date written as text such as {DATE_EXAMPLES}, got {value!r}")
    text = " ".join(value.split())
    try:
        day, clock, _zone = _parse(text)
    except _Refused as exc:
        raise _refusal(value.strip(), exc.why, exc.example, date_only=True) from None
    if clock is not None:
        raise InputError(f'"{value.strip()}" has a time where a date alone is expected; write {day_words(day)}')
    return day


#: what a refusal of a date known only to a range shows as the forms read
RANGE_EXAMPLES = "2017-03-28, {month: 2017-03} (March 2017) or {between: [2017-03-01, 2017-03-31]}"


def read_date_range(value: Any) -> tuple[dt.date, dt.date]:
    """A day known exactly, or only to a month or a range of days, as (earliest, latest), both days
    included: a date as `read_date` reads it gives (day, day); `{month: 2017-03}` (or `{month: March
    2017}`) the first and last days of that month; `{between: [first, last]}` the two days. Raises
    InputError saying what was given and what is expected (a mapping with another key, a month that is
    not one, a range the wrong way round)."""
    if not isinstance(value, dict):
        day = read_date(value)
        return day, day
    if set(value) == {"month"}:
        text = str(value["month"]).strip()
        m = re.fullmatch(r"(\d{4})-(\d{1,2})|([A-Za-z]+)\.?\s+(\d{4})", text)
        month = year = None
        if m and m[1]:
            year, month = int(m[1]), int(m[2])
        elif m:
            month, year = _MONTH_NUMBERS.get(m[3].lower()), int(m[4])
        if month is None or year is None or not 1 <= month <= 12 or not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise InputError(f"month: expected a month such as 2017-03 or March 2017, got {value['month']!r}")
        return dt.date(year, month, 1), dt.date(year, month, _stdlib_calendar.monthrange(year, month)[1])
    if set(value) == {"between"}:
        pair = value["between"]
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise InputError(f"between: expected two days [first, last], got {pair!r}")
        first, last = read_date(pair[0]), read_date(pair[1])
        if last < first:
            raise InputError(
                f"between: the last day ({last.isoformat()}) is before the first ({first.isoformat()}): "
                "expected [first, last]"
            )
        return first, last
    raise InputError(f"expected a date or a date known only to a range, such as {RANGE_EXAMPLES}; got {value!r}")


def read_earliest_date(value: Any) -> dt.date:
    """The earliest day of a date that may be known only to a range (`read_date_range`)."""
    return read_date_range(value)[0]


def read_instant(value: str | dt.date | dt.datetime) -> DateTime:
    """An instant, in London, from text (the closed grammar above) or a date or datetime object.

    A day alone is the start of that day (00:00 London time). A time without an offset is London
    wall-clock time: one in the hour the clocks go forward, or in the hour they go back, is refused
    with both readings shown. A naive datetime (as YAML gives `2017-07-01 10:00:00`) is read the
    same way; an aware one keeps its offset. Raises InputError as read_date does."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return _in_range(value, pendulum.instance(value).in_timezone(LONDON))
        given = value.isoformat(sep="T")
        try:
            day = _the_day(value.year, value.month, value.day)
        except _Refused as exc:
            raise _refusal(given, exc.why, exc.example) from None
        clock = (value.hour, value.minute, value.second, value.microsecond)
        _refuse_clock_change(given, day, clock)
        return _in_range(given, pendulum.instance(dt.datetime(day.year, day.month, day.day, *clock, tzinfo=LONDON)))
    if isinstance(value, dt.date):
        day = read_date(value)
        return pendulum.datetime(day.year, day.month, day.day, tz=LONDON)
    if not isinstance(value, str):
        raise InputError(f"expected a date or date-time written as text such as {EXAMPLES}, got {value!r}")
    text = " ".join(value.split())
    if _FAST_ISO_INSTANT.fullmatch(text):
        try:
            fast = pendulum.instance(dt.datetime.fromisoformat(text)).in_timezone(LONDON)
        except ValueError:
            fast = None
        if fast is not None and EARLIEST_YEAR <= fast.year <= LATEST_YEAR:
            return fast
    given = value.strip()
    try:
        day, clock, zone = _parse(text)
    except _Refused as exc:
        raise _refusal(given, exc.why, exc.example) from None
    if clock is None:
        return pendulum.datetime(day.year, day.month, day.day, tz=LONDON)
    if zone is not None:
        offset = _zone_offset(given, zone, day, clock)
        aware = dt.datetime(day.year, day.month, day.day, *clock, tzinfo=offset)
        return _in_range(given, pendulum.instance(aware).in_timezone(LONDON))
    _refuse_clock_change(given, day, clock)
    return pendulum.instance(dt.datetime(day.year, day.month, day.day, *clock, tzinfo=LONDON))


def read_as_of(value: str | dt.date | dt.datetime) -> DateTime:
    """The instant an evaluation is as of: a day alone is the start of that day in London (what was
    known that morning); a date-time is taken as given. Raises InputError as read_instant does."""
    return read_instant(value)


class DateForm(NamedTuple):
    """How a date or date-time that this module reads was written (`how_written`): what saying it back needs.

    `day` and `month` are the numbers as written in a numeric day/month/year form (`3/1/2018`), None for
    ISO 8601 and for a month in words, whose order cannot be mistaken; `time_given` whether a time of day
    was written (a date alone is read as the start of its day, or as the day itself)."""

    day: int | None
    month: int | None
    time_given: bool

    @property
    def two_ways(self) -> bool:
        """Whether a month-first reader would read another day: day and month both 1-12 and different."""
        if self.day is None or self.month is None:
            return False
        return self.day != self.month and self.day <= 12 and self.month <= 12


def how_written(text: str) -> DateForm:
    """How `text`, a date or date-time this module reads, was written: numeric day first or not, with a
    time or not. Raises InputError as read_instant does for a text it does not read."""
    squeezed = " ".join(str(text).split())
    try:
        _, clock, _ = _parse(squeezed)
    except _Refused as exc:
        raise _refusal(str(text).strip(), exc.why, exc.example) from None
    british = None if _ISO.fullmatch(squeezed) else _BRITISH.fullmatch(squeezed)
    numeric = british is not None and british["d"] is not None
    return DateForm(int(british["d"]) if numeric else None, int(british["m"]) if numeric else None, clock is not None)


def day_alone(value: object) -> dt.date | None:
    """The day `value` names when it is a day with no time of day (text such as '30/12/2017' or
    '2017-12-30', or a `datetime.date` that is not a datetime, as YAML gives `2017-12-30`); None for a
    date-time, or for anything this module does not read (read_instant then refuses it, naming why).

    Why: a day alone is a whole day. Where a fact says when something happened (a report received),
    reading it as 00:00 would make it the earliest moment of that day, and a report received "on 30
    December" met a 10am deadline that day; engine/model/facts.py `Submission` reads it as the window
    of the day instead (unknown against a deadline inside the day, as features/bv-2017.feature says)."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        day, clock, _ = _parse(" ".join(value.split()))
    except _Refused:
        return None
    return day if clock is None else None


def read_clock_time(text: str) -> tuple[int, int]:
    """(hour, minute) from a 24-hour `HH:MM` as direction files write a time of day. Raises InputError."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip()) if isinstance(text, str) else None
    if m is None or not (0 <= int(m[1]) <= 23 and 0 <= int(m[2]) <= 59):
        raise InputError(f"expected a time of day as HH:MM (24-hour), 'end_of_day' or 'start_of_day', got {text!r}")
    return int(m[1]), int(m[2])
