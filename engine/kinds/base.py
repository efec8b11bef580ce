"""What every rule kind is and uses: the kind's base class, its registry, and the facts it makes.

Why: a clause of a direction file names its rule by `kind:` (`deadline`, `recurring`, ...). Each
kind is one class in one file of `engine/kinds/`, registered under that YAML name, holding
everything about it: the pydantic model of its YAML shape (with a YAML example in the module
docstring), how a clause of that kind becomes obligation and evidence facts for the rules engine,
how it reads in words (for the lawyers' documentation), which kinds of stored fact it reads (for the
re-check after one new fact) and which kind of fact satisfies its duties (for the desk's forms).
Adding a kind is adding one file (or a plug-in module: `engine/kinds/plugins.py`).

Python computes *when* something is due and describes each fact in words; the rules in
`rules/obligations.py` decide *whether* it was done, by matching obligations to evidence against
the clock. Nothing here decides a status. Instants given to the rules engine are epoch seconds.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pendulum import DateTime

from engine.core import calendar
from engine.core.calendar import FOREVER, Due
from engine.model import facts as F
from engine.model.specs import DueSpec, Strict
from engine.model.state import AuthorityState

if TYPE_CHECKING:  # the direction model is built from the registered kinds: it sits above them
    from engine.directions.model import Clause, Direction

__all__ = [
    "Obligation", "Evidence", "Context", "Occurrence", "Reading", "RuleKind", "LOOKAHEAD_DAYS", "due_for",
    "due_problems", "Loc", "Problem",
]  # fmt: skip

#: how far past the as-of date a recurring schedule is unrolled at least, in days (further when the
#: evaluation is asked about a longer window: Context.reach); said in `comply due` and the calendar feed
LOOKAHEAD_DAYS = 400


@dataclass
class Obligation:
    """Something that must happen: one obligation fact for the rules engine, with its words.

    `ok` is "<clause id>#<discriminator>", stable across runs; `match` ties it to the evidence that
    can satisfy it; `opens` (epoch seconds) is the earliest instant evidence counts from; after
    `due`, evidence up to `late_until` (None: without limit) makes it met late; `certain` says
    whether a missing record proves a breach; `at_instant` marks a duty about a state at an instant
    (who sits on a board at a meeting), judged from its due instant."""

    ok: str
    direction: Direction
    clause: Clause
    label: str  # "occurrence 2", "meeting of 12 June 2017: chair"
    match: str
    due: Due
    expects: str  # in words, what would satisfy it
    opens: int = 0
    late_until: int | None = None
    certain: bool = True
    certain_why: str = ""
    readings: list[str] = field(default_factory=list)
    at_instant: bool = False
    occurrence: int | None = None  # which occurrence of a numbered duty (deadline, recurring)
    ends: int = FOREVER  # the last instant the direction binds as regards this due date (Context.ends_for)
    # the kind of fact that satisfies this obligation where it is not the kind's `answered_by` (the approval
    # step of a duty to submit for approval is answered by an approval, its submission step by a submission)
    answered_by: str = ""
    dated: bool = True  # False: a duty with no due date (engine/kinds/undated.py); `due` is when it became owed

    @property
    def clause_id(self) -> str:
        return self.direction.clause_id(self.clause)

    @property
    def discriminator(self) -> str:
        return self.ok.split("#", 1)[1]

    def fact(self) -> dict[str, Any]:
        """The flat fact the rules engine matches (epoch seconds, 0/1 flags)."""
        return {
            "ok": self.ok,
            "match": self.match,
            "opens": self.opens,
            "due": self.due.epoch,
            "due_earliest": self.due.earliest_epoch,
            "dated": 1 if self.dated else 0,
            "late_until": FOREVER if self.late_until is None else self.late_until,
            "certain": 1 if self.certain else 0,
            "judged": self.due.epoch if self.at_instant else 0,
            "ends": self.ends,
        }


@dataclass
class Evidence:
    """Something that happened, known to lie between `earliest` and `latest` (epoch seconds) and, for
    a state such as a membership, to hold `until`; `facts` are the store fact ids it comes from
    (engine.core.ids) and `words` says it for the explanation."""

    ek: str
    match: str
    earliest: int
    latest: int
    words: str
    facts: list[str]
    until: int = FOREVER

    @classmethod
    def event(cls, ek: str, match: str, at: int, fact_id: str, words: str) -> Evidence:
        """Something that happened at a known instant `at` (epoch seconds): an item tabled, a response."""
        return cls(ek=ek, match=match, earliest=at, latest=at, facts=[fact_id], words=words)

    @classmethod
    def held(cls, ek: str, match: str, start: int, until: int, fact_id: str, words: str) -> Evidence:
        """A state that began at `start` and holds until `until` (epoch seconds): a membership, a role."""
        return cls(ek=ek, match=match, earliest=start, latest=start, until=until, facts=[fact_id], words=words)

    def fact(self) -> dict[str, Any]:
        """The flat fact the rules engine matches."""
        return {
            "ek": self.ek,
            "match": self.match,
            "earliest": self.earliest,
            "latest": self.latest,
            "until": self.until,
        }


@dataclass
class Context:
    """What every kind needs: the direction, the authority's state and the as-of instant (London).

    `horizon` (epoch seconds), when given, is how far schedules are unrolled instead of the
    look-ahead: the living documentation unrolls a direction's whole span on a state with no facts
    (`Context.for_reading`). `reach` (epoch seconds) is the end of the window the evaluation is asked
    about (the due-soon window: `comply due --within 24m`); schedules are unrolled at least that far,
    so a horizon reaches as far as asked."""

    direction: Direction
    state: AuthorityState
    as_of: DateTime
    horizon: int | None = None
    reach: int = 0
    superseded_at: int | None = None  # when a new version of the direction took its place (epoch seconds)

    @classmethod
    def for_reading(cls, direction: Direction, open_ended_years: int) -> Context:
        """A context with no facts whose schedules run over the direction's whole in-force span (or
        `open_ended_years` from its date when it runs until revoked): the schedule as the direction
        itself sets it, for reading in words."""
        state = AuthorityState(authority=F.AuthorityFact(key=direction.authority, name=direction.authority))
        start = calendar.start_of_day_instant(direction.in_force.start)
        if direction.in_force.until is not None:
            horizon = direction.end_instant()
        else:
            years = calendar.add_period(direction.date, calendar.Period(months=12 * open_ended_years))
            horizon = calendar.end_of_day_instant(years).int_timestamp
        return cls(direction=direction, state=state, as_of=start, horizon=horizon)

    # cached: read once per meeting of every board by meetings() (a sixth of building the
    # obligations of a national run); a Context is built for one evaluation and never changed
    @functools.cached_property
    def start(self) -> int:
        """The start of the direction's in-force period, epoch seconds."""
        return calendar.start_of_day_instant(self.direction.in_force.start).int_timestamp

    @functools.cached_property
    def generate_until(self) -> int:
        """Unroll schedules up to the direction's own end or the look-ahead, whichever is first;
        after a revocation that has taken effect, up to the look-ahead beyond the revocation, so
        that what it cancelled is listed as lapsed without listing years of nothing."""
        if self.horizon is not None:
            return self.horizon
        ahead = max(self.as_of.add(days=LOOKAHEAD_DAYS).int_timestamp, self.reach)
        limit = min(self.direction.end_instant(), ahead)
        revoked = self.revoked_at()
        if revoked is not None:
            limit = min(limit, max(revoked + LOOKAHEAD_DAYS * 86400, self.reach))
        return limit

    def gaps(self) -> list[tuple[int, int]]:
        """The spans (see `_gaps`), computed once per context: read for every obligation's `ends`."""
        return self._gaps

    @functools.cached_property
    def _gaps(self) -> list[tuple[int, int]]:
        """The spans (first instant, first instant binding again, epoch seconds) in which a recorded
        revocation had lapsed the direction, from the statuses in effect by the as-of date: a
        revocation opens a span, a later `in_force` (a reinstatement) closes it from the start of its
        effective day; a span still open ends at FOREVER. A new version of the direction in effect
        by the as-of date (`superseded_at`) opens a last span that never closes."""
        statuses = sorted(
            (s for s in self.state.direction_status if s.direction == self.direction.id),
            key=lambda s: (s.effective, s.status != "revoked"),
        )
        out: list[tuple[int, int]] = []
        opened: int | None = None
        for status in statuses:
            instant = calendar.start_of_day_instant(status.effective)
            if instant > self.as_of:
                break
            if status.status == "revoked" and opened is None:
                opened = instant.int_timestamp
            elif status.status == "in_force" and opened is not None:
                out.append((opened, instant.int_timestamp))
                opened = None
        if opened is not None:
            out.append((opened, FOREVER))
        sup = self.superseded_at
        if (
            sup is not None
            and sup <= self.as_of.int_timestamp
            and not (out and out[-1][1] == FOREVER and out[-1][0] <= sup)
        ):
            out = [(a, min(b, sup)) for a, b in out if a < sup] + [(sup, FOREVER)]
        return out

    def revoked_at(self) -> int | None:
        """The last instant the direction bound before a revocation still in effect at the as-of
        date (none when it was reinstated since)."""
        gaps = self.gaps()
        return gaps[-1][0] - 1 if gaps and gaps[-1][1] == FOREVER else None

    def ends(self) -> int:
        """The instant the direction stops binding for good: its own end or a revocation still in
        effect, epoch seconds."""
        revoked = self.revoked_at()
        return min(self.direction.end_instant(), revoked if revoked is not None else FOREVER)

    def ends_for(self, due: int) -> int:
        """The last instant the direction binds as regards a duty due at `due`: the eve of the
        revocation whose span holds `due` (a reinstatement restores duties due from its effective
        day), else the direction's own end. An obligation due after it is lapsed."""
        for start, until in self.gaps():
            if start <= due < until:
                return start - 1
        return self.direction.end_instant()

    def clock(self, warn_days: int) -> dict[str, int]:
        """The clock fact: now, the end of the due-soon window and when the direction ends (epoch seconds)."""
        return {
            "now": self.as_of.int_timestamp,
            "horizon": self.as_of.add(days=warn_days).int_timestamp,
            "ends": self.ends(),
        }

    def certain(self, subject: str, due: int) -> tuple[bool, str]:
        """Does a missing record before `due` prove a breach? (False: it reads as unknown.)
        `subject` is a coverage subject (engine.core.ids)."""
        if self.state.authority.absence_proves_breach:
            return True, "the authority's records are taken as complete"
        for cov in self.state.coverage:
            if cov.subject == subject and due <= calendar.epoch(calendar.end_of_day_instant(cov.complete_until)):
                return (
                    True,
                    f"records of {subject} are complete until {calendar.day_words(cov.complete_until)} ({cov.source})",
                )
        return False, (
            f"the records of {subject} are not known to be complete at that date, "
            "so a missing record cannot prove a breach"
        )

    def meetings(self, board: str) -> list[F.Meeting]:
        """Meetings of a board, not cancelled, from the direction's start to its generation limit."""
        return [
            mt
            for mt in self.state.meetings
            if mt.board == board
            and mt.status != "cancelled"
            and self.start <= calendar.epoch(mt.starts_at) <= self.generate_until
        ]

    def meetings_started(self, board: str) -> list[F.Meeting]:
        """Meetings of a board that have started by the as-of instant: who sat on a board is
        judged at meetings that have taken place, not predicted for future ones."""
        return [mt for mt in self.meetings(board) if mt.starts_at <= self.as_of]

    def board_name(self, key: str) -> str:
        """A board's name as the facts give it (its key when the board is not recorded)."""
        return next((b.name for b in self.state.boards if b.key == key), key)

    def due_spec(
        self, spec: DueSpec, time_override: str | None = None, non_working_day: calendar.NonWorkingDay | None = "as_is"
    ) -> Due:
        """The due instant a DueSpec gives for this direction, with how it was computed (`due_for`)."""
        return due_for(self.direction, spec, time_override, non_working_day)

    def submission_duties(
        self,
        clause: Clause,
        dues: list[Due],
        *,
        label: Callable[[int], str],
        expects: Callable[[int, Due], str],
        readings: list[str] | None = None,
        late: Callable[[Due], int | None] = lambda due: None,
    ) -> list[Obligation]:
        """Occurrences 1, 2, ... of a duty answered by a submission naming the clause and the
        occurrence, one per due instant: matched on `<clause id>#<n>`, certain where the clause's
        records are complete (its coverage subject is the clause id); `late` gives, for a due instant,
        the last instant a late submission makes it met late (None, the default: without limit)."""
        cid = self.direction.clause_id(clause)
        out = []
        for n, due in enumerate(dues, start=1):
            certain, why = self.certain(cid, due.epoch)
            out.append(
                self.obligation(
                    clause, str(n), label=label(n), match=f"{cid}#{n}", due=due, certain=certain,
                    certain_why=why, readings=readings or [], occurrence=n, expects=expects(n, due),
                    late_until=late(due),
                )
            )  # fmt: skip
        return out

    def meeting_duty(self, clause: Clause, mt: F.Meeting, **kw: Any) -> Obligation:
        """A duty that attaches to one meeting of a board, keyed by the meeting and labelled by its day."""
        return self.obligation(clause, mt.key, label=f"meeting of {calendar.day_words(mt.starts_at.date())}", **kw)

    def obligation(self, clause: Clause, disc: str, **kw: Any) -> Obligation:
        """An obligation of a clause, keyed `<clause id>#<disc>`."""
        return Obligation(
            ok=f"{self.direction.clause_id(clause)}#{disc}", direction=self.direction, clause=clause, **kw
        )


def due_for(
    direction: Direction,
    spec: DueSpec,
    time_override: str | None = None,
    non_working_day: calendar.NonWorkingDay | None = "as_is",
) -> Due:
    """The due instant a DueSpec gives for a direction (a fixed date, or a period after the
    direction's date), with how it was computed; a due date on a weekend or bank holiday is said and
    read as the spec's `non_working_day` (else the rule's, `non_working_day`: the day itself by default);
    `non_working_day=None` leaves that to the caller (a schedule counts on from the unmoved date)."""
    time_of_day = time_override or spec.time
    if spec.date is not None:
        due = calendar.due_on(spec.date, time_of_day, f"the date {direction.noun} gives")
    elif spec.between is not None:
        due = calendar.due_between(*spec.between, time_of_day, f"the date {direction.noun} gives")
    else:
        assert spec.after is not None
        due = calendar.due_after(
            direction.date,
            f"the date of {direction.noun} ({direction.id})",
            spec.after.period(),
            time_of_day,
            start_latest=direction.date_latest,
        )
    if non_working_day is not None:
        due = calendar.non_working_day(due, spec.non_working_day or non_working_day)
    return due.then(f"reading: {spec.reading}") if spec.reading else due


def due_problems(direction: Direction, spec: DueSpec, loc: Loc, what: str) -> list[Problem]:
    """A due date that cannot be right for the direction: before the direction's date, or after the
    end of its in-force period (it could never be owed). One (loc, message) each."""
    due = due_for(direction, spec)
    made = calendar.start_of_day_instant(direction.date).int_timestamp
    if due.epoch < made:
        return [
            (loc, f"{what} falls on {calendar.human(due.instant)}, before the direction's date "
                  f"({calendar.day_words(direction.date)}): expected a due date on or after it")
        ]  # fmt: skip
    if due.epoch > direction.end_instant():
        return [
            (loc, f"{what} falls on {calendar.human(due.instant)}, after the direction ends "
                  f"({direction.in_force_words()}): it could never be owed; expected a due date within the period")
        ]  # fmt: skip
    return []


#: where in a direction file a problem lies (keys and list positions from the top, as pydantic
#: gives them) and the message: `RuleKind.problems`, engine.directions.model.load_direction
Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]


@dataclass
class Occurrence:
    """One computed due date, in words, for the documentation."""

    label: str
    due: str  # in words
    iso: str
    account: list[str]

    @classmethod
    def of(cls, label: str, due: Due) -> Occurrence:
        return cls(label, calendar.human(due.instant), due.iso, [s for s in due.steps if not s.startswith("reading: ")])


@dataclass
class Reading:
    """The engine's reading of a clause's rule in words: sentences, computed due dates, what follows
    them, and every `reading:` of an open point."""

    summary: list[str]
    occurrences: list[Occurrence] = field(default_factory=list)
    more: str = ""
    readings: list[str] = field(default_factory=list)


def quoted(text: str) -> str:
    """A key as the documentation quotes it: “csib”."""
    return f"\u201c{text}\u201d"


class RuleKind(Strict):
    """A rule kind: the YAML shape of a clause's `rule:` and what it means.

    Subclasses declare `kind: Literal["<yaml name>"]` and their fields, register with
    `@register`, and implement `obligations` and `describe`. Class attributes:

    - `reads`: the lists of the authority's state (engine.model.state.AuthorityState) the kind reads;
      "submissions" means only submissions that name the clause itself (so a new submission can change
      the findings of the clause it names and of no other: engine/evaluation/recheck.py relies on it);
    - `answered_by`: the kind of fact that satisfies its duties (submission, meeting, membership,
      response), for the desk's forms.
    - `reading_phrases`: {words: (parameter, value)}, how the lawyers' scenarios name each reading of
      an open point this kind's rule states ("... is read with late evidence not counted");
      engine.kinds.registry.reading_phrases gathers them from every kind.
    """

    kind: str
    reads: ClassVar[tuple[str, ...]] = ()
    answered_by: ClassVar[str] = ""
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {}

    @classmethod
    def yaml_name(cls) -> str:
        """The `kind:` value this class is registered under."""
        (name,) = typing.get_args(cls.model_fields["kind"].annotation)
        return name

    def rule_readings(self) -> list[str]:
        """The readings a finding and the documentation show: first the computed part, generated
        from the rule's parameters (`computed_readings`, so it cannot disagree with them), then the
        rule's own `reading:` of an open point in words (the legal rationale), if it has one."""
        reading = getattr(self, "reading", None)
        return self.computed_readings() + ([reading] if reading else [])

    def computed_readings(self) -> list[str]:
        """What is counted from what, and how, in words generated from the rule's parameters
        (each names its parameter); none by default."""
        return []

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        """The clause's obligations for the authority as of ctx.as_of, and the evidence they may match."""
        raise NotImplementedError

    def problems(self, direction: Direction) -> list[Problem]:
        """What the rule says that cannot be right for this direction (a due date before the
        direction's date or after its end, offsets out of order), as (loc under the clause's
        `rule:`, message); checked when the direction file is read. None by default."""
        return []

    def occurrences(self, direction: Direction, clause: Clause) -> int | None:
        """How many numbered occurrences the clause has over the direction's whole in-force period
        (a submission naming occurrence N > this is refused); None when it is not numbered or runs
        until revoked."""
        return None

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        """The rule in words for the documentation, with up to `show` computed due dates (`ctx` is
        `Context.for_reading`)."""
        raise NotImplementedError
