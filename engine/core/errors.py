"""The one error hierarchy: every error a user can cause or meet, and nothing else.

Why one module: the exit codes are a contract with cron, systemd and the nightly run. A command
catches only `ComplyError` and turns it into one line on stderr and exit code 2 ("your input or
environment is wrong"); any other exception is a bug in comply and is shown as one
(`internal error: <type>: <message>`, the traceback, exit code 3). Exit code 1 is kept for the
one thing it means: `comply check` found a breach.

    ComplyError                 anything the user can act on (exit code 2)
    ├── InputError              a file, an option or a form field is wrong: names where and what
    │   └── FileError           ... in a file: names the file, the line or row and the field
    ├── StoreError              a fact contradicts the store, or the store cannot be read
    │   └── StoreFailure        ... the store itself failed: read-only, disk full, locked, not SQLite, damaged
    ├── EngineError             the rules engine failed or refused: the evaluation has no result
    ├── LockError               another run holds the lock
    └── SourceError             an outside source (the council's committee system) failed or answered nonsense

Every error here crosses process boundaries intact: worker processes (engine/operations/executors.py)
send an error back pickled, and an error whose constructor takes other arguments than its message
(FileError's path, where and problem) cannot be rebuilt by pickle's default, which calls the class
with `args`. `ComplyError.__reduce__` rebuilds any of them, subclasses elsewhere included, from its
class, its `args` and its attributes, without calling `__init__`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "ComplyError",
    "InputError",
    "FileError",
    "StoreError",
    "StoreFailure",
    "EngineError",
    "LockError",
    "SourceError",
    "unknown",
    "nearest",
    "did_you_mean",
]


def _rebuild(cls: type[ComplyError], args: tuple[object, ...], state: dict[str, object]) -> ComplyError:
    """An error as pickled by `ComplyError.__reduce__`: made without calling its `__init__` (whose
    arguments may differ from `args`), then given its `args` and its attributes back."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ComplyError(Exception):
    """Base of every error comply reports to a user as one line (exit code 2)."""

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle as (class, args, attributes), rebuilt by `_rebuild` without `__init__`: so that
        every error of the hierarchy, whatever its constructor takes, comes back from a worker
        process with its message and fields (engine/operations/executors.py)."""
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class InputError(ComplyError, ValueError):
    """A value given on the command line, in a form or in a file is not what was expected.

    A ValueError too, so that pydantic validators raising it read as validation errors."""


class FileError(InputError):
    """A problem in an input file, naming the file, the line (or row) and the field."""

    def __init__(self, path: Path | str, where: str, problem: str):
        self.path = str(path)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.path}, {where}: {problem}" if where else f"{self.path}: {problem}")


class StoreError(ComplyError):
    """A fact that contradicts the store (unknown board, duplicate key...), naming the fact."""


class StoreFailure(StoreError):
    """The store itself failed (read-only, disk full, locked past the busy timeout, not a SQLite file,
    damaged), saying which, whatever was being done: engine.store.sqlite.store_failure words it."""


class EngineError(ComplyError):
    """The rules engine failed or refused; the evaluation has no result."""


class LockError(ComplyError):
    """Another run holds the lock (the nightly run), or the lock file cannot be used."""


class SourceError(ComplyError):
    """An outside source of facts (the council's ModernGov committee system) could not be read: it refused
    the client, timed out, or answered something that is not its XML (an HTML error page, truncated or
    malformed XML). Names the site and the call; nothing of the sync was stored."""


#: the most known values an `unknown` message lists; with more, it says how many and the command that lists them
MOST_LISTED = 12


def nearest(given: object, known: Iterable[str]) -> list[str]:
    """The known values nearest `given` (at most three, nearest first; standard library difflib, ignoring
    case), the one matching behind `unknown` and behind a say-back that names a value nothing knows without
    refusing it (`comply record meeting`'s items). An empty list when none is near."""
    by_folded: dict[str, str] = {}
    for name in sorted(set(known)):
        by_folded.setdefault(name.casefold(), name)
    return [by_folded[n] for n in difflib.get_close_matches(str(given).casefold(), list(by_folded), n=3, cutoff=0.6)]


def did_you_mean(near: list[str]) -> str:
    """ ": did you mean 'csib'?" (or "'a' or 'b'") for the values `nearest` found; '' for none."""
    return ": did you mean " + " or ".join(repr(n) for n in near) + "?" if near else ""


def unknown(
    what: str,
    given: object,
    known: Iterable[str],
    among: str = "",
    listed_by: str | None = None,
    most_listed: int = MOST_LISTED,
) -> str:
    """The words of an error for a value that names nothing known (a board, a clause, an authority...), the one
    way every such error is said: what was given, the nearest known values (standard library difflib, ignoring
    case), and the known values, or how many when more than `most_listed` (and `listed_by`, the command that lists
    them). `among` says where it was looked for (' in the store'). For example:

        no board 'cisb' in the store: did you mean 'csib'? (known: bvib, csib)
        no clause 'bv-2017.quarterly-reprot' in the direction files: did you mean 'bv-2017.quarterly-report'?
        (40 known: `comply directions` lists them)
        no authority 'x' in the store (none known)

    Returns the text; the caller raises the error of its layer with it (InputError, StoreError) or adds the
    file and line it came from."""
    names = sorted(set(known))
    near = nearest(given, names)
    text = f"no {what} {given!r}{among}"
    text += did_you_mean(near)
    if not names:
        return text + " (none known)"
    if len(names) <= most_listed:
        return text + f" (known: {', '.join(names)})"
    return text + f" ({len(names)} known" + (f": `{listed_by}` lists them)" if listed_by else ")")
