"""Findings: what the Monitoring Officer reads, each able to explain itself.

A finding is one obligation with the status the rules gave it, the evidence the rules used,
and an explanation built from the clause (its quoted text and source), the due-date computation
and the facts (or the absence of facts) that decided it. The JSON form (`comply check --format
json`) is `Report.model_dump(mode="json")` and is documented in docs/statuses-and-json.md: keep it stable.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from engine.core.status import Status

__all__ = ["DutyHolderOut", "Explanation", "Finding", "Report"]


class DutyHolderOut(BaseModel):
    kind: Literal["council", "role", "third_party"]
    name: str


class Explanation(BaseModel):
    clause_text: str
    source: str
    due_computation: list[str]
    readings: list[str]
    expected: str
    facts: list[str]  # the evidence in words, or what is missing, then any announcements
    reason: str  # one sentence: why this status
    announcements: list[str] = []  # what a paper said would be sent for this duty: shown, never evidence


class Finding(BaseModel):
    id: str
    authority: str
    direction: str
    clause: str
    clause_title: str
    subject: str
    duty_holder: DutyHolderOut
    recipient: str | None
    due: str  # ISO 8601 with offset; the latest possible instant when it is known only to a range
    status: Status
    evidence: list[str]  # store fact ids (engine.core.ids)
    explanation: Explanation
    kind: str = ""  # the clause's rule kind (`deadline`, `recurring`, ...): what the desk offers to record
    occurrence: int | None = None  # which occurrence of a deadline or recurring duty (1, 2, ...), else None
    answered_by: str | None = (
        None  # the kind of fact that satisfies it: submission, meeting, membership, response, decision, role,
        # adoption, approval, interest
    )
    due_earliest: str | None = None  # the earliest possible due instant where it is known only to a range, else None
    open_since: str | None = None  # a duty with no due date: when it became owed (`due` says the same), else None

    def due_words(self) -> str:
        """The due column of a table: the ISO due instant; 'no due date (owed since ...)' for a duty with
        none; 'by ... (at the earliest ...)' for one known only to a range."""
        if self.open_since is not None:
            return f"no due date (owed since {self.open_since})"
        if self.due_earliest is not None:
            return f"{self.due} (at the earliest {self.due_earliest})"
        return self.due


class Report(BaseModel):
    as_of: str
    authority: str
    authority_name: str
    due_soon_days: int
    directions: list[str]
    counts: dict[str, int]
    findings: list[Finding]
