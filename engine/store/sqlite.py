"""The state store: an embedded SQLite file holding the facts about each authority, with their history.

Why SQLite through the standard library: one file, created on first use, no server, and real
transactions, so that an import is all or nothing and a bad file never leaves the store
half-written. The schema is versioned with `PRAGMA user_version` and plain SQL migrations in
engine/store/migrations/, applied in order on open.

Why one table of versions (`fact_versions`, migration 0007) rather than a table per kind: a
compliance answer must be reproducible, so a fact is never overwritten or deleted; a correction
or a withdrawal is a new version, with when it was recorded, by whom and why, and a load can ask
for the record as it stood at any instant (`known_at`). One generic table holds every kind in
engine.model.facts.KINDS and every field of its model as JSON, validated back into the same
pydantic models on load: a new kind or a new field needs no schema change and no code here. The
only redaction is lawful erasure of personal data (engine/store/history.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pendulum import DateTime
from pydantic import ValidationError

from engine.core import calendar, clock, ids
from engine.core.errors import InputError, StoreError, unknown
from engine.model import facts as F
from engine.model.state import LOADED_KINDS, AuthorityState
from engine.store.failures import DEFAULT_BUSY_TIMEOUT, store_failure

MIGRATIONS = sorted(
    (int(p.name.split("_")[0]), p.name)
    for p in resources.files("engine.store.migrations").iterdir()
    if p.name.endswith(".sql")
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def sql_statements(script: str) -> list[str]:
    """The statements of a SQL script, each whole, as SQLite itself reads where one ends
    (sqlite3.complete_statement: a `;` inside a comment, a string or a trigger's BEGIN ... END does not
    end one); what is left after the last holds no statement. For running a migration statement by
    statement inside a transaction of our own (executescript commits any open transaction first)."""
    statements, buffer = [], ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if _code(buffer):
                statements.append(buffer)
            buffer = ""
    return statements


def _code(statement: str) -> bool:
    """Whether a complete statement holds more than comments, blank space and its `;`."""
    lines = [line.split("--", 1)[0] for line in statement.splitlines()]
    return bool("".join(lines).strip().strip(";").strip())


#: What a redacted field reads as (engine/store/history.py): this text where the field is text,
#: else no value where the field may be empty.
REDACTED = "[redacted]"

#: Kinds whose facts are stored on their own but loaded into a list of another kind's fact:
#: kind -> (the parent kind, the parent's field naming it, the parent's list). A meeting's own
#: items and attendance are part of the meeting fact.
CHILDREN: dict[str, tuple[str, str, str]] = {
    "tabled": ("meetings", "meeting", "items"),
    "attendance": ("meetings", "meeting", "attendance"),
}


def _first_received(b: dict[str, Any]) -> str:
    return b.get("received") or (b.get("received_between") or [""])[0]


#: one version into fact_versions: (authority, kind, fact_id, version, recorded_at, recorded_by, operation, reason,
#: body as canonical JSON)
_INSERT_VERSION = (
    "INSERT INTO fact_versions (authority, kind, fact_id, version, recorded_at, recorded_by, operation, reason, body) "
    "VALUES (?,?,?,?,?,?,?,?,?)"
)

#: the key under which a stored body carries its fact id while it is read (never a field of a fact)
_FID = "\x00fact_id"

#: The order of each list of AuthorityState, as the store gave it before history was kept (a sort
#: key on the stored fields); kinds not named here keep the order they were first recorded in.
ORDER: dict[str, Callable[[dict[str, Any]], Any]] = {
    "political_groups": lambda b: b["key"],
    "people": lambda b: b["key"],
    "boards": lambda b: b["key"],
    "meetings": lambda b: (b["starts_at"], b["key"]),
    "submissions": lambda b: (_first_received(b), b["key"]),
    "requests": lambda b: (b["made_at"], b["key"]),
    "decisions": lambda b: (b["decided_at"], b["key"]),
    "adoptions": lambda b: (b["adopted_at"], b["key"]),
    "approvals": lambda b: (b["approved_at"], b["key"]),
    "interests": lambda b: (b["disclosed_at"], b["key"]),
    "direction_status": lambda b: b["effective"],
}

#: The recorded_at of facts migrated from a store written before history was kept: known since
#: the beginning (their recorded_by says so).
BEFORE_HISTORY = "0001-01-01T00:00:00.000000+00:00"


def _plain(value: Any) -> Any:
    """A model's dumped value as JSON-able data: instants as ISO 8601 with the London offset (to the
    second, as calendar.iso), dates as ISO dates, tuples as lists."""
    if isinstance(value, dt.datetime):
        return calendar.iso(value if isinstance(value, DateTime) else calendar.parse_instant(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def body_of(fact: F.Fact) -> dict[str, Any]:
    """The stored form of a fact: every field of its model by field name (not alias), as JSON-able data."""
    return _plain(fact.model_dump(mode="python", by_alias=False))


def canonical(body: dict[str, Any]) -> str:
    """One text for one content: the JSON of a body with sorted keys (for comparing versions)."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normalised(kind: str, fact: F.Fact) -> F.Fact:
    """A fact as stored: a meeting's own items and attendance name the meeting and, without a
    source of their own, carry the meeting's."""
    if isinstance(fact, F.Meeting):
        return fact.model_copy(
            update={
                "items": [
                    i.model_copy(update={"meeting": fact.key, "source": i.source or fact.source}) for i in fact.items
                ],
                "attendance": [
                    a.model_copy(update={"meeting": fact.key, "source": a.source or fact.source})
                    for a in fact.attendance
                ],
            }
        )
    return fact


def instant_text(instant: DateTime) -> str:
    """How the store writes a recorded_at or known_at instant: UTC, to the microsecond, fixed width
    (so that text order is time order)."""
    return instant.in_timezone("UTC").isoformat(timespec="microseconds")


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The fields whose values differ between two bodies of a fact: in the order of `new` (the
    model's), with `source` and `note` (words about the fact) after the fact's own fields."""
    changed = [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)]
    return sorted(changed, key=lambda k: k in ("source", "note"))


@dataclass(frozen=True)
class Written:
    """What a write did: versions stored (new facts and changes), facts already stored unchanged."""

    stored: int
    unchanged: int


@dataclass(frozen=True)
class Version:
    """One stored version of a fact, as read back (`Store.versions`)."""

    authority: str
    kind: str
    fact_id: str
    version: int
    recorded_at: str
    recorded_by: str
    operation: str
    reason: str | None
    body: dict[str, Any]


class _Stored:
    """One stored version as a write reads it in bulk (Store._history_of): its kind, number, operation and
    body as stored (canonical JSON text), decoded once, when a field must be compared."""

    __slots__ = ("kind", "version", "operation", "text", "recorded_at", "reason", "_body")

    def __init__(self, kind: str, version: int, operation: str, text: str, recorded_at: str, reason: str | None):
        self.kind, self.version, self.operation, self.text = kind, version, operation, text
        self.recorded_at, self.reason = recorded_at, reason
        self._body: dict[str, Any] | None = None

    @property
    def body(self) -> dict[str, Any]:
        if self._body is None:
            self._body = json.loads(self.text)
        return self._body


class Store:
    """A SQLite file of facts. Open with `Store.open(path)`; created and migrated on first use."""

    def __init__(self, conn: sqlite3.Connection, path: Path, busy_timeout: float = DEFAULT_BUSY_TIMEOUT):
        self.conn = conn
        self.path = path
        self.busy_timeout = busy_timeout

    @classmethod
    def open(cls, path: Path | str, busy_timeout: float | None = None) -> Store:
        """The store at `path`, created (with its folder) when missing and migrated to this release.
        `busy_timeout`: seconds to wait for another process's lock (default DEFAULT_BUSY_TIMEOUT).
        Raises StoreError saying what is wrong (store_failure) when the file cannot be opened or
        migrated: not SQLite, damaged, read-only, disk full, locked."""
        path = Path(path)
        wait = DEFAULT_BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=wait)  # explicit BEGIN/COMMIT below
        except (OSError, sqlite3.Error) as exc:
            raise store_failure(path, exc, wait, "it cannot be opened as a store") from None
        conn.row_factory = sqlite3.Row
        store = cls(conn, path, wait)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            store._migrate()
        except sqlite3.Error as exc:
            conn.close()
            raise store_failure(path, exc, wait, "it cannot be opened as a store") from None
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self, doing: str = "nothing was changed") -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), all or nothing: on any error it is
        rolled back, if SQLite has not already done so (on a full disk it has, and a second
        ROLLBACK would hide "database or disk is full" behind "no transaction is active"). A
        failure of the store itself (read-only, disk full, locked longer than busy_timeout,
        damaged) is raised as the StoreFailure of store_failure; `doing` is said after it (what was
        not done). Yields the connection."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise store_failure(self.path, exc, self.busy_timeout, doing) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:  # the first error is the one to report
                    pass
            if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
                raise store_failure(self.path, exc, self.busy_timeout, doing) from None
            raise

    # -- schema -------------------------------------------------------------------------------

    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the store's schema to SCHEMA_VERSION: every migration not yet applied, in one write
        transaction (BEGIN IMMEDIATE), all or nothing. The version is read again once the write lock is
        held, so that two processes opening an older store at once (the benchmark's batches, the nightly
        run's workers) do not both migrate it: the second waits for the first's lock, then finds the work
        done. Before, each read the version first, and the second failed on the first's ALTER TABLE
        ("duplicate column name: finding_format"). Raises StoreError for a store newer than this release."""
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store has schema version {current}, newer than this "
                f"comply understands ({SCHEMA_VERSION}); upgrade comply"
            )
        if current == SCHEMA_VERSION:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            current = self.version()
            for number, name in MIGRATIONS:
                if number <= current:
                    continue
                sql = resources.files("engine.store.migrations").joinpath(name).read_text(encoding="utf-8")
                for statement in sql_statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:  # the first error is the one to report
                    pass
            raise

    # -- writing ------------------------------------------------------------------------------

    def authorities(self, known_at: DateTime | None = None) -> list[str]:
        """The keys of the authorities in the store, sorted; with `known_at`, those whose authority
        fact had been recorded by then."""
        if known_at is None:
            return [r["key"] for r in self.conn.execute("SELECT key FROM authorities ORDER BY key")]
        rows = self.conn.execute(
            "SELECT key FROM authorities a WHERE EXISTS (SELECT 1 FROM fact_versions v WHERE v.authority = a.key "
            "AND v.kind = 'authority' AND v.recorded_at <= ?) ORDER BY key",
            (instant_text(known_at),),
        )
        return [r["key"] for r in rows]

    def is_empty(self) -> bool:
        return not self.authorities()

    def write(
        self,
        authority: str,
        items: Iterable[tuple[str, F.Fact]],
        recorded_by: str,
        source_of_record: bool = False,
    ) -> Written:
        """Record facts in one transaction: all are stored, or none (the error names the fact).

        `items` are (kind, fact) pairs, kind as in engine.model.facts.KINDS; the authority fact, if
        present, registers the authority. Each fact is named by its id (engine.core.ids.fact_id): a
        fact not yet stored is a new version 1 ("assert"); one stored with the same content as its
        latest version, or as an earlier one (since corrected or withdrawn), is left alone (counted
        as unchanged; fields since redacted are not compared); one stored with other content is
        refused (StoreError naming the fact, the field and `comply correct`), unless
        `source_of_record` (the writer is the source of record for these facts, as a
        committee-system sync is), when the change is a new version ("correct"), a withdrawn fact
        asserted again included. `recorded_by` says who or what recorded them (a desk user, an
        import file and its SHA-256, a command). Returns what was stored and what was unchanged.
        """
        now = instant_text(clock.now())
        try:
            with self.transaction("nothing was stored"):
                stored, unchanged = self._write(authority, items, recorded_by, source_of_record, now)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"the store refused the facts ({exc}); nothing was stored") from None
        return Written(stored, unchanged)

    def write_in_transaction(
        self, authority: str, items: Iterable[tuple[str, F.Fact]], recorded_by: str, source_of_record: bool = False
    ) -> Written:
        """write() inside the caller's Store.transaction(), for a writer that stores more than facts in the same
        transaction (a committee-system sync records its own run beside them: engine/store/syncs.py). Raises
        StoreError as write() does; the caller's transaction then rolls back."""
        try:
            stored, unchanged = self._write(authority, items, recorded_by, source_of_record, instant_text(clock.now()))
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"the store refused the facts ({exc}); nothing was stored") from None
        return Written(stored, unchanged)

    def _write(
        self, authority: str, items: Iterable[tuple[str, F.Fact]], recorded_by: str, source_of_record: bool, now: str
    ) -> tuple[int, int]:
        """The body of write(), inside its transaction: (stored, unchanged). In bulk: what is stored already
        (every version of the authority's facts, their redactions) is read in two queries before the first
        fact, each fact is encoded to JSON once (its canonical text, compared with the stored text before
        any field is), and the new versions are inserted with one executemany at the end, in the order given
        (so rowid order, which load() keeps, is as one insert a fact would give)."""
        stored = unchanged = 0
        history = self._history_of(authority)  # one query: every version, by fact id, oldest first
        redactions = self._redactions_of(authority)  # one query: the redacted fields, by fact id
        registered = self._registered(authority)
        rows: list[tuple[Any, ...]] = []
        for kind, fact in items:
            if kind not in F.KINDS:
                raise StoreError(f"cannot store a fact of kind {kind!r}; expected one of {', '.join(F.KINDS)}")
            body = body_of(normalised(kind, fact))
            if kind == "authority":
                if body["key"] != authority:
                    raise StoreError(f"the authority fact {body['key']!r} is not the authority {authority!r}")
                self.conn.execute("INSERT OR IGNORE INTO authorities (key) VALUES (?)", (authority,))
                registered = True
            elif not registered:
                raise StoreError(f"no authority {authority!r} in the store; give its authority fact first")
            fid = ids.fact_id(kind, body)
            text = canonical(body)
            versions = history.get(fid)
            if not versions:
                rows.append((authority, kind, fid, 1, now, recorded_by, "assert", None, text))
                history[fid] = [_Stored(kind, 1, "assert", text, now, None)]
                stored += 1
                continue
            latest = versions[-1]
            if latest.kind != kind:
                raise StoreError(f"{fid}: already stored as a fact of kind {latest.kind!r}, not {kind!r}")
            if text == latest.text and latest.operation != "withdraw":  # the common case, without decoding
                unchanged += 1
                continue
            redacted = redactions.get(fid, set())
            changed = [f for f in differences(latest.body, body) if f not in redacted]
            if not changed and latest.operation != "withdraw":
                unchanged += 1
                continue
            if not source_of_record:
                if any(not (set(differences(v.body, body)) - redacted) for v in versions):
                    unchanged += 1  # what was recorded before a correction or withdrawal: not news
                    continue
                raise StoreError(_refusal(fid, latest, body, changed))
            kept = {**body, **{f: latest.body.get(f) for f in redacted}}
            kept_text = canonical(kept) if redacted else text
            why = f"changed by its source of record ({recorded_by})"
            number = latest.version + 1
            rows.append((authority, kind, fid, number, now, recorded_by, "correct", why, kept_text))
            versions.append(_Stored(kind, number, "correct", kept_text, now, why))
            stored += 1
        self.conn.executemany(_INSERT_VERSION, rows)
        return stored, unchanged

    def _history_of(self, authority: str) -> dict[str, list[_Stored]]:
        """Every version of every fact of an authority, by fact id, oldest first, with its body as stored
        (JSON text, decoded only when asked for): one query."""
        history: dict[str, list[_Stored]] = {}
        for row in self.conn.execute(
            "SELECT fact_id, kind, version, operation, body, recorded_at, reason FROM fact_versions WHERE authority=? "
            "ORDER BY fact_id, version",
            (authority,),
        ):
            history.setdefault(row[0], []).append(_Stored(*row[1:]))
        return history

    def _redactions_of(self, authority: str) -> dict[str, set[str]]:
        """The redacted fields of every fact of an authority, by fact id: one query."""
        found: dict[str, set[str]] = {}
        for row in self.conn.execute("SELECT fact_id, field FROM fact_redactions WHERE authority=?", (authority,)):
            found.setdefault(row[0], set()).add(row[1])
        return found

    def stored_keys(self, authority: str, kinds: Iterable[str]) -> dict[str, set[str]]:
        """The `key` of every fact of each of `kinds` that stands now (its latest version not a withdrawal), by
        kind, in one query, without decoding or validating the facts: what an import's references are checked
        against (engine/store/importer.py). A kind with no facts (or no `key` field) maps to an empty set."""
        wanted = list(kinds)
        found: dict[str, set[str]] = {k: set() for k in wanted}
        rows = self.conn.execute(
            "SELECT kind, json_extract(body, '$.key') FROM fact_versions v WHERE authority=? "
            "AND kind IN (SELECT value FROM json_each(?)) AND operation != 'withdraw' "
            "AND version = (SELECT MAX(version) FROM fact_versions w WHERE w.authority=v.authority "
            "AND w.fact_id=v.fact_id)",
            (authority, json.dumps(wanted)),
        )
        for kind, key in rows:
            if key is not None:
                found[kind].add(key)
        return found

    def facts_generation(self, authority: str) -> tuple[int, int, int, int]:
        """Which record of an authority's facts the store holds now, as a value that changes with every write:
        (how many fact versions, the last one's rowid, how many redactions, the last one's rowid). Fact versions
        and redactions are only ever added (a correction or withdrawal is a new version; a redaction rewrites
        bodies and adds a `fact_redactions` row, in one transaction), so an equal value means the same facts as
        `load` would read them, whoever wrote since (a desk, `comply record`, an import, a sync, another
        process). Two indexed queries, no fact decoded: what the desk keys what it keeps between requests on
        (engine/operations/desk_cache.py). An authority the store does not hold gives (0, 0, 0, 0)."""
        versions = self.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM fact_versions WHERE authority=?", (authority,)
        ).fetchone()
        redactions = self.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM fact_redactions WHERE authority=?", (authority,)
        ).fetchone()
        return (versions[0], versions[1], redactions[0], redactions[1])

    def _registered(self, authority: str) -> bool:
        return self.conn.execute("SELECT 1 FROM authorities WHERE key=?", (authority,)).fetchone() is not None

    def _insert(
        self,
        authority: str,
        kind: str,
        fid: str,
        version: int,
        recorded_at: str,
        recorded_by: str,
        operation: str,
        reason: str | None,
        body: dict[str, Any],
    ) -> None:
        self.conn.execute(
            _INSERT_VERSION,
            (authority, kind, fid, version, recorded_at, recorded_by, operation, reason, canonical(body)),
        )

    def add_version(
        self, authority: str, kind: str, fid: str, operation: str, body: dict[str, Any], recorded_by: str, reason: str
    ) -> Version:
        """Append a version (operation "correct" or "withdraw") to a stored fact, inside the caller's
        transaction; engine/store/history.py validates it first. Returns the new version."""
        latest = self._latest(authority, fid)
        number = (latest.version if latest else 0) + 1
        now = instant_text(clock.now())
        self._insert(authority, kind, fid, number, now, recorded_by, operation, reason, body)
        return Version(authority, kind, fid, number, now, recorded_by, operation, reason, body)

    def _latest(self, authority: str, fid: str) -> Version | None:
        row = self.conn.execute(
            "SELECT * FROM fact_versions WHERE authority=? AND fact_id=? ORDER BY version DESC LIMIT 1",
            (authority, fid),
        ).fetchone()
        return _version(row) if row else None

    # -- history ------------------------------------------------------------------------------

    def versions(self, authority: str, fid: str) -> list[Version]:
        """Every version of a fact, oldest first (empty when there is no such fact)."""
        rows = self.conn.execute(
            "SELECT * FROM fact_versions WHERE authority=? AND fact_id=? ORDER BY version", (authority, fid)
        )
        return [_version(r) for r in rows]

    def fact_ids(self, authority: str, prefix: str) -> list[str]:
        """The ids of the stored facts of an authority that start with `prefix` (for a cited id that
        names several stored facts, such as a role held in two periods)."""
        rows = self.conn.execute(
            "SELECT DISTINCT fact_id FROM fact_versions WHERE authority=? AND substr(fact_id, 1, ?) = ? "
            "ORDER BY fact_id",
            (authority, len(prefix), prefix),
        )
        return [r["fact_id"] for r in rows]

    def redactions(self, authority: str, fid: str) -> list[dict[str, str]]:
        """The redactions of a fact, oldest first: field, recorded_at, recorded_by, reason."""
        rows = self.conn.execute(
            "SELECT field, recorded_at, recorded_by, reason FROM fact_redactions WHERE authority=? AND fact_id=? "
            "ORDER BY rowid",
            (authority, fid),
        )
        return [dict(r) for r in rows]

    def redacted_fields(self, authority: str, fid: str) -> list[str]:
        """The fields of a fact that have been redacted."""
        return [r["field"] for r in self.redactions(authority, fid)]

    # -- reading ------------------------------------------------------------------------------

    def load(
        self, authority: str, kinds: Iterable[str] | None = None, known_at: DateTime | None = None
    ) -> AuthorityState:
        """Read every fact about an authority back as validated models.

        `kinds` (names of AuthorityState's lists: "submissions", "coverage"...) reads only those
        facts and leaves the other lists empty: for a re-check that needs only them. `known_at`:
        the record as it stood at that instant (the latest version of each fact recorded then,
        withdrawn facts left out); None: as it stands now.
        """
        return self.load_many([authority], kinds, known_at)[authority]

    def load_many(
        self, authorities: list[str], kinds: Iterable[str] | None = None, known_at: DateTime | None = None
    ) -> dict[str, AuthorityState]:
        """Read the facts of many authorities in one query (not one per authority): the
        national-scale run loads hundreds at a time. Same models and order as load(). Raises
        StoreError for an authority not in the store (or not yet recorded at `known_at`), and
        InputError for an unknown kind."""
        keys = list(dict.fromkeys(authorities))
        wanted = set(LOADED_KINDS if kinds is None else kinds)
        not_kinds = wanted - set(LOADED_KINDS)
        if not_kinds:
            raise InputError(
                f"load: unknown fact kinds {sorted(not_kinds)}; expected some of {', '.join(LOADED_KINDS)}"
            )
        read = {"authority", *wanted, *(k for k, (parent, _, _) in CHILDREN.items() if parent in wanted)}
        sql = (
            "SELECT authority, kind, fact_id, operation, body FROM fact_versions "
            "WHERE authority IN (SELECT value FROM json_each(?)) AND kind IN (SELECT value FROM json_each(?))"
        )
        args: list[Any] = [json.dumps(keys), json.dumps(sorted(read))]
        if known_at is not None:
            sql += " AND recorded_at <= ?"
            args.append(instant_text(known_at))
        latest: dict[tuple[str, str], tuple[str, str, str | None]] = {}  # in the order first recorded
        for r in self.conn.execute(sql + " ORDER BY authority, kind, rowid", args):
            latest[(r[0], r[2])] = (r[1], r[3], r[4])
        found: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for (a, fid), (kind, operation, body) in latest.items():
            if operation != "withdraw":
                found.setdefault((a, kind), []).append(self._body(a, fid, body))
        states: dict[str, AuthorityState] = {}
        for a in keys:
            auth = found.get((a, "authority"))
            if not auth:
                registered = self.authorities()
                if known_at is not None and a in registered:
                    first = self.conn.execute(
                        "SELECT MIN(recorded_at) FROM fact_versions WHERE authority = ? AND kind = 'authority'", (a,)
                    ).fetchone()[0]
                    since = f": its first record is of {calendar.human(calendar.parse_instant(first))}" if first else ""
                    raise StoreError(
                        f"{self.path}: nothing about {a!r} had been recorded by {calendar.human(known_at)} "
                        f"(--known-at){since}; give a time since then"
                    )
                raise StoreError(f"{self.path}: {unknown('authority', a, registered, ' in the store')}")
            states[a] = AuthorityState(self._model(a, F.AuthorityFact, auth[-1]))
        for kind in [k for k in F.KINDS if k in read and k != "authority" and k not in CHILDREN]:
            model, order = F.KINDS[kind], ORDER.get(kind)
            for a in keys:
                read_facts = [(b, self._model(a, model, b)) for b in found.get((a, kind), [])]  # validated first
                if order is not None:
                    read_facts.sort(key=lambda pair: order(pair[0]))  # noqa: B023 - used at once, in this loop
                getattr(states[a], kind).extend(fact for _, fact in read_facts)
        for kind, (parent, field, attr) in CHILDREN.items():
            if kind not in read:
                continue
            for a in keys:
                parents = {p.key: p for p in getattr(states[a], parent)}
                for b in found.get((a, kind), []):
                    child = self._model(a, F.KINDS[kind], b)
                    owner = parents.get(getattr(child, field))
                    if owner is not None:
                        getattr(owner, attr).append(child)
        return states

    def _body(self, authority: str, fid: str, body: str) -> dict[str, Any]:
        """A stored body as a dict, with its fact id kept (`_fid`, dropped by _model) for a refusal to name."""
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise StoreError(self._poisoned(authority, fid, "its stored body is not a JSON object"))
        return {**data, _FID: fid}

    def _model(self, authority: str, model: type[F.Fact], body: dict[str, Any]) -> Any:
        """A stored fact validated again as it is read. A fact that no longer validates (written by hand, or by a
        version of comply that let it through, such as a year-9999 date that broke evaluation) is refused with a
        StoreError naming the store, the authority and the fact id, and how to remove it."""
        data = {k: v for k, v in body.items() if k != _FID}
        try:
            return model.model_validate(data)
        except (ValidationError, InputError) as exc:
            problems = exc.errors() if isinstance(exc, ValidationError) else []
            why = (
                "; ".join(
                    f"{'.'.join(str(p) for p in e['loc']) or '(fact)'}: {str(e['msg']).removeprefix('Value error, ')}"
                    for e in problems[:3]
                )
                if problems
                else str(exc)
            )
            raise StoreError(self._poisoned(authority, body.get(_FID, "?"), why)) from None

    def _poisoned(self, authority: str, fid: str, why: str) -> str:
        return (
            f"{self.path}: the stored fact {fid} of {authority!r} cannot be read ({why}); nothing was evaluated: "
            f"remove it with `comply withdraw {fid} --authority {authority} --reason TEXT`"
        )

    def counts(self) -> dict[str, int]:
        """Rows per table: used by tests to prove a failed import changed nothing."""
        tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: self.conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _version(row: sqlite3.Row) -> Version:
    return Version(
        authority=row["authority"],
        kind=row["kind"],
        fact_id=row["fact_id"],
        version=row["version"],
        recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
        operation=row["operation"],
        reason=row["reason"],
        body=json.loads(row["body"]),
    )


def _words(value: Any, longest: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= longest else text[: longest - 3] + "..."


def _refusal(fid: str, latest: Version | _Stored, body: dict[str, Any], changed: list[str]) -> str:
    """The message for a changed fact under a stored id: the fact, the field, the command."""
    if latest.operation == "withdraw":
        return (
            f"{fid}: this fact was withdrawn ({latest.recorded_at}: {latest.reason}), and this gives other content; "
            f"to record it again, comply correct {fid} --set FIELD=VALUE --reason TEXT (nothing was stored)"
        )
    field = changed[0]
    more = f" (and {', '.join(changed[1:])})" if len(changed) > 1 else ""
    value = body.get(field)
    setting = f"{field}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
    if len(setting) > 80:
        setting = f"{field}=VALUE"
    return (
        f"{fid}: already stored with {field} {_words(latest.body.get(field))}, this gives {_words(value)}{more}; "
        f"a stored fact is changed only by a correction with a reason: "
        f"comply correct {fid} --set '{setting}' --reason TEXT (nothing was stored)"
    )
