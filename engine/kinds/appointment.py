"""`appointment`: a role must be a member of a board, from a fixed date or from the board's first
meeting after the person is named, and at every meeting after that.

    rule:
      kind: appointment
      board: csib
      role: intervention-adviser
      by: next_meeting_after_named       # or: date (with `date: 2017-09-01`)
      reading: "..."

One obligation per meeting of the board that has started by the as-of instant once the duty applies
(every such meeting, unknown, when the papers do not say when the person was named). Evidence: the
board's memberships in that capacity. Coverage subject: `memberships:<board>`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import model_validator

from engine.core import calendar, ids
from engine.core.errors import InputError
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Reading, RuleKind, quoted
from engine.kinds.registry import register
from engine.model.specs import Day, Slug

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class Appointment(RuleKind):
    """A role must be a member of a board: by a fixed date, or by the board's next meeting after
    the person is named; then at every later meeting of the board."""

    kind: Literal["appointment"]
    board: Slug
    role: Slug
    by: Literal["next_meeting_after_named", "date"]
    date: Day | None = None
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = (
        "boards",
        "meetings",
        "people",
        "roles",
        "memberships",
        "coverage",
        "direction_status",
    )
    answered_by: ClassVar[str] = "membership"

    def computed_readings(self) -> list[str]:
        if self.by == "date":
            return (
                [f"Owed at every meeting of the board on or after {calendar.day_words(self.date)} (by: date)."]
                if self.date
                else []
            )
        return [
            "Owed from the board's first meeting after the day the person is named to the role (the earliest "
            "`named_on`, or the role's `from`), and at every meeting after that (by: next_meeting_after_named)."
        ]

    @model_validator(mode="after")
    def _date_given(self) -> Appointment:
        if (self.by == "date") != (self.date is not None):
            raise InputError("`date` is required when `by: date`, and only then")
        return self

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        board = ctx.board_name(self.board)
        meetings = ctx.meetings_started(self.board)
        named = sorted(
            (r.named_on or r.start) for r in ctx.state.roles if r.role == self.role and (r.named_on or r.start)
        )
        subject = ids.memberships_subject(self.board)
        obs = []
        if self.by == "date":
            assert self.date is not None
            from_day, why_from = self.date, f"the date the direction gives, {calendar.day_words(self.date)}"
        elif named:
            from_day, why_from = named[0], f"the {self.role} was named on {calendar.day_words(named[0])}"
        else:
            from_day, why_from = None, f"the papers do not record when the {self.role} was named"
        if from_day is None:
            applicable = meetings
        elif self.by == "date":
            applicable = [mt for mt in meetings if mt.starts_at.date() >= from_day]
        else:
            applicable = [mt for mt in meetings if mt.starts_at.date() > from_day]
        for i, mt in enumerate(applicable):
            due = evidence.meeting_due(mt, board).then(
                ("the first meeting after " if i == 0 and self.by != "date" else "a meeting after ") + why_from
                if from_day
                else why_from
            )
            if from_day is None:
                certain, why = False, why_from + ", so it is not known whether the duty applied at this meeting"
            elif mt.status != "held":
                certain, why = False, f"the meeting is recorded as {mt.status}, not as held"
            else:
                certain, why = ctx.certain(subject, calendar.epoch(mt.starts_at))
            match = f"member:{self.board}:capacity:{self.role}" if mt.status == "held" else f"not-held:{mt.key}"
            obs.append(
                ctx.meeting_duty(
                    clause,
                    mt,
                    match=match,
                    due=due,
                    at_instant=True,
                    late_until=calendar.epoch(mt.starts_at),
                    certain=certain,
                    certain_why=why,
                    readings=self.rule_readings(),
                    expects=f"the {self.role} a member of the {board} at the meeting {mt.key}",
                )
            )
        return obs, evidence.memberships(ctx, self.board)

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        if self.by == "date":
            assert self.date is not None
            when = f"at every meeting of the board on or after {calendar.day_words(self.date)}"
        else:
            when = (
                "from the board's first meeting after the person is named to the role, and at every meeting after that"
            )
        return Reading(
            [
                f"A member of the board {quoted(self.board)} sits as {quoted(self.role)}: {when}; checked at each "
                f"meeting held while the direction is in force ({ctx.direction.in_force_words()})."
            ],
            readings=self.rule_readings(),
        )
