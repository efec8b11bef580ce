"""Recording and reading nightly runs in the store (tables of migration 0004).

Why two writes and no more: the "running" row is committed on its own first, so a run that dies
is still visible; the findings and the "completed" mark are committed together in ONE
transaction at the end, so a run killed at any moment leaves either that lone "running" row (shown,
and marked by the next run, as failed) or a whole completed run, never half of one. A second
completed run for the same London as-of date replaces the first in that same transaction: the
earlier row stays in the history as "replaced" (with the id of its replacement) and its findings
are removed, so the store never holds two sets of findings for one date.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from engine.core import calendar, clock
from engine.core.errors import InputError
from engine.core.status import STATUS_ORDER
from engine.model.findings import FINDING_FORMAT, Finding
from engine.store.sqlite import Store, StoreError


@dataclass(frozen=True)
class Run:
    """One row of nightly_runs, as read back."""

    id: int
    as_of: str
    as_of_date: str
    due_soon_days: int
    started_at: str
    ended_at: str | None
    status: str
    error: str | None
    pid: int
    host: str
    code_version: str
    direction_hashes: dict[str, str]
    counts: dict[str, int]
    previous_run: int | None
    replaced_by: int | None
    mail: str | None
    known_at: str | None = None  # the facts as the store held them at this instant (UTC); None before schema 7
    finding_format: int | None = None  # the form of its findings (FINDING_FORMAT); None: recorded before schema 12

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _run(row: Any) -> Run:
    counts = json.loads(row["counts"]) if row["counts"] else {}
    return Run(
        id=row["id"],
        as_of=row["as_of"],
        as_of_date=row["as_of_date"],
        due_soon_days=row["due_soon_days"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        status=row["status"],
        error=row["error"],
        pid=row["pid"],
        host=row["host"],
        code_version=row["code_version"],
        direction_hashes=json.loads(row["direction_hashes"]),
        counts=counts,
        previous_run=row["previous_run"],
        replaced_by=row["replaced_by"],
        mail=row["mail"],
        known_at=row["known_at"],
        finding_format=row["finding_format"],
    )


def now_iso() -> str:
    """The current instant, London time, ISO 8601 with offset (never naive)."""
    return calendar.iso(calendar.as_of_instant(clock.now()))


def start(
    store: Store,
    as_of: str,
    as_of_date: str,
    due_soon_days: int,
    code_version: str,
    direction_hashes: dict[str, str],
    known_at: str | None = None,
    direction_texts: dict[str, str] | None = None,
    finding_format: int = FINDING_FORMAT,
) -> int:
    """Commit the "running" row on its own and return the run id. `known_at` (UTC, as
    engine.store.sqlite.instant_text) and `direction_texts` ({file name: text}) are what the run
    reads, kept so that it can be replayed exactly (`comply nightly --replay`); `finding_format` the form of the
    findings it will record (engine.model.findings.FINDING_FORMAT: not_comparable reads it)."""
    with store.transaction("the run was not recorded"):
        cur = store.conn.execute(
            "INSERT INTO nightly_runs (as_of, as_of_date, due_soon_days, started_at, status, pid, host, code_version, "
            "direction_hashes, known_at, direction_texts, finding_format) VALUES (?,?,?,?,'running',?,?,?,?,?,?,?)",
            (
                as_of,
                as_of_date,
                due_soon_days,
                now_iso(),
                os.getpid(),
                socket.gethostname(),
                code_version,
                json.dumps(direction_hashes, sort_keys=True),
                known_at,
                json.dumps(direction_texts, sort_keys=True, ensure_ascii=False)
                if direction_texts is not None
                else None,
                finding_format,
            ),
        )
    return int(cur.lastrowid)


def complete(
    store: Store,
    run_id: int,
    findings: Iterable[Finding],
    previous_run: int | None,
    before_commit: Callable[[], None] = lambda: None,
) -> dict[str, int]:
    """Write every finding and mark the run completed, in ONE transaction; replace an earlier
    completed run for the same as-of date in the same transaction. Returns the counts by status.

    `before_commit` is called inside the transaction after the findings are written (the nightly
    run's stage "in_commit"): a kill there must leave nothing of this run but its "running" row.
    """
    counts = {s: 0 for s in STATUS_ORDER}
    x = store.conn.execute
    with store.transaction("the run's findings were not recorded"):
        row = x("SELECT as_of_date, status FROM nightly_runs WHERE id=?", (run_id,)).fetchone()
        if row is None or row["status"] != "running":
            raise StoreError(
                f"{store.path}: nightly run #{run_id} is not running "
                f"({row['status'] if row else 'no such run'}); its findings were not recorded"
            )
        for old in x(
            "SELECT id FROM nightly_runs WHERE as_of_date=? AND status='completed' AND id<>?",
            (row["as_of_date"], run_id),
        ).fetchall():
            x("DELETE FROM nightly_findings WHERE run=?", (old["id"],))
            x("UPDATE nightly_runs SET status='replaced', replaced_by=? WHERE id=?", (run_id, old["id"]))
        for f in findings:
            counts[f.status] += 1
            x(
                "INSERT INTO nightly_findings VALUES (?,?,?,?,?,?,?,?)",
                (
                    run_id,
                    f.id,
                    f.authority,
                    f.direction,
                    f.clause,
                    f.status,
                    f.due,
                    json.dumps(f.model_dump(mode="json"), ensure_ascii=False, sort_keys=True),
                ),
            )
        before_commit()
        x(
            "UPDATE nightly_runs SET status='completed', ended_at=?, counts=?, previous_run=? WHERE id=?",
            (now_iso(), json.dumps(counts), previous_run, run_id),
        )
    return counts


def fail(store: Store, run_id: int, error: str) -> None:
    """Mark a run failed with the reason (its own transaction; no findings are kept)."""
    with store.transaction("the run was not recorded"):
        store.conn.execute("DELETE FROM nightly_findings WHERE run=?", (run_id,))
        store.conn.execute(
            "UPDATE nightly_runs SET status='failed', ended_at=?, error=? WHERE id=? AND status='running'",
            (now_iso(), error, run_id),
        )


def set_mail(store: Store, run_id: int, mail: str) -> None:
    """Note what happened to the email digest of a run (after the run is recorded)."""
    store.conn.execute("UPDATE nightly_runs SET mail=? WHERE id=?", (mail, run_id))


def mark_abandoned(store: Store, found_by: int | None) -> list[int]:
    """Mark as failed every run still "running". Call only while holding the nightly lock: then no
    other run is alive, so such a row is a run that was killed or crashed."""
    rows = store.conn.execute(
        "SELECT id, pid FROM nightly_runs WHERE status='running' AND id IS NOT ?", (found_by,)
    ).fetchall()
    for row in rows:
        fail(store, row["id"], abandoned_words(row["pid"], found_by))
    return [r["id"] for r in rows]


def abandoned_words(pid: int, found_by: int | None) -> str:
    by = f" (found by run #{found_by})" if found_by else ""
    return f"the run's process (pid {pid}) ended without completing it: killed or crashed{by}"


def get(store: Store, run_id: int) -> Run:
    row = store.conn.execute("SELECT * FROM nightly_runs WHERE id=?", (run_id,)).fetchone()
    if row is None:
        raise InputError(f"{store.path}: no nightly run #{run_id} (see `comply history`)")
    return _run(row)


def direction_texts(store: Store, run_id: int) -> dict[str, str] | None:
    """The text of each direction file a run read ({file name: text}); None for a run recorded
    before runs kept them (schema 6 and earlier)."""
    row = store.conn.execute("SELECT direction_texts FROM nightly_runs WHERE id=?", (run_id,)).fetchone()
    if row is None:
        raise InputError(f"{store.path}: no nightly run #{run_id} (see `comply history`)")
    return json.loads(row["direction_texts"]) if row["direction_texts"] else None


def history(store: Store, limit: int | None = None) -> list[Run]:
    """Runs, newest first."""
    sql = "SELECT * FROM nightly_runs ORDER BY id DESC" + (" LIMIT ?" if limit else "")
    return [_run(r) for r in store.conn.execute(sql, (limit,) if limit else ())]


def running(store: Store) -> list[Run]:
    return [_run(r) for r in store.conn.execute("SELECT * FROM nightly_runs WHERE status='running' ORDER BY id")]


#: what a run records of its digest (Run.mail): sent (followed by the recipients), skipped, failed (followed by why), or
#: not configured; a completed run with none recorded ended before it could say
MAIL_SENT = "sent to "
MAIL_SKIPPED = "skipped: no change and no breach"
MAIL_FAILED = "failed: "
MAIL_NOT_CONFIGURED = "not configured"


@dataclass(frozen=True)
class Unsent:
    """A completed run whose digest did not reach its readers: its id, its London as-of date (YYYY-MM-DD) and why, in
    words ('ConnectionRefusedError: ... (via 127.0.0.1:2525)'). A later run's digest covers it (Baseline)."""

    run: int
    as_of_date: str
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"run": self.run, "as_of_date": self.as_of_date, "why": self.why}


@dataclass(frozen=True)
class Baseline:
    """What a night is compared with: `run`, the last completed run before it whose digest was told (None: none was),
    and `unsent`, the completed runs since then (and of the same as-of date) whose digest was not delivered, oldest
    first: their news has never reached anyone, so it is tonight's."""

    run: Run | None
    unsent: list[Unsent]


def told(store: Store, run: Run) -> bool:
    """Whether what `run` found has reached the digest's readers: its email was sent, or there was no email to send
    (no SMTP host configured), or it was skipped because nothing had changed since a run that was itself told. False
    when its email failed, or when the run ended before recording what became of its email."""
    seen: set[int] = set()
    while run.id not in seen:
        seen.add(run.id)
        mail = run.mail or ""
        if mail.startswith(MAIL_SENT) or mail == MAIL_NOT_CONFIGURED:
            return True
        if mail != MAIL_SKIPPED or run.previous_run is None:
            return False
        run = get(store, run.previous_run)  # skipped: told if what it was found equal to was told
    return False


def _unsent_why(run: Run) -> str:
    if run.mail and run.mail.startswith(MAIL_FAILED):
        return run.mail.removeprefix(MAIL_FAILED)
    return "the run ended before it recorded what became of its email"


def baseline(store: Store, as_of_date: str, run_id: int | None = None) -> Baseline:
    """The run a night as of `as_of_date` (YYYY-MM-DD, London) is compared with: the completed run with the latest
    as-of date before it whose digest was told (`told`), and the completed runs after that one (to the same as-of
    date, `run_id` itself left out) whose email could not be sent, which tonight's digest covers. Why not simply the
    previous completed run: a night whose email failed would then be the baseline of the next, whose digest would say
    "nothing new", and what changed on the unsent night would never be told (docs/nightly.md, "When an email
    fails")."""
    rows = store.conn.execute(
        "SELECT * FROM nightly_runs WHERE status='completed' AND as_of_date <= ? AND id IS NOT ? "
        "ORDER BY as_of_date DESC, id DESC",
        (as_of_date, run_id),
    ).fetchall()
    unsent: list[Unsent] = []
    for row in rows:
        run = _run(row)
        if run.as_of_date < as_of_date and told(store, run):
            return Baseline(run, unsent[::-1])
        if (run.mail or "") != MAIL_SKIPPED and not told(store, run):
            unsent.append(Unsent(run.id, run.as_of_date, _unsent_why(run)))
    return Baseline(None, unsent[::-1])


def findings(store: Store, run_id: int) -> list[Finding]:
    """The findings recorded by a completed run. Raises InputError when the run kept none, or when a finding it
    stored cannot be read as a finding of this version of comply (an earlier form: not_comparable), naming it."""
    run = get(store, run_id)
    if run.status != "completed":
        more = f" by run #{run.replaced_by}" if run.replaced_by else ""
        raise InputError(f"{store.path}: nightly run #{run_id} is {run.status}{more} and has no findings to compare")
    out = []
    for r in store.conn.execute(
        "SELECT finding_id, finding FROM nightly_findings WHERE run=? ORDER BY due, clause, finding_id", (run_id,)
    ):
        try:
            out.append(Finding.model_validate_json(r["finding"]))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "the finding"
            raise InputError(
                f"{store.path}: nightly run #{run_id} (comply {run.code_version}) stored its finding "
                f"{r['finding_id']} in a form this version of comply cannot read ({where}: {first['msg']})"
            ) from None
    return out


def not_comparable(run: Run, finding_format: int = FINDING_FORMAT, called: str = "the last run, #{id},") -> str | None:
    """Why the findings of `run` cannot be compared, finding by finding, with those of a run whose findings have the
    form `finding_format` (engine.model.findings.FINDING_FORMAT), in words that follow "not compared: "; None when
    they can (the same form). A finding id may name another obligation, or the same one another way, in another
    form: compared, every finding spelled anew would be told as new. `called`: how the words name the run ('{id}'
    its id): the nightly run compares with the last run, a replay with the run it replays ('nightly run #{id}')."""
    if run.finding_format == finding_format:
        return None
    name = called.format(id=run.id)
    if run.finding_format is None:
        return (
            f"{name} was made by an earlier version of comply ({run.code_version}), before runs "
            "recorded the form of their findings"
        )
    return (
        f"{name} was made by a version of comply ({run.code_version}) whose findings have another "
        f"form (finding format {run.finding_format}; this version's is {finding_format})"
    )


#: After this many hours without a newly completed run, the nightly run is taken to have stopped
#: (a night's run plus two hours' slack): the desk warns (docs/nightly.md, "Monitoring").
STALE_AFTER_HOURS = 26.0


@dataclass(frozen=True)
class Freshness:
    """How recent the last completed nightly run is: the run (None when none has completed), its age in
    hours at `now`, whether that is older than the limit given, and the newest run of any status (to
    say why: a failed run, one still running)."""

    last: Run | None
    age_hours: float | None
    limit_hours: float
    newest: Run | None

    @property
    def stale(self) -> bool:
        """True when no run has completed, or the last one ended more than limit_hours ago."""
        return self.age_hours is None or self.age_hours > self.limit_hours

    def words(self) -> str:
        """One line naming the last completed run and its age, and the newest run when it did not complete."""
        if self.last is None:
            said = "no nightly run has completed on this store"
        else:
            r = self.last
            said = f"the last completed nightly run is #{r.id} as of {r.as_of_date}, ended {r.ended_at}, " + (
                f"{self.age_hours:.1f} hours ago" if self.age_hours is not None else "at an unknown time"
            )
        n = self.newest
        if n is not None and (self.last is None or n.id != self.last.id):
            why = f": {n.error}" if n.error else ""
            said += f"; the newest run, #{n.id} as of {n.as_of_date}, is {n.status}{why}"
        return said


def freshness(store: Store, limit_hours: float, now: Any = None) -> Freshness:
    """The last completed run (the completed run started last: runs never overlap) and its age in hours
    at `now` (an aware datetime; default: the clock's now), against `limit_hours`."""
    row = store.conn.execute("SELECT * FROM nightly_runs WHERE status='completed' ORDER BY id DESC LIMIT 1").fetchone()
    newest = store.conn.execute("SELECT * FROM nightly_runs ORDER BY id DESC LIMIT 1").fetchone()
    last = _run(row) if row else None
    age = None
    if last is not None and last.ended_at:
        instant = now if now is not None else clock.now()
        age = max(0.0, (instant - calendar.parse_instant(last.ended_at)).total_seconds() / 3600)
    return Freshness(last, age, limit_hours, _run(newest) if newest else None)


def last_completed(store: Store) -> Run | None:
    """The last completed nightly run (the completed run started last), or None when none has completed."""
    row = store.conn.execute("SELECT * FROM nightly_runs WHERE status='completed' ORDER BY id DESC LIMIT 1").fetchone()
    return _run(row) if row else None


def counts_by_authority(store: Store, run_id: int) -> dict[str, dict[str, int]]:
    """The findings a run recorded, counted by authority and status: {authority key: {status: n}} with
    every status of engine.core.status (0 where none); an authority the run found nothing for is absent."""
    out: dict[str, dict[str, int]] = {}
    rows = store.conn.execute(
        "SELECT authority, status, COUNT(*) AS n FROM nightly_findings WHERE run=? GROUP BY authority, status",
        (run_id,),
    )
    for r in rows:
        out.setdefault(r["authority"], {s: 0 for s in STATUS_ORDER})[r["status"]] = r["n"]
    return out
