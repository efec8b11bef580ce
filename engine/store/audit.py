"""The log of who signed in and who recorded what (schema version 11, table audit_log).

Why a module of its own: the desk's sign-in, its record forms, its corrections and uploads, and the
command line's `comply user ...` all write to it, and administrators read it on the desk; one place
says what an entry is. The log is append-only: nothing here changes or deletes an entry. Facts keep
their own history (engine/store/history.py, fact_versions); this log says who did what and when,
including what is not a fact (sign-ins, refusals, users' changes, files attached).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.core import clock
from engine.core.errors import InputError
from engine.store.sqlite import Store, instant_text

#: what an entry may record (the `action` column)
ACTIONS: tuple[str, ...] = (
    "sign_in",  # a good sign-in (detail: the client's address)
    "sign_in_refused",  # a wrong password, a disabled user or a throttled attempt (detail: why, the address)
    "sign_out",
    "record",  # a fact recorded (subject: its id)
    "correct",  # a fact corrected (detail: the reason)
    "withdraw",  # a fact withdrawn (detail: the reason)
    "attach",  # a file attached to a fact (subject: the fact id; detail: the file's name and SHA-256)
    "owner",  # an owner given to or taken from a clause or board (subject: the target)
    "user_add",
    "user_disable",
    "user_enable",
    "user_password",  # a password reset
    "user_role",  # a role changed (detail: old -> new)
    "user_email",
)


@dataclass(frozen=True)
class Entry:
    """One line of the log: `at` is UTC text (engine.store.sqlite.instant_text)."""

    id: int
    at: str
    actor: str
    action: str
    authority: str | None
    subject: str | None
    detail: str | None


def log(
    store: Store,
    actor: str,
    action: str,
    *,
    authority: str | None = None,
    subject: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one entry, now. Runs inside the caller's transaction if one is open (so an entry is
    stored with what it records, or not at all), else in its own. Raises InputError for an action
    not in ACTIONS (a typo must not write an entry nobody can filter for)."""
    if action not in ACTIONS:
        raise InputError(f"audit action: expected one of {', '.join(ACTIONS)}, got {action!r}")
    row = (instant_text(clock.now()), actor, action, authority, subject, detail)
    sql = "INSERT INTO audit_log (at, actor, action, authority, subject, detail) VALUES (?,?,?,?,?,?)"
    if store.conn.in_transaction:
        store.conn.execute(sql, row)
    else:
        with store.transaction("the log entry was not stored"):
            store.conn.execute(sql, row)


def entries(store: Store, *, actor: str | None = None, action: str | None = None, limit: int = 200) -> list[Entry]:
    """The latest `limit` entries, newest first, optionally of one actor or one action."""
    where, args = [], []
    if actor is not None:
        where.append("actor=?")
        args.append(actor)
    if action is not None:
        where.append("action=?")
        args.append(action)
    sql = "SELECT * FROM audit_log" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id DESC LIMIT ?"
    return [Entry(**dict(r)) for r in store.conn.execute(sql, (*args, limit))]
