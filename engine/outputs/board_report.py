"""The printable Board report (`comply report`): one self-contained HTML file for a Board paper.

Why: every week the Monitoring Officer is asked what is due, what is late, why, and what proves
the council complied, and needs something to put in front of the Board without a terminal. The
report answers from the same evaluation as `comply check` (`engine.evaluation.check.check`), with every
finding's explanation (the clause text and source, how the due date was computed, the facts and
the reason), so nothing in it is a separate judgement.

Sections (each starts a new printed page): the summary (authority, as-of, directions in force,
counts by status, how to read it, the chart of the past year); breaches proven; findings not
proven either way (the worklist; with the bundled papers there is no proven breach, and the
report says so plainly); what falls due in the next quarter; the evidence of compliance over the
past year; and, when the authority has an improvement plan, the plan's position by area and
status (derived by the council's own definitions, beside what was reported) with the reported
statuses that contradict the definitions, grouped by lead officer. The footer says when and by
which version of comply it was generated, from which store and which direction files (with their
SHA-256).

Decision, "the next quarter": the three calendar months after the as-of instant (1 December to
1 March), not the next calendar quarter: a Board meeting any week of the year sees the same
horizon. The report states the window it used.

Why Jinja2: a template a non-programmer can adjust (engine/outputs/templates/board/report.html.j2),
rendered by the outputs' one environment (engine/outputs/templating.py), autoescaped so a fact's
text cannot inject markup. Everything is inline (CSS in a <style>, the chart as an inline <svg>),
with no script and no external or relative URL, so the file can be emailed, opened from disk and
printed. The status words and colours are those of the one table (engine/core/status.py); the
version and the direction files' SHA-256 those of engine/core/provenance.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pendulum import DateTime

from engine.core import calendar, status
from engine.core.provenance import DirectionFile, comply_version, direction_files
from engine.directions.model import Direction
from engine.evaluation.check import check
from engine.model.findings import Finding, Report
from engine.outputs.board_chart import Point, chart_alt, chart_svg, status_history
from engine.outputs.plan_chart import overall_status_svg
from engine.outputs.templating import render
from engine.outputs.worklist import coverage_subject, why_unknown
from engine.plan.model import DERIVED_STATUSES, PlanRow
from engine.plan.position import PlanPosition, plan_position
from engine.store.sqlite import AuthorityState

#: the horizon of "what falls due in the next quarter"
QUARTER_MONTHS = 3
#: the most rows a table of the summary shows; the rest are in the appendix it names (the summary stays
#: within four A4 pages whatever the data)
SUMMARY_ROWS = 12
#: the most contradicted milestones the summary names (the worst first); every one is in appendix E
SUMMARY_MILESTONES = 6
#: why most unknowns are unknown, said once above the summary's table rather than on every row
NOTHING_RECORDED = "Nothing is recorded, and the records are not known to be complete."
#: an internal key in running text: words joined by hyphens, dots or colons ("dfe-2017.5g", "meetings:csib")
_NO_COVERAGE = re.compile(r"[;,]? no coverage of \S+ reaches it")
_KEY = re.compile(r"(?<![\w-])[a-z0-9_]+(?:[-.:][a-z0-9_]+)+(?![\w-])")


@dataclass(frozen=True)
class Provenance:
    """Where the report comes from: printed at its end so a Board paper can be traced. `store` is the
    store's file name only (never a path on the server); the direction files are named with their SHA-256."""

    generated_at: DateTime
    store: str
    direction_files: list[DirectionFile]
    comply_version: str = field(default_factory=lambda: comply_version())


@dataclass
class BoardReport:
    """Everything the template shows, already decided: the template only lays it out."""

    report: Report
    directions: list[Direction]  # the directions binding the authority and made by the as-of date
    as_of: DateTime
    quarter_end: DateTime
    breaches: list[Finding]
    unknowns: list[Finding]
    due_next_quarter: list[Finding]
    due_later: int  # owed obligations falling due after the quarter
    open_duties: list[Finding]  # duties with no due date not yet done (status open), longest open first
    complied: list[Finding]  # met or met late, due within the past year
    history: list[Point]
    chart: Markup
    absence_proves_breach: bool
    coverage_subjects: list[str]
    provenance: Provenance
    plan: PlanPosition | None = None  # the improvement plan's position, when the authority has a plan
    plan_chart: Markup | None = None
    summary: Summary | None = None  # the first pages, in the council's words (made by `build`)


@dataclass(frozen=True)
class Line:
    """One row of a summary table, in the council's words: GOV.UK dates, clause titles, role names,
    never an internal id. `anchor` is the finding id of the full entry in an appendix (a link target,
    not shown); `count` is how many findings the row stands for."""

    when: str
    what: str
    who: str
    why: str
    anchor: str
    count: int = 1


@dataclass(frozen=True)
class Rows:
    """A summary table: the rows shown and how many more the appendix holds."""

    rows: list[Line]
    more: int = 0


@dataclass(frozen=True)
class OfficerCount:
    """The plan's contradictions of one lead officer (or joint leads, as the plan writes them)."""

    officer: str
    contradictions: int
    reported_better: int


@dataclass(frozen=True)
class Summary:
    """The exceptions the Board reads first (at most four A4 pages): breaches, the unknowns that matter
    (nothing recorded where a record is owed) with why, the records to complete, what falls due next
    quarter, and the plan's contradictions; the full detail is in the appendices."""

    breaches: Rows
    missing: Rows  # unknown for want of a record: each one a breach if the records were complete
    to_complete: Rows  # unknown because a stored record lacks something: grouped by why
    next_quarter: Rows
    officers: list[OfficerCount]
    worst_milestones: list[str]  # "13.2 Review ... (lead): reported On Target, the definitions give Overdue"


def _by_due(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.due, f.clause, f.id))


def build(
    state: AuthorityState,
    directions: list[Direction],
    as_of: DateTime,
    *,
    due_soon_days: int,
    provenance: Provenance,
    plan_rows: list[PlanRow] | None = None,
    plan_reported_on: dt.date | None = None,
) -> BoardReport:
    """Evaluate the authority as of an instant (and at the past 12 month-ends) and sort the findings
    into the report's sections; with the authority's improvement plan, add the plan's position
    (statuses derived by the council's definitions, and the reported statuses that contradict them),
    judged as of the day the plan's statuses were reported (`plan_reported_on`; default the as-of)."""
    report = check(state, directions, as_of, due_soon_days)
    history = status_history(state, directions, as_of, due_soon_days, now=report)
    quarter_end = as_of.add(months=QUARTER_MONTHS)
    year_ago = as_of.subtract(years=1)
    owed = [
        f
        for f in report.findings
        if status.info(f.status).owed and not status.info(f.status).past_due and status.info(f.status).dated
    ]
    in_quarter = [f for f in owed if calendar.parse_instant(f.due) <= quarter_end]
    complied = [
        f
        for f in report.findings
        if f.status in ("met", "met_late") and year_ago < calendar.parse_instant(f.due) <= as_of
    ]
    used = [d for d in directions if d.id in report.directions and calendar.start_of_day_instant(d.date) <= as_of]
    plan_as_of = calendar.as_of_instant(plan_reported_on.isoformat()) if plan_reported_on else as_of
    plan = plan_position(plan_rows, plan_as_of, state.authority.key) if plan_rows else None
    title = f"Findings by status at each month-end ({history[0].label} to {history[-2].label}) and {history[-1].label}"
    words = Words.of(directions, state)
    board = BoardReport(
        report=report,
        directions=used,
        as_of=as_of,
        quarter_end=quarter_end,
        breaches=_by_due([f for f in report.findings if f.status == "breached"]),
        unknowns=_by_due([f for f in report.findings if f.status == "unknown"]),
        due_next_quarter=_by_due(in_quarter),
        due_later=len(owed) - len(in_quarter),
        open_duties=_by_due([f for f in report.findings if not status.info(f.status).dated]),
        complied=_by_due(complied)[::-1],
        history=history,
        chart=Markup(chart_svg(history, title, chart_alt(history))),  # safe: escaped by the chart template
        absence_proves_breach=state.authority.absence_proves_breach,
        coverage_subjects=sorted({c.subject for c in state.coverage}),
        provenance=provenance,
        plan=plan,
        plan_chart=Markup(overall_status_svg(plan)) if plan else None,
    )
    board.summary = summarise(board, words)
    return board


def render_html(board: BoardReport) -> str:
    """The report as one HTML document (UTF-8 text), from the template board/report.html.j2."""
    return render(
        "board/report.html.j2",
        b=board,
        r=board.report,
        plan_statuses=DERIVED_STATUSES,
        generated=calendar.human(board.provenance.generated_at),
        generated_iso=calendar.iso(board.provenance.generated_at),
        when=_when,
        nothing_recorded=NOTHING_RECORDED,
    )


def board_report_html(
    state: AuthorityState,
    directions: list[Direction],
    as_of: DateTime,
    *,
    due_soon_days: int,
    store: str,
    directions_folder: Path,
    generated_at: dt.datetime | DateTime,
    plan_rows: list[PlanRow] | None = None,
    plan_reported_on: dt.date | None = None,
) -> str:
    """Build and render in one call: what `comply report` (and a web route, if one is wanted) uses.
    Only the store's file name is printed (`store` may be a path)."""
    provenance = Provenance(
        generated_at=calendar.parse_instant(generated_at),
        store=Path(store).name,
        direction_files=direction_files(directions_folder),
    )
    return render_html(
        build(
            state,
            directions,
            as_of,
            due_soon_days=due_soon_days,
            provenance=provenance,
            plan_rows=plan_rows,
            plan_reported_on=plan_reported_on,
        )
    )


# --------------------------------------------------------------------------------------------
# The summary in the council's words


def _when(value: str | DateTime) -> str:
    """An instant as GOV.UK writes it: '10am on 30 December 2017', a whole-day deadline '30 December 2017'."""
    return calendar.govuk_words(calendar.parse_instant(value) if isinstance(value, str) else value)


@dataclass(frozen=True)
class Words:
    """The council's words for the internal keys a finding's text may carry: clause ids to clause titles,
    role keys to role names, board keys to board names, direction ids to titles, and coverage subjects
    ("meetings:csib", a clause id) to the records they stand for. Built from the direction files and the
    store, so a name comes from the files (`roles:`, `items:`, titles), never from code."""

    names: dict[str, str]

    @classmethod
    def of(cls, directions: list[Direction], state: AuthorityState) -> Words:
        """The words of these directions and this authority's boards."""
        names: dict[str, str] = {}
        boards = {b.key: b.name for b in state.boards}
        for d in directions:
            names[d.id] = d.title
            for key, role in d.roles.items():
                names.setdefault(key, role.name)
            for key, phrase in d.items.items():
                names.setdefault(key, str(phrase))
            for clause in d.clauses:
                names[f"{d.id}.{clause.key}"] = clause.title
                names.setdefault(clause.key, clause.title)
        for key, name in boards.items():
            names.setdefault(key, name)
            names[f"meetings:{key}"] = f"the meetings of the {name}" if not name.startswith("the ") else name
        return cls(names)

    def plain(self, text: str) -> str:
        """`text` with every internal key it carries replaced by its name ('the records of dfe-2017.5g'
        becomes 'the records of The Board chair's quarterly report ...'); a key with no name is left."""
        return _KEY.sub(lambda m: self.names.get(m.group(0), m.group(0)), text)

    def subject(self, f: Finding) -> str:
        """The finding's subject in words: 'occurrence 2' says nothing the date does not (dropped); a role
        key after the meeting ('meeting of 12 June 2017: mayor') becomes the role's name."""
        if re.fullmatch(r"occurrence \d+", f.subject):
            return ""
        head, sep, tail = f.subject.rpartition(": ")
        if sep and tail in self.names:
            return f"{head}: {self.names[tail]}"
        return self.plain(f.subject)

    def what(self, f: Finding) -> str:
        """The clause title, then the subject in words where it adds something."""
        subject = self.subject(f)
        return f"{f.clause_title} ({subject})" if subject else f.clause_title


def _who(f: Finding) -> str:
    """Who must act, short: the council, a named role, or a third party (not the council's duty)."""
    if f.duty_holder.kind == "third_party":
        return f"{f.duty_holder.name} (a third party)"
    if f.duty_holder.kind == "role":
        return f.duty_holder.name
    return "the council"


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text


def _why_missing(f: Finding, words: Words) -> str:
    """Why an unknown for want of a record matters, in plain words."""
    if "not known to be complete" in f.explanation.reason:
        return NOTHING_RECORDED
    return _sentence(words.plain(_NO_COVERAGE.sub("", why_unknown(f))))


def _rows(lines: list[Line]) -> Rows:
    return Rows(lines[:SUMMARY_ROWS], max(0, len(lines) - SUMMARY_ROWS))


def _days(findings: list[Finding]) -> str:
    days = sorted({calendar.parse_instant(f.due).in_timezone(calendar.LONDON).date() for f in findings})
    shown = ", ".join(calendar.day_words(d) for d in days[:3])
    return shown + (f" and {len(days) - 3} more days" if len(days) > 3 else "")


def _titles(findings: list[Finding]) -> str:
    """The clause titles of a group, once each; titles sharing a lead-in ("Standard agenda item: ...")
    are written once under it ("Standard agenda items: the forward plan; review of risks"), at most five
    shown in all."""
    titles = list(dict.fromkeys(f.clause_title for f in findings))
    by_head: dict[str, list[str]] = {}
    for t in titles:
        head, sep, rest = t.partition(": ")
        by_head.setdefault(head if sep else t, []).append(rest if sep else "")
    parts: list[str] = []
    for head, rests in by_head.items():
        if len(rests) == 1:
            parts.append(f"{head}: {rests[0]}" if rests[0] else head)
            continue
        plural = head if head.endswith("s") else f"{head}s"
        parts.append(f"{plural}: " + ", ".join(rests))
    text = "; ".join(parts[:5])
    left = len(titles) - sum(len(by_head[h]) for h in list(by_head)[:5])
    return text + (f"; and {left} more" if left > 0 else "")


def summarise(board: BoardReport, words: Words) -> Summary:
    """The summary's tables from the report's sections, each at most SUMMARY_ROWS rows."""
    breaches = [
        Line(f.due_words(), words.what(f), _who(f), _sentence(words.plain(f.explanation.reason)), f.id)
        for f in board.breaches
    ]
    missing = [
        Line(f.due_words(), words.what(f), _who(f), _why_missing(f, words), f.id)
        for f in board.unknowns
        if coverage_subject(f) is not None
    ]
    groups: dict[str, list[Finding]] = {}
    for f in board.unknowns:
        if coverage_subject(f) is None:
            groups.setdefault(_sentence(words.plain(why_unknown(f))), []).append(f)
    to_complete = [
        Line(_days(fs), _titles(fs), "", why, fs[0].id, count=len(fs))
        for why, fs in sorted(groups.items(), key=lambda kv: (kv[1][0].due, kv[0]))
    ]
    by_occasion: dict[tuple[str, str, str], list[Finding]] = {}
    for f in board.due_next_quarter:
        by_occasion.setdefault((f.due, f.subject if f.subject.startswith("meeting of") else f.id, _who(f)), []).append(
            f
        )
    next_quarter = [
        Line(
            fs[0].due_words(),
            words.what(fs[0])
            if len(fs) == 1
            else f"{len(fs)} duties at the {words.plain(fs[0].subject)}: {_titles(fs)}",
            who,
            "",
            fs[0].id,
            count=len(fs),
        )
        for (_, _, who), fs in by_occasion.items()
    ]
    officers: list[OfficerCount] = []
    worst: list[str] = []
    if board.plan is not None:
        officers = [
            OfficerCount(o, len(ms), sum(1 for m in ms if m.direction == "reported better than derived"))
            for o, ms in board.plan.contradictions_by_officer.items()
        ]
        officers.sort(key=lambda o: (-o.contradictions, o.officer))
        rank = {"Completed": 0, "On Target": 1, "Delayed": 2, "Overdue": 3, "not derivable": 4}
        better = [m for m in board.plan.rows if m.direction == "reported better than derived"]
        better.sort(key=lambda m: (rank.get(m.reported, 9) - rank.get(m.derived, 9), m.milestone_ref))
        worst = [
            f"{m.milestone_ref} {m.milestone} ({m.lead_officer}): reported {m.reported}, the definitions give {m.derived}"
            for m in better[:SUMMARY_MILESTONES]
        ]
    return Summary(_rows(breaches), _rows(missing), _rows(to_complete), _rows(next_quarter), officers, worst)
