"""Decisions (engine.model.facts.Decision) are stored as every fact is: validated with file, line and
field, cross-referenced (the person who decided, the meeting), one stable id per decision, and an
unchanged re-import stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, store_from

from engine.core import calendar, ids
from engine.core.yamlfile import FileError
from engine.store.importer import import_file

IMD = """\
authority: tower-hamlets
decisions:
  - key: imd-15-2017
    reference: Decision Log No. 15
    what: Establishment of the Best Value Improvement Board and the Children's Services Improvement Board
    decided_at: 2017-04-27
    decided_by: mayor
    decider: john-biggs
    function: governance
    key_decision: false
    source: 000_3972a279b67b771e.txt
  - key: cab-2018-12-19-6.1
    what: Children's Services Improvement Programme, Quarterly Progress Report
    decided_at: 19/12/2018 17:30
    decided_by: cabinet
    key_decision: false
    notice: individual_notice
    notice_published: 21/11/2018
    agreed_by: commissioner
    agreed_at: 18/12/2018 12:00
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_decisions_are_stored_read_back_and_named_by_their_reference(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        path = write(tmp_path, "decisions.yaml", IMD)
        assert import_file(store, path, DIRECTIONS).stored == 2
        decisions = {d.key: d for d in store.load("tower-hamlets").decisions}
        imd = decisions["imd-15-2017"]
        assert (imd.decided_by, imd.decider, imd.function, imd.key_decision) == (
            "mayor",
            "john-biggs",
            "governance",
            False,
        )
        assert calendar.iso(imd.decided_at) == "2017-04-27T00:00:00+01:00"
        cabinet = decisions["cab-2018-12-19-6.1"]
        assert calendar.iso(cabinet.decided_at) == "2018-12-19T17:30:00+00:00"  # day first, GMT in December
        assert calendar.iso(cabinet.notice_published) == "2018-11-21T00:00:00+00:00"
        assert cabinet.function is None and cabinet.procedure == "ordinary"
        assert ids.fact_id("decisions", {"key": "imd-15-2017"}) == "decision:imd-15-2017"
        assert import_file(store, path, DIRECTIONS).stored == 0  # unchanged: nothing new


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        ("{key: d1, what: x, decided_at: 2018-01-01, decider: nobody}", "decider", "no person 'nobody'"),
        ("{key: d1, what: x, decided_at: 2018-01-01, meeting: no-such-meeting}", "meeting", "no meeting"),
        ("{key: d1, what: x, decided_at: 2018-01-01, agreed_at: 2018-01-01}", "decisions[0]", "agreed_by"),
        ("{key: d1, what: x, decided_at: 2018-01-01, procedure: urgent}", "procedure", "urgency"),
        ("{key: d1, what: x, decided_at: 2018-01-01, private_notice_published: 2017-12-01}", "", "private: true"),
        ("{key: d1, what: x}", "decided_at", "required"),
    ],
)
def test_a_bad_decision_names_the_line_and_field_and_stores_nothing(tmp_path, row, field, expected):
    with store_from(bundled(), tmp_path) as store:
        path = write(tmp_path, "bad.yaml", f"authority: tower-hamlets\ndecisions:\n  - {row}\n")
        with pytest.raises(FileError) as err:
            import_file(store, path, DIRECTIONS)
        message = str(err.value)
        assert "bad.yaml" in message and "line 3" in message and field in message and expected in message
        assert all(d.key != "d1" for d in store.load("tower-hamlets").decisions)


def test_a_decision_in_a_csv_row(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        path = write(
            tmp_path,
            "d.csv",
            "kind,key,what,decided_at,decided_by,function,agreed_by,agreed_at\n"
            "decisions,cd-1,Grant to a community group,02/04/2018 10:00,mayor,grant-making,,\n",
        )
        assert import_file(store, path, DIRECTIONS).stored == 1
        (decision,) = [d for d in store.load("tower-hamlets").decisions if d.key == "cd-1"]
        assert (decision.function, decision.agreed_by) == ("grant-making", None)
        assert calendar.iso(decision.decided_at) == "2018-04-02T10:00:00+01:00"
