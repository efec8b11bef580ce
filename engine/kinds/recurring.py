"""`recurring`: a duty that falls due again and again: a first due date, then every period, while the
direction binds.

    rule:
      kind: recurring
      first: {date: 2017-06-30, time: "10:00"}    # the first report by 10am on 30 June 2017
      then: [{months: 6}]                          # optional: further offsets from the direction date
      every: {months: 3}                           # then every 3 calendar months
      anchor: schedule                             # or previous_event: each counted from when the last was done
      count_from: first_due                        # or previous_due, unclipped_anchor (after a month-end clip)
      late_evidence: counts                        # or not_counted, or {within: {days: 14}}
      time: end_of_day                             # optional: time of day of later occurrences (default: as the first)
      align_month_end: false                       # optional: move each due date to the end of its month
      non_working_day: as_is                       # or previous_working_day, next_working_day (a due date on a
                                                   # weekend or bank holiday; the schedule counts on unmoved)
      reading: "..."                               # the reading of any open point, in words

One obligation per occurrence (1, 2, ...) due within the in-force span (and a look-ahead beyond the
as-of date); evidence: the submissions naming the clause and that occurrence.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar, Literal

from pendulum import DateTime

from engine.core import calendar
from engine.core.calendar import Due
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Occurrence, Problem, Reading, RuleKind, due_problems
from engine.kinds.registry import register
from engine.model.specs import (
    LATE_EVIDENCE_PHRASES,
    NON_WORKING_DAY_PHRASES,
    DueSpec,
    LateEvidence,
    PeriodSpec,
    TimeOfDay,
    late_until,
    late_words,
    non_working_day_words,
)

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction

#: how later occurrences count (`count_from:`): multiples of the period from the first due date (or
#: the last listed one), the period after the previous due date, or from the unclipped anchor
CountFrom = Literal["first_due", "previous_due", "unclipped_anchor"]

#: how scenarios name each reading of `count_from:` ("... is read with later reports counted from ...")
COUNT_FROM_PHRASES: dict[str, tuple[str, str]] = {
    "later reports counted from the first due date": ("count_from", "first_due"),
    "later reports counted from the previous due date": ("count_from", "previous_due"),
    "later reports counted from the unclipped anchor": ("count_from", "unclipped_anchor"),
}


@register
class Recurring(RuleKind):
    """Recurring deadline: a first due date, then every period, ending with the direction.

    `then` lists explicit further offsets from the direction date before the regular `every`
    begins ("after 3 months, after 6 months, and every 6 months thereafter"). `count_from` says how
    later occurrences count (they differ only after a month-end clip): 'first_due' (k x `every`
    from the last listed due date: 30 January, 28 February, 30 March), 'previous_due' (`every` after
    the previous due date: 30 January, 28 February, 28 March) or 'unclipped_anchor' (from the
    direction date adding up every period, or from a fixed first date: a direction of 29 February
    2016 with reports every 12 months from 12 months after it has the fourth due 29 February 2020,
    not 28 February). `anchor` is 'schedule' or 'previous_event' (each counted from when the
    previous one was actually done, falling back to the previous due date where that is not yet
    known). `late_evidence` says how long a late submission still makes an occurrence met late.
    """

    kind: Literal["recurring"]
    first: DueSpec
    then: list[PeriodSpec] = []
    every: PeriodSpec
    anchor: Literal["schedule", "previous_event"] = "schedule"
    count_from: CountFrom = "first_due"
    time: TimeOfDay | None = None  # time of day of the later occurrences; default: as the first
    align_month_end: bool = False
    non_working_day: calendar.NonWorkingDay = "as_is"
    late_evidence: LateEvidence = "counts"
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("submissions", "announcements", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {
        **COUNT_FROM_PHRASES,
        **LATE_EVIDENCE_PHRASES,
        **NON_WORKING_DAY_PHRASES,
    }
    answered_by: ClassVar[str] = "submission"

    def computed_readings(self) -> list[str]:
        every = self.every.period().words()
        base = "the first due date" if not self.then else f"the due date of occurrence {len(self.then) + 1}"
        count = {
            "first_due": f"Later occurrences are counted as multiples of {every} from {base} (count_from: first_due).",
            "previous_due": f"Each later occurrence is due {every} after the previous due date (count_from: "
            "previous_due), so a date clipped to a month's end carries on clipped.",
            "unclipped_anchor": f"Later occurrences are counted from the unclipped anchor (count_from: "
            f"unclipped_anchor): {'the direction date, adding up every period from it' if self._anchored_on_direction() else base + ', as multiples of ' + every}, "
            "so a date clipped to a month's end does not shorten the next.",
        }[self.count_from]
        out = [count]
        if self.anchor == "previous_event":
            out.append(
                "Each occurrence is counted from when the previous one was actually received (anchor: "
                "previous_event), once that is known; until then, from the previous due date."
            )
        if self.first.non_working_day not in (None, self.non_working_day):
            out += [
                f"The first due date: {w[0].lower()}{w[1:]}" for w in non_working_day_words(self.first.non_working_day)
            ]
        return out + non_working_day_words(self.non_working_day) + [late_words(self.late_evidence)]

    def _anchored_on_direction(self) -> bool:
        """Whether the last listed occurrence is a period after the direction date (not a fixed date)."""
        return bool(self.then) or self.first.after is not None

    def dues(self, ctx: Context, clause_id: str) -> list[Due]:
        """The due instants of the clause, in order, up to the generation limit. When the direction's
        date is known only to a range, each is computed from either end of it and carries both
        (calendar.ranged); the schedule is as long as the one counted from the latest date."""
        d = ctx.direction
        if d.date_latest is None:
            return self._dues(ctx, clause_id)
        late = self._dues(dataclasses.replace(ctx, direction=d.exact(d.date_latest)), clause_id)
        early = self._dues(dataclasses.replace(ctx, direction=d.exact(d.date)), clause_id)
        why = f"the date of the direction ({d.id}) is {d.date_words()}"
        return [calendar.ranged(lt, er, why) for lt, er in zip(late, early, strict=False)]

    def _dues(self, ctx: Context, clause_id: str) -> list[Due]:
        """The due instants of the clause for a direction of an exact date."""
        later_time = self.time or self.first.time
        direction_words = f"the date of {ctx.direction.noun} ({ctx.direction.id})"
        dues = [ctx.due_spec(self.first, non_working_day=None).then("occurrence 1: the first")]
        for i, offset in enumerate(self.then, start=2):
            d = calendar.due_after(
                ctx.direction.date, direction_words, offset.period(), later_time, self.align_month_end
            )
            dues.append(d.then(f"occurrence {i}: listed in {ctx.direction.noun}"))
        base_day = dues[-1].instant.date()
        base_n = len(dues)
        # the unclipped anchor: the direction date and the period from it to the last listed
        # occurrence, or the fixed first date itself
        if self.then:
            anchor_day, anchor_words, anchor_period = ctx.direction.date, direction_words, self.then[-1].period()
        elif self.first.after is not None:
            anchor_day, anchor_words, anchor_period = ctx.direction.date, direction_words, self.first.after.period()
        else:
            anchor_day, anchor_words, anchor_period = base_day, "occurrence 1 fell due", calendar.Period()
        actual: dict[int, DateTime] = {}
        if self.anchor == "previous_event":
            for s in ctx.state.submissions:
                if s.clause == clause_id and s.occurrence and s.window()[0] == s.window()[1]:
                    actual[s.occurrence] = s.window()[0]
        every = self.every.period()
        k = 1
        while True:
            n = base_n + k
            prev_actual = actual.get(n - 1)
            if self.anchor == "previous_event" and prev_actual is not None:
                d = calendar.due_after(
                    prev_actual.date(), f"occurrence {n - 1} was done", every, later_time, self.align_month_end
                ).then(f"occurrence {n}: counted from when the previous one was actually done (anchor: previous_event)")
            elif self.anchor == "previous_event" or self.count_from == "previous_due":
                why = (
                    "anchor: previous_event, the previous one not known to be done"
                    if self.anchor == "previous_event"
                    else "count_from: previous_due"
                )
                d = calendar.due_after(
                    dues[-1].instant.date(), f"occurrence {n - 1} fell due", every, later_time, self.align_month_end
                ).then(f"occurrence {n}: {every.words()} after the previous due date ({why})")
            elif self.count_from == "unclipped_anchor":
                d = calendar.due_after(
                    anchor_day, anchor_words, anchor_period.plus(every.times(k)), later_time, self.align_month_end
                ).then(f"occurrence {n}: counted from the unclipped anchor (count_from: unclipped_anchor)")
            else:
                d = calendar.due_after(
                    base_day, f"occurrence {base_n} fell due", every.times(k), later_time, self.align_month_end
                ).then(f"occurrence {n}: {k} x {every.words()} from occurrence {base_n} (count_from: first_due)")
            if d.epoch > ctx.generate_until:
                break
            dues.append(d)
            k += 1
            if len(dues) > 1000:  # a safety net against a zero-length period slipping through
                break
        # a due date on a weekend or bank holiday: said, and moved if the rule says so; the schedule above
        # counts on from the unmoved dates
        readings = [self.first.non_working_day or self.non_working_day] + [self.non_working_day] * (len(dues) - 1)
        return [
            calendar.non_working_day(d, r) for d, r in zip(dues, readings, strict=True) if d.epoch <= ctx.generate_until
        ]

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        obs = ctx.submission_duties(
            clause,
            self.dues(ctx, cid),
            label=lambda n: f"occurrence {n}",
            expects=lambda n, due: (
                f"a submission answering {cid}, occurrence {n}, received by {calendar.human(due.instant)}"
            ),
            readings=self.rule_readings(),
            late=lambda due: late_until(self.late_evidence, due),
        )
        return obs, evidence.submissions(ctx, cid, None)

    def problems(self, direction: Direction) -> list[Problem]:
        """The first due date before the direction's date or after its end is refused, and so is a
        `then` offset that does not fall after the one before it (the first due date, for the first)."""
        out = due_problems(direction, self.first, ("first",), "the first due date")
        first = self.first
        previous = first.date if first.after is None else calendar.add_period(direction.date, first.after.period())
        for i, offset in enumerate(self.then):
            day = calendar.add_period(direction.date, offset.period())
            if previous is not None and day <= previous:
                before = "the first due date" if i == 0 else f"then[{i - 1}]"
                out.append(
                    (("then", i), f"{offset.period().words()} after the direction's date is "
                     f"{calendar.day_words(day)}, not after {before} ({calendar.day_words(previous)}): "
                     "expected offsets from the direction's date, each later than the one before")
                )  # fmt: skip
            previous = day
        return out

    def occurrences(self, direction: Direction, clause: Clause) -> int | None:
        """The number of due dates over the whole in-force period; None when it runs until revoked."""
        if direction.in_force.until is None:
            return None
        return len(self.dues(Context.for_reading(direction, 0), direction.clause_id(clause)))

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        d = ctx.direction
        dues = self.dues(ctx, d.clause_id(clause))
        readings = ([self.first.reading] if self.first.reading else []) + self.rule_readings()
        anchor = (
            ""
            if self.anchor == "schedule"
            else " (the dates below assume each was done on its due date: anchor: previous_event)"
        )
        then = "".join(f", then {p.period().words()} after the direction date" for p in self.then)
        later = self.time or self.first.time
        summary = [
            f"Recurring: one submission answering this clause for each occurrence; the first due "
            f"{calendar.human(dues[0].instant)}{then}, then every {self.every.period().words()}{anchor}, "
            f"while {d.noun} is in force ({d.in_force_words()}).",
            f"Later occurrences are due at {calendar.time_words(later)}."
            + (" Each due date is moved to the end of its month." if self.align_month_end else ""),
        ]
        shown = dues[:show]
        occ = [Occurrence.of(f"occurrence {n}", due) for n, due in enumerate(shown, start=1)]
        if d.in_force.until is not None:
            if len(dues) > len(shown):
                more = (
                    f"\u2026 and {len(dues) - len(shown)} more, the last (occurrence {len(dues)}) due "
                    f"{calendar.human(dues[-1].instant)}, before {d.noun} ends."
                )
            else:
                more = f"{len(dues)} occurrence{'s' if len(dues) != 1 else ''} in all before {d.noun} ends."
        else:
            more = f"\u2026 and every {self.every.period().words()} after that, until {d.noun} " + (
                "ends." if d.kind == "schedule" else "is revoked."
            )
        return Reading(summary, occ, more, readings)
