"""`deadline`: a one-off deadline. A submission answering the clause must be received by a due date.

    rule:
      kind: deadline
      due: {date: 2018-08-01}                 # by 1 August 2018: the end of that day, London time
      non_working_day: as_is                  # optional: a due date on a weekend or bank holiday stays on that
                                              # day (said in the explanation), or previous_working_day,
                                              # next_working_day; the due spec may say it for itself
      # or: due: {after: {months: 3}, from: direction_date, time: "10:00", reading: "..."}
      late_evidence: counts                   # optional: or not_counted, or {within: {days: 14}}

One obligation (occurrence 1) per clause; evidence: the submissions naming the clause. A submission
received after the due time makes it met late (for as long as `late_evidence` says: by default without
limit); one known only within a window that straddles the
due time leaves it unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Occurrence, Problem, Reading, RuleKind, due_problems
from engine.kinds.registry import register
from engine.model.specs import (
    LATE_EVIDENCE_PHRASES,
    NON_WORKING_DAY_PHRASES,
    DueSpec,
    LateEvidence,
    late_until,
    late_words,
    non_working_day_words,
)

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction


@register
class Deadline(RuleKind):
    """One-off deadline: a submission answering this clause must be received by a due date."""

    kind: Literal["deadline"]
    due: DueSpec
    late_evidence: LateEvidence = "counts"
    non_working_day: calendar.NonWorkingDay = "as_is"

    reads: ClassVar[tuple[str, ...]] = ("submissions", "announcements", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {**LATE_EVIDENCE_PHRASES, **NON_WORKING_DAY_PHRASES}
    answered_by: ClassVar[str] = "submission"

    def computed_readings(self) -> list[str]:
        return non_working_day_words(self.due.non_working_day or self.non_working_day) + [
            late_words(self.late_evidence)
        ]

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        due = ctx.due_spec(self.due, non_working_day=self.non_working_day)
        (ob,) = ctx.submission_duties(
            clause,
            [due],
            label=lambda n: "the deadline",
            expects=lambda n, due: f"a submission answering {cid} received by {calendar.human(due.instant)}",
            readings=self.rule_readings(),
            late=lambda due: late_until(self.late_evidence, due),
        )
        return [ob], evidence.submissions(ctx, cid, 1)

    def problems(self, direction: Direction) -> list[Problem]:
        """A deadline before the direction's date or after its end is refused."""
        return due_problems(direction, self.due, ("due",), "the deadline")

    def occurrences(self, direction: Direction, clause: Clause) -> int | None:
        """One: the deadline."""
        return 1

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        due = ctx.due_spec(self.due, non_working_day=self.non_working_day)
        readings = ([self.due.reading] if self.due.reading else []) + self.rule_readings()
        return Reading(
            [f"Deadline: one submission answering this clause, received by {calendar.human(due.instant)}."],
            [Occurrence.of("the deadline", due)],
            readings=readings,
        )
