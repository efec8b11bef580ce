"""Property test: durable-rules and the plain-Python oracle agree, firing for firing, on random
states asserted in random orders (the clock always last, as the design requires). The states hold
dated duties with exact due times and with due times known only to a range (`due_earliest` before
`due`), and duties with no due date (`dated` 0: open, met or lapsed).

The random states keep the invariant the evaluation keeps (rules/obligations.py): `judged` is 0,
or the due instant of a duty about a state at an instant, and such duties exist only for
meetings that have started by the as-of instant, so `judged <= now` always. An obligation with
`judged > now` gets no status from the rules or the oracle, and the evaluation would refuse it.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from oracle import oracle_evaluate

from engine.core.calendar import FOREVER
from engine.evaluation import rete
from engine.evaluation.rete import RulesetGenerations, evaluate, evaluate_in_order, record_firing, state_facts
from rules import obligations as obligation_rules

T = st.integers(min_value=0, max_value=100)
MATCHES = st.sampled_from(["a", "b", "c"])


@st.composite
def states(draw):
    now = draw(T)
    n_ob = draw(st.integers(1, 25))
    obligations = []
    for i in range(n_ob):
        at_instant = draw(st.booleans())  # a duty about a state at an instant: only once it has passed
        due = draw(st.integers(0, now) if at_instant else T)
        opens = draw(st.integers(0, due))
        late = draw(st.one_of(st.just(FOREVER), st.integers(due, 100)))
        # a due time known only to a range (from a direction dated to a month), exact half the time
        early = draw(st.one_of(st.just(due), st.integers(0, due))) if not at_instant else due
        # a duty with no due date: `due` is when it became owed, as engine/kinds/undated.py builds it
        dated = 0 if (not at_instant and draw(st.integers(0, 4)) == 0) else 1
        obligations.append(
            {
                "dated": dated,
                "due_earliest": early if dated else due,
                "ok": f"o{i}",
                "match": draw(MATCHES),
                "opens": opens,
                "due": due,
                "late_until": late,
                "certain": draw(st.sampled_from([0, 1])),
                "judged": due if at_instant else 0,
                "ends": draw(st.one_of(st.just(FOREVER), T)),
            }
        )
    evidence = []
    for i in range(draw(st.integers(0, 25))):
        earliest = draw(T)
        latest = draw(st.integers(earliest, 100))
        until = draw(st.one_of(st.just(FOREVER), st.integers(earliest, 100)))
        evidence.append({"ek": f"e{i}", "match": draw(MATCHES), "earliest": earliest, "latest": latest, "until": until})
    clock = {"now": now, "horizon": now + draw(st.integers(0, 30)), "ends": draw(st.one_of(st.just(FOREVER), T))}
    order = draw(st.permutations(list(range(len(obligations) + len(evidence)))))
    return obligations, evidence, clock, order


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_rete_and_oracle_agree(state):
    obligations, evidence, clock, order = state
    expected = Counter(oracle_evaluate(obligations, evidence, clock))
    # random assertion order of the state facts: obligations and evidence interleaved
    facts = state_facts(obligations, evidence)
    got = Counter(evaluate_in_order([facts[i] for i in order], clock))
    assert got == expected
    # every obligation gets exactly one status
    statuses = {}
    for firing in got:
        statuses.setdefault(firing.obligation, set()).add(firing.status)
    assert set(statuses) == {o["ok"] for o in obligations}
    assert all(len(s) == 1 for s in statuses.values())
    # and the order evaluate() itself uses gives the same
    assert Counter(evaluate(obligations, evidence, clock)) == expected


def test_an_obligation_not_yet_judged_gets_no_status_from_either():
    """What the invariant above excludes: neither the rules nor the oracle give it a status."""
    obligations = [
        {
            "ok": "o1",
            "match": "a",
            "opens": 0,
            "due": 10,
            "late_until": FOREVER,
            "certain": 1,
            "judged": 10,
            "ends": FOREVER,
        }
    ]
    evidence = [{"ek": "e1", "match": "a", "earliest": 3, "latest": 3, "until": FOREVER}]
    for clock in ({"now": 5, "horizon": 20, "ends": FOREVER}, {"now": 5, "horizon": 6, "ends": FOREVER}):
        assert evaluate(obligations, [], clock) == oracle_evaluate(obligations, [], clock) == []
        assert evaluate(obligations, evidence, clock) == oracle_evaluate(obligations, evidence, clock) == []


_families = itertools.count(1)


def _family(name: str, sink: obligation_rules.Sink = record_firing) -> RulesetGenerations:
    """The obligation rules as a family of rulesets of their own (new names on the same host),
    whose actions report to `sink`."""
    unique = f"{name}{next(_families)}_"
    return RulesetGenerations(lambda prefix: obligation_rules.define(sink, prefix=unique + prefix))


def test_agreement_holds_across_generations_of_rulesets(monkeypatch):
    """The engine registers a new generation of rulesets every STATES_PER_GENERATION states;
    evaluations on either side of the switch must agree with the oracle too."""
    monkeypatch.setattr(rete, "STATES_PER_GENERATION", 3)
    rotating = _family("rotating")
    obligations = [
        {
            "ok": "o1",
            "match": "a",
            "opens": 0,
            "due": 10,
            "late_until": FOREVER,
            "certain": 1,
            "judged": 0,
            "ends": FOREVER,
        },
        {
            "ok": "o2",
            "match": "b",
            "opens": 0,
            "due": 10,
            "late_until": FOREVER,
            "certain": 1,
            "judged": 0,
            "ends": FOREVER,
        },
    ]
    evidence = [{"ek": "e1", "match": "a", "earliest": 12, "latest": 12, "until": FOREVER}]
    generations = set()
    for now in range(5, 25):
        clock = {"now": now, "horizon": now + 3, "ends": FOREVER}
        got = evaluate_in_order(state_facts(obligations, evidence), clock, rules=rotating)
        assert Counter(got) == Counter(oracle_evaluate(obligations, evidence, clock))
        generations.add(rotating.number)
    assert len(generations) >= 5
    monkeypatch.undo()  # and evaluation goes on cleanly in this process afterwards
    clock = {"now": 30, "horizon": 30, "ends": FOREVER}
    assert Counter(evaluate(obligations, evidence, clock)) == Counter(oracle_evaluate(obligations, evidence, clock))


def test_a_state_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(rete, "MAX_FACTS", 5)
    obligations = [
        {"ok": f"o{i}", "match": "a", "opens": 0, "due": 1, "late_until": 1, "certain": 1, "judged": 0, "ends": FOREVER}
        for i in range(5)
    ]
    try:
        evaluate(obligations, [], {"now": 0, "horizon": 0, "ends": FOREVER})
    except rete.EngineError as exc:
        assert "refusing to evaluate a state of 6 facts" in str(exc)
    else:
        raise AssertionError("the engine evaluated a state over its limit")


def test_an_exception_inside_a_rule_action_fails_the_evaluation():
    """durable-rules stores an action's exception in the state and returns normally: the
    interface must turn it into an error, never into partial results."""

    def broken_sink(status, ok, ek):
        raise RuntimeError("boom")

    obligations = [
        {"ok": "o1", "match": "a", "opens": 0, "due": 1, "late_until": 1, "certain": 1, "judged": 0, "ends": FOREVER}
    ]
    try:
        evaluate_in_order(
            state_facts(obligations, []),
            {"now": 5, "horizon": 5, "ends": FOREVER},
            rules=_family("broken", broken_sink),
        )
    except rete.EngineError as exc:
        assert "a rule action failed inside the engine" in str(exc) and "boom" in str(exc)
    else:
        raise AssertionError("a failing action went unnoticed")


def test_an_action_our_loop_cannot_run_as_durable_would_is_refused():
    """rete.run_actions runs each firing's action itself, without durable's promise machinery: an
    action it could not run as durable would (asynchronous, taking durable's callback, or a chain)
    fails the evaluation rather than being run wrongly."""
    family = _family("asynchronous")
    names, _sid = family.fresh_state()  # registers the family's rulesets
    for name in names:
        for promise in rete._get_host().get_ruleset(name)._actions.values():
            promise._sync = False  # as durable marks an action of two arguments
    obligations = [
        {"ok": "o1", "match": "a", "opens": 0, "due": 1, "late_until": 1, "certain": 1, "judged": 0, "ends": FOREVER}
    ]
    try:
        evaluate_in_order(state_facts(obligations, []), {"now": 5, "horizon": 5, "ends": FOREVER}, rules=family)
    except rete.EngineError as exc:
        assert "only plain one-argument actions" in str(exc)
    else:
        raise AssertionError("an asynchronous action was run as a plain one")


def test_each_ruleset_is_sent_only_what_its_rule_can_match(monkeypatch):
    """rules/obligations.py's routes at work: a ruleset (the rules of one route) gets the
    obligations its route admits, evidence only if its rules read evidence and it shares a join
    key with one of them, and nothing at all (not even the clock) when it admits none of the
    state's obligations."""
    sent: dict[str, list[str]] = {}
    real = rete.run_batch

    def spy(ruleset, name, assert_call, payload):
        route = name.split("_g", 1)[1].split("_", 1)[1]  # comply_g<generation>_<route>
        facts = json.loads(payload)
        if isinstance(facts, list):
            sent[route] = sorted(f.get("ok", f.get("ek", "")).partition("/")[2] for f in facts)
        else:
            sent.setdefault(route, [])
        return real(ruleset, name, assert_call, payload)

    monkeypatch.setattr(rete, "run_batch", spy)
    base = {"opens": 0, "due": 10, "late_until": FOREVER, "certain": 1, "judged": 0, "ends": FOREVER}
    obligations = [
        {**base, "ok": "dated", "match": "a"},
        {**base, "ok": "undated", "match": "b", "dated": 0},
        {**base, "ok": "after-the-end", "match": "a", "ends": 5},
    ]
    evidence = [
        {"ek": "of-a", "match": "a", "earliest": 3, "latest": 3, "until": FOREVER},
        {"ek": "of-b", "match": "b", "earliest": 3, "latest": 3, "until": FOREVER},
    ]
    clock = {"now": 20, "horizon": 30, "ends": FOREVER}
    assert Counter(evaluate(obligations, evidence, clock)) == Counter(oracle_evaluate(obligations, evidence, clock))
    assert sent == {
        "binding": ["dated", "of-a"],
        "after_the_end": ["after-the-end"],  # reads no evidence
        "undated": ["of-b", "undated"],
    }
    sent.clear()  # a state of dated duties only: the undated rules sit it out, clock and all
    evaluate(obligations[:1], evidence, clock)
    assert sent == {"binding": ["dated", "of-a"]}


def test_every_rule_has_a_route_and_each_route_a_ruleset():
    routes = obligation_rules.routes()
    definitions = obligation_rules.define(lambda *_: None, prefix="routes_test_")
    assert sorted(r.name for r in routes.values()) == sorted(
        {route.name for _, _, route, _ in obligation_rules._conditions().values()}
    )
    assert len(definitions) == len(routes) == 3
    assert sum(len(d) for d in definitions.values()) == len(obligation_rules._conditions())  # every rule, once


def test_a_route_that_says_no_evidence_for_a_rule_that_reads_some_is_refused(monkeypatch):
    """Such a rule would be sent no evidence, and its `none(...)` would then hold where it must not."""
    R = obligation_rules
    reads_evidence = (R._clock(), R.AFTER_THE_END.pattern(), R.none(R._related()))
    monkeypatch.setattr(R, "_conditions", lambda: {"lapsed": ("lapsed", False, R.AFTER_THE_END, reads_evidence)})
    try:
        R.define(lambda *_: None, prefix="refused_")
    except RuntimeError as exc:
        assert "reads evidence but its route says it reads none" in str(exc)
    else:
        raise AssertionError("a route hiding evidence from a rule that reads it was accepted")
