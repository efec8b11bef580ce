"""Dates in imported files are read by the one door (engine/core/dates.py): British day first, and a
refusal names the file, the line or row, the field, what was given and what is read; nothing is stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, store_from

from engine.core import calendar
from engine.core.yamlfile import FileError
from engine.directions.model import load_direction
from engine.plan.deadlines import read_deadline
from engine.plan.importer import import_plan, plan_reported_on, read_plan_file
from engine.store.forms import validate_form
from engine.store.importer import import_file

CSV_HEADER = "kind,key,what,clause,occurrence,received\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def received(store, key: str) -> str:
    return calendar.iso(next(s for s in store.load("tower-hamlets").submissions if s.key == key).window()[0])


def test_a_csv_received_of_02_04_2018_is_2_april(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        path = write(tmp_path, "q.csv", CSV_HEADER + "submissions,q5,Q5,bv-2017.quarterly-report,5,02/04/2018 09:00\n")
        assert import_file(store, path, DIRECTIONS).stored == 1
        assert received(store, "q5") == "2018-04-02T09:00:00+01:00"


def test_a_yaml_file_reads_british_dates_and_yaml_timestamps_as_london_time(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        path = write(
            tmp_path,
            "more.yaml",
            """\
authority: tower-hamlets
submissions:
  - {key: q5, what: Q5, clause: bv-2017.quarterly-report, occurrence: 5, received: 1st July 2018 10am}
  - {key: q6, what: Q6, clause: bv-2017.quarterly-report, occurrence: 6, received: 2018-10-01 09:00:00}
coverage:
  - {subject: bv-2017.quarterly-report, complete_until: 30/9/2018}
""",
        )
        import_file(store, path, DIRECTIONS)
        state = store.load("tower-hamlets")
        assert received(store, "q5") == "2018-07-01T10:00:00+01:00"
        assert received(store, "q6") == "2018-10-01T09:00:00+01:00"
        assert dt.date(2018, 9, 30) in [c.complete_until for c in state.coverage]


@pytest.mark.parametrize(
    "value, why",
    [
        ("2017-02-30", '"2017-02-30" is not a date this reads: there is no 30 February 2017'),
        ("2/4/18 09:00", '"2/4/18 09:00" is not a date this reads: two-digit year; write 2/4/2018 09:00'),
        ("July 2017", '"July 2017" is not a date this reads: no day of the month'),
        ("2017-10-29 01:30:00", '"2017-10-29 01:30:00" happened twice in London'),
        ("2017-03-26T01:30", '"2017-03-26T01:30" is a time that did not exist in London'),
        ("9999-12-31T12:00", '"9999-12-31T12:00" is not a date this reads: the year 9999 is outside 1900-2200'),
    ],
)
def test_a_bad_date_in_yaml_names_file_line_field_given_and_expected_and_stores_nothing(tmp_path, value, why):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        path = write(
            tmp_path,
            "more.yaml",
            f"""\
authority: tower-hamlets
requests:
  - key: far
    type: access
    made_at: {value}
""",
        )
        with pytest.raises(FileError) as refused:
            import_file(store, path, DIRECTIONS)
        message = str(refused.value)
        assert message.startswith(str(path)) and "line 5, requests[0].made_at: " + why in message
        assert "Value error" not in message
        assert store.counts() == before


def test_a_bad_date_in_csv_names_the_row_and_the_column(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        path = write(
            tmp_path,
            "q.csv",
            CSV_HEADER
            + "submissions,q5,Q5,bv-2017.quarterly-report,5,02/04/2018 09:00\n"
            + "submissions,q6,Q6,bv-2017.quarterly-report,6,31/6/2018\n",
        )
        with pytest.raises(FileError) as refused:
            import_file(store, path, DIRECTIONS)
        assert 'row 3, received: "31/6/2018" is not a date this reads: there is no 31 June 2018' in str(refused.value)
        assert store.counts() == before


def test_a_direction_file_with_an_impossible_date_names_its_line(tmp_path):
    text = (Path(__file__).resolve().parents[2] / "directions" / "bv-2017.yaml").read_text(encoding="utf-8")
    assert "\ndate: 2017-03-28\n" in text
    path = write(tmp_path, "bv-2017.yaml", text.replace("\ndate: 2017-03-28\n", "\ndate: 2017-02-29\n"))
    with pytest.raises(FileError) as refused:
        load_direction(path)
    assert ", date: " in str(refused.value) and "there is no 29 February 2017" in str(refused.value)
    same = write(tmp_path, "bv-2017.yaml", text.replace("\ndate: 2017-03-28\n", "\ndate: 28 March 2017\n"))
    assert load_direction(same).date == dt.date(2017, 3, 28)


def test_import_plan_and_import_agree_on_01_09_2017(tmp_path):
    plan = write(
        tmp_path,
        "plan.csv",
        "area,action_ref,milestone_ref,milestone,lead_officer,deadline_as_written,reported_status,percent_complete\n"
        "Elections,1,1.1,A milestone,Someone,01/09/2017,On Target,20\n",
    )
    (row,) = read_plan_file(plan)
    reading = read_deadline(row.deadline_as_written)
    with store_from(bundled(), tmp_path) as store:
        facts = write(tmp_path, "q.csv", CSV_HEADER + "submissions,q5,Q5,bv-2017.quarterly-report,5,01/09/2017\n")
        import_file(store, facts, DIRECTIONS)
        fact_day = dt.date.fromisoformat(received(store, "q5")[:10])
        import_plan(store, plan, "tower-hamlets", calendar.dates.read_date("01/09/2017"))
        reported_on = plan_reported_on(store, "tower-hamlets")
    assert reading.due is not None and reading.due.date() == fact_day == reported_on == dt.date(2017, 9, 1)


def test_the_desk_forms_read_dates_as_the_importer_does(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        state = store.load("tower-hamlets")
    form = {"key": "q5", "what": "Q5", "clause": "bv-2017.quarterly-report", "occurrence": "5"}
    result = validate_form("submission", {**form, "received": "01/07/2018 09:00"}, state, DIRECTIONS, "mo")
    assert result.ok and calendar.iso(result.fact.received) == "2018-07-01T09:00:00+01:00"
    refused = validate_form("submission", {**form, "received": "2018-10-28T01:30"}, state, DIRECTIONS, "mo")
    assert "happened twice in London" in refused.errors["received"][0]
