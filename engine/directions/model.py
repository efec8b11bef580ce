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
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from engine import kinds
from engine.core import calendar, dates
from engine.core.errors import FileError, InputError, unknown
from engine.core.yamlfile import dotted, line_of, load_with_lines, pydantic_problems
from engine.model.specs import Day, DutyHolder, Slug, Source, Strict, UntilSpan

__all__ = [
    "INSTRUMENT_KINDS",
    "Clause",
    "Paragraph",
    "ParagraphsFrom",
    "RoleName",
    "Enforcement",
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

#: the kinds of instrument a file may be, in words (`comply directions`, `explain`, the documentation site,
#: the Board report): a Secretary of State's direction; the terms of reference a council adopted to meet
#: one; a third party's published timetable (Ofsted's monitoring visits, the LGA's peer challenge),
#: which no direction imposes and whose every clause is that third party's expected event; or rules the
#: council's own constitution applies (its access-to-information rules under the 2012 Regulations)
INSTRUMENT_KINDS: dict[str, str] = {
    "direction": "direction",
    "terms_of_reference": "terms of reference",
    "schedule": "schedule: a third party's published timetable",
    "constitution": "constitution: rules the council's own constitution applies",
}

#: the rule fields that name a role (a role slug or a list of them), read for `roles:` (RoleName)
ROLE_FIELDS = ("chair_role", "required_roles", "role", "presented_by", "to", "agreement_of", "approver")


class RoleName(Strict):
    """A role's human name, as a scenario says it ("Borough Commander"); `external: true` for a
    capacity held by someone from outside the council (a membership in it counts as external)."""

    name: Phrase
    external: bool = False


class Enforcement(Strict):
    """What follows a breach (`enforcement:` of a direction, or of one clause: a clause's own wins): the
    words of the paper that says so, quoted, and where they are (`source: {file, section}`, as a clause's).
    Words only: it changes no finding; it is shown on a breached finding's page and in the breach emails
    of the nightly run."""

    text: Phrase
    source: Source


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
    enforcement: Enforcement | None = None  # what follows a breach of this clause; None: the direction's


def _ref_as_written(value: object) -> object:
    """A paragraph's ref must be text: YAML reads an unquoted 5.10 as the number 5.1, so a number is
    refused rather than turned back into words it may not have been."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise InputError(
            f'got the number {value!r}: expected the ref in quotes as the source writes it, such as "5.10" '
            "(unquoted, YAML reads 5.10 as the number 5.1)"
        )
    return value


#: a paragraph's ref, as the source numbers it: quoted words, never a YAML number
Ref = Annotated[Phrase, BeforeValidator(_ref_as_written)]


class ParagraphsFrom(Strict):
    """Where a file's `paragraphs:` are taken from: the instrument's own words (`form: full`) or, where
    only a summary is available (the council's reports summarising a direction), that summary
    (`form: summary`, with a `reading` saying why and whose summary it is)."""

    form: Literal["full", "summary"]
    source: Source
    reading: str | None = None

    @model_validator(mode="after")
    def _summary_says_why(self) -> ParagraphsFrom:
        if self.form == "summary" and not (self.reading and self.reading.strip()):
            raise InputError(
                "`form: summary` without a `reading`: expected a reading saying why only a summary is "
                "available and whose summary it is"
            )
        return self


class Paragraph(Strict):
    """One paragraph of the instrument's text and what became of it: the clauses of this file that
    encode it (`encoded_by`, their keys) or why it is not encoded (`not_encoded`, in words: a right
    rather than a duty, an aim with no test, outside the council's control...). Exactly one of the two."""

    ref: Ref  # as the source numbers it ("5a", "Appendix 1, FREQUENCY"); unique in the file
    text: Phrase  # the paragraph's words, quoted from the source (or the summary's)
    # where these words are quoted from when not the file's `paragraphs_from:` source (a later
    # minute adding a standing item, guidance printed in another paper); None means that source
    source: Source | None = None
    encoded_by: list[Slug] | None = None
    not_encoded: Phrase | None = None

    @model_validator(mode="after")
    def _one_fate(self) -> Paragraph:
        if self.encoded_by is None and self.not_encoded is None:
            raise InputError(
                "neither `encoded_by` nor `not_encoded`: expected the keys of the clauses that encode the "
                'paragraph (`encoded_by: [key]`) or, in words, why it is not encoded (`not_encoded: "..."`)'
            )
        if self.encoded_by is not None and self.not_encoded is not None:
            raise InputError(
                "both `encoded_by` and `not_encoded`: expected exactly one (a paragraph is either encoded "
                "by clauses of this file or not encoded, for a reason)"
            )
        if self.encoded_by is not None and not self.encoded_by:
            raise InputError("`encoded_by: []`: expected the key of at least one clause of this file")
        return self


class InForce(Strict):
    """When the instrument binds: from a date, until the end of a date or until revoked.

    `until` may be written as a span from the direction's date ("for a period of five years less a
    day from the date of these directions": `{after: {years: 5}, less: {days: 1}, from: direction_date}`);
    the direction computes the last day from its `date` when it is read (Direction._until_as_span),
    so `until` is always a day, and `span` keeps how it was written, for the words."""

    start: Day = Field(alias="from")
    until: Day | None = None  # None: until revoked
    span: UntilSpan | None = Field(None, exclude=True)  # set by Direction from a span-valued `until`
    reading: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def covers(self, day: dt.date) -> bool:
        """Whether the instrument is in force on `day` (a London calendar day): from `start` to the end
        of `until`, or with no end when it runs until revoked."""
        return self.start <= day and (self.until is None or day <= self.until)

    @field_validator("until", mode="before")
    @classmethod
    def _span_unresolved(cls, value: object) -> object:
        # a span still here was not resolved by the direction: say what is wrong with it
        if isinstance(value, dict):
            try:
                UntilSpan.model_validate(value)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                msg = str(err["msg"]).removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    msg = "unknown field"
                raise ValueError(
                    f"a span: {where + ': ' if where else ''}{msg}; expected a day, or a span such as "
                    "{after: {years: 5}, less: {days: 1}, from: direction_date}"
                ) from None
            raise ValueError("a span counts from the direction's `date`, which is missing or not a day")
        return value

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
    # 2012 Regulations), not imposed by a direction nor adopted as a board's terms of reference; schedule: a
    # third party's published timetable
    kind: Literal["direction", "terms_of_reference", "schedule", "constitution"] = "direction"
    title: str
    issuer: str
    legal_basis: str
    # a day, or a day known only to a month or a range (`{month: 2017-03}`, `{between: [first, last]}`:
    # engine.core.dates.read_date_range): `date` is then the earliest day and `date_latest` the latest
    date: Annotated[dt.date, BeforeValidator(dates.read_earliest_date)]
    date_latest: Day | None = None
    date_reading: str | None = None
    in_force: InForce
    authority: Slug
    source: Source
    clauses: list[Clause]
    supersedes: Supersedes | None = None
    #: what follows a breach of any of its clauses (a clause's own `enforcement:` wins); None: not stated
    enforcement: Enforcement | None = None
    #: the names a scenario uses (features/README.md): the instrument's own, its roles', the agenda
    #: items' and the kinds of request's (each kind by the words that begin what was asked for)
    called: list[Phrase] = []
    roles: dict[Slug, RoleName] = {}
    items: dict[Slug, Phrase] = {}
    requests: dict[Slug, list[Phrase]] = {}
    #: every paragraph of the text the file encodes and what became of it (directions/README.md,
    #: Paragraphs); required of a direction file (`paragraph_problems`), optional for the model so that
    #: a copy with one clause (recheck) or a shifted copy (bench) needs none
    paragraphs_from: ParagraphsFrom | None = None
    paragraphs: list[Paragraph] = []

    #: the file it was read from and the line of each of its keys (set by load_direction), so that a
    #: problem found later (an authority or board the store does not hold) names the file and line
    _path: Path | None = PrivateAttr(default=None)
    _lines: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _until_as_span(cls, data: object) -> object:
        """An `in_force.until` written as a span from the direction's date becomes its last day (the
        span kept in `in_force.span` for the words). A span or date that does not validate is left
        for InForce to refuse, naming the field."""
        if not isinstance(data, dict) or not isinstance(data.get("in_force"), dict):
            return data
        in_force = data["in_force"]
        if not isinstance(in_force.get("until"), dict):
            return data
        try:
            span = UntilSpan.model_validate(in_force["until"])
            made = dates.read_date(data.get("date"))
        except (ValidationError, InputError, TypeError, ValueError):
            return data
        return {**data, "in_force": {**in_force, "until": span.last_day(made), "span": span}}

    @model_validator(mode="before")
    @classmethod
    def _date_range(cls, data: object) -> object:
        """`date: {month: ...}` or `{between: [...]}` gives `date_latest` too (a refusal is the `date`
        field's own, naming its line); `date_latest` is not written in a file but computed."""
        if isinstance(data, dict) and isinstance(data.get("date"), dict):
            try:
                first, last = dates.read_date_range(data["date"])
            except InputError:
                return data
            if last != first:
                return {**data, "date_latest": last}
        return data

    def exact(self, day: dt.date) -> Direction:
        """The same direction dated exactly `day` (one end of a date known only to a range)."""
        return self.model_copy(update={"date": day, "date_latest": None})

    def date_words(self) -> str:
        """'28 March 2017', or 'known only to lie between 1 March 2017 and 31 March 2017'."""
        if self.date_latest is None:
            return calendar.day_words(self.date)
        return f"known only to lie between {calendar.day_words(self.date)} and {calendar.day_words(self.date_latest)}"

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

    def enforcement_of(self, clause: Clause) -> Enforcement | None:
        """What follows a breach of `clause`: its own `enforcement:`, else the direction's, else None."""
        return clause.enforcement or self.enforcement

    def clause(self, clause_id: str) -> Clause | None:
        """The clause with this id, or None."""
        for clause in self.clauses:
            if self.clause_id(clause) == clause_id:
                return clause
        return None

    def kind_words(self) -> str:
        """What kind of instrument the file is, in words: 'direction', 'terms of reference' or
        'schedule (a third party's published timetable)'."""
        return INSTRUMENT_KINDS[self.kind]

    @property
    def noun(self) -> str:
        """How a sentence about its duties names the instrument: 'the schedule' for a third party's
        timetable (which is not a direction, and must never be called one), 'the constitution' for the
        council's own rules, else 'the direction'."""
        return {"schedule": "the schedule", "constitution": "the constitution"}.get(self.kind, "the direction")

    def in_force_words(self) -> str:
        """The in-force period in words: 'from 28 March 2017 to the end of 30 September 2018', or
        'from 7 April 2017 until revoked' ('... with no end given' for a schedule). The one way the
        period is said (`comply directions`, `check`'s header, explanations, the Board report)."""
        start = calendar.day_words(self.in_force.start)
        if self.in_force.until is None:
            return f"from {start} with no end given" if self.kind == "schedule" else f"from {start} until revoked"
        span = self.in_force.span
        how = f" ({span.words()}, {calendar.day_words(self.date)})" if span else ""
        return f"from {start} to the end of {calendar.day_words(self.in_force.until)}{how}"

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
        return out + self.name_problems() + self.paragraph_problems() + self.schedule_problems()

    def schedule_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """A schedule (a third party's published timetable) imposes nothing on the council: each of
        its clauses must be the third party's (`duty_holder: {kind: third_party, ...}`), so that every
        finding says whose duty it was. As (loc from the top of the file, message)."""
        if self.kind != "schedule":
            return []
        return [
            (
                ("clauses", i, "duty_holder", "kind"),
                f"{clause.duty_holder.kind!r} in a schedule: expected third_party (a schedule is a third "
                "party's published timetable; no direction imposes its events on the council)",
            )
            for i, clause in enumerate(self.clauses)
            if clause.duty_holder.kind != "third_party"
        ]

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

    def paragraph_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """What the paragraphs (`paragraphs_from:`, `paragraphs:`) say that cannot be right: none given
        (every direction file must account for its text), a `ref` used twice, an `encoded_by` key that is
        no clause of this file, a clause that no paragraph names. As (loc from the top of the file, message)."""
        before = line_of(self._lines, ("clauses",))
        how = (
            "add `paragraphs_from:` (form, source) and `paragraphs:` (each with ref, text and `encoded_by:` "
            f"or `not_encoded:`) before `clauses:`{f' (line {before})' if before else ''} "
            "(directions/README.md, Paragraphs)"
        )
        if self.paragraphs_from is None:
            return [(("paragraphs_from",), f"missing: every direction file says where its paragraphs come from; {how}")]
        if not self.paragraphs:
            return [(("paragraphs",), f"missing or empty: every paragraph of the text the file encodes; {how}")]
        out: list[tuple[tuple[str | int, ...], str]] = []
        keys = [c.key for c in self.clauses]
        refs: dict[str, int] = {}
        named: set[str] = set()
        for i, paragraph in enumerate(self.paragraphs):
            first = refs.setdefault(paragraph.ref, i)
            if first != i:
                out.append(
                    (
                        ("paragraphs", i, "ref"),
                        f"{paragraph.ref!r} is already the ref of paragraphs[{first}]"
                        f"{f' (line {line})' if (line := line_of(self._lines, ('paragraphs', first))) else ''}: "
                        "expected each paragraph's ref once",
                    )
                )
            for j, key in enumerate(paragraph.encoded_by or []):
                named.add(key)
                if key not in keys:
                    out.append(
                        (
                            ("paragraphs", i, "encoded_by", j),
                            f"{key!r} is no clause of this file: expected one of {', '.join(keys) or '(none)'}",
                        )
                    )
        for i, clause in enumerate(self.clauses):
            if clause.key not in named:
                out.append(
                    (
                        ("clauses", i, "key"),
                        f"the clause {clause.key!r} is named by no paragraph's `encoded_by`: expected the "
                        "paragraph of the text it encodes to name it",
                    )
                )
        return out

    def encoding(self, clause_key: str) -> list[Paragraph]:
        """The paragraphs that a clause of this file encodes (those naming its key in `encoded_by`)."""
        return [p for p in self.paragraphs if clause_key in (p.encoded_by or [])]

    def coverage_counts(self) -> dict[str, int]:
        """{"paragraphs": N, "encoded": N, "not_encoded": N}: how many paragraphs of the text the file
        lists, how many its clauses encode and how many it leaves not encoded (`comply directions
        --coverage`, the documentation site)."""
        encoded = sum(1 for p in self.paragraphs if p.encoded_by)
        return {"paragraphs": len(self.paragraphs), "encoded": encoded, "not_encoded": len(self.paragraphs) - encoded}

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
                f"{unknown('authority', d.authority, authorities, ' in the store')}; "
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
                    f"{unknown('board', board, known, f' of {d.authority} in the store', 'comply owner list')}; "
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
