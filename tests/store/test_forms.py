"""The desk's forms without a server (engine/store/forms.py): the verdict of `comply record`, the
field at fault named and nothing stored, the coverage subjects, and which form a finding offers
(chosen from its structured fields, never from its words)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled_store

from engine.core import calendar, ids, status
from engine.evaluation.check import check
from engine.model.findings import Finding
from engine.store.forms import coverage_subjects, submission_prefill, validate_form
from engine.store.sqlite import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = bundled_store(tmp_path)
    yield s
    s.close()


def test_a_valid_submission_form_gives_the_fact_comply_record_would(store: Store):
    form = {
        "key": "bv-q3",
        "what": "Q3 update report",
        "clause": "bv-2017.quarterly-report",
        "occurrence": "3",
        "received": "2018-01-03T09:00",
        "source": "",
    }
    result = validate_form("submission", form, store.load("tower-hamlets"), DIRECTIONS, "mo")
    assert result.ok, result.errors
    assert result.fact.occurrence == 3 and result.fact.source == "recorded on the desk by mo"
    assert calendar.iso(result.fact.received) == "2018-01-03T09:00:00+00:00"


@pytest.mark.parametrize(
    "name, form, field, words",
    [
        (
            "submission",
            {
                "key": "bv-q3",
                "what": "Q3",
                "clause": "bv-2017.quarterly-report",
                "occurrence": "3",
                "received": "the third of January",
            },
            "received",
            "is not a date this reads",
        ),
        (
            "submission",
            {"key": "bv-q3", "what": "Q3", "clause": "bv-2017.quarterly-report", "occurrence": "3"},
            "received",
            "give exactly one of",
        ),
        (
            "submission",
            {"key": "bv-q3", "what": "Q3", "clause": "bv-2017.quarterly-report", "received": "2018-01-03T09:00"},
            "occurrence",
            "recurs",
        ),
        (
            "submission",
            {
                "key": "bv-q3",
                "what": "Q3",
                "clause": "bv-2017.no-such",
                "occurrence": "1",
                "received": "2018-01-03T09:00",
            },
            "clause",
            "no clause",
        ),
        ("submission", {"key": "Bad Key", "what": "Q3", "received": "2018-01-03T09:00"}, "key", "pattern"),
        ("submission", {"what": "Q3", "received": "2018-01-03T09:00"}, "key", "required"),
        ("meeting", {"key": "csib-2018-02-05", "board": "nope", "starts_at": "2018-02-05T16:00"}, "board", "no board"),
        (
            "meeting",
            {
                "key": "csib-2018-02-05",
                "board": "csib",
                "starts_at": "2018-02-05T16:00",
                "items": "dcs-progress-report director",
            },
            "items",
            "line 1: expected ITEM @ ROLE",
        ),
        ("meeting", {"key": "csib-2018-02-05", "board": "csib"}, "starts_at", "required"),
        (
            "membership",
            {"board": "csib", "person": "john-biggs", "capacity": "mayor", "from": "2018-02-01", "to": "2018-01-01"},
            "to",
            "before",
        ),
        ("coverage", {"subject": "bv-2017.nothing", "complete_until": "2018-01-31"}, "subject", "no clause"),
        (
            "coverage",
            {"subject": "bv-2017.quarterly-report", "complete_until": "31/02/2018"},
            "complete_until",
            "there is no 31 February 2018",
        ),
    ],
)
def test_a_bad_form_names_the_field_at_fault(store: Store, name: str, form: dict, field: str, words: str):
    result = validate_form(name, form, store.load("tower-hamlets"), DIRECTIONS, "mo")
    assert not result.ok and result.fact is None
    assert field in result.errors, result.errors
    assert any(words in m for m in result.errors[field]), result.errors


def test_a_meeting_form_reads_items_and_attendance(store: Store):
    state = store.load("tower-hamlets")
    person = state.people[0].key
    form = {
        "key": "csib-2018-02-05",
        "board": "csib",
        "starts_at": "2018-02-05T16:00",
        "public": "on",
        "items": "dcs-progress-report @ director-of-childrens-services\n\n",
        f"attendance-{person}": "apologies",
    }
    result = validate_form("meeting", form, state, DIRECTIONS, "mo")
    assert result.ok, result.errors
    m = result.fact
    assert (
        m.public
        and m.time_known
        and [(i.item, i.presented_by) for i in m.items] == [("dcs-progress-report", "director-of-childrens-services")]
    )
    assert [(a.person, a.status) for a in m.attendance] == [(person, "apologies")]


def test_an_existing_key_is_refused_on_the_key_field(store: Store):
    state = store.load("tower-hamlets")
    existing = state.submissions[0]
    form = {"key": existing.key, "what": "again", "received": "2018-01-03T09:00"}
    assert "key" in validate_form("submission", form, state, DIRECTIONS, "mo").errors
    meeting = state.meetings[0]
    form = {"key": meeting.key, "board": meeting.board, "starts_at": "2018-02-05T16:00"}
    assert "key" in validate_form("meeting", form, state, DIRECTIONS, "mo").errors


def test_coverage_subjects_are_clauses_and_board_records(store: Store):
    subjects = coverage_subjects(store.load("tower-hamlets"), DIRECTIONS)
    assert "bv-2017.quarterly-report" in subjects and "meetings:csib" in subjects and "memberships:bvib" in subjects


def test_coverage_subjects_are_spelled_by_the_one_module_of_ids(store: Store):
    state = store.load("tower-hamlets")
    subjects = coverage_subjects(state, DIRECTIONS)
    boards = [b.key for b in state.boards]
    clauses = [d.clause_id(c) for d in DIRECTIONS for c in d.clauses]
    assert subjects == clauses + [ids.meetings_subject(b) for b in boards] + [
        ids.memberships_subject(b) for b in boards
    ]
    assert all(s in subjects for b in boards for s in ids.board_subjects(b))


# -- which form a finding offers ----------------------------------------------------------------


Q3 = "tower-hamlets/bv-2017.quarterly-report/3"


@pytest.fixture
def q3(store: Store) -> Finding:
    """The third quarterly report on 1 February 2018: owed, nothing recorded (unknown)."""
    report = check(store.load("tower-hamlets"), DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    found = next(f for f in report.findings if f.id == Q3)
    assert found.status == "unknown" and not found.evidence
    assert (found.kind, found.occurrence, found.answered_by) == ("recurring", 3, "submission")
    return found


def test_an_owed_duty_a_submission_answers_offers_the_submission_form(q3: Finding):
    assert submission_prefill(q3) == {"clause": "bv-2017.quarterly-report", "occurrence": "3"}


def test_the_form_is_chosen_from_the_finding_s_fields_not_its_words(q3: Finding):
    """The explanation's words are for people: changing them changes nothing; `answered_by` and
    `occurrence` decide."""
    reworded = q3.model_copy(update={"explanation": q3.explanation.model_copy(update={"expected": "a report"})})
    assert submission_prefill(reworded) == {"clause": "bv-2017.quarterly-report", "occurrence": "3"}
    assert submission_prefill(q3.model_copy(update={"answered_by": "meeting"})) is None
    assert submission_prefill(q3.model_copy(update={"answered_by": None})) is None
    assert submission_prefill(q3.model_copy(update={"occurrence": None})) == {"clause": "bv-2017.quarterly-report"}
    assert submission_prefill(q3.model_copy(update={"occurrence": 1, "kind": "deadline"}))["occurrence"] == "1"


@pytest.mark.parametrize("key", [s.key for s in status.STATUSES])
def test_only_a_duty_still_owed_and_unanswered_offers_a_form(q3: Finding, key: str):
    offered = submission_prefill(q3.model_copy(update={"status": key}))
    assert (offered is not None) == status.info(key).owed
    assert submission_prefill(q3.model_copy(update={"status": key, "evidence": ["submission:x"]})) is None
