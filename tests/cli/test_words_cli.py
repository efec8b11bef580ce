"""One way of writing dates and references in every output a person reads: `check`, `due`, `explain`,
`plan` and `directions` say dates as engine/core/calendar.py `govuk_words` writes them (a meeting with no
recorded time by its day and "(time not recorded)"), never an ISO instant; `--format json` keeps ISO;
`explain` names an occurrence only for a clause that recurs; `directions` and `check` say when an
instrument with no end date is read as in force until revoked."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

from helpers import comply

from engine.cli.check import subject_words
from engine.model.findings import Finding

#: a finding's line: status, due date, reference
LINE = re.compile(r"^(breached|unknown|due soon|open|met late|met|upcoming|lapsed)\s{2,}(.+?)\s{2,}(\S+)")
#: an ISO 8601 date or instant as comply writes them (2017-07-01, 2017-07-01T00:00:00+01:00)
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2})?)?\b")


def test_due_check_and_explain_say_a_day_only_meeting_the_same_way_and_json_keeps_the_instant(tmp_path):
    """The CSIB meeting of 12 June 2017 has no recorded time: 'midnight at the start of 12 June 2017' in
    `check` and `due` (38 columns) and ISO in `explain`'s Due line before; now '12 June 2017 (time not
    recorded)' in all three, while the JSON's `due` is the start of that day as before."""
    store = tmp_path / "c.db"
    ref = "csib-tor.dcs-progress-report/csib-2017-06-12"
    due = comply("due", "--within", "90d", "--as-of", "2017-05-01", store=store)
    check = comply("check", "--as-of", "2017-07-01", store=store)
    explain = comply("explain", ref, "--as-of", "2017-07-01", store=store)
    for run in (due, check, explain):
        assert run.returncode in (0, 1), run.stderr
        assert "12 June 2017 (time not recorded)" in run.stdout
        assert "midnight at the start of 12 June 2017" not in run.stdout
    assert "Due: 12 June 2017 (time not recorded)" in explain.stdout
    doc = json.loads(comply("explain", ref, "--as-of", "2017-07-01", "--format", "json", store=store).stdout)
    assert doc["due"] == "2017-06-12T00:00:00+01:00" and doc["due_time_known"] is False


def test_the_due_heading_and_explain_give_dates_in_words_and_json_stays_iso(tmp_path):
    """`Due within 90 days of 2026-12-01T14:54:54+00:00` before; the as-of instant in words now, as
    `check`'s header says it. No ISO date is left in the human output of `due` or `explain`; the JSON
    keeps its ISO instants."""
    store = tmp_path / "c.db"
    due = comply("due", "--within", "90d", "--as-of", "2017-07-01", store=store)
    assert due.stdout.startswith("Due within 90 days of midnight at the start of 1 July 2017 (11)")
    dues = [m.group(2) for line in due.stdout.splitlines() if (m := LINE.match(line))]
    assert len(dues) == 11 and not any(ISO.search(d) for d in dues), dues  # references may hold a meeting's key
    explain = comply("explain", "bv-2017.quarterly-report/1", "--as-of", "2017-07-01", store=store)
    assert "Due: 10am on 30 June 2017\n" in explain.stdout
    doc = json.loads(comply("due", "--within", "90d", "--as-of", "2017-07-01", "--format", "json", store=store).stdout)
    assert doc["as_of"] == "2017-07-01T00:00:00+01:00" and all(ISO.fullmatch(f["due"]) for f in doc["findings"])


def test_directions_say_their_period_in_words_and_check_names_those_read_as_until_revoked(tmp_path):
    """'in force 2012-09-10 to until revoked' before; 'in force from 10 September 2012 until revoked' now,
    and `check` says under its counts which instruments it read as in force until revoked (no end date)."""
    store = tmp_path / "c.db"
    listed = comply("directions", store=store, init=False).stdout
    flat = " ".join(listed.split())
    assert "in force from 10 September 2012 until revoked" in flat
    assert "in force from 28 March 2017 to the end of 30 September 2018" in flat
    assert "to until revoked" not in flat and not ISO.search(flat)
    check = comply("check", "--as-of", "2017-07-01", store=store)
    assert "In force until revoked (no end date): access-to-information, csib-tor, dfe-2017." in " ".join(
        check.stdout.split()
    )
    assert "bv-2017" not in check.stdout.split("(no end date):", 1)[1].split(".", 1)[0]  # it has an end


def test_check_names_as_in_force_until_revoked_only_directions_in_force_on_the_day(tmp_path):
    """As of 1 January 2011 no direction binds the authority, and `check` says so; it named three as in force
    until revoked all the same. As of 1 January 2016 only the constitution (10 September 2012) is in force."""
    store = tmp_path / "c.db"
    before = " ".join(comply("check", "--as-of", "2011-01-01", store=store).stdout.split())
    assert "No direction binds tower-hamlets on 1 January 2011" in before
    assert "In force until revoked" not in before
    between = " ".join(comply("check", "--as-of", "2016-01-01", store=store).stdout.split())
    assert "In force until revoked (no end date): access-to-information." in between


def _finding(subject: str, occurrence: int | None) -> Finding:
    return Finding.model_validate(
        {
            "id": "tower-hamlets/x.report/1",
            "authority": "tower-hamlets",
            "direction": "x",
            "clause": "x.report",
            "clause_title": "A report",
            "subject": subject,
            "duty_holder": {"kind": "council", "name": "A council"},
            "recipient": None,
            "due": "2017-06-30T23:59:59+01:00",
            "status": "upcoming",
            "evidence": [],
            "explanation": {
                "clause_text": "",
                "source": "",
                "due_computation": [],
                "readings": [],
                "expected": "",
                "facts": [],
                "reason": "",
            },
            "occurrence": occurrence,
        }
    )


def _instrument(occurrences: int | None) -> SimpleNamespace:
    rule = SimpleNamespace(occurrences=lambda direction, clause: occurrences)
    clause = SimpleNamespace(rule=rule)
    return SimpleNamespace(clauses=[clause], clause_id=lambda c: "x.report")


def test_explain_names_the_occurrence_only_for_a_clause_that_recurs():
    """'(occurrence 1)' after the title of a clause that happens once said nothing the title does not;
    a clause with more occurrences (or running until revoked: None) keeps it, other subjects are kept."""
    assert subject_words(_finding("occurrence 1", 1), _instrument(1)) == ""
    assert subject_words(_finding("occurrence 1", 1), _instrument(4)) == "occurrence 1"
    assert subject_words(_finding("occurrence 2", 2), _instrument(None)) == "occurrence 2"
    assert subject_words(_finding("meeting of 12 June 2017", None), _instrument(1)) == "meeting of 12 June 2017"
    assert subject_words(_finding("occurrence 1", 1), None) == "occurrence 1"
