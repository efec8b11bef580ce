"""The worklist: a view of the findings and the stored facts they cite, for the desk's pages.

Why an output of its own: these are answers the Monitoring Officer relies on (which findings match
a filter, what falls due in which month, which stored fact an evidence id names, which "records
complete until" facts bear on a finding), so they are plain functions of a Report and the store,
tested directly; the desk's views (engine/web/) only pass them to templates. Every fact id and
coverage subject is spelled by engine.core.ids, as the findings spell them.
"""

from __future__ import annotations

import datetime as dt
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
from engine.store.sqlite import AuthorityState

FILTER_NAMES = ("direction", "board", "holder", "status")


@dataclass(frozen=True)
class Filters:
    """The overview's filters, as query parameters (so a filtered list is a shareable URL)."""

    direction: str | None = None
    board: str | None = None
    holder: str | None = None
    status: str | None = None

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


def filter_findings(report: Report, filters: Filters, boards: dict[str, str]) -> list[Finding]:
    """The findings that match every given filter, by due date (then id: a stable order)."""
    rows = [
        f
        for f in report.findings
        if (filters.direction is None or f.direction == filters.direction)
        and (filters.board is None or boards.get(f.clause) == filters.board)
        and (filters.holder is None or f.duty_holder.name == filters.holder)
        and (filters.status is None or f.status == filters.status)
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
