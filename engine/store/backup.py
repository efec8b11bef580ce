"""A safe copy of a live store: SQLite's online backup API, all or nothing, never over a file.

Why not `cp`: a file copied while another process writes to it (the desk recording a fact, the
nightly run committing its findings) can hold half of a transaction and be corrupt. SQLite's
backup API (https://www.sqlite.org/backup.html, Python's sqlite3.Connection.backup) copies the
pages under a read lock, so the copy is the store as one committed transaction left it. The
copy is written to a temporary file beside the target, checked with `PRAGMA integrity_check`,
flushed to disk, and only then given the target's name (a hard link, which fails rather than
replace a file that appeared meanwhile): a failure at any point leaves no target file. The source
is opened as it is, never created or migrated (only SQLite's own recovery of a transaction cut
short by a kill touches it, as any other command's opening would).

The desk has no evidence files yet; when it keeps them beside the store, they belong here too.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from engine.core.errors import InputError, StoreError
from engine.store.sqlite import DEFAULT_BUSY_TIMEOUT, SCHEMA_VERSION, store_failure

__all__ = ["Backup", "backup"]


@dataclass(frozen=True)
class Backup:
    """What a backup made: the file, its size in bytes, its pages, its schema version, the seconds taken."""

    path: Path
    size: int
    pages: int
    schema_version: int
    seconds: float


def backup(source: Path, target: Path, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Backup:
    """Copy the store at `source` to the new file `target` through SQLite's online backup API, safe
    while other processes write to the source (waiting up to `busy_timeout` seconds for a commit in
    progress). Raises InputError when `target` exists (never overwritten) or its folder does not,
    and StoreError saying what failed (store_failure: not SQLite, damaged, locked, disk full...) for
    the source or the copy; on any failure no `target` is left behind."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise StoreError(f"{source}: no such store to back up (--store, $COMPLY_STORE)")
    if target.exists() or target.is_symlink():
        raise InputError(f"PATH {target}: already exists; a backup is never written over a file")
    if not target.parent.is_dir():
        raise InputError(f"PATH {target}: the folder {target.parent} does not exist")
    started = time.perf_counter()
    try:
        src = sqlite3.connect(source, timeout=busy_timeout)
    except sqlite3.Error as exc:
        raise store_failure(source, exc, busy_timeout, "no backup was made") from None
    try:
        try:
            version = int(src.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise store_failure(source, exc, busy_timeout, "no backup was made") from None
        if version > SCHEMA_VERSION or version == 0 and not _has_tables(src):
            raise StoreError(f"{source}: is not a comply store this release knows (schema version {version})")
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        except OSError as exc:
            raise store_failure(target, exc, None, "no backup was made") from None
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            pages = _copy(src, source, tmp, target, busy_timeout)
            try:
                os.link(tmp, target)  # fails if a file took the name meanwhile: never overwritten
            except FileExistsError:
                raise InputError(f"PATH {target}: already exists; a backup is never written over a file") from None
            except OSError as exc:
                raise store_failure(target, exc, None, "no backup was made") from None
        finally:
            tmp.unlink(missing_ok=True)
    finally:
        src.close()
    _fsync_folder(target.parent)
    return Backup(target, target.stat().st_size, pages, version, round(time.perf_counter() - started, 3))


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] > 0


def _copy(src: sqlite3.Connection, source: Path, tmp: Path, target: Path, busy_timeout: float) -> int:
    """The backup into `tmp` in one step (one consistent snapshot), checked and flushed; returns its pages."""
    dst = sqlite3.connect(tmp)
    try:
        try:
            src.backup(dst)  # one step: the whole store under one read lock
        except sqlite3.Error as exc:
            # the source's failure (locked past busy_timeout, damaged) or the copy's (disk full)
            which = target if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL else source
            raise store_failure(which, exc, busy_timeout, "no backup was made") from None
        try:
            verdict = [r[0] for r in dst.execute("PRAGMA integrity_check").fetchall()]
            pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
        except sqlite3.Error as exc:
            raise store_failure(target, exc, None, "no backup was made") from None
        if verdict != ["ok"]:
            raise StoreError(
                f"{source}: the copy fails SQLite's integrity check ({'; '.join(verdict[:3])}): the store "
                f"itself is damaged; no backup was made"
            )
    finally:
        dst.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    return pages


def _fsync_folder(folder: Path) -> None:
    """Make the new name durable (the folder's entry), where the platform allows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
