"""The one clock: what "now" is, for every command, page and run.

Why one module: a compliance answer depends on the instant it is given for. Reading the system
clock in one place means a test (or a re-run of a past night) can set it once, with `frozen`,
and every part of comply agrees on the same instant.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pendulum
from pendulum import DateTime

__all__ = ["now", "frozen"]

_fixed: list[DateTime] = []


def now() -> DateTime:
    """The current instant, as a pendulum DateTime in UTC (convert with `.in_timezone(LONDON)`).

    Inside `frozen(instant)`, that instant instead."""
    if _fixed:
        return _fixed[-1]
    return pendulum.now("UTC")


@contextlib.contextmanager
def frozen(instant: DateTime) -> Iterator[DateTime]:
    """Within the block, `now()` returns `instant` (for tests and for re-running a past night)."""
    _fixed.append(instant.in_timezone("UTC"))
    try:
        yield instant
    finally:
        _fixed.pop()
