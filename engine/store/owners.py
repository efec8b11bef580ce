"""Who owns a duty: a desk user named for a clause or for a board of an authority (schema version 11,
table owners).

Why a module of its own: the desk's worklist counts findings by owner and shows "my duties", the
nightly run emails each owner their reminders, and administrators assign owners from the desk and
the command line; one place says whose a finding is. A clause's own owner wins over its board's
(the board being the one the clause reads, engine.outputs.worklist.boards_by_clause).
"""

from __future__ import annotations

import re

from engine.core import clock
from engine.core.errors import InputError
from engine.store.sqlite import Store, StoreError, instant_text

#: 'clause:bv-2017.quarterly-report' or 'board:bvib'
TARGET = re.compile(r"^(clause|board):[a-z0-9][a-z0-9.\-]*$")


def owners(store: Store, authority: str) -> dict[str, str]:
    """Every owner of the authority: target ('clause:...' or 'board:...') -> the user's name."""
    rows = store.conn.execute("SELECT target, user_name FROM owners WHERE authority=? ORDER BY target", (authority,))
    return {r["target"]: r["user_name"] for r in rows}


def owner_of(owned: dict[str, str], clause: str, board: str | None) -> str | None:
    """Whose a finding of `clause` ('bv-2017.quarterly-report') is, given `owners(...)` and the board the
    clause reads (None when it reads none): the clause's owner, else the board's, else None."""
    return owned.get(f"clause:{clause}") or (owned.get(f"board:{board}") if board else None)


def set_owner(store: Store, authority: str, target: str, user_name: str | None, assigned_by: str) -> None:
    """Give `target` an owner (replacing any), or take its owner away (`user_name` None). Raises
    InputError for a target not written 'clause:<direction>.<key>' or 'board:<key>', StoreError for a
    user or authority the store does not have. (Whether the clause or board exists is for the caller,
    which has the directions, to check.)"""
    if not TARGET.match(target or ""):
        raise InputError(f"owner target: expected clause:<direction>.<clause key> or board:<board key>, got {target!r}")
    with store.transaction("no owner was changed"):
        if user_name is None:
            store.conn.execute("DELETE FROM owners WHERE authority=? AND target=?", (authority, target))
            return
        if store.conn.execute("SELECT 1 FROM users WHERE name=?", (user_name,)).fetchone() is None:
            raise StoreError(f"{store.path}: no user named {user_name!r} (see `comply user list`)")
        store.conn.execute(
            "INSERT INTO owners (authority, target, user_name, assigned_at, assigned_by) VALUES (?,?,?,?,?) "
            "ON CONFLICT (authority, target) DO UPDATE SET user_name=excluded.user_name, "
            "assigned_at=excluded.assigned_at, assigned_by=excluded.assigned_by",
            (authority, target, user_name, instant_text(clock.now()), assigned_by),
        )
