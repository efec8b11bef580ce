"""Findings: what the Monitoring Officer reads, each able to explain itself.

A finding is one obligation with the status the rules gave it, the evidence the rules used,
and an explanation built from the clause (its quoted text and source), the due-date computation
and the facts (or the absence of facts) that decided it. The JSON form (`comply check --format
json`) is `Report.model_dump(mode="json")` and is documented in README.md: keep it stable.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Status = Literal["met", "met_late", "breached", "due_soon", "upcoming", "unknown", "lapsed"]

#: display order: what needs action first
STATUS_ORDER: list[str] = ["breached", "unknown", "due_soon", "met_late", "met", "upcoming", "lapsed"]

STATUS_WORDS = {
    "met": "met",
    "met_late": "met late",
    "breached": "breached",
    "due_soon": "due soon",
    "upcoming": "upcoming",
    "unknown": "unknown (not proven either way)",
    "lapsed": "lapsed (falls after the direction stopped binding)",
}


class DutyHolderOut(BaseModel):
    kind: Literal["council", "role", "third_party"]
    name: str


class Explanation(BaseModel):
    clause_text: str
    source: str
    due_computation: list[str]
    readings: list[str]
    expected: str
    facts: list[str]  # the evidence in words, or what is missing
    reason: str  # one sentence: why this status


class Finding(BaseModel):
    id: str
    authority: str
    direction: str
    clause: str
    clause_title: str
    subject: str
    duty_holder: DutyHolderOut
    recipient: str | None
    due: str  # ISO 8601 with offset
    status: Status
    evidence: list[str]  # store fact ids
    explanation: Explanation


class Report(BaseModel):
    as_of: str
    authority: str
    authority_name: str
    due_soon_days: int
    directions: list[str]
    counts: dict[str, int]
    findings: list[Finding]


def reason_for(status: str, has_evidence: bool, certain_why: str, holder: DutyHolderOut) -> str:
    whose = {"council": "",
             "role": f" The council must see that {holder.name} does this.",
             "third_party": f" This was the duty of {holder.name}, not of the council."}[holder.kind]
    text = {
        "met": "Evidence shows it was done by the due time.",
        "met_late": "It was done, but only after the due time.",
        "breached": f"The due time has passed and nothing in the records satisfies it; {certain_why}.",
        "due_soon": "It is not yet due, falls due within the warning window, and nothing yet satisfies it.",
        "upcoming": "It is not yet due and nothing yet satisfies it.",
        "lapsed": "It would fall due after the direction stopped binding, so it is not owed.",
        "unknown": ("There is evidence, but its time is not known precisely enough to say whether it was in time."
                    if has_evidence else f"The due time has passed and no record satisfies it, but {certain_why}."),
    }[status]
    return text + whose
