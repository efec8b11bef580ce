"""Duties with no due date (`open`) and due dates known only to a range (`due_earliest`, `unknown`
between the two), evaluated end to end: a direction file read from disk, the facts, the check through
durable-rules and through the oracle (issue 15 items 2 and 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.core import calendar, status
from engine.core.errors import FileError
from engine.directions.model import load_direction
from engine.evaluation.check import check_direction
from engine.evaluation.oracle import oracle_evaluate
from engine.model import facts as F
from engine.model.state import AuthorityState
from engine.outputs import ics

HEAD = """\
id: test-direction
title: A test direction
issuer: Someone
legal_basis: s.1
date: {date}
in_force: {{from: 2017-04-07}}
authority: tower-hamlets
source: {{file: 001_df0266235ab592d9.txt, section: para 1}}
paragraphs_from: {{form: full, source: {{file: 001_df0266235ab592d9.txt, section: para 1}}}}
paragraphs:
  - {{ref: "1", text: Do it., encoded_by: [one]}}
clauses:
  - key: one
    title: One
    text: Do it.
    source: {{file: 001_df0266235ab592d9.txt, section: para 1}}
    duty_holder: {{kind: council, name: The council}}
    rule:
"""


def direction(tmp_path: Path, rule: str, date: str = "2017-04-07", name: str = "d.yaml"):
    path = tmp_path / name
    path.write_text(HEAD.format(date=date) + "".join(f"      {line}\n" for line in rule.strip().splitlines()))
    return load_direction(path)


def state(*received: str) -> AuthorityState:
    return AuthorityState(
        authority=F.AuthorityFact(key="tower-hamlets", name="Tower Hamlets"),
        submissions=[
            F.Submission(key=f"s{i}", what="the plan", clause="test-direction.one", received=r)
            for i, r in enumerate(received)
        ],
    )


def findings(d, st, day: str):
    as_of = calendar.as_of_instant(day)
    rete = check_direction(st, d, as_of, 30)
    oracle = check_direction(st, d, as_of, 30, evaluator=oracle_evaluate)
    assert [f.model_dump() for f in rete] == [f.model_dump() for f in oracle]
    return rete


UNDATED = """
kind: undated
owed: as_soon_as_practicable
review_every: {months: 3}
"""


def test_an_undated_duty_is_open_with_how_long_then_met(tmp_path):
    d = direction(tmp_path, UNDATED)
    (f,) = findings(d, state(), "2017-07-10")
    assert f.status == "open"
    assert f.open_since == "2017-04-07T00:00:00+01:00" and f.due_earliest is None
    assert "open for 94 days, since 7 April 2017" in f.explanation.reason
    assert any("every 3 calendar months" in r and "never makes the duty breached" in r for r in f.explanation.readings)
    assert f.due_words().startswith("no due date")
    (f,) = findings(d, state("2017-09-01T12:00:00+01:00"), "2018-07-10")
    assert f.status == "met" and f.evidence == ["submission:s0"]


def test_an_undated_duty_is_never_breached_however_long_it_stays_open(tmp_path):
    d = direction(tmp_path, UNDATED)
    (f,) = findings(d, state(), "2030-01-01")
    assert f.status == "open"


def test_an_undated_duty_since_a_day_outside_the_direction_is_refused(tmp_path):
    with pytest.raises(FileError) as err:
        direction(tmp_path, UNDATED + "since: {date: 2017-01-01}\n")
    text = str(err.value)
    assert "d.yaml" in text and "line" in text and "since" in text and "1 January 2017" in text
    assert "expected a day within it" in text


def test_an_undated_duty_with_an_unknown_reading_is_refused(tmp_path):
    with pytest.raises(FileError) as err:
        direction(tmp_path, "kind: undated\nowed: sometime\n")
    text = str(err.value)
    assert "d.yaml, line 20, clauses[0].rule.owed" in text and "'as_soon_as_practicable'" in text


def test_a_variation_gives_the_undated_duty_a_date(tmp_path):
    """The first version leaves the duty undated; a new version (supersedes) makes it a deadline: from its
    effective day the old version's undated duty lapses and the new one is an ordinary dated finding."""
    old = direction(tmp_path, UNDATED)
    varied = (tmp_path / "d.yaml").read_text()
    varied = varied.replace("id: test-direction", "id: test-direction-v2").replace(
        "in_force: {from: 2017-04-07}",
        "in_force: {from: 2017-09-01}\nsupersedes: {direction: test-direction, effective: 2017-09-01, made: 2017-08-15}",
    )
    varied = varied[: varied.index("      kind:")] + "      kind: deadline\n      due: {date: 2017-10-31}\n"
    (tmp_path / "v2.yaml").write_text(varied)
    new = load_direction(tmp_path / "v2.yaml")
    as_of = calendar.as_of_instant("2017-10-01")
    st = AuthorityState(
        authority=F.AuthorityFact(key="tower-hamlets", name="Tower Hamlets"),
        submissions=[],
    )
    sup = calendar.start_of_day_instant(new.supersedes.effective).int_timestamp
    (before,) = check_direction(st, old, as_of, 30, superseded=sup)
    assert before.status == "lapsed" and before.open_since is not None
    (after,) = check_direction(st, new, as_of, 30)
    assert after.status == "upcoming" and after.open_since is None and after.due == "2017-10-31T23:59:59+00:00"
    assert after.id == "tower-hamlets/test-direction-v2.one/1"


RANGED = """
kind: deadline
due: {between: [2017-06-01, 2017-06-30]}
"""


@pytest.mark.parametrize(
    ("received", "as_of", "status"),
    [
        ((), "2017-05-20", "due_soon"),  # warned by the earliest due time
        ((), "2017-06-15", "unknown"),  # nothing received, the as-of date between earliest and latest
        ((), "2017-07-05", "breached"),  # after the latest
        (("2017-05-31T12:00:00+01:00",), "2017-07-05", "met"),  # before the earliest
        (("2017-06-10T12:00:00+01:00",), "2017-07-05", "unknown"),  # between: in time or late, cannot say
        (("2017-07-02T12:00:00+01:00",), "2017-07-05", "met_late"),  # after the latest
    ],
)
def test_a_due_date_known_only_to_a_range(tmp_path, received, as_of, status):
    d = direction(tmp_path, RANGED)
    (f,) = findings(d, state(*received), as_of)
    assert f.status == status
    assert f.due == "2017-06-30T23:59:59+01:00" and f.due_earliest == "2017-06-01T23:59:59+01:00"
    if status == "unknown":
        assert "at the latest 23:59:59 BST on 30 June 2017, at the earliest 23:59:59 BST on 1 June 2017" in (
            f.explanation.reason
        )


def test_an_exact_due_date_has_no_earliest(tmp_path):
    d = direction(tmp_path, "kind: deadline\ndue: {date: 2017-06-30}\n")
    (f,) = findings(d, state(), "2017-06-15")
    assert f.status == "due_soon" and f.due_earliest is None


def test_a_range_the_wrong_way_round_is_refused(tmp_path):
    with pytest.raises(FileError) as err:
        direction(tmp_path, "kind: deadline\ndue: {between: [2017-06-30, 2017-06-01]}\n")
    text = str(err.value)
    assert "d.yaml" in text and "due" in text and "2017-06-01" in text and "before" in text


MONTH = "{month: 2017-03}"


def test_a_direction_dated_only_to_a_month_carries_the_range_to_a_deadline_counted_from_it(tmp_path):
    d = direction(tmp_path, "kind: deadline\ndue: {after: {months: 3}, from: direction_date}\n", date=MONTH)
    assert (d.date.isoformat(), d.date_latest.isoformat()) == ("2017-03-01", "2017-03-31")
    (f,) = findings(d, state(), "2017-06-15")
    assert f.status == "unknown"
    assert f.due == "2017-06-30T23:59:59+01:00" and f.due_earliest == "2017-06-01T23:59:59+01:00"
    assert "known only to lie between 1 March 2017 and 31 March 2017" in f.explanation.reason
    assert any(step.startswith("at the earliest: ") for step in f.explanation.due_computation)
    (f,) = findings(d, state("2017-05-31T09:00:00+01:00"), "2017-07-05")
    assert f.status == "met"
    (f,) = findings(d, state(), "2017-07-05")
    assert f.status == "breached"


def test_a_direction_dated_only_to_a_month_carries_the_range_to_every_recurring_occurrence(tmp_path):
    rule = """
kind: recurring
first: {after: {months: 3}, from: direction_date, time: end_of_day}
every: {months: 3}
anchor: schedule
count_from: first_due
"""
    d = direction(tmp_path, rule, date="{between: [2017-03-10, 2017-03-20]}")
    fs = findings(d, state(), "2017-06-01")
    assert len(fs) >= 3
    assert [(f.due[:10], (f.due_earliest or "")[:10]) for f in fs[:3]] == [
        ("2017-06-20", "2017-06-10"),
        ("2017-09-20", "2017-09-10"),
        ("2017-12-20", "2017-12-10"),
    ]
    assert fs[0].status == "due_soon" and fs[1].status == "upcoming"


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("{month: 2017-13}", "month: expected a month such as 2017-03 or March 2017, got '2017-13'"),
        ("{between: [2017-03-31, 2017-03-01]}", "the last day (2017-03-01) is before the first (2017-03-31)"),
        ("{around: 2017-03-01}", "expected a date or a date known only to a range"),
    ],
)
def test_a_bad_direction_date_range_is_refused_naming_the_line(tmp_path, date, words):
    with pytest.raises(FileError) as err:
        direction(tmp_path, UNDATED, date=date)
    text = str(err.value)
    assert "d.yaml, line 5, date" in text and words in text


def test_a_month_written_in_words_reads_as_that_month(tmp_path):
    d = direction(tmp_path, UNDATED, date="{month: March 2017}")
    assert d.date_words() == "known only to lie between 1 March 2017 and 31 March 2017"


def test_open_is_in_the_one_table_undated_and_left_out_of_the_calendar_feed():
    row = status.info("open")
    assert row.owed and not row.past_due and not row.dated
    assert status.STATUS_ORDER.index("due_soon") < status.STATUS_ORDER.index("open") < status.STATUS_ORDER.index("met")
    assert ics.FEED_STATUSES == ("due_soon", "upcoming")
