"""The one calendar module: every due instant is computed here, in Europe/London.

Why one module: the readings of time in a direction ("by 10am on 30 June 2017", "within 3 months
of the date of this Direction", "every six weeks") are where compliance software silently goes
wrong. Keeping all of them here, on pendulum, means every due date is timezone-aware and carries
a plain-English account of how it was computed, which a finding shows to the Monitoring Officer.

Conventions (how English councils and the Secretary of State read time):
- council time is Europe/London: a wall-clock time is read in GMT or BST as in force that day;
- "by <date>" with no time is the end of that day (23:59:59 local) unless the file says otherwise;
- "within N months of <date>" adds calendar months, clipped to the month's end (31 March + 3
  months = 30 June); how a schedule counts its later occurrences (multiples from the first due
  date, from the previous due date, or from the unclipped anchor) is a parameter of the rule
  (`count_from`, engine/kinds/recurring.py), not decided here;
- "within N days/weeks/months of an event" (`due_after_event`) is read by default as the usual UK
  reading: the day of the event is not counted and the period ends at the end of its last day;
  the other reading, the same wall-clock time N days later, is a parameter (`counting`);
- instants handed to the rules engine are integer epoch seconds (durable-rules has no dates);
- a date or time written by a person is read in engine/core/dates.py, the one door (parse_instant
  and as_of_instant here are that door under their old names).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Literal

import pendulum
from pendulum import DateTime

from engine.core import dates
from engine.core.dates import LONDON, MONTHS

#: An instant later than any real obligation, used as "never" in integer comparisons.
FOREVER = 253402300799  # 9999-12-31T23:59:59Z

TimeOfDay = Literal["end_of_day", "start_of_day"] | str


@dataclass(frozen=True)
class Period:
    """A length of calendar time: months are calendar months, weeks and days are local days."""

    months: int = 0
    weeks: int = 0
    days: int = 0

    def times(self, k: int) -> Period:
        """This period k times over (k >= 0)."""
        return Period(months=self.months * k, weeks=self.weeks * k, days=self.days * k)

    def plus(self, other: Period) -> Period:
        """The two periods added field by field (months with months: one clip at the end, not two)."""
        return Period(self.months + other.months, self.weeks + other.weeks, self.days + other.days)

    def words(self) -> str:
        parts = []
        for n, unit in ((self.months, "month"), (self.weeks, "week"), (self.days, "day")):
            if n:
                parts.append(
                    f"{n} calendar {unit}{'s' if n != 1 else ''}"
                    if unit == "month"
                    else f"{n} {unit}{'s' if n != 1 else ''}"
                )
        return " and ".join(parts) or "no time"


@dataclass(frozen=True)
class Due:
    """A due instant with the account of how it was computed.

    `earliest` is the earliest the due instant may be, where it is known only to a range (a due date
    given as a range of days, or counted from a direction dated only to a month); None for an exact
    one. `instant` is then the latest possible instant (rules/obligations.py: `due_earliest`)."""

    instant: DateTime
    steps: tuple[str, ...] = field(default_factory=tuple)
    earliest: DateTime | None = None

    @functools.cached_property
    def earliest_epoch(self) -> int:
        """The earliest possible due instant in epoch seconds (the due instant itself when exact)."""
        return int((self.earliest if self.earliest is not None else self.instant).int_timestamp)

    @functools.cached_property
    def epoch(self) -> int:
        """Epoch seconds (cached: read for every fact, match and explanation of an obligation)."""
        return int(self.instant.int_timestamp)

    @functools.cached_property
    def iso(self) -> str:
        return iso(self.instant)

    @property
    def account(self) -> str:
        return "; ".join(self.steps)

    def then(self, step: str, instant: DateTime | None = None) -> Due:
        return Due(instant if instant is not None else self.instant, self.steps + (step,), self.earliest)


def iso(instant: DateTime) -> str:
    """ISO 8601 with the local offset, to the second: 2017-06-30T10:00:00+01:00."""
    return instant.in_timezone(LONDON).isoformat(timespec="seconds")


def zone_name(instant: DateTime) -> str:
    """'BST' or 'GMT' for an instant in London."""
    return "BST" if instant.in_timezone(LONDON).utcoffset() != dt.timedelta(0) else "GMT"


@functools.lru_cache(maxsize=65536)
def human(instant: DateTime) -> str:
    """'10:00 BST on 30 June 2017': how a lawyer would say the instant.

    Cached, and written without pendulum's formatter: every explanation repeats the same few
    instants (a meeting's time for each of its composition duties), and formatting was a fifth of
    the evaluation's Python time at national scale (docs/performance.md)."""
    local = instant.in_timezone(LONDON)
    clock = f"{local.hour:02d}:{local.minute:02d}" + (f":{local.second:02d}" if local.second else "")
    return f"{clock} {zone_name(local)} on {day_words(local.date())}"


@functools.lru_cache(maxsize=65536)
def day_words(day: dt.date) -> str:
    """'30 June 2017'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> DateTime:
    """A London wall-clock time. Raises on a time that does not exist (the spring-forward gap)."""
    return pendulum.datetime(year, month, day, hour, minute, second, tz=LONDON)


def parse_instant(value: str | dt.datetime | dt.date) -> DateTime:
    """Read a time from a file, an option or comply's own ISO text: engine.core.dates.read_instant,
    the one door (its closed grammar; a day alone is the start of that day; naive times are London
    wall-clock time, refused at a clock change). Raises InputError with what was expected."""
    return dates.read_instant(value)


def at_time_of_day(day: dt.date, time_of_day: TimeOfDay) -> DateTime:
    """The instant on a local day for a reading: 'end_of_day', 'start_of_day' or 'HH:MM'."""
    if time_of_day == "end_of_day":
        return local(day.year, day.month, day.day, 23, 59, 59)
    if time_of_day == "start_of_day":
        return local(day.year, day.month, day.day)
    hour, minute = parse_hhmm(time_of_day)
    return local(day.year, day.month, day.day, hour, minute)


def parse_hhmm(text: str) -> tuple[int, int]:
    """(hour, minute) of a 24-hour HH:MM: engine.core.dates.read_clock_time. Raises InputError."""
    return dates.read_clock_time(text)


def time_words(time_of_day: TimeOfDay) -> str:
    if time_of_day == "end_of_day":
        return "the end of that day (23:59:59), since 'by <date>' with no time means the whole day"
    if time_of_day == "start_of_day":
        return "the start of that day (00:00)"
    return f"{time_of_day} London time, as the text gives"


def add_period(day: dt.date, period: Period) -> dt.date:
    """Add calendar months (clipped to month end), weeks and days to a date."""
    moved = pendulum.date(day.year, day.month, day.day).add(months=period.months, weeks=period.weeks, days=period.days)
    return dt.date(moved.year, moved.month, moved.day)


def span_end(start: dt.date, length: Period, less: Period | None = None) -> dt.date:
    """The last day of a span written as a length from a day, less an offset: "for a period of five
    years less a day from the date of these directions" dated 17 December 2014 is `length` 60 months,
    `less` 1 day: 17 December 2019 less one day, the span's last day 16 December 2019. Months are
    calendar months clipped to the month's end (as add_period); the offset is taken off afterwards."""
    end = add_period(start, length)
    if less is not None:
        moved = pendulum.date(end.year, end.month, end.day).subtract(
            months=less.months, weeks=less.weeks, days=less.days
        )
        end = dt.date(moved.year, moved.month, moved.day)
    return end


def month_end(day: dt.date) -> dt.date:
    last = pendulum.date(day.year, day.month, 1).end_of("month")
    return dt.date(last.year, last.month, last.day)


def due_on(day: dt.date, time_of_day: TimeOfDay, why: str) -> Due:
    """A due instant on a fixed day: 'by 10am on 30 June 2017', 'by 1 August 2018'."""
    instant = at_time_of_day(day, time_of_day)
    return Due(
        instant,
        (
            f"{why}: {day_words(day)}",
            f"time of day: {time_words(time_of_day)}",
            f"due {human(instant)} ({iso(instant)})",
        ),
    )


def ranged(latest: Due, earliest: Due, why: str) -> Due:
    """One due instant known only to a range, from the same computation done from either end of what
    it counts from (`why`: 'the date of the direction (x) is known only to lie between ...'): the latest
    with its account, then the earliest."""
    if earliest.instant == latest.instant:
        return latest
    return Due(
        latest.instant,
        (
            why,
            *(f"at the latest: {step}" for step in latest.steps),
            *(f"at the earliest: {step}" for step in earliest.steps),
            f"due {human(latest.instant)} at the latest, {human(earliest.instant)} at the earliest",
        ),
        earliest.instant,
    )


def due_between(first: dt.date, last: dt.date, time_of_day: TimeOfDay, why: str) -> Due:
    """A due instant known only to a range of days: on `last` at the latest, on `first` at the earliest."""
    latest, earliest = at_time_of_day(last, time_of_day), at_time_of_day(first, time_of_day)
    return Due(
        latest,
        (
            f"{why}: known only to lie between {day_words(first)} and {day_words(last)}",
            f"time of day: {time_words(time_of_day)}",
            f"due {human(latest)} ({iso(latest)}) at the latest, {human(earliest)} ({iso(earliest)}) at the earliest",
        ),
        earliest,
    )


def due_after(
    start: dt.date,
    start_words: str,
    period: Period,
    time_of_day: TimeOfDay,
    align_month_end: bool = False,
    start_latest: dt.date | None = None,
) -> Due:
    """'within N months of <date>': start + period (calendar months clipped), at a time of day.

    `start_latest`: the start is known only to lie between `start` and this day (a direction dated
    "March 2017"): the due instant counts from it, and the one counted from `start` is the earliest."""
    if start_latest is not None and start_latest != start:
        return ranged(
            due_after(start_latest, start_words, period, time_of_day, align_month_end),
            due_after(start, start_words, period, time_of_day, align_month_end),
            f"{start_words} is known only to lie between {day_words(start)} and {day_words(start_latest)}",
        )
    day = add_period(start, period)
    steps = [f"{start_words}: {day_words(start)}", f"plus {period.words()} = {day_words(day)}"]
    if period.months and day.day != start.day:
        steps[-1] += f" (clipped to the end of {pendulum.date(day.year, day.month, 1).format('MMMM YYYY')})"
    if align_month_end and day != month_end(day):
        day = month_end(day)
        steps.append(f"aligned to the month's end: {day_words(day)}")
    instant = at_time_of_day(day, time_of_day)
    steps += [f"time of day: {time_words(time_of_day)}", f"due {human(instant)} ({iso(instant)})"]
    return Due(instant, tuple(steps))


#: how a period after an event is counted (a rule's `counting:` parameter)
Counting = Literal["end_of_last_day", "same_time"]


def due_after_event(start: DateTime, start_words: str, period: Period, counting: Counting) -> Due:
    """'within N days/weeks/months of an event' at the instant `start`, as `counting` reads it.

    'end_of_last_day' (the usual UK reading): the day of the event is not counted, so the period
    runs from the next day and ends at the end of its last day: a meeting at 16:00 on 20 July 2017
    plus six weeks is due by 23:59:59 on 31 August 2017 (months are calendar months, clipped to the
    month's end). 'same_time': the same wall-clock time once the period has passed (16:00 on 31
    August 2017; `due_after_instant`)."""
    if counting == "same_time":
        return due_after_instant(start, start_words, period)
    local_start = start.in_timezone(LONDON)
    day = dt.date(local_start.year, local_start.month, local_start.day)
    last = add_period(day, period)
    instant = end_of_day_instant(last)
    return Due(
        instant,
        (
            f"{start_words}: {human(start)}",
            f"the day of the event is not counted: {period.words()} from {day_words(day)} end on "
            f"{day_words(last)}, at the end of that day",
            f"due {human(instant)} ({iso(instant)})",
        ),
    )


def due_after_instant(start: DateTime, start_words: str, period: Period) -> Due:
    """An instant plus a period on the local wall clock (six weeks after a meeting at 18:00 is 18:00)."""
    moved = start.in_timezone(LONDON).add(months=period.months, weeks=period.weeks, days=period.days)
    return Due(
        moved,
        (
            f"{start_words}: {human(start)}",
            f"plus {period.words()} on the London wall clock",
            f"due {human(moved)} ({iso(moved)})",
        ),
    )


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) containing a day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    return start, month_end(dt.date(day.year, first_month + 2, 1))


def end_of_day_instant(day: dt.date) -> DateTime:
    return at_time_of_day(day, "end_of_day")


def start_of_day_instant(day: dt.date) -> DateTime:
    return at_time_of_day(day, "start_of_day")


def as_of_instant(value: str | dt.date | dt.datetime) -> DateTime:
    """`--as-of 2017-07-01` means the start of that day in London: what was known that morning.

    A date-time is taken as given. The reading is engine.core.dates.read_as_of (InputError when refused)."""
    return dates.read_as_of(value)
