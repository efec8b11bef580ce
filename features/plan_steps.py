"""Steps of features/improvement-plan.feature: the council's four milestone statuses.

The same style as conftest.py: every step is `parsers.re` in the words of the council papers; a
scenario's state lives on one `plan_world` fixture. The milestones are plan rows as the importer
builds them; the check is `engine.plan.position.plan_position`, the function `comply plan` calls,
which runs the durable-rules rules. Imported by conftest.py so that its steps are found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from pytest_bdd import given, parsers, then, when

from engine.core import calendar
from engine.plan.importer import BUNDLED_PLAN, read_plan_file
from engine.plan.model import PlanRow
from engine.plan.position import MilestoneStatus, PlanPosition, plan_position

_DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"
_STATUS = r"On Target|Completed|Delayed|Overdue"


@dataclass
class PlanWorld:
    rows: list[PlanRow] = field(default_factory=list)
    position: PlanPosition | None = None
    last: str = "1.1"  # the milestone the last step named

    def milestone(self, ref: str) -> MilestoneStatus:
        assert self.position is not None, "the plan was not checked (When the plan is checked on ...)"
        return next(r for r in self.position.rows if r.milestone_ref == ref)


@pytest.fixture
def plan_world() -> PlanWorld:
    return PlanWorld()


@given(parsers.re(r"the Best Value Improvement Plan 2017-18 as the council reported it in September 2017"))
def _bundled_plan(plan_world: PlanWorld) -> None:
    plan_world.rows = read_plan_file(BUNDLED_PLAN)


@given(
    parsers.re(
        rf"a milestone due \"(?P<deadline>[^\"]*)\", (?P<percent>\d+)% complete, reported \"(?P<reported>{_STATUS})\""
    )
)
def _milestone(plan_world: PlanWorld, deadline: str, percent: str, reported: str) -> None:
    plan_world.rows.append(
        PlanRow(
            area="Scenario",
            action_ref="1",
            milestone_ref="1.1",
            milestone="A milestone",
            lead_officer="A lead officer",
            deadline_as_written=deadline,
            reported_status=reported,
            percent_complete=int(percent),
        )
    )


@when(parsers.re(rf"the plan is checked on (?P<date>{_DATE})"))
def _check(plan_world: PlanWorld, date: str) -> None:
    instant = calendar.start_of_day_instant(dt.datetime.strptime(date, "%d %B %Y").date())
    plan_world.position = plan_position(plan_world.rows, instant, "tower-hamlets")


@then(parsers.re(rf"by the council's definitions the milestone is (?P<status>{_STATUS})"))
def _derived(plan_world: PlanWorld, status: str) -> None:
    assert plan_world.milestone("1.1").derived == status


@then(parsers.re(r"its status cannot be derived from the definitions"))
def _not_derivable(plan_world: PlanWorld) -> None:
    assert plan_world.milestone("1.1").derived == "not derivable"


@then(parsers.re(r"the reported status (?P<how>contradicts|agrees with) the definitions"))
def _contradiction(plan_world: PlanWorld, how: str) -> None:
    assert plan_world.milestone("1.1").contradiction is (how == "contradicts")


@then(parsers.re(r"the reported status is not called a contradiction"))
def _no_contradiction(plan_world: PlanWorld) -> None:
    assert plan_world.milestone("1.1").contradiction is False


@then(parsers.re(r"(?P<n>\d+) reported statuses contradict the definitions, (?P<better>\d+) of them reporting better"))
def _count(plan_world: PlanWorld, n: str, better: str) -> None:
    assert plan_world.position is not None
    assert (plan_world.position.contradictions, plan_world.position.reported_better) == (int(n), int(better))


@then(
    parsers.re(
        rf"milestone (?P<ref>\d+\.\d+), \"(?P<name>[^\"]+)\", is (?P<derived>{_STATUS}) although reported (?P<reported>{_STATUS})"
    )
)
def _row(plan_world: PlanWorld, ref: str, name: str, derived: str, reported: str) -> None:
    row = plan_world.milestone(ref)
    plan_world.last = ref
    assert (row.milestone, row.derived, row.reported, row.contradiction) == (name, derived, reported, True)


@then(parsers.re(r"the explanation quotes the definition \"(?P<words>[^\"]+)\""))
def _quotes(plan_world: PlanWorld, words: str) -> None:
    row = plan_world.milestone(plan_world.last)
    assert any(words in line for line in row.explanation), row.explanation
