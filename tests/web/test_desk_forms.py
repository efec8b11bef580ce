"""The desk's record forms (engine/web/record.py, engine/store/forms.py), through Flask's test client on a
real SQLite store of the bundled data: a good post stores exactly one fact with a generated key and its audit
entry; an empty post shows the error summary in plain words and stores nothing; a date posted with the wrong
number of parts is a field error, never a 500; the submission form lists the open obligations of the as-of
date, in words, and selects the one a finding's button names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from desk_client import csrf_token
from flask.testing import FlaskClient
from helpers import DIRECTIONS
from hypothesis import given
from hypothesis import strategies as st

from engine.model.facts import Board
from engine.store import audit
from engine.store.forms import generate_key, meeting_items, plain_errors, read_time
from engine.store.sqlite import Store

Q3 = "tower-hamlets/bv-2017.quarterly-report/3"


KINDS = ("submissions", "meetings", "memberships", "coverage", "decisions")


def counts(tmp_path: Path) -> dict[str, int]:
    """The facts of the forms' kinds in the store, and its rows of versions and of the log."""
    with Store.open(tmp_path / "comply.db") as s:
        state, rows = s.load("tower-hamlets"), s.counts()
    return {**{k: len(getattr(state, k)) for k in KINDS}, **{k: rows[k] for k in ("fact_versions", "audit_log")}}


def records(tmp_path: Path) -> list[audit.Entry]:
    with Store.open(tmp_path / "comply.db") as s:
        return audit.entries(s, action="record")


def post(client: FlaskClient, path: str, data: dict) -> object:
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def added(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}


def test_the_submission_form_lists_the_open_obligations_of_the_as_of_date(signed_in: Callable[[str], FlaskClient]):
    client = signed_in("ed")
    page = client.get("/record/submission?as_of=2018-02-01").get_data(as_text=True)
    assert "Quarterly reports to the Secretary of State (number 3) to the Secretary of State for Communities" in page
    assert "Communities and Local Government, due 10am on 30 December 2017" in page
    values = re.findall(r'name="obligation" type="radio" value="([^"]+)"', page) or re.findall(
        r'type="radio" value="([^"]+)"', page
    )
    assert Q3 in values
    # met (the Ofsted visit of August 2017), or with a submission already recorded (Q1): not offered
    assert "tower-hamlets/ofsted-monitoring.monitoring-visits/1" not in values
    assert "tower-hamlets/bv-2017.quarterly-report/1" not in values
    assert "tower-hamlets/bv-2017.quarterly-report/4" in values  # not yet due: a report may come early
    # the finding's button selects it
    chosen = client.get("/record/submission?as_of=2018-02-01&clause=bv-2017.quarterly-report&occurrence=3")
    assert re.search(rf'value="{re.escape(Q3)}"\s+checked', chosen.get_data(as_text=True))


def test_a_good_submission_stores_one_fact_with_a_generated_key_and_an_audit_entry(
    signed_in: Callable[[str], FlaskClient], tmp_path: Path
):
    client = signed_in("ed")
    before, logged = counts(tmp_path), len(records(tmp_path))
    data = {"obligation": Q3, "what": "Q3 update report", "received": ["29", "3", "2018"], "received_time": "2:30pm"}
    done = post(client, "/record/submission?as_of=2018-02-01", data)
    assert done.status_code == 302, done.get_data(as_text=True)
    assert added(before, counts(tmp_path)) == {"submissions": 1, "fact_versions": 1, "audit_log": 1}
    with Store.open(tmp_path / "comply.db") as s:
        sub = next(x for x in s.load("tower-hamlets").submissions if x.key.startswith("submission-2018-03-29"))
    assert sub.key == "submission-2018-03-29-q3-update-report"
    assert (sub.clause, sub.occurrence) == ("bv-2017.quarterly-report", 3)
    assert sub.recipient.startswith("Secretary of State") and sub.received.isoformat().startswith("2018-03-29T14:30")
    entries = records(tmp_path)
    assert len(entries) == logged + 1 and entries[0].subject == f"submission:{sub.key}" and entries[0].actor == "ed"
    flash = client.get("/").get_data(as_text=True)
    assert sub.key in flash
    # the same again on another day: the obligation is met, so it is no longer offered
    again = post(client, "/record/submission?as_of=2018-04-01", data)
    assert again.status_code == 422


def test_an_empty_post_shows_the_summary_in_plain_words_and_stores_nothing(
    signed_in: Callable[[str], FlaskClient], tmp_path: Path
):
    client = signed_in("ed")
    before = counts(tmp_path)
    for path, words in (
        (
            "/record/submission?as_of=2018-02-01",
            [
                "Choose the obligation this submission satisfies",
                "Enter the day the report was received",
                "Enter what was sent",
            ],
        ),
        ("/record/coverage", ["Enter the day the records are complete until", "Choose what the records are of"]),
        ("/record/membership", ["Enter the first day of the membership", "Choose the board", "Choose the member"]),
        ("/record/decision", ["Enter the day the decision was taken", "Enter what was decided"]),
        ("/record/membership-end", ["Choose the membership that ends", "Enter the last day of the membership"]),
        ("/record/meeting?board=csib", ["Enter the day of the meeting"]),
    ):
        page = post(client, path, {})
        text = page.get_data(as_text=True)
        assert page.status_code == 422, (path, text)
        assert "There is a problem" in text and "govuk-error-summary" in text, path
        for w in words:
            assert w in text, (path, w)
        assert "Field required" not in text and "should match pattern" not in text, path
    assert counts(tmp_path) == before


@pytest.mark.parametrize("parts", [["12", "3"], ["1", "2", "3", "4"], ["12"]])
def test_a_date_with_the_wrong_number_of_parts_is_a_field_error_not_a_500(
    signed_in: Callable[[str], FlaskClient], tmp_path: Path, parts: list[str]
):
    client = signed_in("ed")
    before = counts(tmp_path)
    page = post(client, "/record/coverage", {"subject": "bv-2017.quarterly-report", "complete_until": parts})
    assert page.status_code == 422
    assert "Enter are complete until as a day, a month and a year" in page.get_data(as_text=True)
    assert counts(tmp_path) == before


def test_an_impossible_date_and_time_are_named(signed_in: Callable[[str], FlaskClient], tmp_path: Path):
    client = signed_in("ed")
    before = counts(tmp_path)
    data = {"obligation": Q3, "what": "Q3", "received": ["31", "2", "2018"], "received_time": "25 o'clock"}
    text = post(client, "/record/submission?as_of=2018-02-01", data).get_data(as_text=True)
    assert "The date must be a real date" in text and "Enter a real time" in text
    assert counts(tmp_path) == before


def test_a_coverage_membership_and_decision_store_one_fact_each(
    signed_in: Callable[[str], FlaskClient], tmp_path: Path
):
    client = signed_in("ed")
    before = counts(tmp_path)
    done = post(
        client, "/record/coverage", {"subject": "bv-2017.quarterly-report", "complete_until": ["31", "1", "2018"]}
    )
    assert done.status_code == 302, done.get_data(as_text=True)
    assert added(before, counts(tmp_path)) == {"coverage": 1, "fact_versions": 1, "audit_log": 1}
    before = counts(tmp_path)
    with Store.open(tmp_path / "comply.db") as s:
        person = s.load("tower-hamlets").people[0].key
    member = {"board": "bvib", "person": person, "capacity": "independent-member", "start": ["1", "2", "2018"]}
    done = post(client, "/record/membership", member)
    assert done.status_code == 302, done.get_data(as_text=True)
    assert added(before, counts(tmp_path)) == {"memberships": 1, "fact_versions": 1, "audit_log": 1}
    before = counts(tmp_path)
    decision = {
        "what": "Establishment of the Best Value Improvement Board",
        "reference": "Decision Log No. 15",
        "decided_at": ["2", "5", "2017"],
        "decided_time": "10am",
        "decided_by": "mayor",
        "procedure": "ordinary",
    }
    done = post(client, "/record/decision", decision)
    assert done.status_code == 302, done.get_data(as_text=True)
    assert added(before, counts(tmp_path)) == {"decisions": 1, "fact_versions": 1, "audit_log": 1}
    with Store.open(tmp_path / "comply.db") as s:
        keys = {d.key for d in s.load("tower-hamlets").decisions}
    assert "decision-2017-05-02-decision-log-no-15" in keys
    # the same decision again: a new key, -2
    assert post(client, "/record/decision", decision).status_code == 302
    with Store.open(tmp_path / "comply.db") as s:
        keys = {d.key for d in s.load("tower-hamlets").decisions}
    assert "decision-2017-05-02-decision-log-no-15-2" in keys


def test_a_meeting_is_recorded_with_items_and_attendance_by_name(
    signed_in: Callable[[str], FlaskClient], tmp_path: Path
):
    client = signed_in("ed")
    chooser = client.get("/record/meeting").get_data(as_text=True)
    assert "Which board met?" in chooser and "Children" in chooser
    page = client.get("/record/meeting?board=csib").get_data(as_text=True)
    assert "progress report, presented by the" in page
    with Store.open(tmp_path / "comply.db") as s:
        state = s.load("tower-hamlets")
    member = next(
        m.person
        for m in state.memberships
        if m.board == "csib"
        and m.start <= dt.date(2018, 2, 12)
        and (m.until is None or m.until >= dt.date(2018, 2, 12))
    )
    stranger = next(
        p.key for p in state.people if not any(m.person == p.key and m.board == "csib" for m in state.memberships)
    )
    items = re.findall(r'name="items" type="checkbox" value="([^"]+)"', page) or re.findall(
        r'type="checkbox" value="(dcs-progress-report\|[^"]*)"', page
    )
    before = counts(tmp_path)
    data = {
        "board": "csib",
        "starts_at": ["12", "2", "2018"],
        "time": "4pm",
        "status": "held",
        "items": [items[0]],
        f"attendance-{member}": "present",
    }
    done = post(client, "/record/meeting?board=csib", data)
    assert done.status_code == 302, done.get_data(as_text=True)
    assert added(before, counts(tmp_path)) == {"meetings": 1, "fact_versions": 1, "audit_log": 1}
    with Store.open(tmp_path / "comply.db") as s:
        meeting = next(m for m in s.load("tower-hamlets").meetings if m.key == "csib-2018-02-12")
    assert [(a.person, a.status) for a in meeting.attendance] == [(member, "present")]
    assert meeting.items[0].item == items[0].split("|")[0] and meeting.time_known
    assert stranger  # someone never on the board is not offered (nor accepted)
    assert f"attendance-{stranger}" not in page


@given(st.integers(0, 23), st.integers(0, 59))
def test_a_time_reads_back_in_either_clock(hour: int, minute: int):
    assert read_time(f"{hour}:{minute:02d}") == (hour, minute)
    half = "am" if hour < 12 else "pm"
    assert read_time(f"{(hour % 12) or 12}:{minute:02d}{half}") == (hour, minute)


@given(st.lists(st.text(min_size=0, max_size=20), max_size=5), st.text(max_size=30))
def test_a_generated_key_is_new_and_a_slug(taken: list[str], what: str):
    key = generate_key("submission", "2018-03-29", what, taken)
    assert key not in taken
    Board(key=key, name="x")  # the model's Slug accepts it


def test_the_model_s_words_become_the_officer_s():
    assert plain_errors("coverage", {"subject": ["Field required"]}) == {"subject": ["Choose what the records are of"]}
    assert plain_errors("submission", {"received": ["Field required"]}) == {
        "received": ["Enter the day the report was received"]
    }
    made = plain_errors("decision", {"agreed_by": ["`agreed_at` without `agreed_by`: say whose agreement was given"]})
    assert made == {"agreed_by": ["Agreed at without agreed by: say whose agreement was given"]}
    kept = plain_errors("submission", {"occurrence": ["occurrence: bv-2017.quarterly-report recurs"]})
    assert kept == {"occurrence": ["bv-2017.quarterly-report recurs"]}  # an id is not capitalised


def test_a_board_s_items_come_from_its_clauses_in_the_files_words():
    items = {c.value: c.words for c in meeting_items(DIRECTIONS, "csib")}
    assert items["dcs-progress-report|director-of-childrens-services"] == (
        "progress report, presented by the Director of Children's Services"
    )
    assert items["minutes|"] == "review of the minutes"
    assert meeting_items(DIRECTIONS, "no-such-board") == []
