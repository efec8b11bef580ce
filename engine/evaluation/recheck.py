"""Re-checking one authority after one new submission, without re-evaluating everything.

Why this is sound: a submission is evidence only for the clause it names. Every rule kind declares
what it reads (`RuleKind.reads`, engine/kinds/base.py), and a kind that reads "submissions" reads
only those naming its own clause (the deadline and recurring kinds match them on keys that carry
the clause id, so no other clause's obligation can match them). So a new submission can change the
findings of that clause alone. The clause is evaluated as a direction of one clause, in a fresh
state of its own, with the direction's own clock (which does not depend on the other clauses), from
the facts its kind reads. Its findings replace that clause's findings in the previous report; every
other finding is kept as it was. A clause whose kind does not read submissions gets a full re-check.
tests/operations/test_bench.py checks the result equals a full re-check.
"""

from __future__ import annotations

from pendulum import DateTime

from engine.core import calendar
from engine.core.errors import InputError
from engine.core.status import STATUS_ORDER
from engine.directions.model import Direction
from engine.evaluation.check import DEFAULT_DUE_SOON_DAYS, Evaluator, check, check_direction, superseded_at
from engine.evaluation.rete import evaluate as rete_evaluate
from engine.model.findings import Report
from engine.store.sqlite import Store


def recheck_after_submission(
    store: Store,
    previous: Report,
    directions: list[Direction],
    clause_id: str | None,
    as_of: DateTime,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    evaluator: Evaluator = rete_evaluate,
) -> Report:
    """The authority's report after a submission answering `clause_id` was recorded.

    `previous` is the authority's report at the same as-of instant before the submission. When
    the clause is in none of the authority's directions in force (or None), the report is
    unchanged; when it is not a clause that reads submissions, the whole authority is re-checked.
    """
    if previous.as_of != calendar.iso(as_of) or previous.due_soon_days != due_soon_days:
        raise InputError("recheck: the previous report is for another as-of instant or warning window")
    used = [
        d
        for d in directions
        if d.authority == previous.authority and calendar.start_of_day_instant(d.made_on()) <= as_of
    ]
    found = [(d, c) for d in used for c in d.clauses if clause_id is not None and d.clause_id(c) == clause_id]
    if not found:
        return previous
    direction, clause = found[0]
    reads = type(clause.rule).reads
    if "submissions" not in reads:
        return check(store.load(previous.authority), directions, as_of, due_soon_days, evaluator)
    state = store.load(previous.authority, kinds=reads)
    one_clause = direction.model_copy(update={"clauses": [clause]})
    fresh = check_direction(
        state, one_clause, as_of, due_soon_days, evaluator, superseded_at(direction, directions, as_of)
    )
    findings = [f for f in previous.findings if f.clause != clause_id] + fresh
    findings.sort(key=lambda f: (f.due, f.clause, f.id))
    counts = {s: 0 for s in STATUS_ORDER}
    for f in findings:
        counts[f.status] += 1
    return previous.model_copy(update={"findings": findings, "counts": counts})
