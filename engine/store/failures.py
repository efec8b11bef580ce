"""A failure of the store itself in words a council's IT can act on, and how long to wait for its lock.

Why a module of its own, apart from engine/store/sqlite.py: the command line's one error handler
(engine/cli/app.py, `ComplyGroup.invoke`) turns any sqlite3.Error into these words, and `--busy-timeout`'s
help names the default wait; both are part of every command, `comply --help` included, which must not
wait for the store's pydantic models of the facts (engine/store/sqlite.py imports them: issue 19,
docs/performance.md "Where people wait"). Only the standard library and engine/core/errors.py here.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

from engine.core.errors import StoreFailure

__all__ = ["DEFAULT_BUSY_TIMEOUT", "store_failure"]

#: How long a writer (or a reader, while another process commits) waits for another process's
#: lock on the store before giving up, in seconds: long enough for the nightly run's one commit of
#: every finding (~740,000 at national scale). Set with `--busy-timeout` or $COMPLY_BUSY_TIMEOUT
#: (docs/operations.md).
DEFAULT_BUSY_TIMEOUT = 60.0


def _read_only_why(path: Path) -> str:
    """Why a store cannot be written, as far as the file system tells: the mount, the file's
    permissions, its folder's (SQLite writes its journal beside the file)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the file system holding {folder} is mounted read-only"
    except OSError:
        pass
    try:
        mode = path.stat()
        perms = f"permissions {stat.filemode(mode.st_mode)}, owner uid {mode.st_uid}, this process uid {os.geteuid()}"
        allowed = os.geteuid() == 0 or (mode.st_uid == os.geteuid() and mode.st_mode & stat.S_IWUSR)
        if not os.access(path, os.W_OK) and not allowed:
            return f"the file is not writable by this user ({perms})"
        if not os.access(path, os.W_OK):
            return (
                f"the system refuses writes to the file although its permissions allow them ({perms}): an "
                f"immutable attribute (`lsattr`, `chattr -i`) or a security policy"
            )
    except OSError:
        pass
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is not writable by this user (SQLite writes its journal there)"
    return "SQLite was refused write access"


def store_failure(
    path: Path | str, exc: BaseException, busy_timeout: float | None = None, doing: str = ""
) -> StoreFailure:
    """The StoreFailure (a StoreError) for a failure of the store itself (a sqlite3.Error or OSError), saying what
    it is in words a council's IT can act on: read-only (and why: the mount, the file's
    permissions, the folder's), disk full (and the space left), locked by another process (and
    how long we waited), not a SQLite file, damaged, cannot be opened. `doing` is what was
    therefore not done ("nothing was stored"), said at the end. Source of the codes:
    https://www.sqlite.org/rescode.html (primary code = extended code & 0xff)."""
    path = Path(path)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    said = f"SQLite: {exc}" if isinstance(exc, sqlite3.Error) else f"{type(exc).__name__}: {exc}"
    tail = f"; {doing}" if doing else ""
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM) or (
        isinstance(exc, OSError) and exc.errno in (13, 30)  # EACCES, EROFS
    ):
        return StoreFailure(f"{path}: the store is read-only: {_read_only_why(path)} ({said}){tail}")
    if primary == sqlite3.SQLITE_FULL or (isinstance(exc, OSError) and exc.errno == 28):  # ENOSPC
        try:
            free = shutil.disk_usage(path.parent if str(path.parent) else ".").free
            space = f"{free / 1e6:.1f} MB free on its file system"
        except OSError:
            space = "free space unknown"
        return StoreFailure(
            f"{path}: the disk is full (or the store reached its size limit): {space}; free some space and "
            f"try again ({said}){tail}"
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        waited = f"waited {busy_timeout:g} s" if busy_timeout is not None else "waited"
        return StoreFailure(
            f"{path}: the store is locked by another process (a nightly run's commit, an import, the desk); "
            f"{waited} and gave up; try again, or wait longer with --busy-timeout SECONDS or "
            f"$COMPLY_BUSY_TIMEOUT ({said}){tail}"
        )
    if primary == sqlite3.SQLITE_NOTADB:
        return StoreFailure(f"{path}: is not a comply store: not a SQLite database file ({said}){tail}")
    if primary == sqlite3.SQLITE_CORRUPT:
        return StoreFailure(
            f"{path}: the store is damaged (corrupt); restore it from a backup made with `comply backup` ({said}){tail}"
        )
    if primary == sqlite3.SQLITE_CANTOPEN or isinstance(exc, OSError):
        return StoreFailure(
            f"{path}: the store cannot be opened: the file or its folder is missing or unusable ({said}){tail}"
        )
    return StoreFailure(f"{path}: the store failed ({said}){tail}")
