"""`transferred_function`: functions exercisable only by named persons (commissioners) from a date,
until they are returned.

    rule:
      kind: transferred_function
      functions: [grant-making, electoral-registration]   # function slugs, as decisions record them
      to: [commissioner]                  # the capacities (role slugs) that alone may exercise them
      from: 2014-12-17                    # optional: a day, or direction_date (the default)
      until: 2016-03-31                   # optional: the last day they stay transferred (inclusive)
      reading: "..."

One obligation per recorded decision taken in one of the functions (or in a function the record does
not name) from `from` to the end of `until`, while the direction binds, before the as-of instant: due
at the instant it was taken, met when it was taken in one of the `to` capacities (the decision's
`decided_by`), breached when taken in another, unknown when who decided or the function is not
recorded (or the decisions are not known complete: coverage subject, the clause id). A function
handed back to the council is written by variation: a new version of the direction file whose clause
gives `until` for the functions returned (directions/README.md, Variations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

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
from engine.model.specs import Slug

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class TransferredFunction(FunctionSpan):
    """Functions exercisable only by the named capacities from a date until a return: every recorded
    decision in them must have been taken in one of those capacities."""

    kind: Literal["transferred_function"]
    to: list[Slug] = Field(min_length=1)

    def computed_readings(self) -> list[str]:
        return [
            "Each recorded decision in one of the functions is judged at the instant it was taken: met when taken "
            f"by {_either(self.to)} (the decision's decided_by), breached when taken by anyone else; unknown when "
            "who decided, or the function, is not recorded (to).",
            "`until` is the last day the functions stay transferred: a decision on the day after it is the "
            "council's own again (until)."
            if self.until
            else "The functions stay transferred while the direction binds (no until).",
        ]

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        obs, evs = [], []
        for d in decisions_judged(ctx, self):
            t = d.decided_at.int_timestamp
            match = f"{cid}#{d.key}:by-allowed"
            if d.decided_by is None:
                certain, why = False, "the record does not say in which capacity the decision was taken"
            elif d.function is None:
                certain, why = (
                    False,
                    (
                        "the record does not say in which function the decision was taken, so it is not known "
                        "whether it was a transferred function"
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
                    late_until=t,
                    certain=certain,
                    certain_why=why,
                    readings=self.rule_readings(),
                    expects=f"the decision {d.key} taken by {_either(self.to)}, to whom "
                    f"{_functions(self.functions)} {'is' if len(self.functions) == 1 else 'are'} transferred"
                    + (
                        f" (the record says it was taken by {d.decided_by})"
                        if d.decided_by not in (None, *self.to)
                        else ""
                    ),
                )
            )
            if d.decided_by in self.to:
                evs.append(
                    Evidence.event(f"{match}:{t}", match, t, decision_fact_id(d), f"the decision {decision_words(d)}")
                )
        return obs, evs

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        return Reading(
            [
                f"{_functions(self.functions).capitalize()} may be exercised only by {_either(self.to)}, "
                f"{span_words(self, ctx.direction.date)}; each recorded decision in "
                f"{'it' if len(self.functions) == 1 else 'them'} is checked at the instant it was taken, while "
                f"the direction is in force ({ctx.direction.in_force_words()})."
            ],
            readings=self.rule_readings(),
        )


def _either(roles: list[str]) -> str:
    return " or ".join(quoted(r) for r in roles)


def _functions(functions: list[str]) -> str:
    names = ", ".join(quoted(f) for f in functions)
    return f"the function{'s' if len(functions) != 1 else ''} {names}"
