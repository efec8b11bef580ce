"""A plain-Python oracle for the obligation rules: the reference the Rete engine is checked against.

Written from the rule descriptions in rules/obligations.py, independently of durable-rules,
so that a property test can check that the Rete engine gives the same answer for any state and
any order of assertion (the engine can be silently wrong: docs/durable-rules.md). It follows the
rules one for one, including what they leave without a status. It lives in engine/ (not tests/)
so that `comply bench` can run the same national-scale work through it from a fresh clone and
print how the two compare; tests/oracle.py re-exports it.
"""

from __future__ import annotations

from typing import Any

from engine.evaluation.rete import Firing


def oracle_evaluate(
    obligations: list[dict[str, Any]], evidence: list[dict[str, Any]], clock: dict[str, Any]
) -> list[Firing]:
    """Every firing the rules of rules/obligations.py give this state, computed in plain Python.

    Facts and clock as for engine.evaluation.rete.evaluate (instants in epoch seconds). One
    status per obligation, with every piece of evidence that supports it; an obligation not yet
    judged (`judged` after `now`) and not yet due gets none, as from the rules. `dated` (default 1) and
    `due_earliest` (default `due`) are read as the rules read them.
    """
    now, horizon = clock["now"], clock["horizon"]
    out: list[Firing] = []
    for o in obligations:
        # fields added with issue 15, as engine.evaluation.rete.state_facts fills them in when left out
        dated, early = o.get("dated", 1), o.get("due_earliest", o["due"])
        if dated and o["due"] > o["ends"]:  # lapsed: the direction did not bind at its due date
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
        judged = o["judged"] <= now
        if not dated:  # a duty with no due date: met, open or lapsed
            done = [e for e in related if e["earliest"] <= o["ends"]]
            if judged and done:  # met_undated
                out += [Firing("met", o["ok"], e["ek"]) for e in done]
            elif judged and o["ends"] >= now and not related:  # open
                out.append(Firing("open", o["ok"], None))
            elif o["ends"] < now and not done:  # lapsed_undated
                out.append(Firing("lapsed", o["ok"], None))
            continue
        in_time = [e for e in related if e["latest"] <= early]
        maybe = [e for e in related if e["earliest"] <= o["due"] and e["latest"] > early]
        late = [e for e in related if o["due"] < e["earliest"] <= o["late_until"]]
        if judged and in_time:  # met
            out += [Firing("met", o["ok"], e["ek"]) for e in in_time]
        elif judged and maybe:  # unknown_time
            out += [Firing("unknown", o["ok"], e["ek"]) for e in maybe]
        elif late and not any(e["earliest"] <= o["due"] for e in related):  # met_late
            out += [Firing("met_late", o["ok"], e["ek"]) for e in late]
        elif o["due"] < now and not any(e["earliest"] <= o["late_until"] for e in related):  # breached, unproven
            out.append(Firing("breached" if o["certain"] else "unknown", o["ok"], None))
        elif judged and not related and early < now <= o["due"]:  # unknown_date
            out.append(Firing("unknown", o["ok"], None))
        elif judged and not related and now <= early <= horizon:  # due_soon
            out.append(Firing("due_soon", o["ok"], None))
        elif judged and not related and early > horizon:  # upcoming
            out.append(Firing("upcoming", o["ok"], None))
    return out
