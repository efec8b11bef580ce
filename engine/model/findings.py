"""Findings: what the Monitoring Officer reads, each able to explain itself.

A finding is one obligation with the status the rules gave it, the evidence the rules used,
and an explanation built from the clause (its quoted text and source), the due-date computation
and the facts (or the absence of facts) that decided it. The JSON form (`comply check --format
json`) is `Report.model_dump(mode="json")` and is documented in docs/statuses-and-json.md: keep it stable.

Why two shapes of each: an evaluation makes hundreds of findings per authority, and most are
never read in words (the Board report's chart counts statuses at twelve month-ends, the benchmark
compares ids and statuses, a nightly run's digest lists a few). So `Finding` and `Report` are light
objects, made without validation, and a finding's explanation is built when it is first asked for
(`Finding.explanation`). The pydantic models `FindingRecord` and `ReportRecord` are the JSON contract:
every finding is validated against them where it leaves the system (`model_dump`: JSON out, the
store of nightly runs) or enters it (`model_validate`, `model_validate_json`: read back from the
store). Making a finding was a sixth of an evaluation's CPU, two fifths of it pydantic's validation
(docs/performance.md, "A cheaper pipeline"). The light classes keep the few pydantic methods the
code uses (`model_dump`, `model_copy`, `model_validate`, `model_validate_json`) with pydantic's
meaning, so their callers read the same.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from pydantic import BaseModel

from engine.core import calendar
from engine.core.status import Status

__all__ = ["FINDING_FORMAT", "DutyHolderOut", "Explanation", "Finding", "FindingRecord", "Report", "ReportRecord"]

#: The form of a finding as runs store and compare it: how its `id` names its obligation (docs/statuses-and-json.md,
#: finding ids) and the fields of `FindingRecord`. Every nightly run records it (engine/store/runs.py), and a run
#: compares its findings with the previous run's only when both have the same form: a finding whose id is spelled
#: differently for the same obligation would otherwise be told as new (docs/nightly.md, "After an upgrade").
#: Raise it with any change that makes a finding of an earlier release not the same obligation under the same id,
#: or not readable as it was: an id spelled anew, a field renamed or removed, a status renamed. A field added with a
#: default (read as the default from an earlier run) leaves it as it is. tests/evaluation/test_finding_format.py
#: pins it to FindingRecord's schema, so that a change to the record cannot pass without this choice being made.
FINDING_FORMAT = 1


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


class FindingRecord(BaseModel):
    """One finding as the JSON contract has it (the order of the fields is the order of the JSON keys)."""

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
    # False when `due` is a day whose time is not recorded (a meeting's, `time_known: false`): `due` is then
    # the start of that day, and people read "12 June 2017 (time not recorded)", not midnight
    due_time_known: bool = True


class ReportRecord(BaseModel):
    """A report as the JSON contract has it."""

    as_of: str
    authority: str
    authority_name: str
    due_soon_days: int
    directions: list[str]
    counts: dict[str, int]
    findings: list[FindingRecord]


#: the fields of a finding other than its explanation, in the contract's order
_PLAIN = tuple(name for name in FindingRecord.model_fields if name != "explanation")


class Finding:
    """One finding, light: the fields of `FindingRecord`, not validated when made (the evaluation
    makes them from values it computed itself), and `explanation` built from `explain` the first
    time it is read (or given ready-made). Validated against `FindingRecord` by `model_dump`;
    made from outside data only through `model_validate` / `model_validate_json`, which validate.
    Two findings are equal when their records are."""

    __slots__ = (*_PLAIN, "_explanation", "_explain")  # the fields, typed as in __init__

    def __init__(
        self,
        *,
        id: str,  # noqa: A002 - the contract's name
        authority: str,
        direction: str,
        clause: str,
        clause_title: str,
        subject: str,
        duty_holder: DutyHolderOut,
        recipient: str | None,
        due: str,
        status: Status,
        evidence: list[str],
        explanation: Explanation | None = None,
        explain: Callable[[], Explanation] | None = None,
        kind: str = "",
        occurrence: int | None = None,
        answered_by: str | None = None,
        due_earliest: str | None = None,
        open_since: str | None = None,
        due_time_known: bool = True,
    ) -> None:
        if (explanation is None) == (explain is None):
            raise TypeError("a finding needs exactly one of explanation= and explain=")
        self.id, self.authority, self.direction, self.clause = id, authority, direction, clause
        self.clause_title, self.subject, self.duty_holder, self.recipient = (
            clause_title,
            subject,
            duty_holder,
            recipient,
        )
        self.due, self.status, self.evidence, self.kind = due, status, evidence, kind
        self.occurrence, self.answered_by, self.due_earliest, self.open_since = (
            occurrence, answered_by, due_earliest, open_since,
        )  # fmt: skip
        self.due_time_known = due_time_known
        self._explanation = explanation
        self._explain = explain

    @property
    def explanation(self) -> Explanation:
        """Why the finding has its status, in words: built (and validated) when first read."""
        if self._explanation is None:
            assert self._explain is not None
            self._explanation = self._explain()
            self._explain = None  # what it closed over (the obligation, the evidence) can go
        return self._explanation

    def _values(self) -> dict[str, Any]:
        """Every field by its contract name, in the contract's order, the explanation built."""
        values = {name: getattr(self, name) for name in _PLAIN}
        values["explanation"] = self.explanation
        return {name: values[name] for name in FindingRecord.model_fields}

    def record(self) -> FindingRecord:
        """The finding validated against the JSON contract. Raises pydantic.ValidationError."""
        return FindingRecord.model_validate(self._values())

    def model_dump(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """The finding as the contract's dict (pydantic's `model_dump`), validated on the way out."""
        return self.record().model_dump(mode=mode)

    @classmethod
    def of(cls, record: FindingRecord) -> Finding:
        """The light finding of a validated record."""
        return cls(**{name: getattr(record, name) for name in FindingRecord.model_fields})

    @classmethod
    def model_validate(cls, data: Any) -> Finding:
        """A finding from outside data (a dict of the JSON form). Raises pydantic.ValidationError."""
        return cls.of(FindingRecord.model_validate(data))

    @classmethod
    def model_validate_json(cls, text: str | bytes) -> Finding:
        """A finding from its JSON text (the store of nightly runs). Raises pydantic.ValidationError."""
        return cls.of(FindingRecord.model_validate_json(text))

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Finding:
        """A copy with some fields replaced (not validated, as pydantic's `model_copy`)."""
        values = self._values()
        if deep:
            values = copy.deepcopy(values)
        values.update(update or {})
        return Finding(**values)

    def due_words(self) -> str:
        """When the finding falls due, in GOV.UK's words (engine.core.calendar.govuk_words): '10am on 30
        June 2017', '30 June 2017' (a whole day), '12 June 2017 (time not recorded)' (a day whose time is
        not recorded); '... at the latest (... at the earliest)' for one known only to a range; 'no due
        date (owed since 7 April 2017)' for a duty with none. What `explain`, `check --wide`, the desk
        and the calendar feed say; `--format json` keeps the ISO instants."""
        if self.open_since is not None:
            return f"no due date (owed since {calendar.day_words(calendar.parse_instant(self.open_since).in_timezone(calendar.LONDON).date())})"
        words = calendar.govuk_words(calendar.parse_instant(self.due), self.due_time_known)
        if self.due_earliest is not None:
            words += (
                f" at the latest ({calendar.govuk_words(calendar.parse_instant(self.due_earliest))} at the earliest)"
            )
        return words

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable, as a pydantic model is

    def __repr__(self) -> str:
        return f"Finding(id={self.id!r}, status={self.status!r}, due={self.due!r})"

    # pickled with its explanation built (a worker process returns its findings to the parent;
    # the builder closes over the obligation and is not picklable), as deepcopy is
    def __getstate__(self) -> dict[str, Any]:
        return self._values()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]


@dataclass(eq=False)
class Report:
    """The findings of one authority as of an instant, light as its findings are (`ReportRecord` is
    its JSON contract: `model_dump` validates against it)."""

    as_of: str
    authority: str
    authority_name: str
    due_soon_days: int
    directions: list[str]
    counts: dict[str, int]
    findings: list[Finding] = field(default_factory=list)

    def record(self) -> ReportRecord:
        """The report validated against the JSON contract. Raises pydantic.ValidationError."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["findings"] = [f.record() for f in self.findings]
        return ReportRecord.model_validate(values)

    def model_dump(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """The report as the contract's dict (pydantic's `model_dump`), validated on the way out."""
        return self.record().model_dump(mode=mode)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Report:
        """A copy with some fields replaced (not validated, as pydantic's `model_copy`)."""
        out = copy.deepcopy(self) if deep else self
        return replace(out, **(update or {}))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]
