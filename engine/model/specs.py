"""The small shapes every direction file is built from: slugs, sources, periods, due dates, duty holders.

Why a module of their own: the rule kinds (`engine/kinds/`) and the direction model
(`engine/directions/`) both use them, and the kinds sit below the direction model (a direction's
clause validates against the union of the registered kinds). They are pydantic models, frozen and
strict: a misspelt field is an error naming its line, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pendulum import DateTime
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from engine.core import calendar, dates
from engine.core.errors import InputError

__all__ = [
    "Slug",
    "Day",
    "Instant",
    "Strict",
    "Source",
    "PeriodSpec",
    "TimeOfDay",
    "DueSpec",
    "SpanLength",
    "UntilSpan",
    "DutyHolder",
    "Counting",
    "counting_words",
    "LateWithin",
    "LateEvidence",
    "late_until",
    "late_words",
]

#: a key as directions and facts write it: lower case, digits, dots and hyphens ("bv-2017", "csib")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")]

#: a calendar day in a direction or fact file, read by engine.core.dates.read_date (the one door:
#: ISO or British day-first forms, 1900-2200; an error gives what was given and what is read)
Day = Annotated[dt.date, BeforeValidator(dates.read_date)]

#: an instant in a fact file or option, read by engine.core.dates.read_instant: London wall-clock
#: time unless it carries an offset; a time at a clock change that needs an offset is refused
Instant = Annotated[DateTime, BeforeValidator(dates.read_instant)]


class Strict(BaseModel):
    """A frozen model that refuses unknown fields (a misspelt field is an error, never ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where the clause's words come from: a seed paper and its section or paragraph."""

    file: str
    section: str

    def words(self) -> str:
        """'004_52c33124d78cd148.txt, report para 1.2, first bullet'."""
        return f"{self.file}, {self.section}"


class PeriodSpec(Strict):
    """A length of calendar time in a direction file: months (calendar months), weeks and days."""

    months: int = Field(0, le=1200)  # at most a hundred years each: no due date can leave engine.core.dates' years
    weeks: int = Field(0, le=5218)
    days: int = Field(0, le=36525)

    @model_validator(mode="after")
    def _not_empty(self) -> PeriodSpec:
        if self.months < 0 or self.weeks < 0 or self.days < 0 or not (self.months or self.weeks or self.days):
            raise InputError("a period needs a positive number of months, weeks or days")
        return self

    def period(self) -> calendar.Period:
        """The same length as a calendar.Period, for the date arithmetic."""
        return calendar.Period(self.months, self.weeks, self.days)


class SpanLength(Strict):
    """A length of calendar time written as the text writes it: years, months, weeks and days ("five
    years", "a day"). A year is 12 calendar months."""

    years: int = Field(0, ge=0, le=100)
    months: int = Field(0, ge=0, le=1200)
    weeks: int = Field(0, ge=0, le=5218)
    days: int = Field(0, ge=0, le=36525)

    @model_validator(mode="after")
    def _not_empty(self) -> SpanLength:
        if not (self.years or self.months or self.weeks or self.days):
            raise InputError("a length needs a positive number of years, months, weeks or days")
        return self

    def period(self) -> calendar.Period:
        """The same length as a calendar.Period (years as 12 months each)."""
        return calendar.Period(12 * self.years + self.months, self.weeks, self.days)

    def words(self) -> str:
        """'5 years', '1 day', '2 years and 6 calendar months'."""
        parts = [f"{self.years} year{'s' if self.years != 1 else ''}"] if self.years else []
        rest = calendar.Period(self.months, self.weeks, self.days)
        return " and ".join(parts + ([rest.words()] if rest != calendar.Period() else []))


class UntilSpan(Strict):
    """An end of force written as a span from the direction's date: "for a period of five years less a
    day from the date of these directions" is `{after: {years: 5}, less: {days: 1}, from: direction_date}`.
    The last day in force is computed (engine.core.calendar.span_end) and shown in words."""

    after: SpanLength
    less: SpanLength | None = None
    start: Literal["direction_date"] = Field("direction_date", alias="from")
    reading: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def last_day(self, direction_date: dt.date) -> dt.date:
        """The last day in force (inclusive) for a direction of `direction_date`."""
        return calendar.span_end(direction_date, self.after.period(), self.less.period() if self.less else None)

    def words(self) -> str:
        """'5 years less 1 day from the date of the direction'."""
        less = f" less {self.less.words()}" if self.less else ""
        return f"{self.after.words()}{less} from the date of the direction"


#: 'end_of_day', 'start_of_day' or a 24-hour HH:MM, London wall-clock time
TimeOfDay = Annotated[str, Field(pattern=r"^(end_of_day|start_of_day|([01]\d|2[0-3]):[0-5]\d)$")]


class DueSpec(Strict):
    """A due date: a fixed `date`, a day known only to a range (`between: [first, last]`, both days
    included: "by a day in June 2017"), or `after` a period `from` the direction date.

    `time` is 'end_of_day' (the default: "by <date>" means the whole day), 'start_of_day' or HH:MM.
    A range gives a due instant on its last day at the latest and on its first at the earliest
    (rules/obligations.py `due_earliest`).

    `non_working_day` reads a due date that falls on a weekend or an England and Wales bank holiday:
    'as_is' (the day itself; the explanation says it is not a working day), 'previous_working_day' or
    'next_working_day' (engine.core.calendar.non_working_day); None: as the rule says (as_is by default).
    """

    date: Day | None = None
    between: tuple[Day, Day] | None = None
    after: PeriodSpec | None = None
    # what `after` counts from: the direction's date (the only anchor the seed directions use)
    start: Literal["direction_date"] = Field("direction_date", alias="from")
    time: TimeOfDay = "end_of_day"
    non_working_day: calendar.NonWorkingDay | None = None
    reading: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_of(self) -> DueSpec:
        if sum(x is not None for x in (self.date, self.between, self.after)) != 1:
            raise InputError(
                "give exactly one of `date` (a fixed day), `between: [first, last]` (a day known only to a "
                "range) or `after` (a period from the direction date)"
            )
        if self.between is not None and self.between[1] < self.between[0]:
            raise InputError(
                f"between: the last day ({self.between[1].isoformat()}) is before the first "
                f"({self.between[0].isoformat()}): expected [first, last]"
            )
        return self


class DutyHolder(Strict):
    """Whose duty it is. A third party's duty (the Intervention Adviser's reviews) is tracked as an
    expected event, and findings say it was theirs, not the council's."""

    kind: Literal["council", "role", "third_party"]
    name: str


#: how scenarios name each reading of `non_working_day:` ("... is read with due dates on a non-working day moved
#: to the previous working day")
NON_WORKING_DAY_PHRASES: dict[str, tuple[str, str]] = {
    "due dates on a non-working day kept on that day": ("non_working_day", "as_is"),
    "due dates on a non-working day moved to the previous working day": ("non_working_day", "previous_working_day"),
    "due dates on a non-working day moved to the next working day": ("non_working_day", "next_working_day"),
}


def non_working_day_words(reading: calendar.NonWorkingDay) -> list[str]:
    """The computed reading of `non_working_day:` in words: none for the default (as_is: the explanation
    of each due date on a non-working day says so), a sentence for a move."""
    return [] if reading == "as_is" else [calendar.NON_WORKING_DAY_WORDS[reading]]


#: how a period after an event is counted, a rule's `counting:` (engine.core.calendar.due_after_event):
#: 'end_of_last_day' (the default, the usual UK reading of "within N days of an event": the day of
#: the event is not counted and the period ends at the end of its last day) or 'same_time' (the same
#: London wall-clock time once the period has passed)
Counting = Literal["end_of_last_day", "same_time"]

#: how scenarios name each reading of `counting:` ("... is read with periods counted to the same time of day"):
#: {words: (parameter, value)}; a kind that states the parameter lists these in its `reading_phrases`
COUNTING_PHRASES: dict[str, tuple[str, str]] = {
    "periods counted to the same time of day": ("counting", "same_time"),
    "periods counted to the end of their last day": ("counting", "end_of_last_day"),
}


def counting_words(counting: Counting, period: calendar.Period, event: str) -> str:
    """The computed reading of `counting:` in words, for the explanation and the documentation."""
    if counting == "end_of_last_day":
        return (
            f"Within {period.words()} of {event} (counting: end_of_last_day): the day of {event} is not "
            "counted, and the period ends at the end of its last day (23:59:59 London time)."
        )
    return (
        f"Within {period.words()} of {event} (counting: same_time): due at the same London wall-clock "
        f"time once {period.words()} have passed (across GMT and BST)."
    )


class LateWithin(Strict):
    """`late_evidence: {within: {days: 14}}`: evidence up to a period after the due time makes a duty
    met late; later evidence is as if there were none."""

    within: PeriodSpec


#: how long late evidence still makes a duty met late, a rule's `late_evidence:`: 'counts' (without
#: limit), 'not_counted' (evidence after the due time is as if there were none: the duty is
#: breached), or `{within: <period>}` (up to that period after the due time, on the wall clock)
LateEvidence = Literal["counts", "not_counted"] | LateWithin

#: how scenarios name the readings of `late_evidence:` that are words (a period is written as data)
LATE_EVIDENCE_PHRASES: dict[str, tuple[str, str]] = {
    "late evidence counted as met late": ("late_evidence", "counts"),
    "late evidence not counted": ("late_evidence", "not_counted"),
}


def late_until(late: LateEvidence, due: calendar.Due) -> int | None:
    """The last instant (epoch seconds) evidence makes a duty met late; None: without limit."""
    if late == "counts":
        return None
    if late == "not_counted":
        return due.epoch
    return due.instant.in_timezone(calendar.LONDON).add(**_kw(late.within.period())).int_timestamp


def _kw(period: calendar.Period) -> dict[str, int]:
    return {"months": period.months, "weeks": period.weeks, "days": period.days}


def late_words(late: LateEvidence) -> str:
    """The computed reading of `late_evidence:` in words."""
    if late == "counts":
        return "Evidence after the due time makes it met late, however late (late_evidence: counts)."
    if late == "not_counted":
        return (
            "Evidence after the due time does not count: a duty not done in time is breached "
            "(late_evidence: not_counted)."
        )
    return (
        f"Evidence up to {late.within.period().words()} after the due time makes it met late; later "
        f"evidence does not count (late_evidence: within {late.within.period().words()})."
    )
