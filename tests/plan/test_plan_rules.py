"""The durable-rules derivation agrees with a plain-Python oracle, on the bundled plan and on random rows."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from plan_oracle import oracle_contradiction, oracle_status

from engine.core import calendar
from engine.evaluation.rete import EngineError
from engine.plan import rules_runner
from engine.plan.importer import BUNDLED_PLAN, read_plan_file
from engine.plan.model import PlanRow
from engine.plan.rules_runner import derive

DEADLINES = [
    "Jan-17",
    "Apr-17",
    "May-17",
    "Aug-17",
    "Sep-17",
    "Dec-17",
    "Mar-18",
    "Mar-Apr 17",
    "Apr 17- Mar 18",
    "Apr 17 & Oct 17",
    "(a) 01/09/2017",
    "15/10/2017",
    "Mar-Apr 17 (a) August (b) By October",
    "On-going",
    "Quarterly",
    "July 17 onwards",
    "TBC",
    "",
]

row_strategy = st.builds(
    lambda i, deadline, status, percent: PlanRow(
        area="A",
        action_ref="1",
        milestone_ref=f"1.{i}",
        milestone=f"m{i}",
        lead_officer="X",
        deadline_as_written=deadline,
        reported_status=status,
        percent_complete=percent,
    ),
    st.integers(),
    st.sampled_from(DEADLINES),
    st.sampled_from(["On Target", "Completed", "Delayed", "Overdue"]),
    st.one_of(st.none(), st.integers(0, 100), st.just(100)),
)

as_of_strategy = st.one_of(
    st.datetimes(dt.datetime(2016, 12, 1), dt.datetime(2018, 12, 31)).map(
        lambda d: pendulum.datetime(d.year, d.month, d.day, d.hour, d.minute, d.second, tz=calendar.LONDON)
    ),
    # the boundaries themselves: the end of a deadline day, a second later, the end of the grace
    st.sampled_from(
        [
            pendulum.datetime(2017, 5, 31, 23, 59, 59, tz=calendar.LONDON),
            pendulum.datetime(2017, 6, 1, 0, 0, 0, tz=calendar.LONDON),
            pendulum.datetime(2017, 6, 30, 23, 59, 59, tz=calendar.LONDON),
            pendulum.datetime(2017, 7, 1, 0, 0, 0, tz=calendar.LONDON),
            pendulum.datetime(2017, 10, 1, 23, 59, 59, tz=calendar.LONDON),
            pendulum.datetime(2017, 10, 2, 0, 0, 0, tz=calendar.LONDON),
        ]
    ),
)


def _unique(rows: list[PlanRow]) -> list[PlanRow]:
    return [r.model_copy(update={"milestone_ref": f"1.{i}"}) for i, r in enumerate(rows, start=1)]


def _agree(rows: list[PlanRow], as_of) -> None:
    result = derive(rows, as_of)
    assert set(result) == {r.milestone_ref for r in rows}
    for row in rows:
        reading = row.deadline
        expected = oracle_status(row.percent_complete, reading.due, reading.grace_until, as_of)
        got = result[row.milestone_ref]
        assert got.derived == expected, (row, as_of)
        assert got.contradiction == oracle_contradiction(row.reported_status, expected), (row, as_of)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_strategy, min_size=1, max_size=40), as_of_strategy)
def test_rules_agree_with_the_oracle_on_random_rows(rows: list[PlanRow], as_of) -> None:
    _agree(_unique(rows), as_of)


@pytest.mark.parametrize("as_of", ["2017-04-01", "2017-06-30", "2017-09-11", "2017-12-31T23:59:59", "2018-06-01"])
def test_rules_agree_with_the_oracle_on_the_bundled_plan(as_of: str) -> None:
    _agree(read_plan_file(BUNDLED_PLAN), calendar.as_of_instant(as_of))


def test_a_new_generation_of_rulesets_before_the_state_cap(monkeypatch) -> None:
    """durable-rules keeps at most 1,024 states per ruleset: the runner rotates to new rulesets."""
    from engine.evaluation import rete

    monkeypatch.setattr(rete, "STATES_PER_GENERATION", 3)
    rows = read_plan_file(BUNDLED_PLAN)[:20]
    start = rules_runner._generations.number
    results = [derive(rows, calendar.as_of_instant("2017-09-11")) for _ in range(10)]
    assert rules_runner._generations.number >= start + 3
    assert all(r == results[0] for r in results)


def test_duplicate_refs_are_refused() -> None:
    row = read_plan_file(BUNDLED_PLAN)[0]
    with pytest.raises(EngineError, match="unique"):
        derive([row, row], calendar.as_of_instant("2017-09-11"))


def test_a_missing_or_doubled_firing_fails_the_evaluation() -> None:
    """The check after the engine: each milestone exactly one derived status, consistent contradictions."""
    rows = read_plan_file(BUNDLED_PLAN)[:2]
    with pytest.raises(EngineError, match="exactly one derived status"):
        rules_runner._checked(rows, [("derived", rows[0].milestone_ref, "On Target")])
    with pytest.raises(EngineError, match="exactly one derived status"):
        rules_runner._checked(rows, [("derived", r.milestone_ref, s) for r in rows for s in ("On Target", "Overdue")])
    with pytest.raises(EngineError, match="contradiction rules gave"):
        rules_runner._checked(
            rows,
            [("derived", r.milestone_ref, r.reported_status) for r in rows]
            + [("contradiction", rows[0].milestone_ref, rows[0].reported_status)],
        )
