"""Every obligation of a direction for an authority, and the evidence they may match.

Why here: each clause's rule kind (`engine/kinds/`) makes its own obligations and evidence; this is
where they are gathered for one direction, so that the evaluation (engine/evaluation/check.py) and
the re-check (engine/evaluation/recheck.py) send the rules engine the same facts. Nothing here
decides a status: the rules in rules/obligations.py do.
"""

from __future__ import annotations

from engine.kinds.base import Context, Evidence, Obligation

__all__ = ["build"]


def build(ctx: Context) -> tuple[list[Obligation], dict[str, Evidence]]:
    """Every obligation of ctx.direction for the authority as of ctx.as_of, and the evidence they may
    match, by evidence key (the first of two with the same key is kept: the same stored fact read by
    two clauses is one piece of evidence)."""
    obligations: list[Obligation] = []
    evidence: dict[str, Evidence] = {}
    for clause in ctx.direction.clauses:
        obs, evs = clause.rule.obligations(ctx, clause)
        obligations.extend(obs)
        for ev in evs:
            evidence.setdefault(ev.ek, ev)
    return obligations, evidence
