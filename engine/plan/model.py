"""One milestone row of an improvement plan, as imported (the council's words, validated).

Why a model separate from the status: the row is what the council wrote (reported status, %
complete, deadline as written); the derived status is computed from it as of a date and never
stored, so that the same plan answers for any as-of date.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.plan.deadlines import DeadlineReading, read_deadline

ReportedStatus = Literal["On Target", "Completed", "Delayed", "Overdue"]
REPORTED_STATUSES: tuple[str, ...] = ("Completed", "On Target", "Delayed", "Overdue")
NOT_DERIVABLE = "not derivable"
DERIVED_STATUSES: tuple[str, ...] = REPORTED_STATUSES + (NOT_DERIVABLE,)
#: the council's RAG colours for the plan's own statuses (not a finding's: those are engine/core/status.py),
#: as its "Overall Q2 Status" chart has them: green done/on target, amber delayed, red overdue, grey not derivable
STATUS_COLOURS: dict[str, str] = {
    "Completed": "#2e7d32",
    "On Target": "#66bb6a",
    "Delayed": "#ffb300",
    "Overdue": "#c62828",
    NOT_DERIVABLE: "#9e9e9e",
}

#: The council's definitions, quoted from the Q2 report (seed 002_7d5881941015d02d.txt, lines 450-453).
DEFINITIONS: dict[str, tuple[int, str]] = {
    "On Target": (450, "On Target – where the key milestone will be achieved by the deadline"),
    "Completed": (451, "Completed – Where the key milestone has been achieved by the deadline"),
    "Delayed": (
        452,
        "Delayed – where the key milestone has not yet been completed but will be completed "
        "within a month of the original deadline",
    ),
    "Overdue": (
        453,
        "Overdue - where the key milestone has been delayed by more than a month from the date "
        "of the original deadline",
    ),
}
DEFINITIONS_SOURCE = "seed 002_7d5881941015d02d.txt (BVIB agenda pack, 11 September 2017)"


class PlanRow(BaseModel):
    """A key milestone of a plan action, with what the council reported about it."""

    model_config = ConfigDict(frozen=True)

    area: str = Field(min_length=1)
    action_ref: str = Field(min_length=1)
    action: str = ""
    milestone_ref: str = Field(min_length=1)
    milestone: str = Field(min_length=1)
    lead_officer: str = Field(min_length=1)
    deadline_as_written: str = ""
    reported_status: ReportedStatus
    percent_complete: int | None = Field(default=None, ge=0, le=100)
    comment: str = ""
    source_line: str = ""
    transcription_note: str = ""

    @property
    def deadline(self) -> DeadlineReading:
        return read_deadline(self.deadline_as_written)
