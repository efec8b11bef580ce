"""`prior_agreement`: decisions in some functions (or areas) need someone's agreement before they are taken.

    rule:
      kind: prior_agreement
      functions: [statutory-officer-appointments]   # function or decision-area slugs, as decisions record them
      agreement_of: commissioner                   # whose agreement (a role slug)
      from: direction_date                         # optional: a day, or direction_date (the default)
      until: 2019-11-30                            # optional: the last day it applies (inclusive)
      reading: "..."

One obligation per recorded decision taken in one of the functions (or in a function the record does
not name) from `from` to the end of `until`, while the direction binds, before the as-of instant: due
at the instant it was taken. Met when the decision records the agreement of `agreement_of` given at
or before that instant (or was taken by `agreement_of` itself); breached when it records none (and the
decisions are known complete: coverage subject, the clause id) or an agreement given after it (an
agreement after the decision is not a prior agreement); unknown when the agreement is recorded without
when it was given, or the function is not recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from engine.core import calendar
from engine.core.calendar import FOREVER
from engine.kinds.base import Context, Evidence, Obligation, Reading, quoted
from engine.kinds.decisions import (
    FunctionSpan,
    decision_due,
    decision_fact_id,
    decision_words,
    decisions_judged,
    span_words,
)
from engine.kinds.registry import register
from engine.model import facts as F
from engine.model.specs import Slug

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class PriorAgreement(FunctionSpan):
    """Decisions in the functions need the prior agreement of a role: each recorded decision must record
    that agreement, given at or before the instant the decision was taken."""

    kind: Literal["prior_agreement"]
    agreement_of: Slug

    def computed_readings(self) -> list[str]:
        who = quoted(self.agreement_of)
        return [
            f"Each recorded decision in one of the functions is judged at the instant it was taken: met when it "
            f"records the agreement of {who} given at or before that instant, or was taken by {who}; an "
            "agreement given after the decision does not count; unknown when the agreement is recorded without "
            "when it was given, or the function is not recorded (agreement_of)."
        ]

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        obs, evs = [], []
        for d in decisions_judged(ctx, self):
            t = d.decided_at.int_timestamp
            match = f"{cid}#{d.key}:agreed"
            if d.function is None:
                certain, why = (
                    False,
                    (
                        "the record does not say in which function the decision was taken, so it is not known "
                        "whether it needed the agreement"
                    ),
                )
            else:
                certain, why = ctx.certain(cid, t)
            obs.append(
                ctx.obligation(
                    clause,
                    d.key,
                    label=f"decision {d.reference or d.key}",
                    match=match,
                    due=decision_due(d),
                    at_instant=True,
                    late_until=t,  # an agreement after the decision is not a prior agreement
                    certain=certain,
                    certain_why=why,
                    readings=self.rule_readings(),
                    expects=f"the agreement of {self.agreement_of} to the decision {d.key}, given by "
                    f"{calendar.human(d.decided_at)}{_recorded(d, self.agreement_of)}",
                )
            )
            words = f"the decision {decision_words(d)}"
            if d.decided_by == self.agreement_of:
                evs.append(Evidence.event(f"{match}:by:{t}", match, t, decision_fact_id(d), words))
            elif d.agreed_by == self.agreement_of and d.agreed_at is not None:
                at = d.agreed_at.int_timestamp
                evs.append(Evidence.event(f"{match}:{at}", match, at, decision_fact_id(d), words))
            elif d.agreed_by == self.agreement_of:  # agreed, but when is not recorded: in time or not
                evs.append(
                    Evidence(
                        ek=f"{match}:unknown-time",
                        match=match,
                        earliest=0,
                        latest=FOREVER,
                        facts=[decision_fact_id(d)],
                        words=words + " (when the agreement was given is not recorded)",
                    )
                )
        return obs, evs

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        names = ", ".join(quoted(f) for f in self.functions)
        return Reading(
            [
                f"A decision in {names} needs the agreement of {quoted(self.agreement_of)} before it is taken, "
                f"{span_words(self, ctx.direction.date)}; each recorded decision is checked at the instant it "
                f"was taken, while the direction is in force ({ctx.direction.in_force_words()})."
            ],
            readings=self.rule_readings(),
        )


def _recorded(d: F.Decision, role: str) -> str:
    """What the record says of the agreement, where that is not what the duty needs, in words."""
    if d.agreed_by is None:
        return " (the record gives no agreement)"
    if d.agreed_by != role:
        return f" (the record gives the agreement of {d.agreed_by}, not of {role})"
    if d.agreed_at is not None and d.agreed_at > d.decided_at:
        return (
            f" (the record gives the agreement at {calendar.human(d.agreed_at)}, after the decision: "
            "not a prior agreement)"
        )
    return ""
