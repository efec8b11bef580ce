"""`expected_appointment`: a third party (the Secretary of State) is to appoint people to a role by a date.

    duty_holder: {kind: third_party, name: Secretary of State}
    rule:
      kind: expected_appointment
      role: commissioner                  # the role the appointees hold (RoleHeld.role)
      count: 3                            # optional: how many are to be appointed (default 1)
      due: {date: 2014-12-17}             # as a deadline's: a fixed day, or {after: ..., from: direction_date}
      late_evidence: counts               # optional: or not_counted, or {within: {days: 14}}
      reading: "..."

Named not to collide with `appointment` (a role's seat on a board). Obligations 1 to `count` (the
first appointee, the second, ...); evidence: the people recorded in the role, in the order they were
named (`named_on`, or the role's `from` where the papers do not say when the person was named), the
n-th person answering appointment n, known only to the day. An appointment after the due date makes
it met late (as `late_evidence` says); none breaches it once the records of the clause are complete
(coverage subject: the clause id), else it reads unknown. Findings say the duty was the third party's
(the clause's `duty_holder`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

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
from engine.model.specs import LATE_EVIDENCE_PHRASES, DueSpec, LateEvidence, Slug, late_until, late_words

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction

#: the most appointees one clause can expect (a board of commissioners, not a workforce)
MAX_COUNT = 50


@register
class ExpectedAppointment(RuleKind):
    """People are to be appointed to a role by a date (a third party's act, such as the Secretary of
    State appointing commissioners): one duty per appointee, answered by a role held, named by the date."""

    kind: Literal["expected_appointment"]
    role: Slug
    count: int = Field(1, ge=1, le=MAX_COUNT)
    due: DueSpec
    late_evidence: LateEvidence = "counts"
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("people", "roles", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {**LATE_EVIDENCE_PHRASES}
    answered_by: ClassVar[str] = "role"

    def computed_readings(self) -> list[str]:
        return [
            f"The people recorded in the role {quoted(self.role)} answer the appointments in the order they were "
            "named (named_on, else the role's from), known to the day; the n-th answers appointment n (count).",
            late_words(self.late_evidence),
        ]

    def _label(self, n: int) -> str:
        return "the appointment" if self.count == 1 else f"appointment {n} of {self.count}"

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        due = ctx.due_spec(self.due)
        obs = ctx.submission_duties(
            clause,
            [due] * self.count,
            label=self._label,
            expects=lambda n, due: (
                f"{'a' if self.count == 1 else f'the {_ordinal(n)}'} person named to the role "
                f"{self.role} by {calendar.human(due.instant)}"
            ),
            readings=self.rule_readings(),
            late=lambda due: late_until(self.late_evidence, due),
        )
        named: dict[str, tuple] = {}
        for r in ctx.state.roles:
            day = r.named_on or r.start
            if r.role != self.role or day is None:
                continue
            if r.person not in named or day < named[r.person][0]:
                named[r.person] = (day, r)
        order = sorted(named.items(), key=lambda kv: (kv[1][0], kv[0]))
        evs = []
        for n, (person, (day, r)) in enumerate(order[: self.count], start=1):
            who = ctx.state.person(person)
            how = "named" if r.named_on else "holding the role from"
            words = (
                f"{who.name if who else person} {how} {calendar.day_words(day)} as {self.role} "
                f"(the {_ordinal(n)} named){evidence.source_words(r.source)}"
            )
            fid = ids.role_id(person, self.role)
            evs.append(
                Evidence(
                    ek=f"{fid}:{cid}#{n}",
                    match=f"{cid}#{n}",
                    earliest=calendar.start_of_day_instant(day).int_timestamp,
                    latest=calendar.end_of_day_instant(day).int_timestamp,
                    facts=[fid],
                    words=words,
                )
            )
        return obs, evs

    def problems(self, direction: Direction) -> list[Problem]:
        """A due date before the direction's date or after its end is refused."""
        return due_problems(direction, self.due, ("due",), "the appointment's due date")

    def occurrences(self, direction: Direction, clause: Clause) -> int | None:
        """One per appointee."""
        return self.count

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        due = ctx.due_spec(self.due)
        who = "a person" if self.count == 1 else f"{self.count} people"
        readings = ([self.due.reading] if self.due.reading else []) + self.rule_readings()
        return Reading(
            [
                f"Expected appointment: {who} named to the role {quoted(self.role)} by "
                f"{calendar.human(due.instant)} (an act of {clause.duty_holder.name}, tracked as an expected event)."
            ],
            [Occurrence.of(self._label(n), due) for n in range(1, min(self.count, show) + 1)],
            readings=readings,
        )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
