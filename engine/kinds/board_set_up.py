"""`board_set_up`: a board must be set up by a date; its first meeting proves it.

    rule:
      kind: board_set_up
      board: bvib
      due: {after: {months: 3}}       # a DueSpec, like a deadline's
      reading: "..."

Why a kind of its own: "set up a new Board" is a duty, and without an obligation of its own a
board that was never set up would be invisible (every other duty about a board attaches to its
meetings, so a board that never meets produces no finding at all). One obligation: met by the
board's first held meeting on or after the direction's date, met late by one after the due date;
with no meeting, breached once the records of the board's meetings are complete (coverage subject
`meetings:<board>`), unknown before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar, ids
from engine.kinds import evidence
from engine.kinds.base import (
    Context,
    Evidence,
    Obligation,
    Occurrence,
    Problem,
    Reading,
    RuleKind,
    due_problems,
    quoted,
)
from engine.kinds.registry import register
from engine.model.specs import DueSpec, Slug

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction


@register
class BoardSetUp(RuleKind):
    """A board must be set up by a due date, proven by its first meeting held."""

    kind: Literal["board_set_up"]
    board: Slug
    due: DueSpec
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("boards", "meetings", "coverage", "direction_status")
    answered_by: ClassVar[str] = "meeting"

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        board = ctx.board_name(self.board)
        due = ctx.due_spec(self.due)
        certain, why = ctx.certain(ids.meetings_subject(self.board), due.epoch)
        ob = ctx.obligation(
            clause,
            "set-up",
            label=f"the {board} set up",
            match=f"meeting:{self.board}",
            opens=calendar.start_of_day_instant(ctx.direction.date).int_timestamp,
            due=due,
            certain=certain,
            certain_why=why,
            readings=([self.due.reading] if self.due.reading else []) + self.rule_readings(),
            expects=f"a first meeting of the {board} held by {calendar.human(due.instant)}",
        )
        return [ob], evidence.meetings(ctx, self.board, public=False)

    def problems(self, direction: Direction) -> list[Problem]:
        """A due date before the direction's date or after its end is refused."""
        return due_problems(direction, self.due, ("due",), "the board's set-up date")

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        due = ctx.due_spec(self.due)
        return Reading(
            [
                f"The board {quoted(self.board)} is set up by {calendar.human(due.instant)}: its first meeting "
                "held on or after the direction's date proves it (a later first meeting is met late; none at all "
                "is a breach once the records of its meetings are complete)."
            ],
            [Occurrence.of("set up", due)],
            readings=([self.due.reading] if self.due.reading else []) + self.rule_readings(),
        )
