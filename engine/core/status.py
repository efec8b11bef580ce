"""The one table of finding statuses: their words, what they mean and their colours.

Why one table: the status of a finding is what the Monitoring Officer acts on, and the same word
must read the same everywhere (the terminal, the desk, the Board report and its chart, the email
digest, the calendar feed, the lawyers' scenarios). Every output takes the words, the meaning, the
order and the colour from here; nothing else spells them.

The meanings are those of the table of statuses in docs/statuses-and-json.md; the rules that give each status are in
rules/obligations.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Status",
    "StatusInfo",
    "STATUSES",
    "STATUS_ORDER",
    "STATUS_WORDS",
    "info",
    "word",
    "counts_words",
    "tag_classes",
    "colour",
]

Status = Literal["met", "met_late", "breached", "due_soon", "open", "upcoming", "unknown", "lapsed"]


@dataclass(frozen=True)
class StatusInfo:
    """One status: its key (as in JSON), its short word, its long words, its meaning, its colour."""

    key: str
    word: str  # "met late": in tables, counts and scenario sentences
    long: str  # "unknown (not proven either way)": in headings and explanations
    meaning: str  # one sentence, as docs/statuses-and-json.md gives it
    colour: str  # "#b3261e": a hex colour, legible as text on white and as a bar (terminal, CSS, chart)
    owed: bool  # still owed and not settled: the worklist and the calendar feed
    past_due: bool  # its due time has passed without it being met
    dated: bool = True  # it has a due date (False for `open`: a duty with no date; the calendar feed leaves it out)
    #: GOV.UK Frontend's tag colour modifier ("govuk-tag--red"; "" for the tag's own blue): the desk shows the
    #: status as a GOV.UK tag of this colour (`tag_classes`)
    tag: str = ""


#: in display order: what needs action first
STATUSES: tuple[StatusInfo, ...] = (
    StatusInfo(
        "breached",
        "breached",
        "breached",
        "the due time has passed, nothing satisfies it, and the records are complete",
        "#b3261e",
        owed=True,
        past_due=True,
        tag="govuk-tag--red",
    ),
    StatusInfo(
        "unknown",
        "unknown",
        "unknown (not proven either way)",
        "not proven either way: the evidence's time is not precise enough, or nothing is recorded "
        "but the records are not known to be complete",
        "#b38600",
        owed=True,
        past_due=True,
        tag="govuk-tag--yellow",
    ),
    StatusInfo(
        "due_soon",
        "due soon",
        "due soon",
        "not yet due, due within the warning window",
        "#8e3ba8",
        owed=True,
        past_due=False,
        tag="govuk-tag--purple",
    ),
    StatusInfo(
        "open",
        "open",
        "open (no due date, not yet done)",
        "a duty with no due date (as soon as practicable, regularly, to someone's satisfaction): owed since it "
        "arose and nothing satisfies it yet; never breached for want of a date",
        "#00796b",
        owed=True,
        past_due=False,
        dated=False,
        tag="govuk-tag--teal",
    ),
    StatusInfo(
        "met_late",
        "met late",
        "met late",
        "done, but after the due time",
        "#c25e00",
        owed=False,
        past_due=True,
        tag="govuk-tag--orange",
    ),
    StatusInfo(
        "met",
        "met",
        "met",
        "evidence shows it was done by the due time",
        "#2e7d32",
        owed=False,
        past_due=False,
        tag="govuk-tag--green",
    ),
    StatusInfo(
        "upcoming",
        "upcoming",
        "upcoming",
        "not yet due, due after the warning window",
        "#1f6fb2",
        owed=True,
        past_due=False,
        tag="",
    ),
    StatusInfo(
        "lapsed",
        "lapsed",
        "lapsed (falls after the direction stopped binding)",
        "would fall due while the direction did not bind (ended, revoked, or superseded by a new version)",
        "#757575",
        owed=False,
        past_due=False,
        tag="govuk-tag--grey",
    ),
)

_BY_KEY = {s.key: s for s in STATUSES}

#: display order: what needs action first
STATUS_ORDER: list[str] = [s.key for s in STATUSES]

#: status key -> long words ("unknown (not proven either way)")
STATUS_WORDS: dict[str, str] = {s.key: s.long for s in STATUSES}


def info(status: str) -> StatusInfo:
    """The table's row for a status key; KeyError for a key that is not a status."""
    return _BY_KEY[status]


def word(status: str) -> str:
    """The short word for a status key: 'met late' for met_late."""
    return _BY_KEY[status].word


def counts_words(counts: Mapping[str, int]) -> str:
    """Counts of findings by status key in words, in STATUS_ORDER, the statuses with none left out:
    "178 unknown, 1 met late, 25 met"; "" when there are none. How the nightly run and its history say them."""
    return ", ".join(f"{counts[k]} {word(k)}" for k in STATUS_ORDER if counts.get(k))


def tag_classes(status: str) -> str:
    """The classes of GOV.UK Frontend's tag for a status key: 'govuk-tag govuk-tag--red' for breached."""
    return f"govuk-tag {_BY_KEY[status].tag}".strip()


def colour(status: str) -> str:
    """The hex colour of a status key."""
    return _BY_KEY[status].colour
