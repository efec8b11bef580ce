"""The one small interface to durable-rules: `evaluate(obligations, evidence, clock) -> firings`.

Why so narrow: durable-rules 2.0.28 is unmaintained and has sharp edges that return wrong
answers silently (what we measured, and what this design does about each: docs/durable-rules.md).
Everything that touches it lives here, so that it could be replaced, and so that each defence is
in one place:

- one process-wide host whose `_run()` does nothing: no background timer threads;
- rulesets registered once; findings carry our own ids, not durable's renamed rules;
- each evaluation in a fresh state (sid), never cleaned up in place (durable's delete_state and
  retract_fact crashed the process here), rotating to a new generation of rulesets before the
  engine's cap of 1,024 states; a state over MAX_FACTS facts is refused with a clear error;
- the rules that are sent the same facts in one ruleset (one per `Route` of rules/obligations.py;
  one rule per ruleset until 2,000 random national-size states ran clean grouped), each condition
  a flat chain of comparisons;
- every key tagged with the evaluation's run number, so that a firing from another state cannot
  leak into this evaluation's result;
- every state fact asserted first and the clock last: all of a ruleset's state facts in one batch
  (durable's assert_facts, which asserts them one by one in list order), each fact encoded to JSON
  once for all rulesets, then the clock on its own; keys checked unique before anything is asserted;
- each ruleset sent only the facts its rule can match, as the rule's `Route` beside it in
  rules/obligations.py declares: the obligations its route admits (by their own fields: dated or
  not, due while the direction bound or after, records complete or not) and, if the rule reads
  evidence, the evidence whose join key (`match`) is that of one of them; a ruleset admitting none
  of a state's obligations is not used for that state (not even the clock). A family of rules
  without routes gets every obligation, and evidence where its rule reads any;
- a swallowed action exception (durable stores it in the state) fails the evaluation loudly,
  as does any engine error: never partial results.

`evaluate` asserts obligations then evidence; `evaluate_in_order` asserts the state facts in
any order given, which is what `evaluate` calls and what the property tests use to check that
the order cannot change the result.

Measured at national scale (docs/performance.md): the batch took 2.2 times less CPU than one
assert_fact per fact per ruleset; sending each ruleset only what its rule can match, a further
1.2 times less CPU and 1.16 times less memory for the engine (durable-rules already dropped an
obligation whose pattern excludes it; what routing saves is evidence and clocks sent to rules
that cannot use them); the rules of a route in one ruleset rather than one each (three rulesets,
not twelve), in all 2.8 times less CPU and 6 times less memory than before. States stay one per
direction: split per clause (sound, as no rule joins two obligations) the same states took 1.25
times the CPU and 1.2 times the memory, since each state costs the engine a fixed amount in every
ruleset it touches. The actions a batch sets off run in a loop of our own (`run_actions`) over the
same C calls as durable's do_actions, without its per-firing Closure and state round trip: tried
when the C engine took most of the time (5% less CPU) and not kept then; kept once it was 37% of
the profile and the crash seen once with it was explained by the engine's read past its memory
(docs/durable-rules.md): with orjson for the facts and firings, 1.23 times less CPU for a whole
evaluation (docs/performance.md, "National scale"). durable-rules keeps
about 12 KB per fact in each state (with these three rulesets) and never frees it, so long runs
evaluate in short-lived worker processes (engine/operations/bench/run.py).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import durable_rules_engine
import orjson
from durable import engine as durable_engine

from engine.core.errors import EngineError
from rules import obligations as obligation_rules
from rules.obligations import JOIN_KEY, Route


def encode_fact(fact: dict[str, Any]) -> str:
    """One fact as JSON text, UTF-8 characters as they are (what durable's own json.dumps with
    ensure_ascii=False gives, without the spaces). orjson rather than the standard library: a fact
    is encoded once for every ruleset, and each firing's facts decoded (`run_actions`); measured
    in docs/performance.md. Raises TypeError (orjson.JSONEncodeError) for a value JSON cannot hold
    (facts are flat dicts of strings and integers)."""
    return orjson.dumps(fact).decode()


#: A state larger than this is refused rather than evaluated slowly or wrongly.
MAX_FACTS = 20_000


@dataclass(frozen=True)
class Firing:
    status: str
    obligation: str  # obligation key
    evidence: str | None  # evidence key


class _QuietHost(durable_engine.Host):
    """A durable-rules host without its timer threads (they corrupt results under load)."""

    def _run(self) -> None:  # noqa: D401 - deliberately does nothing
        return None


#: durable-rules keeps at most 1,024 states per ruleset (MemoryError after that), and both its
#: delete_state and its retract_fact crashed the process (segmentation fault) here. So each
#: evaluation uses a fresh state that is never cleaned, and after STATES_PER_GENERATION states a
#: new generation of the same rulesets is registered under new names. The old states stay in
#: memory until the process ends: a long-running process should evaluate in batches.
STATES_PER_GENERATION = 1000

_lock = threading.Lock()
_host: _QuietHost | None = None
_sink: dict[str, list[Firing]] = {}
_runs = itertools.count(1)
_uses_evidence: dict[str, bool] = {}
#: the run number of the evaluation under way ("" between evaluations), read by `record_firing`
_current_run: list[str] = [""]


def record_firing(status: str, ok: str, ek: str | None) -> None:
    """The sink that every obligation ruleset's actions report to (rules/obligations.py `define`).

    `ok` and `ek` are the keys as asserted: "<run number>/<key>". A firing is kept only if it
    belongs to the evaluation under way: durable-rules shares one action per ruleset across all
    its states, so the run number in every key is what stops a firing from any other state
    reaching this evaluation's result."""
    run, _, key = ok.partition("/")
    if _current_run[0] and run == _current_run[0]:
        _sink[run].append(Firing(status, key, ek.partition("/")[2] if ek else None))


def _get_host() -> _QuietHost:
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


def shared_host() -> tuple[_QuietHost, threading.Lock]:
    """The process's one durable-rules host and the lock that every use of it must hold. Other
    rule sets (the improvement plan's) register on this host rather than starting their own."""
    return _get_host(), _lock


class RulesetGenerations:
    """One family of rulesets on the shared host, and a fresh state for each
    evaluation: the defence against durable-rules' 1,024-state cap, for every family of rules.

    A new generation of the family (new names, from `define(prefix)`; durable-rules cannot remove
    old ones) is registered once the current one has served STATES_PER_GENERATION states.
    Generation numbers only ever increase. Use with the host's lock held.

    `routes(prefix)`, when given, is {ruleset name: Route} for the same names as `define(prefix)`
    (rules/obligations.py `routes`): what `evaluate_in_order` sends each ruleset. Raises EngineError
    when the two name different rulesets.
    """

    def __init__(
        self, define: Callable[[str], dict[str, dict]], routes: Callable[[str], dict[str, Route]] | None = None
    ):
        self._define = define
        self._routes = routes
        self.number = -1
        self.names: list[str] = []
        self.routes: dict[str, Route] = {}
        self.used = 0

    def fresh_state(self) -> tuple[list[str], str]:
        """The rulesets in use and a state id none of them has seen."""
        if not self.names or self.used >= STATES_PER_GENERATION:
            self.number += 1
            definitions = self._define(f"g{self.number}_")
            routes = self._routes(f"g{self.number}_") if self._routes else {}
            if routes and set(routes) != set(definitions):
                raise EngineError(f"the routes name other rulesets than the rules: {sorted(routes)}")
            _get_host().register_rulesets(definitions)
            self.names = list(definitions)
            self.routes = routes
            self.used = 0
        self.used += 1
        return list(self.names), str(self.used)


def raise_action_errors(names: list[str], sid: str, what: str = "") -> None:
    """durable-rules keeps an action's exception in the state and returns normally: turn it into
    an EngineError, never into partial results."""
    for name in names:
        state = _get_host().get_state(name, sid)
        if state.get("exception"):
            raise EngineError(f"a {what}rule action failed inside the engine ({name}): {state['exception']}")


#: The obligation rules of rules/obligations.py on the shared host, reporting to `record_firing`.
OBLIGATION_RULES = RulesetGenerations(
    lambda prefix: obligation_rules.define(record_firing, prefix=prefix), obligation_rules.routes
)


def _takes_evidence(name: str) -> bool:
    """Whether a ruleset's rule uses evidence facts (the others would refuse them): for a family
    of rules without routes."""
    if name not in _uses_evidence:
        _uses_evidence[name] = '"evidence"' in json.dumps(_get_host().get_ruleset(name).get_definition())
    return _uses_evidence[name]


def state_facts(obligations: list[dict[str, Any]], evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The state facts in the order `evaluate` asserts them: every obligation, then every piece of
    evidence, each a copy tagged with its type (`t`: "obligation" or "evidence") as the rules expect.
    An obligation without `dated` or `due_earliest` (fields added with issue 15) is an exact, dated one:
    `dated` 1 and `due_earliest` its `due` (rules/obligations.py)."""
    return [{"dated": 1, "due_earliest": o["due"], **o, "t": "obligation"} for o in obligations] + [
        {**e, "t": "evidence"} for e in evidence
    ]


def _routed(state: list[dict[str, Any]], route: Route) -> list[int]:
    """The positions in `state` of the facts a rule with this route can match, in their order:
    the obligations it admits and, if it reads evidence, the evidence joined to one of them
    (none at all when it admits no obligation)."""
    admitted = {i for i, f in enumerate(state) if f["t"] == "obligation" and route.admits(f)}
    if not admitted:
        return []
    if not route.evidence:
        return sorted(admitted)
    joins = {state[i][JOIN_KEY] for i in admitted}
    return [i for i, f in enumerate(state) if i in admitted or (f["t"] == "evidence" and f[JOIN_KEY] in joins)]


def _unrouted(state: list[dict[str, Any]], evidence: bool) -> list[int]:
    """The positions of every obligation, and of every piece of evidence if `evidence`."""
    return [i for i, f in enumerate(state) if evidence or f["t"] != "evidence"]


def run_batch(ruleset: Any, name: str, assert_call: Callable[[Any, str], Any], payload: str) -> None:
    """Assert one JSON payload (a fact or a list of facts) into a ruleset and run the actions it
    set off, as durable's Host.assert_fact(s) does, but with the JSON encoded once for every
    ruleset rather than once per ruleset per fact (measured: docs/performance.md). Also how the
    improvement plan's rules are run (engine/plan/rules_runner.py), on the same host. Raises EngineError
    when the engine saw a fact twice, and what an action raised."""
    result = assert_call(ruleset._handle, payload)
    # 1 (not handled): a fact this ruleset's rule does not use (evidence, or an obligation its
    # conditions exclude), not stored, as with one assert per fact; durable's C engine goes on
    # with the rest of a batch and reports it once. 2 (a fact seen twice) cannot happen, since
    # keys are checked unique before asserting, but is refused rather than trusted.
    if result[0] == 2:
        raise EngineError(f"the rules engine saw a fact twice ({name}): fact keys must be unique")
    if result[0] == 3:
        return
    run_actions(ruleset, name, result[1])


class _Fact:
    """One fact of a firing as a rule action reads it: its fields by name (`cx.o.ok`), None for a
    field it does not have, as durable's own `Content` gives."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]):
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        return self._fields.get(name)


class _Joined:
    """What a rule action is given for one firing: the facts the rule joined, by the names its
    conditions gave them (`cx.o`, `cx.e`), None for a name the firing does not have."""

    __slots__ = ("_facts",)

    def __init__(self, facts: dict[str, Any]):
        self._facts = facts

    def __getattr__(self, name: str) -> _Fact | None:
        fact = self._facts.get(name)
        return None if fact is None else _Fact(fact)


_actions: dict[str, dict[str, Callable[[Any], None]]] = {}


def _plain_actions(ruleset: Any, name: str) -> dict[str, Callable[[Any], None]]:
    """{rule name: its action} of a registered ruleset, for `run_actions`. Raises EngineError for
    an action that `run_actions` could not run as durable would: a chain of them, or one taking
    a callback (durable's asynchronous form); every action of ours is one plain function."""
    if name not in _actions:
        plain = {}
        for rule, promise in ruleset._actions.items():
            if promise._next is not None or not promise._sync:
                raise EngineError(f"rule {rule} of ruleset {name}: only plain one-argument actions are supported")
            plain[rule] = promise._func
        _actions[name] = plain
    return _actions[name]


def run_actions(ruleset: Any, name: str, state_handle: int) -> None:
    """Run every action that the last assertion into a state set off, in the engine's order.

    The loop is durable's own (Ruleset.do_actions and _flush_actions, durable/engine.py) without
    what our actions do not use: for each firing durable decodes the state, builds a `Closure`
    around it, runs the action through its promise machinery, then encodes the whole state back to
    JSON and asserts it into the engine again (`update_state`) before asking for the next firing.
    Our actions only report a firing (`record_firing`, or the improvement plan's sink) and never
    change the state, so here a firing costs one JSON decode of what the engine returns (the facts
    the rule joined), one call of the ruleset's action with those facts by name, and one
    `complete_and_start_action`, the same C calls in the same order otherwise (measured:
    docs/performance.md, "National scale"). An action that raises abandons the firing, as durable
    does, and fails the evaluation at once with an EngineError naming the ruleset and the error:
    it is never stored in the state and read back later.
    """
    handle = ruleset._handle
    started = durable_rules_engine.start_action_for_state(handle, state_handle)
    if not started:
        return
    actions = _plain_actions(ruleset, name)
    message: str | None = started[1]
    while message:
        # the engine's result for one firing: {rule name: {fact name: fact}} (no `count` or
        # `cap` in our rules, so one set of facts, not a list of them)
        ((rule, facts),) = orjson.loads(message).items()
        try:
            actions[rule](_Joined(facts))
        except Exception as exc:
            durable_rules_engine.abandon_action(handle, state_handle)
            raise EngineError(f"a rule action failed inside the engine ({name}): {type(exc).__name__}: {exc}") from exc
        message = durable_rules_engine.complete_and_start_action(handle, state_handle)


def evaluate(obligations: list[dict[str, Any]], evidence: list[dict[str, Any]], clock: dict[str, Any]) -> list[Firing]:
    """Run the obligation rules over one small state and return every firing.

    Facts are flat dicts of strings and integers (instants in epoch seconds); obligations need a
    unique key `ok`, evidence a unique key `ek`; the clock needs `now`, `horizon` and `ends`.
    Every obligation is asserted, then every piece of evidence, then the clock
    (`evaluate_in_order(state_facts(...), clock)`). Raises EngineError on any engine problem.
    """
    return evaluate_in_order(state_facts(obligations, evidence), clock)


def evaluate_in_order(
    state: list[dict[str, Any]], clock: dict[str, Any], rules: RulesetGenerations = OBLIGATION_RULES
) -> list[Firing]:
    """Assert the state facts in the order given, then the clock, and return every firing.

    `state` is a list like `state_facts`' (each fact tagged `t`: "obligation" with a key `ok`, or
    "evidence" with a key `ek`); the facts are copied, never changed. The rules are written so
    that the order of the state facts cannot change the result (rules/obligations.py): the
    property test in tests/evaluation/test_rules_agree_with_oracle.py asserts random orders
    through this function and compares with the oracle. `rules` is the family of rulesets to
    assert into, the obligation rules by default (what `evaluate` uses); another family of the
    same rules under other names, whose actions report to `record_firing` or fail, is how the
    tests exercise the rotation of generations and a failing action without replacing anything
    in this module.

    Raises EngineError on a state over MAX_FACTS facts, on keys that are not unique, and on any
    engine problem (including an exception inside a rule action): never partial results.
    """
    total = len(state) + 1
    if total > MAX_FACTS:
        raise EngineError(
            f"refusing to evaluate a state of {total} facts (the limit is {MAX_FACTS}): "
            "split the evaluation by authority and direction"
        )
    oks = [f["ok"] for f in state if f["t"] == "obligation"]
    eks = [f["ek"] for f in state if f["t"] == "evidence"]
    if len(set(oks)) != len(oks) or len(set(eks)) != len(eks):
        raise EngineError("two obligations or two evidence facts have the same key: keys must be unique")
    with _lock:
        host = _get_host()
        names, sid = rules.fresh_state()
        run = str(next(_runs))
        _current_run[0] = run
        _sink[run] = []
        try:
            tagged = [
                {**f, "ok": f"{run}/{f['ok']}", "sid": sid}
                if f["t"] == "obligation"
                else {**f, "ek": f"{run}/{f['ek']}", "sid": sid}
                for f in state
            ]
            encoded = [encode_fact(f) for f in tagged]  # once for every ruleset
            tick = encode_fact({**clock, "t": "clock", "run": run, "sid": sid})
            payloads: dict[Any, str | None] = {}  # one payload per distinct route
            used = []
            for name in names:
                route = rules.routes.get(name)
                reads = route if route is not None else ("all", _takes_evidence(name))
                if reads not in payloads:
                    chosen = _routed(state, route) if route is not None else _unrouted(state, reads[1])
                    payloads[reads] = "[" + ",".join(encoded[i] for i in chosen) + "]" if chosen else None
                payload = payloads[reads]
                if payload is None and route is not None:
                    continue  # no obligation this rule can match: the ruleset sits this state out
                ruleset = host.get_ruleset(name)
                used.append(name)
                if payload is not None:  # every state fact in one call, before the clock
                    run_batch(ruleset, name, durable_rules_engine.assert_facts, payload)
                run_batch(ruleset, name, durable_rules_engine.assert_fact, tick)
            raise_action_errors(used, sid)
            return list(_sink[run])
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"the rules engine failed: {type(exc).__name__}: {exc}") from exc
        finally:
            _sink.pop(run, None)
            _current_run[0] = ""
