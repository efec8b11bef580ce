"""Schema version 7 (the current store's way of holding new facts, kept apart so that a generic store can
replace it): announced submissions and whether a meeting's attendance is known."""

from __future__ import annotations

import sqlite3
from importlib import resources

from engine.model import facts as F
from engine.store.sqlite import MIGRATIONS, SCHEMA_VERSION, Store


def test_a_version_6_store_is_migrated_and_its_meetings_read_as_having_known_attendance(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number, name in MIGRATIONS:
        if number <= 6:
            conn.executescript(resources.files("engine.store.migrations").joinpath(name).read_text())
    conn.execute("PRAGMA user_version = 6")
    conn.execute("INSERT INTO authorities VALUES ('a', 'An authority', 1, NULL, NULL)")
    conn.execute("INSERT INTO boards VALUES ('a', 'b', 'A board', NULL, NULL)")
    conn.execute(
        "INSERT INTO meetings (authority, key, board, starts_at) VALUES ('a', 'm1', 'b', '2017-06-12T18:00:00+01:00')"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.version() == SCHEMA_VERSION >= 7
        (meeting,) = store.load("a").meetings
        assert meeting.attendance_known is True
        store.write(
            "a",
            [
                ("meetings", F.Meeting(key="m2", board="b", starts_at="2017-09-11T18:00", attendance_known=False)),
                ("announcements", F.Announcement(key="q2", what="Q2", clause="x.y", occurrence=2,
                                                 announced_on="2017-09-11", planned_for="2017-09-29", source="paper")),
            ],
        )  # fmt: skip
        state = store.load("a")
    assert [m.attendance_known for m in state.meetings] == [True, False]
    (a,) = state.announcements
    assert (a.key, a.clause, a.occurrence, str(a.planned_for), a.source) == ("q2", "x.y", 2, "2017-09-29", "paper")
