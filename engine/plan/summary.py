"""The improvement plan as `comply check` and `comply plan` both read it from a store: the rows,
the day their statuses describe, and the one-line summary `check` prints after its findings.

Why here, below the command line: both commands need it, and no command module imports another.
"""

from __future__ import annotations

import datetime as dt

from engine.core import calendar
from engine.plan.importer import load_plan, plan_reported_on, require_plan
from engine.plan.model import PlanRow
from engine.plan.position import plan_position
from engine.store.sqlite import Store

__all__ = ["plan_and_day", "summary_line"]


def plan_and_day(store: Store, authority: str) -> tuple[list[PlanRow], dt.date | None]:
    """The authority's plan rows and the day their statuses describe. Raises StoreError when the
    authority has no plan (reading never imports one: `comply init --demo` does)."""
    return require_plan(store, authority), plan_reported_on(store, authority)


def summary_line(store: Store, authority: str) -> str | None:
    """For `comply check`'s table: the plan's summary as of the day its statuses were reported, or
    None when the authority has no plan."""
    if not load_plan(store, authority):
        return None
    rows, reported_on = plan_and_day(store, authority)
    position = plan_position(rows, calendar.as_of_instant(reported_on.isoformat()), authority)
    return f"{position.summary()} (the day its statuses were reported, whatever the --as-of date). Details: comply plan"
