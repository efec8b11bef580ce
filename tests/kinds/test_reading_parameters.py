"""Every reading is a parameter (directions/README.md, "Readings as parameters"): each open point that
was decided in Python is a named parameter of its rule with a default, and the computed part of the
reading shown in every finding is generated from it.

Examples named `*_reads_*` pin what each value of a parameter gives, with the issue's examples: the
direction of 29 February 2016 (the fourth yearly report due 28 or 29 February 2020) and the CSIB
meetings of 20 July and 31 August 2017 (within six weeks).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import get_args

import pytest
from helpers import DIRECTIONS, bundled, complete_records, finding, report

from engine.core import calendar
from engine.core.calendar import Period
from engine.directions.model import load_direction
from engine.kinds.base import Context
from engine.kinds.recurring import CountFrom
from engine.kinds.registry import reading_phrases
from engine.model import facts as F
from engine.model.specs import Counting, LateWithin, PeriodSpec
from engine.model.state import AuthorityState

TH = "tower-hamlets"
CSIB = next(d for d in DIRECTIONS if d.id == "csib-tor")
DCS = {"item": "dcs-progress-report", "presented_by": "director-of-childrens-services"}

LEAP_DIRECTION = """
id: leap
kind: direction
title: A direction dated 29 February 2016
issuer: test
legal_basis: test
date: 2016-02-29
in_force: {{from: 2016-02-29, until: 2021-12-31}}
authority: tower-hamlets
source: {{file: test, section: test}}
paragraphs_from: {{form: full, source: {{file: test, section: test}}}}
paragraphs:
  - {{ref: "1", text: "A report every twelve months.", encoded_by: [report]}}
clauses:
  - key: report
    title: Yearly report
    text: A report every twelve months, the first within twelve months of this direction.
    source: {{file: test, section: test}}
    duty_holder: {{kind: council, name: the council}}
    rule:
      kind: recurring
      first: {{after: {{months: 12}}, from: direction_date}}
      every: {{months: 12}}
      count_from: {count_from}
"""


def leap_dues(tmp_path: Path, count_from: str) -> list[str]:
    path = tmp_path / f"leap-{count_from}.yaml"
    path.write_text(LEAP_DIRECTION.format(count_from=count_from), encoding="utf-8")
    direction = load_direction(path)
    (clause,) = direction.clauses
    ctx = Context.for_reading(direction, 10)
    return [d.instant.date().isoformat() for d in clause.rule.dues(ctx, direction.clause_id(clause))]


@pytest.mark.parametrize(
    ("count_from", "fourth"),
    [("first_due", "2020-02-28"), ("previous_due", "2020-02-28"), ("unclipped_anchor", "2020-02-29")],
)
def test_count_from_reads_the_fourth_report_of_a_leap_day_direction(tmp_path, count_from, fourth):
    dues = leap_dues(tmp_path, count_from)
    assert dues[0] == "2017-02-28"  # 29 February 2016 + 12 months, clipped
    assert dues[3] == fourth  # `after: {months: 48}` gives 29 February 2020: only the unclipped anchor agrees


def test_count_from_unclipped_anchor_agrees_with_one_offset_from_the_direction_date(tmp_path):
    dues = leap_dues(tmp_path, "unclipped_anchor")
    for n, due in enumerate(dues, start=1):
        assert due == calendar.add_period(dt.date(2016, 2, 29), Period(months=12 * n)).isoformat()


def test_count_from_first_due_and_previous_due_differ_after_a_month_end_clip():
    bv = next(d for d in DIRECTIONS if d.id == "bv-2017")
    clause = next(c for c in bv.clauses if c.rule.kind == "recurring")

    def dues(count_from: str) -> list[str]:
        rule = clause.rule.model_copy(
            update={"count_from": count_from, "first": clause.rule.first.model_copy(update={"date": dt.date(2017, 1, 31)}),
                    "every": clause.rule.every.model_copy(update={"months": 1})}
        )  # fmt: skip
        ctx = Context.for_reading(bv, 10)
        return [d.instant.date().isoformat() for d in rule.dues(ctx, bv.clause_id(clause))][:3]

    assert dues("first_due") == ["2017-01-31", "2017-02-28", "2017-03-31"]
    assert dues("previous_due") == ["2017-01-31", "2017-02-28", "2017-03-28"]
    assert dues("unclipped_anchor") == [
        "2017-01-31",
        "2017-02-28",
        "2017-03-31",
    ]  # a fixed first date is its own anchor


def test_the_bv_quarterly_reports_say_they_count_from_the_previous_due_date(tmp_path):
    f = finding(report(bundled(), tmp_path, "2017-10-02"), f"{TH}/bv-2017.quarterly-report/2")
    assert any("count_from: previous_due" in r for r in f.explanation.readings)
    assert any("(count_from: previous_due)" in step for step in f.explanation.due_computation)


def test_counting_reads_the_csib_meetings_of_20_july_and_31_august_2017_as_within_six_weeks(tmp_path):
    data = bundled()
    for key, at in (("csib-2017-07-20", "2017-07-20T16:00"), ("csib-2017-08-31", "2017-08-31T17:00")):
        data["meetings"].append({"key": key, "board": "csib", "starts_at": at, "items": [DCS], "source": "test"})
    complete_records(data, "meetings:csib")
    f = finding(report(data, tmp_path, "2017-09-15"), f"{TH}/csib-tor.six-weekly-meetings/after-csib-2017-07-20")
    assert f.due == "2017-08-31T23:59:59+01:00"
    assert f.status == "met"
    assert any("counting: end_of_last_day" in r for r in f.explanation.readings)


def frequency_obligations(state: AuthorityState, as_of: str, **changes):
    clause = next(c for c in CSIB.clauses if c.rule.kind == "meeting_frequency")
    rule = clause.rule.model_copy(update=changes)
    obs, _ = rule.obligations(Context(CSIB, state, calendar.as_of_instant(as_of)), clause)
    return [ob for ob in obs if not ob.ok.endswith("#first")]  # the gaps after meetings, not the first meeting


def untimed_state() -> AuthorityState:
    return AuthorityState(
        authority=F.AuthorityFact(key=TH, name="LBTH"),
        meetings=[F.Meeting(key="m", board="csib", starts_at=calendar.local(2017, 6, 12), time_known=False)],
    )


@pytest.mark.parametrize(
    ("counting", "time_not_recorded", "due"),
    [
        ("end_of_last_day", "end_of_day", "2017-07-24T23:59:59+01:00"),
        ("end_of_last_day", "start_of_day", "2017-07-24T23:59:59+01:00"),  # the day is not counted either way
        ("same_time", "end_of_day", "2017-07-24T23:59:59+01:00"),
        ("same_time", "start_of_day", "2017-07-24T00:00:00+01:00"),
    ],
)
def test_time_not_recorded_reads_a_meeting_known_only_by_its_day(counting, time_not_recorded, due):
    (ob,) = frequency_obligations(untimed_state(), "2017-08-01", counting=counting, time_not_recorded=time_not_recorded)
    assert ob.due.iso == due


def test_late_evidence_reads_how_long_a_late_meeting_still_counts():
    state = untimed_state()
    (default,) = frequency_obligations(state, "2017-08-01")
    assert default.late_until == default.due.epoch  # not_counted: the duty is breached, a later meeting cures nothing
    (counts,) = frequency_obligations(state, "2017-08-01", late_evidence="counts")
    assert counts.late_until is None
    within = frequency_obligations(state, "2017-08-01", late_evidence=LateWithin(within=PeriodSpec(weeks=2)))
    rule_late = within[0].late_until
    assert rule_late == calendar.local(2017, 8, 7, 23, 59, 59).int_timestamp


def test_quarters_from_reads_the_first_quarter_a_direction_is_in_force_in_part():
    csib = CSIB.model_copy(
        update={"in_force": CSIB.in_force.model_copy(update={"until": dt.date(2018, 3, 31)})}
    )  # in force from 12 June 2017
    clause = next(c for c in csib.clauses if c.rule.kind == "meeting_frequency")
    for quarters_from, first in (("first_full_quarter", "2017-07-01"), ("first_quarter_in_force", "2017-06-12")):
        rule = clause.rule.model_copy(update={"every": None, "per": "quarter", "quarters_from": quarters_from})
        obs, _ = rule.obligations(Context.for_reading(csib, 1), clause)
        assert obs[0].ok.endswith(f"quarter-{first}")
        assert obs[0].opens == calendar.start_of_day_instant(dt.date.fromisoformat(first)).int_timestamp
        assert any(f"quarters_from: {quarters_from}" in r for r in obs[0].readings)


def test_due_after_event_reads_both_countings_across_the_clock_change():
    start = calendar.local(2017, 10, 19, 18, 0)  # BST
    assert calendar.due_after_event(start, "m", Period(weeks=6), "same_time").iso == "2017-11-30T18:00:00+00:00"
    assert calendar.due_after_event(start, "m", Period(weeks=6), "end_of_last_day").iso == "2017-11-30T23:59:59+00:00"
    assert calendar.due_after_event(start, "m", Period(days=5), "end_of_last_day").iso == "2017-10-24T23:59:59+01:00"
    # a month: from the day after, to the end of the corresponding day, clipped
    jan = calendar.local(2018, 1, 31, 9, 0)
    assert calendar.due_after_event(jan, "m", Period(months=1), "end_of_last_day").iso == "2018-02-28T23:59:59+00:00"


def test_every_clause_explains_its_computed_reading_from_its_parameters():
    for d in DIRECTIONS:
        for c in d.clauses:
            computed = c.rule.computed_readings()
            for param in ("count_from", "counting", "late_evidence", "quarters_from"):
                if param in type(c.rule).model_fields:
                    value = getattr(c.rule, param)
                    words = value if isinstance(value, str) else "within"
                    if param == "counting" and c.rule.kind == "meeting_frequency" and c.rule.every is None:
                        continue
                    if param == "quarters_from" and c.rule.kind == "meeting_frequency" and c.rule.per is None:
                        continue
                    assert any(f"{param}: {words}" in r for r in computed), (d.clause_id(c), param, computed)


def test_every_reading_a_kind_states_in_words_has_a_phrase_for_the_scenarios() -> None:
    """The step library's "... is read with <words>" sentence takes its words from the kinds
    (engine.kinds.registry.reading_phrases): every word-valued reading of count_from, counting and
    late_evidence is nameable, and no phrase names two readings."""
    phrases = reading_phrases()
    named = set(phrases.values())
    wanted = {("count_from", v) for v in get_args(CountFrom)} | {("counting", v) for v in get_args(Counting)}
    wanted |= {("late_evidence", "counts"), ("late_evidence", "not_counted")}
    assert wanted <= named, sorted(wanted - named)
    assert len(named) == len(phrases)
