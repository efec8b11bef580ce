"""`request_response`: each recorded request of a type must be answered within a period.

    rule:
      kind: request_response
      request_type: information          # the `type` of the recorded requests
      within: {days: 10}                 # "within 10 days of" the request
      counting: end_of_last_day          # optional: the day of the request not counted, to the end of the
                                         # last day; or same_time (the same wall-clock time 10 days later)
      late_evidence: counts              # optional: or not_counted, or {within: {days: 14}}
      reading: "..."

One obligation per request of the type made while the direction binds; evidence: the responses
recorded to it. Coverage subject: the clause id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar, ids
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Reading, RuleKind, quoted
from engine.kinds.registry import register
from engine.model.specs import (
    COUNTING_PHRASES,
    LATE_EVIDENCE_PHRASES,
    Counting,
    LateEvidence,
    PeriodSpec,
    Slug,
    counting_words,
    late_until,
    late_words,
)

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class RequestResponse(RuleKind):
    """Each recorded request of a type must be answered within a period."""

    kind: Literal["request_response"]
    request_type: Slug
    within: PeriodSpec
    counting: Counting = "end_of_last_day"
    late_evidence: LateEvidence = "counts"
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("requests", "responses", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {**COUNTING_PHRASES, **LATE_EVIDENCE_PHRASES}
    answered_by: ClassVar[str] = "response"

    def computed_readings(self) -> list[str]:
        return [
            counting_words(self.counting, self.within.period(), "the request being made"),
            late_words(self.late_evidence),
        ]

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        obs, evs = [], []
        cid = ctx.direction.clause_id(clause)
        for rq in ctx.state.requests:
            if rq.type != self.request_type or calendar.epoch(rq.made_at) < ctx.start:
                continue
            due = calendar.due_after_event(
                rq.made_at, f"the request {rq.key} was made", self.within.period(), self.counting
            )
            certain, why = ctx.certain(cid, due.epoch)
            obs.append(
                ctx.obligation(
                    clause,
                    rq.key,
                    label=f"request {rq.key}",
                    match=f"response:{rq.key}",
                    opens=calendar.epoch(rq.made_at),
                    due=due,
                    late_until=late_until(self.late_evidence, due),
                    certain=certain,
                    certain_why=why,
                    readings=self.rule_readings(),
                    expects=f"a response to the request {rq.key} within {self.within.period().words()}",
                )
            )
        for rs in ctx.state.responses:
            t = calendar.epoch(rs.responded_at)
            words = f"a response to {rs.request} at {calendar.human(rs.responded_at)}" + evidence.source_words(
                rs.source
            )
            evs.append(
                Evidence.event(
                    f"response:{rs.request}:{t}", f"response:{rs.request}", t, ids.request_id(rs.request), words
                )
            )
        return obs, evs

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        return Reading(
            [
                f"Each recorded request of the type {quoted(self.request_type)} is answered (a recorded response) "
                f"within {self.within.period().words()} of when it was made; "
                f"requests made while the direction is in force ({ctx.direction.in_force_words()})."
            ],
            readings=self.rule_readings(),
        )
