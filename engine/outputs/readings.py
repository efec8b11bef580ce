"""The engine's reading of a clause's rule, in words, with its computed due dates, for the documentation.

Why: the living documentation shows a lawyer, beside each clause's quoted words, how the engine reads
its rule. Each rule kind says that itself (`RuleKind.describe`, engine/kinds/); this module fixes how
much of a schedule the documentation shows.
"""

from __future__ import annotations

from engine.directions.model import Clause, Direction
from engine.kinds.base import Context, Occurrence, Reading

__all__ = ["Occurrence", "Reading", "rule_reading", "SHOW_OCCURRENCES", "OPEN_ENDED_YEARS"]

#: how many computed occurrences of a recurring rule (or quarters of a quarterly meeting rule) to list
SHOW_OCCURRENCES = 6
#: how far an open-ended ("until revoked") schedule is unrolled for the documentation
OPEN_ENDED_YEARS = 3


def rule_reading(direction: Direction, clause: Clause) -> Reading:
    """The clause's rule in words, with up to SHOW_OCCURRENCES computed due dates, as the direction
    itself sets them (on an authority with no facts, over the direction's whole in-force span)."""
    return clause.rule.describe(Context.for_reading(direction, OPEN_ENDED_YEARS), clause, SHOW_OCCURRENCES)
