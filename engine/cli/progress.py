"""Progress on stderr for the commands that take more than two seconds: `docs`, `bench`, `nightly`,
`import` and `import-plan` (issue 17: `comply docs` was silent for 38 seconds).

Why a module of its own: one rule for every command. Progress is drawn with rich's progress bars on
stderr, never on stdout (which stays the result a script reads: a path, JSON, a table), and only when
stderr is a terminal, so that a nightly log, a cron email or a pipe never holds a spinner's frames.
$COMPLY_PROGRESS says otherwise: `always` (or `1`) draws it even when stderr is not a terminal (for
a test, or a log that wants it), `never` (or `0`) never draws it. The bar is transient: it is gone
when the step ends, leaving stderr as it would be without it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

from engine.core.errors import InputError

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
    console = Console(stderr=True, force_terminal=True)
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), TaskProgressColumn()]
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def step(description: str | None = None, advance: float = 0) -> None:
            bar.update(task, description=description, advance=advance)

        yield step
