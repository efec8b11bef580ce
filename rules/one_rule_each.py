"""Each rule in a ruleset of its own: the shape every family of rules here takes.

Why: several rules in one durable-rules ruleset crashed the process on some states here (like
upstream issue #381); one rule per ruleset never did. See engine/evaluation/rete.py.
"""

from __future__ import annotations

from collections.abc import Callable

from durable.lang import ruleset, when_all


def ruleset_name(name_prefix: str, rule: str) -> str:
    """The name of the ruleset that holds one rule (as `rulesets` names it)."""
    return name_prefix + rule


def rulesets(name_prefix: str, rules: dict[str, tuple[tuple, Callable]]) -> dict[str, dict]:
    """{ruleset name: definition}, one ruleset NAME_PREFIX + rule name per (conditions, action)."""
    out: dict[str, dict] = {}
    for name, (conditions, action) in rules.items():
        rs = ruleset(ruleset_name(name_prefix, name))
        with rs:
            when_all(*conditions)(action)
        rs_name, definition = rs.define()
        out[rs_name] = definition
    return out
