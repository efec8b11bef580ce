"""The unattended nightly run: `comply nightly`, `comply history`, `comply diff` (issue 5)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `comply` application."""
