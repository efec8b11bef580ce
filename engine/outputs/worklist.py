"""The worklist: a view of the findings and the stored facts they cite, for the desk's pages.

The desk's first screen is a triage (`worklist`): breaches first, then the unknowns with what would
resolve each (record the evidence, or declare the records complete), then what falls due soon, then
the duties with no due date (and how long they have been owed); everything else (met, upcoming,
lapsed...) is behind "Show all". Counts by owner (engine.store.owners) and by direction go with it.

Why an output of its own: these are answers the Monitoring Officer relies on (which findings match
a filter, what falls due in which month, which stored fact an evidence id names, which "records
complete until" facts bear on a finding), so they are plain functions of a Report and the store,
tested directly; the desk's views (engine/web/) only pass them to templates. Every fact id and
coverage subject is spelled by engine.core.ids, as the findings spell them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pendulum
from pendulum import DateTime

from engine.core import calendar, ids, status
from engine.core.errors import InputError
from engine.core.status import STATUS_ORDER
from engine.directions.model import Direction
from engine.model import facts as F
from engine.model.findings import Finding, Report
from engine.store.forms import FORMS, submission_prefill
from engine.store.owners import owner_of
from engine.store.sqlite import AuthorityState

FILTER_NAMES = ("direction", "board", "holder", "status", "owner")
#: the owner filter's value for findings nobody owns (not a user name: engine.store.users.NAME_PATTERN)
UNASSIGNED = "(unassigned)"


@dataclass(frozen=True)
class Filters:
    """The overview's filters, as query parameters (so a filtered list is a shareable URL)."""

    direction: str | None = None
    board: str | None = None
    holder: str | None = None
    status: str | None = None
    owner: str | None = None  # a desk user's name, or UNASSIGNED

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """The filters given in query parameters (blank means no filter). Raises InputError (a
        ValueError) for a status that is not one of engine.core.status's."""
        values = {n: (args.get(n) or "").strip() or None for n in FILTER_NAMES}
        if values["status"] is not None and values["status"] not in STATUS_ORDER:
            raise InputError(f"status: expected one of {', '.join(STATUS_ORDER)}, got {values['status']!r}")
        return cls(**values)

    def active(self) -> dict[str, str]:
        """The filters in use: name -> value."""
        return {n: getattr(self, n) for n in FILTER_NAMES if getattr(self, n)}


def boards_by_clause(directions: list[Direction]) -> dict[str, str]:
    """Clause id -> the board its rule is about (meeting, composition and appointment duties)."""
    out = {}
    for d in directions:
        for c in d.clauses:
            board = getattr(c.rule, "board", None)
            if board:
                out[d.clause_id(c)] = board
    return out


def due_instant(f: Finding) -> DateTime:
    """A finding's due instant (its `due`, parsed)."""
    return calendar.parse_instant(f.due)


def filter_findings(
    report: Report, filters: Filters, boards: dict[str, str], owned: dict[str, str] | None = None
) -> list[Finding]:
    """The findings that match every given filter, by due date (then id: a stable order). `owned`:
    engine.store.owners.owners(...) for the owner filter (none given: every finding is unassigned)."""
    owned = owned or {}
    rows = [
        f
        for f in report.findings
        if (filters.direction is None or f.direction == filters.direction)
        and (filters.board is None or boards.get(f.clause) == filters.board)
        and (filters.holder is None or f.duty_holder.name == filters.holder)
        and (filters.status is None or f.status == filters.status)
        and (filters.owner is None or (owner_of(owned, f.clause, boards.get(f.clause)) or UNASSIGNED) == filters.owner)
    ]
    return sorted(rows, key=lambda f: (due_instant(f), f.id))


def filter_options(report: Report, boards: dict[str, str], state: AuthorityState) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for each filter, from what the report actually contains."""
    board_names = {b.key: b.name for b in state.boards}
    used_boards = sorted({boards[f.clause] for f in report.findings if f.clause in boards})
    return {
        "direction": [(d, d) for d in report.directions],
        "board": [(b, board_names.get(b, b)) for b in used_boards],
        "holder": [(h, h) for h in sorted({f.duty_holder.name for f in report.findings})],
        "status": [(s, status.word(s)) for s in STATUS_ORDER],
    }


# -- the triage: most urgent first ---------------------------------------------------------------

#: the worklist's sections, in urgency order (status keys); every other status is in REST
SECTIONS: tuple[str, ...] = ("breached", "unknown", "due_soon", "open")
#: the section of the findings behind "Show all": met, met late, upcoming, lapsed
REST = "rest"
SECTION_TITLES: dict[str, str] = {
    "breached": "Breached",
    "unknown": "Unknown: not proven either way",
    "due_soon": "Due soon",
    "open": "Open: no due date",
    REST: "Everything else",
}
_NOT_COMPLETE = re.compile(r"the records of (\S+) are not known to be complete")


@dataclass(frozen=True)
class Hint:
    """One way to resolve an unknown finding: words, and the desk's record form that does it (`form`: a
    name of engine.store.forms.FORMS, `params`: its fields to fill in), or no form (`form` None: the
    words say what to do on the finding's page). Forms are for editors only."""

    words: str
    form: str | None
    params: dict[str, str]


@dataclass(frozen=True)
class Row:
    """One finding of the worklist, with whose it is, the board its clause reads, the hints that would
    resolve it (unknowns only) and, for a duty with no due date, how long it has been owed."""

    finding: Finding
    owner: str | None
    board: str | None
    hints: tuple[Hint, ...] = ()
    owed_for: str | None = None
    why: str | None = None  # an unknown's: why_unknown


@dataclass(frozen=True)
class Section:
    """A section of the worklist: a status key of SECTIONS (or REST), its title, its rows by due date."""

    key: str
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Count:
    """One line of a count table: the value it filters on (an owner's name or UNASSIGNED, a direction
    id), its label, and the number of findings in each section of SECTIONS (and their total)."""

    value: str
    label: str
    by_section: dict[str, int]

    @property
    def total(self) -> int:
        """The findings needing action for this owner or direction."""
        return sum(self.by_section.values())


@dataclass(frozen=True)
class Worklist:
    """The triage of a list of findings: the SECTIONS in urgency order (empty ones too), the rest,
    and the counts of the sections' findings by owner and by direction."""

    sections: list[Section]
    rest: Section
    by_owner: list[Count]
    by_direction: list[Count]

    @property
    def total(self) -> int:
        """Every finding of the worklist, in a section or in the rest."""
        return sum(len(s.rows) for s in self.sections) + len(self.rest.rows)

    @property
    def urgent(self) -> int:
        """The findings in the SECTIONS (those on the first screen)."""
        return sum(len(s.rows) for s in self.sections)


def section_of(f: Finding) -> str:
    """The worklist section of a finding: its status when that is one of SECTIONS, else REST."""
    return f.status if f.status in SECTIONS else REST


_NO_COVERAGE = re.compile(r"no coverage of (\S+) reaches it")


def coverage_subject(f: Finding) -> str | None:
    """The coverage subject whose records would have to be complete for a missing record to prove a
    breach, as the finding's explanation names it (engine.kinds.base certain(): 'the records of X are
    not known to be complete'; composition: 'no coverage of X reaches it'), or None when the finding is
    unknown for another reason (a meeting recorded as scheduled, attendance not recorded...)."""
    for text in (f.explanation.reason, *f.explanation.facts):
        m = _NOT_COMPLETE.search(text) or _NO_COVERAGE.search(text)
        if m:
            return m.group(1).rstrip(",.;:)")
    return None


def why_unknown(f: Finding) -> str:
    """Why a finding is unknown, in the explanation's own words: what follows its 'but' ('The meeting is
    recorded as scheduled, not as held.'), else the whole reason."""
    reason = f.explanation.reason
    _, but, rest = reason.partition(", but ")
    return (rest[:1].upper() + rest[1:]) if but else reason


def hints(f: Finding) -> tuple[Hint, ...]:
    """What would resolve an unknown finding (nothing for another status). Where the unknown is for want
    of complete records (coverage_subject): record the evidence that answers it (the submission form
    filled in from the finding, engine.store.forms.submission_prefill; else the form of the kind of fact
    that answers it), or declare the records of that subject complete, so that the missing record proves
    a breach. Where the evidence is there but its time is not precise enough, or a stored record lacks
    what the duty needs (a meeting recorded as scheduled, its attendance or agenda not recorded), the fix
    is a correction of that record, on the finding's page (`form` None)."""
    if f.status != "unknown":
        return ()
    subject = coverage_subject(f)
    if subject is None:
        if f.evidence:
            return (Hint("Make the time of the evidence precise enough to tell (open the finding)", None, {}),)
        return (Hint("Complete or correct the stored record this needs (open the finding)", None, {}),)
    out: list[Hint] = []
    prefill = submission_prefill(f)
    what = (f.answered_by or "record").replace("_", " ")
    if prefill is not None:
        out.append(Hint("Record the submission that answers it", "submission", prefill))
    elif not f.evidence:
        out.append(Hint(f"Record the {what} that answers it", f.answered_by if f.answered_by in FORMS else None, {}))
    out.append(
        Hint(
            f"Declare the records of {subject} complete, so that a missing record proves a breach",
            "coverage",
            {"subject": subject},
        )
    )
    return tuple(out)


def due_words(f: Finding) -> str:
    """A finding's due date as GOV.UK writes it ('10am on 30 December 2017'; a whole-day deadline '30 December
    2017'); where it is known only to a range, '... at the latest (... at the earliest)'. For a duty with no due
    date, 'no due date'. What the desk's pages and the nightly digest show (engine.core.calendar.govuk_words)."""
    return "no due date" if f.open_since is not None else f.due_words()


def owed_for(f: Finding, as_of: DateTime) -> str | None:
    """How long a duty with no due date has been owed at the as-of instant, in words ('owed for 3
    months', 'owed for 12 days', 'owed since today'); None for a duty with a due date."""
    if f.open_since is None:
        return None
    since = calendar.parse_instant(f.open_since)
    if since >= as_of:
        return "owed since today"
    span = as_of - since
    months, days = span.in_months(), span.in_days()
    if months >= 1:
        return f"owed for {months} month{'s' if months != 1 else ''}"
    return f"owed for {days} day{'s' if days != 1 else ''}"


def _counts(rows: list[Row], key: Any, label: Any) -> list[Count]:
    table: dict[str, dict[str, int]] = {}
    for r in rows:
        value = key(r)
        table.setdefault(value, {s: 0 for s in SECTIONS})[section_of(r.finding)] += 1
    return [Count(v, label(v), n) for v, n in sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]


def worklist(
    findings: list[Finding], as_of: DateTime, boards: dict[str, str], owned: dict[str, str] | None = None
) -> Worklist:
    """The triage of `findings` (already filtered) as of an instant: each finding in exactly one section
    (SECTIONS in urgency order, then REST), each section by due date (oldest first; then id); the counts
    of the SECTIONS' findings by owner (`owned`: engine.store.owners.owners(...); UNASSIGNED where a
    finding's clause and board have none, engine.store.owners.owner_of) and by direction, largest first."""
    owned = owned or {}
    placed: dict[str, list[Row]] = {k: [] for k in (*SECTIONS, REST)}
    for f in sorted(findings, key=lambda f: (due_instant(f), f.id)):
        board = boards.get(f.clause)
        placed[section_of(f)].append(
            Row(
                f,
                owner_of(owned, f.clause, board),
                board,
                hints(f),
                owed_for(f, as_of) if f.status == "open" else None,
                why_unknown(f) if f.status == "unknown" else None,
            )
        )
    urgent = [r for k in SECTIONS for r in placed[k]]
    return Worklist(
        sections=[Section(k, SECTION_TITLES[k], placed[k]) for k in SECTIONS],
        rest=Section(REST, SECTION_TITLES[REST], placed[REST]),
        by_owner=_counts(urgent, lambda r: r.owner or UNASSIGNED, lambda v: "Unassigned" if v == UNASSIGNED else v),
        by_direction=_counts(urgent, lambda r: r.finding.direction, lambda v: v),
    )


@dataclass
class Month:
    """One calendar month of the timeline and the findings falling due in it (by due instant)."""

    label: str  # "January 2018"
    first_day: dt.date
    findings: list[Finding]


def timeline(report: Report, as_of: DateTime, months: int = 12) -> list[Month]:
    """The obligations falling due from the as-of instant to the same instant `months` later,
    grouped by London calendar month (every month listed, empty ones too)."""
    start = as_of.in_timezone(calendar.LONDON)
    end = start.add(months=months)
    first = pendulum.date(start.year, start.month, 1)
    out: list[Month] = []
    for k in range(months + 1):
        m = first.add(months=k)
        if pendulum.datetime(m.year, m.month, 1, tz=calendar.LONDON) >= end:
            break
        out.append(Month(m.format("MMMM YYYY"), dt.date(m.year, m.month, 1), []))
    index = {(m.first_day.year, m.first_day.month): m for m in out}
    for f in sorted(report.findings, key=lambda f: (due_instant(f), f.id)):
        due = due_instant(f)
        if start <= due < end:
            index[(due.year, due.month)].findings.append(f)
    return out


# -- stored facts, by the ids that findings cite ------------------------------------------------


@dataclass
class StoredFact:
    """One stored fact as a page shows it: its id, its kind in words, its fields, its source."""

    fact_id: str
    kind: str
    fact: F.Fact
    #: shown on the same page, under the same id: a request's responses, a role's other periods
    related: list[StoredFact]

    def fields(self) -> list[tuple[str, Any]]:
        """(name, value in words) of the fact's own fields, as stored (aliases), blanks left out."""
        data = self.fact.model_dump(by_alias=True, exclude={"source", "note", "items", "attendance"})
        return [(k, _show(v)) for k, v in data.items() if v is not None]


def _show(value: Any) -> Any:
    if isinstance(value, DateTime):
        return calendar.human(value)
    if isinstance(value, dt.date):
        return calendar.day_words(value)
    if isinstance(value, (tuple, list)):
        return " to ".join(str(_show(v)) for v in value)
    return value


def fact_index(state: AuthorityState) -> dict[str, StoredFact]:
    """Every stored fact a finding can cite, by its id (engine.core.ids, as findings cite them)."""
    out: dict[str, StoredFact] = {}
    for s in state.submissions:
        fid = ids.submission_id(s.key)
        out[fid] = StoredFact(fid, "submission", s, [])
    for m in state.meetings:
        fid = ids.meeting_id(m.key)
        out[fid] = StoredFact(fid, "meeting", m, [])
    for ms in state.memberships:
        fid = ids.membership_id(ms.board, ms.person, ms.start)
        out[fid] = StoredFact(fid, "membership", ms, [])
    for r in state.roles:
        fid = ids.role_id(r.person, r.role)
        if fid in out:  # the same role held twice: both periods are on one page
            out[fid].related.append(StoredFact(fid, "role held", r, []))
        else:
            out[fid] = StoredFact(fid, "role held", r, [])
    for rq in state.requests:
        fid = ids.request_id(rq.key)
        responses = [StoredFact(fid, "response", rs, []) for rs in state.responses if rs.request == rq.key]
        out[fid] = StoredFact(fid, "request", rq, responses)
    return out


def coverage_for(state: AuthorityState, finding: Finding, boards: dict[str, str]) -> list[F.Coverage]:
    """The 'records complete until' facts that bear on a finding: its clause, or its board's
    meetings and memberships."""
    board = boards.get(finding.clause)
    subjects = {finding.clause} | (set(ids.board_subjects(board)) if board else set())
    return [c for c in state.coverage if c.subject in subjects]
