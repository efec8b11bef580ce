"""Dates on the command line, as a user types them: British day first, never month first; a refusal is
exit 2 with one line naming the option, what was given and what is read, and nothing is stored."""

from __future__ import annotations

import json
import sqlite3

from helpers import comply

from engine.core import calendar
from engine.plan.importer import BUNDLED_PLAN
from engine.store.sqlite import Store

Q5 = ["record", "submission", "--key", "q5", "--what", "Q5 report", "--clause", "bv-2017.quarterly-report"]


def submissions(store) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT COUNT(*) FROM fact_versions WHERE kind = 'submissions'").fetchone()[0]


def finding(run, finding_id: str) -> dict:
    assert run.returncode in (0, 1), run.stderr
    return next(f for f in json.loads(run.stdout)["findings"] if f["id"] == finding_id)


def test_a_q5_report_received_01_07_2018_is_met_late_against_10am_on_30_june(tmp_path):
    store = tmp_path / "c.db"
    recorded = comply(*Q5, "--occurrence", "5", "--received", "01/07/2018 09:00", store=store)
    assert recorded.returncode == 0, recorded.stderr
    run = comply("check", "--as-of", "2/7/2018", "--format", "json", store=store)
    assert json.loads(run.stdout)["as_of"] == "2018-07-02T00:00:00+01:00"
    q5 = finding(run, "tower-hamlets/bv-2017.quarterly-report/5")
    assert q5["due"] == "2018-06-30T10:00:00+01:00"
    assert q5["status"] == "met_late" and q5["evidence"] == ["submission:q5"]
    explained = comply("explain", "tower-hamlets/bv-2017.quarterly-report/5", "--as-of", "2 July 2018", store=store)
    assert "09:00 BST on 1 July 2018" in explained.stdout, explained.stdout


def test_an_as_of_of_01_07_2017_is_1_july(tmp_path):
    run = comply("check", "--as-of", "01/07/2017", "--format", "json", store=tmp_path / "c.db")
    assert json.loads(run.stdout)["as_of"] == "2017-07-01T00:00:00+01:00"


def test_a_two_digit_year_is_refused_naming_the_option_and_nothing_is_stored(tmp_path):
    store = tmp_path / "c.db"
    comply("check", "--as-of", "2017-07-01", store=store)  # the bundled data, once
    before = submissions(store)
    run = comply(*Q5, "--occurrence", "5", "--received", "2/4/18 09:00", store=store)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == (
        'error: --received: "2/4/18 09:00" is not a date this reads: two-digit year; '
        "write 2/4/2018 09:00 or 2018-04-02T09:00"
    )
    assert submissions(store) == before


def test_clock_change_as_of_times_are_refused_with_both_readings(tmp_path):
    gap = comply("check", "--as-of", "2017-03-26T01:30", store=tmp_path / "c.db")
    assert gap.returncode == 2 and "--as-of" in gap.stderr and "did not exist in London" in gap.stderr
    assert "2017-03-26T01:30+00:00 (02:30 BST) or 2017-03-26T01:30+01:00 (00:30 GMT)" in gap.stderr
    fold = comply("check", "--as-of", "2017-10-29T01:30", store=tmp_path / "c.db")
    assert fold.returncode == 2 and "happened twice in London" in fold.stderr
    assert "2017-10-29T01:30+01:00 (01:30 BST), the first" in fold.stderr
    assert comply("check", "--as-of", "2017-10-29T01:30+00:00", store=tmp_path / "c.db").returncode in (0, 1)


def test_received_between_takes_british_dates(tmp_path):
    store = tmp_path / "c.db"
    run = comply(*Q5, "--occurrence", "5", "--received-between", "1/6/2018 to 30/6/2018 09:00", store=store)
    assert run.returncode == 0, run.stderr
    with Store.open(store) as opened:
        q5 = next(s for s in opened.load("tower-hamlets").submissions if s.key == "q5")
    assert [calendar.iso(t) for t in q5.window()] == ["2018-06-01T00:00:00+01:00", "2018-06-30T09:00:00+01:00"]


def test_import_plan_reads_reported_on_day_first(tmp_path):
    store = tmp_path / "c.db"
    run = comply("import-plan", str(BUNDLED_PLAN), "--reported-on", "01/09/2017", store=store)
    assert run.returncode == 0, run.stderr
    assert "reported on 1 September 2017" in run.stdout
    bad = comply("import-plan", str(BUNDLED_PLAN), "--reported-on", "09/31/2017", store=store)
    assert bad.returncode == 2 and '--reported-on: "09/31/2017" is not a date this reads' in bad.stderr
