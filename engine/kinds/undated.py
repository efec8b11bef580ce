"""`undated`: a duty with no due date. A submission answering the clause is owed, but the text gives no date.

    rule:
      kind: undated
      owed: as_soon_as_practicable          # or: regularly, to_satisfaction, no_date
      since: {date: 2017-04-07}              # optional: when it became owed; default the start of the in-force period
      review_every: {months: 3}              # optional: how often to look at it again, shown in words only
      reading: "No date is given: ..."       # optional: the reading of the open point in words

Why a kind of its own: "as soon as practicable", "regularly", "to the Secretary of State's satisfaction"
or a one-off with no deadline cannot be written as a `deadline` without inventing a date. Such a duty is
`open` (issue 15 item 2) from when it became owed until a submission answering it arrives (then `met`;
there is no "late" without a due date), or `lapsed` when the direction stopped binding first. The
review prompt interval is a reading: it never makes the duty breached. A variation (a new version of the
file, `supersedes:`) can later give the duty a date by making the clause a `deadline`.

One obligation (occurrence 1) per clause, with no due date (`dated` 0 in rules/obligations.py: its `due`
is the instant it became owed); evidence: the submissions naming the clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar
from engine.core.calendar import Due
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Problem, Reading, RuleKind
from engine.kinds.registry import register
from engine.model.specs import Day, PeriodSpec, Strict

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction

#: `owed:` -> how the text puts it, in words
OWED_WORDS: dict[str, str] = {
    "as_soon_as_practicable": "as soon as practicable",
    "regularly": "regularly",
    "to_satisfaction": "to the satisfaction of the person named",
    "no_date": "with no date given",
}


class Since(Strict):
    """`since: {date: 2017-04-07}`: the day the duty became owed (from the start of that day, London)."""

    date: Day


@register
class Undated(RuleKind):
    """A duty with no due date: open until a submission answering the clause arrives."""

    kind: Literal["undated"]
    owed: Literal["as_soon_as_practicable", "regularly", "to_satisfaction", "no_date"]
    since: Since | None = None
    review_every: PeriodSpec | None = None
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("submissions", "announcements", "coverage", "direction_status")
    answered_by: ClassVar[str] = "submission"

    def computed_readings(self) -> list[str]:
        out = [
            f"No due date (owed: {self.owed}): the text asks for it {OWED_WORDS[self.owed]}, so it is open until "
            "a submission answering it is received, never breached or late for want of a date."
        ]
        if self.review_every is not None:
            out.append(
                f"Review prompt (review_every): look at it again every {self.review_every.period().words()}; "
                "a reading only, it never makes the duty breached."
            )
        return out

    def owed_from(self, direction: Direction) -> Due:
        """When the duty became owed: `since`, else the start of the direction's in-force period."""
        if self.since is not None:
            day, why = self.since.date, "owed from the day the rule gives (since)"
        else:
            day, why = (
                direction.in_force.start,
                f"owed from the start of the direction's in-force period ({direction.id})",
            )
        instant = calendar.start_of_day_instant(day)
        return Due(instant, (f"{why}: {calendar.day_words(day)}", f"no due date: {OWED_WORDS[self.owed]}"))

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        (ob,) = ctx.submission_duties(
            clause,
            [self.owed_from(ctx.direction)],
            label=lambda n: "the duty",
            expects=lambda n, due: f"a submission answering {cid}, {OWED_WORDS[self.owed]} (no due date)",
            readings=self.rule_readings(),
        )
        ob.dated = False
        ob.opens = ob.due.epoch
        return [ob], evidence.submissions(ctx, cid, 1)

    def problems(self, direction: Direction) -> list[Problem]:
        """A `since` day outside the direction's in-force period is refused."""
        if self.since is None:
            return []
        start = direction.in_force.start
        instant = calendar.start_of_day_instant(self.since.date).int_timestamp
        if self.since.date < start or instant > direction.end_instant():
            return [
                (("since", "date"), f"the duty is owed from {calendar.day_words(self.since.date)}, outside the "
                 f"direction's in-force period ({direction.in_force_words()}): expected a day within it")
            ]  # fmt: skip
        return []

    def occurrences(self, direction: Direction, clause: Clause) -> int | None:
        """One: the duty."""
        return 1

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        since = self.owed_from(ctx.direction)
        return Reading(
            [
                f"No due date: one submission answering this clause, {OWED_WORDS[self.owed]}; open from "
                f"{calendar.day_words(since.instant.date())} until it is received."
            ],
            [],
            readings=self.rule_readings(),
        )
