"""The shapes a family of rules takes in durable-rules: each rule in a ruleset of its own, or the
rules that are sent the same facts together in one ruleset.

Why: several rules in one durable-rules ruleset crashed the process on some states here (like
upstream issue #381), and one rule per ruleset never did, so every family was built one rule per
ruleset. The crash was durable-rules reading past its memory when a condition was false, fixed in
our build (docs/durable-rules.md); since then 2,000 random states of up to 700 facts ran through
the obligation rules grouped by what they are sent with no crash and full agreement with the oracle
(docs/performance.md), so those are grouped (`grouped_rulesets`). The plan rules stay one per
ruleset (`rulesets`): they were not stress-tested grouped.
"""

from __future__ import annotations

from collections.abc import Callable

from durable.lang import ruleset, when_all


def ruleset_name(name_prefix: str, group: str) -> str:
    """The name of the ruleset that holds one rule, or one group of rules."""
    return name_prefix + group


def grouped_rulesets(name_prefix: str, groups: dict[str, list[tuple[tuple, Callable]]]) -> dict[str, dict]:
    """{ruleset name: definition}, one ruleset NAME_PREFIX + group name holding every
    (conditions, action) of the group, in order."""
    out: dict[str, dict] = {}
    for group, rules in groups.items():
        rs = ruleset(ruleset_name(name_prefix, group))
        with rs:
            for conditions, action in rules:
                when_all(*conditions)(action)
        rs_name, definition = rs.define()
        out[rs_name] = definition
    return out


def rulesets(name_prefix: str, rules: dict[str, tuple[tuple, Callable]]) -> dict[str, dict]:
    """{ruleset name: definition}, one ruleset NAME_PREFIX + rule name per (conditions, action)."""
    return grouped_rulesets(name_prefix, {name: [rule] for name, rule in rules.items()})
