"""`submit_for_approval`: submit something for a third party's approval: two steps, each with its own due instant.

    rule:
      kind: submit_for_approval
      submit: {date: 2017-07-20}                          # the council submits it by then
      approval: {after: {months: 6}, from: direction_date}  # the approver approves it by then
      approver: secretary-of-state                        # whose approval (a role slug, named under `roles:`)
      # either step may be left out when the text gives it no date ("submit a plan as soon as practicable
      # for the Secretary of State's approval"): that step is then open (no due date) until done
      late_evidence: counts                               # optional: or not_counted, or {within: {days: 14}}
      reading: "..."

Two obligations: `<clause id>#submission`, the council's duty, answered by a submission naming the
clause (as a `deadline`'s); and `<clause id>#approval`, the approver's act, answered by an approval of
the clause by the approver (engine.model.facts.Approval), counted only once it follows the
submission's earliest possible time. Each finding says whose duty its step was. A step whose due spec is
left out has no due date (the `undated` kind's status `open`, rules/obligations.py): the submission is
owed from the start of the in-force period, the approval from the first submission's earliest possible
time (no approval finding while nothing is submitted: nothing is yet owed of the approver); either is
`met` once done, never breached or late for want of a date. Coverage subject: the clause id (the
council's records of its submissions and of the approvals it received).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar, Literal

import pendulum

from engine.core import calendar, ids
from engine.core.calendar import FOREVER, Due
from engine.kinds import evidence
from engine.kinds.base import (
    Context,
    Evidence,
    Obligation,
    Occurrence,
    Problem,
    Reading,
    RuleKind,
    due_for,
    due_problems,
    quoted,
)
from engine.kinds.registry import register
from engine.model.specs import LATE_EVIDENCE_PHRASES, DueSpec, LateEvidence, Slug, late_until, late_words

if TYPE_CHECKING:
    from engine.directions.model import Clause, Direction

__all__ = ["SubmitForApproval"]


@register
class SubmitForApproval(RuleKind):
    """Submit something for approval: the council's submission by one due instant, a third party's
    approval of it by another."""

    kind: Literal["submit_for_approval"]
    submit: DueSpec | None = None  # None: no date given (open until submitted)
    approval: DueSpec | None = None  # None: no date given (open from the submission until approved)
    approver: Slug
    late_evidence: LateEvidence = "counts"
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("submissions", "approvals", "announcements", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {**LATE_EVIDENCE_PHRASES}
    answered_by: ClassVar[str] = "submission"

    def computed_readings(self) -> list[str]:
        undated = [
            f"No due date for the {step} (no `{field}:` given): it is open until done, never breached or late "
            "for want of a date."
            for step, field, spec in (("submission", "submit", self.submit), ("approval", "approval", self.approval))
            if spec is None
        ]
        return undated + [
            late_words(self.late_evidence),
            f"Two steps: the council's submission, then the approval by the approver ({self.approver}), which is "
            "the approver's act, not the council's; an approval by anyone else, or given before anything was "
            "submitted, does not count (approver).",
        ]

    def _approver(self, direction: Direction) -> str:
        """Whose approval, in words: 'the Secretary of State' (the role's name under `roles:`, or its slug)."""
        named = direction.role_named(self.approver)
        name = named.name if named else self.approver
        return name if name.lower().startswith("the ") else f"the {name}"

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        who = self._approver(ctx.direction)
        evs = []
        for ev in evidence.submissions(ctx, cid, 1):
            if ev.match == f"{cid}#1":
                evs.append(dataclasses.replace(ev, ek=f"{ev.ek}#submission", match=f"{cid}#submission"))
        # an approval answers the duty only once something was submitted: the approval step opens at the
        # earliest possible time of the first submission (never, while none is recorded)
        opens = min((ev.earliest for ev in evs), default=FOREVER)
        submit_due = self._step_due(ctx, self.submit, "the council's duty: to submit it for approval", None)
        approval_due = self._step_due(
            ctx, self.approval, f"the approval is the act of {who}, not of the council", opens
        )
        obs = []
        for disc, due, dated, label, expects, step_opens in (
            ("submission", submit_due, self.submit is not None, "the submission for approval (the council's duty)",
             f"a submission answering {cid} " + ("received " if self.submit else "") + _by(submit_due, self.submit is not None), 0),
            ("approval", approval_due, self.approval is not None,
             f"the approval by {who} ({who}'s act, not the council's)",
             f"the approval by {who} of what was submitted under {cid}, " + _by(approval_due, self.approval is not None)
             + ", given after the submission", opens),
        ):  # fmt: skip
            if due is None:  # an undated approval while nothing is submitted: nothing is owed of the approver yet
                continue
            certain, why = ctx.certain(cid, due.epoch)
            ob = ctx.obligation(
                clause, disc, label=label, match=f"{cid}#{disc}", due=due, certain=certain, certain_why=why,
                readings=self.rule_readings(), occurrence=1 if disc == "submission" else None, expects=expects,
                opens=step_opens if dated else due.epoch, answered_by="approval" if disc == "approval" else "",
                late_until=late_until(self.late_evidence, due) if dated else None,
            )  # fmt: skip
            ob.dated = dated
            obs.append(ob)
        for ap in ctx.state.approvals:
            if ap.clause != cid or (ap.occurrence or 1) != 1 or ap.by != self.approver:
                continue
            t = ap.approved_at.int_timestamp
            what = ap.what or f"the approval of {clause.title}"
            words = f"{what} ({ap.key}) by {who}, given {calendar.human(ap.approved_at)}" + evidence.source_words(
                ap.source
            )
            fid = ids.approval_id(ap.key)
            evs.append(Evidence.event(f"{fid}#approval", f"{cid}#approval", t, fid, words))
        return obs, evs

    @staticmethod
    def _step_due(ctx: Context, spec: DueSpec | None, step: str, owed_from: int | None) -> Due | None:
        """A step's due instant with how it was computed; for a step with no date, the instant it became
        owed (`owed_from`, epoch seconds, or the start of the in-force period when None); None for an
        undated approval while nothing is submitted."""
        if spec is not None:
            return ctx.due_spec(spec).then(step)
        if owed_from is None:
            start = ctx.direction.in_force.start
            owed = calendar.start_of_day_instant(start)
            why = f"owed from the start of the direction's in-force period: {calendar.day_words(start)}"
        elif owed_from >= FOREVER:
            return None
        else:
            owed = pendulum.from_timestamp(owed_from, tz=calendar.LONDON)
            why = f"owed from the first submission's earliest possible time: {calendar.human(owed)}"
        return Due(owed, (why, "no due date: the text gives this step none", step))

    def problems(self, direction: Direction) -> list[Problem]:
        """Either due date before the direction's date or after its end is refused, and so is an
        approval due before the submission."""
        out = due_problems(direction, self.submit, ("submit",), "the submission") if self.submit else []
        out += due_problems(direction, self.approval, ("approval",), "the approval") if self.approval else []
        if out or self.submit is None or self.approval is None:
            return out
        if ctx_due(direction, self.approval) < ctx_due(direction, self.submit):
            out.append(
                (("approval",), "the approval falls due before the submission: expected a due date on or after it")
            )
        return out

    def occurrences(self, direction: Direction, clause: Clause) -> int | None:
        """One: the submission (and its approval)."""
        return 1

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        who = self._approver(ctx.direction)
        submit = ctx.due_spec(self.submit) if self.submit else None
        approval = ctx.due_spec(self.approval) if self.approval else None
        readings = [s.reading for s in (self.submit, self.approval) if s and s.reading] + self.rule_readings()
        submits = f"by {calendar.human(submit.instant)}" if submit else "with no due date (open until submitted)"
        approves = (
            f"by {calendar.human(approval.instant)}" if approval else "with no due date (open from the submission)"
        )
        occurrences = ([Occurrence.of("the submission", submit)] if submit else []) + (
            [Occurrence.of(f"the approval by {who}", approval)] if approval else []
        )
        return Reading(
            [
                f"Submitted for approval: the council submits it {submits} (its duty); "
                f"{who[0].upper()}{who[1:]} ({quoted(self.approver)}) approves it {approves} "
                f"({who}'s act, not the council's, tracked as an expected event). An approval counts only after "
                "the submission."
            ],
            occurrences,
            readings=readings,
        )


def _by(due: Due | None, dated: bool) -> str:
    """'received by 10:00 BST on ...', or 'with no due date' for an undated step."""
    if due is None or not dated:
        return "(no due date)"
    return f"by {calendar.human(due.instant)}"


def ctx_due(direction: Direction, spec: DueSpec) -> int:
    """The due instant of a spec for a direction, epoch seconds."""
    return due_for(direction, spec).epoch
