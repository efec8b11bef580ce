"""Direction files: the declarative form of a Secretary of State's direction (or a board's terms
of reference), validated by pydantic.

Why declarative: lawyers must be able to read what runs, and adding a direction must need no
Python. Every open point in the text (the due time of later reports, what "quarterly" means, by
when an adviser must be appointed) is a named parameter here with a `reading` that says in words
which interpretation was chosen. The format is documented in directions/README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from engine.core import calendar
from engine.core.errors import InputError
from engine.core.yamlfile import FileError, load_with_lines, pydantic_problems

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where the clause's words come from: a seed paper and its section or paragraph."""

    file: str
    section: str

    def words(self) -> str:
        return f"{self.file}, {self.section}"


class PeriodSpec(Strict):
    months: int = 0
    weeks: int = 0
    days: int = 0

    @model_validator(mode="after")
    def _not_empty(self) -> PeriodSpec:
        if self.months < 0 or self.weeks < 0 or self.days < 0 or not (self.months or self.weeks or self.days):
            raise InputError("a period needs a positive number of months, weeks or days")
        return self

    def period(self) -> calendar.Period:
        return calendar.Period(self.months, self.weeks, self.days)


TimeOfDay = Annotated[str, Field(pattern=r"^(end_of_day|start_of_day|([01]\d|2[0-3]):[0-5]\d)$")]


class DueSpec(Strict):
    """A due date: either a fixed `date`, or `after` a period `from` the direction date.

    `time` is 'end_of_day' (the default: "by <date>" means the whole day), 'start_of_day' or HH:MM.
    """

    date: dt.date | None = None
    after: PeriodSpec | None = None
    # what `after` counts from: the direction's date (the only anchor the seed directions use)
    start: Literal["direction_date"] = Field("direction_date", alias="from")
    time: TimeOfDay = "end_of_day"
    reading: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_of(self) -> DueSpec:
        if (self.date is None) == (self.after is None):
            raise InputError("give exactly one of `date` (a fixed day) or `after` (a period from the direction date)")
        return self


class Deadline(Strict):
    """One-off deadline: a submission answering this clause must be received by a due date."""

    kind: Literal["deadline"]
    due: DueSpec


class Recurring(Strict):
    """Recurring deadline: a first due date, then every period, ending with the direction.

    `then` lists explicit further offsets from the direction date before the regular `every`
    begins ("after 3 months, after 6 months, and every 6 months thereafter"). `anchor` is
    'schedule' (each due date counted from the first) or 'previous_event' (each counted from when
    the previous one was actually done, falling back to the schedule where it was not done).
    """

    kind: Literal["recurring"]
    first: DueSpec
    then: list[PeriodSpec] = []
    every: PeriodSpec
    anchor: Literal["schedule", "previous_event"] = "schedule"
    time: TimeOfDay | None = None  # time of day of the later occurrences; default: as the first
    align_month_end: bool = False
    reading: str | None = None


class PerMeeting(Strict):
    """Every meeting of a board must have an item presented by a role."""

    kind: Literal["per_meeting"]
    board: Slug
    item: Slug
    presented_by: Slug
    reading: str | None = None


class MeetingFrequency(Strict):
    """A board meets at least every `every` (gap between meetings), or at least once in each
    calendar quarter (`per: quarter`), optionally in public."""

    kind: Literal["meeting_frequency"]
    board: Slug
    every: PeriodSpec | None = None
    per: Literal["quarter"] | None = None
    public: bool = False
    reading: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> MeetingFrequency:
        if (self.every is None) == (self.per is None):
            raise InputError("give exactly one of `every` (longest gap between meetings) or `per: quarter`")
        return self


class Composition(Strict):
    """Who must sit on a board, checked at each of its meetings: the chair's role, required
    roles (as the capacity in which a member sits), every political group on the council, and a
    minimum number of external members."""

    kind: Literal["composition"]
    board: Slug
    chair_role: Slug | None = None
    required_roles: list[Slug] = []
    every_political_group: bool = False
    external_members: int = 0
    reading: str | None = None


class Appointment(Strict):
    """A role must be a member of a board: by a fixed date, or by the board's next meeting after
    the person is named; then at every later meeting of the board."""

    kind: Literal["appointment"]
    board: Slug
    role: Slug
    by: Literal["next_meeting_after_named", "date"]
    date: dt.date | None = None
    reading: str | None = None

    @model_validator(mode="after")
    def _date_given(self) -> Appointment:
        if (self.by == "date") != (self.date is not None):
            raise InputError("`date` is required when `by: date`, and only then")
        return self


class RequestResponse(Strict):
    """Each recorded request of a type must be answered within a period."""

    kind: Literal["request_response"]
    request_type: Slug
    within: PeriodSpec
    reading: str | None = None


Rule = Annotated[
    Union[Deadline, Recurring, PerMeeting, MeetingFrequency, Composition, Appointment, RequestResponse],
    Field(discriminator="kind"),
]


class DutyHolder(Strict):
    """Whose duty it is. A third party's duty (the Intervention Adviser's reviews) is tracked as an
    expected event, and findings say it was theirs, not the council's."""

    kind: Literal["council", "role", "third_party"]
    name: str


class Clause(Strict):
    key: Slug
    title: str
    text: str
    source: Source
    duty_holder: DutyHolder
    recipient: str | None = None
    rule: Rule


class InForce(Strict):
    start: dt.date = Field(alias="from")
    until: dt.date | None = None  # None: until revoked
    reading: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Direction(Strict):
    id: Slug  # the file's own id; never asserted into the rules engine as `id`
    kind: Literal["direction", "terms_of_reference"] = "direction"
    title: str
    issuer: str
    legal_basis: str
    date: dt.date
    date_reading: str | None = None
    in_force: InForce
    authority: Slug
    source: Source
    clauses: list[Clause]

    @field_validator("clauses")
    @classmethod
    def _unique_keys(cls, clauses: list[Clause]) -> list[Clause]:
        seen: set[str] = set()
        for clause in clauses:
            if clause.key in seen:
                raise InputError(f"clause key {clause.key!r} is used twice")
            seen.add(clause.key)
        return clauses

    def clause_id(self, clause: Clause) -> str:
        return f"{self.id}.{clause.key}"

    def clause(self, clause_id: str) -> Clause | None:
        for clause in self.clauses:
            if self.clause_id(clause) == clause_id:
                return clause
        return None

    def in_force_words(self) -> str:
        """The in-force period in words: 'from 28 March 2017 to the end of 30 September 2018', or
        'from 7 April 2017 until revoked'."""
        start = calendar.day_words(self.in_force.start)
        if self.in_force.until is None:
            return f"from {start} until revoked"
        return f"from {start} to the end of {calendar.day_words(self.in_force.until)}"

    def end_instant(self) -> int:
        """The file's own end of force as epoch seconds: the end of `until`, or never."""
        if self.in_force.until is None:
            return calendar.FOREVER
        return calendar.end_of_day_instant(self.in_force.until).int_timestamp


def load_direction(path: Path) -> Direction:
    """Load and validate one direction file; raise FileError naming the line and field at fault."""
    data, lines = load_with_lines(path)
    if not isinstance(data, dict):
        raise FileError(
            path,
            "line 1",
            "expected a mapping with id, title, issuer, legal_basis, date, in_force, authority, source and clauses",
        )
    try:
        return Direction.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, lines)
        line, field, msg = problems[0]
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        raise FileError(path, f"line {line}, {field}" if line else field, msg + more) from None


def load_directions(folder: Path) -> list[Direction]:
    """Every *.yaml direction file in a folder, sorted by id; ids must be unique."""
    files = sorted(p for p in folder.glob("*.yaml"))
    if not files:
        raise FileError(folder, "", "no direction files (*.yaml) found")
    out: dict[str, Direction] = {}
    for path in files:
        direction = load_direction(path)
        if direction.id in out:
            raise FileError(path, "id", f"direction id {direction.id!r} is already used by another file")
        out[direction.id] = direction
    return [out[k] for k in sorted(out)]
