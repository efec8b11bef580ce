"""The mapping file of a ModernGov sync: which committees are which boards, which agenda item titles are which
clause items, which attendees are which people in which capacity, which political parties are which groups.

Why a file a person writes, and never a guess: the service names committees, items, roles and parties in the
council's own words, which change from council to council and year to year; comply's facts name boards, items,
capacities and groups by the keys the direction files use. What the mapping does not cover is reported by the sync
(engine/sync/moderngov.py), never matched by likeness. The file is YAML read strictly (engine/core/yamlfile.py);
a wrong field is refused with the file, the line and the field. The format is in docs/moderngov.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from engine.core.errors import FileError, InputError
from engine.core.yamlfile import load_with_lines, pydantic_problems
from engine.model.specs import Slug

__all__ = ["Mapping", "CommitteeMap", "ItemMap", "PersonMap", "RoleMap", "GroupMap", "load_mapping"]

Pattern = Annotated[str, Field(min_length=1, max_length=500)]


def _compiled(value: str) -> str:
    try:
        re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise InputError(f"not a valid pattern ({exc})") from None
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CommitteeMap(_Strict):
    """A ModernGov committee (by its id on the site) is a board."""

    committee_id: int = Field(ge=1)
    board: Slug
    name: str | None = None  # the board's name in comply (default: the committee's title on the site)
    public: bool = False  # the committee meets in public (the service does not say so per meeting)


class ItemMap(_Strict):
    """Agenda items whose title matches `pattern` (a regular expression, case-insensitive, searched anywhere in the
    title) are the clause item `item`, presented by the role `presented_by`; `board` limits it to one board."""

    pattern: Pattern
    item: Slug
    presented_by: Slug
    board: Slug | None = None

    _check = field_validator("pattern")(_compiled)


class PersonMap(_Strict):
    """An attendee or councillor (by ModernGov member id, or by the name exactly as the service gives it) is the
    person `person`; at the meetings of a board they sit as `capacity` (a role slug), `external` when from outside
    the council. `boards` limits the capacity to some boards (default: every mapped board)."""

    member_id: int | None = Field(None, ge=1)
    name: str | None = None
    person: Slug
    capacity: Slug | None = None
    external: bool = False
    boards: list[Slug] = []

    @model_validator(mode="after")
    def _one_key(self) -> PersonMap:
        if (self.member_id is None) == (self.name is None):
            raise InputError("give exactly one of `member_id` or `name`")
        return self


class RoleMap(_Strict):
    """Attendees whose role description (`roledescription`) matches `pattern` sit as `capacity`, when their person
    entry gives none."""

    pattern: Pattern
    capacity: Slug
    external: bool = False

    _check = field_validator("pattern")(_compiled)


class GroupMap(_Strict):
    """The service's political party title `title` (exactly, ignoring case) is the group `group`."""

    title: str = Field(min_length=1)
    group: Slug
    name: str | None = None  # the group's name in comply (default: the title)


class Mapping(_Strict):
    """The whole mapping file."""

    authority: Slug
    site: str | None = None
    committees: list[CommitteeMap] = Field(min_length=1)
    items: list[ItemMap] = []
    ignore_items: list[Pattern] = []  # procedural titles (apologies, minutes...) not reported as unmapped
    people: list[PersonMap] = []
    roles: list[RoleMap] = []
    chair: Pattern = r"^(chair|chairman|chairwoman|chairperson|chair of the meeting)$"
    groups: list[GroupMap] = []

    _check_ignore = field_validator("ignore_items")(lambda v: [_compiled(p) for p in v])
    _check_chair = field_validator("chair")(_compiled)

    @model_validator(mode="after")
    def _unique(self) -> Mapping:
        seen: set[int] = set()
        for c in self.committees:
            if c.committee_id in seen:
                raise InputError(f"committee {c.committee_id} is mapped twice")
            seen.add(c.committee_id)
        return self

    def committee(self, committee_id: int) -> CommitteeMap | None:
        return next((c for c in self.committees if c.committee_id == committee_id), None)

    def person(self, member_id: int | None, name: str) -> PersonMap | None:
        """The person entry of an attendee or councillor: by member id first, else by name (spaces collapsed,
        case ignored)."""
        if member_id is not None:
            found = next((p for p in self.people if p.member_id == member_id), None)
            if found:
                return found
        said = " ".join(name.split()).lower()
        return next((p for p in self.people if p.name and " ".join(p.name.split()).lower() == said), None)

    def capacity(self, entry: PersonMap | None, role: str, board: str) -> tuple[str, bool] | None:
        """(capacity, external) of an attendee at a meeting of `board`, or None when the mapping gives none."""
        if entry and entry.capacity and (not entry.boards or board in entry.boards):
            return entry.capacity, entry.external
        for r in self.roles:
            if re.search(r.pattern, role, re.IGNORECASE):
                return r.capacity, r.external
        return None

    def item(self, title: str, board: str) -> ItemMap | None:
        return next(
            (i for i in self.items if (i.board in (None, board)) and re.search(i.pattern, title, re.IGNORECASE)), None
        )

    def ignored(self, title: str) -> bool:
        return any(re.search(p, title, re.IGNORECASE) for p in self.ignore_items)

    def group(self, title: str) -> GroupMap | None:
        said = " ".join(title.split()).lower()
        return next((g for g in self.groups if " ".join(g.title.split()).lower() == said), None)


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file. Raises FileError naming the file, the line and the field (every problem,
    up to ten) for a file that is not YAML, is refused by the strict reader, or does not fit the format."""
    path = Path(path)
    data, lines = load_with_lines(path)
    if not isinstance(data, dict):
        raise FileError(path, "line 1", "expected a mapping with authority, committees, items, people, roles, groups")
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        problems = [f"line {ln}, {fld}: {msg}" for ln, fld, msg in pydantic_problems(exc, lines)]
        raise FileError(path, "", "not a valid mapping file:\n  " + "\n  ".join(problems[:10])) from None
