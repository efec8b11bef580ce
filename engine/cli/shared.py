"""What the commands share that needs the store, the direction files or dates: the helpers every command
module imports beside engine/cli/app.py.

Why a module of its own, apart from app.py: `comply --help` runs the application (app.py: the typer apps,
ComplyGroup, the settings, the one error handler) and nothing else, so app.py imports only what printing
the list of commands needs. These helpers import the direction files' pydantic models, the store (the facts'
models), the importers and pendulum (about 0.1 s at import, much of it building the models), which every
command that reads or writes the store needs and `comply --help` does not (issue 19, docs/performance.md
"Where people wait"). Each command module imports this module at its top, as it imports app.py.
"""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

from pendulum import DateTime

from engine.cli.app import Settings, err
from engine.core import calendar, clock
from engine.core.errors import InputError, StoreError, unknown
from engine.directions.model import Direction, load_directions
from engine.plan.importer import seed_bundled_plan
from engine.store.importer import import_file
from engine.store.sqlite import Store

#: the Tower Hamlets 2017-18 demo data that `comply init --demo` (and a first `comply check`) loads
BUNDLED_DATA = Path(__file__).resolve().parents[1] / "store" / "data" / "tower-hamlets-2017.yaml"

AS_OF_HELP = (
    "The date (or date-time) to check as of, London time, day first: 1/7/2017, 1 July 2017 or 2017-07-01; "
    "a date means the start of that day. Default: now."
)
AUTHORITY_HELP = "Authority key (default: the only one in the store)."
KNOWN_AT_HELP = (
    "Answer with only what the store held at this date (or date-time), London time: later records, "
    "corrections and withdrawals are left out. Default: now."
)


def directions_of(s: Settings) -> list[Direction]:
    """The direction files of the settings' folder, read and validated on first use and kept for the rest of
    this command (in `s.kept`; one Settings per run of a command): `comply check` asked for them twice, and
    each reading cost about a tenth of its time. Raises FileError/InputError naming the file."""
    if "directions" not in s.kept:
        s.kept["directions"] = load_directions(s.directions_dir)
    return s.kept["directions"]


def open_store(s: Settings, create_default: bool = False) -> Store:
    """The store of the settings, migrated to this release. Only `comply init` creates a store,
    and, with `create_default` (check, due and explain), the default ./comply.db when no store was
    named (neither --store nor $COMPLY_STORE): it is created with the Tower Hamlets demo data, saying
    so on stderr (README's first command). Any other store that does not exist is a StoreError
    naming the path and `comply init`, so a mistyped $COMPLY_STORE never reports on demo data.
    Raises StoreError naming the file when it cannot be opened (a folder, no permission, not SQLite)."""
    if not s.store_path.exists():
        if not (create_default and not s.store_named):
            raise missing_store(s)
        facts, milestones = create_store(s.store_path, directions_of(s), demo=True)
        err.print(
            f"[dim]{s.store_path}: no store was named, so created the default store with the Tower Hamlets "
            f"2017-18 demo data ({facts} facts, {milestones} plan milestones); `comply init PATH` makes an empty one.[/]"
        )
    try:
        return Store.open(s.store_path, s.busy_timeout)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{s.store_path}: cannot be opened as a store (--store, $COMPLY_STORE): {exc}") from None


def create_store(path: Path, directions: list[Direction], demo: bool) -> tuple[int, int]:
    """A new store at `path` (its folder is created), empty or, with `demo`, holding the bundled Tower
    Hamlets 2017-18 facts and improvement plan, all or nothing: on any error the new file is
    removed. Returns (facts, plan milestones) loaded. Raises StoreError when `path` exists."""
    if path.exists():
        raise StoreError(f"{path}: already exists; `comply init` only creates a new store")
    try:
        with Store.open(path) as store:
            if not demo:
                return 0, 0
            facts = import_file(store, BUNDLED_DATA, directions).stored
            return facts, seed_bundled_plan(store)
    except (OSError, sqlite3.Error) as exc:
        path.unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot be created as a store: {exc}") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def missing_store(s: Settings) -> StoreError:
    """The error for a store that does not exist, naming the path and `comply init`."""
    return StoreError(
        f"{s.store_path}: no such store (--store, $COMPLY_STORE); create it with `comply init {s.store_path}` "
        f"(empty) or `comply init --demo {s.store_path}` (the Tower Hamlets 2017-18 demo data)"
    )


def existing_store(s: Settings) -> Path:
    """The store's path, or the StoreError of missing_store when it does not exist: checked before a
    command takes a lock or writes anything beside it (nightly, history, diff)."""
    if not s.store_path.exists():
        raise missing_store(s)
    return s.store_path


def pick_authority(s: Settings, store: Store, authority: str | None) -> str:
    """The authority asked for, or the only one in the store. StoreError when the one asked for is not in the
    store (naming the nearest: engine.core.errors.unknown), or none was asked for and there are none or several."""
    known = store.authorities()
    if authority:
        if authority not in known:
            raise StoreError(f"{s.store_path}: --authority: {unknown('authority', authority, known, ' in the store')}")
        return authority
    if len(known) != 1:
        raise StoreError(f"{s.store_path}: say which authority with --authority (known: {', '.join(known) or 'none'})")
    return known[0]


def parse_as_of(value: str | None) -> DateTime:
    """The `--as-of` instant, read by engine.core.dates (London time, day first; a date is the start of
    that day); now when not given. Raises InputError naming --as-of."""
    if value is None:
        return calendar.as_of_instant(clock.now())
    try:
        return calendar.as_of_instant(value)
    except ValueError as exc:
        raise InputError(f"--as-of: {exc}") from None


def parse_known_at(value: str | None) -> DateTime | None:
    """The `--known-at` instant (London time; a date is the start of that day): answer with only what
    the store held then. None when not given: the store as it stands. Raises InputError naming
    --known-at."""
    if value is None:
        return None
    try:
        return calendar.as_of_instant(value)
    except ValueError as exc:
        raise InputError(f"--known-at: {exc}") from None


def recorded_by(command: str) -> str:
    """Who records a version from the command line: the command and the OS user running it
    (`comply correct (OS user mo)`), as the store keeps it with every version."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        user = "unknown"
    return f"{command} (OS user {user})"
