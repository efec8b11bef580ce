"""A typo or a strange date given to `comply record` or `comply correct` is never stored in silence: `correct` says
back what it stored as `record` does; a meeting's items and roles that no clause names are said with the nearest one
a clause names; a date before the clause's direction came into force or after now gets a note, and a receipt after
now is refused; an option's refused value is said with the value given and its nearest match."""

from __future__ import annotations

import itertools
import sqlite3

import pendulum
import pytest
from helpers import comply, init_demo
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import clock
from engine.core.dates import MONTHS

MEETING = ["record", "meeting", "--key", "m1", "--board", "csib", "--starts-at", "24/7/2017 16:00"]
SUBMISSION = ["record", "submission", "--key", "s1", "--what", "Q2", "--clause", "bv-2017.quarterly-report",
              "--occurrence", "2"]  # fmt: skip
#: the instant the tests' clock is frozen at
NOW = pendulum.datetime(2026, 12, 1, 15, 0, tz="Europe/London")


def versions(store) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT COUNT(*) FROM fact_versions").fetchone()[0]


def test_correct_says_back_each_field_it_changed_with_each_date_in_words(tmp_path):
    run = comply("correct", "submission:bv-2017-q1-report", "--set", "received=7/5/2017", "--set",
                 "received_between=null", "--set", "recipient=DCLG", "--reason", "x", store=tmp_path / "c.db")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Corrected submission:bv-2017-q1-report, version ")
    assert (
        'recipient "DCLG", received some time on 7 May 2017 (read from "7/5/2017", day first: 7 May, not 5 July): '
        "no time given, so any time that day, answering bv-2017.quarterly-report, occurrence 1."
    ) in run.stdout
    assert "received emptied" not in run.stdout


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    return init_demo(tmp_path_factory.mktemp("typos") / "c.db")


_keys = itertools.count()


@settings(max_examples=examples(40), deadline=None)
@given(day=st.integers(1, 28), month=st.integers(1, 12))
def test_correct_says_back_any_day_d_of_month_m_day_first(demo_store, day, month):
    """For any day D of month M, `correct --set made_at=D/M/2017` says back D Month 2017, read day first."""
    key = f"r{next(_keys)}"
    made = comply("record", "request", "--key", key, "--type", "access", "--made-at", "31/12/2016 12:00",
                  store=demo_store)  # fmt: skip
    assert made.returncode == 0, made.stderr
    run = comply("correct", f"request:{key}", "--set", f"made_at={day}/{month}/2017", "--reason", "x",
                 store=demo_store)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Corrected request:{key}, version 2: request {key}: made at 00:00 ")
    assert f' on {day} {MONTHS[month - 1]} 2017 (read from "{day}/{month}/2017", day first' in run.stdout, run.stdout


@pytest.mark.parametrize(
    ("item", "said"),
    [
        (
            "dcs-progress-reprot@director-of-childrens-services",
            "items tabled: dcs-progress-reprot@director-of-childrens-services (no clause names the item "
            "'dcs-progress-reprot': did you mean 'dcs-progress-report'",
        ),
        (
            "dcs-progress-report@director-of-childrns-services",
            "items tabled: dcs-progress-report@director-of-childrns-services (no clause names the role "
            "'director-of-childrns-services': did you mean 'director-of-childrens-services'?)",
        ),
    ],
)
def test_an_item_or_role_no_clause_names_is_recorded_but_said_with_the_nearest(tmp_path, item, said):
    run = comply(*MEETING, "--item", item, store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert said in run.stdout
    assert "not listed, so recorded as not tabled (each a breach): " in run.stdout
    missing = run.stdout.split("(each a breach): ")[1]
    assert ("dcs-progress-report" in missing) == item.startswith("dcs-progress-reprot")


def test_items_every_clause_names_are_said_without_a_note(tmp_path):
    run = comply(*MEETING, "--item", "dcs-progress-report@director-of-childrens-services", store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert "items tabled: dcs-progress-report@director-of-childrens-services;" in run.stdout
    assert "no clause names" not in run.stdout
    unknown = comply(*MEETING[:3], "m2", *MEETING[4:], "--no-items-known", store=tmp_path / "c.db")
    assert "items tabled: none (the items tabled are not known)." in unknown.stdout


def test_a_receipt_before_the_direction_came_into_force_is_noted(tmp_path):
    run = comply(*SUBMISSION, "--received", "1/1/2017", store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert "note: 1 January 2017 is before bv-2017 came into force (28 March 2017)" in run.stdout.splitlines()


@pytest.mark.parametrize(
    ("option", "typed"), [("--received", "1/1/2030"), ("--received-between", "1/1/2030 to 2/1/2030")]
)
def test_a_receipt_after_now_is_refused_and_nothing_is_stored(tmp_path, option, typed):
    store = tmp_path / "c.db"
    init_demo(store)
    before = versions(store)
    with clock.frozen(NOW):
        run = comply(*SUBMISSION, option, typed, store=store)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"error: {option}: 1 January 2030 is after now (15:00 GMT on 1 December 2026)")
    assert versions(store) == before


def test_a_correction_to_a_receipt_after_now_is_refused(tmp_path):
    with clock.frozen(NOW):
        run = comply("correct", "submission:bv-2017-q1-report", "--set", "received=1/1/2030", "--set",
                     "received_between=null", "--reason", "x", store=tmp_path / "c.db")  # fmt: skip
    assert run.returncode == 2
    assert "error: --received: 1 January 2030 is after now" in run.stderr


def test_a_held_meeting_after_now_is_noted_and_a_scheduled_one_is_not(tmp_path):
    store = tmp_path / "c.db"
    with clock.frozen(NOW):
        held = comply(*MEETING[:6], "--starts-at", "1/1/2030 10:00", store=store)
        scheduled = comply(*MEETING[:3], "m2", *MEETING[4:6], "--starts-at", "2/1/2030 10:00", "--status",
                           "scheduled", store=store)  # fmt: skip
    assert held.returncode == 0, held.stderr
    assert "note: 10:00 GMT on 1 January 2030 is after now (15:00 GMT on 1 December 2026)" in held.stdout
    assert scheduled.returncode == 0 and "note:" not in scheduled.stdout


def test_a_window_the_wrong_way_round_names_the_option_and_both_dates(tmp_path):
    run = comply(*SUBMISSION, "--received-between", "30/9/2017 to 1/9/2017", store=tmp_path / "c.db")
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "error: --received-between: the latest time, 1 September 2017, is before the earliest, midnight at the "
        "start of 30 September 2017"
    )


def test_a_mistyped_status_is_said_with_the_value_given_and_the_nearest(tmp_path):
    run = comply(*MEETING, "--status", "schduled", store=tmp_path / "c.db")
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "error: --status: Input should be 'held', 'scheduled' or 'cancelled'; got 'schduled': did you mean 'scheduled'?"
    )
