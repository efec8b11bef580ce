"""Recorded decisions as the subject of a duty: which decisions a clause judges, and how each reads.

Why one module: two kinds judge recorded decisions (engine.model.facts.Decision), `transferred_function`
(who may take a decision in a function) and `prior_agreement` (whose agreement it needs first). Both
pick the same decisions (taken in one of the clause's functions, or in a function the record does not
name, while the clause applies and the direction binds, before the as-of instant), judge each at the
instant it was taken and name it in the same words; both are written here once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from engine.core import calendar, ids
from engine.core.calendar import FOREVER, Due
from engine.kinds import evidence
from engine.kinds.base import Context, Problem, RuleKind
from engine.model import facts as F
from engine.model.specs import Day, Slug

if TYPE_CHECKING:
    from engine.directions.model import Direction

__all__ = [
    "FunctionSpan",
    "decision_words",
    "decision_due",
    "decisions_judged",
    "span_words",
    "span_problems",
    "decision_fact_id",
]


class FunctionSpan(RuleKind):
    """The fields both decision kinds share (a base, not a kind of its own): the functions (or decision
    areas) the clause covers, from when (a day, or the direction's date) and until when (the last day,
    inclusive; none: while the direction binds), and the reading of any open point in words."""

    functions: list[Slug] = Field(min_length=1)
    start: Day | Literal["direction_date"] = Field("direction_date", alias="from")
    until: Day | None = None
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("decisions", "coverage", "direction_status")
    answered_by: ClassVar[str] = "decision"

    def problems(self, direction: Direction) -> list[Problem]:
        """`until` before the span starts, or `from` before the direction's date, is refused."""
        return span_problems(self, direction.date, direction.in_force.start)


def _first_day(rule: FunctionSpan, ctx_date: dt.date) -> dt.date:
    return ctx_date if rule.start == "direction_date" else rule.start  # type: ignore[return-value]


def span_words(rule: FunctionSpan, direction_date: dt.date) -> str:
    """'from 1 December 2014 (the direction's date) to the end of 31 March 2016' in words."""
    first = _first_day(rule, direction_date)
    start = f"from {calendar.day_words(first)}" + (" (the direction's date)" if rule.start == "direction_date" else "")
    return start + (f" to the end of {calendar.day_words(rule.until)}" if rule.until else "")


def span_problems(rule: FunctionSpan, direction_date: dt.date, in_force_start: dt.date) -> list[Problem]:
    """`until` before `from`, or a `from` before the direction's date, is refused (as (loc, message))."""
    first = _first_day(rule, direction_date)
    out: list[Problem] = []
    if rule.start != "direction_date" and first < direction_date:
        out.append(
            (("from",), f"{calendar.day_words(first)} is before the direction's date "
             f"({calendar.day_words(direction_date)}): expected a day on or after it, or direction_date")
        )  # fmt: skip
    if rule.until is not None and rule.until < max(first, in_force_start):
        out.append(
            (("until",), f"{calendar.day_words(rule.until)} is before the span starts "
             f"({calendar.day_words(max(first, in_force_start))}): expected the last day on or after it")
        )  # fmt: skip
    return out


def decision_words(d: F.Decision) -> str:
    """A decision named for a finding: 'Decision Log No. 15 (imd-15-2017), "Grants to ...", taken by
    mayor (john-biggs) in grant-making at 10:00 GMT on 5 January 2015 [source: ...]'."""
    ref = f"{d.reference} ({d.key})" if d.reference else d.key
    by = d.decided_by or "a capacity not recorded"
    who = f" ({d.decider})" if d.decider else ""
    fn = f"in {d.function}" if d.function else "in a function not recorded"
    agreed = ""
    if d.agreed_by:
        agreed = f", with the agreement of {d.agreed_by}" + (
            f" given {calendar.human(d.agreed_at)}" if d.agreed_at else " (when given not recorded)"
        )
    return (
        f"{ref}, \u201c{d.what}\u201d, taken by {by}{who} {fn} at {calendar.human(d.decided_at)}{agreed}"
        + evidence.source_words(d.source)
    )


def decision_due(d: F.Decision) -> Due:
    """A duty about a decision is due at the instant it was taken, with how that was found."""
    return Due(
        d.decided_at,
        (
            f"the decision {decision_words(d)}",
            "a duty about a decision is judged at the instant it was taken",
            f"due {calendar.human(d.decided_at)} ({calendar.iso(d.decided_at)})",
        ),
    )


def decisions_judged(ctx: Context, rule: FunctionSpan) -> Iterator[F.Decision]:
    """The recorded decisions a clause judges: taken before the as-of instant, on or after the span's
    first day and the direction's first day in force, by the end of `until` and of the direction's own
    end, at an instant the direction binds (not in a revocation's gap nor after a new version took its
    place), in one of the rule's functions or in a function the record does not name."""
    first = calendar.start_of_day_instant(_first_day(rule, ctx.direction.date)).int_timestamp
    last = calendar.end_of_day_instant(rule.until).int_timestamp if rule.until else FOREVER
    for d in ctx.state.decisions:
        t = d.decided_at.int_timestamp
        if d.decided_at >= ctx.as_of or t < max(first, ctx.start) or t > min(last, ctx.direction.end_instant()):
            continue
        if ctx.ends_for(t) < t:  # the direction did not bind at that instant
            continue
        if d.function is None or d.function in rule.functions:
            yield d


def decision_fact_id(d: F.Decision) -> str:
    """The store id the finding cites: `decision:<key>`."""
    return ids.fact_id("decisions", {"key": d.key})
