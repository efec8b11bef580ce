"""The SQLite store and `comply import`: versioned schema, all-or-nothing imports, clear errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, store_from

from engine.core.yamlfile import FileError
from engine.store.importer import import_file
from engine.store.sqlite import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, Written


def test_the_store_is_created_on_first_use_with_the_current_schema(tmp_path):
    path = tmp_path / "deep" / "comply.db"
    with Store.open(path) as store:
        assert store.version() == SCHEMA_VERSION == max(n for n, _ in MIGRATIONS) >= 3  # 0003: desk users
        assert store.is_empty()
    with Store.open(path) as store:  # reopening applies nothing twice
        assert store.version() == SCHEMA_VERSION


def test_a_store_from_a_newer_comply_is_refused(tmp_path):
    path = tmp_path / "c.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this comply understands"):
        Store.open(path)


def test_the_bundled_data_round_trips_through_the_store(tmp_path):
    data = bundled()
    with store_from(data, tmp_path) as store:
        state = store.load("tower-hamlets")
    assert state.authority.absence_proves_breach is False
    assert len(state.meetings) == len(data["meetings"])
    assert len(state.memberships) == len(data["memberships"])
    q1 = next(s for s in state.submissions if s.occurrence == 1)
    lo, hi = q1.window()
    assert lo.isoformat() == "2017-06-14T18:05:00+01:00" and hi.isoformat() == "2017-06-30T23:59:59+01:00"
    assert all(m.source for m in state.meetings)
    assert not next(m for m in state.meetings if m.key == "csib-2017-06-12").time_known


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_bad_yaml_row_names_the_file_line_and_field_and_stores_nothing(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        path = write(
            tmp_path,
            "more.yaml",
            """\
authority: tower-hamlets
submissions:
  - key: q3
    what: Q3 report
    clause: bv-2017.quarterly-report
    occurrence: 3
    received: 2018-01-03T09:00
  - key: q4
    what: Q4 report
    clause: bv-2017.quarterly-report
    occurrence: 4
    received: sometime in spring
""",
        )
        with pytest.raises(FileError) as err:
            import_file(store, path, DIRECTIONS)
        message = str(err.value)
        assert "more.yaml" in message and "line 12" in message and "submissions[1].received" in message
        assert "nothing was imported" in message
        assert store.counts() == before


def test_references_to_unknown_boards_people_and_clauses_are_refused_with_the_row(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        path = write(
            tmp_path,
            "refs.yaml",
            """\
authority: tower-hamlets
memberships:
  - {board: no-such-board, person: john-biggs, capacity: mayor, from: 2017-06-14}
submissions:
  - {key: x1, what: a report, clause: bv-2017.no-such-clause, received: 2017-07-01}
  - {key: x2, what: a report, clause: bv-2017.quarterly-report, received: 2017-07-01}
""",
        )
        with pytest.raises(FileError) as err:
            import_file(store, path, DIRECTIONS)
        message = str(err.value)
        assert "line 3, memberships[0], board: no board 'no-such-board'" in message
        assert "line 5, submissions[0], clause: no clause 'bv-2017.no-such-clause'" in message
        assert "line 6, submissions[1], occurrence" in message  # a recurring clause needs the occurrence
        assert store.counts() == before


def test_a_changed_fact_under_a_stored_key_is_refused_naming_the_correction_and_nothing_is_stored(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        path = write(
            tmp_path,
            "dup.yaml",
            """\
authority: tower-hamlets
boards:
  - {key: new-board, name: A new board}
meetings:
  - {key: bvib-2017-06-14, board: bvib, starts_at: 2017-06-14T18:30}
""",
        )
        with pytest.raises(FileError) as refused:
            import_file(store, path, DIRECTIONS)
        # the fact, the field that differs (stored value, given value) and the command that changes it
        message = str(refused.value)
        assert (
            "meeting:bvib-2017-06-14: already stored with starts_at '2017-06-14T18:05:00+01:00', this gives " in message
        )
        assert (
            "comply correct meeting:bvib-2017-06-14 --set 'starts_at=2017-06-14T18:30:00+01:00' --reason TEXT"
            in message
        )
        assert "nothing was stored" in message and "sqlite" not in message.lower()
        assert store.counts() == before


def test_a_csv_file_imports_in_one_transaction(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        path = write(
            tmp_path,
            "facts.csv",
            """\
kind,key,board,starts_at,public,what,clause,occurrence,received,received_between,meeting,item,presented_by
meetings,csib-2017-07-20,csib,2017-07-20T16:00,false,,,,,,,,
tabled,,,,,,,,,,csib-2017-07-20,dcs-progress-report,director-of-childrens-services
submissions,q3,,,,Q3 report,bv-2017.quarterly-report,3,,2018-01-02|2018-01-03T12:00,,,
""",
        )
        assert import_file(store, path, DIRECTIONS) == Written(stored=3, unchanged=0)
        assert store.counts()["fact_versions"] == before["fact_versions"] + 3
        state = store.load("tower-hamlets")
        meeting = next(m for m in state.meetings if m.key == "csib-2017-07-20")
        assert [(i.meeting, i.item) for i in meeting.items] == [("csib-2017-07-20", "dcs-progress-report")]
        q3 = next(s for s in state.submissions if s.key == "q3")
        assert q3.window()[1].isoformat() == "2018-01-03T12:00:00+00:00"


def test_a_csv_row_with_an_unknown_kind_or_column_names_the_row(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        path = write(tmp_path, "bad.csv", "kind,key,name,colour\nboards,b1,A board,red\nwidgets,w1,x,\n")
        with pytest.raises(FileError) as err:
            import_file(store, path, DIRECTIONS)
        assert "row 2, colour: unknown column" in str(err.value)
        assert "row 3, kind: expected one of" in str(err.value)
        assert store.counts() == before


def test_not_yaml_at_all_names_the_line(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        path = write(tmp_path, "broken.yaml", "authority: tower-hamlets\nmeetings:\n  - key: [unclosed\n")
        with pytest.raises(FileError, match=r"broken.yaml, line \d+, column \d+: not valid YAML"):
            import_file(store, path, DIRECTIONS)


def test_a_new_authority_needs_its_name(tmp_path):
    with Store.open(tmp_path / "c.db") as store:
        path = write(tmp_path, "new.yaml", "authority: somewhere\nboards:\n  - {key: b, name: B}\n")
        with pytest.raises(FileError, match="give `authority: {key, name}` to create it"):
            import_file(store, path, DIRECTIONS)
        assert store.is_empty()


def test_a_version_1_store_is_migrated_in_place_and_keeps_its_facts(tmp_path):
    """A store written by schema version 1 (before meetings had `time_known`) opens, migrates,
    and keeps every meeting, read as having a known time."""
    from importlib import resources

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(resources.files("engine.store.migrations").joinpath("0001_initial.sql").read_text())
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO authorities VALUES ('a', 'An authority', 1, NULL, NULL)")
    conn.execute("INSERT INTO boards VALUES ('a', 'b', 'A board', NULL, NULL)")
    conn.execute(
        "INSERT INTO meetings VALUES ('a', 'm1', 'b', '2017-06-12T18:00:00+01:00', 0, 'held', NULL, 1, NULL, NULL)"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.version() == SCHEMA_VERSION  # every later migration applied in order
        meetings = store.load("a").meetings
    assert [m.key for m in meetings] == ["m1"] and meetings[0].time_known
