"""Direction files: the declarative form of a Secretary of State's direction (or a board's terms
of reference), validated by pydantic.

Why declarative: lawyers must be able to read what runs, and adding a direction must need no
Python. Every open point in the text (the due time of later reports, what "quarterly" means, by
when an adviser must be appointed) is a named parameter with a `reading` that says in words which
interpretation was chosen. A clause's `rule:` is one of the registered rule kinds
(`engine/kinds/`, plug-ins included). The format is documented in directions/README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from engine import kinds
from engine.core import calendar
from engine.core.errors import FileError, InputError
from engine.core.yamlfile import dotted, line_of, load_with_lines, pydantic_problems
from engine.model.specs import Day, DutyHolder, Slug, Source, Strict

__all__ = [
    "Clause",
    "RoleName",
    "InForce",
    "Supersedes",
    "Direction",
    "load_direction",
    "load_directions",
    "refuse_unknown_references",
]

#: a clause's rule: the union of every registered kind, told apart by `kind:`
Rule = kinds.rule_union()


def _phrase(text: str) -> str:
    """A name in words ("the quarterly report"): a non-empty string, kept as written but trimmed."""
    if not text.strip():
        raise ValueError("expected words (a name such as 'the quarterly report'), got an empty string")
    return " ".join(text.split())


#: how lawyers call a duty, a role, an item or a request: non-empty words
Phrase = Annotated[str, AfterValidator(_phrase)]

#: the rule fields that name a role (a role slug or a list of them), read for `roles:` (RoleName)
ROLE_FIELDS = ("chair_role", "required_roles", "role", "presented_by")


class RoleName(Strict):
    """A role's human name, as a scenario says it ("Borough Commander"); `external: true` for a
    capacity held by someone from outside the council (a membership in it counts as external)."""

    name: Phrase
    external: bool = False


class Clause(Strict):
    """One clause: its quoted words and source, whose duty it is, and its rule (a registered kind)."""

    key: Slug
    called: list[Phrase] = []  # how lawyers call its duties: "the quarterly report" (features/README.md)
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

    @model_validator(mode="after")
    def _until_after_from(self) -> InForce:
        if self.until is not None and self.until < self.start:
            raise InputError(
                f"`until` ({self.until.isoformat()}) is before `from` ({self.start.isoformat()}): "
                "expected an end on or after the start, or null for until revoked"
            )
        return self


class Supersedes(Strict):
    """A variation: this file is a new version of the direction `direction`, binding from `effective`
    (the start of that day); the earlier version stops binding then, and what would have fallen due
    under it from then on is lapsed (directions/README.md, Variations). A version may change any
    parameter: a date, a clause added or removed, `until` moved."""

    direction: Slug
    effective: Day
    made: Day | None = None  # when the variation was made (known); default: its effective date
    reading: str | None = None


class Direction(Strict):
    """One direction file: the instrument, its in-force period, the authority it binds, its clauses."""

    id: Slug  # the file's own id; never asserted into the rules engine as `id`
    # constitution: rules the council's own constitution applies (its access-to-information rules under the
    # 2012 Regulations), not imposed by a direction nor adopted as a board's terms of reference
    kind: Literal["direction", "terms_of_reference", "constitution"] = "direction"
    title: str
    issuer: str
    legal_basis: str
    date: Day
    date_reading: str | None = None
    in_force: InForce
    authority: Slug
    source: Source
    clauses: list[Clause]
    supersedes: Supersedes | None = None
    #: the names a scenario uses (features/README.md): the instrument's own, its roles', the agenda
    #: items' and the kinds of request's (each kind by the words that begin what was asked for)
    called: list[Phrase] = []
    roles: dict[Slug, RoleName] = {}
    items: dict[Slug, Phrase] = {}
    requests: dict[Slug, list[Phrase]] = {}
    # the paragraphs of the text the file encodes (issue 15 item 10, validated by the `coverage` branch);
    # held as given here so that files written in that format load on this branch too
    paragraphs_from: dict[str, Any] | None = None
    paragraphs: list[dict[str, Any]] = []

    #: the file it was read from and the line of each of its keys (set by load_direction), so that a
    #: problem found later (an authority or board the store does not hold) names the file and line
    _path: Path | None = PrivateAttr(default=None)
    _lines: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _version_binds_from_its_effective_date(self) -> Direction:
        if self.supersedes is not None and self.in_force.start != self.supersedes.effective:
            raise InputError(
                f"in_force.from ({self.in_force.start.isoformat()}) must be the variation's effective date, "
                f"supersedes.effective ({self.supersedes.effective.isoformat()}): a new version binds from then"
            )
        return self

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

    def made_on(self) -> dt.date:
        """The day the instrument was made, before which an evaluation does not know it: its `date`,
        or for a new version (`supersedes:`) the day the variation was made (default: its effective
        day; the version's `date` stays the direction's own, from which relative due dates count)."""
        if self.supersedes is not None:
            return self.supersedes.made or self.supersedes.effective
        return self.date

    def where(self, loc: tuple[str | int, ...]) -> tuple[str, str]:
        """(file, "line N, field") for a place in the direction's file, for a FileError."""
        line = line_of(self._lines, loc)
        field = dotted(loc)
        return str(self._path or f"direction {self.id}"), f"line {line}, {field}" if line else field

    def problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """What each clause's rule says that cannot be right for this direction (RuleKind.problems),
        as (loc from the top of the file, message)."""
        out = []
        for i, clause in enumerate(self.clauses):
            out.extend((("clauses", i, "rule", *loc), msg) for loc, msg in clause.rule.problems(self))
        return out + self.name_problems()

    def name_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """What the names (`called:`, `roles:`) say that cannot be right: a phrase used by two clauses
        (a sentence naming it could mean either), or, where the file names roles, a role a clause
        refers to that has no name. As (loc from the top of the file, message)."""
        out: list[tuple[tuple[str | int, ...], str]] = []
        seen: dict[str, str] = {}
        for i, clause in enumerate(self.clauses):
            for j, phrase in enumerate(clause.called):
                other = seen.setdefault(phrase.lower(), clause.key)
                if other != clause.key:
                    out.append(
                        (
                            ("clauses", i, "called", j),
                            f"{phrase!r} already names clause {other!r}: a phrase names one clause of a direction",
                        )
                    )
        if self.roles:
            for i, clause in enumerate(self.clauses):
                for name in ROLE_FIELDS:
                    value = getattr(clause.rule, name, None)
                    for slug in [value] if isinstance(value, str) else value or []:
                        if slug not in self.roles:
                            out.append(
                                (
                                    ("clauses", i, "rule", name),
                                    f"the role {slug!r} has no name under `roles:` (named: {', '.join(self.roles)})",
                                )
                            )
        return out

    def role_named(self, slug: str) -> RoleName | None:
        """The role's name as this file gives it, or None."""
        return self.roles.get(slug)

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
        direction = Direction.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, lines, tags=frozenset(kinds.names()))
        line, field, msg = problems[0]
        raise FileError(path, f"line {line}, {field}" if line else field, msg + _more(len(problems))) from None
    direction._path, direction._lines = path, lines
    found = direction.problems()
    if found:
        loc, msg = found[0]
        raise FileError(*direction.where(loc), msg + _more(len(found)))
    return direction


def _more(n: int) -> str:
    """' (and 2 more problems)' after the first of n problems."""
    return f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""


def refuse_unknown_references(directions: list[Direction], authorities: list[str], boards: dict[str, set[str]]) -> None:
    """Refuse a direction that names an authority the store does not hold, or whose rule names a
    board the authority's facts do not hold: either would give no findings at all and look like an
    all-clear. `boards` maps each authority evaluated to its board keys (authorities not in it are
    not checked for boards). Raises FileError naming the file, line and field and what is known."""
    for d in directions:
        if d.authority not in authorities:
            raise FileError(
                *d.where(("authority",)),
                f"no authority {d.authority!r} in the store (known: {', '.join(authorities) or 'none'}); "
                "a direction binding no authority in the store would give no findings",
            )
        known = boards.get(d.authority)
        if known is None:
            continue
        for i, clause in enumerate(d.clauses):
            board = getattr(clause.rule, "board", None)
            if isinstance(board, str) and board not in known:
                raise FileError(
                    *d.where(("clauses", i, "rule", "board")),
                    f"no board {board!r} of {d.authority} in the store (known: {', '.join(sorted(known)) or 'none'}); "
                    "record the board (`comply import`) or correct the key",
                )


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
    for direction in out.values():
        _check_version(direction, out)
    _check_role_names(list(out.values()))
    return [out[k] for k in sorted(out)]


def _check_version(direction: Direction, by_id: dict[str, Direction]) -> None:
    """A new version must supersede a direction of the same folder, binding the same authority, from
    a day within the earlier version's in-force period (FileError naming the field otherwise)."""
    sup = direction.supersedes
    if sup is None:
        return
    old = by_id.get(sup.direction)
    where = direction.where(("supersedes", "direction"))
    if old is None or old is direction:
        raise FileError(
            *where, f"no other direction {sup.direction!r} to supersede (known: {', '.join(sorted(by_id))})"
        )
    if old.authority != direction.authority:
        raise FileError(*where, f"{old.id} binds {old.authority}, not {direction.authority}")
    if not (old.in_force.start < sup.effective and (old.in_force.until is None or sup.effective <= old.in_force.until)):
        raise FileError(
            *direction.where(("supersedes", "effective")),
            f"{sup.effective.isoformat()} is not within {old.id}'s in-force period ({old.in_force_words()}), "
            "after its first day: expected the day the variation takes effect",
        )


def _check_role_names(directions: list[Direction]) -> None:
    """A role named by two files must have the same name in both (a scenario says one name for one
    role): FileError naming the second file's line otherwise."""
    named: dict[str, tuple[str, str]] = {}
    for d in sorted(directions, key=lambda d: d.id):
        for slug, role in d.roles.items():
            first = named.setdefault(slug, (role.name, d.id))
            if first[0] != role.name:
                raise FileError(
                    *d.where(("roles", slug, "name")),
                    f"{role.name!r}: the role {slug!r} is named {first[0]!r} in {first[1]}; one role, one name",
                )


def _refuse_broken_plugins() -> None:
    """A rule-kind plug-in that failed to import must not pass unnoticed (a clause of its kind would
    read as an unknown kind): raise InputError naming it."""
    problems = kinds.plugin_problems()
    if problems:
        raise InputError("; ".join(problems))
