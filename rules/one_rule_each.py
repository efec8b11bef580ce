"""Each rule in a ruleset of its own: the shape every family of rules here takes.

Why: several rules in one durable-rules ruleset crashed the process on some states here (like
upstream issue #381); one rule per ruleset never did. See engine/evaluation/rete.py.

A second crash has a cause we found, and this module refuses its shape: a fact's conditions
(`$and`) holding exactly one comparison with another fact (`m.due > c.clock.ends` beside plain
tests such as `m.t == "obligation"`). durable-rules 2.0.28 compiles such a join without the end
marker of its expression sequence; when the comparison is false, the engine's short-circuit
(events.c, reduceExpressionSequence) scans past the end of the sequence for that marker, reading
uninitialised memory and then past the node pool. valgrind shows the invalid read on every run;
whether the process dies depends on what lies in memory there, so it looked random (it killed
`comply check --as-of 2017-04-01` on 7 of 8 hash seeds). Two or more joins, or none, are safe.
"""

from __future__ import annotations

from collections.abc import Callable

from durable.lang import ruleset, when_all


def rulesets(name_prefix: str, rules: dict[str, tuple[tuple, Callable]]) -> dict[str, dict]:
    """{ruleset name: definition}, one ruleset NAME_PREFIX + rule name per (conditions, action)."""
    out: dict[str, dict] = {}
    for name, (conditions, action) in rules.items():
        rs = ruleset(name_prefix + name)
        with rs:
            when_all(*conditions)(action)
        rs_name, definition = rs.define()
        for alias, count in _joins(definition):
            if count == 1:
                raise ValueError(
                    f"rule {rs_name}: the conditions on {alias!r} compare with another fact exactly once, "
                    "a shape durable-rules 2.0.28 reads past the end of (see this module's docstring); "
                    "add a second comparison that the first implies"
                )
        out[rs_name] = definition
    return out


def _joins(definition: dict) -> list[tuple[str, int]]:
    """(alias, number of comparisons with another fact) for every fact condition of a ruleset
    definition (`{rule: {"all": [{alias: conditions}, ...]}}`) whose conditions are an `$and`.
    A comparison with another fact has a value `{alias: field}`."""
    found = []
    for rule in definition.values():
        for condition in rule.get("all", []):
            for alias, expression in condition.items():
                if isinstance(expression, dict) and "$and" in expression:
                    found.append((alias, sum(_is_join(term) for term in expression["$and"])))
    return found


def _is_join(term: dict) -> bool:
    """Whether a term compares with another fact (`{"$gt": {"due": {"clock": "ends"}}}`), not with a
    constant or with another field of the same fact (`{"$lte": {"due": {"$m": "ends"}}}`)."""
    for op, operand in term.items():
        if op.startswith("$") and isinstance(operand, dict):
            return any(isinstance(v, dict) and "$m" not in v for v in operand.values())
    return False
