"""`notice_before`: something published a period before an event: notice of a key decision before it is
taken, notice of business to be taken in private, a meeting's papers before the meeting.

    rule:
      kind: notice_before
      before: decision                   # or meeting (then `board:` names whose meetings)
      decisions: key                     # which decisions: key (key decisions), private, or all
      decided_by: [cabinet]              # optional: only decisions taken in these capacities
      notice: notice_published           # the field of the decision (or meeting) that evidences it:
                                         # notice_published, private_notice_published, papers_published
      period: {days: 28}                 # or {working_days: 5}: England and Wales bank holidays not counted
      clear: false                       # true: neither the day of the event nor the day of the act counted
      exceptions: [urgency, general_exception]   # procedures under which short notice is not a breach
      reading: "..."

Why a kind of its own: the access-to-information rules the council's constitution applies under the
Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations
2012 (seed 003_5f51d966092a2757.txt, notes) count periods *backward* from an event, in days or working
days, plain or clear (engine.core.calendar.due_around_event). One obligation per recorded decision of
the kind (or per meeting of the board) while the instrument binds, due by the end of the last day the
notice could be published; evidence: the publication instant the decision (or meeting) records. A notice
published after that day does not make it met late: short notice is a breach. A decision taken under one
of the `exceptions` procedures is met by its own record, and its finding says it was taken under it (the
constitution allows short notice then, but it is reported). A decision that does not record whether it
was a key decision, or a notice not recorded, reads as unknown unless the records are complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pendulum import DateTime
from pydantic import Field, model_validator

from engine.core import calendar, ids
from engine.core.calendar import Due
from engine.core.errors import InputError
from engine.kinds.base import Context, Evidence, Obligation, Problem, Reading, RuleKind, quoted
from engine.kinds.registry import register
from engine.model import facts as F
from engine.model.specs import Slug, Strict

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction

#: the procedures under which a decision may be taken at short notice (engine.model.facts.Decision.procedure)
Procedure = Literal["urgency", "general_exception"]
PROCEDURE_WORDS = {"urgency": "the urgency procedure", "general_exception": "the general-exception procedure"}
#: which fields of a decision or a meeting record a publication
NOTICE_WORDS = {
    "notice_published": "notice of the decision (in the Forward Plan or by an individual notice)",
    "private_notice_published": "notice of the intention to consider it in private",
    "papers_published": "the reports, appendices and background papers",
}


class NoticePeriod(Strict):
    """How long before the event: `{days: 28}` or `{working_days: 5}` (exactly one, at least 1)."""

    days: int | None = Field(None, ge=1, le=3660)
    working_days: int | None = Field(None, ge=1, le=2600)

    @model_validator(mode="after")
    def _one(self) -> NoticePeriod:
        if (self.days is None) == (self.working_days is None):
            raise InputError("give exactly one of `days` or `working_days` (a whole number, at least 1)")
        return self

    @property
    def n(self) -> int:
        return self.days if self.days is not None else self.working_days  # type: ignore[return-value]

    @property
    def unit(self) -> calendar.DayUnit:
        return "days" if self.days is not None else "working_days"


@register
class NoticeBefore(RuleKind):
    """Something published a period (days or working days, plain or clear) before a decision or a meeting."""

    kind: Literal["notice_before"]
    before: Literal["decision", "meeting"]
    decisions: Literal["key", "private", "all"] = "key"
    board: Slug | None = None
    decided_by: list[Slug] = []
    notice: Literal["notice_published", "private_notice_published", "papers_published"]
    period: NoticePeriod
    clear: bool = False
    exceptions: list[Procedure] = []
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("decisions", "meetings", "coverage", "direction_status")
    answered_by: ClassVar[str] = "decision"

    @model_validator(mode="after")
    def _shape(self) -> NoticeBefore:
        if self.before == "meeting" and self.board is None:
            raise InputError("`before: meeting` needs `board:`, the board whose meetings the notice comes before")
        if self.before == "decision" and self.board is not None:
            raise InputError("`board:` is for `before: meeting`; a decision's notice is read from the decision")
        if self.before == "meeting" and self.notice != "papers_published":
            raise InputError("a meeting records only `papers_published`: expected `notice: papers_published`")
        if self.before == "meeting" and self.decided_by:
            raise InputError("`decided_by` picks decisions: expected none with `before: meeting`")
        if self.before == "meeting" and self.exceptions:
            raise InputError("`exceptions` are decision procedures: expected none with `before: meeting`")
        return self

    def _period_words(self) -> str:
        return calendar.period_words(self.period.n, self.period.unit, self.clear)

    def _what(self) -> str:
        if self.before == "meeting":
            return "each meeting of the board"
        if self.decided_by:
            by = " or ".join(quoted(d) for d in self.decided_by)
            return {"key": f"each key decision taken by {by}", "private": f"each decision taken by {by} in private",
                    "all": f"each decision taken by {by}"}[self.decisions]  # fmt: skip
        return {"key": "each key decision", "private": "each decision taken in private", "all": "each decision"}[
            self.decisions
        ]

    def computed_readings(self) -> list[str]:
        out = [
            f"{NOTICE_WORDS[self.notice][0].upper()}{NOTICE_WORDS[self.notice][1:]} published at least "
            f"{self._period_words()} before {self._what()}: the day of the "
            f"{'meeting' if self.before == 'meeting' else 'decision'} is not counted"
            + (
                ", nor the day of publication (clear: true)"
                if self.clear
                else "; the day of publication is (clear: false)"
            )
            + "; due by the end of the last day it could be published; published later is short notice, a breach."
        ]
        if self.period.unit == "working_days":
            out.append(
                f"Working days are Monday to Friday except England and Wales bank holidays "
                f"({calendar.bank_holidays().name}); a due date counted beyond it is provisional."
            )
        if self.exceptions:
            out.append(
                "A decision taken under "
                + " or ".join(PROCEDURE_WORDS[p] for p in self.exceptions)
                + " is not a breach for short notice: it is met by its own record, and its finding says it was "
                "taken under that procedure (exceptions)."
            )
        return out

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        if self.before == "meeting":
            return self._meetings(ctx, clause)
        return self._decisions(ctx, clause)

    def _owed(self, dec: F.Decision) -> bool | None:
        """Whether the decision is one the notice is owed for; None: the record does not say."""
        if self.decided_by:
            if dec.decided_by is None:
                return None if self._kind_owed(dec) is not False else False
            if dec.decided_by not in self.decided_by:
                return False
        return self._kind_owed(dec)

    def _kind_owed(self, dec: F.Decision) -> bool | None:
        if self.decisions == "key":
            return dec.key_decision
        return dec.private if self.decisions == "private" else True

    def _decisions(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        obs, evs = [], []
        for dec in ctx.state.decisions:
            t = dec.decided_at.int_timestamp
            owed = self._owed(dec)
            if owed is False or not ctx.start <= t <= ctx.generate_until:
                continue
            match = f"{cid}#{dec.key}"
            event_words = f"the decision {dec.key} ({dec.what}) was taken"
            due = calendar.due_around_event(
                dec.decided_at, event_words, self.period.n, self.period.unit, self.clear, "before", "notice due"
            )
            label = f"decision {dec.key}"
            published: DateTime | None = getattr(dec, self.notice)
            if dec.procedure in self.exceptions:
                words = PROCEDURE_WORDS[dec.procedure]
                due = Due(
                    dec.decided_at,
                    due.steps
                    + (
                        f"the decision was taken under {words} (procedure: {dec.procedure}): short notice is not a "
                        "breach (exceptions), so the duty is met by the decision's own record, and it is reported "
                        f"as taken under {words}",
                        f"due {calendar.human(dec.decided_at)} ({calendar.iso(dec.decided_at)}), the decision itself",
                    ),
                    provisional=due.provisional,
                )
                obs.append(
                    ctx.obligation(
                        clause, dec.key, label=f"{label}, taken under {words}", match=match, due=due,
                        late_until=due.epoch, certain=True, certain_why=f"the decision records {words}",
                        readings=self.rule_readings(),
                        expects=f"the decision {dec.key} recorded as taken under {words}",
                    )
                )  # fmt: skip
                evs.append(
                    Evidence.event(
                        f"{match}:procedure", match, t, ids.fact_id("decisions", {"key": dec.key}),
                        f"the decision {dec.key} ({dec.reference or dec.what}) recorded as taken under {words} at "
                        f"{calendar.human(dec.decided_at)}" + (
                            f"; {NOTICE_WORDS[self.notice]} published {calendar.human(published)}" if published else ""
                        ),
                    )
                )  # fmt: skip
                continue
            if owed is None:
                missing = "whether it was a key decision" if dec.key_decision is None else "who took it"
                certain, why = (
                    False,
                    (f"the decision {dec.key} does not record {missing}, so whether notice was owed is unknown"),
                )
            elif published is not None:
                certain, why = True, f"the decision records when {NOTICE_WORDS[self.notice]} was published"
            else:
                certain, why = ctx.certain(cid, due.epoch)
            obs.append(
                ctx.obligation(
                    clause, dec.key, label=label, match=match, due=due, late_until=due.epoch, certain=certain,
                    certain_why=why, readings=self.rule_readings(),
                    expects=f"{NOTICE_WORDS[self.notice]} {dec.key} published by {calendar.human(due.instant)}, "
                    f"{self._period_words()} before it was taken",
                )
            )  # fmt: skip
            if published is not None:
                evs.append(
                    Evidence.event(
                        f"{match}:{self.notice}", match, published.int_timestamp,
                        ids.fact_id("decisions", {"key": dec.key}),
                        f"{NOTICE_WORDS[self.notice]} {dec.key} ({dec.reference or dec.what}) published "
                        f"{calendar.human(published)}",
                    )
                )  # fmt: skip
        return obs, evs

    def _meetings(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        assert self.board is not None
        name = ctx.board_name(self.board)
        obs, evs = [], []
        for mt in ctx.meetings(self.board):
            match = f"{cid}#{mt.key}"
            when = calendar.human(mt.starts_at) if mt.time_known else calendar.day_words(mt.starts_at.date())
            due = calendar.due_around_event(
                mt.starts_at, f"the meeting of the {name} ({mt.status})", self.period.n, self.period.unit,
                self.clear, "before", "papers due",
            )  # fmt: skip
            if not mt.time_known:
                due = Due(
                    due.instant,
                    due.steps[:1] + ("its time is not recorded: the day is what counts",) + due.steps[1:],
                    provisional=due.provisional,
                )
            if mt.papers_published is not None:
                certain, why = True, "the meeting records when its papers were published"
                evs.append(
                    Evidence.event(
                        f"{match}:papers",
                        match,
                        mt.papers_published.int_timestamp,
                        ids.meeting_id(mt.key),
                        f"the papers of the meeting of {when} published {calendar.human(mt.papers_published)}",
                    )
                )
            else:
                certain, why = ctx.certain(cid, due.epoch)
            obs.append(
                ctx.meeting_duty(
                    clause, mt, match=match, due=due, late_until=due.epoch, certain=certain, certain_why=why,
                    readings=self.rule_readings(),
                    expects=f"the papers of the meeting of {when} published by {calendar.human(due.instant)}, "
                    f"{self._period_words()} before it",
                )
            )  # fmt: skip
        return obs, evs

    def problems(self, direction: Direction) -> list[Problem]:
        """None beyond the shape: the events are facts, not dates in the file."""
        return []

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        event = f"each meeting of the board {quoted(self.board or '')}" if self.before == "meeting" else self._what()
        return Reading(
            [
                f"Notice before an event: {NOTICE_WORDS[self.notice]} published at least {self._period_words()} "
                f"before {event}, for events while the instrument is in force ({ctx.direction.in_force_words()}). "
                "One finding per recorded "
                + ("meeting" if self.before == "meeting" else "decision")
                + ", due by the end of the last day the notice could be published."
            ],
            readings=self.rule_readings(),
        )
