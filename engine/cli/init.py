"""`comply init`: the one command that creates a named store, empty or with the demo data; and
`comply backup`, the safe copy of a live store (engine/store/backup.py).

Why a command of its own: a store that does not exist is an error for every other command (a
mistyped --store or $COMPLY_STORE must never be answered from a new store of demo data), so
creating one is said explicitly. The creation itself (all or nothing) is engine.cli.shared.create_store,
shared with the default store that check, due and explain create when no store is named
(docs/command-line.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from engine.cli.app import app, err, settings
from engine.cli.shared import create_store, directions_of, existing_store
from engine.store.backup import backup as backup_store


@app.command()
def init(
    ctx: typer.Context,
    path: Optional[Path] = typer.Argument(
        None, help="The new store file (default: --store, $COMPLY_STORE, ./comply.db)."
    ),
    demo: bool = typer.Option(False, "--demo", help="Load the Tower Hamlets 2017-18 demo facts and improvement plan."),
) -> None:
    """Create a new store: empty, or with --demo the bundled Tower Hamlets 2017-18 facts and improvement
    plan. An existing file is never touched (exit 2)."""
    s = settings(ctx)
    target = path or s.store_path
    facts, milestones = create_store(target, directions_of(s) if demo else [], demo)
    what = f"the Tower Hamlets 2017-18 demo data ({facts} facts, {milestones} plan milestones)" if demo else "no facts"
    err.print(f"{target}: new store with {what}", highlight=False)


@app.command()
def backup(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="The backup file to create (never overwritten; its folder must exist)."),
) -> None:
    """Copy the store (--store, $COMPLY_STORE) to PATH through SQLite's online backup API: safe while the
    desk or a nightly run writes to it, checked with PRAGMA integrity_check, all or nothing. An existing
    PATH is never overwritten (exit 2). The evidence files attached to facts are copied beside it, into PATH.files
    (each checked against its SHA-256). Restore by copying the backup file, and its .files folder as the store's
    .files folder, into place while nothing runs."""
    s = settings(ctx)
    made = backup_store(existing_store(s), path, s.busy_timeout)
    err.print(
        f"{made.path}: backup of {s.store_path} ({made.size:,} bytes, {made.pages:,} pages, schema version "
        f"{made.schema_version}, integrity check ok)"
        + (
            f" and its {made.files:,} evidence files ({made.files_bytes:,} bytes) in {made.files_path}"
            if made.files_path
            else "; no evidence files"
        )
        + f" in {made.seconds:g} s",
        highlight=False,
    )
