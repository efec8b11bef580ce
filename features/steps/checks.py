"""When: the compliance check on a day, or at a London time on a day (`comply check --as-of`)."""

from __future__ import annotations

from steps import names
from steps.sentences import DATE, TIME, sentence
from steps.world import World


@sentence("When", rf"compliance is checked on (?P<date>{DATE})", "compliance is checked on 1 July 2017", "The check")
def _check_on(world: World, date: str) -> None:
    """The check as of the start of that day in London, as `comply check --as-of` runs it."""
    world.check(names.day(date).isoformat())


@sentence(
    "When",
    rf"compliance is checked at (?P<time>{TIME}) on (?P<date>{DATE})",
    "compliance is checked at 12:00 on 1 March 2018",
    "The check",
)
def _check_at(world: World, time: str, date: str) -> None:
    """The check as of that London time."""
    world.check(names.wall_clock(date, time))
