"""Steps of features/improvement-plan.feature: the council's four milestone statuses.

The same style as the step library (features/steps/): every step is a registered `sentence` in the words of the council papers; a
scenario's state lives on one `plan_world` fixture. The milestones are plan rows as the importer
builds them; the check is `engine.plan.position.plan_position`, the function `comply plan` calls,
which runs the durable-rules rules. Its step fixtures are made visible by conftest.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from steps.sentences import sentence

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


@sentence(
    "Given",
    r"the Best Value Improvement Plan 2017-18 as the council reported it in September 2017",
    "the Best Value Improvement Plan 2017-18 as the council reported it in September 2017",
    "The improvement plan",
)
def _bundled_plan(plan_world: PlanWorld) -> None:
    """The plan as the council reported it to the Board (engine/plan's bundled file)."""
    plan_world.rows = read_plan_file(BUNDLED_PLAN)


@sentence(
    "Given",
    rf"a milestone due \"(?P<deadline>[^\"]*)\", (?P<percent>\d+)% complete, reported \"(?P<reported>{_STATUS})\"",
    'a milestone due "May-17", 80% complete, reported "On Target"',
    "The improvement plan",
)
def _milestone(plan_world: PlanWorld, deadline: str, percent: str, reported: str) -> None:
    """One milestone: its deadline as written, how complete, the status reported."""
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


@sentence(
    "When",
    rf"the plan is checked on (?P<date>{_DATE})",
    "the plan is checked on 11 September 2017",
    "The improvement plan",
)
def _check(plan_world: PlanWorld, date: str) -> None:
    """The council's definitions applied as of the start of that day."""
    instant = calendar.start_of_day_instant(dt.datetime.strptime(date, "%d %B %Y").date())
    plan_world.position = plan_position(plan_world.rows, instant, "tower-hamlets")


@sentence(
    "Then",
    rf"by the council's definitions the milestone is (?P<status>{_STATUS})",
    "by the council's definitions the milestone is Overdue",
    "The improvement plan",
)
def _derived(plan_world: PlanWorld, status: str) -> None:
    """The status the definitions give."""
    assert plan_world.milestone("1.1").derived == status


@sentence(
    "Then",
    r"its status cannot be derived from the definitions",
    "its status cannot be derived from the definitions",
    "The improvement plan",
)
def _not_derivable(plan_world: PlanWorld) -> None:
    """The definitions give no status (an ongoing milestone)."""
    assert plan_world.milestone("1.1").derived == "not derivable"


@sentence(
    "Then",
    r"the reported status (?P<how>contradicts|agrees with) the definitions",
    "the reported status contradicts the definitions",
    "The improvement plan",
)
def _contradiction(plan_world: PlanWorld, how: str) -> None:
    """Whether the status reported contradicts the definitions."""
    assert plan_world.milestone("1.1").contradiction is (how == "contradicts")


@sentence(
    "Then",
    r"the reported status is not called a contradiction",
    "the reported status is not called a contradiction",
    "The improvement plan",
)
def _no_contradiction(plan_world: PlanWorld) -> None:
    """The status reported is not called a contradiction."""
    assert plan_world.milestone("1.1").contradiction is False


@sentence(
    "Then",
    r"(?P<n>\d+) reported statuses contradict the definitions, (?P<better>\d+) of them reporting better",
    "20 reported statuses contradict the definitions, 16 of them reporting better",
    "The improvement plan",
)
def _count(plan_world: PlanWorld, n: str, better: str) -> None:
    """How many reported statuses contradict the definitions, and how many of them report better."""
    assert plan_world.position is not None
    assert (plan_world.position.contradictions, plan_world.position.reported_better) == (int(n), int(better))


@sentence(
    "Then",
    rf"milestone (?P<ref>\d+\.\d+), \"(?P<name>[^\"]+)\", is (?P<derived>{_STATUS}) although reported (?P<reported>{_STATUS})",
    'milestone 13.2, "Tender evaluation", is Overdue although reported On Target',
    "The improvement plan",
)
def _row(plan_world: PlanWorld, ref: str, name: str, derived: str, reported: str) -> None:
    """One milestone of the plan, by number and name: the status derived and the one reported."""
    row = plan_world.milestone(ref)
    plan_world.last = ref
    assert (row.milestone, row.derived, row.reported, row.contradiction) == (name, derived, reported, True)


@sentence(
    "Then",
    r"the explanation quotes the definition \"(?P<words>[^\"]+)\"",
    'the explanation quotes the definition "where the key milestone will be achieved by the deadline"',
    "The improvement plan",
)
def _quotes(plan_world: PlanWorld, words: str) -> None:
    """The explanation of the last milestone named quotes the definition."""
    row = plan_world.milestone(plan_world.last)
    assert any(words in line for line in row.explanation), row.explanation
