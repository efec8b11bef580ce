"""`meeting_frequency`: a board meets at least every so often, or at least once in each calendar quarter.

    rule:
      kind: meeting_frequency
      board: bvib
      every: {weeks: 6}        # the longest gap between meetings; or instead:
      # per: quarter           # at least one meeting in each calendar quarter
      public: false            # optional: only meetings held in public count
      starts: {date: 2017-06-12}   # optional (with `every`): when the board is due to start meeting;
                                   # default: the first day in force
      reading: "..."

With `every`: a first obligation, the first meeting, due within the period of the day the board is
due to start (`starts`, the day itself not counted), so that a board that never meets breaches the
rule once the records of its meetings are complete; then after each meeting held (by the as-of
instant), one obligation: the next meeting,
due within the period of its start on the London wall clock (counted from the end of the day when
only the day of the meeting is recorded). With `per: quarter`: one obligation per calendar quarter
from the first full quarter in force, due by the end of its last day. Evidence: the board's held
(public) meetings. Coverage subject: `meetings:<board>`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import model_validator

from engine.core import calendar, ids
from engine.core.errors import InputError
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Occurrence, Reading, RuleKind, quoted
from engine.kinds.registry import register
from engine.model.specs import DueSpec, PeriodSpec, Slug

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class MeetingFrequency(RuleKind):
    """A board meets at least every `every` (gap between meetings), or at least once in each
    calendar quarter (`per: quarter`), optionally in public."""

    kind: Literal["meeting_frequency"]
    board: Slug
    every: PeriodSpec | None = None
    per: Literal["quarter"] | None = None
    public: bool = False
    starts: DueSpec | None = None
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("boards", "meetings", "coverage", "direction_status")
    answered_by: ClassVar[str] = "meeting"

    @model_validator(mode="after")
    def _one_of(self) -> MeetingFrequency:
        if (self.every is None) == (self.per is None):
            raise InputError("give exactly one of `every` (longest gap between meetings) or `per: quarter`")
        if self.starts is not None and self.every is None:
            raise InputError("`starts` goes with `every` (with `per: quarter`, every quarter in force is counted)")
        return self

    def _first(self, ctx: Context, clause: Clause, board: str, kind: str, suffix: str) -> Obligation:
        """The first meeting: due within `every` of the day the board is due to start (that day not
        counted), from which meetings count; without it, a board that never meets is invisible."""
        assert self.every is not None
        period = self.every.period()
        if self.starts is not None:
            start = ctx.due_spec(self.starts, "start_of_day").instant.date()
            why = f"the board is due to start meeting on {calendar.day_words(start)}"
        else:
            start = ctx.direction.in_force.start
            why = f"the board is due to start meeting on the first day in force, {calendar.day_words(start)}"
        due = calendar.due_after_instant(calendar.end_of_day_instant(start), why + " (that day not counted)", period)
        certain, certain_why = ctx.certain(ids.meetings_subject(self.board), due.epoch)
        return ctx.obligation(
            clause,
            "first",
            label=f"first {kind} from {calendar.day_words(start)}",
            match=f"meeting:{self.board}{suffix}",
            opens=calendar.start_of_day_instant(start).int_timestamp,
            due=due,
            late_until=due.epoch,
            certain=certain,
            certain_why=certain_why,
            readings=([self.starts.reading] if self.starts and self.starts.reading else []) + self.rule_readings(),
            expects=f"a {kind} of the {board} within {period.words()} of {calendar.day_words(start)}",
        )

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        board = ctx.board_name(self.board)
        suffix = ":public" if self.public else ""
        kind = "public meeting" if self.public else "meeting"
        subject = ids.meetings_subject(self.board)
        readings = self.rule_readings()
        obs = []
        if self.every is not None:
            period = self.every.period()
            obs.append(self._first(ctx, clause, board, kind, suffix))
            for mt in ctx.meetings(self.board):
                if mt.status != "held" or mt.starts_at > ctx.as_of:
                    continue
                if mt.time_known:
                    due = calendar.due_after_instant(mt.starts_at, f"the meeting {mt.key} was held", period)
                else:  # only the day is known: count from the end of that day, never against the council
                    due = calendar.due_after_instant(
                        calendar.end_of_day_instant(mt.starts_at.date()),
                        f"the meeting {mt.key} was held that day (its time is not recorded)",
                        period,
                    )
                certain, why = ctx.certain(subject, due.epoch)
                obs.append(
                    ctx.obligation(
                        clause,
                        f"after-{mt.key}",
                        label=f"next {kind} after {calendar.day_words(mt.starts_at.date())}",
                        match=f"meeting:{self.board}{suffix}",
                        opens=mt.starts_at.int_timestamp + 1,
                        due=due,
                        late_until=due.epoch,
                        certain=certain,
                        certain_why=why,
                        readings=readings,
                        expects=f"a {kind} of the {board} within {period.words()} of {mt.key}",
                    )
                )
        else:
            for q_start, q_end in self._quarters(ctx):
                due = calendar.due_on(q_end, "end_of_day", "the last day of the calendar quarter")
                certain, why = ctx.certain(subject, due.epoch)
                obs.append(
                    ctx.obligation(
                        clause,
                        f"quarter-{q_start.isoformat()}",
                        label=f"quarter {q_start.strftime('%b')}-{q_end.strftime('%b %Y')}",
                        match=f"meeting:{self.board}{suffix}",
                        opens=calendar.start_of_day_instant(q_start).int_timestamp,
                        due=due,
                        late_until=due.epoch,
                        certain=certain,
                        certain_why=why,
                        readings=readings + ["each calendar quarter from the first full quarter in force"],
                        expects=f"a {kind} of the {board} between {calendar.day_words(q_start)} and {calendar.day_words(q_end)}",
                    )
                )
        return obs, evidence.meetings(ctx, self.board, self.public)

    @staticmethod
    def _quarters(ctx: Context) -> Iterator[tuple[dt.date, dt.date]]:
        """The calendar quarters (first day, last day) from the first full quarter in force to the
        generation limit."""
        day = ctx.direction.in_force.start
        q_start, q_end = calendar.quarter_bounds(day)
        if q_start != day:  # the reading: count from the first full quarter in force
            q_start, q_end = calendar.quarter_bounds(calendar.add_period(q_end, calendar.Period(days=1)))
        while calendar.start_of_day_instant(q_start).int_timestamp <= ctx.generate_until:
            yield q_start, q_end
            q_start, q_end = calendar.quarter_bounds(calendar.add_period(q_end, calendar.Period(days=1)))

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        d = ctx.direction
        kind = "public meeting" if self.public else "meeting"
        readings = self.rule_readings()
        if self.every is not None:
            period = self.every.period()
            return Reading(
                [
                    f"The board {quoted(self.board)} holds a {kind} at least every {period.words()}: the first "
                    f"within {period.words()} of the day it is due to start, then after each "
                    f"meeting held, the next {kind} is due within {period.words()} of its start, on the "
                    "London wall clock (a meeting at 16:00 means the next by 16:00, across GMT and BST).",
                    f"While the direction is in force ({d.in_force_words()}).",
                ],
                readings=readings,
            )
        obs, _ = self.obligations(ctx, clause)
        shown = obs[:show]
        occ = [Occurrence.of(ob.label, ob.due) for ob in shown]
        if d.in_force.until is not None:
            more = (
                f"\u2026 and {len(obs) - len(shown)} more quarters before the direction ends."
                if len(obs) > len(shown)
                else f"{len(obs)} quarter{'s' if len(obs) != 1 else ''} in all before the direction ends."
            )
        else:
            more = "\u2026 and every calendar quarter after that, until the direction is revoked."
        return Reading(
            [
                f"The board {quoted(self.board)} holds at least one {kind} in each calendar quarter "
                "(January-March, April-June, July-September, October-December), from the first full "
                f"quarter in force ({d.in_force_words()}); each quarter is due by the end of its last day."
            ],
            occ,
            more,
            readings,
        )
