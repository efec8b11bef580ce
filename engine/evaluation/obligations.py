"""From clauses and the state to obligation and evidence facts for the rules engine.

Why this split: Python computes *when* something is due (calendar arithmetic, which
durable-rules cannot do) and describes each fact in words for the explanation; the rules in
rules/obligations.py decide *whether* it was done, by matching obligations to evidence against
the clock. Nothing here decides a status.

Each rule kind of a direction file has one generator below. Match keys tie obligations to the
evidence that can satisfy them:

| rule kind          | one obligation per                              | evidence matched                      |
|--------------------|-------------------------------------------------|---------------------------------------|
| deadline           | the clause                                      | submissions answering it              |
| recurring          | occurrence (1, 2, ...) within the in-force span | submissions naming that occurrence    |
| per_meeting        | meeting of the board                            | the item tabled by the role           |
| meeting_frequency  | held meeting (gap) or calendar quarter          | a later (public) meeting of the board |
| composition        | meeting x requirement (chair, role, group, ext.) | memberships and roles held            |
| appointment        | meeting of the board once the duty applies      | a membership in that capacity         |
| request_response   | recorded request of the type                    | the response to it                    |
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pendulum import DateTime

from engine.core import calendar
from engine.core.calendar import FOREVER, Due
from engine.directions import model as D
from engine.model import facts as F
from engine.store.sqlite import AuthorityState

#: how far past the as-of date a recurring schedule is unrolled, in days
LOOKAHEAD_DAYS = 400


@dataclass
class Obligation:
    ok: str  # "<clause id>#<discriminator>": stable across runs
    direction: D.Direction
    clause: D.Clause
    label: str  # "report 2", "meeting of 12 June 2017: chair"
    match: str
    due: Due
    expects: str  # in words, what would satisfy it
    opens: int = 0
    late_until: int | None = None  # None: late evidence counts (met late) without limit
    certain: bool = True
    certain_why: str = ""
    readings: list[str] = field(default_factory=list)
    at_instant: bool = False  # a duty about a state at an instant (who sits on a board at a meeting)
    occurrence: int | None = None  # which occurrence of a deadline or recurring duty
    answered_by: str | None = None  # the kind of fact that satisfies it (submission, meeting, membership, response)

    @property
    def clause_id(self) -> str:
        return self.direction.clause_id(self.clause)

    @property
    def discriminator(self) -> str:
        return self.ok.split("#", 1)[1]

    def fact(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "match": self.match,
            "opens": self.opens,
            "due": self.due.epoch,
            "late_until": FOREVER if self.late_until is None else self.late_until,
            "certain": 1 if self.certain else 0,
            "judged": self.due.epoch if self.at_instant else 0,
        }


@dataclass
class Evidence:
    ek: str
    match: str
    earliest: int
    latest: int
    words: str
    facts: list[str]  # store fact ids, e.g. "submission:bv-q1-2017"
    until: int = FOREVER

    def fact(self) -> dict[str, Any]:
        return {
            "ek": self.ek,
            "match": self.match,
            "earliest": self.earliest,
            "latest": self.latest,
            "until": self.until,
        }


@dataclass
class Context:
    """What every generator needs: the direction, the authority's state and the as-of instant."""

    direction: D.Direction
    state: AuthorityState
    as_of: DateTime

    # cached: read once per meeting of every board by ctx.meetings() (a sixth of building the
    # obligations of a national run); a Context is built for one evaluation and never changed
    @functools.cached_property
    def start(self) -> int:
        return calendar.start_of_day_instant(self.direction.in_force.start).int_timestamp

    @functools.cached_property
    def generate_until(self) -> int:
        """Unroll schedules up to the direction's own end or the look-ahead, whichever is first;
        after a revocation that has taken effect, up to the look-ahead beyond the revocation, so
        that what it cancelled is listed as lapsed without listing years of nothing."""
        limit = min(self.direction.end_instant(), self.as_of.add(days=LOOKAHEAD_DAYS).int_timestamp)
        revoked = self.revoked_at()
        if revoked is not None:
            limit = min(limit, revoked + LOOKAHEAD_DAYS * 86400)
        return limit

    def revoked_at(self) -> int | None:
        """The instant a recorded revocation took effect, if it has by the as-of date."""
        for status in self.state.direction_status:
            if status.direction == self.direction.id and status.status == "revoked":
                instant = calendar.start_of_day_instant(status.effective)
                if instant <= self.as_of:
                    return instant.int_timestamp - 1
        return None

    def ends(self) -> int:
        revoked = self.revoked_at()
        return min(self.direction.end_instant(), revoked if revoked is not None else FOREVER)

    def certain(self, subject: str, due: int) -> tuple[bool, str]:
        """Does a missing record before `due` prove a breach? (False: it reads as unknown.)"""
        if self.state.authority.absence_proves_breach:
            return True, "the authority's records are taken as complete"
        for cov in self.state.coverage:
            if cov.subject == subject and due <= calendar.end_of_day_instant(cov.complete_until).int_timestamp:
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
            and self.start <= mt.starts_at.int_timestamp <= self.generate_until
        ]

    def meetings_started(self, board: str) -> list[F.Meeting]:
        """Meetings of a board that have started by the as-of instant: who sat on a board is
        judged at meetings that have taken place, not predicted for future ones."""
        return [mt for mt in self.meetings(board) if mt.starts_at <= self.as_of]

    def due_spec(self, spec: D.DueSpec, time_override: str | None = None) -> Due:
        time_of_day = time_override or spec.time
        if spec.date is not None:
            due = calendar.due_on(spec.date, time_of_day, "the date the direction gives")
        else:
            assert spec.after is not None
            due = calendar.due_after(
                self.direction.date,
                f"the date of the direction ({self.direction.id})",
                spec.after.period(),
                time_of_day,
            )
        return due.then(f"reading: {spec.reading}") if spec.reading else due


Generator = Callable[[Context, D.Clause], tuple[list[Obligation], list[Evidence]]]


def _ob(ctx: Context, clause: D.Clause, disc: str, **kw: Any) -> Obligation:
    return Obligation(ok=f"{ctx.direction.clause_id(clause)}#{disc}", direction=ctx.direction, clause=clause, **kw)


def _submission_evidence(ctx: Context, clause_id: str, default_occurrence: int | None) -> list[Evidence]:
    out = []
    for s in ctx.state.submissions:
        if s.clause != clause_id:
            continue
        occurrence = s.occurrence or default_occurrence
        lo, hi = s.window()
        when = (
            f"received {calendar.human(lo)}"
            if lo == hi
            else f"received at some time between {calendar.human(lo)} and {calendar.human(hi)}"
        )
        out.append(
            Evidence(
                ek=f"submission:{s.key}",
                match=f"{clause_id}#{occurrence}",
                earliest=lo.int_timestamp,
                latest=hi.int_timestamp,
                facts=[f"submission:{s.key}"],
                words=f"{s.what} ({s.key}), {when}"
                + (f"; {s.note}" if s.note else "")
                + (f" [source: {s.source}]" if s.source else ""),
            )
        )
    return out


def gen_deadline(ctx: Context, clause: D.Clause) -> tuple[list[Obligation], list[Evidence]]:
    rule = clause.rule
    assert isinstance(rule, D.Deadline)
    cid = ctx.direction.clause_id(clause)
    due = ctx.due_spec(rule.due)
    certain, why = ctx.certain(cid, due.epoch)
    ob = _ob(
        ctx,
        clause,
        "1",
        label="the deadline",
        match=f"{cid}#1",
        due=due,
        certain=certain,
        certain_why=why,
        expects=f"a submission answering {cid} received by {calendar.human(due.instant)}",
    )
    return [ob], _submission_evidence(ctx, cid, 1)


def recurring_dues(ctx: Context, rule: D.Recurring, clause_id: str) -> list[Due]:
    """The due instants of a recurring clause, in order, up to the generation limit."""
    later_time = rule.time or rule.first.time
    dues = [ctx.due_spec(rule.first).then("occurrence 1: the first")]
    for i, offset in enumerate(rule.then, start=2):
        d = calendar.due_after(
            ctx.direction.date,
            f"the date of the direction ({ctx.direction.id})",
            offset.period(),
            later_time,
            rule.align_month_end,
        )
        dues.append(d.then(f"occurrence {i}: listed in the direction"))
    base_day = dues[-1].instant.date()
    base_n = len(dues)
    actual: dict[int, DateTime] = {}
    if rule.anchor == "previous_event":
        for s in ctx.state.submissions:
            if s.clause == clause_id and s.occurrence and s.window()[0] == s.window()[1]:
                actual[s.occurrence] = s.window()[0]
    k = 1
    while True:
        n = base_n + k
        prev_actual = actual.get(n - 1)
        if rule.anchor == "previous_event" and prev_actual is not None:
            d = calendar.due_after(
                prev_actual.date(),
                f"occurrence {n - 1} was done",
                rule.every.period(),
                later_time,
                rule.align_month_end,
            )
            d = d.then(f"occurrence {n}: counted from when the previous one was actually done (anchor: previous event)")
        else:
            d = calendar.due_after(
                base_day,
                f"occurrence {base_n} fell due",
                rule.every.period().times(k),
                later_time,
                rule.align_month_end,
            )
            d = d.then(f"occurrence {n}: counted from the schedule, {rule.every.period().words()} apart")
        if rule.anchor == "previous_event":
            base_day, base_n, k = d.instant.date(), n, 0
        if d.epoch > ctx.generate_until:
            break
        dues.append(d)
        k += 1
        if len(dues) > 1000:  # a safety net against a zero-length period slipping through
            break
    return [d for d in dues if d.epoch <= ctx.generate_until]


def gen_recurring(ctx: Context, clause: D.Clause) -> tuple[list[Obligation], list[Evidence]]:
    rule = clause.rule
    assert isinstance(rule, D.Recurring)
    cid = ctx.direction.clause_id(clause)
    obs = []
    for n, due in enumerate(recurring_dues(ctx, rule, cid), start=1):
        certain, why = ctx.certain(cid, due.epoch)
        readings = [rule.reading] if rule.reading else []
        obs.append(
            _ob(
                ctx,
                clause,
                str(n),
                label=f"occurrence {n}",
                match=f"{cid}#{n}",
                due=due,
                certain=certain,
                certain_why=why,
                readings=readings,
                expects=f"a submission answering {cid}, occurrence {n}, received by {calendar.human(due.instant)}",
            )
        )
    return obs, _submission_evidence(ctx, cid, None)


def meeting_words(mt: F.Meeting) -> str:
    if mt.time_known:
        return calendar.human(mt.starts_at)
    return f"on {calendar.day_words(mt.starts_at.date())} (time not recorded)"


def _meeting_due(mt: F.Meeting, board_name: str) -> Due:
    return Due(
        mt.starts_at,
        (
            f"the {mt.status} meeting of the {board_name} ({mt.key}) {'at ' if mt.time_known else ''}"
            f"{meeting_words(mt)}",
            "the duty attaches to the meeting itself",
        ),
    )


def _board_name(ctx: Context, key: str) -> str:
    return next((b.name for b in ctx.state.boards if b.key == key), key)


def gen_per_meeting(ctx: Context, clause: D.Clause) -> tuple[list[Obligation], list[Evidence]]:
    rule = clause.rule
    assert isinstance(rule, D.PerMeeting)
    board = _board_name(ctx, rule.board)
    obs, evs = [], []
    for mt in ctx.meetings(rule.board):
        match = f"tabled:{mt.key}:{rule.item}:{rule.presented_by}"
        if mt.status == "held":
            certain, why = (
                (True, "the record of the meeting lists what was tabled")
                if mt.items_known
                else (False, "the papers do not record what was tabled at this meeting")
            )
        else:
            certain, why = False, f"the meeting is recorded as {mt.status}, not as held"
        obs.append(
            _ob(
                ctx,
                clause,
                mt.key,
                label=f"meeting of {calendar.day_words(mt.starts_at.date())}",
                match=match,
                due=_meeting_due(mt, board),
                late_until=mt.starts_at.int_timestamp,
                certain=certain,
                certain_why=why,
                readings=[rule.reading] if rule.reading else [],
                expects=f"item {rule.item!r} presented by {rule.presented_by!r} at the meeting {mt.key}",
            )
        )
        if mt.status == "held":
            for it in mt.items:
                t = mt.starts_at.int_timestamp
                evs.append(
                    Evidence(
                        ek=f"tabled:{mt.key}:{it.item}:{it.presented_by}",
                        match=f"tabled:{mt.key}:{it.item}:{it.presented_by}",
                        earliest=t,
                        latest=t,
                        facts=[f"meeting:{mt.key}"],
                        words=f"{it.item!r} presented by {it.presented_by!r} at {mt.key} "
                        f"({calendar.human(mt.starts_at)})" + (f" [source: {it.source}]" if it.source else ""),
                    )
                )
    return obs, evs


def meeting_window(mt: F.Meeting) -> tuple[int, int]:
    """When a meeting took place: its start, or the whole day when only the day is known."""
    if mt.time_known:
        return mt.starts_at.int_timestamp, mt.starts_at.int_timestamp
    day = mt.starts_at.date()
    return (calendar.start_of_day_instant(day).int_timestamp, calendar.end_of_day_instant(day).int_timestamp)


def _meeting_evidence(ctx: Context, board: str, public: bool) -> list[Evidence]:
    out = []
    for mt in ctx.state.meetings:
        if mt.board != board or mt.status != "held" or (public and not mt.public):
            continue
        t, latest = meeting_window(mt)
        suffix = ":public" if public else ""
        out.append(
            Evidence(
                ek=f"meeting:{mt.key}{suffix}",
                match=f"meeting:{board}{suffix}",
                earliest=t,
                latest=latest,
                facts=[f"meeting:{mt.key}"],
                words=f"the {'public ' if mt.public else ''}meeting {mt.key} held "
                f"{meeting_words(mt)}" + (f" [source: {mt.source}]" if mt.source else ""),
            )
        )
    return out


def gen_meeting_frequency(ctx: Context, clause: D.Clause) -> tuple[list[Obligation], list[Evidence]]:
    rule = clause.rule
    assert isinstance(rule, D.MeetingFrequency)
    board = _board_name(ctx, rule.board)
    suffix = ":public" if rule.public else ""
    kind = "public meeting" if rule.public else "meeting"
    subject = f"meetings:{rule.board}"
    readings = [rule.reading] if rule.reading else []
    obs = []
    if rule.every is not None:
        period = rule.every.period()
        for mt in ctx.meetings(rule.board):
            if mt.status != "held" or mt.starts_at > ctx.as_of:
                continue
            if mt.time_known:
                due = calendar.due_after_instant(mt.starts_at, f"the meeting {mt.key} was held", period)
            else:  # only the day is known: count from the end of that day, never against the council
                due = calendar.due_after_instant(
                    calendar.end_of_day_instant(mt.starts_at.date()),
                    f"the meeting {mt.key} was held that day (its time is not recorded)",
                    period,
                )
            certain, why = ctx.certain(subject, due.epoch)
            obs.append(
                _ob(
                    ctx,
                    clause,
                    f"after-{mt.key}",
                    label=f"next {kind} after {calendar.day_words(mt.starts_at.date())}",
                    match=f"meeting:{rule.board}{suffix}",
                    opens=mt.starts_at.int_timestamp + 1,
                    due=due,
                    late_until=due.epoch,
                    certain=certain,
                    certain_why=why,
                    readings=readings,
                    expects=f"a {kind} of the {board} within {period.words()} of {mt.key}",
                )
            )
    else:
        day = ctx.direction.in_force.start
        q_start, q_end = calendar.quarter_bounds(day)
        if q_start != day:  # the reading: count from the first full quarter in force
            q_start, q_end = calendar.quarter_bounds(calendar.add_period(q_end, calendar.Period(days=1)))
        while calendar.start_of_day_instant(q_start).int_timestamp <= ctx.generate_until:
            due = calendar.due_on(q_end, "end_of_day", "the last day of the calendar quarter")
            certain, why = ctx.certain(subject, due.epoch)
            label = f"quarter {q_start.strftime('%b')}-{q_end.strftime('%b %Y')}"
            obs.append(
                _ob(
                    ctx,
                    clause,
                    f"quarter-{q_start.isoformat()}",
                    label=label,
                    match=f"meeting:{rule.board}{suffix}",
                    opens=calendar.start_of_day_instant(q_start).int_timestamp,
                    due=due,
                    late_until=due.epoch,
                    certain=certain,
                    certain_why=why,
                    readings=readings + ["each calendar quarter from the first full quarter in force"],
                    expects=f"a {kind} of the {board} between {calendar.day_words(q_start)} and {calendar.day_words(q_end)}",
                )
            )
            q_start, q_end = calendar.quarter_bounds(calendar.add_period(q_end, calendar.Period(days=1)))
    return obs, _meeting_evidence(ctx, rule.board, rule.public)


def _membership_evidence(ctx: Context, board: str) -> list[Evidence]:
    out = []
    groups = {p.key: p.group for p in ctx.state.people}
    for ms in ctx.state.memberships:
        if ms.board != board:
            continue
        start = calendar.start_of_day_instant(ms.start).int_timestamp
        until = calendar.end_of_day_instant(ms.until).int_timestamp if ms.until else FOREVER
        span = f"from {calendar.day_words(ms.start)}" + (f" to {calendar.day_words(ms.until)}" if ms.until else "")
        person = ctx.state.person(ms.person)
        who = person.name if person else ms.person
        src = f" [source: {ms.source}]" if ms.source else ""
        fid = f"membership:{board}.{ms.person}.{ms.start.isoformat()}"
        keys = [f"member:{board}:capacity:{ms.capacity}"]
        if groups.get(ms.person):
            keys.append(f"member:{board}:group:{groups[ms.person]}")
        if ms.external:
            keys.append(f"member:{board}:external")
        for key in keys:
            out.append(
                Evidence(
                    ek=f"{fid}:{key}",
                    match=key,
                    earliest=start,
                    latest=start,
                    until=until,
                    facts=[fid],
                    words=f"{who} a member of the {board} as {ms.capacity} {span}{src}",
                )
            )
    return out


def _role_evidence(ctx: Context) -> list[Evidence]:
    out = []
    for r in ctx.state.roles:
        start = calendar.start_of_day_instant(r.start).int_timestamp if r.start else 0
        until = calendar.end_of_day_instant(r.until).int_timestamp if r.until else FOREVER
        person = ctx.state.person(r.person)
        span = (f" from {calendar.day_words(r.start)}" if r.start else "") + (
            f" to {calendar.day_words(r.until)}" if r.until else ""
        )
        fid = f"role:{r.person}.{r.role}"
        out.append(
            Evidence(
                ek=f"{fid}.{start}",
                match=f"role:{r.person}:{r.role}",
                earliest=start,
                latest=start,
                until=until,
                facts=[fid],
                words=f"{person.name if person else r.person} held the role {r.role}{span}"
                + (f" [source: {r.source}]" if r.source else ""),
            )
        )
    return out


def _groups_at(ctx: Context, day: dt.date) -> list[F.PoliticalGroup]:
    return [
        g
        for g in ctx.state.political_groups
        if (g.start is None or g.start <= day) and (g.until is None or g.until >= day)
    ]


def gen_composition(ctx: Context, clause: D.Clause) -> tuple[list[Obligation], list[Evidence]]:
    rule = clause.rule
    assert isinstance(rule, D.Composition)
    board = _board_name(ctx, rule.board)
    obs: list[Obligation] = []
    readings = [rule.reading] if rule.reading else []
    for mt in ctx.meetings_started(rule.board):
        due = _meeting_due(mt, board)
        t = mt.starts_at.int_timestamp
        when = calendar.day_words(mt.starts_at.date())
        base = dict(due=due, late_until=t, readings=readings, at_instant=True)
        if mt.status != "held":  # nothing can be proven of a meeting not recorded as held
            obs.append(
                _ob(
                    ctx,
                    clause,
                    f"{mt.key}:held",
                    label=f"meeting of {when}: composition",
                    match=f"not-held:{mt.key}",
                    certain=False,
                    certain_why=f"the meeting is recorded as {mt.status}, not as held",
                    expects=f"a record that the meeting of {when} was held, and who sat on the {board}",
                    **base,
                )
            )
            continue
        if rule.chair_role:
            if mt.chair:
                certain, why = True, "the record names who chaired"
                chair = ctx.state.person(mt.chair)
                obs.append(
                    _ob(
                        ctx,
                        clause,
                        f"{mt.key}:chair",
                        label=f"meeting of {when}: chair",
                        match=f"role:{mt.chair}:{rule.chair_role}",
                        certain=certain,
                        certain_why=why,
                        expects=f"the chair, {chair.name if chair else mt.chair}, holding the role "
                        f"{rule.chair_role} at the meeting",
                        **base,
                    )
                )
            else:
                obs.append(
                    _ob(
                        ctx,
                        clause,
                        f"{mt.key}:chair",
                        label=f"meeting of {when}: chair",
                        match="chair-not-recorded",
                        certain=False,
                        certain_why="the record of the meeting does not say who chaired",
                        expects=f"a chair holding the role {rule.chair_role}",
                        **base,
                    )
                )
        subject = f"memberships:{rule.board}"
        certain, why = ctx.certain(subject, t)
        for role in rule.required_roles:
            obs.append(
                _ob(
                    ctx,
                    clause,
                    f"{mt.key}:role:{role}",
                    label=f"meeting of {when}: {role}",
                    match=f"member:{rule.board}:capacity:{role}",
                    certain=certain,
                    certain_why=why,
                    expects=f"a member of the {board} sitting as {role} on {when}",
                    **base,
                )
            )
        if rule.every_political_group:
            for g in _groups_at(ctx, mt.starts_at.date()):
                obs.append(
                    _ob(
                        ctx,
                        clause,
                        f"{mt.key}:group:{g.key}",
                        label=f"meeting of {when}: {g.name} represented",
                        match=f"member:{rule.board}:group:{g.key}",
                        certain=certain,
                        certain_why=why,
                        expects=f"a member of the {g.name} group on the {board} on {when}",
                        **base,
                    )
                )
        if rule.external_members:
            obs.append(
                _ob(
                    ctx,
                    clause,
                    f"{mt.key}:external",
                    label=f"meeting of {when}: external member",
                    match=f"member:{rule.board}:external",
                    certain=certain,
                    certain_why=why,
                    expects=f"at least one external member of the {board} on {when}",
                    **base,
                )
            )
    return obs, _membership_evidence(ctx, rule.board) + _role_evidence(ctx)


def gen_appointment(ctx: Context, clause: D.Clause) -> tuple[list[Obligation], list[Evidence]]:
    rule = clause.rule
    assert isinstance(rule, D.Appointment)
    board = _board_name(ctx, rule.board)
    meetings = ctx.meetings_started(rule.board)
    named = sorted((r.named_on or r.start) for r in ctx.state.roles if r.role == rule.role and (r.named_on or r.start))
    subject = f"memberships:{rule.board}"
    obs = []
    if rule.by == "date":
        assert rule.date is not None
        from_day, why_from = rule.date, f"the date the direction gives, {calendar.day_words(rule.date)}"
    elif named:
        from_day, why_from = named[0], f"the {rule.role} was named on {calendar.day_words(named[0])}"
    else:
        from_day, why_from = None, f"the papers do not record when the {rule.role} was named"
    if from_day is None:
        applicable = meetings
    elif rule.by == "date":
        applicable = [mt for mt in meetings if mt.starts_at.date() >= from_day]
    else:
        applicable = [mt for mt in meetings if mt.starts_at.date() > from_day]
    for i, mt in enumerate(applicable):
        due = _meeting_due(mt, board).then(
            ("the first meeting after " if i == 0 and rule.by != "date" else "a meeting after ") + why_from
            if from_day
            else why_from
        )
        if from_day is None:
            certain, why = False, why_from + ", so it is not known whether the duty applied at this meeting"
        elif mt.status != "held":
            certain, why = False, f"the meeting is recorded as {mt.status}, not as held"
        else:
            certain, why = ctx.certain(subject, mt.starts_at.int_timestamp)
        match = f"member:{rule.board}:capacity:{rule.role}" if mt.status == "held" else f"not-held:{mt.key}"
        obs.append(
            _ob(
                ctx,
                clause,
                mt.key,
                label=f"meeting of {calendar.day_words(mt.starts_at.date())}",
                match=match,
                due=due,
                at_instant=True,
                late_until=mt.starts_at.int_timestamp,
                certain=certain,
                certain_why=why,
                readings=[rule.reading] if rule.reading else [],
                expects=f"the {rule.role} a member of the {board} at the meeting {mt.key}",
            )
        )
    return obs, _membership_evidence(ctx, rule.board)


def gen_request_response(ctx: Context, clause: D.Clause) -> tuple[list[Obligation], list[Evidence]]:
    rule = clause.rule
    assert isinstance(rule, D.RequestResponse)
    obs, evs = [], []
    cid = ctx.direction.clause_id(clause)
    for rq in ctx.state.requests:
        if rq.type != rule.request_type or rq.made_at.int_timestamp < ctx.start:
            continue
        due = calendar.due_after_instant(rq.made_at, f"the request {rq.key} was made", rule.within.period())
        certain, why = ctx.certain(cid, due.epoch)
        obs.append(
            _ob(
                ctx,
                clause,
                rq.key,
                label=f"request {rq.key}",
                match=f"response:{rq.key}",
                opens=rq.made_at.int_timestamp,
                due=due,
                certain=certain,
                certain_why=why,
                readings=[rule.reading] if rule.reading else [],
                expects=f"a response to the request {rq.key} within {rule.within.period().words()}",
            )
        )
    for rs in ctx.state.responses:
        t = rs.responded_at.int_timestamp
        evs.append(
            Evidence(
                ek=f"response:{rs.request}:{t}",
                match=f"response:{rs.request}",
                earliest=t,
                latest=t,
                facts=[f"request:{rs.request}"],
                words=f"a response to {rs.request} at {calendar.human(rs.responded_at)}"
                + (f" [source: {rs.source}]" if rs.source else ""),
            )
        )
    return obs, evs


#: the kind of fact that satisfies each rule kind's duties (the desk offers that form)
ANSWERED_BY: dict[str, str] = {
    "deadline": "submission",
    "recurring": "submission",
    "per_meeting": "meeting",
    "meeting_frequency": "meeting",
    "composition": "membership",
    "appointment": "membership",
    "request_response": "response",
}

GENERATORS: dict[str, Generator] = {
    "deadline": gen_deadline,
    "recurring": gen_recurring,
    "per_meeting": gen_per_meeting,
    "meeting_frequency": gen_meeting_frequency,
    "composition": gen_composition,
    "appointment": gen_appointment,
    "request_response": gen_request_response,
}


def build(ctx: Context) -> tuple[list[Obligation], dict[str, Evidence]]:
    """Every obligation of a direction for an authority, and the evidence they may match."""
    obligations: list[Obligation] = []
    evidence: dict[str, Evidence] = {}
    for clause in ctx.direction.clauses:
        obs, evs = GENERATORS[clause.rule.kind](ctx, clause)
        for ob in obs:
            ob.answered_by = ANSWERED_BY[clause.rule.kind]
            if clause.rule.kind in ("deadline", "recurring"):
                ob.occurrence = int(ob.discriminator)
        obligations.extend(obs)
        for ev in evs:
            evidence.setdefault(ev.ek, ev)
    return obligations, evidence


def clock(ctx: Context, warn_days: int) -> dict[str, int]:
    now = ctx.as_of.int_timestamp
    return {"now": now, "horizon": ctx.as_of.add(days=warn_days).int_timestamp, "ends": ctx.ends()}
