"""`comply record` says back what it read: every date in words beside the text it was read from, so a month/day
mix-up shows at once; a date that cannot be read (US style, ISO year-day-month) is refused naming the option, what
was given and what is read, and nothing is stored."""

from __future__ import annotations

import calendar as stdlib_calendar
import itertools
import sqlite3

import pytest
from helpers import comply, init_demo
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core.dates import MONTHS

Q3 = ["record", "submission", "--key", "q3", "--what", "Q3 report", "--clause", "bv-2017.quarterly-report"]


def versions(store) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT COUNT(*) FROM fact_versions").fetchone()[0]


def test_a_recorded_submission_is_said_back_with_its_date_in_words_and_the_text_it_was_read_from(tmp_path):
    run = comply(*Q3, "--occurrence", "3", "--received", "3/1/2018 9:00", store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == (
        'Recorded submission q3 (Q3 report): received 09:00 GMT on 3 January 2018 (read from "3/1/2018 9:00", '
        "day first: 3 January, not 1 March), answering bv-2017.quarterly-report, occurrence 3."
    )
    again = comply(*Q3, "--occurrence", "3", "--received", "3/1/2018 9:00", store=tmp_path / "c.db")
    assert again.returncode == 0 and again.stdout.startswith(
        "Already stored unchanged, nothing recorded: submission q3"
    )


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("13/1/2018 10:15", '10:15 GMT on 13 January 2018 (read from "13/1/2018 10:15", day first)'),
        ("3 Jan 2018 9am", '09:00 GMT on 3 January 2018 (read from "3 Jan 2018 9am")'),
        ("2018-07-01T09:00", '09:00 BST on 1 July 2018 (read from "2018-07-01T09:00")'),
        (
            "1/7/2018",
            '00:00 BST on 1 July 2018 (read from "1/7/2018", day first: 1 July, not 7 January; '
            "no time given: the start of that day)",
        ),
    ],
)
def test_each_form_of_a_date_is_said_back_as_read(tmp_path, typed, said):
    run = comply("record", "request", "--key", "r1", "--type", "access", "--made-at", typed, store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"Recorded request r1: made at {said}."


def test_days_and_a_window_are_said_back(tmp_path):
    store = tmp_path / "c.db"
    window = comply(*Q3, "--occurrence", "3", "--received-between", "1/6/2018 to 30/6/2018 09:00", store=store)
    assert window.returncode == 0, window.stderr
    assert (
        'received between 00:00 BST on 1 June 2018 (read from "1/6/2018", day first: 1 June, not 6 January; no time '
        'given: the start of that day) and 09:00 BST on 30 June 2018 (read from "30/6/2018 09:00", day first)'
    ) in window.stdout
    member = comply(
        "record", "membership", "--board", "csib", "--person", "john-biggs", "--capacity", "member",
        "--from", "2/5/2017", "--to", "30 June 2017", store=store,
    )  # fmt: skip
    assert member.returncode == 0, member.stderr
    assert member.stdout.strip() == (
        'Recorded membership john-biggs on board csib as member: from 2 May 2017 (read from "2/5/2017", day first: '
        '2 May, not 5 February), to 30 June 2017 (read from "30 June 2017").'
    )
    day_only = comply(
        "record", "meeting", "--key", "m9", "--board", "csib", "--starts-at", "5/7/2017", "--no-time-known",
        store=store,
    )  # fmt: skip
    assert day_only.stdout.strip() == (
        'Recorded meeting m9 of board csib: starts at 5 July 2017 (read from "5/7/2017", day first: 5 July, '
        "not 7 May; the time is not known), held, items tabled: none; not listed, so recorded as not tabled (each a "
        "breach): action-plan-progress, chair-progress-update, dcs-progress-report, future-items, minutes, "
        "risk-review, sos-progress-report."
    )


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    return init_demo(tmp_path_factory.mktemp("echo") / "c.db")


_keys = itertools.count()


@settings(max_examples=examples(80))
@given(year=st.integers(1990, 2040), month=st.integers(1, 12), data=st.data())
def test_recording_d_m_yyyy_says_back_day_d_of_month_m(demo_store, year, month, data):
    """For any day D of month M, `--made-at D/M/YYYY` is said back as D Month YYYY, read day first; when D and M
    could be swapped, the echo names the other reading as the day it is not."""
    day = data.draw(st.integers(1, stdlib_calendar.monthrange(year, month)[1]))
    key = f"r{next(_keys)}"
    run = comply("record", "request", "--key", key, "--type", "access", "--made-at", f"{day}/{month}/{year}",
                 store=demo_store)  # fmt: skip
    assert run.returncode == 0, run.stderr
    read = f"{day} {MONTHS[month - 1]} {year}"
    assert f' on {read} (read from "{day}/{month}/{year}", day first' in run.stdout, run.stdout
    other = f"not {month} {MONTHS[day - 1]}" if day <= 12 and day != month else None
    assert (f"{day} {MONTHS[month - 1]}, {other}" in run.stdout) if other else (", not " not in run.stdout)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("13/25/2018", "there is no month 25; write it as 1/7/2018, 1 July 2018 or 2018-07-01"),
        ("2018-25-13", "there is no month 25; write it as 1/7/2018, 1 July 2018 or 2018-07-01"),
        ("12/25/2018", "dates are read day first (day/month/year), never month first; write 25/12/2018 or 2018-12-25"),
        (
            "2018-13-05",
            "ISO 8601 dates are year-month-day, never year-day-month; write 2018-05-13 or 13/5/2018 if you mean "
            "13 May 2018",
        ),
    ],
)
def test_us_style_and_year_day_month_dates_are_refused_naming_the_option_and_nothing_is_stored(tmp_path, typed, why):
    store = init_demo(tmp_path / "c.db")
    before = versions(store)
    run = comply(*Q3, "--occurrence", "3", "--received", typed, store=store)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f'error: --received: "{typed}" is not a date this reads: ')
    assert why in run.stderr
    assert versions(store) == before
