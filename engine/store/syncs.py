"""The ModernGov syncs in the store: each sync's record, and when each board was last synced.

Why in the store layer: the sync (engine/sync/) writes its record in the same transaction as its facts (all or
nothing), and the desk (engine/web/) shows when each board was last synced; both read and write these tables
(migration 0010) through this one module. A failed sync writes nothing here.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from engine.core import clock
from engine.store.sqlite import Store, instant_text

__all__ = ["BoardSync", "record_sync", "board_syncs", "last_sync"]


@dataclass(frozen=True)
class BoardSync:
    """When a board was last read from the service: its committee id there, the site, the instant (UTC text)."""

    authority: str
    board: str
    committee_id: int
    site: str
    synced_at: str
    sync_id: int


def record_sync(
    conn: sqlite3.Connection,
    authority: str,
    site: str,
    window: tuple[str, str],
    stored: int,
    unchanged: int,
    report: dict[str, Any],
    boards: dict[str, int],
) -> int:
    """Record a sync inside the caller's transaction (Store.transaction()): its row in moderngov_syncs and, for
    each board read ({board key: committee id}), its last-synced row. `window` is (from, to) as ISO dates.
    Returns the sync's id."""
    now = instant_text(clock.now())
    cur = conn.execute(
        "INSERT INTO moderngov_syncs (authority, site, finished_at, from_day, to_day, stored, unchanged, report) "
        "VALUES (?,?,?,?,?,?,?,?)",
        (authority, site, now, window[0], window[1], stored, unchanged, json.dumps(report, ensure_ascii=False)),
    )
    sync_id = int(cur.lastrowid or 0)
    for board, committee in boards.items():
        conn.execute(
            "INSERT INTO moderngov_board_syncs (authority, board, committee_id, site, synced_at, sync_id) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT (authority, board) DO UPDATE SET committee_id=excluded.committee_id, "
            "site=excluded.site, synced_at=excluded.synced_at, sync_id=excluded.sync_id",
            (authority, board, committee, site, now, sync_id),
        )
    return sync_id


def board_syncs(store: Store, authority: str) -> list[BoardSync]:
    """When each board of an authority was last synced, by board key (empty when none ever was)."""
    rows = store.conn.execute(
        "SELECT authority, board, committee_id, site, synced_at, sync_id FROM moderngov_board_syncs "
        "WHERE authority=? ORDER BY board",
        (authority,),
    )
    return [BoardSync(*tuple(r)) for r in rows]


def last_sync(store: Store, authority: str) -> dict[str, Any] | None:
    """The latest sync of an authority as a dict (id, site, finished_at, from_day, to_day, stored, unchanged,
    report), or None."""
    row = store.conn.execute(
        "SELECT * FROM moderngov_syncs WHERE authority=? ORDER BY id DESC LIMIT 1", (authority,)
    ).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["report"] = json.loads(out["report"])
    return out
