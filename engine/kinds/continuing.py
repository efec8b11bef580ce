"""`continuing`: a state that must hold over a span: "maintain a corporate plan", "implement the improvement plan".

    rule:
      kind: continuing
      holds_from: {date: 2017-07-31}          # the instant it must first hold (a due spec, as `deadline`'s `due`)
      what: an improvement plan adopted by the council   # in words: what must be in effect
      reading: "..."                          # optional: how an open point of the text was read

Evidence: the adoptions answering the clause (engine.model.facts.Adoption), each in effect from its
`adopted_at` until the instant before its `withdrawn_at` (or for good). Obligations:

- **held from the start** (`<clause id>#held`): due at `holds_from`; met when an adoption in effect then
  covers it, met late when the first adoption came after, breached (or unknown, where the records are
  not known to be complete) when there is none;
- **held again** (`<clause id>#again-after-<adoption key>`), one for each adoption withdrawn before the
  as-of instant, at or after `holds_from`, while the direction binds: due at the withdrawal; met when
  another adoption was in effect then (replaced, no lapse), met late when one was adopted later (the
  finding says how long the duty lapsed, in words), breached or unknown when none was.

A board that must meet at a frequency is also a continuing duty, and is the `meeting_frequency`
kind's. The statuses are the rules' (rules/obligations.py): the evidence of a state holds at the due
instant when it began by then and had not ended (`until >= due`). Coverage subject: the clause id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar, ids
from engine.core.calendar import FOREVER, Due
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Occurrence, Problem, Reading, RuleKind, due_problems
from engine.kinds.registry import register
from engine.model import facts as F
from engine.model.specs import DueSpec

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction

__all__ = ["Continuing", "lapse_words"]

#: the discriminator of the obligation that the state holds from the start
HELD = "held"


def lapse_words(seconds: int) -> str:
    """How long a state lapsed, in words: '3 weeks and 2 days', '5 hours', 'less than a minute'.
    `seconds` >= 0; weeks, days, hours and minutes, the two largest that are not zero."""
    units = (("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60))
    parts = []
    rest = seconds
    for name, size in units:
        n, rest = divmod(rest, size)
        if n:
            parts.append(f"{n} {name}{'s' if n != 1 else ''}")
    parts = parts[:2]
    return " and ".join(parts) if parts else "less than a minute"


@register
class Continuing(RuleKind):
    """A state that must hold from a due instant for as long as the direction binds: a plan adopted and
    not withdrawn. One obligation that it holds from the start, and one that it holds again after each
    withdrawal."""

    kind: Literal["continuing"]
    holds_from: DueSpec
    what: str
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("adoptions", "coverage", "direction_status")
    answered_by: ClassVar[str] = "adoption"

    def computed_readings(self) -> list[str]:
        return [
            "The duty continues while the direction binds: held from the due instant, and held again from each "
            "withdrawal of what was adopted (a plan replaced by another adopted at the same instant never lapses)."
        ]

    def _in_effect(self, a: F.Adoption) -> tuple[int, int, str]:
        """(from, until, words): an adoption in effect from its adoption to the instant before its withdrawal."""
        until = a.withdrawn_at.int_timestamp - 1 if a.withdrawn_at is not None else FOREVER
        span = f"adopted {calendar.human(a.adopted_at)}" + (
            f", withdrawn {calendar.human(a.withdrawn_at)}" if a.withdrawn_at is not None else ", not withdrawn"
        )
        return a.adopted_at.int_timestamp, until, f"{a.what} ({a.key}), {span}{evidence.source_words(a.source)}"

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        mine = [a for a in ctx.state.adoptions if a.clause == cid]
        due = ctx.due_spec(self.holds_from)
        certain, why = ctx.certain(cid, due.epoch)
        obs = [
            ctx.obligation(
                clause, HELD, label=f"held from {calendar.day_words(due.instant.date())}", match=f"{cid}#{HELD}", due=due,
                certain=certain, certain_why=why, readings=self.rule_readings(),
                expects=f"{self.what} in effect at {calendar.human(due.instant)} (an adoption answering {cid})",
            )
        ]  # fmt: skip
        evs = []
        for a in mine:
            start, until, words = self._in_effect(a)
            evs.append(
                Evidence.held(
                    f"{ids.adoption_id(a.key)}#{HELD}", f"{cid}#{HELD}", start, until, ids.adoption_id(a.key), words
                )
            )
        for a in mine:
            if a.withdrawn_at is None:
                continue
            w = a.withdrawn_at.int_timestamp
            if w < due.epoch or w < ctx.start or w > ctx.as_of.int_timestamp or ctx.ends_for(w) < w:
                continue  # before the duty began, not yet come, or when the direction did not bind (ended, revoked)
            disc = f"again-after-{a.key}"
            lapse_due = Due(
                a.withdrawn_at,
                (
                    f"{a.what} ({a.key}) was withdrawn at {calendar.human(a.withdrawn_at)}",
                    f"the duty continues while the direction binds ({ctx.direction.in_force_words()}): "
                    "it must hold again from that instant",
                ),
            )
            certain, why = ctx.certain(cid, w)
            obs.append(
                ctx.obligation(
                    clause, disc, label=f"held again after {calendar.human(a.withdrawn_at)}", match=f"{cid}#{disc}",
                    due=lapse_due, certain=certain, certain_why=why, readings=self.rule_readings(),
                    expects=f"{self.what} in effect again after {a.key} was withdrawn at "
                    f"{calendar.human(a.withdrawn_at)} (another adoption answering {cid})",
                )
            )  # fmt: skip
            others = [b for b in mine if b.key != a.key and (b.withdrawn_at is None or b.withdrawn_at > a.withdrawn_at)]
            covering = [b for b in others if b.adopted_at <= a.withdrawn_at]
            later = sorted((b for b in others if b.adopted_at > a.withdrawn_at), key=lambda b: (b.adopted_at, b.key))
            for b in covering + later[:1]:  # in effect at the withdrawal, or the first adopted after it
                start, until, words = self._in_effect(b)
                if b.adopted_at > a.withdrawn_at:
                    words += (
                        f"; {self.what} was not in effect for {lapse_words(start - w)}, from "
                        f"{calendar.human(a.withdrawn_at)} to {calendar.human(b.adopted_at)}"
                    )
                else:
                    words += f"; in effect when {a.key} was withdrawn, so the duty did not lapse"
                fid = ids.adoption_id(b.key)
                evs.append(Evidence.held(f"{fid}#{disc}", f"{cid}#{disc}", start, until, fid, words))
        return obs, evs

    def problems(self, direction: Direction) -> list[Problem]:
        """A start before the direction's date or after its end is refused."""
        return due_problems(direction, self.holds_from, ("holds_from",), "the start of the continuing duty")

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        due = ctx.due_spec(self.holds_from)
        readings = ([self.holds_from.reading] if self.holds_from.reading else []) + self.rule_readings()
        return Reading(
            [
                f"A continuing duty: {self.what} in effect from {calendar.human(due.instant)} for as long as the "
                f"direction binds ({ctx.direction.in_force_words()}), shown by an adoption answering this clause "
                "and not withdrawn. Each withdrawal while the direction binds is a lapse unless another adoption "
                "is in effect at that instant; a later adoption restores it (met late, with how long it lapsed)."
            ],
            [Occurrence.of("held from the start", due)],
            readings=readings,
        )
