"""The engine's reading of a clause's rule, in words, with its computed due dates.

Why: the living documentation shows a lawyer, beside each clause's quoted words, how the engine
reads its rule: the due dates it computes (and how each was computed) for a schedule, the board
and period for a meeting duty, and every `reading:` of an open point. The due dates come from the
same obligation generators the evaluation uses, on an authority with no facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.core import calendar
from engine.directions import model as D
from engine.evaluation.obligations import Context, gen_meeting_frequency, recurring_dues
from engine.model import facts as F
from engine.store.sqlite import AuthorityState

#: how many computed occurrences of a recurring rule (or quarters of a quarterly meeting rule) to list
SHOW_OCCURRENCES = 6
#: how far an open-ended ("until revoked") schedule is unrolled for the documentation
OPEN_ENDED_YEARS = 3


@dataclass
class Occurrence:
    label: str
    due: str  # in words
    iso: str
    account: list[str]


@dataclass
class Reading:
    summary: list[str]  # sentences, in words
    occurrences: list[Occurrence] = field(default_factory=list)
    more: str = ""  # what follows the listed occurrences
    readings: list[str] = field(default_factory=list)  # every `reading:` text of the rule


@dataclass
class _DocsContext(Context):
    """A context with no facts, unrolling schedules over the direction's whole span (or a few
    years when it runs until revoked): the schedule as the direction itself sets it."""

    horizon: int = 0

    @property
    def generate_until(self) -> int:  # type: ignore[override]
        return self.horizon


def _context(d: D.Direction) -> _DocsContext:
    state = AuthorityState(authority=F.AuthorityFact(key=d.authority, name=d.authority))
    start = calendar.start_of_day_instant(d.in_force.start)
    if d.in_force.until is not None:
        horizon = d.end_instant()
    else:
        horizon = calendar.end_of_day_instant(
            calendar.add_period(d.date, calendar.Period(months=12 * OPEN_ENDED_YEARS))
        ).int_timestamp
    return _DocsContext(direction=d, state=state, as_of=start, horizon=horizon)


def _account(due: calendar.Due) -> list[str]:
    return [s for s in due.steps if not s.startswith("reading: ")]


def _occurrence(label: str, due: calendar.Due) -> Occurrence:
    return Occurrence(label, calendar.human(due.instant), due.iso, _account(due))


def _code(text: str) -> str:
    return f"\u201c{text}\u201d"


def rule_reading(d: D.Direction, clause: D.Clause) -> Reading:
    """The engine's reading of a clause's rule, in words, with its computed due dates."""
    rule = clause.rule
    ctx = _context(d)
    cid = d.clause_id(clause)
    readings = [r for r in (getattr(rule, "reading", None),) if r]
    if isinstance(rule, D.Deadline):
        due = ctx.due_spec(rule.due)
        if rule.due.reading:
            readings.insert(0, rule.due.reading)
        return Reading(
            [f"Deadline: one submission answering this clause, received by {calendar.human(due.instant)}."],
            [_occurrence("the deadline", due)],
            readings=readings,
        )
    if isinstance(rule, D.Recurring):
        dues = recurring_dues(ctx, rule, cid)
        if rule.first.reading:
            readings.insert(0, rule.first.reading)
        base = "the first due date" if not rule.then else f"the due date of occurrence {len(rule.then) + 1}"
        anchor = (
            f"counted on the schedule from {base}"
            if rule.anchor == "schedule"
            else "each counted from when the previous one was actually done (anchor: previous event; "
            "the dates below assume each was done on its due date)"
        )
        then = "".join(f", then {p.period().words()} after the direction date" for p in rule.then)
        later = rule.time or rule.first.time
        summary = [
            f"Recurring: one submission answering this clause for each occurrence; the first due "
            f"{calendar.human(dues[0].instant)}{then}, then every {rule.every.period().words()}, {anchor}, "
            f"while the direction is in force ({d.in_force_words()}).",
            f"Later occurrences are due at {calendar.time_words(later)}."
            + (" Each due date is moved to the end of its month." if rule.align_month_end else ""),
        ]
        shown = dues[:SHOW_OCCURRENCES]
        occ = [_occurrence(f"occurrence {n}", due) for n, due in enumerate(shown, start=1)]
        more = ""
        if d.in_force.until is not None:
            if len(dues) > len(shown):
                more = (
                    f"\u2026 and {len(dues) - len(shown)} more, the last (occurrence {len(dues)}) due "
                    f"{calendar.human(dues[-1].instant)}, before the direction ends."
                )
            else:
                more = f"{len(dues)} occurrence{'s' if len(dues) != 1 else ''} in all before the direction ends."
        else:
            more = f"\u2026 and every {rule.every.period().words()} after that, until the direction is revoked."
        return Reading(summary, occ, more, readings)
    if isinstance(rule, D.PerMeeting):
        return Reading(
            [
                f"At every meeting of the board {_code(rule.board)} while the direction is in force "
                f"({d.in_force_words()}): the item {_code(rule.item)} is presented by the "
                f"{_code(rule.presented_by)}.",
                "Due at the start of each meeting; a meeting recorded as cancelled is not counted.",
            ],
            readings=readings,
        )
    if isinstance(rule, D.MeetingFrequency):
        kind = "public meeting" if rule.public else "meeting"
        if rule.every is not None:
            period = rule.every.period()
            return Reading(
                [
                    f"The board {_code(rule.board)} holds a {kind} at least every {period.words()}: after each "
                    f"meeting held, the next {kind} is due within {period.words()} of its start, on the "
                    "London wall clock (a meeting at 16:00 means the next by 16:00, across GMT and BST).",
                    f"While the direction is in force ({d.in_force_words()}).",
                ],
                readings=readings,
            )
        obs, _ = gen_meeting_frequency(ctx, clause)
        shown = obs[:SHOW_OCCURRENCES]
        occ = [_occurrence(ob.label, ob.due) for ob in shown]
        if d.in_force.until is not None:
            more = (
                f"\u2026 and {len(obs) - len(shown)} more quarters before the direction ends."
                if len(obs) > len(shown)
                else f"{len(obs)} quarter{'s' if len(obs) != 1 else ''} in all before the direction ends."
            )
        else:
            more = "\u2026 and every calendar quarter after that, until the direction is revoked."
        return Reading(
            [
                f"The board {_code(rule.board)} holds at least one {kind} in each calendar quarter "
                "(January-March, April-June, July-September, October-December), from the first full "
                f"quarter in force ({d.in_force_words()}); each quarter is due by the end of its last day."
            ],
            occ,
            more,
            readings,
        )
    if isinstance(rule, D.Composition):
        parts = []
        if rule.chair_role:
            parts.append(f"chaired by the holder of the role {_code(rule.chair_role)}")
        if rule.required_roles:
            parts.append("with a member sitting as each of " + ", ".join(_code(r) for r in rule.required_roles))
        if rule.every_political_group:
            parts.append("with a member of every political group on the council that day")
        if rule.external_members:
            parts.append(
                f"with at least {rule.external_members} external member{'s' if rule.external_members != 1 else ''}"
            )
        return Reading(
            [
                f"Checked at every meeting of the board {_code(rule.board)} held while the direction is in force "
                f"({d.in_force_words()}): " + "; ".join(parts or ["(no requirement given)"]) + "."
            ],
            readings=readings,
        )
    if isinstance(rule, D.Appointment):
        if rule.by == "date":
            assert rule.date is not None
            when = f"at every meeting of the board on or after {calendar.day_words(rule.date)}"
        else:
            when = (
                "from the board's first meeting after the person is named to the role, and at every meeting after that"
            )
        return Reading(
            [
                f"A member of the board {_code(rule.board)} sits as {_code(rule.role)}: {when}; checked at each "
                f"meeting held while the direction is in force ({d.in_force_words()})."
            ],
            readings=readings,
        )
    if isinstance(rule, D.RequestResponse):
        return Reading(
            [
                f"Each recorded request of the type {_code(rule.request_type)} is answered (a recorded response) "
                f"within {rule.within.period().words()} of when it was made, on the London wall clock; "
                f"requests made while the direction is in force ({d.in_force_words()})."
            ],
            readings=readings,
        )
    return Reading([f"Rule kind {rule.kind}."], readings=readings)  # pragma: no cover - every kind is handled above
