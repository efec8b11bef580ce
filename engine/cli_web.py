"""The Monitoring Officer's desk: `comply serve` and user management (issue 4)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `comply` application."""
