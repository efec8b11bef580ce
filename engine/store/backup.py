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

The evidence files (engine/store/files.py) live beside the store, in STORE.files/; a backup copies
those the copied store refers to into TARGET.files/ (each checked against its SHA-256 on the way),
through a temporary folder renamed once the store's copy is in place: the backup is the file and its
folder together, and a restore puts both back. A file the store refers to that is missing or altered
fails the backup, naming it (a backup without it would not restore what the store says it holds).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from engine.core.errors import InputError, StoreError
from engine.core.files import fsync_folder
from engine.store.failures import DEFAULT_BUSY_TIMEOUT, store_failure
from engine.store.files import files_folder, read_bytes
from engine.store.sqlite import SCHEMA_VERSION

__all__ = ["Backup", "backup"]


@dataclass(frozen=True)
class Backup:
    """What a backup made: the file, its size in bytes, its pages, its schema version, the seconds taken,
    and the evidence files copied beside it into `files_path` (TARGET.files; None when there are none)
    with their total size in bytes."""

    path: Path
    size: int
    pages: int
    schema_version: int
    seconds: float
    files: int = 0
    files_bytes: int = 0
    files_path: Path | None = None


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
    target_files = files_folder(target)
    if target_files.exists() or target_files.is_symlink():
        raise InputError(
            f"PATH {target}: {target_files} (its evidence files' folder) already exists; never written over"
        )
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
        tmp_files: Path | None = None
        try:
            pages = _copy(src, source, tmp, target, busy_timeout)
            tmp_files, count, size = _copy_files(source, tmp, target)
            try:
                os.link(tmp, target)  # fails if a file took the name meanwhile: never overwritten
            except FileExistsError:
                raise InputError(f"PATH {target}: already exists; a backup is never written over a file") from None
            except OSError as exc:
                raise store_failure(target, exc, None, "no backup was made") from None
            if tmp_files is not None:
                try:
                    os.rename(tmp_files, target_files)  # an empty folder of that name would be replaced: checked above
                except OSError as exc:
                    target.unlink(missing_ok=True)
                    raise store_failure(target_files, exc, None, "no backup was made") from None
                tmp_files = None
        finally:
            tmp.unlink(missing_ok=True)
            if tmp_files is not None:
                shutil.rmtree(tmp_files, ignore_errors=True)
    finally:
        src.close()
    fsync_folder(target.parent)
    return Backup(
        target,
        target.stat().st_size,
        pages,
        version,
        round(time.perf_counter() - started, 3),
        count,
        size,
        target_files if count else None,
    )


def _copy_files(source: Path, copy: Path, target: Path) -> tuple[Path | None, int, int]:
    """The evidence files the store's copy (`copy`) refers to, copied from beside `source` into a new
    temporary folder beside `target`, each checked against its SHA-256 and flushed: (the folder, or None
    when there are no files; how many; their bytes). Raises StoreError naming a file that is missing or
    altered, or the folder that cannot be written; the temporary folder is then removed."""
    conn = sqlite3.connect(copy)
    try:
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE name='evidence_files'").fetchone() is not None
        hashes = [r[0] for r in conn.execute("SELECT sha256 FROM evidence_files ORDER BY sha256")] if has_table else []
    except sqlite3.Error as exc:
        raise store_failure(target, exc, None, "no backup was made") from None
    finally:
        conn.close()
    if not hashes:
        return None, 0, 0
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.files.", suffix=".partial", dir=target.parent))
    except OSError as exc:
        raise store_failure(target, exc, None, "no backup was made") from None
    total = 0
    try:
        for sha256 in hashes:
            data = read_bytes(source, sha256)  # StoreError: missing or altered
            path = folder / sha256[:2] / sha256
            path.parent.mkdir(exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            total += len(data)
    except StoreError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"{exc}; no backup was made") from None
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise store_failure(target, exc, None, "no backup was made") from None
    return folder, len(hashes), total


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
