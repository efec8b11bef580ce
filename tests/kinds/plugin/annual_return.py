"""`annual_return`: a rule kind kept outside comply, loaded as a plug-in (an example and a test fixture).

A return must be received once a year, by a given day and time, for every year the direction binds
after the year it was made. It shows the plug-in point: this one file is the whole kind (its YAML
shape, its obligations and evidence, its reading in words, what it reads and what answers it), and
comply loads it with

    COMPLY_KINDS=annual_return PYTHONPATH=tests/kinds/plugin comply check ...

A clause using it:

    rule:
      kind: annual_return
      month: 3
      day: 31
      time: "12:00"
      reading: "each year's return covers the year before; the first is due in the year after the direction"
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, model_validator

from engine.core import calendar
from engine.core.errors import InputError
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Occurrence, Reading, RuleKind
from engine.kinds.registry import register
from engine.model.specs import TimeOfDay

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class AnnualReturn(RuleKind):
    """A return received by `month`/`day` (at `time`, London) of every year after the direction's."""

    kind: Literal["annual_return"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    time: TimeOfDay = "end_of_day"
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("submissions", "coverage", "direction_status")
    answered_by: ClassVar[str] = "submission"

    @model_validator(mode="after")
    def _a_real_day(self) -> AnnualReturn:
        try:
            dt.date(2001, self.month, self.day)  # not a leap year: 29 February would vanish some years
        except ValueError:
            raise InputError(f"day {self.day} of month {self.month} is not a day of every year") from None
        return self

    def _dues(self, ctx: Context) -> list[calendar.Due]:
        out = []
        year = ctx.direction.date.year + 1
        while True:
            day = dt.date(year, self.month, self.day)
            due = calendar.due_on(day, self.time, f"the day of the year the direction gives, in {year}")
            if due.epoch > ctx.generate_until:
                return out
            out.append(due.then(f"occurrence {len(out) + 1}: the return for {year - 1}"))
            year += 1

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        obs = ctx.submission_duties(
            clause,
            self._dues(ctx),
            label=lambda n: f"return {n}",
            expects=lambda n, due: f"annual return {n} answering {cid}, received by {calendar.human(due.instant)}",
            readings=self.rule_readings(),
        )
        return obs, evidence.submissions(ctx, cid, None)

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        dues = self._dues(ctx)
        first = dt.date(2001, self.month, self.day)
        return Reading(
            [
                f"Annual return: one submission a year, received by {calendar.time_words(self.time)} on "
                f"{first.day} {calendar.MONTHS[first.month - 1]} of every year after the direction's "
                f"({ctx.direction.in_force_words()})."
            ],
            [Occurrence.of(f"return {n}", due) for n, due in enumerate(dues[:show], start=1)],
            readings=self.rule_readings(),
        )
