"""Direction files: the declarative form of a Secretary of State's direction (or a board's terms
of reference), validated by pydantic.

Why declarative: lawyers must be able to read what runs, and adding a direction must need no
Python. Every open point in the text (the due time of later reports, what "quarterly" means, by
when an adviser must be appointed) is a named parameter with a `reading` that says in words which
interpretation was chosen. A clause's `rule:` is one of the registered rule kinds
(`engine/kinds/`, plug-ins included). The format is documented in directions/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError, field_validator

from engine import kinds
from engine.core import calendar
from engine.core.errors import FileError, InputError
from engine.core.yamlfile import load_with_lines, pydantic_problems
from engine.model.specs import Day, DutyHolder, Slug, Source, Strict

__all__ = ["Clause", "InForce", "Direction", "load_direction", "load_directions"]

#: a clause's rule: the union of every registered kind, told apart by `kind:`
Rule = kinds.rule_union()


class Clause(Strict):
    """One clause: its quoted words and source, whose duty it is, and its rule (a registered kind)."""

    key: Slug
    title: str
    text: str
    source: Source
    duty_holder: DutyHolder
    recipient: str | None = None
    rule: Rule


class InForce(Strict):
    """When the instrument binds: from a date, until the end of a date or until revoked."""

    start: Day = Field(alias="from")
    until: Day | None = None  # None: until revoked
    reading: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Direction(Strict):
    """One direction file: the instrument, its in-force period, the authority it binds, its clauses."""

    id: Slug  # the file's own id; never asserted into the rules engine as `id`
    kind: Literal["direction", "terms_of_reference"] = "direction"
    title: str
    issuer: str
    legal_basis: str
    date: Day
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
        """'<direction id>.<clause key>': how findings, facts and scenarios name a clause."""
        return f"{self.id}.{clause.key}"

    def clause(self, clause_id: str) -> Clause | None:
        """The clause with this id, or None."""
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
    _refuse_broken_plugins()
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
        problems = pydantic_problems(exc, lines, tags=frozenset(kinds.names()))
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


def _refuse_broken_plugins() -> None:
    """A rule-kind plug-in that failed to import must not pass unnoticed (a clause of its kind would
    read as an unknown kind): raise InputError naming it."""
    problems = kinds.plugin_problems()
    if problems:
        raise InputError("; ".join(problems))
