"""durable-rules against the oracle at the state sizes of a national run: up to 700 facts per state.

Why a test of its own: the property test of tests/evaluation/test_rules_agree_with_oracle.py draws
states of at most 50 facts, while a national run (`comply bench`, docs/performance.md) evaluates
states of up to 700-970 facts (one per authority and direction), with up to 40 obligations and 40
pieces of evidence on one join key; a crash of durable-rules was once seen only at that size. So
random states of up to MAX_STATE facts, shaped as the national ones are (about four obligations for
each piece of evidence, many obligations and evidence on the same `match`, every kind of duty:
exact, ranged, undated, lapsed, with complete records or not), are asserted in random orders and
compared firing for firing with the oracle.

durable-rules never frees a state in a process (engine/evaluation/rete.py), so the states run in
fresh processes of BATCH states each: a crash of the engine is then a process that died, reported
with the seed that reproduces it. The default suite runs a few batches; the heavy profile
(`HYPOTHESIS_PROFILE=heavy`, kept for CI and long runs by hand) runs STATES_HEAVY states, the
count the issue asks for before merging rules into fewer rulesets. By hand, with a report:

    bash .ci/venv python tests/evaluation/test_rete_at_national_size.py --states 2000

Its 2,000 states ran clean (no crash, full agreement) through one rule per ruleset, then through
the rules grouped one ruleset per route (five routes, then three) before each grouping was made
(docs/performance.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

MAX_STATE = 700
BATCH = 25
STATES_DEFAULT = 10  # one process, a couple of seconds: the default suite must stay quick
STATES_HEAVY = 2000
FOREVER = 253402300799  # engine.core.calendar.FOREVER (not imported: the runner starts lean)


def random_state(rng: random.Random, size: int) -> tuple[list[dict], list[dict], dict]:
    """A random state of `size` facts (obligations and evidence) and its clock, with the invariants
    the evaluation keeps (rules/obligations.py): `judged` is 0 or the due instant of a duty about a
    state at an instant, which exists only once it has passed, so `judged <= now`."""
    horizon_span = 1000
    now = rng.randint(0, horizon_span)
    n_ob = max(1, round(size * rng.uniform(0.6, 0.9)))
    n_ev = size - n_ob
    keys = [f"k{i}" for i in range(rng.randint(1, max(1, n_ob // rng.choice([1, 2, 5, 20]))))]
    obligations = []
    for i in range(n_ob):
        at_instant = rng.random() < 0.3
        due = rng.randint(0, now) if at_instant else rng.randint(0, horizon_span)
        early = due if at_instant or rng.random() < 0.7 else rng.randint(0, due)
        dated = 0 if (not at_instant and rng.random() < 0.1) else 1
        obligations.append(
            {
                "dated": dated,
                "due_earliest": early if dated else due,
                "ok": f"o{i}",
                "match": rng.choice(keys),
                "opens": rng.randint(0, due),
                "due": due,
                "late_until": FOREVER if rng.random() < 0.3 else rng.randint(due, horizon_span),
                "certain": 1 if rng.random() < 0.8 else 0,
                "judged": due if at_instant else 0,
                "ends": FOREVER if rng.random() < 0.85 else rng.randint(0, horizon_span),
            }
        )
    evidence = []
    for i in range(n_ev):
        earliest = rng.randint(0, horizon_span)
        latest = earliest if rng.random() < 0.8 else rng.randint(earliest, horizon_span)
        until = FOREVER if rng.random() < 0.7 else rng.randint(earliest, horizon_span)
        evidence.append(
            {"ek": f"e{i}", "match": rng.choice(keys), "earliest": earliest, "latest": latest, "until": until}
        )
    clock = {
        "now": now,
        "horizon": now + rng.randint(0, 60),
        "ends": FOREVER if rng.random() < 0.85 else rng.randint(0, horizon_span),
    }
    return obligations, evidence, clock


def run_batch(seed: int, count: int) -> dict[str, Any]:
    """Evaluate `count` random states (seeded by `seed`) in this process through durable-rules and
    the oracle; {states, facts, largest, disagreements (the first few), cpu_s, oracle_cpu_s, maxrss_mb}."""
    from engine.evaluation.oracle import oracle_evaluate
    from engine.evaluation.rete import evaluate_in_order, state_facts

    rng = random.Random(seed)
    out: dict[str, Any] = {
        "states": 0,
        "facts": 0,
        "largest": 0,
        "disagreements": [],
        "cpu_s": 0.0,
        "oracle_cpu_s": 0.0,
    }
    for index in range(count):
        obligations, evidence, clock = random_state(rng, rng.randint(1, MAX_STATE))
        facts = state_facts(obligations, evidence)
        rng.shuffle(facts)
        start = time.process_time()
        expected = Counter(oracle_evaluate(obligations, evidence, clock))
        middle = time.process_time()
        got = Counter(evaluate_in_order(facts, clock))
        out["oracle_cpu_s"] += middle - start
        out["cpu_s"] += time.process_time() - middle
        out["states"] += 1
        out["facts"] += len(facts) + 1
        out["largest"] = max(out["largest"], len(facts) + 1)
        statuses: dict[str, set[str]] = {}
        for firing in got:
            statuses.setdefault(firing.obligation, set()).add(firing.status)
        one_each = set(statuses) == {o["ok"] for o in obligations} and all(len(s) == 1 for s in statuses.values())
        if (got != expected or not one_each) and len(out["disagreements"]) < 3:
            out["disagreements"].append(
                {"seed": seed, "index": index, "missing": len(expected - got), "extra": len(got - expected)}
            )
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run(states: int, first_seed: int = 1) -> dict[str, Any]:
    """`states` random states in fresh processes of BATCH each; totals, the crashes (a process that
    died: its seed and exit status) and the disagreements."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "tests")])}
    total: dict[str, Any] = {"states": 0, "facts": 0, "largest": 0, "crashes": [], "disagreements": []}
    total.update(cpu_s=0.0, oracle_cpu_s=0.0, maxrss_mb=0.0)
    for seed in itertools.islice(itertools.count(first_seed), -(-states // BATCH)):
        count = min(BATCH, states - total["states"] - len(total["crashes"]) * BATCH)
        done = subprocess.run(
            [sys.executable, __file__, "--batch", str(seed), str(count)],
            capture_output=True,
            text=True,
            env=env,
        )
        if done.returncode != 0:
            total["crashes"].append({"seed": seed, "returncode": done.returncode, "stderr": done.stderr[-400:]})
            continue
        part = json.loads(done.stdout.strip().splitlines()[-1])
        for key in ("states", "facts", "cpu_s", "oracle_cpu_s"):
            total[key] += part[key]
        total["largest"] = max(total["largest"], part["largest"])
        total["maxrss_mb"] = max(total["maxrss_mb"], part["maxrss_mb"])
        total["disagreements"] += part["disagreements"]
    return total


def test_states_of_national_size_agree_with_the_oracle_and_do_not_crash():
    heavy = os.environ.get("HYPOTHESIS_PROFILE") == "heavy"
    result = run(STATES_HEAVY if heavy else STATES_DEFAULT)
    assert result["crashes"] == [], f"durable-rules died: {result['crashes']}"
    assert result["disagreements"] == [], f"durable-rules and the oracle disagree: {result['disagreements']}"
    assert result["states"] == (STATES_HEAVY if heavy else STATES_DEFAULT)
    assert result["largest"] > MAX_STATE // 2  # the sizes drawn reach national ones


def test_a_disagreement_would_be_seen(monkeypatch):
    """The comparison can fail: an oracle that drops one firing is caught."""
    import engine.evaluation.oracle as oracle

    real = oracle.oracle_evaluate
    monkeypatch.setattr(oracle, "oracle_evaluate", lambda o, e, c: real(o, e, c)[1:])
    assert run_batch(seed=7, count=1)["disagreements"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=STATES_HEAVY)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--batch", nargs=2, metavar=("SEED", "COUNT"))
    args = parser.parse_args()
    if args.batch:
        print(json.dumps(run_batch(int(args.batch[0]), int(args.batch[1]))))
    else:
        started = time.perf_counter()
        result = run(args.states, args.first_seed)
        result["wall_s"] = round(time.perf_counter() - started, 1)
        print(json.dumps(result, indent=1))
        sys.exit(1 if result["crashes"] or result["disagreements"] else 0)
