"""The sync's settings: the `[moderngov]` table of the configuration file and the COMPLY_MODERNGOV_* variables.

Read as the nightly run's email settings are (engine/outputs/digest.py), by engine/core/settings.py: one TOML
file with one table per concern, a variable overriding the file. Documented in docs/moderngov.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.errors import InputError
from engine.core.settings import read_settings

__all__ = ["SyncConfig", "load_sync_config", "ENV"]

#: setting -> environment variable
ENV = {
    "site": "COMPLY_MODERNGOV_SITE",
    "mapping": "COMPLY_MODERNGOV_MAPPING",
    "days_back": "COMPLY_MODERNGOV_DAYS_BACK",
    "days_ahead": "COMPLY_MODERNGOV_DAYS_AHEAD",
    "timeout": "COMPLY_MODERNGOV_TIMEOUT",
    "retries": "COMPLY_MODERNGOV_RETRIES",
}
#: the window a sync reads when no --from/--to is given: this many days before today and after it
DAYS_BACK = 365
DAYS_AHEAD = 90


@dataclass(frozen=True)
class SyncConfig:
    """The sync's settings: the site (None: the mapping's `site:`), the mapping file, the window in days around
    today, the timeout of each call in seconds and the retries."""

    site: str | None
    mapping: Path | None
    days_back: int = DAYS_BACK
    days_ahead: int = DAYS_AHEAD
    timeout: float = 20.0
    retries: int = 2


def _number(value: Any, where: str, kind: type, low: float, high: float) -> Any:
    try:
        n = kind(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: expected a number from {low:g} to {high:g}, got {value!r}") from None
    if not low <= n <= high:
        raise InputError(f"{where}: expected a number from {low:g} to {high:g}, got {value!r}")
    return n


def load_sync_config(path: Path | None, env: Mapping[str, str] = os.environ) -> SyncConfig:
    """The settings from the `[moderngov]` table of `path` (if given and it has one) and the variables (which
    win). Raises InputError naming the file or variable and the setting for a bad value."""
    settings = read_settings(path, "moderngov", ENV, env)
    values, where = settings.values, settings.where
    return SyncConfig(
        site=str(values["site"]) if values.get("site") else None,
        mapping=Path(values["mapping"]) if values.get("mapping") else None,
        days_back=_number(values.get("days_back", DAYS_BACK), where.get("days_back", "days_back"), int, 0, 36600),
        days_ahead=_number(values.get("days_ahead", DAYS_AHEAD), where.get("days_ahead", "days_ahead"), int, 0, 3660),
        timeout=_number(values.get("timeout", 20.0), where.get("timeout", "timeout"), float, 0.1, 600),
        retries=_number(values.get("retries", 2), where.get("retries", "retries"), int, 0, 10),
    )
