"""Evaluate rules/plan.py over a plan as of an instant, with engine/evaluation/rete.py's defences.

Why a runner of its own: engine/evaluation/rete.py's `evaluate` is shaped for obligations and evidence. This
one uses its defences for milestones, on the process's one durable-rules host and under its
lock (`engine.evaluation.rete.shared_host()`): the same RulesetGenerations (a fresh state per evaluation that
is never cleaned, a new generation before the 1,024-state cap) and raise_action_errors; every key tagged with a run number so a
firing from another state cannot leak in, the milestones in one batch per ruleset (encoded once, as rete.py's
`run_batch` asserts a state: `comply check`'s plan summary line took 3x longer a fact and a ruleset at a time),
the clock asserted last, a swallowed action exception
failing loudly. It then checks that every milestone got exactly one derived status and that the
contradictions flagged are exactly those whose reported status differs: an engine that dropped
or doubled a firing fails the evaluation instead of giving a wrong answer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import durable_rules_engine

from engine.core import calendar
from engine.evaluation.rete import (
    MAX_FACTS,
    EngineError,
    RulesetGenerations,
    encode_fact,
    raise_action_errors,
    run_batch,
    shared_host,
)
from engine.plan.model import NOT_DERIVABLE, PlanRow
from rules import plan as plan_rules

_sink: dict[str, list[tuple[str, str, str]]] = {}
_current_run: list[str] = [""]
_runs = itertools.count(1)


@dataclass(frozen=True)
class Derivation:
    """What the rules gave one milestone: its derived status and whether it contradicts the report."""

    milestone_ref: str
    derived: str  # one of DERIVED_STATUSES
    basis: str  # the rule's own status name (says why when not derivable)
    contradiction: bool


def _collect(kind: str, key: str, status: str) -> None:
    run, _, ref = key.partition("/")
    if _current_run[0] and run == _current_run[0]:
        _sink[run].append((kind, ref, status))


#: the plan's rulesets, rotated before durable's state cap as the obligation rules are
_generations = RulesetGenerations(lambda prefix: plan_rules.define(_collect, prefix=prefix))


def milestone_fact(row: PlanRow) -> dict[str, Any]:
    """The flat fact the rules see; instants as integer epoch seconds (durable has no dates)."""
    reading = row.deadline
    percent = row.percent_complete
    return {
        "t": "milestone",
        "mk": row.milestone_ref,
        "complete": -1 if percent is None else int(percent == 100),
        "dated": int(reading.due is not None),
        "due": int(reading.due.timestamp()) if reading.due is not None else 0,
        "grace": int(reading.grace_until.timestamp()) if reading.grace_until is not None else 0,
        "reported": row.reported_status,
    }


def derive(rows: list[PlanRow], as_of: Any) -> dict[str, Derivation]:
    """Each milestone's derived status as of `as_of` (a pendulum DateTime), keyed by milestone_ref."""
    if len(rows) + 1 > MAX_FACTS:
        raise EngineError(f"refusing to evaluate a plan of {len(rows)} milestones (the limit is {MAX_FACTS - 1})")
    refs = [r.milestone_ref for r in rows]
    if len(set(refs)) != len(refs):
        raise EngineError("a plan's milestone refs must be unique")
    now = int(calendar.parse_instant(as_of).timestamp())
    host, lock = shared_host()
    with lock:
        names, sid = _generations.fresh_state()
        run = f"p{next(_runs)}"
        _current_run[0] = run
        _sink[run] = []
        try:
            # every milestone in one batch per ruleset, encoded once for all of them, then the clock on its own
            # (as engine/evaluation/rete.py asserts a state; a milestone a rule does not match is not stored)
            milestones = [{**milestone_fact(r), "mk": f"{run}/{r.milestone_ref}", "sid": sid} for r in rows]
            payload = "[" + ",".join(encode_fact(f) for f in milestones) + "]"
            tick = encode_fact({"t": "clock", "now": now, "run": run, "sid": sid})
            for name in names:
                ruleset = host.get_ruleset(name)
                if milestones:
                    run_batch(ruleset, name, durable_rules_engine.assert_facts, payload)
                run_batch(ruleset, name, durable_rules_engine.assert_fact, tick)
            raise_action_errors(names, sid, "plan ")
            firings = list(_sink[run])
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"the rules engine failed on the plan: {type(exc).__name__}: {exc}") from exc
        finally:
            _sink.pop(run, None)
            _current_run[0] = ""
    return _checked(rows, firings)


def _checked(rows: list[PlanRow], firings: list[tuple[str, str, str]]) -> dict[str, Derivation]:
    derived: dict[str, list[str]] = {r.milestone_ref: [] for r in rows}
    contradicted: dict[str, list[str]] = {r.milestone_ref: [] for r in rows}
    for kind, ref, status in firings:
        if ref not in derived:
            raise EngineError(f"the plan rules fired for an unknown milestone {ref!r}")
        (derived if kind == "derived" else contradicted)[ref].append(status)
    out: dict[str, Derivation] = {}
    for row in rows:
        ref = row.milestone_ref
        if len(derived[ref]) != 1:
            raise EngineError(
                f"milestone {ref}: expected exactly one derived status, the rules gave {derived[ref] or 'none'}"
            )
        basis = derived[ref][0]
        status = NOT_DERIVABLE if basis.startswith(NOT_DERIVABLE) else basis
        expected = [status] if status != NOT_DERIVABLE and status != row.reported_status else []
        if contradicted[ref] != expected:
            raise EngineError(
                f"milestone {ref}: the contradiction rules gave {contradicted[ref]}, "
                f"expected {expected} (reported {row.reported_status}, derived {status})"
            )
        out[ref] = Derivation(ref, status, basis, bool(expected))
    return out
