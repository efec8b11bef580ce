"""The plan's position as of a date: counts by area and status, and the contradictions.

Why a plain function returning a pydantic model: the CLI (`comply plan`), the desk and the Board
report all show the same position; they call `plan_position(rows, as_of)` and render the model
(or its JSON). The derived statuses come from the durable-rules evaluation (rules_runner.py);
this module only arranges them and writes each contradiction's explanation.

Contradictions are grouped by the lead officer as the plan writes it ("Will Tuckley/Louise
Stamp" is its own group): a joint lead answers jointly, and no contradiction is counted twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from engine.core import calendar
from engine.plan.deadlines import DeadlineReading
from engine.plan.model import (
    DEFINITIONS,
    DEFINITIONS_SOURCE,
    DERIVED_STATUSES,
    NOT_DERIVABLE,
    REPORTED_STATUSES,
    PlanRow,
)
from engine.plan.rules_runner import Derivation, derive

#: better first: a report better than the derivation may be false assurance
_RANK = {"Completed": 0, "On Target": 1, "Delayed": 2, "Overdue": 3}


class MilestoneStatus(BaseModel):
    """One milestone as of the date: what was reported, what the definitions give, and why."""

    area: str
    action_ref: str
    action: str
    milestone_ref: str
    milestone: str
    lead_officer: str
    deadline: DeadlineReading
    percent_complete: int | None
    reported: str
    derived: str
    basis: str  # the rule that decided (says why when not derivable)
    contradiction: bool
    direction: Literal["reported better than derived", "reported worse than derived"] | None = None
    comment: str
    source_line: str
    transcription_note: str
    explanation: list[str]


class PlanPosition(BaseModel):
    """The whole plan as of one instant."""

    authority: str
    as_of: dt.datetime
    milestones: int
    areas: list[str]
    derived_counts: dict[str, dict[str, int]]  # area -> derived status -> count
    reported_counts: dict[str, dict[str, int]]  # area -> reported status -> count
    derived_totals: dict[str, int]
    reported_totals: dict[str, int]
    contradictions: int
    reported_better: int  # contradictions where the report is better than the definitions give
    contradictions_by_officer: dict[str, list[MilestoneStatus]]
    rows: list[MilestoneStatus]

    def summary(self) -> str:
        """One line for `comply check`."""
        derived = ", ".join(f"{self.derived_totals[s]} {s}" for s in DERIVED_STATUSES if self.derived_totals[s])
        return (
            f"Improvement plan ({self.milestones} milestones) as of {calendar.govuk_words(self.as_of)}, "
            f"by the council's definitions: {derived}; {self.contradictions} reported statuses contradict "
            f"them ({self.reported_better} reported better)"
        )


def _why(row: PlanRow, d: Derivation, reading: DeadlineReading, as_of: Any) -> str:
    when = calendar.human(as_of)
    if d.basis == "Completed":
        if reading.due is not None and reading.due < as_of:
            return (
                "100% complete; the plan gives no completion date, so that it was achieved by the deadline "
                "is taken on the council's word"
            )
        return "100% complete" + (f", before the deadline ({calendar.human(reading.due)})" if reading.due else "")
    if d.basis == "On Target":
        return f"not complete ({row.percent_complete}%) and the deadline ({calendar.human(reading.due)}) is not past on {when}"
    if d.basis == "Delayed":
        return (
            f"not complete ({row.percent_complete}%), past the deadline ({calendar.human(reading.due)}) but within "
            f"a month of it (to {calendar.human(reading.grace_until)}) on {when}"
        )
    if d.basis == "Overdue":
        return (
            f"not complete ({row.percent_complete}%) and more than a month past the deadline "
            f"({calendar.human(reading.due)}; the month ended {calendar.human(reading.grace_until)}) on {when}"
        )
    if d.basis.endswith("(no % complete)"):
        return "the plan gives no % complete, so neither completion nor delay can be derived"
    return f"not complete and the deadline gives no date to measure against ({reading.kind})"


def _explanation(row: PlanRow, d: Derivation, reading: DeadlineReading, as_of: Any) -> list[str]:
    lines = [
        f"milestone {row.milestone_ref} ({row.area}, action {row.action_ref}): {row.milestone}",
        f"lead officer: {row.lead_officer}",
        f"deadline as written: '{row.deadline_as_written}' — {reading.words}",
        f"as of: {calendar.human(as_of)} ({calendar.iso(as_of)})",
        f"% complete: {'not given' if row.percent_complete is None else str(row.percent_complete) + '%'}",
        f"reported: {row.reported_status}; derived: {d.derived}",
        f"why derived: {_why(row, d, reading, as_of)}",
    ]
    if d.derived != NOT_DERIVABLE:
        line, text = DEFINITIONS[d.derived]
        lines.append(f'the definition that applies ({DEFINITIONS_SOURCE}, line {line}): "{text}"')
    if d.contradiction:
        line, text = DEFINITIONS[row.reported_status]
        lines.append(f'the definition reported ({DEFINITIONS_SOURCE}, line {line}): "{text}"')
    lines.append(f"comment: {row.comment or '(none)'}")
    lines.append(f"source: seed line {row.source_line}" if row.source_line else "source: (no line given)")
    if row.transcription_note:
        lines.append(f"transcription note: {row.transcription_note}")
    return lines


def plan_position(rows: list[PlanRow], as_of: Any, authority: str = "") -> PlanPosition:
    """The plan's position as of `as_of` (a pendulum DateTime in London, or text calendar can read)."""
    as_of = calendar.parse_instant(as_of) if not hasattr(as_of, "in_timezone") else as_of.in_timezone(calendar.LONDON)
    derivations = derive(rows, as_of)
    areas = list(dict.fromkeys(r.area for r in rows))
    derived_counts = {a: {s: 0 for s in DERIVED_STATUSES} for a in areas}
    reported_counts = {a: {s: 0 for s in REPORTED_STATUSES} for a in areas}
    out: list[MilestoneStatus] = []
    by_officer: dict[str, list[MilestoneStatus]] = {}
    for row in rows:
        d = derivations[row.milestone_ref]
        reading = row.deadline
        direction = None
        if d.contradiction:
            better = _RANK[row.reported_status] < _RANK[d.derived]
            direction = "reported better than derived" if better else "reported worse than derived"
        status = MilestoneStatus(
            area=row.area,
            action_ref=row.action_ref,
            action=row.action,
            milestone_ref=row.milestone_ref,
            milestone=row.milestone,
            lead_officer=row.lead_officer,
            deadline=reading,
            percent_complete=row.percent_complete,
            reported=row.reported_status,
            derived=d.derived,
            basis=d.basis,
            contradiction=d.contradiction,
            direction=direction,
            comment=row.comment,
            source_line=row.source_line,
            transcription_note=row.transcription_note,
            explanation=_explanation(row, d, reading, as_of),
        )
        out.append(status)
        derived_counts[row.area][d.derived] += 1
        reported_counts[row.area][row.reported_status] += 1
        if d.contradiction:
            by_officer.setdefault(row.lead_officer, []).append(status)
    contradictions = [s for s in out if s.contradiction]
    return PlanPosition(
        authority=authority,
        as_of=as_of,
        milestones=len(out),
        areas=areas,
        derived_counts=derived_counts,
        reported_counts=reported_counts,
        derived_totals={s: sum(c[s] for c in derived_counts.values()) for s in DERIVED_STATUSES},
        reported_totals={s: sum(c[s] for c in reported_counts.values()) for s in REPORTED_STATUSES},
        contradictions=len(contradictions),
        reported_better=sum(1 for s in contradictions if s.direction == "reported better than derived"),
        contradictions_by_officer=dict(sorted(by_officer.items())),
        rows=out,
    )
