"""A plain-Python oracle for the obligation rules: the reference the Rete engine is checked against.

Written from the rule descriptions in rules/obligations.py, independently of durable-rules,
so that a property test can check that the Rete engine gives the same answer for any state and
any order of assertion (../shared/DURABLE_RULES.md: the engine can be silently wrong). It lives in
engine/ (not tests/) so that `comply bench` can run the same national-scale work through it from a
fresh clone and print how the two compare; tests/oracle.py re-exports it.
"""

from __future__ import annotations

from typing import Any

from engine.evaluation.rete import Firing


def oracle_evaluate(
    obligations: list[dict[str, Any]], evidence: list[dict[str, Any]], clock: dict[str, Any]
) -> list[Firing]:
    now, horizon, ends = clock["now"], clock["horizon"], clock["ends"]
    out: list[Firing] = []
    for o in obligations:
        if o["due"] > ends:
            out.append(Firing("lapsed", o["ok"], None))
            continue
        related = [
            e
            for e in evidence
            if e["match"] == o["match"]
            and e["earliest"] >= o["opens"]
            and e["until"] >= o["due"]
            and e["earliest"] <= now
        ]
        in_time = [e for e in related if e["latest"] <= o["due"]]
        maybe = [e for e in related if e["earliest"] <= o["due"] < e["latest"]]
        late = [e for e in related if o["due"] < e["earliest"] <= o["late_until"]]
        judged = o["judged"] <= now
        if not judged:  # before it can be judged, evidence cannot settle it
            in_time = maybe = []
        if in_time:
            out += [Firing("met", o["ok"], e["ek"]) for e in in_time]
        elif maybe:
            out += [Firing("unknown", o["ok"], e["ek"]) for e in maybe]
        elif late:
            out += [Firing("met_late", o["ok"], e["ek"]) for e in late]
        elif o["due"] < now:
            out.append(Firing("breached" if o["certain"] else "unknown", o["ok"], None))
        elif o["due"] <= horizon:
            out.append(Firing("due_soon", o["ok"], None))
        else:
            out.append(Firing("upcoming", o["ok"], None))
    return out
