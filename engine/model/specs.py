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

__all__ = ["Slug", "Day", "Instant", "Strict", "Source", "PeriodSpec", "TimeOfDay", "DueSpec", "DutyHolder"]

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

    months: int = 0
    weeks: int = 0
    days: int = 0

    @model_validator(mode="after")
    def _not_empty(self) -> PeriodSpec:
        if self.months < 0 or self.weeks < 0 or self.days < 0 or not (self.months or self.weeks or self.days):
            raise InputError("a period needs a positive number of months, weeks or days")
        return self

    def period(self) -> calendar.Period:
        """The same length as a calendar.Period, for the date arithmetic."""
        return calendar.Period(self.months, self.weeks, self.days)


#: 'end_of_day', 'start_of_day' or a 24-hour HH:MM, London wall-clock time
TimeOfDay = Annotated[str, Field(pattern=r"^(end_of_day|start_of_day|([01]\d|2[0-3]):[0-5]\d)$")]


class DueSpec(Strict):
    """A due date: either a fixed `date`, or `after` a period `from` the direction date.

    `time` is 'end_of_day' (the default: "by <date>" means the whole day), 'start_of_day' or HH:MM.
    """

    date: Day | None = None
    after: PeriodSpec | None = None
    # what `after` counts from: the direction's date (the only anchor the seed directions use)
    start: Literal["direction_date"] = Field("direction_date", alias="from")
    time: TimeOfDay = "end_of_day"
    reading: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_of(self) -> DueSpec:
        if (self.date is None) == (self.after is None):
            raise InputError("give exactly one of `date` (a fixed day) or `after` (a period from the direction date)")
        return self


class DutyHolder(Strict):
    """Whose duty it is. A third party's duty (the Intervention Adviser's reviews) is tracked as an
    expected event, and findings say it was theirs, not the council's."""

    kind: Literal["council", "role", "third_party"]
    name: str
