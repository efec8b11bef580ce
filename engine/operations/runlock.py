"""The nightly run's lock: an OS file lock beside the store, `<store>.nightly.lock`.

Why filelock (flock underneath on Unix): the kernel releases the lock when the process holding it
dies, even by kill -9, so there is never a stale lock to clean up, and "is a run alive?" is
answered by trying to take the lock rather than by trusting a pid that may have been reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from engine.core.errors import LockError

#: how long a run waits for the lock: long enough to outlast `lock_is_held`'s momentary probe (by
#: `comply history`, say), short enough that a second run still gives up at once in human terms
WAIT_SECONDS = 2.0


class RunLocked(LockError):
    """Another nightly run holds the lock (this one did not start)."""


def lock_path(store_path: Path) -> Path:
    """The lock file of a store: `<store>.nightly.lock`, beside it."""
    return Path(f"{store_path}.nightly.lock")


@contextmanager
def nightly_lock(store_path: Path, describe_holder: Callable[[], str]) -> Iterator[Path]:
    """Hold the OS lock beside the store, or raise RunLocked (within WAIT_SECONDS) naming it and the
    holder, or LockError when the lock file cannot be created."""
    path = lock_path(store_path)
    lock = FileLock(str(path), timeout=WAIT_SECONDS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise RunLocked(
            f"{path}: another nightly run holds this lock ({describe_holder()}); this run was not started"
        ) from None
    except OSError as exc:  # the folder cannot be created or written: no run can be made safe here
        raise LockError(f"{path}: the nightly run's lock cannot be taken: {exc.strerror or exc}") from None
    try:
        yield path
    finally:
        lock.release()


def lock_is_held(store_path: Path) -> bool:
    """True while a nightly run is alive on this store (its lock cannot be taken)."""
    path = lock_path(store_path)
    if not path.exists():
        return False
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release()
    return False
