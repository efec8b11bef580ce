"""Property test: durable-rules and the plain-Python oracle agree, firing for firing, on random
states asserted in random orders (the clock always last, as the design requires)."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import oracle_evaluate

from engine.core.calendar import FOREVER
from engine.evaluation.rete import evaluate

T = st.integers(min_value=0, max_value=100)
MATCHES = st.sampled_from(["a", "b", "c"])


@st.composite
def states(draw):
    n_ob = draw(st.integers(1, 25))
    obligations = []
    for i in range(n_ob):
        due = draw(T)
        opens = draw(st.integers(0, due))
        late = draw(st.one_of(st.just(FOREVER), st.integers(due, 100)))
        obligations.append(
            {
                "ok": f"o{i}",
                "match": draw(MATCHES),
                "opens": opens,
                "due": due,
                "late_until": late,
                "certain": draw(st.sampled_from([0, 1])),
                "judged": draw(st.sampled_from([0, due])),
            }
        )
    evidence = []
    for i in range(draw(st.integers(0, 25))):
        earliest = draw(T)
        latest = draw(st.integers(earliest, 100))
        until = draw(st.one_of(st.just(FOREVER), st.integers(earliest, 100)))
        evidence.append({"ek": f"e{i}", "match": draw(MATCHES), "earliest": earliest, "latest": latest, "until": until})
    now = draw(T)
    clock = {"now": now, "horizon": now + draw(st.integers(0, 30)), "ends": draw(st.one_of(st.just(FOREVER), T))}
    order = draw(st.permutations(list(range(len(obligations) + len(evidence)))))
    return obligations, evidence, clock, order


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_rete_and_oracle_agree(state):
    obligations, evidence, clock, order = state
    expected = Counter(oracle_evaluate(obligations, evidence, clock))
    # random assertion order of the state facts: obligations and evidence interleaved
    facts = [("o", f) for f in obligations] + [("e", f) for f in evidence]
    shuffled = [facts[i] for i in order]
    got = Counter(
        evaluate(
            [f for k, f in shuffled if k == "o"],
            [f for k, f in shuffled if k == "e"],
            clock,
            interleave=[k for k, _ in shuffled],
        )
    )
    assert got == expected
    # every obligation gets exactly one status
    statuses = {}
    for firing in got:
        statuses.setdefault(firing.obligation, set()).add(firing.status)
    assert set(statuses) == {o["ok"] for o in obligations}
    assert all(len(s) == 1 for s in statuses.values())


def test_agreement_holds_across_generations_of_rulesets(monkeypatch):
    """The engine registers a new generation of rulesets every STATES_PER_GENERATION states;
    evaluations on either side of the switch must agree with the oracle too."""
    from engine.evaluation import rete

    monkeypatch.setattr(rete, "STATES_PER_GENERATION", 3)
    monkeypatch.setattr(rete._generations, "names", [])
    monkeypatch.setattr(rete._generations, "used", 0)
    obligations = [
        {"ok": "o1", "match": "a", "opens": 0, "due": 10, "late_until": FOREVER, "certain": 1, "judged": 0},
        {"ok": "o2", "match": "b", "opens": 0, "due": 10, "late_until": FOREVER, "certain": 1, "judged": 0},
    ]
    evidence = [{"ek": "e1", "match": "a", "earliest": 12, "latest": 12, "until": FOREVER}]
    generations = set()
    for now in range(5, 25):
        clock = {"now": now, "horizon": now + 3, "ends": FOREVER}
        assert Counter(evaluate(obligations, evidence, clock)) == Counter(oracle_evaluate(obligations, evidence, clock))
        generations.add(rete._generations.number)
    assert len(generations) >= 5
    monkeypatch.undo()  # and evaluation goes on cleanly in this process afterwards
    clock = {"now": 30, "horizon": 30, "ends": FOREVER}
    assert Counter(evaluate(obligations, evidence, clock)) == Counter(oracle_evaluate(obligations, evidence, clock))


def test_a_state_over_the_limit_is_refused(monkeypatch):
    from engine.evaluation import rete

    monkeypatch.setattr(rete, "MAX_FACTS", 5)
    obligations = [
        {"ok": f"o{i}", "match": "a", "opens": 0, "due": 1, "late_until": 1, "certain": 1, "judged": 0}
        for i in range(5)
    ]
    try:
        evaluate(obligations, [], {"now": 0, "horizon": 0, "ends": FOREVER})
    except rete.EngineError as exc:
        assert "refusing to evaluate a state of 6 facts" in str(exc)
    else:
        raise AssertionError("the engine evaluated a state over its limit")


def test_an_exception_inside_a_rule_action_fails_the_evaluation(monkeypatch):
    """durable-rules stores an action's exception in the state and returns normally: the
    interface must turn it into an error, never into partial results."""
    from engine.evaluation import rete

    def broken_sink(run_box):
        def sink(status, ok, ek):
            raise RuntimeError("boom")

        return sink

    monkeypatch.setattr(rete, "_collect", broken_sink)
    monkeypatch.setattr(rete._generations, "names", [])  # a new generation of rulesets with this sink
    monkeypatch.setattr(rete._generations, "used", 0)
    obligations = [{"ok": "o1", "match": "a", "opens": 0, "due": 1, "late_until": 1, "certain": 1, "judged": 0}]
    try:
        evaluate(obligations, [], {"now": 5, "horizon": 5, "ends": FOREVER})
    except rete.EngineError as exc:
        assert "a rule action failed inside the engine" in str(exc) and "boom" in str(exc)
    else:
        raise AssertionError("a failing action went unnoticed")
