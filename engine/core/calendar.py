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
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Literal, TypeVar

import pendulum
from pendulum import DateTime

from engine.core import dates
from engine.core.dates import LONDON, MONTHS  # noqa: F401 - MONTHS: re-exported (plug-in kinds read calendar.MONTHS)

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
    # False when the due instant is a day whose time is not recorded (a meeting recorded with
    # `time_known: false`: its instant is the start of that day); said "12 June 2017 (time not
    # recorded)", never "midnight at the start of 12 June 2017" (govuk_words)
    time_known: bool = True

    @functools.cached_property
    def earliest_epoch(self) -> int:
        """The earliest possible due instant in epoch seconds (the due instant itself when exact)."""
        return epoch(self.earliest if self.earliest is not None else self.instant)

    # True when the due date rests on a bank-holiday list that does not reach its year (a working-day
    # count or a move off a non-working day beyond the list's last year): it could still move
    provisional: bool = False

    @functools.cached_property
    def epoch(self) -> int:
        """Epoch seconds (cached: read for every fact, match and explanation of an obligation)."""
        return epoch(self.instant)

    @functools.cached_property
    def iso(self) -> str:
        return iso(self.instant)

    @property
    def account(self) -> str:
        return "; ".join(self.steps)

    def then(self, step: str, instant: DateTime | None = None) -> Due:
        return Due(
            instant if instant is not None else self.instant,
            self.steps + (step,),
            self.earliest,
            self.time_known or instant is not None,  # a moved instant is a computed one, its time known
            self.provisional,
        )


_I = TypeVar("_I", bound=dt.datetime)
_R = TypeVar("_R")


def cached_by_instant(fn: Callable[[_I], _R]) -> Callable[[_I], _R]:
    """`fn` of one aware datetime, cached by the datetime and its `fold`.

    Not `functools.lru_cache` on the datetime alone: two datetimes of the same zone compare (and
    hash) by their wall-clock reading, whatever their offset, so at the autumn clock change 01:30
    BST and 01:30 GMT on 29 October 2017, an hour apart, were equal keys, and the cache gave the
    second the first one's answer ("01:30 BST" for the GMT instant; its epoch seconds an hour off).
    `fold` (PEP 495: 0 for the first of a repeated wall-clock time, 1 for the second; pendulum sets
    it) tells them apart, at a twentieth of the cost of asking for the UTC offset; equal keys are
    then one instant (datetimes of different zones compare by the instant itself)."""
    by_key = functools.lru_cache(maxsize=65536)(lambda instant, _fold: fn(instant))

    @functools.wraps(fn)
    def cached(instant: _I) -> _R:
        return by_key(instant, instant.fold)

    return cached


@cached_by_instant
def epoch(instant: dt.datetime) -> int:
    """The instant in epoch seconds, as the rules engine reads instants (pendulum's `int_timestamp`).

    Cached: a fact's instant (a meeting's start) is read again for every duty attached to it and at
    every as-of date of a command, and pendulum's `int_timestamp` costs fifteen times a cache look-up
    (a datetime keeps its hash): 6% of an evaluation, profiled (docs/performance.md)."""
    return int(instant.int_timestamp)  # pendulum: floor, as the rules have always read it


@cached_by_instant
def iso(instant: DateTime) -> str:
    """ISO 8601 with the local offset, to the second: 2017-06-30T10:00:00+01:00.

    Cached (as `human` is): every finding says its due instant this way, and the duties of one
    meeting, or of one schedule re-evaluated at another as-of date, share their instants."""
    return instant.in_timezone(LONDON).isoformat(timespec="seconds")


def zone_name(instant: DateTime) -> str:
    """'BST' or 'GMT' for an instant in London."""
    return "BST" if instant.in_timezone(LONDON).utcoffset() != dt.timedelta(0) else "GMT"


@cached_by_instant
def human(instant: DateTime) -> str:
    """'10:00 BST on 30 June 2017': how a lawyer would say the instant.

    Cached, and written without pendulum's formatter: every explanation repeats the same few
    instants (a meeting's time for each of its composition duties), and formatting was a fifth of
    the evaluation's Python time at national scale (docs/performance.md)."""
    local = instant.in_timezone(LONDON)
    clock = f"{local.hour:02d}:{local.minute:02d}" + (f":{local.second:02d}" if local.second else "")
    return f"{clock} {zone_name(local)} on {day_words(local.date())}"


def govuk_words(instant: DateTime, time_known: bool = True) -> str:
    """The instant as GOV.UK writes dates and times (the GOV.UK style guide, "Times" and "Dates"), in
    London: '10am on 30 June 2017', '5:30pm on 1 July 2017', 'midday on ...', 'midnight at the start
    of ...'; a whole-day deadline (the last second of a day, 23:59:59) is just '30 June 2017'. With
    `time_known` False (a day whose time is not recorded, such as a meeting's), its day and
    '(time not recorded)': '12 June 2017 (time not recorded)', whatever the instant's clock reads.
    The one writer of an instant in words for people: the desk, `check`, `due`, `explain`, `plan`,
    the digest; explanations' due computations keep `human` (the zone named, to the second)."""
    local = instant.in_timezone(LONDON)
    if not time_known:
        return f"{day_words(local.date())} (time not recorded)"
    if (local.hour, local.minute, local.second) == (23, 59, 59):
        return day_words(local.date())
    day = day_words(local.date())
    if (local.hour, local.minute) == (12, 0) and not local.second:
        return f"midday on {day}"
    if (local.hour, local.minute) == (0, 0) and not local.second:
        return f"midnight at the start of {day}"
    hour = local.hour % 12 or 12
    clock = f"{hour}" + (f":{local.minute:02d}" if local.minute else "") + ("am" if local.hour < 12 else "pm")
    return f"{clock} on {day}"


#: '30 June 2017': engine.core.dates.day_words, the one writer of a day in words (cached)
day_words = dates.day_words


def read_back(given: str, value: dt.date, time_known: bool = True) -> str:
    """What a date or date-time written by a person was read as, in words, beside the text it was read from,
    so that a month/day mix-up shows at once (`comply record` says it back):
    '09:00 GMT on 3 January 2018 (read from "3/1/2018 9:00", day first: 3 January, not 1 March)'.

    `value` is what engine/core/dates.py read from `given`: an instant (said as `human` says it, with its
    zone; a date alone is the start of that day, or its end when it closes a window, and says which) or a day ('3 January 2018'). A numeric date
    says it was read day first, and, when day and month could be swapped (both 1-12 and different), which
    day it is not. `time_known` False: only the day of an instant is known (a meeting's time not recorded).
    Raises InputError when `given` is not a date engine/core/dates.py reads."""
    written = dates.how_written(given)
    notes = f'read from "{" ".join(given.split())}"'
    if written.day is not None and written.month is not None:
        notes += ", day first"
        if written.two_ways:
            month_first = dt.date(2000, written.day, written.month)  # a leap year: any day of any month exists
            notes += (
                f": {written.day} {MONTHS[written.month - 1]}, not {month_first.day} {MONTHS[month_first.month - 1]}"
            )
    if not isinstance(value, dt.datetime):
        return f"{day_words(value)} ({notes})"
    if not time_known:
        return f"{day_words(value.in_timezone(LONDON).date())} ({notes}; the time is not known)"
    if not written.time_given:
        local_clock = value.in_timezone(LONDON).time()
        notes += (
            "; no time given: the end of that day"
            if local_clock >= dt.time(23, 59, 59)
            else ("; no time given: the start of that day")
        )
    return f"{human(value)} ({notes})"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> DateTime:
    """A London wall-clock time. Raises on a time that does not exist (the spring-forward gap)."""
    return pendulum.datetime(year, month, day, hour, minute, second, tz=LONDON)


def parse_instant(value: str | dt.datetime | dt.date) -> DateTime:
    """Read a time from a file, an option or comply's own ISO text: engine.core.dates.read_instant,
    the one door (its closed grammar; a day alone is the start of that day; naive times are London
    wall-clock time, refused at a clock change). Raises InputError with what was expected."""
    return dates.read_instant(value)


@functools.lru_cache(maxsize=65536)
def at_time_of_day(day: dt.date, time_of_day: TimeOfDay) -> DateTime:
    """The instant on a local day for a reading: 'end_of_day', 'start_of_day' or 'HH:MM'.

    Cached: a pure function of its arguments, and the start or end of the same few days (a fact's
    day, a direction's dates) is asked for again for every direction, clause and as-of date of an
    evaluation (a tenth of building obligations and of `known_by`, profiled: docs/performance.md).
    The instants are immutable, so sharing them is safe."""
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


# --- working days, clear days, periods before an event; non-working days ---------------------------------
#
# "28 days' notice before the decision", "published 5 clear working days before the meeting" (the
# access-to-information rules, seed 003_5f51d966092a2757.txt): periods counted backward from an event as
# well as forward, in plain days or in working days (not a Saturday, a Sunday or an England and Wales
# bank holiday), and either plain (the day of the event not counted, the day of the act counted) or
# clear (neither counted). The bank holidays are GOV.UK's list as the well-kept `govuk-bank-holidays`
# library ships it, read only from its bundled copy: comply never fetches it (a test runs with the
# network refused). A due date counted across a day after the list's last year is provisional: a bank
# holiday not yet announced could move it, and the account says so.

#: which way a period is counted from its event: forward after it, or backward before it
Way = Literal["after", "before"]
#: what a period counts: every day, or working days only
DayUnit = Literal["days", "working_days"]
#: how a due date that falls on a non-working day is read (`non_working_day:`): the day itself, or
#: moved to the previous or the next working day
NonWorkingDay = Literal["as_is", "previous_working_day", "next_working_day"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class HolidayList:
    """A list of bank holidays: {day: title}, the years it covers (`first` to `last`, whole years) and
    its name in words for an account ("GOV.UK bank holidays, England and Wales, 2012 to 2028")."""

    days: dict[dt.date, str]
    first: dt.date
    last: dt.date
    source: str

    @property
    def name(self) -> str:
        return f"{self.source}, to {day_words(self.last)}"

    def covers(self, day: dt.date) -> bool:
        """Whether the list is known to hold every bank holiday of the day's year."""
        return self.first <= day <= self.last


@functools.cache
def bank_holidays() -> HolidayList:
    """England and Wales bank holidays from the bundled copy of GOV.UK's list that `govuk-bank-holidays`
    ships (the file its `BankHolidays(use_cached_holidays=True)`, the library's own switch for never
    downloading, reads). Read here as that method reads it, the `england-and-wales` division's events, without
    importing the library's module: it imports `requests` for the download comply never makes, 0.1 s of every
    command's start (docs/performance.md "Where people wait"). Whole years from the first listed holiday's to
    the last's. Cached: read once per process."""
    listed = json.loads((resources.files("govuk_bank_holidays") / "bank-holidays.json").read_text(encoding="utf-8"))
    days = {dt.date.fromisoformat(h["date"]): str(h["title"]) for h in listed["england-and-wales"]["events"]}
    first, last = min(days), max(days)
    return HolidayList(
        days,
        dt.date(first.year, 1, 1),
        dt.date(last.year, 12, 31),
        "GOV.UK list of bank holidays, England and Wales, as govuk-bank-holidays ships it",
    )


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday, a Sunday or a listed England and Wales bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays().days


def non_working_words(day: dt.date) -> str | None:
    """Why a day is not a working day ('a Saturday', 'Good Friday, a bank holiday in England and Wales'),
    or None for a working day."""
    if day.weekday() >= 5:
        return f"a {_WEEKDAYS[day.weekday()]}"
    title = bank_holidays().days.get(day)
    return f"{title}, a bank holiday in England and Wales" if title else None


def step_working_day(day: dt.date, sign: int) -> dt.date:
    """The working day after (sign=1) or before (sign=-1) a day, not counting the day itself."""
    day += dt.timedelta(days=sign)
    while not is_working_day(day):
        day += dt.timedelta(days=sign)
    return day


def count_days(day: dt.date, n: int, unit: DayUnit, way: Way) -> dt.date:
    """The n-th day (or working day) after or before `day`, the day itself not counted (n >= 0; n = 0
    is the day itself)."""
    if unit == "days":
        return day + dt.timedelta(days=n if way == "after" else -n)
    sign = 1 if way == "after" else -1
    for _ in range(n):
        day = step_working_day(day, sign)
    return day


#: the working days before a due day at which people are reminded, widest first: the owners' reminder emails
#: (engine/operations/reminders.py) and the calendar feed's alarms (engine/outputs/ics.py) count the same way
REMINDER_WORKING_DAYS: tuple[int, ...] = (30, 7, 1)


def reminder_day(due_day: dt.date, n: int) -> dt.date:
    """The day on which a duty due on `due_day` is `n` working days away: the n-th working day before it, the
    due day itself not counted (weekends and England and Wales bank holidays skipped). It is the first day on
    which the owners' reminders count the duty as "due within n working days" (for a due day that is a working
    day, `count_days(reminder_day(d, n), n, "working_days", "after") == d`)."""
    return count_days(due_day, n, "working_days", "before")


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '5th', '11th', '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def period_words(n: int, unit: DayUnit, clear: bool) -> str:
    """'28 days', '5 clear working days'."""
    noun = "working day" if unit == "working_days" else "day"
    return f"{n} {'clear ' if clear else ''}{noun}{'s' if n != 1 else ''}"


def due_around_event(
    event: DateTime, event_words: str, n: int, unit: DayUnit, clear: bool, way: Way, what: str = "due"
) -> Due:
    """A period of n days or working days after or before an event at the instant `event`, to the end of
    the day it ends on, with its account.

    The day of the event is never counted. Plain: the day of the act counts, so 28 days before a decision
    on 19 December 2018 ends on 21 November 2018 (notice due by its end); clear: the day of the act does
    not count either, so the act must fall one day further out (5 clear working days before a meeting on
    a Thursday: the fifth working day before it is the Thursday before, so the papers are due by the end
    of the Wednesday). Working days skip weekends and England and Wales bank holidays (`bank_holidays`);
    a count that crosses a day after the list's last year is provisional (`Due.provisional`), as the
    account says."""
    local_event = event.in_timezone(LONDON)
    day = dt.date(local_event.year, local_event.month, local_event.day)
    counted = count_days(day, n, unit, way)
    limit = counted + dt.timedelta(days=(1 if way == "after" else -1) if clear else 0)
    steps = [f"{event_words}: {human(event)}"]
    words = period_words(n, unit, clear)
    if clear:
        steps.append(
            f"{words} {way} it: neither the day of the event nor the day of the act is counted: the "
            f"{ordinal(n)} {'working ' if unit == 'working_days' else ''}day {way} it is {day_words(counted)}, so "
            f"the act must fall by {day_words(limit)}"
            if way == "before"
            else f"{words} {way} it: neither the day of the event nor the day of the act is counted: the "
            f"{ordinal(n)} {'working ' if unit == 'working_days' else ''}day after it is {day_words(counted)}, "
            f"so the act may fall as late as {day_words(limit)}"
        )
    else:
        steps.append(f"{words} {way} it, the day of the event not counted: {day_words(limit)}")
    lo, hi = sorted((day, limit))
    holidays = bank_holidays()
    if unit == "working_days":
        skipped = [f"{day_words(d)} ({holidays.days[d]})" for d in sorted(holidays.days) if lo < d < hi or d == limit]
        if skipped:
            steps.append(
                f"{' and '.join(skipped)} {'is a bank holiday' if len(skipped) == 1 else 'are bank holidays'} "
                f"and not counted ({holidays.name})"
            )
        else:
            steps.append(f"no bank holiday in between ({holidays.name}); weekends are not counted")
    provisional = unit == "working_days" and not (holidays.covers(lo) and holidays.covers(hi))
    if provisional:
        steps.append(
            f"provisional: the count runs outside {day_words(holidays.first)} to {day_words(holidays.last)}, "
            f"the years the {holidays.source} holds, so a bank holiday not yet listed could move it"
        )
    instant = end_of_day_instant(limit)
    steps.append(f"{what} by the end of {day_words(limit)}: {human(instant)} ({iso(instant)})")
    return Due(instant, tuple(steps), provisional=provisional)


def non_working_day(due: Due, reading: NonWorkingDay = "as_is") -> Due:
    """A due date that falls on a weekend or a bank holiday, said in its account and read as `reading`:
    the day itself (the default: nothing moves), or moved to the previous or the next working day at the
    same time of day. A due date on a working day is returned as it is; one in a year the bank-holiday
    list does not hold is said to be provisional when it is read by working days."""
    local_due = due.instant.in_timezone(LONDON)
    day = dt.date(local_due.year, local_due.month, local_due.day)
    why = non_working_words(day)
    holidays = bank_holidays()
    if why is None:
        if reading != "as_is" and not holidays.covers(day):
            return replace(
                due.then(
                    f"{day_words(day)} is a working day as far as {holidays.name} goes: provisional, a bank "
                    "holiday not yet listed could fall on it"
                ),
                provisional=True,
            )
        return due
    said = f"{day_words(day)} is {why}, not a working day"
    if reading == "as_is":
        return due.then(f"{said}; the due date is the day itself (non_working_day: as_is)")
    sign = -1 if reading == "previous_working_day" else 1
    moved_day = step_working_day(day, sign)
    moved = local(moved_day.year, moved_day.month, moved_day.day, local_due.hour, local_due.minute, local_due.second)
    which = "previous" if sign < 0 else "next"
    return replace(
        due.then(
            f"{said}: moved to the {which} working day, {day_words(moved_day)} (non_working_day: {reading}; "
            f"{holidays.name}); due {human(moved)} ({iso(moved)})",
            moved,
        ),
        provisional=due.provisional or not holidays.covers(moved_day),
    )


#: the readings of `non_working_day:` in words, for the documentation and the findings' readings
NON_WORKING_DAY_WORDS: dict[str, str] = {
    "as_is": "A due date that falls on a weekend or a bank holiday stays on that day (non_working_day: as_is); "
    "the explanation says it is not a working day.",
    "previous_working_day": "A due date that falls on a weekend or an England and Wales bank holiday is moved "
    "to the previous working day, at the same time of day (non_working_day: previous_working_day).",
    "next_working_day": "A due date that falls on a weekend or an England and Wales bank holiday is moved to "
    "the next working day, at the same time of day (non_working_day: next_working_day).",
}
