"""`submit_for_approval`: submit something for a third party's approval: two steps, each with its own due instant.

    rule:
      kind: submit_for_approval
      submit: {date: 2017-07-20}                          # the council submits it by then
      approval: {after: {months: 6}, from: direction_date}  # the approver approves it by then
      approver: secretary-of-state                        # whose approval (a role slug, named under `roles:`)
      late_evidence: counts                               # optional: or not_counted, or {within: {days: 14}}
      reading: "..."

Two obligations: `<clause id>#submission`, the council's duty, answered by a submission naming the
clause (as a `deadline`'s); and `<clause id>#approval`, the approver's act, answered by an approval of
the clause by the approver (engine.model.facts.Approval), counted only once it follows the
submission's earliest possible time. Each finding says whose duty its step was. Both due specs are
required: a text that gives no date for the approval needs the undated ("open") duties of issue 15,
item 2 (directions/README.md says how to encode it once they exist). Coverage subject: the clause id
(the council's records of its submissions and of the approvals it received).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar, ids
from engine.core.calendar import FOREVER
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
    submit: DueSpec
    approval: DueSpec
    approver: Slug
    late_evidence: LateEvidence = "counts"
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("submissions", "approvals", "announcements", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {**LATE_EVIDENCE_PHRASES}
    answered_by: ClassVar[str] = "submission"

    def computed_readings(self) -> list[str]:
        return [
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
        submit_due = ctx.due_spec(self.submit).then("the council's duty: to submit it for approval")
        approval_due = ctx.due_spec(self.approval).then(f"the approval is the act of {who}, not of the council")
        evs = []
        for ev in evidence.submissions(ctx, cid, 1):
            if ev.match == f"{cid}#1":
                evs.append(dataclasses.replace(ev, ek=f"{ev.ek}#submission", match=f"{cid}#submission"))
        # an approval answers the duty only once something was submitted: the approval step opens at the
        # earliest possible time of the first submission (never, while none is recorded)
        opens = min((ev.earliest for ev in evs), default=FOREVER)
        obs = []
        for disc, due, label, expects, step_opens in (
            ("submission", submit_due, "the submission for approval (the council's duty)",
             f"a submission answering {cid} received by {calendar.human(submit_due.instant)}", 0),
            ("approval", approval_due, f"the approval by {who} ({who}'s act, not the council's)",
             f"the approval by {who} of what was submitted under {cid}, by {calendar.human(approval_due.instant)}, "
             "given after the submission", opens),
        ):  # fmt: skip
            certain, why = ctx.certain(cid, due.epoch)
            obs.append(
                ctx.obligation(
                    clause, disc, label=label, match=f"{cid}#{disc}", due=due, certain=certain, certain_why=why,
                    readings=self.rule_readings(), occurrence=1 if disc == "submission" else None, expects=expects,
                    opens=step_opens, answered_by="approval" if disc == "approval" else "",
                    late_until=late_until(self.late_evidence, due),
                )
            )  # fmt: skip
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

    def problems(self, direction: Direction) -> list[Problem]:
        """Either due date before the direction's date or after its end is refused, and so is an
        approval due before the submission."""
        out = due_problems(direction, self.submit, ("submit",), "the submission")
        out += due_problems(direction, self.approval, ("approval",), "the approval")
        if not out and ctx_due(direction, self.approval) < ctx_due(direction, self.submit):
            out.append(
                (("approval",), "the approval falls due before the submission: expected a due date on or after it")
            )
        return out

    def occurrences(self, direction: Direction, clause: Clause) -> int | None:
        """One: the submission (and its approval)."""
        return 1

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        who = self._approver(ctx.direction)
        submit, approval = ctx.due_spec(self.submit), ctx.due_spec(self.approval)
        readings = [s.reading for s in (self.submit, self.approval) if s.reading] + self.rule_readings()
        return Reading(
            [
                f"Submitted for approval: the council submits it by {calendar.human(submit.instant)} (its duty); "
                f"{who[0].upper()}{who[1:]} ({quoted(self.approver)}) approves it by {calendar.human(approval.instant)} "
                f"({who}'s act, not the council's, tracked as an expected event). An approval counts only after "
                "the submission."
            ],
            [Occurrence.of("the submission", submit), Occurrence.of(f"the approval by {who}", approval)],
            readings=readings,
        )


def ctx_due(direction: Direction, spec: DueSpec) -> int:
    """The due instant of a spec for a direction, epoch seconds."""
    return due_for(direction, spec).epoch
