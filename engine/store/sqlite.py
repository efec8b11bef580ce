"""The state store: an embedded SQLite file holding the facts about each authority.

Why SQLite through the standard library: one file, created on first use, no server, and real
transactions, so that an import is all or nothing and a bad file never leaves the store
half-written. The schema is versioned with `PRAGMA user_version` and plain SQL migrations in
engine/store/migrations/, applied in order on open.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from engine.core import calendar
from engine.core.errors import InputError, StoreError
from engine.model import facts as F
from engine.model.state import LOADED_KINDS, AuthorityState

MIGRATIONS = sorted(
    (int(p.name.split("_")[0]), p.name)
    for p in resources.files("engine.store.migrations").iterdir()
    if p.name.endswith(".sql")
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _t(value) -> str:
    return calendar.iso(value)


class Store:
    """A SQLite file of facts. Open with `Store.open(path)`; created and migrated on first use."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> Store:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT below
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        store = cls(conn, path)
        store._migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------

    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store has schema version {current}, newer than this "
                f"comply understands ({SCHEMA_VERSION}); upgrade comply"
            )
        for number, name in MIGRATIONS:
            if number <= current:
                continue
            sql = resources.files("engine.store.migrations").joinpath(name).read_text(encoding="utf-8")
            try:  # one script in one transaction: a failed migration leaves the old schema
                self.conn.executescript(f"BEGIN;\n{sql}\n;PRAGMA user_version = {number};\nCOMMIT;")
            except Exception:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    # -- writing ------------------------------------------------------------------------------

    def authorities(self) -> list[str]:
        return [r["key"] for r in self.conn.execute("SELECT key FROM authorities ORDER BY key")]

    def is_empty(self) -> bool:
        return not self.authorities()

    def write(self, authority: str, items: Iterable[tuple[str, F.Fact]]) -> int:
        """Insert facts in one transaction: all are stored, or none (the error names the fact).

        `items` are (kind, fact) pairs, kind as in engine.model.facts.KINDS. The authority fact, if
        present, creates or updates the authority row.
        """
        count = 0
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for kind, fact in items:
                self._insert(authority, kind, fact)
                count += 1
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(_integrity_words(str(exc))) from None
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return count

    def _insert(self, a: str, kind: str, f: F.Fact) -> None:
        x = self.conn.execute
        src = (f.source, f.note)
        if isinstance(f, F.AuthorityFact):
            x(
                "INSERT INTO authorities VALUES (?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET name=excluded.name, "
                "absence_proves_breach=excluded.absence_proves_breach, source=excluded.source, note=excluded.note",
                (f.key, f.name, int(f.absence_proves_breach), *src),
            )
        elif isinstance(f, F.PoliticalGroup):
            x("INSERT INTO political_groups VALUES (?,?,?,?,?,?,?)", (a, f.key, f.name, _d(f.start), _d(f.until), *src))
        elif isinstance(f, F.Person):
            x("INSERT INTO people VALUES (?,?,?,?,?,?)", (a, f.key, f.name, f.group, *src))
        elif isinstance(f, F.RoleHeld):
            x(
                "INSERT INTO roles VALUES (?,?,?,?,?,?,?,?)",
                (a, f.person, f.role, _d(f.start), _d(f.until), _d(f.named_on), *src),
            )
        elif isinstance(f, F.Board):
            x("INSERT INTO boards VALUES (?,?,?,?,?)", (a, f.key, f.name, *src))
        elif isinstance(f, F.Membership):
            x(
                "INSERT INTO memberships VALUES (?,?,?,?,?,?,?,?,?)",
                (a, f.board, f.person, f.capacity, int(f.external), _d(f.start), _d(f.until), *src),
            )
        elif isinstance(f, F.Meeting):
            x(
                "INSERT INTO meetings (authority, key, board, starts_at, public, status, chair, items_known, source, "
                "note, time_known, attendance_known) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a,
                    f.key,
                    f.board,
                    _t(f.starts_at),
                    int(f.public),
                    f.status,
                    f.chair,
                    int(f.items_known),
                    *src,
                    int(f.time_known),
                    int(f.attendance_known),
                ),
            )
            for item in f.items:
                self._insert(a, "tabled", item.model_copy(update={"meeting": f.key, "source": item.source or f.source}))
            for att in f.attendance:
                self._insert(
                    a, "attendance", att.model_copy(update={"meeting": f.key, "source": att.source or f.source})
                )
        elif isinstance(f, F.Tabled):
            x("INSERT INTO tabled VALUES (?,?,?,?,?,?)", (a, f.meeting, f.item, f.presented_by, *src))
        elif isinstance(f, F.Attendance):
            x(
                "INSERT INTO attendance VALUES (?,?,?,?,?,?,?)",
                (a, f.meeting, f.person, f.status, f.substitute_for, *src),
            )
        elif isinstance(f, F.Submission):
            lo, hi = f.window()
            x(
                "INSERT INTO submissions VALUES (?,?,?,?,?,?,?,?,?,?)",
                (a, f.key, f.what, f.clause, f.occurrence, f.recipient, _t(lo), _t(hi), *src),
            )
        elif isinstance(f, F.Announcement):
            x(
                "INSERT INTO announcements VALUES (?,?,?,?,?,?,?,?,?,?)",
                (a, f.key, f.what, f.clause, f.occurrence, f.recipient, _d(f.announced_on), _d(f.planned_for), *src),
            )
        elif isinstance(f, F.Request):
            x("INSERT INTO requests VALUES (?,?,?,?,?,?,?)", (a, f.key, f.type, _t(f.made_at), f.made_by, *src))
        elif isinstance(f, F.Response):
            x("INSERT INTO responses VALUES (?,?,?,?,?)", (a, f.request, _t(f.responded_at), *src))
        elif isinstance(f, F.DirectionStatus):
            x("INSERT INTO direction_status VALUES (?,?,?,?,?,?)", (a, f.direction, f.status, _d(f.effective), *src))
        elif isinstance(f, F.Coverage):
            x("INSERT INTO coverage VALUES (?,?,?,?,?)", (a, f.subject, _d(f.complete_until), *src))
        else:  # pragma: no cover - KINDS and this list are kept together
            raise StoreError(f"cannot store a fact of kind {kind!r}")

    # -- reading ------------------------------------------------------------------------------

    def load(self, authority: str, kinds: Iterable[str] | None = None) -> AuthorityState:
        """Read every fact about an authority back as validated models.

        `kinds` (names of AuthorityState's lists: "submissions", "coverage"...) reads only those
        facts and leaves the other lists empty: for a re-check that needs only them.
        """
        return self.load_many([authority], kinds)[authority]

    def load_many(self, authorities: list[str], kinds: Iterable[str] | None = None) -> dict[str, AuthorityState]:
        """Read the facts of many authorities with one query per table (not one per authority per
        table): the national-scale run loads hundreds at a time. Same models and order as load()."""
        keys = list(dict.fromkeys(authorities))
        wanted = set(LOADED_KINDS if kinds is None else kinds)
        unknown = wanted - set(LOADED_KINDS)
        if unknown:
            raise InputError(f"load: unknown fact kinds {sorted(unknown)}; expected some of {', '.join(LOADED_KINDS)}")
        chosen = json.dumps(keys)

        def q(table: str, order: str) -> list[sqlite3.Row]:
            return self.conn.execute(
                f"SELECT * FROM {table} WHERE authority IN (SELECT value FROM json_each(?)) "
                f"ORDER BY authority, {order}",
                (chosen,),
            ).fetchall()

        states: dict[str, AuthorityState] = {}
        for row in self.conn.execute(
            "SELECT * FROM authorities WHERE key IN (SELECT value FROM json_each(?))", (chosen,)
        ):
            states[row["key"]] = AuthorityState(
                F.AuthorityFact(
                    key=row["key"],
                    name=row["name"],
                    absence_proves_breach=bool(row["absence_proves_breach"]),
                    source=row["source"],
                    note=row["note"],
                )
            )
        missing = [k for k in keys if k not in states]
        if missing:
            known = ", ".join(self.authorities()[:20]) or "none"
            raise StoreError(f"{self.path}: no authority {missing[0]!r} in the store (known: {known})")
        if "political_groups" in wanted:
            for r in q("political_groups", "key"):
                states[r["authority"]].political_groups.append(
                    F.PoliticalGroup(
                        key=r["key"],
                        name=r["name"],
                        start=r["start"],
                        until=r["until"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "people" in wanted:
            for r in q("people", "key"):
                states[r["authority"]].people.append(
                    F.Person(key=r["key"], name=r["name"], group=r["group"], source=r["source"], note=r["note"])
                )
        if "roles" in wanted:
            for r in q("roles", "rowid"):
                states[r["authority"]].roles.append(
                    F.RoleHeld(
                        person=r["person"],
                        role=r["role"],
                        start=r["start"],
                        until=r["until"],
                        named_on=r["named_on"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "boards" in wanted:
            for r in q("boards", "key"):
                states[r["authority"]].boards.append(
                    F.Board(key=r["key"], name=r["name"], source=r["source"], note=r["note"])
                )
        if "memberships" in wanted:
            for r in q("memberships", "rowid"):
                states[r["authority"]].memberships.append(
                    F.Membership(
                        board=r["board"],
                        person=r["person"],
                        capacity=r["capacity"],
                        external=bool(r["external"]),
                        start=r["start"],
                        until=r["until"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "meetings" in wanted:
            tabled: dict[tuple[str, str], list[F.Tabled]] = {}
            for r in q("tabled", "rowid"):
                tabled.setdefault((r["authority"], r["meeting"]), []).append(
                    F.Tabled(
                        meeting=r["meeting"],
                        item=r["item"],
                        presented_by=r["presented_by"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
            attendance: dict[tuple[str, str], list[F.Attendance]] = {}
            for r in q("attendance", "rowid"):
                attendance.setdefault((r["authority"], r["meeting"]), []).append(
                    F.Attendance(
                        meeting=r["meeting"],
                        person=r["person"],
                        status=r["status"],
                        substitute_for=r["substitute_for"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
            for r in q("meetings", "starts_at, key"):
                at = (r["authority"], r["key"])
                states[r["authority"]].meetings.append(
                    F.Meeting(
                        key=r["key"],
                        board=r["board"],
                        starts_at=r["starts_at"],
                        public=bool(r["public"]),
                        status=r["status"],
                        chair=r["chair"],
                        items_known=bool(r["items_known"]),
                        time_known=bool(r["time_known"]),
                        attendance_known=bool(r["attendance_known"]),
                        items=tabled.get(at, []),
                        attendance=attendance.get(at, []),
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "submissions" in wanted:
            for r in q("submissions", "received_earliest, key"):
                states[r["authority"]].submissions.append(
                    F.Submission(
                        key=r["key"],
                        what=r["what"],
                        clause=r["clause"],
                        occurrence=r["occurrence"],
                        recipient=r["recipient"],
                        received_between=(r["received_earliest"], r["received_latest"]),
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "announcements" in wanted:
            for r in q("announcements", "announced_on, key"):
                states[r["authority"]].announcements.append(
                    F.Announcement(
                        key=r["key"],
                        what=r["what"],
                        clause=r["clause"],
                        occurrence=r["occurrence"],
                        recipient=r["recipient"],
                        announced_on=r["announced_on"],
                        planned_for=r["planned_for"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "requests" in wanted:
            for r in q("requests", "made_at, key"):
                states[r["authority"]].requests.append(
                    F.Request(
                        key=r["key"],
                        type=r["type"],
                        made_at=r["made_at"],
                        made_by=r["made_by"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "responses" in wanted:
            for r in q("responses", "rowid"):
                states[r["authority"]].responses.append(
                    F.Response(request=r["request"], responded_at=r["responded_at"], source=r["source"], note=r["note"])
                )
        if "direction_status" in wanted:
            for r in q("direction_status", "effective"):
                states[r["authority"]].direction_status.append(
                    F.DirectionStatus(
                        direction=r["direction"],
                        status=r["status"],
                        effective=r["effective"],
                        source=r["source"],
                        note=r["note"],
                    )
                )
        if "coverage" in wanted:
            for r in q("coverage", "rowid"):
                states[r["authority"]].coverage.append(
                    F.Coverage(
                        subject=r["subject"], complete_until=r["complete_until"], source=r["source"], note=r["note"]
                    )
                )
        return {k: states[k] for k in keys}

    def counts(self) -> dict[str, int]:
        """Rows per table: used by tests to prove a failed import changed nothing."""
        tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: self.conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _integrity_words(message: str) -> str:
    if "UNIQUE" in message or "PRIMARY KEY" in message:
        return f"a fact with the same key is already stored ({message})"
    if "FOREIGN KEY" in message:
        return "the fact refers to a board, person, meeting or request that is not in the store"
    return message
