"""`meeting_frequency`: a board meets at least every so often, or at least once in each calendar quarter.

    rule:
      kind: meeting_frequency
      board: bvib
      every: {weeks: 6}        # the longest gap between meetings; or instead:
      # per: quarter           # at least one meeting in each calendar quarter
      public: false            # optional: only meetings held in public count
      starts: {date: 2017-06-12}         # optional (with `every`): when the board is due to start
                                         # meeting; default: the first day in force
      counting: end_of_last_day          # optional, with `every`: or same_time (see below)
      time_not_recorded: end_of_day      # optional, with `every` and same_time: or start_of_day
      quarters_from: first_full_quarter  # optional, with `per: quarter`: or first_quarter_in_force
      late_evidence: not_counted         # optional: or counts, or {within: {weeks: 2}}
      reading: "..."

With `every`: a first obligation, the first meeting, due within the period of the day the board is
due to start (`starts`, the day itself not counted), so that a board that never meets breaches the
rule once the records of its meetings are complete; then after each meeting held (by the as-of
instant), one obligation: the next meeting,
due within the period of it as `counting` reads "within N weeks of a meeting": by default the day of
the meeting is not counted and the period ends at the end of its last day (engine.core.calendar.
due_after_event); with `same_time`, at the same London wall-clock time, counted from the end of the
day (or its start: `time_not_recorded`) when only the day of the meeting is recorded. With
`per: quarter`: one obligation per calendar quarter from the first full quarter in force (or the
quarter the direction comes into force in: `quarters_from`), due by the end of its last day. A meeting
after the due time does not count (a gap too long is a breach even if the board meets later) unless
`late_evidence` says it does. Evidence: the board's held (public) meetings. Coverage subject:
`meetings:<board>`.
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
from engine.model.specs import (
    COUNTING_PHRASES,
    LATE_EVIDENCE_PHRASES,
    Counting,
    DueSpec,
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
class MeetingFrequency(RuleKind):
    """A board meets at least every `every` (gap between meetings), or at least once in each
    calendar quarter (`per: quarter`), optionally in public."""

    kind: Literal["meeting_frequency"]
    board: Slug
    every: PeriodSpec | None = None
    per: Literal["quarter"] | None = None
    public: bool = False
    counting: Counting = "end_of_last_day"
    time_not_recorded: Literal["end_of_day", "start_of_day"] = "end_of_day"
    quarters_from: Literal["first_full_quarter", "first_quarter_in_force"] = "first_full_quarter"
    late_evidence: LateEvidence = "not_counted"
    starts: DueSpec | None = None
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("boards", "meetings", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {**COUNTING_PHRASES, **LATE_EVIDENCE_PHRASES}
    answered_by: ClassVar[str] = "meeting"

    def computed_readings(self) -> list[str]:
        out = []
        if self.every is not None:
            out.append(counting_words(self.counting, self.every.period(), "each meeting held"))
            if self.counting == "same_time":
                out.append(
                    "A meeting whose time is not recorded counts from the "
                    + ("end" if self.time_not_recorded == "end_of_day" else "start")
                    + f" of its day (time_not_recorded: {self.time_not_recorded})."
                )
        else:
            out.append(
                "Each calendar quarter from the first full quarter in force (quarters_from: first_full_quarter)."
                if self.quarters_from == "first_full_quarter"
                else "Each calendar quarter from the quarter in which the direction comes into force, counting "
                "only the days in force (quarters_from: first_quarter_in_force)."
            )
        return out + [late_words(self.late_evidence)]

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
        due = calendar.due_after_event(
            calendar.end_of_day_instant(start), why + " (that day not counted)", period, self.counting
        )
        certain, certain_why = ctx.certain(ids.meetings_subject(self.board), due.epoch)
        return ctx.obligation(
            clause,
            "first",
            label=f"first {kind} from {calendar.day_words(start)}",
            match=f"meeting:{self.board}{suffix}",
            opens=calendar.start_of_day_instant(start).int_timestamp,
            due=due,
            late_until=late_until(self.late_evidence, due),
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
                if mt.time_known or self.counting == "end_of_last_day":
                    due = calendar.due_after_event(
                        mt.starts_at, f"the meeting {mt.key} was held", period, self.counting
                    )
                else:  # only the day is known: count from the end (or start) of that day
                    day = mt.starts_at.date()
                    due = calendar.due_after_event(
                        calendar.end_of_day_instant(day)
                        if self.time_not_recorded == "end_of_day"
                        else calendar.start_of_day_instant(day),
                        f"the meeting {mt.key} was held that day (its time is not recorded)",
                        period,
                        self.counting,
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
                        late_until=late_until(self.late_evidence, due),
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
                        late_until=late_until(self.late_evidence, due),
                        certain=certain,
                        certain_why=why,
                        readings=readings,
                        expects=f"a {kind} of the {board} between {calendar.day_words(q_start)} and {calendar.day_words(q_end)}",
                    )
                )
        return obs, evidence.meetings(ctx, self.board, self.public)

    def _quarters(self, ctx: Context) -> Iterator[tuple[dt.date, dt.date]]:
        """The calendar quarters (first day, last day) from the first quarter `quarters_from` counts
        to the generation limit (a first quarter in force only in part starts on the first day in force)."""
        day = ctx.direction.in_force.start
        q_start, q_end = calendar.quarter_bounds(day)
        if q_start != day and self.quarters_from == "first_full_quarter":
            q_start, q_end = calendar.quarter_bounds(calendar.add_period(q_end, calendar.Period(days=1)))
        elif q_start != day:
            q_start = day
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
                    f"meeting held, the next {kind} is due within {period.words()} of it "
                    + (
                        "(a meeting at 16:00 on 20 July 2017: the next by the end of 31 August 2017)."
                        if self.counting == "end_of_last_day"
                        else "on the London wall clock (a meeting at 16:00 means the next by 16:00, across GMT and BST)."
                    ),
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
                "(January-March, April-June, July-September, October-December), from the "
                + ("first full quarter" if self.quarters_from == "first_full_quarter" else "first quarter")
                + f" in force ({d.in_force_words()}); each quarter is due by the end of its last day."
            ],
            occ,
            more,
            readings,
        )
