"""Property test: durable-rules and the plain-Python oracle agree, firing for firing, on random
states asserted in random orders (the clock always last, as the design requires)."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.calendar import FOREVER
from engine.rete import evaluate
from oracle import oracle_evaluate

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
        obligations.append({"ok": f"o{i}", "match": draw(MATCHES), "opens": opens, "due": due,
                            "late_until": late, "certain": draw(st.sampled_from([0, 1])),
                            "judged": draw(st.sampled_from([0, due]))})
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
    got = Counter(evaluate([f for k, f in shuffled if k == "o"], [f for k, f in shuffled if k == "e"], clock,
                           interleave=[k for k, _ in shuffled]))
    assert got == expected
    # every obligation gets exactly one status
    statuses = {}
    for firing in got:
        statuses.setdefault(firing.obligation, set()).add(firing.status)
    assert set(statuses) == {o["ok"] for o in obligations}
    assert all(len(s) == 1 for s in statuses.values())
