"""Schedules of third parties (`kind: schedule`): a third party's published timetable (Ofsted's
monitoring visits, the LGA's peer challenge), which no direction imposes. Every clause must be the
third party's; every finding says so; nothing about a schedule calls it a direction (issue 15, item 7).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, report

from engine.core.errors import FileError
from engine.directions.model import load_direction
from engine.kinds.base import Context

SCHEDULES = [d for d in DIRECTIONS if d.kind == "schedule"]
HERE = Path(__file__).resolve().parents[2] / "directions"


def test_the_bundled_schedules_are_ofsteds_and_the_lgas():
    assert sorted(d.id for d in SCHEDULES) == ["lga-peer-challenge", "ofsted-monitoring"]
    for d in SCHEDULES:
        assert d.kind_words() == "schedule: a third party's published timetable"
        assert d.noun == "the schedule"
        assert all(c.duty_holder.kind == "third_party" for c in d.clauses)


def test_a_schedule_clause_that_is_the_councils_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "ofsted-monitoring.yaml"
    shutil.copy(HERE / "ofsted-monitoring.yaml", path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{kind: third_party, name: Ofsted}", "{kind: council, name: Ofsted}", 1), "utf-8")
    with pytest.raises(FileError) as err:
        load_direction(path)
    message = str(err.value)
    assert "duty_holder.kind" in message and "expected third_party" in message
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "{kind: council, name: Ofsted}" in t)
    assert f"line {line}" in message


@pytest.mark.parametrize("as_of", ["2017-10-01", "2018-01-01", "2018-08-01", "2019-08-01"])
def test_schedule_findings_are_the_third_partys_and_never_call_the_schedule_a_direction(tmp_path, as_of):
    rep = report(bundled(), tmp_path, as_of)
    found = [f for f in rep.findings if f.direction in {d.id for d in SCHEDULES}]
    assert found
    for f in found:
        assert f.duty_holder.kind == "third_party", f.id
        assert f.explanation.reason.endswith(f"This was the duty of {f.duty_holder.name}, not of the council."), f.id
        # the computed words (a `reading:` is the file's own words, and may name another instrument)
        computed = [s for s in f.explanation.due_computation if not s.startswith("reading: ")]
        words = [*computed, f.explanation.reason, f.explanation.expected, *f.explanation.facts]
        assert not [w for w in words if "direction" in w.lower()], f.id


def test_the_readings_of_a_schedule_in_words_never_call_it_a_direction():
    steps = []
    for d in SCHEDULES:
        ctx = Context.for_reading(d, 0)
        for c in d.clauses:
            reading = c.rule.describe(ctx, c, 3)
            words = [*reading.summary, reading.more, *(s for o in reading.occurrences for s in o.account)]
            assert not [w for w in words if "direction" in w.lower()], (c.key, words)
            steps.extend(words)
    assert any("the date the schedule gives" in w for w in steps)
    assert any("while the schedule is in force" in w for w in steps)


def test_the_first_ofsted_visit_of_30_31_august_2017_is_met_and_the_second_falls_due_on_30_november(tmp_path):
    rep = report(bundled(), tmp_path, "2018-01-01")
    by_id = {f.id: f for f in rep.findings}
    first = by_id["tower-hamlets/ofsted-monitoring.monitoring-visits/1"]
    assert first.status == "met" and first.evidence == ["submission:ofsted-monitoring-visit-2017-08"]
    second = by_id["tower-hamlets/ofsted-monitoring.monitoring-visits/2"]
    assert second.due == "2017-11-30T23:59:59+00:00"
    assert second.status == "unknown"
