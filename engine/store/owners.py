"""Who owns a duty: a desk user named for a clause or for a board of an authority (schema version 11,
table owners).

Why a module of its own: the desk's worklist counts findings by owner and shows "my duties", the
nightly run emails each owner their reminders, and administrators assign owners from the desk and
the command line; one place says whose a finding is. A clause's own owner wins over its board's
(the board being the one the clause reads, engine.outputs.worklist.boards_by_clause).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.core import clock
from engine.core.errors import InputError, unknown
from engine.directions.model import Direction
from engine.store import audit
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


@dataclass(frozen=True)
class Target:
    """Something of an authority that can have an owner: a clause of a direction binding it, or a board
    (one its facts hold or a clause's rule is about). `words` is how a user reads it ('Quarterly reports
    to the Secretary of State'); `board`, for a clause, the board its rule is about (None: none)."""

    target: str  # 'clause:bv-2017.quarterly-report' or 'board:bvib'
    kind: str  # 'clause' or 'board'
    key: str  # 'bv-2017.quarterly-report' or 'bvib'
    words: str
    board: str | None = None


def targets(directions: list[Direction], authority: str, board_names: dict[str, str]) -> dict[str, Target]:
    """Every clause and board of `authority` that can have an owner, target -> Target, the clauses first
    (in the directions' order), then the boards by key. `board_names`: the authority's boards as its facts
    hold them (key -> name); a board a rule names but the facts do not is listed by its key."""
    out: dict[str, Target] = {}
    boards = dict(board_names)
    for d in directions:
        if d.authority != authority:
            continue
        for c in d.clauses:
            board = getattr(c.rule, "board", None)
            out[f"clause:{d.clause_id(c)}"] = Target(
                f"clause:{d.clause_id(c)}", "clause", d.clause_id(c), c.title, board
            )
            if board:
                boards.setdefault(board, board)
    for key in sorted(boards):
        out[f"board:{key}"] = Target(f"board:{key}", "board", key, boards[key])
    return out


def check_target(target: str, known: dict[str, Target]) -> Target:
    """The Target `target` names. Raises InputError for one written otherwise than
    'clause:<direction>.<clause key>' or 'board:<board key>', or naming a clause or board the authority does
    not have, said as every unknown value is (engine.core.errors.unknown: the nearest targets of either kind, and
    the known ones or how many, with `comply owner list`), so that a typo is refused, never stored."""
    if not TARGET.match(target or ""):
        raise InputError(f"owner target: expected clause:<direction>.<clause key> or board:<board key>, got {target!r}")
    if target in known:
        return known[target]
    said = unknown("clause or board", target, known, among=" for this authority", listed_by="comply owner list")
    raise InputError(f"owner target: {said}")


def emails(store: Store) -> dict[str, str]:
    """The email address of every desk user who has one and is not disabled: name -> address (where an
    owner's reminders go; a disabled user is sent none)."""
    rows = store.conn.execute(
        "SELECT name, email FROM users WHERE email IS NOT NULL AND email != '' AND disabled_at IS NULL"
    )
    return {r["name"]: r["email"] for r in rows}


def set_owner(store: Store, authority: str, target: str, user_name: str | None, assigned_by: str) -> None:
    """Give `target` an owner (replacing any), or take its owner away (`user_name` None), with the log's
    entry (action "owner", by `assigned_by`) in the same transaction. Raises InputError for a target not
    written 'clause:<direction>.<key>' or 'board:<key>', StoreError for a user or authority the store does
    not have. (Whether the clause or board exists is for the caller, which has the directions, to check
    with `check_target`.)"""
    if not TARGET.match(target or ""):
        raise InputError(f"owner target: expected clause:<direction>.<clause key> or board:<board key>, got {target!r}")
    with store.transaction("no owner was changed"):
        if user_name is None:
            store.conn.execute("DELETE FROM owners WHERE authority=? AND target=?", (authority, target))
            audit.log(store, assigned_by, "owner", authority=authority, subject=target, detail="owner cleared")
            return
        if store.conn.execute("SELECT 1 FROM users WHERE name=?", (user_name,)).fetchone() is None:
            raise StoreError(f"{store.path}: no user named {user_name!r} (see `comply user list`)")
        audit.log(store, assigned_by, "owner", authority=authority, subject=target, detail=f"owner: {user_name}")
        store.conn.execute(
            "INSERT INTO owners (authority, target, user_name, assigned_at, assigned_by) VALUES (?,?,?,?,?) "
            "ON CONFLICT (authority, target) DO UPDATE SET user_name=excluded.user_name, "
            "assigned_at=excluded.assigned_at, assigned_by=excluded.assigned_by",
            (authority, target, user_name, instant_text(clock.now()), assigned_by),
        )
