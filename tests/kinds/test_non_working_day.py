"""A due date on a weekend or bank holiday (issue 15 item 8): said in its account, and read as the
direction file chooses (`non_working_day:` on the rule or the due spec). The default keeps the day
itself, so the bundled findings keep their due dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DIRECTIONS

from engine.directions.model import load_direction
from engine.kinds.base import Context

QUARTERLY = """
id: quarterly
kind: direction
title: Quarterly reports, as bv-2017 has them
issuer: test
legal_basis: test
date: 2017-03-31
in_force: {{from: 2017-03-31, until: 2018-12-31}}
authority: tower-hamlets
source: {{file: test, section: test}}
paragraphs_from: {{form: full, source: {{file: test, section: test}}}}
paragraphs:
  - {{ref: "1", text: "A report every three months, the first by 10am on 30 June 2017.", encoded_by: [report]}}
  - {{ref: "2", text: A report by 30 March 2018., encoded_by: [one-off]}}
clauses:
  - key: report
    title: Quarterly report
    text: A report every three months, the first by 10am on 30 June 2017.
    source: {{file: test, section: test}}
    duty_holder: {{kind: council, name: the council}}
    rule:
      kind: recurring
      first: {{date: 2017-06-30, time: "10:00"{first}}}
      every: {{months: 3}}
{rule}
  - key: one-off
    title: A one-off report
    text: A report by 30 March 2018.
    source: {{file: test, section: test}}
    duty_holder: {{kind: council, name: the council}}
    rule:
      kind: deadline
      due: {{date: 2018-03-30{due}}}
{rule}
"""


def dues(tmp_path: Path, rule: str = "", first: str = "", due: str = "") -> dict[str, list[str]]:
    path = tmp_path / "quarterly.yaml"
    path.write_text(QUARTERLY.format(rule=rule, first=first, due=due), encoding="utf-8")
    direction = load_direction(path)
    ctx = Context.for_reading(direction, 5)
    out = {}
    for clause in direction.clauses:
        obs, _ = clause.rule.obligations(ctx, clause)
        out[clause.key] = [o.due.iso[:10] for o in obs]
        out[clause.key + " accounts"] = [o.due.account for o in obs]
        out[clause.key + " readings"] = obs[0].readings
    return out


def test_the_bundled_quarterly_reports_keep_their_days_and_say_so() -> None:
    d = next(x for x in DIRECTIONS if x.id == "bv-2017")
    clause = next(c for c in d.clauses if c.key == "quarterly-report")
    got = clause.rule.dues(Context.for_reading(d, 5), d.clause_id(clause))
    assert [x.iso for x in got[:4]] == [
        "2017-06-30T10:00:00+01:00",
        "2017-09-30T10:00:00+01:00",
        "2017-12-30T10:00:00+00:00",
        "2018-03-30T10:00:00+01:00",
    ]
    assert "not a working day" not in got[0].account  # a Friday
    assert "30 September 2017 is a Saturday, not a working day; the due date is the day itself" in got[1].account
    assert "30 March 2018 is Good Friday, a bank holiday in England and Wales" in got[3].account


@pytest.mark.parametrize(
    ("reading", "quarterly", "one_off"),
    [
        ("as_is", ["2017-06-30", "2017-09-30", "2017-12-30", "2018-03-30"], "2018-03-30"),
        ("previous_working_day", ["2017-06-30", "2017-09-29", "2017-12-29", "2018-03-29"], "2018-03-29"),
        ("next_working_day", ["2017-06-30", "2017-10-02", "2018-01-02", "2018-04-03"], "2018-04-03"),
    ],
)
def test_non_working_day_reads_the_due_dates(tmp_path, reading, quarterly, one_off) -> None:
    """The rule's reading moves every due date on a non-working day; the schedule counts on from the
    unmoved dates (30 December 2017, not 29 December, is three months after 30 September)."""
    got = dues(tmp_path, rule=f"      non_working_day: {reading}")
    assert got["report"][:4] == quarterly
    assert got["one-off"] == [one_off]
    if reading != "as_is":
        assert any(f"non_working_day: {reading}" in r for r in got["report readings"])
        assert f"moved to the {reading.split('_')[0]} working day" in got["one-off accounts"][0]


def test_the_due_spec_may_read_its_own_day(tmp_path) -> None:
    """`non_working_day` on the due spec reads that date alone: the first report or the one-off."""
    got = dues(tmp_path, due=", non_working_day: previous_working_day", first=", non_working_day: next_working_day")
    assert got["one-off"] == ["2018-03-29"]
    assert got["report"][:2] == ["2017-06-30", "2017-09-30"]  # the first is a Friday; later ones as_is
