"""A plain-Python oracle of the council's four statuses, written independently of rules/plan.py.

It reads the definitions directly (docs/improvement-plan.md): complete when % complete is
100; otherwise, against the deadline instant D and the end of the month's grace G, On Target
while T <= D, Delayed while D < T <= G, Overdue after G; not derivable with no % complete or no
deadline instant. Tests compare the durable-rules result with it.
"""

from __future__ import annotations

import datetime as dt


def oracle_status(percent: int | None, due: dt.datetime | None, grace: dt.datetime | None, as_of: dt.datetime) -> str:
    if percent is None:
        return "not derivable"
    if percent == 100:
        return "Completed"
    if due is None or grace is None:
        return "not derivable"
    if as_of <= due:
        return "On Target"
    if as_of <= grace:
        return "Delayed"
    return "Overdue"


def oracle_contradiction(reported: str, derived: str) -> bool:
    return derived != "not derivable" and reported != derived
