"""Evaluation: the same path for the command line, the tests and the Gherkin scenarios.

For each direction binding the authority, build the obligations and evidence (each clause's rule
kind makes its own: engine/kinds/, gathered by `build` below), run the rules
(engine/evaluation/rete.py, one fresh durable-rules state per direction), and turn the firings into
findings. Two self-checks turn silent engine errors into failed runs: every obligation must receive
exactly one status, and every firing must name a known obligation and evidence. `cross_check` runs
the same evaluation through the plain-Python oracle as well and refuses any disagreement.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable

from pendulum import DateTime

from engine.core import calendar
from engine.core.calendar import Due
from engine.core.status import STATUS_ORDER
from engine.directions.model import Direction
from engine.evaluation.known import known_by
from engine.evaluation.oracle import oracle_evaluate
from engine.evaluation.rete import EngineError, Firing
from engine.evaluation.rete import evaluate as rete_evaluate
from engine.kinds import evidence as evidence_words
from engine.kinds.base import Context, Evidence, Obligation
from engine.model.findings import DutyHolderOut, Explanation, Finding, Report
from engine.model.state import AuthorityState

DEFAULT_DUE_SOON_DAYS = 30
#: the widest 'due soon' window a command accepts (`--due-soon-days`): ten years, in days
MAX_DUE_SOON_DAYS = 3660

Evaluator = Callable[[list[dict], list[dict], dict], list[Firing]]


def check(
    state: AuthorityState,
    directions: list[Direction],
    as_of: DateTime,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    evaluator: Evaluator = rete_evaluate,
    reach_days: int = 0,
) -> Report:
    """The compliance position of one authority as of an instant, under every direction binding it.

    `due_soon_days`: the warning window (days after `as_of`) in which an unsatisfied duty is due soon
    rather than upcoming. `reach_days`: how far ahead (days) schedules must at least be unrolled, for a
    caller asking about a window longer than both the warning window and the look-ahead (`comply due
    --within 2y`); it lists more upcoming duties and changes no status."""
    findings: list[Finding] = []
    used = [d for d in directions if d.authority == state.authority.key]
    known = known_by(state, as_of)  # once for every direction: it depends only on the state and the instant
    for direction in used:
        if calendar.start_of_day_instant(direction.made_on()) > as_of:
            continue  # not yet made as of that date (a new version: the variation not yet made)
        findings.extend(
            _check_known(
                known,
                direction,
                as_of,
                due_soon_days,
                evaluator,
                superseded_at(direction, directions, as_of),
                reach_days,
            )
        )
    findings.sort(key=lambda f: (f.due, f.clause, f.id))
    counts = {s: 0 for s in STATUS_ORDER}
    for f in findings:
        counts[f.status] += 1
    return Report(
        as_of=calendar.iso(as_of),
        authority=state.authority.key,
        authority_name=state.authority.name,
        due_soon_days=due_soon_days,
        directions=[d.id for d in used],
        counts=counts,
        findings=findings,
    )


def superseded_at(direction: Direction, directions: list[Direction], as_of: DateTime) -> int | None:
    """When a new version of the direction (a file whose `supersedes:` names it) took its place, as
    epoch seconds (the start of its effective day), if that version was made by the as-of instant."""
    starts = [
        calendar.start_of_day_instant(d.supersedes.effective).int_timestamp
        for d in directions
        if d.supersedes is not None
        and d.supersedes.direction == direction.id
        and calendar.start_of_day_instant(d.made_on()) <= as_of
    ]
    return min(starts) if starts else None


def unbound_words(authority: str, directions: list[Direction], as_of: DateTime) -> str | None:
    """Why a check of the authority as of that instant has nothing to report, when no direction
    binds it yet (or none names it at all); None when one does. So that zeros are never read as an
    all-clear: 'no direction binds tower-hamlets on 1 January 2016: the earliest, bv-2017, is dated
    28 March 2017'."""
    named = sorted((d for d in directions if d.authority == authority), key=lambda d: (d.in_force.start, d.id))
    day = calendar.day_words(as_of.in_timezone(calendar.LONDON).date())
    if not named:
        return f"no direction file names {authority}, so nothing binds it on {day}"
    started = [
        d
        for d in named
        if calendar.start_of_day_instant(d.made_on()) <= as_of
        and calendar.start_of_day_instant(d.in_force.start) <= as_of
    ]
    if started:
        return None
    first = named[0]
    return (
        f"no direction binds {authority} on {day}: the earliest, {first.id}, is dated "
        f"{calendar.day_words(first.date)} and in force {first.in_force_words()}"
    )


def cross_check(
    state: AuthorityState,
    directions: list[Direction],
    as_of: DateTime,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    reach_days: int = 0,
) -> Report:
    """`check` through durable-rules and through the plain-Python oracle (engine/evaluation/oracle.py),
    which must agree on every finding's id, status and evidence. Returns durable-rules' report; raises
    EngineError naming the first findings that differ."""
    report = check(state, directions, as_of, due_soon_days, reach_days=reach_days)
    oracle = check(state, directions, as_of, due_soon_days, evaluator=oracle_evaluate, reach_days=reach_days)
    ours = {f.id: (f.status, f.evidence) for f in report.findings}
    theirs = {f.id: (f.status, f.evidence) for f in oracle.findings}
    differ = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
    if differ:
        shown = "; ".join(f"{k}: rules {ours.get(k)}, oracle {theirs.get(k)}" for k in differ[:3])
        raise EngineError(
            f"the rules engine and the plain-Python oracle disagree on {len(differ)} finding(s) as of "
            f"{calendar.iso(as_of)}: {shown} (the evaluation is not trusted)"
        )
    return report


def build(ctx: Context) -> tuple[list[Obligation], dict[str, Evidence]]:
    """Every obligation of ctx.direction for the authority as of ctx.as_of, and the evidence they may
    match, by evidence key (the first of two with the same key is kept: the same stored fact read by
    two clauses is one piece of evidence). Each clause's rule kind makes its own (engine/kinds/)."""
    obligations: list[Obligation] = []
    evidence: dict[str, Evidence] = {}
    for clause in ctx.direction.clauses:
        obs, evs = clause.rule.obligations(ctx, clause)
        obligations.extend(obs)
        for ev in evs:
            evidence.setdefault(ev.ek, ev)
    return obligations, evidence


def check_direction(
    state: AuthorityState,
    direction: Direction,
    as_of: DateTime,
    due_soon_days: int,
    evaluator: Evaluator = rete_evaluate,
    superseded: int | None = None,
    reach_days: int = 0,
) -> list[Finding]:
    """The findings of one direction for the authority as of an instant (London), through `evaluator`;
    `superseded` is when a new version took its place (superseded_at); schedules are unrolled at least
    `max(due_soon_days, reach_days)` days ahead (see `check`).

    The one place where time runs forward: the state is read as it could be known at `as_of`
    (engine/evaluation/known.known_by) before any rule kind sees it, whichever evaluator decides the
    statuses (durable-rules or the oracle). Raises EngineError when the rules' answer fails a self-check."""
    return _check_known(known_by(state, as_of), direction, as_of, due_soon_days, evaluator, superseded, reach_days)


def _check_known(
    state: AuthorityState,
    direction: Direction,
    as_of: DateTime,
    due_soon_days: int,
    evaluator: Evaluator,
    superseded: int | None,
    reach_days: int,
) -> list[Finding]:
    """`check_direction` on a state already read as it could be known at `as_of` (`known_by`): what
    `check` calls for each direction, having filtered the state once for all of them."""
    ctx = Context(
        direction,
        state,
        as_of,
        reach=as_of.add(days=max(due_soon_days, reach_days)).int_timestamp,
        superseded_at=superseded,
    )
    obligations, evidence = build(ctx)
    if not obligations:
        return []
    if direction.supersedes is not None:  # a new version owes only what falls due once it binds
        starts = calendar.start_of_day_instant(direction.in_force.start).int_timestamp
        obligations = [ob for ob in obligations if ob.due.epoch >= starts]
        if not obligations:
            return []
    for ob in obligations:  # whether the direction bound at its due date (revocations, reinstatements)
        # a duty with no due date is owed for as long as the direction binds at all (a revocation or
        # a new version in effect ends it: engine/kinds/undated.py)
        ob.ends = ctx.ends_for(ob.due.epoch) if ob.dated else ctx.ends()
    clock = ctx.clock(due_soon_days)
    # Evidence whose match key no obligation has cannot take part in any rule (every evidence
    # condition in rules/obligations.py joins on `match`), so it is not sent: at national scale
    # a sixth of the evidence (roles, items and memberships no clause asks about) was such, and
    # durable-rules keeps ~8 KB per fact per ruleset (docs/performance.md).
    matches = {o.match for o in obligations}
    firings = evaluator(
        [o.fact() for o in obligations], [e.fact() for e in evidence.values() if e.match in matches], clock
    )
    by_ob: dict[str, list[Firing]] = defaultdict(list)
    known = {o.ok for o in obligations}
    for f in firings:
        if f.obligation not in known or (f.evidence is not None and f.evidence not in evidence):
            raise EngineError(f"the rules reported an unknown obligation or evidence: {f}")
        by_ob[f.obligation].append(f)
    out = []
    for ob in obligations:
        fs = by_ob.get(ob.ok, [])
        statuses = {f.status for f in fs}
        if len(statuses) != 1:
            raise EngineError(
                f"obligation {ob.ok} received {sorted(statuses) or 'no'} statuses from the rules; "
                "exactly one is required (the evaluation is not trusted)"
            )
        status = statuses.pop()
        evs = sorted({f.evidence for f in fs if f.evidence}, key=lambda k: (evidence[k].earliest, k))
        announced = evidence_words.announced(ctx, ob.clause_id, ob.occurrence)
        out.append(make_finding(state, ob, status, [evidence[k] for k in evs], announced, as_of=as_of))
    return out


def make_finding(
    state: AuthorityState,
    ob: Obligation,
    status: str,
    evs: list[Evidence],
    announced: list[str] | None = None,
    as_of: DateTime | None = None,
) -> Finding:
    """A finding: the obligation with the status the rules gave it, the evidence they used, and the
    explanation (the clause's words and source, how the due date was computed, the facts, why),
    built when first read (`explain`). `announced`: announcements of the duty in words
    (engine.kinds.evidence.announced), listed after the facts and never counted as evidence.
    `as_of`: the instant of the check, for how long an open duty has been open."""
    clause = ob.clause
    holder = _holder(clause.duty_holder.kind, clause.duty_holder.name)
    announced = announced or []
    fact_ids: list[str] = []
    for e in evs:
        fact_ids.extend(x for x in e.facts if x not in fact_ids)
    due = ob.due
    return Finding(
        id=f"{state.authority.key}/{ob.clause_id}/{ob.discriminator}",
        authority=state.authority.key,
        direction=ob.direction.id,
        clause=ob.clause_id,
        clause_title=clause.title,
        subject=ob.label,
        duty_holder=holder,
        recipient=clause.recipient,
        due=due.iso,
        due_earliest=calendar.iso(due.earliest) if due.earliest is not None else None,
        due_time_known=due.time_known,
        open_since=None if ob.dated else due.iso,
        status=status,  # type: ignore[arg-type]
        evidence=fact_ids,
        kind=clause.rule.kind,
        occurrence=ob.occurrence,
        answered_by=ob.answered_by or type(clause.rule).answered_by or None,
        explain=lambda: explain(ob, status, evs, announced, holder, as_of),
    )


@functools.lru_cache(maxsize=1024)
def _holder(kind: str, name: str) -> DutyHolderOut:
    """A clause's duty holder as findings show it: one object per holder, shared by its findings
    (validated once, not once per finding)."""
    return DutyHolderOut(kind=kind, name=name)  # type: ignore[arg-type]


def explain(
    ob: Obligation,
    status: str,
    evs: list[Evidence],
    announced: list[str],
    holder: DutyHolderOut,
    as_of: DateTime | None = None,
) -> Explanation:
    """A finding's explanation (what `make_finding` defers until it is read): the clause's words and
    source, how the due date was computed, the readings, what would satisfy it, the facts in words
    (or what is missing, then any announcements) and why it has its status."""
    clause = ob.clause
    facts = ([e.words for e in evs] or [f"no record of {ob.expects}"]) + announced
    return Explanation(
        clause_text=clause.text.strip(),
        source=clause.source.words(),
        due_computation=list(ob.due.steps),
        readings=ob.readings,
        expected=ob.expects,
        facts=facts,
        reason=reason_for(
            status,
            bool(evs),
            ob.certain_why,
            holder,
            open_words(ob, status, as_of),
            ob.due,
            between=as_of is not None and ob.due.earliest_epoch < as_of.int_timestamp <= ob.due.epoch,
            noun=ob.direction.noun,
        )  # fmt: skip
        + (" An announcement that it would be sent is not a record that it was." if announced else ""),
        announcements=announced,
    )


def open_words(ob: Obligation, status: str, as_of: DateTime | None) -> str:
    """'open for 94 days, since 28 March 2017': how long a duty with no due date has been owed ('' for
    any other finding, or when the instant of the check is not given)."""
    if ob.dated or status != "open" or as_of is None:
        return ""
    days = (as_of.in_timezone(calendar.LONDON).date() - ob.due.instant.in_timezone(calendar.LONDON).date()).days
    return f"open for {days} day{'' if days == 1 else 's'}, since {calendar.day_words(ob.due.instant.date())}"


def range_words(due: Due) -> str:
    """' It is due at the latest 23:59:59 BST on 30 June 2017, at the earliest ...: ...' for a due time
    known only to a range ('' for an exact one)."""
    if due.earliest is None:
        return ""
    why = next((s for s in due.steps if "known only to" in s), "its date is known only to a range")
    return (
        f" It is due at the latest {calendar.human(due.instant)}, at the earliest "
        f"{calendar.human(due.earliest)}: {why}."
    )


def reason_for(
    status: str,
    has_evidence: bool,
    certain_why: str,
    holder: DutyHolderOut,
    open_for: str = "",
    due: Due | None = None,
    between: bool = False,
    noun: str = "the direction",
) -> str:
    """One or two sentences: why a finding has its status, and whose duty it was. `open_for` says how
    long an open duty has been open; `due`, when known only to a range, adds both ends and why;
    `between`: the check's instant lies between its earliest and latest due time; `noun` names the
    instrument ("the schedule" for a third party's timetable, which is never called a direction)."""
    whose = {
        "council": "",
        "role": f" The council must see that {holder.name} does this.",
        "third_party": f" This was the duty of {holder.name}, not of the council.",
    }[holder.kind]
    text = {
        "met": "Evidence shows it was done by the due time.",
        "met_late": "It was done, but only after the due time.",
        "breached": f"The due time has passed and nothing in the records satisfies it; {certain_why}.",
        "due_soon": "It is not yet due, falls due within the warning window, and nothing yet satisfies it.",
        "upcoming": "It is not yet due and nothing yet satisfies it.",
        "open": f"It has no due date and nothing yet satisfies it: {open_for or 'open'}.",
        "lapsed": f"It would fall due after {noun} stopped binding, so it is not owed.",
        "unknown": (
            "There is evidence, but its time is not known precisely enough to say whether it was in time."
            if has_evidence
            else "The earliest due time has passed and no record satisfies it, but the latest has not."
            if between
            else f"The due time has passed and no record satisfies it, but {certain_why}."
        ),
    }[status]
    return text + (range_words(due) if due is not None else "") + whose
