"""The `comply` application: the typer apps, the options every command shares, and the one error handler.

Why typer: a well-kept CLI framework (on click) that turns typed functions into commands with help
text; rich prints the tables. Each group of commands lives in its own module of this package
(init.py, check.py, record.py, facts.py, docs.py, board.py, nightly.py, plan.py, web.py, owner.py, bench.py), which
imports this module at the top and adds its commands with decorators; main.py imports them all and
is the entry point. Nothing here imports a command module, so there is no import cycle.

Settings (`--store`, `--directions`, `--busy-timeout`, or $COMPLY_STORE, $COMPLY_DIRECTIONS and
$COMPLY_BUSY_TIMEOUT) are read by the
app's callback into a `Settings` object on typer's context (`ctx.obj`); a command takes
`ctx: typer.Context` and reads them with `settings(ctx)`.

Exit codes are a contract with cron, systemd and the nightly run, kept in one place
(`ComplyGroup.invoke`, which runs every command):

    0  done; for `check` and `nightly`: nothing is breached
    1  `check` or `nightly`: a breach stands (never anything else)
    2  `error: <message>` on stderr: the input or the environment is wrong (an
       engine.core.errors.ComplyError); nothing is printed on stdout
    3  `internal error: <type>: <message>` and the traceback on stderr: a bug in comply
    141 the reader of stdout closed it early (`comply check | head`), as a shell reports a command
       ended by SIGPIPE: nothing more is printed, on stdout or stderr; what was read is whole lines
"""

from __future__ import annotations

import getpass
import importlib
import inspect
import os
import re
import shutil
import sqlite3
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Optional, Protocol

import typer
from pendulum import DateTime
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from engine.core import calendar, clock
from engine.core.errors import ComplyError, InputError, StoreError
from engine.core.provenance import comply_version
from engine.directions.bundled import CHECKOUT, bundled_directions_dir
from engine.directions.model import Direction, load_directions
from engine.outputs.terminal import DEFAULT_WIDTH
from engine.plan.importer import seed_bundled_plan
from engine.store.importer import import_file
from engine.store.sqlite import DEFAULT_BUSY_TIMEOUT, Store, store_failure

#: the checkout comply would run from (the tests' and `comply docs`' scenarios run there); an installed wheel
#: reads its direction files from its own copy instead (engine/directions/bundled.py)
REPO_ROOT = CHECKOUT
BUNDLED_DATA = Path(__file__).resolve().parents[1] / "store" / "data" / "tower-hamlets-2017.yaml"

#: exit codes (docs/command-line.md)
EXIT_BREACH = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `yes | head`'s yes


def quiet_closed_stdout() -> None:
    """After the reader of stdout went away (BrokenPipeError): point stdout at /dev/null so that the
    interpreter's last flush at exit cannot raise again (the Python documentation's note on SIGPIPE,
    signal module), and print nothing: the reader asked for no more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def report_error(exc: ComplyError) -> None:
    """One unwrapped line on stderr that a script can grep: `error: <message>`."""
    sys.stderr.write(f"error: {exc}\n")


def report_internal_error(exc: BaseException) -> None:
    """A bug shown as one: `internal error: <type>: <message>`, then the traceback, on stderr."""
    sys.stderr.write(f"internal error: {type(exc).__name__}: {exc}\n")
    traceback.print_exception(exc, file=sys.stderr)


#: the framework's own control flow, passed through unchanged: exits (`typer.Exit(1)`), Ctrl-C, and
#: usage errors (click's ClickException, the base of BadParameter, whether typer vendors click or not)
_FRAMEWORK = (
    typer.Exit,
    typer.Abort,
    next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"),
)


class _Argument(TyperArgument):
    """An argument shown in a usage line in capitals without braces (`comply explain [OPTIONS] REFERENCE`),
    as click and the man pages write them; typer would write `{reference}`."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw.upper()
        return (name if self.required else f"[{name}]") + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: typer.Context) -> str | None:
        return None  # the name in capitals says it (typer would add `<str>`, `<list[Path]>`)


#: how an option's value is shown in help, by typer's type label (path -> PATH); a flag shows none
_METAVARS = {"path": "PATH", "str": "TEXT", "text": "TEXT", "int": "N", "float": "NUMBER"}
#: ... or by the option's name, where the name says more than the type
_NAMED_METAVARS = {
    "--as-of": "DATE",
    "--known-at": "DATE",
    "--received": "DATE",
    "--starts-at": "DATE",
    "--from": "DATE",
    "--to": "DATE",
    "--effective": "DATE",
    "--reported-on": "DATE",
    "--format": "FORMAT",
    "--due-soon-days": "DAYS",
    "--authority": "KEY",
    "--out": "PATH",
}


def _one_paragraph_per_line(text: str) -> str:
    """Help text with each paragraph on one line (typer's rich help keeps a docstring's line breaks)."""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n"))


#: a command's line in the list of commands (`comply --help`), in the officer's words, where its help's first
#: sentence is too long for it; keyed by the command's path ("user list"). Filled by engine/cli/main.py.
SUMMARIES: dict[str, str] = {}


def tidy_help(cmd: TyperCommand | TyperGroup, ctx: typer.Context, path: str = "") -> None:
    """A command's help as the officer reads it (issue 17): no `<bool>` beside a flag, no braces around
    an argument, values named in capitals (DATE, PATH, TEXT, N), each paragraph of the help one line
    (rich wraps it to the terminal), and the list of commands showing each command's first sentence.
    Applied to a group's commands too; changes only how help is shown."""
    for param in cmd.params:
        if isinstance(param, TyperArgument) and not isinstance(param, _Argument):
            param.__class__ = _Argument
            param.metavar = param.metavar or (param.name or "value").upper()
        elif isinstance(param, TyperOption) and param.metavar is None:
            if param.is_flag:
                param.metavar = ""
            else:
                label = param.display_type(ctx)
                named = next((_NAMED_METAVARS[o] for o in param.opts if o in _NAMED_METAVARS), None)
                inner = label.strip("<>")
                inner = inner[5:-1] if inner.startswith("list[") else inner  # a repeatable option
                param.metavar = named or _METAVARS.get(inner, inner.split()[0].upper())
    help_option = cmd.get_help_option(ctx)
    if help_option is not None:
        help_option.metavar = ""
    if path in SUMMARIES:
        cmd.short_help = SUMMARIES[path]
    if cmd.help:
        cmd.help = _one_paragraph_per_line(cmd.help)
        if cmd.short_help is None:
            first = cmd.help.split("\n\n")[0]
            cut = re.search(r"(?<=[.!?])\s", first)
            cmd.short_help = first[: cut.start()] if cut else first
    for name, sub in getattr(cmd, "commands", {}).items():
        tidy_help(sub, ctx, f"{path} {name}".strip())


#: every command and group of `comply` (its first word), in the order of `comply --help`, and the module of
#: engine/cli that adds it to `app`. Filled by engine/cli/main.py. A command's module is imported only when that
#: command runs or shows its help (ComplyGroup.get_command), so that `comply check` never loads the desk (Flask,
#: WTForms, werkzeug, waitress), the calendar feed (icalendar), the ModernGov client (httpx, defusedxml) or the
#: Board report (Jinja2): docs/performance.md "Where people wait".
COMMAND_MODULES: dict[str, str] = {}


def load_all_commands() -> None:
    """Import every command module of COMMAND_MODULES, so that `app` holds every command (for a test or a tool
    that walks them all; `comply` itself loads only the command it runs)."""
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(module)


class ComplyGroup(TyperGroup):
    """The `comply` command group, whose `invoke` runs every command (sub-groups included) and is
    the one place where errors become exit codes: a ComplyError is one line and exit 2; click's
    own exits, aborts and usage errors pass through unchanged; anything else is a bug (exit 3).

    It is also the one place where commands are loaded lazily: a command named in COMMAND_MODULES is
    imported when it is first asked for (`get_command`), and `comply --help` lists the commands not yet
    imported by their SUMMARIES line without importing them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: the command modules whose commands this group holds (typer built it from what `app` held then)
        self._loaded = {m for m in COMMAND_MODULES.values() if m in sys.modules}
        self._listing = False  # while `comply --help` lists the commands

    def list_commands(self, ctx: typer.Context) -> list[str]:
        """Every command's name, in the order of COMMAND_MODULES, then any other added to `app`."""
        return list(COMMAND_MODULES) + [n for n in super().list_commands(ctx) if n not in COMMAND_MODULES]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:
        """The command of that name, its module imported first if it is not yet (COMMAND_MODULES), its help
        tidied (tidy_help). While `comply --help` lists the commands, one not yet imported is a stand-in
        showing its SUMMARIES line. None for an unknown name (click then says `No such command`)."""
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and module not in self._loaded:
            if self._listing and module not in sys.modules:
                return TyperCommand(cmd_name, help=SUMMARIES.get(cmd_name), short_help=SUMMARIES.get(cmd_name))
            importlib.import_module(module)  # adds its commands to `app`
            self.commands.update(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
            self._loaded = {m for m in COMMAND_MODULES.values() if m in sys.modules}
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            tidy_help(cmd, ctx, cmd_name)
        return cmd

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        """`comply --help`, its own options tidied as every command's are (tidy_help); the commands not yet
        imported are listed without importing them."""
        tidy_help(self, ctx)
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _FRAMEWORK:
            raise
        except BrokenPipeError:  # `comply check | head`: the reader stopped reading; not a bug of comply's
            quiet_closed_stdout()
            ctx.exit(EXIT_CLOSED_PIPE)
        except ComplyError as exc:
            report_error(exc)
            ctx.exit(EXIT_ERROR)
        except sqlite3.Error as exc:  # the store failed where no code below turned it into words
            s = ctx.obj if isinstance(ctx.obj, Settings) else default_settings()
            report_error(store_failure(s.store_path, exc, s.busy_timeout))
            ctx.exit(EXIT_ERROR)
        except Exception as exc:  # noqa: BLE001 - a bug: shown as one, never exit 1 ("a breach stands")
            report_internal_error(exc)
            ctx.exit(EXIT_INTERNAL)


app = typer.Typer(
    cls=ComplyGroup,
    add_completion=False,
    no_args_is_help=True,
    help="Check a council's compliance with Secretary of State directions.",
)
record_app = typer.Typer(no_args_is_help=True, help="Record one fact in the store (validated).")
app.add_typer(record_app, name="record")
user_app = typer.Typer(
    no_args_is_help=True, help="Users of the desk (`comply serve`): viewers read, editors also record."
)
app.add_typer(user_app, name="user")


def terminal_width() -> int:
    """The width stdout is printed to, in columns: $COLUMNS when it is a whole number (at least 20),
    else the terminal's, else (a file or a pipe) engine.outputs.terminal.DEFAULT_WIDTH (100)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) >= 20:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


class _Console(Console):
    """rich's Console, except when the reader of stdout has gone: rich's own answer is `SystemExit(1)`,
    and exit status 1 means "a breach stands" to `comply check`'s callers (`set -o pipefail; comply check
    | head` would report a breach that is not there). The error goes on to ComplyGroup.invoke, which exits
    with EXIT_CLOSED_PIPE."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


out = _Console(soft_wrap=False, width=terminal_width())
err = _Console(stderr=True, soft_wrap=True)


@dataclass(frozen=True)
class Settings:
    """What every command works on: the store file and the folder of direction files.
    `store_named` says whether the store was named (`--store` or $COMPLY_STORE): a named store that
    does not exist is never created by a command other than `comply init`."""

    store_path: Path
    directions_dir: Path
    store_named: bool = True
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT  # seconds to wait for another process's lock on the store

    @cached_property
    def directions(self) -> list[Direction]:
        """The direction files of `directions_dir`, read and validated on first use and kept for the rest of
        this command (one Settings per run of a command): `comply check` asked for them twice, and each
        reading cost about a tenth of its time. Raises FileError/InputError naming the file."""
        return load_directions(self.directions_dir)


#: the longest --busy-timeout accepted (a day): longer is a mistake, not a wait
MAX_BUSY_TIMEOUT = 86400.0


def busy_timeout_of(value: str | float | None, where: str) -> float:
    """Seconds to wait on a locked store, from `--busy-timeout` or $COMPLY_BUSY_TIMEOUT (`where` names
    which); DEFAULT_BUSY_TIMEOUT when not given. Raises InputError naming `where` for anything but a
    number of seconds from 0 to MAX_BUSY_TIMEOUT."""
    if value is None or value == "":
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 <= seconds <= MAX_BUSY_TIMEOUT:  # NaN fails too
        raise InputError(f"{where}: expected a number of seconds from 0 to {MAX_BUSY_TIMEOUT:g}, got {value!r}")
    return seconds


def default_settings() -> Settings:
    """The settings when no option is given: $COMPLY_STORE (else ./comply.db, not named) and
    $COMPLY_DIRECTIONS (else the bundled directions: the checkout's directions/, or the installed copy's:
    engine/directions/bundled.py). Relative paths are relative to the working directory."""
    named = os.environ.get("COMPLY_STORE")
    return Settings(
        Path(named or "comply.db"),
        Path(os.environ.get("COMPLY_DIRECTIONS") or bundled_directions_dir()),
        store_named=bool(named),
        busy_timeout=busy_timeout_of(os.environ.get("COMPLY_BUSY_TIMEOUT"), "$COMPLY_BUSY_TIMEOUT"),
    )


def print_version(value: bool) -> None:
    """`comply --version`: print `comply <version>` (the installed package's metadata) and exit 0."""
    if value:
        sys.stdout.write(f"comply {comply_version()}\n")
        raise typer.Exit(0)


# the app's callback: runs before every command and puts the settings on the context (no docstring:
# typer would show it as the app's help)
@app.callback()
def main(
    ctx: typer.Context,
    store: Optional[Path] = typer.Option(
        None,
        help="SQLite store file (default: $COMPLY_STORE, else ./comply.db); create one with `comply init PATH`.",
    ),
    directions: Optional[Path] = typer.Option(
        None, help="Folder of direction files (default: the bundled directions/ or $COMPLY_DIRECTIONS)."
    ),
    busy_timeout: Optional[str] = typer.Option(
        None,
        "--busy-timeout",
        metavar="SECONDS",
        help=f"How long to wait when another process is writing to the store (a nightly run's commit) before "
        f"giving up (default: $COMPLY_BUSY_TIMEOUT, else {DEFAULT_BUSY_TIMEOUT:g}).",
    ),
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=print_version, help="Print comply's version and exit."
    ),
) -> None:
    defaults = default_settings()
    out.width = terminal_width()  # read at each invocation ($COLUMNS may change between runs in one process)
    ctx.obj = Settings(
        store or defaults.store_path,
        directions or defaults.directions_dir,
        store_named=bool(store) or defaults.store_named,
        busy_timeout=busy_timeout_of(busy_timeout, "--busy-timeout") if busy_timeout else defaults.busy_timeout,
    )


def settings(ctx: typer.Context) -> Settings:
    """The settings of this run, as the app's callback put them on the context."""
    obj = ctx.find_root().obj
    if not isinstance(obj, Settings):  # a command invoked without the app's callback (never from `comply`)
        raise RuntimeError("comply's settings are missing from the command's context")
    return obj


def directions_of(s: Settings) -> list[Direction]:
    """The direction files of the settings' folder, validated once per command (`Settings.directions`;
    raises FileError/InputError naming the file)."""
    return s.directions


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


def recorded_by(command: str) -> str:
    """Who records a version from the command line: the command and the OS user running it
    (`comply correct (OS user mo)`), as the store keeps it with every version."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        user = "unknown"
    return f"{command} (OS user {user})"


def existing_store(s: Settings) -> Path:
    """The store's path, or the StoreError of missing_store when it does not exist: checked before a
    command takes a lock or writes anything beside it (nightly, history, diff)."""
    if not s.store_path.exists():
        raise missing_store(s)
    return s.store_path


def pick_authority(s: Settings, store: Store, authority: str | None) -> str:
    """The authority asked for, or the only one in the store (StoreError when there are none or several)."""
    if authority:
        return authority
    known = store.authorities()
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


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    """`--format`'s value, or InputError naming the option and what it accepts."""
    if value not in allowed:
        raise InputError(f"--format: expected {' or '.join(repr(a) for a in allowed)}")
    return value


AS_OF_HELP = (
    "The date (or date-time) to check as of, London time, day first: 1/7/2017, 1 July 2017 or 2017-07-01; "
    "a date means the start of that day. Default: now."
)
AUTHORITY_HELP = "Authority key (default: the only one in the store)."
KNOWN_AT_HELP = (
    "Answer with only what the store held at this date (or date-time), London time: later records, "
    "corrections and withdrawals are left out. Default: now."
)


# --- progress on stderr ------------------------------------------------------------------------------
#
# For the commands that take more than two seconds (`docs`, `bench`, `nightly`, `import`, `import-plan`;
# issue 17: `comply docs` was silent for 38 seconds). Drawn with rich's progress bars on stderr, never on
# stdout (which stays the result a script reads: a path, JSON, a table), and only when stderr is a
# terminal, so that a nightly log, a cron email or a pipe never holds a spinner's frames. $COMPLY_PROGRESS
# says otherwise: `always` (or `1`) draws it even when stderr is not a terminal, `never` (or `0`) never.
# The bar is transient: gone when the step ends, leaving stderr as it would be without it.

#: the environment variable that forces progress on (`always`, `1`) or off (`never`, `0`)
PROGRESS_ENV = "COMPLY_PROGRESS"


class Step(Protocol):
    """What a command tells the progress bar: `step.update("words", advance=1)`."""

    def __call__(self, description: str | None = None, advance: float = 0) -> None: ...


def progress_forced() -> bool | None:
    """$COMPLY_PROGRESS read: True (always), False (never) or None (not set: stderr decides). Raises
    InputError naming the variable for any other value."""
    value = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if value in ("", "auto"):
        return None
    if value in ("always", "1", "yes"):
        return True
    if value in ("never", "0", "no"):
        return False
    raise InputError(f"${PROGRESS_ENV}: expected always, never or auto, got {value!r}")


def progress_wanted() -> bool:
    """Whether to draw progress: as $COMPLY_PROGRESS says, else when stderr is a terminal."""
    forced = progress_forced()
    return sys.stderr.isatty() if forced is None else forced


@contextmanager
def progress(description: str, total: float | None = None) -> Iterator[Step]:
    """A progress bar on stderr for the block (a spinner and the time elapsed when `total` is None),
    yielding a Step to change its words and advance it; a Step that does nothing when progress is
    not wanted (progress_wanted)."""
    if not progress_wanted():
        yield lambda description=None, advance=0: None
        return
    # rich's progress bars (and the spinners they load) only when one is drawn: not in a log, a pipe or a test
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, force_terminal=True)
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), TaskProgressColumn()]
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def step(description: str | None = None, advance: float = 0) -> None:
            bar.update(task, description=description, advance=advance)

        yield step
