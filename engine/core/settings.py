"""The configuration file's tables and the variables that override them, read one way for every concern.

Why one module: the nightly run is configured once, in one TOML file with one table per concern (`[smtp]` for
the digest's email, `[moderngov]` for the committee-system sync), and an environment variable overrides the
file's value (a secret or a per-host value need not be in the file). Each concern checks its own values; how the
file is read, which setting came from where, and the errors for a missing, unreadable or non-TOML file or an
unknown setting are the same for all, and are here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.errors import InputError

__all__ = ["Settings", "read_settings"]


@dataclass(frozen=True)
class Settings:
    """One table's settings: `values` {setting: value} (from the file, then the variables, which win), `where`
    {setting: where it came from, e.g. "nightly.toml: [smtp] host" or "COMPLY_SMTP_HOST"} for error messages, and
    `tables`, the names of every table the file has (empty without a file)."""

    values: dict[str, Any]
    where: dict[str, str]
    tables: frozenset[str]

    def has_table(self, name: str) -> bool:
        """Whether the configuration file has the table `name`."""
        return name in self.tables


def read_settings(path: Path | None, table: str, variables: Mapping[str, str], env: Mapping[str, str]) -> Settings:
    """The settings of `[table]` in the TOML file `path` (None: no file) with the environment variables
    `variables` ({setting: variable name}) read from `env` overriding them.

    Raises InputError naming the file for a file that does not exist, cannot be read as UTF-8 or is not TOML,
    and naming the table and setting for a `[table]` that is not a table or holds a setting not in
    `variables`."""
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    tables: frozenset[str] = frozenset()
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"--config: {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"--config: {path} cannot be read ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{path}: not valid TOML ({exc})") from None
        tables = frozenset(k for k, v in data.items() if isinstance(v, dict))
        section = data.get(table, {})
        if not isinstance(section, dict):
            raise InputError(f"{path}: [{table}] must be a table of {', '.join(variables)}")
        unknown = sorted(set(section) - set(variables))
        if unknown:
            raise InputError(
                f"{path}: [{table}] {unknown[0]}: unknown setting (expected one of {', '.join(variables)})"
            )
        for k, v in section.items():
            values[k], where[k] = v, f"{path}: [{table}] {k}"
    for k, var in variables.items():
        if env.get(var):
            values[k], where[k] = env[var], var
    return Settings(values, where, tables)
