"""Structured logs of the nightly run: one JSON object per line, so that what an unattended run
did can be read by a person or searched by a machine (jq, a log shipper) in the morning.

Why stdlib logging with a small formatter: the format is four fields and the event's own; no
library is needed to write that, and logging's FileHandler appends safely.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.core import clock


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC), level, event, and the event's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": clock.now().isoformat(timespec="milliseconds"),  # the one clock (UTC), as the line is written
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        return json.dumps(entry, ensure_ascii=False, default=str)


@contextmanager
def json_log(log_file: Path) -> Iterator[logging.Logger]:
    """A logger writing JSON lines to `log_file` (appended) for the length of one run.

    When the file cannot be opened (no permission, a folder in its place), the lines go to stderr
    instead, the first saying why: a log that cannot be written must not stop the run itself."""
    logger = logging.Logger("comply.nightly", logging.INFO)  # not registered: nothing kept after the run
    problem: str | None = None
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError as exc:
        handler, problem = logging.StreamHandler(), f"{type(exc).__name__}: {exc}"
    handler.setFormatter(JsonLines())
    logger.addHandler(handler)
    if problem:
        event(
            logger,
            "log file cannot be written: logging to stderr",
            logging.WARNING,
            log_file=str(log_file),
            error=problem,
        )
    try:
        yield logger
    finally:
        handler.close()
        logger.removeHandler(handler)


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event: its name and its fields, as one JSON line."""
    logger.log(level, name, extra={"fields": fields})
