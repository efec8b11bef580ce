"""The `comply` application: the typer apps, the options every command shares, and the one error handler.

Why typer: a well-kept CLI framework (on click) that turns typed functions into commands with help
text; rich prints the tables. Each group of commands lives in its own module of this package
(init.py, check.py, record.py, facts.py, docs.py, board.py, nightly.py, plan.py, web.py, owner.py, bench.py), which
imports this module at the top and adds its commands with decorators; main.py names them all and
is the entry point. Nothing here imports a command module, so there is no import cycle.

Why this module imports so little: `comply --help` and `comply --version` run it and nothing else, so it
imports only what they need (typer, rich's console, the error hierarchy, the store's failure words, the version). The
helpers the commands share over the store, the direction files and dates (`open_store`, `directions_of`,
`pick_authority`, `parse_as_of`, ...) live in engine/cli/shared.py, which imports the pydantic models of the
facts and the directions (with the rest, about 0.1 s at import) and the store; each command module imports it at its top
(issue 19, docs/performance.md "Where people wait").

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

import importlib
import inspect
import os
import re
import shutil
import sqlite3
import sys
import traceback
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Protocol

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from engine.core import collector
from engine.core.errors import ComplyError, InputError
from engine.core.provenance import comply_version
from engine.directions.bundled import CHECKOUT, bundled_directions_dir
from engine.store.failures import DEFAULT_BUSY_TIMEOUT, store_failure

#: the checkout comply would run from (the tests' and `comply docs`' scenarios run there); an installed wheel
#: reads its direction files from its own copy instead (engine/directions/bundled.py)
REPO_ROOT = CHECKOUT

#: exit codes (docs/command-line.md)
EXIT_BREACH = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `yes | head`'s yes

#: the width of output that goes to a file or a pipe when $COLUMNS does not say (columns)
DEFAULT_WIDTH = 100


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


def with_value_given(exc: typer.BadParameter) -> typer.BadParameter:
    """typer's error for an option's value it refused (`--due-soon-days -1`), saying the value given: typer 0.29
    checks a value with pydantic and shows only its first message ("Input should be greater than or equal to
    0"), where click said "-1 is not in the range x>=0". The value is taken from pydantic's error (the text as
    typed); an error with no pydantic error behind it (click's own, which say the value) is returned unchanged.
    Returns the same error, its message changed."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return exc
    try:
        first = errors()[0]
    except (IndexError, TypeError):
        return exc
    given = first.get("input") if isinstance(first, dict) else None
    if given is None or isinstance(given, (list, tuple, dict)) or exc.message.endswith(f"; got {str(given)!r}"):
        return exc
    exc.message = f"{exc.message.rstrip('.')}; got {str(given)!r}"
    return exc


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


def import_command_module(module: str) -> None:
    """Import a command's module (it adds its commands to `app`) as a cold start wants it: with Python's cyclic
    garbage collector paused during the import, then everything imported so far set aside from its later scans
    (`gc.freeze`). Why: a command's module builds the pydantic models of the facts, the rule kinds and the
    directions at import, tens of thousands of objects that live as long as the process and are never garbage;
    the collector went over them again and again while the command ran (36-46 ms of collections in a cold
    `comply check` of about 400 ms). The objects the command itself makes are collected as usual. Figures:
    docs/performance.md, "A cold start". Raises whatever the import raises."""
    with collector.imported_apart():
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
            import_command_module(module)  # adds its commands to `app`
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
        except typer.BadParameter as exc:
            raise with_value_given(exc) from exc.__cause__
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


class _DeferredMarkdown:
    """Stands in for rich.markdown.Markdown inside typer's help formatter (import_typer_help): making one makes
    the real one, importing rich.markdown then. typer makes one only in its "markdown" markup mode, which comply
    does not use."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return importlib.import_module("rich.markdown").Markdown(*args, **kwargs)


class _DeferredTraceback:
    """Stands in for rich.traceback.Traceback inside typer's help formatter (import_typer_help): typer asks it for
    an exception's traceback (`from_exception`), answered by the real one, importing rich.traceback then."""

    @classmethod
    def from_exception(cls, *args: Any, **kwargs: Any) -> Any:
        return importlib.import_module("rich.traceback").Traceback.from_exception(*args, **kwargs)


#: the modules typer.rich_utils imports at its top only for what the stand-ins above do: each with the name
#: typer takes from it and its stand-in
_DEFERRED = {"rich.markdown": ("Markdown", _DeferredMarkdown), "rich.traceback": ("Traceback", _DeferredTraceback)}


def import_typer_help() -> None:
    """Import typer's help and error formatter (typer.rich_utils) without rich.markdown and rich.traceback, which
    it imports at its top (typer 0.29) and needs only for typer's "markdown" markup mode and for showing a
    traceback. Why: they import markdown-it-py, pygments, rich.pretty and attrs, 60-80 ms of CPU of every
    `--help` (docs/performance.md "A cold start"), for help that never uses them. While typer.rich_utils is
    imported, each of those modules not yet imported is a stand-in module holding the stand-in class above;
    the stand-in modules are then taken out of `sys.modules`, so anything that imports rich.markdown or
    rich.traceback later gets the real one, and so does typer when it makes a Markdown or a Traceback. Does
    nothing when typer.rich_utils is already imported."""
    if "typer.rich_utils" in sys.modules:
        return
    placed = []
    for name, (attribute, stand_in) in _DEFERRED.items():
        if name not in sys.modules:
            module = types.ModuleType(name, "a stand-in while typer.rich_utils is imported (engine/cli/app.py)")
            setattr(module, attribute, stand_in)
            sys.modules[name] = module
            placed.append(name)
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for name in placed:
            del sys.modules[name]


import_typer_help()  # before typer needs it: any help, and any usage error, is formatted by typer.rich_utils

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
    else the terminal's, else (a file or a pipe) DEFAULT_WIDTH (100)."""
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
    does not exist is never created by a command other than `comply init`. `kept` holds what a command
    reads once and keeps for the rest of its run (one Settings per run of a command): the validated
    direction files (engine/cli/shared.py, `directions_of`); it is not part of the settings' value."""

    store_path: Path
    directions_dir: Path
    store_named: bool = True
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT  # seconds to wait for another process's lock on the store
    kept: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


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


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    """`--format`'s value, or InputError naming the option, what it accepts and what was given."""
    if value not in allowed:
        raise InputError(f"--format: expected {' or '.join(repr(a) for a in allowed)}, got {value!r}")
    return value


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
